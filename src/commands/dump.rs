//! `dump DIR`: write the canonical ledger directory; the same ledger always gives the same bytes.
//! A spinner shows on a terminal while it works.

use super::open_read;
use crate::error::Result;
use crate::progress::Progress;
use crate::{text_form, Status};
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, dir: &Path, out: &mut dyn Write) -> Result<Status> {
    let progress = Progress::start("reading the ledger");
    let store = open_read(db)?;
    progress.stage(format!("dumping into {}", dir.display()));
    let report = text_form::dump(&store.snapshot()?.reader(), dir)?;
    drop(progress);
    writeln!(out, "dumped {}: {}", dir.display(), report)?;
    Ok(Status::Done)
}
