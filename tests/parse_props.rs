//! The parser never panics and never stalls (issue 3).
//!
//! Property tests feed arbitrary bytes, and arbitrary mixes of the characters parsers trip
//! on (quote marks, dashes, parentheses, tags, braces, front-matter fences), through
//! decoding and every story format. proptest's `timeout` bounds each case, so a loop or a
//! quadratic blow-up fails the run instead of hanging it. `PROPTEST_CASES=1000000 cargo
//! test --release --test parse_props` is the long run; the default is a bounded one.
//!
//! The `one_megabyte_*` tests parse 1 MB single-paragraph stories in every format: they
//! finish in about a second (release) only because every stage is linear in its input.

use newsdex::corpus;
use newsdex::{Article, Dateline, ParseOptions};
use proptest::prelude::*;

/// File names covering every format, so each input goes through each reader.
const IDS: &[&str] = &[
    "world/a.txt",
    "world/a.md",
    "world/a.json",
    "world/a.jsonl",
    "world/a.html",
    "1987/02/26/a.txt",
];

/// Pieces that make parsers take unusual paths.
const TOKENS: &[&str] = &[
    "\"",
    "“",
    "”",
    "'",
    "‘",
    "’",
    " - ",
    "-",
    "--",
    " — ",
    "–",
    "(",
    ")",
    "(AP)",
    "(Reuters)",
    "SEOUL",
    "Washington",
    ", ",
    "September 05",
    "Feb 26",
    "2 March",
    ".",
    "!",
    "?",
    "\n",
    "\n\n",
    " ",
    "said",
    "says",
    "he said",
    "she",
    "Kim",
    "Xi Jinping",
    "the Australian",
    "according to",
    "By Maria Lopez",
    "Reuter",
    "Copyright ©",
    "All rights reserved",
    "(Reporting by",
    ";",
    "Editing by",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<article>",
    "<h1>",
    "<br>",
    "<script>",
    "&amp;",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\"title\":",
    "\"body\":",
    "---\n",
    "title: x\n",
    "# ",
    "*",
    "**",
    "_",
    "> ",
    "- ",
    "`",
    "[a](b)",
    "\u{feff}",
    "\r\n",
    "\t",
    "£",
    "ⓒ",
    "é",
    "\u{202e}",
    "\0",
    "Mr.",
    "U.S.",
    "...",
    "…",
    // Issue 10: what stands ahead of a dateline, and the dateline forms of modern wires.
    "FILE PHOTO: ",
    "FILE - ",
    "REUTERS/Ann Lee",
    "(AP Photo/Jo Ray)",
    "CLOSE",
    "(Editor’s note: x)",
    "By Kim Eun-jung ",
    "(UPI)",
    "(CNN Business)",
    "March 16 ",
    "Macrh 31",
    "ABR 7",
    "omaha, april 7",
    "; ",
    "5 Oct 2018",
    "TOKYO",
    "NEW YORK",
];

/// Pieces of datelines, for the property that a dateline is read whole.
const DATELINE_TOKENS: &[&str] = &[
    "SEOUL",
    "Hong Kong",
    "omaha",
    "By Kim ",
    "By ",
    "Japan stocks rise ",
    ", ",
    "; ",
    " ",
    "-",
    " - ",
    " -- ",
    " — ",
    "–",
    "(",
    ")",
    "(AP)",
    "(Reuters)",
    "(CNN Business)",
    "(UPI)",
    "Dec. 28",
    "Juen 19",
    "ABR 7",
    "5 Oct 2018",
    "March 187",
    "2 March",
    "Va.",
    "The",
    "the",
    "“",
    "\"",
    "é",
    "\n",
    "FILE PHOTO",
    "CLOSE",
    "7",
];

fn parse_everywhere(text: &str) {
    for id in IDS {
        let parsed = Article::parse_source_all(id, text, &ParseOptions::default());
        for article in &parsed.articles {
            // Serialising walks every field: no invalid state hides in an article.
            serde_json::to_string(article).expect("articles serialise");
            let _ = article.display_title();
        }
        let _ = Article::parse_source(
            id,
            text,
            &ParseOptions {
                default_year: Some(2025),
                ..ParseOptions::default()
            },
        );
    }
}

fn config() -> ProptestConfig {
    // `cases` comes from PROPTEST_CASES (default 256).
    ProptestConfig {
        // Milliseconds per case, in a forked child: a stall fails instead of hanging CI.
        timeout: 60_000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(text) = corpus::decode(&bytes) {
            parse_everywhere(&text);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,2000}") {
        parse_everywhere(&text);
    }

    /// Every dateline reader returns a char boundary within the text; the dateline's raw
    /// text ends where the story begins and holds its place, date and agency as written.
    #[test]
    fn datelines_are_read_whole(
        pieces in proptest::collection::vec(proptest::sample::select(DATELINE_TOKENS), 0..40)
    ) {
        let text = pieces.concat();
        let plain = Dateline::parse(&text).map(|(d, rest)| (String::new(), d, rest));
        let found = [
            plain,
            Dateline::parse_after_byline(&text),
            Dateline::parse_after_headline(&text),
        ];
        for (before, dateline, rest) in found.into_iter().flatten() {
            prop_assert!(rest <= text.len() && text.is_char_boundary(rest), "{text:?}");
            prop_assert!(text.starts_with(before.as_str()), "{text:?}");
            prop_assert!(text[..rest].trim_end().ends_with(dateline.raw.as_str()), "{text:?}");
            prop_assert!(dateline.raw.contains(dateline.location.as_str()), "{text:?}");
            for part in [&dateline.date, &dateline.agency].into_iter().flatten() {
                prop_assert!(dateline.raw.contains(part.as_str()), "{text:?}");
            }
        }
    }

    #[test]
    fn structured_garbage_never_panics(
        pieces in proptest::collection::vec(proptest::sample::select(TOKENS), 0..400)
    ) {
        parse_everywhere(&pieces.concat());
    }
}

/// Pieces of attributed quotations: quote marks of both kinds, reporting verbs, names,
/// titles, asides, pronouns and paragraph breaks, for the quotation scanner and attributor.
const QUOTE_TOKENS: &[&str] = &[
    "\"",
    "“",
    "”",
    "'",
    "’",
    "’s",
    ", ",
    ". ",
    ": ",
    "; ",
    " — ",
    "(",
    ")",
    "\n\n",
    " ",
    "said",
    "says",
    "told reporters",
    "tweeted",
    "according to",
    "saying",
    "added",
    "Mr",
    "Mr.",
    "Sen.",
    "the senator",
    "he",
    "she",
    "they",
    "Tony Blair",
    "Blair",
    "Xi",
    "Xi Jinping",
    "a spokesman for Disney",
    "the CNN host",
    "former governor",
    "Jeb Bush",
    "who",
    "and",
    "We won",
    "It is over",
    "KCNA",
    "(KCNA)",
    "on Tuesday",
    "that",
    "U.S.",
    "é",
    "…",
];

/// Invariants of every quotation: words inside, no marks at the ends, a speaker only with
/// the form written at the quotation, and no empty names.
fn check_quotes(text: &str) {
    let Ok(article) = Article::parse("world/q.txt", text) else {
        return;
    };
    for quote in &article.quotes {
        assert!(quote.text.chars().any(char::is_alphanumeric), "{quote:?}");
        assert_eq!(quote.text.trim(), quote.text, "{quote:?}");
        assert_eq!(
            quote.speaker.is_some(),
            quote.speaker_as_written.is_some(),
            "{quote:?}"
        );
        for name in [
            &quote.speaker,
            &quote.speaker_as_written,
            &quote.speaker_role,
        ]
        .into_iter()
        .flatten()
        {
            assert!(!name.trim().is_empty(), "{quote:?}");
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn quotation_scanner_and_attributor_hold_their_invariants(
        pieces in proptest::collection::vec(proptest::sample::select(QUOTE_TOKENS), 0..300)
    ) {
        check_quotes(&pieces.concat());
    }

    #[test]
    fn every_balanced_quotation_is_found(
        words in proptest::collection::vec("[A-Za-z]{1,8}", 2..6),
        curly in any::<bool>(),
    ) {
        let (open, close) = if curly { ('“', '”') } else { ('"', '"') };
        let quoted = words.join(" ");
        let text = format!("Lee said, {open}{quoted}.{close} Then he left.");
        let article = Article::parse("world/q.txt", &text).unwrap();
        prop_assert_eq!(article.quotes.len(), 1);
        prop_assert_eq!(&article.quotes[0].text, &format!("{quoted}."));
        prop_assert_eq!(article.quotes[0].speaker.as_deref(), Some("Lee"));
    }
}

/// `piece` repeated to about 1 MB, on one line.
fn megabyte(piece: &str) -> String {
    piece.repeat(1_000_000 / piece.len() + 1)
}

#[test]
fn one_megabyte_paragraph_of_prose_and_quotes() {
    let text = format!(
        "A headline\n\nLONDON, March 3 (AP) - {}",
        megabyte("Officials met on Tuesday - again (briefly) - and talked at length about prices, rates and the outlook for the year ahead, without much result for anyone involved. Kim said, \"We agree.\" ")
    );
    let articles = Article::parse_source("a.txt", &text, &ParseOptions::default()).unwrap();
    assert_eq!(articles[0].dateline.as_ref().unwrap().location, "LONDON");
    assert!(articles[0].quotes.len() > 5_000);
    assert_eq!(articles[0].quotes[0].speaker.as_deref(), Some("Kim"));
}

#[test]
fn one_megabyte_of_quote_marks_dashes_and_parentheses() {
    for piece in [
        "\"",
        "“a ",
        "” said X, \"",
        "- (",
        "(AP) -- ",
        "'\"'",
        "—“”—",
    ] {
        parse_everywhere(&megabyte(piece));
    }
}

#[test]
fn one_megabyte_of_captions_and_dateline_pieces() {
    for piece in [
        "FILE PHOTO: A sign. REUTERS/Ann Lee\n\n",
        "Jo Ray\n\n",
        "TOKYO ",
        "By Kim ",
        "(Reuters) ",
        "Macrh 31 ",
        "; (AP)",
    ] {
        // The lead and dateline readers are the same for every format: plain text suffices.
        let text = megabyte(piece);
        let articles = Article::parse_source("a.txt", &text, &ParseOptions::default());
        assert!(articles.is_ok_and(|a| a.len() == 1), "{piece:?}");
    }
}

#[test]
fn one_megabyte_in_every_markup() {
    let body = megabyte("Prices rose, \"sharply,\" he said - again. ");
    let cases = [
        ("a.md", format!("---\ntitle: T\n---\n**{body}**")),
        ("a.md", megabyte("> *a **b [c](d) `e` _f ")),
        (
            "a.html",
            format!("<html><body><article><p>{body}</p></article></body></html>"),
        ),
        ("a.html", megabyte("<div><p>x</p><span>")),
        ("a.html", megabyte("<b><i><u>x")),
        (
            "a.json",
            format!(
                "{{\"title\": \"T\", \"body\": \"{}\"}}",
                body.replace('"', "\\\"")
            ),
        ),
        ("a.jsonl", megabyte("{\"title\": \"T\", \"body\": \"x\"}\n")),
        ("a.jsonl", megabyte("not json\n")),
        (
            "a.json",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        ),
    ];
    for (id, text) in cases {
        let parsed = Article::parse_source_all(id, &text, &ParseOptions::default());
        assert!(
            !parsed.articles.is_empty() || !parsed.rejected.is_empty(),
            "{id}"
        );
    }
}

/// A saved page of about `bytes` bytes shaped like a real one: navigation, a story of many
/// paragraphs with links, quotes, captions and ad slots, related links and a footer.
fn page_of(bytes: usize) -> String {
    let unit = "<div class=\"para-wrap\"><p>Officials met on <a href=\"/t\">Tuesday</a> and talked about prices, rates and the outlook, \u{201c}We agree on most of it,\u{201d} said Kim Lee, the minister.</p>\
<figure><img src=\"x.jpg\"><figcaption>Officials at the meeting</figcaption></figure>\
<div class=\"ad-slot\"><p>Advertisement</p></div></div>\n";
    let mut html = String::from(
        "<!DOCTYPE html><html><head><title>Talks go on | Newsdex</title></head><body>\
<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav>\
<article><h1>Talks go on</h1><p>LONDON, March 3 (NW) - The talks went on.</p>",
    );
    while html.len() < bytes {
        html.push_str(unit);
    }
    html.push_str("</article><aside class=\"related\"><a href=\"/r\">Related</a></aside><footer>(c) Newsdex</footer></body></html>");
    html
}

/// Seconds to parse `html` as a page.
fn seconds_to_parse(html: &str) -> f64 {
    let start = std::time::Instant::now();
    let articles =
        Article::parse_source("a.html", html, &ParseOptions::default()).expect("the page parses");
    assert_eq!(articles[0].title.as_deref(), Some("Talks go on"));
    assert!(articles[0].body.contains("We agree on most of it"));
    start.elapsed().as_secs_f64()
}

#[test]
fn five_megabyte_page_parses_in_linear_time() {
    let small = seconds_to_parse(&page_of(1_250_000));
    let large = seconds_to_parse(&page_of(5_000_000));
    // Four times the page: linear work takes about four times as long, quadratic sixteen.
    assert!(
        large < small * 8.0 + 0.5,
        "1.25 MB took {small:.2}s, 5 MB took {large:.2}s"
    );
}

#[test]
fn page_nested_100_000_elements_deep() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<b>", "</b>"),
        ("<table><tr><td>", "</td></tr></table>"),
    ] {
        let html = format!(
            "<!DOCTYPE html><html><head><title>Deep</title></head><body>{}<p>Officials met on Tuesday and talked about prices for a long time.</p>{}</body></html>",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        let start = std::time::Instant::now();
        let parsed = Article::parse_source_all("a.html", &html, &ParseOptions::default());
        assert!(!parsed.articles.is_empty(), "{open}");
        assert!(
            parsed.articles[0].body.contains("Officials met on Tuesday"),
            "{open}"
        );
        assert!(start.elapsed().as_secs() < 20, "{open}");
    }
}
