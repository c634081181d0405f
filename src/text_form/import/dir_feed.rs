//! `check` on a ledger directory without a database: the import's own reading and checking
//! of the files (so a broken directory is refused for the same problems, at the same
//! FILE:LINE:COLUMN), its rows handed straight to the check engine
//! (`checks::ledger::LedgerFeed`) instead of to SQLite.
//!
//! The engine keeps compact facts, not rows. What L002 needs is the exception: each stored
//! text against the quotes of its source's claims. Texts are far larger than the quotes taken
//! from them, so the quotes of the claims whose source has a text are kept (they arrive after
//! the sources, in claim order), and once every claim is in, each text is read again, once,
//! with its quotes, on a thread of its own while reviews.csv is read.

use super::sink::Sink;
use super::{ImportReport, Importer};
use crate::checks::feed::ClaimCells;
use crate::checks::history::ReviewRow;
use crate::checks::ledger::{CheckFeed, LedgerFeed};
use crate::checks::model::Finding;
use crate::checks::names::{Names, Sym};
use crate::checks::provenance;
use crate::error::{Error, Result};
use crate::exact::Num;
use crate::interval::Interval;
use crate::reading::{default_tolerance, parse_tolerance};
use crate::records::settings::TOLERANCE;
use crate::records::{Claim, Metric, Org, Place, Review, Source, Waiver};
use crate::text_form::TEXTS;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

/// Read and check the ledger directory `dir` (as `import` would) into the check engine.
pub fn check_directory(dir: &Path, progress: bool) -> Result<(CheckFeed, ImportReport)> {
    super::is_ledger_dir(dir)?;
    let mut sink = DirFeed {
        dir,
        tolerance: default_tolerance(),
        feed: None,
        with_text: Names::default(),
        quotes: Vec::new(),
        quoted: None,
        reviews: 0,
        waivers: Vec::new(),
    };
    let report = Importer::new(&mut sink, dir, progress).run()?;
    Ok((sink.finish()?, report))
}

/// A claim's quote of a source with a stored text: the source (in `DirFeed::with_text`), the
/// claim id, the quote.
type Quote = (Sym, Box<str>, Box<str>);

/// L002 for every quote, each text read once.
fn quotes_in_texts(dir: &Path, sources: &Names, mut quotes: Vec<Quote>) -> Result<Vec<Finding>> {
    quotes.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut found = Vec::new();
    for group in quotes.chunk_by(|a, b| a.0 == b.0) {
        let source = sources.str(group[0].0);
        let path = dir.join(TEXTS).join(format!("{source}.txt"));
        let text = std::fs::read_to_string(&path).map_err(|e| Error::File { path, source: e })?;
        let pairs = group.iter().map(|(_, c, q)| (&**c, &**q));
        found.extend(provenance::quotes_in_text(source, &text, pairs));
    }
    Ok(found)
}

/// The check engine as an import's destination.
struct DirFeed<'d> {
    dir: &'d Path,
    tolerance: Num,
    /// Made once settings.csv (the tolerance) is read.
    feed: Option<LedgerFeed>,
    /// The ids of the sources with a stored text.
    with_text: Names,
    /// (source with a text, claim id, quote).
    quotes: Vec<Quote>,
    /// The thread checking them, once every claim is in.
    quoted: Option<JoinHandle<Result<Vec<Finding>>>>,
    reviews: i64,
    waivers: Vec<Waiver>,
}

impl DirFeed<'_> {
    fn feed(&mut self) -> &mut LedgerFeed {
        let tolerance = &self.tolerance;
        self.feed
            .get_or_insert_with(|| LedgerFeed::new(tolerance.clone()))
    }

    /// The quotes checked against the texts on a thread of their own.
    fn check_quotes(&mut self) {
        let dir: PathBuf = self.dir.into();
        let (sources, quotes) = (
            std::mem::take(&mut self.with_text),
            std::mem::take(&mut self.quotes),
        );
        self.quoted = Some(std::thread::spawn(move || {
            quotes_in_texts(&dir, &sources, quotes)
        }));
    }

    /// The feed done, the quotes' findings in.
    fn finish(mut self) -> Result<CheckFeed> {
        if self.quoted.is_none() {
            self.check_quotes();
        }
        if let Some(quoted) = self.quoted.take() {
            let found = quoted.join().unwrap_or_else(|_| {
                Err(Error::Fault("the thread reading the texts failed".into()))
            })?;
            self.feed().side().quote_findings(found);
        }
        let waivers = std::mem::take(&mut self.waivers);
        let feed = self.feed.take();
        let tolerance = self.tolerance;
        Ok(feed
            .unwrap_or_else(|| LedgerFeed::new(tolerance))
            .finish(waivers))
    }
}

impl Sink for DirFeed<'_> {
    // A directory is checked on its own: nothing was there before.
    fn tolerance(&mut self) -> Result<Num> {
        Ok(self.tolerance.clone())
    }
    fn had_claims(&mut self) -> Result<bool> {
        Ok(false)
    }
    fn had_sources(&mut self) -> Result<bool> {
        Ok(false)
    }
    fn orgs(&mut self) -> Result<Vec<Org>> {
        Ok(Vec::new())
    }
    fn places(&mut self) -> Result<Vec<Place>> {
        Ok(Vec::new())
    }
    fn metrics(&mut self) -> Result<Vec<Metric>> {
        Ok(Vec::new())
    }
    fn source(&mut self, _: &str) -> Result<Option<Source>> {
        Ok(None)
    }
    fn claim(&mut self, _: &str) -> Result<Option<Claim>> {
        Ok(None)
    }
    fn claim_exists(&mut self, _: &str) -> Result<bool> {
        Ok(false)
    }
    fn review_hashes(&mut self) -> Result<Vec<String>> {
        Ok(Vec::new())
    }
    fn waiver(&mut self, _: &str) -> Result<Option<Waiver>> {
        Ok(None)
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        if key == TOLERANCE {
            // The import checked it.
            self.tolerance = parse_tolerance(value)
                .ok_or_else(|| Error::invalid(format!("tolerance {value:?} is not a number")))?;
        }
        Ok(())
    }
    fn rewrite_readings(&mut self, _: &Num) -> Result<()> {
        Ok(())
    }
    fn vouch_for_checks(&mut self, _: bool) -> Result<()> {
        Ok(())
    }
    fn insert_org(&mut self, _: &Org) -> Result<()> {
        // The checks meet orgs through the claims and sources that name them.
        Ok(())
    }
    fn insert_place(&mut self, place: &Place) -> Result<()> {
        if let Some(parent) = &place.parent {
            self.feed().place_parent(&place.id, parent);
        }
        Ok(())
    }
    fn insert_metric(&mut self, metric: &Metric) -> Result<()> {
        if let Some(parent) = &metric.parent {
            self.feed().metric_parent(&metric.id, parent);
        }
        Ok(())
    }
    fn insert_source(&mut self, source: &Source, text: Option<&str>) -> Result<()> {
        let (publisher, published) = (source.publisher.as_deref(), source.published.as_deref());
        self.feed().source(&source.id, publisher, published)?;
        if text.is_some() {
            self.with_text.intern(&source.id);
        }
        Ok(())
    }
    fn insert_claim(&mut self, claim: &Claim, _: &Interval) -> Result<()> {
        if let Some(slot) = self.with_text.get(&claim.source) {
            let (id, quote) = (claim.id.as_str().into(), claim.quote.as_str().into());
            self.quotes.push((slot, id, quote));
        }
        self.feed().claim(ClaimCells {
            id: &claim.id,
            source: &claim.source,
            quote: &claim.quote,
            printed: &claim.printed,
            kind: claim.kind,
            metric: &claim.metric,
            place: &claim.place,
            period: &claim.period,
            base: claim.base.as_deref(),
            of: claim.of.as_deref(),
            attributed_to: claim.attributed_to.as_deref(),
        })
    }
    fn checkers(&self) -> usize {
        2
    }
    fn claims_done(&mut self) -> Result<()> {
        self.check_quotes();
        Ok(())
    }
    fn append_review(&mut self, review: &Review) -> Result<()> {
        self.reviews += 1;
        let seq = self.reviews;
        self.feed().side().review(ReviewRow {
            seq,
            claim: &review.claim,
            verdict: review.verdict,
            reviewer: &review.reviewer,
            at: &review.at,
            evidence: review.evidence.as_deref().unwrap_or(""),
            note: review.note.as_deref().unwrap_or(""),
            hash: &review.hash,
        });
        Ok(())
    }
    fn insert_waiver(&mut self, waiver: &Waiver) -> Result<()> {
        self.waivers.push(waiver.clone());
        Ok(())
    }
}

/// Every review of the directory's reviews.csv in recorded order, as written (an empty hash
/// stays empty): for comparing a directory's history with another's, after a check of it.
pub fn for_each_review(dir: &Path, mut each: impl FnMut(Review) -> Result<()>) -> Result<()> {
    let mut problems = super::Problems::new(dir, super::MAX_PROBLEMS);
    let Some(mut rows) = super::TableReader::open(dir, &crate::text_form::REVIEWS, &mut problems)?
    else {
        return Ok(());
    };
    while let Some(row) = rows.next(&mut problems)? {
        let Some(verdict) = super::history::verdict_cell(&row, &mut problems) else {
            continue;
        };
        each(Review {
            claim: row.cell(0).into(),
            verdict,
            reviewer: row.cell(2).into(),
            at: row.cell(3).into(),
            evidence: row.optional(4),
            note: row.optional(5),
            hash: row.cell(6).into(),
        })?;
    }
    problems.into_result(())
}
