//! `sakip history import`: a past year that exists only as a published summary (`opd`, `nilai`,
//! optional `predikat` and component scores) brought into the history.

use super::lineage::Lineage;
use super::{competition_ranks, OpdYear, Source, YearMeta, YearResult};
use crate::ingest::header_key;
use crate::ingest::open;
use crate::ingest::table::{find_header, Field};
use crate::ingest::{parse_number, Cell, Limits};
use crate::messages::{Diagnostics, HistoryProblem, IngestProblem};
use crate::rubric::Rubric;
use crate::score::rank::round_centi;
use std::collections::HashMap;
use std::path::Path;

const FIELDS: &[Field] = &[
    Field {
        name: "opd",
        required: true,
        spellings: &[
            "opd",
            "nama",
            "namaopd",
            "perangkatdaerah",
            "unitkerja",
            "name",
        ],
    },
    Field {
        name: "nilai",
        required: true,
        spellings: &["nilai", "nilaiakhir", "nilaiakip", "skor", "score", "total"],
    },
    Field {
        name: "predikat",
        required: false,
        spellings: &["predikat", "predicate"],
    },
];

/// How a header cell names a component: its code (`1`, `Komponen 1`), its key or its name.
fn component_index(meta: &YearMeta, header: &str) -> Option<usize> {
    let h = header_key(header);
    meta.components().find_map(|(j, p)| {
        let names = [
            header_key(&p.code),
            format!("komponen{}", header_key(&p.code)),
            format!("component{}", header_key(&p.code)),
            header_key(&p.key),
            header_key(&p.name.id),
            header_key(&p.name.en),
        ];
        names.contains(&h).then_some(j)
    })
}

/// Reads a published summary of `year` scored under `rubric`. Names go through `lineage` when
/// it has a registry (a name it does not know is an error with suggestions). Every problem is
/// reported into `diag`; `None` when the file gives nothing to store.
pub fn import(
    path: &Path,
    year: i32,
    rubric: &Rubric,
    lineage: &Lineage,
    limits: &Limits,
    diag: &mut Diagnostics,
) -> Option<YearResult> {
    let file = path.display().to_string();
    let sheets = open(path, limits, &mut Vec::new(), diag)?;
    let meta = YearMeta::of(rubric, year, Source::Import);
    let Some((sheet, header)) = sheets
        .iter()
        .find_map(|s| find_header(s, FIELDS, 2, |_| true).map(|h| (s, h)))
    else {
        let missing = sheets
            .iter()
            .find_map(|s| find_header(s, FIELDS, 1, |_| true).map(|h| (s, h)));
        match missing {
            Some((s, h)) => {
                for field in h.missing(FIELDS) {
                    diag.error(
                        Some(crate::messages::Location::cell(
                            &file,
                            &s.name,
                            s.at(h.row, 0),
                        )),
                        IngestProblem::MissingColumn {
                            column: field.name.to_string(),
                        },
                    );
                }
            }
            None => diag.error(
                Some(crate::messages::Location::file(&file)),
                IngestProblem::NoRecognisableSheet,
            ),
        }
        return None;
    };
    let at = |row: usize, col: usize| {
        crate::messages::Location::cell(&file, &sheet.name, sheet.at(row, col))
    };
    let width = sheet.rows.get(header.row).map_or(0, Vec::len);
    let component_cols: Vec<(usize, usize)> = (0..width)
        .filter(|c| !header.columns.contains(&Some(*c)))
        .filter_map(|c| {
            let text = sheet.get(header.row, c).text()?;
            component_index(&meta, &text).map(|j| (j, c))
        })
        .collect();
    let (opd_col, score_col) = (header.col(0)?, header.col(1)?);
    let grades: Vec<&str> = meta.bands.iter().map(|b| b.grade.as_str()).collect();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut rows: Vec<OpdYear> = Vec::new();
    for row in header.row + 1..sheet.height() {
        let Some(name) = sheet.get(row, opd_col).text() else {
            continue;
        };
        let number = |col: usize, field: &str, max: f64, diag: &mut Diagnostics| -> Option<f64> {
            let cell = sheet.get(row, col);
            if matches!(cell, Cell::Empty) {
                return None;
            }
            let Some(value) = parse_number(cell) else {
                diag.error(
                    Some(at(row, col)),
                    IngestProblem::BadNumber {
                        field: field.to_string(),
                        value: cell.text().unwrap_or_default(),
                    },
                );
                return None;
            };
            if !(0.0..=max).contains(&value) {
                diag.error(
                    Some(at(row, col)),
                    HistoryProblem::OutOfRange {
                        field: field.to_string(),
                        value,
                        max,
                    },
                );
                return None;
            }
            Some(value)
        };
        let score = number(score_col, "nilai", meta.max_score, diag);
        if score.is_none() && matches!(sheet.get(row, score_col), Cell::Empty) {
            diag.error(
                Some(at(row, score_col)),
                IngestProblem::EmptyValue {
                    field: "nilai".into(),
                },
            );
        }
        let mut parts = vec![None; meta.parts.len()];
        for &(j, col) in &component_cols {
            let field = format!("komponen {}", meta.parts[j].code);
            parts[j] = number(col, &field, meta.parts[j].max, diag);
        }
        let (canonical, opd_id) = if lineage.has_registry() {
            match lineage.canonical(&name, None) {
                Some(c) => (c.clone(), lineage.id_of(&c)),
                None => {
                    diag.error(
                        Some(at(row, opd_col)),
                        IngestProblem::UnknownOpd {
                            suggestions: lineage.suggest(&name),
                            name,
                        },
                    );
                    continue;
                }
            }
        } else {
            (name.clone(), None)
        };
        let key = crate::ingest::opd::opd_key(&canonical);
        if let Some(other) = seen.get(&key) {
            diag.error(
                Some(at(row, opd_col)),
                IngestProblem::DuplicateOpd {
                    opd: name,
                    other: other.clone(),
                },
            );
            continue;
        }
        seen.insert(key, at(row, opd_col).to_string());
        let Some(score) = score else {
            continue;
        };
        let score = round_centi(score) as f64 / 100.0;
        let computed = meta
            .band_for(score)
            .map(|b| b.grade.clone())
            .unwrap_or_default();
        let predicate = match header
            .col(2)
            .and_then(|c| sheet.get(row, c).text().map(|t| (c, t)))
        {
            None => computed,
            Some((col, given)) => {
                let Some(grade) = grades.iter().find(|g| g.eq_ignore_ascii_case(given.trim()))
                else {
                    diag.error(
                        Some(at(row, col)),
                        IngestProblem::NotInList {
                            field: "predikat".into(),
                            value: given,
                            allowed: grades.iter().map(|g| g.to_string()).collect(),
                        },
                    );
                    continue;
                };
                if *grade != computed {
                    diag.warning(
                        Some(at(row, col)),
                        HistoryProblem::PredicateDiffers {
                            given: grade.to_string(),
                            computed,
                            score,
                        },
                    );
                }
                grade.to_string()
            }
        };
        let given: Vec<f64> = meta.components().filter_map(|(j, _)| parts[j]).collect();
        if !component_cols.is_empty() && given.len() == meta.components().count() {
            let sum = given.iter().sum::<f64>();
            if (round_centi(sum) - round_centi(score)).abs() > 1 {
                diag.warning(
                    Some(at(row, score_col)),
                    HistoryProblem::SumDiffers {
                        total: score,
                        sum: round_centi(sum) as f64 / 100.0,
                    },
                );
            }
        }
        rows.push(OpdYear {
            opd: canonical,
            opd_id,
            score,
            predicate,
            rank: 0,
            parts,
        });
    }
    if rows.is_empty() && !diag.has_errors() {
        diag.error(
            Some(at(header.row, score_col)),
            IngestProblem::EmptyValue {
                field: "nilai".into(),
            },
        );
    }
    let ranks = competition_ranks(&rows.iter().map(|r| r.score).collect::<Vec<_>>());
    for (r, rank) in rows.iter_mut().zip(ranks) {
        r.rank = rank;
    }
    rows.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.opd.cmp(&b.opd)));
    Some(YearResult {
        meta,
        rows,
        file: path.to_path_buf(),
    })
}
