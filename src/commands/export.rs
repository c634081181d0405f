//! `export claims|findings|history|audit|claimreview`: reports for reviewers, to standard
//! output or `--out FILE` (written whole or not at all).

use super::open_read;
use crate::cli::ExportArgs;
use crate::error::Result;
use crate::{export, Status};
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: ExportArgs, out: &mut dyn Write) -> Result<Status> {
    let store = open_read(db)?;
    match &args.out {
        None => export::write(&store.reader(), args.what, args.excel, out)?,
        Some(path) => export::write_file(&store.reader(), args.what, args.excel, path)?,
    }
    Ok(Status::Done)
}
