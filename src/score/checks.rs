//! Checks of the answers as a whole, each naming every offending cell.

use super::{join_args, out, ConflictPolicy, MissingPolicy};
use crate::diag::{Diagnostics, Location, ProblemKind};
use crate::frame::{self as col, strings};
use crate::rubric::Rubric;
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};

fn locations(df: &DataFrame) -> PolarsResult<Vec<Location>> {
    let files = strings(df, col::FILE)?;
    let sheets = strings(df, col::SHEET)?;
    let cells = strings(df, col::CELL)?;
    Ok(files
        .into_iter()
        .zip(sheets)
        .zip(cells)
        .map(|((file, sheet), cell)| Location::cell(file, sheet, cell))
        .collect())
}

/// Answers whose code is not a criterion of the rubric.
pub(super) fn unknown_codes(
    scored: &DataFrame,
    criteria: &DataFrame,
    diag: &mut Diagnostics,
) -> PolarsResult<()> {
    let unknown = scored
        .clone()
        .lazy()
        .join(
            criteria.clone().lazy().select([col(col::CODE)]),
            [col(col::CODE)],
            [col(col::CODE)],
            join_args(JoinType::Anti),
        )
        .collect()?;
    for (code, location) in strings(&unknown, col::CODE)?
        .into_iter()
        .zip(locations(&unknown)?)
    {
        diag.error(Some(location), ProblemKind::UnknownCode { code });
    }
    Ok(())
}

/// Two answers of the same tier for the same OPD and criterion; each repeat names the first.
/// Repeats are errors (two different answers are a conflict, and say so), or warnings when the
/// lower answer is to be scored (`--conflict lowest`), the same answer twice counting once.
/// Only the repeated groups leave the frame.
pub(super) fn duplicates(
    valued: &DataFrame,
    policy: ConflictPolicy,
    diag: &mut Diagnostics,
) -> PolarsResult<()> {
    // The integer places of OPD and code, and the tier's rank: the same groups as the names.
    let keys = [col("opd_ix"), col("code_ix"), col("tier_rank")];
    let repeated = valued
        .clone()
        .lazy()
        .group_by(keys.clone())
        .agg([len().alias("n")])
        .filter(col("n").gt(lit(1)))
        .select(keys.clone());
    let rows = valued
        .clone()
        .lazy()
        .join(repeated, keys.clone(), keys, join_args(JoinType::Semi))
        .collect()?;
    let opds = strings(&rows, col::OPD)?;
    let codes = strings(&rows, col::CODE)?;
    let tiers = strings(&rows, col::TIER)?;
    let answers = strings(&rows, col::ANSWER_KEY)?;
    let shown = strings(&rows, col::ANSWER)?;
    let places = locations(&rows)?;
    let mut first: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for i in 0..rows.height() {
        let key = (opds[i].as_str(), codes[i].as_str(), tiers[i].as_str());
        let Some(&j) = first.get(&key) else {
            first.insert(key, i);
            continue;
        };
        let differ = answers[i] != answers[j];
        let resolved = policy == ConflictPolicy::Lowest;
        let kind = ProblemKind::DuplicateAnswer {
            opd: opds[i].clone(),
            code: codes[i].clone(),
            tier: tiers[i].clone(),
            other: places[j].to_string(),
            conflict: differ.then(|| (shown[i].clone(), shown[j].clone())),
            resolved,
        };
        if resolved {
            diag.warning(Some(places[i].clone()), kind);
        } else {
            diag.error(Some(places[i].clone()), kind);
        }
    }
    Ok(())
}

/// One warning per OPD listing the criteria scored from a tier below the rubric's highest.
pub(super) fn lower_tiers(
    chosen: &DataFrame,
    rubric: &Rubric,
    diag: &mut Diagnostics,
) -> PolarsResult<()> {
    let Some(final_tier) = rubric.tiers.last() else {
        return Ok(());
    };
    let lower = chosen
        .clone()
        .lazy()
        .filter(col(col::TIER).neq(lit(final_tier.as_str())))
        .collect()?;
    let mut by_opd: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for ((opd, tier), code) in strings(&lower, col::OPD)?
        .into_iter()
        .zip(strings(&lower, col::TIER)?)
        .zip(strings(&lower, col::CODE)?)
    {
        by_opd.entry((opd, tier)).or_default().push(code);
    }
    for ((opd, tier), codes) in by_opd {
        diag.warning(None, ProblemKind::LowerTierScored { opd, tier, codes });
    }
    Ok(())
}

/// Answers that matched no code of their criterion's scale.
pub(super) fn off_scale(
    valued: &DataFrame,
    rubric: &Rubric,
    diag: &mut Diagnostics,
) -> PolarsResult<()> {
    let off = valued
        .clone()
        .lazy()
        .filter(col(out::VALUE).is_null())
        .collect()?;
    let codes = strings(&off, col::CODE)?;
    let answers = strings(&off, col::ANSWER)?;
    let scales = strings(&off, "scale")?;
    for (((code, answer), scale), location) in codes
        .into_iter()
        .zip(answers)
        .zip(scales)
        .zip(locations(&off)?)
    {
        let allowed = rubric
            .scales
            .get(&scale)
            .map(|s| s.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default();
        diag.error(
            Some(location),
            ProblemKind::OffScale {
                code,
                answer,
                allowed,
            },
        );
    }
    Ok(())
}

/// Every (OPD, criterion) pair without an answer row: `opds` x `criteria`, less `answered`.
pub(super) fn gaps(
    answered: &DataFrame,
    opds: &DataFrame,
    criteria: &DataFrame,
) -> PolarsResult<DataFrame> {
    opds.clone()
        .lazy()
        .cross_join(criteria.clone().lazy(), None)
        .join(
            answered
                .clone()
                .lazy()
                .select([col(col::OPD), col(col::CODE)]),
            [col(col::OPD), col(col::CODE)],
            [col(col::OPD), col(col::CODE)],
            join_args(JoinType::Anti),
        )
        .collect()
}

/// Criteria an OPD has not answered (`gaps`): listed as one error per OPD, or scored 0 and
/// appended to `valued`.
pub(super) fn missing(
    valued: &DataFrame,
    gaps: DataFrame,
    policy: MissingPolicy,
    diag: &mut Diagnostics,
) -> PolarsResult<DataFrame> {
    if gaps.height() == 0 {
        return Ok(valued.clone());
    }
    let mut by_opd: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (opd, code) in strings(&gaps, col::OPD)?
        .into_iter()
        .zip(strings(&gaps, col::CODE)?)
    {
        by_opd.entry(opd).or_default().push(code);
    }
    let zeroed = policy == MissingPolicy::Zero;
    for (opd, codes) in by_opd {
        let kind = ProblemKind::MissingAnswers { opd, codes, zeroed };
        if zeroed {
            diag.warning(None, kind);
        } else {
            diag.error(None, kind);
        }
    }
    if !zeroed {
        return Ok(valued.clone());
    }
    let filler = gaps.lazy().with_columns([
        lit("").alias(out::ANSWER_CODE),
        lit(0.0).alias(out::VALUE),
        lit(NULL).cast(DataType::String).alias(col::NOTE),
        lit(NULL).cast(DataType::String).alias(col::EVIDENCE),
        lit(NULL).cast(DataType::Float64).alias(col::KEPT_YEARS),
    ]);
    let keep = [
        col(col::OPD),
        col(col::CODE),
        col(out::SUB),
        col(out::COMPONENT),
        col("weight"),
        col("method"),
        col(out::ANSWER_CODE),
        col(out::VALUE),
        col(col::NOTE),
        col(col::EVIDENCE),
        col(col::KEPT_YEARS),
    ];
    concat(
        [
            valued.clone().lazy().select(keep.clone()),
            filler.select(keep),
        ],
        UnionArgs::default(),
    )?
    .collect()
}
