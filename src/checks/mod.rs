//! STUB: replaced by the real checks.
pub mod model;
pub mod provenance {
    use super::model::Finding;
    pub fn fold(t: &str) -> String {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
    pub fn printed_in_quote(p: &str, q: &str) -> bool {
        fold(q).contains(&fold(p))
    }
    pub fn l001(_c: &str, _p: &str, _q: &str) -> Option<Finding> {
        None
    }
    pub fn l002(_c: &str, _s: &str, _q: &str, _t: &str) -> Option<Finding> {
        None
    }
}
pub mod history {
    use super::model::Finding;
    use sha2::{Digest, Sha256};
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
        for f in [prev, claim, verdict, reviewer, at, evidence, note] {
            h.update(format!("{}:", f.len()));
            h.update(f);
            h.update(";");
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
    pub struct ChainCheck {
        pub head: String,
        pub rows: usize,
        pub broken: Option<Finding>,
    }
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
    pub fn verify_chain<'a>(rows: impl Iterator<Item = ReviewRow<'a>>) -> ChainCheck {
        let v: Vec<_> = rows.collect();
        ChainCheck {
            head: v.last().map(|r| r.hash.to_string()).unwrap_or_default(),
            rows: v.len(),
            broken: None,
        }
    }
}
use model::*;
pub fn run(_input: &CheckInput, provenance: Vec<Finding>) -> Vec<Finding> {
    provenance
}
pub fn apply_waivers(_f: &mut Vec<Finding>, _w: &[String]) {}
