//! Query latency over the shared corpora (bbc + reuters): `cargo bench --bench query`.
//!
//! Indexes `../shared/corpora/{bbc,reuters}` with the release `newsdex` binary (into a
//! scratch folder of hard links under the target dir, so nothing else in `corpora` is
//! picked up), then runs 30 fixed queries of every kind `query` supports and prints
//! p50/p95/mean latency in milliseconds:
//!
//! - in process: `NewsIndex::search` on an opened index, snippets on (one 200-character
//!   passage per hit, as `newsdex query` shows) and off;
//! - as a process: `newsdex query QUERY` (text output to a pipe), snippets on and off
//!   (`--snippets 0`);
//! - the baseline: a bare tantivy search of the same query in a process (this bench binary
//!   re-run with `--bare-tantivy`): start, open the index, parse with tantivy's
//!   `QueryParser`, top 10 by score plus the count, load the 10 stored documents, print ids.
//!
//! Process rows also give the processes' mean CPU time (user + system, from `/proc`):
//! on a machine shared with other work, wall time also counts waiting for a core.
//!
//! A benchmark, not a test: it prints figures and asserts nothing. Skips, saying why,
//! when the shared corpora are absent. `NEWSDEX_BENCH_RUNS` sets in-process repetitions
//! per query (default 20) and `NEWSDEX_BENCH_PROCESS_RUNS` process runs (default 10).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex::search::Filters;
use newsdex::{NewsIndex, SearchRequest};

/// The fixed query set: (query text, filter flags).
const QUERIES: &[(&str, &[&str])] = &[
    ("oil", &[]),
    ("crude oil prices", &[]),
    ("\"interest rates\"", &[]),
    ("\"trade deficit\"~2", &[]),
    ("opec output", &[]),
    ("govermnent~1", &[]),
    ("econom*", &[]),
    ("title:oil^2 prices", &[]),
    ("wheat published:[1987-03-01 TO 1987-03-31]", &[]),
    ("location:tokyo yen", &[]),
    ("speaker:baker dollar", &[]),
    ("agency:reuters coffee", &[]),
    ("gold OR silver", &[]),
    ("coffee -brazil", &[]),
    ("quotes:inflation", &[]),
    ("category:business profits", &[]),
    ("\"bank of england\"", &[]),
    ("film award", &[]),
    ("election labour", &[]),
    ("chelsae~1 football", &[]),
    ("microsoft software", &[]),
    ("phone*", &[]),
    ("dollar yen exchange", &["--sort", "newest"]),
    (
        "\"stock market\"",
        &["--since", "1987-03", "--until", "1987-04"],
    ),
    ("sugar exports", &["--location", "london"]),
    ("wheat corn soybean", &["--any"]),
    ("tax budget chancellor", &["--category", "politics"]),
    ("music album chart", &["--facets"]),
    ("\"world cup\"", &["--sort", "oldest"]),
    ("compnay~1 profits", &["--agency", "reuters"]),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--bare-tantivy") {
        bare_tantivy(Path::new(&args[2]), &args[3]);
        return;
    }
    let Some(shared) = shared_corpora() else {
        println!("skipped: ../shared/corpora is absent");
        return;
    };
    let runs = env_number("NEWSDEX_BENCH_RUNS", 20);
    let process_runs = env_number("NEWSDEX_BENCH_PROCESS_RUNS", 10);
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-query");
    let _ = std::fs::remove_dir_all(&work);
    let corpus = work.join("corpus");
    for part in ["bbc", "reuters"] {
        link_tree(&shared.join(part), &corpus.join(part));
    }
    let index_dir = work.join("index");
    let newsdex = env!("CARGO_BIN_EXE_newsdex");
    let started = Instant::now();
    let status = Command::new(newsdex)
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(&index_dir)
        .arg("-q")
        .env_remove("NEWSDEX_INDEX")
        .status()
        .expect("newsdex runs");
    assert!(status.success(), "indexing the shared corpora failed");
    let index = NewsIndex::open(&index_dir).expect("the index opens");
    println!(
        "indexed {} stories (bbc + reuters) in {:.2} s; {} queries, {runs} in-process and \
         {process_runs} process runs each\n",
        index.num_stories(),
        started.elapsed().as_secs_f64(),
        QUERIES.len()
    );

    let mut rows: Vec<(String, Vec<Duration>)> = Vec::new();
    for (label, snippets) in [
        ("in-process, snippets on", true),
        ("in-process, snippets off", false),
    ] {
        let mut times = Vec::new();
        for (query, flags) in QUERIES {
            let request = request(query, flags, snippets);
            index.search(&request).expect("the query runs"); // warm up
            for _ in 0..runs {
                let t = Instant::now();
                let results = index.search(&request).expect("the query runs");
                times.push(t.elapsed());
                std::hint::black_box(results);
            }
        }
        rows.push((label.to_string(), times));
    }
    let me = std::env::current_exe().expect("the bench knows its path");
    let mut on = Vec::new();
    let mut off = Vec::new();
    let mut bare = Vec::new();
    // CPU time of the child processes, per kind: wall time on a shared machine also
    // measures the other processes' load.
    let mut cpu = [0.0f64; 3];
    for (query, flags) in QUERIES {
        for _ in 0..process_runs {
            let before = children_cpu_ms();
            on.push(time_process(
                Command::new(newsdex)
                    .arg("--index")
                    .arg(&index_dir)
                    .args(["query", query, "--color", "never"])
                    .args(*flags),
            ));
            let mid = children_cpu_ms();
            off.push(time_process(
                Command::new(newsdex)
                    .arg("--index")
                    .arg(&index_dir)
                    .args(["query", query, "--color", "never", "--snippets", "0"])
                    .args(*flags),
            ));
            let after_off = children_cpu_ms();
            bare.push(time_process(
                Command::new(&me)
                    .arg("--bare-tantivy")
                    .arg(&index_dir)
                    .arg(query),
            ));
            let after_bare = children_cpu_ms();
            cpu[0] += mid - before;
            cpu[1] += after_off - mid;
            cpu[2] += after_bare - after_off;
        }
    }
    rows.push(("newsdex query process, snippets on".into(), on));
    rows.push(("newsdex query process, snippets off".into(), off));
    rows.push(("bare tantivy process (baseline)".into(), bare));
    let per_run = |total: f64| total / (QUERIES.len() * process_runs) as f64;
    let cpu_means = [per_run(cpu[0]), per_run(cpu[1]), per_run(cpu[2])];

    println!(
        "{:<38} {:>9} {:>9} {:>9} {:>9}",
        "ms per query", "p50", "p95", "mean", "cpu mean"
    );
    for (i, (label, mut times)) in rows.into_iter().enumerate() {
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mean = times.iter().map(|d| ms(*d)).sum::<f64>() / times.len() as f64;
        let cpu = match i.checked_sub(2) {
            Some(process) if children_cpu_ms() > 0.0 => format!("{:.2}", cpu_means[process]),
            _ => "-".to_string(),
        };
        println!(
            "{label:<38} {:>9.2} {:>9.2} {:>9.2} {cpu:>9}",
            ms(percentile(&times, 50)),
            ms(percentile(&times, 95)),
            mean
        );
    }
    println!(
        "\nwall times include waiting for a core on a shared machine; \"cpu mean\" is the \
         processes' user+system time (from /proc, 10 ms ticks summed over all runs)"
    );
}

fn request(query: &str, flags: &[&str], snippets: bool) -> SearchRequest {
    let mut request = SearchRequest::new(query);
    request.fallback = true;
    request.suggest = true;
    if !snippets {
        request.snippets = 0;
    }
    let mut filters = Filters::default();
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        let mut value = || flags.next().map(|v| v.to_string()).unwrap_or_default();
        match *flag {
            "--any" => request.match_all = false,
            "--facets" => request.facets = true,
            "--sort" => {
                request.sort = match value().as_str() {
                    "newest" => newsdex::search::Sort::Newest,
                    _ => newsdex::search::Sort::Oldest,
                }
            }
            "--since" => {
                filters.since = newsdex::search::DateSpan::parse(&value()).map(|s| s.first)
            }
            "--until" => filters.until = newsdex::search::DateSpan::parse(&value()).map(|s| s.last),
            "--location" => filters.locations.push(value()),
            "--category" => filters.categories.push(value()),
            "--agency" => filters.agencies.push(value()),
            other => panic!("unknown bench flag {other}"),
        }
    }
    request.filters = filters;
    request
}

/// Wall time of one process run, its output read through a pipe as a pager would.
fn time_process(command: &mut Command) -> Duration {
    let t = Instant::now();
    let output = command
        .env_remove("NEWSDEX_INDEX")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output()
        .expect("the process runs");
    let elapsed = t.elapsed();
    std::hint::black_box(output);
    elapsed
}

/// User + system CPU time of this process's waited-for children so far, in ms (Linux
/// `/proc/self/stat` fields 16 and 17, in clock ticks of 10 ms); 0 where unavailable.
fn children_cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the parenthesised command name, which may contain spaces.
    let Some((_, rest)) = stat.rsplit_once(") ") else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state); cutime is field 16, cstime field 17.
    let ticks = |n: usize| {
        fields
            .get(n - 3)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(16) + ticks(17)) * 10.0
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

/// The baseline: what any tantivy program pays for the same search.
fn bare_tantivy(index_dir: &Path, query: &str) {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::QueryParser;
    use tantivy::schema::Value;
    use tantivy::TantivyDocument;

    let index = tantivy::Index::open_in_dir(index_dir).expect("the index opens");
    newsdex::schema::register_analyzers(&index);
    let schema = index.schema();
    let field = |name: &str| schema.get_field(name).expect("newsdex field");
    let parser = QueryParser::for_index(
        &index,
        vec![
            field("title"),
            field("quotes"),
            field("speaker"),
            field("location"),
            field("byline"),
            field("body"),
        ],
    );
    let (query, _) = parser.parse_query_lenient(query);
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .expect("a reader");
    let searcher = reader.searcher();
    let (top, count) = searcher
        .search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))
        .expect("the search runs");
    let id = field("id");
    let mut out = String::new();
    for (score, address) in top {
        let doc: TantivyDocument = searcher.doc(address).expect("a stored doc");
        let id = doc.get_first(id).and_then(|v| v.as_str()).unwrap_or("");
        out.push_str(&format!("{score:.3} {id}\n"));
    }
    out.push_str(&format!("{count} hits\n"));
    print!("{out}");
}

fn shared_corpora() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    (path.join("bbc").is_dir() && path.join("reuters").is_dir()).then_some(path)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// Mirrors `from` under `to` with hard links (copies where links are not possible).
fn link_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(relative) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("scratch folder");
        } else if entry.file_type().is_file() && std::fs::hard_link(entry.path(), &target).is_err()
        {
            std::fs::copy(entry.path(), &target).expect("scratch copy");
        }
    }
}
