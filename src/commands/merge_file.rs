//! `merge-file BASE OURS THEIRS PATH`: git's merge driver for a ledger directory's files
//! (DESIGN "Team work in git"). The merge itself is `text_form::merge`; this reads the three
//! versions git hands over, writes the result into OURS (git's `%A`, where git expects it)
//! and tells git how it went: exit 0 merged, exit 1 a conflict (git stops and the file holds
//! both versions between markers), exit 2 a version that cannot be read (OURS untouched).

use crate::error::{Error, Result};
use crate::text_form::merge::merge;
use crate::{cli::MergeFileArgs, Status};
use std::fs;
use std::io::Write;
use std::path::Path;

pub fn run(args: MergeFileArgs, _out: &mut dyn Write) -> Result<Status> {
    let read = |p: &Path| {
        fs::read(p).map_err(|source| Error::File {
            path: p.to_path_buf(),
            source,
        })
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let merged = merge(&args.path, &base, &ours, &theirs)?;
    if merged.bytes != ours {
        fs::write(&args.ours, &merged.bytes).map_err(|source| Error::File {
            path: args.ours.clone(),
            source,
        })?;
    }
    if merged.conflicts.is_empty() {
        return Ok(Status::Done);
    }
    // git shows the driver's standard error: the conflicts, then what to do.
    for c in &merged.conflicts {
        eprintln!("claimledger merge-file: conflict in {c}");
    }
    eprintln!(
        "claimledger merge-file: {}: keep one version of each conflicting row (between the \
         <<<<<<< and >>>>>>> lines), delete the marker lines, then `git add {}`",
        args.path, args.path
    );
    Ok(Status::Findings)
}
