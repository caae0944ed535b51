//! End-to-end behaviour of the `newsdex` binary over the bundled corpus (issue 2).

mod util;

use serde_json::{json, Value};
use util::*;

#[test]
fn index_prints_a_summary_and_counts_skipped_files() {
    let env = TestEnv::new();
    env.write(
        "world/a.txt",
        "Ferry sinks off coast\n\nATHENS, May 3 - A ferry sank.\n",
    )
    .write("world/empty.txt", "  \n")
    .write("world/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    .write("world/notes.pdf", "not a story")
    .write(
        "world/latin1.txt",
        b"Price rise\n\nLONDON - It cost \xA3600m.\n",
    );
    let output = env.cmd().arg("index").arg("corpus").output().unwrap();
    // A story file that is not text is a failure (#13): named, counted, exit 2.
    assert_exit(&output, 2);
    let summary = regex::Regex::new(r"in \d+\.\d+ s")
        .unwrap()
        .replace(&stderr(&output), "in T s")
        .to_string();
    assert_eq!(
        summary,
        "newsdex: skipped corpus/world/photo.txt: not text\n\
         added 2, updated 0, removed 0, unchanged 0, skipped 3 in T s\n"
    );
    assert_eq!(stdout(&output), "");

    let output = env.run(&["query", "£600m", "--format", "jsonl"]);
    assert_exit(&output, 0);
    assert_eq!(
        ranked_ids(&output),
        vec!["world/latin1.txt"],
        "Windows-1252 decoded"
    );
}

#[test]
fn reindexing_rebuilds_from_scratch() {
    let env = TestEnv::new();
    env.write("a.txt", "Old story about turnips\n\nText about turnips.\n");
    assert_exit(&env.cmd().arg("index").arg("corpus").output().unwrap(), 0);
    std::fs::remove_file(env.corpus().join("a.txt")).unwrap();
    env.write(
        "b.txt",
        "New story about radishes\n\nText about radishes.\n",
    );
    assert_exit(&env.cmd().arg("index").arg("corpus").output().unwrap(), 0);
    assert_exit(&env.run(&["query", "turnips"]), 1);
    assert_exit(&env.run(&["query", "radishes"]), 0);
}

#[test]
fn best_story_ranks_first() {
    let cases = [
        ("opec output cuts", "business/opec-output-cuts.txt"),
        ("\"trade deficit\"", "business/us-trade-deficit-record.txt"),
        (
            "interest rates inflation",
            "business/bank-of-england-cuts-rates.txt",
        ),
        ("kim xi summit", "world/kim-xi-beijing-summit.txt"),
        (
            "marathon record",
            "sport/2025/04/27/london-marathon-record.txt",
        ),
        ("tanker hormuz", "world/tanker-marisol-star-seized.txt"),
        ("copper", "business/2025/09/12/copper-prices-slide.txt"),
    ];
    for (query, expected) in cases {
        let top = top_ids(query, 3);
        assert_eq!(
            top.first().map(String::as_str),
            Some(expected),
            "query {query:?} ranked {top:?}"
        );
    }
}

#[test]
fn headline_match_outranks_body_match() {
    // "summit" is in four headlines and in the Kim-Xi body only.
    let top = top_ids("summit", 5);
    assert_eq!(top.len(), 5);
    assert_eq!(
        top.last().map(String::as_str),
        Some("world/kim-xi-beijing-summit.txt"),
        "{top:?}"
    );
}

#[test]
fn every_word_must_match_by_default() {
    // No story has both words: a script gets nothing (#17)...
    let strict = query_bundled(&["query", "copper opec", "--format", "jsonl"]);
    assert_exit(&strict, 1);
    // ...and asking for the fallback gives any word, saying so (#4).
    let all = query_bundled(&["query", "copper opec", "--format", "jsonl", "--fallback"]);
    assert_eq!(
        stderr(&all),
        "newsdex: no story has every word; showing stories with any of them\n"
    );
    let any = query_bundled(&["query", "copper opec", "--any", "--format", "jsonl"]);
    assert_eq!(ranked_ids(&any).len(), 3);
    assert_eq!(ranked_ids(&all), ranked_ids(&any));
}

#[test]
fn field_prefixes_find_the_right_stories() {
    let mut seoul = top_ids("location:seoul", 10);
    seoul.sort();
    assert_eq!(
        seoul,
        [
            "sport/kbo-korean-series.txt",
            "tech/hanbit-tri-fold-phone.txt",
            "world/kim-xi-beijing-summit.txt"
        ]
    );
    assert_eq!(
        top_ids("speaker:xi", 10),
        ["world/kim-xi-beijing-summit.txt"]
    );
    assert_eq!(
        top_ids("speaker:varga", 10),
        ["world/eu-summit-migration-pact.txt"]
    );
    assert_eq!(top_ids("agency:cnn", 10).len(), 2);
    assert_eq!(top_ids("category:health", 10).len(), 6);
    assert_eq!(
        top_ids("title:noravelin", 10),
        ["health/fda-approves-noravelin.txt"]
    );
    assert_eq!(
        top_ids("quotes:\"full consensus\"", 10),
        ["world/kim-xi-beijing-summit.txt"]
    );
}

#[test]
fn boolean_operators() {
    let oil_without_opec = top_ids("oil -opec", 10);
    assert!(
        !oil_without_opec.contains(&"business/opec-output-cuts.txt".to_string()),
        "{oil_without_opec:?}"
    );
    assert!(oil_without_opec.contains(&"world/tanker-marisol-star-seized.txt".to_string()));
    let either = top_ids("crude OR copper", 10);
    assert!(either.contains(&"business/2025/09/12/copper-prices-slide.txt".to_string()));
    assert!(either.contains(&"business/opec-output-cuts.txt".to_string()));
}

#[test]
fn json_contract_and_highlights_point_at_matched_words() {
    let output = query_bundled(&["query", "opec output cuts", "--format", "json", "-n", "2"]);
    assert_exit(&output, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(doc["query"], "opec output cuts");
    assert_eq!(doc["total_hits"], 2);
    let hit = &doc["hits"][0];
    for key in [
        "rank",
        "id",
        "path",
        "score",
        "title",
        "location",
        "agency",
        "published",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert_eq!(hit["rank"], 1);
    assert_eq!(hit["id"], "business/opec-output-cuts.txt");
    assert_eq!(hit["location"], "VIENNA");
    assert_eq!(hit["agency"], "Reuters");
    assert_eq!(
        hit["published"],
        serde_json::Value::Null,
        "no year anywhere in the story or its path"
    );
    let snippet = hit["snippet"].as_str().unwrap().as_bytes();
    let words: Vec<String> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            String::from_utf8(
                snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_vec(),
            )
            .unwrap()
            .to_lowercase()
        })
        .collect();
    assert!(!words.is_empty());
    for word in &words {
        assert!(
            ["opec", "output", "outputs", "cut", "cuts"].contains(&word.as_str()),
            "highlighted {word:?}"
        );
    }
}

#[test]
fn stemmed_forms_match_and_are_highlighted() {
    let output = query_bundled(&["query", "talks", "--format", "jsonl", "-n", "1"]);
    let hit: serde_json::Value =
        serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
    let snippet = hit["snippet"].as_str().unwrap();
    let r = &hit["highlights"][0];
    let word = &snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize];
    assert!(
        word.eq_ignore_ascii_case("talks") || word.eq_ignore_ascii_case("talk"),
        "{word}"
    );
}

#[test]
fn published_date_comes_from_a_dated_path() {
    let output = query_bundled(&["query", "copper", "--format", "jsonl", "-n", "1"]);
    let hit: serde_json::Value =
        serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
    assert_eq!(hit["published"], "2025-09-12");
    assert_eq!(
        hit["path"]
            .as_str()
            .unwrap()
            .replace('\\', "/")
            .rsplit("corpus/")
            .next()
            .unwrap(),
        "business/2025/09/12/copper-prices-slide.txt"
    );
}

#[test]
fn text_output_shows_rank_headline_meta_and_snippet() {
    let output = query_bundled(&["query", "noravelin", "-n", "1", "--color", "never"]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "1. FDA Approves Noravelin, First Daily Pill for Obesity"
    );
    assert!(
        lines[1].starts_with("   WASHINGTON · AP · "),
        "{}",
        lines[1]
    );
    // The meta line holds an absolute path, so it may wrap: read it with wraps undone.
    let meta: Vec<&str> = lines[1..].iter().map(|l| l.trim()).collect();
    let meta = meta.join(" ");
    let meta_pattern =
        r"^WASHINGTON · AP · \S*health/fda-approves-noravelin\.txt · score \d+\.\d\d ";
    assert!(
        regex::Regex::new(meta_pattern).unwrap().is_match(&meta),
        "{text}"
    );
    assert!(lines[2].starts_with("   "));
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "fits 80 columns:\n{text}"
    );
    assert_eq!(lines.last(), Some(&"1-1 of 1 matching story"));
    assert!(!text.contains('\x1b'));
}

#[test]
fn story_without_headline_shows_its_first_words() {
    let output = query_bundled(&["query", "speaker:xi", "--color", "never"]);
    let first = stdout(&output).lines().next().unwrap().to_string();
    assert_eq!(
        first,
        "1. North Korean leader Kim Jong-un held talks with Chinese President Xi Jinping…"
    );
}

#[test]
fn color_follows_the_flag_the_terminal_and_no_color() {
    let colored = query_bundled(&["query", "noravelin", "--color", "always"]);
    assert!(
        stdout(&colored).contains("\x1b[1;31m") || stdout(&colored).contains("\x1b[31m"),
        "{:?}",
        stdout(&colored)
    );
    let piped = query_bundled(&["query", "noravelin"]);
    assert!(!stdout(&piped).contains('\x1b'));
    let tty = newsdex()
        .env("NEWSDEX_TEST_FORCE_TTY", "1")
        .arg("--index")
        .arg(bundled_index())
        .args(["query", "noravelin"])
        .output()
        .unwrap();
    assert!(stdout(&tty).contains('\x1b'));
    let no_color = newsdex()
        .env("NEWSDEX_TEST_FORCE_TTY", "1")
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(bundled_index())
        .args(["query", "noravelin"])
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\x1b'));
}

#[test]
fn search_is_an_alias_of_query_and_words_join() {
    let output = query_bundled(&[
        "search", "opec", "output", "cuts", "--format", "jsonl", "-n", "1",
    ]);
    assert_eq!(ranked_ids(&output), ["business/opec-output-cuts.txt"]);
}

#[test]
fn limit_caps_the_hits() {
    assert_eq!(top_ids("said", 4).len(), 4);
}

#[test]
fn nothing_found_exits_1() {
    let output = query_bundled(&["query", "zzyzx"]);
    assert_exit(&output, 1);
    assert_eq!(stdout(&output), "");
    assert_eq!(stderr(&output), "newsdex: no story matches 'zzyzx'\n");
}

#[test]
fn errors_are_one_line_with_exit_2() {
    let env = TestEnv::new();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["query", "oil"], format!("newsdex: no index at '{}' — run `newsdex index` first\n", env.index().display())),
        (vec!["index", "missing-folder"], "newsdex: corpus folder 'missing-folder' does not exist: pass the folder of stories to index\n".to_string()),
    ];
    for (args, expected) in cases {
        let output = env.cmd().args(&args).output().unwrap();
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
    let cases = [
        ("foo:bar", "newsdex: unknown field 'foo' in query: use one of title, body, quotes, speaker, location, agency, category, tags, byline, published, id\n"),
        ("published:2025-13", "newsdex: query cannot be run: '2025-13' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. published:[2025-09-01 TO 2025-09-30]\n"),
        ("-- -oil", "newsdex: query cannot be run: it only excludes words; add a word to search for\n"),
    ];
    for (query, expected) in cases {
        let mut args = vec!["query"];
        args.extend(
            query
                .split_once("-- ")
                .map_or(vec![query], |(_, q)| vec!["--", q]),
        );
        let output = query_bundled(&args);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), expected, "{query:?}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let output = newsdex()
        .args(["query", "oil", "-n", "ten"])
        .output()
        .unwrap();
    assert_exit(&output, 2);
}

#[test]
fn a_foreign_index_folder_is_refused() {
    let env = TestEnv::new();
    env.write("a.txt", "Story\n\nText.\n");
    std::fs::create_dir(env.index()).unwrap();
    std::fs::write(env.index().join("thesis.docx"), "precious").unwrap();
    let output = env.cmd().arg("index").arg("corpus").output().unwrap();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!("newsdex: '{}' is not a newsdex index (it already holds 'thesis.docx'): pick another folder for --index\n", env.index().display())
    );
    // --rebuild never empties a folder that holds no index, so the message never offers it.
    let output = env
        .cmd()
        .args(["index", "corpus", "--rebuild"])
        .output()
        .unwrap();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!("newsdex: '{}' is not a newsdex index (it holds files that are not an index): pick another folder for --index\n", env.index().display())
    );
    assert_eq!(
        std::fs::read_to_string(env.index().join("thesis.docx")).unwrap(),
        "precious"
    );
}

#[test]
fn index_path_comes_from_the_environment() {
    let env = TestEnv::new();
    env.write("a.txt", "Story about parsnips\n\nText.\n");
    let output = newsdex()
        .current_dir(env.root.path())
        .env("NEWSDEX_INDEX", "elsewhere")
        .args(["index", "corpus"])
        .output()
        .unwrap();
    assert_exit(&output, 0);
    assert!(env.root.path().join("elsewhere/meta.json").is_file());
}

#[test]
fn defaults_are_corpus_and_index_in_the_working_directory() {
    let env = TestEnv::new();
    env.write("a.txt", "Story about parsnips\n\nText.\n");
    let output = newsdex()
        .current_dir(env.root.path())
        .arg("index")
        .output()
        .unwrap();
    assert_exit(&output, 0);
    let output = newsdex()
        .current_dir(env.root.path())
        .args(["query", "parsnips", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(ranked_ids(&output), ["a.txt"]);
}

#[test]
fn parse_prints_the_article_contract() {
    let env = TestEnv::new();
    env.write(
        "world/2025/09/05/summit.txt",
        "\nSEOUL, September 05 (AJP) - Kim Jong-un met Xi Jinping in Beijing.\n\"We are brothers,\" Kim said.\nCopyright ⓒ Aju Press All rights reserved.\n",
    );
    let output = env.run(&["parse", "corpus"]);
    assert_exit(&output, 0);
    let article: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    let expected = serde_json::json!({
        "id": "world/2025/09/05/summit.txt",
        "path": "corpus/world/2025/09/05/summit.txt",
        "title": null,
        "kicker": null,
        "deck": null,
        "byline": null,
        "dateline": {"raw": "SEOUL, September 05 (AJP) -", "location": "SEOUL", "date": "September 05", "agency": "AJP"},
        "published": "2025-09-05",
        "published_from": "dateline",
        "category": "world",
        "body": "Kim Jong-un met Xi Jinping in Beijing.\n\n\"We are brothers,\" Kim said.",
        "quotes": [{"text": "We are brothers", "speaker": "Kim Jong-un", "speaker_as_written": "Kim", "speaker_role": null}],
        "credits": ["Copyright ⓒ Aju Press All rights reserved."],
        "summary": null,
        "source": null,
        "tags": [],
        "url": null
    });
    assert_eq!(article, expected);
}

#[test]
fn parse_reports_a_missing_file_and_carries_on() {
    let output = newsdex()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "parse",
            "nope.txt",
            "corpus/world/kim-xi-beijing-summit.txt",
        ])
        .output()
        .unwrap();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: nope.txt: no such file or folder\n"
    );
    let article: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(article["id"], "world/kim-xi-beijing-summit.txt");
    assert_eq!(article["category"], "world");
}

/// Issue 10: a story with no date of its own takes the full date its path gives, and
/// `parse` and `stats` say where each date came from.
#[test]
fn issue_10_path_dates_undated_stories_and_says_so() {
    let env = TestEnv::new();
    env.write(
        "2019/03/21/guns.txt",
        "Gun owners prepare to hand in weapons\n\nFILE PHOTO: A gun shop in Christchurch. REUTERS/Ann Lee\n\n(Reuters) - Gun owners prepared on Thursday to hand in banned weapons.\n",
    )
    .write(
        "2019/03/22/budget.txt",
        "Budget delivered\n\nMarch 21 (UPI) — The budget was delivered on Thursday.\n",
    )
    .write("world/undated.txt", "Talks end\n\nLONDON - The talks ended.\n");
    let output = env.run(&["parse", "corpus"]);
    assert_exit(&output, 0);
    let got: Vec<(String, Value, Value, Value, Value)> = stdout(&output)
        .lines()
        .map(|line| {
            let a: Value = serde_json::from_str(line).unwrap();
            (
                a["id"].as_str().unwrap().to_string(),
                a["published"].clone(),
                a["published_from"].clone(),
                a["dateline"]["agency"].clone(),
                a["body"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2019/03/21/guns.txt".to_string(),
                json!("2019-03-21"),
                json!("path"),
                json!("Reuters"),
                json!("Gun owners prepared on Thursday to hand in banned weapons.")
            ),
            (
                "2019/03/22/budget.txt".to_string(),
                json!("2019-03-21"),
                json!("dateline"),
                json!("UPI"),
                json!("The budget was delivered on Thursday.")
            ),
            (
                "world/undated.txt".to_string(),
                Value::Null,
                Value::Null,
                Value::Null,
                json!("The talks ended.")
            ),
        ]
    );
    assert_exit(&env.run(&["index", "corpus"]), 0);
    let stats = stdout(&env.run(&["stats", "--color", "never"]));
    assert!(
        stats.contains("\ndated by  dateline 1 · path 1\n"),
        "{stats}"
    );
}
