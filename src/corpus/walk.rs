//! Walking a corpus folder: which paths are visited, in what order, and what is read.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{is_story_path, read_text_up_to, story_id, Entry, SkipReason, SourceFile};
use crate::error::IndexError;

/// Walks `root` (sorted, hidden files and folders skipped) and reads every file.
pub fn scan(root: &Path) -> Result<impl Iterator<Item = Entry>, IndexError> {
    scan_up_to(root, super::DEFAULT_MAX_FILE_SIZE)
}

/// [`scan`], skipping files larger than `max_size` bytes (`--max-file-size`).
pub fn scan_up_to(root: &Path, max_size: u64) -> Result<impl Iterator<Item = Entry>, IndexError> {
    if !root.is_dir() {
        return Err(IndexError::MissingCorpus(root.to_path_buf()));
    }
    let root = root.to_path_buf();
    let walk = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    Ok(walk.filter_map(move |entry| match entry {
        Ok(entry) if entry.file_type().is_file() => Some(read_entry(&root, entry.path(), max_size)),
        Ok(_) => None,
        Err(err) => {
            let path = err
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.clone());
            Some(Entry::Skipped {
                path,
                reason: SkipReason::Unreadable(err.to_string()),
            })
        }
    }))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Reads one file found under `root`, if it is at most `max_size` bytes.
pub fn read_entry(root: &Path, path: &Path, max_size: u64) -> Entry {
    let skipped = |reason| Entry::Skipped {
        path: path.to_path_buf(),
        reason,
    };
    if !is_story_path(path) {
        return skipped(SkipReason::NotAStory);
    }
    match read_text_up_to(path, max_size) {
        Ok(text) => Entry::Story(SourceFile {
            id: story_id(root, path),
            path: path.to_path_buf(),
            text,
        }),
        Err(reason) => skipped(reason),
    }
}

/// Which files [`walk`] visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkOptions {
    /// Visit hidden files and folders (names starting with `.`).
    pub hidden: bool,
    /// Follow symbolic links (loops are detected and skipped).
    pub follow: bool,
    /// Files larger than this many bytes are skipped as too large.
    pub max_file_size: u64,
    /// A folder not to enter, as the walk reaches it (the root joined to its relative
    /// path): the index, when it lies inside the corpus (`newsdex index .` writes `./index`),
    /// so its own files are neither read as stories nor reported as skipped. The folders a
    /// rebuild writes beside it (`index.rebuild-4242`, [`crate::indexer::rebuild`]) are
    /// not entered either.
    pub skip: Option<PathBuf>,
    /// Test-only: [`walk_ahead`]'s thread panics once it has handed over this many
    /// entries, so tests can check that a walk that stops early removes nothing.
    #[doc(hidden)]
    pub panic_after: Option<usize>,
}

impl WalkOptions {
    /// Whether the folder at `path` is [`WalkOptions::skip`] or one of its rebuild folders.
    fn skips(&self, path: &Path) -> bool {
        let Some(skip) = &self.skip else {
            return false;
        };
        path == skip
            || (path.parent() == skip.parent()
                && match (skip.file_name(), path.file_name()) {
                    (Some(index), Some(name)) => crate::indexer::rebuild::is_side_name(index, name),
                    _ => false,
                })
    }
}

impl Default for WalkOptions {
    fn default() -> WalkOptions {
        WalkOptions {
            hidden: false,
            follow: false,
            max_file_size: super::DEFAULT_MAX_FILE_SIZE,
            skip: None,
            panic_after: None,
        }
    }
}

/// A story file found by [`walk`], not read yet: what change detection needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryFile {
    /// The path as it can be opened.
    pub path: PathBuf,
    /// Path relative to the corpus root, `/`-separated.
    pub id: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when unknown).
    pub modified: i64,
}

/// What [`walk`] found at one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A story file to consider.
    Story(StoryFile),
    /// A path that is not indexed, and why.
    Skipped {
        /// The path.
        path: PathBuf,
        /// Why it was skipped.
        reason: SkipReason,
    },
}

/// Walks `root` in file-name order and reports every file without reading it: story files
/// with their size and modification time, and everything else with the reason it is
/// skipped (not a story, too large, a symlink not followed, a loop, unreadable).
///
/// Without `follow` (the default) the walk is [`Listing`]s of `std::fs::read_dir`: each
/// file is stat'ed relative to its open folder, so the kernel does not walk its whole path
/// again, which is most of what a no-op re-index costs (#15). Following links needs loop
/// detection, and goes through walkdir.
pub fn walk(
    root: &Path,
    options: &WalkOptions,
) -> Result<Box<dyn Iterator<Item = Found> + Send>, IndexError> {
    if !root.is_dir() {
        return Err(IndexError::MissingCorpus(root.to_path_buf()));
    }
    if !options.follow {
        return Ok(Box::new(Walk {
            options: options.clone(),
            stack: vec![Listing::Unopened {
                dir: root.to_path_buf(),
                prefix: String::new(),
            }],
            // Threads that cannot be started leave the stats to the walk's own thread.
            pool: rayon::ThreadPoolBuilder::new().build().ok(),
        }));
    }
    Ok(Box::new(walk_following(root, options)))
}

/// [`walk`] on a thread of its own, started now: the walk's `stat`s (most of a no-op
/// re-index, #15) run beside whatever the caller does before and while it reads what was
/// found (opening the index, comparing with the last commit). What was found waits in
/// chunks, at most [`AHEAD`] entries ahead of the reader. Dropping the iterator stops the
/// walk at its next chunk.
///
/// The iterator ends either way, finished or not: [`WalkAhead::is_complete`] tells which,
/// so a walk whose thread failed is never taken for one that found nothing more.
pub fn walk_ahead(root: &Path, options: &WalkOptions) -> Result<WalkAhead, IndexError> {
    let mut found = walk(root, options)?;
    let (chunks_tx, chunks_rx) = std::sync::mpsc::sync_channel::<Ahead>(AHEAD / CHUNK);
    let panic_after = options.panic_after;
    let chunk_size = panic_after.map_or(CHUNK, |entries| entries.clamp(1, CHUNK));
    let started = std::thread::Builder::new()
        .name("newsdex-walk".into())
        .spawn(move || {
            let mut handed = 0;
            loop {
                if let Some(entries) = panic_after.filter(|&entries| handed >= entries) {
                    panic!("test hook: the walk stops after {entries} entries");
                }
                let chunk: Vec<Found> = found.by_ref().take(chunk_size).collect();
                handed += chunk.len();
                let last = chunk.len() < chunk_size;
                if !chunk.is_empty() && chunks_tx.send(Ahead::Found(chunk)).is_err() {
                    return; // the reader stopped listening
                }
                if last {
                    let _ = chunks_tx.send(Ahead::Complete);
                    return;
                }
            }
        });
    started.map_err(|source| IndexError::Io {
        action: "starting the walk of",
        path: root.to_path_buf(),
        cause: source,
    })?;
    Ok(WalkAhead {
        chunks: chunks_rx,
        current: Vec::new().into_iter(),
        complete: false,
    })
}

/// What [`walk_ahead`]'s thread hands over.
enum Ahead {
    /// Entries found, in walk order.
    Found(Vec<Found>),
    /// The walk finished: everything under the root was reported.
    Complete,
}

/// What [`walk_ahead`] found, in walk order; see [`WalkAhead::is_complete`].
pub struct WalkAhead {
    chunks: std::sync::mpsc::Receiver<Ahead>,
    current: std::vec::IntoIter<Found>,
    complete: bool,
}

impl WalkAhead {
    /// Whether the walk reached its end, once the iterator has ended: `false` when its
    /// thread stopped early (a panic), so what it did not report may still be there.
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}

impl Iterator for WalkAhead {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(found) = self.current.next() {
                return Some(found);
            }
            match self.chunks.recv() {
                Ok(Ahead::Found(chunk)) => self.current = chunk.into_iter(),
                Ok(Ahead::Complete) => {
                    self.complete = true;
                    return None;
                }
                Err(_) => return None, // the walk's thread ended without finishing
            }
        }
    }
}

/// Entries [`walk_ahead`] hands over at once: few hand-offs between threads (on a loaded
/// machine each can wait for a core), small next to [`AHEAD`].
const CHUNK: usize = 512;
/// Most entries [`walk_ahead`] finds before they are read: the file list is never held
/// whole.
const AHEAD: usize = 16_384;

/// One folder of a [`Walk`]: not read yet, or its entries in name order.
enum Listing {
    Unopened { dir: PathBuf, prefix: String },
    Read(std::vec::IntoIter<Listed>),
}

/// One entry of a folder read by a [`Walk`].
enum Listed {
    /// What the walk reports.
    Found(Found),
    /// A subfolder, read when the walk reaches it; `prefix` is its id and a `/`.
    Folder { dir: PathBuf, prefix: String },
}

/// The walk without following links: folders first-come depth-first, names in byte
/// order within each, as walkdir's `sort_by_file_name` visits them.
struct Walk {
    options: WalkOptions,
    stack: Vec<Listing>,
    /// Threads that stat a large folder's files ([`read_listing`]).
    pool: Option<rayon::ThreadPool>,
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            match self.stack.last_mut()? {
                Listing::Read(entries) => match entries.next() {
                    Some(Listed::Folder { dir, prefix }) => {
                        // Read it before its next sibling.
                        self.stack.push(Listing::Unopened { dir, prefix });
                    }
                    Some(Listed::Found(found)) => return Some(found),
                    None => {
                        self.stack.pop();
                    }
                },
                Listing::Unopened { .. } => {
                    let Some(Listing::Unopened { dir, prefix }) = self.stack.pop() else {
                        unreachable!("the top of the stack is an unopened folder")
                    };
                    match read_listing(&dir, &prefix, &self.options, self.pool.as_ref()) {
                        Ok(entries) => self.stack.push(Listing::Read(entries.into_iter())),
                        Err(err) => {
                            return Some(Found::Skipped {
                                path: dir,
                                reason: SkipReason::Unreadable(err.to_string()),
                            })
                        }
                    }
                }
            }
        }
    }
}

/// Everything in `dir`, sorted by name and looked at (stat'ed relative to the open folder,
/// and only story files), the folder closed again before its subfolders are read. A large
/// folder's files are stat'ed on `pool`'s threads: the `stat`s are most of a no-op
/// re-index, one after another on the walk's thread while the other core waited (#15).
fn read_listing(
    dir: &Path,
    prefix: &str,
    options: &WalkOptions,
    pool: Option<&rayon::ThreadPool>,
) -> std::io::Result<Vec<Listed>> {
    use rayon::prelude::*;
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if !options.hidden && is_hidden(&name) {
            continue;
        }
        entries.push((name, entry));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let look = |(name, entry): (std::ffi::OsString, std::fs::DirEntry)| {
        look_at(dir, prefix, &name, &entry, options)
    };
    Ok(match pool {
        Some(pool) if entries.len() >= PARALLEL_STATS => {
            pool.install(|| entries.into_par_iter().filter_map(look).collect())
        }
        _ => entries.into_iter().filter_map(look).collect(),
    })
}

/// Folders with at least this many entries have them stat'ed in parallel ([`read_listing`]):
/// below it, handing the work to other threads costs more than it saves.
const PARALLEL_STATS: usize = 64;

/// What the walk makes of one entry of a folder: `None` for what it passes over silently.
fn look_at(
    dir: &Path,
    prefix: &str,
    name: &std::ffi::OsStr,
    entry: &std::fs::DirEntry,
    options: &WalkOptions,
) -> Option<Listed> {
    let path = dir.join(name);
    let skipped = |path: PathBuf, reason| Some(Listed::Found(Found::Skipped { path, reason }));
    let file_type = match entry.file_type() {
        Ok(file_type) => file_type,
        Err(err) => return skipped(path, SkipReason::Unreadable(err.to_string())),
    };
    // Joined by hand: `format!` was an eighth of a no-op re-index's instructions (#15).
    let id = || {
        let name = name.to_string_lossy();
        let mut id = String::with_capacity(prefix.len() + name.len() + 1);
        id.push_str(prefix);
        id.push_str(&name);
        id
    };
    if file_type.is_dir() && options.skips(&path) {
        None // the index inside its own corpus, or a rebuild's folder beside it
    } else if file_type.is_dir() {
        Some(Listed::Folder {
            dir: path,
            prefix: id() + "/",
        })
    } else if file_type.is_symlink() {
        skipped(path, SkipReason::Symlink)
    } else if !file_type.is_file() {
        None // sockets, fifos, devices: never stories, not worth a line
    } else if !is_story_path(Path::new(name)) {
        // The name alone: the same extension, without parsing the folders before it.
        skipped(path, SkipReason::NotAStory)
    } else {
        match entry.metadata() {
            Ok(metadata) => Some(Listed::Found(story_file(path, id(), &metadata, options))),
            Err(err) => skipped(path, SkipReason::Unreadable(err.to_string())),
        }
    }
}

/// A story file found, or skipped as too large.
fn story_file(
    path: PathBuf,
    id: String,
    metadata: &std::fs::Metadata,
    options: &WalkOptions,
) -> Found {
    if metadata.len() > options.max_file_size {
        return Found::Skipped {
            path,
            reason: SkipReason::TooLarge(metadata.len()),
        };
    }
    let modified = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| {
            i64::try_from(since.as_nanos()).unwrap_or(i64::MAX)
        });
    Found::Story(StoryFile {
        id,
        path,
        size: metadata.len(),
        modified,
    })
}

/// [`walk`] following symbolic links, through walkdir (which detects loops).
fn walk_following(root: &Path, options: &WalkOptions) -> impl Iterator<Item = Found> + Send {
    let root = root.to_path_buf();
    let hidden = options.hidden;
    let options = options.clone();
    let skipping = options.clone();
    let walk = WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| {
            (hidden || entry.depth() == 0 || !is_hidden(entry.file_name()))
                && !skipping.skips(entry.path())
        });
    walk.filter_map(move |entry| {
        let skipped = |path: &Path, reason| {
            Some(Found::Skipped {
                path: path.to_path_buf(),
                reason,
            })
        };
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.clone());
                let reason = if err.loop_ancestor().is_some() {
                    SkipReason::Loop
                } else {
                    SkipReason::Unreadable(walk_error_cause(&err))
                };
                return skipped(&path, reason);
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            return None;
        }
        let path = entry.path();
        if file_type.is_symlink() {
            return skipped(path, SkipReason::Symlink);
        }
        if !file_type.is_file() {
            return None; // sockets, fifos, devices: never stories, not worth a line
        }
        if !is_story_path(path) {
            return skipped(path, SkipReason::NotAStory);
        }
        let metadata = match entry.metadata() {
            Ok(metadata) => metadata,
            Err(err) => return skipped(path, SkipReason::Unreadable(walk_error_cause(&err))),
        };
        Some(story_file(
            path.to_path_buf(),
            story_id(&root, path),
            &metadata,
            &options,
        ))
    })
}

/// The operating system's words for a walk error, without walkdir's path prefix.
fn walk_error_cause(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

/// Reads a file found by [`walk`], as bytes.
///
/// The walk has just measured the file, so its buffer is sized from that instead of
/// asking the file system again (`std::fs::read` does: one `statx` per file, #15); a file
/// that changed size since is still read whole.
pub fn read_bytes(file: &StoryFile) -> Result<Vec<u8>, SkipReason> {
    use std::io::Read;
    let unreadable = |err: std::io::Error| SkipReason::Unreadable(err.to_string());
    let mut handle = std::fs::File::open(&file.path).map_err(unreadable)?;
    // One byte more, so reading the expected size whole does not grow the buffer to find
    // the end.
    let expected = usize::try_from(file.size).unwrap_or(0).saturating_add(1);
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(expected)
        .map_err(|err| SkipReason::Unreadable(err.to_string()))?;
    // Through `take`: `File::read_to_end` would ask for the file's size again (`fstat`).
    handle
        .by_ref()
        .take(u64::MAX)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "Headline\n\nSome text.\n").unwrap();
    }

    /// What a walk reports, as `id size` lines, or the path and reason of a skip.
    fn listing(found: impl Iterator<Item = Found>, root: &Path) -> Vec<String> {
        found
            .map(|found| match found {
                Found::Story(file) => {
                    assert_eq!(file.path, root.join(&file.id));
                    assert!(file.modified > 0);
                    format!("{} {}", file.id, file.size)
                }
                Found::Skipped { path, reason } => {
                    format!("{}: {reason}", path.strip_prefix(root).unwrap().display())
                }
            })
            .collect()
    }

    #[test]
    fn the_walk_visits_what_walkdir_visits_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "b.txt",
            "a/z.md",
            "a/b/c.txt",
            "a.txt",
            "a-b.txt",
            "B.txt",
            "é.txt",
            "notes.pdf",
            ".hidden.txt",
            ".git/x.txt",
            "x/.y/z.txt",
            "x/y.html",
            "empty/.keep",
        ] {
            write(root, rel);
        }
        std::fs::write(root.join("big.txt"), vec![b'x'; 100]).unwrap();
        std::os::unix::fs::symlink("b.txt", root.join("link.txt")).unwrap();
        let options = WalkOptions {
            max_file_size: 99,
            ..WalkOptions::default()
        };
        let fast = listing(walk(root, &options).unwrap(), root);
        assert_eq!(
            fast,
            [
                "B.txt 21",
                "a/b/c.txt 21",
                "a/z.md 21",
                "a-b.txt 21",
                "a.txt 21",
                "b.txt 21",
                "big.txt: too large (100 bytes)",
                "link.txt: symlink not followed (use --follow)",
                "notes.pdf: not a story file",
                "x/y.html 21",
                "é.txt 21",
            ]
        );
        // walkdir (the walk that follows links) agrees wherever there is no link.
        std::fs::remove_file(root.join("link.txt")).unwrap();
        for hidden in [false, true] {
            let options = WalkOptions {
                hidden,
                ..options.clone()
            };
            let fast = listing(walk(root, &options).unwrap(), root);
            let following = listing(walk_following(root, &options), root);
            assert_eq!(fast, following, "hidden: {hidden}");
        }
    }

    #[test]
    fn a_large_folder_looked_at_in_parallel_keeps_name_order_and_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // Written out of order, among a folder, a file that is not a story and one too large.
        let stories = PARALLEL_STATS + 36;
        for i in (0..stories).rev() {
            write(root, &format!("s{i:03}.txt"));
        }
        write(root, "sub/a.txt");
        write(root, "notes.pdf");
        std::fs::write(root.join("big.txt"), vec![b'x'; 100]).unwrap();
        let options = WalkOptions {
            max_file_size: 99,
            ..WalkOptions::default()
        };
        let mut expected = vec![
            "big.txt: too large (100 bytes)".to_string(),
            "notes.pdf: not a story file".to_string(),
        ];
        expected.extend((0..stories).map(|i| format!("s{i:03}.txt 21")));
        expected.push("sub/a.txt 21".to_string());
        let fast = listing(walk(root, &options).unwrap(), root);
        assert_eq!(fast, expected);
        assert_eq!(fast, listing(walk_following(root, &options), root));
    }

    #[test]
    fn the_walk_ahead_reports_what_the_walk_does_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // More entries than a chunk, in folders and with skips between stories, so the
        // chunks end mid-folder and the last one is short.
        for i in 0..CHUNK + 150 {
            write(root, &format!("f{}/{i:04}.txt", i % 3));
        }
        write(root, "f1/notes.pdf");
        write(root, "z.txt");
        let options = WalkOptions::default();
        let ahead = listing(walk_ahead(root, &options).unwrap(), root);
        assert_eq!(ahead.len(), CHUNK + 152);
        assert_eq!(ahead, listing(walk(root, &options).unwrap(), root));
        assert_eq!(ahead.last().unwrap(), "z.txt 21");
        // Exactly a chunk: the walk ends after a full chunk without a short one.
        let exact = tempfile::tempdir().unwrap();
        for i in 0..CHUNK {
            write(exact.path(), &format!("{i:04}.txt"));
        }
        let mut ahead = walk_ahead(exact.path(), &options).unwrap();
        assert_eq!(ahead.by_ref().count(), CHUNK);
        assert!(ahead.is_complete());
    }

    #[test]
    fn a_walk_ahead_whose_thread_stops_early_says_it_is_incomplete() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            write(dir.path(), &format!("{i}.txt"));
        }
        let options = WalkOptions {
            panic_after: Some(2),
            ..WalkOptions::default()
        };
        let mut ahead = walk_ahead(dir.path(), &options).unwrap();
        assert_eq!(ahead.by_ref().count(), 2);
        assert!(!ahead.is_complete());
        // Without the hook the same walk finishes.
        let mut ahead = walk_ahead(dir.path(), &WalkOptions::default()).unwrap();
        assert_eq!(ahead.by_ref().count(), 5);
        assert!(ahead.is_complete());
    }
}
