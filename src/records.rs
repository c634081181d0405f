//! The ledger's rows as plain structs, one per table, with the text form's column names.
//! The store reads and writes them, the text form parses and prints them, commands show them.
//! `None` is an absent value: NULL in the database, an empty cell in the text form.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metric {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub definition: Option<String>,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: String,
    pub url: Option<String>,
    pub title: String,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub text_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub id: String,
    pub source: String,
    pub quote: String,
    pub printed: String,
    pub kind: Kind,
    pub metric: String,
    pub place: String,
    pub period: String,
    pub base: Option<String>,
    pub of: Option<String>,
    pub attributed_to: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub claim: String,
    pub verdict: Verdict,
    pub reviewer: String,
    pub at: String,
    pub evidence: Option<String>,
    pub note: Option<String>,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiver {
    pub finding: String,
    pub reason: String,
    pub reviewer: String,
    pub at: String,
    /// The waiver's link in the waivers' own hash chain.
    pub hash: String,
}

/// The three kinds of claim (DESIGN "Claims: the three kinds").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Count,
    Change,
    Share,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Change => "change",
            Kind::Share => "share",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "count" => Some(Kind::Count),
            "change" => Some(Kind::Change),
            "share" => Some(Kind::Share),
            _ => None,
        }
    }
}

/// A review verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Supported,
    Disputed,
    Refuted,
    Unverifiable,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Supported,
        Verdict::Disputed,
        Verdict::Refuted,
        Verdict::Unverifiable,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Disputed => "disputed",
            Verdict::Refuted => "refuted",
            Verdict::Unverifiable => "unverifiable",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The keys of the ledger's settings (`settings.csv`, the `settings` table): the one list of
/// them, which import holds `settings.csv` to.
pub mod settings {
    /// The tolerance `t` of hedged readings (DESIGN: 0.10 unless set).
    pub const TOLERANCE: &str = "tolerance";
    /// The organisation that publishes the ledger's reviews: the `author` of each ClaimReview.
    pub const REVIEW_ORG_NAME: &str = "review-org-name";
    /// That organisation's web address.
    pub const REVIEW_ORG_URL: &str = "review-org-url";
    /// The page the reviews are published on (each review is `#claim-ID` on it); the
    /// organisation's address when unset.
    pub const REVIEWS_URL: &str = "reviews-url";
    /// Every key, in the order `settings.csv` lists them (by key).
    pub const KEYS: [&str; 4] = [REVIEW_ORG_NAME, REVIEW_ORG_URL, REVIEWS_URL, TOLERANCE];
}

impl Claim {
    /// Is this the credited body's own figure: a source published by the org it is
    /// attributed to? (DESIGN "primary claim".)
    pub fn is_primary(&self, source: &Source) -> bool {
        self.attributed_to.is_some() && source.publisher == self.attributed_to
    }
}

/// Is `s` a lower-case slug (`[a-z0-9][a-z0-9-]*`)?
pub fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// Split a `|`-joined list cell; an empty cell is an empty list.
pub fn split_list(cell: &str) -> Vec<String> {
    if cell.is_empty() {
        Vec::new()
    } else {
        cell.split('|').map(str::to_string).collect()
    }
}

/// A `+` union of place ids in its one written form: sorted, without repeats, so that equal
/// unions are equal keys however they were typed.
pub fn join_places<S: AsRef<str> + Ord>(mut ids: Vec<S>) -> String {
    ids.sort();
    ids.dedup();
    let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    ids.join("+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for good in ["pips", "a", "0", "khyber-pakhtunkhwa", "c-2024-x9"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "-a", "PIPS", "a_b", "a b", "é", "a+b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn unions_have_one_written_form() {
        assert_eq!(
            join_places(vec!["kp", "balochistan", "kp"]),
            "balochistan+kp"
        );
        assert_eq!(join_places(vec!["pakistan".to_string()]), "pakistan");
    }

    #[test]
    fn lists() {
        assert!(split_list("").is_empty());
        assert_eq!(
            split_list("PIPS|Pak Institute"),
            vec!["PIPS", "Pak Institute"]
        );
    }
}
