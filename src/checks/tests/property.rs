//! A consistency property: claims that all agree with one ground truth (exact or hedged
//! counts, changes and shares rounded as printed) give no error and no warning, whatever mix
//! of sources, orgs and attributions prints them.

use super::*;

pub(super) struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'x>(&mut self, v: &[&'x str]) -> &'x str {
        v[self.below(v.len())]
    }
}

/// Leaf places and their named ancestors; leaf metrics and theirs.
pub(super) const LEAF_PLACES: &[(&str, &[&str])] = &[
    ("quetta", &["quetta", "balochistan", "pakistan"]),
    ("gwadar", &["gwadar", "balochistan", "pakistan"]),
    ("balochistan-rest", &["balochistan", "pakistan"]),
    ("khyber-pakhtunkhwa", &["khyber-pakhtunkhwa", "pakistan"]),
    ("sindh", &["sindh", "pakistan"]),
    ("punjab", &["punjab", "pakistan"]),
];
pub(super) const LEAF_METRICS: &[(&str, &[&str])] = &[
    (
        "police",
        &["police-deaths", "security-force-deaths", "fatalities"],
    ),
    ("other-sf", &["security-force-deaths", "fatalities"]),
    ("civilians", &["fatalities"]),
    ("suicide", &["suicide-attacks", "terrorist-attacks"]),
    ("other-attacks", &["terrorist-attacks"]),
];
const PLACES: &[&str] = &[
    "pakistan",
    "balochistan",
    "quetta",
    "gwadar",
    "khyber-pakhtunkhwa",
    "sindh",
    "punjab",
    "balochistan+khyber-pakhtunkhwa",
    "sindh+punjab",
];
pub(super) const METRICS: &[&str] = &[
    "fatalities",
    "security-force-deaths",
    "police-deaths",
    "terrorist-attacks",
    "suicide-attacks",
];
const PERIODS: &[&str] = &[
    "2022", "2023", "2024", "2023-H1", "2023-Q2", "2024-Q3", "2023-05", "2024-11", "2024-H2",
];

/// Monthly figures per (leaf metric, leaf place) for 2021..=2024, and the months' spans.
struct Truth(Vec<u64>, Vec<Span>);

impl Truth {
    fn new(rng: &mut Rng) -> Self {
        let months = (0..48)
            .map(|k| span(&format!("{}-{:02}", 2021 + k / 12, k % 12 + 1)))
            .collect();
        Truth(
            (0..LEAF_METRICS.len() * LEAF_PLACES.len() * 48)
                .map(|_| rng.next() % 40)
                .collect(),
            months,
        )
    }

    fn value(&self, metric: &str, place: &str, within: Span) -> f64 {
        let mut total = 0;
        for (mi, (_, m_anc)) in LEAF_METRICS.iter().enumerate() {
            if !m_anc.contains(&metric) {
                continue;
            }
            for (pi, (_, p_anc)) in LEAF_PLACES.iter().enumerate() {
                if !place.split('+').any(|p| p_anc.contains(&p)) {
                    continue;
                }
                for (month, s) in self.1.iter().enumerate() {
                    if within.contains(s) {
                        total += self.0[(mi * LEAF_PLACES.len() + pi) * 48 + month];
                    }
                }
            }
        }
        total as f64
    }
}

pub(super) fn hierarchy(l: &mut Ledger) {
    for (p, parent) in [
        ("balochistan", "pakistan"),
        ("quetta", "balochistan"),
        ("gwadar", "balochistan"),
        ("khyber-pakhtunkhwa", "pakistan"),
        ("sindh", "pakistan"),
        ("punjab", "pakistan"),
    ] {
        l.place(p, parent);
    }
    for (m, parent) in [
        ("security-force-deaths", "fatalities"),
        ("police-deaths", "security-force-deaths"),
        ("suicide-attacks", "terrorist-attacks"),
    ] {
        l.metric(m, parent);
    }
}

/// A printed count the truth agrees with: exact, or hedged.
fn count_reading(rng: &mut Rng, t: f64) -> (String, Interval) {
    let hedged = match rng.below(4) {
        1 if t >= 20.0 => {
            let x = (t * 0.9).floor();
            (
                format!("over {x}"),
                Interval::new(n(x), true, Num::PosInf, true),
            )
        }
        2 if t >= 20.0 => {
            let x = (t / 10.0).ceil() * 10.0;
            let x = n(x);
            let lo = x.mul(&Num::ratio(9, 10));
            (format!("nearly {x}"), Interval::closed(lo, x))
        }
        3 if t >= 50.0 => {
            let x = (t / 10.0).round() * 10.0;
            let x = n(x);
            let (lo, hi) = (x.mul(&Num::ratio(9, 10)), x.mul(&Num::ratio(11, 10)));
            (format!("about {x}"), Interval::closed(lo, hi))
        }
        _ => (format!("{t}"), ex(t)),
    };
    if hedged.1.contains(&n(t)) {
        hedged
    } else {
        (format!("{t}"), ex(t))
    }
}

/// A percentage rounded as printed (16.79 is "17%"). On a rounding boundary (27.5) either
/// neighbour will do: the closed band of `27%` and of `28%` both hold 27.5, which is what
/// makes a figure rounded half up, half down or half to even agree with its counts.
pub(super) fn percent_reading(t: f64) -> Option<(String, Interval)> {
    let r = t.round();
    Some((format!("{r}%"), pc(r)))
}

fn agreeing_ledger(seed: u64, n: usize) -> Ledger {
    let mut rng = Rng(seed);
    let truth = Truth::new(&mut rng);
    let mut l = Ledger::new();
    hierarchy(&mut l);
    let publishers = ["pips", "crss", "picss", "", "dawn"];
    let orgs = ["pips", "crss", "picss", "dawn"];
    let dates = ["2025-01-10", "2025-02", "2025-03-04", ""];
    let sources: Vec<usize> = (0..12)
        .map(|k| l.source(&format!("s{k}"), publishers[k % 5], dates[k % 4]))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for k in 0..n {
        let src = sources[rng.below(sources.len())];
        let (metric, place, period) = (rng.pick(METRICS), rng.pick(PLACES), rng.pick(PERIODS));
        let p = span(period);
        let what = format!("{metric} {place} {period}");
        let t = truth.value(metric, place, p);
        let id = format!("c{k}");
        let (kind, mut claim) = match rng.below(3) {
            0 => {
                let (printed, iv) = count_reading(&mut rng, t);
                ("count", l.count(&id, src, &what, &printed, iv))
            }
            1 => {
                let base = if period.len() == 4 { "2022" } else { period };
                let base = base.replacen("2024", "2023", 1).replacen("2023", "2022", 1);
                let old = truth.value(metric, place, span(&base));
                let Some((printed, iv)) = (old > 0.0)
                    .then(|| percent_reading((t / old - 1.0) * 100.0))
                    .flatten()
                else {
                    continue;
                };
                ("change", l.change(&id, src, &what, &base, &printed, iv))
            }
            _ => {
                let (of, whole) = if metric == "police-deaths" && rng.below(2) == 0 {
                    (
                        "security-force-deaths",
                        truth.value("security-force-deaths", place, p),
                    )
                } else {
                    ("pakistan", truth.value(metric, "pakistan", p))
                };
                let Some((printed, iv)) = (whole > 0.0)
                    .then(|| percent_reading(t / whole * 100.0))
                    .flatten()
                else {
                    continue;
                };
                ("share", l.share(&id, src, &what, of, &printed, iv))
            }
        };
        match rng.below(3) {
            0 => {}
            _ => {
                claim.by(orgs[rng.below(orgs.len())]);
            }
        }
        // One source printing one figure twice is a duplicate (L010), not a disagreement.
        if !seen.insert((src, kind, what)) {
            l.input.claims.pop();
        }
    }
    l
}

#[test]
fn claims_agreeing_with_one_truth_raise_nothing() {
    for seed in 1..=30u64 {
        let l = agreeing_ledger(seed * 7919, 600);
        let f = l.run();
        let bad = serious(&f);
        assert!(
            bad.is_empty(),
            "seed {seed}: {:#?}",
            &bad[..bad.len().min(3)]
        );
    }
}

#[test]
fn one_wrong_figure_among_them_is_found() {
    let mut l = agreeing_ledger(42, 400);
    let s = l.source("wrong", "", "2025-05-01");
    let truth = Truth::new(&mut Rng(42));
    let y23 = truth.value("fatalities", "pakistan", span("2023"));
    let b23 = truth.value("fatalities", "balochistan", span("2023"));
    l.count("w-pk", s, "fatalities pakistan 2023", "x", ex(y23));
    l.count("w-b", s, "fatalities balochistan 2023", "x", ex(b23));
    l.share(
        "w-share",
        s,
        "fatalities balochistan 2023",
        "pakistan",
        "99%",
        pc(99.0),
    );
    let f = l.run();
    assert_eq!(
        about(&f, "L006", &["w-share"]).len(),
        1,
        "{:#?}",
        serious(&f)
    );
}

/// An agreeing ledger with, in every other source, changes and shares off by 30 points and
/// quetta's counts tripled.
fn skewed_ledger(seed: u64, n: usize) -> Ledger {
    let mut l = agreeing_ledger(seed, n);
    let quetta = l.input.names.get("quetta").unwrap();
    let sets = &l.input.place_sets;
    for c in &mut l.input.claims {
        if c.source % 2 == 1 {
            continue;
        }
        c.reading = match c.kind {
            Kind::Count if sets.places(c.places) == [quetta] => {
                c.reading.affine(&Num::from(3), &Num::from(100)).into()
            }
            Kind::Count => c.reading.clone(),
            _ => c.reading.affine(&Num::from(1), &Num::from(30)).into(),
        };
    }
    l
}

/// The property has teeth: the skewed ledgers are caught.
#[test]
fn the_same_ledgers_skewed_are_caught() {
    let mut codes = std::collections::BTreeMap::new();
    for seed in 1..=10u64 {
        let l = skewed_ledger(seed * 7919, 800);
        for f in serious(&l.run()) {
            *codes.entry(f.code).or_insert(0) += 1;
        }
    }
    for code in ["L003", "L004", "L005", "L006", "L007"] {
        assert!(codes.get(code).is_some_and(|&n| n > 0), "{code}: {codes:?}");
    }
}

/// The checks give the same report on two threads as on one, whichever thread takes which
/// task (a large ledger's are split; see `checks::run`); and unworded, the same findings with
/// empty texts.
#[test]
fn two_threads_report_what_one_does() {
    for seed in 1..=6u64 {
        let mut l = skewed_ledger(seed * 104_729, 1500);
        for c in l.input.claims.iter_mut().step_by(3) {
            c.verdict = Some(Verdict::Supported);
        }
        let one = crate::checks::run_on(&l.input, Vec::new(), false, Wording::Full);
        let codes: std::collections::BTreeSet<_> = one.iter().map(|f| f.code).collect();
        assert!(
            codes.len() >= 5 && codes.contains("L012"),
            "seed {seed}: {codes:?}"
        );
        for _ in 0..3 {
            assert!(
                crate::checks::run_on(&l.input, Vec::new(), true, Wording::Full) == one,
                "seed {seed}"
            );
        }
        let mut unworded = one.clone();
        for f in &mut unworded {
            f.message.clear();
            f.working.clear();
        }
        let bare = crate::checks::run_on(&l.input, Vec::new(), true, Wording::Bare);
        assert!(bare == unworded, "seed {seed}, unworded");
    }
}

/// The keys cut for two threads: each key in exactly one slice, in order, and the slices
/// about equal in claims (a slice ends at the first key past its share, so it is off by less
/// than one key's claims).
#[test]
fn key_slices_hold_every_key_once() {
    for seed in 1..=4u64 {
        let l = skewed_ledger(seed * 7_919, 1500);
        let ctx = crate::checks::index::Ctx::new(&l.input);
        let all: Vec<&[u32]> = ctx.runs_in(0..ctx.run_count()).collect();
        let largest = all.iter().map(|r| r.len()).max().unwrap_or(0);
        for n in 1..=6 {
            let slices = ctx.run_slices(n);
            assert!(slices.len() <= n && !slices.is_empty(), "seed {seed}, {n}");
            assert_eq!(slices.first().map(|s| s.start), Some(0));
            assert_eq!(slices.last().map(|s| s.end), Some(all.len()));
            assert!(slices
                .windows(2)
                .all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
            let share = ctx.claims.len().div_ceil(n);
            for s in &slices {
                let claims: usize = ctx.runs_in(s.clone()).map(<[u32]>::len).sum();
                assert!(
                    claims <= share + largest,
                    "seed {seed}, {n}: {claims} > {share} + {largest}"
                );
            }
        }
    }
}
