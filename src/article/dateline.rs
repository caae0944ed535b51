//! Recognises the dateline that opens a wire story: `LOCATION[, Date] [(AGENCY)] <dash>`.
//!
//! Examples from real copy: `SALVADOR, Feb 26 -`, `SEOUL, September 05 (AJP) -`,
//! `WASHINGTON (AP) —`, `Washington (CNN) --`, `RICHMOND, Va. Feb 26 -`, `AMSTERDAM, 2 March -`.

use std::sync::LazyLock;

use regex::Regex;

use super::build_regex;
use serde::{Deserialize, Serialize};

use super::dates::{LOOSE_MONTH, MONTH_PATTERN};

/// Longest text before the dash that can still be a dateline.
const MAX_HEAD_CHARS: usize = 110;
const MAX_LOCATION_WORDS: usize = 7;

/// A parsed dateline, each part exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The whole dateline including its dash, e.g. `SALVADOR, Feb 26 -`.
    pub raw: String,
    /// The place as written, region included: `RICHMOND, Va.`.
    pub location: String,
    /// The date as written, e.g. `Feb 26`, `September 05`, `Sept. 4`.
    pub date: Option<String>,
    /// The name inside the parentheses, e.g. `AP`.
    pub agency: Option<String>,
}

/// The dash that ends a dateline: a spaced hyphen or double hyphen, or an em/en dash; or a
/// hyphen glued to the day (`Feb 26- Text`), whose digit the match starts with.
static DASH: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(r"\s+(?:--|-|—|–)(?:\s+|$)|\s*(?:—|–)\s*|\d--?\s+").expect("static regex is valid")
});

/// A date between two dashes: `CHEVY CHASE, Md., - March 4 - Text`.
static DATE_BETWEEN_DASHES: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"^(?P<date>(?i:{m})\.?\s+\d{{1,2}})\s*(?:--|-|—|–)\s+",
        m = LOOSE_MONTH
    );
    build_regex(&pattern).expect("static regex is valid")
});

/// A wire agency named after the date: `WASHINGTON, March 12, Reuter -`.
static TRAILING_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(r",\s*(?P<agency>Reuters?|REUTERS?|AP|AFP|UPI|dpa|DPA)$")
        .expect("static regex is valid")
});

/// A date at the end of the dateline head, after a comma or a space.
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?i)(?:^|,\s*|\s+)(?P<date>(?:{m}|{loose})\.?\s+\d{{1,3}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?:{m})\.?(?:,?\s+\d{{4}})?)\s*,?$",
        m = MONTH_PATTERN,
        loose = LOOSE_MONTH
    );
    build_regex(&pattern).expect("static regex is valid")
});

/// One word of a place name: capitalised (`DALLAS/FORT`, `****LONDON` as some wires mark
/// urgency), or an abbreviation, or a particle like `de`.
static PLACE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(
        r"^(?:\**\p{Lu}[\p{L}'’./\-]*|\p{Lu}\.|de|da|do|del|la|le|el|al|of|on|upon|am|an|sur)$",
    )
    .expect("static regex is valid")
});
/// A lowercase word inside a place name (`New york`, `La paz`), accepted only when a date or
/// an agency confirms the dateline.
static LOWER_PLACE_WORD: LazyLock<Regex> =
    LazyLock::new(|| build_regex(r"^\p{Ll}[\p{L}'’.\-]*$").expect("static regex is valid"));

impl Dateline {
    /// Parses a dateline at the very start of `paragraph`. Returns it with the byte offset
    /// where the story text after the dash begins.
    pub fn parse(paragraph: &str) -> Option<(Dateline, usize)> {
        let window_end = paragraph
            .char_indices()
            .nth(MAX_HEAD_CHARS + 8)
            .map_or(paragraph.len(), |(i, _)| i);
        let dash = DASH.find(&paragraph[..window_end])?;
        let glued = paragraph[dash.start()..].starts_with(|c: char| c.is_ascii_digit());
        let dash_start = dash.start() + usize::from(glued);
        let mut dash_end = dash.end();
        let head = paragraph[..dash_start].trim();
        if head.is_empty() || head.chars().count() > MAX_HEAD_CHARS {
            return None;
        }
        let (head, mut agency) = split_agency(head)?;
        let mut head = head.trim_end_matches([',', ' ']);
        if agency.is_none() {
            if let Some(caps) = TRAILING_AGENCY.captures(head) {
                agency = Some(caps["agency"].to_string());
                head = head[..caps.get(0).expect("group 0 always matches").start()].trim_end();
            }
        }
        let mut between = None;
        if !TRAILING_DATE.is_match(head) {
            if let Some(caps) = DATE_BETWEEN_DASHES.captures(&paragraph[dash_end..]) {
                between = Some(caps["date"].to_string());
                dash_end += caps.get(0).expect("group 0 always matches").end();
            }
        }
        let (location, date) = match TRAILING_DATE.captures(head) {
            Some(caps) => {
                let whole = caps.get(0).expect("group 0 always matches");
                (
                    head[..whole.start()].trim(),
                    Some(caps["date"].trim().to_string()),
                )
            }
            None => (head, between),
        };
        let location = location.trim_end_matches([',', ' ']);
        if !is_place(location, date.is_some() || agency.is_some()) {
            return None;
        }
        let first_part = location.split(',').next().unwrap_or(location);
        let shouts_place = first_part.chars().any(char::is_alphabetic)
            && !first_part.chars().any(char::is_lowercase);
        if !(shouts_place || date.is_some() || agency.is_some()) {
            return None; // "Mr Smith - the ..." is prose, not a dateline
        }
        let raw = paragraph[..dash_end].trim().to_string();
        let dateline = Dateline {
            raw,
            location: location.to_string(),
            date,
            agency,
        };
        Some((dateline, dash_end))
    }
}

/// Splits a trailing `(AGENCY)` off the head. `None` when the parentheses hold no agency.
fn split_agency(head: &str) -> Option<(&str, Option<String>)> {
    let Some(inner_end) = head.strip_suffix(')') else {
        return Some((head, None));
    };
    let open = inner_end.rfind('(')?;
    let agency = inner_end[open + 1..].trim();
    let plausible = !agency.is_empty()
        && agency.chars().count() <= 40
        && agency.starts_with(|c: char| c.is_uppercase());
    plausible.then(|| (head[..open].trim_end(), Some(agency.to_string())))
}

/// Whether `location` looks like `CITY`, `City, Region`, `RIO DE JANEIRO`, `ST. JOHN'S, Nfld.`.
/// `confirmed` (a date or agency follows) also admits lowercase words after the first.
fn is_place(location: &str, confirmed: bool) -> bool {
    if !location
        .trim_start_matches('*')
        .starts_with(|c: char| c.is_uppercase())
    {
        return false;
    }
    let parts: Vec<&str> = location.split(',').map(str::trim).collect();
    let words: Vec<&str> = location
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .collect();
    parts.len() <= 3
        && parts.iter().all(|p| !p.is_empty())
        && words.len() <= MAX_LOCATION_WORDS
        && words.iter().enumerate().all(|(i, w)| {
            PLACE_WORD.is_match(w) || (confirmed && i > 0 && LOWER_PLACE_WORD.is_match(w))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(paragraph: &str) -> Option<(String, Option<String>, Option<String>, String)> {
        Dateline::parse(paragraph)
            .map(|(d, rest)| (d.location, d.date, d.agency, paragraph[rest..].to_string()))
    }

    #[test]
    fn dateline_forms() {
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            (
                "SALVADOR, Feb 26 - Showers",
                "SALVADOR",
                Some("Feb 26"),
                None,
            ),
            (
                "SEOUL, September 05 (AJP) - North",
                "SEOUL",
                Some("September 05"),
                Some("AJP"),
            ),
            ("WASHINGTON (AP) — The", "WASHINGTON", None, Some("AP")),
            ("Washington (CNN) -- The", "Washington", None, Some("CNN")),
            (
                "NAIROBI, Oct 14 (NWS) – The",
                "NAIROBI",
                Some("Oct 14"),
                Some("NWS"),
            ),
            (
                "RICHMOND, Va. Feb 26 - The",
                "RICHMOND, Va.",
                Some("Feb 26"),
                None,
            ),
            (
                "RICHMOND, Va., Feb 26 - The",
                "RICHMOND, Va.",
                Some("Feb 26"),
                None,
            ),
            (
                "AMSTERDAM, 2 March - The",
                "AMSTERDAM",
                Some("2 March"),
                None,
            ),
            ("BERLIN March 3 - The", "BERLIN", Some("March 3"), None),
            ("LONDON, Sept. 4 - The", "LONDON", Some("Sept. 4"), None),
            (
                "GENEVA, March 3, 2025 (Reuters) - The",
                "GENEVA",
                Some("March 3, 2025"),
                Some("Reuters"),
            ),
            (
                "Portland, Ore. (AP) — The",
                "Portland, Ore.",
                None,
                Some("AP"),
            ),
            (
                "RIO DE JANEIRO, MARCH 25 - The",
                "RIO DE JANEIRO",
                Some("MARCH 25"),
                None,
            ),
            (
                "VANCOUVER, British Columbia, March 2 - The",
                "VANCOUVER, British Columbia",
                Some("March 2"),
                None,
            ),
            ("Detroit, March 4 - The", "Detroit", Some("March 4"), None),
            ("LONDON - The", "LONDON", None, None),
            ("MONTREAL, Feb 26- The", "MONTREAL", Some("Feb 26"), None),
            (
                "CHEVY CHASE, Md., - March 4 - The",
                "CHEVY CHASE, Md.",
                Some("March 4"),
                None,
            ),
            (
                "WASHINGTON, March 12, Reuter - The",
                "WASHINGTON",
                Some("March 12"),
                Some("Reuter"),
            ),
            ("New york, march 2 - The", "New york", Some("march 2"), None),
            (
                "ALBANY, N.Y., Marc 3 - The",
                "ALBANY, N.Y.",
                Some("Marc 3"),
                None,
            ),
            (
                "DALLAS/FORT WORTH, Texas, March 3 - The",
                "DALLAS/FORT WORTH, Texas",
                Some("March 3"),
                None,
            ),
            (
                "****LONDON, March 5 - The",
                "****LONDON",
                Some("March 5"),
                None,
            ),
            (
                "WINSTON-SALEM, N.C., March 2 - The",
                "WINSTON-SALEM, N.C.",
                Some("March 2"),
                None,
            ),
        ];
        for (text, location, date, agency) in cases {
            let got = parts(text).unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(
                (got.0.as_str(), got.1.as_deref(), got.2.as_deref()),
                (*location, *date, *agency),
                "{text}"
            );
            assert_eq!(
                got.3,
                text.rsplit(' ').next().unwrap(),
                "story text after {text:?}"
            );
        }
    }

    #[test]
    fn raw_keeps_the_dash() {
        let (d, _) = Dateline::parse("SALVADOR, Feb 26 - Showers").unwrap();
        assert_eq!(d.raw, "SALVADOR, Feb 26 -");
        let (d, _) = Dateline::parse("WASHINGTON (AP)—The").unwrap();
        assert_eq!(d.raw, "WASHINGTON (AP)—");
    }

    #[test]
    fn prose_is_not_a_dateline() {
        for text in [
            "Mr Smith - the chairman - resigned.",
            "Washington - a city of contrasts.",
            "The company said on Tuesday - after markets closed - that profit rose.",
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn.",
            "North Korean leader Kim Jong-un and Chinese President Xi Jinping met.",
            "In 2004 - the year of the merger - sales rose (AP) - said.",
            "Prices rose 5- 6 pct in the week.",
            "He said 2-3 pct.",
        ] {
            assert_eq!(parts(text), None, "{text}");
        }
    }
}
