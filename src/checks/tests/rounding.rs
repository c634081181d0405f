//! DESIGN's promise that a correct article is never accused, held for all inputs: ground-truth
//! counts of one body, a change and a share computed from them exactly, each printed the way a
//! writer might (rounded half up, half down or half to even, to 0, 1 or 2 decimals, or hedged
//! with every hedge of DESIGN's table) and read by the real reader: no error and no warning.
//! And the converse: a figure moved past its band by more than a unit of its last digit is
//! always found, and never called imprecise.

use super::*;
use crate::reading::{self, Kind};
use proptest::prelude::*;

const ATTACKS_23: &str = "terrorist-attacks pakistan 2023";
const ATTACKS_22: &str = "terrorist-attacks pakistan 2022";
const KP_23: &str = "terrorist-attacks khyber-pakhtunkhwa 2023";

/// `num / den × 100` (or minus 100 for a change) to `d` decimals by rule `rule`, as text.
fn rounded(num: i64, den: i64, minus: i64, d: u32, rule: u8) -> String {
    let p = 10i64.pow(d);
    // The value times 10^d is (num·100·p − minus·p·den) / den.
    let n = num * 100 * p - minus * p * den;
    let (q, r) = (n.div_euclid(den), n.rem_euclid(den));
    let twice = 2 * r;
    let up = match twice.cmp(&den) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => match rule {
            0 => true,       // half up
            1 => false,      // half down
            _ => q % 2 != 0, // half to even
        },
    };
    let x = q + i64::from(up);
    let sign = if x < 0 { "-" } else { "" };
    let x = x.abs();
    if d == 0 {
        format!("{sign}{x}")
    } else {
        format!("{sign}{}.{:0w$}", x / p, x % p, w = d as usize)
    }
}

/// A hedge that holds the exact value `num/den·100 − minus` (a rise or a share), as a careful
/// writer would print it; `None` when this hedge cannot be said truthfully of it.
fn hedged(num: i64, den: i64, minus: i64, h: u8, suffix: &str, kind: Kind) -> Option<String> {
    let whole = rounded(num, den, minus, 0, 0).parse::<i64>().ok()?;
    let v = Num::ratio(num * 100 - minus * den, den);
    let text = match h {
        0 => format!("about {whole}%"),
        1 => format!("over {}%", whole - 1),
        2 => format!("at least {}%", whole - 1),
        3 => format!("nearly {}%", whole + 1),
        _ => format!("up to {}%", whole + 1),
    };
    let text = format!("{text}{suffix}");
    (v > Num::ZERO && read(&text, kind)?.contains(&v)).then_some(text)
}

fn read(printed: &str, kind: Kind) -> Option<Interval> {
    reading::read(printed, kind, &reading::default_tolerance())
        .ok()
        .map(|r| r.interval)
}

/// One body's report: counts for 2022 and 2023 in pakistan, and 2023 in KP; a change and a
/// share printed as given, credited to the body, in an article.
fn ledger(old: i64, new: i64, part: i64, change: &str, share: &str) -> Option<Ledger> {
    let mut l = Ledger::new();
    l.place("khyber-pakhtunkhwa", "pakistan");
    let report = l.source("report", "body", "2024-01-15");
    let article = l.source("article", "", "2024-02-01");
    l.count("old", report, ATTACKS_22, &old.to_string(), ex(old as f64))
        .by("body");
    l.count("new", report, ATTACKS_23, &new.to_string(), ex(new as f64))
        .by("body");
    l.count("part", report, KP_23, &part.to_string(), ex(part as f64))
        .by("body");
    let change_iv = read(change, Kind::Change)?;
    l.change("change", article, ATTACKS_23, "2022", change, change_iv)
        .by("body");
    let share_iv = read(share, Kind::Share)?;
    l.share("share", article, KP_23, "pakistan", share, share_iv)
        .by("body");
    Some(l)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn figures_rounded_or_hedged_from_the_truth_are_never_accused(
        old in 1i64..3000, new in 0i64..3000, part_of in 0i64..1000,
        d in 0u32..3, rule in 0u8..3, hedge in 0u8..6,
    ) {
        let part = new * part_of / 1000;
        let change_digits = rounded(new, old, 100, d, rule);
        let change = match change_digits.strip_prefix('-') {
            Some(fall) => format!("fell by {fall}%"),
            None => format!("{change_digits}% increase"),
        };
        let change = hedged(new, old, 100, hedge, " increase", Kind::Change).unwrap_or(change);
        let share = if new == 0 {
            "0%".to_string()
        } else {
            let plain = format!("{}%", rounded(part, new, 0, d, rule));
            hedged(part, new, 0, hedge, "", Kind::Share).unwrap_or(plain)
        };
        // Every figure a writer prints this way reads: no case is skipped unchecked.
        let l = ledger(old, new, part, &change, &share);
        prop_assert!(l.is_some(), "unreadable: {} / {}", change, share);
        let f = l.unwrap().run();
        prop_assert!(serious(&f).is_empty(), "{change} / {share}: {:#?}", serious(&f));
    }

    #[test]
    fn a_figure_moved_past_its_band_is_always_found(
        old in 20i64..3000, new in 20i64..3000, d in 0u32..2, away in 2i64..40, up in any::<bool>(),
    ) {
        // The change printed `away` units of its last digit off the truth.
        let p = 10i64.pow(d);
        let exact = rounded(new, old, 100, d, 0);
        let units: i64 = exact.replace('.', "").parse().unwrap();
        let moved = if up { units + away } else { units - away };
        let text = if d == 0 { format!("{}", moved.abs()) } else { format!("{}.{:0w$}", moved.abs() / p, moved.abs() % p, w = d as usize) };
        let printed = if moved < 0 { format!("fell by {text}%") } else { format!("{text}% increase") };
        prop_assume!(moved > -100 * p);
        let part = new / 2;
        let share = format!("{}%", rounded(part, new, 0, 0, 0));
        let l = ledger(old, new, part, &printed, &share).expect("readable");
        let f = l.run();
        let found = about(&f, "L004", &["change"]);
        prop_assert_eq!(found.len(), 1, "{} from {} to {}: {:#?}", printed, old, new, f);
        prop_assert_eq!(found[0].severity, Severity::Error);
        prop_assert!(!found[0].message.contains("Imprecise"));
        prop_assert!(found[0].gap.is_some());
    }
}

/// A figure off by less than a unit of its last digit is imprecise, not wrong: 27.4% printed
/// as "28%".
#[test]
fn a_loosely_rounded_figure_is_imprecise_info() {
    let l = ledger(1000, 1274, 500, "28% increase", "39%").unwrap();
    let f = l.run();
    let found = about(&f, "L004", &["change"]);
    assert_eq!(found.len(), 1, "{f:#?}");
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0].message.starts_with("Imprecise, not wrong:"),
        "{}",
        found[0].message
    );
    assert!(
        found[0]
            .message
            .contains("\"28% increase\" is [+27%, +29%]"),
        "{}",
        found[0].message
    );
    assert!(serious(&f).is_empty(), "{f:#?}");
    // Unworded (`export audit`), it is as imprecise: info, with no text.
    let bare = crate::checks::run(&l.input, Vec::new(), Wording::Bare);
    let found = about(&bare, "L004", &["change"]);
    assert_eq!(found.len(), 1, "{bare:#?}");
    assert_eq!(found[0].severity, Severity::Info);
    assert_eq!(
        (found[0].message.as_str(), found[0].working.as_str()),
        ("", "")
    );
}
