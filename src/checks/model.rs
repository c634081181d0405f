//! The rows the checks read and the findings they report: plain data, filled by the store,
//! with no SQL and no I/O, so that every check is a pure function testable without a database.

use crate::interval::Interval;
use crate::period::Span;
use crate::reading::Kind;
use serde::Serialize;

pub use super::names::{Names, PlaceSet, PlaceSets, Sym};

pub use crate::records::Verdict;

/// A source as the checks see it: who published it and when.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFacts {
    pub id: String,
    /// The publishing org, in [`CheckInput::names`].
    pub publisher: Option<Sym>,
    /// The days the publication date allows (a partial date allows many); `None` when unknown.
    pub published: Option<Span>,
}

/// One claim as the checks see it: about 80 bytes, so that a million fit in 80 MB. Names are
/// symbols in [`CheckInput::names`] (the id in [`CheckInput::ids`]); `source` indexes
/// [`CheckInput::sources`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimFacts {
    /// The claim's id, in [`CheckInput::ids`].
    pub id: Sym,
    pub source: usize,
    pub kind: Kind,
    /// The metric id.
    pub metric: Sym,
    /// Place ids, sorted and deduplicated: one place, or the components of a `+` union (see
    /// [`CheckInput::intern_places`]).
    pub places: PlaceSet,
    /// The period, resolved against the source's publication date.
    pub period: Span,
    /// `change` claims: the base period.
    pub base: Option<Span>,
    /// `share` claims: the whole, a place id or a metric id.
    pub of: Option<Sym>,
    /// The org id.
    pub attributed_to: Option<Sym>,
    /// The figure as printed.
    pub printed: Sym,
    /// Shared by every claim that prints the same figure as the same kind (a million claims
    /// print a few thousand): a pointer here, not 56 bytes of bounds.
    pub reading: std::sync::Arc<Interval>,
    /// 0, or the claim's currency ([`crate::reading::Unit::currency_code`]): amounts in
    /// different currencies are never compared or summed.
    pub currency: u8,
    /// The verdict of the claim's latest review, if any.
    pub verdict: Option<Verdict>,
}

/// Parents of places and metrics: `child -> parent`, ids in [`CheckInput::names`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hierarchy {
    pub place_parent: std::collections::HashMap<Sym, Sym>,
    pub metric_parent: std::collections::HashMap<Sym, Sym>,
}

/// Everything the ledger-wide checks (L003 to L012) read.
#[derive(Debug, Clone, Default)]
pub struct CheckInput {
    pub sources: Vec<SourceFacts>,
    pub claims: Vec<ClaimFacts>,
    pub hierarchy: Hierarchy,
    /// The ledger's tolerance (0.10 unless settings say otherwise).
    pub tolerance: crate::exact::Num,
    /// Metric, place and org ids, `of` wholes and printed figures, each stored once.
    pub names: Names,
    /// Claim ids (each unique, so not looked up).
    pub ids: Names,
    /// The place sets of the claims.
    pub place_sets: PlaceSets,
}

impl CheckInput {
    /// The symbol of a metric, place or org id, or of a printed figure.
    pub fn intern(&mut self, name: &str) -> Sym {
        self.names.intern(name)
    }

    /// `place`'s parent in the place tree.
    pub fn set_place_parent(&mut self, place: &str, parent: &str) {
        let (child, parent) = (self.intern(place), self.intern(parent));
        self.hierarchy.place_parent.insert(child, parent);
    }

    /// `metric`'s parent in the metric tree.
    pub fn set_metric_parent(&mut self, metric: &str, parent: &str) {
        let (child, parent) = (self.intern(metric), self.intern(parent));
        self.hierarchy.metric_parent.insert(child, parent);
    }

    /// The set of a claim's `place` column (one place id, or ids joined by `+`): components
    /// sorted as text, which is the order messages list them in, and deduplicated.
    pub fn intern_places(&mut self, place: &str) -> PlaceSet {
        let mut parts: Vec<&str> = place.split('+').collect();
        parts.sort_unstable();
        parts.dedup();
        let syms: Vec<Sym> = parts.into_iter().map(|p| self.names.intern(p)).collect();
        self.place_sets.intern(&syms)
    }

    /// A name in [`CheckInput::names`].
    pub fn name(&self, sym: Sym) -> &str {
        self.names.str(sym)
    }

    /// A claim's id.
    pub fn id_of(&self, claim: &ClaimFacts) -> &str {
        self.ids.str(claim.id)
    }
}

/// How serious a finding is (DESIGN "Checks": the severity rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Whether the checks word their findings. `export audit` shows no message or working, only
/// each finding's id, code and severity, so it asks for [`Wording::Bare`] and the checks skip
/// writing a quarter of a million sentences on a large ledger. Which findings there are, and
/// everything but the two texts, is the same either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// Message and working written out: what `check`, `show` and the other exports print.
    Full,
    /// Message and working left empty.
    Bare,
}

impl Wording {
    /// A finding's message or working (or both), written by `write`; empty when
    /// [`Wording::Bare`].
    pub fn words<T: Default>(self, write: impl FnOnce() -> T) -> T {
        match self {
            Wording::Full => write(),
            Wording::Bare => T::default(),
        }
    }
}

/// What a check reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable: derived from the code, the questioned claims and the evidence.
    pub id: String,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The claims the finding questions.
    pub claims: Vec<String>,
    /// The claims it measured them against.
    pub evidence: Vec<String>,
    pub message: String,
    /// The arithmetic, in words a reviewer can check by hand.
    pub working: String,
    pub waived: bool,
    /// A disagreement's gap: the distance between the two intervals, in the claim's unit
    /// (counts, percentage points); `None` for findings that are not disagreements.
    pub gap: Option<crate::exact::Num>,
    /// The gap relative to the larger of the two facing ends (0.66 for 51% against 17%).
    pub gap_relative: Option<crate::exact::Num>,
}
