//! Proposing claims from a source's stored text (issue 15): pure, rule-based and offline. The
//! text is split into sentences (`sentences`, which knows abbreviations), each sentence into
//! words (`tokens`); `figures` finds every printed figure the project's reader accepts, and
//! skips with a reason the numbers that are not statistics; `fields` and `periods` guess a
//! candidate's metric, place, credited org, period, base and whole from its sentence (or, for
//! place, org and period, the sentence before it in the same paragraph). What the text does
//! not settle is left empty and `why` says so: a candidate is a draft for a person to finish,
//! and `add --from` validates it like any claim.
//!
//! Decisions where the issue is silent:
//! - `quote` is the whole sentence; `printed` the reader's longest readable span, trimmed of
//!   filler words at its ends ("51% increase", not "a 51% increase in").
//! - A sentence that appears again later (a pull-quote) is proposed once, at its last
//!   occurrence, which usually has the context (who is credited); the earlier one is skipped.
//! - A share's whole, when the sentence does not name one, is the parent of its place(s): the
//!   usual meaning of "95% of attacks were in Balochistan and KP"; `why` says to check it.
//! - Ids are `SOURCE-NN-METRIC` (`-figure` without a metric), made unique against `taken`.

pub mod fields;
mod figures;
mod periods;
pub mod sentences;
mod skip;
mod tokens;

#[cfg(test)]
mod tests;

use crate::exact::Num;
use crate::reading::Kind;
use fields::{Entry, What};
use std::collections::{HashMap, HashSet};

/// One row of `propose`'s output: `claims.csv`'s columns, then `status` and `why`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proposal {
    pub id: String,
    pub source: String,
    pub quote: String,
    pub printed: String,
    /// `None` for a figure skipped before its kind was read.
    pub kind: Option<Kind>,
    pub metric: String,
    pub place: String,
    pub period: String,
    pub base: String,
    pub of: String,
    pub attributed_to: String,
    pub note: String,
    /// `candidate` or `skipped`.
    pub status: &'static str,
    pub why: String,
    /// Byte offset of `printed` in the text (for ordering and scoring; not written).
    pub at: usize,
}

impl Proposal {
    /// The row's cells, in output order.
    pub fn cells(&self) -> [&str; 14] {
        [
            &self.id,
            &self.source,
            &self.quote,
            &self.printed,
            self.kind.as_ref().map_or("", Kind::as_str),
            &self.metric,
            &self.place,
            &self.period,
            &self.base,
            &self.of,
            &self.attributed_to,
            &self.note,
            self.status,
            &self.why,
        ]
    }
}

/// The source being read.
pub struct SourceInfo<'a> {
    pub id: &'a str,
    /// Its publication date as recorded (`2024-11-05`, `2024`), if any.
    pub published: Option<&'a str>,
}

/// Every figure in `text`, in order: candidates and skipped numbers. `taken` says whether a
/// claim id is already in the ledger; `t` is the ledger's tolerance.
pub fn propose(
    text: &str,
    source: &SourceInfo<'_>,
    vocab: &[Entry],
    t: &Num,
    taken: &dyn Fn(&str) -> bool,
) -> Vec<Proposal> {
    let sentences = sentences::split(text);
    let norm = |s: &sentences::Sentence| {
        text[s.start..s.end]
            .trim_end_matches(['.', '!', '?'])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut last_of: HashMap<String, usize> = HashMap::new();
    for (i, s) in sentences.iter().enumerate() {
        last_of.insert(norm(s), i);
    }
    let mut ids = HashSet::new();
    let mut out = Vec::new();
    let mut reader = figures::Reader::new(t);
    for (n, s) in sentences.iter().enumerate() {
        let toks = tokens::tokenize(text, s.start, s.end);
        if toks.is_empty() {
            continue;
        }
        let repeated = last_of.get(&norm(s)).is_some_and(|&last| last > n) && toks.len() >= 5;
        let figs = figures::scan(text, &toks, repeated, &mut reader);
        if figs.is_empty() {
            continue;
        }
        let quote = &text[s.start..s.end];
        let before = (n > 0 && sentences[n - 1].paragraph == s.paragraph).then(|| sentences[n - 1]);
        // What the sentence (and the one before) names: found once, for all its figures.
        let mut context = None;
        for f in figs {
            let mut p = Proposal {
                source: source.id.to_string(),
                quote: quote.to_string(),
                printed: text[f.start..f.end].to_string(),
                at: f.start,
                ..Proposal::default()
            };
            match f.kind {
                None => {
                    p.status = "skipped";
                    p.why = f.skipped;
                }
                Some(kind) => {
                    p.status = "candidate";
                    let c =
                        context.get_or_insert_with(|| Context::of(text, s, before, &toks, vocab));
                    fill(text, &mut p, kind, c, source, vocab, &f);
                    let seq = ids.len() + 1;
                    p.id = new_id(source.id, seq, &p.metric, &mut ids, taken);
                }
            }
            out.push(p);
        }
    }
    out
}

/// What one sentence names, for the fields of its figures: vocabulary names and periods in
/// it and in the sentence before it (same paragraph).
struct Context {
    names: Vec<fields::Mention>,
    names_before: Vec<fields::Mention>,
    periods: Vec<periods::Mention>,
    year_before: Option<periods::YearBefore>,
    period_before: Option<String>,
    credited_in_words: Option<String>,
    same_part: bool,
    /// Where the sentence before ends (nearest to this one).
    before_end: usize,
}

impl Context {
    fn of(
        text: &str,
        s: &sentences::Sentence,
        before: Option<sentences::Sentence>,
        toks: &[tokens::Token],
        vocab: &[Entry],
    ) -> Context {
        let (periods, year_before) = periods::mentions(text, toks);
        let sentence = &text[s.start..s.end];
        Context {
            names: fields::mentions(text, s.start, s.end, vocab),
            names_before: before
                .map_or_else(Vec::new, |b| fields::mentions(text, b.start, b.end, vocab)),
            periods,
            year_before,
            period_before: before.and_then(|b| {
                let bt = tokens::tokenize(text, b.start, b.end);
                periods::mentions(text, &bt)
                    .0
                    .into_iter()
                    .rev()
                    .find(|m| !m.base)
                    .map(|m| m.period)
            }),
            credited_in_words: fields::credited_in_words(sentence),
            same_part: same_part(sentence),
            before_end: before.map_or(0, |b| b.end),
        }
    }
}

/// Guess a candidate's fields from its sentence's context; every field left empty is named in
/// `why`.
fn fill(
    text: &str,
    p: &mut Proposal,
    kind: Kind,
    c: &Context,
    source: &SourceInfo<'_>,
    vocab: &[Entry],
    f: &figures::Figure,
) {
    let mut why: Vec<String> = Vec::new();
    p.kind = Some(kind);
    let ms = &c.names;
    let from_before =
        |what: What| fields::nearest(&c.names_before, vocab, what, c.before_end, c.before_end);
    p.metric = fields::nearest(ms, vocab, What::Metric, f.start, f.end).unwrap_or_else(|| {
        why.push("metric: the sentence names no metric of the vocabulary".into());
        String::new()
    });
    p.place = match fields::place(text, ms, vocab, f.start, f.end) {
        Some(pl) => pl,
        None => match from_before(What::Place) {
            Some(pl) => {
                why.push("place: from the sentence before".into());
                pl
            }
            None => {
                why.push("place: the sentence names no place of the vocabulary".into());
                String::new()
            }
        },
    };
    p.attributed_to = match fields::nearest(ms, vocab, What::Org, f.start, f.end) {
        Some(o) => o,
        None => match from_before(What::Org) {
            Some(o) => {
                why.push("attributed_to: credited in the sentence before".into());
                o
            }
            None => {
                why.push(match &c.credited_in_words {
                    Some(who) => format!("attributed_to: credited to \"{who}\", not an org of the vocabulary (add it with `claimledger org add`, or leave it empty)"),
                    None => "attributed_to: nobody credited in the sentence (empty: the author's own figure)".into(),
                });
                String::new()
            }
        },
    };
    let (pm, year_before) = (&c.periods, c.year_before);
    let dist = |m: &&periods::Mention| m.at.abs_diff(f.start);
    let plain = pm.iter().filter(|m| !m.base).min_by_key(dist);
    let base = pm.iter().filter(|m| m.base).min_by_key(dist);
    p.period = match (plain, base, kind) {
        (Some(m), _, _) => m.period.clone(),
        // "since 2021" on a count or share: from then up to publication.
        (None, Some(b), Kind::Count | Kind::Share) if !b.period.contains('/') => {
            format!("{}/", b.period)
        }
        _ => match (&c.period_before, source.published) {
            (Some(period), _) => {
                why.push("period: from the sentence before".into());
                period.clone()
            }
            (None, Some(pubd)) if pubd.len() >= 4 => {
                why.push("period: no date in the sentence; the publication year".into());
                pubd[..4].to_string()
            }
            _ => {
                why.push("period: no date in the sentence and no publication date".into());
                String::new()
            }
        },
    };
    if kind == Kind::Change {
        let year: Option<i32> = p.period.get(..4).and_then(|y| y.parse().ok());
        p.base = match (base, year_before, year) {
            (Some(b), _, _) if b.period != p.period => b.period.clone(),
            // "the same period last year": the same quarter, half or month a year before.
            (_, Some(_), Some(y)) if c.same_part && !p.period.contains('/') => {
                format!("{}{}", y - 1, &p.period[4..])
            }
            (_, Some(_), Some(y)) => (y - 1).to_string(),
            _ => {
                why.push("base: the text does not say what the change is measured against".into());
                String::new()
            }
        };
    }
    if kind == Kind::Share {
        p.of = match fields::common_parent(&p.place, vocab) {
            Some(parent) => {
                why.push("of: read as the place's parent; check it".into());
                parent
            }
            None => {
                why.push("of: the text does not say what the share is of".into());
                String::new()
            }
        };
    }
    p.why = why.join("; ");
}

/// Does the sentence compare with the same part of another year ("the same period last year")?
fn same_part(sentence: &str) -> bool {
    let s = sentence.to_lowercase();
    [
        "same period",
        "same quarter",
        "same month",
        "same half",
        "corresponding period",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// `SOURCE-NN-METRIC`, unique in the ledger and in this proposal.
fn new_id(
    source: &str,
    n: usize,
    metric: &str,
    ids: &mut HashSet<String>,
    taken: &dyn Fn(&str) -> bool,
) -> String {
    let what = if metric.is_empty() { "figure" } else { metric };
    let stem = format!("{source}-{n:02}-{what}");
    let mut id = stem.clone();
    let mut k = 2;
    while ids.contains(&id) || taken(&id) {
        id = format!("{stem}-{k}");
        k += 1;
    }
    ids.insert(id.clone());
    id
}
