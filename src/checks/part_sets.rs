//! For L007's "disjoint parts surely add up past the whole" and L006's "shares of disjoint
//! parts add up past 100%": the smallest set of pairwise disjoint parts whose sum lies
//! entirely above a bound (the whole's reading, or 100%).
//!
//! Picking parts greedily, largest first, can miss a sum: a large part that overlaps two
//! smaller ones (a half-year beside two provinces) is taken first and shuts out the pair that
//! does exceed. So a whole with few candidate parts, the common case, is searched exactly:
//! sets of two parts, then three, and so on, pruned as soon as the largest parts left could
//! not lift the sum past the whole. A whole with more than [`EXACT_LIMIT`] candidates falls
//! back to the greedy pass, so that the search stays linear in the ledger.

use super::index::{Ctx, Group};
use crate::exact::Num;
use crate::interval::Interval;

/// Up to this many candidate parts of one whole, the search is exact.
const EXACT_LIMIT: usize = 16;

/// Sort parts as the search wants them: largest lower bound first, then by id, so that the
/// set found (and the finding's id) does not depend on the order the parts came in.
pub(super) fn largest_first(ctx: &Ctx<'_>, parts: &mut [u32]) {
    parts.sort_unstable_by(|&x, &y| {
        let (cx, cy) = (ctx.claim(x), ctx.claim(y));
        cy.reading
            .lower
            .cmp(&cx.reading.lower)
            .then_with(|| ctx.id_of(cx).cmp(ctx.id_of(cy)))
    });
}

/// `parts` sorted by [`largest_first`], none of them alone above `bound`. Returns the chosen
/// parts (in that order) and their sum.
pub(super) fn smallest_set_above(
    ctx: &Ctx<'_>,
    g: Group,
    bound: &Interval,
    parts: &[u32],
) -> Option<(Vec<u32>, Interval)> {
    let search = Search {
        ctx,
        g,
        bound,
        parts,
    };
    if parts.len() <= EXACT_LIMIT {
        (2..=parts.len()).find_map(|size| search.exact(size, 0, &mut Vec::new()))
    } else {
        search.greedy()
    }
}

struct Search<'s, 'a> {
    ctx: &'s Ctx<'a>,
    g: Group,
    bound: &'s Interval,
    parts: &'s [u32],
}

impl Search<'_, '_> {
    /// May `p` join `chosen`: disjoint from each, and (within one source) of one body?
    fn fits(&self, chosen: &mut Vec<u32>, p: u32) -> bool {
        let cp = self.ctx.claim(p);
        let apart = chosen.iter().all(|&q| {
            let cq = self.ctx.claim(q);
            cp.period.disjoint(&cq.period)
                || !self
                    .ctx
                    .places_overlap(self.ctx.places(cp.places), self.ctx.places(cq.places))
        });
        if !apart {
            return false;
        }
        chosen.push(p);
        let ok = !matches!(self.g, Group::Source(_)) || self.ctx.one_body(chosen);
        chosen.pop();
        ok
    }

    fn sum(&self, chosen: &[u32]) -> Interval {
        let mut parts = chosen.iter().map(|&i| &*self.ctx.claim(i).reading);
        let first = parts.next().expect("a set of at least two parts").clone();
        parts.fold(first, |s, r| s.add(r))
    }

    /// A set of exactly `size` parts, chosen from `parts[from..]` in order, that exceeds.
    fn exact(
        &self,
        size: usize,
        from: usize,
        chosen: &mut Vec<u32>,
    ) -> Option<(Vec<u32>, Interval)> {
        if chosen.len() == size {
            let s = self.sum(chosen);
            return s.surely_above(self.bound).then(|| (chosen.clone(), s));
        }
        let need = size - chosen.len();
        let lowers = |ids: &[u32]| {
            ids.iter()
                .fold(Num::ZERO, |s, &i| s.add(&self.ctx.claim(i).reading.lower))
        };
        let so_far = lowers(chosen);
        for i in from..self.parts.len() {
            if self.parts.len() - i < need {
                break;
            }
            // Parts are sorted largest first: the next `need` are the most that is left.
            let best = lowers(&self.parts[i..i + need]);
            if so_far.add(&best) < self.bound.upper {
                break;
            }
            let p = self.parts[i];
            if self.fits(chosen, p) {
                chosen.push(p);
                if let Some(found) = self.exact(size, i + 1, chosen) {
                    return Some(found);
                }
                chosen.pop();
            }
        }
        None
    }

    /// Largest first, each part that fits, until the sum exceeds.
    fn greedy(&self) -> Option<(Vec<u32>, Interval)> {
        let mut chosen = Vec::new();
        for &p in self.parts {
            if !self.fits(&mut chosen, p) {
                continue;
            }
            chosen.push(p);
            if chosen.len() >= 2 {
                let s = self.sum(&chosen);
                if s.surely_above(self.bound) {
                    return Some((chosen, s));
                }
            }
        }
        None
    }
}
