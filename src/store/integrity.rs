//! Is this file a ledger, and is its schema the one claimledger made? Checked on every open,
//! before a command trusts the file.
//!
//! - A file that is not a SQLite database (`--db README.md`) is named with what it is, not left
//!   to SQLite's "file is not a database" (exit 2: the user named the wrong file).
//! - `init` on a SQLite file that holds other tables is refused: the ledger's tables would land
//!   quietly beside someone else's.
//! - A ledger whose schema differs from what the migrations make (an append-only trigger
//!   dropped, a CHECK loosened, a table rebuilt) is refused: its history can no longer be
//!   trusted. The expected schema is read from a fresh in-memory ledger migrated by this very
//!   binary, so it follows every migration without a list kept by hand. Objects a user adds
//!   (a table, a view, an index for their own queries) are allowed; an added trigger is not,
//!   since a trigger can change rows behind the ledger's back.

use crate::error::{Error, Result};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// Refuse a non-empty file that is not a SQLite database, saying what it looks like.
pub(super) fn sniff(path: &Path) -> Result<()> {
    let mut head = Vec::with_capacity(512);
    let read = std::fs::File::open(path).and_then(|f| f.take(512).read_to_end(&mut head));
    if read.is_err() || head.is_empty() || head.starts_with(SQLITE_MAGIC) {
        // Unreadable files get SQLite's own error with the path; an empty file is a new ledger.
        return Ok(());
    }
    let what = if std::str::from_utf8(&head).is_ok() || head.is_ascii() {
        "a text file, not a SQLite database"
    } else {
        "a binary file that is not a SQLite database"
    };
    Err(not_a_ledger(path, what.to_string()))
}

pub(super) fn not_a_ledger(path: &Path, what: String) -> Error {
    Error::NotALedger {
        path: path.to_path_buf(),
        what,
    }
}

/// The user's tables of a database (not SQLite's own).
pub(super) fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// A SQLite file with tables but no migration history is someone else's database.
pub(super) fn refuse_foreign(conn: &Connection, path: &Path) -> Result<()> {
    let tables = tables(conn)?;
    if tables.is_empty() || tables.iter().any(|t| t == "refinery_schema_history") {
        return Ok(());
    }
    Err(not_a_ledger(
        path,
        format!(
            "a SQLite database holding other tables ({}); claimledger keeps a ledger in a file of its own: name a new file",
            tables.join(", ")
        ),
    ))
}

type Schema = BTreeMap<(String, String), Option<String>>;

fn schema(conn: &Connection) -> Result<Schema> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| {
        let sql: Option<String> = r.get(2)?;
        Ok(((r.get(0)?, r.get(1)?), sql.as_deref().map(normalise)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A statement as compared. Outside string literals: comments dropped, identifier quotes
/// (`"`, `` ` ``, `[ ]`) dropped, whitespace collapsed, case folded; how SQLite spells a table
/// it renamed (`CREATE TABLE "waivers"`) may differ between its versions, and a comment says
/// nothing. A literal (`'...'`) is kept as written: `GLOB '[a-z0-9]*'` and `'supported'` are
/// what a CHECK says, and a bracket or a letter's case changed there changes what it allows.
fn normalise(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    // Whitespace, a dropped quote or a comment since the last character kept.
    let mut gap = false;
    let keep = |out: &mut String, gap: &mut bool, c: char| {
        if *gap && !out.is_empty() {
            out.push(' ');
        }
        *gap = false;
        out.extend(c.to_lowercase());
    };
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                keep(&mut out, &mut gap, c);
                // To the closing quote; `''` inside is a quote, kept as written.
                while let Some(l) = chars.next() {
                    out.push(l);
                    if l == '\'' {
                        match chars.next_if_eq(&'\'') {
                            Some(q) => out.push(q),
                            None => break,
                        }
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                chars.by_ref().find(|&l| l == '\n');
                gap = true;
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                chars.by_ref().find(|&l| {
                    let end = star && l == '/';
                    star = l == '*';
                    end
                });
                gap = true;
            }
            c if c.is_whitespace() || matches!(c, '"' | '`' | '[' | ']') => gap = true,
            c => keep(&mut out, &mut gap, c),
        }
    }
    out
}

/// The schema the migrations make, normalised: `schema.txt` beside this file, one object a
/// line (`type`, `name`, statement, split by tabs). Kept as text because building it at every
/// open (a ledger migrated in memory) cost more than the rest of `show` on a small claim; the
/// test `the_kept_schema_is_what_the_migrations_make` holds the file to the migrations, and
/// `UPDATE_GOLDEN=1 cargo test` rewrites it after a new migration.
const KEPT_SCHEMA: &str = include_str!("schema.txt");

fn expected() -> Schema {
    KEPT_SCHEMA
        .lines()
        .filter_map(|line| {
            let mut cells = line.splitn(3, '\t');
            let (kind, name, sql) = (cells.next()?, cells.next()?, cells.next()?);
            let sql = (!sql.is_empty()).then(|| sql.to_string());
            Some(((kind.to_string(), name.to_string()), sql))
        })
        .collect()
}

/// `schema.txt`'s text for `schema`.
#[cfg(test)]
fn kept_text(schema: &Schema) -> String {
    schema
        .iter()
        .map(|((kind, name), sql)| format!("{kind}\t{name}\t{}\n", sql.as_deref().unwrap_or("")))
        .collect()
}

/// Refuse a ledger whose schema is not the one the migrations made.
pub(super) fn verify(conn: &Connection, path: &Path) -> Result<()> {
    let (want, have) = (expected(), schema(conn)?);
    let mut changes = Vec::new();
    for ((kind, name), sql) in &want {
        match have.get(&(kind.clone(), name.clone())) {
            None => changes.push(format!("{kind} {name} is missing")),
            Some(other) if other != sql => changes.push(format!("{kind} {name} was changed")),
            Some(_) => {}
        }
    }
    for (kind, name) in have.keys() {
        if kind == "trigger" && !want.contains_key(&(kind.clone(), name.clone())) {
            changes.push(format!("trigger {name} was added"));
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    Err(Error::Schema {
        path: path.to_path_buf(),
        why: format!(
            "the ledger's schema was altered outside claimledger ({}), so its append-only history can no longer be trusted; restore the file from a backup, or rebuild it from a dumped ledger directory: `claimledger --db new.db init && claimledger --db new.db import DIR`",
            changes.join("; ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::super::embedded;
    use super::*;

    #[test]
    fn a_renamed_table_spelled_with_quotes_is_the_same_statement() {
        assert_eq!(
            normalise("CREATE TABLE \"waivers\" (\n    seq INTEGER PRIMARY KEY\n)"),
            normalise("CREATE TABLE waivers ( seq  INTEGER PRIMARY KEY )")
        );
        assert_ne!(
            normalise("CREATE TABLE t (x TEXT CHECK (x <> ''))"),
            normalise("CREATE TABLE t (x TEXT)")
        );
        assert_eq!(
            normalise("CREATE TABLE t ( -- the row's id\n  x TEXT /* any */ )"),
            normalise("create table t ( x text )")
        );
    }

    #[test]
    fn a_literal_is_compared_as_written() {
        let check = "CREATE TABLE t (id TEXT CHECK (id GLOB '[a-z0-9]*' AND v IN ('it''s', 'ok')))";
        assert_eq!(
            normalise(check),
            "create table t (id text check (id glob '[a-z0-9]*' and v in ('it''s', 'ok')))"
        );
        for altered in [
            "CREATE TABLE t (id TEXT CHECK (id GLOB ']a-z0-9[*' AND v IN ('it''s', 'ok')))",
            "CREATE TABLE t (id TEXT CHECK (id GLOB '[a-z0-9]*' AND v IN ('It''s', 'ok')))",
            "CREATE TABLE t (id TEXT CHECK (id GLOB '[a-z0-9]*' AND v IN ('it''s', 'ok ')))",
        ] {
            assert_ne!(normalise(altered), normalise(check), "{altered}");
        }
    }

    #[test]
    fn the_kept_schema_is_what_the_migrations_make() {
        let mut conn = Connection::open_in_memory().unwrap();
        embedded::migrations::runner().run(&mut conn).unwrap();
        let made = kept_text(&schema(&conn).unwrap());
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/schema.txt");
        if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
            std::fs::write(&path, &made).unwrap();
            return;
        }
        assert!(
            made == KEPT_SCHEMA,
            "{} is not what the migrations make; run `UPDATE_GOLDEN=1 cargo test` and commit it",
            path.display()
        );
        assert_eq!(
            kept_text(&expected()),
            made,
            "schema.txt reads back as written"
        );
    }

    #[test]
    fn a_fresh_ledger_verifies_and_a_dropped_trigger_does_not() {
        let mut conn = Connection::open_in_memory().unwrap();
        embedded::migrations::runner().run(&mut conn).unwrap();
        verify(&conn, Path::new("fresh.db")).unwrap();
        conn.execute_batch("DROP TRIGGER reviews_are_append_only_delete")
            .unwrap();
        let err = verify(&conn, Path::new("fresh.db"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("trigger reviews_are_append_only_delete is missing"),
            "{err}"
        );
    }
}
