//! `sakip rubric`: list, show, check and import rubrics.

use super::{print_diagnostics, write_output, written};
use crate::lang::Lang;
use crate::report::output::Destination;
use crate::report::rubric_tree::rubric_tree;
use crate::rubric::Rubric;
use crate::Error;
use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;

/// `rubric` subcommands.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// List the built-in rubrics.
    List,
    /// Show a rubric's tree with its weights.
    Show {
        /// A built-in id or a TOML file.
        rubric: String,
    },
    /// Check a rubric file and list every problem.
    Check {
        /// The TOML file.
        file: PathBuf,
    },
    /// Write a tree rubric from an LKE workbook's own criteria table (official layout): nodes,
    /// weights, scales, tiers and aggregations as the sheet shows them, each guess a comment.
    Import {
        /// The workbook.
        workbook: PathBuf,
        /// The sheet holding the table (default: the first in the official layout).
        #[arg(long)]
        sheet: Option<String>,
        /// The new rubric's id.
        #[arg(long, default_value = "lke-daerah")]
        id: String,
        /// The rubric file to write (an existing file is not replaced).
        #[arg(long)]
        out: PathBuf,
        /// A TOML file of `[[bands]]` (with their gates, if any) to use instead of the
        /// PermenPAN-RB 88/2021 bands.
        #[arg(long)]
        bands: Option<PathBuf>,
        /// The library scale (see `rubric show`'s scales: yt, aa_e, ...) of the criteria that
        /// nothing in the sheet gives one: no formula, answer options, drop-down or answer.
        #[arg(long)]
        scale: Option<String>,
    },
}

pub(super) fn rubric_command(cmd: RubricCommand, lang: Lang) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match cmd {
        RubricCommand::List => {
            for id in Rubric::builtin_ids() {
                let rubric = Rubric::load(id)?;
                let _ = writeln!(
                    stdout,
                    "{:<16} {} ({})",
                    id,
                    rubric.title.get(lang),
                    rubric.regime
                );
            }
        }
        RubricCommand::Show { rubric } => {
            let rubric = Rubric::load(&rubric)?;
            let _ = write!(stdout, "{}", rubric_tree(&rubric, lang));
        }
        RubricCommand::Import {
            workbook,
            sheet,
            id,
            out,
            bands,
            scale,
        } => {
            let options = crate::ingest::rubric_import::ImportOptions {
                sheet: sheet.as_deref(),
                id: &id,
                bands: bands.as_deref(),
                scale: scale.as_deref(),
            };
            let imported = match crate::ingest::rubric_import::import(&workbook, options) {
                Ok(imported) => imported,
                Err(diag) => {
                    print_diagnostics(&diag, lang);
                    return Err(Error::Input(diag));
                }
            };
            // A rubric there already (perhaps edited by hand) is not replaced.
            written(Destination::default().check_new(&out), lang)?;
            // The workbook read is an input no output may replace.
            let guard = Destination::new(crate::jobs::input_files(std::slice::from_ref(&workbook)));
            write_output(&guard, &out, "rubrik.toml", imported.toml.as_bytes(), lang)?;
            let _ = write!(stdout, "{}", import_summary(&imported, &out, lang));
        }
        RubricCommand::Check { file, .. } => {
            let rubric = Rubric::load(&file.display().to_string())?;
            let _ = writeln!(
                stdout,
                "OK {}: {} components, {} criteria, {} bands",
                rubric.id,
                rubric.components.len(),
                rubric.criterion_count(),
                rubric.bands.len()
            );
        }
    }
    Ok(())
}

/// What `rubric import` says of the rubric it wrote: levels, nodes per level, criteria per
/// scale, tiers, and what it guessed.
fn import_summary(
    i: &crate::ingest::rubric_import::Imported,
    out: &std::path::Path,
    lang: Lang,
) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} ({} {})",
        lang.pick("Ditulis:", "Written:"),
        out.display(),
        lang.pick("dari sheet", "from sheet"),
        i.sheet
    );
    let levels: Vec<String> = i
        .per_level
        .iter()
        .enumerate()
        .map(|(l, n)| format!("{}: {n}", l + 1))
        .collect();
    let _ = writeln!(
        s,
        "  {} {} ({})",
        i.per_level.len(),
        lang.pick("tingkat; simpul per tingkat", "levels; nodes per level"),
        levels.join(", ")
    );
    let scales: Vec<String> = i
        .per_scale
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let _ = writeln!(
        s,
        "  {}: {}",
        lang.pick("kriteria per skala", "criteria per scale"),
        scales.join(", ")
    );
    let _ = writeln!(
        s,
        "  {}: {}",
        lang.pick("tahap", "tiers"),
        i.tiers.join(", ")
    );
    let _ = writeln!(
        s,
        "  {} ({}):",
        lang.pick(
            "ditebak, periksa komentarnya di berkas",
            "guessed, check their comments in the file"
        ),
        i.guesses.len()
    );
    // The same guess at many nodes is one line naming them.
    let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
    for g in &i.guesses {
        let (head, what) = g.split_once(": ").unwrap_or(("", g));
        match grouped.iter_mut().find(|(w, _)| *w == what) {
            Some((_, heads)) => heads.push(head),
            None => grouped.push((what, vec![head])),
        }
    }
    for (what, heads) in grouped {
        match heads.as_slice() {
            [head] => {
                let _ = writeln!(s, "    {head}: {what}");
            }
            _ => {
                let _ = writeln!(s, "    {what} ({}): {}", heads.len(), heads.join(", "));
            }
        }
    }
    if !i.totals.is_empty() {
        let rows: Vec<String> = i
            .totals
            .iter()
            .map(|(row, label)| format!("{row} {label}"))
            .collect();
        let _ = writeln!(
            s,
            "  {}: {}",
            lang.pick(
                "nilai akhir dan predikat lembar kerja itu sendiri (bukan bagian rubrik; diperiksa oleh sakip audit)",
                "the workbook's own final score and predicate (no nodes; sakip audit checks them)"
            ),
            rows.join(", ")
        );
    }
    if !i.passed_over.is_empty() {
        let rows: Vec<String> = i.passed_over.iter().map(usize::to_string).collect();
        let _ = writeln!(
            s,
            "  {} ({}): {}",
            lang.pick(
                "dilewati: baris tanpa nomor dan tanpa jawaban (judul, catatan, tanda tangan)",
                "passed over: rows without a number or an answer (titles, notes, signatures)"
            ),
            rows.len(),
            rows.join(", ")
        );
    }
    s
}
