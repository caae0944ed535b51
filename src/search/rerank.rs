//! Stage 4, "did you mean": re-ranking the few words the dictionary walk found for a typed
//! word, with features too dear to compute inside the walk.
//!
//! Each candidate gets [`FEATURES`] numbers ([`features`]): its noisy-channel cost and how
//! many stories have it (as the walk's ranking uses them), and letter-level likenesses the
//! walk does not see: how far its sound skeleton is from the typed word's, how much longer
//! or shorter it is, shared first and last letters, letter-pair overlap, plain
//! Damerau-Levenshtein edits, and where its cost and story count stand in the list. Its
//! score is a weighted sum of them plus a weighted sum of 8 `tanh` hidden units of them
//! ([`Reranker::score`]); the likeliest word scores highest. The weights are a conditional
//! logit ([`fit_hidden`]: the softmax of the scores over one typed word's candidates is the
//! chance each is the word meant), fitted by
//! `cargo test --release --test spelling -- --ignored --nocapture learn_reranker` on the
//! Birkbeck pairs that test does not hold out, and shipped as `src/search/rerank.tsv`
//! ([`SHIPPED`]).
//! The weights are per feature: no word is listed anywhere. Knows nothing of the index, the
//! automaton or rendering.

use std::sync::OnceLock;

/// How many features a candidate has.
pub const FEATURES: usize = 17;

/// The features' names, in [`features`] order (the names `rerank.tsv` uses).
pub const NAMES: [&str; FEATURES] = [
    "cost",
    "log_stories",
    "same_sounds",
    "sound_edits",
    "longer",
    "shorter",
    "same_last",
    "edits",
    "pair_overlap",
    "prefix",
    "suffix",
    "length",
    "cost_per_letter",
    "edits_per_letter",
    "log_stories_squared",
    "log_stories_below_top",
    "cost_above_least",
];

/// The most hidden units a re-ranker may have.
pub const MAX_HIDDEN: usize = 64;

/// The weights newsdex ships: `name<TAB>weight` lines, `#` comments.
pub const SHIPPED: &str = include_str!("rerank.tsv");

/// One feature vector.
pub type Features = [f32; FEATURES];

/// Scores candidates from their [`features`]: a weighted sum, plus (when fitted with
/// hidden units, [`fit_hidden`]) a weighted sum of a few `tanh` units of the features,
/// which lets one feature's weight depend on the others (a cheap edit counts for more in a
/// short word, a common word for less when it is far).
#[derive(Debug, Clone, PartialEq)]
pub struct Reranker {
    /// One weight per feature, in [`NAMES`] order.
    pub weights: Features,
    /// The hidden units (none for a plain weighted sum).
    pub hidden: Vec<Unit>,
}

/// One hidden unit: it adds `out × tanh(weights · features + bias)` to a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// One weight per feature, in [`NAMES`] order.
    pub weights: Features,
    /// Added before the `tanh`.
    pub bias: f32,
    /// The unit's weight in the score.
    pub out: f32,
}

/// The shipped re-ranker, parsed once.
pub fn shipped() -> &'static Reranker {
    static RERANKER: OnceLock<Reranker> = OnceLock::new();
    RERANKER.get_or_init(|| Reranker::parse(SHIPPED))
}

impl Reranker {
    /// Reads `name<TAB>weight` lines; comments, blank lines, unknown names and malformed
    /// weights are skipped (their weight stays 0).
    /// A hidden unit's lines are `h<unit>.<feature>`, `h<unit>.bias` and `h<unit>.out`
    /// (units numbered from 0, at most [`MAX_HIDDEN`]).
    pub fn parse(text: &str) -> Reranker {
        let mut weights = [0.0; FEATURES];
        let mut hidden: Vec<Unit> = Vec::new();
        for line in text.lines().filter(|line| !line.starts_with('#')) {
            let Some((name, weight)) = line.split_once('\t') else {
                continue;
            };
            let Ok(weight) = weight.trim().parse::<f32>() else {
                continue;
            };
            if !weight.is_finite() {
                continue;
            }
            let name = name.trim();
            if let Some((unit, name)) = name
                .strip_prefix('h')
                .and_then(|rest| rest.split_once('.'))
                .and_then(|(unit, name)| Some((unit.parse::<usize>().ok()?, name)))
            {
                if unit >= MAX_HIDDEN {
                    continue;
                }
                while hidden.len() <= unit {
                    hidden.push(Unit {
                        weights: [0.0; FEATURES],
                        bias: 0.0,
                        out: 0.0,
                    });
                }
                let unit = &mut hidden[unit];
                match name {
                    "bias" => unit.bias = weight,
                    "out" => unit.out = weight,
                    _ => {
                        if let Some(k) = NAMES.iter().position(|n| *n == name) {
                            unit.weights[k] = weight;
                        }
                    }
                }
            } else if let Some(k) = NAMES.iter().position(|n| *n == name) {
                weights[k] = weight;
            }
        }
        Reranker { weights, hidden }
    }

    /// The weights as [`Reranker::parse`] reads them, after a header.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = super::channel::comment_lines(header);
        for (name, weight) in NAMES.iter().zip(self.weights) {
            out.push_str(&format!("{name}\t{weight:.4}\n"));
        }
        for (h, unit) in self.hidden.iter().enumerate() {
            for (name, weight) in NAMES.iter().zip(unit.weights) {
                out.push_str(&format!("h{h}.{name}\t{weight:.6}\n"));
            }
            out.push_str(&format!("h{h}.bias\t{:.6}\n", unit.bias));
            out.push_str(&format!("h{h}.out\t{:.6}\n", unit.out));
        }
        out
    }

    /// A candidate's score: higher is likelier. Scores differ by the log of how much
    /// likelier one candidate is than another.
    pub fn score(&self, features: &Features) -> f32 {
        let dot = |w: &Features| -> f32 { w.iter().zip(features).map(|(w, x)| w * x).sum() };
        dot(&self.weights)
            + self
                .hidden
                .iter()
                .map(|u| u.out * (dot(&u.weights) + u.bias).tanh())
                .sum::<f32>()
    }
}

/// What [`features`] needs to know of a candidate.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    /// The word.
    pub word: &'a [u8],
    /// Stories that have it (at least 1).
    pub stories: u64,
    /// The noisy channel's cost of writing it as the typed word.
    pub cost: f32,
}

/// The features of every candidate for `typed`, in order. Some depend on the whole list
/// (a candidate's cost above the cheapest, its story count below the commonest).
pub fn features(typed: &[u8], found: &[Found<'_>]) -> Vec<Features> {
    let n = typed.len().max(1) as f32;
    let sounds = super::suggest::sound_skeleton(typed);
    let least = found
        .iter()
        .map(|f| f.cost.min(15.0))
        .fold(f32::MAX, f32::min);
    let top = found
        .iter()
        .map(|f| (f.stories.max(1) as f32).log10())
        .fold(0.0, f32::max);
    found
        .iter()
        .map(|f| {
            let word = f.word;
            let cost = f.cost.min(15.0);
            let log_stories = (f.stories.max(1) as f32).log10();
            let skeleton = super::suggest::sound_skeleton(word);
            let edits = edit_distance(typed, word) as f32;
            let (prefix, suffix) = super::channel::shared_ends(typed, word);
            [
                cost,
                log_stories,
                f32::from(u8::from(skeleton == sounds)),
                edit_distance(&sounds, &skeleton).min(4) as f32,
                word.len().saturating_sub(typed.len()) as f32,
                typed.len().saturating_sub(word.len()) as f32,
                f32::from(u8::from(
                    typed.last().is_some() && typed.last() == word.last(),
                )),
                edits.min(6.0),
                pair_overlap(typed, word),
                prefix.min(6) as f32 / n,
                suffix.min(6) as f32 / n,
                word.len() as f32,
                cost / n,
                edits / n,
                log_stories * log_stories,
                log_stories - top,
                cost - least,
            ]
        })
        .collect()
}

/// Letters added, dropped, changed or two neighbours swapped (restricted
/// Damerau-Levenshtein).
pub fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let m = b.len();
    let mut before = vec![0usize; m + 1];
    let mut last: Vec<usize> = (0..=m).collect();
    let mut row = vec![0usize; m + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=m {
            let change = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (last[j - 1] + change).min(last[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            row[j] = best;
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[m]
}

/// How many letter pairs two words share (each word with a start and an end mark, counted
/// with repeats), as a share of all their pairs (Dice): 1 for the same word.
pub fn pair_overlap(a: &[u8], b: &[u8]) -> f32 {
    let pairs = |w: &[u8]| -> Vec<(u8, u8)> {
        let marked: Vec<u8> = std::iter::once(b'^')
            .chain(w.iter().copied())
            .chain(std::iter::once(b'$'))
            .collect();
        let mut out: Vec<(u8, u8)> = marked.windows(2).map(|p| (p[0], p[1])).collect();
        out.sort_unstable();
        out
    };
    let (x, y) = (pairs(a), pairs(b));
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f32 / (x.len() + y.len()) as f32
}

/// One typed word's candidates for fitting: their features and which is the word meant.
pub struct Example {
    /// The candidates' features.
    pub features: Vec<Features>,
    /// Which candidate is right.
    pub right: usize,
}

/// The examples with every feature standardised (mean 0, spread 1 over all candidates), so
/// that one learning rate suits features of any scale.
struct Standardised {
    mean: [f64; FEATURES],
    spread: [f64; FEATURES],
    /// Each example's candidates, standardised, and which is right (examples whose right
    /// candidate is missing are left out).
    examples: Vec<(Vec<[f64; FEATURES]>, usize)>,
}

impl Standardised {
    fn new(examples: &[Example]) -> Self {
        let rows: Vec<&Features> = examples.iter().flat_map(|e| &e.features).collect();
        let count = rows.len().max(1) as f64;
        let mut mean = [0f64; FEATURES];
        let mut spread = [0f64; FEATURES];
        for row in &rows {
            for k in 0..FEATURES {
                mean[k] += f64::from(row[k]) / count;
            }
        }
        for row in &rows {
            for k in 0..FEATURES {
                spread[k] += (f64::from(row[k]) - mean[k]).powi(2) / count;
            }
        }
        let spread = spread.map(f64::sqrt);
        let standard = |row: &Features| -> [f64; FEATURES] {
            std::array::from_fn(|k| {
                if spread[k] < 1e-6 {
                    0.0
                } else {
                    (f64::from(row[k]) - mean[k]) / spread[k]
                }
            })
        };
        let examples = examples
            .iter()
            .filter(|e| e.right < e.features.len())
            .map(|e| (e.features.iter().map(standard).collect(), e.right))
            .collect();
        Standardised {
            mean,
            spread,
            examples,
        }
    }

    /// Weights fitted on standardised features, for raw ones, and the constant they shift
    /// a score by: w · (x − mean) / spread = (w / spread) · x − Σ w mean / spread. A
    /// feature that never varies says nothing: it keeps weight 0.
    fn unscale(&self, w: &[f64]) -> (Features, f64) {
        let mut shift = 0.0;
        let weights = std::array::from_fn(|k| {
            if self.spread[k] < 1e-6 {
                0.0
            } else {
                shift += w[k] * self.mean[k] / self.spread[k];
                (w[k] / self.spread[k]) as f32
            }
        });
        (weights, shift)
    }
}

/// Adam's running moments for a set of parameters: both fits step the same way.
struct Adam {
    first: Vec<f64>,
    second: Vec<f64>,
    steps: i32,
}

impl Adam {
    fn new(size: usize) -> Self {
        Adam {
            first: vec![0.0; size],
            second: vec![0.0; size],
            steps: 0,
        }
    }

    /// One step down `gradient` summed over `n` examples, with an L2 penalty of `l2`.
    fn step(&mut self, params: &mut [f64], gradient: &[f64], n: f64, l2: f64, rate: f64) {
        self.steps += 1;
        for k in 0..params.len() {
            let g = gradient[k] / n + l2 * params[k];
            self.first[k] = 0.9 * self.first[k] + 0.1 * g;
            self.second[k] = 0.999 * self.second[k] + 0.001 * g * g;
            let (a, b) = (
                self.first[k] / (1.0 - 0.9f64.powi(self.steps)),
                self.second[k] / (1.0 - 0.999f64.powi(self.steps)),
            );
            params[k] -= rate * a / (b.sqrt() + 1e-8);
        }
    }
}

/// Fits the weights that make the right candidates likeliest: a conditional logit (the
/// mean log softmax probability of the right candidate), with a small L2 penalty, by
/// `rounds` full-batch Adam steps on standardised features. Deterministic.
pub fn fit(examples: &[Example], rounds: usize) -> Reranker {
    const L2: f64 = 1e-3;
    const RATE: f64 = 0.05;
    let standard = Standardised::new(examples);
    let examples = &standard.examples;
    let n = examples.len().max(1) as f64;
    let mut w = [0f64; FEATURES];
    let mut adam = Adam::new(FEATURES);
    for _ in 0..rounds {
        let mut gradient = [0f64; FEATURES];
        for (rows, right) in examples {
            let scores: Vec<f64> = rows
                .iter()
                .map(|r| r.iter().zip(&w).map(|(x, w)| x * w).sum())
                .collect();
            let top = scores.iter().copied().fold(f64::MIN, f64::max);
            let exp: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
            let total: f64 = exp.iter().sum();
            for (row, e) in rows.iter().zip(&exp) {
                for k in 0..FEATURES {
                    gradient[k] += e / total * row[k];
                }
            }
            for k in 0..FEATURES {
                gradient[k] -= rows[*right][k];
            }
        }
        adam.step(&mut w, &gradient, n, L2, RATE);
    }
    Reranker {
        weights: standard.unscale(&w).0,
        hidden: Vec::new(),
    }
}

/// Fits a re-ranker with `units` hidden units ([`Unit`]) as well as the weighted sum, for
/// the same objective as [`fit`] (the mean log softmax probability of the right
/// candidate, a small L2 penalty) by `epochs` passes of mini-batch Adam over standardised
/// features, the examples in a fixed shuffled order. Deterministic (a fixed seed).
pub fn fit_hidden(examples: &[Example], units: usize, epochs: usize) -> Reranker {
    const L2: f64 = 1e-4;
    const RATE: f64 = 0.005;
    const BATCH: usize = 32;
    let units = units.min(MAX_HIDDEN);
    let standard = Standardised::new(examples);
    let examples = &standard.examples;
    // Parameters, flat: the weighted sum, then per unit its weights, bias and out.
    let per_unit = FEATURES + 2;
    let size = FEATURES + units * per_unit;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    };
    let mut p = vec![0f64; size];
    for h in 0..units {
        let at = FEATURES + h * per_unit;
        for k in 0..FEATURES {
            p[at + k] = random() / (FEATURES as f64).sqrt();
        }
        p[at + FEATURES + 1] = 0.1 * random();
    }
    let mut adam = Adam::new(size);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut hidden = vec![0f64; units];
    let mut scores: Vec<f64> = Vec::new();
    let mut activations: Vec<f64> = Vec::new();
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            let j = ((random() + 1.0) / 2.0 * (i + 1) as f64) as usize;
            order.swap(i, j.min(i));
        }
        for batch in order.chunks(BATCH) {
            let mut gradient = vec![0f64; size];
            for &e in batch {
                let (rows, right) = &examples[e];
                scores.clear();
                activations.clear();
                for row in rows {
                    let mut score: f64 = row.iter().zip(&p[..FEATURES]).map(|(x, w)| x * w).sum();
                    for (h, a) in hidden.iter_mut().enumerate() {
                        let at = FEATURES + h * per_unit;
                        let z: f64 = row
                            .iter()
                            .zip(&p[at..at + FEATURES])
                            .map(|(x, w)| x * w)
                            .sum::<f64>()
                            + p[at + FEATURES];
                        *a = z.tanh();
                        score += p[at + FEATURES + 1] * *a;
                    }
                    scores.push(score);
                    activations.extend_from_slice(&hidden);
                }
                let top = scores.iter().copied().fold(f64::MIN, f64::max);
                let total: f64 = scores.iter().map(|s| (s - top).exp()).sum();
                for (c, row) in rows.iter().enumerate() {
                    let d = (scores[c] - top).exp() / total - f64::from(u8::from(c == *right));
                    if d.abs() < 1e-12 {
                        continue;
                    }
                    for k in 0..FEATURES {
                        gradient[k] += d * row[k];
                    }
                    for h in 0..units {
                        let at = FEATURES + h * per_unit;
                        let a = activations[c * units + h];
                        gradient[at + FEATURES + 1] += d * a;
                        let dz = d * p[at + FEATURES + 1] * (1.0 - a * a);
                        for k in 0..FEATURES {
                            gradient[at + k] += dz * row[k];
                        }
                        gradient[at + FEATURES] += dz;
                    }
                }
            }
            adam.step(&mut p, &gradient, batch.len() as f64, L2, RATE);
        }
    }
    let (weights, _) = standard.unscale(&p[..FEATURES]);
    let hidden = (0..units)
        .map(|h| {
            let at = FEATURES + h * per_unit;
            let (weights, shift) = standard.unscale(&p[at..at + FEATURES]);
            Unit {
                weights,
                bias: (p[at + FEATURES] - shift) as f32,
                out: p[at + FEATURES + 1] as f32,
            }
        })
        .collect();
    Reranker { weights, hidden }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance(b"crued", b"crude"), 1);
        assert_eq!(edit_distance(b"begining", b"beginning"), 1);
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
        assert_eq!(edit_distance(b"", b"abc"), 3);
        assert_eq!(edit_distance(b"abc", b"abc"), 0);
    }

    #[test]
    fn pair_overlap_is_dice_of_marked_letter_pairs() {
        assert_eq!(pair_overlap(b"crude", b"crude"), 1.0);
        // ^c cr ru ud de e$ against ^c cr ru ue ed d$: 3 of 6 + 6 shared.
        assert_eq!(pair_overlap(b"crude", b"crued"), 0.5);
        assert_eq!(pair_overlap(b"ab", b"xy"), 0.0);
    }

    #[test]
    fn features_see_sounds_length_and_the_list() {
        let found = [
            Found {
                word: b"certain",
                stories: 100,
                cost: 2.0,
            },
            Found {
                word: b"curtains",
                stories: 10,
                cost: 3.5,
            },
        ];
        let f = features(b"sertin", &found);
        let get = |i: usize, name: &str| f[i][NAMES.iter().position(|n| *n == name).unwrap()];
        assert_eq!(get(0, "same_sounds"), 1.0);
        assert_eq!(get(1, "same_sounds"), 0.0);
        assert_eq!(get(1, "sound_edits"), 1.0); // 2635 against 26352
        assert_eq!(get(0, "longer"), 1.0);
        assert_eq!(get(1, "longer"), 2.0);
        assert_eq!(get(0, "log_stories_below_top"), 0.0);
        assert_eq!(get(1, "log_stories_below_top"), -1.0);
        assert_eq!(get(1, "cost_above_least"), 1.5);
        assert_eq!(get(0, "edits"), 2.0);
    }

    #[test]
    fn hidden_units_add_to_the_weighted_sum_and_round_trip() {
        let mut weights = [0.0; FEATURES];
        weights[0] = -1.0;
        let mut unit_weights = [0.0; FEATURES];
        unit_weights[1] = 2.0;
        let reranker = Reranker {
            weights,
            hidden: vec![Unit {
                weights: unit_weights,
                bias: -1.0,
                out: 0.5,
            }],
        };
        let mut x = [0.0; FEATURES];
        x[0] = 3.0;
        x[1] = 0.5;
        // −1 × 3 + 0.5 × tanh(2 × 0.5 − 1) = −3.
        assert_eq!(reranker.score(&x), -3.0);
        x[1] = 1.0;
        assert!((reranker.score(&x) - (-3.0 + 0.5 * 1f32.tanh())).abs() < 1e-6);
        let parsed = Reranker::parse(&reranker.to_tsv("test"));
        assert_eq!(parsed, reranker);
        // Units past the most allowed are skipped.
        assert!(Reranker::parse("h64.cost\t1.0\n").hidden.is_empty());
    }

    #[test]
    fn hidden_units_learn_what_no_weighted_sum_can() {
        // The right candidate is the one whose two features agree (both 0 or both 1):
        // exclusive or, which no weighted sum of the two separates.
        let row = |a: f32, b: f32| {
            let mut r = [0.0; FEATURES];
            r[0] = a;
            r[1] = b;
            r
        };
        let examples: Vec<Example> = (0..200)
            .map(|i| {
                let (same, differ) = if i % 2 == 0 {
                    (row(0.0, 0.0), row(1.0, 0.0))
                } else {
                    (row(1.0, 1.0), row(0.0, 1.0))
                };
                if i % 3 == 0 {
                    Example {
                        features: vec![same, differ],
                        right: 0,
                    }
                } else {
                    Example {
                        features: vec![differ, same],
                        right: 1,
                    }
                }
            })
            .collect();
        let right_first = |reranker: &Reranker| {
            examples
                .iter()
                .filter(|e| {
                    let scores: Vec<f32> = e.features.iter().map(|f| reranker.score(f)).collect();
                    scores[e.right] > scores[1 - e.right]
                })
                .count()
        };
        assert!(right_first(&fit(&examples, 200)) < 150);
        assert_eq!(right_first(&fit_hidden(&examples, 4, 60)), 200);
    }

    #[test]
    fn fitting_learns_which_feature_marks_the_right_word() {
        // The right candidate is always the cheaper one; story counts say nothing.
        let example = |right_cost: f32, other_cost: f32, right_first: bool| {
            let mut right = [0.0; FEATURES];
            let mut other = [0.0; FEATURES];
            right[0] = right_cost;
            other[0] = other_cost;
            right[1] = 1.0;
            other[1] = 1.0;
            if right_first {
                Example {
                    features: vec![right, other],
                    right: 0,
                }
            } else {
                Example {
                    features: vec![other, right],
                    right: 1,
                }
            }
        };
        let examples: Vec<Example> = (0..20)
            .map(|i| example(i as f32 * 0.1, i as f32 * 0.1 + 1.0, i % 2 == 0))
            .collect();
        let fitted = fit(&examples, 200);
        assert!(fitted.weights[0] < -0.5, "{:?}", fitted.weights);
        assert_eq!(fitted.weights[1], 0.0);
        let text = fitted.to_tsv("test");
        let parsed = Reranker::parse(&text);
        for (a, b) in parsed.weights.iter().zip(fitted.weights) {
            assert!((a - b).abs() < 1e-4);
        }
    }
}
