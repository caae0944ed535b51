//! `newsdex parse`: story files or folders -> one JSON article per line.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use newsdex::corpus::{self, Entry};
use newsdex::render;
use newsdex::{Article, ParseOptions};

use super::Settings;
use crate::cli::ParseArgs;
use crate::exit_codes::ExitStatus;

/// Folder a file argument's id is taken relative to when it lies inside it.
const DEFAULT_CORPUS_DIR: &str = "corpus";

pub fn run(args: &ParseArgs, settings: &Settings) -> Result<ExitStatus> {
    let options = ParseOptions {
        default_year: args.year,
    };
    let mut out = settings.stdout();
    let mut failed = false;
    for target in &args.files {
        if target.is_dir() {
            let root = args.root.clone().unwrap_or_else(|| target.clone());
            for entry in corpus::scan(target)? {
                match entry {
                    Entry::Story(source) => {
                        failed |= !emit(&mut out, &root, &source.path, Ok(source.text), &options)?;
                    }
                    Entry::Skipped { path, reason } if reason.is_failure() => {
                        eprintln!("newsdex: {}: {reason}", path.display());
                        failed = true;
                    }
                    Entry::Skipped { .. } => {}
                }
            }
        } else if target.exists() {
            let root = args.root.clone().unwrap_or_else(|| root_for_file(target));
            let text = corpus::read_text(target).map_err(|reason| reason.to_string());
            failed |= !emit(&mut out, &root, target, text, &options)?;
        } else {
            eprintln!("newsdex: {}: no such file or folder", target.display());
            failed = true;
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

/// Parses one story and prints it; reports a failure on stderr and returns `false`.
fn emit(
    out: &mut dyn Write,
    root: &Path,
    path: &Path,
    text: Result<String, String>,
    options: &ParseOptions,
) -> Result<bool> {
    let id = corpus::story_id(root, path);
    let parsed =
        text.and_then(|text| Article::parse_source(&id, &text, options).map_err(|e| e.to_string()));
    match parsed {
        Ok(articles) => {
            let shown = corpus::display_path(path).to_string_lossy().into_owned();
            for mut article in articles {
                article.path.clone_from(&shown);
                render::json::article_line(out, &article)?;
            }
            Ok(true)
        }
        Err(reason) => {
            eprintln!("newsdex: {}: {reason}", path.display());
            Ok(false)
        }
    }
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
