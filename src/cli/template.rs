//! `sakip template`: the input templates (an LKE workbook, the program-data sheet).

use super::{print_diagnostics, printed, run_time_unix, write_output, year_of};
use crate::jobs::{template, TemplateSettings};
use crate::lang::Lang;
use crate::report::output::Destination;
use crate::report::page::Paper;
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
    let (settings, out, paper, rubric) = match cmd {
        TemplateCommand::Lke {
            rubric,
            opds,
            opd_list,
            out,
            paper,
        } => {
            let settings = TemplateSettings::Lke {
                rubric: Box::new(Rubric::load(&rubric)?),
                opds,
                opd_list,
            };
            (settings, out, paper, Some(rubric))
        }
        TemplateCommand::Programs {
            priorities,
            opd_list,
            out,
            paper,
        } => {
            let settings = TemplateSettings::Programs {
                priorities,
                opds: Vec::new(),
                opd_list,
            };
            (settings, out, paper, None)
        }
    };
    let year = year_of(run_time_unix());
    let made = printed(template(&settings, paper, year, lang), lang)?;
    print_diagnostics(&made.warnings, lang);
    // What the template is made from (a rubric given as a file too) it may not be written over.
    let guard = Destination::new(
        settings
            .inputs()
            .into_iter()
            .chain(rubric.map(PathBuf::from)),
    );
    let path = write_output(&guard, &out, "template.xlsx", &made.bytes, lang)?;
    say!("{}: {}", lang.pick("Ditulis", "Written"), path.display());
    Ok(())
}
