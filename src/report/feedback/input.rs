//! What the feedback workbook is made from.

use crate::evaluate::Indices;
use crate::ingest::InputFile;
use crate::lang::Lang;
use crate::report::page::Print;
use crate::rubric::Rubric;
use crate::score::indices::ProgramScores;
use crate::score::path::Path;
use crate::score::reconcile::Reconciliation;
use crate::score::Scores;

/// What the workbook is made from.
pub struct FeedbackInput<'a> {
    /// The rubric scored against.
    pub rubric: &'a Rubric,
    /// Every OPD in rank order (see [`crate::score::combine`]; an AKIP ranking frame alone is
    /// one too).
    pub ranking: &'a crate::frame::Ranked,
    /// The AKIP scores, when there were LKE answers.
    pub akip: Option<&'a Scores>,
    /// The alignment and collaboration indices, when there was program data.
    pub programs: Option<&'a ProgramScores>,
    /// The indices' definitions.
    pub indices: &'a Indices,
    /// Self-assessment against the final answers, when there were both.
    pub reconciliation: Option<&'a Reconciliation>,
    /// Each OPD's shortest path to its next predicate (empty without LKE answers).
    pub next_steps: &'a [(String, Path)],
    /// The input files, with their hashes.
    pub files: &'a [InputFile],
    /// Every file and folder met among the inputs, when known: the Metadata sheet lists those
    /// passed over and why.
    pub ledger: Option<&'a crate::ingest::Ledger>,
    /// The time of the run, Unix seconds (from `SOURCE_DATE_EPOCH` where set).
    pub run_time_unix: i64,
    /// The language of sheet names and labels.
    pub lang: Lang,
    /// The year evaluated (`--year`; the run's year when not given).
    pub year: i32,
    /// Each OPD's own years from the history (`--history`), by the name it is ranked under.
    pub past: Option<&'a crate::history::PastYears>,
    /// The level of the rubric's tree the Komponen sheet shows, one column per node under each
    /// component (`--level`; 2, the sub-components, by default).
    pub level: usize,
    /// Where the official-layout workbooks' own values disagree with sakip's (`sakip audit`):
    /// the `Audit` sheet, when there are any.
    pub audit: &'a [crate::score::audit::Finding],
    /// The paper the workbook prints on (`--paper`).
    pub paper: crate::report::page::Paper,
    /// The government's name for the pages' header (from the settings), else the rubric's
    /// title is used.
    pub government: Option<&'a str>,
}

impl FeedbackInput<'_> {
    /// How the workbook's pages print: its paper, the government's name (else the rubric's
    /// title) and the year in the header.
    pub fn print(&self) -> Print {
        Print::new(
            self.rubric,
            self.government,
            self.paper,
            self.year,
            self.lang,
        )
    }
}
