//! `export claimreview`: schema.org ClaimReview JSON-LD, one object per reviewed claim (its
//! latest review), in claim id order, as a JSON array, with what Google's fact-check markup
//! requires: `claimReviewed`, `reviewRating.alternateName`, `url`, `author`, `datePublished`.
//!
//! Who said what, as the ledger knows it:
//! - the claim (`itemReviewed`, a `Claim`) was made by whoever made it: the source's author,
//!   else its publisher. Never the body it credits: an article's "51% increase, PIPS says"
//!   is the article's claim, not PIPS's; the credited body is named in the claim's text and
//!   as a `mentions` of the claim, so publishing a review never repeats a misattribution.
//! - the review's `author` is the organisation that publishes the reviews, set once in the
//!   ledger's settings (`review-org-name`, `review-org-url`); the person who reviewed is its
//!   `contributor`. Its `url` is `#claim-ID` on the page the reviews are published on
//!   (`reviews-url`, else the organisation's address).
//!
//! Each object also carries `additionalProperty` entries (`PropertyValue`) for the printed
//! figure, the reading and its finite bounds, the review's evidence, and the claims that
//! findings questioning it measured it against. Keys are in a fixed order and nothing
//! depends on the clock, so the same ledger gives the same bytes.

use crate::checks::model::Finding;
use crate::error::{Error, Result};
use crate::interval::reading_text;
use crate::records::settings;
use crate::store::{ClaimReport, Reader};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

/// The organisation that publishes the reviews, from the ledger's settings.
#[derive(Debug, Clone)]
pub(super) struct Publisher {
    name: String,
    url: String,
    /// The page the reviews are on.
    page: String,
}

impl Publisher {
    pub(super) fn of(reader: &Reader<'_>) -> Result<Self> {
        let name = reader.setting(settings::REVIEW_ORG_NAME)?;
        let url = reader.setting(settings::REVIEW_ORG_URL)?;
        let (Some(name), Some(url)) = (name, url) else {
            return Err(Error::invalid(format!(
                "export claimreview: a ClaimReview's author is the organisation that publishes the reviews, and the ledger's settings do not name it; run `claimledger setting {0} NAME` and `claimledger setting {1} URL` (optionally `{2} URL`, the page the reviews are on), or add those rows to a ledger directory's settings.csv",
                settings::REVIEW_ORG_NAME,
                settings::REVIEW_ORG_URL,
                settings::REVIEWS_URL
            )));
        };
        let page = reader
            .setting(settings::REVIEWS_URL)?
            .unwrap_or_else(|| url.clone());
        Ok(Publisher { name, url, page })
    }
}

/// The reviewed claims as a JSON-LD array.
pub(super) fn claimreview(
    reader: &Reader<'_>,
    publisher: &Publisher,
    findings: Vec<Finding>,
    out: &mut dyn Write,
) -> Result<()> {
    let orgs: HashMap<String, String> =
        reader.orgs()?.into_iter().map(|o| (o.id, o.name)).collect();
    let evidence = evidence_by_claim(findings);
    let no_evidence = BTreeSet::new();
    let mut first = true;
    out.write_all(b"[")?;
    reader.for_each_claim_report(|r| {
        if r.latest.is_none() {
            return Ok(());
        }
        let evidence = evidence.get(&r.row.claim.id).unwrap_or(&no_evidence);
        let item = review_object(r, &orgs, publisher, evidence);
        let text = serde_json::to_string_pretty(&item).map_err(std::io::Error::from)?;
        write!(
            out,
            "{}\n  {}",
            if first { "" } else { "," },
            text.replace('\n', "\n  ")
        )?;
        first = false;
        Ok(())
    })?;
    out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    Ok(())
}

/// For each questioned claim, the claims its findings measured it against (other than itself).
fn evidence_by_claim(findings: Vec<Finding>) -> HashMap<String, BTreeSet<String>> {
    let mut map: HashMap<String, BTreeSet<String>> = HashMap::new();
    for f in findings {
        for claim in &f.claims {
            let set = map.entry(claim.clone()).or_default();
            set.extend(f.evidence.iter().filter(|e| *e != claim).cloned());
        }
    }
    map
}

/// An object of the pairs whose value is not null. Key order is `serde_json`'s map order
/// (sorted, or as given with `preserve_order`): fixed either way.
fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let map: Map<String, Value> = pairs
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    Value::Object(map)
}

/// A bound as a JSON number: `1612`, not `1612.0`, when it is a whole number.
fn number(x: &crate::exact::Num) -> Value {
    match x {
        crate::exact::Num::Small(r) if r.is_integer() => json!(r.to_integer()),
        _ => json!(x.to_f64()),
    }
}

/// A review's address: `#claim-ID` on the page the reviews are on (the anchor `report`
/// gives each claim).
fn review_url(page: &str, id: &str) -> String {
    let page = page.split('#').next().unwrap_or(page);
    format!("{page}#claim-{id}")
}

fn property(name: &str, value: Value) -> Value {
    json!({"@type": "PropertyValue", "name": name, "value": value})
}

/// `{"@type": "Organization", "name": ...}` for an org id (its name when known).
fn organization(orgs: &HashMap<String, String>, id: &str) -> Value {
    json!({"@type": "Organization", "name": orgs.get(id).map_or(id, String::as_str)})
}

fn review_object(
    r: &ClaimReport,
    orgs: &HashMap<String, String>,
    publisher: &Publisher,
    evidence: &BTreeSet<String>,
) -> Value {
    let c = &r.row.claim;
    let s = &r.source;
    let i = &r.row.interval;
    let Some(review) = &r.latest else {
        return Value::Null;
    };
    // Whoever made the claim: the source's author, else its publisher; never the credited org.
    let made_by = match (&s.author, &s.publisher) {
        (Some(author), _) => json!({"@type": "Person", "name": author}),
        (None, Some(org)) => organization(orgs, org),
        (None, None) => Value::Null,
    };
    let mentions = c
        .attributed_to
        .as_deref()
        .map_or(Value::Null, |org| organization(orgs, org));
    let appearance = object([
        ("@type", json!("CreativeWork")),
        ("url", json!(s.url)),
        ("headline", json!(s.title)),
        ("datePublished", json!(s.published)),
        (
            "publisher",
            s.publisher
                .as_deref()
                .map_or(Value::Null, |p| organization(orgs, p)),
        ),
    ]);
    let reviewer = if orgs.contains_key(&review.reviewer) {
        organization(orgs, &review.reviewer)
    } else {
        json!({"@type": "Person", "name": review.reviewer})
    };
    let mut properties = vec![
        property("printed", json!(c.printed)),
        property("reading", json!(reading_text(i, c.kind))),
    ];
    if i.lower.is_finite() {
        properties.push(property("reading lower", number(&i.lower)));
    }
    if i.upper.is_finite() {
        properties.push(property("reading upper", number(&i.upper)));
    }
    if let Some(e) = &review.evidence {
        properties.push(property("review evidence", json!(e)));
    }
    properties.extend(
        evidence
            .iter()
            .map(|e| property("evidence claim", json!(e))),
    );
    object([
        ("@context", json!("https://schema.org")),
        ("@type", json!("ClaimReview")),
        ("identifier", json!(c.id)),
        ("url", json!(review_url(&publisher.page, &c.id))),
        ("claimReviewed", json!(c.quote)),
        (
            "itemReviewed",
            object([
                ("@type", json!("Claim")),
                ("appearance", appearance),
                ("datePublished", json!(s.published)),
                ("author", made_by),
                ("mentions", mentions),
            ]),
        ),
        (
            "reviewRating",
            json!({"@type": "Rating", "alternateName": review.verdict}),
        ),
        (
            "author",
            json!({"@type": "Organization", "name": publisher.name, "url": publisher.url}),
        ),
        ("contributor", reviewer),
        ("datePublished", json!(review.at)),
        ("reviewBody", json!(review.note)),
        ("additionalProperty", Value::Array(properties)),
    ])
}
