//! L008 period-after-publication: a claim about days its source could not have seen.
//!
//! Against the days the publication date allows (a partial date allows many), and only when
//! every such day fails: the period (or a change's base) starting after the last possible
//! publication day is an error; ending after it is a warning, since a source may fairly speak
//! of a year still under way ("so far this year"). One finding per claim, the worse of its
//! period and base.

use super::finding;
use super::index::Ctx;
use super::model::{Finding, Severity};
use super::words::{about, period, published};
use crate::period::Span;

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for (i, c) in ctx.claims.iter().enumerate() {
        if !ctx.concerns(&[i as u32]) {
            continue;
        }
        let Some(pub_span) = ctx.sources[c.source].published else {
            continue;
        };
        let judge = |s: Span| {
            if s.start > pub_span.end {
                Some(Severity::Error)
            } else if s.end > pub_span.end {
                Some(Severity::Warning)
            } else {
                None
            }
        };
        let on_period = judge(c.period).map(|s| (s, "period", c.period));
        let on_base = c.base.and_then(|b| judge(b).map(|s| (s, "base period", b)));
        // The worse of the two; the period on a tie.
        let Some((severity, what, span)) = [on_period, on_base]
            .into_iter()
            .flatten()
            .min_by_key(|(severity, _, _)| *severity)
        else {
            continue;
        };
        let src = &ctx.sources[c.source].id;
        let when = published(Some(pub_span));
        let message = ctx.words(|| match severity {
            Severity::Error => sentence!(
                "{}: the {what} {} starts after source {src} was published ({when}), so the \
                 source cannot report {}.",
                ctx.id_of(c),
                period(span),
                about(ctx, c)
            ),
            _ => sentence!(
                "{}: the {what} {} was not over when source {src} was published ({when}); \
                 \"{}\" can only be a figure so far.",
                ctx.id_of(c),
                period(span),
                ctx.name(c.printed)
            ),
        });
        out.push(finding(
            "L008",
            severity,
            vec![ctx.id_of(c).to_string()],
            Vec::new(),
            message,
            ctx.words(|| {
                sentence!(
                "{what} {} ({span}) against publication {when}: the latest possible publication \
                 day is {}.",
                period(span),
                crate::period::format_day(pub_span.end)
            )
            }),
        ));
    }
}
