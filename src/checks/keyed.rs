//! Checks among claims with equal keys: L003 conflict, L004 misattributed (against the org's
//! own figure), L009 superseded, L010 duplicate.
//!
//! Decisions:
//! - Two primary claims of one org on one key from sources published at different times are
//!   a revision, never a conflict: the latest stands, and an older figure that disagrees with
//!   it is L009 info ("X revised its figure").
//! - A claim credited to X (not X's own) is measured against X's latest primary figure(s). It
//!   is fine when it overlaps any of them; when it overlaps only an older revision it is L009
//!   (warning, or info when its source was surely published before the revision's: it cited
//!   what was current); otherwise L004 error. That pair is therefore never also an L003.
//! - L003 severity: same source, or one org's own figures of the same (or unknown) date:
//!   error; primary figures of two different orgs: info; anything with a secondary claim from
//!   another source: warning.
//! - Pairs are compared only inside one key's claims, which are few; no larger all-pairs.

use super::finding;
use super::index::Ctx;
use super::model::{Finding, Severity};
use super::names::Sym;
use super::words::{about, named, reads, who};
use std::ops::Range;

pub(super) fn check(ctx: &Ctx<'_>, keys: Range<usize>, out: &mut Vec<Finding>) {
    let mut latest: Vec<u32> = Vec::new();
    let mut older: Vec<u32> = Vec::new();
    for run in ctx.runs_in(keys) {
        if run.len() < 2 || !ctx.concerns(run) {
            continue;
        }
        pairs(ctx, run, out);
        for &c in run {
            let Some(x) = ctx.credited(c) else { continue };
            // Its org's latest own figure is what the others are measured against.
            if ctx.is_latest(c) {
                continue;
            }
            latest.clear();
            older.clear();
            for &i in run {
                if ctx.primary_org(i) == Some(x) {
                    if ctx.is_latest(i) {
                        latest.push(i);
                    } else {
                        older.push(i);
                    }
                }
            }
            if latest.is_empty() {
                continue;
            }
            if ctx.is_primary(c) {
                if !ctx.is_latest(c) {
                    revised(ctx, c, x, &latest, out);
                }
            } else {
                credited(ctx, c, x, &latest, &older, out);
            }
        }
    }
}

/// L003 and L010 over every pair of one key's claims.
fn pairs(ctx: &Ctx<'_>, run: &[u32], out: &mut Vec<Finding>) {
    for (n, &a) in run.iter().enumerate() {
        for &b in &run[n + 1..] {
            let (ca, cb) = (ctx.claim(a), ctx.claim(b));
            if ca.currency != cb.currency {
                out.push(currencies(ctx, a, b));
                continue;
            }
            if ca.reading.disjoint(&cb.reading) {
                if let Some(severity) = conflict_severity(ctx, a, b) {
                    out.push(
                        finding(
                            "L003",
                            severity,
                            vec![ctx.id(a).to_string(), ctx.id(b).to_string()],
                            Vec::new(),
                            ctx.words(|| {
                                sentence!(
                                    "{} and {} disagree on {}.",
                                    named(ctx, a),
                                    named(ctx, b),
                                    about(ctx, ca)
                                )
                            }),
                            ctx.words(|| {
                                sentence!("{}; {}: no overlap.", reads(ctx, ca), reads(ctx, cb))
                            }),
                        )
                        .with_gap(&ca.reading, &cb.reading)
                        .imprecise_unless(
                            ctx,
                            ctx.loose(a).disjoint(&ctx.loose(b)),
                            &[a, b],
                        ),
                    );
                }
            } else if ca.source == cb.source && ca.reading == cb.reading {
                out.push(finding(
                    "L010",
                    Severity::Warning,
                    vec![ctx.id(a).to_string(), ctx.id(b).to_string()],
                    Vec::new(),
                    ctx.words(|| {
                        sentence!(
                        "{} and {} record the same figure \"{}\" for {} in source {}: one of them \
                         is probably entered twice.",
                        ctx.id(a),
                        ctx.id(b),
                        ctx.name(ca.printed),
                        about(ctx, ca),
                        ctx.source_of(a).id
                    )
                    }),
                    ctx.words(|| sentence!("{}; {}: equal.", reads(ctx, ca), reads(ctx, cb))),
                ));
            }
        }
    }
}

/// The severity of a conflict between `a` and `b`, or `None` when another check owns the pair.
fn conflict_severity(ctx: &Ctx<'_>, a: u32, b: u32) -> Option<Severity> {
    let (pa, pb) = (ctx.primary_org(a), ctx.primary_org(b));
    match (pa, pb) {
        // A revision: L009.
        (Some(x), Some(y)) if x == y && ctx.rank(a) != ctx.rank(b) => return None,
        // A claim credited to X against X's own figure: L004 / L009.
        (Some(x), None) if ctx.credited(b) == Some(x) => return None,
        (None, Some(y)) if ctx.credited(a) == Some(y) => return None,
        _ => {}
    }
    if ctx.claim(a).source == ctx.claim(b).source {
        return Some(Severity::Error);
    }
    Some(match (pa, pb) {
        (Some(x), Some(y)) if x == y => Severity::Error,
        (Some(_), Some(_)) => Severity::Info,
        _ => Severity::Warning,
    })
}

/// L009 (1): an older primary figure of `x` that its latest figure(s) no longer allow.
fn revised(ctx: &Ctx<'_>, o: u32, x: Sym, latest: &[u32], out: &mut Vec<Finding>) {
    let co = ctx.claim(o);
    let x = ctx.name(x);
    if latest
        .iter()
        .any(|&r| !co.reading.disjoint(&ctx.claim(r).reading))
    {
        return;
    }
    let r = latest[0];
    let cr = ctx.claim(r);
    out.push(finding(
        "L009",
        Severity::Info,
        vec![ctx.id(o).to_string()],
        latest.iter().map(|&i| ctx.id(i).to_string()).collect(),
        ctx.words(|| {
            sentence!(
            "{x} revised its figure for {}: {} in {} (published {}) became {} in {} (published \
             {}).",
            about(ctx, co),
            ctx.name(co.printed),
            ctx.source_of(o).id,
            super::words::published(ctx.source_of(o).published),
            ctx.name(cr.printed),
            ctx.source_of(r).id,
            super::words::published(ctx.source_of(r).published),
        )
        }),
        ctx.words(|| {
            sentence!(
                "{}; {}: no overlap.",
                reads(ctx, co),
                latest_reads(ctx, latest)
            )
        }),
    ));
}

/// L004 or L009 (2) for claim `c` credited to `x`, not x's own.
fn credited(ctx: &Ctx<'_>, c: u32, x: Sym, latest: &[u32], older: &[u32], out: &mut Vec<Finding>) {
    let cc = ctx.claim(c);
    let x = ctx.name(x);
    let allows = |i: &&u32| {
        cc.currency != ctx.claim(**i).currency || !cc.reading.disjoint(&ctx.claim(**i).reading)
    };
    if latest.iter().any(|i| allows(&i)) {
        return;
    }
    let ids = |v: &[u32]| -> Vec<String> { v.iter().map(|&i| ctx.id(i).to_string()).collect() };
    let matching: Vec<u32> = older.iter().filter(allows).copied().collect();
    let r = latest[0];
    if matching.is_empty() {
        out.push(
            finding(
                "L004",
                Severity::Error,
                vec![ctx.id(c).to_string()],
                ids(latest),
                ctx.words(|| {
                    sentence!(
                    "{} credits {x} with \"{}\" for {}, but {x}'s own figure is \"{}\" ({} in {}).",
                    ctx.id(c),
                    ctx.name(cc.printed),
                    about(ctx, cc),
                    ctx.name(ctx.claim(r).printed),
                    ctx.id(r),
                    ctx.source_of(r).id
                )
                }),
                ctx.words(|| {
                    sentence!(
                        "{}; {}: no overlap.",
                        reads(ctx, cc),
                        latest_reads(ctx, latest)
                    )
                }),
            )
            .with_gap(&cc.reading, &ctx.claim(r).reading)
            .imprecise_unless(
                ctx,
                latest
                    .iter()
                    .all(|&i| ctx.loose(c).disjoint(&ctx.claim(i).reading)),
                &[c],
            ),
        );
        return;
    }
    // Citing what was current when the source was written is not the writer's fault.
    let severity = if ctx.surely_before(c, r) {
        Severity::Info
    } else {
        Severity::Warning
    };
    let o = matching[0];
    let mut evidence = ids(latest);
    evidence.extend(ids(&matching));
    out.push(finding(
        "L009",
        severity,
        vec![ctx.id(c).to_string()],
        evidence,
        ctx.words(|| {
            sentence!(
            "{} ({}) cites {x}'s figure \"{}\" for {} from {}, but {x} has since revised it to \
             \"{}\" in {} (published {}).",
            ctx.id(c),
            who(ctx, c),
            ctx.name(cc.printed),
            about(ctx, cc),
            ctx.source_of(o).id,
            ctx.name(ctx.claim(r).printed),
            ctx.source_of(r).id,
            super::words::published(ctx.source_of(r).published),
        )
        }),
        ctx.words(|| {
            sentence!(
                "{}; older {}: overlap; latest {}: no overlap.",
                reads(ctx, cc),
                reads(ctx, ctx.claim(o)),
                latest_reads(ctx, latest)
            )
        }),
    ));
}

/// Amounts in two currencies are never compared (DESIGN): an info finding says so, so that a
/// reviewer can record both in one currency if they should agree.
fn currencies(ctx: &Ctx<'_>, a: u32, b: u32) -> Finding {
    let code = |i: u32| {
        crate::reading::CURRENCIES
            .get(usize::from(ctx.claim(i).currency).wrapping_sub(1))
            .copied()
            .unwrap_or("no currency")
    };
    finding(
        "L003",
        Severity::Info,
        vec![ctx.id(a).to_string(), ctx.id(b).to_string()],
        Vec::new(),
        ctx.words(|| {
            sentence!(
                "{} and {} give {} in different currencies ({} and {}): not compared.",
                named(ctx, a),
                named(ctx, b),
                about(ctx, ctx.claim(a)),
                code(a),
                code(b)
            )
        }),
        ctx.words(|| {
            sentence!(
                "{}; {}.",
                reads(ctx, ctx.claim(a)),
                reads(ctx, ctx.claim(b))
            )
        }),
    )
}

fn latest_reads(ctx: &Ctx<'_>, latest: &[u32]) -> String {
    latest
        .iter()
        .map(|&i| reads(ctx, ctx.claim(i)))
        .collect::<Vec<_>>()
        .join("; ")
}
