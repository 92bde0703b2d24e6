//! How every sheet sakip writes prints: the paper (A4, or F4/Folio as Indonesian offices use),
//! the orientation each sheet asks for, margins, the table's title and header rows repeated on
//! every page, a header with the government's (or the rubric's) name and the year, and a
//! footer with the page number ("Halaman 2 dari 5").
//!
//! A table is fitted to the page's width only where it stays readable (printed at 8 pt or more
//! of the sheet's 11 pt, a scale of 73 % or more); a wider one keeps its size and runs onto
//! more pages across, its first columns repeated on each and its page breaks where the caller
//! puts them (the Kriteria sheet breaks between components).

use super::ReportError;
use crate::lang::Lang;
use rust_xlsxwriter::Worksheet;

/// The paper a workbook prints on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// A4, 210 x 297 mm.
    #[default]
    A4,
    /// F4 (Folio), 215 x 330 mm: Excel's "Folio 8.5 x 13 in".
    F4,
}

impl Paper {
    /// Excel's paper size code.
    pub fn code(self) -> u8 {
        match self {
            Paper::A4 => 9,
            Paper::F4 => 14,
        }
    }

    /// The width and height of the printable area, in inches, portrait, inside
    /// [`MARGIN`]s.
    fn printable(self) -> (f64, f64) {
        let (w, h) = match self {
            Paper::A4 => (8.27, 11.69),
            Paper::F4 => (8.46, 12.99),
        };
        (w - 2.0 * MARGIN, h - 2.0 * MARGIN - 0.4)
    }
}

/// The left, right, top and bottom margins, in inches (about 1.5 cm).
const MARGIN: f64 = 0.6;

/// The width of one character of a column at 100 %, in inches (Calibri 11: 7 pixels at 96 dpi).
const CHAR_INCHES: f64 = 7.0 / 96.0;

/// The smallest print scale that keeps the sheet's 11 pt text at 8 pt or more.
const MIN_SCALE: f64 = 8.0 / 11.0;

/// How a sheet's pages are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Taller than wide: lists, the scorecard's first page.
    Portrait,
    /// Wider than tall: the tables.
    Landscape,
}

/// What every page of a workbook says, and on what paper.
#[derive(Debug, Clone)]
pub struct Print {
    /// The paper.
    pub paper: Paper,
    /// The name the header carries on the left: the government's, else the rubric's title.
    pub heading: String,
    /// The year the header carries on the right.
    pub year: i32,
    /// The language of the footer.
    pub lang: Lang,
}

impl Print {
    /// The print setup of a workbook of `rubric`'s evaluation in `year`: on `paper`, the
    /// header naming `government` (from the settings), else the rubric's title.
    pub fn new(
        rubric: &crate::rubric::Rubric,
        government: Option<&str>,
        paper: Paper,
        year: i32,
        lang: Lang,
    ) -> Self {
        let heading = match government {
            Some(name) => name.to_string(),
            None => rubric.title.get(lang).to_string(),
        };
        Print {
            paper,
            heading,
            year,
            lang,
        }
    }

    /// The header and footer of every page, the paper and margins, and `orientation`.
    fn common(&self, sheet: &mut Worksheet, orientation: Orientation) -> Result<(), ReportError> {
        sheet.set_paper_size(self.paper.code());
        match orientation {
            Orientation::Portrait => sheet.set_portrait(),
            Orientation::Landscape => sheet.set_landscape(),
        };
        sheet.set_margins(MARGIN, MARGIN, MARGIN + 0.2, MARGIN + 0.2, 0.3, 0.3);
        // `&` starts a code in a header: a name's own is doubled.
        let heading = self.heading.replace('&', "&&");
        sheet.set_header(format!("&L&8{heading}&R&8{}", self.year));
        let page = self.lang.pick("Halaman &P dari &N", "Page &P of &N");
        sheet.set_footer(format!("&C&8{page}"));
        Ok(())
    }

    /// A table under a title, landscape, fitted to the page's width (its columns are few
    /// enough to stay readable): rows up to `header_row` repeated on every page.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] when the sheet refuses the setup.
    pub fn table(&self, sheet: &mut Worksheet, header_row: u32) -> Result<(), ReportError> {
        self.common(sheet, Orientation::Landscape)?;
        sheet.set_repeat_rows(0, header_row)?;
        sheet.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    /// A table that may be wide (`width` characters of columns): fitted to the page's width
    /// when that keeps it readable (see the module), else printed at its size across pages,
    /// its first `repeat_columns` columns repeated on each and a page break before each of
    /// `breaks` (columns, from 0). Rows up to `header_row` repeated on every page.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] when the sheet refuses the setup.
    pub fn wide(
        &self,
        sheet: &mut Worksheet,
        header_row: u32,
        width: f64,
        repeat_columns: u16,
        breaks: &[u16],
    ) -> Result<(), ReportError> {
        self.common(sheet, Orientation::Landscape)?;
        sheet.set_repeat_rows(0, header_row)?;
        if readable_across(width, self.paper.printable().1) {
            sheet.set_print_fit_to_pages(1, 0);
            return Ok(());
        }
        if repeat_columns > 0 {
            sheet.set_repeat_columns(0, repeat_columns - 1)?;
        }
        let breaks: Vec<u32> = breaks.iter().map(|&c| u32::from(c)).collect();
        if !breaks.is_empty() {
            sheet.set_vertical_page_breaks(&breaks)?;
        }
        Ok(())
    }

    /// A sheet that is one page (the scorecard's summary, a chart): fitted to it.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] when the sheet refuses the setup.
    pub fn one_page(
        &self,
        sheet: &mut Worksheet,
        orientation: Orientation,
    ) -> Result<(), ReportError> {
        self.common(sheet, orientation)?;
        sheet.set_print_fit_to_pages(1, 1);
        Ok(())
    }

    /// A list that runs down (metadata, instructions): portrait, one page wide.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] when the sheet refuses the setup.
    pub fn list(&self, sheet: &mut Worksheet) -> Result<(), ReportError> {
        self.common(sheet, Orientation::Portrait)?;
        sheet.set_print_fit_to_pages(1, 0);
        Ok(())
    }
}

/// Whether columns `width` characters wide, fitted to `across` inches, print at 8 pt or more.
fn readable_across(width: f64, across: f64) -> bool {
    width * CHAR_INCHES * MIN_SCALE <= across
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_fitted_only_while_it_stays_readable() {
        // A4 landscape: 11.69 - 2 x 0.6 - 0.4 (header, footer) = 10.09 in across; at 8/11 that
        // takes 10.09 x 11 / 8 = 13.87 in of columns, 190 characters of 7/96 in.
        let (short, long) = Paper::A4.printable();
        assert!((short - 7.07).abs() < 1e-9 && (long - 10.09).abs() < 1e-9);
        assert!(readable_across(180.0, long));
        assert!(!readable_across(200.0, long));
    }
}
