//! The `Ringkasan` sheet: the ranking, its statistics and the predicate legend.

use super::chart::score_chart;
use super::{FeedbackInput, MAX_CHART_OPDS};
use crate::frame::Checked;
use crate::lang::Lang;
use crate::report::labels::label;
use crate::report::style::{text_width, title_block, Formats, TABLE_HEADER_ROW};
use crate::report::table::Table;
use crate::report::ReportError;
use crate::rubric::Rubric;
use crate::score::indices::{ALIGNMENT, COLLABORATION};
use crate::score::{out, COMPOSITE};
use rust_xlsxwriter::Worksheet;

/// A column of the summary table.
pub(super) enum SummaryColumn {
    Rank,
    Opd,
    Number(String),
    Predicate,
}

/// The summary's columns (narrow enough, with the longest OPD name, to print at a readable
/// size across one page; their headers wrap): rank and OPD, then the AKIP score, predicate and components when
/// there were LKE answers, then the indices and the composite when the ranking holds them.
pub(super) fn summary_columns(input: &FeedbackInput) -> Vec<(String, SummaryColumn, f64)> {
    let lang = input.lang;
    let mut columns = vec![
        (label("rank", lang).to_string(), SummaryColumn::Rank, 8.0),
        (label("opd", lang).to_string(), SummaryColumn::Opd, 20.0),
    ];
    if input.akip.is_some() {
        columns.push((
            label("score", lang).to_string(),
            SummaryColumn::Number(out::SCORE.into()),
            10.0,
        ));
        columns.push((
            label("predicate", lang).to_string(),
            SummaryColumn::Predicate,
            10.0,
        ));
        for c in &input.rubric.components {
            let header = format!("{} ({})", c.name.get(lang), c.weight);
            columns.push((header, SummaryColumn::Number(c.code.clone()), 14.0));
        }
    }
    for (name, key) in [
        (ALIGNMENT, "alignment"),
        (COLLABORATION, "collaboration"),
        (COMPOSITE, "composite"),
    ] {
        if input.ranking.has(name) {
            columns.push((
                label(key, lang).to_string(),
                SummaryColumn::Number(name.into()),
                12.0,
            ));
        }
    }
    columns
}

pub(super) fn summary_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    let rubric = input.rubric;
    let ranking = input.ranking;
    sheet.set_name(label("sheet_summary", lang))?;
    // Whose evaluation, of which year: the government (from the settings) and the year.
    let mut subtitle = format!("{} ({})", rubric.title.get(lang), rubric.regime);
    if let Some(government) = input.government {
        subtitle = format!("{government}. {subtitle}");
    }
    if input.programs.is_some() {
        subtitle = format!("{subtitle}. {}", label("indices_note", lang));
    }
    let title = match lang {
        Lang::Id => format!("{} Tahun {}", label("title_summary", lang), input.year),
        Lang::En => format!("{}, {}", label("title_summary", lang), input.year),
    };
    title_block(sheet, &title, &subtitle, f)?;
    let row0 = TABLE_HEADER_ROW;
    let columns = summary_columns(input);
    let ranks = ranking.ranks();
    let opds = ranking.opds();
    let rows = |i: usize| row0 + 1 + i as u32;
    let table = Table::new(row0)
        .columns(columns.iter().map(|(header, kind, width)| {
            let width = match kind {
                SummaryColumn::Opd => text_width(opds.iter().map(|s| s.chars().count()), *width),
                _ => *width,
            };
            (header.clone(), width)
        }))
        .freeze(2)
        .filter();
    table.head(sheet, f)?;
    for (c, (_, kind, _)) in columns.iter().enumerate() {
        let c = c as u16;
        match kind {
            SummaryColumn::Rank => {
                for (i, rank) in ranks.iter().enumerate() {
                    match rank {
                        Some(r) => sheet.write_number_with_format(rows(i), c, *r, &f.integer)?,
                        None => sheet.write_blank(rows(i), c, &f.integer)?,
                    };
                }
            }
            SummaryColumn::Opd => {
                for (i, opd) in opds.iter().enumerate() {
                    sheet.write_string_with_format(rows(i), c, *opd, &f.input)?;
                }
            }
            SummaryColumn::Number(name) => {
                for (i, value) in ranking.numbers(name)?.into_iter().enumerate() {
                    match value {
                        Some(v) => sheet.write_number_with_format(rows(i), c, v, &f.number)?,
                        None => sheet.write_blank(rows(i), c, &f.number)?,
                    };
                }
            }
            SummaryColumn::Predicate => {
                for (i, p) in ranking.grades().into_iter().enumerate() {
                    sheet.write_string_with_format(rows(i), c, p, f.predicate(p))?;
                }
            }
        }
    }
    let last_col = (columns.len() - 1) as u16;
    if input.akip.is_some() {
        legend(sheet, rubric, lang, f, last_col + 2)?;
        let predicates = ranking.grades();
        let charted = predicates.iter().filter(|p| !p.is_empty()).count();
        if (1..=MAX_CHART_OPDS).contains(&charted) && charted == ranking.len() {
            let chart = score_chart(input, &predicates)?;
            let below_legend = row0 + rubric.bands.len() as u32 + 2;
            sheet.insert_chart(below_legend, last_col + 2, &chart)?;
        }
    }
    table.finish(sheet, ranking.len(), &input.print())?;
    // The ranking alone is printed: the legend and chart beside it would shrink it to an
    // unreadable size (the chart prints on Grafik, the colours' meaning on every LHE).
    let last_row = row0 + ranking.len().max(1) as u32;
    sheet.set_print_area(0, 0, last_row, last_col)?;
    Ok(())
}

/// The predicate bands beside the ranking, coloured as the predicate cells are.
pub(super) fn legend(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    lang: Lang,
    f: &Formats,
    col0: u16,
) -> Result<(), ReportError> {
    let row0 = TABLE_HEADER_ROW;
    sheet.write_string_with_format(row0 - 1, col0, label("legend", lang), &f.title)?;
    for (j, key) in ["predicate", "range", "meaning"].iter().enumerate() {
        sheet.write_string_with_format(row0, col0 + j as u16, label(key, lang), &f.header)?;
    }
    let gated = rubric.is_gated();
    for (i, band) in rubric.bands.iter().enumerate() {
        let row = row0 + 1 + i as u32;
        let lower = format!(
            "{}{}",
            if band.lower_inclusive { "≥ " } else { "> " },
            band.lower
        );
        // A gated predicate is its lower edge and its requirements (listed in the cell's
        // note); a band without any, below gated ones, is what is left.
        let range = match (gated, band.requires.len()) {
            (false, _) => format!(
                "{lower} – {}{}",
                if band.upper_inclusive { "≤ " } else { "< " },
                band.upper
            ),
            (true, 0) => label("legend_otherwise", lang).to_string(),
            (true, n) => label("legend_gated", lang)
                .replace("{lower}", &lower)
                .replace("{n}", &n.to_string()),
        };
        sheet.write_string_with_format(row, col0, &band.grade, f.predicate(&band.grade))?;
        sheet.write_string_with_format(row, col0 + 1, &range, &f.text)?;
        if !band.requires.is_empty() {
            let lines: Vec<String> = band.requires.iter().map(|r| r.describe(lang)).collect();
            let note = rust_xlsxwriter::Note::new(lines.join("\n")).set_width(360);
            sheet.insert_note(row, col0 + 1, &note)?;
        }
        sheet.write_string_with_format(row, col0 + 2, band.label.get(lang), &f.text)?;
    }
    sheet.set_column_width(col0, 10)?;
    sheet.set_column_width(col0 + 1, if gated { 24 } else { 16 })?;
    sheet.set_column_width(col0 + 2, 22)?;
    Ok(())
}
