//! `check --base LEDGER`: hold a ledger to the one it extends (a pull request to its target
//! branch). The base's reviews and waivers must all be here, unchanged and in order (L013 when
//! not; `checks::base` says how rows are compared and why); each finding is `new` or
//! `existing` by whether the base has a finding with its id; waivers added since the base are
//! listed so that a reviewer sees them.

use super::ledger::{with_ledger, Ledger};
use super::outcome::Outcome;
use crate::checks::base::{base_not_kept, drift, RowDigest};
use crate::checks::model::Finding;
use crate::error::{Error, Result};
use crate::records::{Review, Waiver};
use std::collections::HashSet;
use std::path::Path;

/// What the base says about this ledger.
pub(crate) struct Base {
    /// Ids of the base's findings: a finding with one of them is `existing`.
    pub existing: HashSet<String>,
    /// Waivers here that the base does not have, in the order recorded.
    pub added_waivers: Vec<Waiver>,
    /// Reviews here that the base does not have.
    pub added_reviews: usize,
}

impl Base {
    pub fn is_new(&self, f: &Finding) -> bool {
        !self.existing.contains(&f.id)
    }
}

/// How many base rows a finding describes by name (the rest are counted).
const DESCRIBED: usize = 5;

/// Compare `ledger` (whose checks gave `outcome`) with the base ledger at `path`; L013
/// findings for the base rows it does not keep go into `findings`.
pub(crate) fn compare(
    ledger: &Ledger<'_>,
    outcome: &Outcome,
    path: &Path,
    findings: &mut Vec<Finding>,
) -> Result<Base> {
    if !path.exists() {
        return Err(Error::invalid(format!(
            "--base {}: no ledger there; check out the pull request's base beside this one \
             (README, \"A gate per pull request\") and name its ledger directory",
            path.display()
        )));
    }
    with_ledger(path, |base| compare_with(ledger, outcome, &base, findings))
}

fn compare_with(
    ledger: &Ledger<'_>,
    outcome: &Outcome,
    base: &Ledger<'_>,
    findings: &mut Vec<Finding>,
) -> Result<Base> {
    let base_outcome = base.check()?.0;
    let existing = base_outcome.findings.iter().map(|f| f.id.clone()).collect();

    // Reviews, streamed: digests only (a million-row history is 64 MB a side).
    let review_digest = |r: &Review| {
        RowDigest::new(&[
            &r.claim,
            r.verdict.as_str(),
            &r.reviewer,
            &r.at,
            r.evidence.as_deref().unwrap_or(""),
            r.note.as_deref().unwrap_or(""),
        ])
    };
    let digests = |ledger: &Ledger<'_>| {
        let mut v = Vec::new();
        ledger.for_each_review(|r| {
            v.push(review_digest(&r));
            Ok(())
        })?;
        Ok::<_, Error>(v)
    };
    let (base_reviews, reviews) = (digests(base)?, digests(ledger)?);
    let (problems, from_base) = drift(&base_reviews, &reviews);
    let added_reviews = from_base.iter().filter(|b| !**b).count();
    if !problems.is_empty() {
        // The first few problem rows, read again by position to name them.
        let wanted: Vec<usize> = problems.iter().take(DESCRIBED).map(|p| p.0).collect();
        let (mut described, mut claim, mut i) = (Vec::new(), None, 0);
        base.for_each_review(|r| {
            if wanted.contains(&i) {
                claim.get_or_insert_with(|| r.claim.clone());
                described.push(format!(
                    "a review of {} by {} at {}, {}",
                    r.claim, r.reviewer, r.at, r.verdict
                ));
            }
            i += 1;
            Ok(())
        })?;
        findings.extend(base_not_kept(
            "reviews",
            &problems,
            &described,
            claim.as_deref(),
        ));
    }

    let waiver_digest = |w: &Waiver| RowDigest::new(&[&w.finding, &w.reason, &w.reviewer, &w.at]);
    let (base_waivers, waivers) = (&base_outcome.waivers, &outcome.waivers);
    let (problems, from_base) = drift(
        &base_waivers.iter().map(waiver_digest).collect::<Vec<_>>(),
        &waivers.iter().map(waiver_digest).collect::<Vec<_>>(),
    );
    let described: Vec<String> = problems
        .iter()
        .take(DESCRIBED)
        .map(|&(i, _)| {
            let w = &base_waivers[i];
            format!("the waiver of {} by {} at {}", w.finding, w.reviewer, w.at)
        })
        .collect();
    findings.extend(base_not_kept("waivers", &problems, &described, None));
    let added_waivers = waivers
        .iter()
        .zip(from_base)
        .filter(|(_, b)| !b)
        .map(|(w, _)| w.clone())
        .collect();
    Ok(Base {
        existing,
        added_waivers,
        added_reviews,
    })
}
