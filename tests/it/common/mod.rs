//! What every integration test shares: a [`TestEnv`] that runs the real `claimledger` binary in
//! a fresh temporary directory with a clean environment, helpers that print everything when a
//! command does not end as expected, golden files, and a small seeded ledger.
//!
//! Hygiene: every inherited `CLAIMLEDGER_*` and `GIT_*` variable is removed, `HOME` and
//! `XDG_CONFIG_HOME` point into the temporary directory, git's global and system config are
//! `/dev/null` and git may not look for a repository above the temporary directory, so that the
//! machine's `user.name` never leaks into a review. `CLAIMLEDGER_NOW` fixes the clock.

#![allow(dead_code)] // each test crate uses its own part of this module

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The fixed time every command sees.
pub const NOW: &str = "2024-11-24T10:00:00Z";

/// The path of the binary under test.
pub fn bin() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("claimledger")
}

/// The benchmark's generator, built with the package.
pub fn bench_bin() -> &'static str {
    env!("CARGO_BIN_EXE_claimledger-bench")
}

/// A SQLite ledger made by the benchmark's generator (`gen-db`) at `db`, with `args`
/// (`--claims N`, `--consistent`, ...); what it printed on standard error, which says what it
/// made and whether its readings hold.
pub fn gen_db(db: &Path, args: &[&str]) -> String {
    let out = Command::new(bench_bin())
        .arg("gen-db")
        .arg(db)
        .args(args)
        .output()
        .expect("run claimledger-bench");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "gen-db failed: {err}");
    err
}

/// One temporary directory holding one ledger (`ledger.db`, the default `--db`).
pub struct TestEnv {
    dir: tempfile::TempDir,
    env: Vec<(OsString, OsString)>,
}

impl Default for TestEnv {
    fn default() -> Self {
        Self::new()
    }
}

impl TestEnv {
    /// A fresh directory with no ledger in it.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("claimledger-test-")
            .tempdir()
            .expect("create a temporary directory");
        TestEnv {
            dir,
            env: Vec::new(),
        }
    }

    /// A fresh directory with an initialised `ledger.db`.
    pub fn init() -> Self {
        let env = Self::new();
        env.ok(&["init"]);
        env
    }

    /// An initialised ledger holding [`TestEnv::seed_small`]'s rows (and the source text file
    /// it was made from). The seed runs once per test binary, through the binary; each env
    /// gets a copy of the resulting file, which keeps the suite fast.
    pub fn seeded() -> Self {
        static SEEDED: OnceLock<Vec<u8>> = OnceLock::new();
        let bytes = SEEDED.get_or_init(|| {
            let env = Self::init();
            env.seed_small();
            // Fold the write-ahead log into the file, so that the file alone is the ledger.
            env.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                .expect("checkpoint the seeded ledger");
            std::fs::read(env.db()).expect("read the seeded ledger")
        });
        let env = Self::new();
        env.write_file("ledger.db", bytes);
        env.write_file("pips-2023.txt", SEED_TEXT);
        env
    }

    /// Set an environment variable for every later command of this env.
    pub fn set_env(&mut self, key: &str, value: impl Into<OsString>) -> &mut Self {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `ledger.db` in the temporary directory.
    pub fn db(&self) -> PathBuf {
        self.path().join("ledger.db")
    }

    /// Write a file into the temporary directory; returns its path.
    pub fn write_file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directory");
        }
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// A `std::process::Command` for the binary, with the env's hygiene applied: for tests
    /// that spawn processes themselves (concurrency, pipes).
    pub fn std_command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(bin());
        cmd.args(args).current_dir(self.path());
        for (key, _) in std::env::vars_os() {
            let k = key.to_string_lossy();
            if k.starts_with("CLAIMLEDGER_") || k.starts_with("GIT_") {
                cmd.env_remove(&key);
            }
        }
        let parent = self.path().parent().unwrap_or(Path::new("/"));
        cmd.env("CLAIMLEDGER_NOW", NOW)
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join(".config"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_SYSTEM", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CEILING_DIRECTORIES", parent)
            .env("NO_COLOR", "1");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// An `assert_cmd::Command` for the binary, with the env's hygiene applied.
    pub fn command(&self, args: &[&str]) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_command(args))
    }

    /// Run the binary to completion.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .output()
            .unwrap_or_else(|e| panic!("could not run claimledger {args:?}: {e}"))
    }

    /// Run; assert exit 0; return standard output.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        if out.status.code() != Some(0) {
            panic!("expected exit 0\n{}", describe(args, &out));
        }
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Run; assert exit `code`, and that the refusal said something on standard error and was
    /// not a panic; return standard error.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        if out.status.code() != Some(code) {
            panic!("expected exit {code}\n{}", describe(args, &out));
        }
        let stderr = String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8");
        if stderr.trim().is_empty() {
            panic!(
                "exit {code} with nothing on stderr: a refusal must say what to fix\n{}",
                describe(args, &out)
            );
        }
        if stderr.contains("panicked") || stderr.contains("internal error") {
            panic!("a refusal must not be a panic\n{}", describe(args, &out));
        }
        stderr
    }

    /// The claims `list --format csv` prints, as header-keyed records.
    #[track_caller]
    pub fn claims_csv(&self, extra: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
        let mut args = vec!["list", "--format", "csv"];
        args.extend_from_slice(extra);
        let text = self.ok(&args);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().expect("csv header").clone();
        reader
            .records()
            .map(|r| {
                let r = r.unwrap_or_else(|e| panic!("bad csv from list: {e}\n{text}"));
                headers
                    .iter()
                    .zip(r.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    /// How many claims the ledger holds, counted through the binary.
    #[track_caller]
    pub fn claim_count(&self) -> usize {
        self.claims_csv(&[]).len()
    }

    /// Ids of the claims `list` prints with these filters, in the order printed.
    #[track_caller]
    pub fn claim_ids(&self, filters: &[&str]) -> Vec<String> {
        self.claims_csv(filters)
            .into_iter()
            .map(|r| r["id"].clone())
            .collect()
    }

    /// A direct connection to the ledger file, for what the binary does not show.
    pub fn conn(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(self.db()).expect("open ledger.db");
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .expect("busy timeout");
        conn
    }

    /// `SELECT COUNT(*) FROM table`, straight from the file.
    pub fn count_rows(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .expect("count rows")
    }

    /// A small ledger: three orgs, three places (two under `pakistan`, `khyber-pakhtunkhwa`
    /// with aliases KPK and KP), three metrics (`security-force-deaths` under `fatalities`,
    /// which has the alias "deaths"), two sources (one with a stored text) and four claims
    /// with fixed ids, all plain integer figures that agree with each other.
    #[rustfmt::skip]
    pub fn seed_small(&self) {
        for args in [
            &["org", "add", "pips", "--name", "Pak Institute for Peace Studies", "--alias", "PIPS"][..],
            &["org", "add", "crss", "--name", "Centre for Research and Security Studies", "--alias", "CRSS"],
            &["org", "add", "dawn", "--name", "Dawn"],
            &["place", "add", "pakistan", "--name", "Pakistan"],
            &["place", "add", "khyber-pakhtunkhwa", "--name", "Khyber Pakhtunkhwa", "--parent", "pakistan", "--alias", "KPK", "--alias", "KP"],
            &["place", "add", "balochistan", "--name", "Balochistan", "--parent", "pakistan"],
            &["metric", "add", "terrorist-attacks", "--name", "Terrorist attacks"],
            &["metric", "add", "fatalities", "--name", "Fatalities", "--definition", "people killed in attacks", "--alias", "deaths"],
            &["metric", "add", "security-force-deaths", "--name", "Security force deaths", "--parent", "fatalities"],
        ] {
            self.ok(args);
        }
        self.write_file("pips-2023.txt", SEED_TEXT);
        self.ok(&[
            "source", "add", "pips-2023",
            "--title", "Pakistan Security Report 2023",
            "--url", "https://example.org/pips-2023",
            "--publisher", "pips",
            "--author", "PIPS research team",
            "--published", "2024-01-05",
            "--text", "pips-2023.txt",
        ]);
        self.ok(&[
            "source", "add", "dawn-2024",
            "--title", "Militancy in the first quarter",
            "--url", "https://example.org/dawn-2024",
            "--publisher", "dawn",
            "--published", "2024-04-10",
        ]);
        for args in SEED_CLAIMS {
            self.ok(args);
        }
    }
}

/// The stored text of source `pips-2023`: it holds the quotes of its claims.
pub const SEED_TEXT: &str = "Pakistan Security Report 2023\n\n\
PIPS recorded 306 terrorist attacks across Pakistan in 2023.\n\
In the first half of the year, 412 people were killed in Khyber Pakhtunkhwa.\n";

/// The seed's claims, each an `add` command line.
#[rustfmt::skip]
pub const SEED_CLAIMS: [&[&str]; 4] = [
    &[
        "add", "--id", "pips-attacks-2023", "--source", "pips-2023",
        "--quote", "PIPS recorded 306 terrorist attacks across Pakistan in 2023",
        "--printed", "306", "--metric", "terrorist-attacks", "--place", "pakistan",
        "--period", "2023", "--attributed-to", "pips",
    ],
    &[
        "add", "--id", "pips-kp-fatalities-h1", "--source", "pips-2023",
        "--quote", "In the first half of the year, 412 people were killed in Khyber Pakhtunkhwa",
        "--printed", "412", "--metric", "fatalities", "--place", "KPK",
        "--period", "2023-H1", "--attributed-to", "PIPS",
    ],
    &[
        "add", "--id", "dawn-attacks-2023", "--source", "dawn-2024",
        "--quote", "the PIPS count of 306 attacks in 2023",
        "--printed", "306", "--metric", "terrorist-attacks", "--place", "pakistan",
        "--period", "2023", "--attributed-to", "pips",
    ],
    &[
        "add", "--id", "dawn-sf-deaths-q1", "--source", "dawn-2024",
        "--quote", "Security forces lost 102 personnel in Balochistan in the first quarter",
        "--printed", "102", "--metric", "security-force-deaths", "--place", "balochistan",
        "--period", "2024-Q1",
    ],
];

/// Copy the directory `from` to `to`, recursively (a ledger directory with its texts).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Everything about a finished command, for a failure message.
pub fn describe(args: &[&str], out: &Output) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "command: claimledger {}", shell_words(args));
    let _ = writeln!(
        s,
        "exit: {}",
        out.status
            .code()
            .map_or("killed by a signal".to_string(), |c| c.to_string())
    );
    let _ = writeln!(
        s,
        "--- stdout ---\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let _ = writeln!(
        s,
        "--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    s
}

fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=+,".contains(c))
            {
                a.to_string()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compare `actual` with `tests/golden/NAME`; with `UPDATE_GOLDEN=1`, write it there instead.
#[track_caller]
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).expect("create tests/golden");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}\nactual output:\n{actual}\n(run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let mut diff = String::new();
        let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
        for i in 0..e.len().max(a.len()) {
            let (x, y) = (e.get(i).copied(), a.get(i).copied());
            if x != y {
                let _ = writeln!(
                    diff,
                    "line {}:\n  expected: {x:?}\n  actual:   {y:?}",
                    i + 1
                );
            }
        }
        panic!(
            "output differs from {}\n{diff}--- expected ---\n{expected}--- actual ---\n{actual}\
             (if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff)",
            path.display()
        );
    }
}

/// Is `s` `c-` and 12 lower-case hex digits (an id made by `add`)?
pub fn is_generated_claim_id(s: &str) -> bool {
    s.len() == 14
        && s.starts_with("c-")
        && s[2..]
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Is `s` 64 lower-case hex digits (a SHA-256)?
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Recompute the review history's hash chain from the file, row by row in the order recorded,
/// with the library's own hash function: a fork (two reviews chained to one head) or a lost
/// row breaks it. Returns the head.
#[track_caller]
pub fn assert_review_chain(env: &TestEnv) -> String {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT seq, claim, verdict, reviewer, at, coalesce(evidence, ''), coalesce(note, ''), hash \
             FROM reviews ORDER BY seq",
        )
        .unwrap();
    let rows: Vec<(i64, [String; 7])> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                [
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ],
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = String::new();
    for (seq, [claim, verdict, reviewer, at, evidence, note, hash]) in &rows {
        let want = claimledger::checks::history::review_hash(
            &prev, claim, verdict, reviewer, at, evidence, note,
        );
        assert_eq!(
            hash, &want,
            "review seq {seq} does not chain to the row before it (head {prev:?}); rows: {rows:#?}"
        );
        prev = hash.clone();
    }
    prev
}
