//! The Renja evaluation layout: the "Evaluasi terhadap hasil Renja Perangkat Daerah" form
//! (Permendagri 86/2017) every OPD already produces.
//!
//! Title rows; a header block of three or four rows with merged cells, each money/target pair
//! split into `K` and `Rp.` (quarters may carry `K`, `%` and `Rp.`); a numbering row; rows nested
//! urusan > program > kegiatan > sub kegiatan; a signature footer. The tree comes from the
//! budget formulas (a parent's Rp. cell sums its children's), else from the codes at the start of
//! the names, else from the sums themselves. The activities are the leaves, each with its program
//! (the ancestor whose name starts "Program"); `pagu` is the Renja target Rp. of the year
//! evaluated, `target` its K, `realisasi` and `realisasi_anggaran` the K and Rp. summed over the
//! quarters. Cached formula values are read, never recomputed.

use super::{Activity, Placed, Present, ProgramContext, ProgramLayout};
use crate::ingest::{clean_name, header_key, parse_number, HeaderField, Sheet};
use crate::messages::{Diagnostics, Location};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// How far down the header is looked for.
const HEADER_SCAN_ROWS: usize = 30;
/// Rows of the header block, numbering and K/Rp. rows included, at most.
const HEADER_BLOCK_ROWS: usize = 6;
/// Budgets equal within this many rupiah (sums of cached values).
const RUPIAH_TOLERANCE: f64 = 0.5;

/// The columns found in the header block.
#[derive(Default, Debug)]
struct Columns {
    name: Option<usize>,
    indikator: Option<usize>,
    satuan: Option<usize>,
    sasaran: Option<usize>,
    target_k: Option<usize>,
    target_rp: Option<usize>,
    quarter_k: Vec<usize>,
    quarter_rp: Vec<usize>,
}

/// One row of the tree.
#[derive(Debug, Clone)]
struct Node {
    row: usize,
    code: Option<String>,
    name: String,
    pagu: Option<f64>,
}

fn key_at(sheet: &Sheet, row: usize, col: usize) -> String {
    sheet
        .get(row, col)
        .text()
        .map(|t| header_key(&t))
        .unwrap_or_default()
}

fn find_header(sheet: &Sheet) -> Option<usize> {
    (0..sheet.height().min(HEADER_SCAN_ROWS)).find(|&row| {
        let keys: Vec<String> = (0..sheet.rows[row].len())
            .map(|c| key_at(sheet, row, c))
            .collect();
        keys.iter()
            .any(|k| k.contains("programkegiatan") || k.contains("subkegiatan"))
            && keys.iter().any(|k| k.contains("indikator"))
    })
}

/// The row of `K` / `Rp.` markers in the block, if any.
fn k_rp_row(sheet: &Sheet, start: usize) -> Option<usize> {
    (start..sheet.height().min(start + HEADER_BLOCK_ROWS)).find(|&row| {
        (0..sheet.rows[row].len())
            .filter(|&c| matches!(key_at(sheet, row, c).as_str(), "k" | "rp"))
            .count()
            >= 4
    })
}

/// The columns a merged group header at `(row, col)` spans: up to the next text in that row.
fn span(sheet: &Sheet, row: usize, col: usize, width: usize) -> std::ops::Range<usize> {
    let end = (col + 1..width)
        .find(|&c| sheet.get(row, c).text().is_some())
        .unwrap_or(width);
    col..end
}

fn map_columns(sheet: &Sheet, header: usize, markers: usize) -> (Columns, Vec<HeaderField>) {
    let mut cols = Columns::default();
    let mut fields = Vec::new();
    let width = sheet.width();
    let marker = |c: usize| key_at(sheet, markers, c);
    for row in header..markers {
        for col in 0..width {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            let key = header_key(&text);
            let mut field = |slot: &mut Option<usize>, name: &'static str| {
                if slot.is_none() {
                    *slot = Some(col);
                    fields.push(HeaderField {
                        cell: sheet.a1(row, col),
                        text: text.clone(),
                        field: name,
                    });
                }
            };
            if key.contains("programkegiatan") || key.contains("subkegiatan") {
                field(&mut cols.name, "nama");
            } else if key.contains("indikator") {
                field(&mut cols.indikator, "indikator");
            } else if key == "satuan" {
                field(&mut cols.satuan, "satuan");
            } else if key.contains("sasaranrpjmd") {
                field(&mut cols.sasaran, "sasaran_rpjmd");
            } else if key.starts_with("target") && key.contains("renja") && cols.target_rp.is_none()
            {
                for c in span(sheet, row, col, width) {
                    match marker(c).as_str() {
                        "k" if cols.target_k.is_none() => cols.target_k = Some(c),
                        "rp" if cols.target_rp.is_none() => cols.target_rp = Some(c),
                        _ => {}
                    }
                }
                fields.push(HeaderField {
                    cell: sheet.a1(row, col),
                    text: text.clone(),
                    field: "target/pagu",
                });
            } else if key.contains("realisasi")
                && key.contains("triwulan")
                && cols.quarter_rp.is_empty()
            {
                for c in span(sheet, row, col, width) {
                    match marker(c).as_str() {
                        "k" => cols.quarter_k.push(c),
                        "rp" => cols.quarter_rp.push(c),
                        _ => {}
                    }
                }
                fields.push(HeaderField {
                    cell: sheet.a1(row, col),
                    text: text.clone(),
                    field: "realisasi/realisasi_anggaran",
                });
            }
        }
    }
    (cols, fields)
}

/// `2.16.01 PROGRAM X` -> (`2.16.01`, `PROGRAM X`); a name without a leading code is whole.
fn split_code(text: &str) -> (Option<String>, String) {
    let text = text.trim();
    if let Some((first, rest)) = text.split_once(char::is_whitespace) {
        let is_code = first.contains('.')
            && first.chars().all(|c| c.is_ascii_digit() || c == '.')
            && first.chars().next().is_some_and(|c| c.is_ascii_digit());
        if is_code {
            return (
                Some(first.trim_end_matches('.').to_string()),
                clean_name(rest),
            );
        }
    }
    (None, clean_name(text))
}

/// Rows referenced in `formula` in column `col` (`O13`, `O13:O15`, `$O$13`), absolute.
fn referenced_rows(formula: &str, col_letters: &str) -> Vec<u32> {
    let upper = formula.to_uppercase().replace('$', "");
    let mut rows = Vec::new();
    let chars: Vec<char> = upper.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_here = upper[upper.char_indices().nth(i).map_or(0, |(b, _)| b)..]
            .starts_with(col_letters)
            && (i == 0 || !chars[i - 1].is_ascii_alphabetic());
        if starts_here {
            let mut j = i + col_letters.len();
            let digits_start = j;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j > digits_start && (j == chars.len() || !chars[j].is_ascii_alphabetic()) {
                let row: String = chars[digits_start..j].iter().collect();
                if let Ok(r) = row.parse::<u32>() {
                    rows.push(r);
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    // `O13:O15` stands for 13, 14 and 15.
    if upper.contains(':')
        && rows.len() == 2
        && upper.contains(&format!(
            "{col_letters}{}:{col_letters}{}",
            rows[0], rows[1]
        ))
    {
        return (rows[0]..=rows[1]).collect();
    }
    rows
}

/// Parent of each node (by index), from the budget formulas.
fn tree_from_formulas(
    sheet: &Sheet,
    nodes: &[Node],
    rp_col: usize,
) -> Option<BTreeMap<usize, usize>> {
    let letters = crate::ingest::column_letters(sheet.col0 as usize + rp_col);
    let index: BTreeMap<u32, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (sheet.row0 + n.row as u32 + 1, i))
        .collect();
    let mut parent = BTreeMap::new();
    let mut any = false;
    for (i, node) in nodes.iter().enumerate() {
        let Some(formula) = sheet.formula(node.row, rp_col) else {
            continue;
        };
        any = true;
        for r in referenced_rows(formula, &letters) {
            if let Some(&child) = index.get(&r) {
                if child != i {
                    parent.insert(child, i);
                }
            }
        }
    }
    any.then_some(parent)
}

/// Parent of each node from the codes: a coded row's parent is the nearest earlier coded row
/// whose code prefixes its own; an uncoded row's parent is the nearest earlier coded row.
fn tree_from_codes(nodes: &[Node]) -> Option<BTreeMap<usize, usize>> {
    if nodes.iter().all(|n| n.code.is_none()) {
        return None;
    }
    let mut parent = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let found = (0..i).rev().find(|&j| match (&nodes[j].code, &node.code) {
            (Some(pc), Some(c)) => c.starts_with(&format!("{pc}.")),
            (Some(_), None) => true,
            _ => false,
        });
        if let Some(j) = found {
            parent.insert(i, j);
        }
    }
    Some(parent)
}

/// Parent of each node from the sums: a row is the parent of the rows after it whose budgets,
/// taken in order, add up exactly to its own.
fn tree_from_sums(nodes: &[Node]) -> BTreeMap<usize, usize> {
    let mut parent = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let Some(total) = node.pagu.filter(|p| *p > 0.0) else {
            continue;
        };
        let mut sum = 0.0;
        let mut j = i + 1;
        let mut children = Vec::new();
        while j < nodes.len() && sum + RUPIAH_TOLERANCE < total {
            let Some(p) = nodes[j].pagu else { break };
            // Skip over a child's own subtree: its descendants are already in its budget.
            children.push(j);
            sum += p;
            let mut inner = 0.0;
            let mut k = j + 1;
            while k < nodes.len() && inner + RUPIAH_TOLERANCE < p {
                inner += nodes[k].pagu.unwrap_or(0.0);
                k += 1;
            }
            j = if (inner - p).abs() <= RUPIAH_TOLERANCE {
                k
            } else {
                j + 1
            };
        }
        if !children.is_empty() && (sum - total).abs() <= RUPIAH_TOLERANCE {
            for c in children {
                parent.entry(c).or_insert(i);
            }
        }
    }
    parent
}

/// The OPD named in a "Perangkat Daerah" cell above the header, with its cell.
fn opd_label(sheet: &Sheet, header: usize, file: &str) -> Option<Placed<String>> {
    let (cell, value) = crate::ingest::labelled_value(sheet, header, &["perangkatdaerah"])?;
    Some(Placed {
        value,
        at: Location::cell(file, &sheet.name, cell),
    })
}

/// The OPD part of a file name: `EVALUASI RENJA BAPPEDALITBANG TAHUN 2025` -> `BAPPEDALITBANG`.
fn opd_from_file_name(stem: &str) -> String {
    const NOISE: &[&str] = &[
        "evaluasi",
        "renja",
        "rkpd",
        "hasil",
        "terhadap",
        "tahun",
        "tw",
        "triwulan",
        "perangkat",
        "daerah",
        "pd",
    ];
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !NOISE.contains(&w.to_lowercase().as_str()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !matches!(w.to_lowercase().as_str(), "i" | "ii" | "iii" | "iv"))
        .collect();
    words.join(" ")
}

fn number(sheet: &Sheet, row: usize, col: Option<usize>) -> Option<f64> {
    col.and_then(|c| parse_number(sheet.get(row, c)))
}

fn sum(sheet: &Sheet, row: usize, cols: &[usize]) -> Option<f64> {
    let values: Vec<f64> = cols
        .iter()
        .filter_map(|&c| parse_number(sheet.get(row, c)))
        .collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

/// The Renja evaluation layout.
pub(super) struct Renja;

impl ProgramLayout for Renja {
    fn name(&self) -> &'static str {
        "renja"
    }

    fn read(
        &self,
        sheet: &Sheet,
        path: &Path,
        ctx: &ProgramContext,
        diag: &mut Diagnostics,
    ) -> Option<(Vec<HeaderField>, Vec<Activity>)> {
        read_renja(sheet, path, ctx, diag)
    }
}

/// Reads `sheet` if it has the Renja evaluation header.
fn read_renja(
    sheet: &Sheet,
    path: &Path,
    ctx: &ProgramContext,
    _diag: &mut Diagnostics,
) -> Option<(Vec<HeaderField>, Vec<Activity>)> {
    let header = find_header(sheet)?;
    let markers = k_rp_row(sheet, header)?;
    let (cols, fields) = map_columns(sheet, header, markers);
    let (name_col, rp_col) = (cols.name?, cols.target_rp?);
    let data_start = markers + 1;
    let mut nodes = Vec::new();
    let mut sasaran_of: BTreeMap<usize, String> = BTreeMap::new();
    let mut sasaran = None;
    for row in data_start..sheet.height() {
        if let Some(s) = cols.sasaran.and_then(|c| sheet.get(row, c).text()) {
            sasaran = Some(s);
        }
        let Some(text) = sheet.get(row, name_col).text() else {
            continue;
        };
        let (code, name) = split_code(&text);
        let pagu = number(sheet, row, Some(rp_col));
        if pagu.is_none() && code.is_none() {
            continue;
        }
        if let Some(s) = &sasaran {
            sasaran_of.insert(nodes.len(), s.clone());
        }
        nodes.push(Node {
            row,
            code,
            name,
            pagu,
        });
    }
    let parent = tree_from_formulas(sheet, &nodes, rp_col)
        .or_else(|| tree_from_codes(&nodes))
        .unwrap_or_else(|| tree_from_sums(&nodes));
    let parents: BTreeSet<usize> = parent.values().copied().collect();
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let opd = opd_label(sheet, header, ctx.file);
    let fallback = |value: String| Placed {
        value,
        at: Location {
            file: ctx.file.into(),
            sheet: Some(sheet.name.as_str().into()),
            cell: None,
        },
    };
    let (opd, opd_fallback) = match opd {
        Some(label) => (label, None),
        None => (
            fallback(opd_from_file_name(stem)),
            Some(fallback(sheet.name.clone())),
        ),
    };
    // Shared by every activity of the sheet.
    let shared = |p: Placed<String>| Placed {
        value: std::sync::Arc::<str>::from(p.value),
        at: p.at,
    };
    let (opd, opd_fallback) = (shared(opd), opd_fallback.map(shared));
    let present = Present {
        achievement: cols.target_k.is_some() && !cols.quarter_k.is_empty(),
        prioritas: cols.sasaran.is_some(),
        ..Present::default()
    };
    let activities = nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| !parents.contains(i) && n.pagu.is_some())
        .map(|(i, n)| {
            let program =
                std::iter::successors(parent.get(&i).copied(), |p| parent.get(p).copied())
                    .map(|p| &nodes[p].name)
                    .find(|name| name.to_lowercase().starts_with("program"))
                    .cloned();
            let text = |c: Option<usize>| c.and_then(|c| sheet.get(n.row, c).text());
            Activity {
                opd: opd.clone(),
                opd_fallback: opd_fallback.clone(),
                kode: n.code.as_deref().unwrap_or_default().into(),
                nama: n.name.as_str().into(),
                program: program.map(Into::into),
                indikator: text(cols.indikator).map(Into::into),
                satuan: text(cols.satuan).map(Into::into),
                target: number(sheet, n.row, cols.target_k),
                realisasi: sum(sheet, n.row, &cols.quarter_k),
                pagu: n.pagu.unwrap_or(0.0),
                realisasi_anggaran: sum(sheet, n.row, &cols.quarter_rp),
                prioritas: Vec::new(),
                sasaran_rpjmd: sasaran_of.get(&i).cloned(),
                mitra_opd: Vec::new(),
                mitra_pentahelix: Vec::new(),
                jenis_indikator: None,
                horizon: None,
                present,
                at: Location::cell(ctx.file, &sheet.name, sheet.at(n.row, name_col)),
            }
        })
        .collect();
    Some((fields, activities))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_references_and_ranges() {
        assert_eq!(referenced_rows("SUM(O12+O18+O22)", "O"), vec![12, 18, 22]);
        assert_eq!(referenced_rows("=SUM($O$13:$O$15)", "O"), vec![13, 14, 15]);
        assert_eq!(referenced_rows("=SUM(K13+K16)", "O"), Vec::<u32>::new());
        assert_eq!(referenced_rows("=O14+PO14", "O"), vec![14]);
    }

    #[test]
    fn codes_and_file_names() {
        assert_eq!(
            split_code("2.16.01 PROGRAM APLIKASI"),
            (Some("2.16.01".into()), "PROGRAM APLIKASI".into())
        );
        assert_eq!(
            split_code("Pengelolaan Nama Domain"),
            (None, "Pengelolaan Nama Domain".into())
        );
        assert_eq!(
            opd_from_file_name("EVALUASI RENJA BAPPEDALITBANG TAHUN 2025"),
            "BAPPEDALITBANG"
        );
        assert_eq!(
            opd_from_file_name("Evaluasi Hasil RKPD Dinas Sosial 2025 TW IV"),
            "Dinas Sosial"
        );
    }

    #[test]
    fn sums_make_a_tree_without_formulas_or_codes() {
        let node = |row, pagu| Node {
            row,
            code: None,
            name: String::new(),
            pagu: Some(pagu),
        };
        // 100 = 60 + 40; 60 = 60 (one child); 40 = 25 + 15.
        let nodes = vec![
            node(0, 100.0),
            node(1, 60.0),
            node(2, 60.0),
            node(3, 40.0),
            node(4, 25.0),
            node(5, 15.0),
        ];
        let parent = tree_from_sums(&nodes);
        assert_eq!(parent.get(&1), Some(&0));
        assert_eq!(parent.get(&3), Some(&0));
        assert_eq!(parent.get(&2), Some(&1));
        assert_eq!(parent.get(&4), Some(&3));
        assert_eq!(parent.get(&5), Some(&3));
    }
}
