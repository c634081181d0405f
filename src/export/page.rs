//! `report --out FILE.html`: one self-contained page a reviewer opens in a browser, with no
//! network, no script and no external file (styles inline, charts inline SVG), in sections:
//! the summary; the findings by severity, each with its message, its working and the claims
//! it questions and measured them against (info findings folded in a `<details>`), linked to
//! its key's chart or with a chart of its own claims (`figures`); a chart for each key with
//! more than one claim; every claim, each with the anchor
//! `#claim-ID` that ClaimReview's `url` points at. The same ledger gives the same bytes.

use super::chart::{self, esc, link};
use super::figures::{self, charts, keys};
use super::lookup::{against, questioned, Lookup};
use crate::checks::model::{Finding, Severity};
use crate::error::Result;
use crate::interval::fmt_num;
use crate::store::{ClaimReport, Reader};
use std::collections::HashMap;
use std::fmt;
use std::io::Write;

/// What the page shows, for the command's one line of output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PageSummary {
    pub claims: usize,
    pub findings: usize,
    pub charts: usize,
}

impl fmt::Display for PageSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} claims, {} findings, {} charts",
            self.claims, self.findings, self.charts
        )
    }
}

const STYLE: &str = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1b1f24;margin:0;background:#fff}
main{max-width:900px;margin:0 auto;padding:20px 24px 60px}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #d8dce1;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #e3e6ea}
th{background:#f3f4f6;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.summary td,.summary th{width:14%;text-align:center}td.reading{white-space:nowrap}
.finding{border-left:5px solid #9aa1a9;padding:4px 12px 8px;margin:14px 0;background:#fafbfc}
.finding.error{border-color:#c0262d}.finding.warning{border-color:#d08400}.finding.info{border-color:#5b7fb5}
.sev{display:inline-block;font-size:12px;font-weight:700;text-transform:uppercase;padding:1px 6px;border-radius:3px;color:#fff;background:#5b7fb5}
.sev.error{background:#c0262d}.sev.warning{background:#b87400}
pre{white-space:pre-wrap;background:#f3f4f6;padding:8px 10px;margin:6px 0;font-size:13px}
code{font-size:13px}.muted{color:#5d6570}.role-q{color:#c0262d;font-weight:600}
.chart .label{font-size:13px}.chart .source{font-size:12px;fill:#4a5562}.chart a .source{fill:#1f4fa3;text-decoration:underline}.chart .tick{font-size:12px;fill:#5d6570}.legend .label{font-size:13px}
svg{max-width:100%;height:auto}a{color:#1f4fa3}";

/// Write the page for `findings` (in `check`'s order) over the ledger `reader` reads.
pub fn write(
    reader: &Reader<'_>,
    findings: &[Finding],
    out: &mut dyn Write,
) -> Result<PageSummary> {
    let lookup = Lookup::all(reader)?;
    let mut ids: Vec<&String> = lookup.claims.keys().collect();
    ids.sort();
    let questioned_by = questioning(findings);
    let keys = keys(&lookup, &ids);
    let chart_of: HashMap<&str, (usize, &str)> = keys
        .iter()
        .enumerate()
        .flat_map(|(n, (title, claims))| {
            claims
                .iter()
                .map(move |r| (r.row.claim.id.as_str(), (n + 1, title.as_str())))
        })
        .collect();
    let mut h = String::new();
    h.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    h.push_str("<title>claimledger report</title><style>");
    h.push_str(STYLE);
    h.push_str("</style></head><body><main>\n<h1>Claim ledger report</h1>\n");
    summary(&mut h, reader, &lookup, findings)?;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        section(&mut h, severity, findings, &lookup, &chart_of);
    }
    let charts = charts(&mut h, keys, &questioned_by);
    claims_table(&mut h, &lookup, &ids);
    h.push_str("</main></body></html>\n");
    out.write_all(h.as_bytes())?;
    Ok(PageSummary {
        claims: ids.len(),
        findings: findings.len(),
        charts,
    })
}

/// For each claim, the codes of the unwaived error and warning findings that question it.
fn questioning(findings: &[Finding]) -> HashMap<&str, Vec<&'static str>> {
    let mut map: HashMap<&str, Vec<&'static str>> = HashMap::new();
    for f in findings
        .iter()
        .filter(|f| !f.waived && f.severity != Severity::Info)
    {
        for c in questioned(f) {
            let codes = map.entry(c).or_default();
            if !codes.contains(&f.code) {
                codes.push(f.code);
            }
        }
    }
    map
}

fn summary(
    h: &mut String,
    reader: &Reader<'_>,
    lookup: &Lookup,
    findings: &[Finding],
) -> Result<()> {
    let sources = reader.sources()?.len();
    let reviewed = lookup
        .claims
        .values()
        .filter(|c| c.latest.is_some())
        .count();
    let mut n = [0usize; 4];
    for f in findings {
        n[if f.waived { 3 } else { f.severity as usize }] += 1;
    }
    h.push_str("<section id=\"summary\"><h2>Summary</h2><table class=\"summary\"><tr><th>claims</th><th>sources</th><th>reviewed</th><th>errors</th><th>warnings</th><th>info</th><th>waived</th></tr><tr>");
    for v in [
        lookup.claims.len(),
        sources,
        reviewed,
        n[0],
        n[1],
        n[2],
        n[3],
    ] {
        h.push_str(&format!("<td class=\"num\">{v}</td>"));
    }
    h.push_str("</tr></table><p class=\"muted\">Errors are what cannot be true or breaks provenance (a claim contradicting the body it is credited to); warnings are disagreements involving a figure reported by someone other than the body; info findings are differences between bodies' own figures, revisions and claims not yet reviewed. Jump to <a href=\"#errors\">errors</a>, <a href=\"#warnings\">warnings</a>, <a href=\"#info\">info</a>, <a href=\"#charts\">charts</a>, <a href=\"#claims\">all claims</a>.</p></section>\n");
    Ok(())
}

/// Claim id -> the number and title of the chart it is on.
type ChartOf<'a> = HashMap<&'a str, (usize, &'a str)>;

/// The findings of one severity; info ones folded, since most are "not yet reviewed".
fn section(
    h: &mut String,
    severity: Severity,
    findings: &[Finding],
    lookup: &Lookup,
    chart_of: &ChartOf<'_>,
) {
    let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
    let (id, title) = match severity {
        Severity::Error => ("errors", "Errors"),
        Severity::Warning => ("warnings", "Warnings"),
        Severity::Info => ("info", "Info"),
    };
    h.push_str(&format!(
        "<section id=\"{id}\"><h2>{title} ({})</h2>\n",
        group.len()
    ));
    if group.is_empty() {
        h.push_str("<p class=\"muted\">None.</p>");
    }
    let fold = severity == Severity::Info && !group.is_empty();
    if fold {
        h.push_str("<details><summary>Show the info findings</summary>");
    }
    for f in group {
        finding(h, f, lookup, chart_of);
    }
    if fold {
        h.push_str("</details>");
    }
    h.push_str("</section>\n");
}

fn finding(h: &mut String, f: &Finding, lookup: &Lookup, chart_of: &ChartOf<'_>) {
    let sev = f.severity.as_str();
    h.push_str(&format!(
        "<article class=\"finding {sev}\" id=\"finding-{}\"><h3><span class=\"sev {sev}\">{sev}</span> {} {}{} <code class=\"muted\">{}</code></h3><p>{}</p>",
        esc(&f.id),
        f.code,
        f.name,
        if f.waived { " <span class=\"muted\">[waived]</span>" } else { "" },
        esc(&f.id),
        esc(&f.message)
    ));
    let q = questioned(f);
    if let Some(gap) = &f.gap {
        let unit = q
            .first()
            .and_then(|c| lookup.claims.get(*c))
            .map_or(String::new(), |r| match r.row.unit.as_str() {
                "count" => String::new(),
                "percent" | "percent-change" => " percentage points".into(),
                currency => format!(" {currency}"),
            });
        let relative = f.gap_relative.as_ref().map_or(String::new(), |r| {
            format!(
                " ({}% of the larger)",
                fmt_num(&r.mul(&crate::exact::Num::from(100)).round_to(1))
            )
        });
        h.push_str(&format!(
            "<p><b>Gap:</b> {}{unit}{relative}</p>",
            esc(&fmt_num(&gap.round_to(2)))
        ));
    }
    let mut rows: Vec<(&str, &str)> = q.iter().map(|c| ("questioned", *c)).collect();
    let first = q.first().copied().unwrap_or("");
    for c in against(f, first) {
        if !q.contains(&c) {
            rows.push(("evidence", c));
        }
    }
    if !rows.is_empty() {
        h.push_str("<table><tr><th>role</th><th>figure and quote</th><th>reading</th><th>source</th><th>credited to</th><th>verdict</th></tr>");
        for (role, id) in rows {
            claim_row(h, role, id, lookup);
        }
        h.push_str("</table>");
    }
    if !f.working.is_empty() {
        h.push_str(&format!("<pre>{}</pre>", esc(&f.working)));
    }
    // All its claims on one key's chart (a conflict): link there. Else (a part against its
    // whole, shares of one whole) draw the finding's own claims, where they share a unit.
    let charted: Vec<Option<&(usize, &str)>> = q
        .iter()
        .copied()
        .chain(f.evidence.iter().map(String::as_str))
        .map(|c| chart_of.get(c))
        .collect();
    let on_one = match charted.first() {
        Some(Some((n, _))) => charted.iter().all(|c| c.map(|c| c.0) == Some(*n)),
        _ => false,
    };
    let own = (!on_one && f.severity != Severity::Info)
        .then(|| figures::finding_chart(f, lookup))
        .flatten();
    match (own, charted.first()) {
        (Some(svg), _) => h.push_str(&svg),
        // A change against the counts it was recomputed from: the change's own chart.
        (None, Some(Some((n, title)))) => h.push_str(&format!(
            "<p class=\"muted\">On the chart: <a href=\"#key-{n}\">{}</a></p>",
            esc(title)
        )),
        _ => {}
    }
    h.push_str("</article>\n");
}

fn claim_row(h: &mut String, role: &str, id: &str, lookup: &Lookup) {
    let class = if role == "questioned" { "role-q" } else { "" };
    let Some(r) = lookup.claims.get(id) else {
        h.push_str(&format!("<tr><td class=\"{class}\">{role}</td><td colspan=\"5\"><code>{}</code> (not in the ledger)</td></tr>", esc(id)));
        return;
    };
    let c = &r.row.claim;
    h.push_str(&format!(
        "<tr><td class=\"{class}\">{role}</td><td><a href=\"#claim-{}\"><b>{}</b></a><br><span class=\"muted\">“{}”</span></td><td class=\"reading\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(id),
        esc(&c.printed),
        esc(&chart::short(&c.quote, 200)),
        esc(&r.row.shown.text),
        source_link(r),
        credited(r, lookup),
        esc(r.row.verdict.map_or("—", |v| v.as_str())),
    ));
}

fn source_link(r: &ClaimReport) -> String {
    let title = esc(&r.source.title);
    match link(r.source.url.as_deref()) {
        Some(url) => format!("<a href=\"{}\">{title}</a>", esc(url)),
        None => title,
    }
}

fn credited(r: &ClaimReport, lookup: &Lookup) -> String {
    match r.row.claim.attributed_to.as_deref() {
        None => "—".into(),
        Some(org) => format!(
            "{}{}",
            esc(lookup.org_name(org)),
            if r.row.claim.is_primary(&r.source) {
                " (own figure)"
            } else {
                ""
            }
        ),
    }
}

/// Every claim, with its anchor.
fn claims_table(h: &mut String, lookup: &Lookup, ids: &[&String]) {
    h.push_str(&format!("<section id=\"claims\"><h2>All claims ({})</h2><table><tr><th>figure, claim and quote</th><th>reading</th><th>source</th><th>credited to</th><th>verdict</th></tr>", ids.len()));
    for id in ids {
        let r = &lookup.claims[*id];
        let c = &r.row.claim;
        h.push_str(&format!(
            "<tr id=\"claim-{}\"><td><b>{}</b> <code class=\"muted\">{}</code><br><span class=\"muted\">“{}”</span></td><td class=\"reading\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(id),
            esc(&c.printed),
            esc(id),
            esc(&chart::short(&c.quote, 200)),
            esc(&r.row.shown.text),
            source_link(r),
            credited(r, lookup),
            esc(r.row.verdict.map_or("—", |v| v.as_str())),
        ));
    }
    h.push_str("</table></section>\n");
}
