//! The `Grafik` sheet: the city mean and median over the years, the biggest movers' series,
//! and the city's indices when the history holds them.

use super::year_name;
use crate::history::trend::{Mover, Trend};
use crate::report::labels::label;
use crate::report::page::{Orientation, Print};
use crate::report::style::Formats;
use crate::report::ReportError;
use rust_xlsxwriter::{Chart, ChartMarkerType, Worksheet};

/// The city mean and median over the years, and the biggest movers' series.
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
    // The charts' data, to the right of the charts.
    let data_col: u16 = 12;
    sheet.write_string_with_format(0, data_col, label("year", lang), &f.header)?;
    sheet.write_string_with_format(0, data_col + 1, label("stat_mean", lang), &f.header)?;
    sheet.write_string_with_format(0, data_col + 2, label("stat_median", lang), &f.header)?;
    for (i, (info, city)) in trend.years.iter().zip(&trend.city).enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, data_col, year_name(info))?;
        sheet.write_number_with_format(r, data_col + 1, city.mean, &f.number)?;
        sheet.write_number_with_format(r, data_col + 2, city.median, &f.number)?;
    }
    let n = trend.years.len() as u32;
    let mut city = Chart::new_line();
    for (col, key) in [(data_col + 1, "stat_mean"), (data_col + 2, "stat_median")] {
        city.add_series()
            .set_name(label(key, lang))
            .set_categories((name.as_str(), 1, data_col, n, data_col))
            .set_values((name.as_str(), 1, col, n, col))
            .set_marker(rust_xlsxwriter::ChartMarker::new().set_type(ChartMarkerType::Circle));
    }
    city.title().set_name(label("trend_chart_city", lang));
    let boundary = trend.years.iter().any(|y| y.new_regime);
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
        let top = n + 3;
        sheet.write_string_with_format(top, data_col, label("year", lang), &f.header)?;
        for (i, info) in trend.years.iter().enumerate() {
            sheet.write_string(top + 1 + i as u32, data_col, year_name(info))?;
        }
        let mut chart = Chart::new_line();
        for (k, m) in movers.iter().enumerate() {
            let col = data_col + 1 + k as u16;
            sheet.write_string_with_format(top, col, &m.name, &f.header)?;
            if let Some(s) = trend.series.iter().find(|s| s.name == m.name) {
                for (i, info) in trend.years.iter().enumerate() {
                    if let Some(p) = s.at(info.year) {
                        sheet.write_number_with_format(
                            top + 1 + i as u32,
                            col,
                            p.percent,
                            &f.number,
                        )?;
                    }
                }
            }
            chart
                .add_series()
                .set_name((name.as_str(), top, col))
                .set_categories((name.as_str(), top + 1, data_col, top + n, data_col))
                .set_values((name.as_str(), top + 1, col, top + n, col))
                .set_marker(rust_xlsxwriter::ChartMarker::new().set_type(ChartMarkerType::Circle));
        }
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
        let top = 2 * n + 6;
        sheet.write_string_with_format(top, data_col, label("year", lang), &f.header)?;
        for (i, info) in trend.years.iter().enumerate() {
            sheet.write_string(top + 1 + i as u32, data_col, year_name(info))?;
        }
        let mut chart = Chart::new_line();
        for (k, index) in trend.indices.iter().enumerate() {
            let col = data_col + 1 + k as u16;
            sheet.write_string_with_format(top, col, index.name.get(lang), &f.header)?;
            for (i, city) in trend.city.iter().enumerate() {
                if let Some(stat) = city.indices.iter().find(|c| c.key == index.key) {
                    sheet.write_number_with_format(
                        top + 1 + i as u32,
                        col,
                        stat.mean,
                        &f.number,
                    )?;
                }
            }
            chart
                .add_series()
                .set_name((name.as_str(), top, col))
                .set_categories((name.as_str(), top + 1, data_col, top + n, data_col))
                .set_values((name.as_str(), top + 1, col, top + n, col))
                .set_marker(rust_xlsxwriter::ChartMarker::new().set_type(ChartMarkerType::Circle));
        }
        chart.title().set_name(label("trend_chart_indices", lang));
        chart.y_axis().set_min(0).set_max(100);
        chart.set_width(720).set_height(340);
        sheet.insert_chart(40, 0, &chart)?;
    }
    sheet.set_column_width(data_col, 12)?;
    for c in data_col + 1..data_col + 7 {
        sheet.set_column_width(c, 18)?;
    }
    Ok(())
}
