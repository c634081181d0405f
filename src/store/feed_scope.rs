//! What `show` reads for one claim's findings: the scope (its metric tree), the sources its
//! claims cite (gathered while the claims stream, read after them), the claim's own per-row
//! checks, and the few verdicts the findings need. Everything here exists so that `show` on a
//! ledger of millions reads thousands of rows, not millions.

use super::claim_rows::{claim_cells, SCOPED_COLUMNS};
use super::feed_rows::{opt_text, text};
use super::{Params, Reader};
use crate::checks::feed::{source_facts, ClaimStream, PendingSources};
use crate::checks::model::{CheckInput, Verdict};
use crate::checks::neighbourhood::Neighbourhood;
use crate::error::Result;
use crate::records::Claim;
use rusqlite::named_params;

/// What `show` checks for the findings of `claim`: the claims of its metric tree (`metrics`)
/// near it (`near`; see [`Neighbourhood`] for why that is enough). The per-row checks (L001,
/// L002) name one claim each, so only `claim`'s own are run; and no verdict is read (see
/// `checks::run_for_claim`).
pub struct FeedScope<'a> {
    pub metrics: &'a [String],
    /// `(id, parent)` of every metric with a parent, as `metrics` was found from.
    pub metric_parents: &'a [(String, String)],
    pub claim: &'a Claim,
    pub near: &'a Neighbourhood,
}

impl Reader<'_> {
    /// The claims of `scope` into `stream`: those near the claim by key, place and whole,
    /// then those of its groups (its source, its org) over the tree and the wholes of the
    /// shares found first (a share of the claim's metric may take a metric of another tree as
    /// its whole, and draw that count from the claim's group).
    pub(super) fn scoped_claims(
        &self,
        scope: &FeedScope<'_>,
        stream: &mut ClaimStream,
    ) -> Result<()> {
        let (arms, params) = near_arms(scope.near);
        self.claims_where(&arms, params, stream)?;
        let found = &stream.input;
        let share_wholes = found
            .claims
            .iter()
            .filter_map(|c| c.of)
            .map(|w| found.name(w).to_string());
        let mut tree: Vec<String> = scope.metrics.iter().cloned().chain(share_wholes).collect();
        tree.sort_unstable();
        tree.dedup();
        let mut p = Params::default();
        let tree = p.list(tree);
        // A source cites a handful of claims: SQLite's planner takes `claims_by_source` for
        // the equality on its one column (EXPLAIN QUERY PLAN, also for trees of dozens of
        // metrics) and reads their rows one by one. The org's arm seeks (metric,
        // attributed_to) in the covering `claims_by_metric` (V4).
        let mut arms = vec![format!(
            "c.source = {} AND c.metric IN ({tree})",
            p.list([scope.near.source.clone()])
        )];
        if let Some(org) = &scope.near.own_org {
            let org = p.list([org.clone()]);
            arms.push(format!("c.attributed_to = {org} AND c.metric IN ({tree})"));
        }
        self.claims_where(&arms, p, stream)
    }

    /// The claims each of `arms` selects (conditions on `c`, with `params`) into `stream`,
    /// which keeps a claim met twice once. No quote (not in the covering index): the claim's
    /// own per-row checks read it apart.
    fn claims_where(
        &self,
        arms: &[String],
        params: Params,
        stream: &mut ClaimStream,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare(&union_of(arms))?;
        let mut rows = stmt.query(params.bound().as_slice())?;
        while let Some(row) = rows.next()? {
            stream.push(claim_cells(row)?)?;
        }
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
        let mut found = vec![None; pending.ids.len()];
        for &provisional in &order {
            let id: &str = &pending.ids[provisional];
            let mut rows = stmt.query(named_params! {":id": id})?;
            if let Some(row) = rows.next()? {
                found[provisional] = Some(input.sources.len());
                let facts =
                    source_facts(input, text(row, 0)?, opt_text(row, 1)?, opt_text(row, 2)?)?;
                input.sources.push(facts);
            }
        }
        pending.settle(input, &found)
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
}

/// The arms of a claim's neighbourhood found by key, place and whole, with their parameters.
/// One arm per condition, each down one index to the few claims it wants (an OR of them all
/// would walk the whole tree): the claim's metrics on its places and the shares of its metric
/// there, shares of its metric with its wholes. Each is index-only, from the covering
/// `claims_by_metric` or `claims_by_of` (V5): no table row is read (a test holds the plans).
fn near_arms(near: &Neighbourhood) -> (Vec<String>, Params) {
    let mut p = Params::default();
    // Union places are stored as their ids joined by '+'.
    let on_place = near
        .places
        .iter()
        .map(|place| {
            format!(
                "instr('+' || c.place || '+', {}) > 0",
                p.list([format!("+{place}+")])
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let metric = p.list([near.metric.clone()]);
    let counted = p.list(std::iter::once(near.metric.clone()).chain(near.whole.clone()));
    let wholes = p.list(near.places.iter().cloned());
    let arms = vec![
        format!("c.metric IN ({counted}) AND ({on_place})"),
        format!("c.\"of\" = {metric} AND ({on_place})"),
        format!("c.metric = {metric} AND c.\"of\" IN ({wholes})"),
    ];
    (arms, p)
}

/// One query of `arms` (conditions on `c`), each arm's claims in turn.
fn union_of(arms: &[String]) -> String {
    arms.iter()
        .map(|arm| format!("SELECT {SCOPED_COLUMNS} FROM claims c WHERE {arm}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The arms found by key, place and whole read indexes only: a table row read per claim
    /// (scattered over the file) made `show` on a national figure of a metric that shares take
    /// as their whole cost a third more. Planned on a new ledger: no ledger is analysed
    /// (no `sqlite_stat1`), so SQLite plans a full one the same way.
    #[test]
    fn the_near_arms_read_no_table_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::init(&dir.path().join("plan.db")).unwrap();
        let near = Neighbourhood {
            metric: "suicide-attacks".into(),
            whole: Some("pakistan".into()),
            places: vec!["balochistan".into(), "pakistan".into()],
            source: "s1".into(),
            own_org: None,
        };
        let (arms, params) = near_arms(&near);
        let sql = format!("EXPLAIN QUERY PLAN {}", union_of(&arms));
        let mut stmt = store.conn.prepare(&sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map(params.bound().as_slice(), |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let reads: Vec<&String> = plan
            .iter()
            .filter(|step| step.starts_with("SEARCH") || step.starts_with("SCAN"))
            .collect();
        assert_eq!(reads.len(), arms.len(), "{plan:?}");
        for step in reads {
            assert!(step.contains("COVERING INDEX"), "{step}: {plan:?}");
        }
    }
}
