//! `sakip rubric import`: a tree rubric from the criteria table of an LKE workbook the evaluator
//! already has (the official layout, `docs/input-layouts.md`; `docs/rubric-import.md`).
//!
//! Each row of the table is a node: numbered rows by their codes (whole codes nest by prefix,
//! `A.I.1.i.a`; codes of another shape, `AREN001`, belong to the part above them; `1 / a / 1`
//! numbering is read by levels: a number with a weight opens a component, a letter a
//! sub-component, a number without one is a criterion), unnumbered rows under a criterion as its
//! evidence documents (answered) or its count rows (`Jumlah`). Weights come from `Bobot`,
//! scales from `Pilihan Jawaban`, else from the answers the sheet holds (with the values its
//! `Nilai` column shows beside them), tiers from the answer columns' group headers, and each
//! node's aggregation from its value cell's formula, else guessed from its children. Every
//! guess is written as a comment at its node.

use super::official::{find_header, header_block_end, header_cells, is_numbering_row};
use super::sheet::{read_sheets, Cell, Limits, Sheet};
use crate::messages::{format_number, Diagnostics, IngestProblem, Location};
use crate::rubric::{Rubric, Scale};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// What an import made: the rubric's TOML and what the import says of it.
#[derive(Debug)]
pub struct Imported {
    /// The rubric file's text (`rubric check` passes on it).
    pub toml: String,
    /// The sheet read.
    pub sheet: String,
    /// Nodes per level, from the components down.
    pub per_level: Vec<usize>,
    /// Criteria per scale id.
    pub per_scale: BTreeMap<String, usize>,
    /// The tiers found, lowest first.
    pub tiers: Vec<String>,
    /// What was guessed rather than read, a line each (`A.I.1: mean, no formula`).
    pub guesses: Vec<String>,
}

/// The columns of the criteria table.
struct Table {
    no: usize,
    /// The last column of a numbering spread over several (one a level).
    no_last: usize,
    text: usize,
    weight: Option<usize>,
    options: Option<usize>,
    /// Each tier's group header, answer column and value (`Nilai`) column.
    tiers: Vec<(String, usize, Option<usize>)>,
}

/// One row of the table, as a node.
struct Row {
    code: String,
    text: String,
    weight: Option<f64>,
    options: Option<String>,
    /// Each tier's answer and value.
    answers: Vec<(Option<String>, Option<f64>)>,
    /// The formula of its first tier's value cell, with the cell's name.
    formula: Option<(String, String)>,
    parent: Option<usize>,
    children: Vec<usize>,
    /// Count rows under it (their labels).
    counts: Vec<String>,
    /// Whether it is an evidence document of the criterion above it.
    document: bool,
}

/// Reads `path`'s criteria table (the sheet `sheet_name`, else the first in the official
/// layout) and writes a rubric of id `id` from it.
///
/// # Errors
/// Diagnostics at the file when it cannot be read or holds no LKE table, or when what it holds
/// makes no valid rubric (each problem listed).
pub fn import(path: &Path, sheet_name: Option<&str>, id: &str) -> Result<Imported, Diagnostics> {
    let at = || Some(Location::file(path.display().to_string()));
    let mut diag = Diagnostics::default();
    let fail = |mut diag: Diagnostics, kind: IngestProblem| {
        diag.error(at(), kind);
        Err(diag)
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return fail(diag, super::sheet::unreadable(e)),
    };
    let workbook = match read_sheets(path, bytes, true, &Limits::default()) {
        Ok(w) => w,
        Err(kind) => return fail(diag, kind),
    };
    let found = workbook.sheets.iter().find_map(|s| {
        let named = sheet_name.is_none_or(|n| n == s.name);
        let table = named.then(|| table(s)).flatten()?;
        Some((s, table))
    });
    let Some((sheet, columns)) = found else {
        return fail(diag, IngestProblem::NoLkeTable);
    };
    let mut rows = rows(sheet, &columns);
    if rows
        .iter()
        .all(|r| r.parent.is_none() && r.children.is_empty())
    {
        return fail(diag, IngestProblem::NoLkeTable);
    }
    // The other OPDs' copies of the table: their answers and values tell the scales too.
    let place: BTreeMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.clone(), i))
        .collect();
    for other in workbook.sheets.iter().filter(|s| s.name != sheet.name) {
        let Some(t) = table(other) else { continue };
        for r in self::rows(other, &t) {
            if let Some(&i) = place.get(&r.code) {
                rows[i].answers.extend(r.answers);
            }
        }
    }
    let imported = write_rubric(sheet, &columns, &rows, id);
    match Rubric::from_toml(&imported.toml, &format!("import of {}", path.display())) {
        Ok(_) => Ok(imported),
        Err(e) => {
            diag.extend(e.diagnostics());
            Err(diag)
        }
    }
}

/// The table's columns, when the sheet holds one.
fn table(sheet: &Sheet) -> Option<Table> {
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

/// The rows of the table as a tree (see the module).
fn rows(sheet: &Sheet, t: &Table) -> Vec<Row> {
    let header = find_header(sheet).unwrap_or(0);
    let mut start = header_block_end(sheet, header);
    if start < sheet.height() && is_numbering_row(sheet, start) {
        start += 1;
    }
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
        let answered = answers.iter().any(|(a, _)| a.is_some());
        let place = rows.len();
        let mut row = Row {
            code: String::new(),
            text: text.clone(),
            weight,
            options: options.clone(),
            answers,
            formula,
            parent: None,
            children: Vec::new(),
            counts: Vec::new(),
            document: false,
        };
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

/// The library scale an options text names (`Ya/Tidak`, `A/B/C/D`, `%`, `Nilai (0-4)`).
fn scale_of_options(options: &str) -> Option<&'static str> {
    let bare: String = options
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    Some(match bare.as_str() {
        "ya/tidak" | "y/t" | "ya" | "ya/tdk" => "yt",
        "a/b/c" => "abc",
        "a/b/c/d" => "abcd",
        "a/b/c/d/e" => "abcde",
        "aa/a/bb/b/cc/c/d/e" => "aa_e",
        "%" => "persen",
        b if b.contains("0-4") => "indeks_0_4",
        _ => return None,
    })
}

/// The library scale the answers seen fit (`Y`/`T`; `A`..`D`; `AA`..`E`): of those whose codes
/// hold them all, the one whose values are nearest to those the sheet shows beside them (`B` =
/// 0.66 is A/B/C/D, not A/B/C's 0.5), the one of fewest codes among equals; a number scale
/// (a percentage) when every answer is a number.
fn scale_of_answers<'l>(
    library: &'l BTreeMap<String, Scale>,
    answers: &[(String, Option<f64>)],
) -> Option<&'l str> {
    if answers.is_empty() {
        return None;
    }
    let mut coded: Vec<&Scale> = library.values().filter(|s| s.number.is_none()).collect();
    coded.sort_by_key(|s| s.codes.len());
    let distance = |scale: &Scale| -> Option<f64> {
        let mut sum = 0.0;
        for (answer, value) in answers {
            let code = &scale.codes[scale.position(answer)?];
            sum += value.map_or(0.0, |v| (v - code.value).abs());
        }
        Some(sum)
    };
    let best = coded
        .iter()
        .filter_map(|s| Some((distance(s)?, *s)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, scale)) = best {
        return Some(&scale.id);
    }
    let numbers = answers
        .iter()
        .all(|(a, _)| crate::rubric::NumberScale::number(a.trim_end_matches('%')).is_some());
    let percent = library
        .values()
        .find(|s| s.number.is_some_and(|n| n.percent));
    numbers.then_some(percent?.id.as_str())
}

/// The aggregation a formula shows (`AVERAGE(...)` a mean, `SUM(...)` a sum).
fn aggregation_of_formula(formula: &str) -> Option<&'static str> {
    let f = formula.to_uppercase();
    if f.contains("AVERAGE(") {
        Some("mean")
    } else if f.contains("SUM(") || f.contains('+') {
        Some("sum")
    } else {
        None
    }
}

fn quoted(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "\"{}\"",
        escaped.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// The rubric's TOML from the rows, with every guess as a comment at its node.
fn write_rubric(sheet: &Sheet, t: &Table, rows: &[Row], id: &str) -> Imported {
    let mut guesses = Vec::new();
    let mut per_scale: BTreeMap<String, usize> = BTreeMap::new();
    // Each library scale's values as the sheet shows them beside its answers.
    let library = crate::rubric::library_scales();
    let mut seen_values: BTreeMap<&str, BTreeMap<String, f64>> = BTreeMap::new();
    let scale_of = |row: &Row| -> (Option<&str>, &'static str) {
        if let Some(s) = row.options.as_deref().and_then(scale_of_options) {
            return (Some(s), "from Pilihan Jawaban");
        }
        let answers: Vec<(String, Option<f64>)> = row
            .answers
            .iter()
            .filter_map(|(a, v)| Some((a.clone()?, *v)))
            .collect();
        (
            scale_of_answers(&library, &answers),
            "guessed from the answers the sheets hold and the values beside them",
        )
    };
    let leaves: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].children.is_empty())
        .collect();
    for &i in &leaves {
        if let (Some(s), _) = scale_of(&rows[i]) {
            for (a, v) in &rows[i].answers {
                if let (Some(a), Some(v)) = (a, v) {
                    seen_values
                        .entry(s)
                        .or_default()
                        .insert(a.trim().to_uppercase(), *v);
                }
            }
        }
    }
    let max_score: f64 = rows
        .iter()
        .filter(|r| r.parent.is_none())
        .filter_map(|r| r.weight)
        .sum();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by `sakip rubric import` from the criteria table of sheet '{}' ({} rows).\n# Check every comment marked `guessed` before scoring with it.",
        sheet.name,
        rows.len()
    );
    let _ = writeln!(out, "id = {}", quoted(id));
    let _ = writeln!(out, "regime = {}", quoted("LKE daerah (diimpor)"));
    let _ = writeln!(out, "max_score = {}", fmt(max_score));
    let tiers: Vec<String> = t.tiers.iter().map(|(g, _, _)| tier_id(g)).collect();
    let tiers = if tiers.len() < 2 || tiers.iter().any(String::is_empty) {
        guesses.push("tiers: the answer columns name none: usulan, penetapan assumed".to_string());
        vec!["usulan".to_string(), "penetapan".to_string()]
    } else {
        tiers
    };
    let _ = writeln!(
        out,
        "tiers = [{}]\nscored_tier = {}",
        tiers
            .iter()
            .map(|t| quoted(t))
            .collect::<Vec<_>>()
            .join(", "),
        quoted(tiers.last().map_or("penetapan", String::as_str))
    );
    let _ = writeln!(
        out,
        "\ntitle = {{ id = {} }}",
        quoted(&format!("LKE {}", sheet.name))
    );
    if t.tiers.len() >= 2 {
        let _ = writeln!(
            out,
            "\n# The words of each tier's column group.\n[tier_words]"
        );
        for ((group, _, _), tier) in t.tiers.iter().zip(&tiers) {
            let words = group
                .split('(')
                .next()
                .unwrap_or(group)
                .trim()
                .to_lowercase();
            let _ = writeln!(out, "{tier} = [{}]", quoted(&words));
        }
    }
    // Scales whose values the sheet shows otherwise than the library.
    for (id, values) in &seen_values {
        let Some(scale) = library.get(*id) else {
            continue;
        };
        if scale.number.is_some() {
            continue;
        }
        let differs = scale.codes.iter().any(|c| {
            values
                .get(&c.code)
                .is_some_and(|v| (v - c.value).abs() > 1e-9)
        });
        if !differs {
            continue;
        }
        let _ = writeln!(
            out,
            "\n# {id}: the values the sheet's Nilai column shows beside these answers.\n[scales.{id}]\nname = {{ id = {} }}\ncodes = [",
            quoted(&scale.name.id)
        );
        for c in &scale.codes {
            let v = values
                .get(&c.code.to_uppercase())
                .copied()
                .unwrap_or(c.value);
            let _ = writeln!(
                out,
                "  {{ code = {}, value = {}, label = {{ id = {} }} }},",
                quoted(&c.code),
                fmt(v),
                quoted(&c.label.id)
            );
        }
        let _ = writeln!(out, "]");
        guesses.push(format!("scale {id}: values from the sheet's Nilai column"));
    }
    bands(&mut out, max_score);
    guesses.push(
        "bands: PermenPAN-RB 88/2021's, on this maximum (a sheet holds no predicate rules)".into(),
    );
    for (i, row) in rows.iter().enumerate() {
        let _ = writeln!(out, "\n[[nodes]]");
        let mut notes: Vec<String> = Vec::new();
        let _ = writeln!(out, "code = {}", quoted(&row.code));
        if let Some(p) = row.parent {
            let _ = writeln!(out, "parent = {}", quoted(&rows[p].code));
        }
        let leaf = row.children.is_empty();
        let text = if row.text.is_empty() {
            &row.code
        } else {
            &row.text
        };
        match leaf || row.children.iter().all(|&c| rows[c].document) {
            true => {
                let _ = writeln!(
                    out,
                    "text = {}",
                    quoted(text.trim_start_matches(['-', ' ']))
                );
            }
            false => {
                let _ = writeln!(out, "name = {{ id = {} }}", quoted(text));
            }
        }
        if let Some(w) = row.weight {
            let _ = writeln!(out, "weight = {}", fmt(w));
        }
        if leaf {
            let (scale, how) = scale_of(row);
            let scale = scale.unwrap_or_else(|| {
                notes.push("guessed: no options and no answers; Ya/Tidak assumed".into());
                "yt"
            });
            if !how.starts_with("from") && scale_of(row).0.is_some() {
                notes.push(how.to_string());
                guesses.push(format!("{}: scale {scale}, {how}", row.code));
            }
            *per_scale.entry(scale.to_string()).or_default() += 1;
            let _ = writeln!(out, "scale = {}", quoted(scale));
            if matches!(scale, "persen" | "indeks_0_4") {
                let _ = writeln!(out, "aggregate = \"direct\"");
            }
            if !row.counts.is_empty() {
                let list: Vec<String> = row.counts.iter().map(|c| quoted(c)).collect();
                let _ = writeln!(out, "counts = [{}]", list.join(", "));
            }
        } else if row.children.iter().all(|&c| rows[c].document) {
            let _ = writeln!(out, "aggregate = \"share\"\nscale = \"yt\"");
            notes.push("from its evidence rows: the share of its documents present".into());
        } else {
            let (aggregation, note) = aggregation(rows, i);
            let _ = writeln!(out, "aggregate = \"{aggregation}\"");
            if note.starts_with("guessed") {
                guesses.push(format!("{}: {note}", row.code));
            }
            notes.push(note);
        }
        for n in notes {
            let _ = writeln!(out, "# {n}");
        }
    }
    let depth = |mut i: usize| {
        let mut d = 1;
        while let Some(p) = rows[i].parent {
            d += 1;
            i = p;
        }
        d
    };
    let mut per_level = Vec::new();
    for i in 0..rows.len() {
        let d = depth(i);
        if per_level.len() < d {
            per_level.resize(d, 0);
        }
        per_level[d - 1] += 1;
    }
    Imported {
        toml: out,
        sheet: sheet.name.clone(),
        per_level,
        per_scale,
        tiers,
        guesses,
    }
}

/// A node's aggregation: its formula's, else a sum when its children's weights add up to its
/// own, else a mean; and the comment that says which.
fn aggregation(rows: &[Row], i: usize) -> (&'static str, String) {
    let row = &rows[i];
    if let Some((formula, cell)) = &row.formula {
        if let Some(a) = aggregation_of_formula(formula) {
            return (a, format!("from the formula at {cell}: ={formula}"));
        }
    }
    let weights: Option<f64> = row.children.iter().map(|&c| rows[c].weight).sum();
    match (weights, row.weight) {
        (Some(sum), Some(w)) if (sum - w).abs() < 1e-6 => (
            "sum",
            "guessed: no formula; its parts' weights add up to its own, sum assumed".into(),
        ),
        _ => ("mean", "guessed: no formula, mean assumed".into()),
    }
}

/// A tier's id from its column group's header (`PENILAIAN MANDIRI (OPD)` is `mandiri`).
fn tier_id(group: &str) -> String {
    let words: Vec<String> = group
        .split('(')
        .next()
        .unwrap_or(group)
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .filter(|w| w != "penilaian")
        .collect();
    words.join("_")
}

/// The predicate bands of PermenPAN-RB 88/2021 on `[0, max_score]`.
fn bands(out: &mut String, max_score: f64) {
    let Ok(akip) = Rubric::load("akip-2021-opd") else {
        return;
    };
    let scale = max_score / akip.max_score;
    let _ = writeln!(
        out,
        "\n# The predicate bands of PermenPAN-RB 88/2021, on this rubric's maximum."
    );
    for b in &akip.bands {
        let _ = writeln!(
            out,
            "\n[[bands]]\ngrade = {}\nlower = {}\nupper = {}\nlower_inclusive = {}\nupper_inclusive = {}\ncolor = {}\nfont_color = {}\nlabel = {{ id = {}, en = {} }}",
            quoted(&b.grade),
            fmt(b.lower * scale),
            fmt(b.upper * scale),
            b.lower_inclusive,
            b.upper_inclusive,
            quoted(&b.color),
            quoted(&b.font_color),
            quoted(&b.label.id),
            quoted(&b.label.en)
        );
    }
}

/// A number as TOML writes a float.
fn fmt(v: f64) -> String {
    let text = format_number(v);
    match text.contains('.') {
        true => text,
        false => format!("{text}.0"),
    }
}
