//! Import of the history tables: reviews.csv (on the hash chain, agreeing with the reviews
//! already in the ledger) and waivers.csv.

use super::id_set::IdSet;
use super::pipeline::{check_rows, pipeline, Checked, Refused, RowChecker};
use super::{write_row, Importer, MAX_PROBLEMS};
use crate::checks::history::{review_hash, waiver_hash};
use crate::checks::model::Verdict;
use crate::error::Result;
use crate::period::is_timestamp;
use crate::records::{Review, Waiver};
use crate::text_form::rows::{Problems, Row};
use crate::text_form::{REVIEWS, WAIVERS};

impl Importer<'_> {
    /// Reviews are checked on a second thread (hash chain included) and written on this one
    /// (see `pipeline`).
    pub(super) fn reviews(&mut self) -> Result<()> {
        let existing = self.sink.review_hashes()?;
        let Some(rows) = self.open(&REVIEWS)? else {
            return Ok(());
        };
        let refused = Refused::after(&self.problems);
        let mut unhashed = Unhashed::default();
        let checker = ReviewChecker {
            problems: &mut self.problems,
            claims: &mut self.claims,
            had_claims: self.had_claims,
            existing,
            prev: String::new(),
            position: 0,
            unhashed: &mut unhashed,
        };
        let (sink, progress) = (&mut *self.sink, self.progress);
        let mut written = Problems::new(self.dir, MAX_PROBLEMS);
        let (mut added, mut present) = (0, 0);
        pipeline(
            |emit| check_rows(checker, rows, &refused, progress, emit),
            |Checked { at, value }: Checked<CheckedReview>| {
                let review = value.review;
                if value.claim_in_ledger && !sink.claim_exists(&review.claim)? {
                    let claim = &review.claim;
                    at.problem(
                        &mut written,
                        format!("unknown claim {claim:?} — add it to claims.csv or fix the id"),
                    );
                }
                if !value.new {
                    present += 1;
                    return Ok(());
                }
                added += 1;
                if refused.is_set() || !written.is_empty() {
                    return Ok(());
                }
                write_row(at, &mut written, || sink.append_review(&review))
            },
        )?;
        self.problems.absorb(written);
        if let Some(line) = unhashed.since {
            self.report
                .unhashed
                .push((REVIEWS.file, line, unhashed.rows));
        }
        self.report.added[5] += added;
        self.report.already_present += present;
        Ok(())
    }

    /// Waivers, on their own hash chain: like reviews, an empty hash is filled in, and only
    /// on the newest rows.
    pub(super) fn waivers(&mut self) -> Result<()> {
        let Some(mut rows) = self.open(&WAIVERS)? else {
            return Ok(());
        };
        let mut prev = String::new();
        let mut unhashed = Unhashed::default();
        let mut seen = std::collections::HashSet::new();
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(finding) = self.slug(&row, 0, "finding") else {
                continue;
            };
            if !seen.insert(finding.clone()) {
                let why = format!("finding {finding:?} is waived twice — keep one waiver of it");
                row.problem(&mut self.problems, 1, why);
                continue;
            }
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
            let hash = match row.optional(4) {
                Some(h) => {
                    check_hash(&row, p, &h, unhashed.since);
                    h
                }
                None => {
                    unhashed.note(row.line);
                    waiver_hash(&prev, &finding, reason, reviewer, at)
                }
            };
            prev.clone_from(&hash);
            let waiver = Waiver {
                finding,
                reason: reason.into(),
                reviewer: reviewer.into(),
                at: at.into(),
                hash,
            };
            let existing = self.sink.waiver(&waiver.finding)?;
            if self.known(&row, "waiver", existing.as_ref(), &waiver) {
                continue;
            }
            self.insert(&row, |sink| sink.insert_waiver(&waiver))?;
            self.report.added[6] += 1;
        }
        if let Some(line) = unhashed.since {
            self.report
                .unhashed
                .push((WAIVERS.file, line, unhashed.rows));
        }
        Ok(())
    }
}

/// The rows of a history file that came with an empty hash, filled in by the import.
#[derive(Default)]
struct Unhashed {
    /// The line of the first.
    since: Option<u64>,
    rows: usize,
}

impl Unhashed {
    fn note(&mut self, line: u64) {
        self.since.get_or_insert(line);
        self.rows += 1;
    }
}

/// A reviews.csv row's verdict, or `None` with the problem recorded at its cell.
pub(super) fn verdict_cell(row: &Row, p: &mut Problems) -> Option<Verdict> {
    let verdict = row.cell(1);
    let typed = Verdict::parse(verdict);
    if typed.is_none() {
        row.problem(
            p,
            2,
            format!(
                "unknown verdict {verdict:?} — write supported, disputed, refuted or unverifiable"
            ),
        );
    }
    typed
}

/// A stored hash: 64 lower-case hex digits, and not after a row whose hash was empty.
fn check_hash(row: &Row, p: &mut Problems, h: &str, unhashed_since: Option<u64>) {
    let col = row.width();
    if let Some(line) = unhashed_since {
        row.problem(p, col, format!("a hashed row follows the unhashed row on line {line}; an empty hash is accepted only on the newest rows — fill in the hashes or empty them all from line {line} on"));
    }
    if h.len() != 64
        || !h
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        row.problem(
            p,
            col,
            format!("hash {h:?} is not 64 lower-case hex digits — empty it to have it filled in"),
        );
    }
}

/// A reviews.csv row checked: the review, whether it is new (not already the ledger's review
/// at that place in the history), and whether its claim, not in claims.csv, must be looked
/// up in the ledger.
struct CheckedReview {
    review: Review,
    new: bool,
    claim_in_ledger: bool,
}

/// What checking reviews.csv needs: the claim ids of claims.csv, the ledger's own history.
struct ReviewChecker<'i> {
    problems: &'i mut Problems,
    claims: &'i mut IdSet,
    had_claims: bool,
    /// The hashes of the reviews already in the ledger, in recorded order.
    existing: Vec<String>,
    /// The hash of the row before, its position in the history, and the rows with an empty
    /// hash.
    prev: String,
    position: usize,
    unhashed: &'i mut Unhashed,
}

impl RowChecker for ReviewChecker<'_> {
    type Value = CheckedReview;

    fn problems(&mut self) -> &mut Problems {
        self.problems
    }

    fn check(&mut self, row: &Row) -> Result<Option<CheckedReview>> {
        let (existing, prev) = (&self.existing, &self.prev);
        let p = &mut *self.problems;
        let (Some(claim), Some(verdict), Some(reviewer), Some(at)) = (
            row.required(0, p),
            row.required(1, p),
            row.required(2, p),
            row.required(3, p),
        ) else {
            return Ok(None);
        };
        // Not in claims.csv: in a ledger that had claims, the writer looks it up.
        let claim_in_ledger = !self.claims.contains(claim);
        if claim_in_ledger && !self.had_claims {
            row.problem(
                p,
                1,
                format!("unknown claim {claim:?} — add it to claims.csv or fix the id"),
            );
        }
        let typed = verdict_cell(row, p);
        if !is_timestamp(at) {
            row.problem(
                p,
                4,
                format!("time {at:?} is not like 2024-11-24T09:30:00Z — write UTC, to the second"),
            );
        }
        let (evidence, note) = (row.optional(4), row.optional(5));
        let hash = match row.optional(6) {
            Some(h) => {
                check_hash(row, p, &h, self.unhashed.since);
                h
            }
            None => {
                // Filled in (the newest rows may come without).
                self.unhashed.note(row.line);
                review_hash(prev, claim, verdict, reviewer, at, row.cell(4), row.cell(5))
            }
        };
        let new = match existing.get(self.position) {
            Some(old) => {
                if *old != hash {
                    row.problem(p, 7, format!("review {} of the file differs from review {} already in the ledger (hash {} vs {}) — the histories diverge: import into a fresh ledger, or append new reviews with `verify`", self.position + 1, self.position + 1, &hash[..hash.len().min(12)], &old[..12]));
                }
                false
            }
            None => true,
        };
        // Said above; the rest of the row is still checked first.
        let Some(verdict) = typed else {
            return Ok(None);
        };
        let review = Review {
            claim: claim.into(),
            verdict,
            reviewer: reviewer.into(),
            at: at.into(),
            evidence,
            note,
            hash: hash.clone(),
        };
        let claim_in_ledger = claim_in_ledger && self.had_claims;
        self.prev = hash;
        self.position += 1;
        Ok(Some(CheckedReview {
            review,
            new,
            claim_in_ledger,
        }))
    }
}
