//! `claimledger-bench`: generates large, realistic ledgers for the benchmark (`scripts/bench`).
//!
//! - `gen-db PATH --claims N`: a SQLite ledger filled through the store (`Store::init`,
//!   `store.write`), in transactions of about 50,000 claims.
//! - `gen-dir DIR --claims N --sources S`: the canonical ledger directory written directly as
//!   CSV (streamed: sources, claims and reviews are written as they are made).
//!
//! Both make the same ledger for the same arguments and `--seed`: a world of ~300 orgs (a
//! few dozen counting bodies and the outlets that cite them), ~95 places in a 3-level tree
//! (country > provinces > districts), 2,100 metrics in a 2-level tree, periods over the
//! years, quarters, halves and months of 2015-2024, and ~10 claims a source about one topic
//! (a metric family, a region, a year), with hedged and exact printed figures, primary and
//! secondary claims, and reviews on a correct hash chain.
//!
//! Every figure is printed from one ground truth: integer counts per (leaf metric, district,
//! month) of the form `a1(m) b1(d) c1(t) + a2(m) b2(d) c2(t)`, so that a parent metric, a
//! province, a union of places or a year is exactly the sum of its parts (and costs O(1)).
//! Changes and shares are computed from the true counts and printed rounded (or hedged) so
//! that their reading contains the true value. With `--consistent` every claim agrees with the
//! truth and each org prints one figure per key (so there is no revision either): `check`
//! should report no error and no warning. Without it, about one claim in twenty is printed
//! from a distorted count, and orgs' figures vary, which gives a realistic share of findings.
//!
//! Readings come from `claimledger::reading::read`; a figure the reader refuses (the stub
//! reader reads plain integers only) is stored with the interval the generator meant, and the
//! count of such fallbacks is reported. With `--consistent`, every stored reading is also
//! checked to contain the truth, and the count of those that do not is reported.

use claimledger::checks::history::review_hash;
use claimledger::interval::Interval;
use claimledger::period::format_timestamp;
use claimledger::reading::{self, Kind};
use claimledger::records::{Claim, Metric, Org, Place, Review, Source};
use claimledger::store::Store;
use clap::{Parser, Subcommand};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::Instant;

type AnyResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The ledger's tolerance (the migration's default setting).
const T: f64 = 0.10;
/// First month of the ground truth: 2015-01.
const FIRST_YEAR: i32 = 2015;
/// Months of ground truth: 2015-01 to 2024-12.
const MONTHS: usize = 120;
/// Claims per transaction in `gen-db`.
const BATCH_CLAIMS: usize = 50_000;

#[derive(Parser)]
#[command(
    name = "claimledger-bench",
    about = "Generate large ledgers for the benchmark"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(clap::Args, Clone)]
struct GenArgs {
    /// How many claims.
    #[arg(long)]
    claims: u64,
    /// How many sources (default: claims / 10).
    #[arg(long)]
    sources: Option<u64>,
    /// Reviews per claim.
    #[arg(long, default_value_t = 1)]
    reviews_per_claim: u32,
    /// Every figure agrees with the ground truth: `check` reports no error and no warning.
    #[arg(long)]
    consistent: bool,
    /// Seed of the generator.
    #[arg(long, default_value_t = 20_240_101)]
    seed: u64,
}

#[derive(Subcommand)]
enum Cmd {
    /// Fill a new SQLite ledger through the store.
    GenDb {
        path: PathBuf,
        #[command(flatten)]
        args: GenArgs,
    },
    /// Write a canonical ledger directory (CSV files and texts/).
    GenDir {
        dir: PathBuf,
        #[command(flatten)]
        args: GenArgs,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Cmd::GenDb { path, args } => gen_db(&path, &args),
        Cmd::GenDir { dir, args } => gen_dir(&dir, &args),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimledger-bench: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64, and hashes of strings for choices that must not depend on the order
// of generation (one org prints one figure per key).

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, U>(&mut self, items: &'a [U]) -> &'a U {
        &items[self.index(items.len())]
    }

    /// An index drawn with the given cumulative weights.
    fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let x = self.unit() * cumulative.last().copied().unwrap_or(1.0);
        cumulative
            .partition_point(|&c| c <= x)
            .min(cumulative.len() - 1)
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn hash_strs(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    mix(h)
}

fn cumulative(weights: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut sum = 0.0;
    weights
        .into_iter()
        .map(|w| {
            sum += w;
            sum
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The world: orgs, places, metrics and the ground truth.

struct MetricNode {
    record: Metric,
    /// Lower-case words for quotes: "terrorist attacks in urban areas by ttp".
    words: String,
    /// How a share of the parent reads: "were among civilians".
    share_phrase: String,
    children: Vec<usize>,
    /// Truth factors (summed over the children for a parent).
    a: [u64; 2],
}

struct PlaceNode {
    record: Place,
    children: Vec<usize>,
    b: [u64; 2],
}

struct OrgNode {
    record: Org,
    domain: String,
}

struct World {
    metrics: Vec<MetricNode>,
    /// Top-level metrics, and their cumulative popularity.
    tops: Vec<usize>,
    top_weights: Vec<f64>,
    places: Vec<PlaceNode>,
    /// Index of the country; provinces with their cumulative weights as a topic region.
    country: usize,
    provinces: Vec<usize>,
    province_weights: Vec<f64>,
    orgs: Vec<OrgNode>,
    counting: Vec<usize>,
    outlets: Vec<usize>,
    /// Prefix sums over months of the two time factors.
    c_prefix: [Vec<u64>; 2],
}

const COUNTING_BODIES: &[(&str, &str, &str, &str)] = &[
    (
        "pips",
        "Pak Institute for Peace Studies",
        "PIPS",
        "pakpips.com",
    ),
    (
        "crss",
        "Center for Research and Security Studies",
        "CRSS|Centre for Research and Security Studies",
        "crss.pk",
    ),
    (
        "picss",
        "Pakistan Institute for Conflict and Security Studies",
        "PICSS",
        "picss.net",
    ),
    ("satp", "South Asia Terrorism Portal", "SATP", "satp.org"),
    (
        "acled",
        "Armed Conflict Location and Event Data",
        "ACLED",
        "acleddata.com",
    ),
    (
        "ispr",
        "Inter-Services Public Relations",
        "ISPR",
        "ispr.gov.pk",
    ),
    (
        "nacta",
        "National Counter Terrorism Authority",
        "NACTA",
        "nacta.gov.pk",
    ),
    (
        "hrcp",
        "Human Rights Commission of Pakistan",
        "HRCP",
        "hrcp-web.org",
    ),
    (
        "ctd-kp",
        "Counter Terrorism Department Khyber Pakhtunkhwa",
        "CTD KP",
        "ctd.kp.gov.pk",
    ),
    (
        "ctd-punjab",
        "Counter Terrorism Department Punjab",
        "CTD Punjab",
        "ctdpunjab.gop.pk",
    ),
    (
        "ctd-sindh",
        "Counter Terrorism Department Sindh",
        "CTD Sindh",
        "ctd.sindhpolice.gov.pk",
    ),
    (
        "ctd-balochistan",
        "Counter Terrorism Department Balochistan",
        "CTD Balochistan",
        "ctd.balochistanpolice.gov.pk",
    ),
    (
        "kp-police",
        "Khyber Pakhtunkhwa Police",
        "KP Police",
        "kppolice.gov.pk",
    ),
    ("punjab-police", "Punjab Police", "", "punjabpolice.gov.pk"),
    ("sindh-police", "Sindh Police", "", "sindhpolice.gov.pk"),
    (
        "balochistan-police",
        "Balochistan Police",
        "",
        "balochistanpolice.gov.pk",
    ),
    (
        "interior-ministry",
        "Ministry of Interior",
        "MoI",
        "interior.gov.pk",
    ),
    (
        "icg",
        "International Crisis Group",
        "ICG|Crisis Group",
        "crisisgroup.org",
    ),
    (
        "ipri",
        "Islamabad Policy Research Institute",
        "IPRI",
        "ipri.pk",
    ),
    (
        "issi",
        "Institute of Strategic Studies Islamabad",
        "ISSI",
        "issi.org.pk",
    ),
    (
        "cpgs",
        "Centre for Pakistan and Gulf Studies",
        "CPGS",
        "cpakgulf.org",
    ),
    (
        "fata-research-centre",
        "FATA Research Centre",
        "FRC",
        "frc.org.pk",
    ),
    ("pcp", "Pakistan Conflict Project", "", "pcp.example.org"),
    (
        "sdpi",
        "Sustainable Development Policy Institute",
        "SDPI",
        "sdpi.org",
    ),
];

const OUTLET_REAL: &[(&str, &str, &str)] = &[
    ("dawn", "Dawn", "dawn.com"),
    ("express-tribune", "The Express Tribune", "tribune.com.pk"),
    ("the-news", "The News International", "thenews.com.pk"),
    ("geo-news", "Geo News", "geo.tv"),
    ("eurasia-review", "Eurasia Review", "eurasiareview.com"),
    ("the-nation", "The Nation", "nation.com.pk"),
    ("business-recorder", "Business Recorder", "brecorder.com"),
    ("arab-news", "Arab News", "arabnews.com"),
    ("the-diplomat", "The Diplomat", "thediplomat.com"),
    ("voa-urdu", "VOA Urdu", "urduvoa.com"),
];

const CITIES: &[&str] = &[
    "islamabad",
    "karachi",
    "lahore",
    "peshawar",
    "quetta",
    "multan",
    "faisalabad",
    "rawalpindi",
    "hyderabad",
    "sukkur",
    "gwadar",
    "abbottabad",
    "swat",
    "bannu",
    "mardan",
];

const PAPER_WORDS: &[&str] = &[
    "herald",
    "times",
    "post",
    "observer",
    "tribune",
    "chronicle",
    "gazette",
    "dispatch",
    "mirror",
    "voice",
    "review",
    "daily",
    "express",
    "news",
    "journal",
    "standard",
    "monitor",
    "star",
];

const PROVINCES: &[(&str, &str, &str, f64, &[&str])] = &[
    (
        "punjab",
        "Punjab",
        "",
        10.0,
        &[
            "lahore",
            "rawalpindi",
            "faisalabad",
            "multan",
            "gujranwala",
            "sialkot",
            "bahawalpur",
            "sargodha",
            "dera-ghazi-khan",
            "mianwali",
            "attock",
            "jhelum",
            "rahim-yar-khan",
            "sheikhupura",
            "okara",
            "kasur",
            "layyah",
        ],
    ),
    (
        "sindh",
        "Sindh",
        "",
        10.0,
        &[
            "karachi-east",
            "karachi-south",
            "karachi-west",
            "karachi-central",
            "hyderabad",
            "sukkur",
            "larkana",
            "jacobabad",
            "shikarpur",
            "nawabshah",
            "mirpur-khas",
            "thatta",
            "badin",
        ],
    ),
    (
        "khyber-pakhtunkhwa",
        "Khyber Pakhtunkhwa",
        "KP|KPK",
        22.0,
        &[
            "peshawar",
            "bannu",
            "dera-ismail-khan",
            "lakki-marwat",
            "khyber",
            "north-waziristan",
            "south-waziristan",
            "bajaur",
            "kurram",
            "orakzai",
            "mohmand",
            "swat",
            "mardan",
            "charsadda",
            "kohat",
            "tank",
            "hangu",
            "karak",
            "buner",
        ],
    ),
    (
        "balochistan",
        "Balochistan",
        "Baluchistan",
        16.0,
        &[
            "quetta",
            "kech",
            "gwadar",
            "panjgur",
            "kalat",
            "mastung",
            "kachhi",
            "nushki",
            "chagai",
            "zhob",
            "loralai",
            "sibi",
            "kohlu",
            "dera-bugti",
            "khuzdar",
        ],
    ),
    (
        "islamabad",
        "Islamabad Capital Territory",
        "ICT",
        3.0,
        &["islamabad-urban", "islamabad-rural"],
    ),
    (
        "gilgit-baltistan",
        "Gilgit-Baltistan",
        "GB",
        3.0,
        &[
            "gilgit", "skardu", "diamer", "ghizer", "hunza", "nagar", "astore", "ghanche",
            "kharmang", "shigar",
        ],
    ),
    (
        "azad-kashmir",
        "Azad Jammu and Kashmir",
        "AJK",
        2.0,
        &[
            "muzaffarabad",
            "mirpur",
            "kotli",
            "bhimber",
            "poonch",
            "bagh",
            "neelum",
            "sudhnoti",
            "haveli",
            "hattian-bala",
        ],
    ),
];

const ATTACK_BASES: &[&str] = &[
    "terrorist-attacks",
    "suicide-attacks",
    "ied-attacks",
    "targeted-killings",
    "kidnappings",
    "cross-border-attacks",
    "sectarian-attacks",
    "grenade-attacks",
    "rocket-attacks",
    "attacks-on-schools",
];
const VICTIM_BASES: &[&str] = &[
    "fatalities",
    "injuries",
    "deaths-in-terrorist-attacks",
    "deaths-in-operations",
    "kidnapping-victims",
    "missing-persons",
    "deaths-in-sectarian-violence",
    "deaths-in-ied-blasts",
    "deaths-in-suicide-attacks",
    "injuries-in-ied-blasts",
];
const QUALIFIERS: &[(&str, &str)] = &[
    ("", ""),
    ("-urban", " in urban areas"),
    ("-rural", " in rural areas"),
    ("-border-districts", " in border districts"),
    ("-highways", " on highways"),
];
const PERPETRATORS: &[&str] = &[
    "ttp",
    "bla",
    "blf",
    "isis-k",
    "lashkar-e-jhangvi",
    "jamaat-ul-ahrar",
    "hafiz-gul-bahadur",
    "lashkar-e-islam",
    "sipah-e-sahaba",
    "tehreek-e-jihad",
    "bra",
    "sindhudesh-ra",
    "hizb-ul-ahrar",
    "al-qaeda",
    "jaish-al-adl",
    "ittehad-ul-mujahideen",
    "baloch-raji-aajoi",
    "unknown-militants",
    "unclaimed",
    "other-groups",
];
const VICTIMS: &[&str] = &[
    "civilians",
    "police",
    "army",
    "frontier-corps",
    "levies",
    "rangers",
    "militants",
    "women",
    "children",
    "foreigners",
    "officials",
    "traders",
    "journalists",
    "religious-minorities",
    "students",
    "health-workers",
    "lawyers",
    "politicians",
    "tribal-elders",
    "others",
];

fn words_of(id: &str) -> String {
    id.replace('-', " ")
}

fn capitalized(s: &str) -> String {
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
    fn new(rng: &mut Rng) -> World {
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
    fn count(&self, metric: usize, places: &[usize], period: &Per) -> u64 {
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

    fn place_text(&self, places: &[usize]) -> String {
        let mut ids: Vec<&str> = places
            .iter()
            .map(|&p| self.places[p].record.id.as_str())
            .collect();
        ids.sort_unstable();
        ids.join("+")
    }

    fn place_words(&self, places: &[usize]) -> String {
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

/// A period of whole months within the ground truth.
#[derive(Clone, Debug)]
struct Per {
    /// Months since 2015-01.
    first: u32,
    months: u32,
    text: String,
    words: String,
}

const MONTH_NAMES: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ORDINALS: &[&str] = &["first", "second", "third", "fourth"];

impl Per {
    fn year(y: i32) -> Per {
        Per {
            first: ((y - FIRST_YEAR) * 12) as u32,
            months: 12,
            text: y.to_string(),
            words: y.to_string(),
        }
    }
    fn quarter(y: i32, q: u32) -> Per {
        Per {
            first: ((y - FIRST_YEAR) * 12) as u32 + 3 * (q - 1),
            months: 3,
            text: format!("{y}-Q{q}"),
            words: format!("the {} quarter of {y}", ORDINALS[q as usize - 1]),
        }
    }
    fn half(y: i32, h: u32) -> Per {
        Per {
            first: ((y - FIRST_YEAR) * 12) as u32 + 6 * (h - 1),
            months: 6,
            text: format!("{y}-H{h}"),
            words: format!("the {} half of {y}", ORDINALS[h as usize - 1]),
        }
    }
    fn month(y: i32, m: u32) -> Per {
        Per {
            first: ((y - FIRST_YEAR) * 12) as u32 + m - 1,
            months: 1,
            text: format!("{y}-{m:02}"),
            words: format!("{} {y}", MONTH_NAMES[m as usize - 1]),
        }
    }
    /// The period of the same length just before, when it is within the ground truth.
    fn previous(&self) -> Option<Per> {
        let first = self.first.checked_sub(self.months)?;
        let y = FIRST_YEAR + (first / 12) as i32;
        let m = first % 12 + 1;
        Some(match self.months {
            12 => Per::year(y),
            6 => Per::half(y, m / 6 + 1),
            3 => Per::quarter(y, m / 3 + 1),
            _ => Per::month(y, m),
        })
    }
    /// The same period a year before.
    fn year_before(&self) -> Option<Per> {
        let first = self.first.checked_sub(12)?;
        let y = FIRST_YEAR + (first / 12) as i32;
        let m = first % 12 + 1;
        Some(match self.months {
            12 => Per::year(y),
            6 => Per::half(y, m / 6 + 1),
            3 => Per::quarter(y, m / 3 + 1),
            _ => Per::month(y, m),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Printed figures: the words, and the interval DESIGN's reading rules give them (what the
// generator means; the store gets `reading::read`'s interval when the reader accepts it).

/// Is `v` inside `iv` by more than rounding noise? (A truth on a bound is avoided: the reader
/// and the checks compute bounds in floating point.)
fn safely_inside(iv: &Interval, v: f64) -> bool {
    if iv.lower == iv.upper {
        return !iv.lower_open && !iv.upper_open && v == iv.lower;
    }
    let eps = 1e-6 * v.abs().max(1.0);
    (iv.lower == f64::NEG_INFINITY || v > iv.lower + eps)
        && (iv.upper == f64::INFINITY || v < iv.upper - eps)
}

fn with_commas(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// South Asian grouping: `1,50,000`.
fn south_asian(v: u64) -> String {
    let s = v.to_string();
    if s.len() <= 3 {
        return s;
    }
    let (head, last3) = s.split_at(s.len() - 3);
    let mut groups = Vec::new();
    let mut h = head;
    while h.len() > 2 {
        let (a, b) = h.split_at(h.len() - 2);
        groups.push(b);
        h = a;
    }
    groups.push(h);
    groups.reverse();
    format!("{},{}", groups.join(","), last3)
}

fn number(v: u64, h: u64) -> String {
    if v >= 1000 && h % 7 == 0 {
        v.to_string()
    } else {
        with_commas(v)
    }
}

/// A round number at or below `v` (or above, with `up`): 2 significant digits, or 1, or a
/// multiple of 5 in the second digit.
fn round_number(v: u64, up: bool, h: u64) -> u64 {
    if v < 20 {
        return v;
    }
    let digits = v.to_string().len() as u32;
    let step = match h % 3 {
        0 => 10u64.pow(digits - 1),
        1 => 5 * 10u64.pow(digits.saturating_sub(2)),
        _ => 10u64.pow(digits - 2),
    }
    .max(1);
    if up {
        v.div_ceil(step) * step
    } else {
        v / step * step
    }
}

const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// A printed count whose reading contains `v`, in a style chosen by `h`.
fn print_count(v: u64, h: u64) -> (String, Interval) {
    let inf = f64::INFINITY;
    let vf = v as f64;
    let style = h % 100;
    let h2 = mix(h);
    let word = |list: &[&'static str]| list[(h2 % list.len() as u64) as usize];
    let candidate: Option<(String, Interval)> = match style {
        // Exact: 40%.
        0..=39 => None,
        40..=54 => {
            let x = round_number(v, false, h2);
            let x = if x == v {
                round_number(v.saturating_sub(1), false, h2)
            } else {
                x
            };
            (v >= 20 && x < v).then(|| {
                let w = word(&["over", "more than", "above", "exceeding", "over"]);
                (
                    format!("{w} {}", number(x, h2)),
                    Interval::new(x as f64, true, inf, true),
                )
            })
        }
        55..=59 => {
            let x = round_number(v, false, h2);
            (v >= 20).then(|| {
                let iv = Interval::new(x as f64, false, inf, true);
                let n = number(x, h2);
                let text = match h2 % 3 {
                    0 => format!("at least {n}"),
                    1 => format!("no less than {n}"),
                    _ => format!("{n} or more"),
                };
                (text, iv)
            })
        }
        60..=69 => {
            let x = round_number(v, true, h2);
            (v >= 20).then(|| {
                let w = word(&["nearly", "almost", "close to", "just under", "nearly"]);
                (
                    format!("{w} {}", number(x, h2)),
                    Interval::closed(x as f64 * (1.0 - T), x as f64),
                )
            })
        }
        70..=79 => {
            let up = h2 % 2 == 0;
            let x = round_number(v, up, h2 >> 8);
            (v >= 20).then(|| {
                let iv = Interval::closed(x as f64 * (1.0 - T), x as f64 * (1.0 + T));
                let n = number(x, h2);
                let text = match h2 % 7 {
                    0 => format!("about {n}"),
                    1 => format!("around {n}"),
                    2 => format!("approximately {n}"),
                    3 => format!("roughly {n}"),
                    4 => format!("some {n}"),
                    5 => format!("~{n}"),
                    _ => format!("an estimated {n}"),
                };
                (text, iv)
            })
        }
        80..=82 => {
            let x = round_number(v + 1, true, h2);
            (v >= 20).then(|| {
                let w = word(&["under", "less than", "fewer than", "below"]);
                (
                    format!("{w} {}", number(x, h2)),
                    Interval::new(0.0, false, x as f64, true),
                )
            })
        }
        83..=84 => {
            let x = round_number(v, true, h2);
            (v >= 20).then(|| {
                let w = word(&["at most", "up to", "no more than"]);
                (
                    format!("{w} {}", number(x, h2)),
                    Interval::closed(0.0, x as f64),
                )
            })
        }
        85..=89 => {
            let x = round_number(v, false, h2);
            let y = round_number(v + 1, true, h2);
            (v >= 20 && x < y).then(|| {
                let (a, b) = (number(x, h2), number(y, h2));
                let text = match h2 % 3 {
                    0 => format!("between {a} and {b}"),
                    1 => format!("{a}\u{2013}{b}"),
                    _ => format!("{a} to {b}"),
                };
                (text, Interval::closed(x as f64, y as f64))
            })
        }
        90..=91 => Some(if v < 200 {
            (
                "dozens".to_string(),
                Interval::new(24.0, false, 144.0, true),
            )
        } else if v < 2000 {
            (
                "hundreds".to_string(),
                Interval::new(200.0, false, 1000.0, true),
            )
        } else {
            (
                "thousands".to_string(),
                Interval::new(2000.0, false, 1e6, true),
            )
        }),
        92..=95 => {
            // 23.5 thousand, 1.5 lakh, 2.3 million, 1.2 crore.
            let units: &[(u64, &str)] = &[
                (1_000, "thousand"),
                (100_000, "lakh"),
                (1_000_000, "million"),
                (10_000_000, "crore"),
            ];
            units
                .iter()
                .rev()
                .find(|(u, _)| v >= 2 * u)
                .map(|&(u, name)| {
                    let tenths = (v * 10 + u / 2) / u; // v / u rounded to one decimal
                    let (text, half) = if tenths % 10 == 0 {
                        (format!("{} {name}", tenths / 10), u / 2)
                    } else {
                        (format!("{}.{} {name}", tenths / 10, tenths % 10), u / 20)
                    };
                    let centre = tenths * u / 10;
                    (
                        text,
                        Interval::new(
                            centre.saturating_sub(half) as f64,
                            false,
                            (centre + half) as f64,
                            true,
                        ),
                    )
                })
        }
        _ => None,
    };
    if let Some((text, iv)) = candidate {
        if safely_inside(&iv, vf) {
            return (text, iv);
        }
    }
    // Exact: digits, sometimes in words or with South Asian grouping.
    let text = if (1..=20).contains(&v) && h2 % 4 == 0 {
        NUMBER_WORDS[v as usize].to_string()
    } else if v == 100 && h2 % 2 == 0 {
        "a hundred".to_string()
    } else if v >= 100_000 && h2 % 5 == 0 {
        south_asian(v)
    } else {
        number(v, h2)
    };
    (text, Interval::exact(vf))
}

/// A percentage with `d` decimals, `x` being the value times 10^d.
fn pct(x: u64, d: u32) -> String {
    if d == 0 {
        x.to_string()
    } else {
        let p = 10u64.pow(d);
        format!("{}.{:0w$}", x / p, x % p, w = d as usize)
    }
}

/// A printed share (a percentage of a whole) whose reading contains `v` (0..=100).
fn print_share(v: f64, h: u64) -> Option<(String, Interval)> {
    let h2 = mix(h);
    if v == 0.0 || v == 100.0 {
        let x = v as u64;
        return Some((
            format!("{x}%"),
            Interval::new(x as f64 - 0.5, false, x as f64 + 0.5, true).clip(0.0, 100.0),
        ));
    }
    let hedged = match h % 10 {
        0 | 1 => {
            let x = v.round();
            Some((
                format!("{} {x}%", ["about", "around", "roughly"][(h2 % 3) as usize]),
                Interval::closed(x * (1.0 - T), x * (1.0 + T)).clip(0.0, 100.0),
            ))
        }
        2 => {
            let x = v.ceil();
            Some((
                format!("{} {x}%", ["nearly", "almost"][(h2 % 2) as usize]),
                Interval::closed(x * (1.0 - T), x).clip(0.0, 100.0),
            ))
        }
        3 => {
            let x = v.floor();
            Some((
                format!("{} {x}%", ["over", "more than"][(h2 % 2) as usize]),
                Interval::new(x, true, f64::INFINITY, true).clip(0.0, 100.0),
            ))
        }
        _ => None,
    };
    if let Some((text, iv)) = hedged {
        if safely_inside(&iv, v) {
            return Some((text, iv));
        }
    }
    let first_decimals = if h % 10 == 9 { 1 } else { 0 };
    for d in first_decimals..=3 {
        let p = 10f64.powi(d as i32);
        let x = (v * p).round();
        let half = 0.5 / p;
        let iv = Interval::new(x / p - half, false, x / p + half, true).clip(0.0, 100.0);
        if safely_inside(&iv, v) {
            let n = pct(x as u64, d);
            let text = match (d, h2 % 6) {
                (0, 0) => format!("{n} percent"),
                (0, 1) => format!("{n}pc"),
                _ => format!("{n}%"),
            };
            return Some((text, iv));
        }
    }
    None
}

/// A printed change (percent change, signed) whose reading contains `v`.
fn print_change(v: f64, h: u64) -> Option<(String, Interval)> {
    let h2 = mix(h);
    if v.abs() < 0.5 {
        return None;
    }
    if h % 10 < 3 {
        let multiples: &[(&str, f64, bool, f64, bool)] = &[
            ("more than doubled", 100.0, true, f64::INFINITY, true),
            ("almost doubled", 80.0, false, 100.0, false),
            ("doubled", 80.0, false, 120.0, false),
            ("tripled", 170.0, false, 230.0, false),
            ("halved", -55.0, false, -45.0, false),
        ];
        let start = (h2 % multiples.len() as u64) as usize;
        for i in 0..multiples.len() {
            let (text, lo, lo_open, hi, hi_open) = multiples[(start + i) % multiples.len()];
            let iv = Interval::new(lo, lo_open, hi, hi_open);
            if safely_inside(&iv, v) {
                return Some((text.to_string(), iv));
            }
        }
    }
    let up = v > 0.0;
    let m = v.abs();
    let first_decimals = if h % 10 == 9 { 1 } else { 0 };
    for d in first_decimals..=3 {
        let p = 10f64.powi(d as i32);
        let x = (m * p).round();
        if x == 0.0 {
            continue;
        }
        let half = 0.5 / p;
        let iv = if up {
            Interval::new(x / p - half, false, x / p + half, true)
        } else {
            // A fall is never past -100%: the reader clips there.
            Interval::new(-x / p - half, false, -x / p + half, true).clip(-100.0, f64::INFINITY)
        };
        if safely_inside(&iv, v) {
            let n = pct(x as u64, d);
            let text = if up {
                match h2 % 6 {
                    0 => format!("{n}% increase"),
                    1 => format!("{n}% rise"),
                    2 => format!("{n}% jump"),
                    3 => format!("{n}% surge"),
                    4 => format!("up {n}%"),
                    _ => format!("{n}% increase"),
                }
            } else {
                match h2 % 5 {
                    0 => format!("{n}% decrease"),
                    1 => format!("{n}% drop"),
                    2 => format!("{n}% decline"),
                    3 => format!("fell by {n}%"),
                    _ => format!("down {n}%"),
                }
            };
            return Some((text, iv));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The generator: one source at a time, with its text, claims and reviews.

/// A claim's key: what claims with equal keys are about.
struct Key {
    kind: Kind,
    metric: usize,
    places: Vec<usize>,
    period: Per,
    base: Option<Per>,
    of: Option<Whole>,
}

#[derive(Clone, Copy)]
enum Whole {
    Place(usize),
    Metric(usize),
}

struct GenClaim {
    claim: Claim,
    kind: Kind,
    /// The interval the generator meant.
    meant: Interval,
    /// The true value (None: printed from a distorted figure on purpose).
    truth: Option<f64>,
}

struct SourceBatch {
    source: Source,
    text: Option<String>,
    claims: Vec<GenClaim>,
    reviews: Vec<Review>,
}

const REVIEWERS: &[&str] = &[
    "ayesha-siddiqui",
    "bilal-ahmed",
    "farah-naz",
    "hamza-khan",
    "imran-qureshi",
    "javeria-malik",
    "kamran-shah",
    "lubna-rashid",
    "omar-farooq",
    "sana-baloch",
    "tariq-mehmood",
    "zainab-ali",
];
const AUTHORS: &[&str] = &[
    "Staff Reporter",
    "Asad Khan",
    "Mehreen Zahra",
    "Irfan Haider",
    "Nadia Malik",
    "Zahid Gishkori",
    "Shakeel Qarar",
    "Saleem Shahid",
    "Ali Akbar",
    "Tahir Khan",
    "Our Correspondent",
];
const FILLERS: &[&str] = &[
    "Officials said the situation remained tense.",
    "The figures were compiled from police and hospital records.",
    "Analysts attributed the trend to the security situation along the border.",
    "The government has announced a review of its counter-terrorism strategy.",
    "Residents described a rise in fear and displacement.",
    "The report calls for better coordination between provincial and federal agencies.",
];

struct Generator {
    world: World,
    rng: Rng,
    consistent: bool,
    reviews_per_claim: u32,
    claims_left: u64,
    sources_left: u64,
    next_source: u64,
    next_claim: u64,
    source_width: usize,
    claim_width: usize,
    prev_hash: String,
    reviews: u64,
    /// Claims made per metric, to suggest a metric for `list --metric`.
    per_metric: Vec<u32>,
    year_weights: Vec<f64>,
}

impl Generator {
    fn new(args: &GenArgs) -> Generator {
        let mut rng = Rng(args.seed);
        let world = World::new(&mut rng);
        let sources = args.sources.unwrap_or((args.claims / 10).max(1)).max(1);
        let per_metric = vec![0; world.metrics.len()];
        Generator {
            world,
            rng,
            consistent: args.consistent,
            reviews_per_claim: args.reviews_per_claim,
            claims_left: args.claims,
            sources_left: sources.min(args.claims.max(1)),
            next_source: 0,
            next_claim: 0,
            source_width: sources.to_string().len().max(6),
            claim_width: args.claims.to_string().len().max(7),
            prev_hash: String::new(),
            reviews: 0,
            per_metric,
            // Topic years 2016..=2024, recent years more written about.
            year_weights: cumulative((0..9).map(|i| 1.0 + i as f64)),
        }
    }

    /// How many claims the next source holds: about the average, at least one, exactly all
    /// that are left for the last source.
    fn claims_for_next(&mut self) -> u64 {
        let (r, s) = (self.claims_left, self.sources_left);
        if s <= 1 {
            return r;
        }
        let avg = (r / s).max(1);
        let lo = (avg / 2).max(1);
        let hi = avg + avg / 2;
        let k = lo + self.rng.below(hi - lo + 1);
        k.min(r - (s - 1)).max(1).min(r)
    }

    fn next_source(&mut self) -> Option<SourceBatch> {
        if self.sources_left == 0 || self.claims_left == 0 {
            return None;
        }
        let k = self.claims_for_next();
        self.sources_left -= 1;
        self.claims_left -= k;
        self.next_source += 1;
        let sid = format!("s-{:0w$}", self.next_source, w = self.source_width);

        let w = &self.world;
        let rng = &mut self.rng;
        // The topic: a metric family, a region, a year.
        let top = w.tops[rng.weighted(&w.top_weights)];
        let region = if rng.chance(0.35) {
            w.country
        } else {
            w.provinces[rng.weighted(&w.province_weights)]
        };
        let year = 2016 + rng.weighted(&self.year_weights) as i32;
        // Publisher: a counting body's report (its own figures), or an outlet citing bodies.
        let by_body = rng.chance(0.25);
        let publisher = if by_body {
            *rng.pick(&w.counting)
        } else {
            *rng.pick(&w.outlets)
        };
        let cited = [*rng.pick(&w.counting), *rng.pick(&w.counting)];
        // Published the year after the topic year: every period has ended by then.
        let day_of_year = rng.below(360) as i64;
        let published_day =
            claimledger::period::days_from_civil(year + 1, 1, 1) as i64 + day_of_year;
        let date = claimledger::period::format_day(published_day as i32);
        let published = match rng.below(50) {
            0 => None,
            1..=4 => Some(date[..7].to_string()),
            _ => Some(date),
        };
        let org = &w.orgs[publisher];
        let region_name = &w.places[region].record.name;
        let topic_words = &w.metrics[top].words;
        let title = if by_body {
            match rng.below(3) {
                0 => format!("{} security report {year}", org.record.name),
                1 => format!(
                    "{}: {topic_words} in {region_name}, {year}",
                    org.record.name
                ),
                _ => format!("Annual review {year}: {region_name}"),
            }
        } else {
            match rng.below(3) {
                0 => format!(
                    "{} in {region_name} in {year}, report says",
                    capitalized(topic_words)
                ),
                1 => format!("{region_name}: a look at {topic_words} in {year}"),
                _ => format!("Militancy in {region_name}: the {year} figures"),
            }
        };
        let url = (!rng.chance(0.08)).then(|| {
            format!(
                "https://{}/news/{}",
                org.domain,
                1_000_000 + self.next_source * 7
            )
        });
        let author = if rng.chance(if by_body { 0.3 } else { 0.7 }) {
            Some(rng.pick(AUTHORS).to_string())
        } else {
            None
        };
        let has_text = rng.chance(0.3);

        let mut source = Source {
            id: sid.clone(),
            url,
            title: title.clone(),
            publisher: Some(org.record.id.clone()),
            author,
            published,
            text_sha256: None,
        };

        let mut claims = Vec::with_capacity(k as usize);
        let mut used = HashSet::new();
        for _ in 0..k {
            let c = self.make_claim(
                &sid, publisher, by_body, cited, top, region, year, &mut used,
            );
            claims.push(c);
        }

        let text = has_text.then(|| {
            let mut t = format!("{title}\n\n");
            for (i, c) in claims.iter().enumerate() {
                t.push_str(&c.claim.quote);
                t.push(' ');
                t.push_str(FILLERS[(i + self.next_source as usize) % FILLERS.len()]);
                t.push_str("\n\n");
            }
            t
        });
        if let Some(t) = &text {
            source.text_sha256 = Some(hex(&Sha256::digest(t.as_bytes())));
        }

        let mut reviews = Vec::with_capacity(claims.len() * self.reviews_per_claim as usize);
        for c in &claims {
            for r in 0..self.reviews_per_claim {
                let last = r + 1 == self.reviews_per_claim;
                reviews.push(self.review(c, last));
            }
        }
        Some(SourceBatch {
            source,
            text,
            claims,
            reviews,
        })
    }

    fn review(&mut self, c: &GenClaim, last: bool) -> Review {
        let rng = &mut self.rng;
        let verdict = if !last {
            "unverifiable"
        } else if c.truth.is_none() {
            ["refuted", "refuted", "disputed", "supported"][rng.index(4)]
        } else {
            [
                "supported",
                "supported",
                "supported",
                "supported",
                "supported",
                "supported",
                "unverifiable",
                "disputed",
            ][rng.index(8)]
        };
        let reviewer = rng.pick(REVIEWERS).to_string();
        let at = format_timestamp(1_767_225_600 + self.reviews as i64 * 17);
        self.reviews += 1;
        let evidence = rng.chance(0.6).then(|| {
            format!(
                "https://{}/reports/{}",
                self.world.orgs[rng.index(COUNTING_BODIES.len())].domain,
                rng.below(100_000)
            )
        });
        let note = rng.chance(0.3).then(|| match verdict {
            "supported" => "Matches the credited body's published figure.".to_string(),
            "refuted" => "The credited body's own report gives a different figure.".to_string(),
            "disputed" => "Bodies count this differently; see evidence.".to_string(),
            _ => "The cited report could not be found.".to_string(),
        });
        let hash = review_hash(
            &self.prev_hash,
            &c.claim.id,
            verdict,
            &reviewer,
            &at,
            evidence.as_deref().unwrap_or(""),
            note.as_deref().unwrap_or(""),
        );
        self.prev_hash = hash.clone();
        Review {
            claim: c.claim.id.clone(),
            verdict: verdict.to_string(),
            reviewer,
            at,
            evidence,
            note,
            hash,
        }
    }

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

    fn draw_key(&mut self, top: usize, region: usize, year: i32) -> Key {
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
    fn key_text(&self, key: &Key) -> String {
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

    fn whole_text(&self, key: &Key) -> String {
        match key.of {
            Some(Whole::Place(p)) => self.world.places[p].record.id.clone(),
            Some(Whole::Metric(m)) => self.world.metrics[m].record.id.clone(),
            None => String::new(),
        }
    }

    /// The printed figure for a key, from the truth (or a distorted count), in a style that
    /// depends on `style` only: one org prints one figure per key.
    fn print(
        &self,
        key: &Key,
        style: u64,
        distort: Option<f64>,
    ) -> Option<(String, Interval, f64)> {
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
                Some((text, iv, v as f64))
            }
            Kind::Change => {
                let base = w.count(key.metric, &key.places, key.base.as_ref()?);
                let now = bend(w.count(key.metric, &key.places, &key.period));
                if base < 5 {
                    return None;
                }
                let v = now as f64 / base as f64 * 100.0 - 100.0;
                let (text, iv) = print_change(v, style)?;
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
                let v = part as f64 / whole as f64 * 100.0;
                let (text, iv) = print_share(v, style)?;
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
    fn make_claim(
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
            kind: key.kind.as_str().to_string(),
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

    /// The metric whose claim count is closest to `target` (for `list --metric`).
    fn suggested_metric(&self, target: u32) -> (String, u32) {
        let (i, n) = self
            .per_metric
            .iter()
            .enumerate()
            .min_by_key(|(_, &n)| n.abs_diff(target))
            .map(|(i, &n)| (i, n))
            .unwrap_or((0, 0));
        (self.world.metrics[i].record.id.clone(), n)
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Sinks.

/// Counts what the stored readings say about the generator's figures.
#[derive(Default)]
struct ReadingStats {
    claims: u64,
    /// The reader refused the figure; the generator's interval was stored.
    fallbacks: u64,
    /// The reader accepted it but read a different interval than the generator meant.
    differ: u64,
    /// With --consistent: stored readings that do not contain the truth.
    exclude_truth: u64,
    examples: Vec<String>,
}

impl ReadingStats {
    fn reading(&mut self, c: &GenClaim, consistent: bool) -> Interval {
        self.claims += 1;
        let iv = match reading::read(&c.claim.printed, c.kind, T) {
            Ok(r) => {
                if !same_interval(&r.interval, &c.meant) {
                    self.differ += 1;
                    if self.examples.len() < 8 {
                        self.examples.push(format!(
                            "{} {:?} ({}): reader {} , generator meant {}",
                            c.claim.id,
                            c.claim.printed,
                            c.kind.as_str(),
                            r.interval,
                            c.meant
                        ));
                    }
                }
                r.interval
            }
            Err(_) => {
                self.fallbacks += 1;
                c.meant
            }
        };
        if consistent {
            if let Some(v) = c.truth {
                if !iv.contains(v) {
                    self.exclude_truth += 1;
                    if self.examples.len() < 16 {
                        self.examples.push(format!(
                            "{} {:?} ({}): reading {} excludes the truth {v}",
                            c.claim.id,
                            c.claim.printed,
                            c.kind.as_str(),
                            iv
                        ));
                    }
                }
            }
        }
        iv
    }

    fn report(&self, consistent: bool) {
        eprintln!(
            "readings: {} claims; {} read by claimledger::reading, {} refused by it (stored with the generator's interval), {} read differently than the generator meant",
            self.claims,
            self.claims - self.fallbacks,
            self.fallbacks,
            self.differ
        );
        if consistent {
            eprintln!(
                "consistent: {} stored readings exclude the truth",
                self.exclude_truth
            );
        }
        for e in &self.examples {
            eprintln!("  {e}");
        }
    }
}

fn same_interval(a: &Interval, b: &Interval) -> bool {
    let close = |x: f64, y: f64| x == y || (x - y).abs() <= 1e-9 * x.abs().max(1.0);
    close(a.lower, b.lower)
        && close(a.upper, b.upper)
        && a.lower_open == b.lower_open
        && a.upper_open == b.upper_open
}

fn gen_db(path: &Path, args: &GenArgs) -> AnyResult<()> {
    if path.exists() {
        return Err(format!("{} exists; give a new path", path.display()).into());
    }
    let started = Instant::now();
    let mut g = Generator::new(args);
    let mut store = Store::init(path)?;
    store.write(|tx| {
        for o in &g.world.orgs {
            tx.insert_org(&o.record)?;
        }
        for p in &g.world.places {
            tx.insert_place(&p.record)?;
        }
        for m in &g.world.metrics {
            tx.insert_metric(&m.record)?;
        }
        Ok(())
    })?;
    let mut stats = ReadingStats::default();
    let (mut sources, mut claims) = (0u64, 0u64);
    loop {
        let mut batch = Vec::new();
        let mut n = 0;
        while n < BATCH_CLAIMS {
            match g.next_source() {
                Some(b) => {
                    n += b.claims.len();
                    batch.push(b);
                }
                None => break,
            }
        }
        if batch.is_empty() {
            break;
        }
        let consistent = g.consistent;
        store.write(|tx| {
            for b in &batch {
                tx.insert_source(&b.source, b.text.as_deref())?;
                for c in &b.claims {
                    let iv = stats.reading(c, consistent);
                    tx.insert_claim(&c.claim, &iv)?;
                }
                for r in &b.reviews {
                    tx.append_review(r)?;
                }
            }
            Ok(())
        })?;
        sources += batch.len() as u64;
        claims += n as u64;
    }
    drop(store);
    summary(
        &g,
        "gen-db",
        &path.display().to_string(),
        sources,
        claims,
        started,
    );
    stats.report(g.consistent);
    Ok(())
}

fn summary(g: &Generator, what: &str, path: &str, sources: u64, claims: u64, started: Instant) {
    let (metric, n) = g.suggested_metric(400);
    eprintln!(
        "{what}: {path}: {} orgs, {} places, {} metrics, {sources} sources, {claims} claims, {} reviews in {:.1} s",
        g.world.orgs.len(),
        g.world.places.len(),
        g.world.metrics.len(),
        g.reviews,
        started.elapsed().as_secs_f64()
    );
    // Machine-readable lines for scripts/bench.
    println!("suggest-list-metric {metric} {n}");
    println!("suggest-claim c-{:0w$}", 1, w = g.claim_width);
    println!("suggest-source s-{:0w$}", 1, w = g.source_width);
    println!("review-head {}", g.prev_hash);
}

fn csv_writer(path: &Path) -> AnyResult<csv::Writer<BufWriter<fs::File>>> {
    let file = fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(BufWriter::with_capacity(1 << 20, file)))
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn gen_dir(dir: &Path, args: &GenArgs) -> AnyResult<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(format!(
            "{} exists and is not empty; give a new directory",
            dir.display()
        )
        .into());
    }
    let started = Instant::now();
    fs::create_dir_all(dir.join("texts"))?;
    let mut g = Generator::new(args);

    let mut orgs: Vec<&Org> = g.world.orgs.iter().map(|o| &o.record).collect();
    orgs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = csv_writer(&dir.join("orgs.csv"))?;
    w.write_record(["id", "name", "aliases"])?;
    for o in orgs {
        w.write_record([&o.id, &o.name, &o.aliases.join("|")])?;
    }
    w.flush()?;

    let mut places: Vec<&Place> = g.world.places.iter().map(|p| &p.record).collect();
    places.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = csv_writer(&dir.join("places.csv"))?;
    w.write_record(["id", "name", "parent", "aliases"])?;
    for p in places {
        w.write_record([&p.id, &p.name, opt(&p.parent), &p.aliases.join("|")])?;
    }
    w.flush()?;

    let mut metrics: Vec<&Metric> = g.world.metrics.iter().map(|m| &m.record).collect();
    metrics.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = csv_writer(&dir.join("metrics.csv"))?;
    w.write_record(["id", "name", "parent", "definition", "aliases"])?;
    for m in metrics {
        w.write_record([
            &m.id,
            &m.name,
            opt(&m.parent),
            opt(&m.definition),
            &m.aliases.join("|"),
        ])?;
    }
    w.flush()?;

    let mut w = csv_writer(&dir.join("waivers.csv"))?;
    w.write_record(["finding", "reason", "reviewer", "at"])?;
    w.flush()?;
    let mut w = csv_writer(&dir.join("settings.csv"))?;
    w.write_record(["key", "value"])?;
    w.write_record(["tolerance", "0.10"])?;
    w.flush()?;

    // Sources, claims and reviews stream out in id order (ids are made in that order).
    let mut ws = csv_writer(&dir.join("sources.csv"))?;
    ws.write_record([
        "id",
        "url",
        "title",
        "publisher",
        "author",
        "published",
        "text_sha256",
    ])?;
    let mut wc = csv_writer(&dir.join("claims.csv"))?;
    wc.write_record([
        "id",
        "source",
        "quote",
        "printed",
        "kind",
        "metric",
        "place",
        "period",
        "base",
        "of",
        "attributed_to",
        "note",
    ])?;
    let mut wr = csv_writer(&dir.join("reviews.csv"))?;
    wr.write_record([
        "claim", "verdict", "reviewer", "at", "evidence", "note", "hash",
    ])?;
    let (mut sources, mut claims) = (0u64, 0u64);
    while let Some(b) = g.next_source() {
        let s = &b.source;
        ws.write_record([
            s.id.as_str(),
            opt(&s.url),
            &s.title,
            opt(&s.publisher),
            opt(&s.author),
            opt(&s.published),
            opt(&s.text_sha256),
        ])?;
        if let Some(text) = &b.text {
            fs::write(dir.join("texts").join(format!("{}.txt", s.id)), text)?;
        }
        for c in &b.claims {
            let c = &c.claim;
            wc.write_record([
                c.id.as_str(),
                &c.source,
                &c.quote,
                &c.printed,
                &c.kind,
                &c.metric,
                &c.place,
                &c.period,
                opt(&c.base),
                opt(&c.of),
                opt(&c.attributed_to),
                opt(&c.note),
            ])?;
        }
        for r in &b.reviews {
            wr.write_record([
                r.claim.as_str(),
                &r.verdict,
                &r.reviewer,
                &r.at,
                opt(&r.evidence),
                opt(&r.note),
                &r.hash,
            ])?;
        }
        sources += 1;
        claims += b.claims.len() as u64;
    }
    ws.flush()?;
    wc.flush()?;
    wr.flush()?;
    summary(
        &g,
        "gen-dir",
        &dir.display().to_string(),
        sources,
        claims,
        started,
    );
    Ok(())
}
