//! Lexing printed figures: numbers kept as exact decimals, the vocabulary of words and
//! phrases, and the recognition of a token stream as a list of items (numbers, hedges,
//! directions, multiples, vague words). `super` interprets the items as an interval.

use super::{Hedge, Why};
use crate::interval::Interval;

/// A number as printed: `mant` × 10^(`scale` − `frac`). Kept in integers so that the precision
/// of `17.3` is exactly half of 0.1, not an artefact of binary floating point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Dec {
    pub(super) mant: i128,
    pub(super) frac: i32,
    pub(super) scale: i32,
}

impl Dec {
    const fn int(mant: i128) -> Dec {
        Dec {
            mant,
            frac: 0,
            scale: 0,
        }
    }

    pub(super) fn exp(&self) -> i32 {
        self.scale - self.frac
    }

    /// A decimal point or a scale word says the figure was rounded.
    pub(super) fn rounded(&self) -> bool {
        self.frac > 0 || self.scale > 0
    }

    pub(super) fn value(&self, sign: i128) -> f64 {
        ratio(sign * self.mant, self.exp(), 1.0)
    }

    /// `[x − h, x + h)` around the signed value, h half a unit of the last printed digit.
    pub(super) fn precision(&self, sign: i128) -> Interval {
        let m = 2 * sign * self.mant;
        Interval::new(
            ratio(m - 1, self.exp(), 2.0),
            false,
            ratio(m + 1, self.exp(), 2.0),
            true,
        )
    }
}

/// `n × 10^e / d` with one rounding (n has at most 16 digits, so it is exact as an f64).
pub(super) fn ratio(n: i128, e: i32, d: f64) -> f64 {
    if e >= 0 {
        (n * 10i128.pow(e as u32)) as f64 / d
    } else {
        n as f64 / (10f64.powi(-e) * d)
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
            let word: String = cs[start..i].iter().collect();
            toks.push(Tok::Word(word.to_lowercase()));
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
    if digits.trim_start_matches('0').len() > 15 || frac.len() > 15 {
        return Err(format!("{text:?} has more than 15 digits"));
    }
    let mant = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    Ok(Dec {
        mant,
        frac: frac.len() as i32,
        scale: 0,
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Item {
    Hedge(Hedge),
    OrMore,
    Num(Dec),
    Pct,
    Mult(Dec),
    Between,
    And,
    To,
    Dash,
    Vague(f64, f64),
    Dir(bool),
    Filler,
}

/// Word lists are `|`-separated phrases, so that they stay readable one line per meaning.
pub(super) const NUMBER_WORDS: &str =
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\
    thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty";

pub(super) const UP: &str =
    "increase|increased|increases|increasing|rise|rises|rose|risen|rising|up|\
    jump|jumps|jumped|surge|surges|surged|upsurge|growth|grew|grow|grows|higher|spike|spiked";
pub(super) const DOWN: &str =
    "decrease|decreased|decreases|decreasing|fall|falls|fell|fallen|falling|\
    drop|drops|dropped|decline|declines|declined|declining|down|lower|reduction|reduced|dip|dipped";
pub(super) const FILLERS: &str =
    "a|an|of|by|in|the|marked|recorded|registered|saw|has|have|had|was|were";

const HALF: Dec = Dec {
    mant: 5,
    frac: 1,
    scale: 0,
};

/// Phrases and what they mean; the longest phrase that matches wins, so `just under` beats
/// `under` and `up to` beats `up`.
pub(super) const PHRASES: &[(&str, Item)] = &[
    (
        "over|more than|above|exceeding|in excess of|well over|well above",
        Item::Hedge(Hedge::Over),
    ),
    ("just over|just above", Item::Hedge(Hedge::JustOver)),
    (
        "at least|no less than|not less than|no fewer than|upwards of",
        Item::Hedge(Hedge::AtLeast),
    ),
    (
        "under|less than|fewer than|below|well under|well below",
        Item::Hedge(Hedge::Under),
    ),
    (
        "at most|up to|no more than|not more than",
        Item::Hedge(Hedge::AtMost),
    ),
    (
        "nearly|almost|close to|just under|just below",
        Item::Hedge(Hedge::Nearly),
    ),
    (
        "about|around|approximately|roughly|some|estimated|an estimated",
        Item::Hedge(Hedge::About),
    ),
    ("or more", Item::OrMore),
    ("between", Item::Between),
    ("and", Item::And),
    ("to", Item::To),
    ("percent|per cent|pc", Item::Pct),
    ("dozens|dozens of", Item::Vague(24.0, 144.0)),
    ("scores|scores of", Item::Vague(40.0, 200.0)),
    ("hundreds|hundreds of", Item::Vague(200.0, 1e3)),
    ("thousands|thousands of", Item::Vague(2e3, 1e6)),
    (
        "tens of thousands|tens of thousands of",
        Item::Vague(2e4, 1e5),
    ),
    (
        "hundreds of thousands|hundreds of thousands of",
        Item::Vague(2e5, 1e6),
    ),
    ("millions|millions of", Item::Vague(2e6, 1e9)),
    ("double|doubled|doubling|twofold", Item::Mult(Dec::int(2))),
    ("triple|tripled|tripling|threefold", Item::Mult(Dec::int(3))),
    (
        "quadruple|quadrupled|quadrupling|fourfold",
        Item::Mult(Dec::int(4)),
    ),
    ("fivefold", Item::Mult(Dec::int(5))),
    ("sixfold", Item::Mult(Dec::int(6))),
    ("sevenfold", Item::Mult(Dec::int(7))),
    ("eightfold", Item::Mult(Dec::int(8))),
    ("ninefold", Item::Mult(Dec::int(9))),
    ("tenfold", Item::Mult(Dec::int(10))),
    ("halved|halving", Item::Mult(HALF)),
    (UP, Item::Dir(true)),
    (DOWN, Item::Dir(false)),
    (FILLERS, Item::Filler),
];

pub(super) fn word(toks: &[Tok], i: usize) -> Option<&str> {
    match toks.get(i) {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

pub(super) fn scale_of(w: &str) -> Option<i32> {
    match w {
        "thousand" => Some(3),
        "lakh" | "lakhs" => Some(5),
        "million" => Some(6),
        "crore" | "crores" => Some(7),
        "billion" => Some(9),
        _ => None,
    }
}

/// A number at the start of `toks`, and how many tokens it takes.
pub(super) fn number_head(toks: &[Tok]) -> Option<(Dec, usize)> {
    match (toks.first()?, word(toks, 1)) {
        (Tok::Num(d), _) => Some((*d, 1)),
        (Tok::Word(a), Some(w)) if a == "a" => match w {
            "hundred" => Some((Dec::int(100), 2)),
            "thousand" => Some((Dec::int(1000), 2)),
            "dozen" => Some((Dec::int(12), 2)),
            _ => None,
        },
        (Tok::Word(w), _) => NUMBER_WORDS
            .split('|')
            .position(|n| n == w)
            .map(|n| (Dec::int(n as i128), 1)),
        _ => None,
    }
}

/// Turns tokens into items paired with the words they came from (for messages).
pub(super) fn recognize(toks: &[Tok]) -> Why<Vec<(Item, String)>> {
    let mut out = Vec::new();
    let mut i = 0;
    if matches!(toks.get(1), Some(Tok::Num(_))) {
        match toks[0] {
            Tok::Plus => out.push((Item::Dir(true), "+".to_string())),
            Tok::Dash => out.push((Item::Dir(false), "-".to_string())),
            _ => {}
        }
        i = out.len();
    }
    while i < toks.len() {
        if let Some((mut d, n)) = number_head(&toks[i..]) {
            i += n;
            if let Some(e) = word(toks, i).and_then(scale_of) {
                d.scale = e;
                i += 1;
                if let Some(w) = word(toks, i).filter(|w| scale_of(w).is_some()) {
                    return Err(format!("two scale words in a row (\"{w}\")"));
                }
            }
            let after = (toks.get(i), word(toks, i + 1));
            let fold = match after {
                (Some(Tok::Word(w)), _) if matches!(w.as_str(), "x" | "times" | "fold") => 1,
                (Some(Tok::Dash), Some("fold")) => 2,
                _ => 0,
            };
            let plus = match after {
                (Some(Tok::Plus), _) => 1,
                (Some(Tok::Word(w)), _) if w == "plus" => 1,
                (Some(Tok::Dash), Some("plus")) => 2,
                _ => 0,
            };
            if fold > 0 && d.scale == 0 {
                out.push((Item::Mult(d), String::new()));
                i += fold;
            } else {
                out.push((Item::Num(d), String::new()));
                if plus > 0 {
                    out.push((Item::OrMore, "+".into()));
                    i += plus;
                }
            }
            continue;
        }
        let item = match &toks[i] {
            Tok::Pct => Some((Item::Pct, 1, "%")),
            Tok::Tilde => Some((Item::Hedge(Hedge::About), 1, "~")),
            Tok::Dash => Some((Item::Dash, 1, "-")),
            Tok::Plus => return Err("a \"+\" belongs right after a number (500+)".into()),
            Tok::Num(_) => None,
            Tok::Word(_) => PHRASES
                .iter()
                .flat_map(|(ps, item)| ps.split('|').map(move |p| (p, *item)))
                .filter_map(|(p, item)| phrase_len(&toks[i..], p).map(|n| (item, n, p)))
                .max_by_key(|m| m.1),
        };
        let Some((item, n, text)) = item else {
            let w = word(toks, i).unwrap_or_default();
            return Err(
                if scale_of(w).is_some() || matches!(w, "x" | "times" | "fold" | "plus") {
                    format!("\"{w}\" needs a number right before it")
                } else {
                    format!("unknown word \"{w}\"")
                },
            );
        };
        out.push((item, text.to_string()));
        i += n;
    }
    Ok(out)
}

pub(super) fn phrase_len(toks: &[Tok], phrase: &str) -> Option<usize> {
    let mut n = 0;
    for w in phrase.split(' ') {
        (word(toks, n)? == w).then_some(())?;
        n += 1;
    }
    Some(n)
}
