//! The review and waiver hash chains (`checks::history`).

use crate::checks::history::*;
use crate::checks::model::{Severity, Verdict};

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
            verdict: Verdict::Supported,
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

#[test]
fn a_line_merge_of_two_branches_is_told_from_an_edit() {
    // Rows 1-2 shared; row 3 appended on one branch, row 4 on another (chained to row 2),
    // joined by a line merge.
    let mut rows = chain(3);
    let other = review_hash(
        &rows[1].hash,
        "c9",
        "supported",
        "ann",
        "2024-11-24T00:00:00Z",
        "",
        "note 9",
    );
    rows.push(Row {
        seq: 4,
        claim: "c9".into(),
        note: "note 9".into(),
        hash: other,
    });
    let f = verify(&rows).broken.unwrap();
    assert!(f.message.contains("at row 4 (seq 4, a review of c9): it was recorded after row 2, like row 3, on another branch"), "{}", f.message);
    assert!(f.message.contains(DRIVER_SETUP), "{}", f.message);
    assert_eq!(f.working, "row 4 chains to the hash of row 2, not to that of row 3: both were appended to the same history");
    // From the very start: the second row chained to nothing.
    let mut rows = chain(1);
    let first = review_hash(
        "",
        "c9",
        "supported",
        "ann",
        "2024-11-24T00:00:00Z",
        "",
        "note 9",
    );
    rows.push(Row {
        seq: 2,
        claim: "c9".into(),
        note: "note 9".into(),
        hash: first,
    });
    let f = verify(&rows).broken.unwrap();
    assert!(
        f.message.contains("recorded after the start, like row 1"),
        "{}",
        f.message
    );
}

#[test]
fn a_waiver_that_does_not_verify_and_those_after_it_apply_no_more() {
    let w1 = waiver_hash("", "l003-a", "ok", "ann", "2024-01-01T00:00:00Z");
    let w2 = waiver_hash(&w1, "l003-b", "ok", "ann", "2024-01-02T00:00:00Z");
    let rows = [
        ["l003-a", "ok", "ann", "2024-01-01T00:00:00Z", w1.as_str()],
        ["l003-b", "ok", "ann", "2024-01-02T00:00:00Z", w2.as_str()],
    ];
    assert_eq!(verify_waivers(rows).0, usize::MAX);
    let mut edited = rows;
    edited[0][1] = "edited";
    let (valid, f) = verify_waivers(edited);
    assert_eq!(valid, 0);
    let f = f.unwrap();
    assert!(
        f.message
            .contains("does not verify at row 1 (the waiver of l003-a by ann"),
        "{}",
        f.message
    );
    assert!(f.claims.is_empty());
    let (valid, _) = verify_waivers([
        rows[0],
        ["l003-c", "ok", "nobody", "2099-01-01T00:00:00Z", ""],
    ]);
    assert_eq!(valid, 1);
}
