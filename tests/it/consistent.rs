//! A ledger generated with `claimledger-bench gen-db --consistent` agrees with one ground truth
//! everywhere, so `check` must find no error and no warning in it (info is allowed: bodies'
//! differing hedges of one figure are not findings, but revisions or unreviewed claims may be).

use crate::common;
use assert_cmd::Command;

#[test]
fn consistent_ledger_has_no_errors_or_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("consistent.db");
    let gen_err = common::gen_db(&db, &["--consistent", "--claims", "2000"]);
    // The generator checks that every stored reading contains the truth it printed from: a
    // failure here is a disagreement between the reader and DESIGN's reading rules (or the
    // generator), not a check's fault.
    assert!(
        gen_err.contains("consistent: 0 stored readings exclude the truth"),
        "readings that exclude the truth:\n{gen_err}"
    );

    let out = Command::cargo_bin("claimledger")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let summary = &report["summary"];
    let errors = summary["error"].as_u64().unwrap();
    let warnings = summary["warning"].as_u64().unwrap();
    if errors + warnings > 0 {
        let shown: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "info")
            .take(10)
            .map(|f| {
                format!(
                    "{} {} {}: {} ({})",
                    f["code"], f["severity"], f["claims"], f["message"], f["working"]
                )
            })
            .collect();
        panic!(
            "{errors} error(s) and {warnings} warning(s) on a consistent ledger, for example:\n{}",
            shown.join("\n")
        );
    }
}
