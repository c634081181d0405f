//! Merging `reviews.csv` and `waivers.csv`: the base's rows as they are, then every row either
//! side added (a row both added once is kept once), in order of `at`, then the claim or
//! finding, then the other cells in column order, each re-hashed onto the chain. The order
//! depends only on the rows, never on which side is ours, so merging A into B and B into A
//! give the same bytes; and the merged chain verifies, whichever rows came from where.
//!
//! The base's rows must all be on both sides, unchanged and in their order, but not
//! necessarily first: a branch that merged another one before holds that merge's rows among
//! them. Not mergeable: a side that lacks a base row (a review removed, edited or moved, which
//! the hash chain exists to show), and, in `waivers.csv`, one finding
//! waived on both sides with different reasons (a finding is waived once). The first leaves
//! ours as it is; the second writes both waivers between markers, and leaves the hash of it
//! and of every row after it empty: once a person keeps one, `import` fills them in (an empty
//! hash is accepted on the newest rows only).

use super::{csv_line, Cells, Conflict, Merged, Out};
use crate::checks::history::chain_hash;
use crate::error::Result;
use crate::text_form::Table;
use std::collections::BTreeMap;

pub(super) fn merge(
    path: &str,
    table: &Table,
    what: &'static str,
    base: Vec<Cells>,
    ours: Vec<Cells>,
    theirs: Vec<Cells>,
    ours_bytes: &[u8],
) -> Result<Merged> {
    let fields = table.columns.len() - 1;
    let (added_ours, added_theirs) =
        match (added(&base, &ours, fields), added(&base, &theirs, fields)) {
            (Ok(o), Ok(t)) => (o, t),
            (o, t) => {
                let n = o.err().into_iter().chain(t.err()).min().unwrap_or(0);
                let keeps = |side: &[Cells]| added(&base[..=n], side, fields).is_ok();
                let lacking = match (keeps(&ours), keeps(&theirs)) {
                    (false, false) => "both sides",
                    (false, true) => "ours",
                    _ => "theirs",
                };
                return Ok(Merged {
                    bytes: ours_bytes.to_vec(),
                    conflicts: vec![Conflict {
                        file: path.to_string(),
                        what: "row",
                        id: (n + 1).to_string(),
                        ours: Some(csv_line(&base[n])),
                        theirs: Some(lacking.to_string()),
                        why: "of the base history is removed, edited or moved (the history is \
                              append-only: restore the base's rows, then merge again)",
                        labels: ["the base has", "not kept by"],
                    }],
                });
            }
        };

    // Every added row, as many times as the side that added it most often has it.
    let mut added: BTreeMap<Vec<&str>, [usize; 2]> = BTreeMap::new();
    for (side, rows) in [(0, &added_ours), (1, &added_theirs)] {
        for r in rows {
            added.entry(sort_key(r, fields)).or_default()[side] += 1;
        }
    }
    let mut rows: Vec<(Vec<&str>, usize)> = added
        .into_iter()
        .map(|(key, [o, t])| (key, o.max(t)))
        .collect();
    rows.sort();

    // In waivers.csv a finding is waived once: two different waivers of it conflict.
    let mut versions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    if what == "finding" {
        for (i, (key, _)) in rows.iter().enumerate() {
            versions.entry(key[1]).or_default().push(i);
        }
        versions.retain(|_, v| v.len() > 1);
    }

    let mut out = Out::new(table)?;
    let mut prev = base.last().map_or(String::new(), |r| r[fields].clone());
    for r in &base {
        out.row(r)?;
    }
    let mut conflicts = Vec::new();
    let mut chained = true;
    for (i, (key, copies)) in rows.iter().enumerate() {
        let id = if what == "finding" { key[1] } else { "" };
        if let Some(list) = versions.get(id) {
            if list[0] != i {
                continue;
            }
            chained = false;
            let cells = |j: usize| unsort(&rows[j].0, fields, String::new());
            let side_of = |j: usize| {
                let k = unsort(&rows[j].0, fields, String::new());
                added_ours.iter().any(|r| r[..fields] == k[..fields])
            };
            let (mine, other): (Vec<usize>, Vec<usize>) = list.iter().partition(|&&j| side_of(j));
            let o: Vec<Cells> = mine.iter().map(|&j| cells(j)).collect();
            let t: Vec<Cells> = other.iter().map(|&j| cells(j)).collect();
            out.conflict(&format!("waivers of finding {id}"), &o, &[], &t)?;
            conflicts.push(Conflict {
                file: path.to_string(),
                what,
                id: id.to_string(),
                ours: o.first().map(|r| csv_line(r)),
                theirs: t.first().map(|r| csv_line(r)),
                why: "waived on both sides with different reasons (a finding is waived once)",
                labels: super::SIDES,
            });
            continue;
        }
        for _ in 0..*copies {
            let hash = if chained {
                let cells: Vec<&str> = unsorted_refs(key, fields);
                chain_hash(&prev, &cells)
            } else {
                String::new()
            };
            let row = unsort(key, fields, hash.clone());
            out.row(&row)?;
            if chained {
                prev = hash;
            }
        }
    }
    Ok(Merged {
        bytes: out.finish()?,
        conflicts,
    })
}

/// The rows of `side` that are not the base's: the base's rows must all be there, unchanged
/// and in their order (a side that merged another branch before may hold added rows among
/// them, ordered by `at`), else the index of the first base row that is not.
fn added<'a>(
    base: &[Cells],
    side: &'a [Cells],
    fields: usize,
) -> std::result::Result<Vec<&'a Cells>, usize> {
    let mut next = 0;
    let mut added = Vec::new();
    for r in side {
        if next < base.len() && base[next][..fields] == r[..fields] {
            next += 1;
        } else {
            added.push(r);
        }
    }
    if next < base.len() {
        Err(next)
    } else {
        Ok(added)
    }
}

/// A row's order: `at` first, then the claim or finding (the first column), then the other
/// cells in column order; the hash, which the merge recomputes, is left out.
fn sort_key(row: &Cells, fields: usize) -> Vec<&str> {
    let at = AT;
    let mut key = vec![row[at].as_str(), row[0].as_str()];
    key.extend((1..fields).filter(|&i| i != at).map(|i| row[i].as_str()));
    key
}

/// Where `at` is: the fourth column of both histories (`claim,verdict,reviewer,at,...` and
/// `finding,reason,reviewer,at`).
const AT: usize = 3;

/// The fields of a sort key back in column order (without the hash).
fn unsorted_refs<'a>(key: &[&'a str], fields: usize) -> Vec<&'a str> {
    let at = AT;
    let mut cells = Vec::with_capacity(fields);
    cells.push(key[1]);
    let mut rest = key[2..].iter();
    for i in 1..fields {
        if i == at {
            cells.push(key[0]);
        } else {
            cells.push(rest.next().copied().unwrap_or(""));
        }
    }
    cells
}

/// The row of a sort key, with `hash` last.
fn unsort(key: &[&str], fields: usize, hash: String) -> Cells {
    let mut cells: Cells = unsorted_refs(key, fields)
        .into_iter()
        .map(str::to_string)
        .collect();
    cells.push(hash);
    cells
}
