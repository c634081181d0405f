//! `export claims` and `export audit`: one row per claim, in id order, streamed from the
//! store. `audit` adds the claim's current verdict and a tally of the findings that question
//! it; the findings are folded into a small per-claim tally (counts and a bit set of codes)
//! before the claims are read, so memory grows with the claims that have findings, by a few
//! dozen bytes each, not with the ledger's text.

use super::{Cell, Sheet};
use crate::checks::model::Finding;
use crate::error::{Error, Result};
use crate::interval::reading_text;
use crate::store::{ClaimReport, Reader};
use std::collections::HashMap;
use std::io::Write;

/// The columns of `export claims`, which `export audit` starts with.
pub(super) const CLAIM_HEADER: [&str; 22] = [
    "claim",
    "source",
    "source title",
    "publisher",
    "published",
    "source url",
    "quote",
    "printed",
    "reading",
    "lower",
    "lower open",
    "upper",
    "upper open",
    "kind",
    "metric",
    "place",
    "period",
    "base",
    "whole",
    "attributed to",
    "primary",
    "note",
];

/// The columns `export audit` adds after [`CLAIM_HEADER`].
const AUDIT_HEADER: [&str; 11] = [
    "verdict",
    "reviewer",
    "reviewed at",
    "review evidence",
    "review note",
    "error findings",
    "warning findings",
    "info findings",
    "waived findings",
    "finding codes",
    "waived codes",
];

/// A claim as `export claims` writes it.
fn claim_cells(r: &ClaimReport) -> Vec<Cell<'_>> {
    let c = &r.row.claim;
    let s = &r.source;
    let i = &r.row.interval;
    let primary = c.is_primary(s);
    let mut cells = Vec::with_capacity(CLAIM_HEADER.len() + AUDIT_HEADER.len());
    cells.extend([
        Cell::text(&c.id),
        Cell::text(&c.source),
        Cell::text(&s.title),
        Cell::opt(&s.publisher),
        Cell::opt(&s.published),
        Cell::opt(&s.url),
        Cell::text(&c.quote),
        Cell::text(&c.printed),
        Cell::owned(reading_text(i, &c.kind)),
        Cell::Number(i.lower.clone()),
        Cell::Flag(i.lower_open),
        Cell::Number(i.upper.clone()),
        Cell::Flag(i.upper_open),
        Cell::text(&c.kind),
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
pub(super) fn claims(reader: &Reader<'_>, out: &mut dyn Write) -> Result<()> {
    let mut sheet = Sheet::new(out, &CLAIM_HEADER)?;
    reader.for_each_claim_report(|r| sheet.row(claim_cells(&r)))?;
    sheet.finish()
}

/// Every claim with its current verdict and the findings that question it.
pub(super) fn audit(
    reader: &Reader<'_>,
    findings: Vec<Finding>,
    out: &mut dyn Write,
) -> Result<()> {
    let tallies = Tallies::of(findings)?;
    let header: Vec<&str> = CLAIM_HEADER.iter().chain(&AUDIT_HEADER).copied().collect();
    let mut sheet = Sheet::new(out, &header)?;
    let none = Tally::default();
    reader.for_each_claim_report(|r| {
        let t = tallies.by_claim.get(&r.row.claim.id).unwrap_or(&none);
        let review = r.latest.as_ref();
        let field = |f: fn(&crate::records::Review) -> Option<&str>| {
            Cell::text(review.and_then(f).unwrap_or(""))
        };
        let mut cells = claim_cells(&r);
        cells.extend([
            field(|v| Some(&v.verdict)),
            field(|v| Some(&v.reviewer)),
            field(|v| Some(&v.at)),
            field(|v| v.evidence.as_deref()),
            field(|v| v.note.as_deref()),
            Cell::Count(t.by_severity[0].into()),
            Cell::Count(t.by_severity[1].into()),
            Cell::Count(t.by_severity[2].into()),
            Cell::Count(t.waived.into()),
            Cell::owned(tallies.codes(t.codes)),
            Cell::owned(tallies.codes(t.waived_codes)),
        ]);
        sheet.row(cells)
    })?;
    sheet.finish()
}

/// The findings that question one claim.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    /// Unwaived findings: error, warning, info.
    by_severity: [u32; 3],
    waived: u32,
    /// Bit `i` set: a finding with code `Tallies::codes[i]`.
    codes: u64,
    waived_codes: u64,
}

/// Tallies by claim id, and the codes their bits stand for.
#[derive(Debug, Default)]
struct Tallies {
    codes: Vec<&'static str>,
    /// Indexes of `codes` in code order, for listing.
    order: Vec<usize>,
    by_claim: HashMap<String, Tally>,
}

impl Tallies {
    /// Fold the findings (consumed, so their text is freed as they are counted).
    fn of(findings: Vec<Finding>) -> Result<Self> {
        let mut t = Tallies::default();
        for f in findings {
            let bit = match t.codes.iter().position(|c| *c == f.code) {
                Some(i) => i,
                None => {
                    t.codes.push(f.code);
                    t.codes.len() - 1
                }
            };
            if bit >= 64 {
                return Err(Error::invalid(
                    "export audit: more than 64 distinct finding codes; this claimledger cannot tally them",
                ));
            }
            let mut claims = f.claims;
            claims.sort_unstable();
            claims.dedup();
            for claim in claims {
                let tally = t.by_claim.entry(claim).or_default();
                if f.waived {
                    tally.waived += 1;
                    tally.waived_codes |= 1 << bit;
                } else {
                    tally.by_severity[f.severity as usize] += 1;
                    tally.codes |= 1 << bit;
                }
            }
        }
        t.order = (0..t.codes.len()).collect();
        t.order.sort_by_key(|&i| t.codes[i]);
        Ok(t)
    }

    /// The codes of a bit set, in code order, `;`-joined.
    fn codes(&self, mask: u64) -> String {
        let mut s = String::new();
        for &i in &self.order {
            if mask & (1 << i) != 0 {
                if !s.is_empty() {
                    s.push(';');
                }
                s.push_str(self.codes[i]);
            }
        }
        s
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
    fn tallies_count_by_severity_and_list_codes_in_order() {
        let t = Tallies::of(vec![
            finding("L011", Severity::Info, &["a"], false),
            finding("L003", Severity::Warning, &["a", "b", "a"], false),
            finding("L003", Severity::Error, &["a"], false),
            finding("L009", Severity::Warning, &["b"], true),
        ])
        .unwrap();
        let a = t.by_claim["a"];
        assert_eq!(a.by_severity, [1, 1, 1]);
        assert_eq!(t.codes(a.codes), "L003;L011");
        let b = t.by_claim["b"];
        assert_eq!((b.by_severity, b.waived), ([0, 1, 0], 1));
        assert_eq!(t.codes(b.waived_codes), "L009");
        assert!(!t.by_claim.contains_key("c"));
    }
}
