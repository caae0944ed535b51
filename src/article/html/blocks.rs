//! Our own block walker over a parsed page or fragment: the text blocks (paragraphs,
//! headings, list items, quotes) in document order, skipping furniture (navigation, asides,
//! footers, forms, figures, hidden elements, anything whose class or id reads like an ad, a
//! share bar or a "related" box). It reads the main-text engine's output into paragraphs,
//! and is the fallback engine: `itemprop=articleBody`, else the `<article>` with the most
//! text, else `<main>`, else the element holding the most paragraph text. One pass over the
//! tree, linear in its size. Knows nothing of metadata or of news.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Node};

/// Elements whose text is the page's furniture, not the story. (Not `<form>`: ASP.NET
/// pages wrap the whole page in one.)
const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "button",
    "select",
    "textarea",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "map",
    "dialog",
    "menu",
    "head",
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
    "caption",
    "pullquote",
    "gdpr",
    "consent",
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
/// How many blocks above the story's first paragraph its headline may be.
const HEADING_REACH: usize = 8;

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
    if name == "header" && !inside_article {
        return true;
    }
    is_furniture(name, &|key| element.attr(key).map(str::to_string))
}

/// Whether an element named `name`, with attributes given by `attr`, is page furniture:
/// by its tag, its `hidden`/`aria-hidden`/`role`, or a word of its class or id.
pub(super) fn is_furniture(name: &str, attr: &dyn Fn(&str) -> Option<String>) -> bool {
    if SKIPPED_TAGS.contains(&name) {
        return true;
    }
    if attr("hidden").is_some()
        || attr("aria-hidden").as_deref() == Some("true")
        || attr("role")
            .is_some_and(|role| SKIPPED_ROLES.contains(&role.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    if matches!(name, "html" | "body" | "main" | "article") {
        return false;
    }
    let class_and_id = format!(
        "{} {}",
        attr("class").unwrap_or_default(),
        attr("id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    let words: Vec<&str> = class_and_id
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .collect();
    // `<main class="container js-social-anchor">`, `<div class="story-body share-top">`: a
    // container that also says it holds the story is not furniture.
    words.iter().any(|w| SKIPPED_CLASS_WORDS.contains(w))
        && !words.iter().any(|w| CONTENT_CLASS_WORDS.contains(w))
}

/// Class or id words that mark the story's own container.
const CONTENT_CLASS_WORDS: &[&str] = &[
    "article", "content", "story", "body", "main", "post", "entry", "text", "column",
];

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
    /// Whether it is a heading, `<h1>`..`<h4>`.
    heading: bool,
    /// How many of its letters and digits are inside links.
    link_chars: usize,
}

/// Text blocks of a page and the pre-order spans of the elements that may hold a story.
pub(super) struct Blocks {
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
    pub(super) fn collect(root: ElementRef<'_>) -> Blocks {
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
        // Open `<a>` elements, and the link letters of the block being read.
        let mut link_depth = 0usize;
        let mut link_chars = 0usize;
        // Whether the block being read is a heading.
        let mut heading = false;

        let flush_loose = |loose: &mut Option<(NodeId, String, usize)>,
                           blocks: &mut Vec<Block>,
                           link_chars: &mut usize| {
            if let Some((parent, text, order)) = loose.take() {
                push_block(
                    blocks,
                    text,
                    order,
                    parent,
                    (false, false),
                    std::mem::take(link_chars),
                );
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
                        if name == "a" {
                            link_depth += 1;
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
                                    flush_loose(&mut loose, &mut blocks, &mut link_chars);
                                    link_chars = 0;
                                    block = Some((node.id(), String::new(), name == "p", order));
                                    heading = matches!(name, "h1" | "h2" | "h3" | "h4");
                                }
                            }
                        } else if !INLINE_TAGS.contains(&name) {
                            if let Some((_, text, _, _)) = &mut block {
                                text.push(' ');
                            } else {
                                flush_loose(&mut loose, &mut blocks, &mut link_chars);
                            }
                        }
                    }
                    Node::Text(text) if skip_depth == 0 => {
                        order += 1;
                        if link_depth > 0 {
                            link_chars += text.chars().filter(|c| c.is_alphanumeric()).count();
                        }
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
                    if name == "a" {
                        link_depth = link_depth.saturating_sub(1);
                    }
                    if INLINE_TAGS.contains(&name) {
                        continue;
                    }
                    containers.pop();
                    let parent = *containers.last().unwrap_or(&root.id());
                    if block.as_ref().is_some_and(|(id, ..)| *id == node.id()) {
                        let (_, text, paragraph, at) = block.take().expect("checked above");
                        let links = std::mem::take(&mut link_chars);
                        push_block(&mut blocks, text, at, parent, (paragraph, heading), links);
                    } else if let Some((_, text, _, _)) = &mut block {
                        text.push(' ');
                    } else {
                        flush_loose(&mut loose, &mut blocks, &mut link_chars);
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
        flush_loose(&mut loose, &mut blocks, &mut link_chars);
        if let Some((_, text, paragraph, at)) = block.take() {
            push_block(
                &mut blocks,
                text,
                at,
                root.id(),
                (paragraph, heading),
                link_chars,
            );
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
    pub(super) fn story_container(&self) -> Option<(usize, usize)> {
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
    pub(super) fn text_in(&self, span: Option<(usize, usize)>) -> String {
        self.paragraphs_in(span).join("\n\n")
    }

    /// The text of each block inside `span` (all blocks for `None`), in order.
    pub(super) fn paragraphs_in(&self, span: Option<(usize, usize)>) -> Vec<String> {
        self.blocks_in(span).map(|b| b.text.clone()).collect()
    }

    /// Each block inside `span` (all blocks for `None`) with the share of its letters and
    /// digits that are link text.
    pub(super) fn linked_paragraphs_in(&self, span: Option<(usize, usize)>) -> Vec<(String, f64)> {
        self.blocks_in(span)
            .map(|b| {
                let letters = b.text.chars().filter(|c| c.is_alphanumeric()).count();
                (b.text.clone(), b.link_chars as f64 / letters.max(1) as f64)
            })
            .collect()
    }

    /// The headline just above the story whose first paragraph is `first`: that paragraph
    /// itself when it is a short heading, else the nearest short `<h1>`..`<h4>` among the
    /// few blocks before it.
    pub(super) fn heading_before(&self, first: &str) -> Option<String> {
        let start: String = first.chars().take(60).collect();
        let at = self
            .blocks
            .iter()
            .position(|b| b.text.starts_with(&start))?;
        let headline_like = |b: &Block| {
            let words = b.text.split_whitespace().count();
            let letters = b.text.chars().filter(|c| c.is_alphanumeric()).count();
            b.heading && (2..=30).contains(&words) && b.link_chars * 2 < letters.max(1)
        };
        if headline_like(&self.blocks[at]) {
            return Some(self.blocks[at].text.clone());
        }
        self.blocks[at.saturating_sub(HEADING_REACH)..at]
            .iter()
            .rev()
            .find(|b| headline_like(b))
            .map(|b| b.text.clone())
    }

    fn blocks_in(&self, span: Option<(usize, usize)>) -> std::slice::Iter<'_, Block> {
        let range = match span {
            Some((open, close)) => self.text_len(open, close).1,
            None => 0..self.blocks.len(),
        };
        self.blocks[range].iter()
    }
}

/// Normalises a block's whitespace (line breaks from `<br>` kept) and records it unless empty
/// or furniture.
fn push_block(
    blocks: &mut Vec<Block>,
    text: String,
    order: usize,
    parent: NodeId,
    (paragraph, heading): (bool, bool),
    link_chars: usize,
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
        heading,
        link_chars,
    });
}
