//! The planners' trend workbook (`sakip trend`): the city over the years, each OPD's series, the
//! biggest movers, the comparison across a regime change, and charts. The first year of a new
//! regime is marked with ◆ in every table and chart.

use super::labels::label;
use super::page::{Orientation, Print};
use super::style::Formats;
use super::ReportError;
use crate::history::trend::{Mover, Movers, Trend, YearInfo};
use crate::lang::Lang;
use rust_xlsxwriter::{Chart, ChartMarkerType, DocProperties, ExcelDateTime, Format, Worksheet};

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
    city_sheet(workbook.add_worksheet(), trend, print, &f)?;
    series_sheet(workbook.add_worksheet(), trend, print, &f)?;
    detail_sheet(workbook.add_worksheet(), trend, print, &f)?;
    movers_sheet(workbook.add_worksheet(), trend, print, &f)?;
    if !trend.regime_changes.is_empty() {
        regime_sheet(workbook.add_worksheet(), trend, print, &f)?;
    }
    charts_sheet(workbook.add_worksheet(), trend, print, &f)?;
    metadata_sheet(workbook.add_worksheet(), trend, print, &f, &created)?;
    Ok(workbook.save_to_buffer()?)
}

fn headers(
    sheet: &mut Worksheet,
    row: u32,
    names: &[String],
    f: &Formats,
) -> Result<(), ReportError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, name, &f.header)?;
    }
    sheet.set_row_height(row, 30)?;
    Ok(())
}

fn labels(keys: &[&str], lang: Lang) -> Vec<String> {
    keys.iter().map(|k| label(k, lang).to_string()).collect()
}

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

/// The city each year, the predicates' shares and the rank correlations.
fn city_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_city", lang))?;
    print.sheet(sheet, Orientation::Landscape)?;
    sheet.write_string_with_format(0, 0, label("trend_title", lang), &f.title)?;
    sheet.write_string_with_format(1, 0, label("trend_percent_note", lang), &f.subtitle)?;
    sheet.write_string_with_format(2, 0, label("trend_boundary_note", lang), &f.subtitle)?;
    let top = 4;
    let mut names = labels(
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
    names[0] = label("year", lang).to_string();
    headers(sheet, top, &names, f)?;
    sheet.set_repeat_rows(0, top)?;
    for (i, (info, city)) in trend.years.iter().zip(&trend.city).enumerate() {
        let row = top + 1 + i as u32;
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
    let mut row = top + 2 + trend.years.len() as u32;
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
    sheet.write_string_with_format(row, 0, label("year", lang), &f.header)?;
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
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 22)?;
    sheet.set_column_width(3, 16)?;
    for c in 4..11 {
        sheet.set_column_width(c, 12)?;
    }
    sheet.set_freeze_panes(top + 1, 1)?;
    Ok(())
}

/// One row per OPD: score, predicate and rank each year, then its changes and slope.
fn series_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_series", lang))?;
    print.sheet(sheet, Orientation::Landscape)?;
    sheet.write_string_with_format(0, 0, label("trend_title_series", lang), &f.title)?;
    sheet.write_string_with_format(1, 0, label("trend_boundary_note", lang), &f.subtitle)?;
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
    headers(sheet, top, &names, f)?;
    sheet.set_repeat_rows(0, top)?;
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
    let last_col = names.len() as u16 - 1;
    sheet.autofilter(top, 0, top + trend.series.len().max(1) as u32, last_col)?;
    sheet.set_freeze_panes(top + 1, 1)?;
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 12)?;
    for c in 2..last_col {
        sheet.set_column_width(c, 11)?;
    }
    sheet.set_column_width(last_col, 36)?;
    Ok(())
}

/// One row per OPD and year, for filtering.
fn detail_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_detail", lang))?;
    print.sheet(sheet, Orientation::Landscape)?;
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
    headers(sheet, 0, &names, f)?;
    sheet.set_repeat_rows(0, 0)?;
    let mut row = 1u32;
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
    sheet.autofilter(0, 0, row.max(1) - 1, 11)?;
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(11, 40)?;
    for c in 1..11 {
        sheet.set_column_width(c, 11)?;
    }
    Ok(())
}

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
    headers(sheet, row + 1, &names, f)?;
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

fn movers_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_movers", lang))?;
    print.sheet(sheet, Orientation::Landscape)?;
    sheet.write_string_with_format(0, 0, label("trend_title_movers", lang), &f.title)?;
    sheet.write_string_with_format(1, 0, label("trend_percent_note", lang), &f.subtitle)?;
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
    sheet.set_column_width(0, 40)?;
    for c in 1..4 {
        sheet.set_column_width(c, 12)?;
    }
    Ok(())
}

/// The final score and the shared components, before and after each regime change.
fn regime_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("trend_sheet_regime", lang))?;
    print.sheet(sheet, Orientation::Landscape)?;
    sheet.write_string_with_format(0, 0, label("trend_title_regime", lang), &f.title)?;
    sheet.write_string_with_format(1, 0, label("trend_regime_note", lang), &f.subtitle)?;
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
        headers(sheet, row, &names, f)?;
        sheet.set_row_height(row, 48)?;
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
    sheet.set_column_width(0, 40)?;
    for c in 1..40 {
        sheet.set_column_width(c, 13)?;
    }
    Ok(())
}

/// The city mean and median over the years, and the biggest movers' series.
fn charts_sheet(
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
    sheet.set_column_width(data_col, 12)?;
    for c in data_col + 1..data_col + 7 {
        sheet.set_column_width(c, 18)?;
    }
    Ok(())
}

fn metadata_sheet(
    sheet: &mut Worksheet,
    trend: &Trend,
    print: &Print,
    f: &Formats,
    created: &ExcelDateTime,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("sheet_metadata", lang))?;
    print.sheet(sheet, Orientation::Landscape)?;
    sheet.write_string_with_format(0, 0, label("title_metadata", lang), &f.title)?;
    sheet.write_string_with_format(2, 0, label("meta_time", lang), &f.stat_label)?;
    sheet.write_datetime_with_format(2, 1, created, &f.datetime)?;
    sheet.write_string_with_format(3, 0, label("meta_engine", lang), &f.stat_label)?;
    sheet.write_string_with_format(3, 1, env!("CARGO_PKG_VERSION"), &f.text)?;
    let names = labels(
        &[
            "year",
            "meta_rubric",
            "meta_rubric_title",
            "meta_regime",
            "trend_source",
            "trend_file",
        ],
        lang,
    );
    headers(sheet, 5, &names, f)?;
    for (i, y) in trend.years.iter().enumerate() {
        let r = 6 + i as u32;
        sheet.write_string_with_format(r, 0, year_name(y), &f.integer)?;
        sheet.write_string_with_format(r, 1, &y.rubric, &f.text)?;
        sheet.write_string_with_format(r, 2, y.title.get(lang), &f.text)?;
        sheet.write_string_with_format(r, 3, &y.regime, &f.text)?;
        let source = match y.source {
            crate::history::Source::Score => label("trend_source_score", lang),
            crate::history::Source::Import => label("trend_source_import", lang),
        };
        sheet.write_string_with_format(r, 4, source, &f.text)?;
        sheet.write_string_with_format(r, 5, &y.file, &f.input)?;
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 16)?;
    sheet.set_column_width(2, 60)?;
    sheet.set_column_width(3, 22)?;
    sheet.set_column_width(4, 16)?;
    sheet.set_column_width(5, 50)?;
    Ok(())
}
