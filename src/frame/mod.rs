//! The frames passed between stages, and their column names.
//!
//! Scoring builds its frames with these names and reconciliation, the shortest paths, the
//! history and the reports read them; keeping them in one place is what lets the stages stay
//! apart. The frames that cross stages are typed: a [`Ranking`] (the AKIP ranking), a
//! [`Ranked`] (every OPD ranked by the score chosen) and the [`CriterionScores`], each checked
//! once when built and read through its methods, so that no later stage names a column. The
//! helpers below read a column out of any frame, or build a string column of a few texts
//! repeated over many rows.

mod criteria;
mod ranking;

pub use criteria::CriterionScores;
pub use ranking::{Ranked, Ranking};

/// A frame whose columns were checked when it was built: read through its own methods, which
/// name the columns, so that no other code does.
pub trait Checked {
    /// The frame, for code that writes or queries every column (a workbook's table, the
    /// statistics, the indices' queries).
    fn frame(&self) -> &DataFrame;

    /// How many rows.
    fn len(&self) -> usize {
        self.frame().height()
    }

    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why reading a checked column cannot fail.
const CHECKED: &str = "the frame's columns were checked when it was built";

/// A text column checked to have no empty row (see [`check`]), empty texts for nulls.
pub(crate) fn checked_texts<'a>(frame: &'a DataFrame, name: &str) -> Vec<&'a str> {
    let column = frame.column(name).and_then(|c| c.str()).expect(CHECKED);
    column.iter().map(Option::unwrap_or_default).collect()
}

/// A text column checked to be one, nulls kept.
pub(crate) fn checked_optional_texts<'a>(frame: &'a DataFrame, name: &str) -> Vec<Option<&'a str>> {
    let column = frame.column(name).and_then(|c| c.str()).expect(CHECKED);
    column.iter().collect()
}

/// A number column checked to have no empty row.
pub(crate) fn checked_numbers(frame: &DataFrame, name: &str) -> Vec<f64> {
    let column = frame.column(name).and_then(|c| c.f64()).expect(CHECKED);
    column.iter().map(Option::unwrap_or_default).collect()
}

/// A number column checked to be one, nulls kept.
pub(crate) fn checked_optional_numbers(frame: &DataFrame, name: &str) -> Vec<Option<f64>> {
    let column = frame.column(name).and_then(|c| c.f64()).expect(CHECKED);
    column.iter().collect()
}

/// A whole-number column checked to be one, nulls kept (0 in `whole` reads).
pub(crate) fn checked_counts(frame: &DataFrame, name: &str) -> Vec<Option<u32>> {
    let column = frame.column(name).and_then(|c| c.u32()).expect(CHECKED);
    column.iter().collect()
}

use polars::prelude::{
    ChunkTake, Column, DataFrame, DataType, IdxCa, IdxSize, IntoColumn, NewChunkedArray,
    PlSmallStr, PolarsError, PolarsResult, StringChunked,
};

/// The OPD's name.
pub const OPD: &str = "opd";
/// The criterion code.
pub const CODE: &str = "code";
/// The tier (`usulan`, `penetapan`).
pub const TIER: &str = "tier";
/// The evaluator's note.
pub const NOTE: &str = "note";
/// The evidence.
pub const EVIDENCE: &str = "evidence";
/// Years the criterion has been kept (fulfilment rubrics).
pub const KEPT_YEARS: &str = "kept_years";
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

/// Checks that `frame` has each of `columns` with its type (and, where `whole`, no nulls).
///
/// # Errors
/// [`PolarsError::SchemaMismatch`] naming the first column absent, of another type, or with
/// nulls it may not have.
pub(crate) fn check(frame: &DataFrame, columns: &[(&str, DataType, bool)]) -> PolarsResult<()> {
    for (name, dtype, whole) in columns {
        let column = frame.column(name)?;
        if column.dtype() != dtype {
            return Err(PolarsError::SchemaMismatch(
                format!("column '{name}' is {}, not {dtype}", column.dtype()).into(),
            ));
        }
        if *whole && column.null_count() > 0 {
            return Err(PolarsError::SchemaMismatch(
                format!("column '{name}' has empty rows").into(),
            ));
        }
    }
    Ok(())
}

/// A string column as owned strings, null as empty.
///
/// # Errors
/// When the column is absent or not of strings.
pub fn strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default().to_string())
        .collect())
}

/// A string column, nulls kept.
///
/// # Errors
/// When the column is absent or not of strings.
pub fn optional_strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.map(str::to_string))
        .collect())
}

/// A float column, nulls kept.
///
/// # Errors
/// When the column is absent or not of floats.
pub fn floats(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df.column(name)?.f64()?.iter().collect())
}

/// A float column with nulls read as 0 (scores of parts that add up).
///
/// # Errors
/// When the column is absent or not of floats.
pub fn floats_or_zero(df: &DataFrame, name: &str) -> PolarsResult<Vec<f64>> {
    Ok(floats(df, name)?
        .into_iter()
        .map(|v| v.unwrap_or(0.0))
        .collect())
}

/// A string column named `name` whose row `i` is the text numbered `ids[i]` among `texts` (null
/// where `None`). Each distinct text is stored once and each row is a view of it: a national
/// answer frame names 22,000 OPDs on 1.76 million rows, which a column built row by row copies
/// into its buffers 1.76 million times.
///
/// # Errors
/// When an id is not a number of `texts`.
pub fn gathered<'a>(
    name: &str,
    texts: impl Iterator<Item = &'a str>,
    ids: impl Iterator<Item = Option<u32>>,
) -> PolarsResult<Column> {
    let distinct = StringChunked::from_iter_values(PlSmallStr::EMPTY, texts);
    let ids: IdxCa = ids.map(|i| i.map(|i| i as IdxSize)).collect();
    Ok(distinct.take(&ids)?.with_name(name.into()).into_column())
}

/// Texts numbered for [`gathered`], equal texts under one number.
#[derive(Default)]
pub struct Distinct<'a> {
    texts: Vec<&'a str>,
    ids: foldhash::HashMap<&'a str, u32>,
}

impl<'a> Distinct<'a> {
    /// The number of `text`, adding it when new.
    pub fn id(&mut self, text: &'a str) -> u32 {
        let texts = &mut self.texts;
        *self.ids.entry(text).or_insert_with(|| {
            texts.push(text);
            texts.len() as u32 - 1
        })
    }

    /// A column of the texts numbered `ids` (see [`gathered`]).
    ///
    /// # Errors
    /// When an id was not given out by [`Distinct::id`].
    pub fn column(
        &self,
        name: &str,
        ids: impl Iterator<Item = Option<u32>>,
    ) -> PolarsResult<Column> {
        gathered(name, self.texts.iter().copied(), ids)
    }
}

#[cfg(test)]
mod tests {
    use super::{gathered, Distinct};
    use polars::prelude::{Column, DataType};

    #[test]
    fn a_gathered_column_is_the_texts_by_number_each_stored_once() {
        let long = "Dinas Komunikasi, Informatika, Statistik dan Persandian";
        let texts = [long, "Y", ""];
        let ids: Vec<Option<u32>> = (0..1000)
            .map(|i| match i % 4 {
                3 => None,
                k => Some(k),
            })
            .collect();
        let column = gathered("opd", texts.iter().copied(), ids.iter().copied()).unwrap();
        let expected: Vec<Option<&str>> =
            ids.iter().map(|i| i.map(|i| texts[i as usize])).collect();
        assert_eq!(column, Column::new("opd".into(), expected));
        assert_eq!(column.dtype(), &DataType::String);
        assert_eq!(column.null_count(), 250);
        // 250 rows name the long text; its bytes are held once.
        let buffers: usize = column
            .str()
            .unwrap()
            .downcast_iter()
            .map(|a| a.total_buffer_len())
            .sum();
        assert!(buffers < 2 * long.len(), "{buffers} bytes of buffers");
    }

    #[test]
    fn an_id_past_the_texts_is_an_error() {
        assert!(gathered("x", ["a", "b"].into_iter(), [Some(0), Some(2)].into_iter()).is_err());
        let empty = gathered("x", std::iter::empty(), std::iter::empty()).unwrap();
        assert_eq!(empty.len(), 0);
    }

    #[test]
    fn equal_texts_are_numbered_once_wherever_they_are_held() {
        let held: String = "Program Layanan 3".into();
        let copy = held.clone();
        let mut texts = Distinct::default();
        let ids = [
            Some(texts.id(&held)),
            None,
            Some(texts.id(&held[..7])),
            Some(texts.id(&copy)),
            Some(texts.id("Program")),
        ];
        assert_eq!(ids, [Some(0), None, Some(1), Some(0), Some(1)]);
        let column = texts.column("program", ids.into_iter()).unwrap();
        let expected = [
            Some("Program Layanan 3"),
            None,
            Some("Program"),
            Some("Program Layanan 3"),
            Some("Program"),
        ];
        assert_eq!(column, Column::new("program".into(), expected));
    }
}
