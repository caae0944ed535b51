//! TREC run files, the input of `trec_eval`: `qid Q0 docid rank score newsdex`, one line
//! per retrieved story, best first.
//!
//! `trec_eval` ignores the rank column and re-sorts by score, breaking ties by docid, so
//! the scores written here strictly decrease down each query's list: the file's order is
//! always newsdex's ranking, even where BM25 scores tie.

use std::io::{self, Write};

use crate::eval::EvalReport;
use crate::search::SearchResults;

/// The run tag in the last column.
pub const RUN_TAG: &str = "newsdex";

/// The query id `query --format trec` writes for its single query.
pub const SINGLE_QUERY_ID: &str = "1";

/// Score steps are millionths: the precision written.
const SCALE: f64 = 1_000_000.0;

/// `query --format trec`: the hits as a run for query [`SINGLE_QUERY_ID`].
pub fn search_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let ranking: Vec<(&str, f32)> = results
        .hits
        .iter()
        .map(|hit| (hit.id.as_str(), hit.score))
        .collect();
    let first_rank = results.hits.first().map_or(1, |hit| hit.rank);
    run_lines(out, SINGLE_QUERY_ID, first_rank, &ranking)
}

/// `eval --run FILE`: every query's retrieved stories.
pub fn report_run(out: &mut dyn Write, report: &EvalReport) -> io::Result<()> {
    for query in &report.per_query {
        let ranking: Vec<(&str, f32)> = query
            .retrieved
            .iter()
            .map(String::as_str)
            .zip(query.scores.iter().copied())
            .collect();
        run_lines(out, &query.id, 1, &ranking)?;
    }
    Ok(())
}

/// One query's ranking, ranks counted from `first_rank`, scores forced strictly down.
pub fn run_lines(
    out: &mut dyn Write,
    qid: &str,
    first_rank: usize,
    ranking: &[(&str, f32)],
) -> io::Result<()> {
    check_token("query id", qid)?;
    let scores = strictly_decreasing(ranking.iter().map(|(_, score)| *score));
    for (i, ((id, _), micros)) in ranking.iter().zip(scores).enumerate() {
        check_token("story id", id)?;
        let score = micros as f64 / SCALE;
        writeln!(out, "{qid} Q0 {id} {} {score:.6} {RUN_TAG}", first_rank + i)?;
    }
    Ok(())
}

/// Scores in millionths, each at least one step below the one before.
fn strictly_decreasing(scores: impl Iterator<Item = f32>) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for score in scores {
        let micros = (f64::from(score) * SCALE).round() as i64;
        let micros = match out.last() {
            Some(previous) => micros.min(previous - 1),
            None => micros,
        };
        out.push(micros);
    }
    out
}

/// The format is whitespace-separated, so a token with whitespace would shift columns.
fn check_token(what: &str, token: &str) -> io::Result<()> {
    if token.is_empty() || token.contains(char::is_whitespace) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{what} '{token}' is empty or has whitespace, which a TREC run file cannot hold: rename it"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(ranking: &[(&str, f32)]) -> String {
        let mut out = Vec::new();
        run_lines(&mut out, "q1", 1, ranking).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_the_six_columns() {
        assert_eq!(
            render(&[("world/a.txt", 7.25), ("world/b.txt", 3.5)]),
            "q1 Q0 world/a.txt 1 7.250000 newsdex\nq1 Q0 world/b.txt 2 3.500000 newsdex\n"
        );
    }

    #[test]
    fn tied_scores_still_strictly_decrease_in_rank_order() {
        // trec_eval would put z.txt before a.txt on a tie (docid descending); the nudged
        // scores keep newsdex's order.
        assert_eq!(
            render(&[
                ("a.txt", 2.0),
                ("z.txt", 2.0),
                ("m.txt", 2.0),
                ("b.txt", 1.0)
            ]),
            "q1 Q0 a.txt 1 2.000000 newsdex\n\
             q1 Q0 z.txt 2 1.999999 newsdex\n\
             q1 Q0 m.txt 3 1.999998 newsdex\n\
             q1 Q0 b.txt 4 1.000000 newsdex\n"
        );
        // Scores closer than the printed precision are pushed apart too.
        assert_eq!(
            strictly_decreasing([1.000_000_2f32, 1.0, 0.999_999_9].into_iter()),
            [1_000_000, 999_999, 999_998]
        );
    }

    #[test]
    fn whitespace_in_an_id_is_an_error() {
        let mut out = Vec::new();
        let err = run_lines(&mut out, "q1", 1, &[("my story.txt", 1.0)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "story id 'my story.txt' is empty or has whitespace, which a TREC run file cannot hold: rename it"
        );
    }
}
