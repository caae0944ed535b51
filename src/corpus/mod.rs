//! Stage 1: folder -> [`SourceFile`]s.
//!
//! Walks a corpus folder ([`walk`]), decides which files are stories and decodes their bytes
//! into text ([`decode`]). It knows nothing of articles or indexes: what a story *means* is
//! [`crate::article`]'s business.

pub mod decode;
pub mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use decode::{
    decode, is_story_path, read_stream, read_stream_up_to, read_text, read_text_up_to,
    DEFAULT_MAX_FILE_SIZE, STORY_EXTENSIONS,
};
pub use walk::{
    read_bytes, read_entry, scan, scan_up_to, walk, walk_ahead, Found, StoryFile, WalkAhead,
    WalkOptions,
};

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
    /// It is a symbolic link, and links are not followed (`--follow`).
    Symlink,
    /// Following its link leads back to a folder above it.
    Loop,
    /// Its format could not be parsed (a `.json` file that is not JSON, say).
    Invalid(String),
    /// A web page with no story in it: a section front, an index of links.
    NoArticleText,
    /// Reading or parsing it met a bug in newsdex (a panic, with this message); `kept`
    /// when the stories indexed from it before stay in the index.
    ParserFailed {
        /// The panic's message.
        panic: String,
        /// Whether the stories indexed from it before are kept.
        kept: bool,
    },
}

impl SkipReason {
    /// Whether the skip is a failure the user should fix (as opposed to a file that is
    /// simply not a story): a story file that could not be read, decoded or parsed.
    /// Failures are reported without `-v` and make `newsdex index` exit with 2.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            SkipReason::Unreadable(_)
                | SkipReason::Binary
                | SkipReason::Invalid(_)
                | SkipReason::ParserFailed { .. }
        )
    }

    /// A short label for summaries: `not a story`, `empty`, ...
    pub fn label(&self) -> &'static str {
        match self {
            SkipReason::NotAStory => "not a story file",
            SkipReason::Empty => "empty",
            SkipReason::Binary => "not text",
            SkipReason::TooLarge(_) => "too large",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Symlink => "symlink not followed",
            SkipReason::Loop => "symlink loop",
            SkipReason::Invalid(_) => "not parsable",
            SkipReason::NoArticleText => "no article text",
            SkipReason::ParserFailed { .. } => "parser failed",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::TooLarge(size) => write!(f, "too large ({size} bytes)"),
            SkipReason::Unreadable(why) => write!(f, "unreadable: {why}"),
            SkipReason::Symlink => f.write_str("symlink not followed (use --follow)"),
            SkipReason::Loop => f.write_str("symlink loop: it points to a folder above it"),
            SkipReason::Invalid(why) => write!(f, "not parsable: {why}"),
            SkipReason::ParserFailed { panic, kept } => {
                write!(
                    f,
                    "newsdex could not parse it (an internal error: {panic}); please report it"
                )?;
                match kept {
                    true => f.write_str("; the stories indexed from it before are kept"),
                    false => Ok(()),
                }
            }
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
}
