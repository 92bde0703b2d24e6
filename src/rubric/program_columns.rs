//! The columns of tidy program data and the header spellings each accepts, as data in
//! `rubrics/program-columns.toml`: the reader matches headers against them, the program
//! template writes its header from them, and the input-layout docs are checked to list them.
//!
//! The file is embedded and checked once, on first use; its own unit test keeps it valid.

use super::RubricError;
use crate::lang::Text;
use serde::Deserialize;
use std::sync::LazyLock;

const PROGRAM_COLUMNS: &str = include_str!("../../rubrics/program-columns.toml");

/// One column of tidy program data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramColumn {
    /// The field's name (`pagu`): the first spelling of the template's header.
    pub name: String,
    /// Whether a sheet without it is an error.
    pub required: bool,
    /// The header spellings accepted, as real files write them (`Pagu Indikatif`), the
    /// preferred first.
    pub spellings: Vec<String>,
    /// What the column holds, for the template's header notes.
    pub about: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumns {
    column: Vec<ProgramColumn>,
}

/// The built-in columns, parsed and checked on first use.
static COLUMNS: LazyLock<Result<Vec<ProgramColumn>, RubricError>> =
    LazyLock::new(|| parse(PROGRAM_COLUMNS, "program-columns.toml"));

/// The columns of tidy program data, in the template's order.
///
/// # Errors
/// [`RubricError`] when the embedded file is broken (its unit test keeps it from being so).
pub fn program_columns() -> Result<&'static [ProgramColumn], RubricError> {
    match COLUMNS.as_ref() {
        Ok(columns) => Ok(columns),
        Err(e) => Err(RubricError::definition(
            "program-columns.toml",
            vec![e.to_string()],
        )),
    }
}

/// Parses and checks a columns file: names given once, each with its own name among its
/// spellings (so the template's header reads back).
fn parse(text: &str, source_name: &str) -> Result<Vec<ProgramColumn>, RubricError> {
    let raw: RawColumns = toml::from_str(text).map_err(|e| RubricError::Parse {
        source_name: source_name.to_string(),
        message: e.to_string(),
    })?;
    let mut problems = Vec::new();
    for (i, column) in raw.column.iter().enumerate() {
        if raw.column[..i].iter().any(|c| c.name == column.name) {
            problems.push(format!("column '{}' is given twice", column.name));
        }
        if !column.spellings.contains(&column.name) {
            problems.push(format!(
                "column '{}' does not list its own name among its spellings",
                column.name
            ));
        }
    }
    match problems.is_empty() {
        true => Ok(raw.column),
        false => Err(RubricError::definition(source_name, problems)),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, program_columns};

    #[test]
    fn the_built_in_columns_parse_and_name_the_four_required_fields() {
        let columns = program_columns().unwrap();
        let required: Vec<&str> = columns
            .iter()
            .filter(|c| c.required)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(required, ["opd", "kode", "nama", "pagu"]);
        let pagu = columns.iter().find(|c| c.name == "pagu").unwrap();
        assert!(pagu.spellings.iter().any(|s| s == "Pagu Indikatif"));
    }

    #[test]
    fn a_column_named_twice_or_without_its_own_name_is_refused() {
        let text = r#"
            [[column]]
            name = "opd"
            required = true
            spellings = ["opd"]
            about = { id = "a", en = "a" }
            [[column]]
            name = "opd"
            required = false
            spellings = ["SKPD"]
            about = { id = "b", en = "b" }
        "#;
        let err = parse(text, "t.toml").unwrap_err().to_string();
        assert!(err.contains("'opd' is given twice"), "{err}");
        assert!(err.contains("does not list its own name"), "{err}");
    }
}
