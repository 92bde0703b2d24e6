//! One entry point per job, which the command line and the server both call: the library's
//! front door. A job takes resolved settings, reads, scores and writes, and returns what it
//! wrote; it prints nothing (its caller says what happened, in a terminal or on a page).

pub mod score;

pub use score::{score, LheWritten, ScoreSettings, Scored};

use crate::ingest::{self, Ledger};
use crate::messages::Diagnostics;
use crate::report::ReportError;
use crate::Error;

/// A write's result as a job's: an output refused (over an input, into a folder another run
/// holds) or one the system would not write becomes an input problem (exit 2, nothing
/// written), with its file.
///
/// # Errors
/// [`Error::Input`] for those; other report errors as they are.
pub fn output<T>(result: Result<T, ReportError>) -> Result<T, Error> {
    let problem = match result {
        Ok(value) => return Ok(value),
        Err(ReportError::Refused(problem)) => *problem,
        Err(ReportError::Io { path, source }) => crate::Problem::error(
            Some(crate::Location::file(path)),
            crate::OutputProblem::CannotWrite {
                detail: source.to_string(),
            },
        ),
        Err(e) => return Err(e.into()),
    };
    Err(Error::Input(Diagnostics {
        problems: vec![problem],
    }))
}

/// The files a list of inputs (files and folders) expands to, without reporting problems
/// (reading them reports those): what no output may replace.
pub fn input_files(inputs: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    ingest::collect_inputs(inputs, &mut Ledger::default(), &mut Diagnostics::default())
}
