//! Incremental indexing (issue 6): only what changed is read, every change is reflected
//! exactly, and an index refuses another corpus or other settings unless `--rebuild`.

mod util;

use std::fs::File;
use std::time::{Duration, SystemTime};

use util::*;

/// The summary line with the time replaced by `T`.
fn summary(output: &std::process::Output) -> String {
    regex::Regex::new(r"in \d+\.\d+ s")
        .unwrap()
        .replace(&stderr(output), "in T s")
        .into_owned()
}

fn index(env: &TestEnv, extra: &[&str]) -> String {
    index_exiting(env, extra, 0)
}

/// [`index`] for a run expected to exit with `code` (2: a skip that is a failure).
fn index_exiting(env: &TestEnv, extra: &[&str], code: i32) -> String {
    let output = env
        .cmd()
        .arg("index")
        .arg("corpus")
        .args(extra)
        .output()
        .unwrap();
    assert_exit(&output, code);
    assert_eq!(stdout(&output), "");
    summary(&output)
}

fn story(word: &str) -> String {
    format!("Story about {word}\n\nLONDON, May 3 (Reuters) - Farmers grew {word} this year.\n")
}

fn three_stories() -> TestEnv {
    let env = TestEnv::new();
    env.write("a.txt", story("turnips"))
        .write("farm/b.txt", story("radishes"))
        .write("farm/c.md", story("parsnips"));
    env
}

fn set_mtime(env: &TestEnv, rel: &str, when: SystemTime) {
    let file = File::options()
        .write(true)
        .open(env.corpus().join(rel))
        .unwrap();
    file.set_modified(when).unwrap();
}

#[test]
fn a_second_run_finds_everything_unchanged() {
    let env = three_stories();
    assert_eq!(
        index(&env, &[]),
        "added 3, updated 0, removed 0, unchanged 0, skipped 0 in T s\n"
    );
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 0, removed 0, unchanged 3, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "farmers"), ["a.txt", "farm/b.txt", "farm/c.md"]);
}

#[test]
fn a_touched_file_with_the_same_bytes_is_not_reindexed() {
    let env = three_stories();
    index(&env, &[]);
    set_mtime(&env, "a.txt", SystemTime::now() + Duration::from_secs(3600));
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 0, removed 0, unchanged 3, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "turnips"), ["a.txt"], "still exactly one story");
}

#[test]
fn changed_added_and_removed_files_are_handled() {
    let env = three_stories();
    index(&env, &[]);
    env.write("a.txt", story("cabbages and more cabbages"));
    env.write("farm/d.txt", story("beetroot"));
    std::fs::remove_file(env.corpus().join("farm/c.md")).unwrap();
    assert_eq!(
        index(&env, &[]),
        "added 1, updated 1, removed 1, unchanged 1, skipped 0 in T s\n"
    );
    assert!(ids(&env, "turnips").is_empty(), "old text gone");
    assert_eq!(ids(&env, "cabbages"), ["a.txt"]);
    assert!(
        ids(&env, "parsnips").is_empty(),
        "deleted file's story gone"
    );
    assert_eq!(ids(&env, "beetroot"), ["farm/d.txt"]);
    assert_eq!(ids(&env, "farmers"), ["a.txt", "farm/b.txt", "farm/d.txt"]);
}

#[test]
fn same_size_new_bytes_and_new_mtime_is_an_update() {
    let env = three_stories();
    index(&env, &[]);
    env.write("a.txt", story("tomatoe")); // same length as "turnips"
    set_mtime(&env, "a.txt", SystemTime::now() + Duration::from_secs(7200));
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 1, removed 0, unchanged 2, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "tomatoe"), ["a.txt"]);
    assert!(ids(&env, "turnips").is_empty());
}

#[test]
fn a_file_that_becomes_unindexable_is_removed_and_skipped() {
    let env = three_stories();
    index(&env, &[]);
    env.write("farm/b.txt", "\n\n");
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 0, removed 1, unchanged 2, skipped 1 in T s\n"
    );
    assert!(ids(&env, "radishes").is_empty());
}

#[test]
fn rebuild_starts_from_scratch() {
    let env = three_stories();
    index(&env, &[]);
    assert_eq!(
        index(&env, &["--rebuild"]),
        "added 3, updated 0, removed 0, unchanged 0, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "farmers"), ["a.txt", "farm/b.txt", "farm/c.md"]);
}

#[test]
fn another_corpus_is_refused_unless_rebuild() {
    let env = three_stories();
    index(&env, &[]);
    let other = env.root.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("x.txt"), story("kale")).unwrap();
    let output = env.run(&["index", "other"]);
    assert_exit(&output, 2);
    let corpus = env.corpus().canonicalize().unwrap();
    let other = other.canonicalize().unwrap();
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' holds stories from '{}', not '{}': index that folder, pick another --index, or pass --rebuild to replace it\n",
            env.index().display(),
            corpus.display(),
            other.display()
        )
    );
    assert_eq!(ids(&env, "farmers").len(), 3, "the index is untouched");

    let output = env.run(&["index", "other", "--rebuild"]);
    assert_exit(&output, 0);
    assert_eq!(
        summary(&output),
        "added 1, updated 0, removed 0, unchanged 0, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "kale"), ["x.txt"]);
    assert!(ids(&env, "farmers").iter().all(|id| id == "x.txt"));
}

#[test]
fn another_year_setting_is_refused_unless_rebuild() {
    let env = three_stories();
    index(&env, &[]);
    let output = env.run(&["index", "corpus", "--year", "1987"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' was built with --year none, not 1987: pass --rebuild to reindex every story with the new setting\n",
            env.index().display()
        )
    );
    assert_eq!(
        index(&env, &["--year", "1987", "--rebuild"]),
        "added 3, updated 0, removed 0, unchanged 0, skipped 0 in T s\n"
    );
}

#[test]
fn without_a_corpus_argument_the_remembered_folder_is_updated() {
    let env = three_stories();
    index(&env, &[]);
    env.write("farm/e.txt", story("leeks"));
    // Run from elsewhere: the remembered (absolute) corpus folder is used, not ./corpus.
    let output = newsdex()
        .current_dir(env.corpus().join("farm"))
        .arg("--index")
        .arg(env.index())
        .arg("index")
        .output()
        .unwrap();
    assert_exit(&output, 0);
    assert_eq!(
        summary(&output),
        "added 1, updated 0, removed 0, unchanged 3, skipped 0 in T s\n"
    );
}

#[test]
fn json_summary_goes_to_stdout() {
    let env = three_stories();
    env.write("notes.pdf", "not a story");
    let output = env.run(&["index", "corpus", "--format", "json"]);
    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");
    let json: serde_json::Value = serde_json::from_str(stdout(&output).trim_end()).unwrap();
    let mut json = json.as_object().unwrap().clone();
    assert!(json.remove("seconds").unwrap().is_f64());
    assert_eq!(
        serde_json::Value::Object(json),
        serde_json::json!({
            "type": "summary", "corpus": "corpus", "index": env.index().display().to_string(),
            "added": 3, "updated": 0, "removed": 0, "unchanged": 0, "skipped": 1,
            "skipped_by_reason": {"not a story file": 1}, "stories": 3, "failures": []
        })
    );
}

#[test]
fn quiet_prints_nothing() {
    let env = three_stories();
    let output = env.run(&["index", "corpus", "-q"]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), "");
    assert_eq!(stderr(&output), "");
}

/// A no-op run hands unchanged files on as counts, in batches (#15): every kind of change
/// must still be found when it sits among hundreds of unchanged files, in several folders,
/// on both sides of a batch boundary.
#[test]
fn every_change_is_found_among_many_unchanged_files() {
    let env = TestEnv::new();
    for (f, folder) in ["a", "b/deep", "c"].iter().enumerate() {
        for n in 0..150 {
            let crop = format!("crop{}", f * 1000 + n);
            env.write(&format!("{folder}/{n:03}.txt"), story(&crop));
        }
    }
    assert_eq!(
        index(&env, &[]),
        "added 450, updated 0, removed 0, unchanged 0, skipped 0 in T s\n"
    );
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 0, removed 0, unchanged 450, skipped 0 in T s\n"
    );
    // Changed (new bytes), touched with the same bytes, removed, added, and a new folder.
    env.write("a/007.txt", story("cabbages"));
    set_mtime(
        &env,
        "b/deep/140.txt",
        SystemTime::now() + Duration::from_secs(3600),
    );
    std::fs::remove_file(env.corpus().join("c/149.txt")).unwrap();
    env.write("b/deep/070a.txt", story("beetroot"));
    env.write("b/new/x.md", story("kale"));
    assert_eq!(
        index(&env, &[]),
        "added 2, updated 1, removed 1, unchanged 448, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "cabbages"), ["a/007.txt"]);
    assert!(
        ids(&env, "crop7").is_empty(),
        "the changed file's old text is gone"
    );
    assert_eq!(
        ids(&env, "crop1140"),
        ["b/deep/140.txt"],
        "touched: still one story"
    );
    assert!(
        ids(&env, "crop2149").is_empty(),
        "the removed file's story is gone"
    );
    assert_eq!(ids(&env, "crop2148"), ["c/148.txt"]);
    assert_eq!(ids(&env, "beetroot"), ["b/deep/070a.txt"]);
    assert_eq!(ids(&env, "kale"), ["b/new/x.md"]);
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 0, removed 0, unchanged 451, skipped 0 in T s\n"
    );
}

/// Every word of the words file with its story count.
fn word_counts(env: &TestEnv) -> Vec<(String, u64)> {
    use tantivy_fst::Streamer;
    let index = tantivy::Index::open_in_dir(env.index()).unwrap();
    let words = newsdex::schema::words::read(&index);
    let mut stream = words.stream();
    let mut out = Vec::new();
    while let Some((word, count)) = stream.next() {
        out.push((String::from_utf8(word.to_vec()).unwrap(), count));
    }
    out
}

fn count_of(counts: &[(String, u64)], word: &str) -> u64 {
    counts
        .iter()
        .find(|(w, _)| w == word)
        .map_or(0, |(_, n)| *n)
}

/// "Did you mean" counts the stories that have each word now: an update or a deletion takes
/// the old story's words out, and the counts are those a rebuild gives.
#[test]
fn word_counts_follow_updates_and_deletions() {
    let env = three_stories();
    index(&env, &[]);
    let counts = word_counts(&env);
    assert_eq!(count_of(&counts, "farmers"), 3);
    assert_eq!(count_of(&counts, "turnips"), 1);
    assert_eq!(count_of(&counts, "story"), 3, "headline words count");
    env.write("a.txt", story("cabbages and more cabbages"));
    env.write("farm/d.txt", story("beetroot"));
    std::fs::remove_file(env.corpus().join("farm/c.md")).unwrap();
    env.write("farm/b.txt", "\n\n");
    index(&env, &[]);
    let counts = word_counts(&env);
    assert_eq!(count_of(&counts, "farmers"), 2);
    assert_eq!(count_of(&counts, "cabbages"), 1, "once per story");
    assert_eq!(count_of(&counts, "beetroot"), 1);
    for gone in ["turnips", "radishes", "parsnips"] {
        assert_eq!(count_of(&counts, gone), 0, "{gone}");
        assert!(counts.iter().all(|(w, _)| w != gone), "{gone} left out");
    }
    index(&env, &["--rebuild"]);
    assert_eq!(word_counts(&env), counts);
}

/// A run that dies after writing the words file of a commit but before tantivy commits
/// (a crash, a kill, a failing disk) leaves a words file ahead of the index: the next run
/// puts the one before back, so the stories it indexes again are not counted twice.
#[test]
fn word_counts_survive_a_run_that_dies_before_its_commit() {
    let env = three_stories();
    index(&env, &[]);
    env.write("farm/d.txt", story("beetroot"));
    let output = env
        .cmd()
        .args(["index", "corpus"])
        .env("NEWSDEX_TEST_PANIC", "commit:1")
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(count_of(&word_counts(&env), "beetroot"), 1, "written ahead");
    assert_eq!(ids(&env, "beetroot"), Vec::<String>::new(), "not committed");
    assert_eq!(
        index(&env, &[]),
        "added 1, updated 0, removed 0, unchanged 3, skipped 0 in T s\n"
    );
    let counts = word_counts(&env);
    assert_eq!(count_of(&counts, "beetroot"), 1);
    assert_eq!(count_of(&counts, "farmers"), 4);
    index(&env, &["--rebuild"]);
    assert_eq!(word_counts(&env), counts);
}

/// A words file that neither the last commit nor the one before was made with is damage,
/// told in one line, not counts quietly wrong.
#[test]
fn a_words_file_from_another_commit_is_told_as_damage() {
    let env = three_stories();
    index(&env, &[]);
    let words = env.index().join("words.fst");
    let other = TestEnv::new();
    other.write("x.txt", story("kale"));
    assert_exit(&other.run(&["index", "corpus", "-q"]), 0);
    std::fs::copy(other.index().join("words.fst"), &words).unwrap();
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' is damaged (its file 'words.fst' is not the one its last commit was made with): run `newsdex index --rebuild` to build it again\n",
            env.index().display()
        )
    );
}

/// The last line of stderr: a thread that panicked has printed its message above it.
fn last_error_line(output: &std::process::Output) -> String {
    stderr(output).lines().last().unwrap_or("").to_string()
}

#[test]
fn a_run_whose_walk_stops_early_fails_and_removes_nothing() {
    let env = three_stories();
    index(&env, &[]);
    // Cut short after the first entry (a.txt): farm/ is never reached, so its files must
    // not count as gone, whichever thread stops.
    for hook in ["walk:1", "plan:1"] {
        let output = env
            .cmd()
            .args(["index", "corpus"])
            .env("NEWSDEX_TEST_PANIC", hook)
            .output()
            .unwrap();
        assert_exit(&output, 2);
        assert_eq!(stdout(&output), "", "{hook}");
        assert_eq!(
            last_error_line(&output),
            "newsdex: the walk of 'corpus' stopped before it finished: nothing was removed",
            "{hook}"
        );
        assert_eq!(
            ids(&env, "farmers"),
            ["a.txt", "farm/b.txt", "farm/c.md"],
            "{hook}"
        );
    }
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 0, removed 0, unchanged 3, skipped 0 in T s\n"
    );
}

#[test]
fn an_unreadable_file_or_folder_keeps_its_stories_until_it_is_back() {
    let env = TestEnv::new();
    let elsewhere = env.root.path().join("elsewhere");
    std::fs::create_dir_all(elsewhere.join("desk")).unwrap();
    std::fs::write(elsewhere.join("desk/b.txt"), story("radishes")).unwrap();
    std::fs::write(elsewhere.join("desk/c.txt"), story("parsnips")).unwrap();
    std::fs::write(elsewhere.join("linked.txt"), story("carrots")).unwrap();
    env.write("a.txt", story("turnips"));
    std::os::unix::fs::symlink(elsewhere.join("desk"), env.corpus().join("desk")).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.join("linked.txt"),
        env.corpus().join("linked.txt"),
    )
    .unwrap();
    assert_eq!(
        index(&env, &["--follow"]),
        "added 4, updated 0, removed 0, unchanged 0, skipped 0 in T s\n"
    );
    let all = ["a.txt", "desk/b.txt", "desk/c.txt", "linked.txt"];
    assert_eq!(ids(&env, "farmers"), all);

    // The links' targets are away (an unmounted disk, say): both links dangle.
    let away = env.root.path().join("away");
    std::fs::rename(&elsewhere, &away).unwrap();
    assert_eq!(
        index_exiting(&env, &["--follow"], 2),
        "newsdex: skipped corpus/desk: unreadable: No such file or directory (os error 2); \
         the stories indexed from it before are kept\n\
         newsdex: skipped corpus/linked.txt: unreadable: No such file or directory (os error 2); \
         the stories indexed from it before are kept\n\
         added 0, updated 0, removed 0, unchanged 1, skipped 2 in T s\n"
    );
    assert_eq!(ids(&env, "farmers"), all, "nothing was removed");
    assert_eq!(ids(&env, "radishes"), ["desk/b.txt"]);

    // Back, with one story changed: the next run updates as usual.
    std::fs::rename(&away, &elsewhere).unwrap();
    std::fs::write(elsewhere.join("desk/b.txt"), story("beetroot")).unwrap();
    assert_eq!(
        index(&env, &["--follow"]),
        "added 0, updated 1, removed 0, unchanged 3, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "beetroot"), ["desk/b.txt"]);
    assert_eq!(ids(&env, "radishes"), Vec::<String>::new());

    // A folder really gone (its link removed) still takes its stories with it.
    std::fs::remove_file(env.corpus().join("desk")).unwrap();
    assert_eq!(
        index(&env, &["--follow"]),
        "added 0, updated 0, removed 2, unchanged 2, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "farmers"), ["a.txt", "linked.txt"]);
}

#[test]
fn a_file_that_fails_to_read_keeps_its_stories() {
    let env = TestEnv::new();
    let elsewhere = env.root.path().join("elsewhere.txt");
    std::fs::write(&elsewhere, story("carrots")).unwrap();
    env.write("a.txt", story("turnips"));
    let link = env.corpus().join("linked.txt");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    index(&env, &["--follow"]);
    // Now it points to a file that opens but fails to read (even for root): the walk
    // finds it, the read fails.
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", &link).unwrap();
    assert_eq!(
        index_exiting(&env, &["--follow"], 2),
        "newsdex: skipped corpus/linked.txt: unreadable: Input/output error (os error 5); \
         the stories indexed from it before are kept\n\
         added 0, updated 0, removed 0, unchanged 1, skipped 1 in T s\n"
    );
    assert_eq!(ids(&env, "carrots"), ["linked.txt"]);
}

/// `newsdex index corpus` with parsing of files named `name` made to panic.
fn index_with_parse_panic(env: &TestEnv, name: &str) -> std::process::Output {
    env.cmd()
        .args(["index", "corpus"])
        .env("NEWSDEX_TEST_PANIC", format!("parse:{name}"))
        .output()
        .unwrap()
}

#[test]
fn a_panic_parsing_one_file_skips_that_file_only() {
    let env = three_stories();
    let output = index_with_parse_panic(&env, "b.txt");
    assert_exit(&output, 2);
    assert_eq!(stdout(&output), "");
    // One line for the file, no panic message from Rust above it, and the run goes on.
    assert_eq!(
        summary(&output),
        "newsdex: skipped corpus/farm/b.txt: newsdex could not parse it \
         (an internal error: test hook: parsing b.txt panics); please report it\n\
         added 2, updated 0, removed 0, unchanged 0, skipped 1 in T s\n"
    );
    assert_eq!(ids(&env, "farmers"), ["a.txt", "farm/c.md"]);

    // Counted in the JSON summary like any failure.
    std::fs::write(env.corpus().join("a.txt"), story("beetroot")).unwrap();
    let output = env
        .cmd()
        .args(["index", "corpus", "--format", "json"])
        .env("NEWSDEX_TEST_PANIC", "parse:b.txt")
        .output()
        .unwrap();
    assert_exit(&output, 2);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["added"], 0);
    assert_eq!(json["updated"], 1);
    assert_eq!(json["skipped"], 1);
    assert_eq!(
        json["skipped_by_reason"],
        serde_json::json!({"parser failed": 1})
    );
    assert_eq!(
        json["failures"],
        serde_json::json!([{
            "path": "corpus/farm/b.txt",
            "reason": "newsdex could not parse it (an internal error: test hook: parsing b.txt \
                       panics); please report it"
        }])
    );

    // Without the bug, the file is indexed as usual.
    assert_eq!(
        index(&env, &[]),
        "added 1, updated 0, removed 0, unchanged 2, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "radishes"), ["farm/b.txt"]);
}

#[test]
fn a_panic_parsing_a_file_indexed_before_keeps_its_stories() {
    let env = three_stories();
    index(&env, &[]);
    // Changed, so it is parsed again, and that parse panics: the old story stays.
    env.write("farm/b.txt", story("kohlrabi and more"));
    let output = index_with_parse_panic(&env, "b.txt");
    assert_exit(&output, 2);
    assert_eq!(
        summary(&output),
        "newsdex: skipped corpus/farm/b.txt: newsdex could not parse it \
         (an internal error: test hook: parsing b.txt panics); please report it; \
         the stories indexed from it before are kept\n\
         added 0, updated 0, removed 0, unchanged 2, skipped 1 in T s\n"
    );
    assert_eq!(ids(&env, "radishes"), ["farm/b.txt"]);
    assert_eq!(ids(&env, "kohlrabi"), Vec::<String>::new());
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 1, removed 0, unchanged 2, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "kohlrabi"), ["farm/b.txt"]);
}

/// The names of the files in the index folder, sorted.
fn index_files(env: &TestEnv) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.index())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A full disk, without filling one: the words file's temp file is a link to `/dev/full`,
/// which refuses every write as a full disk does (ENOSPC). The run ends with one line, the
/// index keeps its last commit, the next run first removes the segment files the failed
/// one left, and a run (the link gone) indexes the rest.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_during_an_update_keeps_the_last_commit() {
    let env = three_stories();
    index(&env, &[]);
    let words = std::fs::read(env.index().join("words.fst")).unwrap();
    let files = index_files(&env);
    std::os::unix::fs::symlink("/dev/full", env.index().join("words.fst.tmp")).unwrap();
    env.write("d.txt", story("kohlrabi"));
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: no room on the disk for the index '{}': free some space and run \
             `newsdex index` again (what the last commit holds is kept)\n",
            env.index().display()
        )
    );
    assert_eq!(std::fs::read(env.index().join("words.fst")).unwrap(), words);
    assert_eq!(ids(&env, "farmers"), ["a.txt", "farm/b.txt", "farm/c.md"]);
    assert_eq!(ids(&env, "kohlrabi"), Vec::<String>::new());
    assert_ne!(index_files(&env), files, "the failed run left its segment");
    // A run that commits nothing still clears what the failed one left.
    std::fs::remove_file(env.corpus().join("d.txt")).unwrap();
    assert_eq!(
        index(&env, &[]),
        "added 0, updated 0, removed 0, unchanged 3, skipped 0 in T s\n"
    );
    assert_eq!(index_files(&env), files);
    env.write("d.txt", story("kohlrabi"));
    assert_eq!(
        index(&env, &[]),
        "added 1, updated 0, removed 0, unchanged 3, skipped 0 in T s\n"
    );
    assert_eq!(ids(&env, "kohlrabi"), ["d.txt"]);
}
