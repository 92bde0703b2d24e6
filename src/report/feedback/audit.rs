//! The `Audit` sheet: where the official-layout workbooks' own values disagree with sakip's
//! (see [`crate::score::audit`]), so that an evaluator sees where the old spreadsheet was
//! wrong. Written only when there is something to show.

use super::FeedbackInput;
use crate::report::labels::label;
use crate::report::style::{text_height, Formats, TABLE_HEADER_ROW};
use crate::report::table::Table;
use crate::report::ReportError;
use crate::score::audit::Shown;
use rust_xlsxwriter::Worksheet;

/// The sheet's columns, by label, and their widths in characters: narrow enough to print on
/// one page's width at a readable size, the reason wrapped.
const COLUMNS: [(&str, f64); 9] = [
    ("audit_file", 24.0),
    ("audit_sheet", 20.0),
    ("audit_tier", 20.0),
    ("audit_cell", 8.0),
    ("audit_node", 12.0),
    ("audit_workbook", 11.0),
    ("audit_sakip", 11.0),
    ("audit_difference", 11.0),
    ("audit_why", 50.0),
];

/// Writes the audit sheet.
///
/// # Errors
/// [`ReportError`] when Excel refuses the content.
pub fn audit_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    sheet.set_name(label("sheet_audit", lang))?;
    let table = Table::new(TABLE_HEADER_ROW)
        .labelled(COLUMNS, lang)
        .filter();
    table.title(
        sheet,
        label("title_audit", lang),
        label("audit_note", lang),
        f,
    )?;
    table.head(sheet, f)?;
    for (i, finding) in input.audit.iter().enumerate() {
        let row = table.body_row() + i as u32;
        let why = finding.why_text(lang);
        // Before the cells: a workbook in constant memory mode writes a row out whole.
        sheet.set_row_height(row, text_height(&why, COLUMNS[8].1))?;
        let file = std::path::Path::new(&finding.file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&finding.file);
        sheet.write_string_with_format(row, 0, file, &f.input)?;
        sheet.write_string_with_format(row, 1, &finding.sheet, &f.input)?;
        sheet.write_string_with_format(row, 2, &finding.tier, &f.input)?;
        sheet.write_string_with_format(row, 3, &finding.cell, &f.text)?;
        sheet.write_string_with_format(row, 4, &finding.code, &f.text)?;
        for (c, shown) in [(5, &finding.workbook), (6, &finding.sakip)] {
            match shown {
                Shown::Number(n) => sheet.write_number_with_format(row, c, *n, &f.number)?,
                Shown::Text(t) => sheet.write_string_with_format(row, c, t, &f.text)?,
            };
        }
        if let (Some(a), Some(b)) = (finding.workbook.number(), finding.sakip.number()) {
            sheet.write_number_with_format(row, 7, a - b, &f.signed)?;
        }
        sheet.write_string_with_format(row, 8, why, &f.wrapped)?;
    }
    table.finish(sheet, input.audit.len(), &input.print())
}
