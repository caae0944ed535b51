//! Ranking behaviour (issue 12): ties in a fixed order, `--expand` finding stories that
//! share the top stories' words but not the query's.

use std::path::Path;

use newsdex::{NewsIndex, SearchRequest};

fn index_of(stories: &[(&str, &str)]) -> (tempfile::TempDir, NewsIndex) {
    let corpus = tempfile::tempdir().unwrap();
    for (path, text) in stories {
        let path = corpus.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    newsdex::indexer::build(corpus.path(), dir.path(), &Default::default(), |_, _| {}).unwrap();
    let index = NewsIndex::open(dir.path()).unwrap();
    drop(corpus);
    (dir, index)
}

fn ids(index: &NewsIndex, request: &SearchRequest) -> Vec<String> {
    index
        .search(request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn equal_scores_rank_newest_first_then_by_id() {
    let story = |date: &str| {
        format!("---\ntitle: Tin Market Quiet\n{date}---\n\nTin traders waited for news.\n")
    };
    let (_dir, index) = index_of(&[
        ("c.md", story("published: 2024-05-01\n").as_str()),
        ("b.md", story("published: 2025-01-01\n").as_str()),
        ("a.md", story("published: 2024-05-01\n").as_str()),
        ("d.md", story("").as_str()),
    ]);
    let request = SearchRequest::new("tin");
    let scores: Vec<f32> = index
        .search(&request)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.score)
        .collect();
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
