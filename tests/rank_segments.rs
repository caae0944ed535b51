//! Equal stories keep one order however the index is split into segments (issue 15: ids are
//! read only when equal stories come from different segments).

use newsdex::indexer::{IndexOptions, OnSkip};
use newsdex::{NewsIndex, SearchRequest};

/// An index of `stories`, committed after every file, so each story is its own segment.
fn one_segment_per_story(stories: &[(&str, &str)]) -> (tempfile::TempDir, NewsIndex) {
    let corpus = tempfile::tempdir().unwrap();
    for (path, text) in stories {
        let path = corpus.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let options = IndexOptions {
        rebuild: true,
        threads: Some(1),
        commit_every: 1,
        ..IndexOptions::default()
    };
    newsdex::indexer::run(corpus.path(), dir.path(), &options, &mut OnSkip(|_, _| {})).unwrap();
    let index = NewsIndex::open(dir.path()).unwrap();
    (dir, index)
}

fn ids(index: &NewsIndex, request: &SearchRequest) -> Vec<String> {
    let results = index.search(request).unwrap();
    results.hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn equal_stories_from_different_segments_rank_by_id() {
    let story = |date: &str| {
        format!("---\ntitle: Tin Market Quiet\n{date}---\n\nTin traders waited for news.\n")
    };
    let (dir, index) = one_segment_per_story(&[
        ("e.md", story("published: 2024-05-01\n").as_str()),
        ("c.md", story("published: 2024-05-01\n").as_str()),
        ("b.md", story("published: 2025-01-01\n").as_str()),
        ("a.md", story("published: 2024-05-01\n").as_str()),
        ("d.md", story("").as_str()),
        ("f/g.md", story("published: 2024-05-01\n").as_str()),
    ]);
    let segments = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".store")
        })
        .count();
    assert!(segments >= 2, "{segments} segment(s)");
    let request = SearchRequest::new("tin");
    let scores: Vec<f32> = index
        .search(&request)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.score)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] == w[1]), "{scores:?}");
    assert_eq!(
        ids(&index, &request),
        ["b.md", "a.md", "c.md", "e.md", "f/g.md", "d.md"]
    );
    let mut page = SearchRequest::new("tin").limit(3);
    page.offset = 2;
    assert_eq!(ids(&index, &page), ["c.md", "e.md", "f/g.md"]);
}
