//! The tidy program layout: one activity per row under a header of `opd`, `kode`, `nama`,
//! `pagu` and optional columns.

use super::form::{is_numbering_row, is_total_label, runs_of_cells, Furniture, SumCheck};
use super::{list_items, same_kind, Activity, Placed, Present, ProgramContext, ProgramLayout};
use crate::ingest::table::{find_header, Field, Header};
use crate::ingest::{header_fields, header_key, parse_number, Cell, HeaderField, Sheet};
use crate::messages::{CellRef, Diagnostics, FurnitureKind, IngestProblem, Location, SumOf};
use crate::rubric::ProgramColumn;
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

    fn recognises(&self, sheet: &Sheet, columns: &[ProgramColumn]) -> bool {
        let spellings = Spellings::new(columns);
        let keys = spellings.borrowed();
        find_header(sheet, &fields(&spellings, &keys), 3, |_| true).is_some()
    }
}

/// The reader's fields, in the order of the constants below. Whether each is required and how
/// its header may be spelt is data: `rubrics/program-columns.toml`.
const NAMES: [&str; 15] = [
    "opd",
    "kode",
    "nama",
    "pagu",
    "program",
    "indikator",
    "satuan",
    "target",
    "realisasi",
    "realisasi_anggaran",
    "prioritas",
    "mitra_opd",
    "mitra_pentahelix",
    "jenis_indikator",
    "horizon",
];

/// Each of [`NAMES`] with its header spellings as keys: the data's, else its name alone.
struct Spellings {
    required: Vec<bool>,
    keys: Vec<Vec<String>>,
}

impl Spellings {
    fn new(columns: &[ProgramColumn]) -> Self {
        let column = |name: &str| columns.iter().find(|c| c.name == name);
        let required = NAMES
            .iter()
            .map(|n| column(n).is_some_and(|c| c.required))
            .collect();
        let keys = NAMES
            .iter()
            .map(|n| match column(n) {
                Some(c) => c.spellings.iter().map(|s| header_key(s)).collect(),
                None => vec![header_key(n)],
            })
            .collect();
        Spellings { required, keys }
    }

    /// The keys as the borrowed lists [`Field`] holds.
    fn borrowed(&self) -> Vec<Vec<&str>> {
        self.keys
            .iter()
            .map(|k| k.iter().map(String::as_str).collect())
            .collect()
    }
}

/// The fields, their spellings borrowed from `keys` (see [`Spellings::borrowed`]).
fn fields<'a>(spellings: &Spellings, keys: &'a [Vec<&'a str>]) -> Vec<Field<'a>> {
    NAMES
        .iter()
        .zip(&spellings.required)
        .zip(keys)
        .map(|((name, required), spellings)| Field {
            name,
            required: *required,
            spellings,
        })
        .collect()
}

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
    let spellings = Spellings::new(ctx.rules.columns);
    let keys = spellings.borrowed();
    let fields = fields(&spellings, &keys);
    let header = find_header(sheet, &fields, 3, |_| true)?;
    for field in header.missing(&fields) {
        diag.error(
            Some(at(ctx, sheet, header.row, 0)),
            IngestProblem::MissingColumn {
                column: field.name.to_string(),
            },
        );
    }
    let missing = !header.missing(&fields).is_empty();
    let fields = header_fields(sheet, &header, &fields);
    if missing {
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
    let mut rows = Vec::with_capacity(activities.capacity());
    let mut furniture = Furniture::default();
    // Text rows without a budget: section headings when an activity follows, else the
    // signature block under the table.
    let mut pending: Vec<u32> = Vec::new();
    for row in header.row + 1..sheet.height() {
        let line = Row {
            sheet,
            row,
            header: &header,
            ctx,
            names: &names,
            dots: &dots,
        };
        let excel_row = sheet.row0 + row as u32 + 1;
        match line.furniture() {
            Some(FurnitureKind::Section) => {
                pending.push(excel_row);
                continue;
            }
            Some(kind) => {
                furniture.add(kind, excel_row);
                continue;
            }
            None => furniture.extend(FurnitureKind::Section, pending.drain(..)),
        }
        if let Some((col, fields)) = header.beyond(sheet, row) {
            let at = Some(at(ctx, sheet, row, col));
            diag.error(at, IngestProblem::ExtraFields { fields });
            continue;
        }
        if let Some(activity) = line.activity(present, diag) {
            activities.push(activity);
            rows.push(row);
        }
    }
    furniture.extend(FurnitureKind::Signature, pending);
    dots.into_inner().report(&names, diag);
    let parents = Parents::find(&activities);
    if !parents.is_empty() {
        let pagu_col = header.col(PAGU).unwrap_or(0);
        let check = (sheet, ctx, pagu_col);
        parents.check(&activities, &rows, check, diag);
        furniture.extend(FurnitureKind::Parent, parents.rows(&rows, sheet.row0));
        activities = parents.without(activities);
    }
    furniture.report(&Location::sheet(ctx.file, &sheet.name), diag);
    Some((fields, activities))
}

/// The rows of a tidy list whose code heads other rows' codes of the same OPD (`1.01` above
/// `1.01.01`): urusan, program and kegiatan rows carrying the sums of the rows under them, as
/// exported RKPD and Renja lists do. Each activity's nearest such row is its parent.
struct Parents {
    /// Per activity: the index of its parent row, if any.
    parent: Vec<Option<usize>>,
    /// Per activity: whether other rows sit under it.
    is_parent: Vec<bool>,
}

impl Parents {
    /// The parents among `activities`; none when every code has the same depth (a flat list,
    /// as nearly every file is), without looking further.
    fn find(activities: &[Activity]) -> Self {
        let n = activities.len();
        let depth = |a: &Activity| a.kode.bytes().filter(|b| *b == b'.').count();
        let flat = activities.windows(2).all(|w| depth(&w[0]) == depth(&w[1]));
        let mut parents = Parents {
            parent: vec![None; n],
            is_parent: vec![false; n],
        };
        if flat {
            return parents;
        }
        let mut index: foldhash::HashMap<(&str, &str), usize> = foldhash::HashMap::default();
        for (i, a) in activities.iter().enumerate() {
            index
                .entry((&a.opd.value, a.kode.trim_end_matches('.')))
                .or_insert(i);
        }
        for (i, a) in activities.iter().enumerate() {
            let mut code = a.kode.trim_end_matches('.');
            while let Some(cut) = code.rfind('.') {
                code = &code[..cut];
                if let Some(&p) = index.get(&(&*a.opd.value, code)) {
                    parents.parent[i] = Some(p);
                    parents.is_parent[p] = true;
                    break;
                }
            }
        }
        parents
    }

    fn is_empty(&self) -> bool {
        !self.is_parent.contains(&true)
    }

    /// Each parent's budget against the sum of its rows' (an error, or a warning under
    /// `--lenient-sums`): the list would otherwise hold two budgets for one thing.
    fn check(
        &self,
        activities: &[Activity],
        rows: &[usize],
        (sheet, ctx, pagu_col): (&Sheet, &ProgramContext, usize),
        diag: &mut Diagnostics,
    ) {
        for p in (0..activities.len()).filter(|&p| self.is_parent[p]) {
            let kids: Vec<usize> = (0..activities.len())
                .filter(|&i| self.parent[i] == Some(p))
                .collect();
            let kid_rows: Vec<usize> = kids.iter().map(|&i| rows[i]).collect();
            let check = SumCheck {
                at: at(ctx, sheet, rows[p], pagu_col),
                value: activities[p].pagu,
                sum: kids.iter().map(|&i| activities[i].pagu).sum(),
                cells: runs_of_cells(sheet, &kid_rows, pagu_col),
                of: SumOf::Children,
            };
            check.report(ctx.rules.lenient_sums, diag);
        }
    }

    /// The parents' rows, as Excel numbers them.
    fn rows<'a>(&'a self, rows: &'a [usize], row0: u32) -> impl Iterator<Item = u32> + 'a {
        (0..rows.len())
            .filter(|&i| self.is_parent[i])
            .map(move |i| row0 + rows[i] as u32 + 1)
    }

    /// The activities that are not parents.
    fn without(&self, activities: Vec<Activity>) -> Vec<Activity> {
        let keep = activities.into_iter().zip(&self.is_parent);
        keep.filter(|(_, parent)| !**parent)
            .map(|(a, _)| a)
            .collect()
    }
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
                    field: NAMES[field].to_string(),
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
                let name = || NAMES[field].to_string();
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
                        field: NAMES[field].to_string(),
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
                field: NAMES[field].to_string(),
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

    /// What the row is when it is not an activity: a row of column numbers, a total row, or
    /// text without a budget (a blank or text budget cell) whose OPD, code or name is blank:
    /// a section heading, or the signature block under the table. `None` for a blank row and
    /// for a row to read (an activity missing only its budget is read, and refused for it).
    fn furniture(&self) -> Option<FurnitureKind> {
        let cells = self.sheet.rows.get(self.row).map_or(0, Vec::len);
        if (0..cells).all(|c| self.sheet.get(self.row, c).is_blank()) {
            return None;
        }
        if is_numbering_row(self.sheet, self.row) {
            return Some(FurnitureKind::Numbering);
        }
        let named = [OPD, KODE, NAMA].map(|f| self.cell(f).str());
        if named.iter().flatten().any(|t| is_total_label(t)) {
            return Some(FurnitureKind::Total);
        }
        // A signature block often stands under the last columns, the budget's among them.
        let identified = named.iter().all(Option::is_some);
        let no_budget = || parse_number(self.cell(PAGU)).is_none();
        (!identified && no_budget()).then_some(FurnitureKind::Section)
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
                let field = NAMES[field].to_string();
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
    NAMES.iter().position(|n| *n == name).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{Spellings, NAMES};

    #[test]
    fn the_built_in_columns_give_every_field_its_own_header_keys() {
        let columns = crate::rubric::program_columns().unwrap();
        // Every column of the data file is a field the reader reads.
        for c in columns {
            assert!(NAMES.contains(&c.name.as_str()), "{}", c.name);
        }
        // No header key belongs to two fields, nor twice to one.
        let spellings = Spellings::new(columns);
        let mut seen = std::collections::HashMap::new();
        for (field, keys) in NAMES.iter().zip(&spellings.keys) {
            for key in keys {
                if let Some(other) = seen.insert(key.clone(), *field) {
                    panic!("'{key}' is a spelling of both {other} and {field}");
                }
            }
        }
        assert_eq!(
            spellings.required,
            [true, true, true, true]
                .into_iter()
                .chain([false; 11])
                .collect::<Vec<_>>()
        );
    }
}
