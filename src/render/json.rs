//! JSON printers. These shapes are contracts scripts depend on: add fields, never rename.
//!
//! ## Wire format of `query --format json`
//! `{"query","total_hits","hits":[{"rank","id","path","score","title","location","agency",
//! "published","snippet","highlights":[[start,end],...], ...}]}` where `highlights` are byte
//! ranges into `snippet`. `--format jsonl` prints each hit object on its own line.
//!
//! Added by issue #4: per hit `snippets` (`[{"field","text","highlights"}]`, best first),
//! `quotes` (the matching quotations, `[{"text","speaker"}]`) and `explanation`
//! (`[{"clause","score"}]` with `--explain`, else absent); at the top `took_ms`,
//! `fell_back` (any word allowed because no story had all), `suggestions`
//! (`[{"word","did_you_mean":[..]}]`), `correction` (the query with each unknown word
//! replaced by its first suggestion, when any has one), `expanded` (words `--expand`
//! added, when any) and `facets` (`{"location":[{"value","count"}],
//! "agency","category","speaker"}` with `--facets`, else absent).
//!
//! Added by issue #14: with `--timeline PERIOD`, `timeline` (`[{"period","count","first",
//! "last"}]`, every period from the first to the last match) and `undated` (matches without
//! a date); the counts and `undated` add up to `total_hits`. Per hit `title_highlights`:
//! byte ranges of matched words in `title` (empty when it is null). `GET /api/search` of
//! `newsdex serve` answers with this same document.
//!
//! ## Wire format of `parse`
//! One [`crate::Article`] per line: `{"id","path","title","dateline":{"raw","location","date",
//! "agency"}|null,"published","category","body","quotes":[{"text","speaker"}], ...}`.

use std::io::{self, Write};

use serde::Serialize;

use crate::article::{Article, Date, Quote};
use crate::search::{
    Facets, Hit, PeriodCount, ScorePart, SearchResults, Snippet, Suggestion, Timeline,
};

/// One hit as the JSON contract spells it.
#[derive(Debug, Serialize)]
pub struct JsonHit<'a> {
    /// 1-based rank.
    pub rank: usize,
    /// Corpus-relative path.
    pub id: &'a str,
    /// Openable path.
    pub path: &'a str,
    /// Score.
    pub score: f32,
    /// Headline or null.
    pub title: Option<&'a str>,
    /// Byte ranges of matched words in `title`.
    pub title_highlights: Vec<[usize; 2]>,
    /// Dateline place or null.
    pub location: Option<&'a str>,
    /// Dateline agency or null.
    pub agency: Option<&'a str>,
    /// `YYYY-MM-DD` or null.
    pub published: Option<Date>,
    /// Dateline date as written, or null.
    pub date: Option<&'a str>,
    /// Category or null.
    pub category: Option<&'a str>,
    /// The best passage.
    pub snippet: &'a str,
    /// Which field the passage is from.
    pub snippet_field: &'a str,
    /// Byte ranges of matched words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Every passage shown, best first.
    pub snippets: Vec<JsonSnippet<'a>>,
    /// Quotations that match the query.
    pub quotes: &'a [Quote],
    /// Score parts, with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<&'a [ScorePart]>,
}

/// One passage.
#[derive(Debug, Serialize)]
pub struct JsonSnippet<'a> {
    /// `body`, `quotes` or `title`.
    pub field: &'a str,
    /// The passage.
    pub text: &'a str,
    /// Byte ranges of matched words in `text`.
    pub highlights: Vec<[usize; 2]>,
}

impl<'a> From<&'a Snippet> for JsonSnippet<'a> {
    fn from(snippet: &'a Snippet) -> JsonSnippet<'a> {
        JsonSnippet {
            field: &snippet.field,
            text: &snippet.text,
            highlights: snippet
                .highlights
                .iter()
                .map(|r| [r.start, r.end])
                .collect(),
        }
    }
}

impl<'a> From<&'a Hit> for JsonHit<'a> {
    fn from(hit: &'a Hit) -> JsonHit<'a> {
        JsonHit {
            rank: hit.rank,
            id: &hit.id,
            path: &hit.path,
            score: hit.score,
            title: hit.title.as_deref(),
            title_highlights: match hit.title {
                Some(_) => hit
                    .title_highlights
                    .iter()
                    .map(|r| [r.start, r.end])
                    .collect(),
                None => Vec::new(),
            },
            location: hit.location.as_deref(),
            agency: hit.agency.as_deref(),
            published: hit.published,
            date: hit.date.as_deref(),
            category: hit.category.as_deref(),
            snippet: &hit.snippet.text,
            snippet_field: &hit.snippet.field,
            highlights: hit
                .snippet
                .highlights
                .iter()
                .map(|r| [r.start, r.end])
                .collect(),
            snippets: hit.snippets.iter().map(JsonSnippet::from).collect(),
            quotes: &hit.quotes,
            explanation: hit.explanation.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total_hits: usize,
    hits: Vec<JsonHit<'a>>,
    took_ms: f64,
    fell_back: bool,
    suggestions: &'a [Suggestion],
    #[serde(skip_serializing_if = "Option::is_none")]
    correction: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    expanded: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<&'a Facets>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<&'a [PeriodCount]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undated: Option<u64>,
}

/// `query --format json`.
pub fn search_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    search_results_with_timeline(out, results, None)
}

/// `query --format json --timeline PERIOD`: the results with `timeline` and `undated`.
pub fn search_results_with_timeline(
    out: &mut dyn Write,
    results: &SearchResults,
    timeline: Option<&Timeline>,
) -> io::Result<()> {
    let doc = JsonResults {
        query: &results.query,
        total_hits: results.total_hits,
        hits: results.hits.iter().map(JsonHit::from).collect(),
        took_ms: results.took_ms,
        fell_back: results.fell_back,
        suggestions: &results.suggestions,
        correction: results.correction.as_deref(),
        expanded: &results.expanded,
        facets: results.facets.as_ref(),
        timeline: timeline.map(|t| t.timeline.as_slice()),
        undated: timeline.map(|t| t.undated),
    };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

/// `query --format jsonl`.
pub fn search_hits_lines(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        serde_json::to_writer(&mut *out, &JsonHit::from(hit))?;
        writeln!(out)?;
    }
    Ok(())
}

/// `parse`: one article per line.
pub fn article_line(out: &mut dyn Write, article: &Article) -> io::Result<()> {
    serde_json::to_writer(&mut *out, article)?;
    writeln!(out)
}

/// Any serializable value as one line (summaries for scripts).
pub fn value_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// The body of a failed `newsdex serve` request: `{"error":"one line"}`.
pub fn error_line(out: &mut dyn Write, message: &str) -> io::Result<()> {
    #[derive(Serialize)]
    struct ErrorBody<'a> {
        error: &'a str,
    }
    value_line(out, &ErrorBody { error: message })
}
