//! The place and metric trees as the checks walk them: ancestors, containment, overlap.
//! Places nest through `parent` in places.csv, metrics through `parent` in metrics.csv
//! (DESIGN "Checks"); a union of places (`a+b`) is a set of components.

use super::index::Ctx;
use std::collections::HashMap;

/// Parents are followed at most this far: a cycle in places.csv must not hang a check.
const MAX_DEPTH: usize = 64;

impl<'a> Ctx<'a> {
    /// `p`, its parent, its grandparent, ...
    pub fn place_chain(&self, p: &'a String) -> Chain<'a> {
        Chain::new(&self.hierarchy.place_parent, p)
    }

    /// `m`, its parent metric, ...
    pub fn metric_chain(&self, m: &'a String) -> Chain<'a> {
        Chain::new(&self.hierarchy.metric_parent, m)
    }

    /// Is place `p` equal to `q` or inside it?
    pub fn place_within(&self, p: &str, q: &str) -> bool {
        let map = &self.hierarchy.place_parent;
        let mut cur = p;
        for _ in 0..MAX_DEPTH {
            if cur == q {
                return true;
            }
            match map.get(cur) {
                Some(parent) => cur = parent,
                None => return false,
            }
        }
        false
    }

    /// Does the place set `whole` contain every place of `part`?
    pub fn covers(&self, whole: &[String], part: &[String]) -> bool {
        part.iter()
            .all(|p| whole.iter().any(|w| self.place_within(p, w)))
    }

    /// Do two place sets share any ground: a component of one equal to, inside, or around a
    /// component of the other?
    pub fn places_overlap(&self, a: &[String], b: &[String]) -> bool {
        a.iter().any(|x| {
            b.iter()
                .any(|y| self.place_within(x, y) || self.place_within(y, x))
        })
    }
}

/// Walks up a parent map from one id.
pub(super) struct Chain<'a> {
    map: &'a HashMap<String, String>,
    next: Option<&'a String>,
    steps: usize,
}

impl<'a> Chain<'a> {
    fn new(map: &'a HashMap<String, String>, start: &'a String) -> Self {
        Chain {
            map,
            next: Some(start),
            steps: 0,
        }
    }
}

impl<'a> Iterator for Chain<'a> {
    type Item = &'a String;

    fn next(&mut self) -> Option<&'a String> {
        let cur = self.next?;
        self.steps += 1;
        self.next = if self.steps < MAX_DEPTH {
            self.map.get(cur.as_str())
        } else {
            None
        };
        Some(cur)
    }
}
