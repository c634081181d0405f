//! The per-row work of a whole-ledger read that needs none of the facts being built, kept
//! apart so that a reader can do it on a second thread: L002 (each stored text folded and
//! searched for its claims' quotes), the review history's hash chain (a SHA-256 a row), and
//! each review's verdict in recorded order (a claim's latest is its verdict).
//!
//! The SQLite store reads the texts and reviews over a second connection on the same
//! snapshot while its first reads the claims (`Reader::check_feed`), and hands the engine the
//! [`SideReads`] when both are done (the checks of the claims may have run meanwhile: they
//! read nothing of it). A ledger directory is read on two threads
//! already (`text_form`'s import pipeline) and fills its `SideReads` inline. Nothing here
//! reads a file or a database.

use super::history::{ChainCheck, ChainVerifier, ReviewRow};
use super::model::{Finding, Verdict};
use super::provenance;

/// The texts' L002 findings, the review chain and the reviews' verdicts of one ledger.
#[derive(Debug, Default)]
pub struct SideReads {
    quotes: Vec<Finding>,
    chain: ChainVerifier,
    verdicts: Verdicts,
}

impl SideReads {
    /// L002 for the claims quoting one source's stored text: `(claim id, quote)` pairs.
    pub fn text<'q>(
        &mut self,
        source: &str,
        text: &str,
        quotes: impl IntoIterator<Item = (&'q str, &'q str)>,
    ) {
        self.quotes
            .extend(provenance::quotes_in_text(source, text, quotes));
    }

    /// L002 findings made apart (see `provenance::quotes_in_text`).
    pub fn quote_findings(&mut self, findings: Vec<Finding>) {
        self.quotes.extend(findings);
    }

    /// The next review in recorded order.
    pub fn review(&mut self, row: ReviewRow<'_>) {
        self.verdicts.push(row.claim, row.verdict);
        self.chain.push(row);
    }

    /// The L002 findings, the chain's verdict and every review's (claim, verdict) in
    /// recorded order.
    pub fn finish(self) -> (Vec<Finding>, ChainCheck, Verdicts) {
        (self.quotes, self.chain.finish(), self.verdicts)
    }
}

/// Each review's claim id and verdict, in recorded order: the ids in one buffer (a million
/// reviews hold about 30 MB this way, not 60 MB of separate strings).
#[derive(Debug, Default)]
pub struct Verdicts {
    ids: String,
    ends: Vec<usize>,
    verdicts: Vec<Verdict>,
}

impl Verdicts {
    fn push(&mut self, claim: &str, verdict: Verdict) {
        self.ids.push_str(claim);
        self.ends.push(self.ids.len());
        self.verdicts.push(verdict);
    }

    /// `(claim id, verdict)` in recorded order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Verdict)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.verdicts)
            .map(|((start, &end), &v)| (&self.ids[start..end], v))
    }
}
