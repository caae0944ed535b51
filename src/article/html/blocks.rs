//! Our own block walker over a parsed page or fragment: the text blocks (paragraphs,
//! headings, list items, quotes) in document order, skipping furniture (navigation, asides,
//! footers, forms, figures, hidden elements, anything whose class or id reads like an ad, a
//! share bar or a "related" box). It reads the main-text engine's output into paragraphs,
//! and is the fallback engine: `itemprop=articleBody`, else the `<article>` with the most
//! text, else `<main>`, else the element holding the most paragraph text. One pass over the
//! tree, linear in its size. Knows nothing of metadata or of news.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use regex::Regex;
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
/// How far apart (in blocks) two headings of the headline's cluster may be: adjacent.
const HEADING_CLUSTER_GAP: usize = 1;
/// A heading of at most this many words is a kicker or a label when a longer one is beside
/// it.
const MAX_KICKER_WORDS: usize = 2;
/// How many blocks above the story's first paragraph a `<title>` segment shown as a line
/// may be to be its headline (headline, deck, byline, date).
const SEGMENT_REACH: usize = 4;
/// How many blocks above the story's first paragraph a headline in bold type may be, and
/// how many words it has at most.
const EMPHASIS_REACH: usize = 3;
const MAX_EMPHASIS_HEADLINE_WORDS: usize = 20;
/// How many blocks of links (other stories) a headline in bold type may be above the story.
const MAX_PASSED_LINKS: usize = 20;
/// How many short lines of a page are compared with its `<title>`.
const MAX_SHORT_LINES: usize = 5000;

/// Lines of a heading block that are a date, a byline or a label, not a headline.
static NOT_HEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:by\s.*|posted\b.*|(?:last\ )?updated\b.*|published\b.*|contributed\ by\b.*
          | (?:related|more|other|latest|top)(?:\s+\S+){0,2}
          | (?:related|more|other|latest|top)\s.*\b(?:news|stor(?:y|ies)|articles?|headlines|links|videos?|coverage)\b.*
          | tags|news|comments?|\d+\ comments?|(?:post|read|add|view)\ (?:a\ )?comments?.*|share.*|e-?mail.*|print.*
        )$",
    )
    .expect("static regex is valid")
});

/// A year, a time or a numeric date among words that name days and months.
static DATE_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:19|20)\d\d|\d{1,2}:\d\d|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}\s*hrs)\b")
        .expect("static regex is valid")
});
static DATE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:am|pm|gmt|est|pst|ist|hrs|utc)\b|\d{1,2}/\d{1,2}/")
        .expect("static regex is valid")
});

/// A date that opens a line (`Wednesday, 09 January 2008 `, `Jan. 9, 2008, 10:46 AM - `).
static LEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?
          (?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}
           | (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})
          (?:,?\s+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?)?\s*[-–—|:,]?\s+",
    )
    .expect("static regex is valid")
});

/// A full stop after a word of three or more small letters, then a capital: two sentences.
static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Ll}{3,}\. \p{Lu}").expect("static regex is valid"));

/// A line without the date that opens it (a time stamp set inside the headline's element),
/// when at least two words are left; else the line as it is.
fn without_leading_date(line: &str) -> &str {
    match LEADING_DATE.find(line) {
        Some(date) if line[date.end()..].split_whitespace().count() >= 2 => &line[date.end()..],
        _ => line,
    }
}

/// Whether a short line is a date or time stamp (`Monday, 31 December 2007, 10:46 GMT`).
pub(super) fn is_date_line(line: &str) -> bool {
    line.split_whitespace().count() <= 10 && DATE_PART.is_match(line) && DATE_WORD.is_match(line)
}

/// `EDITOR'S CHOICE`, `NEWS ARTICLE`, `TOP STORIES`: a label of three words or fewer in
/// capitals.
fn is_caps_label(line: &str) -> bool {
    line.split_whitespace().count() <= 3 && !line.chars().any(char::is_lowercase)
}

/// A short line of a block in bold or large type (of up to three lines: the others may be a
/// date or a byline), not a link, a sentence, a date, a byline or a label: a headline on a
/// page that marks it only by its type.
fn emphasised_headline(block: &Block) -> Option<String> {
    let text = block.text.trim();
    let words = text.split_whitespace().count();
    if !block.emphasised
        || block.is_link_text()
        || text.lines().filter(|l| !l.trim().is_empty()).count() > 3
        || words > MAX_EMPHASIS_HEADLINE_WORDS + 10
    {
        return None;
    }
    // The headline's line; the others may be its date or byline.
    headline_line(text).filter(|line| {
        let words = line.split_whitespace().count();
        let ends_sentence = line.ends_with([':', ',', ';']);
        !is_caps_label(line) && words <= MAX_EMPHASIS_HEADLINE_WORDS && !ends_sentence
    })
}

/// A headline set in plain type: a short line that shares a word with the `story` and is
/// not a link, a date, a byline, a credit, a label, a slug or a sentence. It is the story's
/// `first` block, when that block is such a line with only its date or credit beside it,
/// else the nearest such line in `before` (the blocks above the story, in order), past
/// dates, bylines, credits, labels and at most [`MAX_PLAIN_HEAD_LINKS`] blocks of links;
/// any other line or a block of prose on the way means there is none.
fn plain_headline(first: &Block, before: &[Block], story: &str) -> Option<String> {
    let furniture = |l: &str| {
        l.split_whitespace().count() < 2
            || NOT_HEADLINE.is_match(l)
            || is_date_line(l)
            || CREDIT.is_match(l)
            || is_caps_label(l)
            || is_slug(l)
    };
    // The longest line of `text` that may be a headline.
    let plain = |text: &str| {
        text.lines()
            .filter_map(headline_line)
            .filter(|line| {
                let opens = line
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "'\"‘“".contains(c));
                opens
                    && !is_caps_label(line)
                    && line.split_whitespace().count() <= MAX_EMPHASIS_HEADLINE_WORDS
                    && !line.ends_with([':', ',', ';'])
                    && !CREDIT.is_match(line)
                    && !is_slug(line)
                    && {
                        // The story's own words, not the line's (the first block may hold it).
                        let story_words = content_words(&story.replacen(line.as_str(), "", 1));
                        content_words(line).iter().any(|w| story_words.contains(w))
                    }
            })
            .max_by_key(|line| line.chars().count())
    };
    // The story's first block may be its head: a headline with its date or credit lines.
    let lines: Vec<&str> = first
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if (2..=3).contains(&lines.len()) {
        if let Some(line) = plain(&first.text) {
            if lines
                .iter()
                .filter(|l| !l.contains(line.as_str()))
                .all(|l| furniture(l))
            {
                return Some(line);
            }
        }
    }
    let mut links = 0;
    for b in before.iter().rev() {
        if b.is_link_text() {
            // A list of links (other stories) ends the story's head; a toolbar (`Print`,
            // `0 comments`, `A | A | A`) does not.
            if headline_line(&b.text).is_none() {
                continue;
            }
            links += 1;
            if links > MAX_PLAIN_HEAD_LINKS {
                return None;
            }
            continue;
        }
        if b.text.split_whitespace().count() > MAX_PLAIN_HEAD_BLOCK_WORDS {
            return None;
        }
        let line = plain(&b.text);
        if line.is_some() {
            return line;
        }
        // Only dates, bylines, credits and labels may sit between the headline and the
        // story; any other line (a form, a teaser) means there is no plain headline.
        if !b.text.lines().map(str::trim).all(furniture) {
            return None;
        }
    }
    None
}

/// A heading (`<h1>`..`<h6>` or headline-named) that is a link and reads as a headline:
/// another story's, when several stand together.
fn is_linked_headline(block: &Block) -> bool {
    (block.level > 0 || block.titled)
        && block.is_link_text()
        && headline_line(&block.text).is_some()
}

/// A wire slug (`Lifestyle-US-tourism-animal-horses FEATURE`): half its words or more are
/// joined by hyphens.
fn is_slug(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let joined = line.split_whitespace().filter(|w| w.contains('-')).count();
    joined * 2 >= words.max(1)
}

/// How many blocks of links a plain headline may be above the story.
const MAX_PLAIN_HEAD_LINKS: usize = 3;

/// A writer's or photographer's credit (`Ana Silva - Newsdex News Writer`, `ANA SILVA
/// Associated Press`, `Press Trust of India`), not a headline.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:writer|correspondent|reporter|photographer|staff|news service|associated press|press trust|press association|getty images|photos?\s+by|united press|agence france|news agency|wire services?)\b")
        .expect("static regex is valid")
});

/// The lowercase words of four letters or more in `text` that are not common function
/// words: what a headline shares with its story.
fn content_words(text: &str) -> std::collections::HashSet<String> {
    const COMMON: &[&str] = &[
        "that", "with", "from", "this", "have", "been", "were", "will", "said", "says", "after",
        "over", "into", "about", "their", "they", "more", "than", "what", "when", "your", "which",
        "would", "there", "also", "some", "just", "only", "year", "years",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect()
}

/// A block of more words than this above a story is prose, not part of its head.
const MAX_PLAIN_HEAD_BLOCK_WORDS: usize = 40;

/// The headline in a heading block's text: its longest line of two to thirty words that is
/// not a date, a byline, a label or a sentence (`... on Sunday.`; headlines end without a
/// full stop).
fn headline_line(text: &str) -> Option<String> {
    text.lines()
        .map(|l| without_leading_date(l.trim()))
        .filter(|l| (2..=30).contains(&l.split_whitespace().count()))
        // `... activists. We publish ...`: a line of prose broken by `<br>`.
        .filter(|l| !SENTENCE_BREAK.is_match(l))
        .filter(|l| !NOT_HEADLINE.is_match(l) && !is_date_line(l))
        .filter(|l| !l.ends_with('.') || l.ends_with(".."))
        // `A | A | A` (text size buttons), `1 2 3 Next`.
        .filter(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 6)
        .max_by_key(|l| l.chars().count())
        .map(str::to_string)
}

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
    // `cap` is a caption (`<div class="cap">`), but not in a `drop-cap`.
    let caption = words.contains(&"cap") && !class_and_id.contains("drop");
    (caption || words.iter().any(|w| SKIPPED_CLASS_WORDS.contains(w)))
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
    /// 1 to 6 for a heading, `<h1>`..`<h6>`; 0 for other blocks.
    level: u8,
    /// Whether it is a heading whose class or id names the page's section or site
    /// (`<h1 id="litSectionName">`): never the headline.
    site: bool,
    /// Whether it is a list item.
    item: bool,
    /// Whether most of its text sits in an element whose class or id names a headline
    /// (`headline`, `storytitle`, `entry-title`, `contentheading`, ...).
    titled: bool,
    /// Whether most of its text sits in an element whose class, id or `itemprop` names a
    /// deck ([`names_deck`]) or a kicker ([`names_kicker`]).
    deck: bool,
    kicker: bool,
    /// Whether (nearly) all of its text is bold or large type.
    emphasised: bool,
    /// How many of its letters and digits are inside links.
    link_chars: usize,
}

impl Block {
    /// Whether half or more of its letters and digits are inside links (a list of links, a
    /// linked teaser).
    fn is_link_text(&self) -> bool {
        let letters = self.text.chars().filter(|c| c.is_alphanumeric()).count();
        self.link_chars * 2 >= letters.max(1)
    }

    fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
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
        let mut reader = Reader::default();
        let mut candidates = Vec::new();
        let mut open_at: HashMap<NodeId, usize> = HashMap::new();
        let mut spans: HashMap<NodeId, (usize, usize)> = HashMap::new();
        let mut skip_depth = 0usize;
        // For each open element that is not skipped, what its names say.
        let mut says_stack: Vec<Says> = Vec::new();
        let mut article_depth = 0usize;
        // Stack of open non-inline elements.
        let mut containers: Vec<NodeId> = vec![root.id()];

        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(element) => {
                        reader.order += 1;
                        if skip_depth > 0 || is_skipped(element, article_depth > 0) {
                            skip_depth += 1;
                            continue;
                        }
                        let name = element.name();
                        // What the element's names say, read once: its close undoes it.
                        let says = Says::of(element);
                        says_stack.push(says);
                        if let Some(part) = says.part() {
                            reader.named.push(part);
                        }
                        if is_emphasis(element) {
                            reader.strong_depth += 1;
                        }
                        if name == "article" {
                            article_depth += 1;
                        }
                        if name == "a" {
                            reader.link_depth += 1;
                        }
                        if name == "br" {
                            reader.line_break();
                            continue;
                        }
                        if INLINE_TAGS.contains(&name) {
                            continue;
                        }
                        let parent = *containers.last().expect("the root is never popped");
                        open_at.insert(node.id(), reader.order);
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
                            candidates.push((priority, reader.order, usize::MAX));
                        }
                        // Any element that is not inline ends the text read so far.
                        reader.flush();
                        if BLOCK_TAGS.contains(&name) {
                            reader.open.push(OpenBlock {
                                id: node.id(),
                                parent,
                                paragraph: name == "p",
                                item: name == "li",
                                level: heading_level(name),
                                site: heading_level(name) > 0 && names_site(element),
                            });
                        }
                    }
                    Node::Text(text) if skip_depth == 0 => {
                        reader.order += 1;
                        let parent = *containers.last().expect("the root is never popped");
                        reader.text(text, parent);
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(element) = node.value() else {
                        continue;
                    };
                    reader.order += 1;
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    let name = element.name();
                    let says = says_stack.pop().unwrap_or_default();
                    if says.part().is_some() {
                        reader.named.pop();
                    }
                    if is_emphasis(element) {
                        reader.strong_depth = reader.strong_depth.saturating_sub(1);
                    }
                    if name == "br" {
                        continue;
                    }
                    if name == "article" {
                        article_depth = article_depth.saturating_sub(1);
                    }
                    if name == "a" {
                        reader.link_depth = reader.link_depth.saturating_sub(1);
                    }
                    if INLINE_TAGS.contains(&name) {
                        continue;
                    }
                    containers.pop();
                    reader.flush();
                    if reader.open.last().is_some_and(|b| b.id == node.id()) {
                        reader.open.pop();
                    }
                    if let Some(open) = open_at.remove(&node.id()) {
                        spans.insert(node.id(), (open, reader.order));
                        if let Some(candidate) = candidates
                            .iter_mut()
                            .rev()
                            .find(|(_, start, end)| *start == open && *end == usize::MAX)
                        {
                            candidate.2 = reader.order;
                        }
                    }
                }
            }
        }
        reader.flush();
        let blocks = reader.blocks;
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
    /// digits that are link text, and whether it is a list item.
    pub(super) fn linked_paragraphs_in(&self, span: Option<(usize, usize)>) -> Vec<Paragraph> {
        self.blocks_in(span)
            .map(|b| {
                let letters = b.text.chars().filter(|c| c.is_alphanumeric()).count();
                Paragraph {
                    text: b.text.clone(),
                    link_share: b.link_chars as f64 / letters.max(1) as f64,
                    item: b.item,
                }
            })
            .collect()
    }

    /// The headline just above the story whose first paragraph is `first` and whose opening
    /// sentence is the paragraph `anchor` (the same, or a later one when the main-text
    /// engine kept some of the page's head as the story's first paragraphs), among the
    /// blocks from [`HEADING_REACH`] blocks above `first` down to `anchor` (its head):
    /// - the short heading (`<h1>`..`<h6>`, or text in an element whose class names a
    ///   headline) of the highest level that is not a link; on a tie the nearest (a deck or
    ///   a byline set as a smaller heading loses to the headline above it; a heading whose
    ///   class names a headline counts below `<h6>`);
    /// - else the nearest heading that is a link (`<h2><a href="/story">Headline</a></h2>`);
    /// - else (old pages with no heading at all) a short line in bold or large type that
    ///   opens the story or sits just above it;
    /// - else the nearest short line above the story that is not a link, a date, a byline or
    ///   a label (`<div class="sh">Headline</div>`, a headline in a table cell).
    pub(super) fn heading_before(&self, first: &str, anchor: &str, story: &str) -> Option<String> {
        let (start, at) = self.head_of(first, anchor, HEADING_REACH)?;
        let headline = |b: &Block, linked: bool| {
            if !(b.level > 0 || b.titled) || b.site || (!linked && b.is_link_text()) {
                return None;
            }
            headline_line(&b.text)
        };
        // The nearest cluster of headings (each at most one block from the next): the
        // headline, its deck, a byline set as a heading, a kicker.
        let mut cluster: Vec<(usize, u8, String)> = Vec::new();
        for i in (start..=at).rev() {
            if cluster
                .last()
                .is_some_and(|(last, ..)| last - i > HEADING_CLUSTER_GAP)
            {
                break;
            }
            let b = &self.blocks[i];
            if let Some(line) = headline(b, false).filter(|line| !CREDIT.is_match(line)) {
                cluster.push((i, if b.level > 0 { b.level } else { 7 }, line));
            }
        }
        // Its highest level wins, on a tie the nearest; a kicker or label of two words
        // or fewer only when the cluster has nothing longer.
        let long = |line: &str| line.split_whitespace().count() > MAX_KICKER_WORDS;
        let any_long = cluster.iter().any(|(_, _, line)| long(line));
        if let Some((_, _, line)) = cluster
            .into_iter()
            .filter(|(_, _, line)| !any_long || long(line))
            .min_by_key(|(i, rank, _)| (*rank, at - i))
        {
            return Some(line);
        }
        let before = &self.blocks[start..at];
        (start..at)
            .rev()
            .filter(|&i| !self.in_headline_list(i))
            .find_map(|i| headline(&self.blocks[i], true))
            .or_else(|| {
                self.blocks[at.saturating_sub(EMPHASIS_REACH)..=at]
                    .iter()
                    .rev()
                    .find_map(emphasised_headline)
            })
            .or_else(|| plain_headline(&self.blocks[at], before, story))
            .or_else(|| {
                // Last, the same in bold type past a box of links to other stories set
                // beside the story (in the page's order, between it and its headline),
                // when it shares a word with the story.
                let story_words = content_words(story);
                (0..at)
                    .rev()
                    .take(MAX_PASSED_LINKS)
                    .map(|k| &self.blocks[k])
                    .find(|b| !b.is_link_text())
                    .and_then(emphasised_headline)
                    .filter(|line| content_words(line).iter().any(|w| story_words.contains(w)))
            })
    }

    /// Whether block `i` is one of a list of other stories' headlines: a block beside it is
    /// a linked heading too ([`is_linked_headline`]).
    fn in_headline_list(&self, i: usize) -> bool {
        [i.checked_sub(1), i.checked_add(1)]
            .into_iter()
            .flatten()
            .filter_map(|k| self.blocks.get(k))
            .any(is_linked_headline)
    }

    /// The line nearest above the story whose first paragraph is `first` (or in that
    /// paragraph's block) whose words are one of `segments` (see `metadata::segments`),
    /// among the [`SEGMENT_REACH`] blocks before it; not a link.
    pub(super) fn line_before(
        &self,
        first: &str,
        anchor: &str,
        segments: &[String],
    ) -> Option<String> {
        if segments.is_empty() {
            return None;
        }
        let (start, at) = self.head_of(first, anchor, SEGMENT_REACH)?;
        self.blocks[start..=at]
            .iter()
            .rev()
            .filter(|b| !b.is_link_text() && !b.site)
            .find_map(|b| {
                b.text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !NOT_HEADLINE.is_match(l) && !is_caps_label(l))
                    .find(|l| segments.contains(&super::clean::words(l)))
                    .map(str::to_string)
            })
    }

    /// The kicker above the page's `headline` and the deck below it, for the story whose
    /// first paragraph is `first`. The headline's block is looked for among the
    /// [`PARTS_REACH`] blocks above the story ([`Blocks::headline_block`]; nothing is found
    /// when it is elsewhere); the kicker is then the block right above it
    /// ([`Blocks::kicker_above`]) and the deck the first fitting block below it
    /// ([`Blocks::deck_below`]). `description` (the page's summary metadata) and `byline`
    /// help tell a deck from furniture.
    pub(super) fn story_parts(
        &self,
        headline: &str,
        first: &str,
        description: Option<&str>,
        byline: Option<&str>,
    ) -> StoryParts {
        let Some(at) = self.story_start(first) else {
            return StoryParts::default();
        };
        let want = super::clean::words(headline);
        let Some(h) = self.headline_block(&want, at) else {
            return StoryParts::default();
        };
        StoryParts {
            kicker: self.kicker_above(h, &want),
            deck: self.deck_below(h, at, &DeckHints::new(description, byline)),
        }
    }

    /// The story's head: the range from `reach` blocks above its first paragraph `first` to
    /// the block of its opening sentence `anchor` (see [`Blocks::heading_before`]), as the
    /// indexes of its first and last blocks.
    fn head_of(&self, first: &str, anchor: &str, reach: usize) -> Option<(usize, usize)> {
        let at = self.story_start(anchor)?;
        let top = self.story_start(first).map_or(at, |f| f.min(at));
        Some((top.saturating_sub(reach), at))
    }

    /// The index of the story's first paragraph, or of the block it is part of: the main-text
    /// engine may have split a block whose dateline is set in its own element
    /// (`<b>NEW YORK --</b> The ...`), so its first paragraph does not open a block.
    fn story_start(&self, first: &str) -> Option<usize> {
        self.position_of(first).or_else(|| {
            let start: String = first.chars().take(60).collect();
            self.blocks.iter().position(|b| b.text.contains(&start))
        })
    }

    /// The block holding the headline (whose words, `want`, are compared, as the headline
    /// was cleaned of dates and site tails): the nearest of the story's first block `at` and
    /// the [`PARTS_REACH`] blocks above it whose text, or one of whose lines, has those
    /// words. None for an empty headline or one printed elsewhere (a kicker or deck is only
    /// read next to the headline the story is shown with).
    fn headline_block(&self, want: &str, at: usize) -> Option<usize> {
        if want.is_empty() {
            return None;
        }
        (at.saturating_sub(PARTS_REACH)..=at).rev().find(|&i| {
            let b = &self.blocks[i];
            super::clean::words(&b.text) == want
                || b.text.lines().any(|l| super::clean::words(l) == want)
        })
    }

    /// The kicker: the block right above the headline's block `h`, when it is printed as a
    /// label over the headline. Its class names a kicker (`kicker`, `overline`, `eyebrow`),
    /// or it is a heading that is not a link, or a label in capitals; and it is a short
    /// label line ([`is_kicker_line`]), not a heading naming the site, and not the headline
    /// (whose words are `want`) again.
    fn kicker_above(&self, h: usize, want: &str) -> Option<String> {
        let above = &self.blocks[h.checked_sub(1)?];
        let line = above.text.trim();
        let looks =
            above.kicker || (above.level > 0 && !above.is_link_text()) || is_caps_label(line);
        (looks && is_kicker_line(line) && !above.site && super::clean::words(line) != want)
            .then(|| line.to_string())
    }

    /// The deck: the first block below the headline's block `h` (within [`PARTS_REACH`],
    /// and not past the story's first block `at`) that is one ([`Blocks::is_deck`]), after
    /// passing over the furniture printed between them: links, dates, bylines, credits,
    /// toolbars ([`DeckHints::passes_over`]). Its text is given on one line.
    fn deck_below(&self, h: usize, at: usize, hints: &DeckHints) -> Option<String> {
        let last = at
            .max(h + 1)
            .min(h + PARTS_REACH)
            .min(self.blocks.len() - 1);
        // Whether only furniture lies between the headline and block `j`.
        let mut only_furniture = true;
        for j in h + 1..=last {
            let b = &self.blocks[j];
            let text = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if hints.passes_over(b, &text) {
                continue;
            }
            if self.is_deck(h, j, at, &text, only_furniture, hints) {
                return Some(text);
            }
            only_furniture = false;
        }
        None
    }

    /// Whether block `j` (whose text on one line is `text`), below the headline and not
    /// furniture, is the deck of the story that opens at block `at` and whose headline is
    /// block `h`. It has 3 to [`MAX_DECK_WORDS`] words, is not a site heading nor a
    /// headline-named block (unless it is a heading smaller than the headline's: both set in
    /// one headline-named box), and is one of:
    /// - named as a deck ([`Blocks::is_named_deck`]);
    /// - a heading of [`MIN_DECK_WORDS`] words or more, not a line of names, right under
    ///   the headline (`only_furniture` between them): the deck set as a subheading;
    /// - a line of that kind above the story with only furniture between it and the story
    ///   too ([`Blocks::is_line_under_headline`]);
    /// - a block in bold type of six words or more above the story (many stories open with
    ///   a bold paragraph, so not the story's first block);
    /// - a block above the story that says what the page's `description` says.
    fn is_deck(
        &self,
        h: usize,
        j: usize,
        at: usize,
        text: &str,
        only_furniture: bool,
        hints: &DeckHints,
    ) -> bool {
        let b = &self.blocks[j];
        let words = b.word_count();
        // A smaller heading under the headline's heading, both in a headline-named box
        // (`<div id="headline"><h2>Headline</h2><h3>Deck</h3>`), may still be its deck.
        let under = b.level > 0 && self.blocks[h].level > 0 && b.level > self.blocks[h].level;
        let fits = (3..=MAX_DECK_WORDS).contains(&words) && !b.site && (!b.titled || under);
        // Long enough to say something, short enough not to be the story's prose.
        let long = (MIN_DECK_WORDS..=MAX_EMPHASIS_HEADLINE_WORDS * 2).contains(&words);
        let heading = only_furniture && long && b.level > 0 && !is_name_line(text);
        let bold = b.emphasised && words >= 6 && j < at;
        fits && (self.is_named_deck(j, at)
            || heading
            || (only_furniture && long && self.is_line_under_headline(j, at, text))
            || bold
            || (j < at && hints.describes(text)))
    }

    /// Whether block `j` is named as a deck (class, id or `itemprop`: `deck`, `dek`,
    /// `standfirst`, `subtitle`, `summary`, `intro`, ...), and:
    /// - it is not one of several such blocks side by side under one parent: those are
    ///   the story's own paragraphs in a container so named (`<div class="summary">`);
    /// - it is above the story, or a heading: a block the main-text engine kept as the
    ///   story's first paragraph is its lede, whatever its name (`<p class="intro">`, even
    ///   `<p class="standfirst">`: measured on the dev pages, the marks keep those as body).
    fn is_named_deck(&self, j: usize, at: usize) -> bool {
        let b = &self.blocks[j];
        let sibling = |k: usize| {
            self.blocks
                .get(k)
                .is_some_and(|o| o.deck && o.parent == b.parent)
        };
        b.deck && !sibling(j + 1) && !sibling(j - 1) && (j < at || b.level > 0)
    }

    /// Whether block `j` (whose text on one line is `text`) is a line set between the
    /// headline and the story with only links, bylines or dates between it and the story,
    /// and not a line of names (a byline without its `By`): a deck printed as a plain line.
    fn is_line_under_headline(&self, j: usize, at: usize, text: &str) -> bool {
        j < at
            && !is_name_line(text)
            && (j + 1..at).all(|k| {
                let b = &self.blocks[k];
                b.is_link_text() || b.text.lines().map(str::trim).any(is_deck_furniture)
            })
    }

    /// The index of the block that starts like `first`.
    fn position_of(&self, first: &str) -> Option<usize> {
        let start: String = first.chars().take(60).collect();
        self.blocks.iter().position(|b| b.text.starts_with(&start))
    }

    /// The page's short lines that are not mostly links: what a `<title>` segment is
    /// checked against. At most [`MAX_SHORT_LINES`].
    pub(super) fn short_lines(&self) -> Vec<String> {
        self.blocks
            .iter()
            .filter(|b| !b.is_link_text())
            .flat_map(|b| b.text.lines())
            .map(str::trim)
            .filter(|l| (2..=30).contains(&l.split_whitespace().count()))
            .take(MAX_SHORT_LINES)
            .map(str::to_string)
            .collect()
    }

    fn blocks_in(&self, span: Option<(usize, usize)>) -> std::slice::Iter<'_, Block> {
        let range = match span {
            Some((open, close)) => self.text_len(open, close).1,
            None => 0..self.blocks.len(),
        };
        self.blocks[range].iter()
    }
}

/// What is printed with a story's headline: the label above it and the standfirst below.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct StoryParts {
    pub kicker: Option<String>,
    pub deck: Option<String>,
}

/// A label line fit to be a kicker: one line of 1 to [`MAX_KICKER_LINE_WORDS`] words that
/// opens with a capital and ends in a letter, a digit or `?`; no digits (a date, a time or a
/// score), no full stop (a sentence), not a toolbar, a byline, a date or a "Related" label.
fn is_kicker_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    line.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && line.chars().next().is_some_and(char::is_uppercase)
        && line
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '?')
        && !line.chars().any(|c| c.is_ascii_digit())
        && !TOOL_WORDS.is_match(line)
        && (1..=MAX_KICKER_LINE_WORDS).contains(&words)
        && !line.contains('\n')
        && !line.ends_with('.')
        && !NOT_HEADLINE.is_match(line)
        && !is_date_line(line)
}

/// A line printed around a headline that is never its deck: a byline, a date, a credit, a
/// label in capitals, a single word, a toolbar, a lead-in ending in `:`, or `A | B` links.
pub(super) fn is_deck_furniture(line: &str) -> bool {
    NOT_HEADLINE.is_match(line)
        || (DATE_PART.is_match(line) && DATE_WORD.is_match(line))
        || CREDIT.is_match(line)
        || is_caps_label(line)
        || line.split_whitespace().count() < 2
        || TOOL_WORDS.is_match(line)
        || line.ends_with(':')
        || line.contains(" | ")
        || COUNTER.is_match(line)
}

/// A count ending a line: `Talkbacks for this article: 28`, `Comments (4)`.
static COUNTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:[:(]\s*\d+\)?)$").expect("static regex is valid"));

/// A short line of names (`Ana Silva, Newsdex Daily`, `The Sports Network`): at most
/// [`MAX_KICKER_LINE_WORDS`] words, none starting in lower case. A byline without its `By`,
/// not a deck.
fn is_name_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() <= MAX_KICKER_LINE_WORDS
        && words
            .iter()
            .all(|w| !w.chars().next().is_some_and(char::is_lowercase))
}

/// What the page says elsewhere that helps find the deck under its headline.
struct DeckHints {
    /// The words of the byline of two words or more, without `By`: a block holding it is
    /// the byline line, not the deck.
    byline: Option<String>,
    /// The words of the page's `description` of four words or more, without a trailing
    /// ellipsis: a block above the story that says it (or starts so) is the deck.
    described: Option<String>,
}

impl DeckHints {
    fn new(description: Option<&str>, byline: Option<&str>) -> DeckHints {
        let byline = byline
            .map(super::clean::words)
            .map(|w| w.strip_prefix("by ").map(str::to_string).unwrap_or(w))
            .filter(|w| w.contains(' '));
        let described = description
            .map(|d| {
                super::clean::words(
                    d.trim()
                        .trim_end_matches(['.', '…'])
                        .trim_end_matches("..."),
                )
            })
            .filter(|d| d.split(' ').count() >= 4);
        DeckHints { byline, described }
    }

    /// Whether block `b` (whose text on one line is `text`) is passed over on the way from
    /// the headline to the deck: mostly links, opening with neither a letter, a digit nor a
    /// quotation mark (a bullet, a `|`), holding a furniture line ([`is_deck_furniture`]),
    /// or holding the byline.
    fn passes_over(&self, b: &Block, text: &str) -> bool {
        let opens = text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || "'\"‘“".contains(c));
        b.is_link_text()
            || !opens
            || b.text.lines().map(str::trim).any(is_deck_furniture)
            || is_deck_furniture(text)
            || self
                .byline
                .as_deref()
                .is_some_and(|by| super::clean::words(text).contains(by))
    }

    /// Whether `text` says what the page's description says (or starts with it).
    fn describes(&self, text: &str) -> bool {
        self.described.as_ref().is_some_and(|d| {
            let w = super::clean::words(text);
            w == *d || w.starts_with(d.as_str())
        })
    }
}

/// How many blocks above the story's first paragraph its headline's block may be for its
/// kicker and deck to be read, and how far below the headline the deck may be.
const PARTS_REACH: usize = 12;
/// A kicker is one line of at most this many words.
const MAX_KICKER_LINE_WORDS: usize = 5;
/// A deck found by its place alone (not named as one) has at least this many words.
const MIN_DECK_WORDS: usize = 4;
/// Tools and furniture printed around a headline, not a deck or kicker: `Refer to a
/// friend`, `Click photo to enlarge`, `RSS`, `Article from: AAP`, `Special to the Star`.
static TOOL_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:refer|get|click|adjust|experience|share|e-?mail|print|follow|subscribe|sign|listen|watch|view|see|shop|search|from\ the\ section|article\ from|special\ to)\b|\b(?:rss|feeds?|story\ tools|videos?|home|font|enlarge|supported\ by)\b",
    )
    .expect("static regex is valid")
});
/// A deck has at most this many words.
const MAX_DECK_WORDS: usize = 60;

/// A block of text as the cleaning pass sees it.
pub(super) struct Paragraph {
    pub text: String,
    /// The share of its letters and digits that are link text.
    pub link_share: f64,
    /// Whether it is a list item.
    pub item: bool,
}

/// A block element being read.
struct OpenBlock {
    id: NodeId,
    /// The nearest enclosing element that is not inline.
    parent: NodeId,
    paragraph: bool,
    /// 1 to 6 for `<h1>`..`<h6>`, 0 for other blocks.
    level: u8,
    item: bool,
    /// Whether it is a heading whose class or id names the page's section or site.
    site: bool,
}

/// 1 to 6 for `<h1>`..`<h6>`, 0 for other elements.
pub(super) fn heading_level(name: &str) -> u8 {
    match name {
        "h1" => 1,
        "h2" => 2,
        "h3" => 3,
        "h4" => 4,
        "h5" => 5,
        "h6" => 6,
        _ => 0,
    }
}

/// The text being read and the blocks read so far. Text runs until the next element that is
/// not inline; it then becomes a block: of the innermost open block element (a `<td>`'s own
/// text and each `<p>` inside it are separate blocks), or loose text in a `<div>`.
#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    open: Vec<OpenBlock>,
    text: String,
    /// Order of the text's first piece and the element holding it (for loose text).
    start: usize,
    loose_parent: Option<NodeId>,
    order: usize,
    /// Open `<a>` elements, and the letters of the text read so far inside them.
    link_depth: usize,
    link_chars: usize,
    /// The parts of the story named by the open elements' class, id or `itemprop`
    /// ([`Says::part`]), innermost last: the innermost name says what the text is (a deck
    /// inside a `<div id="headline">` is a deck).
    named: Vec<Part>,
    /// The letters read inside elements named as a headline, a deck or a kicker.
    titled_chars: usize,
    deck_chars: usize,
    kicker_chars: usize,
    /// Open bold or large-type elements, and the letters read inside them.
    strong_depth: usize,
    strong_chars: usize,
}

impl Reader {
    fn text(&mut self, text: &str, parent: NodeId) {
        if self.link_depth > 0 || self.strong_depth > 0 || !self.named.is_empty() {
            let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
            match self.named.last() {
                Some(Part::Headline) => self.titled_chars += letters,
                Some(Part::Deck) => self.deck_chars += letters,
                Some(Part::Kicker) => self.kicker_chars += letters,
                None => {}
            }
            if self.link_depth > 0 {
                self.link_chars += letters;
            }
            if self.strong_depth > 0 {
                self.strong_chars += letters;
            }
        }
        if self.text.is_empty() {
            if self.open.is_empty() && text.trim().is_empty() {
                return;
            }
            self.start = self.order;
            self.loose_parent = Some(parent);
        }
        self.text.push_str(text);
    }

    fn line_break(&mut self) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
    }

    /// Makes the text read so far a block.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        let links = std::mem::take(&mut self.link_chars);
        let named = Named {
            titled: std::mem::take(&mut self.titled_chars),
            deck: std::mem::take(&mut self.deck_chars),

            kicker: std::mem::take(&mut self.kicker_chars),
        };
        let strong = std::mem::take(&mut self.strong_chars);
        if text.trim().is_empty() {
            return;
        }
        let loose_parent = self.loose_parent.take();
        let (parent, flags) = match (self.open.last(), loose_parent) {
            (Some(open), _) => (
                open.parent,
                (open.paragraph, open.level, open.item, open.site, named),
            ),
            (None, Some(parent)) => (parent, (false, 0, false, false, named)),
            (None, None) => return,
        };
        push_block(
            &mut self.blocks,
            text,
            self.start,
            parent,
            flags,
            (links, strong),
        );
    }
}

/// Letters of a block's text read inside elements named as a headline, a deck or a kicker.
#[derive(Clone, Copy, Default)]
struct Named {
    titled: usize,
    deck: usize,
    kicker: usize,
}

/// Normalises a block's whitespace (line breaks from `<br>` kept) and records it unless empty
/// or furniture.
fn push_block(
    blocks: &mut Vec<Block>,
    text: String,
    order: usize,
    parent: NodeId,
    (paragraph, level, item, site, named): (bool, u8, bool, bool, Named),
    (link_chars, strong_chars): (usize, usize),
) {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let text = lines.join("\n").trim().to_string();
    if text.is_empty() || FURNITURE_LINES.contains(&text.to_lowercase().as_str()) {
        return;
    }
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    blocks.push(Block {
        text,
        order,
        parent,
        paragraph,
        level,
        item,
        site,
        titled: named.titled * 3 >= letters && named.titled > 0,
        deck: named.deck * 3 >= letters * 2 && named.deck > 0,
        kicker: named.kicker * 3 >= letters * 2 && named.kicker > 0,
        emphasised: strong_chars * 10 >= letters * 9 && strong_chars > 0,
        link_chars,
    });
}

/// Whether an element sets its text in bold or large type: `<b>`, `<strong>`, `<font
/// size="4">` (or `+1` and up), a `style` with a bold weight or a font size of 16px/12pt or
/// more. (How old pages without headings mark their headline.)
fn is_emphasis(element: &scraper::node::Element) -> bool {
    match element.name() {
        "b" | "strong" => return true,
        "font" => {
            let size = element.attr("size").unwrap_or_default().trim();
            if size.starts_with('+') && size != "+0"
                || size.parse::<u8>().is_ok_and(|size| size >= 4)
            {
                return true;
            }
        }
        _ => {}
    }
    let Some(style) = element.attr("style") else {
        return false;
    };
    let style = style.to_ascii_lowercase().replace(' ', "");
    if style.contains("font-weight:bold") || style.contains("font-weight:700") {
        return true;
    }
    style.split(';').any(|rule| {
        let Some(size) = rule.strip_prefix("font-size:") else {
            return false;
        };
        let number = |unit: &str| size.strip_suffix(unit).and_then(|n| n.parse::<f32>().ok());
        number("px").is_some_and(|px| px >= 16.0) || number("pt").is_some_and(|pt| pt >= 12.0)
    })
}

/// Class, id or `itemprop` words of headings that name the page's section or site, not its story.
const SITE_HEADING_WORDS: &[&str] = &[
    "section",
    "sitename",
    "site-name",
    "site_name",
    "logo",
    "brand",
    "masthead",
];

/// Whether an element's class, id or `itemprop` holds one of [`SITE_HEADING_WORDS`] (any
/// case): the one test of a site or section heading, for the blocks and the metadata.
pub(super) fn names_site(element: &scraper::node::Element) -> bool {
    [
        element.attr("class"),
        element.attr("id"),
        element.attr("itemprop"),
    ]
    .into_iter()
    .flatten()
    .map(str::to_ascii_lowercase)
    .any(|v| SITE_HEADING_WORDS.iter().any(|w| v.contains(w)))
}

/// The words of an element's class, id and `itemprop`, split at spaces, hyphens and
/// underscores (compared ignoring ASCII case: nothing is allocated, as this runs for
/// every element of the page).
fn name_words(element: &scraper::node::Element) -> impl Iterator<Item = &str> + '_ {
    [
        element.attr("class"),
        element.attr("id"),
        element.attr("itemprop"),
    ]
    .into_iter()
    .flatten()
    .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
    .filter(|w| !w.is_empty())
}

/// Whether `word` holds `part` (lowercase ASCII), ignoring ASCII case.
fn holds_ignoring_case(word: &str, part: &str) -> bool {
    word.len() >= part.len()
        && word
            .as_bytes()
            .windows(part.len())
            .any(|w| w.eq_ignore_ascii_case(part.as_bytes()))
}

/// Whether an element's class, id or `itemprop` names a deck (standfirst): `deck`,
/// `storydeck`, `dek`, `standfirst`, `strapline`, `subtitle`, `subhead(line)`, `subhed`,
/// `alternativeHeadline`, the French `chapo`, Spanish `entradilla`/`bajada`; or, as a
/// lede may be one, `summary`, `description`, `teaser`, `intro`, `lede`, `excerpt`,
/// `abstract`.
fn names_deck(element: &scraper::node::Element) -> bool {
    const WHOLE: &[&str] = &[
        "dek",
        "strap",
        "alternativeheadline",
        "chapo",
        "chapeau",
        "entradilla",
        "bajada",
    ];
    const LEDE: &[&str] = &[
        "summary",
        "description",
        "teaser",
        "intro",
        "introduction",
        "lede",
        "excerpt",
        "abstract",
        "sumario",
    ];
    const PART: &[&str] = &[
        "deck",
        "standfirst",
        "strapline",
        "subtitle",
        "subhead",
        "subhed",
        "subtitulo",
    ];
    name_words(element).any(|w| {
        WHOLE
            .iter()
            .chain(LEDE)
            .any(|whole| w.eq_ignore_ascii_case(whole))
            || PART.iter().any(|p| holds_ignoring_case(w, p))
    }) || names_in_two_words(element, "sub", &["title", "head"])
}

/// Whether an element's names hold `first` as a word of its own followed by a word that
/// starts with one of `then` (`sub-title`, `sub_headline`, `over-title`).
fn names_in_two_words(element: &scraper::node::Element, first: &str, then: &[&str]) -> bool {
    let mut after_first = false;
    name_words(element).any(|w| {
        let hit = after_first
            && then.iter().any(|p| {
                w.len() >= p.len() && w.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            });
        after_first = w.eq_ignore_ascii_case(first);
        hit
    })
}

/// Whether an element's class or id names a kicker (the label above a headline):
/// `kicker`, `overline`, `overtitle`, `eyebrow`, `supertitle`, the French `surtitre`,
/// Spanish `antetitulo`/`volanta`.
fn names_kicker(element: &scraper::node::Element) -> bool {
    const PART: &[&str] = &[
        "kicker",
        "overline",
        "overtitle",
        "eyebrow",
        "supertitle",
        "surtitre",
        "antetitulo",
        "volanta",
    ];
    name_words(element).any(|w| PART.iter().any(|p| holds_ignoring_case(w, p)))
        || names_in_two_words(element, "over", &["title"])
}

/// What an element's class, id or `itemprop` says it holds.
#[derive(Debug, Clone, Copy, Default)]
struct Says {
    headline: bool,
    deck: bool,
    kicker: bool,
}

/// A part of the story printed around its headline, as an element's names say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Headline,
    Deck,
    Kicker,
}

impl Says {
    /// The part an element's names say it holds: a deck or kicker name wins over a
    /// headline one (`articleSubTitle`, `content_sub_title` and `article_overtitle` name a
    /// title, but not the headline).
    fn part(self) -> Option<Part> {
        if self.deck {
            Some(Part::Deck)
        } else if self.kicker {
            Some(Part::Kicker)
        } else if self.headline {
            Some(Part::Headline)
        } else {
            None
        }
    }

    fn of(element: &scraper::node::Element) -> Says {
        if element.attr("class").is_none()
            && element.attr("id").is_none()
            && element.attr("itemprop").is_none()
        {
            return Says::default();
        }
        Says {
            headline: names_headline(element),
            deck: names_deck(element),
            kicker: names_kicker(element),
        }
    }
}

/// Whether an element's class or id names a headline: a word holding `headline`,
/// `heading` or `title`, or an article's, story's or post's `head` (`article_headline`,
/// `contentheading`, `entry-title`, `storytitle`, `storyhead`, `ArticleHead`), but not a
/// sub-headline or a navigation heading.
pub(super) fn names_headline(element: &scraper::node::Element) -> bool {
    [element.attr("class"), element.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|word| {
            let word = word.to_ascii_lowercase();
            let story_head = word.contains("head")
                && !word.contains("header")
                && ["article", "story", "news", "post", "entry"]
                    .iter()
                    .any(|w| word.starts_with(w));
            (story_head
                || ["headline", "heading", "title", "titular", "titre"]
                    .iter()
                    .any(|w| word.contains(w)))
                && !word.starts_with("sub")
                && !word.starts_with("nav")
                && !word.starts_with("menu")
                && !word.contains("section")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_lines_drop_a_leading_date_and_skip_prose_and_labels() {
        assert_eq!(
            headline_line("Wednesday, 09 January 2008 Ferry service resumes").as_deref(),
            Some("Ferry service resumes")
        );
        assert_eq!(
            headline_line("Jan. 9, 2008, 10:46 AM - Ferry service resumes").as_deref(),
            Some("Ferry service resumes")
        );
        // A date with nothing after it stays a date; a time stamp in hours is one too.
        assert_eq!(headline_line("Wednesday, 09 January 2008"), None);
        assert_eq!(headline_line("15 Jan, 2008, 1202 hrs IST,"), None);
        // `Top`, `More`, `Latest` open headlines too; only short labels and lists of
        // stories are not headlines.
        assert_eq!(
            headline_line("Top ferry captain retires after storms").as_deref(),
            Some("Top ferry captain retires after storms")
        );
        for label in [
            "Top Stories",
            "More from the Newsdex on this story",
            "Latest news",
            "0 comments",
            "Post a comment",
        ] {
            assert_eq!(headline_line(label), None, "{label}");
        }
        // Two sentences on a line broken by `<br>` are prose.
        assert_eq!(
            headline_line("We are a group of ferry users. We publish a newsletter, a"),
            None
        );
        assert!(is_slug("Travel-ferry-island-storms FEATURE"));
        assert!(!is_slug("Ferry service resumes in Kyung-ju"));
    }

    #[test]
    fn kicker_lines_are_short_labels_and_deck_furniture_is_not_a_deck() {
        for kicker in ["Harbour Works", "ELECTION", "Why now?"] {
            assert!(is_kicker_line(kicker), "{kicker}");
        }
        for not in [
            "The ferry resumes.",
            "Ferry season 2026",
            "Share this story",
            "By Ana Silva",
            "a ferry line",
            "The ferry is back after the longest storms",
            "A",
        ] {
            assert!(!is_kicker_line(not), "{not}");
        }
        for furniture in [
            "By Ana Silva",
            "Wednesday, 09 January 2008 10:46 GMT",
            "Ana Silva, Newsdex News Writer",
            "TOP STORIES",
            "Ferry",
            "Click photo to enlarge",
            "Related:",
            "Home | News | Ferries",
            "Talkbacks for this article: 28",
            "Comments (4)",
        ] {
            assert!(is_deck_furniture(furniture), "{furniture}");
        }
        assert!(!is_deck_furniture(
            "The island's only link to the mainland sails again"
        ));
        assert!(is_name_line("Ana Silva, Newsdex Daily"));
        assert!(!is_name_line("Ferries sail again after the storms"));
    }

    #[test]
    fn deck_hints_know_the_byline_and_the_description() {
        let hints = DeckHints::new(
            Some("The island's ferry sails again after two weeks..."),
            Some("By Ana Silva"),
        );
        assert_eq!(hints.byline.as_deref(), Some("ana silva"));
        assert!(hints.describes("The island's ferry sails again after two weeks of storms"));
        assert!(!hints.describes("Storms closed the harbour"));
        // A one-word byline or a short description is no hint.
        let hints = DeckHints::new(Some("Ferry news"), Some("Reuters"));
        assert_eq!((hints.byline, hints.described), (None, None));
    }

    #[test]
    fn a_headline_in_bold_type_past_a_box_of_links_beside_the_story() {
        let links: String = [
            "Fares rise again",
            "Harbour works delayed",
            "Mayor opens school",
        ]
        .iter()
        .flat_map(|t| [1, 2].map(|n| format!(r#"<p><a href="/{n}">{t} in week {n}</a></p>"#)))
        .collect();
        let first =
            "The island ferry sailed again on Monday after a week of storms kept it in port.";
        let html = format!(
            r#"<div><p>LOCAL NEWS</p><p><b>Ferry service resumes after the storms</b></p>{links}<p>{first}</p></div>"#
        );
        let page = scraper::Html::parse_fragment(&html);
        let blocks = Blocks::collect(page.root_element());
        assert_eq!(
            blocks.heading_before(first, first, first).as_deref(),
            Some("Ferry service resumes after the storms")
        );
        // Not when it shares no word with the story.
        let html = html.replace("Ferry service resumes after the storms", "Life is local");
        let page = scraper::Html::parse_fragment(&html);
        let blocks = Blocks::collect(page.root_element());
        assert_eq!(blocks.heading_before(first, first, first), None);
    }
}
