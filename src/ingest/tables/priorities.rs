//! The priorities file: the mayor's priority programs, one per row.

use super::check_ids;
use crate::ingest::open;
use crate::ingest::table::{find_header, split_list, Field, Placed};
use crate::ingest::{InputFile, Limits, Sheet};
use crate::messages::{Diagnostics, IngestProblem, Location};
use serde::Serialize;
use std::path::Path;

/// One of the mayor's priority programs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    /// Its id.
    pub id: String,
    /// Its name.
    pub nama: String,
    /// The mission it serves.
    pub misi: Option<String>,
    /// The RPJMD target it serves (links Renja rows).
    pub sasaran_rpjmd: Option<String>,
    /// The OPDs in charge, as written, with the cell.
    pub opd_pengampu: Vec<Placed<String>>,
    /// Where its row is.
    pub at: Location,
}

const PRIORITY_FIELDS: &[Field] = &[
    Field {
        name: "id",
        required: true,
        spellings: &["id", "kode", "idprioritas", "kodeprioritas"],
    },
    Field {
        name: "nama",
        required: true,
        spellings: &["nama", "namaprioritas", "programprioritas", "name"],
    },
    Field {
        name: "misi",
        required: false,
        spellings: &["misi", "mission"],
    },
    Field {
        name: "sasaran_rpjmd",
        required: false,
        spellings: &["sasaranrpjmd", "sasaran"],
    },
    Field {
        name: "opd_pengampu",
        required: false,
        spellings: &["opdpengampu", "pengampu", "leadopd"],
    },
];

/// Whether `sheet` is a priorities table: a header naming `id` and `nama` and at least one of
/// the priorities' own columns (`misi`, `sasaran_rpjmd`, `opd_pengampu`), so that a program
/// list missing its columns is not taken for one.
pub fn is_priorities_sheet(sheet: &Sheet) -> bool {
    find_header(sheet, PRIORITY_FIELDS, 2, |h| {
        h.columns[2..].iter().any(Option::is_some)
    })
    .is_some()
}

/// Reads the priorities file: one priority per row.
pub fn read_priorities(
    path: &Path,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Vec<Priority> {
    let name = path.display().to_string();
    let Some(sheets) = open(path, limits, files, diag) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut recognised = false;
    for sheet in &sheets {
        let Some(header) = find_header(sheet, PRIORITY_FIELDS, 2, |_| true) else {
            continue;
        };
        recognised = true;
        let at = |row: usize, field: usize| {
            Location::cell(
                &name,
                &sheet.name,
                sheet.at(row, header.col(field).unwrap_or(0)),
            )
        };
        for row in header.row + 1..sheet.height() {
            let text = |field: usize| header.col(field).and_then(|c| sheet.get(row, c).text());
            let (Some(id), Some(nama)) = (text(0), text(1)) else {
                if text(0).is_some() || text(1).is_some() {
                    let field = if text(0).is_none() { "id" } else { "nama" };
                    let which = usize::from(text(0).is_some());
                    diag.error(
                        Some(at(row, which)),
                        IngestProblem::EmptyValue {
                            field: field.into(),
                        },
                    );
                }
                continue;
            };
            let opd_pengampu = text(4)
                .map(|t| split_list(&t))
                .unwrap_or_default()
                .into_iter()
                .map(|value| Placed {
                    value,
                    at: at(row, 4),
                })
                .collect();
            out.push(Priority {
                id,
                nama,
                misi: text(2),
                sasaran_rpjmd: text(3),
                opd_pengampu,
                at: at(row, 0),
            });
        }
    }
    if !recognised {
        diag.error(
            Some(Location::file(&name)),
            IngestProblem::NoRecognisableSheet,
        );
    }
    check_ids(out.iter().map(|p| (&p.id, &p.at)), diag);
    out
}
