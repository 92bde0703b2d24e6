//! `sakip score`: its flags resolved into [`ScoreSettings`], then the evaluation, the
//! workbooks and documents, and the year stored in the history, all put in place together.

use super::args::{resolve_input, InputArgs, RankByArg};
use super::{expand, print_diagnostics, print_out, run_time_unix, written, year_of};
use crate::evaluate::{evaluate_with, Indices, Sources};
use crate::history::{self, trend};
use crate::lang::Lang;
use crate::messages::{Diagnostics, HistoryProblem};
use crate::report::output::Output;
use crate::report::output::{Destination, Lock};
use crate::report::page::Paper;
use crate::report::{self, FeedbackInput, FEEDBACK_FILE};
use crate::rubric::Rubric;
use crate::score::{Policies, RankBy};
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

/// `score`'s flags, resolved.
pub struct ScoreSettings {
    /// The rubric.
    pub rubric: Rubric,
    /// The rubric as named: a built-in id or a file (which no output may replace).
    pub rubric_source: String,
    /// The indices' definitions.
    pub indices: Indices,
    /// What is read.
    pub sources: Sources,
    /// What the ranking is ordered by.
    pub rank_by: RankBy,
    /// The output folder.
    pub out: PathBuf,
    /// The language.
    pub lang: Lang,
    /// Whether to print JSON.
    pub json: bool,
    /// Whether to write per-OPD scorecards.
    pub scorecards: bool,
    /// The level of the tree the Komponen sheet shows.
    pub level: usize,
    /// The year evaluated.
    pub year: i32,
    /// The history folder, when this year is stored.
    pub history: Option<PathBuf>,
    /// The paper the workbooks print on.
    pub paper: Paper,
    /// The government's name from the settings, for the pages' header and Ringkasan.
    pub government: Option<String>,
    /// The settings file, when given (an input no output may replace).
    pub settings_file: Option<PathBuf>,
    /// The settings read from it (or none).
    pub settings: crate::settings::Settings,
    /// Whether to write the LHE documents.
    pub lhe: bool,
    /// Whether to draw no progress bar.
    pub quiet: bool,
    /// Missing-answer and conflict policies.
    pub policies: Policies,
    /// The run's time, Unix seconds.
    pub run_time_unix: i64,
}

impl ScoreSettings {
    /// How the workbooks' pages print (as [`FeedbackInput::print`] gives it).
    fn print(&self) -> report::page::Print {
        let (year, lang) = (self.year, self.lang);
        let government = self.government.as_deref();
        report::page::Print::new(&self.rubric, government, self.paper, year, lang)
    }

    /// Resolves flags: loads the rubric, fixes the run time.
    ///
    /// # Errors
    /// [`Error::Rubric`] when the rubric cannot be loaded.
    pub fn from_args(args: ScoreArgs, lang: Lang) -> Result<Self, Error> {
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
        })
    }
}

/// The files a run of `score` reads, which none of its outputs may replace: the inputs found
/// in its folders, the priorities, the registry, a rubric given as a file.
fn score_inputs(settings: &ScoreSettings, rubric: &str) -> Destination {
    let sources = &settings.sources;
    let mut named = expand(&sources.lke);
    named.extend(expand(&sources.programs));
    named.extend(sources.priorities.iter().cloned());
    named.extend(sources.registry.iter().cloned());
    named.extend(settings.settings_file.iter().cloned());
    named.push(PathBuf::from(rubric));
    Destination::new(named)
}

pub(super) fn score_command(settings: ScoreSettings) -> Result<(), Error> {
    let lang = settings.lang;
    let guard = score_inputs(&settings, &settings.rubric_source);
    let cards_dir = settings.out.join("scorecards");
    let lhe_dir = settings.out.join("lhe");
    if settings.lhe {
        written(guard.check_folder(&lhe_dir), lang)?;
        written(
            guard.check(&settings.out.join(report::lhe::CITY_LHE_FILE)),
            lang,
        )?;
    }
    written(guard.check(&settings.out.join(FEEDBACK_FILE)), lang)?;
    if settings.scorecards {
        written(guard.check_folder(&cards_dir), lang)?;
    }
    // With program data, the Kriteria sheet is filled while the program data is linked and
    // scored (see `evaluate_with`); without, beside the workbook's other sheets.
    let ahead = !settings.sources.programs.is_empty();
    let print = settings.print();
    let result = evaluate_with(
        &settings.sources,
        &settings.rubric,
        &settings.indices,
        settings.policies,
        settings.rank_by,
        |akip| ahead.then(|| report::CriteriaAhead::fill(&settings.rubric, &print, akip)),
    );
    let (evaluation, ahead) = match result {
        Ok(evaluation) => evaluation,
        Err(Error::Input(diag)) => {
            print_diagnostics(&diag, lang);
            return Err(Error::Input(diag));
        }
        Err(e) => return Err(e),
    };
    print_diagnostics(&evaluation.diagnostics, lang);
    let (past, year) = match &settings.history {
        Some(dir) => {
            let (past, result) = prepare_year(&settings, &evaluation, dir)?;
            (Some(past), Some((dir, result)))
        }
        None => (None, None),
    };
    // Every check has passed: from here the run holds its folders, builds every output beside
    // its place, and puts them all in place at the end.
    let _out_lock = written(Lock::take(&settings.out), lang)?;
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a.canonicalize()
            .ok()
            .is_some_and(|a| b.canonicalize().ok() == Some(a))
    };
    let year = match year {
        // One folder for both is held once: a second lock would be refused by the first.
        Some((dir, result)) if same(dir, &settings.out) => Some((dir, result, None)),
        Some((dir, result)) => Some((dir, result, Some(written(Lock::take(dir), lang)?))),
        None => None,
    };
    let input = FeedbackInput {
        rubric: &settings.rubric,
        ranking: &evaluation.ranking,
        akip: evaluation.akip.as_ref(),
        programs: evaluation.programs.as_ref(),
        indices: &settings.indices,
        reconciliation: evaluation.reconciliation.as_ref(),
        next_steps: &evaluation.next_steps,
        files: &evaluation.files,
        ledger: Some(&evaluation.ledger),
        run_time_unix: settings.run_time_unix,
        lang,
        year: settings.year,
        past: past.as_ref(),
        level: settings.level,
        audit: &evaluation.audit,
        paper: settings.paper,
        government: settings.government.as_deref(),
    };
    let ahead = ahead.flatten().transpose()?;
    let workbook = report::Feedback {
        input: &input,
        ahead,
    };
    let feedback = written(guard.stage_output(&settings.out, workbook), lang)?;
    crate::timing::mark("build and write feedback.xlsx");
    // What the scorecards and the LHE read, gathered once for both.
    let facts = match input.akip {
        Some(akip) if settings.scorecards || settings.lhe => {
            Some(report::per_opd::Context::new(&input, akip)?)
        }
        _ => None,
    };
    let cards = match settings.scorecards {
        true => Some(scorecards(&settings, facts.as_ref(), &guard, &cards_dir)?),
        false => None,
    };
    let lhe = match (settings.lhe, &facts) {
        (false, _) => None,
        // An LHE reports an LKE evaluation: program data alone has none to report.
        (true, None) => {
            let said = lang.pick(
                "LHE tidak ditulis: tidak ada jawaban LKE yang dievaluasi",
                "No LHE written: there are no LKE answers evaluated",
            );
            say!("{said}");
            None
        }
        (true, Some(facts)) => {
            let staged = written(guard.stage_folder(&lhe_dir), lang)?;
            let docs = report::lhe::write_lhe(facts, &settings.settings, staged.path())?;
            let city = report::lhe::CityLhe {
                facts,
                settings: &settings.settings,
            };
            let city = written(guard.stage_output(&settings.out, city), lang)?;
            crate::timing::mark("write LHE");
            Some((staged, docs.len(), city))
        }
    };
    let year = match year {
        Some((dir, result, lock)) => {
            let bytes = history::to_bytes(&result)?;
            let name = result.meta.file_name();
            let staged = written(guard.stage(dir, &name, &bytes), lang)?;
            // The answers beside the results, so that the year's documents can be written
            // again from the history (`sakip lhe`).
            let answers = match &evaluation.answers {
                Some(answers) => {
                    let records = answers.records(0..answers.len());
                    let meta = history::answers::AnswersMeta::new(
                        settings.year,
                        &settings.rubric.id,
                        rubric_text(&settings.rubric_source),
                        settings.policies,
                    );
                    let bytes = history::answers::to_bytes(&meta, &records)?;
                    let name = history::answers::file_name(&result.meta);
                    Some(written(guard.stage(dir, &name, &bytes), lang)?)
                }
                None => None,
            };
            Some((staged, answers, lock))
        }
        None => None,
    };
    let json = match settings.json {
        true => Some(report::Json { input: &input }.bytes()?),
        false => None,
    };
    // Committed last and together: the workbook, the scorecards, then the history year.
    let path = written(feedback.commit(), lang)?;
    if let Some((staged, count)) = cards {
        let dir = written(staged.commit(), lang)?;
        let label = lang.pick("Kartu nilai", "Scorecards");
        say!("{label}: {} ({count} OPD)", dir.display());
    }
    if let Some((staged, count, city)) = lhe {
        let dir = written(staged.commit(), lang)?;
        let city = written(city.commit(), lang)?;
        let label = lang.pick("Laporan Hasil Evaluasi", "Evaluation reports");
        say!(
            "{label}: {} ({count} OPD), {}",
            dir.display(),
            city.display()
        );
    }
    if let Some((staged, answers, _lock)) = year {
        let path = written(staged.commit(), lang)?;
        if let Some(answers) = answers {
            written(answers.commit(), lang)?;
        }
        say!("{}: {}", lang.pick("Riwayat", "History"), path.display());
    }
    if let Some(json) = json {
        print_out(&String::from_utf8_lossy(&json));
    }
    say!("{}", evaluation.ledger.summary(lang));
    let opds = evaluation.ranking.height();
    say!(
        "{}: {} ({opds} OPD)",
        lang.pick("Ditulis", "Written"),
        path.display()
    );
    Ok(())
}

/// Every OPD's scorecard, written into a folder beside `dir` to be swapped in for it whole;
/// with how many were written.
fn scorecards(
    settings: &ScoreSettings,
    facts: Option<&report::per_opd::Context>,
    guard: &Destination,
    dir: &std::path::Path,
) -> Result<(report::output::StagedFolder, usize), Error> {
    let lang = settings.lang;
    let staged = written(guard.stage_folder(dir), lang)?;
    // Without LKE answers the folder is there, and empty.
    let Some(facts) = facts else {
        return Ok((staged, 0));
    };
    let total = facts.opds.len();
    let label = report::label("progress_scorecards", lang);
    let progress = crate::progress::Progress::new(label, total, settings.quiet);
    let cards = report::scorecard::write_scorecards(facts, staged.path(), &progress)?;
    crate::timing::mark("write scorecards");
    Ok((staged, cards.len()))
}

/// The text of the rubric named `source` when it is a file (a built-in rubric is found again
/// by its id).
fn rubric_text(source: &str) -> Option<String> {
    if Rubric::builtin_ids().contains(&source) {
        return None;
    }
    std::fs::read_to_string(source).ok()
}

/// This year's results for the history folder `dir`, and each OPD's own years with them.
/// The folder's other years are read and followed first, so that a folder with a problem stops
/// the run before anything is written; the year is stored only once the workbooks are.
fn prepare_year(
    settings: &ScoreSettings,
    evaluation: &crate::evaluate::Evaluation,
    dir: &std::path::Path,
) -> Result<(history::PastYears, history::YearResult), Error> {
    let lang = settings.lang;
    let mut diag = Diagnostics::default();
    if evaluation.akip.is_none() {
        diag.error(None, HistoryProblem::NothingToStore);
    }
    let years = history::load(dir, &mut diag);
    if diag.has_errors() {
        print_diagnostics(&diag, lang);
        return Err(Error::Input(diag));
    }
    let lineage = &evaluation.lineage;
    let result = history::YearResult::from_ranking(
        &settings.rubric,
        settings.year,
        &evaluation.ranking,
        |opd| lineage.id_of(opd),
    )?;
    // The past as the scorecards will show it, worked out before anything is written: a past
    // year's OPD that the registry does not know stops the run with nothing stored.
    let opds = crate::frame::strings(&evaluation.ranking, crate::frame::OPD)?;
    let past = own_past(years, result.clone(), lineage, &opds, &mut diag);
    if diag.has_errors() {
        print_diagnostics(&diag, lang);
        return Err(Error::Input(diag));
    }
    Ok((past, result))
}

/// Each of `opds`' own years up to `result`'s, as the scorecards and the LHE show them: the
/// history's `years` before it under the same rubric, followed through `lineage` (a past
/// year's OPD the registry does not know is an error in `diag`).
pub(super) fn own_past(
    mut years: Vec<history::YearResult>,
    result: history::YearResult,
    lineage: &history::lineage::Lineage,
    opds: &[String],
    diag: &mut Diagnostics,
) -> history::PastYears {
    let (year, rubric) = (result.meta.year, result.meta.rubric.clone());
    years.retain(|y| y.meta.year < year);
    years.push(result);
    let options = trend::TrendOptions {
        from: None,
        to: Some(year),
        rubric: Some(rubric),
    };
    let selected = trend::select_years(years, &options, diag);
    let figures = trend::trend(&selected, lineage, diag);
    trend::own_years(&figures, lineage, opds)
}
