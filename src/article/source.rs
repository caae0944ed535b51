//! One source file -> its stories: choosing the format, and collecting what was rejected.
//!
//! The format comes from the extension, checked against the content where the extension
//! lies: a `.txt` that holds an HTML page or JSON is read as what it is.

use serde::Serialize;

use super::{html, json, markdown, Article, ParseOptions};
use crate::error::ParseError;

/// How a source file's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain wire copy (`.txt`), optionally with `---` front matter.
    Text,
    /// Markdown with optional YAML front matter (`.md`, `.markdown`).
    Markdown,
    /// One JSON story, an array of them, or an envelope around an array (`.json`).
    Json,
    /// One JSON story per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// A saved article page (`.html`, `.htm`).
    Html,
}

impl Format {
    /// The format for a file name's extension, any case; `None` for files that are not stories.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => return None,
        })
    }

    /// The format of `text` stored at `id`: its extension's, unless the content plainly is
    /// another format (HTML or JSON in a `.txt`, JSON lines in a `.json`).
    pub fn detect(id: &str, text: &str) -> Format {
        let file_name = id.rsplit('/').next().unwrap_or(id);
        let by_extension = file_name
            .rsplit_once('.')
            .and_then(|(_, ext)| Format::from_extension(ext))
            .unwrap_or(Format::Text);
        let start = text.trim_start_matches('\u{feff}').trim_start();
        match by_extension {
            Format::Text | Format::Markdown if html::looks_like_document(start) => Format::Html,
            Format::Text if start.starts_with(['{', '[']) => {
                sniff_json(start).unwrap_or(Format::Text)
            }
            Format::Json => sniff_json(start).unwrap_or(Format::Json),
            other => other,
        }
    }
}

/// JSON or JSON lines, when `text` parses as one of them.
fn sniff_json(text: &str) -> Option<Format> {
    if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        return Some(Format::Json);
    }
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    let is_object = |line: &str| {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line).is_ok()
    };
    (is_object(first) && lines.next().is_some_and(is_object)).then_some(Format::JsonLines)
}

/// A story that could not be read from a multi-story file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The id the story would have had (`feed.jsonl#3`).
    pub id: String,
    /// What was wrong with it.
    pub error: ParseError,
}

/// Every story read from one source file, and every one that could not be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSource {
    /// The stories, in file order.
    pub articles: Vec<Article>,
    /// Stories that could not be read, in file order (a bad line in a `.jsonl`).
    pub rejected: Vec<Rejected>,
}

impl ParsedSource {
    pub(crate) fn rejected(id: &str, error: ParseError) -> ParsedSource {
        ParsedSource {
            articles: Vec::new(),
            rejected: vec![Rejected {
                id: id.to_string(),
                error,
            }],
        }
    }

    /// Records one story's outcome under `id`.
    pub(crate) fn push(&mut self, id: String, article: Result<Article, ParseError>) {
        match article {
            Ok(mut article) => {
                article.path.clone_from(&id);
                article.id = id;
                self.articles.push(article);
            }
            Err(error) => self.rejected.push(Rejected { id, error }),
        }
    }
}

/// Parses one source file into its stories, in the format [`Format::detect`] picks.
pub fn parse(id: &str, text: &str, options: &ParseOptions) -> ParsedSource {
    if let Some(name) = &options.panic_on {
        if id.rsplit('/').next() == Some(name.as_str()) {
            panic!("test hook: parsing {name} panics");
        }
    }
    if text.trim().is_empty() {
        return ParsedSource::rejected(id, ParseError::Empty);
    }
    let mut parsed = ParsedSource::default();
    match Format::detect(id, text) {
        Format::Text => parsed.push(id.to_string(), Article::parse_with(id, text, options)),
        Format::Markdown => parsed.push(id.to_string(), markdown::parse(id, text, options)),
        Format::Html => parsed.push(id.to_string(), html::parse(id, text, options)),
        Format::Json => return json::parse_document(id, text, options),
        Format::JsonLines => return json::parse_lines(id, text, options),
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_and_content() {
        let cases: &[(&str, &str, Format)] = &[
            ("a.txt", "LONDON - Text.", Format::Text),
            ("a.TXT", "LONDON - Text.", Format::Text),
            ("a.md", "# Title\n\nText.", Format::Markdown),
            ("a.json", "{\"title\": \"x\"}", Format::Json),
            (
                "a.jsonl",
                "{\"title\": \"x\"}\n{\"title\": \"y\"}",
                Format::JsonLines,
            ),
            ("a.ndjson", "{}", Format::JsonLines),
            ("a.htm", "<p>x</p>", Format::Html),
            (
                "a.txt",
                "<!DOCTYPE html><html><p>x</p></html>",
                Format::Html,
            ),
            (
                "a.txt",
                "\u{feff}  <html lang=\"en\"><p>x</p>",
                Format::Html,
            ),
            ("a.md", "<!doctype html>\n<p>x</p>", Format::Html),
            ("a.txt", "{\"title\": \"x\", \"body\": \"y\"}", Format::Json),
            ("a.txt", "[{\"title\": \"x\"}]", Format::Json),
            (
                "a.txt",
                "{\"title\": \"x\"}\n{\"title\": \"y\"}",
                Format::JsonLines,
            ),
            (
                "a.json",
                "{\"title\": \"x\"}\n{\"title\": \"y\"}",
                Format::JsonLines,
            ),
            ("a.txt", "[Update] LONDON - Text.", Format::Text),
            ("a.txt", "{braces} in a story", Format::Text),
            ("a.txt", "<b>LONDON</b> is not a page", Format::Text),
            ("noextension", "LONDON - Text.", Format::Text),
        ];
        for (id, text, format) in cases {
            assert_eq!(Format::detect(id, text), *format, "{id} {text:?}");
        }
    }

    #[test]
    fn empty_source_is_rejected() {
        let parsed = parse("a.json", " \n", &ParseOptions::default());
        assert_eq!(
            parsed.rejected,
            vec![Rejected {
                id: "a.json".into(),
                error: ParseError::Empty
            }]
        );
    }
}
