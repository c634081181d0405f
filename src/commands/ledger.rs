//! The ledger `check` holds to its rules: a snapshot of a database file, or a ledger
//! directory read straight into the check engine, with no database in between. That is the
//! CI path (`--db DIR check` on every pull request), so it never loads a million rows into
//! SQLite only to read them back; both give the same output byte for byte, because both feed
//! one engine (`checks::ledger`) and a directory is read by the import's own checks.

use super::outcome::{run_checks, Outcome};
use crate::checks::model::Wording;
use crate::error::Result;
use crate::records::Review;
use crate::store::{Reader, Store};
use crate::text_form::{self, ImportReport};
use std::io::IsTerminal;
use std::path::Path;

/// A ledger being checked.
pub(crate) enum Ledger<'a> {
    Db(&'a Reader<'a>),
    Dir(&'a Path),
}

/// Run `f` on the ledger at `path`: a directory as it is, a database file in one snapshot.
pub(crate) fn with_ledger<T>(path: &Path, f: impl FnOnce(Ledger<'_>) -> Result<T>) -> Result<T> {
    if path.is_dir() {
        return f(Ledger::Dir(path));
    }
    let store = Store::open(path)?;
    let snapshot = store.paired_snapshot()?;
    f(Ledger::Db(&snapshot.reader()))
}

impl Ledger<'_> {
    /// Every check over the ledger; for a directory, also what reading it noticed (history
    /// rows that came without a hash).
    pub fn check(&self) -> Result<(Outcome, Option<ImportReport>)> {
        match self {
            Ledger::Db(reader) => Ok((run_checks(reader, Wording::Full)?, None)),
            Ledger::Dir(dir) => {
                let progress = std::io::stderr().is_terminal();
                let (feed, report) = text_form::check_directory(dir, progress)?;
                Ok((
                    crate::checks::ledger::run(feed, Wording::Full),
                    Some(report),
                ))
            }
        }
    }

    /// Every review in recorded order.
    pub fn for_each_review(&self, each: impl FnMut(Review) -> Result<()>) -> Result<()> {
        match self {
            Ledger::Db(reader) => reader.for_each_review(each),
            Ledger::Dir(dir) => text_form::for_each_review(dir, each),
        }
    }
}
