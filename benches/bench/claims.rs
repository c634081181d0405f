//! One generated claim: its printed figure from the truth (or a distorted count), its quote,
//! and the credit it gives.

use crate::figures::print_count;
use crate::generator::Generator;
use crate::keys::{Key, Whole};
use crate::percent_figures::{print_change, print_share};
use crate::period::Per;
use crate::rng::hash_strs;
use crate::world::capitalized;
use claimledger::exact::Num;
use claimledger::interval::Interval;
use claimledger::reading::Kind;
use claimledger::records::Claim;
use std::collections::HashSet;

pub(crate) struct GenClaim {
    pub(crate) claim: Claim,
    pub(crate) kind: Kind,
    /// The interval the generator meant.
    pub(crate) meant: Interval,
    /// The true value (None: printed from a distorted figure on purpose).
    pub(crate) truth: Option<Num>,
}

impl Generator {
    /// The printed figure for a key, from the truth (or a distorted count), in a style that
    /// depends on `style` only: one org prints one figure per key.
    fn print(
        &self,
        key: &Key,
        style: u64,
        distort: Option<f64>,
    ) -> Option<(String, Interval, Num)> {
        let w = &self.world;
        let bend = |v: u64| -> u64 {
            match distort {
                Some(f) => ((v as f64) * f).round() as u64,
                None => v,
            }
        };
        match key.kind {
            Kind::Count => {
                let v = bend(w.count(key.metric, &key.places, &key.period));
                let (text, iv) = print_count(v, style);
                Some((text, iv, Num::from(v as i64)))
            }
            Kind::Change => {
                let base = w.count(key.metric, &key.places, key.base.as_ref()?);
                let now = bend(w.count(key.metric, &key.places, &key.period));
                if base < 5 {
                    return None;
                }
                let v = Num::ratio(now as i64 * 100, base as i64).sub(&Num::from(100));
                let (text, iv) = print_change(&v, style)?;
                Some((text, iv, v))
            }
            Kind::Share => {
                let part = bend(w.count(key.metric, &key.places, &key.period));
                let whole = match key.of? {
                    Whole::Place(p) => w.count(key.metric, &[p], &key.period),
                    Whole::Metric(m) => w.count(m, &key.places, &key.period),
                };
                if whole == 0 || part > whole {
                    return None;
                }
                let v = Num::ratio(part as i64 * 100, whole as i64);
                let (text, iv) = print_share(&v, style)?;
                Some((text, iv, v))
            }
        }
    }

    fn quote(&mut self, key: &Key, printed: &str, credit: &str) -> String {
        let w = &self.world;
        let mw = &w.metrics[key.metric].words;
        let place = w.place_words(&key.places);
        let per = &key.period.words;
        let rng = &mut self.rng;
        match key.kind {
            Kind::Count => match rng.below(4) {
                0 => format!("{credit} recorded {printed} {mw} in {place} in {per}."),
                1 => format!("According to {credit}, {printed} {mw} were reported in {place} during {per}."),
                2 => format!("In {per}, {place} saw {printed} {mw}, {credit} said."),
                _ => format!("The data compiled by {credit} count {printed} {mw} across {place} in {per}."),
            },
            Kind::Change => {
                let base = key.base.as_ref().map(|b| b.words.as_str()).unwrap_or("");
                let verb_form = printed.starts_with("up ")
                    || printed.starts_with("down ")
                    || printed.starts_with("fell ")
                    || printed.ends_with("led")
                    || printed.ends_with("ved");
                if verb_form {
                    let were = if printed.starts_with("up ") || printed.starts_with("down ") {
                        "were "
                    } else {
                        ""
                    };
                    format!("{} in {place} {were}{printed} in {per} compared with {base}, {credit} said.", capitalized(mw))
                } else {
                    format!("According to {credit}, there was a {printed} in {mw} in {place} in {per} compared with {base}.")
                }
            }
            Kind::Share => match key.of {
                Some(Whole::Metric(m)) => format!(
                    "In {per}, {printed} of {} in {place} {}, according to {credit}.",
                    w.metrics[m].words, w.metrics[key.metric].share_phrase
                ),
                Some(Whole::Place(p)) => format!(
                    "In {per}, {printed} of {mw} in {} took place in {place}, according to {credit}.",
                    w.places[p].record.name
                ),
                None => String::new(),
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn make_claim(
        &mut self,
        sid: &str,
        publisher: usize,
        by_body: bool,
        cited: [usize; 2],
        top: usize,
        region: usize,
        year: i32,
        used: &mut HashSet<String>,
    ) -> GenClaim {
        // Credit: a body's report credits itself (sometimes another body); an outlet credits
        // the bodies it cites, itself, or no one.
        let x = self.rng.unit();
        let attributed = if by_body {
            Some(if x < 0.9 { publisher } else { cited[0] })
        } else if x < 0.55 {
            Some(cited[0])
        } else if x < 0.72 {
            Some(cited[1])
        } else if x < 0.77 {
            Some(publisher)
        } else {
            None
        };
        let distort = (!self.consistent && self.rng.chance(0.05)).then(|| 0.5 + self.rng.unit());
        let mut tries = 0;
        let (key, key_text, printed, meant, truth_v) = loop {
            tries += 1;
            let mut key = self.draw_key(top, region, year);
            if tries > 20 {
                // Fall back to the plainest claim: a count of a child metric in a month.
                key = Key {
                    kind: Kind::Count,
                    metric: *self.rng.pick(&self.world.metrics[top].children),
                    places: vec![region],
                    period: Per::month(year, 1 + self.rng.below(12) as u32),
                    base: None,
                    of: None,
                };
            }
            let kt = self.key_text(&key);
            if used.contains(&kt) {
                continue;
            }
            let truth_count = self.world.count(key.metric, &key.places, &key.period);
            if truth_count == 0 && tries < 4 {
                continue;
            }
            // One org prints one figure per key (with --consistent); without it, a figure
            // sometimes varies by source (revisions, re-reporting).
            let who = match attributed {
                Some(o) => self.world.orgs[o].record.id.clone(),
                None => sid.to_string(),
            };
            let style = if !self.consistent && self.rng.chance(0.2) {
                hash_strs(&[&who, &kt, sid])
            } else {
                hash_strs(&[&who, &kt])
            };
            match self.print(&key, style, distort) {
                Some((p, iv, v)) => break (key, kt, p, iv, v),
                None => continue,
            }
        };
        used.insert(key_text);
        self.next_claim += 1;
        self.per_metric[key.metric] += 1;
        let credit = match attributed {
            Some(o) if o == publisher && by_body => "the report".to_string(),
            Some(o) => self.world.orgs[o].record.name.clone(),
            None => "officials".to_string(),
        };
        let quote = capitalized(&self.quote(&key, &printed, &credit));
        let w = &self.world;
        let note = self
            .rng
            .chance(0.04)
            .then(|| "Figure as printed in the summary table.".to_string());
        let claim = Claim {
            id: format!("c-{:0w$}", self.next_claim, w = self.claim_width),
            source: sid.to_string(),
            quote,
            printed,
            kind: key.kind,
            metric: w.metrics[key.metric].record.id.clone(),
            place: w.place_text(&key.places),
            period: key.period.text.clone(),
            base: key.base.as_ref().map(|b| b.text.clone()),
            of: key.of.map(|_| self.whole_text(&key)),
            attributed_to: attributed.map(|o| w.orgs[o].record.id.clone()),
            note,
        };
        GenClaim {
            claim,
            kind: key.kind,
            meant,
            truth: distort.is_none().then_some(truth_v),
        }
    }
}
