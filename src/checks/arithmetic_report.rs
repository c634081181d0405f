//! How recomputation findings (L004, L005, L006, L009 from `arithmetic`) are worded: the
//! message names the claim, what it is about and the recomputed value; the working shows
//! the counts used and the arithmetic, so a reviewer can redo it by hand.

use super::arithmetic::{Calc, Combo, Formula};
use super::finding;
use super::index::Group;
use super::model::{Finding, Severity};
use super::names::Sym;
use super::words::{about, group, num, pct, period, places, reads, recomputed, value_of};
use crate::interval::Interval;

impl Calc<'_, '_> {
    pub(super) fn report(
        &self,
        code: &'static str,
        severity: Severity,
        g: Group,
        combo: &Combo,
        value: Interval,
    ) -> Finding {
        let ctx = self.ctx;
        let cc = ctx.claim(self.c);
        let message = ctx.words(|| {
            let result = self.result_words(&value);
            let tail = match (code, ctx.credited(self.c)) {
                ("L004", Some(x)) => format!("{}'s own counts give {result}", ctx.name(x)),
                _ => format!("{} give {result}", group(ctx, g)),
            };
            recomputed(ctx, self.c, code, &tail)
        });
        finding(
            code,
            severity,
            vec![ctx.id_of(cc).to_string()],
            self.ids(combo),
            message,
            ctx.words(|| {
                let counter = match g {
                    Group::Org(x) => ctx.name(x).to_string(),
                    Group::Source(s) => sentence!("source {}", ctx.sources[s].id),
                };
                sentence!(
                    "{counter} counts {}; {}: no overlap.",
                    self.arithmetic(combo, &value),
                    reads(ctx, cc)
                )
            }),
        )
        .with_gap(&cc.reading, &value)
        .imprecise_unless(ctx, ctx.loose(self.c).disjoint(&value), &[self.c])
    }

    pub(super) fn superseded(
        &self,
        x: Sym,
        latest: &Combo,
        older: &Combo,
        value: Interval,
    ) -> Finding {
        let ctx = self.ctx;
        let cc = ctx.claim(self.c);
        let x = ctx.name(x);
        let newest = latest
            .ids
            .iter()
            .copied()
            .max_by_key(|&i| ctx.rank(i))
            .expect("a combination has counts");
        let severity = if ctx.is_primary(self.c) || ctx.surely_before(self.c, newest) {
            Severity::Info
        } else {
            Severity::Warning
        };
        let old_value = self.value(older).expect("it agreed with the claim");
        let mut evidence = self.ids(latest);
        evidence.extend(self.ids(older));
        finding(
            "L009",
            severity,
            vec![ctx.id_of(cc).to_string()],
            evidence,
            ctx.words(|| {
                sentence!(
                "{} gives \"{}\" for {}, which {x}'s earlier counts allow, but {x} revised them: \
                 its latest counts give {}.",
                ctx.id_of(cc),
                ctx.name(cc.printed),
                about(ctx, cc),
                self.result_words(&value)
            )
            }),
            ctx.words(|| {
                sentence!(
                    "{x} now counts {}; earlier {x} counted {}; {}: overlaps only the earlier.",
                    self.arithmetic(latest, &value),
                    self.arithmetic(older, &old_value),
                    reads(ctx, cc)
                )
            }),
        )
    }

    fn result_words(&self, value: &Interval) -> String {
        pct(value, self.formula == Formula::Change)
    }

    fn ids(&self, combo: &Combo) -> Vec<String> {
        combo
            .ids
            .iter()
            .map(|&i| self.ctx.id(i).to_string())
            .collect()
    }

    /// `306 (a) in 2023 and 262 (b) in 2022: 306 ÷ 262 − 1 = +16.7939%`.
    fn arithmetic(&self, combo: &Combo, value: &Interval) -> String {
        let ctx = self.ctx;
        let v = self.operands(combo);
        let cc = ctx.claim(self.c);
        let (head, whole) = combo.ids.split_at(combo.shape[0]);
        let part = if head.len() == 1 {
            value_of(ctx, ctx.claim(head[0]))
        } else {
            let terms: Vec<String> = head.iter().map(|&i| value_of(ctx, ctx.claim(i))).collect();
            sentence!("{} = {}", terms.join(" + "), num(&v[0]))
        };
        let w = ctx.claim(whole[0]);
        match self.formula {
            Formula::Change => sentence!(
                "{part} in {} and {} in {}: {} ÷ {} − 1 = {}",
                period(cc.period),
                value_of(ctx, w),
                period(w.period),
                num(&v[0]),
                num(&v[1]),
                self.result_words(value)
            ),
            Formula::Share => sentence!(
                "{part} for {} in {} and {} for {} in {}: {} ÷ {} × 100 = {}",
                ctx.name(cc.metric),
                places(ctx, cc.places),
                value_of(ctx, w),
                ctx.name(w.metric),
                places(ctx, w.places),
                num(&v[0]),
                num(&v[1]),
                self.result_words(value)
            ),
        }
    }
}
