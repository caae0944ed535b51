//! What a hit shows and the output formats (#4): passages and highlights, quotes with
//! speakers, explanations, text/json/jsonl/tsv/paths/trec, and `newsdex stats`.

mod util;

use serde_json::Value;
use util::*;

/// An index of `corpus/` built from the repository root, so paths read `corpus/...` as
/// in the README (the shared bundled index holds absolute paths).
fn relative_index() -> &'static std::path::Path {
    static INDEX: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("search-output-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let output = newsdex()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["index", "corpus", "-q", "--index"])
            .arg(&dir)
            .output()
            .unwrap();
        assert_exit(&output, 0);
        dir
    })
}

fn run(args: &[&str]) -> std::process::Output {
    newsdex()
        .arg("--index")
        .arg(relative_index())
        .arg("query")
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&stdout(&run(&all))).unwrap()
}

/// The highlighted words of a snippet object (`text` + `highlights`, or a hit's
/// `snippet` + `highlights`).
fn marked(text: &Value, highlights: &Value) -> Vec<String> {
    let text = text.as_str().unwrap();
    highlights
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text[a..b].to_string()
        })
        .collect()
}

#[test]
fn text_output_fits_80_columns_and_reads_without_color() {
    let output = run(&["noravelin", "--snippet-chars", "80", "--color", "never"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "1. FDA Approves Noravelin, First Daily Pill for Obesity\n   \
         WASHINGTON · AP · corpus/health/fda-approves-noravelin.txt · score 2.91\n   \
         …cleared Noravelin, made by Talbridge Pharmaceuticals, for adults with\n   \
         obesity,…\n\
         \n\
         1-1 of 1 matching story\n"
    );
    let wide = run(&["said", "-n", "48", "--snippets", "3", "--color", "never"]);
    for line in stdout(&wide).lines() {
        assert!(line.chars().count() <= 80 || !line.contains(' '), "{line}");
    }
}

#[test]
fn a_matching_quotation_shows_with_its_speaker() {
    let output = run(&["speaker:xi", "--color", "never"]);
    // The score moves with the speaker field's average length over the bundled corpus
    // (BM25): 3.36 -> 3.35 when `Brazilian Lucas Ferreira` became `Lucas Ferreira`.
    assert_eq!(
        stdout(&output),
        "1. North Korean leader Kim Jong-un held talks with Chinese President Xi Jinping…\n   \
         SEOUL · September 05 · AJP · corpus/world/kim-xi-beijing-summit.txt ·\n   \
         score 3.35\n   \
         Xi Jinping: “No matter how the international situation changes, China's\n   \
         policy of consolidating and developing its friendship with the DPRK will not\n   \
         change.”\n\
         \n\
         1-1 of 1 matching story\n"
    );
}

#[test]
fn stemmed_prefix_fuzzy_and_phrase_matches_are_highlighted() {
    let hit = |query: &str| json(&[query, "-n", "1"])["hits"][0].clone();
    let talk = hit("talk");
    assert_eq!(talk["id"], "politics/berlin-coalition-talks-collapse.txt");
    assert_eq!(marked(&talk["snippet"], &talk["highlights"]), ["Talks"]);
    let summ = hit("summ*");
    assert_eq!(summ["id"], "science/geneva-climate-summit-methane.txt");
    assert_eq!(
        marked(&summ["snippet"], &summ["highlights"]),
        ["summit"],
        "{summ}"
    );
    let fuzzy = hit("summitt~1");
    assert_eq!(marked(&fuzzy["snippet"], &fuzzy["highlights"]), ["summit"]);
    let phrase = hit("\"trade deficit\"");
    let words = marked(&phrase["snippet"], &phrase["highlights"]);
    assert!(words.contains(&"trade".to_string()), "{words:?}");
    assert!(words.contains(&"deficit".to_string()), "{words:?}");
    let title = marked(&talk["title"], &Value::Array(vec![])); // no title highlights in JSON
    assert!(title.is_empty());
}

#[test]
fn several_passages_compete_across_quotes_and_body() {
    let doc = json(&["china policy", "-n", "1", "--snippets", "2"]);
    let hit = &doc["hits"][0];
    assert_eq!(hit["id"], "world/kim-xi-beijing-summit.txt");
    let snippets = hit["snippets"].as_array().unwrap();
    assert_eq!(snippets.len(), 2);
    assert_eq!(snippets[0]["field"], "quotes");
    assert_eq!(
        snippets[0]["text"],
        "Xi Jinping: “No matter how the international situation changes, China's policy of consolidating and developing its friendship with the DPRK will not change.”"
    );
    assert_eq!(
        marked(&snippets[0]["text"], &snippets[0]["highlights"]),
        ["China", "policy"]
    );
    assert_eq!(snippets[1]["field"], "body");
    assert_eq!(
        marked(&snippets[1]["text"], &snippets[1]["highlights"]),
        ["policy", "China"]
    );
    // The best passage is also the hit's `snippet`.
    assert_eq!(hit["snippet"], snippets[0]["text"]);
}

#[test]
fn no_passages_still_lists_matching_quotes() {
    let doc = json(&["xi", "--snippets", "0"]);
    let hit = &doc["hits"][0];
    assert_eq!(hit["snippet"], "");
    assert_eq!(hit["snippets"], serde_json::json!([]));
    assert_eq!(
        hit["quotes"],
        serde_json::json!([
            {"text": "No matter how the international situation changes, China's policy of consolidating and developing its friendship with the DPRK will not change.", "speaker": "Xi Jinping", "speaker_as_written": "Xi", "speaker_role": null},
            {"text": "support each other on issues concerning core interests.", "speaker": "Xi Jinping", "speaker_as_written": "he", "speaker_role": null}
        ])
    );
    let text = run(&["noravelin", "--snippets", "0", "--color", "never"]);
    assert_eq!(
        stdout(&text),
        "1. FDA Approves Noravelin, First Daily Pill for Obesity\n   \
         WASHINGTON · AP · corpus/health/fda-approves-noravelin.txt · score 2.91\n\
         \n\
         1-1 of 1 matching story\n"
    );
}

#[test]
fn explain_breaks_the_score_down_by_field_and_term() {
    let output = run(&[
        "noravelin",
        "--explain",
        "--snippets",
        "0",
        "--color",
        "never",
    ]);
    assert_eq!(
        stdout(&output),
        "1. FDA Approves Noravelin, First Daily Pill for Obesity\n   \
         WASHINGTON · AP · corpus/health/fda-approves-noravelin.txt · score 2.91\n     \
         1.462  title:noravelin\n     \
         1.451  body:noravelin\n\
         \n\
         1-1 of 1 matching story\n"
    );
    let doc = json(&["oil prices", "-n", "1", "--explain"]);
    let parts = doc["hits"][0]["explanation"].as_array().unwrap();
    let clauses: Vec<&str> = parts
        .iter()
        .map(|p| p["clause"].as_str().unwrap())
        .collect();
    assert_eq!(
        clauses,
        // BM25F parts name each word's stem per field; query words near each other add
        // a proximity part.
        [
            "body:oil",
            "body:price",
            "proximity",
            "title:oil",
            "quotes:price"
        ]
    );
    let sum: f64 = parts.iter().map(|p| p["score"].as_f64().unwrap()).sum();
    let score = doc["hits"][0]["score"].as_f64().unwrap();
    assert!((sum - score).abs() < 1e-3, "{sum} vs {score}");
}

#[test]
fn json_keeps_the_contract_and_adds_the_new_fields() {
    let doc = json(&["opec", "--facets"]);
    let mut top: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    top.sort();
    assert_eq!(
        top,
        [
            "facets",
            "fell_back",
            "hits",
            "query",
            "suggestions",
            "took_ms",
            "total_hits"
        ]
    );
    assert!(doc["took_ms"].as_f64().unwrap() >= 0.0);
    let mut keys: Vec<&str> = doc["hits"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "agency",
            "category",
            "date",
            "highlights",
            "id",
            "location",
            "path",
            "published",
            "quotes",
            "rank",
            "score",
            "snippet",
            "snippet_field",
            "snippets",
            "title",
            "title_highlights"
        ]
    );
    let bad = json(&["oppec crude", "--fallback"]);
    assert_eq!(bad["fell_back"], true);
    assert_eq!(
        bad["suggestions"],
        serde_json::json!([{"word": "oppec", "did_you_mean": ["opec", "open"]}])
    );
    assert_eq!(bad["correction"], "opec crude");
}

#[test]
fn tsv_paths_and_trec_are_one_line_per_hit() {
    assert_eq!(
        stdout(&run(&["noravelin", "--format", "tsv"])),
        "1\t2.9127\thealth/fda-approves-noravelin.txt\t\tWASHINGTON\tAP\tFDA Approves Noravelin, First Daily Pill for Obesity\n"
    );
    assert_eq!(
        stdout(&run(&["copper", "--format", "tsv"])),
        "1\t3.1270\tbusiness/2025/09/12/copper-prices-slide.txt\t2025-09-12\tLONDON\tReuters\tCOPPER PRICES SLIDE ON CHINA DEMAND WORRIES\n"
    );
    let paths =
        "corpus/business/opec-output-cuts.txt\ncorpus/business/oil-falls-us-stockpiles.txt\n";
    assert_eq!(stdout(&run(&["opec", "--format", "paths"])), paths);
    assert_eq!(stdout(&run(&["opec", "-l"])), paths);
    assert_eq!(
        stdout(&run(&["opec", "--format", "trec"])),
        "1 Q0 business/opec-output-cuts.txt 1 2.5873353 newsdex\n\
         1 Q0 business/oil-falls-us-stockpiles.txt 2 1.3609308 newsdex\n"
    );
}

#[test]
fn stats_describe_the_index() {
    let output = query_bundled(&["stats", "--format", "json"]);
    assert_exit(&output, 0);
    let stats: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(stats["stories"], 48);
    assert_eq!(stats["dated_stories"], 12);
    assert_eq!(
        stats["published_from"],
        serde_json::json!({"metadata": 4, "dateline": 8, "path": 0, "flag": 0})
    );
    assert_eq!(stats["first_published"], "2025-01-21");
    assert_eq!(stats["last_published"], "2025-11-21");
    assert!(stats["size_bytes"].as_u64().unwrap() > 10_000);
    assert!(stats["segments"].as_u64().unwrap() >= 1);
    assert!(stats["updated"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        stats["fields"],
        serde_json::json!([
            "title",
            "body",
            "quotes",
            "speaker",
            "location",
            "agency",
            "category",
            "tags",
            "byline",
            "published",
            "id"
        ])
    );
    assert_eq!(
        stats["top"]["agency"],
        serde_json::json!([
            {"value": "NW", "count": 10}, {"value": "Reuters", "count": 10}, {"value": "AP", "count": 9},
            {"value": "AJP", "count": 3},
            {"value": "CNN", "count": 2}, {"value": "NWS", "count": 2}
        ])
    );
    let text = stdout(&query_bundled(&["stats", "--color", "never"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1],
        format!(
            "corpus    {}",
            bundled_corpus().canonicalize().unwrap().display()
        )
    );
    assert_eq!(lines[2], "stories   48");
    assert_eq!(
        lines[5],
        "published 2025-01-21 to 2025-11-21 (12 of 48 stories dated, 25%)"
    );
    assert_eq!(lines[6], "dated by  metadata 4 · dateline 8");
    // Two stories sign off "Reuter" without an agency in their dateline (#17).
    assert!(text.contains("\nagency    NW 10 · Reuters 10 · AP 9 · AJP 3 · CNN 2 · NWS 2\n"));
}

#[test]
fn a_damaged_index_is_a_one_line_error_with_the_fix() {
    let env = TestEnv::new();
    std::fs::write(
        env.corpus().join("story.txt"),
        "Oil rises\n\nLONDON (Reuters) - Oil rose.\n",
    )
    .unwrap();
    let output = env
        .cmd()
        .args(["index", "-q"])
        .arg(env.corpus())
        .output()
        .unwrap();
    assert_exit(&output, 0);
    let segment_file = std::fs::read_dir(env.index())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a segment file");
    std::fs::remove_file(&segment_file).unwrap();
    let output = env.run(&["query", "oil"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' is damaged (its file '{}' is missing): rebuild it with `newsdex index --rebuild`\n",
            env.index().display(),
            segment_file.file_name().unwrap().to_string_lossy()
        )
    );
    std::fs::write(env.index().join("meta.json"), "{bad").unwrap();
    let output = env.run(&["stats"]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: index '{}' is damaged (its meta.json is corrupt): rebuild it with `newsdex index --rebuild`\n",
            env.index().display()
        )
    );
}
