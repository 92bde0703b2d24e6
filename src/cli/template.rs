//! `sakip template`: the input templates (an LKE workbook, the program-data sheet).

use super::{fail_on_errors, run_time_unix, write_output, year_of};
use crate::evaluate::Indices;
use crate::ingest::tables::{read_opd_list, read_priorities};
use crate::ingest::Limits;
use crate::lang::Lang;
use crate::messages::Diagnostics;
use crate::report::output::Destination;
use crate::report::output::Output;
use crate::report::page::Paper;
use crate::report::{self};
use crate::rubric::{Rubric, DEFAULT_RUBRIC};
use crate::Error;
use clap::Subcommand;
use std::path::PathBuf;

/// `template` subcommands.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// An official-layout LKE workbook, one protected sheet per OPD.
    Lke {
        /// The rubric whose criteria and scales the sheets hold.
        #[arg(long, default_value = DEFAULT_RUBRIC)]
        rubric: String,
        /// An OPD to give a sheet (repeatable).
        #[arg(long = "opd", required_unless_present = "opd_list")]
        opds: Vec<String>,
        /// A file listing the OPDs (a `nama` or `opd` column).
        #[arg(long)]
        opd_list: Option<PathBuf>,
        /// The workbook to write.
        #[arg(long)]
        out: PathBuf,
        /// The paper the workbook prints on: a4, or f4 (Folio, 215 x 330 mm).
        #[arg(long, value_enum, default_value_t = Paper::A4)]
        paper: Paper,
    },
    /// The tidy program-data sheet with drop-downs.
    Programs {
        /// The mayor's priorities (their ids become a drop-down).
        #[arg(long)]
        priorities: PathBuf,
        /// A file listing the OPDs (a `nama` or `opd` column).
        #[arg(long)]
        opd_list: Option<PathBuf>,
        /// The workbook to write.
        #[arg(long)]
        out: PathBuf,
        /// The paper the workbook prints on: a4, or f4 (Folio, 215 x 330 mm).
        #[arg(long, value_enum, default_value_t = Paper::A4)]
        paper: Paper,
    },
}

pub(super) fn template_command(cmd: TemplateCommand, lang: Lang) -> Result<(), Error> {
    // What the template is made from, which it may not be written over.
    let read: Vec<PathBuf> = match &cmd {
        TemplateCommand::Lke {
            rubric, opd_list, ..
        } => opd_list.iter().cloned().chain([rubric.into()]).collect(),
        TemplateCommand::Programs {
            priorities,
            opd_list,
            ..
        } => opd_list
            .iter()
            .cloned()
            .chain([priorities.clone()])
            .collect(),
    };
    let limits = Limits::default();
    let mut diag = Diagnostics::default();
    let mut files = Vec::new();
    let mut opd_list = |path: &Option<PathBuf>, diag: &mut Diagnostics| match path {
        Some(p) => read_opd_list(p, &limits, &mut files, diag),
        None => Vec::new(),
    };
    let (bytes, out) = match cmd {
        TemplateCommand::Lke {
            rubric,
            mut opds,
            opd_list: list,
            out,
            paper,
        } => {
            let rubric = Rubric::load(&rubric)?;
            opds.extend(opd_list(&list, &mut diag));
            fail_on_errors(diag, lang)?;
            let year = year_of(run_time_unix());
            let print = report::page::Print::new(&rubric, None, paper, year, lang);
            let template = report::template::LkeTemplate {
                rubric: &rubric,
                opds: &opds,
                print: &print,
            };
            (template.bytes()?, out)
        }
        TemplateCommand::Programs {
            priorities,
            opd_list: list,
            out,
            paper,
        } => {
            let indices = Indices::builtin()?;
            let opds = opd_list(&list, &mut diag);
            let priorities = read_priorities(&priorities, &limits, &mut Vec::new(), &mut diag);
            fail_on_errors(diag, lang)?;
            let print = report::page::Print {
                paper,
                heading: report::label("template_programs_sheet", lang).to_string(),
                year: year_of(run_time_unix()),
                lang,
            };
            let bytes = report::template::ProgramsTemplate {
                opds: &opds,
                priorities: &priorities,
                rubrics: (&indices.alignment, &indices.collaboration),
                columns: indices.program_columns,
                print: &print,
            }
            .bytes()?;
            (bytes, out)
        }
    };
    let guard = Destination::new(read);
    let path = write_output(&guard, &out, "template.xlsx", &bytes, lang)?;
    say!("{}: {}", lang.pick("Ditulis", "Written"), path.display());
    Ok(())
}
