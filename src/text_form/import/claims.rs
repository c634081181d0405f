//! Import of claims.csv: every row validated by the one claim model (`crate::claim`) against
//! the ids of the files being imported, at the ledger's tolerance.

use super::id_set::IdSet;
use super::pipeline::{check_rows, pipeline, Checked, Refused, RowChecker};
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
    /// Claims are checked on a second thread and written on this one (see `pipeline`).
    pub(super) fn claims(&mut self) -> Result<()> {
        let Some(rows) = self.open(&CLAIMS)? else {
            return Ok(());
        };
        let refused = Refused::after(&self.problems);
        let checker = ClaimChecker {
            problems: &mut self.problems,
            claims: &mut self.claims,
            sources: &self.sources,
            metrics: &self.metrics,
            places: &self.places,
            orgs: &self.orgs,
            readings: ReadingCache::new(self.tolerance.clone()),
        };
        let (sink, had_claims, progress) = (&mut *self.sink, self.had_claims, self.progress);
        let mut written = Problems::new(self.dir, MAX_PROBLEMS);
        let (mut added, mut present) = (0, 0);
        pipeline(
            |emit| check_rows(checker, rows, &refused, progress, emit),
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

/// What checking a claims.csv row needs: the ids read before, and where problems go.
struct ClaimChecker<'i> {
    problems: &'i mut Problems,
    /// Claim ids seen so far (filled here, for reviews.csv).
    claims: &'i mut IdSet,
    sources: &'i FxHashSet<String>,
    metrics: &'i FxHashSet<String>,
    places: &'i FxHashSet<String>,
    orgs: &'i FxHashSet<String>,
    /// Readings at the ledger's tolerance, each distinct figure parsed once.
    readings: ReadingCache,
}

impl RowChecker for ClaimChecker<'_> {
    type Value = (Claim, Interval);

    fn problems(&mut self) -> &mut Problems {
        self.problems
    }

    fn check(&mut self, row: &Row) -> Result<Option<(Claim, Interval)>> {
        // The id is known from here on, even if the row has problems, so that reviews of it
        // are not reported as reviews of an unknown claim.
        let id = row.cell(0);
        if !id.is_empty() && !self.claims.insert(id) {
            row.problem(
                self.problems,
                1,
                format!("claim {id:?} appears twice — give each claim its own id"),
            );
            return Ok(None);
        }
        Ok(self.claim(row))
    }
}

impl ClaimChecker<'_> {
    /// Check one claims.csv row with the one claim model; every problem found is recorded at
    /// its cell.
    fn claim(&mut self, row: &Row) -> Option<(Claim, Interval)> {
        let draft = Draft::from_cells(|i| row.cell(i));
        let vocab = FileVocabulary {
            sources: self.sources,
            metrics: self.metrics,
            places: self.places,
            orgs: self.orgs,
        };
        // Import keeps the ids it is given; a row without one is a problem, not a new id.
        if draft.id.is_none() {
            row.required(Field::Id.column(), self.problems);
        }
        match claim::validate(draft, &vocab, &mut self.readings, |_| String::new()) {
            Ok(valid) if self.problems.is_empty() => {
                let interval = valid.reading.interval;
                Some((valid.claim, interval))
            }
            // Keep checking the rest of the file, but a refused import writes nothing anyway.
            Ok(_) => None,
            Err(problems) => {
                for p in problems {
                    row.problem(self.problems, p.field.column() + 1, p.message);
                }
                None
            }
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
