//! The generator: one source at a time, with its text, claims and reviews (on a correct hash
//! chain).

use crate::claims::GenClaim;
use crate::org_names::COUNTING_BODIES;
use crate::rng::{cumulative, Rng};
use crate::world::{capitalized, World};
use crate::GenArgs;
use claimledger::checks::history::review_hash;
use claimledger::period::format_timestamp;
use claimledger::records::{Review, Source, Verdict};
use claimledger::text_form::sha256_hex;
use std::collections::HashSet;

/// One source with everything made for it: its text, claims and reviews.
pub(crate) struct SourceBatch {
    pub(crate) source: Source,
    pub(crate) text: Option<String>,
    pub(crate) claims: Vec<GenClaim>,
    pub(crate) reviews: Vec<Review>,
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

pub(crate) struct Generator {
    pub(crate) world: World,
    pub(crate) rng: Rng,
    pub(crate) consistent: bool,
    reviews_per_claim: u32,
    claims_left: u64,
    sources_left: u64,
    next_source: u64,
    pub(crate) next_claim: u64,
    pub(crate) source_width: usize,
    pub(crate) claim_width: usize,
    pub(crate) prev_hash: String,
    pub(crate) reviews: u64,
    /// Claims made per metric, to suggest a metric for `list --metric`.
    pub(crate) per_metric: Vec<u32>,
    year_weights: Vec<f64>,
}

impl Generator {
    pub(crate) fn new(args: &GenArgs) -> Generator {
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

    pub(crate) fn next_source(&mut self) -> Option<SourceBatch> {
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
            source.text_sha256 = Some(sha256_hex(t.as_bytes()));
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
        use Verdict::{Disputed, Refuted, Supported, Unverifiable};
        let verdict = if !last {
            Unverifiable
        } else if c.truth.is_none() {
            [Refuted, Refuted, Disputed, Supported][rng.index(4)]
        } else {
            [
                Supported,
                Supported,
                Supported,
                Supported,
                Supported,
                Supported,
                Unverifiable,
                Disputed,
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
            Supported => "Matches the credited body's published figure.".to_string(),
            Refuted => "The credited body's own report gives a different figure.".to_string(),
            Disputed => "Bodies count this differently; see evidence.".to_string(),
            Unverifiable => "The cited report could not be found.".to_string(),
        });
        let hash = review_hash(
            &self.prev_hash,
            &c.claim.id,
            verdict.as_str(),
            &reviewer,
            &at,
            evidence.as_deref().unwrap_or(""),
            note.as_deref().unwrap_or(""),
        );
        self.prev_hash = hash.clone();
        Review {
            claim: c.claim.id.clone(),
            verdict,
            reviewer,
            at,
            evidence,
            note,
            hash,
        }
    }

    /// The metric whose claim count is closest to `target` (for `list --metric`).
    pub(crate) fn suggested_metric(&self, target: u32) -> (String, u32) {
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
