//! `check`: run every check over the whole ledger and print the findings as text, JSON, CSV or
//! GitHub workflow commands (`check_format`). Exit 1 when an unwaived finding is at or above
//! `--fail-on`; with `--base`, an unwaived *new* finding (`check_base`).
//!
//! Besides the chains themselves, `check` holds the history to what it is told: a pinned head
//! (`--expect-head`), a base ledger (`--base`), and, for a ledger directory, rows whose hash is
//! empty. `import` fills such hashes in (DESIGN allows it on the newest rows, for rows typed by
//! hand), but the gate reports them as L013: blanking every hash and editing a verdict would
//! otherwise pass with only the head changed. `--base` and `--expect-head` are what catch a
//! history rewritten and re-hashed.

use super::check_base::{self, Base};
use super::check_format::{self, Lines, View};
use super::ledger::{with_ledger, Ledger};
use crate::checks::base::{head_differs, unhashed};
use crate::checks::model::Severity;
use crate::checks::{self};
use crate::cli::{CheckArgs, CheckFormat, FailOn};
use crate::error::Result;
use crate::progress::Progress;
use crate::text_form::WAIVERS;
use crate::Status;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: CheckArgs, out: &mut dyn Write) -> Result<Status> {
    with_ledger(db, |ledger| check(db, &ledger, args, out))
}

fn check(db: &Path, ledger: &Ledger<'_>, args: CheckArgs, out: &mut dyn Write) -> Result<Status> {
    let progress = Progress::start("checking the ledger");
    let (mut outcome, loaded) = ledger.check()?;
    drop(progress);
    let mut more = Vec::new();
    for (file, line, rows) in loaded.map(|r| r.unhashed).unwrap_or_default() {
        more.push(unhashed(file, line, rows));
        if file == WAIVERS.file {
            // Unrecorded waivers (the newest `rows`) accept nothing either.
            let unrecorded: HashSet<String> = outcome
                .waivers
                .iter()
                .rev()
                .take(rows)
                .map(|w| w.finding.clone())
                .collect();
            for f in &mut outcome.findings {
                if unrecorded.contains(&f.id) {
                    f.waived = false;
                }
            }
        }
    }
    if let Some(pin) = &args.expect_head {
        more.extend(head_differs(&outcome.head, pin.trim()));
    }
    let base: Option<Base> = match &args.base {
        Some(path) => Some(check_base::compare(ledger, &outcome, path, &mut more)?),
        None => None,
    };
    if !more.is_empty() {
        outcome.findings.extend(more);
        checks::sort(&mut outcome.findings);
    }
    let lines = match args.format {
        CheckFormat::Github if db.is_dir() => Some(Lines::read(db, &outcome, base.as_ref())?),
        _ => None,
    };
    let view = View {
        outcome: &outcome,
        base: base.as_ref(),
        lines,
        all: args.all,
    };
    match args.format {
        CheckFormat::Text => check_format::text(&view, out)?,
        CheckFormat::Json => check_format::json(&view, out)?,
        CheckFormat::Csv => check_format::csv_rows(&view, out)?,
        CheckFormat::Github => check_format::github(&view, out)?,
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| {
        outcome
            .findings
            .iter()
            .any(|f| !f.waived && f.severity <= t && base.as_ref().is_none_or(|b| b.is_new(f)))
    });
    // The process ends here, and its exit frees the findings at once; freeing a quarter of a
    // million of them one by one would keep the user waiting for nothing.
    std::mem::forget(outcome);
    Ok(if failing {
        Status::Findings
    } else {
        Status::Done
    })
}
