//! `check` as a gate: small ledgers built through commands where each check fires (and a
//! near miss where it must not), the severity rule, `--fail-on` exit codes, usage errors, and
//! finding ids that stay put across runs, storage and unrelated additions.

use crate::check_support;
use crate::common;

use check_support::{assert_finding, claim, report, run_code, source, vocabulary, Report};
use common::TestEnv;

/// `claim` on `terrorist-attacks` in `place` in `period`, credited to no one.
fn attacks(env: &TestEnv, id: &str, src: &str, printed: &str, place: &str, period: &str) {
    claim(
        env,
        id,
        src,
        printed,
        &format!("--metric terrorist-attacks --place {place} --period {period}"),
    );
}

// ---------------------------------------------------------------------------------------------
// L003 conflict and the severity rule

#[test]
fn conflicts_follow_the_severity_rule() {
    let env = vocabulary();
    source(&env, "pips-report", Some("pips"), "2024-01-05");
    source(&env, "crss-report", Some("crss"), "2024-01-01");
    source(&env, "tribune", None, "2024-02-01");
    source(&env, "magazine", None, "2024-02-01");
    let own = "--metric terrorist-attacks --place pakistan --period 2023 --attributed-to";
    claim(
        &env,
        "pips-own",
        "pips-report",
        "306",
        &format!("{own} pips"),
    );
    claim(
        &env,
        "crss-own",
        "crss-report",
        "586",
        &format!("{own} crss"),
    );
    attacks(
        &env,
        "tribune-nearly",
        "tribune",
        "nearly 200",
        "pakistan",
        "2023",
    );
    // Inside one source, two figures for KP in 2023 that cannot both hold.
    attacks(&env, "mag-a", "magazine", "50", "KP", "2023");
    attacks(&env, "mag-b", "magazine", "at least 80", "KP", "2023");
    // A figure that overlaps every other one on its key: no conflict.
    attacks(
        &env,
        "tribune-kp",
        "tribune",
        "between 50 and 90",
        "KP",
        "2023",
    );

    let r = report(&env, None);
    // Primary claims of two different orgs: the bodies count differently.
    let f = r.get("L003", &["crss-own", "pips-own"]);
    assert_finding(f, "info", "conflict");
    assert!(
        f.working.contains("[306]") && f.working.contains("[586]"),
        "{f:#?}"
    );
    assert!(f.working.contains("no overlap"), "{f:#?}");
    // A secondary claim from another source against each of them.
    for other in ["pips-own", "crss-own"] {
        let f = r.get("L003", &[other, "tribune-nearly"]);
        assert_finding(f, "warning", "conflict");
        assert!(f.working.contains("[180, 200]"), "{f:#?}");
        assert!(
            f.evidence.is_empty(),
            "a conflict questions both sides: {f:#?}"
        );
    }
    // One source against itself.
    let f = r.get("L003", &["mag-a", "mag-b"]);
    assert_finding(f, "error", "conflict");
    assert!(f.working.contains("[80, ∞)"), "{f:#?}");
    r.none_on("L003", "tribune-kp");
    assert_eq!(r.with_code("L003").len(), 4, "{}", r.listing());
}

// ---------------------------------------------------------------------------------------------
// L004 misattributed

#[test]
fn a_claim_contradicting_the_org_it_credits_is_misattributed() {
    let env = vocabulary();
    source(&env, "pips-report", Some("pips"), "2024-01-05");
    source(&env, "nation", None, "2024-02-01");
    let key = "--metric terrorist-attacks --place pakistan --period 2023 --attributed-to pips";
    claim(&env, "pips-own", "pips-report", "306", key);
    claim(&env, "nation-over", "nation", "over 400", key);
    claim(&env, "nation-about", "nation", "about 300", key);

    let r = report(&env, None);
    let f = r.get("L004", &["nation-over"]);
    assert_finding(f, "error", "misattributed");
    // The org's own figure is the evidence, not a questioned claim.
    assert_eq!(f.evidence, ["pips-own"], "{f:#?}");
    assert!(f.message.contains("pips"), "{f:#?}");
    assert!(
        f.working.contains("(400, ∞)") && f.working.contains("[306]"),
        "{f:#?}"
    );
    // A hedge that allows the org's figure is faithful.
    r.none_on("L004", "nation-about");
    r.none_on("L004", "pips-own");
    r.none_on("L003", "pips-own");
}

// ---------------------------------------------------------------------------------------------
// L005 change-arithmetic

#[test]
fn a_change_that_its_sources_counts_contradict() {
    let env = vocabulary();
    source(&env, "report", None, "2024-02-01");
    source(&env, "other", None, "2024-03-01");
    attacks(&env, "r-2023", "report", "300", "pakistan", "2023");
    attacks(&env, "r-2022", "report", "200", "pakistan", "2022");
    let change =
        "--kind change --metric terrorist-attacks --place pakistan --period 2023 --base 2022";
    claim(&env, "r-change", "report", "10% increase", change);
    claim(&env, "r-change-ok", "report", "50% increase", change);
    claim(&env, "other-change", "other", "fell by 20%", change);

    let r = report(&env, None);
    // Counts in the same source: the source contradicts itself.
    let f = r.get("L005", &["r-change"]);
    assert_finding(f, "error", "change-arithmetic");
    assert_eq!(f.evidence, ["r-2022", "r-2023"], "{f:#?}");
    assert!(f.working.contains("300 ÷ 200"), "{f:#?}");
    assert!(f.working.contains("+50%"), "{f:#?}");
    assert!(f.working.contains("[9.5, 10.5]"), "{f:#?}");
    // Another source's counts against a claim credited to no one: a warning.
    let f = r.get("L005", &["other-change"]);
    assert_finding(f, "warning", "change-arithmetic");
    assert_eq!(f.evidence, ["r-2022", "r-2023"], "{f:#?}");
    // The change the counts give is fine.
    r.none_on("L005", "r-change-ok");
}

// ---------------------------------------------------------------------------------------------
// L006 share-arithmetic

#[test]
fn a_share_that_its_sources_counts_contradict() {
    let env = vocabulary();
    source(&env, "report", None, "2024-02-01");
    attacks(&env, "r-kp", "report", "150", "KP", "2023");
    attacks(&env, "r-pak", "report", "300", "pakistan", "2023");
    let share = "--kind share --metric terrorist-attacks --period 2023 --of pakistan --place";
    claim(
        &env,
        "r-kp-share",
        "report",
        "80%",
        &format!("{share} khyber-pakhtunkhwa"),
    );
    claim(
        &env,
        "r-kp-ok",
        "report",
        "50%",
        &format!("{share} khyber-pakhtunkhwa"),
    );
    let r = report(&env, None);
    let f = r.get("L006", &["r-kp-share"]);
    assert_finding(f, "error", "share-arithmetic");
    assert_eq!(f.evidence, ["r-kp", "r-pak"], "{f:#?}");
    assert!(f.working.contains("150 ÷ 300"), "{f:#?}");
    assert!(f.working.contains("50%"), "{f:#?}");
    // The share the counts give is fine.
    r.none_on("L006", "r-kp-ok");
}

#[test]
fn shares_of_disjoint_parts_past_one_hundred_percent() {
    let env = vocabulary();
    source(&env, "report", None, "2024-02-01");
    let share = "--kind share --metric terrorist-attacks --period 2023 --of pakistan --place";
    claim(
        &env,
        "kp-share",
        "report",
        "60%",
        &format!("{share} khyber-pakhtunkhwa"),
    );
    claim(
        &env,
        "bal-share",
        "report",
        "50%",
        &format!("{share} balochistan"),
    );
    let r = report(&env, None);
    let f = r.get("L006", &["bal-share", "kp-share"]);
    assert_finding(f, "error", "share-arithmetic");
    assert!(f.working.contains("100%"), "{f:#?}");
}

// ---------------------------------------------------------------------------------------------
// L007 part-exceeds-whole

#[test]
fn a_part_surely_larger_than_its_whole() {
    let env = vocabulary();
    source(&env, "report", None, "2024-02-01");
    // A sub-place: KP above Pakistan.
    attacks(&env, "kp-2023", "report", "more than 500", "KP", "2023");
    attacks(&env, "pak-2023", "report", "300", "pakistan", "2023");
    // A sub-metric: security-force deaths above all fatalities.
    claim(
        &env,
        "sf-2023",
        "report",
        "400",
        "--metric security-force-deaths --place pakistan --period 2023",
    );
    claim(
        &env,
        "fat-2023",
        "report",
        "nearly 300",
        "--metric fatalities --place pakistan --period 2023",
    );
    // A sub-period: the first half above the year.
    attacks(&env, "bal-h1", "report", "120", "balochistan", "2022-H1");
    attacks(&env, "bal-2022", "report", "100", "balochistan", "2022");
    // Within bounds: a part that may be as large as the whole, not surely larger.
    attacks(&env, "kp-2022", "report", "up to 100", "KP", "2022-Q1");

    let r = report(&env, None);
    for (part, whole) in [
        ("kp-2023", "pak-2023"),
        ("sf-2023", "fat-2023"),
        ("bal-h1", "bal-2022"),
    ] {
        let f = r.get("L007", &[part, whole]);
        assert_finding(f, "error", "part-exceeds-whole");
        assert!(
            f.message.contains(part) && f.message.contains(whole),
            "{f:#?}"
        );
    }
    r.none_on("L007", "kp-2022");
    assert_eq!(r.with_code("L007").len(), 3, "{}", r.listing());
}

#[test]
fn disjoint_parts_surely_adding_past_the_whole() {
    let env = vocabulary();
    source(&env, "report", None, "2024-02-01");
    attacks(&env, "kp", "report", "200", "KP", "2022");
    attacks(&env, "bal", "report", "150", "balochistan", "2022");
    attacks(&env, "pak", "report", "300", "pakistan", "2022");
    let r = report(&env, None);
    let f = r.get("L007", &["bal", "kp", "pak"]);
    assert_finding(f, "error", "part-exceeds-whole");
    assert!(f.working.contains("= 350"), "{f:#?}");
}

#[test]
fn parts_past_the_whole_are_found_beside_a_part_alone_past_it() {
    // DESIGN: every check reports every finding. The first half of 2022 alone exceeds the
    // year; that must not hide KP and Balochistan, which do not overlap, adding up past it.
    let env = vocabulary();
    source(&env, "report", None, "2024-02-01");
    attacks(&env, "kp", "report", "200", "KP", "2022");
    attacks(&env, "bal", "report", "150", "balochistan", "2022");
    attacks(&env, "pak", "report", "300", "pakistan", "2022");
    attacks(&env, "pak-h1", "report", "350", "pakistan", "2022-H1");
    let r = report(&env, None);
    assert_finding(
        r.get("L007", &["pak", "pak-h1"]),
        "error",
        "part-exceeds-whole",
    );
    assert_finding(
        r.get("L007", &["bal", "kp", "pak"]),
        "error",
        "part-exceeds-whole",
    );
}

#[test]
fn parts_past_the_whole_are_found_beside_an_overlapping_larger_part() {
    // DESIGN: disjoint parts that surely add up past the whole are L007. KP (200) and
    // Balochistan (150) do not overlap and add up to 350 > 300. A consistent count for the
    // first half of the year (250) must not hide that.
    let env = vocabulary();
    source(&env, "report", None, "2024-02-01");
    attacks(&env, "kp", "report", "200", "KP", "2022");
    attacks(&env, "bal", "report", "150", "balochistan", "2022");
    attacks(&env, "pak", "report", "300", "pakistan", "2022");
    attacks(&env, "pak-h1", "report", "250", "pakistan", "2022-H1");
    let r = report(&env, None);
    assert_finding(
        r.get("L007", &["bal", "kp", "pak"]),
        "error",
        "part-exceeds-whole",
    );
}

// ---------------------------------------------------------------------------------------------
// L008 period-after-publication

#[test]
fn a_period_after_the_source_was_published() {
    let env = vocabulary();
    source(&env, "early", None, "2023-06-01");
    attacks(&env, "next-year", "early", "100", "pakistan", "2024");
    attacks(&env, "this-year", "early", "90", "balochistan", "2023");
    attacks(&env, "first-quarter", "early", "40", "KP", "2023-Q1");
    let r = report(&env, None);
    let f = r.get("L008", &["next-year"]);
    assert_finding(f, "error", "period-after-publication");
    assert!(f.message.contains("2023-06-01"), "{f:#?}");
    // A year still under way: a figure so far.
    let f = r.get("L008", &["this-year"]);
    assert_finding(f, "warning", "period-after-publication");
    r.none_on("L008", "first-quarter");
}

// ---------------------------------------------------------------------------------------------
// L010 duplicate

#[test]
fn one_source_holding_the_same_figure_twice() {
    let env = vocabulary();
    source(&env, "report", None, "2024-02-01");
    source(&env, "other", None, "2024-02-01");
    attacks(&env, "kp-1", "report", "150", "KP", "2023");
    attacks(&env, "kp-2", "report", "150", "khyber-pakhtunkhwa", "2023");
    // The same figure in another source is corroboration, not a duplicate.
    attacks(&env, "kp-other", "other", "150", "KP", "2023");
    let r = report(&env, None);
    let f = r.get("L010", &["kp-1", "kp-2"]);
    assert_finding(f, "warning", "duplicate");
    r.none_on("L010", "kp-other");
    assert_eq!(r.with_code("L010").len(), 1, "{}", r.listing());
}

// ---------------------------------------------------------------------------------------------
// L012 verdict-contradicted

#[test]
fn a_supported_claim_questioned_by_an_error() {
    let env = vocabulary();
    source(&env, "pips-report", Some("pips"), "2024-01-05");
    source(&env, "nation", None, "2024-02-01");
    source(&env, "post", None, "2024-02-01");
    let key = "--metric terrorist-attacks --place pakistan --period 2023 --attributed-to pips";
    claim(&env, "pips-own", "pips-report", "306", key);
    claim(&env, "nation-over", "nation", "over 400", key);
    claim(&env, "post-over", "post", "over 400", key);
    env.ok(&["verify", "nation-over", "--verdict", "supported"]);
    env.ok(&["verify", "post-over", "--verdict", "refuted"]);
    let r = report(&env, None);
    let misattributed = r.get("L004", &["nation-over"]);
    let f = r.get("L012", &["nation-over"]);
    assert_finding(f, "error", "verdict-contradicted");
    assert!(f.evidence.iter().any(|e| e == "pips-own"), "{f:#?}");
    assert!(f.message.contains(&misattributed.id), "{f:#?}");
    // A refuted claim agrees with the finding: nothing to report.
    r.get("L004", &["post-over"]);
    r.none_on("L012", "post-over");
}

#[test]
fn two_supported_claims_in_conflict() {
    let env = vocabulary();
    source(&env, "a", None, "2024-02-01");
    source(&env, "b", None, "2024-02-01");
    attacks(&env, "a-250", "a", "250", "pakistan", "2023");
    attacks(&env, "b-420", "b", "420", "pakistan", "2023");
    env.ok(&["verify", "a-250", "--verdict", "supported"]);
    env.ok(&["verify", "b-420", "--verdict", "supported"]);
    let r = report(&env, None);
    let conflict = r.get("L003", &["a-250", "b-420"]);
    assert_eq!(conflict.severity, "warning");
    let f = r.get("L012", &["a-250", "b-420"]);
    assert_finding(f, "error", "verdict-contradicted");
    assert!(f.message.contains(&conflict.id), "{f:#?}");
}

// ---------------------------------------------------------------------------------------------
// --fail-on and exit codes

/// A ledger whose worst finding is `worst` ("none", "info", "warning", "error").
fn ledger_at(worst: &str) -> TestEnv {
    let env = vocabulary();
    source(&env, "pips-report", Some("pips"), "2024-01-05");
    attacks(&env, "pips-own", "pips-report", "306", "pakistan", "2023");
    if worst == "none" {
        env.ok(&["verify", "pips-own", "--verdict", "supported"]);
        return env;
    }
    // info: the claim above is unreviewed (L011).
    if worst == "warning" || worst == "error" {
        source(&env, "tribune", None, "2024-02-01");
        attacks(
            &env,
            "tribune-200",
            "tribune",
            "nearly 200",
            "pakistan",
            "2023",
        );
    }
    if worst == "error" {
        attacks(&env, "tribune-kp", "tribune", "500", "KP", "2023");
        attacks(&env, "tribune-pak", "tribune", "400", "pakistan", "2024");
    }
    env
}

#[test]
fn fail_on_decides_the_exit_code() {
    for (worst, want) in [
        ("none", [0, 0, 0, 0]),
        ("info", [0, 0, 1, 0]),
        ("warning", [0, 1, 1, 0]),
        ("error", [1, 1, 1, 0]),
    ] {
        let env = ledger_at(worst);
        let r: Report = report(&env, None);
        let most = r
            .findings
            .iter()
            .map(|f| f.severity.as_str())
            .min_by_key(|s| ["error", "warning", "info"].iter().position(|x| x == s))
            .unwrap_or("none");
        assert_eq!(most, worst, "the ledger's worst finding\n{}", r.listing());
        for (fail_on, code) in ["error", "warning", "info", "never"].iter().zip(want) {
            for format in ["text", "json", "csv", "github"] {
                run_code(
                    &env,
                    &["check", "--fail-on", fail_on, "--format", format],
                    code,
                );
            }
        }
        // The default is --fail-on error.
        run_code(&env, &["check"], want[0]);
    }
}

#[test]
fn usage_errors_exit_2_with_nothing_on_stdout() {
    let env = ledger_at("error");
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--fail-on", "sometimes"],
        &["check", "--format"],
        &["check", "--fail-on"],
        &["check", "extra"],
        &["waive"],
        &["waive", "l004-000000000000"],
        &["waive", "l004-000000000000", "--reason"],
    ] {
        let out = env.run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            common::describe(args, &out)
        );
        assert!(out.stdout.is_empty(), "{}", common::describe(args, &out));
        assert!(!out.stderr.is_empty(), "{}", common::describe(args, &out));
    }
    let err = env.fails(&["check", "--format", "xml"], 2);
    assert!(err.contains("xml"), "{err}");
    let err = env.fails(&["check", "--fail-on", "sometimes"], 2);
    assert!(err.contains("sometimes"), "{err}");
    // A missing ledger is bad input too.
    let err = env.fails(&["--db", "nowhere.db", "check"], 2);
    assert!(err.contains("nowhere.db"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// stable ids

#[test]
fn the_same_ledger_as_sqlite_and_as_a_directory_gives_the_same_findings() {
    let env = ledger_at("error");
    env.ok(&["verify", "tribune-200", "--verdict", "supported"]);
    env.ok(&["dump", "dir"]);
    let from_db = run_code(&env, &["check", "--format", "json"], 1);
    let from_dir = run_code(&env, &["--db", "dir", "check", "--format", "json"], 1);
    let (a, b) = (
        check_support::parse_report(&from_db),
        check_support::parse_report(&from_dir),
    );
    assert!(a.findings.len() >= 5, "{}", a.listing());
    assert_eq!(a.ids(), b.ids());
    assert_eq!(from_db, from_dir, "the whole report, byte for byte");
    // Twice the same bytes, in every format.
    for format in ["text", "json", "csv", "github"] {
        let first = run_code(&env, &["check", "--format", format], 1);
        assert_eq!(run_code(&env, &["check", "--format", format], 1), first);
        let first = run_code(&env, &["--db", "dir", "check", "--format", format], 1);
        assert_eq!(
            run_code(&env, &["--db", "dir", "check", "--format", format], 1),
            first
        );
    }
}

#[test]
fn ids_depend_on_the_claims_not_on_the_rest_of_the_ledger() {
    let env = ledger_at("error");
    let before = report(&env, None);
    // Unrelated claims, another source, a review: every finding keeps its id.
    source(&env, "later", None, "2024-06-01");
    attacks(
        &env,
        "later-bal",
        "later",
        "about 90",
        "balochistan",
        "2023",
    );
    claim(
        &env,
        "later-fat",
        "later",
        "693",
        "--metric fatalities --place pakistan --period 2023",
    );
    env.ok(&["verify", "later-bal", "--verdict", "unverifiable"]);
    let after = report(&env, None);
    for f in &before.findings {
        let same = after
            .findings
            .iter()
            .find(|g| g.id == f.id)
            .unwrap_or_else(|| panic!("{} is gone\n{}", f.id, after.listing()));
        assert_eq!((&same.code, &same.claims), (&f.code, &f.claims));
    }
    // A different pair of claims, a different id.
    let ids = after.ids();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{}", after.listing());
}

// ---------------------------------------------------------------------------------------------
// L002 over many stored texts

#[test]
fn every_stored_text_is_held_to_its_own_claims_quotes() {
    let env = TestEnv::seeded();
    env.write_file("later.txt", "Officials counted 57 attacks in March.\n");
    env.ok(&[
        "source",
        "add",
        "zz-later",
        "--title",
        "Later",
        "--text",
        "later.txt",
    ]);
    // Added out of id order and alternating between the two texts' sources, so that neither
    // storage order nor id order groups a source's claims.
    let add = |id: &str, source: &str, quote: &str, printed: &str| {
        env.ok(&[
            "add",
            "--id",
            id,
            "--source",
            source,
            "--quote",
            quote,
            "--printed",
            printed,
            "--metric",
            "terrorist-attacks",
            "--place",
            "balochistan",
            "--period",
            "2023-03",
        ]);
    };
    add(
        "m-later-off",
        "zz-later",
        "Officials counted 58 attacks",
        "58",
    );
    add(
        "b-pips-in",
        "pips-2023",
        "PIPS recorded 306 terrorist attacks",
        "306",
    );
    add(
        "y-later-in",
        "zz-later",
        "counted 57 attacks in March",
        "57",
    );
    add(
        "a-pips-off",
        "pips-2023",
        "PIPS recorded 307 attacks",
        "307",
    );
    let l002 = |db: Option<&str>| {
        let mut named: Vec<String> = report(&env, db)
            .findings
            .iter()
            .filter(|f| f.code == "L002")
            .flat_map(|f| f.claims.clone())
            .collect();
        named.sort();
        named
    };
    assert_eq!(l002(None), ["a-pips-off", "m-later-off"]);
    env.ok(&["dump", "dir"]);
    assert_eq!(l002(Some("dir")), ["a-pips-off", "m-later-off"]);
}
