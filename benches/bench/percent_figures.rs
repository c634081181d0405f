//! Printed shares and changes (percentages): the words, and the interval DESIGN's reading
//! rules give them, hedged or rounded so that the reading contains the true value. Rounded
//! figures follow each common rule in turn (half up, half down, half to even), so that a
//! consistent ledger holds every figure a careful writer could print, boundaries included.

use crate::figures::{num, t};
use crate::rng::mix;
use claimledger::exact::Num;
use claimledger::interval::Interval;

/// A percentage with `d` decimals, `x` being the value times 10^d.
fn pct(x: u64, d: u32) -> String {
    if d == 0 {
        x.to_string()
    } else {
        let p = 10u64.pow(d);
        format!("{}.{:0w$}", x / p, x % p, w = d as usize)
    }
}

/// `v` (≥ 0) times 10^d, rounded to a whole number by rule `rule % 3`: half up, half down,
/// half to even.
fn round_by(v: &Num, d: u32, rule: u64) -> u64 {
    let scaled = v.mul(&num(10u64.pow(d)));
    let floor = scaled.floor();
    let frac = scaled.sub(&floor);
    let half = Num::ratio(1, 2);
    let f = floor.to_f64() as u64;
    match frac.cmp(&half) {
        std::cmp::Ordering::Less => f,
        std::cmp::Ordering::Greater => f + 1,
        std::cmp::Ordering::Equal => match rule % 3 {
            0 => f + 1,
            1 => f,
            _ => f + f % 2,
        },
    }
}

/// `[x/10^d − h, x/10^d + h]`, h half a unit of the last digit, signed by `sign`.
fn band(x: u64, d: u32, sign: i64) -> Interval {
    let p = num(10u64.pow(d));
    let centre = num(x).mul(&Num::from(sign)).div(&p).expect("p > 0");
    let half = Num::ratio(1, 2).div(&p).expect("p > 0");
    Interval::closed(centre.sub(&half), centre.add(&half))
}

fn hundred() -> Num {
    num(100)
}

/// A printed share (a percentage of a whole) whose reading contains `v` (0..=100).
pub(crate) fn print_share(v: &Num, h: u64) -> Option<(String, Interval)> {
    let h2 = mix(h);
    let clip = |iv: Interval| iv.clip(&Num::ZERO, &hundred());
    if v.is_zero() || *v == hundred() {
        let x = v.to_f64() as u64;
        return Some((format!("{x}%"), clip(band(x, 0, 1))));
    }
    let one = Num::from(1);
    let hedged = match h % 10 {
        0 | 1 => {
            let x = num(round_by(v, 0, 0));
            let iv = Interval::closed(x.mul(&one.sub(&t())), x.mul(&one.add(&t())));
            Some((
                format!("{} {x}%", ["about", "around", "roughly"][(h2 % 3) as usize]),
                clip(iv),
            ))
        }
        2 => {
            let x = v.floor().add(&one);
            Some((
                format!("{} {x}%", ["nearly", "almost"][(h2 % 2) as usize]),
                clip(Interval::closed(x.mul(&one.sub(&t())), x.clone())),
            ))
        }
        3 => {
            let x = v.floor();
            Some((
                format!("{} {x}%", ["over", "more than"][(h2 % 2) as usize]),
                clip(Interval::new(x.clone(), true, Num::PosInf, true)),
            ))
        }
        _ => None,
    };
    if let Some((text, iv)) = hedged {
        if iv.contains(v) {
            return Some((text, iv));
        }
    }
    let d = if h % 10 == 9 { 1 } else { 0 };
    let x = round_by(v, d, h2 >> 3);
    let n = pct(x, d);
    let text = match (d, h2 % 6) {
        (0, 0) => format!("{n} percent"),
        (0, 1) => format!("{n}pc"),
        _ => format!("{n}%"),
    };
    Some((text, clip(band(x, d, 1))))
}

/// A printed change (percent change, signed) whose reading contains `v`.
pub(crate) fn print_change(v: &Num, h: u64) -> Option<(String, Interval)> {
    let h2 = mix(h);
    if v.abs() < Num::ratio(1, 2) {
        return None;
    }
    if h % 10 < 3 {
        let n = |x: i64| Num::from(x);
        let multiples: [(&str, Num, bool, Num, bool); 5] = [
            ("more than doubled", n(100), true, Num::PosInf, true),
            ("almost doubled", n(80), false, n(100), false),
            ("doubled", n(80), false, n(120), false),
            ("tripled", n(170), false, n(230), false),
            ("halved", n(-55), false, n(-45), false),
        ];
        let start = (h2 % multiples.len() as u64) as usize;
        for i in 0..multiples.len() {
            let (text, lo, lo_open, hi, hi_open) = multiples[(start + i) % multiples.len()].clone();
            let iv = Interval::new(lo, lo_open, hi, hi_open);
            if iv.contains(v) {
                return Some((text.to_string(), iv));
            }
        }
    }
    let up = *v > Num::ZERO;
    let m = v.abs();
    let d = if h % 10 == 9 { 1 } else { 0 };
    let x = round_by(&m, d, h2 >> 3);
    if x == 0 {
        return None;
    }
    let iv = if up {
        band(x, d, 1)
    } else {
        // A fall is never past -100%: the reader clips there.
        band(x, d, -1).clip(&Num::from(-100), &Num::PosInf)
    };
    let n = pct(x, d);
    let text = if up {
        match h2 % 6 {
            0 => format!("{n}% increase"),
            1 => format!("{n}% rise"),
            2 => format!("{n}% jump"),
            3 => format!("{n}% surge"),
            4 => format!("up {n}%"),
            _ => format!("{n}% increase"),
        }
    } else {
        match h2 % 5 {
            0 => format!("{n}% decrease"),
            1 => format!("{n}% drop"),
            2 => format!("{n}% decline"),
            3 => format!("fell by {n}%"),
            _ => format!("down {n}%"),
        }
    };
    Some((text, iv))
}
