//! The `Rekomendasi` sheet: each OPD's first five steps on the shortest path to its next
//! predicate, in rank order.

use super::FeedbackInput;
use crate::frame::strings;
use crate::report::labels::label;
use crate::report::style::{text_width, title_block, Formats, TABLE_HEADER_ROW};
use crate::report::ReportError;
use crate::score::out;
use crate::score::path::Path;
use rust_xlsxwriter::Worksheet;

/// Steps shown per OPD.
const FIRST_STEPS: usize = 5;

/// Writes the recommendations sheet.
///
/// # Errors
/// [`ReportError`] when a frame lacks a column or Excel refuses the content.
pub fn recommendations_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    sheet.set_name(label("sheet_recommendations", lang))?;
    title_block(
        sheet,
        label("title_recommendations", lang),
        label("recommendations_note", lang),
        f,
    )?;
    let headers = [
        "opd",
        "predicate",
        "target",
        "steps_total",
        "step_no",
        "criterion",
        "from",
        "to",
        "points",
        "running",
        "evaluator_note",
    ];
    let row0 = TABLE_HEADER_ROW;
    for (c, key) in headers.iter().enumerate() {
        sheet.write_string_with_format(row0, c as u16, label(key, lang), &f.header)?;
    }
    let predicates: std::collections::HashMap<String, String> = match input.akip {
        Some(a) => strings(&a.ranking, "opd")?
            .into_iter()
            .zip(strings(&a.ranking, out::PREDICATE)?)
            .collect(),
        None => Default::default(),
    };
    let mut row = row0 + 1;
    for (opd, path) in input.next_steps {
        let now = predicates.get(opd).map_or("", String::as_str);
        sheet.write_string_with_format(row, 0, opd, &f.input)?;
        sheet.write_string_with_format(row, 1, now, f.predicate(now))?;
        match path {
            Path::Top => {
                sheet.write_string_with_format(row, 4, label("path_top", lang), &f.text)?;
                row += 1;
            }
            Path::Unreachable { target } => {
                sheet.write_string_with_format(row, 2, target, f.predicate(target))?;
                sheet.write_string_with_format(row, 4, label("path_unreachable", lang), &f.text)?;
                row += 1;
            }
            Path::Steps {
                target,
                steps,
                unmet,
            } => {
                sheet.write_string_with_format(row, 2, target, f.predicate(target))?;
                sheet.write_number_with_format(row, 3, steps.len() as f64, &f.integer)?;
                for (i, step) in steps.iter().take(FIRST_STEPS).enumerate() {
                    if i > 0 {
                        sheet.write_string_with_format(row, 0, opd, &f.input)?;
                    }
                    write_step(sheet, row, 4, i + 1, step, f)?;
                    row += 1;
                }
                // The gates between the OPD and the target, after its steps.
                for u in unmet {
                    sheet.write_string_with_format(row, 0, opd, &f.input)?;
                    sheet.write_string_with_format(row, 5, u.codes.join(" + "), &f.text)?;
                    let line = format!(
                        "{}: {}",
                        label("gates_unmet", lang),
                        unmet_line(input.rubric, u, lang)
                    );
                    sheet.write_string_with_format(row, 10, line, &f.text)?;
                    row += 1;
                }
            }
        }
    }
    sheet.set_row_height(row0, 32)?;
    sheet.set_freeze_panes(row0 + 1, 1)?;
    sheet.autofilter(row0, 0, row.max(row0 + 1) - 1, headers.len() as u16 - 1)?;
    sheet.set_column_width(
        0,
        text_width(
            input.next_steps.iter().map(|(o, _)| o.chars().count()),
            20.0,
        ),
    )?;
    for c in 1..10 {
        sheet.set_column_width(c, 11)?;
    }
    sheet.set_column_width(10, 50)?;
    input.print().table(sheet, row0)
}

/// One step from column `col`: its number, criterion, from, to, points, running score, note.
///
/// # Errors
/// [`ReportError`] when Excel refuses the content.
pub(crate) fn write_step(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    number: usize,
    step: &crate::score::path::Step,
    f: &Formats,
) -> Result<(), ReportError> {
    sheet.write_number_with_format(row, col, number as f64, &f.integer)?;
    sheet.write_string_with_format(row, col + 1, &step.code, &f.text)?;
    sheet.write_string_with_format(row, col + 2, &step.from, &f.text)?;
    sheet.write_string_with_format(row, col + 3, &step.to, &f.text)?;
    sheet.write_number_with_format(row, col + 4, step.points, &f.number)?;
    sheet.write_number_with_format(row, col + 5, step.running, &f.number)?;
    let note = step.note.as_deref().unwrap_or("");
    sheet.write_string_with_format(row, col + 6, note, &f.input)?;
    Ok(())
}

/// A gate not met, as a person reads it: the node's name and what it has against what it needs
/// (`Penataan Sistem Manajemen SDM: 62,5% dari bobotnya, perlu paling sedikit 75%`).
pub(crate) fn unmet_line(
    rubric: &crate::rubric::Rubric,
    u: &crate::rubric::Unmet,
    lang: crate::Lang,
) -> String {
    let number = |v: f64| match u.share {
        true => format!(
            "{}%",
            crate::messages::format_number((v * 10000.0).round() / 100.0)
        ),
        false => crate::messages::format_number((v * 100.0).round() / 100.0),
    };
    let key = if u.share { "gate_share" } else { "gate_points" };
    let what = label(key, lang)
        .replace("{has}", &number(u.has))
        .replace("{needed}", &number(u.needed));
    let name = rubric.node_name(&u.node, lang);
    let mut line = format!("{name}: {what}");
    if u.unconfirmed {
        line.push_str(&format!(" ({})", label("gate_unconfirmed", lang)));
    }
    line
}
