//! What every per-OPD document reads (the scorecards, the LHE), gathered once from the frames
//! for all OPDs.

use super::feedback::FeedbackInput;
use super::ReportError;
use crate::frame::floats;
use crate::score::indices::{ALIGNMENT, COLLABORATION};
use crate::score::path::Path as StepPath;
use crate::score::{out, Scores};
use foldhash::HashMap;

/// What every per-OPD document (scorecard, LHE) reads, gathered once for all OPDs: a run that
/// writes both builds it once.
pub struct Context<'a> {
    pub(crate) input: &'a FeedbackInput<'a>,
    pub(crate) opds: Vec<String>,
    pub(crate) ranks: Vec<u32>,
    pub(crate) scores: Vec<f64>,
    pub(crate) predicates: Vec<String>,
    pub(crate) components: Vec<Vec<f64>>,
    pub(crate) means: Vec<f64>,
    pub(crate) city_mean: f64,
    pub(crate) criteria: HashMap<String, Vec<usize>>,
    pub(crate) columns: CriteriaColumns,
    pub(crate) paths: HashMap<String, &'a StepPath>,
    /// The count rows read, by OPD and criterion.
    pub(crate) counts: &'a crate::score::Counts,
    /// The alignment and collaboration frames, when there is program data.
    pub(crate) indices: Option<(super::IndexTable, super::IndexTable)>,
}

/// The criteria frame's columns, read once for every scorecard.
pub(crate) struct CriteriaColumns {
    pub(crate) codes: Vec<String>,
    pub(crate) answers: Vec<String>,
    pub(crate) values: Vec<f64>,
    pub(crate) notes: Vec<String>,
    pub(crate) evidence: Vec<String>,
}

impl<'a> Context<'a> {
    /// Gathers the facts of `akip` for the documents of `input`.
    ///
    /// # Errors
    /// [`ReportError::Frame`] when a frame lacks a column.
    pub fn new(input: &'a FeedbackInput<'a>, akip: &'a Scores) -> Result<Self, ReportError> {
        let ranking = &akip.ranking;
        let stat = |name: &str, row: usize| -> Result<f64, ReportError> {
            Ok(floats(&akip.stats, name)?
                .get(row)
                .copied()
                .flatten()
                .unwrap_or(0.0))
        };
        let rubric = input.rubric;
        let mut criteria: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, opd) in akip.criteria.opds().into_iter().enumerate() {
            criteria.entry(opd.to_string()).or_default().push(i);
        }
        let owned = |texts: Vec<&str>| texts.into_iter().map(String::from).collect();
        let or_empty = |texts: Vec<Option<&str>>| {
            texts
                .into_iter()
                .map(|t| t.unwrap_or_default().to_string())
                .collect()
        };
        let crit = &akip.criteria;
        Ok(Context {
            input,
            opds: owned(ranking.opds()),
            ranks: ranking.ranks(),
            scores: ranking.scores(),
            predicates: owned(ranking.predicates()),
            components: rubric
                .components
                .iter()
                .map(|c| ranking.node(&c.code))
                .collect::<Result<_, _>>()?,
            means: rubric
                .components
                .iter()
                .map(|c| stat(&c.code, 0))
                .collect::<Result<_, _>>()?,
            city_mean: stat(out::SCORE, 0)?,
            criteria,
            columns: CriteriaColumns {
                codes: owned(crit.codes()),
                answers: owned(crit.answer_codes()),
                values: crit.values(),
                notes: or_empty(crit.notes()),
                evidence: or_empty(crit.evidence()),
            },
            paths: input
                .next_steps
                .iter()
                .map(|(o, p)| (o.clone(), p))
                .collect(),
            counts: &akip.counts,
            indices: match input.programs {
                Some(programs) => {
                    let indices = input.indices;
                    Some((
                        super::IndexTable::new(
                            &programs.alignment,
                            ALIGNMENT,
                            &indices.alignment.parts,
                        )?,
                        super::IndexTable::new(
                            &programs.collaboration,
                            COLLABORATION,
                            &indices.collaboration.parts,
                        )?,
                    ))
                }
                None => None,
            },
        })
    }
}
