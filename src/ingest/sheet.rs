//! Sheets as grids of cells, read from workbooks (calamine) or CSV files alike.
//!
//! Every layout reads a [`Sheet`]; none knows which file format it came from. Cells keep their
//! absolute position so that every message can name the cell a user sees in Excel.

pub use super::content::Content;
use crate::messages::{CellRef, IngestProblem};
use calamine::{
    open_workbook_auto_from_rs, open_workbook_from_rs, Data, DataRef, Ods, Reader, SheetType,
    SheetVisible, Sheets, Xls, Xlsx,
};
use std::collections::HashMap;
use std::io::Cursor;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (or a formula without a cached value).
    Empty,
    /// Text (shared by the cells of a file that hold the same text).
    Text(Arc<str>),
    /// A number.
    Number(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// A date or time, as Excel's serial number.
    Date(f64),
    /// A formula error such as `#REF!`.
    Error(Box<str>),
    /// A formula whose result was never stored (a file written by a program, not saved by a
    /// spreadsheet): there is no value to read.
    Uncached,
}

static EMPTY: Cell = Cell::Empty;

/// The texts of one file's cells, each kept once: an OPD's name or an answer repeated on every
/// row of a sheet is one string, not one per cell.
#[derive(Default)]
struct Texts(foldhash::HashSet<Arc<str>>);

impl Texts {
    fn cell(&mut self, text: &str) -> Cell {
        if let Some(shared) = self.0.get(text) {
            return Cell::Text(shared.clone());
        }
        let shared: Arc<str> = text.into();
        self.0.insert(shared.clone());
        Cell::Text(shared)
    }
}

impl Cell {
    /// The cell as trimmed text, `None` when blank or an error.
    pub fn text(&self) -> Option<String> {
        let text = match self {
            Cell::Empty | Cell::Error(_) | Cell::Uncached => return None,
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) | Cell::Date(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        };
        (!text.is_empty()).then_some(text)
    }

    /// [`Cell::text`], sharing the string of a text cell that needs no trimming.
    pub fn shared_text(&self) -> Option<Arc<str>> {
        match self {
            Cell::Text(s) => {
                let t = s.trim();
                match (t.is_empty(), t.len() == s.len()) {
                    (true, _) => None,
                    (false, true) => Some(s.clone()),
                    (false, false) => Some(t.into()),
                }
            }
            _ => self.text().map(Into::into),
        }
    }

    /// [`Cell::text`], borrowing the text of a text cell rather than copying it.
    pub fn str(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Cell::Text(s) => {
                let t = s.trim();
                (!t.is_empty()).then_some(std::borrow::Cow::Borrowed(t))
            }
            _ => self.text().map(std::borrow::Cow::Owned),
        }
    }

    /// What is wrong with a cell that holds no value to read: a formula error, or a formula
    /// whose result was never stored; `None` for any other cell.
    pub fn problem(&self) -> Option<crate::messages::IngestProblem> {
        match self {
            Cell::Error(value) => Some(crate::messages::IngestProblem::ErrorCell {
                value: value.to_string(),
            }),
            Cell::Uncached => Some(crate::messages::IngestProblem::UncachedFormula),
            _ => None,
        }
    }

    /// Whether the cell holds nothing readable.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

pub use crate::messages::format_number;

/// A sheet's used range.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name (for CSV, the file stem).
    pub name: String,
    /// Rows of cells, from the used range's top-left.
    pub rows: Vec<Vec<Cell>>,
    /// Absolute row of `rows[0]`, from 0.
    pub row0: u32,
    /// Absolute column of `rows[_][0]`, from 0.
    pub col0: u32,
    /// Formulas by absolute (row, column), when asked for: the values in `rows` are their
    /// cached results.
    pub formulas: HashMap<(u32, u32), String>,
    /// Whether the workbook hides it (it is read all the same, and said so).
    pub hidden: bool,
    /// Whether it is a chart (or dialog, or macro) sheet: no cells to read.
    pub chart: bool,
    /// Texts longer than an Excel cell holds, cut to fit with a marker: their cells (absolute)
    /// and how many characters they had.
    pub cut: Vec<(CellRef, usize)>,
    /// The rows the workbook hides (absolute, from 0), as ascending runs: read all the same,
    /// and said so when an answer stands in one.
    pub hidden_rows: Vec<Range<u32>>,
}

/// The most characters an Excel cell holds (the reports cut their own lists to it too).
pub const CELL_CHARS: usize = 32_767;

/// `cell` cut to [`CELL_CHARS`] when it is a longer text, ending `… (+N)` with the characters
/// left out; the cut is noted in `cut` with its absolute `(row, col)` and the characters it had.
fn fit(cell: Cell, (row, col): (usize, usize), cut: &mut Vec<(CellRef, usize)>) -> Cell {
    let Cell::Text(text) = &cell else {
        return cell;
    };
    if text.len() <= CELL_CHARS {
        return cell;
    }
    let chars = text.chars().count();
    if chars <= CELL_CHARS {
        return cell;
    }
    let keep = CELL_CHARS - 24;
    let kept: String = text.chars().take(keep).collect();
    cut.push((CellRef::new(row, col), chars));
    Cell::Text(format!("{kept}… (+{})", chars - keep).into())
}

impl Sheet {
    /// The cell at relative `(row, col)`; blank outside the range.
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// The A1 reference of relative `(row, col)`.
    pub fn a1(&self, row: usize, col: usize) -> String {
        self.at(row, col).to_string()
    }

    /// The cell at relative `(row, col)`.
    pub fn at(&self, row: usize, col: usize) -> CellRef {
        CellRef::new(self.row0 as usize + row, self.col0 as usize + col)
    }

    /// The formula of relative `(row, col)`, if it holds one and formulas were read.
    pub fn formula(&self, row: usize, col: usize) -> Option<&str> {
        self.formulas
            .get(&(self.row0 + row as u32, self.col0 + col as u32))
            .map(String::as_str)
    }

    /// Whether the workbook hides absolute row `row`.
    pub fn row_hidden(&self, row: u32) -> bool {
        let at = self.hidden_rows.partition_point(|r| r.end <= row);
        self.hidden_rows.get(at).is_some_and(|r| r.contains(&row))
    }

    /// The number of rows.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// The widest row's width.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// The A1 reference of absolute `(row, col)`, both from 0.
pub fn a1(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

pub use crate::messages::column_letters;

/// A kind of file read: parsed once from a file's extension or contents, then matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel 97-2003 (`.xls`).
    Xls,
    /// OpenDocument (`.ods`).
    Ods,
    /// Delimited text (`.csv`).
    Csv,
}

impl Format {
    /// The format a file's extension names, case aside; `None` for any other extension.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The workbook format of `content`, if it is one sakip reads.
    pub fn of_content(content: Content) -> Option<Format> {
        match content {
            Content::Xlsx => Some(Format::Xlsx),
            Content::Xls => Some(Format::Xls),
            Content::Ods => Some(Format::Ods),
            _ => None,
        }
    }
}

/// Whether `path` has an extension that is read.
pub fn is_supported(path: &Path) -> bool {
    Format::of_path(path).is_some()
}

/// The custom document property that marks a workbook sakip wrote (feedback, scorecard,
/// trend), so that its outputs are never read back as inputs.
pub const OUTPUT_PROPERTY: &str = "sakip-output";

/// Which output of sakip an .xlsx is, by [`OUTPUT_PROPERTY`] in its `docProps/custom.xml`;
/// `None` for any other file. Only that small part is unpacked, and at most 64 KB of it.
fn own_output<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Option<String> {
    use std::io::Read;
    let part = archive.by_name("docProps/custom.xml").ok()?;
    let mut xml = String::new();
    part.take(65_536).read_to_string(&mut xml).ok()?;
    let at = xml.find(&format!("name=\"{OUTPUT_PROPERTY}\""))?;
    let rest = &xml[at..];
    let start = rest.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
    let end = rest[start..].find('<')? + start;
    Some(rest[start..end].to_string())
}

/// The refusal of a workbook sakip wrote itself: passed over, not read.
fn own_output_skip(what: String) -> IngestProblem {
    IngestProblem::Skipped {
        reason: crate::messages::SkipReason::OwnOutput { what },
    }
}

/// Whether a workbook's sheets are those of a sakip output written before outputs carried
/// [`OUTPUT_PROPERTY`]: a `Metadata` sheet naming the sakip version in its first column.
fn own_metadata(sheets: &[Sheet]) -> bool {
    sheets.iter().filter(|s| s.name == "Metadata").any(|s| {
        (0..s.height()).any(|r| {
            s.get(r, 0)
                .str()
                .is_some_and(|t| t == "Versi sakip" || t == "sakip version")
        })
    })
}

/// Limits that keep a broken or hostile file from exhausting memory, checked before a sheet is
/// built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The uncompressed size of a workbook's parts, summed (`--max-input-bytes`).
    pub max_uncompressed_bytes: u64,
    /// The cells of a workbook's used rectangles, from each sheet's first to its last
    /// non-empty cell, added up over its sheets.
    pub max_sheet_cells: u64,
    /// The unpacked size of an .xlsx's shared-strings part, which is read whole before any
    /// sheet (one 700 MB string would otherwise be).
    pub max_shared_strings_bytes: u64,
}

impl Limits {
    /// The default limits with `bytes` as the uncompressed size allowed.
    pub fn with_max_input_bytes(bytes: u64) -> Self {
        Limits {
            max_uncompressed_bytes: bytes,
            ..Limits::default()
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_uncompressed_bytes: 1 << 30,
            max_sheet_cells: 20_000_000,
            max_shared_strings_bytes: 100 << 20,
        }
    }
}

/// Reads every sheet of a workbook or CSV file from its bytes, already read once (for its hash);
/// the extension of `path` says which reader to use. Formulas are read when `formulas` is set.
///
/// An .xlsx or .xlsm file is checked against `limits` before any sheet is parsed (the sizes in
/// its zip directory) and its cells are streamed, so that a stray cell at XFD1048576 is refused
/// with a message instead of asking for a grid of 17 billion cells.
///
/// # Errors
/// [`IngestProblem::Unreadable`] with the reader's message when the bytes cannot be read as
/// what the extension says; the limit passed ([`IngestProblem::TooBig`],
/// [`IngestProblem::SheetTooWide`], [`IngestProblem::TooManyCells`]); [`IngestProblem::NotUtf8`];
/// [`IngestProblem::Skipped`] for a workbook sakip wrote (see [`OUTPUT_PROPERTY`]), which is
/// passed over, not read.
pub fn read_sheets(
    path: &Path,
    bytes: Vec<u8>,
    formulas: bool,
    limits: &Limits,
) -> Result<Workbook, IngestProblem> {
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("csv");
    let named = Format::of_path(path);
    // The contents decide the reader: a workbook under another workbook's name is read as
    // what it is (and said so); a document that is no workbook is refused as what it is.
    let content = super::content::sniff(&bytes);
    let format = match (Format::of_content(content), content) {
        (Some(actual), _) => Some(actual),
        (None, Content::Unknown) => named,
        (None, content) => return Err(IngestProblem::NotAWorkbook { content }),
    };
    let misnamed = (Format::of_content(content).is_some() && format != named).then_some(content);
    let hidden = match format {
        Some(Format::Csv) => {
            if bytes.len() as u64 > limits.max_uncompressed_bytes {
                return Err(too_big(bytes.len() as u64, limits.max_uncompressed_bytes));
            }
            let sheets = vec![read_csv(name, bytes)?];
            return Ok(Workbook { sheets, misnamed });
        }
        Some(Format::Xlsx) => {
            check_zip(&bytes, limits, true)?;
            HiddenRows::ByName(super::xlsx_rows::hidden_rows(&bytes)?)
        }
        Some(Format::Ods) => {
            check_zip(&bytes, limits, false)?;
            HiddenRows::ByName(check_ods_extent(&bytes, limits)?)
        }
        Some(Format::Xls) => HiddenRows::InOrder(super::xls::check(&bytes, limits)?),
        None => HiddenRows::InOrder(Vec::new()),
    };
    let mut sheets = read_workbook(bytes, format, formulas, limits)?;
    if own_metadata(&sheets) {
        return Err(own_output_skip("Metadata".into()));
    }
    hidden.apply(&mut sheets);
    Ok(Workbook { sheets, misnamed })
}

/// A workbook's sheets, and what it was read as when its name said otherwise.
#[derive(Debug, Clone, Default)]
pub struct Workbook {
    /// The sheets, in the workbook's order.
    pub sheets: Vec<Sheet>,
    /// The contents, when the file's extension named another kind of workbook (an .xlsx saved
    /// as `.xls`): read by its contents.
    pub misnamed: Option<Content>,
}

/// The rows each sheet hides, as its format gives them: by sheet name, or in sheet order.
enum HiddenRows {
    ByName(HashMap<String, Vec<Range<u32>>>),
    InOrder(Vec<Vec<Range<u32>>>),
}

impl HiddenRows {
    fn apply(self, sheets: &mut [Sheet]) {
        match self {
            HiddenRows::ByName(mut by_name) => {
                for sheet in sheets {
                    sheet.hidden_rows = by_name.remove(&sheet.name).unwrap_or_default();
                }
            }
            HiddenRows::InOrder(in_order) => {
                for (sheet, rows) in sheets.iter_mut().zip(in_order) {
                    sheet.hidden_rows = rows;
                }
            }
        }
    }
}

/// Adds `row` to ascending runs of rows, the runs kept apart and in order for
/// [`Sheet::row_hidden`] (rows come in order; one out of order is placed where it belongs).
pub(crate) fn add_row(runs: &mut Vec<Range<u32>>, row: u32) {
    match runs.last_mut() {
        Some(last) if last.end == row => last.end = row + 1,
        Some(last) if last.contains(&row) => {}
        Some(last) if last.start > row => {
            let at = runs.partition_point(|r| r.end <= row);
            if !runs.get(at).is_some_and(|r| r.contains(&row)) {
                runs.insert(at, row..row + 1);
            }
        }
        _ => runs.push(row..row + 1),
    }
}

/// The sheets of a workbook already checked against `limits`, by the reader of its format
/// (any, tried in turn, when it has none).
fn read_workbook(
    bytes: Vec<u8>,
    format: Option<Format>,
    formulas: bool,
    limits: &Limits,
) -> Result<Vec<Sheet>, IngestProblem> {
    let cursor = Cursor::new(bytes);
    if format == Some(Format::Xlsx) {
        let workbook = open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(unreadable)?;
        return read_xlsx_streamed(workbook, formulas, limits);
    }
    let mut workbook: Sheets<Cursor<Vec<u8>>> = match format {
        Some(Format::Xls) => {
            Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(unreadable)?)
        }
        Some(Format::Ods) => {
            Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(cursor).map_err(unreadable)?)
        }
        _ => open_workbook_auto_from_rs(cursor).map_err(unreadable)?,
    };
    let metadata = workbook.sheets_metadata().to_vec();
    check_names(&metadata)?;
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let name = meta.name.clone();
        if let Some(sheet) = not_cells(&meta) {
            sheets.push(sheet);
            continue;
        }
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(format!("sheet '{name}': {e}")))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut cut = Vec::new();
        let rows = range
            .rows()
            .enumerate()
            .map(|(r, row)| {
                let at = |c: usize| (row0 as usize + r, col0 as usize + c);
                let cells = row.iter().enumerate();
                cells
                    .map(|(c, d)| fit(convert(d), at(c), &mut cut))
                    .collect()
            })
            .collect();
        let formulas = match formulas {
            true => formula_map(&mut workbook, &name),
            false => HashMap::new(),
        };
        sheets.push(Sheet {
            name,
            rows,
            row0,
            col0,
            formulas,
            hidden: meta.visible != SheetVisible::Visible,
            chart: false,
            cut,
            hidden_rows: Vec::new(),
        });
    }
    Ok(sheets)
}

/// Refuses a workbook with two sheets of one name: a reader asked for that name gives the
/// first twice, and the second is lost.
fn check_names(sheets: &[calamine::Sheet]) -> Result<(), IngestProblem> {
    let mut seen = std::collections::HashSet::new();
    match sheets.iter().find(|s| !seen.insert(s.name.to_lowercase())) {
        Some(twice) => Err(IngestProblem::DuplicateSheetName {
            sheet: twice.name.clone(),
        }),
        None => Ok(()),
    }
}

/// A sheet without cells to read (a chart, a dialog or a macro sheet), as an empty sheet that
/// says so; `None` for a worksheet.
fn not_cells(meta: &calamine::Sheet) -> Option<Sheet> {
    (meta.typ != SheetType::WorkSheet).then(|| Sheet {
        name: meta.name.clone(),
        rows: Vec::new(),
        row0: 0,
        col0: 0,
        formulas: HashMap::new(),
        hidden: meta.visible != SheetVisible::Visible,
        chart: true,
        cut: Vec::new(),
        hidden_rows: Vec::new(),
    })
}

fn too_big(found: u64, limit: u64) -> IngestProblem {
    IngestProblem::TooBig { found, limit }
}

/// The reader's own words, for a file it cannot read.
pub(crate) fn unreadable(e: impl std::fmt::Display) -> IngestProblem {
    IngestProblem::Unreadable {
        detail: e.to_string(),
    }
}

/// Refuses a zip-based workbook whose parts unpack to more than the limit, before parsing, by
/// the sizes its directory declares. A zip whose directory understates a part's size is refused
/// when the part is read: the zip reader stops at the declared size with an error ("larger than
/// its declared uncompressed size"), so no part unpacks past what was checked here
/// (`tests/bad_inputs.rs`, `a_workbook_whose_zip_directory_understates_its_size_is_refused`).
/// Nothing is unpacked twice.
/// With `marked`, also passes over a workbook that [`OUTPUT_PROPERTY`] marks as sakip's own
/// output, found in the same look at the zip.
fn check_zip(bytes: &[u8], limits: &Limits, marked: bool) -> Result<(), IngestProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(unreadable)?;
        let limit = limits.max_shared_strings_bytes;
        if entry
            .name()
            .is_ok_and(|n| n.eq_ignore_ascii_case("xl/sharedStrings.xml"))
            && entry.size() > limit
        {
            return Err(IngestProblem::SharedStringsTooBig {
                found: entry.size(),
                limit,
            });
        }
        declared = declared.saturating_add(entry.size());
    }
    if declared > limits.max_uncompressed_bytes {
        return Err(too_big(declared, limits.max_uncompressed_bytes));
    }
    match own_output(&mut archive).filter(|_| marked) {
        Some(what) => Err(own_output_skip(what)),
        None => Ok(()),
    }
}

/// Refuses an .ods whose sheets, once their repeated rows and columns are counted, span more
/// cells than the limit: calamine would expand them into a dense grid. Gives the rows each
/// table hides (collapsed or filtered out), by table name.
fn check_ods_extent(
    bytes: &[u8],
    limits: &Limits,
) -> Result<HashMap<String, Vec<Range<u32>>>, IngestProblem> {
    use quick_xml::events::{BytesStart, Event};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let content = archive.by_name("content.xml").map_err(unreadable)?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let repeats = |e: &BytesStart, attr: &str| -> u64 {
        e.try_get_attribute(attr)
            .ok()
            .flatten()
            .and_then(|a| a.value.parse().ok())
            .unwrap_or(1)
    };
    let has_value =
        |e: &BytesStart| matches!(e.try_get_attribute("office:value-type"), Ok(Some(_)));
    let (mut rows, mut last_row, mut widest) = (0u64, 0u64, 0u64);
    let mut table = String::new();
    // The cells of the tables before this one: the limit is the workbook's.
    let mut used: u64 = 0;
    let (mut row_repeats, mut col, mut row_last_col) = (1u64, 0u64, 0u64);
    let mut hidden: HashMap<String, Vec<Range<u32>>> = HashMap::new();
    let mut row_hidden = false;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(unreadable)?;
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                table = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row_repeats = repeats(&e, "table:number-rows-repeated");
                (col, row_last_col) = (0, 0);
                row_hidden = e
                    .try_get_attribute("table:visibility")
                    .ok()
                    .flatten()
                    .is_some_and(|v| matches!(v.value.as_ref(), "collapse" | "filter"));
            }
            Event::Start(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                col += repeats(&e, "table:number-columns-repeated");
                row_last_col = col;
            }
            Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                col += repeats(&e, "table:number-columns-repeated");
                if has_value(&e) {
                    row_last_col = col;
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if row_hidden {
                    let first = rows.min(u32::MAX as u64) as u32;
                    let end = rows.saturating_add(row_repeats).min(u32::MAX as u64) as u32;
                    let runs = hidden.entry(table.clone()).or_default();
                    match runs.last_mut() {
                        Some(last) if last.end == first => last.end = end,
                        _ => runs.push(first..end),
                    }
                }
                rows = rows.saturating_add(row_repeats);
                if row_last_col > 0 {
                    last_row = rows;
                    widest = widest.max(row_last_col);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                let cells = last_row.saturating_mul(widest);
                if used.saturating_add(cells) > limits.max_sheet_cells {
                    return Err(IngestProblem::SheetTooWide {
                        sheet: std::mem::take(&mut table),
                        span: format!("A1:{}", a1(last_row as usize - 1, widest as usize - 1)),
                        cells,
                        limit: limits.max_sheet_cells - used,
                    });
                }
                used += cells;
                (rows, last_row, widest) = (0, 0, 0);
            }
            Event::Eof => return Ok(hidden),
            _ => {}
        }
        buf.clear();
    }
}

/// Every sheet of an .xlsx, its cells streamed and bounded before the grid is built.
fn read_xlsx_streamed(
    mut workbook: Xlsx<Cursor<Vec<u8>>>,
    formulas: bool,
    limits: &Limits,
) -> Result<Vec<Sheet>, IngestProblem> {
    let metadata = workbook.sheets_metadata().to_vec();
    check_names(&metadata)?;
    let mut sheets = Vec::with_capacity(metadata.len());
    let mut texts = Texts::default();
    // The limit is the workbook's: each sheet has what the sheets before it left.
    let mut left = *limits;
    for meta in metadata {
        if let Some(sheet) = not_cells(&meta) {
            sheets.push(sheet);
            continue;
        }
        let name = meta.name.clone();
        let limits = &left;
        let fail = |e: String| unreadable(format!("sheet '{name}': {e}"));
        let mut cells = Placing::default();
        let mut cut = Vec::new();
        let mut count: u64 = 0;
        let mut formula_map = HashMap::new();
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|e| fail(e.to_string()))?;
        while let Some(cell) = reader
            .next_cell_with_formula()
            .map_err(|e| fail(e.to_string()))?
        {
            let formula = cell.formula.filter(|f| !f.is_empty());
            let value = match (convert_ref(cell.value, &mut texts), &formula) {
                (Cell::Empty, Some(_)) => Cell::Uncached,
                (value, _) => value,
            };
            let (r, c) = cell.pos;
            let value = fit(value, (r as usize, c as usize), &mut cut);
            if let (true, Some(f)) = (formulas, formula) {
                formula_map.insert(cell.pos, f);
            }
            if value != Cell::Empty {
                count += 1;
                if count > limits.max_sheet_cells {
                    return Err(IngestProblem::TooManyCells {
                        sheet: name,
                        limit: limits.max_sheet_cells,
                    });
                }
                cells.place(cell.pos, value, limits);
            }
        }
        drop(reader);
        let formulas = formula_map;
        let mut sheet = match cells {
            Placing::Rows(rows) => rows.sheet(name, formulas),
            Placing::List(cells) => grid(name, cells, formulas, limits)?,
        };
        sheet.hidden = meta.visible != SheetVisible::Visible;
        sheet.cut = cut;
        let span = (sheet.height() * sheet.width()) as u64;
        left.max_sheet_cells = left.max_sheet_cells.saturating_sub(span.max(count));
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// A sheet's cells placed as they are read. Excel and the usual writers save cells in reading
/// order, so each lands at the end of its row as it comes; a cell out of that order, or a
/// rectangle past the limit, turns the rows back into a list placed by [`grid`] once every
/// cell is read (where the limit is checked and reported).
enum Placing {
    Rows(Rows),
    List(Vec<((u32, u32), Cell)>),
}

impl Default for Placing {
    fn default() -> Self {
        Placing::Rows(Rows::default())
    }
}

/// Rows of cells from the first cell read, which is their top-left while cells come in order.
#[derive(Default)]
struct Rows {
    rows: Vec<Vec<Cell>>,
    row0: u32,
    col0: u32,
    /// The last cell placed and the rightmost column.
    last: Option<(u32, u32)>,
    col1: u32,
}

impl Placing {
    fn place(&mut self, (r, c): (u32, u32), value: Cell, limits: &Limits) {
        let rows = match self {
            Placing::Rows(rows) => rows,
            Placing::List(cells) => return cells.push(((r, c), value)),
        };
        let in_order = match rows.last {
            None => {
                (rows.row0, rows.col0, rows.col1) = (r, c, c);
                true
            }
            Some(last) => (r, c) > last && c >= rows.col0,
        };
        let col1 = rows.col1.max(c);
        let height = u64::from(r - rows.row0.min(r)) + 1;
        let width = u64::from(col1 - rows.col0.min(col1)) + 1;
        if !in_order || height * width > limits.max_sheet_cells {
            let mut cells = rows.list();
            cells.push(((r, c), value));
            *self = Placing::List(cells);
            return;
        }
        (rows.last, rows.col1) = (Some((r, c)), col1);
        let (i, j) = ((r - rows.row0) as usize, (c - rows.col0) as usize);
        if rows.rows.len() <= i {
            rows.rows.resize_with(i + 1, Vec::new);
        }
        let row = &mut rows.rows[i];
        if row.capacity() == 0 {
            row.reserve(width as usize);
        }
        if row.len() < j {
            row.resize(j, Cell::Empty);
        }
        row.push(value);
    }
}

impl Rows {
    /// The cells placed so far, as a list.
    fn list(&mut self) -> Vec<((u32, u32), Cell)> {
        let (row0, col0) = (self.row0, self.col0);
        std::mem::take(&mut self.rows)
            .into_iter()
            .enumerate()
            .flat_map(|(i, row)| {
                row.into_iter()
                    .enumerate()
                    .filter(|(_, cell)| *cell != Cell::Empty)
                    .map(move |(j, cell)| ((row0 + i as u32, col0 + j as u32), cell))
            })
            .collect()
    }

    fn sheet(self, name: String, formulas: HashMap<(u32, u32), String>) -> Sheet {
        Sheet {
            name,
            rows: self.rows,
            row0: self.row0,
            col0: self.col0,
            formulas,
            hidden: false,
            chart: false,
            cut: Vec::new(),
            hidden_rows: Vec::new(),
        }
    }
}

/// The dense grid of `cells`, refused when the rectangle they span passes the limit.
fn grid(
    name: String,
    cells: Vec<((u32, u32), Cell)>,
    formulas: HashMap<(u32, u32), String>,
    limits: &Limits,
) -> Result<Sheet, IngestProblem> {
    let row0 = cells.iter().map(|((r, _), _)| *r).min().unwrap_or(0);
    let col0 = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    let row1 = cells.iter().map(|((r, _), _)| *r).max().unwrap_or(0);
    let col1 = cells.iter().map(|((_, c), _)| *c).max().unwrap_or(0);
    let height = u64::from(row1 - row0) + 1;
    let width = u64::from(col1 - col0) + 1;
    if !cells.is_empty() && height * width > limits.max_sheet_cells {
        return Err(IngestProblem::SheetTooWide {
            span: format!(
                "{}:{}",
                a1(row0 as usize, col0 as usize),
                a1(row1 as usize, col1 as usize)
            ),
            sheet: name,
            cells: height * width,
            limit: limits.max_sheet_cells,
        });
    }
    let mut rows: Vec<Vec<Cell>> = if cells.is_empty() {
        Vec::new()
    } else {
        vec![Vec::new(); height as usize]
    };
    for ((r, c), value) in cells {
        let row = &mut rows[(r - row0) as usize];
        let col = (c - col0) as usize;
        if row.len() <= col {
            row.resize(col + 1, Cell::Empty);
        }
        row[col] = value;
    }
    Ok(Sheet {
        name,
        rows,
        row0,
        col0,
        formulas,
        hidden: false,
        chart: false,
        cut: Vec::new(),
        hidden_rows: Vec::new(),
    })
}

/// The formulas of a sheet by absolute (row, column); none when the reader cannot give them.
fn formula_map(workbook: &mut Sheets<Cursor<Vec<u8>>>, name: &str) -> HashMap<(u32, u32), String> {
    let Ok(range) = workbook.worksheet_formula(name) else {
        return HashMap::new();
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| ((row0 + r as u32, col0 + c as u32), f.clone()))
        .collect()
}

fn convert(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(e.to_string().into()),
    }
}

/// [`convert`] of a streamed cell, its text shared through `texts`.
fn convert_ref(data: DataRef, texts: &mut Texts) -> Cell {
    match data {
        DataRef::SharedString(s) => texts.cell(s),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => texts.cell(&s),
        DataRef::Empty => Cell::Empty,
        DataRef::Float(f) => Cell::Number(f),
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(d) => Cell::Date(d.as_f64()),
        DataRef::Error(e) => Cell::Error(e.to_string().into()),
    }
}

/// A CSV file as one sheet named after the file, its delimiter (`,`, `;` as Indonesian-locale
/// Excel writes, or a tab) found by [`delimiter`].
fn read_csv(name: &str, bytes: Vec<u8>) -> Result<Sheet, IngestProblem> {
    let text = String::from_utf8(bytes).map_err(|_| IngestProblem::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let delimiter = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut texts = Texts::default();
    let mut cut = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        let r = rows.len();
        let cells = record.iter().enumerate();
        let cells = cells.map(|(c, f)| fit(csv_cell(f, &mut texts), (r, c), &mut cut));
        rows.push(cells.collect());
    }
    Ok(Sheet {
        formulas: HashMap::new(),
        name: name.to_string(),
        rows,
        row0: 0,
        col0: 0,
        hidden: false,
        chart: false,
        cut,
        hidden_rows: Vec::new(),
    })
}

/// How many of a CSV file's first records are weighed to find its delimiter.
const DELIMITER_SCAN_RECORDS: usize = 30;

/// The delimiter of a CSV text: the one under which a row that looks like a header (two or
/// more fields, none of them a number) has the most rows after it with as many fields, so that
/// a title line above the header (`Rekap LKE, Kota Sukamaju`) does not decide it; then the one
/// whose header has more fields; a comma when nothing tells.
fn delimiter(text: &str) -> u8 {
    let weigh = |delimiter: u8| -> (usize, usize) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let widths: Vec<(usize, bool)> = reader
            .records()
            .take(DELIMITER_SCAN_RECORDS)
            .map_while(Result::ok)
            .map(|r| {
                let filled: Vec<&str> = r.iter().filter(|f| !f.trim().is_empty()).collect();
                let header =
                    filled.len() >= 2 && filled.iter().all(|f| f.trim().parse::<f64>().is_err());
                (r.len(), header)
            })
            .collect();
        (0..widths.len())
            .filter(|&i| widths[i].1)
            .map(|i| {
                let same = widths[i + 1..]
                    .iter()
                    .filter(|w| w.0 == widths[i].0)
                    .count();
                (same, widths[i].0)
            })
            .max()
            .unwrap_or((0, 0))
    };
    let mut best = (b',', weigh(b','));
    for candidate in [b';', b'\t'] {
        let weight = weigh(candidate);
        if weight > best.1 {
            best = (candidate, weight);
        }
    }
    best.0
}

fn csv_cell(field: &str, texts: &mut Texts) -> Cell {
    if field.trim().is_empty() {
        Cell::Empty
    } else {
        texts.cell(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(a1(13, 3), "D14");
    }

    /// A zip whose directory says its part is 10 bytes while it unpacks to 200,000.
    fn lying_zip() -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer
            .start_file("xl/worksheets/sheet1.xml", options)
            .unwrap();
        writer.write_all(&vec![b' '; 200_000]).unwrap();
        let mut bytes = writer.finish().unwrap().into_inner();
        // Patch the uncompressed size in the local header (offset 22) and the central
        // directory entry (offset 24 from its signature).
        bytes[22..26].copy_from_slice(&10u32.to_le_bytes());
        let central = bytes
            .windows(4)
            .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .unwrap();
        bytes[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
        bytes
    }

    #[test]
    fn a_zip_that_lies_about_its_sizes_is_refused_when_read() {
        let limits = Limits {
            max_uncompressed_bytes: 50_000,
            ..Limits::default()
        };
        // The declared 10 bytes pass the directory check...
        assert!(check_zip(&lying_zip(), &limits, true).is_ok());
        // ...and the zip reader stops the part near its declared size, with an error, instead
        // of unpacking its 200,000 bytes.
        let mut archive = zip::ZipArchive::new(Cursor::new(lying_zip())).unwrap();
        let mut entry = archive.by_index(0).unwrap();
        let mut unpacked = Vec::new();
        let err = std::io::Read::read_to_end(&mut entry, &mut unpacked).unwrap_err();
        assert!(err.to_string().contains("declared"), "{err}");
        assert!(unpacked.len() < 50_000, "{} bytes unpacked", unpacked.len());
    }

    /// Places `cells` in the order of `order`: the sheet, and whether it stayed in rows.
    fn placed(cells: &[((u32, u32), &str)], order: &[usize], limits: &Limits) -> (bool, Sheet) {
        let mut placing = Placing::default();
        for &i in order {
            let (pos, text) = cells[i];
            placing.place(pos, Cell::Text(text.into()), limits);
        }
        match placing {
            Placing::Rows(rows) => (true, rows.sheet("S".into(), HashMap::new())),
            Placing::List(list) => (
                false,
                grid("S".into(), list, HashMap::new(), limits).unwrap(),
            ),
        }
    }

    #[test]
    fn cells_out_of_reading_order_make_the_same_grid() {
        let limits = Limits::default();
        let cells = [((3, 1), "a"), ((3, 4), "b"), ((4, 2), "c"), ((7, 3), "d")];
        let (rows, in_order) = placed(&cells, &[0, 1, 2, 3], &limits);
        let (list, shuffled) = placed(&cells, &[0, 2, 1, 3], &limits);
        assert!(rows && !list);
        let text = |t: &str| Cell::Text(t.into());
        let expected = vec![
            vec![text("a"), Cell::Empty, Cell::Empty, text("b")],
            vec![Cell::Empty, text("c")],
            vec![],
            vec![],
            vec![Cell::Empty, Cell::Empty, text("d")],
        ];
        for sheet in [&in_order, &shuffled] {
            assert_eq!((sheet.row0, sheet.col0), (3, 1));
            assert_eq!(sheet.rows, expected);
        }
        // A first cell that is not the leftmost: its row is the top, another cell the left.
        let (rows, sheet) = placed(&cells, &[2, 3, 0, 1], &limits);
        assert!(!rows);
        assert_eq!((sheet.row0, sheet.col0), (3, 1));
        assert_eq!(sheet.rows, expected);
    }

    #[test]
    fn cells_in_order_past_the_limit_are_refused_as_a_list() {
        let limits = Limits {
            max_sheet_cells: 6,
            ..Limits::default()
        };
        let mut placing = Placing::default();
        placing.place((0, 0), Cell::Number(1.0), &limits);
        placing.place((0, 2), Cell::Number(2.0), &limits);
        assert!(matches!(placing, Placing::Rows(_)));
        // Three rows of three columns pass six cells: placed as a list, refused with its span.
        placing.place((2, 1), Cell::Number(3.0), &limits);
        let Placing::List(list) = placing else {
            panic!("still in rows")
        };
        assert_eq!(list.len(), 3);
        let err = grid("S".into(), list, HashMap::new(), &limits)
            .err()
            .unwrap();
        let IngestProblem::SheetTooWide { span, cells, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!((span.as_str(), cells), ("A1:C3", 9));
    }

    #[test]
    fn the_delimiter_is_the_headers_not_the_title_lines() {
        // A title with a comma above a semicolon header.
        let titled =
            "Rekap LKE, Kota Sukamaju\nopd;kode;jawaban\nDinas A;1.a.1;Y\nDinas A;1.a.2;T\n";
        assert_eq!(delimiter(titled), b';');
        // Commas inside a quoted note do not make it a comma file.
        let quoted = "opd;kode;jawaban;catatan\nDinas A;1.a.1;Y;\"a, b, c, d\"\n";
        assert_eq!(delimiter(quoted), b';');
        assert_eq!(delimiter("opd\tkode\tjawaban\nDinas A\t1.a.1\tY\n"), b'\t');
        assert_eq!(delimiter("opd,kode,jawaban\nDinas A,1.a.1,Y\n"), b',');
        // Nothing to tell by: a comma.
        assert_eq!(delimiter(""), b',');
        assert_eq!(delimiter("judul\n"), b',');
    }

    #[test]
    fn numbers_print_as_typed() {
        assert_eq!(Cell::Number(3.0).text().as_deref(), Some("3"));
        assert_eq!(Cell::Number(2.5).text().as_deref(), Some("2.5"));
        assert_eq!(Cell::Text("  ".into()).text(), None);
    }
}
