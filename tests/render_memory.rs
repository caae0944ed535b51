//! The text and JSON printers, rendering into memory (#13): exact bytes for a page of
//! hand-made hits, plain and colored, so the printers are tested without the binary.

use newsdex::render::{self, Format};
use newsdex::search::{Hit, SearchResults, Snippet};
use newsdex::Date;
use termcolor::{Ansi, NoColor};

fn hit(rank: usize, id: &str, title: &str, snippet: &str, word: &str) -> Hit {
    let ranges = |text: &str| {
        text.match_indices(word)
            .map(|(i, w)| i..i + w.len())
            .collect::<Vec<_>>()
    };
    let passage = Snippet {
        field: "body".into(),
        text: snippet.into(),
        highlights: ranges(snippet),
    };
    Hit {
        rank,
        id: id.into(),
        path: format!("corpus/{id}"),
        score: 3.25,
        title: Some(title.into()),
        display_title: title.into(),
        title_highlights: ranges(title),
        location: Some("LONDON".into()),
        date: Some("Sept 30".into()),
        agency: Some("Reuters".into()),
        published: Date::from_ymd(2025, 9, 30),
        category: Some("business".into()),
        snippet: passage.clone(),
        snippets: vec![passage],
        quotes: Vec::new(),
        explanation: None,
    }
}

fn results() -> SearchResults {
    SearchResults {
        query: "oil".into(),
        total_hits: 7,
        hits: vec![
            hit(
                3,
                "business/oil.txt",
                "Oil prices climb",
                "Crude oil rose; oil \u{1b}[2Jtraders cheered.",
                "oil",
            ),
            hit(
                4,
                "world/port.txt",
                "Port reopens",
                "Tankers of oil queued.",
                "oil",
            ),
        ],
        fell_back: false,
        plain_text: None,
        unfiltered_total: None,
        undated: None,
        suggestions: Vec::new(),
        correction: None,
        expanded: Vec::new(),
        facets: None,
        took_ms: 1.5,
    }
}

fn render(format: Format, color: bool) -> String {
    let results = results();
    let bytes = if color {
        let mut out = Ansi::new(Vec::new());
        render::search_results(&mut out, &results, format).unwrap();
        out.into_inner()
    } else {
        let mut out = NoColor::new(Vec::new());
        render::search_results(&mut out, &results, format).unwrap();
        out.into_inner()
    };
    String::from_utf8(bytes).unwrap()
}

#[test]
fn text_without_color_is_plain_and_sanitised() {
    assert_eq!(
        render(Format::Text, false),
        "3. Oil prices climb\n   \
         LONDON · 2025-09-30 · Reuters · corpus/business/oil.txt · score 3.25\n   \
         Crude oil rose; oil \u{FFFD}[2Jtraders cheered.\n\
         \n\
         4. Port reopens\n   \
         LONDON · 2025-09-30 · Reuters · corpus/world/port.txt · score 3.25\n   \
         Tankers of oil queued.\n\
         \n\
         3-4 of 7 matching stories\n"
    );
}

#[test]
fn text_in_color_marks_exactly_the_highlighted_words() {
    let text = render(Format::Text, true);
    let plain = regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(&text, "")
        .into_owned();
    assert_eq!(
        plain,
        render(Format::Text, false),
        "colors only add escapes"
    );
    let red = regex::Regex::new("\x1b\\[31m([^\x1b]*)\x1b\\[0m").unwrap();
    let marked: Vec<&str> = red
        .captures_iter(&text)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(marked, ["oil", "oil", "oil"]);
    assert!(
        !text.contains("Oil\x1b"),
        "title match is case-sensitive here: 'Oil' unmarked"
    );
}

#[test]
fn json_is_one_document_with_every_hit() {
    let json = render(Format::Json, false);
    assert!(json.ends_with("}\n") && json.lines().count() == 1, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["query"], "oil");
    assert_eq!(value["total_hits"], 7);
    assert_eq!(value["took_ms"], 1.5);
    assert_eq!(value["fell_back"], false);
    assert!(value.get("facets").is_none());
    let hits = value["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[1],
        serde_json::json!({
            "rank": 4, "id": "world/port.txt", "path": "corpus/world/port.txt",
            "score": 3.25, "title": "Port reopens", "title_highlights": [], "location": "LONDON",
            "agency": "Reuters", "published": "2025-09-30", "date": "Sept 30",
            "category": "business", "snippet": "Tankers of oil queued.",
            "snippet_field": "body", "highlights": [[11, 14]],
            "snippets": [{"field": "body", "text": "Tankers of oil queued.", "highlights": [[11, 14]]}],
            "quotes": []
        })
    );
    // JSON keeps story text exact (escaped by JSON itself), unlike the terminal printer.
    assert_eq!(
        hits[0]["snippet"],
        "Crude oil rose; oil \u{1b}[2Jtraders cheered."
    );
}

#[test]
fn json_lines_print_one_hit_per_line() {
    let text = render(Format::Jsonl, false);
    let ranks: Vec<u64> = text
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["rank"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ranks, [3, 4]);
}
