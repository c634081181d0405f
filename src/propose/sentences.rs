//! Splitting a stored text into sentences, each a byte range of the text (so that a quote is an
//! exact substring), with the paragraph it belongs to.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets after it) followed
//! by white space and then a capital letter, a digit or an opening quote; or at a line break,
//! unless the line runs on (it ends in a lower-case letter or a comma and the next line starts
//! in lower case: a hard-wrapped paragraph). A line break that ends a sentence also ends its
//! paragraph (web texts put a paragraph on a line). A full stop after
//! an abbreviation ("Mr.", "Gen.", "retd.", "No.", "Jan."), an initial ("J. Smith") or a
//! dotted acronym ("U.S.", "e.g.") does not end a sentence, unless a line break follows it.

/// One sentence: `text[start..end]`, trimmed of surrounding white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// The paragraph's number, from 0: sentences of one paragraph share it.
    pub paragraph: usize,
}

/// Words after which a full stop is an abbreviation's, lower-cased, without the stop.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cdr", "adm",
    "brig", "retd", "rtd", "st", "jr", "sr", "sen", "rep", "gov", "hon", "rev", "vs", "etc", "no",
    "nos", "vol", "pp", "p", "fig", "inc", "ltd", "co", "corp", "dept", "est", "approx", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
    "govt", "pvt", "bros", "al",
];

/// Split `text` into sentences, in order.
pub fn split(text: &str) -> Vec<Sentence> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut start = 0;
    let mut i = 0;
    let push = |from: usize, to: usize, para: usize, out: &mut Vec<Sentence>| {
        let s = &text[from..to];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead + trail < s.len() {
            out.push(Sentence {
                start: from + lead,
                end: to - trail,
                paragraph: para,
            });
        }
    };
    while i < b.len() {
        match b[i] {
            b'\n' => {
                if !runs_on(text, i) {
                    push(start, i, paragraph, &mut out);
                    start = i + 1;
                    // Web texts put a paragraph on a line: a line break ends the paragraph.
                    paragraph += 1;
                }
                i += 1;
            }
            b'.' | b'!' | b'?' => {
                let mut j = i + 1;
                // Closing quotes and brackets belong to the sentence.
                while j < b.len() {
                    let rest = &text[j..];
                    let c = rest.chars().next().unwrap_or(' ');
                    if "\"')]”’»".contains(c) {
                        j += c.len_utf8();
                    } else {
                        break;
                    }
                }
                if ends_here(text, i, j) {
                    push(start, j, paragraph, &mut out);
                    start = j;
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    push(start, b.len(), paragraph, &mut out);
    out.into_iter().flat_map(|s| cut_long(text, s)).collect()
}

/// A "sentence" longer than this (a text without stops, a table flattened to one line) is cut
/// at white space into pieces of at most this many bytes, so that a quote stays readable and
/// the work for each figure stays bounded.
pub const MAX_SENTENCE: usize = 1000;

fn cut_long(text: &str, s: Sentence) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = s.start;
    while s.end - start > MAX_SENTENCE {
        let mut limit = start + MAX_SENTENCE;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let cut = text[start..limit]
            .rfind(char::is_whitespace)
            .map_or(limit, |i| start + i);
        let cut = if cut <= start { limit } else { cut };
        out.push(Sentence {
            start,
            end: cut,
            paragraph: s.paragraph,
        });
        start = cut + text[cut..].len() - text[cut..].trim_start().len();
    }
    if start < s.end {
        out.push(Sentence { start, ..s });
    }
    out
}

/// Does the line ending at the newline at `nl` run on into the next (a hard-wrapped line)?
fn runs_on(text: &str, nl: usize) -> bool {
    let before = text[..nl].trim_end_matches([' ', '\t', '\r']);
    let after = &text[nl + 1..];
    if after.starts_with(['\n', '\r']) || before.is_empty() {
        return false;
    }
    let last = before.chars().next_back().unwrap_or('.');
    let first = after
        .trim_start_matches([' ', '\t'])
        .chars()
        .next()
        .unwrap_or('A');
    (last.is_lowercase() || last == ',') && first.is_lowercase()
}

/// Is the `.`, `!` or `?` at `at` (its closers running to `next`) the end of a sentence?
fn ends_here(text: &str, at: usize, next: usize) -> bool {
    let rest = &text[next..];
    let ws = rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    let after = &rest[ws..];
    if after.is_empty() || after.starts_with(['\n', '\r']) {
        return true;
    }
    if ws == 0 {
        // "1.5", "U.S.", "e.g." and "...": not an end.
        return false;
    }
    let first = after.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit() || "\"'“‘(".contains(first)) {
        return false;
    }
    if text.as_bytes()[at] != b'.' {
        return true;
    }
    !abbreviation_before(&text[..at])
}

/// Is the word just before a full stop an abbreviation, an initial or a dotted acronym?
fn abbreviation_before(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || "(\"“‘[".contains(c))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // "U.S", "e.g", "i.e": letters with stops between them.
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    let mut letters = word.chars();
    if let (Some(c), None) = (letters.next(), letters.next()) {
        // A single capital: an initial.
        return c.is_uppercase();
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let t = "Mr. Khan met Gen. (retd.) Bajwa in the U.S. last year. Then 306 attacks followed. Dr. J. Smith agreed.";
        assert_eq!(
            texts(t),
            vec![
                "Mr. Khan met Gen. (retd.) Bajwa in the U.S. last year.",
                "Then 306 attacks followed.",
                "Dr. J. Smith agreed."
            ]
        );
        let t = "former army chief Gen (retd) Bajwa, or even the PDM. Next one.";
        assert_eq!(texts(t).len(), 2);
    }

    #[test]
    fn decimals_and_quotes() {
        let t = "It rose 1.5 times. \"It fell,\" he said. Over 2.3 million fled!";
        assert_eq!(
            texts(t),
            vec![
                "It rose 1.5 times.",
                "\"It fell,\" he said.",
                "Over 2.3 million fled!"
            ]
        );
    }

    #[test]
    fn long_runs_are_cut_at_white_space() {
        let t = "word ".repeat(1000) + "é".repeat(600).as_str();
        let s = split(&t);
        assert!(s.len() >= 6);
        for x in &s {
            assert!(x.end - x.start <= MAX_SENTENCE);
            assert_eq!(&t[x.start..x.end], t[x.start..x.end].trim());
        }
        assert_eq!(s.last().unwrap().end, t.len());
    }

    #[test]
    fn lines_and_paragraphs() {
        let t = "Headline without stop\nFirst sentence. Second one\n\nNew para.";
        let s = split(t);
        assert_eq!(
            texts(t),
            vec![
                "Headline without stop",
                "First sentence.",
                "Second one",
                "New para."
            ]
        );
        assert_eq!(s[1].paragraph, s[2].paragraph);
        assert_ne!(s[2].paragraph, s[3].paragraph);
        // A hard-wrapped line runs on.
        let t = "more than a hundred\npersonnel were killed.";
        assert_eq!(texts(t), vec![t]);
    }
}
