//! Several processes writing one ledger at once: every command's transaction either commits
//! whole or waits its turn; none fails on a lock, none is lost, and the review history's hash
//! chain never forks.

use crate::common;

use common::{describe, is_generated_claim_id, is_sha256_hex, TestEnv};
use std::collections::HashSet;
use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Output};
use std::time::{Duration, Instant};

/// How long one process may take before the test calls it hung (a lock that is never
/// released, a busy loop): far above the seconds the whole test takes, far below a CI timeout.
const DEADLINE: Duration = Duration::from_secs(120);

/// Start every command line at once; wait for all; return each one's output. Output goes to
/// files, so that no process can block on a full pipe while another is being waited for.
fn all_at_once(env: &TestEnv, commands: &[Vec<String>]) -> Vec<(Vec<String>, Output)> {
    let started = Instant::now();
    let mut children: Vec<(Vec<String>, Child, PathBuf, PathBuf)> = Vec::new();
    for (i, args) in commands.iter().enumerate() {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (out, err) = (
            env.path().join(format!("proc-{i}.out")),
            env.path().join(format!("proc-{i}.err")),
        );
        let child = env
            .std_command(&refs)
            .stdout(File::create(&out).unwrap())
            .stderr(File::create(&err).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn claimledger {args:?}: {e}"));
        children.push((args.clone(), child, out, err));
    }
    let mut done = Vec::new();
    for (args, mut child, out, err) in children {
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for claimledger") {
                break status;
            }
            if started.elapsed() > DEADLINE {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "claimledger {args:?} still running after {DEADLINE:?}: hung?\nstdout:\n{}\nstderr:\n{}",
                    std::fs::read_to_string(&out).unwrap_or_default(),
                    std::fs::read_to_string(&err).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let output = Output {
            status,
            stdout: std::fs::read(&out).unwrap(),
            stderr: std::fs::read(&err).unwrap(),
        };
        done.push((args, output));
    }
    done
}

/// An `add` of the `i`th claim: each about its own day, so that no two share a key and the
/// ledger stays free of conflicts whatever the checks are.
#[rustfmt::skip]
fn add_command(i: usize) -> Vec<String> {
    let n = (100 + i).to_string();
    let quote = format!("on that day {n} attacks were reported in Balochistan");
    let period = format!("2024-01-{:02}", i + 1);
    [
        "add", "--source", "dawn-2024", "--quote", &quote, "--printed", &n,
        "--metric", "terrorist-attacks", "--place", "balochistan", "--period", &period,
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn eight_adds_and_four_verifies_at_once() {
    let env = TestEnv::seeded();
    let claims_before = env.claim_count();

    let mut commands: Vec<Vec<String>> = (0..8).map(add_command).collect();
    for (i, verdict) in ["supported", "disputed", "refuted", "unverifiable"]
        .iter()
        .enumerate()
    {
        commands.push(
            [
                "verify",
                "pips-attacks-2023",
                "--verdict",
                verdict,
                "--reviewer",
                &format!("reviewer-{i}"),
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    let outputs = all_at_once(&env, &commands);

    let mut new_ids = HashSet::new();
    for (args, out) in &outputs {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(out.status.code(), Some(0), "{}", describe(&refs, out));
        if args[0] == "add" {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let id = stdout.split('\t').next().unwrap_or_default().to_string();
            assert!(is_generated_claim_id(&id), "{}", describe(&refs, out));
            new_ids.insert(id);
        }
    }
    assert_eq!(new_ids.len(), 8, "ids collided: {new_ids:?}");

    // Exact counts, through the binary and in the file.
    let listed: HashSet<String> = env.claim_ids(&[]).into_iter().collect();
    assert_eq!(listed.len(), claims_before + 8);
    assert!(
        new_ids.is_subset(&listed),
        "{new_ids:?} not all in {listed:?}"
    );
    assert_eq!(env.count_rows("claims"), (claims_before + 8) as i64);
    assert_eq!(env.count_rows("reviews"), 4);
    let printed: HashSet<String> = env
        .claims_csv(&["--period", "2024-01", "--metric", "terrorist-attacks"])
        .into_iter()
        .map(|r| r["printed"].clone())
        .collect();
    let want: HashSet<String> = (100..108).map(|n: usize| n.to_string()).collect();
    assert_eq!(printed, want);

    // The review history: four rows, each hash 64 hex and distinct, every reviewer once.
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT reviewer, hash FROM reviews ORDER BY seq")
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 4);
    let reviewers: HashSet<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(reviewers.len(), 4, "{rows:?}");
    let hashes: HashSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(hashes.len(), 4, "hashes repeat: {rows:?}");
    assert!(rows.iter().all(|r| is_sha256_hex(&r.1)), "{rows:?}");

    // The chain has no fork: each row chains to the one recorded before it.
    assert_eq!(&common::assert_review_chain(&env), &rows[3].1);

    // `check` verifies the chain (no L013) and prints its head.
    let head = &rows[3].1;
    let stdout = env.ok(&["check", "--fail-on", "error"]);
    assert!(!stdout.contains("L013"), "{stdout}");
    assert!(stdout.contains(head.as_str()), "{stdout}");
}

#[test]
fn concurrent_adds_of_one_explicit_id_let_exactly_one_win() {
    let env = TestEnv::seeded();
    let before = env.claim_count();
    let commands: Vec<Vec<String>> = (0..4)
        .map(|i| {
            let mut args = add_command(i);
            args.extend(["--id".to_string(), "contested".to_string()]);
            args
        })
        .collect();
    let outputs = all_at_once(&env, &commands);
    let codes: Vec<Option<i32>> = outputs.iter().map(|(_, o)| o.status.code()).collect();
    let winners = codes.iter().filter(|c| **c == Some(0)).count();
    let all: String = outputs
        .iter()
        .map(|(a, o)| describe(&a.iter().map(String::as_str).collect::<Vec<_>>(), o))
        .collect();
    assert_eq!(winners, 1, "{all}");
    assert_eq!(codes.iter().filter(|c| **c == Some(2)).count(), 3, "{all}");
    for (_, o) in outputs.iter().filter(|(_, o)| o.status.code() == Some(2)) {
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("already exists"),
            "{all}"
        );
    }
    assert_eq!(env.claim_count(), before + 1);
}

/// Eight writers, fifty commands each, `add` and `verify` mixed, while `check` runs in a loop:
/// every command commits (none fails on a lock), nothing is lost, every `check` along the way
/// ends 0 or 1 with an intact history (never a fault, never L013), and the chain verifies.
#[test]
#[rustfmt::skip]
fn eight_writers_of_fifty_mixed_commands_while_check_loops() {
    const WRITERS: usize = 8;
    const EACH: usize = 50;
    let env = TestEnv::seeded();
    let claims_before = env.count_rows("claims");
    let reviews_before = env.count_rows("reviews");
    let done = std::sync::atomic::AtomicBool::new(false);
    let (checks, results) = std::thread::scope(|s| {
        let checker = s.spawn(|| {
            let mut runs = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let out = env.run(&["check", "--format", "json", "--fail-on", "error"]);
                let code = out.status.code();
                assert!(
                    code == Some(0) || code == Some(1),
                    "{}",
                    describe(&["check"], &out)
                );
                assert!(!String::from_utf8_lossy(&out.stdout).contains("L013"));
                runs += 1;
            }
            runs
        });
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let env = &env;
                s.spawn(move || {
                    let mut outs = Vec::new();
                    for j in 0..EACH {
                        let k = w * EACH + j;
                        let args: Vec<String> = if j % 2 == 0 {
                            let n = (1000 + k).to_string();
                            let quote = format!("{n} attacks were counted that day");
                            let period = format!("{}-{:02}-{:02}", 2020 + k / 336, k % 336 / 28 + 1, k % 28 + 1);
                            [
                                "add", "--source", "dawn-2024", "--quote", &quote, "--printed",
                                &n, "--metric", "terrorist-attacks", "--place", "balochistan",
                                "--period", &period,
                            ]
                            .map(String::from)
                            .to_vec()
                        } else {
                            let reviewer = format!("writer-{w}-{j}");
                            [
                                "verify", "pips-attacks-2023", "--verdict", "supported",
                                "--reviewer", &reviewer,
                            ]
                            .map(String::from)
                            .to_vec()
                        };
                        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                        outs.push((args.clone(), env.run(&refs)));
                    }
                    outs
                })
            })
            .collect();
        let results: Vec<_> = writers
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (checker.join().unwrap(), results)
    });
    for (args, out) in &results {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(out.status.code(), Some(0), "{}", describe(&refs, out));
    }
    assert!(checks > 0, "check never ran alongside the writers");
    let adds = (WRITERS * EACH / 2) as i64;
    assert_eq!(env.count_rows("claims"), claims_before + adds);
    assert_eq!(env.count_rows("reviews"), reviews_before + adds);
    let reviewers: HashSet<String> = env
        .conn()
        .prepare("SELECT reviewer FROM reviews")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for w in 0..WRITERS {
        for j in (1..EACH).step_by(2) {
            assert!(reviewers.contains(&format!("writer-{w}-{j}")), "lost writer-{w}-{j}");
        }
    }
    let head = common::assert_review_chain(&env);
    let stdout = env.ok(&["check", "--fail-on", "never"]);
    assert!(!stdout.contains("L013"), "{stdout}");
    assert!(stdout.contains(&head), "{stdout}");
}
