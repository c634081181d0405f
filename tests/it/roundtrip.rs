//! Property: for any ledger, `dump` → `import` into an empty ledger → `dump` gives
//! byte-identical directories. Ledgers are generated with awkward text in every free-text
//! cell (commas, quotes, newlines, tabs, non-ASCII, a leading `=`), through the library's
//! store so that each case stays fast.

use claimledger::checks::history::review_hash;
use claimledger::checks::ledger;
use claimledger::checks::model::Wording;
use claimledger::reading::{self, Kind};
use claimledger::records::{Claim, Metric, Org, Place, Review, Source, Verdict};
use claimledger::store::Store;
use claimledger::text_form::{self, sha256_hex};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Free text a person might paste: nothing here may break the CSV form.
fn awkward() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,\"'\n\t=+@|;é中—“”-]{0,24}",
        Just("=HYPERLINK(\"http://x\")".to_string()),
        Just("a, \"quoted\"\r\nline".to_string()),
        Just(String::new()),
    ]
}

fn nonempty() -> impl Strategy<Value = String> {
    awkward().prop_map(|s| format!("x{s}"))
}

/// Figures the reader understands, with their kind.
const FIGURES: &[(&str, Kind)] = &[
    ("1,612", Kind::Count),
    ("nearly 500", Kind::Count),
    ("over 1,612", Kind::Count),
    ("about 1.5 lakh", Kind::Count),
    ("dozens", Kind::Count),
    ("51% increase", Kind::Change),
    ("almost doubled", Kind::Change),
    ("about 95 percent", Kind::Share),
];

#[derive(Debug, Clone)]
struct ClaimSpec {
    figure: usize,
    before: String,
    after: String,
    note: Option<String>,
    source: usize,
    attributed: bool,
}

#[derive(Debug, Clone)]
struct LedgerSpec {
    names: Vec<String>,
    texts: Vec<Option<String>>,
    claims: Vec<ClaimSpec>,
    reviews: Vec<(usize, usize, String)>,
}

fn ledger() -> impl Strategy<Value = LedgerSpec> {
    let claim = (
        0..FIGURES.len(),
        awkward(),
        awkward(),
        proptest::option::of(awkward()),
        0usize..3,
        any::<bool>(),
    )
        .prop_map(
            |(figure, before, after, note, source, attributed)| ClaimSpec {
                figure,
                before,
                after,
                note: note.filter(|n| !n.is_empty()),
                source,
                attributed,
            },
        );
    (
        proptest::collection::vec(nonempty(), 3),
        proptest::collection::vec(proptest::option::of(awkward()), 3),
        proptest::collection::vec(claim, 0..12),
        proptest::collection::vec((0usize..12, 0usize..4, awkward()), 0..8),
    )
        .prop_map(|(names, texts, claims, reviews)| LedgerSpec {
            names,
            texts,
            claims,
            reviews,
        })
}

fn build(spec: &LedgerSpec) -> Store {
    let mut store = Store::in_memory().unwrap();
    store
        .write(|tx| {
            tx.insert_org(&Org {
                id: "org-a".into(),
                name: spec.names[0].clone(),
                aliases: vec!["A, Inc.".into(), "é".into()],
            })?;
            tx.insert_place(&Place {
                id: "country".into(),
                name: spec.names[1].clone(),
                parent: None,
                aliases: vec![],
            })?;
            tx.insert_place(&Place {
                id: "province".into(),
                name: "P".into(),
                parent: Some("country".into()),
                aliases: vec!["=P".into()],
            })?;
            tx.insert_metric(&Metric {
                id: "deaths".into(),
                name: spec.names[2].clone(),
                parent: None,
                definition: Some(spec.names[0].clone()),
                aliases: vec![],
            })?;
            for (i, text) in spec.texts.iter().enumerate() {
                let source = Source {
                    id: format!("s{i}"),
                    url: Some(format!("https://example.org/{i}?a=1,b=\"2\"")),
                    title: spec.names[i].clone(),
                    publisher: (i == 0).then(|| "org-a".into()),
                    author: text.clone().filter(|t| !t.is_empty()),
                    published: Some(["2024-11-05", "2024-09", "2025"][i].into()),
                    text_sha256: text.as_deref().map(|t| sha256_hex(t.as_bytes())),
                };
                tx.insert_source(&source, text.as_deref())?;
            }
            for (i, c) in spec.claims.iter().enumerate() {
                let (printed, kind) = FIGURES[c.figure];
                let claim = Claim {
                    id: format!("c{i:02}"),
                    source: format!("s{}", c.source),
                    quote: format!("{}{printed}{}", c.before, c.after),
                    printed: printed.into(),
                    kind,
                    metric: "deaths".into(),
                    place: if i % 2 == 0 {
                        "country".into()
                    } else {
                        "country+province".into()
                    },
                    period: "2024-01/".into(),
                    base: (kind == Kind::Change).then(|| "2023".into()),
                    of: (kind == Kind::Share).then(|| "country".into()),
                    attributed_to: c.attributed.then(|| "org-a".into()),
                    note: c.note.clone(),
                };
                let reading = reading::read(printed, kind, &reading::default_tolerance())?;
                tx.insert_claim(&claim, &reading.interval)?;
            }
            let mut prev = String::new();
            for (claim, verdict, note) in &spec.reviews {
                if *claim >= spec.claims.len() {
                    continue;
                }
                let claim = format!("c{claim:02}");
                let verdict = Verdict::ALL[*verdict];
                let at = "2024-11-24T10:00:00Z";
                let note = Some(note.clone()).filter(|n| !n.is_empty());
                let hash = review_hash(
                    &prev,
                    &claim,
                    verdict.as_str(),
                    "rév, \"iewer\"",
                    at,
                    "",
                    note.as_deref().unwrap_or(""),
                );
                tx.append_review(&Review {
                    claim,
                    verdict,
                    reviewer: "rév, \"iewer\"".into(),
                    at: at.into(),
                    evidence: None,
                    note,
                    hash: hash.clone(),
                })?;
                prev = hash;
            }
            Ok(())
        })
        .unwrap();
    store
}

/// Every file of a directory, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for (name, bytes) in files(&path) {
                out.insert(
                    format!("{}/{name}", path.file_name().unwrap().to_string_lossy()),
                    bytes,
                );
            }
        } else {
            out.insert(
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            );
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn dump_import_dump_is_byte_identical(spec in ledger()) {
        let tmp = tempfile::tempdir().unwrap();
        let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
        let store = build(&spec);
        text_form::dump(&store.reader(), &first).unwrap();

        let mut again = Store::in_memory().unwrap();
        text_form::import(&mut again, &first, false).unwrap();
        text_form::dump(&again.reader(), &second).unwrap();

        let (a, b) = (files(&first), files(&second));
        // The dump holds every generated row (a dump that dropped some would drop them twice
        // and still round-trip).
        let rows = |file: &str| csv::Reader::from_reader(&a[file][..]).records().count();
        prop_assert_eq!(rows("claims.csv"), spec.claims.len());
        prop_assert_eq!(rows("sources.csv"), spec.texts.len());
        let reviews = spec.reviews.iter().filter(|r| r.0 < spec.claims.len()).count();
        prop_assert_eq!(rows("reviews.csv"), reviews);
        let texts = a.keys().filter(|name| name.starts_with("texts/")).count();
        prop_assert_eq!(texts, spec.texts.iter().flatten().count());
        prop_assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (name, bytes) in &a {
            prop_assert!(bytes == &b[name], "{} differs after the round trip:\n{}\n---\n{}",
                name, String::from_utf8_lossy(bytes), String::from_utf8_lossy(&b[name]));
        }
        // Importing the same directory again adds nothing.
        let report = text_form::import(&mut again, &first, false).unwrap();
        prop_assert_eq!(report.added, [0; 7]);

        // The check engine reads the directory straight from its files as it reads the store:
        // the same findings, the same head.
        // A ledger file read on two connections (the twin reads texts and reviews, while the
        // claims are checked) says the same again.
        let from_store = ledger::run(store.reader().check_feed(|_| {}).unwrap(), Wording::Full);
        let (feed, _) = text_form::check_directory(&first, false).unwrap();
        let from_dir = ledger::run(feed, Wording::Full);
        let file = tmp.path().join("ledger.db");
        text_form::import(&mut Store::init(&file).unwrap(), &first, false).unwrap();
        let file = Store::open(&file).unwrap();
        let from_file = ledger::run(
            file.paired_snapshot()
                .unwrap()
                .reader()
                .check_feed(|claims| claims.check_claims(Wording::Full))
                .unwrap(),
            Wording::Full,
        );
        // Unworded (what `export audit` asks for), the same findings with empty texts, whether
        // the claims were checked unworded as they were read, or worded (and so again). And
        // worded, the claims checked unworded as they were read are checked again: no finding
        // comes out without its text.
        let bare = ledger::run(
            store.reader().check_feed(|claims| claims.check_claims(Wording::Bare)).unwrap(),
            Wording::Bare,
        );
        let rechecked = ledger::run(
            store.reader().check_feed(|claims| claims.check_claims(Wording::Full)).unwrap(),
            Wording::Bare,
        );
        prop_assert_eq!(&rechecked.findings, &bare.findings);
        let reworded = ledger::run(
            store.reader().check_feed(|claims| claims.check_claims(Wording::Bare)).unwrap(),
            Wording::Full,
        );
        prop_assert_eq!(&reworded.findings, &from_store.findings);
        let mut unworded = from_store.findings.clone();
        for f in &mut unworded {
            f.message.clear();
            f.working.clear();
        }
        prop_assert_eq!(&unworded, &bare.findings);
        for other in [&from_dir, &from_file] {
            prop_assert_eq!(&from_store.findings, &other.findings);
            prop_assert_eq!(&from_store.head, &other.head);
            prop_assert_eq!(from_store.reviews, other.reviews);
        }
    }
}

#[test]
fn the_seed_ledger_round_trips() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::in_memory().unwrap();
    text_form::import(&mut store, &seeds, false).unwrap();
    text_form::dump(&store.reader(), tmp.path()).unwrap();
    let (mut ours, theirs) = (files(&seeds), files(tmp.path()));
    ours.remove("NOTES.md");
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "the dump of seeds/ must write exactly the files seeds/ holds (besides NOTES.md)"
    );
    for (name, bytes) in &theirs {
        assert!(ours.get(name) == Some(bytes), "seeds/{name} is not in canonical form: run `claimledger --db x.db import seeds && claimledger --db x.db dump seeds`");
    }
}
