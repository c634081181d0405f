//! Reading one file of a ledger directory row by row: header checked against the table's
//! columns (in any order, none unknown), cells decoded as UTF-8, and every problem recorded
//! with the file, line and column it is at.

use super::Table;
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The problems found so far, each `FILE:LINE:COLUMN: what — what to do`, up to a cap.
pub(super) struct Problems {
    dir: PathBuf,
    list: Vec<String>,
    total: usize,
    cap: usize,
}

impl Problems {
    pub fn new(dir: &Path, cap: usize) -> Self {
        Problems {
            dir: dir.to_path_buf(),
            list: Vec::new(),
            total: 0,
            cap,
        }
    }

    /// An empty list for the same directory, with the same cap.
    pub fn empty_like(&self) -> Problems {
        Problems::new(&self.dir, self.cap)
    }

    pub fn push(&mut self, problem: String) {
        self.total += 1;
        if self.list.len() < self.cap {
            self.list.push(problem);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Add `other`'s problems after these.
    pub fn absorb(&mut self, other: Problems) {
        // Those past `other`'s own cap were counted there, not listed.
        let unlisted = other.total - other.list.len();
        for problem in other.list {
            self.push(problem);
        }
        self.total += unlisted;
    }

    /// `report` when nothing was wrong; else the refusal naming every problem.
    pub fn into_result<T>(mut self, report: T) -> Result<T> {
        if self.total == 0 {
            return Ok(report);
        }
        if self.total > self.list.len() {
            self.list.push(format!(
                "... and {} more (only the first {} are listed)",
                self.total - self.list.len(),
                self.cap
            ));
        }
        Err(Error::ImportRefused {
            dir: self.dir,
            count: self.total,
            problems: self.list,
        })
    }
}

/// Where a row is in its file, to name it in a problem found when it is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct RowAt {
    pub file: &'static str,
    pub line: u64,
    /// The 1-based column of the row's id in the file.
    pub id_column: usize,
}

impl RowAt {
    /// Record a problem at the row's id.
    pub fn problem(&self, problems: &mut Problems, message: String) {
        problems.push(format!(
            "{}:{}:{}: {}",
            self.file,
            self.line,
            self.id_column.max(1),
            message
        ));
    }
}

/// One data row: its line, and its cells in the table's column order ("" where the file has
/// no such optional column).
pub(super) struct Row {
    pub file: &'static str,
    pub line: u64,
    /// The cells one after another (one allocation a row, not one a cell), and where each
    /// ends in `text`.
    text: String,
    ends: Vec<u32>,
    /// The 1-based column in the file of each of the table's columns (0: absent).
    positions: Arc<[usize]>,
    columns: &'static [&'static str],
}

impl Row {
    /// Where the row is, for a problem found after it is read.
    pub fn at(&self) -> RowAt {
        RowAt {
            file: self.file,
            line: self.line,
            id_column: self.positions.first().copied().unwrap_or(0),
        }
    }

    /// The cell of the table's column `i` (0-based), "" when empty or absent.
    pub fn cell(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// How many columns the table has (the aliases column is the last of orgs, places and
    /// metrics).
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// `None` for an empty cell.
    pub fn optional(&self, i: usize) -> Option<String> {
        Some(self.cell(i))
            .filter(|c| !c.is_empty())
            .map(str::to_string)
    }

    /// A cell that must not be empty; an empty one is recorded as a problem.
    pub fn required(&self, i: usize, problems: &mut Problems) -> Option<&str> {
        if self.cell(i).is_empty() {
            self.problem(
                problems,
                i + 1,
                format!("{} is empty — every row needs one", self.columns[i]),
            );
            None
        } else {
            Some(self.cell(i))
        }
    }

    /// Record a problem at the table's column `col` (1-based) of this row.
    pub fn problem(&self, problems: &mut Problems, col: usize, message: String) {
        let at = self
            .positions
            .get(col.wrapping_sub(1))
            .copied()
            .unwrap_or(0)
            .max(1);
        problems.push(format!("{}:{}:{}: {}", self.file, self.line, at, message));
    }
}

/// A file of the ledger directory, open for reading.
pub(super) struct TableReader {
    reader: csv::Reader<File>,
    table: &'static Table,
    /// For each of the table's columns, the 0-based index in the file, if present.
    index: Vec<Option<usize>>,
    /// The same as every row reports it: 1-based, 0 when absent (shared, not rebuilt a row).
    positions: Arc<[usize]>,
    /// How many cells the header has.
    width: usize,
    record: csv::ByteRecord,
}

impl TableReader {
    /// Open `table`'s file in `dir`; `None` when the file is absent (an empty table) or its
    /// header is wrong (recorded as problems).
    pub fn open(
        dir: &Path,
        table: &'static Table,
        problems: &mut Problems,
    ) -> Result<Option<TableReader>> {
        let path = dir.join(table.file);
        let mut file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::File { path, source }),
        };
        let fault = |source| Error::File {
            path: path.clone(),
            source,
        };
        let mut head = Vec::with_capacity(4);
        (&mut file).take(4).read_to_end(&mut head).map_err(fault)?;
        if let Some(encoding) = wide_encoding(&head) {
            // One problem for the file, not one "unknown column" per cell of a misread header.
            problems.push(format!(
                "{}:1:1: the file is {encoding}, not UTF-8 — save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\")",
                table.file
            ));
            return Ok(None);
        }
        file.seek(SeekFrom::Start(0)).map_err(fault)?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(file);
        let header = match reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                problems.push(format!(
                    "{}:1:1: unreadable header ({e}) — the first line names the columns: {}",
                    table.file,
                    table.columns.join(",")
                ));
                return Ok(None);
            }
        };
        let mut index = vec![None; table.columns.len()];
        let mut ok = true;
        for (i, name) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(name);
            // A spreadsheet may save a byte-order mark before the first column's name.
            let name = name.trim_start_matches('\u{feff}');
            match table.columns.iter().position(|c| *c == name) {
                Some(j) if index[j].is_none() => index[j] = Some(i),
                Some(_) => {
                    problems.push(format!(
                        "{}:1:{}: column {name:?} appears twice — keep one",
                        table.file,
                        i + 1
                    ));
                    ok = false;
                }
                // Reported, but the known columns are still read, so that one stray column
                // does not hide every other problem behind "unknown id" noise.
                None => problems.push(format!(
                    "{}:1:{}: unknown column {name:?} — remove it; the columns are {}",
                    table.file,
                    i + 1,
                    table.columns.join(",")
                )),
            }
        }
        // Only the id-like first column is needed to make sense of a file; the others are
        // reported row by row when a required cell is missing.
        if index[0].is_none() {
            problems.push(format!(
                "{}:1:1: missing column {:?} — the columns are {}",
                table.file,
                table.columns[0],
                table.columns.join(",")
            ));
            ok = false;
        }
        let positions = index.iter().map(|i| i.map_or(0, |i| i + 1)).collect();
        Ok(ok.then(|| TableReader {
            reader,
            table,
            index,
            positions,
            width: header.len(),
            record: csv::ByteRecord::new(),
        }))
    }

    /// The next row, or `None` at the end of the file.
    pub fn next(&mut self, problems: &mut Problems) -> Result<Option<Row>> {
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return Ok(None),
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    problems.push(format!(
                        "{}:{}:1: unreadable CSV ({e}) — check the quoting",
                        self.table.file, line
                    ));
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        return Ok(None);
                    }
                    continue;
                }
            }
            let line = self.record.position().map_or(0, |p| p.line());
            let width = self.width;
            if self.record.len() == 1 && super::merge::is_marker(&self.record[0]) {
                problems.push(format!(
                    "{}:{}:1: a git conflict marker ({}) — the file holds an unresolved merge: \
                     keep one version of each row between the markers and delete the marker \
                     lines; if git merged it line by line, set up claimledger's merge driver \
                     (`{}`) and merge again",
                    self.table.file,
                    line,
                    String::from_utf8_lossy(&self.record[0]),
                    crate::checks::history::DRIVER_SETUP
                ));
                continue;
            }
            if self.record.len() != width {
                problems.push(format!(
                    "{}:{}:1: {} cells where the header has {} — check the commas and quotes",
                    self.table.file,
                    line,
                    self.record.len(),
                    width
                ));
                continue;
            }
            let mut text = String::with_capacity(self.record.as_slice().len());
            let mut ends = Vec::with_capacity(self.index.len());
            let mut bad = false;
            for (j, i) in self.index.iter().enumerate() {
                let Some(i) = *i else {
                    ends.push(text.len() as u32);
                    continue;
                };
                match std::str::from_utf8(&self.record[i]) {
                    Ok(s) if s.contains('\0') => {
                        problems.push(format!(
                            "{}:{}:{}: {} holds a NUL byte (after {:?}) — remove it; a NUL would reach every export",
                            self.table.file,
                            line,
                            i + 1,
                            self.table.columns[j],
                            &s[..s.find('\0').unwrap_or(0)]
                        ));
                        bad = true;
                    }
                    Ok(s) => text.push_str(s),
                    Err(e) => {
                        problems.push(format!(
                            "{}:{}:{}: {} is not valid UTF-8 (bad byte after {:?}) — save the file as UTF-8",
                            self.table.file,
                            line,
                            i + 1,
                            self.table.columns[j],
                            String::from_utf8_lossy(&self.record[i][..e.valid_up_to()])
                        ));
                        bad = true;
                    }
                }
                ends.push(text.len() as u32);
            }
            if bad {
                continue;
            }
            return Ok(Some(Row {
                file: self.table.file,
                line,
                text,
                ends,
                positions: Arc::clone(&self.positions),
                columns: self.table.columns,
            }));
        }
    }
}

/// The encoding of a file written as UTF-16 or UTF-32, told by its byte-order mark or, without
/// one, by the zero bytes that ASCII text has in those encodings.
fn wide_encoding(head: &[u8]) -> Option<&'static str> {
    match head {
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32 (little-endian)"),
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 (big-endian)"),
        [0xFF, 0xFE, ..] => Some("UTF-16 (little-endian)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 (big-endian)"),
        [a, 0, 0, 0] if *a != 0 => Some("UTF-32 (little-endian)"),
        [0, 0, 0, a] if *a != 0 => Some("UTF-32 (big-endian)"),
        [a, 0, b, 0] if *a != 0 && *b != 0 => Some("UTF-16 (little-endian)"),
        [0, a, 0, b] if *a != 0 && *b != 0 => Some("UTF-16 (big-endian)"),
        _ => None,
    }
}
