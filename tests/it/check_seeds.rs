//! `check` on the seed ledger (`seeds/`, read as a directory): the main job CI runs, its text
//! report pinned by a golden file, the JSON, CSV and GitHub formats held to DESIGN and to each
//! other, the same report from the ledger imported into SQLite, and `show` listing a claim's
//! findings.

use crate::check_support;
use crate::common;

use check_support::{assert_finding, parse_report, run_code, seeds, seeds_arg, Finding, Report};
use common::{golden, TestEnv};

const MISATTRIBUTED: &str = "art-01-attacks-increase-2023";
const PIPS_CHANGE: &str = "pips23-01-attacks-change";

/// `--db seeds check ARGS`: exit 1 with the default `--fail-on` (the seeds hold errors).
#[track_caller]
fn seeds_check(env: &TestEnv, args: &[&str]) -> String {
    let db = seeds_arg();
    let mut all = vec!["--db", db.as_str(), "check"];
    all.extend_from_slice(args);
    run_code(env, &all, 1)
}

fn seeds_report(env: &TestEnv) -> Report {
    parse_report(&seeds_check(env, &["--format", "json"]))
}

/// The review rows of `seeds/reviews.csv`: `(claim, hash)`.
fn seed_reviews() -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(seeds().join("reviews.csv")).expect("seeds/reviews.csv");
    assert_eq!(
        r.headers().unwrap(),
        vec!["claim", "verdict", "reviewer", "at", "evidence", "note", "hash"]
    );
    r.records()
        .map(|row| {
            let row = row.expect("a reviews.csv row");
            (row[0].to_string(), row[6].to_string())
        })
        .collect()
}

/// The seeds' primary claims: those whose source's publisher is the org they are credited to.
fn primary_claims() -> Vec<String> {
    let mut sources = csv::Reader::from_path(seeds().join("sources.csv")).expect("sources.csv");
    let publisher: std::collections::HashMap<String, String> = sources
        .records()
        .map(|r| {
            let r = r.expect("a sources.csv row");
            (r[0].to_string(), r[3].to_string())
        })
        .collect();
    let mut claims = csv::Reader::from_path(seeds().join("claims.csv")).expect("claims.csv");
    claims
        .records()
        .map(|r| r.expect("a claims.csv row"))
        .filter(|r| !r[10].is_empty() && publisher.get(&r[1]) == Some(&r[10].to_string()))
        .map(|r| r[0].to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// the main job

/// The four problems of the seed articles (issue 13's table), each at the severity DESIGN's rule
/// gives, and nothing else at error or warning.
#[test]
fn seeds_find_the_four_problems_and_nothing_against_a_bodys_own_figure() {
    let env = TestEnv::new();
    let report = seeds_report(&env);
    let mut serious: Vec<(String, String, Vec<String>, Vec<String>)> = report
        .findings
        .iter()
        .filter(|f| f.severity != "info")
        .map(|f| {
            let mut claims = f.claims.clone();
            claims.sort();
            (
                f.severity.clone(),
                f.code.clone(),
                claims,
                f.evidence.clone(),
            )
        })
        .collect();
    serious.sort();
    let row = |sev: &str, code: &str, claims: &[&str], evidence: &[&str]| {
        let strings = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        (
            sev.to_string(),
            code.to_string(),
            strings(claims),
            strings(evidence),
        )
    };
    let mut want = vec![
        // 1. "a 51% increase" credited to PIPS: PIPS's own figure and its own counts.
        row("error", "L004", &[MISATTRIBUTED], &[PIPS_CHANGE]),
        row(
            "error",
            "L004",
            &[MISATTRIBUTED],
            &["pips22-02-attacks", "pips23-02-attacks"],
        ),
        // 2. "over 1,612 fatalities in 444 terrorist attacks" credited to CRSS: CRSS counted
        //    exactly 1,612 civilians and security personnel, and 909 terror attacks in all.
        row(
            "error",
            "L004",
            &["str-01-fatalities-2024"],
            &["crss24-03-civilian-sf-deaths"],
        ),
        row(
            "error",
            "L004",
            &["str-02-attacks-2024"],
            &["crss24-09-attacks"],
        ),
        row(
            "warning",
            "L003",
            &["pips24-01-attacks", "str-02-attacks-2024"],
            &[],
        ),
        // 3. "almost doubled" since 2021: PIPS's +27% and +17% compose to about +48.6%.
        row(
            "warning",
            "L015",
            &["er-01-attacks-almost-doubled"],
            &["pips22-01-attacks-change", PIPS_CHANGE],
        ),
        // 4. "nearly 500" and "around 1000" in 2023 against PIPS's 330 and 693.
        row(
            "warning",
            "L003",
            &["pips23-05-sf-deaths", "wal-01-sf-deaths-2023"],
            &[],
        ),
        row(
            "warning",
            "L003",
            &["pips23-04-fatalities", "wal-02-fatalities-2023"],
            &[],
        ),
    ];
    want.sort();
    assert_eq!(serious, want, "{}", report.listing());

    // Every error or warning questions an article's figure: none questions only bodies' own.
    let primary = primary_claims();
    assert!(primary.len() >= 30, "{primary:?}");
    for f in report.findings.iter().filter(|f| f.severity != "info") {
        assert!(
            f.claims.iter().any(|c| !primary.contains(c)),
            "a body's own figure questioned at {}: {f:#?}",
            f.severity
        );
    }
    // Bodies that count differently, and a body's change against another's counts: info.
    assert_eq!(
        report
            .get("L003", &["crss24-09-attacks", "pips24-01-attacks"])
            .severity,
        "info"
    );
    assert_eq!(
        report.get("L005", &["pips24-02-attacks-change"]).severity,
        "info"
    );

    // The chain's working shows the composition.
    let chain = report.get("L015", &["er-01-attacks-almost-doubled"]);
    assert!(
        chain.working.contains("[1.265, 1.275] × [1.165, 1.175]")
            && chain.working.contains("no overlap"),
        "{chain:#?}"
    );
}

#[test]
fn seeds_check_fails_the_build_and_matches_the_golden_report() {
    let env = TestEnv::new();
    let text = seeds_check(&env, &[]);
    golden("seeds_check.txt", &text);
    // The explicit default is the default.
    assert_eq!(seeds_check(&env, &["--fail-on", "error"]), text);
    assert_eq!(seeds_check(&env, &["--format", "text"]), text);
}

#[test]
fn seeds_json_has_designs_shape_and_the_misattribution() {
    let env = TestEnv::new();
    let report = seeds_report(&env);
    // Keys in DESIGN's order, as printed.
    assert!(
        report.raw.starts_with(r#"{"findings":[{"id":"#),
        "{}",
        report.raw
    );
    let first = &report.raw[..report.raw.find('}').unwrap()];
    let mut at = 0;
    for key in check_support::FINDING_KEYS {
        let pos = first[at..]
            .find(&format!("\"{key}\":"))
            .unwrap_or_else(|| panic!("key {key} missing or out of DESIGN's order in {first}"));
        at += pos;
    }
    assert!(
        report.raw.trim_end().ends_with(&format!(
            r#""summary":{{"error":{},"warning":{},"info":{},"waived":{}}}}}"#,
            report.summary[0], report.summary[1], report.summary[2], report.summary[3]
        )),
        "{}",
        report.raw
    );
    assert!(report.summary[0] >= 1, "no error in the seeds");
    assert_eq!(report.summary[3], 0, "nothing is waived in the seeds");

    // PIPS's own change contradicts the 51% credited to it.
    let against_figure: Vec<&Finding> = report
        .with_code("L004")
        .into_iter()
        .filter(|f| f.claims == [MISATTRIBUTED] && f.evidence.iter().any(|e| e == PIPS_CHANGE))
        .collect();
    assert_eq!(
        against_figure.len(),
        1,
        "one L004 questioning {MISATTRIBUTED} against {PIPS_CHANGE}:\n{}",
        report.listing()
    );
    let f = against_figure[0];
    assert_finding(f, "error", "misattributed");
    assert!(!f.waived);
    assert!(f.message.contains("51% increase"), "{f:#?}");
    assert!(f.working.contains("no overlap"), "{f:#?}");

    // ... and so does the change recomputed from PIPS's own counts, 306 and 262.
    let against_counts: Vec<&Finding> = report
        .with_code("L004")
        .into_iter()
        .filter(|f| f.claims == [MISATTRIBUTED] && f.working.contains("306"))
        .collect();
    assert_eq!(against_counts.len(), 1, "{}", report.listing());
    let f = against_counts[0];
    assert_finding(f, "error", "misattributed");
    assert!(
        f.working.contains("306") && f.working.contains("262"),
        "the working must show PIPS's counts: {f:#?}"
    );
    assert!(f.working.contains("16.79"), "{f:#?}");
    assert_eq!(
        f.evidence,
        ["pips22-02-attacks", "pips23-02-attacks"],
        "{f:#?}"
    );

    // The misattributed claim is questioned; the org's figures it was measured against are not.
    for f in report.with_code("L004") {
        assert_eq!(f.claims.len(), 1, "{f:#?}");
        assert!(!primary_claims().contains(&f.claims[0]), "{f:#?}");
    }
    for f in &report.findings {
        if f.code != "L011" {
            assert!(
                !f.claims.iter().any(|c| c == PIPS_CHANGE),
                "PIPS's own figure is questioned: {f:#?}"
            );
        }
    }
}

#[test]
fn seeds_report_findings_in_severity_order_with_unique_ids() {
    let env = TestEnv::new();
    let report = seeds_report(&env);
    let rank = |s: &str| ["error", "warning", "info"].iter().position(|x| *x == s);
    let ranks: Vec<usize> = report
        .findings
        .iter()
        .map(|f| rank(&f.severity).expect("a known severity"))
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "not ordered error, warning, info:\n{}",
        report.listing()
    );
    let mut ids = report.ids();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate finding ids:\n{}", report.listing());
    for f in &report.findings {
        assert!(
            check_support::is_finding_id(&f.id, &f.code),
            "bad id {:?}",
            f.id
        );
        assert!(!f.claims.is_empty(), "a finding questions no claim: {f:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// the other formats, against the JSON

#[test]
fn text_ends_with_the_summary_and_the_chain_head() {
    let env = TestEnv::new();
    let report = seeds_report(&env);
    let text = seeds_check(&env, &[]);
    assert!(text.ends_with('\n'), "{text}");
    let last = text.lines().last().expect("a summary line");
    let reviews = seed_reviews();
    let head = &reviews.last().expect("the seeds hold reviews").1;
    let [e, w, i, waived] = report.summary;
    assert_eq!(
        last,
        format!(
            "{e} error(s), {w} warning(s), {i} info, {waived} waived; review history: {} review(s), head {head}",
            reviews.len()
        ),
        "the text report's last line\n{text}"
    );
    // Every finding is in the text, with its code, name and claims; unreviewed claims are
    // one line per source with their count, and `--all` lists each.
    let all = seeds_check(&env, &["--all"]);
    let mut unreviewed = 0;
    for f in &report.findings {
        let line = format!("  {} {} {}\n", f.id, f.code, f.name);
        assert!(all.contains(&line), "{} missing from --all:\n{all}", f.id);
        assert!(all.contains(&f.message), "{}'s message not shown", f.id);
        if f.code == "L011" {
            unreviewed += 1;
            assert!(!text.contains(&line), "{} listed without --all", f.id);
        } else {
            assert!(
                text.contains(&line),
                "{} missing from the text report:\n{text}",
                f.id
            );
        }
    }
    let summarised: usize = text
        .lines()
        .filter_map(|l| l.strip_prefix("  L011 unreviewed: "))
        .map(|l| l.split(' ').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(summarised, unreviewed, "{text}");
    assert!(
        text.lines().count() <= 80,
        "the first screen fits in 80 lines:\n{text}"
    );
}

#[test]
fn csv_has_the_same_findings_as_json() {
    let env = TestEnv::new();
    let report = seeds_report(&env);
    let text = seeds_check(&env, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().expect("a header"),
        check_support::FINDING_KEYS.to_vec(),
        "{text}"
    );
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("check --format csv does not parse: {e}\n{text}"));
    assert_eq!(rows.len(), report.findings.len(), "{text}");
    for (row, f) in rows.iter().zip(&report.findings) {
        let want = [
            f.id.clone(),
            f.code.clone(),
            f.name.clone(),
            f.severity.clone(),
            f.claims.join(";"),
            f.evidence.join(";"),
            f.message.clone(),
            f.working.clone(),
            f.waived.to_string(),
        ];
        assert_eq!(
            row.iter().take(9).collect::<Vec<_>>(),
            want,
            "csv row of {}",
            f.id
        );
        // CSV shows the gap to 4 decimals, JSON as a number.
        for (cell, json) in [(&row[9], f.gap), (&row[10], f.gap_relative)] {
            let csv = (!cell.is_empty()).then(|| cell.parse::<f64>().expect("a number"));
            match (csv, json) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-4, "{}: {a} vs {b}", f.id),
                (a, b) => assert_eq!(a, b, "{}", f.id),
            }
        }
    }
    // A list of two is joined by `;`.
    let l004 = rows
        .iter()
        .find(|r| &r[1] == "L004" && r[7].contains("262"))
        .expect("the L004 on the counts");
    assert_eq!(&l004[5], "pips22-02-attacks;pips23-02-attacks");
}

/// Does `line` start with `::(error|warning|notice) [file=F,line=N,]title=L\d{3} [a-z-]+::`
/// and go on with a message? Returns the level, the code and the message.
fn github_command(line: &str) -> Option<(&str, &str, &str)> {
    let rest = line.strip_prefix("::")?;
    let (level, rest) = rest.split_once(' ')?;
    if !["error", "warning", "notice"].contains(&level) {
        return None;
    }
    let rest = match github_location(line) {
        Some((file, n)) => rest.strip_prefix(&format!("file={file},line={n},"))?,
        None => rest,
    };
    let rest = rest.strip_prefix("title=")?;
    let code = rest.get(..4)?;
    if !(code.starts_with('L') && code[1..].chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let rest = rest[4..].strip_prefix(' ')?;
    let (name, message) = rest.split_once("::")?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        return None;
    }
    (!message.is_empty()).then_some((level, code, message))
}

/// The `file=` and `line=` of a workflow command, if it has them.
fn github_location(line: &str) -> Option<(&str, u64)> {
    let rest = line.split_once(' ')?.1.strip_prefix("file=")?;
    let (file, rest) = rest.split_once(",line=")?;
    let (n, _) = rest.split_once(',')?;
    Some((file, n.parse().ok()?))
}

/// A workflow command without its location: what a ledger file's check prints.
fn without_location(line: &str) -> String {
    match github_location(line) {
        Some((file, n)) => line.replacen(&format!("file={file},line={n},"), "", 1),
        None => line.to_string(),
    }
}

#[test]
fn github_prints_one_workflow_command_per_unwaived_finding() {
    let env = TestEnv::new();
    let report = seeds_report(&env);
    let text = seeds_check(&env, &["--format", "github"]);
    let lines: Vec<&str> = text.lines().collect();
    let unwaived: Vec<&Finding> = report.findings.iter().filter(|f| !f.waived).collect();
    // One line per finding: no message spills onto a second line.
    assert_eq!(lines.len(), unwaived.len(), "{text}");
    for (line, f) in lines.iter().zip(&unwaived) {
        let (level, code, message) =
            github_command(line).unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
        let want = match f.severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(level, want, "{line}");
        assert_eq!(code, f.code, "{line}");
        assert!(line.contains(&format!(" {}::", f.name)), "{line}");
        assert!(
            message.contains(&f.id),
            "the message names the finding: {line}"
        );
        assert!(!message.contains('\r'), "{line:?}");
        // On the questioned claim's row of claims.csv, when it questions one.
        let claims_csv = check_support::seeds().join("claims.csv");
        match (f.claims.first(), github_location(line)) {
            (Some(claim), Some((file, n))) => {
                assert_eq!(file, claims_csv.to_str().unwrap(), "{line}");
                let row = std::fs::read_to_string(&claims_csv).unwrap();
                let row = row.lines().nth(n as usize - 1).unwrap();
                assert!(row.starts_with(&format!("{claim},")), "line {n}: {row}");
            }
            (None, None) => {}
            (claim, place) => panic!("claim {claim:?} at {place:?}: {line}"),
        }
    }
    // `%` is escaped in workflow command data: "51% increase" is printed as 51%25.
    let l004 = lines
        .iter()
        .find(|l| without_location(l).starts_with("::error title=L004 misattributed::"))
        .expect("an L004 annotation");
    assert!(l004.contains("51%25 increase"), "{l004}");
    assert!(!l004.contains("51% "), "{l004}");
}

#[test]
fn a_newline_inside_a_message_is_escaped_for_github() {
    let env = check_support::vocabulary();
    check_support::source(&env, "r", None, "2024-02-01");
    check_support::claim(
        &env,
        "r-300",
        "r",
        "300",
        "--metric terrorist-attacks --place pakistan --period 2023",
    );
    // The printed figure (and so the message) holds a line break.
    env.ok(&[
        "add",
        "--id",
        "r-over",
        "--source",
        "r",
        "--printed",
        "over\n400",
        "--quote",
        "well over\n400 attacks",
        "--metric",
        "terrorist-attacks",
        "--place",
        "pakistan",
        "--period",
        "2023",
    ]);
    let report = check_support::report(&env, None);
    let conflict = report.get("L003", &["r-300", "r-over"]);
    assert!(conflict.message.contains('\n'), "{conflict:#?}");

    let text = run_code(&env, &["check", "--format", "github"], 1);
    let unwaived = report.findings.iter().filter(|f| !f.waived).count();
    assert_eq!(text.lines().count(), unwaived, "{text}");
    for line in text.lines() {
        assert!(github_command(line).is_some(), "{line:?}");
    }
    let line = text
        .lines()
        .find(|l| l.contains(&conflict.id))
        .expect("the conflict's annotation");
    assert!(line.contains("over%0A400"), "{line}");

    // The CSV keeps the newline inside a quoted cell, so it still parses to one row each.
    let csv_text = run_code(&env, &["check", "--format", "csv"], 1);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), report.findings.len(), "{csv_text}");
}

// ---------------------------------------------------------------------------------------------
// stable output

#[test]
fn the_seeds_as_sqlite_give_the_same_report_as_the_directory() {
    let env = TestEnv::init();
    env.ok(&["import", &seeds_arg()]);
    for format in ["text", "json", "csv", "github"] {
        let mut from_dir = seeds_check(&env, &["--format", format]);
        let from_db = run_code(&env, &["check", "--format", format], 1);
        if format == "github" {
            // Only a directory has rows to point at.
            assert!(!from_db.contains("file="), "{from_db}");
            assert!(from_dir.contains(",line="), "{from_dir}");
            from_dir = from_dir
                .lines()
                .map(|l| without_location(l) + "\n")
                .collect();
        }
        assert_eq!(
            from_db, from_dir,
            "--format {format}: the imported ledger and the directory disagree"
        );
        // Twice the same bytes.
        assert_eq!(run_code(&env, &["check", "--format", format], 1), from_db);
        if format != "github" {
            assert_eq!(seeds_check(&env, &["--format", format]), from_dir);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// show

/// `show ID`'s two finding sections: (questioning it, citing it as evidence).
fn show_sections(env: &TestEnv, id: &str) -> (String, String) {
    let out = env.ok(&["--db", &seeds_arg(), "show", id]);
    let q = out
        .find("findings questioning it")
        .unwrap_or_else(|| panic!("no questioning section:\n{out}"));
    let c = out
        .find("findings citing it as evidence")
        .unwrap_or_else(|| panic!("no evidence section:\n{out}"));
    assert!(q < c, "{out}");
    (out[q..c].to_string(), out[c..].to_string())
}

#[test]
fn show_lists_findings_questioning_and_citing_the_claim() {
    let env = TestEnv::new();
    let report = seeds_report(&env);
    let questioning: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.claims.iter().any(|c| c == MISATTRIBUTED))
        .collect();
    assert!(
        questioning.iter().filter(|f| f.code == "L004").count() == 2,
        "{}",
        report.listing()
    );

    let (q, c) = show_sections(&env, MISATTRIBUTED);
    assert!(
        q.starts_with(&format!("findings questioning it ({})", questioning.len())),
        "{q}"
    );
    for f in &questioning {
        assert!(
            q.contains(&format!("{} {} {} {}", f.id, f.severity, f.code, f.name)),
            "{} not listed:\n{q}",
            f.id
        );
    }
    assert!(c.starts_with("findings citing it as evidence (0)"), "{c}");

    // The org's own figure: the L004 cites it as evidence, and does not question it.
    let citing: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.evidence.iter().any(|e| e == PIPS_CHANGE))
        .collect();
    // The 51% credited to PIPS (L004), and the chain 'almost doubled' is held against (L015).
    let mut codes: Vec<&str> = citing.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["L004", "L015"], "{}", report.listing());
    let (q, c) = show_sections(&env, PIPS_CHANGE);
    assert!(c.starts_with("findings citing it as evidence (2)"), "{c}");
    for f in &citing {
        assert!(c.contains(&f.id), "{c}");
        assert!(!q.contains(&f.id), "{q}");
    }
    assert!(
        c.contains(MISATTRIBUTED) && c.contains("er-01-attacks-almost-doubled"),
        "the messages name the claims: {c}"
    );
    assert!(!q.contains("L004") && !q.contains("L015"), "{q}");
}
