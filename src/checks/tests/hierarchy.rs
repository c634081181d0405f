//! L007 part-exceeds-whole.

use super::*;

fn tree(l: &mut Ledger) {
    l.place("balochistan", "pakistan")
        .place("quetta", "balochistan");
    l.place("khyber-pakhtunkhwa", "pakistan")
        .place("sindh", "pakistan");
    l.metric("security-force-deaths", "fatalities")
        .metric("police-deaths", "security-force-deaths");
    l.metric("suicide-attacks", "terrorist-attacks");
    l.metric("attacks-on-security-forces", "terrorist-attacks");
}

#[test]
fn sub_place_sub_metric_sub_period_above_the_whole() {
    let mut l = Ledger::new();
    tree(&mut l);
    let s = l.source("s", "", "2024-02-01");
    l.count("quetta", s, "fatalities quetta 2023", "500", ex(500.0));
    l.count("pk", s, "fatalities pakistan 2023", "400", ex(400.0));
    l.count(
        "police",
        s,
        "police-deaths pakistan 2023",
        "over 450",
        over(450.0),
    );
    l.count(
        "q1",
        s,
        "fatalities pakistan 2023-Q1",
        "nearly 500",
        iv(450.0, 500.0),
    );
    l.count("fine", s, "fatalities balochistan 2023", "300", ex(300.0));
    let f = l.run();
    for part in ["quetta", "police", "q1"] {
        let e = about(&f, "L007", &[part, "pk"]);
        assert_eq!(e.len(), 1, "{part}: {f:#?}");
        assert_eq!(e[0].severity, Severity::Error);
    }
    // quetta (500) inside balochistan (300) too; the fine one is fine against pakistan.
    assert_eq!(about(&f, "L007", &["quetta", "fine"]).len(), 1);
    assert!(about(&f, "L007", &["fine", "pk"]).is_empty());
}

#[test]
fn union_wholes_and_hedges() {
    let mut l = Ledger::new();
    tree(&mut l);
    let s = l.source("s", "", "2024-02-01");
    l.count(
        "u",
        s,
        "fatalities balochistan+sindh 2023",
        "100",
        ex(100.0),
    );
    l.count("q", s, "fatalities quetta 2023", "120", ex(120.0));
    l.count(
        "k",
        s,
        "fatalities khyber-pakhtunkhwa 2023",
        "120",
        ex(120.0),
    );
    // A hedged part: (300, ∞) is not surely above [279, 310].
    l.count(
        "o",
        s,
        "terrorist-attacks pakistan 2023-05",
        "over 300",
        over(300.0),
    );
    l.count(
        "n",
        s,
        "terrorist-attacks pakistan 2023",
        "nearly 310",
        iv(279.0, 310.0),
    );
    let f = l.run();
    assert_eq!(about(&f, "L007", &["q", "u"]).len(), 1, "{f:#?}");
    assert!(about(&f, "L007", &["k", "u"]).is_empty());
    assert!(about(&f, "L007", &["o", "n"]).is_empty());
}

#[test]
fn only_inside_one_group() {
    let mut l = Ledger::new();
    tree(&mut l);
    let s = l.source("s", "", "2024-02-01");
    let t = l.source("t", "", "2024-02-01");
    l.count("quetta", s, "fatalities quetta 2023", "500", ex(500.0));
    l.count("pk", t, "fatalities pakistan 2023", "400", ex(400.0));
    assert!(of(&l.run(), "L007").is_empty());
    // One org's own figures, from two of its reports, are one group.
    let mut l = Ledger::new();
    tree(&mut l);
    let a = l.source("pips-a", "pips", "2024-02-01");
    let b = l.source("pips-b", "pips", "2024-03-01");
    l.count("quetta", a, "fatalities quetta 2023", "500", ex(500.0))
        .by("pips");
    l.count("pk", b, "fatalities pakistan 2023", "400", ex(400.0))
        .by("pips");
    let f = l.run();
    assert_eq!(
        about(&f, "L007", &["quetta", "pk"])[0].severity,
        Severity::Error
    );
}

#[test]
fn disjoint_parts_past_the_whole() {
    let mut l = Ledger::new();
    tree(&mut l);
    let s = l.source("s", "", "2024-02-01");
    l.count("pk", s, "fatalities pakistan 2023", "400", ex(400.0));
    l.count("b", s, "fatalities balochistan 2023", "250", ex(250.0));
    l.count("q", s, "fatalities quetta 2023", "240", ex(240.0));
    l.count(
        "k",
        s,
        "fatalities khyber-pakhtunkhwa 2023",
        "about 200",
        iv(180.0, 220.0),
    );
    l.count("h2", s, "fatalities sindh 2023-H2", "5", ex(5.0));
    let f = l.run();
    let e = of(&f, "L007");
    assert_eq!(e.len(), 1, "{e:#?}");
    // b and q overlap: the sum is b + k, the shortest prefix past 400.
    assert_eq!(e[0].claims, vec!["b", "k", "pk"]);
    assert!(
        e[0].working
            .contains("250 (b) + [180, 220] (k) = [430, 470]"),
        "{}",
        e[0].working
    );
}

#[test]
fn parts_in_disjoint_periods_add_up() {
    let mut l = Ledger::new();
    tree(&mut l);
    let s = l.source("s", "", "2024-02-01");
    l.count("y", s, "fatalities pakistan 2023", "400", ex(400.0));
    l.count("h1", s, "fatalities pakistan 2023-H1", "250", ex(250.0));
    l.count("q1", s, "fatalities pakistan 2023-Q1", "200", ex(200.0));
    l.count("h2", s, "fatalities pakistan 2023-H2", "151", ex(151.0));
    let f = l.run();
    let e = of(&f, "L007");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].claims, vec!["h1", "h2", "y"]);
}

#[test]
fn a_part_alone_past_the_whole_does_not_hide_a_sum() {
    let mut l = Ledger::new();
    tree(&mut l);
    let s = l.source("s", "", "2024-02-01");
    l.count("y", s, "fatalities pakistan 2023", "300", ex(300.0));
    l.count("h1", s, "fatalities pakistan 2023-H1", "350", ex(350.0));
    l.count("b", s, "fatalities balochistan 2023", "150", ex(150.0));
    l.count(
        "k",
        s,
        "fatalities khyber-pakhtunkhwa 2023",
        "200",
        ex(200.0),
    );
    let f = l.run();
    let mut e: Vec<Vec<String>> = of(&f, "L007").iter().map(|f| f.claims.clone()).collect();
    e.sort();
    assert_eq!(e, vec![vec!["b", "k", "y"], vec!["h1", "y"]]);
}

#[test]
fn metric_siblings_are_not_disjoint() {
    let mut l = Ledger::new();
    tree(&mut l);
    let s = l.source("s", "", "2024-02-01");
    l.count(
        "all",
        s,
        "terrorist-attacks pakistan 2023",
        "400",
        ex(400.0),
    );
    l.count("sui", s, "suicide-attacks pakistan 2023", "250", ex(250.0));
    l.count(
        "sf",
        s,
        "attacks-on-security-forces pakistan 2023",
        "200",
        ex(200.0),
    );
    assert!(of(&l.run(), "L007").is_empty());
}
