//! The words of a sentence with their byte ranges in the text, and where punctuation breaks
//! the run of words (a printed figure never spans a comma or a full stop between words).

/// One word: `text[start..end]`, with the punctuation around it peeled off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Punctuation (or the start of the sentence) separates it from the word before.
    pub break_before: bool,
    /// Punctuation separates it from the word after.
    pub break_after: bool,
    /// The whole white-space-delimited chunk, punctuation included (for web addresses).
    pub chunk_start: usize,
    pub chunk_end: usize,
}

const OPENERS: &str = "(\"'“‘[«";
const CLOSERS: &str = ".,;:!?)\"'”’]»…";

/// The words of `text[from..to]`.
pub fn tokenize(text: &str, from: usize, to: usize) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let s = &text[from..to];
    let mut i = 0;
    for chunk in s.split(char::is_whitespace) {
        let (cs, ce) = (from + i, from + i + chunk.len());
        i += chunk.len()
            + s[i + chunk.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        if chunk.is_empty() {
            continue;
        }
        let inner = chunk.trim_start_matches(|c| OPENERS.contains(c));
        let lead = chunk.len() - inner.len();
        let word = inner.trim_end_matches(|c| CLOSERS.contains(c));
        let trail = inner.len() - word.len();
        if word.is_empty() {
            if let Some(last) = out.last_mut() {
                last.break_after = true;
            }
            continue;
        }
        let break_before = lead > 0 || out.last().is_none_or(|t| t.break_after);
        if break_before {
            if let Some(last) = out.last_mut() {
                last.break_after = true;
            }
        }
        out.push(Token {
            start: cs + lead,
            end: cs + lead + word.len(),
            break_before,
            break_after: trail > 0,
            chunk_start: cs,
            chunk_end: ce,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_breaks() {
        let t = "With over 1,612 fatalities, in (444) attacks.";
        let toks = tokenize(t, 0, t.len());
        let words: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(
            words,
            [
                "With",
                "over",
                "1,612",
                "fatalities",
                "in",
                "444",
                "attacks"
            ]
        );
        assert!(toks[3].break_after && toks[4].break_before);
        assert!(!toks[1].break_after && !toks[2].break_before);
        assert!(toks[5].break_before && toks[5].break_after);
    }
}
