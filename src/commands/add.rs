//! `add`: record one claim. Everything is validated before anything is written: ids (aliases
//! accepted), the printed figure's reading, the figure being in the quote, the periods, and
//! the fields a kind needs. Prints the new id and how the ledger reads the figure.

use super::catalog::slug;
use super::open_write;
use crate::checks::provenance::{self, printed_in_quote, FoldedText};
use crate::cli::{AddArgs, KindArg};
use crate::error::{Error, Result};
use crate::period::Period;
use crate::reading::{self, Kind};
use crate::records::{join_places, Claim};
use crate::store::{Entity, Reader};
use crate::Status;
use sha2::{Digest, Sha256};
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: AddArgs, out: &mut dyn Write) -> Result<Status> {
    let kind = args
        .kind
        .map(kind_of)
        .unwrap_or_else(|| reading::infer_kind(&args.printed));
    if let Some(id) = &args.id {
        slug("claim", id)?;
    }
    Period::parse(&args.period)?;
    match (kind, &args.base, &args.of) {
        (Kind::Change, None, _) => return Err(Error::invalid("a change needs --base PERIOD: the period it is measured against (\"51% increase in 2023\" over 2022: --period 2023 --base 2022)")),
        (Kind::Share, _, None) => return Err(Error::invalid("a share needs --of WHOLE: the place or metric it is a share of (\"95% of attacks were in KP\": --of pakistan)")),
        (k, Some(_), _) if k != Kind::Change => return Err(Error::invalid("--base is for --kind change only; drop it or say --kind change")),
        (k, _, Some(_)) if k != Kind::Share => return Err(Error::invalid("--of is for --kind share only; drop it or say --kind share")),
        _ => {}
    }
    if let Some(base) = &args.base {
        if Period::parse(base)?.resolve(None) == Period::parse(&args.period)?.resolve(None) {
            return Err(Error::invalid(format!(
                "--base {base:?} is the same period as --period: a change is measured against an earlier (or other) period"
            )));
        }
    }
    if !printed_in_quote(&args.printed, &args.quote) {
        return Err(Error::invalid(format!(
            "the printed figure {:?} is not in the quote {:?}; copy the figure exactly as the quote prints it",
            args.printed, args.quote
        )));
    }

    let mut store = open_write(db)?;
    let (claim, reading, quote_found) = store.write(|tx| {
        let r = tx.reader();
        let reading = reading::read(&args.printed, kind, &r.tolerance()?)?;
        let source = r.resolve(Entity::Source, &args.source)?;
        let claim = Claim {
            id: args.id.clone().unwrap_or_else(|| new_claim_id(&args)),
            source: source.clone(),
            quote: args.quote.clone(),
            printed: args.printed.clone(),
            kind: kind.as_str().to_string(),
            metric: r.resolve(Entity::Metric, &args.metric)?,
            place: resolve_places(&r, &args.place)?,
            period: args.period.clone(),
            base: args.base.clone(),
            of: args
                .of
                .as_deref()
                .map(|w| resolve_whole(&r, w))
                .transpose()?,
            attributed_to: args
                .attributed_to
                .as_deref()
                .map(|o| r.resolve(Entity::Org, o))
                .transpose()?,
            note: args.note.clone(),
        };
        // The very test `check` runs, so that the note below never disagrees with it.
        let quote_found = r.source_text(&source)?.map(|text| {
            provenance::l002(&claim.id, &source, &claim.quote, &FoldedText::new(&text)).is_none()
        });
        tx.insert_claim(&claim, &reading.interval)?;
        Ok((claim, reading, quote_found))
    })?;
    writeln!(
        out,
        "{}\t{:?} reads as {} ({}, {})",
        claim.id,
        claim.printed,
        reading.interval,
        reading.unit.as_str(),
        reading.hedge
    )?;
    if quote_found == Some(false) {
        writeln!(out, "note: the quote is not in the source's stored text; `check` reports it as L002 until it is fixed")?;
    }
    Ok(Status::Done)
}

pub(super) fn kind_of(arg: KindArg) -> Kind {
    match arg {
        KindArg::Count => Kind::Count,
        KindArg::Change => Kind::Change,
        KindArg::Share => Kind::Share,
    }
}

/// A place or a `+` union of places, each resolved from an id or alias, in the union's one
/// written form.
pub(super) fn resolve_places(r: &Reader<'_>, text: &str) -> Result<String> {
    let ids = text
        .split('+')
        .map(|p| r.resolve(Entity::Place, p.trim()))
        .collect::<Result<Vec<_>>>()?;
    Ok(join_places(ids))
}

/// The whole of a share: a place (or union of places) or a metric.
fn resolve_whole(r: &Reader<'_>, text: &str) -> Result<String> {
    match resolve_places(r, text) {
        Ok(place) => Ok(place),
        Err(place_err) => r.resolve(Entity::Metric, text).map_err(|_| place_err),
    }
}

/// A claim id unique without coordination: two people adding claims to two copies of one
/// ledger never collide. 48 bits from the claim's content, the clock, the process and a
/// per-process random key; collisions are as likely as guessing a 12-hex-digit number.
fn new_claim_id(args: &AddArgs) -> String {
    let mut random = std::collections::hash_map::RandomState::new().build_hasher();
    random.write_u32(std::process::id());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut h = Sha256::new();
    for part in [
        &args.source,
        &args.quote,
        &args.printed,
        &args.metric,
        &args.place,
        &args.period,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.update(nanos.to_le_bytes());
    h.update(random.finish().to_le_bytes());
    let digest = h.finalize();
    let mut id = String::from("c-");
    crate::checks::history::push_hex(&mut id, &digest[..6]);
    id
}
