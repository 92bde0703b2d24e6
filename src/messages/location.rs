//! Where a problem is: a file, and a sheet and cell where there are ones.
//!
//! A location is cheap to make and to copy (shared names, a cell as two numbers) and is spelt
//! out, `file!sheet!A1`, only when a message is shown.

use serde::Serialize;
use std::sync::Arc;

/// Where a problem is: file, then sheet and cell where there are ones.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Location {
    /// The file as the user named it (shared by the locations of one file).
    pub file: Arc<str>,
    /// The sheet, if any (shared likewise).
    pub sheet: Option<Arc<str>>,
    /// The cell, if any (shown in A1 notation).
    pub cell: Option<CellRef>,
}

/// A cell of a sheet by its absolute row and column, both from 0: eight bytes, spelt out in
/// A1 notation only when shown. A national run places millions of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
}

impl CellRef {
    /// The cell at absolute `(row, col)`, both from 0.
    pub fn new(row: usize, col: usize) -> Self {
        CellRef {
            row: row as u32,
            col: col as u32,
        }
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let letters = column_letters(self.col as usize);
        write!(f, "{letters}{}", u64::from(self.row) + 1)
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Location {
    /// A whole file.
    pub fn file(file: impl SharedName) -> Self {
        Location {
            file: file.shared(),
            ..Location::default()
        }
    }

    /// A whole sheet.
    pub fn sheet(file: impl SharedName, sheet: impl SharedName) -> Self {
        Location {
            file: file.shared(),
            sheet: Some(sheet.shared()),
            cell: None,
        }
    }

    /// A cell of a sheet. Passing the file and sheet as `Arc<str>` shares them rather than
    /// copying: a national run places millions of values.
    pub fn cell(file: impl SharedName, sheet: impl SharedName, cell: CellRef) -> Self {
        Location {
            file: file.shared(),
            sheet: Some(sheet.shared()),
            cell: Some(cell),
        }
    }
}

/// A file or sheet name as a [`Location`] keeps it: an `Arc<str>` is shared, anything else
/// copied once.
pub trait SharedName {
    /// The name, shared.
    fn shared(self) -> Arc<str>;
}

impl SharedName for Arc<str> {
    fn shared(self) -> Arc<str> {
        self
    }
}

impl SharedName for &Arc<str> {
    fn shared(self) -> Arc<str> {
        self.clone()
    }
}

impl SharedName for &str {
    fn shared(self) -> Arc<str> {
        self.into()
    }
}

impl SharedName for String {
    fn shared(self) -> Arc<str> {
        self.into()
    }
}

impl SharedName for &String {
    fn shared(self) -> Arc<str> {
        self.as_str().into()
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, "!{sheet}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, "!{cell}")?;
        }
        Ok(())
    }
}

/// Excel's column letters for a column from 0 (`0` -> `A`, `26` -> `AA`).
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{CellRef, Location};

    #[test]
    fn a_cell_is_shown_and_serialised_in_a1_notation() {
        assert_eq!(CellRef::new(0, 0).to_string(), "A1");
        assert_eq!(CellRef::new(9, 26).to_string(), "AA10");
        assert_eq!(CellRef::new(1_048_575, 16_383).to_string(), "XFD1048576");
        let at = Location::cell("lke.xlsx", "LKE", CellRef::new(4, 2));
        assert_eq!(at.to_string(), "lke.xlsx!LKE!C5");
        let json = serde_json::to_value(&at).unwrap();
        assert_eq!(json["cell"], "C5");
    }
}
