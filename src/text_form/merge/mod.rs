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
mod tests;

use super::{Table, CLAIMS, METRICS, ORGS, PLACES, REVIEWS, SETTINGS, SOURCES, WAIVERS};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
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
        Kind::Table(table, what) => {
            let [b, o, t] = parse_all(path, table, [base, ours, theirs])?;
            merge_table(path, table, what, b, o, t)
        }
        Kind::History(table, what) => {
            let [b, o, t] = parse_all(path, table, [base, ours, theirs])?;
            history::merge(path, table, what, b, o, t, ours)
        }
        Kind::Whole => Ok(merge_whole(path, base, ours, theirs)),
    }
}

/// One row: its cells in the table's column order.
type Cells = Vec<String>;

fn parse_all(path: &str, table: &Table, versions: [&[u8]; 3]) -> Result<[Vec<Cells>; 3]> {
    let [b, o, t] = versions;
    Ok([
        parse(path, "base", table, b)?,
        parse(path, "ours", table, o)?,
        parse(path, "theirs", table, t)?,
    ])
}

/// A version's rows. Columns may come in any order and optional ones may be missing (an
/// older `waivers.csv` has no `hash`): the rows come out in the table's own order.
fn parse(path: &str, side: &str, table: &Table, bytes: &[u8]) -> Result<Vec<Cells>> {
    let bad = |line: u64, why: String| {
        Error::invalid(format!(
            "{path} ({side}), line {line}: {why}; merge this file by hand"
        ))
    };
    if let Some(line) = marker_line(bytes) {
        return Err(bad(
            line,
            "git conflict markers from an earlier merge are still in it — resolve them first"
                .into(),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| bad(1, format!("unreadable header ({e})")))?
        .clone();
    let mut index = Vec::with_capacity(header.len());
    for name in header.iter() {
        let name = name.trim_start_matches('\u{feff}');
        let Some(j) = table.columns.iter().position(|c| *c == name) else {
            return Err(bad(
                1,
                format!(
                    "unknown column {name:?}; {} has {}",
                    table.file,
                    table.columns.join(",")
                ),
            ));
        };
        index.push(j);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            bad(
                e.position().map_or(0, |p| p.line()),
                format!("unreadable CSV ({e})"),
            )
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != index.len() {
            return Err(bad(
                line,
                format!(
                    "{} cells where the header has {}",
                    record.len(),
                    index.len()
                ),
            ));
        }
        let mut cells = vec![String::new(); table.columns.len()];
        for (cell, &j) in record.iter().zip(&index) {
            cells[j] = cell.to_string();
        }
        rows.push(cells);
    }
    Ok(rows)
}

/// The line of the first git conflict marker in `bytes`, if any: a line that starts with
/// seven `<`, `|`, `=` or `>` and then ends or goes on with a space.
pub fn marker_line(bytes: &[u8]) -> Option<u64> {
    let mut line = 0;
    for l in bytes.split(|&b| b == b'\n') {
        line += 1;
        if is_marker(l) {
            return Some(line);
        }
    }
    None
}

/// Does this line (without its `\n`) open, split or close a git conflict?
pub fn is_marker(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.len() >= 7
        && [b'<', b'|', b'=', b'>']
            .iter()
            .any(|&m| line[..7].iter().all(|&b| b == m))
        && (line.len() == 7 || line[7] == b' ')
}

/// The canonical file being written: the header, rows, and conflicts between markers.
struct Out {
    bytes: Vec<u8>,
}

impl Out {
    fn new(table: &Table) -> Result<Out> {
        let mut out = Out { bytes: Vec::new() };
        let header: Vec<String> = table.columns.iter().map(|c| c.to_string()).collect();
        out.row(&header)?;
        Ok(out)
    }

    /// One row, quoted as `dump` quotes it (the csv crate's minimal quoting).
    fn row(&mut self, cells: &[String]) -> Result<()> {
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
    fn conflict(
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

    fn finish(self) -> Result<Vec<u8>> {
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

fn by_id(path: &str, side: &str, what: &str, rows: Vec<Cells>) -> Result<BTreeMap<String, Cells>> {
    let mut map = BTreeMap::new();
    for row in rows {
        let id = row[0].clone();
        if map.insert(id.clone(), row).is_some() {
            return Err(Error::invalid(format!(
                "{path} ({side}): {what} {id:?} is there twice; merge this file by hand"
            )));
        }
    }
    Ok(map)
}

fn merge_table(
    path: &str,
    table: &Table,
    what: &'static str,
    base: Vec<Cells>,
    ours: Vec<Cells>,
    theirs: Vec<Cells>,
) -> Result<Merged> {
    let b = by_id(path, "base", what, base)?;
    let o = by_id(path, "ours", what, ours)?;
    let t = by_id(path, "theirs", what, theirs)?;
    let mut ids: Vec<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Out::new(table)?;
    let mut conflicts = Vec::new();
    for id in ids {
        let (bv, ov, tv) = (b.get(id), o.get(id), t.get(id));
        let taken = if ov == tv || tv == bv {
            Ok(ov)
        } else if ov == bv {
            Ok(tv)
        } else {
            Err(if bv.is_none() {
                "added on both sides with different content"
            } else if ov.is_none() || tv.is_none() {
                "removed on one side and changed on the other"
            } else {
                "changed on both sides"
            })
        };
        match taken {
            Ok(Some(row)) => out.row(row)?,
            Ok(None) => {}
            Err(why) => {
                let one = |v: Option<&Cells>| v.into_iter().cloned().collect::<Vec<_>>();
                out.conflict(&format!("{what} {id}"), &one(ov), &one(bv), &one(tv))?;
                conflicts.push(Conflict {
                    file: path.to_string(),
                    what,
                    id: id.clone(),
                    ours: ov.map(|r| csv_line(r)),
                    theirs: tv.map(|r| csv_line(r)),
                    why,
                    labels: SIDES,
                });
            }
        }
    }
    Ok(Merged {
        bytes: out.finish()?,
        conflicts,
    })
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
