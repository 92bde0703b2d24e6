//! `sakip history`: bring a published summary into the history.

use super::{print_diagnostics, printed};
use crate::jobs::{import, ImportSettings};
use crate::lang::Lang;
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
    let settings = ImportSettings {
        file,
        year,
        rubric: Rubric::load(&rubric)?,
        history: dir,
        registry: opd_registry,
    };
    let imported = printed(import(&settings), lang)?;
    print_diagnostics(&imported.warnings, lang);
    say!(
        "{}: {} ({} OPD)",
        lang.pick("Ditulis", "Written"),
        imported.path.display(),
        imported.opds
    );
    Ok(())
}
