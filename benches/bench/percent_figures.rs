//! Printed shares and changes (percentages): the words, and the interval DESIGN's reading
//! rules give them, hedged or rounded so that the reading contains the true value.

use crate::figures::{safely_inside, T};
use crate::rng::mix;
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

/// A printed share (a percentage of a whole) whose reading contains `v` (0..=100).
pub(crate) fn print_share(v: f64, h: u64) -> Option<(String, Interval)> {
    let h2 = mix(h);
    if v == 0.0 || v == 100.0 {
        let x = v as u64;
        return Some((
            format!("{x}%"),
            Interval::new(x as f64 - 0.5, false, x as f64 + 0.5, true).clip(0.0, 100.0),
        ));
    }
    let hedged = match h % 10 {
        0 | 1 => {
            let x = v.round();
            Some((
                format!("{} {x}%", ["about", "around", "roughly"][(h2 % 3) as usize]),
                Interval::closed(x * (1.0 - T), x * (1.0 + T)).clip(0.0, 100.0),
            ))
        }
        2 => {
            let x = v.ceil();
            Some((
                format!("{} {x}%", ["nearly", "almost"][(h2 % 2) as usize]),
                Interval::closed(x * (1.0 - T), x).clip(0.0, 100.0),
            ))
        }
        3 => {
            let x = v.floor();
            Some((
                format!("{} {x}%", ["over", "more than"][(h2 % 2) as usize]),
                Interval::new(x, true, f64::INFINITY, true).clip(0.0, 100.0),
            ))
        }
        _ => None,
    };
    if let Some((text, iv)) = hedged {
        if safely_inside(&iv, v) {
            return Some((text, iv));
        }
    }
    let first_decimals = if h % 10 == 9 { 1 } else { 0 };
    for d in first_decimals..=3 {
        let p = 10f64.powi(d as i32);
        let x = (v * p).round();
        let half = 0.5 / p;
        let iv = Interval::new(x / p - half, false, x / p + half, true).clip(0.0, 100.0);
        if safely_inside(&iv, v) {
            let n = pct(x as u64, d);
            let text = match (d, h2 % 6) {
                (0, 0) => format!("{n} percent"),
                (0, 1) => format!("{n}pc"),
                _ => format!("{n}%"),
            };
            return Some((text, iv));
        }
    }
    None
}

/// A printed change (percent change, signed) whose reading contains `v`.
pub(crate) fn print_change(v: f64, h: u64) -> Option<(String, Interval)> {
    let h2 = mix(h);
    if v.abs() < 0.5 {
        return None;
    }
    if h % 10 < 3 {
        let multiples: &[(&str, f64, bool, f64, bool)] = &[
            ("more than doubled", 100.0, true, f64::INFINITY, true),
            ("almost doubled", 80.0, false, 100.0, false),
            ("doubled", 80.0, false, 120.0, false),
            ("tripled", 170.0, false, 230.0, false),
            ("halved", -55.0, false, -45.0, false),
        ];
        let start = (h2 % multiples.len() as u64) as usize;
        for i in 0..multiples.len() {
            let (text, lo, lo_open, hi, hi_open) = multiples[(start + i) % multiples.len()];
            let iv = Interval::new(lo, lo_open, hi, hi_open);
            if safely_inside(&iv, v) {
                return Some((text.to_string(), iv));
            }
        }
    }
    let up = v > 0.0;
    let m = v.abs();
    let first_decimals = if h % 10 == 9 { 1 } else { 0 };
    for d in first_decimals..=3 {
        let p = 10f64.powi(d as i32);
        let x = (m * p).round();
        if x == 0.0 {
            continue;
        }
        let half = 0.5 / p;
        let iv = if up {
            Interval::new(x / p - half, false, x / p + half, true)
        } else {
            // A fall is never past -100%: the reader clips there.
            Interval::new(-x / p - half, false, -x / p + half, true).clip(-100.0, f64::INFINITY)
        };
        if safely_inside(&iv, v) {
            let n = pct(x as u64, d);
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
            return Some((text, iv));
        }
    }
    None
}
