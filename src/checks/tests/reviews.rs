//! L011 unreviewed, L012 verdict-contradicted.

use super::*;

#[test]
fn unreviewed_claims_are_info() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "");
    l.count("a", s, "attacks pakistan 2023", "1", ex(1.0))
        .verdict(None);
    l.count("b", s, "attacks pakistan 2022", "1", ex(1.0));
    let f = l.run();
    let u = of(&f, "L011");
    assert_eq!(u.len(), 1);
    assert_eq!(
        (u[0].claims[0].as_str(), u[0].severity),
        ("a", Severity::Info)
    );
}

#[test]
fn supported_claims_questioned_by_an_error() {
    let mut l = Ledger::new();
    let p = l.source("pips-2024", "pips", "2024-01-02");
    let d = l.source("dawn", "dawn", "2024-02-01");
    l.count("own", p, "attacks pakistan 2023", "306", ex(306.0))
        .by("pips")
        .verdict(Some(Verdict::Supported));
    l.count("cite", d, "attacks pakistan 2023", "500", ex(500.0))
        .by("pips")
        .verdict(Some(Verdict::Supported));
    let f = l.run();
    assert_eq!(about(&f, "L004", &["cite"]).len(), 1);
    let c = of(&f, "L012");
    // Only the questioned claim: "own" served as evidence.
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].claims, vec!["cite"]);
    assert_eq!(c[0].evidence, vec!["own"]);
    assert_eq!(c[0].severity, Severity::Error);
}

#[test]
fn two_supported_claims_in_conflict() {
    let mut l = Ledger::new();
    let p = l.source("pips-2024", "pips", "2024-01-02");
    let c = l.source("crss-2024", "crss", "2024-01-02");
    l.count("p", p, "attacks pakistan 2023", "306", ex(306.0))
        .by("pips")
        .verdict(Some(Verdict::Supported));
    l.count("c", c, "attacks pakistan 2023", "400", ex(400.0))
        .by("crss")
        .verdict(Some(Verdict::Supported));
    let f = l.run();
    // An info conflict between two orgs: both cannot be supported.
    assert_eq!(about(&f, "L003", &["c", "p"])[0].severity, Severity::Info);
    let e = of(&f, "L012");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].claims, vec!["c", "p"]);
    // Only one supported: an info conflict questions no verdict.
    let mut l2 = l;
    l2.input.claims[1].verdict = Some(Verdict::Disputed);
    assert!(of(&l2.run(), "L012").is_empty());
}

#[test]
fn provenance_errors_count_too() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "");
    l.count("a", s, "attacks pakistan 2023", "1", ex(1.0))
        .verdict(Some(Verdict::Supported));
    let l001 = crate::checks::provenance::l001("a", "2", "one attack").unwrap();
    let f = crate::checks::run(&l.input, vec![l001], crate::checks::model::Wording::Full);
    let e = of(&f, "L012");
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("L001"), "{}", e[0].message);
}
