//! The ranked feedback workbook: `Ringkasan`, `Komponen`, `Kriteria`, `Metadata`.

use super::labels::label;
use super::ReportError;
use crate::evaluate::Indices;
use crate::frame::{self as col, floats, strings};
use crate::ingest::InputFile;
use crate::lang::Lang;
use crate::rubric::Rubric;
use crate::score::indices::{ProgramScores, ALIGNMENT, COLLABORATION};
use crate::score::path::Path;
use crate::score::reconcile::Reconciliation;
use crate::score::{out, Scores, COMPOSITE, STAT_NAMES};
use polars::prelude::{DataFrame, DataType};
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartPoint, ChartSolidFill, Color, ConditionalFormatCell,
    ConditionalFormatCellRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Note, Workbook, Worksheet,
};
use std::collections::{BTreeMap, HashMap};

/// Rows of the title block above each table.
pub(super) const TABLE_HEADER_ROW: u32 = 3;
/// Widest a text column is made, in characters.
const MAX_TEXT_WIDTH: f64 = 60.0;
/// Above this many OPDs a bar per OPD is no longer readable, and the summary has no chart.
const MAX_CHART_OPDS: usize = 100;
/// Engine version, recorded in `Metadata`.
const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the workbook is made from.
pub struct FeedbackInput<'a> {
    /// The rubric scored against.
    pub rubric: &'a Rubric,
    /// Every OPD in rank order (see [`crate::score::combine`]; an AKIP ranking frame alone is
    /// one too).
    pub ranking: &'a DataFrame,
    /// The AKIP scores, when there were LKE answers.
    pub akip: Option<&'a Scores>,
    /// The alignment and collaboration indices, when there was program data.
    pub programs: Option<&'a ProgramScores>,
    /// The indices' definitions.
    pub indices: &'a Indices,
    /// Self-assessment against the final answers, when there were both.
    pub reconciliation: Option<&'a Reconciliation>,
    /// Each OPD's shortest path to its next predicate (empty without LKE answers).
    pub next_steps: &'a [(String, Path)],
    /// The input files, with their hashes.
    pub files: &'a [InputFile],
    /// Every file and folder met among the inputs, when known: the Metadata sheet lists those
    /// passed over and why.
    pub ledger: Option<&'a crate::ingest::Ledger>,
    /// The time of the run, Unix seconds (from `SOURCE_DATE_EPOCH` where set).
    pub run_time_unix: i64,
    /// The language of sheet names and labels.
    pub lang: Lang,
    /// The year evaluated (`--year`; the run's year when not given).
    pub year: i32,
    /// Each OPD's own years from the history (`--history`), by the name it is ranked under.
    pub past: Option<&'a crate::history::PastYears>,
    /// The level of the rubric's tree the Komponen sheet shows, one column per node under each
    /// component (`--level`; 2, the sub-components, by default).
    pub level: usize,
    /// Where the official-layout workbooks' own values disagree with sakip's (`sakip audit`):
    /// the `Audit` sheet, when there are any.
    pub audit: &'a [crate::score::audit::Finding],
}

/// Cell formats shared by the sheets.
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    /// Text taken from the inputs: Excel's quote prefix keeps `=...` a string even when edited.
    pub(super) input: Format,
    pub(super) number: Format,
    /// A change: `+1.25`, `-0.50`.
    pub(super) signed: Format,
    /// A change in places: `+2`, `-1`.
    pub(super) signed_integer: Format,
    pub(super) integer: Format,
    pub(super) stat_label: Format,
    pub(super) stat_number: Format,
    pub(super) datetime: Format,
    predicate: HashMap<String, Format>,
}

impl Formats {
    pub(super) fn new(rubric: &Rubric) -> Self {
        Formats::with_bands(
            rubric
                .bands
                .iter()
                .map(|b| (b.grade.as_str(), b.color.as_str(), b.font_color.as_str())),
        )
    }

    /// The formats with one predicate format per `(grade, fill, font colour)`; the first of a
    /// grade given twice wins.
    pub(super) fn with_bands<'b>(bands: impl Iterator<Item = (&'b str, &'b str, &'b str)>) -> Self {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color("#BFBFBF");
        let mut predicate = HashMap::new();
        for (grade, color, font) in bands {
            predicate
                .entry(grade.to_string())
                .or_insert_with(|| band_format(color, font));
        }
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic().set_font_color("#595959"),
            header: border(
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_background_color("#1F4E78")
                    .set_font_color("#FFFFFF"),
            ),
            text: border(Format::new()),
            input: border(Format::new().set_quote_prefix()),
            number: border(Format::new().set_num_format("0.00")),
            signed: border(Format::new().set_num_format("+0.00;-0.00;0.00")),
            signed_integer: border(Format::new().set_num_format("+0;-0;0")),
            integer: border(
                Format::new()
                    .set_num_format("0")
                    .set_align(FormatAlign::Center),
            ),
            stat_label: border(Format::new().set_bold().set_background_color("#F2F2F2")),
            stat_number: border(
                Format::new()
                    .set_num_format("0.00")
                    .set_bold()
                    .set_background_color("#F2F2F2"),
            ),
            datetime: Format::new()
                .set_num_format("yyyy-mm-dd hh:mm:ss")
                .set_align(FormatAlign::Left),
            predicate,
        }
    }

    pub(super) fn predicate(&self, grade: &str) -> &Format {
        self.predicate.get(grade).unwrap_or(&self.text)
    }
}

fn band_format(color: &str, font_color: &str) -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_border_color("#BFBFBF")
        .set_background_color(Color::from(color))
        .set_font_color(Color::from(font_color))
}

/// The Kriteria sheet (1.76 million cells at national scale), filled before the rest of its
/// workbook: it needs only the AKIP scores, so it can be filled while the program data is
/// still being scored (see [`crate::evaluate::evaluate_with`]). Its workbook is the one the
/// feedback is then built in ([`feedback_workbook_with`]).
pub struct CriteriaAhead {
    workbook: Workbook,
    sheet: Worksheet,
}

impl CriteriaAhead {
    /// Fills the Kriteria sheet of `akip`.
    ///
    /// # Errors
    /// As [`feedback_workbook`].
    pub fn fill(rubric: &Rubric, lang: Lang, akip: &Scores) -> Result<Self, ReportError> {
        let mut workbook = super::new_workbook();
        // Written row by row, streamed to a temporary file rather than held (see
        // `feedback_workbook_with`).
        let mut sheet = workbook.new_worksheet_with_low_memory()?;
        criteria_sheet(&mut sheet, rubric, lang, akip, &Formats::new(rubric))?;
        Ok(CriteriaAhead { workbook, sheet })
    }
}

/// Builds the workbook in memory.
///
/// # Errors
/// [`ReportError::Xlsx`] when the content passes an Excel limit, [`ReportError::Frame`] when a
/// frame lacks a column.
pub fn feedback_workbook(input: &FeedbackInput) -> Result<Vec<u8>, ReportError> {
    feedback_workbook_with(input, None)
}

/// [`feedback_workbook`], its Kriteria sheet taken from `ahead` when it was filled already.
///
/// # Errors
/// As [`feedback_workbook`].
pub fn feedback_workbook_with(
    input: &FeedbackInput,
    ahead: Option<CriteriaAhead>,
) -> Result<Vec<u8>, ReportError> {
    let formats = Formats::new(input.rubric);
    let (mut workbook, mut ahead) = match ahead {
        Some(CriteriaAhead { workbook, sheet }) => (workbook, Some(sheet)),
        None => (super::new_workbook(), None),
    };
    let created = ExcelDateTime::from_timestamp(input.run_time_unix)?;
    let properties = DocProperties::new()
        .set_title(input.rubric.title.get(input.lang))
        .set_author("sakip")
        .set_creation_datetime(&created)
        .set_custom_property(crate::ingest::OUTPUT_PROPERTY, "feedback");
    workbook.set_properties(&properties);
    // The sheets are added in order first, each with its job, then filled on two threads, the
    // Kriteria sheet (unless filled already) first as the longest.
    let mut jobs = vec![Job::Summary];
    workbook.add_worksheet();
    let edges = band_chart(&mut workbook, input)?;
    if edges.is_some() {
        jobs.push(Job::Chart);
    }
    if let Some(akip) = input.akip {
        jobs.push(Job::Components(akip));
        workbook.add_worksheet();
        // Written row by row, streamed to a temporary file rather than held. Low-memory mode
        // rather than constant-memory: its texts go to the shared string table, which makes a
        // smaller file (19.0 MB, not 19.8 MB, at national scale) and writes faster.
        match ahead.take() {
            Some(sheet) => {
                jobs.push(Job::Filled);
                workbook.push_worksheet(sheet);
            }
            None => {
                jobs.push(Job::Criteria(akip));
                workbook.add_worksheet_with_low_memory()?;
            }
        }
    }
    if !input.next_steps.is_empty() {
        jobs.push(Job::Recommendations);
        workbook.add_worksheet();
    }
    if let Some(r) = input.reconciliation.filter(|r| !r.opds.is_empty()) {
        jobs.push(Job::Reconciliation(r));
        workbook.add_worksheet();
    }
    if let Some(akip) = input.akip.filter(|a| !a.inconsistencies.is_empty()) {
        jobs.push(Job::Consistency(&akip.inconsistencies));
        workbook.add_worksheet();
    }
    if !input.audit.is_empty() {
        jobs.push(Job::Audit);
        workbook.add_worksheet();
    }
    let mut plain = vec![];
    if let Some(programs) = input.programs {
        plain.push(Job::Alignment(programs));
        plain.push(Job::Collaboration(programs));
        if programs.opds.len() > super::programs::MATRIX_MAX_OPDS {
            let pairs = super::programs::pair_chunks(programs);
            plain.extend(pairs.into_iter().map(|chunk| Job::Pairs(programs, chunk)));
        }
    }
    plain.push(Job::Metadata);
    if let Some(edges) = &edges {
        plain.push(Job::Edges(edges));
    }
    for job in plain {
        jobs.push(job);
        workbook.add_worksheet();
    }
    let mut queue: Vec<(&mut Worksheet, &Job)> = workbook
        .worksheets_mut()
        .iter_mut()
        .zip(&jobs)
        .filter(|(_, job)| !matches!(job, Job::Filled))
        .collect();
    // Longest first, so that the two threads end together (nationally the Kriteria sheet, when
    // not filled ahead, then Rekomendasi 0.28 s and Komponen 0.19 s; the others 0.1 s or less).
    queue.sort_by_key(|(_, job)| match job {
        Job::Criteria(_) => 0,
        Job::Recommendations => 1,
        Job::Components(_) => 2,
        _ => 3,
    });
    let queue: Vec<_> = queue.into_iter().map(std::sync::Mutex::new).collect();
    crate::parallel::parallel_map(&queue, |m| {
        let mut guard = m.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (sheet, job) = &mut *guard;
        job.fill(sheet, input, &formats, &created)
    })
    .into_iter()
    .collect::<Result<(), ReportError>>()?;
    Ok(workbook.save_to_buffer()?)
}

/// One sheet of the feedback workbook, in order.
enum Job<'a> {
    Summary,
    /// The band chart's sheet, drawn when it was added.
    Chart,
    Components(&'a Scores),
    Criteria(&'a Scores),
    /// A sheet filled before the workbook was begun (see [`CriteriaAhead`]).
    Filled,
    Recommendations,
    Reconciliation(&'a crate::score::reconcile::Reconciliation),
    Consistency(&'a [crate::score::consistency::Inconsistency]),
    Audit,
    Alignment(&'a ProgramScores),
    Collaboration(&'a ProgramScores),
    /// One sheet of linked pairs: the range of pairs it holds.
    Pairs(&'a ProgramScores, std::ops::Range<usize>),
    Metadata,
    Edges(&'a BandEdges),
}

impl Job<'_> {
    fn fill(
        &self,
        sheet: &mut Worksheet,
        input: &FeedbackInput,
        f: &Formats,
        created: &ExcelDateTime,
    ) -> Result<(), ReportError> {
        match self {
            Job::Summary => summary_sheet(sheet, input, f),
            Job::Chart => Ok(()),
            Job::Components(akip) => components_sheet(sheet, input, akip, f),
            Job::Criteria(akip) => criteria_sheet(sheet, input.rubric, input.lang, akip, f),
            Job::Filled => Ok(()),
            Job::Recommendations => super::recommendations::recommendations_sheet(sheet, input, f),
            Job::Reconciliation(r) => {
                super::reconciliation::reconciliation_sheet(sheet, input, r, f)
            }
            Job::Consistency(b) => super::consistency::consistency_sheet(sheet, input, b, f),
            Job::Audit => super::audit::audit_sheet(sheet, input, f),
            Job::Alignment(p) => super::programs::alignment_sheet(sheet, input, p, f),
            Job::Collaboration(p) => super::programs::collaboration_sheet(sheet, input, p, f),
            Job::Pairs(p, chunk) => super::programs::pair_sheet(sheet, input.lang, p, chunk, f),
            Job::Metadata => metadata_sheet(sheet, input, f, created),
            Job::Edges(edges) => edges.write(sheet, input),
        }
    }
}

pub(super) fn title_block(
    sheet: &mut Worksheet,
    title: &str,
    subtitle: &str,
    f: &Formats,
) -> Result<(), ReportError> {
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    sheet.write_string_with_format(1, 0, subtitle, &f.subtitle)?;
    Ok(())
}

pub(super) fn text_width(texts: impl Iterator<Item = usize>, floor: f64) -> f64 {
    let longest = texts.max().unwrap_or(0) as f64;
    (longest * 1.1 + 2.0).clamp(floor, MAX_TEXT_WIDTH)
}

/// A column of the summary table.
enum SummaryColumn {
    Rank,
    Opd,
    Number(String),
    Predicate,
}

/// The summary's columns: rank and OPD, then the AKIP score, predicate and components when
/// there were LKE answers, then the indices and the composite when the ranking holds them.
fn summary_columns(input: &FeedbackInput) -> Vec<(String, SummaryColumn, f64)> {
    let lang = input.lang;
    let mut columns = vec![
        (label("rank", lang).to_string(), SummaryColumn::Rank, 11.0),
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
            columns.push((header, SummaryColumn::Number(c.code.clone()), 18.0));
        }
    }
    for (name, key) in [
        (ALIGNMENT, "alignment"),
        (COLLABORATION, "collaboration"),
        (COMPOSITE, "composite"),
    ] {
        if input.ranking.column(name).is_ok() {
            columns.push((
                label(key, lang).to_string(),
                SummaryColumn::Number(name.into()),
                14.0,
            ));
        }
    }
    columns
}

fn summary_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    let rubric = input.rubric;
    let df = input.ranking;
    sheet.set_name(label("sheet_summary", lang))?;
    let mut subtitle = format!("{} ({})", rubric.title.get(lang), rubric.regime);
    if input.programs.is_some() {
        subtitle = format!("{subtitle}. {}", label("indices_note", lang));
    }
    title_block(sheet, label("title_summary", lang), &subtitle, f)?;
    let row0 = TABLE_HEADER_ROW;
    let columns = summary_columns(input);
    let ranks: Vec<Option<u32>> = df
        .column(out::RANK)?
        .cast(&DataType::UInt32)?
        .u32()?
        .iter()
        .collect();
    let opds = strings(df, col::OPD)?;
    let rows = |i: usize| row0 + 1 + i as u32;
    for (c, (header, kind, width)) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(row0, c, header, &f.header)?;
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
                    sheet.write_string_with_format(rows(i), c, opd, &f.input)?;
                }
            }
            SummaryColumn::Number(name) => {
                for (i, value) in floats(df, name)?.into_iter().enumerate() {
                    match value {
                        Some(v) => sheet.write_number_with_format(rows(i), c, v, &f.number)?,
                        None => sheet.write_blank(rows(i), c, &f.number)?,
                    };
                }
            }
            SummaryColumn::Predicate => {
                for (i, p) in strings(df, out::PREDICATE)?.iter().enumerate() {
                    sheet.write_string_with_format(rows(i), c, p, f.predicate(p))?;
                }
            }
        }
        let width = match kind {
            SummaryColumn::Opd => text_width(opds.iter().map(|s| s.chars().count()), *width),
            _ => *width,
        };
        sheet.set_column_width(c, width)?;
    }
    let last_col = (columns.len() - 1) as u16;
    sheet.set_row_height(row0, 48)?;
    sheet.set_freeze_panes(row0 + 1, 2)?;
    sheet.autofilter(row0, 0, row0 + df.height().max(1) as u32, last_col)?;
    if input.akip.is_some() {
        legend(sheet, rubric, lang, f, last_col + 2)?;
        let predicates = strings(df, out::PREDICATE)?;
        let charted = predicates.iter().filter(|p| !p.is_empty()).count();
        if (1..=MAX_CHART_OPDS).contains(&charted) && charted == df.height() {
            let chart = score_chart(input, &predicates)?;
            let below_legend = row0 + rubric.bands.len() as u32 + 2;
            sheet.insert_chart(below_legend, last_col + 2, &chart)?;
        }
    }
    print_setup(sheet, row0)?;
    Ok(())
}

/// Every OPD's score as a bar in rank order, coloured by its predicate.
fn score_chart(input: &FeedbackInput, predicates: &[String]) -> Result<Chart, ReportError> {
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
const MAX_CHART_SHEET_OPDS: usize = 5_000;

/// The band edges the chart sheet draws as lines: a hidden sheet of constant columns, one per
/// edge, one row per OPD.
struct BandEdges {
    name: String,
    edges: Vec<(String, f64)>,
    rows: usize,
}

impl BandEdges {
    fn write(&self, sheet: &mut Worksheet, input: &FeedbackInput) -> Result<(), ReportError> {
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
fn band_chart(
    workbook: &mut Workbook,
    input: &FeedbackInput,
) -> Result<Option<BandEdges>, ReportError> {
    if input.akip.is_none() {
        return Ok(None);
    }
    let lang = input.lang;
    let predicates = strings(input.ranking, out::PREDICATE)?;
    let n = predicates.len();
    if n == 0 || n > MAX_CHART_SHEET_OPDS || predicates.iter().any(String::is_empty) {
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
    let edges: Vec<(String, f64)> = input
        .rubric
        .bands
        .iter()
        .filter(|b| b.lower > 0.0)
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
    for j in 0..edges.len() {
        let c = 1 + j as u16;
        lines
            .add_series()
            .set_name((data.as_str(), 0, c))
            .set_values((data.as_str(), 1, c, n as u32, c));
    }
    chart.combine(&lines);
    chart.title().set_name(label("chart_title", lang));
    chart.y_axis().set_min(0).set_max(input.rubric.max_score);
    let sheet = workbook.add_chartsheet();
    sheet.set_name(label("sheet_chart", lang))?;
    sheet.insert_chart(0, 0, &chart)?;
    Ok(Some(BandEdges {
        name: data,
        edges,
        rows: n,
    }))
}

/// Each bar's fill: its predicate's colour.
fn predicate_points(input: &FeedbackInput, predicates: &[String]) -> Vec<ChartPoint> {
    predicates
        .iter()
        .map(|p| {
            let color = input
                .rubric
                .bands
                .iter()
                .find(|b| &b.grade == p)
                .map_or("#808080", |b| b.color.as_str());
            ChartPoint::new().set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color)),
            )
        })
        .collect()
}

/// Landscape, one page wide, the table's header repeated on every page.
pub(super) fn print_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), ReportError> {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, header_row)?;
    Ok(())
}

/// The predicate bands beside the ranking, coloured as the predicate cells are.
fn legend(
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

/// Columns of the components sheet: ranking-frame column, header text, component. Each
/// component's nodes at `level` (its sub-components at 2; a branch without nodes there shows
/// its sub-components; at 1 only the totals), then its total.
fn component_columns(rubric: &Rubric, lang: Lang, level: usize) -> Vec<(String, String, usize)> {
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
fn display_code(rubric: &Rubric, node: usize) -> &str {
    let n = &rubric.nodes[node];
    rubric
        .subcomponents()
        .find(|(_, s)| s.key == n.code)
        .map_or(n.code.as_str(), |(_, s)| s.code.as_str())
}

fn components_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    akip: &Scores,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.lang;
    let rubric = input.rubric;
    let df = &akip.ranking;
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
    let ranks = df.column(out::RANK)?.u32()?.iter().collect::<Vec<_>>();
    let opds = strings(df, col::OPD)?;
    for (i, (rank, opd)) in ranks.iter().zip(&opds).enumerate() {
        let row = row0 + 1 + i as u32;
        sheet.write_number_with_format(row, 0, rank.unwrap_or(0), &f.integer)?;
        sheet.write_string_with_format(row, 1, opd, &f.input)?;
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
    let stats_row = row0 + 2 + df.height() as u32;
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
        for (i, value) in floats(df, &name)?.into_iter().enumerate() {
            sheet.write_number_with_format(
                row0 + 1 + i as u32,
                c,
                value.unwrap_or(0.0),
                &f.number,
            )?;
        }
        for (k, value) in floats(&akip.stats, &name)?.into_iter().enumerate() {
            let row = stats_row + k as u32;
            match value {
                Some(v) => sheet.write_number_with_format(row, c, v, &f.stat_number)?,
                None => sheet.write_blank(row, c, &f.stat_number)?,
            };
        }
        sheet.set_column_width(c, 13)?;
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
        row0 + df.height().max(1) as u32,
        1 + columns.len() as u16 + 1,
    )?;
    sheet.set_column_width(0, 11)?;
    sheet.set_column_width(1, text_width(opds.iter().map(|s| s.chars().count()), 20.0))?;
    print_setup(sheet, row0)?;
    Ok(())
}

/// Cell formats for values in [0, 1], one per tenth ([`value_step`]), filled from red through
/// yellow to green, with `num_format` when given.
pub(super) fn value_formats(num_format: Option<&str>) -> Vec<Format> {
    (0..=10u8)
        .map(|s| {
            let format = value_fill(s).set_align(FormatAlign::Center);
            match num_format {
                Some(n) => format.set_num_format(n),
                None => format,
            }
        })
        .collect()
}

/// The index into [`value_formats`] of a value in [0, 1].
pub(super) fn value_step(value: f64) -> usize {
    (value.clamp(0.0, 1.0) * 10.0).round() as usize
}

/// The fill of [`value_step`] `step`, with the thin grey border of the tables.
fn value_fill(step: u8) -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color("#BFBFBF")
        .set_background_color(value_color(step))
}

/// A fill from red (0) through yellow (0.5) to green (1), in eleven steps.
fn value_color(step: u8) -> Color {
    let t = f64::from(step) / 10.0;
    let (from, to, u) = if t < 0.5 {
        ((0xF8, 0x69, 0x6B), (0xFF, 0xEB, 0x84), t * 2.0)
    } else {
        ((0xFF, 0xEB, 0x84), (0x63, 0xBE, 0x7B), (t - 0.5) * 2.0)
    };
    let mix = |a: u32, b: u32| (f64::from(a) + (f64::from(b) - f64::from(a)) * u).round() as u32;
    Color::RGB((mix(from.0, to.0) << 16) | (mix(from.1, to.1) << 8) | mix(from.2, to.2))
}

/// What the Kriteria sheet shows for a criterion left unanswered (scored 0).
const NO_ANSWER: &str = "-";

/// Colours the answers of the Kriteria sheet (rows `first` to `last`) by their value, as
/// [`value_formats`] colours values: for each scale, a rule per code over the columns of the
/// criteria on that scale, and one for [`NO_ANSWER`]. A rule rather than a format per cell:
/// the colour follows an answer edited in the sheet, and a national sheet's 1.76 million cells
/// are written without a format each (the writer looks every cell's format up by hashing it).
fn answer_colours(
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

fn criteria_sheet(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    lang: Lang,
    akip: &Scores,
    f: &Formats,
) -> Result<(), ReportError> {
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
        sheet.set_column_width(c, 7)?;
    }
    // One row per OPD in rank order, one column per criterion in rubric order: the answers are
    // placed in a grid first (22,000 x 80 at national scale), then written row by row.
    let opds = akip.ranking.column(col::OPD)?.str()?;
    let row_of: foldhash::HashMap<&str, usize> = opds
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Some((o?, i)))
        .collect();
    let column_of: foldhash::HashMap<&str, usize> = rubric
        .criteria()
        .enumerate()
        .map(|(j, (_, _, k))| (k.code.as_str(), j))
        .collect();
    let width = column_of.len();
    let crit = &akip.criteria;
    let mut grid: Vec<Option<&str>> = vec![None; opds.len() * width];
    for ((opd, code), answer) in crit
        .column(col::OPD)?
        .str()?
        .iter()
        .zip(crit.column(col::CODE)?.str()?.iter())
        .zip(crit.column(out::ANSWER_CODE)?.str()?.iter())
    {
        let (Some(&i), Some(&j)) = (
            opd.and_then(|o| row_of.get(o)),
            code.and_then(|k| column_of.get(k)),
        ) else {
            continue;
        };
        grid[i * width + j] = Some(answer.unwrap_or(""));
    }
    for (i, opd) in opds.iter().enumerate() {
        let row = row0 + 1 + i as u32;
        sheet.write_string_with_format(row, 0, opd.unwrap_or(""), &f.input)?;
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
    sheet.set_column_width(
        0,
        text_width(
            opds.iter().map(|s| s.map_or(0, |s| s.chars().count())),
            20.0,
        ),
    )?;
    print_setup(sheet, row0)?;
    Ok(())
}

fn metadata_sheet(
    sheet: &mut Worksheet,
    input: &FeedbackInput,
    f: &Formats,
    created: &ExcelDateTime,
) -> Result<(), ReportError> {
    let lang = input.lang;
    let rubric = input.rubric;
    sheet.set_name(label("sheet_metadata", lang))?;
    sheet.write_string_with_format(0, 0, label("title_metadata", lang), &f.title)?;
    let rows: [(&str, String); 4] = [
        ("meta_rubric", rubric.id.clone()),
        ("meta_rubric_title", rubric.title.get(lang).to_string()),
        ("meta_regime", rubric.regime.clone()),
        ("meta_engine", ENGINE_VERSION.to_string()),
    ];
    let mut row = 2;
    for (key, value) in rows {
        sheet.write_string_with_format(row, 0, label(key, lang), &f.stat_label)?;
        sheet.write_string_with_format(row, 1, &value, &f.text)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, label("meta_time", lang), &f.stat_label)?;
    sheet.write_datetime_with_format(row, 1, created, &f.datetime)?;
    row += 1;
    let counts = [
        ("meta_opds", input.ranking.height()),
        (
            "meta_answers",
            input.akip.map_or(0, |a| a.criteria.height()),
        ),
    ];
    for (key, count) in counts {
        sheet.write_string_with_format(row, 0, label(key, lang), &f.stat_label)?;
        sheet.write_number(row, 1, count as f64)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, label("meta_inputs", lang), &f.title)?;
    row += 1;
    for (j, key) in ["meta_file", "meta_sha", "meta_bytes"].iter().enumerate() {
        sheet.write_string_with_format(row, j as u16, label(key, lang), &f.header)?;
    }
    for file in input.files {
        row += 1;
        sheet.write_string_with_format(row, 0, &file.path, &f.input)?;
        sheet.write_string_with_format(row, 1, &file.sha256, &f.text)?;
        sheet.write_number_with_format(row, 2, file.bytes as f64, &f.integer)?;
    }
    let skips: Vec<_> = input
        .ledger
        .map(|l| l.skips().collect())
        .unwrap_or_default();
    if !skips.is_empty() {
        row += 2;
        sheet.write_string_with_format(row, 0, label("meta_skipped", lang), &f.title)?;
        row += 1;
        for (j, key) in ["meta_file", "meta_reason"].iter().enumerate() {
            sheet.write_string_with_format(row, j as u16, label(key, lang), &f.header)?;
        }
        for (path, reason) in &skips {
            row += 1;
            sheet.write_string_with_format(row, 0, *path, &f.input)?;
            sheet.write_string_with_format(row, 1, reason.describe(lang).0, &f.text)?;
        }
    }
    let paths = input.files.iter().map(|x| x.path.as_str());
    let paths = paths.chain(skips.iter().map(|(p, _)| *p));
    sheet.set_column_width(0, text_width(paths.map(|p| p.chars().count()), 28.0))?;
    // The SHA-256 column (64 characters) also holds the reasons files were passed over.
    let reasons = skips
        .iter()
        .map(|(_, r)| r.describe(lang).0.chars().count());
    let longest = reasons.max().unwrap_or(0) as f64 * 1.1 + 2.0;
    sheet.set_column_width(1, longest.clamp(68.0, 120.0))?;
    sheet.set_column_width(2, 14)?;
    Ok(())
}
