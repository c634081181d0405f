//! Waivers (DESIGN `waivers.csv`): which findings a waiver may accept, marking the findings
//! the valid waivers accept, and reporting each waiver that accepts nothing as L014.

use super::model::{Finding, Severity};
use super::{finding_id, name_of, sort};
use std::collections::HashSet;

/// Can a waiver accept findings of this code? Not L013: a broken history is the one thing a
/// waiver must never hide, or a hand-written waiver of it would turn the gate green.
pub fn waivable(code: &str) -> bool {
    code != "L013"
}

/// Marks the findings a waiver accepts, and reports each waiver that matches no finding as an
/// L014 stale-waiver (info): the finding it accepted is gone, or its claims changed, so the
/// waiver no longer says anything. `findings` come in [`sort`]'s order (as [`run`] and
/// [`run_for_claim`] give them) and stay in it.
pub fn apply_waivers(findings: &mut Vec<Finding>, waived_ids: &[String]) {
    let wanted: HashSet<&str> = waived_ids.iter().map(String::as_str).collect();
    let mut used: HashSet<&str> = HashSet::new();
    for f in findings.iter_mut() {
        if let Some(&w) = wanted.get(f.id.as_str()) {
            // A waiver matching an L013 is not stale, but it does not silence it either.
            f.waived = waivable(f.code);
            used.insert(w);
        }
    }
    let mut stale: Vec<&str> = wanted.difference(&used).copied().collect();
    stale.sort_unstable();
    let any_stale = !stale.is_empty();
    for w in stale {
        findings.push(Finding {
            id: finding_id("L014", &[w.to_string()], &[]),
            code: "L014",
            name: name_of("L014"),
            severity: Severity::Info,
            claims: Vec::new(),
            evidence: Vec::new(),
            message: format!(
                "waiver {w} matches no finding: what it accepted is fixed or its claims changed; \
                 remove the waiver, or waive the finding that replaced it"
            ),
            working: String::new(),
            waived: false,
            gap: None,
            gap_relative: None,
        });
    }
    if any_stale {
        sort(findings);
    }
}
