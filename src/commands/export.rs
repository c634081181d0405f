//! `export claims|findings|history|audit|claimreview`: reports for reviewers, to standard
//! output or `--out FILE` (written whole or not at all). The checks run only for the reports
//! that show findings.

use super::check::run_checks;
use super::open_read;
use crate::cli::ExportArgs;
use crate::error::Result;
use crate::{export, Status};
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: ExportArgs, out: &mut dyn Write) -> Result<Status> {
    let store = open_read(db)?;
    let snapshot = store.snapshot()?;
    let reader = snapshot.reader();
    // The outcome is dropped as soon as its findings are handed over, before claims stream.
    let findings = || Ok(run_checks(&reader)?.findings);
    match &args.out {
        None => export::write(&reader, args.what, args.excel, findings, out)?,
        Some(path) => export::write_file(&reader, args.what, args.excel, findings, path)?,
    }
    Ok(Status::Done)
}
