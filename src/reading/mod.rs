//! Reading printed figures (DESIGN "Reading printed figures"): the text of `printed` becomes a
//! [`Reading`], the interval of values it allows, keeping its hedge. Pure: no database; the
//! tolerance `t` comes from the caller (the ledger's settings), which keeps it in `[0, 1)`.
//!
//! The reader never guesses: whatever is outside the vocabulary below is
//! [`Error::Unreadable`] with what was not understood.
//!
//! Vocabulary (case-blind, whole words, runs of spaces are one space):
//! - numbers: `1612`, `1,612`, `1,50,000` (South Asian grouping), `17.3`; `zero`..`twenty`,
//!   `a hundred`, `a thousand`, `a dozen`; scale words `thousand`, `million`, `billion`,
//!   `lakh(s)`, `crore(s)` after a number. Precision is computed from the decimal text.
//! - percent: `%`, `percent`, `per cent`, `pc`.
//! - hedges (the `hedge` field): `over` (over, more than, above, exceeding, in excess of,
//!   well over/above), `just-over` (just over/above: `(x, x(1+t)]`), `at-least` (at least,
//!   no/not less than, no fewer than, upwards of, `x or more`, `x+`, `x-plus`, `x plus`),
//!   `under` (under, less than, fewer than, below, well under/below), `at-most` (at most, up to,
//!   no/not more than), `nearly` (nearly, almost, close to, just under/below), `about` (about,
//!   around, approximately, roughly, some, estimated, an estimated, `~`). Without a hedge:
//!   `exact` (a bare whole count), `precision` (a decimal, a scale word, any percentage),
//!   `range` (`between x and y`, `x to y`, `x-y` with any dash), `vague` (below), `multiple`
//!   (a multiple without a hedge word; it reads as `about`).
//! - vague: dozens [24, 144), scores [40, 200), hundreds [200, 1000), thousands [2000, 10^6),
//!   tens of thousands [2*10^4, 10^5), hundreds of thousands [2*10^5, 10^6), millions
//!   [2*10^6, 10^9); each may be followed by `of`.
//! - multiples (change only): double(d)/doubling/twofold, triple(d)/tripling/threefold,
//!   quadruple(d)/quadrupling/fourfold, fivefold..tenfold, halved/halving, and `2x`, `2 times`,
//!   `2-fold`, `two-fold`, `1.5 times`.
//! - direction words (change only), anywhere: see `UP` and `DOWN`; a leading `+` or `-`
//!   before a number is a direction too (`-20%`). With a direction word these fillers may
//!   appear: a, an, of, by, in, the, marked, recorded, registered, saw, has, have, had, was,
//!   were (`an increase of 27 percent`); without one they are unknown words.
//!
//! Decisions where DESIGN is silent:
//! - A hedge replaces the number's own precision (`over 1.5 million` = (1500000, ∞)).
//! - A range takes the second number's scale word when only the second has one
//!   (`1.5-2 million`), and its percent sign (`20-30%`); `20% to 30` is refused.
//! - A change is bounded below by -100% (`fell by more than 20%` = [-100, -20)); a fall past
//!   -100% is refused. A directed change keeps its sign even when hedged: `rose by less than
//!   20%` = [0, 20).
//! - Hedges on a multiple below 1 mirror, since they speak of the fall: `more than halved` =
//!   ×[0, 0.5), `nearly halved` = ×[0.5, 0.55]. `under`/`at most` and ranges of multiples are
//!   refused as ambiguous, and so is a fall word with a multiple above 1 (or a rise word with
//!   one below 1).
//! - Punctuation is refused, a trailing full stop included: `printed` is the figure, not the
//!   sentence. Apostrophes, `hundred` alone, `k`/`m`/`bn` suffixes, `percentage points` and
//!   levels such as `rose to 51%` are refused too.
//! - Numbers keep at most 15 significant digits, so every bound is one correctly rounded
//!   division of exact integers.

use crate::error::{Error, Result};
use crate::interval::{fmt_num, Interval};

mod lex;
use lex::*;

const INF: f64 = f64::INFINITY;

/// The tolerance `t` when a ledger's settings name none (DESIGN: 10%).
pub const DEFAULT_TOLERANCE: f64 = 0.10;

/// A tolerance as written in `settings.csv`: a number from 0 up to (not including) 1.
pub fn parse_tolerance(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|t| (0.0..1.0).contains(t))
}

/// Internal results carry only the `why` of [`Error::Unreadable`]; `read` adds `printed`.
type Why<T> = std::result::Result<T, String>;

/// The three kinds of claim (DESIGN "Claims: the three kinds").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Count,
    Change,
    Share,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Change => "change",
            Kind::Share => "share",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "count" => Some(Kind::Count),
            "change" => Some(Kind::Change),
            "share" => Some(Kind::Share),
            _ => None,
        }
    }
}

/// What a reading's numbers measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percent,
    PercentChange,
}

impl Unit {
    pub fn as_str(&self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::PercentChange => "percent-change",
        }
    }
}

/// How the ledger understood one printed figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub kind: Kind,
    pub unit: Unit,
    /// One of the names in the module doc.
    pub hedge: &'static str,
    /// The central printed figure in `unit`, signed for a change; `None` for ranges and vague
    /// words.
    pub value: Option<f64>,
    pub interval: Interval,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Hedge {
    Over,
    JustOver,
    AtLeast,
    Under,
    AtMost,
    Nearly,
    About,
}

impl Hedge {
    fn name(self) -> &'static str {
        match self {
            Hedge::Over => "over",
            Hedge::JustOver => "just-over",
            Hedge::AtLeast => "at-least",
            Hedge::Under => "under",
            Hedge::AtMost => "at-most",
            Hedge::Nearly => "nearly",
            Hedge::About => "about",
        }
    }

    /// The values a hedged non-negative magnitude `x` allows.
    fn apply(self, x: f64, t: f64) -> Interval {
        let d = x * t;
        match self {
            Hedge::Over => Interval::new(x, true, INF, true),
            Hedge::JustOver => Interval::new(x, true, x + d, false),
            Hedge::AtLeast => Interval::new(x, false, INF, true),
            Hedge::Under => Interval::new(0.0, false, x, true),
            Hedge::AtMost => Interval::closed(0.0, x),
            Hedge::Nearly => Interval::closed(x - d, x),
            Hedge::About => Interval::closed(x - d, x + d),
        }
    }
}

/// The figure itself, once direction words and fillers are set aside.
#[derive(Debug, Clone, Copy)]
enum Core {
    /// A number with an optional hedge; `true` when it is a percentage.
    Plain(Option<Hedge>, Dec, bool),
    Range(Dec, Dec, bool),
    Vague(f64, f64),
    Mult(Option<Hedge>, Dec),
}

const SHAPES: &str = "expected one number with at most one hedge (over 1,612), a range (between 10 and 20), a multiple (doubled) or a vague word (dozens)";

fn core(items: &[Item]) -> Why<Core> {
    let take_pct = |s: &[Item]| match s {
        [Item::Pct, rest @ ..] => (true, rest.to_vec()),
        _ => (false, s.to_vec()),
    };
    let (prefix, s) = match items {
        [p @ (Item::Hedge(_) | Item::Between), rest @ ..] => (Some(*p), rest),
        _ => (None, items),
    };
    let hedge = match prefix {
        Some(Item::Hedge(h)) => Some(h),
        _ => None,
    };
    let between = prefix == Some(Item::Between);
    match s {
        [Item::Vague(lo, hi)] if prefix.is_none() => Ok(Core::Vague(*lo, *hi)),
        [Item::Mult(m)] if !between => Ok(Core::Mult(hedge, *m)),
        [Item::Mult(m), Item::OrMore] if prefix.is_none() => {
            Ok(Core::Mult(Some(Hedge::AtLeast), *m))
        }
        [Item::Num(num), rest @ ..] => {
            let (pct, rest) = take_pct(rest);
            match rest.as_slice() {
                [] if !between => Ok(Core::Plain(hedge, *num, pct)),
                [Item::OrMore] if prefix.is_none() => {
                    Ok(Core::Plain(Some(Hedge::AtLeast), *num, pct))
                }
                [sep @ (Item::And | Item::To | Item::Dash), Item::Num(hi), rest @ ..]
                    if hedge.is_none() && between == (*sep == Item::And) =>
                {
                    let (pct2, rest) = take_pct(rest);
                    if !rest.is_empty() {
                        return Err(format!("unexpected words after the range; {SHAPES}"));
                    }
                    if pct && !pct2 {
                        return Err("a range with a percent sign on its first number only".into());
                    }
                    let mut lo = *num;
                    if lo.scale == 0 {
                        lo.scale = hi.scale;
                    }
                    let (a, b) = (lo.value(1), hi.value(1));
                    if a > b {
                        let (a, b) = (fmt_num(a), fmt_num(b));
                        return Err(format!("the range runs backwards: {a} is more than {b}"));
                    }
                    Ok(Core::Range(lo, *hi, pct2))
                }
                _ => Err(SHAPES.into()),
            }
        }
        _ if !s
            .iter()
            .any(|i| matches!(i, Item::Num(_) | Item::Mult(_) | Item::Vague(..))) =>
        {
            Err("there is no number in it".into())
        }
        _ => Err(SHAPES.into()),
    }
}

/// Infer the kind when the user gives none: a multiple or direction word -> Change; a percent ->
/// Share; else Count. Unreadable text is a Count, so that `read` reports what is wrong with it.
pub fn infer_kind(printed: &str) -> Kind {
    let Ok(items) = lex(printed).and_then(|t| recognize(&t)) else {
        return Kind::Count;
    };
    if items
        .iter()
        .any(|(i, _)| matches!(i, Item::Mult(_) | Item::Dir(_)))
    {
        Kind::Change
    } else if items.iter().any(|(i, _)| *i == Item::Pct) {
        Kind::Share
    } else {
        Kind::Count
    }
}

/// Read `printed` as `kind`, with tolerance `t` (the ledger's setting, 0.10 by default).
/// Anything outside the vocabulary is `Error::Unreadable` saying what was not understood.
pub fn read(printed: &str, kind: Kind, t: f64) -> Result<Reading> {
    debug_assert!((0.0..1.0).contains(&t), "tolerance {t} outside [0, 1)");
    read_why(printed, kind, t).map_err(|why| Error::Unreadable {
        printed: printed.to_string(),
        why,
    })
}

fn read_why(printed: &str, kind: Kind, t: f64) -> Why<Reading> {
    let toks = lex(printed)?;
    if toks.is_empty() {
        return Err("it is empty".into());
    }
    let mut dir: Option<(bool, String)> = None;
    let mut filler = None;
    let mut items = Vec::new();
    for (item, text) in recognize(&toks)? {
        match item {
            Item::Dir(up) => match &dir {
                Some((d, first)) if *d != up => {
                    return Err(format!(
                        "\"{first}\" and \"{text}\" point in opposite directions"
                    ))
                }
                _ => dir = Some((up, text)),
            },
            Item::Filler => filler = filler.or(Some(text)),
            _ => items.push(item),
        }
    }
    if let (Some(w), None) = (&filler, &dir) {
        return Err(format!(
            "unknown word \"{w}\" (such words are read only around a direction word: an increase of 20%)"
        ));
    }
    let core = core(&items)?;
    let pct = matches!(core, Core::Plain(.., true) | Core::Range(.., true));
    let (unit, floor, ceiling) = match kind {
        Kind::Count => (Unit::Count, 0.0, INF),
        Kind::Share => (Unit::Percent, 0.0, 100.0),
        Kind::Change => (Unit::PercentChange, -100.0, INF),
    };
    match (kind, &dir) {
        (Kind::Count | Kind::Share, Some((_, w))) => {
            return Err(format!("\"{w}\" makes this a change; use --kind change"))
        }
        (Kind::Count, _) if pct => {
            return Err("a percentage is not a count; use --kind share or change".into())
        }
        (Kind::Count | Kind::Share, _) if matches!(core, Core::Mult(..)) => {
            return Err("a multiple is a change; use --kind change".into())
        }
        (Kind::Share, _) if !pct => {
            return Err("a share must be a percentage (51%, 51 percent); for a number of things use --kind count".into())
        }
        (Kind::Change, _) if !pct && !matches!(core, Core::Mult(..)) => {
            return Err("a change must be a percentage or a multiple (51% increase, doubled); for a number of things use --kind count".into())
        }
        _ => {}
    }
    let down = matches!(dir, Some((false, _)));
    let sign = if down { -1 } else { 1 };
    let flip = |iv: Interval| {
        if down {
            Interval::new(-iv.upper, iv.upper_open, -iv.lower, iv.lower_open)
        } else {
            iv
        }
    };
    let (hedge, value, interval) = match core {
        Core::Plain(None, num, pct) if pct || num.rounded() => {
            ("precision", Some(num.value(sign)), num.precision(sign))
        }
        Core::Plain(None, num, _) => ("exact", Some(num.value(1)), Interval::exact(num.value(1))),
        Core::Plain(Some(h), num, _) => (
            h.name(),
            Some(num.value(sign)),
            flip(h.apply(num.value(1), t)),
        ),
        Core::Range(lo, hi, _) => (
            "range",
            None,
            flip(Interval::closed(lo.value(1), hi.value(1))),
        ),
        Core::Vague(lo, hi) => ("vague", None, Interval::new(lo, false, hi, true)),
        Core::Mult(hedge, m) => {
            let (value, interval) = multiple(hedge, m, dir.as_ref().map(|d| d.0), t)?;
            (hedge.map_or("multiple", Hedge::name), Some(value), interval)
        }
    };
    if interval.is_empty() {
        return Err(format!("it allows no value at all (with tolerance {t})"));
    }
    let interval = interval.clip(floor, ceiling);
    if interval.is_empty() {
        return Err(match kind {
            Kind::Count => "a count cannot be below zero",
            Kind::Share => "a share lies between 0% and 100%",
            Kind::Change => "nothing counted can fall by more than 100%",
        }
        .into());
    }
    Ok(Reading {
        kind,
        unit,
        hedge,
        value,
        interval,
    })
}

/// A multiple as a percent change. The hedge applies to the new level in percent of the base,
/// so that doubled = [180, 220] - 100 comes out without rounding noise.
fn multiple(hedge: Option<Hedge>, m: Dec, up: Option<bool>, t: f64) -> Why<(f64, Interval)> {
    let level = ratio(m.mant * 100, m.exp(), 1.0);
    if level <= 0.0 {
        return Err("a multiple must be above zero".into());
    }
    match (up, level > 100.0, level < 100.0) {
        (Some(false), true, _) => {
            return Err(
                "a fall word with a multiple above 1 is ambiguous; write the percentage".into(),
            )
        }
        (Some(true), _, true) => {
            return Err(
                "a rise word with a multiple below 1 is ambiguous; write the percentage".into(),
            )
        }
        _ => {}
    }
    let d = level * t;
    let iv = match hedge.unwrap_or(Hedge::About) {
        Hedge::Under | Hedge::AtMost => {
            return Err(
                "\"under\" or \"at most\" with a multiple is ambiguous; write the percentage"
                    .into(),
            )
        }
        h if level >= 100.0 => h.apply(level, t),
        // Below 1 the hedge speaks of the fall: "more than halved" is less than half left.
        Hedge::About => Interval::closed(level - d, level + d),
        Hedge::Nearly => Interval::closed(level, level + d),
        Hedge::Over => Interval::new(0.0, false, level, true),
        Hedge::AtLeast => Interval::closed(0.0, level),
        Hedge::JustOver => Interval::new(level - d, false, level, true),
    };
    Ok((level - 100.0, iv.affine(1.0, -100.0)))
}

#[cfg(test)]
mod tests;
