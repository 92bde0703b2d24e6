//! A progress bar on standard error for long runs, drawn only when standard error is a terminal
//! and the user did not ask for quiet.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A counter that redraws one line on standard error as work completes.
#[derive(Debug)]
pub struct Progress {
    label: String,
    total: usize,
    done: AtomicUsize,
    visible: bool,
}

impl Progress {
    /// A bar for `total` items, shown only on a terminal and when not `quiet`.
    pub fn new(label: impl Into<String>, total: usize, quiet: bool) -> Self {
        Progress {
            label: label.into(),
            total,
            done: AtomicUsize::new(0),
            visible: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// A bar that never draws (for tests and libraries).
    pub fn hidden() -> Self {
        Progress {
            label: String::new(),
            total: 0,
            done: AtomicUsize::new(0),
            visible: false,
        }
    }

    /// One more item done.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.visible {
            return;
        }
        let width = 30;
        let filled = (done * width) / self.total.max(1);
        let bar: String = "#".repeat(filled) + &"-".repeat(width - filled.min(width));
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{} [{bar}] {done}/{}", self.label, self.total);
        if done >= self.total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}
