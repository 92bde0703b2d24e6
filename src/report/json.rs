//! The evaluation as JSON, for scripts: the same figures as the workbook.

use super::FeedbackInput;
use super::IndexTable;
use crate::rubric::IndexPart;
use crate::score::indices::{ProgramScores, ALIGNMENT, COLLABORATION};
use crate::score::round_centi;
use polars::prelude::*;
use serde_json::{json, Map, Value};

/// A score rounded to two decimals for display.
fn display(v: f64) -> f64 {
    round_centi(v) as f64 / 100.0
}

/// `{"rubric": ID, "opds": [{"rank", "opd", "score", "predicate", "components": {CODE: score},
/// "alignment": {"index", "parts"}, "collaboration": {"index", "parts"}}], "city": {...}}`.
/// Component scores and indices are rounded to two decimals, parts to four; `null` marks what
/// was not scored or not assessed. `alignment`, `collaboration` and `city` appear with program
/// data.
///
/// # Errors
/// Polars errors when a frame lacks its columns.
/// The evaluation as JSON, an [`Output`](super::output::Output) (`sakip.json`): what
/// `score --json` prints.
pub struct Json<'a> {
    /// What it is made from.
    pub input: &'a FeedbackInput<'a>,
}

impl super::output::Output for Json<'_> {
    fn file_name(&self) -> String {
        "sakip.json".to_string()
    }

    fn bytes(self) -> Result<Vec<u8>, super::ReportError> {
        let value = evaluation_json(self.input)?;
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        Ok(text.into_bytes())
    }
}

/// How many of an OPD's steps to the next predicate the JSON lists (the Rekomendasi sheet's
/// number).
const STEPS: usize = 5;

/// An OPD's way to its next predicate: `{"target", "steps": [{"code", "text", "from", "to",
/// "points", "running"}], "total"}` (the first [`STEPS`], with the criterion's text), or
/// `{"outcome": "top"}` / `{"outcome": "unreachable", "target"}`.
fn next_json(
    path: &crate::score::path::Path,
    texts: &std::collections::HashMap<&str, &str>,
) -> Value {
    use crate::score::path::Path;
    match path {
        Path::Top => json!({ "outcome": "top" }),
        Path::Unreachable { target } => json!({ "outcome": "unreachable", "target": target }),
        Path::Steps { target, steps, .. } => {
            let listed: Vec<Value> = steps
                .iter()
                .take(STEPS)
                .map(|s| {
                    json!({
                        "code": s.code,
                        "text": texts.get(s.code.as_str()).copied().unwrap_or(""),
                        "from": s.from,
                        "to": s.to,
                        "points": display(s.points),
                        "running": s.running,
                    })
                })
                .collect();
            json!({ "outcome": "steps", "target": target, "total": steps.len(), "steps": listed })
        }
    }
}

pub fn evaluation_json(input: &FeedbackInput) -> PolarsResult<Value> {
    let ranking = input.ranking;
    let rank = ranking.ranks();
    let opds = ranking.opds();
    let akip = match input.akip {
        Some(_) => {
            let components = input
                .rubric
                .components
                .iter()
                .map(|c| Ok((c.code.clone(), ranking.numbers(&c.code)?)))
                .collect::<PolarsResult<Vec<_>>>()?;
            let scores = ranking.numbers(crate::frame::SCORE)?;
            Some((scores, ranking.grades(), components))
        }
        None => None,
    };
    let tables = match input.programs {
        Some(p) => Some((
            IndexTable::new(&p.alignment, ALIGNMENT, &input.indices.alignment.parts)?,
            IndexTable::new(
                &p.collaboration,
                COLLABORATION,
                &input.indices.collaboration.parts,
            )?,
        )),
        None => None,
    };
    let next: std::collections::HashMap<&str, &crate::score::path::Path> = input
        .next_steps
        .iter()
        .map(|(opd, path)| (opd.as_str(), path))
        .collect();
    let texts: std::collections::HashMap<&str, &str> = input
        .rubric
        .criteria()
        .map(|(_, _, k)| (k.code.as_str(), k.text.get(input.lang)))
        .collect();
    let mut list = Vec::with_capacity(opds.len());
    for (i, opd) in opds.iter().enumerate() {
        let mut o = Map::new();
        o.insert("rank".into(), json!(rank[i]));
        o.insert("opd".into(), json!(opd));
        if let Some((score, predicate, components)) = &akip {
            o.insert("score".into(), json!(score[i]));
            let p = predicate[i];
            o.insert(
                "predicate".into(),
                if p.is_empty() { Value::Null } else { json!(p) },
            );
            let parts: Map<String, Value> = components
                .iter()
                .map(|(code, v)| (code.clone(), json!(v[i].map(display))))
                .collect();
            o.insert("components".into(), Value::Object(parts));
            if let Some(path) = next.get(opd) {
                o.insert("next".into(), next_json(path, &texts));
            }
        }
        if let Some((alignment, collaboration)) = &tables {
            let indices = input.indices;
            o.insert(
                "alignment".into(),
                index_json(alignment, &indices.alignment.parts, ALIGNMENT, opd),
            );
            o.insert(
                "collaboration".into(),
                index_json(
                    collaboration,
                    &indices.collaboration.parts,
                    COLLABORATION,
                    opd,
                ),
            );
        }
        list.push(Value::Object(o));
    }
    let mut root = Map::new();
    root.insert("rubric".into(), json!(input.rubric.id));
    let components: Vec<Value> = input
        .rubric
        .components
        .iter()
        .map(|c| json!({ "code": c.code, "name": c.name.get(input.lang), "max": c.weight }))
        .collect();
    root.insert("components".into(), Value::Array(components));
    root.insert("opds".into(), Value::Array(list));
    if let Some(p) = input.programs {
        root.insert("city".into(), city_json(p));
    }
    if let Some(r) = input.reconciliation {
        root.insert(
            "reconciliation".into(),
            serde_json::to_value(r).unwrap_or_default(),
        );
    }
    if let Some(akip) = input.akip.filter(|a| !a.inconsistencies.is_empty()) {
        let breaches = serde_json::to_value(&akip.inconsistencies).unwrap_or_default();
        root.insert("inconsistencies".into(), breaches);
    }
    Ok(Value::Object(root))
}

fn index_json(table: &IndexTable, parts: &[IndexPart], index: &str, opd: &str) -> Value {
    let Some(i) = table.row(opd) else {
        return Value::Null;
    };
    let mut values = Map::new();
    let mut missing = Vec::new();
    for part in parts {
        let v = table.value(&part.code, i);
        if v.is_none() {
            missing.push(part.code.clone());
        }
        values.insert(
            part.code.clone(),
            json!(v.map(|v| (v * 10_000.0).round() / 10_000.0)),
        );
    }
    let index = table.value(index, i);
    json!({ "index": index.map(display), "parts": values, "not_assessed": missing })
}

fn city_json(p: &ProgramScores) -> Value {
    let matrix: Vec<Value> = p
        .matrix
        .iter()
        .map(|((from, to), n)| json!({ "from": from, "to": to, "activities": n }))
        .collect();
    json!({
        "opds": p.opds,
        "density": p.density.map(|d| (d * 10_000.0).round() / 10_000.0),
        "silos": p.silos,
        "matrix": matrix,
        "priorities": p.priorities,
    })
}
