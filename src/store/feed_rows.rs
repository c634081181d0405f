//! What the whole-ledger feed (`feed`), a claim's scoped feed (`feed_scope`) and the claim
//! rows they share (`claim_rows`) read rows with: text columns in place. Below all three, so
//! that they form no cycle.

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
