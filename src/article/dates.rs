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

/// Where a story's `published` date came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// The story's own metadata (front matter `date`, JSON `date`, HTML `<meta>`).
    Metadata,
    /// The dateline's month and day, its year written there or taken from the path.
    Dateline,
    /// A full `YYYY/MM/DD` or `YYYY-MM-DD` in the path, for a story with no date of its own.
    Path,
    /// The dateline's month and day in the year given by `--year`.
    Flag,
}

impl DateSource {
    /// Every source, in order of strength.
    pub const ALL: [DateSource; 4] = [
        DateSource::Metadata,
        DateSource::Dateline,
        DateSource::Path,
        DateSource::Flag,
    ];

    /// The name `parse` and `stats` print: `metadata`, `dateline`, `path`, `flag`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Metadata => "metadata",
            DateSource::Dateline => "dateline",
            DateSource::Path => "path",
            DateSource::Flag => "flag",
        }
    }

    /// The source named by [`DateSource::as_str`].
    pub fn from_name(name: &str) -> Option<DateSource> {
        DateSource::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for DateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A story's publication date and where it came from: the metadata's date, else the
/// dateline's (year from the dateline or the path), else the path's own date, else the
/// dateline's month and day in `default_year`. `None` when no full date is known.
pub(crate) fn published(
    metadata: Option<&str>,
    dateline: Option<&str>,
    path_date: Option<PathDate>,
    default_year: Option<i32>,
) -> Option<(Date, DateSource)> {
    if let Some(date) = metadata.and_then(parse_metadata_date) {
        return Some((date, DateSource::Metadata));
    }
    if let Some(date) = dateline.and_then(|written| resolve(written, path_date, None)) {
        return Some((date, DateSource::Dateline));
    }
    if let Some(PathDate(date)) = path_date {
        return Some((date, DateSource::Path));
    }
    let date = dateline.and_then(|written| resolve(written, None, default_year))?;
    let written_year = dateline.and_then(WrittenDate::parse).and_then(|w| w.year);
    let source = if written_year.is_some() {
        DateSource::Dateline
    } else {
        DateSource::Flag
    };
    Some((date, source))
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
        if path.is_ascii() {
            return Self::find_ascii(path.as_bytes());
        }
        Self::find_with_regex(path)
    }

    /// [`PathDate::find`] by [`PATH_DATE`], for any path.
    fn find_with_regex(path: &str) -> Option<PathDate> {
        PATH_DATE.captures_iter(path).find_map(|caps| {
            let year: i32 = caps[1].parse().ok()?;
            if !(1800..=2200).contains(&year) {
                return None;
            }
            Date::from_ymd(year, caps[2].parse().ok()?, caps[3].parse().ok()?).map(PathDate)
        })
    }

    /// [`PathDate::find`] for an ASCII path (every path of a real corpus), without the
    /// regex: the same matches of [`PATH_DATE`], taken in the same order (where `\d` is
    /// `[0-9]`), read by hand. The regex cost more per story than the rest of its dates.
    fn find_ascii(path: &[u8]) -> Option<PathDate> {
        let digits = |from: usize, count: usize| {
            path.get(from..from + count)
                .is_some_and(|run| run.iter().all(u8::is_ascii_digit))
        };
        let separator = |at: usize| matches!(path.get(at), Some(b'/' | b'-'));
        // A match's date at `start`: `YYYY`, `/` or `-`, `MM`, `/` or `-`, `DD`, then a
        // byte that is no digit, or the end. Returns where the match ends (past that byte).
        let date_at = |start: usize| {
            let shaped = digits(start, 4)
                && separator(start + 4)
                && digits(start + 5, 2)
                && separator(start + 7)
                && digits(start + 8, 2)
                && !path.get(start + 10).is_some_and(u8::is_ascii_digit);
            shaped.then(|| (start + 11).min(path.len()))
        };
        let two_digits = |at: usize| (path[at] - b'0') * 10 + (path[at + 1] - b'0');
        let mut from = 0;
        while from < path.len() {
            // The leftmost match: at the very start, else just after a `/`.
            let found = (from == 0)
                .then(|| date_at(0).map(|end| (0, end)))
                .flatten()
                .or_else(|| {
                    (from..path.len())
                        .filter(|&slash| path[slash] == b'/')
                        .find_map(|slash| date_at(slash + 1).map(|end| (slash + 1, end)))
                });
            let (start, end) = found?;
            let year = i32::from(two_digits(start)) * 100 + i32::from(two_digits(start + 2));
            let date = (1800..=2200)
                .contains(&year)
                .then(|| Date::from_ymd(year, two_digits(start + 5), two_digits(start + 8)));
            if let Some(date) = date.flatten() {
                return Some(PathDate(date));
            }
            from = end;
        }
        None
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

impl WrittenDate {
    /// Reads `Feb 26`, `September 05`, `Sept. 4`, `2 March`, `March 3, 2025`, `5 Oct 2018`,
    /// and the months of [`month_of_word`]: `Macrh 31`, `ABR 7`. A hand-written scanner:
    /// it runs on every story's dateline.
    pub fn parse(text: &str) -> Option<WrittenDate> {
        WrittenDate::read(text, 2)
    }

    /// [`WrittenDate::parse`] with days of up to `day_digits` digits: a dateline's
    /// `March 187` is still its date as written, though no day of the calendar.
    fn read(text: &str, day_digits: usize) -> Option<WrittenDate> {
        let day_of_word = |word: &str| day_of_word(word, day_digits);
        let mut words = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        let (first, second) = (words.next()?, words.next()?);
        // The day first: digits are cheap to test, and most pairs of words hold none, so
        // the month is looked for only beside a day.
        let month_day = day_of_word(second).and_then(|day| Some((month_of_word(first)?, day)));
        let (month, day) = match month_day {
            Some(found) => found,
            None => {
                let day = day_of_word(first)?;
                (month_of_word(second)?, day)
            }
        };
        let year = match (words.next(), words.next()) {
            (None, _) => None,
            (Some(year), None) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
                Some(year.parse().ok()?)
            }
            _ => return None,
        };
        Some(WrittenDate { month, day, year })
    }
}

/// A day of the month as written: one to `max_digits` digits.
fn day_of_word(word: &str, max_digits: usize) -> Option<u8> {
    let digits = (1..=max_digits).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| word.parse().ok()).flatten()
}

/// Byte offset where a written date ends `head` (`GENEVA, March 3, 2025` -> 8), reading
/// its last two or three words; `None` when it does not end in one.
pub(crate) fn trailing_date_start(head: &str) -> Option<usize> {
    let head = head.trim_end_matches([',', ' ', ';']);
    let mut starts = [None; 3];
    let mut in_word = false;
    for (i, c) in head.char_indices() {
        let separator = c.is_whitespace() || c == ',' || c == ';';
        if !separator && !in_word {
            starts = [starts[1], starts[2], Some(i)];
        }
        in_word = !separator;
    }
    starts
        .into_iter()
        .flatten()
        .find(|&start| WrittenDate::read(&head[start..], 3).is_some())
}

/// English month names, longest first.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month abbreviations of other languages wires write in (Spanish, Portuguese, French,
/// German), where the English three-letter rule does not name the month.
const FOREIGN_MONTHS: &[(&str, u8)] = &[
    ("ene", 1),
    ("fév", 2),
    ("fev", 2),
    ("mär", 3),
    ("abr", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juil", 7),
    ("ago", 8),
    ("aoû", 8),
    ("aou", 8),
    ("set", 9),
    ("okt", 10),
    ("dic", 12),
    ("déc", 12),
    ("dez", 12),
];

/// 1-12 for a word naming a month in a dateline, any case, a final period allowed:
/// English names and abbreviations and what their first three letters begin (`Sept`,
/// `Marc`), one slip of the keyboard in a full name (`Macrh`, `Juen`, `Agust`), and the
/// Spanish, Portuguese, French and German abbreviations in [`FOREIGN_MONTHS`] (`ABR`).
pub(crate) fn month_of_word(word: &str) -> Option<u8> {
    let word = word.strip_suffix('.').unwrap_or(word);
    let len = word.chars().count();
    if !(3..=10).contains(&len) || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let lower = word.to_lowercase();
    if let Some(month) = month_number(&lower) {
        return Some(month);
    }
    if let Some((_, month)) = FOREIGN_MONTHS
        .iter()
        .find(|(abbr, _)| lower.starts_with(abbr))
    {
        return Some(*month);
    }
    if len < 4 {
        return None;
    }
    MONTHS
        .iter()
        .position(|name| name.len() >= 4 && one_slip_apart(&lower, name))
        .map(|i| i as u8 + 1)
}

/// Whether `a` becomes `b` by one substitution, insertion, deletion or swap of neighbours.
/// ASCII words (nearly all) are compared as bytes, without collecting characters.
fn one_slip_apart(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return one_slip_apart_in(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    one_slip_apart_in(&a, &b)
}

/// [`one_slip_apart`] over letters of any kind.
fn one_slip_apart_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, 0) => false,
        (x, y) if x == y => {
            a[1..] == b[1..] || (x >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x + 1 == y => a == &b[1..],
        (x, y) if y + 1 == x => &a[1..] == b,
        _ => false,
    }
}

/// 1-12 for an English month name or abbreviation, any case: its first three letters.
pub(crate) fn month_number(name: &str) -> Option<u8> {
    let prefix: String = name
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| m[..3] == prefix)
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

    use proptest::prelude::*;

    proptest! {
        /// The hand-read path date is the regex's on any ASCII path: dates at the start,
        /// after slashes, glued to digits, several in a row, out of range or impossible.
        #[test]
        fn path_dates_read_by_hand_agree_with_the_regex(
            pieces in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(vec![
                        "/", "-", "2017", "1987", "1799", "2201", "02", "29", "31", "13", "00",
                        "2017/02/29", "2016-02-29", "1987/03/23", "/1987/03/23/", "x", ".txt",
                        "7",
                    ])
                    .prop_map(str::to_string),
                    "[0-9/a-]{1,6}",
                ],
                0..12,
            )
        ) {
            let path = pieces.concat();
            prop_assert_eq!(
                PathDate::find_ascii(path.as_bytes()),
                PathDate::find_with_regex(&path),
                "{}", path
            );
        }
    }

    #[test]
    fn path_dates_read_by_hand_on_hand_picked_paths() {
        let date = |y, m, d| Some(PathDate(Date::from_ymd(y, m, d).unwrap()));
        let cases = [
            ("reuters/1987/03/23/8415.txt", date(1987, 3, 23)),
            ("2017-02-29/x/2016/02/29/a", date(2016, 2, 29)),
            ("1987/03/23", date(1987, 3, 23)),
            ("a1987/03/23/b", None),
            ("/1987/03/234", None),
            // The first match takes the slash after it: the second date starts no match.
            ("/1799/03/23/2001/01/01", None),
            ("/1799/03/23//2001/01/01", date(2001, 1, 1)),
            ("/1987/03/23/1988/04/05", date(1987, 3, 23)),
            ("bbc/tech/132.txt", None),
        ];
        for (path, want) in cases {
            assert_eq!(PathDate::find_ascii(path.as_bytes()), want, "{path}");
            assert_eq!(PathDate::find_with_regex(path), want, "{path}");
        }
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
    fn months_as_typed_on_deadline() {
        let cases: &[(&str, Option<u8>)] = &[
            ("Macrh", Some(3)),
            ("Juen", Some(6)),
            ("Agust", Some(8)),
            ("Setpember", Some(9)),
            ("Sept.", Some(9)),
            ("MARCH", Some(3)),
            ("ABR", Some(4)),
            ("ene", Some(1)),
            ("Dic", Some(12)),
            ("avr", Some(4)),
            ("Okt", Some(10)),
            ("Monday", None),
            ("Mon", None),
            ("Va", None),
            ("Jerusalem", None),
        ];
        for (word, month) in cases {
            assert_eq!(month_of_word(word), *month, "{word}");
        }
    }

    #[test]
    fn dates_end_dateline_heads() {
        let cases: &[(&str, Option<&str>)] = &[
            ("GENEVA, March 3, 2025", Some("March 3, 2025")),
            ("RICHMOND, Va. Feb 26", Some("Feb 26")),
            ("AMSTERDAM, 2 March", Some("2 March")),
            ("PARIS; 5 Oct 2018;", Some("5 Oct 2018;")),
            ("Oct 24", Some("Oct 24")),
            ("BOSTON, March 187", Some("March 187")),
            ("NEW YORK", None),
            ("WASHINGTON, Penn", None),
        ];
        for (head, date) in cases {
            assert_eq!(
                trailing_date_start(head).map(|start| &head[start..]),
                *date,
                "{head}"
            );
        }
    }

    #[test]
    fn published_says_where_its_date_came_from() {
        let p = |meta, dateline, path, year| {
            published(meta, dateline, pd(path), year).map(|(d, s)| (d.to_string(), s))
        };
        let d = |s: &str| s.to_string();
        assert_eq!(
            p(Some("2025-10-09"), Some("Oct 8"), "2025/10/10/a.txt", None),
            Some((d("2025-10-09"), DateSource::Metadata))
        );
        assert_eq!(
            p(None, Some("Oct 8"), "2025/10/10/a.txt", None),
            Some((d("2025-10-08"), DateSource::Dateline))
        );
        assert_eq!(
            p(None, None, "2019/03/21/a.txt", None),
            Some((d("2019-03-21"), DateSource::Path))
        );
        assert_eq!(
            p(None, Some("Feb 30"), "2019-03-21-a.txt", None),
            Some((d("2019-03-21"), DateSource::Path)),
            "a dateline naming no real day leaves the path's date"
        );
        assert_eq!(
            p(None, Some("March 3"), "world/a.txt", Some(2024)),
            Some((d("2024-03-03"), DateSource::Flag))
        );
        assert_eq!(
            p(None, Some("March 3, 2020"), "world/a.txt", Some(2024)),
            Some((d("2020-03-03"), DateSource::Dateline))
        );
        assert_eq!(p(None, Some("March 3"), "world/a.txt", None), None);
        assert_eq!(p(None, None, "2019/13/40/a.txt", None), None);
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
