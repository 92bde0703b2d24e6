//! The Laporan Hasil Evaluasi (LHE): a letter-like report per OPD, signed by the Inspektur, with
//! the letterhead and signatory of the settings (`sakip init`), the legal basis, the
//! components' scores this year and last year (as percents of their maxima, so that years
//! under different regulations compare), the final score and predicate with its meaning, the
//! evaluator's notes per component, the steps to the next predicate with the criteria's text,
//! and the self-assessment against the final answers. Written with `docx-rs`; text from the
//! inputs is written as text, never interpreted.

use super::labels::label;
use super::output::Output;
use super::per_opd::Context;
use super::ReportError;
use crate::calendar::iso_time;
use crate::lang::Lang;
use crate::score::path::Path as StepPath;
use crate::settings::{Paper, Settings};
use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, Shading, Table, TableCell, TableRow, WidthType,
};

/// The file name of an OPD's LHE: its scorecard's, as a `.docx`.
pub fn lhe_name(scorecard: &str) -> String {
    match scorecard.strip_suffix(".xlsx") {
        Some(stem) => format!("{stem}.docx"),
        None => format!("{scorecard}.docx"),
    }
}

/// A number as the document's language writes it: `87,00` in Indonesian, `87.00` in English.
pub fn decimal(value: f64, lang: Lang) -> String {
    let text = format!("{value:.2}");
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

/// Writes every OPD's LHE into `dir` (a folder of the run's own, swapped in whole like the
/// scorecards'), numbered in rank order and named like the scorecards; returns the paths.
///
/// # Errors
/// [`ReportError`] when a frame lacks a column or a file cannot be written.
pub fn write_lhe(
    ctx: &Context,
    settings: &Settings,
    dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, ReportError> {
    let names = super::scorecard::scorecard_names(&ctx.ranks, &ctx.opds);
    let jobs: Vec<usize> = (0..ctx.opds.len()).collect();
    crate::parallel::parallel_map(&jobs, |&i| {
        let lhe = OpdLhe {
            ctx,
            settings,
            i,
            name: lhe_name(&names[i]),
        };
        super::output::write_into(dir, &lhe.file_name(), &lhe.bytes()?)
    })
    .into_iter()
    .collect()
}

/// The city's LHE as an [`Output`]: `lhe-kota.docx`.
pub struct CityLhe<'a> {
    /// What it is made from.
    pub facts: &'a Context<'a>,
    /// The letterhead and signatory.
    pub settings: &'a Settings,
}

/// The city's LHE's file name, beside the feedback workbook.
pub const CITY_LHE_FILE: &str = "lhe-kota.docx";

impl super::output::Output for CityLhe<'_> {
    fn file_name(&self) -> String {
        CITY_LHE_FILE.to_string()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        city_lhe(self.facts, self.settings)
    }
}

/// How many of the city's weakest criteria the city's LHE lists.
const WEAKEST: usize = 10;

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
    doc = doc.add_paragraph(heading(&t("lhe_basis")));
    doc = doc.add_paragraph(text(&format!(
        "{} {} ({}).",
        t("lhe_basis_text"),
        rubric.regime,
        rubric.title.get(lang)
    )));
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
    // The predicate distribution, a bar of blocks per predicate.
    let mut rows = vec![header_row(&[
        t("predicate"),
        t("lhe_meaning"),
        t("lhe_opd_count"),
        t("lhe_share"),
        String::new(),
    ])];
    for band in &rubric.bands {
        let count = ctx.predicates.iter().filter(|p| **p == band.grade).count();
        let share = count as f64 / n.max(1) as f64 * 100.0;
        let cells = [
            band.grade.clone(),
            band.label.get(lang).to_string(),
            count.to_string(),
            format!("{} %", decimal(share, lang)),
            "█".repeat((share / 5.0).round() as usize),
        ];
        rows.push(graded_row(&cells, Some(band)));
    }
    let grid = vec![1100, 2254, 1200, 1200, 3600];
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
        let value = ctx.columns.values[r].unwrap_or(0.0);
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

/// The document's bytes.
fn pack(doc: Docx, name: &str) -> Result<Vec<u8>, ReportError> {
    let mut bytes = Vec::new();
    doc.build()
        .pack(std::io::Cursor::new(&mut bytes))
        .map_err(|e| ReportError::Io {
            path: format!("{name}.docx"),
            source: std::io::Error::other(e.to_string()),
        })?;
    Ok(bytes)
}

/// One OPD's LHE as an output: the OPD at `i` in `ctx`, numbered `i + 1`, named `name`.
struct OpdLhe<'a> {
    ctx: &'a Context<'a>,
    settings: &'a Settings,
    i: usize,
    name: String,
}

impl super::output::Output for OpdLhe<'_> {
    fn file_name(&self) -> String {
        self.name.clone()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        let paper = self.ctx.input.paper;
        opd_lhe(self.ctx, self.settings, paper, self.i, self.i + 1)
    }
}

/// The LHE of the OPD at `i` in `ctx`, numbered `number`, as `.docx` bytes.
///
/// # Errors
/// [`ReportError::Io`] when the document cannot be packed.
pub(crate) fn opd_lhe(
    ctx: &Context,
    settings: &Settings,
    paper: Paper,
    i: usize,
    number: usize,
) -> Result<Vec<u8>, ReportError> {
    let input = ctx.input;
    let (lang, rubric, year) = (input.lang, input.rubric, input.year);
    let opd = &ctx.opds[i];
    let t = |key: &str| label(key, lang).to_string();
    let mut doc = page(Docx::new(), paper).created_at(&iso_time(input.run_time_unix));
    doc = letterhead(doc, settings);
    // The title and number.
    for line in [
        t("lhe_title"),
        opd.to_uppercase(),
        format!("{} {year}", t("year_upper")),
    ] {
        doc = doc.add_paragraph(centered(&line, true, 24));
    }
    if let Some(pattern) = &settings.report.number {
        let number = pattern
            .replace("{no}", &number.to_string())
            .replace("{year}", &year.to_string());
        doc = doc.add_paragraph(centered(
            &format!("{}: {number}", t("lhe_number")),
            false,
            22,
        ));
    }
    // A. The legal basis and the object.
    doc = doc.add_paragraph(heading(&t("lhe_basis")));
    doc = doc.add_paragraph(text(&format!(
        "{} {} ({}).",
        t("lhe_basis_text"),
        rubric.regime,
        rubric.title.get(lang)
    )));
    doc = doc.add_paragraph(text(&format!(
        "{}: {opd}. {}: {year}.",
        t("lhe_object"),
        t("lhe_period")
    )));
    // B. The results: components this year and last.
    doc = doc.add_paragraph(heading(&t("lhe_results")));
    let past = input.past.and_then(|p| p.get(opd)).and_then(|points| {
        points
            .iter()
            .filter(|p| p.year < year)
            .max_by_key(|p| p.year)
    });
    let mut rows = vec![header_row(&[
        t("lhe_no"),
        t("component"),
        t("lhe_weight"),
        format!("{} {year}", t("score")),
        format!("% {year}"),
        past.map_or_else(|| t("lhe_last_year"), |p| format!("% {}", p.year)),
        t("lhe_change"),
    ])];
    for (k, component) in rubric.components.iter().enumerate() {
        let score = ctx.components[k][i];
        let percent = score / component.weight * 100.0;
        let before = past.and_then(|p| p.components.get(&component.key).copied());
        let change = before.map(|b| percent - b);
        rows.push(body_row(&[
            component.code.clone(),
            component.name.get(lang).to_string(),
            decimal(component.weight, lang),
            decimal(score, lang),
            decimal(percent, lang),
            before.map_or_else(|| "-".into(), |b| decimal(b, lang)),
            change.map_or_else(|| "-".into(), |c| signed(c, lang)),
        ]));
    }
    let score = ctx.scores[i];
    rows.push(body_row(&[
        String::new(),
        t("lhe_final_score"),
        decimal(rubric.max_score, lang),
        decimal(score, lang),
        decimal(score / rubric.max_score * 100.0, lang),
        past.map_or_else(|| "-".into(), |p| decimal(p.percent, lang)),
        past.map_or_else(
            || "-".into(),
            |p| signed(score / rubric.max_score * 100.0 - p.percent, lang),
        ),
    ]));
    // Twips across the page's 9,354 between the margins: the component's name the widest.
    let grid = vec![500, 3254, 900, 1100, 1100, 1200, 1300];
    doc = doc.add_table(table(rows, grid));
    let grade = &ctx.predicates[i];
    let meaning = rubric
        .bands
        .iter()
        .find(|b| &b.grade == grade)
        .map_or(String::new(), |b| b.label.get(lang).to_string());
    doc = doc.add_paragraph(text(&format!(
        "{} {} {} {grade} ({meaning}). {} {} {} {}.",
        t("lhe_final_is"),
        decimal(score, lang),
        t("lhe_with_predicate"),
        t("lhe_rank"),
        ctx.ranks[i],
        t("lhe_of"),
        ctx.opds.len()
    )));
    // C. The evaluator's notes, per component, each once.
    doc = doc.add_paragraph(heading(&t("lhe_notes")));
    let notes = notes_by_component(ctx, i);
    if notes.iter().all(Vec::is_empty) {
        doc = doc.add_paragraph(text(&t("lhe_no_notes")));
    }
    for (k, component) in rubric.components.iter().enumerate() {
        if notes[k].is_empty() {
            continue;
        }
        doc = doc.add_paragraph(bold(component.name.get(lang)));
        for note in &notes[k] {
            doc = doc.add_paragraph(bullet(note));
        }
    }
    // D. What to do: the steps to the next predicate, with the criteria's text.
    doc = doc.add_paragraph(heading(&t("lhe_recommendations")));
    match ctx.paths.get(opd) {
        Some(StepPath::Steps { target, steps, .. }) => {
            doc = doc.add_paragraph(text(&format!(
                "{} {target} ({} {}):",
                t("lhe_steps_to"),
                steps.len(),
                t("lhe_steps")
            )));
            for step in steps {
                let criterion = rubric
                    .node_place(&step.code)
                    .map_or(step.code.as_str(), |n| rubric.nodes[n].name.get(lang))
                    .trim_end_matches('.');
                doc = doc.add_paragraph(bullet(&format!(
                    "{} {criterion}: {} {} → {} (+{} {}).",
                    step.code,
                    t("lhe_from"),
                    step.from,
                    step.to,
                    decimal(step.points, lang),
                    t("lhe_points")
                )));
            }
        }
        Some(StepPath::Top) => doc = doc.add_paragraph(text(&t("path_top"))),
        Some(StepPath::Unreachable { target }) => {
            let line = format!("{}: {target}. {}", t("target"), t("path_unreachable"));
            doc = doc.add_paragraph(text(&line));
        }
        None => {}
    }
    // What to do for each weak criterion (a step's, or one at half its best or under), in the
    // rubric's words where it has them, marked as sakip's.
    let weak = weak_criteria(ctx, i);
    if !weak.is_empty() {
        doc = doc.add_paragraph(bold(&t("lhe_per_criterion")));
        for (code, text, recommendation) in weak {
            let line = match recommendation {
                Some(r) => format!("{code} {text}: {r}"),
                None => format!("{code} {text}."),
            };
            doc = doc.add_paragraph(bullet(&line));
        }
        doc = doc.add_paragraph(small(&t("lhe_sakip_wording")));
    }
    // E. The self-assessment against the final answers.
    if let Some(r) = input
        .reconciliation
        .and_then(|r| r.opds.iter().find(|o| &o.opd == opd))
    {
        doc = doc.add_paragraph(heading(&t("lhe_reconciliation")));
        doc = doc.add_paragraph(text(&format!(
            "{} {}; {} {}.",
            t("lhe_own_score"),
            decimal(r.own_score, lang),
            t("lhe_final_score_lower"),
            decimal(r.final_score, lang)
        )));
    }
    doc = signature(doc, settings);
    pack(doc, opd)
}

/// The page: A4 or F4 in twips, margins of about 2.5 cm.
fn page(doc: Docx, paper: Paper) -> Docx {
    let (w, h) = match paper {
        Paper::A4 => (11906, 16838),
        Paper::F4 => (12189, 18709),
    };
    doc.page_size(w, h).page_margin(
        PageMargin::new()
            .top(1134)
            .bottom(1134)
            .left(1418)
            .right(1134),
    )
}

/// The letterhead: the government, the Inspektorat, its address, and a rule under them.
fn letterhead(mut doc: Docx, settings: &Settings) -> Docx {
    let g = &settings.government;
    if let Some(name) = &g.name {
        doc = doc.add_paragraph(centered(&name.to_uppercase(), true, 28));
    }
    if let Some(inspectorate) = &g.inspectorate {
        doc = doc.add_paragraph(centered(&inspectorate.to_uppercase(), true, 26));
    }
    let address = g.address.clone().unwrap_or_default();
    let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Double)
        .size(6);
    let mut last = centered(&address, false, 20);
    last.property = last
        .property
        .set_borders(ParagraphBorders::with_empty().set(rule));
    doc.add_paragraph(last)
}

/// The signature block: the place and date, the position, room to sign, the name, rank and
/// NIP.
fn signature(mut doc: Docx, settings: &Settings) -> Docx {
    let s = &settings.signatory;
    let place = settings.government.city.clone().unwrap_or_default();
    let date = settings.report.date.clone().unwrap_or_default();
    let dated = match (place.is_empty(), date.is_empty()) {
        (false, false) => format!("{place}, {date}"),
        (false, true) => place,
        _ => date,
    };
    // The block kept on one page: each paragraph kept with the next.
    let mut block = vec![Paragraph::new()];
    for line in [dated, s.position.clone().unwrap_or_default()] {
        block.push(right(&line, false));
    }
    block.extend((0..3).map(|_| Paragraph::new()));
    if let Some(name) = &s.name {
        block.push(right(name, true));
    }
    if let Some(rank) = &s.rank {
        block.push(right(rank, false));
    }
    if let Some(nip) = &s.nip {
        block.push(right(&format!("NIP. {nip}"), false));
    }
    let last = block.len() - 1;
    for (k, p) in block.into_iter().enumerate() {
        doc = doc.add_paragraph(p.keep_next(k < last));
    }
    doc
}

/// The evaluator's notes of the OPD at `i`, per component, in criterion order, each once.
fn notes_by_component(ctx: &Context, i: usize) -> Vec<Vec<String>> {
    let rubric = ctx.input.rubric;
    let mut out = vec![Vec::new(); rubric.components.len()];
    let Some(rows) = ctx.criteria.get(&ctx.opds[i]) else {
        return out;
    };
    for &r in rows {
        let note = ctx.columns.notes[r].trim();
        if note.is_empty() {
            continue;
        }
        let Some(k) = component_of(rubric, &ctx.columns.codes[r]) else {
            continue;
        };
        if !out[k].iter().any(|n: &String| n == note) {
            out[k].push(note.to_string());
        }
    }
    out
}

/// The weak criteria of the OPD at `i`, in the rubric's order: those its steps raise, and those
/// at half their best value or under; each with its text and the rubric's recommendation.
fn weak_criteria(ctx: &Context, i: usize) -> Vec<(String, String, Option<String>)> {
    let (rubric, lang) = (ctx.input.rubric, ctx.input.lang);
    let opd = &ctx.opds[i];
    let mut weak: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    if let Some(StepPath::Steps { steps, .. }) = ctx.paths.get(opd) {
        weak.extend(steps.iter().map(|s| s.code.as_str()));
    }
    for &r in ctx.criteria.get(opd).map_or(&[][..], Vec::as_slice) {
        if ctx.columns.values[r].is_none_or(|v| v <= 0.5) {
            weak.insert(ctx.columns.codes[r].as_str());
        }
    }
    rubric
        .criteria()
        .filter(|(_, _, k)| weak.contains(k.code.as_str()))
        .map(|(_, _, k)| {
            let text = k.text.get(lang).trim_end_matches('.').to_string();
            let recommendation = k.recommendation.as_ref().map(|r| r.get(lang).to_string());
            (k.code.clone(), text, recommendation)
        })
        .collect()
}

/// The place among the components of the component criterion `code` lies under.
fn component_of(rubric: &crate::rubric::Rubric, code: &str) -> Option<usize> {
    let mut n = rubric.node_place(code)?;
    while let Some(p) = rubric.nodes[n].parent {
        n = p;
    }
    let root = &rubric.nodes[n].code;
    rubric.components.iter().position(|c| &c.code == root)
}

/// A change in percent points: `+2,50`, `-1,00`.
fn signed(value: f64, lang: Lang) -> String {
    match value >= 0.0 {
        true => format!("+{}", decimal(value, lang)),
        false => decimal(value, lang),
    }
}

fn run(text: &str, bold: bool, size: usize) -> Run {
    let run = Run::new().add_text(text).size(size);
    match bold {
        true => run.bold(),
        false => run,
    }
}

fn centered(line: &str, bold: bool, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(line, bold, size))
        .align(AlignmentType::Center)
}

fn right(line: &str, bold: bool) -> Paragraph {
    Paragraph::new()
        .add_run(run(line, bold, 22))
        .align(AlignmentType::Right)
}

fn heading(line: &str) -> Paragraph {
    Paragraph::new().add_run(run(line, true, 24))
}

fn bold(line: &str) -> Paragraph {
    Paragraph::new().add_run(run(line, true, 22))
}

fn text(line: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(line, false, 22))
        .align(AlignmentType::Both)
}

fn small(line: &str) -> Paragraph {
    Paragraph::new().add_run(run(line, false, 18).italic())
}

fn bullet(line: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(&format!("• {line}"), false, 22))
        .indent(Some(360), None, None, None)
}

/// A table across the page, its columns `grid` twips wide.
fn table(rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    Table::new(rows).set_grid(grid).width(5000, WidthType::Pct)
}

/// A table cell holding `text`.
fn cell(text: &str, bold: bool) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(run(text, bold, 20)))
}

fn header_row(cells: &[String]) -> TableRow {
    TableRow::new(cells.iter().map(|c| cell(c, true)).collect())
}

/// A row whose first cell is a predicate, filled with its band's colour (`#1E8449`) and in
/// its band's font colour.
fn graded_row(cells: &[String], band: Option<&crate::rubric::Band>) -> TableRow {
    let mut row = cells.iter().map(|c| cell(c, false)).collect::<Vec<_>>();
    if let (Some(band), Some(first)) = (band, cells.first()) {
        let fill = band.color.trim_start_matches('#');
        let font = band.font_color.trim_start_matches('#');
        let grade = run(first, true, 20).color(font);
        row[0] = TableCell::new()
            .add_paragraph(Paragraph::new().add_run(grade))
            .shading(Shading::new().fill(fill));
    }
    TableRow::new(row)
}

fn body_row(cells: &[String]) -> TableRow {
    TableRow::new(cells.iter().map(|c| cell(c, false)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_the_language_writes_them() {
        assert_eq!(decimal(87.0, Lang::Id), "87,00");
        assert_eq!(decimal(26.1, Lang::En), "26.10");
        assert_eq!(signed(2.5, Lang::Id), "+2,50");
        assert_eq!(signed(-1.0, Lang::Id), "-1,00");
        assert_eq!(lhe_name("05-inspektorat.xlsx"), "05-inspektorat.docx");
    }
}
