//! Frames in, frames out: answers become sub-component, component and final scores, a ranking
//! and city statistics.
//!
//! Before any number is produced the answers are checked as a whole (unknown codes, answers off
//! their scale, duplicates, missing answers) and every problem is reported with its file, sheet
//! and cell; the checks and the choice of the answer to score run on numbered answers
//! ([`crate::ingest::Answers`]), the sums on frames of the chosen ones. Final scores are rounded
//! to two decimals half away from zero, and the predicate is looked up on the rounded value.

mod checks;
pub(crate) mod combine;
pub mod consistency;
pub mod indices;
pub mod path;
pub(crate) mod rank;
pub mod reconcile;
mod stats;

pub use combine::{combine, RankBy, COMPOSITE};
pub use rank::{order_and_rank, round_centi, Ranked};
pub use stats::{city_stats, Stat, STAT_NAMES};

use crate::frame as col;
use crate::ingest::Answers;
use crate::messages::Diagnostics;
use crate::rubric::{Component, Method, Rubric, Subcomponent};
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

/// Column names of the frames scoring produces.
pub mod out {
    /// Sub-component key (`1.a`).
    pub const SUB: &str = "sub";
    /// Component code (`1`).
    pub const COMPONENT: &str = "component";
    /// A score, unrounded.
    pub const SCORE: &str = "score";
    /// An answer's value in `[0, 1]`.
    pub const VALUE: &str = "value";
    /// The canonical answer code (`Y` for `Ya`).
    pub const ANSWER_CODE: &str = "answer_code";
    /// Rank.
    pub const RANK: &str = "rank";
    /// Predicate.
    pub const PREDICATE: &str = "predicate";
}

/// Every score of one run.
#[derive(Debug, Clone)]
pub struct Scores {
    /// One row per OPD in rank order: `rank`, `opd`, `score` (rounded), `predicate`, then one
    /// column per component code and one per sub-component key, unrounded.
    pub ranking: DataFrame,
    /// One row per OPD and criterion: `opd`, `code`, `answer_code`, `value`, `note`, `evidence`,
    /// `kept_years`.
    pub criteria: DataFrame,
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
    /// Warnings raised while scoring (missing answers scored 0, lower tiers scored, conflicts
    /// settled, rules broken).
    pub diagnostics: Diagnostics,
}

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
    let subs = subcomponent_scores(counted, &opds, rubric)?;
    let shares = node_shares(&subs, rubric)?;
    let inconsistencies = consistency::check(
        rubric,
        answers,
        &criteria,
        &checked.chosen,
        &shares,
        &mut diag,
    );
    let ranking = rank::rank(&subs, rubric)?;
    let stats = stats::stats_frame(&ranking)?;
    let paired = paired_frame(answers, rubric, &criteria, &checked.by_tier)?;
    Ok(Ok(Scores {
        ranking,
        criteria: valued,
        stats,
        paired,
        inconsistencies,
        diagnostics: diag,
    }))
}

/// Each OPD's value share (score over weight) of each component and sub-component, for the
/// rubric's `not_above` rules; empty when it has none.
fn node_shares<'f>(
    subs: &'f DataFrame,
    rubric: &'f Rubric,
) -> PolarsResult<foldhash::HashMap<&'f str, foldhash::HashMap<&'f str, f64>>> {
    let mut shares: foldhash::HashMap<&str, foldhash::HashMap<&str, f64>> = Default::default();
    let wanted =
        |r: &crate::rubric::Rule| matches!(r.kind, crate::rubric::RuleKind::NotAbove { .. });
    if !rubric.rules.iter().any(wanted) {
        return Ok(shares);
    }
    let opds = subs.column(col::OPD)?.str()?;
    let keys = subs.column(out::SUB)?.str()?;
    let scores = subs.column(out::SCORE)?.f64()?;
    let weights: foldhash::HashMap<&str, (f64, &str, f64)> = rubric
        .subcomponents()
        .map(|(c, s)| (s.key.as_str(), (s.weight, c.code.as_str(), c.weight)))
        .collect();
    for ((opd, key), score) in opds.iter().zip(keys.iter()).zip(scores.iter()) {
        let (Some(opd), Some(key), Some(score)) = (opd, key, score) else {
            continue;
        };
        let Some(&(weight, component, component_weight)) = weights.get(key) else {
            continue;
        };
        let of_opd = shares.entry(opd).or_default();
        of_opd.insert(key, score / weight);
        *of_opd.entry(component).or_default() += score / component_weight;
    }
    Ok(shares)
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
                criteria.answer_codes.iter().copied(),
                rows().map(|(_, _, v)| Some(v.map_or(0, |v| criteria.answer_code_id(v)))),
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
        col::gathered(name, criteria.answer_codes.iter().copied(), ids)
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
                &mut pairs.iter().map(|(v, _)| Some(criteria.answer_code_id(v))),
            )?,
            Column::new(
                out::VALUE.into(),
                pairs.iter().map(|(v, _)| v.value).collect::<Vec<_>>(),
            ),
            answer_codes(
                &own_code,
                &mut pairs
                    .iter()
                    .map(|(_, o)| o.map(|o| criteria.answer_code_id(o))),
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

/// What one OPD's answers in one sub-component add up to.
#[derive(Clone, Copy)]
struct Tally {
    answers: u32,
    sum: f64,
    /// Answers valued above 0.
    met: u32,
    /// The fewest years kept (a blank counts as 0).
    min_kept: f64,
}

/// One row per OPD and sub-component: `opd`, `sub`, `component`, `score` (unrounded), by OPD
/// name then sub-component key. A `mean` sub-component scores the mean value times its weight;
/// a `fulfilment` one its grade for the share of answers valued above 0 (and the fewest years
/// kept) times its weight. `opds` names the numbers of `rows`; an OPD named twice is one.
///
/// The answers are tallied in arrays by OPD and sub-component number, in the order given: a
/// national run counts 1.76 million answers into 242,000 sub-component scores.
pub(super) fn subcomponent_scores(
    rows: impl Iterator<Item = Counted>,
    opds: &[&str],
    rubric: &Rubric,
) -> PolarsResult<DataFrame> {
    let subs: Vec<(&Component, &Subcomponent)> = rubric.subcomponents().collect();
    let sub_of: Vec<usize> = subs
        .iter()
        .enumerate()
        .flat_map(|(i, (_, s))| std::iter::repeat_n(i, s.criteria.len()))
        .collect();
    // Names given twice are one OPD, numbered by their first.
    let mut first: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    let opd_of: Vec<usize> = opds
        .iter()
        .enumerate()
        .map(|(i, name)| *first.entry(name).or_insert(i))
        .collect();
    let empty = Tally {
        answers: 0,
        sum: 0.0,
        met: 0,
        min_kept: f64::INFINITY,
    };
    let mut tallies = vec![empty; opds.len() * subs.len()];
    for r in rows {
        let sub = sub_of[r.criterion as usize];
        let t = &mut tallies[opd_of[r.opd as usize] * subs.len() + sub];
        t.answers += 1;
        t.sum += r.value;
        t.met += u32::from(r.value > 0.0);
        t.min_kept = t.min_kept.min(r.kept_years.unwrap_or(0.0));
    }
    let mut groups: Vec<(usize, usize)> = (0..tallies.len())
        .filter(|&i| tallies[i].answers > 0)
        .map(|i| (i / subs.len(), i % subs.len()))
        .collect();
    groups.sort_by(|a, b| (opds[a.0], &subs[a.1].1.key).cmp(&(opds[b.0], &subs[b.1].1.key)));
    let scores: Vec<f64> = groups
        .iter()
        .map(|&(o, i)| {
            let t = &tallies[o * subs.len() + i];
            let s = subs[i].1;
            let value = match s.method {
                Method::Mean => t.sum / f64::from(t.answers),
                Method::Fulfilment => rubric
                    .fulfilment_grade(t.met as usize, t.answers as usize, Some(t.min_kept))
                    .map_or(0.0, |g| g.value),
            };
            value * s.weight
        })
        .collect();
    let opd: Vec<&str> = groups.iter().map(|g| opds[g.0]).collect();
    let sub: Vec<&str> = groups.iter().map(|g| subs[g.1].1.key.as_str()).collect();
    let component: Vec<&str> = groups.iter().map(|g| subs[g.1].0.code.as_str()).collect();
    DataFrame::new(
        groups.len(),
        vec![
            Column::new(col::OPD.into(), opd),
            Column::new(out::SUB.into(), sub),
            Column::new(out::COMPONENT.into(), component),
            Column::new(out::SCORE.into(), scores),
        ],
    )
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
        use super::{subcomponent_scores, Counted};
        let rubric = crate::rubric::Rubric::load("akip-2021-opd").unwrap();
        let (component, sub) = rubric.subcomponents().next().unwrap();
        assert_eq!(sub.method, crate::rubric::Method::Mean);
        let counted = |opd, criterion, value| Counted {
            opd,
            criterion,
            value,
            kept_years: None,
        };
        // "Dinas B" as number 0 and again as 2: one OPD, both its answers in one mean.
        let rows = [counted(0, 0, 1.0), counted(1, 0, 0.5), counted(2, 1, 0.5)];
        let frame = subcomponent_scores(
            rows.into_iter(),
            &["Dinas B", "Dinas A", "Dinas B"],
            &rubric,
        )
        .unwrap();
        let opds = crate::frame::strings(&frame, crate::frame::OPD).unwrap();
        assert_eq!(opds, ["Dinas A", "Dinas B"]);
        let subs = crate::frame::strings(&frame, super::out::SUB).unwrap();
        assert_eq!(subs, [sub.key.as_str(), sub.key.as_str()]);
        let components = crate::frame::strings(&frame, super::out::COMPONENT).unwrap();
        assert_eq!(
            components,
            [component.code.as_str(), component.code.as_str()]
        );
        let scores = crate::frame::floats(&frame, super::out::SCORE).unwrap();
        assert_eq!(scores, [Some(0.5 * sub.weight), Some(0.75 * sub.weight)]);
    }
}
