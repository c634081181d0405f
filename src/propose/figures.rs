//! Finding the printed figures of one sentence. Words that may carry a figure (anything with a
//! digit, number words, multiples, fractions, vague words) are anchors; an anchor that is
//! plainly not a statistic (a year, a date, a time, a duration, an age, an ordinal, a phone
//! number, a web address, a reference number, page furniture such as "1 hour ago") is skipped
//! with the reason. Around every other anchor the span of words (up to four either side,
//! never across punctuation) is grown as far as the project's reader (`crate::reading`)
//! accepts it: the reader, not this module, decides what a figure is, so every word the reader
//! learns (hedges, emphasis, scale words, currencies, fractions) is proposed with no change
//! here. Filler words at either end ("a 51% increase in") are then dropped while the rest
//! still reads, except an article that opens an emphasis ("a staggering 70% increase", "a
//! total of 95%", as the reader's grammar has them). Skipped rows are listed for numbers in
//! digits, durations and ages; a number word used as a word ("one of", "the two countries",
//! "scores to settle") is not listed.

use super::skip::{after_reading, not_a_statistic};
use super::tokens::Token;
use crate::exact::Num;
use crate::reading::{self, is_figure_word, Kind};

/// One figure (or skipped number) found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// `text[start..end]`: the printed figure, or the skipped words.
    pub start: usize,
    pub end: usize,
    /// The reader's kind for a candidate; `None` for a skipped number.
    pub kind: Option<Kind>,
    /// Why it was skipped (empty for a candidate).
    pub skipped: String,
}

/// The project's reader, asked whether a span is a figure (and of what kind), each span text
/// asked once: the same words around a number recur, and reading is most of the work.
pub struct Reader<'a> {
    pub t: &'a Num,
    memo: std::collections::HashMap<&'a str, Option<Kind>>,
}

impl<'a> Reader<'a> {
    pub fn new(t: &'a Num) -> Self {
        Reader {
            t,
            memo: Default::default(),
        }
    }

    fn kind_of(&mut self, printed: &'a str) -> Option<Kind> {
        let t = self.t;
        *self.memo.entry(printed).or_insert_with(|| {
            let kind = reading::infer_kind(printed);
            reading::read(printed, kind, t).ok().map(|_| kind)
        })
    }
}

/// How far a span grows either side of its anchor, in words.
const REACH: usize = 4;

const FILLERS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "by",
    "in",
    "has",
    "have",
    "had",
    "was",
    "were",
    "marked",
    "recorded",
    "registered",
    "saw",
    "is",
    "are",
    "to",
    "and",
];

/// The figures and skipped numbers among `toks` (the words of one sentence of `text`).
/// `repeated`: the sentence appears again later (a pull-quote): its numbers are skipped.
pub fn scan<'a>(
    text: &'a str,
    toks: &[Token],
    repeated: bool,
    reader: &mut Reader<'a>,
) -> Vec<Figure> {
    let word = |i: usize| &text[toks[i].start..toks[i].end];
    let lower: Vec<String> = (0..toks.len()).map(|i| word(i).to_lowercase()).collect();
    let web_line = text[toks.first().map_or(0, |k| k.start)..toks.last().map_or(0, |k| k.end)]
        .contains("://")
        || lower.iter().any(|w| w.starts_with("www."));
    let mut out = Vec::new();
    // Words already inside a figure or a skipped number.
    let mut used = vec![false; toks.len()];
    for a in 0..toks.len() {
        if used[a] || !is_anchor(&lower[a]) {
            continue;
        }
        let digits = lower[a].bytes().any(|b| b.is_ascii_digit());
        let skip = if web_line && digits {
            Some((
                a,
                a,
                "on a line with a web address (a link or a reference list), not a statistic"
                    .to_string(),
            ))
        } else {
            not_a_statistic(text, toks, &lower, a)
        };
        if let Some((from, to, why)) = skip {
            if digits || why.starts_with("a duration") || why.starts_with("an age") {
                used[from..=to].iter_mut().for_each(|u| *u = true);
                out.push(skipped(toks, from, to, why));
            }
            continue;
        }
        match grow(text, toks, &lower, &used, a, reader) {
            Some((i, j, kind)) => {
                used[i..=j].iter_mut().for_each(|u| *u = true);
                let has_digit = lower[i..=j]
                    .iter()
                    .any(|w| w.bytes().any(|b| b.is_ascii_digit()));
                let why = after_reading(&lower, i, j).or_else(|| {
                    repeated.then(|| "the sentence appears again later in the text (a pull-quote or a repeat); proposed there".to_string())
                });
                match why {
                    // Number words used as words ("one of", "the two") are not listed.
                    Some(_) if !has_digit => {}
                    Some(why) => out.push(skipped(toks, i, j, why)),
                    None => out.push(Figure {
                        start: toks[i].start,
                        end: toks[j].end,
                        kind: Some(kind),
                        skipped: String::new(),
                    }),
                }
            }
            None if digits => {
                used[a] = true;
                let why = reading::read(word(a), reading::infer_kind(word(a)), reader.t)
                    .err()
                    .map_or_else(String::new, |e| match e {
                        crate::Error::Unreadable { why, .. } => why,
                        other => other.to_string(),
                    });
                out.push(skipped(
                    toks,
                    a,
                    a,
                    format!("not a figure the reader understands ({why})"),
                ));
            }
            None => {}
        }
    }
    out
}

fn skipped(toks: &[Token], from: usize, to: usize, why: String) -> Figure {
    Figure {
        start: toks[from].start,
        end: toks[to].end,
        kind: None,
        skipped: why,
    }
}

fn is_anchor(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit())
        || is_figure_word(w)
        || w.ends_with("fold")
        || w.split('-').all(|p| is_figure_word(p) || p == "fold")
}

/// The longest span around anchor `a` that the reader reads, trimmed of fillers at its ends.
fn grow<'a>(
    text: &'a str,
    toks: &[Token],
    lower: &[String],
    used: &[bool],
    a: usize,
    reader: &mut Reader<'a>,
) -> Option<(usize, usize, Kind)> {
    let joined = |k: usize| !toks[k - 1].break_after && !toks[k].break_before;
    let mut lo = a;
    while lo > 0 && a - lo < REACH && joined(lo) && !used[lo - 1] {
        lo -= 1;
    }
    let mut hi = a;
    while hi + 1 < toks.len() && hi - a < REACH && joined(hi + 1) && !used[hi + 1] {
        hi += 1;
    }
    let mut read = |i: usize, j: usize| reader.kind_of(&text[toks[i].start..toks[j].end]);
    let mut spans: Vec<(usize, usize)> = (lo..=a)
        .flat_map(|i| (a..=hi).map(move |j| (i, j)))
        .collect();
    spans.sort_by_key(|&(i, j)| (std::cmp::Reverse(j - i), i));
    let (mut i, mut j, mut kind) = spans
        .into_iter()
        .find_map(|(i, j)| read(i, j).map(|k| (i, j, k)))?;
    loop {
        // "a 51% increase" loses its article, "a staggering 70% increase" keeps it.
        let article = matches!(lower[i].as_str(), "a" | "an");
        let keep = article && i < j && reading::opens_emphasis(&lower[i + 1]);
        if i < j && !keep && FILLERS.contains(&lower[i].as_str()) {
            if let Some(k) = read(i + 1, j) {
                (i, kind) = (i + 1, k);
                continue;
            }
        }
        if i < j && FILLERS.contains(&lower[j].as_str()) {
            if let Some(k) = read(i, j - 1) {
                (j, kind) = (j - 1, k);
                continue;
            }
        }
        break;
    }
    Some((i, j, kind))
}
