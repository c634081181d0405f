//! `import DIR` through the binary: a broken ledger refused with every problem named by file,
//! line and column and nothing written; the problem list capped; a second import adding
//! nothing; an id whose content differs refused naming both; rows accepted in any order.
//! Each case starts from a copy of `seeds/` with cells changed through the csv crate, so the
//! files stay valid CSV and only the intended cells are wrong.

use crate::check_support;
use crate::common;

use check_support::seeds;
use common::{copy_dir, TestEnv};
use std::path::{Path, PathBuf};

/// A copy of `seeds/` at `env`'s `name`.
fn copy_seeds(env: &TestEnv, name: &str) -> PathBuf {
    let to = env.path().join(name);
    copy_dir(&seeds(), &to);
    to
}

/// The FILE:LINE:COLUMN problem lines of a refusal, in order.
fn problems(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(".csv:")).collect()
}

/// Rewrite `file` of ledger directory `dir`, row by row (the header is row 0).
fn edit(dir: &Path, file: &str, mut change: impl FnMut(usize, &mut Vec<String>)) {
    let path = dir.join(file);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&path)
        .unwrap();
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    for (i, row) in rows.iter_mut().enumerate() {
        change(i, row);
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(&path)
        .unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

fn column(dir: &Path, file: &str, name: &str) -> usize {
    let mut reader = csv::Reader::from_path(dir.join(file)).unwrap();
    reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap()
}

/// A ledger holding `seeds/`, and the seeds' path.
fn seeds_imported() -> (TestEnv, PathBuf) {
    let env = TestEnv::init();
    let seeds_dir = seeds();
    env.ok(&["import", seeds_dir.to_str().unwrap()]);
    (env, seeds_dir)
}

#[test]
fn a_broken_ledger_is_refused_with_every_problem_and_nothing_written() {
    let env = TestEnv::init();
    let dir = copy_seeds(&env, "broken");
    let period = column(&dir, "claims.csv", "period");
    let printed = column(&dir, "claims.csv", "printed");
    let metric = column(&dir, "claims.csv", "metric");
    let source = column(&dir, "claims.csv", "source");
    edit(&dir, "claims.csv", |i, row| match i {
        2 => row[period] = "2023-13".into(),
        3 => row[printed] = "a great many".into(),
        4 => row[metric] = "no-such-metric".into(),
        5 => row[0] = "Not A Slug".into(),
        6 => row[source] = "no-such-source".into(),
        _ => {}
    });
    let published = column(&dir, "sources.csv", "published");
    edit(&dir, "sources.csv", |i, row| {
        if i == 1 {
            row[published] = "2024-Q4".into();
        }
    });
    let at = column(&dir, "reviews.csv", "at");
    edit(&dir, "reviews.csv", |i, row| {
        if i == 1 {
            row[at] = "2026-11-24 00:00".into();
        }
    });
    edit(&dir, "orgs.csv", |i, row| {
        row.push(if i == 0 {
            "colour".into()
        } else {
            String::new()
        })
    });
    // A text that changed after its digest was taken.
    let mut text = std::fs::read(dir.join("texts/shemrez-2022-12-21.txt")).unwrap();
    text.extend_from_slice(b"edited\n");
    std::fs::write(dir.join("texts/shemrez-2022-12-21.txt"), text).unwrap();

    let err = env.fails(&["import", "broken"], 2);
    // The text's source row, counting the header as line 1.
    let shemrez = std::fs::read_to_string(dir.join("sources.csv"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("shemrez-2022-12-21,"))
        .expect("the source's row")
        + 1;
    let text_problem = format!("sources.csv:{shemrez}:7: texts/shemrez-2022-12-21.txt has SHA-256");
    // Each of the ten problems, and no other ("a great many" is both unreadable and not in
    // its quote: the one claim model reports every problem of a row).
    assert!(err.contains("10 problem(s)"), "{err}");
    for at in [
        "orgs.csv:1:4: unknown column \"colour\"",
        "sources.csv:2:6: published \"2024-Q4\"",
        text_problem.as_str(),
        "claims.csv:3:8: malformed period \"2023-13\"",
        "claims.csv:4:4: cannot read the printed figure \"a great many\"",
        "claims.csv:4:4: the printed figure \"a great many\" is not in the quote",
        "claims.csv:5:6: unknown metric \"no-such-metric\"",
        "claims.csv:6:1: claim id \"Not A Slug\" is not a slug",
        "claims.csv:7:2: unknown source \"no-such-source\"",
        "reviews.csv:2:4: time \"2026-11-24 00:00\"",
    ] {
        assert!(err.contains(at), "missing {at:?} in:\n{err}");
    }
    assert!(err.contains("nothing was written"), "{err}");
    for table in ["orgs", "places", "metrics", "sources", "claims", "reviews"] {
        assert_eq!(
            env.count_rows(table),
            0,
            "{table} after a refused import\n{err}"
        );
    }
}

#[test]
fn the_problem_list_is_capped_with_a_count_of_the_rest() {
    let env = TestEnv::init();
    let dir = copy_seeds(&env, "many");
    let period = column(&dir, "claims.csv", "period");
    let mut rows = Vec::new();
    edit(&dir, "claims.csv", |i, row| {
        if i == 1 {
            rows.push(row.clone());
        }
    });
    // 150 copies of a claim under new ids, each with a malformed period.
    let mut file = std::fs::read_to_string(dir.join("claims.csv")).unwrap();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for n in 0..150 {
        let mut row = rows[0].clone();
        row[0] = format!("extra-{n:03}");
        row[period] = "2023-99".into();
        writer.write_record(&row).unwrap();
    }
    file.push_str(&String::from_utf8(writer.into_inner().unwrap()).unwrap());
    std::fs::write(dir.join("claims.csv"), file).unwrap();

    let err = env.fails(&["import", "many"], 2);
    assert!(err.contains("150 problem(s)"), "{err}");
    assert!(
        err.contains("... and 50 more (only the first 100 are listed)"),
        "{err}"
    );
    assert_eq!(
        err.matches("malformed period \"2023-99\"").count(),
        100,
        "{err}"
    );
    assert_eq!(env.count_rows("claims"), 0);
}

#[test]
fn importing_twice_adds_nothing() {
    let env = TestEnv::init();
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let first = env.ok(&["import", seeds]);
    assert!(first.contains("0 row(s) already present"), "{first}");
    let claims = env.count_rows("claims");
    let reviews = env.count_rows("reviews");
    let second = env.ok(&["import", seeds]);
    assert!(
        second.contains(
            "added 0 orgs, 0 places, 0 metrics, 0 sources, 0 claims, 0 reviews, 0 waivers"
        ),
        "{second}"
    );
    assert_eq!(env.count_rows("claims"), claims);
    assert_eq!(env.count_rows("reviews"), reviews);
}

#[test]
fn an_id_with_other_content_is_refused_naming_both() {
    let (env, _) = seeds_imported();
    let dir = copy_seeds(&env, "changed");
    let quote = column(&dir, "claims.csv", "quote");
    let mut id = String::new();
    edit(&dir, "claims.csv", |i, row| {
        if i == 1 {
            id = row[0].clone();
            row[quote].push_str(" (edited)");
        }
    });
    let err = env.fails(&["import", "changed"], 2);
    assert!(
        err.contains(&format!(
            "claims.csv:2:1: claim \"{id}\" is already in the ledger with other content"
        )),
        "{err}"
    );
    assert!(
        err.contains("(edited)"),
        "the file's version is named: {err}"
    );
}

#[test]
fn rows_may_come_in_any_order() {
    let env = TestEnv::init();
    let dir = copy_seeds(&env, "shuffled");
    // Reviews keep their order: it is the hash chain's.
    let files = [
        "orgs.csv",
        "places.csv",
        "metrics.csv",
        "sources.csv",
        "claims.csv",
    ];
    for file in files {
        let mut rows = Vec::new();
        edit(&dir, file, |_, row| rows.push(row.clone()));
        let header = rows.remove(0);
        rows.reverse();
        rows.insert(0, header);
        edit(&dir, file, |i, row| *row = rows[i].clone());
    }
    env.ok(&["import", "shuffled"]);
    env.ok(&["dump", "again"]);
    for file in files {
        assert_eq!(
            std::fs::read(env.path().join("again").join(file)).unwrap(),
            std::fs::read(seeds().join(file)).unwrap(),
            "{file}: the dump puts rows back in canonical order"
        );
    }
}

#[test]
fn reviews_of_claims_already_in_the_ledger_are_checked_against_it() {
    let (env, seeds_dir) = seeds_imported();
    let before = env.count_rows("reviews");
    // A directory of reviews alone: the ledger's history, and one more with its hash empty
    // (filled in), of a claim that is only in the ledger.
    let dir = env.path().join("more");
    std::fs::create_dir_all(&dir).unwrap();
    let claims = std::fs::read_to_string(seeds_dir.join("claims.csv")).unwrap();
    let header = claims.lines().next().unwrap();
    std::fs::write(dir.join("claims.csv"), format!("{header}\n")).unwrap();
    let history = std::fs::read_to_string(seeds_dir.join("reviews.csv")).unwrap();
    let claim = "art-01-attacks-increase-2023";
    let added = format!("{claim},supported,a-reviewer,2026-11-25T10:00:00Z,,,\n");
    std::fs::write(dir.join("reviews.csv"), format!("{history}{added}")).unwrap();
    let out = env.ok(&["import", "more"]);
    assert!(out.contains("1 reviews"), "{out}");
    assert_eq!(env.count_rows("reviews"), before + 1);

    // A review of a claim neither file nor ledger knows.
    let unknown = format!("{history}no-such-claim,supported,a-reviewer,2026-11-25T10:00:00Z,,,\n");
    std::fs::write(dir.join("reviews.csv"), unknown).unwrap();
    let lines = history.lines().count() + 1;
    let err = env.fails(&["import", "more"], 2);
    assert!(
        err.contains(&format!(
            "reviews.csv:{lines}:1: unknown claim \"no-such-claim\""
        )),
        "{err}"
    );
    assert_eq!(env.count_rows("reviews"), before + 1, "nothing written");
}

#[test]
fn rows_repeated_in_a_file_are_refused_and_check_refuses_what_import_refuses() {
    let env = TestEnv::init();
    let dir = copy_seeds(&env, "repeated");
    for file in ["orgs.csv", "places.csv", "metrics.csv", "sources.csv"] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let second = text.lines().nth(1).unwrap().to_string();
        std::fs::write(&path, format!("{text}{second}\n")).unwrap();
    }
    let waiver = "l003-0123456789ab,Counted differently,ana,2024-11-24T09:30:00Z,";
    let waivers = dir.join("waivers.csv");
    let text = std::fs::read_to_string(&waivers).unwrap();
    std::fs::write(&waivers, format!("{text}{waiver}\n{waiver}\n")).unwrap();
    let lines = |file: &str| {
        std::fs::read_to_string(dir.join(file))
            .unwrap()
            .lines()
            .count()
    };
    let err = env.fails(&["import", "repeated"], 2);
    for (file, what) in [
        ("orgs.csv", "org"),
        ("places.csv", "place"),
        ("metrics.csv", "metric"),
        ("sources.csv", "source"),
    ] {
        let at = format!("{file}:{}:1: {what} ", lines(file));
        assert!(err.contains(&at), "missing {at:?} in:\n{err}");
        assert!(
            err.contains(&format!("appears twice — give each {what} its own id")),
            "{err}"
        );
    }
    let at = format!(
        "waivers.csv:{}:1: finding \"l003-0123456789ab\" is waived twice",
        lines("waivers.csv")
    );
    assert!(err.contains(&at), "missing {at:?} in:\n{err}");
    // `check` reads a directory without a database, through the import's own checks: the
    // same problems, word for word, and no report.
    let out = env.run(&["--db", "repeated", "check"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        common::describe(&[], &out)
    );
    assert!(out.stdout.is_empty());
    let check_err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(problems(&check_err), problems(&err), "{check_err}");
    assert!(!problems(&err).is_empty());
}

#[test]
fn a_large_claims_file_is_checked_whole_and_its_problems_come_in_file_order() {
    // Several batches of the checking threads: 6,000 claims, every 1,000th with a bad period,
    // one repeated id; then the same file without problems loads every row.
    let env = TestEnv::init();
    let dir = copy_seeds(&env, "large");
    let period = column(&dir, "claims.csv", "period");
    let mut template = Vec::new();
    edit(&dir, "claims.csv", |i, row| {
        if i == 1 {
            template = row.clone();
        }
    });
    let write_claims = |bad: bool| {
        let path = dir.join("claims.csv");
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        for n in 0..6000 {
            let mut row = template.clone();
            row[0] = format!("bulk-{n:05}");
            if bad && n % 1000 == 999 {
                row[period] = "2023-13".into();
            }
            if bad && n == 4321 {
                row[0] = "bulk-00007".into();
            }
            w.write_record(&row).unwrap();
        }
        text.push_str(&String::from_utf8(w.into_inner().unwrap()).unwrap());
        std::fs::write(&path, text).unwrap();
    };
    write_claims(true);
    let seed_rows = std::fs::read_to_string(seeds().join("claims.csv"))
        .unwrap()
        .lines()
        .count();
    let err = env.fails(&["import", "large"], 2);
    assert!(err.contains("7 problem(s)"), "{err}");
    let lines: Vec<u64> = err
        .lines()
        .filter_map(|l| l.split_once("claims.csv:"))
        .map(|(_, l)| l.split(':').next().unwrap().parse().unwrap())
        .collect();
    let mut expected: Vec<u64> = (0..6000u64)
        .filter(|n| n % 1000 == 999)
        .chain([4321])
        .map(|n| seed_rows as u64 + n + 1)
        .collect();
    expected.sort_unstable();
    assert_eq!(lines, expected, "{err}");
    assert!(err.contains("\"bulk-00007\" appears twice"), "{err}");
    // `check` of the directory refuses it for the same problems, in the same order.
    let check_err = env.fails(&["--db", "large", "check"], 2);
    assert_eq!(problems(&check_err), problems(&err), "{check_err}");
    assert_eq!(problems(&err).len(), 7);

    // Restored: every row loads.
    std::fs::remove_dir_all(&dir).unwrap();
    copy_dir(&seeds(), &dir);
    write_claims(false);
    env.ok(&["import", "large"]);
    assert_eq!(env.count_rows("claims"), (seed_rows - 1 + 6000) as i64);
}
