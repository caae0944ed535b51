//! `newsdex index`: corpus folder -> index, with progress on a terminal and a summary of
//! what happened.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use newsdex::corpus::{SkipReason, WalkOptions};
use newsdex::indexer::{self, IndexOptions, Observer};
use newsdex::render::{self, sanitize};
use newsdex::ParseOptions;

use super::Settings;
use crate::cli::{IndexArgs, IndexFormat};
use crate::exit_codes::ExitStatus;

/// Corpus indexed when neither the command line nor the index names one.
const DEFAULT_CORPUS_DIR: &str = "corpus";

/// Test-only switch: milliseconds to pause after each file, so the kill and lock tests can
/// interrupt a run that is surely still going.
const THROTTLE_ENV: &str = "NEWSDEX_TEST_THROTTLE_MS";

/// Test-only switch: `walk:N` makes the walk's thread, `plan:N` the thread comparing the
/// walk with the index, panic after N entries, so tests can check that a run cut short
/// that way fails and removes nothing; `parse:NAME` makes parsing a file named NAME panic
/// ([`test_panic_on`]); `commit:N` makes the run panic once the words file of its Nth
/// commit is written, before tantivy commits.
const PANIC_ENV: &str = "NEWSDEX_TEST_PANIC";

/// What [`PANIC_ENV`] says after `stage:`, when it names `stage`.
fn test_panic_value(stage: &str) -> Option<String> {
    let value = std::env::var(PANIC_ENV).ok()?;
    let (named, rest) = value.split_once(':')?;
    (named == stage).then(|| rest.to_string())
}

/// The thread [`PANIC_ENV`] names (`walk` or `plan`), and after how many entries.
fn test_panic(thread: &str) -> Option<usize> {
    test_panic_value(thread)?.parse().ok()
}

/// The file name whose parsing [`PANIC_ENV`] (`parse:NAME`) makes panic, so tests can check
/// that a bug met on one file costs that file only.
pub(super) fn test_panic_on() -> Option<String> {
    test_panic_value("parse")
}

pub fn run(args: &IndexArgs, settings: &Settings) -> Result<ExitStatus> {
    let corpus = args
        .corpus
        .clone()
        .or_else(|| remembered_corpus(&settings.index))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS_DIR));
    let options = IndexOptions {
        parse: ParseOptions {
            default_year: args.year,
            panic_on: test_panic_on(),
        },
        walk: WalkOptions {
            hidden: args.hidden,
            follow: args.follow,
            max_file_size: args.max_file_size,
            skip: None,
            panic_after: test_panic("walk"),
        },
        rebuild: args.rebuild,
        threads: args.threads.map(|n| n.get()),
        memory: usize::try_from(args.memory)
            .unwrap_or(usize::MAX / (1 << 20))
            .saturating_mul(1 << 20),
        commit_every: args.commit_every.get(),
        throttle: std::env::var(THROTTLE_ENV)
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map(Duration::from_millis),
        plan_panic_after: test_panic("plan"),
        commit_panic_after: test_panic("commit"),
    };
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let mut reporter = Reporter::new(args.verbose, args.quiet, show_progress);
    let summary = indexer::run(&corpus, &settings.index, &options, &mut reporter);
    reporter.finish();
    let summary = summary?;
    match args.format {
        IndexFormat::Json => {
            let mut out = std::io::stdout().lock();
            render::summary::json(&mut out, &summary)?;
            out.flush()?;
        }
        IndexFormat::Text if !args.quiet => {
            render::summary::text(&mut std::io::stderr().lock(), &summary)?;
        }
        IndexFormat::Text => {}
    }
    Ok(if summary.failures.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

/// The corpus folder an existing index was built from, so `newsdex index` alone updates it.
fn remembered_corpus(index: &Path) -> Option<PathBuf> {
    // Opening creates an index; only look into one that exists, so a failed run (no
    // corpus) leaves no empty index folder behind.
    if !index.join("meta.json").is_file() {
        return None;
    }
    let store = indexer::store::Store::open(index, false).ok()?;
    // Even when it is gone (moved, unmounted): the error then names it, not ./corpus.
    store.meta.map(|meta| meta.corpus)
}

/// `2,083 files/s`: a whole number, for a person glancing at the bar.
fn files_per_second(rate: f64) -> String {
    let whole = if rate.is_finite() && rate > 0.0 {
        rate.round() as u64
    } else {
        0
    };
    format!("{} files/s", render::thousands(whole))
}

/// `1 story`, `12,408 stories`.
fn stories_done(n: usize) -> String {
    let noun = if n == 1 { "story" } else { "stories" };
    format!("{} {noun}", render::thousands(n as u64))
}

/// Reports skipped files and leftovers of interrupted rebuilds on stderr and, on a
/// terminal, draws a progress bar there.
struct Reporter {
    verbose: bool,
    quiet: bool,
    bar: Option<ProgressBar>,
    stories: usize,
}

impl Reporter {
    fn new(verbose: bool, quiet: bool, show_progress: bool) -> Reporter {
        let bar =
            show_progress.then(|| {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {bar:30} {human_pos}/{human_len} files, {msg}, {rate}, ETA {eta}",
                )
                .map(|style| {
                    style.with_key("rate", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&files_per_second(state.per_sec()));
                    })
                })
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
                bar.enable_steady_tick(Duration::from_millis(120));
                bar.set_message(stories_done(0));
                bar
            });
        Reporter {
            verbose,
            quiet,
            bar,
            stories: 0,
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn line(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }
}

impl Observer for Reporter {
    fn planned(&mut self, files: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(files as u64);
        }
    }

    fn file_done(&mut self, stories: usize) {
        self.stories += stories;
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(stories_done(self.stories));
        }
    }

    fn skipped(&mut self, path: &Path, reason: &SkipReason) {
        if reason.is_failure() || self.verbose {
            let line = format!("newsdex: skipped {}: {reason}", path.display());
            self.line(sanitize::for_terminal(&line).into_owned());
        }
    }

    fn leftover(&mut self, what: &indexer::rebuild::Leftover) {
        if !self.quiet {
            self.line(sanitize::for_terminal(&format!("newsdex: {what}")).into_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_bar_shows_whole_numbers() {
        assert_eq!(files_per_second(2083.4567), "2,083 files/s");
        assert_eq!(files_per_second(f64::NAN), "0 files/s");
        assert_eq!(stories_done(1), "1 story");
        assert_eq!(stories_done(12_408), "12,408 stories");
    }
}
