//! `claimledger-bench`: generates large, realistic ledgers for the benchmark (`scripts/bench`).
//!
//! - `gen-db PATH --claims N`: a SQLite ledger filled through the store (`Store::init`,
//!   `store.write`), in transactions of about 50,000 claims.
//! - `gen-dir DIR --claims N --sources S`: the canonical ledger directory written directly as
//!   CSV (streamed: sources, claims and reviews are written as they are made).
//!
//! Both make the same ledger for the same arguments and `--seed`: a world of ~300 orgs (a
//! few dozen counting bodies and the outlets that cite them), ~95 places in a 3-level tree
//! (country > provinces > districts), 2,100 metrics in a 2-level tree, periods over the
//! years, quarters, halves and months of 2015-2024, and ~10 claims a source about one topic
//! (a metric family, a region, a year), with hedged and exact printed figures, primary and
//! secondary claims, and reviews on a correct hash chain.
//!
//! Every figure is printed from one ground truth: integer counts per (leaf metric, district,
//! month) of the form `a1(m) b1(d) c1(t) + a2(m) b2(d) c2(t)`, so that a parent metric, a
//! province, a union of places or a year is exactly the sum of its parts (and costs O(1)).
//! Changes and shares are computed from the true counts and printed rounded (or hedged) so
//! that their reading contains the true value. With `--consistent` every claim agrees with the
//! truth and each org prints one figure per key (so there is no revision either): `check`
//! should report no error and no warning. Without it, about one claim in twenty is printed
//! from a distorted count, and orgs' figures vary, which gives a realistic share of findings.
//!
//! Readings come from `claimledger::reading::read`; a figure the reader refuses (the stub
//! reader reads plain integers only) is stored with the interval the generator meant, and the
//! count of such fallbacks is reported. With `--consistent`, every stored reading is also
//! checked to contain the truth, and the count of those that do not is reported.
//!
//! - `propose-score SEEDS`: scores `propose` against the seed ledger's article claims and
//!   times it on 1 MB of text (`scripts/propose-bench`).
//!
//! This file parses the arguments and dispatches; the parts are in `benches/bench/`: `rng`,
//! the world (`world`, `org_names`, `place_metric_names`, `period`), printed figures
//! (`figures`, `percent_figures`), the generator (`generator`, `keys`, `claims`), the sinks
//! (`gen_db`, `gen_dir`) and what a run reports (`report`).

#[path = "bench/claims.rs"]
mod claims;
#[path = "bench/figures.rs"]
mod figures;
#[path = "bench/gen_db.rs"]
mod gen_db;
#[path = "bench/gen_dir.rs"]
mod gen_dir;
#[path = "bench/generator.rs"]
mod generator;
#[path = "bench/keys.rs"]
mod keys;
#[path = "bench/org_names.rs"]
mod org_names;
#[path = "bench/percent_figures.rs"]
mod percent_figures;
#[path = "bench/period.rs"]
mod period;
#[path = "bench/place_metric_names.rs"]
mod place_metric_names;
#[path = "bench/propose_score.rs"]
mod propose_score;
#[path = "bench/report.rs"]
mod report;
#[path = "bench/rng.rs"]
mod rng;
#[path = "bench/world.rs"]
mod world;

use clap::{Parser, Subcommand};
use gen_db::gen_db;
use gen_dir::gen_dir;
use std::path::PathBuf;

type AnyResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[derive(Parser)]
#[command(
    name = "claimledger-bench",
    about = "Generate large ledgers for the benchmark"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(clap::Args, Clone)]
struct GenArgs {
    /// How many claims.
    #[arg(long)]
    claims: u64,
    /// How many sources (default: claims / 10).
    #[arg(long)]
    sources: Option<u64>,
    /// Reviews per claim.
    #[arg(long, default_value_t = 1)]
    reviews_per_claim: u32,
    /// Every figure agrees with the ground truth: `check` reports no error and no warning.
    #[arg(long)]
    consistent: bool,
    /// Seed of the generator.
    #[arg(long, default_value_t = 20_240_101)]
    seed: u64,
}

#[derive(Subcommand)]
enum Cmd {
    /// Fill a new SQLite ledger through the store.
    GenDb {
        path: PathBuf,
        #[command(flatten)]
        args: GenArgs,
    },
    /// Write a canonical ledger directory (CSV files and texts/).
    GenDir {
        dir: PathBuf,
        #[command(flatten)]
        args: GenArgs,
    },
    /// Score `propose` against a ledger's own claims on its sources with texts, and time it
    /// on about 1 MB of text.
    ProposeScore {
        /// The ledger directory (the seed ledger: seeds/).
        seeds: PathBuf,
        /// The claimledger binary (default: the one beside this program).
        #[arg(long)]
        bin: Option<PathBuf>,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Cmd::GenDb { path, args } => gen_db(&path, &args),
        Cmd::GenDir { dir, args } => gen_dir(&dir, &args),
        Cmd::ProposeScore { seeds, bin } => propose_score::propose_score(&seeds, bin),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimledger-bench: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
