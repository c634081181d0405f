//! The `claimledger` binary: parse arguments, run, map the outcome to an exit code.

use claimledger::cli::{Cli, Command};
use claimledger::output::Output;
use claimledger::{run, Status};
use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (the Rust binding names no constant for it).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// No transparent huge pages for this process: a page first touched is then 4 kB to clear and
/// hold, not 2 MB. A command touches most of its memory once and exits, so huge pages only
/// cost it clearing memory it never uses. The allocator asks for them on its arenas before
/// `main` runs, so its own option would come too late; the process-wide switch does not.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours; a kernel
    // without it returns an error, which leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    // Freed memory goes back to the system after 2 ms, not 10: `check` frees the rows of
    // each file while it builds the next part of the ledger, and a million claims' peak is
    // then about 25 MB lower. Not at once (0): with two threads making findings, returning
    // every freed page at once and faulting it in again cost seconds of system time.
    // SAFETY: sets an option of the allocator before any thread but this one exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 2) };
    no_huge_pages();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // A bug must not reach the user as a backtrace: report it as a fault (exit 3).
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "claimledger: internal error ({info}); please report it with the command you ran"
        );
    }));
    // The gate's status does not depend on whether its output was read to the end (`Output`).
    let gate = matches!(cli.command, Command::Check(_));
    let outcome = std::panic::catch_unwind(|| {
        let mut out = io::BufWriter::new(Output::new(io::stdout().lock(), gate));
        let status = run(cli, &mut out)?;
        out.flush()?;
        Ok::<_, claimledger::Error>(status)
    });
    match outcome {
        Ok(Ok(Status::Done)) => ExitCode::SUCCESS,
        Ok(Ok(Status::Findings)) => ExitCode::from(1),
        Ok(Err(e)) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("claimledger: {e}");
            ExitCode::from(e.exit_code())
        }
        Err(_) => ExitCode::from(3),
    }
}
