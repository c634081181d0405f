//! What a run reports: how the stored readings compare with the generator's figures, and the
//! summary (with the machine-readable lines `scripts/bench` reads).

use crate::claims::GenClaim;
use crate::figures::t;
use crate::generator::Generator;
use claimledger::interval::Interval;
use claimledger::reading;
use std::time::Instant;

/// Counts what the stored readings say about the generator's figures.
#[derive(Default)]
pub(crate) struct ReadingStats {
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
    pub(crate) fn reading(&mut self, c: &GenClaim, consistent: bool) -> Interval {
        self.claims += 1;
        let iv = match reading::read(&c.claim.printed, c.kind, &t()) {
            Ok(r) => {
                if r.interval != c.meant {
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
                c.meant.clone()
            }
        };
        if consistent {
            if let Some(v) = &c.truth {
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

    pub(crate) fn report(&self, consistent: bool) {
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

pub(crate) fn summary(
    g: &Generator,
    what: &str,
    path: &str,
    sources: u64,
    claims: u64,
    started: Instant,
) {
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
