//! Guessing a candidate's fields from its sentence: the vocabulary's names and aliases
//! (metrics, places, orgs) found in it, and the periods it mentions. Matching is case-blind and
//! whole-word; a plural `s` is allowed after a metric's name and a demonym's `i`/`is` after a
//! place's ("Pakistani security forces"). A place or metric inside an org's name ("Pakistan
//! Institute of Peace Studies") is not counted.

use crate::records::join_places;

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Metric,
    Place,
    Org,
}

/// One entry of the vocabulary: its id, parent (places and metrics) and the phrases that name
/// it (its name, aliases and id with spaces for dashes), lower-cased.
#[derive(Debug, Clone)]
pub struct Entry {
    pub what: What,
    pub id: String,
    pub parent: Option<String>,
    pub phrases: Vec<String>,
}

impl Entry {
    pub fn new(
        what: What,
        id: &str,
        parent: Option<&str>,
        names: impl IntoIterator<Item = String>,
    ) -> Entry {
        let mut phrases: Vec<String> = names
            .into_iter()
            .chain([id.replace('-', " "), id.to_string()])
            .map(|n| n.trim().to_ascii_lowercase())
            .filter(|n| n.len() >= 2)
            .collect();
        phrases.sort();
        phrases.dedup();
        Entry {
            what,
            id: id.to_string(),
            parent: parent.map(str::to_string),
            phrases,
        }
    }
}

/// A name found in a sentence: byte range in the text and the entry's index.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// Every vocabulary name in `text[from..to]`, longest first where they overlap, orgs winning
/// over places and metrics inside their names.
pub fn mentions(text: &str, from: usize, to: usize, vocab: &[Entry]) -> Vec<Mention> {
    let hay = text[from..to].to_ascii_lowercase();
    let hb = hay.as_bytes();
    let mut found = Vec::new();
    for (e, entry) in vocab.iter().enumerate() {
        for p in &entry.phrases {
            let mut at = 0;
            while let Some(i) = hay[at..].find(p.as_str()) {
                let s = at + i;
                let mut end = s + p.len();
                at = s + 1;
                if s > 0 && hb[s - 1].is_ascii_alphanumeric() {
                    continue;
                }
                let tail: &[&str] = match entry.what {
                    What::Metric => &["s"],
                    What::Place => &["is", "i", "s"],
                    What::Org => &["s"],
                };
                if end < hb.len() && hb[end].is_ascii_alphanumeric() {
                    match tail.iter().find(|t| {
                        hay[end..].starts_with(*t)
                            && hb
                                .get(end + t.len())
                                .is_none_or(|b| !b.is_ascii_alphanumeric())
                    }) {
                        Some(t) => end += t.len(),
                        None => continue,
                    }
                }
                found.push(Mention {
                    start: from + s,
                    end: from + end,
                    entry: e,
                });
            }
        }
    }
    // Orgs first, then longer names: a shorter or lesser name inside one already kept goes.
    found.sort_by_key(|m| {
        (
            vocab[m.entry].what != What::Org,
            std::cmp::Reverse(m.end - m.start),
            m.start,
        )
    });
    let mut kept: Vec<Mention> = Vec::new();
    for m in found {
        if !kept.iter().any(|k| m.start < k.end && k.start < m.end) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.start);
    kept
}

/// The id of the `what` mention nearest the figure at `[start, end)`: after it first (within
/// 60 bytes: "444 terrorist attacks"), else the nearest anywhere.
pub fn nearest(
    ms: &[Mention],
    vocab: &[Entry],
    what: What,
    start: usize,
    end: usize,
) -> Option<String> {
    let of_kind = || ms.iter().filter(move |m| vocab[m.entry].what == what);
    let after = of_kind()
        .filter(|m| m.start >= end && m.start - end <= 60)
        .min_by_key(|m| m.start);
    let dist = |m: &&Mention| {
        if m.start >= end {
            m.start - end
        } else {
            start.saturating_sub(m.end)
        }
    };
    after
        .or_else(|| of_kind().min_by_key(dist))
        .map(|m| vocab[m.entry].id.clone())
}

/// The place of a figure: places joined by "and" (or "&", ",") in the sentence are a union
/// ("Balochistan and KP"); else the nearest place.
pub fn place(
    text: &str,
    ms: &[Mention],
    vocab: &[Entry],
    start: usize,
    end: usize,
) -> Option<String> {
    let places: Vec<&Mention> = ms
        .iter()
        .filter(|m| vocab[m.entry].what == What::Place)
        .collect();
    for w in places.windows(2) {
        let between = text[w[0].end..w[1].start].trim().to_ascii_lowercase();
        if matches!(between.as_str(), "and" | "&" | "," | "as well as") {
            let mut ids: Vec<&str> = vec![&vocab[w[0].entry].id, &vocab[w[1].entry].id];
            // More joined on: "Punjab, Sindh and KP".
            let mut last_end = w[1].end;
            for m in places.iter().filter(|m| m.start >= w[1].end) {
                let b = text[last_end..m.start].trim().to_ascii_lowercase();
                if !matches!(b.as_str(), "and" | "&" | "," | ", and") {
                    break;
                }
                ids.push(&vocab[m.entry].id);
                last_end = m.end;
            }
            return Some(join_places(ids));
        }
    }
    nearest(ms, vocab, What::Place, start, end)
}

/// The parent shared by every place of a `+` union (a share's likely whole).
pub fn common_parent(places: &str, vocab: &[Entry]) -> Option<String> {
    let parents: Vec<Option<&String>> = places
        .split('+')
        .map(|p| {
            vocab
                .iter()
                .find(|e| e.what == What::Place && e.id == p)
                .and_then(|e| e.parent.as_ref())
        })
        .collect();
    match parents.first() {
        Some(Some(first)) if parents.iter().all(|p| *p == Some(*first)) => Some((*first).clone()),
        _ => None,
    }
}

/// Who a sentence credits in words ("according to official sources", "data from the
/// interior ministry", "reported by local police"), for a body the vocabulary does not name.
pub fn credited_in_words(sentence: &str) -> Option<String> {
    const MARKERS: [&str; 8] = [
        "according to ",
        "data from ",
        "figures from ",
        "statistics from ",
        "reported by ",
        "figures by ",
        "estimates by ",
        "data by ",
    ];
    let lower = sentence.to_ascii_lowercase();
    let (at, marker) = MARKERS
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, *m)))
        .min_by_key(|(i, _)| *i)?;
    let rest = &sentence[at + marker.len()..];
    let end = rest
        .find([',', '.', ';', ':', '(', ')', '"', '“', '”'])
        .unwrap_or(rest.len());
    let words: Vec<&str> = rest[..end].split_whitespace().take(6).collect();
    let who = words.join(" ");
    let who = who
        .strip_prefix("the ")
        .unwrap_or(&who)
        .trim_matches(['\'', '’', '‘']);
    (!who.is_empty()).then(|| who.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vec<Entry> {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        vec![
            Entry::new(What::Place, "pakistan", None, names(&["Pakistan"])),
            Entry::new(
                What::Place,
                "kp",
                Some("pakistan"),
                names(&["KP", "Khyber Pakhtunkhwa"]),
            ),
            Entry::new(
                What::Place,
                "balochistan",
                Some("pakistan"),
                names(&["Balochistan"]),
            ),
            Entry::new(
                What::Metric,
                "terrorist-attacks",
                None,
                names(&["terror attacks"]),
            ),
            Entry::new(
                What::Org,
                "pips",
                None,
                names(&["Pakistan Institute of Peace Studies", "PIPS"]),
            ),
            Entry::new(What::Org, "kp-police", None, names(&["KP Police"])),
        ]
    }

    fn ids(text: &str) -> Vec<String> {
        let v = vocab();
        mentions(text, 0, text.len(), &v)
            .iter()
            .map(|m| v[m.entry].id.clone())
            .collect()
    }

    #[test]
    fn names_in_org_names_are_the_orgs() {
        assert_eq!(
            ids("Data from the Pakistan Institute of Peace Studies (PIPS) on terror attacks"),
            ["pips", "pips", "terrorist-attacks"]
        );
        assert_eq!(ids("personnel of the KP police in KP"), ["kp-police", "kp"]);
        // Demonyms and plurals; no match inside a word.
        assert_eq!(
            ids("Pakistani forces; Pakistanis; KPK"),
            ["pakistan", "pakistan"]
        );
    }

    #[test]
    fn places_joined_by_and_are_a_union() {
        let v = vocab();
        let text = "Balochistan and KP saw 95% of attacks in Pakistan";
        let ms = mentions(text, 0, text.len(), &v);
        assert_eq!(place(text, &ms, &v, 22, 25), Some("balochistan+kp".into()));
        assert_eq!(common_parent("balochistan+kp", &v), Some("pakistan".into()));
    }

    #[test]
    fn bodies_credited_in_words() {
        assert_eq!(
            credited_in_words("two were 'martyred' according to official sources."),
            Some("official sources".into())
        );
        assert_eq!(
            credited_in_words("Data from the interior ministry, released on Monday"),
            Some("interior ministry".into())
        );
        assert_eq!(credited_in_words("Nobody said anything"), None);
    }
}
