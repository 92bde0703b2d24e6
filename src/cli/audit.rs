//! `sakip audit`: where LKE workbooks' own values disagree with sakip's.

use super::fail_on_errors;
use crate::evaluate::Indices;
use crate::ingest::Limits;
use crate::lang::Lang;
use crate::messages::Diagnostics;
use crate::rubric::{Rubric, DEFAULT_RUBRIC};
use crate::Error;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// `audit`'s arguments.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// LKE workbooks in the official layout, program data forms (their sums), or folders of
    /// them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The rubric: a built-in id or a TOML file (default: akip-2021-opd).
    #[arg(long, default_value = DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// Refuse a workbook whose parts unpack to more than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_uncompressed_bytes)]
    pub max_input_bytes: u64,
}

/// `audit`: each workbook's findings, a line each (or JSON); exit 0 with findings, 2 when a
/// file cannot be read.
pub(super) fn audit_command(args: AuditArgs, lang: Lang) -> Result<(), Error> {
    let rubric = Rubric::load(&args.rubric)?;
    let indices = Indices::builtin()?;
    let rules = crate::ingest::programs::ProgramRules {
        alignment: &indices.alignment,
        collaboration: &indices.collaboration,
        columns: indices.program_columns,
        lenient_sums: true,
    };
    let mut findings = Vec::new();
    let mut diag = Diagnostics::default();
    // A file without a criteria table is passed over with that reason (a folder holds tidy
    // lists too); none with one at all is an error.
    let mut audited = 0;
    let mut passed_over = Vec::new();
    for file in crate::jobs::input_files(&args.inputs) {
        let at = Some(crate::messages::Location::file(file.display().to_string()));
        let limits = Limits::with_max_input_bytes(args.max_input_bytes);
        match crate::score::audit::audit(&rubric, &file, &limits) {
            Ok(found) => {
                audited += 1;
                findings.extend(found.findings);
                for (sheet, codes) in found.not_audited {
                    let at = crate::messages::Location::sheet(file.display().to_string(), sheet);
                    diag.warning(
                        Some(at),
                        crate::messages::IngestProblem::NotAudited { codes },
                    );
                }
            }
            // No criteria table: a program data form's sums are audited instead.
            Err(kind @ crate::messages::IngestProblem::NoLkeTable) => {
                match crate::score::audit::program_sums(&file, rules, &limits) {
                    Some(sums) => {
                        audited += 1;
                        findings.extend(sums);
                    }
                    None => passed_over.push((at, kind)),
                }
            }
            Err(kind) => diag.error(at, kind),
        }
    }
    for (at, kind) in passed_over {
        match audited {
            0 => diag.error(at, kind),
            _ => diag.warning(at, kind),
        }
    }
    fail_on_errors(diag, lang)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&findings).unwrap_or_default();
        let _ = writeln!(stdout, "{json}");
        return Ok(());
    }
    for f in &findings {
        let _ = writeln!(stdout, "{}", f.describe(lang));
    }
    let _ = writeln!(
        stdout,
        "{} {}",
        findings.len(),
        lang.pick("temuan", "finding(s)")
    );
    Ok(())
}
