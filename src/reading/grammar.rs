//! The vocabulary of printed figures and the recognition of a token stream as items:
//! numbers (digits or words), hedges, directions, multiples, fractions, vague words, money.
//! `super` interprets the items as an interval.

use super::lex::{Dec, Tok};
use super::{Hedge, Why};
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Item {
    Hedge(Hedge),
    OrMore,
    Num(Dec),
    Pct,
    Mult(Dec),
    /// `n` parts in `d`: `two-thirds`, `one in five`, `9 out of 10`.
    Frac(i64, i64),
    Between,
    And,
    To,
    Dash,
    Vague(i64, i64),
    Dir(bool),
    Filler,
    /// An adjective that stresses the figure (`a staggering`, `a record`): read and ignored.
    Emphasis,
    /// A currency: its ISO code.
    Money(&'static str),
}

/// Number words below twenty, by value.
pub const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// Tens, by value ÷ 10.
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Parts of a whole: `third` = 3, and their plurals.
const PARTS: [(&str, i64); 10] = [
    ("half", 2),
    ("third", 3),
    ("quarter", 4),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
];

pub(super) const UP: &str =
    "increase|increased|increases|increasing|rise|rises|rose|risen|rising|up|\
    jump|jumps|jumped|surge|surges|surged|upsurge|growth|grew|grow|grows|higher|spike|spiked|\
    more|greater|larger|bigger";
pub(super) const DOWN: &str =
    "decrease|decreased|decreases|decreasing|fall|falls|fell|fallen|falling|\
    drop|drops|dropped|decline|declines|declined|declining|down|lower|reduction|reduced|dip|dipped|\
    fewer|less|smaller";
pub(super) const FILLERS: &str =
    "a|an|of|by|in|the|marked|recorded|registered|saw|has|have|had|was|were";
const EMPHASIS: &str = "staggering|whopping|record|massive|huge|mere|meagre|meager|striking|\
    alarming|unprecedented|remarkable|dramatic|sharp|significant|modest|hefty|substantial|\
    stunning|startling|total of";

const HALF: Dec = Dec {
    mant: 5,
    frac: 1,
    scale: 0,
    words: false,
};

/// Phrases and what they mean; the longest phrase that matches wins, so `just under` beats
/// `under`, `up to` beats `up` and `more than` beats `more`.
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
        "as many as|as high as|as much as|as large as",
        Item::Hedge(Hedge::AsManyAs),
    ),
    (
        "nearly|almost|close to|just under|just below",
        Item::Hedge(Hedge::Nearly),
    ),
    (
        "about|around|approximately|roughly|some|estimated|an estimated",
        Item::Hedge(Hedge::About),
    ),
    ("exactly|precisely", Item::Hedge(Hedge::Exactly)),
    ("or more", Item::OrMore),
    ("between", Item::Between),
    ("and", Item::And),
    ("to", Item::To),
    ("percent|per cent|pc", Item::Pct),
    ("dozens|dozens of", Item::Vague(24, 144)),
    ("scores|scores of", Item::Vague(40, 200)),
    ("hundreds|hundreds of", Item::Vague(200, 1_000)),
    ("thousands|thousands of", Item::Vague(2_000, 1_000_000)),
    (
        "tens of thousands|tens of thousands of",
        Item::Vague(20_000, 100_000),
    ),
    (
        "hundreds of thousands|hundreds of thousands of",
        Item::Vague(200_000, 1_000_000),
    ),
    (
        "millions|millions of",
        Item::Vague(2_000_000, 1_000_000_000),
    ),
    (
        "double|doubled|doubling|twofold|twice",
        Item::Mult(Dec::int(2)),
    ),
    (
        "triple|tripled|tripling|threefold|thrice",
        Item::Mult(Dec::int(3)),
    ),
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
    (EMPHASIS, Item::Emphasis),
    ("rs|pkr|rupee|rupees", Item::Money("PKR")),
    ("usd|dollar|dollars", Item::Money("USD")),
    ("eur|euro|euros", Item::Money("EUR")),
    ("gbp", Item::Money("GBP")),
    ("inr", Item::Money("INR")),
];

/// Does `w` (lower case) open an emphasis phrase: `staggering`, `total` (of `a total of`)?
pub(super) fn opens_emphasis(w: &str) -> bool {
    EMPHASIS.split('|').any(|p| p.split(' ').next() == Some(w))
}

pub(super) fn word(toks: &[Tok], i: usize) -> Option<&str> {
    match toks.get(i) {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

/// Is `w` (lower case) a number word the reader knows: `one` to `nineteen`, the tens, `hundred`,
/// `thousand`, or a scale word (`million`, `lakh`, `crore`, …)?
pub fn is_number_word(w: &str) -> bool {
    ONES.contains(&w)
        || TENS.iter().any(|t| !t.is_empty() && *t == w)
        || matches!(w, "hundred" | "thousand")
        || (w.len() > 2 && scale_of(w).is_some())
}

/// Can `w` (lower case) anchor a figure: a number word, a multiple (`doubled`, `twice`), a
/// vague quantity (`dozens`), or a part of a whole (`half`, `thirds`)? What `propose` looks for
/// in running text, taken from the reader's own vocabulary.
pub fn is_figure_word(w: &str) -> bool {
    is_number_word(w)
        || w == "dozen"
        || PARTS
            .iter()
            .any(|(p, _)| w == *p || w.strip_suffix('s') == Some(p) || w == "halves")
        || phrases().get(w).is_some_and(|list| {
            list.iter()
                .any(|(_, item)| matches!(item, Item::Mult(_) | Item::Vague(..)))
        })
}

pub(super) fn scale_of(w: &str) -> Option<i32> {
    match w {
        "thousand" | "k" => Some(3),
        "lakh" | "lakhs" | "lac" | "lacs" => Some(5),
        "million" | "m" | "mn" => Some(6),
        "crore" | "crores" | "cr" => Some(7),
        "billion" | "bn" => Some(9),
        "trillion" | "tn" => Some(12),
        _ => None,
    }
}

/// 0 to 99 in words (`seven`, `forty`, `twenty-one`, `twenty one`), and the tokens it takes.
fn below_hundred(toks: &[Tok], i: usize) -> Option<(i128, usize)> {
    let w = word(toks, i)?;
    if let Some(n) = ONES.iter().position(|o| *o == w) {
        return Some((n as i128, 1));
    }
    let tens = TENS.iter().position(|t| !t.is_empty() && *t == w)? as i128;
    let dash = usize::from(toks.get(i + 1) == Some(&Tok::Dash));
    let unit = word(toks, i + 1 + dash).and_then(|u| ONES[1..10].iter().position(|o| *o == u));
    Some(match unit {
        Some(u) => (tens * 10 + u as i128 + 1, 2 + dash),
        None => (tens * 10, 1),
    })
}

/// `and fifty` after a hundred or a thousand, unless it starts the next number of a range
/// (`between two hundred and three hundred`).
fn and_rest(toks: &[Tok], i: usize) -> Option<(i128, usize)> {
    let and = usize::from(word(toks, i) == Some("and"));
    let (n, k) = below_hundred(toks, i + and)?;
    let next = word(toks, i + and + k);
    (n > 0 && !matches!(next, Some("hundred" | "thousand"))).then_some((n, and + k))
}

/// 1 to 999 in words: `a hundred`, `two hundred and fifty`, `fifteen hundred`, `ninety-nine`.
fn below_thousand(toks: &[Tok], i: usize) -> Option<(i128, usize)> {
    let (head, n) = match word(toks, i) {
        Some("a") if word(toks, i + 1) == Some("hundred") => (1, 1),
        _ => below_hundred(toks, i)?,
    };
    if word(toks, i + n) != Some("hundred") || head == 0 {
        return Some((head, n));
    }
    let mut total = head * 100;
    let mut k = n + 1;
    if let Some((rest, m)) = and_rest(toks, i + k) {
        total += rest;
        k += m;
    }
    Some((total, k))
}

/// A number in words, up to the thousands: exact (`two thousand` is 2,000, not a rounding).
fn number_words(toks: &[Tok], i: usize) -> Option<(Dec, usize)> {
    let (head, n) = match (word(toks, i), word(toks, i + 1)) {
        (Some("a"), Some("thousand")) => (1, 1),
        (Some("a"), Some("dozen")) => return Some((Dec::int(12), 2)),
        _ => below_thousand(toks, i)?,
    };
    let (mut total, mut k) = (head, n);
    if word(toks, i + n) == Some("thousand") && head > 0 {
        total = head * 1000;
        k = n + 1;
        let and = usize::from(word(toks, i + k) == Some("and"));
        if let Some((rest, m)) = below_thousand(toks, i + k + and) {
            if rest > 0 && !matches!(word(toks, i + k + and + m), Some("thousand")) {
                total += rest;
                k += and + m;
            }
        }
    }
    let mut d = Dec::int(total);
    d.words = true;
    Some((d, k))
}

/// A number at the start of `toks`, and how many tokens it takes.
pub(super) fn number_head(toks: &[Tok]) -> Option<(Dec, usize)> {
    match toks.first()? {
        Tok::Num(d) => Some((*d, 1)),
        Tok::Word(_) => number_words(toks, 0),
        _ => None,
    }
}

/// A whole number below a million at `toks[i..]` (digits or words), for fractions.
fn small_whole(toks: &[Tok], i: usize) -> Option<(i64, usize)> {
    let (d, n) = number_head(&toks[i..])?;
    (d.frac == 0 && d.scale == 0 && (1..1_000_000).contains(&d.mant)).then_some((d.mant as i64, n))
}

/// A fraction at `toks[i..]`: `half`, `a third`, `two-thirds`, `three quarters`, `one in five`,
/// `9 out of 10`; its parts, its whole, and how many tokens it takes.
fn fraction(toks: &[Tok], i: usize) -> Option<(i64, i64, usize)> {
    let part = |w: &str| {
        PARTS
            .iter()
            .find(|(p, _)| {
                w == *p || w.strip_suffix('s') == Some(p) || (*p == "half" && w == "halves")
            })
            .map(|&(_, d)| d)
    };
    if word(toks, i) == Some("half") {
        return Some((1, 2, 1));
    }
    // `a third`, `one third`, `two-thirds`, `three quarters`.
    let (n, k) = match word(toks, i) {
        Some("a" | "an") => (1, 1),
        _ => small_whole(toks, i).filter(|&(n, _)| n < 20)?,
    };
    let dash = usize::from(toks.get(i + k) == Some(&Tok::Dash));
    if let Some(d) = word(toks, i + k + dash).and_then(part) {
        return (n < d || d == 2 && n == 1).then_some((n, d, k + dash + 1));
    }
    if word(toks, i) == Some("a") {
        return None;
    }
    // `one in five`, `9 out of 10`.
    let (n, k) = small_whole(toks, i)?;
    let link = match (word(toks, i + k), word(toks, i + k + 1)) {
        (Some("in"), _) => 1,
        (Some("out"), Some("of")) => 2,
        _ => return None,
    };
    let (d, m) = small_whole(toks, i + k + link)?;
    (n <= d && d <= 1000).then_some((n, d, k + link + m))
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
        if let Some((n, d, k)) = fraction(toks, i) {
            out.push((Item::Frac(n, d), String::new()));
            i += k;
            continue;
        }
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
            Tok::Money(code) => Some((Item::Money(code), 1, *code)),
            // `US$ 30 million`: the country belongs to the symbol.
            Tok::Word(w) if w == "us" && matches!(toks.get(i + 1), Some(Tok::Money(_))) => {
                Some((Item::Emphasis, 1, "US"))
            }
            Tok::Plus => return Err("a \"+\" belongs right after a number (500+)".into()),
            Tok::Num(_) => None,
            Tok::Word(w) => phrases()
                .get(w.as_str())
                .into_iter()
                .flatten()
                .filter_map(|&(p, item)| phrase_len(&toks[i..], p).map(|n| (item, n, p)))
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
    // `a staggering 70%`: the article belongs to the emphasis, not to a direction.
    for k in 1..out.len() {
        if out[k].0 == Item::Emphasis && out[k - 1].0 == Item::Filler {
            if let "a" | "an" = out[k - 1].1.as_str() {
                out[k - 1].0 = Item::Emphasis;
            }
        }
    }
    Ok(out)
}

/// Every phrase of [`PHRASES`] by its first word, split once: the reader runs for every
/// claim a check reads, and splitting the table at each word was a third of its time.
fn phrases() -> &'static HashMap<&'static str, Vec<(&'static str, Item)>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<(&'static str, Item)>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<&str, Vec<(&str, Item)>> = HashMap::new();
        for (list, item) in PHRASES {
            for phrase in list.split('|') {
                let first = phrase.split(' ').next().unwrap_or(phrase);
                table.entry(first).or_default().push((phrase, *item));
            }
        }
        table
    })
}

pub(super) fn phrase_len(toks: &[Tok], phrase: &str) -> Option<usize> {
    let mut n = 0;
    for w in phrase.split(' ') {
        (word(toks, n)? == w).then_some(())?;
        n += 1;
    }
    Some(n)
}
