//! A claim as typed, before validation: `claims.csv`'s columns (defined here, once), the
//! [`Field`]s they hold, a [`Draft`] with every field as text, and a [`Problem`] located at a
//! field.

use crate::records::Claim;

/// `claims.csv`'s columns, in order: the one definition (the text form's table uses it).
pub const COLUMNS: [&str; 12] = [
    "id",
    "source",
    "quote",
    "printed",
    "kind",
    "metric",
    "place",
    "period",
    "base",
    "of",
    "attributed_to",
    "note",
];

/// A field of a claim, in `claims.csv`'s column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Source,
    Quote,
    Printed,
    Kind,
    Metric,
    Place,
    Period,
    Base,
    Of,
    AttributedTo,
    Note,
}

impl Field {
    /// The 0-based column of `claims.csv` that holds the field.
    pub fn column(self) -> usize {
        self as usize
    }

    /// The `add` flag that sets the field.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Id => "--id",
            Field::Source => "--source",
            Field::Quote => "--quote",
            Field::Printed => "--printed",
            Field::Kind => "--kind",
            Field::Metric => "--metric",
            Field::Place => "--place",
            Field::Period => "--period",
            Field::Base => "--base",
            Field::Of => "--of",
            Field::AttributedTo => "--attributed-to",
            Field::Note => "--note",
        }
    }
}

/// One thing wrong with a draft, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

/// A claim as typed: every field as text, absent when not given or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub id: Option<String>,
    pub source: Option<String>,
    pub quote: Option<String>,
    pub printed: Option<String>,
    pub kind: Option<String>,
    pub metric: Option<String>,
    pub place: Option<String>,
    pub period: Option<String>,
    pub base: Option<String>,
    pub of: Option<String>,
    pub attributed_to: Option<String>,
    pub note: Option<String>,
}

impl Draft {
    /// A draft from cells in `claims.csv`'s column order (an empty cell is absent).
    pub fn from_cells<'c>(cell: impl Fn(usize) -> &'c str) -> Draft {
        let get = |f: Field| {
            Some(cell(f.column()))
                .filter(|c| !c.is_empty())
                .map(str::to_string)
        };
        Draft {
            id: get(Field::Id),
            source: get(Field::Source),
            quote: get(Field::Quote),
            printed: get(Field::Printed),
            kind: get(Field::Kind),
            metric: get(Field::Metric),
            place: get(Field::Place),
            period: get(Field::Period),
            base: get(Field::Base),
            of: get(Field::Of),
            attributed_to: get(Field::AttributedTo),
            note: get(Field::Note),
        }
    }

    /// The draft of an existing claim, to edit.
    pub fn of_claim(c: &Claim) -> Draft {
        Draft {
            id: Some(c.id.clone()),
            source: Some(c.source.clone()),
            quote: Some(c.quote.clone()),
            printed: Some(c.printed.clone()),
            kind: Some(c.kind.as_str().to_string()),
            metric: Some(c.metric.clone()),
            place: Some(c.place.clone()),
            period: Some(c.period.clone()),
            base: c.base.clone(),
            of: c.of.clone(),
            attributed_to: c.attributed_to.clone(),
            note: c.note.clone(),
        }
    }
}
