//! Readings derived again wherever they are needed (DESIGN: no check trusts stored bounds),
//! without parsing the same printed figure twice: a million claims print a few thousand
//! distinct figures.

use super::{read, Kind, Reading};
use crate::error::Result;
use crate::exact::Num;
use crate::interval::Shown;
use hashbrown::HashMap;

/// Past this many distinct figures of one kind the cache starts afresh, so that a ledger of
/// all-distinct figures costs parsing time, not memory.
const MAX_ENTRIES: usize = 1 << 16;

/// The figures' hash: a report looks up every claim's figure, and the keys are short text
/// from the ledger itself, so SipHash's resistance to chosen keys buys nothing here.
type Hash = foldhash::fast::FixedState;

/// Readings at one tolerance, by kind and printed figure, each with the texts a report shows
/// of it once asked for.
#[derive(Debug, Default)]
pub struct ReadingCache {
    tolerance: Num,
    /// One map per kind, looked up by `&str` without allocating.
    readings: [HashMap<String, (Reading, Option<Shown>), Hash>; 3],
}

impl ReadingCache {
    pub fn new(tolerance: Num) -> Self {
        ReadingCache {
            tolerance,
            readings: Default::default(),
        }
    }

    pub fn tolerance(&self) -> &Num {
        &self.tolerance
    }

    /// The reading of `printed` as `kind`; unreadable text is the reader's error.
    pub fn get(&mut self, printed: &str, kind: Kind) -> Result<&Reading> {
        Ok(&self.entry(printed, kind)?.0)
    }

    /// [`ReadingCache::get`], with the reading as a report shows it (made the first time).
    pub fn get_shown(&mut self, printed: &str, kind: Kind) -> Result<(&Reading, &Shown)> {
        let (reading, shown) = self.entry(printed, kind)?;
        let shown = shown.get_or_insert_with(|| Shown::of(&reading.interval, kind));
        Ok((reading, shown))
    }

    fn entry(&mut self, printed: &str, kind: Kind) -> Result<&mut (Reading, Option<Shown>)> {
        let map = &mut self.readings[kind as usize];
        if map.len() >= MAX_ENTRIES && !map.contains_key(printed) {
            map.clear();
        }
        // One lookup when the figure is known; the key is allocated only when it is new.
        Ok(match map.entry_ref(printed) {
            hashbrown::hash_map::EntryRef::Occupied(known) => known.into_mut(),
            hashbrown::hash_map::EntryRef::Vacant(new) => {
                new.insert((read(printed, kind, &self.tolerance)?, None))
            }
        })
    }
}
