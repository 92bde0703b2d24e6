//! The import job: a past year that exists only as a published summary brought into the
//! history, under the history's lock. The command line (`sakip history import`) and the server
//! both run it.

use super::{output, read_lineage};
use crate::history;
use crate::ingest::Limits;
use crate::messages::Diagnostics;
use crate::report::output::{Destination, Lock};
use crate::report::ReportError;
use crate::rubric::Rubric;
use crate::Error;
use std::path::PathBuf;

/// What an import job reads and where it stores the year, resolved.
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// The summary table.
    pub file: PathBuf,
    /// The year it evaluated.
    pub year: i32,
    /// The rubric it was scored under.
    pub rubric: Rubric,
    /// The history folder.
    pub history: PathBuf,
    /// The OPD registry, when given.
    pub registry: Option<PathBuf>,
}

/// A year imported.
#[derive(Debug)]
pub struct Imported {
    /// The year's file in the history.
    pub path: PathBuf,
    /// How many OPDs it holds.
    pub opds: usize,
    /// Warnings met reading the summary.
    pub warnings: Diagnostics,
}

/// Reads the summary, then stores the year in the history (whole or not at all, under the
/// history's lock); answers a scored run of the same year had stored are removed, since they
/// do not belong to the summary.
///
/// # Errors
/// [`Error::Input`] with every problem of the summary or the registry, or when the history may
/// not be written.
pub fn import(settings: &ImportSettings) -> Result<Imported, Error> {
    let limits = Limits::default();
    let mut diag = Diagnostics::default();
    let registry = settings.registry.as_deref();
    let lineage = read_lineage(registry, &limits, &mut diag);
    let (file, year, rubric) = (&settings.file, settings.year, &settings.rubric);
    let result = history::import::import(file, year, rubric, &lineage, &limits, &mut diag);
    let result = match result {
        Some(result) if !diag.has_errors() => result,
        _ => return Err(Error::Input(diag)),
    };
    let guard = Destination::new(std::iter::once(file).chain(settings.registry.iter()));
    let dir = &settings.history;
    let _lock = output(Lock::take(dir))?;
    let bytes = history::to_bytes(&result)?;
    let path = output(guard.write(dir, &result.meta.file_name(), &bytes))?;
    let stale = dir.join(history::answers::file_name(&result.meta));
    if stale.is_file() {
        std::fs::remove_file(&stale).map_err(|e| ReportError::Io {
            path: stale.display().to_string(),
            source: e,
        })?;
    }
    Ok(Imported {
        path,
        opds: result.rows.len(),
        warnings: diag,
    })
}
