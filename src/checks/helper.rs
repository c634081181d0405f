//! A second thread for the per-row work of a whole-ledger read that needs none of the facts
//! being built: L002 (each stored text folded and searched for its claims' quotes) and the
//! review history's hash chain (a SHA-256 a row). A reader that feeds the engine from one
//! thread (the SQLite store) hands these rows over in batches and goes on building facts;
//! their findings come back when the feed is done. A ledger directory is read on two threads
//! already (`text_form`'s import pipeline) and does this work inline.

use super::history::{ChainCheck, ChainVerifier, ReviewRow};
use super::model::{Finding, Verdict};
use super::provenance;
use crate::error::Result;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Rows handed over at a time, and batches in flight.
const BATCH: usize = 1024;
const IN_FLIGHT: usize = 4;

/// One row of work.
pub(super) enum Work {
    /// A source's stored text and its claims' `(id, quote)`.
    Text {
        source: Box<str>,
        text: String,
        quotes: Vec<(Box<str>, Box<str>)>,
    },
    /// A review row, owned: its text cells are claim, reviewer, at, evidence, note.
    Review {
        seq: i64,
        verdict: Verdict,
        cells: [Box<str>; 5],
        hash: Box<str>,
    },
}

impl Work {
    /// A review row, owned.
    pub fn review(row: &ReviewRow<'_>) -> Work {
        Work::Review {
            seq: row.seq,
            verdict: row.verdict,
            cells: [row.claim, row.reviewer, row.at, row.evidence, row.note].map(Box::from),
            hash: row.hash.into(),
        }
    }
}

/// What the helper thread does with the batches it is handed, until there are no more.
fn work(batches: Receiver<Vec<Work>>) -> (Vec<Finding>, ChainCheck) {
    let (mut found, mut chain) = (Vec::new(), ChainVerifier::default());
    for work in batches.into_iter().flatten() {
        match work {
            Work::Text {
                source,
                text,
                quotes,
            } => {
                let pairs = quotes.iter().map(|(c, q)| (&**c, &**q));
                found.extend(provenance::quotes_in_text(&source, &text, pairs));
            }
            Work::Review {
                seq,
                verdict,
                cells,
                hash,
            } => {
                let [claim, reviewer, at, evidence, note] = &cells;
                chain.push(ReviewRow {
                    seq,
                    claim,
                    verdict,
                    reviewer,
                    at,
                    evidence,
                    note,
                    hash: &hash,
                });
            }
        }
    }
    (found, chain.finish())
}

pub(super) struct Helper {
    batch: Vec<Work>,
    to: SyncSender<Vec<Work>>,
    thread: JoinHandle<(Vec<Finding>, ChainCheck)>,
}

impl Helper {
    pub fn start() -> Result<Helper> {
        let (to, from) = sync_channel::<Vec<Work>>(IN_FLIGHT);
        let thread = std::thread::Builder::new()
            .name("check-history".into())
            .spawn(move || work(from))?;
        Ok(Helper {
            batch: Vec::with_capacity(BATCH),
            to,
            thread,
        })
    }

    pub fn send(&mut self, work: Work) {
        self.batch.push(work);
        if self.batch.len() == BATCH {
            let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            // Fails only when the thread has ended with a panic, which `finish` passes on.
            let _ = self.to.send(full);
        }
    }

    /// The L002 findings and the chain, once every row is in.
    pub fn finish(self) -> (Vec<Finding>, ChainCheck) {
        let Helper { batch, to, thread } = self;
        if !batch.is_empty() {
            let _ = to.send(batch);
        }
        drop(to);
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}
