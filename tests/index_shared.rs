//! Indexing the shared corpora (issue 6): BBC and Reuters, 12k stories, linked into a
//! temporary corpus and followed with `-L`. A full build indexes every story file exactly
//! once and a second run reads nothing. Skips, saying why, when `../shared/corpora` is
//! absent.

mod util;

use std::collections::BTreeSet;

use util::*;

fn story_files(dir: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .count()
}

#[test]
fn shared_corpora_index_fully_then_incrementally() {
    let Some(shared) = shared_corpora() else {
        return;
    };
    let env = TestEnv::new();
    let mut expected = 0;
    for name in ["bbc", "reuters"] {
        std::os::unix::fs::symlink(shared.join(name), env.corpus().join(name)).unwrap();
        expected += story_files(&shared.join(name));
    }

    let run = || {
        let output = env.run(&["index", "corpus", "-L", "--format", "json"]);
        assert_exit(&output, 0);
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    let full = run();
    assert_eq!(full["added"], expected);
    assert_eq!(full["stories"], expected);
    assert_eq!(full["skipped"], 0);
    let again = run();
    assert_eq!(again["unchanged"], expected);
    assert_eq!(again["added"], 0);
    assert_eq!(again["stories"], 0);

    // A word nearly every Reuters story has: every hit a distinct story.
    let (ids, total) = all_hits(&env.index(), "said");
    assert!(total > 5000, "{total}");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len() as u64, total);
    assert!(ids.iter().any(|id| id.starts_with("bbc/")));
    assert!(ids.iter().any(|id| id.starts_with("reuters/")));
}
