//! The shortest path to the next predicate: the fewest improvement steps whose points lift an
//! OPD's rounded final score into the next band.
//!
//! A step on a `mean` sub-component raises one criterion by one grade of its scale and earns
//! (new value - old value) x weight / number of criteria. A step on a `fulfilment`
//! sub-component fulfils one more unmet criterion (in code order); its points follow from the
//! grade of the new share. A criterion or sub-component can take several steps in a row: each is
//! a chain of steps taken in order. The fewest steps are found exactly (a small dynamic
//! programme over the chains: the most points for each number of steps), not greedily, since a
//! scale's steps need not shrink as it climbs. The chosen steps are listed by points, then the
//! heavier sub-component, then the lower criterion code.

use super::rank::round_centi;
use crate::rubric::{Aggregation, Band, Rubric, Unmet};
use foldhash::HashMap;
use serde::Serialize;

/// Points equal within this are a tie.
const EPSILON: f64 = 1e-9;

/// One OPD's answer to one criterion, as scored, its texts borrowed (from the scores' frame:
/// a national run has 1.76 million).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answered<'a> {
    /// The criterion.
    pub code: &'a str,
    /// The scored answer code (empty when scored 0 for want of an answer).
    pub answer: &'a str,
    /// Its value in [0, 1].
    pub value: f64,
    /// Years kept (fulfilment rubrics).
    pub kept_years: Option<f64>,
    /// The evaluator's note.
    pub note: Option<&'a str>,
}

/// One improvement step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The criterion.
    pub code: String,
    /// Its sub-component key.
    pub sub: String,
    /// The answer now.
    pub from: String,
    /// The answer after the step.
    pub to: String,
    /// Points the step adds to the final score.
    pub points: f64,
    /// The final score after this and the steps above it, rounded to 2 decimals.
    pub running: f64,
    /// The evaluator's note on the criterion.
    pub note: Option<String>,
}

/// The way to the next predicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Path {
    /// Already in the highest band.
    Top,
    /// These steps, fewest first, reach `target`'s score.
    Steps {
        /// The predicate reached.
        target: String,
        /// The steps.
        steps: Vec<Step>,
        /// The target's requirements beyond its score that the unit does not meet now (the
        /// gates that stand between it and the predicate).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        unmet: Vec<Unmet>,
    },
    /// No set of steps reaches the next band (a rubric whose scales cannot climb).
    Unreachable {
        /// The predicate that cannot be reached.
        target: String,
    },
}

/// A step that may be taken, borrowed from the rubric and the answers: made a [`Step`] only
/// when chosen (an OPD has hundreds of possible steps and takes a handful).
#[derive(Clone, Copy)]
struct Move<'a> {
    code: &'a str,
    sub: &'a str,
    from: &'a str,
    to: &'a str,
    points: f64,
    note: Option<&'a str>,
}

impl Move<'_> {
    fn step(&self) -> Step {
        Step {
            code: self.code.to_string(),
            sub: self.sub.to_string(),
            from: if self.from.is_empty() {
                "-".to_string()
            } else {
                self.from.to_string()
            },
            to: self.to.to_string(),
            points: self.points,
            running: 0.0,
            note: self.note.map(str::to_string),
        }
    }
}

/// A chain of steps taken in order on one criterion (mean) or one sub-component (fulfilment).
struct Chain<'a> {
    steps: Vec<Move<'a>>,
    weight: f64,
}

/// The shortest path for one OPD whose unrounded final score is `raw` and whose scored answers
/// are `answers` (one per criterion of the rubric), for a rubric without gates.
pub fn shortest_path(rubric: &Rubric, answers: &[Answered<'_>], raw: f64) -> Path {
    let current = round_centi(raw);
    let Some(now) = rubric.bands.iter().position(|b| b.contains_centi(current)) else {
        return Path::Top;
    };
    path_from(rubric, answers, raw, now, &|_| None)
}

/// The shortest path of an OPD whose predicate is the band at `now` (0 = highest): the steps
/// that lift its score to the next band's lower edge, and that band's requirements its node
/// scores (`score`) do not meet.
pub fn path_from(
    rubric: &Rubric,
    answers: &[Answered<'_>],
    raw: f64,
    now: usize,
    score: &dyn Fn(usize) -> Option<f64>,
) -> Path {
    if now == 0 {
        return Path::Top;
    }
    let target = &rubric.bands[now - 1];
    let mut chains = chains(rubric, answers);
    // Among equally good choices the dynamic programme keeps the chains it met first: the
    // heavier sub-component, then the lower code.
    chains.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.steps[0].code.cmp(b.steps[0].code))
    });
    let gated = rubric.is_gated();
    let reaches = |gain: f64| match gated {
        false => rank_of(rubric, round_centi(raw + gain)) < now,
        true => target.meets_lower_centi(round_centi(raw + gain)),
    };
    let unmet = rubric.unmet(target, score);
    // Most paths are short: the programme is first run for paths of up to a few steps, and for
    // longer ones only when none of those reaches (its figures up to a cap are those of the whole
    // programme, see `most_points`).
    let total: usize = chains.iter().map(|c| c.steps.len()).sum();
    let mut cap = FIRST_CAP.min(total);
    let (k, taken) = loop {
        let (best, taken) = most_points(&chains, cap);
        if let Some(k) = (0..best.len()).find(|&k| reaches(best[k])) {
            break (k, taken);
        }
        if cap == total {
            return Path::Unreachable {
                target: target.grade.clone(),
            };
        }
        cap = (cap * 4).min(total);
    };
    let mut steps: Vec<(Step, f64, usize)> = Vec::new();
    for (c, n) in counts(&taken, k).into_iter().enumerate() {
        for (position, step) in chains[c].steps.iter().take(n).enumerate() {
            steps.push((step.step(), chains[c].weight, position));
        }
    }
    Path::Steps {
        target: target.grade.clone(),
        steps: ordered(steps, raw),
        unmet,
    }
}

/// The band index (0 = highest) of a score in hundredths.
fn rank_of(rubric: &Rubric, centi: i64) -> usize {
    rubric
        .bands
        .iter()
        .position(|b: &Band| b.contains_centi(centi))
        .unwrap_or(usize::MAX)
}

/// The chains of steps the answers allow: for each node right above criteria, by its
/// aggregation. A step's points are what it adds to the final score through the nodes above
/// ([`Rubric::criterion_points`]).
fn chains<'a>(rubric: &'a Rubric, answers: &'a [Answered<'a>]) -> Vec<Chain<'a>> {
    let by_code: HashMap<&str, &Answered> = answers.iter().map(|a| (a.code, a)).collect();
    let mut chains = Vec::new();
    for (p, parent) in rubric.nodes.iter().enumerate() {
        let leaves: Vec<usize> = parent
            .children
            .iter()
            .copied()
            .filter(|&c| rubric.nodes[c].is_leaf())
            .collect();
        if leaves.is_empty() {
            continue;
        }
        let sub = sub_of(rubric, p);
        let weight = parent.weight_or_one();
        if parent.aggregation == Aggregation::Fulfilment {
            let leaves: Vec<&crate::rubric::Node> =
                leaves.iter().map(|&c| &rubric.nodes[c]).collect();
            let reach = rubric.reach(p);
            chains.extend(fulfilment_chain(
                rubric, &leaves, &by_code, sub, weight, reach,
            ));
            continue;
        }
        for place in leaves {
            let leaf = &rubric.nodes[place];
            let points = |change: f64| rubric.criterion_points(place, change);
            let (Some(answer), Some(scale)) = (
                by_code.get(leaf.code.as_str()),
                leaf.scale.as_ref().and_then(|s| rubric.scales.get(s)),
            ) else {
                continue;
            };
            let mut steps = Vec::new();
            if scale.number.is_some() {
                // A number climbs in one step, to the top of its range.
                let points = points(1.0 - answer.value);
                if points > EPSILON {
                    steps.push(Move {
                        code: &leaf.code,
                        sub,
                        from: answer.answer,
                        to: &scale.best,
                        points,
                        note: answer.note,
                    });
                }
            }
            // Codes are listed best first: climbing goes towards index 0.
            let start = scale
                .codes
                .iter()
                .position(|c| c.code == answer.answer)
                .unwrap_or(scale.codes.len());
            let mut from = (answer.answer, answer.value);
            for code in scale.codes[..start].iter().rev() {
                let points = points(code.value - from.1);
                if points > EPSILON {
                    steps.push(Move {
                        code: &leaf.code,
                        sub,
                        from: from.0,
                        to: &code.code,
                        points,
                        note: answer.note,
                    });
                    from = (&code.code, code.value);
                }
            }
            if !steps.is_empty() {
                chains.push(Chain { steps, weight });
            }
        }
    }
    chains
}

/// The key of the sub-component (second level) a node lies in.
fn sub_of(rubric: &Rubric, mut node: usize) -> &str {
    while rubric.nodes[node].level > 2 {
        match rubric.nodes[node].parent {
            Some(p) => node = p,
            None => break,
        }
    }
    &rubric.nodes[node].code
}

/// The steps of a `fulfilment` node: each fulfils one more unmet criterion (in order), its
/// points following from the grade of the new share.
fn fulfilment_chain<'a>(
    rubric: &'a Rubric,
    leaves: &[&'a crate::rubric::Node],
    by_code: &HashMap<&str, &'a Answered<'a>>,
    sub: &'a str,
    weight: f64,
    reach: f64,
) -> Option<Chain<'a>> {
    let answered: Vec<(&crate::rubric::Node, &Answered)> = leaves
        .iter()
        .filter_map(|k| Some((*k, *by_code.get(k.code.as_str())?)))
        .collect();
    let total = leaves.len();
    let met = answered.iter().filter(|(_, a)| a.value > 0.0).count();
    let min_kept = answered
        .iter()
        .map(|(_, a)| a.kept_years.unwrap_or(0.0))
        .fold(f64::INFINITY, f64::min);
    let min_kept = min_kept.is_finite().then_some(min_kept);
    let grade = |met: usize| {
        rubric
            .fulfilment_grade(met, total, min_kept)
            .map_or(0.0, |g| g.value)
    };
    // A step that changes no grade by itself (0 points) still leads to the next one.
    let unmet = answered.iter().filter(|(_, a)| a.value <= 0.0);
    let steps: Vec<Move> = (met..)
        .zip(unmet)
        .map(|(before, (leaf, a))| {
            let points = (grade(before + 1) - grade(before)) * weight * reach;
            let best = leaf
                .scale
                .as_ref()
                .and_then(|s| rubric.scales.get(s))
                .and_then(|scale| scale.codes.first())
                .map_or("Y", |c| c.code.as_str());
            Move {
                code: a.code,
                sub,
                from: a.answer,
                to: best,
                points,
                note: a.note,
            }
        })
        .collect();
    (!steps.is_empty()).then_some(Chain { steps, weight })
}

/// Paths of up to this many steps are looked for first.
const FIRST_CAP: usize = 16;

/// For each number of steps k up to `cap`, the most points k steps can add, and the
/// back-pointers that say how many steps of each chain give them (see [`counts`]): a knapsack
/// over the chains' prefixes. The figures for k steps are built only from those for fewer, in
/// the same order whatever the cap: up to the cap they are those of the whole programme.
fn most_points(chains: &[Chain], cap: usize) -> (Vec<f64>, Vec<Vec<usize>>) {
    let mut best: Vec<f64> = vec![f64::NEG_INFINITY; cap + 1];
    best[0] = 0.0;
    // taken[c][k]: steps of chain c in the best way to make k steps from chains 0..=c.
    let mut taken: Vec<Vec<usize>> = Vec::with_capacity(chains.len());
    let mut reach = 0;
    for chain in chains {
        let prefix: Vec<f64> = std::iter::once(0.0)
            .chain(chain.steps.iter().scan(0.0, |sum, s| {
                *sum += s.points;
                Some(*sum)
            }))
            .collect();
        let mut next = vec![f64::NEG_INFINITY; cap + 1];
        let mut choice = vec![0usize; cap + 1];
        for (k, &points) in best.iter().enumerate().take(reach + 1) {
            if points == f64::NEG_INFINITY {
                continue;
            }
            for (l, gain) in prefix.iter().enumerate().take(cap + 1 - k) {
                let candidate = points + gain;
                if candidate > next[k + l] + EPSILON {
                    next[k + l] = candidate;
                    choice[k + l] = l;
                }
            }
        }
        reach += chain.steps.len();
        best = next;
        taken.push(choice);
    }
    (best, taken)
}

/// How many steps of each chain make the best `k` steps, from [`most_points`]' back-pointers.
fn counts(taken: &[Vec<usize>], k: usize) -> Vec<usize> {
    let mut counts = vec![0usize; taken.len()];
    let mut left = k;
    for c in (0..taken.len()).rev() {
        counts[c] = taken[c][left];
        left -= counts[c];
    }
    counts
}

/// The steps by points, then the heavier sub-component, then the lower code; each with the
/// running score. Steps of one chain keep their order: after sorting, a chain's places in the
/// list are filled with its steps first to last.
fn ordered(steps: Vec<(Step, f64, usize)>, raw: f64) -> Vec<Step> {
    let mut keyed: Vec<(f64, f64, String, usize, usize)> = steps
        .iter()
        .enumerate()
        .map(|(i, (s, weight, position))| (s.points, *weight, s.code.clone(), *position, i))
        .collect();
    keyed.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    // Each chain's steps, first to last, for refilling its places in order.
    let mut by_chain: HashMap<(String, String), Vec<usize>> = HashMap::default();
    for (i, (s, _, _)) in steps.iter().enumerate() {
        by_chain
            .entry((s.sub.clone(), s.code.clone()))
            .or_default()
            .push(i);
    }
    for list in by_chain.values_mut() {
        list.sort_by_key(|&i| steps[i].2);
        list.reverse();
    }
    let mut sum = raw;
    keyed
        .iter()
        .map(|&(_, _, _, _, i)| {
            let chain = (steps[i].0.sub.clone(), steps[i].0.code.clone());
            let j = by_chain.get_mut(&chain).and_then(Vec::pop).unwrap_or(i);
            let mut s = steps[j].0.clone();
            sum += s.points;
            s.running = round_centi(sum) as f64 / 100.0;
            s
        })
        .collect()
}

/// Every OPD's path, in the order of `scores.ranking`.
///
/// # Errors
/// Polars errors when the frames lack their columns.
pub fn paths(
    scores: &super::Scores,
    rubric: &Rubric,
) -> polars::prelude::PolarsResult<Vec<(String, Path)>> {
    let crit = &scores.criteria;
    // Read in place (1.76 million answers at national scale): each OPD's list borrows its texts.
    let opds = crit.opds();
    let codes = crit.codes();
    let answers = crit.answer_codes();
    let notes = crit.notes();
    let values = crit.values();
    let kept = crit.kept_years();
    let mut by_opd: HashMap<&str, Vec<Answered>> = HashMap::default();
    for (opd, rows) in super::runs(&opds) {
        by_opd
            .entry(opd)
            .or_default()
            .extend(rows.map(|i| Answered {
                code: codes[i],
                answer: answers[i],
                value: values[i],
                kept_years: kept[i],
                note: notes[i],
            }));
    }
    let ranked = scores.ranking.opds();
    let components = rubric
        .components
        .iter()
        .map(|c| scores.ranking.node(&c.code))
        .collect::<polars::prelude::PolarsResult<Vec<_>>>()?;
    // Each OPD's path is its own problem: they are worked out in parallel, in rank order.
    let places: Vec<(usize, &str)> = ranked.iter().copied().enumerate().collect();
    let predicates = scores.ranking.predicates();
    let gated = rubric.is_gated();
    Ok(crate::parallel::parallel_map(&places, |&(i, opd)| {
        let raw: f64 = components.iter().map(|c| c[i]).sum();
        let answered = by_opd.get(opd).map_or(&[][..], Vec::as_slice);
        if !gated {
            return (opd.to_string(), shortest_path(rubric, answered, raw));
        }
        // A gated predicate is not the band of the score: the path starts from the one given.
        let now = rubric.bands.iter().position(|b| b.grade == predicates[i]);
        let place = scores.nodes.position(opd);
        let score = |node: usize| place.and_then(|o| scores.nodes.score(o, node));
        let path = match now {
            Some(now) => path_from(rubric, answered, raw, now, &score),
            None => Path::Top,
        };
        (opd.to_string(), path)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chains of uneven steps, with ties (equal points) across them.
    fn chains() -> Vec<Chain<'static>> {
        let step = |points: f64| Move {
            code: "1.a.1",
            sub: "1.a",
            from: "C",
            to: "B",
            points,
            note: None,
        };
        (0..30)
            .map(|c| Chain {
                steps: (0..1 + c % 4)
                    .map(|s| step(f64::from((c * 7 + s * 3) % 5 + 1) * 0.25))
                    .collect(),
                weight: 1.0,
            })
            .collect()
    }

    #[test]
    fn the_programme_up_to_a_cap_is_the_whole_programme_up_to_it() {
        let chains = chains();
        let total: usize = chains.iter().map(|c| c.steps.len()).sum();
        assert!(total > 4 * FIRST_CAP);
        let (best, taken) = most_points(&chains, total);
        for cap in [0, 1, 5, FIRST_CAP, 40, total] {
            let (capped, capped_taken) = most_points(&chains, cap);
            assert_eq!(capped[..], best[..=cap], "cap {cap}");
            for k in 0..=cap {
                assert_eq!(
                    counts(&capped_taken, k),
                    counts(&taken, k),
                    "cap {cap}, {k} steps"
                );
            }
        }
        // More steps, more points; the most any k steps give is k of the largest (1.25).
        assert!(best.windows(2).all(|w| w[1] >= w[0]));
        assert!((best[3] - 3.75).abs() < 1e-12, "{}", best[3]);
    }
}
