//! The LKE of PermenPAN-RB 88/2021 as a regional government's evaluators fill it: one sheet per
//! pemda, numbered `1 / a / 1`, points as weights, two tiers side by side (the pemda's own
//! assessment and the evaluator's), and every value a formula with its result cached as a
//! spreadsheet saves it: each criterion `IF(answer="Y",1,0)` or the AA..E grades as nested
//! `IF`s, each sub-component `AVERAGE(its criteria)*its weight`, each component `SUM(its
//! sub-components)`, then the final score `SUM(the components)` and the predicate as nested
//! `IF`s over the 88/2021 band edges, under the table.
//!
//! Shared by `examples/make_demo.rs` (`fixtures/demo-pemda/`) and `tests/rubric_import.rs`
//! (with faults planted), so that the fixture and the tests write the same workbook.

#![allow(dead_code)]

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    Workbook, Worksheet, XlsxError,
};
use sakip::rubric::Rubric;
use std::path::Path;

/// The governments, one sheet each, and how well each does (0-1).
pub const PEMDA: [(&str, f64); 3] = [
    ("Kota Sukamaju", 0.86),
    ("Kabupaten Mekarsari", 0.68),
    ("Kota Tirtajaya", 0.5),
];

/// The two tiers' column group headers.
pub const TIERS: [&str; 2] = ["PENILAIAN MANDIRI", "PENILAIAN EVALUATOR"];

/// The first data row (0-based): under the header (rows 6-7) and its numbering row (8).
pub const FIRST_ROW: u32 = 8;

/// A formula fault to plant in one tier of one sheet.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// The sub-component's `AVERAGE` range stops one row short: its last criterion left out.
    ShortRange(&'static str),
    /// The component's `SUM` takes the whole block under it: its criteria's values too.
    WholeBlock(&'static str),
    /// A number typed over the sub-component's formula.
    Constant(&'static str, f64),
    /// The final score's `SUM` leaves this component out.
    FinalOmits(&'static str),
    /// The predicate typed as text over its formula (a grade, or a band's label).
    TypedPredicate(&'static str),
    /// The predicate's formula with every band edge this much lower (`> 85` for AA).
    LowerEdges(f64),
}

/// A fault in the sheet of `PEMDA[sheet]`, tier `tier` (0 the pemda's own, 1 the evaluator's).
#[derive(Clone, Copy, Debug)]
pub struct Planted {
    /// The sheet, by its place in [`PEMDA`].
    pub sheet: usize,
    /// The tier.
    pub tier: usize,
    /// The fault.
    pub fault: Fault,
}

/// How the workbook is written.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Values as formulas with cached results (else typed numbers, as a form saved as values).
    pub formulas: bool,
    /// Drop-down validations on the answer cells, offering the scale's codes.
    pub drop_downs: bool,
}

/// As evaluators have it: formulas, drop-downs on the answers.
pub const REAL: Shape = Shape {
    formulas: true,
    drop_downs: true,
};

/// The answer of pemda `p` (of strength `level`) to criterion `code` on the scale `codes`
/// (best first), in tier `tier`: the pemda's own assessment is more generous.
fn answer(p: &str, level: f64, tier: usize, code: &str, codes: &[(String, f64)]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in p.bytes().chain(code.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    let draw = (h % 10_000) as f64 / 10_000.0;
    let target = level + (draw - 0.5) * 0.5 + if tier == 0 { 0.1 } else { 0.0 };
    if codes.len() == 2 {
        return codes[usize::from(target <= 0.45)].0.clone();
    }
    codes
        .iter()
        .min_by(|x, y| (x.1 - target).abs().total_cmp(&(y.1 - target).abs()))
        .map(|c| c.0.clone())
        .unwrap_or_default()
}

/// A criterion's scale as (code, value) pairs, best first.
fn codes(rubric: &Rubric, criterion: &sakip::rubric::Criterion) -> Vec<(String, f64)> {
    let scale = &rubric.scales[&criterion.scale];
    scale
        .codes
        .iter()
        .map(|c| (c.code.clone(), c.value))
        .collect()
}

/// The answer of pemda `p` to `criterion` in tier `tier` (see [`answer`]) and its value.
fn answered(
    p: &str,
    level: f64,
    tier: usize,
    criterion: &sakip::rubric::Criterion,
    codes: &[(String, f64)],
) -> (String, f64) {
    let given = answer(p, level, tier, &criterion.code, codes);
    let value = codes.iter().find(|c| c.0 == given).map_or(0.0, |c| c.1);
    (given, value)
}

/// The formats of an LKE sheet as evaluators make them: title, header, cell, bold cell.
pub fn lke_formats() -> (Format, Format, Format, Format) {
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color("#D9E1F2");
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let strong = cell.clone().set_bold();
    (title, head, cell, strong)
}

/// Where each node of the rubric's components sits (0-based rows), and the rows under the table.
struct Layout {
    /// Per component: its row, and its sub-components.
    components: Vec<(u32, Vec<SubRows>)>,
    /// The final score's row.
    total: u32,
    /// The predicate's row.
    predicate: u32,
}

/// A sub-component's row and its criteria's rows.
type SubRows = (u32, Vec<u32>);

fn layout(rubric: &Rubric) -> Layout {
    let mut row = FIRST_ROW;
    let mut components = Vec::new();
    for c in &rubric.components {
        let at = row;
        row += 1;
        let mut subs = Vec::new();
        for s in &c.subcomponents {
            let sub_at = row;
            row += 1;
            let criteria: Vec<u32> = (0..s.criteria.len() as u32).map(|i| row + i).collect();
            row += s.criteria.len() as u32;
            subs.push((sub_at, criteria));
        }
        components.push((at, subs));
    }
    Layout {
        components,
        total: row + 1,
        predicate: row + 2,
    }
}

/// The predicate of `score` by the 88/2021 band edges (each `lower` lower), and the formula
/// that gives it from `cell`.
fn predicate(score: f64, cell: &str, lower: f64) -> (&'static str, String) {
    const EDGES: [(f64, &str); 6] = [
        (90.0, "AA"),
        (80.0, "A"),
        (70.0, "BB"),
        (60.0, "B"),
        (50.0, "CC"),
        (30.0, "C"),
    ];
    let rounded = (score * 100.0).round() / 100.0;
    let grade = EDGES
        .iter()
        .find(|(edge, _)| rounded > *edge - lower)
        .map_or("D", |e| e.1);
    let mut formula = "\"D\"".to_string();
    for (edge, g) in EDGES.iter().rev() {
        let edge = edge - lower;
        formula = format!("IF(ROUND({cell},2)>{edge},\"{g}\",{formula})");
    }
    (grade, format!("={formula}"))
}

/// Writes the workbook to `path` in `shape` with `faults` planted.
///
/// # Errors
/// When the workbook cannot be written.
pub fn write(path: &Path, shape: Shape, faults: &[Planted]) -> Result<(), XlsxError> {
    let rubric =
        Rubric::load("akip-2021-opd").map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let mut wb = Workbook::new();
    // A fixed date: the same workbook, byte for byte, on every run.
    let date = ExcelDateTime::from_ymd(2025, 11, 30)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&date));
    for (i, (pemda, level)) in PEMDA.iter().enumerate() {
        let ws = wb.add_worksheet().set_name(*pemda)?;
        let planted: Vec<(usize, Fault)> = faults
            .iter()
            .filter(|f| f.sheet == i)
            .map(|f| (f.tier, f.fault))
            .collect();
        sheet(ws, &rubric, pemda, *level, shape, &planted)?;
    }
    wb.save(path)
}

fn sheet(
    ws: &mut Worksheet,
    rubric: &Rubric,
    pemda: &str,
    level: f64,
    shape: Shape,
    faults: &[(usize, Fault)],
) -> Result<(), XlsxError> {
    let (title, head, cell, strong) = lke_formats();
    let number = cell.clone().set_num_format("0.00");
    let strong_number = strong.clone().set_num_format("0.00");
    ws.merge_range(
        0,
        0,
        0,
        7,
        "LEMBAR KERJA EVALUASI AKUNTABILITAS KINERJA INSTANSI PEMERINTAH",
        &title,
    )?;
    ws.merge_range(1, 0, 1, 7, "PEMERINTAH DAERAH - TAHUN 2025", &title)?;
    ws.write_string(3, 0, "Instansi")?;
    ws.write_string(3, 1, ":")?;
    ws.write_string(3, 2, pemda)?;
    ws.merge_range(5, 0, 6, 0, "No", &head)?;
    ws.merge_range(5, 1, 6, 1, "Komponen/Sub Komponen/Kriteria", &head)?;
    ws.merge_range(5, 2, 6, 2, "Bobot", &head)?;
    for (t, tier) in TIERS.iter().enumerate() {
        let c = 3 + 2 * t as u16;
        ws.merge_range(5, c, 5, c + 1, tier, &head)?;
        ws.write_string_with_format(6, c, "Jawaban", &head)?;
        ws.write_string_with_format(6, c + 1, "Nilai", &head)?;
    }
    ws.merge_range(5, 7, 6, 7, "Catatan", &head)?;
    for c in 0..8u16 {
        ws.write_string_with_format(7, c, format!("({})", c + 1), &head)?;
    }
    let at = layout(rubric);
    let fault = |tier: usize, pick: &dyn Fn(&Fault) -> bool| {
        faults
            .iter()
            .find(|(t, f)| *t == tier && pick(f))
            .map(|(_, f)| *f)
    };
    // The labels first: they are the same in both tiers.
    for (c, (row, subs)) in rubric.components.iter().zip(&at.components) {
        ws.write_string_with_format(*row, 0, &c.code, &strong)?;
        ws.write_string_with_format(*row, 1, &c.name.id, &strong)?;
        ws.write_number_with_format(*row, 2, c.weight, &strong_number)?;
        for (s, (sub_row, rows)) in c.subcomponents.iter().zip(subs) {
            ws.write_string_with_format(*sub_row, 0, letter(&s.code), &strong)?;
            ws.write_string_with_format(*sub_row, 1, &s.name.id, &strong)?;
            ws.write_number_with_format(*sub_row, 2, s.weight, &strong_number)?;
            for (k, r) in s.criteria.iter().zip(rows) {
                ws.write_string_with_format(*r, 0, k.number.to_string(), &cell)?;
                ws.write_string_with_format(*r, 1, &k.text.id, &cell)?;
                ws.write_blank(*r, 2, &cell)?;
            }
        }
    }
    ws.merge_range(
        at.total,
        0,
        at.total,
        1,
        "NILAI AKUNTABILITAS KINERJA",
        &strong,
    )?;
    ws.merge_range(at.predicate, 0, at.predicate, 1, "PREDIKAT", &strong)?;
    // Each tier's answers and values.
    for tier in 0..TIERS.len() {
        let (a, v) = (3 + 2 * tier as u16, 4 + 2 * tier as u16);
        let mut components = Vec::new();
        for (c, (row, subs)) in rubric.components.iter().zip(&at.components) {
            let mut sub_values = Vec::new();
            for (s, (sub_row, rows)) in c.subcomponents.iter().zip(subs) {
                let mut values = Vec::new();
                for (k, r) in s.criteria.iter().zip(rows) {
                    let codes = codes(rubric, k);
                    let (given, value) = answered(pemda, level, tier, k, &codes);
                    ws.write_string_with_format(*r, a, &given, &cell)?;
                    if shape.drop_downs {
                        let names: Vec<&str> = codes.iter().map(|c| c.0.as_str()).collect();
                        let list = DataValidation::new().allow_list_strings(&names)?;
                        ws.add_data_validation(*r, a, *r, a, &list)?;
                    }
                    let answer_cell = row_col_to_cell(*r, a);
                    let mut formula = "0".to_string();
                    for (code, value) in codes.iter().rev().skip(1) {
                        formula = format!("IF({answer_cell}=\"{code}\",{value},{formula})");
                    }
                    write_value(ws, *r, v, &format!("={formula}"), value, shape, &number)?;
                    values.push(value);
                }
                // The sub-component: the mean of its criteria x its weight.
                let code = format!("{}.{}", c.code, letter(&s.code));
                let short = fault(tier, &|f| matches!(f, Fault::ShortRange(k) if *k == code));
                let taken = match short {
                    Some(_) => &rows[..rows.len() - 1],
                    None => &rows[..],
                };
                let (first, last) = (taken[0], taken[taken.len() - 1]);
                let taken_values = &values[..taken.len()];
                let mean = taken_values.iter().sum::<f64>() / taken_values.len() as f64;
                let mut value = mean * s.weight;
                let formula = format!(
                    "=AVERAGE({}:{})*{}",
                    row_col_to_cell(first, v),
                    row_col_to_cell(last, v),
                    row_col_to_cell(*sub_row, 2)
                );
                let typed = fault(tier, &|f| matches!(f, Fault::Constant(k, _) if *k == code));
                match typed {
                    Some(Fault::Constant(_, typed)) => {
                        value = typed;
                        ws.write_number_with_format(*sub_row, v, typed, &strong_number)?;
                    }
                    _ => write_value(ws, *sub_row, v, &formula, value, shape, &strong_number)?,
                }
                sub_values.push((*sub_row, value, values));
            }
            // The component: the sum of its sub-components (or, faulty, of the whole block).
            let whole = fault(
                tier,
                &|f| matches!(f, Fault::WholeBlock(code) if *code == c.code),
            );
            let (formula, value) = match whole {
                Some(_) => {
                    let last = subs
                        .last()
                        .and_then(|s| s.1.last())
                        .copied()
                        .unwrap_or(*row);
                    let all: f64 = sub_values
                        .iter()
                        .map(|(_, v, criteria)| v + criteria.iter().sum::<f64>())
                        .sum();
                    let range = format!(
                        "{}:{}",
                        row_col_to_cell(row + 1, v),
                        row_col_to_cell(last, v)
                    );
                    (format!("=SUM({range})"), all)
                }
                None => {
                    let cells: Vec<String> = sub_values
                        .iter()
                        .map(|(r, _, _)| row_col_to_cell(*r, v))
                        .collect();
                    let sum = sub_values.iter().map(|s| s.1).sum::<f64>();
                    (format!("=SUM({})", cells.join(",")), sum)
                }
            };
            write_value(ws, *row, v, &formula, value, shape, &strong_number)?;
            components.push((c.code.as_str(), *row, value));
        }
        // The final score, and its predicate.
        let omitted = fault(tier, &|f| matches!(f, Fault::FinalOmits(_)));
        let taken: Vec<&(&str, u32, f64)> = components
            .iter()
            .filter(|c| !matches!(omitted, Some(Fault::FinalOmits(code)) if code == c.0))
            .collect();
        let cells: Vec<String> = taken.iter().map(|c| row_col_to_cell(c.1, v)).collect();
        let total = taken.iter().map(|c| c.2).sum::<f64>();
        let formula = format!("=SUM({})", cells.join(","));
        write_value(ws, at.total, v, &formula, total, shape, &strong_number)?;
        let lower = match fault(tier, &|f| matches!(f, Fault::LowerEdges(_))) {
            Some(Fault::LowerEdges(by)) => by,
            _ => 0.0,
        };
        let (grade, formula) = predicate(total, &row_col_to_cell(at.total, v), lower);
        match fault(tier, &|f| matches!(f, Fault::TypedPredicate(_))) {
            Some(Fault::TypedPredicate(typed)) => {
                ws.write_string_with_format(at.predicate, v, typed, &strong)?;
            }
            _ if shape.formulas => {
                let f = Formula::new(formula).set_result(grade);
                ws.write_formula_with_format(at.predicate, v, f, &strong)?;
            }
            _ => {
                ws.write_string_with_format(at.predicate, v, grade, &strong)?;
            }
        }
    }
    let signature = at.predicate + 3;
    ws.write_string(signature, 6, "Jakarta, 30 November 2025")?;
    ws.write_string(signature + 1, 6, "Ketua Tim Evaluator")?;
    ws.write_string(signature + 5, 6, "Dra. Sri Wahyuni, M.A.P.")?;
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 70)?;
    ws.set_column_width(2, 8)?;
    ws.set_column_width(7, 30)?;
    ws.set_freeze_panes(FIRST_ROW, 2)?;
    Ok(())
}

/// A sub-component's letter (`a` of `1.a`).
fn letter(code: &str) -> &str {
    code.rsplit('.').next().unwrap_or(code)
}

/// A value cell: its formula with `value` cached, or `value` typed (a form saved as values).
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    formula: &str,
    value: f64,
    shape: Shape,
    format: &Format,
) -> Result<(), XlsxError> {
    match shape.formulas {
        true => {
            let f = Formula::new(formula).set_result(value.to_string());
            ws.write_formula_with_format(row, col, f, format)?;
        }
        false => {
            ws.write_number_with_format(row, col, value, format)?;
        }
    }
    Ok(())
}

/// The final score of pemda `sheet` in tier `tier` as its workbook computes it without faults:
/// the sum over components of the mean of each sub-component's criterion values x its weight,
/// from the answers this module writes (not from sakip's scoring).
pub fn own_final_score(sheet: usize, tier: usize) -> f64 {
    let rubric = Rubric::load("akip-2021-opd").expect("the built-in rubric");
    let (pemda, level) = PEMDA[sheet];
    let mut total = 0.0;
    for c in &rubric.components {
        for s in &c.subcomponents {
            let values: Vec<f64> = s
                .criteria
                .iter()
                .map(|k| answered(pemda, level, tier, k, &codes(&rubric, k)).1)
                .collect();
            total += values.iter().sum::<f64>() / values.len() as f64 * s.weight;
        }
    }
    total
}

/// The cell (A1) of the value of the node `code` (`2.b`, `3`) in tier `tier`, or of the final
/// score (`total`) and the predicate (`predicate`).
pub fn value_cell(code: &str, tier: usize) -> String {
    let rubric = Rubric::load("akip-2021-opd").expect("the built-in rubric");
    let at = layout(&rubric);
    let v = 4 + 2 * tier as u16;
    let row = match code {
        "total" => at.total,
        "predicate" => at.predicate,
        _ => rubric
            .components
            .iter()
            .zip(&at.components)
            .find_map(|(c, (row, subs))| {
                if c.code == code {
                    return Some(*row);
                }
                c.subcomponents
                    .iter()
                    .zip(subs)
                    .find(|(s, _)| format!("{}.{}", c.code, letter(&s.code)) == code)
                    .map(|(_, (r, _))| *r)
            })
            .expect("a node of the rubric"),
    };
    row_col_to_cell(row, v)
}
