//! The OPD registry: stable ids, canonical names, aliases and predecessors.

use super::check_ids;
use crate::ingest::open;
use crate::ingest::table::{find_header, split_list, Field};
use crate::ingest::{InputFile, Limits};
use crate::messages::{Diagnostics, IngestProblem, Location};
use std::path::Path;

/// One row of an OPD registry: a stable id, the canonical name and its aliases.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryEntry {
    /// Stable id.
    pub id: String,
    /// Canonical name.
    pub nama: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The ids or names of the OPDs it continues (renamed from, merged from, split from).
    pub predecessors: Vec<String>,
    /// Where the row is (its `pendahulu` cell), for problems with its predecessors.
    pub at: Location,
    /// Its `id` cell.
    pub id_at: Location,
}

/// Reads an OPD registry: `id`, `nama`, any number of `alias` columns (each may hold several
/// names separated by commas) and an optional `pendahulu` column (the ids or names of the OPDs
/// it continues, separated by commas).
pub fn read_registry(
    path: &Path,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Vec<RegistryEntry> {
    const REGISTRY_FIELDS: &[Field] = &[
        Field {
            name: "id",
            required: true,
            spellings: &["id", "kode"],
        },
        Field {
            name: "nama",
            required: true,
            spellings: &["nama", "namaopd", "name"],
        },
        Field {
            name: "pendahulu",
            required: false,
            spellings: &["pendahulu", "predecessors", "predecessor", "asal"],
        },
    ];
    let name = path.display().to_string();
    let Some(sheets) = open(path, limits, files, diag) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for sheet in &sheets {
        let Some(header) = find_header(sheet, REGISTRY_FIELDS, 2, |_| true) else {
            continue;
        };
        let alias_cols: Vec<usize> = (0..sheet.rows[header.row].len())
            .filter(|&c| {
                sheet
                    .get(header.row, c)
                    .text()
                    .is_some_and(|t| crate::ingest::header_key(&t).starts_with("alias"))
            })
            .collect();
        for row in header.row + 1..sheet.height() {
            let text = |col: Option<usize>| col.and_then(|c| sheet.get(row, c).text());
            let (Some(id), Some(nama)) = (text(header.col(0)), text(header.col(1))) else {
                // A row with one of the two is a row left half filled in.
                let (id, nama) = (text(header.col(0)), text(header.col(1)));
                if id.is_some() != nama.is_some() {
                    let (field, col) = match id {
                        None => ("id", header.col(0)),
                        Some(_) => ("nama", header.col(1)),
                    };
                    let cell = sheet.at(row, col.unwrap_or(0));
                    diag.error(
                        Some(Location::cell(&name, &sheet.name, cell)),
                        IngestProblem::EmptyValue {
                            field: field.into(),
                        },
                    );
                }
                continue;
            };
            let aliases = alias_cols
                .iter()
                .filter_map(|&c| text(Some(c)))
                .flat_map(|t| split_list(&t))
                .collect();
            let predecessors = text(header.col(2))
                .map(|t| split_list(&t))
                .unwrap_or_default();
            let at = Location::cell(
                &name,
                &sheet.name,
                sheet.at(row, header.col(2).or(header.col(1)).unwrap_or(0)),
            );
            let id_at = Location::cell(
                &name,
                &sheet.name,
                sheet.at(row, header.col(0).unwrap_or(0)),
            );
            out.push(RegistryEntry {
                id,
                nama,
                aliases,
                predecessors,
                at,
                id_at,
            });
        }
    }
    if out.is_empty() {
        diag.error(
            Some(Location::file(name)),
            IngestProblem::NoRecognisableSheet,
        );
    }
    check_ids(out.iter().map(|e| (&e.id, &e.id_at)), diag);
    aliases_of_others(&out, diag);
    out
}

/// An error for each alias that is another OPD's name: the two would be one OPD.
fn aliases_of_others(entries: &[RegistryEntry], diag: &mut Diagnostics) {
    let names: foldhash::HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (crate::ingest::opd_key(&e.nama), i))
        .collect();
    for (i, e) in entries.iter().enumerate() {
        for alias in &e.aliases {
            match names.get(&crate::ingest::opd_key(alias)) {
                Some(&j) if j != i => diag.error(
                    Some(e.at.clone()),
                    IngestProblem::AliasIsAnother {
                        alias: alias.clone(),
                        opd: entries[j].nama.clone(),
                        other: entries[j].at.to_string(),
                    },
                ),
                _ => {}
            }
        }
    }
}
