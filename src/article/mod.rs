//! Stage 2: text -> [`Article`].
//!
//! Turns the decoded text of one story into its news anatomy: headline, byline, dateline,
//! body, quotations with their speakers, and trailing credits. Everything here is a pure
//! function over strings: no file system, no tantivy, no terminal. Reading and decoding
//! files belongs to [`crate::corpus`]; indexing to [`crate::indexer`].

pub mod agency;
mod boilerplate;
mod dateline;
mod dates;
mod front_matter;
mod headline;
mod html;
mod json;
mod lead;
mod markdown;
mod paragraphs;
mod quotes;
mod source;

use serde::{Deserialize, Serialize};

pub use dateline::Dateline;
pub use dates::{Date, DateSource, PathDate};
pub use quotes::Quote;
pub use source::{Format, ParsedSource, Rejected};

use front_matter::Metadata;

use crate::error::ParseError;

/// One news story as newsdex understands it.
///
/// This is also the `parse` command's JSON contract: fields may be added, never renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The story's path relative to the corpus root, `/`-separated: stable, what scripts refer to.
    pub id: String,
    /// Where the story was read from, as the user can open it.
    pub path: String,
    /// The headline, when the story has one.
    pub title: Option<String>,
    /// The label printed above the headline (`Analysis`, `NFL PLAYOFFS`), when the page
    /// or metadata gives one.
    #[serde(default)]
    pub kicker: Option<String>,
    /// The deck (standfirst) printed under the headline, when the page or metadata gives
    /// one; it is not repeated in `body`. Indexed with the body.
    #[serde(default)]
    pub deck: Option<String>,
    /// The `By NAME` line, when present.
    pub byline: Option<String>,
    /// The leading `LOCATION, Date (AGENCY) -` of the first paragraph, when present.
    pub dateline: Option<Dateline>,
    /// The full publication date, only when it is known (never a guessed year).
    pub published: Option<Date>,
    /// Where `published` came from: `metadata`, `dateline`, `path` or `flag` (`--year`).
    #[serde(default)]
    pub published_from: Option<DateSource>,
    /// The first folder under the corpus root that is not part of a date.
    pub category: Option<String>,
    /// The story text after the dateline, paragraphs separated by blank lines, boilerplate removed.
    pub body: String,
    /// Every direct quotation, in order of appearance.
    pub quotes: Vec<Quote>,
    /// Boilerplate kept out of the body: captions, photo credits and notes printed ahead of
    /// the story, then trailing copyright lines, sign-offs and reporting credits.
    pub credits: Vec<String>,
    /// The standfirst or description the metadata gives (JSON `description`, HTML
    /// `og:description`, front matter `summary`).
    pub summary: Option<String>,
    /// The publisher or agency the metadata names (front matter `agency`, JSON `source`,
    /// HTML `og:site_name`).
    pub source: Option<String>,
    /// Tags or keywords from the metadata, in order.
    pub tags: Vec<String>,
    /// The story's URL, when the metadata gives one.
    pub url: Option<String>,
}

/// Knobs for [`Article::parse_with`] that do not come from the story text itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Year to assume for datelines that give only a month and day, when the path has no date.
    pub default_year: Option<i32>,
    /// Test-only: parsing a file of this name (the last part of its id) panics, so tests
    /// can check that a bug met on one file costs that file only.
    #[doc(hidden)]
    pub panic_on: Option<String>,
}

impl Article {
    /// Parses a plain-text wire story. `id` is the corpus-relative path: it supplies the
    /// category and, when it contains one, the date a month-and-day dateline lacks a year for.
    pub fn parse(id: &str, text: &str) -> Result<Article, ParseError> {
        Article::parse_with(id, text, &ParseOptions::default())
    }

    /// [`Article::parse`] with explicit options. The text is read as wire copy, with
    /// optional `---` front matter; [`Article::parse_source`] picks the format by file type.
    pub fn parse_with(id: &str, text: &str, options: &ParseOptions) -> Result<Article, ParseError> {
        if text.trim().is_empty() {
            return Err(ParseError::Empty);
        }
        let (meta, text) = front_matter::split(text);
        assemble(id, meta.unwrap_or_default(), text, options)
    }

    /// Parses one source file into its stories, choosing the format from the id's extension
    /// and the content ([`Format::detect`]). Most files hold one story; JSON arrays and JSON
    /// lines hold many, each with its own id (`path#N`). Stories that cannot be read are
    /// left out; the error is returned only when nothing could be read. Use
    /// [`Article::parse_source_all`] to hear about each rejected story too.
    pub fn parse_source(
        id: &str,
        text: &str,
        options: &ParseOptions,
    ) -> Result<Vec<Article>, ParseError> {
        let parsed = Article::parse_source_all(id, text, options);
        match parsed.rejected.into_iter().next() {
            Some(rejected) if parsed.articles.is_empty() => Err(rejected.error),
            _ => Ok(parsed.articles),
        }
    }

    /// Every story of one source file, and every story that could not be read with why
    /// (a bad line in a `.jsonl` is rejected alone).
    pub fn parse_source_all(id: &str, text: &str, options: &ParseOptions) -> ParsedSource {
        source::parse(id, text, options)
    }

    /// The headline, or the story's first words when it has none: what a result list shows.
    pub fn display_title(&self) -> String {
        match &self.title {
            Some(title) => title.clone(),
            None => first_words(&self.body, 12),
        }
    }

    /// The distinct quotation speakers, in order of first appearance.
    pub fn speakers(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for speaker in self.quotes.iter().filter_map(|q| q.speaker.as_deref()) {
            if !seen.contains(&speaker) {
                seen.push(speaker);
            }
        }
        seen
    }
}

/// The first `n` words of `text`, with an ellipsis when there were more.
pub fn first_words(text: &str, n: usize) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(n).collect();
    let mut out = head.join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

/// Builds the article from metadata and story text (markup already removed): headline,
/// byline, boilerplate, dateline, dates and quotes. Metadata wins over what the text says.
pub(crate) fn assemble(
    id: &str,
    meta: Metadata,
    text: &str,
    options: &ParseOptions,
) -> Result<Article, ParseError> {
    let top = headline::split_off(text, meta.title.as_deref());
    let mut paragraphs = paragraphs::split(top.rest);
    let mut credits = boilerplate::take_trailing(&mut paragraphs);
    let known_title = meta.title.as_deref().or(top.title.as_deref());
    let lead = lead::take(&mut paragraphs, known_title);
    let title = meta.title.or(top.title).or(lead.title);
    let byline = meta.byline.or(top.byline).or(lead.byline);
    let mut dateline = lead.dateline;
    credits.splice(0..0, lead.set_aside);
    paragraphs.retain(|p| !p.trim().is_empty());
    if paragraphs.is_empty() {
        if let Some(summary) = &meta.summary {
            paragraphs = paragraphs::split(summary);
        }
    }
    if dateline.is_none() {
        dateline = meta.location.as_ref().map(|location| Dateline {
            raw: location.clone(),
            location: location.clone(),
            date: None,
            agency: meta.agency.clone(),
        });
    }
    if title.is_none() && paragraphs.is_empty() {
        return Err(ParseError::Empty);
    }

    let dated = dates::published(
        meta.date.as_deref(),
        dateline.as_ref().and_then(|d| d.date.as_deref()),
        PathDate::find(id),
        options.default_year,
    );

    let quotes = quotes::extract(&paragraphs);
    let body = paragraphs.join("\n\n");
    Ok(Article {
        id: id.to_string(),
        path: id.to_string(),
        title,
        kicker: meta.kicker,
        deck: meta.deck,
        byline,
        dateline,
        published: dated.map(|(date, _)| date),
        published_from: dated.map(|(_, source)| source),
        category: meta.category.or_else(|| category_of(id)),
        body,
        quotes,
        credits,
        summary: meta.summary,
        source: meta.agency,
        tags: meta.tags,
        url: meta.url,
    })
}

/// Compiles one of the parser's patterns. They are large (Unicode letter classes, dozens of
/// verbs), so the lazy DFA gets room to keep its states instead of rebuilding them for
/// every story: this triples parsing speed on long stories.
pub(crate) fn build_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(DFA_CACHE_BYTES)
        .build()
}

/// Lazy DFA cache per pattern (and thread).
const DFA_CACHE_BYTES: usize = 32 << 20;

/// The first folder of `id` that is not part of a date (`2025`, `09`, `2025-09-05`).
fn category_of(id: &str) -> Option<String> {
    let mut parts: Vec<&str> = id.split('/').collect();
    parts.pop(); // the file name itself is never a category
    parts
        .into_iter()
        .find(|part| !dates::is_date_component(part) && !part.is_empty() && *part != ".")
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(id: &str, text: &str) -> Article {
        Article::parse(id, text).expect("test stories parse")
    }

    #[test]
    fn reuters_story_has_every_field() {
        let text = "BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought.\n    Farmers said the crop was saved.\n Reuter\n";
        let a = parse("1987/02/26/1.txt", text);
        assert_eq!(a.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        let d = a.dateline.as_ref().unwrap();
        assert_eq!(d.raw, "SALVADOR, Feb 26 -");
        assert_eq!(d.location, "SALVADOR");
        assert_eq!(d.date.as_deref(), Some("Feb 26"));
        assert_eq!(d.agency, None);
        assert_eq!(a.published.unwrap().to_string(), "1987-02-26");
        assert_eq!(a.category, None);
        assert_eq!(
            a.body,
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.\n\nFarmers said the crop was saved."
        );
        assert_eq!(a.credits, vec!["Reuter"]);
    }

    #[test]
    fn bbc_story_takes_category_from_folder_and_has_no_dateline() {
        let text = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%.\n\nThe firm said sales rose.\n";
        let a = parse("business/001.txt", text);
        assert_eq!(
            a.title.as_deref(),
            Some("Ad sales boost Time Warner profit")
        );
        assert_eq!(a.category.as_deref(), Some("business"));
        assert_eq!(a.dateline, None);
        assert_eq!(a.published, None);
        assert_eq!(
            a.body,
            "Quarterly profits at US media giant TimeWarner jumped 76%.\n\nThe firm said sales rose."
        );
    }

    #[test]
    fn seed_shaped_story_has_no_headline_and_drops_copyright() {
        let text = "\nSEOUL, September 05 (AJP) - North Korean leader Kim Jong-un met Xi Jinping.\nXi said, \"No matter how the situation may change, this stand will not change.\"\nCopyright ⓒ Aju Press All rights reserved.";
        let a = parse("world/summit.txt", text);
        assert_eq!(a.title, None);
        let d = a.dateline.as_ref().unwrap();
        assert_eq!(
            (d.location.as_str(), d.date.as_deref(), d.agency.as_deref()),
            ("SEOUL", Some("September 05"), Some("AJP"))
        );
        assert_eq!(a.published, None, "no year anywhere: never invent one");
        assert!(!a.body.contains("Copyright"));
        assert_eq!(
            a.credits,
            vec!["Copyright ⓒ Aju Press All rights reserved."]
        );
        assert_eq!(a.quotes.len(), 1);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Xi Jinping"));
        assert_eq!(a.quotes[0].speaker_as_written.as_deref(), Some("Xi"));
        assert_eq!(
            a.display_title(),
            "North Korean leader Kim Jong-un met Xi Jinping. Xi said, \"No matter…"
        );
    }

    #[test]
    fn byline_is_taken_from_under_the_headline() {
        let text = "Rail strike called off\nBy Maria Lopez, Newsdex Wire\n\nLONDON (NW) — Unions called off the strike.\n";
        let a = parse("business/strike.txt", text);
        assert_eq!(a.title.as_deref(), Some("Rail strike called off"));
        assert_eq!(a.byline.as_deref(), Some("By Maria Lopez, Newsdex Wire"));
        assert_eq!(a.dateline.as_ref().unwrap().agency.as_deref(), Some("NW"));
        assert_eq!(a.body, "Unions called off the strike.");
    }

    #[test]
    fn dated_path_supplies_the_year_and_category_skips_date_folders() {
        let a = parse(
            "business/2025/09/12/copper.txt",
            "COPPER SLIDES\n\nLONDON, Sept 12 - Copper fell.",
        );
        assert_eq!(a.category.as_deref(), Some("business"));
        assert_eq!(a.published.unwrap().to_string(), "2025-09-12");
    }

    #[test]
    fn default_year_applies_only_without_a_path_date() {
        let options = ParseOptions {
            default_year: Some(2024),
            ..ParseOptions::default()
        };
        let a = Article::parse_with("x.txt", "LONDON, March 3 - Text.", &options).unwrap();
        assert_eq!(a.published.unwrap().to_string(), "2024-03-03");
    }

    #[test]
    fn empty_text_is_an_error() {
        assert_eq!(Article::parse("a.txt", " \n\n \t"), Err(ParseError::Empty));
    }

    #[test]
    fn category_rules() {
        assert_eq!(category_of("bbc/business/001.txt").as_deref(), Some("bbc"));
        assert_eq!(category_of("business/001.txt").as_deref(), Some("business"));
        assert_eq!(category_of("1987/02/26/1.txt"), None);
        assert_eq!(
            category_of("2025-09-05/world/a.txt").as_deref(),
            Some("world")
        );
        assert_eq!(category_of("story.txt"), None);
    }
}
