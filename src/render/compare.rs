//! Printers for `newsdex eval --against BASELINE`: the per-metric comparison table and the
//! queries that lost most (text), the JSON comparison, and the failed rules for stderr.

use std::io::{self, Write};

use termcolor::{ColorSpec, WriteColor};

use super::sanitize::for_terminal;
use crate::eval::compare::Comparison;
use crate::eval::stats::EXACT_MAX;
use crate::eval::Metric;

/// How many of the queries that lost most the text report shows.
const SHOWN_LOSERS: usize = 5;
/// How many retrieved ids each of them shows, before and after.
const SHOWN_IDS: usize = 3;

/// The comparison table, then the queries that lost most:
///
/// ```text
/// metric     baseline  current    diff  p(rand)  p(t)  wins  ties  losses
/// ndcg@10       0.820    0.792  -0.028    0.312  0.297     2    33       4
/// ```
pub fn comparison_text(out: &mut dyn WriteColor, comparison: &Comparison) -> io::Result<()> {
    let k = comparison.k;
    let label_width = Metric::ALL
        .iter()
        .map(|m| m.label(k).len())
        .chain(["metric".len()])
        .max()
        .unwrap_or(0);
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    out.set_color(&bold)?;
    write!(
        out,
        "{:<label_width$}  baseline  current    diff  p(rand)   p(t)  wins  ties  losses",
        "metric"
    )?;
    out.reset()?;
    writeln!(out)?;
    for m in &comparison.metrics {
        writeln!(
            out,
            "{:<label_width$}  {:>8.3}  {:>7.3}  {:>+6.3}  {:>7}  {:>5}  {:>4}  {:>4}  {:>6}",
            m.metric.label(k),
            m.baseline,
            m.current,
            m.diff,
            p_value(m.p_randomization),
            p_value(m.p_ttest),
            m.wins,
            m.ties,
            m.losses
        )?;
    }
    let noun = if comparison.queries == 1 {
        "query"
    } else {
        "queries"
    };
    writeln!(
        out,
        "{} {noun}, k {}, depth {}. p(rand): two-sided paired randomization test, exact up to \
         {EXACT_MAX} changed queries, else {} random sign flips; p(t): paired t-test.",
        comparison.queries, comparison.k, comparison.depth, comparison.permutations
    )?;

    if comparison.lost_most.is_empty() {
        return writeln!(out, "No query lost on any metric.");
    }
    let ndcg = Metric::Ndcg.label(k);
    out.set_color(&bold)?;
    write!(
        out,
        "Queries that lost most ({} of {}, by {ndcg}, then map):",
        comparison.lost_most.len().min(SHOWN_LOSERS),
        comparison.lost_most.len()
    )?;
    out.reset()?;
    writeln!(out)?;
    for id in comparison.lost_most.iter().take(SHOWN_LOSERS) {
        let Some(query) = comparison.query(id) else {
            continue;
        };
        let changes: Vec<String> = [Metric::Ndcg, Metric::Map, Metric::Mrr]
            .into_iter()
            .filter(|m| query.diff(*m) != 0.0)
            .map(|m| {
                format!(
                    "{} {:.3} -> {:.3}",
                    m.label(k),
                    query.baseline.get(m),
                    query.current.get(m)
                )
            })
            .collect();
        writeln!(
            out,
            "  {}  {}  ({})",
            for_terminal(&query.id),
            changes.join(", "),
            for_terminal(&query.query)
        )?;
        writeln!(out, "    before: {}", ids(&query.baseline_top))?;
        writeln!(out, "    after:  {}", ids(&query.current_top))?;
    }
    Ok(())
}

/// `eval --against --format json`: the comparison as one JSON document (see [`Comparison`]).
pub fn comparison_json(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    serde_json::to_writer(&mut *out, comparison)?;
    writeln!(out)
}

/// What failed, for stderr: each `--max-drop` rule whose metric fell beyond its delta
/// (failing when significant, noted when not) and each protected query that lost.
pub fn comparison_verdict(out: &mut dyn Write, comparison: &Comparison) -> io::Result<()> {
    let k = comparison.k;
    for drop in &comparison.drops {
        let label = drop.rule.metric.label(k);
        let fall = drop.baseline - drop.current;
        if drop.failed {
            writeln!(
                out,
                "newsdex: {label} fell by {fall:.3} ({:.3} -> {:.3}), more than --max-drop {}, and the drop is significant (p {} < alpha {})",
                drop.baseline, drop.current, drop.rule, p_value(drop.p_randomization), comparison.alpha
            )?;
        } else {
            writeln!(
                out,
                "newsdex: note: {label} fell by {fall:.3} ({:.3} -> {:.3}), more than --max-drop {}, but not significantly (p {} >= alpha {}): passing",
                drop.baseline, drop.current, drop.rule, p_value(drop.p_randomization), comparison.alpha
            )?;
        }
    }
    for loss in &comparison.protected_losses {
        let lost: Vec<String> = loss
            .lost
            .iter()
            .map(|(m, before, after)| format!("{} {before:.3} -> {after:.3}", m.label(k)))
            .collect();
        let after = comparison
            .query(&loss.id)
            .map(|q| ids(&q.current_top))
            .unwrap_or_default();
        writeln!(
            out,
            "newsdex: query {} lost (--fail-on-any-loss): {}: now retrieves {after}",
            loss.id,
            lost.join(", ")
        )?;
    }
    Ok(())
}

/// A p-value with three decimals, `<0.001` below that.
fn p_value(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

fn ids(ids: &[String]) -> String {
    if ids.is_empty() {
        return "nothing".to_string();
    }
    let shown: Vec<String> = ids
        .iter()
        .take(SHOWN_IDS)
        .map(|id| for_terminal(id).into_owned())
        .collect();
    let mut text = shown.join(", ");
    if ids.len() > SHOWN_IDS {
        text.push_str(", …");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{evaluate_with, Baseline, CompareOptions, EvalOptions, Judgments, Ranked};
    use std::path::Path;

    fn comparison(options: &CompareOptions) -> Comparison {
        let judgments = Judgments::from_toml(
            r#"
[[query]]
id = "opec"
text = "opec output cuts"
relevant = ["a.txt"]

[[query]]
id = "copper"
text = "copper"
relevant = ["c.txt"]
"#,
            Path::new("j.toml"),
        )
        .unwrap();
        let run = |worse: bool| {
            evaluate_with(&judgments, &EvalOptions::default(), |q| {
                let ids: &[&str] = match (q.id.as_str(), worse) {
                    ("opec", false) => &["a.txt", "b.txt"],
                    ("opec", true) => &["b.txt", "x.txt", "y.txt", "z.txt", "a.txt"],
                    _ => &["c.txt"],
                };
                Ok::<_, ()>(Ranked::in_order(ids))
            })
            .unwrap()
        };
        let baseline = Baseline::from_report(&run(false));
        run(true).compare(&baseline, options).unwrap()
    }

    #[test]
    fn text_shows_each_metric_and_who_lost() {
        let mut out = termcolor::NoColor::new(Vec::new());
        comparison_text(&mut out, &comparison(&CompareOptions::default())).unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner()).unwrap(),
            "\
metric     baseline  current    diff  p(rand)   p(t)  wins  ties  losses
p@10          0.100    0.100  +0.000    1.000  1.000     0     2       0
recall@10     1.000    1.000  +0.000    1.000  1.000     0     2       0
mrr           1.000    0.600  -0.400    1.000  0.500     0     1       1
ndcg@10       1.000    0.693  -0.307    1.000  0.500     0     1       1
map           1.000    0.600  -0.400    1.000  0.500     0     1       1
success@1     1.000    0.500  -0.500    1.000  0.500     0     1       1
2 queries, k 10, depth 1000. p(rand): two-sided paired randomization test, exact up to 20 changed queries, else 100000 random sign flips; p(t): paired t-test.
Queries that lost most (1 of 1, by ndcg@10, then map):
  opec  ndcg@10 1.000 -> 0.387, map 1.000 -> 0.200, mrr 1.000 -> 0.200  (opec output cuts)
    before: a.txt, b.txt
    after:  b.txt, x.txt, y.txt, …
"
        );
    }

    #[test]
    fn verdict_names_the_failed_rules() {
        let options = CompareOptions {
            max_drops: vec!["ndcg@10=0.01".parse().unwrap(), "map=0.1".parse().unwrap()],
            must_not_lose: vec!["opec".into(), "copper".into()],
            alpha: 1.01,
            ..CompareOptions::default()
        };
        let mut out = Vec::new();
        let comparison = comparison(&options);
        comparison_verdict(&mut out, &comparison).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\
newsdex: ndcg@10 fell by 0.307 (1.000 -> 0.693), more than --max-drop ndcg@10=0.01, and the drop is significant (p 1.000 < alpha 1.01)
newsdex: map fell by 0.400 (1.000 -> 0.600), more than --max-drop map=0.1, and the drop is significant (p 1.000 < alpha 1.01)
newsdex: query opec lost (--fail-on-any-loss): mrr 1.000 -> 0.200, ndcg@10 1.000 -> 0.387, map 1.000 -> 0.200, success@1 1.000 -> 0.000: now retrieves b.txt, x.txt, y.txt, …
"
        );
        let mut out = Vec::new();
        let lenient = CompareOptions {
            max_drops: vec!["ndcg@10=0.01".parse().unwrap()],
            ..CompareOptions::default()
        };
        comparison_verdict(&mut out, &self::comparison(&lenient)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "newsdex: note: ndcg@10 fell by 0.307 (1.000 -> 0.693), more than --max-drop ndcg@10=0.01, but not significantly (p 1.000 >= alpha 0.05): passing\n"
        );
    }
}
