//! A Renja evaluation form (Permendagri 86/2017) written the ways Bappedas really keep it: with
//! the budget formulas and their cached results, as values only (a SIPD export, a paste), with or
//! without codes before the names, with a planted fault. Shared by the tests and by
//! `examples/renja_fixtures.rs`, which writes the committed fixtures (then saved as `.xls` and
//! `.ods` by LibreOffice) through `#[path]`.
//!
//! The form is Bappedalitbang's: its name as a grand-total row above the tree, unsur > bidang >
//! program > kegiatan > sub kegiatan under it, a "JUMLAH" row under it, the "Perangkat Daerah"
//! label in the first body row, column numbers under the K / Rp. row, zero-budget sub kegiatan
//! left out of their kegiatan's formula (as real forms leave them), single-child chains, two
//! equal siblings, and a signature footer.

#![allow(dead_code)]

use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};
use std::path::Path;

/// One row of the tree: its parent (an index into [`ROWS`]), code, name, and a sub kegiatan's
/// budget (a parent's is the sum of its children).
pub struct Line {
    pub parent: Option<usize>,
    pub code: &'static str,
    pub name: &'static str,
    pub pagu: f64,
}

const fn line(parent: Option<usize>, code: &'static str, name: &'static str, pagu: f64) -> Line {
    Line {
        parent,
        code,
        name,
        pagu,
    }
}

/// The tree, in sheet order (row 12 of the sheet onwards).
pub const ROWS: &[Line] = &[
    line(
        None,
        "",
        "BADAN PERENCANAAN PEMBANGUNAN DAERAH, PENELITIAN DAN PENGEMBANGAN",
        0.0,
    ),
    line(Some(0), "5", "UNSUR PENUNJANG URUSAN PEMERINTAHAN", 0.0),
    line(Some(1), "5.01", "PERENCANAAN", 0.0),
    line(
        Some(2),
        "5.01.01",
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        0.0,
    ),
    line(
        Some(3),
        "5.01.01.2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        0.0,
    ),
    line(
        Some(4),
        "5.01.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        120_000_000.0,
    ),
    line(
        Some(4),
        "5.01.01.2.01.0002",
        "Koordinasi dan Penyusunan Dokumen RKA-SKPD",
        0.0,
    ),
    line(
        Some(4),
        "5.01.01.2.01.0003",
        "Evaluasi Kinerja Perangkat Daerah",
        80_000_000.0,
    ),
    line(
        Some(3),
        "5.01.01.2.02",
        "Administrasi Keuangan Perangkat Daerah",
        0.0,
    ),
    line(
        Some(8),
        "5.01.01.2.02.0001",
        "Penyediaan Gaji dan Tunjangan ASN",
        2_400_000_000.0,
    ),
    line(
        Some(2),
        "5.01.02",
        "PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH",
        0.0,
    ),
    line(
        Some(10),
        "5.01.02.2.01",
        "Penyusunan Perencanaan dan Pendanaan",
        0.0,
    ),
    line(
        Some(11),
        "5.01.02.2.01.0001",
        "Penyusunan Dokumen RPJMD",
        350_000_000.0,
    ),
    line(
        Some(11),
        "5.01.02.2.01.0002",
        "Penyusunan Dokumen RKPD",
        275_500_000.0,
    ),
    line(
        Some(11),
        "5.01.02.2.01.0003",
        "Koordinasi Musyawarah Perencanaan Pembangunan",
        0.0,
    ),
    line(
        Some(10),
        "5.01.02.2.02",
        "Analisis Data dan Informasi Perencanaan Pembangunan Daerah",
        0.0,
    ),
    line(
        Some(15),
        "5.01.02.2.02.0001",
        "Pengelolaan Sistem Informasi Pembangunan Daerah",
        180_250_000.0,
    ),
    line(
        Some(2),
        "5.01.03",
        "PROGRAM KOORDINASI DAN SINKRONISASI PERENCANAAN PEMBANGUNAN DAERAH",
        0.0,
    ),
    line(
        Some(17),
        "5.01.03.2.01",
        "Koordinasi Perencanaan Bidang Pemerintahan dan Pembangunan Manusia",
        0.0,
    ),
    line(
        Some(18),
        "5.01.03.2.01.0001",
        "Koordinasi Perencanaan Bidang Kesehatan",
        95_000_000.0,
    ),
    line(
        Some(18),
        "5.01.03.2.01.0002",
        "Koordinasi Perencanaan Bidang Pendidikan",
        95_000_000.0,
    ),
    line(Some(1), "5.05", "PENELITIAN DAN PENGEMBANGAN", 0.0),
    line(
        Some(21),
        "5.05.01",
        "PROGRAM PENELITIAN DAN PENGEMBANGAN DAERAH",
        0.0,
    ),
    line(
        Some(22),
        "5.05.01.2.01",
        "Penelitian dan Pengembangan Pemerintahan dan Pembangunan Manusia",
        0.0,
    ),
    line(
        Some(23),
        "5.05.01.2.01.0001",
        "Kajian Kebijakan Pelayanan Publik",
        150_000_000.0,
    ),
    line(
        Some(22),
        "5.05.01.2.02",
        "Penelitian dan Pengembangan Inovasi Daerah",
        0.0,
    ),
    line(
        Some(25),
        "5.05.01.2.02.0001",
        "Fasilitasi Inovasi Daerah",
        210_000_000.0,
    ),
    line(
        Some(25),
        "5.05.01.2.02.0002",
        "Penilaian Inovasi Daerah",
        0.0,
    ),
];

/// The sheet row (0-based) of `ROWS[0]`.
pub const FIRST_ROW: u32 = 11;
/// The sheet name.
pub const SHEET: &str = "Evaluasi Renja TW IV";

/// How the form is saved.
#[derive(Clone, Copy, Default, Debug)]
pub struct Save {
    /// Budget formulas with cached results (else values only).
    pub formulas: bool,
    /// Codes before the names (else the names alone).
    pub codes: bool,
    /// A budget typed over its formula (a parent formula pointing at the wrong row shows the
    /// same): `ROWS[index]`'s Rp. reads this instead of its sum.
    pub wrong_pagu: Option<(usize, f64)>,
    /// A realisation total (column Y) that is not its quarters' sum.
    pub wrong_realised: Option<(usize, f64)>,
    /// The JUMLAH row's budget, when not the true total.
    pub wrong_total: Option<f64>,
}

/// The quarters' share of a budget realised: 20, 25, 25 and 20 % (90 % in all).
pub const QUARTERS: [f64; 4] = [0.20, 0.25, 0.25, 0.20];
/// The quarters' K of every sub kegiatan, against a target K of 100.
pub const QUARTER_K: [f64; 4] = [20.0, 25.0, 25.0, 20.0];

/// Whether `ROWS[i]` has children.
pub fn is_parent(i: usize) -> bool {
    ROWS.iter().any(|l| l.parent == Some(i))
}

/// The budget of `ROWS[i]`: its own, or its children's summed.
pub fn budget(i: usize) -> f64 {
    match is_parent(i) {
        false => ROWS[i].pagu,
        true => (0..ROWS.len())
            .filter(|&c| ROWS[c].parent == Some(i))
            .map(budget)
            .sum(),
    }
}

/// The budget `ROWS[i]` shows under `save`: a typed-over budget, or its children's as shown
/// (a fault carries up through the formulas above it, as in a real workbook).
pub fn shown(i: usize, save: &Save) -> f64 {
    if let Some((_, wrong)) = save.wrong_pagu.filter(|(at, _)| *at == i) {
        return wrong;
    }
    match is_parent(i) {
        false => ROWS[i].pagu,
        true => (0..ROWS.len())
            .filter(|&c| ROWS[c].parent == Some(i))
            .map(|c| shown(c, save))
            .sum(),
    }
}

fn a1(col: u16, row: u32) -> String {
    let letters = match col {
        c if c < 26 => ((b'A' + c as u8) as char).to_string(),
        c => format!("A{}", (b'A' + (c - 26) as u8) as char),
    };
    format!("{letters}{}", row + 1)
}

/// Writes the form to `path`.
pub fn write(path: &Path, save: Save) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let bold = Format::new().set_bold();
    ws.merge_range(
        0,
        0,
        0,
        26,
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
        &bold,
    )?;
    ws.merge_range(1, 0, 1, 26, "KOTA CONTOH", &bold)?;
    ws.merge_range(2, 0, 2, 26, "TAHUN ANGGARAN 2025", &bold)?;
    // The header block: two rows of merged headers, then K / Rp., then the column numbers.
    ws.merge_range(6, 0, 7, 0, "No", &wrap)?;
    ws.merge_range(
        6,
        1,
        6,
        4,
        "Rencana Pembangunan Jangka Menengah Daerah",
        &wrap,
    )?;
    for (c, t) in [
        (1, "Visi"),
        (2, "Misi"),
        (3, "Sasaran RPJMD"),
        (4, "Tujuan Perangkat Daerah"),
    ] {
        ws.write_string_with_format(7, c, t, &wrap)?;
    }
    let groups: [(u16, u16, &str); 8] = [
        (5, 5, "Sasaran Perangkat Daerah"),
        (6, 6, "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan"),
        (7, 7, "Indikator Kinerja Program (Outcome)/Kegiatan (Output)"),
        (8, 8, "Satuan"),
        (9, 10, "Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode Renstra)"),
        (11, 12, "Realisasi Capaian Kinerja Renstra s/d Renja Tahun Lalu (2024)"),
        (13, 14, "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (2025) yang Dievaluasi"),
        (23, 24, "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi"),
    ];
    for (first, last, text) in groups {
        ws.merge_range(6, first, 7, last, text, &wrap)?;
    }
    ws.merge_range(
        6,
        25,
        7,
        26,
        "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja (%)",
        &wrap,
    )?;
    ws.merge_range(6, 15, 6, 22, "Realisasi Kinerja Pada Triwulan", &wrap)?;
    for (q, t) in ["I", "II", "III", "IV"].iter().enumerate() {
        let c = 15 + 2 * q as u16;
        ws.merge_range(7, c, 7, c + 1, t, &wrap)?;
    }
    for c in 0..9u16 {
        ws.write_string(8, 9 + 2 * c, "K")?;
        ws.write_string(8, 10 + 2 * c, "Rp.")?;
    }
    let numbers = [
        "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)",
        "(13)", "(14)",
    ];
    for (c, n) in [0u16, 5, 6, 7, 8, 9, 11, 13, 15, 17, 19, 21, 23, 25]
        .iter()
        .zip(numbers)
    {
        ws.write_string(9, *c, n)?;
    }
    // The first body row: the OPD's label, as real forms put it.
    ws.write_string(
        10,
        6,
        "Perangkat Daerah : Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan (BAPPEDALITBANG)",
    )?;
    ws.write_string(
        FIRST_ROW,
        3,
        "Meningkatnya kualitas perencanaan pembangunan daerah",
    )?;
    ws.write_string(FIRST_ROW, 5, "Meningkatnya kualitas dokumen perencanaan")?;
    let row_of = |i: usize| FIRST_ROW + i as u32;
    let money_cols: [u16; 6] = [14, 16, 18, 20, 22, 24];
    for (i, l) in ROWS.iter().enumerate() {
        let r = row_of(i);
        let name = match (save.codes && !l.code.is_empty(), l.code) {
            (true, code) => format!("{code} {}", l.name),
            (false, _) => l.name.to_string(),
        };
        ws.write_string(r, 6, name)?;
        let value = |col: u16| -> f64 {
            let share = match col {
                14 => 1.0,
                24 => QUARTERS.iter().sum(),
                c => QUARTERS[((c - 16) / 2) as usize],
            };
            budget(i) * share
        };
        if is_parent(i) {
            // A parent's formula adds its children's cells, leaving out those of zero budget
            // as real forms do.
            let kids: Vec<usize> = (0..ROWS.len())
                .filter(|&c| ROWS[c].parent == Some(i) && budget(c) > 0.0)
                .collect();
            for col in money_cols {
                let shown = match col {
                    14 => shown(i, &save),
                    _ => value(col),
                };
                match save.formulas {
                    true => {
                        let refs: Vec<String> = kids.iter().map(|&k| a1(col, row_of(k))).collect();
                        let formula = Formula::new(format!("=SUM({})", refs.join("+")))
                            .set_result(shown.to_string());
                        ws.write_formula(r, col, formula)?;
                    }
                    false => {
                        ws.write_number(r, col, shown)?;
                    }
                }
            }
        } else {
            ws.write_string(r, 7, format!("Jumlah {}", l.name))?;
            ws.write_string(r, 8, "Dokumen")?;
            ws.write_number(r, 13, 100.0)?;
            let pagu = match save.wrong_pagu {
                Some((at, wrong)) if at == i => wrong,
                _ => l.pagu,
            };
            ws.write_number(r, 14, pagu)?;
            for q in 0..4u16 {
                ws.write_number(r, 15 + 2 * q, QUARTER_K[q as usize])?;
                ws.write_number(r, 16 + 2 * q, l.pagu * QUARTERS[q as usize])?;
            }
            let realised = match save.wrong_realised {
                Some((at, wrong)) if at == i => wrong,
                _ => value(24),
            };
            match save.formulas {
                true => {
                    let k = Formula::new(format!("=P{0}+R{0}+T{0}+V{0}", r + 1)).set_result("90");
                    ws.write_formula(r, 23, k)?;
                    let rp = Formula::new(format!("=Q{0}+S{0}+U{0}+W{0}", r + 1))
                        .set_result(realised.to_string());
                    ws.write_formula(r, 24, rp)?;
                }
                false => {
                    ws.write_number(r, 23, 90.0)?;
                    ws.write_number(r, 24, realised)?;
                }
            }
        }
    }
    // JUMLAH under the tree, as the form's own grand total.
    let total_row = row_of(ROWS.len());
    ws.write_string(total_row, 6, "JUMLAH")?;
    let total = save.wrong_total.unwrap_or_else(|| shown(0, &save));
    match save.formulas {
        true => {
            let f = Formula::new(format!("=O{}", row_of(0) + 1)).set_result(total.to_string());
            ws.write_formula(total_row, 14, f)?;
        }
        false => {
            ws.write_number(total_row, 14, total)?;
        }
    }
    // The signature footer.
    let foot = total_row + 3;
    ws.write_string(foot, 20, "Kota Contoh, 15 Januari 2026")?;
    ws.write_string(foot + 1, 20, "KEPALA BAPPEDALITBANG")?;
    ws.write_string(foot + 5, 20, "NAMA PEJABAT, S.T., M.T.")?;
    ws.write_string(foot + 6, 20, "NIP. 19750101 200003 1 002")?;
    ws.set_column_width(6, 60)?;
    wb.save(path)
}
