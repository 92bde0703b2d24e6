//! Input templates that prevent bad input: an official-layout LKE workbook with one sheet per
//! OPD, and the tidy program-data sheet, each with drop-down lists and protected structure.
//!
//! LKE answer cells accept only their scale's codes; structure cells are locked (the sheet is
//! protected without a password) while answer, note and evidence cells are not. A template,
//! filled in, reads back through the official LKE and tidy program layouts.

use super::labels::label;
use super::page::Print;
use super::style::Formats;
use super::ReportError;
use crate::ingest::tables::Priority;
use crate::lang::Lang;
use crate::rubric::{AlignmentRubric, CollaborationRubric, ProgramColumn, Rubric};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Formula, Note, Worksheet,
};

/// Excel's longest sheet name.
const SHEET_NAME_MAX: usize = 31;
/// Rows of the program template that carry drop-downs.
const PROGRAM_ROWS: u32 = 2_000;

/// A sheet name from `name`: Excel's forbidden characters replaced, at most 31 characters,
/// unique among `taken` (a number is added where needed).
pub fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let base: String = clean.chars().take(SHEET_NAME_MAX).collect();
    let base = if base.is_empty() {
        "OPD".to_string()
    } else {
        base
    };
    let lower = |s: &str| s.to_lowercase();
    if !taken.iter().any(|t| lower(t) == lower(&base)) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let keep = SHEET_NAME_MAX - suffix.chars().count();
            format!("{}{suffix}", base.chars().take(keep).collect::<String>())
        })
        .find(|candidate| !taken.iter().any(|t| lower(t) == lower(candidate)))
        .unwrap_or(base)
}

/// The LKE template as an [`Output`](super::output::Output) (`template-lke.xlsx`).
pub struct LkeTemplate<'a> {
    /// The rubric whose criteria and scales the sheets hold.
    pub rubric: &'a Rubric,
    /// The OPDs, a sheet each.
    pub opds: &'a [String],
    /// How its pages print.
    pub print: &'a Print,
}

impl super::output::Output for LkeTemplate<'_> {
    fn file_name(&self) -> String {
        "template-lke.xlsx".to_string()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        lke_template(self.rubric, self.opds, self.print)
    }
}

/// The program-data template as an [`Output`](super::output::Output) (`template-program.xlsx`).
pub struct ProgramsTemplate<'a> {
    /// The OPDs of the drop-down.
    pub opds: &'a [String],
    /// The mayor's priorities.
    pub priorities: &'a [Priority],
    /// The indices' vocabularies.
    pub rubrics: (&'a AlignmentRubric, &'a CollaborationRubric),
    /// The columns and their headers.
    pub columns: &'a [ProgramColumn],
    /// How its pages print.
    pub print: &'a Print,
}

impl super::output::Output for ProgramsTemplate<'_> {
    fn file_name(&self) -> String {
        "template-program.xlsx".to_string()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        programs_template(
            self.opds,
            self.priorities,
            self.rubrics,
            self.columns,
            self.print,
        )
    }
}

/// The official-layout LKE template: an instructions sheet, then one sheet per OPD.
///
/// # Errors
/// [`ReportError::Xlsx`] when Excel refuses the content.
pub fn lke_template(
    rubric: &Rubric,
    opds: &[String],
    print: &Print,
) -> Result<Vec<u8>, ReportError> {
    let lang = print.lang;
    let f = Formats::with_bands(std::iter::empty());
    let mut workbook = super::new_workbook();
    let sheet = workbook.add_worksheet();
    instructions(sheet, rubric, lang, &f)?;
    print.list(sheet)?;
    let mut taken = vec![label("template_instructions", lang).to_string()];
    for opd in opds {
        let name = sheet_name(opd, &taken);
        taken.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        lke_sheet(sheet, rubric, opd, lang, &f)?;
        // The criteria with every tier's answer, value and note, the header rows repeated.
        print.table(sheet, 6)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn instructions(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    lang: Lang,
    f: &Formats,
) -> Result<(), ReportError> {
    sheet.set_name(label("template_instructions", lang))?;
    sheet.write_string_with_format(0, 0, label("template_title", lang), &f.title)?;
    sheet.write_string(
        1,
        0,
        format!("{} ({})", rubric.title.get(lang), rubric.regime),
    )?;
    for (i, key) in [
        "template_step_1",
        "template_step_2",
        "template_step_3",
        "template_step_4",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(3 + i as u32, 0, label(key, lang))?;
    }
    let mut row = 8;
    for scale in rubric.scales.values() {
        sheet.write_string_with_format(row, 0, scale.name.get(lang), &f.stat_label)?;
        row += 1;
        for code in &scale.codes {
            sheet.write_string(row, 0, &code.code)?;
            sheet.write_string(row, 1, code.label.get(lang))?;
            row += 1;
        }
        row += 1;
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 60)?;
    Ok(())
}

/// The columns of one tier in an OPD sheet: its answer, its live value and its note.
const TIER_COLUMNS: u16 = 3;
/// The first tier's first column (after No, the criterion and its weight).
const FIRST_TIER_COLUMN: u16 = 3;

/// A tier's column-group header: its first header word in capitals, else its name (the
/// official layout reads the tiers back by these words).
fn tier_header(rubric: &Rubric, tier: &str) -> String {
    let words = rubric.tier_words.iter().find(|(t, _)| t == tier);
    match words.and_then(|(_, w)| w.first()) {
        Some(word) => word.to_uppercase(),
        None => tier.to_uppercase(),
    }
}

fn lke_sheet(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    opd: &str,
    lang: Lang,
    f: &Formats,
) -> Result<(), ReportError> {
    let tiers = rubric.tiers.len().max(1) as u16;
    let evidence = FIRST_TIER_COLUMN + TIER_COLUMNS * tiers;
    // The Nilai formulas carry an empty result, not 0: a program that does not recalculate on
    // opening (LibreOffice's default, previewers) then does, or shows a blank, never a 0.
    sheet.set_formula_result_default("");
    sheet.merge_range(
        0,
        0,
        0,
        evidence,
        "LEMBAR KERJA EVALUASI AKUNTABILITAS KINERJA INSTANSI PEMERINTAH",
        &f.title,
    )?;
    sheet.write_string(
        1,
        0,
        format!("{} ({})", rubric.title.get(lang), rubric.regime),
    )?;
    sheet.write_string(3, 0, "Perangkat Daerah")?;
    sheet.write_string(3, 1, ":")?;
    sheet.write_string_with_format(3, 2, opd, &Format::new().set_bold().set_quote_prefix())?;
    sheet.merge_range(5, 0, 6, 0, "No", &f.header)?;
    sheet.merge_range(5, 1, 6, 1, "Komponen/Sub Komponen/Kriteria", &f.header)?;
    sheet.merge_range(5, 2, 6, 2, "Bobot", &f.header)?;
    for (t, tier) in rubric.tiers.iter().enumerate() {
        let c = FIRST_TIER_COLUMN + TIER_COLUMNS * t as u16;
        sheet.merge_range(
            5,
            c,
            5,
            c + TIER_COLUMNS - 1,
            &tier_header(rubric, tier),
            &f.header,
        )?;
        for (i, h) in ["Jawaban", "Nilai", "Catatan"].iter().enumerate() {
            sheet.write_string_with_format(6, c + i as u16, *h, &f.header)?;
        }
    }
    sheet.merge_range(5, evidence, 6, evidence, "Bukti", &f.header)?;
    let mut row = 7;
    // A rubric given as a tree is numbered with its nodes' whole codes (`A.I.1.i.a`), as
    // regional LKEs with codes in their own column are; the three levels of the 88/2021 LKE
    // as the regulation numbers them (`1`, `a`, `1`).
    let whole_codes = rubric.subcomponents().any(|(_, s)| s.code == s.key);
    let criterion_row = |sheet: &mut Worksheet,
                         row: u32,
                         no: &dyn Fn(&mut Worksheet) -> Result<(), ReportError>,
                         criterion: &crate::rubric::Criterion|
     -> Result<(), ReportError> {
        no(sheet)?;
        sheet.write_string_with_format(row, 1, &criterion.text.id, &f.wrapped)?;
        // Tall enough for the text wrapped in its 70-character column.
        let lines = criterion.text.id.chars().count().div_ceil(76).max(1);
        sheet.set_row_height(row, 15.0 * lines as f64)?;
        match criterion.weight {
            Some(w) => sheet.write_number_with_format(row, 2, w, &f.wrapped)?,
            None => sheet.write_blank(row, 2, &f.wrapped)?,
        };
        let scale = rubric.scales.get(&criterion.scale);
        for t in 0..tiers {
            let c = FIRST_TIER_COLUMN + TIER_COLUMNS * t;
            answer_cells(sheet, row, c, scale, lang, f)?;
        }
        sheet.write_blank(row, evidence, &f.open)?;
        Ok(())
    };
    if whole_codes {
        let criteria: Vec<&crate::rubric::Criterion> =
            rubric.criteria().map(|(_, _, k)| k).collect();
        for node in &rubric.nodes {
            match node.criterion {
                Some(k) => {
                    let code = node.code.clone();
                    let no = move |sheet: &mut Worksheet| -> Result<(), ReportError> {
                        sheet.write_string_with_format(row, 0, &code, &f.wrapped)?;
                        Ok(())
                    };
                    criterion_row(sheet, row, &no, criteria[k])?;
                    // Its count rows: a number each, in every tier, read and kept beside it.
                    for count in &criteria[k].counts {
                        row += 1;
                        sheet.write_blank(row, 0, &f.wrapped)?;
                        sheet.write_string_with_format(row, 1, count, &f.wrapped)?;
                        sheet.write_blank(row, 2, &f.wrapped)?;
                        let whole = DataValidation::new()
                            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0));
                        for t in 0..tiers {
                            let c = FIRST_TIER_COLUMN + TIER_COLUMNS * t;
                            sheet.write_blank(row, c, &f.open)?;
                            sheet.add_data_validation(row, c, row, c, &whole)?;
                        }
                    }
                }
                None => {
                    sheet.write_string_with_format(row, 0, &node.code, &f.stat_label)?;
                    sheet.write_string_with_format(row, 1, &node.name.id, &f.stat_label)?;
                    match node.weight {
                        Some(w) => sheet.write_number_with_format(row, 2, w, &f.stat_label)?,
                        None => sheet.write_blank(row, 2, &f.stat_label)?,
                    };
                }
            }
            row += 1;
        }
    } else {
        for component in &rubric.components {
            sheet.write_string_with_format(row, 0, &component.code, &f.stat_label)?;
            sheet.write_string_with_format(row, 1, &component.name.id, &f.stat_label)?;
            sheet.write_number_with_format(row, 2, component.weight, &f.stat_label)?;
            row += 1;
            for sub in &component.subcomponents {
                sheet.write_string_with_format(row, 0, &sub.code, &f.stat_label)?;
                sheet.write_string_with_format(row, 1, &sub.name.id, &f.stat_label)?;
                sheet.write_number_with_format(row, 2, sub.weight, &f.stat_label)?;
                row += 1;
                for criterion in &sub.criteria {
                    let number = criterion.number as f64;
                    let no = move |sheet: &mut Worksheet| -> Result<(), ReportError> {
                        sheet.write_number_with_format(row, 0, number, &f.wrapped)?;
                        Ok(())
                    };
                    criterion_row(sheet, row, &no, criterion)?;
                    row += 1;
                }
            }
        }
    }
    sheet.set_column_width(0, if whole_codes { 16 } else { 6 })?;
    sheet.set_column_width(1, 70)?;
    for t in 0..tiers {
        let c = FIRST_TIER_COLUMN + TIER_COLUMNS * t;
        sheet.set_column_width(c, 10)?;
        sheet.set_column_width(c + 1, 8)?;
        sheet.set_column_width(c + 2, 36)?;
    }
    sheet.set_column_width(evidence, 40)?;
    sheet.set_freeze_panes(7, 2)?;
    sheet.protect();
    Ok(())
}

/// One tier's cells of a criterion row at column `c`: the answer (a drop-down of the scale's
/// codes, nothing else accepted), its value as a live formula Excel recomputes as the answer is
/// typed (blank while unanswered), and the note.
fn answer_cells(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    scale: Option<&crate::rubric::Scale>,
    lang: Lang,
    f: &Formats,
) -> Result<(), ReportError> {
    sheet.write_blank(row, c, &f.open)?;
    sheet.write_blank(row, c + 2, &f.open)?;
    let Some(scale) = scale else {
        return Ok(());
    };
    let answer = rust_xlsxwriter::utility::row_col_to_cell(row, c);
    if let Some(number) = scale.number {
        // A number: typed as 0.85, 85 or 85 % for a percentage, on its range for an index.
        let (low, high) = match number.percent {
            true => (0.0, 100.0),
            false => (number.min, number.max),
        };
        let rule = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(low, high))
            .set_error_title(label("template_error_title", lang))?
            .set_error_message(format!(
                "{}: {}",
                label("template_error", lang),
                number.describe()
            ))?;
        sheet.add_data_validation(row, c, row, c, &rule)?;
        let value = match number.percent {
            true => format!("MIN(1,IF({answer}>1,{answer}/100,{answer}))"),
            false => {
                let (min, span) = (number.min, number.max - number.min);
                format!("({answer}-{min})/{span}")
            }
        };
        let formula = format!("=IF({answer}=\"\",\"\",{value})");
        sheet.write_formula_with_format(row, c + 1, Formula::new(formula), &f.wrapped)?;
        return Ok(());
    }
    let codes: Vec<&str> = scale.codes.iter().map(|c| c.code.as_str()).collect();
    let rule = DataValidation::new()
        .allow_list_strings(&codes)?
        .set_error_title(label("template_error_title", lang))?
        .set_error_message(format!(
            "{}: {}",
            label("template_error", lang),
            codes.join(", ")
        ))?;
    sheet.add_data_validation(row, c, row, c, &rule)?;
    let quoted: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
    let values: Vec<String> = scale
        .codes
        .iter()
        .map(|c| crate::messages::format_number(c.value))
        .collect();
    let formula = format!(
        "=IF({answer}=\"\",\"\",IFERROR(INDEX({{{}}},MATCH({answer},{{{}}},0)),\"\"))",
        values.join(","),
        quoted.join(",")
    );
    sheet.write_formula_with_format(row, c + 1, Formula::new(formula), &f.wrapped)?;
    Ok(())
}

/// The tidy program-data template: its header, drop-downs for OPD names, priority ids,
/// pentahelix kinds, indicator kinds and horizons (lists on a hidden sheet).
///
/// # Errors
/// [`ReportError::Xlsx`] when Excel refuses the content.
pub fn programs_template(
    opds: &[String],
    priorities: &[Priority],
    (alignment, collaboration): (&AlignmentRubric, &CollaborationRubric),
    columns: &[ProgramColumn],
    print: &Print,
) -> Result<Vec<u8>, ReportError> {
    let lang = print.lang;
    let f = Formats::with_bands(std::iter::empty());
    let mut workbook = super::new_workbook();
    let lists_name = label("template_lists", lang).to_string();
    let header: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let pentahelix: Vec<String> = collaboration
        .pentahelix_kinds
        .iter()
        .map(|k| format!("{k}:"))
        .collect();
    let ids: Vec<String> = priorities.iter().map(|p| p.id.clone()).collect();
    let lists: [(&str, &[String]); 5] = [
        ("opd", opds),
        ("prioritas", &ids),
        ("mitra_pentahelix", &pentahelix),
        ("jenis_indikator", &alignment.indicator_kinds),
        ("horizon", &alignment.horizons),
    ];
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name(label("template_programs_sheet", lang))?;
        // Names and texts wide; the rest as wide as their header.
        let widths: Vec<f64> = columns
            .iter()
            .enumerate()
            .map(|(c, column)| match c < 5 {
                true => 30.0,
                false => (column.name.len() as f64 + 3.0).max(16.0),
            })
            .collect();
        for (c, column) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, &column.name, &f.header)?;
            sheet.set_column_width(c as u16, widths[c])?;
            let note = Note::new(header_note(column, lang)).set_width(320);
            sheet.insert_note(0, c as u16, &note)?;
        }
        for (j, (field, values)) in lists.iter().enumerate() {
            if values.is_empty() {
                continue;
            }
            let Some(c) = header.iter().position(|h| h == field) else {
                continue;
            };
            let column = rust_xlsxwriter::utility::column_number_to_name(j as u16);
            let range = format!("='{lists_name}'!${column}$2:${column}${}", values.len() + 1);
            // Single answers are held to the list; lists of several (priorities, partners) are
            // only offered it.
            let style = match *field {
                "prioritas" | "mitra_pentahelix" => DataValidationErrorStyle::Information,
                _ => DataValidationErrorStyle::Stop,
            };
            let rule = DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_style(style)
                .set_error_title(label("template_error_title", lang))?
                .set_error_message(label("template_error", lang))?;
            sheet.add_data_validation(1, c as u16, PROGRAM_ROWS, c as u16, &rule)?;
        }
        let partners = DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "='{lists_name}'!$A$2:$A${}",
                opds.len().max(1) + 1
            )))
            .set_error_style(DataValidationErrorStyle::Information);
        if let Some(c) = header.iter().position(|h| *h == "mitra_opd") {
            sheet.add_data_validation(1, c as u16, PROGRAM_ROWS, c as u16, &partners)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        print.wide(sheet, 0, &widths, 2, &[])?;
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(&lists_name)?;
    for (j, (field, values)) in lists.iter().enumerate() {
        sheet.write_string_with_format(0, j as u16, *field, &f.header)?;
        for (i, v) in values.iter().enumerate() {
            sheet.write_string_with_format(
                1 + i as u32,
                j as u16,
                v,
                &Format::new().set_quote_prefix(),
            )?;
        }
        sheet.set_column_width(j as u16, 30)?;
    }
    sheet.set_hidden(true);
    Ok(workbook.save_to_buffer()?)
}

/// A program header cell's note: what the column holds, whether it is required, and the other
/// headers read as it.
fn header_note(column: &ProgramColumn, lang: Lang) -> String {
    let required = match column.required {
        true => label("template_required", lang),
        false => label("template_optional", lang),
    };
    let others: Vec<&str> = column
        .spellings
        .iter()
        .filter(|s| **s != column.name)
        .map(String::as_str)
        .collect();
    let mut note = format!("{} ({required}).", column.about.get(lang));
    if !others.is_empty() {
        let also = label("template_also_read", lang);
        note.push_str(&format!(" {also}: {}.", others.join(", ")));
    }
    note
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn sheet_names_are_legal_short_and_unique() {
        let taken = vec!["Dinas Kesehatan".to_string()];
        assert_eq!(sheet_name("Dinas: Kesehatan?", &[]), "Dinas Kesehatan");
        assert_eq!(sheet_name("dinas kesehatan", &taken), "dinas kesehatan (2)");
        let long = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia";
        assert_eq!(sheet_name(long, &[]).chars().count(), 31);
        let first = sheet_name(long, &[]);
        let second = sheet_name(long, std::slice::from_ref(&first));
        assert_ne!(first, second);
        assert!(second.ends_with(" (2)") && second.chars().count() == 31);
        assert_eq!(sheet_name("[]", &[]), "OPD");
    }
}
