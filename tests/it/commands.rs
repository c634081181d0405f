//! The ledger core through the real binary on a real SQLite file: init, the vocabulary (orgs,
//! places, metrics, aliases), sources, `add` and its refusals, `list` and `show`.

use crate::common;

use common::{golden, is_generated_claim_id, is_sha256_hex, TestEnv, SEED_TEXT};
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------------------------------------
// init and the ledger file

#[test]
fn init_creates_the_file_and_a_second_init_is_fine() {
    let env = TestEnv::new();
    assert!(!env.db().exists());
    let out = env.ok(&["init"]);
    assert!(env.db().is_file(), "init did not create ledger.db");
    assert!(
        out.contains("ledger.db"),
        "init should name the ledger: {out}"
    );
    // The schema is there: the tables of the canonical form.
    let tables: Vec<String> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    for t in [
        "claims", "metrics", "orgs", "places", "reviews", "settings", "sources", "waivers",
    ] {
        assert!(tables.iter().any(|x| x == t), "no table {t}: {tables:?}");
    }

    // A second init keeps what is there.
    env.ok(&["org", "add", "pips", "--name", "PIPS"]);
    env.ok(&["init"]);
    assert_eq!(env.ok(&["org", "list"]).lines().count(), 1);
}

#[test]
fn commands_on_a_missing_ledger_exit_2_naming_the_path_and_init() {
    let env = TestEnv::new();
    for args in [
        &["list"][..],
        &["org", "add", "pips", "--name", "PIPS"],
        &["show", "x"],
        &["check"],
    ] {
        let err = env.fails(args, 2);
        assert!(err.contains("ledger.db"), "{args:?}: {err}");
        assert!(err.contains("init"), "{args:?}: {err}");
    }
    let err = env.fails(&["--db", "elsewhere/my.db", "list"], 2);
    assert!(err.contains("elsewhere/my.db"), "{err}");
    assert!(err.contains("init"), "{err}");
    // Refusing must not leave an empty database behind.
    assert!(!env.db().exists(), "a read on a missing ledger created it");
    assert!(!env.path().join("elsewhere").exists());
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_not_a_panic() {
    let env = TestEnv::new();
    env.write_file("ledger.db", "this is not a database\n");
    let out = env.run(&["list"]);
    let code = out.status.code();
    assert!(
        code == Some(2) || code == Some(3),
        "expected exit 2 or 3\n{}",
        common::describe(&["list"], &out)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("claimledger: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// orgs, places, metrics

#[test]
fn vocabulary_add_and_list() {
    // Seeded here through the binary, not copied: the seed itself is under test.
    let env = TestEnv::init();
    env.seed_small();
    assert_eq!(
        env.ok(&["org", "list"]),
        "crss\tCentre for Research and Security Studies\tCRSS\n\
         dawn\tDawn\t\n\
         pips\tPak Institute for Peace Studies\tPIPS\n"
    );
    assert_eq!(
        env.ok(&["place", "list"]),
        "balochistan\tBalochistan\tpakistan\t\n\
         khyber-pakhtunkhwa\tKhyber Pakhtunkhwa\tpakistan\tKPK|KP\n\
         pakistan\tPakistan\t\t\n"
    );
    assert_eq!(
        env.ok(&["metric", "list"]),
        "fatalities\tFatalities\t\tpeople killed in attacks\tdeaths\n\
         security-force-deaths\tSecurity force deaths\tfatalities\t\t\n\
         terrorist-attacks\tTerrorist attacks\t\t\t\n"
    );
}

#[test]
fn parent_may_be_given_by_alias_and_must_exist() {
    let env = TestEnv::seeded();
    env.ok(&[
        "place", "add", "peshawar", "--name", "Peshawar", "--parent", "kp",
    ]);
    assert!(env
        .ok(&["place", "list"])
        .contains("peshawar\tPeshawar\tkhyber-pakhtunkhwa\t"));
    let err = env.fails(
        &[
            "place",
            "add",
            "quetta",
            "--name",
            "Quetta",
            "--parent",
            "balochstan",
        ],
        2,
    );
    assert!(err.contains("balochstan"), "{err}");
    assert!(err.contains("did you mean \"balochistan\""), "{err}");
    assert!(!env.ok(&["place", "list"]).contains("quetta"));

    let err = env.fails(
        &[
            "metric",
            "add",
            "police-deaths",
            "--name",
            "Police deaths",
            "--parent",
            "fatalites",
        ],
        2,
    );
    assert!(err.contains("did you mean \"fatalities\""), "{err}");
}

#[test]
fn ids_must_be_slugs() {
    let env = TestEnv::init();
    for (args, bad) in [
        (&["org", "add", "PIPS", "--name", "x"][..], "PIPS"),
        (&["org", "add", "pak_inst", "--name", "x"], "pak_inst"),
        (
            &["place", "add", "North Waziristan", "--name", "x"],
            "North Waziristan",
        ),
        (
            &["metric", "add", "police.deaths", "--name", "x"],
            "police.deaths",
        ),
        (&["source", "add", "Dawn.2024", "--title", "x"], "Dawn.2024"),
    ] {
        let err = env.fails(args, 2);
        assert!(err.contains(bad), "{args:?}: {err}");
        assert!(err.contains("slug"), "{args:?}: {err}");
    }
    assert_eq!(env.ok(&["org", "list"]), "");
    assert_eq!(env.ok(&["place", "list"]), "");
    assert_eq!(env.ok(&["metric", "list"]), "");
    assert_eq!(env.ok(&["source", "list"]), "");
}

#[test]
fn duplicate_ids_are_refused() {
    let env = TestEnv::seeded();
    for (args, id) in [
        (&["org", "add", "pips", "--name", "Another"][..], "pips"),
        (
            &["place", "add", "pakistan", "--name", "Another"],
            "pakistan",
        ),
        (
            &["metric", "add", "fatalities", "--name", "Another"],
            "fatalities",
        ),
        (
            &["source", "add", "dawn-2024", "--title", "Another"],
            "dawn-2024",
        ),
    ] {
        let err = env.fails(args, 2);
        assert!(err.contains(id), "{args:?}: {err}");
        assert!(err.contains("already exists"), "{args:?}: {err}");
    }
    // Nothing changed: the first rows stand.
    assert!(env
        .ok(&["org", "list"])
        .contains("pips\tPak Institute for Peace Studies\t"));
    assert!(!env.ok(&["org", "list"]).contains("Another"));
    assert!(!env.ok(&["source", "list"]).contains("Another"));
}

// ---------------------------------------------------------------------------------------------
// sources

#[test]
fn source_text_is_stored_byte_for_byte_with_its_sha256() {
    let env = TestEnv::seeded();
    let expected: String = Sha256::digest(SEED_TEXT.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let show = env.ok(&["source", "show", "pips-2023"]);
    assert!(
        show.contains(&format!("stored, sha256 {expected}")),
        "{show}"
    );
    assert!(show.contains("publisher  pips"), "{show}");
    assert!(show.contains("published  2024-01-05"), "{show}");
    assert!(show.contains("pips-attacks-2023"), "{show}");
    let (text, sha): (String, String) = env
        .conn()
        .query_row(
            "SELECT text, text_sha256 FROM sources WHERE id = 'pips-2023'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(text, SEED_TEXT);
    assert_eq!(sha, expected);
    assert!(is_sha256_hex(&sha));

    // A source without text says so.
    let show = env.ok(&["source", "show", "dawn-2024"]);
    assert!(show.contains("(not stored)"), "{show}");
}

#[test]
fn source_list_and_publisher_by_alias() {
    let env = TestEnv::seeded();
    env.ok(&[
        "source",
        "add",
        "crss-q3",
        "--title",
        "Q3 report",
        "--publisher",
        "crss",
        "--published",
        "2024-10",
    ]);
    env.ok(&[
        "source",
        "add",
        "pips-press",
        "--title",
        "Press release",
        "--publisher",
        "Pips",
    ]);
    assert_eq!(
        env.ok(&["source", "list"]),
        "crss-q3\t2024-10\tcrss\tQ3 report\n\
         dawn-2024\t2024-04-10\tdawn\tMilitancy in the first quarter\n\
         pips-2023\t2024-01-05\tpips\tPakistan Security Report 2023\n\
         pips-press\t\tpips\tPress release\n"
    );
    let err = env.fails(
        &[
            "source",
            "add",
            "x-1",
            "--title",
            "X",
            "--publisher",
            "unknown-body",
        ],
        2,
    );
    assert!(err.contains("unknown org \"unknown-body\""), "{err}");
}

#[test]
fn non_utf8_text_is_refused_and_nothing_written() {
    let env = TestEnv::seeded();
    env.write_file("latin1.txt", b"Pe\xf1a reported 306 attacks\n");
    let err = env.fails(
        &[
            "source",
            "add",
            "latin",
            "--title",
            "Latin-1",
            "--text",
            "latin1.txt",
        ],
        2,
    );
    assert!(err.contains("latin1.txt"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
    assert!(!env.ok(&["source", "list"]).contains("latin"));
    assert_eq!(env.count_rows("sources"), 2);
}

#[test]
fn missing_text_file_is_refused_naming_it() {
    let env = TestEnv::seeded();
    let err = env.fails(
        &[
            "source",
            "add",
            "gone",
            "--title",
            "Gone",
            "--text",
            "no-such-file.txt",
        ],
        2,
    );
    assert!(err.contains("no-such-file.txt"), "{err}");
    assert_eq!(env.count_rows("sources"), 2);
}

#[test]
fn malformed_published_date_is_refused() {
    let env = TestEnv::seeded();
    for bad in ["2024-13-01", "Jan 2024", "2024-02-30", "24-01-05", ""] {
        let err = env.fails(
            &[
                "source",
                "add",
                "bad-date",
                "--title",
                "X",
                "--published",
                bad,
            ],
            2,
        );
        assert!(err.contains("--published"), "{bad:?}: {err}");
        assert!(err.contains(&format!("{bad:?}")), "{bad:?}: {err}");
    }
    assert_eq!(env.count_rows("sources"), 2);
    // Partial dates are fine.
    env.ok(&[
        "source",
        "add",
        "by-year",
        "--title",
        "X",
        "--published",
        "2024",
    ]);
    env.ok(&[
        "source",
        "add",
        "by-month",
        "--title",
        "X",
        "--published",
        "2024-02",
    ]);
}

// ---------------------------------------------------------------------------------------------
// add

/// The arguments of an `add` of a good claim on the seeded ledger, with each of `overrides`
/// replacing the flag of that name or appended when there is none.
fn add_args<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<&'a str> {
    let mut flags: Vec<(&str, &str)> = vec![
        ("--source", "pips-2023"),
        (
            "--quote",
            "PIPS recorded 306 terrorist attacks across Pakistan in 2023",
        ),
        ("--printed", "306"),
        ("--metric", "terrorist-attacks"),
        ("--place", "pakistan"),
        ("--period", "2023"),
    ];
    for (flag, value) in overrides {
        match flags.iter_mut().find(|(f, _)| f == flag) {
            Some(slot) => slot.1 = value,
            None => flags.push((flag, value)),
        }
    }
    let mut args = vec!["add"];
    for (f, v) in flags {
        args.push(f);
        args.push(v);
    }
    args
}

#[test]
fn add_prints_the_id_and_reading() {
    let env = TestEnv::seeded();
    let out = env.ok(&add_args(&[("--id", "my-claim")]));
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with("my-claim\t"), "{out}");
    assert!(first.contains("\"306\""), "{out}");
    assert!(first.contains("[306]"), "{out}");
    assert!(env.claim_ids(&[]).contains(&"my-claim".to_string()));
}

#[test]
fn add_accepts_aliases_case_blind() {
    let env = TestEnv::seeded();
    env.ok(&add_args(&[
        ("--id", "aliased"),
        (
            "--quote",
            "In the first half of the year, 412 people were killed in Khyber Pakhtunkhwa",
        ),
        ("--printed", "412"),
        ("--metric", "DEATHS"),
        ("--place", "kpk"),
        ("--period", "2023-H1"),
        ("--attributed-to", "Pips"),
    ]));
    let rows = env.claims_csv(&[]);
    let row = rows.iter().find(|r| r["id"] == "aliased").expect("claim");
    assert_eq!(row["metric"], "fatalities");
    assert_eq!(row["place"], "khyber-pakhtunkhwa");
    assert_eq!(row["attributed_to"], "pips");

    // A union of places, by alias, is stored as sorted ids.
    env.ok(&add_args(&[
        ("--id", "union"),
        ("--place", "KP+Balochistan"),
    ]));
    let rows = env.claims_csv(&[]);
    let row = rows.iter().find(|r| r["id"] == "union").expect("claim");
    assert_eq!(row["place"], "balochistan+khyber-pakhtunkhwa");
}

#[test]
fn add_keeps_an_explicit_id_and_refuses_a_taken_or_bad_one() {
    let env = TestEnv::seeded();
    env.ok(&add_args(&[("--id", "kept-id-1")]));
    assert!(env.claim_ids(&[]).contains(&"kept-id-1".to_string()));
    let before = env.claim_count();
    let err = env.fails(&add_args(&[("--id", "kept-id-1")]), 2);
    assert!(
        err.contains("kept-id-1") && err.contains("already exists"),
        "{err}"
    );
    let err = env.fails(&add_args(&[("--id", "Not_A_Slug")]), 2);
    assert!(err.contains("Not_A_Slug") && err.contains("slug"), "{err}");
    assert_eq!(env.claim_count(), before);
}

#[test]
fn generated_ids_are_c_and_12_hex_and_unique() {
    let env = TestEnv::seeded();
    let a = env.ok(&add_args(&[]));
    let b = env.ok(&add_args(&[]));
    let id = |out: &str| out.split('\t').next().unwrap_or_default().to_string();
    let (a, b) = (id(&a), id(&b));
    assert!(is_generated_claim_id(&a), "{a:?}");
    assert!(is_generated_claim_id(&b), "{b:?}");
    assert_ne!(a, b, "two adds of the same claim got the same id");
    let ids = env.claim_ids(&[]);
    assert!(ids.contains(&a) && ids.contains(&b), "{ids:?}");
}

/// Flags to replace in a good `add`, and what the refusal must say.
type Refusal<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>);

/// Each refusal exits 2, names what to fix, and writes nothing.
#[test]
fn add_refusals_exit_2_and_write_nothing() {
    let env = TestEnv::seeded();
    let before = env.claims_csv(&[]);
    let cases: Vec<Refusal> = vec![
        (
            vec![("--source", "pips-2032")],
            vec!["unknown source \"pips-2032\"", "did you mean \"pips-2023\""],
        ),
        (
            vec![("--metric", "terrorist-atacks")],
            vec![
                "unknown metric \"terrorist-atacks\"",
                "did you mean \"terrorist-attacks\"",
            ],
        ),
        (
            vec![("--place", "pakistn")],
            vec!["unknown place \"pakistn\"", "did you mean \"pakistan\""],
        ),
        (
            vec![("--place", "pakistan+balochstan")],
            vec![
                "unknown place \"balochstan\"",
                "did you mean \"balochistan\"",
            ],
        ),
        (
            vec![("--attributed-to", "pipz")],
            vec!["unknown org \"pipz\"", "did you mean \"pips\""],
        ),
        (
            vec![("--attributed-to", "united-nations-office")],
            vec!["unknown org \"united-nations-office\""],
        ),
        (
            vec![("--printed", "307")],
            vec!["\"307\"", "not in the quote"],
        ),
        (vec![("--period", "2023-13")], vec!["\"2023-13\"", "period"]),
        (vec![("--period", "2023-Q5")], vec!["\"2023-Q5\""]),
        (vec![("--period", "2024/2023")], vec!["\"2024/2023\""]),
        (vec![("--kind", "change")], vec!["--base"]),
        (vec![("--kind", "share")], vec!["--of"]),
        (vec![("--base", "2022")], vec!["--base", "change"]),
        (vec![("--of", "pakistan")], vec!["--of", "share"]),
        (
            vec![("--kind", "change"), ("--base", "2022-00")],
            vec!["\"2022-00\""],
        ),
        (
            vec![
                ("--kind", "share"),
                ("--of", "pakistann-x"),
                ("--quote", "95% of the attacks were in the north"),
                ("--printed", "95%"),
            ],
            vec!["unknown place \"pakistann-x\""],
        ),
    ];
    for (overrides, needles) in cases {
        let args = add_args(&overrides);
        let err = env.fails(&args, 2);
        for needle in needles {
            assert!(
                err.contains(needle),
                "{args:?}: expected {needle:?} in: {err}"
            );
        }
    }
    assert_eq!(env.claims_csv(&[]), before, "a refused add wrote something");
    assert_eq!(env.count_rows("claims"), before.len() as i64);
}

#[test]
fn add_with_an_unreadable_figure_is_refused_naming_it() {
    let env = TestEnv::seeded();
    let before = env.claim_count();
    let err = env.fails(
        &add_args(&[
            ("--quote", "zillions of attacks were recorded"),
            ("--printed", "zillions"),
        ]),
        2,
    );
    assert!(err.contains("\"zillions\""), "{err}");
    assert_eq!(env.claim_count(), before);
}

#[test]
fn add_notes_a_quote_missing_from_the_stored_text() {
    let env = TestEnv::seeded();
    let out = env.ok(&add_args(&[
        ("--id", "off-text"),
        ("--quote", "PIPS counted 306 attacks"),
    ]));
    assert!(out.contains("L002"), "{out}");
    // A quote that is in the text (case and whitespace folded) gets no note.
    let out = env.ok(&add_args(&[
        ("--id", "in-text"),
        (
            "--quote",
            "pips recorded 306 terrorist   attacks\nacross Pakistan",
        ),
    ]));
    assert!(!out.contains("L002"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// list

#[test]
fn list_filters_by_metric_place_period_and_verdict() {
    let env = TestEnv::seeded();
    let all = [
        "dawn-attacks-2023",
        "dawn-sf-deaths-q1",
        "pips-attacks-2023",
        "pips-kp-fatalities-h1",
    ];
    assert_eq!(env.claim_ids(&[]), all);
    assert_eq!(
        env.claim_ids(&["--metric", "terrorist-attacks"]),
        ["dawn-attacks-2023", "pips-attacks-2023"]
    );
    // A metric includes the metrics that nest under it; --exact is equality.
    assert_eq!(
        env.claim_ids(&["--metric", "Deaths"]),
        ["dawn-sf-deaths-q1", "pips-kp-fatalities-h1"]
    );
    assert_eq!(
        env.claim_ids(&["--metric", "Deaths", "--exact"]),
        ["pips-kp-fatalities-h1"]
    );
    assert_eq!(
        env.claim_ids(&["--place", "KPK"]),
        ["pips-kp-fatalities-h1"]
    );
    assert_eq!(
        env.claim_ids(&["--place", "pakistan", "--metric", "terrorist-attacks"]),
        ["dawn-attacks-2023", "pips-attacks-2023"]
    );
    // --period: claims whose period lies within the one given.
    assert_eq!(
        env.claim_ids(&["--period", "2023"]),
        [
            "dawn-attacks-2023",
            "pips-attacks-2023",
            "pips-kp-fatalities-h1"
        ]
    );
    assert_eq!(
        env.claim_ids(&["--period", "2023-H1"]),
        ["pips-kp-fatalities-h1"]
    );
    assert_eq!(
        env.claim_ids(&["--period", "2023-05"]),
        Vec::<String>::new()
    );
    assert_eq!(env.claim_ids(&["--period", "2024"]), ["dawn-sf-deaths-q1"]);
    assert_eq!(env.claim_ids(&["--period", "2023/2024"]), all);
    assert_eq!(
        env.claim_ids(&["--period", "2023-07/2024-03"]),
        ["dawn-sf-deaths-q1"]
    );

    // --verdict: the latest review's verdict.
    assert_eq!(
        env.claim_ids(&["--verdict", "supported"]),
        Vec::<String>::new()
    );
    env.ok(&[
        "verify",
        "pips-attacks-2023",
        "--verdict",
        "disputed",
        "--reviewer",
        "Ann",
    ]);
    env.ok(&[
        "verify",
        "pips-attacks-2023",
        "--verdict",
        "supported",
        "--reviewer",
        "Ann",
    ]);
    env.ok(&[
        "verify",
        "dawn-sf-deaths-q1",
        "--verdict",
        "supported",
        "--reviewer",
        "Ann",
    ]);
    env.ok(&[
        "verify",
        "dawn-attacks-2023",
        "--verdict",
        "supported",
        "--reviewer",
        "Ann",
    ]);
    env.ok(&[
        "verify",
        "dawn-attacks-2023",
        "--verdict",
        "refuted",
        "--reviewer",
        "Bo",
    ]);
    assert_eq!(
        env.claim_ids(&["--verdict", "supported"]),
        ["dawn-sf-deaths-q1", "pips-attacks-2023"]
    );
    assert_eq!(
        env.claim_ids(&["--verdict", "refuted"]),
        ["dawn-attacks-2023"]
    );
    assert_eq!(
        env.claim_ids(&["--verdict", "disputed"]),
        Vec::<String>::new()
    );
    assert_eq!(
        env.claim_ids(&["--verdict", "supported", "--period", "2023"]),
        ["pips-attacks-2023"]
    );
}

#[test]
fn list_period_with_an_open_end_runs_to_publication() {
    let env = TestEnv::seeded();
    // pips-2023 was published 2024-01-05: "2023-10/" ends then, so it is not within 2023.
    env.ok(&add_args(&[("--id", "open-end"), ("--period", "2023-10/")]));
    assert!(!env
        .claim_ids(&["--period", "2023"])
        .contains(&"open-end".into()));
    assert!(env
        .claim_ids(&["--period", "2023-10/2024-01"])
        .contains(&"open-end".into()));
}

#[test]
fn list_filters_refuse_unknown_values() {
    let env = TestEnv::seeded();
    let err = env.fails(&["list", "--metric", "fatalitys"], 2);
    assert!(err.contains("did you mean \"fatalities\""), "{err}");
    let err = env.fails(&["list", "--place", "balochstan"], 2);
    assert!(err.contains("did you mean \"balochistan\""), "{err}");
    let err = env.fails(&["list", "--period", "2023-Q0"], 2);
    assert!(err.contains("\"2023-Q0\""), "{err}");
    env.fails(&["list", "--verdict", "maybe"], 2);
    env.fails(&["list", "--format", "xml"], 2);
}

#[test]
fn list_table_golden() {
    let env = TestEnv::seeded();
    env.ok(&[
        "verify",
        "pips-attacks-2023",
        "--verdict",
        "supported",
        "--reviewer",
        "Ann",
    ]);
    env.ok(&[
        "verify",
        "dawn-sf-deaths-q1",
        "--verdict",
        "unverifiable",
        "--reviewer",
        "Ann",
    ]);
    golden("list_table.txt", &env.ok(&["list"]));
    golden(
        "list_table_filtered.txt",
        &env.ok(&["list", "--metric", "terrorist-attacks"]),
    );
}

#[test]
fn list_table_of_an_empty_ledger() {
    let env = TestEnv::init();
    let out = env.ok(&["list"]);
    assert!(out.starts_with("id "), "{out}");
    assert!(out.ends_with("0 claim(s)\n"), "{out}");
}

#[test]
fn list_csv_has_every_field() {
    let env = TestEnv::seeded();
    env.ok(&[
        "verify",
        "pips-kp-fatalities-h1",
        "--verdict",
        "disputed",
        "--reviewer",
        "Ann",
    ]);
    let rows = env.claims_csv(&[]);
    assert_eq!(rows.len(), 4);
    let r = rows
        .iter()
        .find(|r| r["id"] == "pips-kp-fatalities-h1")
        .unwrap();
    let expect = [
        ("source", "pips-2023"),
        ("kind", "count"),
        ("metric", "fatalities"),
        ("place", "khyber-pakhtunkhwa"),
        ("period", "2023-H1"),
        ("base", ""),
        ("of", ""),
        ("attributed_to", "pips"),
        ("printed", "412"),
        ("reading", "[412]"),
        ("lower_open", "false"),
        ("upper_open", "false"),
        ("verdict", "disputed"),
        (
            "quote",
            "In the first half of the year, 412 people were killed in Khyber Pakhtunkhwa",
        ),
    ];
    for (k, v) in expect {
        assert_eq!(r.get(k).map(String::as_str), Some(v), "column {k}: {r:?}");
    }
    assert_eq!(r["lower"].parse::<f64>().unwrap(), 412.0);
    assert_eq!(r["upper"].parse::<f64>().unwrap(), 412.0);
    let unreviewed = rows
        .iter()
        .find(|r| r["id"] == "dawn-sf-deaths-q1")
        .unwrap();
    assert_eq!(unreviewed["verdict"], "");
    assert_eq!(unreviewed["attributed_to"], "");
}

#[test]
fn list_csv_quotes_awkward_text() {
    let env = TestEnv::seeded();
    let quote = "He said, \"306 attacks\"\nthen left";
    env.ok(&add_args(&[("--id", "awkward"), ("--quote", quote)]));
    let rows = env.claims_csv(&["--place", "pakistan"]);
    let r = rows.iter().find(|r| r["id"] == "awkward").unwrap();
    assert_eq!(r["quote"], quote);
}

#[test]
fn list_json_parses() {
    let env = TestEnv::seeded();
    env.ok(&[
        "verify",
        "dawn-attacks-2023",
        "--verdict",
        "supported",
        "--reviewer",
        "Ann",
    ]);
    let out = env.ok(&["list", "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"));
    let arr = v.as_array().expect("a JSON array");
    let ids: Vec<&str> = arr.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "dawn-attacks-2023",
            "dawn-sf-deaths-q1",
            "pips-attacks-2023",
            "pips-kp-fatalities-h1"
        ]
    );
    let c = &arr[0];
    assert_eq!(c["verdict"], "supported");
    assert_eq!(c["printed"], "306");
    assert_eq!(c["lower"].as_f64(), Some(306.0));
    assert_eq!(c["upper"].as_f64(), Some(306.0));
    assert_eq!(c["lower_open"], false);
    assert_eq!(c["upper_open"], false);
    assert_eq!(c["source"], "dawn-2024");
    assert_eq!(c["attributed_to"], "pips");

    // Filtered to nothing: still a JSON array.
    let out = env.ok(&["list", "--format", "json", "--period", "2020"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v, serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------------
// show

#[test]
fn show_golden() {
    let env = TestEnv::seeded();
    env.ok(&[
        "verify",
        "pips-kp-fatalities-h1",
        "--verdict",
        "disputed",
        "--reviewer",
        "Ann",
        "--note",
        "the PIPS annual report says 398",
    ]);
    env.ok(&[
        "verify",
        "pips-kp-fatalities-h1",
        "--verdict",
        "supported",
        "--reviewer",
        "Bo",
        "--evidence",
        "https://example.org/pips-2023#table-4",
        "--note",
        "398 was the Q2 draft",
    ]);
    golden(
        "show_claim.txt",
        &env.ok(&["show", "pips-kp-fatalities-h1"]),
    );
}

#[test]
fn show_unknown_claim_suggests_the_nearest() {
    let env = TestEnv::seeded();
    let err = env.fails(&["show", "pips-atacks-2023"], 2);
    assert!(err.contains("unknown claim \"pips-atacks-2023\""), "{err}");
    assert!(err.contains("did you mean \"pips-attacks-2023\""), "{err}");
}

#[test]
fn list_place_accepts_a_union_as_add_does() {
    let env = TestEnv::seeded();
    env.ok(&add_args(&[
        ("--id", "both"),
        ("--place", "KP+balochistan"),
    ]));
    // Any spelling of the union finds the claim: ids or aliases, in any order.
    for place in [
        "balochistan+khyber-pakhtunkhwa",
        "khyber-pakhtunkhwa+balochistan",
        "KPK+Balochistan",
    ] {
        assert_eq!(
            env.claim_ids(&["--place", place, "--exact"]),
            ["both"],
            "--place {place}"
        );
        // Without --exact, claims on places inside the union match too.
        assert_eq!(
            env.claim_ids(&["--place", place]),
            ["both", "dawn-sf-deaths-q1", "pips-kp-fatalities-h1"],
            "--place {place}"
        );
    }
    // A single member of the union is a different place.
    assert!(!env
        .claim_ids(&["--place", "balochistan"])
        .contains(&"both".into()));
    let err = env.fails(&["list", "--place", "kp+balochstan"], 2);
    assert!(err.contains("unknown place \"balochstan\""), "{err}");
}

#[test]
fn an_alias_or_id_that_already_names_another_row_is_refused() {
    let env = TestEnv::seeded();
    // Each would make one spelling resolve to two rows, depending on case or table order.
    for (args, needles) in [
        (
            &["place", "add", "kpk", "--name", "Kohat"][..],
            &["\"kpk\"", "khyber-pakhtunkhwa"][..],
        ),
        (
            &["org", "add", "pips-x", "--name", "X", "--alias", "pips"],
            &["\"pips\"", "org"],
        ),
        (
            &["org", "add", "pips-y", "--name", "Y", "--alias", "Pips"],
            &["\"Pips\"", "\"pips\""],
        ),
        (
            &["metric", "add", "deaths", "--name", "Deaths of all kinds"],
            &["\"deaths\"", "fatalities"],
        ),
        (
            &[
                "place",
                "add",
                "b-2",
                "--name",
                "B",
                "--alias",
                "balochistan",
            ],
            &["\"balochistan\""],
        ),
        (
            &[
                "org",
                "add",
                "dawn-news",
                "--name",
                "Dawn News",
                "--alias",
                "DAWN",
            ],
            &["\"DAWN\"", "\"dawn\""],
        ),
    ] {
        let err = env.fails(args, 2);
        for needle in needles {
            assert!(
                err.contains(needle),
                "{args:?}: expected {needle:?} in: {err}"
            );
        }
    }
    assert_eq!(env.ok(&["org", "list"]).lines().count(), 3);
    assert_eq!(env.ok(&["place", "list"]).lines().count(), 3);
    assert_eq!(env.ok(&["metric", "list"]).lines().count(), 3);
    // The same alias for rows of different kinds is fine: they never compete.
    env.ok(&[
        "org",
        "add",
        "kp-police",
        "--name",
        "KP Police",
        "--alias",
        "KPK",
    ]);
    env.ok(&[
        "place",
        "add",
        "quetta",
        "--name",
        "Quetta",
        "--parent",
        "balochistan",
        "--alias",
        "PIPS",
    ]);
    // Each alias still names its own kind's row.
    let orgs = env.ok(&["org", "list"]);
    assert!(orgs.contains("kp-police\tKP Police\tKPK\n"), "{orgs}");
    let in_kp = env.claim_ids(&["--place", "khyber-pakhtunkhwa"]);
    assert!(!in_kp.is_empty());
    assert_eq!(env.claim_ids(&["--place", "KPK"]), in_kp);
    let places = env.ok(&["place", "list"]);
    assert!(
        places.contains("quetta\tQuetta\tbalochistan\tPIPS\n"),
        "{places}"
    );
}

#[test]
fn empty_names_and_aliases_holding_a_bar_are_refused() {
    let env = TestEnv::seeded();
    let err = env.fails(&["org", "add", "hrcp", "--name", ""], 2);
    assert!(err.contains("hrcp"), "{err}");
    let err = env.fails(
        &["org", "add", "hrcp", "--name", "HRCP", "--alias", "HR|CP"],
        2,
    );
    assert!(err.contains("\"HR|CP\""), "{err}");
    let err = env.fails(&["source", "add", "untitled", "--title", ""], 2);
    assert!(err.contains("untitled"), "{err}");
    assert_eq!(env.ok(&["org", "list"]).lines().count(), 3);
    assert_eq!(env.count_rows("sources"), 2);
    // Blank and repeated aliases are dropped, not stored.
    env.ok(&[
        "org", "add", "hrcp", "--name", "HRCP", "--alias", " ", "--alias", "HR", "--alias", "HR",
    ]);
    assert!(env.ok(&["org", "list"]).contains("hrcp\tHRCP\tHR\n"));
}
