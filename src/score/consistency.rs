//! The rubric's consistency rules ("kerangka logis") checked on each OPD's scored answers:
//! every OPD whose answers cannot all be true is listed with the answers' cells and the rule's
//! reason. A broken rule is a warning; `--strict` makes it an error (the caller decides).

use super::checks::{Criteria, Valued};
use crate::ingest::Answers;
use crate::lang::Text;
use crate::messages::{Diagnostics, Location, ScoreProblem};
use crate::rubric::{Rubric, RuleKind};
use foldhash::HashMap;
use serde::Serialize;

/// One OPD's answers that break one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inconsistency {
    /// The OPD.
    pub opd: String,
    /// The rule's number in the rubric, from 1.
    pub rule: usize,
    /// Whether the rule is sakip's own rather than the regulation's.
    pub own: bool,
    /// Why the two cannot both be true.
    pub why: Text,
    /// What sets it off: `3.a.1 = T`, or a node and its share (`3.b: 90 %`).
    pub found: String,
    /// Where: the answer that sets it off, or the first answer under the node.
    pub at: Location,
    /// What is above the limit: `3.b.1 = BB`, or the node's share.
    pub over: Vec<String>,
    /// The cells of `over` (answers' cells; empty for a share).
    pub cells: Vec<String>,
    /// The limit: `E`, or the other node and its share (`3.a: 83.33 %`).
    pub limit: String,
}

/// Every OPD's breaches of `rubric`'s rules, in OPD and rule order, each also a warning in
/// `diag`. `chosen` holds each OPD's scored answers, OPD by OPD; `shares` each OPD's value share
/// (score over weight) of each component and sub-component, by OPD name.
pub(super) fn check(
    rubric: &Rubric,
    answers: &Answers,
    criteria: &Criteria,
    chosen: &[Valued],
    shares: &HashMap<&str, HashMap<&str, f64>>,
    diag: &mut Diagnostics,
) -> Vec<Inconsistency> {
    if rubric.rules.is_empty() {
        return Vec::new();
    }
    let number: HashMap<&str, usize> = (0..criteria.list.len())
        .map(|k| (criteria.code(k as u32), k))
        .collect();
    let mut out = Vec::new();
    // Each OPD's answers by criterion number, refilled per OPD.
    let mut by_criterion: Vec<Option<&Valued>> = vec![None; criteria.list.len()];
    for group in chosen.chunk_by(|a, b| a.opd == b.opd) {
        by_criterion.iter_mut().for_each(|v| *v = None);
        for v in group {
            by_criterion[v.criterion as usize] = Some(v);
        }
        let opd = answers.opds.get(group[0].opd);
        let ctx = Opd {
            answers,
            criteria,
            number: &number,
            by_criterion: &by_criterion,
        };
        for (i, rule) in rubric.rules.iter().enumerate() {
            let found = match &rule.kind {
                RuleKind::Implies {
                    when,
                    is,
                    then,
                    at_most,
                } => ctx.implies(when, is, then, at_most),
                RuleKind::NotAbove { node, not_above } => {
                    let shares = shares.get(opd);
                    ctx.not_above(rubric, node, not_above, shares)
                }
            };
            let Some(found) = found else { continue };
            let breach = Inconsistency {
                opd: opd.to_string(),
                rule: i + 1,
                own: rule.own,
                why: rule.why.clone(),
                found: found.found,
                at: found.at,
                over: found.over,
                cells: found.cells,
                limit: found.limit,
            };
            diag.warning(Some(breach.at.clone()), problem(&breach, &rule.kind));
            out.push(breach);
        }
    }
    out
}

/// What a rule's check finds of one OPD's answers (see [`Inconsistency`] for the fields).
struct Found {
    found: String,
    at: Location,
    over: Vec<String>,
    cells: Vec<String>,
    limit: String,
}

/// The warning for a breach.
fn problem(b: &Inconsistency, kind: &RuleKind) -> ScoreProblem {
    match kind {
        RuleKind::Implies { .. } => ScoreProblem::Inconsistent {
            opd: b.opd.clone(),
            found: b.found.clone(),
            over: b.over.clone(),
            cells: b.cells.clone(),
            at_most: b.limit.clone(),
            why: b.why.clone(),
        },
        RuleKind::NotAbove { .. } => ScoreProblem::ShareAbove {
            opd: b.opd.clone(),
            found: b.found.clone(),
            other: b.limit.clone(),
            why: b.why.clone(),
        },
    }
}

/// One OPD's scored answers, as the rules read them.
struct Opd<'a> {
    answers: &'a Answers,
    criteria: &'a Criteria<'a>,
    number: &'a HashMap<&'a str, usize>,
    by_criterion: &'a [Option<&'a Valued>],
}

impl Opd<'_> {
    /// The OPD's scored answer to criterion `code`.
    fn answer(&self, code: &str) -> Option<&Valued> {
        self.by_criterion[*self.number.get(code)?]
    }

    /// The scale code of an answer (`Y` for `Ya`; a number is its own text).
    fn code_of(&self, v: &Valued) -> &str {
        let id = self.criteria.answer_code_id(v, self.answers) as usize;
        match self.criteria.answer_codes.get(id) {
            Some(code) => code,
            None => self.answers.answer(v.row as usize),
        }
    }

    /// `when` answered one of `is`, and the criteria of `then` answered above `at_most`.
    fn implies(&self, when: &str, is: &[String], then: &[String], at_most: &str) -> Option<Found> {
        let trigger = self.answer(when)?;
        let code = self.code_of(trigger);
        if !is.iter().any(|c| c == code) {
            return None;
        }
        let over: Vec<&Valued> = then
            .iter()
            .filter_map(|c| self.answer(c))
            .filter(|v| v.value > self.limit(v, at_most) + 1e-9)
            .collect();
        if over.is_empty() {
            return None;
        }
        let cell = |v: &Valued| {
            let at = self.answers.location(v.row as usize);
            at.cell.map(|c| c.to_string()).unwrap_or_default()
        };
        let shown =
            |v: &Valued| format!("{} = {}", self.criteria.code(v.criterion), self.code_of(v));
        Some(Found {
            found: format!("{when} = {code}"),
            at: self.answers.location(trigger.row as usize),
            over: over.iter().map(|v| shown(v)).collect(),
            cells: over.iter().map(|v| cell(v)).collect(),
            limit: at_most.to_string(),
        })
    }

    /// The value of `code` on the scale of `v`'s criterion (the rubric is checked: it is on it).
    fn limit(&self, v: &Valued, code: &str) -> f64 {
        let scale = self.criteria.scales[v.criterion as usize];
        let found = scale.and_then(|s| s.codes.iter().find(|c| c.code == code));
        found.map_or(f64::INFINITY, |c| c.value)
    }

    /// `node`'s share above `not_above`'s.
    fn not_above(
        &self,
        rubric: &Rubric,
        node: &str,
        not_above: &str,
        shares: Option<&HashMap<&str, f64>>,
    ) -> Option<Found> {
        let shares = shares?;
        let (mine, other) = (*shares.get(node)?, *shares.get(not_above)?);
        if mine <= other + 1e-9 {
            return None;
        }
        // Where: the OPD's first answer under the node.
        let first = rubric
            .criteria()
            .filter(|(c, s, _)| c.code == node || s.key == node)
            .find_map(|(_, _, k)| self.answer(&k.code))?;
        // In percent to two decimals, as scores are shown.
        let pct = |share: f64| {
            let centi = super::round_centi(share * 100.0) as f64 / 100.0;
            format!("{} %", crate::messages::format_number(centi))
        };
        Some(Found {
            found: format!("{node}: {}", pct(mine)),
            at: self.answers.location(first.row as usize),
            over: vec![format!("{node}: {}", pct(mine))],
            cells: Vec::new(),
            limit: format!("{not_above}: {}", pct(other)),
        })
    }
}
