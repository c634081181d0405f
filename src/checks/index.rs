//! The index every ledger-wide check shares: claims sorted by key (`key`), which claims
//! are primary and which primary claims are their org's latest revision, and the groups a
//! recomputation may draw its counts from (the place and metric trees are in `tree`).
//!
//! Built once per run in O(n log n) over `u32` indices: no claim is cloned, no string is
//! allocated per claim. A key is a handful of integers (names are symbols, see `names`), so
//! comparing or hashing one never leaves the claim. Claims are ordered by a hash of their
//! key, so that sorting and looking up a key rarely touch the claims themselves (scattered in
//! memory, each touch a cache miss); a million claims cost about 30 MB beyond the input.

use super::key::{key, key_hash, Key};
use super::model::{CheckInput, ClaimFacts, SourceFacts, Wording};
use super::names::{Names, PlaceSet, PlaceSets, Sym};
use super::search::first_at_least;
use crate::period::Day;
use crate::reading::Kind;
use std::ops::Range;

/// Where the counts of one computation may come from: one source's claims, or one org's
/// primary claims (their latest revisions). Bodies are never mixed (DESIGN "Checks").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Group {
    Source(usize),
    Org(Sym),
}

/// When a source was published, as an order: unknown first, then by last day, then first day.
pub(super) type Rank = Option<(Day, Day)>;

pub(super) struct Ctx<'a> {
    pub claims: &'a [ClaimFacts],
    pub sources: &'a [SourceFacts],
    names: &'a Names,
    ids: &'a Names,
    sets: &'a PlaceSets,
    /// The parent of each place and metric, by name index (`tree`); `None` past the end.
    pub(super) place_up: Vec<Option<Sym>>,
    pub(super) metric_up: Vec<Option<Sym>>,
    /// The one-place set of each name, by name index, where a claim has it.
    single: Vec<Option<PlaceSet>>,
    primary: Vec<bool>,
    /// Primary claims that no primary claim of the same org on the same key outranks.
    latest: Vec<bool>,
    /// Claim indices sorted by (key hash, key, source, id).
    order: Vec<u32>,
    /// The source of each entry of `order`: a run's sources, ascending, without reading the
    /// claims.
    order_sources: Vec<u32>,
    /// Run `r` (one key) is `order[starts[r]..starts[r + 1]]`.
    starts: Vec<u32>,
    /// The key hash of each run, ascending: a lookup searches here and reads one claim.
    run_hashes: Vec<u64>,
    /// For `show`: the one claim whose findings are wanted. The checks then skip every unit
    /// of work (a key's run, a group, a claim's computation) that does not hold it, since
    /// only such a unit can make a finding that names it.
    focus: Option<u32>,
    /// Whether findings get their message and working ([`Ctx::words`]).
    pub(super) wording: Wording,
    tolerance: &'a crate::exact::Num,
    /// Per printed figure and kind, how far its precision band widens to a whole unit of its
    /// last digit (`disagreement::loose`), once computed. Behind a lock: the families of
    /// checks run on two threads.
    pub(super) widenings: std::sync::Mutex<Widenings>,
}

/// How far below and above a printed figure's band widens (`None`: it has no band).
pub(super) type Widenings =
    super::names::FxHashMap<(Sym, Kind), Option<(crate::exact::Num, crate::exact::Num)>>;

/// A parent map as a table by name index: the trees are walked in the checks' inner loops.
fn dense(map: &std::collections::HashMap<Sym, Sym>, len: usize) -> Vec<Option<Sym>> {
    let mut up = vec![None; len];
    for (child, parent) in map {
        if child.index() >= up.len() {
            up.resize(child.index() + 1, None);
        }
        up[child.index()] = Some(*parent);
    }
    up
}

impl<'a> Ctx<'a> {
    pub fn new(input: &'a CheckInput) -> Self {
        let claims = &input.claims[..];
        let sources = &input.sources[..];
        let primary = claims
            .iter()
            .map(|c| match (sources[c.source].publisher, c.attributed_to) {
                (Some(p), Some(a)) => p == a,
                _ => false,
            })
            .collect();
        let mut single = vec![None; input.names.len()];
        for c in claims {
            if let [p] = input.place_sets.places(c.places) {
                single[p.index()] = Some(c.places);
            }
        }
        // Sort by the key's hash first: comparing two u64 needs no trip to the claims, which
        // are scattered in memory. Only claims with equal hashes (one key, or a collision) are
        // then sorted by the key itself, the source and the id, so that what a finding says
        // does not depend on the order the store handed the claims in.
        let mut hashed: Vec<(u64, u32)> = claims
            .iter()
            .enumerate()
            .map(|(i, c)| (key_hash(&key(c)), i as u32))
            .collect();
        hashed.sort_unstable();
        let mut order = Vec::with_capacity(claims.len());
        let mut starts = Vec::new();
        let mut run_hashes = Vec::new();
        for same in hashed.chunk_by(|a, b| a.0 == b.0) {
            let first = order.len();
            order.extend(same.iter().map(|&(_, i)| i));
            let block = &mut order[first..];
            if block.len() > 1 {
                block.sort_unstable_by(|&a, &b| {
                    let (ca, cb) = (&claims[a as usize], &claims[b as usize]);
                    key(ca)
                        .cmp(&key(cb))
                        .then(ca.source.cmp(&cb.source))
                        .then_with(|| input.id_of(ca).cmp(input.id_of(cb)))
                        .then(a.cmp(&b))
                });
            }
            for pos in first..order.len() {
                let i = order[pos];
                if pos == first || key(&claims[order[pos - 1] as usize]) != key(&claims[i as usize])
                {
                    starts.push(pos as u32);
                    run_hashes.push(same[0].0);
                }
            }
        }
        drop(hashed);
        starts.push(order.len() as u32);
        let order_sources = order
            .iter()
            .map(|&i| claims[i as usize].source as u32)
            .collect();
        let mut ctx = Ctx {
            claims,
            sources,
            names: &input.names,
            ids: &input.ids,
            sets: &input.place_sets,
            place_up: dense(&input.hierarchy.place_parent, input.names.len()),
            metric_up: dense(&input.hierarchy.metric_parent, input.names.len()),
            single,
            primary,
            latest: vec![false; claims.len()],
            order,
            order_sources,
            starts,
            run_hashes,
            focus: None,
            wording: Wording::Full,
            tolerance: &input.tolerance,
            widenings: Default::default(),
        };
        ctx.mark_latest();
        ctx
    }

    /// Make only the findings that can name claim `c` (see [`Ctx::concerns`]).
    pub fn focus_on(&mut self, c: u32) {
        self.focus = Some(c);
    }

    /// A finding's message or working (or both), as [`Wording::words`].
    pub fn words<T: Default>(&self, write: impl FnOnce() -> T) -> T {
        self.wording.words(write)
    }

    /// Whether a unit of work over these claims may make a wanted finding: always, unless the
    /// checks are focused on one claim that is not among them.
    pub fn concerns(&self, claims: &[u32]) -> bool {
        self.focus.is_none_or(|f| claims.contains(&f))
    }

    /// Per key and org, the primary claims from the latest-published source(s) stand.
    fn mark_latest(&mut self) {
        let mut buf: Vec<(Sym, Rank, u32)> = Vec::new();
        for r in 0..self.starts.len() - 1 {
            let run = &self.order[self.starts[r] as usize..self.starts[r + 1] as usize];
            // Most keys have one claim: one org, its latest by definition.
            if let [i] = *run {
                self.latest[i as usize] = self.primary[i as usize];
                continue;
            }
            buf.clear();
            buf.extend(
                run.iter()
                    .filter_map(|&i| Some((self.primary_org(i)?, self.rank(i), i))),
            );
            // Sorted by org, newest first: the first of each org sets the bar.
            buf.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            let mut bar: Option<(Sym, Rank)> = None;
            for &(org, rank, i) in &buf {
                if bar.is_none_or(|(o, _)| o != org) {
                    bar = Some((org, rank));
                }
                self.latest[i as usize] = bar.is_some_and(|(_, r)| r == rank);
            }
        }
    }

    /// The ledger's tolerance, for readings derived again (see `disagreement`).
    pub fn tolerance(&self) -> &'a crate::exact::Num {
        self.tolerance
    }

    pub fn claim(&self, i: u32) -> &'a ClaimFacts {
        &self.claims[i as usize]
    }

    /// Claim `i`'s id.
    pub fn id(&self, i: u32) -> &'a str {
        self.ids.str(self.claims[i as usize].id)
    }

    /// A claim's id.
    pub fn id_of(&self, c: &ClaimFacts) -> &'a str {
        self.ids.str(c.id)
    }

    /// A metric, place or org id, or a printed figure.
    pub fn name(&self, sym: Sym) -> &'a str {
        self.names.str(sym)
    }

    /// The places of a set.
    pub fn places(&self, set: PlaceSet) -> &'a [Sym] {
        self.sets.places(set)
    }

    /// The set holding place `p` alone, if some claim has it.
    pub fn single(&self, p: Sym) -> Option<PlaceSet> {
        self.single.get(p.index()).copied().flatten()
    }

    pub fn source_of(&self, i: u32) -> &'a SourceFacts {
        &self.sources[self.claims[i as usize].source]
    }

    pub fn is_primary(&self, i: u32) -> bool {
        self.primary[i as usize]
    }

    /// The org whose own figure claim `i` is, if it is primary.
    pub fn primary_org(&self, i: u32) -> Option<Sym> {
        if self.primary[i as usize] {
            self.claims[i as usize].attributed_to
        } else {
            None
        }
    }

    /// A primary claim that is its org's latest revision on its key.
    pub fn is_latest(&self, i: u32) -> bool {
        self.latest[i as usize]
    }

    pub fn credited(&self, i: u32) -> Option<Sym> {
        self.claims[i as usize].attributed_to
    }

    pub fn rank(&self, i: u32) -> Rank {
        self.source_of(i).published.map(|s| (s.end, s.start))
    }

    /// True when the source of `a` was surely published before the source of `b`: every day
    /// the first date allows precedes every day the second allows.
    pub fn surely_before(&self, a: u32, b: u32) -> bool {
        match (self.source_of(a).published, self.source_of(b).published) {
            (Some(x), Some(y)) => x.end < y.start,
            _ => false,
        }
    }

    /// The claims of each of the keys `keys`, sorted by source (a run for each key, the keys
    /// in the index's order).
    pub fn runs_in(&self, keys: Range<usize>) -> impl Iterator<Item = &[u32]> + '_ {
        self.starts[keys.start..=keys.end]
            .windows(2)
            .map(|w| &self.order[w[0] as usize..w[1] as usize])
    }

    /// How many keys (runs) there are.
    pub fn run_count(&self) -> usize {
        self.starts.len() - 1
    }

    /// The runs cut into at most `n` consecutive ranges of about equal claims (a run is never
    /// cut), for work on the keys that two threads share.
    pub fn run_slices(&self, n: usize) -> Vec<Range<usize>> {
        let runs = self.run_count();
        let claims = self.order.len();
        let mut slices = Vec::with_capacity(n);
        let mut from = 0;
        for k in 1..=n {
            let upto = if k == n {
                runs
            } else {
                // The first run starting at or after the k-th n-th of the claims.
                let at = (claims * k / n) as u32;
                self.starts[..runs].partition_point(|&s| s < at).max(from)
            };
            if upto > from {
                slices.push(from..upto);
                from = upto;
            }
        }
        slices
    }

    /// The claims with key `k` (empty when none).
    pub fn lookup(&self, k: &Key) -> Run<'_> {
        let h = key_hash(k);
        let mut r = first_at_least(&self.run_hashes, h);
        // Runs sharing a hash are adjacent; almost always there is one.
        while self.run_hashes.get(r) == Some(&h) {
            let (lo, hi) = (self.starts[r] as usize, self.starts[r + 1] as usize);
            if key(&self.claims[self.order[lo] as usize]) == *k {
                return Run {
                    ids: &self.order[lo..hi],
                    sources: &self.order_sources[lo..hi],
                };
            }
            r += 1;
        }
        Run::default()
    }

    /// The groups claim `i` belongs to: its source, and its org when it is that org's latest
    /// primary figure.
    pub fn groups_of(&self, i: u32) -> impl Iterator<Item = Group> {
        let org = if self.latest[i as usize] {
            self.credited(i)
        } else {
            None
        };
        std::iter::once(Group::Source(self.claims[i as usize].source)).chain(org.map(Group::Org))
    }

    /// True when the claims are credited to at most one org: one source may print figures of
    /// several bodies, and those are not combined in one computation.
    pub fn one_body(&self, ids: &[u32]) -> bool {
        let mut body: Option<Sym> = None;
        for &i in ids {
            if let Some(x) = self.credited(i) {
                if body.is_some_and(|b| b != x) {
                    return false;
                }
                body = Some(x);
            }
        }
        true
    }

    /// The single org all these claims are primary claims of, if any.
    pub fn all_primary_of(&self, ids: &[u32]) -> Option<Sym> {
        let first = self.primary_org(*ids.first()?)?;
        ids.iter()
            .all(|&i| self.primary_org(i) == Some(first))
            .then_some(first)
    }
}

/// The claims of one key, sorted by source, with their sources alongside.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Run<'c> {
    pub ids: &'c [u32],
    pub sources: &'c [u32],
}

impl<'c> Run<'c> {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The claims of source `s`: a binary search, no claim read.
    pub fn of_source(&self, s: u32) -> &'c [u32] {
        let lo = self.sources.partition_point(|&x| x < s);
        let hi = lo + self.sources[lo..].partition_point(|&x| x == s);
        &self.ids[lo..hi]
    }
}
