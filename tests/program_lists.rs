//! Tidy program lists as government systems export them (RKPD and Renja lampiran): the header
//! spellings real files use, kept as data; form furniture (column numbers, section rows, total
//! rows, the signature block) listed, not read; rows whose code heads other rows' codes read as
//! sums and checked, never as activities; a priorities table among the program files; the
//! words that say what a file is when it is not what it was given as.

use crate::renja::{errors_and_warnings, read};
use crate::util::sakip;
use rust_xlsxwriter::{Format, Workbook};
use sakip::ingest::programs::Activity;
use sakip::messages::{Diagnostics, FurnitureKind, IngestProblem, Severity};
use std::path::{Path, PathBuf};

/// One row of the exported list: No, SKPD, Kode Rekening, Sub Kegiatan, Indikator Kinerja,
/// Total (two years), Pagu Indikatif. `None` is a blank cell.
type Line = [Option<&'static str>; 7];

/// A number cell's text, read as a number (the list is values only, as SIPD exports it).
const fn n(text: &'static str) -> Option<&'static str> {
    Some(text)
}

/// A row of the signature block, under the last column as forms place it.
const fn under_the_last_column(text: &'static str) -> Line {
    [None, None, None, None, None, None, Some(text)]
}

/// An RKPD lampiran as SIPD exports it: a merged title, the header, a row of column numbers,
/// section rows, a program row above its sub kegiatan carrying their sum, a total row, and
/// the signature block under the last columns. `program_pagu` is the program row's budget.
fn lampiran(program_pagu: &'static str) -> Vec<Line> {
    vec![
        [
            n("(1)"),
            n("(2)"),
            n("(3)"),
            n("(4)"),
            n("(5)"),
            n("(6)"),
            n("(7)"),
        ],
        [
            None,
            n("Urusan Wajib Pelayanan Dasar"),
            None,
            None,
            None,
            None,
            None,
        ],
        [
            n("1"),
            n("Dinas Kesehatan"),
            n("1.02.02"),
            n("Program Pemenuhan Upaya Kesehatan Perorangan"),
            None,
            n("3000000000"),
            n(program_pagu),
        ],
        [
            n("2"),
            n("Dinas Kesehatan"),
            n("1.02.02.2.02.0001"),
            n("Pengelolaan Pelayanan Kesehatan Ibu Hamil"),
            n("Jumlah ibu hamil terlayani"),
            n("2000000000"),
            n("1000000000"),
        ],
        [
            n("3"),
            n("Dinas Kesehatan"),
            n("1.02.02.2.02.0002"),
            n("Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir"),
            n("Jumlah bayi baru lahir terlayani"),
            n("1000000000"),
            n("500000000"),
        ],
        [
            None,
            n("Urusan Wajib Bukan Pelayanan Dasar"),
            None,
            None,
            None,
            None,
            None,
        ],
        [
            n("4"),
            n("Dinas Sosial"),
            n("1.06.04.2.01.0003"),
            n("Pemberian Bimbingan Fisik, Mental, Spiritual dan Sosial"),
            n("Jumlah PPKS terlayani"),
            n("500000000"),
            n("250000000"),
        ],
        [
            None,
            None,
            None,
            n("Jumlah"),
            None,
            n("3500000000"),
            n("1750000000"),
        ],
        [None; 7],
        under_the_last_column("Kota Contoh, 2 Januari 2026"),
        under_the_last_column("KEPALA BAPPEDA KOTA CONTOH"),
        under_the_last_column("NIP. 19700101 199503 1 001"),
    ]
}

/// Writes `lines` under a merged title and the exported header (rows 1 and 3), numbers as
/// numbers, texts as texts.
fn write_lampiran(path: &Path, lines: &[Line]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Lampiran").unwrap();
    let bold = Format::new().set_bold();
    let title = "RENCANA KERJA PEMERINTAH DAERAH KOTA CONTOH TAHUN 2026";
    ws.merge_range(0, 0, 0, 6, title, &bold).unwrap();
    let header = [
        "No",
        "SKPD",
        "Kode Rekening",
        "Sub Kegiatan",
        "Indikator Kinerja",
        "Total",
        "Pagu Indikatif",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold).unwrap();
    }
    for (i, line) in lines.iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            let (row, col) = (3 + i as u32, c as u16);
            match cell.map(|t| (t, t.parse::<f64>())) {
                Some((_, Ok(v))) if c != 2 => ws.write_number(row, col, v).map(|_| ()),
                Some((t, _)) => ws.write_string(row, col, t).map(|_| ()),
                None => Ok(()),
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// The notes of `diag` about furniture: what the rows are and which.
fn furniture(diag: &Diagnostics) -> Vec<(FurnitureKind, String)> {
    diag.problems
        .iter()
        .filter(|p| p.severity == Severity::Info)
        .filter_map(|p| match p.kind.ingest()? {
            IngestProblem::Furniture { rows_are, rows } => Some((*rows_are, rows.clone())),
            _ => None,
        })
        .collect()
}

fn codes_and_budgets(activities: &[Activity]) -> Vec<(String, String, f64)> {
    activities
        .iter()
        .map(|a| (a.opd.value.to_string(), a.kode.to_string(), a.pagu))
        .collect()
}

#[test]
fn an_exported_rkpd_list_gives_its_sub_kegiatan_and_lists_every_other_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lampiran-rkpd.xlsx");
    write_lampiran(&path, &lampiran("1500000000"));
    let (activities, diag) = read(&path, false);
    assert!(errors_and_warnings(&diag).is_empty(), "{diag:?}");
    // The three sub kegiatan, their budgets from "Pagu Indikatif" (preferred to the "Total"
    // column to its left, which holds two years). The program row 1.02.02 heads two of them
    // and carries their sum; the "Jumlah" row the sum of all: neither is an activity.
    assert_eq!(
        codes_and_budgets(&activities),
        [
            ("Dinas Kesehatan".into(), "1.02.02.2.02.0001".into(), 1e9),
            ("Dinas Kesehatan".into(), "1.02.02.2.02.0002".into(), 5e8),
            ("Dinas Sosial".into(), "1.06.04.2.01.0003".into(), 2.5e8),
        ]
    );
    // 1,000,000,000 + 500,000,000 + 250,000,000: the list's own "Jumlah".
    let total: f64 = activities.iter().map(|a| a.pagu).sum();
    assert_eq!(total, 1_750_000_000.0);
    // Row 4: (1) (2) ...; rows 5 and 9: sections; row 6: the program; row 11: "Jumlah";
    // rows 13-15: place and date, the office, the NIP (the blank row 12 is nothing).
    assert_eq!(
        furniture(&diag),
        [
            (FurnitureKind::Numbering, "4".into()),
            (FurnitureKind::Section, "5, 9".into()),
            (FurnitureKind::Signature, "13-15".into()),
            (FurnitureKind::Total, "11".into()),
            (FurnitureKind::Parent, "6".into()),
        ]
    );
    assert_eq!(diag.problems.len(), 5, "{diag:?}");
    // And in the input ledger, under the file.
    let inputs = ["--programs".into(), path.clone()];
    let ledger = crate::bad_inputs::validated(&inputs, &[])["ledger"]["entries"].clone();
    let entries: Vec<(String, String, String)> = ledger
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let path = e["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            let field = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (name.to_string(), field("status"), field("rows"))
        })
        .collect();
    let sheet = "lampiran-rkpd.xlsx!Lampiran".to_string();
    let furniture = |rows: &str| (sheet.clone(), "furniture".into(), rows.to_string());
    assert_eq!(
        entries,
        [
            ("lampiran-rkpd.xlsx".into(), "read".into(), "".into()),
            furniture("4"),
            furniture("5, 9"),
            furniture("13-15"),
            furniture("11"),
            furniture("6"),
        ]
    );
}

#[test]
fn a_program_row_that_is_not_the_sum_of_its_rows_is_an_error_or_with_lenient_sums_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lampiran-rkpd.xlsx");
    // The program row says 1,600,000,000; its sub kegiatan (G7:G8) add up to 1,000,000,000 +
    // 500,000,000 = 1,500,000,000: 100,000,000 apart.
    write_lampiran(&path, &lampiran("1600000000"));
    for lenient in [false, true] {
        let (activities, diag) = read(&path, lenient);
        let problems = errors_and_warnings(&diag);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("lampiran-rkpd.xlsx!Lampiran!G6: the budget of Rp 1.600.000.000 in this cell is not the sum of the rows under it (G7:G8: Rp 1.500.000.000); a difference of Rp 100.000.000"),
            "{problems:?}"
        );
        assert_eq!(diag.has_errors(), !lenient);
        // The activities are read as they are either way.
        assert_eq!(activities.len(), 3);
    }
}

#[test]
fn of_two_columns_spelt_for_one_field_the_preferred_spelling_wins() {
    // "Nomor" (a running number) stands left of "Kode Rekening"; "Kegiatan" left of "Sub
    // Kegiatan"; "Anggaran" left of "Pagu". Each field takes its preferred spelling's column.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("renja-lampiran.csv");
    let text = "Nomor;Perangkat Daerah;Kode Rekening;Kegiatan;Sub Kegiatan;Anggaran;Pagu\n\
                1;Dinas Sosial;1.06.04.2.01.0003;Rehabilitasi Sosial;Bimbingan Fisik;900;250\n\
                2;Dinas Sosial;1.06.04.2.01.0004;Rehabilitasi Sosial;Bimbingan Mental;900;650\n";
    std::fs::write(&path, text).unwrap();
    let (activities, diag) = read(&path, false);
    assert!(errors_and_warnings(&diag).is_empty(), "{diag:?}");
    let got: Vec<(String, String, f64)> = activities
        .iter()
        .map(|a| (a.kode.to_string(), a.nama.to_string(), a.pagu))
        .collect();
    assert_eq!(
        got,
        [
            ("1.06.04.2.01.0003".into(), "Bimbingan Fisik".into(), 250.0),
            ("1.06.04.2.01.0004".into(), "Bimbingan Mental".into(), 650.0),
        ]
    );
}

#[test]
fn every_header_spelling_of_the_data_file_is_listed_in_the_input_layouts_doc() {
    let doc = std::fs::read_to_string("docs/input-layouts.md").unwrap();
    let columns = sakip::rubric::program_columns().unwrap();
    let missing: Vec<String> = columns
        .iter()
        .flat_map(|c| c.spellings.iter().map(move |s| (c, s)))
        .filter(|(_, s)| !doc.contains(&format!("`{s}`")))
        .map(|(c, s)| format!("{}: `{s}`", c.name))
        .collect();
    assert!(
        missing.is_empty(),
        "not in docs/input-layouts.md: {missing:?}"
    );
    assert!(columns.iter().any(|c| c.spellings.contains(&"SKPD".into())));
}

/// `sakip score` of the demo LKE with `programs` and `extra`, as JSON: its output and stderr.
fn score_demo_json(programs: &[PathBuf], extra: &[&str]) -> (serde_json::Value, String, i32) {
    let out = tempfile::tempdir().unwrap();
    let output = sakip()
        .args([
            "score",
            "fixtures/demo",
            "--json",
            "--lang",
            "en",
            "--programs",
        ])
        .args(programs)
        .args(extra)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    (json, stderr, output.status.code().unwrap_or(-1))
}

/// Each OPD's alignment index in `json`.
fn alignment(json: &serde_json::Value) -> Vec<(String, Option<f64>)> {
    let opds = json["opds"].as_array().cloned().unwrap_or_default();
    opds.iter()
        .map(|o| {
            let name = o["opd"].as_str().unwrap_or_default().to_string();
            (name, o["alignment"]["index"].as_f64())
        })
        .collect()
}

#[test]
fn a_folder_of_program_data_holding_the_priorities_table_reads_it_as_the_priorities() {
    let folder = PathBuf::from("fixtures/demo-program");
    let (from_folder, stderr, code) = score_demo_json(std::slice::from_ref(&folder), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("prioritas-walikota.csv: this file is a priorities table, not program data: read as the priorities file"),
        "{stderr}"
    );
    // The same indices as with the priorities named and the program files listed.
    let files: Vec<PathBuf> = ["program-kegiatan-2025.xlsx"]
        .iter()
        .map(|f| folder.join(f))
        .chain(std::fs::read_dir(&folder).unwrap().filter_map(|e| {
            let p = e.unwrap().path();
            let renja = p.to_string_lossy().contains("RENJA");
            renja.then_some(p)
        }))
        .collect();
    let priorities = "fixtures/demo-program/prioritas-walikota.csv";
    let (named, _, code) = score_demo_json(&files, &["--priorities", priorities]);
    assert_eq!(code, 0);
    let indices = alignment(&from_folder);
    assert_eq!(indices.len(), 33);
    // Bappeda's form, worked by hand in programs::the_demo_city_with_its_program_data.
    let bappeda = (
        "Badan Perencanaan Pembangunan Daerah".to_string(),
        Some(97.83),
    );
    assert!(indices.contains(&bappeda), "{indices:?}");
    assert_eq!(indices, alignment(&named));
    // Named too, it is read once, as the priorities, and said nothing of.
    let (both, stderr, code) = score_demo_json(&[folder], &["--priorities", priorities]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("priorities table"), "{stderr}");
    assert_eq!(alignment(&both), indices);
}

#[test]
fn another_priorities_table_beside_the_one_named_is_passed_over_and_two_unnamed_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let programs = dir.path().join("program");
    std::fs::create_dir(&programs).unwrap();
    std::fs::copy(
        "fixtures/demo-program/program-kegiatan-2025.xlsx",
        programs.join("program-kegiatan-2025.xlsx"),
    )
    .unwrap();
    let table = "id,nama,misi\nP1,Kota Sehat,1\nP9,Kota Lama,2\n";
    std::fs::write(programs.join("prioritas-2020.csv"), table).unwrap();
    let priorities = "fixtures/demo-program/prioritas-walikota.csv";
    let (json, stderr, code) = score_demo_json(
        std::slice::from_ref(&programs),
        &["--priorities", priorities],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("prioritas-2020.csv: a priorities table, not program data: passed over, the priorities are read from fixtures/demo-program/prioritas-walikota.csv (--priorities)"),
        "{stderr}"
    );
    assert!(alignment(&json).iter().any(|(_, i)| i.is_some()));
    // In the ledger as passed over, with its reason.
    let validated = crate::bad_inputs::validated(
        &[
            PathBuf::from("fixtures/demo"),
            "--programs".into(),
            programs.clone(),
        ],
        &["--priorities", priorities],
    );
    let entry = validated["ledger"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with("prioritas-2020.csv"))
        .cloned()
        .unwrap();
    assert_eq!(entry["status"], "skipped", "{entry}");
    assert_eq!(entry["reason"]["kind"], "other_priorities", "{entry}");
    // Passed over, it is not among the inputs the workbook lists with their hashes.
    let out = tempfile::tempdir().unwrap();
    sakip()
        .args(["score", "fixtures/demo", "--quiet", "--programs"])
        .arg(&programs)
        .args(["--priorities", priorities, "--out"])
        .arg(out.path())
        .assert()
        .success();
    let inputs = metadata_inputs(&out.path().join("feedback.xlsx"));
    assert!(
        inputs.iter().any(|f| f.ends_with("prioritas-walikota.csv")),
        "{inputs:?}"
    );
    assert!(
        !inputs.iter().any(|f| f.ends_with("prioritas-2020.csv")),
        "{inputs:?}"
    );

    // With none named, two tables are one error naming both.
    std::fs::copy(priorities, programs.join("prioritas-walikota.csv")).unwrap();
    let (_, stderr, code) = score_demo_json(&[programs], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("several priorities tables among the program data")
            && stderr.contains("prioritas-2020.csv")
            && stderr.contains("prioritas-walikota.csv"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_program_data_says_what_program_data_looks_like() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catatan.csv");
    std::fs::write(&path, "tanggal;catatan\n2026-01-02;rapat koordinasi\n").unwrap();
    let (_, diag) = read(&path, false);
    let kinds: Vec<Option<&IngestProblem>> =
        diag.problems.iter().map(|p| p.kind.ingest()).collect();
    assert_eq!(kinds, [Some(&IngestProblem::NoProgramSheet)]);
    let text = diag.render(sakip::Lang::En);
    assert!(
        text.contains("no sheet of program data") && text.contains("Kode Rekening"),
        "{text}"
    );
    assert!(!text.contains("jawaban"), "not the LKE's columns: {text}");
}

#[test]
fn a_renja_form_given_as_lke_answers_is_told_to_come_through_programs() {
    let problems = crate::bad_inputs::refused(
        &[PathBuf::from("tests/fixtures/renja_bappedalitbang.xlsx")],
        &[],
        &[("renja_bappedalitbang.xlsx", "program_data_as_lke")],
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let out = sakip()
        .args([
            "score",
            "tests/fixtures/renja_bappedalitbang.xlsx",
            "--lang",
            "en",
        ])
        .args(["--out", "/nonexistent/never"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("give this file with --programs"),
        "{stderr}"
    );
}

#[test]
fn the_demo_program_workbook_holds_each_routine_row_in_its_own_columns() {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto("fixtures/demo-program/program-kegiatan-2025.xlsx").unwrap();
    let range = wb.worksheet_range("Kegiatan").unwrap();
    let text = |r: u32, c: u32| {
        range
            .get_value((r, c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    // The header is on row 3 (index 2); the first OPD's routine row follows it.
    let header: Vec<String> = (0..15).map(|c| text(2, c)).collect();
    assert_eq!(header[..5], ["opd", "kode", "nama", "program", "indikator"]);
    let routine = 3;
    assert_eq!(text(routine, 0), "Sekretariat Daerah");
    assert_eq!(text(routine, 1), "1.00.1");
    assert_eq!(text(routine, 2), "Penyediaan administrasi perkantoran");
    assert_eq!(
        text(routine, 3),
        "Program Penunjang Urusan Pemerintahan Daerah"
    );
    assert_eq!(
        text(routine, 4),
        "Persentase layanan administrasi terpenuhi"
    );
    assert_eq!(text(routine, 5), "%");
    assert_eq!(range.get_value((routine, 6)), Some(&Data::Float(100.0)));
    assert_eq!(range.get_value((routine, 7)), Some(&Data::Float(95.0)));
    // Pagu 400,000,000 + 10,000,000 x 0 for the first OPD; 90 % of it realised.
    assert_eq!(range.get_value((routine, 8)), Some(&Data::Float(4e8)));
    assert_eq!(range.get_value((routine, 9)), Some(&Data::Float(3.6e8)));
    assert_eq!(text(routine, 13), "output");
    assert_eq!(text(routine, 14), "tahunan");
    // Read by sakip, its program is the routine one the alignment index leaves out.
    let path = Path::new("fixtures/demo-program/program-kegiatan-2025.xlsx");
    let (activities, _) = read(path, false);
    let first = &activities[0];
    assert_eq!(
        (&*first.kode, &*first.nama),
        ("1.00.1", "Penyediaan administrasi perkantoran")
    );
    let program = first.program.as_deref().unwrap_or_default();
    assert_eq!(program, "Program Penunjang Urusan Pemerintahan Daerah");
}

/// The files the Metadata sheet lists under "Berkas masukan", up to the next section.
fn metadata_inputs(workbook: &Path) -> Vec<String> {
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(workbook).unwrap();
    let range = wb.worksheet_range("Metadata").unwrap();
    let first = |r: u32| {
        range
            .get_value((r, 0))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let start = (0..range.height() as u32)
        .find(|&r| first(r) == "Berkas masukan")
        .unwrap();
    // The section's title, its header, then one file a row until a blank row.
    (start + 2..range.height() as u32)
        .map(first)
        .take_while(|f| !f.is_empty())
        .collect()
}

#[test]
fn inspect_shows_a_program_list_with_bad_values_as_program_data() {
    // Three bad budgets: three errors as program data. Read as LKE answers (its opd and kode
    // columns are the tidy LKE's too) it has fewer errors, but lacks a whole column, jawaban.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kegiatan.csv");
    let text = "opd,kode,nama,pagu\n\
                Dinas Sosial,1.06.04.2.01.0003,Bimbingan Fisik,abc\n\
                Dinas Sosial,1.06.04.2.01.0004,Bimbingan Mental,x\n\
                Dinas Sosial,1.06.04.2.01.0005,Bimbingan Sosial,-5\n";
    std::fs::write(&path, text).unwrap();
    let out = sakip()
        .args(["inspect", "--lang", "en"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("layout program-tidy"), "{stdout}");
    assert_eq!(stderr.matches("ERROR").count(), 3, "{stderr}");
    assert!(!stderr.contains("jawaban"), "{stderr}");
}
