//! Tamper evidence that holds (issue 11, case 5, and what `check` holds a history to): a
//! rewritten and re-hashed history, hand-written waivers, a pinned head, a base ledger.

use crate::check_support::{parse_report, run_code, seeds, seeds_arg};
use crate::common::{copy_dir, TestEnv};
use std::path::Path;

/// A copy of the seed ledger at `name` in the env's directory.
fn seeds_copy(env: &TestEnv, name: &str) -> String {
    copy_dir(&seeds(), &env.path().join(name));
    name.to_string()
}

/// The head hash `check` prints on its last line.
fn head(text: &str) -> String {
    text.lines()
        .last()
        .and_then(|l| l.split("head ").nth(1))
        .and_then(|h| h.split(';').next())
        .expect("check prints the head")
        .to_string()
}

/// JSON findings of `check ... --format json` (with any extra keys --base adds), parsed
/// loosely: (code, id, message, waived, status).
fn findings(raw: &str) -> Vec<(String, String, String, bool, String)> {
    let v: serde_json::Value = serde_json::from_str(raw).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["id"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["waived"].as_bool().unwrap(),
                f["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn l013(raw: &str) -> Vec<String> {
    findings(raw)
        .into_iter()
        .filter(|f| f.0 == "L013")
        .map(|f| f.2)
        .collect()
}

/// Blank every hash of reviews.csv and make review 2 (`supported`) `refuted`.
fn blank_and_edit(dir: &Path) {
    let path = dir.join("reviews.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(line);
        } else {
            let (rest, hash) = line.rsplit_once(',').unwrap();
            assert_eq!(hash.len(), 64);
            let rest = if i == 2 {
                rest.replacen(",supported,", ",refuted,", 1)
            } else {
                rest.to_string()
            };
            out.push_str(&rest);
            out.push(',');
        }
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn case5_blank_hashes_and_an_edited_verdict_do_not_pass_silently() {
    let env = TestEnv::new();
    let pinned = head(&run_code(&env, &["--db", &seeds_arg(), "check"], 1));
    // The untouched seeds against themselves: every finding existing, the gate green.
    let copy = seeds_copy(&env, "copy");
    run_code(&env, &["--db", &copy, "check", "--base", &seeds_arg()], 0);
    run_code(
        &env,
        &[
            "--db",
            &copy,
            "check",
            "--expect-head",
            &pinned,
            "--fail-on",
            "never",
        ],
        0,
    );

    // Blanked and edited, checked as a directory: the unhashed rows are an L013 error.
    let dir = seeds_copy(&env, "tampered");
    blank_and_edit(&env.path().join(&dir));
    let raw = run_code(&env, &["--db", &dir, "check", "--format", "json"], 1);
    let l = l013(&raw);
    assert_eq!(l.len(), 1, "{l:?}");
    let reviews = std::fs::read_to_string(crate::check_support::seeds().join("reviews.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    let want = format!("reviews.csv: {reviews} row(s) from line 2 on have no hash");
    assert!(l[0].starts_with(&want), "{}", l[0]);
    // Against the base it is new, and the edited review is named: the gate fails.
    let raw = run_code(
        &env,
        &[
            "--db",
            &dir,
            "check",
            "--base",
            &seeds_arg(),
            "--format",
            "json",
        ],
        1,
    );
    let l = l013(&raw);
    assert_eq!(l.len(), 2, "{l:?}");
    assert!(l.iter().any(|m| m.contains("review 2 of the base (a review of shem-01-kp-police-deaths-2022 by seed-ledger at 2026-11-24T00:00:01Z, supported) is changed here")), "{l:?}");

    // Imported (which fills the hashes in) and dumped: the chain verifies again, so only the
    // pin and the base can tell; both do.
    env.ok(&["init"]);
    env.ok(&["import", &dir]);
    env.ok(&["dump", "rehashed"]);
    let raw = run_code(&env, &["--db", "rehashed", "check", "--format", "json"], 1);
    assert!(
        l013(&raw).is_empty(),
        "a re-hashed history verifies by itself"
    );
    let text = run_code(
        &env,
        &["--db", "rehashed", "check", "--expect-head", &pinned],
        1,
    );
    assert!(
        text.contains(&format!("not {pinned} as pinned (--expect-head)")),
        "{text}"
    );
    assert_ne!(head(&text), pinned);
    for db in ["rehashed", "ledger.db"] {
        let text = run_code(&env, &["--db", db, "check", "--base", &seeds_arg()], 1);
        assert!(text.contains("L013 history-tampered  [new]"), "{text}");
        assert!(text.contains("review 2 of the base"), "{text}");
    }
}

/// Two of the seeds' error findings: what hand-written waivers would try to silence.
fn seed_errors(env: &TestEnv) -> Vec<String> {
    let raw = run_code(env, &["--db", &seeds_arg(), "check", "--format", "json"], 1);
    let report = parse_report(&raw);
    let ids: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.severity == "error")
        .map(|f| f.id.clone())
        .collect();
    assert!(ids.len() >= 2, "{}", report.listing());
    ids.into_iter().take(2).collect()
}

/// Write `waivers.csv` in `dir` with `header` and a row per id, each ending in `hash`.
fn hand_written(env: &TestEnv, dir: &str, header: &str, ids: &[String], hash: &str) {
    let mut text = format!("{header}\n");
    for id in ids {
        text.push_str(&format!(
            "{id},looks fine,nobody,2099-01-01T00:00:00Z{hash}\n"
        ));
    }
    std::fs::write(env.path().join(dir).join("waivers.csv"), text).unwrap();
}

#[test]
fn case5_hand_written_waivers_do_not_turn_the_seed_gate_green() {
    let env = TestEnv::new();
    let errors = seed_errors(&env);
    let header = "finding,reason,reviewer,at,hash";
    let forged = format!(",{}", "0".repeat(64));
    for (name, header, hash, says) in [
        (
            "empty",
            header,
            ",",
            "waivers.csv: 2 row(s) from line 2 on have no hash",
        ),
        (
            "old-form",
            "finding,reason,reviewer,at",
            "",
            "waivers.csv: 2 row(s) from line 2 on have no hash",
        ),
        (
            "forged",
            header,
            forged.as_str(),
            "the waiver history does not verify at row 1",
        ),
    ] {
        let dir = seeds_copy(&env, name);
        hand_written(&env, &dir, header, &errors, hash);
        let raw = run_code(&env, &["--db", &dir, "check", "--format", "json"], 1);
        let found = findings(&raw);
        for id in &errors {
            let f = found.iter().find(|f| &f.1 == id).unwrap();
            assert!(!f.3, "{name}: {id} was silenced");
        }
        let l = l013(&raw);
        assert_eq!(l.len(), 1, "{name}: {l:?}");
        assert!(l[0].starts_with(says), "{name}: {}", l[0]);
        // A waiver of the L013 itself accepts nothing either.
        let l013_id = found.iter().find(|f| f.0 == "L013").unwrap().1.clone();
        let mut all = errors.clone();
        all.push(l013_id);
        hand_written(&env, &dir, header, &all, hash);
        let raw = run_code(&env, &["--db", &dir, "check", "--format", "json"], 1);
        assert!(
            findings(&raw).iter().all(|f| !f.3),
            "{name}: something was waived"
        );
    }

    // Recorded through import (the hashes filled in) and dumped, they are waivers like any
    // other, so --base lists every one for the pull request's reviewers.
    let dir = seeds_copy(&env, "recorded");
    hand_written(&env, &dir, header, &errors, ",");
    env.ok(&["init"]);
    env.ok(&["import", &dir]);
    env.ok(&["dump", "recorded"]);
    let text = run_code(
        &env,
        &["--db", "recorded", "check", "--base", &seeds_arg()],
        0,
    );
    assert!(text.contains("waivers added since the base (2)"), "{text}");
    for id in &errors {
        assert!(
            text.contains(&format!(
                "  {id} by nobody at 2099-01-01T00:00:00Z: looks fine\n"
            )),
            "{text}"
        );
    }
    assert!(text.contains("2 waiver(s) added"), "{text}");
    let github = run_code(
        &env,
        &[
            "--db",
            "recorded",
            "check",
            "--base",
            &seeds_arg(),
            "--format",
            "github",
        ],
        0,
    );
    let added: Vec<&str> = github
        .lines()
        .filter(|l| l.contains("title=waiver added::"))
        .collect();
    assert_eq!(added.len(), 2, "{github}");
    // The seeds' own warnings are the base's: notices on the pull request, not its own.
    assert!(!github.contains("::error"), "{github}");
    assert!(
        github.contains("title=L003 conflict (existing)::"),
        "{github}"
    );
    assert!(
        added[0].starts_with("::warning file=recorded/waivers.csv,line=2,title=waiver added::"),
        "{}",
        added[0]
    );
    let json: serde_json::Value = serde_json::from_str(&run_code(
        &env,
        &[
            "--db",
            "recorded",
            "check",
            "--base",
            &seeds_arg(),
            "--format",
            "json",
        ],
        0,
    ))
    .unwrap();
    let waivers = json["base"]["waivers_added"].as_array().unwrap();
    assert_eq!(waivers.len(), 2);
    assert_eq!(waivers[0]["reviewer"], "nobody");
    // And `waive` refuses an L013 outright: here a verdict edited in place, hashes kept.
    let edited = seeds_copy(&env, "for-waive");
    let path = env.path().join(&edited).join("reviews.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen(",supported,", ",refuted,", 1)).unwrap();
    let fresh = TestEnv::init();
    fresh.ok(&["import", env.path().join(&edited).to_str().unwrap()]);
    let raw = run_code(&fresh, &["check", "--format", "json"], 1);
    let id = findings(&raw)
        .into_iter()
        .find(|f| f.0 == "L013")
        .unwrap()
        .1;
    let err = fresh.fails(
        &["waive", &id, "--reason", "fine", "--reviewer", "nobody"],
        2,
    );
    assert!(
        err.contains(&format!(
            "{id} is L013 history-tampered: a broken review or waiver history cannot be waived"
        )),
        "{err}"
    );
}

#[test]
fn every_format_marks_findings_new_or_existing_against_the_base() {
    let env = TestEnv::new();
    let copy = seeds_copy(&env, "copy");
    let base = seeds_arg();
    let raw = run_code(
        &env,
        &["--db", &copy, "check", "--base", &base, "--format", "json"],
        0,
    );
    let found = findings(&raw);
    assert!(
        !found.is_empty() && found.iter().all(|f| f.4 == "existing"),
        "{raw}"
    );
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(v["base"]["new"], 0);
    assert_eq!(v["base"]["existing"], found.len());
    assert_eq!(v["base"]["reviews_added"], 0);

    // One new review and one new claim that conflicts with PIPS: the new finding is marked new
    // and fails the gate; the rest stay existing.
    env.ok(&["init"]);
    env.ok(&["import", &copy]);
    env.ok(&[
        "add",
        "--id",
        "zz-new",
        "--source",
        "article-2024-11-05",
        "--quote",
        "a 99% increase",
        "--printed",
        "99% increase",
        "--kind",
        "change",
        "--metric",
        "terrorist-attacks",
        "--place",
        "pakistan",
        "--period",
        "2023",
        "--base",
        "2022",
        "--attributed-to",
        "pips",
    ]);
    env.ok(&[
        "verify",
        "zz-new",
        "--verdict",
        "disputed",
        "--reviewer",
        "ann",
    ]);
    env.ok(&["dump", "pr"]);
    let raw = run_code(
        &env,
        &["--db", "pr", "check", "--base", &base, "--format", "json"],
        1,
    );
    let new: Vec<(String, String, String, bool, String)> = findings(&raw)
        .into_iter()
        .filter(|f| f.4 == "new")
        .collect();
    assert!(
        !new.is_empty() && new.iter().all(|f| f.2.contains("zz-new")),
        "{new:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(v["base"]["reviews_added"], 1);
    let csv_text = run_code(
        &env,
        &["--db", "pr", "check", "--base", &base, "--format", "csv"],
        1,
    );
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(rows.headers().unwrap().iter().next_back(), Some("status"));
    let statuses: Vec<String> = rows.records().map(|r| r.unwrap()[11].to_string()).collect();
    assert_eq!(statuses.iter().filter(|s| *s == "new").count(), new.len());
    assert!(statuses.iter().all(|s| s == "new" || s == "existing"));
    let text = run_code(&env, &["--db", "pr", "check", "--base", &base], 1);
    assert_eq!(text.matches("  [new]").count(), new.len(), "{text}");
    assert!(
        text.contains(&format!("against the base: {} new,", new.len())),
        "{text}"
    );
    // Only new findings count: failing on existing warnings is not the pull request's doing.
    run_code(
        &env,
        &["--db", &copy, "check", "--base", &base, "--fail-on", "info"],
        0,
    );
    run_code(&env, &["--db", &copy, "check", "--fail-on", "info"], 1);
}

#[test]
fn import_fills_an_empty_waiver_hash_only_on_the_newest_rows() {
    let env = TestEnv::new();
    let dir = seeds_copy(&env, "dir");
    let errors = seed_errors(&env);
    let first = claimledger::checks::history::waiver_hash(
        "",
        &errors[0],
        "ok",
        "ann",
        "2024-11-24T10:00:00Z",
    );
    // An empty hash before a hashed row: refused where it is, nothing written.
    let text = format!(
        "finding,reason,reviewer,at,hash\n{},ok,ann,2024-11-24T10:00:00Z,\n{},ok,ann,2024-11-24T10:00:00Z,{first}\n",
        errors[0], errors[1]
    );
    std::fs::write(env.path().join(&dir).join("waivers.csv"), text).unwrap();
    env.ok(&["init"]);
    let err = env.fails(&["import", &dir], 2);
    assert!(
        err.contains("waivers.csv:3:5: a hashed row follows the unhashed row on line 2"),
        "{err}"
    );
    assert_eq!(env.count_rows("waivers"), 0);
    // Hashed first, then empty: the newest is filled in, chained to the one before.
    let text = format!(
        "finding,reason,reviewer,at,hash\n{},ok,ann,2024-11-24T10:00:00Z,{first}\n{},ok,ann,2024-11-24T10:00:00Z,\n",
        errors[0], errors[1]
    );
    std::fs::write(env.path().join(&dir).join("waivers.csv"), text).unwrap();
    env.ok(&["import", &dir]);
    env.ok(&["dump", "out"]);
    let dumped = std::fs::read_to_string(env.path().join("out/waivers.csv")).unwrap();
    let second = claimledger::checks::history::waiver_hash(
        &first,
        &errors[1],
        "ok",
        "ann",
        "2024-11-24T10:00:00Z",
    );
    assert!(dumped.ends_with(&format!(",{second}\n")), "{dumped}");
    // Recorded, both apply: those two errors are waived.
    let raw = run_code(
        &env,
        &["check", "--format", "json", "--fail-on", "never"],
        0,
    );
    assert!(l013(&raw).is_empty(), "{raw}");
    assert!(findings(&raw).iter().filter(|f| f.3).count() == 2);
}
