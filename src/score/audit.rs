//! `sakip audit`: the workbook's own values against sakip's. Every node of every sheet's
//! criteria table is recomputed, tier by tier, from that tier's answers with the rubric, and
//! compared with the value its `Nilai` cell shows (a formula's cached result, or a typed
//! number); each disagreement beyond 0.005 is a finding at its cell, with why where the cell
//! says it: a formula that leaves out a part of the node or takes in a row that is not one, or
//! a constant typed where the neighbouring cells have formulas. A weight (`Bobot`) that is not
//! the rubric's is a finding too, and so are the workbook's own final score and predicate rows
//! under the table (`NILAI AKHIR`, `PREDIKAT`) where they are not the components' sum and the
//! rubric's predicate for it.

use super::tree::node_scores;
use super::Counted;
use crate::ingest::lke_table::{formula_parts, tables, Row, SheetTable, Total, TotalKind};
use crate::ingest::programs::{read_programs, ProgramRules};
use crate::messages::{IngestProblem, ProblemKind, SumOf};
use crate::rubric::Rubric;
use serde::Serialize;
use std::path::Path;

/// Disagreements of at most this much are rounding.
const TOLERANCE: f64 = 0.005;

/// Why a cell disagrees, where it can be told.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// Its formula leaves these parts of the node out.
    Omits {
        /// Their codes.
        codes: Vec<String>,
    },
    /// Its formula takes in these rows, which are not parts of the node (the node itself, its
    /// parent, a part of another).
    Adds {
        /// Their codes (or cells, where a row is no node).
        codes: Vec<String>,
    },
    /// A number typed where the cells of the other parts have formulas.
    Constant,
    /// The node's weight (`Bobot`) is not the rubric's: `workbook` and `sakip` are the weights.
    Weight,
    /// The workbook's predicate for the final score sakip agrees with is not the rubric's:
    /// its formula's band edges (`>= 90` for `> 90`) or gates are not the rubric's.
    Bands,
    /// The workbook's predicate follows its own final score, which disagrees with sakip's.
    FromScore,
    /// Its formula takes its parts as it should: it is wrong because these parts' cells are.
    Follows {
        /// Those parts' codes.
        codes: Vec<String>,
    },
    /// A program data form's budget or realisation that is not the sum of its parts (`sakip`
    /// is their sum).
    Sum {
        /// What it should be the sum of.
        of: SumOf,
        /// The parts' cells (`O14:O15, O17`).
        cells: String,
    },
}

/// A value as the workbook shows it or sakip gives it: a number, or a predicate's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Shown {
    /// A score or a weight.
    Number(f64),
    /// A predicate.
    Text(String),
}

impl Shown {
    /// The number, where it is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Shown::Number(n) => Some(*n),
            Shown::Text(_) => None,
        }
    }

    /// As a line shows it (numbers to four decimals).
    pub fn text(&self) -> String {
        match self {
            Shown::Number(v) => crate::messages::format_number((v * 10000.0).round() / 10000.0),
            Shown::Text(t) => t.clone(),
        }
    }
}

/// One disagreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The file.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The tier whose values these are (its column group's header; empty for a weight).
    pub tier: String,
    /// The cell, A1.
    pub cell: String,
    /// The node (for a total row, its label as the sheet writes it: `NILAI AKHIR`).
    pub code: String,
    /// What the workbook shows.
    pub workbook: Shown,
    /// What sakip computes.
    pub sakip: Shown,
    /// Why, where the cell says it.
    pub why: Vec<Why>,
}

impl Finding {
    /// Why, in `lang` (empty where the cell does not tell).
    pub fn why_text(&self, lang: crate::Lang) -> String {
        let texts: Vec<String> = self
            .why
            .iter()
            .map(|why| match why {
                Why::Omits { codes } => format!(
                    "{} {}",
                    lang.pick("rumusnya tidak memuat", "its formula leaves out"),
                    codes.join(", ")
                ),
                Why::Adds { codes } => format!(
                    "{} {}",
                    lang.pick("rumusnya juga mengambil", "its formula also takes"),
                    codes.join(", ")
                ),
                Why::Constant => lang
                    .pick(
                        "diketik, tidak dihitung rumus (sel sejenis lainnya berumus)",
                        "typed, not computed (the other cells of its kind have formulas)",
                    )
                    .to_string(),
                Why::Weight => lang
                    .pick(
                        "bobot di lembar kerja bukan bobot rubrik",
                        "the workbook's weight is not the rubric's",
                    )
                    .to_string(),
                Why::Bands => lang
                    .pick(
                        "nilai akhirnya sama, tetapi batas predikat (atau syaratnya) di rumus \
                         lembar kerja bukan batas rubrik",
                        "the final score agrees, but the workbook formula's predicate edges (or \
                         requirements) are not the rubric's",
                    )
                    .to_string(),
                Why::FromScore => lang
                    .pick(
                        "mengikuti nilai akhir lembar kerja, yang juga berbeda",
                        "follows the workbook's final score, which disagrees too",
                    )
                    .to_string(),
                Why::Sum { of, cells } => {
                    let of = match of {
                        SumOf::Children => lang.pick("baris di bawahnya", "the rows under it"),
                        SumOf::Total => lang.pick("baris yang ditotalnya", "the rows it totals"),
                        SumOf::Activities => lang.pick("kegiatannya", "its activities"),
                        SumOf::Quarters => lang.pick("realisasi triwulannya", "its quarters"),
                    };
                    format!(
                        "{} {of} ({cells})",
                        lang.pick("bukan jumlah", "not the sum of")
                    )
                }
                Why::Follows { codes } => format!(
                    "{} {}",
                    lang.pick(
                        "rumusnya benar; ikut salah karena sel",
                        "its formula is right; it is off because of the cells of"
                    ),
                    codes.join(", ")
                ),
            })
            .collect();
        texts.join("; ")
    }

    /// The finding as a line in `lang`.
    pub fn describe(&self, lang: crate::Lang) -> String {
        let code = match self.code.is_empty() {
            true => String::new(),
            false => format!(" {}", self.code),
        };
        let mut line = format!(
            "{}!{}!{}{code}: {} {}, sakip {}",
            self.file,
            self.sheet,
            self.cell,
            lang.pick("lembar kerja", "workbook"),
            self.workbook.text(),
            self.sakip.text()
        );
        let why = self.why_text(lang);
        if !why.is_empty() {
            line.push_str(&format!("; {why}"));
        }
        line
    }
}

/// The findings of one workbook against `rubric`, read within `limits`, and the rows it could
/// not audit.
///
/// # Errors
/// The file's problem when it cannot be read; [`IngestProblem::NoLkeTable`] when none of its
/// sheets holds a criteria table (nothing could be audited).
pub fn audit(
    rubric: &Rubric,
    path: &Path,
    limits: &crate::ingest::Limits,
) -> Result<Audited, IngestProblem> {
    let tables = tables(path, limits)?;
    if tables.is_empty() {
        return Err(IngestProblem::NoLkeTable);
    }
    let mut audited = Audited::default();
    for table in tables {
        audited.findings.extend(audit_sheet(rubric, path, &table));
        // Rows the rubric has no node for are not compared: said, not passed over in silence.
        let codes: Vec<String> = table
            .rows
            .iter()
            .filter(|r| rubric.node_place(&r.code).is_none())
            .map(|r| r.code.clone())
            .collect();
        if !codes.is_empty() {
            audited.not_audited.push((table.name.clone(), codes));
        }
    }
    Ok(audited)
}

/// The sums of a program data form (a Renja evaluation form, a program list) that do not add
/// up, as findings: `None` when `path` holds no program data. Its budgets against their rows,
/// total rows against what they total, realisations against their quarters (the checks the
/// readers make, taken as warnings here).
pub fn program_sums(
    path: &Path,
    rules: ProgramRules,
    limits: &crate::ingest::Limits,
) -> Option<Vec<Finding>> {
    let rules = ProgramRules {
        lenient_sums: true,
        ..rules
    };
    let (mut files, mut diag) = (Vec::new(), crate::messages::Diagnostics::default());
    let read = read_programs(&[path.to_path_buf()], rules, limits, &mut files, &mut diag);
    read.sheets
        .iter()
        .any(|s| s.layout.is_some())
        .then(|| sum_findings(&diag))
}

/// The sums that do not add up among `diag`'s problems (read leniently: warnings), as findings.
pub fn sum_findings(diag: &crate::messages::Diagnostics) -> Vec<Finding> {
    diag.problems
        .iter()
        .filter_map(|p| {
            let ProblemKind::Ingest(IngestProblem::SumMismatch {
                of, cells, figures, ..
            }) = &p.kind
            else {
                return None;
            };
            let at = p.location.as_ref()?;
            Some(Finding {
                file: at.file.to_string(),
                sheet: at.sheet.as_deref().unwrap_or_default().to_string(),
                tier: String::new(),
                cell: at.cell.map(|c| c.to_string()).unwrap_or_default(),
                code: String::new(),
                workbook: Shown::Number(figures.0),
                sakip: Shown::Number(figures.1),
                why: vec![Why::Sum {
                    of: *of,
                    cells: cells.clone(),
                }],
            })
        })
        .collect()
}

/// What one workbook's audit found.
#[derive(Debug, Clone, Default)]
pub struct Audited {
    /// The disagreements.
    pub findings: Vec<Finding>,
    /// Per sheet, the rows whose codes are no node of the rubric: not audited.
    pub not_audited: Vec<(String, Vec<String>)>,
}

fn audit_sheet(rubric: &Rubric, path: &Path, t: &SheetTable) -> Vec<Finding> {
    let place = |row: &Row| rubric.node_place(&row.code);
    let finding = |code: &str, tier: &str, cell: String, (workbook, sakip), why| Finding {
        file: path.display().to_string(),
        sheet: t.name.clone(),
        tier: tier.to_string(),
        cell,
        code: code.to_string(),
        workbook,
        sakip,
        why,
    };
    let mut findings = Vec::new();
    // The weights the sheet gives against the rubric's.
    if let Some(col) = t.table.weight {
        for row in &t.rows {
            let (Some(node), Some(given)) = (place(row), row.weight) else {
                continue;
            };
            let Some(weight) = rubric.nodes[node].weight else {
                continue;
            };
            if (given - weight).abs() > 1e-6 {
                let cell = t.cell((row.row, col));
                let values = (Shown::Number(given), Shown::Number(weight));
                findings.push(finding(&row.code, "", cell, values, vec![Why::Weight]));
            }
        }
    }
    // Each tier's values, from its own answers.
    for (tier, (group, _, _)) in t.table.tiers.iter().enumerate() {
        let scores = tier_scores(rubric, t, tier);
        for (row, (shown, sakip), why) in audit_tier(rubric, t, tier, &scores) {
            let cell = row.value_cells.get(tier).cloned().flatten();
            let cell = cell.as_ref().map_or_else(String::new, |(c, _)| t.cell(*c));
            let values = (Shown::Number(shown), Shown::Number(sakip));
            findings.push(finding(&row.code, group, cell, values, why));
        }
        let wrong: std::collections::HashSet<&str> = findings
            .iter()
            .filter(|f| f.tier == *group)
            .map(|f| f.code.as_str())
            .collect();
        let totals = audit_totals(rubric, t, tier, &scores, &wrong);
        for (total, at, values, why) in totals {
            findings.push(finding(&total.label, group, t.cell(at), values, why));
        }
    }
    findings
}

/// A tier's answers valued on the rubric's scales (criterion, value) and its node scores.
struct TierScores {
    values: std::collections::HashMap<u32, f64>,
    nodes: super::tree::NodeScores,
}

/// The node scores of tier `tier`'s answers (see [`TierScores`]).
fn tier_scores(rubric: &Rubric, t: &SheetTable, tier: usize) -> TierScores {
    let counted: Vec<Counted> = t
        .rows
        .iter()
        .filter_map(|row| {
            let node = &rubric.nodes[rubric.node_place(&row.code)?];
            let criterion = node.criterion?;
            let answer = row.answers.get(tier)?.0.as_deref()?;
            let scale = rubric.scales.get(node.scale.as_deref()?)?;
            let value = match scale.number {
                Some(n) => n.value(answer)?,
                None => scale.codes[scale.position(answer)?].value,
            };
            Some(Counted {
                opd: 0,
                criterion: criterion as u32,
                value,
                kept_years: None,
            })
        })
        .collect();
    let values = counted.iter().map(|c| (c.criterion, c.value)).collect();
    let nodes = node_scores(counted.into_iter(), &[t.name.as_str()], rubric);
    TierScores { values, nodes }
}

/// The rows of tier `tier` whose value cell disagrees with sakip's, with both values and why.
fn audit_tier<'t>(
    rubric: &Rubric,
    t: &'t SheetTable,
    tier: usize,
    scores: &TierScores,
) -> Vec<(&'t Row, (f64, f64), Vec<Why>)> {
    let mut out = Vec::new();
    for row in &t.rows {
        let node = rubric.node_place(&row.code);
        let (Some(node), Some(shown)) = (node, row.answers.get(tier).and_then(|a| a.1)) else {
            continue;
        };
        let n = &rubric.nodes[node];
        let sakip = match n.criterion {
            Some(k) => {
                let Some(&value) = scores.values.get(&(k as u32)) else {
                    continue;
                };
                // A criterion's cell may show its value or its points.
                match n.weight {
                    Some(w) if (shown - value * w).abs() <= TOLERANCE => continue,
                    _ => value,
                }
            }
            None => match scores.nodes.score(0, node) {
                Some(score) => score,
                None => continue,
            },
        };
        if (shown - sakip).abs() > TOLERANCE {
            out.push((row, (shown, sakip), why(t, row, tier)));
        }
    }
    // A part whose formula is right but takes a wrong cell: said to follow it.
    let wrong: std::collections::HashSet<&str> = out.iter().map(|f| f.0.code.as_str()).collect();
    for (row, _, why) in &mut out {
        if why.is_empty() {
            let codes = follows(&t.rows, &row.children, &wrong);
            if !codes.is_empty() {
                why.push(Why::Follows { codes });
            }
        }
    }
    out
}

/// The codes of `parts` whose own cells are `wrong`.
fn follows(rows: &[Row], parts: &[usize], wrong: &std::collections::HashSet<&str>) -> Vec<String> {
    parts
        .iter()
        .map(|&p| rows[p].code.clone())
        .filter(|c| wrong.contains(c.as_str()))
        .collect()
}

/// A total row's cell that disagrees: the row, the cell, both values and why.
type TotalOff<'t> = (&'t Total, (usize, usize), (Shown, Shown), Vec<Why>);

/// The workbook's own final score and predicate cells of tier `tier` that disagree with
/// sakip's: the final score is the components' sum, the predicate the rubric's for it (with
/// its gates). Nothing for a tier with no answer.
fn audit_totals<'t>(
    rubric: &Rubric,
    t: &'t SheetTable,
    tier: usize,
    scores: &TierScores,
    wrong: &std::collections::HashSet<&str>,
) -> Vec<TotalOff<'t>> {
    if scores.values.is_empty() {
        return Vec::new();
    }
    let final_score = scores.nodes.final_score(0, rubric);
    let centi = super::round_centi(final_score);
    let predicate = rubric
        .predicate_of(centi, &|n| scores.nodes.score(0, n))
        .map_or_else(String::new, |b| b.grade.clone());
    // Whether the workbook's own final score agrees (where it shows one).
    let mut score_agrees = true;
    // A typed total is said to be so where the table's cells have formulas.
    let typed = match t.rows.iter().any(|r| {
        let cell = r.value_cells.get(tier).and_then(Option::as_ref);
        cell.is_some_and(|c| c.1.is_some())
    }) {
        true => vec![Why::Constant],
        false => Vec::new(),
    };
    let mut out = Vec::new();
    for total in &t.totals {
        let Some(cell) = total.cells.get(tier).and_then(Option::as_ref) else {
            continue;
        };
        match total.kind {
            TotalKind::Score => {
                let Some(shown) = cell.number else { continue };
                if (shown - final_score).abs() <= TOLERANCE {
                    continue;
                }
                score_agrees = false;
                let roots: Vec<usize> = (0..t.rows.len())
                    .filter(|&i| t.rows[i].parent.is_none())
                    .collect();
                let mut why = match &cell.formula {
                    Some(f) => parts_why(formula_parts(&t.rows, &roots, f, cell.at.1, t.origin())),
                    None => typed.clone(),
                };
                if why.is_empty() {
                    let codes = follows(&t.rows, &roots, wrong);
                    if !codes.is_empty() {
                        why.push(Why::Follows { codes });
                    }
                }
                let values = (Shown::Number(shown), Shown::Number(final_score));
                out.push((total, cell.at, values, why));
            }
            TotalKind::Predicate => {
                let Some(text) = &cell.text else { continue };
                // `BB`, `BB (Sangat Baik)`, `Predikat BB`: the first word that is a grade.
                let grade = text
                    .split(|c: char| c.is_whitespace() || "()-:,".contains(c))
                    .find(|w| rubric.bands.iter().any(|b| b.grade.eq_ignore_ascii_case(w)));
                // Or the band's label (`Sangat Baik`) for the grade.
                let label = rubric.bands.iter().any(|b| {
                    b.grade == predicate
                        && [&b.label.id, &b.label.en]
                            .iter()
                            .any(|l| l.eq_ignore_ascii_case(text.trim()))
                });
                if label || grade.is_some_and(|g| g.eq_ignore_ascii_case(&predicate)) {
                    continue;
                }
                let why = match (score_agrees, &cell.formula) {
                    (false, _) => vec![Why::FromScore],
                    (true, Some(_)) => vec![Why::Bands],
                    (true, None) => typed.clone(),
                };
                let values = (Shown::Text(text.clone()), Shown::Text(predicate.clone()));
                out.push((total, cell.at, values, why));
            }
        }
    }
    out
}

/// A formula's omitted and added parts as reasons.
fn parts_why((omits, adds): (Vec<String>, Vec<String>)) -> Vec<Why> {
    let mut out = Vec::new();
    if !omits.is_empty() {
        out.push(Why::Omits { codes: omits });
    }
    if !adds.is_empty() {
        out.push(Why::Adds { codes: adds });
    }
    out
}

/// What a disagreeing row's value cell says of why (see [`Why`]).
fn why(t: &SheetTable, row: &Row, tier: usize) -> Vec<Why> {
    let Some(((_, col), formula)) = row.value_cells.get(tier).cloned().flatten() else {
        return Vec::new();
    };
    let Some(formula) = formula else {
        // A constant: the others of its kind (rows with parts) have formulas.
        let others = t.rows.iter().filter(|r| !r.children.is_empty());
        let with_formulas = others
            .filter_map(|r| r.value_cells.get(tier).cloned().flatten())
            .any(|(_, f)| f.is_some());
        return if with_formulas && !row.children.is_empty() {
            vec![Why::Constant]
        } else {
            Vec::new()
        };
    };
    if row.children.is_empty() {
        return Vec::new();
    }
    parts_why(formula_parts(
        &t.rows,
        &row.children,
        &formula,
        col,
        t.origin(),
    ))
}
