//! The `Perubahan Terbesar` sheet: the biggest rises and falls over the last year and the span.

use super::BOUNDARY;
use crate::history::trend::{Mover, Movers, Trend};
use crate::lang::Lang;
use crate::report::labels::label;
use crate::report::page::{Orientation, Print};
use crate::report::style::{title_block, Formats};
use crate::report::table::header;
use crate::report::ReportError;
use rust_xlsxwriter::Worksheet;

/// The widths of the movers' columns: the OPD, then the two years and the change.
const WIDTHS: [f64; 4] = [40.0, 12.0, 12.0, 12.0];

/// One list of movers under `title` at `row`; the row after it.
fn movers_table(
    sheet: &mut Worksheet,
    row: u32,
    title: String,
    movers: &[Mover],
    lang: Lang,
    f: &Formats,
) -> Result<u32, ReportError> {
    sheet.write_string_with_format(row, 0, title, &f.stat_label)?;
    let names = vec![
        label("opd", lang).to_string(),
        movers.first().map_or_else(
            || label("trend_from_year", lang).to_string(),
            |m| m.from_year.to_string(),
        ),
        movers.first().map_or_else(
            || label("trend_to_year", lang).to_string(),
            |m| m.to_year.to_string(),
        ),
        label("trend_change", lang).to_string(),
    ];
    let columns: Vec<(String, f64)> = names.into_iter().zip(WIDTHS).collect();
    header(sheet, row + 1, &columns, f)?;
    for (i, m) in movers.iter().enumerate() {
        let r = row + 2 + i as u32;
        sheet.write_string_with_format(r, 0, &m.name, &f.input)?;
        sheet.write_number_with_format(r, 1, m.from_percent, &f.number)?;
        sheet.write_number_with_format(r, 2, m.to_percent, &f.number)?;
        sheet.write_number_with_format(r, 3, m.change, &f.signed)?;
    }
    if movers.is_empty() {
        sheet.write_string(row + 2, 0, label("trend_no_movers", lang))?;
        return Ok(row + 4);
    }
    Ok(row + 3 + movers.len() as u32)
}

/// The biggest movers, four lists stacked.
pub(super) fn movers_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_movers", lang))?;
    print.sheet(sheet, Orientation::Landscape)?;
    title_block(
        sheet,
        label("trend_title_movers", lang),
        label("trend_percent_note", lang),
        f,
    )?;
    let n = trend.years.len();
    let lists: [(&str, &Movers, usize); 2] = [
        (
            "trend_last_year",
            &trend.movers_last_year,
            n.saturating_sub(1),
        ),
        ("trend_span", &trend.movers_span, 1),
    ];
    let mut row = 3;
    for (key, movers, first_new) in lists {
        // A stretch that crosses a regime change is marked like the years themselves.
        let crosses = trend.years.iter().skip(first_new).any(|y| y.new_regime);
        let mark = if crosses {
            format!(" {BOUNDARY}")
        } else {
            String::new()
        };
        for (which, list) in [
            ("trend_improved", &movers.improved),
            ("trend_declined", &movers.declined),
        ] {
            let title = format!("{}: {}{mark}", label(which, lang), label(key, lang));
            row = movers_table(sheet, row, title, list, lang, f)?;
        }
    }
    for (c, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    Ok(())
}
