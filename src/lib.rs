//! # newsdex: full-text search that knows the anatomy of a news story
//!
//! A story's path through newsdex, one module per stage:
//!
//! ```text
//! folder ──corpus──▶ SourceFile ──article──▶ Article ──indexer/schema──▶ tantivy index
//!                                                                            │
//!   terminal / JSON ◀──render── SearchResults { Hit { Snippet } } ◀──search──┘
//! ```
//!
//! - [`corpus`] walks a folder and decodes files; it knows nothing of articles.
//! - [`article`] parses text into an [`Article`] (headline, dateline, byline, body, quotes
//!   with speakers); it is pure and knows nothing of tantivy.
//! - [`schema`] and [`indexer`] own every tantivy decision on the way in.
//! - [`search`] answers queries with plain data ([`Hit`], [`Snippet`] with highlight ranges).
//! - [`render`] is the only code that formats output; it knows nothing of tantivy.
//! - [`eval`] runs judged queries through [`search`] and scores the rankings (P@k, MRR,
//!   nDCG, MAP) into an [`eval::EvalReport`]; its module docs show a relevance test.
//! - [`serve`] answers [`search`] over HTTP (JSON API and a search page), read-only.
//!
//! ```
//! use newsdex::{Article, NewsIndex, SearchRequest};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let corpus = tempfile::tempdir()?;
//! std::fs::create_dir(corpus.path().join("world"))?;
//! std::fs::write(
//!     corpus.path().join("world/summit.txt"),
//!     "Leaders meet in Beijing\n\nSEOUL, September 05 (AJP) - Kim Jong-un met Xi Jinping.\n\
//!      Xi said, \"No matter how the situation may change, this stand will not change.\"\n",
//! )?;
//! let index_dir = tempfile::tempdir()?;
//! newsdex::indexer::build(corpus.path(), index_dir.path(), &Default::default(), |_, _| {})?;
//!
//! let index = NewsIndex::open(index_dir.path())?;
//! let results = index.search(&SearchRequest::new("speaker:xi"))?;
//! assert_eq!(results.total_hits, 1);
//! assert_eq!(results.hits[0].id, "world/summit.txt");
//! assert_eq!(results.hits[0].location.as_deref(), Some("SEOUL"));
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

pub mod article;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod indexer;
pub mod panics;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stem;

pub use article::{Article, Date, DateSource, Dateline, ParseOptions, Quote};
pub use error::{IndexError, JudgmentsError, ParseError, QueryError};
pub use search::{Hit, NewsIndex, SearchRequest, SearchResults, Snippet};
