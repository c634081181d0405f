//! How `check` prints its findings: text for a terminal, JSON and CSV (DESIGN's fields), and
//! GitHub workflow commands. With `--base`, every format marks each finding `new` or
//! `existing` and lists the waivers added since the base.

use super::check_base::Base;
use super::outcome::{summary, Outcome};
use crate::checks::model::{Finding, Severity};
use crate::error::Result;
use crate::interval::fmt_num;
use crate::output::write_in_order;
use crate::records::Waiver;
use crate::text_form::{row_lines, CLAIMS, WAIVERS};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What is printed.
pub(crate) struct View<'a> {
    pub outcome: &'a Outcome,
    pub base: Option<&'a Base>,
    /// Where rows are in a ledger directory's files, for annotations.
    pub lines: Option<Lines>,
    /// `--all`: list every unreviewed claim in text, not a line per source.
    pub all: bool,
}

impl View<'_> {
    /// `new` or `existing` against the base; `None` without one.
    fn status(&self, f: &Finding) -> Option<&'static str> {
        self.base
            .map(|b| if b.is_new(f) { "new" } else { "existing" })
    }

    fn added_waivers(&self) -> &[Waiver] {
        self.base.map_or(&[], |b| b.added_waivers.as_slice())
    }
}

/// The lines of the rows findings and added waivers name, in a ledger directory's
/// `claims.csv` and `waivers.csv`, and those files' paths as given (relative to the
/// repository when `--db` is, as GitHub wants).
pub(crate) struct Lines {
    claims_file: String,
    waivers_file: String,
    claims: HashMap<String, u64>,
    waivers: HashMap<String, u64>,
}

impl Lines {
    pub fn read(dir: &Path, outcome: &Outcome, base: Option<&Base>) -> Result<Lines> {
        let claims: HashSet<&str> = outcome
            .findings
            .iter()
            .filter_map(|f| f.claims.first().map(String::as_str))
            .collect();
        let waivers: HashSet<&str> = base
            .map(|b| b.added_waivers.iter().map(|w| w.finding.as_str()).collect())
            .unwrap_or_default();
        Ok(Lines {
            claims_file: repo_path(&dir.join(CLAIMS.file)),
            waivers_file: repo_path(&dir.join(WAIVERS.file)),
            claims: row_lines(dir, &CLAIMS, &claims)?,
            waivers: row_lines(dir, &WAIVERS, &waivers)?,
        })
    }
}

/// A path as an annotation names it: `/`-separated, without a leading `./`, and relative to
/// the working directory when it is inside it.
fn repo_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path: PathBuf = path.strip_prefix(&cwd).unwrap_or(path).to_path_buf();
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// For a person at a terminal: errors first, each severity's largest gap first; unreviewed
/// claims (L011) one line per source with their count unless `--all` (DESIGN), or unless a
/// base is given: then each is listed, to be marked new or existing like every finding.
pub(crate) fn text(view: &View<'_>, out: &mut dyn Write) -> Result<()> {
    let outcome = view.outcome;
    let summary_lines = !view.all && view.base.is_none();
    let summarised = |f: &Finding| summary_lines && f.code == "L011" && !f.waived;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let mut group: Vec<&Finding> = outcome
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        writeln!(out, "{} ({})", severity.as_str(), group.len())?;
        if severity == Severity::Info && summary_lines {
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
        group.retain(|f| !summarised(f));
        write_in_order(&group, out, |_, f, out| {
            let waived = if f.waived { "  [waived]" } else { "" };
            let status = view
                .status(f)
                .map(|s| format!("  [{s}]"))
                .unwrap_or_default();
            writeln!(out, "  {} {} {}{}{}", f.id, f.code, f.name, waived, status)?;
            writeln!(out, "    {}", f.message)?;
            if !f.working.is_empty() {
                writeln!(out, "    working: {}", f.working)?;
            }
            write!(out, "    claims: {}", or_none(&f.claims))?;
            if !f.evidence.is_empty() {
                write!(out, "; evidence: {}", f.evidence.join(", "))?;
            }
            writeln!(out)
        })?;
        writeln!(out)?;
    }
    let added = view.added_waivers();
    if !added.is_empty() {
        writeln!(out, "waivers added since the base ({})", added.len())?;
        for w in added {
            writeln!(
                out,
                "  {} by {} at {}: {}",
                w.finding, w.reviewer, w.at, w.reason
            )?;
        }
        writeln!(out)?;
    }
    let [e, w, i, waived] = summary(&outcome.findings);
    let head = if outcome.head.is_empty() {
        "(empty)".to_string()
    } else {
        outcome.head.clone()
    };
    write!(
        out,
        "{e} error(s), {w} warning(s), {i} info, {waived} waived; review history: {} review(s), head {head}",
        outcome.reviews
    )?;
    if let Some(base) = view.base {
        let new = outcome.findings.iter().filter(|f| base.is_new(f)).count();
        write!(
            out,
            "; against the base: {new} new, {} existing finding(s), {} review(s) and {} waiver(s) added",
            outcome.findings.len() - new,
            base.added_reviews,
            added.len()
        )?;
    }
    writeln!(out)?;
    Ok(())
}

fn or_none(ids: &[String]) -> String {
    if ids.is_empty() {
        "(none)".into()
    } else {
        ids.join(", ")
    }
}

/// DESIGN's shape, keys in DESIGN's order (`findings` first, written by [`json`] itself);
/// with a base, each finding's `status` and a `base` object.
#[derive(Serialize)]
struct CheckJsonRest<'a> {
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    base: Option<BaseJson<'a>>,
}

#[derive(Serialize)]
struct Marked<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct Summary {
    error: usize,
    warning: usize,
    info: usize,
    waived: usize,
}

#[derive(Serialize)]
struct BaseJson<'a> {
    new: usize,
    existing: usize,
    reviews_added: usize,
    waivers_added: &'a [Waiver],
}

pub(crate) fn json(view: &View<'_>, out: &mut dyn Write) -> Result<()> {
    let findings = &view.outcome.findings;
    let [error, warning, info, waived] = summary(findings);
    // `{"findings":[...],"summary":...}` as serde writes CheckJson, the findings written on
    // two threads (`write_in_order`) and the rest after them.
    out.write_all(b"{\"findings\":[")?;
    write_in_order(findings, out, |i, f, out| {
        if i > 0 {
            out.push(b',');
        }
        let marked = Marked {
            finding: f,
            status: view.status(f),
        };
        serde_json::to_writer(out, &marked).map_err(std::io::Error::from)
    })?;
    out.write_all(b"],")?;
    let base = view.base.map(|b| {
        let new = findings.iter().filter(|f| b.is_new(f)).count();
        BaseJson {
            new,
            existing: findings.len() - new,
            reviews_added: b.added_reviews,
            waivers_added: &b.added_waivers,
        }
    });
    let rest = CheckJsonRest {
        summary: Summary {
            error,
            warning,
            info,
            waived,
        },
        base,
    };
    let rest = serde_json::to_string(&rest).map_err(std::io::Error::from)?;
    // `{"summary":...}` without its opening brace: the object the findings began.
    out.write_all(&rest.as_bytes()[1..])?;
    writeln!(out)?;
    Ok(())
}

pub(crate) fn csv_rows(view: &View<'_>, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
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
    ];
    if view.base.is_some() {
        header.push("status");
    }
    w.write_record(&header)?;
    let shown = |x: &Option<crate::exact::Num>| x.as_ref().map(fmt_num).unwrap_or_default();
    for f in &view.outcome.findings {
        let claims = f.claims.join(";");
        let evidence = f.evidence.join(";");
        let (gap, gap_relative) = (shown(&f.gap), shown(&f.gap_relative));
        let mut row = vec![
            f.id.as_str(),
            f.code,
            f.name,
            f.severity.as_str(),
            &claims,
            &evidence,
            &f.message,
            &f.working,
            if f.waived { "true" } else { "false" },
            &gap,
            &gap_relative,
        ];
        row.extend(view.status(f));
        w.write_record(&row)?;
    }
    w.flush()?;
    // A findings table has no place for them: said beside it, for the reviewer.
    for a in view.added_waivers() {
        eprintln!(
            "claimledger: waiver added since the base: {} by {} at {}: {}",
            a.finding, a.reviewer, a.at, a.reason
        );
    }
    Ok(())
}

/// GitHub Actions workflow commands: one annotation per unwaived finding, on the questioned
/// claim's row of `claims.csv` when the ledger is a directory; with a base, findings the base
/// already had are notices (they do not fail the gate either), and each waiver added since it
/// is a warning on its row of `waivers.csv`.
pub(crate) fn github(view: &View<'_>, out: &mut dyn Write) -> Result<()> {
    for f in view.outcome.findings.iter().filter(|f| !f.waived) {
        // What the base already had is shown, but not as the pull request's error.
        let level = match (f.severity, view.status(f)) {
            (_, Some("existing")) | (Severity::Info, _) => "notice",
            (Severity::Error, _) => "error",
            (Severity::Warning, _) => "warning",
        };
        let mut message = format!("{} ({}): {}", f.message, f.id, f.working);
        if f.working.is_empty() {
            message = format!("{} ({})", f.message, f.id);
        }
        let mut title = format!("{} {}", f.code, f.name);
        if let Some(status) = view.status(f) {
            title.push_str(&format!(" ({status})"));
        }
        let place = view.lines.as_ref().and_then(|l| {
            let claim = f.claims.first()?;
            Some((l.claims_file.as_str(), *l.claims.get(claim)?))
        });
        writeln!(
            out,
            "::{level} {}title={}::{}",
            location(place),
            escape_property(&title),
            escape_data(&message)
        )?;
    }
    for w in view.added_waivers() {
        let place = view
            .lines
            .as_ref()
            .and_then(|l| Some((l.waivers_file.as_str(), *l.waivers.get(&w.finding)?)));
        writeln!(
            out,
            "::warning {}title=waiver added::{}",
            location(place),
            escape_data(&format!(
                "{} waived by {} at {}: {}",
                w.finding, w.reviewer, w.at, w.reason
            ))
        )?;
    }
    Ok(())
}

fn location(place: Option<(&str, u64)>) -> String {
    place
        .map(|(file, line)| format!("file={},line={line},", escape_property(file)))
        .unwrap_or_default()
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
