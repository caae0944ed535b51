//! Text printers for people: aligned in 80 columns, highlights in color when the writer
//! supports it, and still readable with color off.

use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use termcolor::{Color, ColorSpec, WriteColor};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::sanitize::for_terminal;
use crate::search::{FacetCount, Facets, Hit, IndexStats, SearchResults};

/// Line width text output wraps to when it is not told otherwise (not a terminal).
pub const WIDTH: usize = 80;

/// The width [`set_width`] chose, in display columns.
static CURRENT_WIDTH: AtomicUsize = AtomicUsize::new(WIDTH);

/// Sets the width text output wraps to (the terminal's), in display columns; at least 40.
pub fn set_width(columns: usize) {
    CURRENT_WIDTH.store(columns.max(40), Ordering::Relaxed);
}

/// The width text output wraps to, in display columns.
pub fn width() -> usize {
    CURRENT_WIDTH.load(Ordering::Relaxed)
}

/// Display columns `text` takes: CJK and other wide characters count two.
fn columns(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn headline_spec() -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_bold(true);
    spec
}

fn match_spec() -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_fg(Some(Color::Red)).set_bold(true);
    spec
}

fn meta_spec() -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_fg(Some(Color::Cyan));
    spec
}

/// Ranked hits, then a one-line count.
pub fn search_results(out: &mut dyn WriteColor, results: &SearchResults) -> io::Result<()> {
    let rank_width = results.hits.last().map_or(1, |h| h.rank.to_string().len());
    for (i, hit) in results.hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_hit(out, hit, rank_width)?;
    }
    if let (Some(first), Some(last)) = (results.hits.first(), results.hits.last()) {
        writeln!(out)?;
        let noun = if results.total_hits == 1 {
            "story"
        } else {
            "stories"
        };
        writeln!(
            out,
            "{}-{} of {} matching {noun}",
            first.rank, last.rank, results.total_hits
        )?;
    } else if results.total_hits > 0 {
        // `-n 0`, or an offset past the end: the count alone.
        let noun = if results.total_hits == 1 {
            "story"
        } else {
            "stories"
        };
        writeln!(out, "{} matching {noun}", results.total_hits)?;
    }
    if let Some(facets) = &results.facets {
        if !results.hits.is_empty() {
            writeln!(out)?;
        }
        write_facets(out, facets)?;
    }
    Ok(())
}

/// Facet lists, one block per facet: `location  WASHINGTON 4 · LONDON 3 · …`, wrapped.
fn write_facets(out: &mut dyn WriteColor, facets: &Facets) -> io::Result<()> {
    let lists: [(&str, &Vec<FacetCount>); 5] = [
        ("location", &facets.location),
        ("agency", &facets.agency),
        ("category", &facets.category),
        ("speaker", &facets.speaker),
        ("tags", &facets.tags),
    ];
    let indent = 10;
    for (name, list) in lists {
        // Only Markdown and JSON stories carry tags: no line for a corpus without any.
        if name == "tags" && list.is_empty() {
            continue;
        }
        out.set_color(&meta_spec())?;
        write!(out, "{name:<indent$}")?;
        out.reset()?;
        if list.is_empty() {
            writeln!(out, "-")?;
            continue;
        }
        let items: Vec<String> = list
            .iter()
            .map(|c| format!("{} {}", c.value, c.count))
            .collect();
        write_items(out, &items, indent, true, &ColorSpec::new())?;
    }
    Ok(())
}

/// Words offered as alternatives, quoted: `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn alternatives(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("\"{}\"", for_terminal(w)))
        .collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// Notes for stderr: the any-word fallback and "did you mean" suggestions.
pub fn search_notes(out: &mut dyn io::Write, results: &SearchResults) -> io::Result<()> {
    if let Some(reason) = &results.plain_text {
        writeln!(
            out,
            "newsdex: searched as plain text: {}",
            for_terminal(reason)
        )?;
    }
    if results.fell_back {
        writeln!(
            out,
            "newsdex: no story has every word; showing stories with any of them"
        )?;
    }
    for suggestion in &results.suggestions {
        let word = for_terminal(&suggestion.word);
        if suggestion.did_you_mean.is_empty() {
            if results.total_hits == 0 {
                continue; // "no story matches" says it all
            }
            writeln!(out, "newsdex: no story has \"{word}\"")?;
        } else {
            writeln!(
                out,
                "newsdex: no story has \"{word}\"; did you mean {}?",
                alternatives(&suggestion.did_you_mean)
            )?;
        }
    }
    // One correction for a query of several words (one word's line already says it).
    if let Some(correction) = &results.correction {
        if correction.split_whitespace().count() > 1 {
            writeln!(
                out,
                "newsdex: did you mean \"{}\"?",
                for_terminal(correction)
            )?;
        }
    }
    if !results.expanded.is_empty() {
        writeln!(
            out,
            "newsdex: expanded with {}",
            for_terminal(&results.expanded.join(" "))
        )?;
    }
    Ok(())
}

/// `query --format tsv`: `rank, score, id, published, location, agency, title` per line,
/// tabs and newlines inside values turned to spaces, empty when unknown.
pub fn search_results_tsv(
    out: &mut dyn WriteColor,
    results: &SearchResults,
    header: bool,
) -> io::Result<()> {
    let clean = |s: &str| for_terminal(s).replace('\t', " ");
    if header {
        writeln!(out, "rank\tscore\tid\tpublished\tlocation\tagency\ttitle")?;
    }
    for hit in &results.hits {
        let published = hit.published.map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{}\t{:.4}\t{}\t{}\t{}\t{}\t{}",
            hit.rank,
            hit.score,
            clean(&hit.id),
            published,
            clean(hit.location.as_deref().unwrap_or("")),
            clean(hit.agency.as_deref().unwrap_or("")),
            clean(&hit.display_title),
        )?;
    }
    Ok(())
}

/// `query --format csv`: a header row, then `rank, score, id, path, published, location,
/// agency, title` per hit, quoted as RFC 4180 asks (fields with commas, quotes or line
/// breaks in double quotes, quotes doubled).
pub fn search_results_csv(out: &mut dyn WriteColor, results: &SearchResults) -> io::Result<()> {
    fn field(value: &str) -> String {
        let value = for_terminal(value);
        if value.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.into_owned()
        }
    }
    writeln!(out, "rank,score,id,path,published,location,agency,title")?;
    for hit in &results.hits {
        let published = hit.published.map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{},{:.4},{},{},{},{},{},{}",
            hit.rank,
            hit.score,
            field(&hit.id),
            field(&hit.path),
            published,
            field(hit.location.as_deref().unwrap_or("")),
            field(hit.agency.as_deref().unwrap_or("")),
            field(&hit.display_title),
        )?;
    }
    Ok(())
}

/// `query --format paths` / `-l`: one openable path per line; `exact` for a pipe, else with
/// control characters made visible for a terminal ([`Format::PathsExact`]).
///
/// [`Format::PathsExact`]: super::Format::PathsExact
pub fn search_results_paths(
    out: &mut dyn WriteColor,
    results: &SearchResults,
    exact: bool,
) -> io::Result<()> {
    for hit in &results.hits {
        if exact {
            writeln!(out, "{}", hit.path)?;
        } else {
            writeln!(out, "{}", for_terminal(&hit.path))?;
        }
    }
    Ok(())
}

/// `newsdex stats`: one aligned line per figure, then the top values.
pub fn index_stats(out: &mut dyn WriteColor, stats: &IndexStats) -> io::Result<()> {
    let dates = match (stats.first_published, stats.last_published) {
        (Some(first), Some(last)) => format!(
            "{first} to {last} ({} of {} stories dated, {})",
            stats.dated_stories,
            stats.stories,
            percent(stats.dated_stories, stats.stories)
        ),
        _ => "none (no story has a full date)".to_string(),
    };
    let rows = [
        ("index", stats.index.clone()),
        (
            "corpus",
            stats.corpus.clone().unwrap_or_else(|| "unknown".into()),
        ),
        ("stories", stats.stories.to_string()),
        ("size", human_size(stats.size_bytes)),
        ("segments", stats.segments.to_string()),
        ("published", dates),
        ("dated by", date_sources(stats)),
        (
            "updated",
            stats.updated.clone().unwrap_or_else(|| "unknown".into()),
        ),
        ("fields", stats.fields.join(", ")),
    ];
    let indent = 10;
    for (label, value) in rows {
        out.set_color(&meta_spec())?;
        write!(out, "{label:<indent$}")?;
        out.reset()?;
        write_wrapped(out, &value, &[], indent, true, &ColorSpec::new())?;
    }
    writeln!(out)?;
    writeln!(out, "top values over all stories:")?;
    write_facets(out, &stats.top)
}

/// `dateline 10 · path 2`: how many stories took their date from each source.
fn date_sources(stats: &IndexStats) -> String {
    let Some(sources) = &stats.published_from else {
        return "unknown (index built before newsdex recorded it: rebuild to see)".into();
    };
    let counts: Vec<String> = sources
        .counts()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(source, n)| format!("{source} {n}"))
        .collect();
    if counts.is_empty() {
        "none".into()
    } else {
        counts.join(" · ")
    }
}

/// `25%`, `0.4%`: a share of stories, whole when it is 1% or more.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    let share = part as f64 * 100.0 / whole as f64;
    if share >= 1.0 || share == 0.0 {
        format!("{}%", share.round())
    } else {
        format!("{share:.1}%")
    }
}

/// `1.2 MB`, `950 KB`, `512 B` (powers of 1024).
fn human_size(bytes: u64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

fn write_hit(out: &mut dyn WriteColor, hit: &Hit, rank_width: usize) -> io::Result<()> {
    let indent = rank_width + 2;
    write!(out, "{:>rank_width$}. ", hit.rank)?;
    write_wrapped(
        out,
        &hit.display_title,
        &hit.title_highlights,
        indent,
        true,
        &headline_spec(),
    )?;

    let mut meta: Vec<String> = Vec::new();
    meta.extend(hit.location.clone());
    match (&hit.published, &hit.date) {
        (Some(published), _) => meta.push(published.to_string()),
        (None, Some(date)) => meta.push(date.clone()),
        (None, None) => {}
    }
    meta.extend(hit.agency.clone());
    meta.push(hit.path.clone());
    meta.push(format!("score {:.2}", hit.score));
    write_items(out, &meta, indent, false, &meta_spec())?;

    let passages = if hit.snippets.is_empty() && !hit.snippet.text.is_empty() {
        std::slice::from_ref(&hit.snippet)
    } else {
        hit.snippets.as_slice()
    };
    for snippet in passages {
        write_wrapped(
            out,
            &snippet.text,
            &snippet.highlights,
            indent,
            false,
            &ColorSpec::new(),
        )?;
    }
    if let Some(parts) = &hit.explanation {
        for part in parts {
            let line = format!("{:>7.3}  {}", part.score, part.clause);
            write_wrapped(out, &line, &[], indent, false, &meta_spec())?;
        }
    }
    Ok(())
}

/// Writes `items` joined by ` · `, breaking lines only between items (so a name, a path
/// or `score 3.88` never splits), every line but the first indented by `indent` (the first
/// too unless `first_line_started`).
fn write_items(
    out: &mut dyn WriteColor,
    items: &[String],
    indent: usize,
    first_line_started: bool,
    spec: &ColorSpec,
) -> io::Result<()> {
    if !first_line_started {
        write!(out, "{:indent$}", "")?;
    }
    let mut column = indent;
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let item = for_terminal(item);
        let width = columns(&item);
        if i > 0 {
            if column + 3 + width > self::width() {
                line.push_str(" ·");
                write_span(out, &line, spec)?;
                write!(out, "\n{:indent$}", "")?;
                line.clear();
                column = indent;
            } else {
                line.push_str(" · ");
                column += 3;
            }
        }
        line.push_str(&item);
        column += width;
    }
    write_span(out, &line, spec)?;
    writeln!(out)
}

/// Writes `text` wrapped to [`width()`], every line but the first indented by `indent`
/// (the first too unless `first_line_started`), with `highlights` in the match color.
fn write_wrapped(
    out: &mut dyn WriteColor,
    text: &str,
    highlights: &[Range<usize>],
    indent: usize,
    first_line_started: bool,
    base: &ColorSpec,
) -> io::Result<()> {
    let mut highlighted = match_spec();
    if base.bold() {
        highlighted.set_bold(true);
    }
    for (n, line) in wrap(text, width().saturating_sub(indent).max(20))
        .into_iter()
        .enumerate()
    {
        if n > 0 || !first_line_started {
            write!(out, "{:indent$}", "")?;
        }
        let mut at = line.start;
        for h in highlights
            .iter()
            .filter(|h| h.end > line.start && h.start < line.end)
        {
            let start = h.start.max(line.start);
            let end = h.end.min(line.end);
            write_span(out, &text[at..start], base)?;
            write_span(out, &text[start..end], &highlighted)?;
            at = end;
        }
        write_span(out, &text[at..line.end], base)?;
        writeln!(out)?;
    }
    Ok(())
}

fn write_span(out: &mut dyn WriteColor, text: &str, spec: &ColorSpec) -> io::Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    if spec.is_none() {
        return out.write_all(for_terminal(text).as_bytes());
    }
    out.set_color(spec)?;
    out.write_all(for_terminal(text).as_bytes())?;
    out.reset()
}

/// Greedy word wrap to `width` display columns: byte ranges of each line, spaces between
/// lines dropped. A word wider than the line stays whole, except text of wide characters
/// (CJK, written without spaces), which breaks between them.
fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0; // display columns on the current line
    let mut last_space: Option<usize> = None;
    let mut prev_wide = false;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            last_space = Some(i);
            used += 1;
            prev_wide = false;
            continue;
        }
        let w = c.width().unwrap_or(0);
        if used + w > width && i > start {
            if let Some(space) = last_space.filter(|s| *s > start) {
                lines.push(start..space);
                start = space + 1;
                used = columns(&text[start..i]);
                last_space = None;
            } else if w > 1 || prev_wide {
                lines.push(start..i);
                start = i;
                used = 0;
            }
        }
        used += w;
        prev_wide = w > 1;
    }
    if start < text.len() || lines.is_empty() {
        lines.push(start..text.len());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_within_width() {
        let text = "the quick brown fox jumps over the lazy dog";
        let lines: Vec<&str> = wrap(text, 15).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            lines,
            vec!["the quick brown", "fox jumps over", "the lazy dog"]
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let text = "北京市长表示经济增长稳定 said officials";
        let lines: Vec<&str> = wrap(text, 10).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            lines,
            vec!["北京市长表", "示经济增长", "稳定 said", "officials"]
        );
        assert!(lines.iter().all(|l| columns(l) <= 10));
    }

    #[test]
    fn alternatives_read_as_a_list() {
        let words = |list: &[&str]| -> Vec<String> { list.iter().map(|w| w.to_string()).collect() };
        assert_eq!(alternatives(&words(&["crude"])), "\"crude\"");
        assert_eq!(
            alternatives(&words(&["crude", "crowd"])),
            "\"crude\" or \"crowd\""
        );
        assert_eq!(
            alternatives(&words(&["crude", "crowd", "cruel"])),
            "\"crude\", \"crowd\" or \"cruel\""
        );
    }

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MB");
    }

    #[test]
    fn a_word_longer_than_the_width_stays_whole() {
        let text = "supercalifragilistic word";
        let lines: Vec<&str> = wrap(text, 5).into_iter().map(|r| &text[r]).collect();
        assert_eq!(lines, vec!["supercalifragilistic", "word"]);
    }
}
