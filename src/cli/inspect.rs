//! `sakip inspect`: how each file is read, sheet by sheet: the layout found, which header cell
//! became which field, the OPD cell, every answer or activity with its cell; and the ledger of
//! every file and folder met.
//!
//! Each file is shown as soon as it is read, and `--json` streams its document: the answers of
//! a large file are written one by one, never held as one JSON value.

use super::{print_diagnostics, Error};
use crate::evaluate::Indices;
use crate::ingest::opd::OpdDirectory;
use crate::ingest::programs::{read_programs, ProgramSheet};
use crate::ingest::{self, AnswerRecord, Ledger, Limits, SheetReport};
use crate::lang::Lang;
use crate::messages::{Diagnostics, IngestProblem};
use crate::report::inspect::{aliases_text, inspect_programs_text, inspect_text, SheetJson};
use crate::rubric::Rubric;
use crate::rubric::DEFAULT_RUBRIC;
use clap::Args;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;

/// Flags of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Files or folders to inspect.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The rubric official-layout rows are matched against.
    #[arg(long, default_value = DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Refuse a workbook whose parts unpack to more than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_uncompressed_bytes)]
    pub max_input_bytes: u64,
}

/// One file as it is best read: LKE answers, or program data.
enum Read {
    Lke(Box<ingest::Ingested>),
    Programs(Vec<ProgramSheet>),
}

impl Read {
    /// Adds the OPD names read to `dir`, which learns the abbreviations of names written
    /// "Full name (ABBR)".
    fn add_names(&self, dir: &mut OpdDirectory) {
        match self {
            Read::Lke(ingested) => {
                for name in ingested.answers.opds.iter() {
                    dir.add(name, None, &[]);
                }
            }
            Read::Programs(sheets) => {
                let mut seen = std::collections::HashSet::new();
                for a in sheets.iter().flat_map(|s| &s.activities) {
                    if seen.insert(a.opd.value.clone()) {
                        dir.add(&a.opd.value, None, &[]);
                    }
                }
            }
        }
    }
}

/// Reads `file` both ways and keeps the one that fits better: fewer required columns missing
/// from its header, then fewer errors (LKE answers when tied). A program sheet has opd and
/// kode columns too, so the LKE layout half-recognises it; a program list with bad values must
/// still be shown as the program data it is.
fn read_both(
    file: &Path,
    rubric: &Rubric,
    indices: &Indices,
    limits: &Limits,
    diag: &mut Diagnostics,
) -> Read {
    let file = [file.to_path_buf()];
    let mut as_lke = Diagnostics::default();
    let ingested = ingest::ingest(&file, rubric, limits, &mut as_lke);
    let mut as_programs = Diagnostics::default();
    let rules = crate::ingest::programs::ProgramRules {
        alignment: &indices.alignment,
        collaboration: &indices.collaboration,
        columns: indices.program_columns,
        lenient_sums: false,
    };
    let sheets = read_programs(&file, rules, limits, &mut Vec::new(), &mut as_programs).sheets;
    let fit = |d: &Diagnostics| {
        let missing = |p: &&crate::Problem| {
            matches!(p.kind.ingest(), Some(IngestProblem::MissingColumn { .. }))
        };
        let errors = d.problems.iter().filter(|p| p.is_error());
        (errors.clone().filter(missing).count(), errors.count())
    };
    let lke_read = ingested.sheets.iter().any(|s| s.read.is_some());
    let programs_read = sheets.iter().any(|s| s.layout.is_some());
    if programs_read && (!lke_read || fit(&as_programs) < fit(&as_lke)) {
        diag.extend(as_programs);
        Read::Programs(sheets)
    } else {
        diag.extend(as_lke);
        Read::Lke(Box::new(ingested))
    }
}

/// Runs `inspect`.
pub(super) fn inspect_command(args: InspectArgs, lang: Lang) -> Result<(), Error> {
    let rubric = Rubric::load(&args.rubric)?;
    let indices = Indices::builtin()?;
    let limits = Limits::with_max_input_bytes(args.max_input_bytes);
    let mut diag = Diagnostics::default();
    let mut ledger = Ledger::default();
    let files = ingest::collect_inputs(&args.inputs, &mut ledger, &mut diag);
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    // A reader that stops early (`| head`) ends the listing, not the command.
    let _ = match args.json {
        true => json(
            &mut out,
            &files,
            (&rubric, &indices, &limits),
            &mut diag,
            &mut ledger,
        ),
        false => text(
            &mut out,
            &files,
            (&rubric, &indices, &limits),
            &mut diag,
            &mut ledger,
            lang,
        ),
    };
    drop(out);
    if !args.json {
        print_diagnostics(&diag, lang);
    }
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    Ok(())
}

type With<'a> = (&'a Rubric, &'a Indices, &'a Limits);

fn text(
    out: &mut impl Write,
    files: &[std::path::PathBuf],
    (rubric, indices, limits): With,
    diag: &mut Diagnostics,
    ledger: &mut Ledger,
    lang: Lang,
) -> std::io::Result<()> {
    let mut names = OpdDirectory::new();
    for file in files {
        let read = read_both(file, rubric, indices, limits, diag);
        read.add_names(&mut names);
        match read {
            Read::Programs(sheets) => write!(out, "{}", inspect_programs_text(&sheets, lang))?,
            Read::Lke(ingested) => {
                let answers = &ingested.answers;
                let sheets: Vec<(SheetReport, Vec<AnswerRecord>)> = ingested
                    .sheets
                    .iter()
                    .map(|s| {
                        let records = s.read.as_ref().map(|r| answers.records(r.answers.clone()));
                        (s.clone(), records.unwrap_or_default())
                    })
                    .collect();
                write!(out, "{}", inspect_text(&sheets, lang))?;
            }
        }
    }
    write!(out, "{}", aliases_text(&names, lang))?;
    ledger.note_skips(diag);
    write!(out, "{}", ledger.render(lang))?;
    out.flush()
}

/// The JSON document, streamed: `{"sheets": [...], "program_sheets": [...], "aliases": [...],
/// "problems": [...], "ledger": {...}}`, each LKE sheet's answers written one by one.
fn json(
    out: &mut impl Write,
    files: &[std::path::PathBuf],
    (rubric, indices, limits): With,
    diag: &mut Diagnostics,
    ledger: &mut Ledger,
) -> std::io::Result<()> {
    let mut programs = Vec::new();
    let mut first = true;
    let mut names = OpdDirectory::new();
    out.write_all(b"{\"sheets\": [")?;
    for file in files {
        let read = read_both(file, rubric, indices, limits, diag);
        read.add_names(&mut names);
        match read {
            Read::Programs(sheets) => programs.extend(sheets),
            Read::Lke(ingested) => {
                for sheet in &ingested.sheets {
                    out.write_all(if first { b"\n" } else { b",\n" })?;
                    first = false;
                    let shown = SheetJson {
                        report: sheet,
                        answers: &ingested.answers,
                    };
                    serde_json::to_writer(&mut *out, &shown)?;
                }
            }
        }
    }
    ledger.note_skips(diag);
    out.write_all(b"\n],\n\"program_sheets\": ")?;
    serde_json::to_writer(&mut *out, &programs)?;
    out.write_all(b",\n\"aliases\": ")?;
    let aliases: Vec<_> = names
        .learned()
        .map(|(alias, name)| serde_json::json!({"alias": alias, "name": name}))
        .collect();
    serde_json::to_writer(&mut *out, &aliases)?;
    out.write_all(b",\n\"problems\": ")?;
    serde_json::to_writer(&mut *out, &diag.problems)?;
    out.write_all(b",\n\"ledger\": ")?;
    serde_json::to_writer(&mut *out, &*ledger)?;
    out.write_all(b"}\n")?;
    out.flush()
}
