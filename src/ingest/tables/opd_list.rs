//! A list of the OPDs expected (`--opds`).

use crate::ingest::open;
use crate::ingest::table::{find_header, Field};
use crate::ingest::{clean_name, InputFile, Limits};
use crate::messages::{Diagnostics, IngestProblem, Location};
use std::path::Path;

/// Reads a list of OPD names: the `nama` (or `opd`) column of a table.
pub fn read_opd_list(
    path: &Path,
    limits: &Limits,
    files: &mut Vec<InputFile>,
    diag: &mut Diagnostics,
) -> Vec<String> {
    const LIST_FIELDS: &[Field] = &[Field {
        name: "nama",
        required: true,
        spellings: &["nama", "namaopd", "opd", "perangkatdaerah", "name"],
    }];
    let Some(sheets) = open(path, limits, files, diag) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for sheet in &sheets {
        let Some(header) = find_header(sheet, LIST_FIELDS, 1, |_| true) else {
            continue;
        };
        let Some(col) = header.col(0) else { continue };
        names.extend(
            (header.row + 1..sheet.height())
                .filter_map(|r| sheet.get(r, col).text().map(|t| clean_name(&t))),
        );
    }
    if names.is_empty() {
        diag.error(
            Some(Location::file(path.display().to_string())),
            IngestProblem::NoRecognisableSheet,
        );
    }
    names
}
