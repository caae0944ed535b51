//! The search page of `newsdex serve` (#14) in a real browser. One test drives headless
//! Chromium like a person (over the DevTools pipe, `tests/cdp`): it types a query into the
//! box and presses Enter, clicks a facet, pages on, drags a range across the timeline, picks
//! a bar by keyboard and opens a story. The others load pages whose state is in the URL and
//! check the dumped DOM for hits, highlights, facets, timeline and story view, and that a
//! story's markup shows as text and never runs.
//!
//! Skips visibly (a line on stderr) when no Chromium is installed; fails instead under
//! `NEWSDEX_REQUIRE_BROWSER=1`, which `.ci/run` sets after installing it.

mod cdp;
mod util;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex::serve::{self, Limits};
use serde_json::Value;
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
        .args(cdp::HEADLESS_FLAGS)
        .args(["--virtual-time-budget=5000", "--dump-dom"])
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
    // Tags from the stories' metadata are a facet too, linked to the `tag` filter.
    let dom = dump_dom(&browser, addr, "/?q=said");
    assert!(dom.contains("<h2>Tags</h2>"), "{dom}");
    assert!(dom.contains("href=\"?q=said&amp;tag=trams\""), "{dom}");
    let dom = dump_dom(&browser, addr, "/?q=said&tag=trams");
    assert_eq!(status(&dom), "1–1 of 1 matching story");
    assert!(
        between(&dom, "<li class=\"hit\">", "</h3>").contains("Manchester tram strike called off")
    );

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

/// The status line ("1–10 of 48 matching stories") once it no longer says "Searching…".
const STATUS: &str = "document.getElementById('status').textContent";

fn settled(value: &Value, expected: &str) -> bool {
    value.as_str() == Some(expected)
}

#[test]
fn typing_clicking_and_dragging_drive_the_page() {
    let Some(binary) = chromium() else { return };
    let addr = serve::spawn_local(bundled_index(), Limits::default()).unwrap();
    let mut page = cdp::Browser::start(&binary, 1200, 1600);
    page.open(&format!("http://{addr}/"));
    page.wait_for("document.querySelector('#results .note') !== null", |v| {
        v == &Value::Bool(true)
    });

    // A query typed into the box and sent with Enter shows the expected first hit,
    // highlighted, and puts the state in the URL.
    page.eval("document.getElementById('q').focus()");
    page.type_text("opec output cuts");
    page.press("Enter", 13);
    page.wait_for(STATUS, |v| settled(v, "1–2 of 2 matching stories"));
    assert_eq!(page.eval("location.search"), "?q=opec+output+cuts");
    assert_eq!(page.eval("document.title"), "opec output cuts — newsdex");
    let first = page.eval("document.querySelector('li.hit h3').innerHTML");
    assert!(
        first.as_str().unwrap().contains(
            "<mark>OPEC</mark>+ Agrees Deeper <mark>Output</mark> <mark>Cuts</mark> as Crude Slides Below $70"
        ),
        "first hit: {first}"
    );

    // A new query replaces the old one; clicking a facet narrows the hits.
    page.eval("(() => { const q = document.getElementById('q'); q.focus(); q.select(); })()");
    page.type_text("rates");
    page.press("Enter", 13);
    page.wait_for(STATUS, |v| settled(v, "1–6 of 6 matching stories"));
    page.click("a.facet[href*='location=LONDON']");
    page.wait_for(STATUS, |v| settled(v, "1–1 of 1 matching story"));
    assert_eq!(page.eval("location.search"), "?q=rates&location=LONDON");
    let first = page.eval("document.querySelector('li.hit h3').textContent");
    assert!(
        first.as_str().unwrap().contains("Bank of England"),
        "{first}"
    );
    assert_eq!(
        page.eval("document.querySelector('a.facet.on').getAttribute('aria-pressed')"),
        "true"
    );
    // The chip removes the filter again.
    page.click("#filters a.chip");
    page.wait_for(STATUS, |v| settled(v, "1–6 of 6 matching stories"));

    // Pagination: the next page of a broad query.
    page.eval("(() => { const q = document.getElementById('q'); q.focus(); q.select(); })()");
    page.type_text("the");
    page.press("Enter", 13);
    page.wait_for(STATUS, |v| settled(v, "1–10 of 48 matching stories"));
    page.click("a[rel=next]");
    page.wait_for(STATUS, |v| settled(v, "11–20 of 48 matching stories"));
    assert_eq!(page.eval("location.search"), "?q=the&offset=10");

    // The timeline renders a bar per month; dragging from 2025-11 back to 2025-09 keeps
    // only stories of those three months, counted as the bars said.
    let bars = page.wait_for(
        "Array.from(document.querySelectorAll('#chart g.bar')).map(g => g.getAttribute('aria-label'))",
        |v| v.as_array().is_some_and(|a| a.len() == 11),
    );
    let count = |label: &Value| -> u64 {
        let label = label.as_str().unwrap();
        label[label.find(": ").unwrap() + 2..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let bars = bars.as_array().unwrap();
    assert!(
        bars[0].as_str().unwrap().starts_with("2025-01: "),
        "{bars:?}"
    );
    assert!(
        bars[10].as_str().unwrap().starts_with("2025-11: "),
        "{bars:?}"
    );
    let in_range: u64 = bars[8..=10].iter().map(count).sum();
    assert!(in_range > 0 && in_range <= 10, "{bars:?}");
    let from = page.centre("#chart g.bar:nth-of-type(11) .hit-area");
    let to = page.centre("#chart g.bar:nth-of-type(9) .hit-area");
    page.drag(from, to);
    let noun = if in_range == 1 { "story" } else { "stories" };
    let expected = format!("1–{in_range} of {in_range} matching {noun}");
    page.wait_for(STATUS, |v| settled(v, &expected));
    assert_eq!(
        page.eval("location.search"),
        "?q=the&since=2025-09-01&until=2025-11-30"
    );
    assert_eq!(
        page.eval("document.querySelectorAll('#chart g.bar.chosen').length"),
        3
    );
    assert_eq!(
        page.eval("document.querySelector('#filters a.chip').textContent"),
        "dates: 2025-09-01 to 2025-11-30 ×"
    );

    // A bar chosen by keyboard (focus, Enter) keeps one month.
    page.eval("document.querySelector('#chart g.bar').focus()");
    page.press("Enter", 13);
    let january = count(&bars[0]);
    let noun = if january == 1 { "story" } else { "stories" };
    let expected = format!("1–{january} of {january} matching {noun}");
    page.wait_for(STATUS, |v| settled(v, &expected));
    assert_eq!(
        page.eval("location.search"),
        "?q=the&since=2025-01-01&until=2025-01-31"
    );

    // Clicking a headline opens the story view with its parsed fields and quotes.
    let id = page.eval("document.querySelector('li.hit h3 a').getAttribute('href')");
    page.click("li.hit h3 a");
    page.wait_for("document.getElementById('story').hidden", |v| {
        v == &Value::Bool(false)
    });
    page.wait_for("document.querySelectorAll('#story dl dt').length", |v| {
        v.as_u64().is_some_and(|n| n > 0)
    });
    assert_eq!(page.eval("location.search"), id);
    // Back returns to the results, state and all.
    page.eval("history.back()");
    page.wait_for(STATUS, |v| settled(v, &expected));
    assert_eq!(page.eval("document.getElementById('story').hidden"), true);

    // On a phone's width the page fits without sideways scrolling.
    page.resize(390, 844, true);
    page.open(&format!("http://{addr}/?q=rates"));
    page.wait_for("location.search", |v| v == "?q=rates");
    page.wait_for(STATUS, |v| settled(v, "1–6 of 6 matching stories"));
    assert_eq!(
        page.eval("document.documentElement.scrollWidth <= window.innerWidth"),
        true,
        "width {} in a {} viewport",
        page.eval("document.documentElement.scrollWidth"),
        page.eval("window.innerWidth")
    );
}
