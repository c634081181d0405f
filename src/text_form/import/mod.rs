//! `import`: load a canonical ledger directory into the store, all or nothing.
//!
//! Every file is read and every row checked; each problem is collected as
//! `FILE:LINE:COLUMN: what is wrong (the value) — what to do`, up to [`MAX_PROBLEMS`], and if
//! there is any the one transaction rolls back and nothing is written. Rows are inserted as
//! they are checked (streamed: a million claims never sit in memory; only ids do, to check
//! references). Importing a directory twice changes nothing: a row whose id is already in the
//! ledger with the same content is skipped, one with different content is a problem naming
//! both. Foreign keys are switched off for the load because every reference is checked here,
//! with a file and line, which SQLite's own check could not give; for sources, claims and
//! reviews the schema's CHECKs are too (`Tx::vouch_for_checks`), since every rule they state is
//! checked here first: SQLite's GLOBs over every id, hash and time were a third of the load.
//! Those three large files are read and checked on a second thread while this one writes
//! (`pipeline`).
//!
//! This module owns the entry point, the report and the row helpers every table shares
//! (`insert`, `slug`, `known`, `write_row`); each family of tables is checked and loaded in
//! its own submodule: `vocabulary` (settings, orgs, places, metrics), `sources` (sources and
//! their texts), `claims`, and `history` (reviews and waivers).

mod claims;
mod dir_feed;
mod history;
mod id_set;
mod parallel;
mod pipeline;
mod sink;
mod sources;
mod vocabulary;

use super::rows::{Problems, Row, RowAt, TableReader};
use super::{CLAIMS, SOURCES};
use crate::checks::names::FxHashSet;
use crate::error::{Error, Result};
use crate::records::is_slug;
use crate::store::Store;
use sink::Sink;

pub use dir_feed::{check_directory, for_each_review};
use serde::Serialize;
use std::fmt;
use std::path::Path;

pub(super) const MAX_PROBLEMS: usize = 100;

/// What an import added, and how many rows were already there.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub added: [usize; 7],
    pub already_present: usize,
    /// History rows that came with an empty hash, filled in: the file, the line of the
    /// first, how many. `check` on a directory reports them (see `commands::check`).
    pub unhashed: Vec<(&'static str, u64, usize)>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            "orgs", "places", "metrics", "sources", "claims", "reviews", "waivers",
        ];
        let parts: Vec<String> = names
            .iter()
            .zip(self.added)
            .map(|(n, c)| format!("{c} {n}"))
            .collect();
        write!(
            f,
            "added {}; {} row(s) already present",
            parts.join(", "),
            self.already_present
        )
    }
}

/// Load `dir` into `store` in one transaction; refuse it whole on any problem.
pub fn import(store: &mut Store, dir: &Path, progress: bool) -> Result<ImportReport> {
    is_ledger_dir(dir)?;
    store.bulk_write(|tx| Importer::new(&mut { tx }, dir, progress).run())
}

/// Whether `dir` looks like a ledger directory at all, before any file is read.
fn is_ledger_dir(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Err(Error::invalid(format!(
            "{}: not a directory; import takes a ledger directory holding orgs.csv, sources.csv, claims.csv, ...",
            dir.display()
        )));
    }
    if !dir.join(CLAIMS.file).is_file() && !dir.join(SOURCES.file).is_file() {
        return Err(Error::invalid(format!(
            "{}: no claims.csv or sources.csv there; is it a ledger directory? (`claimledger dump DIR` writes one)",
            dir.display()
        )));
    }
    Ok(())
}

struct Importer<'a> {
    sink: &'a mut dyn Sink,
    dir: &'a Path,
    progress: bool,
    problems: Problems,
    report: ImportReport,
    tolerance: crate::exact::Num,
    // Ids read so far, to check references (Fx: a million claim ids are hashed twice each).
    orgs: FxHashSet<String>,
    places: FxHashSet<String>,
    metrics: FxHashSet<String>,
    sources: FxHashSet<String>,
    claims: id_set::IdSet,
    /// Whether the ledger held claims before: when not, no row needs an "already there?" query.
    had_claims: bool,
    /// Likewise for sources.
    had_sources: bool,
}

impl<'a> Importer<'a> {
    fn new(sink: &'a mut dyn Sink, dir: &'a Path, progress: bool) -> Self {
        Importer {
            sink,
            dir,
            progress,
            problems: Problems::new(dir, MAX_PROBLEMS),
            report: ImportReport::default(),
            tolerance: crate::reading::default_tolerance(),
            orgs: FxHashSet::default(),
            places: FxHashSet::default(),
            metrics: FxHashSet::default(),
            sources: FxHashSet::default(),
            claims: id_set::IdSet::default(),
            had_claims: false,
            had_sources: false,
        }
    }

    fn open(&mut self, table: &'static super::Table) -> Result<Option<TableReader>> {
        TableReader::open(self.dir, table, &mut self.problems)
    }

    fn run(mut self) -> Result<ImportReport> {
        self.tolerance = self.sink.tolerance()?;
        self.had_claims = self.sink.had_claims()?;
        self.had_sources = self.sink.had_sources()?;
        let before = self.tolerance.clone();
        self.settings()?;
        if self.had_claims && self.tolerance != before && self.problems.is_empty() {
            // The claims already in the ledger are read again at the new tolerance.
            self.sink.rewrite_readings(&self.tolerance)?;
        }
        self.orgs()?;
        self.places()?;
        self.metrics()?;
        // Every rule the schema's CHECKs state on these three is checked here first.
        self.sink.vouch_for_checks(true)?;
        self.sources()?;
        self.claims()?;
        if self.problems.is_empty() {
            self.sink.claims_done()?;
        }
        self.reviews()?;
        self.sink.vouch_for_checks(false)?;
        self.waivers()?;
        if self.progress {
            eprintln!();
        }
        self.problems.into_result(self.report)
    }

    /// Insert a checked row. Once any problem is found nothing more is inserted (the import
    /// will be refused and rolled back anyway).
    fn insert(
        &mut self,
        row: &Row,
        insert: impl FnOnce(&mut dyn Sink) -> Result<()>,
    ) -> Result<()> {
        if !self.problems.is_empty() {
            return Ok(());
        }
        let sink = &mut *self.sink;
        write_row(row.at(), &mut self.problems, || insert(sink))
    }

    /// A required slug id in column `col` (0-based).
    fn slug(&mut self, row: &Row, col: usize, what: &str) -> Option<String> {
        slug(row, col, what, &mut self.problems)
    }

    /// True when the row is already in the ledger (see [`known`]).
    fn known<T: PartialEq + Serialize>(
        &mut self,
        row: &Row,
        what: &str,
        existing: Option<&T>,
        new: &T,
    ) -> bool {
        let (problems, present) = (&mut self.problems, &mut self.report.already_present);
        known(
            row.at(),
            row.cell(0),
            what,
            existing,
            new,
            problems,
            present,
        )
    }
}

/// A required slug id in column `col` (0-based); a problem when empty or not a slug.
fn slug(row: &Row, col: usize, what: &str, problems: &mut Problems) -> Option<String> {
    let id = row.required(col, problems)?;
    if is_slug(id) {
        Some(id.to_string())
    } else {
        row.problem(
            problems,
            col + 1,
            format!("{what} id {id:?} is not a slug — use lower-case letters, digits and '-'"),
        );
        None
    }
}

/// Write one row; a rule the database itself enforces becomes a problem at the row, not a
/// fault.
fn write_row(at: RowAt, problems: &mut Problems, write: impl FnOnce() -> Result<()>) -> Result<()> {
    match write() {
        Err(e @ (Error::Invalid(_) | Error::Duplicate { .. })) => {
            at.problem(problems, e.to_string());
            Ok(())
        }
        other => other,
    }
}

/// True when the row `id` is already in the ledger: with the same content it is skipped (and
/// counted in `present`); with different content it is a problem that names both.
fn known<T: PartialEq + Serialize>(
    at: RowAt,
    id: &str,
    what: &str,
    existing: Option<&T>,
    new: &T,
    problems: &mut Problems,
    present: &mut usize,
) -> bool {
    match existing {
        None => false,
        Some(old) if old == new => {
            *present += 1;
            true
        }
        Some(old) => {
            at.problem(problems, format!("{what} {id:?} is already in the ledger with other content — {} — give the new one another id, or make them the same", differences(old, new)));
            true
        }
    }
}

/// How two versions of one row differ, in words: `printed: ledger "51%", file "52%"; …`, field
/// by field under the file's column names, in alphabetical order (lists `|`-joined as the file
/// writes them).
fn differences<T: Serialize>(old: &T, new: &T) -> String {
    let fields = |row: &T| match serde_json::to_value(row) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let (old, new) = (fields(old), fields(new));
    let cell = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join("|"),
        Some(other) => other.to_string(),
    };
    let changed: Vec<String> = new
        .keys()
        .filter_map(|key| {
            let (was, is) = (cell(old.get(key)), cell(new.get(key)));
            (was != is).then(|| format!("{key}: ledger {was:?}, file {is:?}"))
        })
        .collect();
    changed.join("; ")
}

#[cfg(test)]
mod tests {
    use super::differences;
    use crate::records::Org;

    #[test]
    fn a_conflict_is_told_field_by_field() {
        let org = |name: &str, aliases: &[&str]| Org {
            id: "pips".into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
        assert_eq!(
            differences(&org("PIPS", &["p"]), &org("Pak Institute", &["p", "q"])),
            r#"aliases: ledger "p", file "p|q"; name: ledger "PIPS", file "Pak Institute""#
        );
    }
}
