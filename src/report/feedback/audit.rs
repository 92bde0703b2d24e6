//! The `Audit` sheet: where the official-layout workbooks' own values disagree with sakip's
//! (see [`crate::score::audit`]), so that an evaluator sees where the old spreadsheet was
//! wrong. Written only when there is something to show.

use super::FeedbackInput;
use crate::report::labels::label;
use crate::report::style::{title_block, Formats, TABLE_HEADER_ROW};
use crate::report::ReportError;
use crate::score::audit::Shown;
use rust_xlsxwriter::Worksheet;

/// The sheet's columns, by label, and their widths in characters.
const COLUMNS: [(&str, f64); 9] = [
    ("audit_file", 30.0),
    ("audit_sheet", 26.0),
    ("audit_tier", 32.0),
    ("audit_cell", 8.0),
    ("audit_node", 30.0),
    ("audit_workbook", 12.0),
    ("audit_sakip", 12.0),
    ("audit_difference", 12.0),
    ("audit_why", 70.0),
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
    title_block(
        sheet,
        label("title_audit", lang),
        label("audit_note", lang),
        f,
    )?;
    let row0 = TABLE_HEADER_ROW;
    for (c, (key, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(row0, c as u16, label(key, lang), &f.header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    for (i, finding) in input.audit.iter().enumerate() {
        let row = row0 + 1 + i as u32;
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
        sheet.write_string_with_format(row, 8, finding.why_text(lang), &f.text)?;
    }
    sheet.set_row_height(row0, 32)?;
    sheet.set_freeze_panes(row0 + 1, 0)?;
    let last = row0 + input.audit.len().max(1) as u32;
    sheet.autofilter(row0, 0, last, COLUMNS.len() as u16 - 1)?;
    input.print().table(sheet, row0)
}
