//! L015 change-chain: a `change` over base B to period P held against the composition of
//! changes over consecutive periods from B to P of one group (one source's claims, or one
//! org's latest primary claims): `(1 + a)(1 + b) − 1`, by exact interval arithmetic.
//!
//! "Militant activity has almost doubled since 2021" (2023 over 2021) against PIPS's +27%
//! (2022 over 2021) and +17% (2023 over 2022): 1.27 × 1.17 = 1.486, +48.6%, not +80 to +100%.
//!
//! Decisions:
//! - A chain has at least two links, each a change on the same metric and places whose base is
//!   the previous link's period, exactly (periods that do not tile make no chain): the first
//!   link's base is B, the last link's period is P.
//! - One group per chain, as for L005: bodies are never mixed. Severity follows L005's rule,
//!   and a chain of the credited org's own changes makes the finding L004.
//! - At most [`MAX_LINKS`] links and [`MAX_CHAINS`] chains per claim and group, so that a
//!   pathological ledger cannot stall a run.

use super::finding;
use super::index::{Ctx, Group};
use super::model::{Finding, Severity};
use super::names::{FxHashMap, PlaceSet, Sym};
use super::words::{period, reads, recomputed};
use crate::exact::Num;
use crate::interval::Interval;
use crate::period::Span;
use crate::reading::Kind;

const MAX_LINKS: usize = 6;
const MAX_CHAINS: usize = 16;

/// Change claims by (metric, places, base).
type ByBase = FxHashMap<(Sym, PlaceSet, Span), Vec<u32>>;

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let mut by_base: ByBase = FxHashMap::default();
    for (i, c) in ctx.claims.iter().enumerate() {
        if let (Kind::Change, Some(base)) = (c.kind, c.base) {
            by_base
                .entry((c.metric, c.places, base))
                .or_default()
                .push(i as u32);
        }
    }
    if by_base.len() < 2 {
        return;
    }
    for (i, c) in ctx.claims.iter().enumerate() {
        let (Kind::Change, Some(base)) = (c.kind, c.base) else {
            continue;
        };
        let c = i as u32;
        let starts = &by_base[&(ctx.claim(c).metric, ctx.claim(c).places, base)];
        let mut groups: Vec<Group> = Vec::new();
        for &l in starts.iter().filter(|&&l| l != c) {
            groups.push(Group::Source(ctx.claim(l).source));
            if ctx.is_latest(l) {
                groups.extend(ctx.credited(l).map(Group::Org));
            }
        }
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            for chain in chains(ctx, &by_base, c, g) {
                if ctx.concerns(&[c]) || ctx.concerns(&chain) {
                    if let Some(f) = judge(ctx, c, g, &chain) {
                        out.push(f);
                    }
                }
            }
        }
    }
}

/// Does link `l` belong to group `g`?
fn in_group(ctx: &Ctx<'_>, l: u32, g: Group) -> bool {
    match g {
        Group::Source(s) => ctx.claim(l).source == s,
        Group::Org(x) => ctx.is_latest(l) && ctx.credited(l) == Some(x),
    }
}

/// Every chain of `g`'s changes from `c`'s base to its period (two links or more).
fn chains(ctx: &Ctx<'_>, by_base: &ByBase, c: u32, g: Group) -> Vec<Vec<u32>> {
    let cc = ctx.claim(c);
    let mut found = Vec::new();
    let mut path = Vec::new();
    let mut stack: Vec<(Span, usize)> = vec![(cc.base.expect("a change with a base"), 0)];
    // Depth-first, with an explicit stack of (period reached, next candidate to try).
    while let Some((at, next)) = stack.pop() {
        let links = by_base
            .get(&(cc.metric, cc.places, at))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let pick = links[next.min(links.len())..]
            .iter()
            .position(|&l| l != c && in_group(ctx, l, g) && ctx.claim(l).period.start > at.start);
        let Some(k) = pick.map(|k| k + next) else {
            path.pop();
            continue;
        };
        stack.push((at, k + 1));
        let l = links[k];
        let reached = ctx.claim(l).period;
        path.push(l);
        if reached == cc.period {
            if path.len() >= 2 {
                found.push(path.clone());
                if found.len() >= MAX_CHAINS {
                    return found;
                }
            }
            path.pop();
        } else if path.len() < MAX_LINKS && reached.start < cc.period.start {
            stack.push((reached, 0));
        } else {
            path.pop();
        }
    }
    found
}

/// The change the chain composes to, in percent: `(Π (1 + a/100) − 1) · 100`.
fn composed(ctx: &Ctx<'_>, chain: &[u32]) -> Interval {
    let hundred = Num::from(100);
    let to_level = |iv: &Interval| iv.affine(&Num::ratio(1, 100), &Num::from(1));
    let mut level = to_level(&ctx.claim(chain[0]).reading);
    for &l in &chain[1..] {
        level = level.mul_nonneg(&to_level(&ctx.claim(l).reading));
    }
    level.affine(&hundred, &hundred.neg())
}

fn judge(ctx: &Ctx<'_>, c: u32, g: Group, chain: &[u32]) -> Option<Finding> {
    let cc = ctx.claim(c);
    let value = composed(ctx, chain);
    if !value.disjoint(&cc.reading) {
        return None;
    }
    let (code, severity) = match g {
        Group::Source(s) if s == cc.source => ("L015", Severity::Error),
        Group::Source(_) if ctx.all_primary_of(chain).is_some() => return None,
        Group::Source(_) => ("L015", Severity::Warning),
        Group::Org(x) if ctx.primary_org(c) == Some(x) => ("L015", Severity::Error),
        Group::Org(x) if ctx.credited(c) == Some(x) => ("L004", Severity::Error),
        Group::Org(_) if ctx.is_primary(c) => ("L015", Severity::Info),
        Group::Org(_) => ("L015", Severity::Warning),
    };
    let (message, working) = ctx.words(|| words(ctx, code, c, g, chain, &value));
    Some(
        finding(
            code,
            severity,
            vec![ctx.id(c).to_string()],
            chain.iter().map(|&l| ctx.id(l).to_string()).collect(),
            message,
            working,
        )
        .with_gap(&cc.reading, &value)
        .imprecise_unless(ctx, ctx.loose(c).disjoint(&value), &[c]),
    )
}

/// The message and working of `c`'s finding against `chain`, which composes to `value`.
fn words(
    ctx: &Ctx<'_>,
    code: &str,
    c: u32,
    g: Group,
    chain: &[u32],
    value: &Interval,
) -> (String, String) {
    let cc = ctx.claim(c);
    let whose = match g {
        Group::Org(x) => format!("{}'s own changes", ctx.name(x)),
        Group::Source(s) => format!("the changes in source {}", ctx.sources[s].id),
    };
    let result = match value.as_exact() {
        Some(_) => super::words::pct(value, true),
        None => crate::interval::reading_text(value, crate::records::Kind::Change),
    };
    let tail = match (code, ctx.credited(c)) {
        ("L004", Some(_)) => format!("{whose} compose to {result}"),
        _ => format!(
            "{whose} from {} to {} compose to {result}",
            period(cc.base.expect("a change with a base")),
            period(cc.period)
        ),
    };
    let message = recomputed(ctx, c, code, &tail);
    let links: Vec<String> = chain
        .iter()
        .map(|&l| {
            let cl = ctx.claim(l);
            sentence!(
                "{} over {} \"{}\" ({})",
                period(cl.period),
                period(cl.base.expect("a link has a base")),
                ctx.name(cl.printed),
                ctx.id(l)
            )
        })
        .collect();
    let factors: Vec<String> = chain
        .iter()
        .map(|&l| {
            let level = ctx
                .claim(l)
                .reading
                .affine(&Num::ratio(1, 100), &Num::from(1));
            super::words::num(&level)
        })
        .collect();
    let working = sentence!(
        "{}: {} − 1 = {result}; {}: no overlap.",
        links.join(", then "),
        factors.join(" × "),
        reads(ctx, cc)
    );
    (message, working)
}
