//! L013 history-tampered: the review history is a hash chain (DESIGN "Canonical text form").
//! Each row's hash is the SHA-256 of the previous row's hash and this row's fields, so an
//! edited, reordered or deleted row breaks every hash after it. The newest row can still be
//! dropped unseen, which is why `check` prints the chain's head for CI or a tag to pin.
//!
//! Fields are length-prefixed (`<byte length>:<bytes>;`), so no note or evidence text can
//! forge a field boundary.

use super::finding;
use super::model::{Finding, Severity};
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
    let mut h = Sha256::new();
    let mut digits = [0u8; 20];
    for field in [prev, claim, verdict, reviewer, at, evidence, note] {
        h.update(decimal(field.len(), &mut digits));
        h.update(b":");
        h.update(field.as_bytes());
        h.update(b";");
    }
    let mut hex = String::with_capacity(64);
    push_hex(&mut hex, &h.finalize());
    hex
}

/// Append `bytes` as lower-case hex: the one hex writer of hashes and ids. Called a million
/// times by `check` on a large history, so without an allocation a byte.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
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
    pub verdict: &'a str,
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
}

impl ChainVerifier {
    /// The next row, in recorded order.
    pub fn push(&mut self, row: ReviewRow<'_>) {
        self.count += 1;
        let count = self.count;
        let prev = &self.prev;
        if self.broken.is_none() {
            let want = review_hash(
                prev,
                row.claim,
                row.verdict,
                row.reviewer,
                row.at,
                row.evidence,
                row.note,
            );
            if want != row.hash {
                self.broken = Some(finding(
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
                ));
            }
        }
        self.prev.clear();
        self.prev.push_str(row.hash);
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

fn prefix(hash: &str) -> &str {
    if hash.is_empty() {
        "(empty)"
    } else {
        hash.get(..12).unwrap_or(hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row {
        seq: i64,
        claim: String,
        note: String,
        hash: String,
    }

    fn chain(n: usize) -> Vec<Row> {
        let mut prev = String::new();
        (0..n)
            .map(|k| {
                let claim = format!("c{k}");
                let note = format!("note {k}");
                let at = "2024-11-24T00:00:00Z";
                let hash = review_hash(&prev, &claim, "supported", "ann", at, "", &note);
                prev = hash.clone();
                Row {
                    seq: k as i64 + 1,
                    claim,
                    note,
                    hash,
                }
            })
            .collect()
    }

    fn verify(rows: &[Row]) -> ChainCheck {
        let mut verifier = ChainVerifier::default();
        for r in rows {
            verifier.push(ReviewRow {
                seq: r.seq,
                claim: &r.claim,
                verdict: "supported",
                reviewer: "ann",
                at: "2024-11-24T00:00:00Z",
                evidence: "",
                note: &r.note,
                hash: &r.hash,
            });
        }
        verifier.finish()
    }

    #[test]
    fn intact_chain_verifies() {
        let rows = chain(5);
        let c = verify(&rows);
        assert!(c.broken.is_none());
        assert_eq!(c.rows, 5);
        assert_eq!(c.head, rows[4].hash);
        let empty = verify(&[]);
        assert_eq!(
            (empty.head.as_str(), empty.rows, empty.broken),
            ("", 0, None)
        );
    }

    #[test]
    fn fields_cannot_forge_a_boundary() {
        assert_ne!(
            review_hash("", "a", "b;", "c", "", "", ""),
            review_hash("", "a", "b", ";c", "", "", "")
        );
        assert_eq!(review_hash("", "", "", "", "", "", "").len(), 64);
    }

    #[test]
    fn edited_row_breaks_there() {
        let mut rows = chain(5);
        rows[2].note = "changed".into();
        let f = verify(&rows).broken.unwrap();
        assert_eq!(f.code, "L013");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.claims, vec!["c2"]);
        assert!(f.message.contains("row 3"), "{}", f.message);
        assert!(f.working.contains(&rows[2].hash[..12]));
    }

    #[test]
    fn reordered_rows_break() {
        let mut rows = chain(5);
        rows.swap(1, 2);
        let f = verify(&rows).broken.unwrap();
        assert!(f.message.contains("row 2"), "{}", f.message);
        assert_eq!(f.claims, vec!["c2"]);
    }

    #[test]
    fn deleted_middle_row_breaks_the_next() {
        let mut rows = chain(5);
        rows.remove(2);
        let c = verify(&rows);
        let f = c.broken.unwrap();
        assert!(f.message.contains("row 3 (seq 4"), "{}", f.message);
        assert_eq!(c.rows, 4);
        assert_eq!(c.head, rows[3].hash);
    }
}
