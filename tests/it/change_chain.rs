//! L015 change-chain through the real binary: `check` finds it, and `show` lists it for the
//! claim it questions and for each link of the chain.

use crate::check_support::{claim, report, source, vocabulary};

#[test]
fn almost_doubled_against_a_bodys_two_yearly_changes() {
    let env = vocabulary();
    source(&env, "pips-report", Some("pips"), "2024-01-10");
    source(&env, "op-ed", None, "2024-11-08");
    let change = |period: &str, base: &str| {
        format!(
            "--kind change --metric terrorist-attacks --place pakistan --period {period} --base {base}"
        )
    };
    claim(
        &env,
        "p22",
        "pips-report",
        "27% increase",
        &format!("{} --attributed-to pips", change("2022", "2021")),
    );
    claim(
        &env,
        "p23",
        "pips-report",
        "17% increase",
        &format!("{} --attributed-to pips", change("2023", "2022")),
    );
    claim(
        &env,
        "art",
        "op-ed",
        "almost doubled",
        &change("2023", "2021"),
    );
    let r = report(&env, None);
    let f = r.get("L015", &["art"]);
    assert_eq!(f.severity, "warning", "{}", r.listing());
    assert_eq!(f.name, "change-chain");
    assert_eq!(f.evidence, ["p22", "p23"]);
    assert!(
        f.working.contains("− 1 = [+47.3725%, +49.8125%]"),
        "{}",
        f.working
    );
    for id in ["art", "p22", "p23"] {
        let show = env.ok(&["show", id]);
        assert!(show.contains(&f.id), "show {id} misses {}:\n{show}", f.id);
    }
}
