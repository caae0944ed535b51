//! Timeline printer: matches per period as a text bar chart fitting [`super::text::WIDTH`]
//! columns (`query --timeline PERIOD`). Knows nothing of how the counts were made.

use std::io;

use termcolor::{Color, ColorSpec, WriteColor};

use super::text::WIDTH;
use crate::search::Timeline;

/// The bar character; a period with matches always gets at least one.
const BAR: char = '█';

/// A heading line, then one line per period: `1987-03  ███████  12`.
pub fn chart(out: &mut dyn WriteColor, timeline: &Timeline) -> io::Result<()> {
    let dated: u64 = timeline.timeline.iter().map(|p| p.count).sum();
    let noun = |n: u64| if n == 1 { "story" } else { "stories" };
    write!(
        out,
        "Timeline by {}: {dated} dated {}",
        timeline.by,
        noun(dated)
    )?;
    if timeline.undated > 0 {
        write!(out, ", {} undated", timeline.undated)?;
    }
    writeln!(out)?;
    let label_width = timeline
        .timeline
        .iter()
        .map(|p| p.period.len())
        .max()
        .unwrap_or(0);
    let max = timeline.timeline.iter().map(|p| p.count).max().unwrap_or(0);
    let count_width = max.to_string().len();
    // label, two spaces, bar, two spaces, count.
    let bar_room = WIDTH.saturating_sub(label_width + count_width + 4).max(1);
    let mut bar_spec = ColorSpec::new();
    bar_spec.set_fg(Some(Color::Cyan));
    for period in &timeline.timeline {
        let len = if period.count == 0 || max == 0 {
            0
        } else {
            ((period.count as f64 / max as f64 * bar_room as f64).round() as usize).max(1)
        };
        write!(out, "{:<label_width$}  ", period.period)?;
        out.set_color(&bar_spec)?;
        write!(out, "{}", BAR.to_string().repeat(len))?;
        out.reset()?;
        writeln!(
            out,
            "{:pad$}  {:>count_width$}",
            "",
            period.count,
            pad = bar_room - len
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Period, PeriodCount};
    use crate::Date;
    use termcolor::NoColor;

    fn period(label: &str, count: u64) -> PeriodCount {
        let day = Date::from_ymd(1987, 3, 1).unwrap();
        PeriodCount {
            period: label.into(),
            count,
            first: day,
            last: day,
        }
    }

    #[test]
    fn bars_scale_to_the_largest_period_within_80_columns() {
        let timeline = Timeline {
            by: Period::Month,
            timeline: vec![
                period("1987-02", 3),
                period("1987-03", 0),
                period("1987-04", 120),
            ],
            undated: 2,
        };
        let mut out = NoColor::new(Vec::new());
        chart(&mut out, &timeline).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Timeline by month: 123 dated stories, 2 undated");
        // 80 - 7 (label) - 3 (count) - 4 (gaps) = 66 columns of bar.
        assert_eq!(
            lines[1],
            format!("1987-02  {}{}  {:>3}", "██", " ".repeat(64), 3)
        );
        assert_eq!(lines[2], format!("1987-03  {}    0", " ".repeat(66)));
        assert_eq!(lines[3], format!("1987-04  {}  120", "█".repeat(66)));
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
    }

    #[test]
    fn an_empty_timeline_prints_its_heading() {
        let timeline = Timeline {
            by: Period::Year,
            timeline: vec![],
            undated: 1,
        };
        let mut out = NoColor::new(Vec::new());
        chart(&mut out, &timeline).unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner()).unwrap(),
            "Timeline by year: 0 dated stories, 1 undated\n"
        );
    }
}
