//! `interval`: how the ledger reads a printed figure, as text and as DESIGN's JSON shape, and
//! DESIGN's reading table through the real binary.

use crate::common;

use common::TestEnv;
use serde_json::Value;

const KEYS: [&str; 9] = [
    "printed",
    "kind",
    "unit",
    "hedge",
    "value",
    "lower",
    "upper",
    "lower_open",
    "upper_open",
];

/// `interval PRINTED [--kind K] --format json`, parsed, with its keys checked.
#[track_caller]
fn json_reading(env: &TestEnv, printed: &str, kind: Option<&str>) -> Value {
    let mut args = vec!["interval", printed, "--format", "json"];
    if let Some(k) = kind {
        args.extend(["--kind", k]);
    }
    let out = env.ok(&args);
    assert_eq!(out.lines().count(), 1, "one JSON object on one line: {out}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"));
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {out}"));
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = KEYS.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want, "interval --format json keys: {out}");
    assert_eq!(v["printed"], printed, "{out}");
    for k in ["lower_open", "upper_open"] {
        assert!(v[k].is_boolean(), "{k} is not a boolean: {out}");
    }
    for k in ["lower", "upper", "value"] {
        assert!(v[k].is_number() || v[k].is_null(), "{k}: {out}");
    }
    for k in ["kind", "unit", "hedge"] {
        assert!(v[k].is_string(), "{k}: {out}");
    }
    v
}

/// A bound: a number, or `None` for an unbounded side (JSON null).
fn bound(v: &Value, key: &str) -> Option<f64> {
    if v[key].is_null() {
        None
    } else {
        Some(
            v[key]
                .as_f64()
                .unwrap_or_else(|| panic!("{key} is not a number: {v}")),
        )
    }
}

#[track_caller]
fn assert_reads(
    env: &TestEnv,
    printed: &str,
    kind: Option<&str>,
    lower: (Option<f64>, bool),
    upper: (Option<f64>, bool),
) -> Value {
    let v = json_reading(env, printed, kind);
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs().max(1.0),
        (None, None) => true,
        _ => false,
    };
    let got = (
        (bound(&v, "lower"), v["lower_open"].as_bool().unwrap()),
        (bound(&v, "upper"), v["upper_open"].as_bool().unwrap()),
    );
    assert!(
        close(got.0 .0, lower.0) && got.0 .1 == lower.1 && close(got.1 .0, upper.0) && got.1 .1 == upper.1,
        "{printed:?} (kind {kind:?}) reads as lower {:?} open {}, upper {:?} open {}; expected lower {:?} open {}, upper {:?} open {}\n{v}",
        got.0 .0, got.0 .1, got.1 .0, got.1 .1, lower.0, lower.1, upper.0, upper.1
    );
    // An unbounded side is always open, whatever was expected.
    for (side, open) in [("lower", "lower_open"), ("upper", "upper_open")] {
        if v[side].is_null() {
            assert_eq!(
                v[open], true,
                "{printed:?}: unbounded {side} side not open\n{v}"
            );
        }
    }
    v
}

const CLOSED: bool = false;
const OPEN: bool = true;

fn at(x: f64, open: bool) -> (Option<f64>, bool) {
    (Some(x), open)
}

fn unbounded() -> (Option<f64>, bool) {
    (None, OPEN)
}

// ---------------------------------------------------------------------------------------------
// what the command layer owns

#[test]
fn plain_integers_read_exactly_as_json() {
    let env = TestEnv::new();
    let v = assert_reads(&env, "444", None, at(444.0, CLOSED), at(444.0, CLOSED));
    assert_eq!(v["kind"], "count");
    assert_eq!(v["unit"], "count");
    assert_eq!(v["value"].as_f64(), Some(444.0));
    let v = assert_reads(
        &env,
        "1,612",
        Some("count"),
        at(1612.0, CLOSED),
        at(1612.0, CLOSED),
    );
    assert_eq!(v["value"].as_f64(), Some(1612.0));
    assert_eq!(v["kind"], "count");
}

#[test]
fn interval_text_names_the_figure_and_its_reading() {
    let env = TestEnv::new();
    let out = env.ok(&["interval", "1,612"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("\"1,612\" reads as [1612] (kind count, unit count, hedge exact)"),
        "{out}"
    );
    assert_eq!(env.ok(&["interval", "1,612", "--format", "text"]), out);
}

#[test]
fn interval_needs_no_ledger_and_creates_none() {
    let env = TestEnv::new();
    env.ok(&["interval", "306"]);
    assert!(!env.db().exists(), "interval created a ledger");
    assert_eq!(std::fs::read_dir(env.path()).unwrap().count(), 0);
    // With a ledger it reads the same.
    env.ok(&["init"]);
    assert_eq!(
        env.ok(&["interval", "306", "--format", "json"]),
        TestEnv::new().ok(&["interval", "306", "--format", "json"])
    );
}

#[test]
fn unreadable_figures_exit_2_naming_the_text() {
    let env = TestEnv::new();
    for printed in ["lots", "many people", "", "12abc"] {
        let err = env.fails(&["interval", printed], 2);
        assert!(err.contains(&format!("{printed:?}")), "{printed:?}: {err}");
    }
    env.fails(&["interval", "306", "--kind", "ratio"], 2);
    env.fails(&["interval", "306", "--format", "yaml"], 2);
}

// ---------------------------------------------------------------------------------------------
// DESIGN's reading table

#[test]
fn exact_counts_and_number_words() {
    let env = TestEnv::new();
    for (printed, x) in [
        ("444", 444.0),
        ("1,612", 1612.0),
        ("a hundred", 100.0),
        ("A Thousand", 1000.0),
        ("two", 2.0),
        ("twenty", 20.0),
        ("1,50,000", 150000.0),
    ] {
        let v = assert_reads(&env, printed, Some("count"), at(x, CLOSED), at(x, CLOSED));
        assert_eq!(v["unit"], "count", "{printed}");
    }
}

#[test]
fn hedges_keep_their_bounds() {
    let env = TestEnv::new();
    let c = Some("count");
    assert_reads(&env, "nearly 500", c, at(450.0, CLOSED), at(500.0, CLOSED));
    assert_reads(&env, "NEARLY 500", c, at(450.0, CLOSED), at(500.0, CLOSED));
    assert_reads(&env, "almost 500", c, at(450.0, CLOSED), at(500.0, CLOSED));
    assert_reads(
        &env,
        "just under 500",
        c,
        at(450.0, CLOSED),
        at(500.0, CLOSED),
    );
    assert_reads(&env, "over 1,612", c, at(1612.0, OPEN), unbounded());
    assert_reads(&env, "more than 1,612", c, at(1612.0, OPEN), unbounded());
    assert_reads(&env, "at least 10", c, at(10.0, CLOSED), unbounded());
    assert_reads(&env, "10 or more", c, at(10.0, CLOSED), unbounded());
    assert_reads(&env, "under 50", c, at(0.0, CLOSED), at(50.0, OPEN));
    assert_reads(&env, "fewer than 50", c, at(0.0, CLOSED), at(50.0, OPEN));
    assert_reads(&env, "at most 50", c, at(0.0, CLOSED), at(50.0, CLOSED));
    assert_reads(&env, "up to 50", c, at(0.0, CLOSED), at(50.0, CLOSED));
    assert_reads(&env, "about 100", c, at(90.0, CLOSED), at(110.0, CLOSED));
    assert_reads(&env, "~100", c, at(90.0, CLOSED), at(110.0, CLOSED));
    assert_reads(
        &env,
        "an estimated 100",
        c,
        at(90.0, CLOSED),
        at(110.0, CLOSED),
    );
    assert_reads(
        &env,
        "between 10 and 20",
        c,
        at(10.0, CLOSED),
        at(20.0, CLOSED),
    );
    assert_reads(&env, "10 to 20", c, at(10.0, CLOSED), at(20.0, CLOSED));
    assert_reads(&env, "10–20", c, at(10.0, CLOSED), at(20.0, CLOSED));
}

#[test]
fn rounded_magnitudes_and_vague_quantities() {
    let env = TestEnv::new();
    let c = Some("count");
    assert_reads(
        &env,
        "1.5 million",
        c,
        at(1_450_000.0, CLOSED),
        at(1_550_000.0, CLOSED),
    );
    assert_reads(
        &env,
        "2.3 thousand",
        c,
        at(2_250.0, CLOSED),
        at(2_350.0, CLOSED),
    );
    assert_reads(
        &env,
        "1.5 lakh",
        c,
        at(145_000.0, CLOSED),
        at(155_000.0, CLOSED),
    );
    assert_reads(
        &env,
        "2 crore",
        c,
        at(15_000_000.0, CLOSED),
        at(25_000_000.0, CLOSED),
    );
    assert_reads(&env, "dozens", c, at(24.0, CLOSED), at(144.0, OPEN));
    assert_reads(&env, "hundreds", c, at(200.0, CLOSED), at(1000.0, OPEN));
    assert_reads(&env, "thousands", c, at(2000.0, CLOSED), at(1e6, OPEN));
}

#[test]
fn percentages_and_changes() {
    let env = TestEnv::new();
    let v = assert_reads(
        &env,
        "51%",
        Some("share"),
        at(50.5, CLOSED),
        at(51.5, CLOSED),
    );
    assert_eq!(v["unit"], "percent");
    assert_reads(
        &env,
        "51 percent",
        Some("share"),
        at(50.5, CLOSED),
        at(51.5, CLOSED),
    );
    assert_reads(
        &env,
        "51pc",
        Some("share"),
        at(50.5, CLOSED),
        at(51.5, CLOSED),
    );
    assert_reads(
        &env,
        "17.3%",
        Some("share"),
        at(17.25, CLOSED),
        at(17.35, CLOSED),
    );
    assert_reads(
        &env,
        "100%",
        Some("share"),
        at(99.5, CLOSED),
        at(100.0, CLOSED),
    );

    let ch = Some("change");
    let v = assert_reads(&env, "51% increase", ch, at(50.5, CLOSED), at(51.5, CLOSED));
    assert_eq!(v["unit"], "percent-change");
    assert_eq!(v["kind"], "change");
    assert_reads(
        &env,
        "fell by 20%",
        ch,
        at(-20.5, CLOSED),
        at(-19.5, CLOSED),
    );
    assert_reads(&env, "doubled", ch, at(80.0, CLOSED), at(120.0, CLOSED));
    assert_reads(
        &env,
        "almost doubled",
        ch,
        at(80.0, CLOSED),
        at(100.0, CLOSED),
    );
    assert_reads(&env, "more than doubled", ch, at(100.0, OPEN), unbounded());
}

#[test]
fn the_ledgers_tolerance_is_used() {
    let env = TestEnv::init();
    env.conn()
        .execute(
            "UPDATE settings SET value = '0.20' WHERE key = 'tolerance'",
            [],
        )
        .unwrap();
    assert_reads(
        &env,
        "nearly 500",
        Some("count"),
        at(400.0, CLOSED),
        at(500.0, CLOSED),
    );
    // A ledger directory's settings.csv sets it too (read without importing the ledger), and
    // a bad one there is refused naming the file.
    env.ok(&["dump", "as-dir"]);
    let out = env.ok(&[
        "--db",
        "as-dir",
        "interval",
        "nearly 500",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["lower"].as_f64(), Some(400.0), "{out}");
    std::fs::write(
        env.path().join("as-dir/settings.csv"),
        "key,value\ntolerance,1.5\n",
    )
    .unwrap();
    let err = env.fails(&["--db", "as-dir", "interval", "nearly 500"], 2);
    assert!(err.contains("settings.csv") && err.contains("1.5"), "{err}");
    // Without a ledger: the default 10%.
    let bare = TestEnv::new();
    assert_reads(
        &bare,
        "nearly 500",
        Some("count"),
        at(450.0, CLOSED),
        at(500.0, CLOSED),
    );
}

#[test]
fn add_stores_hedged_readings_with_unbounded_sides_as_null() {
    let env = TestEnv::seeded();
    env.ok(&[
        "add",
        "--id",
        "over",
        "--source",
        "dawn-2024",
        "--quote",
        "over 1,612 people were killed in 2023",
        "--printed",
        "over 1,612",
        "--metric",
        "fatalities",
        "--place",
        "pakistan",
        "--period",
        "2023",
    ]);
    env.ok(&[
        "add",
        "--id",
        "rise",
        "--source",
        "dawn-2024",
        "--kind",
        "change",
        "--base",
        "2022",
        "--quote",
        "attacks saw a 51% increase",
        "--printed",
        "51% increase",
        "--metric",
        "terrorist-attacks",
        "--place",
        "pakistan",
        "--period",
        "2023",
    ]);
    let out = env.ok(&["list", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let get = |id: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} not listed: {out}"))
            .clone()
    };
    let over = get("over");
    assert_eq!(over["lower"].as_f64(), Some(1612.0));
    assert_eq!(over["lower_open"], true);
    assert!(over["upper"].is_null(), "{over}");
    assert_eq!(over["upper_open"], true);
    let rise = get("rise");
    assert_eq!(rise["kind"], "change");
    assert_eq!(rise["base"], "2022");
    assert_eq!(rise["lower"].as_f64(), Some(50.5));
    assert_eq!(rise["upper"].as_f64(), Some(51.5));
    assert_eq!(rise["upper_open"], false);
    // The table keeps the hedge visible.
    let table = env.ok(&["list"]);
    assert!(table.contains("(1612, ∞)"), "{table}");
    assert!(table.contains("[+50.5%, +51.5%]"), "{table}");
}

#[test]
fn a_change_figure_without_base_is_refused_when_its_kind_is_inferred() {
    let env = TestEnv::seeded();
    let before = env.claim_count();
    let err = env.fails(
        &[
            "add",
            "--source",
            "dawn-2024",
            "--quote",
            "attacks saw a 51% increase",
            "--printed",
            "51% increase",
            "--metric",
            "terrorist-attacks",
            "--place",
            "pakistan",
            "--period",
            "2023",
        ],
        2,
    );
    assert!(err.contains("--base"), "{err}");
    assert_eq!(env.claim_count(), before);
}

/// Issue "exact readings": `-5` gave advice that sent the user in a circle between `--kind`
/// values; each kind now says what to write.
#[test]
fn a_signed_number_gets_advice_that_leads_somewhere() {
    let env = TestEnv::new();
    for kind in [None, Some("change"), Some("count")] {
        let mut args = vec!["interval", "-5"];
        if let Some(k) = kind {
            args.extend(["--kind", k]);
        }
        let err = env.fails(&args, 2);
        assert!(err.contains("-5%"), "{kind:?}: {err}");
        assert!(!err.contains("use --kind count"), "{kind:?}: {err}");
    }
    let out = env.ok(&["interval", "-20%"]);
    assert!(out.contains("[-20.5%, -19.5%]"), "{out}");
}
