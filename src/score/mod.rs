//! Frames in, frames out: answers become sub-component, component and final scores, a ranking
//! and city statistics.
//!
//! Scoring is joins and group-bys over the answer frame. Before any number is produced the
//! answers are checked as a whole (unknown codes, answers off their scale, duplicates, missing
//! answers) and every problem is reported with its file, sheet and cell. Final scores are rounded
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
use crate::rubric::{Method, Rubric};
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
    /// Every valid answer of every tier: `opd`, `code`, `tier`, `tier_rank`, `answer_code`,
    /// `value` (one per OPD, criterion and tier), for reconciliation.
    pub tiers: DataFrame,
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

/// The column of an OPD's place among the OPD names in sorted order.
const OPD_IX: &str = "opd_ix";
/// The column of a criterion's place among the codes in sorted order.
const CODE_IX: &str = "code_ix";
/// The column of an answer's row number in the valued frame.
const ROW: &str = "row";

/// The places of `names` in their sorted order: sorting and grouping 3.5 million answers on
/// these integers keeps the order by name at a fraction of the cost of comparing strings.
fn sorted_places<'a, I: Iterator<Item = Option<&'a str>>>(
    names: impl Fn() -> I,
) -> Vec<Option<u32>> {
    let mut distinct: Vec<&str> = names()
        .flatten()
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    distinct.sort_unstable();
    let place: std::collections::HashMap<&str, u32> = distinct
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, i as u32))
        .collect();
    names().map(|n| n.map(|n| place[n])).collect()
}

/// `answers` with [`OPD_IX`].
fn with_opd_places(answers: &DataFrame) -> PolarsResult<DataFrame> {
    let opds = answers.column(col::OPD)?.str()?;
    let places = sorted_places(|| opds.iter());
    let mut df = answers.clone();
    df.with_column(Column::new(OPD_IX.into(), places))?;
    Ok(df)
}

/// The rubric's criteria as a frame: `code`, `code_ix`, `sub`, `component`, `weight`, `method`,
/// `scale`.
fn criteria_frame(rubric: &Rubric) -> PolarsResult<DataFrame> {
    let rows: Vec<_> = rubric.criteria().collect();
    let n = rows.len();
    DataFrame::new(
        n,
        vec![
            Column::new(
                col::CODE.into(),
                rows.iter()
                    .map(|(_, _, k)| k.code.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                CODE_IX.into(),
                sorted_places(|| rows.iter().map(|(_, _, k)| Some(k.code.as_str()))),
            ),
            Column::new(
                out::SUB.into(),
                rows.iter()
                    .map(|(_, s, _)| s.key.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                out::COMPONENT.into(),
                rows.iter()
                    .map(|(c, _, _)| c.code.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "weight".into(),
                rows.iter().map(|(_, s, _)| s.weight).collect::<Vec<_>>(),
            ),
            Column::new(
                "method".into(),
                rows.iter()
                    .map(|(_, s, _)| s.method.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "scale".into(),
                rows.iter()
                    .map(|(_, _, k)| k.scale.as_str())
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}

/// Every spelling of every scale code: `scale`, `answer_key`, `answer_code`, `value`.
fn scale_frame(rubric: &Rubric) -> PolarsResult<DataFrame> {
    let mut scale = Vec::new();
    let mut key = Vec::new();
    let mut code = Vec::new();
    let mut value = Vec::new();
    for s in rubric.scales.values() {
        for c in &s.codes {
            for spelling in std::iter::once(&c.code).chain(&c.aliases) {
                scale.push(s.id.clone());
                key.push(crate::ingest::answer_key(spelling));
                code.push(c.code.clone());
                value.push(c.value);
            }
        }
    }
    DataFrame::new(
        scale.len(),
        vec![
            Column::new("scale".into(), scale),
            Column::new(col::ANSWER_KEY.into(), key),
            Column::new(out::ANSWER_CODE.into(), code),
            Column::new(out::VALUE.into(), value),
        ],
    )
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

/// The rubric's tiers with their order: `tier`, `tier_rank` (higher is later, more final).
fn tiers_frame(rubric: &Rubric) -> PolarsResult<DataFrame> {
    let n = rubric.tiers.len();
    DataFrame::new(
        n,
        vec![
            Column::new(col::TIER.into(), rubric.tiers.clone()),
            Column::new("tier_rank".into(), (0..n as u32).collect::<Vec<_>>()),
        ],
    )
}

/// Scores the answers: for each OPD and criterion, the answer of the highest tier present
/// (`penetapan` over `usulan`); every tier is checked and kept for reconciliation.
///
/// # Errors
/// `Err(diagnostics)` listing every input problem when the answers cannot be scored as they
/// are; polars errors, which well-formed frames do not cause, are reported the same way.
pub fn score(
    answers: &DataFrame,
    rubric: &Rubric,
    policies: impl Into<Policies>,
) -> Result<Scores, Diagnostics> {
    score_frames(answers, rubric, policies.into()).unwrap_or_else(|e| Err(Diagnostics::internal(e)))
}

fn score_frames(
    answers: &DataFrame,
    rubric: &Rubric,
    policies: Policies,
) -> PolarsResult<Result<Scores, Diagnostics>> {
    let criteria = criteria_frame(rubric)?;
    let scales = scale_frame(rubric)?;
    let mut diag = Diagnostics::default();
    checks::unknown_codes(answers, &criteria, &mut diag)?;
    let valued = with_opd_places(answers)?
        .lazy()
        .join(
            tiers_frame(rubric)?.lazy(),
            [col(col::TIER)],
            [col(col::TIER)],
            join_args(JoinType::Inner),
        )
        .join(
            criteria.clone().lazy(),
            [col(col::CODE)],
            [col(col::CODE)],
            join_args(JoinType::Inner),
        )
        .join(
            scales.lazy(),
            [col("scale"), col(col::ANSWER_KEY)],
            [col("scale"), col(col::ANSWER_KEY)],
            join_args(JoinType::Left),
        )
        .collect()?;
    checks::off_scale(&valued, rubric, &mut diag)?;
    checks::duplicates(&valued, policies.conflict, &mut diag)?;
    let opds = answers
        .clone()
        .lazy()
        .select([col(col::OPD)])
        .unique_stable(None, UniqueKeepStrategy::First)
        .collect()?;
    // An answer off its scale is reported as such, not again as missing.
    let gaps = checks::gaps(&valued, &opds, &criteria)?;
    // Every valid answer, one per OPD, criterion and tier: of repeats, the lowest value. The
    // sorting and grouping run on a slim frame of integers and the answers' row numbers; the
    // wide rows (notes, evidence, cells) are gathered once, at the end.
    let valued = valued.with_row_index(ROW.into(), None)?;
    let slim = valued
        .clone()
        .lazy()
        .filter(col(out::VALUE).is_not_null())
        .select([
            col(OPD_IX),
            col(CODE_IX),
            col("tier_rank"),
            col(out::VALUE),
            col(ROW),
        ])
        .sort(
            [OPD_IX, CODE_IX, "tier_rank", out::VALUE],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .unique_stable_generic(
            Some(vec![col(OPD_IX), col(CODE_IX), col("tier_rank")]),
            UniqueKeepStrategy::First,
        )
        .collect()?;
    let top = slim
        .clone()
        .lazy()
        .group_by([col(OPD_IX), col(CODE_IX)])
        .agg([col("tier_rank").max().alias("top_rank")]);
    let chosen_rows = slim
        .clone()
        .lazy()
        .join(
            top,
            [col(OPD_IX), col(CODE_IX)],
            [col(OPD_IX), col(CODE_IX)],
            join_args(JoinType::Inner),
        )
        .filter(col("tier_rank").eq(col("top_rank")))
        .select([col(ROW)])
        .collect()?;
    let chosen = valued.take(chosen_rows.column(ROW)?.idx()?)?;
    let by_tier = valued
        .select([
            col::OPD,
            col::CODE,
            col::TIER,
            "tier_rank",
            out::ANSWER_CODE,
            out::VALUE,
        ])?
        .take(slim.column(ROW)?.idx()?)?;
    checks::lower_tiers(&chosen, rubric, &mut diag)?;
    let valued = checks::missing(&chosen, gaps, policies.missing, &mut diag)?;
    if diag.has_errors() {
        return Ok(Err(diag));
    }
    let subs = subcomponent_scores(&valued, rubric)?;
    let ranking = rank::rank(&subs, rubric)?;
    let stats = stats::stats_frame(&ranking)?;
    let criteria = valued
        .lazy()
        .select([
            col(col::OPD),
            col(col::CODE),
            col(out::ANSWER_CODE),
            col(out::VALUE),
            col(col::NOTE),
            col(col::EVIDENCE),
            col(col::KEPT_YEARS),
        ])
        .collect()?;
    let tiers = by_tier;
    Ok(Ok(Scores {
        ranking,
        criteria,
        stats,
        tiers,
        diagnostics: diag,
    }))
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
