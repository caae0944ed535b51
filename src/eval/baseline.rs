//! The saved baseline of `newsdex eval --save`: an [`EvalReport`] kept as versioned JSON,
//! so a later run can be compared with it ([`EvalReport::compare`]).
//!
//! Reads and writes one file; knows nothing of indexes, searching or statistics.
//!
//! # Format (version 1)
//!
//! One JSON object, pretty-printed so a committed baseline diffs line by line:
//!
//! ```json
//! {
//!   "format": "newsdex-eval-baseline",
//!   "version": 1,
//!   "newsdex": "0.1.0",
//!   "k": 10,
//!   "depth": 1000,
//!   "match_all": true,
//!   "queries": 37,
//!   "mean": {"p@k": 0.14, "recall@k": 0.99, "mrr": 1.0, "ndcg@k": 0.99, "map": 0.99, "success@1": 1.0},
//!   "per_query": [
//!     {"id": "word-copper", "query": "copper",
//!      "judged": {"business/2025/09/12/copper-prices-slide.txt": 1},
//!      "metrics": {...same keys as mean},
//!      "retrieved": ["business/2025/09/12/copper-prices-slide.txt", "..."]}
//!   ]
//! }
//! ```
//!
//! - `format` and `version` identify the file; a reader refuses a newer version.
//! - `newsdex` is the version that wrote it (information only).
//! - `k`, `depth` and `match_all` are the options of the run (`-k`, `--depth`, `--any`).
//! - `per_query` holds, in judgments order, each query's id and text, the judged stories
//!   with their grades (to notice judgments that changed since), its metrics and the
//!   retrieved story ids, best first, up to the depth.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{EvalReport, Metrics, QueryReport};

/// The `format` of a baseline file.
pub const FORMAT: &str = "newsdex-eval-baseline";
/// The newest baseline version this newsdex reads and the one it writes.
pub const VERSION: u32 = 1;

/// A saved evaluation run (see the [module docs](self) for the file format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version, [`VERSION`] when written by this newsdex.
    pub version: u32,
    /// The newsdex version that saved it.
    pub newsdex: String,
    /// The cutoff of p@k, recall@k and nDCG@k.
    pub k: usize,
    /// Stories retrieved per query.
    pub depth: usize,
    /// Whether every query word was required.
    pub match_all: bool,
    /// How many queries.
    pub queries: usize,
    /// Means over every query.
    pub mean: Metrics,
    /// Each query, in judgments order.
    pub per_query: Vec<BaselineQuery>,
}

/// One query of a [`Baseline`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineQuery {
    /// Query id.
    pub id: String,
    /// Query text.
    pub query: String,
    /// Judged story ids and their grades.
    pub judged: BTreeMap<String, u32>,
    /// Its metrics.
    pub metrics: Metrics,
    /// Retrieved story ids, best first.
    pub retrieved: Vec<String>,
}

/// A baseline file that cannot be read or written.
#[derive(Debug, Error)]
pub enum BaselineError {
    /// The file could not be read.
    #[error("{}: cannot read the baseline ({cause}): save one first with `newsdex eval JUDGMENTS --save {}`", path.display(), path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The underlying error (part of the message, so not a `source`).
        cause: std::io::Error,
    },
    /// The file could not be written.
    #[error("{}: cannot write the baseline ({cause}): check the folder exists and is writable", path.display())]
    Unwritable {
        /// The file.
        path: PathBuf,
        /// The underlying error (part of the message, so not a `source`).
        cause: std::io::Error,
    },
    /// The file is not a baseline newsdex can read.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, and how to fix it.
        message: String,
    },
}

impl Baseline {
    /// The baseline of `report`.
    pub fn from_report(report: &EvalReport) -> Baseline {
        Baseline {
            format: FORMAT.to_string(),
            version: VERSION,
            newsdex: env!("CARGO_PKG_VERSION").to_string(),
            k: report.k,
            depth: report.depth,
            match_all: report.match_all,
            queries: report.queries,
            mean: report.mean,
            per_query: report
                .per_query
                .iter()
                .map(|q| BaselineQuery {
                    id: q.id.clone(),
                    query: q.query.clone(),
                    judged: q.judged.clone(),
                    metrics: q.metrics,
                    retrieved: q.retrieved.clone(),
                })
                .collect(),
        }
    }

    /// The report the baseline was saved from (without scores and expectations).
    pub fn report(&self) -> EvalReport {
        EvalReport {
            queries: self.per_query.len(),
            k: self.k,
            depth: self.depth,
            mean: Metrics::mean(self.per_query.iter().map(|q| &q.metrics)),
            per_query: self
                .per_query
                .iter()
                .map(|q| QueryReport {
                    id: q.id.clone(),
                    query: q.query.clone(),
                    metrics: q.metrics,
                    retrieved: q.retrieved.clone(),
                    scores: Vec::new(),
                    unmet: Vec::new(),
                    judged: q.judged.clone(),
                })
                .collect(),
            match_all: self.match_all,
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|cause| BaselineError::Unreadable {
            path: path.to_path_buf(),
            cause,
        })?;
        Baseline::from_json(&text, path)
    }

    /// Parses a baseline; `path` is only for messages.
    pub fn from_json(text: &str, path: &Path) -> Result<Baseline, BaselineError> {
        let invalid = |message: String| BaselineError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        // The header first, so a newer version is named rather than failing on its fields.
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            version: Option<u32>,
        }
        let header: Header = serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "not a baseline ({e}): save one with `newsdex eval JUDGMENTS --save FILE`"
            ))
        })?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(invalid(format!(
                "not a baseline (\"format\" is not \"{FORMAT}\"): save one with `newsdex eval JUDGMENTS --save FILE`"
            )));
        }
        match header.version {
            Some(VERSION) => {}
            Some(version) if version > VERSION => {
                return Err(invalid(format!(
                    "baseline version {version} was written by a newer newsdex; this one reads version {VERSION}: upgrade, or save the baseline again"
                )))
            }
            _ => return Err(invalid("baseline has no valid \"version\"".to_string())),
        }
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "damaged baseline ({e}): save it again with `newsdex eval JUDGMENTS --save FILE`"
            ))
        })?;
        if baseline.queries != baseline.per_query.len() {
            return Err(invalid(format!(
                "damaged baseline: \"queries\" is {} but \"per_query\" holds {}",
                baseline.queries,
                baseline.per_query.len()
            )));
        }
        Ok(baseline)
    }

    /// The baseline as pretty-printed JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        // Serializing plain strings, numbers and maps with string keys cannot fail.
        let mut text = serde_json::to_string_pretty(self).expect("a baseline serializes");
        text.push('\n');
        text
    }

    /// Writes the baseline to `path`, replacing the file.
    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        std::fs::write(path, self.to_json()).map_err(|cause| BaselineError::Unwritable {
            path: path.to_path_buf(),
            cause,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline() -> Baseline {
        let metrics = Metrics {
            precision: 0.1,
            recall: 1.0,
            mrr: 1.0,
            ndcg: 1.0,
            map: 1.0,
            success_at_1: 1.0,
        };
        Baseline {
            format: FORMAT.into(),
            version: VERSION,
            newsdex: "0.1.0".into(),
            k: 10,
            depth: 1000,
            match_all: true,
            queries: 1,
            mean: metrics,
            per_query: vec![BaselineQuery {
                id: "opec".into(),
                query: "opec output cuts".into(),
                judged: [("a.txt".to_string(), 2)].into_iter().collect(),
                metrics,
                retrieved: vec!["a.txt".into(), "b.txt".into()],
            }],
        }
    }

    #[test]
    fn round_trips_through_json() {
        let baseline = baseline();
        let text = baseline.to_json();
        assert!(
            text.starts_with("{\n  \"format\": \"newsdex-eval-baseline\",\n  \"version\": 1,\n")
        );
        assert_eq!(
            Baseline::from_json(&text, Path::new("b.json")).unwrap(),
            baseline
        );
        let report = baseline.report();
        assert_eq!(Baseline::from_report(&report), baseline);
    }

    #[test]
    fn refuses_other_files_and_newer_versions() {
        let error = |text: &str| {
            Baseline::from_json(text, Path::new("b.json"))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error(r#"{"queries": 3}"#),
            "b.json: not a baseline (\"format\" is not \"newsdex-eval-baseline\"): save one with `newsdex eval JUDGMENTS --save FILE`"
        );
        assert_eq!(
            error(r#"{"format": "newsdex-eval-baseline", "version": 2}"#),
            "b.json: baseline version 2 was written by a newer newsdex; this one reads version 1: upgrade, or save the baseline again"
        );
        assert!(error("[1, 2").starts_with("b.json: not a baseline ("));
        let mut text = baseline().to_json();
        text = text.replace("\"queries\": 1", "\"queries\": 2");
        assert_eq!(
            error(&text),
            "b.json: damaged baseline: \"queries\" is 2 but \"per_query\" holds 1"
        );
    }
}
