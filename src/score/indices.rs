//! The alignment (Keselarasan) and collaboration (Kolaborasi) indices: the engine's own design,
//! computed per OPD from program data, with the city's collaboration network.
//!
//! Each part lies in [0, 1] or is not assessed (its column was absent, or it had nothing to look
//! at); an index is 100 x sum(weight x part) / sum(weight) over the assessed parts, and is not
//! assessed when none is. The parts are defined in `rubrics/alignment.toml` and
//! `rubrics/collaboration.toml` and in the README.

use crate::frame::floats_or_zero as floats;
use crate::frame::Checked;
use crate::ingest::link::{cols, ProgramData};
use crate::rubric::{AlignmentRubric, CollaborationRubric, IndexPart};
use polars::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Column of the alignment index in its frame.
pub const ALIGNMENT: &str = "keselarasan";
/// Column of the collaboration index in its frame.
pub const COLLABORATION: &str = "kolaborasi";

/// The OPDs and pentahelix kinds working on one priority.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityReach {
    /// The priority's id.
    pub id: String,
    /// Its name.
    pub nama: String,
    /// OPDs with activities on it, by name.
    pub opds: Vec<String>,
    /// Pentahelix kinds among those activities' partners.
    pub kinds: Vec<String>,
}

/// Both indices and the city's network.
#[derive(Debug, Clone)]
pub struct ProgramScores {
    /// `opd`, `A1` .. `A5`, `keselarasan` (null where not assessed), OPDs by name.
    pub alignment: DataFrame,
    /// `opd`, `C1` .. `C5`, `kolaborasi` (null where not assessed), OPDs by name.
    pub collaboration: DataFrame,
    /// The OPDs with program data, by name.
    pub opds: Vec<String>,
    /// How many activities of the first OPD name the second.
    pub matrix: BTreeMap<(String, String), u32>,
    /// Distinct linked pairs / possible pairs; `None` with fewer than two OPDs.
    pub density: Option<f64>,
    /// OPDs that name no partner and are named by none.
    pub silos: Vec<String>,
    /// Each priority's reach, in the priorities file's order.
    pub priorities: Vec<PriorityReach>,
}

/// Joins on one column of both frames, keeping the left frame's order.
trait JoinOn {
    fn join_on(self, right: LazyFrame, key: &str, how: JoinType) -> LazyFrame;
}

impl JoinOn for LazyFrame {
    fn join_on(self, right: LazyFrame, key: &str, how: JoinType) -> LazyFrame {
        self.join(right, [col(key)], [col(key)], super::join_args(how))
    }
}

/// `expr` is one of `words`.
fn one_of(expr: Expr, words: &[String]) -> Expr {
    words.iter().fold(lit(false), |acc, w| {
        acc.or(expr.clone().eq(lit(w.as_str())))
    })
}

fn sum_if(cond: Expr, value: Expr) -> Expr {
    when(cond).then(value).otherwise(lit(0.0)).sum()
}

fn count_if(cond: Expr) -> Expr {
    cond.fill_null(lit(false)).cast(DataType::UInt32).sum()
}

/// A part's value: `num / den`, not assessed when `den` is 0.
fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// 100 x sum(w x part) / sum(w) over the assessed parts; not assessed when fewer than
/// `min_parts` are.
pub fn weighted_index(
    parts: &[IndexPart],
    values: &[Option<f64>],
    min_parts: usize,
) -> Option<f64> {
    if values.iter().flatten().count() < min_parts {
        return None;
    }
    let (num, den) = parts
        .iter()
        .zip(values)
        .filter_map(|(p, v)| v.map(|v| (p.weight * v, p.weight)))
        .fold((0.0, 0.0), |(n, d), (pn, pd)| (n + pn, d + pd));
    (den > 0.0).then(|| 100.0 * num / den)
}

/// Which OPD each activity number belongs to (`u32::MAX` for numbers of no activity: those
/// whose OPD resolved to none), from the activities' numbers and OPDs.
fn owners(activity: &[u32], opd: &[u32]) -> Vec<u32> {
    let mut owner = vec![u32::MAX; activity.iter().max().map_or(0, |&m| m as usize + 1)];
    for (&a, &o) in activity.iter().zip(opd) {
        owner[a as usize] = o;
    }
    owner
}

/// Activities with flags added: `routine` (its program is routine), `linked` (it serves a
/// known priority), `partnered` (it names a partner OPD) and `flagship` (it serves a priority
/// on which at least `flagship_min_opds` distinct OPDs have activities).
///
/// The flags are set by activity number over the link frames, which come sorted by activity:
/// no join of the 1.1 million activities of a national run.
fn flagged(
    data: &ProgramData,
    activity: &[u32],
    owner: &[u32],
    alignment: &AlignmentRubric,
    collaboration: &CollaborationRubric,
) -> PolarsResult<LazyFrame> {
    let pattern = &alignment.routine_program_pattern;
    // Program names repeat over thousands of activities: each is looked at once.
    let mut seen: foldhash::HashMap<&str, bool> = foldhash::HashMap::default();
    let routine: Vec<bool> = (data.activities.programs().into_iter())
        .map(|p| {
            *seen
                .entry(p)
                .or_insert_with(|| p.to_lowercase().contains(pattern.as_str()))
        })
        .collect();
    let mut linked = vec![false; owner.len()];
    let mut partnered = vec![false; owner.len()];
    let mut flagship = vec![false; owner.len()];
    let link_activity = numbers(&data.links, cols::ACTIVITY)?;
    let link_priority = data.links.column(cols::PRIORITY)?.str()?;
    let mut reach: foldhash::HashMap<&str, BTreeSet<u32>> = foldhash::HashMap::default();
    for (&a, p) in link_activity.iter().zip(link_priority.iter()) {
        linked[a as usize] = true;
        reach
            .entry(p.unwrap_or_default())
            .or_default()
            .insert(owner[a as usize]);
    }
    for (&a, p) in link_activity.iter().zip(link_priority.iter()) {
        if reach[p.unwrap_or_default()].len() >= collaboration.flagship_min_opds {
            flagship[a as usize] = true;
        }
    }
    for a in numbers(&data.partners, cols::ACTIVITY)? {
        partnered[a as usize] = true;
    }
    let by_row =
        |flags: &[bool]| -> Vec<bool> { activity.iter().map(|&a| flags[a as usize]).collect() };
    let mut activities = data.activities.frame().clone();
    activities.with_column(Column::new("routine".into(), routine))?;
    activities.with_column(Column::new("linked".into(), by_row(&linked)))?;
    activities.with_column(Column::new("partnered".into(), by_row(&partnered)))?;
    activities.with_column(Column::new("flagship".into(), by_row(&flagship)))?;
    Ok(activities.lazy())
}

/// Computes both indices and the network.
///
/// # Errors
/// Polars errors only, which the frames of [`crate::ingest::link::link`] do not cause.
pub fn program_scores(
    data: &ProgramData,
    alignment: &AlignmentRubric,
    collaboration: &CollaborationRubric,
) -> PolarsResult<ProgramScores> {
    let activity = data.activities.numbers();
    let owner = owners(&activity, &data.activities.opds());
    let acts = flagged(data, &activity, &owner, alignment, collaboration)?;
    let (alignment_frame, owners) = alignment_parts(acts.clone(), data, alignment)?;
    let (collaboration_frame, pairs) =
        collaboration_parts(acts.clone(), data, &owner, collaboration)?;
    let name = |i: u32| data.opds[i as usize].clone();
    // OPDs are numbered in name order: ordered by number is ordered by name.
    let mut matrix: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for &pair in &pairs {
        *matrix.entry(pair).or_insert(0) += 1;
    }
    let linked_pairs: BTreeSet<(u32, u32)> =
        matrix.keys().map(|&(a, b)| (a.min(b), a.max(b))).collect();
    let n = owners.len() as f64;
    let density = (owners.len() >= 2).then(|| linked_pairs.len() as f64 / (n * (n - 1.0) / 2.0));
    let mut linked = vec![false; data.opds.len()];
    for &(a, b) in &pairs {
        linked[a as usize] = true;
        linked[b as usize] = true;
    }
    let silos = owners
        .iter()
        .filter(|&&o| !linked[o as usize])
        .map(|&o| name(o))
        .collect();
    let priorities = priority_reach(&owner, data)?;
    Ok(ProgramScores {
        alignment: alignment_frame,
        collaboration: collaboration_frame,
        opds: owners.iter().map(|&o| name(o)).collect(),
        matrix: matrix
            .into_iter()
            .map(|((a, b), v)| ((name(a), name(b)), v))
            .collect(),
        density,
        silos,
        priorities,
    })
}

/// The alignment frame, and the numbers of the OPDs it holds (those with activities).
fn alignment_parts(
    acts: LazyFrame,
    data: &ProgramData,
    rubric: &AlignmentRubric,
) -> PolarsResult<(DataFrame, Vec<u32>)> {
    let pagu = || col(cols::PAGU);
    let nonroutine = || col("routine").not();
    let linked = || col("linked");
    let base12 = || nonroutine().and(col(cols::HAS_PRIORITAS));
    let base3 = || linked().and(col(cols::HAS_JENIS));
    let base4 = || linked().and(nonroutine()).and(col(cols::HAS_HORIZON));
    let base5 = || {
        linked()
            .and(col(cols::HAS_ACHIEVEMENT))
            .and(col(cols::TARGET).gt(lit(0.0)))
            .and(col(cols::REALISASI).is_not_null())
    };
    let ratio5 = col(cols::REALISASI) / col(cols::TARGET);
    let capped = when(ratio5.clone().gt(lit(1.0)))
        .then(lit(1.0))
        .otherwise(ratio5);
    let sums = acts
        .group_by_stable([col(cols::OPD)])
        .agg([
            sum_if(base12(), pagu()).alias("a1_den"),
            sum_if(base12().and(linked()), pagu()).alias("a1_num"),
            count_if(base12()).cast(DataType::Float64).alias("a2_den"),
            count_if(base12().and(linked()))
                .cast(DataType::Float64)
                .alias("a2_num"),
            count_if(base3()).cast(DataType::Float64).alias("a3_den"),
            count_if(base3().and(one_of(col(cols::JENIS), &rubric.outcome_kinds)))
                .cast(DataType::Float64)
                .alias("a3_num"),
            sum_if(base4(), pagu()).alias("a4_den"),
            sum_if(
                base4().and(one_of(col(cols::HORIZON), &rubric.long_horizons)),
                pagu(),
            )
            .alias("a4_num"),
            sum_if(base5(), pagu()).alias("a5_den"),
            sum_if(base5(), pagu() * capped).alias("a5_num"),
        ])
        .sort([cols::OPD], SortMultipleOptions::default())
        .collect()?;
    let keys = ["a1", "a2", "a3", "a4", "a5"];
    let nums: Vec<Vec<f64>> = keys
        .iter()
        .map(|k| floats(&sums, &format!("{k}_num")))
        .collect::<PolarsResult<_>>()?;
    let dens: Vec<Vec<f64>> = keys
        .iter()
        .map(|k| floats(&sums, &format!("{k}_den")))
        .collect::<PolarsResult<_>>()?;
    // Without priorities no part can be judged: A1 and A2 would read 0 for want of a list,
    // not for want of alignment (and A3 .. A5 look at linked activities only).
    let judged = !data.priorities.is_empty();
    let parts: Vec<Vec<Option<f64>>> = (0..keys.len())
        .map(|k| {
            (0..sums.height())
                .map(|i| ratio(nums[k][i], dens[k][i]).filter(|_| judged))
                .collect()
        })
        .collect();
    let owners = numbers(&sums, cols::OPD)?;
    Ok((
        index_frame(
            &sums,
            &data.opds,
            (&rubric.parts, rubric.min_parts),
            parts,
            ALIGNMENT,
        )?,
        owners,
    ))
}

/// A column of OPD (or activity) numbers.
fn numbers(df: &DataFrame, name: &str) -> PolarsResult<Vec<u32>> {
    let column: &UInt32Chunked = df.column(name)?.u32()?;
    Ok(column.iter().map(Option::unwrap_or_default).collect())
}

/// `opd` (by name), one column per part, and the index column `name`.
fn index_frame(
    sums: &DataFrame,
    opds: &[String],
    (parts, min_parts): (&[IndexPart], usize),
    values: Vec<Vec<Option<f64>>>,
    name: &str,
) -> PolarsResult<DataFrame> {
    let n = sums.height();
    let index: Vec<Option<f64>> = (0..n)
        .map(|i| {
            let row: Vec<Option<f64>> = values.iter().map(|v| v[i]).collect();
            weighted_index(parts, &row, min_parts)
        })
        .collect();
    let names: Vec<&str> = numbers(sums, cols::OPD)?
        .into_iter()
        .map(|i| opds[i as usize].as_str())
        .collect();
    let mut columns = vec![Column::new(cols::OPD.into(), names)];
    for (part, v) in parts.iter().zip(values) {
        columns.push(Column::new(part.code.as_str().into(), v));
    }
    columns.push(Column::new(name.into(), index));
    DataFrame::new(n, columns)
}

/// `frame` (`activity`, ...) with the `opd` of each row's activity added, by `owner` (see
/// [`owners`]); rows of an activity without one are dropped, as an inner join would.
fn owned(frame: &DataFrame, owner: &[u32]) -> PolarsResult<DataFrame> {
    let opd: Vec<u32> = numbers(frame, cols::ACTIVITY)?
        .into_iter()
        .map(|a| owner.get(a as usize).copied().unwrap_or(u32::MAX))
        .collect();
    let keep: BooleanChunked = opd.iter().map(|&o| o != u32::MAX).collect();
    let mut frame = frame.clone();
    frame.with_column(Column::new(cols::OPD.into(), opd))?;
    match keep.all() {
        true => Ok(frame),
        false => frame.filter(&keep),
    }
}

/// The collaboration parts, and every (OPD, partner) pair named, one per activity, by number.
/// Partner and pentahelix rows take their activity's OPD from `owner`: no join of the 1.1
/// million activities of a national run.
fn collaboration_parts(
    acts: LazyFrame,
    data: &ProgramData,
    owner: &[u32],
    rubric: &CollaborationRubric,
) -> PolarsResult<(DataFrame, Vec<(u32, u32)>)> {
    let pairs_frame = owned(&data.partners, owner)?;
    let pairs: Vec<(u32, u32)> = numbers(&pairs_frame, cols::OPD)?
        .into_iter()
        .zip(numbers(&pairs_frame, cols::PARTNER)?)
        .collect();
    let distinct = pairs_frame
        .clone()
        .lazy()
        .select([col(cols::OPD), col(cols::PARTNER)])
        .unique_stable(None, UniqueKeepStrategy::First);
    let reversed = distinct.clone().select([
        col(cols::PARTNER).alias(cols::OPD),
        col(cols::OPD).alias(cols::PARTNER),
    ]);
    let reciprocated = distinct
        .clone()
        .join(
            reversed,
            [col(cols::OPD), col(cols::PARTNER)],
            [col(cols::OPD), col(cols::PARTNER)],
            super::join_args(JoinType::Semi),
        )
        .group_by([col(cols::OPD)])
        .agg([len().cast(DataType::Float64).alias("c4_num")]);
    let breadth = distinct
        .group_by([col(cols::OPD)])
        .agg([len().cast(DataType::Float64).alias("n_partner_opds")]);
    let kinds = owned(&data.pentahelix, owner)?
        .lazy()
        .group_by([col(cols::OPD)])
        .agg([col(cols::KIND)
            .n_unique()
            .cast(DataType::Float64)
            .alias("n_kinds")]);
    let sums = acts
        .group_by_stable([col(cols::OPD)])
        .agg([
            count_if(col(cols::HAS_MITRA_OPD))
                .cast(DataType::Float64)
                .alias("c1_den"),
            count_if(col(cols::HAS_MITRA_OPD).and(col("partnered")))
                .cast(DataType::Float64)
                .alias("c1_num"),
            count_if(col(cols::HAS_PENTAHELIX))
                .cast(DataType::Float64)
                .alias("c3_den"),
            sum_if(col("linked").and(col(cols::HAS_PRIORITAS)), col(cols::PAGU)).alias("c5_den"),
            sum_if(col("linked").and(col("flagship")), col(cols::PAGU)).alias("c5_num"),
        ])
        .join_on(breadth, cols::OPD, JoinType::Left)
        .join_on(reciprocated, cols::OPD, JoinType::Left)
        .join_on(kinds, cols::OPD, JoinType::Left)
        .sort([cols::OPD], SortMultipleOptions::default())
        .collect()?;
    let get = |name: &str| floats(&sums, name);
    let (c1_num, c1_den) = (get("c1_num")?, get("c1_den")?);
    let (partners, reciprocal) = (get("n_partner_opds")?, get("c4_num")?);
    let (kinds_n, c3_den) = (get("n_kinds")?, get("c3_den")?);
    let (c5_num, c5_den) = (get("c5_num")?, get("c5_den")?);
    let kinds_total = rubric.pentahelix_kinds.len() as f64;
    let n = sums.height();
    let assessed = |den: f64, v: f64| (den > 0.0).then_some(v);
    let values: Vec<Vec<Option<f64>>> = vec![
        (0..n).map(|i| ratio(c1_num[i], c1_den[i])).collect(),
        (0..n)
            .map(|i| assessed(c1_den[i], (partners[i] / rubric.breadth_target).min(1.0)))
            .collect(),
        (0..n)
            .map(|i| assessed(c3_den[i], kinds_n[i] / kinds_total))
            .collect(),
        (0..n)
            .map(|i| assessed(c1_den[i], ratio(reciprocal[i], partners[i]).unwrap_or(0.0)))
            .collect(),
        (0..n).map(|i| ratio(c5_num[i], c5_den[i])).collect(),
    ];
    Ok((
        index_frame(
            &sums,
            &data.opds,
            (&rubric.parts, rubric.min_parts),
            values,
            COLLABORATION,
        )?,
        pairs,
    ))
}

fn priority_reach(owner: &[u32], data: &ProgramData) -> PolarsResult<Vec<PriorityReach>> {
    let link_activity = numbers(&data.links, cols::ACTIVITY)?;
    let link_priority = data.links.column(cols::PRIORITY)?.str()?;
    // Pentahelix kinds by activity: their frame comes sorted by activity.
    let kind_activity = numbers(&data.pentahelix, cols::ACTIVITY)?;
    let kind = data.pentahelix.column(cols::KIND)?.str()?;
    let mut kinds_of: Vec<Vec<&str>> = vec![Vec::new(); owner.len()];
    for (&a, k) in kind_activity.iter().zip(kind.iter()) {
        kinds_of[a as usize].push(k.unwrap_or_default());
    }
    // OPDs by number, which is name order.
    let mut opds: foldhash::HashMap<&str, BTreeSet<u32>> = foldhash::HashMap::default();
    let mut by_kind: foldhash::HashMap<&str, BTreeSet<&str>> = foldhash::HashMap::default();
    for (&a, p) in link_activity.iter().zip(link_priority.iter()) {
        let p = p.unwrap_or_default();
        opds.entry(p).or_default().insert(owner[a as usize]);
        by_kind
            .entry(p)
            .or_default()
            .extend(kinds_of[a as usize].iter().copied());
    }
    Ok(data
        .priorities
        .iter()
        .map(|p| PriorityReach {
            id: p.id.clone(),
            nama: p.nama.clone(),
            opds: opds
                .remove(p.id.as_str())
                .unwrap_or_default()
                .into_iter()
                .map(|o| data.opds[o as usize].clone())
                .collect(),
            kinds: by_kind
                .remove(p.id.as_str())
                .unwrap_or_default()
                .into_iter()
                .map(str::to_string)
                .collect(),
        })
        .collect())
}
