//! One indexing run: plan (walk and compare), then read and parse in parallel, then write.
//!
//! ```text
//! walk ─▶ plan: unchanged / new / changed? ─▶ rayon: read, hash, decode, parse, build docs
//!                                                     │ (chunks, in walk order, bounded channel)
//!                                                     ▼
//!                         this thread: delete_term(file) + add_document ─▶ commit every N
//! ```
//!
//! Parsing runs on a rayon pool while tantivy's own writer threads index; the one thread
//! in between keeps the walk's order and decides every count in the summary.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use rayon::prelude::*;
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

use super::rebuild::{self, Rebuild};
use super::store::{self, CommittedFiles, FileState, Store};
use super::{IndexOptions, IndexSummary, Observer};
use crate::article::{Article, ParseOptions, Rejected};
use crate::corpus::{self, decode, Found, SkipReason, StoryFile};
use crate::error::{IndexError, ParseError};
use crate::schema::folder::{IndexMeta, Payload, FORMAT_VERSION};
use crate::schema::Fields;

/// Files to read per batch handed from the walk to the parsing pool, and on to the
/// writing thread.
const CHUNK: usize = 128;
/// Most entries in one batch: unchanged files travel as counts, so a no-op run hands a
/// few batches between threads rather than a message per file (on a loaded machine each
/// hand-off can wait for a core; #15).
const BATCH_ENTRIES: usize = 4_096;
/// Files the walk may find ahead of parsing: enough to keep the parsers fed and to give
/// the progress bar a total early, small enough that the file list is never held whole.
const WALK_AHEAD: usize = 16_384;

/// A file that must be read: new, or changed size or mtime.
struct Work {
    file: StoryFile,
    /// What the last commit recorded, for a file already indexed.
    known: Option<FileState>,
}

/// What the walk found, in walk order.
enum Walked {
    /// A new or changed file to read and parse.
    Read(Work),
    /// This many files in a row whose size and mtime are as the last commit recorded.
    Unchanged(usize),
    /// A file the walk itself rejects.
    Skipped(PathBuf, SkipReason),
    /// After the walk: ids of indexed files that are gone.
    Gone(Vec<String>),
}

/// What the writer applies, in walk order.
enum Step {
    /// A file read, and what reading it gave.
    Read(Work, Outcome),
    /// See [`Walked::Unchanged`].
    Unchanged(usize),
    /// See [`Walked::Skipped`].
    Skipped(PathBuf, SkipReason),
    /// See [`Walked::Gone`].
    Gone(Vec<String>),
}

/// What reading one file gave.
enum Outcome {
    /// Touched, but the bytes hash as before.
    Unchanged,
    /// Not indexable now.
    Skipped(SkipReason),
    /// Its stories, as documents ready for the writer, and the stories in it that could
    /// not be read (a bad line in a `.jsonl`), each skipped alone.
    Stories(Vec<TantivyDocument>, Vec<Rejected>),
}

/// The most parsing threads a run starts, whatever `-j` says: more only cost memory, so
/// `-j 4294967296` means "as many as useful".
const MAX_THREADS: usize = 64;

/// The index folder as the walk of `corpus_root` (`absolute` once resolved) reaches it,
/// when it lies inside the corpus. It need not exist yet: this run may create it.
fn index_inside(corpus_root: &Path, absolute: &Path, index_path: &Path) -> Option<PathBuf> {
    let index = std::fs::canonicalize(index_path).ok().or_else(|| {
        let name = index_path.file_name()?;
        let parent = match index_path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Some(std::fs::canonicalize(parent).ok()?.join(name))
    })?;
    let relative = index.strip_prefix(absolute).ok()?;
    (!relative.as_os_str().is_empty()).then(|| corpus_root.join(relative))
}

pub(super) fn run(
    corpus_root: &Path,
    index_path: &Path,
    options: &IndexOptions,
    observer: &mut dyn Observer,
) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    if corpus_root.is_file() {
        return Err(IndexError::CorpusIsFile(corpus_root.to_path_buf()));
    }
    if !corpus_root.is_dir() {
        return Err(IndexError::MissingCorpus(corpus_root.to_path_buf()));
    }
    let absolute = std::fs::canonicalize(corpus_root).map_err(|source| IndexError::Io {
        action: "resolving corpus folder",
        path: corpus_root.to_path_buf(),
        cause: source,
    })?;
    // The walk starts at once, on its own thread: its `stat`s run beside opening the
    // index and reading what the last commit recorded (#15).
    let walk = corpus::WalkOptions {
        skip: index_inside(corpus_root, &absolute, index_path),
        ..options.walk.clone()
    };
    let found = corpus::walk_ahead(corpus_root, &walk)?;
    rebuild::restore_interrupted_swap(index_path, observer);
    // A rebuild of an index that exists writes beside it; the old one answers queries
    // until the new one is complete and takes its place.
    let rebuild = match options.rebuild {
        true => Rebuild::begin(index_path, observer)?,
        false => None,
    };
    let meta = IndexMeta {
        format: FORMAT_VERSION,
        corpus: absolute,
        year: options.parse.default_year,
    };
    let target = rebuild.as_ref().map_or(index_path, Rebuild::side);
    let writing = match (&rebuild, index_path.join("meta.json").is_file()) {
        (Some(_), _) => Writing::Beside,
        (None, true) => Writing::Update,
        (None, false) => Writing::First,
    };
    let mut summary = match write(
        found,
        target,
        index_path,
        corpus_root,
        &meta,
        options,
        observer,
    ) {
        Ok(summary) => summary,
        Err(err) => return Err(told_plainly(err, index_path, writing)),
    };
    if let Some(rebuild) = rebuild {
        rebuild.finish()?;
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// How a run writes its index, for what a full disk leaves behind.
#[derive(Debug, Clone, Copy)]
enum Writing {
    /// A rebuild, into a folder beside the index it replaces.
    Beside,
    /// An update of an index that exists, in place.
    Update,
    /// A first build, where there was no index.
    First,
}

/// `err`, or when the disk was full, the plain error saying so and what is kept: the
/// write that failed (tantivy's, the words file's) is beside the point.
fn told_plainly(err: IndexError, index_path: &Path, writing: Writing) -> IndexError {
    if !err.is_disk_full() {
        return err;
    }
    let index = index_path.to_path_buf();
    match writing {
        Writing::Beside => IndexError::NoRoom(index),
        Writing::Update => IndexError::NoRoomToUpdate(index),
        Writing::First => IndexError::NoRoomToBuild(index),
    }
}

/// Writes what changed under `corpus_root` (walked as `found`) into the index at `target`:
/// `index_path` itself, or the folder a rebuild writes beside it (the run's own errors
/// name `index_path`). Returns once every commit and merge is done and the writer is gone,
/// so the folder can be moved.
fn write(
    mut found: corpus::WalkAhead,
    target: &Path,
    index_path: &Path,
    corpus_root: &Path,
    meta: &IndexMeta,
    options: &IndexOptions,
    observer: &mut dyn Observer,
) -> Result<IndexSummary, IndexError> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let threads = options.threads.unwrap_or(cores).clamp(1, MAX_THREADS);
    let store = Store::open(target, options.rebuild)?;
    let mut writer = store.writer(threads, options.memory)?;
    if target == index_path {
        rebuild::clean_leftovers(index_path, observer);
    }
    if !options.rebuild {
        check_same_build(&store, meta)?;
    }
    let previous = if options.rebuild {
        writer
            .delete_all_documents()
            .map_err(|e| store::tantivy_error(index_path, e))?;
        CommittedFiles::default()
    } else {
        store.committed_files()?
    };
    let mut previous = Unmet::Hashed {
        files: previous,
        scans: 0,
    };
    let fields = *store.fields();

    let mut summary = IndexSummary {
        corpus: corpus_root.to_path_buf(),
        index: index_path.to_path_buf(),
        ..IndexSummary::default()
    };

    let mut session = Session {
        writer: &mut writer,
        store: &store,
        last_commit: None,
        words_on_file: !options.rebuild,
        fields: &fields,
        meta,
        commits: 0,
        panic_after_words_of_commit: options.commit_panic_after,
        index_path,
        since_commit: 0,
        commit_every: options.commit_every.max(1),
        changed: options.rebuild || store.meta.as_ref() != Some(meta),
        throttle: options.throttle,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| IndexError::Io {
            action: "starting parser threads for",
            path: index_path.to_path_buf(),
            cause: std::io::Error::other(e),
        })?;
    // Three stages joined by bounded channels, so the file list is streamed, never held:
    // the walk (metadata only) runs ahead of parsing by at most WALK_AHEAD files, and
    // parsed chunks wait for the writer at most four deep. Every step reaches the writer
    // in walk order, so counts and messages do not depend on thread timing.
    let (walked_tx, walked_rx) = sync_channel::<Vec<Walked>>(WALK_AHEAD / CHUNK);
    let (steps_tx, steps_rx) = sync_channel::<Vec<Step>>(4);
    let to_read = AtomicUsize::new(0);
    let parse = &options.parse;
    let plan_panic_after = options.plan_panic_after;
    let written = std::thread::scope(|scope| {
        let to_read = &to_read;
        let planner = scope.spawn(move || {
            let mut batch = Batch::default();
            for (planned, found) in found.by_ref().enumerate() {
                if plan_panic_after.is_some_and(|entries| planned >= entries) {
                    panic!("test hook: planning stops after {planned} entries");
                }
                match found {
                    Found::Story(file) => match previous.remove(&file.id) {
                        None => batch.read(Work { file, known: None }),
                        Some(known)
                            if known.size == file.size && known.modified == file.modified =>
                        {
                            batch.unchanged()
                        }
                        Some(known) => batch.read(Work {
                            file,
                            known: Some(known),
                        }),
                    },
                    Found::Skipped {
                        path,
                        reason: SkipReason::Unreadable(why),
                    } => {
                        // Not gone: what was indexed from it (a folder: from under it) stays.
                        let id = corpus::story_id(corpus_root, &path);
                        let reason = match previous.keep_under(&id) {
                            true => kept(why),
                            false => SkipReason::Unreadable(why),
                        };
                        batch.entries.push(Walked::Skipped(path, reason))
                    }
                    Found::Skipped { path, reason } => {
                        batch.entries.push(Walked::Skipped(path, reason))
                    }
                }
                if batch.full() {
                    to_read.fetch_add(batch.reads, Ordering::Relaxed);
                    if walked_tx.send(batch.take()).is_err() {
                        return Ok(()); // parsing stopped: the writing side failed
                    }
                }
            }
            to_read.fetch_add(batch.reads, Ordering::Relaxed);
            let mut last = batch.take();
            // Only a walk that reached its end says what is gone: one cut short (its
            // thread failed) did not look at the rest, so nothing is removed.
            let complete = found.is_complete();
            if complete {
                // Files gone, or no longer indexable (too large now, say): their stories go.
                last.push(Walked::Gone(previous.into_sorted_ids()));
            }
            let _ = walked_tx.send(last);
            match complete {
                true => Ok(()),
                false => Err(IndexError::WalkStopped(corpus_root.to_path_buf())),
            }
        });
        let parser = scope.spawn(move || {
            pool.install(|| {
                let step = |walked| match walked {
                    Walked::Read(work) => {
                        let outcome = read(&work, &fields, parse);
                        Step::Read(work, outcome)
                    }
                    Walked::Unchanged(files) => Step::Unchanged(files),
                    Walked::Skipped(path, reason) => Step::Skipped(path, reason),
                    Walked::Gone(ids) => Step::Gone(ids),
                };
                for batch in walked_rx {
                    // Only files to read are worth the pool.
                    let steps: Vec<Step> = if batch.iter().any(|w| matches!(w, Walked::Read(_))) {
                        batch.into_par_iter().map(step).collect()
                    } else {
                        batch.into_iter().map(step).collect()
                    };
                    if steps_tx.send(steps).is_err() {
                        return; // the writing side failed and stopped listening
                    }
                }
            })
        });
        // Every step the other threads handed over, until they stop or one fails; the
        // receiver goes with it, so they stop too.
        let applied = (|| {
            for steps in steps_rx {
                observer.planned(to_read.load(Ordering::Relaxed));
                for step in steps {
                    session.apply(step, &mut summary, observer)?;
                }
            }
            Ok::<_, IndexError>(())
        })();
        // Joined here, not by the scope (which would panic again): a thread that panicked
        // fails the run with an error, and nothing is committed after it.
        let stopped = || IndexError::WalkStopped(corpus_root.to_path_buf());
        let planned = planner.join().unwrap_or_else(|_| Err(stopped()));
        let parsed = parser.join().map_err(|_| stopped());
        applied.and(planned).and(parsed)
    });
    written?;
    if session.changed {
        session.commit()?;
        observer.committed(summary.indexed);
    }
    writer
        .wait_merging_threads()
        .map_err(|e| store::tantivy_error(index_path, e))?;
    Ok(summary)
}

/// Unreadable entries whose files are looked for by scanning every unmet file, before
/// the unmet files are sorted once so each later one is a range instead. Sorting costs
/// about fifteen scans (500,000 files, `keep_under_at_scale`): a run with a few unreadable
/// entries never pays for it, one with thousands pays for it once, not a scan each, and
/// none pays more than about twice the cheaper way.
const SCANS_BEFORE_SORTING: usize = 16;

/// The files the last commit holds that the walk has not met yet: what is left at the
/// end is gone.
enum Unmet {
    /// Hashed, for the lookup the walk makes for every file it finds; `scans` is how many
    /// unreadable entries have scanned them.
    Hashed { files: CommittedFiles, scans: usize },
    /// Sorted by id, after [`SCANS_BEFORE_SORTING`] scans: each unreadable entry is then a
    /// range, not a scan of every file indexed.
    Sorted(BTreeMap<String, FileState>),
}

impl Unmet {
    /// What the last commit recorded for `id`, now met.
    fn remove(&mut self, id: &str) -> Option<FileState> {
        match self {
            Unmet::Hashed { files, .. } => files.remove(id),
            Unmet::Sorted(files) => files.remove(id),
        }
    }

    /// Takes the file `id`, and every file under it if it is a folder (everything for the
    /// corpus root, `""`), out of the unmet files, so what was indexed from them is kept;
    /// says whether there was any.
    fn keep_under(&mut self, id: &str) -> bool {
        if self.remove(id).is_some() {
            return true;
        }
        let folder = format!("{id}/");
        if let Unmet::Hashed { files, scans } = self {
            if *scans < SCANS_BEFORE_SORTING {
                *scans += 1;
                let before = files.len();
                files.retain(|file, _| !(id.is_empty() || file.starts_with(&folder)));
                return files.len() < before;
            }
        }
        let files = self.sorted();
        if id.is_empty() {
            let any = !files.is_empty();
            files.clear();
            return any;
        }
        // Exactly the ids in `id/` ..< `id0` start with `id/` ('0' follows '/').
        let end = format!("{id}0");
        let under: Vec<String> = files
            .range::<str, _>((
                Bound::Included(folder.as_str()),
                Bound::Excluded(end.as_str()),
            ))
            .map(|(file, _)| file.clone())
            .collect();
        for file in &under {
            files.remove(file);
        }
        !under.is_empty()
    }

    /// The unmet files sorted, sorting them the first time.
    fn sorted(&mut self) -> &mut BTreeMap<String, FileState> {
        if let Unmet::Hashed { files, .. } = self {
            *self = Unmet::Sorted(std::mem::take(files).into_iter().collect());
        }
        match self {
            Unmet::Sorted(files) => files,
            Unmet::Hashed { .. } => unreachable!("sorted just above"),
        }
    }

    /// The ids left, sorted.
    fn into_sorted_ids(self) -> Vec<String> {
        match self {
            Unmet::Hashed { files, .. } => {
                let mut ids: Vec<String> = files.into_keys().collect();
                ids.sort();
                ids
            }
            Unmet::Sorted(files) => files.into_keys().collect(),
        }
    }
}

/// An unreadable file or folder that was indexed before: far likelier unmounted, offline
/// or denied for now than deleted, so its stories stay, and the skip says so.
fn kept(why: String) -> SkipReason {
    SkipReason::Unreadable(format!(
        "{why}; the stories indexed from it before are kept"
    ))
}

/// Refuses to update an index built from another corpus or with other parse settings.
fn check_same_build(store: &Store, meta: &IndexMeta) -> Result<(), IndexError> {
    let Some(was) = &store.meta else {
        return Ok(());
    };
    if was.corpus != meta.corpus {
        return Err(IndexError::OtherCorpus {
            index: store.path().to_path_buf(),
            indexed: was.corpus.clone(),
            requested: meta.corpus.clone(),
        });
    }
    if was.year != meta.year {
        let show = |year: Option<i32>| year.map_or("none".to_string(), |y| y.to_string());
        return Err(IndexError::SettingChanged {
            path: store.path().to_path_buf(),
            setting: "--year",
            was: show(was.year),
            now: show(meta.year),
        });
    }
    Ok(())
}

/// What the walk hands on at once: at most [`CHUNK`] files to read, at most
/// [`BATCH_ENTRIES`] entries, runs of unchanged files as one count.
#[derive(Default)]
struct Batch {
    entries: Vec<Walked>,
    reads: usize,
}

impl Batch {
    fn read(&mut self, work: Work) {
        self.entries.push(Walked::Read(work));
        self.reads += 1;
    }

    fn unchanged(&mut self) {
        match self.entries.last_mut() {
            Some(Walked::Unchanged(files)) => *files += 1,
            _ => self.entries.push(Walked::Unchanged(1)),
        }
    }

    fn full(&self) -> bool {
        self.reads >= CHUNK || self.entries.len() >= BATCH_ENTRIES
    }

    fn take(&mut self) -> Vec<Walked> {
        self.reads = 0;
        std::mem::take(&mut self.entries)
    }
}

/// Reads, hashes, decodes and parses one file; runs on the parsing pool. A panic on the
/// way (a bug in newsdex met on one strange file) is that file's skip: the pool, the other
/// files and the run go on.
fn read(item: &Work, fields: &Fields, options: &ParseOptions) -> Outcome {
    crate::panics::catch(|| read_unguarded(item, fields, options))
        .unwrap_or_else(|panic| Outcome::Skipped(SkipReason::ParserFailed { panic, kept: false }))
}

/// [`read`], where a panic unwinds.
fn read_unguarded(item: &Work, fields: &Fields, options: &ParseOptions) -> Outcome {
    let bytes = match corpus::read_bytes(&item.file) {
        Ok(bytes) => bytes,
        Err(reason) => return Outcome::Skipped(reason),
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    if item.known.is_some_and(|known| known.hash == hash) {
        return Outcome::Unchanged;
    }
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(reason) => return Outcome::Skipped(reason),
    };
    drop(bytes);
    let parsed = Article::parse_source_all(&item.file.id, &text, options);
    let (articles, rejected) = match parsed.articles.is_empty() {
        false => (parsed.articles, parsed.rejected),
        true => match parsed.rejected.into_iter().next().map(|r| r.error) {
            Some(ParseError::Empty) | None => return Outcome::Skipped(SkipReason::Empty),
            Some(ParseError::NoArticleText) => return Outcome::Skipped(SkipReason::NoArticleText),
            Some(err) => return Outcome::Skipped(SkipReason::Invalid(err.to_string())),
        },
    };
    let path = corpus::display_path(&item.file.path)
        .to_string_lossy()
        .into_owned();
    let docs = articles
        .into_iter()
        .map(|mut article| {
            article.path.clone_from(&path);
            crate::schema::codec::to_document(&article, fields, &item.file, hash)
        })
        .collect();
    Outcome::Stories(docs, rejected)
}

/// The writing side of a run.
struct Session<'a> {
    writer: &'a mut IndexWriter,
    store: &'a Store,
    /// The commit the run started from, once a story of it is deleted.
    last_commit: Option<Searcher>,
    /// Whether the words file holds the counts to change (not in a rebuild before its
    /// first commit).
    words_on_file: bool,
    fields: &'a Fields,
    /// What the commits' payload says of the corpus and settings.
    meta: &'a IndexMeta,
    /// Commits made so far this run.
    commits: usize,
    /// Test-only: the commit whose words file is written before the run panics, as if the
    /// process died before tantivy committed ([`IndexOptions::commit_panic_after`]).
    panic_after_words_of_commit: Option<usize>,
    index_path: &'a Path,
    since_commit: usize,
    commit_every: usize,
    /// Whether anything needs committing at the end.
    changed: bool,
    throttle: Option<std::time::Duration>,
}

impl Session<'_> {
    fn apply(
        &mut self,
        step: Step,
        summary: &mut IndexSummary,
        observer: &mut dyn Observer,
    ) -> Result<(), IndexError> {
        let (item, outcome) = match step {
            Step::Read(item, outcome) => (item, outcome),
            Step::Unchanged(files) => {
                summary.unchanged += files;
                return Ok(());
            }
            Step::Skipped(path, reason) => {
                observer.skipped(&path, &reason);
                summary.skip(&path, &reason);
                return Ok(());
            }
            Step::Gone(ids) => {
                // A folder that went empty (an unmounted disk, a sync half done) is far
                // likelier than a user deleting every story: nothing is removed unasked.
                if !ids.is_empty() && summary.files_seen() == 0 {
                    return Err(IndexError::EmptyCorpus {
                        corpus: summary.corpus.clone(),
                        files: ids.len(),
                    });
                }
                for id in &ids {
                    self.forget(id)?;
                    self.writer
                        .delete_term(Term::from_field_text(self.fields.file, id));
                }
                summary.removed += ids.len();
                self.changed |= !ids.is_empty();
                return Ok(());
            }
        };
        if let Some(pause) = self.throttle {
            std::thread::sleep(pause);
        }
        let file_term = || Term::from_field_text(self.fields.file, &item.file.id);
        match outcome {
            Outcome::Unchanged => {
                summary.unchanged += 1;
                observer.file_done(0);
            }
            Outcome::Skipped(SkipReason::Unreadable(why)) if item.known.is_some() => {
                // Read before, not now: kept, as an unreadable file the walk reports.
                let reason = kept(why);
                observer.skipped(&item.file.path, &reason);
                summary.skip(&item.file.path, &reason);
                observer.file_done(0);
            }
            Outcome::Skipped(SkipReason::ParserFailed { panic, .. }) if item.known.is_some() => {
                // A bug in newsdex must not cost a story the user had: the old one stays.
                let reason = SkipReason::ParserFailed { panic, kept: true };
                observer.skipped(&item.file.path, &reason);
                summary.skip(&item.file.path, &reason);
                observer.file_done(0);
            }
            Outcome::Skipped(reason) => {
                let path: PathBuf = item.file.path.clone();
                observer.skipped(&path, &reason);
                summary.skip(&path, &reason);
                if item.known.is_some() {
                    self.forget(&item.file.id)?;
                    self.writer.delete_term(file_term());
                    summary.removed += 1;
                    self.changed = true;
                }
                observer.file_done(0);
            }
            Outcome::Stories(docs, rejected) => {
                for story in rejected {
                    let suffix = story.id.strip_prefix(item.file.id.as_str()).unwrap_or("");
                    let mut path = item.file.path.clone().into_os_string();
                    path.push(suffix);
                    let reason = SkipReason::Invalid(story.error.to_string());
                    observer.skipped(Path::new(&path), &reason);
                    summary.skip(Path::new(&path), &reason);
                }
                if item.known.is_some() {
                    self.forget(&item.file.id)?;
                    self.writer.delete_term(file_term());
                    summary.updated += 1;
                } else {
                    summary.added += 1;
                }
                self.changed = true;
                let stories = docs.len();
                for doc in docs {
                    self.writer
                        .add_document(doc)
                        .map_err(|e| store::tantivy_error(self.index_path, e))?;
                }
                summary.indexed += stories;
                self.since_commit += stories;
                observer.file_done(stories);
                if self.since_commit >= self.commit_every {
                    self.commit()?;
                    observer.committed(summary.indexed);
                }
            }
        }
        Ok(())
    }

    /// Takes the stories `file` had in the last commit out of the words file's counts.
    fn forget(&mut self, file: &str) -> Result<(), IndexError> {
        if self.last_commit.is_none() {
            self.last_commit = Some(self.store.last_commit()?);
        }
        if let Some(commit) = &self.last_commit {
            self.store.forget_file(commit, file)?;
        }
        Ok(())
    }

    /// Commits with the payload that says which corpus and settings the index holds, and
    /// the words file with it: written once every story of the commit is indexed (tantivy
    /// has finished its segments when `prepare_commit` returns), just before the commit.
    fn commit(&mut self) -> Result<(), IndexError> {
        let mut prepared = self
            .writer
            .prepare_commit()
            .map_err(|e| store::tantivy_error(self.index_path, e))?;
        let words = self.store.write_words(self.words_on_file)?;
        self.words_on_file = true;
        self.commits += 1;
        if self.panic_after_words_of_commit == Some(self.commits) {
            panic!(
                "NEWSDEX_TEST_PANIC: after the words file of commit {}",
                self.commits
            );
        }
        let payload = Payload {
            meta: self.meta.clone(),
            words: Some(words),
        };
        prepared.set_payload(&serde_json::to_string(&payload).unwrap_or_default());
        prepared
            .commit()
            .map_err(|e| store::tantivy_error(self.index_path, e))?;
        self.since_commit = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_told_with_what_each_kind_of_run_keeps() {
        let index = Path::new("news-index");
        let full = || IndexError::Io {
            action: "writing the words file of",
            path: index.to_path_buf(),
            cause: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        let told = |writing| told_plainly(full(), index, writing).to_string();
        assert_eq!(
            told(Writing::Update),
            "no room on the disk for the index 'news-index': free some space and run \
             `newsdex index` again (what the last commit holds is kept)"
        );
        assert_eq!(
            told(Writing::First),
            "no room on the disk for the new index 'news-index': free some space and run \
             `newsdex index` again (the stories committed so far are kept; the next run goes \
             on from them)"
        );
        assert_eq!(
            told(Writing::Beside),
            "no room on the disk to build the new index beside 'news-index': free some space \
             and run `newsdex index --rebuild` again (the old index is unchanged)"
        );
        assert!(matches!(
            told_plainly(full(), index, Writing::Update),
            IndexError::NoRoomToUpdate(path) if path == index
        ));
        assert!(matches!(
            told_plainly(full(), index, Writing::First),
            IndexError::NoRoomToBuild(path) if path == index
        ));
        // Any other error is handed on as it was.
        let locked = told_plainly(IndexError::Locked(index.into()), index, Writing::Update);
        assert!(matches!(locked, IndexError::Locked(_)), "{locked}");
    }

    /// `ids` unmet, with `scans` scans made already ([`SCANS_BEFORE_SORTING`]: the next
    /// unreadable entry sorts them).
    fn unmet(ids: &[&str], scans: usize) -> Unmet {
        let state = FileState {
            size: 1,
            modified: 2,
            hash: 3,
        };
        Unmet::Hashed {
            files: ids.iter().map(|id| (id.to_string(), state)).collect(),
            scans,
        }
    }

    #[test]
    fn keep_under_takes_the_file_or_everything_in_the_folder_only() {
        let ids = [
            "a.txt",
            "desk/b.txt",
            "desk/sub/c.txt",
            "desk.txt",
            "desk2/d.txt",
        ];
        // Scanning, and sorted: the same answers.
        for scans in [0, SCANS_BEFORE_SORTING] {
            let mut files = unmet(&ids, scans);
            assert!(files.keep_under("a.txt"), "{scans}");
            assert!(!files.keep_under("new.txt"), "nothing indexed from it");
            assert_eq!(matches!(files, Unmet::Sorted(_)), scans > 0);
            assert!(files.keep_under("desk"), "{scans}");
            assert!(!files.keep_under("desk"), "taken already");
            assert!(files.remove("desk/b.txt").is_none());
            assert!(files.remove("desk.txt").is_some(), "{scans}");
            assert_eq!(files.into_sorted_ids(), ["desk2/d.txt"], "{scans}");

            let mut files = unmet(&ids, scans);
            assert!(files.keep_under(""), "the corpus root holds everything");
            assert!(!files.keep_under(""));
            assert_eq!(files.into_sorted_ids(), Vec::<String>::new(), "{scans}");
        }
        let files = unmet(&ids, 0);
        assert_eq!(
            files.into_sorted_ids(),
            [
                "a.txt",
                "desk.txt",
                "desk/b.txt",
                "desk/sub/c.txt",
                "desk2/d.txt"
            ]
        );
    }

    /// Unreadable folders in a 500,000-file index: a few are scans, thousands are ranges
    /// in a list sorted once, not a scan each.
    #[test]
    #[ignore = "a measurement: cargo test --lib keep_under_at_scale -- --ignored --nocapture"]
    fn keep_under_at_scale() {
        let ids: Vec<String> = (0..500_000)
            .map(|n| format!("desk{}/story-{n}.txt", n % 1000))
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        for folders in [1, SCANS_BEFORE_SORTING, SCANS_BEFORE_SORTING + 1, 5_000] {
            let mut files = unmet(&refs, 0);
            let started = Instant::now();
            let mut kept = 0;
            for folder in 0..folders {
                kept += usize::from(files.keep_under(&format!("desk{folder}")));
            }
            let elapsed = started.elapsed();
            println!("{folders} unreadable folders, 500,000 files: {elapsed:?}");
            assert_eq!(kept, folders.min(1000));
            assert_eq!(
                files.into_sorted_ids().len(),
                500 * (1000 - folders.min(1000))
            );
        }
    }
}
