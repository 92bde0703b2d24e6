//! The `Metadata` sheet: the rubric, the engine, the run, and every input file with its hash.

use super::{FeedbackInput, ENGINE_VERSION};
use crate::frame::Checked;
use crate::report::labels::label;
use crate::report::style::{text_width, Formats};
use crate::report::ReportError;
use rust_xlsxwriter::{ExcelDateTime, Worksheet};

pub(super) fn metadata_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    f: &Formats,
    created: &ExcelDateTime,
) -> Result<(), ReportError> {
    let lang = input.lang;
    let rubric = input.rubric;
    sheet.set_name(label("sheet_metadata", lang))?;
    sheet.write_string_with_format(0, 0, label("title_metadata", lang), &f.title)?;
    let rows: [(&str, String); 4] = [
        ("meta_rubric", rubric.id.clone()),
        ("meta_rubric_title", rubric.title.get(lang).to_string()),
        ("meta_regime", rubric.regime.clone()),
        ("meta_engine", ENGINE_VERSION.to_string()),
    ];
    let mut row = 2;
    for (key, value) in rows {
        sheet.write_string_with_format(row, 0, label(key, lang), &f.stat_label)?;
        sheet.write_string_with_format(row, 1, &value, &f.text)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, label("meta_time", lang), &f.stat_label)?;
    sheet.write_datetime_with_format(row, 1, created, &f.datetime)?;
    row += 1;
    let counts = [
        ("meta_opds", input.ranking.len()),
        ("meta_answers", input.akip.map_or(0, |a| a.criteria.len())),
    ];
    for (key, count) in counts {
        sheet.write_string_with_format(row, 0, label(key, lang), &f.stat_label)?;
        sheet.write_number(row, 1, count as f64)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, label("meta_inputs", lang), &f.title)?;
    row += 1;
    for (j, key) in ["meta_file", "meta_sha", "meta_bytes"].iter().enumerate() {
        sheet.write_string_with_format(row, j as u16, label(key, lang), &f.header)?;
    }
    for file in input.files {
        row += 1;
        sheet.write_string_with_format(row, 0, &file.path, &f.input)?;
        sheet.write_string_with_format(row, 1, &file.sha256, &f.text)?;
        sheet.write_number_with_format(row, 2, file.bytes as f64, &f.integer)?;
    }
    let skips: Vec<_> = input
        .ledger
        .map(|l| l.skips().collect())
        .unwrap_or_default();
    if !skips.is_empty() {
        row += 2;
        sheet.write_string_with_format(row, 0, label("meta_skipped", lang), &f.title)?;
        row += 1;
        for (j, key) in ["meta_file", "meta_reason"].iter().enumerate() {
            sheet.write_string_with_format(row, j as u16, label(key, lang), &f.header)?;
        }
        for (path, reason) in &skips {
            row += 1;
            sheet.write_string_with_format(row, 0, *path, &f.input)?;
            sheet.write_string_with_format(row, 1, reason.describe(lang).0, &f.text)?;
        }
    }
    let paths = input.files.iter().map(|x| x.path.as_str());
    let paths = paths.chain(skips.iter().map(|(p, _)| *p));
    sheet.set_column_width(0, text_width(paths.map(|p| p.chars().count()), 28.0))?;
    // The SHA-256 column (64 characters) also holds the reasons files were passed over.
    let reasons = skips
        .iter()
        .map(|(_, r)| r.describe(lang).0.chars().count());
    let longest = reasons.max().unwrap_or(0) as f64 * 1.1 + 2.0;
    sheet.set_column_width(1, longest.clamp(68.0, 120.0))?;
    sheet.set_column_width(2, 14)?;
    input.print().list(sheet)
}
