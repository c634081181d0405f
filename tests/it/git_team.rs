//! A ledger kept in git by a team (issue 12), on real git repositories in temporary
//! directories: the merge driver configured as README says, two branches merged in both
//! orders, a real conflict, a line merge without the driver, and README's CI recipe run as it
//! is written (`git_ci`), with `--base` catching a dropped review and annotations landing on
//! rows.

use crate::check_support::{self, parse_report, source, vocabulary};
use crate::common::{bin, TestEnv};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// git in `dir`, with no user or system configuration but the repository's own.
pub(crate) fn git(env: &TestEnv, dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("git");
    cmd.args(args).current_dir(dir);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            cmd.env_remove(&key);
        }
    }
    cmd.env("HOME", env.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", env.path().parent().unwrap())
        .env("GIT_AUTHOR_DATE", "2024-11-24T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-11-24T10:00:00Z")
        .output()
        .expect("run git")
}

#[track_caller]
pub(crate) fn git_ok(env: &TestEnv, dir: &Path, args: &[&str]) -> String {
    let out = git(env, dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// claimledger with the env's hygiene, `CLAIMLEDGER_NOW` set to `at`, in `dir`.
#[track_caller]
pub(crate) fn cl(env: &TestEnv, dir: &Path, at: &str, args: &[&str]) -> Output {
    env.std_command(args)
        .current_dir(dir)
        .env("CLAIMLEDGER_NOW", at)
        .output()
        .expect("run claimledger")
}

#[track_caller]
pub(crate) fn cl_code(env: &TestEnv, dir: &Path, args: &[&str], code: i32) -> (String, String) {
    let out = cl(env, dir, "2024-11-24T10:00:00Z", args);
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(
        out.status.code(),
        Some(code),
        "claimledger {args:?}\n{stdout}\n{stderr}"
    );
    (stdout, stderr)
}

/// The team's repository: `ledger/` dumped from a ledger with claims c-10, c-20, c-30 (PIPS's
/// own counts, so the gate is green) and one review, committed on `main`, with the merge
/// driver configured as README says.
pub(crate) fn team_repo() -> (TestEnv, PathBuf) {
    let env = vocabulary();
    source(&env, "s1", Some("pips"), "2024-01-10");
    for (id, printed, period) in [
        ("c-10", "306", "2023"),
        ("c-20", "262", "2022"),
        ("c-30", "250", "2021"),
    ] {
        let quote = format!("PIPS counted {printed} attacks");
        env.ok(&[
            "add",
            "--id",
            id,
            "--source",
            "s1",
            "--quote",
            &quote,
            "--printed",
            printed,
            "--metric",
            "terrorist-attacks",
            "--place",
            "pakistan",
            "--period",
            period,
            "--attributed-to",
            "pips",
        ]);
    }
    env.ok(&[
        "verify",
        "c-10",
        "--verdict",
        "supported",
        "--reviewer",
        "ann",
    ]);
    let repo = env.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git_ok(&env, &repo, &["init", "-q", "-b", "main"]);
    git_ok(&env, &repo, &["config", "user.name", "Team"]);
    git_ok(&env, &repo, &["config", "user.email", "team@example.org"]);
    set_driver(&env, &repo);
    env.ok(&["dump", "repo/ledger"]);
    commit(&env, &repo, "the ledger");
    (env, repo)
}

/// README's one line, with the binary under test for `claimledger`.
pub(crate) fn set_driver(env: &TestEnv, repo: &Path) {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("git config merge.claimledger.driver "))
        .expect("README gives the git config line");
    let command = line
        .strip_prefix("git config merge.claimledger.driver \"")
        .and_then(|c| c.strip_suffix('"'))
        .expect("the driver's command in quotes");
    let command = command.replacen("claimledger ", &format!("'{}' ", bin().display()), 1);
    git_ok(env, repo, &["config", "merge.claimledger.driver", &command]);
}

pub(crate) fn commit(env: &TestEnv, repo: &Path, message: &str) {
    git_ok(env, repo, &["add", "-A"]);
    git_ok(env, repo, &["commit", "-q", "-m", message]);
}

/// On a new branch from `from`: load `ledger/` into a ledger file, run `work` on it
/// (`--db` given), dump it back and commit.
pub(crate) fn branch(env: &TestEnv, repo: &Path, name: &str, from: &str, work: &[(&str, &[&str])]) {
    git_ok(env, repo, &["checkout", "-q", "-b", name, from]);
    let db = format!("{name}.db");
    cl_code(env, env.path(), &["--db", &db, "init"], 0);
    cl_code(env, env.path(), &["--db", &db, "import", "repo/ledger"], 0);
    for (at, args) in work {
        let mut all = vec!["--db", db.as_str()];
        all.extend_from_slice(args);
        let out = cl(env, env.path(), at, &all);
        assert!(
            out.status.success(),
            "{all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    cl_code(env, env.path(), &["--db", &db, "dump", "repo/ledger"], 0);
    commit(env, repo, name);
}

const ALICE_AT: &str = "2024-11-26T09:00:00Z";
const BOB_AT: &str = "2024-11-25T09:00:00Z";

/// Alice adds claim c-11 and reviews c-20; Bob adds c-12 (its id sorts next to c-11) and,
/// a day earlier, reviews c-30.
pub(crate) fn alice_and_bob(env: &TestEnv, repo: &Path) {
    let add = |id: &'static str, printed: &'static str| -> Vec<&'static str> {
        vec![
            "add",
            "--id",
            id,
            "--source",
            "s1",
            "--quote",
            if printed == "40" {
                "PIPS counted 40 attacks in KP"
            } else {
                "PIPS counted 30 attacks in Balochistan"
            },
            "--printed",
            printed,
            "--metric",
            "terrorist-attacks",
            "--place",
            if printed == "40" {
                "khyber-pakhtunkhwa"
            } else {
                "balochistan"
            },
            "--period",
            "2023",
            "--attributed-to",
            "pips",
        ]
    };
    let alice_add = add("c-11", "40");
    let bob_add = add("c-12", "30");
    branch(
        env,
        repo,
        "alice",
        "main",
        &[
            (ALICE_AT, &alice_add),
            (
                ALICE_AT,
                &[
                    "verify",
                    "c-20",
                    "--verdict",
                    "supported",
                    "--reviewer",
                    "alice",
                ],
            ),
        ],
    );
    branch(
        env,
        repo,
        "bob",
        "main",
        &[
            (BOB_AT, &bob_add),
            (
                BOB_AT,
                &[
                    "verify",
                    "c-30",
                    "--verdict",
                    "disputed",
                    "--reviewer",
                    "bob",
                ],
            ),
        ],
    );
}

pub(crate) fn show(env: &TestEnv, repo: &Path, rev_path: &str) -> String {
    git_ok(env, repo, &["show", rev_path])
}

#[test]
fn two_branches_merge_in_either_order_to_the_same_bytes_and_a_green_gate() {
    let (env, repo) = team_repo();
    alice_and_bob(&env, &repo);
    git_ok(&env, &repo, &["checkout", "-q", "-b", "ab", "alice"]);
    git_ok(&env, &repo, &["merge", "-q", "--no-edit", "bob"]);
    git_ok(&env, &repo, &["checkout", "-q", "-b", "ba", "bob"]);
    git_ok(&env, &repo, &["merge", "-q", "--no-edit", "alice"]);
    // The same tree, file for file.
    let files = git_ok(&env, &repo, &["ls-tree", "-r", "--name-only", "ab"]);
    assert!(files.contains("ledger/.gitattributes"), "{files}");
    for file in files.lines() {
        assert_eq!(
            show(&env, &repo, &format!("ab:{file}")),
            show(&env, &repo, &format!("ba:{file}")),
            "{file}"
        );
    }
    assert_eq!(
        git_ok(&env, &repo, &["rev-parse", "ab^{tree}"]),
        git_ok(&env, &repo, &["rev-parse", "ba^{tree}"])
    );
    // Both claims, in id order; the base review, then Bob's (earlier) and Alice's, re-chained.
    let claims = show(&env, &repo, "ab:ledger/claims.csv");
    let ids: Vec<&str> = claims
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["c-10", "c-11", "c-12", "c-20", "c-30"]);
    let reviews = show(&env, &repo, "ab:ledger/reviews.csv");
    let who: Vec<(&str, &str)> = reviews
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0], c[2])
        })
        .collect();
    assert_eq!(who, [("c-10", "ann"), ("c-30", "bob"), ("c-20", "alice")]);
    // The gate on the merge: green, the chain verifies, nothing tampered.
    let (out, _) = cl_code(
        &env,
        &repo,
        &["--db", "ledger", "check", "--format", "json"],
        0,
    );
    let report = parse_report(&out);
    assert!(report.with_code("L013").is_empty(), "{}", report.listing());
    assert_eq!(report.summary[0], 0, "{}", report.listing());
    // And loaded into a ledger file, the history verifies row by row.
    let merged = TestEnv::init();
    merged.ok(&["import", repo.join("ledger").to_str().unwrap()]);
    check_support::run_code(&merged, &["check"], 0);
    crate::common::assert_review_chain(&merged);
}

#[test]
fn the_same_claim_changed_on_both_sides_stops_git_and_names_it() {
    let (env, repo) = team_repo();
    let edit = |branch: &str, note: &str| {
        git_ok(&env, &repo, &["checkout", "-q", "-b", branch, "main"]);
        let path = repo.join("ledger/claims.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let text: String = text
            .lines()
            .map(|l| {
                if l.starts_with("c-30,") {
                    format!("{l}{note}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(&path, text).unwrap();
        commit(&env, &repo, branch);
    };
    edit("carol", "carol's note");
    edit("dave", "dave's note");
    git_ok(&env, &repo, &["checkout", "-q", "carol"]);
    let out = git(&env, &repo, &["merge", "--no-edit", "dave"]);
    assert_eq!(out.status.code(), Some(1));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("conflict in ledger/claims.csv: claim c-30 changed on both sides"),
        "{said}"
    );
    assert!(
        said.contains("carol's note; theirs: c-30,") && said.contains("dave's note"),
        "{said}"
    );
    assert!(
        said.contains("CONFLICT (content): Merge conflict in ledger/claims.csv"),
        "{said}"
    );
    // Both versions, between markers, and only that row.
    let file = std::fs::read_to_string(repo.join("ledger/claims.csv")).unwrap();
    let marked: Vec<&str> = file
        .lines()
        .filter(|l| {
            l.starts_with("<<<<<<<")
                || l.starts_with("=======")
                || l.starts_with(">>>>>>>")
                || l.starts_with("|||||||")
        })
        .collect();
    assert_eq!(
        marked,
        [
            "<<<<<<< ours: claim c-30",
            "||||||| base",
            "=======",
            ">>>>>>> theirs: claim c-30"
        ]
    );
    assert!(
        file.contains("carol's note\n") && file.contains("dave's note\n"),
        "{file}"
    );
    // An unresolved file is refused with what to do.
    let (_, err) = cl_code(&env, &repo, &["--db", "ledger", "check"], 2);
    assert!(
        err.contains("claims.csv:")
            && err.contains("a git conflict marker (<<<<<<< ours: claim c-30)"),
        "{err}"
    );
}

#[test]
fn without_the_driver_a_line_merge_is_explained_by_check() {
    let (env, repo) = team_repo();
    alice_and_bob(&env, &repo);
    git_ok(
        &env,
        &repo,
        &["config", "--unset", "merge.claimledger.driver"],
    );
    git_ok(&env, &repo, &["checkout", "-q", "-b", "plain", "alice"]);
    let out = git(&env, &repo, &["merge", "--no-edit", "bob"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "git's line merge conflicts on both tables"
    );
    // Unresolved: the markers are named, with the set-up.
    let (_, err) = cl_code(&env, &repo, &["--db", "ledger", "check"], 2);
    assert!(
        err.contains("reviews.csv:3:1: a git conflict marker (<<<<<<< HEAD)"),
        "{err}"
    );
    assert!(err.contains("git config merge.claimledger.driver"), "{err}");
    // "Keep both": the obvious resolution gives a history that does not verify, and check says why.
    for file in ["claims.csv", "reviews.csv"] {
        let path = repo.join("ledger").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: String = text
            .lines()
            .filter(|l| {
                !["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
                    .iter()
                    .any(|m| l.starts_with(m))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, kept).unwrap();
    }
    let (out, _) = cl_code(&env, &repo, &["--db", "ledger", "check"], 1);
    assert!(out.contains("L013 history-tampered"), "{out}");
    assert!(out.contains("does not verify at row 3 (seq 3, a review of c-30): it was recorded after row 1, like row 2, on another branch, and the two were joined by a plain line merge of reviews.csv, not by claimledger's merge driver"), "{out}");
    assert!(
        out.contains("git config merge.claimledger.driver \"claimledger merge-file %O %A %B %P\""),
        "{out}"
    );
}
