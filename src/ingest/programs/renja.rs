//! The Renja evaluation layout: the "Evaluasi terhadap hasil Renja Perangkat Daerah" form
//! (Permendagri 86/2017) every OPD already produces.
//!
//! Title rows; a header block of three or four rows with merged cells, each money/target pair
//! split into `K` and `Rp.` (quarters may carry `K`, `%` and `Rp.`); a numbering row; rows nested
//! urusan > bidang urusan > program > kegiatan > sub kegiatan; a signature footer.
//!
//! The tree ([`tree`]) comes from the codes (in the name, `2.16.01 PROGRAM ...`, or in a code
//! column), else from the budget formulas (a parent's Rp. cell sums its children's), else from
//! the sums themselves. The activities are the leaves: urusan, bidang urusan, program, unsur and
//! total rows never are, nor is a row whose budget is the sum of the rows under it; a chain of
//! single children ends in one activity. Each activity's program is the ancestor whose name
//! starts "Program", else the program row it sits under. Whatever the tree came from, every
//! parent's budget is checked against its rows' ([`check_sums`]), every total row against the
//! rows it totals, and each activity's quarters against its realisation total: a mismatch is an
//! error, a warning with `--lenient-sums`.
//!
//! `pagu` is the Renja target Rp. of the year evaluated, `target` its K, `realisasi` and
//! `realisasi_anggaran` the K and Rp. summed over the quarters. Cached formula values are read,
//! never recomputed.

use super::form::{is_numbering_row, runs_of_cells, Furniture, SumCheck, RUPIAH_TOLERANCE};
use super::{Activity, Placed, Present, ProgramContext, ProgramLayout};
use crate::ingest::{clean_name, header_key, parse_number, HeaderField, Sheet};
use crate::messages::{Diagnostics, FurnitureKind, IngestProblem, Location, SumOf};
use crate::rubric::ProgramColumn;
use std::collections::BTreeMap;
use std::path::Path;

/// How far down the header is looked for.
const HEADER_SCAN_ROWS: usize = 30;
/// Rows of the header block, numbering and K/Rp. rows included, at most.
const HEADER_BLOCK_ROWS: usize = 6;
/// Budgets equal within this many rupiah (sums of cached values).
/// How deep a tree from sums alone is searched (urusan > bidang > program > kegiatan > sub
/// kegiatan, and totals above them).
const SUM_DEPTH: usize = 8;
/// How many steps the search for a tree from sums alone may take on one sheet.
const SUM_STEPS: usize = 200_000;
/// How many rows under the header are searched for a "Perangkat Daerah" label.
const LABEL_BODY_ROWS: usize = 5;

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

    fn recognises(&self, sheet: &Sheet, _columns: &[ProgramColumn]) -> bool {
        find_header(sheet).is_some()
    }
}

/// The columns found in the header block.
#[derive(Default, Debug)]
struct Columns {
    name: Option<usize>,
    code: Option<usize>,
    indikator: Option<usize>,
    satuan: Option<usize>,
    sasaran: Option<usize>,
    target_k: Option<usize>,
    target_rp: Option<usize>,
    quarter_k: Vec<usize>,
    quarter_rp: Vec<usize>,
    realised_rp: Option<usize>,
}

/// What a row of the tree is, by its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A total of the form: "Jumlah", "Total", a blank label with a budget, or a row above the
    /// coded tree (the OPD's name, "UNSUR PENUNJANG ...").
    Total,
    /// Urusan, bidang urusan, unsur: a heading above programs.
    Heading,
    /// A program.
    Program,
    /// A kegiatan or sub kegiatan (or a row not worded as any of the above).
    Item,
}

/// One row of the tree.
#[derive(Debug, Clone)]
struct Node {
    row: usize,
    code: Option<String>,
    name: String,
    pagu: Option<f64>,
    kind: Kind,
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
            } else if matches!(
                key.as_str(),
                "kode" | "koderekening" | "kodeprogramkegiatan"
            ) {
                field(&mut cols.code, "kode");
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
            } else if key.starts_with("realisasi")
                && key.contains("dievaluasi")
                && cols.realised_rp.is_none()
            {
                let rp = span(sheet, row, col, width).find(|&c| marker(c) == "rp");
                if rp.is_some() {
                    cols.realised_rp = rp;
                    fields.push(HeaderField {
                        cell: sheet.a1(row, col),
                        text: text.clone(),
                        field: "realisasi_total",
                    });
                }
            }
        }
    }
    (cols, fields)
}

/// Whether `text` is a code: digits and dots, at least one of each unless it is a single
/// number of one or two digits (an urusan: `1`, `5`).
fn is_code(text: &str) -> bool {
    let text = text.trim_end_matches('.');
    let digits = text.chars().all(|c| c.is_ascii_digit() || c == '.');
    let starts = text.chars().next().is_some_and(|c| c.is_ascii_digit());
    let dotted = text.contains('.') && !text.contains("..");
    digits && starts && (dotted || text.len() <= 2)
}

/// `2.16.01 PROGRAM X` -> (`2.16.01`, `PROGRAM X`); a name without a leading code is whole.
/// A leading bare number is a code only when the rest reads as an urusan (`1 URUSAN ...`), so
/// that `5 Desa Tangguh Bencana` keeps its number.
fn split_code(text: &str) -> (Option<String>, String) {
    let text = text.trim();
    if let Some((first, rest)) = text.split_once(char::is_whitespace) {
        let bare = !first.trim_end_matches('.').contains('.');
        let heading = matches!(kind_of_name(rest), Kind::Heading);
        if is_code(first) && (!bare || heading) {
            return (
                Some(first.trim_end_matches('.').to_string()),
                clean_name(rest),
            );
        }
    }
    (None, clean_name(text))
}

/// The kind a row's wording says.
fn kind_of_name(name: &str) -> Kind {
    let key = header_key(name);
    let lower = name.trim().to_lowercase();
    if key.is_empty()
        || key.starts_with("jumlah")
        || key.starts_with("total")
        || key.starts_with("grandtotal")
        || lower.starts_with("count=")
    {
        Kind::Total
    } else if key.starts_with("urusan")
        || key.starts_with("bidangurusan")
        || key.starts_with("unsur")
        || key.starts_with("subunsur")
    {
        Kind::Heading
    } else if key.starts_with("program") {
        Kind::Program
    } else {
        Kind::Item
    }
}

/// The number of parts of a code: `5.01.01.2.01` has 5.
fn depth(code: &str) -> usize {
    code.split('.').count()
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

/// Where a tree came from, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Codes,
    Formulas,
    Sums,
}

/// The parent of each node (totals have none: they total the roots of their part of the form)
/// and what the tree came from.
fn tree(sheet: &Sheet, nodes: &mut [Node], rp_col: usize) -> (Vec<Option<usize>>, Source) {
    if nodes.iter().any(|n| n.code.is_some()) {
        return (tree_from_codes(nodes), Source::Codes);
    }
    if let Some(parent) = tree_from_formulas(sheet, nodes, rp_col) {
        return (parent, Source::Formulas);
    }
    (tree_from_sums(nodes), Source::Sums)
}

/// The tree from the codes: a coded row's parent is the nearest earlier coded row with fewer
/// parts; an uncoded kegiatan's, the nearest earlier coded row (sub kegiatan are often written
/// without codes under a coded kegiatan); an uncoded program's, the nearest earlier heading.
/// Rows above the first coded row are totals of the form (the OPD's name, "UNSUR ...").
fn tree_from_codes(nodes: &mut [Node]) -> Vec<Option<usize>> {
    let first_coded = nodes.iter().position(|n| n.code.is_some()).unwrap_or(0);
    for node in &mut nodes[..first_coded] {
        if node.pagu.is_some() {
            node.kind = Kind::Total;
        }
    }
    let mut parent = vec![None; nodes.len()];
    for i in first_coded..nodes.len() {
        if nodes[i].kind == Kind::Total {
            continue;
        }
        let earlier = (first_coded..i)
            .rev()
            .filter(|&j| nodes[j].kind != Kind::Total);
        let mut earlier = earlier.take_while(|&j| !is_bottom_total(nodes, j, i));
        parent[i] = match (&nodes[i].code, nodes[i].kind) {
            (Some(code), _) => {
                let d = depth(code);
                earlier.find(|&j| nodes[j].code.as_deref().is_some_and(|c| depth(c) < d))
            }
            (None, Kind::Program) => earlier.find(|&j| nodes[j].kind == Kind::Heading),
            (None, Kind::Heading) => None,
            (None, _) => earlier.find(|&j| nodes[j].code.is_some()),
        };
    }
    parent
}

/// Whether a total row stands between `j` and `i` (a part of the form ends at its total).
fn is_bottom_total(nodes: &[Node], j: usize, i: usize) -> bool {
    nodes[j + 1..i].iter().any(|n| n.kind == Kind::Total)
}

/// The tree from the budget formulas, if the budget column has any: a row is the parent of
/// the rows its formula adds up.
fn tree_from_formulas(sheet: &Sheet, nodes: &[Node], rp_col: usize) -> Option<Vec<Option<usize>>> {
    let letters = crate::ingest::column_letters(sheet.col0 as usize + rp_col);
    let index: BTreeMap<u32, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (sheet.row0 + n.row as u32 + 1, i))
        .collect();
    let mut parent = vec![None; nodes.len()];
    let mut any = false;
    for (i, node) in nodes.iter().enumerate() {
        let Some(formula) = sheet.formula(node.row, rp_col) else {
            continue;
        };
        any = true;
        if node.kind == Kind::Total {
            continue;
        }
        for r in referenced_rows(formula, &letters) {
            if let Some(&child) = index.get(&r) {
                if child != i && nodes[child].kind != Kind::Total {
                    parent[child].get_or_insert(i);
                }
            }
        }
    }
    any.then_some(parent)
}

/// The tree from the sums alone: a row is the parent of the rows under it whose budgets add up
/// to its own, each of them a parent of its own rows where that makes the sums come out, tried
/// before taking it for a leaf (see [`SumSearch`]).
fn tree_from_sums(nodes: &[Node]) -> Vec<Option<usize>> {
    let mut search = SumSearch {
        nodes,
        parent: vec![None; nodes.len()],
        trail: Vec::new(),
        steps: 0,
    };
    let mut i = 0;
    while i < nodes.len() {
        if nodes[i].kind == Kind::Total {
            i += 1;
            continue;
        }
        i = search.subtree(i, SUM_DEPTH).unwrap_or(i + 1);
    }
    search.parent
}

/// A search for a tree from sums alone, bounded in depth and steps.
struct SumSearch<'a> {
    nodes: &'a [Node],
    parent: Vec<Option<usize>>,
    /// The nodes given a parent, in order, so that a branch that fails is undone.
    trail: Vec<usize>,
    steps: usize,
}

impl SumSearch<'_> {
    /// Makes `i` the parent of the rows after it that add up to its budget: the end of its
    /// subtree, or `None` (and nothing changed) when no run of rows does.
    fn subtree(&mut self, i: usize, depth: usize) -> Option<usize> {
        let target = self.nodes[i].pagu.filter(|p| *p > 0.0)?;
        if depth == 0 || self.nodes[i].kind == Kind::Total {
            return None;
        }
        let mut children = Vec::new();
        let end = self.children(i + 1, 0.0, target, depth - 1, &mut children)?;
        for c in children {
            self.parent[c] = Some(i);
            self.trail.push(c);
        }
        Some(end)
    }

    /// Children from `pos` on adding `sum` up to `target`: each as a parent first, then as a
    /// leaf. Their indices go to `children`; the end of the last one's subtree is returned.
    fn children(
        &mut self,
        pos: usize,
        sum: f64,
        target: f64,
        depth: usize,
        children: &mut Vec<usize>,
    ) -> Option<usize> {
        if !children.is_empty() && (sum - target).abs() <= RUPIAH_TOLERANCE {
            return Some(pos);
        }
        self.steps += 1;
        let node = self.nodes.get(pos)?;
        if self.steps > SUM_STEPS || sum > target + RUPIAH_TOLERANCE || node.kind == Kind::Total {
            return None;
        }
        let value = node.pagu.unwrap_or(0.0);
        let mark = self.trail.len();
        children.push(pos);
        if let Some(end) = self.subtree(pos, depth) {
            if let Some(done) = self.children(end, sum + value, target, depth, children) {
                return Some(done);
            }
            for c in self.trail.drain(mark..) {
                self.parent[c] = None;
            }
        }
        if let Some(done) = self.children(pos + 1, sum + value, target, depth, children) {
            return Some(done);
        }
        children.pop();
        None
    }
}

/// The OPD named in a "Perangkat Daerah" cell above the header or in the first rows under it,
/// with its cell.
fn opd_label(sheet: &Sheet, rows: std::ops::Range<usize>, file: &str) -> Option<Placed<String>> {
    let labels = [
        "perangkatdaerah",
        "skpd",
        "opd",
        "unitkerja",
        "namaopd",
        "instansi",
    ];
    let (cell, value) = crate::ingest::labelled_value(sheet, rows, &labels)?;
    Some(Placed {
        value,
        at: Location::cell(file, &sheet.name, cell),
    })
}

/// Words that start an OPD's name: a title or a file name that holds one names the OPD.
const OPD_WORDS: &[&str] = &[
    "dinas",
    "badan",
    "kecamatan",
    "kelurahan",
    "sekretariat",
    "inspektorat",
    "kantor",
    "satuan",
    "rsud",
    "rumah",
    "bagian",
    "uptd",
    "bappeda",
    "bappedalitbang",
    "bapenda",
    "bpkad",
    "bkpsdm",
    "satpol",
];

/// The OPD in a title row ("RENJA DINAS KESEHATAN TAHUN 2025"): the words from the first that
/// starts an OPD's name, up to the year or the end; with its cell.
fn opd_in_title(sheet: &Sheet, header: usize, file: &str) -> Option<Placed<String>> {
    for row in 0..header.min(sheet.height()) {
        for col in 0..sheet.rows[row].len() {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            if let Some(name) = opd_in_words(&text) {
                return Some(Placed {
                    value: name,
                    at: Location::cell(file, &sheet.name, sheet.at(row, col)),
                });
            }
        }
    }
    None
}

/// The OPD's name in a line of words, if one is there (see [`opd_in_title`]).
fn opd_in_words(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let start = words.iter().position(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        OPD_WORDS.contains(&w.as_str())
    })?;
    let stop = |w: &&str| {
        let w = w.to_lowercase();
        matches!(w.as_str(), "tahun" | "ta" | "ta." | "tw" | "triwulan")
            || w.chars().all(|c| c.is_ascii_digit())
    };
    let name: Vec<&str> = words[start..]
        .iter()
        .take_while(|w| !stop(w))
        .copied()
        .collect();
    let name = clean_name(&name.join(" "));
    (!name.is_empty()).then_some(name)
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
        "final",
        "revisi",
        "rev",
        "copy",
        "salinan",
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

/// The rows of one sheet's body, sorted: nodes of the tree, and furniture by kind.
#[derive(Default)]
struct Body {
    nodes: Vec<Node>,
    furniture: Furniture,
    sasaran_of: BTreeMap<usize, String>,
}

fn read_body(sheet: &Sheet, cols: &Columns, data_start: usize, label_row: Option<u32>) -> Body {
    let (Some(name_col), Some(rp_col)) = (cols.name, cols.target_rp) else {
        return Body::default();
    };
    let mut body = Body::default();
    let mut sasaran = None;
    let mut pending: Vec<u32> = Vec::new();
    for row in data_start..sheet.height() {
        let excel_row = sheet.row0 + row as u32 + 1;
        if let Some(s) = cols.sasaran.and_then(|c| sheet.get(row, c).text()) {
            sasaran = Some(s);
        }
        if label_row == Some(sheet.row0 + row as u32) {
            body.furniture.add(FurnitureKind::Label, excel_row);
            continue;
        }
        let text = sheet.get(row, name_col).text();
        let pagu = number(sheet, row, Some(rp_col));
        let any_text = (0..sheet.rows[row].len()).any(|c| !sheet.get(row, c).is_blank());
        if !any_text {
            continue;
        }
        if is_numbering_row(sheet, row) {
            body.furniture.add(FurnitureKind::Numbering, excel_row);
            continue;
        }
        let (mut code, name) = match &text {
            Some(text) => split_code(text),
            None => (None, String::new()),
        };
        if let Some(c) = cols.code.and_then(|c| sheet.get(row, c).text()) {
            if is_code(c.trim()) {
                code = Some(c.trim().trim_end_matches('.').to_string());
            }
        }
        if pagu.is_none() && code.is_none() {
            // Text without a budget: a section row inside the table, the footer after it.
            pending.push(excel_row);
            continue;
        }
        if !pending.is_empty() {
            let section = std::mem::take(&mut pending);
            body.furniture.extend(FurnitureKind::Section, section);
        }
        if let Some(s) = &sasaran {
            body.sasaran_of.insert(body.nodes.len(), s.clone());
        }
        let kind = match (&text, pagu) {
            (None, Some(_)) => Kind::Total,
            _ => kind_of_name(&name),
        };
        body.nodes.push(Node {
            row,
            code,
            name,
            pagu,
            kind,
        });
    }
    if !pending.is_empty() {
        body.furniture.extend(FurnitureKind::Signature, pending);
    }
    body
}

/// Reads `sheet` if it has the Renja evaluation header.
fn read_renja(
    sheet: &Sheet,
    path: &Path,
    ctx: &ProgramContext,
    diag: &mut Diagnostics,
) -> Option<(Vec<HeaderField>, Vec<Activity>)> {
    let header = find_header(sheet)?;
    let markers = k_rp_row(sheet, header)?;
    let (cols, fields) = map_columns(sheet, header, markers);
    let (name_col, rp_col) = (cols.name?, cols.target_rp?);
    let data_start = markers + 1;
    let body_label = opd_label(sheet, data_start..data_start + LABEL_BODY_ROWS, ctx.file);
    let label = opd_label(sheet, 0..header, ctx.file).or(body_label.clone());
    let label_row = body_label.as_ref().and_then(|l| l.at.cell).map(|c| c.row);
    let mut body = read_body(sheet, &cols, data_start, label_row);
    let (parent, source) = tree(sheet, &mut body.nodes, rp_col);
    let nodes = &body.nodes;
    let sheet_at = Location::sheet(ctx.file, &sheet.name);
    if source == Source::Sums && nodes.len() > 1 {
        diag.warning(Some(sheet_at.clone()), IngestProblem::TreeFromSums);
    }
    let has_children = {
        let mut has = vec![false; nodes.len()];
        for p in parent.iter().flatten() {
            has[*p] = true;
        }
        has
    };
    let is_activity =
        |i: usize| nodes[i].kind == Kind::Item && !has_children[i] && nodes[i].pagu.is_some();
    let program_of = |i: usize| -> Option<usize> {
        let by_tree = std::iter::successors(parent[i], |&p| parent[p])
            .find(|&p| nodes[p].kind == Kind::Program);
        by_tree.or_else(|| {
            (0..i)
                .rev()
                .take_while(|&j| !matches!(nodes[j].kind, Kind::Heading | Kind::Total))
                .find(|&j| nodes[j].kind == Kind::Program)
        })
    };
    let checks = Checks {
        sheet,
        file: ctx.file,
        cols: &cols,
        rp_col,
        lenient: ctx.rules.lenient_sums,
    };
    checks.run(nodes, &parent, &is_activity, &program_of, diag);
    body.furniture.report(&sheet_at, diag);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let fallback = |value: String| Placed {
        value,
        at: sheet_at.clone(),
    };
    let title = || opd_in_title(sheet, header, ctx.file);
    let (opd, opd_fallback) = match label.or_else(title) {
        Some(label) => (label, None),
        None => (
            fallback(opd_from_file_name(stem)),
            Some(fallback(sheet.name.clone())),
        ),
    };
    if opd.value.is_empty() && opd_fallback.as_ref().is_none_or(|f| f.value.is_empty()) {
        diag.error(Some(sheet_at.clone()), IngestProblem::NoOpdName);
        return Some((fields, Vec::new()));
    }
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
    let activities = (0..nodes.len())
        .filter(|&i| is_activity(i))
        .map(|i| {
            let n = &nodes[i];
            let program = program_of(i).map(|p| nodes[p].name.as_str().into());
            let text = |c: Option<usize>| c.and_then(|c| sheet.get(n.row, c).text());
            Activity {
                opd: opd.clone(),
                opd_fallback: opd_fallback.clone(),
                kode: n.code.as_deref().unwrap_or_default().into(),
                nama: n.name.as_str().into(),
                program,
                indikator: text(cols.indikator).map(Into::into),
                satuan: text(cols.satuan).map(Into::into),
                target: number(sheet, n.row, cols.target_k),
                realisasi: sum(sheet, n.row, &cols.quarter_k),
                pagu: n.pagu.unwrap_or(0.0),
                realisasi_anggaran: sum(sheet, n.row, &cols.quarter_rp),
                prioritas: Vec::new(),
                sasaran_rpjmd: body.sasaran_of.get(&i).cloned(),
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

/// The sum checks of one sheet.
struct Checks<'a> {
    sheet: &'a Sheet,
    file: &'a str,
    cols: &'a Columns,
    rp_col: usize,
    lenient: bool,
}

impl Checks<'_> {
    /// Every parent against its children, every total against the roots it totals, every
    /// program row without children against the activities under it, every activity's
    /// quarters against its realisation total.
    fn run(
        &self,
        nodes: &[Node],
        parent: &[Option<usize>],
        is_activity: &dyn Fn(usize) -> bool,
        program_of: &dyn Fn(usize) -> Option<usize>,
        diag: &mut Diagnostics,
    ) {
        let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children.entry(*p).or_default().push(i);
            }
        }
        let rows = |of: &[usize]| of.iter().map(|&i| nodes[i].row).collect::<Vec<_>>();
        for (&p, kids) in &children {
            if let Some(value) = nodes[p].pagu {
                self.compare(nodes[p].row, value, &rows(kids), SumOf::Children, diag);
            }
        }
        // Totals above the tree total the roots down to the first total under it; each total
        // under the tree, the roots since the one before.
        let top_end = nodes
            .iter()
            .position(|n| n.kind != Kind::Total)
            .unwrap_or(nodes.len());
        let bottoms: Vec<usize> = (top_end..nodes.len())
            .filter(|&i| nodes[i].kind == Kind::Total)
            .collect();
        let roots = |range: std::ops::Range<usize>| -> Vec<usize> {
            range
                .filter(|&i| parent[i].is_none() && nodes[i].kind != Kind::Total)
                .collect()
        };
        let first_part = top_end..bottoms.first().copied().unwrap_or(nodes.len());
        let mut totals: Vec<(usize, Vec<usize>)> = (0..top_end)
            .map(|t| (t, roots(first_part.clone())))
            .collect();
        for (k, &t) in bottoms.iter().enumerate() {
            let start = match k {
                0 => top_end,
                _ => bottoms[k - 1] + 1,
            };
            totals.push((t, roots(start..t)));
        }
        for (t, scope) in totals {
            if let (Some(value), false) = (nodes[t].pagu, scope.is_empty()) {
                self.compare(nodes[t].row, value, &rows(&scope), SumOf::Total, diag);
            }
        }
        for (p, node) in nodes.iter().enumerate() {
            if node.kind != Kind::Program || children.contains_key(&p) {
                continue;
            }
            let Some(value) = node.pagu else { continue };
            let under: Vec<usize> = (0..nodes.len())
                .filter(|&i| is_activity(i) && program_of(i) == Some(p))
                .collect();
            self.compare(node.row, value, &rows(&under), SumOf::Activities, diag);
        }
        if let Some(total_col) = self.cols.realised_rp {
            for (_, node) in nodes.iter().enumerate().filter(|&(i, _)| is_activity(i)) {
                let Some(total) = number(self.sheet, node.row, Some(total_col)) else {
                    continue;
                };
                let Some(quarters) = sum(self.sheet, node.row, &self.cols.quarter_rp) else {
                    continue;
                };
                let cells: Vec<String> = self
                    .cols
                    .quarter_rp
                    .iter()
                    .map(|&c| self.sheet.a1(node.row, c))
                    .collect();
                self.report(
                    (node.row, total_col),
                    total,
                    quarters,
                    cells.join(", "),
                    SumOf::Quarters,
                    diag,
                );
            }
        }
    }

    /// Compares the budget of `row` with the sum of the budgets of `parts`.
    fn compare(&self, row: usize, value: f64, parts: &[usize], of: SumOf, diag: &mut Diagnostics) {
        let sum: f64 = parts
            .iter()
            .filter_map(|&r| number(self.sheet, r, Some(self.rp_col)))
            .sum();
        let cells = runs_of_cells(self.sheet, parts, self.rp_col);
        self.report((row, self.rp_col), value, sum, cells, of, diag);
    }

    fn report(
        &self,
        (row, col): (usize, usize),
        value: f64,
        sum: f64,
        cells: String,
        of: SumOf,
        diag: &mut Diagnostics,
    ) {
        let at = Location::cell(self.file, &self.sheet.name, self.sheet.at(row, col));
        let check = SumCheck {
            at,
            value,
            sum,
            cells,
            of,
        };
        check.report(self.lenient, diag);
    }
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
    fn codes_titles_and_file_names() {
        assert_eq!(
            split_code("2.16.01 PROGRAM APLIKASI"),
            (Some("2.16.01".into()), "PROGRAM APLIKASI".into())
        );
        assert_eq!(
            split_code("5 UNSUR PENUNJANG URUSAN PEMERINTAHAN"),
            (
                Some("5".into()),
                "UNSUR PENUNJANG URUSAN PEMERINTAHAN".into()
            )
        );
        assert_eq!(
            split_code("5.01.5.01.01.2.01.0001 Penyusunan Dokumen"),
            (
                Some("5.01.5.01.01.2.01.0001".into()),
                "Penyusunan Dokumen".into()
            )
        );
        // A bare number before a kegiatan's name is part of the name.
        assert_eq!(
            split_code("5 Desa Tangguh"),
            (None, "5 Desa Tangguh".into())
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
        assert_eq!(
            opd_in_words("RENJA DINAS KESEHATAN TAHUN 2025").as_deref(),
            Some("DINAS KESEHATAN")
        );
        assert_eq!(
            opd_in_words("EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"),
            None
        );
        assert_eq!(opd_in_words("KOTA CONTOH"), None);
    }

    #[test]
    fn wording_says_the_kind() {
        assert_eq!(kind_of_name("JUMLAH"), Kind::Total);
        assert_eq!(kind_of_name("Total Anggaran"), Kind::Total);
        assert_eq!(kind_of_name("Count=7"), Kind::Total);
        assert_eq!(kind_of_name(""), Kind::Total);
        assert_eq!(kind_of_name("URUSAN PEMERINTAHAN BIDANG X"), Kind::Heading);
        assert_eq!(kind_of_name("UNSUR PENUNJANG URUSAN"), Kind::Heading);
        assert_eq!(kind_of_name("PROGRAM PENUNJANG"), Kind::Program);
        assert_eq!(kind_of_name("Penyusunan Dokumen"), Kind::Item);
    }

    fn node(row: usize, pagu: f64) -> Node {
        Node {
            row,
            code: None,
            name: String::new(),
            pagu: Some(pagu),
            kind: Kind::Item,
        }
    }

    #[test]
    fn sums_make_a_tree_without_formulas_or_codes() {
        // 300 = 200 + 100; 200 = 120 + 80 (120 = 70 + 50); 100 has one child of 100.
        let nodes: Vec<Node> = [300.0, 200.0, 120.0, 70.0, 50.0, 80.0, 100.0, 100.0]
            .iter()
            .enumerate()
            .map(|(i, &p)| node(i, p))
            .collect();
        let parent = tree_from_sums(&nodes);
        assert_eq!(
            parent,
            vec![
                None,
                Some(0),
                Some(1),
                Some(2),
                Some(2),
                Some(1),
                Some(0),
                Some(6)
            ]
        );
    }

    #[test]
    fn equal_siblings_are_not_taken_for_a_chain_when_the_sums_say_otherwise() {
        // 200 = 100 + 100: the second 100 is a sibling, not the first's only child.
        let nodes: Vec<Node> = [200.0, 100.0, 100.0]
            .iter()
            .enumerate()
            .map(|(i, &p)| node(i, p))
            .collect();
        assert_eq!(tree_from_sums(&nodes), vec![None, Some(0), Some(0)]);
    }
}
