//! Frames to workbooks: the ranked feedback workbook and its JSON twin.
//!
//! The writer reads only the frames of [`crate::score::Scores`] and the rubric; it never parses
//! a spreadsheet. A workbook is built in memory and written whole, through a temporary file
//! renamed into place, so that a failed run leaves nothing half-written.

mod feedback;
pub mod file_names;
pub mod inspect;
pub mod json;
mod labels;
pub mod lhe;
pub mod output;
pub mod page;
pub mod per_opd;
pub mod rubric_tree;
pub mod scorecard;
mod style;
mod table;
pub mod template;
pub mod trend;

pub use feedback::{
    feedback_workbook, feedback_workbook_with, CriteriaAhead, Feedback, FeedbackInput,
    FEEDBACK_FILE,
};
pub use json::{evaluation_json, Json};
pub use labels::label;
pub use trend::{trend_workbook, TrendWorkbook};

use std::path::{Path, PathBuf};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output folder or file could not be written.
    #[error("cannot write {path}: {source}; choose a folder you can write to with --out")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The workbook library refused the content (an Excel limit, most likely).
    #[error("cannot build the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A chart picture could not be drawn.
    #[error("cannot draw the chart: {0}")]
    Chart(String),
    /// A frame did not have the columns the writer expects.
    #[error("internal frame error while writing the report: {0}")]
    Frame(#[from] polars::prelude::PolarsError),
    /// The output may not be written where it was asked for (over an input, over a device,
    /// into a folder another run holds).
    #[error("{}", .0.render(crate::Lang::En))]
    Refused(Box<crate::messages::Problem>),
}

impl ReportError {
    /// Whether the user can fix it (a folder they cannot write to).
    pub fn is_user_error(&self) -> bool {
        matches!(self, ReportError::Io { .. } | ReportError::Refused(_))
    }
}

/// The most characters an Excel cell holds.
pub use crate::ingest::CELL_CHARS;

/// The zip compression level of every workbook written: Excel's own, 3. Saving takes about 70%
/// of the time of the library's default (6) for files about 5% larger; at national scale the
/// feedback workbook's compression was 2.8 s of its 5.
pub const ZIP_LEVEL: u8 = 3;

/// An index frame (alignment or collaboration) read once: each OPD's row, and the index's
/// columns (its value and its parts') by name. Looked up per OPD by the workbook, the JSON and
/// every scorecard, so that 22,000 OPDs are not 22,000 scans of the frame.
pub(crate) struct IndexTable {
    rows: foldhash::HashMap<String, usize>,
    columns: foldhash::HashMap<String, Vec<Option<f64>>>,
}

impl IndexTable {
    /// The frame's `opd` column, its `column` and its `parts`' columns.
    ///
    /// # Errors
    /// When the frame lacks one of them.
    pub(crate) fn new(
        frame: &polars::prelude::DataFrame,
        column: &str,
        parts: &[crate::rubric::IndexPart],
    ) -> polars::prelude::PolarsResult<Self> {
        let rows = crate::frame::strings(frame, crate::frame::OPD)?
            .into_iter()
            .enumerate()
            .map(|(i, o)| (o, i))
            .collect();
        let columns = std::iter::once(column)
            .chain(parts.iter().map(|p| p.code.as_str()))
            .map(|name| Ok((name.to_string(), crate::frame::floats(frame, name)?)))
            .collect::<polars::prelude::PolarsResult<_>>()?;
        Ok(IndexTable { rows, columns })
    }

    /// The row of `opd`, if it has one.
    pub(crate) fn row(&self, opd: &str) -> Option<usize> {
        self.rows.get(opd).copied()
    }

    /// The value of `column` for the OPD at row `k`.
    pub(crate) fn value(&self, column: &str, k: usize) -> Option<f64> {
        self.columns.get(column).and_then(|c| c[k])
    }
}

/// A new workbook, compressed at [`ZIP_LEVEL`].
pub(crate) fn new_workbook() -> rust_xlsxwriter::Workbook {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.set_zip_compression_level(ZIP_LEVEL);
    workbook
}

/// `items` joined by `sep`, cut to what one cell holds: the items that fit, then how many more
/// there are (`…, +1234 lainnya`), so that a long list never fails the workbook.
pub fn join_fitting<S: AsRef<str>>(items: &[S], sep: &str, lang: crate::Lang) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for (i, item) in items.iter().enumerate() {
        let item = item.as_ref();
        let add = item.chars().count() + if i > 0 { sep.chars().count() } else { 0 };
        // Room is kept for the note of what was left out.
        if chars + add > CELL_CHARS - 40 {
            let rest = items.len() - i;
            let note = lang.pick("lainnya", "more");
            out.push_str(&format!("{sep}… +{rest} {note}"));
            return out;
        }
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
        chars += add;
    }
    out
}

/// Writes `bytes` to `dir/name` whole or not at all (see [`output`]), with no inputs to
/// guard. Creates `dir` if needed.
///
/// # Errors
/// [`ReportError::Io`] naming the path that could not be written; [`ReportError::Refused`]
/// when `dir/name` is not a regular file.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ReportError> {
    output::Destination::default().write(dir, name, bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_list_longer_than_a_cell_is_cut_with_a_count() {
        let items: Vec<String> = (0..5_000).map(|i| format!("Dinas Uji {i:04}")).collect();
        let text = super::join_fitting(&items, ", ", crate::Lang::Id);
        assert!(text.chars().count() <= super::CELL_CHARS);
        let shown = text.matches("Dinas Uji").count();
        assert!(text.ends_with(&format!("… +{} lainnya", 5_000 - shown)));
        assert_eq!(
            super::join_fitting(&["a", "b"], ", ", crate::Lang::En),
            "a, b"
        );
    }
}
