//! `dump DIR`: write the canonical ledger directory; the same ledger always gives the same bytes.

use super::open_read;
use crate::error::Result;
use crate::{text_form, Status};
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, dir: &Path, out: &mut dyn Write) -> Result<Status> {
    let store = open_read(db)?;
    let report = text_form::dump(&store.snapshot()?.reader(), dir)?;
    writeln!(out, "dumped {}: {}", dir.display(), report)?;
    Ok(Status::Done)
}
