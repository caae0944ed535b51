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

/// Story `i` of the pruning fixture: "copper" (and "price") said a varying number of times,
/// early or late in bodies of varying length, side by side or apart, sometimes in the
/// headline. So the lead, field lengths, headline weight and proximity each decide the
/// order somewhere: a bound on a story's score that left one of them out would drop a
/// story that belongs on the page.
fn metals_story(i: usize) -> (String, String) {
    const FILLER: &[&str] = &[
        "traders", "said", "zinc", "tin", "nickel", "markets", "were", "quiet", "after", "the",
        "smelter", "output", "rose", "in", "chile", "and", "peru", "while", "stocks", "fell",
    ];
    let mut seed = (i as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as usize
    };
    let len = 20 + next(160);
    let mut words: Vec<&str> = (0..len).map(|_| FILLER[next(FILLER.len())]).collect();
    let coppers = 1 + next(4);
    // The first occurrence early (in the lead) in about half the stories.
    let first = if next(2) == 0 {
        next(25)
    } else {
        30 + next(len)
    };
    let side_by_side = next(3) == 0;
    for k in 0..coppers {
        let at = (first + k * (7 + next(20))).min(words.len());
        words.insert(at, "copper");
        if k == 0 && side_by_side {
            words.insert(at + 1, "price");
        }
    }
    if !side_by_side && next(2) == 0 {
        let at = next(words.len());
        words.insert(at, "price");
    }
    let title = match next(6) {
        0 => "Copper Price Firm".to_string(),
        1 => "Copper Output".to_string(),
        _ => format!("Metals Note {i}"),
    };
    (
        format!("s{i:02}.txt"),
        format!("{title}\n\n{}.\n", words.join(" ")),
    )
}

/// A story that can still make the page is never skipped: a page of `n` hits is the first
/// `n` of the whole ranking, same stories, same scores, in an index of several segments
/// where a page's few places leave most stories below the bar (BM25F bounds each story's
/// score before reading positions and skips those that cannot be kept; #15).
#[test]
fn pruning_never_drops_a_story_that_belongs_on_the_page() {
    // And forty stories with neither word, so both are rare enough for proximity to count.
    let texts: Vec<(String, String)> = (0..60)
        .map(metals_story)
        .chain((0..40).map(|i| {
            (
                format!("z{i:02}.txt"),
                format!("Zinc Note {i}\n\nTraders said zinc was quiet.\n"),
            )
        }))
        .collect();
    let corpus = corpus_of(&texts);
    let dir = tempfile::tempdir().unwrap();
    let options = IndexOptions {
        rebuild: true,
        threads: Some(1),
        commit_every: 15,
        ..IndexOptions::default()
    };
    newsdex::indexer::run(corpus.path(), dir.path(), &options, &mut OnSkip(|_, _| {})).unwrap();
    let index = NewsIndex::open(dir.path()).unwrap();
    let searcher_segments = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".store")
        })
        .count();
    assert!(searcher_segments >= 3, "{searcher_segments} segment(s)");
    let page = |query: &str, any: bool, rerank: bool, offset: usize, limit: usize| {
        let mut request = SearchRequest::new(query).limit(limit);
        request.offset = offset;
        request.match_all = !any;
        request.snippet_chars = 0;
        if rerank {
            // The reordering re-scores the best 5 (it needs 30 matches).
            request.rank.rerank_depth = 5;
        } else {
            request.rank.rerank = 0.0;
        }
        let results = index.search(&request).unwrap();
        let hits: Vec<(String, u32)> = results
            .hits
            .into_iter()
            .map(|h| (h.id, h.score.to_bits()))
            .collect();
        (hits, results.total_hits)
    };
    for (query, any) in [
        ("copper", false),
        ("copper price", false),
        ("copper price", true),
        ("price copper", false),
    ] {
        for rerank in [false, true] {
            let (all, total) = page(query, any, rerank, 0, 100);
            assert!(total >= 12, "{query}: {total} matches");
            assert_eq!(all.len(), total);
            if rerank && query == "copper" {
                assert!(total >= 30, "the reordering runs");
            }
            for n in 1..=all.len() {
                let (hits, count) = page(query, any, rerank, 0, n);
                assert_eq!(
                    count, total,
                    "{query} (any {any}, rerank {rerank}), page of {n}"
                );
                assert_eq!(
                    hits,
                    all[..n],
                    "{query} (any {any}, rerank {rerank}), page of {n}"
                );
            }
            for offset in [1, 4, 9] {
                let (hits, _) = page(query, any, rerank, offset, 3);
                assert_eq!(hits, all[offset..offset + 3], "{query}, offset {offset}");
            }
        }
    }
}

/// Equal scores are not below the bar: six equal stories, one per segment and newest last,
/// so the page's stories come from the last segments, after the first have set the bar
/// at exactly their score.
#[test]
fn stories_equal_to_the_bar_still_compete_on_date() {
    let stories: Vec<(String, String)> = (0..6)
        .map(|i| {
            (
                format!("{}.md", (b'a' + i as u8) as char),
                tin_story(Some(&format!("202{i}-05-01"))),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = stories
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let (_dir, index) = one_segment_per_story(&borrowed);
    let request = |limit: usize| {
        let mut request = SearchRequest::new("tin").limit(limit);
        request.rank.rerank = 0.0;
        request
    };
    assert_eq!(
        ids(&index, &request(6)),
        ["f.md", "e.md", "d.md", "c.md", "b.md", "a.md"]
    );
    for n in 1..6 {
        assert_eq!(ids(&index, &request(n)), ids(&index, &request(6))[..n]);
    }
}
