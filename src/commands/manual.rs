//! `completions SHELL` and `man`: a shell completion script and the manual page, both made
//! from the clap definitions in `cli.rs` (clap_complete, clap_mangen), so they never drift
//! from the command line they describe.

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::Status;
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<Status> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "claimledger", out);
    Ok(Status::Done)
}

/// The manual page of `claimledger` on standard output; with `out_dir`, that page and one
/// per command (`claimledger-check.1`, …) written into the directory.
pub fn man(out_dir: Option<&Path>, out: &mut dyn Write) -> Result<Status> {
    let cmd = Cli::command();
    match out_dir {
        None => clap_mangen::Man::new(cmd).render(out)?,
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::File {
                path: dir.to_path_buf(),
                source,
            })?;
            clap_mangen::generate_to(cmd, dir).map_err(|source| Error::File {
                path: dir.to_path_buf(),
                source,
            })?;
            writeln!(out, "wrote the manual pages into {}", dir.display())?;
        }
    }
    Ok(Status::Done)
}
