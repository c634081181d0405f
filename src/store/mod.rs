//! The one place with SQL: opening a ledger file, pragmas, embedded migrations, and every
//! query and insert (in `read`, `write`, `feed` with `claim_rows` for what `check` reads,
//! `feed_scope` for what `show` reads of one claim's neighbourhood, and `report` with
//! `report_chunks` for the reviewers' exports).
//!
//! Read-only commands read through one [`Snapshot`] (a read transaction), so that every query
//! of a command sees the same ledger while others write.
//!
//! Pragmas (`foreign_keys`, WAL, `busy_timeout`) are set on every open, before migrations and
//! outside any transaction. Every writing command runs in one [`Tx`], begun IMMEDIATE so that
//! concurrent writers queue on the busy timeout instead of failing on a lock upgrade. Opening
//! an existing ledger reads one row of refinery's history table, never the data, so it costs
//! the same on a ledger of ten claims or ten million.

mod claim_rows;
mod feed;
mod feed_rows;
mod feed_scope;
mod integrity;
mod read;
mod record_rows;
mod report;
mod report_chunks;
mod resolve;
mod snapshot;
mod write;

pub use feed::ScopeFeed;
pub use feed_scope::FeedScope;
pub use read::{ClaimFilter, Entity, Reader};
pub use record_rows::ClaimRow;
#[cfg(test)]
pub(crate) use report::tests::ledger_of_reports;
pub use report::ClaimReport;
pub use report_chunks::CHUNK as REPORT_CHUNK;
pub(crate) use resolve::edit_distance;
pub use snapshot::Snapshot;
pub use write::Tx;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The version of the last migration in `migrations/`: what `open` requires. A constant
/// because asking refinery's runner compiles its file-name pattern at every open (a
/// millisecond, most of a small command's own time); a test holds it to the migrations.
const SCHEMA_VERSION: i32 = 5;

/// How long a writer waits for another writer's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open ledger database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Create the database, or bring an older one up to date. A file that is not a ledger (a
    /// text file, someone else's SQLite database) is refused, and so is an altered ledger.
    pub fn init(path: &Path) -> Result<Store> {
        integrity::sniff(path)?;
        let mut conn = Connection::open(path).map_err(|e| open_error(path, e))?;
        // 16 KiB pages for a new file (an existing one keeps its own: the pragma only acts
        // before the first table, and before WAL). A whole-ledger read (`check`, `dump`,
        // `export`) and `import`'s writes and index sorts make a quarter of the calls into
        // the file for the same bytes; `show`'s few thousand index reads take as long.
        conn.pragma_update(None, "page_size", 16_384)
            .map_err(|e| open_fault(path, e.into()))?;
        set_pragmas(&conn, true).map_err(|e| open_fault(path, e))?;
        drop_empty_journal(&conn, path)?;
        integrity::refuse_foreign(&conn, path)?;
        embedded::migrations::runner().run(&mut conn)?;
        integrity::verify(&conn, path)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        // Waivers recorded before version 3 join the waivers' chain (see V3__waiver_chain).
        store.write(|tx| tx.chain_unhashed_waivers())?;
        Ok(store)
    }

    /// Open an existing ledger file; refuses a missing file or an out-of-date schema.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::NoLedger(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(path, e))?;
        integrity::sniff(path)?;
        set_pragmas(&conn, true).map_err(|e| open_fault(path, e))?;
        drop_empty_journal(&conn, path)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_schema()?;
        integrity::verify(&store.conn, path)?;
        Ok(store)
    }

    /// A fresh, migrated ledger in memory: where a ledger directory is loaded for reading.
    pub fn in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        set_pragmas(&conn, false)?;
        embedded::migrations::runner().run(&mut conn)?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
        })
    }

    /// Where the ledger lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queries, each in its own implicit transaction.
    pub fn reader(&self) -> Reader<'_> {
        Reader::new(&self.conn)
    }

    /// Run `work` in one IMMEDIATE transaction; commit when it returns `Ok`, roll back
    /// (write nothing) when it returns an error.
    pub fn write<T>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Tx::new(
            self.conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
        );
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Run a bulk load (`import`) in one transaction, tuned for many rows:
    /// - foreign keys off, because the importer checks every reference itself, with a file and
    ///   line, which SQLite's own check could not give (a pragma: outside the transaction);
    /// - a larger page cache, so index pages stay in memory, and a helper thread for sorting;
    /// - when the claims table is empty, the secondary indexes of sources, claims and reviews
    ///   are dropped and rebuilt at the end from their own stored definitions (a sort beats a
    ///   million random B-tree inserts); the rebuild is part of the same transaction;
    /// - a rollback journal instead of WAL for the load, when no other connection holds the
    ///   file: new pages are then written once, not to the WAL and again at checkpoint.
    ///   If another process has it open, the load stays in WAL mode, just slower.
    pub fn bulk_write<T>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let file = self.path != Path::new(":memory:");
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        self.conn.pragma_update(None, "cache_size", -65_536)?;
        // One helper thread for SQLite's sorter: rebuilding the indexes of a million claims
        // sorts their keys in runs written out and merged, and with a helper one run is sorted
        // while the next is filled (import 0.91x wall, about 45 MB more at its peak).
        self.conn.pragma_update(None, "threads", 1)?;
        let rollback_journal = file
            && self
                .conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
                .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        let result = self.write(|tx| {
            let indexes = tx.drop_secondary_indexes_if_empty()?;
            let value = work(tx)?;
            tx.recreate_indexes(&indexes)?;
            Ok(value)
        });
        if rollback_journal {
            self.conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        self.conn.pragma_update(None, "cache_size", -2_000)?;
        self.conn.pragma_update(None, "threads", 0)?;
        // In case the work vouched for the CHECKs and then failed before taking it back.
        self.conn
            .pragma_update(None, "ignore_check_constraints", false)?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        result
    }

    fn check_schema(&self) -> Result<()> {
        let latest = SCHEMA_VERSION;
        let applied: Option<i64> = self
            .conn
            .query_row(
                "SELECT MAX(version) FROM refinery_schema_history",
                [],
                |row| row.get(0),
            )
            .map_err(|_| {
                let what = match integrity::tables(&self.conn) {
                    Ok(t) if !t.is_empty() => {
                        format!("a SQLite database holding other tables ({})", t.join(", "))
                    }
                    _ => "an empty SQLite database".to_string(),
                };
                integrity::not_a_ledger(
                    &self.path,
                    format!(
                        "{what}; create a ledger with `claimledger --db NEW.db init` in a new file"
                    ),
                )
            })?;
        let applied = applied.unwrap_or(0);
        if applied < i64::from(latest) {
            return Err(Error::Schema {
                path: self.path.clone(),
                why: format!(
                    "the ledger is at schema version {applied}, this claimledger needs {latest}; run `claimledger --db {} init` to bring it up to date",
                    self.path.display()
                ),
            });
        }
        if applied > i64::from(latest) {
            return Err(Error::Schema {
                path: self.path.clone(),
                why: format!(
                    "the ledger is at schema version {applied}, newer than this claimledger knows ({latest}); upgrade claimledger"
                ),
            });
        }
        Ok(())
    }
}

fn set_pragmas(conn: &Connection, file: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if file {
        // WAL lets readers go on while one writer commits; NORMAL is durable in WAL mode
        // except for the last transactions before a power cut.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

/// Removes an empty rollback journal beside a ledger in WAL mode. `import` loads through a
/// rollback journal; killed between creating the journal and writing its header, it leaves a
/// file of no bytes. SQLite ignores it (an empty journal is never hot: it holds nothing to
/// roll back) but, in WAL mode, never removes it either, so it would stay beside the ledger
/// for good. It is removed inside a read transaction in WAL mode: the shared lock held there
/// keeps any other connection from leaving WAL mode, and in WAL mode no connection writes a
/// rollback journal, so an empty one belongs to no one.
fn drop_empty_journal(conn: &Connection, path: &Path) -> Result<()> {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let journal = PathBuf::from(journal);
    let empty = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0);
    if !empty(&journal) {
        return Ok(());
    }
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Ok(());
    }
    conn.execute_batch("BEGIN DEFERRED")?;
    let read = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    });
    if read.is_ok() && empty(&journal) {
        // Best effort: an empty journal left in place is harmless, so a file system that
        // refuses the removal does not stop the command.
        let _ = std::fs::remove_file(&journal);
    }
    conn.execute_batch("COMMIT")?;
    read.map(drop).map_err(Error::from)
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::Schema {
        path: path.to_path_buf(),
        why: format!("cannot open as a SQLite database ({e}); check the path and its permissions"),
    }
}

/// SQLite reads a file's header only at the first statement: a file that is not a database
/// fails there, and is named as such (exit 2), not reported as a database fault.
fn open_fault(path: &Path, e: Error) -> Error {
    match &e {
        Error::Database(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            integrity::not_a_ledger(path, "not a SQLite database".to_string())
        }
        _ => e,
    }
}

/// Map "no such row" to `None`.
fn optional<T>(r: rusqlite::Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Named parameters of a statement being built, each list of values under fresh names.
#[derive(Default)]
struct Params(Vec<(String, Box<dyn rusqlite::ToSql>)>);

impl Params {
    /// Bind `values`; their names, `, `-joined, for an `IN (...)` or `=`.
    fn list(&mut self, values: impl IntoIterator<Item = String>) -> String {
        let mut names = Vec::new();
        for v in values {
            let name = format!(":v{}", self.0.len());
            self.0.push((name.clone(), Box::new(v)));
            names.push(name);
        }
        names.join(", ")
    }

    /// The parameters as a statement binds them.
    fn bound(&self) -> Vec<(&str, &dyn rusqlite::ToSql)> {
        self.0
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_ref()))
            .collect()
    }
}

/// `|`-join a list for an aliases column.
fn join_list(items: &[String]) -> String {
    items.join("|")
}

#[cfg(test)]
mod tests;
