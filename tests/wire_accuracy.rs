//! Parser accuracy on modern wire copy (issue 10), measured against `../shared/corpora/wire2017`.
//!
//! 1,675 Reuters, AP and Bloomberg stories from 2012-2020 in `YYYY/MM/DD/` folders, with
//! `wire2017-truth.jsonl` giving each one's title, date and the agency its dateline names.
//! Checked: the dateline's agency (on the stories whose dateline names one), `published`
//! (on the stories with a known date), and the headline. The truth names a dateline's
//! agency only when it stands in a story's first 400 characters, so datelines found after
//! long captions are counted apart, not as errors. `published_from` is counted per source. The table is printed
//! (`cargo test --test wire_accuracy -- --nocapture`; `NEWSDEX_SHOW_MISSES=N` lists more misses) and the test fails below the floors.
//! Skips, saying why, when the shared corpus is absent. Runs in a few seconds in debug.

mod util;

use std::collections::HashMap;

use serde::Deserialize;
use util::accuracy::{parse_all, print_row, show_misses, Score};

/// Floors, just below what the parser measures (see the printed table).
const AGENCY_FLOOR: f64 = 99.4;
const PUBLISHED_FLOOR: f64 = 99.9;
const HEADLINE_FLOOR: f64 = 99.8;

#[derive(Deserialize)]
struct Truth {
    path: String,
    title: String,
    date: Option<String>,
    dateline_agency: Option<String>,
}

/// Agencies compare by name, ignoring case and the `Reuter`/`Reuters` spelling.
fn same_agency(got: &str, want: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches(['s', 'S']).to_lowercase();
    norm(got) == norm(want)
}

/// Titles compare word by word: spacing is not the headline.
fn same_title(got: &str, want: &str) -> bool {
    got.split_whitespace().eq(want.split_whitespace())
}

#[test]
fn wire2017_accuracy() {
    let Some(root) = util::shared("corpora/wire2017") else {
        return;
    };
    let Some(truth_path) = util::shared("corpora/wire2017-truth.jsonl") else {
        return;
    };
    let truth_text = std::fs::read_to_string(&truth_path).expect("reading wire2017-truth.jsonl");
    let articles = parse_all(&root);
    let mut sources: HashMap<String, usize> = HashMap::new();
    let (mut agency, mut beyond, mut published, mut headline) = (
        Score::new(show_misses(8)),
        Score::new(show_misses(8)),
        Score::new(show_misses(8)),
        Score::new(show_misses(8)),
    );
    for line in truth_text.lines().filter(|l| !l.trim().is_empty()) {
        let truth: Truth = serde_json::from_str(line).expect("truth lines are JSON");
        let id = &truth.path;
        let article = articles.get(id);
        let got_agency = article
            .and_then(|a| a.dateline.as_ref())
            .and_then(|d| d.agency.as_deref());
        match &truth.dateline_agency {
            Some(want) => agency.check(got_agency.is_some_and(|g| same_agency(g, want)), || {
                let raw = article.and_then(|a| a.dateline.as_ref()).map(|d| &d.raw);
                format!("{id}: agency {got_agency:?} ({raw:?}), want {want:?}")
            }),
            None => beyond.check(got_agency.is_none(), || {
                format!("{id}: agency {got_agency:?} where the truth names none")
            }),
        }
        let from = article
            .and_then(|a| a.published_from)
            .map_or("none", |f| f.as_str());
        *sources.entry(from.to_string()).or_default() += 1;
        if let Some(want) = &truth.date {
            let got = article.and_then(|a| a.published).map(|d| d.to_string());
            published.check(got.as_deref() == Some(want.as_str()), || {
                format!("{id}: published {got:?}, want {want:?}")
            });
        }
        let got_title = article.and_then(|a| a.title.as_deref());
        headline.check(
            got_title.is_some_and(|t| same_title(t, &truth.title)),
            || format!("{id}: title {got_title:?}, want {:?}", truth.title),
        );
    }

    println!("\nparser accuracy on ../shared/corpora/wire2017");
    println!("{:<26} {:>15} {:>8}", "check", "stories", "accuracy");
    print_row("dateline agency", 26, &agency, AGENCY_FLOOR);
    print_row("published", 26, &published, PUBLISHED_FLOOR);
    print_row("headline", 26, &headline, HEADLINE_FLOOR);
    println!(
        "(not scored) {} of {} stories whose truth names no agency have one past its first 400 chars",
        beyond.total - beyond.hits,
        beyond.total
    );
    let mut sources: Vec<_> = sources.into_iter().collect();
    sources.sort();
    let sources: Vec<String> = sources.iter().map(|(s, n)| format!("{s} {n}")).collect();
    println!("published_from: {}", sources.join(" · "));

    assert!(headline.total > 1_600, "the truth file covers the corpus");
    for (name, score, floor) in [
        ("dateline agency", &agency, AGENCY_FLOOR),
        ("published", &published, PUBLISHED_FLOOR),
        ("headline", &headline, HEADLINE_FLOOR),
    ] {
        assert!(
            score.percent() >= floor,
            "{name}: {:.2}% is below the {floor:.2}% floor",
            score.percent()
        );
    }
}
