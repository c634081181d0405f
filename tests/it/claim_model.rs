//! The one claim model: one table of good and bad claims through `add`, `import` and
//! `add --from`, which must give the same verdicts; `edit` and `remove`.

use crate::common::TestEnv;

/// A claim row in claims.csv's columns, from the seeded ledger's first claim with overrides.
fn row(overrides: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut cells: Vec<(String, String)> = [
        ("id", "t-claim"),
        ("source", "pips-2023"),
        (
            "quote",
            "PIPS recorded 306 terrorist attacks across Pakistan in 2023",
        ),
        ("printed", "306"),
        ("kind", ""),
        ("metric", "terrorist-attacks"),
        ("place", "pakistan"),
        ("period", "2023"),
        ("base", ""),
        ("of", ""),
        ("attributed_to", "pips"),
        ("note", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in overrides {
        let slot = cells
            .iter_mut()
            .find(|(c, _)| c == k)
            .expect("a claims.csv column");
        slot.1 = v.to_string();
    }
    cells
}

fn csv_line(cells: &[String]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(cells).unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// (overrides, accepted?): the same table for every way in.
#[rustfmt::skip]
fn table() -> Vec<(Vec<(&'static str, &'static str)>, bool)> {
    vec![
        (vec![], true),
        (vec![("kind", "count")], true),
        (vec![("printed", "306"), ("quote", "over 306 attacks"), ("printed", "over 306")], true),
        (vec![("kind", "change"), ("quote", "a 17% increase"), ("printed", "17% increase"), ("base", "2022")], true),
        (vec![("kind", "share"), ("quote", "95% of attacks"), ("printed", "95%"), ("of", "pakistan"), ("place", "balochistan+khyber-pakhtunkhwa")], true),
        (vec![("kind", "share"), ("quote", "95% of attacks"), ("printed", "95%"), ("of", "fatalities")], true),
        (vec![("period", "2023/")], true),
        (vec![("attributed_to", "")], true),
        // The disagreement issue 10 names: refused everywhere now.
        (vec![("kind", "change"), ("quote", "a 17% increase"), ("printed", "17% increase"), ("period", "2023"), ("base", "2023-01/2023-12")], false),
        (vec![("kind", "change"), ("quote", "a 17% increase"), ("printed", "17% increase")], false),
        (vec![("base", "2022")], false),
        (vec![("of", "pakistan")], false),
        (vec![("kind", "share"), ("quote", "95% of attacks"), ("printed", "95%")], false),
        (vec![("kind", "share"), ("quote", "95% of attacks"), ("printed", "95%"), ("of", "nowhere")], false),
        (vec![("printed", "307")], false),
        (vec![("printed", "a great many"), ("quote", "a great many attacks")], false),
        (vec![("kind", "sometimes")], false),
        (vec![("metric", "no-such-metric")], false),
        (vec![("place", "pakistan+nowhere")], false),
        (vec![("source", "no-such-source")], false),
        (vec![("attributed_to", "nobody")], false),
        (vec![("period", "2023-13")], false),
        (vec![("period", "2024/2023")], false),
        (vec![("period", "")], false),
        (vec![("metric", "")], false),
        (vec![("id", "Not A Slug")], false),
        (vec![("kind", "count"), ("quote", "51% of attacks"), ("printed", "51%")], false),
    ]
}

#[test]
fn add_import_and_add_from_give_the_same_verdicts() {
    let base = TestEnv::seeded();
    base.ok(&["dump", "dumped"]);
    let dumped = std::fs::read_to_string(base.path().join("dumped/claims.csv")).unwrap();
    for (i, (overrides, accepted)) in table().into_iter().enumerate() {
        let cells = row(&overrides);
        let values: Vec<String> = cells.iter().map(|(_, v)| v.clone()).collect();

        // add, with a flag for every non-empty cell.
        let env = TestEnv::seeded();
        let mut args = vec!["add".to_string()];
        for (col, v) in &cells {
            if !v.is_empty() {
                args.push(format!("--{}", col.replace('_', "-")));
                args.push(v.clone());
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let by_add = env.run(&args);

        // import: the dumped seeded ledger with the row appended.
        let env_i = TestEnv::init();
        std::fs::create_dir_all(env_i.path().join("dir")).unwrap();
        for entry in std::fs::read_dir(base.path().join("dumped")).unwrap() {
            let entry = entry.unwrap();
            let to = env_i.path().join("dir").join(entry.file_name());
            if entry.path().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
                for f in std::fs::read_dir(entry.path()).unwrap() {
                    let f = f.unwrap();
                    std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
                }
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        std::fs::write(
            env_i.path().join("dir/claims.csv"),
            format!("{dumped}{}", csv_line(&values)),
        )
        .unwrap();
        let by_import = env_i.run(&["import", "dir"]);

        // add --from: a file of the one row.
        let env_f = TestEnv::seeded();
        let header: Vec<String> = cells.iter().map(|(c, _)| c.clone()).collect();
        env_f.write_file(
            "rows.csv",
            format!("{}{}", csv_line(&header), csv_line(&values)),
        );
        let by_from = env_f.run(&["add", "--from", "rows.csv"]);

        for (way, out) in [
            ("add", &by_add),
            ("import", &by_import),
            ("add --from", &by_from),
        ] {
            let code = out.status.code();
            let want = if accepted { Some(0) } else { Some(2) };
            assert_eq!(
                code,
                want,
                "case {i} {overrides:?} through {way}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        if !accepted {
            assert_eq!(env.claim_count(), 4, "case {i}: a refused add wrote");
            assert_eq!(
                env_f.claim_count(),
                4,
                "case {i}: a refused add --from wrote"
            );
        }
    }
}

#[test]
fn add_names_every_problem_with_its_flag() {
    let env = TestEnv::seeded();
    let err = env.fails(
        &[
            "add",
            "--source",
            "pips-2023",
            "--quote",
            "up 17%",
            "--printed",
            "17% rise",
            "--metric",
            "attacks",
            "--place",
            "pakistan",
            "--period",
            "2023",
            "--base",
            "2023-01/2023-12",
        ],
        2,
    );
    assert!(
        err.contains("refused, nothing was written; 3 problems"),
        "{err}"
    );
    assert!(
        err.contains("--printed: the printed figure \"17% rise\" is not in the quote"),
        "{err}"
    );
    assert!(
        err.contains("--metric: unknown metric \"attacks\""),
        "{err}"
    );
    assert!(
        err.contains("--base: base \"2023-01/2023-12\" is the same period"),
        "{err}"
    );
}

#[test]
fn edit_corrects_an_unreviewed_claim_with_adds_validation() {
    let env = TestEnv::seeded();
    let out = env.ok(&[
        "edit",
        "pips-attacks-2023",
        "--note",
        "checked against the PDF",
        "--attributed-to",
        "CRSS",
    ]);
    assert!(
        out.starts_with("pips-attacks-2023\t\"306\" reads as "),
        "{out}"
    );
    let rows = env.claims_csv(&[]);
    let c = rows
        .iter()
        .find(|r| r["id"] == "pips-attacks-2023")
        .unwrap();
    assert_eq!(c["note"], "checked against the PDF");
    assert_eq!(c["attributed_to"], "crss", "an alias resolves as in add");
    assert_eq!(c["printed"], "306", "fields not given stay");

    // An empty value clears an optional field.
    env.ok(&["edit", "pips-attacks-2023", "--attributed-to", ""]);
    let rows = env.claims_csv(&[]);
    assert_eq!(
        rows.iter()
            .find(|r| r["id"] == "pips-attacks-2023")
            .unwrap()["attributed_to"],
        ""
    );

    // The same validation as add: the new printed figure must read and be in the quote.
    let err = env.fails(&["edit", "pips-attacks-2023", "--printed", "307"], 2);
    assert!(
        err.contains("--printed: the printed figure \"307\" is not in the quote"),
        "{err}"
    );
    let err = env.fails(&["edit", "pips-attacks-2023", "--kind", "change"], 2);
    assert!(err.contains("--base: a change needs a base"), "{err}");
    let rows = env.claims_csv(&[]);
    assert_eq!(
        rows.iter()
            .find(|r| r["id"] == "pips-attacks-2023")
            .unwrap()["printed"],
        "306"
    );

    let err = env.fails(&["edit", "pips-atacks-2023", "--note", "x"], 2);
    assert!(err.contains("unknown claim \"pips-atacks-2023\""), "{err}");
}

#[test]
fn edit_and_remove_refuse_a_reviewed_claim() {
    let env = TestEnv::seeded();
    env.ok(&[
        "verify",
        "pips-attacks-2023",
        "--verdict",
        "supported",
        "--reviewer",
        "A. Checker",
    ]);
    for args in [
        &["edit", "pips-attacks-2023", "--printed", "306"][..],
        &["remove", "pips-attacks-2023"],
    ] {
        let err = env.fails(args, 2);
        assert!(err.contains("has 1 review(s)"), "{err}");
        assert!(err.contains("part of the record"), "{err}");
        assert!(
            err.contains("claimledger verify pips-attacks-2023 --verdict refuted"),
            "{err}"
        );
    }
    assert_eq!(env.claim_count(), 4);
}

#[test]
fn remove_withdraws_an_unreviewed_claim() {
    let env = TestEnv::seeded();
    let out = env.ok(&["remove", "dawn-attacks-2023"]);
    assert_eq!(out, "removed claim dawn-attacks-2023\n");
    assert!(!env
        .claim_ids(&[])
        .contains(&"dawn-attacks-2023".to_string()));
    let err = env.fails(&["remove", "dawn-attacks-2023"], 2);
    assert!(err.contains("unknown claim"), "{err}");
    // A ledger directory is read-only.
    env.ok(&["dump", "dir"]);
    let err = env.fails(&["--db", "dir", "remove", "pips-attacks-2023"], 2);
    assert!(err.contains("read-only"), "{err}");
}

#[test]
fn list_period_with_an_open_end_contains_later_periods() {
    let env = TestEnv::seeded();
    assert_eq!(
        env.claim_ids(&["--period", "2023/"]),
        [
            "dawn-attacks-2023",
            "dawn-sf-deaths-q1",
            "pips-attacks-2023",
            "pips-kp-fatalities-h1"
        ]
    );
    assert_eq!(env.claim_ids(&["--period", "2024/"]), ["dawn-sf-deaths-q1"]);
    assert_eq!(
        env.claim_ids(&["--period", "2023", "--exact"]),
        ["dawn-attacks-2023", "pips-attacks-2023"]
    );
}

#[test]
fn a_kind_or_verdict_written_past_the_schemas_checks_is_refused_by_name() {
    // (the SQL that writes the bad word for claim ?1, what the message says)
    let cases = [
        (
            "UPDATE claims SET kind = 'tally' WHERE id = ?1",
            "claim {}: unknown kind \"tally\"",
        ),
        (
            "INSERT INTO reviews (claim, verdict, reviewer, at, hash) \
             VALUES (?1, 'maybe', 'ana', '2024-01-01T00:00:00Z', 'x')",
            "review of {}: unknown verdict \"maybe\"",
        ),
    ];
    for (sql, said) in cases {
        let env = TestEnv::seeded();
        let conn = env.conn();
        let claim: String = conn
            .query_row("SELECT id FROM claims ORDER BY id", [], |r| r.get(0))
            .unwrap();
        conn.pragma_update(None, "ignore_check_constraints", true)
            .unwrap();
        conn.execute(sql, [&claim]).unwrap();
        drop(conn);
        let expected = said.replace("{}", &claim);
        for args in [
            &["show", &claim][..],
            &["list"],
            &["check"],
            &["dump", "out"],
        ] {
            let stderr = env.fails(args, 2);
            assert!(
                stderr.contains(&expected) && stderr.contains("edited outside claimledger"),
                "{args:?}: {stderr}"
            );
        }
        assert!(!env.path().join("out").exists(), "a refused dump wrote");
    }
}
