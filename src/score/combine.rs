//! One ranking of every OPD: the AKIP results beside the alignment and collaboration indices,
//! ranked by the score the user chose.

use super::indices::{ProgramScores, ALIGNMENT, COLLABORATION};
use super::out;
use super::rank::{order_and_rank, round_centi};
use crate::frame::Checked;
use crate::frame::{self as col, Ranked, Ranking};
use crate::rubric::Composite;
use foldhash::HashMap;
use polars::prelude::*;
use std::collections::BTreeSet;

/// Column of the composite score.
pub const COMPOSITE: &str = "gabungan";

/// What the ranking is ordered by (`--rank-by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    /// The AKIP score (the default).
    #[default]
    Akip,
    /// The alignment index.
    Keselarasan,
    /// The collaboration index.
    Kolaborasi,
    /// The composite of the three (`rubrics/composite.toml`).
    Gabungan,
}

/// Values by OPD of one float column of `df`.
fn by_opd(df: &DataFrame, name: &str) -> PolarsResult<HashMap<String, Option<f64>>> {
    Ok(col::strings(df, col::OPD)?
        .into_iter()
        .zip(col::floats(df, name)?)
        .collect())
}

/// The combined ranking frame: `rank` (null for OPDs without the ranked score), `opd`, the AKIP
/// columns of `akip` (null for OPDs without LKE answers), `keselarasan` and `kolaborasi` when
/// there is program data, and `gabungan` when ranking by it.
///
/// # Errors
/// Polars errors when a frame lacks its columns.
pub fn combine(
    akip: Option<&Ranking>,
    programs: Option<&ProgramScores>,
    rank_by: RankBy,
    composite: &Composite,
    max_score: f64,
) -> PolarsResult<Ranked> {
    let mut opds: BTreeSet<String> = BTreeSet::new();
    let akip_row: HashMap<String, usize> = match akip {
        Some(ranking) => ranking
            .opds()
            .into_iter()
            .enumerate()
            .map(|(i, o)| (o.to_string(), i))
            .collect(),
        None => HashMap::default(),
    };
    opds.extend(akip_row.keys().cloned());
    let score: HashMap<String, Option<f64>> = match akip {
        Some(ranking) => ranking
            .opds()
            .into_iter()
            .zip(ranking.scores())
            .map(|(o, s)| (o.to_string(), Some(s)))
            .collect(),
        None => HashMap::default(),
    };
    let (alignment, collaboration) = match programs {
        Some(p) => {
            opds.extend(p.opds.iter().cloned());
            (
                by_opd(&p.alignment, ALIGNMENT)?,
                by_opd(&p.collaboration, COLLABORATION)?,
            )
        }
        None => (HashMap::default(), HashMap::default()),
    };
    let get = |m: &HashMap<String, Option<f64>>, o: &str| m.get(o).copied().flatten();
    let gabungan: HashMap<String, Option<f64>> = opds
        .iter()
        .map(|o| {
            let parts = [
                (
                    composite.akip,
                    get(&score, o).map(|s| 100.0 * s / max_score),
                ),
                (composite.keselarasan, get(&alignment, o)),
                (composite.kolaborasi, get(&collaboration, o)),
            ];
            let (num, den) = parts
                .iter()
                .filter_map(|(w, v)| v.map(|v| (w * v, *w)))
                .fold((0.0, 0.0), |(n, d), (pn, pd)| (n + pn, d + pd));
            (o.clone(), (den > 0.0).then(|| num / den))
        })
        .collect();
    let key = match rank_by {
        RankBy::Akip => &score,
        RankBy::Keselarasan => &alignment,
        RankBy::Kolaborasi => &collaboration,
        RankBy::Gabungan => &gabungan,
    };
    let ranked = order_and_rank(
        opds.iter()
            .map(|o| (o.clone(), get(key, o).map(round_centi)))
            .collect(),
    );
    let order: Vec<&str> = ranked.iter().map(|(o, _, _)| o.as_str()).collect();
    let mut columns = vec![
        Column::new(
            out::RANK.into(),
            ranked.iter().map(|r| r.2).collect::<Vec<_>>(),
        ),
        Column::new(col::OPD.into(), order.clone()),
    ];
    if let Some(ranking) = akip {
        for c in ranking
            .frame()
            .columns()
            .iter()
            .filter(|c| c.name() != out::RANK && c.name() != col::OPD)
        {
            let rows: Vec<Option<usize>> =
                order.iter().map(|o| akip_row.get(*o).copied()).collect();
            columns.push(take(c, &rows)?);
        }
    }
    let pick =
        |m: &HashMap<String, Option<f64>>| order.iter().map(|o| get(m, o)).collect::<Vec<_>>();
    if programs.is_some() {
        columns.push(Column::new(ALIGNMENT.into(), pick(&alignment)));
        columns.push(Column::new(COLLABORATION.into(), pick(&collaboration)));
    }
    if rank_by == RankBy::Gabungan {
        columns.push(Column::new(COMPOSITE.into(), pick(&gabungan)));
    }
    Ranked::new(DataFrame::new(order.len(), columns)?)
}

/// The rows `rows` of a column (null where `None`).
fn take(column: &Column, rows: &[Option<usize>]) -> PolarsResult<Column> {
    let name = column.name().clone();
    Ok(match column.dtype() {
        DataType::String => {
            let values = column.str()?;
            let picked: Vec<Option<&str>> =
                rows.iter().map(|r| r.and_then(|i| values.get(i))).collect();
            Column::new(name, picked)
        }
        _ => {
            let values = column.cast(&DataType::Float64)?;
            let values = values.f64()?;
            let picked: Vec<Option<f64>> =
                rows.iter().map(|r| r.and_then(|i| values.get(i))).collect();
            Column::new(name, picked)
        }
    })
}
