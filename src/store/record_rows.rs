//! The ledger's rows read into typed records: a claim as a [`ClaimRow`] (its reading derived
//! again), a source, a review; fresh, or refilled in the memory a record holds already, as the
//! reports' reading thread does with the rows its writer is done with.

use super::feed_rows::{self, opt_text, text};
use crate::error::Result;
use crate::exact::Num;
use crate::interval::{Interval, Shown};
use crate::reading::ReadingCache;
use crate::records::{Claim, Kind, Review, Source, Verdict, Waiver};
use rusqlite::Row;

/// A claim with its reading (derived from `printed`, `kind` and the tolerance) and current
/// verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    pub claim: Claim,
    pub interval: Interval,
    /// The reading as the reports show it (made once per figure: see `Shown`).
    pub shown: Shown,
    /// What the bounds measure: `count`, `percent`, `percent-change` or a currency code.
    pub unit: crate::reading::Unit,
    /// How the figure hedges (`exact`, `over`, `nearly`, ...: see `reading`).
    pub hedge: &'static str,
    /// The verdict of the latest review, if any.
    pub verdict: Option<Verdict>,
}

/// The claim's own columns, as [`claim_row`] reads them (then a verdict column).
macro_rules! claim_fields {
    () => {
        "c.id, c.source, c.quote, c.printed, c.kind, c.metric, c.place, c.period, \
         c.base, c.\"of\", c.attributed_to, c.note"
    };
}
pub(super) use claim_fields;

/// A claim's columns and its latest verdict, for [`claim_row`].
pub(super) const CLAIM_COLUMNS: &str = concat!(
    claim_fields!(),
    ", (SELECT r.verdict FROM reviews r WHERE r.claim = c.id ORDER BY r.seq DESC LIMIT 1)"
);

/// A claim row with its reading derived again from `printed` and `kind` (DESIGN: the stored
/// bounds serve queries, never a check or a report: an edit of them with `sqlite3` changes
/// nothing claimledger says).
pub(super) fn claim_row(row: &Row<'_>, readings: &mut ReadingCache) -> Result<ClaimRow> {
    let mut fresh = ClaimRow {
        claim: Claim {
            id: String::new(),
            source: String::new(),
            quote: String::new(),
            printed: String::new(),
            kind: Kind::Count,
            metric: String::new(),
            place: String::new(),
            period: String::new(),
            base: None,
            of: None,
            attributed_to: None,
            note: None,
        },
        interval: Interval::exact(Num::ZERO),
        shown: Shown::default(),
        unit: crate::reading::Unit::Count,
        hedge: "",
        verdict: None,
    };
    refill_claim_row(&mut fresh, row, readings)?;
    Ok(fresh)
}

/// `dst` set to a claim row (see [`claim_row`]), in the memory its strings hold already: the
/// reports' reading thread refills the rows the writing thread is done with, instead of
/// allocating a dozen strings a claim on one thread and freeing them on the other.
pub(super) fn refill_claim_row(
    dst: &mut ClaimRow,
    row: &Row<'_>,
    readings: &mut ReadingCache,
) -> Result<()> {
    let c = &mut dst.claim;
    refill(&mut c.id, text(row, 0)?);
    refill(&mut c.source, text(row, 1)?);
    refill(&mut c.quote, text(row, 2)?);
    refill(&mut c.printed, text(row, 3)?);
    c.kind = feed_rows::kind(row, 4, &c.id)?;
    refill(&mut c.metric, text(row, 5)?);
    refill(&mut c.place, text(row, 6)?);
    refill(&mut c.period, text(row, 7)?);
    refill_opt(&mut c.base, opt_text(row, 8)?);
    refill_opt(&mut c.of, opt_text(row, 9)?);
    refill_opt(&mut c.attributed_to, opt_text(row, 10)?);
    refill_opt(&mut c.note, opt_text(row, 11)?);
    let (reading, shown) = readings.get_shown(&c.printed, c.kind)?;
    dst.interval.clone_from(&reading.interval);
    dst.shown.clone_from(shown);
    dst.unit = reading.unit;
    dst.hedge = reading.hedge;
    dst.verdict = feed_rows::opt_verdict(row, 12, &c.id)?;
    Ok(())
}

/// `dst` holding `text`, in its own memory when that is large enough.
fn refill(dst: &mut String, text: &str) {
    dst.clear();
    dst.push_str(text);
}

fn refill_opt(dst: &mut Option<String>, text: Option<&str>) {
    match (dst.as_mut(), text) {
        (Some(d), Some(t)) => refill(d, t),
        (_, t) => *dst = t.map(str::to_owned),
    }
}

/// A source's columns, as [`source_row`] reads them (the stored text apart).
pub(super) const SOURCE_COLUMNS: &str = "id, url, title, publisher, author, published, text_sha256";

/// A review's columns, as [`review_row`] reads them, from `reviews r` (named through the
/// alias, so that a query joining the claims, which have a `note` too, reads them alike).
pub(super) const REVIEW_COLUMNS: &str =
    "r.claim, r.verdict, r.reviewer, r.at, r.evidence, r.note, r.hash";

/// A waiver's columns, as [`waiver_row`] reads them (a waiver recorded before waivers had a
/// chain has no hash: read as empty).
pub(super) const WAIVER_COLUMNS: &str = "finding, reason, reviewer, at, coalesce(hash, '')";

pub(super) fn source_row(row: &Row<'_>) -> rusqlite::Result<Source> {
    Ok(Source {
        id: row.get(0)?,
        url: row.get(1)?,
        title: row.get(2)?,
        publisher: row.get(3)?,
        author: row.get(4)?,
        published: row.get(5)?,
        text_sha256: row.get(6)?,
    })
}

pub(super) fn review_row(row: &Row<'_>) -> Result<Review> {
    let mut fresh = Review {
        claim: String::new(),
        verdict: Verdict::Supported,
        reviewer: String::new(),
        at: String::new(),
        evidence: None,
        note: None,
        hash: String::new(),
    };
    refill_review(&mut fresh, row)?;
    Ok(fresh)
}

/// `dst` set to a review row (see [`review_row`]), in the memory its strings hold already.
pub(super) fn refill_review(dst: &mut Review, row: &Row<'_>) -> Result<()> {
    refill(&mut dst.claim, text(row, 0)?);
    dst.verdict = feed_rows::verdict(row, 1, &dst.claim)?;
    refill(&mut dst.reviewer, text(row, 2)?);
    refill(&mut dst.at, text(row, 3)?);
    refill_opt(&mut dst.evidence, opt_text(row, 4)?);
    refill_opt(&mut dst.note, opt_text(row, 5)?);
    refill(&mut dst.hash, text(row, 6)?);
    Ok(())
}

pub(super) fn waiver_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Waiver> {
    Ok(Waiver {
        finding: r.get(0)?,
        reason: r.get(1)?,
        reviewer: r.get(2)?,
        at: r.get(3)?,
        hash: r.get(4)?,
    })
}
