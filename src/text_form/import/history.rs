//! Import of the history tables: reviews.csv (on the hash chain, agreeing with the reviews
//! already in the ledger) and waivers.csv.

use super::Importer;
use crate::checks::history::review_hash;
use crate::checks::model::Verdict;
use crate::error::Result;
use crate::period::is_timestamp;
use crate::records::{Review, Waiver};
use crate::store::Entity;
use crate::text_form::{REVIEWS, WAIVERS};

impl Importer<'_, '_> {
    pub(super) fn reviews(&mut self) -> Result<()> {
        let existing = self.tx.reader().review_hashes()?;
        let Some(mut rows) = self.open(&REVIEWS)? else {
            return Ok(());
        };
        let mut prev = String::new();
        let mut position = 0usize;
        let mut unhashed_since: Option<u64> = None;
        while let Some(row) = rows.next(&mut self.problems)? {
            let p = &mut self.problems;
            let (Some(claim), Some(verdict), Some(reviewer), Some(at)) = (
                row.required(0, p),
                row.required(1, p),
                row.required(2, p),
                row.required(3, p),
            ) else {
                continue;
            };
            if !self.claims.contains(claim) && !self.tx.reader().exists(Entity::Claim, claim)? {
                row.problem(
                    p,
                    1,
                    format!("unknown claim {claim:?} — add it to claims.csv or fix the id"),
                );
            }
            if Verdict::parse(verdict).is_none() {
                row.problem(p, 2, format!("unknown verdict {verdict:?} — write supported, disputed, refuted or unverifiable"));
            }
            if !is_timestamp(at) {
                row.problem(
                    p,
                    4,
                    format!(
                        "time {at:?} is not like 2024-11-24T09:30:00Z — write UTC, to the second"
                    ),
                );
            }
            let (evidence, note) = (row.optional(4), row.optional(5));
            let computed = review_hash(
                &prev,
                claim,
                verdict,
                reviewer,
                at,
                row.cell(4),
                row.cell(5),
            );
            let hash = match row.optional(6) {
                Some(h) => {
                    if let Some(line) = unhashed_since {
                        row.problem(p, 7, format!("a hashed row follows the unhashed row on line {line}; an empty hash is accepted only on the newest rows — fill in the hashes or empty them all from line {line} on"));
                    }
                    if h.len() != 64
                        || !h
                            .bytes()
                            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                    {
                        row.problem(p, 7, format!("hash {h:?} is not 64 lower-case hex digits — empty it to have it filled in"));
                    }
                    h
                }
                None => {
                    unhashed_since.get_or_insert(row.line);
                    computed
                }
            };
            if let Some(old) = existing.get(position) {
                if *old != hash {
                    row.problem(p, 7, format!("review {} of the file differs from review {} already in the ledger (hash {} vs {}) — the histories diverge: import into a fresh ledger, or append new reviews with `verify`", position + 1, position + 1, &hash[..hash.len().min(12)], &old[..12]));
                }
                self.report.already_present += 1;
            } else {
                let review = Review {
                    claim: claim.into(),
                    verdict: verdict.into(),
                    reviewer: reviewer.into(),
                    at: at.into(),
                    evidence,
                    note,
                    hash: hash.clone(),
                };
                self.insert(&row, |tx| tx.append_review(&review))?;
                self.report.added[5] += 1;
            }
            prev = hash;
            position += 1;
        }
        Ok(())
    }

    pub(super) fn waivers(&mut self) -> Result<()> {
        let Some(mut rows) = self.open(&WAIVERS)? else {
            return Ok(());
        };
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(finding) = self.slug(&row, 0, "finding") else {
                continue;
            };
            let p = &mut self.problems;
            let (Some(reason), Some(reviewer), Some(at)) =
                (row.required(1, p), row.required(2, p), row.required(3, p))
            else {
                continue;
            };
            if !is_timestamp(at) {
                row.problem(
                    p,
                    4,
                    format!(
                        "time {at:?} is not like 2024-11-24T09:30:00Z — write UTC, to the second"
                    ),
                );
                continue;
            }
            let waiver = Waiver {
                finding,
                reason: reason.into(),
                reviewer: reviewer.into(),
                at: at.into(),
            };
            let existing = self.tx.reader().waiver(&waiver.finding)?;
            if self.known(&row, "waiver", existing.as_ref(), &waiver) {
                continue;
            }
            self.insert(&row, |tx| tx.insert_waiver(&waiver))?;
            self.report.added[6] += 1;
        }
        Ok(())
    }
}
