//! `dump`: write a ledger as its canonical directory. Rows are streamed from the store in a
//! fixed order (ids; reviews as recorded), written with minimal RFC 4180 quoting and `\n` line
//! ends, so the same ledger always gives the same bytes.
//!
//! The directory is replaced whole (`atomic::replace_dir`): every file is written into a new
//! directory beside it, which is swapped in once complete, so a dump that is killed or fails
//! leaves the old directory or the new one, never a mix. Nothing is written through a link: a
//! `texts` link in the old directory is replaced by a real folder, and what it pointed to is
//! left alone. Every id is checked to be a slug before a path is made from it (`TableWriter`),
//! so a database whose CHECKs were bypassed cannot make `dump` write outside its directory.

use super::write::TableWriter;
use super::{
    Table, CLAIMS, GITATTRIBUTES, METRICS, ORGS, PLACES, REVIEWS, SETTINGS, SOURCES, TEXTS, WAIVERS,
};
use crate::atomic;
use crate::error::{Error, Result};
use crate::store::{ClaimFilter, Reader};
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

/// Write the ledger `reader` reads into `dir`, replacing it whole (see the module doc).
pub fn dump(reader: &Reader<'_>, dir: &Path) -> Result<DumpReport> {
    atomic::replace_dir(dir, owned, |staging| write_all(reader, staging))
}

/// The entries of a ledger directory that `dump` writes: an old one it did not write again
/// (the text of a source no longer in the ledger, a temporary file of an older claimledger)
/// goes with the old directory. Everything else there is the user's and is kept.
fn owned(rel: &Path) -> bool {
    let mut parts = rel.iter().map(|p| p.to_string_lossy());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(file), None, None) => {
            file == GITATTRIBUTES.0
                || TABLES.iter().any(|t| t.file == file)
                || TABLES.iter().any(|t| file == format!(".{}.tmp", t.file))
        }
        (Some(dir), Some(file), None) => dir == TEXTS && file.ends_with(".txt"),
        _ => false,
    }
}

const TABLES: [&Table; 8] = [
    &ORGS, &PLACES, &METRICS, &SOURCES, &CLAIMS, &REVIEWS, &WAIVERS, &SETTINGS,
];

/// Write every file of the ledger into the empty directory `dir`.
fn write_all(reader: &Reader<'_>, dir: &Path) -> Result<DumpReport> {
    let texts_dir = dir.join(TEXTS);
    fs::create_dir(&texts_dir).map_err(|source| Error::File {
        path: texts_dir.clone(),
        source,
    })?;
    let attributes = dir.join(GITATTRIBUTES.0);
    fs::write(&attributes, GITATTRIBUTES.1.as_bytes()).map_err(|source| Error::File {
        path: attributes.clone(),
        source,
    })?;
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
    reader.for_each_source(|s, text| {
        // Checked (by `source`) before the id becomes part of a path.
        f.source(&s)?;
        report.sources += 1;
        if let Some(text) = text {
            let path = texts_dir.join(format!("{}.txt", s.id));
            fs::write(&path, text.as_bytes()).map_err(|source| Error::File { path, source })?;
            report.texts += 1;
        }
        Ok(())
    })?;
    f.finish()?;

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
