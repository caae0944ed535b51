//! Walking a corpus folder: which paths are visited, in what order, and what is read.

use std::path::Path;

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
