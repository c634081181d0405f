//! Where an import's checked rows go, and what it asks of the ledger they go into: the
//! SQLite store (`Tx`, for `import` and for commands given a directory that need a database)
//! or the check engine read straight from the files (`check_dir::DirFeed`, for `check` on a
//! directory). One import, so a directory is refused for the same problems, with the same
//! FILE:LINE:COLUMN, whichever it is loaded into.

use crate::error::Result;
use crate::exact::Num;
use crate::interval::Interval;
use crate::records::{Claim, Metric, Org, Place, Review, Source, Waiver};
use crate::store::{Entity, Tx};

/// A ledger an import loads into. The questions are about what the ledger held before the
/// import (a fresh ledger holds nothing); the writes come in file order, each file after the
/// one before.
pub(super) trait Sink {
    fn tolerance(&mut self) -> Result<Num>;
    fn had_claims(&mut self) -> Result<bool>;
    fn had_sources(&mut self) -> Result<bool>;
    fn orgs(&mut self) -> Result<Vec<Org>>;
    fn places(&mut self) -> Result<Vec<Place>>;
    fn metrics(&mut self) -> Result<Vec<Metric>>;
    fn source(&mut self, id: &str) -> Result<Option<Source>>;
    fn claim(&mut self, id: &str) -> Result<Option<Claim>>;
    fn claim_exists(&mut self, id: &str) -> Result<bool>;
    fn review_hashes(&mut self) -> Result<Vec<String>>;
    fn waiver(&mut self, finding: &str) -> Result<Option<Waiver>>;

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()>;
    /// The claims held before are read again at a new tolerance.
    fn rewrite_readings(&mut self, tolerance: &Num) -> Result<()>;
    /// Whether the rules the schema's CHECKs state are taken as checked (see `Tx`).
    fn vouch_for_checks(&mut self, on: bool) -> Result<()>;
    fn insert_org(&mut self, org: &Org) -> Result<()>;
    fn insert_place(&mut self, place: &Place) -> Result<()>;
    fn insert_metric(&mut self, metric: &Metric) -> Result<()>;
    fn insert_source(&mut self, source: &Source, text: Option<&str>) -> Result<()>;
    fn insert_claim(&mut self, claim: &Claim, reading: &Interval) -> Result<()>;
    /// Threads to check claims.csv on: SQLite's inserts are the slower side of an import, and
    /// a second checker would only take a core from them; the check engine keeps up with two.
    fn checkers(&self) -> usize {
        1
    }
    /// Every claim is in (claims.csv read, reviews next).
    fn claims_done(&mut self) -> Result<()> {
        Ok(())
    }
    fn append_review(&mut self, review: &Review) -> Result<()>;
    fn insert_waiver(&mut self, waiver: &Waiver) -> Result<()>;
}

impl Sink for &Tx<'_> {
    fn tolerance(&mut self) -> Result<Num> {
        self.reader().tolerance()
    }
    fn had_claims(&mut self) -> Result<bool> {
        Ok(!self.reader().is_empty(Entity::Claim)?)
    }
    fn had_sources(&mut self) -> Result<bool> {
        Ok(!self.reader().is_empty(Entity::Source)?)
    }
    fn orgs(&mut self) -> Result<Vec<Org>> {
        self.reader().orgs()
    }
    fn places(&mut self) -> Result<Vec<Place>> {
        self.reader().places()
    }
    fn metrics(&mut self) -> Result<Vec<Metric>> {
        self.reader().metrics()
    }
    fn source(&mut self, id: &str) -> Result<Option<Source>> {
        self.reader().source(id)
    }
    fn claim(&mut self, id: &str) -> Result<Option<Claim>> {
        Ok(self.reader().claim(id)?.map(|row| row.claim))
    }
    fn claim_exists(&mut self, id: &str) -> Result<bool> {
        self.reader().exists(Entity::Claim, id)
    }
    fn review_hashes(&mut self) -> Result<Vec<String>> {
        self.reader().review_hashes()
    }
    fn waiver(&mut self, finding: &str) -> Result<Option<Waiver>> {
        self.reader().waiver(finding)
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        (**self).set_setting(key, value)
    }
    fn rewrite_readings(&mut self, tolerance: &Num) -> Result<()> {
        (**self).rewrite_readings(tolerance).map(drop)
    }
    fn vouch_for_checks(&mut self, on: bool) -> Result<()> {
        (**self).vouch_for_checks(on)
    }
    fn insert_org(&mut self, org: &Org) -> Result<()> {
        (**self).insert_org(org)
    }
    fn insert_place(&mut self, place: &Place) -> Result<()> {
        (**self).insert_place(place)
    }
    fn insert_metric(&mut self, metric: &Metric) -> Result<()> {
        (**self).insert_metric(metric)
    }
    fn insert_source(&mut self, source: &Source, text: Option<&str>) -> Result<()> {
        (**self).insert_source(source, text)
    }
    fn insert_claim(&mut self, claim: &Claim, reading: &Interval) -> Result<()> {
        (**self).insert_claim(claim, reading)
    }
    fn append_review(&mut self, review: &Review) -> Result<()> {
        (**self).append_review(review)
    }
    fn insert_waiver(&mut self, waiver: &Waiver) -> Result<()> {
        (**self).insert_waiver(waiver)
    }
}
