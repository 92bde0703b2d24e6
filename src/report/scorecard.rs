//! Scorecards for OPD heads: one workbook per OPD, named `NN-slug.xlsx` (its rank and a safe
//! form of its name), written in parallel.
//!
//! The first sheet prints on one page: the OPD, rubric, final score, predicate, rank of N and
//! city mean; each component against the city mean, the best score and the maximum, with a
//! chart; the alignment and collaboration indices when there was program data. The second sheet
//! lists every criterion, weakest first; the third, `Langkah Perbaikan`, the shortest path to
//! the next predicate.

use super::file_names::safe_file_stem;
use super::labels::label;
use super::output::{write_into, Output};
use super::page::Orientation;
use super::per_opd::{Context, CriteriaColumns};
use super::style::{text_height, Formats};
use super::table::Table;
use super::ReportError;
use crate::rubric::IndexPart;
use crate::score::indices::{ALIGNMENT, COLLABORATION};
use crate::score::path::Path as StepPath;
use foldhash::HashMap;
use rust_xlsxwriter::{Chart, Format, Worksheet};
use std::path::{Path, PathBuf};

/// The file names of the scorecards, in rank order: `NN-slug.xlsx`, NN the rank padded to the
/// width of the largest, slugs unique.
pub fn scorecard_names(ranks: &[u32], opds: &[String]) -> Vec<String> {
    let width = ranks.iter().max().map_or(2, |m| m.to_string().len().max(2));
    let mut taken: Vec<String> = Vec::new();
    ranks
        .iter()
        .zip(opds)
        .map(|(rank, opd)| {
            let stem = safe_file_stem(opd, &taken);
            taken.push(stem.clone());
            format!("{rank:0width$}-{stem}.xlsx")
        })
        .collect()
}

/// Writes every OPD's scorecard into `dir`, a folder of the run's own (the scorecards are
/// swapped in whole: see [`super::output::StagedFolder`]); returns the paths in rank order.
///
/// # Errors
/// [`ReportError`] when a frame lacks a column, Excel refuses the content or a file cannot be
/// written.
pub fn write_scorecards(
    context: &Context,
    dir: &Path,
    progress: &crate::progress::Progress,
) -> Result<Vec<PathBuf>, ReportError> {
    let names = scorecard_names(&context.ranks, &context.opds);
    let jobs: Vec<usize> = (0..context.opds.len()).collect();
    crate::parallel::parallel_map(&jobs, |&i| {
        let card = Scorecard {
            ctx: context,
            i,
            name: &names[i],
        };
        let written = write_into(dir, &card.file_name(), &card.bytes()?);
        progress.tick();
        written
    })
    .into_iter()
    .collect()
}

/// One OPD's scorecard as an output: the OPD at `i` in `ctx`, named `name`.
struct Scorecard<'a> {
    ctx: &'a Context<'a>,
    i: usize,
    name: &'a str,
}

impl super::output::Output for Scorecard<'_> {
    fn file_name(&self) -> String {
        self.name.to_string()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        scorecard(self.ctx, self.i)
    }
}

fn scorecard(ctx: &Context, i: usize) -> Result<Vec<u8>, ReportError> {
    let f = Formats::new(ctx.input.rubric);
    let mut workbook = super::new_workbook();
    let created = rust_xlsxwriter::ExcelDateTime::from_timestamp(ctx.input.run_time_unix)?;
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(&ctx.opds[i])
            .set_author("sakip")
            .set_creation_datetime(&created)
            .set_custom_property(crate::ingest::OUTPUT_PROPERTY, "scorecard"),
    );
    summary(workbook.add_worksheet(), ctx, i, &f)?;
    criteria(workbook.add_worksheet(), ctx, i, &f)?;
    steps(workbook.add_worksheet(), ctx, i, &f)?;
    Ok(workbook.save_to_buffer()?)
}

fn summary(sheet: &mut Worksheet, ctx: &Context, i: usize, f: &Formats) -> Result<(), ReportError> {
    let lang = ctx.input.lang;
    let rubric = ctx.input.rubric;
    let name = label("sheet_scorecard", lang).to_string();
    sheet.set_name(&name)?;
    sheet.write_string_with_format(0, 0, label("title_scorecard", lang), &f.title)?;
    sheet.write_string_with_format(1, 0, &ctx.opds[i], &f.title.clone().set_quote_prefix())?;
    sheet.write_string_with_format(
        2,
        0,
        format!("{} ({})", rubric.title.get(lang), rubric.regime),
        &f.subtitle,
    )?;
    let predicate = &ctx.predicates[i];
    let meaning = rubric
        .bands
        .iter()
        .find(|b| &b.grade == predicate)
        .map_or("", |b| b.label.get(lang));
    let facts: [(&str, Option<f64>, String); 5] = [
        ("year", Some(f64::from(ctx.input.year)), String::new()),
        ("score", Some(ctx.scores[i]), String::new()),
        ("predicate", None, predicate.clone()),
        (
            "rank",
            None,
            format!("{} / {}", ctx.ranks[i], ctx.opds.len()),
        ),
        ("stat_mean", Some(ctx.city_mean), String::new()),
    ];
    for (k, (key, number, text)) in facts.iter().enumerate() {
        let row = 4 + k as u32;
        sheet.write_string_with_format(row, 0, label(key, lang), &f.stat_label)?;
        match number {
            Some(v) if *key == "year" => sheet.write_number_with_format(row, 1, *v, &f.integer)?,
            Some(v) => sheet.write_number_with_format(row, 1, *v, &f.number)?,
            None if *key == "predicate" => {
                sheet.write_string_with_format(row, 1, text, f.predicate(text))?;
                // The predicate's meaning beside it.
                sheet.merge_range(row, 2, row, 4, meaning, &f.text)?
            }
            None => sheet.write_string_with_format(row, 1, text, &f.text)?,
        };
    }
    // The components: points, and as percents of their maxima beside the city's.
    let top = 10;
    for (c, key) in [
        "component",
        "score",
        "lhe_weight",
        "percent_of_max",
        "city_percent",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(top, c as u16, label(key, lang), &f.header)?;
    }
    let percent = f.number.clone().set_num_format("0.0");
    for (j, component) in rubric.components.iter().enumerate() {
        let row = top + 1 + j as u32;
        let own = ctx.components[j][i];
        sheet.write_string_with_format(row, 0, component.name.get(lang), &f.text)?;
        sheet.write_number_with_format(row, 1, own, &f.number)?;
        sheet.write_number_with_format(row, 2, component.weight, &f.number)?;
        let of = |v: f64| v / component.weight * 100.0;
        sheet.write_number_with_format(row, 3, of(own), &percent)?;
        sheet.write_number_with_format(row, 4, of(ctx.means[j]), &percent)?;
    }
    sheet.set_row_height(top, 30)?;
    let last = top + rubric.components.len() as u32;
    let mut chart = Chart::new_bar();
    // Percents, not points: components of different maxima compare. The OPD's series is named
    // by the cell holding its name (A2), never by the name itself, which the writer would read
    // as a range if it looked like one (`=cmd|' /C calc'!A0`).
    for col in [3u16, 4] {
        let series = chart.add_series();
        match col {
            3 => series.set_name((name.as_str(), 1, 0)),
            _ => series.set_name(label("city_percent", lang)),
        };
        series
            .set_categories((name.as_str(), top + 1, 0, last, 0))
            .set_values((name.as_str(), top + 1, col, last, col));
    }
    chart.title().set_name(label("chart_components", lang));
    chart.y_axis().set_reverse();
    chart.x_axis().set_min(0).set_max(100);
    chart.set_width(640).set_height(260);
    sheet.insert_chart(last + 2, 0, &chart)?;
    let mut row = last + 16;
    if let Some((alignment, collaboration)) = &ctx.indices {
        let indices = ctx.input.indices;
        row = index_block(
            sheet,
            alignment,
            &indices.alignment.parts,
            ALIGNMENT,
            &indices.alignment.name,
            ctx,
            i,
            f,
            row,
        )?;
        row = index_block(
            sheet,
            collaboration,
            &indices.collaboration.parts,
            COLLABORATION,
            &indices.collaboration.name,
            ctx,
            i,
            f,
            row + 1,
        )?;
        row += 1;
    }
    row = first_steps(sheet, ctx, i, f, row)?;
    if let Some(points) = ctx.input.past.and_then(|p| p.get(&ctx.opds[i])) {
        past_years(sheet, points, ctx.input.year, row + 1, lang, f)?;
    }
    sheet.set_column_width(0, FIRST_COLUMN)?;
    for c in 1..5 {
        sheet.set_column_width(c, 12)?;
    }
    ctx.input.print().one_page(sheet, Orientation::Portrait)?;
    Ok(())
}

/// The first sheet's first column (names, criteria's text), in characters.
const FIRST_COLUMN: f64 = 44.0;

/// How many of the steps to the next predicate the first sheet shows.
const FIRST_STEPS: usize = 3;

/// The first steps to the next predicate from `row`, each with its criterion's text (the whole
/// path is on the third sheet); returns the row after them.
fn first_steps(
    sheet: &mut Worksheet,
    ctx: &Context,
    i: usize,
    f: &Formats,
    row: u32,
) -> Result<u32, ReportError> {
    let (lang, rubric) = (ctx.input.lang, ctx.input.rubric);
    let Some(StepPath::Steps { target, steps, .. }) = ctx.paths.get(&ctx.opds[i]) else {
        return Ok(row);
    };
    let title = format!(
        "{} {target} ({} {})",
        label("first_steps", lang),
        steps.len(),
        label("lhe_steps", lang)
    );
    sheet.merge_range(row, 0, row, 4, &title, &f.stat_label)?;
    for (c, key) in ["criterion", "answer_now", "answer_next", "points"]
        .iter()
        .enumerate()
    {
        let c = if c == 0 { 0 } else { c as u16 };
        sheet.write_string_with_format(row + 1, c, label(key, lang), &f.header)?;
    }
    let texts: HashMap<&str, &str> = rubric
        .criteria()
        .map(|(_, _, k)| (k.code.as_str(), k.text.get(lang)))
        .collect();
    for (k, step) in steps.iter().take(FIRST_STEPS).enumerate() {
        let r = row + 2 + k as u32;
        let text = texts.get(step.code.as_str()).copied().unwrap_or("");
        let line = format!("{} {text}", step.code);
        sheet.write_string_with_format(r, 0, &line, &f.wrapped)?;
        sheet.set_row_height(r, text_height(&line, FIRST_COLUMN))?;
        sheet.write_string_with_format(r, 1, &step.from, &f.text)?;
        sheet.write_string_with_format(r, 2, &step.to, &f.text)?;
        sheet.write_number_with_format(r, 3, step.points, &f.number)?;
    }
    Ok(row + 2 + steps.len().min(FIRST_STEPS) as u32)
}

/// The OPD's years from the history under `top`: score, predicate, rank and the change from the
/// year before, the year evaluated marked as such; ◆ marks the first year of a new regulation
/// (explained under the table) and a year's predecessors are named.
fn past_years(
    sheet: &mut Worksheet,
    points: &[crate::history::trend::Point],
    year: i32,
    top: u32,
    lang: crate::lang::Lang,
    f: &Formats,
) -> Result<(), ReportError> {
    sheet.merge_range(top, 0, top, 4, label("past_years", lang), &f.stat_label)?;
    for (c, key) in ["year", "score", "predicate", "rank", "trend_change"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(top + 1, c as u16, label(key, lang), &f.header)?;
    }
    let mut boundary = false;
    for (k, p) in points.iter().enumerate() {
        let row = top + 2 + k as u32;
        let mut name = p.year.to_string();
        if p.across_regime {
            name = format!("{name} {}", super::trend::BOUNDARY);
            boundary = true;
        }
        if p.year == year {
            name = format!("{name} ({})", label("this_year", lang));
        }
        if !p.from.is_empty() {
            name = format!("{name}: {}", p.from.join(", "));
        }
        sheet.write_string_with_format(row, 0, name, &f.input)?;
        sheet.write_number_with_format(row, 1, p.score, &f.number)?;
        sheet.write_string_with_format(row, 2, &p.predicate, f.predicate(&p.predicate))?;
        sheet.write_number_with_format(row, 3, f64::from(p.rank), &f.integer)?;
        match p.change {
            Some(v) => sheet.write_number_with_format(row, 4, v, &f.signed)?,
            None => sheet.write_blank(row, 4, &f.text)?,
        };
    }
    if boundary {
        let row = top + 2 + points.len() as u32;
        sheet.write_string_with_format(row, 0, label("trend_boundary_note", lang), &f.subtitle)?;
    }
    Ok(())
}

/// One index with its parts under `row`; returns the row after it.
#[allow(clippy::too_many_arguments)]
fn index_block(
    sheet: &mut Worksheet,
    table: &super::IndexTable,
    parts: &[IndexPart],
    column: &str,
    name: &crate::lang::Text,
    ctx: &Context,
    i: usize,
    f: &Formats,
    row: u32,
) -> Result<u32, ReportError> {
    let lang = ctx.input.lang;
    let Some(k) = table.row(&ctx.opds[i]) else {
        return Ok(row);
    };
    sheet.write_string_with_format(
        row,
        0,
        format!("{} ({})", name.get(lang), label("own_design", lang)),
        &f.stat_label,
    )?;
    match table.value(column, k) {
        Some(v) => sheet.write_number_with_format(row, 1, v, &f.number)?,
        None => sheet.write_string_with_format(row, 1, label("not_assessed", lang), &f.text)?,
    };
    let percent = Format::new().set_num_format("0.0%");
    for (j, part) in parts.iter().enumerate() {
        let r = row + 1 + j as u32;
        sheet.write_string(
            r,
            0,
            format!("{} {} ({})", part.code, part.name.get(lang), part.weight),
        )?;
        match table.value(&part.code, k) {
            Some(v) => sheet.write_number_with_format(r, 1, v, &percent)?,
            None => sheet.write_string(r, 1, label("not_assessed", lang))?,
        };
    }
    Ok(row + 1 + parts.len() as u32)
}

fn criteria(
    sheet: &mut Worksheet,
    ctx: &Context,
    i: usize,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = ctx.input.lang;
    let rubric = ctx.input.rubric;
    sheet.set_name(label("sheet_criteria", lang))?;
    let CriteriaColumns {
        codes,
        answers,
        values,
        notes,
        evidence,
    } = &ctx.columns;
    // Each criterion's text and tree node, for the points its answer loses.
    let info: HashMap<&str, (&str, usize)> = rubric
        .criteria()
        .zip(&rubric.leaf_nodes)
        .map(|((_, _, c), &node)| (c.code.as_str(), (c.text.get(lang), node)))
        .collect();
    let mut rows: Vec<(usize, f64)> = ctx
        .criteria
        .get(&ctx.opds[i])
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|&r| {
            let lost = info.get(codes[r].as_str()).map_or(0.0, |&(_, node)| {
                rubric.criterion_points(node, 1.0 - values[r])
            });
            (r, lost)
        })
        .collect();
    rows.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| codes[a.0].cmp(&codes[b.0]))
    });
    // The count rows read under a criterion, beside it, where the rubric has any.
    let counted = rubric.criteria().any(|(_, _, k)| !k.counts.is_empty());
    let counts = ctx.counts.get(&ctx.opds[i]);
    // Narrow enough to print at a readable size across one page, the texts wrapped.
    let mut columns: Vec<(&str, f64)> = vec![
        ("criterion", 9.0),
        ("criterion_text", 50.0),
        ("answer", 8.0),
        ("value", 8.0),
        ("points_lost", 9.0),
        ("evaluator_note", 30.0),
        ("evidence", 30.0),
    ];
    if counted {
        columns.push(("counts", 30.0));
    }
    let widths: Vec<f64> = columns.iter().map(|c| c.1).collect();
    let table = Table::new(0)
        .labelled(columns.iter().copied(), lang)
        .freeze(1)
        .filter();
    table.head(sheet, f)?;
    let labels: HashMap<&str, &[String]> = rubric
        .criteria()
        .map(|(_, _, k)| (k.code.as_str(), k.counts.as_slice()))
        .collect();
    for (k, (r, lost)) in rows.iter().enumerate() {
        let row = table.body_row() + k as u32;
        let mut found_text = String::new();
        if let Some(found) = counts.and_then(|c| c.get(&codes[*r])) {
            let names = labels.get(codes[*r].as_str()).copied().unwrap_or_default();
            let text: Vec<String> = found
                .iter()
                .map(|(l, v)| {
                    let name = names
                        .get(*l)
                        .map_or("", |n| n.trim_start_matches(['-', ' ']));
                    format!("{name}: {}", crate::messages::format_number(*v))
                })
                .collect();
            found_text = text.join("; ");
            sheet.write_string_with_format(row, 7, &found_text, &f.wrapped)?;
        }
        let text = info.get(codes[*r].as_str()).map_or("", |x| x.0);
        sheet.write_string_with_format(row, 0, &codes[*r], &f.text)?;
        sheet.write_string_with_format(row, 1, text, &f.wrapped)?;
        sheet.write_string_with_format(row, 2, &answers[*r], &f.text)?;
        sheet.write_number_with_format(row, 3, values[*r], &f.number)?;
        sheet.write_number_with_format(row, 4, *lost, &f.number)?;
        sheet.write_string_with_format(row, 5, &notes[*r], &f.input_wrapped)?;
        sheet.write_string_with_format(row, 6, &evidence[*r], &f.input_wrapped)?;
        let wrapped = [
            (text, 1),
            (notes[*r].as_str(), 5),
            (evidence[*r].as_str(), 6),
            (found_text.as_str(), 7),
        ];
        let height = wrapped
            .iter()
            .filter(|(_, c)| *c < widths.len())
            .map(|(t, c)| text_height(t, widths[*c]))
            .fold(15.0, f64::max);
        sheet.set_row_height(row, height)?;
    }
    table.finish(sheet, rows.len(), &ctx.input.print())?;
    Ok(())
}

/// The width of the steps' note column, in characters.
const STEP_NOTE_WIDTH: f64 = 50.0;

/// The steps to the next predicate, every one, with the evaluator's notes.
fn steps(sheet: &mut Worksheet, ctx: &Context, i: usize, f: &Formats) -> Result<(), ReportError> {
    let lang = ctx.input.lang;
    sheet.set_name(label("sheet_next_steps", lang))?;
    ctx.input.print().sheet(sheet, Orientation::Landscape)?;
    sheet.write_string_with_format(0, 0, label("title_recommendations", lang), &f.title)?;
    let Some(path) = ctx.paths.get(&ctx.opds[i]) else {
        return Ok(());
    };
    match path {
        StepPath::Top => {
            sheet.write_string(2, 0, label("path_top", lang))?;
        }
        StepPath::Unreachable { target } => {
            sheet.write_string(2, 0, format!("{}: {target}", label("target", lang)))?;
            sheet.write_string(3, 0, label("path_unreachable", lang))?;
        }
        StepPath::Steps {
            target,
            steps,
            unmet,
        } => {
            sheet.write_string_with_format(
                1,
                0,
                format!(
                    "{}: {target} ({} {})",
                    label("target", lang),
                    steps.len(),
                    label("steps_total", lang).to_lowercase()
                ),
                &f.subtitle,
            )?;
            let table = Table::new(3).labelled(
                [
                    ("step_no", 15.0),
                    ("criterion", 10.0),
                    ("from", 8.0),
                    ("to", 8.0),
                    ("points", 10.0),
                    ("running", 10.0),
                    ("evaluator_note", STEP_NOTE_WIDTH),
                ],
                lang,
            );
            table.head(sheet, f)?;
            for (k, step) in steps.iter().enumerate() {
                let row = table.body_row() + k as u32;
                let height = super::feedback::recommendations::write_step(
                    sheet,
                    row,
                    0,
                    k + 1,
                    step,
                    f,
                    STEP_NOTE_WIDTH,
                )?;
                sheet.set_row_height(row, height)?;
            }
            // The gates between the OPD and the target, below its steps.
            let below = 5 + steps.len() as u32;
            if !unmet.is_empty() {
                sheet.write_string_with_format(
                    below,
                    0,
                    label("gates_unmet", lang),
                    &f.subtitle,
                )?;
            }
            for (k, u) in unmet.iter().enumerate() {
                let row = below + 1 + k as u32;
                sheet.write_string_with_format(row, 1, u.codes.join(" + "), &f.text)?;
                let line = super::feedback::recommendations::unmet_line(ctx.input.rubric, u, lang);
                sheet.write_string(row, 2, line)?;
            }
        }
    }
    Ok(())
}
