//! Stage 4: query text -> ranked [`Hit`]s with [`Snippet`]s.
//!
//! Parses the query (tantivy's grammar, field boosts, all words required by default),
//! collects the top stories and the exact hit count in one pass, and picks for each hit the
//! passage that best shows why it matched. Returns plain data: highlight ranges, never
//! colors or markup, so [`crate::render`] decides how a match looks.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query, QueryParser, QueryParserError, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::article::{first_words, Date, Quote};
use crate::error::{IndexError, QueryError};
use crate::indexer::UNIX_EPOCH_JULIAN_DAY;
use crate::schema::{self, Fields};

/// Field boosts: a match in the headline counts most, then quotations and speakers, then
/// the dateline place, then body text.
const BOOSTS: &[(&str, f32)] = &[
    (schema::names::TITLE, 3.0),
    (schema::names::QUOTES, 2.0),
    (schema::names::SPEAKER, 2.0),
    (schema::names::LOCATION, 1.5),
    (schema::names::BYLINE, 1.0),
    (schema::names::BODY, 1.0),
];

/// Default snippet length in characters.
pub const DEFAULT_SNIPPET_CHARS: usize = 200;

/// What to search for and how much to return.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// Query text in tantivy's grammar with newsdex's fields.
    pub query: String,
    /// How many hits to return.
    pub limit: usize,
    /// How many top hits to skip (pagination).
    pub offset: usize,
    /// Require every word (`true`, the default) or any word.
    pub match_all: bool,
    /// Approximate snippet length in characters; 0 turns snippets off.
    pub snippet_chars: usize,
}

impl SearchRequest {
    /// A request for the top 10 stories matching every word of `query`.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            match_all: true,
            snippet_chars: DEFAULT_SNIPPET_CHARS,
        }
    }

    /// Sets how many hits to return.
    pub fn limit(mut self, limit: usize) -> SearchRequest {
        self.limit = limit;
        self
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many stories match in all (not just those returned).
    pub total_hits: usize,
    /// The returned hits, best first.
    pub hits: Vec<Hit>,
}

/// One matching story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based position in the full ranking (offset included).
    pub rank: usize,
    /// Corpus-relative path.
    pub id: String,
    /// Path the story can be opened at.
    pub path: String,
    /// BM25 score with field boosts.
    pub score: f32,
    /// The headline, if the story has one.
    pub title: Option<String>,
    /// The headline, or the story's first words when it has none.
    pub display_title: String,
    /// Matched words in `display_title`, as byte ranges.
    pub title_highlights: Vec<Range<usize>>,
    /// Dateline place.
    pub location: Option<String>,
    /// Dateline date as written.
    pub date: Option<String>,
    /// Dateline agency.
    pub agency: Option<String>,
    /// Full publication date, when known.
    pub published: Option<Date>,
    /// Category folder.
    pub category: Option<String>,
    /// The passage that best shows the match.
    pub snippet: Snippet,
}

/// A passage of a story with the matched words marked as byte ranges into `text`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// Which field the passage comes from: `body`, `quotes` or `title`.
    pub field: String,
    /// The passage, whitespace collapsed, with `…` where it was cut.
    pub text: String,
    /// Byte ranges of matched words in `text`, sorted and non-overlapping.
    pub highlights: Vec<Range<usize>>,
}

/// An opened newsdex index, ready to answer queries.
pub struct NewsIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl NewsIndex {
    /// Opens the index at `path`.
    pub fn open(path: &Path) -> Result<NewsIndex, IndexError> {
        if !path.join("meta.json").is_file() {
            return Err(IndexError::Missing(path.to_path_buf()));
        }
        let foreign = |reason: String| IndexError::Foreign {
            path: path.to_path_buf(),
            reason,
        };
        let index = Index::open_in_dir(path).map_err(|e| foreign(e.to_string()))?;
        schema::register_analyzers(&index);
        let fields = schema::fields_of(&index.schema())
            .ok_or_else(|| foreign("its schema is not newsdex's".into()))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| foreign(e.to_string()))?;
        Ok(NewsIndex {
            path: path.to_path_buf(),
            index,
            reader,
            fields,
        })
    }

    /// The folder the index lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many stories the index holds.
    pub fn num_stories(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs `request`.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, QueryError> {
        let query = self.parse_query(&request.query, request.match_all)?;
        let searcher = self.reader.searcher();
        let collector = (
            TopDocs::with_limit(request.limit.max(1))
                .and_offset(request.offset)
                .order_by_score(),
            Count,
        );
        let (top, total_hits) = searcher
            .search(&query, &collector)
            .map_err(|e| QueryError::Search(e.to_string()))?;
        let snippets = Snippets::new(&searcher, &*query, &self.fields, request.snippet_chars)?;
        let hits = top
            .into_iter()
            .take(request.limit)
            .enumerate()
            .map(|(i, (score, address))| {
                self.hit(&searcher, &snippets, request.offset + i + 1, score, address)
            })
            .collect::<Result<Vec<Hit>, QueryError>>()?;
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits,
            hits,
        })
    }

    /// Whether the index holds a story with this id (used to check judgments).
    pub fn contains_story(&self, id: &str) -> Result<bool, QueryError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let count = self
            .reader
            .searcher()
            .search(&query, &Count)
            .map_err(|e| QueryError::Search(e.to_string()))?;
        Ok(count > 0)
    }

    /// Parses query text, turning every grammar or field problem into a [`QueryError`].
    pub fn parse_query(&self, text: &str, match_all: bool) -> Result<Box<dyn Query>, QueryError> {
        if text.trim().is_empty() {
            return Err(QueryError::Empty);
        }
        let (_, errors) = tantivy::query_grammar::parse_query_lenient(text);
        if let Some(error) = errors.first() {
            let position = text
                .get(..error.pos)
                .map_or(error.pos, |prefix| prefix.chars().count());
            return Err(QueryError::Syntax {
                position,
                message: error.message.replace("\\\"", "\""),
            });
        }
        let f = &self.fields;
        let defaults = vec![f.title, f.quotes, f.speaker, f.location, f.byline, f.body];
        let mut parser = QueryParser::for_index(&self.index, defaults);
        for (name, boost) in BOOSTS {
            if let Ok(field) = self.index.schema().get_field(name) {
                parser.set_field_boost(field, *boost);
            }
        }
        if match_all {
            parser.set_conjunction_by_default();
        }
        parser.parse_query(text).map_err(query_error)
    }

    fn hit(
        &self,
        searcher: &Searcher,
        snippets: &Snippets,
        rank: usize,
        score: f32,
        address: DocAddress,
    ) -> Result<Hit, QueryError> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|e| QueryError::Search(e.to_string()))?;
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let title = text(f.title);
        let body = text(f.body).unwrap_or_default();
        let quotes: Vec<Quote> = text(f.quotes_json)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let display_title = title.clone().unwrap_or_else(|| first_words(&body, 12));
        let title_highlights = snippets.title_highlights(&display_title);
        let snippet = snippets.best(&body, &quotes);
        let published = doc
            .get_first(f.published)
            .and_then(|v| v.as_datetime())
            .and_then(|dt| date_from_timestamp(dt.into_timestamp_secs()));
        Ok(Hit {
            rank,
            id: text(f.id).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            score,
            title,
            display_title,
            title_highlights,
            location: text(f.location),
            date: text(f.date),
            agency: text(f.agency),
            published,
            category: text(f.category),
            snippet,
        })
    }
}

/// The calendar date of a midnight-UTC timestamp.
fn date_from_timestamp(secs: i64) -> Option<Date> {
    let julian = i32::try_from(secs.div_euclid(86_400)).ok()? + UNIX_EPOCH_JULIAN_DAY;
    let date = time::Date::from_julian_day(julian).ok()?;
    Date::from_ymd(date.year(), date.month() as u8, date.day())
}

fn query_error(error: QueryParserError) -> QueryError {
    match error {
        QueryParserError::FieldDoesNotExist(field) => QueryError::UnknownField {
            field,
            known: schema::SEARCHABLE_FIELDS.join(", "),
        },
        QueryParserError::SyntaxError(message) => QueryError::Syntax {
            position: 0,
            message,
        },
        QueryParserError::AllButQueryForbidden => {
            QueryError::Unsupported("it only excludes words; add a word to search for".into())
        }
        other => QueryError::Unsupported(other.to_string()),
    }
}

/// Snippet generators for one query, built once and used for every hit.
struct Snippets {
    body: Option<SnippetGenerator>,
    quotes: Option<SnippetGenerator>,
    title: SnippetGenerator,
    max_chars: usize,
}

impl Snippets {
    fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
        max_chars: usize,
    ) -> Result<Snippets, QueryError> {
        let generator = |field| {
            SnippetGenerator::create(searcher, query, field)
                .map(|mut g| {
                    g.set_max_num_chars(max_chars.max(1));
                    g
                })
                .map_err(|e| QueryError::Search(e.to_string()))
        };
        let mut title = generator(fields.title)?;
        title.set_max_num_chars(usize::MAX / 2);
        let enabled = max_chars > 0;
        Ok(Snippets {
            body: if enabled {
                Some(generator(fields.body)?)
            } else {
                None
            },
            quotes: if enabled {
                Some(generator(fields.quotes)?)
            } else {
                None
            },
            title,
            max_chars,
        })
    }

    fn title_highlights(&self, title: &str) -> Vec<Range<usize>> {
        let snippet = self.title.snippet(title);
        let offset = snippet.fragment_range().start;
        snippet
            .highlighted()
            .iter()
            .map(|r| r.start + offset..r.end + offset)
            .collect()
    }

    /// The passage with the most distinct matched words: the body's best fragment, or a
    /// quotation shown with its speaker.
    fn best(&self, body: &str, quotes: &[Quote]) -> Snippet {
        let Some(body_generator) = &self.body else {
            return Snippet::default();
        };
        let mut best = from_tantivy("body", "", body, &body_generator.snippet(body));
        if let Some(quote_generator) = &self.quotes {
            for quote in quotes {
                let found = quote_generator.snippet(&quote.text);
                if found.highlighted().is_empty() {
                    continue;
                }
                let prefix = match &quote.speaker {
                    Some(speaker) => format!("{speaker}: “"),
                    None => "“".to_string(),
                };
                let mut candidate = from_tantivy("quotes", &prefix, &quote.text, &found);
                if !candidate.text.ends_with('…') {
                    candidate.text.push('”');
                }
                if match_strength(&candidate) > match_strength(&best) {
                    best = candidate;
                }
            }
        }
        if best.highlights.is_empty() {
            best = lead(body, self.max_chars);
        }
        best
    }
}

/// Distinct matched words, then total matches: how well a passage shows the query.
fn match_strength(snippet: &Snippet) -> (usize, usize) {
    let mut words: Vec<String> = snippet
        .highlights
        .iter()
        .map(|r| snippet.text[r.clone()].to_lowercase())
        .collect();
    let total = words.len();
    words.sort();
    words.dedup();
    (words.len(), total)
}

/// Converts tantivy's snippet to ours: whitespace collapsed, ellipses where the passage was
/// cut, `prefix` in front, highlight ranges shifted to match.
fn from_tantivy(
    field: &str,
    prefix: &str,
    source: &str,
    snippet: &tantivy::snippet::Snippet,
) -> Snippet {
    let range = snippet.fragment_range();
    let mut text = String::from(prefix);
    if range.start > 0 {
        text.push('…');
    }
    let base = text.len();
    let (collapsed, highlights) = collapse_whitespace(snippet.fragment(), snippet.highlighted());
    text.push_str(&collapsed);
    if range.end < source.trim_end().len() {
        text.push('…');
    }
    let highlights = highlights
        .into_iter()
        .map(|r| r.start + base..r.end + base)
        .collect();
    Snippet {
        field: field.to_string(),
        text,
        highlights,
    }
}

/// The opening of the story, cut at a word boundary: shown when no passage matches.
fn lead(body: &str, max_chars: usize) -> Snippet {
    let mut end = 0;
    for (i, c) in body.char_indices() {
        if i >= max_chars {
            break;
        }
        if c.is_whitespace() {
            end = i;
        }
        if i + c.len_utf8() == body.len() {
            end = body.len();
        }
    }
    let (mut text, _) = collapse_whitespace(&body[..end], &[]);
    if end < body.len() {
        text.push('…');
    }
    Snippet {
        field: "body".to_string(),
        text,
        highlights: Vec::new(),
    }
}

/// Collapses runs of whitespace to one space, moving `ranges` along with the text.
fn collapse_whitespace(text: &str, ranges: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(text.len());
    let mut map = vec![0usize; text.len() + 1];
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        for slot in &mut map[i..i + c.len_utf8()] {
            *slot = out.len();
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    map[text.len()] = out.len();
    let ranges = ranges.iter().map(|r| map[r.start]..map[r.end]).collect();
    (out, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsing_whitespace_keeps_ranges_on_their_words() {
        let (text, ranges) = collapse_whitespace("oil\n\n  prices  rose", &[0..3, 7..13]);
        assert_eq!(text, "oil prices rose");
        assert_eq!(
            ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            vec!["oil", "prices"]
        );
    }

    #[test]
    fn lead_cuts_at_a_word_boundary() {
        assert_eq!(lead("one two three", 8).text, "one two…");
        assert_eq!(lead("one two", 50).text, "one two");
    }

    #[test]
    fn timestamps_round_trip_to_dates() {
        assert_eq!(
            date_from_timestamp(541_296_000).unwrap().to_string(),
            "1987-02-26"
        );
    }
}
