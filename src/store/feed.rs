//! Streaming reads of whole tables: what `dump`, `export` and `check` walk through. Rows are
//! handed over one at a time so that no command holds the ledger's text in memory; `check`
//! keeps only the compact facts its ledger-wide checks need, and runs the per-row provenance
//! checks (L001, L002, L013) while streaming.

use super::read::{review_row, source_row};
use super::Reader;
use crate::checks::history::{ChainCheck, ChainVerifier, ReviewRow};
use crate::checks::model::{CheckInput, ClaimFacts, Finding, PlaceSet, SourceFacts, Verdict};
use crate::checks::names::FxHashMap;
use crate::checks::provenance;
use crate::error::{Error, Result};
use crate::interval::Interval;
use crate::period::{parse_date, Period};
use crate::reading::Kind;
use crate::records::{Review, Source};
use rusqlite::named_params;

/// The claim columns `check` reads: no note, no stored verdict (merged in from the reviews).
const FEED_COLUMNS: &str = "c.id, c.source, c.quote, c.printed, c.kind, c.metric, c.place, \
     c.period, c.base, c.\"of\", c.attributed_to, c.lower, c.upper, c.lower_open, c.upper_open";

/// What `check` reads from the store.
pub struct CheckFeed {
    pub input: CheckInput,
    /// L001 and L002 findings, found while streaming.
    pub provenance: Vec<Finding>,
    /// The review history's hash chain (L013 and the head hash).
    pub chain: ChainCheck,
    /// Ids of waived findings.
    pub waived: Vec<String>,
}

/// What `show` checks: the claims that count one of `metrics` or are shares of one, for the
/// findings of `claim`. Every finding that names a claim involves claims of its metric tree
/// only (equal keys, parts and wholes, recomputed changes and shares); the per-row checks
/// (L001, L002) name one claim each, so only `claim`'s own are run; and no verdict is read
/// (see `checks::run_for_claim`).
pub struct FeedScope<'a> {
    pub metrics: &'a [String],
    pub claim: &'a str,
}

impl Reader<'_> {
    /// Every source in id order, with its stored text.
    pub fn for_each_source(
        &self,
        mut each: impl FnMut(Source, Option<String>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT id, url, title, publisher, author, published, text_sha256, text FROM sources ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(source_row(row)?, row.get(7)?)?;
        }
        Ok(())
    }

    /// Every review in the order recorded.
    pub fn for_each_review(&self, mut each: impl FnMut(Review) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT claim, verdict, reviewer, at, evidence, note, hash FROM reviews ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(review_row(row)?)?;
        }
        Ok(())
    }

    /// Everything the checks need, with the per-row checks already run. With a `scope`, only
    /// what one claim's findings can involve (see [`FeedScope`]), and no hash-chain walk.
    ///
    /// Text columns are read in place (no `String` per cell) and names are interned as they
    /// come, so a million claims cost the store no allocation each beyond what the checks keep.
    pub fn check_feed(&self, scope: Option<&FeedScope<'_>>) -> Result<CheckFeed> {
        let metrics = scope.map(|s| s.metrics);
        let mut input = CheckInput {
            tolerance: self.tolerance()?,
            ..CheckInput::default()
        };
        for (place, parent) in self.place_parents()? {
            let (child, parent) = (input.intern(&place), input.intern(&parent));
            input.hierarchy.place_parent.insert(child, parent);
        }
        for (metric, parent) in self.metric_parents()? {
            let (child, parent) = (input.intern(&metric), input.intern(&parent));
            input.hierarchy.metric_parent.insert(child, parent);
        }
        let mut params: Vec<(String, &dyn rusqlite::ToSql)> = Vec::new();
        let mut sql = format!("SELECT {FEED_COLUMNS} FROM claims c");
        let mut sources_sql = String::new();
        if let Some(metrics) = metrics {
            for (i, m) in metrics.iter().enumerate() {
                params.push((format!(":m{i}"), m));
            }
            let names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
            let list = names.join(", ");
            // Two arms, not one OR: the claims of the metrics come from the covering index
            // `claims_by_metric` alone (no table row read, which is what made `show` slow),
            // and only the shares of them counted under other metrics are looked up. No quote
            // (not in the index): the scope's own claim's per-row checks read it apart.
            let scoped = |columns: &str| {
                format!(
                    "SELECT {columns} FROM claims c WHERE c.metric IN ({list}) UNION ALL \
                     SELECT {columns} FROM claims c WHERE c.\"of\" IN ({list}) AND c.metric NOT IN ({list})"
                )
            };
            sql = scoped(&FEED_COLUMNS.replace("c.quote", "''"));
            sources_sql = scoped("c.source");
        }
        let bound: Vec<(&str, &dyn rusqlite::ToSql)> =
            params.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        let claims_sources = metrics.map(|_| (sources_sql.as_str(), bound.as_slice()));

        let mut with_text = false;
        self.for_each_source_fact(&mut input, claims_sources, |has_text| with_text |= has_text)?;

        let mut provenance = Vec::new();
        // In storage order, not id order: a scan instead of a lookup per row. Nothing the checks
        // report depends on the order claims come in.
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(bound.as_slice())?;
        // A few hundred distinct place columns and periods serve a million claims.
        let mut place_sets: FxHashMap<Box<str>, PlaceSet> = FxHashMap::default();
        let mut periods: FxHashMap<Box<str>, Period> = FxHashMap::default();
        let mut period = |text: &str| -> Result<Period> {
            if let Some(&p) = periods.get(text) {
                return Ok(p);
            }
            let p = Period::parse(text)?;
            periods.insert(text.into(), p);
            Ok(p)
        };
        let mut source = 0;
        while let Some(row) = rows.next()? {
            let text = |i: usize| text(row, i);
            let opt = |i: usize| opt_text(row, i);
            let id = text(0)?;
            let (quote, printed) = (text(2)?, text(3)?);
            // The per-row checks name one claim each: in a scope, only its own claim's matter
            // (run below).
            if scope.is_none() {
                provenance.extend(provenance::l001(id, printed, quote));
            }
            let source_id = text(1)?;
            if input.sources.get(source).is_none_or(|s| s.id != source_id) {
                // Sources are sorted by id (read in that order).
                source = input
                    .sources
                    .binary_search_by(|s| s.id.as_str().cmp(source_id))
                    .map_err(|_| {
                        Error::invalid(format!("claim {id}: unknown source {source_id:?}"))
                    })?;
            }
            let published = input.sources[source].published;
            let mut resolve = |text: &str| -> Result<_> { Ok(period(text)?.resolve(published)) };
            let kind = text(4)?;
            let place = text(6)?;
            let places = match place_sets.get(place) {
                Some(&set) => set,
                None => {
                    let set = input.intern_places(place);
                    place_sets.insert(place.into(), set);
                    set
                }
            };
            let (lower, upper): (Option<f64>, Option<f64>) = (row.get(11)?, row.get(12)?);
            let facts = ClaimFacts {
                id: input.ids.push(id),
                source,
                kind: Kind::parse(kind)
                    .ok_or_else(|| Error::invalid(format!("claim {id}: unknown kind {kind:?}")))?,
                metric: input.intern(text(5)?),
                places,
                period: resolve(text(7)?)?,
                base: opt(8)?.map(resolve).transpose()?,
                of: opt(9)?.map(|w| input.intern(w)),
                attributed_to: opt(10)?.map(|o| input.intern(o)),
                printed: input.intern(printed),
                reading: Interval::new(
                    lower.unwrap_or(f64::NEG_INFINITY),
                    row.get(13)?,
                    upper.unwrap_or(f64::INFINITY),
                    row.get(14)?,
                ),
                // Set from the reviews below.
                verdict: None,
            };
            input.claims.push(facts);
        }
        // Growth left up to half of each table unused.
        input.claims.shrink_to_fit();
        input.names.shrink_to_fit();
        input.ids.shrink_to_fit();

        let chain = match scope {
            None => {
                if with_text {
                    self.quotes_in_texts(&mut provenance)?;
                }
                // Each claim's verdict is that of its last review in recorded order, heard from
                // the pass that verifies the hash chain.
                let mut verdicts = vec![None; input.claims.len()];
                let mut finder = ClaimFinder {
                    input: &input,
                    last: 0,
                    by_id: None,
                };
                let chain = self.chain(|claim, verdict| {
                    if let Some(i) = finder.find(claim) {
                        verdicts[i] = Verdict::parse(verdict);
                    }
                })?;
                for (c, v) in input.claims.iter_mut().zip(verdicts) {
                    c.verdict = v;
                }
                chain
            }
            Some(scope) => {
                // No verdicts: `checks::run_for_claim` asks for the few it needs.
                self.own_provenance(scope.claim, &mut provenance)?;
                ChainCheck {
                    head: self.last_review_hash()?,
                    rows: 0,
                    broken: None,
                }
            }
        };
        let waived = self.waivers()?.into_iter().map(|w| w.finding).collect();
        Ok(CheckFeed {
            input,
            provenance,
            chain,
            waived,
        })
    }

    /// The verdict of the latest review of each of `claims` that has one.
    pub fn latest_verdicts(&self, claims: &[&str]) -> Result<Vec<(String, Verdict)>> {
        let mut stmt = self.conn().prepare(
            "SELECT verdict FROM reviews WHERE claim = :claim ORDER BY seq DESC LIMIT 1",
        )?;
        let mut out = Vec::new();
        for &claim in claims {
            let mut rows = stmt.query(named_params! {":claim": claim})?;
            if let Some(verdict) = rows.next()?.map(|row| text(row, 0)).transpose()? {
                out.extend(Verdict::parse(verdict).map(|v| (claim.to_string(), v)));
            }
        }
        Ok(out)
    }

    /// L002 for every claim whose source has a stored text: one pass over the texts, each
    /// folded once, with its claims' quotes.
    fn quotes_in_texts(&self, provenance: &mut Vec<Finding>) -> Result<()> {
        let mut texts = self
            .conn()
            .prepare("SELECT id, text FROM sources WHERE text_sha256 IS NOT NULL ORDER BY id")?;
        let mut texts = texts.query([])?;
        let mut quotes = self
            .conn()
            .prepare("SELECT id, quote FROM claims WHERE source = :source ORDER BY id")?;
        while let Some(row) = texts.next()? {
            let source = text(row, 0)?;
            let folded = provenance::FoldedText::new(opt_text(row, 1)?.unwrap_or_default());
            let mut rows = quotes.query(named_params! {":source": source})?;
            while let Some(row) = rows.next()? {
                let quote = text(row, 1)?;
                provenance.extend(provenance::l002(text(row, 0)?, source, quote, &folded));
            }
        }
        Ok(())
    }

    /// L001 and L002 for one claim (L002 when its source has a stored text).
    fn own_provenance(&self, claim: &str, provenance: &mut Vec<Finding>) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT c.source, c.quote, c.printed, s.text FROM claims c \
             JOIN sources s ON s.id = c.source WHERE c.id = :claim",
        )?;
        let mut rows = stmt.query(named_params! {":claim": claim})?;
        if let Some(row) = rows.next()? {
            let (source, quote) = (text(row, 0)?, text(row, 1)?);
            provenance.extend(provenance::l001(claim, text(row, 2)?, quote));
            if let Some(t) = opt_text(row, 3)? {
                let folded = provenance::FoldedText::new(t);
                provenance.extend(provenance::l002(claim, source, quote, &folded));
            }
        }
        Ok(())
    }

    /// Verify the review history's hash chain, streaming it row by row; `each` hears every
    /// row's claim and verdict, in recorded order.
    pub fn chain(&self, mut each: impl FnMut(&str, &str)) -> Result<ChainCheck> {
        let mut stmt = self.conn().prepare(
            "SELECT seq, claim, verdict, reviewer, at, coalesce(evidence, ''), coalesce(note, ''), hash \
             FROM reviews ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut verifier = ChainVerifier::default();
        while let Some(row) = rows.next()? {
            let text = |i: usize| text(row, i);
            each(text(1)?, text(2)?);
            verifier.push(ReviewRow {
                seq: row.get(0)?,
                claim: text(1)?,
                verdict: text(2)?,
                reviewer: text(3)?,
                at: text(4)?,
                evidence: text(5)?,
                note: text(6)?,
                hash: text(7)?,
            });
        }
        Ok(verifier.finish())
    }

    /// Sources in id order into `input`, their publishers interned; `has_text` hears whether
    /// each has a stored text.
    /// With `claims_sources` (a query of source ids and its bound parameters), only those.
    fn for_each_source_fact(
        &self,
        input: &mut CheckInput,
        claims_sources: Option<(&str, NamedParams<'_>)>,
        mut has_text: impl FnMut(bool),
    ) -> Result<()> {
        let mut sql =
            "SELECT id, publisher, published, text_sha256 IS NOT NULL FROM sources".to_string();
        let mut bound: NamedParams<'_> = &[];
        if let Some((sources, params)) = claims_sources {
            sql.push_str(&format!(" WHERE id IN ({sources})"));
            bound = params;
        }
        sql.push_str(" ORDER BY id");
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(bound)?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let published: Option<String> = row.get(2)?;
            let published = match published {
                Some(p) => Some(parse_date(&p).map_err(|why| Error::BadPeriod { value: p, why })?),
                None => None,
            };
            let publisher = opt_text(row, 1)?.map(|p| input.intern(p));
            input.sources.push(SourceFacts {
                id,
                publisher,
                published,
            });
            has_text(row.get(3)?);
        }
        Ok(())
    }
}

/// Column `i` as text, read in place.
fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(i).and_then(|v| v.as_str().map_err(Into::into))
}

/// Column `i` as text or NULL, read in place.
fn opt_text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    row.get_ref(i)
        .and_then(|v| v.as_str_or_null().map_err(Into::into))
}

/// Finds claims by id for the reviews. Reviews mostly come in the claims' own order (claims
/// are reviewed as they are added), so the claim found last, or the one after it, is tried
/// first: a million lookups then cost a string comparison each, not a hash table probe. An
/// index is built on the first miss.
struct ClaimFinder<'i> {
    input: &'i CheckInput,
    last: usize,
    by_id: Option<FxHashMap<&'i str, u32>>,
}

impl ClaimFinder<'_> {
    fn find(&mut self, id: &str) -> Option<usize> {
        let claims = &self.input.claims;
        for i in [self.last, self.last + 1] {
            if claims.get(i).is_some_and(|c| self.input.id_of(c) == id) {
                self.last = i;
                return Some(i);
            }
        }
        let input = self.input;
        let by_id = self.by_id.get_or_insert_with(|| {
            (0..claims.len())
                .map(|i| (input.id_of(&claims[i]), i as u32))
                .collect()
        });
        let i = *by_id.get(id)? as usize;
        self.last = i;
        Some(i)
    }
}

/// Named parameters bound to a statement.
type NamedParams<'a> = &'a [(&'a str, &'a dyn rusqlite::ToSql)];
