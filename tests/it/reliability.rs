//! The reliability suite: `import`, `dump` and `export` killed (`SIGKILL`) at a fixed set of
//! moments on a generated ledger large enough to be caught mid-write, and once each at a
//! moment seen to be mid-write (its temporary on disk). After every kill what is on disk is
//! the old state or the new one, whole, and the next run leaves no temporary behind.

use crate::common::TestEnv;
use crate::faults::{
    gen_dir, generated, has_entry, kill_after, kill_when, names, restore, snapshot, Killed, CLAIMS,
};
use std::cell::Cell;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

/// When the kills come, after the start: the fixed part of the schedule.
const DELAYS_MS: [u64; 5] = [15, 60, 150, 300, 600];

/// Kill once `seen` has held for `after`: a moment known to be mid-write.
fn kill_mid(env: &TestEnv, args: &[&str], after: Duration, seen: impl Fn() -> bool) -> Killed {
    let since = Cell::new(None::<Instant>);
    kill_when(env, args, Duration::from_secs(60), || {
        if since.get().is_none() && seen() {
            since.set(Some(Instant::now()));
        }
        since.get().is_some_and(|t| t.elapsed() >= after)
    })
}

/// The entries beside the ledger that are neither `keep` nor stale temporaries of `prefix`.
fn strays(dir: &Path, keep: &[&str], prefix: &str) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| !keep.contains(&n.as_str()) && !n.starts_with(prefix))
        .collect()
}

#[test]
fn killed_imports_write_all_or_nothing() {
    let env = TestEnv::init();
    gen_dir(&env, "gen", CLAIMS);
    let journal = env.path().join("ledger.db-journal");
    let mut outcomes = Vec::new();
    let schedule = DELAYS_MS.iter().map(|ms| Some(Duration::from_millis(*ms)));
    for delay in schedule.chain([None]) {
        let killed = match delay {
            Some(delay) => kill_after(&env, &["import", "gen"], delay),
            // The bulk load writes through a rollback journal: once it exists, rows are going in.
            None => kill_mid(&env, &["import", "gen"], Duration::from_millis(100), || {
                journal.exists()
            }),
        };
        // The next run finds a hot journal and rolls the half-done load back.
        env.ok(&["init"]);
        let claims = env.count_rows("claims");
        assert!(
            claims == 0 || claims == i64::from(CLAIMS),
            "a kill {delay:?} in left {claims} claims"
        );
        assert_eq!(env.count_rows("reviews"), claims, "reviews follow claims");
        let keep = ["gen", "ledger.db", "ledger.db-wal", "ledger.db-shm"];
        assert_eq!(strays(env.path(), &keep, "\u{0}"), Vec::<String>::new());
        outcomes.push((delay, killed, claims));
        if claims > 0 {
            break;
        }
    }
    eprintln!("kills (delay, when, new?): {outcomes:?}");
    assert!(
        outcomes.iter().any(|(_, k, _)| *k == Killed::MidRun),
        "no kill landed mid-import: {outcomes:?}"
    );
    env.ok(&["import", "gen"]);
    assert_eq!(env.count_rows("claims"), i64::from(CLAIMS));
    crate::common::assert_review_chain(&env);
}

#[test]
fn killed_dumps_leave_the_old_directory_or_the_new() {
    let env = generated();
    env.ok(&["dump", "reference"]);
    let mut new = snapshot(&env.path().join("reference"));
    fs::remove_dir_all(env.path().join("reference")).unwrap();
    // The old directory: the seed ledger, with a NOTES.md of its own, which survives a dump.
    let old = snapshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"));
    new.insert("NOTES.md".into(), old["NOTES.md"].clone());
    let out = env.path().join("out");
    let mut outcomes = Vec::new();
    let schedule = DELAYS_MS.iter().map(|ms| Some(Duration::from_millis(*ms)));
    for delay in schedule.chain([None]) {
        restore(&out, &old);
        let killed = match delay {
            Some(delay) => kill_after(&env, &["dump", "out"], delay),
            None => kill_mid(&env, &["dump", "out"], Duration::from_millis(30), || {
                has_entry(env.path(), ".out.dump-")
            }),
        };
        let now = snapshot(&out);
        assert!(
            now == old || now == new,
            "a kill {delay:?} in left a mix: {:?}",
            now.keys().collect::<Vec<_>>()
        );
        let keep = ["ledger.db", "ledger.db-wal", "ledger.db-shm", "out"];
        assert_eq!(
            strays(env.path(), &keep, ".out.dump-"),
            Vec::<String>::new()
        );
        outcomes.push((delay, killed, now == new));
    }
    eprintln!("kills (delay, when, new?): {outcomes:?}");
    assert!(
        outcomes.iter().any(|(_, k, _)| *k == Killed::MidRun),
        "no kill landed mid-dump: {outcomes:?}"
    );
    // The next dump completes and removes what the killed ones left.
    restore(&out, &old);
    env.ok(&["dump", "out"]);
    assert!(snapshot(&out) == new);
    assert!(!has_entry(env.path(), ".out."), "{:?}", names(env.path()));
}

#[test]
fn killed_exports_leave_the_old_report_or_the_new() {
    let env = generated();
    env.ok(&["export", "audit", "--out", "reference.csv"]);
    let new = fs::read(env.path().join("reference.csv")).unwrap();
    let old = b"an older report\n".to_vec();
    let report = env.path().join("report.csv");
    let mut outcomes = Vec::new();
    let args = ["export", "audit", "--out", "report.csv"];
    let schedule = DELAYS_MS.iter().map(|ms| Some(Duration::from_millis(*ms)));
    for delay in schedule.chain([None]) {
        fs::write(&report, &old).unwrap();
        let killed = match delay {
            Some(delay) => kill_after(&env, &args, delay),
            None => kill_mid(&env, &args, Duration::from_millis(20), || {
                has_entry(env.path(), ".report.csv.tmp-")
            }),
        };
        let now = fs::read(&report).unwrap();
        assert!(now == old || now == new, "a kill {delay:?} in left a mix");
        let keep = ["ledger.db", "ledger.db-wal", "ledger.db-shm"];
        let keep = [&keep[..], &["reference.csv", "report.csv"]].concat();
        assert_eq!(
            strays(env.path(), &keep, ".report.csv.tmp-"),
            Vec::<String>::new()
        );
        outcomes.push((delay, killed, now == new));
    }
    eprintln!("kills (delay, when, new?): {outcomes:?}");
    assert!(
        outcomes.iter().any(|(_, k, _)| *k == Killed::MidRun),
        "no kill landed mid-export: {outcomes:?}"
    );
    fs::write(&report, &old).unwrap();
    env.ok(&args);
    assert!(fs::read(&report).unwrap() == new);
    assert!(
        !has_entry(env.path(), ".report.csv."),
        "{:?}",
        names(env.path())
    );
}

/// Dumps racing into one directory (new, then existing) all succeed, and leave one whole
/// dump and nothing beside it.
#[test]
fn concurrent_dumps_into_one_directory_all_succeed() {
    let env = generated();
    env.ok(&["dump", "reference"]);
    let want = snapshot(&env.path().join("reference"));
    for _ in 0..2 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                env.std_command(&["dump", "out"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{out:?}");
        }
        assert!(snapshot(&env.path().join("out")) == want);
        assert!(!has_entry(env.path(), ".out."), "{:?}", names(env.path()));
    }
}

/// A killed import can leave an empty rollback journal (created, its header not yet written),
/// which SQLite ignores but never removes in WAL mode: the next command that opens the ledger
/// (a reading one, or `init`) removes it.
#[test]
fn an_empty_journal_left_by_a_kill_is_removed() {
    let env = TestEnv::init();
    let journal = env.path().join("ledger.db-journal");
    fs::write(&journal, b"").unwrap();
    env.ok(&["check"]);
    assert!(!journal.exists(), "{:?}", names(env.path()));
    fs::write(&journal, b"").unwrap();
    env.ok(&["init"]);
    assert!(!journal.exists(), "{:?}", names(env.path()));
}
