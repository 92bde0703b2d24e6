//! `sakip trend`: the year-over-year workbook from a history folder.

use super::{print_diagnostics, print_out, printed, run_time_unix, write_output};
use crate::history::trend;
use crate::jobs;
use crate::lang::Lang;
use crate::report::output::Destination;
use crate::report::page::Paper;
use crate::Error;
use clap::Args;
use std::path::PathBuf;

/// Flags of `trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The history folder.
    #[arg(long)]
    pub history: PathBuf,
    /// The workbook to write.
    #[arg(long, default_value = "trend.xlsx")]
    pub out: PathBuf,
    /// The first year.
    #[arg(long)]
    pub from: Option<i32>,
    /// The last year.
    #[arg(long)]
    pub to: Option<i32>,
    /// The rubric to take in a year stored under more than one.
    #[arg(long)]
    pub rubric: Option<String>,
    /// OPD registry: ids, aliases and predecessors carry series across restructurings.
    #[arg(long)]
    pub opd_registry: Option<PathBuf>,
    /// Also print the figures as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// The paper the workbook prints on: a4, or f4 (Folio, 215 x 330 mm).
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    pub paper: Paper,
}

/// `trend`: the job run, the workbook written (never over a history file or the registry),
/// the figures printed as JSON when asked.
pub(super) fn trend_command(args: TrendArgs, lang: Lang) -> Result<(), Error> {
    let settings = jobs::TrendSettings {
        history: args.history.clone(),
        options: trend::TrendOptions {
            from: args.from,
            to: args.to,
            rubric: args.rubric,
        },
        registry: args.opd_registry.clone(),
        paper: args.paper,
        lang,
        run_time_unix: run_time_unix(),
    };
    let trended = printed(jobs::trend(&settings), lang)?;
    print_diagnostics(&trended.warnings, lang);
    let figures = &trended.figures;
    let mut read = jobs::history_files(&args.history);
    read.extend(args.opd_registry.iter().cloned());
    let guard = Destination::new(read);
    let path = write_output(&guard, &args.out, "trend.xlsx", &trended.workbook, lang)?;
    if args.json {
        let json = serde_json::to_string_pretty(figures).unwrap_or_default();
        print_out(&format!("{json}\n"));
    }
    say!(
        "{}: {} ({} {}, {} OPD)",
        lang.pick("Ditulis", "Written"),
        path.display(),
        figures.years.len(),
        lang.pick("tahun", "years"),
        figures.series.len()
    );
    Ok(())
}
