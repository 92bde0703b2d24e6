//! The rubric file as written: serde types that mirror the TOML one to one.
//!
//! Nothing outside [`super`] sees these; [`super::Rubric::from_raw`] checks them once and turns
//! them into the resolved types the rest of the engine uses.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A text in Indonesian, with an optional English version.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawText {
    pub id: String,
    pub en: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub id: String,
    pub title: RawText,
    pub regime: String,
    pub max_score: f64,
    pub scored_tier: Option<String>,
    pub tiers: Option<Vec<String>>,
    #[serde(default)]
    pub scales: BTreeMap<String, RawScale>,
    #[serde(default)]
    pub fulfilment: Vec<RawFulfilmentGrade>,
    #[serde(default)]
    pub bands: Vec<RawBand>,
    #[serde(default)]
    pub components: Vec<RawComponent>,
    /// The tree as a flat list, each node naming its parent (instead of `components`).
    #[serde(default)]
    pub nodes: Vec<RawNode>,
    #[serde(default)]
    pub rules: Vec<super::rules::RawRule>,
    /// The words that name each tier in an official sheet's column headers.
    #[serde(default)]
    pub tier_words: BTreeMap<String, Vec<String>>,
}

/// The built-in tier words (`rubrics/tier-words.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTierWords {
    pub first: Vec<String>,
    pub last: Vec<String>,
    pub middle: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    pub name: RawText,
    #[serde(default)]
    pub codes: Vec<RawScaleCode>,
    /// A number scale (a percentage, a survey index) instead of codes.
    pub number: Option<RawNumber>,
}

/// A number answered directly, scaled from `[min, max]` to `[0, 1]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNumber {
    pub min: f64,
    pub max: f64,
    /// Whether it is a percentage: `85%` and `85` read as 0.85, values above 100 % as 1.
    #[serde(default)]
    pub percent: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScaleCode {
    pub code: String,
    pub value: f64,
    pub label: RawText,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFulfilmentGrade {
    pub grade: String,
    pub value: f64,
    pub min_share: f64,
    pub share_inclusive: bool,
    pub min_kept_years: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub grade: String,
    pub lower: f64,
    pub upper: f64,
    pub lower_inclusive: bool,
    pub upper_inclusive: bool,
    pub color: Option<String>,
    pub font_color: Option<String>,
    pub label: RawText,
    /// Conditions on nodes the predicate needs besides its score (gates).
    #[serde(default)]
    pub requires: Vec<RawRequirement>,
}

/// A gate as written: `{ node, at_least }`, `{ node, share_at_least }` or
/// `{ every, level, share_at_least }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    pub node: Option<String>,
    pub at_least: Option<f64>,
    pub share_at_least: Option<f64>,
    pub every: Option<String>,
    pub level: Option<usize>,
    #[serde(default)]
    pub unconfirmed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    pub code: String,
    pub key: Option<String>,
    pub weight: f64,
    pub name: RawText,
    #[serde(default)]
    pub subcomponents: Vec<RawSubcomponent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubcomponent {
    pub code: String,
    pub weight: f64,
    pub method: String,
    pub scale: Option<String>,
    pub name: RawText,
    pub short: Option<RawText>,
    #[serde(default)]
    pub criteria: Vec<RawCriterion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    pub code: String,
    pub text: String,
    pub text_en: Option<String>,
    pub scale: Option<String>,
    pub recommendation: Option<String>,
    pub recommendation_en: Option<String>,
}

/// One node of a `[[nodes]]` tree: a criterion when no node names it as parent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    pub code: String,
    pub parent: Option<String>,
    pub key: Option<String>,
    pub name: Option<RawText>,
    pub short: Option<RawText>,
    pub text: Option<String>,
    pub text_en: Option<String>,
    pub recommendation: Option<String>,
    pub recommendation_en: Option<String>,
    pub weight: Option<f64>,
    pub aggregate: Option<String>,
    pub scale: Option<String>,
    /// Count rows feeding a percentage criterion ("- Jumlah ..."): read and kept, not scored.
    #[serde(default)]
    pub counts: Vec<String>,
}
