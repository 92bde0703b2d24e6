//! The tidy layout: one answer per row under a header row naming the fields.
//!
//! Title rows above the header are skipped. Header cells are matched ignoring case, spaces and
//! underscores, in Indonesian or English. A header row that names some but not all of the
//! required fields is reported as such, not passed over, so that a misspelt column is found.

use super::table::{find_header, Field, Header};
use super::{
    clean_name_ref, header_fields, header_key, parse_number, Answers, Cell, Context, Layout,
    NewAnswer, Sheet, SheetRead,
};
use crate::messages::{Diagnostics, IngestProblem};
use std::borrow::Cow;

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

    fn read(
        &self,
        sheet: &Sheet,
        ctx: &Context,
        answers: &mut Answers,
        diag: &mut Diagnostics,
    ) -> Option<SheetRead> {
        let cols = header(sheet)?;
        let header_row = cols.row;
        let header = header_fields(sheet, &cols, FIELDS);
        let missing = cols.missing(FIELDS);
        for field in &missing {
            diag.error(
                Some(ctx.at(sheet, header_row, 0)),
                IngestProblem::MissingColumn {
                    column: field.name.to_string(),
                },
            );
        }
        let start = answers.len();
        if missing.is_empty() {
            let sheet_id = answers.sheet(&ctx.file, &sheet.name);
            for row in header_row + 1..sheet.height() {
                read_row(sheet, row, &cols, ctx, diag, |answer| match answer {
                    Ok(a) => answers.push(sheet_id, a),
                    // An OPD whose answers are all blank is still an OPD: each is missing.
                    Err(opd) => answers.blank_answer(sheet_id, opd),
                });
            }
        }
        Some(SheetRead {
            layout: self.name(),
            header,
            opd: None,
            answers: start..answers.len(),
        })
    }
}

/// A field's text, borrowed from its cell when it can be; an error cell is reported and read as
/// blank.
fn text_at<'s>(
    sheet: &'s Sheet,
    row: usize,
    col: Option<usize>,
    ctx: &Context,
    diag: &mut Diagnostics,
) -> Option<Cow<'s, str>> {
    let col = col?;
    let cell = sheet.get(row, col);
    if let Some(kind) = cell.problem() {
        diag.error(Some(ctx.at(sheet, row, col)), kind);
        return None;
    }
    cell.str()
}

/// Reads one row, giving `add` its answer, or its OPD alone when the answer is blank.
fn read_row(
    sheet: &Sheet,
    row: usize,
    cols: &Header,
    ctx: &Context,
    diag: &mut Diagnostics,
    add: impl FnOnce(Result<NewAnswer, &str>),
) {
    if let Some((col, fields)) = cols.beyond(sheet, row) {
        let at = Some(ctx.at(sheet, row, col));
        diag.error(at, IngestProblem::ExtraFields { fields });
        return;
    }
    let opd = text_at(sheet, row, cols.col(OPD), ctx, diag);
    let code = text_at(sheet, row, cols.col(KODE), ctx, diag);
    let answer = text_at(sheet, row, cols.col(JAWABAN), ctx, diag);
    if opd.is_none() && code.is_none() && answer.is_none() {
        return;
    }
    // A blank answer is a missing answer: scoring lists it with the OPD's other gaps.
    let (Some(answer), Some(answer_col)) = (answer, cols.col(JAWABAN)) else {
        if let Some(opd) = &opd {
            add(Err(&clean_name_ref(opd)));
        }
        return;
    };
    let mut blank = |field: usize| {
        let col = cols.col(field).unwrap_or(0);
        let field = FIELDS[field].name.to_string();
        diag.error(
            Some(ctx.at(sheet, row, col)),
            IngestProblem::EmptyValue { field },
        );
    };
    let (Some(opd), Some(code)) = (&opd, &code) else {
        if opd.is_none() {
            blank(OPD);
        }
        if code.is_none() {
            blank(KODE);
        }
        return;
    };
    let Some(tier) = read_tier(sheet, row, cols, ctx, diag) else {
        return;
    };
    let kept_years = read_kept(sheet, row, cols.col(KEPT), ctx, diag);
    let note = text_at(sheet, row, cols.col(CATATAN), ctx, diag);
    let evidence = text_at(sheet, row, cols.col(BUKTI), ctx, diag);
    let evaluator = text_at(sheet, row, cols.col(EVALUATOR), ctx, diag);
    add(Ok(NewAnswer {
        opd: &clean_name_ref(opd),
        code,
        tier: &tier,
        answer: &answer,
        note: note.as_deref(),
        evidence: evidence.as_deref(),
        evaluator: evaluator.as_deref(),
        kept_years,
        row: sheet.row0 + row as u32,
        col: sheet.col0 + answer_col as u32,
        opd_at: cols
            .col(OPD)
            .map(|c| (sheet.row0 + row as u32, sheet.col0 + c as u32)),
    }));
}

fn read_tier<'s>(
    sheet: &'s Sheet,
    row: usize,
    cols: &Header,
    ctx: &'s Context,
    diag: &mut Diagnostics,
) -> Option<Cow<'s, str>> {
    let tier = match text_at(sheet, row, cols.col(TAHAP), ctx, diag) {
        Some(t) if t.chars().any(char::is_uppercase) => Cow::Owned(t.to_lowercase()),
        Some(t) => t,
        None => Cow::Borrowed(ctx.rubric.scored_tier.as_str()),
    };
    if ctx.rubric.tiers.iter().any(|t| *t == tier) {
        return Some(tier);
    }
    diag.error(
        Some(ctx.at(sheet, row, cols.col(TAHAP).unwrap_or(0))),
        IngestProblem::UnknownTier {
            value: tier.into_owned(),
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
                IngestProblem::BadNumber {
                    field: "dipertahankan".into(),
                    value: cell.text().unwrap_or_default(),
                },
            );
            None
        }
    }
}
