//! The trend job: a history folder's years, OPDs followed through the registry, the figures and
//! the planners' workbook. The command line and the server both run it.

use super::read_lineage;
use crate::history::{self, trend};
use crate::ingest::Limits;
use crate::lang::Lang;
use crate::messages::Diagnostics;
use crate::report::output::Output;
use crate::report::page::{Paper, Print};
use crate::report::{self, TrendWorkbook};
use crate::Error;
use std::path::PathBuf;

/// What a trend job reads, resolved.
#[derive(Debug, Clone)]
pub struct TrendSettings {
    /// The history folder.
    pub history: PathBuf,
    /// Which years.
    pub options: trend::TrendOptions,
    /// The OPD registry, when given.
    pub registry: Option<PathBuf>,
    /// The paper the workbook prints on.
    pub paper: Paper,
    /// The language.
    pub lang: Lang,
    /// The run's time, Unix seconds.
    pub run_time_unix: i64,
}

/// What a trend job found and built.
#[derive(Debug)]
pub struct Trended {
    /// The figures (`trend --json`).
    pub figures: trend::Trend,
    /// The workbook's bytes.
    pub workbook: Vec<u8>,
    /// Warnings met.
    pub warnings: Diagnostics,
}

/// Runs a trend job.
///
/// # Errors
/// [`Error::Input`] with every problem (not printed) when the history cannot be read or
/// followed; a report error when the workbook cannot be built.
pub fn trend(settings: &TrendSettings) -> Result<Trended, Error> {
    let mut diag = Diagnostics::default();
    let registry = settings.registry.as_deref();
    let lineage = read_lineage(registry, &Limits::default(), &mut diag);
    let years = history::load(&settings.history, &mut diag);
    let selected = trend::select_years(years, &settings.options, &mut diag);
    let figures = trend::trend(&selected, &lineage, &mut diag);
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    let lang = settings.lang;
    // The header names the trend and its last year.
    let print = Print {
        paper: settings.paper,
        heading: report::label("trend_title", lang).to_string(),
        year: figures.years.last().map_or(0, |y| y.year),
        lang,
    };
    let workbook = TrendWorkbook {
        trend: &figures,
        print: &print,
        run_time_unix: settings.run_time_unix,
    }
    .bytes()?;
    Ok(Trended {
        figures,
        workbook,
        warnings: diag,
    })
}
