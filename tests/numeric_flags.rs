//! Every numeric flag, given any number from 0 to 2^64-1 (and a few that are not numbers),
//! ends with exit 0, 1 or 2: never a panic, an abort or a hang (#13).

mod util;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use util::{bundled_corpus, bundled_index, newsdex, std_newsdex, TestEnv};

/// The numbers tried in every flag: edges of every integer width a parser might use.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "48",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "1e3",
];

/// Longest any one run may take before it counts as a hang.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `newsdex ARGS` and returns its exit code, failing on a signal, a panic message or a
/// run longer than [`DEADLINE`].
fn exit_code(mut cmd: std::process::Command, args: &[String]) -> i32 {
    let mut child = cmd
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("newsdex {args:?} hung for over {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("memory allocation"),
        "newsdex {args:?} crashed:\n{stderr}"
    );
    let code = status
        .code()
        .unwrap_or_else(|| panic!("newsdex {args:?} was killed by a signal:\n{stderr}"));
    assert!(
        (0..=2).contains(&code),
        "newsdex {args:?} exited {code}:\n{stderr}"
    );
    code
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

#[test]
fn query_numbers_never_crash() {
    let index = bundled_index().to_str().unwrap().to_string();
    let flags = ["-n", "--offset", "--snippet-chars", "--snippets"];
    let variants: [&[&str]; 4] = [
        &["--format", "text"],
        &["--format", "jsonl", "--facets"],
        &["--format", "tsv", "--sort", "newest"],
        &["--format", "json", "--sort", "oldest", "--explain"],
    ];
    for flag in flags {
        for number in NUMBERS {
            for variant in variants {
                let mut args = strings(&["--index", &index, "query", "oil", flag, number]);
                args.extend(strings(variant));
                exit_code(std_newsdex(), &args);
            }
        }
    }
}

#[test]
fn eval_numbers_never_crash() {
    let index = bundled_index().to_str().unwrap().to_string();
    let judgments = bundled_corpus().join("../tests/relevance.toml");
    let judgments = judgments.to_str().unwrap();
    for flag in ["-k", "--depth", "--alpha"] {
        for number in NUMBERS {
            let args = strings(&["--index", &index, "eval", judgments, flag, number]);
            exit_code(std_newsdex(), &args);
        }
    }
}

#[test]
fn index_and_parse_numbers_never_crash() {
    let env = TestEnv::new();
    env.write(
        "world/a.txt",
        "Harbour reopens\n\nLISBON, May 3 (Reuters) - The harbour reopened.\n",
    );
    let corpus = env.corpus().to_str().unwrap().to_string();
    for flag in [
        "-j",
        "--memory",
        "--commit-every",
        "--max-file-size",
        "--year",
    ] {
        for number in NUMBERS {
            let args = strings(&["index", &corpus, "--rebuild", "-q", flag, number]);
            exit_code(env.std_cmd(), &args);
        }
    }
    for number in NUMBERS {
        let args = strings(&["parse", &corpus, "--year", number]);
        exit_code(env.std_cmd(), &args);
    }
}

#[test]
fn large_page_means_every_story_and_far_offset_an_empty_page() {
    let all = util::query_bundled(&[
        "query",
        "oil",
        "--format",
        "json",
        "-n",
        "18446744073709551615",
    ]);
    util::assert_exit(&all, 0);
    let json: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let total = json["total_hits"].as_u64().unwrap();
    assert!(total > 1);
    assert_eq!(json["hits"].as_array().unwrap().len() as u64, total);

    let past = util::query_bundled(&[
        "query",
        "oil",
        "--format",
        "json",
        "--offset",
        "9223372036854775807",
        "-n",
        "5",
    ]);
    util::assert_exit(&past, 0);
    let json: serde_json::Value = serde_json::from_slice(&past.stdout).unwrap();
    assert_eq!(json["total_hits"].as_u64(), Some(total));
    assert_eq!(json["hits"].as_array().unwrap().len(), 0);

    // The last story alone, ranked as in the full list.
    let last = util::query_bundled(&[
        "query",
        "oil",
        "--format",
        "jsonl",
        "--offset",
        &(total - 1).to_string(),
        "-n",
        "4294967296",
    ]);
    let ranks: Vec<u64> = util::stdout(&last)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["rank"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ranks, [total]);
}

#[test]
fn deeply_nested_query_is_a_one_line_syntax_error() {
    let deep = format!("{}oil", "(".repeat(5000));
    let output = util::query_bundled(&["query", &deep]);
    util::assert_exit(&output, 2);
    assert_eq!(
        util::stderr(&output),
        "newsdex: query nests deeper than 64 levels\n"
    );
    let ok = format!("{}oil{}", "(".repeat(64), ")".repeat(64));
    util::assert_exit(
        &util::query_bundled(&["query", &ok, "--format", "paths"]),
        0,
    );
    let long = "oil ".repeat(3000);
    let output = util::query_bundled(&["query", &long]);
    util::assert_exit(&output, 2);
    assert_eq!(
        util::stderr(&output),
        "newsdex: query is longer than 10000 characters\n"
    );
}

/// Runs `newsdex --index INDEX eval ARGS`, which must fail with exit 2, and returns its stderr.
fn eval_failure(index: &Path, args: &[&OsStr]) -> String {
    let output = newsdex()
        .arg("--index")
        .arg(index)
        .arg("eval")
        .args(args)
        .output()
        .unwrap();
    util::assert_exit(&output, 2);
    util::stderr(&output)
}

#[test]
fn eval_without_a_judged_query_names_the_file() {
    let env = TestEnv::new();
    let index = bundled_index();
    let empty = env.root.path().join("empty.toml");
    std::fs::write(&empty, "# nothing judged yet\nquery = []\n").unwrap();
    assert_eq!(
        eval_failure(index, &[empty.as_os_str()]),
        format!(
            "newsdex: {}: no judged query in it: add a [[query]] with an id, a text and its relevant stories\n",
            empty.display()
        )
    );

    let dev_null = OsStr::new("/dev/null");
    let (topics_flag, qrels_flag) = (OsStr::new("--topics"), OsStr::new("--qrels"));
    assert_eq!(
        eval_failure(index, &[topics_flag, dev_null, qrels_flag, dev_null]),
        "newsdex: /dev/null: no judged query in it: add a `qid<TAB>query text` line per topic\n"
    );

    let topics = env.root.path().join("topics.tsv");
    std::fs::write(&topics, "101\tcrude oil\n").unwrap();
    assert_eq!(
        eval_failure(index, &[topics_flag, topics.as_os_str(), qrels_flag, dev_null]),
        format!(
            "newsdex: /dev/null: no judged query in it: it judges none of the 1 topic(s) in {}: add `qid 0 docid grade` lines\n",
            topics.display()
        )
    );
}
