//! Stage 3b: [`Article`] -> tantivy document, written through one `IndexWriter`.
//!
//! Owns the on-disk index: creating it, refusing folders that hold something else, and
//! committing so that a failed run leaves the previous commit intact.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};

use crate::article::{Article, ParseOptions};
use crate::corpus::{self, Entry, SkipReason};
use crate::error::IndexError;
use crate::schema::{self, Fields};

/// Writer memory budget: enough for tantivy's threads to batch well on small machines.
pub const DEFAULT_WRITER_MEMORY: usize = 200 * 1024 * 1024;

/// Files that may sit in an index folder before the first build (the repo ships `index/`
/// with a README).
const ALLOWED_FOREIGN_FILES: &[&str] = &["README.md", ".gitkeep", ".gitignore"];

/// Writes articles into the index at one folder.
pub struct Indexer {
    path: PathBuf,
    writer: IndexWriter,
    fields: Fields,
    schema: tantivy::schema::Schema,
}

impl Indexer {
    /// Opens the index at `path` for a rebuild: every existing story is deleted when the
    /// new set commits, not before, so a failed run loses nothing.
    pub fn rebuild(path: &Path) -> Result<Indexer, IndexError> {
        let index = open_or_create(path)?;
        let fields = schema::fields_of(&index.schema())
            .ok_or_else(|| foreign(path, "its schema is not newsdex's"))?;
        let writer: IndexWriter = index
            .writer(DEFAULT_WRITER_MEMORY)
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(..) => IndexError::Locked(path.to_path_buf()),
                other => tantivy_error(path, other),
            })?;
        writer
            .delete_all_documents()
            .map_err(|e| tantivy_error(path, e))?;
        Ok(Indexer {
            path: path.to_path_buf(),
            writer,
            fields,
            schema: index.schema(),
        })
    }

    /// Adds one article (replacing any story with the same id).
    pub fn add(&mut self, article: &Article) -> Result<(), IndexError> {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, &article.id));
        self.writer
            .add_document(build_document(article, &self.fields, &self.schema))
            .map_err(|e| tantivy_error(&self.path, e))?;
        Ok(())
    }

    /// Makes everything added so far durable and visible to searches.
    pub fn commit(mut self) -> Result<(), IndexError> {
        self.writer
            .commit()
            .map_err(|e| tantivy_error(&self.path, e))?;
        self.writer
            .wait_merging_threads()
            .map_err(|e| tantivy_error(&self.path, e))
    }
}

/// What one `newsdex index` run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndexSummary {
    /// Stories written to the index.
    pub indexed: usize,
    /// Files not indexed, counted by reason label.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Files that should have been stories but failed (unreadable), with the reason.
    pub failures: Vec<(String, String)>,
    /// Wall-clock time of the run.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

impl IndexSummary {
    /// Total files skipped for any reason.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

/// Builds the index at `index_path` from every story under `corpus_root`, from scratch.
/// `on_skip` hears about each file that is not indexed, as it happens.
pub fn build(
    corpus_root: &Path,
    index_path: &Path,
    options: &ParseOptions,
    mut on_skip: impl FnMut(&Path, &SkipReason),
) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    let entries = corpus::scan(corpus_root)?;
    let mut indexer = Indexer::rebuild(index_path)?;
    let mut summary = IndexSummary::default();
    for entry in entries {
        let (path, reason) = match entry {
            Entry::Story(source) => {
                match Article::parse_source(&source.id, &source.text, options) {
                    Ok(articles) => {
                        let path = corpus::display_path(&source.path)
                            .to_string_lossy()
                            .into_owned();
                        for mut article in articles {
                            article.path.clone_from(&path);
                            indexer.add(&article)?;
                            summary.indexed += 1;
                        }
                        continue;
                    }
                    Err(_) => (source.path, SkipReason::Empty),
                }
            }
            Entry::Skipped { path, reason } => (path, reason),
        };
        on_skip(&path, &reason);
        *summary.skipped.entry(reason.label()).or_default() += 1;
        if reason.is_failure() {
            summary
                .failures
                .push((path.display().to_string(), reason.to_string()));
        }
    }
    indexer.commit()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The tantivy document for one article.
pub fn to_document(article: &Article, fields: &Fields) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, &article.path);
    if let Some(title) = &article.title {
        doc.add_text(fields.title, title);
    }
    if let Some(byline) = &article.byline {
        doc.add_text(fields.byline, byline);
    }
    doc.add_text(fields.body, &article.body);
    for quote in &article.quotes {
        doc.add_text(fields.quotes, &quote.text);
    }
    for speaker in article.speakers() {
        doc.add_text(fields.speaker, speaker);
    }
    if let Some(dateline) = &article.dateline {
        doc.add_text(fields.dateline, &dateline.raw);
        doc.add_text(fields.location, &dateline.location);
        if let Some(date) = &dateline.date {
            doc.add_text(fields.date, date);
        }
        if let Some(agency) = &dateline.agency {
            doc.add_text(fields.agency, agency);
        }
    }
    if let Some(category) = &article.category {
        doc.add_text(fields.category, category);
    }
    if let Some(published) = article.published {
        doc.add_date(fields.published, date_time(published));
    }
    if !article.quotes.is_empty() {
        let json = serde_json::to_string(&article.quotes).expect("quotes always serialize");
        doc.add_text(fields.quotes_json, json);
    }
    doc
}

/// [`to_document`] plus the fields other stages add ([`schema::add_search_fields`]).
pub fn build_document(
    article: &Article,
    fields: &Fields,
    schema: &tantivy::schema::Schema,
) -> TantivyDocument {
    let mut doc = to_document(article, fields);
    schema::add_search_fields(&mut doc, article, schema);
    doc
}

/// Midnight UTC of `date`, as tantivy stores dates.
pub fn date_time(date: crate::article::Date) -> DateTime {
    let days = i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY);
    DateTime::from_timestamp_secs(days * 86_400)
}

/// Julian day number of 1970-01-01.
pub(crate) const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// Opens the newsdex index at `path`, creating it when the folder is new or empty.
fn open_or_create(path: &Path) -> Result<Index, IndexError> {
    let io = |action, source| IndexError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    if path.join("meta.json").is_file() {
        let index = Index::open_in_dir(path).map_err(|e| foreign(path, &e.to_string()))?;
        schema::register_analyzers(&index);
        return Ok(index);
    }
    if path.exists() {
        if !path.is_dir() {
            return Err(foreign(path, "it is a file, not a folder"));
        }
        let entries = fs::read_dir(path).map_err(|e| io("reading index folder", e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io("reading index folder", e))?;
            let name = entry.file_name();
            if !ALLOWED_FOREIGN_FILES.contains(&name.to_string_lossy().as_ref()) {
                return Err(foreign(
                    path,
                    &format!("it already holds '{}'", name.to_string_lossy()),
                ));
            }
        }
    } else {
        fs::create_dir_all(path).map_err(|e| io("creating index folder", e))?;
    }
    let (schema, _) = schema::build();
    let index = Index::create_in_dir(path, schema).map_err(|e| tantivy_error(path, e))?;
    schema::register_analyzers(&index);
    Ok(index)
}

fn foreign(path: &Path, reason: &str) -> IndexError {
    IndexError::Foreign {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

fn tantivy_error(path: &Path, source: tantivy::TantivyError) -> IndexError {
    IndexError::Tantivy {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Date;

    #[test]
    fn dates_become_midnight_utc() {
        let date = Date::from_ymd(1987, 2, 26).unwrap();
        assert_eq!(date_time(date).into_timestamp_secs(), 541_296_000);
        let epoch = Date::from_ymd(1970, 1, 1).unwrap();
        assert_eq!(date_time(epoch).into_timestamp_secs(), 0);
    }
}
