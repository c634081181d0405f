//! One thin file per command: arguments -> store and domain -> the writer it is given. This
//! file dispatches, and holds what several commands share: opening the ledger for reading or
//! writing, who the reviewer is, and what time it is.

mod add;
mod add_from;
mod catalog;
mod check;
mod check_base;
mod check_format;
mod claim_input;
mod dump;
mod edit;
mod export;
mod import;
mod init;
mod interval;
mod ledger;
mod list;
mod manual;
mod merge_file;
mod outcome;
mod propose;
mod report;
mod setting;
mod show;
mod source;
mod verify;
mod waive;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::period::format_timestamp;
use crate::store::Store;
use crate::{text_form, Status};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Run one parsed command line, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<Status> {
    let db = cli.db.as_path();
    match cli.command {
        Command::Init => init::run(db, out),
        Command::Setting { key, value } => setting::run(db, &key, value, out),
        Command::Org(c) => catalog::org(db, c, out),
        Command::Place(c) => catalog::place(db, c, out),
        Command::Metric(c) => catalog::metric(db, c, out),
        Command::Source(c) => source::run(db, c, out),
        Command::Add(args) => match &args.from {
            Some(file) => add_from::run(db, file, out),
            None => add::run(db, args, out),
        },
        Command::Edit(args) => edit::edit(db, args, out),
        Command::Remove { id } => edit::remove(db, &id, out),
        Command::Propose(args) => propose::run(db, args, out),
        Command::List(args) => list::run(db, args, out),
        Command::Show { id } => show::run(db, &id, out),
        Command::Verify(args) => verify::run(db, args, out),
        Command::Check(args) => check::run(db, args, out),
        Command::Waive(args) => waive::run(db, args, out),
        Command::Interval(args) => interval::run(db, args, out),
        Command::Import { dir } => import::run(db, &dir, out),
        Command::Dump { dir } => dump::run(db, &dir, out),
        Command::MergeFile(args) => merge_file::run(args, out),
        Command::Export(args) => export::run(db, args, out),
        Command::Report(args) => report::run(db, args, out),
        Command::Completions { shell } => manual::completions(shell, out),
        Command::Man { out_dir } => manual::man(out_dir.as_deref(), out),
    }
}

/// Open the ledger for a read-only command: a SQLite file, or a ledger directory loaded into
/// memory (`check` reads a directory without a database: `ledger`).
pub(crate) fn open_read(db: &Path) -> Result<Store> {
    if db.is_dir() {
        let mut store = Store::in_memory()?;
        text_form::import(&mut store, db, std::io::stderr().is_terminal())?;
        Ok(store)
    } else {
        Store::open(db)
    }
}

/// Open the ledger for a writing command; a ledger directory is refused with how to work on it.
pub(crate) fn open_write(db: &Path) -> Result<Store> {
    if db.is_dir() {
        return Err(Error::ReadOnlyDirectory(db.to_path_buf()));
    }
    Store::open(db)
}

/// Who signs a review or a waiver: the flag, then `CLAIMLEDGER_REVIEWER`, then git's
/// `user.name`; none of them is an error.
pub(crate) fn reviewer(flag: Option<String>) -> Result<String> {
    let from_env = || std::env::var("CLAIMLEDGER_REVIEWER").ok();
    let from_git = || {
        std::process::Command::new("git")
            .args(["config", "user.name"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
    };
    flag.or_else(from_env)
        .or_else(from_git)
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .ok_or_else(|| {
            Error::invalid(
                "no reviewer: pass --reviewer NAME, set CLAIMLEDGER_REVIEWER, or set git's user.name",
            )
        })
}

/// The time a review or waiver is recorded, `YYYY-MM-DDTHH:MM:SSZ`. `CLAIMLEDGER_NOW` (a time
/// in that form) overrides the clock, so that tests and reproducible examples get fixed times.
pub(crate) fn now() -> Result<String> {
    if let Ok(fixed) = std::env::var("CLAIMLEDGER_NOW") {
        if !crate::period::is_timestamp(&fixed) {
            return Err(Error::invalid(format!(
                "CLAIMLEDGER_NOW {fixed:?} is not a time like 2024-11-24T09:30:00Z; fix or unset it"
            )));
        }
        return Ok(fixed);
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Ok(format_timestamp(secs))
}
