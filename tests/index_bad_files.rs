//! Files that cannot be indexed never abort a run (issue 6): each is counted, listed with
//! its reason under `--verbose`, and the rest is indexed.

mod util;

use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};

use util::*;

fn summary(output: &std::process::Output) -> String {
    regex::Regex::new(r"in \d+\.\d+ s")
        .unwrap()
        .replace(&stderr(output), "in T s")
        .into_owned()
}

fn story(word: &str) -> String {
    format!("Story about {word}\n\nLONDON, May 3 (Reuters) - Farmers grew {word} this year.\n")
}

#[test]
fn binary_too_large_symlinks_and_other_files_are_listed_with_reasons() {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"))
        .write("big.txt", "x".repeat(300))
        .write("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00binary")
        .write("empty.md", "\n\n")
        .write("notes.pdf", "not a story");
    symlink("nowhere.txt", env.corpus().join("dangling.txt")).unwrap();
    let output = env.run(&["index", "corpus", "-v", "--max-file-size", "100"]);
    // A story file that is not text is a failure (#13); the rest are not stories.
    assert_exit(&output, 2);
    // Files are reported in walk order (by name), whether the walk or the reader skipped them.
    assert_eq!(
        summary(&output),
        "newsdex: skipped corpus/big.txt: too large (300 bytes)\n\
         newsdex: skipped corpus/bin.txt: not text\n\
         newsdex: skipped corpus/dangling.txt: symlink not followed (use --follow)\n\
         newsdex: skipped corpus/empty.md: empty\n\
         newsdex: skipped corpus/notes.pdf: not a story file\n\
         added 1, updated 0, removed 0, unchanged 0, skipped 5 in T s\n"
    );
    assert_eq!(ids(&env, "turnips"), ["a.txt"]);
}

#[test]
fn without_verbose_only_the_summary_and_failures_are_printed() {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"))
        .write("notes.pdf", "not a story")
        .write("empty.md", "\n\n");
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 0);
    assert_eq!(
        summary(&output),
        "added 1, updated 0, removed 0, unchanged 0, skipped 2 in T s\n"
    );
    env.write("bin.txt", b"\x00\x01\x02");
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    assert_eq!(
        summary(&output),
        "newsdex: skipped corpus/bin.txt: not text\n\
         added 0, updated 0, removed 0, unchanged 1, skipped 3 in T s\n"
    );
}

#[test]
fn stories_that_cannot_be_parsed_are_failures_named_on_stderr() {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"))
        .write(
            "wire.jsonl",
            "{\"title\": \"Beet harvest\", \"body\": \"Farmers grew beets.\"}\n{not json\n",
        )
        .write("broken.json", "{\"title\": ")
        .write("page.html", b"<\x00h\x00t\x00m\x00l\x00>\x00");
    let output = env.run(&["index", "corpus", "--format", "json"]);
    assert_exit(&output, 2);
    let mut lines: Vec<String> = stderr(&output).lines().map(str::to_string).collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "newsdex: skipped corpus/broken.json: not parsable: not JSON (EOF while parsing a value at line 1 column 10): fix the file or give it a .txt extension",
            "newsdex: skipped corpus/page.html: not text",
            "newsdex: skipped corpus/wire.jsonl#2: not parsable: line 2 is not JSON (key must be a string at column 2): fix the line or remove it",
        ]
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["added"], 2, "a.txt and the good line of wire.jsonl");
    assert_eq!(json["skipped"], 3);
    assert_eq!(json["failures"].as_array().unwrap().len(), 3);
    assert_eq!(ids(&env, "beets"), ["wire.jsonl#1"]);
}

#[test]
fn file_names_on_stderr_are_sanitised() {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"))
        .write("evil\x1b[31mred.json", "not json");
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(
        err.starts_with("newsdex: skipped corpus/evil\u{FFFD}[31mred.json: not parsable: "),
        "{err:?}"
    );
}

#[test]
fn a_dangling_symlink_followed_is_unreadable_and_exits_2() {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"));
    symlink("nowhere.txt", env.corpus().join("dangling.txt")).unwrap();
    let output = env.run(&["index", "corpus", "--follow"]);
    assert_exit(&output, 2);
    assert_eq!(
        summary(&output),
        "newsdex: skipped corpus/dangling.txt: unreadable: No such file or directory (os error 2)\n\
         added 1, updated 0, removed 0, unchanged 0, skipped 1 in T s\n"
    );
    assert_eq!(ids(&env, "turnips"), ["a.txt"], "the rest is committed");
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_indexed() {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"))
        .write("secret.txt", story("radishes"));
    let secret = env.corpus().join("secret.txt");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        eprintln!("skipping: running as root, file permissions do not stop reads here");
        return;
    }
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    assert_eq!(
        summary(&output),
        "newsdex: skipped corpus/secret.txt: unreadable: Permission denied (os error 13)\n\
         added 1, updated 0, removed 0, unchanged 0, skipped 1 in T s\n"
    );
    assert_eq!(ids(&env, "turnips"), ["a.txt"]);
}

#[test]
fn non_utf8_file_names_are_indexed() {
    let env = TestEnv::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(env.corpus().join(name), story("croissants")).unwrap();
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 0);
    assert_eq!(
        summary(&output),
        "added 1, updated 0, removed 0, unchanged 0, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "croissants"), ["caf\u{FFFD}.txt"]);
    // And the next run recognises it as unchanged.
    let output = env.run(&["index", "corpus"]);
    assert_eq!(
        summary(&output),
        "added 0, updated 0, removed 0, unchanged 1, skipped 0 in T s\n"
    );
}

#[test]
fn hidden_files_and_folders_need_hidden() {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"))
        .write(".draft.txt", story("radishes"))
        .write(".git/notes.txt", story("parsnips"));
    let output = env.run(&["index", "corpus"]);
    assert_eq!(
        summary(&output),
        "added 1, updated 0, removed 0, unchanged 0, skipped 0 in T s\n"
    );
    let output = env.run(&["index", "corpus", "--hidden"]);
    assert_eq!(
        summary(&output),
        "added 2, updated 0, removed 0, unchanged 1, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "parsnips"), [".git/notes.txt"]);
    // Dropping --hidden again removes them.
    let output = env.run(&["index", "corpus"]);
    assert_eq!(
        summary(&output),
        "added 0, updated 0, removed 2, unchanged 1, skipped 0 in T s\n"
    );
}

#[test]
fn followed_symlinks_are_indexed_and_loops_detected() {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"))
        .write("sub/b.txt", story("radishes"));
    let elsewhere = env.root.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("c.txt"), story("parsnips")).unwrap();
    symlink(&elsewhere, env.corpus().join("linked")).unwrap();
    symlink("..", env.corpus().join("sub/up")).unwrap();

    let output = env.run(&["index", "corpus", "-v"]);
    assert_exit(&output, 0);
    assert_eq!(
        summary(&output),
        "newsdex: skipped corpus/linked: symlink not followed (use --follow)\n\
         newsdex: skipped corpus/sub/up: symlink not followed (use --follow)\n\
         added 2, updated 0, removed 0, unchanged 0, skipped 2 in T s\n"
    );

    let output = env.run(&["index", "corpus", "-v", "-L"]);
    assert_exit(&output, 0);
    assert_eq!(
        summary(&output),
        "newsdex: skipped corpus/sub/up: symlink loop: it points to a folder above it\n\
         added 1, updated 0, removed 0, unchanged 2, skipped 1 in T s\n"
    );
    assert_eq!(ids(&env, "parsnips"), ["linked/c.txt"]);
    assert_eq!(ids(&env, "farmers"), ["a.txt", "linked/c.txt", "sub/b.txt"]);
}
