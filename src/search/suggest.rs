//! Stage 4, "did you mean": for a query word no story has, the words stories do contain
//! that it was most likely meant to be.
//!
//! Candidates are the surface words of stories (lowercased and folded, never stems) within
//! two edits, a swap of neighbours counting one, found by running a Levenshtein automaton
//! over the term dictionary of the `words` field (an FST), so a lookup never scans the
//! whole vocabulary. They are ranked by [`typo_cost`], a Damerau-Levenshtein distance whose
//! edits cost what real misspellings suggest (a doubled letter typed once or a letter typed
//! twice, a vowel for another vowel, two letters swapped are cheaper than other edits),
//! traded against how many stories have them ([`FREQUENCY_WEIGHT`]). [`correct_query`] puts the best ones back into the
//! query for one "did you mean" line. Knows nothing of rendering.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::query::{DfaWrapper, FuzzyTermQuery};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::query::PlainWord;
use crate::schema::Fields;

/// How much a tenfold commoner word may be further away: a candidate ranks by its
/// [`typo_cost`] minus this times the log10 of the stories that have it, so a common word
/// beats a rare one at nearly the same distance (`crued`: `crude` before `cried`).
pub const FREQUENCY_WEIGHT: f32 = 0.3;

/// How many words a suggestion offers at most.
pub const MAX_SUGGESTIONS: usize = 3;

/// A query word no story has, and the words stories have that it may have meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word as typed (lowercased).
    pub word: String,
    /// Likeliest words first; may be empty.
    pub did_you_mean: Vec<String>,
}

/// Words stories contain, with how many stories contain each.
pub trait Lexicon {
    /// How many stories contain `word`.
    fn count(&self, word: &str) -> u64;
    /// Every word the automaton accepts, with its story count.
    fn near(&self, automaton: &DfaWrapper) -> Vec<(String, u64)>;
}

/// The index's `words` field: every surface word of every story's headline and text.
pub struct IndexLexicon<'a> {
    searcher: &'a Searcher,
    field: Field,
}

impl<'a> IndexLexicon<'a> {
    /// The lexicon of an index that has a `words` field.
    pub fn new(searcher: &'a Searcher, field: Field) -> IndexLexicon<'a> {
        IndexLexicon { searcher, field }
    }
}

impl Lexicon for IndexLexicon<'_> {
    fn count(&self, word: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(self.field, word))
            .unwrap_or(0)
    }

    fn near(&self, automaton: &DfaWrapper) -> Vec<(String, u64)> {
        let mut counts: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    *counts.entry(word.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        counts.into_iter().collect()
    }
}

/// An in-memory lexicon (word -> story count), e.g. for measuring suggestions without an
/// index.
impl Lexicon for tantivy_fst::Map<Vec<u8>> {
    fn count(&self, word: &str) -> u64 {
        self.get(word).unwrap_or(0)
    }

    fn near(&self, automaton: &DfaWrapper) -> Vec<(String, u64)> {
        use tantivy_fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        let mut stream = self.search(automaton).into_stream();
        while let Some((word, count)) = stream.next() {
            if let Ok(word) = std::str::from_utf8(word) {
                out.push((word.to_string(), count));
            }
        }
        out
    }
}

/// The words `word` (lowercased, folded) was most likely meant to be, best first, at most
/// [`MAX_SUGGESTIONS`]: within one edit for words of up to four letters, two otherwise.
pub fn corrections(lexicon: &dyn Lexicon, word: &str) -> Vec<String> {
    let length = word.chars().count();
    if length < 2 {
        return Vec::new();
    }
    let distance = if length <= 4 { 1 } else { 2 };
    // The field is irrelevant: the automaton reads only the text.
    let term = Term::from_field_text(Field::from_field_id(0), word);
    let Ok(automaton) = FuzzyTermQuery::new(term, distance, true).automaton() else {
        return Vec::new();
    };
    let typed: Vec<char> = word.chars().collect();
    let mut ranked: Vec<(f32, f32, u64, String)> = lexicon
        .near(&automaton)
        .into_iter()
        .filter(|(candidate, count)| *count > 0 && candidate != word)
        .map(|(candidate, count)| {
            let right: Vec<char> = candidate.chars().collect();
            let cost = typo_cost(&typed, &right);
            let likely = cost - FREQUENCY_WEIGHT * (count as f32).log10();
            (likely, cost, count, candidate)
        })
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.2.cmp(&a.2)).then(a.3.cmp(&b.3)));
    // Only words about as close as the closest: `oppec` gets `opec`, not also `copper`.
    let best = ranked.iter().map(|r| r.1).fold(f32::MAX, f32::min);
    ranked
        .into_iter()
        .filter(|r| r.1 <= best + 0.5)
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, _, word)| word)
        .collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Letters people write for one another because they sound alike.
fn sound_alike(a: char, b: char) -> bool {
    const PAIRS: &[(char, char)] = &[('c', 'k'), ('c', 's'), ('s', 'z'), ('g', 'j'), ('m', 'n')];
    PAIRS
        .iter()
        .any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
}

/// Cost of writing `right` as `typed`: Damerau-Levenshtein (optimal string alignment)
/// where a letter typed once that should be doubled, or typed twice that should not be,
/// costs 0.5, a vowel for a vowel 0.5, sound-alike letters 0.75, two neighbours swapped
/// 0.75, and any other insertion, deletion or substitution 1.
pub fn typo_cost(typed: &[char], right: &[char]) -> f32 {
    let (n, m) = (typed.len(), right.len());
    let mut d = vec![vec![0f32; m + 1]; n + 1];
    // Extra letter in `typed` at i: cheap when it repeats a neighbour.
    let extra = |i: usize| {
        let c = typed[i];
        let doubled = (i > 0 && typed[i - 1] == c) || typed.get(i + 1) == Some(&c);
        if doubled {
            0.5
        } else {
            1.0
        }
    };
    // Letter of `right` at j missing from `typed`: cheap when it was one of a pair.
    let missing = |j: usize| {
        let c = right[j];
        let doubled = (j > 0 && right[j - 1] == c) || right.get(j + 1) == Some(&c);
        if doubled {
            0.5
        } else {
            1.0
        }
    };
    let substitute = |a: char, b: char| {
        if a == b {
            0.0
        } else if is_vowel(a) && is_vowel(b) {
            0.5
        } else if sound_alike(a, b) {
            0.75
        } else {
            1.0
        }
    };
    for i in 1..=n {
        d[i][0] = d[i - 1][0] + extra(i - 1);
    }
    for j in 1..=m {
        d[0][j] = d[0][j - 1] + missing(j - 1);
    }
    for i in 1..=n {
        for j in 1..=m {
            let mut best = (d[i - 1][j] + extra(i - 1))
                .min(d[i][j - 1] + missing(j - 1))
                .min(d[i - 1][j - 1] + substitute(typed[i - 1], right[j - 1]));
            if i > 1
                && j > 1
                && typed[i - 1] == right[j - 2]
                && typed[i - 2] == right[j - 1]
                && typed[i - 1] != typed[i - 2]
            {
                best = best.min(d[i - 2][j - 2] + 0.75);
            }
            d[i][j] = best;
        }
    }
    d[n][m]
}

/// Suggestions for every word in `words` that no story has in any searched field.
pub fn suggest(searcher: &Searcher, fields: &Fields, words: &[PlainWord]) -> Vec<Suggestion> {
    let text_fields = [fields.title, fields.body, fields.quotes];
    let name_fields = [fields.speaker, fields.location, fields.byline];
    let lexicon = IndexLexicon::new(searcher, fields.words);
    let mut out: Vec<Suggestion> = Vec::new();
    for word in words {
        if out.iter().any(|s| s.word == word.typed) {
            continue;
        }
        let found = text_fields
            .iter()
            .map(|&f| Term::from_field_text(f, &word.stem))
            .chain(
                name_fields
                    .iter()
                    .map(|&f| Term::from_field_text(f, &word.typed)),
            )
            .any(|term| searcher.doc_freq(&term).unwrap_or(0) > 0);
        if found {
            continue;
        }
        let did_you_mean = corrections(&lexicon, &word.typed);
        out.push(Suggestion {
            word: word.typed.clone(),
            did_you_mean,
        });
    }
    out
}

/// The surface words of `text` as the `words` field holds them: split on non-letters and
/// non-digits, lowercased, accents folded, words over 40 bytes dropped (the `names`
/// analyzer).
pub fn surface_words(text: &str) -> impl Iterator<Item = String> {
    use tantivy::tokenizer::{
        AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    };
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut words = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |token| words.push(token.text.clone()));
    words.into_iter()
}

/// The query with every word that has a suggestion replaced by the first one, or `None`
/// when no word has one. Words are matched whole and case-insensitively; everything else
/// (operators, quotes, other words) is kept as typed.
pub fn correct_query(query: &str, suggestions: &[Suggestion]) -> Option<String> {
    let replacement = |token: &str| {
        let folded = super::query::fold(token);
        suggestions
            .iter()
            .find(|s| s.word == folded)
            .and_then(|s| s.did_you_mean.first())
    };
    let mut changed = false;
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| c.is_alphanumeric())
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let token = &rest[..end];
        match replacement(token) {
            Some(word) => {
                out.push_str(word);
                changed = true;
            }
            None => out.push_str(token),
        }
        rest = &rest[end..];
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(typed: &str, right: &str) -> f32 {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        typo_cost(&chars(typed), &chars(right))
    }

    #[test]
    fn real_errors_cost_less_than_other_edits() {
        assert_eq!(cost("begining", "beginning"), 0.5); // a doubled letter typed once
        assert_eq!(cost("untill", "until"), 0.5); // a letter typed twice
        assert_eq!(cost("independant", "independent"), 0.5); // a vowel for a vowel
        assert_eq!(cost("crued", "crude"), 0.75); // neighbours swapped
        assert_eq!(cost("crude", "cride"), 0.5);
        assert_eq!(cost("crued", "cruel"), 1.0);
        assert_eq!(cost("crude", "crude"), 0.0);
    }

    #[test]
    fn suggestions_rank_by_cost_then_by_stories() {
        let lexicon =
            tantivy_fst::Map::from_iter([("crude", 40u64), ("cruel", 90), ("prude", 2)]).unwrap();
        assert_eq!(corrections(&lexicon, "crued"), ["crude", "cruel"]);
        assert_eq!(corrections(&lexicon, "crude"), ["prude"]);
        assert!(corrections(&lexicon, "x").is_empty());
    }

    #[test]
    fn the_query_is_corrected_word_by_word() {
        let suggestions = vec![Suggestion {
            word: "crued".into(),
            did_you_mean: vec!["crude".into(), "cruel".into()],
        }];
        assert_eq!(
            correct_query("Crued oil -opec", &suggestions).as_deref(),
            Some("crude oil -opec")
        );
        assert_eq!(correct_query("oil prices", &suggestions), None);
    }
}
