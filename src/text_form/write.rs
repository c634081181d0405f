//! Writing the files of a ledger directory: the one place that turns records into canonical
//! rows (columns in order, `|`-joined lists, empty cells for absent values, minimal RFC 4180
//! quoting, `\n` line ends). `dump` uses it, and so does the benchmark's generator, so that a
//! generated directory is canonical by construction.

use super::Table;
use crate::error::{Error, Result};
use crate::records::{Claim, Metric, Org, Place, Review, Source, Waiver};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One file of a ledger directory, written under a temporary name and renamed into place by
/// [`TableWriter::finish`], so that an interrupted write never leaves a half-written file; a
/// writer dropped unfinished (the dump failed) removes its temporary file.
pub struct TableWriter {
    /// `None` once finished.
    writer: Option<csv::Writer<BufWriter<File>>>,
    tmp: PathBuf,
    path: PathBuf,
}

impl Drop for TableWriter {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// A database received from someone else may hold ids its CHECKs never saw; a row id becomes a
/// file name (`texts/ID.txt`), so one that is not a slug stops the dump before any path is made.
fn slug(what: &str, id: &str) -> Result<()> {
    if crate::records::is_slug(id) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "the ledger holds {what} id {id:?}, which is not a slug (lower-case letters, digits and '-'): its database's checks were bypassed; nothing was written. Fix the id in the database (sqlite3), or ask whoever sent it for a dumped directory"
    )))
}

fn opt(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

impl TableWriter {
    /// Start `table`'s file in `dir`, header written.
    pub fn create(dir: &Path, table: &Table) -> Result<TableWriter> {
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
        Ok(TableWriter {
            writer: Some(writer),
            tmp,
            path,
        })
    }

    fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<()> {
        if let Some(writer) = &mut self.writer {
            writer.write_record(cells)?;
        }
        Ok(())
    }

    pub fn org(&mut self, o: &Org) -> Result<()> {
        slug("org", &o.id)?;
        self.row([o.id.as_str(), &o.name, &o.aliases.join("|")])
    }

    pub fn place(&mut self, p: &Place) -> Result<()> {
        slug("place", &p.id)?;
        self.row([p.id.as_str(), &p.name, opt(&p.parent), &p.aliases.join("|")])
    }

    pub fn metric(&mut self, m: &Metric) -> Result<()> {
        slug("metric", &m.id)?;
        self.row([
            m.id.as_str(),
            &m.name,
            opt(&m.parent),
            opt(&m.definition),
            &m.aliases.join("|"),
        ])
    }

    pub fn source(&mut self, s: &Source) -> Result<()> {
        slug("source", &s.id)?;
        self.row([
            s.id.as_str(),
            opt(&s.url),
            &s.title,
            opt(&s.publisher),
            opt(&s.author),
            opt(&s.published),
            opt(&s.text_sha256),
        ])
    }

    pub fn claim(&mut self, c: &Claim) -> Result<()> {
        slug("claim", &c.id)?;
        self.row([
            c.id.as_str(),
            &c.source,
            &c.quote,
            &c.printed,
            c.kind.as_str(),
            &c.metric,
            &c.place,
            &c.period,
            opt(&c.base),
            opt(&c.of),
            opt(&c.attributed_to),
            opt(&c.note),
        ])
    }

    pub fn review(&mut self, r: &Review) -> Result<()> {
        self.row([
            r.claim.as_str(),
            r.verdict.as_str(),
            &r.reviewer,
            &r.at,
            opt(&r.evidence),
            opt(&r.note),
            &r.hash,
        ])
    }

    pub fn waiver(&mut self, w: &Waiver) -> Result<()> {
        self.row([w.finding.as_str(), &w.reason, &w.reviewer, &w.at, &w.hash])
    }

    pub fn setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.row([key, value])
    }

    /// Flush and rename the file into place; on failure the temporary file is removed.
    pub fn finish(mut self) -> Result<()> {
        let Some(writer) = self.writer.take() else {
            return Ok(());
        };
        let file_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::File { path, source }
        };
        let done = writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|mut inner| inner.flush())
            .map_err(file_error(&self.tmp))
            .and_then(|()| fs::rename(&self.tmp, &self.path).map_err(file_error(&self.path)));
        if done.is_err() {
            let _ = fs::remove_file(&self.tmp);
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text_form::SETTINGS;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_appears_whole_on_finish_and_not_at_all_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TableWriter::create(dir.path(), &SETTINGS).unwrap();
        w.setting("tolerance", "0.10").unwrap();
        assert_eq!(names(dir.path()), [".settings.csv.tmp"]);
        w.finish().unwrap();
        assert_eq!(names(dir.path()), ["settings.csv"]);
        let written = fs::read_to_string(dir.path().join("settings.csv")).unwrap();
        assert_eq!(written, "key,value\ntolerance,0.10\n");

        // A dump that fails half-way leaves neither the file nor its temporary.
        let other = tempfile::tempdir().unwrap();
        let mut w = TableWriter::create(other.path(), &SETTINGS).unwrap();
        w.setting("tolerance", "0.10").unwrap();
        drop(w);
        assert!(names(other.path()).is_empty(), "{:?}", names(other.path()));
    }
}
