//! The merge's rules, and the properties git relies on: symmetric, nothing lost, and a merged
//! history that verifies.

use super::*;
use crate::checks::history::chain_hash;

pub(super) const CLAIMS_HEADER: &str =
    "id,source,quote,printed,kind,metric,place,period,base,of,attributed_to,note\n";

pub(super) fn claim(id: &str, printed: &str) -> String {
    format!("{id},s1,{printed} attacks,{printed},count,terrorist-attacks,pakistan,2023,,,,\n")
}

pub(super) fn claims(rows: &[(&str, &str)]) -> Vec<u8> {
    let mut s = CLAIMS_HEADER.to_string();
    for (id, p) in rows {
        s.push_str(&claim(id, p));
    }
    s.into_bytes()
}

pub(super) fn text(m: &Merged) -> &str {
    std::str::from_utf8(&m.bytes).unwrap()
}

#[test]
fn claims_with_adjacent_ids_added_on_both_sides_merge_in_id_order() {
    let base = claims(&[("c-1", "10"), ("c-4", "40")]);
    let ours = claims(&[("c-1", "10"), ("c-2", "20"), ("c-4", "40")]);
    let theirs = claims(&[("c-1", "10"), ("c-3", "30"), ("c-4", "40")]);
    let ab = merge("ledger/claims.csv", &base, &ours, &theirs).unwrap();
    let ba = merge("ledger/claims.csv", &base, &theirs, &ours).unwrap();
    assert!(ab.conflicts.is_empty(), "{:?}", ab.conflicts);
    assert_eq!(ab.bytes, ba.bytes);
    let want = claims(&[("c-1", "10"), ("c-2", "20"), ("c-3", "30"), ("c-4", "40")]);
    assert_eq!(text(&ab), std::str::from_utf8(&want).unwrap());
}

#[test]
fn a_version_out_of_id_order_merges_as_it_would_sorted() {
    let base = claims(&[("c-1", "10"), ("c-4", "40")]);
    let ours = claims(&[("c-4", "40"), ("c-2", "20"), ("c-1", "11")]);
    let theirs = claims(&[("c-1", "10"), ("c-3", "30"), ("c-4", "40")]);
    let m = merge("claims.csv", &base, &ours, &theirs).unwrap();
    assert!(m.conflicts.is_empty());
    let want = claims(&[("c-1", "11"), ("c-2", "20"), ("c-3", "30"), ("c-4", "40")]);
    assert_eq!(text(&m), std::str::from_utf8(&want).unwrap());
    // An id twice cannot be merged by id.
    let twice = claims(&[("c-1", "10"), ("c-1", "12")]);
    let e = merge("claims.csv", &base, &twice, &theirs)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("claims.csv (ours): claim \"c-1\" is there twice"),
        "{e}"
    );
}

#[test]
fn one_sided_changes_and_removals_are_taken() {
    let base = claims(&[("c-1", "10"), ("c-2", "20"), ("c-3", "30")]);
    let ours = claims(&[("c-1", "11"), ("c-2", "20"), ("c-3", "30")]);
    let theirs = claims(&[("c-1", "10"), ("c-3", "30")]);
    let m = merge("claims.csv", &base, &ours, &theirs).unwrap();
    assert!(m.conflicts.is_empty());
    assert_eq!(m.bytes, claims(&[("c-1", "11"), ("c-3", "30")]));
}

#[test]
fn the_same_id_changed_differently_is_a_conflict_naming_it_and_both_versions() {
    let base = claims(&[("c-1", "10")]);
    let ours = claims(&[("c-1", "11")]);
    let theirs = claims(&[("c-1", "12")]);
    let m = merge("ledger/claims.csv", &base, &ours, &theirs).unwrap();
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!((c.what, c.id.as_str()), ("claim", "c-1"));
    let msg = c.to_string();
    assert!(msg.contains("claim c-1 changed on both sides"), "{msg}");
    assert!(msg.contains("ours: c-1,s1,11 attacks,11,"), "{msg}");
    assert!(msg.contains("theirs: c-1,s1,12 attacks,12,"), "{msg}");
    let want = format!(
        "{CLAIMS_HEADER}<<<<<<< ours: claim c-1\n{}||||||| base\n{}=======\n{}>>>>>>> theirs: claim c-1\n",
        claim("c-1", "11").replace('"', ""),
        claim("c-1", "10").replace('"', ""),
        claim("c-1", "12").replace('"', "")
    );
    assert_eq!(text(&m), want);
    assert_eq!(marker_line(&m.bytes), Some(2));

    let removed = claims(&[]);
    let m = merge("claims.csv", &base, &removed, &theirs).unwrap();
    assert_eq!(
        m.conflicts[0].why,
        "removed on one side and changed on the other"
    );
    assert_eq!(m.conflicts[0].ours, None);
}

#[test]
fn a_version_with_markers_or_unknown_columns_is_refused_with_its_side_and_line() {
    let base = claims(&[("c-1", "10")]);
    let marked = format!("{CLAIMS_HEADER}<<<<<<< HEAD\n=======\n>>>>>>> b\n").into_bytes();
    let e = merge("claims.csv", &base, &base, &marked)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("claims.csv (theirs), line 2: git conflict markers"),
        "{e}"
    );
    let e = merge("claims.csv", &base, b"id,colour\nc-1,red\n", &base)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("(ours), line 1: unknown column \"colour\""),
        "{e}"
    );
}

#[test]
fn markers_are_lines_of_seven_and_a_space_or_nothing() {
    assert!(is_marker(b"<<<<<<< HEAD"));
    assert!(is_marker(b"======="));
    assert!(is_marker(b">>>>>>> theirs\r"));
    assert!(!is_marker(b"<<<<<<<x"));
    assert!(!is_marker(b"c-1,====,x"));
}

#[test]
fn texts_merge_as_a_whole() {
    let m = merge("ledger/texts/s1.txt", b"a", b"a", b"b").unwrap();
    assert_eq!((m.bytes.as_slice(), m.conflicts.len()), (&b"b"[..], 0));
    let m = merge("ledger/texts/s1.txt", b"a", b"c", b"b").unwrap();
    assert_eq!(m.bytes, b"c");
    assert_eq!(
        (m.conflicts[0].what, m.conflicts[0].id.as_str()),
        ("text", "s1")
    );
}

// ---- histories ----

pub(super) const REVIEWS_HEADER: &str = "claim,verdict,reviewer,at,evidence,note,hash\n";

/// Review rows (claim, verdict, at) chained from `prev`, as CSV lines.
pub(super) fn chained(prev: &str, rows: &[(&str, &str, &str)]) -> (String, String) {
    let mut prev = prev.to_string();
    let mut s = String::new();
    for (claim, verdict, at) in rows {
        let hash = chain_hash(&prev, &[claim, verdict, "ann", at, "", ""]);
        s.push_str(&format!("{claim},{verdict},ann,{at},,,{hash}\n"));
        prev = hash;
    }
    (s, prev)
}

/// Does every row's hash verify, chained from the first?
pub(super) fn verifies(bytes: &[u8], table: &Table) -> bool {
    let rows = parse("x", "merged", table, bytes).unwrap();
    let fields = table.columns.len() - 1;
    let mut prev = String::new();
    for r in rows {
        let cells: Vec<&str> = r[..fields].iter().map(String::as_str).collect();
        if chain_hash(&prev, &cells) != r[fields] {
            return false;
        }
        prev = r[fields].clone();
    }
    true
}

#[test]
fn reviews_added_on_both_sides_come_after_the_base_in_time_order_rechained() {
    let (b, head) = chained("", &[("c-1", "supported", "2024-01-01T00:00:00Z")]);
    let (alice, _) = chained(&head, &[("c-2", "disputed", "2024-02-02T00:00:00Z")]);
    let (bob, _) = chained(&head, &[("c-3", "refuted", "2024-02-01T00:00:00Z")]);
    let base = format!("{REVIEWS_HEADER}{b}");
    let ours = format!("{base}{alice}");
    let theirs = format!("{base}{bob}");
    let ab = merge(
        "reviews.csv",
        base.as_bytes(),
        ours.as_bytes(),
        theirs.as_bytes(),
    )
    .unwrap();
    let ba = merge(
        "reviews.csv",
        base.as_bytes(),
        theirs.as_bytes(),
        ours.as_bytes(),
    )
    .unwrap();
    assert!(ab.conflicts.is_empty());
    assert_eq!(ab.bytes, ba.bytes);
    let (tail, _) = chained(
        &head,
        &[
            ("c-3", "refuted", "2024-02-01T00:00:00Z"),
            ("c-2", "disputed", "2024-02-02T00:00:00Z"),
        ],
    );
    assert_eq!(text(&ab), format!("{base}{tail}"));
    assert!(verifies(&ab.bytes, &REVIEWS));
}

#[test]
fn a_rewritten_base_row_is_not_merged() {
    let (b, head) = chained("", &[("c-1", "supported", "2024-01-01T00:00:00Z")]);
    let (add, _) = chained(&head, &[("c-2", "disputed", "2024-02-02T00:00:00Z")]);
    let (edited, _) = chained("", &[("c-1", "refuted", "2024-01-01T00:00:00Z")]);
    let base = format!("{REVIEWS_HEADER}{b}");
    let ours = format!("{REVIEWS_HEADER}{edited}");
    let theirs = format!("{base}{add}");
    let m = merge(
        "reviews.csv",
        base.as_bytes(),
        ours.as_bytes(),
        theirs.as_bytes(),
    )
    .unwrap();
    assert_eq!(m.bytes, ours.as_bytes());
    let msg = m.conflicts[0].to_string();
    assert!(
        msg.starts_with(
            "reviews.csv: row 1 of the base history is removed, edited or moved (the history is \
             append-only: restore the base's rows, then merge again) — the base has: \
             c-1,supported,ann,2024-01-01T00:00:00Z,,,"
        ),
        "{msg}"
    );
    assert!(msg.ends_with("; not kept by: ours"), "{msg}");
}

#[test]
fn a_side_that_merged_before_holds_its_rows_among_the_base_rows() {
    // Alice merged main once: her a1 (earlier) sits before main's m1. Main then added m2.
    let (r0, h0) = chained("", &[("c-0", "supported", "2024-01-01T00:00:00Z")]);
    let (m1, h1) = chained(&h0, &[("c-1", "supported", "2024-01-10T00:00:00Z")]);
    let (m2, _) = chained(&h1, &[("c-2", "supported", "2024-01-20T00:00:00Z")]);
    let (alice, _) = chained(
        &h0,
        &[
            ("c-9", "refuted", "2024-01-05T00:00:00Z"),
            ("c-1", "supported", "2024-01-10T00:00:00Z"),
        ],
    );
    let base = format!("{REVIEWS_HEADER}{r0}{m1}");
    let main = format!("{base}{m2}");
    let ours = format!("{REVIEWS_HEADER}{r0}{alice}");
    let ab = merge(
        "reviews.csv",
        base.as_bytes(),
        ours.as_bytes(),
        main.as_bytes(),
    )
    .unwrap();
    let ba = merge(
        "reviews.csv",
        base.as_bytes(),
        main.as_bytes(),
        ours.as_bytes(),
    )
    .unwrap();
    assert!(ab.conflicts.is_empty(), "{:?}", ab.conflicts);
    assert_eq!(ab.bytes, ba.bytes);
    let (tail, _) = chained(
        &h1,
        &[
            ("c-9", "refuted", "2024-01-05T00:00:00Z"),
            ("c-2", "supported", "2024-01-20T00:00:00Z"),
        ],
    );
    assert_eq!(text(&ab), format!("{base}{tail}"));
    assert!(verifies(&ab.bytes, &REVIEWS));
}

#[test]
fn one_finding_waived_differently_on_both_sides_conflicts_and_leaves_the_tail_unhashed() {
    let header = "finding,reason,reviewer,at,hash\n";
    let w = |reason: &str, at: &str| {
        let h = chain_hash("", &["l003-aaaaaaaaaaaa", reason, "ann", at]);
        format!("l003-aaaaaaaaaaaa,{reason},ann,{at},{h}\n")
    };
    let ours = format!("{header}{}", w("counts differ", "2024-01-01T00:00:00Z"));
    let theirs = format!("{header}{}", w("other reason", "2024-01-02T00:00:00Z"));
    let m = merge(
        "waivers.csv",
        header.as_bytes(),
        ours.as_bytes(),
        theirs.as_bytes(),
    )
    .unwrap();
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(
        (m.conflicts[0].what, m.conflicts[0].id.as_str()),
        ("finding", "l003-aaaaaaaaaaaa")
    );
    let want = format!(
        "{header}<<<<<<< ours: waivers of finding l003-aaaaaaaaaaaa\n\
         l003-aaaaaaaaaaaa,counts differ,ann,2024-01-01T00:00:00Z,\n||||||| base\n=======\n\
         l003-aaaaaaaaaaaa,other reason,ann,2024-01-02T00:00:00Z,\n\
         >>>>>>> theirs: waivers of finding l003-aaaaaaaaaaaa\n"
    );
    assert_eq!(text(&m), want);
    // The same waiver on both sides is one waiver.
    let m = merge(
        "waivers.csv",
        header.as_bytes(),
        ours.as_bytes(),
        ours.as_bytes(),
    )
    .unwrap();
    assert!(m.conflicts.is_empty());
    assert_eq!(m.bytes, ours.as_bytes());
}

#[test]
fn an_older_waivers_file_without_hashes_merges_into_the_chained_form() {
    let old = "finding,reason,reviewer,at\n";
    let ours = format!("{old}l003-aaaaaaaaaaaa,ok,ann,2024-01-01T00:00:00Z\n");
    let m = merge(
        "waivers.csv",
        old.as_bytes(),
        ours.as_bytes(),
        old.as_bytes(),
    )
    .unwrap();
    assert!(text(&m).starts_with("finding,reason,reviewer,at,hash\n"));
    assert!(verifies(&m.bytes, &WAIVERS));
}
