//! Equal stories keep one order however the index is split into segments (issue 15: ids are
//! read only when equal stories come from different segments), and a bounded first stage
//! (only the best candidates by tantivy's score get BM25F) still counts every match, and
//! only live ones.

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

/// `Metals Note n`: "copper" said `n` times (so story `n` outranks story `n - 1`).
fn copper_note(n: usize) -> (String, String) {
    let words = vec!["copper"; n].join(" ");
    (
        format!("m{n:02}.txt"),
        format!("Metals Note {n}\n\nTraders said {words} and zinc.\n"),
    )
}

#[test]
fn only_the_candidates_are_scored_but_every_match_is_counted() {
    // Twelve stories that say "copper" 1 to 12 times: every ranking agrees on the order.
    let texts: Vec<(String, String)> = (1..=12).map(copper_note).collect();
    let corpus = corpus_of(&texts);
    let dir = tempfile::tempdir().unwrap();
    newsdex::indexer::build(corpus.path(), dir.path(), &Default::default(), |_, _| {}).unwrap();
    let index = NewsIndex::open(dir.path()).unwrap();
    let request = |candidates: usize, offset: usize| {
        let mut request = SearchRequest::new("copper").limit(3);
        request.offset = offset;
        request.rank.rerank = 0.0;
        request.rank.candidates = candidates;
        request.rank.bound_over = 0;
        request
    };
    for offset in [0, 4] {
        let every = index.search(&request(0, offset)).unwrap();
        let bounded = index.search(&request(3, offset)).unwrap();
        assert_eq!(bounded.total_hits, 12);
        assert_eq!(every.total_hits, 12);
        assert_eq!(
            ids(&index, &request(3, offset)),
            ids(&index, &request(0, offset))
        );
        let scores =
            |r: &newsdex::SearchResults| r.hits.iter().map(|h| h.score).collect::<Vec<_>>();
        assert_eq!(scores(&bounded), scores(&every));
    }
    assert_eq!(
        ids(&index, &request(3, 0)),
        ["m12.txt", "m11.txt", "m10.txt"]
    );
}

/// An index of `texts`, then re-indexed after the files `gone` were removed: the re-index
/// deletes their stories in place (they stay in their segment until a merge). Also returns
/// how many deleted stories the segments hold.
fn reindexed_without(
    texts: &[(String, String)],
    gone: &[&str],
) -> (tempfile::TempDir, NewsIndex, u32) {
    let corpus = corpus_of(texts);
    let dir = tempfile::tempdir().unwrap();
    let options = IndexOptions {
        threads: Some(1),
        ..IndexOptions::default()
    };
    let mut quiet = OnSkip(|_, _| {});
    newsdex::indexer::run(corpus.path(), dir.path(), &options, &mut quiet).unwrap();
    for file in gone {
        std::fs::remove_file(corpus.path().join(file)).unwrap();
    }
    newsdex::indexer::run(corpus.path(), dir.path(), &options, &mut quiet).unwrap();
    let deleted: u32 = tantivy::Index::open_in_dir(dir.path())
        .unwrap()
        .reader()
        .unwrap()
        .searcher()
        .segment_readers()
        .iter()
        .map(|segment| segment.num_deleted_docs())
        .sum();
    let index = NewsIndex::open(dir.path()).unwrap();
    (dir, index, deleted)
}

/// The bounded first stage counts and picks candidates in one pass over the matches, itself
/// skipping stories a re-index deleted.
#[test]
fn the_bounded_count_skips_deleted_stories() {
    // As above, and twelve stories without "copper" (so it is no word of every story).
    let texts: Vec<(String, String)> = (1..=12)
        .flat_map(|n| {
            [
                copper_note(n),
                (
                    format!("z{n:02}.txt"),
                    format!("Zinc Note {n}\n\nTraders said zinc.\n"),
                ),
            ]
        })
        .collect();
    let (_dir, index, deleted) = reindexed_without(&texts, &["m12.txt", "m05.txt"]);
    assert_eq!(deleted, 2, "the re-index deletes in place");
    let request = |candidates: usize| {
        let mut request = SearchRequest::new("copper").limit(3);
        request.rank.rerank = 0.0;
        request.rank.candidates = candidates;
        request.rank.bound_over = 0;
        request
    };
    assert_eq!(index.search(&request(3)).unwrap().total_hits, 10);
    assert_eq!(index.search(&request(0)).unwrap().total_hits, 10);
    assert_eq!(ids(&index, &request(3)), ["m11.txt", "m10.txt", "m09.txt"]);
}

/// A word in every story still scores above zero after a re-index deletes stories: BM25's
/// story count includes the deleted ones, as the word's document frequency does. Counting
/// only live stories gave the word a negative weight, and the story saying it least ranked
/// first.
#[test]
fn a_word_in_every_story_keeps_a_positive_weight_after_deletions() {
    let texts: Vec<(String, String)> = (1..=6).map(copper_note).collect();
    let (_dir, index, deleted) = reindexed_without(&texts, &["m04.txt", "m05.txt", "m06.txt"]);
    assert_eq!(deleted, 3, "the re-index deletes in place");
    let mut request = SearchRequest::new("copper").limit(3);
    request.rank.rerank = 0.0;
    let found = index.search(&request).unwrap();
    assert_eq!(found.total_hits, 3);
    assert_eq!(ids(&index, &request), ["m03.txt", "m02.txt", "m01.txt"]);
    assert!(
        hit_scores(&index, &request)
            .iter()
            .all(|&score| score > 0.0),
        "{:?}",
        hit_scores(&index, &request)
    );
}
