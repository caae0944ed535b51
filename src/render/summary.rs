//! What `newsdex index` did, for people (one line on stderr) and for scripts (one JSON
//! object on stdout).
//!
//! ## Wire format of `index --format json`
//! `{"type":"summary","corpus","index","added","updated","removed","unchanged","skipped",
//! "skipped_by_reason":{"LABEL":N,...},"stories","failures":[{"path","reason"}],"seconds"}`.
//! `added`, `updated`, `removed`, `unchanged` and `skipped` count files; `stories` counts
//! the stories written by this run. Fields are added, never renamed.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::indexer::IndexSummary;

/// `added A, updated U, removed R, unchanged N, skipped S in T s`.
pub fn text(out: &mut dyn Write, summary: &IndexSummary) -> io::Result<()> {
    writeln!(
        out,
        "added {}, updated {}, removed {}, unchanged {}, skipped {} in {:.2} s",
        summary.added,
        summary.updated,
        summary.removed,
        summary.unchanged,
        summary.skipped_total(),
        summary.elapsed.as_secs_f64()
    )
}

/// The summary as the JSON contract spells it.
#[derive(Debug, Serialize)]
struct JsonSummary<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    corpus: String,
    index: String,
    added: usize,
    updated: usize,
    removed: usize,
    unchanged: usize,
    skipped: usize,
    skipped_by_reason: &'a BTreeMap<&'static str, usize>,
    stories: usize,
    failures: Vec<JsonFailure<'a>>,
    seconds: f64,
}

#[derive(Debug, Serialize)]
struct JsonFailure<'a> {
    path: &'a str,
    reason: &'a str,
}

/// One JSON object on one line.
pub fn json(out: &mut dyn Write, summary: &IndexSummary) -> io::Result<()> {
    let object = JsonSummary {
        kind: "summary",
        corpus: summary.corpus.display().to_string(),
        index: summary.index.display().to_string(),
        added: summary.added,
        updated: summary.updated,
        removed: summary.removed,
        unchanged: summary.unchanged,
        skipped: summary.skipped_total(),
        skipped_by_reason: &summary.skipped,
        stories: summary.indexed,
        failures: summary
            .failures
            .iter()
            .map(|(path, reason)| JsonFailure { path, reason })
            .collect(),
        seconds: (summary.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
    };
    serde_json::to_writer(&mut *out, &object)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn summary() -> IndexSummary {
        let mut summary = IndexSummary {
            corpus: "corpus".into(),
            index: "index".into(),
            added: 3,
            updated: 1,
            removed: 2,
            unchanged: 40,
            indexed: 4,
            elapsed: Duration::from_millis(1234),
            ..IndexSummary::default()
        };
        summary.skipped.insert("unreadable", 1);
        summary.skipped.insert("not text", 2);
        summary.failures.push((
            "corpus/a.txt".into(),
            "unreadable: Permission denied".into(),
        ));
        summary
    }

    #[test]
    fn text_is_one_line_of_counts() {
        let mut out = Vec::new();
        text(&mut out, &summary()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "added 3, updated 1, removed 2, unchanged 40, skipped 3 in 1.23 s\n"
        );
    }

    #[test]
    fn json_follows_the_wire_format() {
        let mut out = Vec::new();
        json(&mut out, &summary()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            concat!(
                r#"{"type":"summary","corpus":"corpus","index":"index","added":3,"updated":1,"#,
                r#""removed":2,"unchanged":40,"skipped":3,"skipped_by_reason":{"not text":2,"#,
                r#""unreadable":1},"stories":4,"failures":[{"path":"corpus/a.txt","#,
                r#""reason":"unreadable: Permission denied"}],"seconds":1.234}"#,
                "\n"
            )
        );
    }
}
