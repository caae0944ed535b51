//! Stage 2, saved pages (`.html`): page -> [`Article`]. The story inside the page, without
//! menus, captions, "Related" boxes, newsletter and cookie banners or comments.
//!
//! Two passes, each linear in the page's size:
//! - the main-text engine finds the story's block: Mozilla Readability's algorithm, as ported
//!   by [`dom_smoothie`] (chosen by measurement on real pages: see `tests/html_accuracy.rs`
//!   and BENCHMARKS.md), with our own block walker ([`blocks`]) as the fallback when it
//!   finds nothing;
//! - the block's paragraphs are cleaned ([`clean`]: captions, pull quotes that repeat the
//!   body, "Read more" lines) and then go through the same news pass as `.txt` stories, so
//!   the dateline, byline and quotations are found in the body exactly as in wire copy.
//!
//! Headline, byline, date, section, canonical URL and site name come from the page's
//! metadata ([`metadata`]). A page whose main text holds no prose (a section front, an index
//! of links) is rejected with [`ParseError::NoArticleText`]. This module knows nothing of
//! files, the index or the terminal. Pages nested deeper than [`MAX_DEPTH`] elements (no
//! real page is; html5ever's tree building is quadratic in nesting depth) are read as text
//! with the tags stripped instead.

mod blocks;
mod clean;
mod metadata;

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use scraper::Html;

use super::front_matter::{fill, Metadata};
use super::{assemble, Article, ParseOptions};
use crate::error::ParseError;
use blocks::Blocks;

/// A story's first block that holds its headline on a line of its own is the heading
/// block (headline, date, section) when it has at most this many words.
const MAX_HEADING_BLOCK_WORDS: usize = 40;

/// Deepest element nesting handed to the HTML parser.
pub(crate) const MAX_DEPTH: usize = 256;

/// Whether `start` (the text with leading whitespace trimmed) opens an HTML document.
pub(crate) fn looks_like_document(start: &str) -> bool {
    let head: String = start
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head")
}

/// Whether text from a JSON field is HTML rather than plain text.
pub(crate) fn looks_like_markup(text: &str) -> bool {
    if !text.contains('<') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    ["<p>", "<p ", "</p>", "<br", "<div", "<li>"]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// The text blocks of an HTML fragment, separated by blank lines.
pub(crate) fn fragment_text(html: &str) -> String {
    if nesting_depth(html) > MAX_DEPTH {
        return strip_tags(html);
    }
    let fragment = Html::parse_fragment(html);
    let blocks = Blocks::collect(fragment.root_element());
    blocks.text_in(None)
}

/// Parses a saved article page.
pub(crate) fn parse(id: &str, html: &str, options: &ParseOptions) -> Result<Article, ParseError> {
    if nesting_depth(html) > MAX_DEPTH {
        return assemble(id, Metadata::default(), &strip_tags(html), options);
    }
    let html = close_title(html);
    let html = html.as_ref();
    let page = Html::parse_document(html);
    let main = main_text(html, true);
    let blocks = Blocks::collect(page.root_element());
    let mut meta = metadata::read(
        &page,
        main.as_ref().and_then(|m| m.byline.clone()),
        &blocks.short_lines(),
    );

    let headline = meta.fields.title.clone();
    let mut paragraphs = main
        .map(|main| clean::paragraphs(main.paragraphs, headline.as_deref()))
        .unwrap_or_default();
    if !clean::has_prose(&paragraphs) {
        // What the page calls furniture may wrap the whole page (`<body class="ad-portal">`,
        // a story shown in a `modal`): the engine again, on the page as it is.
        if let Some(main) = main_text(html, false) {
            let again = clean::paragraphs(main.paragraphs, headline.as_deref());
            if clean::has_prose(&again) {
                paragraphs = again;
            }
        }
    }
    if !clean::has_prose(&paragraphs) {
        // The engine found no article: our own walker's best block, if it holds prose.
        let fallback = clean::paragraphs(
            blocks.linked_paragraphs_in(blocks.story_container()),
            headline.as_deref(),
        );
        if clean::has_prose(&fallback) {
            paragraphs = fallback;
        }
    }
    if meta.title_from_tag {
        // Only the `<title>` vouches, and it may name the site too: a heading just above
        // the story that is a segment of it is the headline.
        if let Some(anchor) = story_anchor(&paragraphs) {
            let near = blocks
                .heading_before(&paragraphs[0], anchor, &story_head(&paragraphs))
                .filter(|h| meta.title_segments.contains(&clean::words(h)))
                // A headline has more words than the site's name.
                .filter(|h| {
                    let count = |t: &str| t.split_whitespace().count();
                    count(h) > meta.fields.title.as_deref().map_or(0, count)
                });
            if near.is_some() {
                meta.fields.title = near;
            }
        }
    }
    // Whether the headline was found in the page's head above the story, some of which the
    // engine may have kept.
    let mut head_found = false;
    if !meta.title_vouched {
        // Nothing vouches for the `<h1>` or `<title>`: the heading just above the story is
        // its headline (old pages put the site's name in both).
        if let Some(anchor) = story_anchor(&paragraphs) {
            // A line near the story that is a segment of the `<title>` wins over a heading
            // there (a deck), which wins over a title segment far from the story (the
            // site's name on its masthead).
            let first = &paragraphs[0];
            let heading = blocks
                .line_before(first, anchor, &meta.title_segments)
                .or_else(|| blocks.heading_before(first, anchor, &story_head(&paragraphs)));
            if let Some(heading) = heading {
                // The story's first block is the heading block itself (the headline with a
                // date or section line): it is not body text.
                let first_words = clean::words(first);
                if first_words == clean::words(&heading)
                    || (first_words.split(' ').count() <= MAX_HEADING_BLOCK_WORDS
                        && first.lines().any(|l| l.trim() == heading))
                {
                    paragraphs.remove(0);
                } else {
                    head_found = true;
                }
                meta.fields.title = Some(heading);
            }
        }
    }
    if let (Some(headline), Some(first)) = (meta.fields.title.clone(), paragraphs.first()) {
        let parts = blocks.story_parts(
            &headline,
            first,
            meta.fields.summary.as_deref(),
            meta.fields.byline.as_deref(),
        );
        if let Some(deck) = parts.deck {
            take_deck(&mut paragraphs, &deck);
            fill(&mut meta.fields.deck, Some(deck));
        }
        fill(&mut meta.fields.kicker, parts.kicker);
        if head_found {
            drop_head(&mut paragraphs, &headline);
        }
    }
    if paragraphs.is_empty() {
        if let Some(body) = meta.body.take() {
            paragraphs = vec![body];
        }
    }
    if !clean::has_prose(&paragraphs) {
        return Err(ParseError::NoArticleText);
    }
    assemble(id, meta.fields, &paragraphs.join("\n\n"), options)
}

/// Drops the story's deck from its opening paragraphs (where the main-text engine kept
/// it), unless nothing else of the story would be left.
fn take_deck(paragraphs: &mut Vec<String>, deck: &str) {
    let deck = clean::words(deck);
    let Some(at) = paragraphs
        .iter()
        .take(DECK_PARAGRAPH_REACH)
        .position(|p| clean::words(p) == deck)
    else {
        return;
    };
    // Taken out only when prose is left without it.
    let deck_paragraph = paragraphs.remove(at);
    if !clean::has_prose(paragraphs) {
        paragraphs.insert(at, deck_paragraph);
    }
}

/// The paragraph the story's headline is looked for above: the first of its
/// [`ANCHOR_REACH`] opening paragraphs with a line of [`MIN_ANCHOR_WORDS`] words or more
/// (not a block of short lines: menu items, date stamps), else the first. The main-text
/// engine often keeps some of the page's head before the story (a `Post comment` line, a
/// photo's caption, the headline itself), and the headline sits above the story's opening
/// sentence, not above that furniture.
fn story_anchor(paragraphs: &[String]) -> Option<&str> {
    story_anchor_at(paragraphs).map(|at| paragraphs[at].as_str())
}

/// Where [`story_anchor`] is in `paragraphs`.
fn story_anchor_at(paragraphs: &[String]) -> Option<usize> {
    paragraphs
        .iter()
        .take(ANCHOR_REACH)
        .position(|p| {
            p.lines()
                .any(|l| l.split_whitespace().count() >= MIN_ANCHOR_WORDS)
        })
        .or((!paragraphs.is_empty()).then_some(0))
}

/// Drops the page's head that the main-text engine kept before the story's opening
/// sentence ([`story_anchor`]), once the headline is known: every paragraph up to the
/// headline's own, and before the opening sentence, paragraphs made only of bylines,
/// dates, credits and labels (`Contributed by Ana Silva`, `Friday, 28 December 2007`).
fn drop_head(paragraphs: &mut Vec<String>, headline: &str) {
    let Some(at) = story_anchor_at(paragraphs) else {
        return;
    };
    let headline = clean::words(headline);
    let head = paragraphs[..at]
        .iter()
        .rposition(|p| clean::words(p) == headline)
        .map_or(0, |h| h + 1);
    // A `By ...` line stays: the news pass reads the byline from it.
    let furniture = |p: &String| {
        !clean::is_by_line(p)
            && p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .all(blocks::is_deck_furniture)
    };
    let mut index = 0;
    paragraphs.retain(|p| {
        index += 1;
        index > at || (index > head && !furniture(p))
    });
}

/// How many opening paragraphs [`story_anchor`] looks at, and how many words the story's
/// opening paragraph has at least (a headline, a caption or a toolbar line has fewer).
const ANCHOR_REACH: usize = 6;
const MIN_ANCHOR_WORDS: usize = 15;

/// How many of the story's first paragraphs may be its deck.
const DECK_PARAGRAPH_REACH: usize = 3;

/// The story's first paragraphs (about [`STORY_HEAD_CHARS`] of them): what its headline
/// is about.
fn story_head(paragraphs: &[String]) -> String {
    let mut head = String::new();
    for paragraph in paragraphs {
        if head.len() >= STORY_HEAD_CHARS {
            break;
        }
        head.push_str(paragraph);
        head.push('\n');
    }
    // At most a few characters past the limit, whatever a paragraph's length.
    let mut end = head.len().min(STORY_HEAD_CHARS + 200);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    head.truncate(end);
    head
}

/// How much of the story's opening a headline in plain type is compared with.
const STORY_HEAD_CHARS: usize = 1000;

/// What the main-text engine found: the story's paragraphs and the byline it saw.
struct MainText {
    paragraphs: Vec<blocks::Paragraph>,
    byline: Option<String>,
}

/// Removes what [`blocks::is_furniture`] calls furniture from the page before the engine
/// scores it: one pass over the elements.
fn strip_furniture(document: &dom_query::Document) {
    let mut furniture = Vec::new();
    for node in document.root().descendants_it() {
        if !node.is_element() {
            continue;
        }
        let Some(name) = node.node_name() else {
            continue;
        };
        let attr = |key: &str| node.attr(key).map(|v| v.to_string());
        if !matches!(name.as_ref(), "head" | "script") && blocks::is_furniture(name.as_ref(), &attr)
        {
            furniture.push(node);
        }
    }
    for node in furniture {
        node.remove_from_parent();
    }
}

/// The story's block as [`dom_smoothie`] finds it (on the page with its furniture removed,
/// when `strip`), read into paragraphs by our own walker.
/// `None` when it finds no article or fails; a panic inside the crate is caught, so one odd
/// page can never stop `index`.
fn main_text(html: &str, strip: bool) -> Option<MainText> {
    // Unstripped, the classes that made the story look like furniture are dropped too, so
    // that our walker reads what the engine kept.
    let config = dom_smoothie::Config {
        keep_classes: strip,
        ..dom_smoothie::Config::default()
    };
    let found = catch_unwind(AssertUnwindSafe(|| {
        let document = dom_query::Document::from(html);
        if strip {
            strip_furniture(&document);
        }
        let mut readability =
            dom_smoothie::Readability::with_document(document, None, Some(config)).ok()?;
        let article = readability.parse().ok()?;
        Some((article.content.to_string(), article.byline))
    }))
    .ok()??;
    let (content, byline) = found;
    let fragment = Html::parse_fragment(&content);
    let blocks = Blocks::collect(fragment.root_element());
    Some(MainText {
        paragraphs: blocks.linked_paragraphs_in(None),
        byline,
    })
}

/// The page with its `<title>` closed where the page forgot to: a `<title>` whose text runs
/// into a tag other than `</title>` ends before that tag. (A browser reads everything up to a
/// `</title>` that may never come as the title, so the whole story would be lost.)
fn close_title(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let Some(open) = find_ascii_case_insensitive(html, "<title") else {
        return Cow::Borrowed(html);
    };
    let Some(text_start) = memchr(b'>', &bytes[open..]).map(|p| open + p + 1) else {
        return Cow::Borrowed(html);
    };
    let mut at = text_start;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let tag = at + offset;
        let next = bytes.get(tag + 1).copied().unwrap_or(b' ');
        if next.is_ascii_alphabetic() || next == b'/' || next == b'!' {
            let rest = &bytes[tag..bytes.len().min(tag + 7)];
            let after = bytes.get(tag + 7).copied().unwrap_or(b'>');
            if rest.eq_ignore_ascii_case(b"</title") && !after.is_ascii_alphanumeric() {
                return Cow::Borrowed(html);
            }
            let mut fixed = String::with_capacity(html.len() + 8);
            fixed.push_str(&html[..tag]);
            fixed.push_str("</title>");
            fixed.push_str(&html[tag..]);
            return Cow::Owned(fixed);
        }
        at = tag + 1;
    }
    Cow::Borrowed(html)
}

/// How deep elements nest, estimated by counting tags without parsing: `<x` opens (unless
/// void or `/>`), `</x` closes; comments and the insides of `<script>`/`<style>` (where
/// `a<b` is not a tag) are skipped. Linear, and an overestimate only for unclosed elements.
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "option", "td", "tr", "th", "dt", "dd",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let at = i + offset + 1;
        i = at;
        if at >= bytes.len() {
            break;
        }
        if bytes[at] == b'/' {
            depth = depth.saturating_sub(1);
            continue;
        }
        if bytes[at..].starts_with(b"!--") {
            match find_ascii_case_insensitive(&html[at..], "-->") {
                Some(end) => i = at + end,
                None => break,
            }
            continue;
        }
        if !bytes[at].is_ascii_alphabetic() {
            continue;
        }
        let name_end = bytes[at..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| at + p);
        let name = html[at..name_end].to_ascii_lowercase();
        let Some(tag_end) = memchr(b'>', &bytes[name_end..]).map(|p| name_end + p) else {
            // No tag is closed after this one.
            break;
        };
        if matches!(name.as_str(), "script" | "style") {
            match find_ascii_case_insensitive(&html[tag_end..], &format!("</{name}")) {
                Some(end) => i = tag_end + end + 2,
                None => break,
            }
            continue;
        }
        let self_closing = tag_end > 0 && bytes[tag_end - 1] == b'/';
        if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Text with tags removed (and `<script>`/`<style>` contents dropped): the fallback for
/// pages the HTML parser should not be given.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let lower: String = rest
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            Some("</script")
        } else if lower.starts_with("<style") {
            Some("</style")
        } else {
            None
        };
        if let Some(end_tag) = skip_to {
            match find_ascii_case_insensitive(rest, end_tag) {
                Some(at) => rest = &rest[at..],
                None => return decode_entities(&out),
            }
        }
        match rest.find('>') {
            Some(close) => {
                let tag = &rest[..close];
                if tag.starts_with("</p") || tag.starts_with("<p") || tag.starts_with("<br") {
                    out.push_str("\n\n");
                } else {
                    out.push(' ');
                }
                rest = &rest[close + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Article {
        parse("world/page.html", html, &ParseOptions::default()).expect("test pages parse")
    }

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Port strike ends | Newsdex</title>
<meta property="og:title" content="Port strike ends after talks">
<meta property="article:published_time" content="2025-10-09T08:00:00+01:00">
<meta name="author" content="Ana Silva">
<meta property="article:tag" content="ports"><meta property="article:tag" content="strikes">
<meta property="og:url" content="https://example.com/port">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD headline", "datePublished": "2020-01-01"}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><p>Site banner text</p></header>
<article>
  <h1>Port strike ends after talks</h1>
  <p>LISBON, Oct 9 (NW) &mdash; Dockers voted to end the strike on Thursday.</p>
  <div class="ad-slot"><p>Buy now!</p></div>
  <p>&ldquo;We won,&rdquo; said Rui Costa, the union leader.<br>He thanked members.</p>
  <aside><p>Related: other strikes</p></aside>
  <figure><img src="x.jpg"><figcaption>Dockers at the gate</figcaption></figure>
  <ul><li>Pay up 5%</li><li>Shorter shifts</li></ul>
  <p>Advertisement</p>
</article>
<footer><p>Copyright Newsdex</p></footer>
<script>var x = "not text";</script>
</body></html>"#;

    #[test]
    fn article_page_metadata_and_body() {
        let a = page(PAGE);
        assert_eq!(a.title.as_deref(), Some("Port strike ends after talks"));
        assert_eq!(a.published.unwrap().to_string(), "2025-10-09");
        assert_eq!(a.byline.as_deref(), Some("Ana Silva"));
        assert_eq!(a.tags, vec!["ports", "strikes"]);
        assert_eq!(a.url.as_deref(), Some("https://example.com/port"));
        let d = a.dateline.as_ref().unwrap();
        assert_eq!(
            (d.location.as_str(), d.date.as_deref(), d.agency.as_deref()),
            ("LISBON", Some("Oct 9"), Some("NW"))
        );
        assert_eq!(
            a.body,
            "Dockers voted to end the strike on Thursday.\n\n“We won,” said Rui Costa, the union leader.\n\nHe thanked members.\n\nPay up 5%\n\nShorter shifts"
        );
        assert_eq!(a.quotes.len(), 1);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Rui Costa"));
    }

    #[test]
    fn fallbacks_h1_time_json_ld_and_main_text_block() {
        let html = r#"<html><head><title>Title tag</title>
<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"], "author": [{"@type": "Person", "name": "Li Wei"}], "datePublished": "2025-03-01"}]}</script>
</head><body><div class="menu"><p>Home</p></div>
<div id="content"><h1>Flood barriers hold</h1><time datetime="2025-03-02">March 2</time>
<div class="text"><p>The barriers held overnight, officials said.</p><p>Pumps ran all night.</p></div>
<div class="share-bar"><p>Share this story on every network you can find</p></div></div></body></html>"#;
        let a = page(html);
        assert_eq!(a.title.as_deref(), Some("Flood barriers hold"));
        assert_eq!(a.published.unwrap().to_string(), "2025-03-02");
        assert_eq!(a.byline.as_deref(), Some("Li Wei"));
        assert_eq!(
            a.body,
            "The barriers held overnight, officials said.\n\nPumps ran all night."
        );
    }

    #[test]
    fn title_tag_and_loose_text() {
        let a = page("<html><head><title>Only a title</title></head><body>LONDON - Loose text without any paragraph tags at all.<br><br>Second part.</body></html>");
        assert_eq!(a.title.as_deref(), Some("Only a title"));
        assert_eq!(a.dateline.unwrap().location, "LONDON");
        assert_eq!(
            a.body,
            "Loose text without any paragraph tags at all.\n\nSecond part."
        );
    }

    #[test]
    fn an_unclosed_title_ends_at_the_next_tag() {
        let html = "<html><head><title>Dam opens - Newsdex\n<script>var x;</script></head>\
<body><h1>Dam opens</h1><p>The dam opened on Monday after ten years of building work.</p></body></html>";
        assert_eq!(
            close_title(html),
            "<html><head><title>Dam opens - Newsdex\n</title><script>var x;</script></head>\
<body><h1>Dam opens</h1><p>The dam opened on Monday after ten years of building work.</p></body></html>"
        );
        let a = page(html);
        assert_eq!(a.title.as_deref(), Some("Dam opens"));
        assert_eq!(
            a.body,
            "The dam opened on Monday after ten years of building work."
        );
        assert!(matches!(close_title(PAGE), Cow::Borrowed(_)));
        assert!(matches!(close_title("<title>x"), Cow::Borrowed(_)));
        assert_eq!(
            close_title("<title>x</titlevalue -->y"),
            "<title>x</title></titlevalue -->y"
        );
    }

    #[test]
    fn old_table_pages_headline_from_class_and_title_segment() {
        // No metadata vouches for a headline: the class names one above the story.
        let html = r#"<html><head><title>Newsdex Daily - Local News, Weather and Sports</title></head>
<body><table><tr><td><h1>HOT JOBS</h1><a href="/jobs">Drivers wanted</a></td>
<td><p><span class="headingstory">Ferry service resumes</span><br>Posted: Monday, Jan 7, 2008 10:23 PM</p>
<p>The island ferry sailed again on Monday after a week of storms kept it in port.</p>
<p>Its owners said the timetable would be back to normal by Friday.</p></td></tr></table></body></html>"#;
        let a = page(html);
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        assert_eq!(
            a.body,
            "The island ferry sailed again on Monday after a week of storms kept it in port.\n\nIts owners said the timetable would be back to normal by Friday."
        );
        // The headline is the segment of the `<title>` that the page shows as a line.
        let html = r#"<html><head><title>Newsdex Daily : Local : Ferry service resumes</title></head>
<body><table><tr><td><font size="4"><b>Ferry service resumes</b></font>
<p>The island ferry sailed again on Monday after a week of storms kept it in port.</p></td></tr></table></body></html>"#;
        assert_eq!(page(html).title.as_deref(), Some("Ferry service resumes"));
    }

    /// An old table page: a masthead, the given markup just above the story, then the story.
    fn old_page(title: &str, above: &str) -> Article {
        page(&format!(
            r#"<html><head><title>{title}</title></head><body><table><tr><td>
<p><font size="5">Newsdex Daily</font></p><p><a href="/">Home</a></p><p><a href="/local">Local</a></p>
<p><a href="/sport">Sport</a></p><p><a href="/weather">Weather</a></p></td></tr>
<tr><td>{above}
<p>The island ferry sailed again on Monday after a week of storms kept it in port.</p>
<p>Its owners said the timetable would be back to normal by Friday.</p></td></tr></table></body></html>"#
        ))
    }

    #[test]
    fn a_title_segment_near_the_story_beats_a_deck_and_the_masthead() {
        // The masthead is a `<title>` segment too, but far from the story: the heading just
        // above the story wins.
        let a = old_page(
            "Newsdex Daily - Local News",
            r#"<div class="storyhead">Ferry service resumes</div>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        // The segment shown just above the story wins over the deck below it.
        let a = old_page(
            "Newsdex Daily : Ferry service resumes",
            "<h1>Ferry service resumes</h1><h2>Storms kept the island cut off for a week</h2>",
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        // `ArticleHead`: an article's head names its headline.
        let a = old_page(
            "Newsdex Daily",
            r#"<table><tr><td class="ArticleHead">Ferry service resumes</td></tr><tr><td class="Byline">ANA SILVA</td></tr></table>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        assert!(a.body.starts_with("The island ferry"));
        // A heading that links to the story itself.
        let a = old_page(
            "Newsdex Daily",
            r#"<h2><a href="/ferry">Ferry service resumes</a></h2>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
    }

    #[test]
    fn a_headline_in_bold_or_large_type_above_the_story() {
        for above in [
            r#"<p><font size="4"><b>Ferry service resumes</b></font></p>"#,
            r#"<span style="font-size:18px;font-weight:bold">Ferry service resumes</span><br>"#,
            r#"<p><FONT SIZE="+1">Ferry service resumes</FONT></p><p>Monday, January 7, 2008</p>"#,
            "<p><b>Ferry service resumes<br>Monday, January 7, 2008</b></p>",
        ] {
            let a = old_page("Newsdex Daily", above);
            assert_eq!(a.title.as_deref(), Some("Ferry service resumes"), "{above}");
            assert!(a.body.starts_with("The island ferry"), "{above}");
        }
        // Not a headline: a label in capitals, a bold sentence, text-size buttons.
        for above in [
            "<p><b>EDITOR'S CHOICE</b></p>",
            "<p><b>The island had been cut off since the first storm on the first of January.</b></p>",
            "<p><b>A | A | A</b></p>",
        ] {
            let a = old_page("Newsdex Daily", above);
            assert_eq!(a.title.as_deref(), Some("Newsdex Daily"), "{above}");
        }
    }

    #[test]
    fn the_headline_is_the_strongest_of_the_headings_just_above_the_story() {
        // A byline set as a smaller heading below the headline loses to it.
        let a = old_page(
            "Newsdex Daily",
            "<h2>Ferry service resumes</h2><h4>Ana Silva,<br>Newsdex News Service</h4><p>Published: Monday, January 7, 2008</p>",
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        // A deck below the headline loses to it, and the time stamp set inside the
        // headline's element is not part of it.
        let a = old_page(
            "Newsdex Daily",
            r#"<h1><span class="timeStamp">Monday, 07 January 2008</span> Ferry service resumes</h1><h2>Storms kept the island cut off for a week</h2>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        // A kicker of two words above the headline is not the headline.
        let a = old_page(
            "Newsdex Daily",
            "<h1>Island life</h1><h2>Ferry service resumes after storms</h2><p>By Ana Silva</p>",
        );
        assert_eq!(
            a.title.as_deref(),
            Some("Ferry service resumes after storms")
        );
        // A stronger heading further up, past a block between them, is another part of
        // the page: the nearest heading is the headline.
        let a = old_page(
            "Newsdex Daily",
            r#"<h1>Next sailing - 16th March</h1><p><a href="/a">Fares</a> | <a href="/b">Times</a></p><h2>Ferry service resumes</h2><h3>Monday 7th January 2008</h3>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
    }

    #[test]
    fn the_headline_below_the_page_head_the_engine_kept_and_inside_the_first_block() {
        // The engine keeps a comments line and the headline before the story: the headline
        // is looked for above the story's opening sentence, and what comes before it, and
        // the byline-and-date line after it, are not body text.
        let a = old_page(
            "Newsdex Daily - 6.0",
            r#"<p><a href="/news">News</a> &gt; Story</p><p>Published - Monday, January 7, 2008</p>
<p><a href="/c">POST COMMENT</a> | <a href="/r">READ COMMENTS</a> (No comments posted.)</p>
<p class="headline">Ferry service resumes</p><p>Contributed by <a href="/u/7">Ana Silva</a><br>Monday, 7 January 2008</p>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        assert_eq!(a.body, OLD_PAGE_BODY);
        // The story's first paragraph shares its block with an agency and date line: the
        // headline in bold just above that block is found.
        let a = page(
            r#"<html><head><title>Newsdex</title></head><body><p><a href="/">Home</a> | <a href="/m">Markets</a></p>
<p><b>Ferry fares at 12.50 after the storms</b></p>
<p>Newsdex Wire<br><br>Monday, January 7, 2008 (Lisbon):<br><br>The island ferry sailed again on Monday after a week of storms kept it in port, its owners said.<br><br>Its owners said the timetable would be back to normal by Friday, weather permitting.</p></body></html>"#,
        );
        assert_eq!(
            a.title.as_deref(),
            Some("Ferry fares at 12.50 after the storms")
        );
    }

    #[test]
    fn other_stories_headlines_and_a_box_of_links_are_passed_over() {
        // Linked headlines side by side are other stories: the plain line below them, past
        // a toolbar and a date, is the headline.
        let a = old_page(
            "Newsdex Daily",
            r#"<div class="headline"><a href="/a">Fares rise again next month</a></div>
<div class="headline"><a href="/b">Harbour works delayed by a week</a></div>
<p>Ferry service resumes after storms</p><div class="headline"><a href="/s">Save</a></div>
<div class="headline"><a href="/e">Email</a></div><div class="headline"><a href="/p">Print</a></div>
<p>Posted: 6:12 PM Jan 7, 2008</p><div class="headline"><a href="/c">0 comments</a></div>"#,
        );
        assert_eq!(
            a.title.as_deref(),
            Some("Ferry service resumes after storms")
        );
    }

    const OLD_PAGE_BODY: &str = "The island ferry sailed again on Monday after a week of storms kept it in port.\n\nIts owners said the timetable would be back to normal by Friday.";

    #[test]
    fn a_headline_in_plain_type_just_above_the_story() {
        // No heading, no bold, no class that names it: the short line above the story,
        // past a date, a toolbar of links, a caption and an agency credit.
        for (head, above) in [
            (
                r#"<p>Last Updated: Monday, 7 January 2008, 14:28 GMT</p><p><a href="/email">E-mail this to a friend</a></p>
<div class="sh">Ferry service resumes</div>"#,
                r#"<div class="cap">Passengers queue at the pier</div>"#,
            ),
            (
                "",
                r#"<p><span style="font-size:14px">Ferry service resumes</span><br><span>at 12:19 on January 7, 2008, EST.</span></p><p>THE NEWSDEX PRESS</p>"#,
            ),
            (
                "",
                "<div>Ferry service resumes</div><div>by Ana Silva - January 7 2008<br>photo by Rui Costa</div>",
            ),
        ] {
            // The headline in a table row of its own above the story's, or in the story's.
            let a = old_page("Newsdex Daily", &format!("{head}</td></tr><tr><td>{above}"));
            assert_eq!(a.title.as_deref(), Some("Ferry service resumes"), "{above}");
            // The headline's block is not body text (an agency line may stay).
            assert!(!a.body.contains("Ferry service"), "{}", a.body);
            assert!(a.body.ends_with("normal by Friday."), "{}", a.body);
        }
        // Not a headline: a form's label, a credit, a line that shares no word with the
        // story, a wire slug; a line past a form or past a list of other stories.
        for above in [
            "<p>Recipient's Email</p>",
            "<p>ANA SILVA Associated Press</p>",
            "<p>Weather outlook for the weekend</p>",
            "<p>Travel-ferry-island-storms FEATURE</p>",
            "<p>Ferry fares frozen</p><p>Your Name</p>",
            r#"<p>Ferry fares frozen</p><p><a href="/1">Bus lanes open</a></p><p><a href="/2">Tram fares rise</a></p>
<p><a href="/3">Bridge shut</a></p><p><a href="/4">Port dredged</a></p>"#,
        ] {
            let a = old_page("Newsdex Daily", above);
            assert_eq!(a.title.as_deref(), Some("Newsdex Daily"), "{above}");
        }
    }

    /// A page whose `<title>` is all the metadata it has: the given markup, then the story.
    fn titled_page(title: &str, above: &str) -> Article {
        page(&format!(
            r#"<html><head><title>{title}</title></head><body>{above}
<p>The island ferry sailed again on Monday after a week of storms kept it in port, its owners said.</p>
<p>Its owners said the timetable would be back to normal by Friday, weather permitting.</p></body></html>"#
        ))
    }

    #[test]
    fn a_title_that_names_the_site_and_the_story_and_a_section_heading() {
        // A heading whose id names the section is not the headline, though the `<title>`
        // (`site - Section`) agrees with it.
        let a = titled_page(
            "newsdex.com - Sports Wire",
            r#"<h1 id="PlaceHolder_litSectionName">Sports Wire</h1>
<ul><li>Tue, 15 Jan 2008 14:50:06 GMT</li><li><a href="/e">E-mail</a> | <a href="/p">Print</a></li></ul>
<h2>Ferry is back on the run</h2>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry is back on the run"));
        // The `<title>` agrees with the site's heading and with the story's: the one just
        // above the story wins, when it has more words than the site's name.
        let above = r#"<h1 id="pageTitle">Newsdex Entertainment Newsroom</h1>
<p><a href="/a">Film</a> | <a href="/b">Music</a> | <a href="/c">Books</a></p>
<h3 class="bTitle">Ferry is back on the run</h3>"#;
        let a = titled_page(
            "Ferry is back on the run - Newsdex Entertainment Newsroom",
            above,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry is back on the run"));
        // The site's name set as a heading just above the story does not win.
        let above = r#"<h1>Ferry is back on the run</h1><p>Local news from the islands and the coast, every day of the week.</p>
<p><a href="/a">Film</a> | <a href="/b">Music</a> | <a href="/c">Books</a></p><h2>Newsdex Daily</h2>"#;
        let a = titled_page("Newsdex Daily - Ferry is back on the run", above);
        assert_eq!(a.title.as_deref(), Some("Ferry is back on the run"));
    }

    #[test]
    fn a_headline_class_in_other_languages_and_a_head_block_with_a_wire_credit() {
        let a = old_page(
            "Noticias Newsdex",
            r#"<table><tr><td class="titular">Ferry service resumes</td></tr></table>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        let a = old_page(
            "newsdex.com",
            r#"<span style="font-size:14px">Ferry service resumes</span><br>2008-01-14<br>United Press International<br><br>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
    }

    /// A page with a story: the given markup in the article's `<header>`, then its text.
    fn story_page(head: &str, above: &str) -> Article {
        page(&format!(
            r#"<html><head><title>Ferry service resumes - Newsdex</title>{head}</head><body>
<article><header>{above}</header><div class="text">
<p>The island ferry sailed again on Monday after a week of storms kept it in port, its owners said.</p>
<p>Its owners said the timetable would be back to normal by Friday, weather permitting.</p></div></article></body></html>"#
        ))
    }

    const STORY_BODY: &str = "The island ferry sailed again on Monday after a week of storms kept it in port, its owners said.\n\nIts owners said the timetable would be back to normal by Friday, weather permitting.";

    #[test]
    fn the_deck_and_kicker_printed_with_the_headline_are_their_own_parts() {
        // A kicker named as one, the headline, a deck set as a smaller heading, a byline.
        let a = story_page(
            "",
            r#"<div class="kicker">Island life</div><h1>Ferry service resumes</h1>
<h2>Storms kept the island cut off for a week</h2><p class="byline">By Ana Silva</p>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        assert_eq!(a.kicker.as_deref(), Some("Island life"));
        assert_eq!(
            a.deck.as_deref(),
            Some("Storms kept the island cut off for a week")
        );
        assert_eq!(a.byline.as_deref(), Some("By Ana Silva"));
        assert_eq!(a.body, STORY_BODY);
        // A deck named by its class, past the byline and the date; a heading in capitals
        // right above the headline is its kicker.
        let a = story_page(
            "",
            r#"<h3>ISLAND LIFE</h3><h1>Ferry service resumes</h1><p class="byline">By Ana Silva</p>
<p>Monday, 7 January 2008</p><p class="standfirst">Storms had kept the island cut off for a week, and shops ran short of bread</p>"#,
        );
        assert_eq!(a.kicker.as_deref(), Some("ISLAND LIFE"));
        assert_eq!(
            a.deck.as_deref(),
            Some("Storms had kept the island cut off for a week, and shops ran short of bread")
        );
        assert_eq!(a.body, STORY_BODY);
        // A plain line right under the headline, with only a byline between it and the
        // story.
        let a = story_page(
            "",
            "<h1>Ferry service resumes</h1><div>Good news for the island's shops</div><p>By Ana Silva</p>",
        );
        assert_eq!(a.deck.as_deref(), Some("Good news for the island's shops"));
        assert_eq!(a.kicker, None);
        assert_eq!(a.body, STORY_BODY);
        // A block above the story that says what the page's description says.
        let a = story_page(
            r#"<meta name="description" content="Storms had kept the island cut off for a week.">"#,
            r#"<h1>Ferry service resumes</h1><div><span>Storms had kept the island cut off for a week.</span></div><div class="credit">Photo: Rui Costa</div><div><a href="/e">Email</a> <a href="/p">Print</a></div>"#,
        );
        assert_eq!(
            a.deck.as_deref(),
            Some("Storms had kept the island cut off for a week.")
        );
    }

    #[test]
    fn what_sits_by_the_headline_is_not_always_a_deck_or_kicker() {
        for above in [
            // A byline or a credit set as a heading; tools; a byline with a date; a label
            // of tools or a time stamp above the headline; a link under it.
            "<h1>Ferry service resumes</h1><h4>Ana Silva, Newsdex Daily</h4>",
            "<h1>Ferry service resumes</h1><h3>Special to the Newsdex</h3>",
            "<h1>Ferry service resumes</h1><div>Refer to a friend</div><p>By Ana Silva</p>",
            "<h1>Ferry service resumes</h1><div>Click photo to enlarge</div>",
            "<h1>Ferry service resumes</h1><p>Ana Silva in Porto Monday January 7, 2008 Newsdex</p>",
            r#"<h2>RSS</h2><h1>Ferry service resumes</h1><div><a href="/a">Ferry fares frozen</a></div>"#,
            "<h2>07.01.2008 12:46</h2><h1>Ferry service resumes</h1>",
        ] {
            let a = story_page("", above);
            assert_eq!(a.title.as_deref(), Some("Ferry service resumes"), "{above}");
            assert_eq!((a.kicker.as_deref(), a.deck.as_deref()), (None, None), "{above}");
        }
        // The story's own first paragraph, in bold or named as a standfirst, is its lede
        // when the main-text engine keeps it as the story's (the dev pages' marks do too).
        for lede in [
            "<p><b>The island ferry sailed again on Monday, weeks late.</b></p>",
            r#"<p class="standfirst">The island ferry sailed again on Monday, weeks late.</p>"#,
        ] {
            let a = page(&format!(
                r#"<html><head><title>Ferry service resumes</title></head><body><div class="story">
<h1>Ferry service resumes</h1>{lede}<p>{}</p></div></body></html>"#,
                STORY_BODY.replace("\n\n", "</p><p>")
            ));
            assert_eq!(a.deck, None, "{lede}");
            assert!(
                a.body
                    .starts_with("The island ferry sailed again on Monday, weeks late."),
                "{lede}"
            );
        }
    }

    #[test]
    fn parts_named_in_a_headline_box_and_the_logo_linking_home() {
        // A deck inside a box named as the headline, and a smaller heading under the
        // headline in such a box, are decks; a sub-title named in two words is too.
        for head in [
            r#"<div id="storyhead"><h1>Ferry service resumes</h1><h3 class="deck">Storms kept the island cut off for a week</h3></div>"#,
            r#"<div id="headline"><h2>Ferry service resumes</h2><h3>Storms kept the island cut off for a week</h3></div>"#,
            r#"<h1>Ferry service resumes</h1><h2 class="sub-title">Storms kept the island cut off for a week</h2>"#,
        ] {
            let a = old_page("Newsdex Daily", head);
            assert_eq!(a.title.as_deref(), Some("Ferry service resumes"), "{head}");
            assert_eq!(
                a.deck.as_deref(),
                Some("Storms kept the island cut off for a week"),
                "{head}"
            );
            assert!(a.body.starts_with("The island ferry"), "{head}");
        }
        // An `overtitle` is not the headline, though its name holds `title`.
        let a = old_page(
            "Newsdex Daily",
            r#"<div class="article_headline"><b>Ferry back</b></div>Fri, January 18, 2008
<div class="article_overtitle"><b>Island service resumes after a week of storms</b></div>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry back"));
        // The site's logo links home: it is not the headline, though the `<title>` agrees.
        let a = old_page(
            "Newsdex Daily",
            r#"<p class="ArticleTitle"><a href="http://www.newsdex.example">Newsdex Daily</a></p>
<span class="ViewArticleTitle">Ferry service resumes</span>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Ferry service resumes"));
        // A `<title>` that drops the apostrophe still agrees with the heading.
        let a = old_page(
            "Islands Ferry Is Back (from Newsdex Daily)",
            r#"<div class="headline">Island's ferry is back</div>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Island's ferry is back"));
        // A page showing its whole `<title>` as the headline keeps it whole.
        let a = old_page(
            "FERRY NEWS - Island service resumes",
            r#"<p><font size="+1"><b>FERRY NEWS - Island service resumes</b></font></p>"#,
        );
        assert_eq!(
            a.title.as_deref(),
            Some("FERRY NEWS - Island service resumes")
        );
    }

    #[test]
    fn the_opening_sentence_may_follow_a_caption_the_headline_and_tools() {
        // What the engine kept of a page's head: a caption, the headline, a toolbar line
        // and the byline; the story opens with the fifth paragraph.
        let paragraphs: Vec<String> = [
            "Silva - the new coach.",
            "SILVA BEGINS TALKS",
            "Post to a friend",
            "By Ana Costa",
            "Rui Silva has begun talks with the island's football club with a view to becoming its coach next season.",
        ]
        .map(str::to_string)
        .to_vec();
        assert_eq!(story_anchor_at(&paragraphs), Some(4));
        assert_eq!(story_anchor_at(&paragraphs[..2]), Some(0));
        assert_eq!(story_anchor_at(&[]), None);
        // Many short lines in one paragraph (a menu kept with the headline) are no opening
        // sentence.
        let menu = "Home\n-\nSport\n\nLocal\n-\nNews\n\nColumns\n-\nAna Costa\n\nFerry service is back on time";
        let paragraphs = [menu.to_string(), paragraphs[4].clone()];
        assert!(menu.split_whitespace().count() >= MIN_ANCHOR_WORDS);
        assert_eq!(story_anchor_at(&paragraphs), Some(1));
    }

    #[test]
    fn a_caption_class_is_furniture_but_a_drop_cap_is_not() {
        let html = r#"<html><head><title>Dam opens</title></head><body><article><h1>Dam opens</h1>
<div class="cap">Workers on the dam wall</div>
<p><span class="drop-cap">T</span>he dam opened on Monday after ten years of building work, officials said.</p>
<p>It will power two hundred thousand homes.</p></article></body></html>"#;
        assert_eq!(
            page(html).body,
            "The dam opened on Monday after ten years of building work, officials said.\n\nIt will power two hundred thousand homes."
        );
    }

    #[test]
    fn a_story_wrapped_in_what_looks_like_furniture_is_still_read() {
        let html = r#"<html><head><title>Dam opens</title></head><body>
<div class="ad-portal"><div class="page"><h1>Dam opens</h1>
<p>The dam opened on Monday after ten years of building work, officials said.</p>
<p>It will power two hundred thousand homes.</p></div></div></body></html>"#;
        assert_eq!(
            page(html).body,
            "The dam opened on Monday after ten years of building work, officials said.\n\nIt will power two hundred thousand homes."
        );
    }

    #[test]
    fn scripts_and_comments_do_not_count_as_nesting() {
        let script = format!(
            "<html><body><script>{}</script><!-- {} --><div><p>x</p></div></body></html>",
            "if (a<b) { x = a<c; }\n".repeat(400),
            "<div>".repeat(400)
        );
        assert_eq!(nesting_depth(&script), 3);
        // A `<script>` or comment never closed ends the count; a `<` with no `>` after it too.
        assert_eq!(nesting_depth("<div><script>a<b<c"), 1);
        assert_eq!(nesting_depth("<div><!-- <div><div>"), 1);
        assert_eq!(nesting_depth(&"<div<".repeat(1000)), 0);
    }

    #[test]
    fn deep_nesting_is_read_as_text() {
        let html = format!(
            "<html><body>{}<p>Deep text.</p>{}</body></html>",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        assert!(nesting_depth(&html) > MAX_DEPTH);
        assert_eq!(page(&html).body, "Deep text.");
    }

    #[test]
    fn fragments_and_markup_sniffing() {
        assert_eq!(
            fragment_text("<p>One &amp; two.</p><p>Three.</p>"),
            "One & two.\n\nThree."
        );
        assert!(looks_like_markup("<p>x</p>"));
        assert!(!looks_like_markup("a < b and c > d"));
        assert!(looks_like_document("<!DOCTYPE html>"));
        assert!(!looks_like_document("<b>x</b>"));
        assert_eq!(
            strip_tags("<p>A &amp; B</p><script>x</script><p>C</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["A", "&", "B", "C"]
        );
    }

    #[test]
    fn section_front_has_no_article_text() {
        let html = r#"<html><head><title>World | Newsdex</title></head><body>
<nav><a href="/">Home</a></nav><main><ul>
<li><a href="/a">Port strike ends</a></li><li><a href="/b">Flood barriers hold</a></li>
<li><a href="/c">Markets rally</a></li></ul></main></body></html>"#;
        assert_eq!(
            parse("world/index.html", html, &ParseOptions::default()),
            Err(ParseError::NoArticleText)
        );
    }

    #[test]
    fn pull_quote_caption_and_furniture_are_not_body() {
        let html = r#"<html><head><title>Mayor backs tram plan - Newsdex</title>
<meta property="og:site_name" content="Newsdex"></head><body>
<article><h1>Mayor backs tram plan</h1>
<p>By Ana Silva</p>
<p>PORTO, May 4 (NW) - The mayor backed the new tram line on Monday after a long council debate.</p>
<blockquote class="pullquote">“This city has waited long enough”</blockquote>
<p>“This city has waited long enough,” Mayor Rui Moreira told reporters outside the hall.</p>
<figure><img src="t.jpg"><figcaption>The tram depot in Porto</figcaption></figure>
<p>Read more: Lisbon opens its metro extension</p>
<div class="newsletter-box"><p>Get the morning briefing in your inbox every day.</p></div>
<p>Construction is due to start next spring and take three years.</p>
<section class="comments"><p>Great news for the city, finally some progress here!</p></section>
</article></body></html>"#;
        let a = page(html);
        assert_eq!(a.title.as_deref(), Some("Mayor backs tram plan"));
        assert_eq!(a.byline.as_deref(), Some("By Ana Silva"));
        assert_eq!(a.source.as_deref(), Some("Newsdex"));
        assert_eq!(a.dateline.as_ref().unwrap().location, "PORTO");
        assert_eq!(
            a.body,
            "The mayor backed the new tram line on Monday after a long council debate.\n\n“This city has waited long enough,” Mayor Rui Moreira told reporters outside the hall.\n\nConstruction is due to start next spring and take three years."
        );
        assert_eq!(
            a.quotes.len(),
            1,
            "one copy of the quotation: {:?}",
            a.quotes
        );
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Rui Moreira"));
    }
}
