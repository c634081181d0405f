//! The streaming query behind the reviewers' reports (`export claims|audit|claimreview`):
//! every claim in id order with its source and its latest review, one row at a time, so that
//! exporting a ledger of millions of claims holds one claim in memory, not the ledger.

use super::read::{claim_fields, claim_row, review_row};
use super::{ClaimRow, Reader};
use crate::error::{Error, Result};
use crate::reading::ReadingCache;
use crate::records::{Review, Source};

/// A claim with what a reviewer reads beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimReport {
    pub row: ClaimRow,
    /// The claim's source (`text_sha256` says whether a text is stored; the text is not read).
    pub source: Source,
    /// The claim's latest review, if any.
    pub latest: Option<Review>,
}

/// Claims handed from the reading thread at a time, and batches in flight: a few thousand
/// claims in memory at most.
const BATCH: usize = 512;
const IN_FLIGHT: usize = 4;

impl Reader<'_> {
    /// Every claim in id order with its source and latest review, handed to `each` one at a
    /// time: one query, one pass (the latest review is found through `reviews_by_claim`).
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

    /// [`Reader::for_each_claim_report`] on this connection alone.
    fn claim_reports(&self, mut each: impl FnMut(ClaimReport) -> Result<()>) -> Result<()> {
        // The latest review is joined once; its verdict is the claim row's verdict column.
        let sql = format!(
            "SELECT {}, r.verdict, \
                    s.url, s.title, s.publisher, s.author, s.published, s.text_sha256, \
                    r.reviewer, r.at, r.evidence, r.note, r.hash \
             FROM claims c \
             JOIN sources s ON s.id = c.source \
             LEFT JOIN reviews r ON r.seq = \
                  (SELECT MAX(l.seq) FROM reviews l WHERE l.claim = c.id) \
             ORDER BY c.id",
            claim_fields!()
        );
        let mut readings = ReadingCache::new(self.tolerance()?);
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let row = claim_row(r, &mut readings)?;
            let source = Source {
                id: row.claim.source.clone(),
                url: r.get(13)?,
                title: r.get(14)?,
                publisher: r.get(15)?,
                author: r.get(16)?,
                published: r.get(17)?,
                text_sha256: r.get(18)?,
            };
            let latest = match row.verdict {
                None => None,
                Some(verdict) => Some(Review {
                    claim: row.claim.id.clone(),
                    verdict,
                    reviewer: r.get(19)?,
                    at: r.get(20)?,
                    evidence: r.get(21)?,
                    note: r.get(22)?,
                    hash: r.get(23)?,
                }),
            };
            each(ClaimReport {
                row,
                source,
                latest,
            })?;
        }
        Ok(())
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
