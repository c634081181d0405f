//! What the whole-ledger feed (`feed`), a claim's scoped feed (`feed_scope`) and the claim
//! rows they share (`claim_rows`) read rows with: text columns in place, and the ledger's two
//! word-valued columns (a claim's kind, a review's verdict) read and written as their enums.
//! Below all three, so that they form no cycle.

use crate::records::{Kind, Verdict};
use rusqlite::types::{ToSql, ToSqlOutput};

/// Column `i` as text, read in place.
pub(super) fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(i).and_then(|v| v.as_str().map_err(Into::into))
}

/// Column `i` as text or NULL, read in place.
pub(super) fn opt_text<'r>(
    row: &'r rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<Option<&'r str>> {
    row.get_ref(i)
        .and_then(|v| v.as_str_or_null().map_err(Into::into))
}

/// Column `i` as a claim's kind. The schema's CHECK allows only the three, so another word
/// means the file was edited with its checks turned off: said as something the user fixes.
pub(super) fn kind(row: &rusqlite::Row<'_>, i: usize, claim: &str) -> crate::error::Result<Kind> {
    let cell = text(row, i)?;
    Kind::parse(cell).ok_or_else(|| edited(format!("claim {claim}: unknown kind {cell:?}")))
}

/// Column `i` as a review's verdict (see [`kind`]).
pub(super) fn verdict(
    row: &rusqlite::Row<'_>,
    i: usize,
    claim: &str,
) -> crate::error::Result<Verdict> {
    let cell = text(row, i)?;
    Verdict::parse(cell)
        .ok_or_else(|| edited(format!("review of {claim}: unknown verdict {cell:?}")))
}

/// Column `i` as a verdict or NULL (see [`kind`]).
pub(super) fn opt_verdict(
    row: &rusqlite::Row<'_>,
    i: usize,
    claim: &str,
) -> crate::error::Result<Option<Verdict>> {
    match opt_text(row, i)? {
        None => Ok(None),
        Some(_) => verdict(row, i, claim).map(Some),
    }
}

fn edited(what: String) -> crate::error::Error {
    crate::error::Error::invalid(format!(
        "{what}; the ledger was edited outside claimledger: dump it, fix the file and import it"
    ))
}

impl ToSql for Kind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl ToSql for Verdict {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}
