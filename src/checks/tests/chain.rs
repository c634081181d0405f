//! L015 change-chain: fires when composed changes contradict a change over the whole span,
//! stays quiet when they agree or the periods do not tile.

use super::*;

const ATT_22: &str = "terrorist-attacks pakistan 2022";
const ATT_23: &str = "terrorist-attacks pakistan 2023";
const ATT_24: &str = "terrorist-attacks pakistan 2024";

/// PIPS's +27% (2022 over 2021) and +17% (2023 over 2022), and an article's change for 2023
/// over 2021 as printed.
fn pips_and(printed: &str, reading: Interval, credited: bool) -> Vec<Finding> {
    let mut l = Ledger::new();
    let pips = l.source("pips-report", "pips", "2024-01-10");
    let art = l.source("op-ed", "", "2024-11-08");
    l.change("p22", pips, ATT_22, "2021", "27%", pc(27.0))
        .by("pips");
    l.change("p23", pips, ATT_23, "2022", "17%", pc(17.0))
        .by("pips");
    let mut c = l.change("art", art, ATT_23, "2021", printed, reading);
    if credited {
        c.by("pips");
    }
    l.run()
}

#[test]
fn almost_doubled_against_27_then_17_percent() {
    let f = pips_and("almost doubled", iv(80.0, 100.0), false);
    let w = about(&f, "L015", &["art"]);
    assert_eq!(w.len(), 1, "{f:#?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(w[0].evidence, vec!["p22", "p23"]);
    assert!(
        w[0].working.contains("[1.265, 1.275] × [1.165, 1.175]"),
        "{}",
        w[0].working
    );
    assert!(
        w[0].message.contains("pips's own changes"),
        "{}",
        w[0].message
    );
    // Credited to PIPS: misattributed.
    let f = pips_and("almost doubled", iv(80.0, 100.0), true);
    assert_eq!(about(&f, "L004", &["art"]).len(), 1, "{f:#?}");
    assert!(about(&f, "L015", &["art"]).is_empty());
}

#[test]
fn a_change_the_chain_allows_is_fine() {
    // 1.27 × 1.17 = 1.4859: "49% increase" is [48.5, 49.5] and overlaps [47.37, 49.81].
    let f = pips_and("49% increase", pc(49.0), true);
    assert!(serious(&f).is_empty(), "{f:#?}");
    assert!(of(&f, "L015").is_empty());
}

#[test]
fn three_links_compose() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "2025-01-10");
    l.change("a", s, ATT_22, "2021", "10%", pc(10.0));
    l.change("b", s, ATT_23, "2022", "10%", pc(10.0));
    l.change("c", s, ATT_24, "2023", "10%", pc(10.0));
    // 1.1³ = 1.331: "33% increase" agrees, "50% increase" does not.
    l.change("ok", s, ATT_24, "2021", "33%", pc(33.0));
    l.change("bad", s, ATT_24, "2021", "50%", pc(50.0));
    let f = l.run();
    assert!(about(&f, "L015", &["ok"]).is_empty(), "{f:#?}");
    let bad = about(&f, "L015", &["bad"]);
    assert_eq!(bad.len(), 1, "{f:#?}");
    assert_eq!(
        bad[0].severity,
        Severity::Error,
        "one source contradicts itself"
    );
    assert_eq!(bad[0].evidence, vec!["a", "b", "c"]);
}

#[test]
fn periods_that_do_not_tile_make_no_chain() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "2025-01-10");
    // 2022 over 2021, then 2024 over 2023: a year is missing.
    l.change("a", s, ATT_22, "2021", "10%", pc(10.0));
    l.change("c", s, ATT_24, "2023", "10%", pc(10.0));
    l.change("whole", s, ATT_24, "2021", "90%", pc(90.0));
    // H1 over 2021 is not a link either: its period is not the next one's base.
    l.change(
        "h",
        s,
        "terrorist-attacks pakistan 2023-H1",
        "2022",
        "10%",
        pc(10.0),
    );
    let f = l.run();
    assert!(of(&f, "L015").is_empty(), "{f:#?}");
}

#[test]
fn bodies_are_never_mixed_in_one_chain() {
    let mut l = Ledger::new();
    let a = l.source("a", "pips", "2024-01-10");
    let b = l.source("b", "crss", "2024-01-10");
    let art = l.source("art", "", "2024-11-08");
    l.change("p22", a, ATT_22, "2021", "27%", pc(27.0))
        .by("pips");
    l.change("c23", b, ATT_23, "2022", "17%", pc(17.0))
        .by("crss");
    l.change("x", art, ATT_23, "2021", "almost doubled", iv(80.0, 100.0));
    let f = l.run();
    assert!(of(&f, "L015").is_empty(), "{f:#?}");
}
