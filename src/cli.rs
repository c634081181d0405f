//! Every clap type of the command line, and nothing else: the spellings here are a contract
//! that scripts and CI workflows depend on (DESIGN "Command line").

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A ledger of quantitative claims from published articles.
#[derive(Debug, Parser)]
#[command(name = "claimledger", version, about, max_term_width = 100)]
pub struct Cli {
    /// The ledger: a SQLite file, or a ledger directory in the canonical text form (read-only).
    #[arg(
        long,
        global = true,
        env = "CLAIMLEDGER_DB",
        default_value = "ledger.db"
    )]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database, or bring an older one up to date.
    Init,
    /// Show or set one of the ledger's settings (the organisation that publishes reviews).
    Setting {
        /// review-org-name, review-org-url or reviews-url (tolerance is set by import).
        key: String,
        /// The new value; without it, the current value is printed.
        value: Option<String>,
    },
    /// Bodies that publish or are credited with figures.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Places, nested through --parent.
    #[command(subcommand)]
    Place(PlaceCommand),
    /// What is counted, nested through --parent.
    #[command(subcommand)]
    Metric(MetricCommand),
    /// Published documents.
    #[command(subcommand)]
    Source(SourceCommand),
    /// Record a claim: one number in one source. Prints its id and reading.
    Add(AddArgs),
    /// Correct a claim that has no review yet (the same validation as add).
    Edit(EditArgs),
    /// Remove a claim that has no review yet.
    Remove {
        /// The claim id.
        id: String,
    },
    /// Candidate claims read from a source's stored text, as a claims CSV to edit and give
    /// to `add --from`; writes nothing to the ledger.
    Propose(ProposeArgs),
    /// Claims with their readings and current verdict.
    List(ListArgs),
    /// One claim: source, quote, reading, review history, findings.
    Show {
        /// The claim id.
        id: String,
    },
    /// Append a review to a claim's history.
    Verify(VerifyArgs),
    /// Run every check; exit 1 when a finding at or above --fail-on is not waived.
    Check(CheckArgs),
    /// Accept one finding, with a reason; a waived finding no longer fails the gate.
    Waive(WaiveArgs),
    /// How the ledger reads a printed figure.
    Interval(IntervalArgs),
    /// Load a canonical ledger directory, all or nothing.
    Import {
        /// The ledger directory.
        dir: PathBuf,
    },
    /// Write the canonical ledger directory.
    Dump {
        /// The ledger directory to write (created; existing ledger files are replaced).
        dir: PathBuf,
    },
    /// CSV, a spreadsheet workbook, or ClaimReview JSON-LD for reviewers.
    Export(ExportArgs),
    /// One self-contained HTML page for reviewers: summary, findings, interval charts.
    Report(ReportArgs),
    /// Print a shell completion script (install it as README says).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), made from these definitions.
    Man {
        /// Write claimledger.1 and a page per command (claimledger-check.1, …) here instead.
        #[arg(long)]
        out_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The HTML file to write (whole or not at all).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Record an org.
    Add {
        id: String,
        #[arg(long)]
        name: String,
        /// Another name the org goes by (repeatable).
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// List orgs.
    List,
}

#[derive(Debug, Subcommand)]
pub enum PlaceCommand {
    /// Record a place.
    Add {
        id: String,
        #[arg(long)]
        name: String,
        /// The place that contains this one.
        #[arg(long)]
        parent: Option<String>,
        /// Another name the place goes by (repeatable).
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// List places.
    List,
}

#[derive(Debug, Subcommand)]
pub enum MetricCommand {
    /// Record a metric.
    Add {
        id: String,
        #[arg(long)]
        name: String,
        /// The metric that counts everything this one counts, and more.
        #[arg(long)]
        parent: Option<String>,
        /// What exactly is counted.
        #[arg(long)]
        definition: Option<String>,
        /// Another name the metric goes by (repeatable).
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// List metrics.
    List,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Record a source, with its text snapshot.
    Add(SourceAddArgs),
    /// List sources.
    List,
    /// One source and its claims.
    Show { id: String },
}

#[derive(Debug, Args)]
pub struct SourceAddArgs {
    pub id: String,
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub url: Option<String>,
    /// The org that published it.
    #[arg(long)]
    pub publisher: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
    /// YYYY-MM-DD, or the partial date that is known (YYYY-MM, YYYY).
    #[arg(long)]
    pub published: Option<String>,
    /// A file holding the source's text, stored byte for byte.
    #[arg(long)]
    pub text: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The claim id; made up (unique without coordination) when not given.
    #[arg(long, conflicts_with = "from")]
    pub id: Option<String>,
    /// Add every claim of a claims CSV (as `propose` writes it, edited), all or nothing;
    /// `status` and `why` columns are ignored, and so are rows whose status is `skipped`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["source", "quote", "printed", "metric", "place", "period", "kind", "base", "of", "attributed_to", "note"])]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub fields: ClaimFields,
}

/// A claim's fields as flags: what `add` records and `edit` changes (an empty value clears an
/// optional field in `edit`).
#[derive(Debug, Args, Default)]
pub struct ClaimFields {
    /// The source the claim is printed in.
    #[arg(long)]
    pub source: Option<String>,
    /// The exact words of the source that carry the claim.
    #[arg(long)]
    pub quote: Option<String>,
    /// The figure exactly as printed, a part of the quote (`-20%` is a figure, not a flag).
    #[arg(long, allow_hyphen_values = true)]
    pub printed: Option<String>,
    /// What is counted: a metric id or alias.
    #[arg(long)]
    pub metric: Option<String>,
    /// A place, or several joined by '+'.
    #[arg(long)]
    pub place: Option<String>,
    /// When: 2023, 2023-Q1, 2023-H1, 2023-05, 2023-05-14, or START/END of those (END may be
    /// empty: up to the source's publication).
    #[arg(long)]
    pub period: Option<String>,
    /// Inferred from the printed figure when not given.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// The base period of a change.
    #[arg(long)]
    pub base: Option<String>,
    /// The whole of a share: a place or a metric.
    #[arg(long)]
    pub of: Option<String>,
    /// The org the source credits the figure to.
    #[arg(long)]
    pub attributed_to: Option<String>,
    /// The recorder's note: why the claim was filed this way. (In `edit`, an empty value
    /// clears an optional field: --note "".)
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The claim to correct (it must have no review yet).
    pub id: String,
    #[command(flatten)]
    pub fields: ClaimFields,
}

#[derive(Debug, Args)]
pub struct ProposeArgs {
    /// The source whose stored text is read.
    pub source: String,
    /// Write the CSV to FILE (whole or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Count,
    Change,
    Share,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum VerdictArg {
    Supported,
    Disputed,
    Refuted,
    Unverifiable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long)]
    pub metric: Option<String>,
    #[arg(long)]
    pub place: Option<String>,
    /// Claims whose period lies within this one (any period form, `2023/` included).
    #[arg(long)]
    pub period: Option<String>,
    /// Match --metric, --place and --period exactly, without what nests under them.
    #[arg(long)]
    pub exact: bool,
    /// Claims whose latest review has this verdict.
    #[arg(long, value_enum)]
    pub verdict: Option<VerdictArg>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The claim id.
    pub id: String,
    #[arg(long, value_enum)]
    pub verdict: VerdictArg,
    /// Where the evidence is: a url, a claim id, a document.
    #[arg(long)]
    pub evidence: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// Who reviews; else CLAIMLEDGER_REVIEWER, else git's user.name.
    #[arg(long)]
    pub reviewer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Csv,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Text output: list every unreviewed claim (L011), not one line per source.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct WaiveArgs {
    /// The finding id, as `check` prints it.
    pub finding: String,
    #[arg(long)]
    pub reason: String,
    /// Who signs off; else CLAIMLEDGER_REVIEWER, else git's user.name.
    #[arg(long)]
    pub reviewer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IntervalFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct IntervalArgs {
    /// The figure as printed, e.g. "nearly 500" or "51% increase" (`-20%` is a figure, not a
    /// flag).
    #[arg(allow_hyphen_values = true)]
    pub printed: String,
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: IntervalFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    Claims,
    Findings,
    History,
    Audit,
    Claimreview,
    /// The four reports as sheets of one spreadsheet workbook, with a legend (needs --out).
    Workbook,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// Write here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Start with a UTF-8 byte-order mark, so that spreadsheets read non-ASCII text right.
    #[arg(long)]
    pub excel: bool,
}
