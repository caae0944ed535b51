//! Stage 4, "did you mean": the noisy channel, how people write one spelling for another,
//! learned from real misspellings.
//!
//! [`learn`] aligns each (right word, misspelling) pair letter by letter and counts every
//! rewrite of up to [`MAX_SIDE`] letters as up to [`MAX_SIDE`] letters that the alignment
//! shows, with the letters around an edit as context (after Brill and Moore, "An improved
//! error model for noisy channel spelling correction", 2000): `ent` written `ant`, `ie`
//! written `ei`, `nn` written `n`, `c` written `s` before `e`. A rule's cost is −log10 of
//! the share of the right side's occurrences (in the right words of the pairs) that were
//! written as the wrong side, so a rewrite seen in one case out of ten costs 1.
//!
//! The table newsdex ships, [`SHIPPED`] (`src/search/channel.tsv`), is learned from the
//! Birkbeck misspellings except the pairs `tests/spelling.rs` scores, by
//! `cargo test --release --test spelling -- --ignored --nocapture learn_channel`.
//! Knows nothing of the index, the automaton or rendering.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The longest side of a rule, in letters (bytes of folded words).
pub const MAX_SIDE: usize = 3;

/// The rules newsdex ships: `right<TAB>typed<TAB>cost` lines, `#` comments.
pub const SHIPPED: &str = include_str!("channel.tsv");

/// One way of writing `right` as `typed`, and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The letters of the right word (never empty).
    pub right: Vec<u8>,
    /// What was typed for them (may be empty: the letters were left out).
    pub typed: Vec<u8>,
    /// −log10 of how often `right` is written `typed`.
    pub cost: f32,
}

#[cfg(test)]
impl Rule {
    /// A rule written out, for tests.
    pub(crate) fn written(right: &str, typed: &str, cost: f32) -> Rule {
        Rule {
            right: right.as_bytes().to_vec(),
            typed: typed.as_bytes().to_vec(),
            cost,
        }
    }
}

/// A set of rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Channel {
    /// Cheapest first.
    pub rules: Vec<Rule>,
    /// Rule indexes by typed side.
    by_typed: HashMap<Vec<u8>, Vec<usize>>,
}

/// The shipped channel, parsed once.
pub fn shipped() -> &'static Channel {
    static CHANNEL: OnceLock<Channel> = OnceLock::new();
    CHANNEL.get_or_init(|| Channel::parse(SHIPPED))
}

impl Channel {
    /// A channel of `rules`.
    pub fn new(rules: Vec<Rule>) -> Channel {
        let mut by_typed: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
        for (k, rule) in rules.iter().enumerate() {
            by_typed.entry(rule.typed.clone()).or_default().push(k);
        }
        Channel { rules, by_typed }
    }

    /// The rules whose typed side is `typed`.
    pub fn typed_as(&self, typed: &[u8]) -> &[usize] {
        self.by_typed.get(typed).map_or(&[], Vec::as_slice)
    }

    /// Reads `right<TAB>typed<TAB>cost` lines; blank lines, `#` comments and malformed
    /// lines are skipped.
    pub fn parse(text: &str) -> Channel {
        let rules = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let (right, typed, cost) = (fields.next()?, fields.next()?, fields.next()?);
                let cost: f32 = cost.trim().parse().ok()?;
                let valid = !right.is_empty()
                    && right.len() <= MAX_SIDE
                    && typed.len() <= MAX_SIDE
                    && cost.is_finite()
                    && cost >= 0.0;
                valid.then(|| Rule {
                    right: right.as_bytes().to_vec(),
                    typed: typed.as_bytes().to_vec(),
                    cost,
                })
            })
            .collect();
        Channel::new(rules)
    }

    /// The rules as [`Channel::parse`] reads them, after a header.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = comment_lines(header);
        for rule in &self.rules {
            out.push_str(&format!(
                "{}\t{}\t{:.2}\n",
                String::from_utf8_lossy(&rule.right),
                String::from_utf8_lossy(&rule.typed),
                rule.cost
            ));
        }
        out
    }
}

/// One step of an alignment: right letters and the typed letters written for them (equal
/// when copied).
type Step = (Vec<u8>, Vec<u8>);

/// The cheapest letter-by-letter alignment of `right` with `typed` (copy 0; substitute,
/// drop, add or swap neighbours 1), as steps in order.
pub fn align(right: &[u8], typed: &[u8]) -> Vec<Step> {
    let (n, m) = (right.len(), typed.len());
    let mut d = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let copy = u32::from(right[i - 1] != typed[j - 1]);
            let mut best = (d[i - 1][j - 1] + copy)
                .min(d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && right[i - 1] == typed[j - 2] && right[i - 2] == typed[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let copy = u32::from(right[i - 1] != typed[j - 1]);
            if d[i][j] == d[i - 1][j - 1] + copy {
                steps.push((vec![right[i - 1]], vec![typed[j - 1]]));
                (i, j) = (i - 1, j - 1);
                continue;
            }
            if i > 1
                && j > 1
                && right[i - 1] == typed[j - 2]
                && right[i - 2] == typed[j - 1]
                && d[i][j] == d[i - 2][j - 2] + 1
            {
                steps.push((right[i - 2..i].to_vec(), typed[j - 2..j].to_vec()));
                (i, j) = (i - 2, j - 2);
                continue;
            }
        }
        if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            steps.push((vec![right[i - 1]], Vec::new()));
            i -= 1;
        } else {
            steps.push((Vec::new(), vec![typed[j - 1]]));
            j -= 1;
        }
    }
    steps.reverse();
    steps
}

/// The rewrites one pair shows: every run of consecutive alignment steps holding at
/// least one edit, with both sides at most [`MAX_SIDE`] letters and a non-empty right
/// side.
pub fn rewrites(right: &[u8], typed: &[u8]) -> HashSet<(Vec<u8>, Vec<u8>)> {
    let steps = align(right, typed);
    let mut out = HashSet::new();
    for start in 0..steps.len() {
        let (mut r, mut t) = (Vec::new(), Vec::new());
        let mut edited = false;
        for step in &steps[start..] {
            r.extend_from_slice(&step.0);
            t.extend_from_slice(&step.1);
            edited |= step.0 != step.1;
            if r.len() > MAX_SIDE || t.len() > MAX_SIDE {
                break;
            }
            if edited && !r.is_empty() && r != t {
                out.insert((r.clone(), t.clone()));
            }
        }
    }
    out
}

/// Learns rules from (right, typed) pairs of folded words: rewrites seen in at least
/// `min_count` pairs, each costing −log10(pairs with the rewrite / (occurrences of its
/// right side in the pairs' right words + `smooth`)). `smooth` keeps a rewrite seen only
/// in a few words from looking certain.
pub fn learn<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    min_count: u32,
    smooth: f32,
) -> Channel {
    let mut seen: HashMap<(Vec<u8>, Vec<u8>), u32> = HashMap::new();
    let mut occurrences: HashMap<Vec<u8>, u32> = HashMap::new();
    for (right, typed) in pairs {
        let (right, typed) = (right.as_bytes(), typed.as_bytes());
        if right == typed {
            continue;
        }
        for len in 1..=MAX_SIDE.min(right.len()) {
            for window in right.windows(len) {
                *occurrences.entry(window.to_vec()).or_default() += 1;
            }
        }
        for rewrite in rewrites(right, typed) {
            *seen.entry(rewrite).or_default() += 1;
        }
    }
    let mut rules: Vec<Rule> = seen
        .into_iter()
        .filter(|(_, n)| *n >= min_count)
        .map(|((right, typed), n)| {
            let total = occurrences.get(&right).copied().unwrap_or(n).max(n);
            let cost = -(n as f32 / (total as f32 + smooth)).log10();
            Rule {
                right,
                typed,
                // `+ 0.0` turns −0 into 0.
                cost: (cost * 100.0).round() / 100.0 + 0.0,
            }
        })
        .collect();
    rules.sort_by(|a, b| {
        a.cost
            .total_cmp(&b.cost)
            .then_with(|| a.right.cmp(&b.right))
            .then_with(|| a.typed.cmp(&b.typed))
    });
    Channel::new(rules)
}

/// `header` as `# ` comment lines, the way the shipped `.tsv` tables begin.
pub fn comment_lines(header: &str) -> String {
    header.lines().map(|line| format!("# {line}\n")).collect()
}

/// How many letters two words share at the front and, counted on its own, at the back.
pub fn shared_ends(a: &[u8], b: &[u8]) -> (usize, usize) {
    let same = |(x, y): &(&u8, &u8)| x == y;
    let front = a.iter().zip(b).take_while(same).count();
    let back = a.iter().rev().zip(b.iter().rev()).take_while(same).count();
    (front, back)
}

/// Drops every rule whose context buys less than `margin`: a rule is kept only when each
/// rule it contains (the same rewrite with some of the shared letters around it removed,
/// `den`→`dan` contains `en`→`an` and `e`→`a`) costs more than it plus `margin`.
pub fn prune(channel: &Channel, margin: f32) -> Channel {
    let cost: HashMap<(&[u8], &[u8]), f32> = channel
        .rules
        .iter()
        .map(|r| ((r.right.as_slice(), r.typed.as_slice()), r.cost))
        .collect();
    let rules = channel
        .rules
        .iter()
        .filter(|rule| {
            let (right, typed) = (rule.right.as_slice(), rule.typed.as_slice());
            let (shared_front, shared_back) = shared_ends(right, typed);
            let mut inner = f32::INFINITY;
            for front in 0..=shared_front {
                for back in 0..=shared_back {
                    if front + back == 0
                        || front + back >= right.len()
                        || front + back > typed.len()
                    {
                        continue;
                    }
                    let sub = (
                        &right[front..right.len() - back],
                        &typed[front..typed.len() - back],
                    );
                    if let Some(&c) = cost.get(&sub) {
                        inner = inner.min(c);
                    }
                }
            }
            inner > rule.cost + margin
        })
        .cloned()
        .collect();
    Channel::new(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(right: &str, typed: &str) -> (Vec<u8>, Vec<u8>) {
        (right.as_bytes().to_vec(), typed.as_bytes().to_vec())
    }

    #[test]
    fn alignment_shows_each_edit() {
        let steps = align(b"beginning", b"begining");
        let edits: Vec<&Step> = steps.iter().filter(|(r, t)| r != t).collect();
        assert_eq!(edits, [&(b"n".to_vec(), Vec::new())]);
        let steps = align(b"crude", b"crued");
        assert!(steps.contains(&(b"de".to_vec(), b"ed".to_vec())));
    }

    #[test]
    fn rewrites_carry_their_context() {
        let found = rewrites(b"independent", b"independant");
        assert!(found.contains(&rule("e", "a")));
        assert!(found.contains(&rule("en", "an")));
        assert!(found.contains(&rule("ent", "ant")));
        assert!(found.contains(&rule("den", "dan")));
        assert!(!found.contains(&rule("n", "n")));
    }

    #[test]
    fn costs_are_how_rarely_a_spelling_is_written_so() {
        let pairs = [
            ("receive", "recieve"),
            ("believe", "beleive"),
            ("piece", "peice"),
        ];
        let channel = learn(pairs, 2, 0.0);
        let cost = |r: &str, t: &str| {
            channel
                .rules
                .iter()
                .find(|rule| rule.right == r.as_bytes() && rule.typed == t.as_bytes())
                .map(|rule| rule.cost)
        };
        // `ei` in 1 right word written `ie` once; `ie` in 2, written `ei` twice.
        assert_eq!(cost("ie", "ei"), Some(0.0));
        assert_eq!(cost("ei", "ie"), None); // seen once: under min_count
        let text = channel.to_tsv("test");
        assert_eq!(Channel::parse(&text), channel);
    }

    #[test]
    fn context_is_kept_only_where_it_matters() {
        let rule = Rule::written;
        let channel = Channel::new(vec![
            rule("e", "a", 1.5),
            rule("en", "an", 1.4),
            rule("ent", "ant", 0.8),
            rule("ie", "ei", 1.0),
        ]);
        let kept: Vec<(Vec<u8>, Vec<u8>)> = prune(&channel, 0.3)
            .rules
            .into_iter()
            .map(|r| (r.right, r.typed))
            .collect();
        assert_eq!(
            kept,
            [
                (b"e".to_vec(), b"a".to_vec()),
                (b"ent".to_vec(), b"ant".to_vec()),
                (b"ie".to_vec(), b"ei".to_vec())
            ]
        );
    }
}
