//! Numbers that are not statistics: what `figures` skips before reading (years, dates, times,
//! durations, ages, ordinals, phone numbers, web addresses, reference numbers, compound
//! modifiers, names and versions, page furniture) and after reading ("one" alone, "twice"
//! meaning how often, "the two" referring back, "the first half" naming a period).

use super::periods::MONTHS;
use super::tokens::Token;
use crate::reading::is_figure_word;

/// A month's name or its abbreviation (`may`, `sept`).
fn is_month(w: &str) -> bool {
    MONTHS.contains(&w) || MONTH_ABBREVIATIONS.contains(&w)
}

const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

const UNITS: &[&str] = &[
    "second",
    "seconds",
    "sec",
    "secs",
    "minute",
    "minutes",
    "min",
    "mins",
    "hour",
    "hours",
    "hr",
    "hrs",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "yr",
    "yrs",
    "decade",
    "decades",
    "century",
    "centuries",
    "fortnight",
    "fortnights",
    "night",
    "nights",
];

/// Words before a year-like number that make it a quantity ("over 2000 people").
const QUANTIFIERS: &[&str] = &[
    "over",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "approximately",
    "roughly",
    "than",
    "least",
    "most",
    "estimated",
    "exceeding",
    "above",
    "below",
    "under",
];

const REFERENCES: &[&str] = &[
    "page",
    "p",
    "pp",
    "section",
    "article",
    "chapter",
    "clause",
    "no",
    "number",
    "resolution",
    "amendment",
    "paragraph",
    "para",
    "rule",
    "vol",
    "volume",
    "issue",
    "ward",
    "sector",
    "block",
    "phase",
    "route",
    "flight",
    "batch",
    "grade",
    "class",
    "tier",
    "category",
    "channel",
    "version",
    "room",
    "road",
    "street",
    "unit",
    "squadron",
    "brigade",
    "division",
    "corps",
    "ordinance",
    "act",
    "bill",
    "order",
    "pa",
    "na",
    "pp-",
    "na-",
];

const TIME_WORDS: &[&str] = &[
    "am", "pm", "a.m", "p.m", "gmt", "utc", "pst", "pkt", "ist", "o'clock", "hrs",
];

/// Words after `twice` or `N times` that make it a comparison (a change), not how often.
const COMPARED: &[&str] = &[
    "as", "the", "more", "higher", "larger", "greater", "bigger", "that", "than", "over",
    "compared", "what", "its", "their",
];

/// A span the reader read that is still no statistic: "one" alone, "twice" meaning how often,
/// "the two" referring back.
pub(super) fn after_reading(lower: &[String], i: usize, j: usize) -> Option<String> {
    let next = lower.get(j + 1).map(String::as_str).unwrap_or("");
    let prev = if i > 0 { lower[i - 1].as_str() } else { "" };
    if i == j && lower[i] == "one" {
        return Some("\"one\" alone is almost never a statistic (one of, one way)".into());
    }
    if i == j
        && matches!(lower[i].as_str(), "half" | "quarter" | "third")
        && matches!(
            prev,
            "first"
                | "second"
                | "third"
                | "fourth"
                | "last"
                | "final"
                | "latter"
                | "former"
                | "same"
        )
    {
        return Some(format!("\"{prev} {}\" names a part of a period", lower[i]));
    }
    if i == j && lower[i] == "scores" && next != "of" {
        return Some("\"scores\" without \"of\" is not a number (scores to settle)".into());
    }
    if matches!(lower[j].as_str(), "twice" | "thrice" | "times") && !COMPARED.contains(&next) {
        return Some(format!(
            "\"{}\" says how often, not a change (no comparison follows)",
            lower[i..=j].join(" ")
        ));
    }
    let word_number = !lower[i].bytes().any(|b| b.is_ascii_digit());
    if word_number
        && matches!(
            prev,
            "the" | "these" | "those" | "both" | "its" | "their" | "his" | "her"
        )
    {
        return Some(format!(
            "\"{prev} {}\" refers back to things already named, not a figure",
            lower[i]
        ));
    }
    None
}

/// Why the number at anchor `a` is not a statistic (and the words it covers), if it plainly
/// is not.
pub(super) fn not_a_statistic(
    text: &str,
    toks: &[Token],
    lower: &[String],
    a: usize,
) -> Option<(usize, usize, String)> {
    let w = lower[a].as_str();
    let chunk = &text[toks[a].chunk_start..toks[a].chunk_end];
    let prev = if a > 0 { lower[a - 1].as_str() } else { "" };
    let next = lower.get(a + 1).map(String::as_str).unwrap_or("");
    let next2 = lower.get(a + 2).map(String::as_str).unwrap_or("");
    let digits = w.bytes().filter(u8::is_ascii_digit).count();
    let only = |allowed: &str| w.chars().all(|c| c.is_ascii_digit() || allowed.contains(c));
    let reason = |s: &str| Some((a, a, s.to_string()));

    if chunk.contains('@') || chunk.contains("://") || chunk.to_lowercase().contains("www.") {
        return reason("part of a web or email address");
    }
    if let Some(n) = w
        .strip_suffix("st")
        .or(w.strip_suffix("nd"))
        .or(w.strip_suffix("rd"))
        .or(w.strip_suffix("th"))
    {
        if n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() {
            return reason("an ordinal (21st, 18th), not a statistic");
        }
    }
    // Durations, ages and page furniture: a number followed by a unit of time.
    let unit_of = |s: &str| UNITS.contains(&s);
    let (compound_unit, compound_old) = match w.split_once('-') {
        Some((n, rest)) if is_number(n) => {
            let mut parts = rest.split('-');
            let u = parts.next().unwrap_or("");
            (unit_of(u), parts.next() == Some("old"))
        }
        _ => (false, false),
    };
    if compound_old || (unit_of(next) && next2 == "old") || matches!(prev, "aged" | "age" | "ages")
    {
        let end = if unit_of(next) && next2 == "old" {
            a + 2
        } else {
            a
        };
        return Some((a, end, "an age, not a statistic".into()));
    }
    if unit_of(next) && next2 == "ago" {
        return Some((
            a,
            a + 2,
            "page furniture (a time stamp such as \"1 hour ago\")".into(),
        ));
    }
    if unit_of(next) || compound_unit {
        let end = if unit_of(next) { a + 1 } else { a };
        return Some((a, end, "a duration (how long), not a statistic".into()));
    }
    if !w.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if is_iso_date(w) || is_slash_date(w) {
        return reason("a date, not a statistic");
    }
    if is_clock(w)
        || (digits <= 4 && TIME_WORDS.contains(&next.trim_end_matches('.')))
        || w.ends_with("am") && only("am")
        || w.ends_with("pm") && only("pm")
    {
        return reason("a time of day, not a statistic");
    }
    if is_phone(w, prev) {
        return reason("a phone number, not a statistic");
    }
    if digits <= 2 && only("") && (is_month(prev) || is_month(next)) {
        return reason("a date (a day of a month), not a statistic");
    }
    if is_year(w) && !QUANTIFIERS.contains(&prev) {
        return reason("a year (a date), not a statistic");
    }
    if REFERENCES.contains(&prev.trim_end_matches('.')) {
        return reason("a reference or name number (page 12, No. 3), not a statistic");
    }
    if let Some((n, rest)) = w.split_once('-') {
        if is_number(n)
            && rest.chars().all(|c| c.is_ascii_lowercase())
            && !matches!(rest, "fold" | "plus" | "odd")
        {
            return reason("a number inside a compound modifier (26-member, 4-nation): it describes, it does not count");
        }
    }
    let prev_raw = if a > 0 {
        &text[toks[a - 1].start..toks[a - 1].end]
    } else {
        ""
    };
    if w.contains('.')
        && only(".")
        && a > 1
        && !toks[a].break_before
        && prev_raw.chars().next().is_some_and(char::is_uppercase)
        && !QUANTIFIERS.contains(&prev)
    {
        return reason("a name or version (Taliban 2.0), not a statistic");
    }
    None
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') || is_figure_word(s)
}

fn is_year(w: &str) -> bool {
    let year = |s: &str| {
        s.len() == 4
            && s.bytes().all(|b| b.is_ascii_digit())
            && (1800..=2100).contains(&s.parse::<u32>().unwrap_or(0))
    };
    if year(w) || w.strip_suffix('s').is_some_and(year) || w.strip_suffix("'s").is_some_and(year) {
        return true;
    }
    // 2023-24, 2007-2017, 2007–2017.
    let mut parts = w.split(['-', '–', '/']);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), None) => {
            year(a) && (year(b) || (b.len() == 2 && b.bytes().all(|c| c.is_ascii_digit())))
        }
        _ => false,
    }
}

fn is_iso_date(w: &str) -> bool {
    let p: Vec<&str> = w.split('-').collect();
    p.len() == 3
        && p[0].len() == 4
        && p[1..].iter().all(|x| (1..=2).contains(&x.len()))
        && p.iter().all(|x| x.bytes().all(|b| b.is_ascii_digit()))
}

fn is_slash_date(w: &str) -> bool {
    let p: Vec<&str> = w.split(['/', '.']).collect();
    p.len() == 3
        && p.iter()
            .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
        && p[0].len() <= 2
        && p[1].len() <= 2
        && (p[2].len() == 2 || p[2].len() == 4)
}

fn is_clock(w: &str) -> bool {
    let p: Vec<&str> = w.split(':').collect();
    (p.len() == 2 || p.len() == 3)
        && p.iter()
            .all(|x| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit()))
}

fn is_phone(w: &str, prev: &str) -> bool {
    let digits = w.bytes().filter(u8::is_ascii_digit).count();
    let phone_chars = w
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-()".contains(&b));
    if !phone_chars || digits < 7 {
        return matches!(
            prev,
            "tel" | "phone" | "call" | "fax" | "mobile" | "whatsapp" | "helpline"
        ) && digits >= 4;
    }
    w.starts_with('+')
        || w.starts_with('0')
        || w.matches('-').count() >= 2
        || w.contains('(')
        || digits >= 10
}
