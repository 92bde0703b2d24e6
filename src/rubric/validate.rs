//! Turns a raw rubric into a checked [`Rubric`], collecting every inconsistency.

use super::raw::{RawBand, RawRubric, RawText};
use super::tree::{Condition, Requirement};
use super::{
    Aggregation, Band, Component, Criterion, FulfilmentGrade, NumberScale, Rubric, Scale,
    ScaleCode, Subcomponent,
};
use crate::lang::Text;
use crate::messages::RubricProblem;
use crate::messages::RubricProblem as P;
use std::collections::{BTreeMap, HashSet};

/// Weights are decimals written by people; they agree when within this.
const WEIGHT_TOLERANCE: f64 = 1e-6;

fn text(raw: RawText) -> Text {
    Text::new(raw.id, raw.en)
}

/// Checks `raw` whole and resolves it, or lists every problem.
pub(super) fn resolve(raw: RawRubric) -> Result<Rubric, Vec<RubricProblem>> {
    let mut problems = Vec::new();
    if raw.id.trim().is_empty() {
        problems.push(P::EmptyId);
    }
    if raw.max_score.is_nan() || raw.max_score <= 0.0 {
        problems.push(P::MaxScore {
            found: raw.max_score,
        });
    }
    // The built-in scales, each replaced by the rubric's own of the same id.
    let own: HashSet<String> = raw.scales.keys().cloned().collect();
    let mut all = library_scales(&mut problems);
    all.extend(raw.scales);
    let mut scales = resolve_scales(all, &mut problems);
    let fulfilment = resolve_fulfilment(raw.fulfilment, &mut problems);
    let (nodes, components) = match (raw.components.is_empty(), raw.nodes.is_empty()) {
        (false, false) => {
            problems.push(P::ComponentsAndNodes);
            (Vec::new(), Vec::new())
        }
        (_, true) => {
            let components = resolve_components(raw.components, &scales, &mut problems);
            (super::tree::nodes_of_components(&components), components)
        }
        (true, false) => super::tree::resolve_nodes(raw.nodes, &scales, &mut problems),
    };
    let leaf_nodes: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].criterion.is_some())
        .collect();
    // A built-in scale no criterion uses is not the rubric's: it stays out of its templates.
    let used: HashSet<&str> = components
        .iter()
        .flat_map(|c| &c.subcomponents)
        .flat_map(|s| &s.criteria)
        .map(|k| k.scale.as_str())
        .collect();
    scales.retain(|id, _| own.contains(id) || used.contains(id.as_str()));
    check_component_total(&components, raw.max_score, &mut problems);
    let needs_table = nodes
        .iter()
        .any(|n| n.aggregation == Aggregation::Fulfilment);
    if needs_table && fulfilment.is_empty() {
        problems.push(P::NoFulfilmentTable);
    }
    let bands = resolve_bands(raw.bands, raw.max_score, &mut problems);
    let tiers = raw
        .tiers
        .unwrap_or_else(|| vec!["usulan".into(), "penetapan".into()]);
    let scored_tier = raw.scored_tier.unwrap_or_else(|| "penetapan".into());
    if !tiers.contains(&scored_tier) {
        problems.push(P::ScoredTier {
            tier: scored_tier.clone(),
            tiers: tiers.clone(),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rubric = Rubric {
        id: raw.id,
        title: text(raw.title),
        regime: raw.regime,
        max_score: raw.max_score,
        scored_tier,
        tiers,
        scales,
        fulfilment,
        bands,
        components,
        node_by_code: nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.code.to_lowercase(), i))
            .collect(),
        nodes,
        leaf_nodes,
        rules: Vec::new(),
        tier_words: Vec::new(),
        other_tier_words: Vec::new(),
    };
    resolve_tier_words(&mut rubric, raw.tier_words, &mut problems);
    super::tree::check_requirements(&rubric, &mut problems);
    // Rules name criteria and nodes: checked against the rubric they belong to.
    rubric.rules = super::rules::resolve_rules(raw.rules, &rubric, &mut problems);
    match problems.is_empty() {
        true => Ok(rubric),
        false => Err(problems),
    }
}

/// Each tier's header words: the rubric's own, else the built-in ones for its first and last
/// tiers (`rubrics/tier-words.toml`); the built-in words of no tier of the rubric are kept to
/// recognise other LKEs' tiers.
fn resolve_tier_words(
    rubric: &mut Rubric,
    own: BTreeMap<String, Vec<String>>,
    problems: &mut Vec<RubricProblem>,
) {
    let builtin: super::raw::RawTierWords =
        match toml::from_str(include_str!("../../rubrics/tier-words.toml")) {
            Ok(words) => words,
            Err(e) => {
                let detail = format!("tier-words.toml: {e}");
                problems.push(P::Definition { detail });
                return;
            }
        };
    for tier in own.keys().filter(|t| !rubric.tiers.contains(t)) {
        problems.push(P::TierWordsUnknown {
            tier: tier.clone(),
            tiers: rubric.tiers.clone(),
        });
    }
    let last = rubric.tiers.len().saturating_sub(1);
    rubric.tier_words = rubric
        .tiers
        .iter()
        .enumerate()
        .map(|(i, tier)| {
            let words = match (own.get(tier), i) {
                (Some(words), _) => words.clone(),
                (None, 0) => builtin.first.clone(),
                (None, i) if i == last => builtin.last.clone(),
                (None, _) => Vec::new(),
            };
            (tier.clone(), words)
        })
        .collect();
    let taken: Vec<&String> = rubric.tier_words.iter().flat_map(|(_, w)| w).collect();
    rubric.other_tier_words = builtin
        .first
        .iter()
        .chain(&builtin.middle)
        .chain(&builtin.last)
        .filter(|w| !taken.contains(w))
        .cloned()
        .collect();
}

/// The built-in scales (`rubrics/scales.toml`), resolved: what an import matches a sheet's
/// answers against.
pub(super) fn library() -> BTreeMap<String, Scale> {
    let mut ignored = Vec::new();
    resolve_scales(library_scales(&mut ignored), &mut ignored)
}

/// The built-in scales (`rubrics/scales.toml`): any rubric may use them without defining them.
fn library_scales(problems: &mut Vec<RubricProblem>) -> BTreeMap<String, super::raw::RawScale> {
    match toml::from_str(include_str!("../../rubrics/scales.toml")) {
        Ok(scales) => scales,
        Err(e) => {
            problems.push(P::LibraryScales {
                detail: e.to_string(),
            });
            BTreeMap::new()
        }
    }
}

fn resolve_scales(
    raw: BTreeMap<String, super::raw::RawScale>,
    problems: &mut Vec<RubricProblem>,
) -> BTreeMap<String, Scale> {
    let mut scales = BTreeMap::new();
    for (id, scale) in raw {
        let mut seen = HashSet::new();
        for code in &scale.codes {
            for spelling in std::iter::once(&code.code).chain(code.aliases.iter()) {
                if !seen.insert(spelling.trim().to_uppercase()) {
                    problems.push(P::ScaleAnswerTwice {
                        scale: id.clone(),
                        answer: spelling.clone(),
                    });
                }
            }
            if !(0.0..=1.0).contains(&code.value) {
                problems.push(P::ScaleValue {
                    scale: id.clone(),
                    code: code.code.clone(),
                    value: code.value,
                });
            }
        }
        let number = scale.number.map(|n| NumberScale {
            min: n.min,
            max: n.max,
            percent: n.percent,
        });
        if let Some(n) = number
            .filter(|n| !n.percent && n.min.partial_cmp(&n.max) != Some(std::cmp::Ordering::Less))
        {
            problems.push(P::ScaleRange {
                scale: id.clone(),
                min: n.min,
                max: n.max,
            });
        }
        match (scale.codes.is_empty(), number.is_some()) {
            (true, false) => problems.push(P::ScaleEmpty { scale: id.clone() }),
            (false, true) => problems.push(P::ScaleCodesAndNumber { scale: id.clone() }),
            _ => {}
        }
        let codes: Vec<ScaleCode> = scale
            .codes
            .into_iter()
            .map(|c| ScaleCode {
                code: c.code,
                value: c.value,
                label: text(c.label),
                aliases: c.aliases,
            })
            .collect();
        let name = text(scale.name);
        let best = match number {
            Some(n) if n.percent => "100%".to_string(),
            Some(n) => crate::messages::format_number(n.max),
            None => codes.first().map_or_else(String::new, |c| c.code.clone()),
        };
        scales.insert(
            id.clone(),
            Scale {
                id,
                name,
                codes,
                number,
                best,
            },
        );
    }
    scales
}

fn resolve_fulfilment(
    raw: Vec<super::raw::RawFulfilmentGrade>,
    problems: &mut Vec<RubricProblem>,
) -> Vec<FulfilmentGrade> {
    let mut seen = HashSet::new();
    raw.into_iter()
        .map(|g| {
            if !seen.insert(g.grade.clone()) {
                problems.push(P::GradeTwice {
                    grade: g.grade.clone(),
                });
            }
            if !(0.0..=1.0).contains(&g.value) || !(0.0..=1.0).contains(&g.min_share) {
                problems.push(P::GradeRange {
                    grade: g.grade.clone(),
                });
            }
            FulfilmentGrade {
                grade: g.grade,
                value: g.value,
                min_share: g.min_share,
                share_inclusive: g.share_inclusive,
                min_kept_years: g.min_kept_years,
            }
        })
        .collect()
}

fn resolve_components(
    raw: Vec<super::raw::RawComponent>,
    scales: &BTreeMap<String, Scale>,
    problems: &mut Vec<RubricProblem>,
) -> Vec<Component> {
    let mut component_codes = HashSet::new();
    let mut criterion_codes = HashSet::new();
    if raw.is_empty() {
        problems.push(P::NoComponents);
    }
    raw.into_iter()
        .map(|c| {
            if !component_codes.insert(c.code.clone()) {
                problems.push(P::ComponentTwice {
                    code: c.code.clone(),
                });
            }
            let mut sub_codes = HashSet::new();
            let subcomponents: Vec<Subcomponent> = c
                .subcomponents
                .into_iter()
                .map(|s| {
                    if !sub_codes.insert(s.code.clone()) {
                        problems.push(P::SubcomponentTwice {
                            component: c.code.clone(),
                            code: s.code.clone(),
                        });
                    }
                    resolve_subcomponent(&c.code, s, scales, &mut criterion_codes, problems)
                })
                .collect();
            let sum: f64 = subcomponents.iter().map(|s| s.weight).sum();
            if (sum - c.weight).abs() > WEIGHT_TOLERANCE {
                problems.push(P::ComponentWeight {
                    component: c.code.clone(),
                    weight: c.weight,
                    sum,
                });
            }
            if subcomponents.is_empty() {
                problems.push(P::NoSubcomponents {
                    component: c.code.clone(),
                });
            }
            Component {
                key: c.key.unwrap_or_else(|| c.code.clone()),
                code: c.code,
                weight: c.weight,
                name: text(c.name),
                subcomponents,
            }
        })
        .collect()
}

fn resolve_subcomponent(
    component: &str,
    s: super::raw::RawSubcomponent,
    scales: &BTreeMap<String, Scale>,
    criterion_codes: &mut HashSet<String>,
    problems: &mut Vec<RubricProblem>,
) -> Subcomponent {
    let key = format!("{component}.{}", s.code);
    let aggregation = match s.method.as_str() {
        "mean" => Aggregation::Mean,
        "fulfilment" => Aggregation::Fulfilment,
        other => {
            problems.push(P::UnknownMethod {
                sub: key.clone(),
                method: other.to_string(),
            });
            Aggregation::Mean
        }
    };
    if s.weight.is_nan() || s.weight < 0.0 {
        problems.push(P::NegativeWeight {
            sub: key.clone(),
            weight: s.weight,
        });
    }
    if s.criteria.is_empty() {
        problems.push(P::NoCriteria { sub: key.clone() });
    }
    let criteria = s
        .criteria
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            if !criterion_codes.insert(k.code.clone()) {
                problems.push(P::CriterionTwice {
                    code: k.code.clone(),
                });
            }
            let scale = k.scale.or_else(|| s.scale.clone()).unwrap_or_default();
            if !scales.contains_key(&scale) {
                problems.push(P::UnknownScale {
                    criterion: k.code.clone(),
                    scale: scale.clone(),
                    known: scales.keys().cloned().collect(),
                });
            }
            Criterion {
                code: k.code,
                number: i + 1,
                text: Text::new(k.text, k.text_en),
                scale,
                weight: None,
                counts: Vec::new(),
                recommendation: k.recommendation.map(|r| Text::new(r, k.recommendation_en)),
            }
        })
        .collect();
    let short = s.short.map(text).unwrap_or_else(|| text(s.name.clone()));
    Subcomponent {
        code: s.code,
        key,
        weight: s.weight,
        aggregation,
        name: text(s.name),
        short,
        criteria,
    }
}

fn check_component_total(
    components: &[Component],
    max_score: f64,
    problems: &mut Vec<RubricProblem>,
) {
    let sum: f64 = components.iter().map(|c| c.weight).sum();
    if !components.is_empty() && (sum - max_score).abs() > WEIGHT_TOLERANCE {
        problems.push(P::ComponentsTotal { sum, max_score });
    }
}

fn resolve_bands(
    raw: Vec<RawBand>,
    max_score: f64,
    problems: &mut Vec<RubricProblem>,
) -> Vec<Band> {
    let mut grades = HashSet::new();
    let mut bands: Vec<Band> = raw
        .into_iter()
        .map(|b| {
            if !grades.insert(b.grade.clone()) {
                problems.push(P::BandTwice {
                    grade: b.grade.clone(),
                });
            }
            if b.lower >= b.upper {
                problems.push(P::BandEdges {
                    grade: b.grade.clone(),
                    lower: b.lower,
                    upper: b.upper,
                });
            }
            let grade = b.grade.clone();
            Band {
                grade: b.grade,
                lower: b.lower,
                upper: b.upper,
                lower_inclusive: b.lower_inclusive,
                upper_inclusive: b.upper_inclusive,
                color: b.color.unwrap_or_else(|| "#FFFFFF".into()),
                font_color: b.font_color.unwrap_or_else(|| "#000000".into()),
                label: text(b.label),
                requires: b
                    .requires
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, r)| requirement(&grade, i + 1, r, problems))
                    .collect(),
            }
        })
        .collect();
    if bands.is_empty() {
        problems.push(P::NoBands);
        return bands;
    }
    bands.sort_by(|a, b| a.lower.total_cmp(&b.lower));
    check_band_coverage(&bands, max_score, problems);
    bands.reverse();
    bands
}

/// Bands sorted by lower edge must tile `[0, max]`: each edge shared, owned by exactly one side.
fn check_band_coverage(bands: &[Band], max_score: f64, problems: &mut Vec<RubricProblem>) {
    let first = &bands[0];
    if first.lower > 0.0 || (first.lower == 0.0 && !first.lower_inclusive) {
        let from = if first.lower_inclusive { ">= " } else { "> " };
        problems.push(P::GapAtZero {
            grade: first.grade.clone(),
            starts: format!("{from}{}", crate::messages::format_number(first.lower)),
        });
    }
    let last = &bands[bands.len() - 1];
    if last.upper < max_score || (last.upper == max_score && !last.upper_inclusive) {
        problems.push(P::GapAtMaximum {
            max_score,
            grade: last.grade.clone(),
            ends: last.upper,
        });
    }
    for pair in bands.windows(2) {
        let (lo, hi) = (&pair[0], &pair[1]);
        if lo.upper < hi.lower {
            problems.push(P::Gap {
                below: lo.grade.clone(),
                upper: lo.upper,
                above: hi.grade.clone(),
                lower: hi.lower,
            });
        } else if lo.upper > hi.lower {
            problems.push(P::Overlap {
                below: lo.grade.clone(),
                upper: lo.upper,
                above: hi.grade.clone(),
                lower: hi.lower,
            });
        } else if lo.upper_inclusive && hi.lower_inclusive {
            problems.push(P::EdgeTwice {
                below: lo.grade.clone(),
                above: hi.grade.clone(),
                edge: lo.upper,
            });
        } else if !lo.upper_inclusive && !hi.lower_inclusive {
            problems.push(P::EdgeUnheld {
                below: lo.grade.clone(),
                above: hi.grade.clone(),
                edge: lo.upper,
            });
        }
    }
}

/// A gate as written, resolved; its shape checked (the nodes it names are checked against the
/// tree once it is built).
fn requirement(
    grade: &str,
    number: usize,
    r: super::raw::RawRequirement,
    problems: &mut Vec<RubricProblem>,
) -> Option<Requirement> {
    let condition = match (r.node, r.at_least, r.share_at_least, r.every, r.level) {
        (Some(node), Some(points), None, None, None) => Condition::AtLeast { node, points },
        (Some(node), None, Some(share), None, None) => Condition::ShareAtLeast { node, share },
        (None, None, Some(share), Some(under), Some(level)) => Condition::Every {
            under,
            level,
            share,
        },
        _ => {
            problems.push(P::GateShape {
                grade: grade.to_string(),
                number,
            });
            return None;
        }
    };
    Some(Requirement {
        condition,
        unconfirmed: r.unconfirmed,
    })
}
