//! A look at an .xls (BIFF5/BIFF8) before calamine opens it. calamine reads every sheet of an
//! .xls when it opens the file, each into a dense grid from its first to its last cell, and
//! makes room for what each sheet claims: 5 KB with a number at A1 and at IV65536 on each of
//! 30 sheets would fill 16 GB, and a claim of 4 billion rows aborts the process, before a cell
//! could be counted. This pass walks the workbook's records once: it bounds the
//! cells every sheet spans against the workbook's limit, and notes the rows each sheet hides
//! (calamine does not give them).

use super::sheet::{a1, unreadable, Limits};
use super::IngestProblem;
use std::io::{Cursor, Read};
use std::ops::Range;

/// The hidden rows of every sheet, in the workbook's order of sheets (the order calamine gives
/// them), after checking that the sheets' spans fit the workbook's limit together.
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<Vec<Vec<Range<u32>>>, IngestProblem> {
    let stream = workbook_stream(bytes)?;
    let sheets = bound_sheets(&stream);
    let mut hidden = Vec::with_capacity(sheets.len());
    // The limit is the workbook's: each sheet has what the sheets before it left.
    let mut used: u64 = 0;
    for sheet in &sheets {
        let Some(substream) = stream.get(sheet.pos..).filter(|_| sheet.worksheet) else {
            hidden.push(Vec::new());
            continue;
        };
        let extent = extent(substream);
        let cells = extent.span();
        if used.saturating_add(cells) > limits.max_sheet_cells {
            let (rows, cols) = extent.last();
            return Err(IngestProblem::SheetTooWide {
                sheet: sheet.name.clone(),
                span: format!("A1:{}", a1(rows as usize, cols as usize)),
                cells,
                limit: limits.max_sheet_cells - used,
            });
        }
        used += cells;
        hidden.push(extent.hidden);
    }
    Ok(hidden)
}

/// The `Workbook` stream (`Book` in BIFF5) of the compound file.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, IngestProblem> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(unreadable)?;
    let name = match file.is_stream("/Workbook") {
        true => "/Workbook",
        false => "/Book",
    };
    let mut stream = file.open_stream(name).map_err(unreadable)?;
    let mut data = Vec::new();
    stream.read_to_end(&mut data).map_err(unreadable)?;
    Ok(data)
}

/// One record: its type and its data (CONTINUE records are records of their own here: none
/// of the records read below spans one).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16::from_le_bytes(rest.get(..2)?.try_into().ok()?);
        let len = u16::from_le_bytes(rest.get(2..4)?.try_into().ok()?) as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?) as u32)
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const ROW: u16 = 0x0208;
/// The cells of an .xls sheet's whole grid (BIFF8: 65,536 rows of 256 columns).
const XLS_GRID: u64 = 65_536 * 256;
/// ROW's flag for a row of height zero: hidden (MS-XLS 2.4.221, fDyZero).
const ROW_HIDDEN: u32 = 0x20;

/// A sheet the workbook's globals list (BoundSheet8, MS-XLS 2.4.28).
struct BoundSheet {
    name: String,
    /// Where its substream starts in the workbook stream.
    pos: usize,
    /// Whether it is a worksheet (not a chart, macro or VBA sheet).
    worksheet: bool,
}

/// The sheets of the globals substream, in order.
fn bound_sheets(stream: &[u8]) -> Vec<BoundSheet> {
    let mut biff8 = true;
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            BOF => biff8 = u16_at(data, 0) == Some(0x0600),
            BOUND_SHEET => {
                let Some(pos) = u32_at(data, 0) else { continue };
                sheets.push(BoundSheet {
                    name: sheet_name(data, biff8),
                    pos: pos as usize,
                    worksheet: data.get(5) == Some(&0),
                });
            }
            EOF => break,
            _ => {}
        }
    }
    sheets
}

/// A BoundSheet8's name (for messages): UTF-16 or Latin-1 in BIFF8, the code page's bytes
/// (read as Latin-1) in BIFF5.
fn sheet_name(data: &[u8], biff8: bool) -> String {
    let len = data.get(6).copied().unwrap_or(0) as usize;
    let (wide, start) = match biff8 {
        true => (data.get(7).is_some_and(|f| f & 1 == 1), 8),
        false => (false, 7),
    };
    let bytes = data.get(start..).unwrap_or_default();
    match wide {
        true => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .take(len)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        false => bytes.iter().take(len).map(|&b| b as char).collect(),
    }
}

/// A rectangle of cells: its first and last (row, column).
type Rect = ((u32, u32), (u32, u32));

/// What a worksheet's substream claims and holds.
#[derive(Default)]
struct Extent {
    /// The DIMENSIONS record's rows and columns (first, last), as calamine reads them.
    claimed: Option<Rect>,
    /// The first and last row and column of the cells found.
    cells: Option<Rect>,
    hidden: Vec<Range<u32>>,
}

impl Extent {
    fn grow(&mut self, row: u32, col: u32) {
        let (lo, hi) = self.cells.get_or_insert(((row, col), (row, col)));
        *lo = (lo.0.min(row), lo.1.min(col));
        *hi = (hi.0.max(row), hi.1.max(col));
    }

    /// The rectangle calamine fills: from the first to the last cell found. A claim counts
    /// instead only past what an .xls can hold (65,536 x 256): calamine makes room for a claim
    /// without filling it, so a formatted sheet claiming its whole grid costs nothing, but room
    /// for 4 billion rows is asked of the system at once.
    fn counted(&self) -> Option<Rect> {
        match (self.claimed, self.cells) {
            (Some(claim), found) if cells(Some(claim)) > XLS_GRID.max(cells(found)) => Some(claim),
            (_, found) => found,
        }
    }

    fn span(&self) -> u64 {
        cells(self.counted())
    }

    /// The last row and column of [`Extent::counted`].
    fn last(&self) -> (u32, u32) {
        self.counted().map_or((0, 0), |(_, hi)| hi)
    }
}

/// The cells of a rectangle (none for none).
fn cells(rect: Option<Rect>) -> u64 {
    rect.map_or(0, |((r0, c0), (r1, c1))| {
        (r1.saturating_sub(r0) as u64 + 1) * (c1.saturating_sub(c0) as u64 + 1)
    })
}

/// The extent and hidden rows of the worksheet whose substream starts `substream`, up to its
/// EOF (charts embedded in it, each its own BOF..EOF, are passed over).
fn extent(substream: &[u8]) -> Extent {
    let mut extent = Extent::default();
    let mut depth = 0usize;
    for (typ, data) in records(substream) {
        match (typ, depth) {
            (BOF, _) => depth += 1,
            (EOF, 1) => break,
            (EOF, _) => depth = depth.saturating_sub(1),
            (_, d) if d > 1 => {}
            (DIMENSIONS, _) => extent.claimed = dimensions(data),
            (ROW, _) => {
                let (Some(row), Some(flags)) = (u16_at(data, 0), u16_at(data, 12)) else {
                    continue;
                };
                if flags & ROW_HIDDEN != 0 {
                    super::sheet::add_row(&mut extent.hidden, row);
                }
            }
            // MulRk: row, first column, ..., last column.
            (0x00BD, _) => {
                let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                extent.grow(row, first);
                extent.grow(row, last.unwrap_or(first));
            }
            // The records calamine makes cells of, each opening with its row and column:
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
            (0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006, _) => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    extent.grow(row, col);
                }
            }
            _ => {}
        }
    }
    extent
}

/// A DIMENSIONS record as calamine reads it (MS-XLS 2.4.90): first and last row and column.
fn dimensions(data: &[u8]) -> Option<Rect> {
    let (rf, rl, cf, cl) = match data.len() {
        10 => (
            u16_at(data, 0)?,
            u16_at(data, 2)?,
            u16_at(data, 4)?,
            u16_at(data, 6)?,
        ),
        14 | 16 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u16_at(data, 8)?,
            u16_at(data, 10)?,
        ),
        _ => return None,
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    match rl >= 1 && cl >= 1 {
        true => Some(((rf, cf), (rl - 1, cl - 1))),
        false => None,
    }
}
