//! Finds the headline and byline at the top of a story.
//!
//! Works on raw lines, before paragraphs are unwrapped, because a headline is defined by
//! standing on its own line: short, not a sentence, and not the dateline paragraph.

use super::dateline::Dateline;

/// Headlines longer than this are really first sentences.
const MAX_HEADLINE_CHARS: usize = 200;
const MAX_HEADLINE_WORDS: usize = 30;
const MAX_BYLINE_CHARS: usize = 90;

/// The top of a story, split into headline, byline and everything after them.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Top<'a> {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub rest: &'a str,
}

/// Splits the headline and byline off the front of `text`. When the metadata already
/// gives the headline (`known_title`), a first line repeating it is dropped and no other
/// line is taken for a headline.
pub(crate) fn split_off<'a>(text: &'a str, known_title: Option<&str>) -> Top<'a> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut top = Top {
        title: None,
        byline: None,
        rest: text,
    };

    let mut rest = skip_blank_lines(text);
    if let Some((first, after)) = next_line(rest) {
        let following = skip_blank_lines(after);
        let stands_alone = after.len() != following.len()
            || following.is_empty()
            || next_line(following).is_some_and(|(line, _)| is_byline(line));
        match known_title {
            Some(known) if same_words(first, known) => rest = following,
            Some(_) => {}
            None if stands_alone && is_headline(first, || starts_with_dateline(following)) => {
                top.title = Some(first.trim().to_string());
                rest = following;
            }
            None => {}
        }
    }
    if let Some((line, after)) = next_line(rest) {
        if is_byline(line) {
            top.byline = Some(line.trim().to_string());
            rest = after;
        }
    }
    top.rest = rest;
    top
}

/// Whether two lines hold the same words, ignoring case and spacing.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// Whether `text` opens with a dateline.
fn starts_with_dateline(text: &str) -> bool {
    next_line(text).is_some_and(|(line, _)| Dateline::parse(line).is_some())
}

/// Whether a lone first line reads as a headline rather than the start of the story.
/// A line shaped like a dateline (`U.S. SUGAR IMPORTS DOWN - USDA`) is still a headline
/// when the story's dateline follows it, or when nothing after its dash is lowercase (not
/// when nothing at all follows a dash after a date or an agency: that is the story's
/// dateline on a line of its own); a
/// line ending like a sentence (`Election results are delayed. Get used to it.`) is one
/// when the dateline follows it. `dateline_follows` is asked only when needed: reading a
/// dateline is dear, and most lines are told apart without it.
fn is_headline(line: &str, dateline_follows: impl Fn() -> bool) -> bool {
    let line = line.trim();
    if line.is_empty()
        || line.chars().count() > MAX_HEADLINE_CHARS
        || line.split_whitespace().count() > MAX_HEADLINE_WORDS
        || line.ends_with([',', ';', ':'])
        || is_byline(line)
    {
        return false;
    }
    let known = std::cell::OnceCell::new();
    let dateline_follows = || *known.get_or_init(&dateline_follows);
    if let Some((dateline, rest)) = Dateline::parse(line) {
        let after = &line[rest..];
        // A dateline alone on its line, naming a date or an agency (`LONDON, March 3
        // (Reuters) -`, the story in the next paragraph), is the story's dateline.
        let whole_dateline =
            after.trim().is_empty() && (dateline.date.is_some() || dateline.agency.is_some());
        if (whole_dateline || after.chars().any(char::is_lowercase)) && !dateline_follows() {
            return false;
        }
    }
    !ends_like_a_sentence(line) || is_mostly_uppercase(line) || dateline_follows()
}

/// A final period makes a line a sentence, unless it closes an ellipsis or an abbreviation.
fn ends_like_a_sentence(line: &str) -> bool {
    if !line.ends_with('.') || line.ends_with("...") {
        return false;
    }
    let last_word = line.split_whitespace().last().unwrap_or("");
    let is_abbreviation = last_word.len() <= 5
        && last_word.matches('.').count() >= 2
        && last_word
            .chars()
            .all(|c| c == '.' || c.is_ascii_uppercase());
    !is_abbreviation
}

/// Reuters and other wires write headlines in capitals, periods and all.
fn is_mostly_uppercase(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    !letters.is_empty() && upper * 10 >= letters.len() * 8
}

/// `By Maria Lopez`, `By Maria Lopez, Newsdex Wire`, `BY TOM REED, Staff writer`.
pub(crate) fn is_byline(line: &str) -> bool {
    let line = line.trim();
    let Some(name) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
    else {
        return false;
    };
    line.chars().count() <= MAX_BYLINE_CHARS
        && name.starts_with(|c: char| c.is_uppercase())
        && !line.ends_with('.')
        && !line.contains(" said")
}

fn skip_blank_lines(mut text: &str) -> &str {
    while let Some((line, after)) = next_line(text) {
        if !line.trim().is_empty() {
            break;
        }
        text = after;
    }
    text
}

/// The next line (without its terminator) and the text after it.
fn next_line(text: &str) -> Option<(&str, &str)> {
    if text.is_empty() {
        return None;
    }
    // `memchr` rather than `str::find`: this runs on the top lines of every story.
    Some(match memchr::memchr(b'\n', text.as_bytes()) {
        Some(end) => (text[..end].trim_end_matches('\r'), &text[end + 1..]),
        None => (text, ""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_of(text: &str) -> Option<String> {
        split_off(text, None).title
    }

    #[test]
    fn headline_rules() {
        assert_eq!(
            title_of("Ad sales boost Time Warner profit\n\nBody."),
            Some("Ad sales boost Time Warner profit".into())
        );
        assert_eq!(
            title_of("MERRILL MANDATED FOR IEL U.S. NOTE.\n\nLONDON - x"),
            Some("MERRILL MANDATED FOR IEL U.S. NOTE.".into())
        );
        assert_eq!(
            title_of("Talks end with deal in the U.S.\n\nBody."),
            Some("Talks end with deal in the U.S.".into())
        );
        assert_eq!(
            title_of("Rivals of the £400 Apple...\n\nBody."),
            Some("Rivals of the £400 Apple...".into())
        );
        assert_eq!(
            title_of("The minister resigned on Tuesday.\n\nBody."),
            None,
            "a sentence"
        );
        assert_eq!(
            title_of("\nSEOUL, September 05 (AJP) - Kim met Xi.\nMore."),
            None,
            "a dateline"
        );
        assert_eq!(
            title_of("Headline glued to\nwrapped body text"),
            None,
            "no blank line after it"
        );
        assert_eq!(title_of("Lonely headline"), Some("Lonely headline".into()));
        assert_eq!(
            title_of("U.S. SUGAR IMPORTS DOWN IN WEEK - USDA\n\nWASHINGTON, Feb 26 - Sugar"),
            Some("U.S. SUGAR IMPORTS DOWN IN WEEK - USDA".into())
        );
        assert_eq!(
            title_of("ECONOMIC SPOTLIGHT - BANKAMERICA <BAC>\n\nBankAmerica is not"),
            Some("ECONOMIC SPOTLIGHT - BANKAMERICA <BAC>".into())
        );
        assert_eq!(title_of("LONDON - The talks ended.\n\nMore."), None);
        assert_eq!(
            title_of("LONDON, March 3 (Reuters) -\n\nOil rose on Tuesday."),
            None,
            "a dateline on a line of its own"
        );
        assert_eq!(title_of("WASHINGTON (AP) —\n"), None, "a dateline alone");
    }

    #[test]
    fn byline_under_headline_with_or_without_blank_line() {
        for text in [
            "Strike ends\nBy Maria Lopez, Newsdex Wire\n\nLONDON - x",
            "Strike ends\n\nBy Maria Lopez, Newsdex Wire\nLONDON - x",
        ] {
            let top = split_off(text, None);
            assert_eq!(top.title.as_deref(), Some("Strike ends"));
            assert_eq!(top.byline.as_deref(), Some("By Maria Lopez, Newsdex Wire"));
            assert_eq!(top.rest.trim_start(), "LONDON - x");
        }
    }

    #[test]
    fn known_title_is_dropped_when_repeated() {
        let top = split_off(
            "Port strike ends\n\nBy Ana Silva\nLISBON - x",
            Some("PORT  strike ends"),
        );
        assert_eq!(
            (top.title, top.byline.as_deref(), top.rest),
            (None, Some("By Ana Silva"), "LISBON - x")
        );
        let top = split_off("Short first line\n\nLISBON - x", Some("Other title"));
        assert_eq!(
            (top.title, top.rest),
            (None, "Short first line\n\nLISBON - x")
        );
    }

    #[test]
    fn sentence_starting_with_by_is_no_byline() {
        assert!(!is_byline(
            "By Tuesday the talks had collapsed, officials said."
        ));
        assert!(is_byline("BY TOM REED, Staff writer"));
    }
}
