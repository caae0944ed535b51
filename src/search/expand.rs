//! Stage 3, the query: fuzzy (`word~N`) and prefix (`pre*`) terms scored like the words
//! they expand to.
//!
//! tantivy scores a fuzzy or prefix term as a constant, so every story it matches ties.
//! [`ExpandedTermQuery`] looks the term up in the searcher's dictionaries when its weight is
//! built and scores each story by the best word it contains among the expansions: that
//! word's BM25 in the field, times a discount for the edits it is away from the typed word
//! (`1 - edits / shorter length`, as Lucene's fuzzy query; prefixes are not discounted).
//! A prefix on a stemmed field that no indexed stem starts with falls back to the stems of
//! the words as written that start with it: `earni*` finds `earn` (from "earnings").
//! All expansions share the idf of the most common one, so a rare misspelling in the
//! corpus does not outrank the word the user meant (Lucene's "blended" rewrite).
//!
//! The stories matched are exactly those tantivy's automaton matches (or, for that
//! fallback, those with the stems). Knows nothing of the
//! query text, the highlighter or the command line.

use std::collections::BTreeSet;

use tantivy::query::{
    BoostQuery, DisjunctionMaxQuery, EnableScoring, FuzzyTermQuery, Query, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

/// The most expansions scored one by one (the most common first); stories matching only
/// rarer ones still match, with no score from this term.
pub const MAX_SCORED_EXPANSIONS: usize = 64;

/// A fuzzy or prefix term on one field, scored by what it expands to.
#[derive(Debug, Clone)]
pub struct ExpandedTermQuery {
    /// The typed word as indexed in its field (the prefix, for a prefix term).
    term: Term,
    distance: u8,
    prefix: bool,
    /// For a prefix: whether the words as written starting with it (the words file,
    /// [`crate::schema::words`]) are stemmed by `term`'s field to find stems shorter than
    /// the prefix.
    shorter_stems: bool,
}

/// The most words as written a prefix is looked up through (the dictionary order first).
const MAX_SURFACE_WORDS: usize = 4096;

/// One word of the dictionary that the term matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    /// The word as indexed.
    pub word: String,
    /// How many stories contain it (over the whole index).
    pub doc_freq: u64,
    /// Edits from the typed word (0 for a prefix).
    pub edits: usize,
    /// What one occurrence counts against the word typed exactly: the edit discount times
    /// the shared idf over the word's own.
    pub weight: f32,
}

impl ExpandedTermQuery {
    /// `term` within `distance` edits (a transposition counts as one).
    pub fn fuzzy(term: Term, distance: u8) -> ExpandedTermQuery {
        ExpandedTermQuery {
            term,
            distance,
            prefix: false,
            shorter_stems: false,
        }
    }

    /// Words starting with `term`.
    pub fn prefix(term: Term) -> ExpandedTermQuery {
        ExpandedTermQuery {
            term,
            distance: 0,
            prefix: true,
            shorter_stems: false,
        }
    }

    /// Words starting with `term`, and the stems (in `term`'s field) of the words as
    /// written that start with it.
    pub fn stemmed_prefix(term: Term) -> ExpandedTermQuery {
        ExpandedTermQuery {
            shorter_stems: true,
            ..ExpandedTermQuery::prefix(term)
        }
    }

    /// Stems of the words as written starting with the prefix that do not themselves start
    /// with it: `earn` for `earni`.
    fn shorter_stems(&self, searcher: &Searcher) -> tantivy::Result<BTreeSet<String>> {
        let mut stems = BTreeSet::new();
        let value = self.term.value();
        let (true, Some(prefix)) = (self.shorter_stems, value.as_str()) else {
            return Ok(stems);
        };
        let mut analyzer = searcher.index().tokenizer_for_field(self.term.field())?;
        let mut written = BTreeSet::new();
        use tantivy_fst::{IntoStreamer, Streamer};
        let words = crate::schema::words::read(searcher.index());
        let mut stream = words
            .search(self.automaton_query().automaton()?)
            .into_stream();
        while written.len() < MAX_SURFACE_WORDS {
            let Some((word, _)) = stream.next() else {
                break;
            };
            if let Ok(word) = std::str::from_utf8(word) {
                written.insert(word.to_string());
            }
        }
        for word in written {
            let mut tokens = analyzer.token_stream(&word);
            let mut only = None;
            let mut count = 0;
            tokens.process(&mut |token| {
                count += 1;
                only = Some(token.text.clone());
            });
            if let (1, Some(stem)) = (count, only) {
                if !stem.starts_with(prefix) {
                    stems.insert(stem);
                }
            }
        }
        Ok(stems)
    }

    fn automaton_query(&self) -> FuzzyTermQuery {
        if self.prefix {
            FuzzyTermQuery::new_prefix(self.term.clone(), self.distance, true)
        } else {
            FuzzyTermQuery::new(self.term.clone(), self.distance, true)
        }
    }

    /// The words of the field the automaton matches; for a prefix that matches none, the
    /// shorter stems instead (then `true`).
    fn matched_words(&self, searcher: &Searcher) -> tantivy::Result<(BTreeSet<String>, bool)> {
        let automaton_query = self.automaton_query();
        let field = self.term.field();
        let mut words = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let automaton = automaton_query.automaton()?;
            let inverted_index = segment.inverted_index(field)?;
            let mut stream = inverted_index.terms().search(automaton).into_stream()?;
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    words.insert(word.to_string());
                }
            }
        }
        if words.is_empty() && self.shorter_stems {
            return Ok((self.shorter_stems(searcher)?, true));
        }
        Ok((words, false))
    }

    /// The words this term matches in `searcher`'s index, the most common first (ties in
    /// dictionary order), with their weights, and whether there were more than
    /// [`MAX_SCORED_EXPANSIONS`] (the rest are left out).
    pub fn expansions(&self, searcher: &Searcher) -> tantivy::Result<(Vec<Expansion>, bool)> {
        let field = self.term.field();
        let (words, _) = self.matched_words(searcher)?;
        let mut found = Vec::with_capacity(words.len());
        for word in words {
            let doc_freq = searcher.doc_freq(&Term::from_field_text(field, &word))?;
            if doc_freq > 0 {
                found.push((word, doc_freq));
            }
        }
        // Most common first; the sort is stable, so ties stay in dictionary order.
        found.sort_by_key(|(_, doc_freq)| std::cmp::Reverse(*doc_freq));
        let capped = found.len() > MAX_SCORED_EXPANSIONS;
        found.truncate(MAX_SCORED_EXPANSIONS);
        let num_docs = super::rank::counted_stories(searcher);
        let shared_idf = found.first().map_or(0.0, |(_, df)| idf(*df, num_docs));
        let value = self.term.value();
        let typed = value.as_str().unwrap_or_default();
        let expansions = found
            .into_iter()
            .map(|(word, doc_freq)| {
                let edits = if self.prefix {
                    0
                } else {
                    strsim::osa_distance(typed, &word)
                };
                let shorter = typed.chars().count().min(word.chars().count()).max(1);
                let discount = (1.0 - edits as f32 / shorter as f32).max(0.1);
                let own_idf = idf(doc_freq, num_docs);
                let weight = if own_idf > 0.0 {
                    discount * shared_idf / own_idf
                } else {
                    discount
                };
                Expansion {
                    word,
                    doc_freq,
                    edits,
                    weight,
                }
            })
            .collect();
        Ok((expansions, capped))
    }
}

impl Query for ExpandedTermQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let automaton_query = self.automaton_query();
        let field = self.term.field();
        let searcher = match enable_scoring {
            EnableScoring::Enabled { searcher, .. } => searcher,
            // Counting or filtering: which stories match is all that counts.
            EnableScoring::Disabled {
                searcher_opt: Some(searcher),
                ..
            } if self.shorter_stems => {
                let (words, stems) = self.matched_words(searcher)?;
                if !stems {
                    return automaton_query.weight(enable_scoring);
                }
                let disjuncts: Vec<Box<dyn Query>> = words
                    .iter()
                    .map(|stem| {
                        let term = Term::from_field_text(field, stem);
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
                    })
                    .collect();
                return DisjunctionMaxQuery::new(disjuncts).weight(enable_scoring);
            }
            EnableScoring::Disabled { .. } => return automaton_query.weight(enable_scoring),
        };
        let (expansions, capped) = self.expansions(searcher)?;
        let mut disjuncts: Vec<Box<dyn Query>> = expansions
            .iter()
            .map(|e| {
                let term = Term::from_field_text(field, &e.word);
                let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                Box::new(BoostQuery::new(Box::new(query), e.weight)) as Box<dyn Query>
            })
            .collect();
        if capped || disjuncts.is_empty() {
            // Keeps every story the automaton matches, adding nothing to their score.
            disjuncts.push(Box::new(BoostQuery::new(Box::new(automaton_query), 0.0)));
        }
        DisjunctionMaxQuery::new(disjuncts).weight(enable_scoring)
    }
}

/// tantivy's BM25 idf (`tantivy::query::bm25`), so weights can be expressed as its ratios.
fn idf(doc_freq: u64, num_docs: u64) -> f32 {
    let doc_freq = doc_freq.min(num_docs);
    let x = ((num_docs - doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    fn index(bodies: &[&str]) -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for text in bodies {
            writer.add_document(doc!(body => *text)).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    fn ranked(index: &Index, query: &dyn Query) -> Vec<(u32, f32)> {
        let searcher = index.reader().unwrap().searcher();
        searcher
            .search(query, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, address)| (address.doc_id, score))
            .collect()
    }

    #[test]
    fn fuzzy_scores_by_the_word_found_and_its_distance() {
        let (index, body) = index(&[
            "summit summit summit talks",
            "the summit",
            "submit the form",
            "nothing here",
        ]);
        let query = ExpandedTermQuery::fuzzy(Term::from_field_text(body, "summitt"), 2);
        let hits = ranked(&index, &query);
        let order: Vec<u32> = hits.iter().map(|h| h.0).collect();
        // More occurrences of the closer word first; "submit" is two edits away.
        assert_eq!(order, [0, 1, 2]);
        assert!(hits.windows(2).all(|w| w[0].1 > w[1].1), "{hits:?}");
    }

    #[test]
    fn an_exact_fuzzy_word_scores_as_the_plain_word() {
        let (index, body) = index(&["oil prices", "oil", "crude"]);
        let term = Term::from_field_text(body, "oil");
        let fuzzy = ranked(&index, &ExpandedTermQuery::fuzzy(term.clone(), 1));
        let plain = ranked(&index, &TermQuery::new(term, IndexRecordOption::WithFreqs));
        assert_eq!(fuzzy, plain);
    }

    #[test]
    fn a_rare_misspelling_does_not_outrank_the_common_word() {
        let (index, body) = index(&[
            "impeachment vote",
            "impeachment hearing",
            "impeachment trial",
            "impeachmint typo",
        ]);
        let query = ExpandedTermQuery::fuzzy(Term::from_field_text(body, "impeachmant"), 1);
        let searcher = index.reader().unwrap().searcher();
        let (expansions, capped) = query.expansions(&searcher).unwrap();
        assert!(!capped);
        let words: Vec<(&str, u64, usize)> = expansions
            .iter()
            .map(|e| (e.word.as_str(), e.doc_freq, e.edits))
            .collect();
        assert_eq!(words, [("impeachment", 3, 1), ("impeachmint", 1, 1)]);
        let hits = ranked(&index, &query);
        assert_eq!(hits.len(), 4);
        // Same distance, same idf: equal scores (the typo's story is as short).
        assert!((hits[0].1 - hits[3].1).abs() < 1e-6, "{hits:?}");
    }

    #[test]
    fn a_prefix_matches_every_expansion_even_beyond_the_cap() {
        let words: Vec<String> = (0..MAX_SCORED_EXPANSIONS + 6)
            .map(|i| format!("pre{i:03}"))
            .collect();
        let bodies: Vec<&str> = words.iter().map(String::as_str).collect();
        let (index, body) = index(&bodies);
        let query = ExpandedTermQuery::prefix(Term::from_field_text(body, "pre"));
        let searcher = index.reader().unwrap().searcher();
        let count = searcher.search(&query, &tantivy::collector::Count).unwrap();
        assert_eq!(count, MAX_SCORED_EXPANSIONS + 6);
        let (expansions, capped) = query.expansions(&searcher).unwrap();
        assert!(capped);
        assert_eq!(expansions.len(), MAX_SCORED_EXPANSIONS);
        let all = searcher
            .search(&query, &TopDocs::with_limit(100).order_by_score())
            .unwrap();
        assert_eq!(all.len(), MAX_SCORED_EXPANSIONS + 6);
    }
}
