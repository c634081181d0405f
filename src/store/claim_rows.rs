//! Claim rows as the check engine reads them: the columns it needs ([`FEED_COLUMNS`]) and a
//! row of them as borrowed cells, for the whole-ledger feed and `show`'s scoped passes alike.

use super::feed_rows::{self, opt_text, text};
use crate::checks::feed::ClaimCells;
use crate::error::Result;

/// The claim columns the checks read, in the order [`claim_cells`] expects them: no note, no
/// verdict (merged in from the reviews).
pub(super) const FEED_COLUMNS: &str = "c.id, c.source, c.quote, c.printed, c.kind, c.metric, \
     c.place, c.period, c.base, c.\"of\", c.attributed_to";

/// The same for a scope, without the quote: the covering index `claims_by_metric` has every
/// other column, and the scope's one claim's per-row checks read its quote apart.
pub(super) const SCOPED_COLUMNS: &str = "c.id, c.source, '', c.printed, c.kind, c.metric, \
     c.place, c.period, c.base, c.\"of\", c.attributed_to";

/// A row of [`FEED_COLUMNS`] (or [`SCOPED_COLUMNS`]), read in place.
pub(super) fn claim_cells<'r>(row: &'r rusqlite::Row<'_>) -> Result<ClaimCells<'r>> {
    let id = text(row, 0)?;
    let kind = feed_rows::kind(row, 4, id)?;
    Ok(ClaimCells {
        id,
        source: text(row, 1)?,
        quote: text(row, 2)?,
        printed: text(row, 3)?,
        kind,
        metric: text(row, 5)?,
        place: text(row, 6)?,
        period: text(row, 7)?,
        base: opt_text(row, 8)?,
        of: opt_text(row, 9)?,
        attributed_to: opt_text(row, 10)?,
    })
}
