//! Lexing printed figures: numbers kept as exact decimals ([`Dec`]), words, signs and
//! currency symbols. `grammar` recognises the tokens as items; `super` reads the items as an
//! interval.

use super::Why;
use crate::exact::Num;

/// A number as printed: `mant` × 10^(`scale` − `frac`). Kept in integers so that the precision
/// of `17.3` is exactly half of 0.1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Dec {
    pub(super) mant: i128,
    pub(super) frac: i32,
    pub(super) scale: i32,
    /// Written in words (`twenty-one`, `two hundred`): exact, whatever its zeros.
    pub(super) words: bool,
}

/// At most this many digits in one number: every bound stays exact well inside `i128`.
pub(super) const MAX_DIGITS: usize = 30;

impl Dec {
    pub(super) const fn int(mant: i128) -> Dec {
        Dec {
            mant,
            frac: 0,
            scale: 0,
            words: false,
        }
    }

    pub(super) fn exp(&self) -> i32 {
        self.scale - self.frac
    }

    /// A decimal point or a scale word says the figure was rounded.
    pub(super) fn rounded(&self) -> bool {
        self.frac > 0 || self.scale > 0
    }

    /// The signed value.
    pub(super) fn value(&self, sign: i128) -> Num {
        Num::decimal(sign * self.mant, self.exp())
    }

    /// `[x − h, x + h]` around the signed value, h half a unit of the last printed digit;
    /// closed at both ends, since the figure may have been rounded half up, half down or half
    /// to even (DESIGN).
    pub(super) fn precision(&self, sign: i128) -> (Num, Num) {
        let m = 2 * sign * self.mant;
        let half = |n: i128| Num::decimal(n, self.exp()).mul(&Num::ratio(1, 2));
        (half(m - 1), half(m + 1))
    }

    /// `[x − u, x + u]`: the band widened to a whole unit of the last printed digit, which
    /// tells an imprecise figure from a wrong one (DESIGN "Checks").
    pub(super) fn loose(&self, sign: i128) -> (Num, Num) {
        let m = sign * self.mant;
        (
            Num::decimal(m - 1, self.exp()),
            Num::decimal(m + 1, self.exp()),
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(Dec),
    Word(String),
    Pct,
    Tilde,
    Plus,
    Dash,
    /// A currency symbol: its ISO code.
    Money(&'static str),
}

/// The currency a symbol stands for.
fn symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '€' => "EUR",
        '£' => "GBP",
        '₹' => "INR",
        '¥' => "JPY",
        _ => return None,
    })
}

pub(super) fn lex(s: &str) -> Why<Vec<Tok>> {
    let cs: Vec<char> = s.chars().collect();
    let digit_at = |i: usize| cs.get(i).is_some_and(char::is_ascii_digit);
    let mut toks = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let start = i;
        i += 1;
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            while digit_at(i) || (cs.get(i) == Some(&',') && digit_at(i + 1)) {
                i += 1;
            }
            if cs.get(i) == Some(&'.') && digit_at(i + 1) {
                i += 1;
                while digit_at(i) {
                    i += 1;
                }
            }
            toks.push(Tok::Num(parse_digits(
                &cs[start..i].iter().collect::<String>(),
            )?));
        } else if c.is_alphabetic() {
            while cs.get(i).is_some_and(|c| c.is_alphabetic()) {
                i += 1;
            }
            let word: String = cs[start..i].iter().collect::<String>().to_lowercase();
            // `Rs. 5 billion`: the abbreviation's full stop belongs to it.
            if word == "rs" && cs.get(i) == Some(&'.') {
                i += 1;
            }
            toks.push(Tok::Word(word));
        } else if let Some(code) = symbol(c) {
            toks.push(Tok::Money(code));
        } else {
            toks.push(match c {
                '%' => Tok::Pct,
                '~' => Tok::Tilde,
                '+' => Tok::Plus,
                '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => Tok::Dash,
                '.' if cs[i..].iter().all(|c| c.is_whitespace()) => {
                    return Err("it ends with a full stop; printed is the figure, not the sentence: leave the \".\" out".into())
                }
                _ => return Err(format!("unexpected character {c:?}")),
            });
        }
    }
    Ok(toks)
}

pub(super) fn parse_digits(text: &str) -> Why<Dec> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let groups: Vec<&str> = int.split(',').collect();
    if let [first, rest @ ..] = groups.as_slice() {
        if !rest.is_empty() {
            let western = first.len() <= 3 && rest.iter().all(|g| g.len() == 3);
            let (last, mid) = rest.split_last().unwrap_or((&"", &[]));
            let south_asian =
                first.len() <= 2 && last.len() == 3 && mid.iter().all(|g| g.len() == 2);
            if first.starts_with('0') || !(western || south_asian) {
                return Err(format!(
                    "malformed digit grouping {text:?}: write 1,612 or 1,50,000, or no separators"
                ));
            }
        }
    }
    let digits: String = int
        .chars()
        .filter(|c| *c != ',')
        .chain(frac.chars())
        .collect();
    if digits.trim_start_matches('0').len() > MAX_DIGITS || frac.len() > MAX_DIGITS {
        return Err(format!("{text:?} has more than {MAX_DIGITS} digits"));
    }
    let mant = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    Ok(Dec {
        mant,
        frac: frac.len() as i32,
        scale: 0,
        words: false,
    })
}
