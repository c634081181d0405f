//! The place and metric trees as the checks walk them: ancestors, containment, overlap.
//! Places nest through `parent` in places.csv, metrics through `parent` in metrics.csv
//! (DESIGN "Checks"); a union of places (`a+b`) is a set of components. Parents are tables
//! by name index (built in `Ctx::new`): a walk reads a few words, no hashing.

use super::index::Ctx;
use super::names::Sym;

/// Parents are followed at most this far: a cycle in places.csv must not hang a check.
const MAX_DEPTH: usize = 64;

impl<'a> Ctx<'a> {
    /// `p`, its parent, its grandparent, ...
    pub fn place_chain(&self, p: Sym) -> Chain<'_> {
        Chain::new(&self.place_up, p)
    }

    /// `m`, its parent metric, ...
    pub fn metric_chain(&self, m: Sym) -> Chain<'_> {
        Chain::new(&self.metric_up, m)
    }

    /// Is place `p` equal to `q` or inside it?
    pub fn place_within(&self, p: Sym, q: Sym) -> bool {
        self.place_chain(p).any(|x| x == q)
    }

    /// Does the place set `whole` contain every place of `part`?
    pub fn covers(&self, whole: &[Sym], part: &[Sym]) -> bool {
        part.iter()
            .all(|&p| whole.iter().any(|&w| self.place_within(p, w)))
    }

    /// Do two place sets share any ground: a component of one equal to, inside, or around a
    /// component of the other?
    pub fn places_overlap(&self, a: &[Sym], b: &[Sym]) -> bool {
        a.iter().any(|&x| {
            b.iter()
                .any(|&y| self.place_within(x, y) || self.place_within(y, x))
        })
    }
}

/// Walks up a parent table from one name.
pub(super) struct Chain<'t> {
    up: &'t [Option<Sym>],
    next: Option<Sym>,
    steps: usize,
}

impl<'t> Chain<'t> {
    fn new(up: &'t [Option<Sym>], start: Sym) -> Self {
        Chain {
            up,
            next: Some(start),
            steps: 0,
        }
    }
}

impl Iterator for Chain<'_> {
    type Item = Sym;

    fn next(&mut self) -> Option<Sym> {
        let cur = self.next?;
        self.steps += 1;
        self.next = if self.steps < MAX_DEPTH {
            self.up.get(cur.index()).copied().flatten()
        } else {
            None
        };
        Some(cur)
    }
}
