//! The store's own tests: the schema version and the migrations, pages and journal of a new
//! file, and ledgers made by older versions brought up to date by `init`.

use super::*;

#[test]
fn the_schema_version_is_the_last_migrations() {
    let last = embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| m.version())
        .max();
    assert_eq!(
        last,
        Some(SCHEMA_VERSION),
        "set SCHEMA_VERSION to the new migration's"
    );
}

/// A new ledger file is made with 16 KiB pages (see `Store::init`), and stays in WAL mode.
#[test]
fn a_new_ledger_has_16_kib_pages() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::init(&dir.path().join("new.db")).unwrap();
    let (size, mode): (i64, String) = store
        .conn
        .query_row(
            "SELECT page_size, journal_mode FROM pragma_page_size, pragma_journal_mode",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((size, mode.as_str()), (16_384, "wal"));
}

/// A ledger left at schema version 1 (as a claimledger before V2 made it) is refused with
/// the command that brings it up to date, and `init` does so keeping its rows.
#[test]
fn an_older_ledger_is_refused_until_init_migrates_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        embedded::migrations::runner()
            .set_target(refinery::Target::Version(1))
            .run(&mut conn)
            .unwrap();
        conn.execute("INSERT INTO orgs (id, name) VALUES ('pips', 'PIPS')", [])
            .unwrap();
    }
    match Store::open(&path) {
        Err(Error::Schema { why, .. }) => {
            assert!(why.contains("schema version 1"), "{why}");
            assert!(why.contains("init"), "{why}");
        }
        Err(e) => panic!("refused for another reason: {e}"),
        Ok(_) => panic!("a version 1 ledger was opened as it is"),
    }
    Store::init(&path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.reader().orgs().unwrap().len(), 1);
    let index: String = store
        .conn
        .query_row(
            "SELECT group_concat(name) FROM sqlite_master WHERE name IN ('sources_facts', 'claims_by_org')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        index, "sources_facts",
        "V2 made both, V4 dropped claims_by_org"
    );
}

/// Waivers recorded before they had a chain (schema version 2) keep their order and get
/// their hashes from `init`, chained so that `check` verifies them.
#[test]
fn init_chains_the_waivers_of_an_older_ledger_in_the_order_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        embedded::migrations::runner()
            .set_target(refinery::Target::Version(2))
            .run(&mut conn)
            .unwrap();
        for (finding, at) in [
            ("l003-bbbbbbbbbbbb", "2024-01-01T00:00:00Z"),
            ("l003-aaaaaaaaaaaa", "2024-01-02T00:00:00Z"),
        ] {
            conn.execute(
                "INSERT INTO waivers (finding, reason, reviewer, at) VALUES (?1, 'ok', 'ann', ?2)",
                [finding, at],
            )
            .unwrap();
        }
    }
    Store::init(&path).unwrap();
    let store = Store::open(&path).unwrap();
    let waivers = store.reader().waivers().unwrap();
    let order: Vec<&str> = waivers.iter().map(|w| w.finding.as_str()).collect();
    assert_eq!(order, ["l003-bbbbbbbbbbbb", "l003-aaaaaaaaaaaa"]);
    let (valid, broken) = crate::checks::history::verify_waivers(
        waivers
            .iter()
            .map(|w| [w.finding.as_str(), &w.reason, &w.reviewer, &w.at, &w.hash]),
    );
    assert_eq!((valid, broken), (usize::MAX, None));
    // Append-only from now on.
    let err = store.conn.execute("DELETE FROM waivers", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = store
        .conn
        .execute("UPDATE waivers SET reason = 'edited'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}
