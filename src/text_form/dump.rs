//! `dump`: write a ledger as its canonical directory. Rows are streamed from the store in a
//! fixed order (ids; reviews as recorded), written with minimal RFC 4180 quoting and `\n` line
//! ends, so the same ledger always gives the same bytes. Each file is written beside its final
//! name and renamed into place, so an interrupted dump never leaves a half-written file; texts
//! of sources the ledger no longer holds are removed.

use super::write::TableWriter;
use super::{
    CLAIMS, GITATTRIBUTES, METRICS, ORGS, PLACES, REVIEWS, SETTINGS, SOURCES, TEXTS, WAIVERS,
};
use crate::error::{Error, Result};
use crate::store::{ClaimFilter, Reader};
use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::Path;

/// How many rows each file got.
#[derive(Debug, Default)]
pub struct DumpReport {
    pub sources: usize,
    pub texts: usize,
    pub claims: usize,
    pub reviews: usize,
}

impl fmt::Display for DumpReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} sources ({} texts), {} claims, {} reviews",
            self.sources, self.texts, self.claims, self.reviews
        )
    }
}

/// Write the ledger `reader` reads into `dir` (created if missing).
pub fn dump(reader: &Reader<'_>, dir: &Path) -> Result<DumpReport> {
    let texts_dir = dir.join(TEXTS);
    fs::create_dir_all(&texts_dir).map_err(|source| Error::File {
        path: texts_dir.clone(),
        source,
    })?;
    write_if_changed(&dir.join(GITATTRIBUTES.0), GITATTRIBUTES.1.as_bytes())?;
    let mut report = DumpReport::default();

    let mut f = TableWriter::create(dir, &ORGS)?;
    for o in reader.orgs()? {
        f.org(&o)?;
    }
    f.finish()?;

    let mut f = TableWriter::create(dir, &PLACES)?;
    for p in reader.places()? {
        f.place(&p)?;
    }
    f.finish()?;

    let mut f = TableWriter::create(dir, &METRICS)?;
    for m in reader.metrics()? {
        f.metric(&m)?;
    }
    f.finish()?;

    let mut f = TableWriter::create(dir, &SOURCES)?;
    let mut kept_texts = HashSet::new();
    reader.for_each_source(|s, text| {
        f.source(&s)?;
        report.sources += 1;
        if let Some(text) = text {
            let name = format!("{}.txt", s.id);
            write_if_changed(&texts_dir.join(&name), text.as_bytes())?;
            kept_texts.insert(name);
            report.texts += 1;
        }
        Ok(())
    })?;
    f.finish()?;
    remove_stale_texts(&texts_dir, &kept_texts)?;

    let mut f = TableWriter::create(dir, &CLAIMS)?;
    reader.for_each_claim(&ClaimFilter::default(), |row| {
        f.claim(&row.claim)?;
        report.claims += 1;
        Ok(())
    })?;
    f.finish()?;

    let mut f = TableWriter::create(dir, &REVIEWS)?;
    reader.for_each_review(|r| {
        f.review(&r)?;
        report.reviews += 1;
        Ok(())
    })?;
    f.finish()?;

    let mut f = TableWriter::create(dir, &WAIVERS)?;
    for w in reader.waivers()? {
        f.waiver(&w)?;
    }
    f.finish()?;

    let mut f = TableWriter::create(dir, &SETTINGS)?;
    for (key, value) in reader.settings()? {
        f.setting(&key, &value)?;
    }
    f.finish()?;
    Ok(report)
}

/// Texts rarely change: leaving an identical file alone keeps its timestamp and saves writes.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    fs::write(path, bytes).map_err(|source| Error::File {
        path: path.to_path_buf(),
        source,
    })
}

fn remove_stale_texts(texts_dir: &Path, kept: &HashSet<String>) -> Result<()> {
    let entries = fs::read_dir(texts_dir).map_err(|source| Error::File {
        path: texts_dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::File {
            path: texts_dir.to_path_buf(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") && !kept.contains(&name) {
            fs::remove_file(entry.path()).map_err(|source| Error::File {
                path: entry.path(),
                source,
            })?;
        }
    }
    Ok(())
}
