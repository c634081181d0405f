//! L013 beyond the hash chain itself: what `check` holds a history to when told more.
//!
//! - `--base LEDGER`: the base's reviews and waivers must all be in this ledger, unchanged and
//!   in their order. Rows are compared by their fields, not their hashes: `merge-file`
//!   re-chains the rows after the merge's base, and places rows of two branches in order of
//!   `at`, so a pull request that merged its target branch in may hold a new review among the
//!   base's newest ones. That is an addition; a base row missing, edited or moved is not.
//! - `--expect-head HASH`: the review history's head, pinned by CI or a signed tag.
//! - Rows of a ledger directory with an empty hash: `import` fills them in (DESIGN allows it on
//!   the newest rows), but a gate that accepted them would accept any rewritten history whose
//!   hashes were blanked, so `check` on a directory reports them.

use super::model::{Finding, Severity};
use super::{finding, finding_id};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// One history row as the comparison sees it: a digest of all its fields (hash left out),
/// and one of what names it (the claim or finding, the reviewer, the time), to tell a
/// changed row from a missing one. 64 bytes a row, so a million-row history fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowDigest {
    pub full: [u8; 32],
    pub ident: [u8; 32],
}

impl RowDigest {
    /// `fields` in column order without the hash; the first is the claim or finding, and
    /// `reviewer` and `at` are the third and fourth in both histories.
    pub fn new(fields: &[&str]) -> RowDigest {
        let digest = |fields: &mut dyn Iterator<Item = &str>| {
            let mut h = Sha256::new();
            for f in fields {
                h.update(f.len().to_string().as_bytes());
                h.update(b":");
                h.update(f.as_bytes());
                h.update(b";");
            }
            h.finalize().into()
        };
        let ident = [0, 2, 3].map(|i| fields.get(i).copied().unwrap_or(""));
        RowDigest {
            full: digest(&mut fields.iter().copied()),
            ident: digest(&mut ident.into_iter()),
        }
    }
}

/// What happened to a base row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drift {
    /// Not here at all.
    Missing,
    /// A row with its claim (or finding), reviewer and time is here, with other content.
    Changed,
    /// Here, but before a base row that came before it.
    Moved,
}

impl Drift {
    fn as_str(self) -> &'static str {
        match self {
            Drift::Missing => "missing",
            Drift::Changed => "changed",
            Drift::Moved => "moved",
        }
    }
}

/// The base rows (by index) that this history does not keep, in base order; and which rows
/// of this history are the base's (the others were added since).
pub fn drift(base: &[RowDigest], now: &[RowDigest]) -> (Vec<(usize, Drift)>, Vec<bool>) {
    let mut at: HashMap<[u8; 32], Vec<usize>> = HashMap::new();
    // What each claim (or finding), reviewer and time has here as content.
    let mut idents: HashMap<[u8; 32], Vec<[u8; 32]>> = HashMap::new();
    for (i, r) in now.iter().enumerate() {
        at.entry(r.full).or_default().push(i);
        idents.entry(r.ident).or_default().push(r.full);
    }
    let mut from_base = vec![false; now.len()];
    let mut problems = Vec::new();
    let mut last: Option<usize> = None;
    for (i, b) in base.iter().enumerate() {
        let positions = at.get(&b.full).map(Vec::as_slice).unwrap_or(&[]);
        let after = positions
            .iter()
            .copied()
            .find(|&p| last.is_none_or(|l| p > l) && !from_base[p]);
        match after {
            Some(p) => {
                from_base[p] = true;
                last = Some(p);
            }
            None if positions.iter().any(|&p| !from_base[p]) => problems.push((i, Drift::Moved)),
            None if idents
                .get(&b.ident)
                .is_some_and(|fulls| fulls.iter().any(|f| *f != b.full)) =>
            {
                problems.push((i, Drift::Changed))
            }
            None => problems.push((i, Drift::Missing)),
        }
    }
    (problems, from_base)
}

/// A base row, described for a message: `a review of C by R at T (verdict V)`.
pub type Described = String;

/// L013 for the base rows of one history (`reviews` or `waivers`) this ledger does not keep;
/// `described` has the first few of `problems`, in order; `claim` is the first one's claim
/// (for reviews).
pub fn base_not_kept(
    history: &str,
    problems: &[(usize, Drift)],
    described: &[Described],
    claim: Option<&str>,
) -> Option<Finding> {
    let (first, kind) = *problems.first()?;
    let more = problems.len() - 1;
    let mut message = format!(
        "the base ledger's {history} are not all kept: {} {} of the base ({}) is {} here",
        singular(history),
        first + 1,
        described.first().map_or("", String::as_str),
        kind.as_str()
    );
    if more > 0 {
        message.push_str(&format!(
            ", and {more} more base {history} are missing, changed or moved"
        ));
    }
    message.push_str(
        "; the history is append-only: restore the base's rows (a merge with claimledger's \
         merge driver keeps them), and record changes as new rows",
    );
    let working = problems
        .iter()
        .zip(described)
        .map(|((i, d), what)| {
            format!(
                "base {} {}: {} ({what})",
                singular(history),
                i + 1,
                d.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut f = finding(
        "L013",
        Severity::Error,
        claim.map(str::to_string).into_iter().collect(),
        Vec::new(),
        message,
        working,
    );
    f.id = finding_id("L013", &["base".into(), history.into()], &[]);
    Some(f)
}

fn singular(history: &str) -> &str {
    history.strip_suffix('s').unwrap_or(history)
}

/// L013 when the review history's head is not the pinned one.
pub fn head_differs(head: &str, expected: &str) -> Option<Finding> {
    if head == expected {
        return None;
    }
    let shown = |h: &str| {
        if h.is_empty() {
            "(empty)".to_string()
        } else {
            h.to_string()
        }
    };
    let mut f = finding(
        "L013",
        Severity::Error,
        Vec::new(),
        Vec::new(),
        format!(
            "the review history's head is {}, not {} as pinned (--expect-head): reviews were \
             dropped, rewritten or added since the pin; compare with the pinned ledger \
             (`check --base`) to see which",
            shown(head),
            shown(expected)
        ),
        String::new(),
    );
    f.id = finding_id("L013", &["expect-head".into()], &[]);
    Some(f)
}

/// L013 for history rows of a ledger directory that came with an empty hash (`rows` of
/// them, the first on `line` of `file`).
pub fn unhashed(file: &str, line: u64, rows: usize) -> Finding {
    let mut f = finding(
        "L013",
        Severity::Error,
        Vec::new(),
        Vec::new(),
        format!(
            "{file}: {rows} row(s) from line {line} on have no hash: rows written by hand, or a \
             history whose hashes were blanked, cannot be told from an edited one; record \
             reviews with `claimledger verify` and waivers with `claimledger waive`, or import \
             the directory into a ledger file and dump it back, which fills the hashes in (then \
             `check --base` shows what the rows changed)"
        ),
        String::new(),
    );
    f.id = finding_id("L013", &["unhashed".into(), file.into()], &[]);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(names: &[&str]) -> Vec<RowDigest> {
        names
            .iter()
            .map(|n| {
                let (claim, verdict) = n.split_once(':').unwrap_or((n, "supported"));
                RowDigest::new(&[claim, verdict, "ann", "2024-01-01T00:00:00Z", "", ""])
            })
            .collect()
    }

    #[test]
    fn a_history_that_extends_its_base_keeps_it() {
        let (p, from_base) = drift(&rows(&["a", "b"]), &rows(&["a", "b", "c"]));
        assert!(p.is_empty());
        assert_eq!(from_base, [true, true, false]);
        // A merge may place a new row among the base's rows: an addition, not a problem.
        let (p, from_base) = drift(&rows(&["a", "b"]), &rows(&["a", "c", "b"]));
        assert!(p.is_empty());
        assert_eq!(from_base, [true, false, true]);
    }

    #[test]
    fn missing_changed_and_moved_base_rows_are_named() {
        let base = rows(&["a", "b", "c"]);
        assert_eq!(drift(&base, &rows(&["a", "b"])).0, [(2, Drift::Missing)]);
        assert_eq!(
            drift(&base, &rows(&["a", "b:refuted", "c"])).0,
            [(1, Drift::Changed)]
        );
        assert_eq!(drift(&base, &rows(&["b", "a", "c"])).0, [(1, Drift::Moved)]);
        // A row twice in the base must be there twice.
        let twice = rows(&["a", "a"]);
        assert_eq!(drift(&twice, &rows(&["a"])).0, [(1, Drift::Missing)]);
    }

    #[test]
    fn findings_say_which_row_and_what_happened() {
        let f = base_not_kept(
            "reviews",
            &[(3, Drift::Missing), (4, Drift::Changed)],
            &["a review of c-1".into(), "a review of c-2".into()],
            Some("c-1"),
        )
        .unwrap();
        assert_eq!((f.code, f.severity), ("L013", Severity::Error));
        assert!(
            f.message
                .contains("review 4 of the base (a review of c-1) is missing here, and 1 more"),
            "{}",
            f.message
        );
        assert_eq!(
            f.working,
            "base review 4: missing (a review of c-1); base review 5: changed (a review of c-2)"
        );
        assert_eq!(f.claims, ["c-1"]);
        assert!(base_not_kept("waivers", &[], &[], None).is_none());
        assert!(head_differs("ab", "ab").is_none());
        assert!(head_differs("ab", "cd")
            .unwrap()
            .message
            .contains("ab, not cd"));
        assert_ne!(
            unhashed("reviews.csv", 2, 1).id,
            unhashed("waivers.csv", 2, 1).id
        );
    }
}
