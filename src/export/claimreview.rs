//! `export claimreview`: schema.org ClaimReview JSON-LD, one object per reviewed claim (its
//! latest review), in claim id order, as a JSON array.
//!
//! Each object carries the quote (`claimReviewed`), the verdict (`reviewRating.alternateName`),
//! where the claim appeared (`itemReviewed.appearance`: the source's url, title, date and
//! publisher), who it is credited to (`itemReviewed.author`: the attributed org, else the
//! source's author), who reviewed it and when, and `additionalProperty` entries
//! (`PropertyValue`) for the printed figure, the reading and its finite bounds, the review's
//! evidence, and the claims that findings questioning it measured it against. Keys are in a
//! fixed order and nothing depends on the clock, so the same ledger gives the same bytes.

use crate::checks::model::Finding;
use crate::error::Result;
use crate::interval::reading_text;
use crate::store::{ClaimReport, Reader};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

/// The reviewed claims as a JSON-LD array.
pub(super) fn claimreview(
    reader: &Reader<'_>,
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
        let item = review_object(&r, &orgs, evidence);
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
    evidence: &BTreeSet<String>,
) -> Value {
    let c = &r.row.claim;
    let s = &r.source;
    let i = &r.row.interval;
    let Some(review) = &r.latest else {
        return Value::Null;
    };
    let credited = match (&c.attributed_to, &s.author) {
        (Some(org), _) => organization(orgs, org),
        (None, Some(author)) => json!({"@type": "Person", "name": author}),
        (None, None) => Value::Null,
    };
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
        property("reading", json!(reading_text(i, &c.kind))),
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
        ("claimReviewed", json!(c.quote)),
        (
            "itemReviewed",
            object([
                ("@type", json!("Claim")),
                ("appearance", appearance),
                ("datePublished", json!(s.published)),
                ("author", credited),
            ]),
        ),
        (
            "reviewRating",
            json!({"@type": "Rating", "alternateName": review.verdict}),
        ),
        ("author", reviewer),
        ("datePublished", json!(review.at)),
        ("reviewBody", json!(review.note)),
        ("additionalProperty", Value::Array(properties)),
    ])
}
