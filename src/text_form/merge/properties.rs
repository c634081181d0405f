//! The properties git relies on, over generated versions: merging is symmetric, keeps every
//! row, and gives a history that verifies.

use super::tests::{chained, claims, text, verifies, REVIEWS_HEADER};
use super::*;
use crate::checks::history::chain_hash;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// A table version: ids from a small set (so that sides collide), each with one of a few
/// contents.
fn table_version() -> impl Strategy<Value = BTreeMap<u8, u8>> {
    proptest::collection::btree_map(0u8..12, 0u8..3, 0..10)
}

fn render(rows: &BTreeMap<u8, u8>) -> Vec<u8> {
    let rows: Vec<(String, String)> = rows
        .iter()
        .map(|(id, v)| (format!("c-{id:02}"), format!("{v}")))
        .collect();
    let refs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    claims(&refs)
}

/// A review history's added rows: (claim, verdict, day).
fn additions() -> impl Strategy<Value = Vec<(u8, u8, u8)>> {
    proptest::collection::vec((0u8..5, 0u8..4, 1u8..5), 0..6)
}

fn review_rows(rows: &[(u8, u8, u8)]) -> Vec<(String, &'static str, String)> {
    rows.iter()
        .map(|(c, v, d)| {
            let verdict = ["supported", "disputed", "refuted", "unverifiable"][*v as usize];
            (format!("c-{c}"), verdict, format!("2024-03-0{d}T00:00:00Z"))
        })
        .collect()
}

fn history(prev: &str, rows: &[(u8, u8, u8)]) -> (String, String) {
    let owned = review_rows(rows);
    let refs: Vec<(&str, &str, &str)> = owned
        .iter()
        .map(|(c, v, a)| (c.as_str(), *v, a.as_str()))
        .collect();
    chained(prev, &refs)
}

proptest! {
    /// Tables: merging either way gives the same bytes when clean, the same conflicting ids
    /// when not; every id both sides agree on is kept as they have it.
    #[test]
    fn table_merge_is_symmetric_and_keeps_agreed_rows(
        base in table_version(), ours in table_version(), theirs in table_version()
    ) {
        let (b, o, t) = (render(&base), render(&ours), render(&theirs));
        let ab = merge("claims.csv", &b, &o, &t).unwrap();
        let ba = merge("claims.csv", &b, &t, &o).unwrap();
        let ids = |m: &Merged| m.conflicts.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&ab), ids(&ba));
        if ab.conflicts.is_empty() {
            prop_assert_eq!(&ab.bytes, &ba.bytes);
            let merged = parse("m", "merged", &CLAIMS, &ab.bytes).unwrap();
            for (id, v) in ours.iter().filter(|(id, v)| theirs.get(id) == Some(v) || base.get(id) == theirs.get(id)) {
                let id = format!("c-{id:02}");
                prop_assert!(merged.iter().any(|r| r[0] == id && r[3] == v.to_string()));
            }
        }
    }

    /// Histories: symmetric to the byte, every row of the base and of both sides kept (a row
    /// both added once, once), the base first, and the merged chain verifies.
    #[test]
    fn history_merge_is_symmetric_keeps_every_row_and_verifies(
        base in additions(), ours in additions(), theirs in additions()
    ) {
        let (b, head) = history("", &base);
        let (o, _) = history(&head, &ours);
        let (t, _) = history(&head, &theirs);
        let base_file = format!("{REVIEWS_HEADER}{b}");
        let (of, tf) = (format!("{base_file}{o}"), format!("{base_file}{t}"));
        let ab = merge("reviews.csv", base_file.as_bytes(), of.as_bytes(), tf.as_bytes()).unwrap();
        let ba = merge("reviews.csv", base_file.as_bytes(), tf.as_bytes(), of.as_bytes()).unwrap();
        prop_assert!(ab.conflicts.is_empty());
        prop_assert_eq!(&ab.bytes, &ba.bytes);
        prop_assert!(text(&ab).starts_with(&base_file));
        prop_assert!(verifies(&ab.bytes, &REVIEWS));
        let merged = parse("m", "merged", &REVIEWS, &ab.bytes).unwrap();
        let count = |rows: &[(String, &str, String)], r: &(String, &str, String)| {
            rows.iter().filter(|x| *x == r).count()
        };
        let (bo, to) = (review_rows(&ours), review_rows(&theirs));
        let got: Vec<(String, &str, String)> = merged[base.len()..]
            .iter()
            .map(|r| (r[0].clone(), Box::leak(r[1].clone().into_boxed_str()) as &str, r[3].clone()))
            .collect();
        for r in bo.iter().chain(&to) {
            prop_assert_eq!(count(&got, r), count(&bo, r).max(count(&to, r)));
        }
        prop_assert_eq!(merged.len(), base.len() + got.len());
    }

    /// Waivers: one finding waived differently on both sides is the one conflict; the same
    /// conflicts either way, and when clean, the same bytes either way and a chain that
    /// verifies.
    #[test]
    fn waiver_merge_is_symmetric_and_verifies(
        ours in proptest::collection::btree_map(0u8..6, 0u8..2, 0..4),
        theirs in proptest::collection::btree_map(0u8..6, 0u8..2, 0..4),
    ) {
        let header = "finding,reason,reviewer,at,hash\n";
        let file = |rows: &BTreeMap<u8, u8>| {
            let mut prev = String::new();
            let mut s = header.to_string();
            for (f, r) in rows {
                let (finding, reason) = (format!("l003-00000000000{f}"), format!("reason {r}"));
                let at = format!("2024-01-0{}T00:00:00Z", 1 + (f + r) % 5);
                let h = chain_hash(&prev, &[&finding, &reason, "ann", &at]);
                s.push_str(&format!("{finding},{reason},ann,{at},{h}\n"));
                prev = h;
            }
            s
        };
        let (o, t) = (file(&ours), file(&theirs));
        let ab = merge("waivers.csv", header.as_bytes(), o.as_bytes(), t.as_bytes()).unwrap();
        let ba = merge("waivers.csv", header.as_bytes(), t.as_bytes(), o.as_bytes()).unwrap();
        let ids = |m: &Merged| m.conflicts.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&ab), ids(&ba));
        let differing: Vec<String> = ours
            .iter()
            .filter(|(f, r)| theirs.get(f).is_some_and(|x| x != *r))
            .map(|(f, _)| format!("l003-00000000000{f}"))
            .collect();
        let mut found = ids(&ab);
        found.sort();
        prop_assert_eq!(found, differing);
        if ab.conflicts.is_empty() {
            prop_assert_eq!(&ab.bytes, &ba.bytes);
            prop_assert!(verifies(&ab.bytes, &WAIVERS));
            let merged = parse("m", "merged", &WAIVERS, &ab.bytes).unwrap();
            let mut all: Vec<u8> = ours.keys().chain(theirs.keys()).copied().collect();
            all.sort_unstable();
            all.dedup();
            prop_assert_eq!(merged.len(), all.len());
        }
    }
}
