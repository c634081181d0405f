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

    pub fn contains(&self, id: &str) -> bool {
        self.table
            .find(hash(id), |&s| self.names.str(s) == id)
            .is_some()
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
        assert!(ids.iter().all(|id| set.contains(id)));
        assert!(!set.contains("c-0010000") && !set.contains(""));
    }
}
