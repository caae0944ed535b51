//! TREC run files, the input of `trec_eval`: `qid Q0 docid rank score newsdex`, one line
//! per retrieved story, best first.
//!
//! `trec_eval` ignores the rank column and re-sorts by score, breaking ties by docid, so
//! the scores written here strictly decrease down each query's list: the file's order is
//! always newsdex's ranking, even where BM25 scores tie. `trec_eval` keeps scores as
//! 32-bit floats, so a tied score is stepped down to the next lower `f32` (not by a
//! decimal amount that could round back into a tie) and written in the shortest form that
//! reads back as exactly that `f32`.

use std::io::{self, Write};

use crate::eval::EvalReport;
use crate::search::SearchResults;

/// The run tag in the last column.
pub const RUN_TAG: &str = "newsdex";

/// The query id `query --format trec` writes for its single query.
pub const SINGLE_QUERY_ID: &str = "1";

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
    for (i, ((id, _), score)) in ranking.iter().zip(scores).enumerate() {
        check_token("story id", id)?;
        writeln!(out, "{qid} Q0 {id} {} {score} {RUN_TAG}", first_rank + i)?;
    }
    Ok(())
}

/// The scores, each lowered where needed to the next `f32` below the one before.
fn strictly_decreasing(scores: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut out: Vec<f32> = Vec::new();
    for score in scores {
        let score = match out.last() {
            Some(previous) if score >= *previous => previous.next_down(),
            _ => score,
        };
        out.push(score);
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
            "q1 Q0 world/a.txt 1 7.25 newsdex\nq1 Q0 world/b.txt 2 3.5 newsdex\n"
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
            "q1 Q0 a.txt 1 2 newsdex\n\
             q1 Q0 z.txt 2 1.9999999 newsdex\n\
             q1 Q0 m.txt 3 1.9999998 newsdex\n\
             q1 Q0 b.txt 4 1 newsdex\n"
        );
        // Every written score reads back as a distinct f32, as trec_eval stores it, even
        // where the scores differ by less than any fixed number of decimals would show.
        let scores = [26.889_725_f32, 26.889_725, 26.889_724, 1e-30, 1e-30];
        let written = strictly_decreasing(scores.into_iter());
        let read_back: Vec<f32> = written
            .iter()
            .map(|s| s.to_string().parse().unwrap())
            .collect();
        assert!(read_back.windows(2).all(|w| w[0] > w[1]), "{read_back:?}");
        assert_eq!(read_back, written);
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
