//! What `show` reads for one claim's findings: the scope (its metric tree), the sources its
//! claims cite (gathered while the claims stream, read after them), the claim's own per-row
//! checks, and the few verdicts the findings need. Everything here exists so that `show` on a
//! ledger of millions reads thousands of rows, not millions.

use super::claim_rows::{ClaimStream, FEED_COLUMNS};
use super::feed::{opt_text, source_fact, text, unknown_source};
use super::Reader;
use crate::checks::model::{CheckInput, Finding, Verdict};
use crate::checks::names::FxHashMap;
use crate::checks::neighbourhood::Neighbourhood;
use crate::checks::provenance;
use crate::error::Result;
use crate::period::Period;
use rusqlite::named_params;

/// What `show` checks for the findings of `claim`: the claims of its metric tree (`metrics`)
/// near it (`near`; see [`Neighbourhood`] for why that is enough). The per-row checks (L001,
/// L002) name one claim each, so only `claim`'s own are run; and no verdict is read (see
/// `checks::run_for_claim`).
pub struct FeedScope<'a> {
    pub metrics: &'a [String],
    pub claim: &'a str,
    pub near: &'a Neighbourhood,
}

/// The sources a scope's claims cite, in the order first seen: each claim holds a provisional
/// source index into `ids`, and its periods unresolved (an open period ends at its source's
/// publication, not yet read). [`Reader::settle_sources`] reads them and fixes both.
#[derive(Default)]
pub(super) struct PendingSources {
    slots: FxHashMap<Box<str>, usize>,
    ids: Vec<Box<str>>,
    /// Each claim's (period, base), in claim order.
    pub periods: Vec<(Period, Option<Period>)>,
}

impl PendingSources {
    /// The provisional index of source `id`.
    pub fn slot(&mut self, id: &str) -> usize {
        if let Some(&i) = self.slots.get(id) {
            return i;
        }
        let i = self.ids.len();
        self.slots.insert(id.into(), i);
        self.ids.push(id.into());
        i
    }
}

impl Reader<'_> {
    /// The claims of `scope` into `stream`.
    pub(super) fn scoped_claims(
        &self,
        scope: &FeedScope<'_>,
        stream: &mut ClaimStream,
    ) -> Result<()> {
        self.claims_near(scope.metrics, scope.near, stream)
    }

    /// The claims of `metrics` (and the shares of them) near a claim, as `Neighbourhood` says.
    fn claims_near(
        &self,
        metrics: &[String],
        near: &Neighbourhood,
        stream: &mut ClaimStream,
    ) -> Result<()> {
        let mut params: Vec<(String, Box<dyn rusqlite::ToSql>)> = Vec::new();
        let mut list = |prefix: &str, values: &mut dyn Iterator<Item = String>| {
            let mut names = Vec::new();
            for v in values {
                let name = format!(":{prefix}{}", params.len());
                params.push((name.clone(), Box::new(v)));
                names.push(name);
            }
            names
        };
        let tree = list("m", &mut metrics.iter().cloned()).join(", ");
        // Union places are stored as their ids joined by '+'.
        // Union places are stored as their ids joined by '+'.
        let places = near.places.iter().map(|p| format!("+{p}+"));
        let on_place = list("p", &mut places.into_iter())
            .iter()
            .map(|p| format!("instr('+' || c.place || '+', {p}) > 0"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let metric = list("cm", &mut std::iter::once(near.metric.clone())).remove(0);
        let counted = list("cw", &mut near.whole.iter().cloned());
        let counted = std::iter::once(metric.clone())
            .chain(counted)
            .collect::<Vec<_>>();
        let wholes = list("w", &mut near.places.iter().cloned()).join(", ");
        let source = list("s", &mut std::iter::once(near.source.clone())).remove(0);
        let mut near_it = vec![
            format!(
                "(({on_place}) AND (c.metric IN ({}) OR c.\"of\" = {metric}))",
                counted.join(", ")
            ),
            format!("(c.metric = {metric} AND c.\"of\" IN ({wholes}))"),
            format!("c.source = {source}"),
        ];
        if let Some(org) = &near.own_org {
            let org = list("o", &mut std::iter::once(org.clone())).remove(0);
            near_it.push(format!("c.attributed_to = {org}"));
        }
        let near_it = near_it.join(" OR ");
        // Two arms, not one OR: the claims of the tree come from the covering index
        // `claims_by_metric` alone (no table row read), and only the shares of the tree's
        // metrics counted under other metrics are looked up. No quote (not in the index): the
        // claim's own per-row checks read it apart.
        let columns = FEED_COLUMNS.replace("c.quote", "''");
        let sql = format!(
            "SELECT {columns} FROM claims c WHERE c.metric IN ({tree}) AND ({near_it}) UNION ALL \
             SELECT {columns} FROM claims c WHERE c.\"of\" IN ({tree}) AND c.metric NOT IN ({tree}) \
             AND ({near_it})"
        );
        let bound: Vec<(&str, &dyn rusqlite::ToSql)> = params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_ref()))
            .collect();
        let mut stmt = self.conn().prepare(&sql)?;
        stream.push_all(stmt.query(bound.as_slice())?)?;
        Ok(())
    }

    /// Read the pending sources into `input` in id order (as the whole-ledger feed holds them,
    /// so that nothing the checks say depends on which feed ran), then point each claim at its
    /// source and resolve its periods against the publication date.
    pub(super) fn settle_sources(
        &self,
        input: &mut CheckInput,
        pending: PendingSources,
    ) -> Result<()> {
        let mut order: Vec<usize> = (0..pending.ids.len()).collect();
        order.sort_unstable_by(|&a, &b| pending.ids[a].cmp(&pending.ids[b]));
        // Left alone, the planner reads each source's row, text and all, through the primary
        // key; `sources_facts` (V2) holds every column read here.
        let mut stmt = self.conn().prepare(
            "SELECT id, publisher, published FROM sources INDEXED BY sources_facts WHERE id = :id",
        )?;
        let mut final_index = vec![usize::MAX; pending.ids.len()];
        for &provisional in &order {
            let id: &str = &pending.ids[provisional];
            let mut rows = stmt.query(named_params! {":id": id})?;
            if let Some(row) = rows.next()? {
                final_index[provisional] = input.sources.len();
                let facts = source_fact(row, input)?;
                input.sources.push(facts);
            }
        }
        for (c, (period, base)) in input.claims.iter_mut().zip(pending.periods) {
            let source = final_index[c.source];
            if source == usize::MAX {
                let claim = input.ids.str(c.id);
                return Err(unknown_source(claim, &pending.ids[c.source]));
            }
            let published = input.sources[source].published;
            c.source = source;
            c.period = period.resolve(published);
            c.base = base.map(|b| b.resolve(published));
        }
        Ok(())
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

    /// L001 and L002 for one claim (L002 when its source has a stored text).
    pub(super) fn own_provenance(&self, claim: &str, provenance: &mut Vec<Finding>) -> Result<()> {
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
}
