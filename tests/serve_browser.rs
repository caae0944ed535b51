//! The search page of `newsdex serve` (#14) in a real browser: headless Chromium loads
//! pages whose state is in the URL, runs their script against the in-process server and
//! dumps the resulting DOM, which is checked for the hits, highlights, facets, timeline,
//! story view, and that a story's markup shows as text and never runs.
//!
//! Skips visibly (a line on stderr) when no Chromium is installed; fails instead under
//! `NEWSDEX_REQUIRE_BROWSER=1`, which `.ci/run` sets after installing it.

mod util;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex::serve::{self, Limits};
use util::*;

/// The Chromium binary on `PATH`, if any.
fn chromium() -> Option<PathBuf> {
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        if std::env::var_os("NEWSDEX_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("no chromium on PATH and NEWSDEX_REQUIRE_BROWSER=1 requires it");
        }
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED serve_browser: no chromium on PATH (apt-get install chromium; NEWSDEX_REQUIRE_BROWSER=1 fails instead)"
        );
    }
    found
}

/// The DOM of the page at `addr` + `target` once its script has run.
fn dump_dom(browser: &PathBuf, addr: SocketAddr, target: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("http://{addr}{target}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut dom).map(|_| dom)
    });
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {target} within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap().expect("chromium's output is UTF-8")
}

/// The text between the first `start` after `from` and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let at = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{text}"));
    let rest = &text[at + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn status(dom: &str) -> &str {
    between(dom, "aria-live=\"polite\">", "</p>")
}

#[test]
fn the_search_page_shows_hits_facets_timeline_and_stories() {
    let Some(browser) = chromium() else { return };
    let addr = serve::spawn_local(bundled_index(), Limits::default()).unwrap();

    // A query in the URL fills the box and shows the expected first hit, highlighted.
    let dom = dump_dom(&browser, addr, "/?q=opec+output+cuts");
    assert!(
        dom.contains("<title>opec output cuts — newsdex</title>"),
        "{dom}"
    );
    assert_eq!(status(&dom), "1–2 of 2 matching stories");
    let first = between(&dom, "<li class=\"hit\">", "</h3>");
    assert!(
        first.contains("<mark>OPEC</mark>+ Agrees Deeper <mark>Output</mark> <mark>Cuts</mark> as Crude Slides Below $70"),
        "first hit: {first}"
    );
    assert!(dom.contains("<mark>"), "passages are highlighted");

    // The facets are links; following one narrows the hits.
    let dom = dump_dom(&browser, addr, "/?q=rates");
    assert_eq!(status(&dom), "1–6 of 6 matching stories");
    assert!(
        dom.contains("href=\"?q=rates&amp;location=LONDON\""),
        "{dom}"
    );
    let dom = dump_dom(&browser, addr, "/?q=rates&location=LONDON");
    assert_eq!(status(&dom), "1–1 of 1 matching story");
    assert!(
        dom.contains("aria-pressed=\"true\""),
        "the chosen facet is marked"
    );
    assert!(between(&dom, "<li class=\"hit\">", "</h3>").contains("Bank of England"));

    // The timeline renders one bar per period, and a date range narrows the hits.
    let dom = dump_dom(&browser, addr, "/?q=the&by=month");
    let chart = between(&dom, "<svg", "</svg>");
    assert!(
        chart.contains("aria-label=\"Matching stories per month; 36 undated\""),
        "{chart}"
    );
    assert_eq!(
        chart.matches("<g class=\"bar").count(),
        11,
        "2025-01 to 2025-11"
    );
    assert!(chart.contains("aria-label=\"2025-11: "), "{chart}");
    let dom = dump_dom(&browser, addr, "/?q=the&since=2025-11-01&until=2025-11-30");
    assert!(status(&dom).ends_with("matching stories") && !status(&dom).contains("of 48"));

    // The story view lists the parsed fields and the quotes with their speakers.
    let dom = dump_dom(&browser, addr, "/?story=world%2Fkim-xi-beijing-summit.txt");
    let story = between(&dom, "<article id=\"story\"", "</article>");
    assert!(story.contains("<dt>Place</dt><dd>SEOUL</dd>"), "{story}");
    assert!(story.contains("<cite>Xi"), "{story}");
}

#[test]
fn story_markup_shows_as_text_and_never_runs() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::new();
    env.write(
        "world/script.txt",
        "Hostile <script>document.title='pwned'</script> headline\n\nPARIS, May 1 (AFP) - A \
         hostile story with <img src=x onerror=\"document.title='pwned'\"> inside. \
         \"<b>Bold</b> words,\" said Ann Lee.\n",
    );
    assert_exit(&env.run(&["index", "corpus", "-q"]), 0);
    let addr = serve::spawn_local(&env.index(), Limits::default()).unwrap();
    for target in ["/?q=hostile", "/?story=world%2Fscript.txt"] {
        let dom = dump_dom(&browser, addr, target);
        assert!(
            !dom.contains("pwned</title>"),
            "{target}: a story's script ran:\n{dom}"
        );
        assert!(
            dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
            "{target}: the markup is shown as text:\n{dom}"
        );
        assert!(!dom.contains("<img src=\"x\""), "{target}: {dom}");
        assert!(!dom.contains("<b>Bold</b>"), "{target}: {dom}");
    }
}
