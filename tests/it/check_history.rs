//! Tamper evidence: reviews are hash-chained, `import` takes a ledger directory as it is, and
//! `check` reports L013 history-tampered when the chain does not verify; its text report ends
//! with the chain's head hash, for CI or a signed tag to pin.

use crate::check_support;
use crate::common;

use check_support::{assert_finding, parse_report, report, run_code, Report};
use common::{assert_review_chain, is_sha256_hex, TestEnv};
use std::path::{Path, PathBuf};

const MIDDLE: &str = "dawn-attacks-2023";
const LAST: &str = "dawn-sf-deaths-q1";

/// The seeded ledger with three reviews, dumped to `dir`; returns the env.
fn three_reviews() -> TestEnv {
    let mut env = TestEnv::seeded();
    env.set_env("CLAIMLEDGER_REVIEWER", "tester");
    for (claim, verdict, note) in [
        ("pips-attacks-2023", "supported", "matches the report"),
        (MIDDLE, "supported", "the middle note"),
        (LAST, "unverifiable", "no primary source"),
    ] {
        env.ok(&["verify", claim, "--verdict", verdict, "--note", note]);
    }
    env.ok(&["dump", "dir"]);
    env
}

fn reviews_path(env: &TestEnv) -> PathBuf {
    env.path().join("dir").join("reviews.csv")
}

/// `reviews.csv`: the header and the rows.
fn read_reviews(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|row| row.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn write_reviews(path: &Path, header: &[String], rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .unwrap();
    w.write_record(header).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
}

/// Change the dumped `reviews.csv` with `edit`, import the directory into a fresh ledger
/// (which must succeed) and return that ledger's report, and the directory's own.
fn tamper(edit: impl FnOnce(&mut Vec<Vec<String>>)) -> (TestEnv, Report, Report) {
    let env = three_reviews();
    let path = reviews_path(&env);
    let (header, mut rows) = read_reviews(&path);
    assert_eq!(
        header,
        ["claim", "verdict", "reviewer", "at", "evidence", "note", "hash"]
    );
    assert_eq!(rows.len(), 3);
    edit(&mut rows);
    write_reviews(&path, &header, &rows);

    let fresh = TestEnv::init();
    fresh.ok(&["import", path.parent().unwrap().to_str().unwrap()]);
    let from_db = report(&fresh, None);
    let from_dir = report(&env, Some("dir"));
    (fresh, from_db, from_dir)
}

/// The one L013 of a report, as an error.
#[track_caller]
fn l013<'r>(r: &'r Report, claim: &str) -> &'r check_support::Finding {
    let f = r.get("L013", &[claim]);
    assert_finding(f, "error", "history-tampered");
    assert_eq!(r.with_code("L013").len(), 1, "{}", r.listing());
    f
}

#[test]
fn an_intact_chain_verifies_and_check_prints_its_head() {
    let env = three_reviews();
    let (_, rows) = read_reviews(&reviews_path(&env));
    let head = rows.last().unwrap()[6].clone();
    assert!(is_sha256_hex(&head), "{head}");
    assert_eq!(assert_review_chain(&env), head);

    let r = report(&env, None);
    assert!(r.with_code("L013").is_empty(), "{}", r.listing());
    let text = run_code(&env, &["check"], 0);
    let last = text.lines().last().unwrap();
    assert!(
        last.ends_with(&format!("review history: 3 review(s), head {head}")),
        "{text}"
    );

    // The same through the directory and through a fresh import of it.
    let fresh = TestEnv::init();
    fresh.ok(&["import", env.path().join("dir").to_str().unwrap()]);
    assert_eq!(run_code(&fresh, &["check"], 0), text);
    assert_eq!(run_code(&env, &["--db", "dir", "check"], 0), text);
    assert_eq!(assert_review_chain(&fresh), head);
}

#[test]
fn an_edited_review_is_history_tampered() {
    let (fresh, from_db, from_dir) = tamper(|rows| {
        rows[1][5] = "a kinder note".into(); // the hash is kept
    });
    let f = l013(&from_db, MIDDLE);
    assert!(f.message.contains(MIDDLE), "{f:#?}");
    assert_eq!(l013(&from_dir, MIDDLE).id, f.id);
    // The edit is in the ledger, and the gate fails on it.
    let show = fresh.ok(&["show", MIDDLE]);
    assert!(show.contains("a kinder note"), "{show}");
    let text = run_code(&fresh, &["check"], 1);
    assert!(
        text.contains(&format!("{} L013 history-tampered", f.id)),
        "{text}"
    );
    run_code(&fresh, &["check", "--format", "github"], 1);
}

#[test]
fn a_deleted_review_is_history_tampered() {
    let (fresh, from_db, from_dir) = tamper(|rows| {
        rows.remove(1);
    });
    // The first row that no longer chains is the one after the gap.
    let f = l013(&from_db, LAST);
    assert_eq!(l013(&from_dir, LAST).id, f.id);
    assert_eq!(fresh.count_rows("reviews"), 2);
    run_code(&fresh, &["check"], 1);
}

#[test]
fn reordered_reviews_are_history_tampered() {
    let (_, from_db, from_dir) = tamper(|rows| rows.swap(1, 2));
    // The newest review now comes second, chained to a row it did not follow.
    let f = l013(&from_db, LAST);
    assert_eq!(l013(&from_dir, LAST).id, f.id);
}

#[test]
fn a_rewritten_newest_review_changes_the_head() {
    // DESIGN: the chain protects all but the newest rows; the newest is protected by pinning
    // the head `check` prints. An edited newest row with its hash cleared is re-hashed on
    // import: no L013, but a different head.
    let env = three_reviews();
    let (_, rows) = read_reviews(&reviews_path(&env));
    let pinned = rows[2][6].clone();
    let (fresh, from_db, _) = tamper(|rows| {
        rows[2][5] = "rewritten".into();
        rows[2][6].clear();
    });
    assert!(
        from_db.with_code("L013").is_empty(),
        "{}",
        from_db.listing()
    );
    let head = assert_review_chain(&fresh);
    assert_ne!(head, pinned);
    let text = run_code(&fresh, &["check"], 0);
    assert!(text.trim_end().ends_with(&format!("head {head}")), "{text}");

    // Kept with its old hash, the same edit is L013.
    let (_, from_db, _) = tamper(|rows| rows[2][5] = "rewritten".into());
    l013(&from_db, LAST);
}

#[test]
fn json_of_a_tampered_ledger_parses_and_counts_the_error() {
    let (fresh, _, _) = tamper(|rows| rows[0][1] = "refuted".into());
    let r = parse_report(&run_code(&fresh, &["check", "--format", "json"], 1));
    l013(&r, "pips-attacks-2023");
    // One error more than the intact ledger: the L013, and the verdict edit changed nothing
    // else the checks count.
    let intact = report(&three_reviews(), None);
    let [e, w, i, waived] = intact.summary;
    assert_eq!(r.summary, [e + 1, w, i, waived], "{}", r.listing());
}
