//! Properties of `propose` on any text: no panic, every quote an exact substring of the text,
//! every printed figure inside its quote, and every candidate readable by the reader.

use super::fields::{Entry, What};
use super::*;
use proptest::prelude::*;

fn t() -> crate::exact::Num {
    crate::reading::default_tolerance()
}

fn vocab() -> Vec<Entry> {
    vec![
        Entry::new(What::Place, "pakistan", None, ["Pakistan".to_string()]),
        Entry::new(What::Place, "kp", Some("pakistan"), ["KP".to_string()]),
        Entry::new(What::Metric, "fatalities", None, ["deaths".to_string()]),
        Entry::new(What::Org, "pips", None, ["PIPS".to_string()]),
    ]
}

fn check(text: &str) {
    let info = SourceInfo {
        id: "s",
        published: Some("2024-05"),
    };
    for p in propose(text, &info, &vocab(), &t(), &|_| false) {
        assert!(
            text.contains(&p.quote),
            "quote {:?} not in {text:?}",
            p.quote
        );
        assert!(p.quote.contains(&p.printed), "{p:?}");
        assert_eq!(&text[p.at..p.at + p.printed.len()], p.printed);
        if p.status == "candidate" {
            let kind = p.kind.unwrap();
            assert!(
                crate::reading::read(&p.printed, kind, &t()).is_ok(),
                "{p:?}"
            );
        }
    }
}

#[test]
fn a_seed_like_paragraph() {
    let text = "PIPS said deaths in KP rose. According to PIPS, over 1,612 deaths in 2024 in Pakistan, \
                a 51% increase compared to the previous year. Mr. Khan said on 19 December that 72 hours \
                were enough; call +92-51-1234567.";
    check(text);
    let info = SourceInfo {
        id: "s",
        published: Some("2025"),
    };
    let rows = propose(text, &info, &vocab(), &t(), &|_| false);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.printed.as_str(), r.status))
        .collect();
    assert_eq!(
        got,
        [
            ("over 1,612", "candidate"),
            ("2024", "skipped"),
            ("51% increase", "candidate"),
            ("19", "skipped"),
            ("72 hours", "skipped"),
            ("+92-51-1234567", "skipped"),
        ]
    );
    let c = &rows[0];
    assert_eq!(
        (
            c.metric.as_str(),
            c.place.as_str(),
            c.period.as_str(),
            c.attributed_to.as_str()
        ),
        ("fatalities", "pakistan", "2024", "pips")
    );
    assert_eq!(
        (rows[2].period.as_str(), rows[2].base.as_str()),
        ("2024", "2023")
    );

    let text =
        "Attacks fell by 20% in the first quarter of 2024 compared with the same period last year.";
    let rows = propose(text, &info, &vocab(), &t(), &|_| false);
    assert_eq!(
        (rows[0].period.as_str(), rows[0].base.as_str()),
        ("2024-Q1", "2023-Q1")
    );
}

/// The reader's grammar flows in: every form below is proposed with its words, as printed.
#[test]
fn the_readers_grammar_flows_in() {
    let text = "Officials said as many as 40k people fled. A staggering 70% increase in attacks was \
                recorded in 2023 compared to 2022. Two-thirds of the attacks were in KP. One in five \
                victims was a child. Attacks were twice as many as in 2022. The budget reached \
                $50.5 billion, and Rs 5 billion went to police. Deaths were 73pc more than the year \
                before. About 1.5 lakh people fled. Twenty-one soldiers died. He said 1,50,000 homes \
                were hit in the first half of 2024.";
    check(text);
    let info = SourceInfo {
        id: "s",
        published: Some("2024"),
    };
    let rows = propose(text, &info, &vocab(), &t(), &|_| false);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r.status == "candidate")
        .map(|r| (r.printed.as_str(), r.kind.map_or("", |k| k.as_str())))
        .collect();
    assert_eq!(
        got,
        [
            ("as many as 40k", "count"),
            ("A staggering 70% increase", "change"),
            ("Two-thirds", "share"),
            ("One in five", "share"),
            ("twice", "change"),
            ("$50.5 billion", "count"),
            ("Rs 5 billion", "count"),
            ("73pc more", "change"),
            ("About 1.5 lakh", "count"),
            ("Twenty-one", "count"),
            ("1,50,000", "count"),
        ]
    );
    let by = |p: &str| rows.iter().find(|r| r.printed == p).unwrap();
    assert_eq!(
        (by("twice").period.as_str(), by("twice").base.as_str()),
        ("2024", "2022")
    );
    assert_eq!((by("73pc more").base.as_str()), "2023");
    assert_eq!(by("1,50,000").period, "2024-H1");
    assert_eq!(
        (
            by("Two-thirds").place.as_str(),
            by("Two-thirds").of.as_str()
        ),
        ("kp", "pakistan")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_gives_exact_quotes(text in "([A-Za-z]{1,8}|[0-9][0-9,.%]{0,6}|over|nearly|more than|a|per cent|million|doubled|\\.|,|\\n| |“|’|Mr\\.|U\\.S\\.|–)*") {
        check(&text);
    }

    #[test]
    fn any_unicode_text_is_safe(text in "\\PC{0,200}") {
        check(&text);
    }
}
