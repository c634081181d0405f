//! The claim ids an import has read, to refuse a repeated one and to check the references of
//! reviews.csv: a million of them in one buffer with a table of 4-byte symbols, about 25 MB,
//! where a set of `String`s took 65 MB (a heap string and a 24-byte slot each, in a table kept
//! at most seven-eighths full).

use crate::checks::names::{FxBuild, Names, Sym};
use hashbrown::HashTable;
use std::hash::BuildHasher;

#[derive(Default)]
pub(super) struct IdSet {
    names: Names,
    table: HashTable<Sym>,
    /// Where [`IdSet::contains`] found the last id, in the order added.
    cursor: usize,
}

fn hash(id: &str) -> u64 {
    FxBuild::default().hash_one(id)
}

impl IdSet {
    /// Adds `id`; false when it was there already.
    pub fn insert(&mut self, id: &str) -> bool {
        let h = hash(id);
        let names = &self.names;
        if self.table.find(h, |&s| names.str(s) == id).is_some() {
            return false;
        }
        let sym = self.names.push(id);
        let names = &self.names;
        self.table.insert_unique(h, sym, |&s| hash(names.str(s)));
        true
    }

    /// Whether `id` was added. Ids are looked up mostly in the order they were added (reviews
    /// follow their claims), so the one after the last found is tried first: a string
    /// comparison in memory read in order instead of a probe of a table of a million.
    pub fn contains(&mut self, id: &str) -> bool {
        for i in [self.cursor + 1, self.cursor] {
            if self.names.nth(i) == Some(id) {
                self.cursor = i;
                return true;
            }
        }
        let found = self.table.find(hash(id), |&s| self.names.str(s) == id);
        if let Some(&sym) = found {
            self.cursor = sym.index();
        }
        found.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::IdSet;

    #[test]
    fn an_id_is_in_once() {
        let mut set = IdSet::default();
        let ids: Vec<String> = (0..10_000).map(|i| format!("c-{i:07}")).collect();
        assert!(ids.iter().all(|id| set.insert(id)));
        assert!(ids.iter().all(|id| !set.insert(id)));
        // In order, out of order, repeated, absent: the same answers.
        for id in ids
            .iter()
            .chain(ids.iter().rev())
            .chain(ids.iter().step_by(7))
        {
            assert!(set.contains(id), "{id}");
        }
        assert!(!set.contains("c-0010000") && !set.contains(""));
    }
}
