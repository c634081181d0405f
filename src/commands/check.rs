//! `check`: run every check over the whole ledger and print the findings as text, JSON, CSV or
//! GitHub workflow commands. Exit 1 when an unwaived finding is at or above `--fail-on`.

use super::open_read;
use crate::checks::model::{Finding, Severity};
use crate::checks::{self};
use crate::cli::{CheckArgs, CheckFormat, FailOn};
use crate::error::Result;
use crate::interval::fmt_num;
use crate::progress::Progress;
use crate::store::Reader;
use crate::Status;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;

/// Every finding of a ledger, waivers applied, and the review history's head.
pub(crate) struct Outcome {
    pub findings: Vec<Finding>,
    pub head: String,
    pub reviews: usize,
    /// The claims of unwaived L011 findings, by source id: what the text output summarises.
    pub unreviewed: BTreeMap<String, usize>,
}

/// Run all checks over the ledger `reader` reads.
pub(crate) fn run_checks(reader: &Reader<'_>) -> Result<Outcome> {
    let feed = reader.check_feed()?;
    let mut provenance = feed.provenance;
    provenance.extend(feed.chain.broken.clone());
    let mut findings = checks::run(&feed.input, provenance);
    checks::apply_waivers(&mut findings, &feed.waived);
    let unreviewed_ids: HashSet<&str> = findings
        .iter()
        .filter(|f| f.code == "L011" && !f.waived)
        .filter_map(|f| f.claims.first().map(String::as_str))
        .collect();
    let mut unreviewed = BTreeMap::new();
    if !unreviewed_ids.is_empty() {
        let input = &feed.input;
        for c in &input.claims {
            if unreviewed_ids.contains(input.id_of(c)) {
                *unreviewed
                    .entry(input.sources[c.source].id.clone())
                    .or_insert(0) += 1;
            }
        }
    }
    Ok(Outcome {
        findings,
        head: feed.chain.head,
        reviews: feed.chain.rows,
        unreviewed,
    })
}

pub fn run(db: &Path, args: CheckArgs, out: &mut dyn Write) -> Result<Status> {
    let progress = Progress::start("reading the ledger");
    let store = open_read(db)?;
    progress.stage("checking");
    let outcome = run_checks(&store.snapshot()?.reader())?;
    drop(progress);
    match args.format {
        CheckFormat::Text => text(&outcome, args.all, out)?,
        CheckFormat::Json => {
            write_json(&outcome.findings, &mut *out)?;
            writeln!(out)?;
        }
        CheckFormat::Csv => csv_rows(&outcome.findings, out)?,
        CheckFormat::Github => github(&outcome.findings, out)?,
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| {
        outcome
            .findings
            .iter()
            .any(|f| !f.waived && f.severity <= t)
    });
    Ok(if failing {
        Status::Findings
    } else {
        Status::Done
    })
}

/// Unwaived findings by severity, and the waived ones.
pub(crate) fn summary(findings: &[Finding]) -> [usize; 4] {
    let mut n = [0; 4];
    for f in findings {
        let i = if f.waived { 3 } else { f.severity as usize };
        n[i] += 1;
    }
    n
}

/// For a person at a terminal: errors first, each severity's largest gap first; unreviewed
/// claims (L011) one line per source with their count unless `all` (DESIGN).
fn text(outcome: &Outcome, all: bool, out: &mut dyn Write) -> Result<()> {
    let summarised = |f: &Finding| !all && f.code == "L011" && !f.waived;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<&Finding> = outcome
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        writeln!(out, "{} ({})", severity.as_str(), group.len())?;
        if severity == Severity::Info && !all {
            for (source, n) in &outcome.unreviewed {
                writeln!(
                    out,
                    "  L011 unreviewed: {n} claim(s) of source {source} have no review yet"
                )?;
            }
            if !outcome.unreviewed.is_empty() {
                writeln!(out, "    (check --all lists each)")?;
            }
        }
        for f in group.into_iter().filter(|f| !summarised(f)) {
            let waived = if f.waived { "  [waived]" } else { "" };
            writeln!(out, "  {} {} {}{}", f.id, f.code, f.name, waived)?;
            writeln!(out, "    {}", f.message)?;
            if !f.working.is_empty() {
                writeln!(out, "    working: {}", f.working)?;
            }
            write!(out, "    claims: {}", or_none(&f.claims))?;
            if !f.evidence.is_empty() {
                write!(out, "; evidence: {}", f.evidence.join(", "))?;
            }
            writeln!(out)?;
        }
        writeln!(out)?;
    }
    let [e, w, i, waived] = summary(&outcome.findings);
    let head = if outcome.head.is_empty() {
        "(empty)".to_string()
    } else {
        outcome.head.clone()
    };
    writeln!(
        out,
        "{e} error(s), {w} warning(s), {i} info, {waived} waived; review history: {} review(s), head {head}",
        outcome.reviews
    )?;
    Ok(())
}

fn or_none(ids: &[String]) -> String {
    if ids.is_empty() {
        "(none)".into()
    } else {
        ids.join(", ")
    }
}

/// DESIGN's shape, keys in DESIGN's order.
#[derive(Serialize)]
struct CheckJson<'a> {
    findings: &'a [Finding],
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    error: usize,
    warning: usize,
    info: usize,
    waived: usize,
}

/// Streamed to the writer: a large ledger's findings never sit in memory twice.
fn write_json(findings: &[Finding], out: &mut dyn Write) -> Result<()> {
    let [error, warning, info, waived] = summary(findings);
    let summary = Summary {
        error,
        warning,
        info,
        waived,
    };
    serde_json::to_writer(out, &CheckJson { findings, summary }).map_err(std::io::Error::from)?;
    Ok(())
}

fn csv_rows(findings: &[Finding], out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "code",
        "name",
        "severity",
        "claims",
        "evidence",
        "message",
        "working",
        "waived",
        "gap",
        "gap_relative",
    ])?;
    let shown = |x: &Option<crate::exact::Num>| x.as_ref().map(fmt_num).unwrap_or_default();
    for f in findings {
        w.write_record([
            f.id.as_str(),
            f.code,
            f.name,
            f.severity.as_str(),
            &f.claims.join(";"),
            &f.evidence.join(";"),
            &f.message,
            &f.working,
            if f.waived { "true" } else { "false" },
            &shown(&f.gap),
            &shown(&f.gap_relative),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// GitHub Actions workflow commands: one annotation per unwaived finding.
fn github(findings: &[Finding], out: &mut dyn Write) -> Result<()> {
    for f in findings.iter().filter(|f| !f.waived) {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = format!("{} ({}): {}", f.message, f.id, f.working);
        if f.working.is_empty() {
            message = format!("{} ({})", f.message, f.id);
        }
        writeln!(
            out,
            "::{level} title={}::{}",
            escape_property(&format!("{} {}", f.code, f.name)),
            escape_data(&message)
        )?;
    }
    Ok(())
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
