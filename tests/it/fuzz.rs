//! Fuzz-style property tests: `import` fed arbitrary bytes and malformed CSV in any one file
//! of an otherwise good ledger directory, and the reading parser fed arbitrary strings. Never
//! a panic; import always refuses with exit 2, a `FILE:LINE:COLUMN:` location and nothing
//! written; the parser reads a figure or names the text it could not read.

use crate::common::TestEnv;
use crate::faults::{restore, snapshot};
use claimledger::reading::{default_tolerance, read, Kind};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The tables a fuzzed file may stand in for, with their headers.
const TABLES: [(&str, &str); 8] = [
    ("orgs.csv", "id,name,aliases"),
    ("places.csv", "id,name,parent,aliases"),
    ("metrics.csv", "id,name,parent,definition,aliases"),
    (
        "sources.csv",
        "id,url,title,publisher,author,published,text_sha256",
    ),
    (
        "claims.csv",
        "id,source,quote,printed,kind,metric,place,period,base,of,attributed_to,note",
    ),
    (
        "reviews.csv",
        "claim,verdict,reviewer,at,evidence,note,hash",
    ),
    ("waivers.csv", "finding,reason,reviewer,at"),
    ("settings.csv", "key,value"),
];

fn seeds() -> &'static BTreeMap<String, Vec<u8>> {
    static SEEDS: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| snapshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")))
}

/// Import the seed ledger with `file` replaced by `bytes`; assert the refusal's shape.
fn refused(file: &str, bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let env = TestEnv::init();
    let mut files = seeds().clone();
    files.insert(file.to_string(), bytes);
    restore(&env.path().join("led"), &files);
    let out = env.run(&["import", "led"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    prop_assert_eq!(out.status.code(), Some(2), "{}", stderr);
    prop_assert!(!stderr.contains("panicked") && !stderr.contains("internal error"));
    let located = stderr.lines().any(|line| {
        let parts: Vec<&str> = line.splitn(4, ':').collect();
        parts.len() == 4
            && parts[0].ends_with(".csv")
            && parts[1].parse::<u64>().is_ok()
            && parts[2].parse::<u64>().is_ok()
    });
    prop_assert!(located, "no FILE:LINE:COLUMN in {}", stderr);
    prop_assert_eq!(env.count_rows("claims"), 0);
    prop_assert_eq!(env.count_rows("orgs"), 0);
    Ok(())
}

/// Cells a spreadsheet or a hand edit might leave: quotes, separators, line ends, NULs, wide
/// characters, slugs and near-slugs.
fn cell() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[a-z0-9-]{0,12}".prop_map(String::into_bytes),
        "[ -~]{0,16}".prop_map(String::into_bytes),
        any::<String>().prop_map(String::into_bytes),
        Just(b"\"".to_vec()),
        Just(b"a,b".to_vec()),
        Just(b"line\nbreak".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"nul\0byte".to_vec()),
        Just(vec![0xFF, 0xFE]),
        proptest::collection::vec(any::<u8>(), 0..8),
    ]
}

/// A defect that makes the file wrong whatever the other rows hold.
#[derive(Debug, Clone)]
enum Defect {
    ExtraCell,
    MissingCell,
    Nul,
    BadUtf8,
}

fn malformed() -> impl Strategy<Value = (usize, Vec<Vec<Vec<u8>>>, Defect, usize)> {
    (
        0..TABLES.len(),
        proptest::collection::vec(proptest::collection::vec(cell(), 1..14), 0..6),
        prop_oneof![
            Just(Defect::ExtraCell),
            Just(Defect::MissingCell),
            Just(Defect::Nul),
            Just(Defect::BadUtf8),
        ],
        0..6usize,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn import_refuses_arbitrary_bytes_with_a_location(
        table in 0..TABLES.len(),
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        refused(TABLES[table].0, bytes)?;
    }

    #[test]
    fn import_refuses_malformed_csv_with_a_location((table, rows, defect, at) in malformed()) {
        let (file, header) = TABLES[table];
        let width = header.split(',').count();
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        w.write_record(header.split(',')).unwrap();
        let bad: Vec<Vec<u8>> = match defect {
            Defect::ExtraCell => vec![b"x".to_vec(); width + 1],
            Defect::MissingCell if width > 2 => vec![b"x".to_vec(); width - 1],
            Defect::MissingCell => vec![b"x".to_vec(); width + 2],
            Defect::Nul => vec![b"a\0b".to_vec(); width],
            Defect::BadUtf8 => vec![vec![b'a', 0xFF]; width],
        };
        let at = at.min(rows.len());
        for (i, row) in rows.iter().enumerate() {
            if i == at {
                w.write_record(&bad).unwrap();
            }
            w.write_record(row).unwrap();
        }
        if at == rows.len() {
            w.write_record(&bad).unwrap();
        }
        refused(file, w.into_inner().unwrap())?;
    }
}

proptest! {
    // In process, so thousands of cases cost well under a second.
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_reading_parser_reads_or_names_what_it_could_not(
        printed in prop_oneof![
            any::<String>(),
            "(nearly|about|over|at least|between|a|some|~|up to|fell by|) ?[0-9.,]{0,9} ?(%|percent|million|lakh|crore|bn|k|and [0-9]+|times|-fold|)( increase| fewer| higher|)",
        ],
        kind in prop_oneof![Just(Kind::Count), Just(Kind::Change), Just(Kind::Share)],
    ) {
        match read(&printed, kind, &default_tolerance()) {
            Ok(_) => {}
            Err(claimledger::Error::Unreadable { printed: named, why }) => {
                prop_assert_eq!(&named, &printed);
                prop_assert!(!why.is_empty());
            }
            Err(other) => prop_assert!(false, "{printed:?}: {other}"),
        }
    }
}
