//! `show ID`: one claim with its source, quote, reading, review history, and the findings that
//! question it or cite it as evidence.

use super::list::reading_text;
use super::open_read;
use crate::checks::{self, model::Finding, neighbourhood::Neighbourhood};
use crate::error::{Error, Result};
use crate::records::Claim;
use crate::store::{Entity, FeedScope, Reader};
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, id: &str, out: &mut dyn Write) -> Result<Status> {
    let store = open_read(db)?;
    let snapshot = store.snapshot()?;
    let reader = snapshot.reader();
    // `resolve` only to say what was meant: in one snapshot a claim found by `resolve` is
    // there to read.
    let row = match reader.claim(id)? {
        Some(row) => row,
        None => {
            let id = reader.resolve(Entity::Claim, id)?;
            reader
                .claim(&id)?
                .ok_or_else(|| Error::invalid(format!("claim {id:?} vanished")))?
        }
    };
    let c = &row.claim;
    let source = reader.source(&c.source)?;

    writeln!(out, "claim      {}", c.id)?;
    match &source {
        Some(s) => writeln!(
            out,
            "source     {} — {} ({}, {})",
            s.id,
            s.title,
            s.publisher.as_deref().unwrap_or("publisher not given"),
            s.published.as_deref().unwrap_or("date not given")
        )?,
        None => writeln!(out, "source     {}", c.source)?,
    }
    writeln!(out, "quote      {:?}", c.quote)?;
    writeln!(out, "printed    {:?}", c.printed)?;
    writeln!(
        out,
        "reading    {} ({}, hedge {})",
        reading_text(&row.interval, c.kind),
        c.kind,
        row.hedge
    )?;
    writeln!(out, "metric     {}", c.metric)?;
    writeln!(out, "place      {}", c.place)?;
    writeln!(out, "period     {}", c.period)?;
    if let Some(base) = &c.base {
        writeln!(out, "base       {base}")?;
    }
    if let Some(of) = &c.of {
        writeln!(out, "of         {of}")?;
    }
    let primary = source.as_ref().is_some_and(|s| c.is_primary(s));
    match &c.attributed_to {
        Some(org) => writeln!(
            out,
            "credited   {org}{}",
            if primary {
                " (primary: the body's own figure)"
            } else {
                ""
            }
        )?,
        None => writeln!(out, "credited   (no one)")?,
    }
    if let Some(note) = &c.note {
        writeln!(out, "note       {note}")?;
    }

    let reviews = reader.reviews_of(&c.id)?;
    writeln!(out, "\nreviews ({})", reviews.len())?;
    for r in &reviews {
        write!(out, "  {} {} by {}", r.at, r.verdict, r.reviewer)?;
        if let Some(e) = &r.evidence {
            write!(out, "; evidence: {e}")?;
        }
        if let Some(n) = &r.note {
            write!(out, "; {n}")?;
        }
        writeln!(out)?;
    }

    let findings = claim_findings(&reader, c, primary)?;
    let questioning: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.claims.contains(&c.id))
        .collect();
    let citing: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.evidence.contains(&c.id))
        .collect();
    for (title, group) in [
        ("findings questioning it", questioning),
        ("findings citing it as evidence", citing),
    ] {
        writeln!(out, "\n{title} ({})", group.len())?;
        for f in group {
            let waived = if f.waived { " [waived]" } else { "" };
            writeln!(
                out,
                "  {} {} {} {}{}: {}",
                f.id,
                f.severity.as_str(),
                f.code,
                f.name,
                waived,
                f.message
            )?;
        }
    }
    Ok(Status::Done)
}

/// The findings that name claim `c` (its org's own figure when `primary`), as `check` reports
/// them, waivers applied. Only what they can involve is checked (the claim's neighbourhood in
/// its metric tree, see `checks::neighbourhood`), so that `show` stays fast on a ledger of
/// millions. The hash chain is `check`'s job.
pub(crate) fn claim_findings(
    reader: &Reader<'_>,
    c: &Claim,
    primary: bool,
) -> Result<Vec<Finding>> {
    let metric_parents = reader.metric_parents()?;
    let metrics = metric_tree(reader, &metric_parents, &c.metric, c.of.as_deref())?;
    let near = Neighbourhood::of(c, primary);
    let scope = FeedScope {
        metrics: &metrics,
        metric_parents: &metric_parents,
        claim: c,
        near: &near,
    };
    let feed = reader.scope_feed(&scope)?;
    let own = checks::provenance::of_claim(c, feed.source_text.as_deref());
    let mut findings = checks::run_for_claim(&feed.input, own, &c.id, |claims| {
        reader.latest_verdicts(claims)
    })?;
    checks::apply_waivers(&mut findings, &checks::ledger::waived(&feed.waivers).0);
    Ok(findings)
}

/// Every metric in the tree that holds `metric` (and `of`, when the whole is a metric), and
/// the metrics of the shares whose whole is one of those.
fn metric_tree(
    reader: &Reader<'_>,
    pairs: &[(String, String)],
    metric: &str,
    of: Option<&str>,
) -> Result<Vec<String>> {
    let parents: std::collections::HashMap<&str, &str> = pairs
        .iter()
        .map(|(id, parent)| (id.as_str(), parent.as_str()))
        .collect();
    let root = |id: &str| {
        let mut at = id;
        // Bounded, in case a hand-edited database holds a cycle.
        for _ in 0..=parents.len() {
            match parents.get(at) {
                Some(p) => at = p,
                None => break,
            }
        }
        at.to_string()
    };
    let mut roots = vec![root(metric)];
    if let Some(of) = of {
        // A whole that is a place has no metric tree.
        if reader.exists(Entity::Metric, of)? {
            roots.push(root(of));
            roots.dedup();
        }
    }
    let children = pairs
        .iter()
        .map(|(id, _)| id)
        .filter(|id| roots.contains(&root(id)));
    let mut tree: Vec<String> = roots.iter().chain(children).cloned().collect();
    // A share may take a metric of the tree as its whole while it counts a metric elsewhere:
    // its counts are part of the neighbourhood too.
    tree.extend(reader.metrics_sharing_into(&tree)?);
    tree.sort_unstable();
    tree.dedup();
    Ok(tree)
}

#[cfg(test)]
#[path = "show_scope_tests.rs"]
mod scope_tests;
