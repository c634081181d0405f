//! The streaming query behind the reviewers' reports (`export claims|audit|claimreview`):
//! every claim in id order with its source and its latest review, one row at a time, so that
//! exporting a ledger of millions of claims holds one claim in memory, not the ledger.

use super::read::{claim_fields, claim_row, review_row, source_row};
use super::{ClaimRow, Reader};
use crate::error::{Error, Result};
use crate::reading::ReadingCache;
use crate::records::{Review, Source};
use rusqlite::OptionalExtension;
use std::cmp::Ordering;
use std::sync::Arc;

/// A claim with what a reviewer reads beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimReport {
    pub row: ClaimRow,
    /// The claim's source (`text_sha256` says whether a text is stored; the text is not read),
    /// shared by the claims that cite it.
    pub source: Arc<Source>,
    /// The claim's latest review, if any.
    pub latest: Option<Review>,
}

/// Claims handed from the reading thread at a time, and batches in flight: a few thousand
/// claims in memory at most.
const BATCH: usize = 512;
const IN_FLIGHT: usize = 4;

impl Reader<'_> {
    /// Every claim in id order with its source and latest review, handed to `each` one at a
    /// time, in one pass over the claims and one over the reviews.
    /// With a twin connection the rows are read and parsed on a second thread while `each`
    /// writes them on this one.
    pub fn for_each_claim_report(
        &self,
        mut each: impl FnMut(ClaimReport) -> Result<()>,
    ) -> Result<()> {
        self.with_twin(|twin| match twin {
            None => self.claim_reports(each),
            Some(twin) => std::thread::scope(|scope| {
                let (to, from) = std::sync::mpsc::sync_channel::<Vec<ClaimReport>>(IN_FLIGHT);
                let reading = std::thread::Builder::new()
                    .name("claim-reports".into())
                    .spawn_scoped(scope, move || {
                        let mut batch = Vec::with_capacity(BATCH);
                        Reader::new(twin).claim_reports(|r| {
                            batch.push(r);
                            if batch.len() == BATCH {
                                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                                // The writer stopped (an error of its own, returned below).
                                to.send(full).map_err(|_| Error::Fault("stopped".into()))?;
                            }
                            Ok(())
                        })?;
                        let _ = to.send(batch);
                        Ok::<(), Error>(())
                    })?;
                let written = from.iter().flatten().try_for_each(&mut each);
                drop(from);
                let read = reading
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                // The writer's own error first: the reader then only saw it stop.
                written.and(read)
            }),
        })
    }

    /// [`Reader::for_each_claim_report`] on this connection alone: the claims in id order
    /// merged with the reviews in claim order (two scans, not a search of the reviews for
    /// each claim), each source read once for the run of claims that cite it.
    fn claim_reports(&self, mut each: impl FnMut(ClaimReport) -> Result<()>) -> Result<()> {
        let mut readings = ReadingCache::new(self.tolerance()?);
        // The verdict column is the latest review's, set from the merge.
        let mut claims = self.conn().prepare(&format!(
            "SELECT {}, NULL FROM claims c ORDER BY c.id",
            claim_fields!()
        ))?;
        let mut reviews = self.conn().prepare(
            "SELECT claim, verdict, reviewer, at, evidence, note, hash FROM reviews \
             ORDER BY claim, seq",
        )?;
        let mut latest = LatestReviews {
            rows: reviews.query([])?,
            ahead: None,
        };
        let mut sources = self.conn().prepare(
            "SELECT id, url, title, publisher, author, published, text_sha256 \
             FROM sources WHERE id = ?1",
        )?;
        let mut source: Option<Arc<Source>> = None;
        let mut rows = claims.query([])?;
        while let Some(r) = rows.next()? {
            let mut row = claim_row(r, &mut readings)?;
            let cited = &row.claim.source;
            let source = match &source {
                Some(s) if &s.id == cited => Arc::clone(s),
                _ => {
                    let read = sources
                        .query_row([cited], source_row)
                        .optional()?
                        .ok_or_else(|| {
                            Error::invalid(format!(
                                "claim {}: unknown source {cited:?}",
                                row.claim.id
                            ))
                        })?;
                    Arc::clone(source.insert(Arc::new(read)))
                }
            };
            let latest = latest.of(&row.claim.id)?;
            row.verdict = latest.as_ref().map(|r| r.verdict);
            each(ClaimReport {
                row,
                source,
                latest,
            })?;
        }
        Ok(())
    }
}

/// The reviews in claim order (and each claim's in recorded order), read alongside the claims
/// in id order: SQLite orders text as bytes, as `str` compares.
struct LatestReviews<'s> {
    rows: rusqlite::Rows<'s>,
    /// The review read past the last claim asked for.
    ahead: Option<Review>,
}

impl LatestReviews<'_> {
    /// The latest review of `claim`, asked for in increasing order of claim.
    fn of(&mut self, claim: &str) -> Result<Option<Review>> {
        let mut latest = None;
        loop {
            let review = match self.ahead.take() {
                Some(review) => review,
                None => match self.rows.next()? {
                    Some(row) => review_row(row)?,
                    None => return Ok(latest),
                },
            };
            match review.claim.as_str().cmp(claim) {
                // Of a claim that is not in the ledger (the schema's reference forbids it).
                Ordering::Less => {}
                Ordering::Equal => latest = Some(review),
                Ordering::Greater => {
                    self.ahead = Some(review);
                    return Ok(latest);
                }
            }
        }
    }
}

impl Reader<'_> {
    /// Every review in the order recorded, with the reviewed claim's quote and printed figure
    /// (empty when the claim is gone, which import and `remove` never allow).
    pub fn for_each_review_with_quote(
        &self,
        mut each: impl FnMut(Review, String, String) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT r.claim, r.verdict, r.reviewer, r.at, r.evidence, r.note, r.hash, \
                    COALESCE(c.quote, ''), COALESCE(c.printed, '') \
             FROM reviews r LEFT JOIN claims c ON c.id = r.claim ORDER BY r.seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(review_row(row)?, row.get(7)?, row.get(8)?)?;
        }
        Ok(())
    }
}
