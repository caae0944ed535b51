//! Bad input found by trying every command the way a careless user would: each gets one
//! line on stderr that names the problem truthfully (no internal structures, no cause
//! printed twice, no fix that does not work) and exit 2. Every story is written here.

mod util;

use util::*;

const TURNIPS: &str = "Story about turnips\n\nLONDON - Farmers grew turnips.\n";
const LEEKS: &str = "Story about leeks\n\nLONDON - Farmers grew leeks.\n";

/// An indexed corpus of one story, and the name of its one segment's files (32 hex digits).
fn indexed() -> (TestEnv, String) {
    let env = TestEnv::new();
    env.write("a.txt", TURNIPS);
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let segment = std::fs::read_dir(env.index())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with(".store"))
        .unwrap()
        .trim_end_matches(".store")
        .to_string();
    (env, segment)
}

/// `query` and `index` both name the index's damage (`problem`) in one line, each with the
/// fix that works for it, and exit 2.
fn assert_damage_named(env: &TestEnv, problem: &str, query: &str) {
    let damage = format!(
        "newsdex: index '{}' is damaged ({problem})",
        env.index().display()
    );
    for (args, fix) in [
        (
            &["query", query][..],
            "rebuild it with `newsdex index --rebuild`",
        ),
        (
            &["index", "corpus"][..],
            "run `newsdex index --rebuild` to build it again",
        ),
    ] {
        let output = env.run(args);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), format!("{damage}: {fix}\n"), "{args:?}");
    }
}

#[test]
fn an_io_error_names_its_cause_once() {
    let env = TestEnv::new();
    env.write("a.txt", TURNIPS);
    std::fs::write(env.root.path().join("afile"), "not a folder").unwrap();
    let index = env.root.path().join("afile").join("index");
    let output = newsdex()
        .current_dir(env.root.path())
        .arg("index")
        .arg("corpus")
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: creating index folder '{}': Not a directory (os error 20)\n",
            index.display()
        )
    );
}

#[test]
fn a_corrupt_segment_file_is_named_in_plain_words() {
    let (env, segment) = indexed();
    let store = env.index().join(format!("{segment}.store"));
    let bytes = std::fs::read(&store).unwrap();
    std::fs::write(&store, &bytes[..bytes.len() / 2]).unwrap();
    assert_damage_named(
        &env,
        &format!("its file '{segment}.store' is corrupt"),
        "turnips",
    );
    let stats = env.run(&["stats"]);
    assert_exit(&stats, 2);
    assert_eq!(
        stderr(&stats),
        format!(
            "newsdex: index '{}' is damaged (its file '{segment}.store' is corrupt): rebuild it with `newsdex index --rebuild`\n",
            env.index().display()
        )
    );
    assert_exit(&env.run(&["index", "corpus", "--rebuild", "-q"]), 0);
    assert_exit(&env.run(&["query", "turnips", "-l"]), 0);
}

#[test]
fn a_missing_segment_file_is_named_the_same_way_by_index_and_query() {
    let (env, segment) = indexed();
    std::fs::remove_file(env.index().join(format!("{segment}.store"))).unwrap();
    assert_damage_named(
        &env,
        &format!("its file '{segment}.store' is missing"),
        "turnips",
    );
}

#[test]
fn an_index_that_is_a_file_is_named_as_a_file_by_every_command() {
    let env = TestEnv::new();
    env.write("a.txt", TURNIPS);
    std::fs::write(env.index(), "my notes").unwrap();
    let expected = format!(
        "newsdex: '{}' is not a newsdex index (it is a file, not a folder): pick another folder for --index\n",
        env.index().display()
    );
    for args in [
        &["query", "turnips"][..],
        &["stats"][..],
        &["index", "corpus"][..],
        &["index", "corpus", "--rebuild"][..],
    ] {
        let output = env.run(args);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
    assert_eq!(std::fs::read_to_string(env.index()).unwrap(), "my notes");
}

/// Two stories, each with one of the words `opec` and `summit`, and `oil` in both.
fn two_stories() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "opec.txt",
        "OPEC cuts output\n\nVIENNA - OPEC ministers cut oil output.\n",
    )
    .write(
        "summit.txt",
        "Leaders meet\n\nGENEVA - The summit ended with a deal on oil.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    env
}

#[test]
fn syntax_errors_name_what_is_wrong_where_it_is() {
    let env = two_stories();
    // Nothing left to search for: exit 2, the problem in plain words.
    for (query, message) in [
        (
            "AND",
            "query syntax error at position 0: an operator with nothing to join",
        ),
        (
            "NOT",
            "query syntax error at position 0: 'NOT' with nothing after it",
        ),
        ("-", "query syntax error at position 1: nothing after '-'"),
        ("()", "query syntax error at position 1: empty parentheses"),
        (
            "^",
            "query syntax error at position 0: '^' with no word before it",
        ),
    ] {
        let output = env.run(&["query", "--", query]);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), format!("newsdex: {message}\n"), "{query}");
    }
    // Words left: searched as plain text, the note naming the character at fault.
    for (query, note) in [
        (
            "AND oil",
            "an operator with nothing before it at position 0",
        ),
        (
            "oil OR OR opec",
            "an operator with nothing to join at position 4",
        ),
        ("oil ^2", "'^' with no word before it at position 4"),
        ("oil^1e40", "unexpected 'e' at position 5"),
        ("[oil", "unbalanced bracket at position 4"),
        (
            "oil - opec",
            "an operator with nothing to join at position 4",
        ),
        ("opec NOT", "'NOT' with nothing after it at position 5"),
    ] {
        let output = env.run(&["query", "-l", "--", query]);
        assert_eq!(
            stderr(&output).lines().next(),
            Some(format!("newsdex: searched as plain text: {note}").as_str()),
            "{query}"
        );
    }
}

#[test]
fn a_fuzzy_distance_past_the_limit_is_an_error_not_two() {
    let env = two_stories();
    for (query, message) in [
        (
            "oil~3",
            "fuzzy distance 3 in 'oil~3' is too large: at most 2",
        ),
        (
            "title:oil~3",
            "fuzzy distance 3 in 'title:oil~3' is too large: at most 2",
        ),
        (
            "opec oil~99999999999999999999",
            "fuzzy distance 99999999999999999999 in 'oil~99999999999999999999' is too large: \
             at most 2",
        ),
        // Quoted as typed, though an apostrophe inside a word is searched as `’`.
        (
            "o'rourke~3",
            "fuzzy distance 3 in 'o'rourke~3' is too large: at most 2",
        ),
        (
            "oil speaker:O'Rourke~3",
            "fuzzy distance 3 in 'speaker:O'Rourke~3' is too large: at most 2",
        ),
        (
            "o\u{2019}rourke~3",
            "fuzzy distance 3 in 'o\u{2019}rourke~3' is too large: at most 2",
        ),
    ] {
        let output = env.run(&["query", "--", query]);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), format!("newsdex: {message}\n"), "{query}");
    }
    // At the limit it is a search.
    assert_exit(&env.run(&["query", "-l", "opec~2"]), 0);
}

#[test]
fn a_date_range_that_ends_before_it_starts_is_an_error_like_since_after_until() {
    let env = two_stories();
    let output = env.run(&["query", "oil", "--since", "2025", "--until", "2024"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: --since 2025-01-01 is after --until 2024-12-31: swap them\n"
    );
    for (query, message) in [
        (
            "published:[2025 TO 2024]",
            "published:[2025 TO 2024]: 2025-01-01 is after 2024-12-31: swap them",
        ),
        (
            "oil published:{2025-09-30 TO 2025-09-01]",
            "published:{2025-09-30 TO 2025-09-01]: 2025-09-30 is after 2025-09-01: swap them",
        ),
    ] {
        let output = env.run(&["query", "--", query]);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), format!("newsdex: {message}\n"), "{query}");
    }
    // Excluded ends that leave no day between them: not reversed, but as empty.
    for (query, message) in [
        (
            "published:{2025 TO 2025}",
            "published:{2025 TO 2025}: no day is after 2025-12-31 and before 2025-01-01: \
             use [ ] to include the ends",
        ),
        (
            "oil published:[2025-09 TO 2025-09-01}",
            "published:[2025-09 TO 2025-09-01}: no day is from 2025-09-01 and before \
             2025-09-01: use [ ] to include the ends",
        ),
        (
            "published:{2025-09-01 TO 2025-09-02}",
            "published:{2025-09-01 TO 2025-09-02}: no day is after 2025-09-01 and before \
             2025-09-02: use [ ] to include the ends",
        ),
    ] {
        let output = env.run(&["query", "--", query]);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), format!("newsdex: {message}\n"), "{query}");
    }
    // A range inside one year, open at one end, or excluding ends with a day between them,
    // is a search (these stories have no date).
    for query in [
        "published:[2025 TO 2025-03]",
        "published:[2025 TO *]",
        "published:{2025-09-01 TO 2025-09-03}",
        "published:{2024 TO 2026}",
    ] {
        let output = env.run(&["query", "--", query]);
        assert_exit(&output, 1);
        assert!(!stderr(&output).contains("swap them"), "{query}");
    }
}

#[test]
fn a_query_with_no_word_is_an_empty_query() {
    let env = two_stories();
    for query in ["", " ", ".", "!!!", "~", "\"\"", "''", ". , ;"] {
        let output = env.run(&["query", "--", query]);
        assert_exit(&output, 2);
        assert_eq!(
            stderr(&output),
            "newsdex: the query is empty: give at least one word to search for\n",
            "{query:?}"
        );
    }
    // `*` is every story, not an empty query.
    assert_exit(&env.run(&["query", "-l", "*"]), 0);
}

#[test]
fn a_whole_query_correction_is_offered_only_when_it_finds_a_story() {
    let env = two_stories();
    // Each word is in a story, but no story has both: "opec summit" would find nothing.
    let output = env.run(&["query", "opec summitt"]);
    assert_exit(&output, 1);
    assert_eq!(
        stderr(&output),
        "newsdex: no story has \"summitt\"; did you mean \"summit\"?\n\
         newsdex: no story matches 'opec summitt'\n"
    );
    let output = env.run(&["query", "opec summitt", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json.get("correction"), None, "{json}");

    // Where a story has both, the correction is offered.
    env.write(
        "both.txt",
        "OPEC summit\n\nVIENNA - The OPEC summit set oil output.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let output = env.run(&["query", "opec summitt"]);
    assert_exit(&output, 1);
    assert_eq!(
        stderr(&output),
        "newsdex: no story has \"summitt\"; did you mean \"summit\"?\n\
         newsdex: did you mean \"opec summit\"?\n\
         newsdex: no story matches 'opec summitt'\n"
    );
    // ... unless a filter leaves it nothing.
    let output = env.run(&["query", "opec summitt", "--location", "geneva"]);
    assert!(!stderr(&output).contains("did you mean \"opec summit\""));
}

#[test]
fn a_dateline_on_a_line_of_its_own_is_the_dateline_not_the_headline() {
    let env = TestEnv::new();
    env.write(
        "oil.txt",
        "LONDON, March 3 (Reuters) -\n\nOil prices rose on Tuesday, traders said.\n",
    );
    let output = env.run(&["parse", "corpus/oil.txt"]);
    assert_exit(&output, 0);
    let article: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(article["title"], serde_json::Value::Null, "{article}");
    assert_eq!(article["dateline"]["location"], "LONDON", "{article}");
    assert_eq!(article["dateline"]["agency"], "Reuters", "{article}");
    assert_eq!(
        article["body"], "Oil prices rose on Tuesday, traders said.",
        "{article}"
    );
}

#[test]
fn an_empty_filter_is_an_error_not_an_empty_result() {
    let env = two_stories();
    for (flag, what) in [
        ("--location", "a place"),
        ("--agency", "an agency"),
        ("--category", "a category"),
        ("--speaker", "a name"),
        ("--tag", "a tag"),
    ] {
        for value in ["", " "] {
            let output = env.run(&["query", "oil", flag, value]);
            assert_exit(&output, 2);
            assert_eq!(
                stderr(&output),
                format!("newsdex: {flag} is empty: give {what}, or leave the option out\n")
            );
        }
    }
}

#[test]
fn an_index_inside_its_corpus_is_not_walked_as_stories() {
    let env = TestEnv::new();
    env.write("a.txt", TURNIPS);
    // `newsdex index .` in a folder of stories writes ./index inside it.
    for follow in [false, true] {
        let _ = std::fs::remove_dir_all(env.corpus().join("index"));
        for run in ["first", "second"] {
            let mut cmd = newsdex();
            cmd.current_dir(env.corpus()).args(["index", ".", "-v"]);
            if follow {
                cmd.arg("--follow");
            }
            let output = cmd.output().unwrap();
            assert_exit(&output, 0);
            let expected = if run == "first" {
                "added 1, updated 0, removed 0, unchanged 0, skipped 0 in "
            } else {
                "added 0, updated 0, removed 0, unchanged 1, skipped 0 in "
            };
            assert!(
                stderr(&output).starts_with(expected),
                "{run} run, follow {follow}:\n{}",
                stderr(&output)
            );
        }
    }
}

#[test]
fn a_remembered_corpus_that_is_gone_is_named_not_the_default() {
    let env = TestEnv::new();
    env.write("a.txt", TURNIPS);
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let moved = env.root.path().join("moved");
    std::fs::rename(env.corpus(), &moved).unwrap();
    let output = env.run(&["index"]);
    assert_exit(&output, 2);
    let remembered = std::fs::canonicalize(env.root.path())
        .unwrap()
        .join("corpus");
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: corpus folder '{}' does not exist: pass the folder of stories to index\n",
            remembered.display()
        )
    );
    assert_exit(&env.run(&["query", "turnips", "-l"]), 0);
}

#[test]
fn a_lost_words_file_is_damage_and_rebuild_restores_did_you_mean() {
    let (env, _) = indexed();
    std::fs::remove_file(env.index().join("words.fst")).unwrap();
    assert_damage_named(&env, "its file 'words.fst' is missing", "turnipz");
    assert_exit(&env.run(&["index", "corpus", "--rebuild", "-q"]), 0);
    let output = env.run(&["query", "turnipz"]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("did you mean \"turnips\"?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_corrupt_words_file_stops_the_run_before_it_commits() {
    let (env, _) = indexed();
    std::fs::write(env.index().join("words.fst"), "not an fst at all").unwrap();
    env.write(
        "b.txt",
        "Story about parsnips\n\nLEEDS - Farmers grew parsnips.\n",
    );
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' is damaged (its file 'words.fst' is corrupt): run `newsdex index --rebuild` to build it again\n",
            env.index().display()
        )
    );
    // Nothing of the run was committed: the index is as it was.
    assert_exit(&env.run(&["query", "parsnips", "-l"]), 1);
    assert_eq!(
        stdout(&env.run(&["query", "turnips", "-l"])),
        "corpus/a.txt\n"
    );
}

#[test]
fn a_pasted_page_of_unknown_words_gets_suggestions_for_the_first_few() {
    let env = two_stories();
    let words: Vec<String> = (0..200).map(|i| format!("zzqx{i}")).collect();
    let output = env.run(&["query", &words.join(" "), "--format", "json"]);
    assert_exit(&output, 1);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let suggested: Vec<&str> = json["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["word"].as_str().unwrap())
        .collect();
    assert_eq!(suggested, words[..10]);
}

#[test]
fn parse_reads_no_more_of_an_endless_file_than_a_story_may_hold() {
    let output = newsdex().args(["parse", "/dev/zero"]).output().unwrap();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: /dev/zero: too large ({} bytes)\n",
            10 * 1024 * 1024 + 1
        )
    );
}

#[test]
fn parse_takes_the_size_limit_index_takes() {
    let env = TestEnv::new();
    env.write("a.txt", TURNIPS)
        .write("big.txt", "x".repeat(300));
    // A file named is refused; in a folder it is skipped, as `index` skips it.
    let output = env.run(&["parse", "corpus/big.txt", "--max-file-size", "100"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: corpus/big.txt: too large (300 bytes)\n"
    );
    let ids = |args: &[&str]| -> Vec<String> {
        let output = env.run(args);
        assert_exit(&output, 0);
        assert_eq!(stderr(&output), "", "{args:?}");
        stdout(&output)
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["id"].to_string())
            .collect()
    };
    assert_eq!(
        ids(&["parse", "corpus", "--max-file-size", "100"]),
        ["\"a.txt\""]
    );
    // The default (10M) reads it.
    assert_eq!(ids(&["parse", "corpus"]), ["\"a.txt\"", "\"big.txt\""]);
    // Standard input is cut at the limit too.
    let output = newsdex()
        .args(["parse", "/dev/zero", "--max-file-size", "1K"])
        .output()
        .unwrap();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: /dev/zero: too large (1025 bytes)\n"
    );
    // A bad size is the same error in both commands.
    let first_line = |command: &str| {
        let output = env.run(&[command, "corpus", "--max-file-size", "ten"]);
        assert_exit(&output, 2);
        stderr(&output).lines().next().unwrap().to_string()
    };
    assert_eq!(first_line("parse"), first_line("index"));
    assert!(
        first_line("parse").contains("'ten'"),
        "{}",
        first_line("parse")
    );
}

#[test]
fn a_story_with_classic_mac_line_endings_is_read_like_any_other() {
    let env = TestEnv::new();
    for (name, newline) in [("lf.txt", "\n"), ("crlf.txt", "\r\n"), ("cr.txt", "\r")] {
        let story = "Oil prices rise\n\nLONDON, March 3 (Reuters) - Oil rose on Tuesday.\n\n\
                     \"Demand is strong,\" said analyst John Smith.\n"
            .replace('\n', newline);
        env.write(name, story);
    }
    let output = env.run(&["parse", "corpus"]);
    assert_exit(&output, 0);
    let articles: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(articles.len(), 3);
    for article in &articles {
        assert_eq!(article["title"], "Oil prices rise", "{article}");
        assert_eq!(article["dateline"]["location"], "LONDON", "{article}");
        assert_eq!(
            article["body"],
            "Oil rose on Tuesday.\n\n\"Demand is strong,\" said analyst John Smith.",
            "{article}"
        );
        assert_eq!(article["quotes"][0]["speaker"], "John Smith", "{article}");
    }
}

#[test]
fn paths_for_a_pipe_are_the_files_own_names() {
    let env = TestEnv::new();
    env.write("new\nline.txt", "Oil story\n\nPARIS - Oil fell.\n")
        .write("esc\u{1b}[31m.txt", "Oil again\n\nROME - Oil rose.\n");
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let output = env.run(&["query", "oil", "-l"]);
    assert_exit(&output, 0);
    let listed = stdout(&output);
    for name in ["corpus/new\nline.txt\n", "corpus/esc\u{1b}[31m.txt\n"] {
        assert!(listed.contains(name), "{name:?} in {listed:?}");
    }
    // On a terminal, a name cannot steer it.
    let output = env
        .cmd()
        .env("NEWSDEX_TEST_FORCE_TTY", "1")
        .args(["query", "oil", "-l"])
        .output()
        .unwrap();
    let listed = stdout(&output);
    assert!(listed.contains("corpus/new line.txt\n"), "{listed:?}");
    assert!(
        listed.contains("corpus/esc\u{FFFD}[31m.txt\n"),
        "{listed:?}"
    );
}

#[test]
fn a_corpus_folder_gone_empty_removes_nothing_unasked() {
    let env = TestEnv::new();
    env.write("a.txt", TURNIPS);
    env.write("b.txt", LEEKS);
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    std::fs::remove_file(env.corpus().join("a.txt")).unwrap();
    std::fs::remove_file(env.corpus().join("b.txt")).unwrap();
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "newsdex: corpus folder 'corpus' has no files, but the index holds stories from 2: \
         nothing was removed (if they are really gone, run `newsdex index --rebuild`)\n"
    );
    assert_exit(&env.run(&["query", "turnips", "-l"]), 0);
    assert_exit(&env.run(&["index", "corpus", "--rebuild", "-q"]), 0);
    assert_exit(&env.run(&["query", "turnips", "-l"]), 1);
}

#[test]
fn deleting_some_stories_still_removes_them() {
    let env = TestEnv::new();
    env.write("a.txt", TURNIPS);
    env.write("b.txt", LEEKS);
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    std::fs::remove_file(env.corpus().join("a.txt")).unwrap();
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    assert_exit(&env.run(&["query", "turnips", "-l"]), 1);
    assert_exit(&env.run(&["query", "leeks", "-l"]), 0);
}

/// `parse -` reads one story from standard input, as grep and jq read `-`: a pasted or
/// piped story is parsed like a file, its format told by its content.
#[test]
fn parse_dash_reads_one_story_from_standard_input() {
    let parse_stdin = |text: &str| {
        newsdex()
            .args(["parse", "-"])
            .write_stdin(text)
            .output()
            .unwrap()
    };
    let output = parse_stdin(
        "Farmers Cheer Rain\n\nLEEDS, March 3 (Reuters) - Farmers welcomed the rain. \
         \"It saved the harvest,\" said Ann Lee.\n",
    );
    assert_exit(&output, 0);
    let article: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(article["title"], "Farmers Cheer Rain");
    assert_eq!(article["dateline"]["location"], "LEEDS");
    assert_eq!(article["quotes"][0]["speaker"], "Ann Lee");
    assert_eq!(article["path"], "-");
    let page = parse_stdin(
        "<html><body><article><h1>Leeks Win Prize</h1><p>LEEDS - A leek won a prize at the \
         show on Sunday, judges said, after a long day of weighing in the hall.</p></article>\
         </body></html>",
    );
    assert_exit(&page, 0);
    let article: serde_json::Value = serde_json::from_slice(&page.stdout).unwrap();
    assert_eq!(article["title"], "Leeks Win Prize");
    let empty = parse_stdin("");
    assert_exit(&empty, 2);
    assert_eq!(stderr(&empty), "newsdex: -: empty\n");
}
