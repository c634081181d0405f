//! What the whole-ledger feed (`feed`), a claim's scoped feed (`feed_scope`) and the claim
//! rows they share (`claim_rows`) read rows with: text columns in place, a source's facts, and
//! the sources a scope's claims cite before they are read. Below all three, so that they form
//! no cycle.

use crate::checks::model::{CheckInput, SourceFacts};
use crate::checks::names::FxHashMap;
use crate::error::{Error, Result};
use crate::period::{parse_date, Period};

/// A source's facts from a row of (id, publisher, published), its publisher interned.
pub(super) fn source_fact(row: &rusqlite::Row<'_>, input: &mut CheckInput) -> Result<SourceFacts> {
    let published = match opt_text(row, 2)? {
        Some(p) => Some(parse_date(p).map_err(|why| Error::BadPeriod {
            value: p.to_string(),
            why,
        })?),
        None => None,
    };
    Ok(SourceFacts {
        id: row.get(0)?,
        publisher: opt_text(row, 1)?.map(|p| input.intern(p)),
        published,
    })
}

pub(super) fn unknown_source(claim: &str, source: &str) -> Error {
    Error::invalid(format!("claim {claim}: unknown source {source:?}"))
}

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

/// The sources a scope's claims cite, in the order first seen: each claim holds a provisional
/// source index into `ids`, and its periods unresolved (an open period ends at its source's
/// publication, not yet read). [`Reader::settle_sources`] reads them and fixes both.
#[derive(Default)]
pub(super) struct PendingSources {
    slots: FxHashMap<Box<str>, usize>,
    pub ids: Vec<Box<str>>,
    /// Each claim's (period, base), in claim order.
    pub periods: Vec<(Period, Option<Period>)>,
}

impl PendingSources {
    /// The provisional index of source `id`.
    pub fn slot(&mut self, id: &str) -> usize {
        if let Some(&i) = self.slots.get(id) {
            return i;
        }
        let i = self.ids.len();
        self.slots.insert(id.into(), i);
        self.ids.push(id.into());
        i
    }
}
