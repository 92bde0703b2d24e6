//! The `Rekonsiliasi` sheet: each OPD's self-assessment beside the evaluator's final answers,
//! most inflated first, and the whole city under them.

use super::FeedbackInput;
use crate::report::labels::label;
use crate::report::style::{text_width, Formats, TABLE_HEADER_ROW};
use crate::report::table::{header, Table};
use crate::report::ReportError;
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
    let names = text_width(r.opds.iter().map(|a| a.opd.chars().count()), 20.0);
    let widths = (0..headers.len()).map(|c| match c {
        0 => names,
        7 => 60.0,
        _ => 13.0,
    });
    let table = Table::new(TABLE_HEADER_ROW)
        .labelled(headers.into_iter().zip(widths), lang)
        .freeze(1)
        .filter();
    table.title(
        sheet,
        label("title_reconciliation", lang),
        label("reconciliation_note", lang),
        f,
    )?;
    table.head(sheet, f)?;
    let percent = f.number.clone().set_num_format("0.0%");
    let mut row = table.body_row();
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
    tier_pairs(sheet, row + 3, &r.tier_pairs, f, &percent, lang)?;
    table.finish(sheet, r.opds.len(), &input.print())
}

/// Below the table, where the rubric has three tiers or more: each tier against the next over
/// the city, then each OPD's kappa per pair.
fn tier_pairs(
    sheet: &mut Worksheet,
    top: u32,
    pairs: &[crate::score::reconcile::TierPair],
    f: &Formats,
    percent: &Format,
    lang: crate::lang::Lang,
) -> Result<(), ReportError> {
    if pairs.is_empty() {
        return Ok(());
    }
    sheet.write_string_with_format(top, 0, label("tier_pairs_title", lang), &f.subtitle)?;
    // Under the first table, in its columns (the OPDs' and then 13 characters).
    let headers = ["tier_pair", "compared", "identical", "kappa"]
        .map(|key| (label(key, lang).to_string(), 13.0));
    header(sheet, top + 1, &headers, f)?;
    let name = |p: &crate::score::reconcile::TierPair| format!("{} → {}", p.lower, p.upper);
    let kappa = |sheet: &mut Worksheet, row: u32, col: u16, k: Option<f64>| match k {
        Some(k) => sheet
            .write_number_with_format(row, col, k, &f.number)
            .map(|_| ()),
        None => sheet.write_blank(row, col, &f.number).map(|_| ()),
    };
    for (i, p) in pairs.iter().enumerate() {
        let row = top + 2 + i as u32;
        sheet.write_string_with_format(row, 0, name(p), &f.text)?;
        sheet.write_number_with_format(row, 1, p.compared as f64, &f.integer)?;
        sheet.write_number_with_format(row, 2, p.identical_share, percent)?;
        kappa(sheet, row, 3, p.kappa)?;
    }
    // Each OPD's kappa, one column per pair.
    let matrix = top + 3 + pairs.len() as u32;
    // The title says these are kappas: each column is headed by its pair.
    let columns: Vec<(String, f64)> = std::iter::once((label("opd", lang).to_string(), 13.0))
        .chain(pairs.iter().map(|p| (name(p), 13.0)))
        .collect();
    header(sheet, matrix, &columns, f)?;
    let mut opds: Vec<&str> = pairs
        .iter()
        .flat_map(|p| p.opds.iter().map(|(o, _, _)| o.as_str()))
        .collect();
    opds.sort_unstable();
    opds.dedup();
    for (i, opd) in opds.iter().enumerate() {
        let row = matrix + 1 + i as u32;
        sheet.write_string_with_format(row, 0, *opd, &f.input)?;
        for (j, p) in pairs.iter().enumerate() {
            let k = p.opds.iter().find(|(o, _, _)| o == opd).and_then(|x| x.2);
            kappa(sheet, row, 1 + j as u16, k)?;
        }
    }
    Ok(())
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
    sheet.write_string_with_format(
        row,
        7,
        crate::report::join_fitting(&far, "; ", lang),
        &f.text,
    )?;
    Ok(())
}
