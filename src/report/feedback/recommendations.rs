//! The `Rekomendasi` sheet: each OPD's first five steps on the shortest path to its next
//! predicate, in rank order.

use super::FeedbackInput;
use crate::report::labels::label;
use crate::report::style::{text_height, text_width, Formats, TABLE_HEADER_ROW};
use crate::report::table::Table;
use crate::report::ReportError;
use crate::score::path::Path;
use rust_xlsxwriter::Worksheet;

/// Steps shown per OPD.
const FIRST_STEPS: usize = 5;

/// The sheet's columns, by label.
const HEADERS: [&str; 11] = [
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

/// The evaluator's note's column.
const NOTE: usize = 10;
/// Its width in characters.
const NOTE_WIDTH: f64 = 50.0;
/// The widest the OPD column is made, in characters (longer names wrap).
const OPD_WIDTH: f64 = 36.0;

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
    // Narrow enough to print at a readable size across one page: the OPD's name and the note
    // wrap, the rows as tall as either.
    let names = text_width(
        input.next_steps.iter().map(|(o, _)| o.chars().count()),
        20.0,
    )
    .min(OPD_WIDTH);
    let widths = (0..HEADERS.len()).map(|c| match c {
        0 => names,
        c if c == NOTE => NOTE_WIDTH,
        _ => 8.0,
    });
    let table = Table::new(TABLE_HEADER_ROW)
        .labelled(HEADERS.into_iter().zip(widths), lang)
        .freeze(1)
        .filter();
    table.title(
        sheet,
        label("title_recommendations", lang),
        label("recommendations_note", lang),
        f,
    )?;
    table.head(sheet, f)?;
    let predicates: std::collections::HashMap<&str, &str> = match input.akip {
        Some(a) => a
            .ranking
            .opds()
            .into_iter()
            .zip(a.ranking.predicates())
            .collect(),
        None => Default::default(),
    };
    let mut row = table.body_row();
    for (opd, path) in input.next_steps {
        let now = predicates.get(opd.as_str()).copied().unwrap_or_default();
        let name_height = text_height(opd, names);
        sheet.set_row_height(row, name_height)?;
        sheet.write_string_with_format(row, 0, opd, &f.input_wrapped)?;
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
                        sheet.write_string_with_format(row, 0, opd, &f.input_wrapped)?;
                    }
                    let note_height = write_step(sheet, row, 4, i + 1, step, f, NOTE_WIDTH)?;
                    sheet.set_row_height(row, name_height.max(note_height))?;
                    row += 1;
                }
                // The gates between the OPD and the target, after its steps.
                for u in unmet {
                    sheet.write_string_with_format(row, 0, opd, &f.input_wrapped)?;
                    sheet.write_string_with_format(row, 5, u.codes.join(" + "), &f.text)?;
                    let line = format!(
                        "{}: {}",
                        label("gates_unmet", lang),
                        unmet_line(input.rubric, u, lang)
                    );
                    let height = text_height(&line, NOTE_WIDTH).max(name_height);
                    sheet.set_row_height(row, height)?;
                    sheet.write_string_with_format(row, NOTE as u16, line, &f.wrapped)?;
                    row += 1;
                }
            }
        }
    }
    let rows = (row - table.body_row()) as usize;
    table.finish(sheet, rows, &input.print())
}

/// One step from column `col`: its number, criterion, from, to, points, running score, and the
/// evaluator's note, wrapped in its column `note_width` characters wide (the row as tall as
/// its lines); returns the height (points) the note needs.
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
    note_width: f64,
) -> Result<f64, ReportError> {
    sheet.write_number_with_format(row, col, number as f64, &f.integer)?;
    sheet.write_string_with_format(row, col + 1, &step.code, &f.text)?;
    sheet.write_string_with_format(row, col + 2, &step.from, &f.text)?;
    sheet.write_string_with_format(row, col + 3, &step.to, &f.text)?;
    sheet.write_number_with_format(row, col + 4, step.points, &f.number)?;
    sheet.write_number_with_format(row, col + 5, step.running, &f.number)?;
    let note = step.note.as_deref().unwrap_or("");
    sheet.write_string_with_format(row, col + 6, note, &f.input_wrapped)?;
    Ok(text_height(note, note_width))
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
