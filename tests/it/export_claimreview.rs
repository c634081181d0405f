//! `export claimreview`: schema.org ClaimReview JSON-LD for the reviewed claims of a ledger
//! full of hostile text, through the real binary.

use crate::common;
use crate::export_support;

use common::NOW;
use export_support::{hostile_ledger, HOSTILE_QUOTE, HOSTILE_TITLE};

#[test]
fn claimreview_is_json_ld_for_reviewed_claims() {
    let l = hostile_ledger();
    let text = l.ok(&["export", "claimreview"]);
    assert_eq!(l.ok(&["export", "claimreview"]), text, "not deterministic");
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let ids: Vec<&str> = items
        .iter()
        .map(|i| i["identifier"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c1", "c2"], "the reviewed claims, in id order");
    let c1 = &items[0];
    assert_eq!(c1["@context"], "https://schema.org");
    assert_eq!(c1["@type"], "ClaimReview");
    assert_eq!(
        c1["claimReviewed"], HOSTILE_QUOTE,
        "JSON keeps the quote as printed"
    );
    assert_eq!(c1["reviewRating"]["@type"], "Rating");
    assert_eq!(c1["reviewRating"]["alternateName"], "refuted");
    assert_eq!(c1["datePublished"], NOW);
    assert_eq!(c1["author"]["@type"], "Person");
    assert_eq!(c1["author"]["name"], "ayesha");
    let item = &c1["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(item["datePublished"], "2025-01-02");
    assert_eq!(item["author"]["@type"], "Organization");
    assert_eq!(item["author"]["name"], "Pak Institute for Peace Studies");
    assert_eq!(item["appearance"]["url"], "https://example.org/pips");
    assert_eq!(item["appearance"]["headline"], HOSTILE_TITLE);
    let props = c1["additionalProperty"].as_array().unwrap();
    let prop = |name: &str| {
        props
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["value"].clone())
    };
    assert_eq!(prop("printed").unwrap(), "1612");
    assert_eq!(prop("reading lower").unwrap(), 1612);
    assert_eq!(prop("reading upper").unwrap(), 1612);
    assert!(props.iter().all(|p| p["@type"] == "PropertyValue"));
    assert_eq!(items[1]["reviewRating"]["alternateName"], "disputed");

    // Each review carries the claims that findings questioning it measured it against.
    let check: serde_json::Value =
        serde_json::from_str(&l.ok(&["check", "--format", "json", "--fail-on", "never"])).unwrap();
    for item in &items {
        let id = item["identifier"].as_str().unwrap();
        let mut expect: Vec<&str> = check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["claims"].as_array().unwrap().iter().any(|c| c == id))
            .flat_map(|f| f["evidence"].as_array().unwrap().iter())
            .map(|e| e.as_str().unwrap())
            .filter(|e| *e != id)
            .collect();
        expect.sort();
        expect.dedup();
        let got: Vec<&str> = item["additionalProperty"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["name"] == "evidence claim")
            .map(|p| p["value"].as_str().unwrap())
            .collect();
        assert_eq!(got, expect, "{id}");
    }

    // A BOM does not belong in JSON.
    l.fails(&["export", "claimreview", "--excel"], 2);
}
