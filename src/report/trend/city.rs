//! The `Kota` sheet: the city each year, the predicates' shares and the rank correlations.

use super::{labels, opt_number, year_name};
use crate::history::trend::Trend;
use crate::report::labels::label;
use crate::report::page::Print;
use crate::report::style::{title_block, Formats};
use crate::report::table::{header, Table};
use crate::report::ReportError;
use rust_xlsxwriter::{Format, Worksheet};

/// The city each year, the predicates' shares and the rank correlations.
pub(super) fn city_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_city", lang))?;
    title_block(
        sheet,
        label("trend_title", lang),
        label("trend_percent_note", lang),
        f,
    )?;
    sheet.write_string_with_format(2, 0, label("trend_boundary_note", lang), &f.subtitle)?;
    let widths = [
        12.0, 14.0, 22.0, 16.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0,
    ];
    let names = labels(
        &[
            "year",
            "meta_rubric",
            "meta_regime",
            "trend_source",
            "meta_opds",
            "stat_mean",
            "stat_median",
            "stat_std",
            "stat_min",
            "stat_max",
            "trend_spearman",
        ],
        lang,
    );
    let table = Table::new(4)
        .columns(names.into_iter().zip(widths))
        .freeze(1);
    table.head(sheet, f)?;
    let top = table.body_row();
    for (i, (info, city)) in trend.years.iter().zip(&trend.city).enumerate() {
        let row = top + i as u32;
        sheet.write_string_with_format(row, 0, year_name(info), &f.integer)?;
        sheet.write_string_with_format(row, 1, &info.rubric, &f.text)?;
        sheet.write_string_with_format(row, 2, &info.regime, &f.text)?;
        let source = match info.source {
            crate::history::Source::Score => label("trend_source_score", lang),
            crate::history::Source::Import => label("trend_source_import", lang),
        };
        sheet.write_string_with_format(row, 3, source, &f.text)?;
        sheet.write_number_with_format(row, 4, city.opds as f64, &f.integer)?;
        for (c, v) in [
            (5u16, Some(city.mean)),
            (6, Some(city.median)),
            (7, city.std_dev),
            (8, Some(city.min)),
            (9, Some(city.max)),
        ] {
            opt_number(sheet, row, c, v, &f.number)?;
        }
        let rho = i
            .checked_sub(1)
            .and_then(|k| trend.spearman.get(k))
            .and_then(|c| c.rho);
        opt_number(sheet, row, 10, rho, &f.number)?;
    }
    table.finish(sheet, trend.years.len(), print)?;

    // The predicates' shares, under the table.
    let mut row = top + 1 + trend.years.len() as u32;
    sheet.write_string_with_format(row, 0, label("trend_predicate_shares", lang), &f.stat_label)?;
    row += 1;
    let mut grades: Vec<String> = Vec::new();
    for y in &trend.years {
        for b in &y.bands {
            if !grades.contains(&b.grade) {
                grades.push(b.grade.clone());
            }
        }
    }
    header(
        sheet,
        row,
        &[(label("year", lang).to_string(), widths[0])],
        f,
    )?;
    for (c, g) in grades.iter().enumerate() {
        sheet.write_string_with_format(row, 1 + c as u16, g, f.predicate(g))?;
    }
    let share = Format::new()
        .set_num_format("0.0%")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    for (i, (info, city)) in trend.years.iter().zip(&trend.city).enumerate() {
        let r = row + 1 + i as u32;
        sheet.write_string_with_format(r, 0, year_name(info), &f.integer)?;
        for (c, g) in grades.iter().enumerate() {
            let value = city.predicates.iter().find(|p| &p.0 == g).map(|p| p.2);
            opt_number(sheet, r, 1 + c as u16, value, &share)?;
        }
    }
    Ok(())
}
