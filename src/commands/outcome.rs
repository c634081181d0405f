//! One run of every check over a ledger, waivers applied, as `check`, `waive`, `export` and
//! `report` all need it: the findings, the review history's head, and the unreviewed claims by
//! source. Its own module, below the commands that format it, so that `check` and its helpers
//! (`check_base`, `check_format`) form no cycle.

use crate::checks::model::Finding;
use crate::checks::{self};
use crate::error::Result;
use crate::store::Reader;
use std::collections::{BTreeMap, HashSet};

/// Every finding of a ledger, waivers applied, and the review history's head.
pub(crate) struct Outcome {
    pub findings: Vec<Finding>,
    pub head: String,
    pub reviews: usize,
    /// The claims of unwaived L011 findings, by source id: what the text output summarises.
    pub unreviewed: BTreeMap<String, usize>,
}

/// Run all checks over the ledger `reader` reads.
pub(crate) fn run_checks(reader: &Reader<'_>) -> Result<Outcome> {
    let feed = reader.check_feed()?;
    let mut provenance = feed.provenance;
    provenance.extend(feed.chain.broken.clone());
    provenance.extend(feed.waivers_broken);
    let mut findings = checks::run(&feed.input, provenance);
    checks::apply_waivers(&mut findings, &feed.waived);
    let unreviewed_ids: HashSet<&str> = findings
        .iter()
        .filter(|f| f.code == "L011" && !f.waived)
        .filter_map(|f| f.claims.first().map(String::as_str))
        .collect();
    let mut unreviewed = BTreeMap::new();
    if !unreviewed_ids.is_empty() {
        let input = &feed.input;
        for c in &input.claims {
            if unreviewed_ids.contains(input.id_of(c)) {
                *unreviewed
                    .entry(input.sources[c.source].id.clone())
                    .or_insert(0) += 1;
            }
        }
    }
    Ok(Outcome {
        findings,
        head: feed.chain.head,
        reviews: feed.chain.rows,
        unreviewed,
    })
}

/// Unwaived findings by severity, and the waived ones.
pub(crate) fn summary(findings: &[Finding]) -> [usize; 4] {
    let mut n = [0; 4];
    for f in findings {
        let i = if f.waived { 3 } else { f.severity as usize };
        n[i] += 1;
    }
    n
}
