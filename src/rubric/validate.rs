//! Turns a raw rubric into a checked [`Rubric`], collecting every inconsistency.

use super::raw::{RawBand, RawRubric, RawText};
use super::{
    Band, Component, Criterion, FulfilmentGrade, Method, Rubric, Scale, ScaleCode, Subcomponent,
};
use crate::lang::Text;
use std::collections::{BTreeMap, HashSet};

/// Weights are decimals written by people; they agree when within this.
const WEIGHT_TOLERANCE: f64 = 1e-6;

fn text(raw: RawText) -> Text {
    Text::new(raw.id, raw.en)
}

/// Checks `raw` whole and resolves it, or lists every problem.
pub(super) fn resolve(raw: RawRubric) -> Result<Rubric, Vec<String>> {
    let mut problems = Vec::new();
    if raw.id.trim().is_empty() {
        problems.push("the rubric id is empty".to_string());
    }
    if raw.max_score.is_nan() || raw.max_score <= 0.0 {
        problems.push(format!(
            "max_score must be above 0, found {}",
            raw.max_score
        ));
    }
    // The built-in scales, each replaced by the rubric's own of the same id.
    let own: HashSet<String> = raw.scales.keys().cloned().collect();
    let mut all = library_scales(&mut problems);
    all.extend(raw.scales);
    let mut scales = resolve_scales(all, &mut problems);
    let fulfilment = resolve_fulfilment(raw.fulfilment, &mut problems);
    let components = resolve_components(raw.components, &scales, &mut problems);
    // A built-in scale no criterion uses is not the rubric's: it stays out of its templates.
    let used: HashSet<&str> = components
        .iter()
        .flat_map(|c| &c.subcomponents)
        .flat_map(|s| &s.criteria)
        .map(|k| k.scale.as_str())
        .collect();
    scales.retain(|id, _| own.contains(id) || used.contains(id.as_str()));
    check_component_total(&components, raw.max_score, &mut problems);
    if !fulfilment_needed_is_present(&components, &fulfilment) {
        problems.push(
            "a sub-component uses method 'fulfilment' but the rubric has no [[fulfilment]] grade table"
                .to_string(),
        );
    }
    let bands = resolve_bands(raw.bands, raw.max_score, &mut problems);
    let tiers = raw
        .tiers
        .unwrap_or_else(|| vec!["usulan".into(), "penetapan".into()]);
    let scored_tier = raw.scored_tier.unwrap_or_else(|| "penetapan".into());
    if !tiers.contains(&scored_tier) {
        problems.push(format!(
            "scored_tier '{scored_tier}' is not one of tiers [{}]",
            tiers.join(", ")
        ));
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
        rules: Vec::new(),
    };
    // Rules name criteria and nodes: checked against the rubric they belong to.
    rubric.rules = super::rules::resolve_rules(raw.rules, &rubric, &mut problems);
    match problems.is_empty() {
        true => Ok(rubric),
        false => Err(problems),
    }
}

/// The built-in scales (`rubrics/scales.toml`): any rubric may use them without defining them.
fn library_scales(problems: &mut Vec<String>) -> BTreeMap<String, super::raw::RawScale> {
    match toml::from_str(include_str!("../../rubrics/scales.toml")) {
        Ok(scales) => scales,
        Err(e) => {
            problems.push(format!(
                "the built-in scales (scales.toml) do not parse: {e}"
            ));
            BTreeMap::new()
        }
    }
}

fn resolve_scales(
    raw: BTreeMap<String, super::raw::RawScale>,
    problems: &mut Vec<String>,
) -> BTreeMap<String, Scale> {
    let mut scales = BTreeMap::new();
    for (id, scale) in raw {
        let mut seen = HashSet::new();
        for code in &scale.codes {
            for spelling in std::iter::once(&code.code).chain(code.aliases.iter()) {
                if !seen.insert(spelling.trim().to_uppercase()) {
                    problems.push(format!(
                        "scale '{id}': the answer '{spelling}' is given twice (as a code or an alias)"
                    ));
                }
            }
            if !(0.0..=1.0).contains(&code.value) {
                problems.push(format!(
                    "scale '{id}': code '{}' has value {}, outside [0, 1]",
                    code.code, code.value
                ));
            }
        }
        if scale.codes.is_empty() {
            problems.push(format!("scale '{id}' has no codes"));
        }
        let codes = scale
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
        scales.insert(id.clone(), Scale { id, name, codes });
    }
    scales
}

fn resolve_fulfilment(
    raw: Vec<super::raw::RawFulfilmentGrade>,
    problems: &mut Vec<String>,
) -> Vec<FulfilmentGrade> {
    let mut seen = HashSet::new();
    raw.into_iter()
        .map(|g| {
            if !seen.insert(g.grade.clone()) {
                problems.push(format!("fulfilment grade '{}' is given twice", g.grade));
            }
            if !(0.0..=1.0).contains(&g.value) || !(0.0..=1.0).contains(&g.min_share) {
                problems.push(format!(
                    "fulfilment grade '{}': value and min_share must lie in [0, 1]",
                    g.grade
                ));
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

fn fulfilment_needed_is_present(components: &[Component], table: &[FulfilmentGrade]) -> bool {
    let needed = components
        .iter()
        .flat_map(|c| &c.subcomponents)
        .any(|s| s.method == Method::Fulfilment);
    !needed || !table.is_empty()
}

fn resolve_components(
    raw: Vec<super::raw::RawComponent>,
    scales: &BTreeMap<String, Scale>,
    problems: &mut Vec<String>,
) -> Vec<Component> {
    let mut component_codes = HashSet::new();
    let mut criterion_codes = HashSet::new();
    if raw.is_empty() {
        problems.push("the rubric has no components".to_string());
    }
    raw.into_iter()
        .map(|c| {
            if !component_codes.insert(c.code.clone()) {
                problems.push(format!("component code '{}' is given twice", c.code));
            }
            let mut sub_codes = HashSet::new();
            let subcomponents: Vec<Subcomponent> = c
                .subcomponents
                .into_iter()
                .map(|s| {
                    if !sub_codes.insert(s.code.clone()) {
                        problems.push(format!(
                            "component {}: sub-component code '{}' is given twice",
                            c.code, s.code
                        ));
                    }
                    resolve_subcomponent(&c.code, s, scales, &mut criterion_codes, problems)
                })
                .collect();
            let sum: f64 = subcomponents.iter().map(|s| s.weight).sum();
            if (sum - c.weight).abs() > WEIGHT_TOLERANCE {
                problems.push(format!(
                    "component {} weighs {} but its sub-components add up to {}",
                    c.code, c.weight, sum
                ));
            }
            if subcomponents.is_empty() {
                problems.push(format!("component {} has no sub-components", c.code));
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
    problems: &mut Vec<String>,
) -> Subcomponent {
    let key = format!("{component}.{}", s.code);
    let method = match s.method.as_str() {
        "mean" => Method::Mean,
        "fulfilment" => Method::Fulfilment,
        other => {
            problems.push(format!(
                "sub-component {key}: unknown method '{other}' (use 'mean' or 'fulfilment')"
            ));
            Method::Mean
        }
    };
    if s.weight.is_nan() || s.weight < 0.0 {
        problems.push(format!(
            "sub-component {key}: weight {} is negative",
            s.weight
        ));
    }
    if s.criteria.is_empty() {
        problems.push(format!("sub-component {key} has no criteria"));
    }
    let criteria = s
        .criteria
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            if !criterion_codes.insert(k.code.clone()) {
                problems.push(format!("criterion code '{}' is given twice", k.code));
            }
            let scale = k.scale.or_else(|| s.scale.clone()).unwrap_or_default();
            if !scales.contains_key(&scale) {
                problems.push(format!(
                    "criterion {}: unknown scale '{scale}' (known: {})",
                    k.code,
                    scales.keys().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            Criterion {
                code: k.code,
                number: i + 1,
                text: Text::new(k.text, k.text_en),
                scale,
            }
        })
        .collect();
    let short = s.short.map(text).unwrap_or_else(|| text(s.name.clone()));
    Subcomponent {
        code: s.code,
        key,
        weight: s.weight,
        method,
        name: text(s.name),
        short,
        criteria,
    }
}

fn check_component_total(components: &[Component], max_score: f64, problems: &mut Vec<String>) {
    let sum: f64 = components.iter().map(|c| c.weight).sum();
    if !components.is_empty() && (sum - max_score).abs() > WEIGHT_TOLERANCE {
        problems.push(format!(
            "the components add up to {sum} but max_score is {max_score}"
        ));
    }
}

fn resolve_bands(raw: Vec<RawBand>, max_score: f64, problems: &mut Vec<String>) -> Vec<Band> {
    let mut grades = HashSet::new();
    let mut bands: Vec<Band> = raw
        .into_iter()
        .map(|b| {
            if !grades.insert(b.grade.clone()) {
                problems.push(format!("band '{}' is given twice", b.grade));
            }
            if b.lower >= b.upper {
                problems.push(format!(
                    "band '{}': lower {} is not below upper {}",
                    b.grade, b.lower, b.upper
                ));
            }
            Band {
                grade: b.grade,
                lower: b.lower,
                upper: b.upper,
                lower_inclusive: b.lower_inclusive,
                upper_inclusive: b.upper_inclusive,
                color: b.color.unwrap_or_else(|| "#FFFFFF".into()),
                font_color: b.font_color.unwrap_or_else(|| "#000000".into()),
                label: text(b.label),
            }
        })
        .collect();
    if bands.is_empty() {
        problems.push("the rubric has no predicate bands".to_string());
        return bands;
    }
    bands.sort_by(|a, b| a.lower.total_cmp(&b.lower));
    check_band_coverage(&bands, max_score, problems);
    bands.reverse();
    bands
}

/// Bands sorted by lower edge must tile `[0, max]`: each edge shared, owned by exactly one side.
fn check_band_coverage(bands: &[Band], max_score: f64, problems: &mut Vec<String>) {
    let first = &bands[0];
    if first.lower > 0.0 || (first.lower == 0.0 && !first.lower_inclusive) {
        problems.push(format!(
            "bands leave a gap: no band holds 0 (the lowest, '{}', starts at {}{})",
            first.grade,
            if first.lower_inclusive { ">= " } else { "> " },
            first.lower
        ));
    }
    let last = &bands[bands.len() - 1];
    if last.upper < max_score || (last.upper == max_score && !last.upper_inclusive) {
        problems.push(format!(
            "bands leave a gap: no band holds the maximum {max_score} (the highest, '{}', ends at {})",
            last.grade, last.upper
        ));
    }
    for pair in bands.windows(2) {
        let (lo, hi) = (&pair[0], &pair[1]);
        if lo.upper < hi.lower {
            problems.push(format!(
                "bands leave a gap between '{}' (up to {}) and '{}' (from {})",
                lo.grade, lo.upper, hi.grade, hi.lower
            ));
        } else if lo.upper > hi.lower {
            problems.push(format!(
                "bands '{}' (up to {}) and '{}' (from {}) overlap",
                lo.grade, lo.upper, hi.grade, hi.lower
            ));
        } else if lo.upper_inclusive && hi.lower_inclusive {
            problems.push(format!(
                "bands '{}' and '{}' overlap: both hold the edge {}",
                lo.grade, hi.grade, lo.upper
            ));
        } else if !lo.upper_inclusive && !hi.lower_inclusive {
            problems.push(format!(
                "bands leave a gap: neither '{}' nor '{}' holds the edge {}",
                lo.grade, hi.grade, lo.upper
            ));
        }
    }
}
