//! Import of claims.csv: every row validated by the one claim model (`crate::claim`) against
//! the ids of the files being imported, at the ledger's tolerance.

use super::id_set::IdSet;
use super::parallel::{parallel_pipeline, Split};
use super::pipeline::{Checked, Refused};
use super::{known, write_row, Importer, MAX_PROBLEMS};
use crate::checks::names::FxHashSet;
use crate::claim::{self, Draft, Field, Vocabulary};
use crate::error::Result;
use crate::interval::Interval;
use crate::reading::ReadingCache;
use crate::records::Claim;
use crate::text_form::rows::{Problems, Row};
use crate::text_form::CLAIMS;

impl Importer<'_> {
    /// Claims are read on one thread, checked on two, and written on this one (see
    /// `parallel`).
    pub(super) fn claims(&mut self) -> Result<()> {
        let Some(rows) = self.open(&CLAIMS)? else {
            return Ok(());
        };
        let refused = Refused::after(&self.problems);
        let ids = &mut self.claims;
        let vocab = FileVocabulary {
            sources: &self.sources,
            metrics: &self.metrics,
            places: &self.places,
            orgs: &self.orgs,
        };
        let tolerance = &self.tolerance;
        let split = Split {
            checkers: self.sink.checkers(),
            admit: |row: &Row, problems: &mut Problems| admit(row, ids, problems),
            local: || ReadingCache::new(tolerance.clone()),
            check: |row: &Row, readings: &mut ReadingCache, problems: &mut Problems| {
                check_claim(row, &vocab, readings, problems)
            },
        };
        let (sink, had_claims, progress) = (&mut *self.sink, self.had_claims, self.progress);
        let mut written = Problems::new(self.dir, MAX_PROBLEMS);
        let (mut added, mut present) = (0, 0);
        parallel_pipeline(
            rows,
            progress,
            split,
            &mut self.problems,
            &refused,
            |Checked { at, value }: Checked<(Claim, Interval)>| {
                let (claim, interval) = value;
                if had_claims {
                    if let Some(old) = sink.claim(&claim.id)? {
                        let (what, old) = ("claim", Some(&old));
                        known(at, &claim.id, what, old, &claim, &mut written, &mut present);
                        return Ok(());
                    }
                }
                added += 1;
                if refused.is_set() || !written.is_empty() {
                    return Ok(());
                }
                write_row(at, &mut written, || sink.insert_claim(&claim, &interval))
            },
        )?;
        self.problems.absorb(written);
        self.report.added[4] += added;
        self.report.already_present += present;
        Ok(())
    }
}

/// A claims.csv row's id, in file order: false (a problem recorded) when an earlier row has
/// it. The id is known from here on even if the row has other problems, so that reviews of it
/// are not reported as reviews of an unknown claim.
fn admit(row: &Row, ids: &mut IdSet, problems: &mut Problems) -> bool {
    let id = row.cell(0);
    if !id.is_empty() && !ids.insert(id) {
        row.problem(
            problems,
            1,
            format!("claim {id:?} appears twice — give each claim its own id"),
        );
        return false;
    }
    true
}

/// Check one claims.csv row with the one claim model; every problem found is recorded at its
/// cell.
fn check_claim(
    row: &Row,
    vocab: &FileVocabulary<'_>,
    readings: &mut ReadingCache,
    problems: &mut Problems,
) -> Option<(Claim, Interval)> {
    let draft = Draft::from_cells(|i| row.cell(i));
    // Import keeps the ids it is given; a row without one is a problem, not a new id.
    if draft.id.is_none() {
        row.required(Field::Id.column(), problems);
    }
    match claim::validate(draft, vocab, readings, |_| String::new()) {
        Ok(valid) if problems.is_empty() => {
            let interval = valid.reading.interval;
            Some((valid.claim, interval))
        }
        // Keep checking the rest of the file, but a refused import writes nothing anyway.
        Ok(_) => None,
        Err(found) => {
            for p in found {
                row.problem(problems, p.field.column() + 1, p.message);
            }
            None
        }
    }
}

/// The ids of the files being imported: exact ids, no aliases (a ledger file names ids).
struct FileVocabulary<'i> {
    sources: &'i FxHashSet<String>,
    metrics: &'i FxHashSet<String>,
    places: &'i FxHashSet<String>,
    orgs: &'i FxHashSet<String>,
}

fn known_id(
    set: &FxHashSet<String>,
    id: &str,
    what: &str,
    file: &str,
) -> std::result::Result<String, String> {
    if set.contains(id) {
        Ok(id.to_string())
    } else {
        Err(format!(
            "unknown {what} {id:?} — add it to {file} or fix the id"
        ))
    }
}

impl Vocabulary for FileVocabulary<'_> {
    fn source(&self, id: &str) -> std::result::Result<String, String> {
        known_id(self.sources, id, "source", "sources.csv")
    }
    fn metric(&self, id: &str) -> std::result::Result<String, String> {
        known_id(self.metrics, id, "metric", "metrics.csv")
    }
    fn place(&self, id: &str) -> std::result::Result<String, String> {
        known_id(self.places, id, "place", "places.csv")
    }
    fn org(&self, id: &str) -> std::result::Result<String, String> {
        known_id(self.orgs, id, "org", "orgs.csv")
    }
}
