//! `newsdex query`: query text -> ranked stories on stdout; notes (fallback, suggestions,
//! nothing found) on stderr.

use std::io::Write;

use anyhow::Result;
use newsdex::render::{self, Format};
use newsdex::search::{Filters, Period, Sort};
use newsdex::{NewsIndex, SearchRequest};

use super::Settings;
use crate::cli::{QueryArgs, QueryFormat, SortOrder, TimelineBy};
use crate::exit_codes::ExitStatus;

pub fn run(args: &QueryArgs, settings: &Settings) -> Result<ExitStatus> {
    let index = NewsIndex::open(&settings.index)?;
    let format = if args.files_with_matches {
        Format::Paths
    } else {
        match args.format {
            QueryFormat::Text => Format::Text,
            QueryFormat::Json => Format::Json,
            QueryFormat::Jsonl => Format::Jsonl,
            QueryFormat::Trec => Format::Trec,
            QueryFormat::Tsv => Format::Tsv,
            QueryFormat::Paths => Format::Paths,
        }
    };
    // Formats without passages skip the work of choosing them.
    let shows_passages = matches!(format, Format::Text | Format::Json | Format::Jsonl);
    let request = SearchRequest {
        query: args.query.join(" "),
        limit: args.limit.get(),
        offset: args.offset,
        match_all: !args.any,
        snippet_chars: if shows_passages {
            args.snippet_chars.get()
        } else {
            0
        },
        fallback: true,
        filters: Filters {
            since: args.since.map(|s| s.first),
            until: args.until.map(|s| s.last),
            locations: args.location.clone(),
            agencies: args.agency.clone(),
            categories: args.category.clone(),
            speakers: args.speaker.clone(),
        },
        sort: match args.sort {
            SortOrder::Relevance => Sort::Relevance,
            SortOrder::Newest => Sort::Newest,
            SortOrder::Oldest => Sort::Oldest,
        },
        snippets: if shows_passages { args.snippets } else { 0 },
        facets: args.facets,
        explain: args.explain,
        suggest: true,
    };
    let results = index.search(&request)?;
    let timeline = match args.timeline {
        Some(by) => Some(index.timeline(&request, period(by))?),
        None => None,
    };
    let mut out = settings.stdout();
    match (&timeline, format) {
        (Some(timeline), Format::Json) => {
            render::json::search_results_with_timeline(&mut out, &results, Some(timeline))?
        }
        (Some(timeline), Format::Text) => {
            render::search_results(&mut out, &results, format)?;
            writeln!(out)?;
            render::timeline::chart(&mut out, timeline)?;
        }
        _ => render::search_results(&mut out, &results, format)?,
    }
    out.flush()?;
    let mut err = std::io::stderr().lock();
    render::text::search_notes(&mut err, &results)?;
    if results.total_hits == 0 {
        writeln!(err, "newsdex: no story matches '{}'", request.query)?;
        return Ok(ExitStatus::NothingFound);
    }
    Ok(ExitStatus::Success)
}

fn period(by: TimelineBy) -> Period {
    match by {
        TimelineBy::Day => Period::Day,
        TimelineBy::Week => Period::Week,
        TimelineBy::Month => Period::Month,
        TimelineBy::Year => Period::Year,
    }
}
