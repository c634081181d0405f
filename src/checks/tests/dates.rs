//! L008 period-after-publication.

use super::*;

#[test]
fn full_publication_date() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "2023-06-15");
    l.count("july", s, "attacks pakistan 2023-07", "1", ex(1.0));
    l.count("year", s, "attacks pakistan 2023", "1", ex(1.0));
    l.count("june", s, "attacks pakistan 2023-06", "1", ex(1.0));
    l.count("day", s, "attacks pakistan 2023-06-15", "1", ex(1.0));
    l.count("open", s, "attacks pakistan 2023-01/", "1", ex(1.0));
    let f = l.run();
    assert_eq!(about(&f, "L008", &["july"])[0].severity, Severity::Error);
    assert_eq!(about(&f, "L008", &["year"])[0].severity, Severity::Warning);
    assert_eq!(about(&f, "L008", &["june"])[0].severity, Severity::Warning);
    assert!(about(&f, "L008", &["day"]).is_empty());
    assert!(about(&f, "L008", &["open"]).is_empty());
}

#[test]
fn partial_publication_date_fails_only_when_every_day_would() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "2024-09");
    l.count("sep", s, "attacks pakistan 2024-09", "1", ex(1.0));
    l.count("mid", s, "attacks pakistan 2024-09-20", "1", ex(1.0));
    l.count("oct", s, "attacks pakistan 2024-10-01", "1", ex(1.0));
    l.count("year", s, "attacks pakistan 2024", "1", ex(1.0));
    l.change("base", s, "attacks pakistan 2024-H1", "2025", "1%", pc(1.0));
    let f = l.run();
    assert!(about(&f, "L008", &["sep"]).is_empty());
    assert!(about(&f, "L008", &["mid"]).is_empty());
    assert_eq!(about(&f, "L008", &["oct"])[0].severity, Severity::Error);
    assert_eq!(about(&f, "L008", &["year"])[0].severity, Severity::Warning);
    let b = about(&f, "L008", &["base"]);
    assert_eq!(b[0].severity, Severity::Error);
    assert!(
        b[0].message.contains("base period 2025"),
        "{}",
        b[0].message
    );
}

#[test]
fn no_publication_date_no_finding() {
    let mut l = Ledger::new();
    let s = l.source("s", "", "");
    l.count("far", s, "attacks pakistan 2099", "1", ex(1.0));
    assert!(of(&l.run(), "L008").is_empty());
}
