//! `gen-dir`: the canonical ledger directory written directly as CSV (streamed: sources,
//! claims and reviews are written as they are made).

use crate::generator::Generator;
use crate::report::summary;
use crate::{AnyResult, GenArgs};
use claimledger::records::{Metric, Org, Place};
use std::fs;
use std::io::BufWriter;
use std::path::Path;
use std::time::Instant;

fn csv_writer(path: &Path) -> AnyResult<csv::Writer<BufWriter<fs::File>>> {
    let file = fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(BufWriter::with_capacity(1 << 20, file)))
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

pub(crate) fn gen_dir(dir: &Path, args: &GenArgs) -> AnyResult<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(format!(
            "{} exists and is not empty; give a new directory",
            dir.display()
        )
        .into());
    }
    let started = Instant::now();
    fs::create_dir_all(dir.join("texts"))?;
    let mut g = Generator::new(args);

    let mut orgs: Vec<&Org> = g.world.orgs.iter().map(|o| &o.record).collect();
    orgs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = csv_writer(&dir.join("orgs.csv"))?;
    w.write_record(["id", "name", "aliases"])?;
    for o in orgs {
        w.write_record([&o.id, &o.name, &o.aliases.join("|")])?;
    }
    w.flush()?;

    let mut places: Vec<&Place> = g.world.places.iter().map(|p| &p.record).collect();
    places.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = csv_writer(&dir.join("places.csv"))?;
    w.write_record(["id", "name", "parent", "aliases"])?;
    for p in places {
        w.write_record([&p.id, &p.name, opt(&p.parent), &p.aliases.join("|")])?;
    }
    w.flush()?;

    let mut metrics: Vec<&Metric> = g.world.metrics.iter().map(|m| &m.record).collect();
    metrics.sort_by(|a, b| a.id.cmp(&b.id));
    let mut w = csv_writer(&dir.join("metrics.csv"))?;
    w.write_record(["id", "name", "parent", "definition", "aliases"])?;
    for m in metrics {
        w.write_record([
            &m.id,
            &m.name,
            opt(&m.parent),
            opt(&m.definition),
            &m.aliases.join("|"),
        ])?;
    }
    w.flush()?;

    let mut w = csv_writer(&dir.join("waivers.csv"))?;
    w.write_record(["finding", "reason", "reviewer", "at"])?;
    w.flush()?;
    let mut w = csv_writer(&dir.join("settings.csv"))?;
    w.write_record(["key", "value"])?;
    w.write_record(["tolerance", "0.10"])?;
    w.flush()?;

    // Sources, claims and reviews stream out in id order (ids are made in that order).
    let mut ws = csv_writer(&dir.join("sources.csv"))?;
    ws.write_record([
        "id",
        "url",
        "title",
        "publisher",
        "author",
        "published",
        "text_sha256",
    ])?;
    let mut wc = csv_writer(&dir.join("claims.csv"))?;
    wc.write_record([
        "id",
        "source",
        "quote",
        "printed",
        "kind",
        "metric",
        "place",
        "period",
        "base",
        "of",
        "attributed_to",
        "note",
    ])?;
    let mut wr = csv_writer(&dir.join("reviews.csv"))?;
    wr.write_record([
        "claim", "verdict", "reviewer", "at", "evidence", "note", "hash",
    ])?;
    let (mut sources, mut claims) = (0u64, 0u64);
    while let Some(b) = g.next_source() {
        let s = &b.source;
        ws.write_record([
            s.id.as_str(),
            opt(&s.url),
            &s.title,
            opt(&s.publisher),
            opt(&s.author),
            opt(&s.published),
            opt(&s.text_sha256),
        ])?;
        if let Some(text) = &b.text {
            fs::write(dir.join("texts").join(format!("{}.txt", s.id)), text)?;
        }
        for c in &b.claims {
            let c = &c.claim;
            wc.write_record([
                c.id.as_str(),
                &c.source,
                &c.quote,
                &c.printed,
                &c.kind,
                &c.metric,
                &c.place,
                &c.period,
                opt(&c.base),
                opt(&c.of),
                opt(&c.attributed_to),
                opt(&c.note),
            ])?;
        }
        for r in &b.reviews {
            wr.write_record([
                r.claim.as_str(),
                &r.verdict,
                &r.reviewer,
                &r.at,
                opt(&r.evidence),
                opt(&r.note),
                &r.hash,
            ])?;
        }
        sources += 1;
        claims += b.claims.len() as u64;
    }
    ws.flush()?;
    wc.flush()?;
    wr.flush()?;
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
