//! `export claimreview`: schema.org ClaimReview JSON-LD for the reviewed claims of a ledger
//! full of hostile text, through the real binary.

use crate::common;
use crate::export_support;

use common::TestEnv;
use common::NOW;
use export_support::{cell, hostile_ledger, rows, HOSTILE_QUOTE, HOSTILE_TITLE};
use serde_json::Value;

#[test]
fn claimreview_is_json_ld_for_reviewed_claims() {
    let l = hostile_ledger();
    publisher(&l);
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
    assert_eq!(c1["author"]["@type"], "Organization");
    assert_eq!(c1["author"]["name"], "Fact Desk");
    assert_eq!(c1["author"]["url"], "https://factdesk.example.org");
    assert_eq!(c1["contributor"]["@type"], "Person");
    assert_eq!(c1["contributor"]["name"], "ayesha");
    assert_eq!(c1["url"], "https://factdesk.example.org/reviews#claim-c1");
    let item = &c1["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(item["datePublished"], "2025-01-02");
    // s1 has no author, so the claim is its publisher's: pips published its own figure.
    assert_eq!(item["author"]["@type"], "Organization");
    assert_eq!(item["author"]["name"], "Pak Institute for Peace Studies");
    // c2 is credited to pips in crss's document by its author: the claim is the author's.
    let c2 = &items[1]["itemReviewed"];
    assert_eq!(
        c2["author"],
        serde_json::json!({"@type": "Person", "name": "-Anon"})
    );
    assert_eq!(c2["mentions"]["name"], "Pak Institute for Peace Studies");
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

/// The organisation that publishes the reviews, set once.
fn publisher(l: &TestEnv) {
    l.ok(&["setting", "review-org-name", "Fact Desk"]);
    l.ok(&["setting", "review-org-url", "https://factdesk.example.org"]);
    l.ok(&[
        "setting",
        "reviews-url",
        "https://factdesk.example.org/reviews",
    ]);
    assert_eq!(l.ok(&["setting", "review-org-name"]), "Fact Desk\n");
}

#[test]
fn without_the_publishing_organisation_claimreview_is_refused() {
    let l = hostile_ledger();
    let stderr = l.fails(&["export", "claimreview"], 2);
    assert!(
        stderr.contains("claimledger setting review-org-name"),
        "{stderr}"
    );
    l.fails(&["setting", "publisher", "x"], 2);
    l.fails(&["setting", "review-org-url", "factdesk.example.org"], 2);
    l.fails(&["setting", "tolerance", "0.2"], 2);
}

/// Every object has what Google's fact-check markup requires (ClaimReview: `claimReviewed`,
/// `reviewRating` with `alternateName`, `url`; recommended `author` with a name,
/// `datePublished`, `itemReviewed` a Claim), and the claim's author is whoever made the
/// claim, never the body it is credited to unless that body published it.
#[test]
fn every_review_has_the_required_fields_and_the_true_author() {
    let seeds = crate::check_support::seeds_arg();
    let l = TestEnv::init();
    l.ok(&["import", &seeds]);
    publisher(&l);
    let items: Vec<Value> = serde_json::from_str(&l.ok(&["export", "claimreview"])).unwrap();
    let claims = rows(l.ok(&["export", "claims"]).as_bytes());
    assert!(items.len() >= 4, "the seeds' reviewed claims");
    let text = |v: &Value| v.as_str().map(str::to_string);
    for item in &items {
        let id = item["identifier"].as_str().unwrap();
        for key in ["claimReviewed", "url", "datePublished"] {
            assert!(
                text(&item[key]).is_some_and(|s| !s.is_empty()),
                "{id}: {key}"
            );
        }
        assert!(
            item["url"].as_str().unwrap().starts_with("https://"),
            "{id}"
        );
        assert_eq!(item["@type"], "ClaimReview");
        assert_eq!(item["reviewRating"]["@type"], "Rating");
        assert!(
            text(&item["reviewRating"]["alternateName"]).is_some(),
            "{id}"
        );
        assert_eq!(item["author"]["@type"], "Organization", "{id}");
        assert_eq!(item["author"]["name"], "Fact Desk", "{id}");
        assert!(
            text(&item["contributor"]["name"]).is_some(),
            "{id}: the reviewer"
        );
        let claim = &item["itemReviewed"];
        assert_eq!(claim["@type"], "Claim");
        // The author rule: the source's author, else its publisher; never the credited body.
        let source_author = cell(&claims, id, "source");
        let publisher = cell(&claims, id, "publisher");
        let credited = cell(&claims, id, "attributed to");
        let author = &claim["author"];
        if author.is_null() {
            assert!(publisher.is_empty(), "{id}: has a publisher but no author");
        } else if author["@type"] == "Organization" {
            let publisher_name = l
                .ok(&["org", "list"])
                .lines()
                .find(|line| line.split_whitespace().next() == Some(publisher.as_str()))
                .map(str::to_string)
                .unwrap_or_default();
            assert!(
                publisher_name.contains(author["name"].as_str().unwrap()),
                "{id}: author {author} is not the publisher {publisher} ({source_author})"
            );
        }
        if !credited.is_empty() && credited != publisher {
            let org_line = l
                .ok(&["org", "list"])
                .lines()
                .find(|line| line.split_whitespace().next() == Some(credited.as_str()))
                .unwrap()
                .to_string();
            let name = author["name"].as_str().unwrap_or("");
            assert!(
                name.is_empty() || !org_line.contains(name),
                "{id}: credited to {credited}, yet published as its claim: {author}"
            );
            assert!(
                org_line.contains(claim["mentions"]["name"].as_str().unwrap()),
                "{id}: the credited body is a mention"
            );
        }
    }
    // The seeds' misattribution: the article's "51% increase" is not PIPS's claim.
    let art = items
        .iter()
        .find(|i| i["identifier"] == "art-01-attacks-increase-2023")
        .expect("the article's claim is reviewed");
    assert!(art["itemReviewed"]["author"].is_null(), "{art}");
    assert_eq!(
        art["itemReviewed"]["mentions"]["name"],
        "Pak Institute for Peace Studies"
    );
}
