//! One evaluation, end to end short of writing: every input read, OPD names agreed across them,
//! LKE answers and program data scored, and one ranking of every OPD.
//!
//! Problems from every stage are collected before anything is decided; any error stops the
//! evaluation with all of them, so that nothing is written from inputs that are not clean.

use crate::history::lineage::Lineage;
use crate::ingest::link;
use crate::ingest::programs::{read_programs, ProgramRules};
use crate::ingest::tables::{read_priorities, read_registry, RegistryEntry};
use crate::ingest::{self, Answers, Ingested, InputFile, Ledger, Limits, OpdDirectory};
use crate::messages::{Diagnostics, IngestProblem};
use crate::progress::{During, Phase};
use crate::rubric::{
    program_columns, AlignmentRubric, CollaborationRubric, Composite, ProgramColumn, Rubric,
    RubricError,
};
use crate::score::indices::{program_scores, ProgramScores};
use crate::score::path::{paths, Path};
use crate::score::reconcile::{reconcile, Reconciliation};
use crate::score::{self, Policies, RankBy, Scores};
use crate::Error;
use std::path::PathBuf;

/// The files an evaluation reads.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// LKE answer files and folders.
    pub lke: Vec<PathBuf>,
    /// Program data files.
    pub programs: Vec<PathBuf>,
    /// The mayor's priorities.
    pub priorities: Option<PathBuf>,
    /// The OPD registry.
    pub registry: Option<PathBuf>,
    /// Size limits every file is checked against before it is parsed.
    pub limits: Limits,
    /// The label of a progress bar drawn while reading (on a terminal); `None` for none.
    pub progress: Option<String>,
    /// Who watches the run's phases as they pass (the server's page), if anyone.
    pub watch: Option<crate::progress::Watch>,
    /// Whether every file passed over (but hidden and lock files) is an error (`--strict`).
    pub strict: bool,
    /// Whether a budget of program data that is not the sum of its rows is a warning rather
    /// than an error (`--lenient-sums`).
    pub lenient_sums: bool,
    /// Whether to audit the official-layout workbooks' own values (`--no-audit` not given).
    pub audit: bool,
    /// Whether to keep the LKE answers in the evaluation (to store them in the history);
    /// otherwise they are let go once scored.
    pub keep_answers: bool,
}

/// The definitions of the engine's own indices.
#[derive(Debug, Clone)]
pub struct Indices {
    /// Alignment.
    pub alignment: AlignmentRubric,
    /// Collaboration.
    pub collaboration: CollaborationRubric,
    /// Composite ranking weights.
    pub composite: Composite,
    /// The columns of tidy program data and their header spellings.
    pub program_columns: &'static [ProgramColumn],
}

impl Indices {
    /// The built-in definitions.
    ///
    /// # Errors
    /// [`RubricError`] when an embedded definition is broken.
    pub fn builtin() -> Result<Self, RubricError> {
        Ok(Indices {
            alignment: AlignmentRubric::builtin()?,
            collaboration: CollaborationRubric::builtin()?,
            composite: Composite::builtin()?,
            program_columns: program_columns()?,
        })
    }
}

/// Everything an evaluation produced.
pub struct Evaluation {
    /// Where the official-layout workbooks' own values disagree with sakip's.
    pub audit: Vec<crate::score::audit::Finding>,
    /// Every input file with its hash.
    pub files: Vec<InputFile>,
    /// Every file and folder met among the inputs: read, or passed over and why.
    pub ledger: Ledger,
    /// AKIP scores, when there were LKE answers.
    pub akip: Option<Scores>,
    /// The indices, when there was program data.
    pub programs: Option<ProgramScores>,
    /// Self-assessment against the final answers, when there were LKE answers.
    pub reconciliation: Option<Reconciliation>,
    /// Each OPD's shortest path to its next predicate, in AKIP rank order.
    pub next_steps: Vec<(String, Path)>,
    /// Every OPD, ranked (see [`score::combine`]).
    pub ranking: crate::frame::Ranked,
    /// How OPDs are followed across restructurings: the registry's, else by name.
    pub lineage: Lineage,
    /// Warnings.
    pub diagnostics: Diagnostics,
    /// The LKE answers as read, when [`Sources::keep_answers`] asked for them.
    pub answers: Option<Answers>,
}

impl Evaluation {
    /// Names every input file in the evaluation by its path within `base` (`lke/x.xlsx` for
    /// `base/lke/x.xlsx`): the files and their hashes, the ledger, the consistency rules' cells,
    /// the audit's findings and the answers kept for the history. The server reads uploads from a
    /// session's temporary folder; its outputs name them as the user knows them, as `sakip
    /// score lke` run in a folder holding `lke/` names them. Paths outside `base` are kept.
    pub fn name_inputs_from(&mut self, base: &std::path::Path) {
        let prefix = format!("{}{}", base.display(), std::path::MAIN_SEPARATOR);
        let rename = |s: &mut String| {
            if let Some(rest) = s.strip_prefix(&prefix) {
                *s = rest.to_string();
            }
        };
        let rename_shared = |s: &mut std::sync::Arc<str>| {
            if let Some(rest) = s.strip_prefix(&prefix) {
                *s = rest.into();
            }
        };
        for file in &mut self.files {
            rename(&mut file.path);
        }
        self.ledger.rename(&rename);
        if let Some(akip) = &mut self.akip {
            for found in &mut akip.inconsistencies {
                found.cells.iter_mut().for_each(rename);
                rename_shared(&mut found.at.file);
            }
        }
        for finding in &mut self.audit {
            rename(&mut finding.file);
        }
        if let Some(answers) = &mut self.answers {
            for sheet in &mut answers.sheets {
                rename_shared(&mut sheet.file);
            }
        }
    }
}

/// Reads and scores everything in `sources`.
///
/// # Errors
/// [`Error::Input`] with every problem when any is an error.
pub fn evaluate(
    sources: &Sources,
    rubric: &Rubric,
    indices: &Indices,
    policies: Policies,
    rank_by: RankBy,
) -> Result<Evaluation, Error> {
    evaluate_with(sources, rubric, indices, policies, rank_by, |_| ()).map(|(e, _)| e)
}

/// Scores answers stored in the history (see [`crate::history::answers`]) as `evaluate`
/// scored them when they were read: the same scores, reconciliation and shortest paths, ranked
/// by the AKIP score (the year's program data is not stored). OPDs are known by name.
///
/// # Errors
/// [`Error::Input`] with every problem when the answers cannot be scored (a rubric changed
/// since, say).
pub fn evaluate_stored(
    answers: Answers,
    rubric: &Rubric,
    indices: &Indices,
    policies: Policies,
) -> Result<Evaluation, Error> {
    let ingested = Ingested {
        files: Vec::new(),
        sheets: Vec::new(),
        answers,
    };
    let Lke {
        akip,
        reconciliation,
        next_steps,
        mut diagnostics,
        ..
    } = score_lke(Some(ingested), rubric, policies, false)?;
    if diagnostics.has_errors() {
        return Err(Error::Input(diagnostics));
    }
    let Some(akip) = akip else {
        diagnostics.error(None, IngestProblem::NoInputs);
        return Err(Error::Input(diagnostics));
    };
    let ranking = score::combine(
        Some(&akip.ranking),
        None,
        RankBy::Akip,
        &indices.composite,
        rubric.max_score,
    )
    .map_err(Error::from)?;
    Ok(Evaluation {
        audit: Vec::new(),
        files: Vec::new(),
        ledger: Ledger::default(),
        akip: Some(akip),
        programs: None,
        reconciliation,
        next_steps,
        ranking,
        lineage: Lineage::by_name(),
        diagnostics,
        answers: None,
    })
}

/// [`evaluate`], with a report step run on the AKIP scores while the program data is still
/// being linked and scored (the feedback workbook's Kriteria sheet is filled there): after the
/// program files are read (both cores are reading until then), or at once when the scores come
/// later. Its result is `None` when there are no AKIP scores.
///
/// The data's trip, in order: the LKE files read and the OPDs' names settled (`read_lke`);
/// then two branches at once, the answers scored (`score_lke`, then the report step) and the
/// program data read and scored (`programs_side`); then joined: every problem, the ranking and
/// the audit (`join`).
///
/// # Errors
/// As [`evaluate`].
pub fn evaluate_with<T: Send>(
    sources: &Sources,
    rubric: &Rubric,
    indices: &Indices,
    policies: Policies,
    rank_by: RankBy,
    report_step: impl FnOnce(&Scores) -> T + Send,
) -> Result<(Evaluation, Option<T>), Error> {
    let mut diag = Diagnostics::default();
    if sources.lke.is_empty() && sources.programs.is_empty() {
        diag.error(None, IngestProblem::NoInputs);
        return Err(Error::Input(diag));
    }
    let mut ledger = Ledger::default();
    let mut lke = read_lke(sources, rubric, &mut ledger, &mut diag);
    let mut program_diag = Diagnostics::default();
    let (files_read, opener) = crate::parallel::gate();
    let answers = lke.ingested.take();
    let ((scored, step), programs) = crate::parallel::both(
        move || {
            let scoring = During::new(sources.watch.as_ref(), Phase::Score, 0);
            let scored = score_lke(answers, rubric, policies, sources.keep_answers);
            drop(scoring);
            files_read.wait();
            let scores = scored.as_ref().ok().and_then(|l| l.akip.as_ref());
            let step = scores.map(report_step);
            (scored, step)
        },
        || {
            programs_side(
                sources,
                indices,
                lke.directory.take(),
                lke.registry.as_deref(),
                (&mut lke.files, &mut ledger),
                &mut program_diag,
                opener,
            )
        },
    );
    let scored = scored?;
    let programs = (programs?, program_diag);
    let evaluation = join(
        sources, rubric, indices, rank_by, lke, scored, programs, ledger, diag,
    )?;
    Ok((evaluation, step))
}

/// The LKE files as read: the answers (none without LKE inputs), the workbooks read in the
/// official layout (to audit), the input files, the registry and the OPDs' names.
struct LkeRead {
    ingested: Option<Ingested>,
    official: Vec<PathBuf>,
    files: Vec<InputFile>,
    registry: Option<Vec<RegistryEntry>>,
    lineage: Lineage,
    directory: Option<OpdDirectory>,
}

/// Reads the LKE files and the registry and settles the OPDs' names: with LKE answers the known
/// OPDs are the registry's or the answers' (program data does not add any).
fn read_lke(
    sources: &Sources,
    rubric: &Rubric,
    ledger: &mut Ledger,
    diag: &mut Diagnostics,
) -> LkeRead {
    let lke_files = match sources.lke.is_empty() {
        true => Vec::new(),
        false => ingest::collect_inputs(&sources.lke, ledger, diag),
    };
    let limits = &sources.limits;
    let progress = match &sources.progress {
        Some(label) => crate::progress::Progress::new(label.clone(), lke_files.len(), false),
        None => crate::progress::Progress::hidden(),
    };
    let watch = sources.watch.as_ref();
    let progress = progress.watched(watch, Phase::ReadLke);
    let reading = During::new(watch, Phase::ReadLke, lke_files.len());
    crate::timing::start();
    let mut ingested = ingest::ingest_with_progress(&lke_files, rubric, limits, diag, &progress);
    drop(reading);
    crate::timing::mark("read LKE files");
    // The workbooks read in the official layout: their own values are audited.
    let mut official: Vec<PathBuf> = ingested
        .sheets
        .iter()
        .filter(|s| s.read.as_ref().is_some_and(|r| r.layout == "lke-resmi"))
        .map(|s| PathBuf::from(&s.file))
        .collect();
    official.dedup();
    let mut files = std::mem::take(&mut ingested.files);
    let registry = sources
        .registry
        .as_ref()
        .map(|p| read_registry(p, limits, &mut files, diag));
    let lineage = match &registry {
        Some(entries) => Lineage::from_registry(entries, diag),
        None => Lineage::by_name(),
    };
    let directory = (!lke_files.is_empty()).then(|| {
        let directory = link::directory(registry.as_deref(), &ingested.answers, &[]);
        // Names written "Full name (ABBR)" are known by their full name.
        if registry.is_some() || directory.learned().next().is_some() {
            link::canonical_answers(&mut ingested.answers, &directory, diag);
        }
        directory
    });
    crate::timing::mark("OPD names");
    LkeRead {
        ingested: (!lke_files.is_empty()).then_some(ingested),
        official,
        files,
        registry,
        lineage,
        directory,
    }
}

/// The two branches joined: every problem (`diag`, the LKE files'; the answers'; the program
/// data's: an error stops here), the ranking, the audit of the official-layout workbooks and of
/// the program data's sums.
#[allow(clippy::too_many_arguments)]
fn join(
    sources: &Sources,
    rubric: &Rubric,
    indices: &Indices,
    rank_by: RankBy,
    lke: LkeRead,
    scored: Lke,
    (programs, program_diag): (Option<ProgramScores>, Diagnostics),
    mut ledger: Ledger,
    mut diag: Diagnostics,
) -> Result<Evaluation, Error> {
    let Lke {
        akip,
        reconciliation,
        next_steps,
        diagnostics,
        answers,
    } = scored;
    // The LKE files' problems, then the answers', then the program data's.
    diag.extend(diagnostics);
    diag.extend(program_diag);
    crate::timing::mark("rest of AKIP (alongside)");
    ledger.note_skips(&diag);
    if sources.strict {
        ledger.strict(&mut diag);
        inconsistencies_are_errors(&mut diag);
    }
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    let ranking = score::combine(
        akip.as_ref().map(|s| &s.ranking),
        programs.as_ref(),
        rank_by,
        &indices.composite,
        rubric.max_score,
    )
    .map_err(Error::from)?;
    crate::timing::mark("ranking");
    let mut audit = match (sources.audit, &akip) {
        (true, Some(_)) => lke
            .official
            .iter()
            // The official reader refused rows of unknown codes already: only the findings
            // are new here.
            .flat_map(|f| {
                let audited = crate::score::audit::audit(rubric, f, &sources.limits);
                audited.map(|a| a.findings).unwrap_or_default()
            })
            .collect(),
        _ => Vec::new(),
    };
    // Program data sums that do not add up (warnings with --lenient-sums) are findings too.
    if sources.audit {
        audit.extend(crate::score::audit::sum_findings(&diag));
    }
    crate::timing::mark("audit");
    Ok(Evaluation {
        audit,
        files: lke.files,
        ledger,
        reconciliation,
        next_steps,
        akip,
        programs,
        ranking,
        lineage: lke.lineage,
        diagnostics: diag,
        answers,
    })
}

/// What the LKE answers gave: scores, reconciliation, shortest paths and their problems.
struct Lke {
    akip: Option<Scores>,
    reconciliation: Option<Reconciliation>,
    next_steps: Vec<(String, Path)>,
    diagnostics: Diagnostics,
    /// The answers, when kept.
    answers: Option<Answers>,
}

/// Scores the answers (none without LKE inputs), then reconciles them and finds each OPD's
/// shortest path; the answers are let go once scored unless `keep` asks for them.
fn score_lke(
    ingested: Option<Ingested>,
    rubric: &Rubric,
    policies: Policies,
    keep: bool,
) -> Result<Lke, Error> {
    let mut diagnostics = Diagnostics::default();
    let akip = match &ingested {
        Some(ingested) => score_answers(&ingested.answers, rubric, policies, &mut diagnostics)?,
        None => None,
    };
    let answers = ingested.filter(|_| keep).map(|i| i.answers);
    let (reconciliation, next_steps) = match &akip {
        Some(scores) => (
            reconcile(scores, rubric).map_err(Error::from)?,
            paths(scores, rubric).map_err(Error::from)?,
        ),
        None => (None, Vec::new()),
    };
    Ok(Lke {
        akip,
        reconciliation,
        next_steps,
        diagnostics,
        answers,
    })
}

/// Reads the program data and the priorities and computes the indices (`None` without program
/// data). OPD names resolve against `directory` (the LKE answers' or the registry's), else
/// against the program data's own. `read` is dropped once the program files are read.
fn programs_side(
    sources: &Sources,
    indices: &Indices,
    directory: Option<OpdDirectory>,
    registry: Option<&[RegistryEntry]>,
    (files, ledger): (&mut Vec<InputFile>, &mut Ledger),
    diag: &mut Diagnostics,
    read: crate::parallel::Opener,
) -> Result<Option<ProgramScores>, Error> {
    let limits = &sources.limits;
    let _phase = (!sources.programs.is_empty())
        .then(|| During::new(sources.watch.as_ref(), Phase::Programs, 0));
    // Program data may be named by folder too, like the LKE inputs.
    let program_files = match sources.programs.is_empty() {
        true => Vec::new(),
        false => ingest::collect_inputs(&sources.programs, ledger, diag),
    };
    let rules = ProgramRules {
        alignment: &indices.alignment,
        collaboration: &indices.collaboration,
        columns: indices.program_columns,
        lenient_sums: sources.lenient_sums,
    };
    let read_files = read_programs(&program_files, rules, limits, files, diag);
    let sheets = read_files.sheets;
    // Linked sheet by sheet where they were read: 1.1 million activities at national scale
    // are not moved into one list.
    let activities: Vec<&[ingest::programs::Activity]> =
        sheets.iter().map(|s| s.activities.as_slice()).collect();
    read.open();
    crate::timing::mark("read program files");
    let tables = &read_files.priority_tables;
    let priorities = priorities_file(sources.priorities.as_deref(), tables, files, diag)
        .map(|p| read_priorities(&p, limits, files, diag))
        .unwrap_or_default();
    if sources.programs.is_empty() {
        return Ok(None);
    }
    let directory = directory
        .unwrap_or_else(|| link::directory(registry, &ingest::Answers::default(), &activities));
    let data = link::link(&activities, &priorities, &directory, diag).map_err(Error::from)?;
    // 1.1 million activities of a national run take a third of a second to free: another
    // thread does it while the indices are computed.
    drop(activities);
    std::thread::spawn(move || drop(sheets));
    crate::timing::mark("link program data");
    let scores =
        program_scores(&data, &indices.alignment, &indices.collaboration).map_err(Error::from)?;
    crate::timing::mark("indices");
    Ok(Some(scores))
}

/// The priorities file to read: the one given with `--priorities`, the others found among the
/// program data passed over (in the ledger, through `diag`); else the one table found among
/// them, said so; several found and none given is an error naming them.
fn priorities_file(
    given: Option<&std::path::Path>,
    tables: &[String],
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Option<PathBuf> {
    let found = |path: &str| Some(crate::messages::Location::file(path));
    match (given, tables) {
        (Some(given), _) => {
            let used = given.display().to_string();
            let real = |p: &std::path::Path| std::fs::canonicalize(p).ok();
            let given_real = real(given);
            for table in tables {
                // The file given, met again in the folder: read once, as the priorities.
                if given_real.is_some() && given_real == real(table.as_ref()) {
                    files.retain(|f| f.path != *table);
                    continue;
                }
                let reason = crate::messages::SkipReason::OtherPriorities { used: used.clone() };
                diag.warning(found(table), IngestProblem::Skipped { reason });
                files.retain(|f| f.path != *table);
            }
            Some(given.to_path_buf())
        }
        (None, []) => None,
        (None, [table]) => {
            diag.push(crate::Problem::info(
                found(table),
                IngestProblem::PrioritiesAmongPrograms,
            ));
            files.retain(|f| f.path != *table);
            Some(PathBuf::from(table))
        }
        (None, several) => {
            let kind = IngestProblem::SeveralPriorityTables {
                files: several.to_vec(),
            };
            diag.error(found(&several[0]), kind);
            None
        }
    }
}

/// Under `--strict`: answers that break a consistency rule of the rubric are errors, not
/// warnings.
fn inconsistencies_are_errors(diag: &mut Diagnostics) {
    use crate::messages::ScoreProblem as S;
    for p in &mut diag.problems {
        if let Some(S::Inconsistent { .. } | S::ShareAbove { .. }) = p.kind.score() {
            p.severity = crate::Severity::Error;
        }
    }
}

/// Scores the LKE answers, adding its problems (or warnings) to `diag`.
fn score_answers(
    answers: &Answers,
    rubric: &Rubric,
    policies: Policies,
    diag: &mut Diagnostics,
) -> Result<Option<Scores>, Error> {
    match score::score(answers, rubric, policies) {
        Ok(scores) => {
            diag.extend(scores.diagnostics.clone());
            Ok(Some(scores))
        }
        Err(score::ScoreError::Input(problems)) => {
            diag.extend(problems);
            Ok(None)
        }
        Err(score::ScoreError::Internal(e)) => Err(e.into()),
    }
}
