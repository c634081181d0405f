//! The one claim model (issue 10, item 1): a [`Draft`] (the flags of `add` or `edit`, a row of
//! `claims.csv` on import, a row of `add --from`) becomes a validated [`Valid`] claim in one
//! place, [`validate`], or every problem found, each with the [`Field`] it concerns. `add`,
//! `edit`, `add --from` and `import` all call it, so a claim one accepts the others accept.
//!
//! Ids are resolved through a [`Vocabulary`] the caller gives: the store's (which accepts
//! aliases, as `add` always has) or an import's (ids of the files being loaded). What differs
//! between callers is only how an id is looked up and how a problem is located (a flag, or
//! FILE:LINE:COLUMN); the rules are these:
//! - id (when given) a slug; source, quote, printed, metric, place and period present;
//! - kind `count`, `change` or `share`, inferred from `printed` when absent;
//! - `printed` readable as that kind at the ledger's tolerance, and a part of `quote` (folded
//!   as L001 folds);
//! - period and base well-formed; a change has a base and only a change has one, and the base
//!   is not the very period of the claim; a share has `of` (a place, a `+` union of places, or
//!   a metric) and only a share has one;
//! - metric, places and the credited org known.

use crate::checks::provenance::printed_in_quote;
use crate::interval::Interval;
use crate::period::Period;
use crate::reading::{self, Kind, Reading, ReadingCache};
use crate::records::{is_slug, join_places, Claim};

mod draft;
pub use draft::{Draft, Field, Problem, COLUMNS};

/// How ids are looked up: `Ok(id)` for a known id (or alias, where the caller accepts them),
/// else `Err(what is wrong and what to do)`.
pub trait Vocabulary {
    fn source(&self, text: &str) -> Result<String, String>;
    fn metric(&self, text: &str) -> Result<String, String>;
    fn place(&self, text: &str) -> Result<String, String>;
    fn org(&self, text: &str) -> Result<String, String>;
}

/// A claim that passed every rule: its record (with its kind) and reading.
#[derive(Debug, Clone)]
pub struct Valid {
    pub claim: Claim,
    pub reading: Reading,
    pub period: Period,
    /// A change's base period.
    pub base: Option<Period>,
}

impl Valid {
    pub fn interval(&self) -> &Interval {
        &self.reading.interval
    }
}

/// Validate `draft` against `vocab`, its figure read through `readings` (at the ledger's
/// tolerance; one cache serves every row of a file, which prints a few thousand distinct
/// figures for a million claims). A draft without an id gets
/// `new_id(&draft)`. Every problem is returned, in field order, never just the first. The
/// draft is consumed so that its text moves into the claim uncopied (import runs this a
/// million times).
pub fn validate(
    draft: Draft,
    vocab: &dyn Vocabulary,
    readings: &mut ReadingCache,
    new_id: impl FnOnce(&Draft) -> String,
) -> Result<Valid, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut bad = |field: Field, message: String| problems.push(Problem { field, message });
    for (field, value, what) in [
        (
            Field::Source,
            &draft.source,
            "the source the claim is printed in",
        ),
        (
            Field::Quote,
            &draft.quote,
            "the exact words that carry the figure",
        ),
        (
            Field::Printed,
            &draft.printed,
            "the figure exactly as printed",
        ),
        (Field::Metric, &draft.metric, "what is counted"),
        (
            Field::Place,
            &draft.place,
            "where (a place, or several joined by '+')",
        ),
        (
            Field::Period,
            &draft.period,
            "when (2023, 2023-Q1, 2023-05, START/END)",
        ),
    ] {
        if value.is_none() {
            bad(
                field,
                format!("{} is missing: {what}", COLUMNS[field.column()]),
            );
        }
    }
    if let Some(id) = &draft.id {
        if !is_slug(id) {
            bad(Field::Id, format!("claim id {id:?} is not a slug: use lower-case letters, digits and '-', starting with a letter or digit"));
        }
    }
    let source = draft
        .source
        .as_deref()
        .and_then(|s| resolved(vocab.source(s), Field::Source, &mut bad));
    let metric = draft
        .metric
        .as_deref()
        .and_then(|m| resolved(vocab.metric(m), Field::Metric, &mut bad));
    let place = draft
        .place
        .as_deref()
        .and_then(|p| places(vocab, p, Field::Place, &mut bad));
    let attributed_to = draft
        .attributed_to
        .as_deref()
        .map(|o| resolved(vocab.org(o), Field::AttributedTo, &mut bad));

    let kind = match draft.kind.as_deref() {
        Some(k) => Kind::parse(k).or_else(|| {
            bad(
                Field::Kind,
                format!("unknown kind {k:?}: write count, change or share"),
            );
            None
        }),
        None => draft.printed.as_deref().map(reading::infer_kind),
    };
    let period = draft
        .period
        .as_deref()
        .and_then(|p| match Period::parse(p) {
            Ok(period) => Some(period),
            Err(e) => {
                bad(Field::Period, e.to_string());
                None
            }
        });
    let base = draft.base.as_deref().and_then(|b| match Period::parse(b) {
        Ok(base) => Some(base),
        Err(e) => {
            bad(Field::Base, e.to_string());
            None
        }
    });
    match (kind, &draft.base) {
        (Some(Kind::Change), None) => bad(Field::Base, "a change needs a base: the period it is measured against (\"51% increase in 2023\" over 2022: period 2023, base 2022)".into()),
        (Some(k), Some(_)) if k != Kind::Change => bad(Field::Base, format!("a base is for change claims only, and this is a {}: drop the base or make the kind change", k.as_str())),
        _ => {}
    }
    if let (Some(p), Some(b), Some(text)) = (period, base, &draft.base) {
        if p.resolve(None) == b.resolve(None) {
            bad(Field::Base, format!("base {text:?} is the same period as the claim's: a change is measured against another period"));
        }
    }
    let of = match (kind, draft.of.as_deref()) {
        (Some(Kind::Share), None) => {
            bad(Field::Of, "a share needs its whole: the place or metric it is a share of (\"95% of attacks were in KP\": of pakistan)".into());
            None
        }
        (Some(k), Some(_)) if k != Kind::Share => {
            bad(Field::Of, format!("of (a whole) is for share claims only, and this is a {}: drop it or make the kind share", k.as_str()));
            None
        }
        (_, Some(w)) => whole(vocab, w, &mut bad),
        _ => None,
    };
    let reading = match (draft.printed.as_deref(), kind) {
        (Some(printed), Some(kind)) => match readings.get(printed, kind) {
            Ok(r) => Some(r.clone()),
            Err(e) => {
                bad(Field::Printed, e.to_string());
                None
            }
        },
        _ => None,
    };
    if let (Some(printed), Some(quote)) = (&draft.printed, &draft.quote) {
        if !printed_in_quote(printed, quote) {
            bad(Field::Printed, format!("the printed figure {printed:?} is not in the quote {:?}: copy the figure exactly as the quote prints it", excerpt(quote)));
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.field.column());
        return Err(problems);
    }
    let (Some(kind), Some(reading), Some(period)) = (kind, reading, period) else {
        unreachable_problem(&mut problems);
        return Err(problems);
    };
    let id = match draft.id {
        Some(_) => None,
        None => Some(new_id(&draft)),
    };
    let claim = Claim {
        id: draft.id.or(id).unwrap_or_default(),
        source: source.unwrap_or_default(),
        quote: draft.quote.unwrap_or_default(),
        printed: draft.printed.unwrap_or_default(),
        kind,
        metric: metric.unwrap_or_default(),
        place: place.unwrap_or_default(),
        period: draft.period.unwrap_or_default(),
        base: draft.base,
        of,
        attributed_to: attributed_to.flatten(),
        note: draft.note,
    };
    Ok(Valid {
        claim,
        reading,
        period,
        base,
    })
}

/// Without problems every field is present; this keeps that a value, not a panic.
fn unreachable_problem(problems: &mut Vec<Problem>) {
    problems.push(Problem {
        field: Field::Printed,
        message: "the figure could not be read".into(),
    });
}

fn resolved(
    r: Result<String, String>,
    field: Field,
    bad: &mut impl FnMut(Field, String),
) -> Option<String> {
    r.map_err(|why| bad(field, why)).ok()
}

/// A place or a `+` union of places, every part resolved, in the union's one written form.
fn places(
    vocab: &dyn Vocabulary,
    text: &str,
    field: Field,
    bad: &mut impl FnMut(Field, String),
) -> Option<String> {
    let mut ids = Vec::new();
    let mut ok = true;
    for part in text.split('+') {
        match vocab.place(part.trim()) {
            Ok(id) => ids.push(id),
            Err(why) => {
                bad(field, why);
                ok = false;
            }
        }
    }
    ok.then(|| join_places(ids))
}

/// The whole of a share: places, else a metric; neither is one problem naming both.
fn whole(
    vocab: &dyn Vocabulary,
    text: &str,
    bad: &mut impl FnMut(Field, String),
) -> Option<String> {
    let mut place_problems = Vec::new();
    if let Some(p) = places(vocab, text, Field::Of, &mut |_, why| {
        place_problems.push(why)
    }) {
        return Some(p);
    }
    match vocab.metric(text) {
        Ok(m) => Some(m),
        Err(_) => {
            bad(
                Field::Of,
                format!(
                    "unknown whole {text:?}, neither a place nor a metric ({}): add it or fix the id",
                    place_problems.join("; ")
                ),
            );
            None
        }
    }
}

fn excerpt(quote: &str) -> String {
    if quote.chars().count() <= 120 {
        quote.to_string()
    } else {
        quote.chars().take(117).collect::<String>() + "..."
    }
}
