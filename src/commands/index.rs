//! `newsdex index`: corpus folder -> index, with a summary of what happened.

use std::io::Write;

use anyhow::Result;
use newsdex::indexer;
use newsdex::render;
use newsdex::ParseOptions;

use super::Settings;
use crate::cli::IndexArgs;
use crate::exit_codes::ExitStatus;

pub fn run(args: &IndexArgs, settings: &Settings) -> Result<ExitStatus> {
    let options = ParseOptions {
        default_year: args.year,
    };
    let summary = indexer::build(&args.corpus, &settings.index, &options, |path, reason| {
        if reason.is_failure() || args.verbose {
            eprintln!("newsdex: skipped {}: {reason}", path.display());
        }
    })?;
    if !args.quiet {
        let mut out = settings.stdout();
        render::text::index_summary(&mut out, &summary, &args.corpus, &settings.index)?;
        out.flush()?;
    }
    Ok(if summary.failures.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}
