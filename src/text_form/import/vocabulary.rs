//! Import of the vocabulary tables: settings, orgs, places and metrics, with the checks they
//! share (parents that exist and never loop; one spelling naming one row).

use super::Importer;
use crate::error::Result;
use crate::records::settings::KEYS;
use crate::records::{split_list, Metric, Org, Place};
use crate::store::Entity;
use crate::text_form::rows::{Problems, Row};
use crate::text_form::{METRICS, ORGS, PLACES, SETTINGS};
use std::collections::{HashMap, HashSet};

/// `; did you mean "tolerance"?` when a known key is one or two edits away. Only the keys a
/// ledger knows (`records::settings::KEYS`) are kept: a typo (`tolerence`) must not be kept as
/// a setting that silently does nothing.
fn nearest(key: &str) -> String {
    KEYS.iter()
        .find(|k| crate::store::edit_distance(key, k) <= 2)
        .map(|k| format!("; did you mean {k:?}?"))
        .unwrap_or_default()
}

impl Importer<'_> {
    pub(super) fn settings(&mut self) -> Result<()> {
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
            if !KEYS.contains(&key) {
                row.problem(
                    &mut self.problems,
                    1,
                    format!(
                        "unknown setting {key:?}{} — the settings are: {}",
                        nearest(key),
                        KEYS.join(", ")
                    ),
                );
                continue;
            }
            if key == crate::records::settings::TOLERANCE {
                match crate::reading::parse_tolerance(value) {
                    Some(t) => self.tolerance = t,
                    None => {
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
            self.sink.set_setting(key, value)?;
        }
        Ok(())
    }

    pub(super) fn orgs(&mut self) -> Result<()> {
        let existing: HashMap<String, Org> = self
            .sink
            .orgs()?
            .into_iter()
            .map(|o| (o.id.clone(), o))
            .collect();
        self.orgs.extend(existing.keys().cloned());
        let mut spellings = Spellings::of(existing.values().map(|o| (&o.id, &o.aliases)));
        let Some(mut rows) = self.open(&ORGS)? else {
            return Ok(());
        };
        let mut seen = HashSet::new();
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(id) = self.slug(&row, 0, "org") else {
                continue;
            };
            if twice(&row, "org", &id, &mut seen, &mut self.problems) {
                continue;
            }
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
            self.insert(&row, |sink| sink.insert_org(&org))?;
            self.orgs.insert(org.id);
            self.report.added[0] += 1;
        }
        Ok(())
    }

    pub(super) fn places(&mut self) -> Result<()> {
        let existing: HashMap<String, Place> = self
            .sink
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
        let mut seen = HashSet::new();
        // Parents may come later in the file: check them once every id is known.
        let mut pending = Vec::new();
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(id) = self.slug(&row, 0, "place") else {
                continue;
            };
            if twice(&row, "place", &id, &mut seen, &mut self.problems) {
                continue;
            }
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
            self.insert(&row, |sink| sink.insert_place(&place))?;
            self.report.added[1] += 1;
            pending.push((row, place.parent));
        }
        for (row, parent) in pending {
            self.check_parent(&row, 3, "place", parent.as_deref(), &parents, Entity::Place);
        }
        Ok(())
    }

    pub(super) fn metrics(&mut self) -> Result<()> {
        let existing: HashMap<String, Metric> = self
            .sink
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
        let mut seen = HashSet::new();
        let mut pending = Vec::new();
        while let Some(row) = rows.next(&mut self.problems)? {
            let Some(id) = self.slug(&row, 0, "metric") else {
                continue;
            };
            if twice(&row, "metric", &id, &mut seen, &mut self.problems) {
                continue;
            }
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
            self.insert(&row, |sink| sink.insert_metric(&metric))?;
            self.report.added[2] += 1;
            pending.push((row, metric.parent));
        }
        for (row, parent) in pending {
            self.check_parent(
                &row,
                3,
                "metric",
                parent.as_deref(),
                &parents,
                Entity::Metric,
            );
        }
        Ok(())
    }

    /// A parent must exist, and following parents must never come back to where it started.
    /// `col` is the parent's 1-based column in the table.
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
}

/// True, with a problem recorded, when `id` appeared on an earlier row of the file.
fn twice(
    row: &Row,
    what: &str,
    id: &str,
    seen: &mut HashSet<String>,
    problems: &mut Problems,
) -> bool {
    if seen.insert(id.to_string()) {
        return false;
    }
    row.problem(
        problems,
        1,
        format!("{what} {id:?} appears twice — give each {what} its own id"),
    );
    true
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
