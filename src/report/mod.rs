//! Frames to workbooks: the ranked feedback workbook and its JSON twin.
//!
//! The writer reads only the frames of [`crate::score::Scores`] and the rubric; it never parses
//! a spreadsheet. A workbook is built in memory and written whole, through a temporary file
//! renamed into place, so that a failed run leaves nothing half-written.

mod feedback;
pub mod file_names;
mod json;
mod labels;
mod programs;
mod recommendations;
mod reconciliation;
pub mod scorecard;
pub mod template;
pub mod trend;

pub use feedback::{feedback_workbook, FeedbackInput};
pub use json::evaluation_json;
pub use labels::label;
pub use trend::trend_workbook;

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
    /// A frame did not have the columns the writer expects.
    #[error("internal frame error while writing the report: {0}")]
    Frame(#[from] polars::prelude::PolarsError),
}

impl ReportError {
    /// Whether the user can fix it (a folder they cannot write to).
    pub fn is_user_error(&self) -> bool {
        matches!(self, ReportError::Io { .. })
    }
}

/// Writes `bytes` to `dir/name` whole or not at all: a temporary file in the same folder, then a
/// rename. Creates `dir` if needed.
///
/// # Errors
/// [`ReportError::Io`] naming the path that could not be written.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ReportError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| ReportError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let target = dir.join(name);
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    if let Err(e) = std::fs::write(&temp, bytes) {
        let _ = std::fs::remove_file(&temp);
        return Err(io(&temp)(e));
    }
    std::fs::rename(&temp, &target).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io(&target)(e)
    })?;
    Ok(target)
}
