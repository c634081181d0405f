//! The page's interval charts: one inline SVG per key, a row per claim on one shared axis.
//!
//! How a row reads (the legend on the page says the same):
//! - a closed end is a filled dot, an open end a hollow one (as in `[450, 500)`); a figure
//!   with one value (`306`) is a single filled dot;
//! - an unbounded side (`over 1,612`) runs to the chart's edge and ends in an arrow;
//! - a body's own (primary) figure is a solid blue bar, a figure others report (secondary)
//!   a dashed grey one, and the label says "own figure";
//! - a claim an unwaived error or warning finding questions has a red band and a red label
//!   led by ⚠ and the findings' codes (its bar keeps its primary or secondary look);
//! - the label is the printed figure over the source, linked to the source's url; both are
//!   cut to fit the label column (the row's tooltip has them whole).
//!
//! Plain SVG with its own text and no script, so the page reads the same with scripts off.

use crate::interval::Interval;
use std::fmt::Write as _;

/// One claim on a chart.
pub(crate) struct Bar<'a> {
    pub id: &'a str,
    pub printed: &'a str,
    pub source: &'a str,
    pub url: Option<&'a str>,
    pub interval: &'a Interval,
    pub primary: bool,
    /// The codes of the unwaived error and warning findings questioning it (empty: none).
    pub questioned: Vec<&'static str>,
}

const WIDTH: f64 = 860.0;
const LABEL_LEFT: f64 = 8.0;
const PLOT_LEFT: f64 = 392.0;
const PLOT_RIGHT: f64 = 836.0;
const ROW: f64 = 40.0;
const TOP: f64 = 10.0;
const AXIS: f64 = 34.0;
const PRIMARY: &str = "#1f4fa3";
const SECONDARY: &str = "#6b7280";
const QUESTIONED: &str = "#c0262d";

/// Escape text for HTML and SVG.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A url safe to link to: `http(s)` only, never `javascript:` or a relative path.
pub(crate) fn link(url: Option<&str>) -> Option<&str> {
    url.filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// Cut `s` to `n` characters, with `…` when cut.
pub(crate) fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n - 1).collect();
    out.push('…');
    out
}

/// The axis: from `lo` to `hi`, with ticks every `step`.
struct Axis {
    lo: f64,
    hi: f64,
    step: f64,
}

impl Axis {
    /// An axis holding every finite bound, padded so that no dot sits on the frame, and
    /// room on a side where a reading is unbounded, for its arrow.
    fn of(bars: &[Bar<'_>]) -> Axis {
        let finite = bars
            .iter()
            .flat_map(|b| [b.interval.lower.to_f64(), b.interval.upper.to_f64()])
            .filter(|x| x.is_finite());
        let (mut lo, mut hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let span = if hi > lo {
            hi - lo
        } else {
            lo.abs().max(1.0) * 0.2
        };
        let all_nonneg = lo >= 0.0;
        let unbounded_above = bars.iter().any(|b| !b.interval.upper.is_finite());
        let unbounded_below = bars.iter().any(|b| !b.interval.lower.is_finite());
        hi += span * if unbounded_above { 0.25 } else { 0.08 };
        lo -= span * if unbounded_below { 0.25 } else { 0.08 };
        if all_nonneg && !unbounded_below {
            lo = lo.max(0.0);
        }
        let step = nice_step((hi - lo) / 6.0);
        Axis { lo, hi, step }
    }

    fn x(&self, v: f64) -> f64 {
        if v == f64::INFINITY {
            return PLOT_RIGHT;
        }
        if v == f64::NEG_INFINITY {
            return PLOT_LEFT;
        }
        PLOT_LEFT + (v - self.lo) / (self.hi - self.lo) * (PLOT_RIGHT - PLOT_LEFT)
    }

    fn ticks(&self) -> Vec<f64> {
        let first = (self.lo / self.step).ceil() as i64;
        let last = (self.hi / self.step).floor() as i64;
        (first..=last).map(|k| k as f64 * self.step).collect()
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * p)
}

/// A tick's number: no exponent, no trailing zeros (ticks are multiples of 1, 2 or 5 times a
/// power of ten, so 4 decimals are plenty).
fn show(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A value on the axis with its unit: `1600`, `50%`, `+50%`.
fn tick_label(v: f64, unit: &str) -> String {
    match unit {
        "percent-change" if v > 0.0 => format!("+{}%", show(v)),
        "percent" | "percent-change" => format!("{}%", show(v)),
        _ => show(v),
    }
}

/// The SVG of one key's claims; `title` names the key for screen readers.
pub(crate) fn svg(title: &str, unit: &str, bars: &[Bar<'_>]) -> String {
    let axis = Axis::of(bars);
    let height = TOP + ROW * bars.len() as f64 + AXIS;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        esc(title)
    );
    let bottom = TOP + ROW * bars.len() as f64;
    for t in axis.ticks() {
        let x = axis.x(t);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{bottom}" stroke="#e3e6ea"/><text x="{x:.1}" y="{:.1}" class="tick" text-anchor="middle">{}</text>"##,
            bottom + 18.0,
            esc(&tick_label(t, unit))
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{PLOT_RIGHT}" y2="{bottom}" stroke="#9aa1a9"/>"##
    );
    for (k, bar) in bars.iter().enumerate() {
        row(&mut s, &axis, bar, TOP + ROW * k as f64 + ROW / 2.0, k);
    }
    s.push_str("</svg>");
    s
}

/// One claim's row: zebra band, label, bar, ends.
fn row(s: &mut String, axis: &Axis, bar: &Bar<'_>, y: f64, k: usize) {
    let questioned = !bar.questioned.is_empty();
    let colour = if bar.primary { PRIMARY } else { SECONDARY };
    let band = if questioned {
        "#fbe4e5"
    } else if k % 2 == 0 {
        "#f4f6f8"
    } else {
        "#ffffff"
    };
    let _ = write!(
        s,
        r#"<g id="chart-{}"><title>{}</title><rect x="0" y="{:.1}" width="{WIDTH}" height="{ROW}" fill="{band}"/>"#,
        esc(bar.id),
        esc(&format!(
            "{} — {} {} — {}{}",
            bar.id,
            bar.printed,
            bar.interval,
            bar.source,
            if bar.primary {
                " (the body's own figure)"
            } else {
                ""
            }
        )),
        y - ROW / 2.0
    );
    if questioned {
        let _ = write!(
            s,
            r#"<rect x="0" y="{:.1}" width="4" height="{ROW}" fill="{QUESTIONED}"/>"#,
            y - ROW / 2.0
        );
    }
    // The label, two lines in the left column: the printed figure (after ⚠ and the codes
    // when questioned), then the source, linked when it has a url.
    let mark = if questioned {
        format!("⚠ {} · ", bar.questioned.join(" "))
    } else {
        String::new()
    };
    let fill = if questioned {
        format!(r#" fill="{QUESTIONED}""#)
    } else {
        String::new()
    };
    let own = if bar.primary { "own figure · " } else { "" };
    let label = format!(
        r#"<text x="{LABEL_LEFT}" y="{:.1}" class="label"{fill}><tspan font-weight="bold">{}{}</tspan></text><text x="{LABEL_LEFT}" y="{:.1}" class="source">{}{}</text>"#,
        y - 3.0,
        esc(&mark),
        esc(&short(
            bar.printed,
            44usize.saturating_sub(mark.chars().count()).max(12)
        )),
        y + 13.0,
        own,
        esc(&short(bar.source, 56 - own.len())),
    );
    match link(bar.url) {
        Some(url) => {
            let _ = write!(s, r#"<a href="{}">{label}</a>"#, esc(url));
        }
        None => s.push_str(&label),
    }
    let i = bar.interval;
    let (x1, x2) = (axis.x(i.lower.to_f64()), axis.x(i.upper.to_f64()));
    let dash = if bar.primary {
        ""
    } else {
        r#" stroke-dasharray="7 4""#
    };
    let width = if bar.primary { 7 } else { 5 };
    if x2 - x1 > 0.5 {
        let _ = write!(
            s,
            r#"<line x1="{x1:.1}" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="{width}"{dash}/>"#
        );
    }
    // Arrows for unbounded sides; dots for bounded ends (hollow when open).
    if !i.upper.is_finite() {
        arrow(s, x2, y, 1.0, colour);
    } else {
        dot(s, x2, y, i.upper_open, colour);
    }
    if !i.lower.is_finite() {
        arrow(s, x1, y, -1.0, colour);
    } else if x2 - x1 > 0.5 || i.lower_open != i.upper_open {
        dot(s, x1, y, i.lower_open, colour);
    }
    s.push_str("</g>");
}

fn dot(s: &mut String, x: f64, y: f64, open: bool, colour: &str) {
    let fill = if open { "#ffffff" } else { colour };
    let _ = write!(
        s,
        r#"<circle cx="{x:.1}" cy="{y:.1}" r="5.5" fill="{fill}" stroke="{colour}" stroke-width="2.5"/>"#
    );
}

/// An arrowhead at `x` pointing right (`dir` 1) or left (-1).
fn arrow(s: &mut String, x: f64, y: f64, dir: f64, colour: &str) {
    let back = x - dir * 12.0;
    let _ = write!(
        s,
        r#"<polygon points="{x:.1},{y:.1} {back:.1},{:.1} {back:.1},{:.1}" fill="{colour}"/>"#,
        y - 7.0,
        y + 7.0
    );
}

/// The legend's own small SVG: one sample of each mark.
pub(crate) fn legend() -> String {
    let mut s = String::from(
        r#"<svg class="legend" viewBox="0 0 860 60" width="860" height="60" xmlns="http://www.w3.org/2000/svg" role="img"><title>How to read the charts</title>"#,
    );
    let mut x = 8.0;
    for (text, colour, primary) in [
        ("the body's own figure", PRIMARY, true),
        ("reported by others", SECONDARY, false),
    ] {
        let dash = if primary {
            ""
        } else {
            r#" stroke-dasharray="7 4""#
        };
        let _ = write!(
            s,
            r#"<line x1="{x}" y1="16" x2="{}" y2="16" stroke="{colour}" stroke-width="6"{dash}/><text x="{}" y="20" class="label">{}</text>"#,
            x + 34.0,
            x + 44.0,
            esc(text)
        );
        x += 44.0 + 7.4 * text.len() as f64 + 22.0;
    }
    let _ = write!(
        s,
        r##"<rect x="{x}" y="4" width="180" height="24" fill="#fbe4e5"/><rect x="{x}" y="4" width="4" height="24" fill="{QUESTIONED}"/><text x="{}" y="20" class="label" fill="{QUESTIONED}" font-weight="bold">⚠ L004 · questioned</text>"##,
        x + 10.0
    );
    let y = 46.0;
    dot(&mut s, 14.0, y, false, PRIMARY);
    let _ = write!(
        s,
        r#"<text x="26" y="{}" class="label">closed end: the value is included</text>"#,
        y + 4.0
    );
    dot(&mut s, 290.0, y, true, PRIMARY);
    let _ = write!(
        s,
        r#"<text x="302" y="{}" class="label">open end: not included</text>"#,
        y + 4.0
    );
    let _ = write!(
        s,
        r#"<line x1="500" y1="{y}" x2="540" y2="{y}" stroke="{SECONDARY}" stroke-width="5" stroke-dasharray="7 4"/>"#
    );
    arrow(&mut s, 552.0, y, 1.0, SECONDARY);
    let _ = write!(
        s,
        r#"<text x="560" y="{}" class="label">unbounded (over 1,612)</text>"#,
        y + 4.0
    );
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Num;

    fn bar(interval: &Interval) -> Bar<'_> {
        Bar {
            id: "c",
            printed: "over 1,612",
            source: "S",
            url: Some("https://x.example/a?b=1&c=2"),
            interval,
            primary: false,
            questioned: vec![],
        }
    }

    #[test]
    fn open_ends_are_hollow_and_unbounded_sides_are_arrows() {
        let over = Interval::new(Num::from(1612), true, Num::PosInf, true);
        let exact = Interval::exact(Num::from(1524));
        let s = svg("t", "count", &[bar(&over), bar(&exact)]);
        assert_eq!(s.matches("<polygon").count(), 1, "{s}");
        assert_eq!(s.matches(r##"fill="#ffffff" stroke"##).count(), 1, "{s}");
        assert!(s.contains("href=\"https://x.example/a?b=1&amp;c=2\""));
    }

    #[test]
    fn links_are_http_only_and_text_is_escaped() {
        assert_eq!(link(Some("javascript:alert(1)")), None);
        assert_eq!(esc("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(130.0), 200.0);
    }
}
