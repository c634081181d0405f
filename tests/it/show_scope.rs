//! `show ID` checks only what one claim's findings can involve (its metric tree, its own
//! provenance, the verdicts of the claims it shares findings with), for speed on large
//! ledgers. This holds that narrowing to the whole-ledger `check`: on a generated ledger with a
//! realistic mix of findings, the findings `show` lists for a claim are exactly those of
//! `check` that name it, for claims picked to cover every code.

use crate::check_support;
use crate::common;

use check_support::{report, Finding};
use common::TestEnv;
use std::collections::{BTreeMap, BTreeSet};

/// How many claims each finding code contributes to the sample.
const PER_CODE: usize = 6;

#[test]
fn show_lists_exactly_the_findings_check_reports_for_the_claim() {
    let env = TestEnv::new();
    let db = env.path().join("mixed.db");
    common::gen_db(&db, &["--claims", "30000"]);
    let db = db.to_str().expect("UTF-8 path");
    add_contradictions(&env, db);

    let report = report(&env, Some(db));

    // Claims questioned by (or cited by) each code, a few per code, plus some claims no
    // finding names beyond L011.
    let mut by_code: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in &report.findings {
        let picked = by_code.entry(f.code.as_str()).or_default();
        for c in f.claims.iter().chain(&f.evidence) {
            if picked.len() < PER_CODE {
                picked.insert(c);
            }
        }
    }
    for code in ["L003", "L004", "L005", "L006", "L007", "L012"] {
        assert!(
            by_code.contains_key(code),
            "the generated ledger has no {code} finding: the sample would not cover it\n{}",
            report.listing()
        );
    }
    let mut sample: BTreeSet<String> = by_code.values().flatten().map(|c| c.to_string()).collect();
    // And claims spread over the ledger: every level of the place tree, every kind, primary
    // and secondary, whether findings name them or not.
    sample.extend((1..=30_000).step_by(997).map(|n| format!("c-{n:07}")));

    for id in &sample {
        let id = id.as_str();
        let expect = |side: fn(&Finding) -> &Vec<String>| -> BTreeSet<String> {
            report
                .findings
                .iter()
                .filter(|f| side(f).iter().any(|c| c == id))
                .map(|f| format!("{} {} {}", f.id, f.severity, f.code))
                .collect()
        };
        let questioning = expect(|f| &f.claims);
        let citing = expect(|f| &f.evidence);
        let shown = env.ok(&["--db", db, "show", id]);
        let (shown_q, shown_c) = shown_sections(&shown);
        assert_eq!(
            shown_q, questioning,
            "show {id}: findings questioning it differ from check's\n{shown}"
        );
        assert_eq!(
            shown_c, citing,
            "show {id}: findings citing it differ from check's\n{shown}"
        );
    }
}

/// The `ID SEVERITY CODE` of each finding line in `show`'s two sections.
fn shown_sections(out: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let q = out.find("\nfindings questioning it").expect(out);
    let c = out.find("\nfindings citing it as evidence").expect(out);
    let lines = |section: &str| -> BTreeSet<String> {
        section
            .lines()
            .skip(2)
            .filter_map(|l| l.strip_prefix("  "))
            .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
            .collect()
    };
    (lines(&out[q..c]), lines(&out[c..]))
}

/// The generated ledger's figures are rounded so that every finding is a real disagreement,
/// and its keys rarely meet one body's own figures: a few claims that certainly contradict
/// each other (misattributed, against a source's own counts, a part above its whole) make
/// sure the sample covers L004, L005 and L007.
fn add_contradictions(env: &TestEnv, db: &str) {
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        env.ok(&all);
    };
    run(&["org", "add", "tb-body", "--name", "Test body"]);
    run(&["place", "add", "tb-land", "--name", "Test land"]);
    run(&[
        "place", "add", "tb-sub", "--name", "Test sub", "--parent", "tb-land",
    ]);
    run(&["metric", "add", "tb-events", "--name", "Test events"]);
    let text = env.path().join("tb.txt");
    std::fs::write(
        &text,
        "300 events in 2023, 200 in 2022, up 10%; 500 in the sub-region.\n",
    )
    .unwrap();
    let text = text.to_str().unwrap();
    for (id, publisher) in [("tb-report", "tb-body"), ("tb-article", "")] {
        let mut args = vec![
            "source",
            "add",
            id,
            "--title",
            id,
            "--published",
            "2024-02-01",
        ];
        args.extend(["--text", text]);
        if !publisher.is_empty() {
            args.extend(["--publisher", publisher]);
        }
        run(&args);
    }
    let claim = |id: &str, source: &str, printed: &str, place: &str, extra: &[&str]| {
        let mut args = vec!["add", "--id", id, "--source", source, "--quote"];
        args.extend(["300 events in 2023, 200 in 2022, up 10%; 500 in the sub-region."]);
        args.extend([
            "--printed",
            printed,
            "--metric",
            "tb-events",
            "--place",
            place,
        ]);
        args.extend(extra);
        run(&args);
    };
    let own = ["--period", "2023", "--attributed-to", "tb-body"];
    claim("tb-2023", "tb-report", "300", "tb-land", &own);
    claim(
        "tb-2022",
        "tb-report",
        "200",
        "tb-land",
        &["--period", "2022", "--attributed-to", "tb-body"],
    );
    claim(
        "tb-change",
        "tb-report",
        "up 10%",
        "tb-land",
        &["--period", "2023", "--kind", "change", "--base", "2022"],
    );
    claim("tb-sub-2023", "tb-report", "500", "tb-sub", &own);
    claim("tb-credited", "tb-article", "200", "tb-land", &own);
}
