//! The flags `score` and `validate` share (what is read and how), resolved into the library's
//! sources, rubric and policies.

use crate::evaluate::{Indices, Sources};
use crate::ingest::Limits;
use crate::lang::Lang;
use crate::report::{self};
use crate::rubric::{Rubric, DEFAULT_RUBRIC};
use crate::score::{ConflictPolicy, MissingPolicy, Policies};
use crate::Error;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// What is read and how: the flags `score` and `validate` share.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// LKE files (.xlsx, .xlsm, .xls, .ods, .csv) or folders holding them.
    #[arg(required_unless_present = "programs")]
    pub inputs: Vec<PathBuf>,
    /// OPD program data (tidy activities or the Renja evaluation form): files or folders.
    #[arg(long, num_args = 1..)]
    pub programs: Vec<PathBuf>,
    /// The mayor's priority programs: id, nama, misi, sasaran_rpjmd, opd_pengampu.
    #[arg(long)]
    pub priorities: Option<PathBuf>,
    /// OPD registry: id, nama, alias ... (stable ids and other names of each OPD).
    #[arg(long)]
    pub opd_registry: Option<PathBuf>,
    /// A built-in rubric id or a rubric TOML file.
    #[arg(long, default_value = DEFAULT_RUBRIC)]
    pub rubric: String,
    /// What to do with unanswered criteria.
    #[arg(long, value_enum, default_value_t = Missing::Error)]
    pub missing: Missing,
    /// What to do with two different answers of the same tier (two evaluators disagreeing).
    #[arg(long, value_enum, default_value_t = Conflict::Error)]
    pub conflict: Conflict,
    /// Refuse a workbook whose parts unpack to more than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_uncompressed_bytes)]
    pub max_input_bytes: u64,
    /// No progress bar on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// Every file passed over (an unread kind, a link to nowhere, a copy; not hidden or lock
    /// files) is an error.
    #[arg(long)]
    pub strict: bool,
    /// A budget of program data that is not the sum of the rows it adds up (a program row, a
    /// total row, the quarters) is a warning instead of an error.
    #[arg(long)]
    pub lenient_sums: bool,
    /// Do not audit the official-layout workbooks' own values against sakip's (the feedback
    /// workbook's Audit sheet; `sakip audit` does it alone).
    #[arg(long)]
    pub no_audit: bool,
}

/// `--conflict` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Conflict {
    /// An error naming both cells.
    Error,
    /// Score the lower answer, with a warning.
    Lowest,
}

/// `--missing` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Missing {
    /// List them as errors.
    Error,
    /// Score them 0, with a warning.
    Zero,
}

/// `--rank-by` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RankByArg {
    /// The AKIP score.
    Akip,
    /// The alignment index.
    Keselarasan,
    /// The collaboration index.
    Kolaborasi,
    /// The composite of the three (rubrics/composite.toml).
    Gabungan,
}

/// The shared input flags, resolved: rubric and index definitions loaded, sources and limits.
pub(super) fn resolve_input(
    args: InputArgs,
    lang: Lang,
) -> Result<(Rubric, Indices, Sources, Policies), Error> {
    let sources = Sources {
        lke: args.inputs,
        programs: args.programs,
        priorities: args.priorities,
        registry: args.opd_registry,
        limits: Limits::with_max_input_bytes(args.max_input_bytes),
        progress: (!args.quiet).then(|| report::label("progress_reading", lang).to_string()),
        watch: None,
        strict: args.strict,
        lenient_sums: args.lenient_sums,
        audit: !args.no_audit,
        keep_answers: false,
    };
    let policies = Policies {
        missing: match args.missing {
            Missing::Error => MissingPolicy::Error,
            Missing::Zero => MissingPolicy::Zero,
        },
        conflict: match args.conflict {
            Conflict::Error => ConflictPolicy::Error,
            Conflict::Lowest => ConflictPolicy::Lowest,
        },
    };
    Ok((
        Rubric::load(&args.rubric)?,
        Indices::builtin()?,
        sources,
        policies,
    ))
}
