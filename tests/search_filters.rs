//! Filter flags, sorting, pagination and facets over the bundled corpus (#4).

mod util;

use serde_json::Value;
use util::*;

fn ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "jsonl"]);
    if !args.contains(&"-n") {
        all.extend_from_slice(&["-n", "50"]);
    }
    let mut ids: Vec<String> = ranked_ids(&query_bundled(&all));
    if !args.contains(&"--sort") {
        ids.sort(); // these tests are about which stories, not their order
    }
    ids
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&stdout(&query_bundled(&all))).unwrap()
}

#[test]
fn since_and_until_take_years_months_and_days() {
    assert_eq!(
        ids(&[
            "said",
            "--since",
            "2025",
            "--until",
            "2025-03-14",
            "--sort",
            "oldest"
        ]),
        [
            "politics/berlin-coalition-talks-collapse.txt",
            "politics/2025/02/26/virginia-budget-vote.txt",
            "science/geneva-climate-summit-methane.txt",
            "health/leeds-measles-outbreak.md",
        ]
    );
    assert_eq!(
        ids(&["said", "--since", "2025-10", "--sort", "newest"]),
        [
            "science/coral-spawning-survey.md",
            "health/2025/11/18/australia-nicotine-pouch-rules.txt",
            "world/2025/10/14/mombasa-grain-corridor.txt",
            "politics/manchester-tram-strike-called-off.md",
        ]
    );
    assert_eq!(ids(&["said", "--until", "2024"]), Vec::<String>::new());
}

#[test]
fn a_bad_date_flag_is_a_usage_error() {
    let output = query_bundled(&["query", "said", "--since", "last week"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains(
            "invalid value 'last week' for '--since <DATE>': 'last week' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn place_filters_match_whole_names_in_any_case() {
    assert_eq!(
        ids(&["said", "--location", "washington"]),
        [
            "business/fed-holds-rates-steady.txt",
            "business/us-trade-deficit-record.txt",
            "health/fda-approves-noravelin.txt",
            "politics/senate-steel-tariffs-vote.txt",
            "tech/ai-regulation-bill.txt",
            "world/tanker-marisol-star-seized.txt",
        ]
    );
    // Repeating a flag means any of the values; "new york" is one name, not two words.
    assert_eq!(
        ids(&["said", "--location", "New York", "--location", "SEOUL"]),
        [
            "business/oil-falls-us-stockpiles.txt",
            "sport/kbo-korean-series.txt",
            "tech/hanbit-tri-fold-phone.txt",
            "world/kim-xi-beijing-summit.txt",
        ]
    );
    assert_eq!(ids(&["said", "--location", "york"]), Vec::<String>::new());
}

#[test]
fn agency_and_category_filters_combine() {
    assert_eq!(
        ids(&["said", "--agency", "ap", "--category", "Business"]),
        [
            "business/fed-holds-rates-steady.txt",
            "business/oil-falls-us-stockpiles.txt",
        ]
    );
    assert_eq!(
        json(&["said", "--agency", "reuters", "--agency", "AJP"])["total_hits"],
        13 // two stories sign off "Reuter" with no agency in their dateline (#17)
    );
}

#[test]
fn speaker_filter_takes_full_names_or_surnames() {
    assert_eq!(
        ids(&["said", "--speaker", "ferrand"]),
        ["business/oil-falls-us-stockpiles.txt"]
    );
    assert_eq!(
        ids(&["said", "--speaker", "MARCO FERRAND"]),
        ["business/oil-falls-us-stockpiles.txt"]
    );
    assert_eq!(
        ids(&["said", "--speaker", "ferrand", "--speaker", "xi"]),
        [
            "business/oil-falls-us-stockpiles.txt",
            "world/kim-xi-beijing-summit.txt",
        ]
    );
    // Any whole word of the name finds them: family names come first in `Xi Jinping`.
    assert_eq!(
        ids(&["said", "--speaker", "marco"]),
        ["business/oil-falls-us-stockpiles.txt"]
    );
    assert_eq!(ids(&["said", "--speaker", "marc"]), Vec::<String>::new());
}

#[test]
fn tag_filter_takes_whole_tags_in_any_case() {
    assert_eq!(
        ids(&["said", "--tag", "unions"]),
        ["politics/manchester-tram-strike-called-off.md"]
    );
    assert_eq!(
        ids(&["said", "--tag", "UNIONS", "--tag", "measles"]),
        [
            "health/leeds-measles-outbreak.md",
            "politics/manchester-tram-strike-called-off.md",
        ]
    );
    // A tag is matched whole: "union" is not "unions".
    let output = query_bundled(&["query", "said", "--tag", "union"]);
    assert_exit(&output, 1);
    assert_eq!(
        stderr(&output),
        "newsdex: no story matches 'said' with --tag union (48 match without filters)\n"
    );
}

#[test]
fn filters_do_not_change_scores() {
    let plain = json(&["crude", "-n", "1"]);
    let filtered = json(&["crude", "-n", "1", "--agency", "ap"]);
    assert_eq!(plain["hits"][0]["id"], filtered["hits"][0]["id"]);
    assert_eq!(plain["hits"][0]["score"], filtered["hits"][0]["score"]);
}

#[test]
fn date_sorts_put_undated_stories_last_by_relevance() {
    let newest = ids(&["rates OR summit", "--sort", "newest", "-n", "4"]);
    assert_eq!(
        newest,
        [
            "health/leeds-measles-outbreak.md",
            "science/geneva-climate-summit-methane.txt",
            "business/bank-of-england-cuts-rates.txt",
            "business/bank-of-japan-raises-rates.txt",
        ]
    );
    let oldest = ids(&["rates OR summit", "--sort", "oldest", "-n", "3"]);
    assert_eq!(
        oldest,
        [
            "science/geneva-climate-summit-methane.txt",
            "health/leeds-measles-outbreak.md",
            "business/bank-of-england-cuts-rates.txt",
        ]
    );
}

#[test]
fn pages_follow_on_and_the_total_is_exact() {
    let all = ranked_ids(&query_bundled(&[
        "query", "said", "--format", "jsonl", "-n", "50",
    ]));
    assert_eq!(all.len(), 48);
    let page = ranked_ids(&query_bundled(&[
        "query", "said", "--format", "jsonl", "-n", "3", "--offset", "2",
    ]));
    assert_eq!(page, all[2..5]);
    let doc = json(&["said", "-n", "3", "--offset", "2"]);
    assert_eq!(doc["total_hits"], 48);
    assert_eq!(doc["hits"][0]["rank"], 3);
}

#[test]
fn facets_count_every_match_not_just_the_page() {
    let doc = json(&["rates", "-n", "1", "--facets"]);
    assert_eq!(doc["total_hits"], 6);
    assert_eq!(doc["hits"].as_array().unwrap().len(), 1);
    let facets = &doc["facets"];
    assert_eq!(
        facets["agency"],
        serde_json::json!([
            {"value": "AP", "count": 2}, {"value": "NW", "count": 2},
            {"value": "AJP", "count": 1}, {"value": "Reuters", "count": 1}
        ])
    );
    assert_eq!(
        facets["category"],
        serde_json::json!([
            {"value": "business", "count": 3}, {"value": "health", "count": 1},
            {"value": "politics", "count": 1}, {"value": "sport", "count": 1}
        ])
    );
    assert_eq!(facets["location"].as_array().unwrap().len(), 6);
}

#[test]
fn facets_count_a_person_once_and_fold_case() {
    let doc = json(&["crude OR ferrand", "--facets"]);
    let speakers = doc["facets"]["speaker"].as_array().unwrap().clone();
    let ferrand: Vec<&Value> = speakers
        .iter()
        .filter(|s| s["value"].as_str().unwrap().contains("Ferrand"))
        .collect();
    assert_eq!(
        ferrand,
        [&serde_json::json!({"value": "Marco Ferrand", "count": 1})]
    );
    // "Washington" (CNN) and "WASHINGTON" (AP) are one place, shown as most stories write it.
    let doc = json(&["said", "--facets"]);
    assert_eq!(
        doc["facets"]["location"][0],
        serde_json::json!({"value": "WASHINGTON", "count": 6})
    );
}

#[test]
fn facets_print_after_the_hits_in_text() {
    let output = query_bundled(&["query", "noravelin", "--facets", "--color", "never"]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    let tail = text.split_once("1-1 of 1 matching story\n\n").unwrap().1;
    assert_eq!(
        tail,
        "location  WASHINGTON 1\n\
         agency    AP 1\n\
         category  health 1\n\
         speaker   Michael Osterhout 1 · Renee Whitford 1\n"
    );
}
