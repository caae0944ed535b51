//! Typed errors for the cases library callers need to tell apart.
//!
//! The binary adds context with `anyhow` at its edges; inside the library each stage
//! reports what went wrong in terms its caller can act on.

use std::path::PathBuf;

use thiserror::Error;

/// Why a story's text could not become an [`crate::Article`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// The text holds nothing but whitespace.
    #[error("the story is empty")]
    Empty,
    /// A `.json` file, or one line of a `.jsonl` file, is not valid JSON.
    #[error("{}", not_json_message(*.line, .message))]
    NotJson {
        /// The 1-based line of a JSON-lines file; `None` for a whole `.json` document.
        line: Option<usize>,
        /// What the JSON parser said.
        message: String,
    },
    /// Valid JSON that is not a story object.
    #[error("not a story: expected a JSON object with a title or a content, body or text field")]
    NotAStoryObject,
    /// A web page whose main text holds no prose: a section front, an index of links.
    #[error("no article text")]
    NoArticleText,
    /// A story on one line of a multi-story file failed.
    #[error("line {line}: {source}")]
    OnLine {
        /// The 1-based line.
        line: usize,
        /// Why the story on it failed.
        source: Box<ParseError>,
    },
}

fn not_json_message(line: Option<usize>, message: &str) -> String {
    match line {
        Some(line) => format!("line {line} is not JSON ({message}): fix the line or remove it"),
        None => format!("not JSON ({message}): fix the file or give it a .txt extension"),
    }
}

impl ParseError {
    /// The error for JSON that did not parse, on `line` of a JSON-lines file or in a whole file.
    pub fn from_json(line: Option<usize>, err: &serde_json::Error) -> ParseError {
        let full = err.to_string();
        let message = match (line, full.rfind(" at line ")) {
            // One line of a JSON-lines file: its own line number is already in the message.
            (Some(_), Some(at)) => format!("{} at column {}", &full[..at], err.column()),
            _ => full,
        };
        ParseError::NotJson { line, message }
    }

    /// This error, said of one line of a multi-story file (unless it names its line already).
    pub fn on_line(self, line: usize) -> ParseError {
        match self {
            ParseError::NotJson { line: Some(_), .. } | ParseError::OnLine { .. } => self,
            other => ParseError::OnLine {
                line,
                source: Box::new(other),
            },
        }
    }
}

/// The folder `path` sits in, for a message (`.` for a bare file name).
fn parent_of(path: &std::path::Path) -> String {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.display().to_string(),
        _ => ".".to_string(),
    }
}

/// Why an index could not be opened, built or written.
#[derive(Debug, Error)]
pub enum IndexError {
    /// There is no index at the path yet.
    #[error("no index at '{}' — run `newsdex index` first", .0.display())]
    Missing(PathBuf),
    /// The folder exists but holds something other than a newsdex index.
    #[error("'{}' is not a newsdex index ({reason}): {}", path.display(), if *.replaceable {
        "pick another folder or run `newsdex index --rebuild` to replace it"
    } else {
        "pick another folder for --index"
    })]
    Foreign {
        /// The folder that was opened.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
        /// Whether `--rebuild` would replace it: only an index folder (one with a
        /// `meta.json`) is ever emptied, so for a file or a folder of other files the
        /// only way out is another folder.
        replaceable: bool,
    },
    /// The index was written by a newsdex with another index format.
    #[error("index '{}' is in index format {found}, and this newsdex reads format {reads}: run `newsdex index --rebuild`", path.display())]
    OtherFormat {
        /// The index folder.
        path: PathBuf,
        /// The format its last commit recorded, as written there (JSON).
        found: String,
        /// The format this newsdex reads and writes.
        reads: u32,
    },
    /// The index folder is newsdex's but tantivy cannot open it (files missing or damaged).
    #[error("index '{}' is damaged ({reason}): rebuild it with `newsdex index --rebuild`", path.display())]
    CannotOpen {
        /// The index folder.
        path: PathBuf,
        /// What tantivy reported.
        reason: String,
    },
    /// The corpus folder to index does not exist.
    #[error("corpus folder '{}' does not exist: pass the folder of stories to index", .0.display())]
    MissingCorpus(PathBuf),
    /// The corpus named is a file, not a folder.
    #[error("'{}' is a file: give the folder that holds it (newsdex index {})", .0.display(), parent_of(.0))]
    CorpusIsFile(PathBuf),
    /// The corpus folder holds no files at all while the index holds stories from some:
    /// removing them all is left to `--rebuild`, asked for on purpose.
    #[error("corpus folder '{}' has no files, but the index holds stories from {files}: nothing was removed (if they are really gone, run `newsdex index --rebuild`)", corpus.display())]
    EmptyCorpus {
        /// The corpus folder.
        corpus: PathBuf,
        /// How many files the index holds stories from.
        files: usize,
    },
    /// The walk of the corpus stopped before it finished (a thread of the run failed):
    /// files it did not reach are not taken for gone, and the run commits nothing more.
    #[error("the walk of '{}' stopped before it finished: nothing was removed", .0.display())]
    WalkStopped(PathBuf),
    /// Another process holds the index writer lock.
    #[error("index '{}' is locked by another `newsdex index` run: wait for it to finish", .0.display())]
    Locked(PathBuf),
    /// A file system operation failed.
    #[error("{action} '{}': {cause}", path.display())]
    Io {
        /// What newsdex was doing.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error (part of the message, so not a `source`: a `source` would
        /// print twice in `newsdex: ...`, which shows the message and its chain of causes).
        cause: std::io::Error,
    },
    /// The folder holds a newsdex index that cannot be read.
    #[error("index '{}' is damaged ({reason}): run `newsdex index --rebuild` to build it again", path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What could not be read.
        reason: String,
    },
    /// The index was built from another corpus folder.
    #[error("index '{}' holds stories from '{}', not '{}': index that folder, pick another --index, or pass --rebuild to replace it", index.display(), indexed.display(), requested.display())]
    OtherCorpus {
        /// The index folder.
        index: PathBuf,
        /// The corpus it was built from.
        indexed: PathBuf,
        /// The corpus asked for now.
        requested: PathBuf,
    },
    /// A setting that changes how stories are parsed differs from the one the index was
    /// built with.
    #[error("index '{}' was built with {setting} {was}, not {now}: pass --rebuild to reindex every story with the new setting", path.display())]
    SettingChanged {
        /// The index folder.
        path: PathBuf,
        /// The flag.
        setting: &'static str,
        /// Its value when the index was built.
        was: String,
        /// Its value now.
        now: String,
    },
    /// The disk filled up while a rebuild wrote the new index beside the old one, which
    /// is left as it was.
    #[error("no room on the disk to build the new index beside '{}': free some space and run `newsdex index --rebuild` again (the old index is unchanged)", .0.display())]
    NoRoom(PathBuf),
    /// The disk filled up while a run updated an index in place. tantivy's commit is
    /// atomic (a failed one leaves `meta.json` as it was), so the index holds what its
    /// last commit did, and the next run indexes the rest.
    #[error("no room on the disk for the index '{}': free some space and run `newsdex index` again (what the last commit holds is kept)", .0.display())]
    NoRoomToUpdate(PathBuf),
    /// The disk filled up while a first build wrote a new index: the stories of the
    /// commits made so far are kept, and the next run goes on from them.
    #[error("no room on the disk for the new index '{}': free some space and run `newsdex index` again (the stories committed so far are kept; the next run goes on from them)", .0.display())]
    NoRoomToBuild(PathBuf),
    /// Something in the index folder other than a file, which a rebuild (replacing the
    /// whole folder) would not carry over.
    #[error("'{}' is inside the index folder and is not a file: a rebuild replaces the whole folder, so move it out first", .0.display())]
    NotCarriedOver(PathBuf),
    /// tantivy itself failed.
    #[error("index '{}': {cause}", path.display())]
    Tantivy {
        /// The index folder.
        path: PathBuf,
        /// The underlying error (part of the message, so not a `source`).
        cause: tantivy::TantivyError,
    },
}

impl IndexError {
    /// Whether the disk (or the user's quota) was full: said so plainly
    /// ([`IndexError::NoRoom`], [`IndexError::NoRoomToUpdate`],
    /// [`IndexError::NoRoomToBuild`]) rather than as whichever write happened to fail.
    pub(crate) fn is_disk_full(&self) -> bool {
        match self {
            IndexError::Io { cause, .. } => is_full(cause),
            IndexError::Tantivy { cause, .. } => match cause {
                tantivy::TantivyError::IoError(io) => is_full(io),
                other => says_disk_full(&other.to_string()),
            },
            _ => false,
        }
    }
}

/// Whether an error handed on as text names a full disk: tantivy's writer threads pass
/// theirs so (`Internal error: 'No space left on device (os error 28)'`), and its other
/// errors print the I/O error they wrap.
fn says_disk_full(text: &str) -> bool {
    // ENOSPC is 28 on Linux, the BSDs and macOS alike.
    cfg!(unix) && text.contains(&std::io::Error::from_raw_os_error(28).to_string())
}

fn is_full(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// What is wrong with an index tantivy cannot open, in a few words (`its file
/// '….store' is missing`), for [`IndexError::CannotOpen`] and [`IndexError::Damaged`]:
/// tantivy's own messages print its internal structures (`IoError { io_error: Custom {
/// kind: InvalidData, … }`).
pub(crate) fn describe_damage(error: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError;
    let name = |path: &std::path::Path| {
        path.file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy()
            .into_owned()
    };
    match error {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            format!("its file '{}' is missing", name(file))
        }
        // tantivy reports a file whose footer or header does not check out as invalid data.
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if io_error.kind() == std::io::ErrorKind::InvalidData =>
        {
            format!("its file '{}' is corrupt", name(filepath))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("its file '{}' cannot be read: {io_error}", name(filepath))
        }
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(_)) => {
            "it was written by an incompatible version of tantivy".to_string()
        }
        TantivyError::DataCorruption(corruption)
            if format!("{corruption:?}").contains("meta.json") =>
        {
            "its meta.json is corrupt".to_string()
        }
        TantivyError::DataCorruption(_) => "a file is corrupt".to_string(),
        other => other.to_string().lines().next().unwrap_or("").to_string(),
    }
}

/// Why a query could not be run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryError {
    /// The query text does not follow the grammar.
    #[error("query syntax error at position {position}: {message}")]
    Syntax {
        /// 0-based character position in the query.
        position: usize,
        /// What the parser expected.
        message: String,
    },
    /// A `field:` prefix names no field.
    #[error("unknown field '{field}' in query: use one of {known}")]
    UnknownField {
        /// The field as typed.
        field: String,
        /// The searchable fields, comma-separated.
        known: String,
    },
    /// The query is valid but cannot be run (e.g. only negative terms).
    #[error("query cannot be run: {0}")]
    Unsupported(String),
    /// The query is empty, or has no word to search for (only punctuation).
    #[error("the query is empty: give at least one word to search for")]
    Empty,
    /// `word~N` asks for more edits than the fuzzy automata allow: silently searching with
    /// fewer would match other stories than the user asked for.
    #[error("fuzzy distance {distance} in '{word}' is too large: at most {max}")]
    FuzzyTooFar {
        /// The distance as typed (it may not fit any integer).
        distance: String,
        /// The fuzzy word as typed, with its field and `~N`.
        word: String,
        /// The largest distance allowed.
        max: u8,
    },
    /// A date range starts after it ends, so it could match nothing; worded like
    /// `--since` after `--until`.
    #[error("{range}: {start} is after {end}: swap them")]
    ReversedRange {
        /// The range as written (`published:[2025 TO 2024]`).
        range: String,
        /// The first day the start covers.
        start: crate::Date,
        /// The last day the end covers.
        end: crate::Date,
    },
    /// A date range whose excluded ends (`{` `}`) leave no day between them, so it could
    /// match nothing: `published:{2025 TO 2025}`.
    #[error("{range}: {}: use [ ] to include the ends", no_day_between(*.start, *.end))]
    EmptyRange {
        /// The range as written.
        range: String,
        /// Whether the start is excluded, and the day it is after (excluded) or from.
        start: (bool, crate::Date),
        /// Whether the end is excluded, and the day it is before (excluded) or to.
        end: (bool, crate::Date),
    },
    /// Parentheses (or `NOT`s) nest deeper than the parser may recurse.
    #[error("query nests deeper than {0} levels")]
    TooDeep(usize),
    /// The query text is longer than a query may be.
    #[error("query is longer than {0} characters")]
    TooLong(usize),
    /// tantivy failed while searching.
    #[error("search failed: {0}")]
    Search(String),
}

/// `no day is after 2025-12-31 and before 2025-01-01`, for [`QueryError::EmptyRange`].
fn no_day_between(start: (bool, crate::Date), end: (bool, crate::Date)) -> String {
    let (after, from) = start;
    let (before, to) = end;
    format!(
        "no day is {} {from} and {} {to}",
        if after { "after" } else { "from" },
        if before { "before" } else { "to" }
    )
}

/// Where in a judgments, topics or qrels file something was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
}

impl std::fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file.display()),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// Why relevance judgments could not be loaded or evaluated. Every message starts with the
/// file and line at fault.
#[derive(Debug, Error)]
pub enum JudgmentsError {
    /// The file could not be read.
    #[error("{}: cannot read it ({cause}): check the path", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The underlying error (part of the message, so not a `source`).
        cause: std::io::Error,
    },
    /// The file holds no judged query, so evaluating it would check nothing.
    #[error("{}: no judged query in it: {hint}", file.display())]
    NoQueries {
        /// The file that had none.
        file: PathBuf,
        /// What a judged query needs there.
        hint: String,
    },
    /// The file's extension names no format newsdex reads.
    #[error("{}: unknown judgments format: name it .toml or .json, or pass --topics with --qrels", .0.display())]
    UnknownFormat(PathBuf),
    /// The file does not follow its format.
    #[error("{at}: {message}")]
    Syntax {
        /// Where.
        at: SourceLocation,
        /// What is wrong, and how to fix it.
        message: String,
    },
    /// Two queries share an id.
    #[error("{at}: duplicate query id '{id}' (first used on line {first_line}): give every query its own id")]
    DuplicateQuery {
        /// Where the second one is.
        at: SourceLocation,
        /// The id.
        id: String,
        /// Line of the first one.
        first_line: usize,
    },
    /// A judgment names a story the index does not hold.
    #[error("{at}: unknown story id '{id}': ids are paths relative to the corpus root, as `newsdex query --format jsonl` prints them")]
    UnknownStory {
        /// Where.
        at: SourceLocation,
        /// The id as written.
        id: String,
    },
    /// A query's text could not be run.
    #[error("{at}: query '{id}': {cause}")]
    Query {
        /// Where the query is.
        at: SourceLocation,
        /// The query id.
        id: String,
        /// Why it failed (part of the message, so not a `source`).
        cause: QueryError,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_told_however_tantivy_hands_it_on() {
        let path = PathBuf::from("index");
        let io = |cause| IndexError::Io {
            action: "writing",
            path: path.clone(),
            cause,
        };
        let tantivy = |cause| IndexError::Tantivy {
            path: path.clone(),
            cause,
        };
        let full = || std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(io(full()).is_disk_full());
        assert!(tantivy(tantivy::TantivyError::from(full())).is_disk_full());
        // As a writer thread passes it on.
        let text = format!("{}", std::io::Error::from_raw_os_error(28));
        assert!(tantivy(tantivy::TantivyError::InternalError(text)).is_disk_full());
        assert!(!io(std::io::Error::from(std::io::ErrorKind::PermissionDenied)).is_disk_full());
        assert!(!tantivy(tantivy::TantivyError::InternalError("boom".into())).is_disk_full());
        assert!(!IndexError::Locked(path.clone()).is_disk_full());
    }
}
