//! The shape of a figure's items once directions, fillers, emphasis and money are set aside:
//! one number with at most one hedge, a range, a multiple, a fraction or a vague word.

use super::grammar::Item;
use super::{Core, Hedge, Why};
use crate::interval::fmt_num;

pub(super) const SHAPES: &str = "expected one number with at most one hedge (over 1,612), a range (between 10 and 20), a multiple (doubled), a fraction (two-thirds) or a vague word (dozens)";

pub(super) fn core(items: &[Item]) -> Why<Core> {
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
        [Item::Frac(n, d)] if !between => Ok(Core::Frac(hedge, *n, *d)),
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
                        let (a, b) = (fmt_num(&a), fmt_num(&b));
                        return Err(format!("the range runs backwards: {a} is more than {b}"));
                    }
                    Ok(Core::Range(lo, *hi, pct2))
                }
                _ => Err(SHAPES.into()),
            }
        }
        _ if !s.iter().any(|i| {
            matches!(
                i,
                Item::Num(_) | Item::Mult(_) | Item::Vague(..) | Item::Frac(..)
            )
        }) =>
        {
            Err("there is no number in it".into())
        }
        _ => Err(SHAPES.into()),
    }
}
