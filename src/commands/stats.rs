//! `newsdex stats`: what the index holds, on stdout.

use std::io::Write;

use anyhow::Result;
use newsdex::render;
use newsdex::NewsIndex;

use super::Settings;
use crate::cli::{StatsArgs, StatsFormat};
use crate::exit_codes::ExitStatus;

pub fn run(args: &StatsArgs, settings: &Settings) -> Result<ExitStatus> {
    let index = NewsIndex::open(&settings.index)?;
    let stats = index.stats()?;
    let mut out = settings.stdout();
    match args.format {
        StatsFormat::Text => render::text::index_stats(&mut out, &stats)?,
        StatsFormat::Json => render::json::value_line(&mut out, &stats)?,
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}
