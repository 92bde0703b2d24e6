//! The rubric as a tree of any depth: components at the top, criteria at the leaves, and between
//! them as many levels as the LKE has (the Zona Integritas LKE has five: component > group >
//! area > indicator > criterion). Every node aggregates its children its own way
//! ([`Aggregation`]); predicates may require conditions on any node ([`Condition`]).
//!
//! Rubric files give the tree either as today's three levels (`[[components]]` with
//! `subcomponents` and `criteria`) or as a flat list of `[[nodes]]`, each naming its `parent`.
//! Both become the same [`Node`] list, in pre-order (a node before its children, children in
//! file order).

use super::raw::{RawNode, RawText};
use super::{Component, Criterion, Rubric, Scale, Subcomponent};
use crate::lang::Text;
use crate::messages::RubricProblem;
use crate::messages::RubricProblem as P;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Weights are decimals written by people; they agree when within this.
const WEIGHT_TOLERANCE: f64 = 1e-6;

/// How a node turns its children into its score (DOMAIN.md; `docs/rubric-format.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// The children's scores added up (a component of sub-components, an area of indicators).
    Sum,
    /// The mean of the children's values (each in `[0, 1]`) x the node's weight.
    Mean,
    /// Each child carries its own weight: sum of weight x value, over the children's weights,
    /// x the node's weight (with weights that add up to the node's: sum of weight x value).
    Weighted,
    /// The share of children met (valued above 0) picks a grade of the fulfilment table; grade
    /// value x weight.
    Fulfilment,
    /// A criterion answered through its evidence items: its value is the share of its items
    /// met, each item Y/T, weighted by the items' weights when they have them.
    Share,
    /// A criterion (a leaf): the value of its answer on its scale; on a number scale (a
    /// percentage, a survey index on a stated range) the number scaled to `[0, 1]` (`direct`).
    Criterion,
}

impl Aggregation {
    /// The name used in rubric files.
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::Sum => "sum",
            Aggregation::Mean => "mean",
            Aggregation::Weighted => "weighted",
            Aggregation::Fulfilment => "fulfilment",
            Aggregation::Share => "share",
            Aggregation::Criterion => "criterion",
        }
    }

    fn parse(name: &str) -> Option<Aggregation> {
        Some(match name {
            "sum" => Aggregation::Sum,
            "mean" => Aggregation::Mean,
            "weighted" => Aggregation::Weighted,
            "fulfilment" => Aggregation::Fulfilment,
            "share" => Aggregation::Share,
            _ => return None,
        })
    }

    /// Whether its children must be criteria.
    fn over_leaves(self) -> bool {
        matches!(self, Aggregation::Fulfilment | Aggregation::Share)
    }

    /// Whether its children need weights of their own.
    fn weighs_children(self) -> bool {
        matches!(self, Aggregation::Sum | Aggregation::Weighted)
    }
}

/// One node of the rubric tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its code, unique in the rubric (`A.I.1.i`; a sub-component's is its key, `1.a`).
    pub code: String,
    /// What it measures, shared by nodes that are taken together: the same area under
    /// Pemenuhan and Reform, or a component of another regime. Defaults to the code.
    pub key: String,
    /// Its name (a criterion's is its text).
    pub name: Text,
    /// A short name for column headers.
    pub short: Text,
    /// Its weight (points); a criterion under a `mean` node has none.
    pub weight: Option<f64>,
    /// How it aggregates its children ([`Aggregation::Criterion`] for a leaf).
    pub aggregation: Aggregation,
    /// Its depth: 1 for a component.
    pub level: usize,
    /// Its parent, a place in [`Rubric::nodes`].
    pub parent: Option<usize>,
    /// Its children, places in [`Rubric::nodes`], in order.
    pub children: Vec<usize>,
    /// For a leaf, its number in rubric order (the order of [`Rubric::criteria`]).
    pub criterion: Option<usize>,
    /// For a leaf, the id of its scale.
    pub scale: Option<String>,
}

impl Node {
    /// Whether it is a criterion.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    /// Its weight, 1 when it has none (a criterion valued on its own).
    pub fn weight_or_one(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }
}

/// A condition a predicate requires beyond its score band (the Zona Integritas gates).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// A node's score is at least `points`.
    AtLeast {
        /// The node's code.
        node: String,
        /// The least score.
        points: f64,
    },
    /// A node's score is at least `share` of its weight.
    ShareAtLeast {
        /// The node's code.
        node: String,
        /// The least share, in `[0, 1]`.
        share: f64,
    },
    /// Every node at `level` under `under` is at least `share` of its weight, the nodes that
    /// share a key taken together (an area over Pemenuhan and Reform).
    Every {
        /// The node they lie under.
        under: String,
        /// Their level (1 for components).
        level: usize,
        /// The least share, in `[0, 1]`.
        share: f64,
    },
}

/// A condition with what the rubric says of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Requirement {
    /// What must hold.
    pub condition: Condition,
    /// Whether the threshold is not confirmed by the regulation (kept as data, marked so).
    #[serde(default)]
    pub unconfirmed: bool,
}

impl Requirement {
    /// A predicate's requirement as a line (`A >= 40`, `every part of level 3 under A >= 60 %`).
    pub fn describe(&self, lang: crate::Lang) -> String {
        let number = crate::messages::format_number;
        let mut text = match &self.condition {
            Condition::AtLeast { node, points } => format!("{node} >= {}", number(*points)),
            Condition::ShareAtLeast { node, share } => format!(
                "{node} >= {} % {}",
                number(share * 100.0),
                lang.pick("dari bobotnya", "of its weight")
            ),
            Condition::Every {
                under,
                level,
                share,
            } => format!(
                "{} {level} {} {under} >= {} % {}",
                lang.pick("setiap bagian tingkat", "every part of level"),
                lang.pick("di bawah", "under"),
                number(share * 100.0),
                lang.pick(
                    "dari bobotnya (bagian berkunci sama dijumlah)",
                    "of its weight (parts of one key together)"
                )
            ),
        };
        if self.unconfirmed {
            text.push_str(lang.pick(" (belum pasti)", " (unconfirmed)"));
        }
        text
    }
}

/// One requirement a unit does not meet, with what it has.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unmet {
    /// The node's code (for `every`, the key of the nodes taken together: see
    /// [`Rubric::node_name`]).
    pub node: String,
    /// The codes of the nodes it stands for (one, or those of the key taken together:
    /// `A.I.4`, `A.II.4`).
    pub codes: Vec<String>,
    /// What it needs: points, or a share of its weight.
    pub needed: f64,
    /// What it has, in the same unit.
    pub has: f64,
    /// Whether `needed` and `has` are shares of the weight (else points).
    pub share: bool,
    /// Whether the threshold is unconfirmed.
    pub unconfirmed: bool,
}

/// The nodes of a rubric given as `[[components]]`: each component (a `sum` of its
/// sub-components), each sub-component (its method), each criterion.
pub(super) fn nodes_of_components(components: &[Component]) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut criterion = 0;
    for c in components {
        let top = nodes.len();
        nodes.push(Node {
            code: c.code.clone(),
            key: c.key.clone(),
            name: c.name.clone(),
            short: c.name.clone(),
            weight: Some(c.weight),
            aggregation: Aggregation::Sum,
            level: 1,
            parent: None,
            children: Vec::new(),
            criterion: None,
            scale: None,
        });
        for s in &c.subcomponents {
            let sub = nodes.len();
            nodes[top].children.push(sub);
            nodes.push(Node {
                code: s.key.clone(),
                key: s.key.clone(),
                name: s.name.clone(),
                short: s.short.clone(),
                weight: Some(s.weight),
                aggregation: s.aggregation,
                level: 2,
                parent: Some(top),
                children: Vec::new(),
                criterion: None,
                scale: None,
            });
            for k in &s.criteria {
                let leaf = nodes.len();
                nodes[sub].children.push(leaf);
                nodes.push(leaf_node(k, 3, sub, criterion));
                criterion += 1;
            }
        }
    }
    nodes
}

fn leaf_node(k: &Criterion, level: usize, parent: usize, criterion: usize) -> Node {
    Node {
        code: k.code.clone(),
        key: k.code.clone(),
        name: k.text.clone(),
        short: k.text.clone(),
        weight: k.weight,
        aggregation: Aggregation::Criterion,
        level,
        parent: Some(parent),
        children: Vec::new(),
        criterion: Some(criterion),
        scale: Some(k.scale.clone()),
    }
}

fn text(raw: RawText) -> Text {
    Text::new(raw.id, raw.en)
}

/// The tree of a rubric given as `[[nodes]]`, checked whole: the nodes in pre-order and the
/// components' view of its first two levels, or the problems (to `problems`).
pub(super) fn resolve_nodes(
    raw: Vec<RawNode>,
    scales: &BTreeMap<String, Scale>,
    problems: &mut Vec<RubricProblem>,
) -> (Vec<Node>, Vec<Component>) {
    if raw.is_empty() {
        problems.push(P::NoComponents);
        return (Vec::new(), Vec::new());
    }
    // Codes are matched in sheets case aside: two that differ only in case are one.
    let mut seen = HashSet::new();
    for n in &raw {
        if !seen.insert(n.code.to_lowercase()) {
            problems.push(P::NodeTwice {
                code: n.code.clone(),
            });
        }
    }
    // Children by parent, in file order; the first node of a code is the one used.
    let first: HashMap<&str, usize> = raw
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (n.code.as_str(), i))
        .collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (i, n) in raw.iter().enumerate() {
        if first.get(n.code.as_str()) != Some(&i) {
            continue;
        }
        match n.parent.as_deref() {
            None => roots.push(i),
            Some(p) => match first.get(p) {
                Some(&j) => children.entry(j).or_default().push(i),
                None => problems.push(P::NodeParent {
                    code: n.code.clone(),
                    parent: p.to_string(),
                }),
            },
        }
    }
    // Pre-order from the roots; a node never reached lies on a cycle of parents.
    let mut order: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut stack: Vec<(usize, usize, Option<usize>)> =
        roots.iter().rev().map(|&r| (r, 1, None)).collect();
    let mut placed = vec![false; raw.len()];
    while let Some((i, level, parent)) = stack.pop() {
        if std::mem::replace(&mut placed[i], true) {
            continue;
        }
        let place = order.len();
        order.push((i, level, parent));
        for &c in children.get(&i).into_iter().flatten().rev() {
            stack.push((c, level + 1, Some(place)));
        }
    }
    for (i, n) in raw.iter().enumerate() {
        if !placed[i] && first.get(n.code.as_str()) == Some(&i) && n.parent.is_some() {
            let parent_known = n.parent.as_deref().is_some_and(|p| first.contains_key(p));
            if parent_known {
                problems.push(P::NodeUnreached {
                    code: n.code.clone(),
                });
            }
        }
    }
    let mut nodes: Vec<Node> = Vec::with_capacity(order.len());
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut raw: Vec<Option<RawNode>> = raw.into_iter().map(Some).collect();
    // The scale a criterion inherits: its own, else its nearest ancestor's.
    let mut inherited: Vec<Option<String>> = Vec::with_capacity(order.len());
    for &(i, level, parent) in &order {
        let n = raw[i].take().expect("each node is placed once");
        let leaf = children.get(&i).is_none_or(Vec::is_empty);
        let place = nodes.len();
        if let Some(p) = parent {
            nodes[p].children.push(place);
        }
        let scale = n
            .scale
            .clone()
            .or_else(|| parent.and_then(|p| inherited[p].clone()));
        inherited.push(scale.clone());
        let name = match (n.name, n.text) {
            (Some(name), _) => text(name),
            (None, Some(t)) => Text::new(t, n.text_en.clone()),
            (None, None) => {
                problems.push(P::NodeUnnamed {
                    code: n.code.clone(),
                });
                Text::new(n.code.clone(), None)
            }
        };
        if let Some(w) = n.weight.filter(|w| w.is_nan() || *w < 0.0) {
            problems.push(P::NodeWeightNegative {
                code: n.code.clone(),
                weight: w,
            });
        }
        let aggregation = match (n.aggregate.as_deref(), leaf) {
            (None, true) => Aggregation::Criterion,
            (Some("direct"), true) => {
                let numeric = scale
                    .as_ref()
                    .and_then(|s| scales.get(s))
                    .is_some_and(|s| s.number.is_some());
                if !numeric {
                    problems.push(P::DirectScale {
                        code: n.code.clone(),
                        scale: scale.clone().unwrap_or_default(),
                    });
                }
                Aggregation::Criterion
            }
            (Some(other), true) => {
                problems.push(P::LeafAggregation {
                    code: n.code.clone(),
                    aggregate: other.to_string(),
                });
                Aggregation::Criterion
            }
            (None, false) => Aggregation::Sum,
            (Some(name), false) => Aggregation::parse(name).unwrap_or_else(|| {
                problems.push(P::UnknownAggregation {
                    code: n.code.clone(),
                    aggregate: name.to_string(),
                });
                Aggregation::Sum
            }),
        };
        let leaf_scale = leaf.then(|| scale.clone().unwrap_or_default());
        let criterion = leaf.then(|| {
            let scale = scale.unwrap_or_default();
            if !scales.contains_key(&scale) {
                problems.push(P::UnknownScale {
                    criterion: n.code.clone(),
                    scale: scale.clone(),
                    known: scales.keys().cloned().collect(),
                });
            }
            criteria.push(Criterion {
                code: n.code.clone(),
                number: 0,
                text: name.clone(),
                scale,
                weight: n.weight,
                counts: n.counts.clone(),
                recommendation: n
                    .recommendation
                    .clone()
                    .map(|r| Text::new(r, n.recommendation_en.clone())),
            });
            criteria.len() - 1
        });
        let short = n.short.map(text).unwrap_or_else(|| name.clone());
        nodes.push(Node {
            key: n.key.unwrap_or_else(|| n.code.clone()),
            code: n.code,
            name,
            short,
            weight: n.weight,
            aggregation,
            level,
            parent,
            children: Vec::new(),
            criterion,
            scale: leaf_scale,
        });
    }
    check_weights(&nodes, problems);
    let components = components_of(&nodes, &criteria, problems);
    (nodes, components)
}

/// Weights at every level: an aggregating node has one; a `sum` or `weighted` node's children
/// have theirs, adding up to its own; `fulfilment` and `share` aggregate criteria only.
fn check_weights(nodes: &[Node], problems: &mut Vec<RubricProblem>) {
    for n in nodes.iter().filter(|n| !n.is_leaf()) {
        let shared = n.aggregation == Aggregation::Share && n.weight.is_none();
        if n.weight.is_none() && !shared {
            problems.push(P::NodeWeightMissing {
                code: n.code.clone(),
            });
        }
        let kids = n.children.iter().map(|&c| &nodes[c]);
        if n.aggregation.over_leaves() && kids.clone().any(|c| !c.is_leaf()) {
            problems.push(P::AggregationChildren {
                code: n.code.clone(),
                aggregate: n.aggregation.as_str().to_string(),
            });
        }
        if !n.aggregation.weighs_children() {
            continue;
        }
        let mut sum = 0.0;
        for c in kids {
            match c.weight {
                Some(w) => sum += w,
                None => problems.push(P::ChildWeightMissing {
                    code: c.code.clone(),
                    parent: n.code.clone(),
                    aggregate: n.aggregation.as_str().to_string(),
                }),
            }
        }
        if let Some(weight) = n.weight {
            if (sum - weight).abs() > WEIGHT_TOLERANCE {
                problems.push(P::NodeWeight {
                    code: n.code.clone(),
                    weight,
                    sum,
                });
            }
        }
    }
}

/// The first two levels as components and sub-components, each sub-component with every
/// criterion under it (at any depth), numbered from 1 within it.
fn components_of(
    nodes: &[Node],
    criteria: &[Criterion],
    problems: &mut Vec<RubricProblem>,
) -> Vec<Component> {
    let leaves_under = |i: usize| -> Vec<Criterion> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            let n = &nodes[j];
            if let Some(k) = n.criterion {
                let mut c = criteria[k].clone();
                c.number = out.len() + 1;
                out.push(c);
            }
            stack.extend(n.children.iter().rev());
        }
        out
    };
    nodes
        .iter()
        .filter(|n| n.parent.is_none())
        .map(|c| {
            if c.is_leaf() || c.children.iter().any(|&s| nodes[s].is_leaf()) {
                problems.push(P::ShallowComponent {
                    code: c.code.clone(),
                });
            }
            Component {
                code: c.code.clone(),
                key: c.key.clone(),
                weight: c.weight.unwrap_or(0.0),
                name: c.name.clone(),
                subcomponents: c
                    .children
                    .iter()
                    .map(|&s| {
                        let n = &nodes[s];
                        Subcomponent {
                            code: n.code.clone(),
                            key: n.code.clone(),
                            weight: n.weight.unwrap_or(0.0),
                            aggregation: n.aggregation,
                            name: n.name.clone(),
                            short: n.short.clone(),
                            criteria: leaves_under(s),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// What one node's children add up to for one unit, in the order they come.
#[derive(Debug, Clone, Copy)]
pub struct Tally {
    /// Children with a value.
    pub count: u32,
    /// Those valued above 0.
    pub met: u32,
    /// Their values added up.
    pub sum: f64,
    /// Their scores (a criterion's: value x weight, 1 without) added up, with compensated
    /// (Kahan) summation: the sum polars gives a group, to the last bit.
    pub weighted: f64,
    /// The error `weighted` carries (Kahan).
    weighted_error: f64,
    /// Their weights (1 without), added up.
    pub weights: f64,
    /// The fewest years kept (a blank counts as 0).
    pub min_kept: f64,
}

impl Tally {
    /// Nothing yet.
    pub const EMPTY: Tally = Tally {
        count: 0,
        met: 0,
        sum: 0.0,
        weighted: 0.0,
        weighted_error: 0.0,
        weights: 0.0,
        min_kept: f64::INFINITY,
    };

    /// Counts one child of weight `weight` (1 without) valued `value` and scoring `score`.
    pub fn add(&mut self, value: f64, weight: f64, score: f64, kept_years: Option<f64>) {
        self.count += 1;
        self.met += u32::from(value > 0.0);
        self.sum += value;
        let y = score - self.weighted_error;
        let sum = self.weighted + y;
        self.weighted_error = (sum - self.weighted) - y;
        self.weighted = sum;
        self.weights += weight;
        self.min_kept = self.min_kept.min(kept_years.unwrap_or(0.0));
    }
}

impl Rubric {
    /// A node's score from its children's tally: `None` when none of them has a value.
    pub fn node_score(&self, node: usize, t: &Tally) -> Option<f64> {
        if t.count == 0 {
            return None;
        }
        let n = &self.nodes[node];
        let weight = n.weight_or_one();
        Some(match n.aggregation {
            Aggregation::Sum => t.weighted,
            Aggregation::Mean => t.sum / f64::from(t.count) * weight,
            Aggregation::Weighted | Aggregation::Share => t.weighted / t.weights * weight,
            Aggregation::Fulfilment => {
                let grade =
                    self.fulfilment_grade(t.met as usize, t.count as usize, Some(t.min_kept));
                grade.map_or(0.0, |g| g.value) * weight
            }
            Aggregation::Criterion => t.weighted,
        })
    }

    /// The name of the node of a code, else of the first node of a key, in `lang`.
    pub fn node_name<'a>(&'a self, code_or_key: &'a str, lang: crate::Lang) -> &'a str {
        let by_code = self.nodes.iter().find(|n| n.code == code_or_key);
        let by_key = || self.nodes.iter().find(|n| n.key == code_or_key);
        by_code
            .or_else(by_key)
            .map_or(code_or_key, |n| n.short.get(lang))
    }

    /// The place of a node by code.
    pub fn node_place(&self, code: &str) -> Option<usize> {
        let place = *self.node_by_code.get(&code.to_lowercase())?;
        (self.nodes[place].code == code).then_some(place)
    }

    /// The points one whole unit of a node's score is worth in the final score, through the
    /// `sum`, `mean`, `weighted` and `share` nodes above it (a `fulfilment` node above is
    /// taken as a mean: its grades move in steps, not in proportion).
    pub fn reach(&self, node: usize) -> f64 {
        let mut factor = 1.0;
        let mut at = node;
        while let Some(p) = self.nodes[at].parent {
            let parent = &self.nodes[p];
            let child = self.nodes[at].weight_or_one();
            factor *= match parent.aggregation {
                Aggregation::Sum => 1.0,
                Aggregation::Mean | Aggregation::Fulfilment => {
                    parent.weight_or_one() / (parent.children.len() as f64 * child)
                }
                Aggregation::Weighted | Aggregation::Share => {
                    let weights: f64 = parent
                        .children
                        .iter()
                        .map(|&c| self.nodes[c].weight_or_one())
                        .sum();
                    parent.weight_or_one() / weights
                }
                Aggregation::Criterion => 1.0,
            };
            at = p;
        }
        factor
    }

    /// The points by which a change of criterion `node`'s value (`change`, at most 1 either
    /// way) moves the final score: through its parent (x weight / count for a mean, in that
    /// order, as the scores are figured; x its weight for a sum; x its share of the weights for
    /// a weighted or share node; a fulfilment node taken as a mean) and the nodes above
    /// ([`Rubric::reach`]).
    pub fn criterion_points(&self, node: usize, change: f64) -> f64 {
        let leaf = &self.nodes[node];
        let Some(p) = leaf.parent else {
            return change * leaf.weight_or_one();
        };
        let parent = &self.nodes[p];
        let weight = parent.weight_or_one();
        let here = match parent.aggregation {
            Aggregation::Sum => change * leaf.weight_or_one(),
            Aggregation::Weighted | Aggregation::Share => {
                let weights: f64 = parent
                    .children
                    .iter()
                    .map(|&c| self.nodes[c].weight_or_one())
                    .sum();
                change * leaf.weight_or_one() * weight / weights
            }
            _ => change * weight / parent.children.len() as f64,
        };
        here * self.reach(p)
    }

    /// Whether any predicate requires more than a score.
    pub fn is_gated(&self) -> bool {
        self.bands.iter().any(|b| !b.requires.is_empty())
    }

    /// The nodes at `level` under `under` (itself included when at that level).
    pub fn nodes_at(&self, under: usize, level: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![under];
        while let Some(i) = stack.pop() {
            let n = &self.nodes[i];
            if n.level == level {
                out.push(i);
            } else if n.level < level {
                stack.extend(n.children.iter().rev());
            }
        }
        out
    }

    /// The requirements of `band` that a unit whose node scores `score` gives does not meet.
    pub fn unmet(&self, band: &super::Band, score: &dyn Fn(usize) -> Option<f64>) -> Vec<Unmet> {
        let mut out = Vec::new();
        for r in &band.requires {
            let mut check =
                |node: String, codes: Vec<String>, needed: f64, has: f64, share: bool| {
                    if has + 1e-9 < needed {
                        out.push(Unmet {
                            node,
                            codes,
                            needed,
                            has,
                            share,
                            unconfirmed: r.unconfirmed,
                        });
                    }
                };
            match &r.condition {
                Condition::AtLeast { node, points } => {
                    if let Some(i) = self.node_place(node) {
                        let has = score(i).unwrap_or(0.0);
                        check(node.clone(), vec![node.clone()], *points, has, false);
                    }
                }
                Condition::ShareAtLeast { node, share } => {
                    if let Some(i) = self.node_place(node) {
                        let n = &self.nodes[i];
                        let has = score(i).unwrap_or(0.0) / n.weight_or_one();
                        check(node.clone(), vec![node.clone()], *share, has, true);
                    }
                }
                Condition::Every {
                    under,
                    level,
                    share,
                } => {
                    let Some(top) = self.node_place(under) else {
                        continue;
                    };
                    // Nodes of one key together, in the order their keys first come.
                    let mut groups: Vec<(&str, Vec<String>, f64, f64)> = Vec::new();
                    for i in self.nodes_at(top, *level) {
                        let n = &self.nodes[i];
                        let s = score(i).unwrap_or(0.0);
                        match groups.iter_mut().find(|g| g.0 == n.key) {
                            Some(g) => {
                                g.1.push(n.code.clone());
                                g.2 += s;
                                g.3 += n.weight_or_one();
                            }
                            None => {
                                groups.push((&n.key, vec![n.code.clone()], s, n.weight_or_one()))
                            }
                        }
                    }
                    for (key, codes, s, w) in groups {
                        check(key.to_string(), codes, *share, s / w, true);
                    }
                }
            }
        }
        out
    }

    /// The predicate of a unit: the first band, highest first, whose lower edge its rounded
    /// score meets and whose requirements its node scores meet. Without requirements this is
    /// the band the score lies in.
    pub fn predicate_of(
        &self,
        score_centi: i64,
        score: &dyn Fn(usize) -> Option<f64>,
    ) -> Option<&super::Band> {
        self.bands
            .iter()
            .find(|b| b.meets_lower_centi(score_centi) && self.unmet(b, score).is_empty())
    }
}

/// Checks the bands' requirements against the tree: every node they name exists, every level
/// holds nodes under the node named, every share lies in `[0, 1]`.
pub(super) fn check_requirements(rubric: &Rubric, problems: &mut Vec<RubricProblem>) {
    for band in &rubric.bands {
        for r in &band.requires {
            let (node, share) = match &r.condition {
                Condition::AtLeast { node, .. } => (node, None),
                Condition::ShareAtLeast { node, share } => (node, Some(*share)),
                Condition::Every { under, share, .. } => (under, Some(*share)),
            };
            let Some(place) = rubric.node_place(node) else {
                problems.push(P::GateNode {
                    grade: band.grade.clone(),
                    node: node.clone(),
                });
                continue;
            };
            if share.is_some_and(|s| !(0.0..=1.0).contains(&s)) {
                problems.push(P::GateShare {
                    grade: band.grade.clone(),
                    node: node.clone(),
                });
            }
            if let Condition::Every { level, .. } = &r.condition {
                if rubric.nodes_at(place, *level).is_empty() {
                    problems.push(P::GateLevel {
                        grade: band.grade.clone(),
                        node: node.clone(),
                        level: *level,
                    });
                }
            }
        }
    }
}
