//! claimledger: a ledger of quantitative claims from published articles.
//!
//! Modules: `reading` and `period` read printed figures and periods (pure); `interval` is the
//! arithmetic on readings; `checks` finds claims that cannot all be true (pure, over rows the
//! `store` hands it); `store` is the one place with SQL; `text_form` imports and dumps the
//! canonical ledger directory; `export` writes reviewers' CSV, workbook, page and ClaimReview; `progress` is the spinner
//! long commands show on a terminal; `commands` holds one thin file
//! per command; `cli` every clap type; `error` the one error enum and its exit codes.

pub mod checks;
pub mod claim;
pub mod cli;
pub mod commands;
pub mod error;
pub mod exact;
pub mod export;
pub mod interval;
pub mod period;
pub mod progress;
pub mod propose;
pub mod reading;
pub mod records;
pub mod store;
pub mod text_form;

pub use commands::run;
pub use error::{Error, Result};

/// How a command that did not fail ended: the exit code's 0 or 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done, and nothing at or above `--fail-on`.
    Done,
    /// `check` found something at or above `--fail-on` that is not waived.
    Findings,
}
