//! `gen-dir`: the canonical ledger directory written directly as CSV (streamed: sources,
//! claims and reviews are written as they are made).

use crate::generator::Generator;
use crate::report::summary;
use crate::{AnyResult, GenArgs};
use claimledger::records::{Metric, Org, Place};
use claimledger::text_form::{
    TableWriter, CLAIMS, METRICS, ORGS, PLACES, REVIEWS, SETTINGS, SOURCES, TEXTS, WAIVERS,
};
use std::fs;
use std::path::Path;
use std::time::Instant;

pub(crate) fn gen_dir(dir: &Path, args: &GenArgs) -> AnyResult<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(format!(
            "{} exists and is not empty; give a new directory",
            dir.display()
        )
        .into());
    }
    let started = Instant::now();
    fs::create_dir_all(dir.join(TEXTS))?;
    let mut g = Generator::new(args);

    let mut orgs: Vec<&Org> = g.world.orgs.iter().map(|o| &o.record).collect();
    orgs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = TableWriter::create(dir, &ORGS)?;
    for o in orgs {
        w.org(o)?;
    }
    w.finish()?;

    let mut places: Vec<&Place> = g.world.places.iter().map(|p| &p.record).collect();
    places.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = TableWriter::create(dir, &PLACES)?;
    for p in places {
        w.place(p)?;
    }
    w.finish()?;

    let mut metrics: Vec<&Metric> = g.world.metrics.iter().map(|m| &m.record).collect();
    metrics.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = TableWriter::create(dir, &METRICS)?;
    for m in metrics {
        w.metric(m)?;
    }
    w.finish()?;

    TableWriter::create(dir, &WAIVERS)?.finish()?;
    let mut w = TableWriter::create(dir, &SETTINGS)?;
    w.setting("tolerance", "0.10")?;
    w.finish()?;

    // Sources, claims and reviews stream out in id order (ids are made in that order).
    let mut ws = TableWriter::create(dir, &SOURCES)?;
    let mut wc = TableWriter::create(dir, &CLAIMS)?;
    let mut wr = TableWriter::create(dir, &REVIEWS)?;
    let (mut sources, mut claims) = (0u64, 0u64);
    while let Some(b) = g.next_source() {
        ws.source(&b.source)?;
        if let Some(text) = &b.text {
            fs::write(dir.join(TEXTS).join(format!("{}.txt", b.source.id)), text)?;
        }
        for c in &b.claims {
            wc.claim(&c.claim)?;
        }
        for r in &b.reviews {
            wr.review(r)?;
        }
        sources += 1;
        claims += b.claims.len() as u64;
    }
    ws.finish()?;
    wc.finish()?;
    wr.finish()?;
    summary(
        &g,
        "gen-dir",
        &dir.display().to_string(),
        sources,
        claims,
        started,
    );
    Ok(())
}
