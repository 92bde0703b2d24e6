//! Every node's score for every OPD: the answers tallied into the nodes right above them, then
//! each node, children before parents, aggregated into its own parent (see
//! [`crate::rubric::Aggregation`]).

use super::Counted;
use crate::rubric::{Rubric, Tally};

/// Each OPD's score of each node of the rubric that has nodes or criteria under it.
#[derive(Debug, Clone, Default)]
pub struct NodeScores {
    /// The OPDs with at least one score, by name.
    pub opds: Vec<String>,
    /// Each node's column, `None` for criteria without a weight of their own.
    slot: Vec<Option<usize>>,
    /// Columns per OPD.
    width: usize,
    /// The scores, OPD by OPD; NaN where a node has no answered criterion under it.
    scores: Vec<f64>,
}

impl NodeScores {
    /// The score of node `node` (a place in [`Rubric::nodes`]) for the OPD at `opd` in
    /// [`NodeScores::opds`]: `None` for a criterion without a weight of its own (its value
    /// is in the scores' criteria frame), or when nothing under it was answered.
    pub fn score(&self, opd: usize, node: usize) -> Option<f64> {
        let slot = self.slot.get(node).copied().flatten()?;
        let v = self.scores[opd * self.width + slot];
        (!v.is_nan()).then_some(v)
    }

    /// The place of an OPD in [`NodeScores::opds`].
    pub fn position(&self, opd: &str) -> Option<usize> {
        self.opds.binary_search_by(|o| o.as_str().cmp(opd)).ok()
    }

    /// The final score of the OPD at `opd`: its components added up (as a node's children
    /// are, see [`Tally`]).
    pub fn final_score(&self, opd: usize, rubric: &Rubric) -> f64 {
        let mut total = Tally::EMPTY;
        for (i, n) in rubric.nodes.iter().enumerate() {
            if n.parent.is_none() {
                let score = self.score(opd, i).unwrap_or(0.0);
                total.add(score, 1.0, score, None);
            }
        }
        total.weighted
    }
}

/// The node scores of the answers `rows`, whose OPDs `opds` names (an OPD named twice is one).
///
/// The answers are tallied in arrays by OPD and node, in the order given: a national run counts
/// 1.76 million answers.
pub(crate) fn node_scores(
    rows: impl Iterator<Item = Counted>,
    opds: &[&str],
    rubric: &Rubric,
) -> NodeScores {
    let mut slot = vec![None; rubric.nodes.len()];
    let mut width = 0;
    // Every node with something under it, and the criteria that weigh points of their own (a
    // survey index of 17.5 points, which a gate may name).
    for (i, n) in rubric.nodes.iter().enumerate() {
        if !n.is_leaf() || n.weight.is_some() {
            slot[i] = Some(width);
            width += 1;
        }
    }
    // Each criterion's weight, the column of the node right above it and its own, if any.
    let leaf: Vec<(f64, usize, Option<usize>)> = rubric
        .leaf_nodes
        .iter()
        .map(|&i| {
            let n = &rubric.nodes[i];
            let parent = n.parent.and_then(|p| slot[p]).unwrap_or(0);
            (n.weight_or_one(), parent, slot[i])
        })
        .collect();
    // Names given twice are one OPD, numbered by their first.
    let mut first: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    let opd_of: Vec<usize> = opds
        .iter()
        .enumerate()
        .map(|(i, name)| *first.entry(name).or_insert(i))
        .collect();
    let mut tallies = vec![Tally::EMPTY; opds.len() * width];
    for r in rows {
        let (weight, column, own) = leaf[r.criterion as usize];
        let base = opd_of[r.opd as usize] * width;
        let score = r.value * weight;
        tallies[base + column].add(r.value, weight, score, r.kept_years);
        if let Some(own) = own {
            tallies[base + own].add(r.value, weight, score, r.kept_years);
        }
    }
    let mut order: Vec<usize> = (0..opds.len()).filter(|&o| opd_of[o] == o).collect();
    order.sort_by(|&a, &b| opds[a].cmp(opds[b]));
    // Deepest level first, each level in order: every node is done before its parent, and a
    // parent adds its children up in their order (as a person would, and as the scores were
    // added before the rubric was a tree: the same sums to the last bit).
    let mut internal: Vec<(usize, usize)> = slot
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    internal.sort_by_key(|&(i, _)| (std::cmp::Reverse(rubric.nodes[i].level), i));
    let mut names = Vec::with_capacity(order.len());
    let mut scores = Vec::with_capacity(order.len() * width);
    for o in order {
        let t = &mut tallies[o * width..(o + 1) * width];
        let start = scores.len();
        scores.resize(start + width, f64::NAN);
        for &(node, column) in &internal {
            let Some(score) = rubric.node_score(node, &t[column]) else {
                continue;
            };
            scores[start + column] = score;
            let n = &rubric.nodes[node];
            // A criterion's answer was counted in its parent as it came.
            if n.is_leaf() {
                continue;
            }
            if let Some(parent) = n.parent.and_then(|p| slot[p]) {
                let weight = n.weight_or_one();
                t[parent].add(score / weight, weight, score, None);
            }
        }
        if scores[start..].iter().all(|v| v.is_nan()) {
            scores.truncate(start);
            continue;
        }
        names.push(opds[o].to_string());
    }
    NodeScores {
        opds: names,
        slot,
        width,
        scores,
    }
}
