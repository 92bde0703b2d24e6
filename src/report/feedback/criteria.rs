//! The `Kriteria` sheet: every OPD's answer to every criterion, coloured by value.

use crate::report::labels::label;
use crate::report::page::Print;
use crate::report::style::{
    text_width, title_block, value_fill, value_step, Formats, TABLE_HEADER_ROW,
};
use crate::report::ReportError;
use crate::rubric::Rubric;
use crate::score::Scores;
use rust_xlsxwriter::{ConditionalFormatCell, ConditionalFormatCellRule, Note, Worksheet};
use std::collections::BTreeMap;

/// What the Kriteria sheet shows for a criterion left unanswered (scored 0).
pub(super) const NO_ANSWER: &str = "-";

/// Colours the answers of the Kriteria sheet (rows `first` to `last`) by their value, as
/// [`value_formats`] colours values: for each scale, a rule per code over the columns of the
/// criteria on that scale, and one for [`NO_ANSWER`]. A rule rather than a format per cell:
/// the colour follows an answer edited in the sheet, and a national sheet's 1.76 million cells
/// are written without a format each (the writer looks every cell's format up by hashing it).
pub(super) fn answer_colours(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    first: u32,
    last: u32,
) -> Result<(), ReportError> {
    let mut columns: BTreeMap<&str, Vec<u16>> = BTreeMap::new();
    for (j, (_, _, criterion)) in rubric.criteria().enumerate() {
        columns
            .entry(criterion.scale.as_str())
            .or_default()
            .push(1 + j as u16);
    }
    for (scale, columns) in columns {
        let range = columns
            .chunk_by(|a, b| b == &(a + 1))
            .map(|run| {
                let (c0, c1) = (run[0], run[run.len() - 1]);
                rust_xlsxwriter::utility::cell_range(first, c0, last, c1)
            })
            .collect::<Vec<_>>()
            .join(" ");
        let codes = rubric.scales.get(scale).map_or(&[][..], |s| &s.codes[..]);
        let rules = codes
            .iter()
            .map(|code| (code.code.as_str(), code.value))
            .chain([(NO_ANSWER, 0.0)]);
        for (code, value) in rules {
            let rule = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(format!(
                    "\"{}\"",
                    code.replace('"', "\"\"")
                )))
                .set_format(value_fill(value_step(value) as u8))
                .set_multi_range(range.as_str());
            sheet.add_conditional_format(first, columns[0], last, columns[0], &rule)?;
        }
    }
    Ok(())
}

/// The width of a criterion's column, in characters.
const CRITERION_WIDTH: f64 = 7.0;

pub(super) fn criteria_sheet(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    print: &Print,
    akip: &Scores,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = print.lang;
    sheet.set_name(label("sheet_criteria", lang))?;
    title_block(
        sheet,
        label("title_criteria", lang),
        label("criteria_note", lang),
        f,
    )?;
    // The sheet is streamed (low-memory mode): every row is written before the next.
    let group_row = TABLE_HEADER_ROW - 1;
    let row0 = TABLE_HEADER_ROW;
    let mut c: u16 = 1;
    for (_, sub) in rubric.subcomponents() {
        let Some(last) = (c + sub.criteria.len() as u16)
            .checked_sub(1)
            .filter(|l| *l >= c)
        else {
            continue;
        };
        let name = format!("{} {}", sub.key, sub.short.get(lang));
        if c == last {
            sheet.write_string_with_format(group_row, c, &name, &f.header)?;
        } else {
            sheet.merge_range(group_row, c, group_row, last, &name, &f.header)?;
        }
        c = last + 1;
    }
    sheet.merge_range(group_row, 0, row0, 0, label("opd", lang), &f.header)?;
    for (j, (_, _, criterion)) in rubric.criteria().enumerate() {
        let c = 1 + j as u16;
        sheet.write_string_with_format(row0, c, &criterion.code, &f.header)?;
        sheet.insert_note(
            row0,
            c,
            &Note::new(criterion.text.get(lang)).set_author("sakip"),
        )?;
        sheet.set_column_width(c, CRITERION_WIDTH)?;
    }
    // One row per OPD in rank order, one column per criterion in rubric order: the answers are
    // placed in a grid first (22,000 x 80 at national scale), then written row by row.
    let opds = akip.ranking.opds();
    let row_of: foldhash::HashMap<&str, usize> =
        opds.iter().enumerate().map(|(i, &o)| (o, i)).collect();
    let column_of: foldhash::HashMap<&str, usize> = rubric
        .criteria()
        .enumerate()
        .map(|(j, (_, _, k))| (k.code.as_str(), j))
        .collect();
    let width = column_of.len();
    let crit = &akip.criteria;
    let mut grid: Vec<Option<&str>> = vec![None; opds.len() * width];
    for ((opd, code), answer) in crit
        .opds()
        .into_iter()
        .zip(crit.codes())
        .zip(crit.answer_codes())
    {
        let (Some(&i), Some(&j)) = (row_of.get(opd), column_of.get(code)) else {
            continue;
        };
        grid[i * width + j] = Some(answer);
    }
    for (i, opd) in opds.iter().enumerate() {
        let row = row0 + 1 + i as u32;
        sheet.write_string_with_format(row, 0, *opd, &f.input)?;
        for (j, cell) in grid[i * width..(i + 1) * width].iter().enumerate() {
            let c = 1 + j as u16;
            match cell {
                // Coloured by the rules of `answer_colours`.
                Some(answer) => {
                    sheet.write_string(
                        row,
                        c,
                        if answer.is_empty() { NO_ANSWER } else { answer },
                    )?;
                }
                None => {
                    sheet.write_blank(row, c, &f.text)?;
                }
            }
        }
    }
    if !opds.is_empty() {
        answer_colours(sheet, rubric, row0 + 1, row0 + opds.len() as u32)?;
    }
    sheet.set_freeze_panes(row0 + 1, 1)?;
    sheet.autofilter(row0, 0, row0 + opds.len().max(1) as u32, c - 1)?;
    let opd_width = text_width(opds.iter().map(|s| s.chars().count()), 20.0);
    sheet.set_column_width(0, opd_width)?;
    // Too wide to shrink (80 criteria): printed across pages, a component (or, where one is
    // too wide for a page, a sub-component) to a page, the OPD column on every page.
    let mut groups = Vec::new();
    let mut first = 1u16;
    for component in &rubric.components {
        for (k, sub) in component.subcomponents.iter().enumerate() {
            if !sub.criteria.is_empty() {
                groups.push((first, k == 0));
            }
            first += sub.criteria.len() as u16;
        }
    }
    let widths: Vec<f64> = std::iter::once(opd_width)
        .chain(std::iter::repeat_n(CRITERION_WIDTH, usize::from(first - 1)))
        .collect();
    print.wide(sheet, row0, &widths, 1, &groups)?;
    Ok(())
}
