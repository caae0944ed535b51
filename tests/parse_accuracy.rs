//! Parser accuracy on real wire copy (issue 3), measured against `../shared/corpora`.
//!
//! Reuters-21578: each story's headline, dateline location (the part before the first
//! comma, case-insensitive), dateline date as written, and `published` (the dateline's month
//! and day in the path's year) are compared with `reuters-truth.jsonl`. BBC News: the
//! headline must be the first line of each file. The table is printed
//! (`cargo test --release --test parse_accuracy -- --nocapture`) and the test fails below
//! the floors. Skips, saying why, when the shared corpora are absent.

mod util;

use std::sync::LazyLock;

use newsdex::corpus::{self, Entry};
use newsdex::Article;
use regex::Regex;
use serde::Deserialize;
use util::accuracy::{parse_all, print_row, show_misses, Score};

/// Floors, just below what the parser measures (see the printed table).
const REUTERS_HEADLINE_FLOOR: f64 = 99.9;
const REUTERS_LOCATION_FLOOR: f64 = 99.9;
const REUTERS_DATE_FLOOR: f64 = 99.9;
const REUTERS_PUBLISHED_FLOOR: f64 = 99.9;
const BBC_HEADLINE_FLOOR: f64 = 100.0;
/// How many misses of each kind to print (`NEWSDEX_SHOW_MISSES=N` for more).
const SHOW_MISSES: usize = 5;

#[derive(Deserialize)]
struct Truth {
    path: String,
    title: Option<String>,
    dateline: Option<String>,
    location: Option<String>,
    date: String,
}

/// `Feb 26`, `FEb 26`, `March 3`, `2 March` inside a dateline, as written.
static WRITTEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b").unwrap()
});

fn month_day(written: &str) -> Option<(u8, u8)> {
    let mut month = None;
    let mut day = None;
    for word in written.split(|c: char| c.is_whitespace() || c == '.') {
        if let Ok(d) = word.parse::<u8>() {
            day = Some(d);
        } else if word.len() >= 3 {
            let prefix = word[..3].to_ascii_lowercase();
            month = [
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ]
            .iter()
            .position(|m| *m == prefix)
            .map(|i| i as u8 + 1);
        }
    }
    Some((month?, day?))
}

#[test]
fn reuters_and_bbc_accuracy() {
    let Some(shared) = util::shared_corpora() else {
        return;
    };
    let Some(truth_path) = util::shared("corpora/reuters-truth.jsonl") else {
        return;
    };
    let truth_text = std::fs::read_to_string(&truth_path).expect("reading reuters-truth.jsonl");
    let reuters = parse_all(&shared.join("reuters"));
    let (mut headline, mut location, mut date, mut published) = (
        Score::new(show_misses(SHOW_MISSES)),
        Score::new(show_misses(SHOW_MISSES)),
        Score::new(show_misses(SHOW_MISSES)),
        Score::new(show_misses(SHOW_MISSES)),
    );
    for line in truth_text.lines().filter(|l| !l.trim().is_empty()) {
        let truth: Truth = serde_json::from_str(line).expect("truth lines are JSON");
        let article = reuters.get(&truth.path);
        let id = &truth.path;
        let got_title = article.and_then(|a| a.title.as_deref());
        headline.check(got_title == truth.title.as_deref(), || {
            format!("{id}: title {got_title:?}, want {:?}", truth.title)
        });
        let dateline = article.and_then(|a| a.dateline.as_ref());
        if let Some(want) = &truth.location {
            let got = dateline.map(|d| {
                d.location
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_lowercase()
            });
            location.check(
                got.as_deref() == Some(want.trim().to_lowercase().as_str()),
                || {
                    format!(
                        "{id}: location {got:?}, want {want:?} ({:?})",
                        truth.dateline
                    )
                },
            );
        }
        let Some(want_date) = truth.dateline.as_deref().and_then(|d| WRITTEN_DATE.find(d)) else {
            continue;
        };
        let want_date = want_date.as_str();
        let got_date = dateline.and_then(|d| d.date.as_deref());
        date.check(got_date == Some(want_date), || {
            format!("{id}: date {got_date:?}, want {want_date:?}")
        });
        let year = &truth.date[..4];
        let want_published = month_day(want_date).map(|(m, d)| format!("{year}-{m:02}-{d:02}"));
        let got_published = article.and_then(|a| a.published).map(|p| p.to_string());
        published.check(
            got_published.is_some() && got_published == want_published,
            || format!("{id}: published {got_published:?}, want {want_published:?}"),
        );
    }

    let bbc_root = shared.join("bbc");
    let bbc = parse_all(&bbc_root);
    let mut bbc_headline = Score::new(show_misses(SHOW_MISSES));
    for entry in corpus::scan(&bbc_root).expect("bbc exists") {
        if let Entry::Story(source) = entry {
            let want = source
                .text
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(str::trim);
            let got = bbc.get(&source.id).and_then(|a| a.title.as_deref());
            bbc_headline.check(got == want, || {
                format!("{}: title {got:?}, want {want:?}", source.id)
            });
        }
    }

    println!("\nparser accuracy on ../shared/corpora");
    println!("{:<22} {:>15} {:>8}", "check", "stories", "accuracy");
    print_row("reuters headline", 22, &headline, REUTERS_HEADLINE_FLOOR);
    print_row("reuters location", 22, &location, REUTERS_LOCATION_FLOOR);
    print_row("reuters date", 22, &date, REUTERS_DATE_FLOOR);
    print_row("reuters published", 22, &published, REUTERS_PUBLISHED_FLOOR);
    print_row("bbc headline", 22, &bbc_headline, BBC_HEADLINE_FLOOR);

    assert!(headline.total > 10_000, "the truth file covers the corpus");
    for (name, score, floor) in [
        ("reuters headline", &headline, REUTERS_HEADLINE_FLOOR),
        ("reuters location", &location, REUTERS_LOCATION_FLOOR),
        ("reuters date", &date, REUTERS_DATE_FLOOR),
        ("reuters published", &published, REUTERS_PUBLISHED_FLOOR),
        ("bbc headline", &bbc_headline, BBC_HEADLINE_FLOOR),
    ] {
        assert!(
            score.percent() >= floor,
            "{name}: {:.2}% is below the {floor:.2}% floor",
            score.percent()
        );
    }
}

#[test]
fn bbc_pound_signs_decode_from_windows_1252() {
    let Some(shared) = util::shared_corpora() else {
        return;
    };
    let path = shared.join("bbc/sport/199.txt");
    let bytes = std::fs::read(&path).expect("bbc/sport/199.txt is readable");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is Windows-1252"
    );
    let text = corpus::read_text(&path).expect("decodes");
    let article = Article::parse("sport/199.txt", &text).unwrap();
    assert!(
        article.body.contains("a £15.8m signing"),
        "{}",
        article.body
    );
    assert_eq!(article.body.matches('£').count(), text.matches('£').count());
    assert!(!article.body.contains('\u{fffd}'));
}

#[test]
fn seed_story_has_the_speakers_a_careful_reader_names() {
    let Some(shared) = util::shared_corpora() else {
        return;
    };
    let seed = shared.join("seed");
    let Some(Entry::Story(source)) = corpus::scan(&seed).expect("seed exists").next() else {
        panic!("the seed folder holds one story");
    };
    let article = Article::parse(&source.id, &source.text).unwrap();
    assert_eq!(article.title, None);
    let dateline = article.dateline.as_ref().unwrap();
    assert_eq!(
        (
            dateline.location.as_str(),
            dateline.date.as_deref(),
            dateline.agency.as_deref()
        ),
        ("SEOUL", Some("September 05"), Some("AJP"))
    );
    assert_eq!(
        article.published, None,
        "no year anywhere: never invent one"
    );
    assert!(!article.body.contains("Copyright"));
    assert_eq!(
        article.credits,
        ["Copyright ⓒ Aju Press All rights reserved."]
    );
    // Each speaker is the fullest name the story gives (`Kim` is `Kim Jong-un`), with the
    // form written at the quotation kept beside it.
    type Row<'a> = (String, Option<&'a str>, Option<&'a str>);
    let got: Vec<Row<'_>> = article
        .quotes
        .iter()
        .map(|q| {
            (
                q.text.chars().take(40).collect(),
                q.speaker.as_deref(),
                q.speaker_as_written.as_deref(),
            )
        })
        .collect();
    let want: Vec<Row<'_>> = [
        ("Victory Day", None, None),
        (
            "historic occasion which further strength",
            Some("KCNA"),
            Some("KCNA"),
        ),
        (
            "invariability and invincibility",
            Some("KCNA"),
            Some("KCNA"),
        ),
        ("socialist", None, None),
        (
            "ever invariably support and encourage th",
            Some("Kim Jong-un"),
            Some("Kim"),
        ),
        (
            "sovereignty, territorial integrity and d",
            Some("Kim Jong-un"),
            Some("Kim"),
        ),
        (
            "good neighbors, good friends and good co",
            Some("Xi Jinping"),
            Some("Xi"),
        ),
        (
            "No matter how the international situatio",
            Some("Xi Jinping"),
            Some("Xi"),
        ),
        (
            "China has maintained an objective and ju",
            Some("China's Ministry of Foreign Affairs"),
            Some("China's Ministry of Foreign Affairs"),
        ),
        ("just position", Some("Pyongyang"), Some("Pyongyang")),
        (
            "China at the U.N. and other multilateral",
            Some("Pyongyang"),
            Some("Pyongyang"),
        ),
        (
            "more fruitful outcomes.",
            Some("North Korea"),
            Some("North Korea"),
        ),
    ]
    .into_iter()
    .map(|(text, speaker, written)| (text.to_string(), speaker, written))
    .collect();
    assert_eq!(got, want);
    let mut speakers = article.speakers();
    speakers.sort_unstable();
    assert_eq!(
        speakers,
        [
            "China's Ministry of Foreign Affairs",
            "KCNA",
            "Kim Jong-un",
            "North Korea",
            "Pyongyang",
            "Xi Jinping"
        ]
    );
}
