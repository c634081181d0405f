//! `report --out FILE.html`: one self-contained page for reviewers (`export::page`), written
//! whole or not at all. Progress shows on a terminal.

use super::open_read;
use super::outcome::run_checks;
use crate::checks::model::Wording;
use crate::cli::ReportArgs;
use crate::error::Result;
use crate::export::{page, write_atomically};
use crate::progress::Progress;
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: ReportArgs, out: &mut dyn Write) -> Result<Status> {
    let progress = Progress::start("reading the ledger");
    let store = open_read(db)?;
    let snapshot = store.paired_snapshot()?;
    let reader = snapshot.reader();
    progress.stage("checking");
    let findings = run_checks(&reader, Wording::Full)?.findings;
    progress.stage("writing the page");
    let summary = write_atomically(&args.out, |w| page::write(&reader, &findings, w))?;
    drop(progress);
    writeln!(out, "wrote {}: {summary}", args.out.display())?;
    Ok(Status::Done)
}
