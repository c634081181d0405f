//! From recognised items to the interval: kinds and units checked, directions applied, hedges
//! and precision turned into exact bounds, then clipped to what the kind allows.

use super::grammar::{recognize, Item};
use super::lex::{lex, Dec};
use super::shape::core;
use super::{Core, Hedge, Kind, Reading, Unit, Why};
use crate::exact::Num;
use crate::interval::{fmt_num, Interval};

pub(super) fn read_why(printed: &str, kind: Kind, t: &Num) -> Why<Reading> {
    let toks = lex(printed)?;
    if toks.is_empty() {
        return Err("it is empty".into());
    }
    let mut dir: Option<(bool, String)> = None;
    let mut filler = None;
    let mut money: Option<&'static str> = None;
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
            Item::Emphasis => {}
            Item::Money(code) => match money {
                Some(first) if first != code => {
                    return Err(format!("two currencies in one figure ({first} and {code})"))
                }
                _ => money = Some(code),
            },
            _ => items.push(item),
        }
    }
    if let (Some(w), None) = (&filler, &dir) {
        return Err(format!(
            "unknown word \"{w}\" (such words are read only around a direction word: an increase of 20%)"
        ));
    }
    let core = core(&items)?;
    check_kind(kind, &core, dir.as_ref(), money)?;
    let (unit, floor, ceiling) = match (kind, money) {
        (Kind::Count, Some(code)) => (Unit::Money(code), Num::ZERO, Num::PosInf),
        (Kind::Count, None) => (Unit::Count, Num::ZERO, Num::PosInf),
        (Kind::Share, _) => (Unit::Percent, Num::ZERO, Num::from(100)),
        (Kind::Change, _) => (Unit::PercentChange, Num::from(-100), Num::PosInf),
    };
    if kind == Kind::Share {
        share_in_range(&core)?;
    }
    let down = matches!(dir, Some((false, _)));
    let sign = if down { -1 } else { 1 };
    let flip = |iv: Interval| if down { iv.negate() } else { iv };
    let mut loose = None;
    let (hedge, value, interval) = match core {
        Core::Plain(None, num, pct) if pct || num.rounded() => {
            let (lo, hi) = num.precision(sign);
            let (llo, lhi) = num.loose(sign);
            loose = Some(Interval::closed(llo, lhi));
            ("precision", Some(num.value(sign)), Interval::closed(lo, hi))
        }
        Core::Plain(None, num, _) => ("exact", Some(num.value(1)), Interval::exact(num.value(1))),
        Core::Plain(Some(h), num, _) => (
            h.name(),
            Some(num.value(sign)),
            flip(h.apply(&num.value(1), t)),
        ),
        Core::Range(lo, hi, _) => (
            "range",
            None,
            flip(Interval::closed(lo.value(1), hi.value(1))),
        ),
        Core::Vague(lo, hi) => (
            "vague",
            None,
            Interval::new(Num::from(lo), false, Num::from(hi), true),
        ),
        Core::Mult(hedge, m) => {
            let (value, interval) = multiple(hedge, m, dir.as_ref().map(|d| d.0), t)?;
            (hedge.map_or("multiple", Hedge::name), Some(value), interval)
        }
        Core::Frac(hedge, n, d) => {
            let x = Num::ratio(100 * n, d);
            let h = hedge.unwrap_or(Hedge::About);
            let name = hedge.map_or("fraction", Hedge::name);
            (name, Some(x.clone()), h.apply(&x, t))
        }
    };
    if interval.is_empty() {
        return Err(format!(
            "it allows no value at all (with tolerance {})",
            fmt_num(t)
        ));
    }
    let interval = interval.clip(&floor, &ceiling);
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
        loose: loose.map(|l| l.clip(&floor, &ceiling)),
    })
}

/// Refuses a figure whose words do not fit the kind, saying which kind they do fit.
fn check_kind(
    kind: Kind,
    core: &Core,
    dir: Option<&(bool, String)>,
    money: Option<&str>,
) -> Why<()> {
    let pct = matches!(core, Core::Plain(.., true) | Core::Range(.., true));
    let mult = matches!(core, Core::Mult(..));
    let frac = matches!(core, Core::Frac(..));
    if money.is_some() && (kind != Kind::Count || pct || mult || frac) {
        return Err(
            "an amount of money is a count in its currency (Rs 5 billion, $50.5 million)".into(),
        );
    }
    match (kind, dir) {
        // A sign before a plain number: a negative number, not a change word.
        (Kind::Count | Kind::Share, Some((_, w))) if (w == "-" || w == "+") && !pct => {
            return Err(format!(
                "a {} cannot be negative or signed; write it without \"{w}\" (a change is a \
                 percentage or a multiple: {w}5% with --kind change)",
                kind.as_str()
            ))
        }
        (Kind::Count | Kind::Share, Some((_, w))) => {
            return Err(format!("\"{w}\" makes this a change; use --kind change"))
        }
        _ => {}
    }
    match kind {
        Kind::Count if pct => {
            Err("a percentage is not a count; use --kind share or change".into())
        }
        Kind::Count | Kind::Share if mult => Err("a multiple is a change; use --kind change".into()),
        Kind::Count | Kind::Change if frac => {
            Err("a fraction (two-thirds, one in five) is a share; use --kind share".into())
        }
        Kind::Share if !pct && !frac => Err(
            "a share must be a percentage or a fraction (51%, two-thirds); for a number of things use --kind count"
                .into(),
        ),
        // `-5`: a signed number is neither a count (never negative) nor a change (no percent).
        Kind::Change if !pct && !mult && matches!(dir, Some((_, w)) if w == "-" || w == "+") => Err(
            "a change must be a percentage or a multiple: write it with its percent sign (-5%); a count cannot be negative"
                .into(),
        ),
        Kind::Change if !pct && !mult => Err(
            "a change must be a percentage or a multiple (51% increase, doubled); for a number of things use --kind count"
                .into(),
        ),
        _ => Ok(()),
    }
}

/// A share's printed numbers lie in [0, 100]: `between 50% and 150%` is refused like `150%`,
/// not clipped.
fn share_in_range(core: &Core) -> Why<()> {
    let above = |d: &Dec| d.value(1) > Num::from(100);
    let over = match core {
        Core::Plain(_, d, _) if above(d) => Some(*d),
        Core::Range(lo, hi, _) => [lo, hi].into_iter().find(|d| above(d)).copied(),
        _ => None,
    };
    match over {
        Some(d) => Err(format!(
            "a share lies between 0% and 100%: {}% is above it",
            fmt_num(&d.value(1))
        )),
        None => Ok(()),
    }
}

/// A multiple as a percent change. The hedge applies to the new level in percent of the base,
/// so that doubled = [180, 220] − 100.
fn multiple(hedge: Option<Hedge>, m: Dec, up: Option<bool>, t: &Num) -> Why<(Num, Interval)> {
    let hundred = Num::from(100);
    let level = m.value(1).mul(&hundred);
    if level <= Num::ZERO {
        return Err("a multiple must be above zero".into());
    }
    match (up, level > hundred, level < hundred) {
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
    let d = level.mul(t);
    let zero = Num::ZERO;
    let iv = match hedge.unwrap_or(Hedge::About) {
        Hedge::Under | Hedge::AtMost | Hedge::AsManyAs => {
            return Err(
                "\"under\" or \"at most\" with a multiple is ambiguous; write the percentage"
                    .into(),
            )
        }
        h if level >= hundred => h.apply(&level, t),
        // Below 1 the hedge speaks of the fall: "more than halved" is less than half left.
        Hedge::About => Interval::closed(level.sub(&d), level.add(&d)),
        Hedge::Nearly => Interval::closed(level.clone(), level.add(&d)),
        Hedge::Over => Interval::new(zero, false, level.clone(), true),
        Hedge::AtLeast => Interval::closed(zero, level.clone()),
        Hedge::JustOver => Interval::new(level.sub(&d), false, level.clone(), true),
        Hedge::Exactly => Interval::exact(level.clone()),
    };
    let minus = hundred.neg();
    Ok((level.add(&minus), iv.affine(&Num::from(1), &minus)))
}
