//! Generates realistic inputs at any scale, deterministic from a seed: for each regional
//! government (pemda) and year, one workbook of tidy LKE answers in both tiers (the OPDs'
//! self-assessment and the evaluator's final) and one of program data with partners,
//! pentahelix entries and priorities; a priorities file per year.
//!
//! `cargo run --release --example gen -- --opds 22000 --years 1 --out /tmp/national`
//! (`--per-file 40` OPDs per workbook, `--activities 50` program rows per OPD: 1.1 million at
//! national scale, `--seed 7`, `--format xlsx|csv|both`)

use rust_xlsxwriter::{Workbook, XlsxError};
use sakip::rubric::Rubric;
use std::path::{Path, PathBuf};

const OPD_KINDS: &[&str] = &[
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Sosial",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Komunikasi dan Informatika",
    "Dinas Koperasi dan Usaha Mikro",
    "Dinas Pariwisata",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Inspektorat",
    "Sekretariat Daerah",
    "Sekretariat DPRD",
    "Badan Penanggulangan Bencana Daerah",
    "Satuan Polisi Pamong Praja",
    "Dinas Tenaga Kerja",
    "Dinas Perdagangan",
    "Dinas Ketahanan Pangan",
    "RSUD",
];
const GRADES: [&str; 8] = ["AA", "A", "BB", "B", "CC", "C", "D", "E"];
const PRIORITIES: usize = 5;
const KINDS: [&str; 4] = ["akademisi", "badan_usaha", "komunitas", "media"];

struct Args {
    opds: usize,
    per_file: usize,
    activities: usize,
    years: usize,
    seed: u64,
    xlsx: bool,
    csv: bool,
    out: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        opds: 1_000,
        per_file: 40,
        activities: 50,
        years: 1,
        seed: 7,
        xlsx: true,
        csv: false,
        out: PathBuf::from("gen-out"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: '{value}' is not a number"))
        };
        match flag.as_str() {
            "--opds" => a.opds = number()?,
            "--per-file" => a.per_file = number()?.max(1),
            "--activities" => a.activities = number()?.max(1),
            "--years" => a.years = number()?.max(1),
            "--seed" => a.seed = number()? as u64,
            "--out" => a.out = PathBuf::from(&value),
            "--format" => {
                (a.xlsx, a.csv) = match value.as_str() {
                    "xlsx" => (true, false),
                    "csv" => (false, true),
                    "both" => (true, true),
                    other => return Err(format!("--format: '{other}' is not xlsx, csv or both")),
                }
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(a)
}

/// A fixed pseudo-random number in [0, 1) for a tuple of inputs (splitmix64).
fn draw(seed: u64, parts: &[u64]) -> f64 {
    let mut x = seed;
    for p in parts {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15 ^ p);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 31;
    }
    (x >> 11) as f64 / (1u64 << 53) as f64
}

fn opd_name(pemda: usize, k: usize) -> String {
    format!(
        "{} Pemda {:03}-{:02}",
        OPD_KINDS[k % OPD_KINDS.len()],
        pemda,
        k
    )
}

/// One row of each table: (opd, code, answer, tier) and the program rows.
fn lke_rows(a: &Args, rubric: &Rubric, year: usize, pemda: usize, opds: usize) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for k in 0..opds {
        let opd = opd_name(pemda, k);
        let level = 0.35 + 0.55 * draw(a.seed, &[pemda as u64, k as u64]) + 0.02 * year as f64;
        for (i, (_, sub, criterion)) in rubric.criteria().enumerate() {
            let noise = draw(a.seed, &[pemda as u64, k as u64, i as u64, year as u64]) - 0.5;
            for (tier, lift) in [("penetapan", 0.0), ("usulan", 0.1)] {
                let target = (level + lift + 0.4 * noise).clamp(0.0, 1.0);
                let answer = if sub.code == "a" {
                    if target > 0.45 {
                        "Y"
                    } else {
                        "T"
                    }
                } else {
                    GRADES[((1.0 - target) * 7.0).round() as usize]
                };
                rows.push([
                    opd.clone(),
                    criterion.code.clone(),
                    answer.to_string(),
                    tier.to_string(),
                ]);
            }
        }
    }
    rows
}

fn program_rows(a: &Args, year: usize, pemda: usize, opds: usize) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for k in 0..opds {
        let opd = opd_name(pemda, k);
        for j in 0..a.activities {
            let d = |salt: u64| {
                draw(
                    a.seed,
                    &[pemda as u64, k as u64, j as u64, year as u64, salt],
                )
            };
            let routine = j == 0;
            let priority = if !routine && d(1) < 0.6 {
                format!("P{}", 1 + (d(2) * PRIORITIES as f64) as usize)
            } else {
                String::new()
            };
            let partners: Vec<String> = (0..(d(3) * 3.0) as usize)
                .map(|p| opd_name(pemda, (k + 1 + p * 7) % opds))
                .filter(|p| *p != opd)
                .collect();
            let kinds: Vec<String> = KINDS
                .iter()
                .filter(|_| d(4) < 0.3)
                .map(|kind| format!("{kind}:Mitra {pemda}"))
                .collect();
            rows.push(vec![
                opd.clone(),
                format!("{k}.{j}"),
                format!("Kegiatan {j} {opd}"),
                if routine {
                    "Program Penunjang Urusan Pemerintahan Daerah".into()
                } else {
                    format!("Program Layanan {}", j % 6)
                },
                "100".into(),
                format!("{:.0}", 60.0 + 50.0 * d(5)),
                format!("{:.0}", 100_000_000.0 + 900_000_000.0 * d(6)),
                priority,
                partners.join(", "),
                kinds.join(", "),
                if d(7) < 0.4 { "outcome" } else { "output" }.into(),
                if d(8) < 0.3 { "menengah" } else { "tahunan" }.into(),
            ]);
        }
    }
    rows
}

const LKE_HEADER: [&str; 4] = ["opd", "kode", "jawaban", "tahap"];
const PROGRAM_HEADER: [&str; 12] = [
    "opd",
    "kode",
    "nama",
    "program",
    "target",
    "realisasi",
    "pagu",
    "prioritas",
    "mitra_opd",
    "mitra_pentahelix",
    "jenis_indikator",
    "horizon",
];

fn write_xlsx<R: AsRef<[String]>>(
    path: &Path,
    header: &[&str],
    rows: &[R],
) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.as_ref().iter().enumerate() {
            ws.write_string(1 + r as u32, c as u16, v)?;
        }
    }
    wb.save(path)
}

fn write_csv<R: AsRef<[String]>>(path: &Path, header: &[&str], rows: &[R]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.as_ref())?;
    }
    w.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args()?;
    let rubric = Rubric::load("akip-2021-opd")?;
    let governments = a.opds.div_ceil(a.per_file);
    for y in 0..a.years {
        let year = 2021 + y;
        let dir = a.out.join(year.to_string());
        std::fs::create_dir_all(dir.join("lke"))?;
        std::fs::create_dir_all(dir.join("program"))?;
        let mut priorities = String::from("id,nama\n");
        for p in 1..=PRIORITIES {
            priorities.push_str(&format!("P{p},Prioritas {p}\n"));
        }
        std::fs::write(dir.join("prioritas.csv"), priorities)?;
        for g in 0..governments {
            let opds = a.per_file.min(a.opds - g * a.per_file);
            let lke = lke_rows(&a, &rubric, y, g, opds);
            let programs = program_rows(&a, y, g, opds);
            let stem = format!("pemda-{g:03}");
            if a.xlsx {
                write_xlsx(
                    &dir.join("lke").join(format!("{stem}.xlsx")),
                    &LKE_HEADER,
                    &lke,
                )?;
                write_xlsx(
                    &dir.join("program").join(format!("{stem}.xlsx")),
                    &PROGRAM_HEADER,
                    &programs,
                )?;
            }
            if a.csv {
                write_csv(
                    &dir.join("lke").join(format!("{stem}.csv")),
                    &LKE_HEADER,
                    &lke,
                )?;
                write_csv(
                    &dir.join("program").join(format!("{stem}.csv")),
                    &PROGRAM_HEADER,
                    &programs,
                )?;
            }
        }
        eprintln!(
            "{year}: {} OPDs in {governments} files under {}",
            a.opds,
            dir.display()
        );
    }
    Ok(())
}
