//! `reports/` is current: each CSV and the page there are exactly what `claimledger --db seeds
//! export X` and `report` write from the seed ledger today, and the workbook holds the same
//! cells (compared by value and type, so that a writer's zip or metadata bytes do not matter);
//! `reports/README.md` documents every column of every report. When a change to the seeds, the checks or the export
//! changes a report, this test fails with the command that brings it up to date, so the
//! reports in git never drift from the ledger they describe.

use crate::common;
use crate::export_support::workbook_cells;

use common::TestEnv;
use std::fs;
use std::path::Path;

const REPORTS: [&str; 4] = ["claims", "findings", "history", "audit"];

#[test]
fn reports_match_the_seed_ledger() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("seeds");
    let env = TestEnv::new();
    let mut stale = Vec::new();
    for what in REPORTS {
        let fresh = env.ok(&["--db", seeds.to_str().unwrap(), "export", what]);
        let file = format!("reports/{what}.csv");
        let why = match fs::read(root.join(&file)) {
            Ok(kept) if kept == fresh.as_bytes() => continue,
            Ok(kept) => first_difference(&kept, fresh.as_bytes()),
            Err(e) => format!("cannot read it ({e})"),
        };
        stale.push(format!(
            "{file} is stale: run `scripts/refresh-reports` or the command \
             `cargo run --release -- --db seeds export {what} --out {file}` \
             and commit the result ({why})"
        ));
    }
    let fresh = env.ok(&[
        "--db",
        seeds.to_str().unwrap(),
        "report",
        "--out",
        "report.html",
    ]);
    assert!(fresh.starts_with("wrote"), "{fresh}");
    let page = fs::read(env.path().join("report.html")).unwrap();
    match fs::read(root.join("reports/report.html")) {
        Ok(kept) if kept == page => {}
        Ok(kept) => stale.push(format!(
            "reports/report.html is stale: run `scripts/refresh-reports` and commit the result ({})",
            first_difference(&kept, &page)
        )),
        Err(e) => stale.push(format!("reports/report.html: cannot read it ({e})")),
    }
    env.ok(&[
        "--db",
        seeds.to_str().unwrap(),
        "export",
        "workbook",
        "--out",
        "w.xlsx",
    ]);
    let fresh = workbook_cells(&env.path().join("w.xlsx"));
    let kept_path = root.join("reports/workbook.xlsx");
    if !kept_path.exists() {
        stale.push("reports/workbook.xlsx is missing: run `scripts/refresh-reports`".into());
    } else if workbook_cells(&kept_path) != fresh {
        stale.push(
            "reports/workbook.xlsx is stale (its cells differ from a fresh `export workbook`): run `scripts/refresh-reports` and commit the result"
                .into(),
        );
    }
    assert!(stale.is_empty(), "\n{}", stale.join("\n"));
}

/// Every column of every CSV report is a row of a table in `reports/README.md`.
#[test]
fn every_column_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("reports/README.md")).unwrap();
    let env = TestEnv::new();
    let seeds = root.join("seeds");
    let mut missing = Vec::new();
    for what in REPORTS {
        let csv = env.ok(&["--db", seeds.to_str().unwrap(), "export", what]);
        let header = csv.lines().next().unwrap();
        for column in header.split(',') {
            if !readme.contains(&format!("| `{column}` |")) {
                missing.push(format!("{what}: `{column}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented in reports/README.md: {missing:?}"
    );
}

/// Where the kept report and a fresh export part ways, for the failure message.
fn first_difference(kept: &[u8], fresh: &[u8]) -> String {
    let kept = String::from_utf8_lossy(kept);
    let fresh = String::from_utf8_lossy(fresh);
    let mut k = kept.lines();
    let mut f = fresh.lines();
    let mut n = 1;
    loop {
        match (k.next(), f.next()) {
            (Some(a), Some(b)) if a == b => n += 1,
            (None, None) => return "line ends differ".into(),
            (a, b) => {
                return format!(
                    "first difference at line {n}: kept {:?}, fresh {:?}",
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)")
                )
            }
        }
    }
}
