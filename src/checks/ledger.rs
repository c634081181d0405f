//! The check engine over a whole ledger: [`LedgerFeed`] takes a ledger's rows in the order a
//! store or a ledger directory holds them (vocabulary, sources, claims, texts with their
//! claims' quotes, reviews, waivers), runs the per-row checks (L001, L002) and walks the two
//! hash chains (L013) on the way, and keeps only the compact facts the ledger-wide checks
//! need; [`run`] then runs every check, applies the waivers and says what `check` reports.
//! The checks of the claims (L003 to L010, L015) read nothing that comes after the claims, so
//! a reader with the rest still to read may run them first ([`ClaimsRead::check_claims`]).
//!
//! Both ways a ledger is read feed this one engine: `Reader::check_feed` (SQLite) and
//! `text_form::check_directory` (the canonical files, no database), so `check` says the same
//! thing byte for byte whichever it is given. Nothing here reads a file or a database.

use super::feed::{source_facts, ClaimCells, ClaimStream};
use super::history::{verify_waivers, ChainCheck};
use super::model::{CheckInput, Finding, Wording};
use super::side::SideReads;
use crate::error::Result;
use crate::exact::Num;
use crate::records::Waiver;
use std::collections::{BTreeMap, HashSet};

/// A whole ledger being read into the checks.
pub struct LedgerFeed {
    stream: ClaimStream,
    /// Whether sources are still coming (they come before claims, in any order).
    sources_open: bool,
    /// L002, the chain and the verdicts, when the texts and reviews are read here (see
    /// [`LedgerFeed::finish_with`] for when they are read apart).
    side: SideReads,
}

/// A ledger's claims and sources read, before its texts, reviews and waivers: all that the
/// checks of the claims read ([`ClaimsRead::check_claims`]), so that a caller reading the rest
/// on a second thread runs them meanwhile.
pub struct ClaimsRead {
    stream: ClaimStream,
    side: SideReads,
    claims_findings: Option<ClaimsFindings>,
}

/// The findings of [`super::claims_findings`], and the wording they were made in.
struct ClaimsFindings {
    wording: Wording,
    findings: Vec<Finding>,
}

/// Everything the ledger-wide checks read, and what the per-row checks and chains found.
pub struct CheckFeed {
    pub input: CheckInput,
    /// L001 and L002 findings.
    pub provenance: Vec<Finding>,
    /// The review history's hash chain (L013 and the head hash).
    pub chain: ChainCheck,
    /// The waivers in recorded order; only those up to the first whose hash does not verify
    /// waive anything.
    pub waivers: Vec<Waiver>,
    /// The checks of the claims, when they ran while the rest was read.
    claims_findings: Option<ClaimsFindings>,
}

impl LedgerFeed {
    /// A ledger read at `tolerance`.
    pub fn new(tolerance: Num) -> Self {
        let input = CheckInput {
            tolerance,
            ..CheckInput::default()
        };
        LedgerFeed {
            stream: ClaimStream::new(input, None),
            sources_open: true,
            side: SideReads::default(),
        }
    }

    /// About how many claims will come (a hint: more or fewer may).
    pub fn expect_claims(&mut self, claims: usize) {
        // Past this, the hint is not believed: the facts grow as they come.
        const MAX_HINT: usize = 1 << 24;
        let claims = claims.min(MAX_HINT);
        let input = &mut self.stream.input;
        input.claims.reserve_exact(claims);
        input.ids.reserve(claims);
    }

    /// A place's parent.
    pub fn place_parent(&mut self, place: &str, parent: &str) {
        self.stream.input.set_place_parent(place, parent);
    }

    /// A metric's parent.
    pub fn metric_parent(&mut self, metric: &str, parent: &str) {
        self.stream.input.set_metric_parent(metric, parent);
    }

    /// A source, before any claim.
    pub fn source(
        &mut self,
        id: &str,
        publisher: Option<&str>,
        published: Option<&str>,
    ) -> Result<()> {
        let input = &mut self.stream.input;
        let facts = source_facts(input, id, publisher, published)?;
        input.sources.push(facts);
        Ok(())
    }

    /// A claim, after every source.
    pub fn claim(&mut self, cells: ClaimCells<'_>) -> Result<()> {
        self.close_sources();
        self.stream.push(cells)?;
        Ok(())
    }

    /// Sources are held sorted by id, as claims look them up (and whatever order a file
    /// lists them in, so that nothing reported depends on it).
    fn close_sources(&mut self) {
        if self.sources_open {
            self.sources_open = false;
            let sources = &mut self.stream.input.sources;
            if !sources.is_sorted_by(|a, b| a.id < b.id) {
                sources.sort_unstable_by(|a, b| a.id.cmp(&b.id));
            }
        }
    }

    /// The texts, reviews and their checks, read here.
    pub fn side(&mut self) -> &mut SideReads {
        &mut self.side
    }

    /// The claims read: no claim or source comes after this.
    pub fn claims_read(mut self) -> ClaimsRead {
        self.close_sources();
        let LedgerFeed {
            mut stream, side, ..
        } = self;
        // Growth left up to half of each table unused.
        let input = &mut stream.input;
        input.claims.shrink_to_fit();
        input.names.shrink_to_fit();
        input.ids.shrink_to_fit();
        ClaimsRead {
            stream,
            side,
            claims_findings: None,
        }
    }

    /// The ledger read, its texts and reviews read apart into `side` instead of through
    /// [`LedgerFeed::side`].
    pub fn finish_with(self, side: SideReads, waivers: Vec<Waiver>) -> CheckFeed {
        self.claims_read().finish_with(side, waivers)
    }

    /// The ledger read, with its waivers in recorded order.
    pub fn finish(self, waivers: Vec<Waiver>) -> CheckFeed {
        self.claims_read().finish(waivers)
    }
}

impl ClaimsRead {
    /// Runs the checks of the claims (L003 to L010, L015), worded as `wording` asks, for
    /// [`run`] to take up: they read no review, text or waiver, so they can run while those
    /// are still being read. A `run` in another wording runs them again.
    pub fn check_claims(&mut self, wording: Wording) {
        let findings = super::claims_findings(&self.stream.input, wording);
        self.claims_findings = Some(ClaimsFindings { wording, findings });
    }

    /// The ledger read, its texts and reviews read apart into `side`.
    pub fn finish_with(mut self, side: SideReads, waivers: Vec<Waiver>) -> CheckFeed {
        self.side = side;
        self.finish(waivers)
    }

    /// The ledger read, with its waivers in recorded order.
    pub fn finish(self, waivers: Vec<Waiver>) -> CheckFeed {
        let ClaimsRead {
            stream,
            side,
            claims_findings,
        } = self;
        let (quotes, chain, verdicts) = side.finish();
        let mut input = stream.input;
        let mut provenance = stream.provenance;
        provenance.extend(quotes);
        // The verdicts are merged after the checks of the claims may have run: none of them
        // reads a verdict (only L011 and L012 do, in `run`).
        let mut finder = ClaimFinder::default();
        for (claim, verdict) in verdicts.iter() {
            if let Some(i) = finder.find(&input, claim) {
                input.claims[i].verdict = Some(verdict);
            }
        }
        CheckFeed {
            input,
            provenance,
            chain,
            waivers,
            claims_findings,
        }
    }
}

/// Finds claims by id for the reviews. Reviews mostly come in the claims' own order (claims
/// are reviewed as they are added), so the claim found last, or the one after it, is tried
/// first: a million lookups then cost a string comparison each. On the first miss the claims
/// are sorted by id once (4 bytes a claim) and looked up by binary search.
#[derive(Default)]
struct ClaimFinder {
    last: usize,
    by_id: Option<Vec<u32>>,
}

impl ClaimFinder {
    fn find(&mut self, input: &CheckInput, id: &str) -> Option<usize> {
        let claims = &input.claims;
        for i in [self.last, self.last + 1] {
            if claims.get(i).is_some_and(|c| input.id_of(c) == id) {
                self.last = i;
                return Some(i);
            }
        }
        let by_id = self.by_id.get_or_insert_with(|| {
            let mut order: Vec<u32> = (0..claims.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| {
                input
                    .id_of(&claims[a as usize])
                    .cmp(input.id_of(&claims[b as usize]))
            });
            order
        });
        let at = by_id
            .binary_search_by(|&i| input.id_of(&claims[i as usize]).cmp(id))
            .ok()?;
        self.last = by_id[at] as usize;
        Some(self.last)
    }
}

/// Every finding of a ledger, waivers applied, and the review history's head.
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub head: String,
    pub reviews: usize,
    /// The claims of unwaived L011 findings, by source id: what the text output summarises.
    pub unreviewed: BTreeMap<String, usize>,
    /// The ledger's waivers, in recorded order.
    pub waivers: Vec<Waiver>,
}

/// The ids a ledger's waivers waive: those of the waivers up to the first whose hash does not
/// verify, which is reported as L013.
pub fn waived(waivers: &[Waiver]) -> (Vec<String>, Option<Finding>) {
    let (valid, broken) = verify_waivers(
        waivers
            .iter()
            .map(|w| [w.finding.as_str(), &w.reason, &w.reviewer, &w.at, &w.hash]),
    );
    let ids = waivers
        .iter()
        .take(valid)
        .map(|w| w.finding.clone())
        .collect();
    (ids, broken)
}

/// Run every check over a ledger's feed, waivers applied, the findings worded as `wording`
/// asks.
pub fn run(feed: CheckFeed, wording: Wording) -> Outcome {
    let (waived_ids, waivers_broken) = waived(&feed.waivers);
    let mut provenance = feed.provenance;
    provenance.extend(feed.chain.broken.clone());
    provenance.extend(waivers_broken);
    let mut findings = match feed.claims_findings {
        Some(made) if made.wording == wording => {
            super::run_after(&feed.input, made.findings, provenance, wording)
        }
        _ => super::run(&feed.input, provenance, wording),
    };
    super::apply_waivers(&mut findings, &waived_ids);
    if wording == Wording::Bare {
        // The few findings made while the ledger was read (L001, L002, L013) and the stale
        // waivers (L014) come worded: unworded means every finding.
        for f in &mut findings {
            f.message = String::new();
            f.working = String::new();
        }
    }
    let unreviewed_ids: HashSet<&str> = findings
        .iter()
        .filter(|f| f.code == "L011" && !f.waived)
        .filter_map(|f| f.claims.first().map(String::as_str))
        .collect();
    let mut unreviewed = BTreeMap::new();
    if !unreviewed_ids.is_empty() {
        let input = &feed.input;
        for c in &input.claims {
            if unreviewed_ids.contains(input.id_of(c)) {
                *unreviewed
                    .entry(input.sources[c.source].id.clone())
                    .or_insert(0) += 1;
            }
        }
    }
    Outcome {
        findings,
        head: feed.chain.head,
        reviews: feed.chain.rows,
        unreviewed,
        waivers: feed.waivers,
    }
}
