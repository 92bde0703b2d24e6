//! The `Pergantian Regulasi LKE` sheet: the final score and the shared components before and
//! after each change of the LKE's regulation.

use super::{opt_number, BOUNDARY};
use crate::history::trend::Trend;
use crate::report::labels::label;
use crate::report::page::{Orientation, Print};
use crate::report::style::{title_block, Formats};
use crate::report::table::header;
use crate::report::ReportError;
use rust_xlsxwriter::Worksheet;

/// The width of the OPD column and of the figures' columns.
const WIDTHS: (f64, f64) = (40.0, 13.0);

/// The final score and the shared components, before and after each regime change.
pub(super) fn regime_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_regime", lang))?;
    print.sheet(sheet, Orientation::Landscape)?;
    title_block(
        sheet,
        label("trend_title_regime", lang),
        label("trend_regime_note", lang),
        f,
    )?;
    let mut row = 3u32;
    for change in &trend.regime_changes {
        sheet.write_string_with_format(
            row,
            0,
            format!(
                "{BOUNDARY} {} ({}) → {} ({})",
                change.before_year, change.before_regime, change.after_year, change.after_regime
            ),
            &f.stat_label,
        )?;
        row += 1;
        let mut names = vec![label("opd", lang).to_string()];
        for c in &change.city {
            let name = if c.name_before == c.name_after {
                c.name_after.get(lang).to_string()
            } else {
                format!("{} / {}", c.name_before.get(lang), c.name_after.get(lang))
            };
            names.push(format!("{name} {} %", change.before_year));
            names.push(format!("{name} {} %", change.after_year));
            names.push(format!("{name} {}", label("trend_change", lang)));
        }
        let columns: Vec<(String, f64)> = names
            .into_iter()
            .enumerate()
            .map(|(c, n)| (n, if c == 0 { WIDTHS.0 } else { WIDTHS.1 }))
            .collect();
        header(sheet, row, &columns, f)?;
        let rows = std::iter::once((label("trend_city_mean", lang).to_string(), &change.city))
            .chain(change.opds.iter().map(|o| (o.name.clone(), &o.figures)));
        for (i, (name, figures)) in rows.enumerate() {
            let r = row + 1 + i as u32;
            let format = if i == 0 { &f.stat_label } else { &f.input };
            sheet.write_string_with_format(r, 0, name, format)?;
            for (k, c) in figures.iter().enumerate() {
                let col = 1 + 3 * k as u16;
                opt_number(sheet, r, col, c.before, &f.number)?;
                opt_number(sheet, r, col + 1, c.after, &f.number)?;
                let delta = c
                    .before
                    .zip(c.after)
                    .map(|(b, a)| ((a - b) * 100.0).round() / 100.0);
                opt_number(sheet, r, col + 2, delta, &f.signed)?;
            }
        }
        row += 3 + change.opds.len() as u32;
    }
    sheet.set_column_width(0, WIDTHS.0)?;
    for c in 1..40 {
        sheet.set_column_width(c, WIDTHS.1)?;
    }
    Ok(())
}
