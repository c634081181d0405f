//! What the export tests share, on top of `common::TestEnv`: a ledger full of hostile text
//! (every text that could carry a formula starts with one), `export --out`, and CSV helpers.
#![allow(dead_code)] // each test crate uses a part

use crate::common::TestEnv;
use std::fs;

pub const HOSTILE_TITLE: &str = "=HYPERLINK(\"http://x\")";
pub const HOSTILE_QUOTE: &str = "=HYPERLINK(\"http://x\") 1612 people were killed";

/// A ledger of two sources and four claims whose text starts with every formula character.
pub fn hostile_ledger() -> TestEnv {
    let mut l = TestEnv::new();
    l.set_env("CLAIMLEDGER_REVIEWER", "ayesha");
    let count = "--metric fatalities --period 2024";
    for (words, extra) in [
        ("init", &[][..]),
        ("org add pips", &["--name", "Pak Institute for Peace Studies"][..]),
        ("org add crss --name +Centre", &[]),
        ("place add pakistan --name Pakistan", &[]),
        ("place add balochistan --name Balochistan --parent pakistan", &[]),
        ("metric add fatalities --name Fatalities", &[]),
        (
            "source add s1 --publisher pips --published 2025-01-02 --url https://example.org/pips",
            &["--title", HOSTILE_TITLE],
        ),
        (
            "source add s2 --publisher crss --author=-Anon --published 2025-01-05",
            &["--title", "@Annual report"],
        ),
        (
            &format!("add --id c1 --source s1 --printed 1612 {count} --place pakistan --attributed-to pips --note=@note"),
            &["--quote", HOSTILE_QUOTE],
        ),
        (
            &format!("add --id c2 --source s2 --printed 1500 {count} --place pakistan --attributed-to pips"),
            &["--quote=-1500 +44 @x deaths"],
        ),
        (
            &format!("add --id c3 --source s2 --printed 444 {count} --place balochistan --attributed-to crss"),
            &["--quote", "\t444 killed in Balochistan"],
        ),
        (
            "add --id c4 --source s2 --printed 12 --metric fatalities --period 2024-05 --place balochistan",
            &["--quote", "\r12 more"],
        ),
        (
            "verify c1 --verdict supported --evidence=+https://pips.org/report --note=-checked",
            &[],
        ),
        (
            "verify c2 --verdict disputed --reviewer=@bilal",
            &["--evidence", "=cmd|' /C calc'!A0"],
        ),
        ("verify c1 --verdict refuted --note revised", &[]),
    ] {
        let mut args: Vec<&str> = words.split(' ').collect();
        args.extend(extra);
        l.ok(&args);
    }
    l
}

/// `export WHAT --out WHAT.csv [--excel]` (to `WHAT-excel.csv` with `--excel`), and the bytes
/// written.
pub fn export(env: &TestEnv, what: &str, excel: bool) -> Vec<u8> {
    let file = format!("{what}{}.csv", if excel { "-excel" } else { "" });
    let mut args = vec!["export", what, "--out", &file];
    if excel {
        args.push("--excel");
    }
    assert_eq!(env.ok(&args), "", "export --out prints nothing");
    fs::read(env.path().join(&file)).unwrap()
}

/// The rows of a CSV (header first) as Rust's csv crate reads them.
pub fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The cell of `column` in the row whose first cell is `id`.
pub fn cell(rows: &[Vec<String>], id: &str, column: &str) -> String {
    let i = rows[0].iter().position(|h| h == column).unwrap_or_else(|| {
        panic!("no column {column:?} in {:?}", rows[0]);
    });
    let row = rows.iter().find(|r| r[0] == id).unwrap_or_else(|| {
        panic!("no row {id:?}");
    });
    row[i].clone()
}

/// Every sheet of a workbook as calamine reads it: name -> rows of cells (header first).
pub fn workbook_cells(
    path: &std::path::Path,
) -> std::collections::BTreeMap<String, Vec<Vec<calamine::Data>>> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).expect("a workbook calamine opens");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

/// The names of a workbook's sheets, in order.
pub fn sheet_names(path: &std::path::Path) -> Vec<String> {
    use calamine::{open_workbook, Reader, Xlsx};
    let book: Xlsx<_> = open_workbook(path).expect("a workbook calamine opens");
    book.sheet_names().to_vec()
}

/// One part of an `.xlsx` (a zip) as text: `xl/worksheets/sheet1.xml`.
pub fn xlsx_part(path: &std::path::Path, part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap_or_else(|e| panic!("no {part}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The names of every part of an `.xlsx`.
pub fn xlsx_parts(path: &std::path::Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    zip.file_names().map(str::to_string).collect()
}
