//! Shared-corpus relevance check (issue 5): newsdex against SQLite FTS5's bm25() on the
//! Reuters-21578 stories in `../shared/corpora`, judged by the stories' own topic labels.
//!
//! For every topic carried by at least 20 stories, the query is the topic's name written
//! as words (`util::reuters::TOPIC_QUERIES`) and the relevant stories are those labelled with it in
//! `reuters-truth.jsonl`. Both engines see the same decoded stories under the same ids
//! and the same query words, and are scored by the same `newsdex::eval` code. The table
//! is printed (`cargo test --test reuters -- --nocapture`); the test fails if newsdex
//! ranks worse than FTS5. Skips, saying why, when the shared corpora are absent.

mod util;

use std::path::Path;

use newsdex::corpus::{self, Entry};
use newsdex::eval::{self, EvalOptions, EvalReport, JudgedQuery, Judgments, Ranked};
use newsdex::NewsIndex;
use util::reuters::{reuters, topics_and_qrels, MIN_STORIES};

/// Every story in FTS5 with the same id and decoded text newsdex indexes: the first line
/// as `title`, the rest as `body`, Porter-stemmed like newsdex.
fn fts5_index(stories: &Path) -> rusqlite::Connection {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch(
        "CREATE VIRTUAL TABLE stories USING fts5(
             id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2');
         BEGIN;",
    )
    .unwrap();
    {
        let mut insert = db
            .prepare("INSERT INTO stories (id, title, body) VALUES (?1, ?2, ?3)")
            .unwrap();
        for entry in corpus::scan(stories).unwrap() {
            if let Entry::Story(source) = entry {
                let text = source.text.trim_start();
                let (title, body) = text.split_once('\n').unwrap_or((text, ""));
                insert.execute((&source.id, title, body)).unwrap();
            }
        }
    }
    db.execute_batch("COMMIT;").unwrap();
    db
}

/// FTS5's ranking for a query: its words quoted (so none is read as syntax), joined by
/// implicit AND or by OR, ordered by bm25() (lower is better).
fn fts5_rank(
    db: &rusqlite::Connection,
    query: &JudgedQuery,
    any: bool,
    depth: usize,
) -> Vec<Ranked> {
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    let expression = words.join(if any { " OR " } else { " " });
    let mut statement = db
        .prepare_cached(
            "SELECT id, bm25(stories) FROM stories WHERE stories MATCH ?1
             ORDER BY bm25(stories) LIMIT ?2",
        )
        .unwrap();
    statement
        .query_map((expression, depth as i64), |row| {
            Ok(Ranked {
                id: row.get(0)?,
                score: -row.get::<_, f64>(1)? as f32,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn row(name: &str, report: &EvalReport) -> String {
    format!(
        "{name:<24} {:>6.3} {:>6.3} {:>8.3}",
        report.mean.map, report.mean.precision, report.mean.ndcg
    )
}

#[test]
fn newsdex_outranks_fts5_bm25_on_reuters_topics() {
    let Some(reuters) = reuters() else { return };
    let (topics, qrels) = topics_and_qrels(&reuters.truth);
    let judgments = Judgments::from_trec(
        &topics,
        Path::new("reuters topics"),
        &qrels,
        Path::new("reuters qrels"),
    )
    .unwrap();

    let index_dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let summary = newsdex::indexer::build(
        &reuters.stories,
        index_dir.path(),
        &Default::default(),
        |_, _| {},
    )
    .unwrap();
    let index = NewsIndex::open(index_dir.path()).unwrap();
    let db = fts5_index(&reuters.stories);

    let all_words = EvalOptions::default();
    let any_word = EvalOptions {
        match_all: false,
        ..EvalOptions::default()
    };
    let newsdex_all = eval::evaluate(&index, &judgments, &all_words).unwrap();
    let newsdex_any = eval::evaluate(&index, &judgments, &any_word).unwrap();
    let fts5 = |any: bool| {
        eval::evaluate_with(&judgments, &all_words, |q| {
            Ok::<_, ()>(fts5_rank(&db, q, any, all_words.depth))
        })
        .unwrap()
    };
    let (fts5_all, fts5_any) = (fts5(false), fts5(true));

    println!(
        "\nReuters-21578: {} stories, {} topics with >= {MIN_STORIES} stories, depth {}",
        summary.indexed, newsdex_all.queries, all_words.depth
    );
    println!(
        "{:<24} {:>6} {:>6} {:>8}",
        "engine", "MAP", "P@10", "nDCG@10"
    );
    println!("{}", row("newsdex (all words)", &newsdex_all));
    println!("{}", row("FTS5 bm25 (all words)", &fts5_all));
    println!("{}", row("newsdex (any word)", &newsdex_any));
    println!("{}", row("FTS5 bm25 (any word)", &fts5_any));
    println!("\nper topic: newsdex / FTS5");
    println!(
        "{:<13} {:<28} {:>13}  {:>13}  {:>13}  {:>13}",
        "topic", "query", "AP all", "AP any", "nDCG@10 all", "nDCG@10 any"
    );
    for (i, topic) in newsdex_all.per_query.iter().enumerate() {
        let pair = |ours: &EvalReport, theirs: &EvalReport, metric: fn(&eval::Metrics) -> f64| {
            format!(
                "{:.3} / {:.3}",
                metric(&ours.per_query[i].metrics),
                metric(&theirs.per_query[i].metrics)
            )
        };
        println!(
            "{:<13} {:<28} {:>13}  {:>13}  {:>13}  {:>13}",
            topic.id,
            topic.query,
            pair(&newsdex_all, &fts5_all, |m| m.map),
            pair(&newsdex_any, &fts5_any, |m| m.map),
            pair(&newsdex_all, &fts5_all, |m| m.ndcg),
            pair(&newsdex_any, &fts5_any, |m| m.ndcg),
        );
    }

    // The default mode (every word required) must beat FTS5. With --any newsdex ranks
    // below FTS5 today (MAP 0.510 vs 0.531): a headline holding one common query word
    // (`national` for "gross national product") outweighs a body holding all of them,
    // because the x3 headline boost applies per word and nothing rewards matching more
    // words. That is printed above, not asserted, until `--any` ranking changes.
    assert!(
        newsdex_all.mean.map > fts5_all.mean.map
            && newsdex_all.mean.precision > fts5_all.mean.precision
            && newsdex_all.mean.ndcg > fts5_all.mean.ndcg,
        "newsdex ranks below FTS5 bm25 with every word required: MAP {:.3} vs {:.3}, \
         P@10 {:.3} vs {:.3}, nDCG@10 {:.3} vs {:.3}",
        newsdex_all.mean.map,
        fts5_all.mean.map,
        newsdex_all.mean.precision,
        fts5_all.mean.precision,
        newsdex_all.mean.ndcg,
        fts5_all.mean.ndcg
    );
}
