//! `sakip` scores Indonesian government performance-accountability (SAKIP / AKIP) evaluations.
//!
//! The data's trip, one module per stage: [`rubric`] (what is scored) -> [`ingest`]
//! (spreadsheets in) -> [`score`] (frames in, frames out) -> [`report`] (frames to workbooks).
//! [`cli`] wires them to the command line; the binary only turns its result into an exit code.
//! [`settings`] (who evaluates, the paper) is read by the command line for the report.

pub mod calendar;
pub mod cli;
pub mod evaluate;
pub mod frame;
pub mod history;
pub mod ingest;
pub mod jobs;
pub mod lang;
pub mod messages;
pub mod parallel;
pub mod progress;
pub mod report;
pub mod rubric;
pub mod score;
pub mod serve;
pub mod settings;
pub mod timing;

pub use lang::Lang;
pub use messages::{
    Diagnostics, HistoryProblem, IngestProblem, Location, OutputProblem, Problem, ProblemKind,
    ScoreProblem, Severity,
};
pub use rubric::Rubric;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The rubric is unknown or inconsistent.
    #[error(transparent)]
    Rubric(#[from] rubric::RubricError),
    /// The inputs have problems; every one is listed.
    #[error("{} problem(s) in the input", .0.problems.iter().filter(|p| p.is_error()).count())]
    Input(Diagnostics),
    /// The report could not be written.
    #[error(transparent)]
    Report(#[from] report::ReportError),
    /// A failure inside the engine (a frame without the column it was built with): a defect
    /// of sakip, not of the inputs.
    #[error("internal error: {0}; please report it with the command that was run")]
    Internal(String),
}

impl From<polars::prelude::PolarsError> for Error {
    fn from(e: polars::prelude::PolarsError) -> Self {
        Error::Internal(e.to_string())
    }
}

impl Error {
    /// The process exit code: 2 for input and usage problems, 1 for failures to write and
    /// internal failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Rubric(_) | Error::Input(_) => 2,
            Error::Report(e) if e.is_user_error() => 2,
            Error::Report(_) | Error::Internal(_) => 1,
        }
    }
}
