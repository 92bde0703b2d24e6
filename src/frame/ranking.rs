//! The rankings: the AKIP ranking of the OPDs with LKE answers ([`Ranking`]) and every OPD
//! ranked by the score the user chose ([`Ranked`]).

use super::{check, checked_counts, checked_numbers, checked_optional_numbers, checked_texts};
use super::{checked_optional_texts, Checked, OPD, PREDICATE, RANK, SCORE};
use polars::prelude::{DataFrame, DataType, PolarsError, PolarsResult};

/// The AKIP ranking: one row per OPD in rank order, with its competition rank, its name, its
/// final score (rounded to hundredths) and its predicate (empty without one), then the score
/// of each node of the rubric's tree shown (the components, the sub-components, the deeper
/// nodes with a score of their own), unrounded, 0 where nothing under it was answered. It is a
/// [`Ranked`] too (every OPD ranked by its AKIP score), with more checked.
#[derive(Debug, Clone)]
pub struct Ranking(Ranked);

impl Checked for Ranking {
    fn frame(&self) -> &DataFrame {
        &self.0 .0
    }
}

impl Ranking {
    /// The ranking in `frame`, its columns checked: `rank` (whole numbers), `opd`,
    /// `predicate` (texts), `score` and every other column (numbers), no row empty.
    ///
    /// # Errors
    /// When a column is absent, of another type, or has empty rows.
    pub fn new(frame: DataFrame) -> PolarsResult<Self> {
        let (text, number) = (DataType::String, DataType::Float64);
        check(
            &frame,
            &[
                (RANK, DataType::UInt32, true),
                (OPD, text.clone(), true),
                (PREDICATE, text, true),
            ],
        )?;
        for column in frame.columns() {
            let name = column.name().as_str();
            if ![RANK, OPD, PREDICATE].contains(&name) {
                check(&frame, &[(name, number.clone(), true)])?;
            }
        }
        check(&frame, &[(SCORE, number, true)])?;
        Ok(Ranking(Ranked::new(frame)?))
    }

    /// The same OPDs as a [`Ranked`]: an AKIP ranking is every OPD ranked by its AKIP score.
    pub fn ranked(&self) -> &Ranked {
        &self.0
    }

    /// The OPDs, in rank order.
    pub fn opds(&self) -> Vec<&str> {
        checked_texts(self.frame(), OPD)
    }

    /// Their ranks.
    pub fn ranks(&self) -> Vec<u32> {
        let ranks = checked_counts(self.frame(), RANK).into_iter();
        ranks.map(Option::unwrap_or_default).collect()
    }

    /// Their final scores, rounded to hundredths.
    pub fn scores(&self) -> Vec<f64> {
        checked_numbers(self.frame(), SCORE)
    }

    /// Their predicates (empty where none).
    pub fn predicates(&self) -> Vec<&str> {
        checked_texts(self.frame(), PREDICATE)
    }

    /// The scores of node `code` (a component's code, a sub-component's key), unrounded.
    ///
    /// # Errors
    /// When the ranking shows no such node.
    pub fn node(&self, code: &str) -> PolarsResult<Vec<f64>> {
        if [RANK, OPD, PREDICATE, SCORE].contains(&code) || self.frame().column(code).is_err() {
            let absent = format!("no node '{code}' in the ranking");
            return Err(PolarsError::ColumnNotFound(absent.into()));
        }
        Ok(checked_numbers(self.frame(), code))
    }
}

/// Every OPD, ranked by the score the user chose: `rank` (empty for an OPD without that
/// score), `opd`, then the AKIP columns of a [`Ranking`] but its rank (empty for an OPD without
/// LKE answers), the alignment and collaboration indices with program data, and the composite
/// when ranked by it (empty where not assessed).
#[derive(Debug, Clone)]
pub struct Ranked(DataFrame);

impl Checked for Ranked {
    fn frame(&self) -> &DataFrame {
        &self.0
    }
}

impl Ranked {
    /// The ranking in `frame`, its columns checked: `rank` (whole numbers), `opd` (texts, no
    /// row empty), `predicate` when there is one (texts), every other column numbers.
    ///
    /// # Errors
    /// When a column is absent or of another type, or an OPD's name is empty.
    pub fn new(frame: DataFrame) -> PolarsResult<Self> {
        check(
            &frame,
            &[
                (RANK, DataType::UInt32, false),
                (OPD, DataType::String, true),
            ],
        )?;
        for column in frame.columns() {
            let name = column.name().as_str();
            let dtype = match name {
                RANK | OPD => continue,
                PREDICATE => DataType::String,
                _ => DataType::Float64,
            };
            check(&frame, &[(name, dtype, false)])?;
        }
        Ok(Ranked(frame))
    }

    /// The OPDs, in rank order.
    pub fn opds(&self) -> Vec<&str> {
        checked_texts(&self.0, OPD)
    }

    /// Their ranks (`None` for an OPD without the score ranked by).
    pub fn ranks(&self) -> Vec<Option<u32>> {
        checked_counts(&self.0, RANK)
    }

    /// Their AKIP scores; `None` without LKE answers.
    pub fn scores(&self) -> Option<Vec<Option<f64>>> {
        self.numbers(SCORE).ok()
    }

    /// Their AKIP predicates; `None` without LKE answers.
    pub fn predicates(&self) -> Option<Vec<Option<&str>>> {
        let has = self.has(PREDICATE);
        has.then(|| checked_optional_texts(&self.0, PREDICATE))
    }

    /// Their AKIP predicates, empty where none (and all empty without LKE answers).
    pub fn grades(&self) -> Vec<&str> {
        match self.predicates() {
            Some(predicates) => predicates
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect(),
            None => vec![""; self.len()],
        }
    }

    /// The numbers of column `name` (an index, a node's score, the AKIP score).
    ///
    /// # Errors
    /// When there is no such column of numbers.
    pub fn numbers(&self, name: &str) -> PolarsResult<Vec<Option<f64>>> {
        if [RANK, OPD, PREDICATE].contains(&name) || !self.has(name) {
            let absent = format!("no column of numbers '{name}' in the ranking");
            return Err(PolarsError::ColumnNotFound(absent.into()));
        }
        Ok(checked_optional_numbers(&self.0, name))
    }

    /// Whether it has column `name`.
    pub fn has(&self, name: &str) -> bool {
        self.0.column(name).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::Column;

    fn ranking(score: Column) -> PolarsResult<Ranking> {
        let columns = vec![
            Column::new(RANK.into(), [1u32, 2]),
            Column::new(OPD.into(), ["Inspektorat", "Bappeda"]),
            score,
            Column::new(PREDICATE.into(), ["A", "BB"]),
            Column::new("1".into(), [25.0, 20.5]),
        ];
        Ranking::new(DataFrame::new(2, columns)?)
    }

    #[test]
    fn a_ranking_is_read_through_its_columns_checked_once() {
        let r = ranking(Column::new(SCORE.into(), [81.5, 70.25])).unwrap();
        assert_eq!(r.opds(), ["Inspektorat", "Bappeda"]);
        assert_eq!(r.ranks(), [1, 2]);
        assert_eq!(r.scores(), [81.5, 70.25]);
        assert_eq!(r.predicates(), ["A", "BB"]);
        assert_eq!(r.node("1").unwrap(), [25.0, 20.5]);
        assert!(r.node("2").is_err());
        assert!(r.node(SCORE).is_err());
    }

    #[test]
    fn a_ranking_with_a_column_missing_mistyped_or_empty_is_refused() {
        let text = Column::new(SCORE.into(), ["81.5", "70.25"]);
        assert!(ranking(text).is_err());
        let empty = Column::new(SCORE.into(), [Some(81.5), None]);
        assert!(ranking(empty).is_err());
        let without = DataFrame::new(1, vec![Column::new(OPD.into(), ["Inspektorat"])]).unwrap();
        assert!(Ranking::new(without.clone()).is_err());
        assert!(Ranked::new(without).is_err());
    }

    #[test]
    fn a_combined_ranking_may_lack_the_akip_columns() {
        let columns = vec![
            Column::new(RANK.into(), [Some(1u32), None]),
            Column::new(OPD.into(), ["Bappeda", "Dinas Sosial"]),
            Column::new("keselarasan".into(), [Some(80.0), None]),
        ];
        let r = Ranked::new(DataFrame::new(2, columns).unwrap()).unwrap();
        assert_eq!(r.ranks(), [Some(1), None]);
        assert_eq!(r.scores(), None);
        assert_eq!(r.predicates(), None);
        assert_eq!(r.numbers("keselarasan").unwrap(), [Some(80.0), None]);
        assert!(r.numbers("kolaborasi").is_err());
        assert_eq!(r.grades(), ["", ""]);
        assert!(!r.has(SCORE));
    }
}
