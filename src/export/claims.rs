//! `export claims` and `export audit`: one row per claim, in id order, streamed from the
//! store. `audit` adds the claim's current verdict and a tally of the findings that question
//! it; the findings are folded into a small per-claim tally (counts and a bit set of codes)
//! before the claims are read, so memory grows with the claims that have findings, by a few
//! dozen bytes each, not with the ledger's text.

use super::columns::{self, AUDIT, CLAIMS};
use super::{Cell, Rows};
use crate::checks::model::Finding;
use crate::error::Result;
use crate::interval::reading_text;
use crate::store::{ClaimReport, Reader};
use std::collections::HashMap;

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
        Cell::owned(reading_text(i, c.kind)),
        Cell::Number(i.lower.clone()),
        Cell::Flag(i.lower_open),
        Cell::Number(i.upper.clone()),
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
    let header: Vec<&str> = CLAIMS.iter().chain(&AUDIT).map(|(n, _)| *n).collect();
    rows.header(&header)?;
    let none = Vec::new();
    reader.for_each_claim_report(|r| {
        let mine = roles.by_claim.get(&r.row.claim.id).unwrap_or(&none);
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
            cells.push(Cell::owned(ids.join(";")));
            cells.push(Cell::owned(codes.join(";")));
        }
        rows.row(cells)
    })
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
struct Roles {
    findings: Vec<Brief>,
    by_claim: HashMap<String, Vec<(usize, Role)>>,
}

impl Roles {
    fn of(findings: Vec<Finding>) -> Self {
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
