//! Reading and checking a file's rows on a second thread while this one writes them: on two
//! cores a large import then costs about what its slower half costs (SQLite's inserts), not
//! the sum of both. The checking side owns every check that needs no database; the writing
//! side asks the database (is the row there already?) and inserts, in file order.
//!
//! Problems found on either side are kept apart and joined after the file, the checking
//! side's first; once either side has found one, nothing more is inserted, since the import
//! will be refused and rolled back anyway.

use crate::error::{Error, Result};
use crate::text_form::rows::{Problems, Row, RowAt, TableReader};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;

/// Rows handed over at a time, and batches in flight: enough to keep both threads busy,
/// little enough memory (a few MB of claims).
const BATCH: usize = 2048;
const IN_FLIGHT: usize = 4;

/// A row checked and ready to write.
pub(super) struct Checked<T> {
    pub at: RowAt,
    pub value: T,
}

/// Whether either side has found a problem: from then on nothing is inserted.
pub(super) struct Refused(AtomicBool);

impl Refused {
    /// Set already when the files before this one had problems.
    pub fn after(problems: &Problems) -> Self {
        Refused(AtomicBool::new(!problems.is_empty()))
    }

    pub fn set(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The checking side of one file.
pub(super) trait RowChecker {
    type Value: Send;

    /// Where its problems go.
    fn problems(&mut self) -> &mut Problems;

    /// One row: `None` when it has a problem (recorded).
    fn check(&mut self, row: &Row) -> Result<Option<Self::Value>>;
}

/// Every row of `rows` through `checker`, each checked one handed to `emit`; `refused` is set
/// once any problem is recorded. With `progress`, a count of rows on stderr.
pub(super) fn check_rows<C: RowChecker>(
    mut checker: C,
    mut rows: TableReader,
    refused: &Refused,
    progress: bool,
    emit: &mut dyn FnMut(Checked<C::Value>),
) -> Result<()> {
    let mut n = 0usize;
    while let Some(row) = rows.next(checker.problems())? {
        n += 1;
        if progress && n % 100_000 == 0 {
            eprint!("\rimporting {}: {n} rows", row.file);
        }
        let checked = checker.check(&row)?;
        if !checker.problems().is_empty() {
            refused.set();
        }
        if let Some(value) = checked {
            emit(Checked {
                at: row.at(),
                value,
            });
        }
    }
    Ok(())
}

/// Run `check` on a second thread, handing each checked row to `emit`; run `write` on this
/// thread for each, in order. An error from either ends the import; a panic on the checking
/// side becomes an error, not a crash.
pub(super) fn pipeline<T: Send>(
    check: impl FnOnce(&mut dyn FnMut(Checked<T>)) -> Result<()> + Send,
    mut write: impl FnMut(Checked<T>) -> Result<()>,
) -> Result<()> {
    std::thread::scope(|scope| {
        let (to_writer, from_checker) = sync_channel::<Vec<Checked<T>>>(IN_FLIGHT);
        // Named, so that a profile tells the two sides apart.
        let checker = std::thread::Builder::new().name("check-rows".into());
        let checker = checker.spawn_scoped(scope, move || {
            let mut batch = Vec::with_capacity(BATCH);
            let checked = check(&mut |row| {
                batch.push(row);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // The writer stops listening only after an error of its own.
                    let _ = to_writer.send(full);
                }
            });
            if !batch.is_empty() {
                let _ = to_writer.send(batch);
            }
            checked
        })?;
        let mut written = Ok(());
        for batch in from_checker {
            if written.is_err() {
                continue; // drain, so that the checker can finish
            }
            for row in batch {
                written = write(row);
                if written.is_err() {
                    break;
                }
            }
        }
        let checked = checker.join().unwrap_or_else(|_| {
            Err(Error::invalid(
                "import: the thread checking the rows failed; please report this",
            ))
        });
        checked.and(written)
    })
}
