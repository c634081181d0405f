//! Import of claims.csv: every cell of a row checked against the ledger's vocabulary and
//! sources, and the printed figure read at the ledger's tolerance.

use super::pipeline::{check_rows, pipeline, Checked, Refused, RowChecker};
use super::{known, slug, write_row, Importer, MAX_PROBLEMS};
use crate::checks::names::FxHashSet;
use crate::error::Result;
use crate::interval::Interval;
use crate::period::Period;
use crate::reading::{self, Kind};
use crate::records::{join_places, Claim};
use crate::text_form::rows::{Problems, Row};
use crate::text_form::CLAIMS;

impl Importer<'_, '_> {
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
            tolerance: self.tolerance.clone(),
        };
        let (tx, had_claims, progress) = (self.tx, self.had_claims, self.progress);
        let mut written = Problems::new(self.dir, MAX_PROBLEMS);
        let (mut added, mut present) = (0, 0);
        pipeline(
            |emit| check_rows(checker, rows, &refused, progress, emit),
            |Checked { at, value }: Checked<(Claim, Interval)>| {
                let (claim, interval) = value;
                if had_claims {
                    if let Some(old) = tx.reader().claim(&claim.id)? {
                        let (what, old) = ("claim", Some(&old.claim));
                        known(at, &claim.id, what, old, &claim, &mut written, &mut present);
                        return Ok(());
                    }
                }
                added += 1;
                if refused.is_set() || !written.is_empty() {
                    return Ok(());
                }
                write_row(at, &mut written, || tx.insert_claim(&claim, &interval))
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
    claims: &'i mut FxHashSet<String>,
    sources: &'i FxHashSet<String>,
    metrics: &'i FxHashSet<String>,
    places: &'i FxHashSet<String>,
    orgs: &'i FxHashSet<String>,
    tolerance: crate::exact::Num,
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
        if !id.is_empty() && !self.claims.insert(id.to_string()) {
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
    /// Check one claims.csv row; every problem found is recorded.
    fn claim(&mut self, row: &Row) -> Option<(Claim, Interval)> {
        let p = &mut *self.problems;
        let id = slug(row, 0, "claim", p);
        let source = row.required(1, p);
        if let Some(s) = source {
            if !self.sources.contains(s) {
                row.problem(
                    p,
                    2,
                    format!("unknown source {s:?} — add it to sources.csv or fix the id"),
                );
            }
        }
        let quote = row.required(2, p);
        let printed = row.required(3, p);
        let kind = row.required(4, p).and_then(|k| {
            let kind = Kind::parse(k);
            if kind.is_none() {
                row.problem(
                    p,
                    5,
                    format!("unknown kind {k:?} — write count, change or share"),
                );
            }
            kind
        });
        let metric = row.required(5, p);
        if let Some(m) = metric {
            if !self.metrics.contains(m) {
                row.problem(
                    p,
                    6,
                    format!("unknown metric {m:?} — add it to metrics.csv or fix the id"),
                );
            }
        }
        let place = row.required(6, p).map(|pl| {
            let ids: Vec<&str> = pl.split('+').collect();
            for id in &ids {
                if !self.places.contains(*id) {
                    row.problem(
                        p,
                        7,
                        format!("unknown place {id:?} — add it to places.csv or fix the id"),
                    );
                }
            }
            join_places(ids)
        });
        let period = row.required(7, p);
        if let Some(per) = period {
            if let Err(e) = Period::parse(per) {
                row.problem(p, 8, e.to_string());
            }
        }
        let base = row.optional(8);
        let of = row.optional(9);
        match (kind, &base) {
            (Some(Kind::Change), None) => {
                row.problem(p, 9, "a change needs a base period — fill in base".into())
            }
            (Some(k), Some(_)) if k != Kind::Change => row.problem(
                p,
                9,
                format!(
                    "base is for change claims only, this is a {} — empty the cell",
                    k.as_str()
                ),
            ),
            (_, Some(b)) => {
                if let Err(e) = Period::parse(b) {
                    row.problem(p, 9, e.to_string());
                }
            }
            _ => {}
        }
        match (kind, &of) {
            (Some(Kind::Share), None) => row.problem(
                p,
                10,
                "a share needs its whole — fill in of (a place or a metric)".into(),
            ),
            (Some(k), Some(_)) if k != Kind::Share => row.problem(
                p,
                10,
                format!(
                    "of is for share claims only, this is a {} — empty the cell",
                    k.as_str()
                ),
            ),
            (_, Some(w)) => {
                let is_places = w.split('+').all(|id| self.places.contains(id));
                if !is_places && !self.metrics.contains(w.as_str()) {
                    row.problem(p, 10, format!("unknown whole {w:?}: neither a place nor a metric — add it or fix the id"));
                }
            }
            _ => {}
        }
        let attributed_to = row.optional(10);
        if let Some(o) = &attributed_to {
            if !self.orgs.contains(o) {
                row.problem(
                    p,
                    11,
                    format!("unknown org {o:?} — add it to orgs.csv or fix the id"),
                );
            }
        }
        let reading = match (printed, kind) {
            (Some(printed), Some(kind)) => match reading::read(printed, kind, &self.tolerance) {
                Ok(r) => Some(r.interval),
                Err(e) => {
                    row.problem(p, 4, e.to_string());
                    None
                }
            },
            _ => None,
        };
        let claim = Claim {
            id: id?,
            source: source?.to_string(),
            quote: quote?.to_string(),
            printed: printed?.to_string(),
            kind: kind?.as_str().to_string(),
            metric: metric?.to_string(),
            place: place?,
            period: period?.to_string(),
            base,
            of,
            attributed_to,
            note: row.optional(11),
        };
        if !self.problems.is_empty() {
            // Keep checking the rest of the file, but a refused import writes nothing anyway.
            return None;
        }
        Some((claim, reading?))
    }
}
