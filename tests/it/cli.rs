//! The command line as a contract: where the ledger is (`--db`, `CLAIMLEDGER_DB`, a ledger
//! directory being read-only), exit codes, and a closed output pipe not being an error.

use crate::common;

use common::TestEnv;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

// ---------------------------------------------------------------------------------------------
// --db

#[test]
fn db_from_the_environment() {
    let mut env = TestEnv::new();
    env.set_env("CLAIMLEDGER_DB", "from-env.db");
    env.ok(&["init"]);
    assert!(env.path().join("from-env.db").is_file());
    assert!(!env.db().exists(), "init wrote the default ledger.db too");
    env.ok(&["org", "add", "pips", "--name", "PIPS"]);
    assert_eq!(env.ok(&["org", "list"]), "pips\tPIPS\t\n");

    // The flag wins over the environment.
    let err = env.fails(&["--db", "ledger.db", "org", "list"], 2);
    assert!(err.contains("ledger.db"), "{err}");
    env.ok(&["--db", "flag.db", "init"]);
    assert_eq!(env.ok(&["--db", "flag.db", "org", "list"]), "");
    assert_eq!(env.ok(&["org", "list"]), "pips\tPIPS\t\n");
}

#[test]
fn db_flag_may_come_after_the_command() {
    let env = TestEnv::new();
    env.ok(&["init", "--db", "late.db"]);
    assert!(env.path().join("late.db").is_file());
    env.ok(&["org", "add", "pips", "--name", "PIPS", "--db", "late.db"]);
    assert_eq!(
        env.ok(&["--db", "late.db", "org", "list"]),
        "pips\tPIPS\t\n"
    );
}

#[test]
fn writing_to_a_ledger_directory_is_refused_with_import_and_dump() {
    let env = TestEnv::seeded();
    std::fs::create_dir(env.path().join("ledger")).unwrap();
    let writes: [&[&str]; 9] = [
        &["init"],
        &["org", "add", "x", "--name", "X"],
        &["place", "add", "x", "--name", "X"],
        &["metric", "add", "x", "--name", "X"],
        &["source", "add", "x", "--title", "X"],
        &[
            "add",
            "--source",
            "pips-2023",
            "--quote",
            "306 attacks",
            "--printed",
            "306",
            "--metric",
            "terrorist-attacks",
            "--place",
            "pakistan",
            "--period",
            "2023",
        ],
        &[
            "verify",
            "pips-attacks-2023",
            "--verdict",
            "supported",
            "--reviewer",
            "Ann",
        ],
        &[
            "waive",
            "f-0123456789ab",
            "--reason",
            "accepted",
            "--reviewer",
            "Ann",
        ],
        &["import", "elsewhere"],
    ];
    for args in writes {
        let mut full = vec!["--db", "ledger"];
        full.extend_from_slice(args);
        let err = env.fails(&full, 2);
        assert!(err.contains("ledger"), "{full:?}: {err}");
        assert!(err.contains("import"), "{full:?}: {err}");
        assert!(err.contains("dump"), "{full:?}: {err}");
    }
    assert_eq!(
        std::fs::read_dir(env.path().join("ledger"))
            .unwrap()
            .count(),
        0,
        "a refused write touched the ledger directory"
    );
    // The file ledger next to it is untouched too.
    assert_eq!(env.claim_count(), 4);
    assert_eq!(env.count_rows("reviews"), 0);
}

// ---------------------------------------------------------------------------------------------
// exit codes

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::init();
    let err = env.fails(&["list", "--bogus"], 2);
    assert!(err.contains("--bogus"), "{err}");
    let err = env.fails(&["frobnicate"], 2);
    assert!(err.contains("frobnicate"), "{err}");
    env.fails(&[], 2);
    // Required flags missing: said by name before any lookup of the source.
    let err = env.fails(&["add", "--source", "pips-2023"], 2);
    assert!(err.contains("--quote"), "{err}");
    env.fails(&["list", "--format"], 2); // a flag without its value
    env.fails(&["show"], 2);
}

#[test]
fn help_and_version_exit_0() {
    let env = TestEnv::new();
    let out = env.ok(&["--help"]);
    assert!(out.contains("Usage"), "{out}");
    for command in ["init", "add", "list", "show", "verify", "check", "interval"] {
        assert!(
            out.contains(command),
            "--help does not list {command}:\n{out}"
        );
    }
    let out = env.ok(&["add", "--help"]);
    for flag in [
        "--source",
        "--quote",
        "--printed",
        "--metric",
        "--place",
        "--period",
    ] {
        assert!(
            out.contains(flag),
            "add --help does not list {flag}:\n{out}"
        );
    }
    let out = env.ok(&["--version"]);
    assert!(out.starts_with("claimledger "), "{out}");
    assert!(!env.db().exists(), "--help or --version created a ledger");
}

#[test]
fn errors_go_to_stderr_and_nothing_to_stdout() {
    let env = TestEnv::seeded();
    let out = env.run(&["show", "no-such-claim"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        common::describe(&["show"], &out)
    );
    assert!(
        out.stdout.is_empty(),
        "{}",
        common::describe(&["show"], &out)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("claimledger: "), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// broken pipe

/// The seed ledger and `claims` more claims of its source, metric and place, inserted straight
/// into the database (the binary would take too long to add them one by one): `claim(i)` is
/// the `i`th one's id, quote, printed figure (a whole number) and period.
fn seeded_with(claims: usize, claim: impl Fn(usize) -> [String; 4]) -> TestEnv {
    let env = TestEnv::seeded();
    let mut conn = env.conn();
    let tx = conn.transaction().unwrap();
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO claims (id, source, quote, printed, kind, metric, place, period, \
                 lower, upper, lower_open, upper_open) \
                 VALUES (?1, 'dawn-2024', ?2, ?3, 'count', 'fatalities', 'balochistan', ?4, \
                 ?5, ?5, 0, 0)",
            )
            .unwrap();
        for i in 0..claims {
            let [id, quote, printed, period] = claim(i);
            let bound: f64 = printed.parse().unwrap();
            stmt.execute(rusqlite::params![id, quote, printed, period, bound])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    env
}

/// Enough claims that `list` writes far more than a pipe holds.
fn big_ledger(claims: usize) -> TestEnv {
    seeded_with(claims, |i| {
        let n = (i % 900 + 100).to_string();
        [
            format!("bulk-{i:06}"),
            format!("in that month {n} people were killed in the province's districts"),
            n,
            "2023".into(),
        ]
    })
}

/// `args` with its output read for one line and then closed, as `| head -1` does: that line,
/// and how the command ended.
fn first_line_then_closed(env: &TestEnv, args: &[&str]) -> (String, std::process::Output) {
    let mut child = env
        .std_command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn claimledger");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).expect("read the first line");
    drop(reader);
    (
        line,
        child.wait_with_output().expect("wait for claimledger"),
    )
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = big_ledger(4000);
    // `export` reads its rows on a second thread in batches (a paired snapshot's twin), which
    // must stop, not hang, when the writer can no longer write. (Not `export audit`: this
    // ledger's 4,000 figures on one key make eight million pairs to check.)
    let commands: [&[&str]; 4] = [
        &["list", "--format", "table"],
        &["list", "--format", "csv"],
        &["list", "--format", "json"],
        &["export", "claims"],
    ];
    for args in commands {
        let format = args.join(" ");
        let (line, out) = first_line_then_closed(&env, args);
        assert!(!line.is_empty(), "list --format {format} printed nothing");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "list --format {format} into a closed pipe: exit {:?}\nstderr:\n{stderr}",
            out.status.code()
        );
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

#[test]
fn the_big_ledger_lists_whole_when_read_to_the_end() {
    // The other half of the pipe test: the same output, read fully, is complete.
    let env = big_ledger(4000);
    let out = env.ok(&["list"]);
    assert!(
        out.ends_with("4004 claim(s)\n"),
        "{}",
        &out[out.len() - 200..]
    );
    assert_eq!(env.claim_count(), 4004);

    // `export claims`, its rows read on a second thread in batches: every claim, once, in id
    // order.
    let out = env.ok(&["export", "claims"]);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let ids: Vec<String> = rows.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(ids.len(), 4004);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "not in id order");
}

/// `claims` unreviewed claims, each on a key of its own (one month each, from 1700 on), so
/// that `check --all` lists one L011 a claim and nothing makes pairs of them.
fn unreviewed_ledger(claims: usize) -> TestEnv {
    seeded_with(claims, |i| {
        [
            format!("month-{i:05}"),
            "in that month 120 people were killed".into(),
            "120".into(),
            format!("{}-{:02}", 1700 + i / 12, i % 12 + 1),
        ]
    })
}

/// `check` formats its findings on two threads once they are more than a chunk
/// (`output::write_in_order`): every finding comes out once, text and JSON in the same order,
/// and a reader that goes away early neither hangs the formatting thread nor changes the
/// gate's exit code.
#[test]
fn check_prints_thousands_of_findings_whole_and_in_order() {
    let env = unreviewed_ledger(5000);
    let text = env.run(&["check", "--all"]);
    let code = text.status.code();
    let stdout = String::from_utf8_lossy(&text.stdout);
    let text_ids: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  l0"))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let json = env.run(&["check", "--all", "--format", "json"]);
    assert_eq!(json.status.code(), code);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON value");
    let json_ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(json_ids.len() > 5000, "{} findings", json_ids.len());
    assert_eq!(text_ids, json_ids, "text and JSON list the findings alike");
    let mut unique = json_ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), json_ids.len(), "a finding printed twice");
    // The report's order: these L011s, alike but for their claim, by claim id.
    let unreviewed: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "L011")
        .map(|f| f["claims"][0].as_str().unwrap())
        .filter(|c| c.starts_with("month-"))
        .collect();
    let wanted: Vec<String> = (0..5000).map(|i| format!("month-{i:05}")).collect();
    assert_eq!(unreviewed, wanted);
    let summary = &report["summary"];
    let counted: u64 = ["error", "warning", "info", "waived"]
        .iter()
        .map(|k| summary[k].as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, json_ids.len());

    for format in ["text", "json"] {
        let (line, out) = first_line_then_closed(&env, &["check", "--all", "--format", format]);
        assert!(!line.is_empty(), "check --format {format} printed nothing");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            code,
            "{format} into a closed pipe: {stderr}"
        );
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}
