//! Progress of long runs: a bar on standard error, drawn only when standard error is a terminal
//! and the user did not ask for quiet; and a [`Watch`], the phases of a job as they pass, which
//! the server's page asks for while the job runs.

use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A phase of a score job, as someone watching it is told. The reading of the program data
/// runs at the same time as the scoring of the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The LKE files read, file by file.
    ReadLke,
    /// The program data read, linked and its indices computed.
    Programs,
    /// The answers scored, reconciled, the shortest paths found.
    Score,
    /// The feedback workbook written.
    Workbook,
    /// The scorecards written, OPD by OPD.
    Scorecards,
    /// The LHE documents written.
    Lhe,
    /// The year stored into the history.
    History,
}

impl Phase {
    /// The key of the phase's name among the labels (`rubrics/labels.toml`).
    pub fn key(self) -> &'static str {
        match self {
            Phase::ReadLke => "phase_read_lke",
            Phase::Programs => "phase_programs",
            Phase::Score => "phase_score",
            Phase::Workbook => "phase_workbook",
            Phase::Scorecards => "phase_scorecards",
            Phase::Lhe => "phase_lhe",
            Phase::History => "phase_history",
        }
    }
}

/// A phase begun: how far it is and how long it has taken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Which.
    pub phase: Phase,
    /// Items done (files, OPDs), when the phase counts them.
    pub done: usize,
    /// Items in all (0 when the phase does not count).
    pub total: usize,
    /// Seconds from its beginning to its end, or to now while it runs.
    pub seconds: f64,
    /// Whether it has ended.
    pub finished: bool,
}

/// The phases of a running job as they pass, shared between the job (which begins, ticks and
/// ends them, from any thread) and whoever watches (who reads [`Watch::steps`]). Cloning shares.
#[derive(Debug, Clone, Default)]
pub struct Watch(Arc<Mutex<Vec<(Step, Instant)>>>);

impl Watch {
    fn with(&self, f: impl FnOnce(&mut Vec<(Step, Instant)>)) {
        // A panic elsewhere while the lock was held leaves steps that are still worth showing.
        let mut steps = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut steps);
    }

    /// `phase` begins, with `total` items to do (0 when it does not count them).
    pub fn begin(&self, phase: Phase, total: usize) {
        self.with(|steps| {
            let step = Step {
                phase,
                done: 0,
                total,
                seconds: 0.0,
                finished: false,
            };
            steps.push((step, Instant::now()));
        });
    }

    /// One more item of `phase` done.
    pub fn tick(&self, phase: Phase) {
        self.with(|steps| {
            if let Some((step, _)) = steps.iter_mut().rev().find(|(s, _)| s.phase == phase) {
                step.done += 1;
            }
        });
    }

    /// `phase` has ended.
    pub fn end(&self, phase: Phase) {
        self.with(|steps| {
            let mut open = steps.iter_mut().rev();
            if let Some((step, began)) = open.find(|(s, _)| s.phase == phase && !s.finished) {
                step.finished = true;
                step.seconds = began.elapsed().as_secs_f64();
            }
        });
    }

    /// The phases begun so far, in the order they began.
    pub fn steps(&self) -> Vec<Step> {
        let mut out = Vec::new();
        self.with(|steps| {
            out = steps
                .iter()
                .map(|(step, began)| match step.finished {
                    true => step.clone(),
                    false => Step {
                        seconds: began.elapsed().as_secs_f64(),
                        ..step.clone()
                    },
                })
                .collect();
        });
        out
    }
}

/// `phase` begun on `watch` (when there is one), ended when the value is dropped: on every way
/// out of a phase, an error's too.
pub struct During<'a> {
    watch: Option<&'a Watch>,
    phase: Phase,
}

impl<'a> During<'a> {
    /// Begins `phase` with `total` items.
    pub fn new(watch: Option<&'a Watch>, phase: Phase, total: usize) -> Self {
        if let Some(w) = watch {
            w.begin(phase, total);
        }
        During { watch, phase }
    }
}

impl Drop for During<'_> {
    fn drop(&mut self) {
        if let Some(w) = self.watch {
            w.end(self.phase);
        }
    }
}

/// A counter that redraws one line on standard error as work completes, and ticks the phase it
/// stands for on a [`Watch`] when it has one.
#[derive(Debug)]
pub struct Progress {
    label: String,
    total: usize,
    done: AtomicUsize,
    visible: bool,
    watch: Option<(Watch, Phase)>,
}

impl Progress {
    /// A bar for `total` items, shown only on a terminal and when not `quiet`.
    pub fn new(label: impl Into<String>, total: usize, quiet: bool) -> Self {
        Progress {
            label: label.into(),
            total,
            done: AtomicUsize::new(0),
            visible: !quiet && std::io::stderr().is_terminal(),
            watch: None,
        }
    }

    /// The same bar, also ticking `phase` on `watch` (which the phase's [`During`] begins).
    pub fn watched(mut self, watch: Option<&Watch>, phase: Phase) -> Self {
        self.watch = watch.map(|w| (w.clone(), phase));
        self
    }

    /// A bar that never draws (for tests and libraries).
    pub fn hidden() -> Self {
        Progress {
            label: String::new(),
            total: 0,
            done: AtomicUsize::new(0),
            visible: false,
            watch: None,
        }
    }

    /// One more item done.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some((watch, phase)) = &self.watch {
            watch.tick(*phase);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_follows_phases_that_overlap() {
        let watch = Watch::default();
        {
            let _read = During::new(Some(&watch), Phase::ReadLke, 3);
            let bar = Progress::hidden().watched(Some(&watch), Phase::ReadLke);
            bar.tick();
            bar.tick();
            let steps = watch.steps();
            assert_eq!(steps.len(), 1);
            assert_eq!(
                (steps[0].done, steps[0].total, steps[0].finished),
                (2, 3, false)
            );
            watch.begin(Phase::Programs, 0);
        }
        let _score = During::new(Some(&watch), Phase::Score, 0);
        let steps = watch.steps();
        let shown: Vec<(Phase, bool)> = steps.iter().map(|s| (s.phase, s.finished)).collect();
        assert_eq!(
            shown,
            [
                (Phase::ReadLke, true),
                (Phase::Programs, false),
                (Phase::Score, false)
            ]
        );
        watch.end(Phase::Programs);
        assert!(watch.steps()[1].finished);
    }
}
