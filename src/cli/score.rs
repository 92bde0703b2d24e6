//! `sakip score`: its flags resolved into the job's [`ScoreSettings`], the job run
//! ([`jobs::score`]), and what it wrote said in the chosen language.

use super::args::{resolve_input, InputArgs, RankByArg};
use super::{print_diagnostics, print_out, printed, run_time_unix, year_of};
use crate::jobs::{self, ScoreSettings};
use crate::lang::Lang;
use crate::report::page::Paper;
use crate::score::RankBy;
use crate::Error;
use clap::Args;
use std::path::PathBuf;

/// Flags of `score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// What is read.
    #[command(flatten)]
    pub input: InputArgs,
    /// What the ranking is ordered by.
    #[arg(long, value_enum, default_value_t = RankByArg::Akip)]
    pub rank_by: RankByArg,
    /// The folder that receives feedback.xlsx.
    #[arg(long, default_value = "sakip-out")]
    pub out: PathBuf,
    /// Also print the ranking as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Also write one scorecard workbook per OPD into DIR/scorecards.
    #[arg(long)]
    pub scorecards: bool,
    /// The level of the rubric's tree the Komponen sheet shows, one column per node (1 the
    /// components only, 2 the sub-components; the Zona Integritas LKE's areas are at 3).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=9))]
    pub level: u8,
    /// The year evaluated, shown on the scorecards (default: the year of the run; 2000-2100).
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: Option<i32>,
    /// Store this year's results in the history folder DIR (needs --year); scorecards then show
    /// each OPD's past years.
    #[arg(long, value_name = "DIR", requires = "year")]
    pub history: Option<PathBuf>,
    /// The paper the workbooks print on: a4, or f4 (Folio, 215 x 330 mm); default the
    /// settings' paper, else A4.
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
    /// The settings file (`sakip init` writes an example): the government's name heads every
    /// printed page; the letterhead and signatory of the LHE.
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Also write each OPD's Laporan Hasil Evaluasi (`DIR/lhe/NN-slug.docx`).
    #[arg(long)]
    pub lhe: bool,
}

/// Resolves `score`'s flags into the job's settings: loads the rubric and the settings file,
/// fixes the run time.
///
/// # Errors
/// [`Error::Rubric`] when the rubric cannot be loaded; [`Error::Input`] (printed) when the
/// settings file has problems.
pub fn settings_from_args(args: ScoreArgs, lang: Lang) -> Result<ScoreSettings, Error> {
    let rubric_source = args.input.rubric.clone();
    let settings = match &args.settings {
        Some(path) => match crate::settings::Settings::load(path) {
            Ok(settings) => settings,
            Err(diag) => {
                print_diagnostics(&diag, lang);
                return Err(Error::Input(diag));
            }
        },
        None => crate::settings::Settings::default(),
    };
    let (rubric, indices, mut sources, policies) = resolve_input(args.input, lang)?;
    let quiet = sources.progress.is_none();
    // A year stored in the history keeps its answers beside it (for `sakip lhe`).
    sources.keep_answers = args.history.is_some();
    Ok(ScoreSettings {
        rubric,
        rubric_source,
        indices,
        sources,
        rank_by: match args.rank_by {
            RankByArg::Akip => RankBy::Akip,
            RankByArg::Keselarasan => RankBy::Keselarasan,
            RankByArg::Kolaborasi => RankBy::Kolaborasi,
            RankByArg::Gabungan => RankBy::Gabungan,
        },
        out: args.out,
        lang,
        json: args.json,
        scorecards: args.scorecards,
        level: usize::from(args.level),
        year: args.year.unwrap_or_else(|| year_of(run_time_unix())),
        history: args.history,
        paper: args.paper.or(settings.report.paper).unwrap_or_default(),
        government: settings.government.name.clone(),
        settings_file: args.settings,
        settings,
        lhe: args.lhe,
        quiet,
        policies,
        run_time_unix: run_time_unix(),
        inputs_named_from: None,
    })
}

/// `score`: the job run, what it wrote said in the chosen language.
pub(super) fn score_command(settings: ScoreSettings) -> Result<(), Error> {
    let lang = settings.lang;
    let on_warnings = &mut |warnings: &_| print_diagnostics(warnings, lang);
    let scored = printed(jobs::score(&settings, on_warnings), lang)?;
    if let Some((dir, count)) = &scored.scorecards {
        let label = lang.pick("Kartu nilai", "Scorecards");
        say!("{label}: {} ({count} OPD)", dir.display());
    }
    match &scored.lhe {
        Some(lhe) => {
            let label = lang.pick("Laporan Hasil Evaluasi", "Evaluation reports");
            say!(
                "{label}: {} ({} OPD), {}",
                lhe.dir.display(),
                lhe.count,
                lhe.city.display()
            );
        }
        // An LHE reports an LKE evaluation: program data alone has none to report.
        None if scored.lhe_asked => {
            let said = lang.pick(
                "LHE tidak ditulis: tidak ada jawaban LKE yang dievaluasi",
                "No LHE written: there are no LKE answers evaluated",
            );
            say!("{said}");
        }
        None => {}
    }
    if let Some(path) = &scored.history {
        say!("{}: {}", lang.pick("Riwayat", "History"), path.display());
    }
    if let Some(json) = &scored.json {
        print_out(&String::from_utf8_lossy(json));
    }
    say!("{}", scored.ledger.summary(lang));
    say!(
        "{}: {} ({} OPD)",
        lang.pick("Ditulis", "Written"),
        scored.feedback.display(),
        scored.opds
    );
    Ok(())
}
