//! "Did you mean" on real misspellings (issue 12): the Birkbeck corpus
//! (`../shared/spelling/missp.dat`, `$right` then its misspellings, one a line), scored on
//! the words of the shared corpora.
//!
//! Counted pairs: the right word (lowercased) is a single word found in at least
//! [`MIN_STORIES`] stories of `../shared/corpora`, and the misspelling a single word found in
//! none. The lexicon is every surface word of those stories with its story count, as the
//! index's `words` field holds them, in an in-memory FST; suggestions come from the same
//! [`suggest::corrections`] `newsdex query` uses. Prints the share whose first suggestion is
//! right and whose suggestions hold the right word anywhere, and fails below the floors.
//! Other misspelling lists (Norvig's, Wikipedia's, Aspell's, Holbrook's) are kept aside.

mod util;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use newsdex::corpus::{self, Entry};
use newsdex::search::suggest;

/// A right word must be in this many stories.
const MIN_STORIES: u64 = 3;
/// Every this-many-th counted pair is scored.
const SAMPLE: usize = 10;
/// Floors: share of pairs whose first suggestion is right, and with it anywhere (reached:
/// 38.9% and 45.5% of the sampled pairs).
const FLOOR_FIRST: f64 = 0.36;
const FLOOR_ANYWHERE: f64 = 0.44;

#[test]
fn birkbeck_misspellings_get_the_right_word() {
    let Some(corpora) = util::shared_corpora() else {
        return;
    };
    let Some(missp) = util::shared("spelling/missp.dat") else {
        return;
    };
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut stories = 0;
    for name in ["reuters", "bbc", "wire2017", "seed"] {
        let folder = corpora.join(name);
        if !folder.is_dir() {
            continue;
        }
        for entry in corpus::scan(&folder).unwrap() {
            if let Entry::Story(source) = entry {
                stories += 1;
                let words: HashSet<String> = suggest::surface_words(&source.text).collect();
                for word in words {
                    *counts.entry(word).or_default() += 1;
                }
            }
        }
    }
    let lexicon =
        tantivy_fst::Map::from_iter(counts.iter().map(|(w, n)| (w.as_bytes(), *n))).unwrap();

    let text = std::fs::read_to_string(&missp).unwrap();
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
    let mut right = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(word) = line.strip_prefix('$') {
            right = single_word(word);
            continue;
        }
        let (Some(right), Some(wrong)) = (right.as_ref(), single_word(line)) else {
            continue;
        };
        let count = |w: &str| counts.get(w).copied().unwrap_or(0);
        if *right != wrong && count(right) >= MIN_STORIES && count(&wrong) == 0 {
            pairs.insert((right.clone(), wrong));
        }
    }

    // Every SAMPLE-th pair (in sorted order), so the check stays quick in a debug build.
    let pairs: Vec<&(String, String)> = pairs.iter().step_by(SAMPLE).collect();
    let (mut first, mut anywhere) = (0usize, 0usize);
    let mut misses = Vec::new();
    for (right, wrong) in pairs.iter().copied() {
        let suggestions = suggest::corrections(&lexicon, wrong);
        if suggestions.first() == Some(right) {
            first += 1;
        } else if misses.len() < 20 {
            misses.push(format!("{wrong} -> {suggestions:?} (meant {right})"));
        }
        if suggestions.contains(right) {
            anywhere += 1;
        }
    }
    let share = |n: usize| n as f64 / pairs.len().max(1) as f64;
    println!(
        "\nBirkbeck misspellings of words in >= {MIN_STORIES} of {stories} shared stories \
         ({} surface words): {} pairs scored (every {SAMPLE}th)",
        counts.len(),
        pairs.len()
    );
    println!("first suggestion right   {:>6.1}%", 100.0 * share(first));
    println!("right word anywhere      {:>6.1}%", 100.0 * share(anywhere));
    println!("\nsome misses:");
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(pairs.len() > 1000, "only {} pairs", pairs.len());
    // The misspellings the issue names.
    for (wrong, right) in [
        ("crued", "crude"),
        ("begining", "beginning"),
        ("independant", "independent"),
        ("basicaly", "basically"),
        ("monitering", "monitoring"),
    ] {
        assert_eq!(
            suggest::corrections(&lexicon, wrong)
                .first()
                .map(String::as_str),
            Some(right),
            "{wrong}"
        );
    }
    assert!(
        share(first) >= FLOOR_FIRST && share(anywhere) >= FLOOR_ANYWHERE,
        "first suggestion right {:.3} (floor {FLOOR_FIRST}), anywhere {:.3} (floor {FLOOR_ANYWHERE})",
        share(first),
        share(anywhere)
    );
}

/// The word as the lexicon holds it, when it is one word.
fn single_word(text: &str) -> Option<String> {
    let mut words = suggest::surface_words(text);
    let word = words.next()?;
    words.next().is_none().then_some(word)
}
