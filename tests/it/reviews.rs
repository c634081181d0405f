//! `verify`: who the reviewer is, the review history in order, and the database itself refusing
//! to change or delete a review.

use crate::check_support;
use crate::common;

use check_support::report;

use common::{is_sha256_hex, TestEnv, NOW};

const CLAIM: &str = "pips-attacks-2023";

/// `(verdict, reviewer, at, evidence, note, hash)` of every review, in the order recorded.
type ReviewRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

fn reviews(env: &TestEnv) -> Vec<ReviewRow> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT claim, verdict, reviewer, at, evidence, note, hash FROM reviews ORDER BY seq",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

fn reviewers(env: &TestEnv) -> Vec<String> {
    reviews(env).into_iter().map(|r| r.2).collect()
}

fn git_config_with_user(env: &TestEnv, name: &str) -> std::path::PathBuf {
    env.write_file("gitconfig", format!("[user]\n\tname = {name}\n"))
}

#[test]
fn reviewer_from_the_flag_first() {
    let mut env = TestEnv::seeded();
    let gitconfig = git_config_with_user(&env, "Gitty");
    env.set_env("CLAIMLEDGER_REVIEWER", "Envy")
        .set_env("GIT_CONFIG_GLOBAL", gitconfig);
    let out = env.ok(&[
        "verify",
        CLAIM,
        "--verdict",
        "supported",
        "--reviewer",
        "Flaggy",
    ]);
    assert!(out.contains("by Flaggy"), "{out}");
    assert_eq!(reviewers(&env), ["Flaggy"]);
}

#[test]
fn reviewer_from_the_environment_before_git() {
    let mut env = TestEnv::seeded();
    let gitconfig = git_config_with_user(&env, "Gitty");
    env.set_env("CLAIMLEDGER_REVIEWER", "Envy")
        .set_env("GIT_CONFIG_GLOBAL", gitconfig);
    env.ok(&["verify", CLAIM, "--verdict", "supported"]);
    assert_eq!(reviewers(&env), ["Envy"]);
}

#[test]
fn reviewer_from_git_user_name_last() {
    let mut env = TestEnv::seeded();
    let gitconfig = git_config_with_user(&env, "Gitty");
    env.set_env("GIT_CONFIG_GLOBAL", gitconfig);
    let out = env.ok(&["verify", CLAIM, "--verdict", "refuted"]);
    assert!(out.contains("by Gitty"), "{out}");
    assert_eq!(reviewers(&env), ["Gitty"]);
}

#[test]
fn no_reviewer_anywhere_is_refused() {
    let env = TestEnv::seeded();
    let err = env.fails(&["verify", CLAIM, "--verdict", "supported"], 2);
    assert!(err.contains("--reviewer"), "{err}");
    assert!(err.contains("CLAIMLEDGER_REVIEWER"), "{err}");
    assert!(err.contains("user.name"), "{err}");
    assert_eq!(env.count_rows("reviews"), 0);

    // A blank reviewer is no reviewer.
    let err = env.fails(
        &[
            "verify",
            CLAIM,
            "--verdict",
            "supported",
            "--reviewer",
            "  ",
        ],
        2,
    );
    assert!(err.contains("no reviewer"), "{err}");
    let mut env = env;
    env.set_env("CLAIMLEDGER_REVIEWER", "");
    env.fails(&["verify", CLAIM, "--verdict", "supported"], 2);
    assert_eq!(env.count_rows("reviews"), 0);
}

#[test]
fn verify_refuses_an_unknown_claim_or_verdict_and_writes_nothing() {
    let env = TestEnv::seeded();
    let err = env.fails(
        &[
            "verify",
            "pips-attacks-2024",
            "--verdict",
            "supported",
            "--reviewer",
            "A",
        ],
        2,
    );
    assert!(err.contains("unknown claim \"pips-attacks-2024\""), "{err}");
    assert!(err.contains("did you mean \"pips-attacks-2023\""), "{err}");
    env.fails(
        &["verify", CLAIM, "--verdict", "true", "--reviewer", "A"],
        2,
    );
    env.fails(&["verify", CLAIM, "--reviewer", "A"], 2);
    assert_eq!(env.count_rows("reviews"), 0);
}

#[test]
fn a_malformed_clock_override_is_refused() {
    let mut env = TestEnv::seeded();
    env.set_env("CLAIMLEDGER_NOW", "yesterday");
    let err = env.fails(
        &["verify", CLAIM, "--verdict", "supported", "--reviewer", "A"],
        2,
    );
    assert!(err.contains("CLAIMLEDGER_NOW"), "{err}");
    assert_eq!(env.count_rows("reviews"), 0);
}

#[test]
fn history_is_appended_in_order_and_shown() {
    let env = TestEnv::seeded();
    env.ok(&[
        "verify",
        CLAIM,
        "--verdict",
        "unverifiable",
        "--reviewer",
        "Ann",
    ]);
    env.ok(&[
        "verify",
        CLAIM,
        "--verdict",
        "disputed",
        "--reviewer",
        "Bo",
        "--evidence",
        "https://example.org/a",
        "--note",
        "the annual report says 305",
    ]);
    env.ok(&[
        "verify",
        "dawn-attacks-2023",
        "--verdict",
        "supported",
        "--reviewer",
        "Ann",
    ]);
    env.ok(&[
        "verify",
        CLAIM,
        "--verdict",
        "supported",
        "--reviewer",
        "Cy",
        "--evidence",
        "https://example.org/b",
        "--note",
        "",
    ]);

    let rows = reviews(&env);
    let summary: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r.0.as_str(), r.1.as_str(), r.2.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (CLAIM, "unverifiable", "Ann"),
            (CLAIM, "disputed", "Bo"),
            ("dawn-attacks-2023", "supported", "Ann"),
            (CLAIM, "supported", "Cy"),
        ]
    );
    for r in &rows {
        assert_eq!(r.3, NOW, "CLAIMLEDGER_NOW fixes the time");
        assert!(is_sha256_hex(&r.6), "{r:?}");
    }
    assert_eq!(rows[0].4, None);
    assert_eq!(rows[1].4.as_deref(), Some("https://example.org/a"));
    assert_eq!(rows[1].5.as_deref(), Some("the annual report says 305"));
    assert_eq!(rows[3].5, None, "an empty --note is no note");
    let hashes: std::collections::HashSet<&str> = rows.iter().map(|r| r.6.as_str()).collect();
    assert_eq!(hashes.len(), rows.len(), "hashes repeat: {rows:?}");

    // show lists the claim's reviews, oldest first; list shows the latest verdict.
    let show = env.ok(&["show", CLAIM]);
    assert!(show.contains("reviews (3)"), "{show}");
    let ann = show.find("unverifiable by Ann").expect(&show);
    let bo = show
        .find("disputed by Bo; evidence: https://example.org/a; the annual report says 305")
        .expect(&show);
    let cy = show
        .find("supported by Cy; evidence: https://example.org/b")
        .expect(&show);
    assert!(ann < bo && bo < cy, "{show}");
    let rows = env.claims_csv(&["--metric", "terrorist-attacks"]);
    assert!(rows.iter().all(|r| r["verdict"] == "supported"), "{rows:?}");

    // Each row chains to the one before; check prints the chain's head, the newest hash.
    let head = reviews(&env).last().unwrap().6.clone();
    assert_eq!(common::assert_review_chain(&env), head);
    let check = env.ok(&["check", "--fail-on", "never"]);
    assert!(
        check.contains(&head),
        "the head hash {head} is not in:\n{check}"
    );
    assert!(check.contains("4 review(s)"), "{check}");
}

#[test]
fn the_database_refuses_update_and_delete_on_reviews() {
    let env = TestEnv::seeded();
    env.ok(&[
        "verify",
        CLAIM,
        "--verdict",
        "disputed",
        "--reviewer",
        "Ann",
    ]);
    env.ok(&[
        "verify",
        CLAIM,
        "--verdict",
        "supported",
        "--reviewer",
        "Bo",
    ]);
    let before = reviews(&env);
    let conn = env.conn();
    for sql in [
        "UPDATE reviews SET verdict = 'refuted' WHERE reviewer = 'Ann'",
        "UPDATE reviews SET hash = hash",
        "DELETE FROM reviews WHERE reviewer = 'Bo'",
        "DELETE FROM reviews",
    ] {
        let err = conn
            .execute(sql, [])
            .expect_err(&format!("the database accepted: {sql}"));
        assert!(
            err.to_string().contains("append-only"),
            "{sql}: unexpected error {err}"
        );
    }
    drop(conn);
    assert_eq!(reviews(&env), before);
    assert_eq!(env.count_rows("reviews"), 2);
    // Inserting (what verify does) still works.
    env.ok(&["verify", CLAIM, "--verdict", "refuted", "--reviewer", "Cy"]);
    assert_eq!(env.count_rows("reviews"), 3);
}

/// A claim's verdict is its last review in recorded order, however the reviews interleave
/// and whatever order the claims were added in: `check` (the whole ledger) and `show` (one
/// claim's metrics) agree.
#[test]
fn check_and_show_take_each_claims_latest_review() {
    let env = TestEnv::seeded();
    // The same source printing another figure for the same key: an L003 error on both.
    env.ok(&[
        "add",
        "--id",
        "pips-attacks-2023-typo",
        "--source",
        "pips-2023",
        "--quote",
        "PIPS recorded 306 terrorist attacks across Pakistan in 2023",
        "--printed",
        "2023",
        "--metric",
        "terrorist-attacks",
        "--place",
        "pakistan",
        "--period",
        "2023",
        "--attributed-to",
        "pips",
    ]);
    for (claim, verdict) in [
        ("pips-attacks-2023-typo", "refuted"),
        ("dawn-sf-deaths-q1", "supported"),
        (CLAIM, "supported"),
        ("pips-attacks-2023-typo", "supported"),
        ("pips-kp-fatalities-h1", "disputed"),
        (CLAIM, "refuted"),
    ] {
        env.ok(&["verify", claim, "--verdict", verdict, "--reviewer", "Ann"]);
    }
    let r = report(&env, None);
    assert_eq!(r.with_code("L011").len(), 1, "{}", r.listing());
    r.get("L011", &["dawn-attacks-2023"]);
    assert_eq!(r.with_code("L012").len(), 1, "{}", r.listing());
    r.get("L012", &["pips-attacks-2023-typo"]);
    let show = env.ok(&["show", "pips-attacks-2023-typo"]);
    assert!(show.contains("L012"), "{show}");
    let show = env.ok(&["show", CLAIM]);
    let questioning = show.split("findings citing it").next().unwrap();
    assert!(!questioning.contains("L012"), "{show}");
}
