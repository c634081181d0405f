//! A million claims check in bounded time and memory:
//! `cargo test --release -- --ignored --nocapture a_million`.
//!
//! The ledger looks like a real one grown large: sources of ten claims, three orgs' primary
//! figures and revisions, secondary citations, changes and shares, sub-places and
//! sub-periods, nearly all agreeing with one truth, and one claim in a thousand wrong.

use super::property::{hierarchy, percent_reading, Rng, LEAF_METRICS, LEAF_PLACES, METRICS};
use super::*;
use crate::period::civil_from_days;

const FIRST_YEAR: i32 = 1990;
const MONTHS: usize = 35 * 12;

/// Prefix sums of monthly figures per (leaf metric, leaf place).
struct Truth(Vec<Vec<u64>>);

impl Truth {
    fn new(rng: &mut Rng) -> Self {
        let cells = LEAF_METRICS.len() * LEAF_PLACES.len();
        Truth(
            (0..cells)
                .map(|_| {
                    let mut acc = 0;
                    std::iter::once(0)
                        .chain((0..MONTHS).map(|_| {
                            acc += rng.next() % 40;
                            acc
                        }))
                        .collect()
                })
                .collect(),
        )
    }

    fn value(&self, metric: &str, place: &str, within: Span) -> f64 {
        let month = |day| {
            let (y, m, _) = civil_from_days(day);
            (y - FIRST_YEAR) as usize * 12 + m as usize - 1
        };
        let (a, b) = (month(within.start), month(within.end) + 1);
        let mut total = 0;
        for (mi, (_, m_anc)) in LEAF_METRICS.iter().enumerate() {
            for (pi, (_, p_anc)) in LEAF_PLACES.iter().enumerate() {
                if m_anc.contains(&metric) && place.split('+').any(|p| p_anc.contains(&p)) {
                    let sums = &self.0[mi * LEAF_PLACES.len() + pi];
                    total += sums[b] - sums[a];
                }
            }
        }
        total as f64
    }
}

#[test]
#[ignore]
fn a_million_claims() {
    let mut rng = Rng(7);
    let truth = Truth::new(&mut rng);
    let mut l = Ledger::new();
    hierarchy(&mut l);
    let places = [
        "pakistan",
        "balochistan",
        "quetta",
        "khyber-pakhtunkhwa",
        "sindh",
        "punjab",
        "balochistan+khyber-pakhtunkhwa",
    ];
    let publishers = ["pips", "crss", "picss", "", "dawn"];
    let mut src = 0;
    let mut wrong_ids = std::collections::HashSet::new();
    let start = std::time::Instant::now();
    for k in 0..1_000_000usize {
        if k % 10 == 0 {
            let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
            let date = format!("2025-{month:02}-{day:02}");
            src = l.source(&format!("s{k}"), publishers[k / 10 % 5], &date);
        }
        let year = FIRST_YEAR as usize + 1 + rng.below(34);
        let (period, base) = match rng.below(3) {
            0 => (format!("{year}"), format!("{}", year - 1)),
            1 => {
                let q = 1 + rng.below(4);
                (format!("{year}-Q{q}"), format!("{}-Q{q}", year - 1))
            }
            _ => {
                let m = 1 + rng.below(12);
                (format!("{year}-{m:02}"), format!("{}-{m:02}", year - 1))
            }
        };
        let (metric, place) = (rng.pick(METRICS), rng.pick(&places));
        let what = format!("{metric} {place} {period}");
        let t = truth.value(metric, place, span(&period));
        let id = format!("c{k}");
        let wrong = rng.below(1000) == 0;
        if wrong {
            wrong_ids.insert(id.clone());
        }
        let roll = rng.below(10);
        let change = (roll == 0)
            .then(|| {
                let old = truth.value(metric, place, span(&base));
                (old > 0.0)
                    .then(|| percent_reading((t / old - 1.0) * 100.0))
                    .flatten()
            })
            .flatten();
        let share = (roll == 1)
            .then(|| {
                let whole = truth.value(metric, "pakistan", span(&period));
                (whole > 0.0)
                    .then(|| percent_reading(t / whole * 100.0))
                    .flatten()
            })
            .flatten();
        let mut c = match (change, share) {
            (Some((p, iv)), _) => l.change(&id, src, &what, &base, &p, iv),
            (_, Some((p, iv))) => l.share(&id, src, &what, "pakistan", &p, iv),
            _ => l.count(&id, src, &what, &format!("{t}"), ex(t)),
        };
        if wrong {
            c.reading = c.reading.affine(&Num::from(2), &Num::from(7)).into();
        }
        if rng.below(2) == 0 {
            c.by(rng.pick(&["pips", "crss", "picss"]));
        }
        if rng.below(4) == 0 {
            c.verdict(None);
        }
    }
    eprintln!("built in {:?}; {}", start.elapsed(), memory());
    let start = std::time::Instant::now();
    let f = l.run();
    let took = start.elapsed();
    let mut by_code = std::collections::BTreeMap::new();
    for x in &f {
        *by_code.entry((x.code, x.severity)).or_insert(0) += 1;
    }
    eprintln!("checked in {took:?}: {by_code:?}; {}", memory());
    assert!(took.as_secs() < 10, "took {took:?}");
    // The wrong figures are found: most wrong claims are questioned by an error or a warning
    // (a wrong claim alone on its key, with no count to recompute it from, cannot be).
    let questioned: std::collections::HashSet<&str> = f
        .iter()
        .filter(|x| x.severity != Severity::Info)
        .flat_map(|x| x.claims.iter().map(String::as_str))
        .collect();
    let found = wrong_ids
        .iter()
        .filter(|id| questioned.contains(id.as_str()))
        .count();
    assert!(
        found * 2 > wrong_ids.len(),
        "{found} of {} wrong claims found",
        wrong_ids.len()
    );
    // Memory: the checks' input and findings stay well under a 500 MB budget.
    let peak_kb: u64 = std::fs::read_to_string("/proc/self/status")
        .expect("/proc/self/status (this test runs on Linux)")
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .expect("VmHWM in /proc/self/status");
    assert!(peak_kb < 500 * 1024, "peak {peak_kb} KB");
}

/// Resident memory now and at its peak, from /proc (Linux), for the report.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}
