//! Self-assessment against the evaluator's answers: for each OPD with both, the self-assessed
//! score beside the final one, the gap (inflation), the share of identical answers, the
//! quadratic-weighted Cohen's kappa between the two tiers, and the criteria two or more grade
//! steps apart; the same figures over the whole city.
//!
//! The self-assessed score takes the OPD's own (lowest-tier) answer where it gave one and the
//! final answer elsewhere, so that the gap comes only from answers that differ. Kappa uses each
//! answer's value in [0, 1] as its score, so Y/T and AA..E criteria compare on one footing.

use super::{out, rank::round_centi, tree::node_scores, Counted, Scores};
use crate::frame::{self as col, floats};
use crate::rubric::Rubric;
use polars::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Two answers to one criterion two or more grade steps apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FarApart {
    /// The criterion.
    pub code: String,
    /// The OPD's own answer.
    pub own: String,
    /// The final answer.
    pub final_answer: String,
    /// Grade steps between them on the criterion's scale.
    pub steps: usize,
}

/// One OPD's reconciliation, or the city's (`opd` empty, scores as means).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The OPD.
    pub opd: String,
    /// Self-assessed score, rounded to 2 decimals.
    pub own_score: f64,
    /// Final score, rounded to 2 decimals.
    pub final_score: f64,
    /// `own_score - final_score`.
    pub inflation: f64,
    /// Criteria with both answers.
    pub compared: usize,
    /// Share of those with the same answer.
    pub identical_share: f64,
    /// Quadratic-weighted Cohen's kappa; `None` when every answer has one value in both tiers.
    pub kappa: Option<f64>,
    /// Criteria two or more grade steps apart.
    pub far_apart: Vec<FarApart>,
}

/// How two neighbouring tiers agree (the OPD's own with verification, verification with
/// quality assurance, quality assurance with the final answer), over the city and per OPD.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierPair {
    /// The lower tier.
    pub lower: String,
    /// The tier above it.
    pub upper: String,
    /// Criteria answered in both, over the city.
    pub compared: usize,
    /// Share of those with the same answer.
    pub identical_share: f64,
    /// Quadratic-weighted Cohen's kappa over every compared pair; `None` when undefined.
    pub kappa: Option<f64>,
    /// Per OPD with answers in both, by name: `(opd, compared, kappa)`.
    pub opds: Vec<(String, usize, Option<f64>)>,
}

/// One tier pair's value pairs by OPD, and how many are the same answer.
type PairsByOpd<'a> = BTreeMap<&'a str, (Vec<(f64, f64)>, usize)>;

/// Each pair of neighbouring tiers of a rubric of three tiers or more (a rubric of two has its
/// one pair in [`Reconciliation`] itself), from every tier's answers grouped by OPD and
/// criterion (`by_tier`, tiers from the lowest).
pub(super) fn tier_pairs(
    answers: &crate::ingest::Answers,
    rubric: &Rubric,
    by_tier: &[super::checks::Valued],
) -> Vec<TierPair> {
    let tiers = rubric.tiers.len();
    if tiers < 3 {
        return Vec::new();
    }
    // Per pair: per OPD (by name), the value pairs and how many are the same answer.
    let mut per_pair: Vec<PairsByOpd> = vec![BTreeMap::new(); tiers - 1];
    for group in by_tier.chunk_by(|a, b| (a.opd, a.criterion) == (b.opd, b.criterion)) {
        let at = |t: usize| group.iter().find(|v| v.tier as usize == t);
        for (t, pairs) in per_pair.iter_mut().enumerate() {
            let (Some(a), Some(b)) = (at(t), at(t + 1)) else {
                continue;
            };
            let same =
                a.code == b.code && (a.code != Some(super::checks::NUMBER) || a.value == b.value);
            let entry = pairs.entry(answers.opds.get(a.opd)).or_default();
            entry.0.push((a.value, b.value));
            entry.1 += usize::from(same);
        }
    }
    per_pair
        .into_iter()
        .enumerate()
        .map(|(t, by_opd)| {
            let all: Vec<(f64, f64)> = by_opd
                .values()
                .flat_map(|(p, _)| p.iter().copied())
                .collect();
            let same: usize = by_opd.values().map(|(_, s)| s).sum();
            TierPair {
                lower: rubric.tiers[t].clone(),
                upper: rubric.tiers[t + 1].clone(),
                compared: all.len(),
                identical_share: same as f64 / all.len().max(1) as f64,
                kappa: weighted_kappa(&all),
                opds: by_opd
                    .iter()
                    .map(|(opd, (p, _))| (opd.to_string(), p.len(), weighted_kappa(p)))
                    .collect(),
            }
        })
        .collect()
}

/// Every OPD with both tiers, most inflated first, and the city.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// The tier compared (self-assessment).
    pub own_tier: String,
    /// The tier compared against (final).
    pub final_tier: String,
    /// Per OPD, by inflation, largest first, ties by name.
    pub opds: Vec<Agreement>,
    /// Over every compared criterion of every OPD.
    pub city: Option<Agreement>,
    /// Each tier against the next, where the rubric has three tiers or more.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tier_pairs: Vec<TierPair>,
}

/// Quadratic-weighted kappa of paired scores: 1 - mean((a - b)^2) / mean over all pairs of
/// (a_i - b_j)^2, the chance disagreement of the two tiers' own distributions. The mean over
/// all n^2 pairs is `E[a^2] - 2 E[a] E[b] + E[b^2]`, computed in one pass.
pub fn weighted_kappa(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let mean = |f: &dyn Fn(&(f64, f64)) -> f64| pairs.iter().map(f).sum::<f64>() / n;
    let observed = mean(&|(a, b)| (a - b).powi(2));
    let chance = mean(&|(a, _)| a * a) - 2.0 * mean(&|(a, _)| *a) * mean(&|(_, b)| *b)
        + mean(&|(_, b)| b * b);
    (chance > 1e-12).then(|| 1.0 - observed / chance)
}

/// The reconciliation of `scores` (see the module), `None` when the rubric has one tier.
///
/// # Errors
/// Polars errors only.
pub fn reconcile(scores: &Scores, rubric: &Rubric) -> PolarsResult<Option<Reconciliation>> {
    let (Some(own_tier), Some(final_tier)) = (rubric.tiers.first(), rubric.tiers.last()) else {
        return Ok(None);
    };
    if own_tier == final_tier {
        return Ok(None);
    }
    // Final answers with the OPD's own beside them where it gave one, paired when scored.
    let paired = &scores.paired;
    let own_value = format!("{}_own", out::VALUE);
    let own_code = format!("{}_own", out::ANSWER_CODE);
    // Read in place: 1.76 million pairs at national scale.
    let text = |name: &str| -> PolarsResult<Vec<&str>> {
        Ok(paired
            .column(name)?
            .str()?
            .iter()
            .map(Option::unwrap_or_default)
            .collect())
    };
    let opds = text(col::OPD)?;
    let codes = text(col::CODE)?;
    let final_codes = text(out::ANSWER_CODE)?;
    let own_codes = text(&own_code)?;
    let finals = floats(paired, out::VALUE)?;
    let owns = floats(paired, &own_value)?;
    // The pairs come OPD by OPD: each run of one OPD's rows is looked up once.
    let runs = super::runs(&opds);
    let mut has_own: BTreeMap<&str, bool> = BTreeMap::new();
    for (opd, rows) in &runs {
        *has_own.entry(opd).or_insert(false) |= owns[rows.clone()].iter().any(Option::is_some);
    }
    // The self-assessed scores: own value where given, else the final one.
    let mixed: Vec<f64> = finals
        .iter()
        .zip(&owns)
        .map(|(f, o)| o.or(*f).unwrap_or(0.0))
        .collect();
    // Counted by OPD run and criterion number (a code not in the rubric is not counted).
    let criterion_of = super::checks::criterion_numbers(rubric);
    let run_names: Vec<&str> = runs.iter().map(|(opd, _)| *opd).collect();
    // References the `move` closure below copies.
    let (criterion_of, codes, mixed) = (&criterion_of, &codes, &mixed);
    let counted = runs.iter().enumerate().flat_map(|(run, (_, rows))| {
        rows.clone().filter_map(move |i| {
            Some(Counted {
                opd: run as u32,
                criterion: *criterion_of.get(codes[i])?,
                value: mixed[i],
                kept_years: None,
            })
        })
    });
    let own_scores = node_scores(counted, &run_names, rubric);
    let own_totals: BTreeMap<String, f64> = own_scores
        .opds
        .iter()
        .enumerate()
        .map(|(o, name)| (name.clone(), own_scores.final_score(o, rubric)))
        .collect();
    let final_totals: BTreeMap<String, f64> = (scores.ranking.opds().into_iter())
        .zip(scores.ranking.scores())
        .map(|(o, s)| (o.to_string(), s))
        .collect();
    let steps = scale_steps(rubric);
    let mut per_opd: PerOpd = BTreeMap::new();
    for (opd, rows) in runs {
        let entry = per_opd.entry(opd).or_default();
        for i in rows {
            let (Some(own), Some(fin)) = (owns[i], finals[i]) else {
                continue;
            };
            entry.pairs.push((own, fin));
            entry.same += usize::from(own_codes[i] == final_codes[i]);
            let apart = steps(codes[i], own_codes[i], final_codes[i]);
            if apart >= 2 {
                entry.far.push(FarApart {
                    code: codes[i].to_string(),
                    own: own_codes[i].to_string(),
                    final_answer: final_codes[i].to_string(),
                    steps: apart,
                });
            }
        }
    }
    let mut rows: Vec<Agreement> = per_opd
        .iter()
        .filter(|(opd, _)| has_own.get(**opd).copied().unwrap_or(false))
        .map(|(opd, Tally { pairs, same, far })| {
            let own_score = display(own_totals.get(*opd).copied().unwrap_or(0.0));
            let final_score = final_totals.get(*opd).copied().unwrap_or(0.0);
            Agreement {
                opd: opd.to_string(),
                own_score,
                final_score,
                inflation: display(own_score - final_score),
                compared: pairs.len(),
                identical_share: *same as f64 / pairs.len() as f64,
                kappa: weighted_kappa(pairs),
                far_apart: far.clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.inflation
            .total_cmp(&a.inflation)
            .then_with(|| a.opd.cmp(&b.opd))
    });
    let city = city(&rows, &per_opd);
    Ok(Some(Reconciliation {
        own_tier: own_tier.clone(),
        final_tier: final_tier.clone(),
        opds: rows,
        city,
        tier_pairs: scores.tier_pairs.clone(),
    }))
}

/// One OPD's compared answers: value pairs (own, final), how many are the same answer, and
/// those two or more grade steps apart.
#[derive(Default)]
struct Tally {
    pairs: Vec<(f64, f64)>,
    same: usize,
    far: Vec<FarApart>,
}

type PerOpd<'a> = BTreeMap<&'a str, Tally>;

/// The city: means of the scores and the gap, agreement and kappa over every compared pair.
fn city(rows: &[Agreement], per_opd: &PerOpd) -> Option<Agreement> {
    if rows.is_empty() {
        return None;
    }
    let n = rows.len() as f64;
    let included: std::collections::HashSet<&str> = rows.iter().map(|r| r.opd.as_str()).collect();
    let included = |opd: &str| included.contains(opd);
    let pairs: Vec<(f64, f64)> = per_opd
        .iter()
        .filter(|(o, _)| included(o))
        .flat_map(|(_, t)| t.pairs.iter().copied())
        .collect();
    let same: usize = per_opd
        .iter()
        .filter(|(o, _)| included(o))
        .map(|(_, t)| t.same)
        .sum();
    let own_score = display(rows.iter().map(|r| r.own_score).sum::<f64>() / n);
    let final_score = display(rows.iter().map(|r| r.final_score).sum::<f64>() / n);
    Some(Agreement {
        opd: String::new(),
        own_score,
        final_score,
        inflation: display(rows.iter().map(|r| r.inflation).sum::<f64>() / n),
        compared: pairs.len(),
        identical_share: same as f64 / pairs.len().max(1) as f64,
        kappa: weighted_kappa(&pairs),
        // Listed per OPD; the city row counts them in `compared` only.
        far_apart: Vec::new(),
    })
}

fn display(v: f64) -> f64 {
    round_centi(v) as f64 / 100.0
}

/// Grade steps between two codes of a criterion's scale (by their order in the rubric).
fn scale_steps(rubric: &Rubric) -> impl Fn(&str, &str, &str) -> usize + '_ {
    let scale_of: std::collections::HashMap<&str, &crate::rubric::Scale> = rubric
        .criteria()
        .filter_map(|(_, _, k)| Some((k.code.as_str(), rubric.scales.get(&k.scale)?)))
        .collect();
    move |code, a, b| {
        let Some(scale) = scale_of.get(code) else {
            return 0;
        };
        let at = |c: &str| scale.codes.iter().position(|x| x.code == c);
        match (at(a), at(b)) {
            (Some(i), Some(j)) => i.abs_diff(j),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::weighted_kappa;

    #[test]
    fn kappa_by_hand() {
        // Perfect agreement on varied answers: 1.
        assert_eq!(weighted_kappa(&[(1.0, 1.0), (0.0, 0.0)]), Some(1.0));
        // Pairs (1, 1), (1, 0), (0, 0): observed mean squared gap 1/3; chance: a = (1, 1, 0),
        // b = (1, 0, 0): of 9 pairs, (1,0) x 4 and (0,1) x 1 differ: 5/9. kappa = 1 - (1/3)/(5/9) = 0.4
        let k = weighted_kappa(&[(1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]).unwrap();
        assert!((k - 0.4).abs() < 1e-12, "{k}");
        // One value everywhere: undefined.
        assert_eq!(weighted_kappa(&[(1.0, 1.0), (1.0, 1.0)]), None);
    }
}
