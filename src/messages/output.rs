//! Problems with where the outputs would go: over an input, over something that is not a file.
//!
//! Each variant carries the data its message needs; the words are in `messages/output.toml`.

use serde::Serialize;

/// Why an output cannot be written where it was asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutputProblem {
    /// The output would overwrite an input of the same run.
    OutputIsInput {
        /// The input it would overwrite.
        input: String,
    },
}

impl OutputProblem {
    /// The message's key in the catalogue.
    pub(super) fn key(&self) -> &'static str {
        match self {
            OutputProblem::OutputIsInput { .. } => "output_is_input",
        }
    }

    /// One of each message, for the catalogue's tests.
    #[cfg(test)]
    pub(super) fn examples() -> Vec<Self> {
        vec![OutputProblem::OutputIsInput {
            input: "lke/a.xlsx".into(),
        }]
    }
}
