//! The engine's own indices (alignment, collaboration, composite): weights and parameters as data
//! in `rubrics/alignment.toml`, `rubrics/collaboration.toml` and `rubrics/composite.toml`.
//!
//! The parts' formulas are code (they are defined in the issue and DOMAIN.md); which parts exist,
//! their weights, names and parameters are data, checked here once.

use super::raw::RawText;
use super::RubricError;
use crate::lang::Text;
use serde::Deserialize;

const ALIGNMENT: &str = include_str!("../../rubrics/alignment.toml");
const COLLABORATION: &str = include_str!("../../rubrics/collaboration.toml");
const COMPOSITE: &str = include_str!("../../rubrics/composite.toml");

/// One weighted part of an index.
#[derive(Debug, Clone)]
pub struct IndexPart {
    /// `A1` .. `A5`, `C1` .. `C5`.
    pub code: String,
    /// Its weight.
    pub weight: f64,
    /// Its name.
    pub name: Text,
}

/// The alignment index's definition.
#[derive(Debug, Clone)]
pub struct AlignmentRubric {
    /// The index's name.
    pub name: Text,
    /// The "own design" note shown with it.
    pub note: Text,
    /// Programs whose name contains this (any case) are routine support.
    pub routine_program_pattern: String,
    /// The indicator kinds program data may give.
    pub indicator_kinds: Vec<String>,
    /// The horizons program data may give.
    pub horizons: Vec<String>,
    /// Indicator kinds that are outcome-oriented.
    pub outcome_kinds: Vec<String>,
    /// Horizons that are medium or long term.
    pub long_horizons: Vec<String>,
    /// A1 .. A5.
    pub parts: Vec<IndexPart>,
    /// The fewest parts the index is computed from; with fewer assessed it is not assessed.
    pub min_parts: usize,
}

/// The collaboration index's definition.
#[derive(Debug, Clone)]
pub struct CollaborationRubric {
    /// The index's name.
    pub name: Text,
    /// The "own design" note shown with it.
    pub note: Text,
    /// Partner OPDs that earn the full breadth score (C2).
    pub breadth_target: f64,
    /// OPDs on a priority that make it a joint flagship (C5).
    pub flagship_min_opds: usize,
    /// The non-government pentahelix kinds (C3).
    pub pentahelix_kinds: Vec<String>,
    /// C1 .. C5.
    pub parts: Vec<IndexPart>,
    /// The fewest parts the index is computed from; with fewer assessed it is not assessed.
    pub min_parts: usize,
}

/// Weights of the composite ranking.
#[derive(Debug, Clone)]
pub struct Composite {
    /// Its name.
    pub name: Text,
    /// Weight of the AKIP score, as a percent of the rubric's maximum.
    pub akip: f64,
    /// Weight of the alignment index.
    pub keselarasan: f64,
    /// Weight of the collaboration index.
    pub kolaborasi: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    code: String,
    weight: f64,
    name: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlignment {
    name: RawText,
    note: RawText,
    routine_program_pattern: String,
    indicator_kinds: Vec<String>,
    horizons: Vec<String>,
    outcome_kinds: Vec<String>,
    long_horizons: Vec<String>,
    min_parts: usize,
    parts: Vec<RawPart>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollaboration {
    name: RawText,
    note: RawText,
    breadth_target: f64,
    flagship_min_opds: usize,
    pentahelix_kinds: Vec<String>,
    min_parts: usize,
    parts: Vec<RawPart>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComposite {
    name: RawText,
    akip: f64,
    keselarasan: f64,
    kolaborasi: f64,
}

fn text(raw: RawText) -> Text {
    Text::new(raw.id, raw.en)
}

fn parse<T: for<'de> Deserialize<'de>>(source: &str, name: &str) -> Result<T, RubricError> {
    toml::from_str(source).map_err(|e| RubricError::Parse {
        source_name: name.to_string(),
        message: e.to_string(),
    })
}

/// Checks that `parts` are exactly `expected`, with weights that are not negative and do not
/// all vanish.
fn parts(raw: Vec<RawPart>, expected: &[&str], name: &str) -> Result<Vec<IndexPart>, RubricError> {
    let mut problems = Vec::new();
    let codes: Vec<&str> = raw.iter().map(|p| p.code.as_str()).collect();
    if codes != expected {
        problems.push(format!(
            "the parts must be {} in that order, found {}",
            expected.join(", "),
            codes.join(", ")
        ));
    }
    if raw.iter().any(|p| p.weight.is_nan() || p.weight < 0.0) {
        problems.push("a part has a negative weight".to_string());
    }
    if raw.iter().map(|p| p.weight).sum::<f64>() <= 0.0 {
        problems.push("the part weights add up to 0".to_string());
    }
    if !problems.is_empty() {
        return Err(RubricError::definition(name, problems));
    }
    Ok(raw
        .into_iter()
        .map(|p| IndexPart {
            code: p.code,
            weight: p.weight,
            name: text(p.name),
        })
        .collect())
}

/// Checks that `min_parts` is between 1 and the number of parts.
fn min_parts(min: usize, parts: usize, name: &str) -> Result<usize, RubricError> {
    match (1..=parts).contains(&min) {
        true => Ok(min),
        false => Err(RubricError::definition(
            name,
            vec![format!(
                "min_parts must be between 1 and the {parts} parts, found {min}"
            )],
        )),
    }
}

impl AlignmentRubric {
    /// The built-in definition (`rubrics/alignment.toml`).
    ///
    /// # Errors
    /// [`RubricError`] when the file does not parse or its parts are not A1 .. A5.
    pub fn builtin() -> Result<Self, RubricError> {
        Self::from_toml(ALIGNMENT, "rubrics/alignment.toml")
    }

    /// Parses and checks a definition.
    ///
    /// # Errors
    /// As [`AlignmentRubric::builtin`].
    pub fn from_toml(source: &str, name: &str) -> Result<Self, RubricError> {
        let raw: RawAlignment = parse(source, name)?;
        Ok(AlignmentRubric {
            name: text(raw.name),
            note: text(raw.note),
            routine_program_pattern: raw.routine_program_pattern.to_lowercase(),
            indicator_kinds: lower(raw.indicator_kinds),
            horizons: lower(raw.horizons),
            outcome_kinds: lower(raw.outcome_kinds),
            long_horizons: lower(raw.long_horizons),
            min_parts: min_parts(raw.min_parts, raw.parts.len(), name)?,
            parts: parts(raw.parts, &["A1", "A2", "A3", "A4", "A5"], name)?,
        })
    }
}

impl CollaborationRubric {
    /// The built-in definition (`rubrics/collaboration.toml`).
    ///
    /// # Errors
    /// [`RubricError`] when the file does not parse or its parts are not C1 .. C5.
    pub fn builtin() -> Result<Self, RubricError> {
        Self::from_toml(COLLABORATION, "rubrics/collaboration.toml")
    }

    /// Parses and checks a definition.
    ///
    /// # Errors
    /// As [`CollaborationRubric::builtin`].
    pub fn from_toml(source: &str, name: &str) -> Result<Self, RubricError> {
        let raw: RawCollaboration = parse(source, name)?;
        if raw.breadth_target <= 0.0 || raw.pentahelix_kinds.is_empty() {
            return Err(RubricError::definition(
                name,
                vec!["breadth_target must be above 0 and pentahelix_kinds not empty".into()],
            ));
        }
        Ok(CollaborationRubric {
            name: text(raw.name),
            note: text(raw.note),
            breadth_target: raw.breadth_target,
            flagship_min_opds: raw.flagship_min_opds,
            pentahelix_kinds: lower(raw.pentahelix_kinds),
            min_parts: min_parts(raw.min_parts, raw.parts.len(), name)?,
            parts: parts(raw.parts, &["C1", "C2", "C3", "C4", "C5"], name)?,
        })
    }
}

impl Composite {
    /// The built-in weights (`rubrics/composite.toml`).
    ///
    /// # Errors
    /// [`RubricError`] when the file does not parse or a weight is negative.
    pub fn builtin() -> Result<Self, RubricError> {
        let raw: RawComposite = parse(COMPOSITE, "rubrics/composite.toml")?;
        if [raw.akip, raw.keselarasan, raw.kolaborasi]
            .iter()
            .any(|w| *w < 0.0)
        {
            return Err(RubricError::definition(
                "rubrics/composite.toml",
                vec!["composite weights must not be negative".into()],
            ));
        }
        Ok(Composite {
            name: text(raw.name),
            akip: raw.akip,
            keselarasan: raw.keselarasan,
            kolaborasi: raw.kolaborasi,
        })
    }
}

fn lower(items: Vec<String>) -> Vec<String> {
    items.into_iter().map(|s| s.trim().to_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_hold_the_issue_weights() {
        let a = AlignmentRubric::builtin().unwrap();
        let w: Vec<f64> = a.parts.iter().map(|p| p.weight).collect();
        assert_eq!(w, vec![35.0, 20.0, 15.0, 10.0, 20.0]);
        assert_eq!(a.routine_program_pattern, "penunjang urusan pemerintahan");
        let c = CollaborationRubric::builtin().unwrap();
        let w: Vec<f64> = c.parts.iter().map(|p| p.weight).collect();
        assert_eq!(w, vec![30.0, 20.0, 25.0, 15.0, 10.0]);
        assert_eq!((c.breadth_target, c.flagship_min_opds), (5.0, 3));
        let g = Composite::builtin().unwrap();
        assert_eq!((g.akip, g.keselarasan, g.kolaborasi), (60.0, 20.0, 20.0));
    }

    #[test]
    fn parts_must_be_the_known_ones() {
        let bad = ALIGNMENT.replace("code = \"A5\"", "code = \"A6\"");
        let err = AlignmentRubric::from_toml(&bad, "x")
            .unwrap_err()
            .to_string();
        assert!(err.contains("A1, A2, A3, A4, A5"), "{err}");
    }

    #[test]
    fn the_fewest_parts_is_data_between_one_and_all() {
        assert_eq!(AlignmentRubric::builtin().unwrap().min_parts, 3);
        assert_eq!(CollaborationRubric::builtin().unwrap().min_parts, 3);
        let two = COLLABORATION.replace("min_parts = 3", "min_parts = 2");
        assert_eq!(
            CollaborationRubric::from_toml(&two, "x").unwrap().min_parts,
            2
        );
        for bad in ["min_parts = 0", "min_parts = 6"] {
            let source = ALIGNMENT.replace("min_parts = 3", bad);
            let err = AlignmentRubric::from_toml(&source, "x")
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("min_parts must be between 1 and the 5 parts"),
                "{err}"
            );
        }
    }
}
