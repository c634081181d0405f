//! Three-way merge of a ledger directory's files: what `claimledger merge-file`, git's merge
//! driver, runs (DESIGN "Team work in git"). Pure: bytes in, bytes and conflicts out.
//!
//! - Tables (orgs, places, metrics, sources, claims, settings) merge by id: a row added,
//!   changed or removed on one side is taken; the same id changed differently on both sides
//!   (or changed on one and removed on the other) is a conflict. Rows come out in id order, in
//!   the canonical form `dump` writes, so two claims whose ids sort next to each other never
//!   conflict.
//! - Histories (reviews.csv, waivers.csv, see `history`) merge as the base's rows, then the
//!   rows either side added, in order of `at`, then claim or finding, then the other cells,
//!   re-chained: the result does not depend on which side is "ours".
//! - Anything else (a stored text, `texts/ID.txt`) merges as a whole: one side's change is
//!   taken, two different changes are a conflict and ours is kept.
//!
//! A conflict is written between git's markers (`<<<<<<<`, `|||||||` base, `=======`,
//! `>>>>>>>`), so that a person keeps one version and deletes the marker lines; `import`
//! refuses a file that still holds markers, and says so.

mod history;
#[cfg(test)]
mod properties;
mod rows;
mod table;
#[cfg(test)]
mod tests;

use rows::parse;
pub use rows::{is_marker, marker_line};

use super::{Table, CLAIMS, METRICS, ORGS, PLACES, REVIEWS, SETTINGS, SOURCES, WAIVERS};
use crate::error::Result;
use std::fmt;

/// The result of a merge: the file's new bytes, and the conflicts a person must resolve in
/// them (none: the merge is clean).
#[derive(Debug)]
pub struct Merged {
    pub bytes: Vec<u8>,
    pub conflicts: Vec<Conflict>,
}

/// One conflict: the row (or text) and both versions of it, for the message.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub file: String,
    /// What the id is (`claim`, `finding`, `text`, ...) and the id.
    pub what: &'static str,
    pub id: String,
    /// Each side's version, as a CSV line; `None` where that side removed it.
    pub ours: Option<String>,
    pub theirs: Option<String>,
    pub why: &'static str,
    /// What the two versions are called in the message: `ours` and `theirs`, unless the
    /// conflict is of another kind.
    pub labels: [&'static str; 2],
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(removed)".into());
        write!(
            f,
            "{}: {} {} {} — {}: {}; {}: {}",
            self.file,
            self.what,
            self.id,
            self.why,
            self.labels[0],
            show(&self.ours),
            self.labels[1],
            show(&self.theirs)
        )
    }
}

/// The usual names of a conflict's two versions.
pub const SIDES: [&str; 2] = ["ours", "theirs"];

/// Which file `path` (as git names it, `ledger/claims.csv`) is, by its name.
enum Kind {
    /// A table keyed by its first column: what the id is called in messages.
    Table(&'static Table, &'static str),
    /// reviews.csv or waivers.csv: what the second sort key is called.
    History(&'static Table, &'static str),
    /// Anything else, merged as a whole.
    Whole,
}

fn kind_of(path: &str) -> Kind {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let tables = [
        (&ORGS, "org"),
        (&PLACES, "place"),
        (&METRICS, "metric"),
        (&SOURCES, "source"),
        (&CLAIMS, "claim"),
        (&SETTINGS, "setting"),
    ];
    if let Some((t, what)) = tables.into_iter().find(|(t, _)| t.file == name) {
        return Kind::Table(t, what);
    }
    match name {
        n if n == REVIEWS.file => Kind::History(&REVIEWS, "claim"),
        n if n == WAIVERS.file => Kind::History(&WAIVERS, "finding"),
        _ => Kind::Whole,
    }
}

/// Merge the three versions of the file at `path`: the common ancestor `base`, `ours` and
/// `theirs`. An error is a version that cannot be read (not a ledger file, or conflict markers
/// left from an earlier merge), named with its side and line.
pub fn merge(path: &str, base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Merged> {
    match kind_of(path) {
        Kind::Table(table, what) => table::merge(path, table, what, [base, ours, theirs]),
        Kind::History(table, what) => {
            let [b, o, t] = parse_all(path, table, [base, ours, theirs])?;
            history::merge(path, table, what, b, o, t, ours)
        }
        Kind::Whole => Ok(merge_whole(path, base, ours, theirs)),
    }
}

/// One row: its cells in the table's column order.
pub(super) type Cells = Vec<String>;

fn parse_all(path: &str, table: &Table, versions: [&[u8]; 3]) -> Result<[Vec<Cells>; 3]> {
    let [b, o, t] = versions;
    Ok([
        parse(path, "base", table, b)?,
        parse(path, "ours", table, o)?,
        parse(path, "theirs", table, t)?,
    ])
}

/// The canonical file being written: the header, rows, and conflicts between markers.
pub(super) struct Out {
    bytes: Vec<u8>,
}

impl Out {
    pub(super) fn new(table: &Table) -> Result<Out> {
        let mut out = Out { bytes: Vec::new() };
        let header: Vec<String> = table.columns.iter().map(|c| c.to_string()).collect();
        out.row(&header)?;
        Ok(out)
    }

    /// One row, quoted as `dump` quotes it (the csv crate's minimal quoting).
    pub(super) fn row(&mut self, cells: &[String]) -> Result<()> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(256)
            .from_writer(&mut self.bytes);
        w.write_record(cells)?;
        w.flush()?;
        Ok(())
    }

    fn raw(&mut self, line: &str) -> Result<()> {
        self.bytes.extend_from_slice(line.as_bytes());
        self.bytes.push(b'\n');
        Ok(())
    }

    /// A conflict as git writes one (diff3 style): ours, the base, theirs.
    pub(super) fn conflict(
        &mut self,
        label: &str,
        ours: &[Cells],
        base: &[Cells],
        theirs: &[Cells],
    ) -> Result<()> {
        self.raw(&format!("<<<<<<< ours: {label}"))?;
        for r in ours {
            self.row(r)?;
        }
        self.raw("||||||| base")?;
        for r in base {
            self.row(r)?;
        }
        self.raw("=======")?;
        for r in theirs {
            self.row(r)?;
        }
        self.raw(&format!(">>>>>>> theirs: {label}"))
    }

    pub(super) fn finish(self) -> Result<Vec<u8>> {
        Ok(self.bytes)
    }
}

/// One row as a CSV line (without its line end), for a message.
pub(super) fn csv_line(cells: &[String]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(cells);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_string()
}

/// A file merged as a whole: one side's change is taken; two different changes are a
/// conflict, and ours is kept as it is (a stored text must stay byte for byte what the source
/// printed, so no markers go into it).
fn merge_whole(path: &str, base: &[u8], ours: &[u8], theirs: &[u8]) -> Merged {
    if ours == theirs || theirs == base {
        return Merged {
            bytes: ours.to_vec(),
            conflicts: Vec::new(),
        };
    }
    if ours == base {
        return Merged {
            bytes: theirs.to_vec(),
            conflicts: Vec::new(),
        };
    }
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let digest = |b: &[u8]| format!("text with SHA-256 {}", super::sha256_hex(b));
    Merged {
        bytes: ours.to_vec(),
        conflicts: vec![Conflict {
            file: path.to_string(),
            what: "text",
            id: name.strip_suffix(".txt").unwrap_or(name).to_string(),
            ours: Some(digest(ours)),
            theirs: Some(digest(theirs)),
            why: "changed on both sides (ours is kept in the file; take theirs with `git checkout --theirs`)",
            labels: SIDES,
        }],
    }
}
