//! How findings word claims, keys, periods and intervals: one place, so that every message
//! and every working reads the same way and a reviewer can redo the arithmetic by hand.

use super::index::{Ctx, Group};
use super::model::{ClaimFacts, PlaceSet};
use crate::exact::Num;
use crate::interval::{fmt_num, Interval};
use crate::period::{civil_from_days, Span};
use crate::reading::Kind;

/// A count as a person writes it: `306` when exact, else the interval `[279, 310]`.
pub(super) fn num(iv: &Interval) -> String {
    iv.as_exact().map_or_else(|| iv.to_string(), fmt_num)
}

/// A percentage: `+16.79%` when exact (rounded to hundredths, as a reviewer would write a
/// recomputed change; the comparison itself used the exact value), else `[14.5, 18.3)%`.
pub(super) fn pct(iv: &Interval, signed: bool) -> String {
    match iv.as_exact() {
        Some(x) if signed && *x > Num::ZERO => format!("+{}%", fmt_num(&x.round_to(2))),
        Some(x) => format!("{}%", fmt_num(&x.round_to(2))),
        None => format!("{}%", iv),
    }
}

/// A period in the shortest of DESIGN's forms: `2023`, `2023-H1`, `2023-Q2`, `2023-05`,
/// `2023-05-14`, else `START/END` (Span's own form), so that messages read like the ledger.
pub(super) fn period(span: Span) -> String {
    let (y1, m1, d1) = civil_from_days(span.start);
    let (y2, m2, _) = civil_from_days(span.end);
    if span.start == span.end {
        return span.to_string();
    }
    // A month's last day is the day before the first of the next month.
    let ends_month = civil_from_days(span.end + 1).2 == 1;
    if y1 != y2 || d1 != 1 || !ends_month {
        return span.to_string();
    }
    match (m1, m2) {
        (1, 12) => format!("{y1:04}"),
        (a, b) if a == b => format!("{y1:04}-{a:02}"),
        (1, 6) => format!("{y1:04}-H1"),
        (7, 12) => format!("{y1:04}-H2"),
        (a, b) if b == a + 2 && a % 3 == 1 => format!("{y1:04}-Q{}", a / 3 + 1),
        _ => span.to_string(),
    }
}

/// `balochistan+khyber-pakhtunkhwa`.
pub(super) fn places(ctx: &Ctx<'_>, set: PlaceSet) -> String {
    let mut out = String::new();
    for (n, &p) in ctx.places(set).iter().enumerate() {
        if n > 0 {
            out.push('+');
        }
        out.push_str(ctx.name(p));
    }
    out
}

/// What a claim is about: `fatalities in pakistan in 2024`, `the change in ... over 2022`,
/// `the share of ... of pakistan`.
pub(super) fn about(ctx: &Ctx<'_>, c: &ClaimFacts) -> String {
    let base = sentence!(
        "{} in {} in {}",
        ctx.name(c.metric),
        places(ctx, c.places),
        period(c.period)
    );
    match c.kind {
        Kind::Count => base,
        Kind::Change => match c.base {
            Some(b) => sentence!("the change in {base} over {}", period(b)),
            None => sentence!("the change in {base}"),
        },
        Kind::Share => match c.of {
            Some(w) => sentence!("the share of {base} in {}", ctx.name(w)),
            None => sentence!("the share of {base}"),
        },
    }
}

/// What claim `i` states, as a recomputation's finding opens (`tail` says what the counts
/// give instead): `er-04 credits pips with "51%" for ..., but {tail}.` for an L004 (a claim
/// credited to an org against that org's own counts), else `er-04 gives ... as "51%", but
/// {tail}.`
pub(super) fn recomputed(ctx: &Ctx<'_>, i: u32, code: &str, tail: &str) -> String {
    let c = ctx.claim(i);
    let (id, printed, about) = (ctx.id(i), ctx.name(c.printed), about(ctx, c));
    match ctx
        .credited(i)
        .map(|x| ctx.name(x))
        .filter(|_| code == "L004")
    {
        Some(x) => sentence!("{id} credits {x} with \"{printed}\" for {about}, but {tail}."),
        None => sentence!("{id} gives {about} as \"{printed}\", but {tail}."),
    }
}

/// Who a claim speaks for and where it was printed: `pips's own figure in pips-2024`,
/// `credited to pips in dawn-1`, `in dawn-1`.
pub(super) fn who(ctx: &Ctx<'_>, i: u32) -> String {
    let src = &ctx.source_of(i).id;
    match (ctx.primary_org(i), ctx.credited(i)) {
        (Some(x), _) => sentence!("{}'s own figure in {src}", ctx.name(x)),
        (None, Some(x)) => sentence!("credited to {} in {src}", ctx.name(x)),
        (None, None) => sentence!("in {src}"),
    }
}

/// `er-04 ("51% increase", credited to pips in dawn-1)`.
pub(super) fn named(ctx: &Ctx<'_>, i: u32) -> String {
    let c = ctx.claim(i);
    sentence!(
        "{} (\"{}\", {})",
        ctx.id_of(c),
        ctx.name(c.printed),
        who(ctx, i)
    )
}

/// `er-04 reads "51% increase" as [50.5, 51.5)`.
pub(super) fn reads(ctx: &Ctx<'_>, c: &ClaimFacts) -> String {
    sentence!(
        "{} reads \"{}\" as {}",
        ctx.id_of(c),
        ctx.name(c.printed),
        c.reading
    )
}

/// `306 (pips-23-attacks)`.
pub(super) fn value_of(ctx: &Ctx<'_>, c: &ClaimFacts) -> String {
    format!("{} ({})", num(&c.reading), ctx.id_of(c))
}

/// Whose counts a computation used: `pips's own figures`, `the counts of source dawn-1`.
pub(super) fn group(ctx: &Ctx<'_>, g: Group) -> String {
    match g {
        Group::Org(x) => format!("{}'s own figures", ctx.name(x)),
        Group::Source(s) => format!("the counts of source {}", ctx.sources[s].id),
    }
}

/// A publication date as it was given: a partial date (`2024-09`) reads as itself.
pub(super) fn published(span: Option<Span>) -> String {
    span.map(period).unwrap_or_else(|| "an unknown date".into())
}

/// Claim ids joined for a message: `a, b and c`.
pub(super) fn list(ids: &[&str]) -> String {
    match ids {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Keeps a long quote readable in a one-line message.
pub(super) fn excerpt(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max_chars).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::days_from_civil;

    fn span(a: (i32, u32, u32), b: (i32, u32, u32)) -> Span {
        Span {
            start: days_from_civil(a.0, a.1, a.2),
            end: days_from_civil(b.0, b.1, b.2),
        }
    }

    #[test]
    fn periods_read_as_written() {
        assert_eq!(period(span((2023, 1, 1), (2023, 12, 31))), "2023");
        assert_eq!(period(span((2023, 7, 1), (2023, 12, 31))), "2023-H2");
        assert_eq!(period(span((2023, 4, 1), (2023, 6, 30))), "2023-Q2");
        assert_eq!(period(span((2024, 2, 1), (2024, 2, 29))), "2024-02");
        assert_eq!(period(span((2023, 5, 14), (2023, 5, 14))), "2023-05-14");
        assert_eq!(
            period(span((2023, 2, 1), (2023, 3, 31))),
            "2023-02-01/2023-03-31"
        );
        assert_eq!(
            period(span((2022, 1, 1), (2023, 12, 31))),
            "2022-01-01/2023-12-31"
        );
    }

    #[test]
    fn numbers_and_lists() {
        assert_eq!(num(&Interval::exact(Num::from(306))), "306");
        assert_eq!(pct(&Interval::exact(Num::ratio(33, 2)), true), "+16.5%");
        assert_eq!(pct(&Interval::exact(Num::from(-20)), true), "-20%");
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(excerpt("abcdef", 3), "abc…");
    }
}
