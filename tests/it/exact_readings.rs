//! Issue "exact readings and fair rounding": each case a new user hit, through the real binary,
//! named after it. A correct article is never accused: bounds are exact, precision bands are
//! closed, readings are derived from `printed` (never trusted from storage), and a database and
//! its dumped directory always give the same findings.

use crate::check_support::{self, claim, report, source, vocabulary, Report};
use crate::common::TestEnv;

/// The errors and warnings of a report, one line each.
fn serious(r: &Report) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.severity != "info")
        .map(|f| format!("{} {} {}: {}", f.id, f.code, f.severity, f.message))
        .collect()
}

/// A body `pips` with its own report, and an article crediting it.
fn body_and_article() -> TestEnv {
    let env = vocabulary();
    source(&env, "report", Some("pips"), "2024-01-15");
    source(&env, "article", None, "2024-02-01");
    env
}

const ATTACKS: &str = "--metric terrorist-attacks --place pakistan";

#[test]
fn a_28_percent_increase_from_40_to_51_is_not_misattributed() {
    let env = body_and_article();
    claim(
        &env,
        "own-22",
        "report",
        "40",
        &format!("{ATTACKS} --period 2022 --attributed-to pips"),
    );
    claim(
        &env,
        "own-23",
        "report",
        "51",
        &format!("{ATTACKS} --period 2023 --attributed-to pips"),
    );
    let change = format!("{ATTACKS} --kind change --period 2023 --base 2022 --attributed-to pips");
    claim(&env, "credited", "article", "28% increase", &change);
    let r = report(&env, None);
    assert!(serious(&r).is_empty(), "{}", r.listing());
    // The exact value is shown without floating-point noise.
    let out = env.ok(&["interval", "28% increase"]);
    assert!(out.contains("[+27.5%, +28.5%]"), "{out}");
}

#[test]
fn twenty_nine_of_fifty_is_at_least_58_percent() {
    let env = body_and_article();
    claim(
        &env,
        "kp",
        "report",
        "29",
        "--metric terrorist-attacks --place khyber-pakhtunkhwa --period 2023 --attributed-to pips",
    );
    claim(
        &env,
        "all",
        "report",
        "50",
        &format!("{ATTACKS} --period 2023 --attributed-to pips"),
    );
    claim(
        &env,
        "share",
        "article",
        "at least 58%",
        "--kind share --metric terrorist-attacks --place khyber-pakhtunkhwa --period 2023 --of pakistan --attributed-to pips",
    );
    let r = report(&env, None);
    assert!(serious(&r).is_empty(), "{}", r.listing());
}

#[test]
fn zero_after_over_41_is_a_100_percent_decrease() {
    let env = body_and_article();
    claim(
        &env,
        "own-22",
        "report",
        "over 41",
        &format!("{ATTACKS} --period 2022 --attributed-to pips"),
    );
    claim(
        &env,
        "own-23",
        "report",
        "0",
        &format!("{ATTACKS} --period 2023 --attributed-to pips"),
    );
    let change = format!("{ATTACKS} --kind change --period 2023 --base 2022 --attributed-to pips");
    claim(&env, "credited", "article", "100% decrease", &change);
    let r = report(&env, None);
    assert!(serious(&r).is_empty(), "{}", r.listing());
}

#[test]
fn from_200_to_161_fell_by_20_percent() {
    let env = body_and_article();
    // One source's own counts and its own change: -19.5% rounds to 20 by the usual rule.
    claim(
        &env,
        "a-22",
        "article",
        "200",
        &format!("{ATTACKS} --period 2022"),
    );
    claim(
        &env,
        "a-23",
        "article",
        "161",
        &format!("{ATTACKS} --period 2023"),
    );
    claim(
        &env,
        "a-change",
        "article",
        "fell by 20%",
        &format!("{ATTACKS} --kind change --period 2023 --base 2022"),
    );
    let r = report(&env, None);
    assert!(serious(&r).is_empty(), "{}", r.listing());
    // 21% would be wrong, not imprecise: more than a unit away.
    claim(
        &env,
        "a-wrong",
        "article",
        "fell by 22%",
        &format!("{ATTACKS} --kind change --period 2023 --base 2022"),
    );
    let r = report(&env, None);
    let f = r.get("L005", &["a-wrong"]);
    assert_eq!(f.severity, "error", "{}", r.listing());
    assert!((f.gap.unwrap() - 2.0).abs() < 1e-9, "{f:?}");
}

#[test]
fn a_loosely_rounded_percentage_is_imprecise_not_wrong() {
    let env = body_and_article();
    claim(
        &env,
        "own-22",
        "report",
        "1000",
        &format!("{ATTACKS} --period 2022 --attributed-to pips"),
    );
    claim(
        &env,
        "own-23",
        "report",
        "1274",
        &format!("{ATTACKS} --period 2023 --attributed-to pips"),
    );
    let change = format!("{ATTACKS} --kind change --period 2023 --base 2022 --attributed-to pips");
    claim(&env, "credited", "article", "28% increase", &change);
    let r = report(&env, None);
    assert!(serious(&r).is_empty(), "{}", r.listing());
    let f = r.get("L004", &["credited"]);
    assert_eq!(f.severity, "info");
    assert!(
        f.message.starts_with("Imprecise, not wrong:"),
        "{}",
        f.message
    );
}

/// A copy of the seed ledger in a database, and the check of it as JSON.
fn seeds_db(env: &TestEnv) -> String {
    env.ok(&["init"]);
    env.ok(&["import", check_support::seeds().to_str().unwrap()]);
    env.ok(&["check", "--format", "json", "--fail-on", "never"])
}

#[test]
fn stored_bounds_edited_with_sql_change_no_finding() {
    let env = TestEnv::new();
    let before = seeds_db(&env);
    assert!(before.contains("\"L004\""), "{before}");
    env.conn()
        .execute(
            "UPDATE claims SET lower = 10, upper = 20 WHERE id = 'art-01-attacks-increase-2023'",
            [],
        )
        .unwrap();
    let after = env.ok(&["check", "--format", "json", "--fail-on", "never"]);
    assert_eq!(before, after);
    let show = env.ok(&["show", "art-01-attacks-increase-2023"]);
    assert!(show.contains("[+50.5%, +51.5%]"), "{show}");
    assert!(!show.contains("+10%"), "{show}");
}

#[test]
fn a_tolerance_change_reads_the_stored_claims_again() {
    let env = TestEnv::new();
    seeds_db(&env);
    env.ok(&["dump", "dir"]);
    let settings = env.path().join("dir/settings.csv");
    std::fs::write(&settings, "key,value\ntolerance,0.25\n").unwrap();
    // Imported into the ledger that already holds the claims: their bounds are rewritten.
    env.ok(&["import", "dir"]);
    let lower: f64 = env
        .conn()
        .query_row(
            "SELECT lower FROM claims WHERE id = 'wal-01-sf-deaths-2023'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lower, 375.0, "nearly 500 at 25%");
    let db = env.ok(&["check", "--format", "json", "--fail-on", "never"]);
    assert_eq!(db, dir_check(&env));
}

/// `check --format json` of the ledger directory `dir` in `env`.
fn dir_check(env: &TestEnv) -> String {
    env.ok(&[
        "--db",
        "dir",
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
    ])
}

#[test]
fn a_database_and_its_directory_give_byte_identical_checks() {
    let env = TestEnv::new();
    let db = seeds_db(&env);
    env.ok(&["dump", "dir"]);
    assert_eq!(db, dir_check(&env));
}
