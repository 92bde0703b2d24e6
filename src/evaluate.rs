//! One evaluation, end to end short of writing: every input read, OPD names agreed across them,
//! LKE answers and program data scored, and one ranking of every OPD.
//!
//! Problems from every stage are collected before anything is decided; any error stops the
//! evaluation with all of them, so that nothing is written from inputs that are not clean.

use crate::diag::{Diagnostics, ProblemKind};
use crate::history::lineage::Lineage;
use crate::ingest::link;
use crate::ingest::programs::{read_priorities, read_programs, read_registry};
use crate::ingest::{self, Ingested, InputFile, Limits};
use crate::rubric::{AlignmentRubric, CollaborationRubric, Composite, Rubric, RubricError};
use crate::score::indices::{program_scores, ProgramScores};
use crate::score::path::{paths, Path};
use crate::score::reconcile::{reconcile, Reconciliation};
use crate::score::{self, Policies, RankBy, Scores};
use crate::Error;
use polars::prelude::DataFrame;
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
        })
    }
}

/// Everything an evaluation produced.
pub struct Evaluation {
    /// Every input file with its hash.
    pub files: Vec<InputFile>,
    /// AKIP scores, when there were LKE answers.
    pub akip: Option<Scores>,
    /// The indices, when there was program data.
    pub programs: Option<ProgramScores>,
    /// Self-assessment against the final answers, when there were LKE answers.
    pub reconciliation: Option<Reconciliation>,
    /// Each OPD's shortest path to its next predicate, in AKIP rank order.
    pub next_steps: Vec<(String, Path)>,
    /// Every OPD, ranked (see [`score::combine`]).
    pub ranking: DataFrame,
    /// How OPDs are followed across restructurings: the registry's, else by name.
    pub lineage: Lineage,
    /// Warnings.
    pub diagnostics: Diagnostics,
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
    let mut diag = Diagnostics::default();
    if sources.lke.is_empty() && sources.programs.is_empty() {
        diag.error(None, ProblemKind::NoInputs);
        return Err(Error::Input(diag));
    }
    let lke_files = match sources.lke.is_empty() {
        true => Vec::new(),
        false => ingest::collect_inputs(&sources.lke, &mut diag),
    };
    let limits = &sources.limits;
    let progress = match &sources.progress {
        Some(label) => crate::progress::Progress::new(label.clone(), lke_files.len(), false),
        None => crate::progress::Progress::hidden(),
    };
    crate::timing::start();
    let mut ingested =
        ingest::ingest_with_progress(&lke_files, rubric, limits, &mut diag, &progress);
    crate::timing::mark("read LKE files");
    let mut files = std::mem::take(&mut ingested.files);
    let registry = sources
        .registry
        .as_ref()
        .map(|p| read_registry(p, limits, &mut files, &mut diag));
    let lineage = match &registry {
        Some(entries) => Lineage::from_registry(entries, &mut diag),
        None => Lineage::by_name(),
    };
    // With LKE answers the known OPDs are the registry's or the answers' (program data does not
    // add any), so the answers are scored and let go before the program data is read: at
    // national scale the two would not fit in memory together.
    let (akip, directory) = if lke_files.is_empty() {
        (None, None)
    } else {
        let directory = link::directory(registry.as_deref(), &ingested.answers, &[]);
        if registry.is_some() {
            link::canonical_answers(&mut ingested.answers, &directory, &mut diag);
        }
        crate::timing::mark("OPD names");
        let akip = score_answers(&ingested, rubric, policies, &mut diag);
        (akip, Some(directory))
    };
    drop(ingested);
    crate::timing::mark("score AKIP");
    // Program data may be named by folder too, like the LKE inputs.
    let program_files = match sources.programs.is_empty() {
        true => Vec::new(),
        false => ingest::collect_inputs(&sources.programs, &mut diag),
    };
    let sheets = read_programs(
        &program_files,
        &indices.alignment,
        &indices.collaboration,
        limits,
        &mut files,
        &mut diag,
    );
    // Moved once, into room made for all of them (1.1 million at national scale).
    let mut activities = Vec::with_capacity(sheets.iter().map(|s| s.activities.len()).sum());
    activities.extend(sheets.into_iter().flat_map(|s| s.activities));
    crate::timing::mark("read program files");
    let priorities = sources
        .priorities
        .as_ref()
        .map(|p| read_priorities(p, limits, &mut files, &mut diag))
        .unwrap_or_default();
    let programs = if sources.programs.is_empty() {
        None
    } else {
        let directory = directory.unwrap_or_else(|| {
            link::directory(
                registry.as_deref(),
                &ingest::Answers::default(),
                &activities,
            )
        });
        let data = link::link(&activities, &priorities, &directory, &mut diag).map_err(internal)?;
        // 1.1 million activities of a national run take a third of a second to free: the
        // other core does it while the indices are computed.
        std::thread::spawn(move || drop(activities));
        crate::timing::mark("link program data");
        let scores =
            program_scores(&data, &indices.alignment, &indices.collaboration).map_err(internal)?;
        Some(scores)
    };
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
    .map_err(internal)?;
    crate::timing::mark("indices and ranking");
    let reconciliation = match &akip {
        Some(scores) => reconcile(scores, rubric).map_err(internal)?,
        None => None,
    };
    crate::timing::mark("reconciliation");
    let next_steps = match &akip {
        Some(scores) => paths(scores, rubric).map_err(internal)?,
        None => Vec::new(),
    };
    crate::timing::mark("shortest paths");
    Ok(Evaluation {
        files,
        reconciliation,
        next_steps,
        akip,
        programs,
        ranking,
        lineage,
        diagnostics: diag,
    })
}

/// Scores the LKE answers, adding its problems (or warnings) to `diag`.
fn score_answers(
    ingested: &Ingested,
    rubric: &Rubric,
    policies: Policies,
    diag: &mut Diagnostics,
) -> Option<Scores> {
    match score::score(&ingested.answers, rubric, policies) {
        Ok(scores) => {
            diag.extend(scores.diagnostics.clone());
            Some(scores)
        }
        Err(problems) => {
            diag.extend(problems);
            None
        }
    }
}

fn internal(e: polars::prelude::PolarsError) -> Error {
    Error::Input(Diagnostics::internal(e))
}
