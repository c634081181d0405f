//! `org`, `place` and `metric`: the ledger's vocabulary, with aliases that `add` accepts
//! wherever an id is expected.

use super::{open_read, open_write};
use crate::cli::{MetricCommand, OrgCommand, PlaceCommand};
use crate::error::{Error, Result};
use crate::records::{is_slug, Metric, Org, Place};
use crate::store::{Entity, Tx};
use crate::Status;
use std::io::Write;
use std::path::Path;

pub fn org(db: &Path, command: OrgCommand, out: &mut dyn Write) -> Result<Status> {
    match command {
        OrgCommand::Add { id, name, aliases } => {
            slug("org", &id)?;
            let org = Org {
                id,
                name,
                aliases: clean_aliases(aliases)?,
            };
            open_write(db)?.write(|tx| {
                unclaimed(tx, Entity::Org, &org.id, &org.aliases)?;
                tx.insert_org(&org)
            })?;
            writeln!(out, "org {}", org.id)?;
        }
        OrgCommand::List => {
            for org in open_read(db)?.reader().orgs()? {
                writeln!(out, "{}\t{}\t{}", org.id, org.name, org.aliases.join("|"))?;
            }
        }
    }
    Ok(Status::Done)
}

pub fn place(db: &Path, command: PlaceCommand, out: &mut dyn Write) -> Result<Status> {
    match command {
        PlaceCommand::Add {
            id,
            name,
            parent,
            aliases,
        } => {
            slug("place", &id)?;
            let aliases = clean_aliases(aliases)?;
            open_write(db)?.write(|tx| {
                unclaimed(tx, Entity::Place, &id, &aliases)?;
                let parent = parent
                    .map(|p| tx.reader().resolve(Entity::Place, &p))
                    .transpose()?;
                tx.insert_place(&Place {
                    id: id.clone(),
                    name,
                    parent,
                    aliases,
                })
            })?;
            writeln!(out, "place {id}")?;
        }
        PlaceCommand::List => {
            for p in open_read(db)?.reader().places()? {
                let parent = p.parent.unwrap_or_default();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    p.id,
                    p.name,
                    parent,
                    p.aliases.join("|")
                )?;
            }
        }
    }
    Ok(Status::Done)
}

pub fn metric(db: &Path, command: MetricCommand, out: &mut dyn Write) -> Result<Status> {
    match command {
        MetricCommand::Add {
            id,
            name,
            parent,
            definition,
            aliases,
        } => {
            slug("metric", &id)?;
            let aliases = clean_aliases(aliases)?;
            open_write(db)?.write(|tx| {
                unclaimed(tx, Entity::Metric, &id, &aliases)?;
                let parent = parent
                    .map(|p| tx.reader().resolve(Entity::Metric, &p))
                    .transpose()?;
                tx.insert_metric(&Metric {
                    id: id.clone(),
                    name,
                    parent,
                    definition,
                    aliases,
                })
            })?;
            writeln!(out, "metric {id}")?;
        }
        MetricCommand::List => {
            for m in open_read(db)?.reader().metrics()? {
                let parent = m.parent.unwrap_or_default();
                let definition = m.definition.unwrap_or_default();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    m.id,
                    m.name,
                    parent,
                    definition,
                    m.aliases.join("|")
                )?;
            }
        }
    }
    Ok(Status::Done)
}

/// Refuse an id that is not a slug, naming it.
pub(super) fn slug(what: &'static str, id: &str) -> Result<()> {
    if is_slug(id) {
        Ok(())
    } else {
        Err(Error::BadSlug {
            what,
            value: id.to_string(),
        })
    }
}

/// Refuse an id or alias that already names another row of the same kind (as `resolve` reads
/// it: an id, alias or name, case-blind), so that one spelling always resolves to one row.
fn unclaimed(tx: &Tx<'_>, entity: Entity, id: &str, aliases: &[String]) -> Result<()> {
    let reader = tx.reader();
    for name in std::iter::once(id).chain(aliases.iter().map(String::as_str)) {
        match reader.resolve(entity, name) {
            Ok(other) if other != id => {
                return Err(Error::invalid(format!(
                    "{name:?} already names {what} {other:?}; an id or alias may stand for one {what} only: pick another",
                    what = entity.noun()
                )))
            }
            Ok(_) | Err(Error::UnknownId { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Aliases are stored `|`-joined, so an alias may not hold a `|`; blank ones are dropped.
fn clean_aliases(aliases: Vec<String>) -> Result<Vec<String>> {
    let mut clean = Vec::new();
    for alias in aliases {
        let alias = alias.trim().to_string();
        if alias.contains('|') {
            return Err(Error::invalid(format!(
                "alias {alias:?} contains '|', which separates aliases; give each alias its own --alias"
            )));
        }
        if !alias.is_empty() && !clean.contains(&alias) {
            clean.push(alias);
        }
    }
    Ok(clean)
}
