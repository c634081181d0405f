//! The claims reports of a large ledger on two threads that each read *and* write: the
//! claims, in id order, are cut into slices of about [`CHUNK`] claims; this thread and a second
//! one, on the paired snapshot's twin connection, each take the next slice when free and turn
//! it into the caller's chunk (for `export claims|audit`, the CSV bytes of its rows), and this
//! thread hands the chunks to the caller in id order.
//!
//! Why not one thread reading and one writing (`for_each_claim_report`): the writer then reads
//! every string the reader made from another core's cache, and the reader, which parses every
//! row, is the longer half. Here each row is read and written on one core, and whichever
//! thread is free takes the next slice, so a slow slice or this thread's writing does not
//! leave the other idle. A thread stays within [`WINDOW`] slices of the first one not yet
//! written, so memory holds a few dozen chunks at most (a few megabytes).
//!
//! The slices come from claim ids sampled by rowid (a seek each, not a scan), sorted: any
//! sorted ids cut the claims into slices that together hold each claim once; sampling only
//! makes them about equal.

use super::report::{ClaimReport, IdRange};
use super::Reader;
use crate::error::{Error, Result};
use crate::reading::ReadingCache;
use std::collections::BTreeMap;
use std::mem::take;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Condvar, Mutex, PoisonError};

/// A thread's readings and batch of reports, kept from one slice to the next.
type Scratch = (ReadingCache, Vec<ClaimReport>);

/// Claims a slice holds, about: large enough that a slice's two queries cost nothing beside
/// its rows, small enough that a chunk of CSV rows takes a few megabytes.
pub const CHUNK: usize = 2_048;

/// Slices a thread may be ahead of the first one not yet written: the chunks made out of turn
/// wait in memory.
const WINDOW: usize = 32;

/// Ids sampled per slice, so that the slices come out about equal.
const SAMPLES_PER_SLICE: i64 = 2;

impl Reader<'_> {
    /// Every claim with its source and latest review, in id order, made into chunks of about
    /// `chunk` claims ([`CHUNK`] for a report): `start` makes an empty chunk, `each` adds a
    /// report to it (on either thread), and `done` gets each chunk, in id order, on this
    /// thread. Without a twin connection, or for a ledger of one slice, it is one chunk made
    /// on this thread.
    pub fn claim_report_chunks<C: Send>(
        &self,
        chunk: usize,
        start: impl Fn() -> C + Sync,
        each: impl Fn(&mut C, &ClaimReport) -> Result<()> + Sync,
        mut done: impl FnMut(C) -> Result<()>,
    ) -> Result<()> {
        // What a thread keeps from one slice to the next: the readings parsed, and a batch
        // of reports whose strings are refilled in place.
        let tolerance = self.tolerance()?;
        let scratch = || (ReadingCache::new(tolerance.clone()), Vec::new());
        let fill = |reader: &Reader<'_>, range: &IdRange, scratch: &mut Scratch| -> Result<C> {
            let (readings, batch) = scratch;
            let mut made = start();
            *batch = reader.claim_reports(range, readings, take(batch), |batch, n| {
                batch[..n].iter().try_for_each(|r| each(&mut made, r))?;
                Ok(batch)
            })?;
            Ok(made)
        };
        self.with_twin(|twin| {
            let ranges = match twin {
                Some(_) => self.id_ranges(chunk)?,
                None => vec![IdRange::ALL],
            };
            let Some(twin) = twin.filter(|_| ranges.len() > 1) else {
                return done(fill(self, &IdRange::ALL, &mut scratch())?);
            };
            let slices = Slices::new(ranges.len());
            std::thread::scope(|scope| {
                let _stop = StopOnDrop(&slices);
                let (to, from) = channel::<(usize, Result<C>)>();
                let (fill, scratch, slices, ranges) = (&fill, &scratch, &slices, &ranges);
                std::thread::Builder::new()
                    .name("claim-chunks".into())
                    .spawn_scoped(scope, move || {
                        let reader = Reader::new(twin);
                        let mut mine = scratch();
                        while let Some(i) = slices.take_waiting() {
                            let made = fill(&reader, &ranges[i], &mut mine);
                            let failed = made.is_err();
                            // Sending fails when this thread stopped (an error of its own).
                            if to.send((i, made)).is_err() || failed {
                                break;
                            }
                        }
                    })?;
                // Chunks made out of turn, until the ones before them are written.
                let mut ready = BTreeMap::new();
                let mut mine = scratch();
                let mut written = 0;
                while written < ranges.len() {
                    // The other thread's chunks first, so that writing them makes it room.
                    while let Ok((i, made)) = from.try_recv() {
                        ready.insert(i, made?);
                    }
                    if let Some(made) = ready.remove(&written) {
                        done(made)?;
                        written += 1;
                        slices.wrote(written);
                        continue;
                    }
                    // This thread, which writes, never waits for room: it waits for the
                    // other's chunk instead, which makes room.
                    match slices.take_if_room(written) {
                        Some(i) => {
                            ready.insert(i, fill(self, &ranges[i], &mut mine)?);
                        }
                        None => {
                            let (i, made) = from.recv().map_err(|_| {
                                Error::Fault("the second reading thread stopped".into())
                            })?;
                            ready.insert(i, made?);
                        }
                    }
                }
                Ok(())
            })
        })
    }

    /// The claims cut into slices of about `chunk` claims, in id order.
    fn id_ranges(&self, chunk: usize) -> Result<Vec<IdRange>> {
        // Enough to size slices, and the range the sampled rowids are spread over.
        let last = self.last_claim_rowid()?;
        let slices = last / i64::try_from(chunk.max(1)).unwrap_or(i64::MAX);
        if slices < 2 {
            return Ok(vec![IdRange::ALL]);
        }
        let samples = (slices * SAMPLES_PER_SLICE).min(last);
        let mut stmt = self
            .conn()
            .prepare("SELECT id FROM claims WHERE rowid >= ?1 ORDER BY rowid LIMIT 1")?;
        let mut ids = Vec::with_capacity(samples as usize);
        for k in 0..samples {
            // Spread over 1..=last (in i128: k * last may not fit an i64).
            let rowid = 1 + (i128::from(k) * i128::from(last) / i128::from(samples)) as i64;
            ids.extend(super::optional(
                stmt.query_row([rowid], |r| r.get::<_, String>(0)),
            )?);
        }
        ids.sort_unstable();
        ids.dedup();
        let mut cuts: Vec<String> = (1..slices)
            .map(|s| ids[(s * ids.len() as i64 / slices) as usize].clone())
            .collect();
        cuts.dedup();
        let mut ranges = Vec::with_capacity(cuts.len() + 1);
        let mut from = None;
        for cut in cuts {
            ranges.push(IdRange {
                from: from.replace(cut.clone()),
                to: Some(cut),
            });
        }
        ranges.push(IdRange { from, to: None });
        Ok(ranges)
    }
}

/// The slices, taken in order by whichever thread is free (so a slow slice on one thread
/// does not hold the other), within [`WINDOW`] of the first slice not yet written.
struct Slices {
    count: usize,
    next: AtomicUsize,
    written: Mutex<usize>,
    moved: Condvar,
    stopped: AtomicBool,
}

impl Slices {
    fn new(count: usize) -> Self {
        Slices {
            count,
            next: AtomicUsize::new(0),
            written: Mutex::new(0),
            moved: Condvar::new(),
            stopped: AtomicBool::new(false),
        }
    }

    fn take(&self) -> Option<usize> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        (i < self.count).then_some(i)
    }

    /// Whether the next slice lies within [`WINDOW`] of the first of them not yet written.
    fn room(&self, written: usize) -> bool {
        self.next.load(Ordering::Relaxed) < written + WINDOW
    }

    /// The next slice when it lies within the window of `written`.
    fn take_if_room(&self, written: usize) -> Option<usize> {
        if self.room(written) {
            self.take()
        } else {
            None
        }
    }

    /// The next slice, once it lies within the window; `None` when none is left or the
    /// writing thread stopped.
    fn take_waiting(&self) -> Option<usize> {
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if self.stopped.load(Ordering::Relaxed) {
                return None;
            }
            if self.next.load(Ordering::Relaxed) >= self.count {
                return None;
            }
            if self.room(*written) {
                break;
            }
            written = self
                .moved
                .wait(written)
                .unwrap_or_else(PoisonError::into_inner);
        }
        drop(written);
        self.take()
    }

    /// `written` slices are written.
    fn wrote(&self, written: usize) {
        *self.written.lock().unwrap_or_else(PoisonError::into_inner) = written;
        self.moved.notify_all();
    }

    /// The writing thread stopped (done, or an error): a thread waiting for room stops too.
    fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
        // Under the lock, so that a thread between its check and its wait sees the flag.
        let _written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        self.moved.notify_all();
    }
}

/// Stops the slices when the writing thread leaves, whichever way it leaves.
struct StopOnDrop<'s>(&'s Slices);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::super::report::tests::{all_reports, ledger_of_reports, CLAIMS};
    use super::*;

    /// Whatever the slices (one claim each, a few, more than the window holds, one for all)
    /// and whichever thread makes each chunk, the chunks come in id order and hold every
    /// report once, as one pass reading them one by one gives them.
    #[test]
    fn chunks_hold_every_report_once_in_id_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = ledger_of_reports(dir.path());
        let want = all_reports(&store.snapshot().unwrap().reader());
        assert_eq!(want.len(), CLAIMS);
        for chunk in [1, 7, 100, CLAIMS / 2, CLAIMS * 2] {
            let snapshot = store.paired_snapshot().unwrap();
            let mut got = Vec::new();
            let mut chunks = 0;
            snapshot
                .reader()
                .claim_report_chunks(
                    chunk,
                    Vec::new,
                    |made: &mut Vec<ClaimReport>, r| {
                        made.push(r.clone());
                        Ok(())
                    },
                    |made| {
                        chunks += 1;
                        got.extend(made);
                        Ok(())
                    },
                )
                .unwrap();
            assert_eq!(got, want, "slices of about {chunk} claims");
            // The slices are about as many as asked for: past the window when small.
            let asked = CLAIMS / chunk;
            if asked >= 2 {
                assert!(
                    chunks * 2 >= asked,
                    "{chunks} chunks of about {chunk} claims"
                );
            } else {
                assert_eq!(chunks, 1);
            }
            if chunk <= 7 {
                assert!(chunks > WINDOW, "{chunks} chunks of about {chunk} claims");
            }
        }
    }

    /// An error while a chunk is made, on either thread, or while one is written, stops both
    /// threads and is the result: nothing waits for a chunk that will not come.
    #[test]
    fn an_error_on_either_side_stops_both_threads() {
        let dir = tempfile::tempdir().unwrap();
        let store = ledger_of_reports(dir.path());
        // The third report made on one side is refused: on the second thread, then on this.
        for second in [true, false] {
            let snapshot = store.paired_snapshot().unwrap();
            let made_here = std::sync::atomic::AtomicUsize::new(0);
            let made = snapshot.reader().claim_report_chunks(
                5,
                || (),
                |(), r| {
                    let on_second = std::thread::current().name() == Some("claim-chunks");
                    if on_second == second && made_here.fetch_add(1, Ordering::Relaxed) == 2 {
                        return Err(Error::invalid(format!("refused {}", r.row.claim.id)));
                    }
                    Ok(())
                },
                |()| Ok(()),
            );
            let err = made.unwrap_err().to_string();
            assert!(err.contains("refused c"), "second thread: {second}: {err}");
        }
        let snapshot = store.paired_snapshot().unwrap();
        let mut written = 0;
        let made = snapshot.reader().claim_report_chunks(
            5,
            || (),
            |(), _| Ok(()),
            |()| {
                written += 1;
                match written {
                    40 => Err(Error::invalid("the disk is full")),
                    _ => Ok(()),
                }
            },
        );
        assert!(made.unwrap_err().to_string().contains("the disk is full"));
        assert_eq!(written, 40);
    }
}
