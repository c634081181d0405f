//! L005 change-arithmetic, L006 share-arithmetic, and L004/L009 from an org's own counts.

use super::*;

/// PIPS's own counts for 2023 and 2022, from two of its reports.
fn pips_counts(l: &mut Ledger) {
    let p23 = l.source("pips-2024", "pips", "2024-01-02");
    let p22 = l.source("pips-2023", "pips", "2023-01-02");
    l.count(
        "pips-23-attacks",
        p23,
        "terrorist-attacks pakistan 2023",
        "306",
        ex(306.0),
    )
    .by("pips");
    l.count(
        "pips-22-attacks",
        p22,
        "terrorist-attacks pakistan 2022",
        "262",
        ex(262.0),
    )
    .by("pips");
}

#[test]
fn change_against_an_orgs_counts() {
    let mut l = Ledger::new();
    pips_counts(&mut l);
    let er = l.source("eurasia-review", "eurasia-review", "2024-02-01");
    l.change(
        "er-04",
        er,
        "terrorist-attacks pakistan 2023",
        "2022",
        "51% increase",
        pc(51.0),
    );
    l.change(
        "er-05",
        er,
        "terrorist-attacks pakistan 2023",
        "2022",
        "51% increase",
        pc(51.0),
    )
    .by("pips");
    l.change(
        "er-06",
        er,
        "terrorist-attacks pakistan 2023",
        "2022",
        "17%",
        pc(17.0),
    )
    .by("pips");
    let f = l.run();
    let w = about(&f, "L005", &["er-04"]);
    assert_eq!(w.len(), 1, "{f:#?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(w[0].evidence, vec!["pips-22-attacks", "pips-23-attacks"]);
    assert!(
        w[0].working.starts_with(
            "pips counts 306 (pips-23-attacks) in 2023 and 262 (pips-22-attacks) in 2022: 306 ÷ 262 − 1 = +16.79"
        ),
        "{}",
        w[0].working
    );
    assert!(w[0]
        .working
        .ends_with("er-04 reads \"51% increase\" as [50.5, 51.5]: no overlap."));
    // Credited to pips: measured against pips's own counts, it is misattributed.
    let m = about(&f, "L004", &["er-05"]);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].severity, Severity::Error);
    assert_eq!(m[0].evidence, vec!["pips-22-attacks", "pips-23-attacks"]);
    assert!(about(&f, "L005", &["er-05"]).is_empty());
    // "17%" allows 16.79.
    assert!(about(&f, "L004", &["er-06"]).is_empty() && about(&f, "L005", &["er-06"]).is_empty());
}

#[test]
fn counts_of_different_orgs_are_never_mixed() {
    let mut l = Ledger::new();
    let p = l.source("pips-2024", "pips", "2024-01-02");
    let c = l.source("crss-2023", "crss", "2023-01-02");
    let d = l.source("dawn", "", "2024-02-01");
    l.count(
        "p23",
        p,
        "terrorist-attacks pakistan 2023",
        "306",
        ex(306.0),
    )
    .by("pips");
    l.count(
        "c22",
        c,
        "terrorist-attacks pakistan 2022",
        "100",
        ex(100.0),
    )
    .by("crss");
    l.change(
        "d",
        d,
        "terrorist-attacks pakistan 2023",
        "2022",
        "51%",
        pc(51.0),
    );
    // One source printing two bodies' counts does not combine them either.
    let s = l.source("mixed", "", "2024-02-01");
    l.count(
        "m23",
        s,
        "terrorist-attacks pakistan 2023",
        "306",
        ex(306.0),
    )
    .by("pips");
    l.count(
        "m22",
        s,
        "terrorist-attacks pakistan 2022",
        "100",
        ex(100.0),
    )
    .by("crss");
    l.change(
        "m",
        s,
        "terrorist-attacks pakistan 2023",
        "2022",
        "51%",
        pc(51.0),
    );
    let f = l.run();
    assert!(
        of(&f, "L005").is_empty() && of(&f, "L004").is_empty(),
        "{f:#?}"
    );
}

#[test]
fn change_severity_by_group() {
    let mut l = Ledger::new();
    pips_counts(&mut l);
    // A source whose own counts and change disagree: error.
    let s = l.source("dawn", "", "2024-02-01");
    l.count(
        "d23",
        s,
        "terrorist-attacks pakistan 2023",
        "306",
        ex(306.0),
    );
    l.count(
        "d22",
        s,
        "terrorist-attacks pakistan 2022",
        "262",
        ex(262.0),
    );
    l.change(
        "d",
        s,
        "terrorist-attacks pakistan 2023",
        "2022",
        "51%",
        pc(51.0),
    );
    // Another org's own change against pips's own counts: info.
    let c = l.source("crss-2024", "crss", "2024-01-05");
    l.change(
        "crss-change",
        c,
        "terrorist-attacks pakistan 2023",
        "2022",
        "30%",
        pc(30.0),
    )
    .by("crss");
    // pips's own change against its own counts: error.
    let p = l.source("pips-brief", "pips", "2024-01-02");
    l.change(
        "pips-change",
        p,
        "terrorist-attacks pakistan 2023",
        "2022",
        "30%",
        pc(30.0),
    )
    .by("pips");
    let f = l.run();
    let own = about(&f, "L005", &["d"]);
    assert!(own
        .iter()
        .any(|x| x.severity == Severity::Error && x.evidence == ["d22", "d23"]));
    let crss = about(&f, "L005", &["crss-change"]);
    let pips_ev = ["pips-22-attacks", "pips-23-attacks"];
    assert!(
        crss.iter()
            .any(|x| x.severity == Severity::Info && x.evidence == pips_ev),
        "{crss:#?}"
    );
    // Against dawn's secondary counts, the same change is a warning.
    assert!(crss
        .iter()
        .any(|x| x.severity == Severity::Warning && x.evidence == ["d22", "d23"]));
    assert_eq!(crss.len(), 2);
    let e = about(&f, "L005", &["pips-change"]);
    assert!(e
        .iter()
        .any(|x| x.severity == Severity::Error
            && x.evidence == ["pips-22-attacks", "pips-23-attacks"]));
}

#[test]
fn a_change_following_revised_counts_is_superseded() {
    let mut l = Ledger::new();
    pips_counts(&mut l);
    // pips later revised 2023 from 306 to 330.
    let r = l.source("pips-2024-06", "pips", "2024-06-10");
    l.count(
        "pips-23-rev",
        r,
        "terrorist-attacks pakistan 2023",
        "330",
        ex(330.0),
    )
    .by("pips");
    let d = l.source("dawn", "dawn", "2024-03-01");
    l.change(
        "cite",
        d,
        "terrorist-attacks pakistan 2023",
        "2022",
        "17%",
        pc(17.0),
    )
    .by("pips");
    let f = l.run();
    assert!(about(&f, "L004", &["cite"]).is_empty(), "{f:#?}");
    let s = about(&f, "L009", &["cite"]);
    assert_eq!(s.len(), 1, "{f:#?}");
    // dawn wrote before the revision: info.
    assert_eq!(s[0].severity, Severity::Info);
    assert!(s[0].evidence.contains(&"pips-23-rev".to_string()));
}

fn share_ledger(printed: f64) -> Vec<Finding> {
    let mut l = Ledger::new();
    let s = l.source("s", "", "2025-01-10");
    l.count(
        "b",
        s,
        "terrorist-attacks balochistan 2024",
        "110",
        ex(110.0),
    );
    l.count(
        "k",
        s,
        "terrorist-attacks khyber-pakhtunkhwa 2024",
        "180",
        ex(180.0),
    );
    l.count("p", s, "terrorist-attacks pakistan 2024", "306", ex(306.0));
    l.share(
        "sh",
        s,
        "terrorist-attacks balochistan+khyber-pakhtunkhwa 2024",
        "pakistan",
        "x%",
        pc(printed),
    );
    l.run()
}

#[test]
fn share_of_a_union_from_its_components() {
    // 290 ÷ 306 = 94.77%.
    let f = share_ledger(95.0);
    assert!(serious(&f).is_empty(), "{f:#?}");
    let f = share_ledger(80.0);
    let e = about(&f, "L006", &["sh"]);
    assert_eq!(e.len(), 1, "{f:#?}");
    assert_eq!(e[0].severity, Severity::Error);
    assert_eq!(e[0].evidence, vec!["b", "k", "p"]);
    assert!(
        e[0].working.contains("110 (b) + 180 (k) = 290"),
        "{}",
        e[0].working
    );
}

#[test]
fn share_of_a_metric() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "2025-01-10");
    l.count("police", s, "police-deaths pakistan 2024", "40", ex(40.0));
    l.count(
        "sf",
        s,
        "security-force-deaths pakistan 2024",
        "200",
        ex(200.0),
    );
    l.share(
        "ok",
        s,
        "police-deaths pakistan 2024",
        "security-force-deaths",
        "20%",
        pc(20.0),
    );
    l.share(
        "bad",
        s,
        "police-deaths pakistan 2024",
        "security-force-deaths",
        "40%",
        pc(40.0),
    );
    let f = l.run();
    assert!(about(&f, "L006", &["ok"]).is_empty());
    assert_eq!(about(&f, "L006", &["bad"]).len(), 1, "{f:#?}");
}

#[test]
fn shares_of_disjoint_parts_past_100() {
    let mut l = Ledger::new();
    l.place("balochistan", "pakistan")
        .place("quetta", "balochistan");
    l.place("khyber-pakhtunkhwa", "pakistan");
    let s = l.source("s", "", "2025-01-10");
    let what = |p: &str| format!("terrorist-attacks {p} 2024");
    l.share("b", s, &what("balochistan"), "pakistan", "60%", pc(60.0));
    l.share("q", s, &what("quetta"), "pakistan", "45%", pc(45.0));
    l.share(
        "k",
        s,
        &what("khyber-pakhtunkhwa"),
        "pakistan",
        "35%",
        pc(35.0),
    );
    let f = l.run();
    // b + q overlap (quetta is in balochistan); b + k = [94, 96): fine.
    assert!(of(&f, "L006").is_empty(), "{f:#?}");
    let t = l.source("t", "", "2025-01-10");
    l.share("tb", t, &what("balochistan"), "pakistan", "60%", pc(60.0));
    l.share(
        "tk",
        t,
        &what("khyber-pakhtunkhwa"),
        "pakistan",
        "45%",
        pc(45.0),
    );
    // 60% + 41% may be 59.5 + 40.5 = 100: not surely past it.
    let u = l.source("u", "", "2025-01-10");
    l.share("ub", u, &what("balochistan"), "pakistan", "60%", pc(60.0));
    l.share(
        "uk",
        u,
        &what("khyber-pakhtunkhwa"),
        "pakistan",
        "41%",
        pc(41.0),
    );
    let f = l.run();
    let e = of(&f, "L006");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].claims, vec!["tb", "tk"]);
    assert_eq!(e[0].severity, Severity::Error);
}

#[test]
fn a_share_credited_to_an_org_is_measured_against_its_own_counts() {
    let mut l = Ledger::new();
    let p = l.source("pips-2025", "pips", "2025-01-05");
    l.count(
        "pb",
        p,
        "terrorist-attacks balochistan 2024",
        "110",
        ex(110.0),
    )
    .by("pips");
    l.count("pp", p, "terrorist-attacks pakistan 2024", "306", ex(306.0))
        .by("pips");
    let d = l.source("dawn", "dawn", "2025-02-01");
    l.share(
        "wrong",
        d,
        "terrorist-attacks balochistan 2024",
        "pakistan",
        "60%",
        pc(60.0),
    )
    .by("pips");
    l.share(
        "right",
        d,
        "terrorist-attacks balochistan 2024",
        "pakistan",
        "36%",
        pc(36.0),
    )
    .by("pips");
    // Another org's own share against pips's counts: info.
    let c = l.source("crss-2025", "crss", "2025-01-05");
    l.share(
        "crss",
        c,
        "terrorist-attacks balochistan 2024",
        "pakistan",
        "50%",
        pc(50.0),
    )
    .by("crss");
    let f = l.run();
    let m = about(&f, "L004", &["wrong"]);
    assert_eq!(m.len(), 1, "{f:#?}");
    assert_eq!(m[0].evidence, vec!["pb", "pp"]);
    assert!(
        m[0].working.contains("110 ÷ 306 × 100 = 35.95%"),
        "{}",
        m[0].working
    );
    assert!(about(&f, "L006", &["wrong"]).is_empty());
    assert!(about(&f, "L004", &["right"]).is_empty() && about(&f, "L006", &["right"]).is_empty());
    assert_eq!(about(&f, "L006", &["crss"])[0].severity, Severity::Info);
}

#[test]
fn shares_past_100_beside_a_larger_overlapping_union() {
    // Greedy picking takes the union first (60%), which overlaps both provinces, and misses
    // balochistan 55% + sindh 50%, which surely add past 100%.
    let mut l = Ledger::new();
    l.place("balochistan", "pakistan")
        .place("sindh", "pakistan");
    let s = l.source("s", "", "2025-01-10");
    let what = |p: &str| format!("terrorist-attacks {p} 2024");
    l.share(
        "u",
        s,
        &what("balochistan+sindh"),
        "pakistan",
        "60%",
        pc(60.0),
    );
    l.share("b", s, &what("balochistan"), "pakistan", "55%", pc(55.0));
    l.share("d", s, &what("sindh"), "pakistan", "50%", pc(50.0));
    let f = l.run();
    let e = of(&f, "L006");
    assert_eq!(e.len(), 1, "{f:#?}");
    assert_eq!(e[0].claims, vec!["b", "d"]);
}
