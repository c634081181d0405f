//! L011 unreviewed and L012 verdict-contradicted: what the reviews say against what the
//! checks found.
//!
//! L012 questions a `supported` verdict only where a finding questions the claim itself (it is
//! in the finding's `claims`), never where the claim merely served as evidence: being the
//! yardstick another claim failed against says nothing against it. Its evidence is every other
//! claim of that finding (claims and evidence). A conflict (L003, any severity) between two
//! supported claims is one L012 naming both, instead of one per side.

use super::finding;
use super::model::{CheckInput, ClaimFacts, Finding, Severity, Verdict, Wording};
use super::names::FxHashSet;

/// L011: one info finding per claim with no review.
pub(super) fn unreviewed(input: &CheckInput, wording: Wording, out: &mut Vec<Finding>) {
    for c in input.claims.iter().filter(|c| c.verdict.is_none()) {
        out.push(unreviewed_finding(input.id_of(c), wording));
    }
}

/// The L011 of one claim. Kept short (no working), since a new ledger may hold a million.
pub(super) fn unreviewed_finding(id: &str, wording: Wording) -> Finding {
    finding(
        "L011",
        Severity::Info,
        vec![id.to_string()],
        Vec::new(),
        wording.words(|| format!("{id} has no review yet.")),
        String::new(),
    )
}

/// The ids of the claims whose latest review says `supported`.
pub(super) fn supported(input: &CheckInput) -> FxHashSet<&str> {
    let is_supported = |c: &&ClaimFacts| c.verdict == Some(Verdict::Supported);
    // Sized up front: most claims of a reviewed ledger may be supported.
    let mut supported: FxHashSet<&str> = FxHashSet::default();
    supported.reserve(input.claims.iter().filter(is_supported).count());
    supported.extend(
        input
            .claims
            .iter()
            .filter(is_supported)
            .map(|c| input.id_of(c)),
    );
    supported
}

/// Whether a supported verdict on a claim `f` names can be contradicted by `f`: a conflict
/// between two claims, or an error. When no finding can, the set of supported claims (a
/// million ids on a reviewed ledger) is not built.
pub(super) fn may_contradict(f: &Finding) -> bool {
    match f.code {
        "L011" | "L012" => false,
        "L003" if f.claims.len() == 2 => true,
        _ => f.severity == Severity::Error,
    }
}

/// L012 over every finding so far, given the claims marked supported.
pub(super) fn contradicted(
    supported: &FxHashSet<&str>,
    findings: &[Finding],
    wording: Wording,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if supported.is_empty() {
        return out;
    }
    for f in findings.iter().filter(|f| may_contradict(f)) {
        if f.code == "L003"
            && f.claims.len() == 2
            && f.claims.iter().all(|c| supported.contains(c.as_str()))
        {
            out.push(finding(
                "L012",
                Severity::Error,
                f.claims.clone(),
                Vec::new(),
                wording.words(|| {
                    sentence!(
                        "{} and {} are both marked supported, but they conflict ({}: {})",
                        f.claims[0],
                        f.claims[1],
                        f.id,
                        f.message
                    )
                }),
                f.working.clone(),
            ));
            continue;
        }
        if f.severity != Severity::Error {
            continue;
        }
        for c in f.claims.iter().filter(|c| supported.contains(c.as_str())) {
            let others: Vec<String> = f
                .claims
                .iter()
                .chain(&f.evidence)
                .filter(|o| *o != c)
                .cloned()
                .collect();
            out.push(finding(
                "L012",
                Severity::Error,
                vec![c.clone()],
                others,
                wording.words(|| {
                    sentence!(
                        "{c} is marked supported, but {} {} ({}) questions it: {}",
                        f.code,
                        f.name,
                        f.id,
                        f.message
                    )
                }),
                f.working.clone(),
            ));
        }
    }
    out
}
