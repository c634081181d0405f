use super::*;
use crate::exact::Num;
use proptest::prelude::*;

const INF: f64 = f64::INFINITY;

fn t() -> Num {
    default_tolerance()
}

const C: Kind = Kind::Count;
const CH: Kind = Kind::Change;
const S: Kind = Kind::Share;

fn reading(p: &str, k: Kind) -> Reading {
    read(p, k, &t()).unwrap_or_else(|e| panic!("{p:?} as {}: {e}", k.as_str()))
}

fn why(p: &str, k: Kind) -> String {
    match read(p, k, &t()) {
        Ok(r) => panic!("{p:?} as {} read as {r:?}", k.as_str()),
        Err(Error::Unreadable { printed, why }) => {
            assert_eq!(printed, p);
            why
        }
        #[allow(unreachable_patterns)] // the crate's Error has other variants
        Err(e) => panic!("{p:?}: not Unreadable: {e}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

/// `[` / `(` and `]` / `)` as the open flags, so expectations read like DESIGN's table.
fn check(p: &str, k: Kind, lo: &str, lower: f64, upper: f64, hi: &str) {
    let iv = reading(p, k).interval;
    let ok = close(iv.lower.to_f64(), lower)
        && close(iv.upper.to_f64(), upper)
        && iv.lower_open == (lo == "(")
        && iv.upper_open == (hi == ")");
    assert!(ok, "{p:?}: got {iv}, want {lo}{lower}, {upper}{hi}");
}

fn hedge_value(p: &str, k: Kind) -> (&'static str, Option<f64>) {
    let r = reading(p, k);
    (r.hedge, r.value.map(|v| v.to_f64()))
}

#[test]
fn bare_counts_are_exact() {
    for (p, x) in [
        ("444", 444.0),
        ("1,612", 1612.0),
        ("a hundred", 100.0),
        ("two", 2.0),
    ] {
        check(p, C, "[", x, x, "]");
        assert_eq!(hedge_value(p, C), ("exact", Some(x)));
    }
    check("A Thousand", C, "[", 1000.0, 1000.0, "]");
    check("a dozen", C, "[", 12.0, 12.0, "]");
    check("zero", C, "[", 0.0, 0.0, "]");
    check("twenty", C, "[", 20.0, 20.0, "]");
    check("1,50,000", C, "[", 150000.0, 150000.0, "]");
    check("12,34,567", C, "[", 1234567.0, 1234567.0, "]");
    check("1,234,567", C, "[", 1234567.0, 1234567.0, "]");
}

#[test]
fn scale_words_and_decimals_carry_precision() {
    check("1.5 million", C, "[", 1_450_000.0, 1_550_000.0, "]");
    check("2.3 thousand", C, "[", 2250.0, 2350.0, "]");
    check("1.5 lakh", C, "[", 145_000.0, 155_000.0, "]");
    check("2 crore", C, "[", 15_000_000.0, 25_000_000.0, "]");
    check("2 crores", C, "[", 15_000_000.0, 25_000_000.0, "]");
    check("two million", C, "[", 1_500_000.0, 2_500_000.0, "]");
    check(
        "1.25 BILLION",
        C,
        "[",
        1_245_000_000.0,
        1_255_000_000.0,
        "]",
    );
    let r = reading("17.3", C);
    assert_eq!(r.interval.to_string(), "[17.25, 17.35]");
    assert_eq!(hedge_value("17.3", C), ("precision", Some(17.3)));
    assert_eq!(hedge_value("1.5 million", C).1, Some(1_500_000.0));
}

#[test]
fn percentages_carry_precision() {
    for p in ["51%", "51 %", "51 percent", "51 per cent", "51pc", "51 PC"] {
        check(p, S, "[", 50.5, 51.5, "]");
        assert_eq!(hedge_value(p, S), ("precision", Some(51.0)));
    }
    check("17.3%", S, "[", 17.25, 17.35, "]");
    check("five percent", S, "[", 4.5, 5.5, "]");
    check("100%", S, "[", 99.5, 100.0, "]");
    check("0%", S, "[", 0.0, 0.5, "]");
}

#[test]
fn hedges_over() {
    for p in [
        "over 1,612",
        "more than 1,612",
        "above 1,612",
        "exceeding 1,612",
        "in excess of 1612",
        "well over 1612",
    ] {
        check(p, C, "(", 1612.0, INF, ")");
        assert_eq!(hedge_value(p, C), ("over", Some(1612.0)));
    }
    check("over 1.5 million", C, "(", 1_500_000.0, INF, ")");
    assert_eq!(reading("OVER 1,612", C), reading("over 1612", C));
    check("just over 500", C, "(", 500.0, 550.0, "]");
    assert_eq!(reading("just over 500", C).hedge, "just-over");
    check("over 50%", S, "(", 50.0, 100.0, "]");
}

#[test]
fn hedges_at_least() {
    for p in [
        "at least 500",
        "no less than 500",
        "no fewer than 500",
        "500 or more",
        "500+",
        "500-plus",
        "500 plus",
        "upwards of 500",
    ] {
        check(p, C, "[", 500.0, INF, ")");
        assert_eq!(hedge_value(p, C), ("at-least", Some(500.0)));
    }
}

#[test]
fn hedges_under_and_at_most() {
    for p in ["under 500", "less than 500", "fewer than 500", "below 500"] {
        check(p, C, "[", 0.0, 500.0, ")");
        assert_eq!(reading(p, C).hedge, "under");
    }
    for p in ["at most 500", "up to 500", "no more than 500"] {
        check(p, C, "[", 0.0, 500.0, "]");
        assert_eq!(reading(p, C).hedge, "at-most");
    }
    check("less than 10%", S, "[", 0.0, 10.0, ")");
}

#[test]
fn hedges_nearly_and_about() {
    for p in [
        "nearly 500",
        "almost 500",
        "close to 500",
        "just under 500",
        "Just  Under 500",
    ] {
        check(p, C, "[", 450.0, 500.0, "]");
        assert_eq!(hedge_value(p, C), ("nearly", Some(500.0)));
    }
    for p in [
        "about 500",
        "around 500",
        "approximately 500",
        "roughly 500",
        "some 500",
        "~500",
        "~ 500",
        "an estimated 500",
        "estimated 500",
    ] {
        check(p, C, "[", 450.0, 550.0, "]");
        assert_eq!(hedge_value(p, C), ("about", Some(500.0)));
    }
    check("about 95%", S, "[", 85.5, 100.0, "]");
    let r = read("about 500", C, &Num::ratio(1, 5)).unwrap();
    assert_eq!(r.interval.to_string(), "[400, 600]");
}

#[test]
fn ranges() {
    for p in [
        "between 20 and 30",
        "20–30",
        "20-30",
        "20—30",
        "20 to 30",
        "20 - 30",
    ] {
        check(p, C, "[", 20.0, 30.0, "]");
        assert_eq!(hedge_value(p, C), ("range", None));
    }
    check("between 20 and 30 percent", S, "[", 20.0, 30.0, "]");
    check("20%-30%", S, "[", 20.0, 30.0, "]");
    check("20-30%", S, "[", 20.0, 30.0, "]");
    check("1.5-2 million", C, "[", 1_500_000.0, 2_000_000.0, "]");
    check("between 10 and 10", C, "[", 10.0, 10.0, "]");
}

#[test]
fn vague_words() {
    check("dozens", C, "[", 24.0, 144.0, ")");
    check("Dozens of", C, "[", 24.0, 144.0, ")");
    check("hundreds", C, "[", 200.0, 1000.0, ")");
    check("thousands", C, "[", 2000.0, 1e6, ")");
    check("scores of", C, "[", 40.0, 200.0, ")");
    check("tens of thousands of", C, "[", 2e4, 1e5, ")");
    check("hundreds of thousands", C, "[", 2e5, 1e6, ")");
    assert_eq!(hedge_value("hundreds", C), ("vague", None));
}

#[test]
fn multiples() {
    for p in [
        "doubled", "double", "twofold", "two-fold", "2-fold", "2x", "2 times", "2X",
    ] {
        check(p, CH, "[", 80.0, 120.0, "]");
        assert_eq!(hedge_value(p, CH), ("multiple", Some(100.0)));
    }
    check("tripled", CH, "[", 170.0, 230.0, "]");
    check("fourfold", CH, "[", 260.0, 340.0, "]");
    check("halved", CH, "[", -55.0, -45.0, "]");
    assert_eq!(hedge_value("halved", CH).1, Some(-50.0));
    check("almost doubled", CH, "[", 80.0, 100.0, "]");
    assert_eq!(hedge_value("almost doubled", CH), ("nearly", Some(100.0)));
    check("more than doubled", CH, "(", 100.0, INF, ")");
    check("at least doubled", CH, "[", 100.0, INF, ")");
    check("more than halved", CH, "[", -100.0, -50.0, ")");
    check("nearly halved", CH, "[", -50.0, -45.0, "]");
    check("increased threefold", CH, "[", 170.0, 230.0, "]");
    check("1.5 times", CH, "[", 35.0, 65.0, "]");
}

#[test]
fn changes() {
    for p in [
        "51% increase",
        "a 51 percent increase",
        "up 51%",
        "rose by 51%",
        "+51%",
        "51%",
    ] {
        check(p, CH, "[", 50.5, 51.5, "]");
        assert_eq!(hedge_value(p, CH).1, Some(51.0));
    }
    check("an increase of 27 percent", CH, "[", 26.5, 27.5, "]");
    check("an upsurge of 17 percent", CH, "[", 16.5, 17.5, "]");
    for p in [
        "fell by 20%",
        "20% drop",
        "a 20% decline",
        "down 20%",
        "-20%",
        "was 20% lower",
    ] {
        check(p, CH, "[", -20.5, -19.5, "]");
        assert_eq!(hedge_value(p, CH).1, Some(-20.0));
    }
    check("nearly 20% drop", CH, "[", -20.0, -18.0, "]");
    assert_eq!(hedge_value("nearly 20% drop", CH).1, Some(-20.0));
    check("fell by more than 20%", CH, "[", -100.0, -20.0, ")");
    check("fell by less than 20%", CH, "(", -20.0, 0.0, "]");
    check("rose 20-30%", CH, "[", 20.0, 30.0, "]");
    check("fell 20 to 30 percent", CH, "[", -30.0, -20.0, "]");
    check("a 150% rise", CH, "[", 149.5, 150.5, "]");
    assert_eq!(reading("51% increase", CH).unit, Unit::PercentChange);
}

#[test]
fn kinds_and_units() {
    assert_eq!(infer_kind("51% increase"), Kind::Change);
    assert_eq!(infer_kind("doubled"), Kind::Change);
    assert_eq!(infer_kind("fell by 20%"), Kind::Change);
    assert_eq!(infer_kind("95%"), Kind::Share);
    assert_eq!(infer_kind("over 1,612"), Kind::Count);
    assert_eq!(infer_kind("zillion"), Kind::Count);
    for k in [C, CH, S] {
        assert_eq!(Kind::parse(k.as_str()), Some(k));
    }
    assert_eq!(Kind::parse("Count"), None);
    assert_eq!(reading("95%", S).unit.as_str(), "percent");
    assert_eq!(reading("95", C).unit.as_str(), "count");
}

#[test]
fn errors_name_what_was_not_understood() {
    assert_eq!(why("zillion", C), "unknown word \"zillion\"");
    assert!(why("over 5 zillion", C).contains("\"zillion\""));
    assert!(why("51%", C).contains("use --kind share or change"));
    assert!(why("doubled", C).contains("--kind change"));
    assert!(why("doubled", S).contains("--kind change"));
    assert!(why("51% increase", S).contains("--kind change"));
    assert!(why("500", S).contains("percentage"));
    assert!(why("500", CH).contains("percentage or a multiple"));
    assert!(why("dozens", CH).contains("percentage or a multiple"));
    assert!(why("16,12", C).contains("grouping"));
    for p in ["1,2345", "0,612", "1,234,56,789", "1,50,00"] {
        assert!(why(p, C).contains("grouping"), "{p}");
    }
    assert!(why("", C).contains("empty"));
    assert!(why("   ", C).contains("empty"));
    assert!(why("between 20 and 10", C).contains("backwards"));
    assert!(why("30-20", C).contains("backwards"));
    assert!(why("1,612.", C).contains("full stop"));
    assert!(why("(1,612)", C).contains("unexpected character"));
    assert!(why("the 500", C).contains("\"the\""));
    assert!(why("rose fell 20%", CH).contains("opposite"));
    assert!(why("decreased threefold", CH).contains("ambiguous"));
    assert!(why("less than doubled", CH).contains("ambiguous"));
    assert!(why("fell by 120%", CH).contains("100%"));
    assert!(why("150%", S).contains("between 0% and 100%"));
    assert!(why("under zero", C).contains("no value"));
    assert!(
        matches!(read("just over 5", C, &Num::ZERO), Err(Error::Unreadable { why, .. }) if why.contains("tolerance 0"))
    );
    assert!(why("20 30", C).contains("expected"));
    assert!(why("about between 20 and 30", C).contains("expected"));
    assert!(why("over", C).contains("no number"));
    assert!(why("million", C).contains("needs a number"));
    assert!(why("2 thousand million", C).contains("two scale words"));
    assert!(why("rose to 51%", CH).contains("expected"));
    assert!(why("20% to 30", S).contains("first number only"));
    assert!(why("1234567890123456789012345678901", C).contains("30 digits"));
    assert!(why("0x", CH).contains("above zero"));
}

fn hedged(h: &str, x: u64) -> String {
    format!("{h} {x}")
}

const HEDGES: [&str; 14] = [
    "",
    "over",
    "more than",
    "at least",
    "under",
    "at most",
    "up to",
    "nearly",
    "almost",
    "about",
    "around",
    "~",
    "just over",
    "just under",
];

/// Western grouping: 1234567 -> 1,234,567.
fn western(x: u64) -> String {
    let s = x.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// South Asian grouping: 1234567 -> 12,34,567.
fn south_asian(x: u64) -> String {
    let s = x.to_string();
    if s.len() <= 3 {
        return s;
    }
    let (head, tail) = s.split_at(s.len() - 3);
    let mut out = String::new();
    for (i, c) in head.chars().enumerate() {
        if i > 0 && (head.len() - i) % 2 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out},{tail}")
}

proptest! {
    #[test]
    fn bounds_are_ordered(h in proptest::sample::select(&HEDGES[..]), x in 0u64..10_000_000, k in 0usize..3) {
        let kind = [C, CH, S][k];
        let (x, p) = if kind == C { (x, hedged(h, x)) } else { (x % 101, format!("{}%", hedged(h, x % 101))) };
        if let Ok(r) = read(&p, kind, &t()) {
            prop_assert!(r.interval.lower <= r.interval.upper, "{p}: {}", r.interval);
            prop_assert!(!r.interval.is_empty(), "{p}: {}", r.interval);
        } else {
            // Only the impossible is refused: a share over 100%, or a hedge that excludes its
            // own zero.
            prop_assert!(kind == S && x >= 100 || x == 0 && matches!(h, "under" | "just over"), "{p}");
        }
    }

    #[test]
    fn hedges_keep_their_meaning(x in 1u64..10_000_000, t in 1u64..50) {
        let t = Num::ratio(t as i64, 100);
        let iv = |h: &str| read(&hedged(h, x), C, &t).unwrap().interval;
        let x = Num::from(x as i64);
        for h in ["about", "nearly", "at least", "at most", "as many as", "", "~"] {
            prop_assert!(iv(h).contains(&x), "{h} {x}");
        }
        for h in ["over", "under", "just over"] {
            prop_assert!(!iv(h).contains(&x), "{h} {x}");
        }
        let one = Num::from(1);
        prop_assert!(iv("over").contains(&x.add(&one)));
        prop_assert!(iv("under").contains(&x.sub(&one)) && iv("under").contains(&Num::ZERO));
        prop_assert!(iv("at most").contains(&Num::ZERO));
        let about = iv("about");
        prop_assert_eq!(about.upper, x.mul(&one.add(&t)));
        prop_assert_eq!(about.lower, x.mul(&one.sub(&t)));
        prop_assert!(!iv("nearly").contains(&x.add(&Num::ratio(1, 2))));
    }

    #[test]
    fn precision_brackets_the_printed_figure(int in 0u64..1000, frac in 0u64..100, scale in proptest::sample::select(&["", " thousand", " million", " lakh", " crore", "%"][..])) {
        let p = format!("{int}.{frac:02}{scale}");
        let kind = if scale == "%" { Kind::Change } else { C };
        let r = read(&p, kind, &t()).unwrap();
        let v = r.value.unwrap();
        prop_assert!(r.interval.contains(&v));
        // Closed: a figure rounded half up, half down or half to even is inside.
        prop_assert!(r.interval.contains(&r.interval.upper) && r.interval.contains(&r.interval.lower));
        let unit = match scale { " thousand" => 1000, " million" => 1_000_000, " lakh" => 100_000, " crore" => 10_000_000, _ => 1 };
        prop_assert_eq!(r.interval.upper.sub(&r.interval.lower), Num::ratio(unit, 100), "{}: {}", p, r.interval);
    }

    #[test]
    fn separators_do_not_change_the_reading(x in 1000u64..1_000_000_000_000, h in proptest::sample::select(&HEDGES[..])) {
        let plain = read(&hedged(h, x), C, &t()).unwrap();
        prop_assert_eq!(&read(&format!("{h} {}", western(x)), C, &t()).unwrap(), &plain);
        prop_assert_eq!(&read(&format!("{h} {}", south_asian(x)), C, &t()).unwrap(), &plain);
    }

    #[test]
    fn case_and_spaces_do_not_change_the_reading(
        x in 0u64..100_000,
        h in proptest::sample::select(&HEDGES[..]),
        tail in proptest::sample::select(&["% increase", " percent drop", "%", " per cent"][..]),
        upper in proptest::collection::vec(any::<bool>(), 40),
        spaces in 1usize..4,
    ) {
        for (p, kind) in [(format!("{h} {}{tail}", x % 100), CH), (format!("{h} {}", western(x)), C)] {
            let base = read(&p, kind, &t());
            let shouted: String = p.chars().zip(upper.iter().cycle()).map(|(c, u)| if *u { c.to_ascii_uppercase() } else { c }).collect();
            let spaced = format!("  {}\t", p.split(' ').collect::<Vec<_>>().join(&" ".repeat(spaces)));
            for q in [shouted, spaced] {
                match (&base, read(&q, kind, &t())) {
                    (Ok(a), Ok(b)) => prop_assert_eq!(a, &b),
                    (Err(_), Err(_)) => {}
                    (a, b) => prop_assert!(false, "{p:?} -> {a:?} but {q:?} -> {b:?}"),
                }
            }
        }
    }
}

/// Issue "exact readings": phrasings the region's press prints every day.
#[test]
fn the_regions_press_phrasings() {
    check("as many as 512", C, "[", 0.0, 512.0, "]");
    assert_eq!(reading("as many as 512", C).hedge, "as-many-as");
    check("a staggering 70% increase", CH, "[", 69.5, 70.5, "]");
    check("73pc more", CH, "[", 72.5, 73.5, "]");
    check("20% fewer", CH, "[", -20.5, -19.5, "]");
    check("30 percent higher", CH, "[", 29.5, 30.5, "]");
    assert_eq!(infer_kind("73pc more"), Kind::Change);
    check("at least twice", CH, "[", 100.0, INF, ")");
    check("twice", CH, "[", 80.0, 120.0, "]");
    check("thrice", CH, "[", 170.0, 230.0, "]");
    check("three times", CH, "[", 170.0, 230.0, "]");
    check("half", S, "[", 45.0, 55.0, "]");
    check("exactly half", S, "[", 50.0, 50.0, "]");
    check("more than half", S, "(", 50.0, 100.0, "]");
    check("a third", S, "[", 30.0, 100.0 / 3.0 * 1.1, "]");
    check("two-thirds", S, "[", 60.0, 200.0 / 3.0 * 1.1, "]");
    check("three quarters", S, "[", 67.5, 82.5, "]");
    check("a quarter", S, "[", 22.5, 27.5, "]");
    check("one in five", S, "[", 18.0, 22.0, "]");
    check("9 out of 10", S, "[", 81.0, 99.0, "]");
    check("nine out of ten", S, "[", 81.0, 99.0, "]");
    assert_eq!(infer_kind("two-thirds"), Kind::Share);
    assert_eq!(infer_kind("one in five"), Kind::Share);
    check("40k", C, "[", 39_500.0, 40_500.0, "]");
    check("1.5m", C, "[", 1_450_000.0, 1_550_000.0, "]");
    check("1.5mn", C, "[", 1_450_000.0, 1_550_000.0, "]");
    check("2bn", C, "[", 1.5e9, 2.5e9, "]");
    check("a record 306", C, "[", 306.0, 306.0, "]");
    check("a whopping 1,000", C, "[", 1000.0, 1000.0, "]");
    check("A total of 262", C, "[", 262.0, 262.0, "]");
    check("1.2 trillion", C, "[", 1.15e12, 1.25e12, "]");
    check("twenty-one", C, "[", 21.0, 21.0, "]");
    check("twenty one", C, "[", 21.0, 21.0, "]");
    check("ninety-nine", C, "[", 99.0, 99.0, "]");
    check("two hundred", C, "[", 200.0, 200.0, "]");
    check("two hundred and fifty", C, "[", 250.0, 250.0, "]");
    check("three thousand five hundred", C, "[", 3500.0, 3500.0, "]");
    check(
        "between two hundred and three hundred",
        C,
        "[",
        200.0,
        300.0,
        "]",
    );
    assert_eq!(hedge_value("twenty-one", C), ("exact", Some(21.0)));
}

#[test]
fn amounts_of_money_keep_their_currency() {
    for (p, code, lo, hi, lo_open) in [
        ("$50.5 billion", "USD", 50.45e9, 50.55e9, false),
        ("Rs 5 billion", "PKR", 4.5e9, 5.5e9, false),
        ("Rs. 5 billion", "PKR", 4.5e9, 5.5e9, false),
        ("PKR 1.2 trillion", "PKR", 1.15e12, 1.25e12, false),
        ("US$ 30 million", "USD", 29.5e6, 30.5e6, false),
        ("5 billion rupees", "PKR", 4.5e9, 5.5e9, false),
        ("€2 million", "EUR", 1.5e6, 2.5e6, false),
        ("more than $800 million", "USD", 8e8, INF, true),
    ] {
        let r = reading(p, C);
        assert_eq!(r.unit, Unit::Money(code), "{p}");
        assert_eq!(r.unit.as_str(), code);
        check(
            p,
            C,
            if lo_open { "(" } else { "[" },
            lo,
            hi,
            if hi == INF { ")" } else { "]" },
        );
    }
    assert!(why("$5 and €6", C).contains("two currencies in one figure (USD and EUR)"));
    assert!(why("$50%", S).contains("money"));
}

/// Issue "exact readings": the `interval` defects.
#[test]
fn interval_defects_are_gone() {
    // `-5` no longer sends the user in a circle between --kind values.
    let w = why("-5", C);
    assert!(
        w.contains("cannot be negative") && !w.contains("use --kind change;"),
        "{w}"
    );
    let w = why("-5", CH);
    assert!(w.contains("(-5%)") && !w.contains("--kind count"), "{w}");
    // A tiny percentage is shown with enough digits.
    let r = reading("0.0000001%", S);
    assert_eq!(
        crate::interval::reading_text(&r.interval, crate::records::Kind::Share),
        "[0.00000005%, 0.00000015%]"
    );
    // A share range past 100% is refused like 150%, not clipped.
    assert!(why("between 50% and 150%", S).contains("150% is above it"));
    assert!(why("150%", S).contains("between 0% and 100%"));
    // Huge figures neither overflow nor panic.
    let r = reading("99999999999999999999999", C);
    assert_eq!(r.interval.to_string(), "[99999999999999999999999]");
    assert!(read("99999999999999999999999 trillion", C, &t()).is_ok());
}
