//! The tie fixture shared by `tests/ranking.rs` and `tests/rank_segments.rs` (#12, #15): one
//! story under several names and dates, so every hit scores the same and only the order of
//! equal stories (newest first, then by id) tells them apart.

use newsdex::{NewsIndex, SearchRequest};

/// The tin story, published on `published` (`Some("2024-05-01")`) or undated (`None`).
pub fn tin_story(published: Option<&str>) -> String {
    let date = published.map_or(String::new(), |d| format!("published: {d}\n"));
    format!("---\ntitle: Tin Market Quiet\n{date}---\n\nTin traders waited for news.\n")
}

/// A temporary corpus holding `stories` as (path, text).
pub fn corpus_of(stories: &[(impl AsRef<str>, impl AsRef<str>)]) -> tempfile::TempDir {
    let corpus = tempfile::tempdir().unwrap();
    for (path, text) in stories {
        let path = corpus.path().join(path.as_ref());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text.as_ref()).unwrap();
    }
    corpus
}

/// The ids `request` returns, in order.
pub fn hit_ids(index: &NewsIndex, request: &SearchRequest) -> Vec<String> {
    let results = index.search(request).unwrap();
    results.hits.into_iter().map(|h| h.id).collect()
}

/// The scores `request` returns, in order.
pub fn hit_scores(index: &NewsIndex, request: &SearchRequest) -> Vec<f32> {
    let results = index.search(request).unwrap();
    results.hits.into_iter().map(|h| h.score).collect()
}
