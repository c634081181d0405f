//! `export`: the reviewers' reports, run through the real binary on a small ledger full of
//! hostile text. Every CSV is checked with Python's csv module (as a spreadsheet user's
//! script would read it) and in Rust: equal row lengths, no cell a spreadsheet would run as a
//! formula, numbers as plain numbers, the same bytes on a second export, a BOM with --excel.

use crate::common;
use crate::export_support;

use common::{TestEnv, NOW};
use export_support::{cell, export, hostile_ledger, rows, HOSTILE_QUOTE, HOSTILE_TITLE};
use std::fs;
use std::path::Path;

const CSV_REPORTS: [&str; 4] = ["claims", "findings", "history", "audit"];

/// Columns written as numbers (never neutralised).
const NUMERIC: [&str; 7] = [
    "lower",
    "upper",
    "review",
    "error findings",
    "warning findings",
    "info findings",
    "waived findings",
];

/// Python's csv module on `file`: every row as long as the header, and no cell that a
/// spreadsheet would run as a formula outside the numeric columns, whose cells are numbers
/// or empty. Prints the row count.
const PY_CHECK: &str = r#"
import csv, sys
path, numeric = sys.argv[1], set(sys.argv[2].split(","))
with open(path, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
header = rows[0]
assert len(set(header)) == len(header), f"duplicate columns: {header}"
for n, row in enumerate(rows[1:], start=2):
    assert len(row) == len(header), f"{path}:{n}: {len(row)} cells, header has {len(header)}"
    for name, cell in zip(header, row):
        if name in numeric:
            if cell != "":
                float(cell)
                assert not cell.startswith("+"), f"{path}:{n}: {name} = {cell!r}"
        else:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), \
                f"{path}:{n}: {name} = {cell!r} would run as a formula"
print(len(rows) - 1)
"#;

fn python_check(file: &Path) -> usize {
    let out = std::process::Command::new("python3")
        .args(["-c", PY_CHECK])
        .arg(file)
        .arg(NUMERIC.join(","))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn every_report_is_safe_in_a_spreadsheet_and_deterministic() {
    let l = hostile_ledger();
    for what in CSV_REPORTS {
        let bytes = export(&l, what, false);
        let n = python_check(&l.path().join(format!("{what}.csv")));
        match what {
            "claims" | "audit" => assert_eq!(n, 4, "{what}: one row per claim"),
            "history" => assert_eq!(n, 3, "history: one row per review"),
            // One L004 (c2 credits pips with a figure pips did not publish), two L011.
            "findings" => assert_eq!(n, 3, "findings: one row per finding"),
            other => panic!("no row count expected for {other}"),
        }
        assert_eq!(
            export(&l, what, false),
            bytes,
            "{what}: a second export differs"
        );
        assert_eq!(
            l.ok(&["export", what]).into_bytes(),
            bytes,
            "{what}: standard output differs from --out"
        );
        let excel = export(&l, what, true);
        assert_eq!(&excel[..3], b"\xEF\xBB\xBF", "{what} --excel: no BOM");
        assert_eq!(
            &excel[3..],
            &bytes[..],
            "{what} --excel: more than a BOM added"
        );
        assert!(
            !bytes.starts_with(b"\xEF\xBB\xBF"),
            "{what}: BOM without --excel"
        );
        python_check(&l.path().join(format!("{what}-excel.csv")));
        assert!(
            bytes.ends_with(b"\n") && !bytes.ends_with(b"\r\n"),
            "{what}: rows end with \\n"
        );
    }
}

#[test]
fn hostile_text_is_neutralised_and_numbers_stay_numbers() {
    let l = hostile_ledger();
    let claims = rows(&export(&l, "claims", false));
    assert_eq!(cell(&claims, "c1", "quote"), format!("'{HOSTILE_QUOTE}"));
    assert_eq!(
        cell(&claims, "c1", "source title"),
        format!("'{HOSTILE_TITLE}")
    );
    assert_eq!(cell(&claims, "c1", "note"), "'@note");
    assert_eq!(cell(&claims, "c2", "quote"), "'-1500 +44 @x deaths");
    assert_eq!(cell(&claims, "c3", "quote"), "'\t444 killed in Balochistan");
    assert_eq!(cell(&claims, "c4", "quote"), "'\r12 more");
    assert_eq!(cell(&claims, "c1", "printed"), "1612");
    assert_eq!(cell(&claims, "c1", "lower"), "1612");
    assert_eq!(cell(&claims, "c1", "upper"), "1612");
    assert_eq!(cell(&claims, "c1", "lower open"), "no");
    assert_eq!(cell(&claims, "c1", "primary"), "yes");
    assert_eq!(
        cell(&claims, "c2", "primary"),
        "no",
        "crss published what pips counted"
    );
    assert_eq!(cell(&claims, "c3", "primary"), "yes");
    assert_eq!(cell(&claims, "c4", "attributed to"), "");
    assert_eq!(cell(&claims, "c4", "primary"), "no");
    assert_eq!(cell(&claims, "c2", "publisher"), "crss");
    assert_eq!(cell(&claims, "c2", "published"), "2025-01-05");

    let history = rows(&export(&l, "history", false));
    assert_eq!(
        history[0][..5],
        ["review", "claim", "quote", "printed", "verdict"]
    );
    assert_eq!(
        history[1][..5],
        ["1", "c1", &format!("'{HOSTILE_QUOTE}"), "1612", "supported"]
    );
    assert_eq!(cell(&history, "1", "evidence"), "'+https://pips.org/report");
    assert_eq!(cell(&history, "1", "note"), "'-checked");
    assert_eq!(cell(&history, "2", "evidence"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell(&history, "2", "reviewer"), "'@bilal");
    assert_eq!(cell(&history, "3", "verdict"), "refuted");
    assert_eq!(cell(&history, "3", "hash").len(), 64);

    let audit = rows(&export(&l, "audit", false));
    assert_eq!(
        audit[0][..23],
        claims[0][..],
        "audit starts with the claims columns"
    );
    assert_eq!(
        cell(&audit, "c1", "verdict"),
        "refuted",
        "the latest review counts"
    );
    assert_eq!(cell(&audit, "c1", "review note"), "revised");
    assert_eq!(cell(&audit, "c1", "review evidence"), "");
    assert_eq!(cell(&audit, "c2", "verdict"), "disputed");
    assert_eq!(cell(&audit, "c2", "reviewer"), "'@bilal");
    assert_eq!(cell(&audit, "c3", "verdict"), "");
    assert_eq!(cell(&audit, "c3", "reviewed at"), "");
    assert_eq!(cell(&audit, "c1", "unit"), "count");

    // Findings: one row per finding and questioned claim, with what a reviewer reads beside it.
    let findings = rows(&export(&l, "findings", false));
    let col = |name: &str| findings[0].iter().position(|h| h == name).unwrap();
    let c2 = findings[1..]
        .iter()
        .find(|f| f[col("claim")] == "c2" && f[1] == "L004")
        .expect("c2 contradicts pips's own figure");
    assert_eq!(c2[col("quote")], "'-1500 +44 @x deaths");
    assert_eq!(c2[col("source title")], "'@Annual report");
    assert_eq!(c2[col("printed")], "1500");
    assert_eq!(c2[col("lower")], "1500");
    assert_eq!(c2[col("unit")], "count");
    assert_eq!(c2[col("credited org")], "Pak Institute for Peace Studies");
    assert_eq!(c2[col("primary")], "no");
    assert_eq!(c2[col("verdict")], "disputed");
    assert_eq!(c2[col("evidence")], "c1");
    assert_eq!(c2[col("gap")], "112", "1612 − 1500, in the claim's unit");
    assert_eq!(c2[col("relative gap")], "0.0695", "112 ÷ 1612");
    assert_eq!(
        c2[col("evidence figures")],
        format!("c1: 1612 [1612] ({HOSTILE_TITLE})")
    );
    assert_eq!(c2[col("evidence url")], "https://example.org/pips");
    assert!(
        findings[1..]
            .iter()
            .all(|f| f[col("claim")] != "c1" || f[1] != "L004"),
        "pips's own figure is the evidence of the L004, not questioned by it"
    );

    // `list --format csv` goes through the same writer.
    let list = rows(l.ok(&["list", "--format", "csv"]).as_bytes());
    assert_eq!(cell(&list, "c1", "quote"), format!("'{HOSTILE_QUOTE}"));
    assert_eq!(cell(&list, "c2", "quote"), "'-1500 +44 @x deaths");
    assert_eq!(cell(&list, "c1", "note"), "'@note");
    assert_eq!(cell(&list, "c1", "lower"), "1612");
    assert_eq!(cell(&list, "c1", "unit"), "count");
}

#[test]
fn audit_tallies_match_the_findings_export() {
    let l = hostile_ledger();
    let findings = rows(&export(&l, "findings", false));
    let audit = rows(&export(&l, "audit", false));
    let col = |name: &str| findings[0].iter().position(|h| h == name).unwrap();
    let (claim_col, evidence_col) = (col("claim"), col("finding evidence"));
    let mut seen_evidence = 0;
    for claim in ["c1", "c2", "c3", "c4"] {
        let mut expect = [0usize; 4];
        let (mut ids, mut codes) = (Vec::new(), Vec::new());
        // One row per finding and questioned claim: the claim's own rows are its findings.
        for f in findings[1..].iter().filter(|f| f[claim_col] == claim) {
            let i = match (f[col("waived")].as_str(), f[3].as_str()) {
                ("yes", _) => 3,
                (_, "error") => 0,
                (_, "warning") => 1,
                _ => 2,
            };
            expect[i] += 1;
            if i < 3 {
                ids.push(f[0].clone());
                codes.push(f[1].clone());
            }
        }
        let got = [
            "error findings",
            "warning findings",
            "info findings",
            "waived findings",
        ]
        .map(|c| cell(&audit, claim, c).parse::<usize>().unwrap());
        assert_eq!(got, expect, "{claim}");
        assert_eq!(
            cell(&audit, claim, "questioned by"),
            ids.join(";"),
            "{claim}"
        );
        assert_eq!(
            cell(&audit, claim, "questioned codes"),
            codes.join(";"),
            "{claim}: one code per finding, never collapsed"
        );
        // Cited only as evidence: listed apart, and not counted above.
        let mut cited: Vec<String> = findings[1..]
            .iter()
            .filter(|f| f[evidence_col].split(';').any(|e| e == claim))
            .filter(|f| !ids.contains(&f[0]))
            .map(|f| f[0].clone())
            .collect();
        cited.dedup();
        let listed = cell(&audit, claim, "evidence in");
        let listed: Vec<&str> = listed.split(';').filter(|s| !s.is_empty()).collect();
        assert_eq!(listed, cited, "{claim}");
        seen_evidence += listed.len();
    }
    assert!(
        seen_evidence > 0,
        "the hostile ledger cites a claim as evidence"
    );
}

#[test]
fn a_waived_finding_shows_its_waiver() {
    let l = hostile_ledger();
    let check: serde_json::Value =
        serde_json::from_str(&l.ok(&["check", "--format", "json", "--fail-on", "never"])).unwrap();
    let id = check["findings"][0]["id"]
        .as_str()
        .expect("the hostile ledger has findings");
    l.ok(&[
        "waive",
        id,
        "--reason",
        "=accepted, counts differ",
        "--reviewer=-editor",
    ]);
    let findings = rows(&export(&l, "findings", false));
    python_check(&l.path().join("findings.csv"));
    assert_eq!(cell(&findings, id, "waived"), "yes");
    assert_eq!(
        cell(&findings, id, "waiver reason"),
        "'=accepted, counts differ"
    );
    assert_eq!(cell(&findings, id, "waived by"), "'-editor");
    assert_eq!(cell(&findings, id, "waived at"), NOW);
    let audit = rows(&export(&l, "audit", false));
    let questioned = cell(&findings, id, "claims");
    let claim = questioned
        .split(';')
        .next()
        .expect("a finding questions a claim");
    assert_eq!(cell(&audit, claim, "waived findings"), "1");
    let code = cell(&findings, id, "code");
    assert!(cell(&audit, claim, "waived codes")
        .split(';')
        .any(|c| c == code));
}

#[test]
fn unbounded_reading_sides_are_empty_cells() {
    let l = hostile_ledger();
    let added = l.run(&[
        "add",
        "--id",
        "c5",
        "--source",
        "s1",
        "--quote",
        "over 1,612 killed",
        "--printed",
        "over 1,612",
        "--metric",
        "fatalities",
        "--place",
        "pakistan",
        "--period",
        "2024",
    ]);
    assert!(added.status.success(), "{added:?}");
    let claims = rows(&export(&l, "claims", false));
    python_check(&l.path().join("claims.csv"));
    assert_eq!(cell(&claims, "c5", "lower"), "1612");
    assert_eq!(cell(&claims, "c5", "lower open"), "yes");
    assert_eq!(cell(&claims, "c5", "upper"), "");
    assert_eq!(cell(&claims, "c5", "upper open"), "yes");
}

#[test]
fn an_empty_ledger_exports_headers_only() {
    let l = TestEnv::init();
    for what in CSV_REPORTS {
        let bytes = export(&l, what, false);
        assert_eq!(rows(&bytes).len(), 1, "{what}: just the header");
        assert!(bytes.ends_with(b"\n"));
    }
    l.fails(&["export", "claimreview"], 2);
    l.ok(&["setting", "review-org-name", "Fact Desk"]);
    l.ok(&["setting", "review-org-url", "https://factdesk.example.org"]);
    assert_eq!(l.ok(&["export", "claimreview"]), "[]\n");
}

#[test]
fn a_failed_export_leaves_no_file() {
    let l = hostile_ledger();
    let stderr = l.fails(&["export", "claims", "--out", "missing-dir/claims.csv"], 2);
    assert!(stderr.contains("missing-dir/claims.csv"), "{stderr}");
    assert!(!l.path().join("missing-dir").exists());

    // An existing report is replaced whole.
    fs::write(
        l.path().join("claims.csv"),
        "old contents that are much longer than nothing\n".repeat(500),
    )
    .unwrap();
    let bytes = export(&l, "claims", false);
    assert!(bytes.starts_with(b"claim,source,"));
    let leftovers: Vec<_> = fs::read_dir(l.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// The reports read the claims in id order and each claim's latest review alongside them:
/// claims added out of id order, sources alternating, reviews of several claims interleaved
/// and one claim never reviewed.
#[test]
fn reports_pair_each_claim_with_its_source_and_latest_review() {
    let mut l = TestEnv::new();
    l.set_env("CLAIMLEDGER_REVIEWER", "ayesha");
    let claim = "--metric fatalities --period 2024 --place pakistan";
    for command in [
        "init".to_string(),
        "place add pakistan --name Pakistan".into(),
        "metric add fatalities --name Fatalities".into(),
        "source add s1 --title First".into(),
        "source add s2 --title Second".into(),
        format!("add --id c3 --source s1 --printed 3 --quote 3_dead {claim}"),
        format!("add --id c1 --source s2 --printed 1 --quote 1_dead {claim}"),
        format!("add --id c2 --source s1 --printed 2 --quote 2_dead {claim}"),
        format!("add --id c10 --source s2 --printed 10 --quote 10_dead {claim}"),
        "verify c3 --verdict supported".into(),
        "verify c1 --verdict disputed".into(),
        "verify c3 --verdict refuted --note second".into(),
        "verify c10 --verdict supported".into(),
        "verify c1 --verdict supported --note again".into(),
    ] {
        l.ok(&command.split(' ').collect::<Vec<_>>());
    }
    let audit = rows(&export(&l, "audit", false));
    let ids: Vec<&str> = audit[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["c1", "c10", "c2", "c3"], "id order, as text");
    for (id, title, verdict, note) in [
        ("c1", "Second", "supported", "again"),
        ("c10", "Second", "supported", ""),
        ("c2", "First", "", ""),
        ("c3", "First", "refuted", "second"),
    ] {
        assert_eq!(cell(&audit, id, "source title"), title, "{id}");
        assert_eq!(cell(&audit, id, "verdict"), verdict, "{id}");
        assert_eq!(cell(&audit, id, "review note"), note, "{id}");
    }
}
