//! STUB: replaced by the real reader.
use crate::error::{Error, Result};
use crate::interval::Interval;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percent,
    PercentChange,
}
impl Unit {
    pub fn as_str(&self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::PercentChange => "percent-change",
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub kind: Kind,
    pub unit: Unit,
    pub hedge: &'static str,
    pub value: Option<f64>,
    pub interval: Interval,
}
pub fn infer_kind(_printed: &str) -> Kind {
    Kind::Count
}
pub fn read(printed: &str, kind: Kind, _t: f64) -> Result<Reading> {
    let x: f64 = printed
        .replace(',', "")
        .parse()
        .map_err(|_| Error::Unreadable {
            printed: printed.into(),
            why: "stub".into(),
        })?;
    Ok(Reading {
        kind,
        unit: Unit::Count,
        hedge: "exact",
        value: Some(x),
        interval: Interval::exact(x),
    })
}
