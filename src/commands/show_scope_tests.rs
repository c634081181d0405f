//! `show` checks a claim's neighbourhood only (`checks::neighbourhood`); this holds that to
//! the whole-ledger `check` for every claim of many small random ledgers, dense enough that
//! every relation the checks know (equal keys, changes and shares recomputed from counts on
//! places, unions and wholes, parts and wholes inside a source or an org, revisions, shares
//! past 100%) occurs often: the findings naming a claim must be the same, word for word.

use super::claim_findings;
use crate::checks::history::review_hash;
use crate::checks::model::Finding;
use crate::checks::model::Wording;
use crate::commands::outcome::run_checks;
use crate::reading::{self, Kind};
use crate::records::{Claim, Metric, Org, Place, Review, Source, Verdict};
use crate::store::{Reader, Store};

/// A small deterministic generator (xorshift), so that a failure names its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ORGS: [&str; 3] = ["pips", "crss", "dawn"];
const PLACES: [(&str, Option<&str>); 7] = [
    ("pakistan", None),
    ("punjab", Some("pakistan")),
    ("sindh", Some("pakistan")),
    ("lahore", Some("punjab")),
    ("multan", Some("punjab")),
    ("karachi", Some("sindh")),
    ("hyderabad", Some("sindh")),
];
const METRICS: [(&str, Option<&str>); 5] = [
    ("attacks", None),
    ("attacks-suicide", Some("attacks")),
    ("attacks-ied", Some("attacks")),
    ("deaths", None),
    ("deaths-police", Some("deaths")),
];
const CLAIM_PLACES: [&str; 9] = [
    "pakistan",
    "punjab",
    "sindh",
    "lahore",
    "multan",
    "karachi",
    "hyderabad",
    "lahore+multan",
    "karachi+lahore",
];
const PERIODS: [&str; 8] = [
    "2022",
    "2023",
    "2023-H1",
    "2023-H2",
    "2023-Q1",
    "2023-03",
    "2023-07/",
    "2023-02/2023-05",
];
const COUNTS: [&str; 10] = [
    "10",
    "12",
    "20",
    "25",
    "40",
    "about 40",
    "over 50",
    "60",
    "100",
    "nearly 100",
];
const PERCENTS: [&str; 7] = ["10%", "20%", "25%", "50%", "60%", "75%", "over 40%"];
const DATES: [&str; 5] = ["2023-06-01", "2023-12-31", "2024-01-15", "2024-02", ""];

fn ledger(seed: u64) -> Store {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut store = Store::in_memory().unwrap();
    store
        .write(|tx| {
            for org in ORGS {
                tx.insert_org(&Org {
                    id: org.into(),
                    name: org.to_uppercase(),
                    aliases: Vec::new(),
                })?;
            }
            for (id, parent) in PLACES {
                tx.insert_place(&Place {
                    id: id.into(),
                    name: id.into(),
                    parent: parent.map(Into::into),
                    aliases: Vec::new(),
                })?;
            }
            for (id, parent) in METRICS {
                tx.insert_metric(&Metric {
                    id: id.into(),
                    name: id.into(),
                    parent: parent.map(Into::into),
                    definition: None,
                    aliases: Vec::new(),
                })?;
            }
            let sources = 4 + rng.below(5);
            let mut publishers = Vec::new();
            for s in 0..sources {
                let publisher = [Some("pips"), Some("crss"), Some("dawn"), None][rng.below(4)];
                publishers.push(publisher);
                let published = rng.pick(&DATES);
                tx.insert_source(
                    &Source {
                        id: format!("s-{s}"),
                        url: None,
                        title: format!("source {s}"),
                        publisher: publisher.map(Into::into),
                        author: None,
                        published: (!published.is_empty()).then(|| published.into()),
                        text_sha256: None,
                    },
                    None,
                )?;
            }
            let mut head = String::new();
            for n in 0..40 + rng.below(80) {
                let kind = [
                    Kind::Count,
                    Kind::Count,
                    Kind::Count,
                    Kind::Change,
                    Kind::Share,
                ][rng.below(5)];
                let printed = match kind {
                    Kind::Count => rng.pick(&COUNTS),
                    _ => rng.pick(&PERCENTS),
                };
                let (metric, parent) = METRICS[rng.below(METRICS.len())];
                // Most claims on a few keys, so that relations between them are common.
                let place = match rng.below(4) {
                    0 => rng.pick(&CLAIM_PLACES),
                    _ => rng.pick(&["pakistan", "punjab", "lahore", "multan"]),
                };
                let period = match rng.below(3) {
                    0 => rng.pick(&PERIODS),
                    _ => rng.pick(&["2022", "2023"]),
                };
                // Wholes: places, the parent metric, and now and then a metric of another tree.
                let of = (kind == Kind::Share).then(|| match (rng.below(5), parent) {
                    (0, Some(parent)) => parent,
                    (1, _) => METRICS[rng.below(METRICS.len())].0,
                    _ => rng.pick(&["pakistan", "punjab", "sindh"]),
                });
                let s = rng.below(sources);
                let source = format!("s-{s}");
                // Half the claims are their source's publisher's own figures.
                let credited = match rng.below(2) {
                    0 => publishers[s],
                    _ => [Some("pips"), Some("crss"), Some("dawn"), None][rng.below(4)],
                };
                let claim = Claim {
                    id: format!("c-{n:03}"),
                    source,
                    quote: format!("It printed {printed} then."),
                    printed: printed.into(),
                    kind,
                    metric: metric.into(),
                    place: place.into(),
                    period: period.into(),
                    base: (kind == Kind::Change).then(|| rng.pick(&["2022", "2023-H1"]).into()),
                    of: of.map(Into::into),
                    attributed_to: credited.map(Into::into),
                    note: None,
                };
                let reading = reading::read(printed, kind, &reading::default_tolerance())?.interval;
                tx.insert_claim(&claim, &reading)?;
                if rng.below(3) > 0 {
                    let verdict =
                        [Verdict::Supported, Verdict::Supported, Verdict::Disputed][rng.below(3)];
                    let at = "2024-03-01T10:00:00Z";
                    let hash = review_hash(&head, &claim.id, verdict.as_str(), "r", at, "", "");
                    tx.append_review(&Review {
                        claim: claim.id.clone(),
                        verdict,
                        reviewer: "r".into(),
                        at: at.into(),
                        evidence: None,
                        note: None,
                        hash: hash.clone(),
                    })?;
                    head = hash;
                }
            }
            Ok(())
        })
        .unwrap();
    store
}

fn naming<'f>(findings: &'f [Finding], id: &str) -> Vec<&'f Finding> {
    let names = |f: &&Finding| f.claims.iter().chain(&f.evidence).any(|c| c == id);
    findings.iter().filter(names).collect()
}

fn claims(reader: &Reader<'_>) -> Vec<(Claim, bool)> {
    let mut out = Vec::new();
    reader
        .for_each_claim(&Default::default(), |row| {
            let source = reader.source(&row.claim.source)?.unwrap();
            let primary = row.claim.is_primary(&source);
            out.push((row.claim, primary));
            Ok(())
        })
        .unwrap();
    out
}

#[test]
fn show_finds_what_check_finds_for_every_claim() {
    let mut codes = std::collections::BTreeMap::<&str, usize>::new();
    for seed in 0..60 {
        let store = ledger(seed);
        let reader = store.reader();
        let all = run_checks(&reader, Wording::Full).unwrap().findings;
        for f in &all {
            *codes.entry(f.code).or_default() += 1;
        }
        for (claim, primary) in claims(&reader) {
            let shown = claim_findings(&reader, &claim, primary).unwrap();
            let shown = naming(&shown, &claim.id);
            let expected = naming(&all, &claim.id);
            assert_eq!(
                shown, expected,
                "seed {seed}, claim {}: show and check disagree",
                claim.id
            );
        }
    }
    // The ledgers exercise every relation: each of these codes occurs many times.
    for code in [
        "L003", "L004", "L005", "L006", "L007", "L009", "L010", "L011", "L012",
    ] {
        let n = codes.get(code).copied().unwrap_or(0);
        assert!(
            n >= 20,
            "only {n} {code} findings: the ledgers are too sparse: {codes:?}"
        );
    }
}
