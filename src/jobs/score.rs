//! The score job: the inputs read and scored, then the feedback workbook, the scorecards, the
//! LHE documents and the history year built beside their places and put in place together.
//! The command line and the server both run it, from the same [`ScoreSettings`].

use super::{input_files, output, LheWritten};
use crate::evaluate::{evaluate_with, Indices, Sources};
use crate::frame::Checked;
use crate::history::{self, trend};
use crate::ingest::Ledger;
use crate::lang::Lang;
use crate::messages::{Diagnostics, HistoryProblem};
use crate::progress::{During, Phase};
use crate::report::output::Output;
use crate::report::output::{Destination, Lock};
use crate::report::page::Paper;
use crate::report::{self, FeedbackInput, FEEDBACK_FILE};
use crate::rubric::Rubric;
use crate::score::{Policies, RankBy};
use crate::Error;
use std::path::PathBuf;

/// What a score job reads and writes, resolved (from the command line's flags, or the
/// server's form).
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
    /// The folder the outputs name input files from (`lke/x.xlsx`), when not as given: the
    /// server's session folder (see [`crate::evaluate::Evaluation::name_inputs_from`]).
    pub inputs_named_from: Option<PathBuf>,
}

impl ScoreSettings {
    /// How the workbooks' pages print (as [`FeedbackInput::print`] gives it).
    pub fn print(&self) -> report::page::Print {
        let (year, lang) = (self.year, self.lang);
        let government = self.government.as_deref();
        report::page::Print::new(&self.rubric, government, self.paper, year, lang)
    }
}

/// What a score job wrote.
#[derive(Debug)]
pub struct Scored {
    /// The feedback workbook.
    pub feedback: PathBuf,
    /// The OPDs ranked.
    pub opds: usize,
    /// The scorecards' folder and how many, when asked for.
    pub scorecards: Option<(PathBuf, usize)>,
    /// Whether the LHE documents were asked for.
    pub lhe_asked: bool,
    /// The LHE documents, when asked for and there were LKE answers to report.
    pub lhe: Option<LheWritten>,
    /// The history year's file, when stored.
    pub history: Option<PathBuf>,
    /// The evaluation as JSON, when asked for.
    pub json: Option<Vec<u8>>,
    /// Every file and folder met among the inputs.
    pub ledger: Ledger,
}

/// The files a run of `score` reads, which none of its outputs may replace: the inputs found
/// in its folders, the priorities, the registry, a rubric given as a file.
pub fn score_inputs(settings: &ScoreSettings, rubric: &str) -> Destination {
    let sources = &settings.sources;
    let mut named = input_files(&sources.lke);
    named.extend(input_files(&sources.programs));
    named.extend(sources.priorities.iter().cloned());
    named.extend(sources.registry.iter().cloned());
    named.extend(settings.settings_file.iter().cloned());
    named.push(PathBuf::from(rubric));
    Destination::new(named)
}

/// Runs a score job: reads and scores the inputs, then builds every output beside its place and
/// puts them all in place together (the workbook, the scorecards, the LHE, the history year),
/// never over an input. `on_warnings` is given the evaluation's warnings as soon as it has
/// them, before anything is written.
///
/// # Errors
/// [`Error::Input`] with every problem (not printed) when the inputs have errors or an output
/// may not be written where it was asked for; a report error when one cannot be built.
pub fn score(
    settings: &ScoreSettings,
    on_warnings: &mut dyn FnMut(&Diagnostics),
) -> Result<Scored, Error> {
    let lang = settings.lang;
    let guard = score_inputs(settings, &settings.rubric_source);
    let cards_dir = settings.out.join("scorecards");
    let lhe_dir = settings.out.join("lhe");
    if settings.lhe {
        output(guard.check_folder(&lhe_dir))?;
        output(guard.check(&settings.out.join(report::lhe::CITY_LHE_FILE)))?;
    }
    output(guard.check(&settings.out.join(FEEDBACK_FILE)))?;
    if settings.scorecards {
        output(guard.check_folder(&cards_dir))?;
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
    let (mut evaluation, ahead) = result?;
    if let Some(base) = &settings.inputs_named_from {
        evaluation.name_inputs_from(base);
    }
    on_warnings(&evaluation.diagnostics);
    let (past, year) = match &settings.history {
        Some(dir) => {
            let (past, result) = prepare_year(settings, &evaluation, dir)?;
            (Some(past), Some((dir, result)))
        }
        None => (None, None),
    };
    // Every check has passed: from here the run holds its folders, builds every output beside
    // its place, and puts them all in place at the end.
    let _out_lock = output(Lock::take(&settings.out))?;
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a.canonicalize()
            .ok()
            .is_some_and(|a| b.canonicalize().ok() == Some(a))
    };
    let year = match year {
        // One folder for both is held once: a second lock would be refused by the first.
        Some((dir, result)) if same(dir, &settings.out) => Some((dir, result, None)),
        Some((dir, result)) => Some((dir, result, Some(output(Lock::take(dir))?))),
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
    let watch = settings.sources.watch.as_ref();
    let writing = During::new(watch, Phase::Workbook, 0);
    let feedback = output(guard.stage_output(&settings.out, workbook))?;
    drop(writing);
    crate::timing::mark("build and write feedback.xlsx");
    // What the scorecards and the LHE read, gathered once for both.
    let facts = match input.akip {
        Some(akip) if settings.scorecards || settings.lhe => {
            Some(report::per_opd::Context::new(&input, akip)?)
        }
        _ => None,
    };
    let cards = match settings.scorecards {
        true => Some(scorecards(settings, facts.as_ref(), &guard, &cards_dir)?),
        false => None,
    };
    let lhe = match (settings.lhe, &facts) {
        (false, _) => None,
        // An LHE reports an LKE evaluation: program data alone has none to report.
        (true, None) => None,
        (true, Some(facts)) => {
            let _phase = During::new(watch, Phase::Lhe, 0);
            let staged = super::stage_lhe(facts, &settings.settings, &guard, &settings.out)?;
            crate::timing::mark("write LHE");
            Some(staged)
        }
    };
    let year = match year {
        Some((dir, result, lock)) => {
            let _phase = During::new(watch, Phase::History, 0);
            let bytes = history::to_bytes(&result)?;
            let name = result.meta.file_name();
            let staged = output(guard.stage(dir, &name, &bytes))?;
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
                    Some(output(guard.stage(dir, &name, &bytes))?)
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
    let feedback = output(feedback.commit())?;
    let scorecards = match cards {
        Some((staged, count)) => Some((output(staged.commit())?, count)),
        None => None,
    };
    let lhe = match lhe {
        Some(staged) => Some(staged.commit()?),
        None => None,
    };
    let history = match year {
        Some((staged, answers, _lock)) => {
            let path = output(staged.commit())?;
            if let Some(answers) = answers {
                output(answers.commit())?;
            }
            Some(path)
        }
        None => None,
    };
    Ok(Scored {
        feedback,
        opds: evaluation.ranking.len(),
        scorecards,
        lhe_asked: settings.lhe,
        lhe,
        history,
        json,
        ledger: evaluation.ledger,
    })
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
    let staged = output(guard.stage_folder(dir))?;
    // Without LKE answers the folder is there, and empty.
    let Some(facts) = facts else {
        return Ok((staged, 0));
    };
    let total = facts.opds.len();
    let label = report::label("progress_scorecards", lang);
    let watch = settings.sources.watch.as_ref();
    let _phase = During::new(watch, Phase::Scorecards, total);
    let progress = crate::progress::Progress::new(label, total, settings.quiet)
        .watched(watch, Phase::Scorecards);
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
    let mut diag = Diagnostics::default();
    if evaluation.akip.is_none() {
        diag.error(None, HistoryProblem::NothingToStore);
    }
    let years = history::load(dir, &mut diag);
    if diag.has_errors() {
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
    let opds = evaluation.ranking.opds();
    let past = own_past(years, result.clone(), lineage, &opds, &mut diag);
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    Ok((past, result))
}

/// Each of `opds`' own years up to `result`'s, as the scorecards and the LHE show them: the
/// history's `years` before it under the same rubric, followed through `lineage` (a past
/// year's OPD the registry does not know is an error in `diag`).
pub fn own_past(
    mut years: Vec<history::YearResult>,
    result: history::YearResult,
    lineage: &history::lineage::Lineage,
    opds: &[&str],
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
