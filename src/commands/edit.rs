//! `edit ID` and `remove ID`: correct or withdraw a claim that has no review yet. A reviewed
//! claim is part of the record and is refused: record a corrected claim with `add` and review
//! the old one (`verify ... --verdict refuted --evidence NEW-ID`). `edit` lays the flags given
//! over the claim's fields and validates the result with the one claim model, as `add` does.

use super::add::{quote_in_text, report};
use super::claim_input::{overlay, refused_flags, StoreVocabulary};
use super::open_write;
use crate::claim::{self, Draft};
use crate::cli::EditArgs;
use crate::error::{Error, Result};
use crate::reading::ReadingCache;
use crate::store::{Entity, Reader};
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn edit(db: &Path, args: EditArgs, out: &mut dyn Write) -> Result<Status> {
    let mut store = open_write(db)?;
    let (valid, found) = store.write(|tx| {
        let r = tx.reader();
        let old = unreviewed(&r, &args.id, "edited")?;
        let draft = overlay(Draft::of_claim(&old), args.fields);
        let t = r.tolerance()?;
        let valid = claim::validate(
            draft,
            &StoreVocabulary(&r),
            &mut ReadingCache::new(t),
            |_| args.id.clone(),
        )
        .map_err(refused_flags)?;
        if !tx.update_unreviewed_claim(&valid.claim, valid.interval())? {
            return Err(Error::invalid(format!(
                "claim {:?} changed while it was edited; run edit again",
                args.id
            )));
        }
        let found = quote_in_text(&r, &valid)?;
        Ok((valid, found))
    })?;
    report(&valid, found, out)?;
    Ok(Status::Done)
}

pub fn remove(db: &Path, id: &str, out: &mut dyn Write) -> Result<Status> {
    let mut store = open_write(db)?;
    store.write(|tx| {
        unreviewed(&tx.reader(), id, "removed")?;
        if !tx.delete_unreviewed_claim(id)? {
            return Err(Error::invalid(format!(
                "claim {id:?} changed while it was removed; run remove again"
            )));
        }
        Ok(())
    })?;
    writeln!(out, "removed claim {id}")?;
    Ok(Status::Done)
}

/// The claim, if it exists and has no review; else the error that says what to do instead.
fn unreviewed(r: &Reader<'_>, id: &str, done: &str) -> Result<crate::records::Claim> {
    let Some(row) = r.claim(id)? else {
        // Resolve for the "did you mean" hint.
        r.resolve(Entity::Claim, id)?;
        return Err(Error::invalid(format!("unknown claim {id:?}")));
    };
    let reviews = r.reviews_of(id)?;
    if let Some(last) = reviews.last() {
        return Err(Error::invalid(format!(
            "claim {id:?} has {} review(s) (latest: {} by {} at {}), so it is part of the record and cannot be {done}; \
             record a corrected claim with `claimledger add` and review this one \
             (`claimledger verify {id} --verdict refuted --evidence NEW-ID --note \"corrected by NEW-ID\"`)",
            reviews.len(), last.verdict, last.reviewer, last.at,
        )));
    }
    Ok(row.claim)
}
