//! Exact numbers for readings and for every comparison and computation the checks make:
//! rationals extended with −∞ and +∞ (DESIGN "Reading printed figures": bounds are exact).
//!
//! A printed figure is decimal text (`17.3`, `1,612`, `0.10`), so every bound a reading makes is
//! an exact rational, and so are sums, products and quotients of bounds. Binary floating point
//! never decides a finding: `51 ÷ 40 − 1` is exactly 27.5%, which lies on the closed bound of
//! `28%` = [27.5, 28.5], on every machine. `f64` appears only where a number is shown
//! ([`Num::to_f64`], [`fmt_num`]).
//!
//! Representation: a `Ratio<i64>` while numerator and denominator fit, else a boxed big
//! rational; every operation tries the small form with checked arithmetic and falls back to
//! the big one, so `99999999999999999999999` neither overflows nor panics. Values are kept
//! normalised (the small form whenever it fits), so derived equality is value equality. The
//! whole value is 24 bytes, which keeps a million claims' readings small.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::{BigRational, Ratio};
use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::fmt;

type Small = Ratio<i64>;

/// An exact rational, or an infinity.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Num {
    NegInf,
    Small(Small),
    Big(Box<BigRational>),
    PosInf,
}

impl fmt::Debug for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fmt_num(self))
    }
}

impl Default for Num {
    fn default() -> Num {
        Num::ZERO
    }
}

impl From<i64> for Num {
    fn from(n: i64) -> Num {
        Num::Small(Small::from_integer(n))
    }
}

impl Num {
    pub const ZERO: Num = Num::Small(Ratio::new_raw(0, 1));

    /// `n / d`; `d` is not zero.
    pub fn ratio(n: i64, d: i64) -> Num {
        Num::Small(Small::new(n, d))
    }

    /// `mant × 10^exp`, exactly.
    pub fn decimal(mant: i128, exp: i32) -> Num {
        // Most figures fit in 64 bits: no big integer is made for them.
        if (0..19).contains(&exp.unsigned_abs()) {
            let p = 10i64.pow(exp.unsigned_abs());
            if let Ok(m) = i64::try_from(mant) {
                if exp >= 0 {
                    if let Some(n) = m.checked_mul(p) {
                        return Num::Small(Small::from_integer(n));
                    }
                } else {
                    return Num::Small(Small::new(m, p));
                }
            }
        }
        let ten = BigInt::from(10u8);
        let (n, d) = if exp >= 0 {
            (BigInt::from(mant) * ten.pow(exp as u32), BigInt::from(1u8))
        } else {
            (BigInt::from(mant), ten.pow(exp.unsigned_abs()))
        };
        Num::from_big(BigRational::new(n, d))
    }

    /// Decimal text such as `0.10`, `-3`, `17.25` (no grouping, no exponent).
    pub fn parse_decimal(text: &str) -> Option<Num> {
        let t = text.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() && frac.is_empty() || !digits_ok(int) || !digits_ok(frac) {
            return None;
        }
        let digits = format!("{int}{frac}");
        let mut mant: BigInt = digits.parse().ok()?;
        if neg {
            mant = -mant;
        }
        let d = BigInt::from(10u8).pow(frac.len() as u32);
        Some(Num::from_big(BigRational::new(mant, d)))
    }

    /// The small form when it fits.
    fn from_big(r: BigRational) -> Num {
        match (r.numer().to_i64(), r.denom().to_i64()) {
            (Some(n), Some(d)) => Num::Small(Small::new_raw(n, d)),
            _ => Num::Big(Box::new(r)),
        }
    }

    fn big(&self) -> Option<BigRational> {
        match self {
            Num::Small(r) => Some(BigRational::new_raw(
                BigInt::from(*r.numer()),
                BigInt::from(*r.denom()),
            )),
            Num::Big(b) => Some((**b).clone()),
            _ => None,
        }
    }

    pub fn is_finite(&self) -> bool {
        matches!(self, Num::Small(_) | Num::Big(_))
    }

    pub fn is_infinite(&self) -> bool {
        !self.is_finite()
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, Num::Small(r) if r.is_zero())
    }

    /// Whether the value is a whole number (infinities are not).
    pub fn is_integer(&self) -> bool {
        match self {
            Num::Small(r) => r.is_integer(),
            Num::Big(b) => b.is_integer(),
            _ => false,
        }
    }

    pub fn signum(&self) -> Ordering {
        self.cmp(&Num::ZERO)
    }

    /// The nearest `f64`, for showing a number; never for deciding anything.
    pub fn to_f64(&self) -> f64 {
        match self {
            Num::NegInf => f64::NEG_INFINITY,
            Num::PosInf => f64::INFINITY,
            Num::Small(r) => r.to_f64().unwrap_or(f64::NAN),
            Num::Big(b) => b.to_f64().unwrap_or(f64::NAN),
        }
    }

    /// The nearest `f64` of a finite value, `None` for an infinity (an unbounded side is
    /// `null` in JSON and an empty cell in CSV).
    pub fn finite_f64(&self) -> Option<f64> {
        self.is_finite().then(|| self.to_f64())
    }

    /// Applies `small` with checked arithmetic, else `big`.
    fn op(
        &self,
        o: &Num,
        small: impl Fn(&Small, &Small) -> Option<Small>,
        big: impl Fn(BigRational, BigRational) -> BigRational,
    ) -> Num {
        if let (Num::Small(a), Num::Small(b)) = (self, o) {
            if let Some(r) = small(a, b) {
                return Num::Small(r);
            }
        }
        match (self.big(), o.big()) {
            (Some(a), Some(b)) => Num::from_big(big(a, b)),
            _ => unreachable!("op is called on finite values only"),
        }
    }

    pub fn neg(&self) -> Num {
        match self {
            Num::NegInf => Num::PosInf,
            Num::PosInf => Num::NegInf,
            Num::Small(r) => match r.numer().checked_neg() {
                Some(n) => Num::Small(Small::new_raw(n, *r.denom())),
                None => Num::from_big(-self.big().expect("finite")),
            },
            Num::Big(b) => Num::from_big(-(**b).clone()),
        }
    }

    /// The sum; an infinity absorbs a finite value (and, for opposite infinities, which
    /// well-formed interval arithmetic never adds, the left one stands).
    pub fn add(&self, o: &Num) -> Num {
        match (self, o) {
            (Num::NegInf | Num::PosInf, _) => self.clone(),
            (_, Num::NegInf | Num::PosInf) => o.clone(),
            _ => self.op(o, |a, b| a.checked_add(b), |a, b| a + b),
        }
    }

    pub fn sub(&self, o: &Num) -> Num {
        self.add(&o.neg())
    }

    /// The product; zero times anything (an infinity included) is zero, since a bound of 0
    /// is a value attained, and the interval arithmetic multiplies attained values.
    pub fn mul(&self, o: &Num) -> Num {
        if self.is_zero() || o.is_zero() {
            return Num::ZERO;
        }
        if self.is_finite() && o.is_finite() {
            return self.op(o, |a, b| a.checked_mul(b), |a, b| a * b);
        }
        if (self.signum() == Ordering::Less) == (o.signum() == Ordering::Less) {
            Num::PosInf
        } else {
            Num::NegInf
        }
    }

    /// The quotient; `None` when `o` is zero. A finite value over an infinity is zero, an
    /// infinity over a finite value keeps its (signed) infinity.
    pub fn div(&self, o: &Num) -> Option<Num> {
        if o.is_zero() {
            return None;
        }
        Some(match (self.is_finite(), o.is_finite()) {
            (true, true) => self.op(o, |a, b| a.checked_div(b), |a, b| a / b),
            (true, false) => Num::ZERO,
            (false, _) => {
                if (self.signum() == Ordering::Less) == (o.signum() == Ordering::Less) {
                    Num::PosInf
                } else {
                    Num::NegInf
                }
            }
        })
    }

    /// The absolute value.
    pub fn abs(&self) -> Num {
        if self.signum() == Ordering::Less {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// The largest whole number at or below a finite value.
    pub fn floor(&self) -> Num {
        match self.big() {
            Some(r) => Num::from_big(r.floor()),
            None => self.clone(),
        }
    }

    /// `self` rounded to `places` decimals, half away from zero (for showing a number).
    pub fn round_to(&self, places: u32) -> Num {
        let Some(r) = self.big() else {
            return self.clone();
        };
        let scale = BigInt::from(10u8).pow(places);
        let scaled = r * BigRational::from_integer(scale.clone());
        Num::from_big(BigRational::new(scaled.round().to_integer(), scale))
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Self) -> Ordering {
        fn rank(n: &Num) -> u8 {
            match n {
                Num::NegInf => 0,
                Num::Small(_) | Num::Big(_) => 1,
                Num::PosInf => 2,
            }
        }
        match (self, other) {
            (Num::Small(a), Num::Small(b)) => cmp_small(a, b),
            (Num::Small(_) | Num::Big(_), Num::Small(_) | Num::Big(_)) => self
                .big()
                .expect("finite")
                .cmp(&other.big().expect("finite")),
            _ => rank(self).cmp(&rank(other)),
        }
    }
}

/// `a` against `b` by cross-multiplying in 128 bits, where no product of two 64-bit integers
/// overflows: one multiplication each, where `Ratio`'s own comparison divides, and sorting a
/// quarter of a million findings by gap compares millions of times.
fn cmp_small(a: &Small, b: &Small) -> Ordering {
    let (an, ad) = (i128::from(*a.numer()), i128::from(*a.denom()));
    let (bn, bd) = (i128::from(*b.numer()), i128::from(*b.denom()));
    if ad > 0 && bd > 0 {
        (an * bd).cmp(&(bn * ad))
    } else {
        // Not normalised (never made here): `Ratio` knows what a negative denominator means.
        a.cmp(b)
    }
}

/// The digits of a finite value whose denominator divides `10^k` for some `k ≤ 30`, exactly
/// (`450`, `50.5`, `0.00000015`); `None` for a value with a repeating expansion.
fn terminating(r: &BigRational) -> Option<String> {
    let mut d = r.denom().clone();
    let (two, five) = (BigInt::from(2u8), BigInt::from(5u8));
    let mut k = 0u32;
    let (mut twos, mut fives) = (0u32, 0u32);
    while d.is_even() {
        d /= &two;
        twos += 1;
    }
    while (&d % &five).is_zero() {
        d /= &five;
        fives += 1;
    }
    if d != BigInt::from(1u8) {
        return None;
    }
    k = k.max(twos).max(fives);
    if k > 30 {
        return None;
    }
    let scaled = r * BigRational::from_integer(BigInt::from(10u8).pow(k));
    Some(place_point(&scaled.to_integer(), k))
}

/// [`terminating`] without big integers, for a denominator of the form 2^a·5^b that scales to
/// a power of ten within 64 bits; `None` otherwise (the general path decides).
fn small_terminating(n: i64, d: i64) -> Option<String> {
    let (mut rest, mut twos, mut fives) = (d, 0u32, 0u32);
    while rest % 2 == 0 {
        rest /= 2;
        twos += 1;
    }
    while rest % 5 == 0 {
        rest /= 5;
        fives += 1;
    }
    if rest != 1 {
        return None;
    }
    let k = twos.max(fives);
    let scale = 10i128.checked_pow(k)?;
    let scaled = i128::from(n).checked_mul(scale / i128::from(d))?;
    Some(place_point(&BigInt::from(scaled), k))
}

/// `n / 10^k` written out: `-0.015` from (-15, 3).
fn place_point(n: &BigInt, k: u32) -> String {
    let digits = n.abs().to_string();
    let sign = if n.is_negative() { "-" } else { "" };
    if k == 0 {
        return format!("{sign}{digits}");
    }
    let k = k as usize;
    let padded = if digits.len() <= k {
        format!("{}{digits}", "0".repeat(k + 1 - digits.len()))
    } else {
        digits
    };
    let (int, frac) = padded.split_at(padded.len() - k);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// A number as a person writes it: no exponent and no trailing zeros. A value with a finite
/// decimal expansion (every bound a reading makes) is written exactly, so a non-zero bound is
/// never shown as 0; any other (a recomputed quotient) to 4 decimals, or to two significant
/// digits when it is smaller than 0.0001.
pub fn fmt_num(x: &Num) -> String {
    match x {
        Num::NegInf => return "-∞".into(),
        Num::PosInf => return "∞".into(),
        Num::Small(r) if r.is_integer() => return r.numer().to_string(),
        Num::Small(r) => {
            if let Some(s) = small_terminating(*r.numer(), *r.denom()) {
                return s;
            }
        }
        _ => {}
    }
    let r = x.big().expect("finite");
    if let Some(s) = terminating(&r) {
        return s;
    }
    let mut places = 4;
    loop {
        let rounded = x.round_to(places);
        if !rounded.is_zero() || places >= 40 {
            // Below 0.0001: two significant digits, not one.
            let places = if places > 4 { places + 1 } else { places };
            let rounded = x.round_to(places);
            let r = rounded.big().expect("finite");
            let scaled = r * BigRational::from_integer(BigInt::from(10u8).pow(places));
            return place_point(&scaled.to_integer(), places);
        }
        places += 1;
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fmt_num(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Num {
        Num::parse_decimal(s).unwrap()
    }

    proptest::proptest! {
        /// Two 64-bit fractions order as their exact values do, up to the extremes of `i64`.
        #[test]
        fn small_values_order_as_exact_ones(
            an in proptest::num::i64::ANY, ad in 1..=i64::MAX,
            bn in proptest::num::i64::ANY, bd in 1..=i64::MAX,
        ) {
            let (a, b) = (Num::Small(Small::new(an, ad)), Num::Small(Small::new(bn, bd)));
            let exact = a.big().unwrap().cmp(&b.big().unwrap());
            proptest::prop_assert_eq!(a.cmp(&b), exact);
            proptest::prop_assert_eq!(b.cmp(&a), exact.reverse());
        }
    }

    #[test]
    fn a_quotient_of_exact_values_is_exact() {
        // 51 ÷ 40 − 1 is 27.5% exactly: floating point gives 27.499999999999986.
        let pct = Num::from(51)
            .div(&Num::from(40))
            .unwrap()
            .mul(&Num::from(100))
            .sub(&Num::from(100));
        assert_eq!(pct, d("27.5"));
        assert_eq!(fmt_num(&pct), "27.5");
    }

    #[test]
    fn huge_values_fall_back_to_big_rationals() {
        let big = d("99999999999999999999999");
        let sq = big.mul(&big);
        assert!(matches!(sq, Num::Big(_)));
        assert_eq!(sq.div(&big).unwrap(), big);
        assert_eq!(fmt_num(&big), "99999999999999999999999");
        let m = Num::from(i64::MAX).add(&Num::from(1));
        assert_eq!(fmt_num(&m), "9223372036854775808");
        assert_eq!(m.sub(&Num::from(1)), Num::from(i64::MAX));
        assert!(matches!(m.sub(&Num::from(1)), Num::Small(_)));
        assert_eq!(Num::from(i64::MIN).neg(), m);
    }

    #[test]
    fn infinities_order_and_absorb() {
        assert!(Num::NegInf < Num::from(-1));
        assert!(Num::PosInf > d("99999999999999999999999"));
        assert_eq!(Num::PosInf.add(&Num::from(3)), Num::PosInf);
        assert_eq!(Num::from(0).mul(&Num::PosInf), Num::ZERO);
        assert_eq!(Num::from(3).div(&Num::PosInf), Some(Num::ZERO));
        assert_eq!(Num::from(3).div(&Num::ZERO), None);
    }

    #[test]
    fn shown_exactly_or_rounded() {
        assert_eq!(fmt_num(&d("0.0000001")), "0.0000001");
        assert_eq!(fmt_num(&d("-0.015")), "-0.015");
        assert_eq!(fmt_num(&d("1450.80")), "1450.8");
        assert_eq!(
            fmt_num(&Num::ratio(306, 262).mul(&Num::from(100))),
            "116.7939"
        );
        assert_eq!(fmt_num(&Num::ratio(1, 3_000_000)), "0.00000033");
        assert_eq!(fmt_num(&Num::ratio(100, 3)), "33.3333");
        assert_eq!(fmt_num(&Num::ZERO.neg()), "0");
    }

    #[test]
    fn parse_decimal_refuses_what_is_not_a_decimal() {
        for bad in ["", ".", "1e3", "1,000", "abc", "--1", "1.2.3"] {
            assert_eq!(Num::parse_decimal(bad), None, "{bad}");
        }
        assert_eq!(d("0.10"), Num::ratio(1, 10));
        assert_eq!(d(".5"), Num::ratio(1, 2));
    }
}
