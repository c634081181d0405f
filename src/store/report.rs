//! The streaming query behind the reviewers' reports (`export claims|audit|claimreview`):
//! every claim in id order with its source and its latest review, a batch at a time, so that
//! exporting a ledger of millions of claims holds a few thousand claims in memory, not the
//! ledger. The query reads every claim or a slice of ids ([`IdRange`], for `report_chunks`).

use super::feed_rows::text;
use super::record_rows::{
    claim_fields, claim_row, refill_claim_row, refill_review, review_row, ClaimRow, REVIEW_COLUMNS,
};
use super::Reader;
use crate::error::{Error, Result};
use crate::reading::ReadingCache;
use crate::records::{Review, Source};
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use std::cmp::Ordering;
use std::sync::mpsc::sync_channel;
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
    /// writes them on this one; the batches it is done with go back to be filled again.
    pub fn for_each_claim_report(
        &self,
        mut each: impl FnMut(&ClaimReport) -> Result<()>,
    ) -> Result<()> {
        self.with_twin(|twin| match twin {
            None => {
                let mut readings = ReadingCache::new(self.tolerance()?);
                self.claim_reports(&IdRange::ALL, &mut readings, Vec::new(), |batch, n| {
                    batch[..n].iter().try_for_each(&mut each)?;
                    Ok(batch)
                })?;
                Ok(())
            }
            Some(twin) => std::thread::scope(|scope| {
                let (to, from) = sync_channel::<(Vec<ClaimReport>, usize)>(IN_FLIGHT);
                // Room for every batch there is, so that handing one back never waits.
                let (give_back, back) = sync_channel::<Vec<ClaimReport>>(IN_FLIGHT + 2);
                let reading = std::thread::Builder::new()
                    .name("claim-reports".into())
                    .spawn_scoped(scope, move || {
                        let reader = Reader::new(twin);
                        let mut readings = ReadingCache::new(reader.tolerance()?);
                        let hand_over = |full, n| {
                            // The writer stopped (an error of its own, returned below).
                            to.send((full, n))
                                .map_err(|_| Error::Fault("stopped".into()))?;
                            Ok(back.try_recv().unwrap_or_default())
                        };
                        reader.claim_reports(&IdRange::ALL, &mut readings, Vec::new(), hand_over)
                    })?;
                let written = from.iter().try_for_each(|(batch, n)| {
                    batch[..n].iter().try_for_each(&mut each)?;
                    let _ = give_back.try_send(batch);
                    Ok(())
                });
                drop(from);
                let read = reading
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                // The writer's own error first: the reader then only saw it stop.
                written.and(read.map(drop))
            }),
        })
    }

    /// [`Reader::for_each_claim_report`] over the claims of `range` on this connection alone,
    /// in batches of up to [`BATCH`] reports: `batch` is filled first, then handed to
    /// `hand_over` with how many of its reports are filled, which returns a batch to fill next
    /// (its reports are refilled in place: see `refill_claim_row`); the last batch it returns
    /// is returned, for the caller's next range. The claims are read in id order and merged
    /// with the reviews in claim order (two scans, not a search of the reviews for each
    /// claim); each source is read once for the run of claims that cite it.
    pub(super) fn claim_reports(
        &self,
        range: &IdRange,
        readings: &mut ReadingCache,
        mut batch: Vec<ClaimReport>,
        mut hand_over: impl FnMut(Vec<ClaimReport>, usize) -> Result<Vec<ClaimReport>>,
    ) -> Result<Vec<ClaimReport>> {
        // The verdict column is the latest review's, set from the merge.
        let mut claims = self.conn().prepare_cached(&format!(
            "SELECT {}, NULL FROM claims c{} ORDER BY c.id",
            claim_fields!(),
            range.condition("c.id")
        ))?;
        let mut reviews = self.conn().prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews r{} ORDER BY r.claim, r.seq",
            range.condition("r.claim")
        ))?;
        let mut latest = LatestReviews {
            rows: reviews.query(range.params())?,
            current: false,
            done: false,
        };
        let mut source: Option<Arc<Source>> = None;
        batch.reserve(BATCH);
        let mut filled = 0;
        let mut rows = claims.query(range.params())?;
        while let Some(r) = rows.next()? {
            let cited = text(r, 1)?;
            let source = match &source {
                Some(s) if s.id == cited => Arc::clone(s),
                _ => {
                    let read = self.source(cited)?.ok_or_else(|| {
                        Error::invalid(format!(
                            "claim {}: unknown source {cited:?}",
                            text(r, 0).unwrap_or("?")
                        ))
                    })?;
                    Arc::clone(source.insert(Arc::new(read)))
                }
            };
            let report = match batch.get_mut(filled) {
                Some(report) => {
                    refill_claim_row(&mut report.row, r, readings)?;
                    report.source = source;
                    report
                }
                None => {
                    batch.push(ClaimReport {
                        row: claim_row(r, readings)?,
                        source,
                        latest: None,
                    });
                    batch.last_mut().expect("just pushed")
                }
            };
            latest.refill(&report.row.claim.id, &mut report.latest)?;
            report.row.verdict = report.latest.as_ref().map(|l| l.verdict);
            filled += 1;
            if filled == BATCH {
                batch = hand_over(batch, filled)?;
                filled = 0;
            }
        }
        hand_over(batch, filled)
    }
}

/// The claims whose ids are at least `from` and below `to` (`None`: unbounded on that side):
/// one of the slices `claim_report_chunks` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IdRange {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl IdRange {
    /// Every claim.
    pub const ALL: IdRange = IdRange {
        from: None,
        to: None,
    };

    /// The SQL condition on `column` (with its leading ` WHERE`), bound by [`IdRange::params`].
    fn condition(&self, column: &str) -> String {
        match (&self.from, &self.to) {
            (None, None) => String::new(),
            (Some(_), None) => format!(" WHERE {column} >= ?1"),
            (None, Some(_)) => format!(" WHERE {column} < ?1"),
            (Some(_), Some(_)) => format!(" WHERE {column} >= ?1 AND {column} < ?2"),
        }
    }

    fn params(&self) -> rusqlite::ParamsFromIter<impl Iterator<Item = &str>> {
        rusqlite::params_from_iter(self.from.iter().chain(&self.to).map(String::as_str))
    }
}

/// The reviews in claim order (and each claim's in recorded order), read alongside the claims
/// in id order: SQLite orders text as bytes, as `str` compares.
struct LatestReviews<'s> {
    rows: rusqlite::Rows<'s>,
    /// Whether the row under the cursor is still to be merged (it belongs to a claim after
    /// the last one asked for).
    current: bool,
    done: bool,
}

impl LatestReviews<'_> {
    /// `dst` set to the latest review of `claim` (refilled in place), or `None`; claims are
    /// asked for in increasing order.
    fn refill(&mut self, claim: &str, dst: &mut Option<Review>) -> Result<()> {
        let mut found = false;
        while !self.done {
            if !self.current {
                if self.rows.next()?.is_none() {
                    self.done = true;
                    break;
                }
                self.current = true;
            }
            let row = self.rows.get().expect("the cursor is on a row");
            match text(row, 0)?.cmp(claim) {
                // Of a claim that is not in the ledger (the schema's reference forbids it).
                Ordering::Less => self.current = false,
                Ordering::Equal => {
                    match dst {
                        Some(review) => refill_review(review, row)?,
                        None => *dst = Some(review_row(row)?),
                    }
                    found = true;
                    self.current = false;
                }
                Ordering::Greater => break,
            }
        }
        if !found {
            *dst = None;
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
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {REVIEW_COLUMNS}, COALESCE(c.quote, ''), COALESCE(c.printed, '') \
             FROM reviews r LEFT JOIN claims c ON c.id = r.claim ORDER BY r.seq"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(review_row(row)?, row.get(7)?, row.get(8)?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::exact::Num;
    use crate::interval::Interval;
    use crate::records::{Claim, Kind, Metric, Org, Place, Verdict};
    use crate::store::Store;

    /// Claims of [`ledger_of_reports`].
    pub(in crate::store) const CLAIMS: usize = 2 * BATCH + 37;

    /// A ledger of more claims than two batches (`c00000` ...), their optional columns and
    /// reviews changing from one claim to the next, reviews of many claims interleaved.
    pub(crate) fn ledger_of_reports(dir: &std::path::Path) -> Store {
        let mut store = Store::init(&dir.join("ledger.db")).unwrap();
        let claims = CLAIMS;
        store
            .write(|tx| {
                tx.insert_org(&Org {
                    id: "pips".into(),
                    name: "PIPS".into(),
                    aliases: Vec::new(),
                })?;
                tx.insert_place(&Place {
                    id: "pk".into(),
                    name: "Pakistan".into(),
                    parent: None,
                    aliases: Vec::new(),
                })?;
                tx.insert_metric(&Metric {
                    id: "deaths".into(),
                    name: "Deaths".into(),
                    parent: None,
                    definition: None,
                    aliases: Vec::new(),
                })?;
                for s in 0..3 {
                    let source = Source {
                        id: format!("s{s}"),
                        url: (s != 1).then(|| format!("https://example.org/{s}")),
                        title: format!("source {s}"),
                        publisher: (s == 0).then(|| "pips".into()),
                        author: (s == 2).then(|| "A. Writer".into()),
                        published: (s != 2).then(|| format!("2024-01-0{}", s + 1)),
                        text_sha256: None,
                    };
                    tx.insert_source(&source, None)?;
                }
                for n in 0..claims {
                    let change = n % 4 == 1;
                    let printed = if change {
                        format!("{}%", n % 90)
                    } else {
                        n.to_string()
                    };
                    let claim = Claim {
                        id: format!("c{n:05}"),
                        source: format!("s{}", (n / 7) % 3),
                        quote: format!("it printed {printed} that year"),
                        printed,
                        kind: if change { Kind::Change } else { Kind::Count },
                        metric: "deaths".into(),
                        place: "pk".into(),
                        period: "2023".into(),
                        base: change.then(|| "2022".into()),
                        of: None,
                        attributed_to: (n % 5 < 2).then(|| "pips".into()),
                        note: (n % 3 == 0).then(|| "x".repeat(n % 50)),
                    };
                    tx.insert_claim(&claim, &Interval::exact(Num::from(n as i64)))?;
                }
                // Two rounds over the claims, last claim first: claim n gets n % 3 reviews.
                for round in 0..2 {
                    for n in (0..claims).rev().filter(|n| round < n % 3) {
                        tx.append_review(&Review {
                            claim: format!("c{n:05}"),
                            verdict: [Verdict::Supported, Verdict::Refuted][round],
                            reviewer: format!("r{round}"),
                            at: "2024-03-01T10:00:00Z".into(),
                            evidence: (n % 2 == 0).then(|| "https://example.org/e".into()),
                            note: (round == 1).then(|| format!("second look at {n}")),
                            hash: format!("{:064x}", n * 2 + round),
                        })?;
                    }
                }
                Ok(())
            })
            .unwrap();
        store
    }

    /// Every claim report of `reader`, in the order `for_each_claim_report` gives them.
    pub(in crate::store) fn all_reports(reader: &Reader<'_>) -> Vec<ClaimReport> {
        let mut reports = Vec::new();
        reader
            .for_each_claim_report(|r| {
                reports.push(r.clone());
                Ok(())
            })
            .unwrap();
        reports
    }

    /// Every report, read on two threads (batches refilled in place) or on one, is what
    /// reading its claim, source and reviews one by one gives, so nothing of a claim is left
    /// in the next one refilled in its place.
    #[test]
    fn refilled_reports_hold_nothing_of_the_claim_before() {
        let dir = tempfile::tempdir().unwrap();
        let store = ledger_of_reports(dir.path());
        let claims = CLAIMS;
        for paired in [true, false] {
            let snapshot = if paired {
                store.paired_snapshot()
            } else {
                store.snapshot()
            }
            .unwrap();
            let reader = snapshot.reader();
            let reports = all_reports(&reader);
            let ids: Vec<&str> = reports.iter().map(|r| r.row.claim.id.as_str()).collect();
            let want: Vec<String> = (0..claims).map(|n| format!("c{n:05}")).collect();
            assert_eq!(
                ids, want,
                "every claim once, in id order (paired: {paired})"
            );
            for report in &reports {
                let id = &report.row.claim.id;
                let row = reader.claim(id).unwrap().unwrap();
                let source = Arc::new(reader.source(&row.claim.source).unwrap().unwrap());
                let latest = reader.reviews_of(id).unwrap().pop();
                let alone = ClaimReport {
                    row,
                    source,
                    latest,
                };
                assert_eq!(report, &alone, "{id} (paired: {paired})");
            }
        }
    }
}
