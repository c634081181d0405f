//! L001 printed-not-in-quote and L002 quote-not-in-source: does the figure appear in the
//! quote, and the quote in the source's stored text?
//!
//! Both compare folded text ([`fold`]): whitespace runs become one space, ends are trimmed,
//! case is lowered, and curly quotes and primes become straight quotes, because copying from a
//! web page or PDF changes exactly those and nothing a reader would call different words.
//! En and em dashes are kept: `2022–23` and `2022-23` may be printed differently on purpose.
//! Both look for the text as is first and fold only when it is not found (found as is, it
//! is found folded too): a source text is folded at most once, for all of its claims' quotes,
//! and not at all when they were copied exactly. These functions never touch the database.

use super::finding;
use super::model::{Finding, Severity};
use super::words::excerpt;
use std::borrow::Cow;
use std::cell::OnceCell;

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
    // Folded again only to show the reviewer what was compared.
    let (p, q) = (fold(printed), fold(quote));
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

/// A source's stored text as its claims' quotes are looked for in it: as is first, folded
/// (once, for all of its quotes) only when a quote is not in it as is. A quote found as is
/// is found folded too: folding maps each character on its own and only shortens
/// whitespace runs and trims ends, in the text and the quote alike. So the text of a source
/// whose quotes were all copied exactly is never folded.
pub struct SourceText<'t> {
    raw: Haystack<'t>,
    folded: OnceCell<Haystack<'static>>,
}

impl<'t> SourceText<'t> {
    pub fn new(text: &'t str) -> Self {
        SourceText {
            raw: Haystack::new(Cow::Borrowed(text)),
            folded: OnceCell::new(),
        }
    }

    /// Is `quote` in the text as is?
    fn holds_as_is(&self, quote: &str) -> bool {
        self.raw.contains(quote)
    }

    /// The text folded, made at the first call.
    fn folded(&self) -> &Haystack<'static> {
        self.folded
            .get_or_init(|| Haystack::new(Cow::Owned(fold(&self.raw.text))))
    }
}

/// A text with how often each byte occurs in it. A needle is searched for from its byte
/// rarest in this text, so that the search skips most of the text eight bytes at a time:
/// std's `contains` sets up a Two-Way searcher per call, which for a 130-byte quote in a
/// 2 kB text costs more than the search itself.
struct Haystack<'t> {
    text: Cow<'t, str>,
    counts: [u32; 256],
}

impl<'t> Haystack<'t> {
    fn new(text: Cow<'t, str>) -> Self {
        let mut counts = [0u32; 256];
        for &b in text.as_bytes() {
            counts[usize::from(b)] += 1;
        }
        Haystack { text, counts }
    }

    fn as_str(&self) -> &str {
        &self.text
    }

    /// Is `needle` a substring of the text? (Bytes suffice: UTF-8 is self-synchronizing, so a
    /// byte match of valid text is a match of whole characters.)
    fn contains(&self, needle: &str) -> bool {
        let (h, n) = (self.text.as_bytes(), needle.as_bytes());
        let count = |b: &u8| self.counts[usize::from(*b)];
        let Some((k, b)) = n.iter().enumerate().min_by_key(|(_, b)| count(b)) else {
            return true;
        };
        if count(b) == 0 || n.len() > h.len() {
            return false;
        }
        // A match puts needle byte `k` at some `p` with `h[p] == b`, `k <= p <= last`.
        let last = h.len() - n.len() + k;
        let mut p = k;
        while p <= last {
            let Some(off) = find_byte(&h[p..=last], *b) else {
                return false;
            };
            p += off;
            if &h[p - k..p - k + n.len()] == n {
                return true;
            }
            p += 1;
        }
        false
    }
}

/// The first position of `b` in `h`, eight bytes at a time: a word holds `b` when the word
/// xor `b` repeated has a zero byte, and the lowest such byte is the first `b`.
fn find_byte(h: &[u8], b: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let repeated = ONES * u64::from(b);
    let mut chunks = h.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes")) ^ repeated;
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = chunks.remainder().iter().position(|&x| x == b)?;
    Some(at + rest)
}

/// L002: the source has a stored text and the quote is not in it, both folded (error). The
/// working shows how much of the quote the text does hold, so that a reviewer finds the
/// edited word at once.
pub fn l002(claim: &str, source: &str, quote: &str, text: &SourceText<'_>) -> Option<Finding> {
    if text.holds_as_is(quote) {
        return None;
    }
    let folded = text.folded();
    let q = fold(quote);
    if folded.contains(&q) {
        return None;
    }
    let folded_text = folded.as_str();
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
        let text =
            SourceText::new("PIPS said \u{201C}attacks rose 51%\u{201D} in 2023.\nMore text.");
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

    proptest! {
        /// The rare-byte search agrees with std's, on needles cut from the text (found) and
        /// on the same needles with one byte changed (mostly not).
        #[test]
        fn search_agrees_with_std(
            text in "[ab c,1é]{0,80}",
            cut in (0usize..80, 0usize..40),
            swap in (0usize..40, "[abcxé]"),
        ) {
            let folded = Haystack::new(fold(&text).into());
            let t = folded.as_str();
            let chars: Vec<char> = t.chars().collect();
            let start = cut.0.min(chars.len());
            let end = (start + cut.1).min(chars.len());
            let mut needle: Vec<char> = chars[start..end].to_vec();
            prop_assert_eq!(folded.contains(&needle.iter().collect::<String>()), true);
            if !needle.is_empty() {
                let i = swap.0 % needle.len();
                needle[i] = swap.1.chars().next().unwrap();
            }
            let needle: String = needle.into_iter().collect();
            prop_assert_eq!(folded.contains(&needle), t.contains(&needle), "{:?} in {:?}", needle, t);
        }
    }

    #[test]
    fn byte_search_finds_the_first() {
        let h = b"0123456789abcdefa";
        for (i, &b) in h.iter().enumerate().take(16) {
            assert_eq!(find_byte(h, b), Some(i));
        }
        assert_eq!(find_byte(&h[1..], b'a'), Some(9));
        assert_eq!(find_byte(h, b'z'), None);
        assert_eq!(find_byte(b"", b'z'), None);
        // A byte 0x80 above the match must not hide it (the borrow trick's edge).
        assert_eq!(find_byte(&[0x01, 0x80, 0x00, 0, 0, 0, 0, 0], 0x00), Some(2));
    }

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

        /// A quote found in a text as is is found folded too, so that `l002` may stop there:
        /// on quotes cut from the text (whitespace, case, curly quotes and all), and on quotes
        /// that are not in it, for which the answer is the folded search's alone.
        #[test]
        fn a_quote_found_as_is_is_found_folded(
            text in "[ a-zA-Z0-9%,\t\n\u{a0}\u{b}‘’“”é]{0,60}",
            start in 0usize..60,
            len in 0usize..30,
            other in "[ aZ9\t‘é]{0,6}",
        ) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let cut: String = chars[start..(start + len).min(chars.len())].iter().collect();
            let source = SourceText::new(&text);
            for quote in [cut, other] {
                let folded = fold(&text).contains(&fold(&quote));
                if source.holds_as_is(&quote) {
                    prop_assert!(folded, "{:?} in {:?}", quote, text);
                }
                prop_assert_eq!(l002("c", "s", &quote, &source).is_none(), folded);
            }
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

/// L001 and L002 for one claim (L002 when its source's `text` is stored).
pub fn of_claim(c: &crate::records::Claim, text: Option<&str>) -> Vec<Finding> {
    let mut found: Vec<Finding> = l001(&c.id, &c.printed, &c.quote).into_iter().collect();
    if let Some(text) = text {
        found.extend(l002(&c.id, &c.source, &c.quote, &SourceText::new(text)));
    }
    found
}

/// L002 for the claims quoting one source's stored `text`: `(claim id, quote)` pairs.
pub fn quotes_in_text<'q>(
    source: &str,
    text: &str,
    quotes: impl IntoIterator<Item = (&'q str, &'q str)>,
) -> Vec<Finding> {
    let text = SourceText::new(text);
    quotes
        .into_iter()
        .filter_map(|(claim, quote)| l002(claim, source, quote, &text))
        .collect()
}
