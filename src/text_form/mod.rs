//! The canonical text form: a ledger directory with one CSV file per table (DESIGN "Canonical
//! text form"), imported all or nothing and dumped byte-stably, so that a ledger kept in git
//! diffs, merges and round-trips exactly.
//!
//! This module owns the files' names, their columns and the rules both directions share;
//! `import` validates and loads, `dump` writes. Readings are not in the files: they derive
//! from `printed`, `kind` and the tolerance in `settings.csv`.

mod dump;
mod import;
pub mod merge;
mod rows;
mod write;

pub use dump::{dump, DumpReport};
pub use import::{check_directory, for_each_review, import, ImportReport};
pub use write::TableWriter;

use sha2::{Digest, Sha256};

/// One file of the ledger directory: its name and its columns, in order.
pub struct Table {
    pub file: &'static str,
    pub columns: &'static [&'static str],
}

pub const ORGS: Table = Table {
    file: "orgs.csv",
    columns: &["id", "name", "aliases"],
};
pub const PLACES: Table = Table {
    file: "places.csv",
    columns: &["id", "name", "parent", "aliases"],
};
pub const METRICS: Table = Table {
    file: "metrics.csv",
    columns: &["id", "name", "parent", "definition", "aliases"],
};
pub const SOURCES: Table = Table {
    file: "sources.csv",
    columns: &[
        "id",
        "url",
        "title",
        "publisher",
        "author",
        "published",
        "text_sha256",
    ],
};
pub const CLAIMS: Table = Table {
    file: "claims.csv",
    columns: &crate::claim::COLUMNS,
};
pub const REVIEWS: Table = Table {
    file: "reviews.csv",
    columns: &[
        "claim", "verdict", "reviewer", "at", "evidence", "note", "hash",
    ],
};
pub const WAIVERS: Table = Table {
    file: "waivers.csv",
    columns: &["finding", "reason", "reviewer", "at", "hash"],
};
pub const SETTINGS: Table = Table {
    file: "settings.csv",
    columns: &["key", "value"],
};

/// The `.gitattributes` every dumped directory gets (DESIGN "Canonical text form"): git must
/// not convert line ends (a text's SHA-256 would break) nor merge the tables line by line
/// (`merge=claimledger` names the driver `claimledger merge-file`, which README sets up).
/// Texts go to the driver too: `-text` alone does not stop git's line merge, which would
/// splice two versions of a stored text into a third that matches neither's SHA-256.
pub const GITATTRIBUTES: (&str, &str) = (
    ".gitattributes",
    "* -text\n*.csv merge=claimledger\ntexts/*.txt merge=claimledger\n",
);

/// The folder of stored texts, `texts/ID.txt`.
pub const TEXTS: &str = "texts";

/// The tolerance a ledger directory's `settings.csv` sets, read without importing the
/// ledger (for `interval`, which needs nothing else); the default when it sets none.
pub fn tolerance_of(dir: &std::path::Path) -> crate::error::Result<crate::exact::Num> {
    use crate::reading::{default_tolerance, parse_tolerance};
    let path = dir.join(SETTINGS.file);
    if !path.exists() {
        return Ok(default_tolerance());
    }
    let mut reader = csv::Reader::from_path(&path)?;
    for row in reader.records() {
        let row = row?;
        if row.get(0) == Some("tolerance") {
            let value = row.get(1).unwrap_or("");
            return parse_tolerance(value).ok_or_else(|| {
                crate::error::Error::invalid(format!(
                    "{}: tolerance {value:?} is not a number from 0 to 1; write e.g. 0.10",
                    path.display()
                ))
            });
        }
    }
    Ok(default_tolerance())
}

/// The line of each row of `table`'s file in `dir` whose first cell is in `ids` (the line its
/// record starts on, as an editor counts): where an annotation lands. A missing file has none.
pub fn row_lines(
    dir: &std::path::Path,
    table: &Table,
    ids: &std::collections::HashSet<&str>,
) -> crate::error::Result<std::collections::HashMap<String, u64>> {
    let mut lines = std::collections::HashMap::new();
    let path = dir.join(table.file);
    if ids.is_empty() || !path.is_file() {
        return Ok(lines);
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(&path)?;
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        let id = std::str::from_utf8(record.get(0).unwrap_or_default()).unwrap_or("");
        if ids.contains(id) {
            let line = record.position().map_or(0, |p| p.line());
            lines.entry(id.to_string()).or_insert(line);
        }
    }
    Ok(lines)
}

/// Hex SHA-256 of some bytes: the digest of a stored text.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(64);
    crate::checks::history::push_hex(&mut hex, &Sha256::digest(bytes));
    hex
}
