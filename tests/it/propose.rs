//! `propose` on the seed articles (golden files, recall of the seed ledger's own claims, exact
//! quotes, skipped numbers with reasons, nothing written) and `add --from` (all or nothing,
//! FILE:LINE:COLUMN).

use crate::check_support::{seeds, seeds_arg};
use crate::common::{golden, TestEnv};
use std::collections::HashMap;

type Row = HashMap<String, String>;

fn rows(csv_text: &str) -> Vec<Row> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let head = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .map(str::to_string)
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The seed ledger imported into `ledger.db`.
fn seeded_with_seeds() -> TestEnv {
    let env = TestEnv::init();
    env.ok(&["import", &seeds_arg()]);
    env
}

const ARTICLES: [&str; 5] = [
    "article-2024-11-05",
    "eurasia-review-2024-11-08",
    "shemrez-2022-12-21",
    "stratheia-waqas-ali",
    "waleed-2024-09-28",
];

#[test]
fn propose_golden_on_seed_articles() {
    let env = TestEnv::new();
    for source in ["stratheia-waqas-ali", "shemrez-2022-12-21"] {
        let out = env.ok(&["--db", &seeds_arg(), "propose", source]);
        golden(&format!("propose-{source}.csv"), &out);
    }
}

#[test]
fn propose_finds_every_figure_the_seed_ledger_records_with_exact_quotes() {
    let env = TestEnv::new();
    let claims = rows(&std::fs::read_to_string(seeds().join("claims.csv")).unwrap());
    for source in ARTICLES {
        let text = std::fs::read_to_string(seeds().join(format!("texts/{source}.txt"))).unwrap();
        let out = rows(&env.ok(&["--db", &seeds_arg(), "propose", source]));
        let header_ok = out.first().is_some_and(|r| {
            r.contains_key("status") && r.contains_key("why") && r.contains_key("attributed_to")
        });
        assert!(
            header_ok,
            "{source}: claims.csv's columns plus status and why"
        );
        for r in &out {
            assert!(
                text.contains(&r["quote"]),
                "{source}: quote not in the text: {:?}",
                r["quote"]
            );
            assert!(
                r["quote"].contains(&r["printed"]),
                "{source}: printed not in its quote: {r:?}"
            );
            assert!(
                matches!(r["status"].as_str(), "candidate" | "skipped"),
                "{r:?}"
            );
            if r["status"] == "skipped" {
                assert!(!r["why"].is_empty() && r["id"].is_empty(), "{r:?}");
            } else {
                assert!(r["id"].starts_with(source), "{r:?}");
            }
        }
        let candidates: Vec<&str> = out
            .iter()
            .filter(|r| r["status"] == "candidate")
            .map(|r| r["printed"].as_str())
            .collect();
        // The recorded figure, or a span around it that the reader reads the same ("a total of
        // 95%" for "95%": the reader's grammar keeps the emphasis).
        for c in claims.iter().filter(|c| c["source"] == source) {
            assert!(
                candidates.iter().any(|p| p.contains(c["printed"].as_str())),
                "{source}: the ledger's {:?} was not proposed; candidates: {candidates:?}",
                c["printed"]
            );
        }
    }
}

#[test]
fn propose_skips_dates_durations_and_furniture_with_reasons() {
    let env = TestEnv::new();
    let out = rows(&env.ok(&["--db", &seeds_arg(), "propose", "waleed-2024-09-28"]));
    let why = |printed: &str| -> Vec<String> {
        out.iter()
            .filter(|r| r["printed"] == printed && r["status"] == "skipped")
            .map(|r| r["why"].clone())
            .collect()
    };
    assert!(why("2023")[0].contains("a year"), "{out:?}");
    assert!(why("two years")[0].contains("a duration"));
    assert!(why("1 hour ago")[0].contains("page furniture"));
    assert!(why("hammadwaleed82@gmail.com")[0].contains("email"));
    assert!(why("26-member")[0].contains("compound modifier"));
    let nearly = out.iter().find(|r| r["printed"] == "nearly 500").unwrap();
    assert_eq!(
        (
            nearly["status"].as_str(),
            nearly["kind"].as_str(),
            nearly["period"].as_str(),
            nearly["place"].as_str()
        ),
        ("candidate", "count", "2023", "pakistan")
    );
}

#[test]
fn propose_writes_nothing_to_the_ledger_and_out_is_whole() {
    let env = seeded_with_seeds();
    let before = env.count_rows("claims");
    let out = env.ok(&["propose", "stratheia-waqas-ali", "--out", "proposed.csv"]);
    assert!(out.contains("proposed.csv: 3 candidate(s)"), "{out}");
    assert!(out.contains("claimledger add --from proposed.csv"), "{out}");
    assert_eq!(env.count_rows("claims"), before);
    let file = std::fs::read_to_string(env.path().join("proposed.csv")).unwrap();
    assert_eq!(file, env.ok(&["propose", "stratheia-waqas-ali"]));
    let err = env.fails(&["propose", "pips-psr-2022"], 2);
    assert!(err.contains("has no stored text"), "{err}");
    let err = env.fails(&["propose", "stratheia"], 2);
    assert!(err.contains("unknown source \"stratheia\""), "{err}");
}

#[test]
fn proposed_ids_are_unique_in_the_ledger() {
    let env = seeded_with_seeds();
    let first = rows(&env.ok(&["propose", "waleed-2024-09-28"]));
    let ids: Vec<String> = first
        .iter()
        .filter(|r| r["status"] == "candidate")
        .map(|r| r["id"].clone())
        .collect();
    // Record the first candidate under its proposed id: proposing again avoids it.
    let c = first.iter().find(|r| r["id"] == ids[0]).unwrap();
    env.ok(&[
        "add",
        "--id",
        &c["id"],
        "--source",
        &c["source"],
        "--quote",
        &c["quote"],
        "--printed",
        &c["printed"],
        "--metric",
        "security-force-deaths",
        "--place",
        &c["place"],
        "--period",
        &c["period"],
    ]);
    let again = rows(&env.ok(&["propose", "waleed-2024-09-28"]));
    let new_first = &again.iter().find(|r| r["status"] == "candidate").unwrap()["id"];
    assert_eq!(*new_first, format!("{}-2", ids[0]));
}

/// Fill what propose left empty, as a person editing the file would.
fn edited(csv_text: &str) -> String {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let head = r.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&head).unwrap();
    for rec in r.records() {
        let mut cells: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
        if cells[col("metric")].is_empty() {
            cells[col("metric")] = "fatalities".into();
        }
        if cells[col("kind")] == "change" && cells[col("base")].is_empty() {
            cells[col("base")] = "2021".into();
        }
        w.write_record(&cells).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn add_from_records_an_edited_proposal_all_or_nothing() {
    let env = seeded_with_seeds();
    let before = env.count_rows("claims");
    let proposed = env.ok(&["propose", "shemrez-2022-12-21"]);
    // Unedited, the candidates without a metric are refused, every problem named, none written.
    env.write_file("shemrez.csv", &proposed);
    let err = env.fails(&["add", "--from", "shemrez.csv"], 2);
    assert!(
        err.contains("shemrez.csv: refused, nothing was written; 4 problem(s)"),
        "{err}"
    );
    assert!(err.contains("shemrez.csv:3:6: metric is missing"), "{err}");
    assert_eq!(env.count_rows("claims"), before);

    // As a spreadsheet saves it: with a byte-order mark.
    env.write_file("shemrez.csv", format!("\u{feff}{}", edited(&proposed)));
    let out = env.ok(&["add", "--from", "shemrez.csv"]);
    assert!(out.contains("added 4 claim(s) from shemrez.csv"), "{out}");
    assert!(
        out.contains("\"more than a hundred\" reads as (100, ∞)"),
        "{out}"
    );
    assert_eq!(env.count_rows("claims"), before + 4);
    // The same file again: the ids are taken now, so nothing more is written.
    let err = env.fails(&["add", "--from", "shemrez.csv"], 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(env.count_rows("claims"), before + 4);
    env.ok(&["check", "--fail-on", "never"]);
}

#[test]
fn add_from_reports_file_line_column_for_every_problem() {
    let env = TestEnv::seeded();
    env.write_file(
        "rows.csv",
        "id,source,quote,printed,kind,metric,place,period,base,of,attributed_to,note,status,why\n\
         ok-1,pips-2023,306 attacks,306,,terrorist-attacks,pakistan,2023,,,,,candidate,\n\
         bad-1,pips-2023,306 attacks,307,,terrorist-attacks,pakistn,2023,,,,,candidate,\n\
         ,pips-2023,\"dates, not figures\",2023,,,,,,,,,skipped,a year\n\
         bad-2,pips-2023,a 17% rise,17% rise,change,terrorist-attacks,pakistan,2023,2023,,,,,\n\
         ok-1,pips-2023,306 attacks,306,,terrorist-attacks,pakistan,2023,,,,,,\n",
    );
    let err = env.fails(&["add", "--from", "rows.csv"], 2);
    for at in [
        "rows.csv:3:4: the printed figure \"307\" is not in the quote",
        "rows.csv:3:7: unknown place \"pakistn\"",
        "rows.csv:5:9: base \"2023\" is the same period",
        "rows.csv:6:1: claim \"ok-1\" appears twice in the file",
    ] {
        assert!(err.contains(at), "missing {at:?} in:\n{err}");
    }
    assert!(err.contains("4 problem(s)"), "{err}");
    assert_eq!(env.claim_count(), 4, "nothing written");

    env.write_file("cols.csv", "id,source,quote,printed,colour\n");
    let err = env.fails(&["add", "--from", "cols.csv"], 2);
    assert!(
        err.contains("cols.csv:1:5: unknown column \"colour\""),
        "{err}"
    );
    assert!(err.contains("cols.csv:1:1: no metric column"), "{err}");
    let err = env.fails(&["add", "--from", "missing.csv"], 2);
    assert!(err.contains("missing.csv"), "{err}");
    let err = env.fails(&["add", "--from", "rows.csv", "--printed", "306"], 2);
    assert!(err.contains("cannot be used with"), "{err}");
}
