//! JSON stories: one object, an array of objects (or a `{"articles": [...]}` envelope as
//! news APIs return), and JSON lines, one object per line.
//!
//! Field names are the ones news APIs use: `title`/`headline`; `description`/`summary`;
//! `content`/`body`/`text`/`article`/`articleBody`; `publishedAt`/`published`/`date`;
//! `source` (a string or `{"name": ...}`); `author`/`byline`; `url`; `tags`/`keywords`;
//! `category`/`section`; `location`. The text is parsed like a `.txt` story, so datelines
//! and quotes inside it are found; HTML inside it is reduced to its text first.

use serde_json::{Map, Value};

use super::front_matter::{MetaValue, Metadata};
use super::source::ParsedSource;
use super::{assemble, html, Article, ParseOptions};
use crate::error::ParseError;

/// Keys whose value is the story text, in order of preference.
const TEXT_KEYS: &[&str] = &["content", "body", "text", "article", "articlebody"];
/// Keys of an envelope object around an array of stories.
const ENVELOPE_KEYS: &[&str] = &["articles", "stories", "items", "results", "data", "news"];

/// A `.json` file: one story (id `path`), or several (ids `path#1`, `path#2`, ...).
pub(crate) fn parse_document(id: &str, text: &str, options: &ParseOptions) -> ParsedSource {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            return ParsedSource::rejected(id, ParseError::from_json(None, &err));
        }
    };
    let stories = match &value {
        Value::Array(items) => Some(items),
        Value::Object(map) if !has_story_fields(map) => ENVELOPE_KEYS
            .iter()
            .find_map(|key| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .and_then(|(_, v)| v.as_array()),
        _ => None,
    };
    let mut parsed = ParsedSource::default();
    match stories {
        Some(items) => {
            for (n, item) in items.iter().enumerate() {
                parsed.push(format!("{id}#{}", n + 1), story(id, item, options));
            }
        }
        None => parsed.push(id.to_string(), story(id, &value, options)),
    }
    parsed
}

/// A `.jsonl` file: one story per non-blank line, id `path#LINE` (1-based). A line that is
/// not a JSON story is rejected on its own; the other lines still count.
pub(crate) fn parse_lines(id: &str, text: &str, options: &ParseOptions) -> ParsedSource {
    let mut parsed = ParsedSource::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let line_no = n + 1;
        let article = serde_json::from_str::<Value>(line)
            .map_err(|err| ParseError::from_json(Some(line_no), &err))
            .and_then(|value| story(id, &value, options));
        let article = article.map_err(|err| err.on_line(line_no));
        parsed.push(format!("{id}#{line_no}"), article);
    }
    parsed
}

fn has_story_fields(map: &Map<String, Value>) -> bool {
    map.keys().any(|k| {
        let k = k.to_lowercase();
        TEXT_KEYS.contains(&k.as_str()) || k == "title" || k == "headline"
    })
}

/// One story object. `file_id` is the file's id: category and path date come from it.
fn story(file_id: &str, value: &Value, options: &ParseOptions) -> Result<Article, ParseError> {
    let Value::Object(map) = value else {
        return Err(ParseError::NotAStoryObject);
    };
    let mut meta = Metadata::default();
    let mut text: Option<String> = None;
    for key in TEXT_KEYS {
        if text.is_none() {
            text = map
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
                .map(clean_text)
                .filter(|t| !t.trim().is_empty());
        }
    }
    for (key, value) in map {
        meta.set(key, &MetaValue::from_json(value));
    }
    if text.is_none() && meta.title.is_none() && meta.summary.is_none() {
        return Err(ParseError::NotAStoryObject);
    }
    assemble(file_id, meta, text.as_deref().unwrap_or(""), options)
}

/// Story text from an API: HTML reduced to text, and NewsAPI's `… [+1234 chars]` cut off.
fn clean_text(text: &str) -> String {
    let text = if html::looks_like_markup(text) {
        html::fragment_text(text)
    } else {
        text.to_string()
    };
    let trimmed = text.trim_end();
    if let Some(open) = trimmed.rfind("[+") {
        let tail = &trimmed[open + 2..];
        if tail.ends_with(" chars]")
            && tail[..tail.len() - " chars]".len()]
                .chars()
                .all(|c| c.is_ascii_digit())
        {
            let kept = trimmed[..open].trim_end();
            let kept = kept
                .strip_suffix('…')
                .or_else(|| kept.strip_suffix("..."))
                .unwrap_or(kept);
            return kept.trim_end().to_string();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Article {
        let parsed = parse_document("world/story.json", text, &ParseOptions::default());
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        assert_eq!(parsed.articles.len(), 1);
        parsed.articles.into_iter().next().unwrap()
    }

    #[test]
    fn newsapi_shaped_story() {
        let a = one(
            r#"{"source": {"id": null, "name": "Newsdex Wire"}, "author": "Ana Silva",
            "title": "Port strike ends", "description": "Dockers return to work.",
            "url": "https://example.com/port", "publishedAt": "2025-10-09T08:00:00Z",
            "content": "LISBON, Oct 9 (NW) - Dockers voted to end the strike. \"We won,\" said Rui Costa. [+1234 chars]"}"#,
        );
        assert_eq!(a.id, "world/story.json");
        assert_eq!(a.title.as_deref(), Some("Port strike ends"));
        assert_eq!(a.byline.as_deref(), Some("Ana Silva"));
        assert_eq!(a.summary.as_deref(), Some("Dockers return to work."));
        assert_eq!(a.url.as_deref(), Some("https://example.com/port"));
        assert_eq!(a.source.as_deref(), Some("Newsdex Wire"));
        assert_eq!(a.published.unwrap().to_string(), "2025-10-09");
        let d = a.dateline.unwrap();
        assert_eq!(
            (d.location.as_str(), d.date.as_deref(), d.agency.as_deref()),
            ("LISBON", Some("Oct 9"), Some("NW"))
        );
        assert_eq!(
            a.body,
            "Dockers voted to end the strike. \"We won,\" said Rui Costa."
        );
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Rui Costa"));
        assert_eq!(a.category.as_deref(), Some("world"));
    }

    #[test]
    fn arrays_and_envelopes_give_numbered_ids() {
        for text in [
            r#"[{"headline": "One", "body": "First."}, {"headline": "Two", "text": "Second."}]"#,
            r#"{"status": "ok", "articles": [{"title": "One", "content": "First."}, {"title": "Two", "article": "Second."}]}"#,
        ] {
            let parsed = parse_document("a.json", text, &ParseOptions::default());
            let got: Vec<(String, Option<String>, String)> = parsed
                .articles
                .into_iter()
                .map(|a| (a.id, a.title, a.body))
                .collect();
            assert_eq!(
                got,
                vec![
                    ("a.json#1".into(), Some("One".into()), "First.".into()),
                    ("a.json#2".into(), Some("Two".into()), "Second.".into())
                ]
            );
        }
    }

    #[test]
    fn html_content_and_summary_only_stories() {
        let a = one(r#"{"title": "T", "content": "<p>PARIS - First.</p><p>Second.</p>"}"#);
        assert_eq!(a.dateline.unwrap().location, "PARIS");
        assert_eq!(a.body, "First.\n\nSecond.");
        let a = one(r#"{"title": "T", "summary": "Only a summary."}"#);
        assert_eq!(a.body, "Only a summary.");
    }

    #[test]
    fn a_deck_and_kicker_are_their_own_fields() {
        let a = one(
            r#"{"title": "Ferry back", "kicker": "Island life", "standfirst": "Storms had cut the island off.", "body": "The ferry sailed on Monday."}"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry back"));
        assert_eq!(a.kicker.as_deref(), Some("Island life"));
        assert_eq!(a.deck.as_deref(), Some("Storms had cut the island off."));
        assert_eq!(a.body, "The ferry sailed on Monday.");
        let a = Article::parse("a.txt", "---\ntitle: Ferry back\ndek: Storms had cut the island off.\n---\nThe ferry sailed on Monday.").unwrap();
        assert_eq!(a.deck.as_deref(), Some("Storms had cut the island off."));
        assert_eq!(a.kicker, None);
    }

    #[test]
    fn bad_lines_are_rejected_alone() {
        let text = "{\"title\": \"One\", \"body\": \"First.\"}\n\nnot json\n[1, 2]\n{\"title\": \"Four\", \"body\": \"x\"}\n";
        let parsed = parse_lines("feed.jsonl", text, &ParseOptions::default());
        let ids: Vec<&str> = parsed.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["feed.jsonl#1", "feed.jsonl#5"]);
        let rejected: Vec<(String, String)> = parsed
            .rejected
            .iter()
            .map(|r| (r.id.clone(), r.error.to_string()))
            .collect();
        assert_eq!(
            rejected,
            vec![
                ("feed.jsonl#3".to_string(), "line 3 is not JSON (expected ident at column 2): fix the line or remove it".to_string()),
                ("feed.jsonl#4".to_string(), "line 4: not a story: expected a JSON object with a title or a content, body or text field".to_string()),
            ]
        );
    }

    #[test]
    fn invalid_document_is_one_rejection() {
        let parsed = parse_document("a.json", "{\"title\": ", &ParseOptions::default());
        assert!(parsed.articles.is_empty());
        assert_eq!(
            parsed.rejected[0].error.to_string(),
            "not JSON (EOF while parsing a value at line 1 column 10): fix the file or give it a .txt extension"
        );
    }
}
