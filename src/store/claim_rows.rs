//! Claim rows into the checks' compact facts: the one place that turns a row of
//! [`FEED_COLUMNS`] into a [`ClaimFacts`], for the whole-ledger feed and for `show`'s scoped
//! passes alike.

use super::feed_rows::{opt_text, text, unknown_source, PendingSources};
use crate::checks::model::{CheckInput, ClaimFacts, Finding, PlaceSet};
use crate::checks::names::{FxHashMap, FxHashSet};
use crate::checks::provenance;
use crate::error::{Error, Result};
use crate::period::Period;
use crate::reading::{Kind, ReadingCache};

/// The claim columns the checks read, in the order [`ClaimStream::push`] expects them: no
/// note, no verdict (merged in from the reviews).
pub(super) const FEED_COLUMNS: &str = "c.id, c.source, c.quote, c.printed, c.kind, c.metric, \
     c.place, c.period, c.base, c.\"of\", c.attributed_to";

/// The same for a scope, without the quote: the covering index `claims_by_metric` has every
/// other column, and the scope's one claim's per-row checks read its quote apart.
pub(super) const SCOPED_COLUMNS: &str = "c.id, c.source, '', c.printed, c.kind, c.metric, \
     c.place, c.period, c.base, c.\"of\", c.attributed_to";

/// Claims being read into a [`CheckInput`].
pub(super) struct ClaimStream {
    pub input: CheckInput,
    /// L001 findings, for the whole ledger (a scope runs its one claim's apart).
    pub provenance: Vec<Finding>,
    /// `None`: the whole ledger, whose sources the input holds already, sorted by id.
    /// `Some`: a scope, whose sources are gathered as claims cite them and read at the end.
    pending: Option<PendingSources>,
    /// With pending sources (several passes may meet one claim twice): the ids read so far.
    seen: FxHashSet<Box<str>>,
    /// A few hundred distinct place columns and periods serve a million claims.
    place_sets: FxHashMap<Box<str>, PlaceSet>,
    periods: FxHashMap<Box<str>, Period>,
    /// The source of the last row: rows mostly come in source order.
    source: usize,
    /// Readings derived from `printed` (the stored bounds are never trusted).
    readings: ReadingCache,
}

impl ClaimStream {
    /// A stream over `input`, which holds every source already (`pending` is `None`) or none.
    pub fn new(input: CheckInput, pending: Option<PendingSources>) -> Self {
        let input_tolerance = input.tolerance.clone();
        ClaimStream {
            input,
            provenance: Vec::new(),
            pending,
            seen: FxHashSet::default(),
            place_sets: FxHashMap::default(),
            periods: FxHashMap::default(),
            source: 0,
            readings: ReadingCache::new(input_tolerance),
        }
    }

    /// Every row of `rows` (columns as [`FEED_COLUMNS`]).
    pub fn push_all(&mut self, mut rows: rusqlite::Rows<'_>) -> Result<()> {
        while let Some(row) = rows.next()? {
            self.push(row)?;
        }
        Ok(())
    }

    fn period(&mut self, text: &str) -> Result<Period> {
        if let Some(&p) = self.periods.get(text) {
            return Ok(p);
        }
        let p = Period::parse(text)?;
        self.periods.insert(text.into(), p);
        Ok(p)
    }

    fn push(&mut self, row: &rusqlite::Row<'_>) -> Result<()> {
        let text = |i: usize| text(row, i);
        let opt = |i: usize| opt_text(row, i);
        let id = text(0)?;
        if self.pending.is_some() {
            if self.seen.contains(id) {
                return Ok(());
            }
            self.seen.insert(id.into());
        }
        let (quote, printed) = (text(2)?, text(3)?);
        if self.pending.is_none() {
            self.provenance.extend(provenance::l001(id, printed, quote));
        }
        let input = &mut self.input;
        let source_id = text(1)?;
        let (source, published) = match &mut self.pending {
            Some(pending) => (pending.slot(source_id), None),
            None => {
                let at = self.source;
                if input.sources.get(at).is_none_or(|s| s.id != source_id) {
                    // Sources are sorted by id (read in that order).
                    self.source = input
                        .sources
                        .binary_search_by(|s| s.id.as_str().cmp(source_id))
                        .map_err(|_| unknown_source(id, source_id))?;
                }
                (self.source, input.sources[self.source].published)
            }
        };
        let period = self.period(text(7)?)?;
        let base = match opt(8)? {
            Some(b) => Some(self.period(b)?),
            None => None,
        };
        if let Some(pending) = &mut self.pending {
            // Resolved against the publication date once the source is read.
            pending.periods.push((period, base));
        }
        let input = &mut self.input;
        let kind = text(4)?;
        let place = text(6)?;
        let places = match self.place_sets.get(place) {
            Some(&set) => set,
            None => {
                let set = input.intern_places(place);
                self.place_sets.insert(place.into(), set);
                set
            }
        };
        let kind = Kind::parse(kind)
            .ok_or_else(|| Error::invalid(format!("claim {id}: unknown kind {kind:?}")))?;
        let read = self.readings.get(printed, kind)?;
        let (reading, currency) = (read.interval.clone(), read.unit.currency_code());
        let input = &mut self.input;
        let facts = ClaimFacts {
            id: input.ids.push(id),
            source,
            kind,
            metric: input.intern(text(5)?),
            places,
            period: period.resolve(published),
            base: base.map(|b| b.resolve(published)),
            of: opt(9)?.map(|w| input.intern(w)),
            attributed_to: opt(10)?.map(|o| input.intern(o)),
            printed: input.intern(printed),
            reading,
            currency,
            // Set from the reviews, by the caller.
            verdict: None,
        };
        input.claims.push(facts);
        Ok(())
    }

    /// The pending sources, to be read and settled (see `Reader::settle_sources`).
    pub fn take_pending(&mut self) -> Option<PendingSources> {
        self.pending.take()
    }
}
