//! A claim's key: what claims that speak of the same figure share (DESIGN "Claims"), and its
//! hash, which orders the index (`index`).

use super::model::ClaimFacts;
use super::names::{FxHasher, PlaceSet, Sym};
use crate::period::Span;
use crate::reading::Kind;

/// What claims with equal keys must agree on (DESIGN "Claims": kind, metric, place, period,
/// and the base of a change or the whole of a share).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Key {
    kind: u8,
    metric: Sym,
    places: PlaceSet,
    period: Span,
    base: Option<Span>,
    of: Option<Sym>,
}

fn kind_rank(kind: Kind) -> u8 {
    match kind {
        Kind::Count => 0,
        Kind::Change => 1,
        Kind::Share => 2,
    }
}

/// The key of a claim. `base` counts only for changes and `of` only for shares, so that a
/// stray value in another kind's column cannot split a key.
pub(super) fn key(c: &ClaimFacts) -> Key {
    Key {
        kind: kind_rank(c.kind),
        metric: c.metric,
        places: c.places,
        period: c.period,
        base: if matches!(c.kind, Kind::Change) {
            c.base
        } else {
            None
        },
        of: if matches!(c.kind, Kind::Share) {
            c.of
        } else {
            None
        },
    }
}

/// A hash of a key, the same for equal keys within one run: it orders the index, and nothing
/// stored or printed depends on it. Fx, then a finalizer (murmur3's) so that the hashes spread
/// evenly over the whole range, which `first_at_least` relies on to guess positions.
pub(super) fn key_hash(k: &Key) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = FxHasher::default();
    k.hash(&mut h);
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The key of a count claim on `metric`, `places`, `period`.
pub(super) fn count_key(metric: Sym, places: PlaceSet, period: Span) -> Key {
    Key {
        kind: kind_rank(Kind::Count),
        metric,
        places,
        period,
        base: None,
        of: None,
    }
}
