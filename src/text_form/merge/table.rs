//! Tables merged by id. The three versions are walked side by side in id order, as `dump`
//! writes them, so a merge of a million claims holds three rows at a time, not three tables;
//! a version that is not in id order (edited by hand) is merged in memory instead, with the
//! same result.

use super::rows::{parse, Rows};
use super::{csv_line, Cells, Conflict, Merged, Out, SIDES};
use crate::error::{Error, Result};
use crate::text_form::Table;
use std::collections::BTreeMap;

pub(super) fn merge(
    path: &str,
    table: &Table,
    what: &'static str,
    versions: [&[u8]; 3],
) -> Result<Merged> {
    match streamed(path, table, what, versions)? {
        Some(merged) => Ok(merged),
        None => in_memory(path, table, what, versions),
    }
}

const NAMES: [&str; 3] = ["base", "ours", "theirs"];

/// The merge in one pass, or `None` when a version's ids do not strictly increase.
fn streamed(
    path: &str,
    table: &Table,
    what: &'static str,
    versions: [&[u8]; 3],
) -> Result<Option<Merged>> {
    let mut rows = [
        Rows::new(path, NAMES[0], table, versions[0])?,
        Rows::new(path, NAMES[1], table, versions[1])?,
        Rows::new(path, NAMES[2], table, versions[2])?,
    ];
    let mut heads = [
        rows[0].next_row()?,
        rows[1].next_row()?,
        rows[2].next_row()?,
    ];
    let mut merger = Merger::new(path, table, what)?;
    while let Some(id) = heads.iter().flatten().map(|r| &r[0]).min().cloned() {
        let mut taken: [Option<Cells>; 3] = [None, None, None];
        for i in 0..3 {
            if heads[i].as_ref().is_some_and(|r| r[0] == id) {
                taken[i] = heads[i].take();
                heads[i] = rows[i].next_row()?;
                if heads[i].as_ref().is_some_and(|r| r[0] <= id) {
                    return Ok(None);
                }
            }
        }
        let [b, o, t] = &taken;
        merger.one(&id, b.as_ref(), o.as_ref(), t.as_ref())?;
    }
    merger.finish().map(Some)
}

/// The merge of versions read whole (any row order; an id twice is refused).
fn in_memory(
    path: &str,
    table: &Table,
    what: &'static str,
    versions: [&[u8]; 3],
) -> Result<Merged> {
    let mut maps = Vec::with_capacity(3);
    for (side, bytes) in NAMES.into_iter().zip(versions) {
        let mut map = BTreeMap::new();
        for row in parse(path, side, table, bytes)? {
            let id = row[0].clone();
            if map.insert(id.clone(), row).is_some() {
                return Err(Error::invalid(format!(
                    "{path} ({side}): {what} {id:?} is there twice; merge this file by hand"
                )));
            }
        }
        maps.push(map);
    }
    let (b, o, t) = (&maps[0], &maps[1], &maps[2]);
    let mut ids: Vec<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut merger = Merger::new(path, table, what)?;
    for id in ids {
        merger.one(id, b.get(id), o.get(id), t.get(id))?;
    }
    merger.finish()
}

/// The merged file being written, one id at a time.
struct Merger<'p> {
    path: &'p str,
    what: &'static str,
    out: Out,
    conflicts: Vec<Conflict>,
}

impl<'p> Merger<'p> {
    fn new(path: &'p str, table: &Table, what: &'static str) -> Result<Self> {
        Ok(Merger {
            path,
            what,
            out: Out::new(table)?,
            conflicts: Vec::new(),
        })
    }

    /// One id: a change on one side is taken; two different changes are a conflict.
    fn one(
        &mut self,
        id: &str,
        bv: Option<&Cells>,
        ov: Option<&Cells>,
        tv: Option<&Cells>,
    ) -> Result<()> {
        let taken = if ov == tv || tv == bv {
            Ok(ov)
        } else if ov == bv {
            Ok(tv)
        } else {
            Err(if bv.is_none() {
                "added on both sides with different content"
            } else if ov.is_none() || tv.is_none() {
                "removed on one side and changed on the other"
            } else {
                "changed on both sides"
            })
        };
        match taken {
            Ok(Some(row)) => self.out.row(row),
            Ok(None) => Ok(()),
            Err(why) => {
                let one = |v: Option<&Cells>| v.into_iter().cloned().collect::<Vec<_>>();
                let label = format!("{} {id}", self.what);
                self.out.conflict(&label, &one(ov), &one(bv), &one(tv))?;
                self.conflicts.push(Conflict {
                    file: self.path.to_string(),
                    what: self.what,
                    id: id.to_string(),
                    ours: ov.map(|r| csv_line(r)),
                    theirs: tv.map(|r| csv_line(r)),
                    why,
                    labels: SIDES,
                });
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<Merged> {
        Ok(Merged {
            bytes: self.out.finish()?,
            conflicts: self.conflicts,
        })
    }
}
