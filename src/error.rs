//! The one error type of claimledger, and the exit code each variant maps to.
//!
//! Exit codes are a contract (DESIGN "Command line"): 0 done, 1 findings at or above
//! `--fail-on` (not an error: `run` returns it as a status), 2 bad input or usage, 3 anything
//! else (a database or file-system fault). Every variant says what the user can fix.

use std::path::PathBuf;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A printed figure the reader does not understand. The reader never guesses.
    #[error("cannot read the printed figure {printed:?}: {why}; write it as the source prints it, in a form `claimledger interval` understands (see README, \"Reading printed figures\")")]
    Unreadable { printed: String, why: String },

    /// A period that is not one of DESIGN's forms.
    #[error("malformed period {value:?}: {why}; write YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM, YYYY-MM-DD, or START/END of those")]
    BadPeriod { value: String, why: String },

    /// An id that is not a lower-case slug.
    #[error("{what} id {value:?} is not a slug: use lower-case letters, digits and '-', starting with a letter or digit")]
    BadSlug { what: &'static str, value: String },

    /// An id that names nothing in the ledger.
    #[error("unknown {what} {value:?}{}", hint(.nearest))]
    UnknownId {
        what: &'static str,
        value: String,
        nearest: Option<String>,
    },

    /// An id that is already taken by a different row.
    #[error("{what} {id:?} already exists{}; pick another id", detail_suffix(.detail))]
    Duplicate {
        what: &'static str,
        id: String,
        detail: String,
    },

    /// Any other bad value on the command line or in a file, with what to do.
    #[error("{0}")]
    Invalid(String),

    /// Import refused a directory: every problem found, one per line.
    #[error("{dir}: refused, nothing was written; {count} problem(s):\n{}", .problems.join("\n"))]
    ImportRefused {
        dir: PathBuf,
        count: usize,
        problems: Vec<String>,
    },

    /// A writing command pointed at a ledger directory.
    #[error("{path}: is a ledger directory, which is read-only; to change it, `claimledger --db ledger.db import {path}`, work on ledger.db, then `claimledger --db ledger.db dump {path}`", path = .0.display())]
    ReadOnlyDirectory(PathBuf),

    /// No database at the given path.
    #[error("{}: no ledger there; create one with `claimledger --db {} init`", .0.display(), .0.display())]
    NoLedger(PathBuf),

    /// The database's schema is older or newer than this binary.
    #[error("{path}: {why}", path = .path.display())]
    Schema { path: PathBuf, why: String },

    /// A file the user named could not be read or written.
    #[error("{}: {source}", .path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },

    /// The database refused an operation.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),

    /// Migrations could not be applied.
    #[error("migrating the database: {0}")]
    Migration(#[from] refinery::Error),

    /// Writing output failed (other than a closed pipe, which `main` treats as success).
    #[error("writing output: {0}")]
    Io(#[from] std::io::Error),

    /// A CSV file or stream could not be read or written.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),

    /// The workbook writer failed on something other than a spreadsheet limit (those are
    /// [`Error::Invalid`], naming the sheet and what to use instead).
    #[error("writing the workbook: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),

    /// A bug in claimledger, not in the input.
    #[error("internal error: {0}; please report it with the command you ran")]
    Fault(String),
}

fn hint(nearest: &Option<String>) -> String {
    match nearest {
        Some(n) => format!("; did you mean {n:?}? (or add it first)"),
        None => "; add it first".to_string(),
    }
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

impl Error {
    /// The process exit code for this error: 2 for what the user can fix in the input, 3 for
    /// faults of the database or the machine.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Database(_)
            | Error::Migration(_)
            | Error::Io(_)
            | Error::Workbook(_)
            | Error::Fault(_) => 3,
            Error::File { .. } => 2,
            _ => 2,
        }
    }

    /// True when the error is a closed output pipe (`claimledger list | head`): not an error.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
            Error::Csv(e) => {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            }
            _ => false,
        }
    }

    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
