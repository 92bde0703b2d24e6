//! Consistency rules ("kerangka logis"): answers that cannot both be true, kept as data in the
//! rubric (`[[rules]]`). A document judged of high quality that does not exist; a report used
//! for decisions that was never written. Scoring reports every OPD that breaks one.
//!
//! Two shapes: `if` / `is` / `then` / `at_most` (while a criterion is answered one of `is`, the
//! criteria of `then` are answered at most `at_most`), and `node` / `not_above` (the value share,
//! score over weight, of one component or sub-component may not exceed another's). Each names
//! its reason in both languages and whether it is the regulation's or sakip's own.

use super::raw::RawText;
use super::{Component, Rubric, Scale, Subcomponent};
use crate::lang::Text;
use crate::messages::RubricProblem;
use crate::messages::RubricProblem as P;
use serde::Deserialize;

/// A rule as written in the rubric file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// The criterion whose answer sets the rule off.
    #[serde(rename = "if")]
    pub when: Option<String>,
    /// The answers that set it off.
    pub is: Option<Vec<String>>,
    /// The criteria held down: codes of criteria, sub-components or components.
    pub then: Option<Vec<String>>,
    /// The highest answer they may have.
    pub at_most: Option<String>,
    /// The component or sub-component whose share is held down.
    pub node: Option<String>,
    /// The one whose share it may not exceed.
    pub not_above: Option<String>,
    /// Whether the rule is sakip's own rather than the regulation's.
    #[serde(default)]
    pub own: bool,
    /// Why the two cannot both be true.
    pub why: RawText,
}

/// A checked rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// What it requires.
    pub kind: RuleKind,
    /// Whether it is sakip's own rather than the regulation's.
    pub own: bool,
    /// Why the two cannot both be true.
    pub why: Text,
}

/// What a rule requires.
#[derive(Debug, Clone)]
pub enum RuleKind {
    /// While criterion `when` is answered one of `is`, the criteria of `then` are answered at
    /// most `at_most` (by value on each one's scale).
    Implies {
        /// The criterion.
        when: String,
        /// Its answers (scale codes) that set the rule off.
        is: Vec<String>,
        /// The criteria held down, in rubric order (nodes named in the file expanded).
        then: Vec<String>,
        /// The highest answer (a scale code) they may have.
        at_most: String,
    },
    /// The value share of `node` may not exceed that of `not_above`.
    NotAbove {
        /// A component code or sub-component key.
        node: String,
        /// Another.
        not_above: String,
    },
}

/// Checks the rules against the rubric's criteria, nodes and scales: every problem to
/// `problems`, the rules that hold up returned.
pub(super) fn resolve_rules(
    raw: Vec<RawRule>,
    rubric: &Rubric,
    problems: &mut Vec<RubricProblem>,
) -> Vec<Rule> {
    raw.into_iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let before = problems.len();
            let rule = resolve_rule(r, rubric, i + 1, problems);
            rule.filter(|_| problems.len() == before)
        })
        .collect()
}

fn resolve_rule(
    raw: RawRule,
    rubric: &Rubric,
    rule: usize,
    problems: &mut Vec<RubricProblem>,
) -> Option<Rule> {
    let why = Text::new(raw.why.id, raw.why.en);
    let kind = match (
        raw.when,
        raw.is,
        raw.then,
        raw.at_most,
        raw.node,
        raw.not_above,
    ) {
        (Some(when), Some(is), Some(then), Some(at_most), None, None) => {
            implies(rubric, rule, (when, is, then, at_most), problems)?
        }
        (None, None, None, None, Some(node), Some(not_above)) => {
            for code in [&node, &not_above] {
                if !is_node(rubric, code) {
                    problems.push(P::RuleNode {
                        rule,
                        code: code.clone(),
                    });
                }
            }
            if node == not_above {
                problems.push(P::RuleSelf {
                    rule,
                    node: node.clone(),
                });
            }
            RuleKind::NotAbove { node, not_above }
        }
        _ => {
            problems.push(P::RuleShape { rule });
            return None;
        }
    };
    Some(Rule {
        kind,
        own: raw.own,
        why,
    })
}

/// An `if` rule, its answers and limit checked against the scales of its criteria.
fn implies(
    rubric: &Rubric,
    rule: usize,
    (when, is, then, at_most): (String, Vec<String>, Vec<String>, String),
    problems: &mut Vec<RubricProblem>,
) -> Option<RuleKind> {
    let Some(when_scale) = scale_of(rubric, &when) else {
        problems.push(P::RuleIfUnknown { rule, code: when });
        return None;
    };
    let is: Vec<String> = is
        .iter()
        .filter_map(|a| match canonical(when_scale, a) {
            Some(code) => Some(code.to_string()),
            None => {
                problems.push(P::RuleAnswer {
                    rule,
                    answer: a.clone(),
                    criterion: when.clone(),
                    scale: when_scale.id.clone(),
                });
                None
            }
        })
        .collect();
    let mut held = Vec::new();
    for code in &then {
        let criteria = criteria_under(rubric, code);
        if criteria.is_empty() {
            problems.push(P::RuleThenUnknown {
                rule,
                code: code.clone(),
            });
        }
        held.extend(criteria);
    }
    if held.contains(&when) {
        problems.push(P::RuleHoldsItself {
            rule,
            code: when.clone(),
        });
    }
    // Once per scale: a limit off the AA..E scale is one fault, not one per criterion on it.
    let mut scales_seen: Vec<&str> = Vec::new();
    for code in &held {
        let scale = scale_of(rubric, code)?;
        if canonical(scale, &at_most).is_none() && !scales_seen.contains(&scale.id.as_str()) {
            scales_seen.push(&scale.id);
            problems.push(P::RuleLimit {
                rule,
                limit: at_most.clone(),
                criterion: code.clone(),
                scale: scale.id.clone(),
            });
        }
    }
    Some(RuleKind::Implies {
        when,
        is,
        then: held,
        at_most,
    })
}

/// The scale of criterion `code`.
fn scale_of<'r>(rubric: &'r Rubric, code: &str) -> Option<&'r Scale> {
    let (_, _, criterion) = rubric.criteria().find(|(_, _, k)| k.code == code)?;
    rubric.scales.get(&criterion.scale)
}

/// The scale code `answer` names (a code or an alias, any case).
fn canonical<'s>(scale: &'s Scale, answer: &str) -> Option<&'s str> {
    scale.position(answer).map(|i| scale.codes[i].code.as_str())
}

/// Whether `code` is a component's code or a sub-component's key.
fn is_node(rubric: &Rubric, code: &str) -> bool {
    let component = |c: &Component| c.code == code;
    let sub = |(_, s): (&Component, &Subcomponent)| s.key == code;
    rubric.components.iter().any(component) || rubric.subcomponents().any(sub)
}

/// The codes of the criteria `code` names: itself, or every criterion under the component or
/// sub-component it is, in rubric order; none when it names nothing.
fn criteria_under(rubric: &Rubric, code: &str) -> Vec<String> {
    rubric
        .criteria()
        .filter(|(c, s, k)| k.code == code || s.key == code || c.code == code)
        .map(|(_, _, k)| k.code.clone())
        .collect()
}
