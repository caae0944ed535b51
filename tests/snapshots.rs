//! Snapshots of what a person sees (#13): `--help` of every subcommand, a page of hits in
//! text with and without color, `stats`, an `eval` table and the `index` summary.
//!
//! The expected renders live in `tests/snapshots/`. When a change is meant, regenerate
//! them with `UPDATE_EXPECT=1 cargo test --test snapshots` and review the diff. Values that
//! change from run to run (timings, scores, sizes, temporary paths) are replaced by
//! placeholders first, so a snapshot fails only when the layout or the words change.

mod util;

use std::process::Output;

use expect_test::expect_file;
use util::*;

/// Every subcommand, as `--help` lists them.
const SUBCOMMANDS: &[&str] = &[
    "index",
    "query",
    "parse",
    "eval",
    "stats",
    "serve",
    "completions",
    "man",
];

/// A small corpus whose ranking does not depend on scoring details.
fn corpus() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "business/2025/09/30/oil-prices.txt",
        "Oil prices climb as Gulf supply tightens\n\n\
         LONDON, Sept 30 (Reuters) - Crude oil prices rose for a third day on Tuesday as \
         shipping through the Gulf slowed. \"Supply is tight and traders know it,\" said \
         Maria Lopez, an analyst at Harbour Capital. Brent crude gained 2 percent.\n",
    )
    .write(
        "world/harbour-reopens.md",
        "---\ntitle: Lisbon harbour reopens after strike\ndate: 2025-03-01\n---\n\
         LISBON (AP) - The harbour reopened on Saturday after a week-long strike. Tankers \
         carrying oil and grain queued outside the port. \"We agree on the terms,\" said \
         union leader Joao Silva.\n",
    )
    .write(
        "tech/chips.txt",
        "Chip talks stall in Seoul\n\nSEOUL, May 3 (AJP) - Talks on chip exports stalled \
         on Friday, officials said.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    env
}

/// Replaces what varies between runs with placeholders.
fn normalise(text: &str, env: &TestEnv) -> String {
    let root = env.root.path().to_str().unwrap();
    let text = text.replace(root, "ROOT");
    let rules = [
        (r"in \d+\.\d+ s", "in T s"),
        (r#""seconds":\d+(\.\d+)?"#, r#""seconds":T"#),
        (r"score \d+\.\d+", "score S"),
        (r"(?m)^(size\s+)\d+(\.\d+)? [KMG]?B", "${1}N KB"),
        (r"(?m)^(updated\s+)\S+", "${1}TIME"),
        // One segment per indexing thread: depends on the machine's cores.
        (r"(?m)^(segments\s+)\d+", "${1}N"),
    ];
    rules.iter().fold(text, |text, (pattern, to)| {
        regex::Regex::new(pattern)
            .unwrap()
            .replace_all(&text, *to)
            .into_owned()
    })
}

/// Escape bytes as visible `\e`, so colored snapshots read as text.
fn visible_escapes(text: &str) -> String {
    text.replace('\x1b', "\\e")
}

fn out(output: &Output) -> String {
    assert_exit(output, 0);
    stdout(output)
}

#[test]
fn help_of_every_subcommand() {
    let top = newsdex().arg("--help").output().unwrap();
    expect_file!["snapshots/help.txt"].assert_eq(&out(&top));
    for sub in SUBCOMMANDS {
        let help = newsdex().args([sub, "--help"]).output().unwrap();
        expect_file![format!("snapshots/help-{sub}.txt")].assert_eq(&out(&help));
    }
}

#[test]
fn a_text_page_of_hits_without_color() {
    let env = corpus();
    let output = env.run(&["query", "oil", "--color", "never"]);
    expect_file!["snapshots/query-text.txt"].assert_eq(&normalise(&out(&output), &env));
}

#[test]
fn a_text_page_of_hits_in_color_on_a_terminal() {
    let env = corpus();
    let output = env
        .cmd()
        .args(["query", "oil", "--facets"])
        .env("NEWSDEX_TEST_FORCE_TTY", "1")
        .output()
        .unwrap();
    let text = visible_escapes(&normalise(&out(&output), &env));
    assert!(text.contains("\\e[31m"), "the terminal path colors matches");
    expect_file!["snapshots/query-color.txt"].assert_eq(&text);
    // NO_COLOR turns the same terminal path plain.
    let plain = env
        .cmd()
        .args(["query", "oil", "--facets"])
        .env("NEWSDEX_TEST_FORCE_TTY", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&plain).contains('\x1b'));
}

#[test]
fn stats() {
    let env = corpus();
    let output = env.run(&["stats"]);
    expect_file!["snapshots/stats.txt"].assert_eq(&normalise(&out(&output), &env));
}

#[test]
fn an_eval_table() {
    let env = corpus();
    let judgments = env.root.path().join("judgments.toml");
    std::fs::write(
        &judgments,
        "[[query]]\nid = \"oil\"\ntext = \"crude oil\"\nrelevant = [\"business/2025/09/30/oil-prices.txt\"]\n\n\
         [[query]]\nid = \"strike\"\ntext = \"harbour strike\"\nrelevant = [\"world/harbour-reopens.md\"]\n\n\
         [[query]]\nid = \"chips\"\ntext = \"chip exports\"\nrelevant = [{ id = \"tech/chips.txt\", grade = 2 }]\n",
    )
    .unwrap();
    let output = env.run(&["eval", "judgments.toml", "-k", "2"]);
    expect_file!["snapshots/eval.txt"].assert_eq(&normalise(&out(&output), &env));
}

#[test]
fn the_index_summary() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Harbour reopens\n\nLISBON, May 3 (AP) - The harbour reopened.\n",
    )
    .write("notes.pdf", "not a story")
    .write(
        "feed.jsonl",
        "{\"title\": \"Grain\", \"body\": \"Grain ships sailed.\"}\n",
    );
    let output = env.run(&["index", "corpus"]);
    assert_exit(&output, 0);
    let text = normalise(&stderr(&output), &env);
    let output = env.run(&["index", "corpus", "--format", "json"]);
    let json = normalise(&out(&output), &env);
    expect_file!["snapshots/index-summary.txt"].assert_eq(&format!("{text}{json}"));
}
