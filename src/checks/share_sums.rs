//! L006, second half: shares of parts that do not overlap, of one whole, that surely add up
//! past 100%.
//!
//! Shares on the same metric, whole and period, whose places lie inside the whole (so the
//! whole is a place, one count for all of them), inside one group (one source, its figures
//! credited to one body at a time; or one org's latest primary shares), whose place sets
//! share no ground in the place tree. Taken greedily, largest lower bound first; the finding
//! names the shortest such set that surely passes 100%. An error: one source or one org
//! contradicts itself.

use super::finding;
use super::index::{Ctx, Group};
use super::model::{Finding, Severity};
use super::names::Sym;
use super::part_sets;
use super::words::{list, reads};
use crate::exact::Num;
use crate::interval::Interval;
use crate::reading::Kind;

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let mut shares: Vec<u32> = (0..ctx.claims.len() as u32)
        .filter(|&i| matches!(ctx.claim(i).kind, Kind::Share) && ctx.claim(i).of.is_some())
        .collect();
    let whole = |i: u32| {
        let c = ctx.claim(i);
        (c.metric, c.of, c.period)
    };
    shares.sort_unstable_by_key(|&a| (whole(a), a));
    let mut entries: Vec<(Group, u32)> = Vec::new();
    let mut members: Vec<u32> = Vec::new();
    for seg in shares.chunk_by(|&a, &b| whole(a) == whole(b)) {
        if seg.len() < 2 || !ctx.concerns(seg) {
            continue;
        }
        // Each share under each group it belongs to: every group visited once.
        entries.clear();
        for &i in seg {
            entries.extend(ctx.groups_of(i).map(|g| (g, i)));
        }
        entries.sort_unstable();
        for gseg in entries.chunk_by(|a, b| a.0 == b.0) {
            let g = gseg[0].0;
            members.clear();
            members.extend(gseg.iter().map(|e| e.1));
            if members.len() < 2 {
                continue;
            }
            // In a source, each body's figures (with the uncredited ones) are summed apart.
            let mut bodies: Vec<Option<Sym>> = members
                .iter()
                .map(|&i| ctx.credited(i))
                .filter(Option::is_some)
                .collect();
            bodies.sort_unstable();
            bodies.dedup();
            if bodies.is_empty() || matches!(g, Group::Org(_)) {
                bodies = vec![None];
            }
            for body in bodies {
                let subset: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|&i| {
                        body.is_none() || ctx.credited(i).is_none() || ctx.credited(i) == body
                    })
                    .collect();
                if let Some(f) = past_100(ctx, g, subset) {
                    out.push(f);
                }
            }
        }
    }
}

fn past_100(ctx: &Ctx<'_>, g: Group, mut subset: Vec<u32>) -> Option<Finding> {
    // Parts of one whole only when the whole is a place holding them: a share of a metric
    // (police deaths of security-force deaths) has a different whole in each place.
    subset.retain(|&s| {
        let cs = ctx.claim(s);
        ctx.covers(cs.of.as_slice(), ctx.places(cs.places))
    });
    part_sets::largest_first(ctx, &mut subset);
    let hundred = Interval::exact(Num::from(100));
    let (chosen, total) = part_sets::smallest_set_above(ctx, g, &hundred, &subset)?;
    let first = ctx.claim(chosen[0]);
    let ids: Vec<&str> = chosen.iter().map(|&i| ctx.id(i)).collect();
    let terms: Vec<String> = chosen.iter().map(|&i| reads(ctx, ctx.claim(i))).collect();
    Some(
        finding(
            "L006",
            Severity::Error,
            ids.iter().map(|s| s.to_string()).collect(),
            Vec::new(),
            ctx.words(|| {
                sentence!(
                    "{} give shares of places that do not overlap, of {} in {} in {}, adding up \
             past 100% ({}).",
                    list(&ids),
                    ctx.name(first.metric),
                    first.of.map(|o| ctx.name(o)).unwrap_or_default(),
                    super::words::period(first.period),
                    match g {
                        Group::Org(x) => sentence!("{}'s own figures", ctx.name(x)),
                        Group::Source(s) => sentence!("all in source {}", ctx.sources[s].id),
                    }
                )
            }),
            ctx.words(|| sentence!("{}; sum {total}%: entirely above 100%.", terms.join("; "))),
        )
        .with_gap(&total, &hundred)
        .imprecise_unless(ctx, ctx.loose_sum(&chosen).surely_above(&hundred), &chosen),
    )
}
