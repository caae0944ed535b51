//! Relevance evaluation: judged queries -> rankings -> metrics -> [`EvalReport`].
//!
//! Sits beside [`crate::search`]: it runs each judged query through [`NewsIndex::search`]
//! (or any ranking function, see [`evaluate_with`]) and scores the ranking with the pure
//! functions in [`metrics`]. It returns data; [`crate::render`] prints it, and the caller
//! decides what a failed [`Verdict`] means (the binary exits 1).
//!
//! - [`judgments`] reads TOML/JSON judgments and TREC topics + qrels.
//! - [`metrics`] holds P@k, recall@k, reciprocal rank, nDCG@k, average precision and
//!   success@1 with `trec_eval`'s definitions.
//!
//! Means are over every judged query; one that retrieves nothing counts 0 (`trec_eval -c`).
//!
//! # Example: a relevance check in a Rust test
//!
//! ```
//! use newsdex::eval::{self, EvalOptions, Judgments, Threshold};
//! use newsdex::{NewsIndex, SearchRequest};
//! use std::path::Path;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Two stories, indexed into a scratch folder.
//! let corpus = tempfile::tempdir()?;
//! std::fs::create_dir(corpus.path().join("business"))?;
//! std::fs::write(
//!     corpus.path().join("business/opec.txt"),
//!     "OPEC Agrees Deeper Output Cuts\n\nVIENNA (Reuters) - OPEC agreed to cut crude output.\n",
//! )?;
//! std::fs::write(
//!     corpus.path().join("business/copper.txt"),
//!     "Copper Slides\n\nLONDON - Copper fell as crude oil costs rose.\n",
//! )?;
//! let index_dir = tempfile::tempdir()?;
//! newsdex::indexer::build(corpus.path(), index_dir.path(), &Default::default(), |_, _| {})?;
//! let index = NewsIndex::open(index_dir.path())?;
//!
//! // Run one query with options and read the hits.
//! let mut request = SearchRequest::new("crude").limit(5);
//! request.snippet_chars = 80;
//! let results = index.search(&request)?;
//! assert_eq!(results.total_hits, 2);
//! let top = &results.hits[0];
//! assert_eq!(top.id, "business/opec.txt");
//! assert_eq!(top.title.as_deref(), Some("OPEC Agrees Deeper Output Cuts"));
//! assert!(top.score > results.hits[1].score);
//! let marked = &top.snippet.text[top.snippet.highlights[0].clone()];
//! assert_eq!(marked, "crude");
//!
//! // Evaluate judgments (usually `Judgments::load(Path::new("tests/relevance.toml"))`).
//! let judgments = Judgments::from_toml(
//!     r#"
//!     [[query]]
//!     id = "opec"
//!     text = "crude output"
//!     relevant = ["business/opec.txt"]
//!     expect_first = "business/opec.txt"
//!     "#,
//!     Path::new("inline.toml"),
//! )?;
//! let report = eval::evaluate(&index, &judgments, &EvalOptions::default())?;
//! assert_eq!(report.per_query[0].retrieved, ["business/opec.txt"]);
//! assert_eq!(report.mean.mrr, 1.0);
//! assert_eq!(report.mean.ndcg, 1.0);
//! let verdict = report.verdict(&["ndcg@10=0.9".parse::<Threshold>()?]);
//! assert!(verdict.passed(), "{verdict:?}");
//! # Ok(())
//! # }
//! ```

pub mod baseline;
pub mod compare;
pub mod judgments;
pub mod metrics;
pub mod stats;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use self::baseline::{Baseline, BaselineError, BaselineQuery};
pub use self::compare::{CompareError, CompareOptions, Comparison, MaxDrop};
pub use self::judgments::{JudgedQuery, Judgment, Judgments, StoryRef};
pub use self::metrics::{Grades, Metric, Metrics};
use crate::error::JudgmentsError;
use crate::search::{NewsIndex, SearchRequest};

/// Default cutoff `k` for P@k, recall@k and nDCG@k.
pub const DEFAULT_CUTOFF: usize = 10;
/// Default number of stories retrieved per query (MAP and MRR look at all of them).
pub const DEFAULT_DEPTH: usize = 1000;

/// How judged queries are run and scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalOptions {
    /// Cutoff for P@k, recall@k and nDCG@k.
    pub k: usize,
    /// How many stories are retrieved per query.
    pub depth: usize,
    /// Require every query word (`true`, as `newsdex query` does) or any.
    pub match_all: bool,
    /// Expand each query with its top stories' words (`--expand`).
    pub expand: bool,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions {
            k: DEFAULT_CUTOFF,
            depth: DEFAULT_DEPTH,
            match_all: true,
            expand: false,
        }
    }
}

/// One retrieved story: what a ranking function returns, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Story id.
    pub id: String,
    /// Its score (only written to TREC run files; the order is what counts).
    pub score: f32,
}

#[cfg(test)]
impl Ranked {
    /// Ids as a ranking with equal scores, for tests where only the order counts.
    pub(crate) fn in_order(ids: &[&str]) -> Vec<Ranked> {
        ids.iter()
            .map(|id| Ranked {
                id: id.to_string(),
                score: 1.0,
            })
            .collect()
    }
}

/// Metrics of every judged query and their means.
///
/// Serializes as the `newsdex eval --format json` contract:
/// `{"queries":N,"k":10,"depth":1000,"mean":{"p@k","recall@k","mrr","ndcg@k","map",
/// "success@1"},"per_query":[{"id","query","metrics":{...same keys},"retrieved":["id",...]}]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// How many queries were evaluated.
    pub queries: usize,
    /// The cutoff.
    pub k: usize,
    /// Stories retrieved per query.
    pub depth: usize,
    /// Means over every query.
    pub mean: Metrics,
    /// Each query, in judgments order.
    pub per_query: Vec<QueryReport>,
    /// Whether every query word was required ([`EvalOptions::match_all`]).
    #[serde(skip)]
    pub match_all: bool,
}

/// One query's ranking and metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryReport {
    /// Query id.
    pub id: String,
    /// Query text.
    pub query: String,
    /// Its metrics.
    pub metrics: Metrics,
    /// Retrieved story ids, best first, up to the depth.
    pub retrieved: Vec<String>,
    /// Scores of `retrieved`, same order.
    #[serde(skip)]
    pub scores: Vec<f32>,
    /// The query's own expectations (`expect_top`, `expect_first`) that failed.
    #[serde(skip)]
    pub unmet: Vec<Unmet>,
    /// The judged stories and their grades the metrics were computed with.
    #[serde(skip)]
    pub judged: BTreeMap<String, u32>,
}

/// A per-query expectation that the ranking did not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmet {
    /// `expect_top = n`: these relevant stories ranked lower (rank given) or not at all.
    Top {
        /// The expected window.
        n: usize,
        /// Relevant stories outside it, with their 1-based rank when retrieved.
        outside: Vec<(String, Option<usize>)>,
    },
    /// `expect_first = "id"`: the story ranked elsewhere or not at all.
    First {
        /// The expected story.
        id: String,
        /// Its 1-based rank when retrieved.
        rank: Option<usize>,
    },
}

/// Runs every judged query against `index` and scores the rankings.
///
/// Fails before running anything if a judged story is not in the index, and on the first
/// query that cannot be run, naming the file and line.
pub fn evaluate(
    index: &NewsIndex,
    judgments: &Judgments,
    options: &EvalOptions,
) -> Result<EvalReport, JudgmentsError> {
    judgments.check_stories(|story| {
        index
            .contains_story(&story.id)
            .map_err(|cause| JudgmentsError::Query {
                at: story.at.clone(),
                id: story.id.clone(),
                cause,
            })
    })?;
    evaluate_with(judgments, options, |query| {
        let mut request = SearchRequest::new(query.text.as_str()).limit(options.depth);
        request.match_all = options.match_all;
        request.expand = options.expand;
        request.snippet_chars = 0;
        let results = index
            .search(&request)
            .map_err(|cause| JudgmentsError::Query {
                at: query.at.clone(),
                id: query.id.clone(),
                cause,
            })?;
        Ok(results
            .hits
            .into_iter()
            .map(|hit| Ranked {
                id: hit.id,
                score: hit.score,
            })
            .collect())
    })
}

/// Scores the rankings `rank` returns for each judged query: the way to evaluate another
/// engine (or a saved run) with the same metrics. Rankings are cut to `options.depth`.
pub fn evaluate_with<E>(
    judgments: &Judgments,
    options: &EvalOptions,
    mut rank: impl FnMut(&JudgedQuery) -> Result<Vec<Ranked>, E>,
) -> Result<EvalReport, E> {
    let mut per_query = Vec::with_capacity(judgments.queries.len());
    for query in &judgments.queries {
        let mut ranking = rank(query)?;
        ranking.truncate(options.depth);
        let (retrieved, scores): (Vec<String>, Vec<f32>) =
            ranking.into_iter().map(|r| (r.id, r.score)).unzip();
        let metrics = Metrics::of(&retrieved, &query.grades(), options.k);
        let unmet = unmet_expectations(query, &retrieved);
        per_query.push(QueryReport {
            id: query.id.clone(),
            query: query.text.clone(),
            metrics,
            retrieved,
            scores,
            unmet,
            judged: query
                .judgments
                .iter()
                .map(|j| (j.story.id.clone(), j.grade))
                .collect(),
        });
    }
    Ok(EvalReport {
        queries: per_query.len(),
        k: options.k,
        depth: options.depth,
        mean: Metrics::mean(per_query.iter().map(|q| &q.metrics)),
        per_query,
        match_all: options.match_all,
    })
}

fn unmet_expectations(query: &JudgedQuery, retrieved: &[String]) -> Vec<Unmet> {
    let rank_of = |id: &str| retrieved.iter().position(|r| r == id).map(|i| i + 1);
    let mut unmet = Vec::new();
    if let Some(n) = query.expect_top {
        let outside: Vec<(String, Option<usize>)> = query
            .relevant_ids()
            .map(|id| (id.to_string(), rank_of(id)))
            .filter(|(_, rank)| rank.is_none_or(|r| r > n))
            .collect();
        if !outside.is_empty() {
            unmet.push(Unmet::Top { n, outside });
        }
    }
    if let Some(first) = &query.expect_first {
        let rank = rank_of(&first.id);
        if rank != Some(1) {
            unmet.push(Unmet::First {
                id: first.id.clone(),
                rank,
            });
        }
    }
    unmet
}

/// A minimum for the mean of one metric: `ndcg@10=0.8`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// The metric.
    pub metric: Metric,
    /// The cutoff written in the name (`ndcg@10`), if any; must equal the run's `k`.
    pub cutoff: Option<usize>,
    /// The lowest acceptable mean.
    pub min: f64,
}

impl Threshold {
    /// Checks that a cutoff written in the threshold matches the run's `k`.
    pub fn check_cutoff(&self, k: usize) -> Result<(), String> {
        match self.cutoff {
            Some(cutoff) if cutoff != k => Err(format!(
                "--min {self} is at cutoff {cutoff} but -k is {k}: pass -k {cutoff} or write {}",
                self.metric.label(k)
            )),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.cutoff {
            Some(k) => self.metric.label(k),
            None => self.metric.label("k"),
        };
        write!(f, "{name}={}", self.min)
    }
}

impl FromStr for Threshold {
    type Err = String;

    /// `METRIC=VALUE`, where METRIC is `p@K`, `recall@K`, `mrr`, `ndcg@K`, `map` or
    /// `success@1` (`@k` for the run's cutoff), or trec_eval's `P_K`, `recall_K`,
    /// `recip_rank`, `ndcg_cut_K`, `success_1`.
    fn from_str(text: &str) -> Result<Threshold, String> {
        let (metric, cutoff, min) = parse_metric_value(text, "ndcg@10=0.8")?;
        Ok(Threshold {
            metric,
            cutoff,
            min,
        })
    }
}

/// Parses `METRIC=VALUE` (VALUE from 0 to 1) into the metric, the cutoff written in its
/// name, and the value; `example` shows the shape in the error message.
pub(crate) fn parse_metric_value(
    text: &str,
    example: &str,
) -> Result<(Metric, Option<usize>, f64), String> {
    const KNOWN: &str = "p@K, recall@K, mrr, ndcg@K, map, success@1";
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected METRIC=VALUE such as {example}, got '{text}'"))?;
    let value: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| (0.0..=1.0).contains(v))
        .ok_or_else(|| format!("'{value}' is not a number from 0 to 1"))?;
    let name = name.trim().to_ascii_lowercase();
    let unknown = || format!("unknown metric '{name}': use one of {KNOWN}");
    let (metric, cutoff) = match name.as_str() {
        "mrr" | "recip_rank" => (Metric::Mrr, None),
        "map" => (Metric::Map, None),
        "success@1" | "success_1" => (Metric::SuccessAt1, None),
        _ => {
            let (base, k) = name
                .split_once('@')
                .or_else(|| name.rsplit_once('_'))
                .ok_or_else(unknown)?;
            let metric = match base {
                "p" | "precision" => Metric::Precision,
                "recall" => Metric::Recall,
                "ndcg" | "ndcg_cut" => Metric::Ndcg,
                _ => return Err(unknown()),
            };
            let cutoff = match k {
                "k" => None,
                k => Some(
                    k.parse::<usize>()
                        .ok()
                        .filter(|k| *k > 0)
                        .ok_or_else(unknown)?,
                ),
            };
            (metric, cutoff)
        }
    };
    Ok((metric, cutoff, value))
}

/// Whether a report meets its thresholds and its queries' own expectations.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Thresholds whose mean fell short.
    pub shortfalls: Vec<Shortfall>,
    /// Indexes into [`EvalReport::per_query`] of queries with an unmet expectation.
    pub unmet: Vec<usize>,
}

/// A mean below its threshold, with the queries that dragged it down.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    /// The threshold.
    pub threshold: Threshold,
    /// The mean that fell short.
    pub mean: f64,
    /// Indexes into [`EvalReport::per_query`] of queries below the threshold, worst first.
    pub queries: Vec<usize>,
}

impl Verdict {
    /// True when every threshold and expectation holds.
    pub fn passed(&self) -> bool {
        self.shortfalls.is_empty() && self.unmet.is_empty()
    }
}

/// Means within this of a threshold pass: no failing on floating-point noise.
const TOLERANCE: f64 = 1e-9;

impl EvalReport {
    /// Checks the means against `thresholds` and collects unmet expectations.
    pub fn verdict(&self, thresholds: &[Threshold]) -> Verdict {
        let shortfalls = thresholds
            .iter()
            .filter_map(|threshold| {
                let mean = self.mean.get(threshold.metric);
                if mean + TOLERANCE >= threshold.min {
                    return None;
                }
                let value = |i: usize| self.per_query[i].metrics.get(threshold.metric);
                let mut queries: Vec<usize> = (0..self.per_query.len())
                    .filter(|i| value(*i) + TOLERANCE < threshold.min)
                    .collect();
                queries.sort_by(|a, b| value(*a).total_cmp(&value(*b)));
                Some(Shortfall {
                    threshold: *threshold,
                    mean,
                    queries,
                })
            })
            .collect();
        let unmet = (0..self.per_query.len())
            .filter(|i| !self.per_query[*i].unmet.is_empty())
            .collect();
        Verdict { shortfalls, unmet }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn judgments() -> Judgments {
        Judgments::from_toml(
            r#"
[[query]]
id = "good"
text = "a"
relevant = ["a.txt"]
expect_first = "a.txt"

[[query]]
id = "bad"
text = "b"
relevant = ["b.txt", "c.txt"]
expect_top = 2

[[query]]
id = "none"
text = "c"
relevant = ["c.txt"]
"#,
            Path::new("j.toml"),
        )
        .unwrap()
    }

    fn ranked(ids: &[&str]) -> Vec<Ranked> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| Ranked {
                id: id.to_string(),
                score: 10.0 - i as f32,
            })
            .collect()
    }

    fn report() -> EvalReport {
        evaluate_with(&judgments(), &EvalOptions::default(), |q| {
            Ok::<_, ()>(match q.id.as_str() {
                "good" => ranked(&["a.txt", "x.txt"]),
                "bad" => ranked(&["x.txt", "y.txt", "b.txt"]),
                _ => Vec::new(),
            })
        })
        .unwrap()
    }

    #[test]
    fn means_count_a_query_that_retrieves_nothing_as_zero() {
        let report = report();
        assert_eq!(report.queries, 3);
        assert_eq!(report.per_query[2].retrieved, Vec::<String>::new());
        assert_eq!(report.per_query[0].metrics.mrr, 1.0);
        assert_eq!(report.per_query[1].metrics.mrr, 1.0 / 3.0);
        assert!((report.mean.mrr - (1.0 + 1.0 / 3.0) / 3.0).abs() < 1e-12);
        assert!((report.mean.success_at_1 - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn depth_cuts_the_ranking() {
        let options = EvalOptions {
            depth: 2,
            ..EvalOptions::default()
        };
        let report = evaluate_with(&judgments(), &options, |_| {
            Ok::<_, ()>(ranked(&["x.txt", "y.txt", "b.txt"]))
        })
        .unwrap();
        assert_eq!(report.per_query[1].retrieved, ["x.txt", "y.txt"]);
        assert_eq!(report.per_query[1].metrics.map, 0.0);
    }

    #[test]
    fn expectations_report_what_ranked_where() {
        let report = report();
        assert_eq!(report.per_query[0].unmet, []);
        assert_eq!(
            report.per_query[1].unmet,
            [Unmet::Top {
                n: 2,
                outside: vec![("b.txt".into(), Some(3)), ("c.txt".into(), None)]
            }]
        );
        let verdict = report.verdict(&[]);
        assert_eq!(verdict.unmet, [1]);
        assert!(!verdict.passed());
    }

    #[test]
    fn shortfalls_list_the_queries_below_worst_first() {
        let report = report();
        let thresholds = ["mrr=0.9".parse().unwrap(), "map=0.1".parse().unwrap()];
        let verdict = report.verdict(&thresholds);
        assert_eq!(verdict.shortfalls.len(), 1);
        let shortfall = &verdict.shortfalls[0];
        assert_eq!(shortfall.threshold.metric, Metric::Mrr);
        assert_eq!(shortfall.queries, [2, 1]);
    }

    #[test]
    fn thresholds_parse_our_names_and_trec_evals() {
        let parse = |s: &str| s.parse::<Threshold>();
        let t = parse("ndcg@10=0.8").unwrap();
        assert_eq!((t.metric, t.cutoff, t.min), (Metric::Ndcg, Some(10), 0.8));
        assert_eq!(parse("ndcg_cut_5=0.5").unwrap().cutoff, Some(5));
        assert_eq!(parse("P_10=1").unwrap().metric, Metric::Precision);
        assert_eq!(parse("recall@k=0.5").unwrap().cutoff, None);
        assert_eq!(parse("recip_rank=0.5").unwrap().metric, Metric::Mrr);
        assert_eq!(parse("success@1=1").unwrap().metric, Metric::SuccessAt1);
        assert_eq!(parse("MAP=0.25").unwrap().to_string(), "map=0.25");
        assert_eq!(parse("ndcg@k=0.5").unwrap().to_string(), "ndcg@k=0.5");
        assert_eq!(
            parse("ndcg").unwrap_err(),
            "expected METRIC=VALUE such as ndcg@10=0.8, got 'ndcg'"
        );
        assert_eq!(
            parse("mrr=1.5").unwrap_err(),
            "'1.5' is not a number from 0 to 1"
        );
        assert_eq!(
            parse("f1=0.5").unwrap_err(),
            "unknown metric 'f1': use one of p@K, recall@K, mrr, ndcg@K, map, success@1"
        );
        assert_eq!(
            parse("ndcg@5=0.5").unwrap().check_cutoff(10).unwrap_err(),
            "--min ndcg@5=0.5 is at cutoff 5 but -k is 10: pass -k 5 or write ndcg@10"
        );
    }
}
