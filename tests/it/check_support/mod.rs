//! What the `check` tests share, on top of `common::TestEnv`: `check` run with an expected exit
//! code, its JSON report parsed and held to DESIGN's shape, a small vocabulary ledger to build
//! one case on, and lookups that print the whole report when a finding is missing.
#![allow(dead_code)] // each test crate uses a part

use crate::common::{describe, TestEnv};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The seed ledger directory of the repository.
pub fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The seed ledger directory as a `--db` argument.
pub fn seeds_arg() -> String {
    seeds().to_str().expect("UTF-8 path").to_string()
}

/// Run; assert exit `code`; return standard output. Unlike `TestEnv::fails`, exit 1 from
/// `check` is a verdict, not a refusal: nothing need be on standard error.
#[track_caller]
pub fn run_code(env: &TestEnv, args: &[&str], code: i32) -> String {
    let out = env.run(args);
    if out.status.code() != Some(code) {
        panic!("expected exit {code}\n{}", describe(args, &out));
    }
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// One finding of `check --format json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub id: String,
    pub code: String,
    pub name: String,
    pub severity: String,
    pub claims: Vec<String>,
    pub evidence: Vec<String>,
    pub message: String,
    pub working: String,
    pub waived: bool,
    /// A disagreement's gap in the claim's unit, and relative to the larger value.
    pub gap: Option<f64>,
    pub gap_relative: Option<f64>,
}

/// `check --format json`, parsed.
#[derive(Debug, Clone)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// `[error, warning, info, waived]`.
    pub summary: [u64; 4],
    /// The output as printed.
    pub raw: String,
}

pub const FINDING_KEYS: [&str; 11] = [
    "id",
    "code",
    "name",
    "severity",
    "claims",
    "evidence",
    "message",
    "working",
    "waived",
    "gap",
    "gap_relative",
];
pub const SUMMARY_KEYS: [&str; 4] = ["error", "warning", "info", "waived"];

/// Parse `check --format json` output, holding it to DESIGN's shape exactly: the top-level
/// keys, each finding's keys and types, the summary's keys, and the summary agreeing with the
/// findings it summarises.
#[track_caller]
pub fn parse_report(raw: &str) -> Report {
    let v: serde_json::Value = serde_json::from_str(raw)
        .unwrap_or_else(|e| panic!("check --format json is not JSON: {e}\n{raw}"));
    let obj = v.as_object().expect("a JSON object");
    let mut top: Vec<&str> = obj.keys().map(String::as_str).collect();
    top.sort_unstable();
    assert_eq!(top, ["findings", "summary"], "top-level keys\n{raw}");

    let strings = |f: &serde_json::Value, key: &str| -> Vec<String> {
        f[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} is not a list: {f}"))
            .iter()
            .map(|x| {
                x.as_str()
                    .unwrap_or_else(|| panic!("{key} holds a non-string: {f}"))
                    .to_string()
            })
            .collect()
    };
    let string = |f: &serde_json::Value, key: &str| -> String {
        f[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} is not a string: {f}"))
            .to_string()
    };
    let mut findings = Vec::new();
    for f in obj["findings"].as_array().expect("findings is a list") {
        let mut keys: Vec<&str> = f
            .as_object()
            .expect("a finding is an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut want = FINDING_KEYS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want, "keys of a finding: {f}");
        findings.push(Finding {
            id: string(f, "id"),
            code: string(f, "code"),
            name: string(f, "name"),
            severity: string(f, "severity"),
            claims: strings(f, "claims"),
            evidence: strings(f, "evidence"),
            message: string(f, "message"),
            working: string(f, "working"),
            waived: f["waived"]
                .as_bool()
                .unwrap_or_else(|| panic!("waived is not a boolean: {f}")),
            gap: f["gap"].as_f64(),
            gap_relative: f["gap_relative"].as_f64(),
        });
    }

    let s = obj["summary"].as_object().expect("summary is an object");
    let mut keys: Vec<&str> = s.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = SUMMARY_KEYS.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want, "summary keys\n{raw}");
    let summary = SUMMARY_KEYS.map(|k| {
        s[k].as_u64()
            .unwrap_or_else(|| panic!("summary.{k} is not a count\n{raw}"))
    });

    // The summary counts unwaived findings by severity, and the waived ones apart.
    let mut counted = [0u64; 4];
    for f in &findings {
        let i = match (f.waived, f.severity.as_str()) {
            (true, _) => 3,
            (false, "error") => 0,
            (false, "warning") => 1,
            (false, "info") => 2,
            (false, other) => panic!("unknown severity {other:?} in {f:?}"),
        };
        counted[i] += 1;
    }
    assert_eq!(
        summary, counted,
        "summary [error, warning, info, waived] disagrees with the findings\n{raw}"
    );
    Report {
        findings,
        summary,
        raw: raw.to_string(),
    }
}

/// `check --format json --fail-on never` (always exit 0), parsed.
#[track_caller]
pub fn report(env: &TestEnv, db: Option<&str>) -> Report {
    let mut args = Vec::new();
    if let Some(db) = db {
        args.extend(["--db", db]);
    }
    args.extend(["check", "--format", "json", "--fail-on", "never"]);
    parse_report(&env.ok(&args))
}

impl Report {
    /// Every finding, one line each, for failure messages.
    pub fn listing(&self) -> String {
        let mut s = String::new();
        for f in &self.findings {
            let _ = writeln!(
                s,
                "  {} {} {} {}{} claims={:?} evidence={:?}: {} | {}",
                f.id,
                f.code,
                f.severity,
                f.name,
                if f.waived { " [waived]" } else { "" },
                f.claims,
                f.evidence,
                f.message,
                f.working
            );
        }
        s
    }

    /// The findings with this code.
    pub fn with_code(&self, code: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.code == code).collect()
    }

    /// The one finding with this code whose claims are exactly `claims` (in any order).
    #[track_caller]
    pub fn get(&self, code: &str, claims: &[&str]) -> &Finding {
        let mut want: Vec<&str> = claims.to_vec();
        want.sort_unstable();
        let hits: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| {
                let mut have: Vec<&str> = f.claims.iter().map(String::as_str).collect();
                have.sort_unstable();
                f.code == code && have == want
            })
            .collect();
        match hits.as_slice() {
            [one] => one,
            [] => panic!(
                "no {code} finding questioning exactly {claims:?}; the report:\n{}",
                self.listing()
            ),
            _ => panic!(
                "{} {code} findings questioning {claims:?}; the report:\n{}",
                hits.len(),
                self.listing()
            ),
        }
    }

    /// Assert no finding with this code questions `claim`.
    #[track_caller]
    pub fn none_on(&self, code: &str, claim: &str) {
        if let Some(f) = self
            .findings
            .iter()
            .find(|f| f.code == code && f.claims.iter().any(|c| c == claim))
        {
            panic!(
                "unexpected {code} on {claim}: {f:?}\nthe report:\n{}",
                self.listing()
            );
        }
    }

    /// The codes present, other than L011 (unreviewed), sorted and deduplicated.
    pub fn codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .filter(|&c| c != "L011")
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    pub fn ids(&self) -> Vec<&str> {
        self.findings.iter().map(|f| f.id.as_str()).collect()
    }
}

/// Assert `f` has this severity and name.
#[track_caller]
pub fn assert_finding(f: &Finding, severity: &str, name: &str) {
    assert_eq!(f.severity, severity, "severity of {f:#?}");
    assert_eq!(f.name, name, "name of {f:#?}");
    assert!(is_finding_id(&f.id, &f.code), "id {:?} of {f:#?}", f.id);
}

/// Is `id` the lower-case code, `-` and 12 lower-case hex digits?
pub fn is_finding_id(id: &str, code: &str) -> bool {
    let prefix = format!("{}-", code.to_ascii_lowercase());
    id.len() == prefix.len() + 12
        && id.starts_with(&prefix)
        && id[prefix.len()..]
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// [`vocabulary_without_reviewer`], with `CLAIMLEDGER_REVIEWER=tester`.
pub fn vocabulary() -> TestEnv {
    let mut env = vocabulary_without_reviewer();
    env.set_env("CLAIMLEDGER_REVIEWER", "tester");
    env
}

/// A fresh ledger holding only a vocabulary: orgs `pips` and `crss`; places `pakistan` with
/// `khyber-pakhtunkhwa` (alias KP) and `balochistan` under it; metrics `terrorist-attacks`,
/// and `fatalities` with `security-force-deaths` under it. Built once per test binary through
/// the binary, then copied.
pub fn vocabulary_without_reviewer() -> TestEnv {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = BYTES.get_or_init(|| {
        let env = TestEnv::init();
        for args in [
            "org add pips --name PIPS",
            "org add crss --name CRSS",
            "place add pakistan --name Pakistan",
            "place add khyber-pakhtunkhwa --name Khyber-Pakhtunkhwa --parent pakistan --alias KP",
            "place add balochistan --name Balochistan --parent pakistan",
            "metric add terrorist-attacks --name Attacks",
            "metric add fatalities --name Fatalities",
            "metric add security-force-deaths --name SF-deaths --parent fatalities",
        ] {
            env.ok(&args.split(' ').collect::<Vec<_>>());
        }
        env.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
        std::fs::read(env.db()).expect("read the ledger")
    });
    let env = TestEnv::new();
    env.write_file("ledger.db", bytes);
    env
}

/// `source add ID --title ID [--publisher ORG] --published DATE`.
#[track_caller]
pub fn source(env: &TestEnv, id: &str, publisher: Option<&str>, published: &str) {
    let mut args = vec!["source", "add", id, "--title", id, "--published", published];
    if let Some(p) = publisher {
        args.extend(["--publisher", p]);
    }
    env.ok(&args);
}

/// `add --id ID --source SOURCE --printed PRINTED` with a quote holding the printed figure, and
/// `rest` (space-separated flags: metric, place, period, kind, ...).
#[track_caller]
pub fn claim(env: &TestEnv, id: &str, source: &str, printed: &str, rest: &str) {
    let quote = format!("the report gives {printed} in all");
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
