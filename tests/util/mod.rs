//! Hermetic harness for driving the real `newsdex` binary.
//!
//! Every command runs with an empty environment (the binary needs no variable: each test
//! sets the few it is about, such as `NO_COLOR` or `NEWSDEX_TEST_FORCE_TTY`), an explicit
//! `--index`, and its working directory set, so results never depend on the developer's
//! shell. Assertions compare whole outputs and print both sides on mismatch.

#![allow(dead_code)] // each test binary uses a different part of the harness

pub mod accuracy;
pub mod reuters;
pub mod ties;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;

/// The repository's bundled `corpus/`.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A path inside `../shared` (beside the checkout), for tests that measure on real news.
///
/// Where it is absent the test is skipped visibly: one line on stderr naming the test and
/// the missing path. With `NEWSDEX_REQUIRE_SHARED=1` (set by `.ci/run`) a missing path
/// fails the test instead, so CI can never pass by skipping.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    if std::env::var_os("NEWSDEX_REQUIRE_SHARED").is_some_and(|v| v == "1") {
        panic!("{test}: ../shared/{relative} is absent and NEWSDEX_REQUIRE_SHARED=1 requires it");
    }
    // Written to the real stderr, not through `eprintln!`, which the test harness captures.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: ../shared/{relative} is absent (NEWSDEX_REQUIRE_SHARED=1 fails instead)"
    );
    None
}

/// `../shared/corpora` beside the checkout, when present (see [`shared`] for the skip rule).
pub fn shared_corpora() -> Option<PathBuf> {
    shared("corpora")
}

/// A `newsdex` command with an empty environment.
pub fn newsdex() -> Command {
    Command::from_std(std_newsdex())
}

/// [`newsdex`] as a plain `std::process::Command`, for tests that spawn and wait themselves.
pub fn std_newsdex() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("newsdex"));
    cmd.env_clear();
    cmd
}

/// An index of the bundled corpus, built once per test binary and shared read-only.
pub fn bundled_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("bundled-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let output = newsdex()
            .arg("index")
            .arg(bundled_corpus())
            .arg("--index")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "indexing the bundled corpus failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        dir
    })
}

/// A scratch corpus and index in a temporary folder.
pub struct TestEnv {
    pub root: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("corpus")).unwrap();
        TestEnv { root }
    }

    pub fn corpus(&self) -> PathBuf {
        self.root.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.root.path().join("index")
    }

    /// Writes a story (or any bytes) at a corpus-relative path.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &TestEnv {
        let path = self.corpus().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// `newsdex` running in the scratch folder with `--index` pointing at its index.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// [`TestEnv::cmd`] as a plain `std::process::Command`.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std_newsdex();
        cmd.current_dir(self.root.path())
            .arg("--index")
            .arg(self.index());
        cmd
    }

    /// Runs [`TestEnv::cmd`] with `args` to completion.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }
}

/// `newsdex --index <bundled> ARGS...`.
pub fn query_bundled(args: &[&str]) -> Output {
    newsdex()
        .arg("--index")
        .arg(bundled_index())
        .args(args)
        .output()
        .unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts the exit code, showing both streams when it differs.
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit code\n--- stdout ---\n{}\n--- stderr ---\n{}",
        stdout(output),
        stderr(output)
    );
}

/// Ids of `query --format jsonl` output, in rank order.
pub fn ranked_ids(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).expect("a JSON line")["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Ids ranked for `query` over the bundled corpus.
pub fn top_ids(query: &str, n: usize) -> Vec<String> {
    let output = query_bundled(&["query", query, "--format", "jsonl", "-n", &n.to_string()]);
    ranked_ids(&output)
}

/// Writes `n` small generated stories under `dir` (100 per folder), each with the word
/// `farmers` and its own `storyN` token; returns their corpus-relative ids.
pub fn generate_stories(dir: &Path, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let id = format!("batch{:03}/story{i}.txt", i / 100);
            let path = dir.join(&id);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(
                &path,
                format!(
                    "Harvest report {i}\n\nLONDON, May 3 (Reuters) - Farmers in district {i} \
                     grew wheat and barley, story{i} said. \"Yields rose,\" said Ann Lee.\n"
                ),
            )
            .unwrap();
            id
        })
        .collect()
}

/// Every id `query` finds in the index at `index` (up to 100000), in rank order, and the
/// total hit count; exits other than 0 and 1 fail the test.
pub fn all_hits(index: &Path, query: &str) -> (Vec<String>, u64) {
    let output = newsdex()
        .arg("--index")
        .arg(index)
        .args(["query", query, "--format", "json", "-n", "100000"])
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "query failed: {}",
        stderr(&output)
    );
    if code == Some(1) && output.stdout.is_empty() {
        return (Vec::new(), 0);
    }
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let ids = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect();
    (ids, json["total_hits"].as_u64().unwrap())
}

/// The sorted ids of every story matching `query` in `env`'s index (up to 100).
pub fn ids(env: &TestEnv, query: &str) -> Vec<String> {
    let output = env
        .cmd()
        .args(["query", query, "--format", "jsonl", "-n", "100"])
        .output()
        .unwrap();
    let mut ids = ranked_ids(&output);
    ids.sort();
    ids
}

/// Starts `newsdex index corpus` in `env` as a child process, slowed down by
/// `NEWSDEX_TEST_THROTTLE_MS` so tests can interrupt or race it mid-run.
pub fn spawn_throttled_index(
    env: &TestEnv,
    commit_every: usize,
    throttle_ms: u64,
) -> std::process::Child {
    let mut cmd = std_newsdex();
    cmd.current_dir(env.root.path())
        .arg("--index")
        .arg(env.index())
        .args(["index", "corpus", "--commit-every"])
        .arg(commit_every.to_string())
        .arg("-q")
        .env("NEWSDEX_TEST_THROTTLE_MS", throttle_ms.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}
