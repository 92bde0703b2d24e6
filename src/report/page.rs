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

pub use crate::settings::Paper;

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
        (w - 2.0 * MARGIN, h - 2.0 * MARGIN)
    }
}

/// The left, right, top and bottom margins, in inches (about 1.5 cm).
const MARGIN: f64 = 0.6;

/// The printed width of a column `width` characters wide at 100 %, in inches: Excel gives it
/// 7 pixels a character (Calibri 11) and 5 of padding, at 96 dpi; 8 % more for what
/// LibreOffice lays out (measured with Carlito: a 7-character column 5.7 % wider), so that a
/// page planned full is not broken again by the program.
fn column_inches(width: f64) -> f64 {
    (width * 7.0 + 5.0) / 96.0 * 1.08
}

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

    /// A table that may be wide (its columns `widths` characters wide, from column 0): fitted
    /// to the page's width when that keeps it readable (see the module); else printed at
    /// [`WIDE_SCALE`] across pages, its first `repeat_columns` columns repeated on each, and
    /// broken between `groups` of columns (their first columns, with whether each begins a
    /// major group): always before a major group (a component), before a minor one (a
    /// sub-component) where the page is full. Rows up to `header_row` repeated on every page.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] when the sheet refuses the setup.
    pub fn wide(
        &self,
        sheet: &mut Worksheet,
        header_row: u32,
        widths: &[f64],
        repeat_columns: u16,
        groups: &[(u16, bool)],
    ) -> Result<(), ReportError> {
        self.common(sheet, Orientation::Landscape)?;
        sheet.set_repeat_rows(0, header_row)?;
        let across = self.paper.printable().1;
        let inches: Vec<f64> = widths.iter().map(|&w| column_inches(w)).collect();
        if readable_across(inches.iter().sum(), across) {
            sheet.set_print_fit_to_pages(1, 0);
            return Ok(());
        }
        sheet.set_print_scale(WIDE_SCALE);
        if repeat_columns > 0 {
            sheet.set_repeat_columns(0, repeat_columns - 1)?;
        }
        // The page's width at the scale, in the columns' own inches.
        let room = across / (f64::from(WIDE_SCALE) / 100.0);
        let repeated: f64 = inches.iter().take(usize::from(repeat_columns)).sum();
        let breaks = page_breaks(&inches, groups, room - repeated);
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

    /// A sheet of several tables or charts: `orientation`, one page wide, no rows repeated.
    ///
    /// # Errors
    /// [`ReportError::Xlsx`] when the sheet refuses the setup.
    pub fn sheet(
        &self,
        sheet: &mut Worksheet,
        orientation: Orientation,
    ) -> Result<(), ReportError> {
        self.common(sheet, orientation)?;
        sheet.set_print_fit_to_pages(1, 0);
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

/// The print scale of a table too wide to fit, in percent: just above 8 pt of 11.
pub const WIDE_SCALE: u16 = 75;

/// The columns before which a wide table breaks (see [`Print::wide`]), its columns `widths`
/// wide: `room` of them per page.
fn page_breaks(widths: &[f64], groups: &[(u16, bool)], room: f64) -> Vec<u32> {
    let mut breaks = Vec::new();
    let mut used = 0.0;
    for (k, &(first, major)) in groups.iter().enumerate() {
        let end = groups
            .get(k + 1)
            .map_or(widths.len(), |g| usize::from(g.0))
            .min(widths.len());
        let width: f64 = widths[usize::from(first).min(end)..end].iter().sum();
        if used > 0.0 && (major || used + width > room) {
            breaks.push(u32::from(first));
            used = 0.0;
        }
        used += width;
    }
    breaks
}

/// Whether columns `width` inches wide in all, fitted to `across` inches, print at 8 pt or
/// more.
fn readable_across(width: f64, across: f64) -> bool {
    width * MIN_SCALE <= across
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_fitted_only_while_it_stays_readable() {
        // A4 landscape: 11.69 - 2 x 0.6 = 10.49 in across; at 8/11 that takes 10.49 x 11 / 8 =
        // 14.42 in of columns: 15 columns of 12 characters ((84 + 5) / 96 x 1.08 = 1.00125 in
        // each, 15.0 in) are too many, 14 (14.0 in) are not.
        let (short, long) = Paper::A4.printable();
        assert!((short - 7.07).abs() < 1e-9 && (long - 10.49).abs() < 1e-9);
        assert!((column_inches(12.0) - 1.00125).abs() < 1e-9);
        assert!(readable_across(14.0 * column_inches(12.0), long));
        assert!(!readable_across(15.0 * column_inches(12.0), long));
    }

    #[test]
    fn a_wide_table_breaks_before_each_major_group_and_where_a_page_is_full() {
        // Columns: OPD (repeated), then groups of 3, 4 (major), 2 and 3 columns of 10.
        let widths = [30.0; 1].into_iter().chain([10.0; 12]).collect::<Vec<_>>();
        let groups = [(1, true), (4, false), (8, true), (10, false)];
        // 80 characters a page: 30 + 40 fit, the major group at 8 breaks, 20 + 30 fit.
        assert_eq!(page_breaks(&widths, &groups, 80.0), [8]);
        // 50 a page: the second group (40) does not fit after the first (30); the last two
        // (20 + 30) do; 45 a page: they do not.
        assert_eq!(page_breaks(&widths, &groups, 50.0), [4, 8]);
        assert_eq!(page_breaks(&widths, &groups, 45.0), [4, 8, 10]);
    }
}
