//! A page's metadata: headline, byline, published date, section, canonical URL, site name,
//! summary and tags, from `<meta>` tags, JSON-LD and the page's own headings. Pure over the
//! parsed page; knows nothing of the body's extraction or of files.
//!
//! - headline: the page heading (`<h1>`..`<h4>`, or an element whose class or id says
//!   `title`/`headline`) that the `<title>`, `og:title` or JSON-LD `headline` agrees with;
//!   else JSON-LD `headline`, `og:title` or `<title>` with a `| Site` or ` - Site` tail
//!   removed; else the first `<h1>`;
//! - byline: what the main-text engine saw (JSON-LD `author`, `author` metadata, a byline
//!   element), else `<meta name="author">`, `article:author` (unless a URL), JSON-LD
//!   `author`, `rel="author"`; a `By ...` line in the body is found by the news pass;
//! - date: `article:published_time`, `<time datetime>`, JSON-LD `datePublished`, then other
//!   common `<meta>` dates; section from `article:section`/JSON-LD `articleSection`; url from
//!   `og:url`/canonical link; source from `og:site_name`/JSON-LD `publisher`.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Selector};

use crate::article::front_matter::{fill, MetaValue, Metadata};

/// What the page says about itself, and the JSON-LD `articleBody` as a last-resort body.
pub(super) struct PageMeta {
    pub fields: Metadata,
    pub body: Option<String>,
    /// Whether the headline is one the page's title metadata vouches for (a heading it
    /// agrees with, JSON-LD `headline`, `og:title`), rather than a guess from `<h1>` or
    /// `<title>` alone.
    pub title_vouched: bool,
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
const SEGMENT_SEPARATORS: &[&str] = &[" : ", ": ", " > ", " -- ", "- ", " -"];

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
        title_tag.clone(),
    ]
    .into_iter()
    .flatten()
    {
        references.push(value);
    }
    let headings = headings(page);
    fill(
        &mut meta.title,
        agreed_heading(&headings, lines, &references),
    );
    for value in [
        ld.title.clone(),
        metas.first(&["og:title"]),
        metas.first(&["twitter:title"]),
    ] {
        fill(
            &mut meta.title,
            value.map(|v| strip_site(&v, site.as_deref(), false)),
        );
    }
    let title_vouched = meta.title.is_some();
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

    fill(&mut meta.byline, engine_byline.filter(|b| is_name_like(b)));
    fill(&mut meta.byline, metas.first(&["author"]));
    fill(
        &mut meta.byline,
        metas
            .first(&["article:author"])
            .filter(|a| !a.starts_with("http")),
    );
    fill(&mut meta.byline, ld.author.clone());
    fill(
        &mut meta.byline,
        metas.first(&["dc.creator", "parsely-author", "sailthru.author"]),
    );
    fill(&mut meta.byline, first_text(page, "[rel=author]"));

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
    }
}

/// A byline the engine reports is a name line, not a paragraph or a URL.
fn is_name_like(byline: &str) -> bool {
    let byline = byline.trim();
    !byline.is_empty() && byline.chars().count() <= 120 && !byline.starts_with("http")
}

/// Lowercase words of `text` separated by single spaces (what headlines are compared by).
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The text of the page's headings and title-like elements, in document order.
fn headings(page: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for node in page.root_element().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let value = element.value();
        let name = value.name();
        let heading = matches!(name, "h1" | "h2" | "h3" | "h4");
        let titled = !matches!(name, "title" | "head" | "meta" | "body" | "html" | "script")
            && [
                value.attr("class"),
                value.attr("id"),
                value.attr("itemprop"),
            ]
            .into_iter()
            .flatten()
            .any(|v| {
                let v = v.to_ascii_lowercase();
                v.contains("title") || v.contains("headline")
            });
        if !heading && !titled {
            continue;
        }
        let mut text = String::new();
        for piece in element.text() {
            text.push_str(piece);
            text.push(' ');
            if text.len() > MAX_HEADING_CHARS {
                break;
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() && text.len() <= MAX_HEADING_CHARS {
            found.push(text);
        }
        if found.len() >= MAX_HEADINGS {
            break;
        }
    }
    found
}

/// The segments of a title between separators, as words, for those of two words or more.
fn segments(title: &str) -> Vec<String> {
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

/// The heading the page's title metadata agrees with: the same words, the headline part of
/// `Headline - Site`, or the whole of a title that was cut short; or a short line of the
/// page's text that is a whole segment of the title (`Site : Section : Headline`). The
/// longest such heading wins; on a tie, the first.
fn agreed_heading(headings: &[String], lines: &[String], references: &[String]) -> Option<String> {
    let segments: Vec<String> = references.iter().flat_map(|r| segments(r)).collect();
    let references: Vec<String> = references
        .iter()
        .map(|r| words(r))
        .filter(|r| !r.is_empty())
        .collect();
    let mut best: Option<(usize, &String)> = None;
    for line in lines {
        let l = words(line);
        if segments.contains(&l) && best.is_none_or(|(w, _)| l.len() > w) {
            best = Some((l.len(), line));
        }
    }
    for heading in headings {
        let h = words(heading);
        if h.is_empty() || (!h.contains(' ') && h.chars().count() < 12) {
            continue;
        }
        let weight = references
            .iter()
            .filter_map(|r| {
                let inside = format!(" {r} ").contains(&format!(" {h} "));
                if *r == h || (inside && h.len() * 3 >= r.len()) {
                    Some(h.len())
                } else if h.starts_with(r.as_str())
                    && r.split(' ').count() >= 3
                    && h.as_bytes().get(r.len()) == Some(&b' ')
                {
                    Some(r.len())
                } else {
                    None
                }
            })
            .max();
        if let Some(weight) = weight {
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, heading));
            }
        }
    }
    best.map(|(_, heading)| heading.clone())
}

/// `title` without the site's name: segments between [`TITLE_SEPARATORS`] that name the
/// site are dropped; for a `<title>` (`longest`), the longest remaining segment is kept.
fn strip_site(title: &str, site: Option<&str>, longest: bool) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
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
        site.as_ref()
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

/// The whitespace-normalised text of the first element matching `css`.
fn first_text(page: &Html, css: &str) -> Option<String> {
    page.select(&selector(css))
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|t| !t.is_empty())
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
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
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
}
