//! L001 printed-not-in-quote and L002 quote-not-in-source: does the figure appear in the
//! quote, and the quote in the source's stored text?
//!
//! Both compare folded text ([`fold`]): whitespace runs become one space, ends are trimmed,
//! case is lowered, and curly quotes and primes become straight quotes, because copying from a
//! web page or PDF changes exactly those and nothing a reader would call different words.
//! En and em dashes are kept: `2022–23` and `2022-23` may be printed differently on purpose.
//! The caller streams claims and folds each source text once; these functions never touch
//! the database.

use super::finding;
use super::model::{Finding, Severity};
use super::words::excerpt;

/// The text as compared: whitespace runs to one space, trimmed, lower-case, curly quotes
/// (‘ ’ “ ” ′ ″) straightened.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            // A space is written only between two non-space characters: trimmed for free.
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match ch {
            '\u{2018}' | '\u{2019}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{2033}' => out.push('"'),
            _ => out.extend(ch.to_lowercase()),
        }
    }
    out
}

/// [`fold`] for ASCII text, byte by byte: most quotes are ASCII, and `check` folds every
/// quote of the ledger.
fn fold_ascii(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut space = false;
    for &b in text.as_bytes() {
        if b.is_ascii_whitespace() || b == 0x0b {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(b' ');
            space = false;
        }
        out.push(b.to_ascii_lowercase());
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// Is `printed` a substring of `quote`, both folded?
pub fn printed_in_quote(printed: &str, quote: &str) -> bool {
    // As copied, the figure is almost always in the quote as is; fold only when it is not.
    quote.contains(printed) || fold(quote).contains(&fold(printed))
}

/// L001: the printed figure is not in the quote (error: provenance is broken).
pub fn l001(claim: &str, printed: &str, quote: &str) -> Option<Finding> {
    if printed_in_quote(printed, quote) {
        return None;
    }
    let (p, q) = (fold(printed), fold(quote));
    if q.contains(&p) {
        return None;
    }
    Some(finding(
        "L001",
        Severity::Error,
        vec![claim.to_string()],
        Vec::new(),
        format!(
            "claim {claim}: the printed figure \"{printed}\" is not in its quote \"{}\"; \
             record the figure exactly as the quote prints it",
            excerpt(quote, 200)
        ),
        format!(
            "folded, \"{p}\" is not a substring of \"{}\"",
            excerpt(&q, 200)
        ),
    ))
}

/// L002: the source has a stored text (folded once by the caller) and the quote is not in it
/// (error). The working shows how much of the quote the text does hold, so that a reviewer
/// finds the edited word at once.
pub fn l002(claim: &str, source: &str, quote: &str, folded_text: &str) -> Option<Finding> {
    let q = fold(quote);
    if folded_text.contains(&q) {
        return None;
    }
    let matched = longest_prefix_in(&q, folded_text);
    let working = if matched == 0 {
        format!(
            "the text of {source} holds no part of the folded quote's start \"{}\"",
            excerpt(&q, 60)
        )
    } else {
        let before: String = {
            let head = &q[..matched];
            let n = head.chars().count();
            head.chars().skip(n.saturating_sub(60)).collect()
        };
        format!(
            "the text of {source} holds the folded quote up to \"…{before}\" but not what follows: \"{}\"",
            excerpt(&q[matched..], 60)
        )
    };
    Some(finding(
        "L002",
        Severity::Error,
        vec![claim.to_string()],
        Vec::new(),
        format!(
            "claim {claim}: its quote \"{}\" is not in the stored text of source {source}; \
             copy the quote from the text",
            excerpt(quote, 200)
        ),
        working,
    ))
}

/// The byte length of the longest prefix of `q` (at a character boundary) found in `text`.
/// Containment of prefixes is monotone, so a binary search needs few scans of the text.
fn longest_prefix_in(q: &str, text: &str) -> usize {
    let bounds: Vec<usize> = q
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(q.len()))
        .collect();
    // Invariant: the prefix ending at bounds[lo] is in the text (the empty one always is).
    let (mut lo, mut hi) = (0, bounds.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text.contains(&q[..bounds[mid]]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    bounds[lo]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("  Over\t1,612 \n\u{a0}Deaths "), "over 1,612 deaths");
        assert_eq!(fold("\u{201C}It\u{2019}s\u{201D} 5\u{2032}"), "\"it's\" 5'");
        assert_eq!(fold("2022\u{2013}23"), "2022\u{2013}23");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn printed_must_be_in_quote() {
        assert!(printed_in_quote("51%", "attacks rose  51% in 2023"));
        assert!(printed_in_quote("Over 1,612", "over\n1,612 people"));
        assert!(l001("c1", "Over 1,612", "over\n1,612 people").is_none());
        let f = l001("c1", "52%", "attacks rose 51%").unwrap();
        assert_eq!(f.code, "L001");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.claims, vec!["c1"]);
        assert!(f.message.contains("52%"));
    }

    #[test]
    fn quote_must_be_in_text() {
        let text = fold("PIPS said \u{201C}attacks rose 51%\u{201D} in 2023.\nMore text.");
        assert!(l002("c1", "s1", "\"attacks  rose 51%\" in 2023", &text).is_none());
        let f = l002("c1", "s1", "attacks rose 52% in 2023", &text).unwrap();
        assert_eq!(f.code, "L002");
        assert!(f.working.contains("attacks rose 5"), "{}", f.working);
        assert!(f.working.contains("\"2% in 2023\""), "{}", f.working);
        assert_eq!(longest_prefix_in("zzz", "abc"), 0);
        assert_eq!(longest_prefix_in("abé", "xabéy"), "abé".len());
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;
    use proptest::prelude::*;

    /// The general fold, applied to every text, for comparison with the ASCII fast path.
    fn fold_chars(text: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for ch in text.chars() {
            if ch.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(ch.to_lowercase());
        }
        out
    }

    proptest! {
        #[test]
        fn ascii_fold_matches_the_general_fold(text in "[ -~\t\n\r\x0b\x0c]{0,40}") {
            prop_assert_eq!(fold(&text), fold_chars(&text));
        }

        #[test]
        fn the_raw_shortcut_never_disagrees(quote in "[ a-zA-Z0-9%,\t\n‘’“”é]{0,30}", start in 0usize..30, len in 0usize..10) {
            let chars: Vec<char> = quote.chars().collect();
            let start = start.min(chars.len());
            let printed: String = chars[start..(start + len).min(chars.len())].iter().collect();
            prop_assert_eq!(printed_in_quote(&printed, &quote), fold(&quote).contains(&fold(&printed)));
        }
    }
}
