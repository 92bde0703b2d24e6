//! The ranking as JSON, for scripts.

use crate::frame as col;
use crate::rubric::Rubric;
use crate::score::{out, round_centi, Scores};
use polars::prelude::*;
use serde_json::{json, Map, Value};

/// `{"rubric": ID, "opds": [{"rank", "opd", "score", "predicate", "components": {CODE: score}}]}`
/// with component scores rounded to two decimals for display.
///
/// # Errors
/// Polars errors when the ranking frame lacks its columns.
pub fn ranking_json(scores: &Scores, rubric: &Rubric) -> PolarsResult<Value> {
    let df = &scores.ranking;
    let rank = df.column(out::RANK)?.u32()?;
    let opd = df.column(col::OPD)?.str()?;
    let score = df.column(out::SCORE)?.f64()?;
    let predicate = df.column(out::PREDICATE)?.str()?;
    let components = rubric
        .components
        .iter()
        .map(|c| Ok((c.code.clone(), df.column(&c.code)?.f64()?.clone())))
        .collect::<PolarsResult<Vec<_>>>()?;
    let opds: Vec<Value> = (0..df.height())
        .map(|i| {
            let mut parts = Map::new();
            for (code, values) in &components {
                let centi = round_centi(values.get(i).unwrap_or(0.0));
                parts.insert(code.clone(), json!(centi as f64 / 100.0));
            }
            json!({
                "rank": rank.get(i),
                "opd": opd.get(i),
                "score": score.get(i),
                "predicate": predicate.get(i),
                "components": parts,
            })
        })
        .collect();
    Ok(json!({ "rubric": rubric.id, "opds": opds }))
}
