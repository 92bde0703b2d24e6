//! The sheet kit: a table's title, header, column widths, frozen panes, filter and print setup,
//! written the same way on every sheet. A sheet writes its body; [`Table`] writes the rest.
//!
//! ```text
//! let table = Table::new(3).columns([("OPD".into(), 40.0), ("Nilai".into(), 10.0)]).freeze(1).filter();
//! table.title(sheet, "Peringkat", "urut nilai", f)?;
//! table.head(sheet, f)?;
//! for (i, row) in rows.iter().enumerate() { /* write at table.body_row() + i */ }
//! table.finish(sheet, rows.len(), print)?;
//! ```

use super::page::Print;
use super::style::{header_height, text_height, title_block, Formats};
use super::ReportError;
use rust_xlsxwriter::Worksheet;

/// A table from column 0 whose header is at `header_row` (rows above it hold its title).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    header_row: u32,
    /// Header text and width (characters), one per column.
    columns: Vec<(String, f64)>,
    /// Columns frozen at the left (and repeated on each page of a table too wide for one).
    frozen: u16,
    filter: bool,
}

impl Table {
    /// A table with its header at `header_row`.
    pub(crate) fn new(header_row: u32) -> Self {
        Table {
            header_row,
            columns: Vec::new(),
            frozen: 0,
            filter: false,
        }
    }

    /// Adds columns (header, width).
    pub(crate) fn columns(mut self, columns: impl IntoIterator<Item = (String, f64)>) -> Self {
        self.columns.extend(columns);
        self
    }

    /// Adds columns named by their labels' keys (`("opd", 40.0)`), in `lang`.
    pub(crate) fn labelled<'k>(
        self,
        columns: impl IntoIterator<Item = (&'k str, f64)>,
        lang: crate::lang::Lang,
    ) -> Self {
        let named = columns
            .into_iter()
            .map(|(key, width)| (super::labels::label(key, lang).to_string(), width));
        self.columns(named)
    }

    /// Freezes the first `columns` columns beside the rows above the body.
    pub(crate) fn freeze(mut self, columns: u16) -> Self {
        self.frozen = columns;
        self
    }

    /// Puts a filter on the header.
    pub(crate) fn filter(mut self) -> Self {
        self.filter = true;
        self
    }

    /// The first row of the body.
    pub(crate) fn body_row(&self) -> u32 {
        self.header_row + 1
    }

    /// The number of columns.
    pub(crate) fn width(&self) -> u16 {
        self.columns.len() as u16
    }

    /// Writes the title and subtitle above the table (rows 0 and 1).
    pub(crate) fn title(
        &self,
        sheet: &mut Worksheet,
        title: &str,
        subtitle: &str,
        f: &Formats,
    ) -> Result<(), ReportError> {
        title_block(sheet, title, subtitle, f)
    }

    /// Writes the header, as tall as its longest wrapped name (no name is clipped at its
    /// column's width), the column widths, and freezes the panes under the header.
    pub(crate) fn head(&self, sheet: &mut Worksheet, f: &Formats) -> Result<(), ReportError> {
        for (c, (_, width)) in self.columns.iter().enumerate() {
            sheet.set_column_width(c as u16, *width)?;
        }
        header(sheet, self.header_row, &self.columns, f)?;
        sheet.set_freeze_panes(self.body_row(), self.frozen)?;
        Ok(())
    }

    /// A note at `row` (in the title block or under the table): merged across the table's
    /// columns and wrapped, as tall as its lines, so that it neither runs past the last column
    /// (a spreadsheet prints what runs past on a page of its own) nor is cut off.
    pub(crate) fn note(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        text: &str,
        f: &Formats,
    ) -> Result<(), ReportError> {
        let last_col = self.width().saturating_sub(1);
        let width: f64 = self.columns.iter().map(|c| c.1).sum();
        // Before the cells: a workbook in constant memory mode writes a row out whole.
        sheet.set_row_height(row, text_height(text, width))?;
        if last_col > 0 {
            sheet.merge_range(row, 0, row, last_col, text, &f.note)?;
        } else {
            sheet.write_string_with_format(row, 0, text, &f.note)?;
        }
        Ok(())
    }

    /// Closes the table after `rows` body rows: the filter over them, and the print setup
    /// (the header's rows repeated; fitted to the page's width when that keeps it readable,
    /// else across pages with the frozen columns repeated, see [`Print::wide`]).
    pub(crate) fn finish(
        &self,
        sheet: &mut Worksheet,
        rows: usize,
        print: &Print,
    ) -> Result<(), ReportError> {
        let last_col = self.width().saturating_sub(1);
        if self.filter {
            let last_row = self.header_row + rows.max(1) as u32;
            sheet.autofilter(self.header_row, 0, last_row, last_col)?;
        }
        let widths: Vec<f64> = self.columns.iter().map(|c| c.1).collect();
        print.wide(sheet, self.header_row, &widths, self.frozen, &[])
    }
}

/// Writes a header row from column 0 (names and the widths of their columns), as tall as its
/// longest wrapped name: the header of a [`Table`], or of a table stacked under another on a
/// sheet whose columns the first one sized.
pub(crate) fn header(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[(String, f64)],
    f: &Formats,
) -> Result<(), ReportError> {
    let mut height: f64 = 15.0;
    for (c, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, name, &f.header)?;
        height = height.max(header_height(name, *width));
    }
    sheet.set_row_height(row, height)?;
    Ok(())
}
