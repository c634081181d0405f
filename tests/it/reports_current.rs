//! `reports/` is current: each CSV there is exactly what `claimledger --db seeds export X`
//! writes from the seed ledger today. When a change to the seeds, the checks or the export
//! changes a report, this test fails with the command that brings it up to date, so the
//! reports in git never drift from the ledger they describe.

use crate::common;

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
    assert!(stale.is_empty(), "\n{}", stale.join("\n"));
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
