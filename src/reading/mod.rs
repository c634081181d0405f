//! Reading printed figures (DESIGN "Reading printed figures"): the text of `printed` becomes a
//! [`Reading`], the interval of values it allows, keeping its hedge. Pure: no database; the
//! tolerance `t` comes from the caller (the ledger's settings), which keeps it in `[0, 1)`.
//! Every bound is an exact rational ([`Num`]) made from the printed decimal text and `t`.
//!
//! The reader never guesses: whatever is outside the vocabulary below is
//! [`Error::Unreadable`] with what was not understood.
//!
//! Vocabulary (case-blind, whole words, runs of spaces are one space):
//! - numbers: `1612`, `1,612`, `1,50,000` (South Asian grouping), `17.3`; number words
//!   `zero` to `ninety-nine` with `hundred` and `thousand` (`twenty-one`, `two hundred and
//!   fifty`, `a hundred`, `a dozen`), exact; scale words `thousand`/`k`, `million`/`m`/`mn`,
//!   `billion`/`bn`, `trillion`/`tn`, `lakh`/`lac`, `crore`/`cr` after a number. Precision is
//!   computed from the decimal text.
//! - percent: `%`, `percent`, `per cent`, `pc`.
//! - money: a currency symbol or code before the number (`$`, `US$`, `Rs`, `Rs.`, `PKR`, `€`,
//!   `£`, `₹`) or a currency word after it (`rupees`, `dollars`, `euros`): a count whose unit
//!   is the currency's ISO code (`Rs` and `rupees` are PKR, the region's press).
//! - hedges (the `hedge` field): `over` (over, more than, above, exceeding, in excess of,
//!   well over/above), `just-over` (just over/above: `(x, x(1+t)]`), `at-least` (at least,
//!   no/not less than, no fewer than, upwards of, `x or more`, `x+`, `x-plus`, `x plus`),
//!   `under` (under, less than, fewer than, below, well under/below), `at-most` (at most, up to,
//!   no/not more than), `as-many-as` (as many/much/high/large as: `[0, x]`, emphasis read as an
//!   upper bound), `nearly` (nearly, almost, close to, just under/below), `about` (about,
//!   around, approximately, roughly, some, estimated, an estimated, `~`), `exactly` (exactly,
//!   precisely). Without a hedge: `exact` (a bare whole count), `precision` (a decimal, a scale
//!   word, any percentage: `[x − h, x + h]`, closed), `range` (`between x and y`, `x to y`,
//!   `x-y` with any dash), `vague` (below), `multiple` (a multiple without a hedge word; it
//!   reads as `about`), `fraction` (a fraction word, read as `about`).
//! - emphasis words before the figure are read and ignored: `a staggering`, `a record`, `a
//!   whopping`, `a total of`, ….
//! - vague: dozens [24, 144), scores [40, 200), hundreds [200, 1000), thousands [2000, 10^6),
//!   tens of thousands [2*10^4, 10^5), hundreds of thousands [2*10^5, 10^6), millions
//!   [2*10^6, 10^9); each may be followed by `of`.
//! - multiples (change only): double(d)/doubling/twofold/twice, triple(d)/tripling/threefold/
//!   thrice, quadruple(d)/quadrupling/fourfold, fivefold..tenfold, halved/halving, and `2x`,
//!   `2 times`, `three times`, `2-fold`, `two-fold`, `1.5 times`.
//! - fractions (share only): `half`, `a third`, `two-thirds`, `three quarters`, `one in five`,
//!   `9 out of 10`: the exact fraction as a percentage, hedged like `about` unless a hedge
//!   says otherwise (`exactly half` = [50, 50]).
//! - direction words (change only), anywhere: see `grammar::UP` and `grammar::DOWN`,
//!   comparatives included (`73pc more`, `20% fewer`); a leading `+` or `-` before a number is
//!   a direction too (`-20%`). With a direction word these fillers may appear: a, an, of, by,
//!   in, the, marked, recorded, registered, saw, has, have, had, was, were (`an increase of 27
//!   percent`); without one they are unknown words.
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
//! - A share whose printed number is above 100% is refused, in a range too (`between 50% and
//!   150%`): only a hedge's tolerance is clipped to [0, 100].
//! - Punctuation is refused, a trailing full stop included: `printed` is the figure, not the
//!   sentence. Apostrophes, `hundred` alone, `percentage points` and levels such as `rose to
//!   51%` are refused too.

use crate::error::{Error, Result};
use crate::exact::Num;
use crate::interval::Interval;

mod cache;
mod grammar;
pub use cache::ReadingCache;
pub use grammar::{is_figure_word, is_number_word, ONES as NUMBER_WORDS_BELOW_TWENTY};
mod lex;
use grammar::{recognize, Item};
use lex::{lex, Dec};

/// Does the word (any case) open an emphasis phrase (`staggering` in `a staggering 70%`,
/// `total` in `a total of 95%`)? For `propose`, which trims filler words off a figure's ends
/// but must keep the article that belongs to an emphasis.
pub fn opens_emphasis(word: &str) -> bool {
    grammar::opens_emphasis(&word.to_lowercase())
}

/// The tolerance `t` when a ledger's settings name none (DESIGN: 10%).
pub fn default_tolerance() -> Num {
    Num::ratio(1, 10)
}

/// A tolerance as written in `settings.csv`: a decimal from 0 up to (not including) 1.
pub fn parse_tolerance(text: &str) -> Option<Num> {
    Num::parse_decimal(text).filter(|t| *t >= Num::ZERO && *t < Num::from(1))
}

/// Internal results carry only the `why` of [`Error::Unreadable`]; `read` adds `printed`.
type Why<T> = std::result::Result<T, String>;

pub use crate::records::Kind;

/// What a reading's numbers measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Count,
    Percent,
    PercentChange,
    /// An amount of money in this currency (ISO code): never compared or summed with another.
    Money(&'static str),
}

/// The currencies the reader knows, in a fixed order: a claim's currency travels through the
/// checks as its position here plus one (0: not an amount of money).
pub const CURRENCIES: [&str; 6] = ["USD", "EUR", "GBP", "INR", "JPY", "PKR"];

impl Unit {
    /// 0 for a count or a percentage, else the currency's place in [`CURRENCIES`] plus one.
    pub fn currency_code(&self) -> u8 {
        match self {
            Unit::Money(code) => CURRENCIES
                .iter()
                .position(|c| c == code)
                .map_or(0, |i| i as u8 + 1),
            _ => 0,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::PercentChange => "percent-change",
            Unit::Money(code) => code,
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
    pub value: Option<Num>,
    pub interval: Interval,
    /// For a figure read with a precision band: the band widened to a whole unit of its last
    /// printed digit (`28%` → [27, 29]), which tells an imprecise figure from a wrong one.
    pub loose: Option<Interval>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Hedge {
    Over,
    JustOver,
    AtLeast,
    Under,
    AtMost,
    AsManyAs,
    Nearly,
    About,
    Exactly,
}

impl Hedge {
    fn name(self) -> &'static str {
        match self {
            Hedge::Over => "over",
            Hedge::JustOver => "just-over",
            Hedge::AtLeast => "at-least",
            Hedge::Under => "under",
            Hedge::AtMost => "at-most",
            Hedge::AsManyAs => "as-many-as",
            Hedge::Nearly => "nearly",
            Hedge::About => "about",
            Hedge::Exactly => "exactly",
        }
    }

    /// The values a hedged non-negative magnitude `x` allows.
    fn apply(self, x: &Num, t: &Num) -> Interval {
        let d = x.mul(t);
        let zero = Num::ZERO;
        match self {
            Hedge::Over => Interval::new(x.clone(), true, Num::PosInf, true),
            Hedge::JustOver => Interval::new(x.clone(), true, x.add(&d), false),
            Hedge::AtLeast => Interval::new(x.clone(), false, Num::PosInf, true),
            Hedge::Under => Interval::new(zero, false, x.clone(), true),
            Hedge::AtMost | Hedge::AsManyAs => Interval::closed(zero, x.clone()),
            Hedge::Nearly => Interval::closed(x.sub(&d), x.clone()),
            Hedge::About => Interval::closed(x.sub(&d), x.add(&d)),
            Hedge::Exactly => Interval::exact(x.clone()),
        }
    }
}

/// The figure itself, once direction words, fillers, emphasis and money are set aside.
#[derive(Debug, Clone, Copy)]
enum Core {
    /// A number with an optional hedge; `true` when it is a percentage.
    Plain(Option<Hedge>, Dec, bool),
    Range(Dec, Dec, bool),
    Vague(i64, i64),
    Mult(Option<Hedge>, Dec),
    Frac(Option<Hedge>, i64, i64),
}

mod shape;
mod values;

/// Infer the kind when the user gives none: a multiple or direction word -> Change; a percent
/// or a fraction -> Share; else Count. Unreadable text is a Count, so that `read` reports what
/// is wrong with it.
pub fn infer_kind(printed: &str) -> Kind {
    let Ok(items) = lex(printed).and_then(|t| recognize(&t)) else {
        return Kind::Count;
    };
    if items
        .iter()
        .any(|(i, _)| matches!(i, Item::Mult(_) | Item::Dir(_)))
    {
        Kind::Change
    } else if items
        .iter()
        .any(|(i, _)| matches!(i, Item::Pct | Item::Frac(..)))
    {
        Kind::Share
    } else {
        Kind::Count
    }
}

/// Read `printed` as `kind`, with tolerance `t` (the ledger's setting, 0.10 by default).
/// Anything outside the vocabulary is `Error::Unreadable` saying what was not understood.
pub fn read(printed: &str, kind: Kind, t: &Num) -> Result<Reading> {
    values::read_why(printed, kind, t).map_err(|why| Error::Unreadable {
        printed: printed.to_string(),
        why,
    })
}

#[cfg(test)]
mod tests;
