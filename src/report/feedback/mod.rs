//! The ranked feedback workbook: `Ringkasan`, `Grafik`, `Komponen`, `Kriteria`, `Rekomendasi`,
//! `Rekonsiliasi`, `Konsistensi`, `Audit`, the program data's sheets and `Metadata`, one file
//! each; this module adds them in order and fills them on two threads. Every sheet takes its
//! formats from [`crate::report::style`] and its print setup from [`crate::report::page`].

mod audit;
mod chart;
mod components;
mod consistency;
mod criteria;
mod input;
mod metadata;
pub(crate) mod programs;
pub(crate) mod recommendations;
mod reconciliation;
mod summary;

pub use input::FeedbackInput;

use crate::report::page::Print;
use crate::report::style::Formats;
use crate::report::ReportError;
use crate::rubric::Rubric;
use crate::score::indices::ProgramScores;
use crate::score::Scores;
use chart::{band_chart, BandEdges};
use components::components_sheet;
use criteria::criteria_sheet;
use metadata::metadata_sheet;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};
use summary::summary_sheet;

/// Above this many OPDs a bar per OPD is no longer readable, and the summary has no chart.
pub(crate) const MAX_CHART_OPDS: usize = 100;
/// Engine version, recorded in `Metadata`.
pub(crate) const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Kriteria sheet (1.76 million cells at national scale), filled before the rest of its
/// workbook: it needs only the AKIP scores, so it can be filled while the program data is
/// still being scored (see [`crate::evaluate::evaluate_with`]). Its workbook is the one the
/// feedback is then built in ([`feedback_workbook_with`]).
pub struct CriteriaAhead {
    workbook: Workbook,
    sheet: Worksheet,
}

impl CriteriaAhead {
    /// Fills the Kriteria sheet of `akip`.
    ///
    /// # Errors
    /// As [`feedback_workbook`].
    pub fn fill(rubric: &Rubric, print: &Print, akip: &Scores) -> Result<Self, ReportError> {
        let mut workbook = crate::report::new_workbook();
        // Written row by row, streamed to a temporary file rather than held (see
        // `feedback_workbook_with`).
        let mut sheet = workbook.new_worksheet_with_low_memory()?;
        criteria_sheet(&mut sheet, rubric, print, akip, &Formats::new(rubric))?;
        Ok(CriteriaAhead { workbook, sheet })
    }
}

/// The feedback workbook as an [`Output`](crate::report::output::Output): `feedback.xlsx`, its
/// Kriteria sheet taken from `ahead` when it was filled already.
pub struct Feedback<'a> {
    /// What it is made from.
    pub input: &'a FeedbackInput<'a>,
    /// The Kriteria sheet, when filled ahead.
    pub ahead: Option<CriteriaAhead>,
}

impl crate::report::output::Output for Feedback<'_> {
    fn file_name(&self) -> String {
        FEEDBACK_FILE.to_string()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        feedback_workbook_with(self.input, self.ahead)
    }
}

/// The feedback workbook's file name.
pub const FEEDBACK_FILE: &str = "feedback.xlsx";

/// Builds the workbook in memory.
///
/// # Errors
/// [`ReportError::Xlsx`] when the content passes an Excel limit, [`ReportError::Frame`] when a
/// frame lacks a column.
pub fn feedback_workbook(input: &FeedbackInput) -> Result<Vec<u8>, ReportError> {
    feedback_workbook_with(input, None)
}

/// [`feedback_workbook`], its Kriteria sheet taken from `ahead` when it was filled already.
///
/// # Errors
/// As [`feedback_workbook`].
pub fn feedback_workbook_with(
    input: &FeedbackInput,
    ahead: Option<CriteriaAhead>,
) -> Result<Vec<u8>, ReportError> {
    let formats = Formats::new(input.rubric);
    let (mut workbook, mut ahead) = match ahead {
        Some(CriteriaAhead { workbook, sheet }) => (workbook, Some(sheet)),
        None => (crate::report::new_workbook(), None),
    };
    let created = ExcelDateTime::from_timestamp(input.run_time_unix)?;
    let properties = DocProperties::new()
        .set_title(input.rubric.title.get(input.lang))
        .set_author("sakip")
        .set_creation_datetime(&created)
        .set_custom_property(crate::ingest::OUTPUT_PROPERTY, "feedback");
    workbook.set_properties(&properties);
    // The sheets are added in order first, each with its job, then filled on two threads, the
    // Kriteria sheet (unless filled already) first as the longest.
    let mut jobs = vec![Job::Summary];
    workbook.add_worksheet();
    let edges = band_chart(&mut workbook, input)?;
    if edges.is_some() {
        jobs.push(Job::Chart);
    }
    if let Some(akip) = input.akip {
        jobs.push(Job::Components(akip));
        workbook.add_worksheet();
        // Written row by row, streamed to a temporary file rather than held. Low-memory mode
        // rather than constant-memory: its texts go to the shared string table, which makes a
        // smaller file (19.0 MB, not 19.8 MB, at national scale) and writes faster.
        match ahead.take() {
            Some(sheet) => {
                jobs.push(Job::Filled);
                workbook.push_worksheet(sheet);
            }
            None => {
                jobs.push(Job::Criteria(akip));
                workbook.add_worksheet_with_low_memory()?;
            }
        }
    }
    if !input.next_steps.is_empty() {
        jobs.push(Job::Recommendations);
        workbook.add_worksheet();
    }
    if let Some(r) = input.reconciliation.filter(|r| !r.opds.is_empty()) {
        jobs.push(Job::Reconciliation(r));
        workbook.add_worksheet();
    }
    if let Some(akip) = input.akip.filter(|a| !a.inconsistencies.is_empty()) {
        jobs.push(Job::Consistency(&akip.inconsistencies));
        workbook.add_worksheet();
    }
    if !input.audit.is_empty() {
        jobs.push(Job::Audit);
        workbook.add_worksheet();
    }
    let mut plain = vec![];
    if let Some(programs) = input.programs {
        plain.push(Job::Alignment(programs));
        plain.push(Job::Collaboration(programs));
        if programs.opds.len() <= programs::MATRIX_MAX_OPDS {
            plain.push(Job::Matrix(programs));
        } else {
            let pairs = programs::pair_chunks(programs);
            plain.extend(pairs.into_iter().map(|chunk| Job::Pairs(programs, chunk)));
        }
    }
    plain.push(Job::Metadata);
    if let Some(edges) = &edges {
        plain.push(Job::Edges(edges));
    }
    for job in plain {
        jobs.push(job);
        workbook.add_worksheet();
    }
    let mut queue: Vec<(&mut Worksheet, &Job)> = workbook
        .worksheets_mut()
        .iter_mut()
        .zip(&jobs)
        .filter(|(_, job)| !matches!(job, Job::Filled))
        .collect();
    // Longest first, so that the two threads end together (nationally the Kriteria sheet, when
    // not filled ahead, then Rekomendasi 0.28 s and Komponen 0.19 s; the others 0.1 s or less).
    queue.sort_by_key(|(_, job)| match job {
        Job::Criteria(_) => 0,
        Job::Recommendations => 1,
        Job::Components(_) => 2,
        _ => 3,
    });
    let queue: Vec<_> = queue.into_iter().map(std::sync::Mutex::new).collect();
    crate::parallel::parallel_map(&queue, |m| {
        let mut guard = m.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (sheet, job) = &mut *guard;
        job.fill(sheet, input, &formats, &created)
    })
    .into_iter()
    .collect::<Result<(), ReportError>>()?;
    Ok(workbook.save_to_buffer()?)
}

/// One sheet of the feedback workbook, in order.
enum Job<'a> {
    Summary,
    /// The band chart's sheet, drawn when it was added.
    Chart,
    Components(&'a Scores),
    Criteria(&'a Scores),
    /// A sheet filled before the workbook was begun (see [`CriteriaAhead`]).
    Filled,
    Recommendations,
    Reconciliation(&'a crate::score::reconcile::Reconciliation),
    Consistency(&'a [crate::score::consistency::Inconsistency]),
    Audit,
    Alignment(&'a ProgramScores),
    Collaboration(&'a ProgramScores),
    /// The OPD x OPD matrix, on a sheet of its own.
    Matrix(&'a ProgramScores),
    /// One sheet of linked pairs: the range of pairs it holds.
    Pairs(&'a ProgramScores, std::ops::Range<usize>),
    Metadata,
    Edges(&'a BandEdges),
}

impl Job<'_> {
    fn fill(
        &self,
        sheet: &mut Worksheet,
        input: &FeedbackInput,
        f: &Formats,
        created: &ExcelDateTime,
    ) -> Result<(), ReportError> {
        match self {
            Job::Summary => summary_sheet(sheet, input, f),
            Job::Chart => Ok(()),
            Job::Components(akip) => components_sheet(sheet, input, akip, f),
            Job::Criteria(akip) => criteria_sheet(sheet, input.rubric, &input.print(), akip, f),
            Job::Filled => Ok(()),
            Job::Recommendations => recommendations::recommendations_sheet(sheet, input, f),
            Job::Reconciliation(r) => reconciliation::reconciliation_sheet(sheet, input, r, f),
            Job::Consistency(b) => consistency::consistency_sheet(sheet, input, b, f),
            Job::Audit => audit::audit_sheet(sheet, input, f),
            Job::Alignment(p) => programs::alignment_sheet(sheet, input, p, f),
            Job::Collaboration(p) => programs::collaboration_sheet(sheet, input, p, f),
            Job::Matrix(p) => programs::matrix_sheet(sheet, input, p, f),
            Job::Pairs(p, chunk) => programs::pair_sheet(sheet, &input.print(), p, chunk, f),
            Job::Metadata => metadata_sheet(sheet, input, f, created),
            Job::Edges(edges) => edges.write(sheet, input),
        }
    }
}
