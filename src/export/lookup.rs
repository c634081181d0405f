//! The claims a report looks up by id (the ones findings name, or all of them for the page),
//! with their sources and latest reviews, and the orgs' names.

use crate::checks::model::Finding;
use crate::error::Result;
use crate::store::{ClaimReport, Reader};
use std::collections::{HashMap, HashSet};

/// Claims by id with what a reviewer reads beside them, and org names by id.
#[derive(Debug, Default)]
pub(crate) struct Lookup {
    pub claims: HashMap<String, ClaimReport>,
    pub orgs: HashMap<String, String>,
}

impl Lookup {
    /// The claims the findings question or cite: one pass over the claims, keeping those.
    pub(crate) fn named_in(reader: &Reader<'_>, findings: &[Finding]) -> Result<Self> {
        let wanted: HashSet<&str> = findings
            .iter()
            .flat_map(|f| f.claims.iter().chain(&f.evidence))
            .map(String::as_str)
            .collect();
        let mut claims = HashMap::new();
        reader.for_each_claim_report(|r| {
            if wanted.contains(r.row.claim.id.as_str()) {
                claims.insert(r.row.claim.id.clone(), r.clone());
            }
            Ok(())
        })?;
        Ok(Lookup {
            claims,
            orgs: org_names(reader)?,
        })
    }

    /// Every claim (the page charts them all).
    pub(crate) fn all(reader: &Reader<'_>) -> Result<Self> {
        let mut claims = HashMap::new();
        reader.for_each_claim_report(|r| {
            claims.insert(r.row.claim.id.clone(), r.clone());
            Ok(())
        })?;
        Ok(Lookup {
            claims,
            orgs: org_names(reader)?,
        })
    }

    /// An org's name, or its id when it has none recorded.
    pub(crate) fn org_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.orgs.get(id).map_or(id, String::as_str)
    }
}

fn org_names(reader: &Reader<'_>) -> Result<HashMap<String, String>> {
    Ok(reader.orgs()?.into_iter().map(|o| (o.id, o.name)).collect())
}

/// The claims a questioned claim was measured against: the finding's evidence, then the
/// other claims it questions (the other side of a conflict), each once, never the claim itself.
pub(crate) fn against<'f>(f: &'f Finding, claim: &str) -> Vec<&'f str> {
    let mut out: Vec<&str> = Vec::new();
    for c in f.evidence.iter().chain(&f.claims) {
        if c != claim && !out.contains(&c.as_str()) {
            out.push(c);
        }
    }
    out
}

/// The questioned claims of a finding, each once, in the finding's order.
pub(crate) fn questioned(f: &Finding) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for c in &f.claims {
        if !out.contains(&c.as_str()) {
            out.push(c);
        }
    }
    out
}
