//! Saved article pages (`.html`): the story inside the page, without menus, ads and footers.
//!
//! The page is parsed with a real HTML5 parser ([`scraper`], i.e. html5ever).
//! - headline: `og:title`, else JSON-LD `headline`, else the first `<h1>`, else `<title>`;
//! - date: `article:published_time`, else `<time datetime>`, else JSON-LD `datePublished`
//!   (then other common `<meta>` dates);
//! - byline: `<meta name="author">`, `article:author` (unless a URL), JSON-LD `author`,
//!   `rel="author"`; tags from `article:tag`/`keywords`; url from `og:url`/canonical link;
//! - body: the text blocks (paragraphs, headings, list items, quotes) of `itemprop=
//!   articleBody`, else the `<article>` with the most text, else `<main>`, else the element
//!   holding the most paragraph text. Navigation, asides, footers, forms, scripts, hidden
//!   elements and anything whose class or id reads like an ad, a share bar or a "related"
//!   box are skipped.
//!
//! The body then goes through the plain-text pipeline (dateline, byline, quotes). Every
//! pass over the page is linear in its size; pages nested deeper than [`MAX_DEPTH`]
//! elements (no real page is; html5ever's tree building is quadratic in nesting depth) are
//! read as text with the tags stripped instead.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};

use super::front_matter::{fill, MetaValue, Metadata};
use super::{assemble, Article, ParseOptions};
use crate::error::ParseError;

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
    let page = Html::parse_document(html);
    let mut meta = Metadata::default();
    let metas = MetaTags::collect(&page);
    let ld = json_ld(&page);

    fill(&mut meta.title, metas.first(&["og:title"]));
    fill(&mut meta.title, ld.title.clone());
    fill(&mut meta.title, first_text(&page, "h1"));
    fill(&mut meta.title, metas.first(&["twitter:title"]));
    fill(&mut meta.title, first_text(&page, "title"));

    fill(&mut meta.date, metas.first(&["article:published_time"]));
    fill(
        &mut meta.date,
        first_attr(&page, "time[datetime]", "datetime"),
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
    fill(&mut meta.byline, first_text(&page, "[rel=author]"));

    fill(
        &mut meta.summary,
        metas.first(&["og:description", "description", "twitter:description"]),
    );
    fill(&mut meta.summary, ld.summary.clone());
    fill(&mut meta.url, metas.first(&["og:url"]));
    fill(
        &mut meta.url,
        first_attr(&page, "link[rel=canonical]", "href"),
    );
    fill(&mut meta.url, ld.url.clone());
    fill(&mut meta.category, metas.first(&["article:section"]));
    fill(&mut meta.category, ld.section.clone());
    fill(&mut meta.agency, metas.first(&["og:site_name"]));
    fill(&mut meta.agency, ld.publisher.clone());
    meta.tags = metas.all("article:tag");
    if meta.tags.is_empty() {
        if let Some(keywords) = metas.first(&["news_keywords", "keywords"]) {
            meta.set("keywords", &MetaValue::Text(keywords));
        } else if let Some(keywords) = &ld.keywords {
            meta.set("keywords", keywords);
        }
    }

    let blocks = Blocks::collect(page.root_element());
    let mut text = blocks.text_in(blocks.story_container());
    if text.trim().is_empty() {
        text = ld.body.clone().unwrap_or_default();
    }
    assemble(id, meta, &text, options)
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

/// Elements whose text is the page's furniture, not the story.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "button",
    "select", "textarea", "svg", "iframe", "object", "embed", "canvas", "figure", "picture",
    "video", "audio", "map", "dialog", "menu", "head",
];
/// Class or id words that mark furniture: `ad-slot`, `share_bar`, `related-links`, ...
const SKIPPED_CLASS_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "promo",
    "sponsor",
    "sponsored",
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "banner",
    "sidebar",
    "popup",
    "modal",
    "breadcrumb",
    "breadcrumbs",
    "recommended",
    "recommendations",
    "outbrain",
    "taboola",
    "footer",
    "nav",
    "navbar",
    "menu",
    "masthead",
    "paywall",
    "signup",
    "tags",
];
const SKIPPED_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "banner",
    "contentinfo",
    "menu",
    "menubar",
    "dialog",
    "search",
];
/// Elements whose text forms one block (paragraph) of the story.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "td",
    "th",
    "caption",
    "address",
];
/// Elements that flow inside a line; text in them belongs to the enclosing block.
const INLINE_TAGS: &[&str] = &[
    "a", "span", "b", "i", "em", "strong", "u", "small", "sub", "sup", "abbr", "cite", "q", "time",
    "mark", "font", "code", "s", "strike", "label", "bdi", "bdo", "data", "dfn", "kbd", "samp",
    "var", "wbr", "del", "ins", "br",
];
/// Whole paragraphs that are page furniture even inside the story.
const FURNITURE_LINES: &[&str] = &[
    "advertisement",
    "story continues below advertisement",
    "article continues below",
    "continue reading",
    "skip advertisement",
];

fn is_skipped(element: &scraper::node::Element, inside_article: bool) -> bool {
    let name = element.name();
    if SKIPPED_TAGS.contains(&name) || (name == "header" && !inside_article) {
        return true;
    }
    if element.attr("hidden").is_some()
        || element.attr("aria-hidden") == Some("true")
        || element
            .attr("role")
            .is_some_and(|role| SKIPPED_ROLES.contains(&role.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    let words_of = |value: &str| {
        value
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .any(|word| SKIPPED_CLASS_WORDS.contains(&word.to_ascii_lowercase().as_str()))
    };
    element.attr("class").is_some_and(words_of) || element.attr("id").is_some_and(words_of)
}

/// One block of text and where it sits in document order.
struct Block {
    text: String,
    /// Position of the block's opening in document order (of its first text, for loose
    /// text); elements' spans are numbered on the same scale.
    order: usize,
    /// The nearest enclosing element that is not inline.
    parent: NodeId,
    /// Whether it is a `<p>` (what "the main text block" is measured by).
    paragraph: bool,
}

/// Text blocks of a page and the pre-order spans of the elements that may hold a story.
struct Blocks {
    blocks: Vec<Block>,
    /// For each block, the total text length of the blocks before it.
    prefix: Vec<usize>,
    /// (priority, pre-order open, pre-order close) of `articleBody`, `article` and `main`.
    candidates: Vec<(u8, usize, usize)>,
    /// Pre-order span of every element that is a block's parent.
    spans: HashMap<NodeId, (usize, usize)>,
}

impl Blocks {
    /// One pass over the tree: linear in the number of nodes.
    fn collect(root: ElementRef<'_>) -> Blocks {
        let mut blocks: Vec<Block> = Vec::new();
        let mut candidates = Vec::new();
        let mut open_at: HashMap<NodeId, usize> = HashMap::new();
        let mut spans: HashMap<NodeId, (usize, usize)> = HashMap::new();
        let mut order = 0usize;
        let mut skip_depth = 0usize;
        let mut article_depth = 0usize;
        // Stack of open non-inline elements.
        let mut containers: Vec<NodeId> = vec![root.id()];
        let mut block: Option<(NodeId, String, bool, usize)> = None;
        let mut loose: Option<(NodeId, String, usize)> = None;

        let flush_loose = |loose: &mut Option<(NodeId, String, usize)>, blocks: &mut Vec<Block>| {
            if let Some((parent, text, order)) = loose.take() {
                push_block(blocks, text, order, parent, false);
            }
        };

        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(element) => {
                        order += 1;
                        if skip_depth > 0 || is_skipped(element, article_depth > 0) {
                            skip_depth += 1;
                            continue;
                        }
                        let name = element.name();
                        if name == "article" {
                            article_depth += 1;
                        }
                        if name == "br" {
                            match (&mut block, &mut loose) {
                                (Some((_, text, _, _)), _) | (None, Some((_, text, _))) => {
                                    text.push('\n')
                                }
                                _ => {}
                            }
                            continue;
                        }
                        if !INLINE_TAGS.contains(&name) {
                            open_at.insert(node.id(), order);
                            containers.push(node.id());
                            let priority = if element.attr("itemprop") == Some("articleBody") {
                                Some(0)
                            } else if name == "article" {
                                Some(1)
                            } else if name == "main" || element.attr("role") == Some("main") {
                                Some(2)
                            } else {
                                None
                            };
                            if let Some(priority) = priority {
                                candidates.push((priority, order, usize::MAX));
                            }
                        }
                        if BLOCK_TAGS.contains(&name) {
                            match &mut block {
                                Some((_, text, _, _)) => text.push(' '),
                                None => {
                                    flush_loose(&mut loose, &mut blocks);
                                    block = Some((node.id(), String::new(), name == "p", order));
                                }
                            }
                        } else if !INLINE_TAGS.contains(&name) {
                            if let Some((_, text, _, _)) = &mut block {
                                text.push(' ');
                            } else {
                                flush_loose(&mut loose, &mut blocks);
                            }
                        }
                    }
                    Node::Text(text) if skip_depth == 0 => {
                        order += 1;
                        if let Some((_, block_text, _, _)) = &mut block {
                            block_text.push_str(text);
                        } else if let Some((_, loose_text, _)) = &mut loose {
                            loose_text.push_str(text);
                        } else if !text.trim().is_empty() {
                            let parent = *containers.last().expect("the root is never popped");
                            loose = Some((parent, text.to_string(), order));
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(element) = node.value() else {
                        continue;
                    };
                    order += 1;
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    let name = element.name();
                    if name == "br" {
                        continue;
                    }
                    if name == "article" {
                        article_depth = article_depth.saturating_sub(1);
                    }
                    if INLINE_TAGS.contains(&name) {
                        continue;
                    }
                    containers.pop();
                    let parent = *containers.last().unwrap_or(&root.id());
                    if block.as_ref().is_some_and(|(id, ..)| *id == node.id()) {
                        let (_, text, paragraph, at) = block.take().expect("checked above");
                        push_block(&mut blocks, text, at, parent, paragraph);
                    } else if let Some((_, text, _, _)) = &mut block {
                        text.push(' ');
                    } else {
                        flush_loose(&mut loose, &mut blocks);
                    }
                    if let Some(open) = open_at.remove(&node.id()) {
                        spans.insert(node.id(), (open, order));
                        if let Some(candidate) = candidates
                            .iter_mut()
                            .rev()
                            .find(|(_, start, end)| *start == open && *end == usize::MAX)
                        {
                            candidate.2 = order;
                        }
                    }
                }
            }
        }
        flush_loose(&mut loose, &mut blocks);
        if let Some((_, text, paragraph, at)) = block.take() {
            push_block(&mut blocks, text, at, root.id(), paragraph);
        }
        let mut prefix = Vec::with_capacity(blocks.len() + 1);
        let mut total = 0;
        prefix.push(0);
        for block in &blocks {
            total += block.text.len();
            prefix.push(total);
        }
        Blocks {
            blocks,
            prefix,
            candidates,
            spans,
        }
    }

    /// Total text length of the blocks whose order lies in `open..=close`, and their range.
    fn text_len(&self, open: usize, close: usize) -> (usize, std::ops::Range<usize>) {
        let start = self.blocks.partition_point(|b| b.order < open);
        let end = self.blocks.partition_point(|b| b.order <= close);
        (self.prefix[end] - self.prefix[start], start..end)
    }

    /// The pre-order span holding the story: the best-scoring candidate of the highest
    /// priority that holds text, else the element holding the most paragraph text.
    fn story_container(&self) -> Option<(usize, usize)> {
        for priority in 0..=2u8 {
            let best = self
                .candidates
                .iter()
                .filter(|(p, ..)| *p == priority)
                .map(|&(_, open, close)| (self.text_len(open, close).0, open, close))
                .filter(|(len, ..)| *len > 0)
                .max_by_key(|&(len, open, _)| (len, std::cmp::Reverse(open)));
            if let Some((_, open, close)) = best {
                return Some((open, close));
            }
        }
        let mut by_parent: HashMap<NodeId, usize> = HashMap::new();
        for block in self.blocks.iter().filter(|b| b.paragraph) {
            *by_parent.entry(block.parent).or_default() += block.text.len();
        }
        let (parent, _) = by_parent.into_iter().max_by_key(|&(parent, len)| {
            (len, std::cmp::Reverse(self.spans.get(&parent).map(|s| s.0)))
        })?;
        self.spans.get(&parent).copied()
    }

    /// The blocks inside `span` (all blocks for `None`), joined by blank lines.
    fn text_in(&self, span: Option<(usize, usize)>) -> String {
        let range = match span {
            Some((open, close)) => self.text_len(open, close).1,
            None => 0..self.blocks.len(),
        };
        let mut out = String::new();
        for block in &self.blocks[range] {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&block.text);
        }
        out
    }
}

/// Normalises a block's whitespace (line breaks from `<br>` kept) and records it unless empty
/// or furniture.
fn push_block(
    blocks: &mut Vec<Block>,
    text: String,
    order: usize,
    parent: NodeId,
    paragraph: bool,
) {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let text = lines.join("\n").trim().to_string();
    if text.is_empty() || FURNITURE_LINES.contains(&text.to_lowercase().as_str()) {
        return;
    }
    blocks.push(Block {
        text,
        order,
        parent,
        paragraph,
    });
}

/// How deep elements nest, estimated by counting tags without parsing: `<x` opens (unless
/// void or `/>`), `</x` closes. Linear, and an overestimate only for unclosed `<p>`/`<li>`.
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
        if !bytes[at].is_ascii_alphabetic() {
            continue;
        }
        let name_end = bytes[at..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| at + p);
        let name = html[at..name_end].to_ascii_lowercase();
        let tag_end = memchr(b'>', &bytes[name_end..]).map(|p| name_end + p);
        let self_closing = tag_end.is_some_and(|end| end > 0 && bytes[end - 1] == b'/');
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
        let a = page("<html><head><title>Only a title</title></head><body>LONDON - Loose text, no paragraphs.<br><br>Second part.</body></html>");
        assert_eq!(a.title.as_deref(), Some("Only a title"));
        assert_eq!(a.dateline.unwrap().location, "LONDON");
        assert_eq!(a.body, "Loose text, no paragraphs.\n\nSecond part.");
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
}
