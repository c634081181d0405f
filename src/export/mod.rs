//! Reports for reviewers and editors: the one place that writes them.
//!
//! `claims`, `findings`, `history` and `audit` are CSV files a reviewer opens in a spreadsheet
//! (README "Export" lists their columns); `claimreview` is schema.org ClaimReview JSON-LD for
//! publishing verdicts. All of them are deterministic: the same ledger gives the same bytes
//! (rows in id or recorded order, no clock), so the reports can live in git.
//!
//! Spreadsheet safety (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`,
//! a tab or a carriage return gets a leading `'`, so a hostile quote never runs as a formula.
//! Numeric columns are written as plain numbers (`-20.5`, never `+80`) and left alone; an
//! unbounded side of a reading is an empty cell. `--excel` starts the file with a UTF-8
//! byte-order mark, so that Excel reads non-ASCII text (`∞`, curly quotes, Urdu names) right.
//!
//! Reports stream: claims and reviews are read one row at a time; the only ledger-wide state
//! is the findings, folded into small per-claim tallies before the claims are read.

mod claimreview;
mod claims;
mod findings;

use crate::checks::model::Finding;
use crate::cli::ExportWhat;
use crate::error::{Error, Result};
use crate::exact::Num;
use crate::interval::fmt_num;
use crate::store::Reader;
use std::borrow::Cow;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The UTF-8 byte-order mark `--excel` writes first.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Write the report `what` to `out`. `findings` runs the checks; it is called only by the
/// reports that show findings (`findings`, `audit`, `claimreview`).
pub fn write<F>(
    reader: &Reader<'_>,
    what: ExportWhat,
    excel: bool,
    findings: F,
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
        out.write_all(BOM)?;
    }
    match what {
        ExportWhat::Claims => claims::claims(reader, out),
        ExportWhat::Audit => claims::audit(reader, findings()?, out),
        ExportWhat::Findings => findings::findings(reader, findings()?, out),
        ExportWhat::History => findings::history(reader, out),
        ExportWhat::Claimreview => claimreview::claimreview(reader, findings()?, out),
    }
}

/// [`write`] to the file `path`, whole or not at all: the report goes to a temporary file
/// beside it, renamed over `path` only when complete.
pub fn write_file<F>(
    reader: &Reader<'_>,
    what: ExportWhat,
    excel: bool,
    findings: F,
    path: &Path,
) -> Result<()>
where
    F: FnOnce() -> Result<Vec<Finding>>,
{
    let temp = temp_path(path);
    let file_error = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::create(&temp).map_err(file_error)?;
    let written = (|| {
        let mut out = BufWriter::new(file);
        write(reader, what, excel, findings, &mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    })()
    .and_then(|()| fs::rename(&temp, path).map_err(file_error));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// `dir/.name.tmp-PID`: in the same directory, so that the rename is atomic.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
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

    fn render(self) -> Cow<'a, str> {
        match self {
            Cell::Text(s) => neutralise(s),
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
    if s.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

/// A CSV writer for reviewers: RFC 4180 quoting, `\n` line ends, a header row, and every
/// row as long as the header (the csv writer refuses a ragged row).
pub(crate) struct Sheet<'w> {
    csv: csv::Writer<&'w mut dyn Write>,
}

impl<'w> Sheet<'w> {
    pub(crate) fn new(out: &'w mut dyn Write, header: &[&str]) -> Result<Self> {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        csv.write_record(header)?;
        Ok(Sheet { csv })
    }

    pub(crate) fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()> {
        // Field by field, each rendered in place (a million rows of 30 cells: no `String` a
        // cell); the record's end still checks its length against the header.
        for cell in cells {
            self.csv.write_field(cell.render().as_bytes())?;
        }
        self.csv.write_record(None::<&[u8]>)?;
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(c: Cell<'_>) -> String {
        c.render().into_owned()
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
