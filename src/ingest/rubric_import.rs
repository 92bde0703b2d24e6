//! `sakip rubric import`: a tree rubric from the criteria table of an LKE workbook the evaluator
//! already has (the official layout, `docs/input-layouts.md`; `docs/rubric-import.md`).
//!
//! Each row of the table is a node: numbered rows by their codes (whole codes nest by prefix,
//! `A.I.1.i.a`; codes of another shape, `AREN001`, belong to the part above them; `1 / a / 1`
//! numbering is read by levels: a number with a weight opens a component, a letter a
//! sub-component, a number without one is a criterion), unnumbered rows under a criterion as its
//! evidence documents (answered) or its count rows (`Jumlah`). Weights come from `Bobot`,
//! scales from `Pilihan Jawaban`, else from the value cell's formula, else from the drop-down
//! list on the answer cell, else from the answers the sheet holds (with the values its `Nilai`
//! column shows beside them), else from `--scale` (asked for when not given); tiers from the
//! answer columns' group headers; each node's aggregation from its value cell's formula, else
//! guessed from its children. Every guess is written as a comment at its node; the workbook's
//! own final score and predicate rows are no nodes (`audit` checks them).

use super::lke_table::{rows, table, Row, Table};
use super::sheet::{read_sheets, Limits, Sheet};
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
    /// The rows under the header that are no node, count row or evidence document (a title,
    /// a note, the signature block), by their row number in the sheet: passed over.
    pub passed_over: Vec<usize>,
    /// The criteria whose scale nothing in the sheet tells and no `--scale` gives.
    pub untold: Vec<String>,
    /// The rows of the workbook's own final score and predicate (row number in the sheet,
    /// label): no nodes; `audit` checks them.
    pub totals: Vec<(usize, String)>,
}

/// What an import is asked to do besides reading the workbook.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    /// The sheet holding the table (`None`: the first in the official layout).
    pub sheet: Option<&'a str>,
    /// The new rubric's id.
    pub id: &'a str,
    /// A TOML file of `[[bands]]` to use instead of 88/2021's.
    pub bands: Option<&'a Path>,
    /// The library scale of the criteria nothing in the sheet gives one (no formula, answer
    /// options, drop-down or answer): without it, such criteria are an error naming them.
    pub scale: Option<&'a str>,
}

/// Reads `path`'s criteria table (the sheet `options.sheet`, else the first in the official
/// layout) and writes a rubric from it.
///
/// # Errors
/// Diagnostics at the file when it cannot be read or holds no LKE table, when some criteria's
/// scale nothing tells and `options.scale` does not give it, or when what it holds makes no
/// valid rubric (each problem listed).
pub fn import(path: &Path, options: ImportOptions) -> Result<Imported, Diagnostics> {
    let ImportOptions {
        sheet: sheet_name,
        id,
        bands,
        scale,
    } = options;
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
    let workbook = match read_sheets(path, bytes.clone(), true, &Limits::default()) {
        Ok(w) => w,
        Err(kind) => return fail(diag, kind),
    };
    // The drop-down lists of an .xlsx's cells (none for other formats), once the reader has
    // checked the file's size within the limits.
    let drop_downs = super::xlsx_validations::drop_downs(&bytes).unwrap_or_default();
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
    if let Some(lists) = drop_downs.get(&sheet.name) {
        for row in &mut rows {
            row.drop_down = drop_down(&workbook.sheets, sheet, &columns, row.row, lists);
        }
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
    // The predicate bands: a file's `[[bands]]` (gates included) as they are written.
    let own_bands = match bands {
        Some(file) => match std::fs::read_to_string(file) {
            Ok(text) => Some((file.display().to_string(), text)),
            Err(e) => {
                let at = Some(Location::file(file.display().to_string()));
                diag.error(at, super::sheet::unreadable(e));
                return Err(diag);
            }
        },
        None => None,
    };
    let library: Vec<String> = crate::rubric::library_scales().into_keys().collect();
    if let Some(asked) = scale.filter(|s| !library.iter().any(|l| l == s)) {
        let kind = IngestProblem::ScaleNotInLibrary {
            scale: asked.to_string(),
            scales: library,
        };
        return fail(diag, kind);
    }
    let mut imported = write_rubric(sheet, &columns, &rows, id, own_bands.as_ref(), scale);
    imported.totals = super::lke_table::totals(sheet, &columns, &rows)
        .into_iter()
        .filter_map(|t| {
            let (row, _) = t.cells.iter().flatten().next()?.at;
            Some((sheet.row0 as usize + row + 1, t.label))
        })
        .collect();
    let total_rows: Vec<usize> = imported.totals.iter().map(|t| t.0).collect();
    imported.passed_over = passed_over(sheet, &rows);
    imported.passed_over.retain(|r| !total_rows.contains(r));
    if !imported.untold.is_empty() {
        let codes = std::mem::take(&mut imported.untold);
        return fail(
            diag,
            IngestProblem::ScaleNotTold {
                codes,
                scales: library,
            },
        );
    }
    match Rubric::from_toml(&imported.toml, &format!("import of {}", path.display())) {
        Ok(_) => Ok(imported),
        Err(e) => {
            diag.extend(e.diagnostics());
            Err(diag)
        }
    }
}

/// The drop-down list on the answer cells of the table's row `row` (the first tier's that has
/// one), with that cell and its items (those of a list given by cells read from them).
fn drop_down(
    sheets: &[Sheet],
    sheet: &Sheet,
    t: &Table,
    row: usize,
    lists: &[super::xlsx_validations::DropDown],
) -> Option<(String, Vec<String>)> {
    use super::xlsx_validations::Items;
    t.tiers.iter().find_map(|(_, answer, _)| {
        let at = (sheet.row0 + row as u32, sheet.col0 + *answer as u32);
        let list = lists.iter().find(|l| l.covers(at))?;
        let items = match &list.items {
            Items::Listed(items) => items.clone(),
            Items::Cells(name, (r0, c0, r1, c1)) => {
                let from = match name {
                    Some(n) => sheets.iter().find(|s| &s.name == n)?,
                    None => sheet,
                };
                let mut items = Vec::new();
                for r in *r0..=*r1 {
                    for c in *c0..=*c1 {
                        let (r, c) = (r.checked_sub(from.row0)?, c.checked_sub(from.col0)?);
                        items.extend(from.get(r as usize, c as usize).text());
                    }
                }
                items
            }
        };
        let cell = format!("{}!{}", sheet.name, sheet.a1(row, *answer));
        (!items.is_empty()).then_some((cell, items))
    })
}

/// The rows under the header of `sheet` that are not blank and are no node, count row or
/// evidence document of `rows`, by their row number in the sheet (from 1).
fn passed_over(sheet: &Sheet, rows: &[Row]) -> Vec<usize> {
    let used: std::collections::BTreeSet<usize> = rows
        .iter()
        .flat_map(|r| std::iter::once(r.row).chain(r.count_rows.iter().copied()))
        .collect();
    (super::lke_table::data_start(sheet)..sheet.height())
        .filter(|r| !used.contains(r))
        .filter(|&r| (0..sheet.width()).any(|c| !sheet.get(r, c).is_blank()))
        .map(|r| sheet.row0 as usize + r + 1)
        .collect()
}

/// The library scale an options text names (`Ya/Tidak`, `A/B/C/D`, `%`, `Nilai (0-4)`): the
/// one it offers ([`Scale::offered_by`]), coded scales of fewest codes first.
fn scale_of_options<'l>(library: &'l BTreeMap<String, Scale>, options: &str) -> Option<&'l str> {
    let mut scales: Vec<&Scale> = library.values().collect();
    scales.sort_by_key(|s| (s.number.is_some(), s.codes.len()));
    scales
        .into_iter()
        .find(|s| s.offered_by(options))
        .map(|s| s.id.as_str())
}

/// The library scale the answers seen fit (`Y`/`T`; `A`..`D`; `AA`..`E`): of those whose codes
/// hold them all, the one whose values are nearest to those the sheet shows beside them (`B` =
/// 0.66 is A/B/C/D, not A/B/C's 0.5), the one of fewest codes among equals; a number scale
/// (a percentage) when every answer is a number.
///
/// Among equals, a scale `proven` holds (one the sheet shows for other criteria beyond doubt:
/// by their options, formulas, drop-downs, or answers only it holds, `BB` of AA..E) comes first:
/// a criterion answered `A` where others are answered `BB` is on AA..E, not A/B/C.
fn scale_of_answers<'l>(
    library: &'l BTreeMap<String, Scale>,
    answers: &[(String, Option<f64>)],
    proven: &std::collections::BTreeSet<&str>,
) -> Option<&'l str> {
    let nearest = nearest_scales(library, answers);
    if let Some(&first) = nearest.first() {
        return Some(
            *nearest
                .iter()
                .find(|id| proven.contains(*id))
                .unwrap_or(&first),
        );
    }
    if answers.is_empty() {
        return None;
    }
    let numbers = answers
        .iter()
        .all(|(a, _)| crate::rubric::NumberScale::number(a.trim_end_matches('%')).is_some());
    let percent = library
        .values()
        .find(|s| s.number.is_some_and(|n| n.percent));
    numbers.then_some(percent?.id.as_str())
}

/// Of the coded library scales that hold every one of `answers`, those whose values are
/// nearest to the values the sheet shows beside them, fewest codes first.
fn nearest_scales<'l>(
    library: &'l BTreeMap<String, Scale>,
    answers: &[(String, Option<f64>)],
) -> Vec<&'l str> {
    if answers.is_empty() {
        return Vec::new();
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
    let fits: Vec<(f64, &str)> = coded
        .iter()
        .filter_map(|s| Some((distance(s)?, s.id.as_str())))
        .collect();
    let Some(best) = fits.iter().map(|f| f.0).min_by(f64::total_cmp) else {
        return Vec::new();
    };
    // In the library's order by codes: fewest codes first.
    fits.into_iter()
        .filter(|(d, _)| *d <= best + 1e-9)
        .map(|(_, id)| id)
        .collect()
}

/// The answer codes a value cell's formula tests and the values it gives them, in order
/// (`IF(D11="A",1,IF(D11="B",0.66,...))` gives A 1, B 0.66).
fn formula_codes(formula: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut rest = formula;
    while let Some(at) = rest.find("=\"") {
        let after = &rest[at + 2..];
        let Some(end) = after.find('"') else { break };
        let code = after[..end].trim().to_uppercase();
        let tail = after[end + 1..].trim_start_matches(',');
        let number: String = tail
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if let Ok(value) = number.parse::<f64>() {
            out.push((code, value));
        }
        rest = &after[end + 1..];
    }
    out
}

/// The library scale whose codes, all but its last (the formula's "else"), are those a value
/// formula tests, in order.
fn scale_of_formula<'l>(
    library: &'l BTreeMap<String, Scale>,
    codes: &[(String, f64)],
) -> Option<&'l str> {
    if codes.is_empty() {
        return None;
    }
    let tested: Vec<&str> = codes.iter().map(|(c, _)| c.as_str()).collect();
    library
        .values()
        .filter(|s| s.number.is_none() && s.codes.len() == tested.len() + 1)
        .find(|s| {
            s.codes
                .iter()
                .zip(&tested)
                .all(|(c, t)| c.code.eq_ignore_ascii_case(t))
        })
        .map(|s| s.id.as_str())
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
fn write_rubric(
    sheet: &Sheet,
    t: &Table,
    rows: &[Row],
    id: &str,
    own_bands: Option<&(String, String)>,
    asked: Option<&str>,
) -> Imported {
    let mut untold = Vec::new();
    let mut guesses = Vec::new();
    let mut per_scale: BTreeMap<String, usize> = BTreeMap::new();
    // Each library scale's values as the sheet shows them beside its answers.
    let library = crate::rubric::library_scales();
    let mut seen_values: BTreeMap<&str, BTreeMap<String, f64>> = BTreeMap::new();
    let answers_of = |row: &Row| -> Vec<(String, Option<f64>)> {
        row.answers
            .iter()
            .filter_map(|(a, v)| Some((a.clone()?, *v)))
            .collect()
    };
    let scale_told = |row: &Row| -> Option<(&str, &'static str)> {
        let options = row.options.as_deref();
        if let Some(s) = options.and_then(|o| scale_of_options(&library, o)) {
            return Some((s, "from Pilihan Jawaban"));
        }
        let formula = row.formula.as_ref().map(|(f, _)| formula_codes(f));
        if let Some(s) = formula.and_then(|codes| scale_of_formula(&library, &codes)) {
            return Some((s, "from its value cell's formula"));
        }
        let listed = row.drop_down.as_ref().map(|(_, items)| items.join("/"));
        if let Some(s) = listed.and_then(|items| scale_of_options(&library, &items)) {
            return Some((s, "from the drop-down list"));
        }
        None
    };
    let leaves: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].children.is_empty())
        .collect();
    // The scales the sheet shows beyond doubt somewhere: told, or the one its answers fit.
    let proven: std::collections::BTreeSet<&str> = leaves
        .iter()
        .filter_map(|&i| match scale_told(&rows[i]) {
            Some((s, _)) => Some(s),
            None => match nearest_scales(&library, &answers_of(&rows[i])).as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        })
        .collect();
    let scale_of = |row: &Row| -> (Option<&str>, &'static str) {
        if let Some((s, how)) = scale_told(row) {
            return (Some(s), how);
        }
        (
            scale_of_answers(&library, &answers_of(row), &proven),
            "guessed from the answers the sheets hold and the values beside them",
        )
    };
    for &i in &leaves {
        if let (Some(s), _) = scale_of(&rows[i]) {
            // The values its formula gives its codes.
            if let Some((f, _)) = &rows[i].formula {
                for (code, value) in formula_codes(f) {
                    seen_values.entry(s).or_default().insert(code, value);
                }
            }
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
            "\n# {id}: the values the sheet gives these answers (its formulas, its Nilai column).\n[scales.{id}]\nname = {{ id = {} }}\ncodes = [",
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
        guesses.push(format!(
            "scale {id}: the values the sheet gives its answers, not the library's"
        ));
    }
    match own_bands {
        Some((file, text)) => {
            let _ = writeln!(out, "\n# The predicate bands of {file}.\n{text}");
        }
        None => {
            bands(&mut out, max_score);
            guesses.push(
                "bands: PermenPAN-RB 88/2021's, on this maximum (a sheet holds no predicate rules; --bands FILE gives others)"
                    .into(),
            );
        }
    }
    let keys = shared_keys(rows);
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
        if let Some(key) = keys.get(&i) {
            let _ = writeln!(out, "key = {}", quoted(key));
            notes.push("key: its name, shared with a part of its level elsewhere (gates take them together)".into());
        }
        if leaf {
            let (scale, how) = scale_of(row);
            let scale = match (scale, asked) {
                (Some(s), _) => s,
                (None, Some(asked)) => {
                    notes.push("scale as --scale gives it: nothing in the sheet tells".into());
                    asked
                }
                (None, None) => {
                    untold.push(row.code.clone());
                    "yt"
                }
            };
            if let (true, Some((_, cell))) = (how.starts_with("from its value"), &row.formula) {
                notes.push(format!("scale from the formula at {cell}"));
            }
            if let (true, Some((cell, items))) = (how.starts_with("from the drop"), &row.drop_down)
            {
                notes.push(format!(
                    "scale from the drop-down list at {cell} ({})",
                    items.join(", ")
                ));
            }
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
            let origin = (sheet.row0 as usize, sheet.col0 as usize);
            let (aggregation, note) = aggregation(rows, i, origin);
            let _ = writeln!(out, "aggregate = \"{aggregation}\"");
            if note.starts_with("guessed") || note.contains("check it") {
                guesses.push(format!("{}: {note}", row.code));
            }
            notes.push(note);
        }
        for n in notes {
            let _ = writeln!(out, "# {n}");
        }
    }
    let depth = |i: usize| depth_of(rows, i);
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
        passed_over: Vec::new(),
        untold,
        totals: Vec::new(),
    }
}

/// A row's depth in the tree: 1 for a component.
fn depth_of(rows: &[Row], mut i: usize) -> usize {
    let mut d = 1;
    while let Some(p) = rows[i].parent {
        d += 1;
        i = p;
    }
    d
}

/// The key of each part that shares its name with another part of its level (the same area
/// under Pemenuhan and under Reform): its name, in lower case with dashes. Gates take such
/// parts together.
fn shared_keys(rows: &[Row]) -> BTreeMap<usize, String> {
    let name = |i: usize| rows[i].text.trim().to_lowercase();
    let parts: Vec<usize> = (0..rows.len())
        .filter(|&i| !rows[i].children.is_empty() && !rows[i].text.trim().is_empty())
        .collect();
    let mut keys = BTreeMap::new();
    for &i in &parts {
        let shared = parts
            .iter()
            .any(|&j| j != i && depth_of(rows, j) == depth_of(rows, i) && name(j) == name(i));
        if shared {
            let slug: Vec<String> = name(i)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            keys.insert(i, slug.join("-"));
        }
    }
    keys
}

/// A node's aggregation: its formula's, else a sum when its children's weights add up to its
/// own, else a mean; and the comment that says which.
fn aggregation(rows: &[Row], i: usize, origin: (usize, usize)) -> (&'static str, String) {
    let row = &rows[i];
    if let Some((formula, cell)) = &row.formula {
        if let Some(a) = aggregation_of_formula(formula) {
            let mut note = format!("from the formula at {cell}: ={formula}");
            // A formula that takes in rows that are not its parts, or leaves parts out, is
            // taken at its word but said to be suspect (`sakip audit` names it too).
            let col = row
                .value_cells
                .first()
                .cloned()
                .flatten()
                .map(|((_, c), _)| c);
            if let Some(col) = col {
                let (omits, adds) =
                    super::lke_table::formula_parts(rows, &row.children, formula, col, origin);
                if !omits.is_empty() {
                    note.push_str(&format!("; check it: it leaves out {}", omits.join(", ")));
                }
                if !adds.is_empty() {
                    note.push_str(&format!("; check it: it also takes {}", adds.join(", ")));
                }
            }
            return (a, note);
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
