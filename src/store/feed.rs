//! Streaming reads of whole tables: what `dump`, `export` and `check` walk through. Rows are
//! handed over one at a time so that no command holds the ledger's text in memory; `check`'s
//! rows go to the check engine (`checks::ledger::LedgerFeed`), which keeps only the compact
//! facts its ledger-wide checks need. The store reads; it builds no facts and no findings.

use super::claim_rows::{claim_cells, FEED_COLUMNS};
use super::feed_rows::{self, opt_text, text};
use super::feed_scope::FeedScope;
use super::record_rows::{review_row, source_row, REVIEW_COLUMNS, SOURCE_COLUMNS};
use super::Reader;
use crate::checks::feed::{ClaimStream, PendingSources};
use crate::checks::history::ReviewRow;
use crate::checks::ledger::{CheckFeed, ClaimsRead, LedgerFeed};
use crate::checks::model::CheckInput;
use crate::checks::side::SideReads;
use crate::error::Result;
use crate::records::{Review, Source, Waiver};
use rusqlite::Connection;
use std::collections::HashMap;

/// What `show` reads from the store for one claim's findings.
pub struct ScopeFeed {
    pub input: CheckInput,
    /// The text of the claim's source, when stored (for its L002).
    pub source_text: Option<String>,
    pub waivers: Vec<Waiver>,
}

impl Reader<'_> {
    /// Every source in id order, with its stored text.
    pub fn for_each_source(
        &self,
        mut each: impl FnMut(Source, Option<String>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {SOURCE_COLUMNS}, text FROM sources ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(source_row(row)?, row.get(7)?)?;
        }
        Ok(())
    }

    /// Every review in the order recorded.
    pub fn for_each_review(&self, mut each: impl FnMut(Review) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews r ORDER BY r.seq"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(review_row(row)?)?;
        }
        Ok(())
    }

    /// The whole ledger through the check engine. With a twin connection (a paired
    /// snapshot's), the stored texts and the review history are read over it on a second
    /// thread while this connection reads the claims, and `on_claims` is given the claims as
    /// soon as they are read, while the second thread may still be reading (`check` runs the
    /// checks of the claims there: `ClaimsRead::check_claims`).
    pub fn check_feed(&self, on_claims: impl FnOnce(&mut ClaimsRead)) -> Result<CheckFeed> {
        self.with_twin(|twin| match twin {
            Some(twin) => self.check_feed_with(twin, on_claims),
            None => {
                let mut feed = self.claims_feed()?;
                self.side_reads(feed.side())?;
                let mut claims = feed.claims_read();
                on_claims(&mut claims);
                Ok(claims.finish(self.waivers()?))
            }
        })
    }

    /// [`Reader::check_feed`] over two connections; `twin` is in a read transaction on the
    /// very snapshot this one reads (see `Store::paired_snapshot`).
    fn check_feed_with(
        &self,
        twin: &mut Connection,
        on_claims: impl FnOnce(&mut ClaimsRead),
    ) -> Result<CheckFeed> {
        std::thread::scope(|scope| {
            let apart = std::thread::Builder::new()
                .name("check-history".into())
                .spawn_scoped(scope, move || {
                    let mut side = SideReads::default();
                    Reader::new(twin).side_reads(&mut side).map(|()| side)
                })?;
            let claims = self.claims_feed().map(|feed| {
                let mut claims = feed.claims_read();
                on_claims(&mut claims);
                claims
            });
            let side = apart
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            Ok(claims?.finish_with(side, self.waivers()?))
        })
    }

    /// The vocabulary's trees, the sources and the claims (in storage order, not id order: a
    /// scan instead of a lookup per row; nothing the checks report depends on the order
    /// claims come in). Text columns are read in place (no `String` per cell).
    fn claims_feed(&self) -> Result<LedgerFeed> {
        let mut feed = LedgerFeed::new(self.tolerance()?);
        // A hint, so that the claims' facts grow once instead of doubling (and copying)
        // twenty times.
        feed.expect_claims(usize::try_from(self.last_claim_rowid()?).unwrap_or(0));
        for (place, parent) in self.place_parents()? {
            feed.place_parent(&place, &parent);
        }
        for (metric, parent) in self.metric_parents()? {
            feed.metric_parent(&metric, &parent);
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT id, publisher, published FROM sources ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            feed.source(text(row, 0)?, opt_text(row, 1)?, opt_text(row, 2)?)?;
        }
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT {FEED_COLUMNS} FROM claims c"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            feed.claim(claim_cells(row)?)?;
        }
        Ok(feed)
    }

    /// The stored texts with their claims' quotes (L002), then the reviews.
    fn side_reads(&self, side: &mut SideReads) -> Result<()> {
        self.quotes_in_texts(side)?;
        self.for_each_review_row(|row| side.review(row))?;
        side.reviews_read();
        Ok(())
    }

    /// What one claim's findings can involve (see [`FeedScope`]): no hash-chain walk, and no
    /// verdicts (`checks::run_for_claim` asks for the few it needs).
    pub fn scope_feed(&self, scope: &FeedScope<'_>) -> Result<ScopeFeed> {
        // Only the sources the scope's claims cite, read after them.
        let input = CheckInput {
            tolerance: self.tolerance()?,
            ..self.hierarchy_input(scope.metric_parents)?
        };
        let mut stream = ClaimStream::new(input, Some(PendingSources::default()));
        self.scoped_claims(scope, &mut stream)?;
        let pending = stream.take_pending().unwrap_or_default();
        let mut input = stream.input;
        self.settle_sources(&mut input, pending)?;
        Ok(ScopeFeed {
            input,
            source_text: self.source_text(&scope.claim.source)?,
            waivers: self.waivers()?,
        })
    }

    /// The place and metric trees (the metrics' `(id, parent)` pairs as the caller read them),
    /// as a scope's input starts from.
    fn hierarchy_input(&self, metric_parents: &[(String, String)]) -> Result<CheckInput> {
        let mut input = CheckInput::default();
        for (place, parent) in self.place_parents()? {
            input.set_place_parent(&place, &parent);
        }
        for (metric, parent) in metric_parents {
            input.set_metric_parent(metric, parent);
        }
        Ok(input)
    }

    /// Every stored text with the quotes of its source's claims. The quotes come from one scan
    /// of the claims in storage order, kept only for the sources that store a text, and grouped
    /// by source in memory: a search of `claims_by_source` per text (then a lookup of each
    /// claim's row for its quote) cost about three times the scan.
    fn quotes_in_texts(&self, side: &mut SideReads) -> Result<()> {
        // Each source with a text, numbered; looked up for every claim of the ledger, so hashed
        // with foldhash (the ids are the ledger's own), as the reading cache is.
        let mut with_text: HashMap<String, usize, foldhash::fast::FixedState> = HashMap::default();
        let mut stmt = self
            .conn()
            .prepare("SELECT id FROM sources WHERE text_sha256 IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let n = with_text.len();
            with_text.insert(text(row, 0)?.to_owned(), n);
        }
        let mut quoted = QuotedClaims::default();
        if !with_text.is_empty() {
            let mut stmt = self
                .conn()
                .prepare("SELECT source, id, quote FROM claims")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                if let Some(&source) = with_text.get(text(row, 0)?) {
                    quoted.push(source, text(row, 1)?, text(row, 2)?);
                }
            }
        }
        let groups = quoted.by_source();
        let mut texts = self
            .conn()
            .prepare("SELECT id, text FROM sources WHERE text_sha256 IS NOT NULL ORDER BY id")?;
        let mut texts = texts.query([])?;
        while let Some(row) = texts.next()? {
            let source = text(row, 0)?;
            let stored = opt_text(row, 1)?.unwrap_or_default();
            let group = (with_text.get(source))
                .and_then(|&n| groups.get(n))
                .map_or(&[][..], Vec::as_slice);
            side.text(source, stored, group.iter().map(|&q| quoted.pair(q)));
        }
        Ok(())
    }

    /// Every review in recorded order, as the hash chain reads it, its columns in place.
    /// A verdict the schema does not allow is refused, naming the review (see `feed_rows`).
    pub fn for_each_review_row(&self, mut each: impl FnMut(ReviewRow<'_>)) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT seq, claim, verdict, reviewer, at, coalesce(evidence, ''), coalesce(note, ''), hash \
             FROM reviews ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let text = |i: usize| text(row, i);
            let claim = text(1)?;
            each(ReviewRow {
                seq: row.get(0)?,
                claim,
                verdict: feed_rows::verdict(row, 2, claim)?,
                reviewer: text(3)?,
                at: text(4)?,
                evidence: text(5)?,
                note: text(6)?,
                hash: text(7)?,
            });
        }
        Ok(())
    }
}

/// The claims quoting a source with a stored text: `(claim id, quote)` pairs in one buffer,
/// each with the number of its source (see `quotes_in_texts`).
#[derive(Default)]
struct QuotedClaims {
    words: String,
    claims: Vec<QuotedClaim>,
}

#[derive(Clone, Copy)]
struct QuotedClaim {
    source: usize,
    id: (usize, usize),
    quote: (usize, usize),
}

impl QuotedClaims {
    fn push(&mut self, source: usize, id: &str, quote: &str) {
        let mut add = |s: &str| {
            let start = self.words.len();
            self.words.push_str(s);
            (start, self.words.len())
        };
        let id = add(id);
        let quote = add(quote);
        self.claims.push(QuotedClaim { source, id, quote });
    }

    fn slice(&self, (start, end): (usize, usize)) -> &str {
        &self.words[start..end]
    }

    fn pair(&self, q: QuotedClaim) -> (&str, &str) {
        (self.slice(q.id), self.slice(q.quote))
    }

    /// The claims of each text's source, in claim id order (as a search by source returned
    /// them), indexed by the number of their source.
    fn by_source(&self) -> Vec<Vec<QuotedClaim>> {
        let mut groups: Vec<Vec<QuotedClaim>> = Vec::new();
        for &q in &self.claims {
            let at = q.source;
            if groups.len() <= at {
                groups.resize_with(at + 1, Vec::new);
            }
            groups[at].push(q);
        }
        for group in &mut groups {
            group.sort_unstable_by(|a, b| self.slice(a.id).cmp(self.slice(b.id)));
        }
        groups
    }
}
