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

impl Format {
    /// Whether the format is for scripts, which get every match unless told otherwise.
    pub fn is_for_scripts(self) -> bool {
        !matches!(self, Format::Text | Format::Json)
    }

    /// Whether hits carry passages (snippets and matching quotations).
    pub fn shows_passages(self) -> bool {
        matches!(self, Format::Text | Format::Json | Format::Jsonl)
    }

    /// Whether `--explain`'s score breakdown appears.
    pub fn shows_explanation(self) -> bool {
        matches!(self, Format::Text | Format::Json | Format::Jsonl)
    }

    /// Whether `--facets` counts appear.
    pub fn shows_facets(self) -> bool {
        matches!(self, Format::Text | Format::Json)
    }
}

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
    /// The same, with a header row first.
    TsvWithHeader,
    /// Comma-separated (RFC 4180) with a header row: rank, score, id, path, published,
    /// location, agency, title.
    Csv,
    /// One path per line, for a person at a terminal: control characters in a name are
    /// shown as placeholders, so a file name cannot steer the terminal.
    Paths,
    /// One path per line exactly as on disk, for a pipe (`xargs`): a placeholder would name
    /// a file that does not exist, or another one (`a b.txt` for `a\nb.txt`).
    PathsExact,
}

/// `1204` -> `1,204`: counts for people.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
        Format::Tsv => text::search_results_tsv(out, results, false),
        Format::TsvWithHeader => text::search_results_tsv(out, results, true),
        Format::Csv => text::search_results_csv(out, results),
        Format::Paths => text::search_results_paths(out, results, false),
        Format::PathsExact => text::search_results_paths(out, results, true),
    }
}
