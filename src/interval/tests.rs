use super::*;

fn n(x: i64) -> Num {
    Num::from(x)
}

fn dec(s: &str) -> Num {
    Num::parse_decimal(s).unwrap()
}

#[test]
fn open_ends_touching_are_disjoint() {
    let a = Interval::new(dec("50.5"), false, dec("51.5"), true);
    let b = Interval::closed(dec("51.5"), n(60));
    assert!(a.disjoint(&b));
    assert_eq!(a.gap(&b), Some(Num::ZERO));
    let c = Interval::closed(n(51), n(60));
    assert!(!a.disjoint(&c));
    assert_eq!(a.gap(&c), None);
}

#[test]
fn closed_ends_touching_overlap() {
    let a = Interval::closed(n(1), n(2));
    let b = Interval::closed(n(2), n(3));
    assert!(!a.disjoint(&b));
    assert!(!b.surely_above(&a));
}

#[test]
fn unbounded_above_overlaps_everything_higher() {
    let over = Interval::new(n(1612), true, Num::PosInf, true);
    assert!(!over.disjoint(&Interval::exact(n(1700))));
    assert!(over.surely_above(&Interval::exact(n(1612))));
    assert!(!over.surely_above(&Interval::exact(n(1613))));
}

#[test]
fn ratio_of_counts_is_exact() {
    let r = Interval::exact(n(51))
        .div_nonneg(&Interval::exact(n(40)))
        .unwrap();
    let pct = r.affine(&n(100), &n(-100));
    assert_eq!(pct.as_exact(), Some(&dec("27.5")));
    // "28%" is [27.5, 28.5]: the exact value is on its closed end.
    assert!(!pct.disjoint(&Interval::closed(dec("27.5"), dec("28.5"))));
}

#[test]
fn zero_over_an_unbounded_divisor_is_exactly_zero() {
    // 0 in 2024 after "over 41" in 2023: a fall of exactly 100%.
    let r = Interval::exact(n(0))
        .div_nonneg(&Interval::new(n(41), true, Num::PosInf, true))
        .unwrap();
    assert_eq!(r.as_exact(), Some(&Num::ZERO));
    assert!(!r.is_empty());
    let pct = r.affine(&n(100), &n(-100));
    assert_eq!(pct.as_exact(), Some(&n(-100)));
}

#[test]
fn ratio_with_zero_divisor_is_unbounded() {
    let r = Interval::exact(n(3))
        .div_nonneg(&Interval::closed(n(0), n(2)))
        .unwrap();
    assert_eq!(r.upper, Num::PosInf);
    assert_eq!(r.lower, dec("1.5"));
    assert!(Interval::exact(n(3))
        .div_nonneg(&Interval::exact(n(0)))
        .is_none());
}

#[test]
fn products_of_levels() {
    // +27% then +17%: 1.27 × 1.17 = 1.4859.
    let a = Interval::exact(dec("1.27"));
    let b = Interval::exact(dec("1.17"));
    assert_eq!(a.mul_nonneg(&b).as_exact(), Some(&dec("1.4859")));
    let z = Interval::exact(n(0)).mul_nonneg(&Interval::new(n(1), true, Num::PosInf, true));
    assert_eq!(z.as_exact(), Some(&Num::ZERO));
}

#[test]
fn display() {
    assert_eq!(
        Interval::new(dec("50.5"), false, dec("51.5"), true).to_string(),
        "[50.5, 51.5)"
    );
    assert_eq!(
        Interval::new(n(1612), true, Num::PosInf, true).to_string(),
        "(1612, ∞)"
    );
    assert_eq!(Interval::exact(n(444)).to_string(), "[444]");
    let tiny = Interval::closed(dec("0.00000005"), dec("0.00000015"));
    assert_eq!(
        reading_text(&tiny, crate::records::Kind::Share),
        "[0.00000005%, 0.00000015%]"
    );
}
