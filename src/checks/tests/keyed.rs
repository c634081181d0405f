//! L003 conflict, L004 misattributed, L009 superseded, L010 duplicate.

use super::*;

const ATTACKS_23: &str = "terrorist-attacks pakistan 2023";

#[test]
fn conflict_in_one_source_is_an_error() {
    let mut l = Ledger::new();
    let s = l.source("dawn-1", "", "2024-01-05");
    l.count("a", s, ATTACKS_23, "306", ex(306.0));
    l.count("b", s, ATTACKS_23, "over 400", over(400.0));
    let f = l.run();
    let c = about(&f, "L003", &["a", "b"]);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].severity, Severity::Error);
    assert!(c[0].working.contains("(400, ∞)"), "{}", c[0].working);
    assert!(
        c[0].message
            .contains("terrorist-attacks in pakistan in 2023"),
        "{}",
        c[0].message
    );
}

#[test]
fn open_ends_that_touch_conflict_closed_ends_do_not() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "");
    l.change(
        "a",
        s,
        ATTACKS_23,
        "2022",
        "less than 51.5%",
        Interval::new(Num::ZERO, false, n(51.5), true),
    );
    l.change("b", s, ATTACKS_23, "2022", "51.5% to 60%", iv(51.5, 60.0));
    l.count("c", s, ATTACKS_23, "between 1 and 2", iv(1.0, 2.0));
    l.count("d", s, ATTACKS_23, "between 2 and 3", iv(2.0, 3.0));
    let f = l.run();
    assert_eq!(about(&f, "L003", &["a", "b"]).len(), 1);
    assert!(about(&f, "L003", &["c", "d"]).is_empty());
}

#[test]
fn unbounded_readings() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "");
    l.count("over", s, ATTACKS_23, "over 1,612", over(1612.0));
    l.count("more", s, ATTACKS_23, "1,700", ex(1700.0));
    l.count("same", s, ATTACKS_23, "1,612", ex(1612.0));
    let f = l.run();
    assert!(about(&f, "L003", &["over", "more"]).is_empty());
    assert_eq!(about(&f, "L003", &["over", "same"]).len(), 1);
}

#[test]
fn severity_follows_the_rule() {
    let mut l = Ledger::new();
    let pips = l.source("pips-2024", "pips", "2024-01-02");
    let crss = l.source("crss-2024", "crss", "2024-01-03");
    let pips_too = l.source("pips-brief", "pips", "2024-01-02");
    let dawn = l.source("dawn", "", "2024-02-01");
    l.count("p", pips, ATTACKS_23, "306", ex(306.0)).by("pips");
    l.count("c", crss, ATTACKS_23, "400", ex(400.0)).by("crss");
    l.count("p2", pips_too, ATTACKS_23, "310", ex(310.0))
        .by("pips");
    l.count("d", dawn, ATTACKS_23, "500", ex(500.0));
    let f = l.run();
    // Two orgs counting differently: info.
    assert_eq!(about(&f, "L003", &["p", "c"])[0].severity, Severity::Info);
    // One org's own figures of the same date: error.
    assert_eq!(about(&f, "L003", &["p", "p2"])[0].severity, Severity::Error);
    // A secondary claim from another source: warning.
    assert_eq!(
        about(&f, "L003", &["d", "p"])[0].severity,
        Severity::Warning
    );
    assert_eq!(
        about(&f, "L003", &["d", "c"])[0].severity,
        Severity::Warning
    );
}

#[test]
fn undated_primaries_of_one_org_conflict() {
    let mut l = Ledger::new();
    let a = l.source("a", "pips", "");
    let b = l.source("b", "pips", "");
    l.count("x", a, ATTACKS_23, "306", ex(306.0)).by("pips");
    l.count("y", b, ATTACKS_23, "262", ex(262.0)).by("pips");
    let f = l.run();
    assert_eq!(about(&f, "L003", &["x", "y"])[0].severity, Severity::Error);
}

#[test]
fn a_revision_is_superseded_not_a_conflict() {
    let mut l = Ledger::new();
    let old = l.source("pips-2024-01", "pips", "2024-01-02");
    let new = l.source("pips-2024-06", "pips", "2024-06");
    l.count("old", old, ATTACKS_23, "306", ex(306.0)).by("pips");
    l.count("new", new, ATTACKS_23, "320", ex(320.0)).by("pips");
    let f = l.run();
    assert!(of(&f, "L003").is_empty(), "{f:#?}");
    let s = about(&f, "L009", &["old"]);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].severity, Severity::Info);
    assert_eq!(s[0].evidence, vec!["new"]);
    assert!(
        s[0].message.contains("pips revised its figure"),
        "{}",
        s[0].message
    );
}

fn revised_ledger(dawn_published: &str, printed: f64) -> Vec<Finding> {
    let mut l = Ledger::new();
    let old = l.source("pips-2024-01", "pips", "2024-01-02");
    let new = l.source("pips-2024-06", "pips", "2024-06-10");
    let dawn = l.source("dawn", "dawn", dawn_published);
    l.count("old", old, ATTACKS_23, "306", ex(306.0)).by("pips");
    l.count("new", new, ATTACKS_23, "320", ex(320.0)).by("pips");
    l.count("cite", dawn, ATTACKS_23, "x", ex(printed))
        .by("pips");
    l.run()
}

#[test]
fn citing_an_older_revision_is_superseded() {
    // Written before the revision: it cited what was current.
    let f = revised_ledger("2024-03-01", 306.0);
    let s = about(&f, "L009", &["cite"]);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].severity, Severity::Info);
    assert_eq!(s[0].evidence, vec!["new", "old"]);
    assert!(
        of(&f, "L004").is_empty() && of(&f, "L003").is_empty(),
        "{f:#?}"
    );
    // Written after it: warning. Partial date: the month could end after the revision.
    for date in ["2024-07-01", "2024-06"] {
        let f = revised_ledger(date, 306.0);
        assert_eq!(about(&f, "L009", &["cite"])[0].severity, Severity::Warning);
    }
}

#[test]
fn matching_no_revision_is_misattributed() {
    let f = revised_ledger("2024-07-01", 500.0);
    let m = about(&f, "L004", &["cite"]);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].severity, Severity::Error);
    assert_eq!(m[0].evidence, vec!["new"]);
    assert!(about(&f, "L009", &["cite"]).is_empty());
    assert!(of(&f, "L003").is_empty(), "{f:#?}");
    // Matching the latest figure is fine.
    let f = revised_ledger("2024-07-01", 320.0);
    assert!(about(&f, "L004", &["cite"]).is_empty() && about(&f, "L009", &["cite"]).is_empty());
}

#[test]
fn duplicates_in_one_source() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "");
    let t = l.source("t", "", "");
    l.count("a", s, ATTACKS_23, "306", ex(306.0));
    l.count("b", s, ATTACKS_23, "306", ex(306.0));
    l.count("c", t, ATTACKS_23, "306", ex(306.0));
    l.count("d", s, ATTACKS_23, "about 306", iv(275.4, 336.6));
    let f = l.run();
    let d = of(&f, "L010");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].claims, vec!["a", "b"]);
    assert_eq!(d[0].severity, Severity::Warning);
}

/// Amounts in two currencies are never compared: an info finding says so, and nothing more.
#[test]
fn amounts_in_two_currencies_are_not_compared() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "");
    let t = l.source("t", "", "");
    let budget = "budget pakistan 2023";
    l.count("usd", s, budget, "$5 billion", iv(4.5e9, 5.5e9))
        .currency = 1;
    l.count("pkr", t, budget, "Rs 1.4 trillion", iv(1.35e12, 1.45e12))
        .currency = 6;
    l.count("usd-2", t, budget, "$9 billion", iv(8.5e9, 9.5e9))
        .currency = 1;
    let f = l.run();
    let info = about(&f, "L003", &["pkr", "usd"]);
    assert_eq!(info.len(), 1, "{f:#?}");
    assert_eq!(info[0].severity, Severity::Info);
    assert!(
        info[0]
            .message
            .contains("different currencies (USD and PKR)"),
        "{}",
        info[0].message
    );
    // The two dollar amounts are compared as usual.
    assert_eq!(
        about(&f, "L003", &["usd", "usd-2"])[0].severity,
        Severity::Warning
    );
}
