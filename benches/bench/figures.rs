//! Printed counts: the words, and the interval DESIGN's reading rules give them (what the
//! generator means; the store gets `reading::read`'s interval when the reader accepts it).

use crate::rng::mix;
use claimledger::exact::Num;
use claimledger::interval::Interval;

/// The ledger's tolerance (the migration's default setting).
pub(crate) fn t() -> Num {
    claimledger::reading::default_tolerance()
}

/// `x` as an exact number.
pub(crate) fn num(x: u64) -> Num {
    Num::from(x as i64)
}

/// `x(1 − t)` and `x(1 + t)`.
fn less_t(x: u64) -> Num {
    num(x).mul(&Num::from(1).sub(&t()))
}

fn more_t(x: u64) -> Num {
    num(x).mul(&Num::from(1).add(&t()))
}

fn with_commas(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// South Asian grouping: `1,50,000`.
fn south_asian(v: u64) -> String {
    let s = v.to_string();
    if s.len() <= 3 {
        return s;
    }
    let (head, last3) = s.split_at(s.len() - 3);
    let mut groups = Vec::new();
    let mut h = head;
    while h.len() > 2 {
        let (a, b) = h.split_at(h.len() - 2);
        groups.push(b);
        h = a;
    }
    groups.push(h);
    groups.reverse();
    format!("{},{}", groups.join(","), last3)
}

fn number(v: u64, h: u64) -> String {
    if v >= 1000 && h % 7 == 0 {
        v.to_string()
    } else {
        with_commas(v)
    }
}

/// A round number at or below `v` (or above, with `up`): 2 significant digits, or 1, or a
/// multiple of 5 in the second digit.
fn round_number(v: u64, up: bool, h: u64) -> u64 {
    if v < 20 {
        return v;
    }
    let digits = v.to_string().len() as u32;
    let step = match h % 3 {
        0 => 10u64.pow(digits - 1),
        1 => 5 * 10u64.pow(digits.saturating_sub(2)),
        _ => 10u64.pow(digits - 2),
    }
    .max(1);
    if up {
        v.div_ceil(step) * step
    } else {
        v / step * step
    }
}

/// A printed count whose reading contains `v`, in a style chosen by `h`.
pub(crate) fn print_count(v: u64, h: u64) -> (String, Interval) {
    let inf = Num::PosInf;
    let vf = num(v);
    let style = h % 100;
    let h2 = mix(h);
    let word = |list: &[&'static str]| list[(h2 % list.len() as u64) as usize];
    let candidate: Option<(String, Interval)> = match style {
        // Exact: 40%.
        0..=39 => None,
        40..=54 => {
            let x = round_number(v, false, h2);
            let x = if x == v {
                round_number(v.saturating_sub(1), false, h2)
            } else {
                x
            };
            (v >= 20 && x < v).then(|| {
                let w = word(&["over", "more than", "above", "exceeding", "over"]);
                (
                    format!("{w} {}", number(x, h2)),
                    Interval::new(num(x), true, inf, true),
                )
            })
        }
        55..=59 => {
            let x = round_number(v, false, h2);
            (v >= 20).then(|| {
                let iv = Interval::new(num(x), false, inf, true);
                let n = number(x, h2);
                let text = match h2 % 3 {
                    0 => format!("at least {n}"),
                    1 => format!("no less than {n}"),
                    _ => format!("{n} or more"),
                };
                (text, iv)
            })
        }
        60..=69 => {
            let x = round_number(v, true, h2);
            (v >= 20).then(|| {
                let w = word(&["nearly", "almost", "close to", "just under", "nearly"]);
                (
                    format!("{w} {}", number(x, h2)),
                    Interval::closed(less_t(x), num(x)),
                )
            })
        }
        70..=79 => {
            let up = h2 % 2 == 0;
            let x = round_number(v, up, h2 >> 8);
            (v >= 20).then(|| {
                let iv = Interval::closed(less_t(x), more_t(x));
                let n = number(x, h2);
                let text = match h2 % 7 {
                    0 => format!("about {n}"),
                    1 => format!("around {n}"),
                    2 => format!("approximately {n}"),
                    3 => format!("roughly {n}"),
                    4 => format!("some {n}"),
                    5 => format!("~{n}"),
                    _ => format!("an estimated {n}"),
                };
                (text, iv)
            })
        }
        80..=82 => {
            let x = round_number(v + 1, true, h2);
            (v >= 20).then(|| {
                let w = word(&["under", "less than", "fewer than", "below"]);
                (
                    format!("{w} {}", number(x, h2)),
                    Interval::new(Num::ZERO, false, num(x), true),
                )
            })
        }
        83..=84 => {
            let x = round_number(v, true, h2);
            (v >= 20).then(|| {
                let w = word(&["at most", "up to", "no more than"]);
                (
                    format!("{w} {}", number(x, h2)),
                    Interval::closed(Num::ZERO, num(x)),
                )
            })
        }
        85..=89 => {
            let x = round_number(v, false, h2);
            let y = round_number(v + 1, true, h2);
            (v >= 20 && x < y).then(|| {
                let (a, b) = (number(x, h2), number(y, h2));
                let text = match h2 % 3 {
                    0 => format!("between {a} and {b}"),
                    1 => format!("{a}\u{2013}{b}"),
                    _ => format!("{a} to {b}"),
                };
                (text, Interval::closed(num(x), num(y)))
            })
        }
        90..=91 => Some(if v < 200 {
            (
                "dozens".to_string(),
                Interval::new(num(24), false, num(144), true),
            )
        } else if v < 2000 {
            (
                "hundreds".to_string(),
                Interval::new(num(200), false, num(1000), true),
            )
        } else {
            (
                "thousands".to_string(),
                Interval::new(num(2000), false, num(1_000_000), true),
            )
        }),
        92..=95 => {
            // 23.5 thousand, 1.5 lakh, 2.3 million, 1.2 crore.
            let units: &[(u64, &str)] = &[
                (1_000, "thousand"),
                (100_000, "lakh"),
                (1_000_000, "million"),
                (10_000_000, "crore"),
            ];
            units
                .iter()
                .rev()
                .find(|(u, _)| v >= 2 * u)
                .map(|&(u, name)| {
                    let tenths = (v * 10 + u / 2) / u; // v / u rounded to one decimal
                    let (text, half) = if tenths % 10 == 0 {
                        (format!("{} {name}", tenths / 10), u / 2)
                    } else {
                        (format!("{}.{} {name}", tenths / 10, tenths % 10), u / 20)
                    };
                    let centre = tenths * u / 10;
                    (
                        text,
                        Interval::closed(num(centre.saturating_sub(half)), num(centre + half)),
                    )
                })
        }
        _ => None,
    };
    if let Some((text, iv)) = candidate {
        if iv.contains(&vf) {
            return (text, iv);
        }
    }
    // Exact: digits, sometimes in words or with South Asian grouping.
    let text = if (1..=20).contains(&v) && h2 % 4 == 0 {
        claimledger::reading::NUMBER_WORDS_BELOW_TWENTY
            .get(v as usize)
            .map_or_else(|| "twenty".to_string(), |w| w.to_string())
    } else if v == 100 && h2 % 2 == 0 {
        "a hundred".to_string()
    } else if v >= 100_000 && h2 % 5 == 0 {
        south_asian(v)
    } else {
        number(v, h2)
    };
    (text, Interval::exact(vf))
}
