//! `export findings` and `export history`: every finding, one row per claim it questions with
//! that claim's quote, figures, source and verdict beside the claims it was measured against;
//! and every review in the order recorded, with the reviewed claim's quote.

use super::columns::{self, FINDINGS, HISTORY};
use super::lookup::{against, questioned, Lookup};
use super::{Cell, Rows};
use crate::checks::model::Finding;
use crate::error::Result;
use crate::exact::Num;
use crate::records::Waiver;
use crate::store::{ClaimReport, Reader};
use std::collections::HashMap;

/// Every finding in `check`'s own order (most severe first, then code, first claim, id), a
/// row for each claim it questions (one row with empty claim cells when it questions none:
/// a broken history, a stale waiver). The waivers are read for their reason, reviewer and
/// time, which findings do not carry.
pub(super) fn findings(
    reader: &Reader<'_>,
    findings: Vec<Finding>,
    rows: &mut dyn Rows,
) -> Result<()> {
    let waivers: HashMap<String, Waiver> = reader
        .waivers()?
        .into_iter()
        .map(|w| (w.finding.clone(), w))
        .collect();
    let lookup = Lookup::named_in(reader, &findings)?;
    rows.header(&columns::names(&FINDINGS))?;
    for f in &findings {
        let waiver = waivers.get(&f.id);
        let mut claims = questioned(f);
        if claims.is_empty() {
            claims.push("");
        }
        for claim in claims {
            rows.row(finding_row(f, claim, &lookup, waiver))?;
        }
    }
    Ok(())
}

/// One finding and one claim it questions (`claim` empty: none).
fn finding_row<'a>(
    f: &'a Finding,
    claim: &'a str,
    lookup: &'a Lookup,
    waiver: Option<&'a Waiver>,
) -> Vec<Cell<'a>> {
    let report = lookup.claims.get(claim);
    let c = report.map(|r| &r.row.claim);
    let s = report.map(|r| &r.source);
    let text = |v: Option<&'a str>| Cell::text(v.unwrap_or(""));
    let waived = |get: fn(&Waiver) -> &str| Cell::text(waiver.map(get).unwrap_or(""));
    let others = if claim.is_empty() {
        Vec::new()
    } else {
        against(f, claim)
    };
    let figures: Vec<String> = others
        .iter()
        .map(|id| match lookup.claims.get(*id) {
            Some(o) => figure(o),
            None => id.to_string(),
        })
        .collect();
    let evidence_url = others
        .iter()
        .filter_map(|id| lookup.claims.get(*id))
        .find_map(|o| o.source.url.as_deref());
    vec![
        Cell::text(&f.id),
        Cell::text(f.code),
        Cell::text(f.name),
        Cell::text(f.severity.as_str()),
        number(f.gap.as_ref()),
        number(f.gap_relative.as_ref()),
        Cell::Flag(f.waived),
        Cell::text(claim),
        text(c.map(|c| c.quote.as_str())),
        text(c.map(|c| c.printed.as_str())),
        text(report.map(|r| r.row.shown.text.as_str())),
        report.map_or(Cell::text(""), |r| {
            Cell::Bound(&r.row.interval.lower, &r.row.shown.lower)
        }),
        report.map_or(Cell::text(""), |r| {
            Cell::Bound(&r.row.interval.upper, &r.row.shown.upper)
        }),
        text(report.map(|r| r.row.unit.as_str())),
        text(c.map(|c| c.source.as_str())),
        text(s.map(|s| s.title.as_str())),
        Cell::url(s.and_then(|s| s.url.as_deref())),
        text(
            c.and_then(|c| c.attributed_to.as_deref())
                .map(|o| lookup.org_name(o)),
        ),
        match (c, s) {
            (Some(c), Some(s)) => Cell::Flag(c.is_primary(s)),
            _ => Cell::text(""),
        },
        text(report.and_then(|r| r.row.verdict.map(|v| v.as_str()))),
        Cell::owned(others.join(";")),
        Cell::owned(figures.join("; ")),
        Cell::url(evidence_url),
        Cell::text(&f.message),
        Cell::text(&f.working),
        waived(|w| &w.reason),
        waived(|w| &w.reviewer),
        waived(|w| &w.at),
        Cell::owned(f.claims.join(";")),
        Cell::owned(f.evidence.join(";")),
    ]
}

/// A number cell, or an empty one.
fn number(x: Option<&Num>) -> Cell<'static> {
    x.map_or(Cell::text(""), |x| Cell::Number(x.clone()))
}

/// A claim in a list of evidence: `id: printed [reading] (source title)`.
pub(super) fn figure(r: &ClaimReport) -> String {
    let c = &r.row.claim;
    format!(
        "{}: {} {} ({})",
        c.id, c.printed, r.row.shown.text, r.source.title
    )
}

/// Every review in the order recorded, numbered from 1, with the claim's quote and its hash.
pub(super) fn history(reader: &Reader<'_>, rows: &mut dyn Rows) -> Result<()> {
    rows.header(&columns::names(&HISTORY))?;
    let mut n = 0u64;
    reader.for_each_review_with_quote(|r, quote, printed| {
        n += 1;
        rows.row(vec![
            Cell::Count(n),
            Cell::text(&r.claim),
            Cell::owned(quote),
            Cell::owned(printed),
            Cell::text(r.verdict.as_str()),
            Cell::text(&r.reviewer),
            Cell::text(&r.at),
            Cell::url(r.evidence.as_deref()),
            Cell::opt(&r.note),
            Cell::text(&r.hash),
        ])
    })
}
