//! `verify`: append a review to a claim's history. The new row's hash chains to the previous
//! head inside the same IMMEDIATE transaction, so concurrent reviewers never fork the chain.

use super::list::verdict_of;
use super::{now, open_write, reviewer};
use crate::checks::history::review_hash;
use crate::cli::VerifyArgs;
use crate::error::Result;
use crate::records::Review;
use crate::store::Entity;
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn run(db: &Path, args: VerifyArgs, out: &mut dyn Write) -> Result<Status> {
    let reviewer = reviewer(args.reviewer)?;
    let at = now()?;
    let verdict = verdict_of(args.verdict);
    let review = open_write(db)?.write(|tx| {
        let r = tx.reader();
        let claim = r.resolve(Entity::Claim, &args.id)?;
        let prev = r.last_review_hash()?;
        let evidence = args.evidence.clone().filter(|e| !e.is_empty());
        let note = args.note.clone().filter(|n| !n.is_empty());
        let hash = review_hash(
            &prev,
            &claim,
            verdict.as_str(),
            &reviewer,
            &at,
            evidence.as_deref().unwrap_or(""),
            note.as_deref().unwrap_or(""),
        );
        let review = Review {
            claim,
            verdict,
            reviewer: reviewer.clone(),
            at: at.clone(),
            evidence,
            note,
            hash,
        };
        tx.append_review(&review)?;
        Ok(review)
    })?;
    writeln!(
        out,
        "{}: {} by {} at {} (history head {})",
        review.claim,
        review.verdict,
        review.reviewer,
        review.at,
        &review.hash[..16]
    )?;
    Ok(Status::Done)
}
