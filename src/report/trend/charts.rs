//! The `Grafik` sheet: the city mean and median over the years, the biggest movers' series,
//! and the city's indices when the history holds them.

use super::year_name;
use crate::history::trend::{Mover, Trend};
use crate::report::labels::label;
use crate::report::page::{Orientation, Print};
use crate::report::style::Formats;
use crate::report::ReportError;
use rust_xlsxwriter::{Chart, ChartMarkerType, Worksheet};

/// The chart data's first column, to the right of the charts.
const DATA_COL: u16 = 12;

/// Writes a block of chart data from row `top` (the years down its first column, a column per
/// series under its name) and returns a line chart of it, a marker on every point; a series
/// has a value per year, or none where it has no point.
fn data_block(
    sheet: &mut Worksheet,
    sheet_name: &str,
    top: u32,
    trend: &Trend,
    series: &[(String, Vec<Option<f64>>)],
    f: &Formats,
    lang: crate::lang::Lang,
) -> Result<Chart, ReportError> {
    let n = trend.years.len() as u32;
    sheet.write_string_with_format(top, DATA_COL, label("year", lang), &f.header)?;
    for (i, info) in trend.years.iter().enumerate() {
        sheet.write_string(top + 1 + i as u32, DATA_COL, year_name(info))?;
    }
    let mut chart = Chart::new_line();
    for (k, (name, values)) in series.iter().enumerate() {
        let col = DATA_COL + 1 + k as u16;
        sheet.write_string_with_format(top, col, name, &f.header)?;
        for (i, value) in values.iter().enumerate() {
            if let Some(v) = value {
                sheet.write_number_with_format(top + 1 + i as u32, col, *v, &f.number)?;
            }
        }
        chart
            .add_series()
            .set_name((sheet_name, top, col))
            .set_categories((sheet_name, top + 1, DATA_COL, top + n, DATA_COL))
            .set_values((sheet_name, top + 1, col, top + n, col))
            .set_marker(rust_xlsxwriter::ChartMarker::new().set_type(ChartMarkerType::Circle));
    }
    Ok(chart)
}

/// The city mean and median over the years, the biggest movers' series, and the city's mean
/// of each index the history holds.
pub(super) fn charts_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    let name = label("trend_sheet_charts", lang).to_string();
    sheet.set_name(&name)?;
    print.sheet(sheet, Orientation::Landscape)?;
    let n = trend.years.len() as u32;
    let boundary = trend.years.iter().any(|y| y.new_regime);
    let city_series = [
        (
            label("stat_mean", lang).to_string(),
            trend.city.iter().map(|c| Some(c.mean)).collect(),
        ),
        (
            label("stat_median", lang).to_string(),
            trend.city.iter().map(|c| Some(c.median)).collect(),
        ),
    ];
    let mut city = data_block(sheet, &name, 0, trend, &city_series, f, lang)?;
    city.title().set_name(label("trend_chart_city", lang));
    if boundary {
        city.x_axis().set_name(label("trend_boundary_note", lang));
    }
    city.y_axis().set_name(label("trend_percent", lang));
    city.set_width(720).set_height(340);
    sheet.insert_chart(0, 0, &city)?;

    // The biggest movers over the whole span: three up, three down.
    let movers: Vec<&Mover> = trend
        .movers_span
        .improved
        .iter()
        .take(3)
        .chain(trend.movers_span.declined.iter().take(3))
        .collect();
    if !movers.is_empty() {
        let series: Vec<(String, Vec<Option<f64>>)> = movers
            .iter()
            .map(|m| {
                let s = trend.series.iter().find(|s| s.name == m.name);
                let values = trend
                    .years
                    .iter()
                    .map(|info| s.and_then(|s| s.at(info.year)).map(|p| p.percent))
                    .collect();
                (m.name.clone(), values)
            })
            .collect();
        let mut chart = data_block(sheet, &name, n + 3, trend, &series, f, lang)?;
        chart.title().set_name(label("trend_chart_movers", lang));
        if boundary {
            chart.x_axis().set_name(label("trend_boundary_note", lang));
        }
        chart.y_axis().set_name(label("trend_percent", lang));
        chart.set_width(720).set_height(380);
        sheet.insert_chart(19, 0, &chart)?;
    }
    // The city mean of each index the history holds.
    if !trend.indices.is_empty() {
        let series: Vec<(String, Vec<Option<f64>>)> = trend
            .indices
            .iter()
            .map(|index| {
                let values = trend
                    .city
                    .iter()
                    .map(|c| {
                        c.indices
                            .iter()
                            .find(|x| x.key == index.key)
                            .map(|x| x.mean)
                    })
                    .collect();
                (index.name.get(lang).to_string(), values)
            })
            .collect();
        let mut chart = data_block(sheet, &name, 2 * n + 6, trend, &series, f, lang)?;
        chart.title().set_name(label("trend_chart_indices", lang));
        chart.y_axis().set_min(0).set_max(100);
        chart.set_width(720).set_height(340);
        sheet.insert_chart(40, 0, &chart)?;
    }
    sheet.set_column_width(DATA_COL, 12)?;
    for c in DATA_COL + 1..DATA_COL + 7 {
        sheet.set_column_width(c, 18)?;
    }
    Ok(())
}
