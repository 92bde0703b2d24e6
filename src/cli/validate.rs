//! `sakip validate`: every read and check of `score`, nothing written.

use super::args::{resolve_input, InputArgs};
use super::print_out;
use crate::evaluate::{evaluate, Sources};
use crate::ingest::Ledger;
use crate::ingest::{self};
use crate::lang::Lang;
use crate::messages::Diagnostics;
use crate::score::RankBy;
use crate::Error;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Flags of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// What is read.
    #[command(flatten)]
    pub input: InputArgs,
    /// How problems are printed.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Grouped by file, for people.
    Text,
    /// One JSON document, for scripts.
    Json,
}

/// The ledger of `sources` (their folders walked again, which is cheap), with what reading
/// found in `diag`: for `validate`, whose evaluation may have stopped on an error.
pub(super) fn ledger_of(sources: &Sources, diag: &Diagnostics) -> Ledger {
    let mut ledger = Ledger::default();
    let mut ignored = Diagnostics::default();
    for paths in [&sources.lke, &sources.programs] {
        if !paths.is_empty() {
            ingest::collect_inputs(paths, &mut ledger, &mut ignored);
        }
    }
    ledger.note_skips(diag);
    ledger
}

pub(super) fn validate_command(args: ValidateArgs, lang: Lang) -> Result<(), Error> {
    let format = args.format;
    let (rubric, indices, sources, policies) = resolve_input(args.input, lang)?;
    // An evaluation that stopped on an error has no ledger to give: it is walked again.
    let (diag, ledger) = match evaluate(&sources, &rubric, &indices, policies, RankBy::Akip) {
        Ok(evaluation) => (evaluation.diagnostics, evaluation.ledger),
        Err(Error::Input(diag)) => {
            let ledger = ledger_of(&sources, &diag);
            (diag, ledger)
        }
        Err(e) => return Err(e),
    };
    match format {
        Format::Text => {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{}", ledger.render(lang));
            let _ = write!(out, "{}", diag.render_grouped(lang));
        }
        Format::Json => {
            let mut json = diag.to_json(lang);
            json["ledger"] = serde_json::to_value(&ledger).unwrap_or_default();
            let json = serde_json::to_string_pretty(&json).unwrap_or_default();
            print_out(&format!("{json}\n"));
        }
    }
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    Ok(())
}
