//! Column names of the frames passed between stages.
//!
//! Scoring writes its frames with these names and reconciliation, the shortest paths and the
//! reports read them; keeping them in one place is what lets the stages stay apart. The helpers
//! below read a column out of a frame for the code that must walk rows (messages, workbook
//! cells).

use polars::prelude::{DataFrame, PolarsResult};

/// The OPD's name.
pub const OPD: &str = "opd";
/// The criterion code.
pub const CODE: &str = "code";
/// The tier (`usulan`, `penetapan`).
pub const TIER: &str = "tier";
/// The evaluator's note.
pub const NOTE: &str = "note";
/// The evidence.
pub const EVIDENCE: &str = "evidence";
/// Years the criterion has been kept (fulfilment rubrics).
pub const KEPT_YEARS: &str = "kept_years";

/// A string column as owned strings, null as empty.
///
/// # Errors
/// When the column is absent or not of strings.
pub fn strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default().to_string())
        .collect())
}

/// A string column, nulls kept.
///
/// # Errors
/// When the column is absent or not of strings.
pub fn optional_strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.map(str::to_string))
        .collect())
}

/// A float column, nulls kept.
///
/// # Errors
/// When the column is absent or not of floats.
pub fn floats(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df.column(name)?.f64()?.iter().collect())
}

/// A float column with nulls read as 0 (scores of parts that add up).
///
/// # Errors
/// When the column is absent or not of floats.
pub fn floats_or_zero(df: &DataFrame, name: &str) -> PolarsResult<Vec<f64>> {
    Ok(floats(df, name)?
        .into_iter()
        .map(|v| v.unwrap_or(0.0))
        .collect())
}
