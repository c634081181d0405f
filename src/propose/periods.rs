//! The periods a sentence mentions, in DESIGN's forms: `2023`, `2023-05`, `2023-05-14`,
//! `2024-Q1` ("the first quarter of 2024"), `2024-H2`, ranges `2007/2017` ("from 2007 to
//! 2017", "between 2007 and 2017", "2007-2017"), `2021/` ("since 2021": up to publication).
//! Mentions that say what a change is measured against ("compared to 2022", "since 2021",
//! "than in 2022", "as in 2022", "the previous year") are marked as bases.

use super::tokens::Token;

/// One period mentioned in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Where it starts in the text.
    pub at: usize,
    pub period: String,
    /// A base: what a change is measured against ("since 2021", "compared to 2022").
    pub base: bool,
}

/// A base given relative to the period: "compared to the previous year", "last year".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearBefore(pub usize);

/// The months' names, January first (also what `skip` knows a date by).
pub(super) const MONTHS: [&str; 12] = [
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

fn year(w: &str) -> Option<u32> {
    let w = w.trim_end_matches("'s");
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1800..=2100).contains(y))
}

fn month(w: &str) -> Option<usize> {
    MONTHS
        .iter()
        .position(|m| *m == w || ((3..=4).contains(&w.len()) && m.starts_with(w)))
        .map(|i| i + 1)
}

fn day(w: &str) -> Option<u32> {
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Every period `toks` (one sentence) mentions, in order, and a relative base if any.
pub fn mentions(text: &str, toks: &[Token]) -> (Vec<Mention>, Option<YearBefore>) {
    let w: Vec<String> = toks
        .iter()
        .map(|t| text[t.start..t.end].to_lowercase())
        .collect();
    let at = |i: usize| toks[i].start;
    let get = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let mut out = Vec::new();
    let mut relative = None;
    let mut i = 0;
    while i < w.len() {
        let prev = if i > 0 { get(i - 1) } else { "" };
        let prev2 = if i > 1 { get(i - 2) } else { "" };
        let base_word = matches!(prev, "since" | "than" | "over" | "from" | "on")
            || (matches!(prev, "to" | "with")
                && matches!(prev2, "compared" | "comparison" | "relative"))
            || (prev == "in" && matches!(prev2, "than" | "as"));
        // "the previous year", "last year", "the year before", "a year earlier".
        if matches!(get(i), "previous" | "preceding" | "last" | "prior") && get(i + 1) == "year"
            || get(i) == "year" && matches!(get(i + 1), "before" | "earlier" | "ago")
        {
            relative = relative.or(Some(YearBefore(at(i))));
        }
        // "2007-2017", "2023-24".
        if let Some((a, b)) = get(i).split_once(['-', '–']) {
            if let (Some(y1), true) = (year(a), b.bytes().all(|c| c.is_ascii_digit())) {
                let y2 = match b.len() {
                    4 => year(b),
                    2 => Some(y1 / 100 * 100 + b.parse::<u32>().unwrap_or(0)),
                    _ => None,
                };
                if let Some(y2) = y2.filter(|y2| *y2 > y1) {
                    out.push(Mention {
                        at: at(i),
                        period: format!("{y1}/{y2}"),
                        base: false,
                    });
                    i += 1;
                    continue;
                }
            }
        }
        let Some(y) = year(get(i)) else {
            i += 1;
            continue;
        };
        // "from 2007 to 2017", "between 2007 and 2017".
        if matches!(get(i + 1), "to" | "until" | "through" | "and" | "till")
            && matches!(prev, "from" | "between")
        {
            if let Some(y2) = year(get(i + 2)).filter(|y2| *y2 > y) {
                out.push(Mention {
                    at: at(i),
                    period: format!("{y}/{y2}"),
                    base: false,
                });
                i += 3;
                continue;
            }
        }
        // "the first quarter of 2024", "the second half of 2023".
        if prev == "of" && matches!(prev2, "quarter" | "half") && i >= 3 {
            let n = match get(i - 3) {
                "first" | "1st" => Some(1),
                "second" | "2nd" => Some(2),
                "third" | "3rd" => Some(3),
                "fourth" | "4th" | "last" | "final" => Some(if prev2 == "half" { 2 } else { 4 }),
                _ => None,
            };
            if let Some(n) = n.filter(|n| prev2 == "quarter" || *n <= 2) {
                let q = if prev2 == "quarter" { 'Q' } else { 'H' };
                out.push(Mention {
                    at: at(i - 3),
                    period: format!("{y}-{q}{n}"),
                    base: false,
                });
                i += 1;
                continue;
            }
        }
        // "December 2022", "December 24, 2024", "24 December 2024".
        let dated = if let Some(m) = month(prev) {
            Some(match day(prev2) {
                Some(d) => (m, Some(d), i - 2),
                None => (m, None, i - 1),
            })
        } else {
            match (day(prev), month(prev2)) {
                (Some(d), Some(m)) => Some((m, Some(d), i - 2)),
                _ => None,
            }
        };
        let (period, start, base) = match dated {
            Some((m, Some(d), s)) => (
                format!("{y}-{m:02}-{d:02}"),
                s,
                s > 0 && matches!(get(s - 1), "since"),
            ),
            Some((m, None, s)) => (
                format!("{y}-{m:02}"),
                s,
                s > 0 && matches!(get(s - 1), "since"),
            ),
            None => (y.to_string(), i, base_word),
        };
        out.push(Mention {
            at: at(start),
            period,
            base,
        });
        i += 1;
    }
    (out, relative)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::propose::tokens::tokenize;

    fn periods(t: &str) -> Vec<(String, bool)> {
        mentions(t, &tokenize(t, 0, t.len()))
            .0
            .into_iter()
            .map(|m| (m.period, m.base))
            .collect()
    }

    #[test]
    fn forms() {
        let p = |s: &str, b| (s.to_string(), b);
        assert_eq!(
            periods("attacks in 2023 compared to 2022"),
            [p("2023", false), p("2022", true)]
        );
        assert_eq!(
            periods("the first quarter of 2024 saw"),
            [p("2024-Q1", false)]
        );
        assert_eq!(
            periods("from 2007 to 2017, and since 2021"),
            [p("2007/2017", false), p("2021", true)]
        );
        assert_eq!(
            periods("Since the start of December 2022, it"),
            [p("2022-12", false)]
        );
        assert_eq!(
            periods("On December 24, 2024, jets"),
            [p("2024-12-24", false)]
        );
        assert_eq!(periods("in fiscal 2023-24"), [p("2023/2024", false)]);
        let t = "in 2023 compared to the previous year";
        assert!(mentions(t, &tokenize(t, 0, t.len())).1.is_some());
    }
}
