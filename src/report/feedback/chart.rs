//! The ranking as charts: the bar chart on `Ringkasan` and the `Grafik` sheet with the band
//! lines.

use super::FeedbackInput;
use crate::report::labels::label;
use crate::report::style::TABLE_HEADER_ROW;
use crate::report::ReportError;
use rust_xlsxwriter::{Chart, ChartFormat, ChartPoint, ChartSolidFill, Workbook, Worksheet};

/// Every OPD's score as a bar in rank order, coloured by its predicate.
pub(super) fn score_chart(
    input: &FeedbackInput,
    predicates: &[&str],
) -> Result<Chart, ReportError> {
    let lang = input.lang;
    let name = label("sheet_summary", lang);
    let first = TABLE_HEADER_ROW + 1;
    let last = TABLE_HEADER_ROW + predicates.len() as u32;
    let points = predicate_points(input, predicates);
    let mut chart = Chart::new_bar();
    chart
        .add_series()
        .set_categories((name, first, 1, last, 1))
        .set_values((name, first, 2, last, 2))
        .set_points(&points)
        .set_gap(40);
    chart.title().set_name(label("score", lang));
    chart.legend().set_hidden();
    // In a bar chart the categories run up the y axis: reversed, rank 1 is on top.
    chart.y_axis().set_reverse();
    chart.x_axis().set_min(0).set_max(input.rubric.max_score);
    chart
        .set_width(720)
        .set_height(120 + 24 * predicates.len() as u32);
    Ok(chart)
}

/// Above this many OPDs the chart sheet is left out: bars would be thinner than a pixel.
pub(super) const MAX_CHART_SHEET_OPDS: usize = 5_000;

/// The band edges the chart sheet draws as lines: a hidden sheet of constant columns, one per
/// edge, one row per OPD.
pub(super) struct BandEdges {
    name: String,
    edges: Vec<(String, f64)>,
    rows: usize,
}

impl BandEdges {
    pub(super) fn write(
        &self,
        sheet: &mut Worksheet,
        input: &FeedbackInput,
    ) -> Result<(), ReportError> {
        sheet.set_name(&self.name)?;
        sheet.write_string(0, 0, label("chart_data_note", input.lang))?;
        for (j, (title, value)) in self.edges.iter().enumerate() {
            let c = 1 + j as u16;
            sheet.write_string(0, c, title)?;
            for r in 0..self.rows {
                sheet.write_number(1 + r as u32, c, *value)?;
            }
        }
        sheet.set_hidden(true);
        Ok(())
    }
}

/// The chart sheet: every OPD's score as a column in rank order, coloured by predicate, with
/// the band edges drawn as lines. Returns the edges' data sheet to write last.
pub(super) fn band_chart(
    workbook: &mut Workbook,
    input: &FeedbackInput,
) -> Result<Option<BandEdges>, ReportError> {
    if input.akip.is_none() {
        return Ok(None);
    }
    let lang = input.lang;
    let predicates = input.ranking.grades();
    let n = predicates.len();
    if n == 0 || n > MAX_CHART_SHEET_OPDS || predicates.iter().any(|p| p.is_empty()) {
        return Ok(None);
    }
    let summary = label("sheet_summary", lang);
    let data = label("sheet_chart_data", lang).to_string();
    let (first, last) = (TABLE_HEADER_ROW + 1, TABLE_HEADER_ROW + n as u32);
    let mut chart = Chart::new_column();
    chart
        .add_series()
        .set_name(label("score", lang))
        .set_categories((summary, first, 1, last, 1))
        .set_values((summary, first, 2, last, 2))
        .set_points(&predicate_points(input, &predicates))
        .set_gap(30);
    let bands: Vec<&crate::rubric::Band> = input
        .rubric
        .bands
        .iter()
        .filter(|b| b.lower > 0.0)
        .collect();
    let edges: Vec<(String, f64)> = bands
        .iter()
        .map(|b| {
            (
                format!(
                    "{} {}{}",
                    b.grade,
                    if b.lower_inclusive { "≥ " } else { "> " },
                    b.lower
                ),
                b.lower,
            )
        })
        .collect();
    let mut lines = Chart::new_line();
    // Each line is named by its title's cell on the data sheet, never by the text itself,
    // which the writer would read as a range if it looked like one.
    for (j, band) in bands.iter().enumerate() {
        let c = 1 + j as u16;
        // In its band's colour, dashed: the edge a bar of that colour stands above.
        let mut line = rust_xlsxwriter::ChartLine::new();
        line.set_color(band.color.as_str())
            .set_width(1.5)
            .set_dash_type(rust_xlsxwriter::ChartLineDashType::Dash);
        lines
            .add_series()
            .set_name((data.as_str(), 0, c))
            .set_values((data.as_str(), 1, c, n as u32, c))
            .set_format(ChartFormat::new().set_line(&line));
    }
    chart.combine(&lines);
    chart.title().set_name(label("chart_title", lang));
    chart.y_axis().set_min(0).set_max(input.rubric.max_score);
    let sheet = workbook.add_chartsheet();
    sheet.set_name(label("sheet_chart", lang))?;
    sheet.insert_chart(0, 0, &chart)?;
    input
        .print()
        .one_page(sheet, crate::report::page::Orientation::Landscape)?;
    Ok(Some(BandEdges {
        name: data,
        edges,
        rows: n,
    }))
}

/// Each bar's fill: its predicate's colour.
pub(super) fn predicate_points(input: &FeedbackInput, predicates: &[&str]) -> Vec<ChartPoint> {
    predicates
        .iter()
        .map(|p| {
            let color = input
                .rubric
                .bands
                .iter()
                .find(|b| b.grade == *p)
                .map_or("#808080", |b| b.color.as_str());
            ChartPoint::new().set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color)),
            )
        })
        .collect()
}
