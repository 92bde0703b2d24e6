//! Program data in: OPD activities (kegiatan / sub kegiatan) with budgets, indicators, the
//! mayor's priorities they serve and the partners they work with; the priorities file; the OPD
//! registry.
//!
//! Every activity keeps its file, sheet and cell. Which optional columns a sheet had is kept per
//! activity, so that an index part whose column was absent is reported as not assessed rather
//! than scored 0.

use super::table::{find_header, Field, Header};
use super::{clean_name, header_fields, parse_number, Cell, HeaderField, InputFile, Limits, Sheet};
use crate::messages::{CellRef, Diagnostics, IngestProblem, Location};
use crate::rubric::{AlignmentRubric, CollaborationRubric};
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

/// A value read from a cell, with the cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed<T> {
    /// The value.
    pub value: T,
    /// Where it is.
    pub at: Location,
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

/// What program-data layouts need to read and check values.
pub struct ProgramContext<'a> {
    /// The file as named.
    pub file: &'a str,
    /// Vocabulary of indicator kinds and horizons.
    pub alignment: &'a AlignmentRubric,
    /// Vocabulary of pentahelix kinds.
    pub collaboration: &'a CollaborationRubric,
}

const FIELDS: &[Field] = &[
    Field {
        name: "opd",
        required: true,
        spellings: &["opd", "perangkatdaerah", "unitkerja"],
    },
    Field {
        name: "kode",
        required: true,
        spellings: &["kode", "kodekegiatan", "code"],
    },
    Field {
        name: "nama",
        required: true,
        spellings: &[
            "nama",
            "namakegiatan",
            "kegiatan",
            "subkegiatan",
            "name",
            "activity",
        ],
    },
    Field {
        name: "pagu",
        required: true,
        spellings: &["pagu", "anggaran", "paguanggaran", "budget"],
    },
    Field {
        name: "program",
        required: false,
        spellings: &["program", "namaprogram"],
    },
    Field {
        name: "indikator",
        required: false,
        spellings: &["indikator", "indikatorkinerja", "indicator"],
    },
    Field {
        name: "satuan",
        required: false,
        spellings: &["satuan", "unit"],
    },
    Field {
        name: "target",
        required: false,
        spellings: &["target", "targetkinerja"],
    },
    Field {
        name: "realisasi",
        required: false,
        spellings: &["realisasi", "realisasikinerja", "achieved"],
    },
    Field {
        name: "realisasi_anggaran",
        required: false,
        spellings: &["realisasianggaran", "budgetspent", "realisasipagu"],
    },
    Field {
        name: "prioritas",
        required: false,
        spellings: &["prioritas", "priority", "priorities", "programprioritas"],
    },
    Field {
        name: "mitra_opd",
        required: false,
        spellings: &["mitraopd", "partneropd", "partners", "opdmitra"],
    },
    Field {
        name: "mitra_pentahelix",
        required: false,
        spellings: &["mitrapentahelix", "pentahelix"],
    },
    Field {
        name: "jenis_indikator",
        required: false,
        spellings: &["jenisindikator", "indicatorkind", "indicatortype"],
    },
    Field {
        name: "horizon",
        required: false,
        spellings: &["horizon", "jangka"],
    },
];

const OPD: usize = 0;
const KODE: usize = 1;
const NAMA: usize = 2;
const PAGU: usize = 3;
const PROGRAM: usize = 4;
const INDIKATOR: usize = 5;
const SATUAN: usize = 6;
const TARGET: usize = 7;
const REALISASI: usize = 8;
const REALISASI_ANGGARAN: usize = 9;
const PRIORITAS: usize = 10;
const MITRA_OPD: usize = 11;
const MITRA_PENTAHELIX: usize = 12;
const JENIS: usize = 13;
const HORIZON: usize = 14;

/// Reads program data files, in parallel: every sheet with a recognised header. Files,
/// sheets and problems come out in the order of `paths`.
pub fn read_programs(
    paths: &[std::path::PathBuf],
    alignment: &AlignmentRubric,
    collaboration: &CollaborationRubric,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Vec<ProgramSheet> {
    let per_file = crate::parallel::parallel_map(paths, |path| {
        read_program_file(path, alignment, collaboration, limits)
    });
    let mut out = Vec::new();
    for (sheets, file, problems) in per_file {
        out.extend(sheets);
        files.extend(file);
        diag.extend(problems);
    }
    out
}

/// Reads one program data file (see [`read_programs`]): its sheets, the file with its hash,
/// and its problems.
fn read_program_file(
    path: &std::path::Path,
    alignment: &AlignmentRubric,
    collaboration: &CollaborationRubric,
    limits: &Limits,
) -> (Vec<ProgramSheet>, Vec<InputFile>, Diagnostics) {
    let mut out = Vec::new();
    let mut files = Vec::new();
    let mut diag = Diagnostics::default();
    let diag = &mut diag;
    let name = path.display().to_string();
    let Some(sheets) = open(path, limits, &mut files, diag) else {
        return (out, files, std::mem::take(diag));
    };
    let ctx = ProgramContext {
        file: &name,
        alignment,
        collaboration,
    };
    for sheet in &sheets {
        let read = read_tidy(sheet, &ctx, diag)
            .or_else(|| super::renja::read_renja(sheet, path, &ctx, diag));
        let recognised = read.is_some();
        let (layout, header, activities) = read.unwrap_or(("", Vec::new(), Vec::new()));
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
            layout: recognised.then_some(layout),
            header,
            activities,
        });
    }
    if out.iter().all(|s| s.layout.is_none()) {
        diag.error(
            Some(Location::file(&name)),
            IngestProblem::NoRecognisableSheet,
        );
    }
    (out, files, std::mem::take(diag))
}

/// Every sheet of a file, or an error naming it; the file's hash goes to `files`, what was
/// read on purpose though unusual to `diag` (see [`super::note_sheets`]).
pub(crate) fn open(
    path: &Path,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Option<Vec<Sheet>> {
    let (file, workbook) = super::load(path, true, limits);
    files.extend(file);
    match workbook {
        Ok(workbook) => {
            super::note_sheets(&path.display().to_string(), &workbook, diag);
            Some(workbook.sheets)
        }
        Err(problem) => {
            let at = Some(Location::file(path.display().to_string()));
            diag.push(super::refusal(at, problem));
            None
        }
    }
}

type Read = (&'static str, Vec<HeaderField>, Vec<Activity>);

fn read_tidy(sheet: &Sheet, ctx: &ProgramContext, diag: &mut Diagnostics) -> Option<Read> {
    let header = find_header(sheet, FIELDS, 3, |_| true)?;
    for field in header.missing(FIELDS) {
        diag.error(
            Some(at(ctx, sheet, header.row, 0)),
            IngestProblem::MissingColumn {
                column: field.name.to_string(),
            },
        );
    }
    let fields = header_fields(sheet, &header, FIELDS);
    if !header.missing(FIELDS).is_empty() {
        return Some(("program-tidy", fields, Vec::new()));
    }
    let present = Present {
        achievement: header.col(TARGET).is_some() && header.col(REALISASI).is_some(),
        prioritas: header.col(PRIORITAS).is_some(),
        mitra_opd: header.col(MITRA_OPD).is_some(),
        mitra_pentahelix: header.col(MITRA_PENTAHELIX).is_some(),
        jenis_indikator: header.col(JENIS).is_some(),
        horizon: header.col(HORIZON).is_some(),
    };
    // Every value's location shares the file's and the sheet's name.
    let names: (Arc<str>, Arc<str>) = (ctx.file.into(), sheet.name.as_str().into());
    let dots = std::cell::RefCell::new(Dots::default());
    // Room for every row at once: an activity is 450 bytes, and a list grown by doubling
    // copies each several times.
    let mut activities = Vec::with_capacity(sheet.height().saturating_sub(header.row + 1));
    activities.extend((header.row + 1..sheet.height()).filter_map(|row| {
        if let Some((col, fields)) = header.beyond(sheet, row) {
            let at = Some(at(ctx, sheet, row, col));
            diag.error(at, IngestProblem::ExtraFields { fields });
            return None;
        }
        Row {
            sheet,
            row,
            header: &header,
            ctx,
            names: &names,
            dots: &dots,
        }
        .activity(present, diag)
    }));
    dots.into_inner().report(&names, diag);
    Some(("program-tidy", fields, activities))
}

fn at(ctx: &ProgramContext, sheet: &Sheet, row: usize, col: usize) -> Location {
    Location::cell(ctx.file, &sheet.name, sheet.at(row, col))
}

/// One data row of the tidy program layout.
struct Row<'a> {
    sheet: &'a Sheet,
    row: usize,
    header: &'a Header,
    ctx: &'a ProgramContext<'a>,
    /// The file's and the sheet's name, shared.
    names: &'a (Arc<str>, Arc<str>),
    /// How the sheet's numbers written with dots read so far.
    dots: &'a std::cell::RefCell<Dots>,
}

/// The largest amount read (Rp 1,000 trillion, a third of the national budget): past it a
/// value is a typing slip, and a column of such values could add up past what a float holds.
pub const MAX_AMOUNT: f64 = 1e15;

/// Per number field, the first cell whose dots read as thousands (`1.500`) and the first whose
/// dot reads as a decimal point (`1.5`): a column holding both is ambiguous.
#[derive(Default)]
struct Dots {
    /// Per field: the first read as thousands, the first read as a decimal point.
    seen: foldhash::HashMap<usize, (Option<Seen>, Option<Seen>)>,
}

/// A cell and its text.
type Seen = (CellRef, String);

impl Dots {
    /// Notes how `text`, a number written with dots and no comma, was read.
    fn note(&mut self, field: usize, cell: CellRef, text: &str) {
        let thousands = super::reads_dots_as_thousands(text);
        let (t, d) = self.seen.entry(field).or_default();
        let slot = if thousands { t } else { d };
        slot.get_or_insert_with(|| (cell, text.to_string()));
    }

    /// A warning for each field whose column read dots both ways.
    fn report(self, names: &(Arc<str>, Arc<str>), diag: &mut Diagnostics) {
        let mut fields: Vec<_> = self.seen.into_iter().collect();
        fields.sort_by_key(|(field, _)| *field);
        for (field, pair) in fields {
            let (Some((t_cell, thousands)), Some((d_cell, decimal))) = pair else {
                continue;
            };
            diag.warning(
                Some(Location::cell(&names.0, &names.1, t_cell)),
                IngestProblem::AmbiguousDots {
                    field: FIELDS[field].name.to_string(),
                    thousands,
                    decimal,
                    decimal_cell: d_cell.to_string(),
                },
            );
        }
    }
}

impl Row<'_> {
    fn at(&self, field: usize) -> Location {
        let (file, sheet) = self.names;
        let col = self.header.col(field).unwrap_or(0);
        Location::cell(file, sheet, self.sheet.at(self.row, col))
    }

    fn cell(&self, field: usize) -> &Cell {
        match self.header.col(field) {
            Some(col) => self.sheet.get(self.row, col),
            None => &Cell::Empty,
        }
    }

    /// The field's cell; a formula error or an uncached formula is reported and read as blank.
    fn checked(&self, field: usize, diag: &mut Diagnostics) -> Option<&Cell> {
        let cell = self.cell(field);
        if let Some(kind) = cell.problem() {
            diag.error(Some(self.at(field)), kind);
            return None;
        }
        Some(cell)
    }

    /// The field's text (see [`Row::checked`]).
    fn text(&self, field: usize, diag: &mut Diagnostics) -> Option<std::borrow::Cow<'_, str>> {
        self.checked(field, diag)?.str()
    }

    /// [`Row::text`], sharing the cell's string where it needs no trimming.
    fn shared(&self, field: usize, diag: &mut Diagnostics) -> Option<Arc<str>> {
        self.checked(field, diag)?.shared_text()
    }

    /// The field as a number; blank is `None`, anything else unreadable is reported, and so is
    /// a negative number or one past [`MAX_AMOUNT`].
    fn number(&self, field: usize, diag: &mut Diagnostics) -> Option<f64> {
        let cell = self.cell(field);
        if cell.is_blank() {
            return None;
        }
        if let Some(kind) = cell.problem() {
            diag.error(Some(self.at(field)), kind);
            return None;
        }
        match parse_number(cell) {
            Some(n) => {
                if let Cell::Text(text) = cell {
                    let text = text.trim();
                    if text.contains('.') && !text.contains(',') {
                        let at = self.sheet.at(self.row, self.header.col(field).unwrap_or(0));
                        self.dots.borrow_mut().note(field, at, text);
                    }
                }
                let name = || FIELDS[field].name.to_string();
                if n < 0.0 {
                    let kind = IngestProblem::Negative {
                        field: name(),
                        value: n,
                    };
                    diag.error(Some(self.at(field)), kind);
                    return None;
                }
                if n > MAX_AMOUNT {
                    let kind = IngestProblem::TooLarge {
                        field: name(),
                        value: n,
                        limit: MAX_AMOUNT,
                    };
                    diag.error(Some(self.at(field)), kind);
                    return None;
                }
                Some(n)
            }
            None => {
                diag.error(
                    Some(self.at(field)),
                    IngestProblem::BadNumber {
                        field: FIELDS[field].name.to_string(),
                        value: cell.text().unwrap_or_default(),
                    },
                );
                None
            }
        }
    }

    /// A comma-separated list, each item with the field's cell.
    fn list(&self, field: usize, diag: &mut Diagnostics) -> Vec<Placed<String>> {
        let Some(text) = self.text(field, diag) else {
            return Vec::new();
        };
        // Room for exactly its items: 1.1 million activities keep their lists.
        let mut items = Vec::with_capacity(list_items(&text).count());
        items.extend(list_items(&text).map(|value| Placed {
            value: value.to_string(),
            at: self.at(field),
        }));
        items
    }

    /// A lower-case word that must be one of `allowed`.
    fn word(&self, field: usize, allowed: &[String], diag: &mut Diagnostics) -> Option<Arc<str>> {
        let value = self.shared(field, diag)?;
        // Most are lower case already: copied only when not.
        let value = match value.chars().any(char::is_uppercase) {
            true => value.to_lowercase().into(),
            false => value,
        };
        if allowed.iter().any(|a| **a == *value) {
            return Some(value);
        }
        diag.error(
            Some(self.at(field)),
            IngestProblem::NotInList {
                field: FIELDS[field].name.to_string(),
                value: value.to_string(),
                allowed: allowed.to_vec(),
            },
        );
        None
    }

    fn pentahelix(&self, diag: &mut Diagnostics) -> Vec<(String, String)> {
        let kinds = &self.ctx.collaboration.pentahelix_kinds;
        let Some(text) = self.text(MITRA_PENTAHELIX, diag) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(list_items(&text).count());
        for entry in list_items(&text) {
            let (kind, name) = entry.split_once(':').unwrap_or((entry, ""));
            match kinds.iter().find(|k| same_kind(k, kind.trim())) {
                Some(kind) => out.push((kind.clone(), name.trim().to_string())),
                None => diag.error(
                    Some(self.at(MITRA_PENTAHELIX)),
                    IngestProblem::NotInList {
                        field: "mitra_pentahelix".into(),
                        value: entry.to_string(),
                        allowed: kinds.iter().map(|k| format!("{k}:NAMA")).collect(),
                    },
                ),
            }
        }
        out
    }

    fn activity(&self, present: Present, diag: &mut Diagnostics) -> Option<Activity> {
        let opd = self.shared(OPD, diag);
        let kode = self.shared(KODE, diag);
        let nama = self.shared(NAMA, diag);
        let pagu_cell = self.cell(PAGU);
        if opd.is_none() && kode.is_none() && nama.is_none() && pagu_cell.is_blank() {
            return None;
        }
        let mut blank = false;
        for (field, value) in [(OPD, &opd), (KODE, &kode), (NAMA, &nama)] {
            if value.is_none() {
                blank = true;
                let field = FIELDS[field].name.to_string();
                diag.error(
                    Some(self.at(field_index(&field))),
                    IngestProblem::EmptyValue { field },
                );
            }
        }
        let pagu = self.budget(diag);
        let alignment = self.ctx.alignment;
        let activity = Activity {
            opd: Placed {
                // The name as read, unless its spaces need making single.
                value: match opd {
                    Some(opd) => match super::clean_name_ref(&opd) {
                        std::borrow::Cow::Owned(clean) => clean.into(),
                        std::borrow::Cow::Borrowed(_) => opd,
                    },
                    None => "".into(),
                },
                at: self.at(OPD),
            },
            opd_fallback: None,
            kode: kode.unwrap_or_else(|| "".into()),
            nama: nama.unwrap_or_else(|| "".into()),
            program: self.shared(PROGRAM, diag),
            indikator: self.shared(INDIKATOR, diag),
            satuan: self.shared(SATUAN, diag),
            target: self.number(TARGET, diag),
            realisasi: self.number(REALISASI, diag),
            pagu: pagu.unwrap_or(0.0),
            realisasi_anggaran: self.number(REALISASI_ANGGARAN, diag),
            prioritas: self.list(PRIORITAS, diag),
            sasaran_rpjmd: None,
            mitra_opd: self.list(MITRA_OPD, diag),
            mitra_pentahelix: self.pentahelix(diag),
            jenis_indikator: self.word(JENIS, &alignment.indicator_kinds, diag),
            horizon: self.word(HORIZON, &alignment.horizons, diag),
            present,
            at: self.at(KODE),
        };
        (!blank && pagu.is_some()).then_some(activity)
    }

    /// `pagu`: required, a number, not negative (see [`Row::number`]).
    fn budget(&self, diag: &mut Diagnostics) -> Option<f64> {
        if self.cell(PAGU).is_blank() {
            diag.error(
                Some(self.at(PAGU)),
                IngestProblem::EmptyValue {
                    field: "pagu".into(),
                },
            );
            return None;
        }
        self.number(PAGU, diag)
    }
}

fn field_index(name: &str) -> usize {
    FIELDS.iter().position(|f| f.name == name).unwrap_or(0)
}

/// Items of a comma- or semicolon-separated cell, trimmed, blanks dropped.
pub fn split_list(text: &str) -> Vec<String> {
    list_items(text).map(str::to_string).collect()
}

/// The items of a list cell (see [`split_list`]), borrowed.
fn list_items(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
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

/// One of the mayor's priority programs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    /// Its id.
    pub id: String,
    /// Its name.
    pub nama: String,
    /// The mission it serves.
    pub misi: Option<String>,
    /// The RPJMD target it serves (links Renja rows).
    pub sasaran_rpjmd: Option<String>,
    /// The OPDs in charge, as written, with the cell.
    pub opd_pengampu: Vec<Placed<String>>,
    /// Where its row is.
    pub at: Location,
}

const PRIORITY_FIELDS: &[Field] = &[
    Field {
        name: "id",
        required: true,
        spellings: &["id", "kode", "idprioritas", "kodeprioritas"],
    },
    Field {
        name: "nama",
        required: true,
        spellings: &["nama", "namaprioritas", "programprioritas", "name"],
    },
    Field {
        name: "misi",
        required: false,
        spellings: &["misi", "mission"],
    },
    Field {
        name: "sasaran_rpjmd",
        required: false,
        spellings: &["sasaranrpjmd", "sasaran"],
    },
    Field {
        name: "opd_pengampu",
        required: false,
        spellings: &["opdpengampu", "pengampu", "leadopd"],
    },
];

/// Reads the priorities file: one priority per row.
pub fn read_priorities(
    path: &Path,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Vec<Priority> {
    let name = path.display().to_string();
    let Some(sheets) = open(path, limits, files, diag) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut recognised = false;
    for sheet in &sheets {
        let Some(header) = find_header(sheet, PRIORITY_FIELDS, 2, |_| true) else {
            continue;
        };
        recognised = true;
        let at = |row: usize, field: usize| {
            Location::cell(
                &name,
                &sheet.name,
                sheet.at(row, header.col(field).unwrap_or(0)),
            )
        };
        for row in header.row + 1..sheet.height() {
            let text = |field: usize| header.col(field).and_then(|c| sheet.get(row, c).text());
            let (Some(id), Some(nama)) = (text(0), text(1)) else {
                if text(0).is_some() || text(1).is_some() {
                    let field = if text(0).is_none() { "id" } else { "nama" };
                    let which = usize::from(text(0).is_some());
                    diag.error(
                        Some(at(row, which)),
                        IngestProblem::EmptyValue {
                            field: field.into(),
                        },
                    );
                }
                continue;
            };
            let opd_pengampu = text(4)
                .map(|t| split_list(&t))
                .unwrap_or_default()
                .into_iter()
                .map(|value| Placed {
                    value,
                    at: at(row, 4),
                })
                .collect();
            out.push(Priority {
                id,
                nama,
                misi: text(2),
                sasaran_rpjmd: text(3),
                opd_pengampu,
                at: at(row, 0),
            });
        }
    }
    if !recognised {
        diag.error(
            Some(Location::file(&name)),
            IngestProblem::NoRecognisableSheet,
        );
    }
    check_ids(out.iter().map(|p| (&p.id, &p.at)), diag);
    out
}

/// An error at each id that holds a list separator (no list cell could name it), and at each
/// row whose id an earlier row already has, naming that row.
fn check_ids<'a>(rows: impl Iterator<Item = (&'a String, &'a Location)>, diag: &mut Diagnostics) {
    let mut first: foldhash::HashMap<String, &Location> = foldhash::HashMap::default();
    for (id, at) in rows {
        if id.contains([',', ';']) {
            let kind = IngestProblem::IdHasSeparator { id: id.clone() };
            diag.error(Some(at.clone()), kind);
        }
        let key = super::normalized(id).trim().to_lowercase();
        match first.get(&key) {
            Some(other) => diag.error(
                Some(at.clone()),
                IngestProblem::DuplicateId {
                    id: id.clone(),
                    other: other.to_string(),
                },
            ),
            None => {
                first.insert(key, at);
            }
        }
    }
}

/// One row of an OPD registry: a stable id, the canonical name and its aliases.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryEntry {
    /// Stable id.
    pub id: String,
    /// Canonical name.
    pub nama: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The ids or names of the OPDs it continues (renamed from, merged from, split from).
    pub predecessors: Vec<String>,
    /// Where the row is (its `pendahulu` cell), for problems with its predecessors.
    pub at: Location,
    /// Its `id` cell.
    pub id_at: Location,
}

/// Reads an OPD registry: `id`, `nama`, any number of `alias` columns (each may hold several
/// names separated by commas) and an optional `pendahulu` column (the ids or names of the OPDs
/// it continues, separated by commas).
pub fn read_registry(
    path: &Path,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Vec<RegistryEntry> {
    const REGISTRY_FIELDS: &[Field] = &[
        Field {
            name: "id",
            required: true,
            spellings: &["id", "kode"],
        },
        Field {
            name: "nama",
            required: true,
            spellings: &["nama", "namaopd", "name"],
        },
        Field {
            name: "pendahulu",
            required: false,
            spellings: &["pendahulu", "predecessors", "predecessor", "asal"],
        },
    ];
    let name = path.display().to_string();
    let Some(sheets) = open(path, limits, files, diag) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for sheet in &sheets {
        let Some(header) = find_header(sheet, REGISTRY_FIELDS, 2, |_| true) else {
            continue;
        };
        let alias_cols: Vec<usize> = (0..sheet.rows[header.row].len())
            .filter(|&c| {
                sheet
                    .get(header.row, c)
                    .text()
                    .is_some_and(|t| super::header_key(&t).starts_with("alias"))
            })
            .collect();
        for row in header.row + 1..sheet.height() {
            let text = |col: Option<usize>| col.and_then(|c| sheet.get(row, c).text());
            let (Some(id), Some(nama)) = (text(header.col(0)), text(header.col(1))) else {
                // A row with one of the two is a row left half filled in.
                let (id, nama) = (text(header.col(0)), text(header.col(1)));
                if id.is_some() != nama.is_some() {
                    let (field, col) = match id {
                        None => ("id", header.col(0)),
                        Some(_) => ("nama", header.col(1)),
                    };
                    let cell = sheet.at(row, col.unwrap_or(0));
                    diag.error(
                        Some(Location::cell(&name, &sheet.name, cell)),
                        IngestProblem::EmptyValue {
                            field: field.into(),
                        },
                    );
                }
                continue;
            };
            let aliases = alias_cols
                .iter()
                .filter_map(|&c| text(Some(c)))
                .flat_map(|t| split_list(&t))
                .collect();
            let predecessors = text(header.col(2))
                .map(|t| split_list(&t))
                .unwrap_or_default();
            let at = Location::cell(
                &name,
                &sheet.name,
                sheet.at(row, header.col(2).or(header.col(1)).unwrap_or(0)),
            );
            let id_at = Location::cell(
                &name,
                &sheet.name,
                sheet.at(row, header.col(0).unwrap_or(0)),
            );
            out.push(RegistryEntry {
                id,
                nama,
                aliases,
                predecessors,
                at,
                id_at,
            });
        }
    }
    if out.is_empty() {
        diag.error(
            Some(Location::file(name)),
            IngestProblem::NoRecognisableSheet,
        );
    }
    check_ids(out.iter().map(|e| (&e.id, &e.id_at)), diag);
    aliases_of_others(&out, diag);
    out
}

/// An error for each alias that is another OPD's name: the two would be one OPD.
fn aliases_of_others(entries: &[RegistryEntry], diag: &mut Diagnostics) {
    let names: foldhash::HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (super::opd_key(&e.nama), i))
        .collect();
    for (i, e) in entries.iter().enumerate() {
        for alias in &e.aliases {
            match names.get(&super::opd_key(alias)) {
                Some(&j) if j != i => diag.error(
                    Some(e.at.clone()),
                    IngestProblem::AliasIsAnother {
                        alias: alias.clone(),
                        opd: entries[j].nama.clone(),
                        other: entries[j].at.to_string(),
                    },
                ),
                _ => {}
            }
        }
    }
}

/// Reads a list of OPD names: the `nama` (or `opd`) column of a table.
pub fn read_opd_list(
    path: &Path,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Vec<String> {
    const LIST_FIELDS: &[Field] = &[Field {
        name: "nama",
        required: true,
        spellings: &["nama", "namaopd", "opd", "perangkatdaerah", "name"],
    }];
    let Some(sheets) = open(path, limits, files, diag) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for sheet in &sheets {
        let Some(header) = find_header(sheet, LIST_FIELDS, 1, |_| true) else {
            continue;
        };
        let Some(col) = header.col(0) else { continue };
        names.extend(
            (header.row + 1..sheet.height())
                .filter_map(|r| sheet.get(r, col).text().map(|t| clean_name(&t))),
        );
    }
    if names.is_empty() {
        diag.error(
            Some(Location::file(path.display().to_string())),
            IngestProblem::NoRecognisableSheet,
        );
    }
    names
}

#[cfg(test)]
mod tests {
    use super::{same_kind, split_list};

    #[test]
    fn pentahelix_kinds_are_matched_whatever_their_case_spaces_and_hyphens() {
        assert!(same_kind("badan_usaha", "Badan Usaha"));
        assert!(same_kind("badan_usaha", "BADAN-USAHA"));
        assert!(same_kind("badan_usaha", "badan_usaha"));
        assert!(!same_kind("badan_usaha", "badan usaha "));
        assert!(!same_kind("badan_usaha", "badan"));
        assert!(!same_kind("media", "medias"));
    }

    #[test]
    fn list_cells_split_on_commas_semicolons_and_lines() {
        assert_eq!(split_list(" P1, P2;P3\n\n , "), ["P1", "P2", "P3"]);
        assert!(split_list(" ,; ").is_empty());
    }
}
