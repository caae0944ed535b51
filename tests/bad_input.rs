//! Bad input found by trying every command the way a careless user would: each gets one
//! line on stderr that names the problem truthfully (no internal structures, no cause
//! printed twice, no fix that does not work) and exit 2. Every story is written here.

mod util;

use util::*;

const TURNIPS: &str = "Story about turnips\n\nLONDON - Farmers grew turnips.\n";

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
    let damage = format!(
        "newsdex: index '{}' is damaged (its file '{segment}.store' is corrupt)",
        env.index().display()
    );
    for (args, fix) in [
        (
            &["query", "turnips"][..],
            "rebuild it with `newsdex index --rebuild`",
        ),
        (&["stats"][..], "rebuild it with `newsdex index --rebuild`"),
        (
            &["index", "corpus"][..],
            "run `newsdex index --rebuild` to build it again",
        ),
    ] {
        let output = env.run(args);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), format!("{damage}: {fix}\n"), "{args:?}");
    }
    assert_exit(&env.run(&["index", "corpus", "--rebuild", "-q"]), 0);
    assert_exit(&env.run(&["query", "turnips", "-l"]), 0);
}

#[test]
fn a_missing_segment_file_is_named_the_same_way_by_index_and_query() {
    let (env, segment) = indexed();
    std::fs::remove_file(env.index().join(format!("{segment}.store"))).unwrap();
    let damage = format!(
        "newsdex: index '{}' is damaged (its file '{segment}.store' is missing)",
        env.index().display()
    );
    let output = env.run(&["query", "turnips"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!("{damage}: rebuild it with `newsdex index --rebuild`\n")
    );
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!("{damage}: run `newsdex index --rebuild` to build it again\n")
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
