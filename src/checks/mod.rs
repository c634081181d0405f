//! The consistency checks (DESIGN "Checks"): every check over the whole ledger in one pass,
//! each a pure function of the rows the store hands it ([`model::CheckInput`]), reporting
//! every finding with its working.
//!
//! Owns the finding codes, how a finding's stable id is made, and how the checks run (on one
//! thread or two: `tasks`). What waivers accept is `waivers`'; the order findings are reported
//! in is `order`'s; the keys and index the ledger-wide checks share are `key`'s and `index`'s.
//! The families of checks live in sibling files:
//! - [`provenance`]: L001 printed-not-in-quote, L002 quote-not-in-source (the caller streams
//!   quotes and source texts and hands the findings to [`run`]);
//! - `keyed`: L003 conflict, L004 misattributed, L009 superseded, L010 duplicate;
//! - `arithmetic`: L005 change-arithmetic, L006 share-arithmetic (and L004/L009 when the
//!   counts are the attributed org's own); `share_sums`: L006 for shares adding past 100%;
//! - `chain`: L015 change-chain (changes composed over consecutive periods);
//! - `hierarchy`: L007 part-exceeds-whole;
//! - `dates`: L008 period-after-publication;
//! - `reviews`: L011 unreviewed, L012 verdict-contradicted;
//! - [`history`]: L013 history-tampered (the review and waiver hash chains); [`base`]: L013
//!   against a base ledger (`check --base`), a pinned head, or rows with no hash;
//! - [`names`]: the interned names claims hold instead of strings.
//!
//! Terms used throughout: a claim is *primary* when its source's publisher is the org it is
//! attributed to. A *group* is what one computation may draw counts from: one source's
//! claims (never two of them credited to different orgs), or one org's primary claims, of
//! which only the latest revision per key stands (latest = source published last: compared by
//! the publication span's last day, then its first; an undated source counts as oldest).
//!
//! Severity follows DESIGN's one rule: `error` when a claim contradicts the org it is credited
//! to, or figures contradict each other inside one source or one org's own primary figures,
//! or provenance breaks; `warning` when a secondary claim from another source is involved;
//! `info` for disagreements among primary claims of different orgs, and attention items.

/// `format!` into a string with room for a sentence. `format!` sizes its string by the
/// literal text alone, so a sentence that begins with a value (`"{} and {} disagree on {}."`)
/// starts empty and is copied as it grows five or six times: a quarter of a million findings'
/// messages and workings made that much of a large `check`'s time.
macro_rules! sentence {
    ($($arg:tt)*) => {{
        let mut s = String::with_capacity(crate::checks::SENTENCE);
        std::fmt::Write::write_fmt(&mut s, format_args!($($arg)*))
            .expect("a String takes any text");
        s
    }};
}

/// The room [`sentence!`] makes: most messages and workings are 100 to 300 bytes.
const SENTENCE: usize = 256;

pub mod base;
pub mod feed;
pub mod history;
pub mod ledger;
pub mod model;
pub mod names;
pub mod neighbourhood;
pub mod provenance;
pub mod side;

mod arithmetic;
mod arithmetic_report;
mod chain;
mod dates;
mod disagreement;
mod hierarchy;
mod index;
mod key;
mod keyed;
mod order;
mod part_sets;
mod reviews;
mod search;
mod share_sums;
mod tasks;
mod tree;
mod waivers;
mod words;

#[cfg(test)]
mod tests;

use model::{CheckInput, Finding, Severity, Wording};
use order::dedup;
pub use order::sort;
use sha2::{Digest, Sha256};
pub use waivers::{apply_waivers, waivable};

/// Every finding code and its name.
pub const CODES: &[(&str, &str)] = &[
    ("L001", "printed-not-in-quote"),
    ("L002", "quote-not-in-source"),
    ("L003", "conflict"),
    ("L004", "misattributed"),
    ("L005", "change-arithmetic"),
    ("L006", "share-arithmetic"),
    ("L007", "part-exceeds-whole"),
    ("L008", "period-after-publication"),
    ("L009", "superseded"),
    ("L010", "duplicate"),
    ("L011", "unreviewed"),
    ("L012", "verdict-contradicted"),
    ("L013", "history-tampered"),
    ("L014", "stale-waiver"),
    ("L015", "change-chain"),
];

fn name_of(code: &str) -> &'static str {
    CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("unknown")
}

/// A finding with its claim and evidence lists sorted and deduplicated, its name filled from
/// [`CODES`] and its stable id.
pub fn finding(
    code: &'static str,
    severity: Severity,
    mut claims: Vec<String>,
    mut evidence: Vec<String>,
    mut message: String,
    mut working: String,
) -> Finding {
    claims.sort_unstable();
    claims.dedup();
    evidence.sort_unstable();
    evidence.dedup();
    claims.shrink_to_fit();
    evidence.shrink_to_fit();
    message.shrink_to_fit();
    working.shrink_to_fit();
    Finding {
        id: finding_id(code, &claims, &evidence),
        code,
        name: name_of(code),
        severity,
        claims,
        evidence,
        message,
        working,
        waived: false,
        gap: None,
        gap_relative: None,
    }
}

/// The stable id of a finding: the lower-case code, `-`, and the first 12 hex digits of the
/// SHA-256 of `code \n claims \n evidence` (each list sorted, joined by `,`). It depends only on
/// what the finding is about, not on messages, run order or machine, so a waiver keeps
/// applying; and it is a valid slug. Lists not yet sorted are sorted here.
pub fn finding_id(code: &str, claims: &[String], evidence: &[String]) -> String {
    /// The ids, sorted and without repeats, `,`-joined into the hash. `finding` hands them
    /// over sorted already, so the common case copies nothing.
    fn hash_list(h: &mut Sha256, list: &[String]) {
        let mut owned;
        let mut ids: &[String] = list;
        if !list.windows(2).all(|w| w[0] < w[1]) {
            owned = list.to_vec();
            owned.sort_unstable();
            owned.dedup();
            ids = &owned;
        }
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                h.update(b",");
            }
            h.update(id.as_bytes());
        }
    }
    let mut h = Sha256::new();
    h.update(code.as_bytes());
    h.update(b"\n");
    hash_list(&mut h, claims);
    h.update(b"\n");
    hash_list(&mut h, evidence);
    let digest = h.finalize();
    let mut id = code.to_ascii_lowercase();
    id.push('-');
    history::push_hex(&mut id, &digest[..6]);
    id
}

/// Runs L003 to L011 over `input`, adds the provenance findings the caller computed while
/// streaming quotes, texts and history (L001, L002, L013), then L012 over all of them; returns
/// them deduplicated by id and in the order of [`sort`], worded as `wording` asks.
pub fn run(input: &CheckInput, provenance: Vec<Finding>, wording: Wording) -> Vec<Finding> {
    run_on(input, provenance, two_threads(input), wording)
}

/// The checks that read the claims and sources alone (L003 to L010, L015), not yet
/// deduplicated: what [`run_after`] completes. Nothing they say depends on a review, a stored
/// text or a waiver, so they can run while those are still being read.
pub fn claims_findings(input: &CheckInput, wording: Wording) -> Vec<Finding> {
    ledger_wide(input, None, two_threads(input), wording, 0)
}

/// [`run`], with the findings of [`claims_findings`] over this very `input` (made with the
/// same `wording`) already in hand.
pub fn run_after(
    input: &CheckInput,
    claims_findings: Vec<Finding>,
    provenance: Vec<Finding>,
    wording: Wording,
) -> Vec<Finding> {
    complete(
        input,
        claims_findings,
        provenance,
        two_threads(input),
        wording,
    )
}

/// Whether the checks of `input` are worth a second thread.
fn two_threads(input: &CheckInput) -> bool {
    input.claims.len() >= PARALLEL_FROM
}

/// [`run`], the checks on two threads or on this one.
fn run_on(
    input: &CheckInput,
    provenance: Vec<Finding>,
    two_threads: bool,
    wording: Wording,
) -> Vec<Finding> {
    let out = ledger_wide(input, None, two_threads, wording, provenance.len());
    complete(input, out, provenance, two_threads, wording)
}

/// The findings of the claims (`out`) joined by the provenance findings, deduplicated, then
/// L011 and L012 (which read the verdicts), in [`sort`]'s order.
fn complete(
    input: &CheckInput,
    mut out: Vec<Finding>,
    provenance: Vec<Finding>,
    two_threads: bool,
    wording: Wording,
) -> Vec<Finding> {
    out.extend(provenance);
    let mut contradicted = if out.iter().any(reviews::may_contradict) {
        // The supported claims (a million ids on a reviewed ledger) are gathered while the
        // findings are deduplicated, after the index is freed (so the set reuses its memory);
        // then L012 is looked for in two halves of the findings.
        let ((), supported) = both(
            two_threads,
            || dedup(&mut out),
            || reviews::supported(input),
        );
        let (first, second) = out.split_at(out.len() / 2);
        let (mut found, more) = both(
            two_threads,
            || reviews::contradicted(&supported, first, wording),
            || reviews::contradicted(&supported, second, wording),
        );
        found.extend(more);
        found
    } else {
        dedup(&mut out);
        Vec::new()
    };
    // Only the L012s can repeat (the rest are deduplicated, and an id starts with its code).
    dedup(&mut contradicted);
    // Grown once, to the size it ends at: a quarter of a million findings take 50 MB.
    let unreviewed = input.claims.iter().filter(|c| c.verdict.is_none()).count();
    out.reserve_exact(unreviewed + contradicted.len());
    reviews::unreviewed(input, wording, &mut out);
    out.extend(contradicted);
    sort(&mut out);
    out
}

/// `here` on this thread and `there` on a second one when `two_threads`, else one after the
/// other here; a panic on the second thread goes on in this one.
fn both<H, T: Send>(
    two_threads: bool,
    here: impl FnOnce() -> H,
    there: impl FnOnce() -> T + Send,
) -> (H, T) {
    if !two_threads {
        return (here(), there());
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(there);
        let mine = here();
        let theirs = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (mine, theirs)
    })
}

/// The findings that name `claim` (questioned or cited as evidence), for `show`. `input` need
/// hold only the claims those findings can involve, and no verdicts: the findings are made
/// first, and then `verdicts` is asked for the latest verdict of each claim they name, which
/// is all L011 (for `claim` itself) and L012 (for the claims of a finding naming it) depend
/// on. So `show` reads a handful of reviews, not one per claim in scope.
pub fn run_for_claim<E>(
    input: &CheckInput,
    provenance: Vec<Finding>,
    claim: &str,
    verdicts: impl FnOnce(&[&str]) -> Result<Vec<(String, model::Verdict)>, E>,
) -> Result<Vec<Finding>, E> {
    let focus = (input.claims.iter())
        .position(|c| input.id_of(c) == claim)
        .map(|i| i as u32);
    // Everything that does not depend on the reviews, deduplicated.
    let mut out = ledger_wide(input, focus, false, Wording::Full, provenance.len());
    out.extend(provenance);
    dedup(&mut out);
    let names = |f: &Finding| f.claims.iter().chain(&f.evidence).any(|c| c == claim);
    out.retain(names);
    let mut named: Vec<&str> = out
        .iter()
        .flat_map(|f| f.claims.iter().chain(&f.evidence))
        .map(String::as_str)
        .chain(std::iter::once(claim))
        .collect();
    named.sort_unstable();
    named.dedup();
    let verdicts = verdicts(&named)?;
    if !verdicts.iter().any(|(id, _)| id == claim) {
        out.push(reviews::unreviewed_finding(claim, Wording::Full));
    }
    let supported = verdicts
        .iter()
        .filter(|(_, v)| *v == model::Verdict::Supported)
        .map(|(id, _)| id.as_str())
        .collect();
    let contradicted = reviews::contradicted(&supported, &out, Wording::Full);
    out.extend(contradicted.into_iter().filter(names));
    dedup(&mut out);
    sort(&mut out);
    Ok(out)
}

/// Claims from which the families of checks run on two threads.
const PARALLEL_FROM: usize = 20_000;

/// L003 to L010 and L015, not yet deduplicated, with room for `room` more findings. With `focus`, the
/// checks may skip what cannot name that claim.
fn ledger_wide(
    input: &CheckInput,
    focus: Option<u32>,
    two_threads: bool,
    wording: Wording,
    room: usize,
) -> Vec<Finding> {
    let mut ctx = index::Ctx::new(input);
    ctx.wording = wording;
    if let Some(c) = focus {
        ctx.focus_on(c);
    }
    // The index is freed as soon as the checks are done, before their findings are joined,
    // deduplicated, sorted and joined by L011 and L012, so that these reuse its memory
    // instead of adding to the peak (a million claims: about 17 MB).
    tasks::run(ctx, two_threads, room)
}
