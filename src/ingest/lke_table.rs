//! The criteria table of an LKE workbook in the official layout, read without a rubric: its
//! columns (numbering, text, weight, options, each tier's answer and value), and its rows as a
//! tree of nodes (see [`rows`]). `rubric import` makes a rubric of it; `audit` compares its
//! values with sakip's.

use super::official::{find_header, header_block_end, header_cells, is_numbering_row};
use super::sheet::{Cell, Sheet};
use std::collections::BTreeSet;

/// A value (`Nilai`) cell: its row and column in the sheet, and its formula where it has one.
pub(crate) type ValueCell = ((usize, usize), Option<String>);

/// The columns of the criteria table.
pub(crate) struct Table {
    pub(crate) no: usize,
    /// The last column of a numbering spread over several (one a level).
    pub(crate) no_last: usize,
    pub(crate) text: usize,
    pub(crate) weight: Option<usize>,
    pub(crate) options: Option<usize>,
    /// Each tier's group header, answer column and value (`Nilai`) column.
    pub(crate) tiers: Vec<(String, usize, Option<usize>)>,
}

/// One row of the table, as a node.
pub(crate) struct Row {
    pub(crate) code: String,
    pub(crate) text: String,
    pub(crate) weight: Option<f64>,
    pub(crate) options: Option<String>,
    /// Each tier's answer and value.
    pub(crate) answers: Vec<(Option<String>, Option<f64>)>,
    /// The formula of its first tier's value cell, with the cell's name.
    pub(crate) formula: Option<(String, String)>,
    /// Each tier's value cell (row and column in the sheet) and its formula, where it has one.
    pub(crate) value_cells: Vec<Option<ValueCell>>,
    /// The row in the sheet.
    pub(crate) row: usize,
    pub(crate) parent: Option<usize>,
    pub(crate) children: Vec<usize>,
    /// Count rows under it (their labels).
    pub(crate) counts: Vec<String>,
    /// Those count rows' places in the sheet.
    pub(crate) count_rows: Vec<usize>,
    /// Whether it is an evidence document of the criterion above it.
    pub(crate) document: bool,
    /// The drop-down list on its answer cell, where it has one (`rubric import` fills it): the
    /// answer cell (`Sheet!D11`) and the items offered.
    pub(crate) drop_down: Option<(String, Vec<String>)>,
}

/// The table's columns, when the sheet holds one.
pub(crate) fn table(sheet: &Sheet) -> Option<Table> {
    let header = find_header(sheet)?;
    let end = header_block_end(sheet, header);
    let cells = header_cells(sheet, header, end);
    let first = |field: &str| cells.iter().find(|f| f.field == field).map(|f| f.col);
    let (no, text) = (first("no")?, first("kriteria")?);
    let blank = |c: usize| (header..end).all(|r| sheet.get(r, c).is_blank());
    let no_last = (no + 1..text)
        .take_while(|&c| blank(c))
        .last()
        .unwrap_or(no);
    let answers: Vec<&super::official::Found> =
        cells.iter().filter(|f| f.field == "jawaban").collect();
    let tiers = answers
        .iter()
        .map(|a| {
            // The value column right of the answer, in its group.
            let value = cells
                .iter()
                .find(|f| f.field == "nilai" && f.col > a.col && f.group == a.group)
                .map(|f| f.col);
            (a.group.clone().unwrap_or_default(), a.col, value)
        })
        .collect::<Vec<_>>();
    if tiers.is_empty() {
        return None;
    }
    Some(Table {
        no,
        no_last,
        text,
        weight: first("bobot"),
        options: first("pilihan_jawaban"),
        tiers,
    })
}

/// The first row of the table's data: under its header and a numbering row `(1) (2) ...`.
pub(crate) fn data_start(sheet: &Sheet) -> usize {
    let header = find_header(sheet).unwrap_or(0);
    let start = header_block_end(sheet, header);
    match start < sheet.height() && is_numbering_row(sheet, start) {
        true => start + 1,
        false => start,
    }
}

/// The rows of the table as a tree (see the module).
pub(crate) fn rows(sheet: &Sheet, t: &Table) -> Vec<Row> {
    let start = data_start(sheet);
    let mut rows: Vec<Row> = Vec::new();
    let mut levels: Vec<String> = Vec::new();
    // Local numbering (`1 / a / 1`): the component and sub-component above.
    let (mut component, mut sub): (Option<String>, Option<String>) = (None, None);
    let mut last_part: Option<usize> = None;
    let mut last_numbered: Option<usize> = None;
    let mut root_shape: Option<String> = None;
    for r in start..sheet.height() {
        let text_at = |c: usize| sheet.get(r, c).text();
        let number = (t.no..=t.no_last).find_map(|c| Some((c - t.no, text_at(c)?)));
        let text = text_at(t.text).unwrap_or_default();
        let weight = t.weight.and_then(|c| super::parse_number(sheet.get(r, c)));
        let options = t.options.and_then(text_at);
        let answers: Vec<(Option<String>, Option<f64>)> = t
            .tiers
            .iter()
            .map(|(_, a, v)| (text_at(*a), v.and_then(|c| cell_number(sheet.get(r, c)))))
            .collect();
        let formula = t.tiers.first().and_then(|(_, _, v)| {
            let c = (*v)?;
            let key = (sheet.row0 + r as u32, sheet.col0 + c as u32);
            let f = sheet.formulas.get(&key)?;
            Some((f.clone(), format!("{}!{}", sheet.name, sheet.a1(r, c))))
        });
        let value_cells = t
            .tiers
            .iter()
            .map(|(_, _, v)| {
                let c = (*v)?;
                let key = (sheet.row0 + r as u32, sheet.col0 + c as u32);
                Some(((r, c), sheet.formulas.get(&key).cloned()))
            })
            .collect();
        let answered = answers.iter().any(|(a, _)| a.is_some());
        let place = rows.len();
        let mut row = Row {
            code: String::new(),
            text: text.clone(),
            weight,
            options: options.clone(),
            answers,
            formula,
            value_cells,
            row: r,
            parent: None,
            children: Vec::new(),
            counts: Vec::new(),
            count_rows: Vec::new(),
            document: false,
            drop_down: None,
        };
        // The workbook's own final score or predicate, its label in the text column or across
        // the numbering's (`NILAI AKHIR` merged over both): no node (see [`totals`]).
        let label = number.as_ref().map_or(text.as_str(), |(_, n)| n.as_str());
        if !answered && total_kind(if text.is_empty() { label } else { &text }).is_some() {
            continue;
        }
        let Some((level, token)) = number else {
            // Under a criterion: a count row, or an answered evidence document.
            let Some(k) = last_numbered else { continue };
            let bare = text.trim_start_matches(['-', ' ']).to_lowercase();
            let count = options
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case("jumlah"))
                || bare.starts_with("jumlah");
            if count {
                rows[k].counts.push(text.trim().to_string());
                rows[k].count_rows.push(r);
            } else if answered && !text.is_empty() {
                row.code = format!("{}.{}", rows[k].code, rows[k].children.len() + 1);
                row.document = true;
                row.parent = Some(k);
                rows[k].children.push(place);
                rows.push(row);
            }
            continue;
        };
        let token = token
            .trim()
            .trim_end_matches(['.', ')'])
            .trim_start_matches('(')
            .to_string();
        // The code: levels joined, a whole code, or local numbering made whole.
        let code = if t.no_last > t.no {
            levels.truncate(level);
            levels.resize(level, String::new());
            levels.push(token.clone());
            levels.join(".")
        } else if is_local(&token) && !token.contains('.') {
            let letter = token.chars().all(|c| c.is_ascii_alphabetic());
            match (letter, weight.is_some() && !answered) {
                (false, true) => {
                    component = Some(token.clone());
                    sub = None;
                    token.clone()
                }
                (true, _) => {
                    let c = component.clone().unwrap_or_default();
                    sub = Some(format!("{c}.{}", token.to_lowercase()));
                    sub.clone().unwrap_or_default()
                }
                (false, false) => format!("{}.{token}", sub.clone().unwrap_or_default()),
            }
        } else {
            token.clone()
        };
        row.code = code.clone();
        // Its parent: the deepest node above whose code it extends, else (a code of another
        // shape) the last part above, else none: a component.
        let shape = shape(&code);
        let by_prefix = (0..rows.len())
            .rev()
            .find(|&i| !rows[i].document && code.starts_with(&format!("{}.", rows[i].code)));
        let root = root_shape.as_ref().is_none_or(|s| *s == shape) && by_prefix.is_none();
        row.parent = match (by_prefix, root) {
            (Some(p), _) => Some(p),
            (None, true) => None,
            (None, false) => last_part,
        };
        if row.parent.is_none() {
            root_shape.get_or_insert(shape);
        }
        if let Some(p) = row.parent {
            rows[p].children.push(place);
        }
        if by_prefix.is_some() || row.parent.is_none() {
            last_part = Some(place);
        }
        last_numbered = Some(place);
        rows.push(row);
    }
    rows
}

/// What a row of the workbook's own totals holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TotalKind {
    /// The final score (`Nilai Akhir`, `Jumlah`, `Nilai Akuntabilitas Kinerja`).
    Score,
    /// The predicate (`Predikat`).
    Predicate,
}

/// The kind of total a row's label names, if any: the whole label is one of the words sheets
/// use for the final score, or begins with a predicate's (`Predikat: BB` too).
pub(crate) fn total_kind(label: &str) -> Option<TotalKind> {
    const PREDICATE: [&str; 3] = ["predikat", "predicate", "kategori"];
    const SCORE: [&str; 10] = [
        "jumlah",
        "total",
        "jumlah nilai",
        "total nilai",
        "nilai total",
        "skor akhir",
        "total skor",
        "final score",
        "total score",
        "nilai",
    ];
    const SCORE_PREFIX: [&str; 5] = [
        "nilai akhir",
        "nilai akuntabilitas kinerja",
        "nilai evaluasi akuntabilitas",
        "nilai hasil evaluasi",
        "nilai lke",
    ];
    let words: Vec<String> = label
        .split_whitespace()
        .map(|w| w.trim_matches([':', '.']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let label = words.join(" ");
    if PREDICATE
        .iter()
        .any(|p| words.first().is_some_and(|w| w == p))
    {
        return Some(TotalKind::Predicate);
    }
    let score =
        SCORE.contains(&label.as_str()) || SCORE_PREFIX.iter().any(|p| label.starts_with(p));
    score.then_some(TotalKind::Score)
}

/// One tier's cell of a total row: where, what it shows, its formula.
pub(crate) struct TotalCell {
    /// Its row and column in the sheet.
    pub(crate) at: (usize, usize),
    /// Its number, where it shows one.
    pub(crate) number: Option<f64>,
    /// Its text.
    pub(crate) text: Option<String>,
    /// Its formula, where it has one.
    pub(crate) formula: Option<String>,
}

/// A row under the table that holds the workbook's own final score or predicate.
pub(crate) struct Total {
    /// What it holds.
    pub(crate) kind: TotalKind,
    /// Its label as the sheet writes it.
    pub(crate) label: String,
    /// Each tier's cell: its value column (for a predicate written in the answer column, that).
    pub(crate) cells: Vec<Option<TotalCell>>,
}

/// The rows under the last node of `rows` whose labels name a total ([`total_kind`]), with a
/// value in a tier's column. Rows inside the table are not taken: a sub-total between
/// components is not the final score.
pub(crate) fn totals(sheet: &Sheet, t: &Table, rows: &[Row]) -> Vec<Total> {
    let after = rows
        .iter()
        .flat_map(|r| std::iter::once(r.row).chain(r.count_rows.iter().copied()))
        .max()
        .map_or(data_start(sheet), |r| r + 1);
    let mut out = Vec::new();
    for r in after..sheet.height() {
        let text = |c: usize| sheet.get(r, c).text();
        let label = text(t.text).or_else(|| (t.no..=t.no_last).find_map(text));
        let Some((label, kind)) = label.and_then(|l| Some((l.clone(), total_kind(&l)?))) else {
            continue;
        };
        let cell = |c: usize| {
            let key = (sheet.row0 + r as u32, sheet.col0 + c as u32);
            let formula = sheet.formulas.get(&key).cloned();
            let (number, text) = (cell_number(sheet.get(r, c)), text(c));
            (number.is_some() || text.is_some() || formula.is_some()).then_some(TotalCell {
                at: (r, c),
                number,
                text,
                formula,
            })
        };
        let cells: Vec<Option<TotalCell>> = t
            .tiers
            .iter()
            .map(|(_, answer, value)| {
                let value = value.and_then(cell);
                match kind {
                    TotalKind::Predicate => value.or_else(|| cell(*answer)),
                    TotalKind::Score => value,
                }
            })
            .collect();
        if cells.iter().any(Option::is_some) {
            out.push(Total { kind, label, cells });
        }
    }
    out
}

/// A number as a cell holds it (a typed number, or text that reads as one).
fn cell_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        other => crate::rubric::NumberScale::number(&other.text()?),
    }
}

/// Whether a token numbers within its parent (`1`, `a`) rather than as a whole code (`A`,
/// `A.1`, `AREN001`).
fn is_local(token: &str) -> bool {
    token.chars().all(|c| c.is_ascii_digit())
        || (token.len() == 1 && token.chars().all(|c| c.is_ascii_lowercase()))
}

/// A code's shape: its runs of letters and digits (`AREN001` is `LD`, `A` is `L`).
fn shape(code: &str) -> String {
    let mut out = String::new();
    for c in code.chars() {
        let k = match c {
            c if c.is_ascii_digit() => 'D',
            c if c.is_alphabetic() => 'L',
            _ => '.',
        };
        if !out.ends_with(k) {
            out.push(k);
        }
    }
    out
}

/// One sheet's criteria table.
pub(crate) struct SheetTable {
    /// The sheet's name.
    pub(crate) name: String,
    /// Its columns.
    pub(crate) table: Table,
    /// Its rows as nodes.
    pub(crate) rows: Vec<Row>,
    /// The workbook's own final score and predicate rows under them.
    pub(crate) totals: Vec<Total>,
    /// The absolute row and column of the sheet's first cell.
    origin: (u32, u32),
}

impl SheetTable {
    /// The absolute row and column of the sheet's first cell.
    pub(crate) fn origin(&self) -> (usize, usize) {
        (self.origin.0 as usize, self.origin.1 as usize)
    }

    /// A cell of the sheet in A1 (`E12`), from its place in the sheet.
    pub(crate) fn cell(&self, (row, col): (usize, usize)) -> String {
        super::sheet::a1(self.origin.0 as usize + row, self.origin.1 as usize + col)
    }
}

/// Every sheet of `path` that holds a criteria table, formulas read, within `limits`.
///
/// # Errors
/// The file's problem when it cannot be read.
pub(crate) fn tables(
    path: &std::path::Path,
    limits: &super::sheet::Limits,
) -> Result<Vec<SheetTable>, crate::messages::IngestProblem> {
    let bytes = std::fs::read(path).map_err(super::sheet::unreadable)?;
    let workbook = super::sheet::read_sheets(path, bytes, true, limits)?;
    Ok(workbook
        .sheets
        .iter()
        .filter_map(|sheet| {
            let table = table(sheet)?;
            let rows = rows(sheet, &table);
            let totals = totals(sheet, &table, &rows);
            Some(SheetTable {
                name: sheet.name.clone(),
                table,
                rows,
                totals,
                origin: (sheet.row0, sheet.col0),
            })
        })
        .collect())
}

/// What a value formula (`formula`, in sheet column `col`, from 0 in the sheet's own cells;
/// `origin` the sheet's first absolute row and column) leaves out of the rows `parts` (a node's
/// children, or the components for the final score) and takes in besides them, by the codes of the rows (a row number where a row is no node).
pub(crate) fn formula_parts(
    rows: &[Row],
    parts: &[usize],
    formula: &str,
    col: usize,
    (row0, col0): (usize, usize),
) -> (Vec<String>, Vec<String>) {
    let taken = referenced_rows(formula, col + col0);
    let children: BTreeSet<usize> = parts.iter().map(|&c| rows[c].row + row0).collect();
    let code_at = |sheet_row: usize| {
        rows.iter()
            .find(|r| r.row + row0 == sheet_row)
            .map_or_else(|| format!("{}", sheet_row + 1), |r| r.code.clone())
    };
    let omits = children.difference(&taken).map(|&r| code_at(r)).collect();
    let adds = taken.difference(&children).map(|&r| code_at(r)).collect();
    (omits, adds)
}

/// The rows (absolute, from 0) a formula refers to in column `col` (absolute, from 0): single
/// cells (`E12`, `$E$12`) and ranges (`E8:E11`).
pub(crate) fn referenced_rows(formula: &str, col: usize) -> BTreeSet<usize> {
    let mut rows = BTreeSet::new();
    let cells = cell_refs(formula);
    let mut i = 0;
    while i < cells.len() {
        let (start, (c, r)) = cells[i];
        // A range: the next reference right after a colon.
        if let Some(&(next, (c2, r2))) = cells.get(i + 1) {
            if formula[..next].trim_end().ends_with(':') && next > start {
                if c == col || c2 == col {
                    rows.extend(r.min(r2)..=r.max(r2));
                }
                i += 2;
                continue;
            }
        }
        if c == col {
            rows.insert(r);
        }
        i += 1;
    }
    rows
}

/// Each A1 reference of a formula with where it starts: (start, (column, row)), from 0; text in
/// quotes is skipped.
fn cell_refs(formula: &str) -> Vec<(usize, (usize, usize))> {
    let bytes = formula.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut quoted = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' {
            quoted = !quoted;
            i += 1;
            continue;
        }
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if quoted || !boundary || !(b == b'$' || b.is_ascii_uppercase()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + usize::from(b == b'$');
        let letters = j;
        while j < bytes.len() && bytes[j].is_ascii_uppercase() {
            j += 1;
        }
        let col_end = j;
        if j < bytes.len() && bytes[j] == b'$' {
            j += 1;
        }
        let digits = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        let is_ref = col_end > letters
            && col_end - letters <= 3
            && j > digits
            && !(j < bytes.len() && (bytes[j] == b'(' || bytes[j].is_ascii_alphabetic()));
        if is_ref {
            let col = formula[letters..col_end]
                .bytes()
                .fold(0usize, |n, c| n * 26 + usize::from(c - b'A' + 1))
                - 1;
            let row: usize = formula[digits..j].parse().unwrap_or(1);
            out.push((start, (col, row.saturating_sub(1))));
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_ranges_of_one_column() {
        // E is column 4; rows from 0.
        let rows = referenced_rows("=SUM(E7,E10)", 4);
        assert_eq!(rows.into_iter().collect::<Vec<_>>(), [6, 9]);
        let rows = referenced_rows("=AVERAGE($E$8:E9)*C7", 4);
        assert_eq!(rows.into_iter().collect::<Vec<_>>(), [7, 8]);
        let rows = referenced_rows("=IF(D8=\"E5\",1,0)", 4);
        assert!(rows.is_empty());
    }
}
