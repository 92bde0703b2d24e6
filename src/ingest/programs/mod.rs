//! Program data in: OPD activities (kegiatan / sub kegiatan) with budgets, indicators, the
//! mayor's priorities they serve and the partners they work with.
//!
//! Each sheet is offered to every [`ProgramLayout`] in turn, as the LKE layouts are: the tidy
//! list (one activity per row) and the Renja evaluation form. Every activity keeps its file,
//! sheet and cell. Which optional columns a sheet had is kept per activity, so that an index
//! part whose column was absent is reported as not assessed rather than scored 0.

mod form;
mod renja;
mod tidy;

pub use crate::ingest::table::{split_list, Placed};
pub use tidy::MAX_AMOUNT;

use crate::ingest::table::list_items;

use super::{HeaderField, InputFile, Limits, Sheet};
use crate::messages::{Diagnostics, IngestProblem, Location};
use crate::rubric::{AlignmentRubric, CollaborationRubric, ProgramColumn};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// Which optional columns an activity's sheet had.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Present {
    /// `target` and `realisasi`.
    pub achievement: bool,
    /// `prioritas` (or, in the Renja layout, a Sasaran RPJMD column).
    pub prioritas: bool,
    /// `mitra_opd`.
    pub mitra_opd: bool,
    /// `mitra_pentahelix`.
    pub mitra_pentahelix: bool,
    /// `jenis_indikator`.
    pub jenis_indikator: bool,
    /// `horizon`.
    pub horizon: bool,
}

/// One activity as read. Its texts share their cells' strings (a file's equal texts are one
/// string): 1.1 million activities of a national run copy none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// The OPD, as written.
    pub opd: Placed<Arc<str>>,
    /// Another name to try when `opd` matches no OPD (the Renja layout's sheet name, when its
    /// OPD came from the file name).
    pub opd_fallback: Option<Placed<Arc<str>>>,
    /// The activity's code (may be empty in the Renja layout).
    pub kode: Arc<str>,
    /// Its name.
    pub nama: Arc<str>,
    /// Its program's name.
    pub program: Option<Arc<str>>,
    /// Indicator.
    pub indikator: Option<Arc<str>>,
    /// Unit.
    pub satuan: Option<Arc<str>>,
    /// Target (K).
    pub target: Option<f64>,
    /// Realised (K).
    pub realisasi: Option<f64>,
    /// Budget (Rp).
    pub pagu: f64,
    /// Budget realised (Rp).
    pub realisasi_anggaran: Option<f64>,
    /// Priority ids, each with its cell.
    pub prioritas: Vec<Placed<String>>,
    /// Sasaran RPJMD (Renja layout), matched to priorities later.
    pub sasaran_rpjmd: Option<String>,
    /// Partner OPD names, each with its cell.
    pub mitra_opd: Vec<Placed<String>>,
    /// Pentahelix partners: kind and name.
    pub mitra_pentahelix: Vec<(String, String)>,
    /// Indicator kind, lower case.
    pub jenis_indikator: Option<Arc<str>>,
    /// Horizon, lower case.
    pub horizon: Option<Arc<str>>,
    /// Which optional columns its sheet had.
    pub present: Present,
    /// The activity's cell: its code's in tidy data, its name's in a Renja form.
    pub at: Location,
}

/// How one sheet of program data was read.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramSheet {
    /// The file.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The layout, `None` when not recognised.
    pub layout: Option<&'static str>,
    /// Header cells used.
    pub header: Vec<HeaderField>,
    /// The activities read.
    pub activities: Vec<Activity>,
}

/// How program data is read: the vocabularies its values are checked against, and how sums
/// that do not add up are taken.
#[derive(Clone, Copy)]
pub struct ProgramRules<'a> {
    /// Vocabulary of indicator kinds and horizons.
    pub alignment: &'a AlignmentRubric,
    /// Vocabulary of pentahelix kinds.
    pub collaboration: &'a CollaborationRubric,
    /// The tidy layout's columns and their header spellings.
    pub columns: &'a [ProgramColumn],
    /// Whether a budget that is not the sum of its rows is a warning rather than an error
    /// (`--lenient-sums`).
    pub lenient_sums: bool,
}

/// What program-data layouts need to read and check values.
pub struct ProgramContext<'a> {
    /// The file as named.
    pub file: &'a str,
    /// How values are checked.
    pub rules: ProgramRules<'a>,
}

/// A program-data layout: recognises its own sheets and reads them into activities.
pub trait ProgramLayout: Sync {
    /// A short name shown by `inspect`.
    fn name(&self) -> &'static str;

    /// Reads `sheet` if it has this layout's header: the header cells used and the activities,
    /// its problems to `diag`; `None` when the sheet is not of this layout.
    fn read(
        &self,
        sheet: &Sheet,
        path: &Path,
        ctx: &ProgramContext,
        diag: &mut Diagnostics,
    ) -> Option<(Vec<HeaderField>, Vec<Activity>)>;

    /// Whether `sheet` has this layout's header (`columns`: the tidy layout's spellings).
    fn recognises(&self, sheet: &Sheet, columns: &[ProgramColumn]) -> bool;
}

/// The program layouts tried, in order.
fn layouts() -> [&'static dyn ProgramLayout; 2] {
    [&tidy::Tidy, &renja::Renja]
}

/// What the program data files held.
#[derive(Debug, Default)]
pub struct ProgramsRead {
    /// Every sheet of every program file, recognised or not.
    pub sheets: Vec<ProgramSheet>,
    /// The files that are the mayor's priorities table rather than program data (a folder of
    /// program data often holds it), for the caller to read as the priorities or pass over.
    pub priority_tables: Vec<String>,
}

/// Reads program data files, in parallel: every sheet with a recognised header. Files,
/// sheets and problems come out in the order of `paths`.
pub fn read_programs(
    paths: &[std::path::PathBuf],
    rules: ProgramRules,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> ProgramsRead {
    let per_file =
        crate::parallel::parallel_map(paths, |path| read_program_file(path, rules, limits));
    let mut out = ProgramsRead::default();
    for (path, (read, file, problems)) in paths.iter().zip(per_file) {
        match read {
            FileRead::Sheets(sheets) => out.sheets.extend(sheets),
            FileRead::Priorities => out.priority_tables.push(path.display().to_string()),
        }
        files.extend(file);
        diag.extend(problems);
    }
    out
}

/// What one program data file turned out to be.
enum FileRead {
    /// Program data: its sheets.
    Sheets(Vec<ProgramSheet>),
    /// The priorities table.
    Priorities,
}

/// Reads one program data file (see [`read_programs`]): its sheets, the file with its hash,
/// and its problems. A file none of whose sheets is program data is the priorities table when
/// one of them is that, else an error.
fn read_program_file(
    path: &std::path::Path,
    rules: ProgramRules,
    limits: &Limits,
) -> (FileRead, Vec<InputFile>, Diagnostics) {
    let mut out = Vec::new();
    let mut files = Vec::new();
    let mut diag = Diagnostics::default();
    let diag = &mut diag;
    let name = path.display().to_string();
    let Some(sheets) = super::open(path, limits, &mut files, diag) else {
        return (FileRead::Sheets(out), files, std::mem::take(diag));
    };
    let ctx = ProgramContext { file: &name, rules };
    for sheet in &sheets {
        let read = layouts().into_iter().find_map(|layout| {
            let (header, activities) = layout.read(sheet, path, &ctx, diag)?;
            Some((layout.name(), header, activities))
        });
        let layout = read.as_ref().map(|r| r.0);
        let (_, header, activities) = read.unwrap_or(("", Vec::new(), Vec::new()));
        if !sheet.hidden_rows.is_empty() {
            let cells = activities
                .iter()
                .filter_map(|a| a.at.cell)
                .map(|c| (c.row, c.col));
            let kind = |rows, cells| IngestProblem::HiddenRowActivities { rows, cells };
            super::note_hidden_rows(&name, sheet, cells, kind, diag);
        }
        out.push(ProgramSheet {
            file: name.clone(),
            sheet: sheet.name.clone(),
            layout,
            header,
            activities,
        });
    }
    if out.iter().all(|s| s.layout.is_none()) {
        if sheets.iter().any(super::tables::is_priorities_sheet) {
            return (FileRead::Priorities, files, std::mem::take(diag));
        }
        diag.error(Some(Location::file(&name)), IngestProblem::NoProgramSheet);
    }
    (FileRead::Sheets(out), files, std::mem::take(diag))
}

/// Whether `sheet` has the header of a program layout, whatever its rows hold: a file of
/// program data given as LKE answers is told to come through `--programs`.
pub fn looks_like_program_data(sheet: &Sheet, columns: &[ProgramColumn]) -> bool {
    layouts().into_iter().any(|l| l.recognises(sheet, columns))
}

/// Whether `written` names the pentahelix `kind`: case aside, with spaces and hyphens for
/// underscores (`Badan Usaha` is `badan_usaha`).
fn same_kind(kind: &str, written: &str) -> bool {
    let normal = written
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c,
        });
    normal.eq(kind.chars())
}

#[cfg(test)]
mod tests {
    use super::same_kind;

    #[test]
    fn pentahelix_kinds_are_matched_whatever_their_case_spaces_and_hyphens() {
        assert!(same_kind("badan_usaha", "Badan Usaha"));
        assert!(same_kind("badan_usaha", "BADAN-USAHA"));
        assert!(same_kind("badan_usaha", "badan_usaha"));
        assert!(!same_kind("badan_usaha", "badan usaha "));
        assert!(!same_kind("badan_usaha", "badan"));
        assert!(!same_kind("media", "medias"));
    }
}
