//! Resolving what a user typed to an id: the id itself, or an alias or name (orgs, places,
//! metrics, case-blind), and for an unknown one the nearest existing id ("did you mean").

use super::{Entity, Reader};
use crate::error::{Error, Result};
use crate::records::split_list;
use rusqlite::ToSql;

impl Reader<'_> {
    /// The id that `text` names: the id itself, or (orgs, places, metrics) an alias or name,
    /// case-blind. Unknown: an error naming the nearest existing id.
    pub fn resolve(&self, entity: Entity, text: &str) -> Result<String> {
        if self.exists(entity, text)? {
            return Ok(text.to_string());
        }
        let candidates = self.names_of(entity, text)?;
        let folded = text.trim().to_lowercase();
        if entity.has_aliases() {
            for (id, names) in &candidates {
                if id.to_lowercase() == folded || names.iter().any(|n| n.to_lowercase() == folded) {
                    return Ok(id.clone());
                }
            }
        }
        Err(Error::UnknownId {
            what: entity.noun(),
            value: text.to_string(),
            nearest: nearest(&folded, &candidates),
        })
    }

    /// Ids (with names and aliases) to suggest from. Claims and sources can be many: only the
    /// neighbours of `text` in id order are offered.
    fn names_of(&self, entity: Entity, text: &str) -> Result<Vec<(String, Vec<String>)>> {
        let sql = match entity {
            Entity::Org | Entity::Place | Entity::Metric => {
                format!("SELECT id, name, aliases FROM {}", entity.table())
            }
            _ => format!(
                "SELECT id, '', '' FROM (SELECT id FROM {t} WHERE id < :text ORDER BY id DESC LIMIT 20) \
                 UNION ALL SELECT id, '', '' FROM (SELECT id FROM {t} WHERE id > :text ORDER BY id LIMIT 20)",
                t = entity.table()
            ),
        };
        let mut stmt = self.conn().prepare(&sql)?;
        let bound: Vec<(&str, &dyn ToSql)> = if entity.has_aliases() {
            vec![]
        } else {
            vec![(":text", &text)]
        };
        let rows = stmt.query_map(bound.as_slice(), |r| {
            let mut names = split_list(&r.get::<_, String>(2)?);
            let name: String = r.get(1)?;
            if !name.is_empty() {
                names.push(name);
            }
            Ok((r.get::<_, String>(0)?, names))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The candidate id whose id, name or alias is closest to `text` by edit distance, when it is
/// close enough to be a plausible typo.
fn nearest(text: &str, candidates: &[(String, Vec<String>)]) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    for (id, names) in candidates {
        for name in std::iter::once(id).chain(names.iter()) {
            let d = edit_distance(text, &name.to_lowercase());
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, id));
            }
        }
    }
    best.filter(|(d, _)| *d <= text.chars().count().max(3) / 2)
        .map(|(_, id)| id.clone())
}

/// Levenshtein distance, by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_only() {
        let c = vec![
            ("pips".to_string(), vec!["PIPS".to_string()]),
            ("crss".to_string(), vec![]),
        ];
        assert_eq!(nearest("pipss", &c), Some("pips".into()));
        assert_eq!(nearest("crs", &c), Some("crss".into()));
        assert_eq!(nearest("united-nations", &c), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
