//! Frames in, frames out: answers become sub-component, component and final scores, a ranking
//! and city statistics.
//!
//! Before any number is produced the answers are checked as a whole (unknown codes, answers off
//! their scale, duplicates, missing answers) and every problem is reported with its file, sheet
//! and cell; the checks and the choice of the answer to score run on numbered answers
//! ([`crate::ingest::Answers`]), the sums on frames of the chosen ones. Final scores are rounded
//! to two decimals half away from zero, and the predicate is looked up on the rounded value.

pub mod audit;
mod checks;
pub(crate) mod combine;
pub mod consistency;
pub mod indices;
pub mod path;
pub(crate) mod rank;
pub mod reconcile;
mod stats;
pub mod tree;

pub use combine::{combine, RankBy, COMPOSITE};
pub use rank::{order_and_rank, round_centi};
pub use stats::{city_stats, Stat, STAT_NAMES};

use crate::frame as col;
use crate::frame::Checked;
use crate::ingest::Answers;
use crate::messages::Diagnostics;
use crate::rubric::Rubric;
use polars::prelude::*;

/// What to do with criteria an OPD has not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingPolicy {
    /// List them as errors (the default).
    #[default]
    Error,
    /// Score them 0, with a warning.
    Zero,
}

/// Column names of the frames scoring produces (kept with the others in [`crate::frame`]).
pub mod out {
    pub use crate::frame::{ANSWER_CODE, COMPONENT, PREDICATE, RANK, SCORE, SUB, VALUE};
}

/// Every score of one run.
#[derive(Debug, Clone)]
pub struct Scores {
    /// One row per OPD in rank order: `rank`, `opd`, `score` (rounded), `predicate`, then one
    /// column per component code and one per sub-component key, then one per deeper node with a
    /// score of its own (a tree of more than three levels), unrounded.
    pub ranking: crate::frame::Ranking,
    /// One row per OPD and criterion: `opd`, `code`, `answer_code`, `value`, `note`, `evidence`,
    /// `kept_years`.
    pub criteria: crate::frame::CriterionScores,
    /// City statistics: a `stat` column (the names of [`STAT_NAMES`]) and, for every numeric
    /// column of `ranking` but `rank`, its statistics (null where undefined).
    pub stats: DataFrame,
    /// For reconciliation, one row per OPD and criterion with a final-tier answer, in the order
    /// of `criteria`: `opd`, `code`, `answer_code`, `value` (the final tier's) and
    /// `answer_code_own`, `value_own` (the first tier's, the OPD's own; null where it gave
    /// none). Empty when the rubric has one tier.
    pub paired: DataFrame,
    /// Each OPD's answers that break a consistency rule of the rubric, OPD by OPD (each also a
    /// warning in `diagnostics`).
    pub inconsistencies: Vec<consistency::Inconsistency>,
    /// Every node's score for every OPD (the tree's levels below the sub-components too).
    pub nodes: tree::NodeScores,
    /// Each tier against the next, for a rubric of three tiers or more.
    pub tier_pairs: Vec<reconcile::TierPair>,
    /// The count rows read under criteria ("- Jumlah Agen Perubahan"), by OPD and criterion:
    /// each count row's place in the criterion's `counts` and its number.
    pub counts:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<(usize, f64)>>>,
    /// Warnings raised while scoring (missing answers scored 0, lower tiers scored, conflicts
    /// settled, rules broken).
    pub diagnostics: Diagnostics,
}

/// Count rows by OPD and criterion: each count row's place in the criterion's `counts` and its
/// number.
pub type Counts =
    std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<(usize, f64)>>>;

/// Join arguments that keep the left frame's order, so that outputs are deterministic.
fn join_args(how: JoinType) -> JoinArgs {
    let mut args = JoinArgs::new(how);
    args.maintain_order = MaintainOrderJoin::Left;
    args
}

/// Runs of equal consecutive `keys`: each key with the range of its rows. Frames of answers
/// come OPD by OPD, so a map by OPD is visited once per run, not once per row.
pub(crate) fn runs<'a>(keys: &[&'a str]) -> Vec<(&'a str, std::ops::Range<usize>)> {
    let mut out: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        match out.last_mut() {
            Some((last, rows)) if last == key => rows.end = i + 1,
            _ => out.push((key, i..i + 1)),
        }
    }
    out
}

/// What to do with two different answers of the same tier for one OPD and criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConflictPolicy {
    /// An error naming both cells (the default).
    #[default]
    Error,
    /// Score the lower of the two, with a warning.
    Lowest,
}

/// How scoring treats incomplete and conflicting answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Policies {
    /// Unanswered criteria.
    pub missing: MissingPolicy,
    /// Conflicting answers.
    pub conflict: ConflictPolicy,
}

impl From<MissingPolicy> for Policies {
    fn from(missing: MissingPolicy) -> Self {
        Policies {
            missing,
            ..Policies::default()
        }
    }
}

/// Scores the answers: for each OPD and criterion, the answer of the highest tier present
/// (`penetapan` over `usulan`); every tier is checked and kept for reconciliation.
///
/// # Errors
/// [`ScoreError::Input`] listing every input problem when the answers cannot be scored as
/// they are; [`ScoreError::Internal`] for a polars error, which well-formed frames do not cause.
pub fn score(
    answers: &Answers,
    rubric: &Rubric,
    policies: impl Into<Policies>,
) -> Result<Scores, ScoreError> {
    match score_answers(answers, rubric, policies.into()) {
        Ok(Ok(scores)) => Ok(scores),
        Ok(Err(diag)) => Err(ScoreError::Input(diag)),
        Err(e) => Err(ScoreError::Internal(e)),
    }
}

/// Why answers could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    /// The answers have problems; every one is listed.
    #[error("{} problem(s) in the answers", .0.problems.iter().filter(|p| p.is_error()).count())]
    Input(Diagnostics),
    /// A frame without the column it was built with: a defect of the engine.
    #[error("internal frame error: {0}")]
    Internal(#[from] polars::prelude::PolarsError),
}

fn score_answers(
    answers: &Answers,
    rubric: &Rubric,
    policies: Policies,
) -> PolarsResult<Result<Scores, Diagnostics>> {
    let criteria = checks::Criteria::new(rubric);
    let mut diag = Diagnostics::default();
    let checked = checks::check(answers, rubric, &criteria, policies, &mut diag);
    if diag.has_errors() {
        return Ok(Err(diag));
    }
    // Criteria left unanswered are scored 0 (the checks warned of them), after the answers.
    let zero = match policies.missing {
        MissingPolicy::Zero => checked.gaps.as_slice(),
        MissingPolicy::Error => &[],
    };
    let valued = valued_frame(answers, &criteria, &checked.chosen, zero)?;
    let opds: Vec<&str> = answers.opds.iter().collect();
    let counted = checked
        .chosen
        .iter()
        .map(|v| Counted {
            opd: v.opd,
            criterion: v.criterion,
            value: v.value,
            kept_years: answers.rows[v.row as usize].kept_years,
        })
        .chain(zero.iter().map(|&(opd, criterion)| Counted {
            opd,
            criterion,
            value: 0.0,
            kept_years: None,
        }));
    let nodes = tree::node_scores(counted, &opds, rubric);
    let shares = node_shares(&nodes, rubric);
    let inconsistencies = consistency::check(
        rubric,
        answers,
        &criteria,
        &checked.chosen,
        &shares,
        &mut diag,
    );
    let ranking = crate::frame::Ranking::new(rank::rank(&nodes, rubric)?)?;
    let stats = stats::stats_frame(ranking.frame())?;
    let paired = paired_frame(answers, rubric, &criteria, &checked.by_tier)?;
    let tier_pairs = reconcile::tier_pairs(answers, rubric, &checked.by_tier);
    let mut counts = Counts::default();
    for c in &answers.counts {
        let opd = answers.opds.get(c.opd).to_string();
        let code = answers.codes.get(c.code).to_string();
        counts
            .entry(opd)
            .or_default()
            .entry(code)
            .or_default()
            .push((c.label as usize, c.value));
    }
    Ok(Ok(Scores {
        ranking,
        criteria: crate::frame::CriterionScores::new(valued)?,
        stats,
        paired,
        inconsistencies,
        nodes,
        tier_pairs,
        counts,
        diagnostics: diag,
    }))
}

/// Each OPD's value share (score over weight) of each node, for the rubric's `not_above`
/// rules; empty when it has none.
fn node_shares<'f>(
    nodes: &'f tree::NodeScores,
    rubric: &'f Rubric,
) -> foldhash::HashMap<&'f str, foldhash::HashMap<&'f str, f64>> {
    let wanted =
        |r: &crate::rubric::Rule| matches!(r.kind, crate::rubric::RuleKind::NotAbove { .. });
    if !rubric.rules.iter().any(wanted) {
        return Default::default();
    }
    let mut shares: foldhash::HashMap<&str, foldhash::HashMap<&str, f64>> = Default::default();
    for (o, opd) in nodes.opds.iter().enumerate() {
        let of_opd = shares.entry(opd.as_str()).or_default();
        for (i, n) in rubric.nodes.iter().enumerate() {
            if let Some(score) = nodes.score(o, i) {
                of_opd.insert(n.code.as_str(), score / n.weight_or_one());
            }
        }
    }
    shares
}

/// The scored answers, then the `zero` gaps (see [`Scores::criteria`]): `opd`, `code`,
/// `answer_code`, `value`, `note`, `evidence`, `kept_years`. The string columns are gathered
/// from the answers' tables by number ([`col::gathered`]).
fn valued_frame(
    answers: &Answers,
    criteria: &checks::Criteria,
    chosen: &[checks::Valued],
    zero: &[(u32, u32)],
) -> PolarsResult<DataFrame> {
    let rows = || {
        chosen
            .iter()
            .map(|v| (v.opd, v.criterion, Some(v)))
            .chain(zero.iter().map(|&(opd, k)| (opd, k, None)))
    };
    let row = |v: Option<&checks::Valued>| v.map(|v| &answers.rows[v.row as usize]);
    let texts = |id: fn(&crate::ingest::Row) -> Option<u32>, name: &str| {
        let ids = rows().map(|(_, _, v)| row(v).and_then(id));
        col::gathered(name, answers.texts.iter(), ids)
    };
    let n = chosen.len() + zero.len();
    DataFrame::new(
        n,
        vec![
            col::gathered(
                col::OPD,
                answers.opds.iter(),
                rows().map(|(o, _, _)| Some(o)),
            )?,
            criterion_codes(criteria, rows().map(|(_, k, _)| k))?,
            col::gathered(
                out::ANSWER_CODE,
                criteria.answer_texts(answers),
                rows().map(|(_, _, v)| Some(v.map_or(0, |v| criteria.answer_code_id(v, answers)))),
            )?,
            Column::new(
                out::VALUE.into(),
                rows()
                    .map(|(_, _, v)| v.map_or(0.0, |v| v.value))
                    .collect::<Vec<_>>(),
            ),
            texts(|r| r.note, col::NOTE)?,
            texts(|r| r.evidence, col::EVIDENCE)?,
            Column::new(
                col::KEPT_YEARS.into(),
                rows()
                    .map(|(_, _, v)| row(v).and_then(|r| r.kept_years))
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}

/// The `code` column of criteria numbered in rubric order.
fn criterion_codes(
    criteria: &checks::Criteria,
    numbers: impl Iterator<Item = u32>,
) -> PolarsResult<Column> {
    let codes = criteria.list.iter().map(|(_, _, k)| k.code.as_str());
    col::gathered(col::CODE, codes, numbers.map(Some))
}

/// The final tier's answers with the first tier's beside them (see [`Scores::paired`]), paired
/// by walking `by_tier`, which holds each OPD's and criterion's answers together, one per tier.
fn paired_frame(
    answers: &Answers,
    rubric: &Rubric,
    criteria: &checks::Criteria,
    by_tier: &[checks::Valued],
) -> PolarsResult<DataFrame> {
    let final_tier = rubric.tiers.len().saturating_sub(1) as u32;
    let mut pairs: Vec<(&checks::Valued, Option<&checks::Valued>)> = Vec::new();
    if final_tier > 0 {
        for group in by_tier.chunk_by(|a, b| (a.opd, a.criterion) == (b.opd, b.criterion)) {
            let own = group.iter().find(|v| v.tier == 0);
            if let Some(fin) = group.iter().find(|v| v.tier == final_tier) {
                pairs.push((fin, own));
            }
        }
    }
    let own_code = format!("{}_own", out::ANSWER_CODE);
    let own_value = format!("{}_own", out::VALUE);
    let answer_codes = |name: &str, ids: &mut dyn Iterator<Item = Option<u32>>| {
        col::gathered(name, criteria.answer_texts(answers), ids)
    };
    DataFrame::new(
        pairs.len(),
        vec![
            col::gathered(
                col::OPD,
                answers.opds.iter(),
                pairs.iter().map(|(v, _)| Some(v.opd)),
            )?,
            criterion_codes(criteria, pairs.iter().map(|(v, _)| v.criterion))?,
            answer_codes(
                out::ANSWER_CODE,
                &mut pairs
                    .iter()
                    .map(|(v, _)| Some(criteria.answer_code_id(v, answers))),
            )?,
            Column::new(
                out::VALUE.into(),
                pairs.iter().map(|(v, _)| v.value).collect::<Vec<_>>(),
            ),
            answer_codes(
                &own_code,
                &mut pairs
                    .iter()
                    .map(|(_, o)| o.map(|o| criteria.answer_code_id(o, answers))),
            )?,
            Column::new(
                own_value.as_str().into(),
                pairs
                    .iter()
                    .map(|(_, o)| o.map(|o| o.value))
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}

/// One answer as the sub-component scores count it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Counted {
    /// The OPD, a number into the names given alongside.
    pub opd: u32,
    /// The criterion, in rubric order.
    pub criterion: u32,
    /// Its value in [0, 1].
    pub value: f64,
    /// Years kept, for fulfilment grades.
    pub kept_years: Option<f64>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_group_consecutive_keys_only() {
        let keys = ["a", "a", "b", "a"];
        assert_eq!(
            super::runs(&keys),
            vec![("a", 0..2), ("b", 2..3), ("a", 3..4)]
        );
    }

    /// The first two criteria of the built-in rubric's first sub-component (a mean one).
    #[test]
    fn an_opd_named_twice_is_tallied_once_in_name_order() {
        use super::{tree::node_scores, Counted};
        let rubric = crate::rubric::Rubric::load("akip-2021-opd").unwrap();
        let (_, sub) = rubric.subcomponents().next().unwrap();
        assert_eq!(sub.aggregation, crate::rubric::Aggregation::Mean);
        let counted = |opd, criterion, value| Counted {
            opd,
            criterion,
            value,
            kept_years: None,
        };
        // "Dinas B" as number 0 and again as 2: one OPD, both its answers in one mean.
        let rows = [counted(0, 0, 1.0), counted(1, 0, 0.5), counted(2, 1, 0.5)];
        let scores = node_scores(
            rows.into_iter(),
            &["Dinas B", "Dinas A", "Dinas B"],
            &rubric,
        );
        assert_eq!(scores.opds, ["Dinas A", "Dinas B"]);
        let node = rubric.node_place(&sub.key).unwrap();
        assert_eq!(scores.score(0, node), Some(0.5 * sub.weight));
        assert_eq!(scores.score(1, node), Some(0.75 * sub.weight));
        // The component is the sum of its sub-components, of which one was answered.
        let top = rubric.nodes[node].parent.unwrap();
        assert_eq!(scores.score(1, top), Some(0.75 * sub.weight));
        assert_eq!(scores.final_score(1, &rubric), 0.75 * sub.weight);
    }
}
