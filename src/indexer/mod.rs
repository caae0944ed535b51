//! Stage 3b: [`Article`] -> tantivy document, written through one `IndexWriter`.
//!
//! - [`run`] brings an index up to date with a corpus folder: it walks the folder, compares
//!   each file with what the last commit recorded (size and mtime, then content hash), reads
//!   and parses only new and changed files in parallel, replaces their stories (delete by
//!   file term, then add), deletes the stories of files that are gone, and commits every
//!   [`IndexOptions::commit_every`] stories and at the end.
//! - [`store`] owns the folder: creating, opening, locking, damage, the commit payload.
//! - [`rebuild`] builds a `--rebuild` beside the index and swaps it in once complete.
//! - Documents come from [`crate::schema::codec`], the one place an [`Article`] meets
//!   tantivy.
//!
//! It knows nothing of terminals: progress and skipped files are reported to an
//! [`Observer`], and the [`IndexSummary`] is printed by [`crate::render::summary`].

mod pipeline;
pub mod rebuild;
pub mod store;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::article::ParseOptions;
use crate::corpus::{SkipReason, WalkOptions};
use crate::error::IndexError;

/// Writer memory budget: enough for tantivy's threads to batch well on small machines.
pub const DEFAULT_WRITER_MEMORY: usize = 200 * 1024 * 1024;
/// Stories between two commits: what a killed run can lose at most (about 1.5 s of work).
///
/// Each commit ends one segment per writer thread, and a query pays for every segment
/// (#15, BENCHMARKS.md): at 20,000 the shared corpora (12,276 stories) make 2 segments, not
/// 4, and a 40x corpus 8 after merges, not 16 (its query CPU 15 -> 10.5 ms), while its
/// peak memory stays under 400 MB (232 -> 334 MB; 25,000 made 5 segments but peaked at 371).
pub const DEFAULT_COMMIT_EVERY: usize = 20_000;

/// How [`run`] indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexOptions {
    /// How stories are parsed.
    pub parse: ParseOptions,
    /// Which files are visited.
    pub walk: WalkOptions,
    /// Start from an empty index instead of updating (also replaces a damaged one, and
    /// allows another corpus or other settings).
    pub rebuild: bool,
    /// Threads for parsing and for tantivy's writer; `None` for every core.
    pub threads: Option<usize>,
    /// Writer memory budget in bytes, shared by its threads.
    pub memory: usize,
    /// Commit after this many stories (and at the end).
    pub commit_every: usize,
    /// Test-only: pause this long after writing each file, so tests can interrupt a run
    /// (kill it, or race a second run against it) while it is surely still going.
    #[doc(hidden)]
    pub throttle: Option<Duration>,
    /// Test-only: the thread that compares the walk with the last commit panics after
    /// this many entries, so tests can check that such a run removes nothing.
    #[doc(hidden)]
    pub plan_panic_after: Option<usize>,
    /// Test-only: panic once the words file of this commit (counted from 1) is written,
    /// before tantivy commits.
    pub commit_panic_after: Option<usize>,
}

impl Default for IndexOptions {
    fn default() -> IndexOptions {
        IndexOptions {
            parse: ParseOptions::default(),
            walk: WalkOptions::default(),
            rebuild: false,
            threads: None,
            memory: DEFAULT_WRITER_MEMORY,
            commit_every: DEFAULT_COMMIT_EVERY,
            throttle: None,
            plan_panic_after: None,
            commit_panic_after: None,
        }
    }
}

/// Hears what [`run`] does, as it happens, on the calling thread. Every method does
/// nothing by default.
pub trait Observer {
    /// `files` new or changed files are about to be read.
    fn planned(&mut self, _files: usize) {}
    /// One of them was handled, giving `stories` stories.
    fn file_done(&mut self, _stories: usize) {}
    /// A file was not indexed.
    fn skipped(&mut self, _path: &Path, _reason: &SkipReason) {}
    /// `stories` stories are durable so far in this run.
    fn committed(&mut self, _stories: usize) {}
    /// What an interrupted rebuild left beside the index was dealt with.
    fn leftover(&mut self, _what: &rebuild::Leftover) {}
}

/// An [`Observer`] that only hears about skipped files.
pub struct OnSkip<F: FnMut(&Path, &SkipReason)>(pub F);

impl<F: FnMut(&Path, &SkipReason)> Observer for OnSkip<F> {
    fn skipped(&mut self, path: &Path, reason: &SkipReason) {
        (self.0)(path, reason)
    }
}

/// What one `newsdex index` run did. Counts of `added`, `updated`, `removed` and
/// `unchanged` are files; `indexed` is the stories written.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndexSummary {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// New files indexed.
    pub added: usize,
    /// Changed files whose stories were replaced.
    pub updated: usize,
    /// Files gone (or no longer indexable) whose stories were deleted.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
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
    /// Files the walk found this run, whatever became of them.
    fn files_seen(&self) -> usize {
        self.added + self.updated + self.removed + self.unchanged + self.skipped_total()
    }

    /// Total files skipped for any reason.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    fn skip(&mut self, path: &Path, reason: &SkipReason) {
        *self.skipped.entry(reason.label()).or_default() += 1;
        if reason.is_failure() {
            self.failures
                .push((path.display().to_string(), reason.to_string()));
        }
    }
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

/// Brings the index at `index_path` up to date with every story under `corpus_root`.
///
/// Takes the index's write lock for the whole run: a second run fails at once with
/// [`IndexError::Locked`], while searches keep seeing the last commit.
pub fn run(
    corpus_root: &Path,
    index_path: &Path,
    options: &IndexOptions,
    observer: &mut dyn Observer,
) -> Result<IndexSummary, IndexError> {
    pipeline::run(corpus_root, index_path, options, observer)
}

/// Builds the index at `index_path` from every story under `corpus_root`, from scratch.
/// `on_skip` hears about each file that is not indexed, as it happens.
pub fn build(
    corpus_root: &Path,
    index_path: &Path,
    options: &ParseOptions,
    on_skip: impl FnMut(&Path, &SkipReason),
) -> Result<IndexSummary, IndexError> {
    let options = IndexOptions {
        parse: options.clone(),
        rebuild: true,
        ..IndexOptions::default()
    };
    run(corpus_root, index_path, &options, &mut OnSkip(on_skip))
}
