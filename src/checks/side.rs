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

    /// The last review is in: the verdicts give back the room they grew into (a third of
    /// what they hold at a million reviews), on the thread that read them, since the checks
    /// of the claims may still be running when it is done (see `Reader::check_feed`).
    pub fn reviews_read(&mut self) {
        self.verdicts.shrink_to_fit();
    }

    /// The L002 findings, the chain's verdict and every review's (claim, verdict) in
    /// recorded order.
    pub fn finish(self) -> (Vec<Finding>, ChainCheck, Verdicts) {
        (self.quotes, self.chain.finish(), self.verdicts)
    }
}

/// Each review's claim id and verdict, in recorded order: the ids in one buffer, each with
/// its length (a million reviews hold about 14 MB this way, not 60 MB of separate strings).
#[derive(Debug, Default)]
pub struct Verdicts {
    ids: String,
    /// The length of each id, or [`LONG`] for one whose length is in `long` (none is, in
    /// practice: SQLite keeps no text of 2^32 bytes): half the room of an end offset each.
    lengths: Vec<u32>,
    long: Vec<usize>,
    verdicts: Vec<Verdict>,
}

/// In `Verdicts::lengths`: the length is the next of `Verdicts::long`.
const LONG: u32 = u32::MAX;

impl Verdicts {
    fn push(&mut self, claim: &str, verdict: Verdict) {
        self.ids.push_str(claim);
        match u32::try_from(claim.len()) {
            Ok(len) if len != LONG => self.lengths.push(len),
            _ => {
                self.lengths.push(LONG);
                self.long.push(claim.len());
            }
        }
        self.verdicts.push(verdict);
    }

    fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.lengths.shrink_to_fit();
        self.verdicts.shrink_to_fit();
    }

    /// `(claim id, verdict)` in recorded order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Verdict)> {
        let mut start = 0;
        let mut long = self.long.iter();
        self.lengths
            .iter()
            .zip(&self.verdicts)
            .map(move |(&len, &v)| {
                let len = match len {
                    LONG => long.next().copied().unwrap_or_default(),
                    len => len as usize,
                };
                let id = &self.ids[start..start + len];
                start += len;
                (id, v)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids come back as they went in, in order, whatever their lengths.
    #[test]
    fn verdicts_keep_their_ids_in_order() {
        let mut verdicts = Verdicts::default();
        let ids = ["c-1", "", "a-much-longer-claim-id-0000042", "c-1"];
        let said = [
            Verdict::Supported,
            Verdict::Disputed,
            Verdict::Refuted,
            Verdict::Unverifiable,
        ];
        for (id, v) in ids.iter().zip(said) {
            verdicts.push(id, v);
        }
        verdicts.shrink_to_fit();
        let back: Vec<(&str, Verdict)> = verdicts.iter().collect();
        let want: Vec<(&str, Verdict)> = ids.iter().copied().zip(said).collect();
        assert_eq!(back, want);
    }
}
