//! `import DIR`: load a canonical ledger directory into the database, all or nothing.

use super::open_write;
use crate::error::Result;
use crate::{text_form, Status};
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(db: &Path, dir: &Path, out: &mut dyn Write) -> Result<Status> {
    let mut store = open_write(db)?;
    let report = text_form::import(&mut store, dir, std::io::stderr().is_terminal())?;
    writeln!(out, "imported {}: {}", dir.display(), report)?;
    Ok(Status::Done)
}
