//! Tests of the ledger-wide checks, on small ledgers built with [`Ledger`]: one file per
//! family, plus ids/order/waivers and a consistency property.

mod arithmetic;
mod chain;
mod dates;
mod hierarchy;
mod history;
mod keyed;
mod property;
mod reviews;
mod rounding;
mod run;
mod scale;

use super::model::{CheckInput, ClaimFacts, Finding, Severity, SourceFacts, Verdict, Wording};
use crate::exact::Num;
use crate::interval::Interval;
use crate::period::{parse_date, Period, Span};
use crate::reading::Kind;

/// A ledger under construction.
pub struct Ledger {
    pub input: CheckInput,
}

impl Ledger {
    pub fn new() -> Self {
        Ledger {
            input: CheckInput {
                tolerance: crate::reading::default_tolerance(),
                ..CheckInput::default()
            },
        }
    }

    pub fn place(&mut self, child: &str, parent: &str) -> &mut Self {
        let (child, parent) = (self.input.intern(child), self.input.intern(parent));
        self.input.hierarchy.place_parent.insert(child, parent);
        self
    }

    pub fn metric(&mut self, child: &str, parent: &str) -> &mut Self {
        let (child, parent) = (self.input.intern(child), self.input.intern(parent));
        self.input.hierarchy.metric_parent.insert(child, parent);
        self
    }

    /// A source; `""` for no publisher or no publication date.
    pub fn source(&mut self, id: &str, publisher: &str, published: &str) -> usize {
        let publisher = (!publisher.is_empty()).then(|| self.input.intern(publisher));
        self.input.sources.push(SourceFacts {
            id: id.into(),
            publisher,
            published: (!published.is_empty()).then(|| parse_date(published).unwrap()),
        });
        self.input.sources.len() - 1
    }

    #[allow(clippy::too_many_arguments)]
    fn claim(
        &mut self,
        id: &str,
        src: usize,
        kind: Kind,
        metric: &str,
        place: &str,
        period: &str,
        printed: &str,
        reading: Interval,
    ) -> ClaimMut<'_> {
        let published = self.input.sources[src].published;
        let facts = ClaimFacts {
            id: self.input.ids.push(id),
            source: src,
            kind,
            metric: self.input.intern(metric),
            places: self.input.intern_places(place),
            period: Period::parse(period).unwrap().resolve(published),
            base: None,
            of: None,
            attributed_to: None,
            printed: self.input.intern(printed),
            reading: reading.into(),
            currency: 0,
            verdict: Some(Verdict::Disputed),
        };
        self.input.claims.push(facts);
        ClaimMut {
            i: self.input.claims.len() - 1,
            input: &mut self.input,
        }
    }

    pub fn count(
        &mut self,
        id: &str,
        src: usize,
        what: &str,
        printed: &str,
        reading: Interval,
    ) -> ClaimMut<'_> {
        let (metric, place, period) = split3(what);
        self.claim(
            id,
            src,
            Kind::Count,
            metric,
            place,
            period,
            printed,
            reading,
        )
    }

    /// `what` is `metric place period`; `base` a period.
    pub fn change(
        &mut self,
        id: &str,
        src: usize,
        what: &str,
        base: &str,
        printed: &str,
        reading: Interval,
    ) -> ClaimMut<'_> {
        let (metric, place, period) = split3(what);
        let mut c = self.claim(
            id,
            src,
            Kind::Change,
            metric,
            place,
            period,
            printed,
            reading,
        );
        c.base = Some(span(base));
        c
    }

    pub fn share(
        &mut self,
        id: &str,
        src: usize,
        what: &str,
        of: &str,
        printed: &str,
        reading: Interval,
    ) -> ClaimMut<'_> {
        let (metric, place, period) = split3(what);
        let mut c = self.claim(
            id,
            src,
            Kind::Share,
            metric,
            place,
            period,
            printed,
            reading,
        );
        c.of = Some(c.input.intern(of));
        c
    }

    pub fn run(&self) -> Vec<Finding> {
        super::run(&self.input, Vec::new(), Wording::Full)
    }
}

fn split3(what: &str) -> (&str, &str, &str) {
    let v: Vec<&str> = what.split(' ').collect();
    assert_eq!(v.len(), 3, "{what}");
    (v[0], v[1], v[2])
}

/// The claim just added, to set more of it: names are interned in the ledger's tables.
pub struct ClaimMut<'l> {
    input: &'l mut CheckInput,
    i: usize,
}

impl ClaimMut<'_> {
    pub fn by(&mut self, org: &str) -> &mut Self {
        let org = self.input.intern(org);
        self.attributed_to = Some(org);
        self
    }

    pub fn verdict(&mut self, v: Option<Verdict>) -> &mut Self {
        self.verdict = v;
        self
    }
}

impl std::ops::Deref for ClaimMut<'_> {
    type Target = ClaimFacts;
    fn deref(&self) -> &ClaimFacts {
        &self.input.claims[self.i]
    }
}

impl std::ops::DerefMut for ClaimMut<'_> {
    fn deref_mut(&mut self) -> &mut ClaimFacts {
        &mut self.input.claims[self.i]
    }
}

pub fn span(period: &str) -> Span {
    Period::parse(period).unwrap().resolve(None)
}

/// A decimal written as an `f64` literal, exactly as it reads (`275.4` is 2754/10, not the
/// nearest binary fraction): tests write figures the way a ledger prints them.
pub fn n(x: f64) -> Num {
    Num::parse_decimal(&x.to_string()).expect("a finite decimal")
}

/// `[lo, hi]`.
pub fn iv(lo: f64, hi: f64) -> Interval {
    Interval::closed(n(lo), n(hi))
}

pub fn ex(x: f64) -> Interval {
    Interval::exact(n(x))
}

/// A whole percent as printed: `51%` = [50.5, 51.5].
pub fn pc(x: f64) -> Interval {
    iv(x - 0.5, x + 0.5)
}

/// `over x` = (x, ∞).
pub fn over(x: f64) -> Interval {
    Interval::new(n(x), true, Num::PosInf, true)
}

/// The findings of one code.
pub fn of<'f>(findings: &'f [Finding], code: &str) -> Vec<&'f Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

/// The findings questioning exactly these claims (any order), of one code.
pub fn about<'f>(findings: &'f [Finding], code: &str, claims: &[&str]) -> Vec<&'f Finding> {
    let mut want: Vec<&str> = claims.to_vec();
    want.sort();
    findings
        .iter()
        .filter(|f| f.code == code && f.claims.iter().map(String::as_str).eq(want.iter().copied()))
        .collect()
}

/// Findings that are errors or warnings, but not unreviewed-style attention items.
pub fn serious(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect()
}
