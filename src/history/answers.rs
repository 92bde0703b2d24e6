//! A scored year's LKE answers, stored beside its results (`2025-akip-2021-opd.jawaban.parquet`
//! beside `2025-akip-2021-opd.parquet`) so that its documents can be written again later from
//! the history alone (`sakip lhe`): every tier's answers with their notes, evidence and cells,
//! the rubric (its id, and its text when it came from a file) and how unanswered and
//! conflicting answers were scored. Scoring the stored answers again gives the year's numbers
//! exactly: they are the evaluation, not a summary of it.

use super::{YearMeta, FORMAT};
use crate::ingest::AnswerRecord;
use crate::messages::HistoryProblem;
use crate::report::ReportError;
use crate::score::{ConflictPolicy, MissingPolicy, Policies};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// How an answers file's name ends.
pub const SUFFIX: &str = ".jawaban.parquet";
/// The file-level metadata key holding [`AnswersMeta`].
const META_KEY: &str = "sakip-jawaban";

/// What an answers file says about its answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswersMeta {
    /// Layout version (the history's).
    pub format: u32,
    /// The year evaluated.
    pub year: i32,
    /// The rubric's id.
    pub rubric: String,
    /// The rubric's TOML when it was read from a file (a built-in rubric is found by its id).
    pub rubric_text: Option<String>,
    /// Unanswered criteria were errors (`error`) or scored 0 (`zero`).
    pub missing: String,
    /// Conflicting answers of one tier were errors (`error`) or the lower scored (`lowest`).
    pub conflict: String,
}

impl AnswersMeta {
    /// The description of `year`'s answers under `rubric` (`rubric_text` when it came from a
    /// file), scored with `policies`.
    pub fn new(year: i32, rubric: &str, rubric_text: Option<String>, policies: Policies) -> Self {
        AnswersMeta {
            format: FORMAT,
            year,
            rubric: rubric.to_string(),
            rubric_text,
            missing: match policies.missing {
                MissingPolicy::Error => "error",
                MissingPolicy::Zero => "zero",
            }
            .into(),
            conflict: match policies.conflict {
                ConflictPolicy::Error => "error",
                ConflictPolicy::Lowest => "lowest",
            }
            .into(),
        }
    }

    /// How the answers were scored.
    pub fn policies(&self) -> Policies {
        Policies {
            missing: match self.missing.as_str() {
                "zero" => MissingPolicy::Zero,
                _ => MissingPolicy::Error,
            },
            conflict: match self.conflict.as_str() {
                "lowest" => ConflictPolicy::Lowest,
                _ => ConflictPolicy::Error,
            },
        }
    }
}

/// The name of the answers file of the year `meta` describes.
pub fn file_name(meta: &YearMeta) -> String {
    let results = meta.file_name();
    let stem = results.strip_suffix(".parquet").unwrap_or(&results);
    format!("{stem}{SUFFIX}")
}

/// Whether `path` names an answers file (not a year's results).
pub fn is_answers_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_lowercase().ends_with(SUFFIX))
}

/// The answers as the bytes of their file.
///
/// # Errors
/// [`ReportError::Frame`] (none expected: the columns are built here).
pub fn to_bytes(meta: &AnswersMeta, records: &[AnswerRecord]) -> Result<Vec<u8>, ReportError> {
    let text = |f: &dyn Fn(&AnswerRecord) -> &str| records.iter().map(f).collect::<Vec<_>>();
    let optional = |f: &dyn Fn(&AnswerRecord) -> Option<&str>| {
        records.iter().map(f).collect::<Vec<Option<&str>>>()
    };
    let mut frame = DataFrame::new(
        records.len(),
        vec![
            Column::new("opd".into(), text(&|r| &r.opd)),
            Column::new("kode".into(), text(&|r| &r.code)),
            Column::new("tingkat".into(), text(&|r| &r.tier)),
            Column::new("jawaban".into(), text(&|r| &r.answer)),
            Column::new("catatan".into(), optional(&|r| r.note.as_deref())),
            Column::new("bukti".into(), optional(&|r| r.evidence.as_deref())),
            Column::new("penilai".into(), optional(&|r| r.evaluator.as_deref())),
            Column::new(
                "tahun_simpan".into(),
                records.iter().map(|r| r.kept_years).collect::<Vec<_>>(),
            ),
            Column::new("berkas".into(), text(&|r| &r.file)),
            Column::new("lembar".into(), text(&|r| &r.sheet)),
            Column::new(
                "baris".into(),
                records.iter().map(|r| r.row).collect::<Vec<_>>(),
            ),
            Column::new(
                "kolom".into(),
                records.iter().map(|r| r.col).collect::<Vec<_>>(),
            ),
        ],
    )?;
    super::write_described(&mut frame, META_KEY, meta)
}

/// Reads an answers file.
///
/// # Errors
/// [`HistoryProblem`] saying why it is not an answers file of this engine.
pub fn read(path: &Path) -> Result<(AnswersMeta, Vec<AnswerRecord>), HistoryProblem> {
    let (meta, frame) = super::read_described(path, META_KEY, |m: &AnswersMeta| m.format)?;
    let records = records_of(&frame).map_err(|e| HistoryProblem::NotHistory {
        detail: e.to_string(),
    })?;
    Ok((meta, records))
}

/// The frame's rows as answer records.
fn records_of(frame: &DataFrame) -> PolarsResult<Vec<AnswerRecord>> {
    let strings = |name: &str| crate::frame::strings(frame, name);
    let optional = |name: &str| crate::frame::optional_strings(frame, name);
    let numbers = |name: &str| -> PolarsResult<Vec<u32>> {
        Ok(frame
            .column(name)?
            .u32()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let (opds, codes, tiers, answers) = (
        strings("opd")?,
        strings("kode")?,
        strings("tingkat")?,
        strings("jawaban")?,
    );
    let (notes, evidence, evaluators) = (
        optional("catatan")?,
        optional("bukti")?,
        optional("penilai")?,
    );
    let kept = crate::frame::floats(frame, "tahun_simpan")?;
    let (files, sheets) = (strings("berkas")?, strings("lembar")?);
    let (rows, cols) = (numbers("baris")?, numbers("kolom")?);
    // One shared name per file and sheet, as the reader makes them.
    let mut names: std::collections::HashMap<String, Arc<str>> = Default::default();
    let mut shared = |s: &str| -> Arc<str> {
        names
            .entry(s.to_string())
            .or_insert_with(|| Arc::from(s))
            .clone()
    };
    Ok((0..frame.height())
        .map(|i| AnswerRecord {
            opd: opds[i].clone(),
            code: codes[i].clone(),
            tier: tiers[i].clone(),
            answer: answers[i].clone(),
            note: notes[i].clone(),
            evidence: evidence[i].clone(),
            evaluator: evaluators[i].clone(),
            kept_years: kept[i],
            file: shared(&files[i]),
            sheet: shared(&sheets[i]),
            row: rows[i],
            col: cols[i],
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_survive_the_round_trip_through_parquet() {
        let record = |opd: &str, tier: &str, note: Option<&str>| AnswerRecord {
            opd: opd.into(),
            code: "1.a.1".into(),
            tier: tier.into(),
            answer: "Y".into(),
            note: note.map(Into::into),
            evidence: None,
            evaluator: Some("Tim A".into()),
            kept_years: Some(5.0),
            file: Arc::from("lke.xlsx"),
            sheet: Arc::from("LKE"),
            row: 7,
            col: 3,
        };
        let records = vec![
            record("Inspektorat", "mandiri", None),
            record("Inspektorat", "evaluator", Some("=SUM(A1) bukan rumus")),
        ];
        let policies = Policies {
            missing: MissingPolicy::Zero,
            conflict: ConflictPolicy::Lowest,
        };
        let meta = AnswersMeta::new(2025, "akip-2021-opd", None, policies);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2025-akip-2021-opd.jawaban.parquet");
        std::fs::write(&path, to_bytes(&meta, &records).unwrap()).unwrap();
        assert!(is_answers_file(&path));
        let (back, read) = read(&path).unwrap();
        assert_eq!(back, meta);
        assert_eq!(back.policies(), policies);
        assert_eq!(read, records);
    }
}
