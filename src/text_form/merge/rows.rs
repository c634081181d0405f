//! Reading one version of a ledger file for a merge: the header mapped onto the table's
//! columns (in any order; an optional one, like an older `waivers.csv`'s `hash`, may be
//! missing), rows one at a time, and every version that cannot be merged named with its side
//! and line.

use super::Cells;
use crate::error::{Error, Result};
use crate::text_form::Table;

/// A version's rows, read one at a time.
pub(super) struct Rows<'a> {
    reader: Option<csv::Reader<&'a [u8]>>,
    /// For each column of the file, its place among the table's columns.
    index: Vec<usize>,
    width: usize,
    path: &'a str,
    side: &'static str,
}

impl<'a> Rows<'a> {
    pub fn new(path: &'a str, side: &'static str, table: &Table, bytes: &'a [u8]) -> Result<Self> {
        let mut rows = Rows {
            reader: None,
            index: Vec::new(),
            width: table.columns.len(),
            path,
            side,
        };
        if let Some(line) = marker_line(bytes) {
            return Err(rows.bad(
                line,
                "git conflict markers from an earlier merge are still in it — resolve them first",
            ));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(rows);
        }
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header = reader
            .headers()
            .map_err(|e| rows.bad(1, &format!("unreadable header ({e})")))?
            .clone();
        for name in header.iter() {
            let name = name.trim_start_matches('\u{feff}');
            let Some(j) = table.columns.iter().position(|c| *c == name) else {
                return Err(rows.bad(
                    1,
                    &format!(
                        "unknown column {name:?}; {} has {}",
                        table.file,
                        table.columns.join(",")
                    ),
                ));
            };
            rows.index.push(j);
        }
        rows.reader = Some(reader);
        Ok(rows)
    }

    fn bad(&self, line: u64, why: &str) -> Error {
        Error::invalid(format!(
            "{} ({}), line {line}: {why}; merge this file by hand",
            self.path, self.side
        ))
    }

    /// The next row, its cells in the table's column order; `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Cells>> {
        let Some(reader) = &mut self.reader else {
            return Ok(None);
        };
        let mut record = csv::StringRecord::new();
        let more = reader.read_record(&mut record);
        let line = |e: &csv::Error| e.position().map_or(0, |p| p.line());
        match more {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => return Err(self.bad(line(&e), &format!("unreadable CSV ({e})"))),
        }
        if record.len() != self.index.len() {
            let at = record.position().map_or(0, |p| p.line());
            let why = format!(
                "{} cells where the header has {}",
                record.len(),
                self.index.len()
            );
            return Err(self.bad(at, &why));
        }
        let mut cells = vec![String::new(); self.width];
        for (cell, &j) in record.iter().zip(&self.index) {
            cells[j] = cell.to_string();
        }
        Ok(Some(cells))
    }
}

/// A version's rows, all of them.
pub(super) fn parse(
    path: &str,
    side: &'static str,
    table: &Table,
    bytes: &[u8],
) -> Result<Vec<Cells>> {
    let mut rows = Rows::new(path, side, table, bytes)?;
    let mut all = Vec::new();
    while let Some(row) = rows.next_row()? {
        all.push(row);
    }
    Ok(all)
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
