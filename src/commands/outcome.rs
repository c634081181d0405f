//! One run of every check over a ledger read from the store, as `check`, `waive`, `export`
//! and `report` all need it. The engine is the domain's (`checks::ledger`); this is where a
//! command hands it the store's rows.

use crate::checks::model::Wording;
use crate::error::Result;
use crate::store::Reader;

pub(crate) use crate::checks::ledger::Outcome;

/// Run all checks over the ledger `reader` reads (on two threads when it reads a paired
/// snapshot: see `Store::paired_snapshot`), the findings worded as `wording` asks.
pub(crate) fn run_checks(reader: &Reader<'_>, wording: Wording) -> Result<Outcome> {
    let feed = reader.check_feed(|claims| claims.check_claims(wording))?;
    Ok(crate::checks::ledger::run(feed, wording))
}

/// Unwaived findings by severity, and the waived ones.
pub(crate) fn summary(findings: &[crate::checks::model::Finding]) -> [usize; 4] {
    let mut n = [0; 4];
    for f in findings {
        let i = if f.waived { 3 } else { f.severity as usize };
        n[i] += 1;
    }
    n
}
