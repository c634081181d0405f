//! `export workbook`: one .xlsx a reviewer opens, read back with calamine (the cells and
//! their types) and as its XML parts (links, frozen header, filter, no formula).

use crate::common::TestEnv;
use crate::export_support::{
    hostile_ledger, sheet_names, workbook_cells, xlsx_part, xlsx_parts, HOSTILE_QUOTE,
};
use calamine::Data;

/// A ledger whose printed figures and dates a spreadsheet would mangle from CSV.
fn mangle_ledger() -> TestEnv {
    let env = TestEnv::init();
    for args in [
        "org add pips --name PIPS",
        "place add pakistan --name Pakistan",
        "place add balochistan --name Balochistan --parent pakistan",
        "metric add fatalities --name Fatalities",
        "metric add attacks --name Attacks",
        "source add s1 --title Report --publisher pips --published 2024-11 --url https://example.org/r?a=1&b=2",
        "source add s2 --title Article --published 2024-11-20",
    ] {
        env.ok(&args.split(' ').collect::<Vec<_>>());
    }
    for (id, source, printed, rest) in [
        (
            "c1",
            "s1",
            "1,524",
            "--metric fatalities --place pakistan --period 2024-11 --attributed-to pips",
        ),
        (
            "c2",
            "s2",
            "over 1,612",
            "--metric fatalities --place pakistan --period 2024-11 --attributed-to pips",
        ),
        (
            "c3",
            "s1",
            "95%",
            "--metric attacks --place balochistan --period 2024-11 --kind share --of pakistan",
        ),
    ] {
        let quote = format!("they said {printed} then");
        let mut args = vec![
            "add",
            "--id",
            id,
            "--source",
            source,
            "--printed",
            printed,
            "--quote",
            &quote,
        ];
        args.extend(rest.split(' '));
        env.ok(&args);
    }
    env.ok(&[
        "verify",
        "c2",
        "--verdict",
        "refuted",
        "--reviewer",
        "r",
        "--evidence",
        "https://example.org/e",
    ]);
    env
}

fn column(rows: &[Vec<Data>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| *h == Data::String(name.into()))
        .unwrap_or_else(|| panic!("no column {name:?} in {:?}", rows[0]))
}

fn cell<'a>(rows: &'a [Vec<Data>], id: &str, name: &str) -> &'a Data {
    let c = column(rows, name);
    let row = rows
        .iter()
        .find(|r| r[0] == Data::String(id.into()))
        .unwrap_or_else(|| panic!("no row {id}"));
    row.get(c).unwrap_or(&Data::Empty)
}

#[test]
fn cells_keep_figures_as_printed_and_bounds_as_numbers() {
    let env = mangle_ledger();
    assert_eq!(env.ok(&["export", "workbook", "--out", "r.xlsx"]), "");
    let path = env.path().join("r.xlsx");
    assert_eq!(
        sheet_names(&path),
        ["findings", "claims", "audit", "history", "legend"]
    );
    let book = workbook_cells(&path);
    let claims = &book["claims"];
    let s = |t: &str| Data::String(t.into());
    assert_eq!(*cell(claims, "c1", "printed"), s("1,524"));
    assert_eq!(*cell(claims, "c3", "printed"), s("95%"));
    assert_eq!(*cell(claims, "c1", "published"), s("2024-11"));
    assert_eq!(*cell(claims, "c1", "period"), s("2024-11"));
    assert_eq!(*cell(claims, "c1", "lower"), Data::Float(1524.0));
    assert_eq!(*cell(claims, "c3", "lower"), Data::Float(94.5));
    assert_eq!(*cell(claims, "c3", "unit"), s("percent"));
    assert_eq!(*cell(claims, "c2", "lower"), Data::Float(1612.0));
    assert_eq!(
        *cell(claims, "c2", "upper"),
        Data::Empty,
        "unbounded: empty"
    );
    assert_eq!(*cell(claims, "c2", "upper open"), s("yes"));
    assert_eq!(*cell(claims, "c1", "primary"), s("yes"));
    assert_eq!(
        *cell(claims, "c1", "source url"),
        s("https://example.org/r?a=1&b=2")
    );
    let audit = &book["audit"];
    assert_eq!(*cell(audit, "c2", "verdict"), s("refuted"));
    assert!(matches!(cell(audit, "c1", "info findings"), Data::Float(_)));
    let history = &book["history"];
    assert_eq!(history[1][0], Data::Float(1.0));
    assert_eq!(
        history[1][column(history, "quote")],
        s("they said over 1,612 then")
    );

    // Source and evidence urls are hyperlinks; the header is frozen and filtered.
    let parts = xlsx_parts(&path);
    let sheets: Vec<&String> = parts
        .iter()
        .filter(|p| p.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 5);
    let claims_xml = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    assert!(claims_xml.contains("<hyperlink "), "{claims_xml}");
    assert!(claims_xml.contains(r#"ySplit="1""#), "frozen header");
    assert!(claims_xml.contains("<autoFilter "), "filter");
    assert!(claims_xml.contains("<col "), "sized columns");
    let rels = xlsx_part(&path, "xl/worksheets/_rels/sheet2.xml.rels");
    assert!(rels.contains("https://example.org/r?a=1&amp;b=2"), "{rels}");
    let history_rels = xlsx_part(&path, "xl/worksheets/_rels/sheet4.xml.rels");
    assert!(
        history_rels.contains("https://example.org/e"),
        "evidence link"
    );
    for part in sheets {
        assert!(!xlsx_part(&path, part).contains("<f>"), "{part}: a formula");
    }
}

#[test]
fn hostile_text_is_a_string_never_a_formula() {
    let l = hostile_ledger();
    l.ok(&["export", "workbook", "--out", "h.xlsx"]);
    let path = l.path().join("h.xlsx");
    let book = workbook_cells(&path);
    // In a workbook a string cell is text whatever it starts with: no `'` is added.
    assert_eq!(
        *cell(&book["claims"], "c1", "quote"),
        Data::String(HOSTILE_QUOTE.into())
    );
    assert_eq!(
        *cell(&book["claims"], "c3", "quote"),
        Data::String("\t444 killed in Balochistan".into())
    );
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    for name in wb.sheet_names().to_vec() {
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has a formula"
        );
    }
    // Without --out it is refused, and --excel (a CSV byte-order mark) does not apply.
    l.fails(&["export", "workbook"], 2);
    l.fails(&["export", "workbook", "--out", "x.xlsx", "--excel"], 2);
    assert!(!l.path().join("x.xlsx").exists());
}

#[test]
fn the_legend_explains_every_column_code_and_severity() {
    let env = mangle_ledger();
    env.ok(&["export", "workbook", "--out", "r.xlsx"]);
    let book = workbook_cells(&env.path().join("r.xlsx"));
    let legend = &book["legend"];
    assert_eq!(
        legend[0],
        ["term", "sheet", "what it is", "means"].map(|t| Data::String(t.into()))
    );
    let has = |term: &str, sheet: &str| {
        legend.iter().any(|r| {
            r[0] == Data::String(term.into())
                && r[1].to_string().contains(sheet)
                && !r[3].to_string().is_empty()
        })
    };
    for sheet in ["findings", "claims", "audit", "history"] {
        for header in &book[sheet][0] {
            assert!(
                has(&header.to_string(), sheet),
                "{sheet}: {header} unexplained"
            );
        }
    }
    for n in 1..=15 {
        assert!(has(&format!("L{n:03}"), "findings"), "L{n:03}");
    }
    for term in ["error", "warning", "info", "supported", "refuted"] {
        assert!(has(term, ""), "{term}");
    }
}
