//! The `Komponen` sheet: every OPD's score per component and per node of the level shown.

use super::FeedbackInput;
use crate::frame::floats;
use crate::frame::Checked;
use crate::lang::Lang;
use crate::report::labels::label;
use crate::report::style::{text_width, title_block, Formats, TABLE_HEADER_ROW};
use crate::report::ReportError;
use crate::rubric::Rubric;
use crate::score::{out, Scores, STAT_NAMES};
use rust_xlsxwriter::Worksheet;
use std::collections::BTreeMap;

/// Columns of the components sheet: ranking-frame column, header text, component. Each
/// component's nodes at `level` (its sub-components at 2; a branch without nodes there shows
/// its sub-components; at 1 only the totals), then its total.
pub(super) fn component_columns(
    rubric: &Rubric,
    lang: Lang,
    level: usize,
) -> Vec<(String, String, usize)> {
    let mut columns = Vec::new();
    let tops = (0..rubric.nodes.len()).filter(|&i| rubric.nodes[i].parent.is_none());
    for (j, (top, component)) in tops.zip(&rubric.components).enumerate() {
        let scored = |i: &usize| {
            let n = &rubric.nodes[*i];
            !n.is_leaf() || n.weight.is_some()
        };
        let mut nodes: Vec<usize> = rubric.nodes_at(top, level.max(2));
        nodes.retain(scored);
        if nodes.is_empty() {
            nodes = rubric.nodes_at(top, 2);
        }
        if level > 1 {
            for i in nodes {
                let n = &rubric.nodes[i];
                let weight = n.weight_or_one();
                let header = format!(
                    "{}. {} ({weight})",
                    display_code(rubric, i),
                    n.short.get(lang)
                );
                columns.push((n.code.clone(), header, j));
            }
        }
        let header = format!("{} ({})", label("total", lang), component.weight);
        columns.push((component.code.clone(), header, j));
    }
    columns
}

/// A node's code as its column header shows it: a sub-component of a three-level rubric by its
/// letter (`a`), any other node by its whole code.
pub(super) fn display_code(rubric: &Rubric, node: usize) -> &str {
    let n = &rubric.nodes[node];
    rubric
        .subcomponents()
        .find(|(_, s)| s.key == n.code)
        .map_or(n.code.as_str(), |(_, s)| s.code.as_str())
}

/// The width of a node's column, in characters.
const NODE_WIDTH: f64 = 13.0;

pub(super) fn components_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    akip: &Scores,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    let rubric = input.rubric;
    let ranking = &akip.ranking;
    sheet.set_name(label("sheet_components", lang))?;
    title_block(
        sheet,
        label("title_components", lang),
        label("stats_note", lang),
        f,
    )?;
    let group_row = TABLE_HEADER_ROW - 1;
    let row0 = TABLE_HEADER_ROW;
    let columns = component_columns(rubric, lang, input.level);
    sheet.merge_range(group_row, 0, row0, 0, label("rank", lang), &f.header)?;
    sheet.merge_range(group_row, 1, row0, 1, label("opd", lang), &f.header)?;
    let ranks = ranking.ranks();
    let opds = ranking.opds();
    for (i, (rank, opd)) in ranks.iter().zip(&opds).enumerate() {
        let row = row0 + 1 + i as u32;
        sheet.write_number_with_format(row, 0, *rank, &f.integer)?;
        sheet.write_string_with_format(row, 1, *opd, &f.input)?;
    }
    let mut first_col_of: BTreeMap<usize, (u16, u16)> = BTreeMap::new();
    let all_columns = columns
        .iter()
        .map(|(name, header, group)| (name.clone(), header.clone(), Some(*group)))
        .chain(std::iter::once((
            out::SCORE.to_string(),
            label("score", lang).to_string(),
            None,
        )));
    let stats_row = row0 + 2 + ranking.len() as u32;
    for (j, (name, header, group)) in all_columns.enumerate() {
        let c = 2 + j as u16;
        if let Some(group) = group {
            let span = first_col_of.entry(group).or_insert((c, c));
            span.1 = c;
        } else {
            sheet.merge_range(group_row, c, row0, c, &header, &f.header)?;
        }
        if group.is_some() {
            sheet.write_string_with_format(row0, c, &header, &f.header)?;
        }
        let values = match name == out::SCORE {
            true => ranking.scores(),
            false => ranking.node(&name)?,
        };
        for (i, value) in values.into_iter().enumerate() {
            sheet.write_number_with_format(row0 + 1 + i as u32, c, value, &f.number)?;
        }
        for (k, value) in floats(&akip.stats, &name)?.into_iter().enumerate() {
            let row = stats_row + k as u32;
            match value {
                Some(v) => sheet.write_number_with_format(row, c, v, &f.stat_number)?,
                None => sheet.write_blank(row, c, &f.stat_number)?,
            };
        }
        sheet.set_column_width(c, NODE_WIDTH)?;
    }
    for (group, (first, last)) in &first_col_of {
        let name = rubric.components[*group].name.get(lang);
        if first == last {
            sheet.write_string_with_format(group_row, *first, name, &f.header)?;
        } else {
            sheet.merge_range(group_row, *first, group_row, *last, name, &f.header)?;
        }
    }
    for (k, stat) in STAT_NAMES.iter().enumerate() {
        let row = stats_row + k as u32;
        sheet.write_blank(row, 0, &f.stat_label)?;
        sheet.write_string_with_format(
            row,
            1,
            label(&format!("stat_{stat}"), lang),
            &f.stat_label,
        )?;
    }
    sheet.set_row_height(group_row, 30)?;
    sheet.set_row_height(row0, 45)?;
    sheet.set_freeze_panes(row0 + 1, 2)?;
    sheet.autofilter(
        row0,
        0,
        row0 + ranking.len().max(1) as u32,
        1 + columns.len() as u16 + 1,
    )?;
    sheet.set_column_width(0, 11)?;
    let opd_width = text_width(opds.iter().map(|s| s.chars().count()), 20.0);
    sheet.set_column_width(1, opd_width)?;
    // Rank and OPD repeated on every page across when the nodes are too many to shrink, a
    // page break before a component's columns where the page is full.
    let widths: Vec<f64> = [11.0, opd_width]
        .into_iter()
        .chain(std::iter::repeat_n(NODE_WIDTH, columns.len() + 1))
        .collect();
    let groups: Vec<(u16, bool)> = first_col_of
        .values()
        .map(|(first, _)| (*first, false))
        .collect();
    input.print().wide(sheet, row0, &widths, 2, &groups)?;
    Ok(())
}
