//! The `Tren OPD` sheet: one row per OPD, its score, predicate and rank each year, then its
//! changes and slope.

use super::{labels, opt_number, year_name, BOUNDARY};
use crate::history::trend::Trend;
use crate::report::labels::label;
use crate::report::page::Print;
use crate::report::style::Formats;
use crate::report::table::Table;
use crate::report::ReportError;
use rust_xlsxwriter::Worksheet;

/// One row per OPD: score, predicate and rank each year, then its changes and slope.
pub(super) fn series_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_series", lang))?;
    let top = 3;
    let mut names = labels(&["opd", "trend_id"], lang);
    for info in &trend.years {
        let y = year_name(info);
        names.push(format!("{} {y}", label("score", lang)));
        names.push(format!("{} {y}", label("predicate", lang)));
        names.push(format!("{} {y}", label("rank", lang)));
    }
    names.extend(labels(
        &[
            "trend_change_last",
            "trend_change_span",
            "trend_rank_move_span",
            "trend_slope",
            "trend_transitions",
        ],
        lang,
    ));
    let last_col = names.len() - 1;
    let widths = names.iter().enumerate().map(|(c, _)| match c {
        0 => 40.0,
        1 => 12.0,
        c if c == last_col => 36.0,
        _ => 11.0,
    });
    let table = Table::new(top)
        .columns(names.iter().cloned().zip(widths))
        .freeze(1)
        .filter();
    table.title(
        sheet,
        label("trend_title_series", lang),
        label("trend_boundary_note", lang),
        f,
    )?;
    table.head(sheet, f)?;
    let last_year = trend.years.last().map(|y| y.year);
    for (i, s) in trend.series.iter().enumerate() {
        let row = top + 1 + i as u32;
        sheet.write_string_with_format(row, 0, &s.name, &f.input)?;
        sheet.write_string_with_format(row, 1, s.id.as_deref().unwrap_or(""), &f.input)?;
        for (k, info) in trend.years.iter().enumerate() {
            let col = 2 + 3 * k as u16;
            match s.at(info.year) {
                Some(p) => {
                    sheet.write_number_with_format(row, col, p.score, &f.number)?;
                    sheet.write_string_with_format(
                        row,
                        col + 1,
                        &p.predicate,
                        f.predicate(&p.predicate),
                    )?;
                    sheet.write_number_with_format(row, col + 2, f64::from(p.rank), &f.integer)?;
                }
                None => {
                    for c in col..col + 3 {
                        sheet.write_blank(row, c, &f.text)?;
                    }
                }
            }
        }
        let col = 2 + 3 * trend.years.len() as u16;
        let last_change = last_year.and_then(|y| s.at(y)).and_then(|p| p.change);
        opt_number(sheet, row, col, last_change, &f.signed)?;
        opt_number(sheet, row, col + 1, s.span_change, &f.signed)?;
        opt_number(
            sheet,
            row,
            col + 2,
            s.span_rank_change.map(|v| v as f64),
            &f.signed_integer,
        )?;
        opt_number(sheet, row, col + 3, s.slope, &f.signed)?;
        let transitions: Vec<String> = s
            .transitions
            .iter()
            .map(|t| {
                let mark = if t.across_regime {
                    format!(" {BOUNDARY}")
                } else {
                    String::new()
                };
                format!("{}: {} → {}{mark}", t.year, t.from, t.to)
            })
            .collect();
        sheet.write_string_with_format(row, col + 4, transitions.join("; "), &f.text)?;
    }
    table.finish(sheet, trend.series.len(), print)
}
