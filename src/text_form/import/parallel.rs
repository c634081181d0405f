//! claims.csv checked on more than one thread: the file is the largest, and checking a claim
//! (the one claim model: ids, periods, the printed figure's reading) costs more than handing it
//! to the check engine, so with one checking thread `check` of a directory waited on it for
//! half its run. (An import's writer, SQLite, is slower than one checker; its `Sink` asks for
//! one.)
//!
//! One thread reads the rows and does what depends on the rows before (a repeated id), in file
//! order; it hands rows on in numbered batches. The checking threads take batches, each with
//! its own state (a cache of readings). This thread takes the batches back in file order, joins their
//! problems in that order, and writes their rows. Within a batch the reading thread's problems
//! (the file's form, a repeated id) come before the checkers'.

use super::pipeline::{Checked, Refused};
use crate::error::{Error, Result};
use crate::text_form::rows::{Problems, Row, TableReader};
use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

/// Rows a batch, and batches in flight.
const BATCH: usize = 2048;
const IN_FLIGHT: usize = 4;

/// Rows in file order: the batch's place, the rows admitted, the problems found reading them.
struct Batch {
    seq: usize,
    rows: Vec<Row>,
    problems: Problems,
}

/// A batch checked.
struct Done<T> {
    seq: usize,
    checked: Vec<Checked<T>>,
    problems: Problems,
}

/// How one file's rows are checked: `admit` in file order on the reading thread (false when
/// the row is refused, its problem recorded), then `check` on one of `checkers` threads with
/// that thread's own `local()` state.
pub(super) struct Split<A, L, C> {
    pub checkers: usize,
    pub admit: A,
    pub local: L,
    pub check: C,
}

/// Read and check `rows` as `split` says and `write` each checked row in file order. The
/// checking side's problems go to `problems` in file order; `refused` is set once there is
/// one. With `progress`, a count of rows on stderr.
pub(super) fn parallel_pipeline<T, S, A, L, C>(
    mut rows: TableReader,
    progress: bool,
    split: Split<A, L, C>,
    problems: &mut Problems,
    refused: &Refused,
    mut write: impl FnMut(Checked<T>) -> Result<()>,
) -> Result<()>
where
    T: Send,
    A: FnMut(&Row, &mut Problems) -> bool + Send,
    L: Fn() -> S + Sync,
    C: Fn(&Row, &mut S, &mut Problems) -> Option<T> + Sync,
{
    let Split {
        checkers: threads,
        mut admit,
        local,
        check,
    } = split;
    let (local, check) = (&local, &check);
    let fresh = problems.empty_like();
    std::thread::scope(|scope| {
        let (to_checkers, batches) = sync_channel::<Batch>(IN_FLIGHT);
        let (to_writer, done) = sync_channel::<Done<T>>(IN_FLIGHT);
        // Shared by the checkers only: when they are all gone, the reader's sends fail.
        let batches: Arc<Mutex<Receiver<Batch>>> = Arc::new(Mutex::new(batches));
        let mut checkers = Vec::new();
        for i in 0..threads.max(1) {
            let (batches, to_writer) = (Arc::clone(&batches), to_writer.clone());
            let thread = std::thread::Builder::new().name(format!("check-rows-{i}"));
            checkers.push(thread.spawn_scoped(scope, move || {
                let mut state = local();
                loop {
                    let next = match batches.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return, // another checker failed
                    };
                    let Ok(mut batch) = next else { return };
                    let checked = batch
                        .rows
                        .iter()
                        .filter_map(|row| {
                            let value = check(row, &mut state, &mut batch.problems)?;
                            Some(Checked {
                                at: row.at(),
                                value,
                            })
                        })
                        .collect();
                    let done = Done {
                        seq: batch.seq,
                        checked,
                        problems: batch.problems,
                    };
                    if to_writer.send(done).is_err() {
                        return;
                    }
                }
            })?);
        }
        drop((batches, to_writer));
        let reader = std::thread::Builder::new().name("read-rows".into());
        let reader = reader.spawn_scoped(scope, move || -> Result<()> {
            let (mut seq, mut n) = (0, 0usize);
            loop {
                let mut batch = Batch {
                    seq,
                    rows: Vec::with_capacity(BATCH),
                    problems: fresh.empty_like(),
                };
                let mut more = true;
                while batch.rows.len() < BATCH {
                    let Some(row) = rows.next(&mut batch.problems)? else {
                        more = false;
                        break;
                    };
                    n += 1;
                    if progress && n % 100_000 == 0 {
                        eprint!("\rimporting {}: {n} rows", row.file);
                    }
                    if admit(&row, &mut batch.problems) {
                        batch.rows.push(row);
                    }
                }
                if to_checkers.send(batch).is_err() || !more {
                    return Ok(());
                }
                seq += 1;
            }
        })?;

        // Batches come back in any order; they are taken in file order.
        let (mut waiting, mut next) = (BTreeMap::new(), 0);
        let mut written = Ok(());
        for d in done {
            waiting.insert(d.seq, d);
            while let Some(d) = waiting.remove(&next) {
                next += 1;
                if !d.problems.is_empty() {
                    refused.set();
                }
                problems.absorb(d.problems);
                for row in d.checked {
                    if written.is_ok() {
                        written = write(row);
                    }
                }
            }
        }
        let read = reader.join().unwrap_or_else(|_| Err(failed("reading")));
        for checker in checkers {
            if checker.join().is_err() {
                return Err(failed("checking"));
            }
        }
        read.and(written)
    })
}

/// A thread that panicked: a fault of claimledger's (exit 3), not of the files.
fn failed(what: &str) -> Error {
    Error::Fault(format!("the thread {what} the rows failed"))
}
