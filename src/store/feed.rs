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

    /// Everything the checks need, with the per-row checks already run. With `metrics`, only
    /// the claims that count one of those metrics or are shares of one (what `show` needs for
    /// one claim's findings), and no hash-chain walk.
    ///
    /// Text columns are read in place (no `String` per cell) and names are interned as they
    /// come, so a million claims cost the store no allocation each beyond what the checks keep.
    pub fn check_feed(&self, metrics: Option<&[String]>) -> Result<CheckFeed> {
        let mut input = CheckInput {
            tolerance: self.tolerance()?,
            ..CheckInput::default()
        };
        for p in self.places()? {
            if let Some(parent) = p.parent {
                let (child, parent) = (input.intern(&p.id), input.intern(&parent));
                input.hierarchy.place_parent.insert(child, parent);
            }
        }
        for m in self.metrics()? {
            if let Some(parent) = m.parent {
                let (child, parent) = (input.intern(&m.id), input.intern(&parent));
                input.hierarchy.metric_parent.insert(child, parent);
            }
        }
        let mut params: Vec<(String, &dyn rusqlite::ToSql)> = Vec::new();
        let mut condition = String::new();
        if let Some(metrics) = metrics {
            for (i, m) in metrics.iter().enumerate() {
                params.push((format!(":m{i}"), m));
            }
            let names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
            let list = names.join(", ");
            condition = format!("c.metric IN ({list}) OR c.\"of\" IN ({list})");
        }
        let bound: Vec<(&str, &dyn rusqlite::ToSql)> =
            params.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        let scope = metrics.map(|_| (condition.as_str(), bound.as_slice()));

        let mut with_text = false;
        self.for_each_source_fact(&mut input, scope, |has_text| with_text |= has_text)?;

        let mut provenance = Vec::new();
        let mut sql = format!("SELECT {FEED_COLUMNS} FROM claims c");
        if scope.is_some() {
            sql.push_str(&format!(" WHERE {condition}"));
        }
        // In storage order, not id order: a scan instead of a lookup per row. Nothing the checks
        // report depends on the order claims come in.
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(bound.as_slice())?;
        let mut in_scope = std::collections::HashSet::new();
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
            provenance.extend(provenance::l001(id, printed, quote));
            if metrics.is_some() {
                in_scope.insert(id.to_string());
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

        if with_text {
            match metrics {
                None => self.quotes_in_texts(None, &mut provenance)?,
                Some(_) => self.scoped_quotes_in_texts(&input, &in_scope, &mut provenance)?,
            }
        }

        // Each claim's verdict is that of its last review in recorded order: read from the
        // pass that verifies the hash chain, or (for `show`) a light pass of its own.
        let mut verdicts = vec![None; input.claims.len()];
        let mut finder = ClaimFinder {
            input: &input,
            last: 0,
            by_id: None,
        };
        let mut verdict = |claim: &str, verdict: &str| {
            if let Some(i) = finder.find(claim) {
                verdicts[i] = Verdict::parse(verdict);
            }
        };
        let chain = match metrics {
            None => self.chain(verdict)?,
            Some(_) => {
                // Only the claims in scope: one index lookup each, not a pass over the history.
                let mut stmt = self.conn().prepare(
                    "SELECT verdict FROM reviews WHERE claim = :claim ORDER BY seq DESC LIMIT 1",
                )?;
                for id in &in_scope {
                    let mut rows = stmt.query(named_params! {":claim": id})?;
                    if let Some(row) = rows.next()? {
                        verdict(id, text(row, 0)?);
                    }
                }
                ChainCheck {
                    head: self.last_review_hash()?,
                    rows: 0,
                    broken: None,
                }
            }
        };
        for (c, v) in input.claims.iter_mut().zip(verdicts) {
            c.verdict = v;
        }
        let waived = self.waivers()?.into_iter().map(|w| w.finding).collect();
        Ok(CheckFeed {
            input,
            provenance,
            chain,
            waived,
        })
    }

    /// L002 for every claim (of `in_scope`, when given) whose source has a stored text: one
    /// pass over the texts, each folded once, with its claims' quotes.
    fn quotes_in_texts(
        &self,
        in_scope: Option<&std::collections::HashSet<String>>,
        provenance: &mut Vec<Finding>,
    ) -> Result<()> {
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
                let id = text(row, 0)?;
                if in_scope.is_some_and(|s| !s.contains(id)) {
                    continue;
                }
                let quote = text(row, 1)?;
                provenance.extend(provenance::l002(id, source, quote, &folded));
            }
        }
        Ok(())
    }

    /// L002 for the claims of `in_scope` only (what `show` needs): the texts of their sources
    /// alone are read, each folded once.
    fn scoped_quotes_in_texts(
        &self,
        input: &CheckInput,
        in_scope: &std::collections::HashSet<String>,
        provenance: &mut Vec<Finding>,
    ) -> Result<()> {
        let sources: std::collections::BTreeSet<usize> =
            input.claims.iter().map(|c| c.source).collect();
        let mut texts = self
            .conn()
            .prepare("SELECT text FROM sources WHERE id = :id AND text_sha256 IS NOT NULL")?;
        let mut quotes = self
            .conn()
            .prepare("SELECT id, quote FROM claims WHERE source = :source ORDER BY id")?;
        for source in sources {
            let source = input.sources[source].id.as_str();
            let mut rows = texts.query(named_params! {":id": source})?;
            let Some(row) = rows.next()? else { continue };
            let folded = provenance::FoldedText::new(opt_text(row, 0)?.unwrap_or_default());
            let mut rows = quotes.query(named_params! {":source": source})?;
            while let Some(row) = rows.next()? {
                let id = text(row, 0)?;
                if in_scope.contains(id) {
                    provenance.extend(provenance::l002(id, source, text(row, 1)?, &folded));
                }
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
    /// With `claims_where` (a condition on claims `c` and its bound parameters), only the
    /// sources those claims cite.
    fn for_each_source_fact(
        &self,
        input: &mut CheckInput,
        claims_where: Option<(&str, NamedParams<'_>)>,
        mut has_text: impl FnMut(bool),
    ) -> Result<()> {
        let mut sql =
            "SELECT id, publisher, published, text_sha256 IS NOT NULL FROM sources".to_string();
        let mut bound: NamedParams<'_> = &[];
        if let Some((condition, params)) = claims_where {
            sql.push_str(&format!(
                " WHERE id IN (SELECT c.source FROM claims c WHERE {condition})"
            ));
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
