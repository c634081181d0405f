//! What every disagreement finding carries (DESIGN "Checks"): its `gap`, the distance between
//! the two intervals in the claim's unit and relative to the larger value; and the rule that
//! tells an imprecise figure from a wrong one.
//!
//! Imprecise: a disagreement that vanishes once the questioned figure's precision band is
//! widened to a whole unit of its last printed digit (`28%` read as [27, 29]) is `info`, and
//! its message says so. A truncated or loosely rounded figure is not an error of fact. Figures
//! without a precision band (exact counts, hedges, ranges) are read as they are, so they are
//! never imprecise.

use super::index::Ctx;
use super::model::{Finding, Severity};
use crate::exact::Num;
use crate::interval::Interval;
use crate::reading;

impl Ctx<'_> {
    /// Claim `c`'s reading widened to a whole unit of its last printed digit, or its reading
    /// when it has no precision band. The widening is measured on the printed figure and
    /// applied to the claim's reading as the checks hold it.
    pub(super) fn loose(&self, c: u32) -> Interval {
        let cc = self.claim(c);
        // A large ledger's disagreements reread a few thousand distinct figures many times.
        let widening = self
            .widenings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry((cc.printed, cc.kind))
            .or_insert_with(|| {
                let r = reading::read(self.name(cc.printed), cc.kind, self.tolerance()).ok()?;
                let loose = r.loose?;
                Some((
                    r.interval.lower.sub(&loose.lower),
                    loose.upper.sub(&r.interval.upper),
                ))
            })
            .clone();
        let Some((below, above)) = widening else {
            return (*cc.reading).clone();
        };
        Interval::new(
            cc.reading.lower.sub(&below),
            cc.reading.lower_open,
            cc.reading.upper.add(&above),
            cc.reading.upper_open,
        )
    }

    /// The sum of the widened readings of `ids`.
    pub(super) fn loose_sum(&self, ids: &[u32]) -> Interval {
        let mut sum = self.loose(ids[0]);
        for &i in &ids[1..] {
            sum = sum.add(&self.loose(i));
        }
        sum
    }
}

impl Finding {
    /// Sets the gap between `a` and `b` (no gap when they overlap).
    pub(super) fn with_gap(mut self, a: &Interval, b: &Interval) -> Finding {
        if let Some(gap) = a.gap(b) {
            let (fa, fb) = if a.surely_above(b) {
                (&a.lower, &b.upper)
            } else {
                (&a.upper, &b.lower)
            };
            let larger = fa.abs().max(fb.abs());
            self.gap_relative = gap.div(&larger);
            self.gap = Some(gap);
        }
        self
    }

    /// When `still_apart` is false (the widened figures agree), the finding is `info` and says
    /// why, naming the figures of `widened` that were read to a whole unit of their last digit.
    pub(super) fn imprecise_unless(
        mut self,
        ctx: &Ctx<'_>,
        still_apart: bool,
        widened: &[u32],
    ) -> Finding {
        if !still_apart {
            self.severity = Severity::Info;
            self.message = ctx.words(|| {
                sentence!(
                    "Imprecise, not wrong: {} Read to a whole unit of its last digit, {}, \
                     which agrees.",
                    self.message,
                    widened_words(ctx, widened)
                )
            });
        }
        self
    }
}

/// `"28%" as [27, 29]` for each claim whose band was widened.
fn widened_words(ctx: &Ctx<'_>, ids: &[u32]) -> String {
    let mut parts = Vec::new();
    for &i in ids {
        let loose = ctx.loose(i);
        let c = ctx.claim(i);
        if loose != *c.reading {
            parts.push(format!(
                "\"{}\" is {}",
                ctx.name(c.printed),
                crate::interval::reading_text(&loose, c.kind)
            ));
        }
    }
    if parts.is_empty() {
        "nothing changes".into()
    } else {
        parts.join(" and ")
    }
}

/// Exact numbers show as JSON numbers (the nearest `f64`), an infinity as `null`.
impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.finite_f64() {
            Some(x) => s.serialize_f64(x),
            None => s.serialize_none(),
        }
    }
}
