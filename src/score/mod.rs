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
pub mod indices;
pub mod path;
pub(crate) mod rank;
pub mod reconcile;
mod stats;

pub use combine::{combine, RankBy, COMPOSITE};
pub use rank::{order_and_rank, round_centi, Ranked};
pub use stats::{city_stats, Stat, STAT_NAMES};

use crate::diag::Diagnostics;
use crate::frame as col;
use crate::ingest::Answers;
use crate::rubric::{Component, Criterion, Method, Rubric, Subcomponent};
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
    /// Warnings raised while scoring (missing answers scored 0, lower tiers scored, conflicts
    /// settled).
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
/// `Err(diagnostics)` listing every input problem when the answers cannot be scored as they
/// are; polars errors, which well-formed frames do not cause, are reported the same way.
pub fn score(
    answers: &Answers,
    rubric: &Rubric,
    policies: impl Into<Policies>,
) -> Result<Scores, Diagnostics> {
    score_answers(answers, rubric, policies.into())
        .unwrap_or_else(|e| Err(Diagnostics::internal(e)))
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
    let subs = subcomponent_scores(&valued, rubric)?;
    let ranking = rank::rank(&subs, rubric)?;
    let stats = stats::stats_frame(&ranking)?;
    let criteria_frame = valued.select([
        col::OPD,
        col::CODE,
        out::ANSWER_CODE,
        out::VALUE,
        col::NOTE,
        col::EVIDENCE,
        col::KEPT_YEARS,
    ])?;
    let paired = paired_frame(answers, rubric, &criteria, &checked.by_tier)?;
    Ok(Ok(Scores {
        ranking,
        criteria: criteria_frame,
        stats,
        paired,
        diagnostics: diag,
    }))
}

/// The scored answers, then the `zero` gaps: `opd`, `code`, `sub`, `component`, `weight`,
/// `method`, `answer_code`, `value`, `note`, `evidence`, `kept_years`.
fn valued_frame(
    answers: &Answers,
    criteria: &checks::Criteria,
    chosen: &[checks::Valued],
    zero: &[(u32, u32)],
) -> PolarsResult<DataFrame> {
    let rows = chosen
        .iter()
        .map(|v| (v.opd, v.criterion, Some(v)))
        .chain(zero.iter().map(|&(opd, k)| (opd, k, None)));
    let n = chosen.len() + zero.len();
    let mut opd = Vec::with_capacity(n);
    let mut code = Vec::with_capacity(n);
    let mut sub = Vec::with_capacity(n);
    let mut component = Vec::with_capacity(n);
    let mut weight = Vec::with_capacity(n);
    let mut method = Vec::with_capacity(n);
    let mut answer_code = Vec::with_capacity(n);
    let mut value = Vec::with_capacity(n);
    let mut note = Vec::with_capacity(n);
    let mut evidence = Vec::with_capacity(n);
    let mut kept = Vec::with_capacity(n);
    for (o, k, v) in rows {
        let (c, s, _) = criteria.list[k as usize];
        opd.push(answers.opds.get(o));
        code.push(criteria.code(k));
        sub.push(s.key.as_str());
        component.push(c.code.as_str());
        weight.push(s.weight);
        method.push(s.method.as_str());
        let row = v.map(|v| &answers.rows[v.row as usize]);
        answer_code.push(v.map_or("", |v| criteria.answer_code(v)));
        value.push(v.map_or(0.0, |v| v.value));
        note.push(row.and_then(|r| answers.text(r.note)));
        evidence.push(row.and_then(|r| answers.text(r.evidence)));
        kept.push(row.and_then(|r| r.kept_years));
    }
    DataFrame::new(
        n,
        vec![
            Column::new(col::OPD.into(), opd),
            Column::new(col::CODE.into(), code),
            Column::new(out::SUB.into(), sub),
            Column::new(out::COMPONENT.into(), component),
            Column::new("weight".into(), weight),
            Column::new("method".into(), method),
            Column::new(out::ANSWER_CODE.into(), answer_code),
            Column::new(out::VALUE.into(), value),
            Column::new(col::NOTE.into(), note),
            Column::new(col::EVIDENCE.into(), evidence),
            Column::new(col::KEPT_YEARS.into(), kept),
        ],
    )
}

/// The rubric's criteria as a frame: `code`, `sub`, `component`, `weight`, `method`.
fn criteria_frame(rubric: &Rubric) -> PolarsResult<DataFrame> {
    let rows: Vec<_> = rubric.criteria().collect();
    let strings = |f: &dyn Fn(&(&Component, &Subcomponent, &Criterion)) -> String| -> Vec<String> {
        rows.iter().map(f).collect()
    };
    DataFrame::new(
        rows.len(),
        vec![
            Column::new(col::CODE.into(), strings(&|(_, _, k)| k.code.clone())),
            Column::new(out::SUB.into(), strings(&|(_, s, _)| s.key.clone())),
            Column::new(out::COMPONENT.into(), strings(&|(c, _, _)| c.code.clone())),
            Column::new(
                "weight".into(),
                rows.iter().map(|(_, s, _)| s.weight).collect::<Vec<_>>(),
            ),
            Column::new(
                "method".into(),
                strings(&|(_, s, _)| s.method.as_str().to_string()),
            ),
        ],
    )
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
    DataFrame::new(
        pairs.len(),
        vec![
            Column::new(
                col::OPD.into(),
                pairs
                    .iter()
                    .map(|(v, _)| answers.opds.get(v.opd))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                col::CODE.into(),
                pairs
                    .iter()
                    .map(|(v, _)| criteria.code(v.criterion))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                out::ANSWER_CODE.into(),
                pairs
                    .iter()
                    .map(|(v, _)| criteria.answer_code(v))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                out::VALUE.into(),
                pairs.iter().map(|(v, _)| v.value).collect::<Vec<_>>(),
            ),
            Column::new(
                own_code.as_str().into(),
                pairs
                    .iter()
                    .map(|(_, o)| o.map(|o| criteria.answer_code(o)))
                    .collect::<Vec<_>>(),
            ),
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

/// One row per OPD and sub-component: `opd`, `sub`, `component`, `score` (unrounded).
fn subcomponent_scores(valued: &DataFrame, rubric: &Rubric) -> PolarsResult<DataFrame> {
    let by = [col(col::OPD), col(out::SUB), col(out::COMPONENT)];
    let mean = valued
        .clone()
        .lazy()
        .filter(col("method").eq(lit(Method::Mean.as_str())))
        .group_by_stable(by.clone())
        .agg([(col(out::VALUE).mean() * col("weight").first()).alias(out::SCORE)])
        .collect()?;
    let fulfilment = valued
        .clone()
        .lazy()
        .filter(col("method").eq(lit(Method::Fulfilment.as_str())))
        .group_by_stable(by)
        .agg([
            col(out::VALUE)
                .gt(lit(0.0))
                .cast(DataType::UInt32)
                .sum()
                .alias("met"),
            len().alias("total"),
            col(col::KEPT_YEARS)
                .fill_null(lit(0.0))
                .min()
                .alias("min_kept"),
            col("weight").first().alias("weight"),
        ])
        .collect()?;
    let fulfilment = fulfilment_scores(fulfilment, rubric)?;
    concat([mean.lazy(), fulfilment.lazy()], UnionArgs::default())?
        .sort(
            [col::OPD, out::SUB],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()
}

/// Grades each fulfilment group by its share of met criteria.
fn fulfilment_scores(groups: DataFrame, rubric: &Rubric) -> PolarsResult<DataFrame> {
    let met = groups.column("met")?.u32()?;
    let total = groups.column("total")?.u32()?;
    let kept = groups.column("min_kept")?.f64()?;
    let weight = groups.column("weight")?.f64()?;
    let scores: Vec<f64> = (0..groups.height())
        .map(|i| {
            let met = met.get(i).unwrap_or(0) as usize;
            let total = total.get(i).unwrap_or(0) as usize;
            let value = rubric
                .fulfilment_grade(met, total, kept.get(i))
                .map_or(0.0, |g| g.value);
            value * weight.get(i).unwrap_or(0.0)
        })
        .collect();
    let mut out = groups.select([col::OPD, out::SUB, out::COMPONENT])?;
    out.with_column(Column::new(out::SCORE.into(), scores))?;
    Ok(out)
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
}
