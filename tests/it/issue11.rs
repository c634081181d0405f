//! Issue 11, "Crash-proof writes and tamper evidence that holds": one regression test per case
//! of the issue, named after it. Cases 1-4 (writes that survive kills, faults and links) are
//! here; 6-9 (exit codes, import's refusals, the schema) in `issue11_contract`; case 5 (the
//! review history) is `tamper_history`'s.

use crate::common::TestEnv;
use crate::faults::{
    generated, has_entry, kill_when, names, restore, run_with_file_limit, snapshot, Killed,
};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn seeds() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

#[test]
fn case1_dump_replaces_the_directory_whole_even_when_killed_or_failing() {
    let env = generated();
    let out = env.path().join("ledger");
    let old = snapshot(&seeds());
    restore(&out, &old);
    // Stale temporaries of earlier runs: a killed dump's directory, an old per-file one.
    fs::create_dir(env.path().join(".ledger.dump-999999999-0")).unwrap();
    fs::write(
        env.path().join(".ledger.dump-999999999-0/claims.csv"),
        "half",
    )
    .unwrap();
    fs::write(out.join(".claims.csv.tmp"), "35 MB of an older dump").unwrap();

    // A write fault in the middle (files limited to 256 KiB; claims.csv is larger).
    let failed = run_with_file_limit(&env, 256, &["dump", "ledger"]);
    assert_eq!(failed.status.code(), Some(3), "{failed:?}");
    let mut before = old.clone();
    before.insert(".claims.csv.tmp".into(), b"35 MB of an older dump".to_vec());
    assert!(
        snapshot(&out) == before,
        "a failed dump changed the directory"
    );
    assert!(
        !has_entry(env.path(), ".ledger.dump-999999999"),
        "stale dump left"
    );
    assert_eq!(
        names(env.path())
            .iter()
            .filter(|n| n.starts_with('.'))
            .count(),
        0
    );

    // A kill once the new directory is being written: the old one stays, whole.
    let seen = || has_entry(env.path(), ".ledger.dump-");
    let killed = kill_when(&env, &["dump", "ledger"], Duration::from_secs(60), seen);
    assert_eq!(killed, Killed::MidRun);
    assert!(snapshot(&out) == before);

    // The next dump completes: every table new, NOTES.md kept, the stale files gone, and
    // `import` of the result gives the same ledger back.
    env.ok(&["dump", "ledger"]);
    let now = snapshot(&out);
    assert_eq!(now["NOTES.md"], old["NOTES.md"]);
    assert!(!now.contains_key(".claims.csv.tmp"));
    assert_ne!(now["claims.csv"], old["claims.csv"]);
    assert!(
        !has_entry(env.path(), ".ledger."),
        "{:?}",
        names(env.path())
    );
    env.ok(&["--db", "ledger", "check", "--fail-on", "never"]);
}

#[test]
fn case2_dump_follows_no_link_and_makes_no_path_from_a_non_slug_id() {
    let env = TestEnv::seeded();
    let outside = env.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("precious.txt"), "not a source text").unwrap();
    let dir = env.path().join("ledger");
    fs::create_dir(&dir).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("texts")).unwrap();
    env.ok(&["dump", "ledger"]);
    assert_eq!(
        names(&outside),
        ["precious.txt"],
        "written through the link"
    );
    let texts = fs::symlink_metadata(dir.join("texts")).unwrap();
    assert!(texts.is_dir(), "texts is a real folder now");
    assert!(!names(&dir.join("texts")).is_empty());

    // A dump target that is itself a link is refused, not replaced.
    std::os::unix::fs::symlink(&outside, env.path().join("link")).unwrap();
    let stderr = env.fails(&["dump", "link"], 2);
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(names(&outside), ["precious.txt"]);

    // A database whose CHECKs were bypassed holds an id that would climb out of texts/.
    let conn = env.conn();
    conn.pragma_update(None, "ignore_check_constraints", true)
        .unwrap();
    conn.execute(
        "INSERT INTO sources (id, title, text, text_sha256) VALUES ('../../escaped', 'x', 'x', ?1)",
        [&"0".repeat(64)],
    )
    .unwrap();
    drop(conn);
    let before = snapshot(&dir);
    let stderr = env.fails(&["dump", "ledger"], 2);
    assert!(
        stderr.contains("../../escaped") && stderr.contains("not a slug"),
        "{stderr}"
    );
    assert!(snapshot(&dir) == before, "a refused dump wrote");
    env.fails(&["dump", "fresh"], 2);
    assert!(!env.path().join("fresh").exists());
    assert!(!has_entry(env.path(), ".fresh.") && !has_entry(env.path(), ".ledger."));
    assert!(!env.path().join("escaped.txt").exists());
    assert!(!env.path().parent().unwrap().join("escaped.txt").exists());
}

#[test]
fn case3_export_out_refuses_links_fifos_and_devices() {
    let env = TestEnv::seeded();
    fs::write(env.path().join("real.csv"), "the link's target\n").unwrap();
    std::os::unix::fs::symlink("real.csv", env.path().join("link.csv")).unwrap();
    let stderr = env.fails(&["export", "claims", "--out", "link.csv"], 2);
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert!(fs::symlink_metadata(env.path().join("link.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_to_string(env.path().join("real.csv")).unwrap(),
        "the link's target\n"
    );

    let fifo = env.path().join("pipe.csv");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let stderr = env.fails(&["export", "claims", "--out", "pipe.csv"], 2);
    assert!(
        stderr.contains("FIFO") && stderr.contains("> pipe.csv"),
        "{stderr}"
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    // Every --out alike: the page and the workbook too.
    for args in [
        &["report", "--out", "pipe.csv"][..],
        &["export", "workbook", "--out", "link.csv"],
    ] {
        let stderr = env.fails(args, 2);
        assert!(
            stderr.contains("FIFO") || stderr.contains("symbolic link"),
            "{stderr}"
        );
    }
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(
        fs::read_to_string(env.path().join("real.csv")).unwrap(),
        "the link's target\n"
    );

    // A device node: made here when allowed (root), else the system's /dev/null.
    let made = Command::new("mknod")
        .arg(env.path().join("null.csv"))
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let device = if made { "null.csv" } else { "/dev/null" };
    let stderr = env.fails(&["export", "claims", "--out", device], 2);
    assert!(stderr.contains("device"), "{stderr}");
    let meta = fs::symlink_metadata(env.path().join(device)).unwrap();
    assert!(meta.file_type().is_char_device());
    assert_eq!(
        names(env.path())
            .iter()
            .filter(|n| n.contains(".tmp"))
            .count(),
        0
    );

    // A regular file is replaced whole.
    fs::write(env.path().join("claims.csv"), "old").unwrap();
    env.ok(&["export", "claims", "--out", "claims.csv"]);
    let written = fs::read_to_string(env.path().join("claims.csv")).unwrap();
    assert_eq!(written, env.ok(&["export", "claims"]));
}

#[test]
fn case4_a_killed_export_leaves_no_temporary_after_the_next_write() {
    let env = generated();
    let args = ["export", "audit", "--out", "audit.csv"];
    let seen = || has_entry(env.path(), ".audit.csv.tmp-");
    let killed = kill_when(&env, &args, Duration::from_secs(60), seen);
    assert_eq!(killed, Killed::MidRun);
    assert!(
        has_entry(env.path(), ".audit.csv.tmp-"),
        "nothing to clean up?"
    );
    assert!(!env.path().join("audit.csv").exists());
    // The next write into the directory, of any report, removes it.
    env.ok(&["export", "history", "--out", "history.csv"]);
    assert!(
        !has_entry(env.path(), ".audit.csv"),
        "{:?}",
        names(env.path())
    );
    assert!(!has_entry(env.path(), ".history.csv"));
}
