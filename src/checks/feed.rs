//! Rows into the checks' compact facts: the one place that turns a source's and a claim's
//! columns into a [`SourceFacts`] and a [`ClaimFacts`], and runs the per-row check L001 on the
//! way. Whoever holds the rows (the SQLite store, a ledger directory read directly) hands them
//! over as borrowed cells; nothing here reads a file or a database.
//!
//! [`ClaimStream`] serves both the whole ledger (sources known first, sorted by id) and
//! `show`'s scope (sources gathered as its claims cite them, settled after with
//! [`PendingSources`]).

use super::model::{CheckInput, ClaimFacts, Finding, PlaceSet, SourceFacts};
use super::names::{FxHashMap, FxHashSet, Sym};
use super::provenance;
use crate::error::{Error, Result};
use crate::interval::Interval;
use crate::period::{parse_date, Period};
use crate::reading::{self, Kind};
use std::sync::Arc;

/// One claim's columns as the checks read them (no note; the verdict comes from the reviews).
#[derive(Debug, Clone, Copy)]
pub struct ClaimCells<'a> {
    pub id: &'a str,
    pub source: &'a str,
    /// Empty for a scope's claims, whose quotes are not checked (see `show`).
    pub quote: &'a str,
    pub printed: &'a str,
    pub kind: Kind,
    pub metric: &'a str,
    /// One place id, or ids joined by `+`.
    pub place: &'a str,
    pub period: &'a str,
    pub base: Option<&'a str>,
    pub of: Option<&'a str>,
    pub attributed_to: Option<&'a str>,
}

/// A source's facts from its id, publisher and publication date, its publisher interned.
pub fn source_facts(
    input: &mut CheckInput,
    id: &str,
    publisher: Option<&str>,
    published: Option<&str>,
) -> Result<SourceFacts> {
    let published = match published {
        Some(p) => Some(parse_date(p).map_err(|why| Error::BadPeriod {
            value: p.to_string(),
            why,
        })?),
        None => None,
    };
    Ok(SourceFacts {
        id: id.to_string(),
        publisher: publisher.map(|p| input.intern(p)),
        published,
    })
}

pub fn unknown_source(claim: &str, source: &str) -> Error {
    Error::invalid(format!("claim {claim}: unknown source {source:?}"))
}

/// The sources a scope's claims cite, in the order first seen: each claim holds a provisional
/// source index into `ids`, and its periods unresolved (an open period ends at its source's
/// publication, not yet read). [`PendingSources::settle`] fixes both once they are read.
#[derive(Default)]
pub struct PendingSources {
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

    /// Point each claim of `input` at its source and resolve its periods: `found[i]` is the
    /// index in `input.sources` of provisional source `i`, `None` when there is no such source.
    pub fn settle(self, input: &mut CheckInput, found: &[Option<usize>]) -> Result<()> {
        for (c, (period, base)) in input.claims.iter_mut().zip(self.periods) {
            let Some(source) = found[c.source] else {
                let claim = input.ids.str(c.id);
                return Err(unknown_source(claim, &self.ids[c.source]));
            };
            let published = input.sources[source].published;
            c.source = source;
            c.period = period.resolve(published);
            c.base = base.map(|b| b.resolve(published));
        }
        Ok(())
    }
}

/// Claims being read into a [`CheckInput`].
pub struct ClaimStream {
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
    /// The reading each claim holds, derived from `printed` (stored bounds are never
    /// trusted) once per figure and kind, and shared (see `ClaimFacts::reading`).
    shared: FxHashMap<(Sym, Kind), (Arc<Interval>, u8)>,
}

/// Past this many distinct figures the shared readings start afresh (the claims keep theirs),
/// so that a ledger of all-distinct figures costs no table beside them.
const MAX_SHARED: usize = 1 << 16;

impl ClaimStream {
    /// A stream over `input`, which holds every source already, sorted by id (`pending` is
    /// `None`), or none.
    pub fn new(input: CheckInput, pending: Option<PendingSources>) -> Self {
        ClaimStream {
            input,
            provenance: Vec::new(),
            pending,
            seen: FxHashSet::default(),
            place_sets: FxHashMap::default(),
            periods: FxHashMap::default(),
            source: 0,
            shared: FxHashMap::default(),
        }
    }

    fn period(&mut self, text: &str) -> Result<Period> {
        if let Some(&p) = self.periods.get(text) {
            return Ok(p);
        }
        let p = Period::parse(text)?;
        self.periods.insert(text.into(), p);
        Ok(p)
    }

    /// One claim; the index of the claim in `input.claims`, or `None` when a scope met it
    /// already.
    pub fn push(&mut self, c: ClaimCells<'_>) -> Result<Option<usize>> {
        if self.pending.is_some() {
            if self.seen.contains(c.id) {
                return Ok(None);
            }
            self.seen.insert(c.id.into());
        } else {
            self.provenance
                .extend(provenance::l001(c.id, c.printed, c.quote));
        }
        let input = &mut self.input;
        let (source, published) = match &mut self.pending {
            Some(pending) => (pending.slot(c.source), None),
            None => {
                let at = self.source;
                if input.sources.get(at).is_none_or(|s| s.id != c.source) {
                    self.source = input
                        .sources
                        .binary_search_by(|s| s.id.as_str().cmp(c.source))
                        .map_err(|_| unknown_source(c.id, c.source))?;
                }
                (self.source, input.sources[self.source].published)
            }
        };
        let period = self.period(c.period)?;
        let base = match c.base {
            Some(b) => Some(self.period(b)?),
            None => None,
        };
        if let Some(pending) = &mut self.pending {
            // Resolved against the publication date once the source is read.
            pending.periods.push((period, base));
        }
        let places = match self.place_sets.get(c.place) {
            Some(&set) => set,
            None => {
                let set = self.input.intern_places(c.place);
                self.place_sets.insert(c.place.into(), set);
                set
            }
        };
        let printed = self.input.intern(c.printed);
        let (reading, currency) = match self.shared.get(&(printed, c.kind)) {
            Some((reading, currency)) => (Arc::clone(reading), *currency),
            None => {
                let read = reading::read(c.printed, c.kind, &self.input.tolerance)?;
                let shared = (Arc::new(read.interval.clone()), read.unit.currency_code());
                if self.shared.len() >= MAX_SHARED {
                    self.shared.clear();
                }
                self.shared.insert((printed, c.kind), shared.clone());
                shared
            }
        };
        let input = &mut self.input;
        let facts = ClaimFacts {
            id: input.ids.push(c.id),
            source,
            kind: c.kind,
            metric: input.intern(c.metric),
            places,
            period: period.resolve(published),
            base: base.map(|b| b.resolve(published)),
            of: c.of.map(|w| input.intern(w)),
            attributed_to: c.attributed_to.map(|o| input.intern(o)),
            printed,
            reading,
            currency,
            // Set from the reviews, by the caller.
            verdict: None,
        };
        input.claims.push(facts);
        Ok(Some(input.claims.len() - 1))
    }

    /// The pending sources, to be read and settled.
    pub fn take_pending(&mut self) -> Option<PendingSources> {
        self.pending.take()
    }
}
