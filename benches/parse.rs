//! Parsing speed over the shared corpora: `cargo bench --bench parse`.
//!
//! For `../shared/corpora/reuters` and `../shared/corpora/bbc`, prints stories per second
//! and MB per second:
//!
//! - parse only: every file is read and decoded first, then `Article::parse_source` runs
//!   over the texts in memory (best of `NEWSDEX_BENCH_RUNS` runs, default 3), on one thread;
//! - end to end: the release `newsdex parse FOLDER` (walk, read, decode, parse, print JSON
//!   lines to a pipe that is drained), best of the same number of runs.
//!
//! `cargo bench --bench parse -- bbc` measures only the corpora named (for profiling one).
//!
//! A benchmark, not a test: it prints figures and asserts nothing. Skips, saying why, when
//! the shared corpora are absent.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex::corpus::{self, Entry};
use newsdex::{Article, ParseOptions};

fn runs() -> usize {
    std::env::var("NEWSDEX_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3)
}

fn shared_corpora() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    path.is_dir().then_some(path)
}

/// Every story file under `root`, decoded: (id, text).
fn load(root: &Path) -> Vec<(String, String)> {
    corpus::scan(root)
        .expect("the corpus folder exists")
        .filter_map(|entry| match entry {
            Entry::Story(source) => Some((source.id, source.text)),
            Entry::Skipped { .. } => None,
        })
        .collect()
}

struct Row {
    corpus: &'static str,
    mode: &'static str,
    stories: usize,
    bytes: usize,
    best: Duration,
}

fn parse_only(corpus: &'static str, texts: &[(String, String)]) -> Row {
    let options = ParseOptions::default();
    let bytes = texts.iter().map(|(_, t)| t.len()).sum();
    let mut best = Duration::MAX;
    let mut stories = 0;
    for _ in 0..runs() {
        let started = Instant::now();
        stories = 0;
        for (id, text) in texts {
            stories += Article::parse_source(id, text, &options).map_or(0, |a| a.len());
        }
        best = best.min(started.elapsed());
    }
    Row {
        corpus,
        mode: "parse only (library)",
        stories,
        bytes,
        best,
    }
}

fn end_to_end(corpus: &'static str, root: &Path, bytes: usize) -> Row {
    let mut best = Duration::MAX;
    let mut stories = 0;
    for _ in 0..runs() {
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdex"))
            .arg("parse")
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the newsdex binary runs");
        let mut out = String::new();
        child
            .stdout
            .take()
            .expect("stdout is piped")
            .read_to_string(&mut out)
            .expect("newsdex prints UTF-8");
        child.wait().expect("newsdex finishes");
        best = best.min(started.elapsed());
        stories = out.lines().count();
    }
    Row {
        corpus,
        mode: "newsdex parse (process)",
        stories,
        bytes,
        best,
    }
}

fn main() {
    let Some(shared) = shared_corpora() else {
        println!("skipped: ../shared/corpora is absent");
        return;
    };
    // Names given on the command line (cargo passes its own `--bench` flag) pick corpora.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut rows = Vec::new();
    for corpus in ["reuters", "bbc"] {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == corpus) {
            continue;
        }
        let root = shared.join(corpus);
        let texts = load(&root);
        let row = parse_only(corpus, &texts);
        let bytes = row.bytes;
        rows.push(row);
        rows.push(end_to_end(corpus, &root, bytes));
    }
    println!(
        "{:<9} {:<24} {:>8} {:>9} {:>12} {:>8}",
        "corpus", "mode", "stories", "seconds", "stories/s", "MB/s"
    );
    for row in rows {
        let secs = row.best.as_secs_f64();
        println!(
            "{:<9} {:<24} {:>8} {:>9.3} {:>12.0} {:>8.1}",
            row.corpus,
            row.mode,
            row.stories,
            secs,
            row.stories as f64 / secs,
            row.bytes as f64 / 1e6 / secs
        );
    }
    println!("(best of {} runs; one parsing thread)", runs());
}
