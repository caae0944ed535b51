//! Ranking behaviour (issue 12): ties in a fixed order, `--expand` finding stories that
//! share the top stories' words but not the query's.

mod util;

use std::path::Path;

use newsdex::{NewsIndex, SearchRequest};
use util::ties::{corpus_of, hit_ids as ids, hit_scores, tin_story};

fn index_of(stories: &[(&str, &str)]) -> (tempfile::TempDir, NewsIndex) {
    let corpus = corpus_of(stories);
    let dir = tempfile::tempdir().unwrap();
    newsdex::indexer::build(corpus.path(), dir.path(), &Default::default(), |_, _| {}).unwrap();
    let index = NewsIndex::open(dir.path()).unwrap();
    drop(corpus);
    (dir, index)
}

#[test]
fn equal_scores_rank_newest_first_then_by_id() {
    let (may, january) = (tin_story(Some("2024-05-01")), tin_story(Some("2025-01-01")));
    let (_dir, index) = index_of(&[
        ("c.md", &may),
        ("b.md", &january),
        ("a.md", &may),
        ("d.md", &tin_story(None)),
    ]);
    let request = SearchRequest::new("tin");
    let scores = hit_scores(&index, &request);
    assert!(scores.windows(2).all(|w| w[0] == w[1]), "{scores:?}");
    assert_eq!(ids(&index, &request), ["b.md", "a.md", "c.md", "d.md"]);
    // Pages cut the same order.
    let mut second = SearchRequest::new("tin").limit(2);
    second.offset = 2;
    assert_eq!(ids(&index, &second), ["c.md", "d.md"]);
}

#[test]
fn expand_finds_stories_without_the_query_word() {
    let earnings = |n: u32| {
        format!(
            "Acme Earnings Rise\n\nNEW YORK - Acme said quarterly earnings rose. Shr {n} cts vs \
             {} cts. Net {n} mln vs {} mln. Revs up.\n",
            n - 1,
            n + 2
        )
    };
    let report = "Beta Corp Results\n\nCHICAGO - Shr 12 cts vs 10 cts. Net 9 mln vs 7 mln. \
                  Revs 50 mln.\n";
    let other = "Rain in Spain\n\nMADRID - Rain fell on the plain. Farmers were glad.\n";
    let (_dir, index) = index_of(&[
        ("e1.txt", earnings(20).as_str()),
        ("e2.txt", earnings(30).as_str()),
        ("e3.txt", earnings(40).as_str()),
        ("report.txt", report),
        ("rain.txt", other),
    ]);
    let plain = SearchRequest::new("earnings");
    assert!(!ids(&index, &plain).contains(&"report.txt".to_string()));
    let mut expanded = SearchRequest::new("earnings");
    expanded.expand = true;
    let results = index.search(&expanded).unwrap();
    let found: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(found[3], "report.txt");
    assert!(
        results.expanded.contains(&"shr".to_string()),
        "{:?}",
        results.expanded
    );
    assert!(!Path::new(&found[3]).is_absolute());
}

/// Without `--expand`, the top stories' words re-score only the first ranking's best
/// `rerank_depth` stories: they change places among themselves, the rest keep their first
/// order behind them, and scores still fall down the list.
#[test]
fn reordering_re_scores_only_the_first_rankings_best() {
    // Ten strong stories, half about a smelter strike (one "copper" fewer), then thirty
    // that mention copper once.
    let strong = |i: usize| {
        let (copper, strike) = match i % 2 {
            0 => ("Copper copper copper copper.", ""),
            _ => ("Copper copper copper.", " Smelter strike in Chile."),
        };
        format!("Copper Report {i}\n\n{copper}{strike}\n")
    };
    let weak = |i: usize| {
        format!("Metals Digest {i}\n\nZinc and tin were steady; copper was mentioned.\n")
    };
    let texts: Vec<(String, String)> = (0..10)
        .map(|i| (format!("strong{i:02}.txt"), strong(i)))
        .chain((0..30).map(|i| (format!("weak{i:02}.txt"), weak(i))))
        .collect();
    let stories: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (_dir, index) = index_of(&stories);
    let ranking = |depth: usize, rerank: f32| {
        let mut request = SearchRequest::new("copper").limit(40);
        request.rank.rerank = rerank;
        request.rank.rerank_depth = depth;
        (ids(&index, &request), hit_scores(&index, &request))
    };
    let (first, _) = ranking(1000, 0.0);
    let (all, _) = ranking(1000, 0.075);
    let (shallow, scores) = ranking(8, 0.075);
    let strike = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter(|id| {
                let i: usize = id[6..8].parse().unwrap_or(0);
                id.starts_with("strong") && i % 2 == 1
            })
            .cloned()
            .collect()
    };
    // First ranking: the five with four "copper" lead; re-scoring everything lifts the
    // strike stories (their words fill the top ten) above them.
    assert_eq!(strike(&first[..5]), Vec::<String>::new(), "{first:?}");
    assert_eq!(strike(&all[..5]).len(), 5, "{all:?}");
    // Re-scoring the best 8: the three strike stories among them move up, the two
    // outside stay where the first ranking put them.
    assert_eq!(strike(&shallow[..3]).len(), 3, "{shallow:?}");
    let mut best = shallow[..8].to_vec();
    let mut first_best = first[..8].to_vec();
    best.sort();
    first_best.sort();
    assert_eq!(best, first_best);
    assert_eq!(shallow[8..], first[8..]);
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}
