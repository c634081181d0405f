//! `dump`: write a ledger as its canonical directory. Rows are streamed from the store in a
//! fixed order (ids; reviews as recorded), written with minimal RFC 4180 quoting and `\n` line
//! ends, so the same ledger always gives the same bytes. Each file is written beside its final
//! name and renamed into place, so an interrupted dump never leaves a half-written file; texts
//! of sources the ledger no longer holds are removed.

use super::{Table, CLAIMS, METRICS, ORGS, PLACES, REVIEWS, SETTINGS, SOURCES, TEXTS, WAIVERS};
use crate::error::{Error, Result};
use crate::records::{Claim, Review};
use crate::store::{ClaimFilter, Reader};
use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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

/// A CSV file being written under a temporary name.
struct CsvFile {
    writer: csv::Writer<BufWriter<File>>,
    tmp: PathBuf,
    path: PathBuf,
}

impl CsvFile {
    fn create(dir: &Path, table: &Table) -> Result<CsvFile> {
        let path = dir.join(table.file);
        let tmp = dir.join(format!(".{}.tmp", table.file));
        let file = File::create(&tmp).map_err(|source| Error::File {
            path: tmp.clone(),
            source,
        })?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(BufWriter::with_capacity(1 << 16, file));
        writer.write_record(table.columns)?;
        Ok(CsvFile { writer, tmp, path })
    }

    fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<()> {
        self.writer.write_record(cells)?;
        Ok(())
    }

    fn finish(self) -> Result<()> {
        let mut inner = self.writer.into_inner().map_err(|e| Error::File {
            path: self.tmp.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        inner.flush().map_err(|source| Error::File {
            path: self.tmp.clone(),
            source,
        })?;
        fs::rename(&self.tmp, &self.path).map_err(|source| Error::File {
            path: self.path.clone(),
            source,
        })
    }
}

fn opt(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

/// Write the ledger `reader` reads into `dir` (created if missing).
pub fn dump(reader: &Reader<'_>, dir: &Path) -> Result<DumpReport> {
    let texts_dir = dir.join(TEXTS);
    fs::create_dir_all(&texts_dir).map_err(|source| Error::File {
        path: texts_dir.clone(),
        source,
    })?;
    let mut report = DumpReport::default();

    let mut f = CsvFile::create(dir, &ORGS)?;
    for o in reader.orgs()? {
        f.row([o.id.as_str(), &o.name, &o.aliases.join("|")])?;
    }
    f.finish()?;

    let mut f = CsvFile::create(dir, &PLACES)?;
    for p in reader.places()? {
        f.row([p.id.as_str(), &p.name, opt(&p.parent), &p.aliases.join("|")])?;
    }
    f.finish()?;

    let mut f = CsvFile::create(dir, &METRICS)?;
    for m in reader.metrics()? {
        f.row([
            m.id.as_str(),
            &m.name,
            opt(&m.parent),
            opt(&m.definition),
            &m.aliases.join("|"),
        ])?;
    }
    f.finish()?;

    let mut f = CsvFile::create(dir, &SOURCES)?;
    let mut kept_texts = HashSet::new();
    reader.for_each_source(|s, text| {
        f.row([
            s.id.as_str(),
            opt(&s.url),
            &s.title,
            opt(&s.publisher),
            opt(&s.author),
            opt(&s.published),
            opt(&s.text_sha256),
        ])?;
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

    let mut f = CsvFile::create(dir, &CLAIMS)?;
    reader.for_each_claim(&ClaimFilter::default(), |row| {
        let Claim {
            id,
            source,
            quote,
            printed,
            kind,
            metric,
            place,
            period,
            base,
            of,
            attributed_to,
            note,
        } = &row.claim;
        f.row([
            id.as_str(),
            source,
            quote,
            printed,
            kind,
            metric,
            place,
            period,
            opt(base),
            opt(of),
            opt(attributed_to),
            opt(note),
        ])?;
        report.claims += 1;
        Ok(())
    })?;
    f.finish()?;

    let mut f = CsvFile::create(dir, &REVIEWS)?;
    reader.for_each_review(|r| {
        let Review {
            claim,
            verdict,
            reviewer,
            at,
            evidence,
            note,
            hash,
        } = &r;
        f.row([
            claim.as_str(),
            verdict,
            reviewer,
            at,
            opt(evidence),
            opt(note),
            hash,
        ])?;
        report.reviews += 1;
        Ok(())
    })?;
    f.finish()?;

    let mut f = CsvFile::create(dir, &WAIVERS)?;
    for w in reader.waivers()? {
        f.row([w.finding.as_str(), &w.reason, &w.reviewer, &w.at])?;
    }
    f.finish()?;

    let mut f = CsvFile::create(dir, &SETTINGS)?;
    for (key, value) in reader.settings()? {
        f.row([key.as_str(), &value])?;
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
