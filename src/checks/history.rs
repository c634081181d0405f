//! L013 history-tampered: the review history is a hash chain (DESIGN "Canonical text form").
//! Each row's hash is the SHA-256 of the previous row's hash and this row's fields, so an
//! edited, reordered or deleted row breaks every hash after it. The newest row can still be
//! dropped unseen, which is why `check` prints the chain's head for CI or a tag to pin.
//!
//! Fields are length-prefixed (`<byte length>:<bytes>;`), so no note or evidence text can
//! forge a field boundary.

use super::finding;
use super::model::{Finding, Severity, Verdict};
use sha2::{Digest, Sha256};

/// The hex SHA-256 of a review row chained to `prev` (`""` for the first row).
pub fn review_hash(
    prev: &str,
    claim: &str,
    verdict: &str,
    reviewer: &str,
    at: &str,
    evidence: &str,
    note: &str,
) -> String {
    chain_hash(prev, &[claim, verdict, reviewer, at, evidence, note])
}

/// The hex SHA-256 of a waiver row chained to `prev`: waivers keep a chain of their own
/// (DESIGN `waivers.csv`), so a waiver written into the file by hand does not verify.
pub fn waiver_hash(prev: &str, finding: &str, reason: &str, reviewer: &str, at: &str) -> String {
    chain_hash(prev, &[finding, reason, reviewer, at])
}

/// The hex SHA-256 of `prev` and a row's other `fields`, each length-prefixed: the one hash
/// of both history chains (reviews and waivers), and what `merge-file` re-chains with.
pub fn chain_hash(prev: &str, fields: &[&str]) -> String {
    let mut hex = String::with_capacity(64);
    push_hex(&mut hex, &chain_digest(prev, fields));
    hex
}

/// [`chain_hash`] as the digest's bytes.
fn chain_digest(prev: &str, fields: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut digits = [0u8; 20];
    for field in std::iter::once(&prev).chain(fields) {
        h.update(decimal(field.len(), &mut digits));
        h.update(b":");
        h.update(field.as_bytes());
        h.update(b";");
    }
    h.finalize().into()
}

/// The lower-case hex digits, by value: what [`push_hex`] writes and [`hex_is`] reads.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether `hex` is `digest` in lower-case hex, as [`push_hex`] writes it: a million stored
/// hashes are verified without writing one out.
fn hex_is(hex: &str, digest: &[u8; 32]) -> bool {
    hex.len() == 64
        && hex.as_bytes().chunks_exact(2).zip(digest).all(|(pair, b)| {
            pair[0] == HEX[usize::from(b >> 4)] && pair[1] == HEX[usize::from(b & 15)]
        })
}

/// Append `bytes` as lower-case hex: the one hex writer of hashes and ids. Called a million
/// times by `check` on a large history, so without an allocation a byte.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
}

/// `n` in decimal, written into `buf`.
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// One stored review row, in recorded order.
#[derive(Debug, Clone, Copy)]
pub struct ReviewRow<'a> {
    pub seq: i64,
    pub claim: &'a str,
    pub verdict: Verdict,
    pub reviewer: &'a str,
    pub at: &'a str,
    pub evidence: &'a str,
    pub note: &'a str,
    pub hash: &'a str,
}

/// What verifying the chain found.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainCheck {
    /// The stored hash of the last row, `""` when there are none.
    pub head: String,
    pub rows: usize,
    /// The first row that does not verify, as an L013 error.
    pub broken: Option<Finding>,
}

/// Recomputes the chain from the first row, one row at a time, so that a store can stream a
/// long history through it without holding it. Only the first break is reported: every row
/// after it fails too, and one finding says where to look.
#[derive(Debug, Default)]
pub struct ChainVerifier {
    prev: String,
    count: usize,
    broken: Option<Finding>,
    /// The hashes of the rows before `prev`, newest last, up to [`RECENT`]: where a row that
    /// does not chain to its predecessor is looked for, to tell a plain line merge of two
    /// branches' reviews from an edit.
    recent: std::collections::VecDeque<String>,
}

/// How far back a break is traced (rows): two branches' reviews joined by a line merge sit
/// at most as far apart as one branch's new reviews.
const RECENT: usize = 4096;

/// What to do about a line-merged history: the one-line set-up of the merge driver.
pub const DRIVER_SETUP: &str =
    "git config merge.claimledger.driver \"claimledger merge-file %O %A %B %P\"";

impl ReviewRow<'_> {
    /// The fields the hash covers besides the previous hash, in chain order.
    pub fn fields(&self) -> [&str; 6] {
        [
            self.claim,
            self.verdict.as_str(),
            self.reviewer,
            self.at,
            self.evidence,
            self.note,
        ]
    }
}

impl ChainVerifier {
    /// The next row, in recorded order.
    pub fn push(&mut self, row: ReviewRow<'_>) {
        self.count += 1;
        let count = self.count;
        let prev = &self.prev;
        if self.broken.is_none() {
            let fields = row.fields();
            let want = chain_digest(prev, &fields);
            if !hex_is(row.hash, &want) {
                let want = chain_hash(prev, &fields);
                self.broken = Some(match self.forked_from(&fields, row.hash) {
                    Some(back) => line_merged(count, back, row.seq, row.claim),
                    None => finding(
                        "L013",
                        Severity::Error,
                        vec![row.claim.to_string()],
                        Vec::new(),
                        format!(
                        "the review history does not verify at row {count} (seq {}, a review of \
                         {}): reviews at or before it were edited, reordered or deleted",
                        row.seq, row.claim
                    ),
                        format!(
                            "row {count} stores hash {} but its fields chained to the previous \
                         row's hash {} give {}",
                            prefix(row.hash),
                            if prev.is_empty() {
                                "(none)"
                            } else {
                                prefix(prev)
                            },
                            prefix(&want)
                        ),
                    ),
                });
            }
        }
        if self.broken.is_none() {
            // The string that falls out of `recent` holds the next hash: no allocation a row.
            let spare = match self.recent.len() {
                RECENT => self.recent.pop_front().unwrap_or_default(),
                _ => String::with_capacity(64),
            };
            self.recent
                .push_back(std::mem::replace(&mut self.prev, spare));
        }
        self.prev.clear();
        self.prev.push_str(row.hash);
    }

    /// When a row that does not chain to the row before it chains to an earlier one, how
    /// many rows back that one is (2: the row before the previous; the first row's
    /// predecessor is the empty hash). That is what git's line merge makes of two branches
    /// that each appended reviews: the second branch's first row still points to the last
    /// row both had.
    fn forked_from(&self, fields: &[&str], hash: &str) -> Option<usize> {
        // `recent` ends with the previous row's own predecessor.
        self.recent
            .iter()
            .rev()
            .position(|earlier| hex_is(hash, &chain_digest(earlier, fields)))
            .map(|i| i + 2)
    }

    /// What the rows pushed so far show.
    pub fn finish(self) -> ChainCheck {
        ChainCheck {
            head: self.prev,
            rows: self.count,
            broken: self.broken,
        }
    }
}

/// Verify the waivers' own chain (`finding, reason, reviewer, at, hash` in recorded order):
/// how many verify from the first, and an L013 error for the first that does not. Only the
/// waivers before it apply: a waiver written into `waivers.csv` by hand, or edited, accepts
/// nothing, so it cannot silence the gate.
pub fn verify_waivers<'a>(
    waivers: impl IntoIterator<Item = [&'a str; 5]>,
) -> (usize, Option<Finding>) {
    let mut prev = String::new();
    for (i, [finding_id, reason, reviewer, at, hash]) in waivers.into_iter().enumerate() {
        let want = waiver_hash(&prev, finding_id, reason, reviewer, at);
        if want != hash {
            let row = i + 1;
            let mut f = finding(
                "L013",
                Severity::Error,
                Vec::new(),
                Vec::new(),
                format!(
                    "the waiver history does not verify at row {row} (the waiver of \
                     {finding_id} by {reviewer} at {at}): waivers.csv was written by hand or \
                     edited, reordered or cut, so neither this waiver nor any after it applies; \
                     record waivers with `claimledger waive`"
                ),
                format!(
                    "row {row} stores hash {} but its fields chained to the previous waiver's \
                     hash {} give {}",
                    prefix(hash),
                    if prev.is_empty() {
                        "(none)"
                    } else {
                        prefix(&prev)
                    },
                    prefix(&want)
                ),
            );
            // Its own id: an L013 of the waivers questions no claim.
            f.id = super::finding_id("L013", &["waivers".into(), finding_id.into()], &[]);
            return (i, Some(f));
        }
        prev = want;
    }
    (usize::MAX, None)
}

/// L013 for a history that two branches appended to and git joined line by line.
fn line_merged(row: usize, back: usize, seq: i64, claim: &str) -> Finding {
    let fork = row - back;
    let mut f = finding(
        "L013",
        Severity::Error,
        vec![claim.to_string()],
        Vec::new(),
        format!(
            "the review history does not verify at row {row} (seq {seq}, a review of {claim}): \
             it was recorded after row {fork}, like row {}, on another branch, and the two were \
             joined by a plain line merge of reviews.csv, not by claimledger's merge driver; set \
             the driver up (`{DRIVER_SETUP}`, with the .gitattributes `claimledger dump` \
             writes), then redo the merge",
            fork + 1
        ),
        format!(
            "row {row} chains to the hash of row {fork}, not to that of row {}: both were \
             appended to the same history",
            row - 1
        ),
    );
    f.message = f.message.replace("row 0,", "the start,");
    f
}

fn prefix(hash: &str) -> &str {
    if hash.is_empty() {
        "(empty)"
    } else {
        hash.get(..12).unwrap_or(hash)
    }
}
