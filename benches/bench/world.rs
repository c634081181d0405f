//! The world: orgs, places, metrics and the ground truth (counts per leaf metric, district and
//! month, summed in O(1) for any parent, union of places or period).

use crate::org_names::{CITIES, COUNTING_BODIES, OUTLET_REAL, PAPER_WORDS};
use crate::period::{Per, MONTHS};
use crate::place_metric_names::{
    ATTACK_BASES, PERPETRATORS, PROVINCES, QUALIFIERS, VICTIMS, VICTIM_BASES,
};
use crate::rng::{cumulative, Rng};
use claimledger::records::{Metric, Org, Place};

pub(crate) struct MetricNode {
    pub(crate) record: Metric,
    /// Lower-case words for quotes: "terrorist attacks in urban areas by ttp".
    pub(crate) words: String,
    /// How a share of the parent reads: "were among civilians".
    pub(crate) share_phrase: String,
    pub(crate) children: Vec<usize>,
    /// Truth factors (summed over the children for a parent).
    a: [u64; 2],
}

pub(crate) struct PlaceNode {
    pub(crate) record: Place,
    pub(crate) children: Vec<usize>,
    b: [u64; 2],
}

pub(crate) struct OrgNode {
    pub(crate) record: Org,
    pub(crate) domain: String,
}

pub(crate) struct World {
    pub(crate) metrics: Vec<MetricNode>,
    /// Top-level metrics, and their cumulative popularity.
    pub(crate) tops: Vec<usize>,
    pub(crate) top_weights: Vec<f64>,
    pub(crate) places: Vec<PlaceNode>,
    /// Index of the country; provinces with their cumulative weights as a topic region.
    pub(crate) country: usize,
    pub(crate) provinces: Vec<usize>,
    pub(crate) province_weights: Vec<f64>,
    pub(crate) orgs: Vec<OrgNode>,
    pub(crate) counting: Vec<usize>,
    pub(crate) outlets: Vec<usize>,
    /// Prefix sums over months of the two time factors.
    c_prefix: [Vec<u64>; 2],
}

fn words_of(id: &str) -> String {
    id.replace('-', " ")
}

pub(crate) fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn title_case(id: &str) -> String {
    id.split('-').map(capitalized).collect::<Vec<_>>().join(" ")
}

impl World {
    pub(crate) fn new(rng: &mut Rng) -> World {
        // Orgs.
        let mut orgs = Vec::new();
        let mut counting = Vec::new();
        let mut outlets = Vec::new();
        for (id, name, aliases, domain) in COUNTING_BODIES {
            counting.push(orgs.len());
            orgs.push(OrgNode {
                record: Org {
                    id: id.to_string(),
                    name: name.to_string(),
                    aliases: claimledger::records::split_list(aliases),
                },
                domain: domain.to_string(),
            });
        }
        for (id, name, domain) in OUTLET_REAL {
            outlets.push(orgs.len());
            orgs.push(OrgNode {
                record: Org {
                    id: id.to_string(),
                    name: name.to_string(),
                    aliases: Vec::new(),
                },
                domain: domain.to_string(),
            });
        }
        for city in CITIES {
            for word in PAPER_WORDS {
                let id = format!("{city}-{word}");
                outlets.push(orgs.len());
                orgs.push(OrgNode {
                    domain: format!("{city}{word}.com.pk"),
                    record: Org {
                        name: format!("The {} {}", title_case(city), capitalized(word)),
                        id,
                        aliases: Vec::new(),
                    },
                });
            }
        }

        // Places: country > provinces > districts. Districts have their own truth factors;
        // a few are hot spots.
        let mut places = vec![PlaceNode {
            record: Place {
                id: "pakistan".into(),
                name: "Pakistan".into(),
                parent: None,
                aliases: vec!["PK".into()],
            },
            children: Vec::new(),
            b: [0, 0],
        }];
        let mut provinces = Vec::new();
        let mut province_weights = Vec::new();
        for (id, name, aliases, weight, districts) in PROVINCES {
            let p = places.len();
            provinces.push(p);
            province_weights.push(*weight);
            places[0].children.push(p);
            places.push(PlaceNode {
                record: Place {
                    id: id.to_string(),
                    name: name.to_string(),
                    parent: Some("pakistan".into()),
                    aliases: claimledger::records::split_list(aliases),
                },
                children: Vec::new(),
                b: [0, 0],
            });
            for d in *districts {
                // Districts whose id is taken by a province's name get a suffix.
                let did = if places.iter().any(|pl| pl.record.id == *d) {
                    format!("{d}-district")
                } else {
                    d.to_string()
                };
                let hot = if *weight >= 16.0 { 2 } else { 1 };
                let mut b = [[0, 0, 1, 1, 1][rng.index(5)] * hot, [0, 0, 1][rng.index(3)]];
                if b == [0, 0] {
                    b[1] = 1;
                }
                let di = places.len();
                places[p].children.push(di);
                places.push(PlaceNode {
                    record: Place {
                        name: format!("{} District", title_case(&did)),
                        id: did,
                        parent: Some(id.to_string()),
                        aliases: Vec::new(),
                    },
                    children: Vec::new(),
                    b,
                });
            }
        }
        // Sums upwards: provinces, then the country.
        for &p in &provinces {
            let b = sum2(places[p].children.iter().map(|&d| places[d].b));
            places[p].b = b;
        }
        places[0].b = sum2(provinces.iter().map(|&p| places[p].b));

        // Metrics: 100 top-level ones, each with 20 children that partition it.
        let mut metrics = Vec::new();
        let mut tops = Vec::new();
        for (q, (qid, qwords)) in QUALIFIERS.iter().enumerate() {
            for (bases, subs, victims) in [
                (ATTACK_BASES, PERPETRATORS, false),
                (VICTIM_BASES, VICTIMS, true),
            ] {
                for base in bases {
                    let id = format!("{base}{qid}");
                    let words = format!("{}{}", words_of(base), qwords);
                    let top = metrics.len();
                    tops.push(top);
                    metrics.push(MetricNode {
                        record: Metric {
                            name: capitalized(&words),
                            definition: Some(format!(
                                "{} recorded in the period and place, {}.",
                                capitalized(&words),
                                if victims {
                                    "counted by the group of the people affected"
                                } else {
                                    "counted by the group that carried them out or none"
                                }
                            )),
                            aliases: if q == 0 {
                                vec![format!("total {words}")]
                            } else {
                                Vec::new()
                            },
                            parent: None,
                            id: id.clone(),
                        },
                        words: words.clone(),
                        share_phrase: String::new(),
                        children: Vec::new(),
                        a: [0, 0],
                    });
                    for sub in subs {
                        let sub_words = if *sub == "ttp" || sub.len() <= 4 {
                            sub.to_uppercase()
                        } else {
                            words_of(sub)
                        };
                        let (child_words, share_phrase) = if victims {
                            (
                                format!("{words} among {sub_words}"),
                                format!("were among {sub_words}"),
                            )
                        } else {
                            (
                                format!("{words} attributed to {sub_words}"),
                                format!("were attributed to {sub_words}"),
                            )
                        };
                        let mut a = [[0, 0, 1][rng.index(3)], [0, 0, 0, 1][rng.index(4)]];
                        if a == [0, 0] {
                            a[0] = 1;
                        }
                        let c = metrics.len();
                        metrics[top].children.push(c);
                        metrics.push(MetricNode {
                            record: Metric {
                                id: format!("{id}-{sub}"),
                                name: capitalized(&child_words),
                                parent: Some(id.clone()),
                                definition: None,
                                aliases: Vec::new(),
                            },
                            words: child_words,
                            share_phrase,
                            children: Vec::new(),
                            a,
                        });
                    }
                    let a = sum2(metrics[top].children.iter().map(|&c| metrics[c].a));
                    metrics[top].a = a;
                }
            }
        }
        let top_weights = cumulative(
            (0..tops.len())
                .map(|i| 1.0 / ((i % 20) as f64 + 2.0).powf(0.7) / (1.0 + (i / 20) as f64)),
        );

        // Time factors: one rising, one falling over the decade, with noise.
        let mut c_prefix = [vec![0u64], vec![0u64]];
        for m in 0..MONTHS {
            let c1 = u64::from(rng.chance(0.35 + 0.4 * m as f64 / MONTHS as f64));
            let c2 = u64::from(rng.chance(0.6 - 0.4 * m as f64 / MONTHS as f64));
            let last = [c_prefix[0][m], c_prefix[1][m]];
            c_prefix[0].push(last[0] + c1);
            c_prefix[1].push(last[1] + c2);
        }

        World {
            metrics,
            tops,
            top_weights,
            places,
            country: 0,
            provinces,
            province_weights: cumulative(PROVINCES.iter().map(|p| p.3)),
            orgs,
            counting,
            outlets,
            c_prefix,
        }
    }

    /// The true count of `metric` in the union of `places` over `period`.
    pub(crate) fn count(&self, metric: usize, places: &[usize], period: &Per) -> u64 {
        let a = self.metrics[metric].a;
        let b = sum2(places.iter().map(|&p| self.places[p].b));
        let (s, e) = (
            period.first as usize,
            (period.first + period.months) as usize,
        );
        let c = [
            self.c_prefix[0][e] - self.c_prefix[0][s],
            self.c_prefix[1][e] - self.c_prefix[1][s],
        ];
        a[0] * b[0] * c[0] + a[1] * b[1] * c[1]
    }

    pub(crate) fn place_text(&self, places: &[usize]) -> String {
        let mut ids: Vec<&str> = places
            .iter()
            .map(|&p| self.places[p].record.id.as_str())
            .collect();
        ids.sort_unstable();
        ids.join("+")
    }

    pub(crate) fn place_words(&self, places: &[usize]) -> String {
        let names: Vec<&str> = places
            .iter()
            .map(|&p| self.places[p].record.name.as_str())
            .collect();
        names.join(" and ")
    }
}

fn sum2(items: impl Iterator<Item = [u64; 2]>) -> [u64; 2] {
    items.fold([0, 0], |acc, x| [acc[0] + x[0], acc[1] + x[1]])
}
