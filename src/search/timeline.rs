//! Timelines: how many matching stories fall in each day, week, month or year.
//!
//! Reads the `published` fast column of every match (the same query and filters as the
//! hits), so the periods' counts plus `undated` add up to the query's `total_hits`. Every
//! period from the first to the last one with a match is listed, empty ones too, so a chart
//! can be drawn straight from the list. Returns plain data; it knows nothing of charts,
//! terminals or HTTP.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::error::QueryError;
use crate::Date;

/// Julian day number of 1970-01-01: stored dates are seconds since then.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// Most periods a timeline may list (a century by week is about 5,200).
pub const MAX_PERIODS: usize = 50_000;

/// How long each period of a [`Timeline`] is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar days, `1987-03-02`.
    Day,
    /// ISO weeks (Monday to Sunday), `1987-W10`.
    Week,
    /// Calendar months, `1987-03` (default).
    #[default]
    Month,
    /// Calendar years, `1987`.
    Year,
}

impl Period {
    /// The word used on the command line and in the API.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// The first day of the period holding `date`.
    fn start(self, date: time::Date) -> time::Date {
        match self {
            Period::Day => date,
            Period::Week => {
                date - time::Duration::days(i64::from(date.weekday().number_days_from_monday()))
            }
            Period::Month => date.replace_day(1).unwrap_or(date),
            Period::Year => date
                .replace_day(1)
                .and_then(|d| d.replace_month(time::Month::January))
                .unwrap_or(date),
        }
    }

    /// The first day of the period after the one starting at `start`.
    fn next(self, start: time::Date) -> Option<time::Date> {
        match self {
            Period::Day => start.next_day(),
            Period::Week => start.checked_add(time::Duration::days(7)),
            Period::Month => {
                let (year, month) = match start.month() {
                    time::Month::December => (start.year() + 1, time::Month::January),
                    month => (start.year(), month.next()),
                };
                time::Date::from_calendar_date(year, month, 1).ok()
            }
            Period::Year => {
                time::Date::from_calendar_date(start.year() + 1, time::Month::January, 1).ok()
            }
        }
    }

    /// How the period starting at `start` is written.
    fn label(self, start: time::Date) -> String {
        match self {
            Period::Day => format!(
                "{:04}-{:02}-{:02}",
                start.year(),
                start.month() as u8,
                start.day()
            ),
            Period::Week => {
                let (year, week, _) = start.to_iso_week_date();
                format!("{year:04}-W{week:02}")
            }
            Period::Month => format!("{:04}-{:02}", start.year(), start.month() as u8),
            Period::Year => format!("{:04}", start.year()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Period, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            _ => Err(format!(
                "'{text}' is not a timeline period: use day, week, month or year"
            )),
        }
    }
}

/// Matching stories per period.
///
/// This is also the JSON of `GET /api/timeline`:
/// `{"by":"month","timeline":[{"period":"1987-03","count":12},...],"undated":3}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// How long each period is.
    pub by: Period,
    /// Every period from the first to the last with a match, in order, empty ones included.
    pub timeline: Vec<PeriodCount>,
    /// Matching stories without a `published` date.
    pub undated: u64,
}

impl Timeline {
    /// Matching stories counted: the periods' counts plus `undated`.
    pub fn total(&self) -> u64 {
        self.timeline.iter().map(|p| p.count).sum::<u64>() + self.undated
    }
}

/// One period of a [`Timeline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodCount {
    /// The period: `1987-03-02`, `1987-W10`, `1987-03` or `1987`.
    pub period: String,
    /// Matching stories published in it.
    pub count: u64,
    /// Its first day, `YYYY-MM-DD` (what `--since` takes).
    pub first: Date,
    /// Its last day, `YYYY-MM-DD` (what `--until` takes).
    pub last: Date,
}

/// Counts matches per day since the Unix epoch; [`finish`] groups the days into periods.
pub(crate) struct TimelineCollector;

/// Matches per day since 1970-01-01, and matches without a date.
pub(crate) type DayCounts = (HashMap<i64, u64>, u64);

impl Collector for TimelineCollector {
    type Fruit = DayCounts;
    type Child = TimelineSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TimelineSegmentCollector> {
        let column = segment
            .fast_fields()
            .date(crate::schema::names::PUBLISHED)
            .ok();
        Ok(TimelineSegmentCollector {
            column,
            days: HashMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<DayCounts>) -> tantivy::Result<DayCounts> {
        let mut days = HashMap::new();
        let mut undated = 0;
        for (segment_days, segment_undated) in fruits {
            undated += segment_undated;
            super::facets::add_counts(&mut days, segment_days);
        }
        Ok((days, undated))
    }
}

/// [`TimelineCollector`] for one segment.
pub(crate) struct TimelineSegmentCollector {
    column: Option<Column<DateTime>>,
    days: HashMap<i64, u64>,
    undated: u64,
}

impl SegmentCollector for TimelineSegmentCollector {
    type Fruit = DayCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.column.as_ref().and_then(|c| c.first(doc)) {
            Some(value) => {
                let day = value.into_timestamp_secs().div_euclid(86_400);
                *self.days.entry(day).or_default() += 1;
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> DayCounts {
        (self.days, self.undated)
    }
}

/// Groups day counts into `by` periods, listing every period from the first to the last.
pub(crate) fn finish((days, undated): DayCounts, by: Period) -> Result<Timeline, QueryError> {
    let mut periods: HashMap<time::Date, u64> = HashMap::new();
    for (day, n) in days {
        let Some(date) = i32::try_from(day)
            .ok()
            .and_then(|d| d.checked_add(UNIX_EPOCH_JULIAN_DAY))
            .and_then(|julian| time::Date::from_julian_day(julian).ok())
        else {
            continue;
        };
        *periods.entry(by.start(date)).or_default() += n;
    }
    let mut timeline = Vec::new();
    let first = periods.keys().min().copied();
    let last = periods.keys().max().copied();
    if let (Some(first), Some(last)) = (first, last) {
        let mut start = first;
        loop {
            if timeline.len() >= MAX_PERIODS {
                return Err(QueryError::Unsupported(format!(
                    "the timeline by {by} would list more than {MAX_PERIODS} periods: use a longer period"
                )));
            }
            let next = by.next(start);
            let end = next.and_then(|n| n.previous_day()).unwrap_or(start);
            timeline.push(PeriodCount {
                period: by.label(start),
                count: periods.get(&start).copied().unwrap_or(0),
                first: to_date(start),
                last: to_date(end),
            });
            match next {
                Some(next) if start < last => start = next,
                _ => break,
            }
        }
    }
    Ok(Timeline {
        by,
        timeline,
        undated,
    })
}

fn to_date(date: time::Date) -> Date {
    // A `time::Date` is always a valid calendar day, so this cannot fail.
    Date::from_ymd(date.year(), date.month() as u8, date.day())
        .unwrap_or_else(|| unreachable!("time::Date {date} is a valid day"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> i64 {
        let date = Date::from_ymd(y, m, d).unwrap();
        i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY)
    }

    fn labels(timeline: &Timeline) -> Vec<(String, u64)> {
        timeline
            .timeline
            .iter()
            .map(|p| (p.period.clone(), p.count))
            .collect()
    }

    #[test]
    fn months_are_filled_between_the_first_and_last_match() {
        let days = HashMap::from([
            (day(1987, 2, 26), 2),
            (day(1987, 2, 27), 1),
            (day(1987, 4, 1), 4),
        ]);
        let t = finish((days, 3), Period::Month).unwrap();
        assert_eq!(
            labels(&t),
            [
                ("1987-02".into(), 3),
                ("1987-03".into(), 0),
                ("1987-04".into(), 4)
            ]
        );
        assert_eq!(t.undated, 3);
        assert_eq!(t.total(), 10);
        assert_eq!(t.timeline[0].first.to_string(), "1987-02-01");
        assert_eq!(t.timeline[0].last.to_string(), "1987-02-28");
    }

    #[test]
    fn weeks_are_iso_weeks_starting_monday() {
        // 1987-03-01 is a Sunday (week 9), 1987-03-02 a Monday (week 10).
        let days = HashMap::from([
            (day(1987, 3, 1), 1),
            (day(1987, 3, 2), 1),
            (day(1987, 3, 8), 1),
        ]);
        let t = finish((days, 0), Period::Week).unwrap();
        assert_eq!(labels(&t), [("1987-W09".into(), 1), ("1987-W10".into(), 2)]);
        assert_eq!(t.timeline[1].first.to_string(), "1987-03-02");
        assert_eq!(t.timeline[1].last.to_string(), "1987-03-08");
    }

    #[test]
    fn days_and_years_label_their_periods() {
        let days = HashMap::from([(day(2024, 12, 31), 1), (day(2025, 1, 1), 2)]);
        let by_day = finish((days.clone(), 0), Period::Day).unwrap();
        assert_eq!(
            labels(&by_day),
            [("2024-12-31".into(), 1), ("2025-01-01".into(), 2)]
        );
        let by_year = finish((days, 0), Period::Year).unwrap();
        assert_eq!(labels(&by_year), [("2024".into(), 1), ("2025".into(), 2)]);
        assert_eq!(by_year.timeline[1].last.to_string(), "2025-12-31");
    }

    #[test]
    fn no_dated_match_gives_an_empty_timeline() {
        let t = finish((HashMap::new(), 2), Period::Month).unwrap();
        assert!(t.timeline.is_empty());
        assert_eq!(t.total(), 2);
    }

    #[test]
    fn huge_spans_by_day_are_refused() {
        let days = HashMap::from([(day(1100, 1, 1), 1), (day(2025, 1, 1), 1)]);
        assert!(matches!(
            finish((days, 0), Period::Day),
            Err(QueryError::Unsupported(_))
        ));
    }

    #[test]
    fn periods_parse_from_their_names() {
        assert_eq!("Month".parse::<Period>(), Ok(Period::Month));
        assert_eq!("week".parse::<Period>(), Ok(Period::Week));
        assert!("fortnight".parse::<Period>().is_err());
    }
}
