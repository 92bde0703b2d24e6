//! The answers checked as a whole, each problem naming every offending cell, and the answer to be
//! scored chosen for each OPD and criterion.
//!
//! The work is on numbers: an OPD, a criterion and a tier are places in dense tables, so that a
//! national run's 3.5 million answers are checked in a few passes without comparing a string.

use super::{ConflictPolicy, MissingPolicy};
use crate::ingest::{answer_key, Answers};
use crate::messages::{Diagnostics, Location, ScoreProblem};
use crate::rubric::{Component, Criterion, Rubric, Scale, Subcomponent};
use foldhash::HashMap;
use std::collections::BTreeMap;

/// No answer in this place.
const NONE: u32 = u32::MAX;

/// The place of an answer on a number scale (a percentage, an index): not a code; its text
/// is its answer code.
pub(super) const NUMBER: u16 = u16::MAX;

/// The rubric's criteria in its order, with what scoring needs of each.
pub(super) struct Criteria<'r> {
    /// Component, sub-component and criterion, in rubric order.
    pub list: Vec<(&'r Component, &'r Subcomponent, &'r Criterion)>,
    /// Each criterion's scale (a rubric is validated: none is unknown).
    pub scales: Vec<Option<&'r Scale>>,
    /// The criteria in the order of their codes: the order of the output frames.
    pub sorted: Vec<usize>,
    /// Every criterion's scale codes in turn, after an empty one (an answer off its scale): the
    /// texts of [`Criteria::answer_code_id`].
    pub answer_codes: Vec<&'r str>,
    /// Where each criterion's scale codes start in `answer_codes`.
    first_code: Vec<u32>,
}

/// Each criterion's number in rubric order, by its code.
pub(super) fn criterion_numbers(rubric: &Rubric) -> HashMap<&str, u32> {
    rubric
        .criteria()
        .enumerate()
        .map(|(k, (_, _, c))| (c.code.as_str(), k as u32))
        .collect()
}

impl<'r> Criteria<'r> {
    pub fn new(rubric: &'r Rubric) -> Self {
        let list: Vec<_> = rubric.criteria().collect();
        let scales: Vec<Option<&Scale>> = list
            .iter()
            .map(|(_, _, k)| rubric.scales.get(&k.scale))
            .collect();
        let mut sorted: Vec<usize> = (0..list.len()).collect();
        sorted.sort_by(|&a, &b| list[a].2.code.cmp(&list[b].2.code));
        let mut answer_codes = vec![""];
        let mut first_code = Vec::with_capacity(list.len());
        for scale in &scales {
            first_code.push(answer_codes.len() as u32);
            if let Some(scale) = scale {
                answer_codes.extend(scale.codes.iter().map(|c| c.code.as_str()));
            }
        }
        Criteria {
            list,
            scales,
            sorted,
            answer_codes,
            first_code,
        }
    }

    /// The code of criterion `k`.
    pub fn code(&self, k: u32) -> &'r str {
        &self.list[k as usize].2.code
    }

    /// The number of an answer's scale code (`Y` for `Ya`) in `answer_codes`: 0, the empty
    /// one, when off the scale. An answer on a number scale is its own text: its number is
    /// past `answer_codes`, at its place in the answers' texts (see
    /// [`Criteria::answer_texts`]).
    pub fn answer_code_id(&self, v: &Valued, answers: &Answers) -> u32 {
        match (self.scales[v.criterion as usize], v.code) {
            (Some(_), Some(NUMBER)) => {
                self.answer_codes.len() as u32 + answers.rows[v.row as usize].answer
            }
            (Some(_), Some(c)) => self.first_code[v.criterion as usize] + u32::from(c),
            _ => 0,
        }
    }

    /// The texts [`Criteria::answer_code_id`] numbers: the scales' codes, then the answers'
    /// texts.
    pub fn answer_texts<'a>(&'a self, answers: &'a Answers) -> impl Iterator<Item = &'a str> {
        self.answer_codes
            .iter()
            .copied()
            .chain(answers.texts.iter())
    }
}

/// An answer of a known criterion and tier: the answer's row, its OPD, criterion (rubric order)
/// and tier (its rank, later is higher), its place on its criterion's scale (`None` when off the
/// scale) and its value (NaN when off the scale).
#[derive(Debug, Clone, Copy)]
pub(super) struct Valued {
    pub row: u32,
    pub opd: u32,
    pub criterion: u32,
    pub tier: u32,
    pub code: Option<u16>,
    pub value: f64,
}

/// What the checks leave to score.
pub(super) struct Chosen {
    /// The answer scored for each OPD and criterion, OPDs by name and criteria by code.
    pub chosen: Vec<Valued>,
    /// Every tier's answer (of repeats the lowest), in the same order, tiers from the lowest.
    pub by_tier: Vec<Valued>,
    /// (OPD, criterion) pairs without an answer of any tier, OPDs as first read.
    pub gaps: Vec<(u32, u32)>,
}

/// Each answer text's place and value on each scale: `lookup[scale][text]`.
struct ScaleLookup {
    scale_of: Vec<usize>,
    lookup: Vec<Vec<Option<(u16, f64)>>>,
}

impl ScaleLookup {
    fn new(answers: &Answers, rubric: &Rubric, criteria: &Criteria) -> Self {
        let scales: Vec<&Scale> = rubric.scales.values().collect();
        let place: HashMap<&str, usize> = scales
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        // An unknown scale matches nothing: the last table, all `None`.
        let scale_of = criteria
            .list
            .iter()
            .map(|(_, _, k)| place.get(k.scale.as_str()).copied().unwrap_or(scales.len()))
            .collect();
        let mut used = vec![false; answers.texts.len()];
        for r in &answers.rows {
            used[r.answer as usize] = true;
        }
        let keys: Vec<Option<String>> = used
            .iter()
            .enumerate()
            .map(|(id, used)| used.then(|| answer_key(answers.texts.get(id as u32))))
            .collect();
        let mut lookup: Vec<Vec<Option<(u16, f64)>>> = scales
            .iter()
            .map(|s| {
                if let Some(number) = s.number {
                    return used
                        .iter()
                        .enumerate()
                        .map(|(id, used)| {
                            let text = answers.texts.get(id as u32);
                            let value = used.then(|| number.value(text)).flatten()?;
                            Some((NUMBER, value))
                        })
                        .collect();
                }
                let codes: HashMap<String, u16> = s
                    .codes
                    .iter()
                    .enumerate()
                    .flat_map(|(i, c)| {
                        std::iter::once(&c.code)
                            .chain(&c.aliases)
                            .map(move |spelling| (answer_key(spelling), i as u16))
                    })
                    .collect();
                keys.iter()
                    .map(|k| {
                        let c = k.as_ref().and_then(|k| codes.get(k).copied())?;
                        Some((c, s.codes[usize::from(c)].value))
                    })
                    .collect()
            })
            .collect();
        lookup.push(vec![None; keys.len()]);
        ScaleLookup { scale_of, lookup }
    }

    /// The place and value of `answer` on the scale of criterion `k`.
    fn value(&self, k: usize, answer: u32) -> (Option<u16>, f64) {
        match self.lookup[self.scale_of[k]][answer as usize] {
            Some((c, value)) => (Some(c), value),
            None => (None, f64::NAN),
        }
    }
}

/// Checks every answer and chooses the ones to score: unknown codes, answers off their scale and
/// repeated answers are reported at their cells (repeats as warnings when the lower answer is to
/// be scored), and lower tiers scored and missing answers once per OPD.
pub(super) fn check(
    answers: &Answers,
    rubric: &Rubric,
    criteria: &Criteria,
    policies: super::Policies,
    diag: &mut Diagnostics,
) -> Chosen {
    let criterion_of = criterion_numbers(rubric);
    let code_criterion: Vec<Option<u32>> = answers
        .codes
        .iter()
        .map(|c| criterion_of.get(c).copied())
        .collect();
    let tier_rank: Vec<Option<u32>> = answers
        .tiers
        .iter()
        .map(|t| rubric.tiers.iter().position(|r| r == t).map(|p| p as u32))
        .collect();
    for (i, r) in answers.rows.iter().enumerate() {
        if code_criterion[r.code as usize].is_none() {
            let code = answers.code(i).to_string();
            diag.error(
                Some(answers.location(i)),
                ScoreProblem::UnknownCode { code },
            );
        }
    }
    let scales = ScaleLookup::new(answers, rubric, criteria);
    let valued: Vec<Valued> = answers
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let criterion = code_criterion[r.code as usize]?;
            let tier = tier_rank[r.tier as usize]?;
            let (code, value) = scales.value(criterion as usize, r.answer);
            Some(Valued {
                row: i as u32,
                opd: r.opd,
                criterion,
                tier,
                code,
                value,
            })
        })
        .collect();
    off_scale(answers, criteria, &valued, diag);
    let places = Places {
        opds: answers.opds.len(),
        criteria: criteria.list.len(),
        tiers: rubric.tiers.len(),
    };
    duplicates(answers, &valued, &places, policies.conflict, diag);
    // Of repeats, the lowest value, the first read among equals.
    let mut best = vec![NONE; places.len()];
    let mut answered = vec![false; answers.opds.len() * places.criteria];
    for (n, v) in valued.iter().enumerate() {
        answered[v.opd as usize * places.criteria + v.criterion as usize] = true;
        if v.code.is_none() {
            continue;
        }
        let slot = &mut best[places.of(v)];
        if *slot == NONE || v.value < valued[*slot as usize].value {
            *slot = n as u32;
        }
    }
    let gaps: Vec<(u32, u32)> = (0..answers.opds.len() as u32)
        .flat_map(|opd| (0..places.criteria as u32).map(move |k| (opd, k)))
        .filter(|&(opd, k)| !answered[opd as usize * places.criteria + k as usize])
        .collect();
    let mut by_name: Vec<u32> = (0..answers.opds.len() as u32).collect();
    by_name.sort_by(|&a, &b| answers.opds.get(a).cmp(answers.opds.get(b)));
    let mut chosen = Vec::with_capacity(valued.len());
    let mut by_tier = Vec::with_capacity(valued.len());
    for &opd in &by_name {
        for &k in &criteria.sorted {
            let base = (opd as usize * places.criteria + k) * places.tiers;
            // The tiers from the lowest: the last one present is the one scored.
            let mut top = None;
            for &n in best[base..base + places.tiers]
                .iter()
                .filter(|&&n| n != NONE)
            {
                by_tier.push(valued[n as usize]);
                top = Some(valued[n as usize]);
            }
            chosen.extend(top);
        }
    }
    lower_tiers(answers, rubric, criteria, &chosen, diag);
    missing(answers, criteria, &gaps, policies.missing, diag);
    Chosen {
        chosen,
        by_tier,
        gaps,
    }
}

/// The dense table of (OPD, criterion, tier) places.
struct Places {
    opds: usize,
    criteria: usize,
    tiers: usize,
}

impl Places {
    fn len(&self) -> usize {
        self.opds * self.criteria * self.tiers
    }

    fn of(&self, v: &Valued) -> usize {
        (v.opd as usize * self.criteria + v.criterion as usize) * self.tiers + v.tier as usize
    }
}

/// Answers that matched no code of their criterion's scale.
fn off_scale(answers: &Answers, criteria: &Criteria, valued: &[Valued], diag: &mut Diagnostics) {
    for v in valued.iter().filter(|v| v.code.is_none()) {
        let i = v.row as usize;
        let allowed = criteria.scales[v.criterion as usize]
            .map(|s| match s.number {
                Some(n) => vec![n.describe()],
                None => s.codes.iter().map(|c| c.code.clone()).collect(),
            })
            .unwrap_or_default();
        diag.error(
            Some(answers.location(i)),
            ScoreProblem::OffScale {
                code: answers.code(i).to_string(),
                answer: answers.answer(i).to_string(),
                allowed,
            },
        );
    }
}

/// Two answers of the same tier for the same OPD and criterion; each repeat names the first.
/// Repeats are errors (two different answers are a conflict, and say so), or warnings when the
/// lower answer is to be scored (`--conflict lowest`), the same answer twice counting once.
fn duplicates(
    answers: &Answers,
    valued: &[Valued],
    places: &Places,
    policy: ConflictPolicy,
    diag: &mut Diagnostics,
) {
    let mut first = vec![NONE; places.len()];
    let mut keys: HashMap<u32, String> = HashMap::default();
    let mut key = |id: u32| {
        keys.entry(id)
            .or_insert_with(|| answer_key(answers.texts.get(id)))
            .clone()
    };
    for v in valued {
        let slot = &mut first[places.of(v)];
        if *slot == NONE {
            *slot = v.row;
            continue;
        }
        let (i, j) = (v.row as usize, *slot as usize);
        let (a, b) = (answers.rows[i].answer, answers.rows[j].answer);
        let differ = key(a) != key(b);
        let resolved = policy == ConflictPolicy::Lowest;
        let kind = ScoreProblem::DuplicateAnswer {
            opd: answers.opd(i).to_string(),
            code: answers.code(i).to_string(),
            tier: answers.tiers.get(answers.rows[i].tier).to_string(),
            other: answers.location(j).to_string(),
            conflict: differ
                .then(|| (answers.answer(i).to_string(), answers.answer(j).to_string())),
            resolved,
        };
        if resolved {
            diag.warning(Some(answers.location(i)), kind);
        } else {
            diag.error(Some(answers.location(i)), kind);
        }
    }
}

/// One warning per OPD listing the criteria scored from a tier below the rubric's highest.
fn lower_tiers(
    answers: &Answers,
    rubric: &Rubric,
    criteria: &Criteria,
    chosen: &[Valued],
    diag: &mut Diagnostics,
) {
    let last = rubric.tiers.len().saturating_sub(1) as u32;
    let mut by_opd: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for v in chosen.iter().filter(|v| v.tier != last) {
        by_opd
            .entry((answers.opds.get(v.opd), &rubric.tiers[v.tier as usize]))
            .or_default()
            .push(criteria.code(v.criterion).to_string());
    }
    for ((opd, tier), codes) in by_opd {
        let (opd, tier) = (opd.to_string(), tier.to_string());
        diag.warning(None, ScoreProblem::LowerTierScored { opd, tier, codes });
    }
}

/// Criteria an OPD has not answered: one error per OPD, or a warning when they are scored 0.
fn missing(
    answers: &Answers,
    criteria: &Criteria,
    gaps: &[(u32, u32)],
    policy: MissingPolicy,
    diag: &mut Diagnostics,
) {
    // The template rows left blank (official layout), by OPD and code.
    let blank: foldhash::HashMap<(u32, &str), &crate::ingest::BlankCell> = answers
        .blank_cells
        .iter()
        .map(|b| ((b.opd, answers.codes.get(b.code)), b))
        .collect();
    let mut by_opd: BTreeMap<&str, (Vec<String>, Vec<&crate::ingest::BlankCell>)> = BTreeMap::new();
    for &(opd, k) in gaps {
        let code = criteria.code(k);
        let (codes, cells) = by_opd.entry(answers.opds.get(opd)).or_default();
        codes.push(code.to_string());
        cells.extend(blank.get(&(opd, code)).copied());
    }
    let zeroed = policy == MissingPolicy::Zero;
    let read_at = first_sheets(answers, gaps);
    for (opd, (codes, cells)) in by_opd {
        let at = read_at.get(opd).cloned();
        let cells = cells
            .iter()
            .map(|b| blank_cell_name(answers, b, at.as_ref()))
            .collect();
        let opd = opd.to_string();
        let kind = ScoreProblem::MissingAnswers {
            opd,
            codes,
            cells,
            zeroed,
        };
        if zeroed {
            diag.warning(at, kind);
        } else {
            diag.error(at, kind);
        }
    }
}

/// A blank answer cell in A1, with its sheet when it is not the one `at` names.
fn blank_cell_name(
    answers: &Answers,
    b: &crate::ingest::BlankCell,
    at: Option<&Location>,
) -> String {
    let cell = crate::messages::CellRef::new(b.row as usize, b.col as usize);
    let sheet = &answers.sheets[b.sheet as usize].sheet;
    match at.and_then(|l| l.sheet.as_ref()) {
        Some(named) if named == sheet => cell.to_string(),
        _ => format!("{sheet}!{cell}"),
    }
}

/// The file and sheet where each OPD of `gaps` had its first answer read: where its missing
/// answers belong.
fn first_sheets<'a>(answers: &'a Answers, gaps: &[(u32, u32)]) -> BTreeMap<&'a str, Location> {
    let mut wanted: Vec<bool> = vec![false; answers.opds.len()];
    for &(opd, _) in gaps {
        wanted[opd as usize] = true;
    }
    let mut found = BTreeMap::new();
    let read = answers.rows.iter().map(|r| (r.opd, r.sheet));
    for (opd, sheet) in read.chain(answers.blank.iter().copied()) {
        if std::mem::take(&mut wanted[opd as usize]) {
            let sheet = &answers.sheets[sheet as usize];
            found.insert(
                answers.opds.get(opd),
                Location::sheet(&sheet.file, &sheet.sheet),
            );
        }
    }
    found
}
