//! Interned names: what the checks hold instead of strings. A ledger of a million claims
//! names a few thousand metrics, places, orgs and printed figures over and over; each claim
//! keeps a 4-byte [`Sym`] for each, and keys compare and hash as integers, not text.
//!
//! Also the small, fast hasher ([`FxHasher`]) the checks' own hash maps use: their keys are
//! symbols and short ids made by the ledger itself, so std's flood-resistant SipHash buys
//! nothing there and costs a tenth of a run.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::num::NonZeroU32;

/// A name stored in a [`Names`] table. Within one table, two names interned with
/// [`Names::intern`] are equal exactly when their symbols are; symbols order by when they
/// were first stored, not by text (compare the text where order shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(NonZeroU32);

impl Sym {
    /// 0, 1, 2, ... in the order stored: an index for tables that run alongside the names.
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Strings, each stored once, in one buffer.
#[derive(Debug, Clone, Default)]
pub struct Names {
    text: String,
    /// Where each name ends in `text`; name `k` starts where name `k - 1` ends.
    ends: Vec<u32>,
    /// Interned names, to find them again. Names stored with [`Names::push`] are not here.
    index: FxHashMap<Box<str>, Sym>,
}

impl Names {
    /// The symbol of `name`, stored on first sight.
    pub fn intern(&mut self, name: &str) -> Sym {
        if let Some(&sym) = self.index.get(name) {
            return sym;
        }
        let sym = self.push(name);
        self.index.insert(name.into(), sym);
        sym
    }

    /// Stores `name` under a new symbol without looking for an equal one: for names unique
    /// anyway (claim ids), so that a million of them cost no index.
    pub fn push(&mut self, name: &str) -> Sym {
        self.text.push_str(name);
        let end = u32::try_from(self.text.len()).expect("names fit in 4 GiB");
        self.ends.push(end);
        Sym(NonZeroU32::new(self.ends.len() as u32).expect("counted from 1"))
    }

    /// Room for `names` more names (of any length: the text grows as they come).
    pub fn reserve(&mut self, names: usize) {
        self.ends.reserve_exact(names);
    }

    /// The symbol of an interned name, if it was stored.
    pub fn get(&self, name: &str) -> Option<Sym> {
        self.index.get(name).copied()
    }

    pub fn str(&self, sym: Sym) -> &str {
        let i = sym.index();
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The `i`th name stored (0-based), if there are that many.
    pub fn nth(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }

    /// How many names are stored.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Returns the room reserved for more names, once all are in.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// A set of places (one place, or the components of a `+` union) stored in [`PlaceSets`].
/// Equal sets have equal ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlaceSet(u32);

/// Place sets, each stored once: a handful of distinct sets serve a million claims.
#[derive(Debug, Clone, Default)]
pub struct PlaceSets {
    items: Vec<Sym>,
    /// Where each set ends in `items`.
    ends: Vec<u32>,
    index: FxHashMap<Box<[Sym]>, PlaceSet>,
}

impl PlaceSets {
    /// The id of the set of `places`, given in its canonical order (see
    /// `CheckInput::intern_places`), stored on first sight.
    pub fn intern(&mut self, places: &[Sym]) -> PlaceSet {
        if let Some(&set) = self.index.get(places) {
            return set;
        }
        self.items.extend_from_slice(places);
        self.ends.push(self.items.len() as u32);
        let set = PlaceSet(self.ends.len() as u32 - 1);
        self.index.insert(places.into(), set);
        set
    }

    /// The id of a stored set.
    pub fn get(&self, places: &[Sym]) -> Option<PlaceSet> {
        self.index.get(places).copied()
    }

    /// The places of a set.
    pub fn places(&self, set: PlaceSet) -> &[Sym] {
        let i = set.0 as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.items[start..self.ends[i] as usize]
    }
}

/// rustc's Fx hash: a rotate, a xor and a multiply per word. Not flood-resistant, which is
/// fine for keys the checks build from the ledger's own names.
#[derive(Debug, Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_i32(&mut self, i: i32) {
        self.add(i as u32 as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick a hash table's bucket, weakest.
        self.hash.rotate_left(26)
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = HashMap<K, V, FxBuild>;
pub type FxHashSet<K> = std::collections::HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_intern_once() {
        let mut n = Names::default();
        let a = n.intern("pakistan");
        let b = n.intern("");
        let c = n.push("c-1");
        assert_eq!(n.intern("pakistan"), a);
        assert_eq!((n.str(a), n.str(b), n.str(c)), ("pakistan", "", "c-1"));
        assert_eq!((n.get("pakistan"), n.get("c-1")), (Some(a), None));
        assert_eq!((a.index(), b.index(), c.index(), n.len()), (0, 1, 2, 3));
    }

    #[test]
    fn place_sets_intern_once() {
        let mut n = Names::default();
        let (a, b) = (n.intern("a"), n.intern("b"));
        let mut s = PlaceSets::default();
        let ab = s.intern(&[a, b]);
        let one = s.intern(&[b]);
        assert_eq!(s.intern(&[a, b]), ab);
        assert_ne!(ab, one);
        assert_eq!((s.places(ab), s.places(one)), (&[a, b][..], &[b][..]));
        assert_eq!(s.get(&[a]), None);
    }
}
