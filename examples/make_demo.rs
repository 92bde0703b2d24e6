//! Writes `fixtures/demo/`: the fictional city of Kota Sukamaju, 33 OPDs; `fixtures/demo-program/`,
//! its program data; and `fixtures/demo-history/`, its registry and the published summaries of
//! two earlier years.
//!
//! Run `cargo run --example make_demo` to regenerate; the output is deterministic. Most OPDs'
//! answers are spread by a fixed pseudo-random draw around a level per OPD; a few are fixed
//! patterns whose scores the tests work out by hand:
//! - Badan Perencanaan Pembangunan Daerah: every a criterion Y, every b and c criterion AA (100).
//! - Inspektorat (official layout): a Y, b A, c BB (87.00).
//! - Dinas Pendidikan dan Kebudayaan: a Y, b C, c A (exactly 80.00, band edge, BB).
//! - Dinas Kesehatan and Dinas Sosial: the same answers (a tie).
//! - Kecamatan Sukamaju Utara (official layout): a T, b and c E (0, D).
//!
//! It also writes `fixtures/demo-zi/`, a Zona Integritas LKE (`lke-zi-2021`) of three units
//! in the official layout, and `fixtures/demo-kke/`, a regional KKE (`fixtures/kke-opd-2025.toml`)
//! of four OPDs with four tiers side by side:
//! - KPP Pratama Sukamaju: every criterion best, indices 4 (100, WBBM).
//! - KPP Madya Sukamaju: as above but Reform's Penguatan Akuntabilitas at 70 % of the area
//!   (two A/B/C/D indicators at D): 97.00, WBK, short of WBBM's 75 % for that area.
//! - Kantor Imigrasi Sukamaju: as the first but IPAK 3.5 of 4 (15.31 of 17.5, below 15.75):
//!   97.81 and no predicate.
//!
//! And `fixtures/demo-pemda/`, the 88/2021 LKE as three pemda's evaluators fill it, with its
//! own formulas (`tests/support/pemda_lke.rs`), two of them faulty: Kabupaten Mekarsari's 2.b
//! averages one row short, Kota Tirtajaya's final score leaves out component 4.

#[path = "../tests/support/pemda_lke.rs"]
mod pemda_lke;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};
use sakip::rubric::{Criterion, Rubric};
use std::path::Path;

const CITY: &str = "Kota Sukamaju";
const OPDS: &[(&str, u32)] = &[
    ("Sekretariat Daerah", 82),
    ("Sekretariat DPRD", 61),
    ("Inspektorat", 0),
    ("Badan Perencanaan Pembangunan Daerah", 0),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", 88),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", 74),
    ("Badan Kesatuan Bangsa dan Politik", 52),
    ("Badan Penanggulangan Bencana Daerah", 58),
    ("Dinas Pendidikan dan Kebudayaan", 0),
    ("Dinas Kesehatan", 0),
    ("Dinas Sosial", 0),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", 71),
    ("Dinas Perumahan dan Kawasan Permukiman", 55),
    ("Dinas Lingkungan Hidup", 68),
    ("Dinas Kependudukan dan Pencatatan Sipil", 84),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", 63),
    ("Dinas Perhubungan", 47),
    ("Dinas Komunikasi dan Informatika", 79),
    ("Dinas Koperasi dan Usaha Mikro", 44),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", 86),
    ("Dinas Kepemudaan dan Olahraga", 50),
    ("Dinas Pariwisata", 57),
    ("Dinas Perpustakaan dan Kearsipan", 39),
    ("Dinas Ketahanan Pangan dan Pertanian", 66),
    ("Dinas Perdagangan dan Perindustrian", 60),
    ("Dinas Tenaga Kerja", 48),
    ("Satuan Polisi Pamong Praja", 54),
    ("Dinas Pemadam Kebakaran dan Penyelamatan", 42),
    ("RSUD Kota Sukamaju", 76),
    ("Kecamatan Sukamaju Utara", 0),
    ("Kecamatan Sukamaju Selatan", 45),
    ("Kecamatan Sukamaju Timur", 35),
    ("Kecamatan Sukamaju Barat", 28),
];
const OFFICIAL_SINGLE: &str = "Inspektorat";
const OFFICIAL_KECAMATAN: &[&str] = &[
    "Kecamatan Sukamaju Utara",
    "Kecamatan Sukamaju Selatan",
    "Kecamatan Sukamaju Timur",
];
const CSV_OPDS: &[&str] = &["Dinas Pariwisata", "Dinas Kepemudaan dan Olahraga"];
const GRADES: &[(&str, f64)] = &[
    ("AA", 1.0),
    ("A", 0.9),
    ("BB", 0.8),
    ("B", 0.7),
    ("CC", 0.6),
    ("C", 0.5),
    ("D", 0.3),
    ("E", 0.0),
];

/// FNV-1a: a fixed, portable hash for the pseudo-random draw.
fn draw(opd: &str, code: &str) -> f64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in opd.bytes().chain(code.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (h % 10_000) as f64 / 10_000.0
}

/// The answer of `opd` to `criterion` (sub-component `sub`).
fn answer(opd: &str, level: u32, sub: &str, criterion: &Criterion) -> &'static str {
    let yes_no = sub == "a";
    let fixed = |a: &'static str, b: &'static str, c: &'static str| match sub {
        "a" => a,
        "b" => b,
        _ => c,
    };
    match opd {
        "Badan Perencanaan Pembangunan Daerah" => return fixed("Y", "AA", "AA"),
        "Inspektorat" => return fixed("Y", "A", "BB"),
        "Dinas Pendidikan dan Kebudayaan" => return fixed("Y", "C", "A"),
        "Kecamatan Sukamaju Utara" => return fixed("T", "E", "E"),
        _ => {}
    }
    let key = if opd == "Dinas Sosial" {
        "Dinas Kesehatan"
    } else {
        opd
    };
    let level = if key == "Dinas Kesehatan" { 73 } else { level };
    let target = f64::from(level) / 100.0 + (draw(key, &criterion.code) - 0.5) * 0.5;
    if yes_no {
        return if target > 0.45 { "Y" } else { "T" };
    }
    GRADES
        .iter()
        .min_by(|x, y| (x.1 - target).abs().total_cmp(&(y.1 - target).abs()))
        .map_or("E", |g| g.0)
}

fn note(value: &str) -> Option<&'static str> {
    match value {
        "T" | "E" | "D" => Some("Dokumen belum tersedia saat evaluasi"),
        "C" | "CC" => Some("Sebagian besar belum memenuhi; lengkapi bukti dukung"),
        _ => None,
    }
}

fn evidence(code: &str) -> String {
    format!("https://sakip.sukamajukota.go.id/bukti/{code}.pdf")
}

fn level_of(opd: &str) -> u32 {
    OPDS.iter().find(|(n, _)| *n == opd).map_or(50, |(_, l)| *l)
}

fn properties() -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(2025, 12, 15)?;
    Ok(DocProperties::new()
        .set_author("Inspektorat Kota Sukamaju")
        .set_creation_datetime(&created))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rubric = Rubric::load("akip-2021-opd")?;
    let dir = Path::new("fixtures/demo");
    std::fs::create_dir_all(dir)?;
    tidy_workbook(&rubric, &dir.join("rekap-lke-2025.xlsx"))?;
    official_workbook(
        &rubric,
        &[OFFICIAL_SINGLE],
        &dir.join("LKE-Inspektorat-2025.xlsx"),
        false,
    )?;
    official_workbook(
        &rubric,
        OFFICIAL_KECAMATAN,
        &dir.join("LKE-Kecamatan-2025.xlsx"),
        true,
    )?;
    csv_file(&rubric, &dir.join("lke-dinas-tambahan.csv"))?;
    let programs = Path::new("fixtures/demo-program");
    std::fs::create_dir_all(programs)?;
    program_workbook(&programs.join("program-kegiatan-2025.xlsx"))?;
    renja_workbook(&programs.join("EVALUASI RENJA BAPPEDA TAHUN 2025.xlsx"))?;
    std::fs::write(programs.join("prioritas-walikota.csv"), PRIORITIES)?;
    history_files(Path::new("fixtures/demo-history"))?;
    let zi = Path::new("fixtures/demo-zi");
    std::fs::create_dir_all(zi)?;
    zi_workbook(&Rubric::load("lke-zi-2021")?, &zi.join("LKE-ZI-2025.xlsx"))?;
    let kke = Path::new("fixtures/demo-kke");
    std::fs::create_dir_all(kke)?;
    let kke_rubric = Rubric::load("fixtures/kke-opd-2025.toml")?;
    kke_workbook(&kke_rubric, &kke.join("KKE-AKIP-OPD-2025.xlsx"))?;
    let pemda = Path::new("fixtures/demo-pemda");
    std::fs::create_dir_all(pemda)?;
    // Two of the faults real LKEs have, for `sakip audit` to find.
    let faults = [
        pemda_lke::Planted {
            sheet: 1,
            tier: 1,
            fault: pemda_lke::Fault::ShortRange("2.b"),
        },
        pemda_lke::Planted {
            sheet: 2,
            tier: 1,
            fault: pemda_lke::Fault::FinalOmits("4"),
        },
    ];
    let path = pemda.join("LKE-AKIP-PEMDA-2025.xlsx");
    pemda_lke::write(&path, pemda_lke::REAL, &faults)?;
    Ok(())
}

/// The ZI units: name, and the final answers that differ from the best (code, answer).
const ZI_UNITS: &[(&str, &[(&str, &str)])] = &[
    ("KPP Pratama Sukamaju", &[]),
    (
        "KPP Madya Sukamaju",
        &[("A.II.4.ii.1", "D"), ("A.II.4.iii.1", "D")],
    ),
    ("Kantor Imigrasi Sukamaju", &[("B.I.a", "3.5")]),
];

/// Formats of an official LKE sheet: title, header, cell, bold cell.
fn lke_formats() -> (Format, Format, Format, Format) {
    pemda_lke::lke_formats()
}

/// An answer as the sheet holds it: a number where it is one (a percentage, an index), else
/// its text.
fn write_answer(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    answer: &str,
    cell: &Format,
) -> Result<(), XlsxError> {
    match answer.parse::<f64>() {
        Ok(n) => ws.write_number_with_format(row, col, n, cell).map(|_| ()),
        Err(_) => ws
            .write_string_with_format(row, col, answer, cell)
            .map(|_| ()),
    }
}

/// A criterion's best answer: its scale's first code, 100 % (1) or the top of its index.
fn best_answer(rubric: &Rubric, criterion: &Criterion) -> String {
    let scale = &rubric.scales[&criterion.scale];
    match scale.number {
        Some(n) if n.percent => "1".to_string(),
        Some(n) => n.max.to_string(),
        None => scale.codes[0].code.clone(),
    }
}

/// The value of an answer on its criterion's scale, as the sheet's Nilai column shows it.
fn value_of(rubric: &Rubric, criterion: &Criterion, answer: &str) -> f64 {
    let scale = &rubric.scales[&criterion.scale];
    match scale.number {
        Some(n) => n.value(answer).unwrap_or(0.0),
        None => scale.codes[scale.position(answer).unwrap_or(0)].value,
    }
}

/// `fixtures/demo-zi/LKE-ZI-2025.xlsx`: one sheet per unit in the official layout, numbered
/// with the nodes' whole codes, a `Pilihan Jawaban` column, the unit's own answers and the
/// evaluators' (TPI) side by side, values typed (no formulas), count rows under the
/// percentages they feed.
fn zi_workbook(rubric: &Rubric, path: &Path) -> Result<(), XlsxError> {
    let (title, head, cell, strong) = lke_formats();
    let percent = cell.clone().set_num_format("0%");
    let mut wb = Workbook::new();
    wb.set_properties(&properties()?);
    let criteria: Vec<&Criterion> = rubric.criteria().map(|(_, _, k)| k).collect();
    for (u, (unit, changes)) in ZI_UNITS.iter().enumerate() {
        let ws = wb.add_worksheet().set_name(&unit[..unit.len().min(31)])?;
        // The last unit's sheet numbers each level in its own column (A | I | 1 | i | a, and
        // a sixth for the LHKPN/LHKASN sub-indicators' criteria, under one merged No), as the
        // official workbook does; the others a node's whole code.
        let spread = u == ZI_UNITS.len() - 1;
        let depth = rubric.nodes.iter().map(|n| n.level).max().unwrap_or(1) as u16;
        let o: u16 = if spread { depth - 1 } else { 0 };
        ws.merge_range(
            0,
            0,
            0,
            9,
            "LEMBAR KERJA EVALUASI ZONA INTEGRITAS MENUJU WBK/WBBM",
            &title,
        )?;
        ws.merge_range(1, 0, 1, 9, "TAHUN 2025", &title)?;
        ws.write_string(3, 0, "Unit Kerja")?;
        ws.write_string(3, 1, format!(": {unit}"))?;
        ws.merge_range(5, 0, 6, o, "No", &head)?;
        ws.merge_range(5, 1 + o, 6, 1 + o, "Komponen", &head)?;
        ws.merge_range(5, 2 + o, 6, 2 + o, "Bobot", &head)?;
        ws.merge_range(5, 3 + o, 6, 3 + o, "Pilihan Jawaban", &head)?;
        ws.merge_range(5, 4 + o, 5, 6 + o, "PENILAIAN MANDIRI (UNIT KERJA)", &head)?;
        ws.merge_range(5, 7 + o, 5, 9 + o, "PENILAIAN EVALUATOR (TPI)", &head)?;
        for (i, h) in ["Jawaban", "Nilai", "Catatan"].iter().enumerate() {
            ws.write_string_with_format(6, 4 + o + i as u16, *h, &head)?;
            ws.write_string_with_format(6, 7 + o + i as u16, *h, &head)?;
        }
        ws.merge_range(5, 10 + o, 6, 10 + o, "Bukti Dukung", &head)?;
        for c in 0..11 + o {
            ws.write_string_with_format(7, c, format!("({})", c + 1), &head)?;
        }
        // Each node's row (count rows follow their criteria), each tier's answers, and the
        // values the sheet's formulas give its parts (with the official workbook's own fault
        // at A.II.5.iii, see `zi_values`).
        let mut rows = Vec::with_capacity(rubric.nodes.len());
        let mut next = 8u32;
        for node in &rubric.nodes {
            rows.push(next);
            next += 1 + node
                .criterion
                .map_or(0, |k| criteria[k].counts.len() as u32);
        }
        let answers = |final_tier: bool| -> Vec<String> {
            rubric
                .nodes
                .iter()
                .map(|n| match n.criterion {
                    None => String::new(),
                    Some(k) => {
                        let best = best_answer(rubric, criteria[k]);
                        let given = changes.iter().find(|(c, _)| *c == criteria[k].code);
                        match (final_tier, given) {
                            (true, Some((_, a))) => a.to_string(),
                            _ => best,
                        }
                    }
                })
                .collect()
        };
        let tiers = [
            (4 + o, zi_values(rubric, &criteria, &answers(false))),
            (7 + o, zi_values(rubric, &criteria, &answers(true))),
        ];
        let mut row = 8;
        for (i, node) in rubric.nodes.iter().enumerate() {
            // The number: the whole code, or the node's own part in its level's column.
            let number = |ws: &mut Worksheet, f: &Format| -> Result<(), XlsxError> {
                match spread {
                    false => ws
                        .write_string_with_format(row, 0, &node.code, f)
                        .map(|_| ()),
                    true => {
                        let own = node.code.rsplit('.').next().unwrap_or_default();
                        let level = node.level as u16 - 1;
                        ws.write_string_with_format(row, level, format!("{own}."), f)
                            .map(|_| ())
                    }
                }
            };
            let Some(k) = node.criterion else {
                number(ws, &strong)?;
                ws.write_string_with_format(row, 1 + o, &node.name.id, &strong)?;
                if let Some(w) = node.weight {
                    ws.write_number_with_format(row, 2 + o, w, &strong)?;
                }
                for (answer_col, values) in &tiers {
                    let c = answer_col + 1;
                    let formula = zi_part_formula(rubric, i, &rows, c, 2 + o);
                    let f = Formula::new(formula).set_result(values[i].to_string());
                    ws.write_formula_with_format(row, c, f, &strong)?;
                }
                row += 1;
                continue;
            };
            let criterion = criteria[k];
            let own = best_answer(rubric, criterion);
            let given = changes.iter().find(|(c, _)| *c == criterion.code);
            let fin = given.map_or_else(|| own.clone(), |(_, a)| a.to_string());
            let percentage = rubric.scales[&criterion.scale]
                .number
                .is_some_and(|n| n.percent);
            number(ws, &cell)?;
            ws.write_string_with_format(row, 1 + o, &criterion.text.id, &cell)?;
            if let Some(w) = criterion.weight {
                ws.write_number_with_format(row, 2 + o, w, &cell)?;
            }
            ws.write_string_with_format(row, 3 + o, zi_options(criterion), &cell)?;
            for (c, answer) in [(4 + o, &own), (7 + o, &fin)] {
                let f = if percentage { &percent } else { &cell };
                write_answer(ws, row, c, answer, f)?;
                ws.write_number_with_format(
                    row,
                    c + 1,
                    value_of(rubric, criterion, answer),
                    &cell,
                )?;
            }
            if given.is_some() {
                ws.write_string_with_format(row, 9 + o, "Belum seluruhnya didukung bukti", &cell)?;
            }
            ws.write_string_with_format(row, 10 + o, evidence(&criterion.code), &cell)?;
            row += 1;
            // The counts behind a percentage, all met (the percentage is 100 %): 8 of 8; no
            // violation in either year; 8 complaints, none pending; of 8 obliged to report
            // (1 head, 5 officials, 2 others), 8 reported.
            let counts: &[f64] = match criterion.counts.len() {
                3 if criterion.code == "A.II.3.iii.a" => &[0.0, 0.0, 0.0],
                3 => &[8.0, 0.0, 8.0],
                5 => &[8.0, 1.0, 5.0, 2.0, 8.0],
                _ => &[8.0, 8.0],
            };
            for (count, n) in criterion.counts.iter().zip(counts) {
                ws.write_string_with_format(row, 1 + o, format!("   {count}"), &cell)?;
                ws.write_string_with_format(row, 3 + o, "Jumlah", &cell)?;
                ws.write_number_with_format(row, 4 + o, *n, &cell)?;
                ws.write_number_with_format(row, 7 + o, *n, &cell)?;
                row += 1;
            }
        }
        ws.set_column_width(0, if spread { 4 } else { 18 })?;
        for c in 1..=o {
            ws.set_column_width(c, 5)?;
        }
        ws.set_column_width(1 + o, 70)?;
        ws.set_column_width(3 + o, 12)?;
        ws.set_column_width(9 + o, 30)?;
        ws.set_column_width(10 + o, 40)?;
        ws.set_freeze_panes(8, 2 + o)?;
    }
    wb.save(path)
}

/// Each node's value as the ZI sheet's formulas give it for one tier's `answers` (by node): a
/// criterion its answer's value; an indicator the mean of its criteria x its weight; a part the
/// sum of its parts (a weighed criterion's value x its weight). A.II.5.iii as the official
/// workbook computes it: the mean of its first sub-indicator's score and that sub-indicator's
/// percentage, the second left out (DOMAIN.md: a formula fault, not the rule).
fn zi_values(rubric: &Rubric, criteria: &[&Criterion], answers: &[String]) -> Vec<f64> {
    use sakip::rubric::Aggregation;
    let mut value = vec![0.0; rubric.nodes.len()];
    for i in (0..rubric.nodes.len()).rev() {
        let n = &rubric.nodes[i];
        if let Some(k) = n.criterion {
            value[i] = value_of(rubric, criteria[k], &answers[i]);
            continue;
        }
        if n.code == "A.II.5.iii" {
            let first = n.children[0];
            let percentage = rubric.nodes[first].children[0];
            value[i] = (value[first] + value[percentage]) / 2.0;
            continue;
        }
        let kids = n.children.iter().map(|&c| {
            let child = &rubric.nodes[c];
            match (child.criterion, child.weight) {
                (Some(_), Some(w)) => value[c] * w,
                _ => value[c],
            }
        });
        value[i] = match n.aggregation {
            Aggregation::Mean => kids.sum::<f64>() / n.children.len() as f64 * n.weight_or_one(),
            _ => kids.sum(),
        };
    }
    value
}

/// The formula of part `i`'s value cell in column `col` (weights in column `weights`): the
/// mean of its criteria's cells x its weight, or the sum of its parts (a weighed criterion's
/// value x its weight); A.II.5.iii as the official workbook has it (see [`zi_values`]).
fn zi_part_formula(rubric: &Rubric, i: usize, rows: &[u32], col: u16, weights: u16) -> String {
    use rust_xlsxwriter::utility::row_col_to_cell;
    use sakip::rubric::Aggregation;
    let n = &rubric.nodes[i];
    let cell = |node: usize| row_col_to_cell(rows[node], col);
    if n.code == "A.II.5.iii" {
        let first = n.children[0];
        let percentage = rubric.nodes[first].children[0];
        return format!("=AVERAGE({},{})", cell(first), cell(percentage));
    }
    let cells: Vec<String> = n.children.iter().map(|&c| cell(c)).collect();
    match n.aggregation {
        Aggregation::Mean => format!(
            "=AVERAGE({})*{}",
            cells.join(","),
            row_col_to_cell(rows[i], weights)
        ),
        _ => {
            let terms: Vec<String> = n
                .children
                .iter()
                .map(|&c| {
                    let child = &rubric.nodes[c];
                    match (child.criterion, child.weight) {
                        (Some(_), Some(_)) => {
                            format!("{}*{}", cell(c), row_col_to_cell(rows[c], weights))
                        }
                        _ => cell(c),
                    }
                })
                .collect();
            format!("={}", terms.join("+"))
        }
    }
}

/// A ZI criterion's `Pilihan Jawaban` as the official workbook writes it (its one quirk
/// included: a lone `Ya` for A.I.1.i.a, read as Ya/Tidak).
fn zi_options(criterion: &Criterion) -> &'static str {
    match (criterion.code.as_str(), criterion.scale.as_str()) {
        ("A.I.1.i.a", _) => "Ya",
        (_, "yt") => "Ya/Tidak",
        (_, "abc") => "A/B/C",
        (_, "abcd") => "A/B/C/D",
        (_, "abcde") => "A/B/C/D/E",
        (_, "persen") => "%",
        _ => "Nilai (0-4)",
    }
}

/// The KKE's OPDs and their levels (the final answers are drawn around them; each tier below
/// is more generous: the OPD's own the most).
const KKE_OPDS: &[(&str, u32)] = &[
    ("Dinas Kesehatan", 78),
    ("Dinas Pendidikan dan Kebudayaan", 64),
    ("Dinas Sosial", 52),
    ("Kecamatan Sukamaju Barat", 41),
];

/// The four tiers' column groups as a real KKE heads them.
const KKE_TIERS: &[&str] = &[
    "PENILAIAN MANDIRI (OPD)",
    "VERVAL (Bappeda, Bagian Organisasi, Inspektorat)",
    "PENJAMINAN KUALITAS",
    "PENILAIAN FINAL",
];

/// An answer drawn for the KKE: the level of `tier` (final 0, each tier below a step more
/// generous) around the OPD's level.
fn kke_answer(
    rubric: &Rubric,
    opd: &str,
    level: u32,
    tier: usize,
    criterion: &Criterion,
) -> String {
    let lift = (KKE_TIERS.len() - 1 - tier) as f64 * 0.08;
    let target = f64::from(level) / 100.0 + lift + (draw(opd, &criterion.code) - 0.5) * 0.6;
    let scale = &rubric.scales[&criterion.scale];
    scale
        .codes
        .iter()
        .min_by(|x, y| {
            (x.value - target)
                .abs()
                .total_cmp(&(y.value - target).abs())
        })
        .map_or_else(String::new, |c| c.code.clone())
}

/// Each node's value as the KKE's formulas give it for one tier's `answers` (by node): a
/// criterion its answer's value, a share node the mean of its documents, a mean node the mean
/// of its children's values x its weight, a sum node its children's values added up.
fn kke_values(rubric: &Rubric, criteria: &[&Criterion], answers: &[String]) -> Vec<f64> {
    use sakip::rubric::Aggregation;
    let mut value = vec![0.0; rubric.nodes.len()];
    for i in (0..rubric.nodes.len()).rev() {
        let n = &rubric.nodes[i];
        let kids: Vec<f64> = n.children.iter().map(|&c| value[c]).collect();
        let mean = kids.iter().sum::<f64>() / kids.len().max(1) as f64;
        value[i] = match (n.criterion, n.aggregation) {
            (Some(k), _) => value_of(rubric, criteria[k], &answers[i]),
            (None, Aggregation::Share) => mean,
            (None, Aggregation::Mean) => mean * n.weight_or_one(),
            (None, _) => kids.iter().sum(),
        };
    }
    value
}

/// The formula of a criterion's value cell at `(row, col)`: its answer (the cell to the left)
/// looked up on its scale, as `IF`s.
fn kke_value_formula(rubric: &Rubric, criterion: &Criterion, row: u32, col: u16) -> String {
    let answer = rust_xlsxwriter::utility::row_col_to_cell(row, col);
    let scale = &rubric.scales[&criterion.scale];
    let mut formula = "0".to_string();
    for code in scale.codes.iter().rev().skip(1) {
        formula = format!("IF({answer}=\"{}\",{},{formula})", code.code, code.value);
    }
    format!("={formula}")
}

/// The formula of part `i`'s value cell in column `col`: the mean of its children's value cells
/// (x its weight's cell, for a mean node) or their sum.
fn kke_part_formula(rubric: &Rubric, i: usize, row: u32, col: u16) -> String {
    use sakip::rubric::Aggregation;
    let n = &rubric.nodes[i];
    let cells: Vec<String> = n
        .children
        .iter()
        .map(|&c| rust_xlsxwriter::utility::row_col_to_cell(8 + c as u32, col))
        .collect();
    let weight = rust_xlsxwriter::utility::row_col_to_cell(row, 2);
    match n.aggregation {
        Aggregation::Share => format!("=AVERAGE({})", cells.join(",")),
        Aggregation::Mean => format!("=AVERAGE({})*{weight}", cells.join(",")),
        _ => format!("=SUM({})", cells.join(",")),
    }
}

/// `fixtures/demo-kke/KKE-AKIP-OPD-2025.xlsx`: a RESUME sheet, then one sheet per OPD with the
/// four tiers side by side (answer, value, note each), codes in their own column, evidence
/// documents as unnumbered rows under the criterion they prove, every value a formula with its
/// result cached (as a spreadsheet saves it).
fn kke_workbook(rubric: &Rubric, path: &Path) -> Result<(), XlsxError> {
    let (title, head, cell, strong) = lke_formats();
    let mut wb = Workbook::new();
    wb.set_properties(&properties()?);
    {
        let ws = wb.add_worksheet().set_name("RESUME")?;
        ws.write_string_with_format(0, 0, "RESUME NILAI KKE AKIP PERANGKAT DAERAH", &title)?;
        ws.write_string_with_format(2, 0, "Perangkat Daerah", &head)?;
        for (t, tier) in KKE_TIERS.iter().enumerate() {
            ws.write_string_with_format(2, 1 + t as u16, *tier, &head)?;
        }
        for (i, (opd, _)) in KKE_OPDS.iter().enumerate() {
            ws.write_string(3 + i as u32, 0, *opd)?;
            for t in 0..KKE_TIERS.len() {
                ws.write_string(3 + i as u32, 1 + t as u16, "Belum Diisi")?;
            }
        }
        ws.set_column_width(0, 40)?;
    }
    let criteria: Vec<&Criterion> = rubric.criteria().map(|(_, _, k)| k).collect();
    let width = 3 + 3 * KKE_TIERS.len() as u16;
    for (opd, level) in KKE_OPDS {
        let ws = wb.add_worksheet().set_name(&opd[..opd.len().min(31)])?;
        ws.merge_range(
            0,
            0,
            0,
            width,
            "KERTAS KERJA EVALUASI AKIP PERANGKAT DAERAH",
            &title,
        )?;
        ws.merge_range(1, 0, 1, width, &format!("{CITY} - TAHUN 2025"), &title)?;
        ws.write_string(3, 0, "Perangkat Daerah")?;
        ws.write_string(3, 1, ":")?;
        ws.write_string(3, 2, *opd)?;
        ws.merge_range(5, 0, 6, 0, "No", &head)?;
        ws.merge_range(5, 1, 6, 1, "Komponen/Sub Komponen/Kriteria", &head)?;
        ws.merge_range(5, 2, 6, 2, "Bobot", &head)?;
        for (t, tier) in KKE_TIERS.iter().enumerate() {
            let c = 3 + 3 * t as u16;
            ws.merge_range(5, c, 5, c + 2, tier, &head)?;
            for (i, h) in ["Jawaban", "Nilai", "Catatan"].iter().enumerate() {
                ws.write_string_with_format(6, c + i as u16, *h, &head)?;
            }
        }
        ws.merge_range(5, width, 6, width, "Bukti", &head)?;
        for c in 0..=width {
            ws.write_string_with_format(7, c, format!("({})", c + 1), &head)?;
        }
        // Each tier's answers, then each node's value as the sheet's formulas compute it:
        // a criterion's from its answer, a part's from its children (children come after their
        // parent, so backwards).
        let answers: Vec<Vec<String>> = (0..KKE_TIERS.len())
            .map(|t| {
                rubric
                    .nodes
                    .iter()
                    .map(|n| {
                        n.criterion
                            .map(|k| kke_answer(rubric, opd, *level, t, criteria[k]))
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        let shown: Vec<Vec<f64>> = answers
            .iter()
            .map(|tier| kke_values(rubric, &criteria, tier))
            .collect();
        for (row, node) in (8u32..).zip(&rubric.nodes) {
            match node.criterion {
                None => {
                    ws.write_string_with_format(row, 0, &node.code, &strong)?;
                    ws.write_string_with_format(row, 1, &node.name.id, &strong)?;
                    match node.weight {
                        Some(w) => ws.write_number_with_format(row, 2, w, &strong)?,
                        None => ws.write_blank(row, 2, &strong)?,
                    };
                    let i = (row - 8) as usize;
                    for (t, values) in shown.iter().enumerate() {
                        let c = 4 + 3 * t as u16;
                        let formula = kke_part_formula(rubric, i, row, c);
                        let f = Formula::new(formula).set_result(values[i].to_string());
                        ws.write_formula_with_format(row, c, f, &strong)?;
                    }
                }
                Some(k) => {
                    let criterion = criteria[k];
                    // An evidence document: named on its own row under its criterion, not
                    // numbered, as real KKEs list them.
                    let document = node.parent.is_some_and(|p| {
                        rubric.nodes[p].aggregation == sakip::rubric::Aggregation::Share
                    });
                    match document {
                        true => {
                            ws.write_blank(row, 0, &cell)?;
                            let text = format!("- {}", criterion.text.id);
                            ws.write_string_with_format(row, 1, &text, &cell)?;
                        }
                        false => {
                            ws.write_string_with_format(row, 0, &criterion.code, &cell)?;
                            ws.write_string_with_format(row, 1, &criterion.text.id, &cell)?;
                        }
                    }
                    for (t, tier) in answers.iter().enumerate() {
                        let c = 3 + 3 * t as u16;
                        let answer = &tier[(row - 8) as usize];
                        ws.write_string_with_format(row, c, answer, &cell)?;
                        // The value by the sheet's own formula, its result cached.
                        let value = value_of(rubric, criterion, answer);
                        let formula = kke_value_formula(rubric, criterion, row, c);
                        let f = Formula::new(formula).set_result(value.to_string());
                        ws.write_formula_with_format(row, c + 1, f, &cell)?;
                        if let Some(n) = note(answer) {
                            ws.write_string_with_format(row, c + 2, n, &cell)?;
                        }
                    }
                    ws.write_string_with_format(row, width, evidence(&criterion.code), &cell)?;
                }
            }
        }
        ws.set_column_width(0, 12)?;
        ws.set_column_width(1, 60)?;
        ws.set_freeze_panes(8, 2)?;
    }
    wb.save(path)
}

/// OPDs of earlier years that were renamed or merged into today's (registry ids `OPD-4x`).
const FORMER_OPDS: &[(&str, &str, &str)] = &[
    // (id, name, successor)
    (
        "OPD-40",
        "Dinas Kebudayaan dan Pariwisata",
        "Dinas Pariwisata",
    ),
    (
        "OPD-41",
        "Dinas Penanaman Modal",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    ),
    (
        "OPD-42",
        "Kantor Pelayanan Perizinan Terpadu",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    ),
];

/// An OPD's score in a past year: its level, less a little each year back, spread by a draw.
fn past_score(opd: &str, level: u32, years_back: u32) -> f64 {
    let level = if level == 0 { 78 } else { level };
    let spread = (draw(opd, &format!("tahun-{years_back}")) - 0.5) * 12.0;
    let value = f64::from(level) - 3.5 * f64::from(years_back) + spread;
    (value.clamp(0.0, 100.0) * 100.0).round() / 100.0
}

/// Splits a final score over components in proportion to their weights (the last takes the
/// rounding), so that the published summary adds up.
fn split(score: f64, weights: &[f64]) -> Vec<f64> {
    let mut parts: Vec<f64> = weights
        .iter()
        .map(|w| (score * w / 100.0 * 100.0).round() / 100.0)
        .collect();
    let rest: f64 = parts[..parts.len() - 1].iter().sum();
    if let Some(last) = parts.last_mut() {
        *last = ((score - rest) * 100.0).round() / 100.0;
    }
    parts
}

/// `fixtures/demo-history/`: the registry with today's OPDs and their predecessors, and the
/// published summaries of 2023 (PermenPAN-RB 12/2015, before a merger and two renamings) and
/// 2024 (PermenPAN-RB 88/2021).
fn history_files(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let mut registry = String::from("id,nama,alias,pendahulu\n");
    for (i, (name, _)) in OPDS.iter().enumerate() {
        let alias = if *name == "Dinas Kepemudaan dan Olahraga" {
            "Dinas Pemuda dan Olahraga"
        } else {
            ""
        };
        let predecessors: Vec<&str> = FORMER_OPDS
            .iter()
            .filter(|(_, _, successor)| successor == name)
            .map(|(id, _, _)| *id)
            .collect();
        registry.push_str(&format!(
            "OPD-{:02},{name},{alias},\"{}\"\n",
            i + 1,
            predecessors.join(", ")
        ));
    }
    for (id, name, _) in FORMER_OPDS {
        registry.push_str(&format!("{id},{name},,\n"));
    }
    std::fs::write(dir.join("daftar-opd.csv"), registry)?;

    let old = Rubric::load("akip-2015")?;
    let new = Rubric::load("akip-2021-opd")?;
    for (year, rubric, years_back) in [(2023, &old, 2u32), (2024, &new, 1)] {
        let weights: Vec<f64> = rubric.components.iter().map(|c| c.weight).collect();
        let mut csv = String::from("opd,nilai");
        if year == 2024 {
            csv.push_str(",predikat");
        }
        for c in &rubric.components {
            csv.push_str(&format!(",{}", c.name.id));
        }
        csv.push('\n');
        for (name, level) in OPDS {
            let former: Vec<&str> = FORMER_OPDS
                .iter()
                .filter(|(_, _, successor)| successor == name)
                .map(|(_, n, _)| *n)
                .collect();
            let names: Vec<&str> = match (year, former.is_empty()) {
                (2023, false) => former,
                _ if *name == "Dinas Kepemudaan dan Olahraga" => vec!["Dinas Pemuda dan Olahraga"],
                _ => vec![name],
            };
            for written in names {
                let score = past_score(written, *level, years_back);
                csv.push_str(&format!("{written},{score:.2}"));
                if year == 2024 {
                    let centi = (score * 100.0).round() as i64;
                    let grade = rubric
                        .band_for_centi(centi)
                        .map_or("", |b| b.grade.as_str());
                    csv.push_str(&format!(",{grade}"));
                }
                for part in split(score, &weights) {
                    csv.push_str(&format!(",{part:.2}"));
                }
                csv.push('\n');
            }
        }
        std::fs::write(dir.join(format!("ringkasan-akip-{year}.csv")), csv)?;
    }
    Ok(())
}

/// OPDs whose program data comes as the Renja evaluation form instead: Bappeda's is written
/// below (formulas with cached values, no "Perangkat Daerah" value, so the OPD comes from the
/// file name); Dinas Komunikasi dan Informatika's is the shared sample form
/// (`EVALUASI RENJA DISKOMINFO TAHUN 2025.xlsx`, copied, not generated).
const RENJA_OPDS: &[&str] = &[
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Komunikasi dan Informatika",
];

/// Bappeda's Renja evaluation: program > kegiatan > sub kegiatan, parents summing children by
/// formula, quarters with K and Rp., a signature footer.
fn renja_workbook(path: &Path) -> Result<(), XlsxError> {
    use rust_xlsxwriter::Formula;
    let mut wb = Workbook::new();
    wb.set_properties(&properties()?);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let ws = wb.add_worksheet().set_name("Evaluasi Renja TW IV")?;
    ws.merge_range(
        0,
        0,
        0,
        14,
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
        &head,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        14,
        &format!("{} - TAHUN ANGGARAN 2025", CITY.to_uppercase()),
        &head,
    )?;
    ws.write_string(3, 2, "Perangkat Daerah :")?;
    ws.merge_range(5, 0, 6, 0, "No", &head)?;
    ws.merge_range(
        5,
        1,
        5,
        2,
        "Rencana Pembangunan Jangka Menengah Daerah",
        &head,
    )?;
    ws.write_string_with_format(6, 1, "Misi", &head)?;
    ws.write_string_with_format(6, 2, "Sasaran RPJMD", &head)?;
    ws.merge_range(
        5,
        3,
        6,
        3,
        "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan",
        &head,
    )?;
    ws.merge_range(
        5,
        4,
        6,
        4,
        "Indikator Kinerja Program (Outcome)/Kegiatan (Output)",
        &head,
    )?;
    ws.merge_range(5, 5, 6, 5, "Satuan", &head)?;
    ws.merge_range(
        5,
        6,
        6,
        7,
        "Target Kinerja dan Anggaran Renja Tahun Berjalan (2025) yang Dievaluasi",
        &head,
    )?;
    ws.merge_range(5, 8, 5, 15, "Realisasi Kinerja Pada Triwulan", &head)?;
    for (q, name) in ["I", "II", "III", "IV"].iter().enumerate() {
        ws.merge_range(6, 8 + 2 * q as u16, 6, 9 + 2 * q as u16, name, &head)?;
    }
    for c in 0..16u16 {
        ws.write_string_with_format(7, c, format!("{}", c + 1), &head)?;
    }
    for p in 0..5u16 {
        ws.write_string_with_format(8, 6 + 2 * p, "K", &head)?;
        ws.write_string_with_format(8, 7 + 2 * p, "Rp.", &head)?;
    }
    // (row label, budget, target K, quarter K realised); parents have no K.
    let leaves: &[(&str, f64, f64, [f64; 4])] = &[
        (
            "Penyusunan Dokumen RPJMD dan RKPD",
            900_000_000.0,
            4.0,
            [1.0, 1.0, 1.0, 1.0],
        ),
        (
            "Pengendalian dan Evaluasi Rencana Pembangunan",
            600_000_000.0,
            12.0,
            [3.0, 3.0, 2.0, 2.0],
        ),
        (
            "Pengembangan Sistem Informasi Perencanaan (Satu Data)",
            1_200_000_000.0,
            100.0,
            [20.0, 25.0, 25.0, 20.0],
        ),
    ];
    let col = |c: u16| rust_xlsxwriter::utility::column_number_to_name(c);
    ws.merge_range(
        9,
        2,
        13,
        2,
        "Meningkatnya kualitas tata kelola pemerintahan berbasis elektronik",
        &Format::new().set_text_wrap(),
    )?;
    ws.write_string(
        9,
        3,
        "5.01.02 PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH",
    )?;
    ws.write_string(
        10,
        3,
        "5.01.02.2.01 Koordinasi Perencanaan Pembangunan Daerah",
    )?;
    let budget_10 = leaves[0].1 + leaves[1].1;
    let total = budget_10 + leaves[2].1;
    let formula = |cells: &str, value: f64| {
        Formula::new(format!("=SUM({cells})")).set_result(format!("{value}"))
    };
    // Rows 10 (program) and 11 (kegiatan): sums of the rows below, cached.
    ws.write_formula(9, 7, formula(&format!("{c}11+{c}14", c = col(7)), total))?;
    ws.write_formula(
        10,
        7,
        formula(&format!("{c}12:{c}13", c = col(7)), budget_10),
    )?;
    ws.write_string(13, 3, "5.01.02.2.02 Pengelolaan Data Pembangunan")?;
    let rows = [11u32, 12, 14];
    for ((name, budget, target, quarters), r) in leaves.iter().zip(rows) {
        ws.write_string(r, 3, *name)?;
        ws.write_string(r, 4, "Dokumen / persentase yang tersedia tepat waktu")?;
        ws.write_string(r, 5, "Dokumen")?;
        ws.write_number(r, 6, *target)?;
        ws.write_number(r, 7, *budget)?;
        for (q, k) in quarters.iter().enumerate() {
            ws.write_number(r, 8 + 2 * q as u16, *k)?;
            ws.write_number(r, 9 + 2 * q as u16, budget * 0.2)?;
        }
    }
    ws.write_formula(13, 7, formula(&format!("{}15", col(7)), leaves[2].1))?;
    ws.write_string(17, 12, "Sukamaju, 15 Januari 2026")?;
    ws.write_string(18, 12, "KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH")?;
    ws.write_string(22, 12, "Ir. Siti Rahmawati, M.T.")?;
    ws.write_string(23, 12, "NIP. 19750505 200003 2 002")?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(3, 60)?;
    wb.save(path)
}

/// The mayor's five priority programs.
const PRIORITIES: &str = "id,nama,misi,sasaran_rpjmd,opd_pengampu
P1,Sukamaju Sehat,Misi 1,Meningkatnya derajat kesehatan masyarakat,Dinas Kesehatan
P2,Sukamaju Cerdas (Smart City),Misi 2,Meningkatnya kualitas tata kelola pemerintahan berbasis elektronik,Dinas Komunikasi dan Informatika
P3,Kampung Tangguh Bencana,Misi 3,Meningkatnya ketahanan kota terhadap bencana,Badan Penanggulangan Bencana Daerah
P4,UMKM Naik Kelas,Misi 4,Meningkatnya daya saing ekonomi lokal,Dinas Koperasi dan Usaha Mikro
P5,Sukamaju Bersih dan Hijau,Misi 3,Meningkatnya kualitas lingkungan hidup,Dinas Lingkungan Hidup
";

/// Which priority each OPD's substantive work serves, and the OPDs it tends to work with.
fn theme(opd: &str) -> (&'static str, &'static [&'static str]) {
    let health: &[&str] = &[
        "Dinas Kesehatan",
        "Dinas Sosial",
        "RSUD Kota Sukamaju",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
    ];
    let smart: &[&str] = &[
        "Dinas Komunikasi dan Informatika",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Badan Perencanaan Pembangunan Daerah",
    ];
    let disaster: &[&str] = &[
        "Badan Penanggulangan Bencana Daerah",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Satuan Polisi Pamong Praja",
        "Dinas Pemadam Kebakaran dan Penyelamatan",
    ];
    let economy: &[&str] = &[
        "Dinas Koperasi dan Usaha Mikro",
        "Dinas Perdagangan dan Perindustrian",
        "Dinas Pariwisata",
        "Dinas Tenaga Kerja",
    ];
    let green: &[&str] = &[
        "Dinas Lingkungan Hidup",
        "Dinas Perumahan dan Kawasan Permukiman",
        "Dinas Ketahanan Pangan dan Pertanian",
        "Dinas Perhubungan",
    ];
    for (id, group) in [
        ("P1", health),
        ("P2", smart),
        ("P3", disaster),
        ("P4", economy),
        ("P5", green),
    ] {
        if group.contains(&opd) {
            return (id, group);
        }
    }
    ("", &[])
}

const PENTAHELIX: &[&str] = &[
    "akademisi:Universitas Sukamaju",
    "badan_usaha:Bank Sukamaju",
    "komunitas:Forum Warga Peduli",
    "media:Radio Suara Sukamaju",
];

fn program_workbook(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties()?);
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("Kegiatan")?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "DATA PROGRAM DAN KEGIATAN PERANGKAT DAERAH {} TAHUN 2025",
            CITY.to_uppercase()
        ),
        &bold,
    )?;
    let header = [
        "opd",
        "kode",
        "nama",
        "program",
        "indikator",
        "satuan",
        "target",
        "realisasi",
        "pagu",
        "realisasi_anggaran",
        "prioritas",
        "mitra_opd",
        "mitra_pentahelix",
        "jenis_indikator",
        "horizon",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let mut row = 3;
    for (i, (opd, level)) in OPDS.iter().enumerate() {
        if RENJA_OPDS.contains(opd) {
            continue;
        }
        // Fixed-pattern OPDs get a level for their program data too.
        let level = if *level == 0 {
            [95, 90, 70, 60, 65, 20][i % 6]
        } else {
            *level
        };
        let (priority, group) = theme(opd);
        let code = |k: usize| format!("{}.{:02}.{k}", 1 + i / 10, i % 10);
        // A routine support activity: left out of A1, A2 and A4.
        let pagu = 400_000_000.0 + 10_000_000.0 * (i as f64);
        let routine = [
            code(1),
            "Penyediaan administrasi perkantoran".into(),
            "Program Penunjang Urusan Pemerintahan Daerah".into(),
            "Persentase layanan administrasi terpenuhi".into(),
            "%".into(),
        ];
        // kode, nama, program, indikator and satuan: columns 1-5, after the OPD's.
        ws.write_string(row, 0, *opd)?;
        for (c, v) in routine.iter().enumerate() {
            ws.write_string(row, c as u16 + 1, v)?;
        }
        ws.write_number(row, 6, 100.0)?;
        ws.write_number(row, 7, 95.0)?;
        ws.write_number(row, 8, pagu)?;
        ws.write_number(row, 9, pagu * 0.9)?;
        ws.write_string(row, 13, "output")?;
        ws.write_string(row, 14, "tahunan")?;
        row += 1;
        let substantive = 2 + (level as usize / 30);
        for k in 0..substantive {
            let d = draw(opd, &format!("kegiatan-{k}"));
            let linked = !priority.is_empty() && f64::from(level) / 100.0 > d * 0.9;
            let partners: Vec<&str> = if f64::from(level) > 55.0 {
                group
                    .iter()
                    .filter(|g| **g != *opd)
                    .take(1 + (level as usize / 35))
                    .copied()
                    .collect()
            } else {
                Vec::new()
            };
            let kinds: Vec<&str> = PENTAHELIX
                .iter()
                .take((level as usize).saturating_sub(40) / 15)
                .copied()
                .collect();
            let target = 100.0;
            let achieved = (f64::from(level) + 20.0 * (d - 0.5)).clamp(20.0, 110.0);
            let budget = 250_000_000.0 * (1.0 + 3.0 * d);
            ws.write_string(row, 0, *opd)?;
            ws.write_string(row, 1, code(k + 2))?;
            ws.write_string(row, 2, format!("Kegiatan strategis {} {}", k + 1, opd))?;
            ws.write_string(row, 3, format!("Program Layanan Utama {}", opd))?;
            ws.write_string(row, 4, "Persentase capaian layanan")?;
            ws.write_string(row, 5, "%")?;
            ws.write_number(row, 6, target)?;
            // Written as Indonesians type them, to exercise the number reader.
            ws.write_string(row, 7, format!("{:.1}%", achieved).replace('.', ","))?;
            ws.write_string(row, 8, rupiah(budget))?;
            ws.write_number(row, 9, (budget * achieved / 100.0).round())?;
            if linked {
                ws.write_string(row, 10, priority)?;
            }
            ws.write_string(row, 11, partners.join(", "))?;
            ws.write_string(row, 12, kinds.join(", "))?;
            ws.write_string(
                row,
                13,
                if d < f64::from(level) / 120.0 {
                    "outcome"
                } else {
                    "output"
                },
            )?;
            ws.write_string(
                row,
                14,
                if d < f64::from(level) / 150.0 {
                    "menengah"
                } else {
                    "tahunan"
                },
            )?;
            row += 1;
        }
    }
    ws.set_column_width(0, 48)?;
    ws.set_column_width(2, 50)?;
    ws.set_column_width(3, 50)?;
    ws.set_freeze_panes(3, 0)?;
    ws.autofilter(2, 0, row - 1, 14)?;
    wb.save(path)
}

/// `Rp 1.250.000.000`: a budget as an Indonesian spreadsheet shows it.
fn rupiah(amount: f64) -> String {
    let digits = format!("{}", amount.round() as u64);
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("Rp {grouped}")
}

fn tidy_workbook(rubric: &Rubric, path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties()?);
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("Rekap")?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "REKAP JAWABAN LKE AKIP PERANGKAT DAERAH {} TAHUN 2025",
            CITY.to_uppercase()
        ),
        &bold,
    )?;
    ws.write_string(
        1,
        0,
        "Hasil evaluasi Inspektorat (penetapan) dan penilaian mandiri OPD (usulan)",
    )?;
    let header = [
        "OPD",
        "Kode",
        "Jawaban",
        "Tahap",
        "Catatan",
        "Bukti",
        "Evaluator",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    let mut row = 4;
    let skip: Vec<&str> = OFFICIAL_KECAMATAN
        .iter()
        .chain(CSV_OPDS)
        .chain([OFFICIAL_SINGLE].iter())
        .copied()
        .collect();
    for (i, (opd, level)) in OPDS.iter().enumerate() {
        if skip.contains(opd) {
            continue;
        }
        for (_, sub, criterion) in rubric.criteria() {
            let value = answer(opd, *level, &sub.code, criterion);
            ws.write_string(row, 0, *opd)?;
            ws.write_string(row, 1, &criterion.code)?;
            ws.write_string(row, 2, value)?;
            ws.write_string(row, 3, "penetapan")?;
            if let Some(n) = note(value) {
                ws.write_string(row, 4, n)?;
            }
            ws.write_string(row, 5, evidence(&criterion.code))?;
            ws.write_string(
                row,
                6,
                if i % 2 == 0 {
                    "Tim Evaluator 1"
                } else {
                    "Tim Evaluator 2"
                },
            )?;
            row += 1;
        }
        // Every third OPD also sent its self-assessment, a grade more generous on sub-component c.
        if i % 3 == 0 {
            for (_, sub, criterion) in rubric.criteria() {
                let value = answer(opd, (*level + 10).min(100), &sub.code, criterion);
                ws.write_string(row, 0, *opd)?;
                ws.write_string(row, 1, &criterion.code)?;
                ws.write_string(row, 2, value)?;
                ws.write_string(row, 3, "usulan")?;
                row += 1;
            }
        }
    }
    ws.set_column_width(0, 52)?;
    ws.set_column_width(4, 48)?;
    ws.set_freeze_panes(4, 0)?;
    ws.autofilter(3, 0, row - 1, 6)?;
    wb.save(path)
}

fn official_workbook(
    rubric: &Rubric,
    opds: &[&str],
    path: &Path,
    with_instructions: bool,
) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties()?);
    if with_instructions {
        let ws = wb.add_worksheet().set_name("Petunjuk")?;
        ws.write_string(0, 0, "Petunjuk pengisian LKE")?;
        ws.write_string(
            2,
            0,
            "1. Isi kolom Jawaban sesuai skala (Y/T atau AA sampai E).",
        )?;
        ws.write_string(3, 0, "2. Tulis catatan evaluator dan tautan bukti dukung.")?;
    }
    for (i, opd) in opds.iter().enumerate() {
        let ws = wb.add_worksheet().set_name(*opd)?;
        // The second Kecamatan sheet names its OPD in one cell, the third not at all (sheet name).
        let label = match (with_instructions, i) {
            (false, _) | (true, 0) => Some(false),
            (true, 1) => Some(true),
            _ => None,
        };
        official_sheet(ws, rubric, opd, label)?;
    }
    wb.save(path)
}

fn official_sheet(
    ws: &mut Worksheet,
    rubric: &Rubric,
    opd: &str,
    label: Option<bool>,
) -> Result<(), XlsxError> {
    let (title, head, cell, strong) = lke_formats();
    ws.merge_range(
        0,
        0,
        0,
        6,
        "LEMBAR KERJA EVALUASI AKUNTABILITAS KINERJA INSTANSI PEMERINTAH",
        &title,
    )?;
    ws.merge_range(1, 0, 1, 6, &format!("{CITY} - TAHUN 2025"), &title)?;
    match label {
        Some(false) => {
            ws.write_string(3, 0, "Perangkat Daerah")?;
            ws.write_string(3, 1, ":")?;
            ws.write_string(3, 2, opd)?;
        }
        Some(true) => {
            ws.write_string(3, 0, format!("Perangkat Daerah: {opd}"))?;
        }
        None => {}
    }
    ws.merge_range(5, 0, 6, 0, "No", &head)?;
    ws.merge_range(5, 1, 6, 1, "Komponen/Sub Komponen/Kriteria", &head)?;
    ws.merge_range(5, 2, 6, 2, "Bobot", &head)?;
    ws.merge_range(5, 3, 5, 4, "Nilai Evaluasi", &head)?;
    ws.write_string_with_format(6, 3, "Jawaban", &head)?;
    ws.write_string_with_format(6, 4, "Nilai", &head)?;
    ws.merge_range(5, 5, 6, 5, "Catatan", &head)?;
    ws.merge_range(5, 6, 6, 6, "Bukti Dukung", &head)?;
    for c in 0..7u16 {
        ws.write_string_with_format(7, c, format!("({})", c + 1), &head)?;
    }
    let level = level_of(opd);
    let mut row = 8;
    for component in &rubric.components {
        ws.write_string_with_format(row, 0, &component.code, &strong)?;
        ws.write_string_with_format(row, 1, &component.name.id, &strong)?;
        ws.write_number_with_format(row, 2, component.weight, &strong)?;
        row += 1;
        for sub in &component.subcomponents {
            ws.write_string_with_format(row, 0, &sub.code, &strong)?;
            ws.write_string_with_format(row, 1, &sub.name.id, &strong)?;
            ws.write_number_with_format(row, 2, sub.weight, &strong)?;
            row += 1;
            for criterion in &sub.criteria {
                let value = answer(opd, level, &sub.code, criterion);
                ws.write_number_with_format(row, 0, criterion.number as f64, &cell)?;
                ws.write_string_with_format(row, 1, &criterion.text.id, &cell)?;
                ws.write_string_with_format(row, 3, value, &cell)?;
                ws.write_string_with_format(row, 5, note(value).unwrap_or(""), &cell)?;
                ws.write_string_with_format(row, 6, evidence(&criterion.code), &cell)?;
                row += 1;
            }
        }
    }
    row += 2;
    ws.write_string(row, 4, "Sukamaju, 15 Desember 2025")?;
    ws.write_string(row + 1, 4, "Inspektur Kota Sukamaju")?;
    ws.write_string(row + 5, 4, "Drs. Ahmad Fauzi, M.Si")?;
    ws.write_string(row + 6, 4, "NIP. 19700101 199503 1 001")?;
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 70)?;
    ws.set_column_width(5, 40)?;
    ws.set_column_width(6, 40)?;
    Ok(())
}

fn csv_file(rubric: &Rubric, path: &Path) -> std::io::Result<()> {
    let mut text = String::from("opd;criterion;answer;tier;note\n");
    for opd in CSV_OPDS {
        let level = level_of(opd);
        for (_, sub, criterion) in rubric.criteria() {
            let value = answer(opd, level, &sub.code, criterion);
            // A note holding the delimiter is quoted, as Excel saves it.
            let note = match note(value).unwrap_or("") {
                n if n.contains(';') => format!("\"{}\"", n.replace('"', "\"\"")),
                n => n.to_string(),
            };
            text.push_str(&format!(
                "{opd};{};{value};penetapan;{note}\n",
                criterion.code
            ));
        }
    }
    std::fs::write(path, text)
}
