//! The tidy layout: one answer per row under a header row naming the fields.
//!
//! Title rows above the header are skipped. Header cells are matched ignoring case, spaces and
//! underscores, in Indonesian or English. A header row that names some but not all of the
//! required fields is reported as such, not passed over, so that a misspelt column is found.

use super::{
    clean_name, header_key, parse_number, AnswerRecord, Cell, Context, HeaderField, Layout, Sheet,
    SheetRead,
};
use crate::diag::{Diagnostics, ProblemKind};

/// How far down a header row is looked for.
const HEADER_SCAN_ROWS: usize = 30;

/// The fields of the tidy layout: name, required, accepted header spellings (as [`header_key`]).
const FIELDS: &[(&str, bool, &[&str])] = &[
    ("opd", true, &["opd", "perangkatdaerah", "unitkerja"]),
    ("kode", true, &["kode", "kodekriteria", "criterion", "code"]),
    ("jawaban", true, &["jawaban", "answer"]),
    ("tahap", false, &["tahap", "tier"]),
    ("catatan", false, &["catatan", "note", "notes"]),
    ("bukti", false, &["bukti", "buktidukung", "evidence"]),
    ("evaluator", false, &["evaluator", "penilai"]),
    (
        "dipertahankan",
        false,
        &["dipertahankan", "keptyears", "kept"],
    ),
];

/// The tidy layout.
pub struct Tidy;

/// Columns found for each field, by index into [`FIELDS`].
struct Columns([Option<usize>; 8]);

impl Columns {
    fn get(&self, field: usize) -> Option<usize> {
        self.0[field]
    }
}

const OPD: usize = 0;
const KODE: usize = 1;
const JAWABAN: usize = 2;
const TAHAP: usize = 3;
const CATATAN: usize = 4;
const BUKTI: usize = 5;
const EVALUATOR: usize = 6;
const KEPT: usize = 7;

fn match_header(sheet: &Sheet, row: usize) -> Columns {
    let mut found = [None; 8];
    for col in 0..sheet.rows[row].len() {
        let Some(text) = sheet.get(row, col).text() else {
            continue;
        };
        let key = header_key(&text);
        if let Some(field) = FIELDS
            .iter()
            .position(|(_, _, names)| names.contains(&key.as_str()))
        {
            found[field].get_or_insert(col);
        }
    }
    Columns(found)
}

/// The header row: all three required fields, or two of them (the third is then reported
/// missing) in a row that does not name the official layout's criteria column.
fn find_header(sheet: &Sheet) -> Option<(usize, Columns)> {
    (0..sheet.height().min(HEADER_SCAN_ROWS))
        .map(|row| (row, match_header(sheet, row)))
        .find(|(row, cols)| {
            let required = [OPD, KODE, JAWABAN];
            match required.iter().filter(|f| cols.get(**f).is_some()).count() {
                3 => true,
                2 => !names_official_criteria(sheet, *row),
                _ => false,
            }
        })
}

/// Whether a row holds the official layout's `Komponen/Sub Komponen/Kriteria` header.
fn names_official_criteria(sheet: &Sheet, row: usize) -> bool {
    (0..sheet.rows[row].len()).any(|col| {
        sheet
            .get(row, col)
            .text()
            .is_some_and(|t| header_key(&t).contains("kriteria"))
    })
}

impl Layout for Tidy {
    fn name(&self) -> &'static str {
        "tidy"
    }

    fn read(&self, sheet: &Sheet, ctx: &Context, diag: &mut Diagnostics) -> Option<SheetRead> {
        let (header_row, cols) = find_header(sheet)?;
        let mut header = Vec::new();
        for (field, (name, required, _)) in FIELDS.iter().enumerate() {
            match cols.get(field) {
                Some(col) => header.push(HeaderField {
                    cell: sheet.a1(header_row, col),
                    text: sheet.get(header_row, col).text().unwrap_or_default(),
                    field: name,
                }),
                None if *required => diag.error(
                    Some(ctx.at(sheet, header_row, 0)),
                    ProblemKind::MissingColumn {
                        column: (*name).to_string(),
                    },
                ),
                None => {}
            }
        }
        let mut answers = Vec::new();
        if [OPD, KODE, JAWABAN].iter().all(|f| cols.get(*f).is_some()) {
            for row in header_row + 1..sheet.height() {
                if let Some(record) = read_row(sheet, row, &cols, ctx, diag) {
                    answers.push(record);
                }
            }
        }
        Some(SheetRead {
            layout: self.name(),
            header,
            opd: None,
            answers,
        })
    }
}

/// A field's text; an error cell is reported and read as blank.
fn text_at(
    sheet: &Sheet,
    row: usize,
    col: Option<usize>,
    ctx: &Context,
    diag: &mut Diagnostics,
) -> Option<String> {
    let col = col?;
    match sheet.get(row, col) {
        Cell::Error(value) => {
            let value = value.clone();
            diag.error(
                Some(ctx.at(sheet, row, col)),
                ProblemKind::ErrorCell { value },
            );
            None
        }
        cell => cell.text(),
    }
}

fn read_row(
    sheet: &Sheet,
    row: usize,
    cols: &Columns,
    ctx: &Context,
    diag: &mut Diagnostics,
) -> Option<AnswerRecord> {
    let opd = text_at(sheet, row, cols.get(OPD), ctx, diag);
    let code = text_at(sheet, row, cols.get(KODE), ctx, diag);
    let answer = text_at(sheet, row, cols.get(JAWABAN), ctx, diag);
    if opd.is_none() && code.is_none() && answer.is_none() {
        return None;
    }
    // A blank answer is a missing answer: scoring lists it with the OPD's other gaps.
    let answer = answer?;
    let answer_col = cols.get(JAWABAN)?;
    let mut blank = |field: usize| {
        let col = cols.get(field).unwrap_or(0);
        let field = FIELDS[field].0.to_string();
        diag.error(
            Some(ctx.at(sheet, row, col)),
            ProblemKind::EmptyValue { field },
        );
    };
    let (Some(opd), Some(code)) = (opd.clone(), code.clone()) else {
        if opd.is_none() {
            blank(OPD);
        }
        if code.is_none() {
            blank(KODE);
        }
        return None;
    };
    let tier = read_tier(sheet, row, cols, ctx, diag)?;
    let kept_years = read_kept(sheet, row, cols.get(KEPT), ctx, diag);
    Some(AnswerRecord {
        opd: clean_name(&opd),
        code,
        tier,
        answer,
        note: text_at(sheet, row, cols.get(CATATAN), ctx, diag),
        evidence: text_at(sheet, row, cols.get(BUKTI), ctx, diag),
        evaluator: text_at(sheet, row, cols.get(EVALUATOR), ctx, diag),
        kept_years,
        file: ctx.file.to_string(),
        sheet: sheet.name.clone(),
        cell: sheet.a1(row, answer_col),
    })
}

fn read_tier(
    sheet: &Sheet,
    row: usize,
    cols: &Columns,
    ctx: &Context,
    diag: &mut Diagnostics,
) -> Option<String> {
    let tier = text_at(sheet, row, cols.get(TAHAP), ctx, diag)
        .map(|t| t.to_lowercase())
        .unwrap_or_else(|| ctx.rubric.scored_tier.clone());
    if ctx.rubric.tiers.contains(&tier) {
        return Some(tier);
    }
    diag.error(
        Some(ctx.at(sheet, row, cols.get(TAHAP).unwrap_or(0))),
        ProblemKind::UnknownTier {
            value: tier,
            known: ctx.rubric.tiers.clone(),
        },
    );
    None
}

/// Years kept: a number, or blank. Anything else is reported.
pub(super) fn read_kept(
    sheet: &Sheet,
    row: usize,
    col: Option<usize>,
    ctx: &Context,
    diag: &mut Diagnostics,
) -> Option<f64> {
    let col = col?;
    let cell = sheet.get(row, col);
    if cell.is_blank() {
        return None;
    }
    if let Cell::Error(value) = cell {
        let value = value.clone();
        diag.error(
            Some(ctx.at(sheet, row, col)),
            ProblemKind::ErrorCell { value },
        );
        return None;
    }
    match parse_number(cell).filter(|n| *n >= 0.0) {
        Some(years) if !matches!(cell, Cell::Date(_)) => Some(years),
        _ => {
            diag.error(
                Some(ctx.at(sheet, row, col)),
                ProblemKind::BadNumber {
                    field: "dipertahankan".into(),
                    value: cell.text().unwrap_or_default(),
                },
            );
            None
        }
    }
}
