//! The columns of every reviewers' report, each with what it holds: the one list that the CSV
//! headers, the workbook's headers and its legend sheet are made from, and that
//! `reports/README.md` documents (a test holds the README to it).

/// A report's column: its header and what it holds, as the legend sheet says it.
pub type Column = (&'static str, &'static str);

/// The names of a report's columns, in order.
pub fn names(columns: &[Column]) -> Vec<&'static str> {
    columns.iter().map(|(name, _)| *name).collect()
}

/// `export claims`, and the start of `export audit`.
pub const CLAIMS: [Column; 23] = [
    ("claim", "the claim id"),
    ("source", "the source id"),
    ("source title", "the source's title"),
    ("publisher", "the org that published the source"),
    ("published", "the source's publication date, as recorded (2024-11-05, or 2024-11)"),
    ("source url", "the source's url (a link in the workbook)"),
    ("quote", "the exact words of the source that carry the claim"),
    ("printed", "the figure as printed, kept as text: 1,524, 95%, over 1,612"),
    ("reading", "how the ledger reads it, with its unit: [450, 500], (1612, ∞), [+50.5%, +51.5%]"),
    ("lower", "the reading's lower bound, a number in the unit (empty when unbounded)"),
    ("lower open", "yes when the lower bound itself is excluded (over 1,612)"),
    ("upper", "the reading's upper bound, a number in the unit (empty when unbounded)"),
    ("upper open", "yes when the upper bound itself is excluded"),
    ("unit", "what lower and upper measure: count, percent (a share) or percent-change (a change)"),
    ("kind", "count, change or share"),
    ("metric", "what is counted"),
    ("place", "where (place ids joined by + for a union)"),
    ("period", "when: 2023, 2023-Q1, 2023-05, or START/END"),
    ("base", "a change's base period: the change is from base to period"),
    ("whole", "a share's whole: the place or metric it is a share of"),
    ("attributed to", "the org the source credits the figure to"),
    ("primary", "yes when the source's publisher is that org: the body's own figure; no for a figure reported by someone else"),
    ("note", "the claim's note"),
];

/// The columns `export audit` adds after [`CLAIMS`].
pub const AUDIT: [Column; 15] = [
    ("verdict", "the verdict of the claim's latest review (empty: never reviewed)"),
    ("reviewer", "who gave it"),
    ("reviewed at", "when (UTC)"),
    ("review evidence", "the evidence given with it"),
    ("review note", "the note given with it"),
    ("error findings", "how many unwaived error findings question the claim (number)"),
    ("warning findings", "how many unwaived warning findings question it (number)"),
    ("info findings", "how many unwaived info findings question it (number)"),
    ("waived findings", "how many waived findings question it (number)"),
    ("questioned by", "the unwaived findings that question the claim, ;-joined, most severe first"),
    ("questioned codes", "their codes, one per finding in the same order (L004;L004 for two findings)"),
    ("waived ids", "the waived findings that question it, ;-joined"),
    ("waived codes", "their codes, one per finding"),
    ("evidence in", "the findings that cite the claim only as evidence (the figure others were measured against, not questioned), ;-joined"),
    ("evidence codes", "their codes, one per finding"),
];

/// `export findings`: one row per finding and claim it questions.
pub const FINDINGS: [Column; 30] = [
    ("finding", "the finding's stable id (what waive takes)"),
    ("code", "L001 … L015 (see the codes below)"),
    ("name", "the code's name: conflict, misattributed, …"),
    ("severity", "error, warning or info"),
    ("gap", "a disagreement's gap: the distance between the two intervals, in the claim's unit (counts, percentage points) (number; empty for other findings)"),
    ("relative gap", "the gap relative to the larger of the two facing ends: 0.66 for 51% against 17% (number)"),
    ("waived", "yes when a reviewer accepted the finding"),
    ("claim", "the questioned claim: a finding that questions two claims has a row for each"),
    ("quote", "the questioned claim's quote"),
    ("printed", "its figure as printed (text)"),
    ("reading", "how the ledger reads it, with its unit"),
    ("lower", "the reading's lower bound (number; empty when unbounded)"),
    ("upper", "the reading's upper bound (number; empty when unbounded)"),
    ("unit", "what lower and upper measure: count, percent or percent-change"),
    ("source", "the source the claim is printed in"),
    ("source title", "that source's title"),
    ("source url", "that source's url (a link in the workbook)"),
    ("credited org", "the name of the org the source credits the figure to"),
    ("primary", "yes when that org published the source: the body's own figure"),
    ("verdict", "the claim's current verdict (its latest review; empty: never reviewed)"),
    ("evidence", "the claims it was measured against, ;-joined: the finding's evidence and, when the finding questions several claims (a conflict), the others"),
    ("evidence figures", "each of those as id: printed reading (source title), ;-separated"),
    ("evidence url", "the source url of the first of those that has one (a link in the workbook)"),
    ("message", "what is wrong"),
    ("working", "the arithmetic, to check by hand"),
    ("waiver reason", "why the finding was accepted"),
    ("waived by", "who accepted it"),
    ("waived at", "when (UTC)"),
    ("claims", "every claim the finding questions, ;-joined"),
    ("finding evidence", "the finding's own evidence claims, ;-joined"),
];

/// `export history`: every review in the order recorded.
pub const HISTORY: [Column; 10] = [
    ("review", "its number in the history, from 1 (number)"),
    ("claim", "the claim reviewed"),
    ("quote", "that claim's quote"),
    ("printed", "that claim's figure as printed (text)"),
    ("verdict", "supported, disputed, refuted or unverifiable"),
    ("reviewer", "who reviewed"),
    ("reviewed at", "when (UTC)"),
    (
        "evidence",
        "the evidence given (a link in the workbook when it is a url)",
    ),
    ("note", "the note given"),
    (
        "hash",
        "the review's link in the hash chain (check prints the chain's head)",
    ),
];

/// `list --format csv`: the claims as `list` selects them.
pub const LIST: [Column; 19] = [
    ("id", "the claim id"),
    ("source", "the source id"),
    ("kind", "count, change or share"),
    ("metric", "what is counted"),
    ("place", "where"),
    ("period", "when"),
    ("base", "a change's base period"),
    ("of", "a share's whole"),
    ("attributed_to", "the org the figure is credited to"),
    ("printed", "the figure as printed"),
    ("reading", "how the ledger reads it"),
    ("lower", "lower bound (number; empty when unbounded)"),
    ("upper", "upper bound (number; empty when unbounded)"),
    ("lower_open", "true when the lower bound is excluded"),
    ("upper_open", "true when the upper bound is excluded"),
    ("unit", "what the bounds measure"),
    ("verdict", "the latest review's verdict"),
    ("quote", "the quote"),
    ("note", "the note"),
];

/// The severities, for the legend.
pub const SEVERITIES: [Column; 3] = [
    ("error", "cannot be true or breaks provenance: a claim that contradicts the org it is credited to, figures that contradict each other inside one source or one org's own figures, a broken quote or history"),
    ("warning", "a disagreement that involves a secondary claim (not its org's own figure) from another source"),
    ("info", "a disagreement among different orgs' own figures (bodies that count differently), an imprecise figure, a revision, an unreviewed claim, a stale waiver"),
];

/// The verdicts, for the legend.
pub const VERDICTS: [Column; 4] = [
    (
        "supported",
        "the reviewer found the figure right as printed and credited",
    ),
    ("disputed", "the reviewer found reason to doubt it"),
    ("refuted", "the reviewer found it wrong"),
    ("unverifiable", "the reviewer could not check it"),
];

/// The finding codes, with their names and what they find, for the legend.
pub const CODES: [(&str, &str, &str); 15] = [
    ("L001", "printed-not-in-quote", "printed is not in quote"),
    ("L002", "quote-not-in-source", "the source has a stored text and the quote is not in it"),
    ("L003", "conflict", "two claims with equal keys whose readings share no value"),
    ("L004", "misattributed", "a claim credited to an org contradicts that org's own figure, or the change or share recomputed from its own counts"),
    ("L005", "change-arithmetic", "a change disagrees with the change recomputed from counts for its period and base"),
    ("L006", "share-arithmetic", "a share disagrees with part ÷ whole from counts, or shares of disjoint parts add up past 100%"),
    ("L007", "part-exceeds-whole", "a count for a part is surely larger than the count for what contains it"),
    ("L008", "period-after-publication", "the claim's period starts (error) or ends (warning) after its source was published"),
    ("L009", "superseded", "the credited org later published a different figure for the same key"),
    ("L010", "duplicate", "one source holds two claims with equal keys and equal readings"),
    ("L011", "unreviewed", "a claim has no review"),
    ("L012", "verdict-contradicted", "a claim marked supported is questioned by an error finding, or conflicts with another supported claim"),
    ("L013", "history-tampered", "the review history's hash chain does not verify"),
    ("L014", "stale-waiver", "a waiver names a finding that no longer exists"),
    ("L015", "change-chain", "a change disagrees with the composition of changes over consecutive periods"),
];
