//! `newsdex query`: query text -> ranked stories on stdout.

use std::io::Write;

use anyhow::Result;
use newsdex::render::{self, Format};
use newsdex::{NewsIndex, SearchRequest};

use super::Settings;
use crate::cli::{QueryArgs, QueryFormat};
use crate::exit_codes::ExitStatus;

pub fn run(args: &QueryArgs, settings: &Settings) -> Result<ExitStatus> {
    let index = NewsIndex::open(&settings.index)?;
    let request = SearchRequest {
        query: args.query.join(" "),
        limit: args.limit.get(),
        offset: args.offset,
        match_all: !args.any,
        snippet_chars: args.snippet_chars.get(),
    };
    let results = index.search(&request)?;
    let format = match args.format {
        QueryFormat::Text => Format::Text,
        QueryFormat::Json => Format::Json,
        QueryFormat::Jsonl => Format::Jsonl,
        QueryFormat::Trec => Format::Trec,
    };
    let mut out = settings.stdout();
    render::search_results(&mut out, &results, format)?;
    out.flush()?;
    if results.total_hits == 0 {
        eprintln!("newsdex: no story matches '{}'", request.query);
        return Ok(ExitStatus::NothingFound);
    }
    Ok(ExitStatus::Success)
}
