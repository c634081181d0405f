//! Issue 11's cases 6-9, one regression test each, named after it: the gate's exit code under
//! a closed pipe, exit codes as a contract, import's refusals in words, and a ledger's schema.

use crate::common::TestEnv;
use crate::faults::{generated, has_entry, restore, run_with_file_limit, snapshot};
use std::fs::{self, File};
use std::path::Path;
use std::process::Command;

fn seeds() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A copy of the seed ledger directory at `env/name`.
fn seed_copy(env: &TestEnv, name: &str) -> std::path::PathBuf {
    let dir = env.path().join(name);
    restore(&dir, &snapshot(&seeds()));
    dir
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
        // A CHECK loosened inside its literal alone: `]^...[` is no bracket set, so NOT GLOB
        // no longer refuses an id with any character.
        "PRAGMA writable_schema = ON; \
         UPDATE sqlite_master SET sql = replace(sql, '*[^a-z0-9-]*', '*]^a-z0-9-[*') \
         WHERE name = 'claims'; \
         PRAGMA writable_schema = OFF;",
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
