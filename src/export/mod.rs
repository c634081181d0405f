//! Reports for reviewers and editors: the one place that writes them.
//!
//! `claims`, `findings`, `history` and `audit` are reports a reviewer opens in a spreadsheet,
//! each written through [`Rows`] into a CSV file ([`Sheet`]) or a sheet of the `workbook`;
//! their columns, with what each holds, are listed once in `columns` (the legend sheet and
//! `reports/README.md` say the same). `page` is the HTML page of `report`, with `chart`'s
//! SVG; `claimreview` is schema.org ClaimReview JSON-LD for publishing verdicts. All of them
//! are deterministic: the same ledger gives the same bytes (rows in id or recorded order, no
//! clock), so the reports can live in git.
//!
//! Spreadsheet safety (OWASP "CSV injection"): a CSV text cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return gets a leading `'`, so a hostile quote never runs as a
//! formula; `list --format csv` uses the same [`Sheet`]. Numeric columns are written as plain
//! numbers (`-20.5`, never `+80`) and left alone; an unbounded side of a reading is an empty
//! cell. In the workbook every text cell is a string cell, which never runs, so it keeps its
//! text exactly. `--excel` starts a CSV with a UTF-8 byte-order mark, so that Excel reads
//! non-ASCII text (`∞`, curly quotes, Urdu names) right.
//!
//! Memory: `claims`, `audit` and `history` stream one claim or review at a time; `findings`
//! keeps the claims its findings name; the workbook and the page hold the whole report (the
//! workbook writer needs it whole, the page charts every key), which suits a ledger a person
//! reads; for millions of claims use the CSV reports.

mod chart;
mod claimreview;
mod claims;
pub mod columns;
mod figures;
mod findings;
mod lookup;
pub mod page;
mod workbook;

use crate::checks::model::Finding;
use crate::cli::ExportWhat;
use crate::error::{Error, Result};
use crate::exact::Num;
use crate::interval::fmt_num;
use crate::progress::Progress;
use crate::store::Reader;
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// The UTF-8 byte-order mark `--excel` writes first.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Write the report `what` to `out`. `findings` runs the checks; it is called only by the
/// reports that show findings (`findings`, `audit`, `workbook`, `claimreview`). Each row
/// written counts on `progress`.
pub fn write<F>(
    reader: &Reader<'_>,
    what: ExportWhat,
    excel: bool,
    findings: F,
    progress: &Progress,
    out: &mut dyn Write,
) -> Result<()>
where
    F: FnOnce() -> Result<Vec<Finding>>,
{
    if excel {
        if what == ExportWhat::Claimreview {
            return Err(Error::invalid(
                "--excel is for the CSV reports; ClaimReview JSON-LD is plain UTF-8 without a byte-order mark",
            ));
        }
        if what == ExportWhat::Workbook {
            return Err(Error::invalid(
                "--excel is for the CSV reports; a workbook is read by spreadsheets as it is",
            ));
        }
        out.write_all(BOM)?;
    }
    if what == ExportWhat::Claimreview {
        let settings = claimreview::Publisher::of(reader)?;
        return claimreview::claimreview(reader, &settings, findings()?, out);
    }
    if what == ExportWhat::Workbook {
        let bytes = workbook::workbook(reader, findings()?, progress)?;
        out.write_all(&bytes)?;
        return Ok(());
    }
    match what {
        ExportWhat::Claims => claims::csv(reader, None, progress, out),
        ExportWhat::Audit => {
            let roles = claims::Roles::of(findings()?);
            claims::csv(reader, Some(roles), progress, out)
        }
        _ => {
            let mut sheet = Sheet::headless(out);
            let mut counted = Counted {
                rows: &mut sheet,
                progress,
            };
            csv_report(reader, what, findings, &mut counted)?;
            sheet.finish()
        }
    }
}

/// One of the four CSV reports, into `rows` (a CSV file or a workbook's sheet).
pub(crate) fn csv_report<F>(
    reader: &Reader<'_>,
    what: ExportWhat,
    findings: F,
    rows: &mut dyn Rows,
) -> Result<()>
where
    F: FnOnce() -> Result<Vec<Finding>>,
{
    match what {
        ExportWhat::Claims => claims::claims(reader, rows),
        ExportWhat::Audit => claims::audit(reader, findings()?, rows),
        ExportWhat::Findings => findings::findings(reader, findings()?, rows),
        ExportWhat::History => findings::history(reader, rows),
        ExportWhat::Claimreview | ExportWhat::Workbook => {
            Err(Error::Fault(format!("{what:?} is not a CSV report")))
        }
    }
}

/// [`Rows`] that count each row on a [`Progress`].
pub(crate) struct Counted<'r> {
    pub rows: &'r mut dyn Rows,
    pub progress: &'r Progress,
}

impl Rows for Counted<'_> {
    fn header(&mut self, columns: &[&str]) -> Result<()> {
        self.rows.header(columns)
    }

    fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()> {
        self.progress.inc();
        self.rows.row(cells)
    }
}

/// [`write`] to the file `path`, whole or not at all.
pub fn write_file<F>(
    reader: &Reader<'_>,
    what: ExportWhat,
    excel: bool,
    findings: F,
    progress: &Progress,
    path: &Path,
) -> Result<()>
where
    F: FnOnce() -> Result<Vec<Finding>>,
{
    write_atomically(path, |out| {
        write(reader, what, excel, findings, progress, out)
    })
}

/// Write the file `path` whole or not at all: every `--out` goes through here, to
/// [`crate::atomic::replace_file`] (a temporary beside it, renamed over it once complete and on
/// disk; a link, FIFO or device refused).
pub fn write_atomically<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    crate::atomic::replace_file(path, fill)
}

/// One cell of a reviewer's CSV.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Text: neutralised when a spreadsheet would read it as a formula.
    Text(Cow<'a, str>),
    /// A reading's bound: a plain number, or an empty cell when unbounded.
    Number(Num),
    /// A count or a sequence number.
    Count(u64),
    /// `yes` or `no`.
    Flag(bool),
    /// A link (a source's url, a review's evidence): text in a CSV, a hyperlink in the workbook
    /// when it is an `http(s)` url.
    Url(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    pub(crate) fn text(s: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(s))
    }

    /// An absent value is an empty cell.
    pub(crate) fn opt(s: &'a Option<String>) -> Self {
        Cell::text(s.as_deref().unwrap_or(""))
    }

    pub(crate) fn owned(s: String) -> Self {
        Cell::Text(Cow::Owned(s))
    }

    /// A link, or an empty cell when there is none.
    pub(crate) fn url(s: Option<&'a str>) -> Self {
        Cell::Url(Cow::Borrowed(s.unwrap_or("")))
    }

    fn render(self) -> Cow<'a, str> {
        match self {
            Cell::Text(s) | Cell::Url(s) => neutralise(s),
            Cell::Number(x) if x.is_finite() => Cow::Owned(fmt_num(&x)),
            Cell::Number(_) => Cow::Borrowed(""),
            Cell::Count(n) => Cow::Owned(n.to_string()),
            Cell::Flag(b) => Cow::Borrowed(if b { "yes" } else { "no" }),
        }
    }
}

/// The characters that make a spreadsheet read a cell as a formula when they come first.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell a spreadsheet cannot run: `'` before a leading formula character (OWASP).
pub fn neutralise(s: Cow<'_, str>) -> Cow<'_, str> {
    // Every formula start is ASCII: the first byte tells (and a byte is cheaper than a char).
    if s.as_bytes()
        .first()
        .is_some_and(|&b| FORMULA_STARTS.contains(&char::from(b)))
    {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

/// Where a report's rows go: a CSV file or a workbook's sheet. A report writes its header
/// once, then its rows, each as long as the header.
pub(crate) trait Rows {
    fn header(&mut self, columns: &[&str]) -> Result<()>;
    fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()>;
}

/// A CSV writer for reviewers: RFC 4180 quoting, `\n` line ends, a header row, and every
/// row as long as the header.
///
/// Written here rather than through the csv crate's writer, which the reports used first:
/// its per-byte quoting was a tenth of a large `export audit`'s time. A cell is quoted only
/// when it holds a `,`, a `"` or a line break, `\n` or `\r` (as the csv crate writes with `\n`
/// line ends: readers take a lone `\r` for one too), found with `memchr`; a quote inside is doubled; a row of one empty cell is `""`, so that it
/// is not read as a blank line. Every CSV file the ledger itself keeps is still read and
/// written by the csv crate (`text_form`): these files are for people.
pub(crate) struct Sheet<W: Write> {
    out: W,
    /// Rows not yet handed to `out`, which is written in large pieces.
    buf: Vec<u8>,
    /// How many cells a row has: the header's, or the first row's.
    width: Option<usize>,
}

/// How much [`Sheet`] holds before it writes.
const SHEET_BUFFER: usize = 64 * 1024;

impl<W: Write> Rows for Sheet<W> {
    fn header(&mut self, columns: &[&str]) -> Result<()> {
        self.record(columns.iter().map(|c| c.as_bytes()))
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
            width: None,
        }
    }

    /// A CSV sheet of rows of `width` cells, whose header is written elsewhere.
    pub(crate) fn rows_of(out: W, width: usize) -> Self {
        Sheet {
            width: Some(width),
            ..Sheet::headless(out)
        }
    }

    /// One row, each cell rendered in place (a million rows of 30 cells: no `String` a cell).
    pub(crate) fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()> {
        self.fits(cells.len())?;
        let start = self.buf.len();
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            push_field(&mut self.buf, cell.render().as_bytes());
        }
        self.end_row(start)
    }

    /// A row of plain text cells (the header).
    fn record<'c>(&mut self, cells: impl ExactSizeIterator<Item = &'c [u8]>) -> Result<()> {
        self.fits(cells.len())?;
        let start = self.buf.len();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            push_field(&mut self.buf, cell);
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
        if self.buf.len() >= SHEET_BUFFER {
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

    fn render(c: Cell<'_>) -> String {
        c.render().into_owned()
    }

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
                sheet.record(row.iter().map(|c| c.as_bytes())).unwrap();
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
    fn formulas_are_neutralised() {
        for hostile in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"http://x\")",
        ] {
            assert_eq!(render(Cell::text(hostile)), format!("'{hostile}"));
        }
        for plain in ["", "over 1,612", "'quoted", " =1", "51%", "(1612, ∞)"] {
            assert_eq!(render(Cell::text(plain)), plain);
        }
    }

    #[test]
    fn numbers_stay_numbers() {
        assert_eq!(render(Cell::Number(Num::ratio(-41, 2))), "-20.5");
        assert_eq!(render(Cell::Number(Num::from(80))), "80");
        assert_eq!(render(Cell::Number(Num::PosInf)), "");
        assert_eq!(render(Cell::Number(Num::NegInf)), "");
        assert_eq!(render(Cell::Count(3)), "3");
        assert_eq!(render(Cell::Flag(true)), "yes");
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
