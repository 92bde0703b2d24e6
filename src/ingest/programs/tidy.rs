//! The tidy program layout: one activity per row under a header of `opd`, `kode`, `nama`,
//! `pagu` and optional columns.

use super::{list_items, same_kind, Activity, Placed, Present, ProgramContext, ProgramLayout};
use crate::ingest::table::{find_header, Field, Header};
use crate::ingest::{header_fields, parse_number, Cell, HeaderField, Sheet};
use crate::messages::{CellRef, Diagnostics, IngestProblem, Location};
use std::path::Path;
use std::sync::Arc;

/// The tidy layout.
pub(super) struct Tidy;

impl ProgramLayout for Tidy {
    fn name(&self) -> &'static str {
        "program-tidy"
    }

    fn read(
        &self,
        sheet: &Sheet,
        _path: &Path,
        ctx: &ProgramContext,
        diag: &mut Diagnostics,
    ) -> Option<(Vec<HeaderField>, Vec<Activity>)> {
        read_tidy(sheet, ctx, diag)
    }
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

fn read_tidy(
    sheet: &Sheet,
    ctx: &ProgramContext,
    diag: &mut Diagnostics,
) -> Option<(Vec<HeaderField>, Vec<Activity>)> {
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
        return Some((fields, Vec::new()));
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
    Some((fields, activities))
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
        let thousands = crate::ingest::reads_dots_as_thousands(text);
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
        let kinds = &self.ctx.rules.collaboration.pentahelix_kinds;
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
        let alignment = self.ctx.rules.alignment;
        let activity = Activity {
            opd: Placed {
                // The name as read, unless its spaces need making single.
                value: match opd {
                    Some(opd) => match crate::ingest::clean_name_ref(&opd) {
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
