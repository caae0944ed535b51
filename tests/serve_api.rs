//! `newsdex serve`'s JSON API (#14): the server runs in-process on a free loopback port and
//! its answers are checked against what the CLI prints for the same request.

mod http;
mod util;

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use newsdex::serve::{self, Limits};
use serde_json::{json, Value};
use util::*;

/// One server over the bundled index per test binary.
fn bundled_server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| serve::spawn_local(bundled_index(), Limits::default()).unwrap())
}

fn get(target: &str) -> http::Response {
    http::get(bundled_server(), target).unwrap()
}

/// A JSON document without its timing, which differs run to run.
fn untimed(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("took_ms");
    }
    value
}

fn cli_json(args: &[&str]) -> Value {
    // Run outside the corpus, so `path` stays as stored instead of relative to the cwd.
    let output = newsdex()
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .arg("--index")
        .arg(bundled_index())
        .args(args)
        .output()
        .unwrap();
    untimed(serde_json::from_str(&stdout(&output)).expect("the CLI prints JSON"))
}

#[test]
fn search_answers_what_query_format_json_prints() {
    for (query, extra) in [
        ("opec output cuts", ""),
        ("oil", "&facets=1"),
        ("speaker:xi", ""),
        ("rates", "&sort=newest&n=3&offset=1"),
        ("central bank tariffs", ""), // no story has all: no fallback unless asked
        ("central bank tariffs", "&fallback=1"),
    ] {
        let response = get(&format!("/api/search?q={}{extra}", http::encode(query)));
        assert_eq!(response.status, 200, "{query}: {}", response.text());
        assert_eq!(response.header("content-type"), Some("application/json"));
        let mut args = vec!["query", query, "--format", "json"];
        if extra.contains("facets") {
            args.push("--facets");
        }
        if extra.contains("fallback") {
            args.push("--fallback");
        }
        if extra.contains("newest") {
            args.extend(["--sort", "newest", "-n", "3", "--offset", "1"]);
        }
        assert_eq!(untimed(response.json()), cli_json(&args), "{query}");
    }
}

#[test]
fn search_finds_the_known_first_hit_with_highlights() {
    let body = get("/api/search?q=opec+output+cuts&n=1").json();
    assert_eq!(body["total_hits"], 2);
    let hit = &body["hits"][0];
    assert_eq!(hit["id"], "business/opec-output-cuts.txt");
    assert_eq!(
        hit["title"],
        "OPEC+ Agrees Deeper Output Cuts as Crude Slides Below $70"
    );
    assert_eq!(hit["location"], "VIENNA");
    assert_eq!(hit["agency"], "Reuters");
    let snippet = hit["snippet"].as_str().unwrap();
    let marked: Vec<&str> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert!(
        marked.iter().any(|w| w.eq_ignore_ascii_case("output")),
        "{marked:?}"
    );
}

#[test]
fn filters_narrow_the_hits() {
    let all = get("/api/search?q=rates").json();
    let london = get("/api/search?q=rates&location=london").json();
    assert_eq!(all["total_hits"], 6);
    assert_eq!(london["total_hits"], 1);
    assert_eq!(london["hits"][0]["location"], "LONDON");
    let two = get("/api/search?q=rates&location=london&location=tokyo").json();
    assert_eq!(two["total_hits"], 2);
    // Tags filter what the `tags` facet counts (the page links each tag to `tag=`).
    let said = get("/api/search?q=said&facets=1").json();
    let unions = &said["facets"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["value"] == "trams")
        .unwrap()["count"];
    let tagged = get("/api/search?q=said&tag=Trams").json();
    assert_eq!(tagged["total_hits"], *unions);
    assert_eq!(
        tagged["hits"][0]["id"],
        "politics/manchester-tram-strike-called-off.md"
    );
}

#[test]
fn timeline_counts_add_up_to_the_query_counts() {
    for query in ["oil", "rates", "summit", "the", "central bank tariffs"] {
        let q = http::encode(query);
        let total = get(&format!("/api/search?q={q}&fallback=1")).json()["total_hits"]
            .as_u64()
            .unwrap();
        for by in ["day", "week", "month", "year"] {
            let timeline = get(&format!("/api/timeline?q={q}&by={by}&fallback=1")).json();
            assert_eq!(timeline["by"], by);
            let dated: u64 = timeline["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["count"].as_u64().unwrap())
                .sum();
            assert_eq!(
                dated + timeline["undated"].as_u64().unwrap(),
                total,
                "{query} by {by}"
            );
            let cli = cli_json(&[
                "query",
                query,
                "--format",
                "json",
                "--timeline",
                by,
                "--fallback",
            ]);
            assert_eq!(timeline["timeline"], cli["timeline"], "{query} by {by}");
            assert_eq!(timeline["undated"], cli["undated"], "{query} by {by}");
        }
    }
}

#[test]
fn timeline_of_a_known_query_is_exact() {
    assert_eq!(
        get("/api/timeline?q=oil&by=year").json(),
        json!({"by": "year", "timeline": [
            {"period": "2025", "count": 2, "first": "2025-01-01", "last": "2025-12-31"}
        ], "undated": 3})
    );
    let months = get("/api/timeline?q=oil").json();
    assert_eq!(months["by"], "month");
    let periods: Vec<(&str, u64)> = months["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["period"].as_str().unwrap(), p["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(periods.first(), Some(&("2025-03", 1)));
    assert_eq!(periods.last(), Some(&("2025-10", 1)));
    assert_eq!(periods.len(), 8, "empty months in between are listed");
}

#[test]
fn story_answers_what_parse_prints() {
    let id = "business/opec-output-cuts.txt";
    let response = get(&format!("/api/story/{id}"));
    assert_eq!(response.status, 200, "{}", response.text());
    let story = response.json();
    let parsed = newsdex()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["parse", "corpus/business/opec-output-cuts.txt"])
        .output()
        .unwrap();
    let mut parsed: Value = serde_json::from_str(&stdout(&parsed)).unwrap();
    // The file is unchanged since indexing, so every field is `parse`'s, the dateline as
    // written and the byline included; only the path is absolute (it opens from anywhere).
    assert!(story["path"]
        .as_str()
        .unwrap()
        .ends_with("/corpus/business/opec-output-cuts.txt"));
    parsed["path"] = story["path"].clone();
    assert_eq!(story, parsed);
    assert_eq!(story["dateline"]["location"], "VIENNA");
    assert!(!story["dateline"]["raw"].as_str().unwrap().is_empty());
    // Ids holding '#' (stories of JSON-lines files) are percent-encoded in the path.
    assert_eq!(
        get("/api/story/world%2Fkim-xi-beijing-summit.txt").status,
        200
    );
}

#[test]
fn stats_answers_what_stats_format_json_prints() {
    let mut api = get("/api/stats").json();
    let output = query_bundled(&["stats", "--format", "json"]);
    let mut cli: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(api["stories"], 48);
    // The folder's size and write time may differ by a commit's lock file; the rest may not.
    for value in [&mut api, &mut cli] {
        value.as_object_mut().unwrap().remove("size_bytes");
    }
    assert_eq!(api, cli);
}

#[test]
fn errors_are_one_line_json_with_their_status() {
    let cases: &[(&str, u16, &str)] = &[
        ("/api/search?q=foo:bar", 400, "unknown field 'foo' in query: use one of title, body, quotes, speaker, location, agency, category, tags, byline, published, id"),
        ("/api/search?q=published:%5Bx+TO+y%5D", 400, "query cannot be run: 'x' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. published:[2025-09-01 TO 2025-09-30]"),
        ("/api/search?q=", 400, "the query is empty: give at least one word to search for"),
        ("/api/search?q=a&n=500", 400, "'500' is not a valid n: give a whole number from 1 to 100"),
        ("/api/search?q=a&offset=-1", 400, "'-1' is not a valid offset: give a whole number from 0 to 10000"),
        ("/api/search?q=a&since=soon", 400, "since: 'soon' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("/api/timeline?q=oil&by=decade", 400, "'decade' is not a timeline period: use day, week, month or year"),
        ("/api/story/world/no-such-story.txt", 404, "no story 'world/no-such-story.txt' in the index: ids are as in hits, e.g. from /api/search"),
        ("/api/nothing", 404, "no such page: /api/nothing"),
    ];
    for &(target, status, message) in cases {
        let response = get(target);
        assert_eq!(response.status, status, "{target}: {}", response.text());
        assert_eq!(
            response.header("content-type"),
            Some("application/json"),
            "{target}"
        );
        assert_eq!(response.json(), json!({ "error": message }), "{target}");
    }
    let long = format!("/api/search?q={}", "a".repeat(1_001));
    assert_eq!(get(&long).status, 400);
    let deep = format!(
        "/api/search?q={}",
        http::encode(&format!("{}a{}", "(".repeat(40), ")".repeat(40)))
    );
    assert_eq!(get(&deep).status, 400);
}

#[test]
fn no_file_outside_the_index_is_served() {
    for target in [
        "/../Cargo.toml",
        "/..%2fCargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/api/story/..%2F..%2FCargo.toml",
        "/api/story/../../Cargo.toml",
        "/api/story/%2Fetc%2Fpasswd",
        "/index/meta.json",
        "/meta.json",
        "/api/story/meta.json",
    ] {
        let response = get(target);
        assert_eq!(response.status, 404, "{target}: {}", response.text());
        let text = response.text();
        assert!(
            !text.contains("[package]") && !text.contains("root:") && !text.contains("segments"),
            "{target} leaked a file: {text}"
        );
    }
}

#[test]
fn page_and_assets_come_from_the_binary_with_a_strict_policy() {
    let page = get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.text().contains("<script src=\"/assets/app.js\""));
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(get("/assets/app.js").status, 200);
    assert_eq!(get("/assets/app.css").status, 200);
}

#[test]
fn a_missing_index_is_503_until_one_is_built_and_new_commits_are_picked_up() {
    let env = TestEnv::new();
    env.write(
        "world/first.txt",
        "Harbour reopens\n\nLISBON, March 2 (Reuters) - The harbour of Lisbon reopened.\n",
    );
    let addr = serve::spawn_local(&env.index(), Limits::default()).unwrap();
    let response = http::get(addr, "/api/search?q=harbour").unwrap();
    assert_eq!(response.status, 503);
    assert_eq!(
        response.json()["error"],
        newsdex::IndexError::Missing(env.index()).to_string()
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let total =
        |addr| http::get(addr, "/api/search?q=harbour").unwrap().json()["total_hits"].clone();
    assert_eq!(total(addr), 1);
    // A second `index` run commits while the server runs: no restart needed.
    env.write(
        "world/second.txt",
        "Harbour strike\n\nPORTO, March 3 (Reuters) - Harbour workers in Porto struck.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let started = Instant::now();
    while total(addr) != 2 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the new commit was not picked up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn story_text_reaches_json_verbatim_and_never_as_html() {
    let env = TestEnv::new();
    env.write(
        "world/script.txt",
        "Hostile <script>alert(1)</script> headline\n\nPARIS, May 1 (AFP) - A story with \
         <script>document.title='pwned'</script> inside and <img src=x onerror=alert(2)>.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let addr = serve::spawn_local(&env.index(), Limits::default()).unwrap();
    let response = http::get(addr, "/api/search?q=hostile").unwrap();
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    let hit = &response.json()["hits"][0];
    assert_eq!(hit["title"], "Hostile <script>alert(1)</script> headline");
    let story = http::get(addr, "/api/story/world/script.txt")
        .unwrap()
        .json();
    assert!(story["body"]
        .as_str()
        .unwrap()
        .contains("<script>document.title='pwned'</script>"));
}

#[test]
fn a_story_whose_file_changed_since_indexing_shows_what_the_index_keeps() {
    let env = TestEnv::new();
    env.write(
        "world/port.txt",
        "Harbour strike\n\nPORTO, March 3 (Reuters) - Harbour workers in Porto struck.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let addr = serve::spawn_local(&env.index(), Limits::default()).unwrap();
    let fresh = http::get(addr, "/api/story/world/port.txt").unwrap().json();
    assert_eq!(fresh["dateline"]["raw"], "PORTO, March 3 (Reuters) -");

    env.write(
        "world/port.txt",
        "Harbour strike over\n\nPORTO, March 4 (Reuters) - Harbour workers went back.\n",
    );
    let stale = http::get(addr, "/api/story/world/port.txt").unwrap().json();
    assert_eq!(
        stale["title"], "Harbour strike",
        "the indexed story, not the edited file"
    );
    assert_eq!(stale["dateline"]["raw"], "");
    assert_eq!(stale["dateline"]["location"], "PORTO");
}

#[test]
fn a_rebuilt_index_is_answered_from_the_next_request_on() {
    let env = TestEnv::new();
    env.write(
        "world/first.txt",
        "Harbour reopens\n\nLISBON, March 2 (Reuters) - The harbour of Lisbon reopened.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let addr = serve::spawn_local(&env.index(), Limits::default()).unwrap();
    let ids = |addr| -> Vec<Value> {
        let body = http::get(addr, "/api/search?q=harbour").unwrap().json();
        body["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| hit["id"].clone())
            .collect()
    };
    assert_eq!(ids(addr), [json!("world/first.txt")]);

    std::fs::remove_file(env.corpus().join("world/first.txt")).unwrap();
    env.write(
        "world/second.txt",
        "Harbour strike\n\nPORTO, March 3 (Reuters) - Harbour workers in Porto struck.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "--rebuild", "-q"]), 0);
    // The rebuild put a new folder at the index's path: the server reads it at once, the
    // story only the old folder held is gone.
    assert_eq!(ids(addr), [json!("world/second.txt")]);
    let story = http::get(addr, "/api/story/world/first.txt").unwrap();
    assert_eq!(story.status, 404, "{}", story.text());
}
