//! `add`: record one claim, validated by the one claim model (`crate::claim`) before anything
//! is written; every problem is named with its flag. Prints the new id and how the ledger reads
//! the figure. `add --from FILE` is `add_from`.

use super::claim_input::{new_claim_id, overlay, refused_flags, StoreVocabulary};
use super::open_write;
use crate::checks::provenance::{self, SourceText};
use crate::claim::{self, Draft, Valid};
use crate::cli::{AddArgs, KindArg};
use crate::error::Result;
use crate::reading::Kind;
use crate::reading::ReadingCache;
use crate::records::join_places;
use crate::store::{Entity, Reader};
use crate::Status;
use std::io::Write;
use std::path::Path;

/// `add` with flags (`add --from FILE` is dispatched to `add_from` by `commands::run`).
pub fn run(db: &Path, args: AddArgs, out: &mut dyn Write) -> Result<Status> {
    let draft = overlay(
        Draft {
            id: args.id,
            ..Draft::default()
        },
        args.fields,
    );
    let mut store = open_write(db)?;
    let (valid, quote_found) = store.write(|tx| {
        let r = tx.reader();
        let t = r.tolerance()?;
        let valid = claim::validate(
            draft,
            &StoreVocabulary(&r),
            &mut ReadingCache::new(t),
            new_claim_id,
        )
        .map_err(refused_flags)?;
        let quote_found = quote_in_text(&r, &valid)?;
        tx.insert_claim(&valid.claim, valid.interval())?;
        Ok((valid, quote_found))
    })?;
    report(&valid, quote_found, out)?;
    Ok(Status::Done)
}

/// Is the claim's quote in its source's stored text (`None`: no text stored)? The very test
/// `check` runs, so that the note printed never disagrees with it.
pub(super) fn quote_in_text(r: &Reader<'_>, valid: &Valid) -> Result<Option<bool>> {
    let c = &valid.claim;
    Ok(r.source_text(&c.source)?.map(|text| {
        provenance::l002(&c.id, &c.source, &c.quote, &SourceText::new(&text)).is_none()
    }))
}

/// The id and reading of a recorded claim, and a note when its quote is not in the text.
pub(super) fn report(valid: &Valid, quote_found: Option<bool>, out: &mut dyn Write) -> Result<()> {
    let reading = &valid.reading;
    writeln!(
        out,
        "{}\t{:?} reads as {} ({}, {})",
        valid.claim.id,
        valid.claim.printed,
        reading.interval,
        reading.unit.as_str(),
        reading.hedge
    )?;
    if quote_found == Some(false) {
        writeln!(out, "note: the quote is not in the source's stored text; `check` reports it as L002 until it is fixed")?;
    }
    Ok(())
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
