//! The ledger-wide checks (L003 to L010) as tasks, run on this thread or on two. On two,
//! each thread takes the next task until none is left, over one shared, read-only index:
//! which thread ran what changes no finding's place in the report, which `dedup` and `sort`
//! fix afterwards.

use super::index::Ctx;
use super::model::Finding;
use super::{arithmetic, chain, dates, hierarchy, keyed, share_sums};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every finding of the ledger-wide checks over `ctx`, which is freed as soon as they are
/// made; the result has room for `room` more (what the caller adds next).
pub(super) fn run(ctx: Ctx<'_>, two_threads: bool, room: usize) -> Vec<Finding> {
    let tasks = Task::all(&ctx);
    if !two_threads {
        let mut out = Vec::new();
        for task in &tasks {
            task.run(&ctx, &mut out);
        }
        return out;
    }
    let next = AtomicUsize::new(0);
    let work = |out: &mut Vec<Finding>| {
        while let Some(task) = tasks.get(next.fetch_add(1, Ordering::Relaxed)) {
            task.run(&ctx, out);
        }
    };
    let (mine, theirs) = super::both(
        true,
        || {
            let mut mine = Vec::new();
            work(&mut mine);
            mine
        },
        || {
            let mut theirs = Vec::new();
            work(&mut theirs);
            theirs
        },
    );
    drop(ctx);
    // The fewer findings are added to the more, so that the larger list is copied once at most.
    let (mut most, fewer) = if mine.len() >= theirs.len() {
        (mine, theirs)
    } else {
        (theirs, mine)
    };
    most.reserve_exact(fewer.len() + room);
    most.extend(fewer);
    most
}

/// A share of the ledger-wide checks, for two threads that each take the next task until
/// none is left. The other families come first, as one task; then `keyed` (conflicts: most of
/// the findings on a ledger full of them) in slices of whole keys, and arithmetic (most of the
/// work on a consistent ledger) in slices of claims, so that the two threads finish together
/// whichever way a ledger leans. `keyed` whole left one thread working alone for a quarter of
/// a second after the other had run out of tasks on a ledger of 200,000 findings.
enum Task {
    Keyed(Range<usize>),
    Others,
    Arithmetic(Range<usize>),
}

/// Slices of `keyed` and of arithmetic.
const KEYED_SLICES: usize = 4;
const SLICES: usize = 16;

impl Task {
    fn all(ctx: &Ctx<'_>) -> Vec<Task> {
        let n = ctx.claims.len();
        let size = n.div_ceil(SLICES).max(1);
        let slices = (0..n).step_by(size).map(|at| at..(at + size).min(n));
        std::iter::once(Task::Others)
            .chain(ctx.run_slices(KEYED_SLICES).into_iter().map(Task::Keyed))
            .chain(slices.map(Task::Arithmetic))
            .collect()
    }

    fn run(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        match self {
            Task::Keyed(keys) => keyed::check(ctx, keys.clone(), out),
            Task::Others => {
                chain::check(ctx, out);
                share_sums::check(ctx, out);
                hierarchy::check(ctx, out);
                dates::check(ctx, out);
            }
            Task::Arithmetic(claims) => arithmetic::check(ctx, claims.clone(), out),
        }
    }
}
