//! Finding ids, report order, deduplication, waivers.

use super::*;
use crate::checks::{apply_waivers, finding, finding_id, CODES};

#[test]
fn ids_are_stable_slugs_independent_of_order() {
    let a = finding_id("L003", &["x".into(), "y".into()], &[]);
    let b = finding_id("L003", &["y".into(), "x".into()], &[]);
    assert_eq!(a, b);
    assert!(a.starts_with("l003-") && a.len() == 17, "{a}");
    assert!(a
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'));
    assert_ne!(a, finding_id("L003", &["x".into()], &["y".into()]));
    assert_ne!(a, finding_id("L004", &["x".into(), "y".into()], &[]));
    // Pinned to a literal: the same on every machine, run and version, so waivers keep
    // applying (sha256("L011\nc1\n"), first 12 hex digits).
    assert_eq!(finding_id("L011", &["c1".into()], &[]), "l011-22375afffaf6");
    let f = finding(
        "L003",
        Severity::Info,
        vec!["y".into(), "x".into(), "x".into()],
        vec![],
        String::new(),
        String::new(),
    );
    assert_eq!((f.id.as_str(), f.name), (a.as_str(), "conflict"));
    assert_eq!(f.claims, vec!["x", "y"]);
}

#[test]
fn id_is_the_documented_hash() {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(b"L004\na\nb,c");
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let id = finding_id("L004", &["a".into()], &["c".into(), "b".into()]);
    assert_eq!(id, format!("l004-{}", &hex[..12]));
}

#[test]
fn codes_cover_l001_to_l015() {
    assert_eq!(CODES.len(), 15);
    for (n, (code, _)) in CODES.iter().enumerate() {
        assert_eq!(*code, format!("L{:03}", n + 1));
    }
}

fn mixed() -> Ledger {
    let mut l = Ledger::new();
    let s = l.source("s", "", "2023-06-01");
    let p = l.source("p", "pips", "2024-01-01");
    let c = l.source("c", "crss", "2024-01-01");
    l.count("a", s, "attacks pakistan 2023", "1", ex(1.0))
        .verdict(None);
    l.count("b", s, "attacks pakistan 2023", "2", ex(2.0));
    l.count("pp", p, "attacks pakistan 2023", "3", ex(3.0))
        .by("pips");
    l.count("cc", c, "attacks pakistan 2023", "4", ex(4.0))
        .by("crss");
    l
}

#[test]
fn run_output_is_sorted_and_independent_of_claim_order() {
    let l = mixed();
    let f = l.run();
    let key = |x: &Finding| {
        (
            x.severity,
            x.code,
            x.claims.first().cloned().unwrap_or_default(),
            x.id.clone(),
        )
    };
    assert!(f.windows(2).all(|w| key(&w[0]) < key(&w[1])), "{f:#?}");
    assert!(f.iter().any(|x| x.severity == Severity::Error));
    assert!(f.iter().any(|x| x.severity == Severity::Warning));
    assert!(f.iter().any(|x| x.severity == Severity::Info));
    let mut r = mixed();
    r.input.claims.reverse();
    assert_eq!(r.run(), f);
}

#[test]
fn waivers_mark_and_stale_waivers_show() {
    let mut f = mixed().run();
    let target = f.iter().find(|x| x.code == "L003").unwrap().id.clone();
    let stale = "l003-000000000000".to_string();
    apply_waivers(&mut f, &[target.clone(), stale.clone()]);
    assert!(f.iter().find(|x| x.id == target).unwrap().waived);
    assert_eq!(f.iter().filter(|x| x.waived).count(), 1);
    let s = of(&f, "L014");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].severity, Severity::Info);
    assert!(s[0].claims.is_empty());
    assert!(s[0].message.contains(&stale));
    assert_eq!(s[0].id, finding_id("L014", &[stale], &[]));
}

#[test]
fn one_finding_per_id_most_severe_kept() {
    // A source published by pips: its counts are both the source's and pips's own, and a
    // change in that source against them is one finding, an error.
    let mut l = Ledger::new();
    let p = l.source("pips-2024", "pips", "2024-01-02");
    l.count("n", p, "attacks pakistan 2023", "306", ex(306.0))
        .by("pips");
    l.count("o", p, "attacks pakistan 2022", "262", ex(262.0))
        .by("pips");
    l.change("c", p, "attacks pakistan 2023", "2022", "51%", pc(51.0));
    let f = l.run();
    let e = of(&f, "L005");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].severity, Severity::Error);
}
