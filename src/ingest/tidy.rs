//! The tidy layout: one answer per row under a header row naming the fields.
//!
//! Title rows above the header are skipped. Header cells are matched ignoring case, spaces and
//! underscores, in Indonesian or English. A header row that names some but not all of the
//! required fields is reported as such, not passed over, so that a misspelt column is found.

use super::table::{find_header, Field, Header};
use super::{
    clean_name, header_fields, header_key, parse_number, AnswerRecord, Cell, Context, Layout,
    Sheet, SheetRead,
};
use crate::diag::{Diagnostics, ProblemKind};

/// The fields of the tidy layout, in the order of the constants below.
const FIELDS: &[Field] = &[
    Field {
        name: "opd",
        required: true,
        spellings: &["opd", "perangkatdaerah", "unitkerja"],
    },
    Field {
        name: "kode",
        required: true,
        spellings: &["kode", "kodekriteria", "criterion", "code"],
    },
    Field {
        name: "jawaban",
        required: true,
        spellings: &["jawaban", "answer"],
    },
    Field {
        name: "tahap",
        required: false,
        spellings: &["tahap", "tier"],
    },
    Field {
        name: "catatan",
        required: false,
        spellings: &["catatan", "note", "notes"],
    },
    Field {
        name: "bukti",
        required: false,
        spellings: &["bukti", "buktidukung", "evidence"],
    },
    Field {
        name: "evaluator",
        required: false,
        spellings: &["evaluator", "penilai"],
    },
    Field {
        name: "dipertahankan",
        required: false,
        spellings: &["dipertahankan", "keptyears", "kept"],
    },
];

/// The tidy layout.
pub struct Tidy;

const OPD: usize = 0;
const KODE: usize = 1;
const JAWABAN: usize = 2;
const TAHAP: usize = 3;
const CATATAN: usize = 4;
const BUKTI: usize = 5;
const EVALUATOR: usize = 6;
const KEPT: usize = 7;

/// The header row: all three required fields, or two of them (the third is then reported
/// missing) in a row that does not name the official layout's criteria column.
fn header(sheet: &Sheet) -> Option<Header> {
    find_header(sheet, FIELDS, 2, |h| {
        h.missing(FIELDS).is_empty() || !names_official_criteria(sheet, h.row)
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
        let cols = header(sheet)?;
        let sheet_name: std::sync::Arc<str> = sheet.name.as_str().into();
        let header_row = cols.row;
        let header = header_fields(sheet, &cols, FIELDS);
        let missing = cols.missing(FIELDS);
        for field in &missing {
            diag.error(
                Some(ctx.at(sheet, header_row, 0)),
                ProblemKind::MissingColumn {
                    column: field.name.to_string(),
                },
            );
        }
        let mut answers = Vec::new();
        if missing.is_empty() {
            for row in header_row + 1..sheet.height() {
                if let Some(record) = read_row(sheet, &sheet_name, row, &cols, ctx, diag) {
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
    let cell = sheet.get(row, col);
    if let Some(kind) = cell.problem() {
        diag.error(Some(ctx.at(sheet, row, col)), kind);
        return None;
    }
    cell.text()
}

fn read_row(
    sheet: &Sheet,
    sheet_name: &std::sync::Arc<str>,
    row: usize,
    cols: &Header,
    ctx: &Context,
    diag: &mut Diagnostics,
) -> Option<AnswerRecord> {
    let opd = text_at(sheet, row, cols.col(OPD), ctx, diag);
    let code = text_at(sheet, row, cols.col(KODE), ctx, diag);
    let answer = text_at(sheet, row, cols.col(JAWABAN), ctx, diag);
    if opd.is_none() && code.is_none() && answer.is_none() {
        return None;
    }
    // A blank answer is a missing answer: scoring lists it with the OPD's other gaps.
    let answer = answer?;
    let answer_col = cols.col(JAWABAN)?;
    let mut blank = |field: usize| {
        let col = cols.col(field).unwrap_or(0);
        let field = FIELDS[field].name.to_string();
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
    let kept_years = read_kept(sheet, row, cols.col(KEPT), ctx, diag);
    Some(AnswerRecord {
        opd: clean_name(&opd),
        code,
        tier,
        answer,
        note: text_at(sheet, row, cols.col(CATATAN), ctx, diag),
        evidence: text_at(sheet, row, cols.col(BUKTI), ctx, diag),
        evaluator: text_at(sheet, row, cols.col(EVALUATOR), ctx, diag),
        kept_years,
        file: ctx.shared_file.clone(),
        sheet: sheet_name.clone(),
        cell: sheet.a1(row, answer_col),
    })
}

fn read_tier(
    sheet: &Sheet,
    row: usize,
    cols: &Header,
    ctx: &Context,
    diag: &mut Diagnostics,
) -> Option<String> {
    let tier = text_at(sheet, row, cols.col(TAHAP), ctx, diag)
        .map(|t| t.to_lowercase())
        .unwrap_or_else(|| ctx.rubric.scored_tier.clone());
    if ctx.rubric.tiers.contains(&tier) {
        return Some(tier);
    }
    diag.error(
        Some(ctx.at(sheet, row, cols.col(TAHAP).unwrap_or(0))),
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
    if let Some(kind) = cell.problem() {
        diag.error(Some(ctx.at(sheet, row, col)), kind);
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
