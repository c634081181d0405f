//! Queries: rows by id, lists, alias resolution with a "did you mean" for unknown ids.

use super::optional;
use super::record_rows::{
    claim_row, review_row, source_row, waiver_row, ClaimRow, CLAIM_COLUMNS, REVIEW_COLUMNS,
    SOURCE_COLUMNS, WAIVER_COLUMNS,
};
use crate::error::{Error, Result};
use crate::exact::Num;
use crate::reading::{default_tolerance, parse_tolerance, ReadingCache};
use crate::records::{split_list, Metric, Org, Place, Review, Source, Verdict, Waiver};
use rusqlite::{named_params, Connection, ToSql};
use std::cell::Cell;

/// The kinds of row an id can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Org,
    Place,
    Metric,
    Source,
    Claim,
}

impl Entity {
    pub fn noun(&self) -> &'static str {
        match self {
            Entity::Org => "org",
            Entity::Place => "place",
            Entity::Metric => "metric",
            Entity::Source => "source",
            Entity::Claim => "claim",
        }
    }

    pub(super) fn table(&self) -> &'static str {
        match self {
            Entity::Org => "orgs",
            Entity::Place => "places",
            Entity::Metric => "metrics",
            Entity::Source => "sources",
            Entity::Claim => "claims",
        }
    }

    pub(super) fn has_aliases(&self) -> bool {
        matches!(self, Entity::Org | Entity::Place | Entity::Metric)
    }
}

/// What `list` narrows by (ids already resolved from aliases).
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub metric: Option<String>,
    /// Any of these metrics (a metric's subtree): down the metric index, not a scan.
    pub metric_in: Option<Vec<String>>,
    pub place: Option<String>,
    pub verdict: Option<Verdict>,
    pub source: Option<String>,
}

/// Read-only queries over one connection (a store or an open transaction).
pub struct Reader<'c> {
    conn: &'c Connection,
    /// A paired snapshot's second connection, lent to one whole-ledger read at a time (see
    /// `Store::paired_snapshot`).
    twin: Option<&'c Cell<Option<Connection>>>,
}

impl<'c> Reader<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Reader { conn, twin: None }
    }

    /// Queries on `conn`, and whole-ledger reads on two threads with `twin`'s connection.
    pub(super) fn paired(conn: &'c Connection, twin: &'c Cell<Option<Connection>>) -> Self {
        Reader {
            conn,
            twin: Some(twin),
        }
    }

    /// Run `work` with the twin connection when there is one (and it is not lent out), then
    /// take it back.
    pub(super) fn with_twin<T>(&self, work: impl FnOnce(Option<&mut Connection>) -> T) -> T {
        let mut twin = self.twin.and_then(Cell::take);
        let value = work(twin.as_mut());
        if let (Some(cell), Some(conn)) = (self.twin, twin) {
            cell.set(Some(conn));
        }
        value
    }

    pub(super) fn conn(&self) -> &'c Connection {
        self.conn
    }

    /// The largest rowid of the claims (0 for none): how many claims there are unless some
    /// were removed, read from the end of the table instead of counting it.
    pub(super) fn last_claim_rowid(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(rowid), 0) FROM claims", [], |r| {
                r.get(0)
            })?)
    }

    /// The ledger's tolerance `t` for hedged readings.
    pub fn tolerance(&self) -> Result<Num> {
        let value: Option<String> = optional(self.conn.query_row(
            "SELECT value FROM settings WHERE key = 'tolerance'",
            [],
            |r| r.get(0),
        ))?;
        match value {
            None => Ok(default_tolerance()),
            Some(v) => parse_tolerance(&v).ok_or_else(|| {
                Error::invalid(format!(
                    "settings: tolerance {v:?} is not a number from 0 to 1; fix it in settings.csv and import again"
                ))
            }),
        }
    }

    /// One setting's value, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        optional(
            self.conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                }),
        )
    }

    pub fn settings(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, value FROM settings ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn orgs(&self) -> Result<Vec<Org>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, aliases FROM orgs ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Org {
                id: r.get(0)?,
                name: r.get(1)?,
                aliases: split_list(&r.get::<_, String>(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn places(&self) -> Result<Vec<Place>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, parent, aliases FROM places ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Place {
                id: r.get(0)?,
                name: r.get(1)?,
                parent: r.get(2)?,
                aliases: split_list(&r.get::<_, String>(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// `(id, parent)` of every metric that has a parent: the tree alone, without the names,
    /// definitions and aliases `metrics` reads.
    pub fn metric_parents(&self) -> Result<Vec<(String, String)>> {
        self.parents("SELECT id, parent FROM metrics WHERE parent IS NOT NULL")
    }

    /// `(id, parent)` of every place that has a parent.
    pub fn place_parents(&self) -> Result<Vec<(String, String)>> {
        self.parents("SELECT id, parent FROM places WHERE parent IS NOT NULL")
    }

    fn parents(&self, sql: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The metrics of the shares whose whole is one of `wholes`.
    pub fn metrics_sharing_into(&self, wholes: &[String]) -> Result<Vec<String>> {
        let mut params = super::Params::default();
        let list = params.list(wholes.iter().cloned());
        let sql =
            format!("SELECT DISTINCT metric FROM claims WHERE \"of\" IN ({list}) ORDER BY metric");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params.bound().as_slice(), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn metrics(&self) -> Result<Vec<Metric>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, parent, definition, aliases FROM metrics ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Metric {
                id: r.get(0)?,
                name: r.get(1)?,
                parent: r.get(2)?,
                definition: r.get(3)?,
                aliases: split_list(&r.get::<_, String>(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id"))?;
        let rows = stmt.query_map([], source_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The source `id` (cached: the reports ask once for each run of claims citing one).
    pub fn source(&self, id: &str) -> Result<Option<Source>> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?1");
        optional(self.conn.prepare_cached(&sql)?.query_row([id], source_row))
    }

    pub fn source_text(&self, id: &str) -> Result<Option<String>> {
        Ok(optional(self.conn.query_row(
            "SELECT text FROM sources WHERE id = :id",
            named_params! {":id": id},
            |r| r.get::<_, Option<String>>(0),
        ))?
        .flatten())
    }

    pub fn claim(&self, id: &str) -> Result<Option<ClaimRow>> {
        let sql = format!("SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.id = :id");
        let mut readings = ReadingCache::new(self.tolerance()?);
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(named_params! {":id": id})?;
        match rows.next()? {
            Some(row) => Ok(Some(claim_row(row, &mut readings)?)),
            None => Ok(None),
        }
    }

    /// The claim's reviews, oldest first.
    pub fn reviews_of(&self, claim: &str) -> Result<Vec<Review>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews r WHERE r.claim = :claim ORDER BY r.seq"
        ))?;
        let mut rows = stmt.query(named_params! {":claim": claim})?;
        let mut reviews = Vec::new();
        while let Some(row) = rows.next()? {
            reviews.push(review_row(row)?);
        }
        Ok(reviews)
    }

    /// The newest review's hash: the chain's head ("" for an empty history).
    pub fn last_review_hash(&self) -> Result<String> {
        Ok(optional(self.conn.query_row(
            "SELECT hash FROM reviews ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        ))?
        .unwrap_or_default())
    }

    pub fn waiver(&self, finding: &str) -> Result<Option<Waiver>> {
        optional(self.conn.query_row(
            &format!("SELECT {WAIVER_COLUMNS} FROM waivers WHERE finding = :finding"),
            named_params! {":finding": finding},
            waiver_row,
        ))
    }

    /// Every waiver, in the order recorded (the order of their hash chain).
    pub fn waivers(&self) -> Result<Vec<Waiver>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {WAIVER_COLUMNS} FROM waivers ORDER BY seq"
        ))?;
        let rows = stmt.query_map([], waiver_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest waiver's hash: the waivers' chain head ("" when there are none).
    pub fn last_waiver_hash(&self) -> Result<String> {
        Ok(optional(self.conn.query_row(
            "SELECT coalesce(hash, '') FROM waivers ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        ))?
        .unwrap_or_default())
    }

    /// Claims matching `filter`, in id order, handed to `each` one at a time (streamed).
    pub fn for_each_claim(
        &self,
        filter: &ClaimFilter,
        mut each: impl FnMut(ClaimRow) -> Result<()>,
    ) -> Result<()> {
        let mut conditions = Vec::new();
        let mut params: Vec<(&str, &dyn ToSql)> = Vec::new();
        if let Some(m) = &filter.metric {
            conditions.push("c.metric = :metric");
            params.push((":metric", m));
        }
        let names: Vec<String> = (0..filter.metric_in.as_ref().map_or(0, Vec::len))
            .map(|i| format!(":metric_{i}"))
            .collect();
        let any_of;
        if let Some(ms) = &filter.metric_in {
            any_of = format!("c.metric IN ({})", names.join(", "));
            conditions.push(&any_of);
            for (name, m) in names.iter().zip(ms) {
                params.push((name.as_str(), m));
            }
        }
        if let Some(p) = &filter.place {
            conditions.push("c.place = :place");
            params.push((":place", p));
        }
        if let Some(s) = &filter.source {
            conditions.push("c.source = :source");
            params.push((":source", s));
        }
        if let Some(v) = &filter.verdict {
            let v: &dyn ToSql = v;
            conditions.push(
                "(SELECT r.verdict FROM reviews r WHERE r.claim = c.id ORDER BY r.seq DESC LIMIT 1) = :verdict",
            );
            params.push((":verdict", v));
        }
        let mut sql = format!("SELECT {CLAIM_COLUMNS} FROM claims c");
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(" ORDER BY c.id");
        let mut readings = ReadingCache::new(self.tolerance()?);
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params.as_slice())?;
        while let Some(row) = rows.next()? {
            each(claim_row(row, &mut readings)?)?;
        }
        Ok(())
    }

    /// Does the table hold no row? (One probe; `count(*)` would walk a whole index.)
    pub fn is_empty(&self, entity: Entity) -> Result<bool> {
        let sql = format!("SELECT NOT EXISTS (SELECT 1 FROM {})", entity.table());
        Ok(self.conn.query_row(&sql, [], |r| r.get(0))?)
    }

    /// The review history's hashes, oldest first.
    pub fn review_hashes(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT hash FROM reviews ORDER BY seq")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Does a row with this exact id exist?
    pub fn exists(&self, entity: Entity, id: &str) -> Result<bool> {
        let sql = format!("SELECT 1 FROM {} WHERE id = :id", entity.table());
        Ok(optional(
            self.conn
                .query_row(&sql, named_params! {":id": id}, |_| Ok(())),
        )?
        .is_some())
    }
}
