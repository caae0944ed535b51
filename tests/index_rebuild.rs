//! `newsdex index --rebuild` of an existing index writes the new one beside it and swaps it
//! in only when complete: killed mid-way, it leaves the old index answering, and the next
//! run deletes what it left. No assertion depends on timing: the kill waits until the
//! side folder has committed a given number of stories, and a test-only pause per file
//! only keeps the rebuild going meanwhile.

mod util;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use util::*;

/// Starts `newsdex index corpus --rebuild` in `env`, slowed down per file.
fn spawn_throttled_rebuild(env: &TestEnv) -> Child {
    env.std_cmd()
        .args(["index", "corpus", "--rebuild", "--commit-every", "50", "-q"])
        .env("NEWSDEX_TEST_THROTTLE_MS", "2")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// Stories the index at `path` has committed (0 before its first commit).
fn committed(path: &Path) -> u64 {
    if !path.join("meta.json").is_file() {
        return 0;
    }
    all_hits(path, "farmers").1
}

/// Names of the entries of `folder`, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The ids `farmers` finds in the index at `path`, as a set.
fn farmer_ids(path: &Path) -> BTreeSet<String> {
    let (ids, total) = all_hits(path, "farmers");
    assert_eq!(ids.len() as u64, total);
    ids.into_iter().collect()
}

#[test]
fn a_killed_rebuild_leaves_the_old_index_answering_and_the_next_run_deletes_its_folder() {
    let env = TestEnv::new();
    let old: BTreeSet<String> = generate_stories(&env.corpus(), 300).into_iter().collect();
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    assert_eq!(farmer_ids(&env.index()), old);
    // Stories 0-299 stay as they were; 300-1999 are new.
    let all: BTreeSet<String> = generate_stories(&env.corpus(), 2000).into_iter().collect();

    let mut rebuild = spawn_throttled_rebuild(&env);
    let side = env
        .root
        .path()
        .join(format!("index.rebuild-{}", rebuild.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline && rebuild.try_wait().unwrap().is_none() {
        if committed(&side) >= 200 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        rebuild.try_wait().unwrap().is_none(),
        "the rebuild ended before the test could interrupt it"
    );
    assert!(
        committed(&side) >= 200,
        "the rebuild committed nothing beside the index"
    );

    // Meanwhile the index answers from the old stories, and no other run may write.
    assert_eq!(farmer_ids(&env.index()), old);
    let locked = format!(
        "newsdex: index '{}' is locked by another `newsdex index` run: wait for it to finish\n",
        env.index().display()
    );
    for args in [
        &["index", "corpus"][..],
        &["index", "corpus", "--rebuild"][..],
    ] {
        let output = env.run(args);
        assert_exit(&output, 2);
        assert_eq!(stderr(&output), locked, "{args:?}");
    }
    assert!(
        side.is_dir(),
        "a refused run deleted the running rebuild's folder"
    );

    rebuild.kill().unwrap(); // SIGKILL
    rebuild.wait().unwrap();

    // The old index, whole; the partial new one beside it is not read.
    assert_eq!(farmer_ids(&env.index()), old);
    let (ids, _) = all_hits(&env.index(), "story1999");
    assert!(ids.is_empty(), "{ids:?}");
    assert!(side.is_dir());
    assert_eq!(
        names_in(env.root.path()),
        ["corpus", "index", &side_name(&side)]
    );

    // The next run deletes it, says so in one line, and brings the index up to date.
    let output = env.run(&["index", "corpus", "--format", "json"]);
    assert_exit(&output, 0);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: removed '{}', left by an interrupted `newsdex index --rebuild`\n",
            side.display()
        )
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (
            &summary["added"],
            &summary["unchanged"],
            &summary["skipped"]
        ),
        (&1700.into(), &300.into(), &0.into())
    );
    assert_eq!(names_in(env.root.path()), ["corpus", "index"]);
    assert_eq!(farmer_ids(&env.index()), all);
}

fn side_name(side: &Path) -> String {
    side.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn a_finished_rebuild_replaces_the_index_and_leaves_nothing_beside_it() {
    let env = TestEnv::new();
    env.write("a.txt", "Turnip glut\n\nLONDON - Farmers grew turnips.\n")
        .write("b.txt", "Barley prices\n\nLONDON - Farmers sold barley.\n");
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    // A file of the user's in the index folder is kept, as a rebuild in place kept it.
    std::fs::write(env.index().join("README.md"), "my notes\n").unwrap();
    std::fs::remove_file(env.corpus().join("a.txt")).unwrap();
    env.write("c.txt", "Wheat harvest\n\nLONDON - Farmers cut wheat.\n");

    let output = env.run(&["index", "corpus", "--rebuild", "--format", "json"]);
    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (&summary["added"], &summary["stories"]),
        (&2.into(), &2.into())
    );
    assert_eq!(
        farmer_ids(&env.index()),
        BTreeSet::from(["b.txt".to_string(), "c.txt".to_string()])
    );
    assert_eq!(names_in(env.root.path()), ["corpus", "index"]);
    assert_eq!(
        std::fs::read_to_string(env.index().join("README.md")).unwrap(),
        "my notes\n"
    );
    // The new index is a working one: an update after it changes nothing.
    let output = env.run(&["index", "corpus", "--format", "json"]);
    assert_exit(&output, 0);
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (&summary["added"], &summary["unchanged"]),
        (&0.into(), &2.into())
    );
}

#[test]
fn a_folder_inside_the_index_folder_stops_a_rebuild_before_it_starts() {
    let env = TestEnv::new();
    env.write("a.txt", "Turnip glut\n\nLONDON - Farmers grew turnips.\n");
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let kept = env.index().join("drafts");
    std::fs::create_dir(&kept).unwrap();
    let output = env.run(&["index", "corpus", "--rebuild"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: '{}' is inside the index folder and is not a file: a rebuild replaces the whole folder, so move it out first\n",
            kept.display()
        )
    );
    assert!(kept.is_dir());
    assert_eq!(names_in(env.root.path()), ["corpus", "index"]);
    assert_eq!(
        farmer_ids(&env.index()),
        BTreeSet::from(["a.txt".to_string()])
    );
}

/// `newsdex --index corpus/idx ARGS` in `env`: an index inside its own corpus.
fn run_inside(env: &TestEnv, args: &[&str]) -> std::process::Output {
    std_newsdex()
        .current_dir(env.root.path())
        .args(["--index", "corpus/idx"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn leftovers_inside_the_corpus_are_never_indexed_and_only_index_files_are_deleted() {
    let env = TestEnv::new();
    env.write("a.txt", "Turnip glut\n\nLONDON - Farmers grew turnips.\n");
    assert_exit(&run_inside(&env, &["index", "corpus", "-q"]), 0);
    let index = env.corpus().join("idx");
    // What a rebuild killed after the swap leaves: a whole index beside the new one.
    let swapped_out = env.corpus().join("idx.rebuild-4242");
    std::fs::create_dir(&swapped_out).unwrap();
    for name in names_in(&index) {
        std::fs::copy(index.join(&name), swapped_out.join(&name)).unwrap();
    }
    // A folder named alike holding a story: not newsdex's to delete, nor a story to index.
    let alike = env.corpus().join("idx.rebuild-77");
    std::fs::create_dir(&alike).unwrap();
    std::fs::write(
        alike.join("mine.txt"),
        "Rhubarb fair\n\nLONDON - Farmers showed rhubarb.\n",
    )
    .unwrap();
    env.write("b.txt", "Barley prices\n\nLONDON - Farmers sold barley.\n");

    let output = run_inside(&env, &["index", "corpus", "--format", "json"]);
    assert_exit(&output, 0);
    assert_eq!(
        stderr(&output),
        "newsdex: removed 'corpus/idx.rebuild-4242', left by an interrupted `newsdex index --rebuild`\n\
         newsdex: left 'corpus/idx.rebuild-77' alone: it is named like the folder of an interrupted rebuild but holds 'mine.txt' (delete it if it is not needed)\n"
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (
            &summary["added"],
            &summary["unchanged"],
            &summary["skipped"]
        ),
        (&1.into(), &1.into(), &0.into())
    );
    assert!(!swapped_out.exists());
    assert!(alike.join("mine.txt").is_file());
    assert_eq!(
        farmer_ids(&index),
        BTreeSet::from(["a.txt".to_string(), "b.txt".to_string()])
    );

    // A rebuild inside the corpus reads neither its own folder nor the one alike.
    let output = run_inside(&env, &["index", "corpus", "--rebuild", "--format", "json"]);
    assert_exit(&output, 0);
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (&summary["added"], &summary["skipped"]),
        (&2.into(), &0.into())
    );
    let mut left: Vec<PathBuf> = std::fs::read_dir(env.corpus())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            env.corpus().join("a.txt"),
            env.corpus().join("b.txt"),
            index.clone(),
            alike
        ]
    );
}

#[test]
fn an_index_reached_by_a_link_is_rebuilt_where_the_link_points() {
    let env = TestEnv::new();
    env.write("a.txt", "Turnip glut\n\nLONDON - Farmers grew turnips.\n");
    let data = env.root.path().join("data");
    std::fs::create_dir_all(data.join("real-index")).unwrap();
    std::os::unix::fs::symlink("data/real-index", env.index()).unwrap();
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    env.write("b.txt", "Barley prices\n\nLONDON - Farmers sold barley.\n");

    assert_exit(&env.run(&["index", "corpus", "--rebuild", "-q"]), 0);
    // The link still names the index, which was swapped beside its own folder.
    assert_eq!(
        std::fs::read_link(env.index()).unwrap(),
        Path::new("data/real-index")
    );
    assert_eq!(names_in(&data), ["real-index"]);
    assert_eq!(names_in(env.root.path()), ["corpus", "data", "index"]);
    assert_eq!(
        farmer_ids(&env.index()),
        BTreeSet::from(["a.txt".to_string(), "b.txt".to_string()])
    );
}
