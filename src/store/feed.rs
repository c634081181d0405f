//! Streaming reads of whole tables: what `dump`, `export` and `check` walk through. Rows are
//! handed over one at a time so that no command holds the ledger's text in memory; `check`
//! keeps only the compact facts its ledger-wide checks need, and runs the per-row provenance
//! checks (L001, L002, L013) while streaming.

use super::claim_rows::{ClaimStream, FEED_COLUMNS};
use super::feed_rows::{opt_text, source_fact, text, PendingSources};
use super::feed_scope::FeedScope;
use super::read::{review_row, source_row};
use super::Reader;
use crate::checks::history::{ChainCheck, ChainVerifier, ReviewRow};
use crate::checks::model::{CheckInput, Finding, Verdict};
use crate::checks::names::FxHashMap;
use crate::checks::provenance;
use crate::error::Result;
use crate::records::{Review, Source};
use rusqlite::named_params;

/// What `show` reads from the store for one claim's findings.
pub struct ScopeFeed {
    pub input: CheckInput,
    /// The claim's own L001 and L002 findings.
    pub provenance: Vec<Finding>,
    /// Ids of waived findings.
    pub waived: Vec<String>,
}

/// What `check` reads from the store.
pub struct CheckFeed {
    pub input: CheckInput,
    /// L001 and L002 findings, found while streaming.
    pub provenance: Vec<Finding>,
    /// The review history's hash chain (L013 and the head hash).
    pub chain: ChainCheck,
    /// Ids of waived findings: those of the waivers whose chain verifies.
    pub waived: Vec<String>,
    /// L013 for the first waiver whose hash does not verify.
    pub waivers_broken: Option<Finding>,
}

impl Reader<'_> {
    /// Every source in id order, with its stored text.
    pub fn for_each_source(
        &self,
        mut each: impl FnMut(Source, Option<String>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT id, url, title, publisher, author, published, text_sha256, text FROM sources ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(source_row(row)?, row.get(7)?)?;
        }
        Ok(())
    }

    /// Every review in the order recorded.
    pub fn for_each_review(&self, mut each: impl FnMut(Review) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT claim, verdict, reviewer, at, evidence, note, hash FROM reviews ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(review_row(row)?)?;
        }
        Ok(())
    }

    /// Everything the checks need over the whole ledger, with the per-row checks already run
    /// and the review history's hash chain walked.
    ///
    /// Text columns are read in place (no `String` per cell) and names are interned as they
    /// come, so a million claims cost the store no allocation each beyond what the checks keep.
    pub fn check_feed(&self) -> Result<CheckFeed> {
        let (input, provenance, chain) = self.whole_ledger(self.base_input()?)?;
        let (waived, waivers_broken) = self.waived()?;
        Ok(CheckFeed {
            input,
            provenance,
            chain,
            waived,
            waivers_broken,
        })
    }

    /// What one claim's findings can involve (see [`FeedScope`]): no hash-chain walk, and no
    /// verdicts (`checks::run_for_claim` asks for the few it needs).
    pub fn scope_feed(&self, scope: &FeedScope<'_>) -> Result<ScopeFeed> {
        // Only the sources the scope's claims cite, read after them.
        let mut stream = ClaimStream::new(self.base_input()?, Some(PendingSources::default()));
        self.scoped_claims(scope, &mut stream)?;
        let pending = stream.take_pending().unwrap_or_default();
        let mut input = stream.input;
        self.settle_sources(&mut input, pending)?;
        let mut provenance = Vec::new();
        self.own_provenance(scope.claim, &mut provenance)?;
        Ok(ScopeFeed {
            input,
            provenance,
            waived: self.waived()?.0,
        })
    }

    /// The tolerance and the place and metric trees, which every feed starts from.
    fn base_input(&self) -> Result<CheckInput> {
        let mut input = CheckInput {
            tolerance: self.tolerance()?,
            ..CheckInput::default()
        };
        for (place, parent) in self.place_parents()? {
            let (child, parent) = (input.intern(&place), input.intern(&parent));
            input.hierarchy.place_parent.insert(child, parent);
        }
        for (metric, parent) in self.metric_parents()? {
            let (child, parent) = (input.intern(&metric), input.intern(&parent));
            input.hierarchy.metric_parent.insert(child, parent);
        }
        Ok(input)
    }

    /// Ids of waived findings: of the waivers whose chain verifies, up to the first that
    /// does not (reported as L013).
    fn waived(&self) -> Result<(Vec<String>, Option<Finding>)> {
        let waivers = self.waivers()?;
        let (valid, broken) = crate::checks::history::verify_waivers(
            waivers
                .iter()
                .map(|w| [w.finding.as_str(), &w.reason, &w.reviewer, &w.at, &w.hash]),
        );
        let ids = waivers.into_iter().take(valid).map(|w| w.finding).collect();
        Ok((ids, broken))
    }

    /// Every source and claim, the per-row checks, and every claim's verdict, heard from the
    /// pass that verifies the review history's hash chain.
    fn whole_ledger(
        &self,
        mut input: CheckInput,
    ) -> Result<(CheckInput, Vec<Finding>, ChainCheck)> {
        // All sources up front, then every claim in storage order, not id order: a scan
        // instead of a lookup per row. Nothing the checks report depends on the order claims
        // come in.
        self.for_each_source_fact(&mut input)?;
        let mut stream = ClaimStream::new(input, None);
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT {FEED_COLUMNS} FROM claims c"))?;
        stream.push_all(stmt.query([])?)?;
        let (mut input, mut provenance) = (stream.input, stream.provenance);
        // Growth left up to half of each table unused.
        input.claims.shrink_to_fit();
        input.names.shrink_to_fit();
        input.ids.shrink_to_fit();
        self.quotes_in_texts(&mut provenance)?;

        // Each claim's verdict is that of its last review in recorded order.
        let mut verdicts = vec![None; input.claims.len()];
        let mut finder = ClaimFinder {
            input: &input,
            last: 0,
            by_id: None,
        };
        let chain = self.chain(|claim, verdict| {
            if let Some(i) = finder.find(claim) {
                verdicts[i] = Verdict::parse(verdict);
            }
        })?;
        for (c, v) in input.claims.iter_mut().zip(verdicts) {
            c.verdict = v;
        }
        Ok((input, provenance, chain))
    }

    /// L002 for every claim whose source has a stored text: one pass over the texts, each
    /// folded once, with its claims' quotes.
    fn quotes_in_texts(&self, provenance: &mut Vec<Finding>) -> Result<()> {
        let mut texts = self
            .conn()
            .prepare("SELECT id, text FROM sources WHERE text_sha256 IS NOT NULL ORDER BY id")?;
        let mut texts = texts.query([])?;
        let mut quotes = self
            .conn()
            .prepare("SELECT id, quote FROM claims WHERE source = :source ORDER BY id")?;
        while let Some(row) = texts.next()? {
            let source = text(row, 0)?;
            let folded = provenance::FoldedText::new(opt_text(row, 1)?.unwrap_or_default());
            let mut rows = quotes.query(named_params! {":source": source})?;
            while let Some(row) = rows.next()? {
                let quote = text(row, 1)?;
                provenance.extend(provenance::l002(text(row, 0)?, source, quote, &folded));
            }
        }
        Ok(())
    }

    /// Verify the review history's hash chain, streaming it row by row; `each` hears every
    /// row's claim and verdict, in recorded order.
    pub fn chain(&self, mut each: impl FnMut(&str, &str)) -> Result<ChainCheck> {
        let mut stmt = self.conn().prepare(
            "SELECT seq, claim, verdict, reviewer, at, coalesce(evidence, ''), coalesce(note, ''), hash \
             FROM reviews ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut verifier = ChainVerifier::default();
        while let Some(row) = rows.next()? {
            let text = |i: usize| text(row, i);
            each(text(1)?, text(2)?);
            verifier.push(ReviewRow {
                seq: row.get(0)?,
                claim: text(1)?,
                verdict: text(2)?,
                reviewer: text(3)?,
                at: text(4)?,
                evidence: text(5)?,
                note: text(6)?,
                hash: text(7)?,
            });
        }
        Ok(verifier.finish())
    }

    /// Every source, in id order, into `input`.
    fn for_each_source_fact(&self, input: &mut CheckInput) -> Result<()> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, publisher, published FROM sources ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let facts = source_fact(row, input)?;
            input.sources.push(facts);
        }
        Ok(())
    }
}

/// Finds claims by id for the reviews. Reviews mostly come in the claims' own order (claims
/// are reviewed as they are added), so the claim found last, or the one after it, is tried
/// first: a million lookups then cost a string comparison each, not a hash table probe. An
/// index is built on the first miss.
struct ClaimFinder<'i> {
    input: &'i CheckInput,
    last: usize,
    by_id: Option<FxHashMap<&'i str, u32>>,
}

impl ClaimFinder<'_> {
    fn find(&mut self, id: &str) -> Option<usize> {
        let claims = &self.input.claims;
        for i in [self.last, self.last + 1] {
            if claims.get(i).is_some_and(|c| self.input.id_of(c) == id) {
                self.last = i;
                return Some(i);
            }
        }
        let input = self.input;
        let by_id = self.by_id.get_or_insert_with(|| {
            (0..claims.len())
                .map(|i| (input.id_of(&claims[i]), i as u32))
                .collect()
        });
        let i = *by_id.get(id)? as usize;
        self.last = i;
        Some(i)
    }
}
