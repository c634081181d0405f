//! `export findings` and `export history`: every finding with its waiver, and every review in
//! the order recorded.

use super::{Cell, Sheet};
use crate::checks::model::Finding;
use crate::error::Result;
use crate::records::Waiver;
use crate::store::Reader;
use std::collections::HashMap;
use std::io::Write;

const FINDINGS_HEADER: [&str; 12] = [
    "finding",
    "code",
    "name",
    "severity",
    "claims",
    "evidence",
    "message",
    "working",
    "waived",
    "waiver reason",
    "waived by",
    "waived at",
];

const HISTORY_HEADER: [&str; 8] = [
    "review",
    "claim",
    "verdict",
    "reviewer",
    "reviewed at",
    "evidence",
    "note",
    "hash",
];

/// Every finding, in `check`'s own order (most severe first, then code, first claim, id), so
/// the report and the gate list findings alike; lists of claim ids are `;`-joined. The
/// waivers are read here for their reason, reviewer and time, which findings do not carry.
pub(super) fn findings(
    reader: &Reader<'_>,
    findings: Vec<Finding>,
    out: &mut dyn Write,
) -> Result<()> {
    let waivers: HashMap<String, Waiver> = reader
        .waivers()?
        .into_iter()
        .map(|w| (w.finding.clone(), w))
        .collect();
    let mut sheet = Sheet::new(out, &FINDINGS_HEADER)?;
    for f in &findings {
        let waiver = waivers.get(&f.id);
        let field = |get: fn(&Waiver) -> &str| Cell::text(waiver.map(get).unwrap_or(""));
        sheet.row(vec![
            Cell::text(&f.id),
            Cell::text(f.code),
            Cell::text(f.name),
            Cell::text(f.severity.as_str()),
            Cell::owned(f.claims.join(";")),
            Cell::owned(f.evidence.join(";")),
            Cell::text(&f.message),
            Cell::text(&f.working),
            Cell::Flag(f.waived),
            field(|w| &w.reason),
            field(|w| &w.reviewer),
            field(|w| &w.at),
        ])?;
    }
    sheet.finish()
}

/// Every review in the order recorded, numbered from 1, with its hash.
pub(super) fn history(reader: &Reader<'_>, out: &mut dyn Write) -> Result<()> {
    let mut sheet = Sheet::new(out, &HISTORY_HEADER)?;
    let mut n = 0u64;
    reader.for_each_review(|r| {
        n += 1;
        sheet.row(vec![
            Cell::Count(n),
            Cell::text(&r.claim),
            Cell::text(&r.verdict),
            Cell::text(&r.reviewer),
            Cell::text(&r.at),
            Cell::opt(&r.evidence),
            Cell::opt(&r.note),
            Cell::text(&r.hash),
        ])
    })?;
    sheet.finish()
}
