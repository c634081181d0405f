//! Which claims can take part in a finding that names one claim C: what `show C` must load
//! so that the checks, run over those claims alone and focused on C, report exactly the
//! findings `check` reports for C over the whole ledger.
//!
//! A finding naming C comes from a unit of work that holds C (the focus skips all others), and
//! a unit's result depends only on the claims it draws on. So the scope must hold, for every
//! unit that can hold C, every claim that unit draws on; holding more changes nothing. Within
//! C's metric tree (with its whole's tree, and the metrics of shares whose whole is a metric of
//! those: the only ways a unit crosses trees), the units and what they draw on are:
//!
//! 1. a key's run (L003, L004, L009, L010): the claims with C's key, so C's place set;
//!    whether each is its org's latest revision depends on claims with the same key again;
//! 2. C's own computation when C is a change or a share (L004, L005, L006, L009): counts on
//!    C's place set, on each component of a union, and on the whole when it is a place
//!    (`of`); a whole that is a metric is counted on C's place set;
//! 3. another claim X's computation that draws on C: X sits on C's place set (a change or
//!    share of it, or a share of C's metric as the whole), or X is a share of C's metric whose
//!    whole is one of C's places, or X's place is a union holding one of C's places. X's other
//!    counts in a computation with C come from C's own group, since a computation never mixes
//!    groups (one source, or one org's latest own figures): see 5;
//! 4. shares of one whole adding past 100% (L006): the shares with C's whole;
//! 5. a group's parts and wholes (L007): C's source's claims, and the latest claims of the
//!    org C is credited to.
//!
//! So the scope is the claims of C's metric tree that
//! - have a place or union component among C's places and whole, and count C's metric or its
//!   whole metric, or are shares whose whole is C's metric (1, 2, 3);
//! - are shares of C's metric whose whole is one of C's places or its whole (3, 4);
//! - are of C's source; or, when C is its org's own figure, are credited to that org (5);
//!
//! Checks that read a single claim (L001, L002, L008) read C only; L011 and L012 read
//! verdicts, which `run_for_claim` asks for.
//!
//! A new check that relates claims in another way must extend this, or `show` will miss its
//! findings: `commands/show_scope_tests.rs` holds `show` to `check` for every claim of dense
//! random ledgers (and fails when any one of the conditions above is dropped), and
//! `tests/show_scope.rs` does so through the binary on a generated ledger.

use crate::records::Claim;

/// The scope around one claim (see the module doc).
#[derive(Debug, Clone)]
pub struct Neighbourhood {
    /// The claim's metric.
    pub metric: String,
    /// Its whole (a place or a metric), for a share.
    pub whole: Option<String>,
    /// Its place, or the components of its union, and its whole.
    pub places: Vec<String>,
    /// Its source.
    pub source: String,
    /// The org whose own figure it is, if it is one.
    pub own_org: Option<String>,
}

impl Neighbourhood {
    /// Around `claim`, which is its org's own figure when `primary`.
    pub fn of(claim: &Claim, primary: bool) -> Self {
        let mut places: Vec<String> = claim.place.split('+').map(str::to_string).collect();
        places.extend(claim.of.clone());
        places.sort_unstable();
        places.dedup();
        Neighbourhood {
            metric: claim.metric.clone(),
            whole: claim.of.clone(),
            places,
            source: claim.source.clone(),
            own_org: claim.attributed_to.clone().filter(|_| primary),
        }
    }
}
