//! `waive`: a reviewer's signed-off acceptance of one finding. A waived finding stays in the
//! report, marked, and no longer fails the gate; the waiver travels through `dump` and
//! `import`; a waiver whose finding is gone is reported as L014 stale-waiver.

use crate::check_support;
use crate::common;

use check_support::{
    assert_finding, claim, parse_report, report, run_code, source, vocabulary,
    vocabulary_without_reviewer, Report,
};
use claimledger::checks::history::waiver_hash;
use common::{TestEnv, NOW};

const KEY: &str = "--metric terrorist-attacks --place pakistan --period 2023 --attributed-to pips";

/// PIPS's own 306, and a newspaper crediting PIPS with "over 400": one L004 error.
fn misattributed(env: &TestEnv) {
    source(env, "pips-report", Some("pips"), "2024-01-05");
    source(env, "nation", None, "2024-05-01");
    claim(env, "pips-own", "pips-report", "306", KEY);
    claim(env, "nation-over", "nation", "over 400", KEY);
}

/// The id of the ledger's one L004.
#[track_caller]
fn l004(env: &TestEnv) -> String {
    report(env, None).get("L004", &["nation-over"]).id.clone()
}

/// The rows of `DIR/waivers.csv`, header first.
fn waivers_csv(env: &TestEnv, dir: &str) -> Vec<Vec<String>> {
    let path = env.path().join(dir).join("waivers.csv");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .map(|row| row.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_waived_error_no_longer_fails_the_gate() {
    let env = vocabulary();
    misattributed(&env);
    let id = l004(&env);
    run_code(&env, &["check"], 1);

    let out = env.ok(&[
        "waive",
        &id,
        "--reason",
        "PIPS later revised its count",
        "--reviewer",
        "alice",
    ]);
    assert!(out.contains(&id) && out.contains("alice"), "{out}");

    // The text report still shows the finding, marked, and counts it as waived.
    let text = run_code(&env, &["check"], 0);
    assert!(
        text.contains(&format!("  {id} L004 misattributed  [waived]\n")),
        "{text}"
    );
    let summary = text.lines().last().unwrap();
    assert!(
        summary.starts_with("0 error(s), 0 warning(s), 2 info, 1 waived;"),
        "{text}"
    );

    let r = parse_report(&run_code(&env, &["check", "--format", "json"], 0));
    let f = r.get("L004", &["nation-over"]);
    assert_finding(f, "error", "misattributed");
    assert!(f.waived, "{f:#?}");
    assert_eq!(r.summary, [0, 0, 2, 1]);
    // Only the waived finding is waived.
    assert_eq!(r.findings.iter().filter(|f| f.waived).count(), 1);

    // CSV says so; GitHub annotates only what is not waived.
    let csv_text = run_code(&env, &["check", "--format", "csv"], 0);
    let row = csv_text
        .lines()
        .find(|l| l.starts_with(&id))
        .expect("the waived finding's row");
    assert!(row.ends_with(",true,94,0.235"), "{row}");
    let github = run_code(&env, &["check", "--format", "github"], 0);
    assert!(!github.contains(&id), "{github}");
    assert!(!github.contains("::error"), "{github}");

    // A stricter gate still sees the other findings, never the waived one.
    run_code(&env, &["check", "--fail-on", "warning"], 0);
    run_code(&env, &["check", "--fail-on", "info"], 1);

    // dump writes the waiver; the dumped directory and a fresh import keep it applied.
    env.ok(&["dump", "dir"]);
    let rows = waivers_csv(&env, "dir");
    assert_eq!(rows[0], ["finding", "reason", "reviewer", "at", "hash"]);
    assert_eq!(
        rows[1],
        [
            id.as_str(),
            "PIPS later revised its count",
            "alice",
            NOW,
            &waiver_hash("", &id, "PIPS later revised its count", "alice", NOW)
        ]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(
        run_code(&env, &["--db", "dir", "check", "--format", "json"], 0),
        r.raw
    );
    let fresh = TestEnv::init();
    fresh.ok(&["import", env.path().join("dir").to_str().unwrap()]);
    assert_eq!(run_code(&fresh, &["check", "--format", "json"], 0), r.raw);
}

#[test]
fn the_waivers_reviewer_comes_from_the_flag_the_environment_or_git() {
    // From CLAIMLEDGER_REVIEWER when no flag is given.
    let env = vocabulary();
    misattributed(&env);
    let id = l004(&env);
    env.ok(&["waive", &id, "--reason", "accepted"]);
    env.ok(&["dump", "dir"]);
    assert_eq!(
        waivers_csv(&env, "dir")[1],
        [
            id.as_str(),
            "accepted",
            "tester",
            NOW,
            &waiver_hash("", &id, "accepted", "tester", NOW)
        ]
    );

    // Nowhere: refused, and nothing written.
    let mut env = vocabulary_without_reviewer();
    misattributed(&env);
    let err = env.fails(&["waive", &id, "--reason", "accepted"], 2);
    assert!(err.contains("reviewer"), "{err}");
    assert_eq!(env.count_rows("waivers"), 0);
    run_code(&env, &["check"], 1);

    // From git's user.name when neither flag nor environment says.
    let gitconfig = env.write_file("gitconfig", "[user]\n\tname = Gitty\n");
    env.set_env("GIT_CONFIG_GLOBAL", gitconfig);
    env.ok(&["waive", &id, "--reason", "accepted"]);
    env.ok(&["dump", "dir"]);
    assert_eq!(
        waivers_csv(&env, "dir")[1],
        [
            id.as_str(),
            "accepted",
            "Gitty",
            NOW,
            &waiver_hash("", &id, "accepted", "Gitty", NOW)
        ]
    );
}

#[test]
fn waiving_what_is_not_a_current_finding_is_refused() {
    let env = vocabulary();
    misattributed(&env);
    let id = l004(&env);
    for (args, names) in [
        (
            vec!["waive", "l004-000000000000", "--reason", "x"],
            "l004-000000000000",
        ),
        (
            vec!["waive", "L004 misattributed", "--reason", "x"],
            "L004 misattributed",
        ),
        (vec!["waive", &id, "--reason", "  "], "--reason"),
    ] {
        let err = env.fails(&args, 2);
        assert!(err.contains(names), "{args:?}: {err}");
    }
    assert_eq!(env.count_rows("waivers"), 0);
    run_code(&env, &["check"], 1);

    // A second waiver of one finding is refused; the first stands.
    env.ok(&["waive", &id, "--reason", "first", "--reviewer", "alice"]);
    let err = env.fails(
        &["waive", &id, "--reason", "second", "--reviewer", "bob"],
        2,
    );
    assert!(err.contains(&id), "{err}");
    env.ok(&["dump", "dir"]);
    assert_eq!(
        waivers_csv(&env, "dir")[1],
        [
            id.as_str(),
            "first",
            "alice",
            NOW,
            &waiver_hash("", &id, "first", "alice", NOW)
        ]
    );

    // A ledger directory is read-only.
    let err = env.fails(&["--db", "dir", "waive", &id, "--reason", "again"], 2);
    assert!(err.contains("dir"), "{err}");
}

/// The L014 findings of a report, each checked for shape: info, questions no claim.
fn stale(r: &Report) -> Vec<&check_support::Finding> {
    let v = r.with_code("L014");
    for f in &v {
        assert_finding(f, "info", "stale-waiver");
        assert!(f.claims.is_empty() && f.evidence.is_empty(), "{f:#?}");
        assert!(!f.waived);
    }
    v
}

#[test]
fn an_imported_waiver_for_no_finding_is_stale() {
    let env = vocabulary();
    misattributed(&env);
    env.ok(&["dump", "dir"]);
    let made_up = "l003-0123456789ab";
    let path = env.path().join("dir/waivers.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!(
        "{made_up},two bodies count differently,alice,2024-11-01T00:00:00Z,\n"
    ));
    std::fs::write(&path, text).unwrap();

    let fresh = TestEnv::init();
    let out = fresh.ok(&["import", path.parent().unwrap().to_str().unwrap()]);
    assert!(out.contains("1 waivers"), "{out}");
    let r = report(&fresh, None);
    let l014 = stale(&r);
    assert_eq!(l014.len(), 1, "{}", r.listing());
    assert!(l014[0].message.contains(made_up), "{:#?}", l014[0]);
    assert!(check_support::is_finding_id(&l014[0].id, "L014"));
    // Info: not a failure by default, one with --fail-on info.
    let text = run_code(&fresh, &["check"], 1); // the L004 is still there, unwaived
    assert!(text.contains(made_up), "{text}");
    assert!(text.contains("L014 stale-waiver"), "{text}");
    // Once the real finding is waived, only info remains.
    let id = r.get("L004", &["nation-over"]).id.clone();
    fresh.ok(&["waive", &id, "--reason", "accepted", "--reviewer", "alice"]);
    run_code(&fresh, &["check"], 0);
    run_code(&fresh, &["check", "--fail-on", "info"], 1);
    // The same from the directory itself, and the same id twice.
    let from_dir = report(&env, Some("dir"));
    assert_eq!(stale(&from_dir)[0].id, l014[0].id);
}

#[test]
fn a_waiver_goes_stale_when_its_finding_disappears() {
    let env = vocabulary();
    misattributed(&env);
    let id = l004(&env);
    env.ok(&[
        "waive",
        &id,
        "--reason",
        "PIPS will revise",
        "--reviewer",
        "alice",
    ]);
    assert!(stale(&report(&env, None)).is_empty());

    // PIPS revises its figure to 420: the newspaper's "over 400" now matches PIPS's latest.
    source(&env, "pips-revision", Some("pips"), "2024-03-01");
    claim(&env, "pips-revised", "pips-revision", "420", KEY);
    let r = report(&env, None);
    r.none_on("L004", "nation-over");
    assert!(r.findings.iter().all(|f| f.id != id), "{}", r.listing());
    let l014 = stale(&r);
    assert_eq!(l014.len(), 1, "{}", r.listing());
    assert!(l014[0].message.contains(&id), "{:#?}", l014[0]);
    assert_eq!(r.summary[3], 0, "nothing is waived any more");
    run_code(&env, &["check"], 0);
    run_code(&env, &["check", "--fail-on", "info"], 1);
}
