//! Final scores, predicates and competition ranking.

use super::out;
use crate::frame as col;
use crate::rubric::Rubric;
use foldhash::HashMap;
use polars::prelude::*;

/// A score in hundredths, rounded half away from zero.
///
/// The score is first settled to nine decimals so that floating-point noise from summing weights
/// (79.99999999999999 for 80) cannot move it across a rounding or band edge.
///
/// ```
/// use sakip::score::round_centi;
/// assert_eq!(round_centi(0.8 * 9.18 + 0.8 * 90.82), 8000); // 79.99999999999999
/// assert_eq!(round_centi(87.125), 8713);
/// ```
pub fn round_centi(score: f64) -> i64 {
    let nano = (score * 1e9).round() as i128;
    let centi = (nano.abs() + 5_000_000) / 10_000_000;
    (centi * nano.signum()) as i64
}

/// One OPD's final result, before it becomes a frame row.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Competition rank (1, 2, 2, 4).
    pub rank: u32,
    /// The OPD.
    pub opd: String,
    /// The final score in hundredths.
    pub score_centi: i64,
    /// The predicate of the rounded score.
    pub predicate: String,
}

/// Orders rows by value in hundredths, descending, rows without a value last, ties and the
/// valueless by name; gives competition ranks (1, 2, 2, 4) to the rows with a value.
pub fn order_and_rank(
    mut rows: Vec<(String, Option<i64>)>,
) -> Vec<(String, Option<i64>, Option<u32>)> {
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out: Vec<(String, Option<i64>, Option<u32>)> = Vec::with_capacity(rows.len());
    for (i, (opd, value)) in rows.into_iter().enumerate() {
        let rank = match (value, out.last()) {
            (None, _) => None,
            (Some(v), Some((_, Some(prev), rank))) if *prev == v => *rank,
            (Some(_), _) => Some(i as u32 + 1),
        };
        out.push((opd, value, rank));
    }
    out
}

/// Orders OPDs by rounded score, descending, ties by name, and gives competition ranks.
pub fn competition_rank(rows: Vec<(String, i64)>, rubric: &Rubric) -> Vec<Ranked> {
    let rows = rows
        .into_iter()
        .map(|(opd, centi)| (opd, Some(centi)))
        .collect();
    order_and_rank(rows)
        .into_iter()
        .map(|(opd, centi, rank)| {
            let centi = centi.unwrap_or_default();
            let predicate = rubric
                .band_for_centi(centi)
                .map_or_else(String::new, |b| b.grade.clone());
            Ranked {
                rank: rank.unwrap_or_default(),
                opd,
                score_centi: centi,
                predicate,
            }
        })
        .collect()
}

/// Sums of `score` by OPD and `key` (a component or sub-component column), one column per
/// `names` in the order of `row_of` (each OPD's row), 0 where an OPD has none.
fn sums(
    subs: &DataFrame,
    key: &str,
    names: &[&str],
    row_of: &HashMap<&str, usize>,
) -> PolarsResult<Vec<Vec<f64>>> {
    let grouped = subs
        .clone()
        .lazy()
        .group_by_stable([col(col::OPD), col(key)])
        .agg([col(out::SCORE).sum()])
        .collect()?;
    let column_of: HashMap<&str, usize> = names.iter().enumerate().map(|(j, n)| (*n, j)).collect();
    let mut columns = vec![vec![0.0; row_of.len()]; names.len()];
    let opd = grouped.column(col::OPD)?.str()?;
    let keys = grouped.column(key)?.str()?;
    let score = grouped.column(out::SCORE)?.f64()?;
    for ((opd, key), score) in opd.iter().zip(keys.iter()).zip(score.iter()) {
        let row = opd.and_then(|o| row_of.get(o));
        let column = key.and_then(|k| column_of.get(k));
        if let (Some(&i), Some(&j)) = (row, column) {
            columns[j][i] = score.unwrap_or(0.0);
        }
    }
    Ok(columns)
}

/// The ranking frame: `rank`, `opd`, `score` (rounded), `predicate`, one column per component
/// code and per sub-component key (unrounded), in rank order.
pub(super) fn rank(subs: &DataFrame, rubric: &Rubric) -> PolarsResult<DataFrame> {
    let finals = subs
        .clone()
        .lazy()
        .group_by_stable([col(col::OPD)])
        .agg([col(out::SCORE).sum()])
        .collect()?;
    let opd = finals.column(col::OPD)?.str()?;
    let score = finals.column(out::SCORE)?.f64()?;
    let rows = (0..finals.height())
        .map(|i| {
            let name = opd.get(i).unwrap_or_default().to_string();
            (name, round_centi(score.get(i).unwrap_or(0.0)))
        })
        .collect();
    let ranked = competition_rank(rows, rubric);
    let n = ranked.len();
    let mut columns = vec![
        Column::new(
            out::RANK.into(),
            ranked.iter().map(|r| r.rank).collect::<Vec<_>>(),
        ),
        Column::new(
            col::OPD.into(),
            ranked.iter().map(|r| r.opd.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            out::SCORE.into(),
            ranked
                .iter()
                .map(|r| r.score_centi as f64 / 100.0)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            out::PREDICATE.into(),
            ranked
                .iter()
                .map(|r| r.predicate.as_str())
                .collect::<Vec<_>>(),
        ),
    ];
    // Each OPD's component and sub-component sums, in rank order.
    let row_of: HashMap<&str, usize> = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| (r.opd.as_str(), i))
        .collect();
    let codes: Vec<&str> = rubric.components.iter().map(|c| c.code.as_str()).collect();
    let keys: Vec<&str> = rubric
        .subcomponents()
        .map(|(_, s)| s.key.as_str())
        .collect();
    for (names, by) in [(&codes, out::COMPONENT), (&keys, out::SUB)] {
        let sums = sums(subs, by, names, &row_of)?;
        for (name, values) in names.iter().zip(sums) {
            columns.push(Column::new((*name).into(), values));
        }
    }
    DataFrame::new(n, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_and_ignores_float_noise() {
        assert_eq!(round_centi(79.99999999999999), 8000);
        assert_eq!(round_centi(80.005), 8001);
        assert_eq!(round_centi(80.004999), 8000);
        assert_eq!(round_centi(0.0), 0);
        assert_eq!(round_centi(-1.005), -101);
    }

    #[test]
    fn competition_ranking_shares_ranks_and_skips() {
        let rubric = Rubric::load("akip-2021-opd").unwrap();
        let rows = vec![
            ("Dinas B".to_string(), 8000),
            ("Dinas A".to_string(), 8000),
            ("Bappeda".to_string(), 9050),
            ("Dinas C".to_string(), 7000),
        ];
        let ranked = competition_rank(rows, &rubric);
        let got: Vec<(u32, &str, &str)> = ranked
            .iter()
            .map(|r| (r.rank, r.opd.as_str(), r.predicate.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Bappeda", "AA"),
                (2, "Dinas A", "BB"),
                (2, "Dinas B", "BB"),
                (4, "Dinas C", "B"),
            ]
        );
    }
}
