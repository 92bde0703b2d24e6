//! What is scored: rubrics kept as data.
//!
//! A rubric is a TOML file (see `docs/rubric-format.md`). [`Rubric::from_toml`] reads one and
//! checks it whole, listing every problem at once; a [`Rubric`] that exists is therefore
//! consistent: weights add up, every criterion has a known scale, codes are unique and the
//! predicate bands cover `[0, max_score]` with no gap and no overlap.

mod indices;
mod program_columns;
mod raw;
mod rules;
mod tree;
mod validate;

pub use indices::{AlignmentRubric, CollaborationRubric, Composite, IndexPart};
pub use program_columns::{program_columns, ProgramColumn};
pub use rules::{Rule, RuleKind};
pub use tree::{Aggregation, Condition, Node, Requirement, Tally, Unmet};

use crate::lang::Text;
use crate::messages::RubricProblem;
use std::collections::BTreeMap;
use std::path::Path;

/// Rubrics shipped inside the binary, by id.
const BUILTIN: &[(&str, &str)] = &[
    ("akip-2015", include_str!("../../rubrics/akip-2015.toml")),
    ("akip-2021", include_str!("../../rubrics/akip-2021.toml")),
    (
        "akip-2021-opd",
        include_str!("../../rubrics/akip-2021-opd.toml"),
    ),
    (
        "lke-zi-2021",
        include_str!("../../rubrics/lke-zi-2021.toml"),
    ),
];

/// The rubric used when none is named.
pub const DEFAULT_RUBRIC: &str = "akip-2021-opd";

/// Why a rubric could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    /// Neither a built-in id nor a readable file.
    #[error("unknown rubric '{name}': not a built-in id ({}) and not a readable file", known.join(", "))]
    Unknown {
        /// What the user asked for.
        name: String,
        /// The built-in ids.
        known: Vec<String>,
    },
    /// The file could not be read.
    #[error("cannot read rubric file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The TOML does not have the rubric's shape.
    #[error("rubric {source_name} is not valid TOML of the rubric format: {message}")]
    Parse {
        /// Where the text came from.
        source_name: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The rubric is well formed but inconsistent.
    #[error("rubric {source_name} has {} problem(s):\n  - {}", problems.len(), in_english(problems))]
    Invalid {
        /// Where the text came from.
        source_name: String,
        /// Every problem found.
        problems: Vec<RubricProblem>,
    },
}

impl RubricError {
    /// An embedded definition's problems, in the engine's own words (see
    /// [`RubricProblem::Definition`]).
    pub(crate) fn definition(source_name: &str, details: Vec<String>) -> Self {
        RubricError::Invalid {
            source_name: source_name.to_string(),
            problems: details
                .into_iter()
                .map(|detail| RubricProblem::Definition { detail })
                .collect(),
        }
    }

    /// Every problem, as the catalogue words it, each at the rubric's file: for printing in
    /// the user's language.
    pub fn diagnostics(&self) -> crate::Diagnostics {
        let (source, problems) = match self {
            RubricError::Unknown { name, known } => {
                let (name, known) = (name.clone(), known.clone());
                (None, vec![RubricProblem::Unknown { name, known }])
            }
            RubricError::Io { path, source } => {
                let detail = source.to_string();
                (Some(path), vec![RubricProblem::Unreadable { detail }])
            }
            RubricError::Parse {
                source_name,
                message,
            } => {
                let detail = message.clone();
                (
                    Some(source_name),
                    vec![RubricProblem::NotRubricToml { detail }],
                )
            }
            RubricError::Invalid {
                source_name,
                problems,
            } => (Some(source_name), problems.clone()),
        };
        let mut diag = crate::Diagnostics::default();
        for p in problems {
            diag.error(source.map(crate::messages::Location::file), p);
        }
        diag
    }
}

/// The problems in English, one a line (the error's own text, for logs and tests).
fn in_english(problems: &[RubricProblem]) -> String {
    let english = |p: &RubricProblem| {
        crate::messages::ProblemKind::from(p.clone())
            .describe(crate::Lang::En)
            .0
    };
    problems
        .iter()
        .map(english)
        .collect::<Vec<_>>()
        .join("\n  - ")
}

/// One answer code of a scale.
#[derive(Debug, Clone)]
pub struct ScaleCode {
    /// The canonical code, e.g. `Y` or `BB`.
    pub code: String,
    /// Its value in `[0, 1]`.
    pub value: f64,
    /// What it means.
    pub label: Text,
    /// Other spellings accepted for it (`Ya`, `Ada`).
    pub aliases: Vec<String>,
}

/// A named answer scale.
#[derive(Debug, Clone)]
pub struct Scale {
    /// Its key in the rubric file.
    pub id: String,
    /// Its name.
    pub name: Text,
    /// Its codes, best first as written (none on a number scale).
    pub codes: Vec<ScaleCode>,
    /// For a scale answered with a number, its range.
    pub number: Option<NumberScale>,
    /// Its best answer as written: the first code, `100%`, or the top of an index (`4`).
    pub best: String,
}

/// A number answered directly: a percentage, or a survey index on a stated range (`0-4`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberScale {
    /// The lowest answer.
    pub min: f64,
    /// The highest.
    pub max: f64,
    /// Whether it is a percentage (`85%` or `85` is 0.85; above 100 % counts as 100 %).
    pub percent: bool,
}

impl NumberScale {
    /// The value in `[0, 1]` of an answer text (`3,6`, `3.6`, `85%`), or `None` when it is no
    /// number or lies outside the range. A percentage reads `0.85`, `85` and `85%` alike (a
    /// number above 1 without `%` is taken as percent points) and is capped at 100 %.
    pub fn value(&self, answer: &str) -> Option<f64> {
        let text = answer.trim();
        let (text, percent_sign) = match text.strip_suffix('%') {
            Some(t) => (t.trim(), true),
            None => (text, false),
        };
        let text = if text.contains('.') {
            text.to_string()
        } else {
            text.replace(',', ".")
        };
        let x: f64 = text.parse().ok().filter(|x: &f64| x.is_finite())?;
        if self.percent {
            let share = if percent_sign || x > 1.0 {
                x / 100.0
            } else {
                x
            };
            return (share >= 0.0).then_some(share.min(1.0));
        }
        if percent_sign || x < self.min - 1e-9 || x > self.max + 1e-9 {
            return None;
        }
        Some(((x - self.min) / (self.max - self.min)).clamp(0.0, 1.0))
    }

    /// A number as people type it: `3.6` or `3,6` (a decimal comma when there is no point).
    pub fn number(text: &str) -> Option<f64> {
        let text = text.trim();
        let text = if text.contains('.') {
            text.to_string()
        } else {
            text.replace(',', ".")
        };
        text.parse().ok().filter(|x: &f64| x.is_finite())
    }

    /// The range as people write it (`0-4`, `%`).
    pub fn describe(&self) -> String {
        if self.percent {
            return "0-100 %".to_string();
        }
        let f = crate::messages::format_number;
        format!("{}-{}", f(self.min), f(self.max))
    }
}

impl Scale {
    /// The place of the code `answer` names, by its code or an alias, case and surrounding
    /// spaces aside.
    pub fn position(&self, answer: &str) -> Option<usize> {
        let same = |s: &String| s.trim().eq_ignore_ascii_case(answer.trim());
        self.codes
            .iter()
            .position(|c| same(&c.code) || c.aliases.iter().any(same))
    }

    /// Whether a form's answer options (its `Pilihan Jawaban`: `Y/T`, `A/B/C/D`, `Ya / Tidak`,
    /// `%`, `Nilai (0-4)`) are this scale's: every option one of its codes and every code
    /// offered; a percentage offers `%`, an index its range. The official ZI workbook's lone
    /// `Ya` for a Ya/Tidak criterion counts as Ya/Tidak (DOMAIN.md).
    pub fn offered_by(&self, options: &str) -> bool {
        if let Some(number) = self.number {
            let bare: String = options.chars().filter(|c| !c.is_whitespace()).collect();
            let range = format!("{}-{}", number.min, number.max);
            return match number.percent {
                true => bare.contains('%') || bare.to_lowercase().contains("persen"),
                false => bare.contains(&range),
            };
        }
        let tokens: Vec<&str> = options
            .split(['/', ',', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let codes: Vec<Option<usize>> = tokens.iter().map(|t| self.position(t)).collect();
        let mut covered: Vec<usize> = codes.iter().flatten().copied().collect();
        covered.sort_unstable();
        covered.dedup();
        if codes.iter().all(Option::is_some) && covered.len() == self.codes.len() {
            return true;
        }
        codes == [Some(0)] && self.codes.len() == 2 && tokens[0].eq_ignore_ascii_case("ya")
    }
}

/// One row of the fulfilment grade table, tried in order.
#[derive(Debug, Clone)]
pub struct FulfilmentGrade {
    /// The grade letter.
    pub grade: String,
    /// Its value in `[0, 1]`.
    pub value: f64,
    /// The share of met criteria it needs.
    pub min_share: f64,
    /// Whether `min_share` itself qualifies (else "more than").
    pub share_inclusive: bool,
    /// Years every criterion must have been kept, if any.
    pub min_kept_years: Option<f64>,
}

impl FulfilmentGrade {
    /// Whether `met` of `total` criteria, the least kept for `min_kept` years, earn this grade.
    pub fn applies(&self, met: usize, total: usize, min_kept: Option<f64>) -> bool {
        // Compared as met > share x total, exact for the quarter shares of the regulation.
        let needed = self.min_share * total as f64;
        let met = met as f64;
        let share_ok = if self.share_inclusive {
            met >= needed - 1e-9
        } else {
            met > needed + 1e-9
        };
        let kept_ok = match self.min_kept_years {
            None => true,
            Some(years) => min_kept.is_some_and(|k| k >= years),
        };
        share_ok && kept_ok
    }
}

/// A predicate band (also stored with each year of the history).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Band {
    /// The predicate, e.g. `BB`.
    pub grade: String,
    /// Lower edge.
    pub lower: f64,
    /// Upper edge.
    pub upper: f64,
    /// Whether the lower edge belongs to the band.
    pub lower_inclusive: bool,
    /// Whether the upper edge belongs to the band.
    pub upper_inclusive: bool,
    /// Fill colour in reports, `#RRGGBB`.
    pub color: String,
    /// Font colour in reports, `#RRGGBB`.
    pub font_color: String,
    /// Its label (`Sangat Baik`).
    pub label: Text,
    /// What else the predicate needs besides its score (the Zona Integritas gates).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Requirement>,
}

impl Band {
    /// Whether a score in hundredths meets this band's lower edge.
    pub fn meets_lower_centi(&self, score_centi: i64) -> bool {
        let lower = to_centi(self.lower);
        score_centi > lower || (self.lower_inclusive && score_centi == lower)
    }

    /// Whether a score in hundredths lies in this band; edges are compared in hundredths too, so
    /// that a rounded 80.00 is exactly 80.
    pub fn contains_centi(&self, score_centi: i64) -> bool {
        let lower = to_centi(self.lower);
        let upper = to_centi(self.upper);
        let above = score_centi > lower || (self.lower_inclusive && score_centi == lower);
        let below = score_centi < upper || (self.upper_inclusive && score_centi == upper);
        above && below
    }
}

/// A value in hundredths, rounded half away from zero.
pub fn to_centi(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

/// One criterion.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Its code, e.g. `1.b.8`.
    pub code: String,
    /// Its position inside its sub-component, from 1.
    pub number: usize,
    /// Its text.
    pub text: Text,
    /// The id of its answer scale.
    pub scale: String,
    /// Its weight, where its node weighs its criteria (`sum`, `weighted`, `share`).
    pub weight: Option<f64>,
    /// The count rows that feed it ("- Jumlah ..."), read and kept beside it, not scored.
    pub counts: Vec<String>,
    /// What to do when it is not met, where the rubric says (sakip's wording in the built-in
    /// rubrics, quoted as such by the LHE).
    pub recommendation: Option<Text>,
}

/// A sub-component.
#[derive(Debug, Clone)]
pub struct Subcomponent {
    /// Its code inside the component, e.g. `b`.
    pub code: String,
    /// Component and sub-component, e.g. `1.b`.
    pub key: String,
    /// Its weight (points).
    pub weight: f64,
    /// How it aggregates its children.
    pub aggregation: Aggregation,
    /// Its full name.
    pub name: Text,
    /// A short name for column headers.
    pub short: Text,
    /// Its criteria, at any depth under it, in order.
    pub criteria: Vec<Criterion>,
}

/// A component.
#[derive(Debug, Clone)]
pub struct Component {
    /// Its code, e.g. `1`.
    pub code: String,
    /// What it measures, shared by the components of other regimes that measure the same
    /// (e.g. `perencanaan`): year-over-year comparisons across a regime change match on it.
    /// Defaults to the code.
    pub key: String,
    /// Its weight (points).
    pub weight: f64,
    /// Its name.
    pub name: Text,
    /// Its sub-components.
    pub subcomponents: Vec<Subcomponent>,
}

/// A checked rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// The regulation it implements.
    pub regime: String,
    /// The highest possible final score.
    pub max_score: f64,
    /// The tier whose answers are scored (`penetapan`).
    pub scored_tier: String,
    /// Every tier an answer may carry, lowest first.
    pub tiers: Vec<String>,
    /// Answer scales by id.
    pub scales: BTreeMap<String, Scale>,
    /// The fulfilment grade table (empty when no sub-component uses it).
    pub fulfilment: Vec<FulfilmentGrade>,
    /// Predicate bands, highest first.
    pub bands: Vec<Band>,
    /// The first two levels of the tree: components with their sub-components, each with
    /// every criterion under it.
    pub components: Vec<Component>,
    /// The whole tree in pre-order (see [`Node`]).
    pub nodes: Vec<Node>,
    /// Each criterion's place in `nodes`, in rubric order.
    pub leaf_nodes: Vec<usize>,
    /// Each node's place in `nodes` by its code in lower case (the official layout's rows
    /// are matched by it, and gates name nodes by code).
    pub node_by_code: foldhash::HashMap<String, usize>,
    /// Consistency rules: answers that cannot both be true.
    pub rules: Vec<Rule>,
    /// The words that name each of `tiers` in an official sheet's column headers, in the order
    /// of `tiers` (a tier may have none).
    pub tier_words: Vec<(String, Vec<String>)>,
    /// Words that name tiers of other LKEs (`Verval`, `Penjaminan Kualitas`): their columns are
    /// passed over with a note, not taken for this rubric's tiers.
    pub other_tier_words: Vec<String>,
}

/// The built-in answer scales (`rubrics/scales.toml`) by id: those any rubric may use without
/// defining them.
pub fn library_scales() -> BTreeMap<String, Scale> {
    validate::library()
}

impl Rubric {
    /// The ids of the built-in rubrics.
    pub fn builtin_ids() -> Vec<&'static str> {
        BUILTIN.iter().map(|(id, _)| *id).collect()
    }

    /// A built-in rubric by id, or a rubric file by path.
    ///
    /// ```
    /// let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    /// assert_eq!(rubric.criterion_count(), 80);
    /// assert_eq!(rubric.band_for_centi(8000).unwrap().grade, "BB");
    /// ```
    ///
    /// # Errors
    /// [`RubricError`] when the name is neither, or the rubric does not parse or check.
    pub fn load(name: &str) -> Result<Rubric, RubricError> {
        if let Some((id, text)) = BUILTIN.iter().find(|(id, _)| *id == name) {
            return Rubric::from_toml(text, &format!("built-in '{id}'"));
        }
        let path = Path::new(name);
        if !path.is_file() {
            return Err(RubricError::Unknown {
                name: name.to_string(),
                known: Rubric::builtin_ids()
                    .iter()
                    .map(|id| id.to_string())
                    .collect(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|source| RubricError::Io {
            path: name.to_string(),
            source,
        })?;
        Rubric::from_toml(&text, name)
    }

    /// Parses and checks a rubric from TOML text; `source_name` names it in messages.
    ///
    /// # Errors
    /// [`RubricError::Parse`] or [`RubricError::Invalid`] with every problem found.
    pub fn from_toml(text: &str, source_name: &str) -> Result<Rubric, RubricError> {
        let raw: raw::RawRubric = toml::from_str(text).map_err(|e| RubricError::Parse {
            source_name: source_name.to_string(),
            message: e.to_string(),
        })?;
        validate::resolve(raw).map_err(|problems| RubricError::Invalid {
            source_name: source_name.to_string(),
            problems,
        })
    }

    /// Every criterion with its component and sub-component, in rubric order.
    pub fn criteria(&self) -> impl Iterator<Item = (&Component, &Subcomponent, &Criterion)> {
        self.components.iter().flat_map(|c| {
            c.subcomponents
                .iter()
                .flat_map(move |s| s.criteria.iter().map(move |k| (c, s, k)))
        })
    }

    /// Every sub-component with its component, in rubric order.
    pub fn subcomponents(&self) -> impl Iterator<Item = (&Component, &Subcomponent)> {
        self.components
            .iter()
            .flat_map(|c| c.subcomponents.iter().map(move |s| (c, s)))
    }

    /// The number of criteria.
    pub fn criterion_count(&self) -> usize {
        self.criteria().count()
    }

    /// The band a final score (already rounded to hundredths) falls in.
    pub fn band_for_centi(&self, score_centi: i64) -> Option<&Band> {
        self.bands.iter().find(|b| b.contains_centi(score_centi))
    }

    /// The fulfilment grade for `met` of `total` criteria, the least kept `min_kept` years.
    pub fn fulfilment_grade(
        &self,
        met: usize,
        total: usize,
        min_kept: Option<f64>,
    ) -> Option<&FulfilmentGrade> {
        self.fulfilment
            .iter()
            .find(|g| g.applies(met, total, min_kept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_load_and_hold_the_80_criteria() {
        for id in ["akip-2021", "akip-2021-opd"] {
            let rubric = Rubric::load(id).unwrap();
            assert_eq!(rubric.criterion_count(), 80, "{id}");
            assert_eq!(rubric.components.len(), 4);
        }
        assert!(Rubric::builtin_ids().contains(&"akip-2015"));
    }

    #[test]
    fn fulfilment_table_follows_domain() {
        let r = Rubric::load("akip-2021").unwrap();
        let grade = |met, total, kept| r.fulfilment_grade(met, total, kept).unwrap().grade.clone();
        assert_eq!(grade(4, 4, Some(5.0)), "AA");
        assert_eq!(grade(4, 4, Some(1.0)), "A");
        assert_eq!(grade(4, 4, None), "BB");
        assert_eq!(grade(3, 4, None), "CC"); // exactly 75% is "up to 75%"
        assert_eq!(grade(4, 5, None), "B"); // 80% is more than 75%
        assert_eq!(grade(2, 4, None), "C"); // exactly 50%
        assert_eq!(grade(1, 4, None), "D"); // exactly 25%
        assert_eq!(grade(0, 4, None), "E");
    }
}
