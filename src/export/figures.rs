//! The page's charts: one for each key with more than one claim (`keys`, `charts`), and one
//! for a finding whose claims are on no key's chart (`finding_chart`: a part against its
//! whole, shares of one whole), each drawn by `chart`.

use super::chart::{self, esc, Bar};
use super::lookup::{questioned, Lookup};
use crate::checks::model::Finding;
use crate::store::ClaimReport;
use std::collections::{BTreeMap, HashMap};

/// The keys with more than one claim, in key order, each with its claims in order of their
/// readings (lowest first).
pub(super) fn keys<'a>(lookup: &'a Lookup, ids: &[&String]) -> Vec<(String, Vec<&'a ClaimReport>)> {
    let mut keys: BTreeMap<String, Vec<&ClaimReport>> = BTreeMap::new();
    for id in ids {
        let r = &lookup.claims[*id];
        keys.entry(key_title(r)).or_default().push(r);
    }
    keys.retain(|_, claims| claims.len() > 1);
    for claims in keys.values_mut() {
        claims.sort_by(|a, b| {
            let (x, y) = (&a.row.interval, &b.row.interval);
            x.lower
                .cmp(&y.lower)
                .then(x.upper.cmp(&y.upper))
                .then(a.row.claim.id.cmp(&b.row.claim.id))
        });
    }
    keys.into_iter().collect()
}

/// A chart for each key; returns how many.
pub(super) fn charts(
    h: &mut String,
    keys: Vec<(String, Vec<&ClaimReport>)>,
    questioned_by: &HashMap<&str, Vec<&'static str>>,
) -> usize {
    h.push_str(&format!("<section id=\"charts\"><h2>Figures by key ({})</h2><p class=\"muted\">Each chart puts every claim about one figure (the same kind, metric, place and period) on one axis: where two bars do not overlap, the claims cannot both be true. Labels link to the sources.</p>", keys.len()));
    h.push_str(&chart::legend());
    for (n, (title, claims)) in keys.iter().enumerate() {
        let bars: Vec<Bar<'_>> = claims
            .iter()
            .map(|r| {
                let marks = questioned_by.get(r.row.claim.id.as_str());
                bar(r, marks.cloned().unwrap_or_default())
            })
            .collect();
        let unit = claims[0].row.unit.as_str();
        h.push_str(&format!("<h3 id=\"key-{}\">{}</h3>", n + 1, esc(title)));
        h.push_str(&chart::svg(title, unit, &bars));
    }
    h.push_str("</section>\n");
    keys.len()
}

/// A key in words: `count of fatalities · pakistan · 2023`, `change of … · 2023 against 2022`.
fn key_title(r: &ClaimReport) -> String {
    let c = &r.row.claim;
    let mut t = format!("{} of {} · {} · {}", c.kind, c.metric, c.place, c.period);
    if let Some(base) = &c.base {
        t.push_str(&format!(" against {base}"));
    }
    if let Some(of) = &c.of {
        t.push_str(&format!(" · of {of}"));
    }
    t
}

/// A chart of a finding's own claims (questioned first, then its evidence) that share the
/// first questioned claim's unit, the questioned ones marked with the finding's code; `None`
/// when fewer than two share it (a change against the counts it was recomputed from).
pub(super) fn finding_chart(f: &Finding, lookup: &Lookup) -> Option<String> {
    let q = questioned(f);
    let first = lookup.claims.get(*q.first()?)?;
    let mut ids: Vec<&str> = q.clone();
    for e in &f.evidence {
        if !ids.contains(&e.as_str()) {
            ids.push(e);
        }
    }
    let claims: Vec<&ClaimReport> = ids
        .iter()
        .filter_map(|id| lookup.claims.get(*id))
        .filter(|r| r.row.unit == first.row.unit)
        .collect();
    // Its claims differ in key (a part and its whole): the label says which is which.
    let labels: Vec<String> = claims
        .iter()
        .map(|r| {
            let c = &r.row.claim;
            format!("{} · {} {} {}", r.source.title, c.metric, c.place, c.period)
        })
        .collect();
    let bars: Vec<Bar<'_>> = claims
        .iter()
        .zip(&labels)
        .map(|(r, label)| {
            let marks = if q.contains(&r.row.claim.id.as_str()) {
                vec![f.code]
            } else {
                vec![]
            };
            Bar {
                source: label,
                ..bar(r, marks)
            }
        })
        .collect();
    if bars.len() < 2 {
        return None;
    }
    let title = format!("{} {}: the claims it compares", f.code, f.name);
    Some(chart::svg(&title, first.row.unit.as_str(), &bars))
}

/// A claim as a chart's row.
fn bar<'a>(r: &'a ClaimReport, questioned: Vec<&'static str>) -> Bar<'a> {
    Bar {
        id: &r.row.claim.id,
        printed: &r.row.claim.printed,
        source: &r.source.title,
        url: r.source.url.as_deref(),
        interval: &r.row.interval,
        primary: r.row.claim.is_primary(&r.source),
        questioned,
    }
}
