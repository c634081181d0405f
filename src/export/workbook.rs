//! `export workbook`: the four reports as sheets of one `.xlsx` workbook, and a legend sheet
//! that explains every column, finding code, severity and verdict.
//!
//! Cells are typed so that a spreadsheet keeps what the ledger printed: every text cell is a
//! string cell, so `1,524`, `95%` and `2024-11` stay as printed (a CSV opened in Excel turns
//! them into 1524, 0.95 and a date); bounds and counts are number cells; an unbounded side is
//! an empty cell; an `http(s)` url is a hyperlink. No cell is ever a formula: text is written
//! as a string whatever it starts with, so no OWASP prefix is needed (or added). Each sheet's
//! header row is bold and frozen, has an autofilter, and columns are sized to their content
//! (at most 60 characters wide).
//!
//! Decisions: the workbook is built in memory (the writer needs it whole; a ledger past a
//! sheet's 1,048,576 rows is refused with the CSV export to use instead); a cell past
//! Excel's 32,767 characters is cut there with `…`; its creation time is fixed, so the same
//! ledger gives the same bytes, like the CSV reports.

use super::columns::{self, Column, CODES, SEVERITIES, VERDICTS};
use super::{csv_report, Cell, Counted, Rows};
use crate::checks::model::Finding;
use crate::cli::ExportWhat;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::store::Reader;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Url, Workbook, Worksheet};

/// Excel's limits: rows in a sheet, characters in a cell and in a link, links in a sheet.
const MAX_ROWS: u32 = 1_048_576;
const MAX_CHARS: usize = 32_767;
const MAX_URL: usize = 2_079;
const MAX_LINKS: u32 = 65_530;
/// Column widths, in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// The sheets, in the order a reviewer meets them: findings first (what needs attention).
const SHEETS: [(&str, ExportWhat); 4] = [
    ("findings", ExportWhat::Findings),
    ("claims", ExportWhat::Claims),
    ("audit", ExportWhat::Audit),
    ("history", ExportWhat::History),
];

/// The workbook's bytes.
pub(super) fn workbook(
    reader: &Reader<'_>,
    findings: Vec<Finding>,
    progress: &Progress,
) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("claimledger reports")
            .set_creation_datetime(&created),
    );
    for (name, what) in SHEETS {
        let mut sheet = SheetRows::new(name)?;
        progress.stage(format!("writing the {name} sheet"));
        let mut counted = Counted {
            rows: &mut sheet,
            progress,
        };
        csv_report(reader, what, || Ok(findings.clone()), &mut counted)?;
        book.push_worksheet(sheet.finish()?);
    }
    book.push_worksheet(legend()?);
    Ok(book.save_to_buffer()?)
}

/// A worksheet being filled row by row, with its columns' widths measured as it goes.
struct SheetRows {
    name: &'static str,
    sheet: Worksheet,
    bold: Format,
    /// The next row to write.
    row: u32,
    widths: Vec<usize>,
    links: u32,
}

impl SheetRows {
    fn new(name: &'static str) -> Result<Self> {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        Ok(SheetRows {
            name,
            sheet,
            bold: Format::new().set_bold(),
            row: 0,
            widths: Vec::new(),
            links: 0,
        })
    }

    /// Freeze the header, filter on it, size the columns.
    fn finish(mut self) -> Result<Worksheet> {
        let last_col = self.widths.len().saturating_sub(1) as u16;
        self.sheet.set_freeze_panes(1, 0)?;
        self.sheet
            .autofilter(0, 0, self.row.saturating_sub(1), last_col)?;
        for (col, width) in self.widths.iter().enumerate() {
            let width = (*width).clamp(MIN_WIDTH, MAX_WIDTH) + 2;
            self.sheet.set_column_width(col as u16, width as f64)?;
        }
        Ok(self.sheet)
    }

    fn next_row(&mut self) -> Result<u32> {
        if self.row >= MAX_ROWS {
            return Err(Error::invalid(format!(
                "the {} sheet would have more than {} rows, past a spreadsheet's limit; use `claimledger export {}` (CSV) for a ledger this large",
                self.name,
                MAX_ROWS - 1,
                self.name
            )));
        }
        self.row += 1;
        Ok(self.row - 1)
    }

    fn measure(&mut self, col: usize, text: &str) {
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        let len = text.chars().count().min(MAX_WIDTH);
        self.widths[col] = self.widths[col].max(len);
    }

    fn string(&mut self, row: u32, col: usize, text: &str) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        self.measure(col, text);
        let text = cut(text);
        self.sheet.write_string(row, col as u16, text.as_ref())?;
        Ok(())
    }
}

impl Rows for SheetRows {
    fn header(&mut self, columns: &[&str]) -> Result<()> {
        let row = self.next_row()?;
        for (col, name) in columns.iter().enumerate() {
            self.measure(col, name);
            // The filter's drop-down button takes room beside the name.
            self.widths[col] += 2;
            self.sheet
                .write_string_with_format(row, col as u16, *name, &self.bold)?;
        }
        Ok(())
    }

    fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()> {
        let row = self.next_row()?;
        for (col, cell) in cells.into_iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text(s) => self.string(row, col, &s)?,
                Cell::Flag(b) => self.string(row, col, if b { "yes" } else { "no" })?,
                Cell::Number(x) if x.is_finite() => {
                    self.measure(col, &crate::interval::fmt_num(&x));
                    self.sheet.write_number(row, c, x.to_f64())?;
                }
                Cell::Number(_) => {}
                Cell::Bound(x, shown) if x.is_finite() => {
                    self.measure(col, shown);
                    self.sheet.write_number(row, c, x.to_f64())?;
                }
                Cell::Bound(..) => {}
                Cell::Count(n) => {
                    self.measure(col, &n.to_string());
                    self.sheet.write_number(row, c, n as f64)?;
                }
                Cell::Url(s) => {
                    let linkable = (s.starts_with("https://") || s.starts_with("http://"))
                        && s.len() <= MAX_URL
                        && !s.chars().any(char::is_whitespace)
                        && self.links < MAX_LINKS;
                    if linkable
                        && self
                            .sheet
                            .write_url_with_text(row, c, Url::new(s.as_ref()), s.as_ref())
                            .is_ok()
                    {
                        self.links += 1;
                        self.measure(col, &s);
                    } else {
                        self.string(row, col, &s)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Text as a cell can hold it: cut at Excel's limit, with `…` to show it was cut.
fn cut(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_CHARS {
        return text.into();
    }
    let mut out: String = text.chars().take(MAX_CHARS - 1).collect();
    out.push('…');
    out.into()
}

/// The legend: every column of every sheet, every code, severity and verdict.
fn legend() -> Result<Worksheet> {
    let mut sheet = SheetRows::new("legend")?;
    sheet.header(&["term", "sheet", "what it is", "means"])?;
    let audit_columns: Vec<Column> = columns::CLAIMS
        .iter()
        .chain(&columns::AUDIT)
        .copied()
        .collect();
    let sheets: [(&str, &[Column]); 4] = [
        ("findings", &columns::FINDINGS),
        ("claims", &columns::CLAIMS),
        ("audit", &audit_columns),
        ("history", &columns::HISTORY),
    ];
    for (name, cols) in sheets {
        for (column, holds) in cols {
            sheet.row(vec![
                Cell::text(column),
                Cell::text(name),
                Cell::text("column"),
                Cell::text(holds),
            ])?;
        }
    }
    for (code, name, finds) in CODES {
        sheet.row(vec![
            Cell::text(code),
            Cell::text("findings, audit"),
            Cell::owned(format!("finding code: {name}")),
            Cell::text(finds),
        ])?;
    }
    for (what, sheets, items) in [
        ("severity", "findings, audit", &SEVERITIES[..]),
        ("verdict", "findings, audit, history", &VERDICTS[..]),
    ] {
        for (name, means) in items {
            sheet.row(vec![
                Cell::text(name),
                Cell::text(sheets),
                Cell::text(what),
                Cell::text(means),
            ])?;
        }
    }
    sheet.finish()
}
