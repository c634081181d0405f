//! Periods and calendar containment (pure, no database).
//!
//! A period is written `2023`, `2023-Q1`, `2023-H1`, `2023-05`, `2023-05-14`, or `START/END`
//! of those; an empty END (`2024-01/`) runs up to the source's publication date. Every form
//! becomes a [`Span`] of whole days, so `2023` and `2023-01-01/2023-12-31` are the same period
//! and compare equal in claim keys.
//!
//! A publication date may be partial (`2024-09`): it stands for any day in it. An open END is
//! resolved to the last day the publication date allows, and checks that compare against a
//! partial date hold it against a claim only when every such day would fail.

use crate::error::{Error, Result};
use std::fmt;

/// Days since 1970-01-01 (proleptic Gregorian).
pub type Day = i32;

/// A run of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: Day,
    pub end: Day,
}

impl Span {
    /// Does `self` contain every day of `other`?
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Do the two share no day?
    pub fn disjoint(&self, other: &Span) -> bool {
        self.end < other.start || other.end < self.start
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", format_day(self.start))
        } else {
            write!(f, "{}/{}", format_day(self.start), format_day(self.end))
        }
    }
}

/// A parsed period: its first day, and its last day unless it runs up to publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Day,
    pub end: Option<Day>,
}

impl Period {
    /// Parse any of DESIGN's period forms.
    pub fn parse(text: &str) -> Result<Period> {
        let bad = |why: &str| Error::BadPeriod {
            value: text.to_string(),
            why: why.to_string(),
        };
        match text.split_once('/') {
            None => {
                let span = parse_date(text).map_err(|why| bad(&why))?;
                Ok(Period {
                    start: span.start,
                    end: Some(span.end),
                })
            }
            Some((start, end)) => {
                let start = parse_date(start).map_err(|why| bad(&format!("start: {why}")))?;
                if end.is_empty() {
                    return Ok(Period {
                        start: start.start,
                        end: None,
                    });
                }
                let end = parse_date(end).map_err(|why| bad(&format!("end: {why}")))?;
                if end.end < start.start {
                    return Err(bad("it ends before it starts"));
                }
                Ok(Period {
                    start: start.start,
                    end: Some(end.end),
                })
            }
        }
    }

    /// The days the period covers. An open end runs to the last day `published` allows. With
    /// no publication date the end is unknown; we take the first day alone, the narrowest
    /// reading, so that no check claims to know more than the ledger does.
    pub fn resolve(&self, published: Option<Span>) -> Span {
        let end = match (self.end, published) {
            (Some(end), _) => end,
            (None, Some(p)) => p.end.max(self.start),
            (None, None) => self.start,
        };
        Span {
            start: self.start,
            end,
        }
    }
}

/// A publication date: `YYYY-MM-DD`, or the part that is known (`YYYY-MM`, `YYYY`); never a
/// quarter or a half, which name a stretch of time, not when something appeared.
pub fn parse_published(text: &str) -> std::result::Result<Span, String> {
    if text.contains(['Q', 'q', 'H', 'h']) {
        return Err(
            "a publication date is YYYY-MM-DD, YYYY-MM or YYYY, not a quarter or a half".into(),
        );
    }
    parse_date(text)
}

/// Parse `YYYY`, `YYYY-Qn`, `YYYY-Hn`, `YYYY-MM` or `YYYY-MM-DD` into the days it covers.
/// The error is the reason alone; callers add the value.
pub fn parse_date(text: &str) -> std::result::Result<Span, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let year = parse_year(parts[0])?;
    match parts.as_slice() {
        [_] => Ok(Span {
            start: days_from_civil(year, 1, 1),
            end: days_from_civil(year, 12, 31),
        }),
        [_, q] if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
            let n = small(&q[1..], 1, 4, "quarter")?;
            month_span(year, 3 * n - 2, 3 * n)
        }
        [_, h] if h.len() == 2 && (h.starts_with('H') || h.starts_with('h')) => {
            let n = small(&h[1..], 1, 2, "half")?;
            month_span(year, 6 * n - 5, 6 * n)
        }
        [_, m] => {
            two_digits(m, "month")?;
            let m = small(m, 1, 12, "month")?;
            month_span(year, m, m)
        }
        [_, m, d] => {
            two_digits(m, "month")?;
            two_digits(d, "day")?;
            let m = small(m, 1, 12, "month")?;
            let d = small(d, 1, days_in_month(year, m), "day")?;
            let day = days_from_civil(year, m, d);
            Ok(Span {
                start: day,
                end: day,
            })
        }
        _ => Err("expected YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD".into()),
    }
}

fn parse_year(s: &str) -> std::result::Result<i32, String> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("year {s:?} is not four digits"));
    }
    s.parse().map_err(|_| format!("year {s:?} is not a number"))
}

fn two_digits(s: &str, what: &str) -> std::result::Result<(), String> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!("{what} {s:?} is not two digits"))
    }
}

fn small(s: &str, lo: u32, hi: u32, what: &str) -> std::result::Result<u32, String> {
    match s.parse::<u32>() {
        Ok(n) if (lo..=hi).contains(&n) && s.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!("{what} {s:?} is not between {lo} and {hi}")),
    }
}

fn month_span(year: i32, first: u32, last: u32) -> std::result::Result<Span, String> {
    Ok(Span {
        start: days_from_civil(year, first, 1),
        end: days_from_civil(year, last, days_in_month(year, last)),
    })
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a calendar date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> Day {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day number.
pub fn civil_from_days(z: Day) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// `YYYY-MM-DD`.
pub fn format_day(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the Unix epoch: how review and waiver times are
/// written, so that they sort as text.
pub fn format_timestamp(unix_seconds: i64) -> String {
    let day = unix_seconds.div_euclid(86_400) as Day;
    let secs = unix_seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        format_day(day),
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Check a review or waiver time written as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    // ASCII first: the slices below must fall on character boundaries.
    text.is_ascii()
        && b.len() == 20
        && parse_date(&text[..10]).is_ok()
        && b[10] == b'T'
        && b[19] == b'Z'
        && b[13] == b':'
        && b[16] == b':'
        && [11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && &text[11..13] < "24"
        && &text[14..16] < "60"
        && &text[17..19] < "61"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Period::parse(text).unwrap().resolve(None)
    }

    #[test]
    fn publication_dates_are_calendar_dates() {
        assert!(parse_published("2024").is_ok());
        assert!(parse_published("2024-09").is_ok());
        assert!(parse_published("2024-09-30").is_ok());
        assert!(parse_published("2024-Q3").is_err());
        assert!(parse_published("2024-h2").is_err());
        assert!(parse_published("2024-09-31").is_err());
    }

    #[test]
    fn timestamps_are_utc_to_the_second() {
        assert!(is_timestamp("2024-11-24T09:30:00Z"));
        assert!(!is_timestamp("2024-11-24T24:30:00Z"));
        assert!(!is_timestamp("2024-11-24 09:30:00Z"));
        assert!(!is_timestamp("2024-Q1-24T09:30:00Z"));
        // 20 bytes, a character across the date's end: refused, not a panic.
        assert!(!is_timestamp("2024-11-2\u{e9}09:30:00Z"));
    }

    #[test]
    fn forms_cover_the_right_days() {
        assert_eq!(span("2023").to_string(), "2023-01-01/2023-12-31");
        assert_eq!(span("2023-Q1").to_string(), "2023-01-01/2023-03-31");
        assert_eq!(span("2023-Q4").to_string(), "2023-10-01/2023-12-31");
        assert_eq!(span("2023-H2").to_string(), "2023-07-01/2023-12-31");
        assert_eq!(span("2024-02").to_string(), "2024-02-01/2024-02-29");
        assert_eq!(span("2023-02").to_string(), "2023-02-01/2023-02-28");
        assert_eq!(span("2023-05-14").to_string(), "2023-05-14");
        assert_eq!(span("2022/2022-11-19").to_string(), "2022-01-01/2022-11-19");
    }

    #[test]
    fn equal_spans_are_equal_keys() {
        assert_eq!(span("2023"), span("2023-01-01/2023-12-31"));
        assert_eq!(span("2023"), span("2023-H1/2023-H2"));
    }

    #[test]
    fn open_end_runs_to_publication() {
        let p = Period::parse("2024-01/").unwrap();
        let published = parse_date("2024-11-05").unwrap();
        assert_eq!(
            p.resolve(Some(published)).to_string(),
            "2024-01-01/2024-11-05"
        );
        // A partial publication date: the last day it allows.
        let published = parse_date("2024-09").unwrap();
        assert_eq!(
            p.resolve(Some(published)).to_string(),
            "2024-01-01/2024-09-30"
        );
    }

    #[test]
    fn containment() {
        assert!(span("2023").contains(&span("2023-Q2")));
        assert!(span("2023-H1").contains(&span("2023-05-14")));
        assert!(!span("2023-H1").contains(&span("2023-07")));
        assert!(span("2023-H1").disjoint(&span("2023-07")));
        assert!(!span("2023").disjoint(&span("2023-12-31/2024-01-01")));
    }

    #[test]
    fn malformed_periods_are_refused_with_the_value() {
        for bad in [
            "",
            "23",
            "2023-13",
            "2023-Q5",
            "2023-H3",
            "2023-02-30",
            "2023-5",
            "2024/2023",
            "last year",
            "2023-05-14-01",
            "2023/2024/2025",
        ] {
            let err = Period::parse(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("{bad:?}")), "{bad}: {err}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for day in [-800_000, -1, 0, 1, 59, 60, 365, 11_016, 19_999, 800_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(1_732_406_400), "2024-11-24T00:00:00Z");
        assert!(is_timestamp("2024-11-24T00:00:00Z"));
        assert!(!is_timestamp("2024-11-24 00:00:00"));
    }
}
