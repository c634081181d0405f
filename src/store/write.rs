//! Inserts, inside the one transaction a writing command runs in. The only updates and deletes
//! are of claims that have no review yet (`edit`, `remove`; the commands refuse reviewed
//! ones, and the statements below hold that too); reviews are append-only in the schema itself.

use super::{join_list, Reader};
use crate::error::{Error, Result};
use crate::interval::Interval;
use crate::records::{Claim, Metric, Org, Place, Review, Source, Waiver};
use rusqlite::{named_params, params, ErrorCode, Transaction};

/// One open IMMEDIATE transaction. Dropped without `Tx::commit`, it rolls back.
pub struct Tx<'c> {
    tx: Transaction<'c>,
}

impl<'c> Tx<'c> {
    pub(super) fn new(tx: Transaction<'c>) -> Self {
        Tx { tx }
    }

    pub(super) fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }

    /// Queries that see this transaction's own inserts.
    pub fn reader(&self) -> Reader<'_> {
        Reader::new(&self.tx)
    }

    pub fn insert_org(&self, org: &Org) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO orgs (id, name, aliases) VALUES (:id, :name, :aliases)")?
            .execute(named_params! {
                ":id": org.id, ":name": org.name, ":aliases": join_list(&org.aliases),
            })
            .map_err(|e| taken(e, "org", &org.id))?;
        Ok(())
    }

    pub fn insert_place(&self, place: &Place) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO places (id, name, parent, aliases) VALUES (:id, :name, :parent, :aliases)",
            )?
            .execute(named_params! {
                ":id": place.id, ":name": place.name, ":parent": place.parent,
                ":aliases": join_list(&place.aliases),
            })
            .map_err(|e| taken(e, "place", &place.id))?;
        Ok(())
    }

    pub fn insert_metric(&self, metric: &Metric) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO metrics (id, name, parent, definition, aliases) \
                 VALUES (:id, :name, :parent, :definition, :aliases)",
            )?
            .execute(named_params! {
                ":id": metric.id, ":name": metric.name, ":parent": metric.parent,
                ":definition": metric.definition, ":aliases": join_list(&metric.aliases),
            })
            .map_err(|e| taken(e, "metric", &metric.id))?;
        Ok(())
    }

    /// A source with its stored text; `source.text_sha256` must be the text's digest.
    pub fn insert_source(&self, source: &Source, text: Option<&str>) -> Result<()> {
        // Bound by position, not by name: import inserts a row per source, claim and review,
        // and looking each name up was a few per cent of it.
        self.tx
            .prepare_cached(
                "INSERT INTO sources (id, url, title, publisher, author, published, text, text_sha256) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                source.id, source.url, source.title, source.publisher, source.author,
                source.published, text, source.text_sha256,
            ])
            .map_err(|e| taken(e, "source", &source.id))?;
        Ok(())
    }

    /// A claim with the reading derived from its printed figure (unbounded sides as NULL).
    pub fn insert_claim(&self, claim: &Claim, reading: &Interval) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO claims (id, source, quote, printed, kind, metric, place, period, base, \"of\", \
                 attributed_to, note, lower, upper, lower_open, upper_open) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(params![
                claim.id, claim.source, claim.quote, claim.printed, claim.kind, claim.metric,
                claim.place, claim.period, claim.base, claim.of, claim.attributed_to, claim.note,
                reading.lower.finite_f64(), reading.upper.finite_f64(),
                reading.lower_open, reading.upper_open,
            ])
            .map_err(|e| taken(e, "claim", &claim.id))?;
        Ok(())
    }

    /// Replace the fields of an unreviewed claim (same id); false when there is no such
    /// unreviewed claim.
    pub fn update_unreviewed_claim(&self, claim: &Claim, reading: &Interval) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(
                "UPDATE claims SET source = :source, quote = :quote, printed = :printed, kind = :kind, \
                 metric = :metric, place = :place, period = :period, base = :base, \"of\" = :of, \
                 attributed_to = :attributed_to, note = :note, lower = :lower, upper = :upper, \
                 lower_open = :lower_open, upper_open = :upper_open \
                 WHERE id = :id AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.claim = :id)",
            )?
            .execute(named_params! {
                ":id": claim.id, ":source": claim.source, ":quote": claim.quote,
                ":printed": claim.printed, ":kind": claim.kind, ":metric": claim.metric,
                ":place": claim.place, ":period": claim.period, ":base": claim.base,
                ":of": claim.of, ":attributed_to": claim.attributed_to, ":note": claim.note,
                ":lower": reading.lower.finite_f64(), ":upper": reading.upper.finite_f64(),
                ":lower_open": reading.lower_open, ":upper_open": reading.upper_open,
            })?;
        Ok(n == 1)
    }

    /// Delete an unreviewed claim; false when there is no such unreviewed claim.
    pub fn delete_unreviewed_claim(&self, id: &str) -> Result<bool> {
        let n = self.tx.execute(
            "DELETE FROM claims WHERE id = :id AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.claim = :id)",
            named_params! {":id": id},
        )?;
        Ok(n == 1)
    }

    /// Append a review whose hash the caller computed from the chain's head.
    pub fn append_review(&self, review: &Review) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO reviews (claim, verdict, reviewer, at, evidence, note, hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                review.claim,
                review.verdict,
                review.reviewer,
                review.at,
                review.evidence,
                review.note,
                review.hash,
            ])?;
        Ok(())
    }

    /// Append a waiver whose hash the caller computed from the waivers' chain head.
    pub fn insert_waiver(&self, waiver: &Waiver) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO waivers (finding, reason, reviewer, at, hash) \
                 VALUES (:finding, :reason, :reviewer, :at, :hash)",
            )?
            .execute(named_params! {
                ":finding": waiver.finding, ":reason": waiver.reason,
                ":reviewer": waiver.reviewer, ":at": waiver.at, ":hash": waiver.hash,
            })
            .map_err(|e| match &e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
                {
                    Error::Duplicate {
                        what: "waiver for finding",
                        id: waiver.finding.clone(),
                        detail: String::new(),
                    }
                }
                _ => taken(e, "waiver for finding", &waiver.finding),
            })?;
        Ok(())
    }

    /// Chain the waivers recorded before waivers had a hash chain (schema version 3), in the
    /// order they were recorded; returns how many. `init` runs it after the migrations.
    pub fn chain_unhashed_waivers(&self) -> Result<usize> {
        let waivers: Vec<(i64, [String; 4], Option<String>)> = {
            let mut stmt = self.tx.prepare(
                "SELECT seq, finding, reason, reviewer, at, hash FROM waivers ORDER BY seq",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?],
                    r.get(5)?,
                ))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut prev = String::new();
        let mut filled = 0;
        for (seq, [finding, reason, reviewer, at], hash) in waivers {
            let hash = match hash {
                Some(h) => h,
                None => {
                    let h = crate::checks::history::waiver_hash(
                        &prev, &finding, &reason, &reviewer, &at,
                    );
                    self.tx.execute(
                        "UPDATE waivers SET hash = :hash WHERE seq = :seq",
                        named_params! {":hash": h, ":seq": seq},
                    )?;
                    filled += 1;
                    h
                }
            };
            prev = hash;
        }
        Ok(filled)
    }

    /// When the claims table is empty, drop the secondary indexes of sources, claims and
    /// reviews and return their definitions, for [`Tx::recreate_indexes`] once the rows are in.
    pub(super) fn drop_secondary_indexes_if_empty(&self) -> Result<Vec<(String, String)>> {
        if !self.reader().is_empty(super::Entity::Claim)? {
            return Ok(Vec::new());
        }
        let mut stmt = self.tx.prepare(
            "SELECT name, sql FROM sqlite_master \
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('sources', 'claims', 'reviews') \
             ORDER BY name",
        )?;
        let indexes: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &indexes {
            // The name comes from sqlite_master itself; quoted as an identifier.
            self.tx
                .execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        }
        Ok(indexes)
    }

    /// Let the caller vouch for the schema's CHECK constraints (on) or have SQLite test them
    /// again (off). For `import` of sources, claims and reviews: it checks every rule those
    /// constraints state, row by row with a file and line, before it inserts, and SQLite's
    /// own pass over them (GLOB patterns over every id, hash and time) was a third of the
    /// load. Every other writer leaves them on.
    pub fn vouch_for_checks(&self, on: bool) -> Result<()> {
        self.tx
            .pragma_update(None, "ignore_check_constraints", on)?;
        Ok(())
    }

    /// Create indexes again from their stored definitions.
    pub(super) fn recreate_indexes(&self, indexes: &[(String, String)]) -> Result<()> {
        for (_, sql) in indexes {
            self.tx.execute_batch(sql)?;
        }
        Ok(())
    }

    /// Rewrites every claim's stored bounds at tolerance `t`, in this transaction: the bounds
    /// serve queries (`sqlite3`, Datasette) and must say what the ledger reads after a
    /// tolerance change. Returns how many claims were read again.
    pub fn rewrite_readings(&self, t: &crate::exact::Num) -> Result<usize> {
        let mut readings = crate::reading::ReadingCache::new(t.clone());
        let mut select = self.tx.prepare("SELECT id, printed, kind FROM claims")?;
        let mut update = self.tx.prepare(
            "UPDATE claims SET lower = :lower, upper = :upper, lower_open = :lower_open, \
             upper_open = :upper_open WHERE id = :id",
        )?;
        let mut rows = select.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let (id, printed): (String, String) = (row.get(0)?, row.get(1)?);
            let kind = super::feed_rows::kind(row, 2, &id)?;
            let r = &readings.get(&printed, kind)?.interval;
            update.execute(named_params! {
                ":lower": r.lower.finite_f64(), ":upper": r.upper.finite_f64(),
                ":lower_open": r.lower_open, ":upper_open": r.upper_open, ":id": id,
            })?;
            n += 1;
        }
        Ok(n)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (:key, :value) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(named_params! {":key": key, ":value": value})?;
        Ok(())
    }
}

/// A primary-key clash becomes an error the user can act on; anything else stays a fault.
fn taken(e: rusqlite::Error, what: &'static str, id: &str) -> Error {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == ErrorCode::ConstraintViolation
                && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Error::Duplicate {
                what,
                id: id.to_string(),
                detail: String::new(),
            }
        }
        rusqlite::Error::SqliteFailure(f, Some(msg))
            if f.code == ErrorCode::ConstraintViolation =>
        {
            Error::invalid(format!(
                "{what} {id:?} breaks a rule of the ledger ({msg}); check its ids and values"
            ))
        }
        _ => e.into(),
    }
}
