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

/// A ledger file as a claimledger of schema `version` left it.
fn ledger_at_version(path: &Path, version: i32) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    embedded::migrations::runner()
        .set_target(refinery::Target::Version(version))
        .run(&mut conn)
        .unwrap();
    conn
}

/// A ledger of schema version 3 with a claim credited to an org goes through V4: it opens
/// as the current schema (the org index gone, the covering index rebuilt as `schema.txt`
/// says), and the rebuilt index holds the claim under its metric and org.
#[test]
fn a_version_3_ledger_keeps_its_claims_through_v4() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = ledger_at_version(&path, 3);
        conn.execute_batch(
            "INSERT INTO orgs (id, name) VALUES ('pips', 'PIPS');
             INSERT INTO metrics (id, name) VALUES ('deaths', 'Deaths');
             INSERT INTO sources (id, title, publisher) VALUES ('s1', 'Report', 'pips');
             INSERT INTO claims (id, source, quote, printed, kind, metric, place, period,
                                 attributed_to, lower, upper, lower_open, upper_open)
             VALUES ('c1', 's1', '12 died', '12', 'count', 'deaths', 'pk', '2023', 'pips',
                     12, 12, 0, 0);",
        )
        .unwrap();
    }
    Store::init(&path).unwrap();
    let store = Store::open(&path).unwrap();
    let credited: Vec<String> = store
        .conn
        .prepare(
            "SELECT id FROM claims INDEXED BY claims_by_metric \
             WHERE metric = 'deaths' AND attributed_to = 'pips'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(credited, ["c1"]);
    let org_index: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'claims_by_org'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(org_index, 0);
}

/// A ledger left at schema version 1 (as a claimledger before V2 made it) is refused with
/// the command that brings it up to date, and `init` does so keeping its rows.
#[test]
fn an_older_ledger_is_refused_until_init_migrates_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = ledger_at_version(&path, 1);
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
        let conn = ledger_at_version(&path, 2);
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
