//! `report --out FILE.html`: the reviewers' page for the seed ledger, through the real binary:
//! self-contained, every error and warning finding with its working, a chart per key with more
//! than one claim, drawn as the legend says.

use crate::check_support::seeds_arg;
use crate::common::TestEnv;
use crate::export_support::hostile_ledger;
use std::fs;

fn page(env: &TestEnv, db: &str) -> String {
    let out = env.ok(&["--db", db, "report", "--out", "r.html"]);
    assert!(out.starts_with("wrote r.html: "), "{out}");
    fs::read_to_string(env.path().join("r.html")).unwrap()
}

#[test]
fn the_page_is_self_contained_and_shows_every_error_and_warning() {
    let env = TestEnv::new();
    let seeds = seeds_arg();
    let html = page(&env, &seeds);
    assert_eq!(page(&env, &seeds), html, "the same ledger, the same bytes");
    assert!(html.starts_with("<!doctype html>"));
    for banned in [
        "<script", "<link", "<img", "<iframe", "@import", "url(", " src=",
    ] {
        assert!(!html.contains(banned), "loads something: {banned}");
    }
    let check: serde_json::Value = serde_json::from_str(&env.ok(&[
        "--db",
        &seeds,
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]))
    .unwrap();
    let mut shown = 0;
    for f in check["findings"].as_array().unwrap() {
        let id = f["id"].as_str().unwrap();
        if f["severity"] == "info" {
            continue;
        }
        let at = html
            .find(&format!("id=\"finding-{id}\""))
            .unwrap_or_else(|| panic!("{id} not on the page"));
        let article = &html[at..at + html[at..].find("</article>").unwrap()];
        let working = f["working"].as_str().unwrap().replace('"', "&quot;");
        assert!(article.contains(&working), "{id}: its working");
        assert_eq!(
            article.contains("<b>Gap:</b>"),
            !f["gap"].is_null(),
            "{id}: a disagreement shows its gap"
        );
        for c in f["claims"].as_array().unwrap() {
            assert!(
                article.contains(&format!("#claim-{}", c.as_str().unwrap())),
                "{id}"
            );
        }
        shown += 1;
    }
    assert!(shown >= 4, "the seeds have errors and warnings");
    // Every claim has its anchor (ClaimReview's url points at it).
    let claims = env.ok(&["--db", &seeds, "list", "--format", "csv"]);
    for line in claims.lines().skip(1) {
        let id = line.split(',').next().unwrap();
        assert!(html.contains(&format!("id=\"claim-{id}\"")), "{id}");
    }
}

#[test]
fn charts_draw_ends_arrows_primaries_and_questioned_claims() {
    let env = TestEnv::new();
    let html = page(&env, &seeds_arg());
    let charts = html.matches("<svg class=\"chart\"").count();
    assert!(charts >= 4, "{charts}");
    let chart = |title: &str| {
        let at = html
            .find(title)
            .unwrap_or_else(|| panic!("no chart {title}"));
        let svg = &html[at..];
        svg[..svg.find("</svg>").unwrap()].to_string()
    };
    // PIPS's own 693 against the article's "around 1000": the body's own figure solid blue,
    // the other dashed; both questioned by L003 (red band, codes in the label).
    let fatalities = chart("count of fatalities · pakistan · 2023</h3>");
    assert_eq!(fatalities.matches("<g id=\"chart-").count(), 2);
    assert!(fatalities.contains("own figure · "));
    assert!(
        fatalities.contains("stroke-dasharray"),
        "the secondary claim is dashed"
    );
    assert_eq!(fatalities.matches("⚠ L003").count(), 2);
    assert!(
        fatalities.contains("href=\"https://pakpips.com/"),
        "labels link to sources"
    );
    // "51% increase" reads [50.5, 51.5], closed at both ends: two filled dots, no hollow one
    // (open ends are hollow: see the hostile ledger's "over 1,612" below).
    let change = chart("change of terrorist-attacks · pakistan · 2023 against 2022</h3>");
    assert!(change.contains("⚠ L004"));
    assert_eq!(change.matches("<circle").count(), 4, "{change}");
    assert!(
        !change.contains("fill=\"#ffffff\""),
        "closed ends are filled"
    );
}

#[test]
fn unbounded_sides_are_arrows_and_hostile_text_is_escaped() {
    let l = hostile_ledger();
    l.ok(&[
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
    l.ok(&[
        "source",
        "add",
        "s3",
        "--title",
        "<script>alert(1)</script>",
        "--url",
        "javascript:alert(1)",
    ]);
    l.ok(&[
        "add",
        "--id",
        "c6",
        "--source",
        "s3",
        "--quote",
        "1700 <b>killed</b>",
        "--printed",
        "1700",
        "--metric",
        "fatalities",
        "--place",
        "pakistan",
        "--period",
        "2024",
    ]);
    let html = page(&l, "ledger.db");
    assert!(!html.contains("<script"), "text is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("javascript:"), "only http(s) links");
    let at = html.find("<g id=\"chart-c5\"").unwrap();
    let row = &html[at..at + html[at..].find("</g>").unwrap()];
    assert_eq!(
        row.matches("<polygon").count(),
        1,
        "over 1,612: an arrow, {row}"
    );
    assert_eq!(row.matches("<circle").count(), 1, "and one hollow end");
    assert!(row.contains("fill=\"#ffffff\""));
    // A report that cannot be written leaves nothing behind.
    l.fails(&["report", "--out", "missing/r.html"], 2);
    assert!(!l.path().join("missing").exists());
}

#[test]
fn a_finding_off_the_key_charts_gets_its_own_chart() {
    let env = TestEnv::init();
    for args in [
        "org add pips --name PIPS",
        "place add pakistan --name Pakistan",
        "place add balochistan --name Balochistan --parent pakistan",
        "metric add fatalities --name Fatalities",
        "source add s1 --title Report --publisher pips --published 2025-01-02",
    ] {
        env.ok(&args.split(' ').collect::<Vec<_>>());
    }
    for (id, printed, place) in [
        ("whole", "1500", "pakistan"),
        ("part", "over 2,000", "balochistan"),
    ] {
        let quote = format!("{printed} killed");
        env.ok(&[
            "add",
            "--id",
            id,
            "--source",
            "s1",
            "--printed",
            printed,
            "--quote",
            &quote,
            "--metric",
            "fatalities",
            "--place",
            place,
            "--period",
            "2024",
            "--attributed-to",
            "pips",
        ]);
    }
    let html = page(&env, "ledger.db");
    let at = html
        .find("L007 part-exceeds-whole")
        .expect("the part exceeds its whole");
    let article = &html[at..at + html[at..].find("</article>").unwrap()];
    assert_eq!(
        article.matches("<svg class=\"chart\"").count(),
        1,
        "{article}"
    );
    assert_eq!(article.matches("⚠ L007").count(), 2);
    assert!(
        article.contains("fatalities balochistan 2024"),
        "which is the part"
    );
    assert!(article.contains("<polygon"), "over 2,000: unbounded above");
    assert!(!article.contains("On the chart"), "no key chart holds both");
}
