//! The Laporan Hasil Evaluasi (LHE): a letter-like report per OPD, signed by the Inspektur, with
//! the letterhead and signatory of the settings (`sakip init`), the legal basis, the
//! components' scores this year and last year (as percents of their maxima, so that years
//! under different regulations compare), the final score and predicate with its meaning, the
//! evaluator's notes per component, the steps to the next predicate with the criteria's text,
//! and the self-assessment against the final answers. Written with `docx-rs`; text from the
//! inputs is written as text, never interpreted.

mod chart;
mod city;
mod opd;

pub use city::{city_lhe, CityLhe, CITY_LHE_FILE};

use super::output::Output;
use super::per_opd::Context;
use super::ReportError;
use crate::lang::Lang;
use crate::settings::{Paper, Settings};
use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Pic, Run, Shading, Table, TableCell, TableRow,
    WidthType,
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
        let lhe = opd::OpdLhe {
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

/// A centred paragraph holding the PNG `png` of `size` pixels, shown `width_cm` wide. Its
/// relationship id is fixed (one picture a document), so that the bytes do not depend on how
/// many documents the process has written before.
fn picture(png: Vec<u8>, size: (u32, u32), width_cm: f64) -> Paragraph {
    const EMU_PER_CM: f64 = 360_000.0;
    let width = (width_cm * EMU_PER_CM).round() as u32;
    let height = (width_cm * EMU_PER_CM * f64::from(size.1) / f64::from(size.0)).round() as u32;
    let pic = Pic::new_with_dimensions(png, size.0, size.1)
        .size(width, height)
        .id("rIdImage1");
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_image(pic))
}

/// The legal basis: the rubric's regulation and title, under its heading.
fn basis(doc: Docx, rubric: &crate::rubric::Rubric, lang: Lang) -> Docx {
    let t = |key: &str| super::labels::label(key, lang).to_string();
    doc.add_paragraph(heading(&t("lhe_basis")))
        .add_paragraph(text(&format!(
            "{} {} ({}).",
            t("lhe_basis_text"),
            rubric.regime,
            rubric.title.get(lang)
        )))
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
