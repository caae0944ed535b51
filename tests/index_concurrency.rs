//! One `newsdex index` at a time per index, and queries keep working while it runs
//! (issue 6). A test-only pause per file keeps the first run going while the second one
//! and the queries race it; no assertion depends on timing.

mod util;

use std::process::Child;
use std::time::{Duration, Instant};

use util::*;

/// Waits (bounded) until the running index has committed something.
fn wait_for_first_commit(env: &TestEnv, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        if env.index().join("meta.json").is_file() && all_hits(&env.index(), "farmers").1 > 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_second_run_fails_at_once_naming_the_index_and_queries_still_work() {
    let env = TestEnv::new();
    generate_stories(&env.corpus(), 1500);
    let mut first = spawn_throttled_index(&env, 50, 5);
    wait_for_first_commit(&env, &mut first);
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first run ended before the test could race it"
    );

    let output = env.run(&["index", "corpus"]);
    let still_running = first.try_wait().unwrap().is_none();
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' is locked by another `newsdex index` run: wait for it to finish\n",
            env.index().display()
        )
    );
    assert!(still_running, "the second run waited for the first");

    // Queries see the last commit while the run goes on.
    let (ids, total) = all_hits(&env.index(), "farmers");
    assert!(total > 0 && total <= 1500);
    assert_eq!(ids.len() as u64, total);
    let output = env.run(&["query", "story0", "--format", "jsonl"]);
    assert_exit(&output, 0);
    assert_eq!(ranked_ids(&output), ["batch000/story0.txt"]);

    first.kill().unwrap();
    first.wait().unwrap();
    // The lock dies with its process.
    let output = env.run(&["index", "corpus", "-q"]);
    assert_exit(&output, 0);
    assert_eq!(all_hits(&env.index(), "farmers").1, 1500);
}
