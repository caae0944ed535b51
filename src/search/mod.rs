//! Stage 4: query text -> ranked [`Hit`]s with [`Snippet`]s.
//!
//! Parses the query ([`query`]: tantivy's grammar plus fuzzy words, single-word prefixes and
//! plain dates), narrows it with [`Filters`], collects the top stories, the exact hit count
//! and (when asked) [`Facets`] in one pass, falls back from all words to any word when
//! asked and nothing matched, suggests indexed words for words no story has ([`suggest`]),
//! and picks for each hit the passages that best show why it matched ([`highlight`]).
//! Returns plain data: highlight ranges, never colors or markup, so [`crate::render`]
//! decides how a match looks.

pub mod channel;
pub mod dates;
pub mod expand;
pub mod explain;
pub mod facets;
pub mod highlight;
pub mod query;
pub mod rank;
pub mod rerank;
pub mod stats;
mod story;
pub mod suggest;
pub mod timeline;

use std::ops::{Bound, Range};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, ExistsQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexReader, ReloadPolicy, Score, Searcher, TantivyDocument, Term,
};

use crate::article::{agency, first_words, Article, Date, Dateline, Quote};
use crate::error::{IndexError, QueryError};
use crate::schema::folder::{self, folder_at, FolderId};
use crate::schema::{self, Fields, StoredStory};

pub use dates::DateSpan;
pub use explain::ScorePart;
pub use facets::{FacetCount, Facets};
pub use highlight::Highlighter;
pub use query::{Matcher, ParsedQuery, QueryBuilder};
pub use rank::RankParams;
pub use stats::{DateSources, IndexStats};
pub use suggest::Suggestion;
pub use timeline::{Period, PeriodCount, Timeline};

/// Default snippet length in characters.
pub const DEFAULT_SNIPPET_CHARS: usize = 200;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (default).
    #[default]
    Relevance,
    /// Latest `published` first; stories without a date last.
    Newest,
    /// Earliest `published` first; stories without a date last.
    Oldest,
}

/// Conditions every hit must meet, on top of the query. Values are matched whole and
/// case-insensitively; several values for one field mean any of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Published on or after this day.
    pub since: Option<Date>,
    /// Published on or before this day.
    pub until: Option<Date>,
    /// Dateline places (`--location`).
    pub locations: Vec<String>,
    /// Dateline agencies (`--agency`).
    pub agencies: Vec<String>,
    /// Categories (`--category`).
    pub categories: Vec<String>,
    /// Quotation speakers (`--speaker`); a surname alone matches the full name too.
    pub speakers: Vec<String>,
    /// Tags from the stories' metadata (`--tag`), each whole, any case.
    pub tags: Vec<String>,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

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
    /// When every word is required and no story has them all, retry with any of the free
    /// words (field clauses and filters still hold). Off by default: evaluation and scripts
    /// must see the ranking they asked for.
    pub fallback: bool,
    /// Conditions every hit must meet.
    pub filters: Filters,
    /// Hit order.
    pub sort: Sort,
    /// Passages shown per hit (best first).
    pub snippets: usize,
    /// Count locations, agencies, categories and speakers over all matches.
    pub facets: bool,
    /// Break each hit's score down by field and term.
    pub explain: bool,
    /// Suggest indexed words for query words no story has.
    pub suggest: bool,
    /// Add the top stories' most distinctive words to the query, together weighted like the
    /// query's own words (RM3 pseudo-relevance feedback; plain-word queries only).
    pub expand: bool,
    /// How scores are made.
    pub rank: RankParams,
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
            fallback: false,
            filters: Filters::default(),
            sort: Sort::Relevance,
            snippets: 1,
            facets: false,
            explain: false,
            suggest: false,
            expand: false,
            rank: RankParams::default(),
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
    /// The returned hits, in the requested order.
    pub hits: Vec<Hit>,
    /// Whether no story had every word, so any word was allowed instead.
    pub fell_back: bool,
    /// Why the query text was searched as plain words, when it did not parse as syntax.
    pub plain_text: Option<String>,
    /// When filters left nothing: how many stories match the query without them.
    pub unfiltered_total: Option<usize>,
    /// When a date filter or a date order applies to matches most of which have no date:
    /// how many those are.
    pub undated: Option<DateCoverage>,
    /// Query words no story has, with the closest indexed words.
    pub suggestions: Vec<Suggestion>,
    /// The whole query with each unknown word replaced by its first suggestion, when any
    /// word has one: `did you mean "crude oil prices"?`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
    /// Words `--expand` added to the query (stems), strongest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expanded: Vec<String>,
    /// Counts over all matches, when asked for.
    pub facets: Option<Facets>,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
}

/// How many of a query's matches have no publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateCoverage {
    /// Stories matching the query and every filter but the dates.
    pub matching: usize,
    /// Of those, the ones without a publication date.
    pub undated: usize,
}

/// One matching story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based position in the full ranking (offset included).
    pub rank: usize,
    /// Corpus-relative path.
    pub id: String,
    /// Path the story can be opened at: absolute (the index records where its corpus is),
    /// for [`crate::render`]'s caller to shorten against the current directory.
    pub path: String,
    /// Relevance score (see [`rank`]): BM25F for plain words, else BM25 with field boosts.
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
    /// The passage that best shows the match (the first of `snippets`, or the story's
    /// opening when no passage matches; empty when snippets are off).
    pub snippet: Snippet,
    /// Up to [`SearchRequest::snippets`] passages, best first.
    pub snippets: Vec<Snippet>,
    /// Quotations that match the query (by their words or their speaker).
    pub quotes: Vec<Quote>,
    /// The score broken down, when asked for.
    pub explanation: Option<Vec<ScorePart>>,
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
    /// The corpus folder the last commit names (absolute), when it names one.
    corpus: Option<PathBuf>,
    /// See [`NewsIndex::first_run_pending`].
    first_run_pending: bool,
    /// The folder opened, to tell when a rebuild has put another in its place.
    folder: Option<FolderId>,
}

impl NewsIndex {
    /// Opens the index at `path`. Should a rebuild put a new index at `path` while it is
    /// being opened (some files read from the old folder, some from the new), it is opened
    /// again: whole from one folder.
    pub fn open(path: &Path) -> Result<NewsIndex, IndexError> {
        let folder = folder_at(path);
        let opened = NewsIndex::open_folder(path, folder);
        match folder_at(path) {
            now if now != folder => NewsIndex::open_folder(path, now),
            _ => opened,
        }
    }

    /// Whether a rebuild has put another index in place of the one this opened; it can
    /// still be read (its files stay open), but [`NewsIndex::open`] now opens the new one.
    pub fn replaced(&self) -> bool {
        folder_at(&self.path).is_some_and(|now| Some(now) != self.folder)
    }

    /// Opens the index at `path`, which is `folder`.
    fn open_folder(path: &Path, folder: Option<FolderId>) -> Result<NewsIndex, IndexError> {
        if path.is_file() {
            return Err(folder::foreign(path, "it is a file, not a folder"));
        }
        if !path.join("meta.json").is_file() {
            return Err(IndexError::Missing(path.to_path_buf()));
        }
        let damaged = |error: tantivy::TantivyError| IndexError::CannotOpen {
            path: path.to_path_buf(),
            reason: crate::error::describe_damage(&error),
        };
        let index = Index::open_in_dir(path).map_err(damaged)?;
        // Read once, and only the segment list and the payload: tantivy has parsed the
        // schema in `meta.json` already, and parses it again for the reader.
        let commit = LastCommit::read(&index).map_err(|reason| IndexError::CannotOpen {
            path: path.to_path_buf(),
            reason,
        })?;
        folder::check_format(path, commit.payload.as_deref())?;
        schema::register_analyzers(&index);
        let fields = schema::fields_of(&index.schema()).ok_or_else(|| IndexError::Foreign {
            path: path.to_path_buf(),
            reason: "its schema is not newsdex's".into(),
            replaceable: true,
        })?;
        let first_run_pending = commit.segments.is_empty() && commit.payload.is_none();
        if let Some(reason) = folder::missing_words_file(path, !commit.segments.is_empty()) {
            return Err(IndexError::CannotOpen {
                path: path.to_path_buf(),
                reason,
            });
        }
        let corpus = commit
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<folder::IndexMeta>(p).ok())
            .map(|meta| meta.corpus);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(damaged)?;
        Ok(NewsIndex {
            path: path.to_path_buf(),
            index,
            reader,
            fields,
            corpus,
            first_run_pending,
            folder,
        })
    }

    /// Opens the index at `path` for a long-running reader: new commits of the index (an
    /// `index` run elsewhere) are picked up within about a second, without reopening.
    pub fn open_live(path: &Path) -> Result<NewsIndex, IndexError> {
        let mut opened = NewsIndex::open(path)?;
        opened.reader = opened
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|error| IndexError::CannotOpen {
                path: path.to_path_buf(),
                reason: crate::error::describe_damage(&error),
            })?;
        Ok(opened)
    }

    /// Whether the index was created but its first `newsdex index` run has not committed
    /// yet (it is under way, or was stopped before its first commit): it holds nothing.
    pub fn first_run_pending(&self) -> bool {
        self.first_run_pending
    }

    /// The corpus folder the index was built from (absolute), when it records one.
    pub fn corpus(&self) -> Option<&Path> {
        self.corpus.as_deref()
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
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let request = &bounded(request, searcher.num_docs());
        let mut builder = QueryBuilder::new(&self.index, &self.fields, &searcher);
        builder.explain = request.explain;
        let mut parsed = builder.parse(&request.query, request.match_all)?;
        let filter = self.filter_query(&request.filters)?;
        let mut query = with_filter(parsed.query.box_clone(), filter.as_deref());
        let words = rank::plain_words(&request.query);
        // The lead bonus helps plain searches but not expansion (BENCHMARKS.md, issue 12).
        let params = rank::RankParams {
            lead: if request.expand {
                0.0
            } else {
                request.rank.lead
            },
            ..request.rank
        };
        let lookups = rank::Lookups::default();
        let scorer = |stems: &[(String, f32)]| {
            words.as_ref().and_then(|words| {
                rank::Bm25f::new(
                    &searcher,
                    &lookups,
                    self.index.tokenizers(),
                    &self.fields,
                    &params,
                    words,
                    stems,
                )
            })
        };
        let mut bm25f = scorer(&[]).map(Arc::new);
        // Without `--expand`, the words the top stories add reorder the best stories
        // matched (with a small weight) but match no others.
        let reorder = !request.expand
            && request.rank.rerank > 0.0
            && request.sort == Sort::Relevance
            && bm25f.is_some();
        // The first pass keeps what the feedback and the reordering read, so neither
        // collects again.
        let mut keep = request.offset + request.limit.max(1);
        // Equal stories in the part the reordering re-scores need not be ordered by id yet.
        let mut unsettled = 0..0;
        if reorder {
            keep = keep.max(request.rank.rerank_depth);
            unsettled = request.rank.expand_stories..request.rank.rerank_depth;
        }
        if reorder || (request.expand && request.sort == Sort::Relevance) {
            keep = keep.max(request.rank.expand_stories);
        }
        // Words in many stories: only the best matches by tantivy's score are scored with
        // BM25F in relevance order (all are counted; rank.rs). Any-word queries match
        // more, and tantivy's sum over fields agrees less with BM25F there (Reuters `--any`
        // MAP 0.589 at 2000, 0.590 at 4000, bounding every query): twice as deep.
        let bound = bm25f.as_ref().is_some_and(|s| {
            request.rank.candidates > 0
                && s.matches_about(request.match_all) > request.rank.bound_over
        });
        let depth = bound.then_some(match request.match_all {
            true => request.rank.candidates,
            false => request.rank.candidates.saturating_mul(2),
        });
        let first_pass = |query: &dyn Query| {
            self.collect(
                &searcher,
                query,
                request,
                bm25f.clone(),
                keep,
                unsettled.clone(),
                depth,
            )
        };
        let mut outcome = first_pass(&*query)?;
        let mut fell_back = false;
        // Only free words are relaxed: a field clause or a filter still has to hold.
        if outcome.total == 0 && request.fallback && request.match_all && parsed.free_leaves > 1 {
            let any = builder.parse_relaxed(&request.query)?;
            let any_query = with_filter(any.query.box_clone(), filter.as_deref());
            let any_outcome = first_pass(&*any_query)?;
            if any_outcome.total > 0 {
                fell_back = true;
                parsed = any;
                query = any_query;
                outcome = any_outcome;
            }
        }
        // Ties are settled only among stories a page can show.
        let shown = request.offset.saturating_add(request.limit);
        // Stories past the re-scored ones keep their first score, and its explanation.
        let mut first_scorer = None;
        let mut rescored = 0;
        if let (true, Some(first)) = (
            reorder && outcome.total >= request.rank.rerank_min_matches.max(2),
            bm25f.clone(),
        ) {
            let feedback = feedback_stories(&outcome, request.rank.expand_stories);
            let stems = self.expansion(&searcher, &lookups, &feedback, request, &first, false)?;
            if !stems.is_empty() {
                let rerank = request.rank.rerank;
                let stems: Vec<(String, f32)> =
                    stems.into_iter().map(|(s, w)| (s, w * rerank)).collect();
                if let Some(second) = scorer(&stems).map(Arc::new) {
                    rescored = request.rank.rerank_depth.min(outcome.kept.len());
                    rank::rescore(
                        &searcher,
                        &first,
                        &second,
                        &mut outcome.kept[..rescored],
                        shown,
                    );
                    bm25f = Some(second);
                    first_scorer = Some(first);
                }
            }
        }
        if reorder && rescored == 0 {
            rank::settle(&searcher, &mut outcome.kept, shown);
        }
        let mut expanded = Vec::new();
        if let (true, Some(first)) = (request.expand, bm25f.as_ref()) {
            let feedback = if request.sort == Sort::Relevance {
                feedback_stories(&outcome, request.rank.expand_stories)
            } else {
                let by_relevance = SearchRequest {
                    facets: false,
                    sort: Sort::Relevance,
                    ..request.clone()
                };
                let best = self.collect(
                    &searcher,
                    &*query,
                    &by_relevance,
                    Some(first.clone()),
                    request.rank.expand_stories,
                    0..0,
                    depth,
                )?;
                feedback_stories(&best, request.rank.expand_stories)
            };
            // RM3: the feedback weighs the query's own words too (dev topics: nDCG@10
            // 0.877 without, 0.885 with; BENCHMARKS.md).
            let stems = self.expansion(&searcher, &lookups, &feedback, request, first, true)?;
            let stems = rank::interpolate(&request.rank, stems, first.words().len());
            if !stems.is_empty() {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    vec![(Occur::Should, parsed.query.box_clone())];
                for (stem, _) in &stems {
                    for field in [self.fields.title, self.fields.body] {
                        let term = Term::from_field_text(field, stem);
                        clauses.push((
                            Occur::Should,
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                        ));
                    }
                }
                query = with_filter(Box::new(BooleanQuery::new(clauses)), filter.as_deref());
                bm25f = scorer(&stems).map(Arc::new);
                let keep = request.offset + request.limit.max(1);
                // The expanded query matches far more stories, and its added words weigh
                // differently in tantivy's score: every match is scored with BM25F.
                outcome =
                    self.collect(&searcher, &*query, request, bm25f.clone(), keep, 0..0, None)?;
                expanded = stems.into_iter().map(|(stem, _)| stem).collect();
            }
        }
        let unfiltered_total = match (&filter, outcome.total) {
            (Some(_), 0) => Some(
                searcher
                    .search(&*parsed.query, &Count)
                    .map_err(search_error)?,
            ),
            _ => None,
        };
        let undated = self.date_coverage(&searcher, &*parsed.query, request)?;
        let suggestions = if request.suggest {
            suggest::suggest(&searcher, &self.fields, &parsed.words)
        } else {
            Vec::new()
        };
        // A whole-query correction is offered only when it finds something, run as this
        // query ran (all or any words, the same filters): its words may each be in some
        // story, but not together (`opec summitt` -> `opec summit`, which matches none).
        let correction = suggest::correct_query(&request.query, &suggestions).filter(|text| {
            builder
                .parse(text, request.match_all)
                .ok()
                .and_then(|corrected| {
                    let query = with_filter(corrected.query, filter.as_deref());
                    searcher.search(&*query, &Count).ok()
                })
                .is_some_and(|matches| matches > 0)
        });
        let mut highlighter = Highlighter::new(&self.index, parsed.matchers.clone());
        let hits = outcome
            .kept
            .iter()
            .skip(request.offset)
            .take(request.limit)
            .enumerate()
            .map(|(i, kept)| {
                let (score, address) = (kept.score, kept.address);
                let mut hit = self.hit(
                    &searcher,
                    &mut highlighter,
                    request,
                    request.offset + i + 1,
                    score,
                    address,
                )?;
                if request.explain {
                    let scorer = match &first_scorer {
                        Some(first) if request.offset + i >= rescored => Some(first),
                        _ => bm25f.as_ref(),
                    };
                    hit.explanation = Some(match scorer {
                        Some(bm25f) => bm25f.explain(&searcher, address),
                        None => explain::explain(&searcher, &*query, &parsed.parts, address),
                    });
                }
                Ok(hit)
            })
            .collect::<Result<Vec<Hit>, QueryError>>()?;
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits: outcome.total,
            hits,
            fell_back,
            plain_text: parsed.plain_text.clone(),
            unfiltered_total,
            undated,
            suggestions,
            correction,
            expanded,
            facets: outcome.facets.map(facets::finish),
            took_ms: (started.elapsed().as_secs_f64() * 1e5).round() / 100.0,
        })
    }

    /// How many stories matching `request` (query and filters, with the same fallback to
    /// any word as [`NewsIndex::search`]) were published in each `by` period.
    pub fn timeline(&self, request: &SearchRequest, by: Period) -> Result<Timeline, QueryError> {
        let searcher = self.reader.searcher();
        let builder = QueryBuilder::new(&self.index, &self.fields, &searcher);
        let parsed = builder.parse(&request.query, request.match_all)?;
        let filter = self.filter_query(&request.filters)?;
        let query = with_filter(parsed.query.box_clone(), filter.as_deref());
        let collector = (timeline::TimelineCollector, Count);
        let (mut days, total) = searcher.search(&*query, &collector).map_err(search_error)?;
        if total == 0 && request.fallback && request.match_all && parsed.positive_leaves > 1 {
            let any = builder.parse(&request.query, false)?;
            let any_query = with_filter(any.query.box_clone(), filter.as_deref());
            days = searcher
                .search(&*any_query, &timeline::TimelineCollector)
                .map_err(search_error)?;
        }
        timeline::finish(days, by)
    }

    /// The story with this id (as in [`Hit::id`]), or `None`: as `parse` reads it from its
    /// file when the file is unchanged since indexing, else as the index keeps it.
    ///
    /// What the index does not store then comes back empty: the dateline as written
    /// (`raw`), `byline`, `published_from`, and the fields `parse` reads from metadata only
    /// (credits, summary, source, tags, url).
    pub fn story(&self, id: &str) -> Result<Option<Article>, QueryError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(search_error)?;
        let Some(&(_, address)) = top.first() else {
            return Ok(None);
        };
        if let Some(article) = self.reparsed(&searcher, address, id) {
            return Ok(Some(article));
        }
        let doc: TantivyDocument = searcher.doc(address).map_err(search_error)?;
        let stored = StoredStory::read(&doc, &self.fields);
        let dateline = (stored.location.is_some()
            || stored.date.is_some()
            || stored.agency.is_some())
        .then(|| Dateline {
            raw: String::new(),
            location: stored.location.clone().unwrap_or_default(),
            date: stored.date.clone(),
            agency: stored.agency.clone(),
        });
        let path = self
            .openable_path(&searcher, address, &stored.id, &stored.path)
            .unwrap_or(stored.path);
        Ok(Some(Article {
            id: stored.id,
            path,
            title: stored.title,
            kicker: None,
            deck: None,
            byline: None,
            dateline,
            published: stored.published,
            published_from: None,
            category: stored.category,
            body: stored.body,
            quotes: stored.quotes,
            credits: Vec::new(),
            summary: None,
            source: None,
            tags: Vec::new(),
            url: None,
        }))
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
            .map_err(search_error)?;
        Ok(count > 0)
    }

    /// Parses query text, turning every grammar or field problem into a [`QueryError`].
    pub fn parse_query(&self, text: &str, match_all: bool) -> Result<Box<dyn Query>, QueryError> {
        let searcher = self.reader.searcher();
        Ok(QueryBuilder::new(&self.index, &self.fields, &searcher)
            .parse(text, match_all)?
            .query)
    }

    /// What the index holds: counts, size, date range, top facet values.
    pub fn stats(&self) -> Result<IndexStats, QueryError> {
        let mut stats = stats::compute(
            &self.path,
            &self.reader.searcher(),
            &self.index,
            &self.fields,
        )?;
        stats.corpus = self.corpus.as_ref().map(|c| c.display().to_string());
        Ok(stats)
    }

    /// How many matches have no date, when dates decide what is shown (a date filter or a
    /// date order) and most matches have none; `None` otherwise.
    fn date_coverage(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
    ) -> Result<Option<DateCoverage>, QueryError> {
        let filters = &request.filters;
        let by_date = filters.since.is_some() || filters.until.is_some();
        if !by_date && request.sort == Sort::Relevance {
            return Ok(None);
        }
        let undated_filters = Filters {
            since: None,
            until: None,
            ..filters.clone()
        };
        let base = with_filter(
            query.box_clone(),
            self.filter_query(&undated_filters)?.as_deref(),
        );
        let matching = searcher.search(&*base, &Count).map_err(search_error)?;
        let dated_query = BooleanQuery::new(vec![
            (Occur::Must, base),
            (
                Occur::Must,
                Box::new(ExistsQuery::new(
                    schema::names::PUBLISHED.to_string(),
                    false,
                )),
            ),
        ]);
        let dated = searcher
            .search(&dated_query, &Count)
            .map_err(search_error)?;
        let undated = matching.saturating_sub(dated);
        Ok((undated > 0 && undated * 2 > matching).then_some(DateCoverage { matching, undated }))
    }

    /// The query every hit must also match, or `None` without filters.
    fn filter_query(&self, filters: &Filters) -> Result<Option<Box<dyn Query>>, QueryError> {
        if filters.is_empty() {
            return Ok(None);
        }
        if let (Some(since), Some(until)) = (filters.since, filters.until) {
            if since > until {
                return Err(QueryError::Unsupported(format!(
                    "--since {since} is after --until {until}: swap them"
                )));
            }
        }
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if filters.since.is_some() || filters.until.is_some() {
            let bound = |d: Option<Date>| d.map_or(Bound::Unbounded, Bound::Included);
            musts.push((
                Occur::Must,
                query::date_range_query(
                    self.fields.published,
                    bound(filters.since),
                    bound(filters.until),
                ),
            ));
        }
        let tags = match (self.fields.tags, filters.tags.is_empty()) {
            (Some(field), _) => Some((field, &filters.tags)),
            (None, true) => None,
            (None, false) => {
                return Err(QueryError::Unsupported(
                    "this index was built before stories had tags: run `newsdex index --rebuild` to filter by tag".to_string(),
                ))
            }
        };
        let groups = [
            (self.fields.location_key, &filters.locations),
            (self.fields.agency_key, &filters.agencies),
            (self.fields.category, &filters.categories),
            (self.fields.speaker_key, &filters.speakers),
        ];
        for (field, values) in groups.into_iter().chain(tags) {
            if values.is_empty() {
                continue;
            }
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for value in values {
                let value = value.trim().to_lowercase();
                let mut names = vec![value.clone()];
                if field == self.fields.agency_key {
                    // `--agency reuter` finds Reuters: every name the agency goes by.
                    names.extend(agency::aliases(&value).iter().map(|a| a.to_lowercase()));
                }
                for name in names {
                    let term = Term::from_field_text(field, &name);
                    any.push((
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    ));
                }
                if field == self.fields.location_key {
                    // The city part: `--location alexandria` finds `ALEXANDRIA, Va.`.
                    let pattern = format!("{},.*", regex::escape(&value));
                    if let Ok(regex) = tantivy::query::RegexQuery::from_pattern(&pattern, field) {
                        any.push((Occur::Should, Box::new(regex)));
                    }
                }
                if field == self.fields.speaker_key {
                    // Any whole word finds the full name: `--speaker ferrand`, `--speaker xi`.
                    let pattern = format!("(.* )?{}( .*)?", regex::escape(&value));
                    if let Ok(regex) = tantivy::query::RegexQuery::from_pattern(&pattern, field) {
                        any.push((Occur::Should, Box::new(regex)));
                    }
                }
            }
            musts.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        Ok(Some(Box::new(BooleanQuery::new(musts))))
    }

    /// One collection pass: the best `keep` stories in `request`'s order, the exact count
    /// and the facets. With a BM25F `scorer` in relevance order and a candidate `depth`,
    /// only the best `depth` (at least `keep`) by tantivy's score are scored with BM25F.
    #[allow(clippy::too_many_arguments)]
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
        scorer: Option<Arc<rank::Bm25f>>,
        keep: usize,
        unsettled: Range<usize>,
        depth: Option<usize>,
    ) -> Result<Outcome, QueryError> {
        let bounded = scorer.is_some() && request.sort == Sort::Relevance && depth.is_some();
        let ranked = rank::RankCollector {
            scorer,
            keep,
            sort: request.sort,
            unsettled,
            floor: Default::default(),
        };
        let facets = request.facets.then_some(facets::FacetCollector);
        if bounded {
            // Tantivy's score picks the candidates and counts every match; BM25F orders
            // only the candidates (rank::Candidates).
            let depth = depth.unwrap_or(0).max(keep);
            let (candidates, total) = searcher
                .search(query, &rank::Candidates::new(depth))
                .map_err(search_error)?;
            let kept =
                rank::score_candidates(searcher, &ranked, candidates).map_err(search_error)?;
            let facets = match facets {
                Some(collector) if total > 0 => {
                    Some(searcher.search(query, &collector).map_err(search_error)?)
                }
                _ => None,
            };
            return Ok(Outcome {
                kept,
                total,
                facets,
            });
        }
        let (kept, total, facets) = searcher
            .search(query, &(ranked, Count, facets))
            .map_err(search_error)?;
        Ok(Outcome {
            kept,
            total,
            facets,
        })
    }

    /// The words the top stories of a first ranking (`top`: score and address, best first)
    /// add to the query, with their strengths (see [`rank::expansion`]): `--expand`'s, and
    /// the reordering's without it.
    fn expansion(
        &self,
        searcher: &Searcher,
        lookups: &rank::Lookups,
        top: &[(Score, DocAddress)],
        request: &SearchRequest,
        scorer: &rank::Bm25f,
        add_query_words: bool,
    ) -> Result<Vec<(String, f32)>, QueryError> {
        let Some(mut words) = self.index.tokenizers().get(schema::NAMES_ANALYZER) else {
            return Ok(Vec::new());
        };
        let mut feedback = rank::Feedback::default();
        for &(score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(search_error)?;
            let texts: Vec<&str> = [self.fields.title, self.fields.body]
                .into_iter()
                .flat_map(|field| doc.get_all(field).filter_map(|v| v.as_str()))
                .collect();
            feedback.add(score, &mut words, &texts);
        }
        let own: Vec<String> = scorer.words().into_iter().map(|(w, _)| w).collect();
        Ok(rank::expansion(
            searcher,
            lookups,
            &self.fields,
            &request.rank,
            &feedback,
            &own,
            add_query_words,
        ))
    }

    fn hit(
        &self,
        searcher: &Searcher,
        highlighter: &mut Highlighter,
        request: &SearchRequest,
        rank: usize,
        score: f32,
        address: DocAddress,
    ) -> Result<Hit, QueryError> {
        let doc: TantivyDocument = searcher.doc(address).map_err(search_error)?;
        let StoredStory {
            id,
            path,
            title,
            body,
            location,
            date,
            agency,
            category,
            published,
            quotes,
        } = StoredStory::read(&doc, &self.fields);
        let display_title = title.clone().unwrap_or_else(|| first_words(&body, 12));
        let title_highlights = highlighter.matches(&display_title);
        let quote_matches: Vec<(&Quote, highlight::QuoteMatches)> = quotes
            .iter()
            .map(|q| (q, highlight::QuoteMatches::find(highlighter, q)))
            .collect();
        let snippets = highlight::best_snippets(
            highlighter,
            title.as_deref(),
            &body,
            &quote_matches,
            request.snippet_chars,
            request.snippets,
        );
        let snippet = match snippets.first() {
            Some(first) => first.clone(),
            None if request.snippet_chars > 0 && request.snippets > 0 => {
                highlight::lead(&body, request.snippet_chars)
            }
            None => Snippet::default(),
        };
        let matched_quotes = quote_matches
            .iter()
            .filter(|(_, found)| found.any())
            .map(|(q, _)| (*q).clone())
            .collect();
        let path = self
            .openable_path(searcher, address, &id, &path)
            .unwrap_or(path);
        Ok(Hit {
            rank,
            id,
            path,
            score,
            title,
            display_title,
            title_highlights,
            location,
            date,
            agency,
            published,
            category,
            snippet,
            snippets,
            quotes: matched_quotes,
            explanation: None,
        })
    }
}

impl NewsIndex {
    /// The absolute path of the file a story came from: the recorded corpus folder joined
    /// with the story's corpus-relative file (read from the `file` column).
    ///
    /// A story alone in its file has the file's path as its id (a file of several stories
    /// numbers them, `file.jsonl#2`), and its stored path (the corpus folder as typed
    /// when indexing, joined with the file) then ends with that id: the column, whose
    /// dictionary block costs a zstd decompression per story, is read only otherwise.
    fn openable_path(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        id: &str,
        stored_path: &str,
    ) -> Option<String> {
        let corpus = self.corpus.as_ref()?;
        if !id.is_empty() && Path::new(stored_path).ends_with(id) {
            return Some(corpus.join(id).to_string_lossy().into_owned());
        }
        let segment = searcher.segment_reader(address.segment_ord);
        let column = segment.fast_fields().str(schema::names::FILE).ok()??;
        let ord = column.term_ords(address.doc_id).next()?;
        let mut file = String::new();
        column.ord_to_str(ord, &mut file).ok()?;
        Some(corpus.join(file).to_string_lossy().into_owned())
    }
}

/// `request` with its page size and offset cut to the number of stories, so a number typed
/// on the command line never sizes an allocation: a page larger than the index means all
/// of it, an offset past the end an empty page (the total is still counted).
fn bounded(request: &SearchRequest, num_docs: u64) -> SearchRequest {
    let stories = usize::try_from(num_docs).unwrap_or(usize::MAX);
    SearchRequest {
        limit: request.limit.min(stories),
        offset: request.offset.min(stories),
        ..request.clone()
    }
}

/// The best `n` stories of a pass sorted by relevance: the feedback for expansion.
fn feedback_stories(outcome: &Outcome, n: usize) -> Vec<(Score, DocAddress)> {
    outcome
        .kept
        .iter()
        .take(n)
        .map(|k| (k.score, k.address))
        .collect()
}

/// What one collection pass found.
struct Outcome {
    /// The best stories from the first (offset included), in order.
    kept: Vec<rank::Kept>,
    total: usize,
    facets: Option<Vec<std::collections::HashMap<String, u64>>>,
}

/// `query` restricted to documents matching `filter`, which adds nothing to scores.
fn with_filter(query: Box<dyn Query>, filter: Option<&dyn Query>) -> Box<dyn Query> {
    match filter {
        None => query,
        Some(filter) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
            ),
        ])),
    }
}

/// What a query needs from `meta.json` besides what tantivy reads itself: whether the
/// last commit has segments, and its payload. The schema and the settings in the file are
/// skipped, not built.
#[derive(serde::Deserialize)]
struct LastCommit {
    #[serde(default)]
    segments: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    payload: Option<String>,
}

impl LastCommit {
    /// Reads `index`'s `meta.json`; a reason in a few words when it cannot.
    fn read(index: &Index) -> Result<LastCommit, String> {
        use tantivy::Directory;
        let meta = index
            .directory()
            .atomic_read(Path::new("meta.json"))
            .map_err(|error| format!("its meta.json cannot be read: {error}"))?;
        serde_json::from_slice(&meta).map_err(|_| "its meta.json is corrupt".to_string())
    }
}

fn search_error(error: tantivy::TantivyError) -> QueryError {
    QueryError::Search(error.to_string())
}
