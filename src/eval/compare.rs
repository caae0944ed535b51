//! Comparing a run with a saved [`Baseline`]: did ranking change beyond noise?
//!
//! Pairs each query of an [`EvalReport`] with the same query in the baseline, and per
//! metric reports both means, the difference, two paired significance tests
//! ([`stats`](super::stats)) and wins / ties / losses; then checks the `--max-drop` and
//! `--fail-on-any-loss` rules. Returns data for [`crate::render`]; it knows nothing of
//! indexes, files or exit codes.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use thiserror::Error;

use super::stats::{self, TIE};
use super::{parse_metric_value, Baseline, BaselineQuery, EvalReport, Metric, Metrics};

/// Default number of random sign flips of the randomization test.
pub const DEFAULT_PERMUTATIONS: usize = 100_000;
/// Default significance level of `--max-drop`.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// How a run is compared with its baseline, and what fails it.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareOptions {
    /// Random sign flips when more than [`stats::EXACT_MAX`] queries changed.
    pub permutations: usize,
    /// Seed of those flips.
    pub seed: u64,
    /// A drop counts only when the randomization test's p-value is below this.
    pub alpha: f64,
    /// Metrics that must not fall by more than a delta (when significant).
    pub max_drops: Vec<MaxDrop>,
    /// Query ids that must not lose on any metric.
    pub must_not_lose: Vec<String>,
}

impl Default for CompareOptions {
    fn default() -> CompareOptions {
        CompareOptions {
            permutations: DEFAULT_PERMUTATIONS,
            seed: stats::SEED,
            alpha: DEFAULT_ALPHA,
            max_drops: Vec::new(),
            must_not_lose: Vec::new(),
        }
    }
}

/// The largest acceptable fall of a metric's mean: `ndcg@10=0.01`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MaxDrop {
    /// The metric.
    pub metric: Metric,
    /// The cutoff written in the name (`ndcg@10`), if any; must equal the run's `k`.
    pub cutoff: Option<usize>,
    /// How far the mean may fall.
    pub delta: f64,
}

impl fmt::Display for MaxDrop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.cutoff {
            Some(k) => self.metric.label(k),
            None => self.metric.label("k"),
        };
        write!(f, "{name}={}", self.delta)
    }
}

impl FromStr for MaxDrop {
    type Err = String;

    /// `METRIC=DELTA`, with the metric names of [`super::Threshold`].
    fn from_str(text: &str) -> Result<MaxDrop, String> {
        let (metric, cutoff, delta) = parse_metric_value(text, "ndcg@10=0.01")?;
        Ok(MaxDrop {
            metric,
            cutoff,
            delta,
        })
    }
}

/// Why a run cannot be compared with a baseline.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CompareError {
    /// The baseline holds other queries, judgments or options than the run.
    #[error("the baseline does not match this run: {}: save a new baseline with --save", join(.0))]
    Mismatch(Vec<Difference>),
    /// `--fail-on-any-loss` names a query the judgments do not hold.
    #[error("--fail-on-any-loss names query '{0}', which the judgments do not hold")]
    UnknownQuery(String),
    /// A `--max-drop` written at another cutoff than the run's.
    #[error("--max-drop {drop} is at cutoff {cutoff} but -k is {k}: pass -k {cutoff} or write {}", .drop.metric.label(k))]
    Cutoff {
        /// The rule.
        drop: MaxDrop,
        /// Its cutoff.
        cutoff: usize,
        /// The run's.
        k: usize,
    },
}

fn join(differences: &[Difference]) -> String {
    let parts: Vec<String> = differences.iter().map(ToString::to_string).collect();
    parts.join("; ")
}

/// One way a baseline differs from the run.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// Saved with another `-k`.
    Cutoff {
        /// The baseline's.
        baseline: usize,
        /// The run's.
        current: usize,
    },
    /// Saved with another `--depth`.
    Depth {
        /// The baseline's.
        baseline: usize,
        /// The run's.
        current: usize,
    },
    /// Query ids the run does not have.
    OnlyInBaseline(Vec<String>),
    /// Query ids the baseline does not have.
    OnlyInJudgments(Vec<String>),
    /// A query whose text changed.
    Text {
        /// Query id.
        id: String,
        /// Its text in the baseline.
        baseline: String,
        /// Its text now.
        current: String,
    },
    /// A query whose judged stories or grades changed.
    Judged {
        /// Query id.
        id: String,
        /// The first story judged differently.
        story: String,
        /// Its grade in the baseline (`None`: not judged).
        baseline: Option<u32>,
        /// Its grade now.
        current: Option<u32>,
        /// How many stories are judged differently.
        count: usize,
    },
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grade = |g: &Option<u32>| g.map_or("not judged".to_string(), |g| format!("grade {g}"));
        match self {
            Difference::Cutoff { baseline, current } => write!(
                f,
                "it was saved with -k {baseline}, this run has -k {current}"
            ),
            Difference::Depth { baseline, current } => write!(
                f,
                "it was saved with --depth {baseline}, this run has --depth {current}"
            ),
            Difference::OnlyInBaseline(ids) => {
                write!(f, "queries only in the baseline: {}", list(ids))
            }
            Difference::OnlyInJudgments(ids) => {
                write!(f, "queries only in the judgments: {}", list(ids))
            }
            Difference::Text {
                id,
                baseline,
                current,
            } => write!(f, "query '{id}' was '{baseline}' and is now '{current}'"),
            Difference::Judged {
                id,
                story,
                baseline,
                current,
                count,
            } => {
                let noun = if *count == 1 { "story" } else { "stories" };
                write!(
                    f,
                    "query '{id}' judges {count} {noun} differently ('{story}': {} in the baseline, {} now)",
                    grade(baseline),
                    grade(current)
                )
            }
        }
    }
}

/// Up to five ids, then how many more.
fn list(ids: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = ids[..ids.len().min(SHOWN)].join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    text
}

/// A run compared with its baseline, query by query.
///
/// Serializes as the `newsdex eval --against BASELINE --format json` contract:
/// `{"queries":N,"k":10,"depth":1000,"permutations":100000,"alpha":0.05,
/// "metrics":{"p@k":{"baseline","current","diff","p_randomization","p_ttest","wins","ties",
/// "losses"},"recall@k","mrr","ndcg@k","map","success@1"},
/// "per_query":[{"id","query","baseline":{metrics},"current":{metrics},
/// "baseline_top":["id",...],"current_top":["id",...]}],"lost_most":["id",...]}`,
/// where `*_top` are the first `k` retrieved stories and `lost_most` the queries that
/// lost on some metric, most first (by nDCG@k, then MAP, then MRR).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Queries compared.
    pub queries: usize,
    /// The cutoff.
    pub k: usize,
    /// Stories retrieved per query.
    pub depth: usize,
    /// Random sign flips when more than [`stats::EXACT_MAX`] queries changed.
    pub permutations: usize,
    /// Significance level of the drop rules.
    pub alpha: f64,
    /// One entry per metric, in [`Metric::ALL`] order.
    #[serde(serialize_with = "metrics_by_name")]
    pub metrics: Vec<MetricComparison>,
    /// Each query, in judgments order.
    pub per_query: Vec<QueryComparison>,
    /// Ids of the queries that lost on some metric, most first.
    pub lost_most: Vec<String>,
    /// `--max-drop` rules whose metric fell by more than allowed.
    #[serde(skip)]
    pub drops: Vec<DropCheck>,
    /// `--fail-on-any-loss` queries that lost.
    #[serde(skip)]
    pub protected_losses: Vec<ProtectedLoss>,
}

/// One metric compared.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricComparison {
    /// The metric.
    #[serde(skip)]
    pub metric: Metric,
    /// Its mean in the baseline.
    pub baseline: f64,
    /// Its mean now.
    pub current: f64,
    /// `current - baseline`.
    pub diff: f64,
    /// Two-sided paired randomization test.
    pub p_randomization: f64,
    /// Two-sided paired t-test.
    pub p_ttest: f64,
    /// Queries whose value rose.
    pub wins: usize,
    /// Queries whose value did not change.
    pub ties: usize,
    /// Queries whose value fell.
    pub losses: usize,
}

/// One query compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryComparison {
    /// Query id.
    pub id: String,
    /// Query text.
    pub query: String,
    /// Its metrics in the baseline.
    pub baseline: Metrics,
    /// Its metrics now.
    pub current: Metrics,
    /// The first `k` stories the baseline retrieved.
    pub baseline_top: Vec<String>,
    /// The first `k` stories retrieved now.
    pub current_top: Vec<String>,
}

impl QueryComparison {
    /// `current - baseline` for `metric`.
    pub fn diff(&self, metric: Metric) -> f64 {
        self.current.get(metric) - self.baseline.get(metric)
    }

    /// The metrics that fell, with their value before and after.
    pub fn losses(&self) -> Vec<(Metric, f64, f64)> {
        Metric::ALL
            .into_iter()
            .filter(|m| self.diff(*m) < -TIE)
            .map(|m| (m, self.baseline.get(m), self.current.get(m)))
            .collect()
    }
}

/// A `--max-drop` rule whose metric fell by more than its delta.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DropCheck {
    /// The rule.
    pub rule: MaxDrop,
    /// The baseline mean.
    pub baseline: f64,
    /// The mean now.
    pub current: f64,
    /// The randomization test's p-value.
    pub p_randomization: f64,
    /// True when the drop is significant (p below alpha), so the rule fails.
    pub failed: bool,
}

/// A `--fail-on-any-loss` query that lost.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtectedLoss {
    /// Query id.
    pub id: String,
    /// The metrics that fell, with their value before and after.
    pub lost: Vec<(Metric, f64, f64)>,
}

impl Comparison {
    /// The comparison of `metric`.
    pub fn metric(&self, metric: Metric) -> &MetricComparison {
        // `metrics` holds every metric of Metric::ALL, in that order.
        &self.metrics[Metric::ALL
            .iter()
            .position(|m| *m == metric)
            .expect("Metric::ALL holds every metric")]
    }

    /// True when no `--max-drop` rule failed and no protected query lost.
    pub fn passed(&self) -> bool {
        !self.drops.iter().any(|d| d.failed) && self.protected_losses.is_empty()
    }

    /// The compared query with this id.
    pub fn query(&self, id: &str) -> Option<&QueryComparison> {
        self.per_query.iter().find(|q| q.id == id)
    }
}

fn metrics_by_name<S: Serializer>(
    metrics: &[MetricComparison],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(metrics.len()))?;
    for m in metrics {
        map.serialize_entry(&m.metric.label("k"), m)?;
    }
    map.end()
}

impl EvalReport {
    /// Compares this run with `baseline`, query by query.
    ///
    /// Fails when the baseline holds other queries, judgments, `k` or depth than this run
    /// ([`CompareError::Mismatch`], naming each difference), or when the options name a
    /// query or cutoff the run does not have. `--any` against a baseline saved without it
    /// (or the reverse) is a comparison, not a mismatch.
    ///
    /// # Example
    ///
    /// ```
    /// use newsdex::eval::{self, Baseline, CompareOptions, EvalOptions, Judgments, Metric, Ranked};
    /// use std::path::Path;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let judgments = Judgments::from_toml(
    ///     r#"
    ///     [[query]]
    ///     id = "opec"
    ///     text = "opec output cuts"
    ///     relevant = ["opec.txt"]
    ///
    ///     [[query]]
    ///     id = "copper"
    ///     text = "copper"
    ///     relevant = ["copper.txt"]
    ///     "#,
    ///     Path::new("inline.toml"),
    /// )?;
    /// // Any ranking function works; `eval::evaluate` runs the queries on an index.
    /// let run = |ids: &[&str]| {
    ///     eval::evaluate_with(&judgments, &EvalOptions::default(), |query| {
    ///         let relevant = query.relevant_ids().next().unwrap_or_default().to_string();
    ///         let mut ranking: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    ///         ranking.push(relevant);
    ///         Ok::<_, ()>(ranking.into_iter().map(|id| Ranked { id, score: 1.0 }).collect())
    ///     })
    /// };
    /// // The baseline ranks the relevant story first; the change puts another above it.
    /// let baseline = Baseline::from_report(&run(&[]).unwrap());
    /// let worse = run(&["other.txt"]).unwrap();
    ///
    /// let options = CompareOptions {
    ///     max_drops: vec!["ndcg@10=0.01".parse()?],
    ///     ..CompareOptions::default()
    /// };
    /// let comparison = worse.compare(&baseline, &options)?;
    /// let ndcg = comparison.metric(Metric::Ndcg);
    /// assert_eq!((ndcg.baseline, ndcg.losses, ndcg.ties), (1.0, 2, 0));
    /// assert!((ndcg.diff + 0.369).abs() < 0.001);
    /// // Two queries both losing: 2 of the 4 sign flips reach it, p = 0.5 (not significant).
    /// assert_eq!(ndcg.p_randomization, 0.5);
    /// assert!(comparison.passed());
    ///
    /// // Nothing changed: no difference, p = 1.
    /// let same = run(&[]).unwrap().compare(&baseline, &options)?;
    /// assert_eq!(same.metric(Metric::Ndcg).diff, 0.0);
    /// assert_eq!(same.metric(Metric::Ndcg).p_randomization, 1.0);
    /// assert_eq!(same.metric(Metric::Ndcg).p_ttest, 1.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn compare(
        &self,
        baseline: &Baseline,
        options: &CompareOptions,
    ) -> Result<Comparison, CompareError> {
        for rule in &options.max_drops {
            if let Some(cutoff) = rule.cutoff.filter(|c| *c != self.k) {
                return Err(CompareError::Cutoff {
                    drop: *rule,
                    cutoff,
                    k: self.k,
                });
            }
        }
        let differences = differences(self, baseline);
        if !differences.is_empty() {
            return Err(CompareError::Mismatch(differences));
        }
        if let Some(id) = options
            .must_not_lose
            .iter()
            .find(|id| !self.per_query.iter().any(|q| &q.id == *id))
        {
            return Err(CompareError::UnknownQuery(id.clone()));
        }

        let saved: HashMap<&str, &BaselineQuery> = baseline
            .per_query
            .iter()
            .map(|q| (q.id.as_str(), q))
            .collect();
        let per_query: Vec<QueryComparison> = self
            .per_query
            .iter()
            .map(|now| {
                // `differences` found every id of the run in the baseline.
                let before = saved[now.id.as_str()];
                let top = |ids: &[String]| ids[..ids.len().min(self.k)].to_vec();
                QueryComparison {
                    id: now.id.clone(),
                    query: now.query.clone(),
                    baseline: before.metrics,
                    current: now.metrics,
                    baseline_top: top(&before.retrieved),
                    current_top: top(&now.retrieved),
                }
            })
            .collect();

        let metrics: Vec<MetricComparison> = Metric::ALL
            .into_iter()
            .map(|metric| compare_metric(metric, &per_query, options))
            .collect();

        let mut lost: Vec<&QueryComparison> = per_query
            .iter()
            .filter(|q| !q.losses().is_empty())
            .collect();
        lost.sort_by(|a, b| {
            [Metric::Ndcg, Metric::Map, Metric::Mrr]
                .iter()
                .map(|m| a.diff(*m).total_cmp(&b.diff(*m)))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let lost_most = lost.iter().map(|q| q.id.clone()).collect();

        let drops = options
            .max_drops
            .iter()
            .filter_map(|rule| {
                let m = metrics[Metric::ALL.iter().position(|x| *x == rule.metric)?];
                let drop = m.baseline - m.current;
                (drop - rule.delta > TIE).then_some(DropCheck {
                    rule: *rule,
                    baseline: m.baseline,
                    current: m.current,
                    p_randomization: m.p_randomization,
                    failed: m.p_randomization < options.alpha,
                })
            })
            .collect();
        let protected_losses = options
            .must_not_lose
            .iter()
            .filter_map(|id| {
                let query = per_query.iter().find(|q| &q.id == id)?;
                let lost = query.losses();
                (!lost.is_empty()).then(|| ProtectedLoss {
                    id: id.clone(),
                    lost,
                })
            })
            .collect();

        Ok(Comparison {
            queries: per_query.len(),
            k: self.k,
            depth: self.depth,
            permutations: options.permutations,
            alpha: options.alpha,
            metrics,
            per_query,
            lost_most,
            drops,
            protected_losses,
        })
    }
}

fn compare_metric(
    metric: Metric,
    per_query: &[QueryComparison],
    options: &CompareOptions,
) -> MetricComparison {
    let baseline: Vec<f64> = per_query.iter().map(|q| q.baseline.get(metric)).collect();
    let current: Vec<f64> = per_query.iter().map(|q| q.current.get(metric)).collect();
    let mean = |values: &[f64]| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let (before, after) = (mean(&baseline), mean(&current));
    let count = |keep: fn(f64) -> bool| per_query.iter().filter(|q| keep(q.diff(metric))).count();
    let diff = after - before;
    MetricComparison {
        metric,
        baseline: before,
        current: after,
        // Exactly 0 when no query changed (not a rounding residue of two sums).
        diff: if diff.abs() <= TIE { 0.0 } else { diff },
        p_randomization: stats::randomization_test(
            &baseline,
            &current,
            options.permutations,
            options.seed,
        ),
        p_ttest: stats::paired_t_test(&baseline, &current),
        wins: count(|d| d > TIE),
        ties: count(|d| d.abs() <= TIE),
        losses: count(|d| d < -TIE),
    }
}

/// Every way `baseline` differs from `report` in what was run, in a fixed order.
fn differences(report: &EvalReport, baseline: &Baseline) -> Vec<Difference> {
    let mut found = Vec::new();
    if baseline.k != report.k {
        found.push(Difference::Cutoff {
            baseline: baseline.k,
            current: report.k,
        });
    }
    if baseline.depth != report.depth {
        found.push(Difference::Depth {
            baseline: baseline.depth,
            current: report.depth,
        });
    }
    let saved: HashMap<&str, &BaselineQuery> = baseline
        .per_query
        .iter()
        .map(|q| (q.id.as_str(), q))
        .collect();
    let now: HashMap<&str, ()> = report
        .per_query
        .iter()
        .map(|q| (q.id.as_str(), ()))
        .collect();
    let only_saved: Vec<String> = baseline
        .per_query
        .iter()
        .filter(|q| !now.contains_key(q.id.as_str()))
        .map(|q| q.id.clone())
        .collect();
    if !only_saved.is_empty() {
        found.push(Difference::OnlyInBaseline(only_saved));
    }
    let only_now: Vec<String> = report
        .per_query
        .iter()
        .filter(|q| !saved.contains_key(q.id.as_str()))
        .map(|q| q.id.clone())
        .collect();
    if !only_now.is_empty() {
        found.push(Difference::OnlyInJudgments(only_now));
    }
    for query in &report.per_query {
        let Some(before) = saved.get(query.id.as_str()) else {
            continue;
        };
        if before.query != query.query {
            found.push(Difference::Text {
                id: query.id.clone(),
                baseline: before.query.clone(),
                current: query.query.clone(),
            });
        }
        let changed: Vec<&String> = before
            .judged
            .keys()
            .chain(query.judged.keys())
            .filter(|story| before.judged.get(*story) != query.judged.get(*story))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if let Some(story) = changed.first() {
            found.push(Difference::Judged {
                id: query.id.clone(),
                story: (*story).clone(),
                baseline: before.judged.get(*story).copied(),
                current: query.judged.get(*story).copied(),
                count: changed.len(),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{evaluate_with, EvalOptions, Judgments, Ranked};
    use std::path::Path;

    const JUDGMENTS: &str = r#"
[[query]]
id = "a"
text = "alpha"
relevant = ["a1.txt", { id = "a2.txt", grade = 2 }]

[[query]]
id = "b"
text = "beta"
relevant = ["b1.txt"]

[[query]]
id = "c"
text = "gamma"
relevant = ["c1.txt"]
"#;

    fn report(judgments: &str, rankings: &[(&str, &[&str])]) -> EvalReport {
        let judgments = Judgments::from_toml(judgments, Path::new("j.toml")).unwrap();
        evaluate_with(&judgments, &EvalOptions::default(), |q| {
            let ids = rankings
                .iter()
                .find(|(id, _)| *id == q.id)
                .map_or(&[][..], |(_, ids)| *ids);
            Ok::<_, ()>(Ranked::in_order(ids))
        })
        .unwrap()
    }

    const GOOD: &[(&str, &[&str])] = &[
        ("a", &["a2.txt", "a1.txt", "x.txt"]),
        ("b", &["b1.txt"]),
        ("c", &["x.txt", "c1.txt"]),
    ];
    const WORSE: &[(&str, &[&str])] = &[
        ("a", &["x.txt", "a1.txt", "a2.txt"]),
        ("b", &["b1.txt"]),
        ("c", &["c1.txt"]),
    ];
    const WORST: &[(&str, &[&str])] = &[
        ("a", &["x.txt", "a1.txt", "a2.txt"]),
        ("b", &["b1.txt"]),
        ("c", &["x.txt", "y.txt", "c1.txt"]),
    ];

    #[test]
    fn no_change_means_no_difference_and_p_one() {
        let baseline = Baseline::from_report(&report(JUDGMENTS, GOOD));
        let comparison = report(JUDGMENTS, GOOD)
            .compare(&baseline, &CompareOptions::default())
            .unwrap();
        for m in &comparison.metrics {
            assert_eq!(
                (
                    m.diff,
                    m.p_randomization,
                    m.p_ttest,
                    m.wins,
                    m.ties,
                    m.losses
                ),
                (0.0, 1.0, 1.0, 0, 3, 0),
                "{:?}",
                m.metric
            );
        }
        assert_eq!(comparison.lost_most, Vec::<String>::new());
        assert!(comparison.passed());
    }

    #[test]
    fn wins_ties_losses_and_who_lost_most() {
        let baseline = Baseline::from_report(&report(JUDGMENTS, GOOD));
        let comparison = report(JUDGMENTS, WORSE)
            .compare(&baseline, &CompareOptions::default())
            .unwrap();
        let mrr = comparison.metric(Metric::Mrr);
        assert_eq!((mrr.wins, mrr.ties, mrr.losses), (1, 1, 1));
        assert_eq!((mrr.baseline, mrr.current), (2.5 / 3.0, 2.5 / 3.0));
        assert_eq!(mrr.diff, 0.0);
        assert_eq!(comparison.lost_most, ["a"]);
        let a = comparison.query("a").unwrap();
        assert_eq!(a.baseline_top, ["a2.txt", "a1.txt", "x.txt"]);
        assert_eq!(a.current_top, ["x.txt", "a1.txt", "a2.txt"]);
        assert_eq!(
            a.losses().iter().map(|(m, ..)| *m).collect::<Vec<_>>(),
            [Metric::Mrr, Metric::Ndcg, Metric::Map, Metric::SuccessAt1]
        );
    }

    #[test]
    fn drops_fail_only_beyond_the_delta_and_when_significant() {
        let baseline = Baseline::from_report(&report(JUDGMENTS, GOOD));
        let worst = report(JUDGMENTS, WORST);
        let options = |rules: &[&str], alpha: f64| CompareOptions {
            max_drops: rules.iter().map(|r| r.parse().unwrap()).collect(),
            alpha,
            ..CompareOptions::default()
        };
        // mrr falls by 1/2 and 1/6 on two queries of three (mean 2/9): 2 of the 4 sign
        // flips reach it, p = 0.5, not significant. p@10 did not fall.
        let comparison = worst
            .compare(&baseline, &options(&["mrr=0.1", "p@10=0"], 0.05))
            .unwrap();
        assert_eq!(comparison.drops.len(), 1);
        let drop = comparison.drops[0];
        assert_eq!(drop.rule.metric, Metric::Mrr);
        assert!((drop.baseline - drop.current - 2.0 / 9.0).abs() < 1e-12);
        assert_eq!(drop.p_randomization, 0.5);
        assert!(!drop.failed);
        assert!(comparison.passed());
        let strict = worst
            .compare(&baseline, &options(&["mrr=0.1"], 0.6))
            .unwrap();
        assert!(strict.drops[0].failed);
        assert!(!strict.passed());
        let loose = worst
            .compare(&baseline, &options(&["mrr=0.5"], 0.6))
            .unwrap();
        assert_eq!(loose.drops, []);
        assert!(loose.passed());
    }

    #[test]
    fn protected_queries_fail_on_any_loss() {
        let baseline = Baseline::from_report(&report(JUDGMENTS, GOOD));
        let options = CompareOptions {
            must_not_lose: vec!["a".into(), "c".into()],
            ..CompareOptions::default()
        };
        let comparison = report(JUDGMENTS, WORSE)
            .compare(&baseline, &options)
            .unwrap();
        assert_eq!(comparison.protected_losses.len(), 1);
        assert_eq!(comparison.protected_losses[0].id, "a");
        assert!(!comparison.passed());
        let unknown = CompareOptions {
            must_not_lose: vec!["zz".into()],
            ..CompareOptions::default()
        };
        assert_eq!(
            report(JUDGMENTS, WORSE)
                .compare(&baseline, &unknown)
                .unwrap_err()
                .to_string(),
            "--fail-on-any-loss names query 'zz', which the judgments do not hold"
        );
    }

    #[test]
    fn a_mismatch_names_every_difference() {
        let baseline = Baseline::from_report(&report(JUDGMENTS, GOOD));
        let other = JUDGMENTS
            .replace("id = \"b\"", "id = \"bb\"")
            .replace("text = \"gamma\"", "text = \"gamma ray\"")
            .replace("{ id = \"a2.txt\", grade = 2 }", "\"a2.txt\", \"a3.txt\"");
        let error = report(&other, GOOD)
            .compare(&baseline, &CompareOptions::default())
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the baseline does not match this run: queries only in the baseline: b; \
             queries only in the judgments: bb; \
             query 'a' judges 2 stories differently ('a2.txt': grade 2 in the baseline, grade 1 now); \
             query 'c' was 'gamma' and is now 'gamma ray': save a new baseline with --save"
        );
        let mut deeper = report(JUDGMENTS, GOOD);
        deeper.k = 5;
        let rule = CompareOptions {
            max_drops: vec!["ndcg@10=0.01".parse().unwrap()],
            ..CompareOptions::default()
        };
        assert_eq!(
            deeper.compare(&baseline, &rule).unwrap_err().to_string(),
            "--max-drop ndcg@10=0.01 is at cutoff 10 but -k is 5: pass -k 10 or write ndcg@5"
        );
        assert_eq!(
            deeper
                .compare(&baseline, &CompareOptions::default())
                .unwrap_err()
                .to_string(),
            "the baseline does not match this run: it was saved with -k 10, this run has -k 5: \
             save a new baseline with --save"
        );
    }

    #[test]
    fn json_follows_the_contract() {
        let baseline = Baseline::from_report(&report(JUDGMENTS, GOOD));
        let comparison = report(JUDGMENTS, WORSE)
            .compare(&baseline, &CompareOptions::default())
            .unwrap();
        let doc = serde_json::to_value(&comparison).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(
            keys(&doc),
            [
                "alpha",
                "depth",
                "k",
                "lost_most",
                "metrics",
                "per_query",
                "permutations",
                "queries"
            ]
        );
        assert_eq!(
            keys(&doc["metrics"]),
            ["map", "mrr", "ndcg@k", "p@k", "recall@k", "success@1"]
        );
        assert_eq!(
            keys(&doc["metrics"]["ndcg@k"]),
            [
                "baseline",
                "current",
                "diff",
                "losses",
                "p_randomization",
                "p_ttest",
                "ties",
                "wins"
            ]
        );
        assert_eq!(
            keys(&doc["per_query"][0]),
            [
                "baseline",
                "baseline_top",
                "current",
                "current_top",
                "id",
                "query"
            ]
        );
        assert_eq!(doc["metrics"]["mrr"]["wins"], 1);
        assert_eq!(doc["per_query"][2]["current"]["mrr"], 1.0);
    }

    #[test]
    fn max_drop_parses_like_thresholds() {
        let rule: MaxDrop = "ndcg@10=0.01".parse().unwrap();
        assert_eq!(
            (rule.metric, rule.cutoff, rule.delta),
            (Metric::Ndcg, Some(10), 0.01)
        );
        assert_eq!(rule.to_string(), "ndcg@10=0.01");
        assert_eq!(
            "ndcg".parse::<MaxDrop>().unwrap_err(),
            "expected METRIC=VALUE such as ndcg@10=0.01, got 'ndcg'"
        );
    }
}
