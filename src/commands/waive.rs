//! `waive FINDING`: a reviewer's signed-off acceptance of one current finding.

use super::outcome::run_checks;
use super::{now, open_write, reviewer};
use crate::checks::model::Wording;
use crate::error::{Error, Result};
use crate::records::Waiver;
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: crate::cli::WaiveArgs, out: &mut dyn Write) -> Result<Status> {
    super::catalog::slug("finding", &args.finding)?;
    if args.reason.trim().is_empty() {
        return Err(Error::invalid(
            "--reason is empty: say why the finding is accepted",
        ));
    }
    let reviewer = reviewer(args.reviewer)?;
    let at = now()?;
    let mut store = open_write(db)?;
    // Already waived: said before the checks run over the whole ledger (the write below
    // asks again, in case another reviewer waived it meanwhile).
    if let Some(old) = store.reader().waiver(&args.finding)? {
        return Err(already_waived(&old));
    }
    // Waiving a finding that does not exist would only make a stale waiver: refuse it.
    let outcome = run_checks(&store.paired_snapshot()?.reader(), Wording::Full)?;
    let Some(finding) = outcome.findings.iter().find(|f| f.id == args.finding) else {
        return Err(Error::UnknownId {
            what: "finding",
            value: args.finding,
            nearest: None,
        });
    };
    let (code, name) = (finding.code, finding.name);
    if !crate::checks::waivable(code) {
        return Err(Error::invalid(format!(
            "{} is {code} {name}: a broken review or waiver history cannot be waived; restore \
             the history (git log shows who changed reviews.csv or waivers.csv)",
            args.finding
        )));
    }
    let mut waiver = Waiver {
        finding: args.finding,
        reason: args.reason,
        reviewer,
        at,
        hash: String::new(),
    };
    store.write(|tx| match tx.reader().waiver(&waiver.finding)? {
        Some(old) => Err(already_waived(&old)),
        None => {
            // Chained to the newest waiver, read in this transaction: a concurrent waive
            // queues on the write lock and chains to this one.
            let prev = tx.reader().last_waiver_hash()?;
            waiver.hash = crate::checks::history::waiver_hash(
                &prev,
                &waiver.finding,
                &waiver.reason,
                &waiver.reviewer,
                &waiver.at,
            );
            tx.insert_waiver(&waiver)
        }
    })?;
    writeln!(
        out,
        "waived {} ({} {}) by {}",
        waiver.finding, code, name, waiver.reviewer
    )?;
    Ok(Status::Done)
}

fn already_waived(old: &Waiver) -> Error {
    Error::invalid(format!(
        "finding {} is already waived (by {} at {}: {:?}); a waiver is recorded once",
        old.finding, old.reviewer, old.at, old.reason
    ))
}
