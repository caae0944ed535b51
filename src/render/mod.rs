//! Stage 5: results -> bytes. The only code that writes what users read.
//!
//! Every printer writes to a [`termcolor::WriteColor`], so tests render into memory and
//! color is a property of the writer the binary picks, not of the data.

pub mod article;
pub mod compare;
pub mod eval;
pub mod json;
pub mod sanitize;
pub mod summary;
pub mod text;
pub mod timeline;
pub mod trec;

use std::io;

use termcolor::WriteColor;

use crate::search::SearchResults;

/// How search results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned, optionally colored text for people.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per hit, per line.
    Jsonl,
    /// A TREC run file (`qid Q0 docid rank score newsdex`), for `trec_eval`.
    Trec,
    /// Tab-separated lines: rank, score, id, published, location, agency, title.
    Tsv,
    /// One path per line, for `xargs`.
    Paths,
}

/// Prints `results` in `format`.
pub fn search_results(
    out: &mut dyn WriteColor,
    results: &SearchResults,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Text => text::search_results(out, results),
        Format::Json => json::search_results(out, results),
        Format::Jsonl => json::search_hits_lines(out, results),
        Format::Trec => trec::search_results(out, results),
        Format::Tsv => text::search_results_tsv(out, results),
        Format::Paths => text::search_results_paths(out, results),
    }
}
