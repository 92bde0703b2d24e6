//! The template jobs: the input workbooks an evaluator hands out before an evaluation, an
//! official-layout LKE workbook with a protected sheet per OPD and the tidy program-data sheet
//! with its drop-downs. The command line (`sakip template`) and the server both run them.

use crate::evaluate::Indices;
use crate::ingest::tables::{read_opd_list, read_priorities};
use crate::ingest::Limits;
use crate::lang::Lang;
use crate::messages::Diagnostics;
use crate::report::output::Output;
use crate::report::page::{Paper, Print};
use crate::report::{self, template};
use crate::rubric::Rubric;
use crate::Error;
use std::path::PathBuf;

/// Which template, and what it is made from, resolved.
#[derive(Debug, Clone)]
pub enum TemplateSettings {
    /// An official-layout LKE workbook.
    Lke {
        /// The rubric whose criteria and scales the sheets hold.
        rubric: Box<Rubric>,
        /// The OPDs named one by one.
        opds: Vec<String>,
        /// A file listing more OPDs (a `nama` or `opd` column).
        opd_list: Option<PathBuf>,
    },
    /// The tidy program-data sheet.
    Programs {
        /// The mayor's priorities (their ids become a drop-down).
        priorities: PathBuf,
        /// The OPDs named one by one (a drop-down).
        opds: Vec<String>,
        /// A file listing more OPDs.
        opd_list: Option<PathBuf>,
    },
}

impl TemplateSettings {
    /// The files the template is made from, which it may not be written over.
    pub fn inputs(&self) -> Vec<PathBuf> {
        match self {
            TemplateSettings::Lke { opd_list, .. } => opd_list.iter().cloned().collect(),
            TemplateSettings::Programs {
                priorities,
                opd_list,
                ..
            } => opd_list
                .iter()
                .cloned()
                .chain([priorities.clone()])
                .collect(),
        }
    }
}

/// A template's bytes, with the warnings met reading its lists.
#[derive(Debug)]
pub struct Templated {
    /// The workbook.
    pub bytes: Vec<u8>,
    /// Warnings.
    pub warnings: Diagnostics,
}

/// Builds the template of `settings`, printing on `paper`, in `lang`, dated `year`.
///
/// # Errors
/// [`Error::Input`] with every problem of the OPD list or the priorities; a report error when
/// the workbook cannot be built.
pub fn template(
    settings: &TemplateSettings,
    paper: Paper,
    year: i32,
    lang: Lang,
) -> Result<Templated, Error> {
    let limits = Limits::default();
    let mut diag = Diagnostics::default();
    let opds_of = |path: &Option<PathBuf>, diag: &mut Diagnostics| match path {
        Some(p) => read_opd_list(p, &limits, &mut Vec::new(), diag),
        None => Vec::new(),
    };
    let bytes = match settings {
        TemplateSettings::Lke {
            rubric,
            opds,
            opd_list,
        } => {
            let mut opds = opds.clone();
            opds.extend(opds_of(opd_list, &mut diag));
            if diag.has_errors() {
                return Err(Error::Input(diag));
            }
            let print = Print::new(rubric, None, paper, year, lang);
            let workbook = template::LkeTemplate {
                rubric,
                opds: &opds,
                print: &print,
            };
            workbook.bytes()?
        }
        TemplateSettings::Programs {
            priorities,
            opds,
            opd_list,
        } => {
            let indices = Indices::builtin()?;
            let mut opds = opds.clone();
            opds.extend(opds_of(opd_list, &mut diag));
            let priorities = read_priorities(priorities, &limits, &mut Vec::new(), &mut diag);
            if diag.has_errors() {
                return Err(Error::Input(diag));
            }
            let print = Print {
                paper,
                heading: report::label("template_programs_sheet", lang).to_string(),
                year,
                lang,
            };
            let workbook = template::ProgramsTemplate {
                opds: &opds,
                priorities: &priorities,
                rubrics: (&indices.alignment, &indices.collaboration),
                columns: indices.program_columns,
                print: &print,
            };
            workbook.bytes()?
        }
    };
    Ok(Templated {
        bytes,
        warnings: diag,
    })
}
