//! The report's order, and one finding per id: what makes a run's findings the same list
//! whichever thread made which, and in whatever order the store handed the claims in.

use super::model::Finding;
use crate::exact;

/// One finding per id. Two groups can reach the same finding (a source's counts that are also
/// its publisher's own); the most severe stands, ties broken by gap and then by text so the
/// choice does not depend on the order the checks ran in. Unworded findings
/// ([`Wording::Bare`](super::model::Wording::Bare))
/// that tie on all but text are alike in everything they show.
pub(super) fn dedup(findings: &mut Vec<Finding>) {
    sort_by_prefix(
        findings,
        |f| prefix(&f.id),
        |a, b| {
            (
                &a.id,
                a.severity,
                &a.gap_relative,
                &a.gap,
                &a.message,
                &a.working,
            )
                .cmp(&(
                    &b.id,
                    b.severity,
                    &b.gap_relative,
                    &b.gap,
                    &b.message,
                    &b.working,
                ))
        },
    );
    findings.dedup_by(|later, first| later.id == first.id);
}

/// The report order: severity (error, warning, info); within one, the largest relative gap
/// first (DESIGN: "51% against 17%" before "28% against 27.4%"), findings without a gap after;
/// then code, first claim id, id.
pub fn sort(findings: &mut [Finding]) {
    fn first(f: &Finding) -> &str {
        f.claims.first().map(String::as_str).unwrap_or("")
    }
    fn gap(f: &Finding) -> std::cmp::Reverse<Option<exact::Num>> {
        std::cmp::Reverse(f.gap_relative.clone())
    }
    sort_by_prefix(
        findings,
        |f| (f.severity, gap(f), f.code, prefix(first(f))),
        |a, b| {
            (a.severity, gap(a), a.code, first(a), &a.id).cmp(&(
                b.severity,
                gap(b),
                b.code,
                first(b),
                &b.id,
            ))
        },
    );
}

/// Sorts by `full`, given `key`, a cached key that orders as `full` does wherever it differs:
/// hundreds of thousands of findings then sort on numbers, not on strings each behind a
/// pointer, and only the few with equal keys are compared in full.
fn sort_by_prefix<K: Ord>(
    findings: &mut [Finding],
    key: impl Fn(&Finding) -> K,
    full: impl Fn(&Finding, &Finding) -> std::cmp::Ordering,
) {
    findings.sort_by_cached_key(&key);
    for same in findings.chunk_by_mut(|a, b| key(a) == key(b)) {
        if same.len() > 1 {
            same.sort_unstable_by(&full);
        }
    }
}

/// The first 16 bytes of `s` as a number that orders as the text does where the two differ
/// (shorter text padded with zeros): equal prefixes need a full comparison.
fn prefix(s: &str) -> u128 {
    let mut buf = [0u8; 16];
    let n = s.len().min(16);
    buf[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(buf)
}
