//! Progress on a terminal for the commands that can take a while on a large ledger (`dump`,
//! `check`, `export`, `report`): a spinner on standard error with the stage and a row count.
//! It draws only when standard error is a terminal, so CI logs, pipes and tests see nothing,
//! and it is cleared when the command ends, leaving the terminal as the output left it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A spinner with a stage message and a count; hidden when standard error is not a terminal.
pub struct Progress {
    bar: ProgressBar,
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
            let style = ProgressStyle::with_template("{spinner} {msg} {human_pos} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(stage.to_string());
        Progress { bar }
    }

    /// A new stage: its message, and the count from zero.
    pub fn stage(&self, stage: impl Into<String>) {
        self.bar.set_position(0);
        self.bar.set_message(stage.into());
    }

    /// One more row written.
    pub fn inc(&self) {
        self.bar.inc(1);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
