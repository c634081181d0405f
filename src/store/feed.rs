//! Streaming reads of whole tables: what `dump`, `export` and `check` walk through. Rows are
//! handed over one at a time so that no command holds the ledger's text in memory; `check`
//! keeps only the compact facts its ledger-wide checks need, and runs the per-row provenance
//! checks (L001, L002, L013) while streaming.

use super::read::{claim_row, review_row, source_row, CLAIM_COLUMNS_NO_VERDICT};
use super::Reader;
use crate::checks::history::{ChainCheck, ChainVerifier, ReviewRow};
use crate::checks::model::{CheckInput, ClaimFacts, Finding, Hierarchy, SourceFacts, Verdict};
use crate::checks::provenance;
use crate::error::{Error, Result};
use crate::period::{parse_date, Period};
use crate::reading::Kind;
use crate::records::{Review, Source};
use rusqlite::named_params;
use std::collections::HashMap;

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
    pub fn check_feed(&self, metrics: Option<&[String]>) -> Result<CheckFeed> {
        let mut input = CheckInput {
            tolerance: self.tolerance()?,
            hierarchy: Hierarchy {
                place_parent: parents(self.places()?.into_iter().map(|p| (p.id, p.parent))),
                metric_parent: parents(self.metrics()?.into_iter().map(|m| (m.id, m.parent))),
            },
            ..CheckInput::default()
        };
        let mut source_index = HashMap::new();
        let mut with_text = Vec::new();
        self.for_each_source_fact(|fact, has_text| {
            source_index.insert(fact.id.clone(), input.sources.len());
            if has_text {
                with_text.push(fact.id.clone());
            }
            input.sources.push(fact);
        })?;

        let mut provenance = Vec::new();
        let mut sql = format!("SELECT {CLAIM_COLUMNS_NO_VERDICT} FROM claims c");
        let mut params: Vec<(String, &dyn rusqlite::ToSql)> = Vec::new();
        if let Some(metrics) = metrics {
            for (i, m) in metrics.iter().enumerate() {
                params.push((format!(":m{i}"), m));
            }
            let names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
            let list = names.join(", ");
            sql.push_str(&format!(
                " WHERE c.metric IN ({list}) OR c.\"of\" IN ({list})"
            ));
        }
        sql.push_str(" ORDER BY c.id");
        let mut stmt = self.conn().prepare(&sql)?;
        let bound: Vec<(&str, &dyn rusqlite::ToSql)> =
            params.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        let mut rows = stmt.query(bound.as_slice())?;
        let mut in_scope = std::collections::HashSet::new();
        // Reviews in claim order, merged with the claims (also in id order): the last review
        // of a claim is its verdict.
        let mut reviews = self
            .conn()
            .prepare("SELECT claim, verdict FROM reviews ORDER BY claim, seq")?;
        let mut reviews = reviews.query([])?;
        let mut pending: Option<(String, String)> = None;
        while let Some(row) = rows.next()? {
            let mut row = claim_row(row)?;
            row.verdict = latest_verdict(&row.claim.id, &mut reviews, &mut pending)?;
            let c = row.claim;
            provenance.extend(provenance::l001(&c.id, &c.printed, &c.quote));
            if metrics.is_some() {
                in_scope.insert(c.id.clone());
            }
            let source = source_index[&c.source];
            let published = input.sources[source].published;
            let resolve = |text: &str| -> Result<_> { Ok(Period::parse(text)?.resolve(published)) };
            let mut places: Vec<String> = c.place.split('+').map(str::to_string).collect();
            places.sort();
            places.dedup();
            input.claims.push(ClaimFacts {
                source,
                kind: Kind::parse(&c.kind).ok_or_else(|| {
                    Error::invalid(format!("claim {}: unknown kind {:?}", c.id, c.kind))
                })?,
                period: resolve(&c.period)?,
                base: c.base.as_deref().map(resolve).transpose()?,
                places,
                metric: c.metric,
                of: c.of,
                attributed_to: c.attributed_to,
                printed: c.printed,
                reading: row.interval,
                verdict: row.verdict.as_deref().and_then(Verdict::parse),
                id: c.id,
            });
        }

        for source in with_text {
            let text = provenance::fold(&self.source_text(&source)?.unwrap_or_default());
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, quote FROM claims WHERE source = :source ORDER BY id",
            )?;
            let mut rows = stmt.query(named_params! {":source": source})?;
            while let Some(row) = rows.next()? {
                let (id, quote): (String, String) = (row.get(0)?, row.get(1)?);
                if metrics.is_some() && !in_scope.contains(&id) {
                    continue;
                }
                provenance.extend(provenance::l002(&id, &source, &quote, &text));
            }
        }

        let chain = match metrics {
            None => self.chain()?,
            Some(_) => ChainCheck {
                head: self.last_review_hash()?,
                rows: 0,
                broken: None,
            },
        };
        let waived = self.waivers()?.into_iter().map(|w| w.finding).collect();
        Ok(CheckFeed {
            input,
            provenance,
            chain,
            waived,
        })
    }

    /// Verify the review history's hash chain, streaming it row by row.
    pub fn chain(&self) -> Result<ChainCheck> {
        let mut stmt = self.conn().prepare(
            "SELECT seq, claim, verdict, reviewer, at, coalesce(evidence, ''), coalesce(note, ''), hash \
             FROM reviews ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut verifier = ChainVerifier::default();
        while let Some(row) = rows.next()? {
            let text = |i: usize| row.get_ref(i).and_then(|v| v.as_str().map_err(Into::into));
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

    fn for_each_source_fact(&self, mut each: impl FnMut(SourceFacts, bool)) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT id, publisher, published, text_sha256 IS NOT NULL FROM sources ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let published: Option<String> = row.get(2)?;
            let published = match published {
                Some(p) => Some(parse_date(&p).map_err(|why| Error::BadPeriod { value: p, why })?),
                None => None,
            };
            each(
                SourceFacts {
                    id,
                    publisher: row.get(1)?,
                    published,
                },
                row.get(3)?,
            );
        }
        Ok(())
    }
}

/// Advance `reviews` (ordered by claim, then seq) past `claim`, returning its last verdict.
/// `pending` holds the first row read beyond the previous claim.
fn latest_verdict(
    claim: &str,
    reviews: &mut rusqlite::Rows<'_>,
    pending: &mut Option<(String, String)>,
) -> Result<Option<String>> {
    let mut verdict = None;
    loop {
        if pending.is_none() {
            match reviews.next()? {
                Some(r) => *pending = Some((r.get(0)?, r.get(1)?)),
                None => return Ok(verdict),
            }
        }
        let (c, v) = pending.as_ref().expect("filled above");
        match c.as_str().cmp(claim) {
            std::cmp::Ordering::Less => {}
            std::cmp::Ordering::Equal => verdict = Some(v.clone()),
            std::cmp::Ordering::Greater => return Ok(verdict),
        }
        *pending = None;
    }
}

fn parents(rows: impl Iterator<Item = (String, Option<String>)>) -> HashMap<String, String> {
    rows.filter_map(|(id, parent)| parent.map(|p| (id, p)))
        .collect()
}
