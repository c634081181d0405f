//! A claim's key (kind, metric, places, period, base, whole) and how the generator draws one
//! within a source's topic.

use crate::generator::Generator;
use crate::period::Per;
use claimledger::reading::Kind;

/// A claim's key: what claims with equal keys are about.
pub(crate) struct Key {
    pub(crate) kind: Kind,
    pub(crate) metric: usize,
    pub(crate) places: Vec<usize>,
    pub(crate) period: Per,
    pub(crate) base: Option<Per>,
    pub(crate) of: Option<Whole>,
}

#[derive(Clone, Copy)]
pub(crate) enum Whole {
    Place(usize),
    Metric(usize),
}

impl Generator {
    /// A metric of the topic's family: the top metric itself, or one of its children.
    fn pick_metric(&mut self, top: usize) -> usize {
        if self.rng.chance(0.35) {
            top
        } else {
            *self.rng.pick(&self.world.metrics[top].children)
        }
    }

    /// A place within the topic's region: the region, a province or district in it, or
    /// (rarely) a union of two provinces.
    fn pick_places(&mut self, region: usize) -> Vec<usize> {
        let w = &self.world;
        let rng = &mut self.rng;
        if region == w.country {
            let x = rng.unit();
            if x < 0.4 {
                vec![region]
            } else if x < 0.83 {
                vec![w.provinces[rng.weighted(&w.province_weights)]]
            } else if x < 0.97 {
                let p = w.provinces[rng.weighted(&w.province_weights)];
                vec![*rng.pick(&w.places[p].children)]
            } else {
                let a = w.provinces[rng.weighted(&w.province_weights)];
                let b = *rng.pick(&w.provinces);
                if a == b {
                    vec![a]
                } else {
                    vec![a, b]
                }
            }
        } else if rng.chance(0.5) {
            vec![region]
        } else {
            vec![*rng.pick(&w.places[region].children)]
        }
    }

    fn pick_period(&mut self, year: i32) -> Per {
        let x = self.rng.unit();
        if x < 0.55 {
            Per::year(year)
        } else if x < 0.8 {
            Per::quarter(year, 1 + self.rng.below(4) as u32)
        } else if x < 0.85 {
            Per::half(year, 1 + self.rng.below(2) as u32)
        } else {
            Per::month(year, 1 + self.rng.below(12) as u32)
        }
    }

    pub(crate) fn draw_key(&mut self, top: usize, region: usize, year: i32) -> Key {
        let kind = match self.rng.below(100) {
            0..=74 => Kind::Count,
            75..=86 => Kind::Change,
            _ => Kind::Share,
        };
        match kind {
            Kind::Count => Key {
                kind,
                metric: self.pick_metric(top),
                places: self.pick_places(region),
                period: self.pick_period(year),
                base: None,
                of: None,
            },
            Kind::Change => {
                let period = self.pick_period(year);
                let base = match self.rng.below(10) {
                    0..=6 => period.previous(),
                    _ => period.year_before(),
                };
                Key {
                    kind,
                    metric: self.pick_metric(top),
                    places: self.pick_places(region),
                    period,
                    base,
                    of: None,
                }
            }
            Kind::Share => {
                let period = self.pick_period(year);
                if self.rng.chance(0.65) {
                    // A share of a place's count in a containing place.
                    let w = &self.world;
                    let metric = if self.rng.chance(0.5) {
                        top
                    } else {
                        *self.rng.pick(&w.metrics[top].children)
                    };
                    let (places, whole) = if region == w.country {
                        let a = w.provinces[self.rng.weighted(&w.province_weights)];
                        let b = *self.rng.pick(&w.provinces);
                        let places = if a != b && self.rng.chance(0.15) {
                            vec![a, b]
                        } else {
                            vec![a]
                        };
                        (places, w.country)
                    } else {
                        let d = *self.rng.pick(&w.places[region].children);
                        let whole = if self.rng.chance(0.8) {
                            region
                        } else {
                            w.country
                        };
                        (vec![d], whole)
                    };
                    Key {
                        kind,
                        metric,
                        places,
                        period,
                        base: None,
                        of: Some(Whole::Place(whole)),
                    }
                } else {
                    // A share of a sub-metric in its parent metric.
                    let child = *self.rng.pick(&self.world.metrics[top].children);
                    Key {
                        kind,
                        metric: child,
                        places: self.pick_places(region),
                        period,
                        base: None,
                        of: Some(Whole::Metric(top)),
                    }
                }
            }
        }
    }

    /// The key as text: equal texts are equal keys.
    pub(crate) fn key_text(&self, key: &Key) -> String {
        let w = &self.world;
        format!(
            "{}|{}|{}|{}|{}|{}",
            key.kind.as_str(),
            w.metrics[key.metric].record.id,
            w.place_text(&key.places),
            key.period.text,
            key.base.as_ref().map(|b| b.text.as_str()).unwrap_or(""),
            self.whole_text(key)
        )
    }

    pub(crate) fn whole_text(&self, key: &Key) -> String {
        match key.of {
            Some(Whole::Place(p)) => self.world.places[p].record.id.clone(),
            Some(Whole::Metric(m)) => self.world.metrics[m].record.id.clone(),
            None => String::new(),
        }
    }
}
