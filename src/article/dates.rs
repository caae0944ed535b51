//! Dates as news copy writes them, and the rules for turning them into full dates.
//!
//! A dateline usually gives only a month and day. The year comes from the dateline itself,
//! from a `YYYY/MM/DD` or `YYYY-MM-DD` in the story's path, or from a year the user supplies;
//! never from a guess.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;

use super::build_regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Month names and the abbreviations wires use, longest first so the regex prefers them.
pub(crate) const MONTH_PATTERN: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec";

/// Month names as typed on deadline, typos included: the first three letters of a month
/// and a few more (`Marc`, `Marchg`). Used only where a day number follows.
pub(crate) const LOOSE_MONTH: &str =
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7}";

/// A calendar date, written `YYYY-MM-DD` in JSON and on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// A date from its parts, or `None` when no such day exists.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1-12.
    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Days since 1970-01-01, for ordering and distance.
    pub fn to_julian_day(self) -> i32 {
        self.0.to_julian_day()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Date, String> {
        let parts: Vec<&str> = s.split('-').collect();
        let parsed = match parts.as_slice() {
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                match (y.parse(), m.parse(), d.parse()) {
                    (Ok(y), Ok(m), Ok(d)) => Date::from_ymd(y, m, d),
                    _ => None,
                }
            }
            _ => None,
        };
        parsed.ok_or_else(|| format!("'{s}' is not a date of the form YYYY-MM-DD"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A full date found in a story's corpus-relative path (`1987/02/26/1.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathDate(Date);

static PATH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(r"(?:^|/)(\d{4})[/-](\d{2})[/-](\d{2})(?:/|$|[^0-9])")
        .expect("static regex is valid")
});

impl PathDate {
    /// The first plausible `YYYY/MM/DD` or `YYYY-MM-DD` in `path`.
    pub fn find(path: &str) -> Option<PathDate> {
        PATH_DATE.captures_iter(path).find_map(|caps| {
            let year: i32 = caps[1].parse().ok()?;
            if !(1800..=2200).contains(&year) {
                return None;
            }
            Date::from_ymd(year, caps[2].parse().ok()?, caps[3].parse().ok()?).map(PathDate)
        })
    }

    /// The date itself.
    pub fn as_date(self) -> Date {
        self.0
    }
}

/// A date as a dateline writes it: month and day, perhaps a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WrittenDate {
    pub month: u8,
    pub day: u8,
    pub year: Option<i32>,
}

static WRITTEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?i)^(?:(?P<m1>{m}|{loose})\.?\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{m})\.?)(?:,?\s+(?P<y>\d{{4}}))?$",
        m = MONTH_PATTERN,
        loose = LOOSE_MONTH
    );
    build_regex(&pattern).expect("static regex is valid")
});

impl WrittenDate {
    /// Reads `Feb 26`, `September 05`, `Sept. 4`, `2 March`, `March 3, 2025`.
    pub fn parse(text: &str) -> Option<WrittenDate> {
        let caps = WRITTEN_DATE.captures(text.trim())?;
        let month_name = caps.name("m1").or(caps.name("m2"))?.as_str();
        let day = caps.name("d1").or(caps.name("d2"))?.as_str().parse().ok()?;
        let year = caps.name("y").and_then(|y| y.as_str().parse().ok());
        Some(WrittenDate {
            month: month_number(month_name)?,
            day,
            year,
        })
    }
}

/// 1-12 for a month name or abbreviation, any case.
pub(crate) fn month_number(name: &str) -> Option<u8> {
    let prefix: String = name
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u8 + 1)
}

/// The full date for a dateline's written date: its own year, else the year that puts it
/// nearest the path's date, else `default_year`; `None` when no year is known.
pub(crate) fn resolve(
    written: &str,
    path_date: Option<PathDate>,
    default_year: Option<i32>,
) -> Option<Date> {
    let written = WrittenDate::parse(written)?;
    if let Some(year) = written.year {
        return Date::from_ymd(year, written.month, written.day);
    }
    if let Some(PathDate(anchor)) = path_date {
        return [anchor.year(), anchor.year() - 1, anchor.year() + 1]
            .into_iter()
            .filter_map(|year| Date::from_ymd(year, written.month, written.day))
            .min_by_key(|date| (date.to_julian_day() - anchor.to_julian_day()).abs());
    }
    Date::from_ymd(default_year?, written.month, written.day)
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s_])").expect("static regex is valid")
});
static LEADING_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")
        .expect("static regex is valid")
});
static WRITTEN_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?i)^(?:(?:{m})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{m})\.?,?\s+\d{{4}})",
        m = MONTH_PATTERN
    );
    build_regex(&pattern).expect("static regex is valid")
});

/// A publication date as metadata writes it: `2025-10-09`, `2025-10-09T08:00:00Z`,
/// `2025/10/09`, `October 9, 2025`, `9 Oct 2025`, `Thu, 09 Oct 2025 08:00:00 GMT`.
/// The calendar date as written is kept (no time-zone shift); `None` when no full date.
pub(crate) fn parse_metadata_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(caps) = ISO_DATE.captures(text) {
        return Date::from_ymd(
            caps[1].parse().ok()?,
            caps[2].parse().ok()?,
            caps[3].parse().ok()?,
        );
    }
    let text = LEADING_WEEKDAY
        .find(text)
        .map_or(text, |m| &text[m.end()..]);
    let written = WRITTEN_PREFIX.find(text)?.as_str();
    let cleaned: String = written
        .split_whitespace()
        .map(|word| {
            let bare = word.trim_end_matches(',');
            let digits = bare.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let ordinal = !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
                && digits.len() < bare.len();
            if ordinal {
                word.replacen(&bare[digits.len()..], "", 1)
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let date = WrittenDate::parse(&cleaned)?;
    Date::from_ymd(date.year?, date.month, date.day)
}

/// Whether a path component is part of a date (`2025`, `09`, `2025-09-05`) rather than a category.
pub(crate) fn is_date_component(part: &str) -> bool {
    let digits_and_dashes =
        !part.is_empty() && part.chars().all(|c| c.is_ascii_digit() || c == '-');
    digits_and_dashes && part.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(path: &str) -> Option<PathDate> {
        PathDate::find(path)
    }

    #[test]
    fn written_dates() {
        let w = |t| WrittenDate::parse(t).map(|w| (w.month, w.day, w.year));
        assert_eq!(w("Feb 26"), Some((2, 26, None)));
        assert_eq!(w("September 05"), Some((9, 5, None)));
        assert_eq!(w("Sept. 4"), Some((9, 4, None)));
        assert_eq!(w("2 March"), Some((3, 2, None)));
        assert_eq!(w("March 3, 2025"), Some((3, 3, Some(2025))));
        assert_eq!(w("MARCH 25"), Some((3, 25, None)));
        assert_eq!(w("Tuesday"), None);
        assert_eq!(w("Marc 3"), Some((3, 3, None)));
        assert_eq!(w("March 119"), None);
    }

    #[test]
    fn year_comes_from_the_path_nearest_its_date() {
        let r = |w, p| resolve(w, pd(p), None).map(|d| d.to_string());
        assert_eq!(
            r("Feb 26", "1987/02/26/1.txt").as_deref(),
            Some("1987-02-26")
        );
        assert_eq!(
            r("Dec 31", "2025/01/01/x.txt").as_deref(),
            Some("2024-12-31")
        );
        assert_eq!(
            r("Jan 2", "2024-12-30/x.txt").as_deref(),
            Some("2025-01-02")
        );
        assert_eq!(
            r("March 3, 2020", "2025/01/01/x.txt").as_deref(),
            Some("2020-03-03")
        );
        assert_eq!(r("Feb 26", "business/x.txt"), None);
        assert_eq!(r("Feb 30", "1987/02/26/x.txt"), None, "no such day");
    }

    #[test]
    fn path_dates() {
        assert_eq!(
            pd("1987/02/26/1.txt")
                .map(|p| p.as_date().to_string())
                .as_deref(),
            Some("1987-02-26")
        );
        assert_eq!(
            pd("world/2025-09-05-summit.txt")
                .map(|p| p.as_date().to_string())
                .as_deref(),
            Some("2025-09-05")
        );
        assert_eq!(pd("business/001.txt"), None);
        assert_eq!(pd("9999/99/99/x.txt"), None);
    }

    #[test]
    fn metadata_dates() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2025-10-09", Some("2025-10-09")),
            ("2025-10-09T23:30:00-05:00", Some("2025-10-09")),
            ("2025-10-09 08:00", Some("2025-10-09")),
            ("2025/1/9", Some("2025-01-09")),
            ("October 9, 2025", Some("2025-10-09")),
            ("Oct. 9, 2025 at noon", Some("2025-10-09")),
            ("9 October 2025", Some("2025-10-09")),
            ("9th October 2025", Some("2025-10-09")),
            ("Thu, 09 Oct 2025 08:00:00 GMT", Some("2025-10-09")),
            ("Thursday, October 9, 2025", Some("2025-10-09")),
            ("October 9", None),
            ("2025-13-01", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, date) in cases {
            assert_eq!(
                parse_metadata_date(text).map(|d| d.to_string()).as_deref(),
                *date,
                "{text:?}"
            );
        }
    }

    #[test]
    fn date_round_trips_through_text() {
        let d: Date = "2025-09-05".parse().unwrap();
        assert_eq!(d.to_string(), "2025-09-05");
        assert!("2025-9-5".parse::<Date>().is_err());
        assert!("2025-02-30".parse::<Date>().is_err());
    }
}
