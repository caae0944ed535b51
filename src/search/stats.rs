//! `newsdex stats`: what an index holds, read from its segments and fast columns.

use std::path::Path;
use std::time::SystemTime;

use serde::Serialize;
use tantivy::query::AllQuery;
use tantivy::{Index, Searcher};

use super::facets::{self, FacetCollector, Facets};
use crate::article::DateSource;
use crate::error::QueryError;
use crate::schema::names::PUBLISHED_FROM;
use crate::schema::Fields;
use crate::Date;

/// What an index holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexStats {
    /// The index folder.
    pub index: String,
    /// The corpus folder the index was built from, when the index records it.
    pub corpus: Option<String>,
    /// Stories in the index.
    pub stories: u64,
    /// Bytes the index folder takes on disk.
    pub size_bytes: u64,
    /// tantivy segments.
    pub segments: usize,
    /// Field names a query may use.
    pub fields: Vec<String>,
    /// Earliest `published` date, when any story has one.
    pub first_published: Option<Date>,
    /// Latest `published` date.
    pub last_published: Option<Date>,
    /// Stories with a `published` date.
    pub dated_stories: u64,
    /// How many stories took their `published` date from each source; `None` for an
    /// index built before sources were recorded.
    pub published_from: Option<DateSources>,
    /// Top locations, agencies, categories and speakers over all stories.
    pub top: Facets,
    /// When the index was last written (its `meta.json`), RFC 3339 UTC.
    pub updated: Option<String>,
}

/// Stories per source of their `published` date (see [`crate::DateSource`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DateSources {
    /// From the story's metadata.
    pub metadata: u64,
    /// From the dateline (its year written there or taken from the path).
    pub dateline: u64,
    /// From a full date in the path alone.
    pub path: u64,
    /// From the dateline's month and day in the `--year` given.
    pub flag: u64,
}

impl DateSources {
    /// Each source with its count, strongest first.
    pub fn counts(&self) -> [(DateSource, u64); 4] {
        [
            (DateSource::Metadata, self.metadata),
            (DateSource::Dateline, self.dateline),
            (DateSource::Path, self.path),
            (DateSource::Flag, self.flag),
        ]
    }

    fn add(&mut self, source: DateSource) {
        match source {
            DateSource::Metadata => self.metadata += 1,
            DateSource::Dateline => self.dateline += 1,
            DateSource::Path => self.path += 1,
            DateSource::Flag => self.flag += 1,
        }
    }
}

/// Counts each live story's `published_from` keyword; `None` when the index has no such
/// column (built before it existed).
fn count_date_sources(searcher: &Searcher, index: &Index) -> Option<DateSources> {
    index.schema().get_field(PUBLISHED_FROM).ok()?;
    let mut sources = DateSources::default();
    for segment in searcher.segment_readers() {
        let Ok(Some(column)) = segment.fast_fields().str(PUBLISHED_FROM) else {
            continue;
        };
        let mut name = String::new();
        for doc in segment.doc_ids_alive() {
            for ord in column.term_ords(doc) {
                name.clear();
                if column.ord_to_str(ord, &mut name).is_ok() {
                    if let Some(source) = DateSource::from_name(&name) {
                        sources.add(source);
                    }
                }
            }
        }
    }
    Some(sources)
}

pub(crate) fn compute(
    path: &Path,
    searcher: &Searcher,
    index: &Index,
    fields: &Fields,
) -> Result<IndexStats, QueryError> {
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    let mut dated = 0u64;
    for segment in searcher.segment_readers() {
        let Ok(column) = segment.fast_fields().date(crate::schema::names::PUBLISHED) else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            if let Some(value) = column.first(doc) {
                let secs = value.into_timestamp_secs();
                dated += 1;
                first = Some(first.map_or(secs, |f| f.min(secs)));
                last = Some(last.map_or(secs, |l| l.max(secs)));
            }
        }
    }
    let raw = searcher
        .search(&AllQuery, &FacetCollector)
        .map_err(|e| QueryError::Search(e.to_string()))?;
    let schema = index.schema();
    let fields_list = crate::schema::SEARCHABLE_FIELDS
        .iter()
        .filter(|name| schema.get_field(name).is_ok())
        .map(|name| name.to_string())
        .collect();
    let _ = fields;
    Ok(IndexStats {
        index: path.display().to_string(),
        corpus: None,
        stories: searcher.num_docs(),
        size_bytes: folder_size(path),
        segments: searcher.segment_readers().len(),
        fields: fields_list,
        first_published: first.and_then(crate::schema::date_from_timestamp),
        last_published: last.and_then(crate::schema::date_from_timestamp),
        dated_stories: dated,
        published_from: count_date_sources(searcher, index),
        top: facets::finish(raw),
        updated: std::fs::metadata(path.join("meta.json"))
            .and_then(|m| m.modified())
            .ok()
            .map(rfc3339),
    })
}

/// Bytes in every file under `path` (an index folder, a corpus).
pub fn folder_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn rfc3339(time: SystemTime) -> String {
    let datetime = time::OffsetDateTime::from(time);
    datetime
        .replace_nanosecond(0)
        .unwrap_or(datetime)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
