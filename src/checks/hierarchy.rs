//! L007 part-exceeds-whole: inside one group (one source's counts, or one org's latest
//! primary counts), a count for a sub-place, sub-metric or sub-period surely larger than the
//! count containing it; or parts that do not overlap surely adding up past it.
//!
//! Count W contains count A when W's key differs from A's, W's metric is A's or an ancestor,
//! every place of A equals or lies inside some place of W, and W's period contains A's.
//! Two parts do not overlap when their place sets share no ground in the place tree, or
//! their periods share no day. Metrics are never assumed disjoint: suicide attacks and
//! attacks on security forces overlap. Parts are summed greedily, largest lower bound first,
//! and the finding names the shortest such prefix that surely exceeds the whole.
//!
//! Both findings are errors: a group is one source or one org, which contradicts itself.
//! Per group, counts are indexed by (metric, place set) and sorted by period start, with a
//! max-end tree, so that each count visits only its ancestors' entries and, in them, only the
//! periods that contain its own: the cost follows the number of containments, not pairs.

use super::finding;
use super::index::{Ctx, Group};
use super::model::{Finding, Severity};
use super::names::{FxHashMap, PlaceSet, Sym};
use super::part_sets;
use super::words::{about, named, num, reads, value_of};
use crate::period::Day;
use crate::reading::Kind;

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let counts: Vec<u32> = (0..ctx.claims.len() as u32)
        .filter(|&i| matches!(ctx.claim(i).kind, Kind::Count))
        .collect();
    let mut scratch = Scratch::default();
    // Sorted on a copied field, not through the claims: a million random reads are slow.
    let mut keyed: Vec<(usize, u32)> = counts.iter().map(|&i| (ctx.claim(i).source, i)).collect();
    keyed.sort_unstable();
    let by_source: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
    for seg in by_source.chunk_by(|&a, &b| ctx.claim(a).source == ctx.claim(b).source) {
        if seg.len() > 1 {
            scratch.group(ctx, Group::Source(ctx.claim(seg[0]).source), seg, out);
        }
    }
    let mut by_org: Vec<u32> = counts.into_iter().filter(|&i| ctx.is_latest(i)).collect();
    by_org.sort_unstable_by_key(|&i| (ctx.credited(i), i));
    for seg in by_org.chunk_by(|&a, &b| ctx.credited(a) == ctx.credited(b)) {
        if let (true, Some(x)) = (seg.len() > 1, ctx.credited(seg[0])) {
            scratch.group(ctx, Group::Org(x), seg, out);
        }
    }
}

/// Buffers reused from group to group.
#[derive(Default)]
struct Scratch {
    sorted: Vec<u32>,
    buckets: FxHashMap<(Sym, PlaceSet), (usize, usize)>,
    /// Union place sets by (metric, component).
    unions: FxHashMap<(Sym, Sym), Vec<PlaceSet>>,
    tree: MaxTree,
    ranges: Vec<(usize, usize)>,
    hits: Vec<usize>,
    /// (whole, part) pairs.
    relations: Vec<(u32, u32)>,
}

impl Scratch {
    fn group(&mut self, ctx: &Ctx<'_>, g: Group, members: &[u32], out: &mut Vec<Finding>) {
        if !ctx.concerns(members) {
            return;
        }
        let c = |i: u32| ctx.claim(i);
        self.sorted.clear();
        self.sorted.extend_from_slice(members);
        // Buckets by (metric, place set), each by period: which bucket comes first is of no
        // consequence (symbols order by first sight), so no text is compared.
        self.sorted.sort_unstable_by_key(|&a| {
            let x = c(a);
            (x.metric, x.places, x.period, a)
        });
        self.buckets.clear();
        self.unions.clear();
        let mut lo = 0;
        for hi in 1..=self.sorted.len() {
            let first = c(self.sorted[lo]);
            if hi < self.sorted.len() {
                let next = c(self.sorted[hi]);
                if next.metric == first.metric && next.places == first.places {
                    continue;
                }
            }
            self.buckets.insert((first.metric, first.places), (lo, hi));
            let places = ctx.places(first.places);
            if places.len() > 1 {
                for &q in places {
                    let list = self.unions.entry((first.metric, q)).or_default();
                    if !list.contains(&first.places) {
                        list.push(first.places);
                    }
                }
            }
            lo = hi;
        }
        self.tree
            .build(self.sorted.iter().map(|&i| c(i).period.end));
        self.relations.clear();
        for n in 0..self.sorted.len() {
            let a = self.sorted[n];
            self.parts_of(ctx, a);
            for k in 0..self.ranges.len() {
                let (lo, hi) = self.ranges[k];
                let start = c(a).period.start;
                let hi = lo + self.sorted[lo..hi].partition_point(|&w| c(w).period.start <= start);
                self.hits.clear();
                self.tree.report(lo, hi, c(a).period.end, &mut self.hits);
                for &h in &self.hits {
                    let w = self.sorted[h];
                    let (ca, cw) = (c(a), c(w));
                    let same_key =
                        cw.metric == ca.metric && cw.places == ca.places && cw.period == ca.period;
                    if same_key
                        || ca.currency != cw.currency
                        || (matches!(g, Group::Source(_)) && !ctx.one_body(&[a, w]))
                    {
                        continue;
                    }
                    self.relations.push((w, a));
                    if ca.reading.surely_above(&cw.reading) {
                        out.push(exceeds(ctx, a, w));
                    }
                }
            }
        }
        self.relations.sort_unstable();
        for seg in self.relations.chunk_by(|x, y| x.0 == y.0) {
            if seg.len() > 1 {
                if let Some(f) = sum_exceeds(ctx, g, seg[0].0, seg.iter().map(|r| r.1)) {
                    out.push(f);
                }
            }
        }
    }

    /// Fills `ranges` with the buckets (metric, place set) that could contain count `a`:
    /// ancestor-or-self metrics times place sets covering `a`'s places.
    fn parts_of(&mut self, ctx: &Ctx<'_>, a: u32) {
        self.ranges.clear();
        let ca = ctx.claim(a);
        let places = ctx.places(ca.places);
        let Some(&first) = places.first() else {
            return;
        };
        for m in ctx.metric_chain(ca.metric) {
            for q in ctx.place_chain(first) {
                if let Some(single) = ctx.single(q) {
                    if ctx.covers(&[q], places) {
                        if let Some(&r) = self.buckets.get(&(m, single)) {
                            self.ranges.push(r);
                        }
                    }
                }
                if let Some(list) = self.unions.get(&(m, q)) {
                    for &u in list {
                        if ctx.covers(ctx.places(u), places) {
                            if let Some(&r) = self.buckets.get(&(m, u)) {
                                self.ranges.push(r);
                            }
                        }
                    }
                }
            }
        }
        // A union holding a place and its ancestor is reached twice.
        self.ranges.sort_unstable();
        self.ranges.dedup();
    }
}

fn exceeds(ctx: &Ctx<'_>, a: u32, w: u32) -> Finding {
    let (ca, cw) = (ctx.claim(a), ctx.claim(w));
    finding(
        "L007",
        Severity::Error,
        vec![ctx.id(a).to_string(), ctx.id(w).to_string()],
        Vec::new(),
        ctx.words(|| {
            sentence!(
                "{} for {} is surely more than {} for {}, which contains it.",
                named(ctx, a),
                about(ctx, ca),
                named(ctx, w),
                about(ctx, cw)
            )
        }),
        ctx.words(|| {
            sentence!(
                "{}; {}: the part lies entirely above the whole.",
                reads(ctx, ca),
                reads(ctx, cw)
            )
        }),
    )
    .with_gap(&ca.reading, &cw.reading)
    .imprecise_unless(ctx, ctx.loose(a).surely_above(&ctx.loose(w)), &[a, w])
}

/// Greedy: largest lower bound first, keep parts that overlap no part kept so far (and, in a
/// source, are credited to the same body), stop at the first sum surely above the whole.
fn sum_exceeds(
    ctx: &Ctx<'_>,
    g: Group,
    w: u32,
    parts: impl Iterator<Item = u32>,
) -> Option<Finding> {
    let mut parts: Vec<u32> = parts.collect();
    part_sets::largest_first(ctx, &mut parts);
    let cw = ctx.claim(w);
    // A part alone above the whole is its own finding; here only sums of two or more count.
    parts.retain(|&p| !ctx.claim(p).reading.surely_above(&cw.reading));
    let (chosen, s) = part_sets::smallest_set_above(ctx, g, &cw.reading, &parts)?;
    let mut claims: Vec<String> = chosen.iter().map(|&i| ctx.id(i).to_string()).collect();
    claims.push(ctx.id(w).to_string());
    let ids: Vec<&str> = chosen.iter().map(|&i| ctx.id(i)).collect();
    let terms: Vec<String> = chosen
        .iter()
        .map(|&i| value_of(ctx, ctx.claim(i)))
        .collect();
    Some(
        finding(
            "L007",
            Severity::Error,
            claims,
            Vec::new(),
            ctx.words(|| {
                sentence!(
                    "{} count parts that do not overlap, yet add up to more than {} for {}.",
                    super::words::list(&ids),
                    named(ctx, w),
                    about(ctx, cw)
                )
            }),
            ctx.words(|| {
                sentence!(
                    "{} = {}; {}: the sum lies entirely above the whole.",
                    terms.join(" + "),
                    num(&s),
                    reads(ctx, cw)
                )
            }),
        )
        .with_gap(&s, &cw.reading)
        .imprecise_unless(
            ctx,
            ctx.loose_sum(&chosen).surely_above(&ctx.loose(w)),
            &[chosen.as_slice(), &[w]].concat(),
        ),
    )
}

/// A max tree over period ends, to list the entries of a sorted range whose period ends on or
/// after a day without scanning the range.
#[derive(Default)]
struct MaxTree {
    size: usize,
    t: Vec<Day>,
}

impl MaxTree {
    fn build(&mut self, ends: impl ExactSizeIterator<Item = Day>) {
        self.size = ends.len().next_power_of_two();
        self.t.clear();
        self.t.resize(2 * self.size, Day::MIN);
        for (i, e) in ends.enumerate() {
            self.t[self.size + i] = e;
        }
        for i in (1..self.size).rev() {
            self.t[i] = self.t[2 * i].max(self.t[2 * i + 1]);
        }
    }

    /// Pushes, in order, every index in `lo..hi` whose end is at least `day`.
    fn report(&self, lo: usize, hi: usize, day: Day, out: &mut Vec<usize>) {
        if lo < hi {
            self.visit(1, 0, self.size, lo, hi, day, out);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn visit(
        &self,
        node: usize,
        nlo: usize,
        nhi: usize,
        lo: usize,
        hi: usize,
        day: Day,
        out: &mut Vec<usize>,
    ) {
        if nhi <= lo || hi <= nlo || self.t[node] < day {
            return;
        }
        if nhi - nlo == 1 {
            out.push(nlo);
            return;
        }
        let mid = (nlo + nhi) / 2;
        self.visit(2 * node, nlo, mid, lo, hi, day, out);
        self.visit(2 * node + 1, mid, nhi, lo, hi, day, out);
    }
}
