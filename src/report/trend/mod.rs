//! The planners' trend workbook (`sakip trend`): the city over the years, each OPD's series, the
//! biggest movers, the comparison across a regime change, and charts. The first year of a new
//! regime is marked with ◆ in every table and chart.

mod charts;
mod city;
mod detail;
mod indices;
mod metadata;
mod movers;
mod regime;
mod series;

use super::labels::label;
use super::page::Print;
use super::style::Formats;
use super::ReportError;
use crate::history::trend::{Trend, YearInfo};
use crate::lang::Lang;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Worksheet};

/// The mark of the first year of a new regime.
pub const BOUNDARY: &str = "◆";

/// A year as a column or category name: `2022`, or `2022 ◆` at a regime change.
pub fn year_name(info: &YearInfo) -> String {
    if info.new_regime {
        format!("{} {BOUNDARY}", info.year)
    } else {
        info.year.to_string()
    }
}

/// The trend workbook as an [`Output`](super::output::Output): `trend.xlsx`.
pub struct TrendWorkbook<'a> {
    /// The figures.
    pub trend: &'a Trend,
    /// How its pages print.
    pub print: &'a Print,
    /// The run's time, Unix seconds.
    pub run_time_unix: i64,
}

impl super::output::Output for TrendWorkbook<'_> {
    fn file_name(&self) -> String {
        "trend.xlsx".to_string()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        trend_workbook(self.trend, self.print, self.run_time_unix)
    }
}

/// Builds the trend workbook in memory.
///
/// # Errors
/// [`ReportError::Xlsx`] when the content passes an Excel limit.
pub fn trend_workbook(
    trend: &Trend,
    print: &Print,
    run_time_unix: i64,
) -> Result<Vec<u8>, ReportError> {
    let lang = print.lang;
    let f = Formats::with_bands(trend.years.iter().rev().flat_map(|y| {
        y.bands
            .iter()
            .map(|b| (b.grade.as_str(), b.color.as_str(), b.font_color.as_str()))
    }));
    let mut workbook = super::new_workbook();
    let created = ExcelDateTime::from_timestamp(run_time_unix)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(label("trend_title", lang))
            .set_author("sakip")
            .set_creation_datetime(&created)
            .set_custom_property(crate::ingest::OUTPUT_PROPERTY, "trend"),
    );
    city::city_sheet(workbook.add_worksheet(), trend, print, &f)?;
    series::series_sheet(workbook.add_worksheet(), trend, print, &f)?;
    detail::detail_sheet(workbook.add_worksheet(), trend, print, &f)?;
    movers::movers_sheet(workbook.add_worksheet(), trend, print, &f)?;
    if !trend.regime_changes.is_empty() {
        regime::regime_sheet(workbook.add_worksheet(), trend, print, &f)?;
    }
    if !trend.indices.is_empty() {
        indices::indices_sheet(workbook.add_worksheet(), trend, print, &f)?;
    }
    charts::charts_sheet(workbook.add_worksheet(), trend, print, &f)?;
    metadata::metadata_sheet(workbook.add_worksheet(), trend, print, &f, &created)?;
    Ok(workbook.save_to_buffer()?)
}

/// The labels of `keys`.
fn labels(keys: &[&str], lang: Lang) -> Vec<String> {
    keys.iter().map(|k| label(k, lang).to_string()).collect()
}

/// A number, or a blank cell in `format` where there is none.
fn opt_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    format: &Format,
) -> Result<(), ReportError> {
    match value {
        Some(v) => sheet.write_number_with_format(row, col, v, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}
