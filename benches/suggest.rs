//! "Did you mean" latency as an index grows (issue 12): `cargo bench --bench suggest`.
//!
//! Builds the lexicon the index's `words` field holds (every surface word of the shared
//! corpora with its story count, as `tests/spelling.rs` does) as an in-memory FST, the
//! same kind of term dictionary `newsdex query` searches, and times
//! [`suggest::corrections`] (`PER_LETTER=1.1`: with a wider bound; `WALK_RULES=x`, `WALK_DROPS=y`: walking with the learned rules costing at most x, y for those leaving letters out; `SOUND_FIRST=n`: see `SpellParams::sound_first`; `ANCHOR=n`: see `SpellParams::anchor`; `WIDE_MARGIN=x`) for 300 Birkbeck misspellings that no story has (every
//! 30th qualifying one of `../shared/spelling/missp.dat`) on three lexicons:
//!
//! - the shared corpora as they are (about 14k stories);
//! - 36 copies of them (about 500k stories): story counts ×36, the same words, which is
//!   what `benches/scale.rs --replicate` indexes;
//! - 500k stories with the vocabulary they would bring: more words as Heaps' law predicts,
//!   its exponent measured on the corpora themselves (words in all stories against every
//!   other story), the missing words made up by a letter-trigram chain trained on the corpora's
//!   rare words (names and rare words are what a bigger archive adds), each in one story.
//!
//! A real index searches one such dictionary per segment and adds the counts. Prints one
//! Markdown table (p50, p95, max and mean in milliseconds over 3 passes); asserts nothing.
//! Skips, saying why, when the shared corpora are absent.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use newsdex::corpus::{self, Entry};
use newsdex::search::channel;
use newsdex::search::suggest::{self, SpellParams};

/// Stories in the large index.
const LARGE: u64 = 500_000;
/// Misspellings timed, and passes over them.
const WORDS: usize = 300;
const PASSES: usize = 3;

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let corpora = shared.join("corpora");
    let missp = shared.join("spelling/missp.dat");
    if !corpora.is_dir() || !missp.is_file() {
        println!(
            "skipping the suggestion benchmark: ../shared/corpora or spelling/missp.dat is absent"
        );
        return;
    }
    let started = Instant::now();
    let mut stories: Vec<HashSet<String>> = Vec::new();
    for name in ["reuters", "bbc", "wire2017", "seed"] {
        let folder = corpora.join(name);
        if !folder.is_dir() {
            continue;
        }
        for entry in corpus::scan(&folder).expect("a readable corpus") {
            if let Entry::Story(source) = entry {
                stories.push(suggest::surface_words(&source.text).collect());
            }
        }
    }
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut half: HashSet<&str> = HashSet::new();
    for (i, words) in stories.iter().enumerate() {
        for word in words {
            *counts.entry(word.clone()).or_default() += 1;
            if i % 2 == 0 {
                half.insert(word);
            }
        }
    }
    let half = half.len();
    let n = stories.len() as u64;
    eprintln!(
        "read {n} stories ({} words) in {:.1?}",
        counts.len(),
        started.elapsed()
    );

    // Heaps' law V = K n^beta, beta from the vocabulary of every other story and of all.
    let beta = (counts.len() as f64 / half as f64).ln() / 2f64.ln();
    let grown = (counts.len() as f64 * (LARGE as f64 / n as f64).powf(beta)) as usize;
    let copies = LARGE.div_ceil(n);

    let misspellings = misspellings(&missp, &counts);

    let small = lexicon(counts.iter().map(|(w, c)| (w.clone(), *c)));
    let replicated = lexicon(counts.iter().map(|(w, c)| (w.clone(), c * copies)));
    let mut bigger: BTreeMap<String, u64> = counts
        .iter()
        .map(|(w, c)| (w.clone(), c * copies))
        .collect();
    let mut chain = Chain::train(counts.iter().filter(|(_, c)| **c <= 2).map(|(w, _)| w));
    while bigger.len() < grown {
        let word = chain.word();
        bigger.entry(word).or_insert(1);
    }
    let bigger = lexicon(bigger.into_iter());

    // `PER_LETTER=1.1` times a wider bound than the shipped one; `WALK_RULES=1.2` walks
    // with the learned rules costing at most 1.2.
    let mut params = SpellParams::default();
    override_from_env("PER_LETTER", &mut params.per_letter);
    override_from_env("WALK_RULES", &mut params.walk_rules);
    override_from_env("WALK_DROPS", &mut params.walk_drops);
    override_from_env("SOUND_FIRST", &mut params.sound_first);
    override_from_env("WIDE_MARGIN", &mut params.wide_margin);
    override_from_env("ANCHOR", &mut params.anchor);
    println!("\n\"Did you mean\" latency, {} misspellings × {PASSES} passes (`suggest::corrections` on an in-memory FST)\n", misspellings.len());
    println!("| lexicon | stories | words | p50 ms | p95 ms | max ms | mean ms | mean CPU ms | with a suggestion |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (name, stories, lexicon) in [
        ("shared corpora", n, &small),
        ("shared corpora ×{copies}", n * copies, &replicated),
        (
            "×{copies}, vocabulary grown (Heaps β {beta})",
            n * copies,
            &bigger,
        ),
    ] {
        let name = name
            .replace("{copies}", &copies.to_string())
            .replace("{beta}", &format!("{beta:.2}"));
        let mut times: Vec<Duration> = Vec::new();
        let mut found = 0;
        let cpu_before = cpu_seconds();
        for pass in 0..PASSES {
            for word in &misspellings {
                let start = Instant::now();
                let suggestions =
                    suggest::corrections_with(lexicon, word, channel::shipped(), &params);
                times.push(start.elapsed());
                if pass == 0 && !suggestions.is_empty() {
                    found += 1;
                }
            }
        }
        let cpu = (cpu_seconds() - cpu_before) * 1000.0 / times.len() as f64;
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let at = |q: f64| ms(times[((times.len() - 1) as f64 * q) as usize]);
        let mean = ms(times.iter().sum::<Duration>()) / times.len() as f64;
        println!(
            "| {name} | {stories} | {} | {:.2} | {:.2} | {:.2} | {mean:.2} | {cpu:.2} | {:.0}% |",
            lexicon.len(),
            at(0.5),
            at(0.95),
            at(1.0),
            100.0 * found as f64 / misspellings.len() as f64
        );
    }
}

/// This thread's CPU time (user + system) in seconds, from `/proc` (0 where absent):
/// on a shared machine wall time also counts waiting for a core.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which ends with `)`): utime is the 12th, stime the 13th.
    let Some(rest) = stat.rsplit_once(')').map(|(_, rest)| rest) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|v| v.parse::<f64>().ok()).sum()
    });
    ticks / 100.0
}

/// Every 30th single-word Birkbeck misspelling that no story has, up to [`WORDS`].
fn misspellings(missp: &Path, counts: &BTreeMap<String, u64>) -> Vec<String> {
    let text = std::fs::read_to_string(missp).expect("a readable missp.dat");
    let mut out: Vec<String> = text
        .lines()
        .filter(|line| !line.starts_with('$'))
        .filter_map(|line| {
            let mut words = suggest::surface_words(line);
            let word = words.next()?;
            (words.next().is_none() && !counts.contains_key(&word)).then_some(word)
        })
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .step_by(30)
        .collect();
    out.truncate(WORDS);
    out
}

fn lexicon(words: impl Iterator<Item = (String, u64)>) -> tantivy_fst::Map<Vec<u8>> {
    let mut words: Vec<(String, u64)> = words.collect();
    words.sort();
    tantivy_fst::Map::from_iter(words.iter().map(|(w, c)| (w.as_bytes(), *c)))
        .expect("sorted words")
}

/// A letter-trigram chain over words (`^^word$`), sampled with a fixed-seed xorshift.
struct Chain {
    next: std::collections::HashMap<[u8; 2], Vec<u8>>,
    state: u64,
}

impl Chain {
    fn train<'a>(words: impl Iterator<Item = &'a String>) -> Chain {
        let mut next: std::collections::HashMap<[u8; 2], Vec<u8>> = Default::default();
        for word in words {
            if !word.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            let mut context = [b'^', b'^'];
            for b in word.bytes().chain([b'$']) {
                next.entry(context).or_default().push(b);
                context = [context[1], b];
            }
        }
        Chain {
            next,
            state: 0x9E37_79B9_7F4A_7C15,
        }
    }

    fn random(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    fn word(&mut self) -> String {
        let mut word = Vec::new();
        let mut context = [b'^', b'^'];
        while word.len() < 20 {
            let pick = self.random();
            let choices = &self.next[&context];
            let b = choices[(pick % choices.len() as u64) as usize];
            if b == b'$' {
                break;
            }
            word.push(b);
            context = [context[1], b];
        }
        String::from_utf8(word).expect("ASCII letters")
    }
}

/// Sets `value` from the environment variable `name` when it is set and parses, and says so.
fn override_from_env<T: std::str::FromStr + std::fmt::Display>(name: &str, value: &mut T) {
    if let Some(v) = std::env::var(name).ok().and_then(|v| v.parse().ok()) {
        *value = v;
        println!("\n{} {value}", name.to_lowercase());
    }
}
