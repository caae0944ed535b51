//! Plain dates as users type them (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) -> the span of days
//! they cover, for `--since`, `--until` and `published:` in queries.

use std::str::FromStr;

use crate::Date;

/// The first and last day a written date covers: `2025` is the whole year, `2025-09` the
/// month, `2025-09-12` one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    /// First day covered.
    pub first: Date,
    /// Last day covered.
    pub last: Date,
}

impl DateSpan {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (an RFC 3339 time after the day is ignored).
    pub fn parse(text: &str) -> Option<DateSpan> {
        let text = text.trim();
        let day_part = text.split(['T', 't', ' ']).next().unwrap_or(text);
        let parts: Vec<&str> = day_part.split('-').collect();
        fn number<T: FromStr>(s: &str, digits: usize) -> Option<T> {
            (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        }
        match parts.as_slice() {
            [y] => {
                let year: i32 = number(y, 4)?;
                Some(DateSpan {
                    first: Date::from_ymd(year, 1, 1)?,
                    last: Date::from_ymd(year, 12, 31)?,
                })
            }
            [y, m] => {
                let (year, month): (i32, u8) = (number(y, 4)?, number(m, 2)?);
                let last_day = (28..=31)
                    .rev()
                    .find(|&d| Date::from_ymd(year, month, d).is_some())?;
                Some(DateSpan {
                    first: Date::from_ymd(year, month, 1)?,
                    last: Date::from_ymd(year, month, last_day)?,
                })
            }
            [y, m, d] => {
                let date = Date::from_ymd(number::<i32>(y, 4)?, number(m, 2)?, number(d, 2)?)?;
                Some(DateSpan {
                    first: date,
                    last: date,
                })
            }
            _ => None,
        }
    }
}

impl FromStr for DateSpan {
    type Err = String;

    fn from_str(text: &str) -> Result<DateSpan, String> {
        DateSpan::parse(text)
            .ok_or_else(|| format!("'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Option<(String, String)> {
        DateSpan::parse(text).map(|s| (s.first.to_string(), s.last.to_string()))
    }

    #[test]
    fn years_months_and_days_cover_their_days() {
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(span("2025"), pair("2025-01-01", "2025-12-31"));
        assert_eq!(span("2024-02"), pair("2024-02-01", "2024-02-29"));
        assert_eq!(span("2025-09"), pair("2025-09-01", "2025-09-30"));
        assert_eq!(span("2025-09-12"), pair("2025-09-12", "2025-09-12"));
        assert_eq!(
            span("2025-09-12T10:00:00Z"),
            pair("2025-09-12", "2025-09-12")
        );
        assert_eq!(span("2025-13"), None);
        assert_eq!(span("25-09-01"), None);
        assert_eq!(span("yesterday"), None);
        assert_eq!(span("2025-02-30"), None);
    }
}
