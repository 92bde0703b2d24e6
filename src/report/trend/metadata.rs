//! The `Metadata` sheet: when and by what the workbook was made, and the history's files.

use super::{labels, year_name};
use crate::history::trend::Trend;
use crate::report::labels::label;
use crate::report::page::Print;
use crate::report::style::Formats;
use crate::report::table::Table;
use crate::report::ReportError;
use rust_xlsxwriter::{ExcelDateTime, Worksheet};

/// When and by what the workbook was made, and each year's rubric, source and file.
pub(super) fn metadata_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
    created: &ExcelDateTime,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("sheet_metadata", lang))?;
    sheet.write_string_with_format(0, 0, label("title_metadata", lang), &f.title)?;
    sheet.write_string_with_format(2, 0, label("meta_time", lang), &f.stat_label)?;
    sheet.write_datetime_with_format(2, 1, created, &f.datetime)?;
    sheet.write_string_with_format(3, 0, label("meta_engine", lang), &f.stat_label)?;
    sheet.write_string_with_format(3, 1, env!("CARGO_PKG_VERSION"), &f.text)?;
    let names = labels(
        &[
            "year",
            "meta_rubric",
            "meta_rubric_title",
            "meta_regime",
            "trend_source",
            "trend_file",
        ],
        lang,
    );
    // The second column also holds the run's date and time.
    let widths = [24.0, 20.0, 60.0, 22.0, 16.0, 50.0];
    let table = Table::new(5).columns(names.into_iter().zip(widths));
    table.head(sheet, f)?;
    for (i, y) in trend.years.iter().enumerate() {
        let r = table.body_row() + i as u32;
        sheet.write_string_with_format(r, 0, year_name(y), &f.integer)?;
        sheet.write_string_with_format(r, 1, &y.rubric, &f.text)?;
        sheet.write_string_with_format(r, 2, y.title.get(lang), &f.text)?;
        sheet.write_string_with_format(r, 3, &y.regime, &f.text)?;
        let source = match y.source {
            crate::history::Source::Score => label("trend_source_score", lang),
            crate::history::Source::Import => label("trend_source_import", lang),
        };
        sheet.write_string_with_format(r, 4, source, &f.text)?;
        sheet.write_string_with_format(r, 5, &y.file, &f.input)?;
    }
    table.finish(sheet, trend.years.len(), print)
}
