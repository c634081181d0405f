//! `import`: load a canonical ledger directory into the store, all or nothing.
//!
//! Every file is read and every row checked; each problem is collected as
//! `FILE:LINE:COLUMN: what is wrong (the value) — what to do`, up to [`MAX_PROBLEMS`], and if
//! there is any the one transaction rolls back and nothing is written. Rows are inserted as
//! they are checked (streamed: a million claims never sit in memory; only ids do, to check
//! references). Importing a directory twice changes nothing: a row whose id is already in the
//! ledger with the same content is skipped, one with different content is a problem naming
//! both. Foreign keys are switched off for the load because every reference is checked here,
//! with a file and line, which SQLite's own check could not give.

use super::rows::{Problems, Row, TableReader};
use super::{
    sha256_hex, CLAIMS, METRICS, ORGS, PLACES, REVIEWS, SETTINGS, SOURCES, TEXTS, WAIVERS,
};
use crate::checks::history::review_hash;
use crate::checks::model::Verdict;
use crate::error::{Error, Result};
use crate::period::{is_timestamp, parse_date, Period};
use crate::reading::{self, Kind};
use crate::records::{is_slug, split_list, Claim, Metric, Org, Place, Review, Source, Waiver};
use crate::store::{Entity, Store, Tx};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

pub(super) const MAX_PROBLEMS: usize = 100;

/// What an import added, and how many rows were already there.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub added: [usize; 7],
    pub already_present: usize,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            "orgs", "places", "metrics", "sources", "claims", "reviews", "waivers",
        ];
        let parts: Vec<String> = names
            .iter()
            .zip(self.added)
            .map(|(n, c)| format!("{c} {n}"))
            .collect();
        write!(
            f,
            "added {}; {} row(s) already present",
            parts.join(", "),
            self.already_present
        )
    }
}

/// Load `dir` into `store` in one transaction; refuse it whole on any problem.
pub fn import(store: &mut Store, dir: &Path, progress: bool) -> Result<ImportReport> {
    if !dir.is_dir() {
        return Err(Error::invalid(format!(
            "{}: not a directory; import takes a ledger directory holding orgs.csv, sources.csv, claims.csv, ...",
            dir.display()
        )));
    }
    if !dir.join(CLAIMS.file).is_file() && !dir.join(SOURCES.file).is_file() {
        return Err(Error::invalid(format!(
            "{}: no claims.csv or sources.csv there; is it a ledger directory? (`claimledger dump DIR` writes one)",
            dir.display()
        )));
    }
    store.enforce_foreign_keys(false)?;
    let result = store.write(|tx| Importer::new(tx, dir, progress).run());
    store.enforce_foreign_keys(true)?;
    result
}

struct Importer<'a, 't> {
    tx: &'a Tx<'t>,
    dir: &'a Path,
    progress: bool,
    problems: Problems,
    report: ImportReport,
    tolerance: f64,
    orgs: HashSet<String>,
    places: HashSet<String>,
    metrics: HashSet<String>,
    sources: HashSet<String>,
    claims: HashSet<String>,
    /// Whether the ledger held claims before: when not, no row needs an "already there?" query.
    had_claims: bool,
}

impl<'a, 't> Importer<'a, 't> {
    fn new(tx: &'a Tx<'t>, dir: &'a Path, progress: bool) -> Self {
        Importer {
            tx,
            dir,
            progress,
            problems: Problems::new(dir, MAX_PROBLEMS),
            report: ImportReport::default(),
            tolerance: 0.10,
            orgs: HashSet::new(),
            places: HashSet::new(),
            metrics: HashSet::new(),
            sources: HashSet::new(),
            claims: HashSet::new(),
            had_claims: false,
        }
    }

    fn open(&mut self, table: &'static super::Table) -> Result<Option<TableReader>> {
        TableReader::open(self.dir, table, &mut self.problems)
    }

    fn run(mut self) -> Result<ImportReport> {
        let r = self.tx.reader();
        self.tolerance = r.tolerance()?;
        self.had_claims = r.count(Entity::Claim)? > 0;
        self.settings()?;
        self.orgs()?;
        self.places()?;
        self.metrics()?;
        self.sources()?;
        self.claims()?;
        self.reviews()?;
        self.waivers()?;
        if self.progress {
            eprintln!();
        }
        self.problems.into_result(self.report)
    }

    fn settings(&mut self) -> Result<()> {
        let Some(mut rows) = self.open(&SETTINGS)? else {
            return Ok(());
        };
        while let Some(row) = rows.next(&mut self.problems)? {
            let (Some(key), Some(value)) = (
                row.required(0, &mut self.problems),
                row.required(1, &mut self.problems),
            ) else {
                continue;
            };
            if key == "tolerance" {
                match value.parse::<f64>() {
                    Ok(t) if (0.0..1.0).contains(&t) => self.tolerance = t,
                    _ => {
                        row.problem(
                            &mut self.problems,
                            1,
                            format!(
                                "tolerance {value:?} is not a number from 0 to 1 — write e.g. 0.10"
                            ),
                        );
                        continue;
                    }
                }
            }
            self.tx.set_setting(key, value)?;
        }
        Ok(())
    }

    fn orgs(&mut self) -> Result<()> {
        let existing: HashMap<String, Org> = self
            .tx
            .reader()
            .orgs()?
            .into_iter()
            .map(|o| (o.id.clone(), o))
            .collect();
        self.orgs.extend(existing.keys().cloned());
        let mut spellings = Spellings::of(existing.values().map(|o| (&o.id, &o.aliases)));
        let Some(mut rows) = self.open(&ORGS)? else {
            return Ok(());
        };
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(id) = self.slug(&row, 0, "org") else {
                continue;
            };
            let Some(name) = row.required(1, &mut self.problems) else {
                continue;
            };
            let org = Org {
                id,
                name: name.to_string(),
                aliases: split_list(row.cell(2)),
            };
            if self.known(&row, "org", existing.get(&org.id), &org) {
                continue;
            }
            spellings.claim(&row, "org", &org.id, &org.aliases, &mut self.problems);
            self.insert(&row, |tx| tx.insert_org(&org))?;
            self.orgs.insert(org.id);
            self.report.added[0] += 1;
        }
        Ok(())
    }

    fn places(&mut self) -> Result<()> {
        let existing: HashMap<String, Place> = self
            .tx
            .reader()
            .places()?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let mut parents: HashMap<String, String> = existing
            .values()
            .filter_map(|p| Some((p.id.clone(), p.parent.clone()?)))
            .collect();
        self.places.extend(existing.keys().cloned());
        let mut spellings = Spellings::of(existing.values().map(|p| (&p.id, &p.aliases)));
        let Some(mut rows) = self.open(&PLACES)? else {
            return Ok(());
        };
        // Parents may come later in the file: check them once every id is known.
        let mut pending = Vec::new();
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(id) = self.slug(&row, 0, "place") else {
                continue;
            };
            let Some(name) = row.required(1, &mut self.problems) else {
                continue;
            };
            let place = Place {
                id,
                name: name.to_string(),
                parent: row.optional(2),
                aliases: split_list(row.cell(3)),
            };
            if self.known(&row, "place", existing.get(&place.id), &place) {
                continue;
            }
            spellings.claim(&row, "place", &place.id, &place.aliases, &mut self.problems);
            self.places.insert(place.id.clone());
            if let Some(p) = &place.parent {
                parents.insert(place.id.clone(), p.clone());
            }
            self.insert(&row, |tx| tx.insert_place(&place))?;
            self.report.added[1] += 1;
            pending.push((row, place.parent));
        }
        for (row, parent) in pending {
            self.check_parent(&row, 2, "place", parent.as_deref(), &parents, Entity::Place);
        }
        Ok(())
    }

    fn metrics(&mut self) -> Result<()> {
        let existing: HashMap<String, Metric> = self
            .tx
            .reader()
            .metrics()?
            .into_iter()
            .map(|m| (m.id.clone(), m))
            .collect();
        let mut parents: HashMap<String, String> = existing
            .values()
            .filter_map(|m| Some((m.id.clone(), m.parent.clone()?)))
            .collect();
        self.metrics.extend(existing.keys().cloned());
        let mut spellings = Spellings::of(existing.values().map(|m| (&m.id, &m.aliases)));
        let Some(mut rows) = self.open(&METRICS)? else {
            return Ok(());
        };
        let mut pending = Vec::new();
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(id) = self.slug(&row, 0, "metric") else {
                continue;
            };
            let Some(name) = row.required(1, &mut self.problems) else {
                continue;
            };
            let metric = Metric {
                id,
                name: name.to_string(),
                parent: row.optional(2),
                definition: row.optional(3),
                aliases: split_list(row.cell(4)),
            };
            if self.known(&row, "metric", existing.get(&metric.id), &metric) {
                continue;
            }
            spellings.claim(
                &row,
                "metric",
                &metric.id,
                &metric.aliases,
                &mut self.problems,
            );
            self.metrics.insert(metric.id.clone());
            if let Some(p) = &metric.parent {
                parents.insert(metric.id.clone(), p.clone());
            }
            self.insert(&row, |tx| tx.insert_metric(&metric))?;
            self.report.added[2] += 1;
            pending.push((row, metric.parent));
        }
        for (row, parent) in pending {
            self.check_parent(
                &row,
                2,
                "metric",
                parent.as_deref(),
                &parents,
                Entity::Metric,
            );
        }
        Ok(())
    }

    /// A parent must exist, and following parents must never come back to where it started.
    fn check_parent(
        &mut self,
        row: &Row,
        col: usize,
        what: &str,
        parent: Option<&str>,
        parents: &HashMap<String, String>,
        entity: Entity,
    ) {
        let Some(parent) = parent else { return };
        let known = match entity {
            Entity::Place => &self.places,
            _ => &self.metrics,
        };
        if !known.contains(parent) {
            row.problem(
                &mut self.problems,
                col,
                format!("unknown parent {what} {parent:?} — add it to the file or fix the id"),
            );
            return;
        }
        let start = row.cell(0);
        let mut at = parent;
        for _ in 0..=parents.len() {
            if at == start {
                row.problem(&mut self.problems, col, format!("{what} {start:?} is its own ancestor through parent {parent:?} — break the cycle"));
                return;
            }
            match parents.get(at) {
                Some(p) => at = p,
                None => return,
            }
        }
    }

    fn sources(&mut self) -> Result<()> {
        let Some(mut rows) = self.open(&SOURCES)? else {
            return Ok(());
        };
        let mut with_text = HashSet::new();
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(id) = self.slug(&row, 0, "source") else {
                continue;
            };
            let Some(title) = row.required(2, &mut self.problems) else {
                continue;
            };
            let publisher = row.optional(3);
            if let Some(p) = &publisher {
                if !self.orgs.contains(p) {
                    row.problem(&mut self.problems, 4, format!("unknown org {p:?} as publisher — add it to orgs.csv or leave the cell empty"));
                }
            }
            let published = row.optional(5);
            if let Some(p) = &published {
                if let Err(why) = parse_date(p) {
                    row.problem(&mut self.problems, 6, format!("published {p:?}: {why} — write YYYY-MM-DD, or the part that is known (YYYY-MM, YYYY)"));
                }
            }
            let sha = row.optional(6);
            let text = self.text(&row, &id, sha.as_deref())?;
            if text.is_some() {
                with_text.insert(format!("{id}.txt"));
            }
            let source = Source {
                id,
                url: row.optional(1),
                title: title.to_string(),
                publisher,
                author: row.optional(4),
                published,
                text_sha256: sha,
            };
            let existing = self.tx.reader().source(&source.id)?;
            if self.known(&row, "source", existing.as_ref(), &source) {
                self.sources.insert(source.id);
                continue;
            }
            self.insert(&row, |tx| tx.insert_source(&source, text.as_deref()))?;
            self.sources.insert(source.id);
            self.report.added[3] += 1;
        }
        self.stray_texts(&with_text);
        Ok(())
    }

    /// The stored text of a source, checked against its digest.
    fn text(&mut self, row: &Row, id: &str, sha: Option<&str>) -> Result<Option<String>> {
        let rel = format!("{TEXTS}/{id}.txt");
        let path = self.dir.join(&rel);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(sha) = sha {
                    row.problem(&mut self.problems, 7, format!("text_sha256 {sha:?} given but {rel} is missing — restore the text or empty the cell"));
                }
                return Ok(None);
            }
            Err(source) => return Err(Error::File { path, source }),
        };
        let actual = sha256_hex(&bytes);
        match sha {
            None => row.problem(&mut self.problems, 7, format!("{rel} exists but text_sha256 is empty — fill in its SHA-256, {actual}")),
            Some(sha) if sha != actual => row.problem(
                &mut self.problems,
                7,
                format!("{rel} has SHA-256 {actual}, not {sha:?} — the text changed: restore it, or update text_sha256 if the new text is right"),
            ),
            _ => {}
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(e) => {
                self.problems.push(format!(
                    "{rel}: invalid UTF-8 at byte {} — save the text as UTF-8",
                    e.utf8_error().valid_up_to()
                ));
                Ok(None)
            }
        }
    }

    fn stray_texts(&mut self, with_text: &HashSet<String>) {
        let Ok(entries) = std::fs::read_dir(self.dir.join(TEXTS)) else {
            return;
        };
        let mut stray: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".txt") && !with_text.contains(name))
            .filter(|name| !self.sources.contains(name.trim_end_matches(".txt")))
            .collect();
        stray.sort();
        for name in stray {
            self.problems.push(format!("{TEXTS}/{name}: no source with that id in sources.csv — add the source or remove the file"));
        }
    }

    fn claims(&mut self) -> Result<()> {
        let Some(mut rows) = self.open(&CLAIMS)? else {
            return Ok(());
        };
        let mut n = 0usize;
        while let Some(row) = rows.next(&mut self.problems)? {
            n += 1;
            if self.progress && n % 100_000 == 0 {
                eprint!("\rimporting claims.csv: {n} rows");
            }
            // The id is known from here on, even if the row has problems, so that reviews of
            // it are not reported as reviews of an unknown claim.
            let id = row.cell(0).to_string();
            if !id.is_empty() && !self.claims.insert(id.clone()) {
                row.problem(
                    &mut self.problems,
                    1,
                    format!("claim {id:?} appears twice — give each claim its own id"),
                );
                continue;
            }
            let Some((claim, interval)) = self.claim(&row) else {
                continue;
            };
            if self.had_claims {
                if let Some(old) = self.tx.reader().claim(&claim.id)? {
                    self.known(&row, "claim", Some(&old.claim), &claim);
                    continue;
                }
            }
            self.insert(&row, |tx| tx.insert_claim(&claim, &interval))?;
            self.report.added[4] += 1;
        }
        Ok(())
    }

    /// Check one claims.csv row; every problem found is recorded.
    fn claim(&mut self, row: &Row) -> Option<(Claim, crate::interval::Interval)> {
        let p = &mut self.problems;
        let id = row.required(0, p).map(str::to_string);
        if let Some(id) = &id {
            if !is_slug(id) {
                row.problem(
                    p,
                    1,
                    format!(
                        "claim id {id:?} is not a slug — use lower-case letters, digits and '-'"
                    ),
                );
            }
        }
        let source = row.required(1, p);
        if let Some(s) = source {
            if !self.sources.contains(s) {
                row.problem(
                    p,
                    2,
                    format!("unknown source {s:?} — add it to sources.csv or fix the id"),
                );
            }
        }
        let quote = row.required(2, p);
        let printed = row.required(3, p);
        let kind = row.required(4, p).and_then(|k| {
            let kind = Kind::parse(k);
            if kind.is_none() {
                row.problem(
                    p,
                    5,
                    format!("unknown kind {k:?} — write count, change or share"),
                );
            }
            kind
        });
        let metric = row.required(5, p);
        if let Some(m) = metric {
            if !self.metrics.contains(m) {
                row.problem(
                    p,
                    6,
                    format!("unknown metric {m:?} — add it to metrics.csv or fix the id"),
                );
            }
        }
        let place = row.required(6, p).map(|pl| {
            let mut ids: Vec<&str> = pl.split('+').collect();
            for id in &ids {
                if !self.places.contains(*id) {
                    row.problem(
                        p,
                        7,
                        format!("unknown place {id:?} — add it to places.csv or fix the id"),
                    );
                }
            }
            ids.sort_unstable();
            ids.dedup();
            ids.join("+")
        });
        let period = row.required(7, p);
        if let Some(per) = period {
            if let Err(e) = Period::parse(per) {
                row.problem(p, 8, e.to_string());
            }
        }
        let base = row.optional(8);
        let of = row.optional(9);
        match (kind, &base) {
            (Some(Kind::Change), None) => {
                row.problem(p, 9, "a change needs a base period — fill in base".into())
            }
            (Some(k), Some(_)) if k != Kind::Change => row.problem(
                p,
                9,
                format!(
                    "base is for change claims only, this is a {} — empty the cell",
                    k.as_str()
                ),
            ),
            (_, Some(b)) => {
                if let Err(e) = Period::parse(b) {
                    row.problem(p, 9, e.to_string());
                }
            }
            _ => {}
        }
        match (kind, &of) {
            (Some(Kind::Share), None) => row.problem(
                p,
                10,
                "a share needs its whole — fill in of (a place or a metric)".into(),
            ),
            (Some(k), Some(_)) if k != Kind::Share => row.problem(
                p,
                10,
                format!(
                    "of is for share claims only, this is a {} — empty the cell",
                    k.as_str()
                ),
            ),
            (_, Some(w)) => {
                let is_places = w.split('+').all(|id| self.places.contains(id));
                if !is_places && !self.metrics.contains(w.as_str()) {
                    row.problem(p, 10, format!("unknown whole {w:?}: neither a place nor a metric — add it or fix the id"));
                }
            }
            _ => {}
        }
        let attributed_to = row.optional(10);
        if let Some(o) = &attributed_to {
            if !self.orgs.contains(o) {
                row.problem(
                    p,
                    11,
                    format!("unknown org {o:?} — add it to orgs.csv or fix the id"),
                );
            }
        }
        let reading = match (printed, kind) {
            (Some(printed), Some(kind)) => match reading::read(printed, kind, self.tolerance) {
                Ok(r) => Some(r.interval),
                Err(e) => {
                    row.problem(p, 4, e.to_string());
                    None
                }
            },
            _ => None,
        };
        let claim = Claim {
            id: id?,
            source: source?.to_string(),
            quote: quote?.to_string(),
            printed: printed?.to_string(),
            kind: kind?.as_str().to_string(),
            metric: metric?.to_string(),
            place: place?,
            period: period?.to_string(),
            base,
            of,
            attributed_to,
            note: row.optional(11),
        };
        if !self.problems.is_empty() {
            // Keep checking the rest of the file, but a refused import writes nothing anyway.
            return None;
        }
        Some((claim, reading?))
    }

    fn reviews(&mut self) -> Result<()> {
        let existing = self.tx.reader().review_hashes()?;
        let Some(mut rows) = self.open(&REVIEWS)? else {
            return Ok(());
        };
        let mut prev = String::new();
        let mut position = 0usize;
        let mut unhashed_since: Option<u64> = None;
        while let Some(row) = rows.next(&mut self.problems)? {
            let p = &mut self.problems;
            let (Some(claim), Some(verdict), Some(reviewer), Some(at)) = (
                row.required(0, p),
                row.required(1, p),
                row.required(2, p),
                row.required(3, p),
            ) else {
                continue;
            };
            if !self.claims.contains(claim) && !self.tx.reader().exists(Entity::Claim, claim)? {
                row.problem(
                    p,
                    1,
                    format!("unknown claim {claim:?} — add it to claims.csv or fix the id"),
                );
            }
            if Verdict::parse(verdict).is_none() {
                row.problem(p, 2, format!("unknown verdict {verdict:?} — write supported, disputed, refuted or unverifiable"));
            }
            if !is_timestamp(at) {
                row.problem(
                    p,
                    4,
                    format!(
                        "time {at:?} is not like 2024-11-24T09:30:00Z — write UTC, to the second"
                    ),
                );
            }
            let (evidence, note) = (row.optional(4), row.optional(5));
            let computed = review_hash(
                &prev,
                claim,
                verdict,
                reviewer,
                at,
                row.cell(4),
                row.cell(5),
            );
            let hash = match row.optional(6) {
                Some(h) => {
                    if let Some(line) = unhashed_since {
                        row.problem(p, 7, format!("a hashed row follows the unhashed row on line {line}; an empty hash is accepted only on the newest rows — fill in the hashes or empty them all from line {line} on"));
                    }
                    if h.len() != 64
                        || !h
                            .bytes()
                            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                    {
                        row.problem(p, 7, format!("hash {h:?} is not 64 lower-case hex digits — empty it to have it filled in"));
                    }
                    h
                }
                None => {
                    unhashed_since.get_or_insert(row.line);
                    computed
                }
            };
            if let Some(old) = existing.get(position) {
                if *old != hash {
                    row.problem(p, 7, format!("review {} of the file differs from review {} already in the ledger (hash {} vs {}) — the histories diverge: import into a fresh ledger, or append new reviews with `verify`", position + 1, position + 1, &hash[..hash.len().min(12)], &old[..12]));
                }
                self.report.already_present += 1;
            } else {
                let review = Review {
                    claim: claim.into(),
                    verdict: verdict.into(),
                    reviewer: reviewer.into(),
                    at: at.into(),
                    evidence,
                    note,
                    hash: hash.clone(),
                };
                self.insert(&row, |tx| tx.append_review(&review))?;
                self.report.added[5] += 1;
            }
            prev = hash;
            position += 1;
        }
        Ok(())
    }

    fn waivers(&mut self) -> Result<()> {
        let Some(mut rows) = self.open(&WAIVERS)? else {
            return Ok(());
        };
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(finding) = self.slug(&row, 0, "finding") else {
                continue;
            };
            let p = &mut self.problems;
            let (Some(reason), Some(reviewer), Some(at)) =
                (row.required(1, p), row.required(2, p), row.required(3, p))
            else {
                continue;
            };
            if !is_timestamp(at) {
                row.problem(
                    p,
                    4,
                    format!(
                        "time {at:?} is not like 2024-11-24T09:30:00Z — write UTC, to the second"
                    ),
                );
                continue;
            }
            let waiver = Waiver {
                finding,
                reason: reason.into(),
                reviewer: reviewer.into(),
                at: at.into(),
            };
            let existing = self.tx.reader().waiver(&waiver.finding)?;
            if self.known(&row, "waiver", existing.as_ref(), &waiver) {
                continue;
            }
            self.insert(&row, |tx| tx.insert_waiver(&waiver))?;
            self.report.added[6] += 1;
        }
        Ok(())
    }

    /// Insert a checked row. Once any problem is found nothing more is inserted (the import
    /// will be refused and rolled back anyway); a rule the database itself enforces becomes a
    /// problem at the row, not a fault.
    fn insert(&mut self, row: &Row, insert: impl FnOnce(&Tx<'t>) -> Result<()>) -> Result<()> {
        if !self.problems.is_empty() {
            return Ok(());
        }
        match insert(self.tx) {
            Err(e @ (Error::Invalid(_) | Error::Duplicate { .. })) => {
                row.problem(&mut self.problems, 1, e.to_string());
                Ok(())
            }
            other => other,
        }
    }

    /// A required slug id in column `col` (0-based).
    fn slug(&mut self, row: &Row, col: usize, what: &str) -> Option<String> {
        let id = row.required(col, &mut self.problems)?;
        if is_slug(id) {
            Some(id.to_string())
        } else {
            row.problem(
                &mut self.problems,
                col + 1,
                format!("{what} id {id:?} is not a slug — use lower-case letters, digits and '-'"),
            );
            None
        }
    }

    /// True when the row is already in the ledger (same content: skip it); different content
    /// under the same id is a problem that names both.
    fn known<T: PartialEq + fmt::Debug>(
        &mut self,
        row: &Row,
        what: &str,
        existing: Option<&T>,
        new: &T,
    ) -> bool {
        match existing {
            None => false,
            Some(old) if old == new => {
                self.report.already_present += 1;
                true
            }
            Some(old) => {
                row.problem(&mut self.problems, 1, format!("{what} {:?} is already in the ledger with other content — ledger: {old:?}; file: {new:?} — give the new one another id, or make them the same", row.cell(0)));
                true
            }
        }
    }
}

/// The ids and aliases of one kind of row, case-blind: one spelling must name one row, as
/// `add` requires, or `--place KP` would depend on table order.
struct Spellings(HashMap<String, String>);

impl Spellings {
    fn of<'x>(rows: impl Iterator<Item = (&'x String, &'x Vec<String>)>) -> Self {
        let mut map = HashMap::new();
        for (id, aliases) in rows {
            for name in std::iter::once(id).chain(aliases) {
                map.insert(name.to_lowercase(), id.clone());
            }
        }
        Spellings(map)
    }

    /// Record a new row's id and aliases; one already naming another row is a problem.
    fn claim(
        &mut self,
        row: &Row,
        what: &str,
        id: &str,
        aliases: &[String],
        problems: &mut Problems,
    ) {
        for (i, name) in std::iter::once(id)
            .chain(aliases.iter().map(String::as_str))
            .enumerate()
        {
            match self.0.get(&name.to_lowercase()) {
                Some(other) if other != id => row.problem(
                    problems,
                    if i == 0 { 1 } else { row.width() },
                    format!("{name:?} already names {what} {other:?} — an id or alias may stand for one {what} only: pick another"),
                ),
                _ => {
                    self.0.insert(name.to_lowercase(), id.to_string());
                }
            }
        }
    }
}
