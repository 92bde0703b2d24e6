//! The `Konsistensi` sheet: every OPD whose scored answers break a consistency rule of the
//! rubric, with the answer that sets the rule off, the answers above its limit and their cells,
//! and why the two cannot both be true; whether the rule is the rubric's or sakip's own.

use super::FeedbackInput;
use crate::report::labels::label;
use crate::report::style::{text_width, title_block, Formats, TABLE_HEADER_ROW};
use crate::report::ReportError;
use crate::score::consistency::Inconsistency;
use rust_xlsxwriter::{Format, FormatAlign, Worksheet};

/// The sheet's columns, by label.
const HEADERS: [&str; 9] = [
    "opd",
    "rule_no",
    "rule_source",
    "rule_trigger",
    "rule_trigger_cell",
    "rule_over",
    "rule_cells",
    "rule_limit",
    "rule_why",
];

/// The columns' widths in characters (the first is as wide as the longest OPD name).
const WIDTHS: [f64; 9] = [20.0, 8.0, 9.0, 14.0, 30.0, 50.0, 30.0, 9.0, 60.0];

/// The lines `text` takes wrapped in a column `width` characters wide (words are not split, so
/// a little room is left).
fn lines(text: &str, width: f64) -> usize {
    let per_line = (width * 0.9).max(1.0);
    (text.chars().count() as f64 / per_line).ceil().max(1.0) as usize
}

/// Writes the consistency sheet.
///
/// # Errors
/// [`ReportError`] when Excel refuses the content.
pub fn consistency_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    breaches: &[Inconsistency],
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    sheet.set_name(label("sheet_consistency", lang))?;
    let title = label("title_consistency", lang);
    title_block(sheet, title, label("consistency_note", lang), f)?;
    let row0 = TABLE_HEADER_ROW;
    for (c, key) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(row0, c as u16, label(key, lang), &f.header)?;
    }
    // Long lists and reasons wrap within their columns (rows grow to fit).
    let top = |format: &Format| format.clone().set_align(FormatAlign::Top);
    let wrap = top(&f.text).set_text_wrap();
    let wrap_input = top(&f.input).set_text_wrap();
    let (name, number, text) = (top(&f.input), top(&f.integer), top(&f.text));
    for (i, b) in breaches.iter().enumerate() {
        let row = row0 + 1 + i as u32;
        let source = match b.own {
            true => label("rule_source_own", lang),
            false => label("rule_source_rubric", lang),
        };
        sheet.write_string_with_format(row, 0, &b.opd, &name)?;
        sheet.write_number_with_format(row, 1, b.rule as f64, &number)?;
        sheet.write_string_with_format(row, 2, source, &text)?;
        sheet.write_string_with_format(row, 3, &b.found, &text)?;
        sheet.write_string_with_format(row, 4, b.at.to_string(), &wrap_input)?;
        let over = crate::report::join_fitting(&b.over, ", ", lang);
        sheet.write_string_with_format(row, 5, &over, &wrap)?;
        let cells = crate::report::join_fitting(&b.cells, ", ", lang);
        sheet.write_string_with_format(row, 6, &cells, &wrap)?;
        sheet.write_string_with_format(row, 7, &b.limit, &text)?;
        sheet.write_string_with_format(row, 8, b.why.get(lang), &wrap)?;
        let texts = [
            (b.at.to_string(), 4),
            (over, 5),
            (cells, 6),
            (b.why.get(lang).into(), 8),
        ];
        let lines = texts
            .iter()
            .map(|(t, c)| lines(t, WIDTHS[*c]))
            .max()
            .unwrap_or(1);
        sheet.set_row_height(row, 15.0 * lines as f64)?;
    }
    sheet.set_row_height(row0, 32)?;
    sheet.set_freeze_panes(row0 + 1, 1)?;
    let last = row0 + breaches.len().max(1) as u32;
    sheet.autofilter(row0, 0, last, HEADERS.len() as u16 - 1)?;
    let names = breaches.iter().map(|b| b.opd.chars().count());
    sheet.set_column_width(0, text_width(names, 20.0))?;
    for (c, width) in WIDTHS.iter().enumerate().skip(1) {
        sheet.set_column_width(c as u16, *width)?;
    }
    input.print().table(sheet, row0)
}
