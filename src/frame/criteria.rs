//! The criterion scores: every OPD's answer to every criterion as scored.

use super::{check, checked_numbers, checked_optional_numbers, checked_optional_texts};
use super::{checked_texts, Checked, ANSWER_CODE, CODE, EVIDENCE, KEPT_YEARS, NOTE, OPD, VALUE};
use polars::prelude::{DataFrame, DataType, PolarsResult};

/// One row per OPD and criterion, OPD by OPD: the OPD, the criterion's code, the answer's
/// code on the criterion's scale (`Y` for `Ya`), its value in `[0, 1]`, the evaluator's note,
/// the evidence, and the years the criterion has been kept (fulfilment rubrics). A criterion
/// left unanswered and scored 0 has value 0, and no note or evidence.
#[derive(Debug, Clone)]
pub struct CriterionScores(DataFrame);

impl CriterionScores {
    /// The scores in `frame`, its columns checked: `opd`, `code`, `answer_code` (texts) and
    /// `value` (numbers) on every row; `note`, `evidence` (texts) and `kept_years` (numbers)
    /// where given.
    ///
    /// # Errors
    /// When a column is absent, of another type, or empty where it may not be.
    pub fn new(frame: DataFrame) -> PolarsResult<Self> {
        let (text, number) = (DataType::String, DataType::Float64);
        check(
            &frame,
            &[
                (OPD, text.clone(), true),
                (CODE, text.clone(), true),
                (ANSWER_CODE, text.clone(), true),
                (VALUE, number.clone(), true),
                (NOTE, text.clone(), false),
                (EVIDENCE, text, false),
                (KEPT_YEARS, number, false),
            ],
        )?;
        Ok(CriterionScores(frame))
    }

    /// Each row's OPD.
    pub fn opds(&self) -> Vec<&str> {
        checked_texts(&self.0, OPD)
    }

    /// Each row's criterion code.
    pub fn codes(&self) -> Vec<&str> {
        checked_texts(&self.0, CODE)
    }

    /// Each row's answer code.
    pub fn answer_codes(&self) -> Vec<&str> {
        checked_texts(&self.0, ANSWER_CODE)
    }

    /// Each row's value.
    pub fn values(&self) -> Vec<f64> {
        checked_numbers(&self.0, VALUE)
    }

    /// Each row's note, where there is one.
    pub fn notes(&self) -> Vec<Option<&str>> {
        checked_optional_texts(&self.0, NOTE)
    }

    /// Each row's evidence, where there is some.
    pub fn evidence(&self) -> Vec<Option<&str>> {
        checked_optional_texts(&self.0, EVIDENCE)
    }

    /// Each row's years kept, where given.
    pub fn kept_years(&self) -> Vec<Option<f64>> {
        checked_optional_numbers(&self.0, KEPT_YEARS)
    }
}

impl Checked for CriterionScores {
    fn frame(&self) -> &DataFrame {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::Column;

    fn frame(value: Column) -> PolarsResult<CriterionScores> {
        let columns = vec![
            Column::new(OPD.into(), ["Inspektorat", "Inspektorat"]),
            Column::new(CODE.into(), ["1.a.1", "1.a.2"]),
            Column::new(ANSWER_CODE.into(), ["Y", "T"]),
            value,
            Column::new(NOTE.into(), [Some("dokumen lengkap"), None]),
            Column::new(EVIDENCE.into(), [None::<&str>, None]),
            Column::new(KEPT_YEARS.into(), [None::<f64>, Some(2.0)]),
        ];
        CriterionScores::new(DataFrame::new(2, columns)?)
    }

    #[test]
    fn criterion_scores_are_read_through_their_columns_checked_once() {
        let scores = frame(Column::new(VALUE.into(), [1.0, 0.0])).unwrap();
        assert_eq!(scores.opds(), ["Inspektorat", "Inspektorat"]);
        assert_eq!(scores.codes(), ["1.a.1", "1.a.2"]);
        assert_eq!(scores.answer_codes(), ["Y", "T"]);
        assert_eq!(scores.values(), [1.0, 0.0]);
        assert_eq!(scores.notes(), [Some("dokumen lengkap"), None]);
        assert_eq!(scores.evidence(), [None, None]);
        assert_eq!(scores.kept_years(), [None, Some(2.0)]);
    }

    #[test]
    fn a_value_missing_or_mistyped_is_refused() {
        assert!(frame(Column::new(VALUE.into(), [Some(1.0), None])).is_err());
        assert!(frame(Column::new(VALUE.into(), ["1", "0"])).is_err());
        assert!(frame(Column::new("nilai".into(), [1.0, 0.0])).is_err());
    }
}
