//! L005 change-arithmetic and L006 share-arithmetic: a `change` or `share` claim against the
//! value recomputed, with interval arithmetic, from `count` claims of one group.
//!
//! - A change on (metric m, places p, period P, base B) is `(new ÷ old − 1) · 100` over the
//!   counts (m, p, P) and (m, p, B).
//! - A share on (m, p, P, of W) is `part ÷ whole · 100`, clipped to [0, 100]. The whole is the
//!   count (m, [W], P) when such counts exist in the group (W is a place), else (W, p, P) (W is
//!   a metric). The part is the count (m, p, P), or, when p is a union and the group has no
//!   count for the union itself, the sum of its components' counts (all must be present).
//! - A group is one source's claims (never combining counts credited to two different orgs)
//!   or one org's latest primary claims; each group is one computation, so figures of
//!   different bodies never meet. A source group tries every combination of its counts; at
//!   most [`MAX_COMBOS`] per claim and group, so a pathological source cannot stall a run.
//!
//! Severity: C's own source, or X's own counts against X's own claim: error. X's own counts
//! against a claim credited to X (not its own): L004 error. X's own counts against another
//! org's primary claim: info. Anything else involves a secondary claim: warning. Another
//! source whose counts are all one org's own figures is left to that org's group, which knows
//! the latest revision. When X's latest counts disagree with X's claim (or a claim credited
//! to X) but some combination including X's older revisions agrees, the finding is L009: the
//! claim follows figures X later revised (info for X's own claim or when the claim's source
//! surely predates the revision, else warning). X's own claim qualifies only when some count
//! used was published after it.

use super::index::{Ctx, Group, Run};
use super::key::count_key;
use super::model::{Finding, Severity};
use super::names::Sym;
use crate::exact::Num;
use crate::interval::Interval;
use crate::reading::Kind;
use std::ops::Range;

/// At most this many count combinations per claim and group.
const MAX_COMBOS: usize = 64;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Formula {
    Change,
    Share,
}

/// Counts one group feeds the formula: the claim ids, operand after operand, and how many
/// keys (added up) each operand took.
pub(super) struct Combo {
    pub ids: Vec<u32>,
    pub shape: Vec<usize>,
}

pub(super) struct Calc<'c, 'a> {
    pub ctx: &'c Ctx<'a>,
    pub c: u32,
    pub formula: Formula,
    /// The count claims of each key the formula may use (a slot each).
    pub runs: Vec<Run<'c>>,
    /// Per operand, alternatives in order of preference, each the slots whose readings add up.
    pub operands: Vec<Vec<Vec<usize>>>,
}

/// The checks of the claims numbered `claims`.
pub(super) fn check(ctx: &Ctx<'_>, claims: Range<usize>, out: &mut Vec<Finding>) {
    for (i, cc) in ctx.claims[claims.clone()].iter().enumerate() {
        let c = (claims.start + i) as u32;
        // The counts of `metric` on the one place `p` (none when no claim has that place alone).
        let single = |metric: Sym, p: Sym| match ctx.single(p) {
            Some(set) => ctx.lookup(&count_key(metric, set, cc.period)),
            None => Run::default(),
        };
        let calc = match (cc.kind, cc.base, cc.of) {
            (Kind::Change, Some(base), _) => Calc {
                ctx,
                c,
                formula: Formula::Change,
                runs: vec![
                    ctx.lookup(&count_key(cc.metric, cc.places, cc.period)),
                    ctx.lookup(&count_key(cc.metric, cc.places, base)),
                ],
                operands: vec![vec![vec![0]], vec![vec![1]]],
            },
            (Kind::Share, _, Some(whole)) => {
                // Slots: the part, the whole as a place, the whole as a metric, then the
                // components of a union part.
                // A whole that is the part itself (pakistan's share of pakistan) says nothing.
                let whole_place = if ctx.single(whole) == Some(cc.places) {
                    Run::default()
                } else {
                    single(cc.metric, whole)
                };
                let whole_metric = if whole == cc.metric {
                    Run::default()
                } else {
                    ctx.lookup(&count_key(whole, cc.places, cc.period))
                };
                let mut runs = vec![
                    ctx.lookup(&count_key(cc.metric, cc.places, cc.period)),
                    whole_place,
                    whole_metric,
                ];
                let mut part = vec![vec![0]];
                let places = ctx.places(cc.places);
                if places.len() > 1 {
                    part.push((3..3 + places.len()).collect());
                    runs.extend(places.iter().map(|&p| single(cc.metric, p)));
                }
                Calc {
                    ctx,
                    c,
                    formula: Formula::Share,
                    runs,
                    operands: vec![part, vec![vec![1], vec![2]]],
                }
            }
            _ => continue,
        };
        // A finding names the claim and the counts it was computed from.
        if ctx.concerns(&[c]) || calc.runs.iter().any(|r| ctx.concerns(r.ids)) {
            calc.evaluate(out);
        }
    }
}

impl Calc<'_, '_> {
    fn evaluate(&self, out: &mut Vec<Finding>) {
        // Most claims have no counts to be measured against: leave before allocating.
        let possible = |op: &Vec<Vec<usize>>| {
            op.iter()
                .any(|alt| alt.iter().all(|&s| !self.runs[s].is_empty()))
        };
        if !self.operands.iter().all(possible) {
            return;
        }
        let ctx = self.ctx;
        // The groups: sources that hold counts for every operand, found by merging the runs'
        // sorted source lists (no claim read), and orgs with a latest primary count.
        let mut sources: Option<Vec<u32>> = None;
        for op in &self.operands {
            let mut able: Vec<u32> = Vec::new();
            for alt in op {
                let mut all = self.runs[alt[0]].sources.to_vec();
                for &slot in &alt[1..] {
                    all = intersect(&all, self.runs[slot].sources);
                }
                able.extend(all);
            }
            able.sort_unstable();
            able.dedup();
            sources = Some(match sources {
                None => able,
                Some(before) => intersect(&before, &able),
            });
        }
        let mut groups: Vec<Group> = sources
            .unwrap_or_default()
            .into_iter()
            .map(|s| Group::Source(s as usize))
            .collect();
        for run in &self.runs {
            // The latest flag first: reading a claim is a cache miss.
            for &i in run.ids.iter().filter(|&&i| ctx.is_latest(i)) {
                groups.extend(ctx.credited(i).map(Group::Org));
            }
        }
        groups.sort_unstable();
        groups.dedup();
        let reading = &ctx.claim(self.c).reading;
        for g in groups {
            let members = |slot: usize| -> Vec<u32> {
                let run = self.runs[slot];
                match g {
                    Group::Source(s) => run.of_source(s as u32).to_vec(),
                    Group::Org(x) => run
                        .ids
                        .iter()
                        .copied()
                        .filter(|&i| ctx.is_latest(i) && ctx.credited(i) == Some(x))
                        .collect(),
                }
            };
            for combo in self.combos(members) {
                if matches!(g, Group::Source(_)) && !ctx.one_body(&combo.ids) {
                    continue;
                }
                // Amounts in two currencies are never divided by each other.
                let currency = ctx.claim(combo.ids[0]).currency;
                if combo.ids.iter().any(|&i| ctx.claim(i).currency != currency) {
                    continue;
                }
                let Some(value) = self.value(&combo) else {
                    continue;
                };
                if !value.disjoint(reading) {
                    continue;
                }
                let Some((code, severity, own)) = self.classify(g, &combo.ids) else {
                    continue;
                };
                // X's own claim can follow older counts only when it predates the revision.
                let own = own.filter(|_| {
                    !ctx.is_primary(self.c)
                        || combo.ids.iter().any(|&i| ctx.rank(i) > ctx.rank(self.c))
                });
                let revised = own.and_then(|x| {
                    let any_revision = |slot: usize| {
                        self.runs[slot]
                            .ids
                            .iter()
                            .copied()
                            .filter(|&i| ctx.primary_org(i) == Some(x))
                            .collect()
                    };
                    self.combos(any_revision)
                        .into_iter()
                        .find(|o| self.value(o).is_some_and(|v| !v.disjoint(reading)))
                        .map(|o| (x, o))
                });
                out.push(match revised {
                    Some((x, older)) => self.superseded(x, &combo, &older, value),
                    None => self.report(code, severity, g, &combo, value),
                });
            }
        }
    }

    /// The combinations of counts offered by `members` (the counts of a slot that one group
    /// holds), or none when an operand is missing.
    fn combos(&self, members: impl Fn(usize) -> Vec<u32>) -> Vec<Combo> {
        let mut lists: Vec<Vec<u32>> = Vec::new();
        let mut shape = Vec::new();
        for op in &self.operands {
            let chosen = op.iter().find_map(|alt| {
                let found: Vec<Vec<u32>> = alt.iter().map(|&s| members(s)).collect();
                found.iter().all(|m| !m.is_empty()).then_some(found)
            });
            let Some(found) = chosen else {
                return Vec::new();
            };
            shape.push(found.len());
            lists.extend(found);
        }
        // An odometer over the lists: every combination, in a fixed order.
        let mut at = vec![0usize; lists.len()];
        let mut out = Vec::new();
        loop {
            out.push(Combo {
                ids: lists.iter().zip(&at).map(|(l, &k)| l[k]).collect(),
                shape: shape.clone(),
            });
            if out.len() >= MAX_COMBOS {
                return out;
            }
            let mut k = lists.len();
            loop {
                if k == 0 {
                    return out;
                }
                k -= 1;
                at[k] += 1;
                if at[k] < lists[k].len() {
                    break;
                }
                at[k] = 0;
            }
        }
    }

    /// Each operand's reading (added up over its keys).
    pub(super) fn operands(&self, combo: &Combo) -> Vec<Interval> {
        let mut ids = combo.ids.iter().map(|&i| &*self.ctx.claim(i).reading);
        combo
            .shape
            .iter()
            .map(|&n| {
                let first = ids.next().expect("shape matches ids").clone();
                ids.by_ref().take(n - 1).fold(first, |s, v| s.add(v))
            })
            .collect()
    }

    /// The recomputed change or share; `None` when the divisor is surely zero or the share is
    /// impossible (a part surely above its whole, which L007 reports).
    pub(super) fn value(&self, combo: &Combo) -> Option<Interval> {
        let v = self.operands(combo);
        let ratio = v[0].div_nonneg(&v[1])?;
        match self.formula {
            Formula::Change => Some(ratio.affine(&Num::from(100), &Num::from(-100))),
            Formula::Share => Some(
                ratio
                    .affine(&Num::from(100), &Num::ZERO)
                    .clip(&Num::ZERO, &Num::from(100)),
            )
            .filter(|s| !s.is_empty()),
        }
    }

    /// Code and severity of a disagreement with group `g`'s counts, and the org whose own
    /// figures these are when a revision could explain it; `None` when another group owns it.
    fn classify(&self, g: Group, ids: &[u32]) -> Option<(&'static str, Severity, Option<Sym>)> {
        let ctx = self.ctx;
        let base = match self.formula {
            Formula::Change => "L005",
            Formula::Share => "L006",
        };
        Some(match g {
            Group::Source(s) if s == ctx.claim(self.c).source => (base, Severity::Error, None),
            Group::Source(_) if ctx.all_primary_of(ids).is_some() => return None,
            Group::Source(_) => (base, Severity::Warning, None),
            Group::Org(x) if ctx.primary_org(self.c) == Some(x) => (base, Severity::Error, Some(x)),
            Group::Org(x) if ctx.credited(self.c) == Some(x) => ("L004", Severity::Error, Some(x)),
            Group::Org(_) if ctx.is_primary(self.c) => (base, Severity::Info, None),
            Group::Org(_) => (base, Severity::Warning, None),
        })
    }
}

/// The values of sorted `a` also in sorted `b`, by merging.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if out.last() != Some(&a[i]) {
                    out.push(a[i]);
                }
                i += 1;
                j += 1;
            }
        }
    }
    out
}
