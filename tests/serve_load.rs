//! Load test of `newsdex serve` (#14), ignored by default and run by `.ci/run`:
//! 8 concurrent clients send the relevance suite's queries (tests/relevance.toml) to a
//! server on 127.0.0.1 for a fixed time, first alone, then while `newsdex index` runs
//! commit new stories in the background. Prints requests, throughput and p50/p99 latency,
//! and fails on any error or on a commit the server never shows.
//!
//! `cargo test --release --test serve_load -- --ignored --nocapture` for figures;
//! `NEWSDEX_LOAD_SECS` sets each phase's length (default 10 s).

mod http;
mod util;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use newsdex::serve::{self, Limits};
use util::*;

const CLIENTS: usize = 8;

/// The relevance suite's query texts.
fn queries() -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance.toml"))
            .unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    doc["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["text"].as_str().unwrap().to_string())
        .collect()
}

/// Each request: `/api/search` mostly, `/api/timeline` and facets now and then.
fn targets(queries: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, q) in queries.iter().enumerate() {
        let q = http::encode(q);
        out.push(match i % 4 {
            0 => format!("/api/timeline?q={q}&by=month"),
            1 => format!("/api/search?q={q}&facets=1"),
            _ => format!("/api/search?q={q}&n=10"),
        });
    }
    out
}

struct Phase {
    requests: usize,
    errors: Vec<String>,
    latencies_ms: Vec<f64>,
    elapsed: Duration,
}

fn hammer(addr: SocketAddr, targets: &[String], length: Duration) -> Phase {
    let started = Instant::now();
    let results: Vec<(Vec<f64>, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|client| {
                scope.spawn(move || {
                    let mut latencies = Vec::new();
                    let mut errors = Vec::new();
                    let mut i = client * 7;
                    while started.elapsed() < length {
                        let target = &targets[i % targets.len()];
                        i += 1;
                        let sent = Instant::now();
                        match http::get(addr, target) {
                            Ok(r) if r.status == 200 => {}
                            Ok(r) => errors.push(format!("{target}: {} {}", r.status, r.text())),
                            Err(e) => errors.push(format!("{target}: {e}")),
                        }
                        latencies.push(sent.elapsed().as_secs_f64() * 1e3);
                    }
                    (latencies, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed();
    let mut latencies_ms: Vec<f64> = results.iter().flat_map(|r| r.0.clone()).collect();
    latencies_ms.sort_by(f64::total_cmp);
    Phase {
        requests: latencies_ms.len(),
        errors: results.into_iter().flat_map(|r| r.1).collect(),
        latencies_ms,
        elapsed,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn row(name: &str, phase: &Phase, commits: usize) {
    println!(
        "| {name} | {} | {:.0} | {:.1} | {:.1} | {} | {commits} |",
        phase.requests,
        phase.requests as f64 / phase.elapsed.as_secs_f64(),
        percentile(&phase.latencies_ms, 0.50),
        percentile(&phase.latencies_ms, 0.99),
        phase.errors.len(),
    );
}

#[test]
#[ignore = "load test: run by .ci/run with --ignored"]
fn eight_clients_get_answers_while_the_index_commits() {
    let secs: u64 = std::env::var("NEWSDEX_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .clamp(1, 60);
    let length = Duration::from_secs(secs);
    // A copy of the bundled corpus, so the background runs can add stories to it.
    let env = TestEnv::new();
    for entry in walkdir::WalkDir::new(bundled_corpus()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(bundled_corpus()).unwrap();
        if entry.file_type().is_file() {
            env.write(rel.to_str().unwrap(), std::fs::read(entry.path()).unwrap());
        }
    }
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let addr = serve::spawn_local(&env.index(), Limits::default()).unwrap();
    let targets = targets(&queries());

    println!("| phase | requests | req/s | p50 ms | p99 ms | errors | index commits |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let alone = hammer(addr, &targets, length);
    row(&format!("{CLIENTS} clients, {secs} s"), &alone, 0);

    // The same while `newsdex index` runs commit a new story each, back to back.
    let stop = Arc::new(AtomicBool::new(false));
    let commits = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (stop, commits) = (stop.clone(), commits.clone());
        let root = env.root.path().to_path_buf();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let story = root.join(format!("corpus/world/load-{n}.txt"));
                std::fs::write(
                    &story,
                    format!(
                        "Loadtest bulletin {n}\n\nOSLO, May 2 (Reuters) - Bulletin zyxload{n}.\n"
                    ),
                )
                .unwrap();
                let output = newsdex()
                    .current_dir(&root)
                    .arg("--index")
                    .arg(root.join("index"))
                    .args(["index", "corpus", "-q"])
                    .output()
                    .unwrap();
                assert_exit(&output, 0);
                commits.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
            n
        })
    };
    let busy = hammer(addr, &targets, length);
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    row(
        &format!("{CLIENTS} clients, {secs} s, `index` committing"),
        &busy,
        commits.load(Ordering::Relaxed),
    );

    for (name, phase) in [("alone", &alone), ("while indexing", &busy)] {
        assert!(
            phase.errors.is_empty(),
            "{name}: {} errors, first: {:?}",
            phase.errors.len(),
            phase.errors.first()
        );
        assert!(
            phase.requests > CLIENTS,
            "{name}: only {} requests",
            phase.requests
        );
    }
    // Every committed story shows up without a restart.
    let last = format!("/api/search?q=zyxload{}", written - 1);
    let started = Instant::now();
    while http::get(addr, &last).unwrap().json()["total_hits"] != 1 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the last commit never showed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
