//! `query --timeline` (#14) on the bundled corpus (the exact chart and JSON) and on the
//! shared Reuters-21578 stories: every period's count plus the undated add up to the query's
//! `total_hits`, periods run without gaps, and the chart fits 80 columns. The Reuters part
//! skips visibly without `../shared` (fails under NEWSDEX_REQUIRE_SHARED=1).

mod util;

use serde_json::{json, Value};
use util::*;

#[test]
fn bundled_corpus_timeline_is_exact_in_text_and_json() {
    let output = query_bundled(&[
        "query",
        "oil",
        "--timeline",
        "month",
        "-n",
        "1",
        "--color",
        "never",
    ]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    let full = "█".repeat(68);
    let empty = " ".repeat(68);
    let mut expected = String::from("Timeline by month: 2 dated stories, 3 undated\n");
    expected += &format!("2025-03  {full}  1\n");
    for month in 4..=9 {
        expected += &format!("2025-{month:02}  {empty}  0\n");
    }
    expected += &format!("2025-10  {full}  1\n");
    let chart = &text[text
        .find("Timeline by month")
        .expect("a chart under the hits")..];
    assert_eq!(chart, expected);
    assert!(text.contains("1-1 of 5 matching stories\n"), "{text}");

    let output = query_bundled(&["query", "oil", "--timeline", "year", "--format", "json"]);
    assert_exit(&output, 0);
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["total_hits"], 5);
    assert_eq!(
        json["timeline"],
        json!([{"period": "2025", "count": 2, "first": "2025-01-01", "last": "2025-12-31"}])
    );
    assert_eq!(json["undated"], 3);
}

#[test]
fn reuters_timelines_add_up_to_the_query_counts() {
    let Some(stories) = shared("corpora/reuters") else {
        return;
    };
    let index = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    newsdex::indexer::build(&stories, index.path(), &Default::default(), |_, _| {}).unwrap();
    let run = |args: &[&str]| {
        newsdex()
            .arg("--index")
            .arg(index.path())
            .args(["--color", "never"])
            .args(args)
            .output()
            .unwrap()
    };
    println!(
        "{:<22} {:>6} {:>7} {:>8}  first..last",
        "query", "hits", "periods", "undated"
    );
    for query in ["cocoa", "crude oil", "interest rates", "wheat", "yen"] {
        for by in ["day", "week", "month", "year"] {
            let output = run(&["query", query, "--timeline", by, "--format", "json"]);
            assert_exit(&output, 0);
            let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
            let periods = json["timeline"].as_array().unwrap();
            let dated: u64 = periods.iter().map(|p| p["count"].as_u64().unwrap()).sum();
            let undated = json["undated"].as_u64().unwrap();
            assert_eq!(
                dated + undated,
                json["total_hits"].as_u64().unwrap(),
                "{query} by {by}"
            );
            assert!(periods
                .iter()
                .all(|p| p["period"].as_str().unwrap().starts_with("1987")));
            for pair in periods.windows(2) {
                let (a, b) = (
                    pair[0]["last"].as_str().unwrap(),
                    pair[1]["first"].as_str().unwrap(),
                );
                assert!(a < b, "{query} by {by}: {a} then {b}");
            }
            if by == "month" {
                println!(
                    "{query:<22} {:>6} {:>7} {undated:>8}  {}..{}",
                    json["total_hits"],
                    periods.len(),
                    periods[0]["period"].as_str().unwrap(),
                    periods[periods.len() - 1]["period"].as_str().unwrap()
                );
            }
        }
        let text = stdout(&run(&["query", query, "--timeline", "day", "-n", "1"]));
        let chart = &text[text
            .find("Timeline by day: ")
            .expect("a chart under the hits")..];
        assert!(chart.lines().all(|l| l.chars().count() <= 80), "{chart}");
        assert!(
            chart.lines().nth(1).unwrap().starts_with("1987-"),
            "{chart}"
        );
    }
}
