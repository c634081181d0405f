//! Import of sources.csv and the texts beside it: each text checked against its digest, and
//! texts no source owns reported.

use super::Importer;
use crate::error::{Error, Result};
use crate::period::parse_published;
use crate::records::Source;
use crate::text_form::rows::Row;
use crate::text_form::{sha256_hex, SOURCES, TEXTS};
use std::collections::HashSet;

impl Importer<'_, '_> {
    pub(super) fn sources(&mut self) -> Result<()> {
        let Some(mut rows) = self.open(&SOURCES)? else {
            return Ok(());
        };
        let mut with_text = HashSet::new();
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(id) = self.slug(&row, 0, "source") else {
                continue;
            };
            let Some(title) = row.required(2, &mut self.problems) else {
                continue;
            };
            let publisher = row.optional(3);
            if let Some(p) = &publisher {
                if !self.orgs.contains(p) {
                    row.problem(&mut self.problems, 4, format!("unknown org {p:?} as publisher — add it to orgs.csv or leave the cell empty"));
                }
            }
            let published = row.optional(5);
            if let Some(p) = &published {
                if let Err(why) = parse_published(p) {
                    row.problem(&mut self.problems, 6, format!("published {p:?}: {why} — write YYYY-MM-DD, or the part that is known (YYYY-MM, YYYY)"));
                }
            }
            let sha = row.optional(6);
            let text = self.text(&row, &id, sha.as_deref())?;
            if text.is_some() {
                with_text.insert(format!("{id}.txt"));
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
            // Into a ledger without sources (a fresh one) nothing is there to compare with.
            let existing = match self.had_sources {
                true => self.tx.reader().source(&source.id)?,
                false => None,
            };
            if self.known(&row, "source", existing.as_ref(), &source) {
                self.sources.insert(source.id);
                continue;
            }
            self.insert(&row, |tx| tx.insert_source(&source, text.as_deref()))?;
            self.sources.insert(source.id);
            self.report.added[3] += 1;
        }
        self.stray_texts(&with_text);
        Ok(())
    }

    /// The stored text of a source, checked against its digest.
    fn text(&mut self, row: &Row, id: &str, sha: Option<&str>) -> Result<Option<String>> {
        let rel = format!("{TEXTS}/{id}.txt");
        let path = self.dir.join(&rel);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(sha) = sha {
                    row.problem(&mut self.problems, 7, format!("text_sha256 {sha:?} given but {rel} is missing — restore the text or empty the cell"));
                }
                return Ok(None);
            }
            Err(source) => return Err(Error::File { path, source }),
        };
        let actual = sha256_hex(&bytes);
        match sha {
            None => row.problem(&mut self.problems, 7, format!("{rel} exists but text_sha256 is empty — fill in its SHA-256, {actual}")),
            Some(sha) if sha != actual => row.problem(
                &mut self.problems,
                7,
                format!("{rel} has SHA-256 {actual}, not {sha:?} — the text changed: restore it, or update text_sha256 if the new text is right"),
            ),
            _ => {}
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(e) => {
                self.problems.push(format!(
                    "{rel}: invalid UTF-8 at byte {} — save the text as UTF-8",
                    e.utf8_error().valid_up_to()
                ));
                Ok(None)
            }
        }
    }

    fn stray_texts(&mut self, with_text: &HashSet<String>) {
        let Ok(entries) = std::fs::read_dir(self.dir.join(TEXTS)) else {
            return;
        };
        let mut stray: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".txt") && !with_text.contains(name))
            .filter(|name| !self.sources.contains(name.trim_end_matches(".txt")))
            .collect();
        stray.sort();
        for name in stray {
            self.problems.push(format!("{TEXTS}/{name}: no source with that id in sources.csv — add the source or remove the file"));
        }
    }
}
