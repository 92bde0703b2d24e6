//! Tables with a header row: finding the header and its columns by their spellings.
//!
//! Tidy LKE answers, tidy program data, priorities and OPD registries are all such tables; each
//! names its fields and the spellings it accepts, matched as [`header_key`] (case, spaces,
//! underscores and punctuation ignored). Where two columns match one field, the one whose
//! spelling comes first in the field's list wins (`Kode Rekening` over a running `Nomor`), and
//! of equal spellings the leftmost.

use super::{header_key, Sheet};
use crate::messages::Location;
use serde::Serialize;

/// A value read from a cell, with the cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed<T> {
    /// The value.
    pub value: T,
    /// Where it is.
    pub at: Location,
}

/// Items of a comma- or semicolon-separated cell, trimmed, blanks dropped.
pub fn split_list(text: &str) -> Vec<String> {
    list_items(text).map(str::to_string).collect()
}

/// The items of a list cell (see [`split_list`]), borrowed.
pub fn list_items(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// How far down a header row is looked for.
const HEADER_SCAN_ROWS: usize = 30;

/// One field of a table.
pub struct Field<'a> {
    /// Its name in messages (`jawaban`): the reader's, so code.
    pub name: &'static str,
    /// Whether a table without it is an error.
    pub required: bool,
    /// Accepted header spellings, as [`header_key`], the preferred first.
    pub spellings: &'a [&'a str],
}

/// A header row and the column of each field (by index into the field list).
pub struct Header {
    /// The header row, relative to the sheet's range.
    pub row: usize,
    /// The column of each field, if found.
    pub columns: Vec<Option<usize>>,
    /// The columns the header spans: up to its last non-blank cell.
    pub width: usize,
}

impl Header {
    /// The column of field `i`.
    pub fn col(&self, i: usize) -> Option<usize> {
        self.columns[i]
    }

    /// The values of `row` right of the header (a CSV note holding the delimiter, a value
    /// typed past the table): the first one's column and every one's text. `None` when the
    /// row ends within the header, as nearly every row does.
    pub fn beyond(&self, sheet: &Sheet, row: usize) -> Option<(usize, Vec<String>)> {
        let cells = sheet.rows.get(row)?;
        if cells.len() <= self.width {
            return None;
        }
        let extra: Vec<(usize, String)> = (self.width..cells.len())
            .filter_map(|col| Some((col, sheet.get(row, col).text()?)))
            .collect();
        let first = extra.first()?.0;
        Some((first, extra.into_iter().map(|(_, t)| t).collect()))
    }

    /// The required fields that have no column.
    pub fn missing<'f, 'a>(&self, fields: &'f [Field<'a>]) -> Vec<&'f Field<'a>> {
        fields
            .iter()
            .zip(&self.columns)
            .filter(|(f, c)| f.required && c.is_none())
            .map(|(f, _)| f)
            .collect()
    }
}

/// The columns of `row` matched against `fields`: for each field, the column with its most
/// preferred spelling, the leftmost of equals.
pub fn match_row(sheet: &Sheet, row: usize, fields: &[Field]) -> Header {
    // Per field: the rank of the spelling found and its column.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; fields.len()];
    let mut width = 0;
    for col in 0..sheet.rows.get(row).map_or(0, Vec::len) {
        let Some(text) = sheet.get(row, col).text() else {
            continue;
        };
        width = col + 1;
        let key = header_key(&text);
        let found = fields.iter().enumerate().find_map(|(i, f)| {
            let rank = f.spellings.iter().position(|s| *s == key)?;
            Some((i, rank))
        });
        if let Some((i, rank)) = found {
            if best[i].is_none_or(|(r, _)| rank < r) {
                best[i] = Some((rank, col));
            }
        }
    }
    Header {
        row,
        columns: best.into_iter().map(|b| b.map(|(_, col)| col)).collect(),
        width,
    }
}

/// The first row in the first rows of `sheet` that names at least `min_required` required
/// fields and passes `accept`.
pub fn find_header(
    sheet: &Sheet,
    fields: &[Field],
    min_required: usize,
    accept: impl Fn(&Header) -> bool,
) -> Option<Header> {
    (0..sheet.height().min(HEADER_SCAN_ROWS))
        .map(|row| match_row(sheet, row, fields))
        .find(|h| {
            let found = fields
                .iter()
                .zip(&h.columns)
                .filter(|(f, c)| f.required && c.is_some())
                .count();
            found >= min_required && accept(h)
        })
}

#[cfg(test)]
mod tests {
    use super::split_list;

    #[test]
    fn list_cells_split_on_commas_semicolons_and_lines() {
        assert_eq!(split_list(" P1, P2;P3\n\n , "), ["P1", "P2", "P3"]);
        assert!(split_list(" ,; ").is_empty());
    }
}
