//! Walking a corpus folder: which paths are visited, in what order, and what is read.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{is_story_path, read_text, story_id, Entry, SkipReason, SourceFile};
use crate::error::IndexError;

/// Walks `root` (sorted, hidden files and folders skipped) and reads every file.
pub fn scan(root: &Path) -> Result<impl Iterator<Item = Entry>, IndexError> {
    if !root.is_dir() {
        return Err(IndexError::MissingCorpus(root.to_path_buf()));
    }
    let root = root.to_path_buf();
    let walk = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    Ok(walk.filter_map(move |entry| match entry {
        Ok(entry) if entry.file_type().is_file() => Some(read_entry(&root, entry.path())),
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

/// Reads one file found under `root`.
pub fn read_entry(root: &Path, path: &Path) -> Entry {
    let skipped = |reason| Entry::Skipped {
        path: path.to_path_buf(),
        reason,
    };
    if !is_story_path(path) {
        return skipped(SkipReason::NotAStory);
    }
    match read_text(path) {
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
}

impl Default for WalkOptions {
    fn default() -> WalkOptions {
        WalkOptions {
            hidden: false,
            follow: false,
            max_file_size: super::DEFAULT_MAX_FILE_SIZE,
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
pub fn walk(root: &Path, options: &WalkOptions) -> Result<impl Iterator<Item = Found>, IndexError> {
    if !root.is_dir() {
        return Err(IndexError::MissingCorpus(root.to_path_buf()));
    }
    let root = root.to_path_buf();
    let hidden = options.hidden;
    let options = options.clone();
    let walk = WalkDir::new(&root)
        .follow_links(options.follow)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| hidden || entry.depth() == 0 || !is_hidden(entry.file_name()));
    Ok(walk.filter_map(move |entry| {
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
        if metadata.len() > options.max_file_size {
            return skipped(path, SkipReason::TooLarge(metadata.len()));
        }
        let modified = metadata
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |since| {
                i64::try_from(since.as_nanos()).unwrap_or(i64::MAX)
            });
        Some(Found::Story(StoryFile {
            id: story_id(&root, path),
            path: path.to_path_buf(),
            size: metadata.len(),
            modified,
        }))
    }))
}

/// The operating system's words for a walk error, without walkdir's path prefix.
fn walk_error_cause(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

/// Reads a file found by [`walk`], as bytes.
pub fn read_bytes(file: &StoryFile) -> Result<Vec<u8>, SkipReason> {
    std::fs::read(&file.path).map_err(|err| SkipReason::Unreadable(err.to_string()))
}
