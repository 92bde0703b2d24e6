//! The `Rekonsiliasi` sheet: each OPD's self-assessment beside the evaluator's final answers,
//! most inflated first, and the whole city under them.

use super::feedback::{
    print_setup, text_width, title_block, FeedbackInput, Formats, TABLE_HEADER_ROW,
};
use super::labels::label;
use super::ReportError;
use crate::score::reconcile::{Agreement, Reconciliation};
use rust_xlsxwriter::{Format, Worksheet};

/// Writes the reconciliation sheet.
///
/// # Errors
/// [`ReportError`] when Excel refuses the content.
pub fn reconciliation_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    r: &Reconciliation,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    sheet.set_name(label("sheet_reconciliation", lang))?;
    title_block(
        sheet,
        label("title_reconciliation", lang),
        label("reconciliation_note", lang),
        f,
    )?;
    let headers = [
        "opd",
        "own_score",
        "final_score",
        "inflation",
        "compared",
        "identical",
        "kappa",
        "far_apart",
    ];
    let row0 = TABLE_HEADER_ROW;
    for (c, key) in headers.iter().enumerate() {
        sheet.write_string_with_format(row0, c as u16, label(key, lang), &f.header)?;
    }
    let percent = f.number.clone().set_num_format("0.0%");
    let mut row = row0 + 1;
    for a in &r.opds {
        agreement_row(sheet, row, a, &a.opd, f, &f.input, &percent, lang)?;
        row += 1;
    }
    if let Some(city) = &r.city {
        agreement_row(
            sheet,
            row,
            city,
            label("city", lang),
            f,
            &f.stat_label,
            &percent,
            lang,
        )?;
    }
    sheet.set_row_height(row0, 32)?;
    sheet.set_freeze_panes(row0 + 1, 1)?;
    sheet.autofilter(
        row0,
        0,
        row0 + r.opds.len().max(1) as u32,
        headers.len() as u16 - 1,
    )?;
    sheet.set_column_width(
        0,
        text_width(r.opds.iter().map(|a| a.opd.chars().count()), 20.0),
    )?;
    for c in 1..7 {
        sheet.set_column_width(c, 13)?;
    }
    sheet.set_column_width(7, 60)?;
    print_setup(sheet, row0)
}

#[allow(clippy::too_many_arguments)]
fn agreement_row(
    sheet: &mut Worksheet,
    row: u32,
    a: &Agreement,
    name: &str,
    f: &Formats,
    name_format: &Format,
    percent: &Format,
    lang: crate::lang::Lang,
) -> Result<(), ReportError> {
    sheet.write_string_with_format(row, 0, name, name_format)?;
    sheet.write_number_with_format(row, 1, a.own_score, &f.number)?;
    sheet.write_number_with_format(row, 2, a.final_score, &f.number)?;
    sheet.write_number_with_format(row, 3, a.inflation, &f.number)?;
    sheet.write_number_with_format(row, 4, a.compared as f64, &f.integer)?;
    sheet.write_number_with_format(row, 5, a.identical_share, percent)?;
    match a.kappa {
        Some(k) => sheet.write_number_with_format(row, 6, k, &f.number)?,
        None => sheet.write_blank(row, 6, &f.number)?,
    };
    let far: Vec<String> = a
        .far_apart
        .iter()
        .map(|x| format!("{} {} -> {}", x.code, x.own, x.final_answer))
        .collect();
    sheet.write_string_with_format(row, 7, super::join_fitting(&far, "; ", lang), &f.text)?;
    Ok(())
}
