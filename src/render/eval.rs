//! Printers for `newsdex eval`: the per-query table with its means (text), the JSON
//! report, and the verdict (thresholds and expectations that failed) for stderr.

use std::io::{self, Write};

use termcolor::{ColorSpec, WriteColor};

use super::sanitize::for_terminal;
use crate::eval::{EvalReport, Metric, Unmet, Verdict};

/// How many retrieved ids a failure line shows.
const SHOWN_IDS: usize = 3;

/// The per-query table, then a `mean` row:
///
/// ```text
/// query   p@10  recall@10    mrr  ndcg@10    map  success@1  text
/// opec   0.100      1.000  1.000    1.000  1.000      1.000  opec output cuts
/// mean   0.100      1.000  1.000    1.000  1.000      1.000  1 query, k 10, depth 1000
/// ```
pub fn report_text(out: &mut dyn WriteColor, report: &EvalReport) -> io::Result<()> {
    let labels: Vec<String> = Metric::ALL.iter().map(|m| m.label(report.k)).collect();
    let id_width = report
        .per_query
        .iter()
        .map(|q| q.id.chars().count())
        .chain(["query".len(), "mean".len()])
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = labels.iter().map(|l| l.len().max(5)).collect();

    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    out.set_color(&bold)?;
    write!(out, "{:<id_width$}", "query")?;
    for (label, width) in labels.iter().zip(&widths) {
        write!(out, "  {label:>width$}")?;
    }
    write!(out, "  text")?;
    out.reset()?;
    writeln!(out)?;

    let row = |out: &mut dyn WriteColor, id: &str, values: [f64; 6], text: &str| {
        write!(out, "{id:<id_width$}")?;
        for (value, width) in values.iter().zip(&widths) {
            write!(out, "  {value:>width$.3}")?;
        }
        writeln!(out, "  {text}")
    };
    for query in &report.per_query {
        let values = Metric::ALL.map(|m| query.metrics.get(m));
        // The whole query, however long: it is the last column.
        let text = for_terminal(&query.query);
        row(out, &for_terminal(&query.id), values, &text)?;
    }
    let noun = if report.queries == 1 {
        "query"
    } else {
        "queries"
    };
    out.set_color(&bold)?;
    row(
        out,
        "mean",
        Metric::ALL.map(|m| report.mean.get(m)),
        &format!(
            "{} {noun}, k {}, depth {}",
            report.queries, report.k, report.depth
        ),
    )?;
    out.reset()
}

/// `eval --format json`: the report as one JSON document (see [`EvalReport`]), metrics
/// rounded to 4 places, with `"passed"`: whether every threshold and expectation held.
pub fn report_json(out: &mut dyn Write, report: &EvalReport, passed: bool) -> io::Result<()> {
    let mut doc = serde_json::to_value(report)?;
    round_floats(&mut doc);
    if let serde_json::Value::Object(map) = &mut doc {
        map.insert("passed".into(), passed.into());
    }
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

/// Every non-integer number in `value` rounded to 4 decimal places.
fn round_floats(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            let rounded = n.as_f64().map(|x| (x * 1e4).round() / 1e4);
            if let Some(number) = rounded.and_then(serde_json::Number::from_f64) {
                *n = number;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(round_floats),
        serde_json::Value::Object(map) => map.values_mut().for_each(round_floats),
        _ => {}
    }
}

/// What failed, for stderr: each threshold with the queries below it (worst first) and
/// each unmet expectation, with the first retrieved ids. Prints nothing when all passed.
pub fn verdict(out: &mut dyn Write, report: &EvalReport, verdict: &Verdict) -> io::Result<()> {
    for shortfall in &verdict.shortfalls {
        let metric = shortfall.threshold.metric;
        let label = metric.label(report.k);
        writeln!(
            out,
            "newsdex: mean {label} {:.3} is below the minimum {} (--min {}); queries below it, worst first:",
            shortfall.mean, shortfall.threshold.min, shortfall.threshold
        )?;
        for &i in &shortfall.queries {
            let query = &report.per_query[i];
            writeln!(
                out,
                "  {} {label} {:.3} ({}): {}",
                query.id,
                query.metrics.get(metric),
                query.query,
                first_retrieved(&query.retrieved)
            )?;
        }
    }
    for &i in &verdict.unmet {
        let query = &report.per_query[i];
        for unmet in &query.unmet {
            let what = match unmet {
                Unmet::First { id, rank } => {
                    format!("expected {id} first; {}", ranked(id, *rank))
                }
                Unmet::Top { n, outside } => {
                    let misses: Vec<String> =
                        outside.iter().map(|(id, rank)| ranked(id, *rank)).collect();
                    format!(
                        "expected every relevant story in the top {n}; {}",
                        misses.join(", ")
                    )
                }
            };
            writeln!(
                out,
                "newsdex: query {} ({}): {what}: {}",
                query.id,
                query.query,
                first_retrieved(&query.retrieved)
            )?;
        }
    }
    Ok(())
}

fn ranked(id: &str, rank: Option<usize>) -> String {
    match rank {
        Some(rank) => format!("{id} ranked {rank}"),
        None => format!("{id} was not retrieved"),
    }
}

fn first_retrieved(ids: &[String]) -> String {
    if ids.is_empty() {
        return "retrieved nothing".to_string();
    }
    let mut shown = ids[..ids.len().min(SHOWN_IDS)].join(", ");
    if ids.len() > SHOWN_IDS {
        shown.push_str(", …");
    }
    format!("retrieved {shown}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{evaluate_with, EvalOptions, Judgments, Ranked, Threshold};
    use std::path::Path;

    fn report() -> EvalReport {
        let judgments = Judgments::from_toml(
            r#"
[[query]]
id = "opec"
text = "opec output cuts"
relevant = ["a.txt"]

[[query]]
id = "typo"
text = "marathon recrod"
relevant = ["m.txt", "n.txt"]
expect_first = "m.txt"
expect_top = 2
"#,
            Path::new("j.toml"),
        )
        .unwrap();
        evaluate_with(&judgments, &EvalOptions::default(), |q| {
            let ids: &[&str] = if q.id == "opec" {
                &["a.txt", "b.txt"]
            } else {
                &["x.txt", "y.txt", "m.txt", "z.txt"]
            };
            Ok::<_, ()>(Ranked::in_order(ids))
        })
        .unwrap()
    }

    #[test]
    fn text_table_has_a_row_per_query_and_the_means() {
        let mut out = termcolor::NoColor::new(Vec::new());
        report_text(&mut out, &report()).unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner()).unwrap(),
            "\
query   p@10  recall@10    mrr  ndcg@10    map  success@1  text
opec   0.100      1.000  1.000    1.000  1.000      1.000  opec output cuts
typo   0.100      0.500  0.333    0.307  0.167      0.000  marathon recrod
mean   0.100      0.750  0.667    0.653  0.583      0.500  2 queries, k 10, depth 1000
"
        );
    }

    #[test]
    fn json_follows_the_contract() {
        let mut out = Vec::new();
        report_json(&mut out, &report(), false).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["passed"], false);
        assert_eq!(doc["per_query"][1]["metrics"]["mrr"], 0.3333);
        assert_eq!(doc["queries"], 2);
        assert_eq!(doc["k"], 10);
        assert_eq!(doc["depth"], 1000);
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        let metric_keys = ["map", "mrr", "ndcg@k", "p@k", "recall@k", "success@1"];
        assert_eq!(
            keys(&doc),
            ["depth", "k", "mean", "passed", "per_query", "queries"]
        );
        assert_eq!(keys(&doc["mean"]), metric_keys);
        let typo = &doc["per_query"][1];
        assert_eq!(keys(typo), ["id", "metrics", "query", "retrieved"]);
        assert_eq!(keys(&typo["metrics"]), metric_keys);
        assert_eq!(typo["id"], "typo");
        assert_eq!(typo["query"], "marathon recrod");
        assert_eq!(typo["metrics"]["mrr"], 0.3333);
        assert_eq!(
            typo["retrieved"],
            serde_json::json!(["x.txt", "y.txt", "m.txt", "z.txt"])
        );
    }

    #[test]
    fn verdict_lists_what_dragged_the_mean_down() {
        let report = report();
        let thresholds: Vec<Threshold> =
            vec!["mrr=0.9".parse().unwrap(), "map=0.5".parse().unwrap()];
        let mut out = Vec::new();
        verdict(&mut out, &report, &report.verdict(&thresholds)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\
newsdex: mean mrr 0.667 is below the minimum 0.9 (--min mrr=0.9); queries below it, worst first:
  typo mrr 0.333 (marathon recrod): retrieved x.txt, y.txt, m.txt, …
newsdex: query typo (marathon recrod): expected every relevant story in the top 2; m.txt ranked 3, n.txt was not retrieved: retrieved x.txt, y.txt, m.txt, …
newsdex: query typo (marathon recrod): expected m.txt first; m.txt ranked 3: retrieved x.txt, y.txt, m.txt, …
"
        );
    }
}
