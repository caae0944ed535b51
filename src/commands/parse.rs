//! `newsdex parse`: story files or folders -> JSON articles (lines, or one array).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use newsdex::corpus::{self, Entry, SkipReason};
use newsdex::panics;
use newsdex::render::article::{ArticleFormat, ArticlePrinter};
use newsdex::render::sanitize;
use newsdex::{Article, ParseOptions};

use super::Settings;
use crate::cli::{ParseArgs, ParseFormat};
use crate::exit_codes::ExitStatus;

/// The file argument that means standard input.
const STDIN: &str = "-";

/// Folder a file argument's id is taken relative to when it lies inside it.
const DEFAULT_CORPUS_DIR: &str = "corpus";

pub fn run(args: &ParseArgs, settings: &Settings) -> Result<ExitStatus> {
    let options = ParseOptions {
        default_year: args.year,
        panic_on: super::index::test_panic_on(),
    };
    let format = match args.format {
        ParseFormat::Jsonl => ArticleFormat::Jsonl,
        ParseFormat::Json => ArticleFormat::Json,
    };
    let mut out = ArticlePrinter::new(settings.stdout(), format);
    let mut failed = false;
    for target in &args.files {
        if target.as_os_str() == STDIN {
            // As grep and jq read `-`: one story piped in, its format told by its content.
            let root = args.root.clone().unwrap_or_default();
            let text = corpus::read_stream_up_to(std::io::stdin().lock(), args.max_file_size)
                .map_err(|r| r.to_string());
            failed |= !emit(&mut out, &root, target, text, &options)?;
        } else if target.is_dir() {
            let root = args.root.clone().unwrap_or_else(|| target.clone());
            for entry in corpus::scan_up_to(target, args.max_file_size)? {
                match entry {
                    Entry::Story(source) => {
                        failed |= !emit(&mut out, &root, &source.path, Ok(source.text), &options)?;
                    }
                    Entry::Skipped { path, reason } if reason.is_failure() => {
                        warn(&format!("{}: {reason}", path.display()));
                        failed = true;
                    }
                    Entry::Skipped { .. } => {}
                }
            }
        } else if target.exists() {
            let root = args.root.clone().unwrap_or_else(|| root_for_file(target));
            let text = corpus::read_text_up_to(target, args.max_file_size)
                .map_err(|reason| reason.to_string());
            failed |= !emit(&mut out, &root, target, text, &options)?;
        } else {
            warn(&format!("{}: no such file or folder", target.display()));
            failed = true;
        }
    }
    out.finish()?;
    Ok(if failed {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

/// Parses one source file and prints its stories; reports each story that could not be
/// read on stderr and returns `false` if there was one.
fn emit<W: Write>(
    out: &mut ArticlePrinter<W>,
    root: &Path,
    path: &Path,
    text: Result<String, String>,
    options: &ParseOptions,
) -> Result<bool> {
    let text = match text {
        Ok(text) => text,
        Err(reason) => {
            warn(&format!("{}: {reason}", path.display()));
            return Ok(false);
        }
    };
    let id = corpus::story_id(root, path);
    let shown = corpus::display_path(path).to_string_lossy().into_owned();
    // A bug in newsdex met on this file costs this file's line only, like a bad file.
    let parsed = match panics::catch(|| Article::parse_source_all(&id, &text, options)) {
        Ok(parsed) => parsed,
        Err(panic) => {
            let reason = SkipReason::ParserFailed { panic, kept: false };
            warn(&format!("{shown}: {reason}"));
            return Ok(false);
        }
    };
    for mut article in parsed.articles {
        article.path.clone_from(&shown);
        out.article(&article)?;
    }
    for rejected in &parsed.rejected {
        let suffix = rejected.id.strip_prefix(id.as_str()).unwrap_or("");
        warn(&format!("{shown}{suffix}: {}", rejected.error));
    }
    Ok(parsed.rejected.is_empty())
}

/// One warning line on stderr; file names come from the disk and may hold control characters.
fn warn(text: &str) {
    eprintln!("newsdex: {}", sanitize::for_terminal(text));
}

/// `./corpus` when the file lies inside it, else the file's own folder.
fn root_for_file(file: &Path) -> PathBuf {
    let corpus_dir = Path::new(DEFAULT_CORPUS_DIR);
    let tidy = corpus::display_path(file);
    if tidy.starts_with(corpus_dir) {
        return corpus_dir.to_path_buf();
    }
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}
