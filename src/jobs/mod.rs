//! One entry point per job, which the command line and the server both call: the library's
//! front door. A job takes resolved settings, reads, scores and writes, and returns what it
//! wrote; it prints nothing (its caller says what happened, in a terminal or on a page).

pub mod import;
pub mod score;
pub mod template;
pub mod trend;

pub use import::{import, ImportSettings, Imported};
pub use score::{score, ScoreSettings, Scored};
pub use template::{template, TemplateSettings, Templated};
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

/// The LHE documents of `facts` (each OPD's in a folder beside `out/lhe`, the city's beside
/// `out/lhe-kota.docx`), built and staged, not yet in place.
pub struct StagedLhe {
    docs: crate::report::output::StagedFolder,
    count: usize,
    city: crate::report::output::Staged,
}

/// The LHE documents written.
#[derive(Debug)]
pub struct LheWritten {
    /// The OPDs' folder.
    pub dir: std::path::PathBuf,
    /// How many OPDs'.
    pub count: usize,
    /// The city's document.
    pub city: std::path::PathBuf,
}

/// Builds and stages the LHE documents of `facts` with the letterhead and signatory of
/// `settings`, never over one of `guard`'s inputs.
///
/// # Errors
/// [`Error::Input`] when a document may not be written there; a report error when one cannot
/// be built.
pub fn stage_lhe(
    facts: &crate::report::per_opd::Context,
    settings: &crate::settings::Settings,
    guard: &crate::report::output::Destination,
    out: &std::path::Path,
) -> Result<StagedLhe, Error> {
    use crate::report::lhe;
    let docs = output(guard.stage_folder(&out.join("lhe")))?;
    let count = lhe::write_lhe(facts, settings, docs.path())?.len();
    let city = output(guard.stage_output(out, lhe::CityLhe { facts, settings }))?;
    Ok(StagedLhe { docs, count, city })
}

impl StagedLhe {
    /// Puts the documents in place.
    ///
    /// # Errors
    /// [`Error::Input`] when they cannot be moved there.
    pub fn commit(self) -> Result<LheWritten, Error> {
        Ok(LheWritten {
            dir: output(self.docs.commit())?,
            count: self.count,
            city: output(self.city.commit())?,
        })
    }
}

/// The files of a history folder: inputs of the jobs that read it, which none of their
/// outputs may replace.
pub fn history_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}
