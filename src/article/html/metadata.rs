//! A page's metadata: headline, byline, published date, section, canonical URL, site name,
//! summary and tags, from `<meta>` tags, JSON-LD and the page's own headings. Pure over the
//! parsed page; knows nothing of the body's extraction or of files.
//!
//! - headline: the page heading (`<h1>`..`<h4>`, or an element whose class or id says
//!   `title`/`headline`; one that is not a link first) that the `<title>`, `og:title`,
//!   `<meta name="headline">` or JSON-LD `headline` agrees with; else JSON-LD `headline`,
//!   `og:title` or `<meta name="headline">` with a `| Site` or ` - Site` tail removed (a
//!   domain segment names the site); these vouch for it. Else (a guess the page module
//!   may replace with the line or heading just above the story) a line of the page that is
//!   a `<title>` segment, the first `<h1>`, or the `<title>`'s longest segment;
//! - byline: what the main-text engine saw (JSON-LD `author`, `author` metadata, a byline
//!   element), else `<meta name="author">`, `article:author`, JSON-LD `author` (also inside
//!   `<![CDATA[`), else the first element whose class, id or `itemprop` says `byline` or
//!   `author` (or a `rel="author"` link) outside sidebars and boxes of other stories, without
//!   its `By`/`Par` and a date after the name; never a URL, a date or a user handle; a
//!   `By ...` line in the body is found by the news pass;
//! - date: `article:published_time`, `<time datetime>`, JSON-LD `datePublished`, then other
//!   common `<meta>` dates; section from `article:section`/JSON-LD `articleSection`; url from
//!   `og:url`/canonical link; source from `og:site_name`/JSON-LD `publisher`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use super::blocks::{heading_level, is_date_line, names_site};
use super::clean::words;
use crate::article::front_matter::{fill, MetaValue, Metadata};

/// What the page says about itself, and the JSON-LD `articleBody` as a last-resort body.
pub(super) struct PageMeta {
    pub fields: Metadata,
    pub body: Option<String>,
    /// Whether the headline is one the page's title metadata vouches for (a heading it
    /// agrees with, JSON-LD `headline`, `og:title`), rather than a guess from `<h1>` or
    /// `<title>` alone.
    pub title_vouched: bool,
    /// Whether what vouches for it is only the `<title>` agreeing with a heading (no
    /// `og:title`, JSON-LD or `<meta name="headline">`): a `<title>` that names both the
    /// site and the story agrees with the site's heading too.
    pub title_from_tag: bool,
    /// The segments of the page's titles between separators (`Site : Section : Headline`),
    /// as lowercase words: lines of the page that may be its headline.
    pub title_segments: Vec<String>,
}

/// Separators between a headline and the site's name in a `<title>`.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ", " • ", " / ", "_",
];
/// How many heading candidates are looked at, and how much of each one's text.
const MAX_HEADINGS: usize = 200;
const MAX_HEADING_CHARS: usize = 400;

/// Separators that may split a `<title>` into its headline and the site's or section's
/// names, when a segment is checked against the page's own text.
const SEGMENT_SEPARATORS: &[&str] = &[" : ", ": ", " > ", " -- ", "-"];

/// Reads the page's metadata; `engine_byline` is the byline the main-text engine found and
/// `lines` the page's short text lines (headline candidates that are not headings).
pub(super) fn read(page: &Html, engine_byline: Option<String>, lines: &[String]) -> PageMeta {
    let mut meta = Metadata::default();
    let metas = MetaTags::collect(page);
    let ld = json_ld(page);

    let site = metas
        .first(&["og:site_name", "application-name"])
        .or_else(|| ld.publisher.clone());
    let title_tag = first_text(page, "title");
    let mut references: Vec<String> = Vec::new();
    for value in [
        ld.title.clone(),
        metas.first(&["og:title"]),
        metas.first(&["twitter:title"]),
        metas.first(&["headline"]),
        title_tag.clone(),
    ]
    .into_iter()
    .flatten()
    {
        references.push(value);
    }
    let headings = headings(page);
    fill(&mut meta.title, agreed_heading(&headings, &references));
    let title_from_tag = meta.title.is_some() && references.len() == 1 && title_tag.is_some();
    for value in [
        ld.title.clone(),
        metas.first(&["og:title"]),
        metas.first(&["twitter:title"]),
        metas.first(&["headline"]),
    ] {
        fill(
            &mut meta.title,
            value.map(|v| strip_site(&v, site.as_deref(), false)),
        );
    }
    let title_vouched = meta.title.is_some();
    let mut title_segments: Vec<String> = references.iter().flat_map(|r| segments(r)).collect();
    // The whole `<title>` too: a page may show it as its headline, separators and all
    // (`MOVIE REVIEW - Murder and morals collide`).
    if let Some(whole) = title_tag.as_deref().map(words) {
        if whole.contains(' ') && !title_segments.contains(&whole) {
            title_segments.push(whole);
        }
    }
    fill(&mut meta.title, title_line(lines, &title_segments));
    fill(&mut meta.title, first_text(page, "h1"));
    fill(
        &mut meta.title,
        title_tag.map(|v| strip_site(&v, site.as_deref(), true)),
    );

    fill(&mut meta.date, metas.first(&["article:published_time"]));
    fill(
        &mut meta.date,
        first_attr(page, "time[datetime]", "datetime"),
    );
    fill(&mut meta.date, ld.date.clone());
    fill(
        &mut meta.date,
        metas.first(&[
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "dc.date.issued",
            "dc.date",
            "parsely-pub-date",
            "sailthru.date",
            "og:published_time",
        ]),
    );

    fill(
        &mut meta.byline,
        engine_byline
            .map(|b| without_date(&b).to_string())
            .filter(|b| is_name_like(b)),
    );
    fill(
        &mut meta.byline,
        metas.first(&["author"]).filter(|a| is_name_like(a)),
    );
    fill(
        &mut meta.byline,
        metas.first(&["article:author"]).filter(|a| is_name_like(a)),
    );
    fill(&mut meta.byline, ld.author.clone());
    fill(
        &mut meta.byline,
        metas
            .first(&["dc.creator", "parsely-author", "sailthru.author"])
            .filter(|a| is_name_like(a)),
    );
    fill(&mut meta.byline, byline_element(page));

    fill(
        &mut meta.summary,
        metas.first(&["og:description", "description", "twitter:description"]),
    );
    fill(&mut meta.summary, ld.summary.clone());
    fill(&mut meta.url, metas.first(&["og:url"]));
    fill(
        &mut meta.url,
        first_attr(page, "link[rel=canonical]", "href"),
    );
    fill(&mut meta.url, ld.url.clone());
    fill(&mut meta.category, metas.first(&["article:section"]));
    fill(&mut meta.category, ld.section.clone());
    fill(&mut meta.agency, site);
    meta.tags = metas.all("article:tag");
    if meta.tags.is_empty() {
        if let Some(keywords) = metas.first(&["news_keywords", "keywords"]) {
            meta.set("keywords", &MetaValue::Text(keywords));
        } else if let Some(keywords) = &ld.keywords {
            meta.set("keywords", keywords);
        }
    }
    PageMeta {
        fields: meta,
        body: ld.body,
        title_vouched,
        title_from_tag,
        title_segments,
    }
}

/// A byline from metadata or a byline element is a name line: not a paragraph, a URL, a
/// date (`Sunday, Feb 1, 2015 11:57 AM`) or a user handle (`devindra`, `@devindra`).
fn is_name_like(byline: &str) -> bool {
    let byline = byline.trim();
    let handle = byline.starts_with('@')
        || (!byline.contains(' ')
            && byline
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
    byline.chars().any(char::is_alphabetic)
        && byline.chars().count() <= MAX_BYLINE_CHARS
        && !byline.starts_with("http")
        && !is_date_line(byline)
        && !handle
}

/// A byline is at most this long (longer text in a byline element is a bio or a teaser).
const MAX_BYLINE_CHARS: usize = 100;
/// How many byline-like elements are looked at.
const MAX_BYLINE_ELEMENTS: usize = 50;
/// Words that open a byline and are not part of the name.
const BYLINE_LEADS: &[&str] = &["by", "par", "por", "von", "door", "di", "av", "af"];

/// The first element whose class, id or `itemprop` says `byline` or `author` (or that is a
/// `rel="author"` link) and whose text is a name line, without a leading `By`/`Par`/`by:`.
fn byline_element(page: &Html) -> Option<String> {
    let mut looked = 0;
    for element in page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let value = element.value();
        if matches!(
            value.name(),
            "head" | "script" | "style" | "meta" | "link" | "img"
        ) {
            continue;
        }
        let named = says_any(value, &["byline", "author"])
            || value
                .attr("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("author"));
        if !named {
            continue;
        }
        looked += 1;
        if looked > MAX_BYLINE_ELEMENTS {
            break;
        }
        let Some(text) = element_text(element, MAX_BYLINE_CHARS + 1) else {
            continue;
        };
        if element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|e| holds_other_stories(e.value()))
        {
            continue;
        }
        let name = strip_byline_lead(without_date(&text));
        if is_name_like(name) && name.chars().count() >= 3 {
            return Some(name.to_string());
        }
    }
    None
}

/// Class or id words of the boxes that list other stories (with their authors).
const OTHER_STORIES_WORDS: &[&str] = &[
    "related",
    "sidebar",
    "comment",
    "comments",
    "recommended",
    "promo",
    "outbrain",
    "taboola",
    "footer",
    "nav",
    "menu",
    "trending",
    "popular",
];

/// Whether an element's class, id or `itemprop` contains one of `words` (any case): how
/// pages mark their byline or headline when they have no metadata.
fn says_any(element: &scraper::node::Element, words: &[&str]) -> bool {
    [
        element.attr("class"),
        element.attr("id"),
        element.attr("itemprop"),
    ]
    .into_iter()
    .flatten()
    .any(|v| {
        let v = v.to_ascii_lowercase();
        words.iter().any(|word| v.contains(word))
    })
}

/// Whether an element is a sidebar, a footer or a box of other stories: a byline inside it
/// is another story's.
fn holds_other_stories(element: &scraper::node::Element) -> bool {
    if matches!(element.name(), "aside" | "nav" | "footer") {
        return true;
    }
    let role = element
        .attr("role")
        .unwrap_or_default()
        .to_ascii_lowercase();
    if matches!(
        role.as_str(),
        "complementary" | "navigation" | "contentinfo"
    ) {
        return true;
    }
    [element.attr("class"), element.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|w| OTHER_STORIES_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// A date or time in a byline: `March 11, 2015`, `11 March`, `Monday`, `2015-03-11`,
/// `3/11/2015`, `3:46`.
static BYLINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{4}-\d\d-\d\d|\b\d{1,2}/\d{1,2}/\d{2,4}|\b\d{1,2}:\d\d",
    )
    .expect("static regex is valid")
});

/// A byline without the date or time that follows the name (`By Ana Silva March 11, 2015
/// 3:46 PM`, `Ana Silva | Monday`): the text before the first date, without the
/// punctuation between them. A byline that starts with its date is returned whole.
fn without_date(byline: &str) -> &str {
    match BYLINE_DATE.find(byline) {
        Some(date) if date.start() > 0 => byline[..date.start()]
            .trim_end_matches(|c: char| {
                c.is_whitespace()
                    || matches!(c, ',' | '|' | '-' | '–' | '—' | '·' | '•' | '/' | ':' | '(')
            })
            .trim_end(),
        _ => byline,
    }
}

/// `text` without a leading `By`, `By:`, `Par` ... (see [`BYLINE_LEADS`]).
fn strip_byline_lead(text: &str) -> &str {
    let text = text.trim();
    let first = text
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("");
    if BYLINE_LEADS
        .iter()
        .any(|lead| first.eq_ignore_ascii_case(lead))
    {
        return text[first.len()..].trim_start_matches([':', ' ']).trim();
    }
    text
}

/// The whitespace-normalised text of `element` without its scripts and styles, `None`
/// when it is empty or longer than `max_chars` (stops reading there).
fn element_text(element: ElementRef<'_>, max_chars: usize) -> Option<String> {
    let mut text = String::new();
    let mut pending = vec![*element];
    while let Some(node) = pending.pop() {
        match node.value() {
            scraper::Node::Text(piece) => {
                text.push_str(piece);
                text.push(' ');
                if text.len() > max_chars * 4 {
                    break;
                }
            }
            scraper::Node::Element(e)
                if matches!(e.name(), "script" | "style" | "noscript" | "template") => {}
            _ => pending.extend(node.children().rev()),
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty() && text.chars().count() <= max_chars).then_some(text)
}

/// The text of the page's headings and title-like elements, in document order.
fn headings(page: &Html) -> Vec<Heading> {
    let mut found = Vec::new();
    for node in page.root_element().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let value = element.value();
        let name = value.name();
        let level = heading_level(name);
        let heading = (1..=4).contains(&level);
        let titled = !matches!(name, "title" | "head" | "meta" | "body" | "html" | "script")
            && says_any(value, &["title", "headline"]);
        // `<h1 id="litSectionName">`, `<h1 class="site-logo">`: the section's or the site's
        // name set as a heading.
        if !heading && !titled || names_site(value) {
            continue;
        }
        if let Some(text) = element_text(element, MAX_HEADING_CHARS) {
            let linked = is_link(element);
            // The site's logo set as a heading links home: never the story's headline.
            if linked && links_home(element) {
                continue;
            }
            found.push(Heading {
                linked,
                level: if heading { level } else { 0 },
                text,
            });
        }
        if found.len() >= MAX_HEADINGS {
            break;
        }
    }
    found
}

/// A heading's text, and whether it is a link (the site's logo is often an `<h1>` that
/// links home).
struct Heading {
    text: String,
    linked: bool,
    /// 1 to 4 for `<h1>`..`<h4>`, 0 for an element whose class names a title.
    level: u8,
}

/// Whether the link an element is in, or the first link inside it, goes to the site's home
/// page (`/`, `http://site.com`, `index.html`).
fn links_home(element: ElementRef<'_>) -> bool {
    let href = element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "a")
        .or_else(|| {
            element
                .descendants()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "a")
        })
        .and_then(|a| a.value().attr("href"));
    href.is_some_and(is_home_href)
}

/// Whether a link's `href` is a site's home page.
fn is_home_href(href: &str) -> bool {
    let href = href.trim().to_ascii_lowercase();
    let href = href.split(['?', '#']).next().unwrap_or("");
    let absolute = ["http://", "https://", "//"]
        .iter()
        .find_map(|scheme| href.strip_prefix(scheme));
    let path = match absolute {
        Some(rest) => rest.find('/').map_or("", |at| &rest[at..]),
        None if href.is_empty() => return false,
        None => href,
    };
    let file = path.trim_start_matches("./").trim_start_matches('/');
    file.is_empty()
        || ["index", "default", "home"].iter().any(|name| {
            file == *name
                || file
                    .strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .is_some_and(|ext| !ext.contains('/'))
        })
}

/// Whether an element is inside a link, or all of its text is.
fn is_link(element: ElementRef<'_>) -> bool {
    if element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "a")
    {
        return true;
    }
    let mut linked = false;
    for node in element.descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let in_link = node
            .ancestors()
            .take_while(|a| a.id() != element.id())
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "a");
        if !in_link {
            return false;
        }
        linked = true;
    }
    linked
}

/// The segments of a title between separators, as words, for those of two words or more.
pub(super) fn segments(title: &str) -> Vec<String> {
    let mut parts: Vec<&str> = vec![title];
    for separator in TITLE_SEPARATORS.iter().chain(SEGMENT_SEPARATORS) {
        parts = parts.iter().flat_map(|s| s.split(separator)).collect();
    }
    parts
        .into_iter()
        .map(words)
        .filter(|w| w.contains(' '))
        .collect()
}

/// A short line of the page's text that is a whole segment of the title (`Site : Section :
/// Headline`); the longest wins, on a tie the first. Only a guess: the site's name is often
/// such a line too.
fn title_line(lines: &[String], segments: &[String]) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    for line in lines {
        let l = words(line);
        if segments.contains(&l) && best.is_none_or(|(w, _)| l.len() > w) {
            best = Some((l.len(), line));
        }
    }
    best.map(|(_, line)| line.clone())
}

/// The heading the page's title metadata agrees with: the same words, the headline part of
/// `Headline - Site`, or the whole of a title (or of its first part before a separator)
/// that was cut short. A heading that is not a link wins over one that is; then the
/// longest; on a tie, the first. A deck set as a smaller heading just below the headline
/// loses to it when the title holds them both (`Headline, deck - Site`).
fn agreed_heading(headings: &[Heading], references: &[String]) -> Option<String> {
    let references: Vec<(String, Vec<String>)> = references
        .iter()
        .map(|r| {
            let parts = title_parts(r)
                .into_iter()
                .map(words)
                .filter(|p| p.split(' ').count() >= 3)
                .collect();
            (words(r), parts)
        })
        .filter(|(r, _)| !r.is_empty())
        .collect();
    let inside = |r: &str, h: &str| format!(" {r} ").contains(&format!(" {h} "));
    let cut_short = |r: &str, h: &str| {
        h.starts_with(r) && r.split(' ').count() >= 3 && h.as_bytes().get(r.len()) == Some(&b' ')
    };
    let mut best: Option<((bool, usize), usize)> = None;
    for (at, heading) in headings.iter().enumerate() {
        let h = words(&heading.text);
        if h.is_empty() || (!h.contains(' ') && h.chars().count() < 12) {
            continue;
        }
        let weight = references
            .iter()
            .filter_map(|(r, parts)| {
                if *r == h || (inside(r, &h) && h.len() * 3 >= r.len()) {
                    return Some(h.len());
                }
                // A title cut short: below a heading that is the whole title.
                std::iter::once(r)
                    .chain(parts)
                    .filter(|part| cut_short(part, &h))
                    .map(|part| part.len() - 1)
                    .max()
            })
            .max();
        if let Some(weight) = weight.map(|w| (!heading.linked, w)) {
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, at));
            }
        }
    }
    let (_, at) = best?;
    let chosen = &headings[at];
    // The headline just above a deck the title holds too.
    if let Some(above) = at.checked_sub(1).map(|i| &headings[i]) {
        let h = words(&above.text);
        if chosen.level > 1
            && (1..chosen.level).contains(&above.level)
            && !above.linked
            && h.split(' ').count() >= 3
            && references.iter().any(|(r, _)| inside(r, &h))
        {
            return Some(above.text.clone());
        }
    }
    Some(without_site_lead(without_trailing_date(&chosen.text)).to_string())
}

/// A heading that repeats a `<title>` opening with the site's domain (`TheStar.com |
/// Sports | Headline`): its longest segment after the domain; else the heading.
fn without_site_lead(heading: &str) -> &str {
    let parts = title_parts(heading);
    match parts.split_first() {
        Some((site, rest)) if is_domain(site) && !rest.is_empty() => rest
            .iter()
            .copied()
            .max_by_key(|p| p.chars().count())
            .unwrap_or(heading),
        _ => heading,
    }
}

/// A heading without the date in brackets that ends it (`Dam opens (14/01/2008)`).
fn without_trailing_date(heading: &str) -> &str {
    if let Some(open) = heading.strip_suffix(')').and_then(|h| h.rfind('(')) {
        let inner = &heading[open + 1..heading.len() - 1];
        let before = heading[..open].trim_end();
        if is_date_line(inner) && before.contains(' ') {
            return before;
        }
    }
    heading
}

/// The parts of a title between [`TITLE_SEPARATORS`], trimmed.
fn title_parts(title: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = vec![title];
    for separator in TITLE_SEPARATORS {
        parts = parts.iter().flat_map(|s| s.split(separator)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// `title` without the site's name: segments between [`TITLE_SEPARATORS`] that name the
/// site are dropped; for a `<title>` (`longest`), the longest remaining segment is kept.
fn strip_site(title: &str, site: Option<&str>, longest: bool) -> String {
    let mut title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    // `NDTV.com: Headline`
    if let Some((first, rest)) = title.split_once(": ") {
        if is_domain(first) && !rest.trim().is_empty() {
            title = rest.trim().to_string();
        }
    }
    let mut segments: Vec<&str> = vec![title.as_str()];
    for separator in TITLE_SEPARATORS {
        segments = segments
            .iter()
            .flat_map(|s| s.split(separator))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
    }
    if segments.len() < 2 {
        return title;
    }
    let site = site.map(words).filter(|s| !s.is_empty());
    let names_site = |segment: &str| {
        let w = words(segment);
        is_domain(segment)
            || site
                .as_ref()
                .is_some_and(|site| w == *site || site.contains(&w) || w.contains(site.as_str()))
    };
    let kept: Vec<&str> = segments
        .iter()
        .copied()
        .filter(|s| !names_site(s))
        .collect();
    if kept.is_empty() {
        return title;
    }
    if longest {
        return kept
            .iter()
            .max_by_key(|s| s.chars().count())
            .map(|s| s.to_string())
            .unwrap_or(title);
    }
    if kept.len() == segments.len() {
        // No segment names the site: the separators are the headline's own.
        return title;
    }
    kept.join(" - ")
}

/// Whether a title segment is a web address, the site's name as a domain (`TheStar.com`,
/// `www.ndtv.com`, `news.bbc.co.uk`).
fn is_domain(segment: &str) -> bool {
    let segment = segment.trim().to_ascii_lowercase();
    let labels: Vec<&str> = segment.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| {
            (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic())
        })
}

/// `<meta>` values by lowercased `property`/`name`/`itemprop`, in page order.
struct MetaTags(HashMap<String, Vec<String>>);

impl MetaTags {
    fn collect(page: &Html) -> MetaTags {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for element in page.select(&selector("meta")) {
            let element = element.value();
            let Some(content) = element.attr("content") else {
                continue;
            };
            for key in ["property", "name", "itemprop"] {
                if let Some(name) = element.attr(key) {
                    map.entry(name.trim().to_ascii_lowercase())
                        .or_default()
                        .push(content.trim().to_string());
                }
            }
        }
        MetaTags(map)
    }

    /// The first non-empty value among `keys`, in the order of `keys`.
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .filter_map(|key| self.0.get(*key))
            .flatten()
            .find(|v| !v.is_empty())
            .cloned()
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .get(key)
            .map(|values| values.iter().filter(|v| !v.is_empty()).cloned().collect())
            .unwrap_or_default()
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selectors are valid CSS")
}

/// The whitespace-normalised text of the first element matching `css` that has text (at
/// most [`MAX_HEADING_CHARS`]), without scripts and styles.
fn first_text(page: &Html, css: &str) -> Option<String> {
    page.select(&selector(css))
        .find_map(|e| element_text(e, MAX_HEADING_CHARS))
}

fn first_attr(page: &Html, css: &str, attr: &str) -> Option<String> {
    page.select(&selector(css))
        .filter_map(|e| e.value().attr(attr))
        .map(str::trim)
        .find(|v| !v.is_empty())
        .map(str::to_string)
}

/// What the page's JSON-LD says about its article.
#[derive(Default)]
struct JsonLd {
    title: Option<String>,
    date: Option<String>,
    author: Option<String>,
    summary: Option<String>,
    url: Option<String>,
    section: Option<String>,
    publisher: Option<String>,
    keywords: Option<MetaValue>,
    body: Option<String>,
}

fn json_ld(page: &Html) -> JsonLd {
    let mut ld = JsonLd::default();
    for script in page.select(&selector("script[type='application/ld+json']")) {
        let text: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(without_cdata(&text)) else {
            continue;
        };
        let mut pending = vec![&value];
        while let Some(value) = pending.pop() {
            match value {
                serde_json::Value::Array(items) => pending.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        pending.push(graph);
                    }
                    if is_article_type(map.get("@type")) {
                        read_article(&mut ld, map);
                    }
                }
                _ => {}
            }
        }
    }
    ld
}

/// JSON-LD text without the `<![CDATA[ ... ]]>` wrapper (and its `//` or `/* */` comment
/// marks) that some pages put around a script's contents.
fn without_cdata(text: &str) -> &str {
    let mut text = text.trim();
    if let Some(start) = text.find("<![CDATA[") {
        if text[..start]
            .trim_matches(['/', '*', ' ', '\n', '\t', '\r'])
            .is_empty()
        {
            text = &text[start + "<![CDATA[".len()..];
            text = text.trim_start_matches(['*', '/']);
            if let Some(end) = text.rfind("]]>") {
                text = text[..end].trim_end().trim_end_matches(['/', '*']);
            }
        }
    }
    text.trim()
}

fn is_article_type(kind: Option<&serde_json::Value>) -> bool {
    let is_article = |k: &serde_json::Value| {
        k.as_str()
            .is_some_and(|k| k.ends_with("Article") || k == "BlogPosting" || k == "Report")
    };
    match kind {
        Some(serde_json::Value::Array(kinds)) => kinds.iter().any(is_article),
        Some(kind) => is_article(kind),
        None => false,
    }
}

fn read_article(ld: &mut JsonLd, map: &serde_json::Map<String, serde_json::Value>) {
    let text = |key: &str| map.get(key).map(MetaValue::from_json);
    fill(&mut ld.title, text("headline").and_then(|v| v.scalar()));
    fill(&mut ld.date, text("datePublished").and_then(|v| v.scalar()));
    fill(&mut ld.author, text("author").and_then(|v| v.names()));
    fill(
        &mut ld.summary,
        text("description").and_then(|v| v.scalar()),
    );
    fill(&mut ld.url, text("url").and_then(|v| v.scalar()));
    fill(
        &mut ld.section,
        text("articleSection").and_then(|v| v.names()),
    );
    fill(&mut ld.publisher, text("publisher").and_then(|v| v.names()));
    fill(&mut ld.body, text("articleBody").and_then(|v| v.scalar()));
    if ld.keywords.is_none() {
        ld.keywords = text("keywords");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str) -> Metadata {
        read(&Html::parse_document(html), None, &[]).fields
    }

    #[test]
    fn headline_is_the_heading_the_title_agrees_with() {
        let m = meta(
            "<html><head><title>Newsdex | World | Port strike ends after talks</title></head>\
             <body><h1>Newsdex</h1><div class=\"story-title\">Port strike ends after talks</div></body></html>",
        );
        assert_eq!(m.title.as_deref(), Some("Port strike ends after talks"));
        let m = meta(
            "<html><head><title>Port strike ends</title></head><body>\
             <h2>Port strike ends after two weeks of talks</h2></body></html>",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Port strike ends after two weeks of talks")
        );
    }

    #[test]
    fn headline_meta_vouches_and_a_whole_title_beats_a_longer_heading() {
        let html = |head: &str, body: &str| {
            Html::parse_document(&format!(
                "<html><head>{head}</head><body>{body}</body></html>"
            ))
        };
        let page = html(
            r#"<title>Newsdex</title><meta name="Headline" content="Ferry service resumes">"#,
            "<p><b>Today's news</b></p>",
        );
        let m = read(&page, None, &[]);
        assert_eq!(m.fields.title.as_deref(), Some("Ferry service resumes"));
        assert!(m.title_vouched);
        // The heading that is the whole title wins over one that runs on past it (a title
        // cut short is matched only when nothing matches whole).
        let m = meta(
            "<html><head><meta property=\"og:title\" content=\"Ferry service resumes after storms\"></head><body>\
             <h2>Ferry service resumes after storms President</h2><h1>Ferry service resumes after storms</h1></body></html>",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Ferry service resumes after storms")
        );
        // The site's logo, a heading that links home, loses to the story's own heading.
        let m = meta(
            "<html><head><title>Ferry service resumes - Newsdex Daily News Online</title></head><body>\
             <h1><a href=\"/\">Newsdex Daily News Online</a></h1><h1>Ferry service resumes</h1></body></html>",
        );
        assert_eq!(m.title.as_deref(), Some("Ferry service resumes"));
        // A `<title>` segment shown as a line is only a guess.
        let lines = vec!["Newsdex Daily".to_string()];
        let m = read(
            &html("<title>Newsdex Daily - Local</title>", ""),
            None,
            &lines,
        );
        assert_eq!(m.fields.title.as_deref(), Some("Newsdex Daily"));
        assert!(!m.title_vouched);
        assert_eq!(m.title_segments, ["newsdex daily", "newsdex daily local"]);
    }

    #[test]
    fn home_links_are_the_site_root_or_its_index() {
        for home in [
            "/",
            "http://www.newsdex.example",
            "https://newsdex.example/",
            "//newsdex.example/index.html",
            "index.php",
            "./default.aspx",
            "/?ref=logo",
        ] {
            assert!(is_home_href(home), "{home}");
        }
        for other in [
            "",
            "#top",
            "/ferry",
            "http://newsdex.example/local/ferry.html",
            "index/ferry",
        ] {
            assert!(!is_home_href(other), "{other}");
        }
    }

    #[test]
    fn title_segments_split_at_bare_hyphens() {
        // `Headline-Section-Site` written without spaces: the page shows the headline as a
        // line of its own.
        let title = "Ferry service resumes... at last-Island Buzz-Local-The Newsdex Daily";
        assert_eq!(
            segments(title),
            [
                "ferry service resumes at last",
                "island buzz",
                "the newsdex daily"
            ]
        );
        let lines = vec!["Ferry service resumes... at last".to_string()];
        let page = Html::parse_document(&format!(
            "<html><head><title>{title}</title></head><body></body></html>"
        ));
        let m = read(&page, None, &lines);
        assert_eq!(
            m.fields.title.as_deref(),
            Some("Ferry service resumes... at last")
        );
    }

    #[test]
    fn a_deck_below_the_headline_and_a_title_cut_short_before_its_separator() {
        // The `<title>` holds the headline and its deck: the deck, set as a smaller
        // heading just below, loses to the headline.
        let m = meta(
            "<html><head><title>Ferry service resumes, Storms kept the island cut off for a week - Newsdex</title></head>\
             <body><h1>Ferry service resumes</h1><h2>Storms kept the island cut off for a week</h2></body></html>",
        );
        assert_eq!(m.title.as_deref(), Some("Ferry service resumes"));
        // The `<title>`'s first part is the headline cut short.
        let m = meta(
            "<html><head><title>Ferry service resumes after storms - News Story | Local, Island News | Newsdex</title></head>\
             <body><h1>Ferry service resumes after storms, owners say: report</h1>\
             <h2 class=\"sub-title\">Storms kept the island cut off for a week</h2></body></html>",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Ferry service resumes after storms, owners say: report")
        );
        // A date in brackets that ends the heading is not part of the headline.
        let m = meta(
            "<html><head><title>Ferry service resumes - Newsdex</title></head>\
             <body><h1>Ferry service resumes after storms (14/01/2008)</h1></body></html>",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Ferry service resumes after storms")
        );
        assert_eq!(without_trailing_date("Dam opens (14/01/2008)"), "Dam opens");
        assert_eq!(
            without_trailing_date("Dam opens (Part 2)"),
            "Dam opens (Part 2)"
        );
    }

    #[test]
    fn site_tails_are_removed_from_titles() {
        assert_eq!(
            strip_site("Port strike ends | Newsdex", Some("Newsdex"), false),
            "Port strike ends"
        );
        assert_eq!(
            strip_site("Port strike ends - World - Newsdex Wire", None, true),
            "Port strike ends"
        );
        assert_eq!(
            strip_site("Left - right politics explained", Some("Newsdex"), false),
            "Left - right politics explained"
        );
        // A segment that is a domain names the site.
        assert_eq!(
            strip_site("Newsdex.com | Port strike ends", None, false),
            "Port strike ends"
        );
        assert_eq!(
            strip_site("news.newsdex.co.uk: Port strike ends", None, true),
            "Port strike ends"
        );
        assert!(is_domain("TheStar.com") && is_domain("news.bbc.co.uk"));
        // A heading that repeats such a `<title>` whole.
        assert_eq!(
            without_site_lead("Newsdex.com | Sports | Port strike ends early"),
            "Port strike ends early"
        );
        assert_eq!(
            without_site_lead("Port strike ends | Newsdex.com"),
            "Port strike ends | Newsdex.com"
        );
        assert!(!is_domain("No. 1") && !is_domain("U.S.") && !is_domain("Port strike ends"));
        let m = meta(
            "<html><head><meta property=\"og:site_name\" content=\"Newsdex\">\
             <meta property=\"og:title\" content=\"Flood barriers hold - Newsdex\"></head><body></body></html>",
        );
        assert_eq!(m.title.as_deref(), Some("Flood barriers hold"));
        assert_eq!(m.agency.as_deref(), Some("Newsdex"));
    }

    #[test]
    fn byline_date_section_url_from_json_ld_and_links() {
        let m = meta(
            r#"<html><head><link rel="canonical" href="https://example.com/a">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dam opens",
 "author": {"@type": "Person", "name": "Li Wei"}, "datePublished": "2025-03-01T10:00:00Z",
 "articleSection": "Science", "publisher": {"@type": "Organization", "name": "Newsdex"}}</script>
</head><body><h1>Dam opens</h1></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Dam opens"));
        assert_eq!(m.byline.as_deref(), Some("Li Wei"));
        assert_eq!(m.date.as_deref(), Some("2025-03-01T10:00:00Z"));
        assert_eq!(m.category.as_deref(), Some("Science"));
        assert_eq!(m.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(m.agency.as_deref(), Some("Newsdex"));
        let m = meta(
            r#"<html><body><p>By <a rel="author" href="/ana">Ana Silva</a></p></body></html>"#,
        );
        assert_eq!(m.byline.as_deref(), Some("Ana Silva"));
    }

    #[test]
    fn json_ld_inside_cdata_is_read() {
        let m = meta(
            "<html><head><script type=\"application/ld+json\">\n  <![CDATA[\n {\"@type\": \"NewsArticle\", \
             \"author\": [{\"@type\": \"Person\", \"name\": \"Li Wei\"}]}\n ]]>\n</script></head><body></body></html>",
        );
        assert_eq!(m.byline.as_deref(), Some("Li Wei"));
        assert_eq!(
            without_cdata("/*<![CDATA[*/ {\"a\": 1} /*]]>*/"),
            "{\"a\": 1}"
        );
        assert_eq!(without_cdata("//<![CDATA[\n{}\n//]]>"), "{}");
        assert_eq!(
            without_cdata("{\"text\": \"<![CDATA[\"}"),
            "{\"text\": \"<![CDATA[\"}"
        );
    }

    #[test]
    fn handles_dates_and_urls_are_not_bylines() {
        // `article:author` is a user handle: JSON-LD names the writer.
        let m = meta(
            r#"<html><head><meta property="article:author" content="anasilva">
<script type="application/ld+json">{"@type": "Article", "author": {"@type": "Person", "name": "Ana Silva"}}</script>
</head><body></body></html>"#,
        );
        assert_eq!(m.byline.as_deref(), Some("Ana Silva"));
        for not_name in [
            "anasilva",
            "@anasilva",
            "https://example.com/ana",
            "Sunday, Feb 1, 2015 11:57 AM UTC",
            "2015-02-01",
            "",
        ] {
            assert!(!is_name_like(not_name), "{not_name}");
        }
        for name in ["Ana Silva", "Reuters", "Richard (R.J.) Eskow", "Mark May"] {
            assert!(is_name_like(name), "{name}");
        }
        // The engine's byline keeps its name when a date follows it.
        let page = Html::parse_document("<html><body></body></html>");
        let m = read(
            &page,
            Some("By Ana Silva March 11, 2015 3:46 PM".into()),
            &[],
        )
        .fields;
        assert_eq!(m.byline.as_deref(), Some("By Ana Silva"));
        assert_eq!(without_date("Ana Silva | Monday"), "Ana Silva");
        assert_eq!(without_date("Mark May, 2 May 2015"), "Mark May");
        assert_eq!(without_date("March 11, 2015"), "March 11, 2015");
    }

    #[test]
    fn byline_elements_by_class_itemprop_and_rel() {
        // A byline element's text, without its `By`/`Par` and the date after the name.
        let byline = |body: &str| meta(&format!("<html><body>{body}</body></html>")).byline;
        assert_eq!(
            byline(
                r#"<h1>Dam opens</h1><span class="byline">By <a href="/ana">Ana Silva</a></span>"#
            ),
            Some("Ana Silva".into())
        );
        assert_eq!(
            byline(r#"<div class="author"><div class="author-name">ANA SILVA</div></div>"#),
            Some("ANA SILVA".into())
        );
        assert_eq!(
            byline(r#"<ul><li itemprop="author"><span itemprop="name">Ana Silva</span></li></ul>"#),
            Some("Ana Silva".into())
        );
        assert_eq!(
            byline(r#"<span class="author">Par<span class="authorname"> Ana Silva</span></span>"#),
            Some("Ana Silva".into())
        );
        assert_eq!(
            byline(r#"<p class="byline">by: Ana Silva, March 3, 2015</p>"#),
            Some("Ana Silva".into())
        );
        // Not a byline: another story's author in a sidebar or a related box, an author's
        // photo, a bio, a date in a byline-named element.
        assert_eq!(
            byline(
                r#"<aside><span class="byline">Rui Costa</span></aside>
<div class="related-stories"><span class="author">Li Wei</span></div>
<div class="author-photo"><img src="a.jpg"></div>
<div class="author-bio">Ana Silva has covered ports and shipping for the paper since 2009, first from Lisbon and then from Rotterdam.</div>
<span class="byline-date">March 3, 2015</span>
<span class="byline">Ana Silva</span>"#
            ),
            Some("Ana Silva".into())
        );
        assert_eq!(byline(r#"<span class="byline"> </span>"#), None);
    }
}
