//! `export claims` and `export audit`: one row per claim, in id order, streamed from the
//! store. `audit` adds the claim's latest review and the findings that question it or cite
//! it; the findings are folded by claim ([`Roles`]: ids, codes, severities, no text) before
//! the claims are read, so memory grows with the findings, not with the ledger's text.
//!
//! As CSV ([`csv`]) the rows are made in chunks of a couple of thousand claims on two threads,
//! each chunk's CSV written in id order (`Reader::claim_report_chunks`); in a workbook's sheet
//! ([`claims`], [`audit`]) they are written one by one. Both take their cells from
//! [`claim_cells`] and [`audit_cells`], so the two say the same.

use super::columns::{self, AUDIT, CLAIMS};
use super::{Cell, Rows, Sheet};
use crate::checks::model::Finding;
use crate::error::Result;
use crate::progress::Progress;
use crate::store::{ClaimReport, Reader, REPORT_CHUNK};
use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

/// A claim as `export claims` writes it.
fn claim_cells(r: &ClaimReport) -> Vec<Cell<'_>> {
    let c = &r.row.claim;
    let s = &r.source;
    let i = &r.row.interval;
    let primary = c.is_primary(s);
    let mut cells = Vec::with_capacity(CLAIMS.len() + AUDIT.len());
    cells.extend([
        Cell::text(&c.id),
        Cell::text(&c.source),
        Cell::text(&s.title),
        Cell::opt(&s.publisher),
        Cell::opt(&s.published),
        Cell::url(s.url.as_deref()),
        Cell::text(&c.quote),
        Cell::text(&c.printed),
        Cell::text(&r.row.shown.text),
        Cell::Bound(&i.lower, &r.row.shown.lower),
        Cell::Flag(i.lower_open),
        Cell::Bound(&i.upper, &r.row.shown.upper),
        Cell::Flag(i.upper_open),
        Cell::text(r.row.unit.as_str()),
        Cell::text(c.kind.as_str()),
        Cell::text(&c.metric),
        Cell::text(&c.place),
        Cell::text(&c.period),
        Cell::opt(&c.base),
        Cell::opt(&c.of),
        Cell::opt(&c.attributed_to),
        Cell::Flag(primary),
        Cell::opt(&c.note),
    ]);
    cells
}

/// Every claim with its source and reading.
pub(super) fn claims(reader: &Reader<'_>, rows: &mut dyn Rows) -> Result<()> {
    rows.header(&columns::names(&CLAIMS))?;
    reader.for_each_claim_report(|r| rows.row(claim_cells(r)))
}

/// Every claim with its current verdict and the findings that question it or cite it.
pub(super) fn audit(
    reader: &Reader<'_>,
    findings: Vec<Finding>,
    rows: &mut dyn Rows,
) -> Result<()> {
    let roles = Roles::of(findings);
    rows.header(&audit_header())?;
    reader.for_each_claim_report(|r| rows.row(audit_cells(&roles, r)))
}

/// `export claims` (`roles`: `None`) or `export audit` as CSV into `out`: the rows are made
/// in chunks of CSV on two threads (see `Reader::claim_report_chunks`) and written in id
/// order, so the file is the one [`claims`] or [`audit`] write row by row.
pub(super) fn csv(
    reader: &Reader<'_>,
    roles: Option<Roles>,
    progress: &Progress,
    out: &mut dyn Write,
) -> Result<()> {
    csv_in_chunks(reader, roles, progress, out, REPORT_CHUNK)
}

/// [`csv`] in chunks of about `chunk` claims.
fn csv_in_chunks(
    reader: &Reader<'_>,
    roles: Option<Roles>,
    progress: &Progress,
    out: &mut dyn Write,
    chunk: usize,
) -> Result<()> {
    let header = match roles {
        Some(_) => audit_header(),
        None => columns::names(&CLAIMS),
    };
    out.write_all(&Sheet::new(Vec::new(), &header)?.into_inner()?)?;
    // Chunks' buffers, written and emptied, to be filled again: a buffer grown anew for each
    // chunk costs the kernel its pages again.
    let spare = Mutex::new(Vec::<Vec<u8>>::new());
    let spare_buffer = || {
        spare
            .lock()
            .ok()
            .and_then(|mut s| s.pop())
            .unwrap_or_default()
    };
    reader.claim_report_chunks(
        chunk,
        || Chunk::new(header.len(), spare_buffer()),
        |chunk, r| chunk.row(report_cells(roles.as_ref(), r)),
        |chunk| {
            progress.add(chunk.rows);
            let mut written = chunk.sheet.into_rows()?;
            out.write_all(&written)?;
            written.clear();
            if let Ok(mut spare) = spare.lock() {
                spare.push(written);
            }
            Ok(())
        },
    )
}

/// A claim's cells in `export audit` (with `roles`) or `export claims`.
fn report_cells<'r>(roles: Option<&'r Roles>, r: &'r ClaimReport) -> Vec<Cell<'r>> {
    match roles {
        Some(roles) => audit_cells(roles, r),
        None => claim_cells(r),
    }
}

/// Some claims' rows as CSV, made apart from the file they go to.
struct Chunk {
    sheet: Sheet<Vec<u8>>,
    rows: u64,
}

impl Chunk {
    fn new(width: usize, buffer: Vec<u8>) -> Self {
        Chunk {
            // The file's header is written apart: each row is held to its width here.
            sheet: Sheet::rows_in(buffer, width),
            rows: 0,
        }
    }

    fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()> {
        self.rows += 1;
        self.sheet.row(cells)
    }
}

fn audit_header() -> Vec<&'static str> {
    CLAIMS.iter().chain(&AUDIT).map(|(n, _)| *n).collect()
}

/// A claim as `export audit` writes it: its `export claims` cells, its latest review, and the
/// findings that question it or cite it.
fn audit_cells<'r>(roles: &'r Roles, r: &'r ClaimReport) -> Vec<Cell<'r>> {
    let mine = roles
        .by_claim
        .get(&r.row.claim.id)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let review = r.latest.as_ref();
    let field = |f: fn(&crate::records::Review) -> Option<&str>| {
        Cell::text(review.and_then(f).unwrap_or(""))
    };
    let mut by_severity = [0u64; 3];
    let mut waived = 0u64;
    for &(i, role) in mine {
        let f = &roles.findings[i];
        if role == Role::Questioned {
            if f.waived {
                waived += 1;
            } else {
                by_severity[f.severity as usize] += 1;
            }
        }
    }
    let mut cells = claim_cells(r);
    cells.extend([
        field(|v| Some(v.verdict.as_str())),
        field(|v| Some(&v.reviewer)),
        field(|v| Some(&v.at)),
        field(|v| v.evidence.as_deref()),
        field(|v| v.note.as_deref()),
        Cell::Count(by_severity[0]),
        Cell::Count(by_severity[1]),
        Cell::Count(by_severity[2]),
        Cell::Count(waived),
    ]);
    for (role, waived) in [
        (Role::Questioned, false),
        (Role::Questioned, true),
        (Role::Evidence, false),
    ] {
        let picked = mine.iter().filter(|&&(i, r)| {
            r == role && (role == Role::Evidence || roles.findings[i].waived == waived)
        });
        let (ids, codes): (Vec<&str>, Vec<&str>) = picked
            .map(|&(i, _)| (roles.findings[i].id.as_str(), roles.findings[i].code))
            .unzip();
        cells.push(joined(&ids));
        cells.push(joined(&codes));
    }
    cells
}

/// A list as one cell, `;` between items; most claims have no findings, and an empty cell
/// allocates nothing.
fn joined<'a>(items: &[&'a str]) -> Cell<'a> {
    match items {
        [] => Cell::text(""),
        [one] => Cell::text(one),
        _ => Cell::owned(items.join(";")),
    }
}

/// A claim's part in a finding (DESIGN "finding"): questioned, or only the evidence others
/// were measured against (a body's own figure in an L004 is evidence, not suspect).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Questioned,
    Evidence,
}

/// A finding as the audit lists it: its id, code, severity and whether it is waived.
#[derive(Debug)]
struct Brief {
    id: String,
    code: &'static str,
    severity: crate::checks::model::Severity,
    waived: bool,
}

/// Each claim's findings by index into `findings` (in `check`'s order: most severe first),
/// with its role in each. Memory grows with the findings, which the checks hold anyway;
/// the findings' text (message, working) is dropped as they are folded.
#[derive(Debug, Default)]
pub(super) struct Roles {
    findings: Vec<Brief>,
    /// Looked up for every claim of the ledger: hashed with foldhash (the ids are the
    /// ledger's own), not SipHash.
    by_claim: HashMap<String, Vec<(usize, Role)>, foldhash::fast::FixedState>,
}

impl Roles {
    pub(super) fn of(findings: Vec<Finding>) -> Self {
        let mut roles = Roles::default();
        for (i, f) in findings.into_iter().enumerate() {
            let mut claims = f.claims;
            claims.sort_unstable();
            claims.dedup();
            for e in f.evidence {
                if claims.binary_search(&e).is_err() {
                    let list = roles.by_claim.entry(e).or_default();
                    if list.last() != Some(&(i, Role::Evidence)) {
                        list.push((i, Role::Evidence));
                    }
                }
            }
            for c in claims {
                roles
                    .by_claim
                    .entry(c)
                    .or_default()
                    .push((i, Role::Questioned));
            }
            roles.findings.push(Brief {
                id: f.id,
                code: f.code,
                severity: f.severity,
                waived: f.waived,
            });
        }
        roles
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::model::Severity;

    fn finding(code: &'static str, severity: Severity, claims: &[&str], waived: bool) -> Finding {
        Finding {
            id: format!("{code}-x"),
            code,
            name: "n",
            severity,
            claims: claims.iter().map(|c| c.to_string()).collect(),
            evidence: vec![],
            message: String::new(),
            working: String::new(),
            waived,
            gap: None,
            gap_relative: None,
        }
    }

    /// In chunks of a few claims on two threads, `export claims` and `export audit` write
    /// the file they write row by row on one (the workbook's way): header, every row, in order.
    #[test]
    fn csv_in_chunks_is_the_file_written_row_by_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::ledger_of_reports(dir.path());
        let findings = || {
            let mut l004 = finding("L004", Severity::Error, &["c00007"], false);
            l004.evidence = vec!["c00900".into()];
            vec![
                l004,
                finding("L003", Severity::Warning, &["c00007", "c00512"], false),
                finding("L009", Severity::Info, &["c01000"], true),
            ]
        };
        for audit_of in [None, Some(findings)] {
            let snapshot = store.paired_snapshot().unwrap();
            let reader = snapshot.reader();
            let mut want = Vec::new();
            let mut sheet = Sheet::headless(&mut want);
            match audit_of {
                Some(findings) => audit(&reader, findings(), &mut sheet).unwrap(),
                None => claims(&reader, &mut sheet).unwrap(),
            }
            sheet.finish().unwrap();
            let mut got = Vec::new();
            let roles = audit_of.map(|findings| Roles::of(findings()));
            csv_in_chunks(&reader, roles, &Progress::hidden(), &mut got, 7).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }

    #[test]
    fn roles_separate_questioned_from_evidence() {
        let mut l004 = finding("L004", Severity::Error, &["a"], false);
        l004.evidence = vec!["own".into(), "own".into()];
        let r = Roles::of(vec![
            l004,
            finding("L003", Severity::Warning, &["a", "b", "a"], false),
            finding("L009", Severity::Warning, &["b"], true),
        ]);
        assert_eq!(
            r.by_claim["a"],
            [(0, Role::Questioned), (1, Role::Questioned)]
        );
        assert_eq!(r.by_claim["own"], [(0, Role::Evidence)]);
        assert_eq!(
            r.by_claim["b"],
            [(1, Role::Questioned), (2, Role::Questioned)]
        );
        assert!(r.findings[2].waived);
    }
}
