//! The index folder on disk: creating, opening, locking, recognising damage, and what the
//! index remembers about itself.
//!
//! Two things make an incremental run safe without a side file to keep in sync:
//! - every story carries its file's size, modification time and content hash in fast fields
//!   ([`crate::schema`]), so the last commit *is* the manifest ([`Store::committed_files`]);
//! - the corpus root and the parse settings travel in tantivy's commit payload
//!   ([`IndexMeta`], in [`crate::schema::folder`]), written atomically with the documents they describe.

use std::collections::HashMap;
use std::fs;
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};

use tantivy::indexer::{IndexWriterOptions, LogMergePolicy};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{
    DocSet, Index, IndexSettings, IndexWriter, Searcher, TantivyDocument, Term, TERMINATED,
};

use crate::error::{describe_damage, IndexError};
use crate::schema::folder::{check_format, foreign, missing_words_file, IndexMeta, Payload};
use crate::schema::words::{self, WordCounts};
use crate::schema::{self, names, Fields};

/// Files that may sit in an index folder before the first build (the repo ships `index/`
/// with a README).
pub(crate) const ALLOWED_FOREIGN_FILES: &[&str] = &["README.md", ".gitkeep", ".gitignore"];

/// Smallest writer budget per thread tantivy accepts.
const MIN_MEMORY_PER_THREAD: usize = 15 * 1024 * 1024;

/// One file as the last commit recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since the Unix epoch.
    pub modified: i64,
    /// xxh3 hash of the bytes.
    pub hash: u64,
}

/// Every file the last commit holds stories from, by corpus-relative path. Hashed with
/// FxHash: a no-op run looks up every file of the corpus here (SipHash was 8% of it).
pub(crate) type CommittedFiles =
    HashMap<String, FileState, BuildHasherDefault<crate::stem::FxHasher>>;

/// An opened index with its writer: holding a `Store` holds the index's write lock.
pub struct Store {
    path: PathBuf,
    index: Index,
    fields: Fields,
    /// The payload of the last commit, if any.
    pub meta: Option<IndexMeta>,
    /// What this run's stories change in the words file ([`schema::words`]).
    pub(crate) words: WordCounts,
}

impl Store {
    /// Opens the index at `path`, creating it when the folder is new or empty. With
    /// `rebuild`, an index that is damaged or from an incompatible version is replaced.
    pub fn open(path: &Path, rebuild: bool) -> Result<Store, IndexError> {
        let index = match open_existing(path) {
            Ok(Some(index)) => index,
            Ok(None) => create(path)?,
            Err(_) if rebuild => {
                wipe(path)?;
                create(path)?
            }
            Err(err) => return Err(err),
        };
        let fields = schema::fields_of(&index.schema());
        let (index, fields) = match fields {
            Some(fields) => (index, fields),
            None if rebuild => {
                drop(index);
                wipe(path)?;
                let index = create(path)?;
                let fields = schema::fields_of(&index.schema())
                    .ok_or_else(|| replaceable(path, "its schema is not newsdex's"))?;
                (index, fields)
            }
            None => {
                return Err(replaceable(
                    path,
                    "it was built by another version of newsdex, or by another program",
                ))
            }
        };
        let words = schema::register_indexing_analyzers(&index);
        let metas = index.load_metas().map_err(|e| damaged_index(path, &e))?;
        if !rebuild {
            check_format(path, metas.payload.as_deref())?;
            if let Some(reason) = missing_words_file(path, !metas.segments.is_empty()) {
                return Err(IndexError::Damaged {
                    path: path.to_path_buf(),
                    reason,
                });
            }
            settle_words(path, metas.payload.as_deref())?;
        }
        let meta = metas
            .payload
            .as_deref()
            .and_then(|payload| serde_json::from_str::<IndexMeta>(payload).ok());
        Ok(Store {
            path: path.to_path_buf(),
            index,
            fields,
            meta,
            words,
        })
    }

    /// The index folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The index's schema.
    pub fn schema(&self) -> tantivy::schema::Schema {
        self.index.schema()
    }

    /// Field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Takes the index's write lock and returns the one writer, with `threads` indexing
    /// threads sharing `memory` bytes (fewer threads when the budget is too small for all).
    pub fn writer(&self, threads: usize, memory: usize) -> Result<IndexWriter, IndexError> {
        let threads = threads.clamp(1, (memory / MIN_MEMORY_PER_THREAD).max(1));
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread((memory / threads).max(MIN_MEMORY_PER_THREAD))
            .build();
        let writer: IndexWriter<TantivyDocument> = self
            .index
            .writer_with_options(options)
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(..) => IndexError::Locked(self.path.clone()),
                other => tantivy_error(&self.path, other),
            })?;
        writer.set_merge_policy(Box::new(merge_policy()));
        // A run that failed (a full disk, a kill) leaves the segment files it wrote and
        // never committed; tantivy removes them only after its next commit, so they would
        // hold the room this run needs until it is done. Best effort: what is left now goes
        // at the next commit.
        let _ = writer.garbage_collect_files().wait();
        Ok(writer)
    }

    /// The last commit, to read the stories a run deletes ([`Store::forget_file`]).
    pub(crate) fn last_commit(&self) -> Result<Searcher, IndexError> {
        let reader: tantivy::IndexReader = self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| damaged_index(&self.path, &e))?;
        Ok(reader.searcher())
    }

    /// Takes the stories of `file` in `commit` out of the words file's counts: their
    /// headline and text as stored, which is what was counted ([`WordCounts::forget`]).
    pub(crate) fn forget_file(&self, commit: &Searcher, file: &str) -> Result<(), IndexError> {
        let bad = |e: &dyn std::fmt::Display| damaged(&self.path, e);
        let term = Term::from_field_text(self.fields.file, file);
        for segment in commit.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.file)
                .map_err(|e| bad(&e))?;
            let Some(mut stories) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(|e| bad(&e))?
            else {
                continue;
            };
            let store = segment.get_store_reader(1).map_err(|e| bad(&e))?;
            let mut doc = stories.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    let story: TantivyDocument = store.get(doc).map_err(|e| bad(&e))?;
                    let texts = story
                        .get_all(self.fields.title)
                        .chain(story.get_all(self.fields.body))
                        .filter_map(|value| value.as_str());
                    self.words.forget(texts);
                }
                doc = stories.advance();
            }
        }
        Ok(())
    }

    /// Writes the words file with this run's changes ([`WordCounts::write`]): onto the
    /// file's counts when `on_file`, else (a rebuild's first commit) from nothing. Returns
    /// its stamp, for the commit's payload.
    pub(crate) fn write_words(&self, on_file: bool) -> Result<String, IndexError> {
        self.words
            .write(&self.path, on_file)
            .map_err(|source| match source.kind() {
                // The file on disk does not read as words: its counts are lost.
                std::io::ErrorKind::InvalidData => IndexError::Damaged {
                    path: self.path.clone(),
                    reason: format!("its file '{}' is corrupt", words::WORDS_FILE),
                },
                _ => IndexError::Io {
                    action: "writing the words file of",
                    path: self.path.clone(),
                    cause: source,
                },
            })
    }

    /// Every file the last commit holds stories from, by corpus-relative path.
    pub(crate) fn committed_files(&self) -> Result<CommittedFiles, IndexError> {
        let reader = self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| damaged_index(&self.path, &e))?;
        let searcher = reader.searcher();
        let stories = usize::try_from(searcher.num_docs()).unwrap_or(0);
        let mut files = CommittedFiles::with_capacity_and_hasher(stories, Default::default());
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let bad = |e: &dyn std::fmt::Display| damaged(&self.path, e);
            let Some(file) = fast.str(names::FILE).map_err(|e| bad(&e))? else {
                continue;
            };
            let size = fast.u64(names::FILE_SIZE).map_err(|e| bad(&e))?;
            let modified = fast.i64(names::FILE_MODIFIED).map_err(|e| bad(&e))?;
            let hash = fast.u64(names::FILE_HASH).map_err(|e| bad(&e))?;
            // Names once per segment, in term order (a lookup per document would
            // decompress a dictionary block each time).
            let mut names = Vec::with_capacity(file.dictionary().num_terms());
            let mut terms = file.dictionary().stream().map_err(|e| bad(&e))?;
            while terms.advance() {
                names.push(String::from_utf8_lossy(terms.key()).into_owned());
            }
            for doc in segment.doc_ids_alive() {
                let Some(name) = file
                    .term_ords(doc)
                    .next()
                    .and_then(|ord| names.get(usize::try_from(ord).ok()?))
                else {
                    continue;
                };
                if files.contains_key(name.as_str()) {
                    continue; // a file that holds several stories
                }
                let state = FileState {
                    size: size.first(doc).unwrap_or(0),
                    modified: modified.first(doc).unwrap_or(0),
                    hash: hash.first(doc).unwrap_or(0),
                };
                files.insert(name.clone(), state);
            }
        }
        Ok(files)
    }
}

/// tantivy's log merge policy, where only segments of at most [`MAX_DOCS_PER_MERGE`]
/// stories take part in merges (a merge of eight yields at most eight times that, and it
/// is never merged again): past that, merging costs more than the fewer segments save a
/// query, in time and in memory, since a merge maps every segment it reads.
fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_PER_MERGE);
    policy
}

/// See [`merge_policy`]: merged segments stay under about 200 MB of index.
const MAX_DOCS_PER_MERGE: usize = 20_000;

/// Opens the index at `path` if there is one; `Ok(None)` when the folder is missing or
/// holds only files newsdex may share it with.
fn open_existing(path: &Path) -> Result<Option<Index>, IndexError> {
    let io = |action, source| IndexError::Io {
        action,
        path: path.to_path_buf(),
        cause: source,
    };
    if path.join("meta.json").is_file() {
        let index = Index::open_in_dir(path).map_err(|e| damaged_index(path, &e))?;
        return Ok(Some(index));
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
    }
    Ok(None)
}

fn create(path: &Path) -> Result<Index, IndexError> {
    fs::create_dir_all(path).map_err(|source| IndexError::Io {
        action: "creating index folder",
        path: path.to_path_buf(),
        cause: source,
    })?;
    let (schema, _) = schema::build();
    let index = Index::builder()
        .schema(schema)
        .settings(index_settings())
        .create_in_dir(path)
        .map_err(|e| tantivy_error(path, e))?;
    Ok(index)
}

/// How a new index stores documents: zstd level 1 in 16 KB blocks rather than tantivy's
/// lz4, since the stored text is half the index (lz4: 0.72 of the text; zstd in 32 KB
/// blocks: 0.47, the whole index 1.43 -> 1.19) and a query decompresses only the blocks
/// of the stories it reads. Measured on bbc+reuters (#15): 16 KB blocks instead of 32 KB
/// halve what a query decompresses per story it reads (the feedback's ten and the hits
/// shown) for a slightly larger store; 64 KB blocks made builds slower. Level 1 rather
/// than 3: tantivy compresses each block with a fresh zstd context, and level 3's larger
/// tables (cleared per block) and double hashing were 14% of a build's instructions; level
/// 1 runs 7% fewer instructions per build for an index 1.07 -> 1.08x the text (level -1:
/// 1.22x, over the 1.2 line). Kept in `meta.json`, so an index keeps the settings it was
/// created with (BENCHMARKS.md).
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(DOCSTORE_ZSTD_LEVEL),
        }),
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// See [`index_settings`].
const DOCSTORE_ZSTD_LEVEL: i32 = 1;
/// See [`index_settings`].
const DOCSTORE_BLOCK_BYTES: usize = 16_384;

/// Removes what tantivy keeps in `path` (and nothing else), for `--rebuild` of a damaged
/// or outdated index. Refuses folders that do not look like an index.
fn wipe(path: &Path) -> Result<(), IndexError> {
    if path.is_file() {
        return Err(foreign(path, "it is a file, not a folder"));
    }
    if !path.join("meta.json").is_file() {
        return Err(foreign(path, "it holds files that are not an index"));
    }
    let entries = fs::read_dir(path).map_err(|source| IndexError::Io {
        action: "reading index folder",
        path: path.to_path_buf(),
        cause: source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if is_tantivy_file(&name.to_string_lossy()) {
            fs::remove_file(entry.path()).map_err(|source| IndexError::Io {
                action: "removing old index file",
                path: entry.path(),
                cause: source,
            })?;
        }
    }
    Ok(())
}

/// `meta.json`, `.managed.json`, the words file, lock files, `<32 hex digits>.<ext>` segment
/// files, and the `.tmpXXXXXX` files tantivy writes `meta.json` through (left by a run
/// killed mid-write).
pub(crate) fn is_tantivy_file(name: &str) -> bool {
    if matches!(
        name,
        "meta.json"
            | ".managed.json"
            | words::WORDS_FILE
            | words::WORDS_TEMP_FILE
            | words::WORDS_PREVIOUS_FILE
    ) || name.starts_with(".tantivy-")
        || name.starts_with(".tmp")
    {
        return true;
    }
    let stem = name.split('.').next().unwrap_or("");
    stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Makes the words file the one the last commit was made with ([`words::put_back_if_ahead`]): one a
/// failed commit left in its place gives way to the one before. An index whose payload has
/// no stamp (nothing committed yet) has nothing to settle.
fn settle_words(path: &Path, payload: Option<&str>) -> Result<(), IndexError> {
    let Some(stamp) = payload
        .and_then(|payload| serde_json::from_str::<Payload>(payload).ok())
        .and_then(|payload| payload.words)
    else {
        return Ok(());
    };
    match words::put_back_if_ahead(path, &stamp) {
        Ok(words::Settled::Matches | words::Settled::PutBack) => Ok(()),
        Ok(words::Settled::Differs) => {
            let file = words::WORDS_FILE;
            let reason = match words::is_corrupt(path) {
                true => format!("its file '{file}' is corrupt"),
                false => format!("its file '{file}' is not the one its last commit was made with"),
            };
            Err(IndexError::Damaged {
                path: path.to_path_buf(),
                reason,
            })
        }
        Err(cause) => Err(IndexError::Io {
            action: "reading the words file of",
            path: path.to_path_buf(),
            cause,
        }),
    }
}

/// [`IndexError::Foreign`] for an index folder that is not newsdex's: `--rebuild`
/// replaces it.
fn replaceable(path: &Path, reason: &str) -> IndexError {
    IndexError::Foreign {
        path: path.to_path_buf(),
        reason: reason.to_string(),
        replaceable: true,
    }
}

pub(crate) fn damaged(path: &Path, err: &dyn std::fmt::Display) -> IndexError {
    let reason = err.to_string();
    let reason = reason.lines().next().unwrap_or("").to_string();
    IndexError::Damaged {
        path: path.to_path_buf(),
        reason,
    }
}

/// [`damaged`], for an error of tantivy's, told in a few words ([`describe_damage`]).
fn damaged_index(path: &Path, err: &tantivy::TantivyError) -> IndexError {
    IndexError::Damaged {
        path: path.to_path_buf(),
        reason: describe_damage(err),
    }
}

pub(crate) fn tantivy_error(path: &Path, source: tantivy::TantivyError) -> IndexError {
    IndexError::Tantivy {
        path: path.to_path_buf(),
        cause: source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tantivy_files_are_wiped() {
        assert!(is_tantivy_file("meta.json"));
        assert!(is_tantivy_file(".managed.json"));
        assert!(is_tantivy_file("words.fst"));
        assert!(is_tantivy_file(".tantivy-writer.lock"));
        assert!(is_tantivy_file("0123456789abcdef0123456789abcdef.idx"));
        assert!(is_tantivy_file(".tmpQuL1ZL"));
        assert!(!is_tantivy_file("README.md"));
        assert!(!is_tantivy_file("thesis.docx"));
        assert!(!is_tantivy_file("0123456789abcdef.idx"));
    }
}
