//! Indexing and query speed at scale, against what users would otherwise use (issues 6
//! and 15; the targets printed are issue 15's).
//!
//! ```sh
//! cargo bench --bench scale                     # the shared corpora, about a minute
//! cargo bench --bench scale -- --replicate 40   # also 40 copies (~490k stories)
//! cargo bench --bench scale -- --builds-only     # the full builds and their ratios alone
//! ```
//!
//! Prints one Markdown table. Every contender sees the same stories in the same run:
//! - `newsdex index` as a whole process (walk, read, decode, parse the news anatomy,
//!   index, commit), full build, no-op re-index and 1% of files changed;
//! - SQLite FTS5 through rusqlite's bundled SQLite, porter tokenizer, reading the same
//!   files and inserting `(id, title, body)` in one transaction;
//! - a bare tantivy writer indexing title and body (stemmed, body stored) of the same
//!   stories already in memory, with the same threads and memory budget;
//! - queries: 20 fixed queries in-process (`NewsIndex::search`, snippets included) and as
//!   whole `newsdex query` processes, beside the `sqlite3` CLI (bm25 + snippet) and
//!   `rg -i -l` (or `grep -ril` when rg is absent) when installed.
//!
//! Full builds and query processes get their wall-clock time and their CPU time (user +
//! system, from `getrusage`: of the waited-for child, or of this process for the
//! in-process baselines), each with its own ratio: on a loaded machine the wall-clock
//! ratios swing with whichever side the load lands on, the CPU ratios much less.
//!
//! Peak memory is the child's maximum RSS from `/usr/bin/time -f %M` when present. Skips,
//! saying why, when `../shared/corpora` is absent. Nothing here asserts a time.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex::{NewsIndex, SearchRequest};

/// The 20 fixed queries (newsdex syntax: every word must match).
const QUERIES: &[&str] = &[
    "oil",
    "gold prices",
    "interest rates",
    "trade deficit",
    "merger",
    "dividend",
    "football",
    "election",
    "film",
    "mobile phone",
    "coffee",
    "bank japan",
    "inflation",
    "shares",
    "chelsea",
    "music",
    "tax",
    "opec",
    "wheat",
    "profit",
];

const THREADS: usize = 2;
const MEMORY: usize = 200 << 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let replicate = args
        .iter()
        .position(|a| a == "--replicate")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok());
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(3);
    let builds_only = args.iter().any(|a| a == "--builds-only");
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if !shared.is_dir() {
        println!("skipping the scale benchmark: ../shared/corpora is absent");
        return;
    }
    let work = tempfile::tempdir().expect("a temp folder");
    let corpus = work.path().join("corpus");
    for part in ["bbc", "reuters"] {
        copy_tree(&shared.join(part), &corpus.join(part));
    }
    let stories = load(&corpus);
    let text_bytes: u64 = stories.iter().map(|s| s.bytes.len() as u64).sum();
    let tools = Tools::find();
    eprintln!(
        "benchmarking {} stories, {:.1} MB; {runs} runs each, medians",
        stories.len(),
        mb(text_bytes)
    );

    let mut table = Table::default();
    let index = work.path().join("index");

    // Full builds.
    // Each build's CPU time (user + system, every thread) beside its wall time: the child
    // process's for newsdex, this process's own for the two in-process baselines.
    let mut peak = None;
    let ours = median_build(runs, children_cpu, || {
        let (time, rss) = newsdex_index(&tools, &corpus, &index, true);
        peak = rss.or(peak);
        time
    });
    let (newsdex_build, newsdex_cpu) = (ours.wall, ours.cpu);
    let newsdex_size = newsdex::search::stats::folder_size(&index);
    let sqlite_db = work.path().join("fts.db");
    let sqlite = median_build(runs, own_cpu, || sqlite_load(&corpus, &sqlite_db));
    let (sqlite_build, sqlite_cpu) = (sqlite.wall, sqlite.cpu);
    let sqlite_size = std::fs::metadata(&sqlite_db).map_or(0, |m| m.len());
    let bare_dir = work.path().join("bare");
    let bare = median_build(runs, own_cpu, || bare_tantivy(&stories, &bare_dir));
    let (bare_build, bare_cpu) = (bare.wall, bare.cpu);
    let bare_size = newsdex::search::stats::folder_size(&bare_dir);

    let n = stories.len() as f64;
    let rate = |t: Duration| {
        format!(
            "{:.1} MB/s, {:.0} stories/s",
            mb(text_bytes) / t.as_secs_f64(),
            n / t.as_secs_f64()
        )
    };
    table.row(
        "full build: newsdex index (process)",
        secs(newsdex_build),
        format!(
            "{}, CPU {}, peak {}, index {:.1} MB",
            rate(newsdex_build),
            secs(newsdex_cpu),
            peak.map_or("n/a".into(), |kb| format!("{:.0} MB", kb as f64 / 1024.0)),
            mb(newsdex_size)
        ),
    );
    table.row(
        "full build: SQLite FTS5 (rusqlite, porter)",
        secs(sqlite_build),
        format!(
            "{}, CPU {}, db {:.1} MB",
            rate(sqlite_build),
            secs(sqlite_cpu),
            mb(sqlite_size)
        ),
    );
    table.row(
        "full build: bare tantivy, title+body in memory",
        secs(bare_build),
        format!(
            "{}, CPU {}, index {:.1} MB",
            rate(bare_build),
            secs(bare_cpu),
            mb(bare_size)
        ),
    );
    table.ratio(
        "newsdex / FTS5 build",
        ratio(newsdex_build, sqlite_build),
        "<= 0.85",
        ratio(newsdex_build, sqlite_build) <= 0.85,
    );
    table.ratio(
        "newsdex / bare tantivy build",
        ratio(newsdex_build, bare_build),
        "<= 1.5",
        ratio(newsdex_build, bare_build) <= 1.5,
    );
    // The same ratios in CPU time: on a loaded machine the wall-clock ones swing with
    // whichever side the load lands on. FTS5 runs on one core, the others on two.
    let r = ratio(newsdex_cpu, sqlite_cpu);
    table.ratio("newsdex / FTS5 build (CPU time)", r, "", true);
    let r = ratio(newsdex_cpu, bare_cpu);
    table.ratio("newsdex / bare tantivy build (CPU time)", r, "", true);
    let size_ratio = newsdex_size as f64 / text_bytes as f64;
    table.ratio(
        "newsdex index size / text",
        size_ratio,
        "<= 1.2",
        size_ratio <= 1.2,
    );
    table.ratio(
        "FTS5 db size / text",
        sqlite_size as f64 / text_bytes as f64,
        "",
        true,
    );

    if builds_only {
        table.print(&tools, stories.len(), text_bytes);
        return;
    }

    // Re-indexing.
    newsdex_index(&tools, &corpus, &index, true);
    let noop = median(runs, || newsdex_index(&tools, &corpus, &index, false).0);
    table.row("no-op re-index", secs(noop), String::new());
    let noop_share = ratio(noop, newsdex_build);
    table.ratio(
        "no-op / full build",
        noop_share,
        "<= 0.05",
        noop_share <= 0.05,
    );
    let changed = median(runs, || {
        touch_one_percent(&corpus);
        newsdex_index(&tools, &corpus, &index, false).0
    });
    table.row(
        "1% of files changed: re-index",
        secs(changed),
        format!("{:.1}% of full", 100.0 * ratio(changed, newsdex_build)),
    );
    newsdex_index(&tools, &corpus, &index, true);

    // Queries.
    let in_process = query_in_process(&index);
    table.row(
        "query in-process (20 queries, snippets)",
        format!("p50 {}", ms(pct(&in_process, 50))),
        format!("p95 {}", ms(pct(&in_process, 95))),
    );
    let process = query_processes(&index);
    let process_p50 = table.processes("query: newsdex query process", &process);
    if let Some(sqlite3) = &tools.sqlite3 {
        let cli = sqlite_cli_queries(sqlite3, &sqlite_db);
        let cli_p50 = table.processes("query: sqlite3 CLI process (bm25 + snippet)", &cli);
        let r = ratio(process_p50.wall, cli_p50.wall);
        table.ratio("newsdex / sqlite3 query (p50)", r, "<= 1.2", r <= 1.2);
        let r = ratio(process_p50.cpu, cli_p50.cpu);
        table.ratio(
            "newsdex / sqlite3 query (p50 CPU time)",
            r,
            "<= 1.2",
            r <= 1.2,
        );
    } else {
        table.row("query: sqlite3 CLI", "not installed".into(), String::new());
    }
    let (grep_name, grep) = grep_queries(&tools, &corpus);
    table.row(
        &format!("query: {grep_name} over the folder"),
        format!("p50 {}", ms(pct(&grep, 50))),
        format!("p95 {}", ms(pct(&grep, 95))),
    );
    let r = ratio(pct(&grep, 50), process_p50.wall);
    table.ratio(
        &format!("{grep_name} / newsdex query (p50)"),
        r,
        ">= 10",
        r >= 10.0,
    );

    if let Some(copies) = replicate {
        let big = work.path().join(format!("corpus{copies}x"));
        replicate_tree(&corpus, &big, copies);
        let big_index = work.path().join(format!("index{copies}x"));
        let (big_build, big_peak) = newsdex_index(&tools, &big, &big_index, true);
        let big_process = query_processes(&big_index);
        let build_ratio = ratio(big_build, newsdex_build);
        table.row(
            &format!("{copies}x corpus: newsdex full build"),
            secs(big_build),
            format!(
                "{} stories, peak {}, index {:.0} MB",
                stories.len() * copies,
                big_peak.map_or("n/a".into(), |kb| format!("{:.0} MB", kb as f64 / 1024.0)),
                mb(newsdex::search::stats::folder_size(&big_index))
            ),
        );
        table.ratio(
            &format!("{copies}x build / 1x build"),
            build_ratio,
            &format!("<= {copies}"),
            build_ratio <= copies as f64,
        );
        if let Some(kb) = big_peak {
            let mbs = kb as f64 / 1024.0;
            table.ratio(
                &format!("{copies}x peak memory, MB"),
                mbs,
                "< 400",
                mbs < 400.0,
            );
        }
        let big_p50 = table.processes(
            &format!("{copies}x corpus: newsdex query process"),
            &big_process,
        );
        let growth = ratio(big_p50.wall, process_p50.wall);
        table.ratio(
            &format!("{copies}x / 1x query process (p50)"),
            growth,
            "<= 1.5",
            growth <= 1.5,
        );
        let growth = ratio(big_p50.cpu, process_p50.cpu);
        table.ratio(
            &format!("{copies}x / 1x query process (p50 CPU time)"),
            growth,
            "<= 1.5",
            growth <= 1.5,
        );
    }
    table.print(&tools, stories.len(), text_bytes);
}

/// A story file read into memory, for the bare tantivy writer.
struct Story {
    id: String,
    bytes: Vec<u8>,
}

fn story_paths(root: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    paths
}

fn load(root: &Path) -> Vec<Story> {
    story_paths(root)
        .into_iter()
        .map(|path| Story {
            id: path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned(),
            bytes: std::fs::read(&path).unwrap(),
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for path in story_paths(from) {
        let target = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&path, &target).unwrap();
    }
}

/// `copies` copies of `from` under `to/copyN/`, as hard links (symlinks when linking fails).
fn replicate_tree(from: &Path, to: &Path, copies: usize) {
    let paths = story_paths(from);
    for copy in 0..copies {
        for path in &paths {
            let target = to
                .join(format!("copy{copy:03}"))
                .join(path.strip_prefix(from).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            if std::fs::hard_link(path, &target).is_err() {
                std::os::unix::fs::symlink(path, &target).unwrap();
            }
        }
    }
}

/// Appends a line to every 100th story file.
fn touch_one_percent(root: &Path) {
    use std::io::Write;
    for path in story_paths(root).into_iter().step_by(100) {
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        writeln!(file, "Updated.").unwrap();
    }
}

struct Tools {
    newsdex: PathBuf,
    time: Option<PathBuf>,
    sqlite3: Option<PathBuf>,
    rg: Option<PathBuf>,
}

impl Tools {
    fn find() -> Tools {
        Tools {
            newsdex: PathBuf::from(env!("CARGO_BIN_EXE_newsdex")),
            time: which("/usr/bin/time"),
            sqlite3: which("sqlite3"),
            rg: which("rg"),
        }
    }
}

fn which(name: &str) -> Option<PathBuf> {
    if name.starts_with('/') {
        return Path::new(name).is_file().then(|| PathBuf::from(name));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Runs `newsdex index`; returns wall time and peak RSS in KB (when `/usr/bin/time` exists).
fn newsdex_index(
    tools: &Tools,
    corpus: &Path,
    index: &Path,
    rebuild: bool,
) -> (Duration, Option<u64>) {
    let rss_file = index.with_extension("rss");
    let mut cmd = match &tools.time {
        Some(time) => {
            let mut cmd = Command::new(time);
            cmd.arg("-f").arg("%M").arg("-o").arg(&rss_file);
            cmd.arg(&tools.newsdex);
            cmd
        }
        None => Command::new(&tools.newsdex),
    };
    cmd.arg("--index")
        .arg(index)
        .arg("index")
        .arg(corpus)
        .arg("-q")
        // The same threads and writer memory as the bare tantivy baseline.
        .arg("-j")
        .arg(THREADS.to_string())
        .arg("--memory")
        .arg((MEMORY >> 20).to_string());
    if rebuild {
        cmd.arg("--rebuild");
    }
    let started = Instant::now();
    let status = cmd.stdout(Stdio::null()).status().unwrap();
    let elapsed = started.elapsed();
    assert!(status.success(), "newsdex index failed");
    let rss = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|text| text.trim().lines().last()?.trim().parse().ok());
    (elapsed, rss)
}

/// SQLite FTS5 loading the folder: read every file, insert (id, title, body), commit.
fn sqlite_load(corpus: &Path, db: &Path) -> Duration {
    let _ = std::fs::remove_file(db);
    let started = Instant::now();
    let mut conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
         CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61');",
    )
    .unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare("INSERT INTO docs (id, title, body) VALUES (?1, ?2, ?3)")
            .unwrap();
        for path in story_paths(corpus) {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let (title, body) = text.split_once('\n').unwrap_or(("", &text));
            let id = path.strip_prefix(corpus).unwrap().to_string_lossy();
            insert.execute((id.as_ref(), title, body)).unwrap();
        }
    }
    tx.commit().unwrap();
    drop(conn);
    started.elapsed()
}

/// A bare tantivy writer: title and body (stemmed, body stored) of stories in memory.
fn bare_tantivy(stories: &[Story], dir: &Path) -> Duration {
    use tantivy::schema::{Schema, STORED, STRING, TEXT};
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let texts: Vec<(String, String, String)> = stories
        .iter()
        .map(|s| {
            let text = String::from_utf8_lossy(&s.bytes).into_owned();
            let (title, body) = text.split_once('\n').unwrap_or(("", &text));
            (s.id.clone(), title.to_string(), body.to_string())
        })
        .collect();
    let started = Instant::now();
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let stemmed = tantivy::schema::TextOptions::default()
        .set_indexing_options(
            tantivy::schema::TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let _ = TEXT;
    let title = builder.add_text_field("title", stemmed.clone());
    let body = builder.add_text_field("body", stemmed);
    let index = tantivy::Index::create_in_dir(dir, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(THREADS, MEMORY).unwrap();
    for (i, t, b) in &texts {
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_text(id, i);
        doc.add_text(title, t);
        doc.add_text(body, b);
        writer.add_document(doc).unwrap();
    }
    writer.commit().unwrap();
    writer.wait_merging_threads().unwrap();
    started.elapsed()
}

fn query_in_process(index: &Path) -> Vec<Duration> {
    let index = NewsIndex::open(index).unwrap();
    let mut times = Vec::new();
    for _ in 0..5 {
        for query in QUERIES {
            let started = Instant::now();
            let results = index.search(&SearchRequest::new(*query)).unwrap();
            times.push(started.elapsed());
            std::hint::black_box(results);
        }
    }
    times
}

/// One child process's wall-clock time and CPU time (user + system).
///
/// CPU time is what a loaded two-core machine distorts least: other jobs stretch the wall
/// clock of whichever side of a ratio they land on, but not the CPU a process itself used.
#[derive(Clone, Copy)]
struct ProcessTime {
    wall: Duration,
    cpu: Duration,
}

/// CPU time used so far by this process's waited-for children.
fn children_cpu() -> Duration {
    rusage_cpu(libc::RUSAGE_CHILDREN)
}

/// CPU time used so far by this process, every thread (the in-process baselines).
fn own_cpu() -> Duration {
    rusage_cpu(libc::RUSAGE_SELF)
}

fn rusage_cpu(who: libc::c_int) -> Duration {
    // SAFETY: getrusage writes into the zeroed struct it is given and nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn time_process(cmd: &mut Command) -> ProcessTime {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let wall = started.elapsed();
    assert!(status.code().is_some_and(|c| c <= 1), "{cmd:?} failed");
    ProcessTime {
        wall,
        cpu: children_cpu().saturating_sub(cpu_before),
    }
}

/// The p-th percentile of the processes' wall-clock and CPU times, each taken on its own.
fn pct_process(times: &[ProcessTime], p: usize) -> ProcessTime {
    let walls: Vec<Duration> = times.iter().map(|t| t.wall).collect();
    let cpus: Vec<Duration> = times.iter().map(|t| t.cpu).collect();
    ProcessTime {
        wall: pct(&walls, p),
        cpu: pct(&cpus, p),
    }
}

fn query_processes(index: &Path) -> Vec<ProcessTime> {
    let bin = env!("CARGO_BIN_EXE_newsdex");
    let mut times = Vec::new();
    for _ in 0..3 {
        for query in QUERIES {
            times.push(time_process(
                Command::new(bin)
                    .arg("--index")
                    .arg(index)
                    .args(["query", query, "--color", "never"]),
            ));
        }
    }
    times
}

fn sqlite_cli_queries(sqlite3: &Path, db: &Path) -> Vec<ProcessTime> {
    let mut times = Vec::new();
    for _ in 0..3 {
        for query in QUERIES {
            let matching: Vec<String> = query.split(' ').map(|w| format!("\"{w}\"")).collect();
            let sql = format!(
                "SELECT id, title, snippet(docs, 2, '[', ']', '…', 30) FROM docs \
                 WHERE docs MATCH '{}' ORDER BY bm25(docs) LIMIT 10;",
                matching.join(" ")
            );
            times.push(time_process(Command::new(sqlite3).arg(db).arg(sql)));
        }
    }
    times
}

fn grep_queries(tools: &Tools, corpus: &Path) -> (String, Vec<Duration>) {
    let mut times = Vec::new();
    let name = if tools.rg.is_some() {
        "rg -i -l"
    } else {
        "grep -ril (rg absent)"
    };
    for query in QUERIES {
        let mut cmd = match &tools.rg {
            Some(rg) => {
                let mut cmd = Command::new(rg);
                cmd.args(["-i", "-l"]);
                cmd
            }
            None => {
                let mut cmd = Command::new("grep");
                cmd.args(["-r", "-i", "-l"]);
                cmd
            }
        };
        times.push(time_process(cmd.arg(query).arg(corpus)).wall);
    }
    (name.to_string(), times)
}

/// The median wall and CPU time of `runs` builds; `cpu_clock` counts the build's CPU (this
/// process's or its children's).
fn median_build(
    runs: usize,
    cpu_clock: fn() -> Duration,
    mut build: impl FnMut() -> Duration,
) -> ProcessTime {
    let times: Vec<ProcessTime> = (0..runs.max(1))
        .map(|_| {
            let before = cpu_clock();
            let wall = build();
            ProcessTime {
                wall,
                cpu: cpu_clock().saturating_sub(before),
            }
        })
        .collect();
    pct_process(&times, 50)
}

fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1)).map(|_| f()).collect();
    times.sort();
    times[times.len() / 2]
}

fn pct(times: &[Duration], p: usize) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[derive(Default)]
struct Table {
    rows: Vec<(String, String, String)>,
}

impl Table {
    fn row(&mut self, what: &str, value: String, detail: String) {
        self.rows.push((what.to_string(), value, detail));
    }

    /// A row of processes' wall-clock p50 and p95 and CPU p50; gives back their p50s.
    fn processes(&mut self, what: &str, times: &[ProcessTime]) -> ProcessTime {
        let p50 = pct_process(times, 50);
        self.row(
            what,
            format!("p50 {}", ms(p50.wall)),
            format!(
                "p95 {}; CPU p50 {}",
                ms(pct_process(times, 95).wall),
                ms(p50.cpu)
            ),
        );
        p50
    }

    fn ratio(&mut self, what: &str, value: f64, target: &str, met: bool) {
        let verdict = match (target.is_empty(), met) {
            (true, _) => String::new(),
            (false, true) => format!("target {target}: met"),
            (false, false) => format!("target {target}: MISSED"),
        };
        self.rows
            .push((what.to_string(), format!("{value:.2}"), verdict));
    }

    fn print(&self, tools: &Tools, stories: usize, bytes: u64) {
        println!(
            "\nnewsdex scale benchmark: {stories} stories, {:.1} MB of text, {} threads, \
             writer {} MB; sqlite3 {}, rg {}",
            mb(bytes),
            THREADS,
            MEMORY >> 20,
            if tools.sqlite3.is_some() {
                "yes"
            } else {
                "absent"
            },
            if tools.rg.is_some() {
                "yes"
            } else {
                "absent (grep -ril instead)"
            },
        );
        println!("\n| measure | value | detail |\n| --- | --- | --- |");
        for (what, value, detail) in &self.rows {
            println!("| {what} | {value} | {detail} |");
        }
    }
}
