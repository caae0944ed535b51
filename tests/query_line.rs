//! The query line behaves as a person and a script expect (#17): typed text is never a
//! syntax error, scripts get exactly what they asked for, filters say what they did.
//! Every story here is written for these tests.

mod util;

use util::*;

const OPEC: &str = "OPEC agrees to cut output\n\n\
VIENNA, March 3 (Reuter) - OPEC ministers agreed to cut crude output on Tuesday. \
\"We will cut,\" said Subroto, the oil minister.\n";

const VOLCKER: &str = "Volcker warns on inflation\n\n\
WASHINGTON, March 4 (Reuters) - Federal Reserve chairman Paul Volcker warned about prices. \
\"Inflation is still a danger,\" Volcker said.\n";

const OROURKE: &str = "O'Rourke answers Trump's tweets\n\n\
ALEXANDRIA, Va., March 5 - Beto O'Rourke spoke to voters about the senator's plan. \
\"I don't read Trump's tweets,\" O'Rourke said, as the desperate crowd cheered.\n";

const BLOOMBERG: &str = "---\ntitle: Coffee prices climb\nsource: Bloomberg News\n\
tags: [coffee, commodities]\n---\nCoffee futures rose for a third day as traders said \
dry weather hurt the crop in Brazil.\n";

const AFP: &str = r#"{"title": "Paris museum reopens", "source": "Agence France-Presse",
"body": "The museum reopened its doors on Monday after two years of work, officials said."}"#;

/// A corpus of the stories above, indexed.
fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write("1987/03/03/opec.txt", OPEC)
        .write("1987/03/04/volcker.txt", VOLCKER)
        .write("2019/orourke.txt", OROURKE)
        .write("markets/coffee.md", BLOOMBERG)
        .write("culture/museum.json", AFP);
    let output = env.run(&["index", "corpus", "-q"]);
    assert_exit(&output, 0);
    env
}

fn lines(output: &std::process::Output) -> Vec<String> {
    stdout(output).lines().map(str::to_string).collect()
}

#[test]
fn apostrophes_inside_words_are_part_of_the_word() {
    let env = env();
    for query in ["Trump's tweets", "O'Rourke", "don't", "speaker:o'rourke"] {
        let output = env.run(&["query", query, "-l"]);
        assert_exit(&output, 0);
        assert_eq!(lines(&output), ["corpus/2019/orourke.txt"], "{query}");
        assert_eq!(stderr(&output), "", "{query}");
    }
}

#[test]
fn text_that_is_not_query_syntax_is_searched_as_plain_words() {
    let env = env();
    let cases = [
        (
            "\"desperate\", crowd",
            "newsdex: searched as plain text: no space after a quote at position 11\n",
        ),
        (
            "voters \"desperate crowd",
            "newsdex: searched as plain text: unbalanced quote at position 23\n",
        ),
        (
            "voters AND",
            "newsdex: searched as plain text: an operator with nothing to join at position 7\n",
        ),
        (
            "O'Rourke:",
            "newsdex: searched as plain text: nothing after ':' at position 9\n",
        ),
        (
            "Voters: desperate",
            "newsdex: searched as plain text: 'Voters:' is not a field\n",
        ),
    ];
    for (query, note) in cases {
        let output = env.run(&["query", query, "-l"]);
        assert_exit(&output, 0);
        assert_eq!(lines(&output), ["corpus/2019/orourke.txt"], "{query}");
        assert_eq!(stderr(&output), note, "{query}");
    }
}

#[test]
fn what_cannot_be_searched_at_all_is_still_an_error() {
    let env = env();
    let output = env.run(&["query", "topic:oil"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: unknown field 'topic' in query: use one of title, body, quotes, speaker, \
         location, agency, category, tags, byline, published, id\n"
    );
    let output = env.run(&["query", "published:1987-13"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).starts_with("newsdex: query cannot be run: '1987-13' is not a date"));
}

#[test]
fn a_script_never_gets_the_any_word_fallback() {
    let env = env();
    // stdout is not a terminal: no fallback, exit 1.
    let output = env.run(&["query", "volcker subroto"]);
    assert_exit(&output, 1);
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "newsdex: no story matches 'volcker subroto'\n"
    );
    // A field clause is never relaxed, even when a fallback is asked for.
    let output = env.run(&["query", "speaker:volcker opec", "--fallback"]);
    assert_exit(&output, 1);
    let output = env.run(&["query", "speaker:volcker opec cut", "--fallback", "-l"]);
    assert_exit(&output, 1);
    // --fallback relaxes the free words for a script.
    let output = env.run(&["query", "volcker subroto", "--fallback", "--format", "json"]);
    assert_exit(&output, 0);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["fell_back"], true);
    assert_eq!(json["total_hits"], 2);
    // A person at a terminal gets it; --no-fallback turns it off there too.
    let output = env
        .cmd()
        .env("NEWSDEX_TEST_FORCE_TTY", "1")
        .args(["--color", "never", "query", "volcker subroto"])
        .output()
        .unwrap();
    assert_exit(&output, 0);
    assert_eq!(
        stderr(&output),
        "newsdex: no story has every word; showing stories with any of them\n"
    );
    let output = env
        .cmd()
        .env("NEWSDEX_TEST_FORCE_TTY", "1")
        .args(["query", "volcker subroto", "--no-fallback"])
        .output()
        .unwrap();
    assert_exit(&output, 1);
}

#[test]
fn machine_formats_print_every_match_unless_limited() {
    let env = env();
    for i in 0..12 {
        env.write(
            &format!("bulk/story{i:02}.txt"),
            format!("Harvest {i}\n\nLONDON (Reuters) - Farmers said harvest {i} was good.\n"),
        );
    }
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    assert_eq!(lines(&env.run(&["query", "farmers", "-l"])).len(), 12);
    assert_eq!(
        lines(&env.run(&["query", "farmers", "--format", "jsonl"])).len(),
        12
    );
    assert_eq!(
        lines(&env.run(&["query", "farmers", "-l", "-n", "3"])).len(),
        3
    );
    let output = env.run(&["query", "farmers", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["hits"].as_array().unwrap().len(), 10);
    // -n 0: the count alone.
    let output = env.run(&["query", "farmers", "-n", "0"]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), "12 matching stories\n");
}

#[test]
fn paths_open_from_the_current_directory() {
    let env = env();
    let elsewhere = tempfile::tempdir().unwrap();
    let output = newsdex()
        .current_dir(elsewhere.path())
        .arg("--index")
        .arg(env.index())
        .args(["query", "opec", "-l"])
        .output()
        .unwrap();
    assert_exit(&output, 0);
    let path = stdout(&output).trim().to_string();
    assert!(std::path::Path::new(&path).is_absolute(), "{path}");
    assert!(std::path::Path::new(&path).is_file(), "{path}");
    // From inside the corpus the path is relative, and `id` stays corpus-relative.
    let output = newsdex()
        .current_dir(env.corpus().join("1987"))
        .arg("--index")
        .arg(env.index())
        .args(["query", "opec", "--format", "jsonl"])
        .output()
        .unwrap();
    let hit: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hit["path"], "03/03/opec.txt");
    assert_eq!(hit["id"], "1987/03/03/opec.txt");
}

#[test]
fn a_story_from_a_file_of_several_opens_that_file() {
    let env = env();
    env.write(
        "wire/feed.jsonl",
        "{\"title\": \"Zinc smelter strike\", \"body\": \"Workers at the zinc smelter walked out on Monday.\"}\n\
         {\"title\": \"Tin quota\", \"body\": \"Tin producers agreed a quota on Tuesday.\"}\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let elsewhere = tempfile::tempdir().unwrap();
    let output = newsdex()
        .current_dir(elsewhere.path())
        .arg("--index")
        .arg(env.index())
        .args(["query", "tin quota", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_exit(&output, 0);
    let hit: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hit["id"], "wire/feed.jsonl#2");
    let path = hit["path"].as_str().unwrap();
    assert!(path.ends_with("corpus/wire/feed.jsonl"), "{path}");
    assert!(std::path::Path::new(path).is_file(), "{path}");
}

#[test]
fn csv_and_tsv_have_header_rows() {
    let env = env();
    let output = env.run(&["query", "opec", "--format", "csv"]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "rank,score,id,path,published,location,agency,title"
    );
    assert!(rows[1].starts_with("1,"), "{}", rows[1]);
    assert!(
        rows[1].ends_with(",1987/03/03/opec.txt,corpus/1987/03/03/opec.txt,1987-03-03,VIENNA,Reuter,OPEC agrees to cut output")
            || rows[1].contains(",1987/03/03/opec.txt,"),
        "{}",
        rows[1]
    );
    let output = env.run(&["query", "opec", "--format", "tsv", "--header"]);
    assert_eq!(
        lines(&output)[0],
        "rank\tscore\tid\tpublished\tlocation\tagency\ttitle"
    );
    let output = env.run(&["query", "opec", "--format", "tsv"]);
    assert!(lines(&output)[0].starts_with("1\t"));
}

#[test]
fn options_a_format_cannot_show_are_an_error() {
    let env = env();
    let cases: [(&[&str], &str); 4] = [
        (
            &["query", "opec", "--explain", "--format", "paths"],
            "newsdex: --explain cannot be shown with --format paths: use --format text, json or jsonl\n",
        ),
        (
            &["query", "opec", "--explain", "-l"],
            "newsdex: --explain cannot be shown with -l: use --format text, json or jsonl\n",
        ),
        (
            &["query", "opec", "--facets", "--format", "tsv"],
            "newsdex: --facets cannot be shown with --format tsv: use --format text or json\n",
        ),
        (
            &["query", "opec", "--header"],
            "newsdex: --header goes with --format tsv (csv always has a header row)\n",
        ),
    ];
    for (args, error) in cases {
        let output = env.run(args);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), error, "{args:?}");
    }
}

#[test]
fn a_place_matches_by_its_city_part() {
    let env = env();
    let output = env.run(&["query", "said", "--location", "alexandria", "-l"]);
    assert_exit(&output, 0);
    assert_eq!(lines(&output), ["corpus/2019/orourke.txt"]);
    let output = env.run(&["query", "said", "--location", "alexandria, va.", "-l"]);
    assert_eq!(lines(&output), ["corpus/2019/orourke.txt"]);
}

#[test]
fn agencies_are_known_by_their_common_names() {
    let env = env();
    let ids = |agency: &str| {
        let mut found = lines(&env.run(&["query", "said", "--agency", agency, "-l"]));
        found.sort();
        found
    };
    let reuters = [
        "corpus/1987/03/03/opec.txt",
        "corpus/1987/03/04/volcker.txt",
    ];
    assert_eq!(ids("reuter"), reuters);
    assert_eq!(ids("Reuters"), reuters);
    // From the source when the dateline names none.
    assert_eq!(ids("bloomberg"), ["corpus/markets/coffee.md"]);
    assert_eq!(ids("AFP"), ["corpus/culture/museum.json"]);
    assert_eq!(ids("agence france-presse"), ["corpus/culture/museum.json"]);
}

#[test]
fn filters_that_leave_nothing_say_so() {
    let env = env();
    let output = env.run(&["query", "said", "--location", "vienna", "--agency", "afp"]);
    assert_exit(&output, 1);
    assert_eq!(
        stderr(&output),
        "newsdex: no story matches 'said' with --location vienna --agency afp (5 match without filters)\n"
    );
    let output = env.run(&[
        "query",
        "said",
        "--since",
        "1987-03-20",
        "--until",
        "1987-03-10",
    ]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: --since 1987-03-20 is after --until 1987-03-10: swap them\n"
    );
}

#[test]
fn date_filters_over_mostly_undated_matches_say_how_many_are_undated() {
    let env = env();
    let output = env.run(&["query", "said", "--since", "1987", "-l"]);
    assert_exit(&output, 0);
    assert_eq!(
        stderr(&output),
        "newsdex: 3 of 5 matching stories have no date: date filters leave them out\n"
    );
    let output = env.run(&["query", "said", "--sort", "newest", "-l"]);
    assert_eq!(
        stderr(&output),
        "newsdex: 3 of 5 matching stories have no date: they are listed last\n"
    );
    // Mostly dated: nothing to say.
    let output = env.run(&["query", "opec OR volcker", "--since", "1987", "-l"]);
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_missing_index_says_how_to_make_one() {
    let env = TestEnv::new();
    let output = env.run(&["query", "opec"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: no index at '{}' — run `newsdex index` first\n",
            env.index().display()
        )
    );
}

#[test]
fn an_index_whose_first_run_has_not_committed_says_indexing_is_under_way() {
    let env = TestEnv::new();
    generate_stories(&env.corpus(), 40);
    let mut child = spawn_throttled_index(&env, 1000, 200);
    let meta = env.index().join("meta.json");
    let started = std::time::Instant::now();
    while !meta.is_file() && started.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = env.run(&["query", "farmers"]);
    let _ = child.kill();
    let _ = child.wait();
    assert_exit(&output, 1);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' is still being built: its first `newsdex index` run has not committed yet\n\
             newsdex: no story matches 'farmers'\n",
            env.index().display()
        )
    );
}

#[test]
fn help_shows_the_search_alias_and_parse_takes_no_index() {
    let output = newsdex().arg("--help").output().unwrap();
    // The column width follows the longest subcommand name (`completions`).
    assert!(regex::Regex::new(
        r"\n  query +Search the index and show ranked, highlighted stories \[alias: search\]\n"
    )
    .unwrap()
    .is_match(&stdout(&output)));
    let output = newsdex().args(["parse", "--help"]).output().unwrap();
    assert!(!stdout(&output).contains("--index"));
    let output = newsdex()
        .args(["parse", "--index", "index", "story.txt"])
        .output()
        .unwrap();
    assert_exit(&output, 2);
    assert!(stderr(&output).starts_with("error: unexpected argument '--index' found"));
    // The subcommands that read an index take it after their name too.
    let env = env();
    let output = newsdex()
        .args(["search", "opec", "-l", "--index"])
        .arg(env.index())
        .current_dir(env.root.path())
        .output()
        .unwrap();
    assert_eq!(lines(&output), ["corpus/1987/03/03/opec.txt"]);
}

#[test]
fn indexing_a_missing_folder_leaves_no_index_and_a_file_says_to_give_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let output = newsdex()
        .current_dir(dir.path())
        .arg("index")
        .output()
        .unwrap();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: corpus folder 'corpus' does not exist: pass the folder of stories to index\n"
    );
    assert!(!dir.path().join("index").exists());

    std::fs::create_dir(dir.path().join("wire")).unwrap();
    std::fs::write(dir.path().join("wire/opec.txt"), OPEC).unwrap();
    let output = newsdex()
        .current_dir(dir.path())
        .args(["index", "wire/opec.txt"])
        .output()
        .unwrap();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: 'wire/opec.txt' is a file: give the folder that holds it (newsdex index wire)\n"
    );
    assert!(!dir.path().join("index").exists());
}

#[test]
fn eval_json_says_whether_it_passed_and_the_table_shows_the_whole_query() {
    let env = env();
    let long = "opec ministers agreed to cut crude output on tuesday said subroto the oil minister";
    let judgments = env.root.path().join("judgments.toml");
    std::fs::write(
        &judgments,
        format!(
            "[[query]]\nid = \"opec\"\ntext = \"opec\"\nrelevant = [\"1987/03/03/opec.txt\"]\n\n\
             [[query]]\nid = \"long\"\ntext = \"{long}\"\nrelevant = [\"1987/03/03/opec.txt\"]\n"
        ),
    )
    .unwrap();
    let judgments = judgments.to_str().unwrap();
    let output = env.run(&["eval", judgments, "--format", "json"]);
    assert_exit(&output, 0);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["passed"], true);
    assert_eq!(json["mean"]["p@k"], 0.1);
    let output = env.run(&["eval", judgments, "--format", "json", "--min", "p@10=0.5"]);
    assert_exit(&output, 1);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["passed"], false);
    let output = env.run(&["eval", judgments, "--color", "never"]);
    assert!(
        stdout(&output)
            .lines()
            .any(|l| l.starts_with("long ") && l.ends_with(long)),
        "{}",
        stdout(&output)
    );
}

#[test]
fn text_output_fits_the_terminal_counting_display_columns() {
    let env = env();
    env.write(
        "asia/beijing.txt",
        "北京市长表示经济增长稳定北京市长表示经济增长稳定北京市长表示经济增长稳定北京市长表示经济增长稳定\n\n\
         BEIJING (Xinhua) - 北京市长表示经济增长稳定北京市长表示经济增长稳定北京市长表示经济增长稳定 \
         北京市长表示经济增长稳定北京市长表示经济增长稳定北京市长表示经济增长稳定北京市长表示经济增长稳定.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let fits = |output: &std::process::Output, width: usize| {
        for line in stdout(output).lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= width,
                "{} columns > {width}: {line}",
                unicode_width::UnicodeWidthStr::width(line)
            );
        }
    };
    // Not a terminal: 80 columns.
    let output = env.run(&["query", "location:beijing", "--agency", "xinhua"]);
    assert_exit(&output, 0);
    assert!(stdout(&output).contains("BEIJING · Xinhua"));
    fits(&output, 80);
    // A terminal 50 columns wide.
    let output = env
        .cmd()
        .env("NEWSDEX_TEST_FORCE_TTY", "1")
        .env("COLUMNS", "50")
        .args(["--color", "never", "query", "said"])
        .output()
        .unwrap();
    assert_exit(&output, 0);
    fits(&output, 50);
    assert!(stdout(&output).lines().any(|l| l.chars().count() > 40));
}

#[test]
fn tags_from_front_matter_and_json_are_searchable_and_a_facet() {
    let env = env();
    env.write(
        "culture/gallery.json",
        r#"{"title": "Gallery opens", "keywords": ["Art", "Coffee"],
"body": "A gallery with a coffee bar opened in the old market hall on Friday."}"#,
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);

    let output = env.run(&["query", "tags:coffee", "-l"]);
    assert_exit(&output, 0);
    let mut found = lines(&output);
    found.sort(); // both carry the tag once: their order is a tie
    assert_eq!(
        found,
        ["corpus/culture/gallery.json", "corpus/markets/coffee.md"]
    );
    let output = env.run(&["query", "tags:commodities", "-l"]);
    assert_eq!(lines(&output), ["corpus/markets/coffee.md"]);
    // Tags are matched whole, not as words of the body.
    assert_exit(&env.run(&["query", "tags:brazil", "-l"]), 1);

    let output = env.run(&["query", "coffee", "--facets", "--format", "json"]);
    assert_exit(&output, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        json["facets"]["tags"],
        serde_json::json!([
            // Spellings that differ in case count as one; a tie keeps the first in order.
            {"value": "Coffee", "count": 2},
            {"value": "Art", "count": 1},
            {"value": "commodities", "count": 1}
        ])
    );
}
