//! `init`: create the database, or bring an older one up to date.

use crate::error::{Error, Result};
use crate::store::Store;
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, out: &mut dyn Write) -> Result<Status> {
    if db.is_dir() {
        return Err(Error::ReadOnlyDirectory(db.to_path_buf()));
    }
    let store = Store::init(db)?;
    writeln!(out, "ledger ready: {}", store.path().display())?;
    Ok(Status::Done)
}
