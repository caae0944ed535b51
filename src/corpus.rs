//! Stage 1: folder -> [`SourceFile`]s.
//!
//! Walks a corpus folder, decides which files are stories, and decodes their bytes into
//! text. It knows nothing of articles or indexes: what a story *means* is
//! [`crate::article`]'s business.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::IndexError;

/// Extensions read as stories.
pub const STORY_EXTENSIONS: &[&str] = &["txt", "md"];
/// Files larger than this are not stories (a whole book, a data dump).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// How far into a file to look for NUL bytes when deciding it is binary.
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// One story file, read and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the corpus root, `/`-separated: the story's stable id.
    pub id: String,
    /// The path as it can be opened: the corpus root joined with the id.
    pub path: PathBuf,
    /// The decoded text.
    pub text: String,
}

/// Why a file under the corpus root did not become a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Its extension is not one newsdex reads.
    NotAStory,
    /// It holds no text.
    Empty,
    /// It holds NUL bytes: an image, an archive, a binary.
    Binary,
    /// It is larger than the size limit.
    TooLarge(u64),
    /// It could not be read (permissions, vanished, I/O error).
    Unreadable(String),
}

impl SkipReason {
    /// Whether the skip is a failure the user should fix (as opposed to a file that is
    /// simply not a story). Failures make `newsdex index` exit with 2.
    pub fn is_failure(&self) -> bool {
        matches!(self, SkipReason::Unreadable(_))
    }

    /// A short label for summaries: `not a story`, `empty`, ...
    pub fn label(&self) -> &'static str {
        match self {
            SkipReason::NotAStory => "not a story file",
            SkipReason::Empty => "empty",
            SkipReason::Binary => "not text",
            SkipReason::TooLarge(_) => "too large",
            SkipReason::Unreadable(_) => "unreadable",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::TooLarge(size) => write!(f, "too large ({size} bytes)"),
            SkipReason::Unreadable(why) => write!(f, "unreadable: {why}"),
            other => f.write_str(other.label()),
        }
    }
}

/// What the walk found at one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A story file with its text.
    Story(SourceFile),
    /// A file that is not indexed, and why.
    Skipped {
        /// The file.
        path: PathBuf,
        /// Why it was skipped.
        reason: SkipReason,
    },
}

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

/// Whether the file's extension is one newsdex reads.
pub fn is_story_path(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            STORY_EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// The corpus-relative, `/`-separated id of `path`.
pub fn story_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Reads and decodes one file, applying the size limit.
pub fn read_text(path: &Path) -> Result<String, SkipReason> {
    let unreadable = |err: std::io::Error| SkipReason::Unreadable(err.to_string());
    let size = fs::metadata(path).map_err(unreadable)?.len();
    if size > DEFAULT_MAX_FILE_SIZE {
        return Err(SkipReason::TooLarge(size));
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    decode(&bytes)
}

/// Decodes story bytes: UTF-8 (BOM optional), UTF-16 with BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    let text = if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        text.into_owned()
    } else {
        let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
        if sniff.contains(&0) {
            return Err(SkipReason::Binary);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        }
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(text)
}

/// The folder a path argument names, made absolute-free and tidy for display.
pub fn display_path(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_supported_encoding() {
        assert_eq!(decode(b"plain").unwrap(), "plain");
        assert_eq!(decode(b"\xEF\xBB\xBFwith bom").unwrap(), "with bom");
        assert_eq!(decode(b"\xFF\xFEh\x00i\x00").unwrap(), "hi");
        assert_eq!(decode(b"\xFE\xFF\x00h\x00i").unwrap(), "hi");
        assert_eq!(decode(b"cost \xA3600m").unwrap(), "cost £600m");
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert_eq!(decode(b"GIF89a\x00\x01"), Err(SkipReason::Binary));
        assert_eq!(decode(b"  \n\t"), Err(SkipReason::Empty));
        assert_eq!(decode(b""), Err(SkipReason::Empty));
    }

    #[test]
    fn ids_are_relative_and_slash_separated() {
        let root = Path::new("corpus");
        assert_eq!(
            story_id(root, Path::new("corpus/world/a.txt")),
            "world/a.txt"
        );
        assert_eq!(
            story_id(Path::new("./corpus"), Path::new("./corpus/b.md")),
            "b.md"
        );
    }

    #[test]
    fn only_txt_and_md_are_stories() {
        assert!(is_story_path(Path::new("a/b.txt")));
        assert!(is_story_path(Path::new("a/b.MD")));
        assert!(!is_story_path(Path::new("a/b.png")));
        assert!(!is_story_path(Path::new("a/README")));
    }
}
