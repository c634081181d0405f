//! `gen-db`: a SQLite ledger filled through the store, in transactions of about
//! [`BATCH_CLAIMS`] claims.

use crate::generator::Generator;
use crate::report::{summary, ReadingStats};
use crate::{AnyResult, GenArgs};
use claimledger::store::Store;
use std::path::Path;
use std::time::Instant;

/// Claims per transaction in `gen-db`.
const BATCH_CLAIMS: usize = 50_000;

pub(crate) fn gen_db(path: &Path, args: &GenArgs) -> AnyResult<()> {
    if path.exists() {
        return Err(format!("{} exists; give a new path", path.display()).into());
    }
    let started = Instant::now();
    let mut g = Generator::new(args);
    let mut store = Store::init(path)?;
    store.write(|tx| {
        for o in &g.world.orgs {
            tx.insert_org(&o.record)?;
        }
        for p in &g.world.places {
            tx.insert_place(&p.record)?;
        }
        for m in &g.world.metrics {
            tx.insert_metric(&m.record)?;
        }
        Ok(())
    })?;
    let mut stats = ReadingStats::default();
    let (mut sources, mut claims) = (0u64, 0u64);
    loop {
        let mut batch = Vec::new();
        let mut n = 0;
        while n < BATCH_CLAIMS {
            match g.next_source() {
                Some(b) => {
                    n += b.claims.len();
                    batch.push(b);
                }
                None => break,
            }
        }
        if batch.is_empty() {
            break;
        }
        let consistent = g.consistent;
        store.write(|tx| {
            for b in &batch {
                tx.insert_source(&b.source, b.text.as_deref())?;
                for c in &b.claims {
                    let iv = stats.reading(c, consistent);
                    tx.insert_claim(&c.claim, &iv)?;
                }
                for r in &b.reviews {
                    tx.append_review(r)?;
                }
            }
            Ok(())
        })?;
        sources += batch.len() as u64;
        claims += n as u64;
    }
    drop(store);
    summary(
        &g,
        "gen-db",
        &path.display().to_string(),
        sources,
        claims,
        started,
    );
    stats.report(g.consistent);
    Ok(())
}
