//! `--explain`: a hit's score broken down into what each field and term contributed.
//!
//! Each positive leaf of the query is scored again on its own for each field it searches
//! (tantivy's `Query::explain`), so the parts name the field and the text, e.g.
//! `title:opec 6.12`, and add up to the hit's score for plain word queries.

use serde::Serialize;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Searcher};

/// What one field and term contributed to a hit's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorePart {
    /// `field:text` as searched (`title:opec`, `body:"trade deficit"`, `body:summit~1`).
    pub clause: String,
    /// The contribution, field boost included.
    pub score: f32,
}

/// The parts of `query`'s score for the document at `address`, largest first.
pub fn explain(
    searcher: &Searcher,
    _query: &dyn Query,
    parts: &[(String, Box<dyn Query>)],
    address: DocAddress,
) -> Vec<ScorePart> {
    let mut out: Vec<ScorePart> = parts
        .iter()
        .filter(|(_, query)| matches(searcher, &**query, address))
        .filter_map(|(clause, query)| {
            let explanation = query.explain(searcher, address).ok()?;
            let score = explanation.value();
            (score > 0.0).then(|| ScorePart {
                clause: clause.clone(),
                score,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.clause.cmp(&b.clause)));
    out
}

/// Whether `query` matches the document at `address`, found by only moving forward.
///
/// Asked first because tantivy's phrase `explain` seeks its scorer to the document
/// without looking where the scorer starts: a phrase whose first match in the segment
/// comes after the document (or that matches nothing there, as `"oil oil"` from
/// `oil'oil`) seeks backwards, which trips a debug assertion (#13).
fn matches(searcher: &Searcher, query: &dyn Query, address: DocAddress) -> bool {
    let segment = searcher.segment_reader(address.segment_ord);
    let Ok(weight) = query.weight(EnableScoring::enabled_from_searcher(searcher)) else {
        return false;
    };
    let Ok(mut scorer) = weight.scorer(segment, 1.0) else {
        return false;
    };
    if scorer.doc() < address.doc_id {
        scorer.seek(address.doc_id);
    }
    scorer.doc() == address.doc_id
}
