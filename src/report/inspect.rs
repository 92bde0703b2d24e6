//! `inspect`'s reports: what sakip read from each sheet and how, as text for a person and as
//! JSON (each LKE sheet's answers streamed one by one), and the OPD abbreviations learned.

use crate::ingest::opd::OpdDirectory;
use crate::ingest::programs::ProgramSheet;
use crate::ingest::{self, AnswerRecord, Answers, SheetReport};
use crate::lang::Lang;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// `inspect`'s report of program data as text.
pub fn inspect_programs_text(sheets: &[ProgramSheet], lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let mut last_file = "";
    for sheet in sheets {
        if sheet.file != last_file {
            let _ = writeln!(out, "{}", sheet.file);
            last_file = &sheet.file;
        }
        let Some(layout) = sheet.layout else {
            let skipped = lang.pick("tidak dikenali, dilewati", "not recognised, skipped");
            let _ = writeln!(out, "  sheet '{}': {skipped}", sheet.sheet);
            continue;
        };
        let _ = writeln!(out, "  sheet '{}': layout {layout}", sheet.sheet);
        for h in &sheet.header {
            let _ = writeln!(out, "    {} '{}' -> {}", h.cell, h.text, h.field);
        }
        let _ = writeln!(
            out,
            "    {} {}",
            sheet.activities.len(),
            lang.pick("kegiatan", "activities")
        );
        for a in &sheet.activities {
            let number = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v}"));
            let _ = writeln!(
                out,
                "    {:<6} {} | {} | {} | {} | pagu {} | target {} | realisasi {} | {}",
                a.at.cell.map(|c| c.to_string()).unwrap_or_default(),
                a.opd.value,
                a.kode,
                a.nama,
                a.program.as_deref().unwrap_or("-"),
                a.pagu,
                number(a.target),
                number(a.realisasi),
                a.sasaran_rpjmd.as_deref().unwrap_or(""),
            );
        }
    }
    out
}

/// `inspect`'s report of LKE sheets, each with the answers read from it, as text.
pub fn inspect_text(sheets: &[(SheetReport, Vec<AnswerRecord>)], lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let mut last_file = "";
    for (report, answers) in sheets {
        if report.file != last_file {
            let _ = writeln!(out, "{}", report.file);
            last_file = &report.file;
        }
        let Some(read) = &report.read else {
            let _ = writeln!(
                out,
                "  sheet '{}': {}",
                report.sheet,
                lang.pick("tidak dikenali, dilewati", "not recognised, skipped")
            );
            continue;
        };
        let _ = writeln!(out, "  sheet '{}': layout {}", report.sheet, read.layout);
        for h in &read.header {
            let _ = writeln!(out, "    {} '{}' -> {}", h.cell, h.text, h.field);
        }
        if let Some((cell, name)) = &read.opd {
            let _ = writeln!(out, "    {} OPD = '{}'", cell, name);
        }
        let _ = writeln!(
            out,
            "    {} {}",
            answers.len(),
            lang.pick("jawaban", "answers")
        );
        for a in answers {
            let _ = writeln!(
                out,
                "    {:<6} {:<28} {:<8} {:<10} {}",
                a.cell(),
                a.opd,
                a.code,
                a.tier,
                a.answer
            );
        }
    }
    out
}

/// The abbreviations learned from names written "Full name (ABBR)", as text.
pub fn aliases_text(dir: &OpdDirectory, lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (i, (abbr, name)) in dir.learned().enumerate() {
        if i == 0 {
            let _ = writeln!(
                out,
                "{}",
                lang.pick(
                    "Singkatan OPD dari nama bertanda kurung, dipakai sebagai alias dalam proses ini:",
                    "OPD abbreviations from names written with brackets, used as aliases in this run:"
                )
            );
        }
        let _ = writeln!(out, "  '{abbr}' -> '{name}'");
    }
    out
}

/// A sheet's report with its answers, serialised one answer at a time.
pub struct SheetJson<'a> {
    /// The sheet's report.
    pub report: &'a SheetReport,
    /// The answers of the file it is in.
    pub answers: &'a Answers,
}

impl Serialize for SheetJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("file", &self.report.file)?;
        map.serialize_entry("sheet", &self.report.sheet)?;
        match &self.report.read {
            None => map.serialize_entry("read", &None::<()>)?,
            Some(read) => map.serialize_entry(
                "read",
                &ReadJson {
                    read,
                    answers: self.answers,
                },
            )?,
        }
        map.end()
    }
}

/// How a sheet was read, with its answers streamed.
struct ReadJson<'a> {
    read: &'a ingest::SheetRead,
    answers: &'a Answers,
}

impl Serialize for ReadJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("layout", &self.read.layout)?;
        map.serialize_entry("header", &self.read.header)?;
        map.serialize_entry("opd", &self.read.opd)?;
        map.serialize_entry("answers", &Records(self.answers, self.read.answers.clone()))?;
        map.end()
    }
}

/// Rows of [`Answers`] spelt out one at a time as they are written.
struct Records<'a>(&'a Answers, std::ops::Range<usize>);

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.1.clone().map(|i| self.0.record(i)))
    }
}
