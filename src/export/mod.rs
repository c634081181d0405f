//! Reports for reviewers and editors: the one place that writes them.
//!
//! `claims`, `findings`, `history` and `audit` are reports a reviewer opens in a spreadsheet,
//! each written through `Rows` into a CSV file (`sheet`) or a sheet of the `workbook`;
//! their columns, with what each holds, are listed once in `columns` (the legend sheet and
//! `reports/README.md` say the same). `page` is the HTML page of `report`, with `chart`'s
//! SVG; `claimreview` is schema.org ClaimReview JSON-LD for publishing verdicts. All of them
//! are deterministic: the same ledger gives the same bytes (rows in id or recorded order, no
//! clock), so the reports can live in git.
//!
//! Spreadsheet safety (OWASP "CSV injection"): a CSV text cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return gets a leading `'`, so a hostile quote never runs as a
//! formula; `list --format csv` uses the same `Sheet`. Numeric columns are written as plain
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
mod sheet;
mod workbook;

pub(crate) use sheet::Sheet;

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

/// [`write()`] to the file `path`, whole or not at all.
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
    /// A reading's bound with its text as [`Cell::Number`] renders it, made once per figure
    /// (`interval::Shown`): the claims reports write a million of them.
    Bound(&'a Num, &'a str),
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
            Cell::Bound(_, shown) => Cow::Borrowed(shown),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interval::reading_text;
    use crate::reading::{Kind, ReadingCache};

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

    proptest::proptest! {
        /// A reading shown from the cache (once per figure) is what each claim's own rendering
        /// wrote: the reading's text, and each bound as `Cell::Number` renders it, for counts,
        /// changes and shares, hedged or not, bounded or not.
        #[test]
        fn a_figure_shows_as_its_reading_renders(
            int in 0u64..100_000,
            frac in 0u64..100,
            hedge in proptest::sample::select(&["", "over ", "nearly ", "about ", "at least ", "-", "+"][..]),
            kind in proptest::sample::select(&[Kind::Count, Kind::Change, Kind::Share][..]),
        ) {
            let unit = if kind == Kind::Count { "" } else { "%" };
            let printed = format!("{hedge}{int}.{frac:02}{unit}");
            let mut cache = ReadingCache::new(crate::reading::default_tolerance());
            // Refused figures (a share over 100%) show nothing.
            if let Ok((reading, shown)) = cache.get_shown(&printed, kind) {
                let i = &reading.interval;
                proptest::prop_assert_eq!(&shown.text, &reading_text(i, kind));
                for (x, text) in [(&i.lower, &shown.lower), (&i.upper, &shown.upper)] {
                    proptest::prop_assert_eq!(
                        render(Cell::Bound(x, text)),
                        render(Cell::Number(x.clone()))
                    );
                }
            }
        }
    }
}
