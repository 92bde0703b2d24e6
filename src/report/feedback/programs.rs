//! The `Keselarasan` and `Kolaborasi` sheets: each index's parts per OPD, and the city's
//! collaboration network (matrix heatmap, silo OPDs, the priorities' reach). Both sheets say
//! that their indices are the engine's own design, not part of the LKE.

use super::FeedbackInput;
use crate::report::labels::label;
use crate::report::style::{
    text_width, title_block, value_formats, value_step, Formats, TABLE_HEADER_ROW,
};
use crate::report::table::Table;
use crate::report::ReportError;
use crate::rubric::IndexPart;
use crate::score::indices::{ProgramScores, ALIGNMENT, COLLABORATION};
use polars::prelude::DataFrame;
use rust_xlsxwriter::{ConditionalFormat2ColorScale, Format, FormatAlign, FormatBorder, Worksheet};

/// Writes the alignment sheet.
///
/// # Errors
/// [`ReportError`] when a frame lacks a column or Excel refuses the content.
pub fn alignment_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    programs: &ProgramScores,
    f: &Formats,
) -> Result<(), ReportError> {
    let rubric = &input.indices.alignment;
    sheet.set_name(label("sheet_alignment", input.lang))?;
    let lang = input.lang;
    title_block(sheet, rubric.name.get(lang), rubric.note.get(lang), f)?;
    let (table, rows) = parts_table(
        sheet,
        input,
        &programs.alignment,
        &rubric.parts,
        ALIGNMENT,
        f,
    )?;
    // Under the subtitle, above the header: a note under the table's last row tipped
    // LibreOffice into an empty extra page when the table filled its page exactly.
    let note = not_assessed_note(rubric.min_parts, lang);
    table.note(sheet, TABLE_HEADER_ROW - 1, &note, f)?;
    table.finish(sheet, rows as usize, &input.print())
}

/// Writes the collaboration sheet.
///
/// # Errors
/// [`ReportError`] when a frame lacks a column or Excel refuses the content.
pub fn collaboration_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    programs: &ProgramScores,
    f: &Formats,
) -> Result<(), ReportError> {
    let rubric = &input.indices.collaboration;
    let lang = input.lang;
    sheet.set_name(label("sheet_collaboration", lang))?;
    title_block(sheet, rubric.name.get(lang), rubric.note.get(lang), f)?;
    let (table, rows) = parts_table(
        sheet,
        input,
        &programs.collaboration,
        &rubric.parts,
        COLLABORATION,
        f,
    )?;
    let note = not_assessed_note(rubric.min_parts, lang);
    table.note(sheet, TABLE_HEADER_ROW - 1, &note, f)?;
    let mut row = table.body_row() + rows + 1;
    sheet.write_string_with_format(row, 0, label("city_network", lang), &f.title)?;
    row += 1;
    sheet.write_string_with_format(row, 0, label("density", lang), &f.stat_label)?;
    match programs.density {
        Some(d) => {
            sheet.write_number_with_format(row, 1, d, &Format::new().set_num_format("0.0%"))?
        }
        None => sheet.write_blank(row, 1, &f.text)?,
    };
    row += 1;
    sheet.write_string_with_format(row, 0, label("silos", lang), &f.stat_label)?;
    if programs.silos.is_empty() {
        sheet.write_string_with_format(row, 1, label("no_silos", lang), &f.text)?;
        row += 1;
    }
    for silo in &programs.silos {
        sheet.write_string_with_format(row, 1, silo, &f.input)?;
        row += 1;
    }
    row += 1;
    row = priority_table(sheet, programs, lang, f, row)?;
    // The OPD x OPD matrix has a sheet of its own (its columns are its own); beyond
    // MATRIX_MAX_OPDS it is listed as pairs.
    if programs.opds.len() > MATRIX_MAX_OPDS {
        table.note(sheet, row + 2, label("matrix_as_pairs", lang), f)?;
    }
    table.finish(sheet, rows as usize, &input.print())
}

/// What "not assessed" means, with the index's fewest parts.
fn not_assessed_note(min_parts: usize, lang: crate::lang::Lang) -> String {
    label("not_assessed_note", lang).replace("{min}", &min_parts.to_string())
}

/// Per OPD in ranking order: each part (a share, coloured), the index, and the parts not
/// assessed, as a [`Table`] under the title block; returns the table and its number of rows
/// (the sheet prints it).
fn parts_table(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    frame: &DataFrame,
    parts: &[IndexPart],
    index: &str,
    f: &Formats,
) -> Result<(Table, u32), ReportError> {
    let lang = input.lang;
    let values = crate::report::IndexTable::new(frame, index, parts)?;
    let order: Vec<(&str, usize)> = (input.ranking.opds().into_iter())
        .filter_map(|o| values.row(o).map(|k| (o, k)))
        .collect();
    let opd_width = text_width(order.iter().map(|(s, _)| s.chars().count()), 20.0);
    let table = Table::new(TABLE_HEADER_ROW)
        .columns([(label("opd", lang).to_string(), opd_width)])
        .columns(parts.iter().map(|part| {
            let header = format!("{} {} ({})", part.code, part.name.get(lang), part.weight);
            (header, 15.0)
        }))
        .columns([
            (label("index", lang).to_string(), 10.0),
            (label("not_assessed", lang).to_string(), 14.0),
        ])
        .freeze(1)
        .filter();
    table.head(sheet, f)?;
    let index_col = 1 + parts.len() as u16;
    let steps = value_formats(Some("0.0%"));
    for (i, (opd, k)) in order.iter().enumerate() {
        let (row, k) = (table.body_row() + i as u32, *k);
        sheet.write_string_with_format(row, 0, *opd, &f.input)?;
        let mut missing = Vec::new();
        for (j, part) in parts.iter().enumerate() {
            let c = 1 + j as u16;
            match values.value(&part.code, k) {
                Some(v) => {
                    sheet.write_number_with_format(row, c, v, &steps[value_step(v)])?;
                }
                None => {
                    missing.push(part.code.clone());
                    sheet.write_blank(row, c, &f.text)?;
                }
            }
        }
        match values.value(index, k) {
            Some(v) => sheet.write_number_with_format(row, index_col, v, &f.number)?,
            None => sheet.write_string_with_format(
                row,
                index_col,
                label("not_assessed", lang),
                &f.text,
            )?,
        };
        sheet.write_string_with_format(row, index_col + 1, missing.join(", "), &f.text)?;
    }
    Ok((table, order.len() as u32))
}

/// The priorities' reach from `row`; returns the row after the table.
fn priority_table(
    sheet: &mut Worksheet,
    programs: &ProgramScores,
    lang: crate::lang::Lang,
    f: &Formats,
    row: u32,
) -> Result<u32, ReportError> {
    sheet.write_string_with_format(row, 0, label("priorities", lang), &f.title)?;
    let header = [
        "priority_id",
        "priority_name",
        "opd_count",
        "opd_list",
        "pentahelix",
    ];
    for (j, key) in header.iter().enumerate() {
        sheet.write_string_with_format(row + 1, j as u16, label(key, lang), &f.header)?;
    }
    let mut r = row + 2;
    for p in &programs.priorities {
        sheet.write_string_with_format(r, 0, &p.id, &f.input)?;
        sheet.write_string_with_format(r, 1, &p.nama, &f.input)?;
        sheet.write_number_with_format(r, 2, p.opds.len() as f64, &f.integer)?;
        sheet.write_string_with_format(
            r,
            3,
            crate::report::join_fitting(&p.opds, ", ", lang),
            &f.input,
        )?;
        sheet.write_string_with_format(
            r,
            4,
            crate::report::join_fitting(&p.kinds, ", ", lang),
            &f.text,
        )?;
        r += 1;
    }
    Ok(r)
}

/// The most OPDs drawn as an OPD x OPD matrix; beyond, the matrix is as many cells as a sheet
/// can hold and no one could read it, so its non-zero cells are listed as pairs instead.
pub const MATRIX_MAX_OPDS: usize = 250;

/// The most data rows of one sheet (Excel's 1,048,576 less the header).
pub const SHEET_ROWS: usize = 1_048_575;

/// The ranges of linked pairs (from, to, activities) each pairs sheet holds: a new sheet each
/// time one is full, so that no pair is cut off at Excel's row limit. One (empty) sheet when
/// there are none.
pub fn pair_chunks(programs: &ProgramScores) -> Vec<std::ops::Range<usize>> {
    chunks(
        programs.matrix.values().filter(|&&n| n > 0).count(),
        SHEET_ROWS,
    )
}

/// `0..n` in consecutive ranges of at most `size`; one empty range when `n` is 0.
fn chunks(n: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    (0..n.div_ceil(size).max(1))
        .map(|k| k * size..((k + 1) * size).min(n))
        .collect()
}

/// One sheet of linked pairs: those of `chunk` (see [`pair_chunks`]).
///
/// # Errors
/// [`ReportError`] when Excel refuses the content.
pub fn pair_sheet(
    sheet: &mut Worksheet,
    print: &crate::report::page::Print,
    programs: &ProgramScores,
    chunk: &std::ops::Range<usize>,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    let name = match chunk.start / SHEET_ROWS {
        0 => label("sheet_pairs", lang).to_string(),
        k => format!("{} ({})", label("sheet_pairs", lang), k + 1),
    };
    sheet.set_name(&name)?;
    for (c, key) in ["pair_from", "pair_to", "pair_count"].iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, label(key, lang), &f.header)?;
    }
    let pairs = programs
        .matrix
        .iter()
        .filter(|(_, &n)| n > 0)
        .skip(chunk.start)
        .take(chunk.len());
    let mut rows = 0u32;
    for (i, ((from, to), &count)) in pairs.enumerate() {
        let r = 1 + i as u32;
        sheet.write_string_with_format(r, 0, from, &f.input)?;
        sheet.write_string_with_format(r, 1, to, &f.input)?;
        sheet.write_number_with_format(r, 2, f64::from(count), &f.integer)?;
        rows = r;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.max(1), 2)?;
    sheet.set_column_width(0, 45)?;
    sheet.set_column_width(1, 45)?;
    sheet.set_column_width(2, 12)?;
    print.table(sheet, 0)
}

/// The `Matriks Kolaborasi` sheet: the OPD x OPD matrix as a heatmap (up to
/// [`MATRIX_MAX_OPDS`] OPDs; beyond, the pairs sheets list it), a row per OPD naming the column
/// OPDs as partners, blank where it names none.
///
/// # Errors
/// [`ReportError::Xlsx`] when Excel refuses the content.
pub fn matrix_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    programs: &ProgramScores,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    sheet.set_name(label("sheet_matrix", lang))?;
    title_block(sheet, label("matrix", lang), label("matrix_note", lang), f)?;
    let opds = &programs.opds;
    let top = TABLE_HEADER_ROW;
    let rotated = f.header.clone().set_rotation(90).set_quote_prefix();
    sheet.write_string_with_format(top, 0, label("opd", lang), &f.header)?;
    for (j, opd) in opds.iter().enumerate() {
        sheet.write_string_with_format(top, 1 + j as u16, opd, &rotated)?;
    }
    let cell = Format::new()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_border_color("#BFBFBF");
    for (i, from) in opds.iter().enumerate() {
        let r = top + 1 + i as u32;
        sheet.write_string_with_format(r, 0, from, &f.input)?;
        for (j, to) in opds.iter().enumerate() {
            // No shared program: a blank, so that the few links stand out.
            match programs.matrix.get(&(from.clone(), to.clone())).copied() {
                Some(count) if count > 0 => {
                    sheet.write_number_with_format(r, 1 + j as u16, f64::from(count), &cell)?
                }
                _ => sheet.write_blank(r, 1 + j as u16, &cell)?,
            };
        }
    }
    if !opds.is_empty() {
        let last = opds.len() as u16;
        let heat = ConditionalFormat2ColorScale::new()
            .set_minimum_color("#FFFFFF")
            .set_maximum_color("#1F77B4");
        sheet.add_conditional_format(top + 1, 1, top + opds.len() as u32, last, &heat)?;
        sheet.set_row_height(top, 120)?;
    }
    let opd_width = text_width(opds.iter().map(|o| o.chars().count()), 20.0);
    sheet.set_column_width(0, opd_width)?;
    for j in 0..opds.len() {
        sheet.set_column_width(1 + j as u16, MATRIX_COLUMN)?;
    }
    sheet.set_freeze_panes(top + 1, 1)?;
    let widths: Vec<f64> = std::iter::once(opd_width)
        .chain(std::iter::repeat_n(MATRIX_COLUMN, opds.len()))
        .collect();
    input.print().wide(sheet, top, &widths, 1, &[])
}

/// A matrix column's width, in characters: room for a count under a rotated name.
const MATRIX_COLUMN: f64 = 4.5;

#[cfg(test)]
mod tests {
    use super::chunks;

    #[test]
    fn pairs_fill_a_sheet_before_the_next_and_none_is_dropped() {
        assert_eq!(chunks(0, 10), vec![0..0]);
        assert_eq!(chunks(10, 10), vec![0..10]);
        assert_eq!(chunks(11, 10), vec![0..10, 10..11]);
        assert_eq!(chunks(25, 10), vec![0..10, 10..20, 20..25]);
    }
}
