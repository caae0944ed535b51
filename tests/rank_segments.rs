//! Equal stories keep one order however the index is split into segments (issue 15: ids are
//! read only when equal stories come from different segments).

mod util;

use newsdex::indexer::{IndexOptions, OnSkip};
use newsdex::{NewsIndex, SearchRequest};
use util::ties::{corpus_of, hit_ids as ids, hit_scores, tin_story};

/// An index of `stories`, committed after every file, so each story is its own segment.
fn one_segment_per_story(stories: &[(&str, &str)]) -> (tempfile::TempDir, NewsIndex) {
    let corpus = corpus_of(stories);
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

#[test]
fn equal_stories_from_different_segments_rank_by_id() {
    let (may, january) = (tin_story(Some("2024-05-01")), tin_story(Some("2025-01-01")));
    let (dir, index) = one_segment_per_story(&[
        ("e.md", &may),
        ("c.md", &may),
        ("b.md", &january),
        ("a.md", &may),
        ("d.md", &tin_story(None)),
        ("f/g.md", &may),
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
    let scores = hit_scores(&index, &request);
    assert!(scores.windows(2).all(|w| w[0] == w[1]), "{scores:?}");
    assert_eq!(
        ids(&index, &request),
        ["b.md", "a.md", "c.md", "e.md", "f/g.md", "d.md"]
    );
    let mut page = SearchRequest::new("tin").limit(3);
    page.offset = 2;
    assert_eq!(ids(&index, &page), ["c.md", "e.md", "f/g.md"]);
}
