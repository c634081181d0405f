//! The CSV files the reports are written as ([`Sheet`]): how a row of cells becomes bytes.

use super::{Cell, Rows};
use crate::error::{Error, Result};
use std::io::Write;

/// A CSV writer for reviewers: RFC 4180 quoting, `\n` line ends, a header row, and every
/// row as long as the header.
///
/// Written here rather than through the csv crate's writer, which the reports used first:
/// its per-byte quoting was a tenth of a large `export audit`'s time. A cell is quoted only
/// when it holds a `,`, a `"` or a line break, `\n` or `\r` (as the csv crate writes with
/// `\n` line ends: readers take a lone `\r` for one too), found with `memchr`; a quote inside
/// is doubled; a row of one empty cell is `""`, so that it is not read as a blank line. Every
/// CSV file the ledger itself keeps is still read and written by the csv crate
/// (`text_form`): these files are for people.
pub(crate) struct Sheet<W: Write> {
    out: W,
    /// Rows not yet handed to `out`, which is written in large pieces.
    buf: Vec<u8>,
    /// How full `buf` grows before it is written to `out`.
    flush_at: usize,
    /// How many cells a row has: the header's, or the first row's.
    width: Option<usize>,
}

/// How much [`Sheet`] holds before it writes.
const SHEET_BUFFER: usize = 64 * 1024;

impl<W: Write> Rows for Sheet<W> {
    fn header(&mut self, columns: &[&str]) -> Result<()> {
        self.record(columns.iter())
    }

    fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()> {
        Sheet::row(self, cells)
    }
}

impl<W: Write> Sheet<W> {
    /// A CSV sheet with its header written (the shape `list --format csv` and the exports share).
    pub(crate) fn new(out: W, header: &[&str]) -> Result<Self> {
        let mut sheet = Sheet::headless(out);
        sheet.header(header)?;
        Ok(sheet)
    }

    /// A CSV sheet whose report writes its own header (through [`Rows`]).
    pub(crate) fn headless(out: W) -> Self {
        Sheet {
            out,
            buf: Vec::with_capacity(SHEET_BUFFER),
            flush_at: SHEET_BUFFER,
            width: None,
        }
    }

    /// One row, each cell rendered in place (a million rows of 30 cells: no `String` a cell).
    pub(crate) fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()> {
        self.record(cells.into_iter().map(Cell::render))
    }

    /// A row of cells as they are (the header's, and each rendered cell of [`Sheet::row`]).
    fn record(&mut self, cells: impl ExactSizeIterator<Item = impl AsRef<str>>) -> Result<()> {
        self.fits(cells.len())?;
        let start = self.buf.len();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            push_field(&mut self.buf, cell.as_ref().as_bytes());
        }
        self.end_row(start)
    }

    /// Whether a row of `n` cells belongs: every row is as long as the first.
    fn fits(&mut self, n: usize) -> Result<()> {
        match self.width {
            Some(width) if width != n => Err(Error::Fault(format!(
                "a row of {n} cells under a header of {width}"
            ))),
            Some(_) => Ok(()),
            None => {
                self.width = Some(n);
                Ok(())
            }
        }
    }

    /// Ends the row begun at `start` in the buffer, and writes the buffer once it is full.
    fn end_row(&mut self, start: usize) -> Result<()> {
        if self.buf.len() == start && self.width == Some(1) {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.push(b'\n');
        if self.buf.len() >= self.flush_at {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<()> {
        self.into_inner()?.flush()?;
        Ok(())
    }

    /// The writer, every row written to it.
    pub(crate) fn into_inner(mut self) -> Result<W> {
        self.out.write_all(&self.buf)?;
        Ok(self.out)
    }
}

impl Sheet<Vec<u8>> {
    /// Rows of `width` cells, whose header is written elsewhere, made in memory: straight
    /// into `buffer` (a chunk of a report made apart from its file; see `export::claims`),
    /// which [`Sheet::into_rows`] gives back.
    pub(crate) fn rows_in(buffer: Vec<u8>, width: usize) -> Self {
        Sheet {
            out: Vec::new(),
            buf: buffer,
            flush_at: usize::MAX,
            width: Some(width),
        }
    }

    /// The rows made, with nothing copied (see [`Sheet::rows_in`]).
    pub(crate) fn into_rows(self) -> Result<Vec<u8>> {
        if self.out.is_empty() {
            Ok(self.buf)
        } else {
            self.into_inner()
        }
    }
}

/// One cell, quoted when it holds a `,`, a `"` or a line break (see [`Sheet`]).
fn push_field(buf: &mut Vec<u8>, cell: &[u8]) {
    if memchr::memchr3(b',', b'"', b'\n', cell).is_none() && memchr::memchr(b'\r', cell).is_none() {
        buf.extend_from_slice(cell);
        return;
    }
    buf.push(b'"');
    let mut rest = cell;
    while let Some(at) = memchr::memchr(b'"', rest) {
        buf.extend_from_slice(&rest[..=at]);
        buf.push(b'"');
        rest = &rest[at + 1..];
    }
    buf.extend_from_slice(rest);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Num;

    proptest::proptest! {
        /// A sheet's rows are the bytes the csv crate writes with `\n` line ends, whatever
        /// the cells hold: commas, quotes, line breaks, spaces, other scripts, nothing.
        #[test]
        fn rows_are_written_as_the_csv_crate_writes_them(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a,\"\n\r é≤=]{0,6}", 1..4), 1..6)
        ) {
            let width = rows[0].len();
            let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| r.len() == width).collect();
            let mut want = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            let mut sheet = Sheet::headless(Vec::new());
            for row in &rows {
                want.write_record(row).unwrap();
                sheet.record(row.iter()).unwrap();
            }
            let want = String::from_utf8(want.into_inner().unwrap()).unwrap();
            let got = String::from_utf8(sheet.into_inner().unwrap()).unwrap();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_ragged_row_is_refused() {
        let mut sheet = Sheet::new(Vec::new(), &["a", "b"]).unwrap();
        let refused = sheet.row(vec![Cell::text("x")]).unwrap_err();
        assert!(matches!(refused, Error::Fault(_)), "{refused}");
    }

    #[test]
    fn rows_match_the_header() {
        let mut buf = Vec::new();
        let mut sheet = Sheet::new(&mut buf, &["a", "b"]).unwrap();
        sheet
            .row(vec![Cell::text("=x"), Cell::Number(Num::ratio(-3, 2))])
            .unwrap();
        sheet.finish().unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "a,b\n'=x,-1.5\n");

        let mut buf = Vec::new();
        let mut sheet = Sheet::new(&mut buf, &["a", "b"]).unwrap();
        assert!(sheet.row(vec![Cell::text("short")]).is_err());
    }
}
