//! `interval`: how the ledger reads a printed figure, without recording anything. Uses the
//! ledger's tolerance when `--db` names an existing ledger, else the default 10%.

use super::add::kind_of;
use super::list::reading_text;
use crate::cli::{IntervalArgs, IntervalFormat};
use crate::error::Result;
use crate::reading::{self, Reading};
use crate::store::Store;
use crate::text_form;
use crate::Status;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: IntervalArgs, out: &mut dyn Write) -> Result<Status> {
    // Only the tolerance is needed: a ledger directory is not imported for it.
    let tolerance = if db.is_dir() {
        text_form::tolerance_of(db)?
    } else if db.exists() {
        Store::open(db)?.reader().tolerance()?
    } else {
        reading::default_tolerance()
    };
    let kind = args
        .kind
        .map(kind_of)
        .unwrap_or_else(|| reading::infer_kind(&args.printed));
    let r = reading::read(&args.printed, kind, &tolerance)?;
    match args.format {
        IntervalFormat::Text => writeln!(
            out,
            "{:?} reads as {} (kind {}, unit {}, hedge {})",
            args.printed,
            reading_text(&r.interval, kind),
            kind.as_str(),
            r.unit.as_str(),
            r.hedge
        )?,
        IntervalFormat::Json => writeln!(out, "{}", to_json(&args.printed, &r))?,
    }
    Ok(Status::Done)
}

/// DESIGN's shape, in DESIGN's key order, `null` for an unbounded side.
#[derive(Serialize)]
struct IntervalJson<'a> {
    printed: &'a str,
    kind: &'static str,
    unit: &'static str,
    hedge: &'static str,
    value: Option<f64>,
    lower: Option<f64>,
    upper: Option<f64>,
    lower_open: bool,
    upper_open: bool,
}

fn to_json(printed: &str, r: &Reading) -> String {
    let view = IntervalJson {
        printed,
        kind: r.kind.as_str(),
        unit: r.unit.as_str(),
        hedge: r.hedge,
        value: r.value.as_ref().and_then(|v| v.finite_f64()),
        lower: r.interval.lower.finite_f64(),
        upper: r.interval.upper.finite_f64(),
        lower_open: r.interval.lower_open,
        upper_open: r.interval.upper_open,
    };
    serde_json::to_string(&view).expect("plain data serializes")
}
