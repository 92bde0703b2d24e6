//! `sakip history`: bring a published summary into the history.

use super::{print_diagnostics, written};
use crate::history::{self};
use crate::ingest::Limits;
use crate::jobs::read_lineage;
use crate::lang::Lang;
use crate::messages::Diagnostics;
use crate::report::output::{Destination, Lock};
use crate::report::{self};
use crate::rubric::Rubric;
use crate::Error;
use clap::Subcommand;
use std::path::PathBuf;

/// `history` subcommands.
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Bring a past year that exists only as a published summary (opd, nilai, optional predikat
    /// and component scores) into the history.
    Import {
        /// The summary table (.xlsx, .xls, .ods, .csv).
        file: PathBuf,
        /// The year it evaluated (2000-2100).
        #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
        year: i32,
        /// The rubric it was scored under (e.g. akip-2015), for its maxima and bands.
        #[arg(long)]
        rubric: String,
        /// The history folder.
        #[arg(long)]
        history: PathBuf,
        /// OPD registry: its names are matched to stable ids.
        #[arg(long)]
        opd_registry: Option<PathBuf>,
    },
}

pub(super) fn history_command(cmd: HistoryCommand, lang: Lang) -> Result<(), Error> {
    let HistoryCommand::Import {
        file,
        year,
        rubric,
        history: dir,
        opd_registry,
    } = cmd;
    let rubric = Rubric::load(&rubric)?;
    let limits = Limits::default();
    let mut diag = Diagnostics::default();
    let lineage = read_lineage(opd_registry.as_deref(), &limits, &mut diag);
    let result = history::import::import(&file, year, &rubric, &lineage, &limits, &mut diag);
    if diag.has_errors() {
        print_diagnostics(&diag, lang);
        return Err(Error::Input(diag));
    }
    print_diagnostics(&diag, lang);
    let Some(result) = result else {
        return Err(Error::Input(diag));
    };
    let guard = Destination::new(std::iter::once(&file).chain(opd_registry.iter()));
    let _lock = written(Lock::take(&dir), lang)?;
    let bytes = history::to_bytes(&result)?;
    let path = written(guard.write(&dir, &result.meta.file_name(), &bytes), lang)?;
    // Answers stored by a scored run of the year replaced do not belong to the summary.
    let stale = dir.join(history::answers::file_name(&result.meta));
    if stale.is_file() {
        std::fs::remove_file(&stale).map_err(|e| report::ReportError::Io {
            path: stale.display().to_string(),
            source: e,
        })?;
    }
    say!(
        "{}: {} ({} OPD)",
        lang.pick("Ditulis", "Written"),
        path.display(),
        result.rows.len()
    );
    Ok(())
}
