//! Typed errors for the cases library callers need to tell apart.
//!
//! The binary adds context with `anyhow` at its edges; inside the library each stage
//! reports what went wrong in terms its caller can act on.

use std::path::PathBuf;

use thiserror::Error;

/// Why a story's text could not become an [`crate::Article`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// The text holds nothing but whitespace.
    #[error("the story is empty")]
    Empty,
}

/// Why an index could not be opened, built or written.
#[derive(Debug, Error)]
pub enum IndexError {
    /// There is no index at the path yet.
    #[error("no index at '{}': run `newsdex index` first", .0.display())]
    Missing(PathBuf),
    /// The folder exists but holds something other than a newsdex index.
    #[error("'{}' is not a newsdex index ({reason}): pick another folder or run `newsdex index --rebuild`", path.display())]
    Foreign {
        /// The folder that was opened.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
    /// The corpus folder to index does not exist.
    #[error("corpus folder '{}' does not exist: pass the folder of stories to index", .0.display())]
    MissingCorpus(PathBuf),
    /// Another process holds the index writer lock.
    #[error("index '{}' is locked by another `newsdex index` run: wait for it to finish", .0.display())]
    Locked(PathBuf),
    /// A file system operation failed.
    #[error("{action} '{}': {source}", path.display())]
    Io {
        /// What newsdex was doing.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// tantivy itself failed.
    #[error("index '{}': {source}", path.display())]
    Tantivy {
        /// The index folder.
        path: PathBuf,
        /// The underlying error.
        source: tantivy::TantivyError,
    },
}

/// Why a query could not be run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryError {
    /// The query text does not follow the grammar.
    #[error("query syntax error at position {position}: {message}")]
    Syntax {
        /// 0-based character position in the query.
        position: usize,
        /// What the parser expected.
        message: String,
    },
    /// A `field:` prefix names no field.
    #[error("unknown field '{field}' in query: use one of {known}")]
    UnknownField {
        /// The field as typed.
        field: String,
        /// The searchable fields, comma-separated.
        known: String,
    },
    /// The query is valid but cannot be run (e.g. only negative terms).
    #[error("query cannot be run: {0}")]
    Unsupported(String),
    /// The query is empty.
    #[error("the query is empty: give at least one word to search for")]
    Empty,
    /// tantivy failed while searching.
    #[error("search failed: {0}")]
    Search(String),
}
