//! Real intervals with open or closed ends and unbounded sides, and the interval arithmetic
//! the checks use to recompute changes and shares (pure, no database).
//!
//! An unbounded side is `-inf` / `+inf` and is always open. Arithmetic is monotone bound by
//! bound: a result's end is open when any end it came from is open, so "surely" comparisons
//! stay sound.

use std::fmt;

/// One end of the range of values a reading allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
    pub lower_open: bool,
    pub upper_open: bool,
}

impl Interval {
    /// `[x, x]`.
    pub fn exact(x: f64) -> Self {
        Self::closed(x, x)
    }

    /// `[lo, hi]`.
    pub fn closed(lower: f64, upper: f64) -> Self {
        Self::new(lower, false, upper, false)
    }

    /// Any bounds; an infinite side is made open.
    pub fn new(lower: f64, lower_open: bool, upper: f64, upper_open: bool) -> Self {
        Interval {
            lower,
            upper,
            lower_open: lower_open || lower.is_infinite(),
            upper_open: upper_open || upper.is_infinite(),
        }
    }

    /// Does `x` lie in the interval?
    pub fn contains(&self, x: f64) -> bool {
        let above = if self.lower_open {
            x > self.lower
        } else {
            x >= self.lower
        };
        let below = if self.upper_open {
            x < self.upper
        } else {
            x <= self.upper
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

    /// True when the interval allows no value at all (an empty result of clipping).
    pub fn is_empty(&self) -> bool {
        self.lower > self.upper
            || (self.lower == self.upper && (self.lower_open || self.upper_open))
    }

    /// Sum of two intervals.
    pub fn add(&self, o: &Interval) -> Interval {
        Interval::new(
            self.lower + o.lower,
            self.lower_open || o.lower_open,
            self.upper + o.upper,
            self.upper_open || o.upper_open,
        )
    }

    /// Ratio of two intervals of non-negative values (counts). A divisor that may be zero makes
    /// the upper side unbounded; `None` when the divisor is surely zero.
    pub fn div_nonneg(&self, d: &Interval) -> Option<Interval> {
        if d.upper <= 0.0 {
            return None;
        }
        let lower = if d.upper.is_infinite() {
            0.0
        } else {
            self.lower.max(0.0) / d.upper
        };
        let lower_open = !d.upper.is_infinite() && (self.lower_open || d.upper_open) && lower > 0.0;
        let (upper, upper_open) = if d.lower <= 0.0 || self.upper.is_infinite() {
            (f64::INFINITY, true)
        } else {
            (self.upper / d.lower, self.upper_open || d.lower_open)
        };
        Some(Interval::new(lower, lower_open, upper, upper_open))
    }

    /// `self * k + c` for a positive `k`.
    pub fn affine(&self, k: f64, c: f64) -> Interval {
        Interval::new(
            self.lower * k + c,
            self.lower_open,
            self.upper * k + c,
            self.upper_open,
        )
    }

    /// The intersection with `[lo, hi]` (used to clip shares to [0, 100] and counts to ≥ 0).
    pub fn clip(&self, lo: f64, hi: f64) -> Interval {
        let (lower, lower_open) = if self.lower < lo {
            (lo, false)
        } else {
            (self.lower, self.lower_open)
        };
        let (upper, upper_open) = if self.upper > hi {
            (hi, false)
        } else {
            (self.upper, self.upper_open)
        };
        Interval::new(lower, lower_open, upper, upper_open)
    }
}

/// A number as a person writes it: no exponent, no trailing zeros, at most 4 decimals.
pub fn fmt_num(x: f64) -> String {
    if x.is_infinite() {
        return if x > 0.0 { "∞".into() } else { "-∞".into() };
    }
    // Most figures are whole counts: an integer prints the same digits, several times faster
    // than `{:.4}` (a `check` on a large ledger prints hundreds of thousands). Below 2^53
    // every whole f64 converts exactly; `-0` becomes `0` as below.
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return (x as i64).to_string();
    }
    let s = format!("{:.4}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

impl Interval {
    /// The one value a closed single-point interval allows (`[444]`), else `None`.
    pub fn as_exact(&self) -> Option<f64> {
        (self.lower == self.upper && !self.lower_open && !self.upper_open).then_some(self.lower)
    }

    /// Brackets and bounds, each bound written by `num`: `[450, 500]`, `(1612, ∞)`, `[444]`.
    fn write_with(&self, num: impl Fn(f64) -> String) -> String {
        if let Some(x) = self.as_exact() {
            return format!("[{}]", num(x));
        }
        format!(
            "{}{}, {}{}",
            if self.lower_open { '(' } else { '[' },
            num(self.lower),
            num(self.upper),
            if self.upper_open { ')' } else { ']' }
        )
    }
}

/// An interval with its unit: `[450, 500]`, `[50.5%, 51.5%)`, `[+80%, +120%]`.
pub fn reading_text(i: &Interval, kind: &str) -> String {
    i.write_with(|x| match kind {
        "change" if x.is_finite() && x > 0.0 => format!("+{}%", fmt_num(x)),
        "change" | "share" if x.is_finite() => format!("{}%", fmt_num(x)),
        _ => fmt_num(x),
    })
}

impl fmt::Display for Interval {
    /// `[50.5, 51.5)`, `(1612, ∞)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.write_with(fmt_num))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_print_as_with_four_decimals_trimmed() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            14.0,
            306.0,
            123_456_789.0,
            1e15,
            -8.9e15,
        ] {
            let slow = format!("{x:.4}");
            let slow = slow.trim_end_matches('0').trim_end_matches('.');
            let slow = if slow == "-0" { "0" } else { slow };
            assert_eq!(fmt_num(x), slow, "{x}");
        }
        assert_eq!(fmt_num(16.5), "16.5");
        assert_eq!(fmt_num(1e16), "10000000000000000");
    }

    #[test]
    fn open_ends_touching_are_disjoint() {
        let a = Interval::new(50.5, false, 51.5, true);
        let b = Interval::closed(51.5, 60.0);
        assert!(a.disjoint(&b));
        let c = Interval::closed(51.0, 60.0);
        assert!(!a.disjoint(&c));
    }

    #[test]
    fn closed_ends_touching_overlap() {
        let a = Interval::closed(1.0, 2.0);
        let b = Interval::closed(2.0, 3.0);
        assert!(!a.disjoint(&b));
        assert!(!b.surely_above(&a));
    }

    #[test]
    fn unbounded_above_overlaps_everything_higher() {
        let over = Interval::new(1612.0, true, f64::INFINITY, true);
        assert!(!over.disjoint(&Interval::exact(1700.0)));
        assert!(over.surely_above(&Interval::exact(1612.0)));
        assert!(!over.surely_above(&Interval::exact(1613.0)));
    }

    #[test]
    fn ratio_of_counts() {
        let r = Interval::exact(306.0)
            .div_nonneg(&Interval::exact(262.0))
            .unwrap();
        let pct = r.affine(100.0, -100.0);
        assert!((pct.lower - 16.79).abs() < 0.01);
        assert_eq!(pct.lower, pct.upper);
    }

    #[test]
    fn ratio_with_zero_divisor_is_unbounded() {
        let r = Interval::exact(3.0)
            .div_nonneg(&Interval::closed(0.0, 2.0))
            .unwrap();
        assert!(r.upper.is_infinite());
        assert_eq!(r.lower, 1.5);
        assert!(Interval::exact(3.0)
            .div_nonneg(&Interval::exact(0.0))
            .is_none());
    }

    #[test]
    fn display() {
        assert_eq!(
            Interval::new(50.5, false, 51.5, true).to_string(),
            "[50.5, 51.5)"
        );
        assert_eq!(
            Interval::new(1612.0, true, f64::INFINITY, true).to_string(),
            "(1612, ∞)"
        );
        assert_eq!(Interval::exact(444.0).to_string(), "[444]");
    }
}
