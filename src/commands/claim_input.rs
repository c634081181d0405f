//! What `add`, `add --from` and `edit` share around the one claim model (`crate::claim`): the
//! store as a [`Vocabulary`] (ids or aliases), a draft from the flags, problems located at
//! their flag, and new claim ids.

use crate::claim::{Draft, Problem, Vocabulary};
use crate::cli::{ClaimFields, KindArg};
use crate::error::Error;
use crate::store::{Entity, Reader};
use sha2::{Digest, Sha256};
use std::hash::{BuildHasher, Hasher};

/// The ledger's vocabulary: an id or any alias of one.
pub(super) struct StoreVocabulary<'r, 'c>(pub &'r Reader<'c>);

impl StoreVocabulary<'_, '_> {
    fn resolve(&self, e: Entity, text: &str) -> Result<String, String> {
        self.0.resolve(e, text).map_err(|e| e.to_string())
    }
}

impl Vocabulary for StoreVocabulary<'_, '_> {
    fn source(&self, text: &str) -> Result<String, String> {
        self.resolve(Entity::Source, text)
    }
    fn metric(&self, text: &str) -> Result<String, String> {
        self.resolve(Entity::Metric, text)
    }
    fn place(&self, text: &str) -> Result<String, String> {
        self.resolve(Entity::Place, text)
    }
    fn org(&self, text: &str) -> Result<String, String> {
        self.resolve(Entity::Org, text)
    }
}

pub(super) fn kind_name(arg: KindArg) -> &'static str {
    match arg {
        KindArg::Count => "count",
        KindArg::Change => "change",
        KindArg::Share => "share",
    }
}

/// Lay the flags given over `draft`: a flag given replaces the field; an empty value clears it.
pub(super) fn overlay(mut draft: Draft, f: ClaimFields) -> Draft {
    fn set(slot: &mut Option<String>, flag: Option<String>) {
        if let Some(v) = flag {
            *slot = Some(v).filter(|v| !v.is_empty());
        }
    }
    set(&mut draft.source, f.source);
    set(&mut draft.quote, f.quote);
    set(&mut draft.printed, f.printed);
    set(&mut draft.kind, f.kind.map(|k| kind_name(k).to_string()));
    set(&mut draft.metric, f.metric);
    set(&mut draft.place, f.place);
    set(&mut draft.period, f.period);
    set(&mut draft.base, f.base);
    set(&mut draft.of, f.of);
    set(&mut draft.attributed_to, f.attributed_to);
    set(&mut draft.note, f.note);
    draft
}

/// Problems of a draft given by flags: one line each, naming the flag; exit 2.
pub(super) fn refused_flags(problems: Vec<Problem>) -> Error {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.field.flag(), p.message))
        .collect();
    if lines.len() == 1 {
        Error::invalid(lines.into_iter().next().unwrap_or_default())
    } else {
        Error::invalid(format!(
            "refused, nothing was written; {} problems:\n{}",
            lines.len(),
            lines.join("\n")
        ))
    }
}

/// A claim id unique without coordination: two people adding claims to two copies of one
/// ledger never collide. 48 bits from the claim's content, the clock, the process and a
/// per-process random key; collisions are as likely as guessing a 12-hex-digit number.
pub(super) fn new_claim_id(draft: &Draft) -> String {
    let mut random = std::collections::hash_map::RandomState::new().build_hasher();
    random.write_u32(std::process::id());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut h = Sha256::new();
    for part in [
        &draft.source,
        &draft.quote,
        &draft.printed,
        &draft.metric,
        &draft.place,
        &draft.period,
    ] {
        h.update(part.as_deref().unwrap_or("").as_bytes());
        h.update([0]);
    }
    h.update(nanos.to_le_bytes());
    h.update(random.finish().to_le_bytes());
    let digest = h.finalize();
    let mut id = String::from("c-");
    crate::checks::history::push_hex(&mut id, &digest[..6]);
    id
}
