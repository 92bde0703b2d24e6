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
    /// The output's path holds something that is not a regular file (a device, a FIFO, a
    /// folder, a link), which writing would replace.
    NotAFile {
        /// Which.
        what: String,
    },
    /// Another run of sakip is writing into the same folder.
    Locked {
        /// Its process id.
        pid: u32,
    },
    /// A file the user keeps (a rubric, the settings) is there already: a command that makes
    /// one does not replace it.
    Exists,
    /// The system refused the write (no permission, a full disk, a path that does not exist).
    CannotWrite {
        /// The system's own words (English, from the OS), shown under `--lang en` and in JSON.
        detail: String,
    },
}

impl OutputProblem {
    /// The message's key in the catalogue.
    pub(super) fn key(&self) -> &'static str {
        match self {
            OutputProblem::OutputIsInput { .. } => "output_is_input",
            OutputProblem::NotAFile { .. } => "output_not_a_file",
            OutputProblem::Locked { .. } => "output_locked",
            OutputProblem::CannotWrite { .. } => "output_cannot_write",
            OutputProblem::Exists => "output_exists",
        }
    }

    /// One of each message, for the catalogue's tests.
    #[cfg(test)]
    pub(super) fn examples() -> Vec<Self> {
        vec![
            OutputProblem::OutputIsInput {
                input: "lke/a.xlsx".into(),
            },
            OutputProblem::NotAFile {
                what: "device".into(),
            },
            OutputProblem::Locked { pid: 4242 },
            OutputProblem::Exists,
            OutputProblem::CannotWrite {
                detail: "Permission denied (os error 13)".into(),
            },
        ]
    }
}
