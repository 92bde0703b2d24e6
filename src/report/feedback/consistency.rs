//! The `Konsistensi` sheet: every OPD whose scored answers break a consistency rule of the
//! rubric, with the answer that sets the rule off, the answers above its limit and their cells,
//! and why the two cannot both be true; whether the rule is the rubric's or sakip's own.

use super::FeedbackInput;
use crate::report::labels::label;
use crate::report::style::{text_height, text_width, Formats, TABLE_HEADER_ROW};
use crate::report::table::Table;
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

/// The columns' widths in characters (the first as wide as the longest OPD name, up to 28).
/// Narrow enough to print at a readable size across one page: the names, cells, lists and
/// reasons wrap.
const WIDTHS: [f64; 9] = [28.0, 8.0, 9.0, 12.0, 16.0, 30.0, 20.0, 8.0, 36.0];

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
    let names = breaches.iter().map(|b| b.opd.chars().count());
    let mut widths = WIDTHS;
    widths[0] = text_width(names, 20.0).min(WIDTHS[0]);
    let table = Table::new(TABLE_HEADER_ROW)
        .labelled(HEADERS.into_iter().zip(widths), lang)
        .freeze(1)
        .filter();
    let title = label("title_consistency", lang);
    table.title(sheet, title, label("consistency_note", lang), f)?;
    table.head(sheet, f)?;
    // Long lists and reasons wrap within their columns (rows grow to fit).
    let top = |format: &Format| format.clone().set_align(FormatAlign::Top);
    let wrap = top(&f.text).set_text_wrap();
    let wrap_input = top(&f.input).set_text_wrap();
    let (number, text) = (top(&f.integer), top(&f.text));
    for (i, b) in breaches.iter().enumerate() {
        let row = table.body_row() + i as u32;
        let source = match b.own {
            true => label("rule_source_own", lang),
            false => label("rule_source_rubric", lang),
        };
        let at = b.at.to_string();
        let over = crate::report::join_fitting(&b.over, ", ", lang);
        let cells = crate::report::join_fitting(&b.cells, ", ", lang);
        let why = b.why.get(lang);
        // The tallest wrapped cell, before the cells (a workbook in constant memory mode
        // writes a row out whole).
        let height = [
            (b.opd.as_str(), 0),
            (&at, 4),
            (&over, 5),
            (&cells, 6),
            (why, 8),
        ]
        .iter()
        .map(|(t, c)| text_height(t, widths[*c]))
        .fold(15.0, f64::max);
        sheet.set_row_height(row, height)?;
        sheet.write_string_with_format(row, 0, &b.opd, &wrap_input)?;
        sheet.write_number_with_format(row, 1, b.rule as f64, &number)?;
        sheet.write_string_with_format(row, 2, source, &text)?;
        sheet.write_string_with_format(row, 3, &b.found, &text)?;
        sheet.write_string_with_format(row, 4, &at, &wrap_input)?;
        sheet.write_string_with_format(row, 5, &over, &wrap)?;
        sheet.write_string_with_format(row, 6, &cells, &wrap)?;
        sheet.write_string_with_format(row, 7, &b.limit, &text)?;
        sheet.write_string_with_format(row, 8, why, &wrap)?;
    }
    table.finish(sheet, breaches.len(), &input.print())
}
