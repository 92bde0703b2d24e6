//! City statistics per component and in total.

use super::out;
use polars::prelude::*;
use statrs::statistics::{Data, Median, Statistics};

/// The statistics computed, in the order reports show them.
pub const STAT_NAMES: [&str; 5] = ["mean", "median", "std", "min", "max"];

/// Summary of one column of scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    /// Arithmetic mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// Sample standard deviation (n - 1); `None` for fewer than two OPDs.
    pub std: Option<f64>,
    /// Lowest.
    pub min: f64,
    /// Highest.
    pub max: f64,
}

impl Stat {
    /// The statistics as `STAT_NAMES` orders them.
    pub fn values(&self) -> [Option<f64>; 5] {
        [
            Some(self.mean),
            Some(self.median),
            self.std,
            Some(self.min),
            Some(self.max),
        ]
    }
}

/// Statistics of `scores`; `None` when there are none.
pub fn city_stats(scores: &[f64]) -> Option<Stat> {
    if scores.is_empty() {
        return None;
    }
    let std = (scores.len() > 1).then(|| scores.std_dev());
    Some(Stat {
        mean: scores.mean(),
        median: Data::new(scores.to_vec()).median(),
        std,
        min: Statistics::min(scores),
        max: Statistics::max(scores),
    })
}

/// The statistics of every score column of a ranking frame (see [`super::Scores::stats`]).
pub(super) fn stats_frame(ranking: &DataFrame) -> PolarsResult<DataFrame> {
    let mut columns = vec![Column::new("stat".into(), STAT_NAMES.to_vec())];
    for column in ranking.columns() {
        if column.name() == out::RANK || column.dtype() != &DataType::Float64 {
            continue;
        }
        let values: Vec<f64> = column.f64()?.iter().flatten().collect();
        let stat = city_stats(&values);
        let cells: Vec<Option<f64>> = match stat {
            Some(s) => s.values().to_vec(),
            None => vec![None; STAT_NAMES.len()],
        };
        columns.push(Column::new(column.name().clone(), cells));
    }
    DataFrame::new(STAT_NAMES.len(), columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_by_hand() {
        // 70, 80, 90, 100: mean 85, median (80 + 90) / 2 = 85,
        // sample variance (225 + 25 + 25 + 225) / 3 = 166.67, std 12.9099.
        let s = city_stats(&[70.0, 100.0, 80.0, 90.0]).unwrap();
        assert_eq!(s.mean, 85.0);
        assert_eq!(s.median, 85.0);
        assert!((s.std.unwrap() - 12.909944).abs() < 1e-6);
        assert_eq!((s.min, s.max), (70.0, 100.0));
        assert_eq!(city_stats(&[50.0]).unwrap().std, None);
    }
}
