//! `newsdex eval --save` / `--against` on real news, and its statistics checked against
//! scipy (issue 16).
//!
//! - [`p_values_agree_with_scipy_on_the_reuters_comparison`] runs our tests on the
//!   per-query values of a recorded Reuters comparison (the default ranking against
//!   `--any`) and checks them against the p-values scipy gave for the same values
//!   (`tests/fixtures/compare/reuters-any-vs-default.json`; how it was made is below).
//!   It needs no shared data, so it keeps holding when the ranking changes.
//! - [`reuters_save_then_against`] drives the binary on the shared Reuters topics: save a
//!   baseline, compare an unchanged run (no difference, p = 1), then compare `--any`. It
//!   writes that comparison to `target/tmp/reuters-any-vs-default.json`. Then, through
//!   the library, a ranking made worse on purpose (scores ignored: the matching stories
//!   in id order) fails `--max-drop ndcg@10=0.01` against the same baseline, and an
//!   unchanged one passes. Searching the body only is printed too: it loses nDCG@10, yet
//!   not significantly on 39 topics (about 0.82 -> 0.77, p 0.11 when written), so it
//!   passes with a note; that is the point of asking for significance.
//!
//! To record the fixture again (after a ranking change, say):
//!
//! ```sh
//! cargo test --test eval_compare reuters_save_then_against
//! pip install scipy
//! python3 tests/scripts/scipy_reference.py target/tmp/reuters-any-vs-default.json \
//!     > tests/fixtures/compare/reuters-any-vs-default.json
//! ```

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use newsdex::eval::compare::DEFAULT_PERMUTATIONS;
use newsdex::eval::stats::{self, SEED};
use newsdex::eval::{self, Baseline, CompareOptions, EvalOptions, Judgments, Metric, Ranked};
use newsdex::{NewsIndex, SearchRequest};
use serde::Deserialize;
use util::reuters::{reuters, topics_and_qrels};
use util::*;

/// scipy's p-values for a recorded comparison, with the values they were computed on.
#[derive(Debug, Deserialize)]
struct Reference {
    scipy: String,
    metrics: BTreeMap<String, ReferenceMetric>,
}

#[derive(Debug, Deserialize)]
struct ReferenceMetric {
    baseline: Vec<f64>,
    current: Vec<f64>,
    p_randomization: f64,
    p_ttest: f64,
    #[serde(default)]
    changed: usize,
    #[serde(default)]
    exact: bool,
}

fn reference() -> Reference {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/compare/reuters-any-vs-default.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Ours as `newsdex eval --against` computes them: (randomization, t-test).
fn ours(baseline: &[f64], current: &[f64]) -> (f64, f64) {
    (
        stats::randomization_test(baseline, current, DEFAULT_PERMUTATIONS, SEED),
        stats::paired_t_test(baseline, current),
    )
}

#[test]
fn p_values_agree_with_scipy_on_the_reuters_comparison() {
    let reference = reference();
    assert_eq!(reference.metrics.len(), 6);
    println!(
        "\nReuters topics, default vs --any: p-values, newsdex / scipy {}",
        reference.scipy
    );
    println!(
        "{:<10} {:>7} {:>17} {:>17}",
        "metric", "changed", "randomization", "t-test"
    );
    let mut changed_somewhere = false;
    for (name, metric) in &reference.metrics {
        let (p_rand, p_t) = ours(&metric.baseline, &metric.current);
        println!(
            "{name:<10} {:>7} {:>8.4} / {:.4} {:>8.4} / {:.4}{}",
            metric.changed,
            p_rand,
            metric.p_randomization,
            p_t,
            metric.p_ttest,
            if metric.exact { "  (exact)" } else { "" }
        );
        changed_somewhere |= metric.changed > 0;
        assert!(
            (p_rand - metric.p_randomization).abs() <= 0.01,
            "{name}: randomization p {p_rand} vs scipy {}",
            metric.p_randomization
        );
        assert!(
            (p_t - metric.p_ttest).abs() <= 0.01,
            "{name}: t-test p {p_t} vs scipy {}",
            metric.p_ttest
        );
    }
    assert!(changed_somewhere, "the recorded comparison shows no change");
}

fn eval(index: &Path, args: &[&str]) -> std::process::Output {
    newsdex()
        .arg("--index")
        .arg(index)
        .arg("eval")
        .args(args)
        .output()
        .unwrap()
}

/// The per-query values of `metric` in a `--format json` comparison: (baseline, current).
fn values(doc: &serde_json::Value, metric: &str) -> (Vec<f64>, Vec<f64>) {
    let side = |which: &str| -> Vec<f64> {
        doc["per_query"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q[which][metric].as_f64().unwrap())
            .collect()
    };
    (side("baseline"), side("current"))
}

#[test]
fn reuters_save_then_against() {
    let Some(reuters) = reuters() else { return };
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let index = scratch.path().join("index");
    // One thread: stories enter the index in walk order, so stories of equal score rank
    // the same in every build and the recorded values stay comparable.
    let built = newsdex()
        .arg("--index")
        .arg(&index)
        .arg("index")
        .arg(&reuters.stories)
        .args(["--threads", "1", "--quiet"])
        .output()
        .unwrap();
    assert_exit(&built, 0);
    let (topics, qrels) = topics_and_qrels(&reuters.truth);
    let file = |name: &str, text: &str| -> PathBuf {
        let path = scratch.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let (topics, qrels) = (file("topics.tsv", &topics), file("qrels.txt", &qrels));
    let baseline = scratch.path().join("baseline.json");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "--topics",
            topics.to_str().unwrap(),
            "--qrels",
            qrels.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        eval(&index, &args)
    };

    let saved = run(&["--save", baseline.to_str().unwrap(), "--format", "json"]);
    assert_exit(&saved, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout(&saved)).unwrap();
    let queries = report["queries"].as_u64().unwrap();
    assert!(queries >= 30, "{queries} topics");

    // No change: zero difference and p = 1 on every metric, even where it must fail.
    let same = run(&[
        "--against",
        baseline.to_str().unwrap(),
        "--format",
        "json",
        "--max-drop",
        "ndcg@10=0",
        "--fail-on-any-loss",
        "earn",
    ]);
    assert_exit(&same, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&same)).unwrap();
    for (name, metric) in doc["metrics"].as_object().unwrap() {
        assert_eq!(metric["diff"], 0.0, "{name}");
        assert_eq!(metric["p_randomization"], 1.0, "{name}");
        assert_eq!(metric["p_ttest"], 1.0, "{name}");
        assert_eq!(metric["ties"], queries, "{name}");
    }

    // --any against the default: a difference, p-values as the library computes them.
    let any = run(&[
        "--against",
        baseline.to_str().unwrap(),
        "--any",
        "--format",
        "json",
    ]);
    assert_exit(&any, 0);
    let written = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reuters-any-vs-default.json");
    std::fs::write(&written, stdout(&any)).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&stdout(&any)).unwrap();
    let reference = reference();
    println!(
        "\nReuters, {queries} topics: --any against the default (written to {})",
        written.display()
    );
    println!(
        "{:<10} {:>8} {:>8} {:>8} {:>8} {:>8}  {:>4} {:>4} {:>6}",
        "metric", "default", "--any", "diff", "p(rand)", "p(t)", "wins", "ties", "losses"
    );
    let mut differs = false;
    let mut recorded = true;
    for (name, metric) in doc["metrics"].as_object().unwrap() {
        let (baseline, current) = values(&doc, name);
        let (p_rand, p_t) = ours(&baseline, &current);
        println!(
            "{name:<10} {:>8.4} {:>8.4} {:>+8.4} {:>8.4} {:>8.4}  {:>4} {:>4} {:>6}",
            metric["baseline"].as_f64().unwrap(),
            metric["current"].as_f64().unwrap(),
            metric["diff"].as_f64().unwrap(),
            p_rand,
            p_t,
            metric["wins"].as_u64().unwrap(),
            metric["ties"].as_u64().unwrap(),
            metric["losses"].as_u64().unwrap()
        );
        // serde_json may read a float back one unit in the last place off.
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(
            close(metric["p_randomization"].as_f64().unwrap(), p_rand),
            "{name}"
        );
        assert!(close(metric["p_ttest"].as_f64().unwrap(), p_t), "{name}");
        let diff = metric["diff"].as_f64().unwrap();
        let means = metric["current"].as_f64().unwrap() - metric["baseline"].as_f64().unwrap();
        assert!((diff - means).abs() < 1e-12, "{name}: {diff} vs {means}");
        differs |= diff != 0.0;
        let same_values = reference.metrics.get(name).is_some_and(|r| {
            let same = |a: &[f64], b: &[f64]| {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| close(*x, *y))
            };
            same(&r.baseline, &baseline) && same(&r.current, &current)
        });
        if same_values {
            let r = &reference.metrics[name];
            assert!(
                (p_rand - r.p_randomization).abs() <= 0.01,
                "{name} vs scipy"
            );
            assert!((p_t - r.p_ttest).abs() <= 0.01, "{name} vs scipy");
        }
        recorded &= same_values;
    }
    assert!(differs, "--any ranks exactly as the default on every topic");
    if recorded {
        println!("the values equal the recorded ones, and the p-values agree with scipy's");
    } else {
        println!(
            "the ranking changed since tests/fixtures/compare/reuters-any-vs-default.json was \
             recorded: scipy's p-values were checked on the recorded values only (see the \
             header of tests/eval_compare.rs to record again)"
        );
    }

    // Through the library: an unchanged run passes --max-drop, a worse one fails it.
    let index = NewsIndex::open(&index).unwrap();
    let judgments = Judgments::load_trec(&topics, &qrels).unwrap();
    let baseline = Baseline::load(&baseline).unwrap();
    let options = EvalOptions::default();
    let compare = CompareOptions {
        max_drops: vec!["ndcg@10=0.01".parse().unwrap()],
        ..CompareOptions::default()
    };
    let same = eval::evaluate(&index, &judgments, &options)
        .unwrap()
        .compare(&baseline, &compare)
        .unwrap();
    assert!(same.passed());
    assert_eq!(same.metric(Metric::Ndcg).diff, 0.0);
    let run = |body_only: bool, by_id: bool| {
        eval::evaluate_with(&judgments, &options, |query| {
            let text = if body_only {
                let words: Vec<String> = query
                    .text
                    .split_whitespace()
                    .map(|w| format!("body:{w}"))
                    .collect();
                words.join(" ")
            } else {
                query.text.clone()
            };
            let mut request = SearchRequest::new(text).limit(options.depth);
            request.snippet_chars = 0;
            let mut ranking: Vec<Ranked> = index
                .search(&request)?
                .hits
                .into_iter()
                .map(|hit| Ranked {
                    id: hit.id,
                    score: hit.score,
                })
                .collect();
            if by_id {
                ranking.sort_by(|a, b| a.id.cmp(&b.id));
            }
            Ok::<_, newsdex::QueryError>(ranking)
        })
        .unwrap()
    };
    let print = |what: &str, comparison: &eval::Comparison| {
        let ndcg = comparison.metric(Metric::Ndcg);
        println!(
            "{what}: ndcg@10 {:.4} -> {:.4}, p(rand) {:.4}, p(t) {:.4}, \
             wins {} ties {} losses {}: {}",
            ndcg.baseline,
            ndcg.current,
            ndcg.p_randomization,
            ndcg.p_ttest,
            ndcg.wins,
            ndcg.ties,
            ndcg.losses,
            if comparison.passed() {
                "passes"
            } else {
                "fails"
            }
        );
    };
    print(
        "body only",
        &run(true, false).compare(&baseline, &compare).unwrap(),
    );
    let worse = run(false, true).compare(&baseline, &compare).unwrap();
    print("scores ignored", &worse);
    let ndcg = worse.metric(Metric::Ndcg);
    assert!(!worse.passed());
    assert!(worse.drops[0].failed);
    assert!(ndcg.diff < -0.01 && ndcg.p_randomization < 0.05, "{ndcg:?}");
}
