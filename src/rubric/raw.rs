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
    pub codes: Vec<RawScaleCode>,
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
}
