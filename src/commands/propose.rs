//! `propose SOURCE [--out FILE]`: candidate claims read from the source's stored text (see
//! `crate::propose`), written as a claims CSV with `status` and `why` columns, to edit and give
//! to `add --from`. Nothing is written to the ledger, so a ledger directory works too.

use super::open_read;
use crate::claim::COLUMNS;
use crate::cli::ProposeArgs;
use crate::error::{Error, Result};
use crate::propose::fields::{Entry, What};
use crate::propose::{propose, SourceInfo};
use crate::store::Entity;
use crate::{export, Status};
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: ProposeArgs, out: &mut dyn Write) -> Result<Status> {
    let store = open_read(db)?;
    let r = store.reader();
    let id = r.resolve(Entity::Source, &args.source)?;
    let source = r
        .source(&id)?
        .ok_or_else(|| Error::invalid(format!("unknown source {id:?}")))?;
    let text = r.source_text(&id)?.ok_or_else(|| {
        Error::invalid(format!(
            "source {id:?} has no stored text to read; store one with `claimledger source add {id} --title ... --text FILE` on a new source id"
        ))
    })?;
    let mut vocab = Vec::new();
    for m in r.metrics()? {
        let names = std::iter::once(m.name).chain(m.aliases);
        vocab.push(Entry::new(What::Metric, &m.id, m.parent.as_deref(), names));
    }
    for p in r.places()? {
        let names = std::iter::once(p.name).chain(p.aliases);
        vocab.push(Entry::new(What::Place, &p.id, p.parent.as_deref(), names));
    }
    for o in r.orgs()? {
        let names = std::iter::once(o.name).chain(o.aliases);
        vocab.push(Entry::new(What::Org, &o.id, None, names));
    }
    let info = SourceInfo {
        id: &id,
        published: source.published.as_deref(),
    };
    let taken = |claim: &str| r.claim(claim).map(|c| c.is_some()).unwrap_or(true);
    let rows = propose(&text, &info, &vocab, &r.tolerance()?, &taken);
    let write = |w: &mut dyn Write| -> Result<()> {
        let mut csv = csv::Writer::from_writer(w);
        let mut header: Vec<&str> = COLUMNS.to_vec();
        header.extend(["status", "why"]);
        csv.write_record(&header)?;
        for row in &rows {
            csv.write_record(row.cells())?;
        }
        csv.flush()?;
        Ok(())
    };
    match &args.out {
        None => write(out)?,
        Some(path) => {
            export::write_atomically(path, write)?;
            let candidates = rows.iter().filter(|p| p.status == "candidate").count();
            writeln!(
                out,
                "{}: {candidates} candidate(s), {} skipped; edit it, then `claimledger add --from {}`",
                path.display(),
                rows.len() - candidates,
                path.display()
            )?;
        }
    }
    Ok(Status::Done)
}
