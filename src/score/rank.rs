//! Final scores, predicates and competition ranking.

use super::out;
use crate::frame as col;
use crate::rubric::Rubric;
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

/// The ranking frame: `rank`, `opd`, `score` (rounded), `predicate`, one column per component
/// code and per sub-component key, then per deeper node with a score of its own, level by level
/// (unrounded, 0 where nothing under it was answered), in rank order. The predicate is the first band whose lower edge the rounded score meets and whose
/// requirements the OPD's node scores meet (the band the score lies in, for a rubric without
/// gates).
pub(super) fn rank(nodes: &super::tree::NodeScores, rubric: &Rubric) -> PolarsResult<DataFrame> {
    let rows = (0..nodes.opds.len())
        .map(|o| {
            (
                nodes.opds[o].clone(),
                Some(round_centi(nodes.final_score(o, rubric))),
            )
        })
        .collect();
    let ranked: Vec<(String, i64, u32, String)> = order_and_rank(rows)
        .into_iter()
        .map(|(opd, centi, rank)| {
            let centi = centi.unwrap_or_default();
            let o = nodes.position(&opd).unwrap_or_default();
            let score = |node: usize| nodes.score(o, node);
            let predicate = rubric
                .predicate_of(centi, &score)
                .map_or_else(String::new, |b| b.grade.clone());
            (opd, centi, rank.unwrap_or_default(), predicate)
        })
        .collect();
    let n = ranked.len();
    let mut columns = vec![
        Column::new(
            out::RANK.into(),
            ranked.iter().map(|r| r.2).collect::<Vec<_>>(),
        ),
        Column::new(
            col::OPD.into(),
            ranked.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            out::SCORE.into(),
            ranked
                .iter()
                .map(|r| r.1 as f64 / 100.0)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            out::PREDICATE.into(),
            ranked.iter().map(|r| r.3.as_str()).collect::<Vec<_>>(),
        ),
    ];
    // Each OPD's component and sub-component scores, in rank order.
    let places: Vec<usize> = ranked
        .iter()
        .map(|r| nodes.position(&r.0).unwrap_or_default())
        .collect();
    // The components, the sub-components, then the deeper nodes with a score of their own
    // (areas, indicators, a survey index's points), level by level: a rubric of three levels
    // has none of these.
    let depth = rubric.nodes.iter().map(|n| n.level).max().unwrap_or(0);
    let shown = (1..=depth).flat_map(|level| {
        rubric.nodes.iter().enumerate().filter(move |(_, n)| {
            n.level == level && (level <= 2 || !n.is_leaf() || n.weight.is_some())
        })
    });
    for (i, node) in shown {
        let values: Vec<f64> = places
            .iter()
            .map(|&o| nodes.score(o, i).unwrap_or(0.0))
            .collect();
        columns.push(Column::new(node.code.as_str().into(), values));
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
        let rows = rows.into_iter().map(|(o, c)| (o, Some(c))).collect();
        let ranked = order_and_rank(rows);
        let got: Vec<(u32, &str, &str)> = ranked
            .iter()
            .map(|(opd, centi, rank)| {
                let band = rubric.predicate_of(centi.unwrap(), &|_| None).unwrap();
                (rank.unwrap(), opd.as_str(), band.grade.as_str())
            })
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
