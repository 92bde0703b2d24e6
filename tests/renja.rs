//! The Renja evaluation form as Bappedas really keep it: one form with its formulas, as values
//! only, saved as `.xls` and `.ods` by LibreOffice, read to the same activities and indices;
//! grand totals never activities; every budget checked against the rows it adds up.

use crate::renja_form::{self, Save, ROWS};
use crate::util::sakip;
use sakip::ingest::link;
use sakip::ingest::programs::{read_programs, Activity, ProgramRules};
use sakip::messages::{Diagnostics, Severity};
use sakip::rubric::{AlignmentRubric, CollaborationRubric};
use sakip::score::indices::program_scores;
use std::path::Path;

/// Bappedalitbang's form, four ways (`examples/renja_fixtures.rs`).
const BAPPEDALITBANG: [&str; 4] = [
    "tests/fixtures/renja_bappedalitbang.xlsx",
    "tests/fixtures/renja_bappedalitbang_nilai.xlsx",
    "tests/fixtures/renja_bappedalitbang.xls",
    "tests/fixtures/renja_bappedalitbang.ods",
];

/// The shared sample form (`../shared/samples/renja-evaluasi-contoh.xlsx`), its values saved
/// without formulas, and LibreOffice's `.xls` and `.ods` saves of it.
const CONTOH: [&str; 4] = [
    "tests/fixtures/renja-evaluasi-contoh.xlsx",
    "tests/fixtures/renja-evaluasi-contoh_nilai.xlsx",
    "tests/fixtures/renja-evaluasi-contoh.xls",
    "tests/fixtures/renja-evaluasi-contoh.ods",
];

/// Reads one program file: its activities and problems.
pub(crate) fn read(path: &Path, lenient_sums: bool) -> (Vec<Activity>, Diagnostics) {
    let alignment = AlignmentRubric::builtin().unwrap();
    let collaboration = CollaborationRubric::builtin().unwrap();
    let mut diag = Diagnostics::default();
    let rules = ProgramRules {
        alignment: &alignment,
        collaboration: &collaboration,
        columns: sakip::rubric::program_columns().unwrap(),
        lenient_sums,
    };
    let sheets = read_programs(
        &[path.to_path_buf()],
        rules,
        &Default::default(),
        &mut Vec::new(),
        &mut diag,
    )
    .sheets;
    let activities = sheets.into_iter().flat_map(|s| s.activities).collect();
    (activities, diag)
}

/// An activity as compared across saves: code, name, program, pagu, target, realisasi,
/// realisasi_anggaran, OPD.
type Row = (
    String,
    String,
    String,
    f64,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    String,
);

fn rows(activities: &[Activity]) -> Vec<Row> {
    let round = |v: Option<f64>| v.map(|v| (v * 1e6).round() / 1e6);
    activities
        .iter()
        .map(|a| {
            (
                a.kode.to_string(),
                a.nama.to_string(),
                a.program.as_deref().unwrap_or_default().to_string(),
                a.pagu,
                round(a.target),
                round(a.realisasi),
                round(a.realisasi_anggaran),
                a.opd.value.to_string(),
            )
        })
        .collect()
}

/// The alignment and collaboration frames of one file's activities, as text.
fn indices(activities: &[Activity]) -> String {
    let mut diag = Diagnostics::default();
    let directory = link::directory(None, &Default::default(), &[activities]);
    let data = link::link(&[activities], &[], &directory, &mut diag).unwrap();
    let scores = program_scores(
        &data,
        &AlignmentRubric::builtin().unwrap(),
        &CollaborationRubric::builtin().unwrap(),
    )
    .unwrap();
    format!("{:?}\n{:?}", scores.alignment, scores.collaboration)
}

pub(crate) fn errors_and_warnings(diag: &Diagnostics) -> Vec<String> {
    diag.problems
        .iter()
        .filter(|p| p.severity != Severity::Info)
        .map(|p| p.render(sakip::Lang::En))
        .collect()
}

/// Per program, the budgets of its activities added up.
fn by_program(rows: &[Row]) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for r in rows {
        match out.iter_mut().find(|(p, _)| *p == r.2) {
            Some((_, sum)) => *sum += r.3,
            None => out.push((r.2.clone(), r.3)),
        }
    }
    out
}

#[test]
fn one_form_saved_four_ways_reads_to_the_same_activities_totals_and_indices() {
    let read_all: Vec<(Vec<Activity>, Diagnostics)> = BAPPEDALITBANG
        .iter()
        .map(|f| read(Path::new(f), false))
        .collect();
    for ((_, diag), file) in read_all.iter().zip(BAPPEDALITBANG) {
        assert_eq!(errors_and_warnings(diag), Vec::<String>::new(), "{file}");
    }
    let first = rows(&read_all[0].0);
    // The thirteen sub kegiatan: never the OPD's grand-total row, the unsur, the two bidang,
    // the four programs, the seven kegiatan nor JUMLAH.
    assert_eq!(first.len(), 13);
    let total: f64 = first.iter().map(|r| r.3).sum();
    // 120 + 0 + 80 + 2,400 + 350 + 275.5 + 0 + 180.25 + 95 + 95 + 150 + 210 + 0 million.
    assert_eq!(total, 3_955_750_000.0);
    assert_eq!(
        by_program(&first),
        vec![
            (
                "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA".to_string(),
                2_600_000_000.0
            ),
            (
                "PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH".to_string(),
                805_750_000.0
            ),
            (
                "PROGRAM KOORDINASI DAN SINKRONISASI PERENCANAAN PEMBANGUNAN DAERAH".to_string(),
                190_000_000.0
            ),
            (
                "PROGRAM PENELITIAN DAN PENGEMBANGAN DAERAH".to_string(),
                360_000_000.0
            ),
        ]
    );
    // A zero-budget sub kegiatan, left out of its kegiatan's formula, keeps its program; a
    // single child keeps its own name; the OPD comes from the label in the first body row.
    let zero = first
        .iter()
        .find(|r| r.1 == "Koordinasi dan Penyusunan Dokumen RKA-SKPD")
        .unwrap();
    assert_eq!(
        (zero.0.as_str(), zero.2.as_str(), zero.3),
        (
            "5.01.01.2.01.0002",
            "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            0.0
        )
    );
    let gaji = first.iter().find(|r| r.0 == "5.01.01.2.02.0001").unwrap();
    // Rp 2,400,000,000 realised 20 + 25 + 25 + 20 % = 2,160,000,000; K 20 + 25 + 25 + 20.
    assert_eq!(
        (gaji.1.as_str(), gaji.3, gaji.4, gaji.5, gaji.6),
        (
            "Penyediaan Gaji dan Tunjangan ASN",
            2_400_000_000.0,
            Some(100.0),
            Some(90.0),
            Some(2_160_000_000.0)
        )
    );
    assert_eq!(
        gaji.7,
        "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan (BAPPEDALITBANG)"
    );
    let first_indices = indices(&read_all[0].0);
    for ((activities, _), file) in read_all.iter().zip(BAPPEDALITBANG).skip(1) {
        assert_eq!(rows(activities), first, "{file}");
        assert_eq!(indices(activities), first_indices, "{file}");
    }
}

#[test]
fn the_shared_sample_saved_four_ways_reads_to_its_nine_sub_kegiatan() {
    for file in CONTOH {
        let (activities, diag) = read(Path::new(file), false);
        assert_eq!(errors_and_warnings(&diag), Vec::<String>::new(), "{file}");
        let rows = rows(&activities);
        assert_eq!(rows.len(), 9, "{file}");
        // O14 + O15 + O17 + O20 + O21 + O24 + O26 + O27 + O28 of the sample.
        let total: f64 = rows.iter().map(|r| r.3).sum();
        assert_eq!(total, 4_025_825_000.0, "{file}");
        assert_eq!(
            by_program(&rows),
            vec![
                (
                    "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA".to_string(),
                    // 154,025,000 + 268,142,000 + 798,913,000
                    1_221_080_000.0
                ),
                (
                    "PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK".to_string(),
                    // 472,032,000 + 278,517,000
                    750_549_000.0
                ),
                (
                    "PROGRAM APLIKASI INFORMATIKA".to_string(),
                    // 243,733,000 + 469,225,000 + 868,890,000 + 472,348,000
                    2_054_196_000.0
                ),
            ],
            "{file}"
        );
        assert!(rows
            .iter()
            .all(|r| r.7 == "Dinas Komunikasi dan Informatika"));
    }
}

/// The form written to a temporary file.
fn written(save: Save) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("renja.xlsx");
    renja_form::write(&path, save).unwrap();
    (dir, path)
}

#[test]
fn without_codes_the_tree_comes_from_the_formulas_else_from_the_sums_and_says_so() {
    let (_d, coded) = written(Save {
        codes: true,
        ..Save::default()
    });
    let (truth, _) = read(&coded, false);
    // Codes aside, the same activities.
    let uncoded = |rows: Vec<Row>| -> Vec<Row> {
        rows.into_iter()
            .map(|mut r| {
                r.0 = String::new();
                r
            })
            .collect()
    };
    let truth = uncoded(rows(&truth));
    for formulas in [true, false] {
        let (_d, path) = written(Save {
            formulas,
            ..Save::default()
        });
        let (activities, diag) = read(&path, false);
        assert_eq!(rows(&activities), truth, "formulas: {formulas}");
        let warnings = errors_and_warnings(&diag);
        match formulas {
            true => assert_eq!(warnings, Vec::<String>::new()),
            false => {
                assert_eq!(warnings.len(), 1, "{warnings:?}");
                assert!(
                    warnings[0].contains("inferred from the sums alone"),
                    "{warnings:?}"
                );
            }
        }
    }
}

/// The one error or warning of `diag`, rendered in English.
fn only_problem(diag: &Diagnostics) -> String {
    let problems = errors_and_warnings(diag);
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems[0].clone()
}

#[test]
fn a_parent_formula_pointing_at_the_wrong_row_is_an_error_naming_both_cells_and_the_difference() {
    // Kegiatan 5.01.01.2.01 (row 16) adds O17+O18 instead of O17+O19: 120,000,000 shown, its
    // sub kegiatan 120,000,000 + 0 + 80,000,000 = 200,000,000. The fault carries up through the
    // program, the bidang, the unsur, the OPD's row and JUMLAH, whose own sums still hold.
    for formulas in [true, false] {
        let save = Save {
            formulas,
            codes: true,
            wrong_pagu: Some((4, 120_000_000.0)),
            ..Save::default()
        };
        let (_d, path) = written(save);
        let (activities, diag) = read(&path, false);
        assert!(diag.has_errors());
        let problem = only_problem(&diag);
        assert!(
            problem.contains("renja.xlsx!Evaluasi Renja TW IV!O16: the budget of Rp 120.000.000 in this cell is not the sum of the rows under it (O17:O19: Rp 200.000.000); a difference of Rp 80.000.000"),
            "{problem}"
        );
        // The activities themselves are read as they are.
        let total: f64 = activities.iter().map(|a| a.pagu).sum();
        assert_eq!(total, 3_955_750_000.0);
    }
}

#[test]
fn a_total_row_or_a_realisation_total_that_does_not_add_up_is_an_error_at_its_cell() {
    let cases = [
        (
            Save {
                codes: true,
                wrong_total: Some(3_900_000_000.0),
                ..Save::default()
            },
            // JUMLAH sits under the 28 rows of the tree, on row 40; it totals the tree's root,
            // the unsur on row 13 (the OPD's row above it is a total too).
            "O40: the total of Rp 3.900.000.000 in this cell is not the sum of the rows it totals (O13: Rp 3.955.750.000); a difference of Rp 55.750.000",
        ),
        (
            Save {
                codes: true,
                formulas: true,
                wrong_realised: Some((5, 100_000_000.0)),
                ..Save::default()
            },
            // Row 17: 120,000,000 x (20 + 25 + 25 + 20) % = 108,000,000 over the quarters.
            "Y17: the budget realised of Rp 100.000.000 in this cell is not the sum of its quarters (Q17, S17, U17, W17: Rp 108.000.000); a difference of Rp 8.000.000",
        ),
    ];
    for (save, expected) in cases {
        let (_d, path) = written(save);
        let (_, diag) = read(&path, false);
        assert!(diag.has_errors(), "{save:?}");
        let problem = only_problem(&diag);
        assert!(problem.contains(expected), "{problem}");
    }
}

#[test]
fn lenient_sums_reads_a_form_that_does_not_add_up_with_a_warning_and_exit_0() {
    let (_d, path) = written(Save {
        codes: true,
        wrong_pagu: Some((4, 120_000_000.0)),
        ..Save::default()
    });
    let (activities, diag) = read(&path, true);
    assert!(!diag.has_errors());
    assert_eq!(activities.len(), 13);
    assert!(only_problem(&diag).starts_with("WARNING"), "{diag:?}");
    let strict = sakip()
        .args(["validate", "--lang", "en", "--programs"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&strict.stdout);
    assert!(
        stdout.contains("O16 ERROR: the budget of Rp 120.000.000"),
        "{stdout}"
    );
    assert!(stdout.contains("--lenient-sums"), "{stdout}");
    let lenient = sakip()
        .args(["validate", "--lang", "en", "--lenient-sums", "--programs"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&lenient.stdout);
    assert_eq!(lenient.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("O16 WARNING: the budget of Rp 120.000.000"),
        "{stdout}"
    );
    // The other warning: no priorities file, so alignment is not assessed.
    assert!(
        stdout.contains("WARNING: program data without a priorities file"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("0 error(s), 2 warning(s), 3 note(s)\n"),
        "{stdout}"
    );
}

#[test]
fn the_form_furniture_is_listed_not_read() {
    let (_, diag) = read(Path::new(BAPPEDALITBANG[1]), false);
    let notes: Vec<String> = diag
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Info)
        .map(|p| p.render(sakip::Lang::En))
        .collect();
    // Row 10: (1) (2) ...; row 11: the label; rows 43-44 and 48-49: place, date, signatory.
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(
        notes[0].contains("row(s) 10 hold column numbers"),
        "{notes:?}"
    );
    assert!(notes[1].contains("row(s) 11 hold a label"), "{notes:?}");
    assert!(
        notes[2].contains("row(s) 43-44, 48-49 under the table"),
        "{notes:?}"
    );
    assert_eq!(ROWS.len(), 28);
}

/// `sakip audit` checks a Renja form's own sums: a program budget typed over its formula (row
/// 16, Rp 120,000,000 where its rows add up to Rp 200,000,000) and a realisation that is not
/// its quarters' sum (row 17, Rp 100,000,000 where 120,000,000 x 90 % = 108,000,000), each at
/// its cell with both figures, exit 0; `score --lenient-sums` lists them on the Audit sheet.
#[test]
fn the_audit_checks_a_renja_forms_sums() {
    let (dir, path) = written(Save {
        codes: true,
        formulas: true,
        wrong_pagu: Some((4, 120_000_000.0)),
        wrong_realised: Some((5, 100_000_000.0)),
        ..Save::default()
    });
    let run = sakip()
        .args(["audit", "--json"])
        .arg(&path)
        .assert()
        .success();
    let found: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let cells: Vec<(&str, f64, f64, &str)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["cell"].as_str().unwrap(),
                f["workbook"].as_f64().unwrap(),
                f["sakip"].as_f64().unwrap(),
                f["why"][0]["of"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("O16", 120_000_000.0, 200_000_000.0, "children"),
            ("Y17", 100_000_000.0, 108_000_000.0, "quarters"),
        ]
    );
    let run = sakip()
        .args(["audit", "--lang", "en"])
        .arg(&path)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert!(
        text.contains(
            "!O16: workbook 120000000, sakip 200000000; not the sum of the rows under it (O17:O19)"
        ),
        "{text}"
    );
    // The feedback workbook's Audit sheet, with --lenient-sums (else the sums stop the run).
    let out = dir.path().join("out");
    sakip()
        .args(["score", "--lenient-sums", "--lang", "en", "--programs"])
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut wb = calamine::open_workbook_auto(out.join("feedback.xlsx")).unwrap();
    let audit = calamine::Reader::worksheet_range(&mut wb, "Audit").unwrap();
    let rows: Vec<String> = audit
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        rows.iter().any(|r| r.starts_with("renja.xlsx|Evaluasi Renja TW IV||O16||120000000|200000000|-80000000|not the sum of the rows under it (O17:O19)")),
        "{rows:#?}"
    );
}
