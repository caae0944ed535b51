//! The index folder as every reader and writer recognises it: its format number, the commit
//! payload that says how it was built, which folder is at its path now, and the errors for a
//! path that holds no index or one of another format. The indexer writes these and search
//! checks them, so they live here rather than in either.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::words;
use crate::error::IndexError;

/// Version of what newsdex keeps in an index; bumped when an old index cannot be reused.
///
/// 5: Chinese and Japanese split into pairs of characters, and no combining marks in a
/// word (`fold`); 4: the words file beside the index.
pub const FORMAT_VERSION: u32 = 5;

/// What an index remembers about how it was built: the commit payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// [`FORMAT_VERSION`] of the newsdex that wrote it.
    pub format: u32,
    /// The corpus folder, absolute.
    pub corpus: PathBuf,
    /// `--year`, which changes how datelines are parsed.
    pub year: Option<i32>,
}

/// A commit's payload: [`IndexMeta`], and the stamp of the words file written for the
/// commit ([`words::stamp`]). The words file takes its place just before tantivy commits;
/// should the commit then fail, the file is ahead of the index, and the next run knows it
/// by the stamp and puts the one before back ([`words::put_back_if_ahead`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    /// The corpus and the settings.
    #[serde(flatten)]
    pub meta: IndexMeta,
    /// The words file's stamp; none in a payload written before stamps were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

/// Which folder is at a path: a finished rebuild puts another folder at the index's path,
/// so a long-running reader compares this with what it opened ([`folder_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderId {
    device: u64,
    inode: u64,
}

/// The folder at `path` now; `None` where there is none or the platform cannot tell.
pub fn folder_at(path: &Path) -> Option<FolderId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path).ok()?;
        Some(FolderId {
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Fails with [`IndexError::OtherFormat`] when a commit payload records another
/// [`FORMAT_VERSION`]. Only the `format` number is read, so a payload whose other fields
/// changed shape is still recognised. No payload (nothing committed yet) passes.
pub(crate) fn check_format(path: &Path, payload: Option<&str>) -> Result<(), IndexError> {
    let found = payload
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|value| value.get("format").cloned());
    match found {
        Some(found) if found.as_u64() != Some(u64::from(FORMAT_VERSION)) => {
            Err(IndexError::OtherFormat {
                path: path.to_path_buf(),
                // As written: `999`, or `"two"` for a format that is not a number.
                found: found.to_string(),
                reads: FORMAT_VERSION,
            })
        }
        _ => Ok(()),
    }
}

/// What is wrong when an index with stories (`has_segments`) has no words file, for the
/// caller's own damage error: every commit writes one ([`words`]); updating the index
/// without it would count only the stories this run adds, and searching would quietly
/// lose "did you mean" and prefix words.
pub(crate) fn missing_words_file(path: &Path, has_segments: bool) -> Option<String> {
    (has_segments && !path.join(words::WORDS_FILE).is_file())
        .then(|| format!("its file '{}' is missing", words::WORDS_FILE))
}

/// [`IndexError::Foreign`] for a file or a folder that holds no index: `--rebuild` leaves
/// it alone.
pub(crate) fn foreign(path: &Path, reason: &str) -> IndexError {
    IndexError::Foreign {
        path: path.to_path_buf(),
        reason: reason.to_string(),
        replaceable: false,
    }
}
