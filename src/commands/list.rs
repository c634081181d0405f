//! `list`: claims with their readings and current verdict, as an aligned table, CSV or JSON.
//! `--metric` and `--place` include what nests under them (a union of places matches when
//! every part does); `--period` matches the claims whose period lies within it, in any form
//! (`2023/` runs without end); `--exact` narrows all three to equality.

use super::add::resolve_places;
use super::open_read;
use crate::checks::model::Verdict;
use crate::cli::{ListArgs, ListFormat, VerdictArg};
use crate::error::Result;
use crate::export::columns;
use crate::export::{Cell, Sheet};
pub(super) use crate::interval::reading_text;
use crate::period::{parse_date, Day, Period, Span};
use crate::store::{ClaimFilter, ClaimRow, Entity, Reader};
use crate::Status;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

/// One claim as `list --format csv|json` prints it.
#[derive(Serialize)]
struct ClaimView<'a> {
    id: &'a str,
    source: &'a str,
    kind: &'a str,
    metric: &'a str,
    place: &'a str,
    period: &'a str,
    base: &'a str,
    of: &'a str,
    attributed_to: &'a str,
    printed: &'a str,
    reading: String,
    lower: Option<f64>,
    upper: Option<f64>,
    lower_open: bool,
    upper_open: bool,
    verdict: &'a str,
    quote: &'a str,
    note: &'a str,
}

impl<'a> ClaimView<'a> {
    fn of(row: &'a ClaimRow) -> Self {
        let c = &row.claim;
        let s = |o: &'a Option<String>| o.as_deref().unwrap_or("");
        ClaimView {
            id: &c.id,
            source: &c.source,
            kind: c.kind.as_str(),
            metric: &c.metric,
            place: &c.place,
            period: &c.period,
            base: s(&c.base),
            of: s(&c.of),
            attributed_to: s(&c.attributed_to),
            printed: &c.printed,
            reading: reading_text(&row.interval, c.kind),
            lower: row.interval.lower.finite_f64(),
            upper: row.interval.upper.finite_f64(),
            lower_open: row.interval.lower_open,
            upper_open: row.interval.upper_open,
            verdict: row.verdict.map_or("", |v| v.as_str()),
            quote: &c.quote,
            note: s(&c.note),
        }
    }
}

/// One claim as `list --format csv` writes it: the JSON's fields, in its order, with the unit.
fn csv_cells(row: &ClaimRow) -> Vec<Cell<'_>> {
    let c = &row.claim;
    let i = &row.interval;
    let flag = |b: bool| Cell::text(if b { "true" } else { "false" });
    vec![
        Cell::text(&c.id),
        Cell::text(&c.source),
        Cell::text(c.kind.as_str()),
        Cell::text(&c.metric),
        Cell::text(&c.place),
        Cell::text(&c.period),
        Cell::opt(&c.base),
        Cell::opt(&c.of),
        Cell::opt(&c.attributed_to),
        Cell::text(&c.printed),
        Cell::owned(reading_text(i, c.kind)),
        Cell::Number(i.lower.clone()),
        Cell::Number(i.upper.clone()),
        flag(i.lower_open),
        flag(i.upper_open),
        Cell::text(row.unit.as_str()),
        Cell::text(row.verdict.map_or("", |v| v.as_str())),
        Cell::text(&c.quote),
        Cell::opt(&c.note),
    ]
}

pub fn run(db: &Path, args: ListArgs, out: &mut dyn Write) -> Result<Status> {
    let store = open_read(db)?;
    let snapshot = store.snapshot()?;
    let reader = snapshot.reader();
    let metric = args
        .metric
        .as_deref()
        .map(|m| reader.resolve(Entity::Metric, m))
        .transpose()?;
    // A union is stored as its sorted ids, as `add` writes it.
    let place = args
        .place
        .as_deref()
        .map(|p| resolve_places(&reader, p))
        .transpose()?;
    // Without --exact, what nests under --metric and --place matches too: the store narrows
    // by equality only with --exact, and the trees are checked here.
    let metrics = match (&metric, args.exact) {
        (Some(m), false) => Some(subtree_of_union(m, reader.metric_parents()?)),
        _ => None,
    };
    let places = match (&place, args.exact) {
        (Some(p), false) => Some(subtree_of_union(p, reader.place_parents()?)),
        _ => None,
    };
    let filter = ClaimFilter {
        metric: metric.filter(|_| args.exact),
        metric_in: metrics.as_ref().map(|ms| {
            let mut ms: Vec<String> = ms.iter().cloned().collect();
            ms.sort_unstable();
            ms
        }),
        place: place.filter(|_| args.exact),
        verdict: args.verdict.map(verdict_of),
        source: None,
    };
    let within = args
        .period
        .as_deref()
        .map(Period::parse)
        .transpose()?
        .map(|p| Span {
            start: p.start,
            // `2023/`: from 2023 on, without end.
            end: p.end.unwrap_or(Day::MAX),
        });
    let mut published = PublishedCache::default();
    // Claims in id order, narrowed by the trees and --period (which needs each source's
    // publication date, for periods that run up to it).
    let mut each = |visit: &mut dyn FnMut(ClaimRow) -> Result<()>| {
        reader.for_each_claim(&filter, |row| {
            let c = &row.claim;
            if metrics.as_ref().is_some_and(|ms| !ms.contains(&c.metric)) {
                return Ok(());
            }
            if places
                .as_ref()
                .is_some_and(|ps| !c.place.split('+').all(|p| ps.contains(p)))
            {
                return Ok(());
            }
            if let Some(within) = &within {
                let published = published.get(&reader, &c.source)?;
                let span = Period::parse(&c.period)?.resolve(published);
                let keep = if args.exact {
                    span == *within
                } else {
                    within.contains(&span)
                };
                if !keep {
                    return Ok(());
                }
            }
            visit(row)
        })
    };
    match args.format {
        ListFormat::Table => {
            let mut rows = Vec::new();
            each(&mut |row| {
                rows.push(row);
                Ok(())
            })?;
            table(&rows, out)?;
        }
        ListFormat::Csv => {
            // The exports' writer: a quote starting with `=` cannot run in a spreadsheet.
            let mut sheet = Sheet::new(&mut *out, &columns::names(&columns::LIST))?;
            each(&mut |row| sheet.row(csv_cells(&row)))?;
            sheet.finish()?;
        }
        ListFormat::Json => {
            write!(out, "[")?;
            let mut first = true;
            each(&mut |row| {
                write!(out, "{}\n  ", if first { "" } else { "," })?;
                serde_json::to_writer(&mut *out, &ClaimView::of(&row))
                    .map_err(std::io::Error::from)?;
                first = false;
                Ok(())
            })?;
            writeln!(out, "{}]", if first { "" } else { "\n" })?;
        }
    }
    Ok(Status::Done)
}

/// An aligned table, for a person at a terminal.
fn table(rows: &[ClaimRow], out: &mut dyn Write) -> Result<()> {
    let header = [
        "id", "kind", "metric", "place", "period", "printed", "reading", "verdict",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            let c = &r.claim;
            let period = match (&c.base, &c.of) {
                (Some(base), _) => format!("{} vs {}", c.period, base),
                (_, Some(of)) => format!("{} of {}", c.period, of),
                _ => c.period.clone(),
            };
            [
                c.id.clone(),
                c.kind.to_string(),
                c.metric.clone(),
                c.place.clone(),
                period,
                c.printed.clone(),
                reading_text(&r.interval, c.kind),
                r.verdict.map_or("-", |v| v.as_str()).to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str]| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{:<w$}  ", cell, w = widths[i]));
            }
        }
        s
    };
    writeln!(out, "{}", line(&header))?;
    for row in &cells {
        writeln!(out, "{}", line(&row.each_ref().map(String::as_str)))?;
    }
    writeln!(out, "{} claim(s)", rows.len())?;
    Ok(())
}

pub(super) fn verdict_of(v: VerdictArg) -> Verdict {
    match v {
        VerdictArg::Supported => Verdict::Supported,
        VerdictArg::Disputed => Verdict::Disputed,
        VerdictArg::Refuted => Verdict::Refuted,
        VerdictArg::Unverifiable => Verdict::Unverifiable,
    }
}

/// Every id that nests under (or is) one of the `+`-joined roots, given `(child, parent)`
/// pairs.
fn subtree_of_union(roots: &str, parents: Vec<(String, String)>) -> HashSet<String> {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    for (child, parent) in parents {
        children.entry(parent).or_default().push(child);
    }
    let mut out = HashSet::new();
    let mut todo: Vec<String> = roots.split('+').map(str::to_string).collect();
    while let Some(id) = todo.pop() {
        if out.insert(id.clone()) {
            todo.extend(children.get(&id).into_iter().flatten().cloned());
        }
    }
    out
}

/// Publication dates of sources, looked up once each (open-ended periods end there).
#[derive(Default)]
struct PublishedCache(HashMap<String, Option<Span>>);

impl PublishedCache {
    fn get(&mut self, reader: &Reader<'_>, source: &str) -> Result<Option<Span>> {
        if let Some(span) = self.0.get(source) {
            return Ok(*span);
        }
        let span = reader
            .source(source)?
            .and_then(|s| s.published)
            .and_then(|p| parse_date(&p).ok());
        self.0.insert(source.to_string(), span);
        Ok(span)
    }
}
