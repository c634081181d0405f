//! Progress on a terminal for the commands that can take a while on a large ledger (`dump`,
//! `check`, `export`, `report`): a spinner on standard error with the stage and a row count.
//! It draws only when standard error is a terminal, so CI logs, pipes and tests see nothing,
//! and it is cleared when the command ends, leaving the terminal as the output left it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::cell::Cell;
use std::io::IsTerminal;
use std::time::Duration;

/// A spinner with a stage message and a count; hidden when standard error is not a terminal.
pub struct Progress {
    bar: ProgressBar,
    /// Whether the current stage counts rows (its style shows the count).
    counting: Cell<bool>,
}

/// A stage without a count, and one that counts rows.
const PLAIN: &str = "{spinner} {msg} [{elapsed}]";
const COUNTING: &str = "{spinner} {msg}: {human_pos} rows [{elapsed}]";

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

impl Progress {
    /// Start at `stage` (`"checking"`), shown only on a terminal.
    pub fn start(stage: &str) -> Self {
        Progress::with_target(stage, std::io::stderr().is_terminal())
    }

    /// A spinner that never draws (for library callers and tests).
    pub fn hidden() -> Self {
        Progress::with_target("", false)
    }

    fn with_target(stage: &str, visible: bool) -> Self {
        let bar = if visible {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(style(PLAIN));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(stage.to_string());
        Progress {
            bar,
            counting: Cell::new(false),
        }
    }

    /// A new stage: its message, and the count from zero.
    pub fn stage(&self, stage: impl Into<String>) {
        self.bar.set_position(0);
        if self.counting.replace(false) {
            self.bar.set_style(style(PLAIN));
        }
        self.bar.set_message(stage.into());
    }

    /// One more row written.
    pub fn inc(&self) {
        self.add(1);
    }

    /// `rows` more rows written.
    pub fn add(&self, rows: u64) {
        if !self.counting.replace(true) {
            self.bar.set_style(style(COUNTING));
        }
        self.bar.inc(rows);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
