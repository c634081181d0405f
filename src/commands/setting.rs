//! `setting KEY [VALUE]`: show or set one of the ledger's settings. Only the keys
//! `records::settings::KEYS` lists exist. The tolerance is refused here: changing it rereads
//! every claim's printed figure, which `import` does in one pass over `settings.csv`.

use super::{open_read, open_write};
use crate::error::{Error, Result};
use crate::records::settings;
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, key: &str, value: Option<String>, out: &mut dyn Write) -> Result<Status> {
    if !settings::KEYS.contains(&key) {
        return Err(Error::invalid(format!(
            "unknown setting {key:?}; the settings are {}",
            settings::KEYS.join(", ")
        )));
    }
    let Some(value) = value else {
        let store = open_read(db)?;
        let value = store.snapshot()?.reader().setting(key)?;
        writeln!(out, "{}", value.unwrap_or_default())?;
        return Ok(Status::Done);
    };
    if key == settings::TOLERANCE {
        return Err(Error::invalid(
            "the tolerance rereads every claim: set it in the ledger directory's settings.csv and import it",
        ));
    }
    let value = value.trim();
    let is_url = key != settings::REVIEW_ORG_NAME;
    if value.is_empty()
        || (is_url && !(value.starts_with("https://") || value.starts_with("http://")))
    {
        return Err(Error::invalid(format!(
            "{key} {value:?}: give {}",
            if is_url {
                "an http(s) address, e.g. https://factcheck.example.org"
            } else {
                "the organisation's name"
            }
        )));
    }
    let mut store = open_write(db)?;
    store.write(|tx| tx.set_setting(key, value))?;
    writeln!(out, "{key} = {value}")?;
    Ok(Status::Done)
}
