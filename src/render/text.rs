//! Text printers for people: aligned in 80 columns, highlights in color when the writer
//! supports it, and still readable with color off.

use std::io;
use std::ops::Range;

use termcolor::{Color, ColorSpec, WriteColor};

use super::sanitize::for_terminal;
use crate::search::{Hit, SearchResults};

/// Total line width text output wraps to.
pub const WIDTH: usize = 80;

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
    }
    Ok(())
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
    write_wrapped(out, &meta.join(" · "), &[], indent, false, &meta_spec())?;

    if !hit.snippet.text.is_empty() {
        write_wrapped(
            out,
            &hit.snippet.text,
            &hit.snippet.highlights,
            indent,
            false,
            &ColorSpec::new(),
        )?;
    }
    Ok(())
}

/// Writes `text` wrapped to [`WIDTH`], every line but the first indented by `indent`
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
    for (n, line) in wrap(text, WIDTH.saturating_sub(indent).max(20))
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

/// Greedy word wrap: byte ranges of each line, spaces between lines dropped.
fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut line_chars = 0;
    let mut last_space: Option<(usize, usize)> = None; // (byte index, chars before it)
    for (i, c) in text.char_indices() {
        if c == ' ' {
            last_space = Some((i, line_chars));
        }
        line_chars += 1;
        if line_chars > width {
            if let Some((space, chars_before)) = last_space.filter(|(s, _)| *s > line_start) {
                lines.push(line_start..space);
                line_start = space + 1;
                line_chars -= chars_before + 1;
                last_space = None;
            }
        }
    }
    if line_start < text.len() || lines.is_empty() {
        lines.push(line_start..text.len());
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
    fn a_word_longer_than_the_width_stays_whole() {
        let text = "supercalifragilistic word";
        let lines: Vec<&str> = wrap(text, 5).into_iter().map(|r| &text[r]).collect();
        assert_eq!(lines, vec!["supercalifragilistic", "word"]);
    }
}
