//! Intervals of exact numbers ([`Num`]) with open or closed ends and unbounded sides, and the
//! interval arithmetic the checks use to recompute changes, shares and chains of changes
//! (pure, no database).
//!
//! An unbounded side is `−∞` / `+∞` and is always open. Every end is exact, so "surely above"
//! and "disjoint" are decided exactly: a true value on a closed end is inside. A computed end
//! is closed when the value is attained (both operands' ends closed, or a factor of exactly 0:
//! `0 ÷ (41, ∞)` is `[0, 0]`), open otherwise.

pub use crate::exact::fmt_num;
use crate::exact::Num;
use crate::records::Kind;
use std::fmt;

/// The range of values a reading allows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Interval {
    pub lower: Num,
    pub upper: Num,
    pub lower_open: bool,
    pub upper_open: bool,
}

impl Interval {
    /// `[x, x]`.
    pub fn exact(x: Num) -> Self {
        Self::closed(x.clone(), x)
    }

    /// `[lo, hi]`.
    pub fn closed(lower: Num, upper: Num) -> Self {
        Self::new(lower, false, upper, false)
    }

    /// Any bounds; an infinite side is made open.
    pub fn new(lower: Num, lower_open: bool, upper: Num, upper_open: bool) -> Self {
        Interval {
            lower_open: lower_open || lower.is_infinite(),
            upper_open: upper_open || upper.is_infinite(),
            lower,
            upper,
        }
    }

    /// Does `x` lie in the interval?
    pub fn contains(&self, x: &Num) -> bool {
        let above = if self.lower_open {
            *x > self.lower
        } else {
            *x >= self.lower
        };
        let below = if self.upper_open {
            *x < self.upper
        } else {
            *x <= self.upper
        };
        above && below
    }

    /// True when every value of `self` is above every value of `other` ("surely larger").
    pub fn surely_above(&self, other: &Interval) -> bool {
        self.lower > other.upper
            || (self.lower == other.upper
                && (self.lower_open || other.upper_open)
                && self.lower.is_finite())
    }

    /// True when the two share no value.
    pub fn disjoint(&self, other: &Interval) -> bool {
        self.surely_above(other) || other.surely_above(self)
    }

    /// How far apart two disjoint intervals are: the distance between their facing ends
    /// (`None` when they share a value).
    pub fn gap(&self, other: &Interval) -> Option<Num> {
        if self.surely_above(other) {
            Some(self.lower.sub(&other.upper))
        } else if other.surely_above(self) {
            Some(other.lower.sub(&self.upper))
        } else {
            None
        }
    }

    /// True when the interval allows no value at all (an empty result of clipping).
    pub fn is_empty(&self) -> bool {
        self.lower > self.upper
            || (self.lower == self.upper && (self.lower_open || self.upper_open))
    }

    /// Sum of two intervals.
    pub fn add(&self, o: &Interval) -> Interval {
        Interval::new(
            self.lower.add(&o.lower),
            self.lower_open || o.lower_open,
            self.upper.add(&o.upper),
            self.upper_open || o.upper_open,
        )
    }

    /// Ratio of two intervals of non-negative values (counts, levels). A divisor that may be
    /// zero makes the upper side unbounded; `None` when the divisor is surely zero. A numerator
    /// of exactly 0 gives exactly 0.
    pub fn div_nonneg(&self, d: &Interval) -> Option<Interval> {
        let zero = Num::ZERO;
        if d.upper <= zero {
            return None;
        }
        let a = self.lower.clone().max(zero.clone());
        let a_open = self.lower_open && a == self.lower;
        // The smallest quotient: the smallest numerator over the largest divisor.
        let (lower, lower_open) = if a.is_zero() && !a_open {
            (zero.clone(), false)
        } else {
            let q = a.div(&d.upper).expect("d.upper > 0");
            let open = a_open || d.upper_open;
            (q, open)
        };
        // The largest: the largest numerator over the smallest divisor.
        let (upper, upper_open) = if self.upper.is_zero() && !self.upper_open {
            (zero, false)
        } else if d.lower <= Num::ZERO || self.upper.is_infinite() {
            (Num::PosInf, true)
        } else {
            let q = self.upper.div(&d.lower).expect("d.lower > 0");
            (q, self.upper_open || d.lower_open)
        };
        Some(Interval::new(lower, lower_open, upper, upper_open))
    }

    /// Product of two intervals of non-negative values (levels of a chain of changes).
    pub fn mul_nonneg(&self, o: &Interval) -> Interval {
        let end = |a: &Num, a_open: bool, b: &Num, b_open: bool| {
            let p = a.mul(b);
            // Zero times anything is zero, attained whenever that factor's zero is.
            let open = if a.is_zero() && !a_open || b.is_zero() && !b_open {
                false
            } else {
                a_open || b_open
            };
            (p, open)
        };
        let (lower, lower_open) = end(&self.lower, self.lower_open, &o.lower, o.lower_open);
        let (upper, upper_open) = end(&self.upper, self.upper_open, &o.upper, o.upper_open);
        Interval::new(lower, lower_open, upper, upper_open)
    }

    /// `self * k + c` for a positive `k`.
    pub fn affine(&self, k: &Num, c: &Num) -> Interval {
        Interval::new(
            self.lower.mul(k).add(c),
            self.lower_open,
            self.upper.mul(k).add(c),
            self.upper_open,
        )
    }

    /// The values negated: `[a, b)` becomes `(−b, −a]`.
    pub fn negate(&self) -> Interval {
        Interval::new(
            self.upper.neg(),
            self.upper_open,
            self.lower.neg(),
            self.lower_open,
        )
    }

    /// The intersection with `[lo, hi]` (used to clip shares to [0, 100] and counts to ≥ 0).
    pub fn clip(&self, lo: &Num, hi: &Num) -> Interval {
        let (lower, lower_open) = if self.lower < *lo {
            (lo.clone(), false)
        } else {
            (self.lower.clone(), self.lower_open)
        };
        let (upper, upper_open) = if self.upper > *hi {
            (hi.clone(), false)
        } else {
            (self.upper.clone(), self.upper_open)
        };
        Interval::new(lower, lower_open, upper, upper_open)
    }

    /// The one value a closed single-point interval allows (`[444]`), else `None`.
    pub fn as_exact(&self) -> Option<&Num> {
        (self.lower == self.upper && !self.lower_open && !self.upper_open).then_some(&self.lower)
    }

    /// Brackets and bounds, each bound written by `num`: `[450, 500]`, `(1612, ∞)`, `[444]`.
    fn write_with(&self, num: impl Fn(&Num) -> String) -> String {
        if let Some(x) = self.as_exact() {
            return format!("[{}]", num(x));
        }
        format!(
            "{}{}, {}{}",
            if self.lower_open { '(' } else { '[' },
            num(&self.lower),
            num(&self.upper),
            if self.upper_open { ')' } else { ']' }
        )
    }
}

/// An interval with its unit: `[450, 500]`, `[50.5%, 51.5%]`, `[+80%, +120%]`.
pub fn reading_text(i: &Interval, kind: Kind) -> String {
    i.write_with(|x| match kind {
        Kind::Change if x.is_finite() && *x > Num::ZERO => format!("+{}%", fmt_num(x)),
        Kind::Change | Kind::Share if x.is_finite() => format!("{}%", fmt_num(x)),
        _ => fmt_num(x),
    })
}

/// A reading as a report shows it: [`reading_text`], and each bound as [`fmt_num`] writes it
/// (empty when unbounded). Made once per printed figure (`reading::ReadingCache::get_shown`),
/// not once per claim: a million claims print a few thousand figures, and formatting exact
/// numbers was a tenth of `export claims`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    pub lower: String,
    pub upper: String,
}

impl Shown {
    pub fn of(i: &Interval, kind: Kind) -> Self {
        let bound = |x: &Num| {
            if x.is_finite() {
                fmt_num(x)
            } else {
                String::new()
            }
        };
        Shown {
            text: reading_text(i, kind),
            lower: bound(&i.lower),
            upper: bound(&i.upper),
        }
    }
}

impl Clone for Shown {
    fn clone(&self) -> Self {
        Shown {
            text: self.text.clone(),
            lower: self.lower.clone(),
            upper: self.upper.clone(),
        }
    }

    /// In the memory `self` holds already: the reports refill their rows in place.
    fn clone_from(&mut self, other: &Self) {
        self.text.clone_from(&other.text);
        self.lower.clone_from(&other.lower);
        self.upper.clone_from(&other.upper);
    }
}

impl fmt::Display for Interval {
    /// `[50.5, 51.5]`, `(1612, ∞)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.write_with(fmt_num))
    }
}

#[cfg(test)]
mod tests;
