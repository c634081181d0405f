//! Import of sources.csv and the texts beside it: each text checked against its digest, and
//! texts no source owns reported.

use super::pipeline::{check_rows, pipeline, Checked, Refused, RowChecker};
use super::{known, slug, write_row, Importer, MAX_PROBLEMS};
use crate::checks::names::FxHashSet;
use crate::error::{Error, Result};
use crate::period::parse_published;
use crate::records::Source;
use crate::text_form::rows::{Problems, Row};
use crate::text_form::{sha256_hex, SOURCES, TEXTS};
use std::path::Path;

impl Importer<'_> {
    /// Sources are checked, their texts read and hashed, on a second thread, and written on
    /// this one (see `pipeline`).
    pub(super) fn sources(&mut self) -> Result<()> {
        let Some(rows) = self.open(&SOURCES)? else {
            return Ok(());
        };
        let refused = Refused::after(&self.problems);
        let checker = SourceChecker {
            problems: &mut self.problems,
            sources: &mut self.sources,
            orgs: &self.orgs,
            dir: self.dir,
        };
        let (sink, had_sources, progress) = (&mut *self.sink, self.had_sources, self.progress);
        let mut written = Problems::new(self.dir, MAX_PROBLEMS);
        let (mut added, mut present) = (0, 0);
        pipeline(
            |emit| check_rows(checker, rows, &refused, progress, emit),
            |Checked { at, value }: Checked<(Source, Option<String>)>| {
                let (source, text) = value;
                // Into a ledger without sources (a fresh one) nothing is there to compare with.
                if had_sources {
                    let existing = sink.source(&source.id)?;
                    let (id, old) = (&source.id, existing.as_ref());
                    if known(at, id, "source", old, &source, &mut written, &mut present) {
                        return Ok(());
                    }
                }
                added += 1;
                if refused.is_set() || !written.is_empty() {
                    return Ok(());
                }
                write_row(at, &mut written, || {
                    sink.insert_source(&source, text.as_deref())
                })
            },
        )?;
        self.problems.absorb(written);
        self.report.added[3] += added;
        self.report.already_present += present;
        self.stray_texts();
        Ok(())
    }

    /// Texts in `texts/` that no source of the file owns (a source with a text is known).
    fn stray_texts(&mut self) {
        let Ok(entries) = std::fs::read_dir(self.dir.join(TEXTS)) else {
            return;
        };
        let mut stray: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".txt"))
            .filter(|name| !self.sources.contains(name.trim_end_matches(".txt")))
            .collect();
        stray.sort();
        for name in stray {
            self.problems.push(format!("{TEXTS}/{name}: no source with that id in sources.csv — add the source or remove the file"));
        }
    }
}

/// What checking a sources.csv row needs: the orgs, the directory its texts are in.
struct SourceChecker<'i> {
    problems: &'i mut Problems,
    /// Source ids seen so far (filled here, for claims.csv).
    sources: &'i mut FxHashSet<String>,
    orgs: &'i FxHashSet<String>,
    dir: &'i Path,
}

impl RowChecker for SourceChecker<'_> {
    type Value = (Source, Option<String>);

    fn problems(&mut self) -> &mut Problems {
        self.problems
    }

    /// One row with its text: `None` when it has a problem (recorded).
    fn check(&mut self, row: &Row) -> Result<Option<(Source, Option<String>)>> {
        let problems = &mut *self.problems;
        let Some(id) = slug(row, 0, "source", problems) else {
            return Ok(None);
        };
        let Some(title) = row.required(2, problems) else {
            return Ok(None);
        };
        let publisher = row.optional(3);
        if let Some(p) = &publisher {
            if !self.orgs.contains(p) {
                row.problem(problems, 4, format!("unknown org {p:?} as publisher — add it to orgs.csv or leave the cell empty"));
            }
        }
        let published = row.optional(5);
        if let Some(p) = &published {
            if let Err(why) = parse_published(p) {
                row.problem(problems, 6, format!("published {p:?}: {why} — write YYYY-MM-DD, or the part that is known (YYYY-MM, YYYY)"));
            }
        }
        let sha = row.optional(6);
        let text = self.text(row, &id, sha.as_deref())?;
        if !self.sources.insert(id.clone()) {
            row.problem(
                self.problems,
                1,
                format!("source {id:?} appears twice — give each source its own id"),
            );
            return Ok(None);
        }
        let source = Source {
            id,
            url: row.optional(1),
            title: title.to_string(),
            publisher,
            author: row.optional(4),
            published,
            text_sha256: sha,
        };
        Ok(Some((source, text)))
    }
}

impl SourceChecker<'_> {
    /// The stored text of a source, checked against its digest.
    fn text(&mut self, row: &Row, id: &str, sha: Option<&str>) -> Result<Option<String>> {
        let problems = &mut *self.problems;
        let rel = format!("{TEXTS}/{id}.txt");
        let path = self.dir.join(&rel);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(sha) = sha {
                    row.problem(problems, 7, format!("text_sha256 {sha:?} given but {rel} is missing — restore the text or empty the cell"));
                }
                return Ok(None);
            }
            Err(source) => return Err(Error::File { path, source }),
        };
        let actual = sha256_hex(&bytes);
        match sha {
            None => row.problem(problems, 7, format!("{rel} exists but text_sha256 is empty — fill in its SHA-256, {actual}")),
            Some(sha) if sha != actual => row.problem(
                problems,
                7,
                format!("{rel} has SHA-256 {actual}, not {sha:?} — the text changed: restore it, or update text_sha256 if the new text is right"),
            ),
            _ => {}
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(e) => {
                problems.push(format!(
                    "{rel}: invalid UTF-8 at byte {} — save the text as UTF-8",
                    e.utf8_error().valid_up_to()
                ));
                Ok(None)
            }
        }
    }
}
