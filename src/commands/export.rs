//! `export claims|findings|history|audit|workbook|claimreview`: reports for reviewers, to
//! standard output or `--out FILE` (written whole or not at all; a workbook needs `--out`).
//! The checks run only for the reports that show findings. Progress shows on a terminal.

use super::open_read;
use super::outcome::run_checks;
use crate::checks::model::Wording;
use crate::cli::{ExportArgs, ExportWhat};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::{export, Status};
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: ExportArgs, out: &mut dyn Write) -> Result<Status> {
    if args.what == ExportWhat::Workbook && args.out.is_none() {
        return Err(Error::invalid(
            "export workbook writes a binary .xlsx file: name it with --out FILE.xlsx",
        ));
    }
    let progress = Progress::start("reading the ledger");
    let store = open_read(db)?;
    let snapshot = store.paired_snapshot()?;
    let reader = snapshot.reader();
    // The audit shows each finding's id, code and severity, never its message or working.
    let wording = match args.what {
        ExportWhat::Audit => Wording::Bare,
        _ => Wording::Full,
    };
    // The outcome is dropped as soon as its findings are handed over, before claims stream.
    let findings = || {
        progress.stage("checking");
        let findings = run_checks(&reader, wording)?.findings;
        progress.stage("writing rows");
        Ok(findings)
    };
    progress.stage("writing rows");
    match &args.out {
        None => export::write(&reader, args.what, args.excel, findings, &progress, out)?,
        Some(path) => {
            export::write_file(&reader, args.what, args.excel, findings, &progress, path)?
        }
    }
    Ok(Status::Done)
}
