//! `newsdex query`: query text -> ranked stories on stdout; notes (plain-text search,
//! fallback, suggestions, undated matches, nothing found) on stderr.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};
use newsdex::render::{self, Format};
use newsdex::search::{Filters, Period, SearchResults, Sort};
use newsdex::{NewsIndex, SearchRequest};

use super::Settings;
use crate::cli::{QueryArgs, QueryFormat, SortOrder, TimelineBy};
use crate::exit_codes::ExitStatus;

/// Stories text and JSON show when `-n` is not given.
const DEFAULT_LIMIT: usize = 10;

pub fn run(args: &QueryArgs, settings: &Settings) -> Result<ExitStatus> {
    let format = match format_of(args) {
        // `-l | xargs` must get the files' own names.
        Format::Paths if !settings.tty => Format::PathsExact,
        format => format,
    };
    check_options(args, format)?;
    // Never dropped: the process ends after this command, and unmapping the index's files
    // one by one (rather than with the whole process) costs about 5% of a query.
    let index = std::mem::ManuallyDrop::new(NewsIndex::open(&settings.index)?);
    let limit = match args.limit {
        Some(n) => n,
        None if format.is_for_scripts() => usize::MAX,
        None => DEFAULT_LIMIT,
    };
    // The any-word fallback is for a person reading; a script gets exactly what it asked.
    let fallback = !args.no_fallback && (args.fallback || (format == Format::Text && settings.tty));
    // Formats without passages skip the work of choosing them.
    let shows_passages = format.shows_passages();
    let request = SearchRequest {
        query: args.query.join(" "),
        limit,
        offset: args.offset,
        match_all: !args.any,
        snippet_chars: if shows_passages {
            args.snippet_chars.get()
        } else {
            0
        },
        fallback,
        filters: Filters {
            since: args.since.map(|s| s.first),
            until: args.until.map(|s| s.last),
            locations: args.location.clone(),
            agencies: args.agency.clone(),
            categories: args.category.clone(),
            speakers: args.speaker.clone(),
            tags: args.tag.clone(),
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
        expand: args.expand,
        rank: Default::default(),
    };
    let mut results = index.search(&request)?;
    let cwd = std::env::current_dir().ok();
    for hit in &mut results.hits {
        hit.path = openable_from(&hit.path, cwd.as_deref());
    }
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
    if index.first_run_pending() {
        writeln!(
            err,
            "newsdex: index '{}' is still being built: its first `newsdex index` run has not committed yet",
            settings.index.display()
        )?;
    }
    render::text::search_notes(&mut err, &results)?;
    if let Some(coverage) = results.undated {
        writeln!(err, "newsdex: {}", undated_note(args, coverage))?;
    }
    if results.total_hits == 0 {
        writeln!(err, "newsdex: {}", nothing_found(args, &request, &results))?;
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

fn format_of(args: &QueryArgs) -> Format {
    if args.files_with_matches {
        return Format::Paths;
    }
    match args.format {
        QueryFormat::Text => Format::Text,
        QueryFormat::Json => Format::Json,
        QueryFormat::Jsonl => Format::Jsonl,
        QueryFormat::Trec => Format::Trec,
        QueryFormat::Tsv if args.header => Format::TsvWithHeader,
        QueryFormat::Tsv => Format::Tsv,
        QueryFormat::Csv => Format::Csv,
        QueryFormat::Paths => Format::Paths,
    }
}

/// Options the chosen format cannot show are an error, not silently dropped.
fn check_options(args: &QueryArgs, format: Format) -> Result<()> {
    let name = if args.files_with_matches {
        "-l".to_string()
    } else {
        format!("--format {}", format_name(args.format))
    };
    if args.explain && !format.shows_explanation() {
        bail!("--explain cannot be shown with {name}: use --format text, json or jsonl");
    }
    if args.facets && !format.shows_facets() {
        bail!("--facets cannot be shown with {name}: use --format text or json");
    }
    if args.timeline.is_some() && !matches!(format, Format::Text | Format::Json) {
        bail!("--timeline cannot be shown with {name}: use --format text or json");
    }
    if args.header && !matches!(format, Format::Tsv | Format::TsvWithHeader) {
        bail!("--header goes with --format tsv (csv always has a header row)");
    }
    // `--location "$PLACE"` with an empty variable would match no story and exit 1, as if
    // nothing had been found.
    for (flag, values, what) in [
        ("--location", &args.location, "a place"),
        ("--agency", &args.agency, "an agency"),
        ("--category", &args.category, "a category"),
        ("--speaker", &args.speaker, "a name"),
        ("--tag", &args.tag, "a tag"),
    ] {
        if values.iter().any(|value| value.trim().is_empty()) {
            bail!("{flag} is empty: give {what}, or leave the option out");
        }
    }
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since.first > until.last {
            bail!(
                "--since {} is after --until {}: swap them",
                since.first,
                until.last
            );
        }
    }
    Ok(())
}

fn format_name(format: QueryFormat) -> &'static str {
    match format {
        QueryFormat::Text => "text",
        QueryFormat::Json => "json",
        QueryFormat::Jsonl => "jsonl",
        QueryFormat::Trec => "trec",
        QueryFormat::Tsv => "tsv",
        QueryFormat::Csv => "csv",
        QueryFormat::Paths => "paths",
    }
}

/// `path` as the current directory can open it: relative when it lies beneath `cwd`,
/// else as given (absolute).
fn openable_from(path: &str, cwd: Option<&Path>) -> String {
    let full = Path::new(path);
    match cwd.and_then(|cwd| full.strip_prefix(cwd).ok()) {
        Some(relative) if !relative.as_os_str().is_empty() => {
            relative.to_string_lossy().into_owned()
        }
        _ => path.to_string(),
    }
}

/// `no story matches 'said' with --location alexandria (1,204 match without filters)`.
fn nothing_found(args: &QueryArgs, request: &SearchRequest, results: &SearchResults) -> String {
    let query = &request.query;
    let Some(unfiltered) = results.unfiltered_total else {
        return format!("no story matches '{query}'");
    };
    let filters = filter_words(args).join(" ");
    if unfiltered == 0 {
        return format!("no story matches '{query}', even without {filters}");
    }
    let verb = if unfiltered == 1 { "matches" } else { "match" };
    format!(
        "no story matches '{query}' with {filters} ({} {verb} without filters)",
        render::thousands(unfiltered as u64)
    )
}

/// The filters given, as typed: `--location alexandria --since 1987-03-01`.
fn filter_words(args: &QueryArgs) -> Vec<String> {
    let quoted = |v: &str| {
        if v.contains(char::is_whitespace) {
            format!("'{v}'")
        } else {
            v.to_string()
        }
    };
    let mut words = Vec::new();
    if let Some(since) = args.since {
        words.push(format!("--since {}", since.first));
    }
    if let Some(until) = args.until {
        words.push(format!("--until {}", until.last));
    }
    let lists: [(&str, &Vec<String>); 5] = [
        ("--location", &args.location),
        ("--agency", &args.agency),
        ("--category", &args.category),
        ("--speaker", &args.speaker),
        ("--tag", &args.tag),
    ];
    for (flag, values) in lists {
        for value in values {
            words.push(format!("{flag} {}", quoted(value)));
        }
    }
    words
}

/// `812 of 1,000 matching stories have no date: --since leaves them out`.
fn undated_note(args: &QueryArgs, coverage: newsdex::search::DateCoverage) -> String {
    let what = match (args.since.is_some() || args.until.is_some(), args.sort) {
        (true, _) => "date filters leave them out",
        (false, SortOrder::Newest | SortOrder::Oldest) => "they are listed last",
        (false, SortOrder::Relevance) => "they are left out",
    };
    format!(
        "{} of {} matching stories have no date: {what}",
        render::thousands(coverage.undated as u64),
        render::thousands(coverage.matching as u64)
    )
}
