//! `sakip audit`: the workbook's own values against sakip's. Every node of every sheet's
//! criteria table is recomputed, tier by tier, from that tier's answers with the rubric, and
//! compared with the value its `Nilai` cell shows (a formula's cached result, or a typed
//! number); each disagreement beyond 0.005 is a finding at its cell, with why where the cell
//! says it: a formula that leaves out a part of the node or takes in a row that is not one, or
//! a constant typed where the neighbouring cells have formulas. A weight (`Bobot`) that is not
//! the rubric's is a finding too.

use super::tree::node_scores;
use super::Counted;
use crate::ingest::lke_table::{formula_parts, tables, Row, SheetTable};
use crate::messages::IngestProblem;
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
    /// The node.
    pub code: String,
    /// What the workbook shows.
    pub workbook: f64,
    /// What sakip computes.
    pub sakip: f64,
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
                        "angka diketik di tempat yang bagian lainnya berumus",
                        "a number typed where the other parts' cells have formulas",
                    )
                    .to_string(),
                Why::Weight => lang
                    .pick(
                        "bobot di lembar kerja bukan bobot rubrik",
                        "the workbook's weight is not the rubric's",
                    )
                    .to_string(),
            })
            .collect();
        texts.join("; ")
    }

    /// The finding as a line in `lang`.
    pub fn describe(&self, lang: crate::Lang) -> String {
        let number = |v: f64| crate::messages::format_number((v * 10000.0).round() / 10000.0);
        let mut line = format!(
            "{}!{}!{} {}: {} {}, sakip {}",
            self.file,
            self.sheet,
            self.cell,
            self.code,
            lang.pick("lembar kerja", "workbook"),
            number(self.workbook),
            number(self.sakip)
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
    let finding =
        |row: &Row, tier: &str, cell: String, (workbook, sakip): (f64, f64), why| Finding {
            file: path.display().to_string(),
            sheet: t.name.clone(),
            tier: tier.to_string(),
            cell,
            code: row.code.clone(),
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
                findings.push(finding(row, "", cell, (given, weight), vec![Why::Weight]));
            }
        }
    }
    // Each tier's values, from its own answers.
    for (tier, (group, _, _)) in t.table.tiers.iter().enumerate() {
        findings.extend(
            audit_tier(rubric, t, tier)
                .into_iter()
                .map(|(row, values, why)| {
                    let cell = row.value_cells.get(tier).cloned().flatten();
                    let cell = cell.as_ref().map_or_else(String::new, |(c, _)| t.cell(*c));
                    finding(row, group, cell, values, why)
                }),
        );
    }
    findings
}

/// The rows of tier `tier` whose value cell disagrees with sakip's, with both values and why.
fn audit_tier<'t>(
    rubric: &Rubric,
    t: &'t SheetTable,
    tier: usize,
) -> Vec<(&'t Row, (f64, f64), Vec<Why>)> {
    let place = |row: &Row| rubric.node_place(&row.code);
    // The tier's answers, valued on the rubric's scales.
    let counted: Vec<Counted> = t
        .rows
        .iter()
        .filter_map(|row| {
            let node = &rubric.nodes[place(row)?];
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
    let values: std::collections::HashMap<u32, f64> =
        counted.iter().map(|c| (c.criterion, c.value)).collect();
    let scores = node_scores(counted.into_iter(), &[t.name.as_str()], rubric);
    let mut out = Vec::new();
    for row in &t.rows {
        let (Some(node), Some(shown)) = (place(row), row.answers.get(tier).and_then(|a| a.1))
        else {
            continue;
        };
        let n = &rubric.nodes[node];
        let sakip = match n.criterion {
            Some(k) => {
                let Some(&value) = values.get(&(k as u32)) else {
                    continue;
                };
                // A criterion's cell may show its value or its points.
                match n.weight {
                    Some(w) if (shown - value * w).abs() <= TOLERANCE => continue,
                    _ => value,
                }
            }
            None => match scores.score(0, node) {
                Some(score) => score,
                None => continue,
            },
        };
        if (shown - sakip).abs() > TOLERANCE {
            out.push((row, (shown, sakip), why(t, row, tier)));
        }
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
    let (omits, adds) = formula_parts(&t.rows, row, &formula, col, t.origin());
    let mut out = Vec::new();
    if !omits.is_empty() {
        out.push(Why::Omits { codes: omits });
    }
    if !adds.is_empty() {
        out.push(Why::Adds { codes: adds });
    }
    out
}
