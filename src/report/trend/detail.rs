//! The `Rincian` sheet: one row per OPD and year, for filtering.

use super::{labels, opt_number, BOUNDARY};
use crate::history::trend::Trend;
use crate::report::labels::label;
use crate::report::page::Print;
use crate::report::style::Formats;
use crate::report::table::Table;
use crate::report::ReportError;
use rust_xlsxwriter::Worksheet;

/// One row per OPD and year, for filtering.
pub(super) fn detail_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_detail", lang))?;
    let names = labels(
        &[
            "opd",
            "trend_id",
            "year",
            "meta_rubric",
            "score",
            "trend_percent",
            "predicate",
            "rank",
            "trend_change",
            "trend_rank_move",
            "trend_new_regime",
            "trend_from",
        ],
        lang,
    );
    // Narrow enough to print at a readable size on one page's width.
    let widths = (0..names.len()).map(|c| match c {
        0 => 38.0,
        11 => 24.0,
        _ => 11.0,
    });
    let table = Table::new(0)
        .columns(names.into_iter().zip(widths))
        .freeze(1)
        .filter();
    table.head(sheet, f)?;
    let mut row = table.body_row();
    for s in &trend.series {
        for p in &s.points {
            let info = trend.years.iter().find(|y| y.year == p.year);
            sheet.write_string_with_format(row, 0, &s.name, &f.input)?;
            sheet.write_string_with_format(row, 1, s.id.as_deref().unwrap_or(""), &f.input)?;
            sheet.write_number_with_format(row, 2, f64::from(p.year), &f.integer)?;
            sheet.write_string_with_format(
                row,
                3,
                info.map_or("", |i| i.rubric.as_str()),
                &f.text,
            )?;
            sheet.write_number_with_format(row, 4, p.score, &f.number)?;
            sheet.write_number_with_format(row, 5, p.percent, &f.number)?;
            sheet.write_string_with_format(row, 6, &p.predicate, f.predicate(&p.predicate))?;
            sheet.write_number_with_format(row, 7, f64::from(p.rank), &f.integer)?;
            opt_number(sheet, row, 8, p.change, &f.signed)?;
            opt_number(
                sheet,
                row,
                9,
                p.rank_change.map(|v| v as f64),
                &f.signed_integer,
            )?;
            let mark = if info.is_some_and(|i| i.new_regime) {
                BOUNDARY
            } else {
                ""
            };
            sheet.write_string_with_format(row, 10, mark, &f.text)?;
            sheet.write_string_with_format(row, 11, p.from.join(", "), &f.input)?;
            row += 1;
        }
    }
    table.finish(sheet, (row - table.body_row()) as usize, print)
}
