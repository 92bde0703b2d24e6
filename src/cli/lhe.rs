//! `sakip lhe`: a year's LHE documents written again from the history alone: its stored
//! answers scored again (the same numbers as the year's run), its past years from the same
//! history, the letterhead and signatory of today's settings.

use super::{print_diagnostics, printed, run_time_unix, written, Error};
use crate::evaluate::{evaluate_stored, Indices};
use crate::history::{self, answers};
use crate::ingest::{Answers, Limits};
use crate::jobs::read_lineage;
use crate::jobs::score::own_past;
use crate::lang::Lang;
use crate::messages::{Diagnostics, HistoryProblem, Location};
use crate::report::{self, output::Destination, FeedbackInput};
use crate::rubric::Rubric;
use crate::settings::{Paper, Settings};
use clap::Args;
use std::path::PathBuf;

/// `lhe`'s flags.
#[derive(Debug, Args)]
pub struct LheArgs {
    /// The history folder (`score --history` stores each year's answers beside its results).
    #[arg(long)]
    pub history: PathBuf,
    /// The year whose LHE to write.
    #[arg(long)]
    pub year: i32,
    /// The rubric, when the year is stored under more than one.
    #[arg(long)]
    pub rubric: Option<String>,
    /// The output folder: `DIR/lhe/NN-slug.docx` and `DIR/lhe-kota.docx`.
    #[arg(long, default_value = "sakip-out")]
    pub out: PathBuf,
    /// The settings file: letterhead, signatory, report number and date, paper.
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// The paper: a4, or f4 (Folio); default the settings' paper, else A4.
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
    /// OPD registry: past years followed across renamings and mergers.
    #[arg(long)]
    pub opd_registry: Option<PathBuf>,
}

/// Writes the LHE documents of a stored year.
///
/// # Errors
/// [`Error::Input`] (printed) when the history has no such year, or the year no answers, or
/// they cannot be scored; a report error when a document cannot be written.
pub fn lhe_command(args: LheArgs, lang: Lang) -> Result<(), Error> {
    let fail = |diag: Diagnostics| {
        print_diagnostics(&diag, lang);
        Err(Error::Input(diag))
    };
    let settings = match &args.settings {
        Some(path) => match Settings::load(path) {
            Ok(settings) => settings,
            Err(diag) => return fail(diag),
        },
        None => Settings::default(),
    };
    let mut diag = Diagnostics::default();
    let lineage = read_lineage(args.opd_registry.as_deref(), &Limits::default(), &mut diag);
    let years = history::load(&args.history, &mut diag);
    if diag.has_errors() {
        return fail(diag);
    }
    // The year asked for, under one rubric.
    let here: Vec<&history::YearResult> = years
        .iter()
        .filter(|y| y.meta.year == args.year)
        .filter(|y| args.rubric.as_ref().is_none_or(|r| &y.meta.rubric == r))
        .collect();
    let result = match here.as_slice() {
        [one] => (*one).clone(),
        [] => {
            let mut present: Vec<i32> = years.iter().map(|y| y.meta.year).collect();
            present.dedup();
            diag.error(None, HistoryProblem::EmptyHistory { years: present });
            return fail(diag);
        }
        several => {
            let rubrics = several.iter().map(|y| y.meta.rubric.clone()).collect();
            let year = args.year;
            diag.error(None, HistoryProblem::SeveralRubrics { year, rubrics });
            return fail(diag);
        }
    };
    let path = args.history.join(answers::file_name(&result.meta));
    if !path.is_file() {
        let at = Some(Location::file(result.file.display().to_string()));
        let (year, rubric) = (result.meta.year, result.meta.rubric.clone());
        diag.error(at, HistoryProblem::NoAnswers { year, rubric });
        return fail(diag);
    }
    let (stored, records) = match answers::read(&path) {
        Ok(read) => read,
        Err(problem) => {
            diag.error(Some(Location::file(path.display().to_string())), problem);
            return fail(diag);
        }
    };
    let rubric = match &stored.rubric_text {
        Some(text) => Rubric::from_toml(text, &path.display().to_string())?,
        None => Rubric::load(&stored.rubric)?,
    };
    let indices = Indices::builtin()?;
    let answers = Answers::from_records(&records);
    let scored = evaluate_stored(answers, &rubric, &indices, stored.policies());
    let evaluation = printed(scored, lang)?;
    let opds = evaluation.ranking.opds();
    let past = own_past(years.clone(), result, &lineage, &opds, &mut diag);
    if diag.has_errors() {
        return fail(diag);
    }
    // The history's files and the settings are inputs: no document replaces them.
    let mut read = crate::jobs::history_files(&args.history);
    read.extend(args.settings.iter().cloned());
    read.extend(args.opd_registry.iter().cloned());
    let guard = Destination::new(read);
    let lhe_dir = args.out.join("lhe");
    written(guard.check_folder(&lhe_dir), lang)?;
    written(
        guard.check(&args.out.join(report::lhe::CITY_LHE_FILE)),
        lang,
    )?;
    let input = FeedbackInput {
        rubric: &rubric,
        ranking: &evaluation.ranking,
        akip: evaluation.akip.as_ref(),
        programs: None,
        indices: &indices,
        reconciliation: evaluation.reconciliation.as_ref(),
        next_steps: &evaluation.next_steps,
        files: &evaluation.files,
        ledger: None,
        run_time_unix: run_time_unix(),
        lang,
        year: args.year,
        past: Some(&past),
        level: 2,
        audit: &evaluation.audit,
        paper: args.paper.or(settings.report.paper).unwrap_or_default(),
        government: settings.government.name.as_deref(),
    };
    let Some(akip) = input.akip else {
        return Ok(());
    };
    let facts = report::per_opd::Context::new(&input, akip)?;
    let _lock = written(crate::report::output::Lock::take(&args.out), lang)?;
    let staged = crate::jobs::stage_lhe(&facts, &settings, &guard, &args.out);
    let docs = printed(staged.and_then(crate::jobs::StagedLhe::commit), lang)?;
    let label = lang.pick("Laporan Hasil Evaluasi", "Evaluation reports");
    say!(
        "{label} {}: {} ({} OPD), {}",
        args.year,
        docs.dir.display(),
        docs.count,
        docs.city.display()
    );
    Ok(())
}
