//! Spreadsheets in: evaluators' files become one frame of answers.
//!
//! Each sheet is offered to every [`Layout`] in turn; the first that recognises its header reads
//! it. A sheet that no layout recognises is skipped (LKE workbooks carry instruction sheets), but
//! a file none of whose sheets is recognised is an error. Every answer keeps its file, sheet and
//! cell. Problems are collected, never raised one at a time.

mod answers;
mod content;
pub mod ledger;
pub mod link;
pub(crate) mod lke_table;
mod official;
pub(crate) mod opd;
pub mod programs;
pub mod rubric_import;
mod sheet;
pub(crate) mod table;
pub mod tables;
mod tidy;
mod xls;
mod xlsx_rows;
pub(crate) mod xlsx_validations;

pub use crate::messages::is_invisible;
pub use answers::{AnswerRecord, Answers, BlankCell, NewAnswer, OpdCell, Row, SheetName, Strings};
pub use ledger::{collect_inputs, Ledger};
pub use opd::{opd_key, OpdDirectory};
pub use sheet::{
    a1, column_letters, format_number, read_sheets, Cell, Format, Limits, Sheet, Workbook,
    CELL_CHARS, OUTPUT_PROPERTY,
};

use crate::messages::{Diagnostics, IngestProblem, Location, SkipReason};
use crate::rubric::Rubric;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A header cell and the field it was taken for.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderField {
    /// The cell, A1.
    pub cell: String,
    /// Its text.
    pub text: String,
    /// The field it feeds.
    pub field: &'static str,
}

/// The header cells of `header` that were matched to `fields`, for `inspect`.
fn header_fields(
    sheet: &Sheet,
    header: &table::Header,
    fields: &[table::Field],
) -> Vec<HeaderField> {
    fields
        .iter()
        .zip(&header.columns)
        .filter_map(|(field, col)| {
            let col = (*col)?;
            Some(HeaderField {
                cell: sheet.a1(header.row, col),
                text: sheet.get(header.row, col).text().unwrap_or_default(),
                field: field.name,
            })
        })
        .collect()
}

/// How one sheet was read.
#[derive(Debug, Clone, Serialize)]
pub struct SheetRead {
    /// The layout's name.
    pub layout: &'static str,
    /// Header cells used.
    pub header: Vec<HeaderField>,
    /// The OPD label cell and its value, for one-OPD-per-sheet layouts.
    pub opd: Option<(String, String)>,
    /// The answers read: these rows of [`Ingested::answers`] (or of the [`Answers`] the
    /// layout was given).
    #[serde(skip)]
    pub answers: std::ops::Range<usize>,
}

/// The file, sheet and rubric a layout reads against.
pub struct Context<'a> {
    /// The file as the user named it, shared by every answer read from it.
    pub file: std::sync::Arc<str>,
    /// The rubric answers are meant for.
    pub rubric: &'a Rubric,
}

impl Context<'_> {
    /// The location of a relative cell of `sheet`.
    pub fn at(&self, sheet: &Sheet, row: usize, col: usize) -> Location {
        Location::cell(&self.file, &sheet.name, sheet.at(row, col))
    }
}

/// An input layout: recognises its own sheets and reads them into answers.
pub trait Layout: Sync {
    /// A short name shown by `inspect`.
    fn name(&self) -> &'static str;

    /// Reads `sheet` if it has this layout's header, adding its answers to `answers` and its
    /// problems to `diag`; `None` when the sheet is not of this layout.
    fn read(
        &self,
        sheet: &Sheet,
        ctx: &Context,
        answers: &mut Answers,
        diag: &mut Diagnostics,
    ) -> Option<SheetRead>;
}

/// The layouts tried, in order.
pub fn layouts() -> [&'static dyn Layout; 2] {
    [&tidy::Tidy, &official::Official]
}

/// One input file.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    /// The path as named (or found inside a named folder).
    pub path: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// How one sheet went: read by a layout, or skipped.
#[derive(Debug, Clone, Serialize)]
pub struct SheetReport {
    /// The file.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// What was read, `None` when no layout recognised it.
    pub read: Option<SheetRead>,
}

/// Everything ingestion produced.
#[derive(Debug, Clone)]
pub struct Ingested {
    /// The input files.
    pub files: Vec<InputFile>,
    /// Per-sheet reports, each naming the rows of `answers` read from it.
    pub sheets: Vec<SheetReport>,
    /// Every answer read, in file and sheet order.
    pub answers: Answers,
}

impl Ingested {
    /// Every answer read, spelt out (for `inspect` and tests; scoring reads [`Ingested::answers`]).
    pub fn records(&self) -> Vec<AnswerRecord> {
        self.answers.records(0..self.answers.len())
    }
}

/// Reads every file against `rubric`, collecting answers and problems. Files are read in
/// parallel; the result is in the order of `files` whatever the order they finish in.
pub fn ingest(
    files: &[PathBuf],
    rubric: &Rubric,
    limits: &Limits,
    diag: &mut Diagnostics,
) -> Ingested {
    ingest_with_progress(
        files,
        rubric,
        limits,
        diag,
        &crate::progress::Progress::hidden(),
    )
}

/// [`ingest`], ticking `progress` as each file is read.
pub fn ingest_with_progress(
    files: &[PathBuf],
    rubric: &Rubric,
    limits: &Limits,
    diag: &mut Diagnostics,
    progress: &crate::progress::Progress,
) -> Ingested {
    let mut out = Ingested {
        files: Vec::new(),
        sheets: Vec::new(),
        answers: Answers::default(),
    };
    let reads = crate::parallel::parallel_map(files, |path| {
        let read = ingest_file(path, rubric, limits);
        progress.tick();
        read
    });
    // The answers are moved once, into room made for all of them.
    out.answers
        .rows
        .reserve_exact(reads.iter().map(|r| r.answers.len()).sum());
    let mut seen: foldhash::HashMap<String, String> = foldhash::HashMap::default();
    for mut read in reads {
        if let Some(file) = &read.file {
            if let Some(first) = seen.get(&file.sha256) {
                let reason = SkipReason::SameContent {
                    first: first.clone(),
                };
                let at = Some(Location::file(&file.path));
                diag.warning(at, IngestProblem::Skipped { reason });
                continue;
            }
            seen.insert(file.sha256.clone(), file.path.clone());
        }
        out.files.extend(read.file.take());
        let offset = out.answers.len();
        out.sheets.extend(read.sheets.into_iter().map(|mut s| {
            if let Some(r) = &mut s.read {
                r.answers = r.answers.start + offset..r.answers.end + offset;
            }
            s
        }));
        out.answers.append(read.answers);
        diag.extend(read.diag);
    }
    out
}

/// What one file gave.
struct FileRead {
    file: Option<InputFile>,
    sheets: Vec<SheetReport>,
    answers: Answers,
    diag: Diagnostics,
}

fn ingest_file(path: &Path, rubric: &Rubric, limits: &Limits) -> FileRead {
    let name = path.display().to_string();
    let location = Some(Location::file(&name));
    let mut out = FileRead {
        file: None,
        sheets: Vec::new(),
        answers: Answers::default(),
        diag: Diagnostics::default(),
    };
    let (file, workbook) = load(path, false, limits);
    out.file = file;
    let workbook = match workbook {
        Ok(workbook) => workbook,
        Err(problem) => {
            out.diag.push(refusal(location, problem));
            return out;
        }
    };
    let ctx = Context {
        file: name.as_str().into(),
        rubric,
    };
    note_sheets(&name, &workbook, &mut out.diag);
    let mut recognised = false;
    for sheet in &workbook.sheets {
        let read = layouts()
            .iter()
            .find_map(|layout| layout.read(sheet, &ctx, &mut out.answers, &mut out.diag));
        if let (Some(read), false) = (&read, sheet.hidden_rows.is_empty()) {
            let rows = &out.answers.rows[read.answers.clone()];
            let cells = rows.iter().map(|r| (r.row, r.col));
            let kind = |rows, cells| IngestProblem::HiddenRowAnswers { rows, cells };
            note_hidden_rows(&name, sheet, cells, kind, &mut out.diag);
        }
        recognised |= read.is_some();
        out.sheets.push(SheetReport {
            file: name.clone(),
            sheet: sheet.name.clone(),
            read,
        });
    }
    if !recognised {
        // Only a file that is no LKE is looked at again, with the program layouts' eyes.
        let columns = crate::rubric::program_columns().unwrap_or_default();
        let programs = |s: &Sheet| programs::looks_like_program_data(s, columns);
        let kind = match workbook.sheets.iter().any(programs) {
            true => IngestProblem::ProgramDataAsLke,
            false => IngestProblem::NoRecognisableSheet,
        };
        out.diag.error(location, kind);
    } else if out.answers.is_empty() {
        out.diag.error(location, IngestProblem::NoAnswers);
    }
    out
}

/// Notes what was read on purpose though unusual: a workbook under another workbook's name
/// and a text cut to what a cell holds (warnings), a hidden sheet (read all the same) and a
/// chart sheet (nothing to read).
pub(crate) fn note_sheets(file: &str, workbook: &Workbook, diag: &mut Diagnostics) {
    if let Some(content) = workbook.misnamed {
        diag.warning(
            Some(Location::file(file)),
            IngestProblem::Misnamed { content },
        );
    }
    let sheets = &workbook.sheets;
    for sheet in sheets {
        for &(cell, chars) in &sheet.cut {
            let kind = IngestProblem::TextTooLong {
                chars,
                limit: CELL_CHARS,
            };
            diag.warning(Some(Location::cell(file, &sheet.name, cell)), kind);
        }
    }
    for sheet in sheets.iter().filter(|s| s.hidden || s.chart) {
        let kind = match sheet.chart {
            true => IngestProblem::ChartSheet,
            false => IngestProblem::HiddenSheet,
        };
        diag.push(crate::Problem::info(
            Some(Location::sheet(file, &sheet.name)),
            kind,
        ));
    }
}

/// A warning at `sheet` naming the cells of `cells` (absolute row and column) that stand in
/// rows the workbook hides: they count, though nobody looking at the sheet sees them. `kind`
/// makes the problem of the rows (as Excel numbers them) and the cells.
pub(crate) fn note_hidden_rows(
    file: &str,
    sheet: &Sheet,
    cells: impl Iterator<Item = (u32, u32)>,
    kind: impl FnOnce(Vec<u32>, Vec<String>) -> IngestProblem,
    diag: &mut Diagnostics,
) {
    let mut hidden: Vec<(u32, u32)> = cells.filter(|&(row, _)| sheet.row_hidden(row)).collect();
    if hidden.is_empty() {
        return;
    }
    hidden.sort_unstable();
    let mut rows: Vec<u32> = hidden.iter().map(|&(row, _)| row + 1).collect();
    rows.dedup();
    let cells = hidden
        .iter()
        .map(|&(row, col)| a1(row as usize, col as usize))
        .collect();
    let at = Some(Location::sheet(file, &sheet.name));
    diag.warning(at, kind(rows, cells));
}

/// Every sheet of a file, or an error naming it; the file's hash goes to `files`, what was
/// read on purpose though unusual to `diag` (see [`note_sheets`]).
pub(crate) fn open(
    path: &Path,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Option<Vec<Sheet>> {
    let (file, workbook) = load(path, true, limits);
    files.extend(file);
    match workbook {
        Ok(workbook) => {
            note_sheets(&path.display().to_string(), &workbook, diag);
            Some(workbook.sheets)
        }
        Err(problem) => {
            let at = Some(Location::file(path.display().to_string()));
            diag.push(refusal(at, problem));
            None
        }
    }
}

/// The problem of a file [`load`] did not give sheets for: an error, or, for a file passed
/// over on purpose (sakip's own output), a note.
pub(crate) fn refusal(location: Option<Location>, problem: IngestProblem) -> crate::Problem {
    match problem {
        IngestProblem::Skipped { .. } => crate::Problem::info(location, problem),
        problem => crate::Problem::error(location, problem),
    }
}

/// Reads a file once: its hash and size (when it could be read at all), then its sheets, with
/// their formulas when asked.
pub(crate) fn load(
    path: &Path,
    formulas: bool,
    limits: &Limits,
) -> (Option<InputFile>, Result<Workbook, IngestProblem>) {
    // The size on disk is checked before anything is read or hashed: a 5 GiB CSV (or a sparse
    // file claiming to be one) is refused at once.
    let limit = limits.max_uncompressed_bytes;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > limit {
            let found = meta.len();
            return (None, Err(IngestProblem::TooBig { found, limit }));
        }
    }
    match std::fs::read(path) {
        Err(e) => (
            None,
            Err(IngestProblem::Unreadable {
                detail: e.to_string(),
            }),
        ),
        Ok(bytes) => {
            let file = InputFile {
                path: path.display().to_string(),
                sha256: hex(&Sha256::digest(&bytes)),
                bytes: bytes.len() as u64,
            };
            // A workbook sakip wrote is passed over: neither read nor listed as an input.
            match read_sheets(path, bytes, formulas, limits) {
                Err(skip @ IngestProblem::Skipped { .. }) => (None, Err(skip)),
                sheets => (Some(file), sheets),
            }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The value of a labelled cell in `rows`: `Perangkat Daerah: Dinas X` in
/// one cell, or the label with the value in a cell to its right (a lone `:` between is skipped).
/// `labels` are [`header_key`]s, most wanted first. Returns the value's cell and the value.
pub(crate) fn labelled_value(
    sheet: &Sheet,
    rows: std::ops::Range<usize>,
    labels: &[&str],
) -> Option<(crate::messages::CellRef, String)> {
    let mut found: Vec<(usize, crate::messages::CellRef, String)> = Vec::new();
    for row in rows.start..rows.end.min(sheet.height()) {
        let width = sheet.rows[row].len();
        for col in 0..width {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            let (label, rest) = text.split_once(':').unwrap_or((text.as_str(), ""));
            let Some(rank) = labels.iter().position(|l| header_key(label) == *l) else {
                continue;
            };
            if !rest.trim().is_empty() {
                found.push((rank, sheet.at(row, col), clean_name(rest)));
                continue;
            }
            let value = (col + 1..width).find_map(|c| {
                let text = sheet.get(row, c).text()?;
                let value = text.trim_start_matches(':').trim().to_string();
                (!value.is_empty()).then_some((c, value))
            });
            if let Some((c, value)) = value {
                found.push((rank, sheet.at(row, c), clean_name(&value)));
            }
        }
    }
    found.sort_by_key(|(rank, _, _)| *rank);
    found
        .into_iter()
        .next()
        .map(|(_, cell, value)| (cell, value))
}

/// Text as it is compared: in Unicode NFC, without invisible characters ([`is_invisible`]).
/// ASCII text (nearly all) and text already so are borrowed.
pub fn normalized(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if text.is_ascii()
        || (!text.chars().any(is_invisible) && is_nfc_quick(text.chars()) == IsNormalized::Yes)
    {
        return text.into();
    }
    text.chars()
        .filter(|c| !is_invisible(*c))
        .nfc()
        .collect::<String>()
        .into()
}

/// An answer as matched against scale codes: [`normalized`], upper case, inner spaces single.
pub fn answer_key(answer: &str) -> String {
    normalized(answer)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// A name with its inner spaces made single, as OPD names are compared.
pub fn clean_name(name: &str) -> String {
    clean_name_ref(name).into_owned()
}

/// [`clean_name`], borrowing a name that is clean already (nearly all are). A name is also
/// [`normalized`]: NFC, no invisible characters.
pub fn clean_name_ref(name: &str) -> std::borrow::Cow<'_, str> {
    // ASCII names (nearly all) are looked at byte by byte once: no space first, last or after
    // a space, and no other white space (tab to carriage return).
    let clean = match name.is_ascii() {
        true => {
            let mut previous = b'.';
            !name.starts_with(' ')
                && !name.ends_with(' ')
                && name.bytes().all(|b| {
                    let double = b == b' ' && previous == b' ';
                    let ok = !(double || (b'\t'..=b'\r').contains(&b));
                    previous = b;
                    ok
                })
        }
        false => {
            let normal = normalized(name);
            if let std::borrow::Cow::Owned(normal) = normal {
                return clean_name(&normal).into();
            }
            name.trim() == name
                && !name.contains("  ")
                && !name.chars().any(|c| c.is_whitespace() && c != ' ')
        }
    };
    match clean {
        true => name.into(),
        false => name.split_whitespace().collect::<Vec<_>>().join(" ").into(),
    }
}

/// Lower-case letters and digits only: how header cells are matched.
pub fn header_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A number written by a person, the Indonesian way or plainly: `3`, `3,5`, `1.234.567,89`,
/// `Rp 1.000.000`, `85%`, `85,5 %`. A percent sign is dropped (85% reads 85). Dots alone are
/// thousands separators only in groups of three (`1.000.000`); `1.5` is one and a half.
pub fn parse_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(s) => parse_number_text(s),
        _ => None,
    }
}

/// Whether [`parse_number`] reads the dots of `text` as thousands separators (`1.500`,
/// `Rp 1.000.000`) rather than a decimal point (`1.5`).
pub(crate) fn reads_dots_as_thousands(text: &str) -> bool {
    dots_are_thousands(&bare_number(text))
}

/// A number's text without a currency, a percent sign or white space.
fn bare_number(text: &str) -> String {
    let s = text.trim();
    let s = s
        .strip_prefix("Rp.")
        .or_else(|| s.strip_prefix("Rp"))
        .or_else(|| s.strip_prefix("rp"))
        .unwrap_or(s)
        .trim();
    let s = s.strip_suffix('%').unwrap_or(s).trim();
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a bare number's dots are thousands separators: no comma, and groups of three after
/// a first group of one to three digits.
fn dots_are_thousands(bare: &str) -> bool {
    let mut groups = bare.trim_start_matches('-').split('.');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    !bare.contains(',') && bare.contains('.') && first_ok && groups.all(|g| g.len() == 3)
}

fn parse_number_text(text: &str) -> Option<f64> {
    let s = text.trim();
    // Digits alone (most numbers typed as text) read as they are, without a copy.
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<f64>().ok().filter(|n| n.is_finite());
    }
    let s = bare_number(s);
    let plain = if s.contains(',') {
        s.replace('.', "").replace(',', ".")
    } else if dots_are_thousands(&s) {
        s.replace('.', "")
    } else {
        s
    };
    plain.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_matched_loosely() {
        assert_eq!(answer_key("  tidak   ada "), "TIDAK ADA");
        assert_eq!(header_key("Kept_Years"), "keptyears");
        assert_eq!(
            header_key("Komponen/Sub Komponen/Kriteria"),
            "komponensubkomponenkriteria"
        );
    }

    #[test]
    fn names_are_cleaned_and_clean_names_borrowed() {
        use std::borrow::Cow;
        assert!(matches!(
            clean_name_ref("Dinas A"),
            Cow::Borrowed("Dinas A")
        ));
        assert_eq!(clean_name_ref(" Dinas \t A "), "Dinas A");
        assert_eq!(clean_name_ref("Dinas  A"), "Dinas A");
        assert_eq!(clean_name_ref("Dinas\u{a0}A"), "Dinas A");
        // Every ASCII white space but the single inner space is cleaned, as `split_whitespace`.
        for ws in ['\t', '\n', '\u{b}', '\u{c}', '\r'] {
            assert_eq!(clean_name_ref(&format!("Dinas{ws}A")), "Dinas A");
            assert_eq!(clean_name_ref(&format!("{ws}Dinas A")), "Dinas A");
        }
        assert_eq!(clean_name_ref("Dinas A "), "Dinas A");
        assert_eq!(clean_name_ref(" "), "");
        assert!(matches!(clean_name_ref(""), Cow::Borrowed("")));
        assert!(matches!(clean_name_ref("Dinas \u{e9}"), Cow::Borrowed(_)));
    }

    #[test]
    fn names_and_answers_compare_in_nfc_without_invisible_characters() {
        // "Dinas Pariwisata" with a zero-width space, a soft hyphen and a no-break space.
        assert_eq!(
            clean_name("Dinas\u{a0}Pari\u{ad}wisata\u{200b}"),
            "Dinas Pariwisata"
        );
        // "Kecamatan Cikolé": é as one character (NFC) and as e + combining accent (NFD).
        assert_eq!(
            clean_name("Kecamatan Cikole\u{301}"),
            "Kecamatan Cikol\u{e9}"
        );
        assert_eq!(
            clean_name_ref("Kecamatan Cikol\u{e9}"),
            "Kecamatan Cikol\u{e9}"
        );
        assert!(matches!(
            clean_name_ref("Kecamatan Cikol\u{e9}"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(answer_key("Y\u{200b}"), "Y");
        assert_eq!(answer_key("\u{feff}tidak ada"), "TIDAK ADA");
        assert_eq!(opd_key("Dinas Kese\u{ad}hatan"), opd_key("Dinas Kesehatan"));
    }

    #[test]
    fn numbers_in_indonesian_form() {
        assert_eq!(parse_number(&Cell::Text("3,5".into())), Some(3.5));
        assert_eq!(parse_number(&Cell::Text("1.234,5".into())), Some(1234.5));
        assert_eq!(parse_number(&Cell::Text("7O".into())), None);
        assert_eq!(parse_number(&Cell::Number(2.0)), Some(2.0));
        let text = |s: &str| parse_number(&Cell::Text(s.into()));
        assert_eq!(text("1.234.567,89"), Some(1_234_567.89));
        assert_eq!(text("Rp 1.000.000"), Some(1_000_000.0));
        assert_eq!(text("Rp. 2.500.000,50"), Some(2_500_000.5));
        assert_eq!(text("85%"), Some(85.0));
        assert_eq!(text("85,5 %"), Some(85.5));
        assert_eq!(text("1.5"), Some(1.5));
        assert_eq!(text("-1.000"), Some(-1000.0));
        assert_eq!(text("1,2,3"), None);
        // Digits alone, the quick way, read as the long way would.
        assert_eq!(text(" 870475137 "), Some(870_475_137.0));
        assert_eq!(text("-12"), Some(-12.0));
        assert_eq!(text("-"), None);
        assert_eq!(text(""), None);
    }
}
