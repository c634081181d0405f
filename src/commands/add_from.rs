//! `add --from FILE`: every row of a claims CSV (`claims.csv`'s columns, in any order, plus the
//! `status` and `why` columns `propose` writes, which are ignored) validated by the one claim
//! model and added in one transaction: all or nothing. Rows whose status is `skipped` are
//! ignored. Every problem is reported as `FILE:LINE:COLUMN: what — what to do`; a row without
//! an id gets a new one, as with `add`.

use super::add::{quote_in_text, report};
use super::claim_input::{new_claim_id, StoreVocabulary};
use super::open_write;
use crate::claim::{self, Draft, Field, COLUMNS};
use crate::error::{Error, Result};
use crate::Status;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

/// The columns `propose` adds, read and ignored here.
const IGNORED: [&str; 2] = ["status", "why"];
/// At most this many problems are listed; the rest are counted.
const MAX_LISTED: usize = 100;

pub fn run(db: &Path, file: &Path, out: &mut dyn Write) -> Result<Status> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|source| Error::File {
        path: file.to_path_buf(),
        source,
    })?;
    let mut problems = Vec::new();
    // A spreadsheet's "CSV UTF-8" starts with a byte-order mark; it is not part of the header.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (header, rows) = read_rows(&name, bytes, &mut problems)?;
    if !problems.is_empty() {
        return Err(refused(file, problems));
    }
    let mut store = open_write(db)?;
    let added = store.write(|tx| {
        let r = tx.reader();
        let mut readings = crate::reading::ReadingCache::new(r.tolerance()?);
        let vocab = StoreVocabulary(&r);
        let mut added = Vec::new();
        let mut ids = HashSet::new();
        for (line, draft) in rows {
            let at = |f: Field| format!("{name}:{line}:{}", header[f.column()].unwrap_or(1));
            if let Some(id) = &draft.id {
                if !ids.insert(id.clone()) {
                    problems.push(format!(
                        "{}: claim {id:?} appears twice in the file — give each claim its own id",
                        at(Field::Id)
                    ));
                    continue;
                }
            }
            match claim::validate(draft, &vocab, &mut readings, new_claim_id) {
                Err(ps) => problems.extend(
                    ps.into_iter()
                        .map(|p| format!("{}: {}", at(p.field), p.message)),
                ),
                Ok(valid) => match tx.insert_claim(&valid.claim, valid.interval()) {
                    Err(e @ (Error::Duplicate { .. } | Error::Invalid(_))) => {
                        problems.push(format!("{}: {e}", at(Field::Id)))
                    }
                    Err(e) => return Err(e),
                    Ok(()) => {
                        let found = quote_in_text(&r, &valid)?;
                        added.push((valid, found));
                    }
                },
            }
        }
        if !problems.is_empty() {
            // Returning an error rolls the transaction back: nothing is written.
            return Err(refused(file, std::mem::take(&mut problems)));
        }
        Ok(added)
    })?;
    for (valid, found) in &added {
        report(valid, *found, out)?;
    }
    writeln!(out, "added {} claim(s) from {name}", added.len())?;
    Ok(Status::Done)
}

fn refused(file: &Path, mut problems: Vec<String>) -> Error {
    let count = problems.len();
    if count > MAX_LISTED {
        problems.truncate(MAX_LISTED);
        problems.push(format!(
            "... and {} more (only the first {MAX_LISTED} are listed)",
            count - MAX_LISTED
        ));
    }
    Error::ImportRefused {
        dir: file.to_path_buf(),
        count,
        problems,
    }
}

/// The header (for each claim column, its 1-based position in the file) and the rows to add,
/// each with its line. Problems of the file's shape go to `problems`.
#[allow(clippy::type_complexity)]
fn read_rows(
    name: &str,
    bytes: &[u8],
    problems: &mut Vec<String>,
) -> Result<(Vec<Option<usize>>, Vec<(u64, Draft)>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let head = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(format!("{name}:1:1: {e} — save the file as UTF-8 CSV"));
            return Ok((Vec::new(), Vec::new()));
        }
    };
    let mut header = vec![None; COLUMNS.len()];
    let mut status_at = None;
    for (i, h) in head.iter().enumerate() {
        if let Some(c) = COLUMNS.iter().position(|c| *c == h) {
            if header[c].is_some() {
                problems.push(format!("{name}:1:{}: column {h:?} appears twice", i + 1));
            }
            header[c] = Some(i + 1);
        } else if h == IGNORED[0] {
            status_at = Some(i);
        } else if !IGNORED.contains(&h) {
            problems.push(format!(
                "{name}:1:{}: unknown column {h:?} — the columns are {}, and propose's status and why",
                i + 1,
                COLUMNS.join(", ")
            ));
        }
    }
    for f in [
        Field::Source,
        Field::Quote,
        Field::Printed,
        Field::Metric,
        Field::Place,
        Field::Period,
    ] {
        if header[f.column()].is_none() {
            problems.push(format!(
                "{name}:1:1: no {} column — every claim needs one",
                COLUMNS[f.column()]
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(format!("{name}:{line}:1: {e} — save the file as UTF-8 CSV"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if status_at.and_then(|i| record.get(i)) == Some("skipped") {
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let draft = Draft::from_cells(|c| header[c].and_then(|i| record.get(i - 1)).unwrap_or(""));
        rows.push((line, draft));
    }
    Ok((header, rows))
}
