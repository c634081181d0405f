//! Read transactions: a [`Snapshot`] is what every read-only command reads through, so that
//! each of its queries sees the same ledger while another process commits; a paired
//! snapshot ([`Store::paired_snapshot`]) adds a second connection on the very same state of
//! the file, which its [`Reader`] lends to one whole-ledger read at a time: `check_feed`
//! reads the stored texts and review history on it while the claims are read on the first;
//! `for_each_claim_report` reads the rows there while the caller writes them.

use super::{Reader, Store, BUSY_TIMEOUT};
use crate::error::Result;
use rusqlite::{Connection, OpenFlags};
use std::cell::Cell;
use std::path::Path;

/// A read transaction over the ledger; see [`Store::snapshot`].
pub struct Snapshot<'c> {
    tx: rusqlite::Transaction<'c>,
    /// A second connection in a read transaction on the very same state of the file, for
    /// a whole-ledger read's second thread (see [`Store::paired_snapshot`]).
    twin: Cell<Option<Connection>>,
}

impl Snapshot<'_> {
    /// Queries, all in this snapshot; whole-ledger reads (`check_feed`,
    /// `for_each_claim_report`) on two threads when the snapshot has a twin.
    pub fn reader(&self) -> Reader<'_> {
        Reader::paired(&self.tx, &self.twin)
    }
}

impl Store {
    /// Queries in one read transaction: what a read-only command runs in. Every query then
    /// sees the same ledger even while another process commits, and the file is locked once
    /// for the command, not once per statement (which cost `show` thousands of lock calls and
    /// hot-journal checks). Ended when the snapshot is dropped.
    pub fn snapshot(&self) -> Result<Snapshot<'_>> {
        Ok(Snapshot {
            tx: self.conn.unchecked_transaction()?,
            twin: Cell::new(None),
        })
    }

    /// A [`Store::snapshot`] with a twin: a second, read-only connection in a read
    /// transaction on the very same state of the file, so that a whole-ledger check reads
    /// the claims on one thread and the texts and reviews on another.
    ///
    /// Two connections begin their snapshots at different moments, and a writer may commit
    /// in between. SQLite's `data_version` tells: the twin reads it before this connection's
    /// snapshot begins and again inside its own; equal values mean no commit came between,
    /// so both see the same ledger. When they differ (or the twin cannot be opened: a ledger
    /// in memory, a file system that refuses a second reader) the snapshot has no twin and
    /// the check reads everything on this connection: slower, never inconsistent.
    pub fn paired_snapshot(&self) -> Result<Snapshot<'_>> {
        let twin = self.twin();
        let tx = self.conn.unchecked_transaction()?;
        // A deferred transaction takes its snapshot at its first read: here, after the
        // twin's first data_version.
        tx.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        let twin = twin.and_then(|(twin, before)| same_snapshot(twin, before));
        Ok(Snapshot {
            tx,
            twin: Cell::new(twin),
        })
    }

    /// A read-only second connection to the ledger file, and its `data_version` read outside
    /// any transaction.
    fn twin(&self) -> Option<(Connection, i64)> {
        if self.path == Path::new(":memory:") {
            return None;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let twin = Connection::open_with_flags(&self.path, flags).ok()?;
        twin.busy_timeout(BUSY_TIMEOUT).ok()?;
        let version = data_version(&twin).ok()?;
        Some((twin, version))
    }
}

/// `twin` in a read transaction, if no writer committed since its `data_version` was
/// `before` (see [`Store::paired_snapshot`]).
fn same_snapshot(twin: Connection, before: i64) -> Option<Connection> {
    twin.execute_batch("BEGIN").ok()?;
    twin.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .ok()?;
    (data_version(&twin).ok()? == before).then_some(twin)
}

/// How many times another connection has committed to the file, as this one has seen.
fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The twin is kept only when no commit came between its first `data_version` and its
    /// own snapshot, so it never reads another ledger than the main connection.
    #[test]
    fn a_twin_is_dropped_when_a_writer_commits_between_the_two_snapshots() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        let store = Store::init(&path).unwrap();
        let writer = Connection::open(&path).unwrap();
        let add = |id: &str| {
            writer
                .execute("INSERT INTO orgs (id, name) VALUES (?1, 'x')", [id])
                .unwrap()
        };

        let (twin, before) = store.twin().expect("a second reader of a file");
        assert!(same_snapshot(twin, before).is_some(), "nothing committed");

        let (twin, before) = store.twin().unwrap();
        add("a");
        assert!(
            same_snapshot(twin, before).is_none(),
            "a commit came between"
        );

        // Through the API: a paired snapshot's two connections see the same rows, and a
        // commit after both began is seen by neither.
        let snapshot = store.paired_snapshot().unwrap();
        add("b");
        let twin = snapshot.twin.take().expect("no commit came between");
        let count = |c: &Connection| -> i64 {
            c.query_row("SELECT count(*) FROM orgs", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&twin), 1);
        assert_eq!(count(&snapshot.tx), 1);
    }
}
