//! "Did you mean": for a query word no story has, the closest indexed words (one or two
//! edits, a transposition counting one), nearest first, then most frequent.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, Searcher, TantivyDocument, Term};

use super::query::PlainWord;
use crate::schema::{Fields, NEWS_ANALYZER};

/// How many words a suggestion offers at most.
pub const MAX_SUGGESTIONS: usize = 3;

/// A query word no story has, and the indexed words closest to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word as typed (lowercased).
    pub word: String,
    /// Closest indexed words, most frequent first; may be empty.
    pub did_you_mean: Vec<String>,
}

/// Suggestions for every word in `words` that no story has in any searched field.
pub fn suggest(
    searcher: &Searcher,
    index: &Index,
    fields: &Fields,
    words: &[PlainWord],
) -> Vec<Suggestion> {
    let text_fields = [fields.title, fields.body, fields.quotes];
    let name_fields = [fields.speaker, fields.location, fields.byline];
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
        let candidates = closest(searcher, fields, &word.stem);
        let did_you_mean = candidates
            .into_iter()
            .filter_map(|stem| surface_form(searcher, index, fields, &stem))
            .filter(|w| *w != word.typed)
            .fold(Vec::new(), |mut acc: Vec<String>, w| {
                if !acc.contains(&w) {
                    acc.push(w);
                }
                acc
            });
        out.push(Suggestion {
            word: word.typed.clone(),
            did_you_mean,
        });
    }
    out
}

/// Indexed body and title terms within one or two edits of `stem` (one for short words),
/// nearest first, then most frequent.
fn closest(searcher: &Searcher, fields: &Fields, stem: &str) -> Vec<String> {
    let max = if stem.chars().count() <= 4 { 1 } else { 2 };
    let mut freq: HashMap<String, (usize, u64)> = HashMap::new();
    for segment in searcher.segment_readers() {
        for field in [fields.body, fields.title] {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().stream() else {
                continue;
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if term.len().abs_diff(stem.len()) > max {
                    continue;
                }
                let distance = strsim::osa_distance(term, stem);
                if distance == 0 || distance > max {
                    continue;
                }
                let entry = freq.entry(term.to_string()).or_insert((distance, 0));
                entry.1 += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut ranked: Vec<(String, (usize, u64))> = freq.into_iter().collect();
    ranked.sort_by(|a, b| {
        a.1 .0
            .cmp(&b.1 .0)
            .then(b.1 .1.cmp(&a.1 .1))
            .then(a.0.cmp(&b.0))
    });
    // Only the nearest words: a one-edit match hides every two-edit one.
    let nearest = ranked.first().map_or(0, |(_, (d, _))| *d);
    ranked
        .into_iter()
        .filter(|(_, (d, _))| *d == nearest)
        .take(MAX_SUGGESTIONS)
        .map(|(term, _)| term)
        .collect()
}

/// A word as stories write it (lowercased) whose stem is `stem`: the index holds stems
/// (`compani`), a suggestion should read as a word (`company`).
fn surface_form(searcher: &Searcher, index: &Index, fields: &Fields, stem: &str) -> Option<String> {
    let query = TermQuery::new(
        Term::from_field_text(fields.body, stem),
        IndexRecordOption::Basic,
    );
    let top = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .ok()?;
    let Some((_, address)) = top.first() else {
        return Some(stem.to_string());
    };
    let doc: TantivyDocument = searcher.doc(*address).ok()?;
    let body = doc.get_first(fields.body)?.as_str()?.to_string();
    let mut analyzer = index.tokenizers().get(NEWS_ANALYZER)?;
    let mut found = None;
    analyzer.token_stream(&body).process(&mut |token| {
        if found.is_none() && token.text == stem {
            found = Some(body[token.offset_from..token.offset_to].to_lowercase());
        }
    });
    Some(found.unwrap_or_else(|| stem.to_string()))
}
