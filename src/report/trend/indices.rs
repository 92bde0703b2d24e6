//! The `Indeks` sheet (when the history holds indices): the alignment, collaboration and
//! composite indices of the city each year, then of each OPD each year.

use super::{opt_number, year_name};
use crate::history::trend::Trend;
use crate::report::labels::label;
use crate::report::page::Print;
use crate::report::style::{text_width, title_block, Formats};
use crate::report::table::{header, Table};
use crate::report::ReportError;
use rust_xlsxwriter::Worksheet;

/// The statistics shown per index and year: label key, and the figure.
const STATS: [&str; 5] = [
    "meta_opds",
    "stat_mean",
    "stat_median",
    "stat_min",
    "stat_max",
];
/// The width of the figures' columns.
const FIGURE_WIDTH: f64 = 11.0;

/// The city's indices each year, then each OPD's.
pub(super) fn indices_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_indices", lang))?;
    title_block(
        sheet,
        label("trend_title_indices", lang),
        label("trend_indices_note", lang),
        f,
    )?;
    sheet.write_string_with_format(3, 0, label("trend_indices_city", lang), &f.stat_label)?;

    // The city: a group of columns per index, under its name.
    let group_row = 4;
    // The first column holds the years, then the OPDs' names.
    let first_width = text_width(trend.series.iter().map(|s| s.name.chars().count()), 12.0);
    let mut columns = vec![(label("year", lang).to_string(), first_width)];
    for (k, index) in trend.indices.iter().enumerate() {
        let first = 1 + (k * STATS.len()) as u16;
        sheet.merge_range(
            group_row,
            first,
            group_row,
            first + STATS.len() as u16 - 1,
            index.name.get(lang),
            &f.header,
        )?;
        columns.extend(
            STATS
                .iter()
                .map(|s| (label(s, lang).to_string(), FIGURE_WIDTH)),
        );
    }
    sheet.write_blank(group_row, 0, &f.header)?;
    let table = Table::new(group_row + 1).columns(columns).freeze(1);
    table.head(sheet, f)?;
    for (i, (info, city)) in trend.years.iter().zip(&trend.city).enumerate() {
        let row = table.body_row() + i as u32;
        sheet.write_string_with_format(row, 0, year_name(info), &f.integer)?;
        for (k, index) in trend.indices.iter().enumerate() {
            let col = 1 + (k * STATS.len()) as u16;
            let stat = city.indices.iter().find(|c| c.key == index.key);
            let opds = stat.map(|s| s.opds as f64);
            opt_number(sheet, row, col, opds, &f.integer)?;
            for (j, value) in [
                stat.map(|s| s.mean),
                stat.map(|s| s.median),
                stat.map(|s| s.min),
                stat.map(|s| s.max),
            ]
            .into_iter()
            .enumerate()
            {
                opt_number(sheet, row, col + 1 + j as u16, value, &f.number)?;
            }
        }
    }
    table.finish(sheet, trend.years.len(), print)?;

    // Each OPD: a group of year columns per index.
    let mut row = table.body_row() + trend.years.len() as u32 + 1;
    sheet.write_string_with_format(row, 0, label("trend_indices_opds", lang), &f.stat_label)?;
    row += 1;
    let years = trend.years.len();
    let mut columns = vec![(label("opd", lang).to_string(), first_width)];
    for (k, index) in trend.indices.iter().enumerate() {
        let first = 1 + (k * years) as u16;
        let last = first + years as u16 - 1;
        if years > 1 {
            sheet.merge_range(row, first, row, last, index.name.get(lang), &f.header)?;
        } else {
            sheet.write_string_with_format(row, first, index.name.get(lang), &f.header)?;
        }
        columns.extend(trend.years.iter().map(|y| (year_name(y), FIGURE_WIDTH)));
    }
    sheet.write_blank(row, 0, &f.header)?;
    header(sheet, row + 1, &columns, f)?;
    for (i, s) in trend.series.iter().enumerate() {
        let r = row + 2 + i as u32;
        sheet.write_string_with_format(r, 0, &s.name, &f.input)?;
        for (k, index) in trend.indices.iter().enumerate() {
            for (y, info) in trend.years.iter().enumerate() {
                let col = 1 + (k * years + y) as u16;
                let value = s
                    .at(info.year)
                    .and_then(|p| p.indices.get(&index.key).copied());
                opt_number(sheet, r, col, value, &f.number)?;
            }
        }
    }
    Ok(())
}
