//! Ranking metrics as pure functions over a ranked list of story ids and graded judgments.
//!
//! Definitions follow `trec_eval` so numbers can be checked against it:
//! - a story is relevant when its grade is at least 1; unjudged stories are not relevant;
//! - `P_k` divides by `k` even when fewer than `k` stories were retrieved;
//! - `recall_k`, `map` and `recip_rank` are 0 for a query with no relevant story;
//! - `recip_rank` and `map` look at the whole retrieved list, not just the top `k`;
//! - `ndcg_cut_k` uses the grade itself as gain (not `2^grade - 1`), discounts rank `r` by
//!   `log2(r + 1)`, and normalises by the ideal ordering of every judged story.
//!
//! Nothing here knows how the ranking was produced.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Judged stories of one query: story id -> grade (0 = judged not relevant).
pub type Grades = HashMap<String, u32>;

/// Whether a grade counts as relevant for the binary metrics (`trec_eval -l 1`).
fn is_relevant(grade: u32) -> bool {
    grade >= 1
}

fn grade_of(grades: &Grades, id: &str) -> u32 {
    grades.get(id).copied().unwrap_or(0)
}

fn relevant_count(grades: &Grades) -> usize {
    grades.values().filter(|g| is_relevant(**g)).count()
}

/// How many of the first `k` retrieved stories are relevant.
fn relevant_in_top<S: AsRef<str>>(ranked: &[S], grades: &Grades, k: usize) -> usize {
    ranked
        .iter()
        .take(k)
        .filter(|id| is_relevant(grade_of(grades, id.as_ref())))
        .count()
}

/// Relevant stories among the first `k` retrieved, divided by `k` (`P_k`).
pub fn precision_at<S: AsRef<str>>(ranked: &[S], grades: &Grades, k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    let found = relevant_in_top(ranked, grades, k);
    found as f64 / k as f64
}

/// Relevant stories among the first `k` retrieved, divided by all relevant stories
/// (`recall_k`).
pub fn recall_at<S: AsRef<str>>(ranked: &[S], grades: &Grades, k: usize) -> f64 {
    let relevant = relevant_count(grades);
    if relevant == 0 {
        return 0.0;
    }
    let found = relevant_in_top(ranked, grades, k);
    found as f64 / relevant as f64
}

/// One over the rank of the first relevant story, 0 when none was retrieved
/// (`recip_rank`; its mean is MRR).
pub fn reciprocal_rank<S: AsRef<str>>(ranked: &[S], grades: &Grades) -> f64 {
    ranked
        .iter()
        .position(|id| is_relevant(grade_of(grades, id.as_ref())))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// Precision at the rank of each relevant story retrieved, summed and divided by all
/// relevant stories (`map` for one query).
pub fn average_precision<S: AsRef<str>>(ranked: &[S], grades: &Grades) -> f64 {
    let relevant = relevant_count(grades);
    if relevant == 0 {
        return 0.0;
    }
    let mut found = 0usize;
    let mut sum = 0.0;
    for (i, id) in ranked.iter().enumerate() {
        if is_relevant(grade_of(grades, id.as_ref())) {
            found += 1;
            sum += found as f64 / (i + 1) as f64;
        }
    }
    sum / relevant as f64
}

/// Normalised discounted cumulative gain of the first `k` stories (`ndcg_cut_k`).
pub fn ndcg_at<S: AsRef<str>>(ranked: &[S], grades: &Grades, k: usize) -> f64 {
    // Folded from +0.0: `Sum` for f64 starts at -0.0, which would print as "-0.000".
    let dcg = ranked
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, id)| discounted(grade_of(grades, id.as_ref()), i))
        .fold(0.0, |sum, gain| sum + gain);
    let mut ideal: Vec<u32> = grades.values().copied().filter(|g| *g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_dcg = ideal
        .into_iter()
        .take(k)
        .enumerate()
        .map(|(i, grade)| discounted(grade, i))
        .fold(0.0, |sum, gain| sum + gain);
    if ideal_dcg > 0.0 {
        dcg / ideal_dcg
    } else {
        0.0
    }
}

/// The gain of a story at 0-based position `i` (rank `i + 1`), discounted by `log2(i + 2)`.
fn discounted(grade: u32, i: usize) -> f64 {
    f64::from(grade) / ((i + 2) as f64).log2()
}

/// 1 when the first `n` stories hold a relevant one, else 0 (`success_n`).
pub fn success_at<S: AsRef<str>>(ranked: &[S], grades: &Grades, n: usize) -> f64 {
    let hit = ranked
        .iter()
        .take(n)
        .any(|id| is_relevant(grade_of(grades, id.as_ref())));
    if hit {
        1.0
    } else {
        0.0
    }
}

/// Every metric newsdex reports, for one query or as means over queries.
///
/// The serialized names are the `eval --format json` contract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Precision at the cutoff `k`.
    #[serde(rename = "p@k")]
    pub precision: f64,
    /// Recall at the cutoff `k`.
    #[serde(rename = "recall@k")]
    pub recall: f64,
    /// Reciprocal rank of the first relevant story (its mean is MRR).
    pub mrr: f64,
    /// nDCG at the cutoff `k`.
    #[serde(rename = "ndcg@k")]
    pub ndcg: f64,
    /// Average precision over the whole retrieved list (its mean is MAP).
    pub map: f64,
    /// Whether the first story is relevant.
    #[serde(rename = "success@1")]
    pub success_at_1: f64,
}

impl Metrics {
    /// Every metric of one query's ranking at cutoff `k`.
    pub fn of<S: AsRef<str>>(ranked: &[S], grades: &Grades, k: usize) -> Metrics {
        Metrics {
            precision: precision_at(ranked, grades, k),
            recall: recall_at(ranked, grades, k),
            mrr: reciprocal_rank(ranked, grades),
            ndcg: ndcg_at(ranked, grades, k),
            map: average_precision(ranked, grades),
            success_at_1: success_at(ranked, grades, 1),
        }
    }

    /// The mean of each metric over `all` (0 for none), every query weighing the same.
    pub fn mean<'a>(all: impl IntoIterator<Item = &'a Metrics>) -> Metrics {
        let mut sum = Metrics::default();
        let mut n = 0usize;
        for m in all {
            sum.precision += m.precision;
            sum.recall += m.recall;
            sum.mrr += m.mrr;
            sum.ndcg += m.ndcg;
            sum.map += m.map;
            sum.success_at_1 += m.success_at_1;
            n += 1;
        }
        if n == 0 {
            return sum;
        }
        let n = n as f64;
        Metrics {
            precision: sum.precision / n,
            recall: sum.recall / n,
            mrr: sum.mrr / n,
            ndcg: sum.ndcg / n,
            map: sum.map / n,
            success_at_1: sum.success_at_1 / n,
        }
    }

    /// The value of `metric`.
    pub fn get(&self, metric: Metric) -> f64 {
        match metric {
            Metric::Precision => self.precision,
            Metric::Recall => self.recall,
            Metric::Mrr => self.mrr,
            Metric::Ndcg => self.ndcg,
            Metric::Map => self.map,
            Metric::SuccessAt1 => self.success_at_1,
        }
    }
}

/// One of the reported metrics, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// `p@k` (`P_k`).
    Precision,
    /// `recall@k` (`recall_k`).
    Recall,
    /// `mrr` (`recip_rank`).
    Mrr,
    /// `ndcg@k` (`ndcg_cut_k`).
    Ndcg,
    /// `map`.
    Map,
    /// `success@1` (`success_1`).
    SuccessAt1,
}

impl Metric {
    /// Every metric, in report order.
    pub const ALL: [Metric; 6] = [
        Metric::Precision,
        Metric::Recall,
        Metric::Mrr,
        Metric::Ndcg,
        Metric::Map,
        Metric::SuccessAt1,
    ];

    /// Whether the metric is measured at the cutoff `k`.
    pub fn uses_cutoff(self) -> bool {
        matches!(self, Metric::Precision | Metric::Recall | Metric::Ndcg)
    }

    /// The name with the cutoff written in: `ndcg@10`, `mrr`.
    pub fn label(self, k: impl std::fmt::Display) -> String {
        match self {
            Metric::Precision => format!("p@{k}"),
            Metric::Recall => format!("recall@{k}"),
            Metric::Mrr => "mrr".to_string(),
            Metric::Ndcg => format!("ndcg@{k}"),
            Metric::Map => "map".to_string(),
            Metric::SuccessAt1 => "success@1".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(pairs: &[(&str, u32)]) -> Grades {
        pairs.iter().map(|(id, g)| (id.to_string(), *g)).collect()
    }

    fn close(got: f64, want: f64) {
        assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
    }

    // Ranking d1 d2 d3 d4 d5; relevant: d1 (grade 2), d3 (grade 1), d9 (grade 1, never
    // retrieved); d2 judged not relevant; d4, d5 unjudged.
    const RANKED: [&str; 5] = ["d1", "d2", "d3", "d4", "d5"];
    fn judged() -> Grades {
        grades(&[("d1", 2), ("d2", 0), ("d3", 1), ("d9", 1)])
    }

    #[test]
    fn precision_divides_by_k_even_past_the_end() {
        let g = judged();
        close(precision_at(&RANKED, &g, 1), 1.0);
        close(precision_at(&RANKED, &g, 3), 2.0 / 3.0);
        close(precision_at(&RANKED, &g, 5), 2.0 / 5.0);
        close(precision_at(&RANKED, &g, 10), 2.0 / 10.0);
        close(precision_at(&RANKED[..0], &g, 10), 0.0);
    }

    #[test]
    fn recall_counts_relevant_never_retrieved() {
        let g = judged();
        close(recall_at(&RANKED, &g, 1), 1.0 / 3.0);
        close(recall_at(&RANKED, &g, 10), 2.0 / 3.0);
    }

    #[test]
    fn reciprocal_rank_is_of_the_first_relevant() {
        let g = judged();
        close(reciprocal_rank(&RANKED, &g), 1.0);
        close(reciprocal_rank(&["d2", "d4", "d3"], &g), 1.0 / 3.0);
        close(reciprocal_rank(&["d2", "d4"], &g), 0.0);
    }

    #[test]
    fn average_precision_divides_by_all_relevant() {
        // Relevant at ranks 1 and 3: (1/1 + 2/3) / 3 relevant.
        close(
            average_precision(&RANKED, &judged()),
            (1.0 + 2.0 / 3.0) / 3.0,
        );
        // Relevant at ranks 2 and 4 of four: (1/2 + 2/4) / 3.
        close(
            average_precision(&["d2", "d1", "d5", "d3"], &judged()),
            (0.5 + 0.5) / 3.0,
        );
    }

    #[test]
    fn ndcg_uses_linear_grades_and_the_ideal_of_every_judged_story() {
        let g = judged();
        // DCG@5 = 2/log2(2) + 1/log2(4) = 2.5; ideal grades 2,1,1: 2 + 1/log2(3) + 1/log2(4).
        let ideal = 2.0 + 1.0 / 3f64.log2() + 0.5;
        close(ndcg_at(&RANKED, &g, 5), 2.5 / ideal);
        // At k = 1 only the first story counts, and it is the best one.
        close(ndcg_at(&RANKED, &g, 1), 1.0);
        // The grade-1 story first and the grade-2 one second, at k = 2:
        // (1 + 2/log2(3)) / (2 + 1/log2(3)).
        let swapped = ["d3", "d1"];
        close(
            ndcg_at(&swapped, &g, 2),
            (1.0 + 2.0 / 3f64.log2()) / (2.0 + 1.0 / 3f64.log2()),
        );
    }

    #[test]
    fn ties_in_grade_make_either_order_ideal() {
        let g = grades(&[("a", 1), ("b", 1)]);
        close(ndcg_at(&["a", "b"], &g, 10), 1.0);
        close(ndcg_at(&["b", "a"], &g, 10), 1.0);
        close(average_precision(&["b", "a"], &g), 1.0);
        // A non-relevant story between two equal ones: (1 + 1/log2(4)) / (1 + 1/log2(3)).
        close(
            ndcg_at(&["a", "x", "b"], &g, 10),
            1.5 / (1.0 + 1.0 / 3f64.log2()),
        );
    }

    #[test]
    fn nothing_relevant_retrieved_scores_zero_everywhere() {
        let g = judged();
        let m = Metrics::of(&["d2", "d4", "d5"], &g, 10);
        assert_eq!(m, Metrics::default());
        let empty: [&str; 0] = [];
        let m = Metrics::of(&empty, &g, 10);
        assert_eq!(m, Metrics::default());
        // Not -0.0, which would print as "-0.000".
        assert!(Metric::ALL.iter().all(|x| m.get(*x).is_sign_positive()));
    }

    #[test]
    fn a_query_without_relevant_stories_scores_zero() {
        let g = grades(&[("d1", 0)]);
        assert_eq!(Metrics::of(&RANKED, &g, 10), Metrics::default());
    }

    #[test]
    fn success_at_1_looks_at_the_first_story_only() {
        let g = judged();
        close(success_at(&RANKED, &g, 1), 1.0);
        close(success_at(&["d2", "d1"], &g, 1), 0.0);
    }

    #[test]
    fn means_weigh_every_query_the_same_and_count_empty_runs_as_zero() {
        let g = judged();
        let perfect = Metrics::of(&["d1", "d3", "d9"], &g, 3);
        let nothing = Metrics::of(&[] as &[&str], &g, 3);
        close(perfect.map, 1.0);
        let mean = Metrics::mean([&perfect, &nothing]);
        close(mean.map, 0.5);
        close(mean.mrr, 0.5);
        close(mean.ndcg, 0.5);
        close(mean.precision, 0.5);
        close(mean.success_at_1, 0.5);
        assert_eq!(Metrics::mean([]), Metrics::default());
    }

    #[test]
    fn labels_carry_the_cutoff() {
        let labels: Vec<String> = Metric::ALL.iter().map(|m| m.label(10)).collect();
        assert_eq!(
            labels,
            ["p@10", "recall@10", "mrr", "ndcg@10", "map", "success@1"]
        );
    }
}
