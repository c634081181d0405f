//! `export claims` and `export audit` of a generated ledger of several thousand claims, through
//! the real binary: enough claims for the reports to be made in many slices on two threads
//! (`src/store/report_chunks.rs`), so the files must still hold every claim once, in id order,
//! each row with the findings `export findings` (written row by row) gives it.

use crate::common::{self, TestEnv};
use crate::export_support::{export, rows};
use std::collections::HashMap;

/// Claims in the generated ledger: three slices of the reports' 2,048 claims, read on two
/// threads. (Whether chunks are written in id order whatever thread made them is tested with
/// slices of a few claims in `store::report_chunks` and `export::claims`.)
const CLAIMS: usize = 7_000;

#[test]
fn a_large_ledger_exports_every_claim_once_in_id_order_with_its_findings() {
    let env = TestEnv::new();
    // No reviews: every claim has a finding (L011 unreviewed) besides the disagreements.
    common::gen_db(
        &env.db(),
        &["--claims", &CLAIMS.to_string(), "--reviews-per-claim", "0"],
    );

    let claims = rows(&export(&env, "claims", false));
    let audit = rows(&export(&env, "audit", false));
    for report in [&claims, &audit] {
        let ids: Vec<&str> = report[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids.len(), CLAIMS, "one row per claim");
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "ids strictly ascending: each claim once, in id order"
        );
    }
    let width = audit[0].len();
    assert!(
        audit.iter().all(|r| r.len() == width),
        "every row as long as the header"
    );
    // The audit's claim columns are the claims export's, row for row.
    for (a, c) in audit.iter().zip(&claims) {
        assert_eq!(a[..c.len()], c[..], "{}", c[0]);
    }

    // Each claim's tallies against `export findings` (one row per finding and claim it
    // questions, written row by row on one thread).
    let findings = rows(&export(&env, "findings", false));
    let col = |name: &str| findings[0].iter().position(|h| h == name).unwrap();
    let (claim, severity, waived) = (col("claim"), col("severity"), col("waived"));
    let mut expect: HashMap<&str, [usize; 4]> = HashMap::new();
    for f in &findings[1..] {
        let i = match (f[waived].as_str(), f[severity].as_str()) {
            ("yes", _) => 3,
            (_, "error") => 0,
            (_, "warning") => 1,
            _ => 2,
        };
        expect.entry(f[claim].as_str()).or_default()[i] += 1;
    }
    assert_eq!(
        expect.len(),
        CLAIMS,
        "every claim is questioned by a finding"
    );
    assert!(
        expect.values().any(|t| t[0] + t[1] > 0),
        "some claims are questioned by errors or warnings too"
    );
    let tally: Vec<usize> = [
        "error findings",
        "warning findings",
        "info findings",
        "waived findings",
    ]
    .iter()
    .map(|c| audit[0].iter().position(|h| h == c).unwrap())
    .collect();
    for row in &audit[1..] {
        let got: Vec<usize> = tally.iter().map(|&i| row[i].parse().unwrap()).collect();
        let want = expect.get(row[0].as_str()).copied().unwrap_or_default();
        assert_eq!(got, want, "{}", row[0]);
    }
}
