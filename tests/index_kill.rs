//! A killed `newsdex index` never corrupts the index or loses committed work (issue 6).
//!
//! A generated corpus is indexed with small `--commit-every` and a test-only pause per
//! file, and the run is killed five times at points spread over it. After every kill the
//! index opens and answers from its last commit, with no story twice; the final rerun
//! ends with exactly one document per story file. No assertion depends on timing: each
//! kill waits until the last commit holds a given number of stories, and the pause per
//! file only keeps the run going meanwhile.

mod util;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use util::*;

const STORIES: usize = 2000;

/// Stories in the index's last commit (0 before the first).
fn committed(env: &TestEnv) -> usize {
    if !env.index().join("meta.json").is_file() {
        return 0;
    }
    all_hits(&env.index(), "farmers").1 as usize
}

fn assert_no_duplicates(ids: &[String], total: u64) {
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "a story is indexed twice");
    assert_eq!(ids.len() as u64, total);
}

#[test]
fn killed_runs_leave_a_working_index_and_a_rerun_completes_it() {
    let env = TestEnv::new();
    let expected: BTreeSet<String> = generate_stories(&env.corpus(), STORIES)
        .into_iter()
        .collect();
    let mut landed_mid_run = 0;
    let mut seen = Vec::new();
    // Kill once the last commit holds at least this many stories (spread over the run),
    // plus a little, so kills land between commits too.
    for (target, extra_ms) in [(1, 0), (400, 30), (800, 60), (1200, 10), (1600, 45)] {
        let mut child = spawn_throttled_index(&env, 97, 1);
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
            if committed(&env) >= target {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(extra_ms));
        if child.try_wait().unwrap().is_none() {
            landed_mid_run += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();

        let (ids, total) = all_hits(&env.index(), "farmers");
        assert_no_duplicates(&ids, total);
        assert!(ids.iter().all(|id| expected.contains(id)));
        seen.push(total);
    }
    assert!(
        landed_mid_run >= 3,
        "only {landed_mid_run} of 5 kills landed while indexing ran (committed: {seen:?})"
    );
    assert!(
        seen.iter().any(|&n| n > 0 && (n as usize) < STORIES),
        "no kill left a partly built index (committed after each kill: {seen:?})"
    );

    let output = env.run(&["index", "corpus", "--format", "json"]);
    assert_exit(&output, 0);
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        summary["added"].as_u64().unwrap() + summary["unchanged"].as_u64().unwrap(),
        STORIES as u64
    );
    assert_eq!(summary["updated"], 0);
    assert_eq!(summary["removed"], 0);

    let (ids, total) = all_hits(&env.index(), "farmers");
    assert_no_duplicates(&ids, total);
    assert_eq!(ids.into_iter().collect::<BTreeSet<_>>(), expected);
    // Every story is findable by its own word, exactly once.
    for i in [0, 1, 999, STORIES - 1] {
        let (ids, _) = all_hits(&env.index(), &format!("story{i}"));
        assert_eq!(ids, [format!("batch{:03}/story{i}.txt", i / 100)]);
    }
}

#[test]
fn a_damaged_index_is_an_error_and_rebuild_recovers() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Story about turnips\n\nLONDON - Farmers grew turnips.\n",
    );
    assert_exit(&env.run(&["index", "corpus"]), 0);
    std::fs::write(env.index().join("meta.json"), "{ not json").unwrap();

    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!(
            "newsdex: index '{}' is damaged (",
            env.index().display()
        )) && message.ends_with("): run `newsdex index --rebuild` to build it again\n")
            && message.lines().count() == 1,
        "{message}"
    );

    let output = env.run(&["index", "corpus", "--rebuild"]);
    assert_exit(&output, 0);
    let (ids, _) = all_hits(&env.index(), "turnips");
    assert_eq!(ids, ["a.txt"]);
}

#[test]
fn a_deleted_segment_file_is_reported_as_damage() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Story about turnips\n\nLONDON - Farmers grew turnips.\n",
    );
    assert_exit(&env.run(&["index", "corpus"]), 0);
    for entry in std::fs::read_dir(env.index()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "idx") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("is damaged") && stderr(&output).contains("--rebuild"),
        "{}",
        stderr(&output)
    );
    let output = env.run(&["index", "corpus", "--rebuild"]);
    assert_exit(&output, 0);
}
