//! The city's LHE: the OPDs evaluated and the city's mean, the predicate distribution (a chart
//! and a table), the ranking, the criteria weakest across the city, and the collaboration
//! findings when program data was given.

use super::chart;
use super::{
    basis, body_row, bold, centered, decimal, graded_row, header_row, heading, letterhead, pack,
    page, picture, signature, table, text,
};
use crate::calendar::iso_time;
use crate::report::labels::label;
use crate::report::per_opd::Context;
use crate::report::ReportError;
use crate::settings::Settings;
use docx_rs::Docx;

/// The city's LHE as an [`Output`](crate::report::output::Output): `lhe-kota.docx`.
pub struct CityLhe<'a> {
    /// What it is made from.
    pub facts: &'a Context<'a>,
    /// The letterhead and signatory.
    pub settings: &'a Settings,
}

/// The city's LHE's file name, beside the feedback workbook.
pub const CITY_LHE_FILE: &str = "lhe-kota.docx";

impl crate::report::output::Output for CityLhe<'_> {
    fn file_name(&self) -> String {
        CITY_LHE_FILE.to_string()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        city_lhe(self.facts, self.settings)
    }
}

/// How many of the city's weakest criteria the city's LHE lists.
const WEAKEST: usize = 10;

/// How wide the predicate chart is shown, in centimetres.
const CHART_WIDTH_CM: f64 = 16.0;

/// The city's LHE (`lhe-kota.docx`): the OPDs evaluated, the city's mean, the predicate
/// distribution with a bar per predicate, the ranking, the criteria weakest across the city
/// (the lowest mean value), and the collaboration findings when program data was given.
///
/// # Errors
/// [`ReportError`] when a frame lacks a column or the document cannot be packed.
pub fn city_lhe(ctx: &Context, settings: &Settings) -> Result<Vec<u8>, ReportError> {
    let input = ctx.input;
    let (lang, rubric, year) = (input.lang, input.rubric, input.year);
    let t = |key: &str| label(key, lang).to_string();
    let mut doc = page(Docx::new(), input.paper).created_at(&iso_time(input.run_time_unix));
    doc = letterhead(doc, settings);
    let whom = settings
        .government
        .name
        .clone()
        .unwrap_or_else(|| t("lhe_city_default"));
    for line in [
        t("lhe_title"),
        format!("{} {}", t("lhe_city_units"), whom.to_uppercase()),
        format!("{} {year}", t("year_upper")),
    ] {
        doc = doc.add_paragraph(centered(&line, true, 24));
    }
    doc = basis(doc, rubric, lang);
    // The city in numbers.
    doc = doc.add_paragraph(heading(&t("lhe_results")));
    let n = ctx.opds.len();
    let mean = ctx.scores.iter().sum::<f64>() / n.max(1) as f64;
    doc = doc.add_paragraph(text(&format!(
        "{} {n}. {} {}.",
        t("lhe_city_count"),
        t("lhe_city_mean"),
        decimal(mean, lang)
    )));
    // The predicate distribution: a chart, then the table.
    let counts: Vec<usize> = rubric
        .bands
        .iter()
        .map(|band| ctx.predicates.iter().filter(|p| **p == band.grade).count())
        .collect();
    let bars: Vec<chart::Bar> = rubric
        .bands
        .iter()
        .zip(&counts)
        .map(|(band, &count)| chart::Bar {
            grade: &band.grade,
            count,
            color: &band.color,
        })
        .collect();
    doc = doc.add_paragraph(bold(&t("lhe_distribution")));
    let png = chart::predicate_chart(&bars, &t("lhe_opd_count"))?;
    doc = doc.add_paragraph(picture(png, chart::SIZE, CHART_WIDTH_CM));
    let mut rows = vec![header_row(&[
        t("predicate"),
        t("lhe_meaning"),
        t("lhe_opd_count"),
        t("lhe_share"),
    ])];
    for (band, &count) in rubric.bands.iter().zip(&counts) {
        let share = count as f64 / n.max(1) as f64 * 100.0;
        let cells = [
            band.grade.clone(),
            band.label.get(lang).to_string(),
            count.to_string(),
            format!("{} %", decimal(share, lang)),
        ];
        rows.push(graded_row(&cells, Some(band)));
    }
    let grid = vec![1400, 4154, 1900, 1900];
    doc = doc.add_table(table(rows, grid));
    // The ranking.
    doc = doc.add_paragraph(heading(&t("lhe_ranking")));
    let mut rows = vec![header_row(&[
        t("predicate"),
        t("rank"),
        t("opd"),
        t("score"),
    ])];
    for k in 0..n {
        let band = rubric.bands.iter().find(|b| b.grade == ctx.predicates[k]);
        let cells = [
            ctx.predicates[k].clone(),
            ctx.ranks[k].to_string(),
            ctx.opds[k].clone(),
            decimal(ctx.scores[k], lang),
        ];
        rows.push(graded_row(&cells, band));
    }
    let grid = vec![1100, 1100, 5654, 1500];
    doc = doc.add_table(table(rows, grid));
    // The criteria weakest across the city.
    doc = doc.add_paragraph(heading(&t("lhe_weakest")));
    let mut rows = vec![header_row(&[
        t("criterion"),
        t("lhe_mean_value"),
        t("lhe_below_half"),
    ])];
    for (code, text_of, mean, below) in weakest_criteria(ctx, WEAKEST) {
        rows.push(body_row(&[
            format!("{code} {text_of}"),
            format!("{} %", decimal(mean * 100.0, lang)),
            format!("{below} / {n}"),
        ]));
    }
    let grid = vec![6354, 1500, 1500];
    doc = doc.add_table(table(rows, grid));
    // Collaboration, when program data was given.
    if let Some(programs) = input.programs {
        doc = doc.add_paragraph(heading(&t("lhe_collaboration")));
        let density = programs.density.map_or_else(
            || "-".to_string(),
            |d| format!("{} %", decimal(d * 100.0, lang)),
        );
        doc = doc.add_paragraph(text(&format!("{}: {density}.", t("density"))));
        let silos = match programs.silos.is_empty() {
            true => t("no_silos"),
            false => programs.silos.join(", "),
        };
        doc = doc.add_paragraph(text(&format!("{}: {silos}.", t("silos"))));
    }
    doc = signature(doc, settings);
    pack(doc, "lhe-kota")
}

/// The `count` criteria of the lowest mean value across the city's OPDs, lowest first (ties
/// in the rubric's order): code, text, mean value (0-1), and how many OPDs hold it at half its
/// best value or under.
fn weakest_criteria(ctx: &Context, count: usize) -> Vec<(String, String, f64, usize)> {
    let lang = ctx.input.lang;
    let mut sums: std::collections::HashMap<&str, (f64, usize, usize)> = Default::default();
    for (r, code) in ctx.columns.codes.iter().enumerate() {
        let value = ctx.columns.values[r];
        let entry = sums.entry(code.as_str()).or_default();
        entry.0 += value;
        entry.1 += 1;
        entry.2 += usize::from(value <= 0.5);
    }
    let mut out: Vec<(String, String, f64, usize)> = ctx
        .input
        .rubric
        .criteria()
        .filter_map(|(_, _, k)| {
            let &(sum, n, below) = sums.get(k.code.as_str())?;
            let text = k.text.get(lang).trim_end_matches('.').to_string();
            Some((k.code.clone(), text, sum / n.max(1) as f64, below))
        })
        .collect();
    // Stable: the rubric's order among equal means.
    out.sort_by(|a, b| a.2.total_cmp(&b.2));
    out.truncate(count);
    out
}
