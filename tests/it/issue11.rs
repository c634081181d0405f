//! Issue 11, "Crash-proof writes and tamper evidence that holds": one regression test per case
//! of the issue, named after it (case 5, the review history, is `check_history`'s).

use crate::common::TestEnv;
use crate::faults::{
    generated, has_entry, kill_when, names, restore, run_with_file_limit, snapshot, Killed,
};
use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn seeds() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A copy of the seed ledger directory at `env/name`.
fn seed_copy(env: &TestEnv, name: &str) -> std::path::PathBuf {
    let dir = env.path().join(name);
    restore(&dir, &snapshot(&seeds()));
    dir
}

#[test]
fn case1_dump_replaces_the_directory_whole_even_when_killed_or_failing() {
    let env = generated();
    let out = env.path().join("ledger");
    let old = snapshot(&seeds());
    restore(&out, &old);
    // Stale temporaries of earlier runs: a killed dump's directory, an old per-file one.
    fs::create_dir(env.path().join(".ledger.dump-4242-0")).unwrap();
    fs::write(env.path().join(".ledger.dump-4242-0/claims.csv"), "half").unwrap();
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
        !has_entry(env.path(), ".ledger.dump-4242"),
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

/// `sh -c SCRIPT` with `$0` the binary, in `env`.
fn shell(env: &TestEnv, script: &str) -> std::process::Output {
    let template = env.std_command(&[]);
    Command::new("bash")
        .args(["-c", script])
        .arg(template.get_program())
        .current_dir(env.path())
        .envs(template.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .output()
        .unwrap()
}

#[test]
fn case6_check_piped_to_head_still_fails() {
    let env = TestEnv::new();
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    for script in [
        // The reader is gone before the first byte: every write meets a closed pipe.
        format!("set -o pipefail; {{ sleep 0.3; \"$0\" --db {seeds} check; }} | true"),
        format!(
            "set -o pipefail; {{ sleep 0.3; \"$0\" --db {seeds} check --format json; }} | true"
        ),
        format!("set -o pipefail; \"$0\" --db {seeds} check | head -n 1"),
    ] {
        let out = shell(&env, &script);
        assert_eq!(out.status.code(), Some(1), "{script}: {out:?}");
        assert!(out.stderr.is_empty(), "a closed pipe is no error: {out:?}");
    }
    // And a ledger that passes still passes when nobody reads.
    let script = format!(
        "set -o pipefail; {{ sleep 0.3; \"$0\" --db {seeds} check --fail-on never; }} | true"
    );
    assert_eq!(shell(&env, &script).status.code(), Some(0));
    // For the other commands a closed pipe ends the work, quietly, with exit 0.
    let script = format!("set -o pipefail; {{ sleep 0.3; \"$0\" --db {seeds} list; }} | true");
    let out = shell(&env, &script);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[test]
fn case7_exit_codes_are_a_contract() {
    let env = TestEnv::seeded();
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = readme.to_str().unwrap();
    let stderr = env.fails(&["--db", readme, "check"], 2);
    assert!(
        stderr.contains(readme) && stderr.contains("a text file"),
        "{stderr}"
    );
    assert!(!stderr.contains("file is not a database"), "{stderr}");
    env.write_file("noise.bin", [0x89u8, b'P', b'N', b'G', 0, 1, 2, 0xFF]);
    let stderr = env.fails(&["--db", "noise.bin", "list"], 2);
    assert!(
        stderr.contains("noise.bin") && stderr.contains("binary file"),
        "{stderr}"
    );

    // A full disk as standard output: exit 3 whatever the command.
    for args in [
        &["list"][..],
        &["export", "claims"],
        &["export", "audit"],
        &["check", "--fail-on", "never"],
        &["show", "pips-attacks-2023"],
    ] {
        let full = File::options().write(true).open("/dev/full").unwrap();
        let out = env.std_command(args).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}: {out:?}");
    }
    // And as an --out file that cannot grow: exit 3, the old report kept, nothing beside it.
    let big = generated();
    big.write_file("claims.csv", "old\n");
    let out = run_with_file_limit(&big, 64, &["export", "claims", "--out", "claims.csv"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("claims.csv"));
    assert_eq!(
        fs::read_to_string(big.path().join("claims.csv")).unwrap(),
        "old\n"
    );
    assert!(!has_entry(big.path(), ".claims.csv"));
}

#[test]
fn case8_import_refuses_nul_bytes_unknown_settings_and_utf16_and_speaks_in_words() {
    let env = TestEnv::init();
    let dir = seed_copy(&env, "led");
    let claims = fs::read_to_string(dir.join("claims.csv")).unwrap();
    fs::write(dir.join("claims.csv"), claims.replacen("51%", "51\0%", 1)).unwrap();
    fs::write(dir.join("settings.csv"), "key,value\ntolerence,0.2\n").unwrap();
    let orgs = fs::read_to_string(dir.join("orgs.csv")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(orgs.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(dir.join("orgs.csv"), utf16).unwrap();
    let places = fs::read_to_string(dir.join("places.csv")).unwrap();
    let utf32: Vec<u8> = places
        .chars()
        .flat_map(|c| (c as u32).to_be_bytes())
        .collect();
    fs::write(dir.join("places.csv"), utf32).unwrap();
    let stderr = env.fails(&["import", "led"], 2);
    assert!(
        stderr.contains("\nclaims.csv:") && stderr.contains("NUL byte"),
        "{stderr}"
    );
    assert!(
        stderr.contains("settings.csv:2:1: unknown setting \"tolerence\"")
            && stderr.contains("did you mean \"tolerance\""),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("\norgs.csv:").count(),
        1,
        "one problem: {stderr}"
    );
    assert!(
        stderr.contains("orgs.csv:1:1: the file is UTF-16"),
        "{stderr}"
    );
    assert!(
        stderr.contains("places.csv:1:1: the file is UTF-32"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("save it as UTF-8").count(), 2, "{stderr}");
    assert!(!stderr.contains("unknown column"), "{stderr}");
    assert_eq!(env.count_rows("claims"), 0);

    // A parent cycle is reported at the parent column (3), in words.
    let env = TestEnv::init();
    let dir = seed_copy(&env, "led");
    let places = "id,name,parent,aliases\na,A,b,\nb,B,a,\npakistan,Pakistan,,\n";
    fs::write(dir.join("places.csv"), places).unwrap();
    let stderr = env.fails(&["import", "led"], 2);
    assert!(
        stderr.contains("places.csv:2:3: place \"a\" is its own ancestor"),
        "{stderr}"
    );

    // A conflict with the ledger is told field by field, not as a Rust struct.
    let env = TestEnv::init();
    seed_copy(&env, "led");
    env.ok(&["import", "led"]);
    let dir = env.path().join("led");
    let orgs = fs::read_to_string(dir.join("orgs.csv")).unwrap();
    fs::write(
        dir.join("orgs.csv"),
        orgs.replacen("pips,", "pips,Renamed ", 1),
    )
    .unwrap();
    let stderr = env.fails(&["import", "led"], 2);
    assert!(
        stderr.contains("org \"pips\" is already in the ledger"),
        "{stderr}"
    );
    assert!(stderr.contains("name: ledger \""), "{stderr}");
    assert!(
        !stderr.contains("Org {") && !stderr.contains("Some("),
        "{stderr}"
    );
}

#[test]
fn case9_init_refuses_a_foreign_database_and_open_refuses_an_altered_ledger() {
    let env = TestEnv::new();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch("CREATE TABLE invoices (n INTEGER); INSERT INTO invoices VALUES (1);")
            .unwrap();
    }
    let stderr = env.fails(&["init"], 2);
    assert!(stderr.contains("other tables (invoices)"), "{stderr}");
    let tables: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1, "init added tables beside someone else's");
    env.fails(&["list"], 2);

    // A ledger whose append-only triggers were dropped: refused, with what to do.
    for alteration in [
        "DROP TRIGGER reviews_are_append_only_update",
        "DROP TRIGGER reviews_are_append_only_delete",
        "DROP INDEX reviews_by_claim",
        "CREATE TRIGGER sneaky AFTER INSERT ON waivers BEGIN DELETE FROM reviews; END",
    ] {
        let env = TestEnv::seeded();
        env.ok(&[
            "verify",
            "pips-attacks-2023",
            "--verdict",
            "supported",
            "--reviewer",
            "r",
        ]);
        env.conn().execute_batch(alteration).unwrap();
        for args in [
            &["list"][..],
            &["check"],
            &[
                "verify",
                "pips-attacks-2023",
                "--verdict",
                "refuted",
                "--reviewer",
                "r",
            ],
            &["init"],
        ] {
            let stderr = env.fails(args, 2);
            assert!(
                stderr.contains("schema was altered"),
                "{alteration}: {stderr}"
            );
            assert!(stderr.contains("import"), "{stderr}");
        }
        assert_eq!(env.count_rows("reviews"), 1);
    }
    // What a user adds for their own queries is no alteration.
    let env = TestEnv::seeded();
    env.conn()
        .execute_batch("CREATE VIEW mine AS SELECT id FROM claims; CREATE TABLE notes (t TEXT);")
        .unwrap();
    env.ok(&["list"]);
}
