//! One entry point per job, which the command line and the server both call: the library's
//! front door. A job takes resolved settings, reads, scores and writes, and returns what it
//! wrote; it prints nothing (its caller says what happened, in a terminal or on a page).

pub mod score;
pub mod trend;

pub use score::{score, LheWritten, ScoreSettings, Scored};
pub use trend::{trend, TrendSettings, Trended};

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

/// The registry's lineage (OPDs followed across renamings and mergers), or names alone
/// without one; the registry's problems into `diag`.
pub fn read_lineage(
    registry: Option<&std::path::Path>,
    limits: &crate::ingest::Limits,
    diag: &mut Diagnostics,
) -> crate::history::lineage::Lineage {
    use crate::history::lineage::Lineage;
    match registry {
        Some(path) => {
            let entries = crate::ingest::tables::read_registry(path, limits, &mut Vec::new(), diag);
            Lineage::from_registry(&entries, diag)
        }
        None => Lineage::by_name(),
    }
}
