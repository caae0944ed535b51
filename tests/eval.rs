//! `newsdex eval` and `query --format trec` end to end over the bundled corpus (issue 5).

mod util;

use std::path::PathBuf;

use util::*;

const JUDGMENTS: &str = r#"
[[query]]
id = "opec"
text = "opec output cuts"
relevant = [{ id = "business/opec-output-cuts.txt", grade = 2 }, "business/oil-falls-us-stockpiles.txt"]

[[query]]
id = "xi"
text = "speaker:xi"
relevant = ["world/kim-xi-beijing-summit.txt"]
expect_first = "world/kim-xi-beijing-summit.txt"

[[query]]
id = "nothing"
text = "zzyzx"
relevant = ["sport/2025/04/27/london-marathon-record.txt"]
"#;

/// A scratch folder holding files for one test.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        Files {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn eval(args: &[&str]) -> std::process::Output {
    let mut all = vec!["eval", "--color", "never"];
    all.extend_from_slice(args);
    query_bundled(&all)
}

#[test]
fn text_report_is_a_table_with_means() {
    let files = Files::new();
    let judgments = files.write("j.toml", JUDGMENTS);
    let output = eval(&[judgments.to_str().unwrap()]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "\
query     p@10  recall@10    mrr  ndcg@10    map  success@1  text
opec     0.200      1.000  1.000    1.000  1.000      1.000  opec output cuts
xi       0.100      1.000  1.000    1.000  1.000      1.000  speaker:xi
nothing  0.000      0.000  0.000    0.000  0.000      0.000  zzyzx
mean     0.100      0.667  0.667    0.667  0.667      0.667  3 queries, k 10, depth 1000
"
    );
    assert_eq!(stderr(&output), "");
}

#[test]
fn json_report_follows_the_contract() {
    let files = Files::new();
    let judgments = files.write("j.json", &toml_to_json(JUDGMENTS));
    let output = eval(&[judgments.to_str().unwrap(), "--format", "json", "-k", "5"]);
    assert_exit(&output, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let metrics = |p: f64, r: f64, v: f64| serde_json::json!({"p@k": p, "recall@k": r, "mrr": v, "ndcg@k": v, "map": v, "success@1": v});
    let expected = serde_json::json!({
        "queries": 3,
        "k": 5,
        "depth": 1000,
        // Rounded to 4 places, with whether every threshold held (#17).
        "mean": metrics(0.2, 0.6667, 0.6667),
        "passed": true,
        "per_query": [
            {"id": "opec", "query": "opec output cuts", "metrics": metrics(0.4, 1.0, 1.0),
             "retrieved": ["business/opec-output-cuts.txt", "business/oil-falls-us-stockpiles.txt"]},
            {"id": "xi", "query": "speaker:xi", "metrics": metrics(0.2, 1.0, 1.0),
             "retrieved": ["world/kim-xi-beijing-summit.txt"]},
            {"id": "nothing", "query": "zzyzx", "metrics": metrics(0.0, 0.0, 0.0),
             "retrieved": []},
        ]
    });
    assert_eq!(doc, expected);
}

/// The JSON judgments format is the TOML one with JSON syntax.
fn toml_to_json(text: &str) -> String {
    let value: toml::Value = toml::from_str(text).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

#[test]
fn thresholds_below_exit_1_and_name_the_queries() {
    let files = Files::new();
    let judgments = files.write("j.toml", JUDGMENTS);
    let output = eval(&[
        judgments.to_str().unwrap(),
        "--min",
        "mrr=0.9",
        "--min",
        "ndcg@10=0.5",
        "--min",
        "P_10=0.2",
    ]);
    assert_exit(&output, 1);
    assert_eq!(
        stderr(&output),
        "\
newsdex: mean mrr 0.667 is below the minimum 0.9 (--min mrr=0.9); queries below it, worst first:
  nothing mrr 0.000 (zzyzx): retrieved nothing
newsdex: mean p@10 0.100 is below the minimum 0.2 (--min p@10=0.2); queries below it, worst first:
  nothing p@10 0.000 (zzyzx): retrieved nothing
  xi p@10 0.100 (speaker:xi): retrieved world/kim-xi-beijing-summit.txt
"
    );
    let passing = eval(&[judgments.to_str().unwrap(), "--min", "ndcg@k=0.6"]);
    assert_exit(&passing, 0);
}

#[test]
fn unmet_expectations_exit_1() {
    let files = Files::new();
    let judgments = files.write(
        "j.toml",
        r#"
[[query]]
id = "oil"
text = "crude"
relevant = ["business/opec-output-cuts.txt", "world/tanker-marisol-star-seized.txt"]
expect_first = "business/opec-output-cuts.txt"
expect_top = 2
"#,
    );
    let output = eval(&[judgments.to_str().unwrap()]);
    assert_exit(&output, 1);
    assert_eq!(
        stderr(&output),
        "\
newsdex: query oil (crude): expected every relevant story in the top 2; world/tanker-marisol-star-seized.txt ranked 3: retrieved business/oil-falls-us-stockpiles.txt, business/opec-output-cuts.txt, world/tanker-marisol-star-seized.txt
newsdex: query oil (crude): expected business/opec-output-cuts.txt first; business/opec-output-cuts.txt ranked 2: retrieved business/oil-falls-us-stockpiles.txt, business/opec-output-cuts.txt, world/tanker-marisol-star-seized.txt
"
    );
}

#[test]
fn bad_input_exits_2_naming_file_and_line() {
    let files = Files::new();
    let unknown = files.write(
        "unknown.toml",
        "[[query]]\nid = \"a\"\ntext = \"oil\"\nrelevant = [\n  \"business/opec-output-cuts.txt\",\n  \"business/no-such-story.txt\",\n]\n",
    );
    let duplicate = files.write(
        "duplicate.toml",
        "[[query]]\nid = \"a\"\ntext = \"oil\"\nrelevant = [\"business/opec-output-cuts.txt\"]\n\n[[query]]\nid = \"a\"\ntext = \"gas\"\nrelevant = [\"business/opec-output-cuts.txt\"]\n",
    );
    let bad_query = files.write(
        "syntax.toml",
        "[[query]]\nid = \"a\"\ntext = \"oil\"\nrelevant = [\"business/opec-output-cuts.txt\"]\n\n[[query]]\nid = \"b\"\ntext = \"foo:bar\"\nrelevant = [\"business/opec-output-cuts.txt\"]\n",
    );
    let missing = files.dir.path().join("missing.toml");
    let yaml = files.write("j.yaml", "");
    let path = |p: &PathBuf| p.display().to_string();
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec![path(&unknown)],
            format!("newsdex: {}:6: unknown story id 'business/no-such-story.txt': ids are paths relative to the corpus root, as `newsdex query --format jsonl` prints them\n", path(&unknown)),
        ),
        (
            vec![path(&duplicate)],
            format!("newsdex: {}:7: duplicate query id 'a' (first used on line 2): give every query its own id\n", path(&duplicate)),
        ),
        (
            vec![path(&bad_query)],
            format!("newsdex: {}:7: query 'b': unknown field 'foo' in query: use one of title, body, quotes, speaker, location, agency, category, tags, byline, published, id\n", path(&bad_query)),
        ),
        (
            vec![path(&missing)],
            format!("newsdex: {}: cannot read it (No such file or directory (os error 2)): check the path\n", path(&missing)),
        ),
        (
            vec![path(&yaml)],
            format!("newsdex: {}: unknown judgments format: name it .toml or .json, or pass --topics with --qrels\n", path(&yaml)),
        ),
        (
            vec![path(&unknown), "--min".into(), "ndcg@5=0.8".into()],
            "newsdex: --min ndcg@5=0.8 is at cutoff 5 but -k is 10: pass -k 5 or write ndcg@10\n".to_string(),
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = eval(&args);
        assert_exit(&output, 2);
        assert_eq!(stdout(&output), "", "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
    // A malformed --min is a usage error, caught by clap.
    let output = eval(&[&path(&unknown), "--min", "f1=0.5"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output)
            .contains("unknown metric 'f1': use one of p@K, recall@K, mrr, ndcg@K, map, success@1"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn trec_topics_and_qrels_with_a_run_file() {
    let files = Files::new();
    let topics = files.write("topics.tsv", "101\tcrude\n102\tspeaker:xi\n103\tunjudged\n");
    let qrels = files.write(
        "qrels.txt",
        "101 0 business/opec-output-cuts.txt 2\n101 0 business/oil-falls-us-stockpiles.txt 1\n101 0 world/tanker-marisol-star-seized.txt 0\n102 0 world/kim-xi-beijing-summit.txt 1\n",
    );
    let run = files.dir.path().join("newsdex.run");
    let output = eval(&[
        "--topics",
        topics.to_str().unwrap(),
        "--qrels",
        qrels.to_str().unwrap(),
        "--run",
        run.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_exit(&output, 0);
    assert_eq!(
        stderr(&output),
        "newsdex: skipped 1 topic(s) with no judgments in the qrels: 103\n"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(doc["queries"], 2);
    let retrieved: Vec<Vec<String>> = doc["per_query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| serde_json::from_value(q["retrieved"].clone()).unwrap())
        .collect();
    assert_eq!(
        retrieved,
        [
            vec![
                "business/oil-falls-us-stockpiles.txt",
                "business/opec-output-cuts.txt",
                "world/tanker-marisol-star-seized.txt"
            ],
            vec!["world/kim-xi-beijing-summit.txt"],
        ]
    );
    // Grade 2 ranked second behind a grade-1 story: nDCG (1/1 + 2/log2 3) / (2 + 1/log2 3).
    let ndcg = doc["per_query"][0]["metrics"]["ndcg@k"].as_f64().unwrap();
    let log2_3 = 3f64.log2();
    // JSON rounds metrics to 4 places (#17).
    assert!((ndcg - (1.0 + 2.0 / log2_3) / (2.0 + 1.0 / log2_3)).abs() < 0.5e-4);

    let run = std::fs::read_to_string(run).unwrap();
    let lines: Vec<Vec<&str>> = run.lines().map(|l| l.split(' ').collect()).collect();
    let ids: Vec<(&str, &str, &str)> = lines.iter().map(|c| (c[0], c[2], c[3])).collect();
    assert_eq!(
        ids,
        [
            ("101", "business/oil-falls-us-stockpiles.txt", "1"),
            ("101", "business/opec-output-cuts.txt", "2"),
            ("101", "world/tanker-marisol-star-seized.txt", "3"),
            ("102", "world/kim-xi-beijing-summit.txt", "1"),
        ]
    );
    assert!(lines
        .iter()
        .all(|c| c.len() == 6 && c[1] == "Q0" && c[5] == "newsdex"));
    let scores: Vec<f64> = lines[..3].iter().map(|c| c[4].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
}

#[test]
fn query_format_trec_writes_a_run_for_one_query() {
    let output = query_bundled(&["query", "crude", "--format", "trec", "-n", "2"]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    let pattern = regex::Regex::new(
        r"^1 Q0 business/oil-falls-us-stockpiles\.txt 1 \d+(\.\d+)? newsdex\n1 Q0 business/opec-output-cuts\.txt 2 \d+(\.\d+)? newsdex\n$",
    )
    .unwrap();
    assert!(pattern.is_match(&text), "{text}");
}

// --- baselines: --save and --against (issue 16) ---------------------------------------

#[test]
fn save_then_against_unchanged_reports_no_difference() {
    let files = Files::new();
    let judgments = files.write("j.toml", JUDGMENTS);
    let baseline = files.dir.path().join("baseline.json");
    let j = judgments.to_str().unwrap();
    let b = baseline.to_str().unwrap();

    let saved = eval(&[j, "--save", b]);
    assert_exit(&saved, 0);
    assert_eq!(
        stderr(&saved),
        format!("newsdex: saved the baseline of 3 queries to {b}\n")
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(doc["format"], "newsdex-eval-baseline");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["per_query"][0]["id"], "opec");
    assert_eq!(
        doc["per_query"][0]["judged"],
        serde_json::json!({"business/oil-falls-us-stockpiles.txt": 1, "business/opec-output-cuts.txt": 2})
    );

    let output = eval(&[
        j,
        "--against",
        b,
        "--format",
        "json",
        "--max-drop",
        "ndcg@10=0.01",
    ]);
    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(doc["queries"], 3);
    for (name, metric) in doc["metrics"].as_object().unwrap() {
        assert_eq!(metric["diff"], 0.0, "{name}");
        assert_eq!(metric["p_randomization"], 1.0, "{name}");
        assert_eq!(metric["p_ttest"], 1.0, "{name}");
        assert_eq!(
            (&metric["wins"], &metric["ties"]),
            (&0.into(), &3.into()),
            "{name}"
        );
    }
    assert_eq!(doc["lost_most"], serde_json::json!([]));

    let text = eval(&[j, "--against", b]);
    assert_exit(&text, 0);
    assert_eq!(
        stdout(&text),
        "\
metric     baseline  current    diff  p(rand)   p(t)  wins  ties  losses
p@10          0.100    0.100  +0.000    1.000  1.000     0     3       0
recall@10     0.667    0.667  +0.000    1.000  1.000     0     3       0
mrr           0.667    0.667  +0.000    1.000  1.000     0     3       0
ndcg@10       0.667    0.667  +0.000    1.000  1.000     0     3       0
map           0.667    0.667  +0.000    1.000  1.000     0     3       0
success@1     0.667    0.667  +0.000    1.000  1.000     0     3       0
3 queries, k 10, depth 1000. p(rand): two-sided paired randomization test, exact up to 20 changed queries, else 100000 random sign flips; p(t): paired t-test.
No query lost on any metric.
"
    );
}

#[test]
fn a_protected_query_that_loses_exits_1() {
    let files = Files::new();
    // A rates story also counts for `opec output cuts`: only --any retrieves it.
    let judgments = files.write(
        "j.toml",
        &JUDGMENTS.replace(
            "\"business/oil-falls-us-stockpiles.txt\"]",
            "\"business/oil-falls-us-stockpiles.txt\", \"business/bank-of-england-cuts-rates.txt\"]",
        ),
    );
    let baseline = files.dir.path().join("baseline.json");
    let (j, b) = (judgments.to_str().unwrap(), baseline.to_str().unwrap());
    assert_exit(&eval(&[j, "--save", b, "--any"]), 0);
    // With every word required, the rates story is lost.
    let output = eval(&[j, "--against", b, "--fail-on-any-loss", "opec"]);
    assert_exit(&output, 1);
    assert_eq!(
        stderr(&output),
        "newsdex: query opec lost (--fail-on-any-loss): p@10 0.300 -> 0.200, recall@10 1.000 -> 0.667, \
         ndcg@10 1.000 -> 0.840, map 1.000 -> 0.667: now retrieves business/opec-output-cuts.txt, \
         business/oil-falls-us-stockpiles.txt\n"
    );
    assert!(stdout(&output)
        .contains("  opec  ndcg@10 1.000 -> 0.840, map 1.000 -> 0.667  (opec output cuts)\n"));
    // The same loss on one query of three is far from significant: --max-drop passes.
    let output = eval(&[j, "--against", b, "--max-drop", "ndcg@10=0.01"]);
    assert_exit(&output, 0);
    assert_eq!(
        stderr(&output),
        "newsdex: note: ndcg@10 fell by 0.053 (0.667 -> 0.613), more than --max-drop ndcg@10=0.01, \
         but not significantly (p 1.000 >= alpha 0.05): passing\n"
    );
}

#[test]
fn a_baseline_of_other_queries_exits_2_naming_the_difference() {
    let files = Files::new();
    let judgments = files.write("j.toml", JUDGMENTS);
    let baseline = files.dir.path().join("baseline.json");
    let (j, b) = (judgments.to_str().unwrap(), baseline.to_str().unwrap());
    assert_exit(&eval(&[j, "--save", b]), 0);
    let other = files.write(
        "other.toml",
        &JUDGMENTS.replace("id = \"xi\"", "id = \"xi-2\""),
    );

    let output = eval(&[other.to_str().unwrap(), "--against", b]);
    assert_exit(&output, 2);
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: comparing with the baseline '{b}': the baseline does not match this run: \
             queries only in the baseline: xi; queries only in the judgments: xi-2: \
             save a new baseline with --save\n"
        )
    );

    let output = eval(&[j, "--against", b, "-k", "5"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("it was saved with -k 10, this run has -k 5"));

    let output = eval(&[j, "--against", b, "--fail-on-any-loss", "nope"]);
    assert_exit(&output, 2);
    assert!(stderr(&output)
        .ends_with("--fail-on-any-loss names query 'nope', which the judgments do not hold\n"));

    let missing = files.dir.path().join("missing.json");
    let output = eval(&[j, "--against", missing.to_str().unwrap()]);
    assert_exit(&output, 2);
    assert!(stderr(&output).starts_with(&format!(
        "newsdex: {}: cannot read the baseline (",
        missing.display()
    )));

    let output = eval(&[j, "--max-drop", "ndcg@10=0.01"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("--against"), "{}", stderr(&output));
}
