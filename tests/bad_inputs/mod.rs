//! Malformed inputs: each ends in exit 2 with a message naming the file (and sheet and cell
//! where there is one), no panic, and no output written. (The groundwork of the evaluator-
//! workflow issue; more cases join as it lands.)

mod bounds;
mod formats;
mod history;
mod ledger;
mod outputs;
mod sheets;
mod tables;
mod texts;
mod values;

use assert_cmd::Command;
use rust_xlsxwriter::{ExcelDateTime, Workbook};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Runs `sakip score` on `inputs` (plus `extra` flags) and checks the refusal: exit 2, no panic,
/// no output folder. Then runs `sakip validate --format json` on the same inputs and checks that
/// each `(at, kind)` of `expected` is among its problems, `at` being where the problem is
/// (`file`, `file!sheet` or `file!sheet!cell`, the file by its name alone; "" for none).
/// Returns the problems, for checks of their fields.
pub(crate) fn refused(inputs: &[PathBuf], extra: &[&str], expected: &[(&str, &str)]) -> Vec<Value> {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("hasil");
    let assert = Command::cargo_bin("sakip")
        .unwrap()
        .arg("score")
        .args(inputs)
        .args(extra)
        .args(["--lang", "en", "--out"])
        .arg(&target)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!target.exists(), "nothing may be written");
    let problems = problems_of(inputs, extra);
    for (at, kind) in expected {
        assert!(
            problems
                .iter()
                .any(|p| p["kind"] == *kind && place(p) == *at),
            "no {kind} at '{at}' among:\n{problems:#?}\nstderr:\n{stderr}"
        );
    }
    problems
}

/// The problems `sakip validate --format json` finds in `inputs`.
pub(crate) fn problems_of(inputs: &[PathBuf], extra: &[&str]) -> Vec<Value> {
    let json = validated(inputs, extra);
    json["problems"].as_array().cloned().unwrap_or_default()
}

/// The document `sakip validate --format json` writes for `inputs` (within 60 s: a FIFO
/// among them must not hang it).
pub(crate) fn validated(inputs: &[PathBuf], extra: &[&str]) -> Value {
    let output = Command::cargo_bin("sakip")
        .unwrap()
        .arg("validate")
        .args(inputs)
        .args(extra)
        .args(["--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "validate's JSON: {e}\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// A tidy LKE CSV (semicolons) answering every criterion of the default rubric for `opd`:
/// `a_answer` on sub-components a, `bc_answer` on b and c, `note` on the first row.
pub(super) fn answered(
    dir: &Path,
    name: &str,
    opd: &str,
    (a_answer, bc_answer): (&str, &str),
    note: &str,
) -> PathBuf {
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let quoted = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    let mut text = String::from("opd;kode;jawaban;catatan\n");
    for (i, (_, sub, k)) in rubric.criteria().enumerate() {
        let answer = if sub.code == "a" { a_answer } else { bc_answer };
        let note = if i == 0 { note } else { "" };
        text.push_str(&format!(
            "{};{};{answer};{}\n",
            quoted(opd),
            k.code,
            quoted(note)
        ));
    }
    file(dir, name, text.as_bytes())
}

/// The demo's 2024 summary stored in the history folder `dir`, as sakip stores it.
pub(super) fn stored_2024(dir: &Path) -> PathBuf {
    let h = "fixtures/demo-history";
    Command::cargo_bin("sakip")
        .unwrap()
        .args(["history", "import", &format!("{h}/ringkasan-akip-2024.csv")])
        .args(["--year", "2024", "--rubric", "akip-2021-opd", "--history"])
        .arg(dir)
        .args(["--opd-registry", &format!("{h}/daftar-opd.csv")])
        .assert()
        .success();
    dir.join("2024-akip-2021-opd.parquet")
}

/// Where a problem of [`problems_of`] is: `file!sheet!cell`, the file by its name alone.
fn place(problem: &Value) -> String {
    let location = &problem["location"];
    let Some(file) = location["file"].as_str() else {
        return String::new();
    };
    let mut at = Path::new(file)
        .file_name()
        .map_or(file.to_string(), |n| n.to_string_lossy().to_string());
    for part in ["sheet", "cell"] {
        if let Some(text) = location[part].as_str() {
            at = format!("{at}!{text}");
        }
    }
    at
}

/// The first problem of `kind` among `problems`.
pub(super) fn first<'a>(problems: &'a [Value], kind: &str) -> &'a Value {
    problems
        .iter()
        .find(|p| p["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} among {problems:#?}"))
}

/// Runs `sakip score` on `inputs` and checks a refusal that is not about the inputs' contents
/// (a rubric that does not load): exit 2, every fragment in standard error, nothing written.
fn refused_with(inputs: &[PathBuf], extra: &[&str], expected: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("hasil");
    let assert = Command::cargo_bin("sakip")
        .unwrap()
        .arg("score")
        .args(inputs)
        .args(extra)
        .args(["--lang", "en", "--out"])
        .arg(&target)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    for fragment in expected {
        assert!(
            stderr.contains(fragment),
            "missing '{fragment}' in:\n{stderr}"
        );
    }
    assert!(!target.exists(), "nothing may be written");
}

/// The ranking `sakip score --json` gives for `inputs`: (OPD, final score, predicate).
pub(super) fn ranked(inputs: &[PathBuf]) -> Vec<(String, f64, String)> {
    let out = tempfile::tempdir().unwrap();
    let output = assert_cmd::Command::cargo_bin("sakip")
        .unwrap()
        .arg("score")
        .args(inputs)
        .args(["--json", "--quiet", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["opds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["opd"].as_str().unwrap().to_string(),
                r["score"].as_f64().unwrap(),
                r["predicate"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub(super) fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn demo_bytes() -> Vec<u8> {
    std::fs::read("fixtures/demo/LKE-Inspektorat-2025.xlsx").unwrap()
}

#[test]
fn text_ending_in_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "bukan-excel.xlsx", b"opd,kode,jawaban\n");
    refused(&[path], &[], &[("bukan-excel.xlsx", "unreadable")]);
}

#[test]
fn truncated_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = demo_bytes();
    let path = file(dir.path(), "terpotong.xlsx", &bytes[..bytes.len() / 2]);
    refused(&[path], &[], &[("terpotong.xlsx", "unreadable")]);
}

#[test]
fn empty_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kosong.xlsx");
    Workbook::new().save(&path).unwrap();
    refused(&[path], &[], &[("kosong.xlsx", "no_recognisable_sheet")]);
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "nol.csv", b"");
    refused(&[path], &[], &[("nol.csv", "no_recognisable_sheet")]);
}

#[test]
fn a_stray_cell_at_the_last_cell_of_the_sheet_is_refused_not_allocated() {
    // Two cells, A1 and XFD1048576: a few KB on disk, 17 billion cells as a grid.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("luas.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "opd").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 20_000);
    let problems = refused(&[path], &[], &[("luas.xlsx", "sheet_too_wide")]);
    let wide = first(&problems, "sheet_too_wide");
    assert_eq!(wide["span"], "A1:XFD1048576");
    // 1,048,576 rows x 16,384 columns.
    assert_eq!(wide["cells"], 17_179_869_184u64);
    assert_eq!(wide["limit"], 20_000_000);
}

#[test]
fn a_workbook_that_unpacks_past_the_limit_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "besar.xlsx", &demo_bytes());
    let problems = refused(
        &[path],
        &["--max-input-bytes", "1000"],
        &[("besar.xlsx", "too_big")],
    );
    assert_eq!(first(&problems, "too_big")["limit"], 1000);
}

/// `bytes` with every zip entry declaring an unpacked size of 10 bytes, in the central
/// directory and in the local headers that carry one: a zip bomb's lie.
fn lying_sizes(mut bytes: Vec<u8>) -> Vec<u8> {
    let small = 10u32.to_le_bytes();
    let mut central = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        match bytes[i..i + 4] {
            [0x50, 0x4b, 0x01, 0x02] => {
                bytes[i + 24..i + 28].copy_from_slice(&small);
                central += 1;
            }
            [0x50, 0x4b, 0x03, 0x04] if bytes[i + 22..i + 26] != [0, 0, 0, 0] => {
                bytes[i + 22..i + 26].copy_from_slice(&small);
            }
            _ => {}
        }
    }
    assert!(central > 3, "the workbook's entries were found");
    bytes
}

#[test]
fn a_workbook_whose_zip_directory_understates_its_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "bohong.xlsx", &lying_sizes(demo_bytes()));
    // The declared sizes pass the limit; the real contents do not, and are not read past what
    // was declared. Within the limit or not, the lie itself makes the file unreadable.
    // 20,000 bytes: more than the file (11 KB), less than it unpacks to.
    for limit in [&["--max-input-bytes", "20000"][..], &[]] {
        let problems = refused(
            std::slice::from_ref(&path),
            limit,
            &[("bohong.xlsx", "unreadable")],
        );
        let detail = first(&problems, "unreadable")["detail"].as_str().unwrap();
        assert!(
            detail.contains("larger than its declared uncompressed size"),
            "{detail}"
        );
    }
}

#[test]
fn a_sheet_without_a_recognisable_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "acak.csv", b"nama,nilai\nA,1\n");
    refused(&[path], &[], &[("acak.csv", "no_recognisable_sheet")]);
}

#[test]
fn a_header_missing_a_required_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "tanpa-kode.csv", b"opd,jawaban\nDinas A,Y\n");
    let problems = refused(
        &[path],
        &[],
        &[("tanpa-kode.csv!tanpa-kode!A1", "missing_column")],
    );
    assert_eq!(first(&problems, "missing_column")["column"], "kode");
}

#[test]
fn unknown_codes_off_scale_duplicates_and_conflicts_all_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "salah.csv",
        b"opd,kode,jawaban\nDinas A,1.a.1,Y\nDinas A,1.a.1,T\nDinas A,1.a.2,Z\nDinas A,7.q.1,Y\n",
    );
    let problems = refused(
        &[path],
        &[],
        &[
            ("salah.csv!salah!C3", "duplicate_answer"),
            ("salah.csv!salah!C4", "off_scale"),
            ("salah.csv!salah!C5", "unknown_code"),
        ],
    );
    let duplicate = first(&problems, "duplicate_answer");
    assert_eq!(duplicate["conflict"], serde_json::json!(["T", "Y"]));
    assert!(duplicate["other"]
        .as_str()
        .unwrap()
        .ends_with("salah.csv!salah!C2"));
    assert_eq!(first(&problems, "off_scale")["answer"], "Z");
    assert_eq!(first(&problems, "unknown_code")["code"], "7.q.1");
}

#[test]
fn numbers_as_text_and_dates_where_numbers_belong() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("angka.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Jawaban").unwrap();
    for (c, h) in ["opd", "kode", "jawaban", "dipertahankan"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Dinas A").unwrap();
    ws.write_string(1, 1, "1.a.1").unwrap();
    ws.write_string(1, 2, "Y").unwrap();
    ws.write_string(1, 3, "1,2,3").unwrap();
    ws.write_string(2, 0, "Dinas A").unwrap();
    ws.write_string(2, 1, "1.a.2").unwrap();
    ws.write_string(2, 2, "Y").unwrap();
    let date = ExcelDateTime::from_ymd(2024, 1, 5).unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(2, 3, &date, &date_format)
        .unwrap();
    wb.save(&path).unwrap();
    refused(
        &[path],
        &["--rubric", "akip-2021"],
        &[
            ("angka.xlsx!Jawaban!D2", "bad_number"),
            ("angka.xlsx!Jawaban!D3", "bad_number"),
        ],
    );
}

#[test]
fn negative_budgets_and_unknown_opds_in_program_data() {
    let dir = tempfile::tempdir().unwrap();
    let lke = file(
        dir.path(),
        "lke.csv",
        b"opd,kode,jawaban\nDinas A,1.a.1,Y\n",
    );
    let programs = file(
        dir.path(),
        "program.csv",
        b"opd,kode,nama,pagu\nDinas A,1,x,-100\nDinas Entah,2,y,100\n",
    );
    refused(
        &[lke],
        &[
            "--missing",
            "zero",
            "--programs",
            programs.to_str().unwrap(),
        ],
        &[
            ("program.csv!program!D2", "negative"),
            ("program.csv!program!A3", "unknown_opd"),
        ],
    );
}

#[test]
fn a_rubric_whose_weights_do_not_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("rubrics/akip-2021-opd.toml")
        .unwrap()
        .replacen("weight = 6.0", "weight = 7.0", 1);
    let rubric = file(dir.path(), "rubrik.toml", text.as_bytes());
    let lke = file(
        dir.path(),
        "lke.csv",
        b"opd,kode,jawaban\nDinas A,1.a.1,Y\n",
    );
    refused_with(
        &[lke],
        &["--rubric", rubric.to_str().unwrap()],
        &["rubrik.toml: component 1 weighs 30 but its sub-components add up to 31"],
    );
}

#[test]
fn an_output_folder_that_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the output folder should be: creating the folder fails.
    let blocker = file(dir.path(), "bukan-folder", b"");
    for (lang, words) in [
        ("id", "tidak dapat ditulis"),
        ("en", "cannot be written here: Not a directory"),
    ] {
        let assert = Command::cargo_bin("sakip")
            .unwrap()
            .args(["score", "fixtures/demo", "--lang", lang, "--out"])
            .arg(blocker.join("hasil"))
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(
            stderr.contains(words) && stderr.contains("bukan-folder/hasil"),
            "{stderr}"
        );
        // Nothing in English under Indonesian, the system's words included.
        if lang == "id" {
            assert!(
                !stderr.contains("os error") && !stderr.contains("problem"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn formula_errors_where_answers_and_budgets_belong() {
    use rust_xlsxwriter::Formula;
    let dir = tempfile::tempdir().unwrap();
    let lke = dir.path().join("galat.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("LKE").unwrap();
    for (c, h) in ["opd", "kode", "jawaban"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Dinas A").unwrap();
    ws.write_string(1, 1, "1.a.1").unwrap();
    ws.write_formula(1, 2, Formula::new("=Z99").set_result("#REF!"))
        .unwrap();
    wb.save(&lke).unwrap();
    refused(&[lke], &[], &[("galat.xlsx!LKE!C2", "error_cell")]);

    let programs = dir.path().join("program.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["opd", "kode", "nama", "pagu"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Dinas A").unwrap();
    ws.write_string(1, 1, "1").unwrap();
    ws.write_string(1, 2, "x").unwrap();
    ws.write_formula(1, 3, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    wb.save(&programs).unwrap();
    refused(
        &[],
        &["--programs", programs.to_str().unwrap()],
        &[("program.xlsx!Sheet1!D2", "error_cell")],
    );
}

#[test]
fn a_file_of_an_unread_kind_a_missing_path_and_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = file(dir.path(), "laporan.pdf", b"%PDF-1.4");
    refused(&[pdf], &[], &[("laporan.pdf", "unsupported_file")]);
    refused(
        &[dir.path().join("tidak-ada.xlsx")],
        &[],
        &[("tidak-ada.xlsx", "input_missing")],
    );
    let empty = dir.path().join("kosong");
    std::fs::create_dir(&empty).unwrap();
    refused(&[empty], &[], &[("", "no_inputs")]);
}

#[test]
fn a_csv_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    // "Dinas Pariwisata" with a Latin-1 "é" in a note.
    let path = file(
        dir.path(),
        "latin1.csv",
        b"opd,kode,jawaban,catatan\nDinas A,1.a.1,Y,caf\xe9\n",
    );
    refused(&[path], &[], &[("latin1.csv", "not_utf8")]);
}

#[test]
fn a_rubric_with_overlapping_bands_and_an_unknown_rubric() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("rubrics/akip-2021-opd.toml")
        .unwrap()
        .replacen("lower = 80.0", "lower = 75.0", 1);
    let rubric = file(dir.path(), "pita.toml", text.as_bytes());
    let lke = file(
        dir.path(),
        "lke.csv",
        b"opd,kode,jawaban\nDinas A,1.a.1,Y\n",
    );
    refused_with(
        std::slice::from_ref(&lke),
        &["--rubric", rubric.to_str().unwrap()],
        &["pita.toml: bands 'BB' (up to 80) and 'A' (from 75) overlap"],
    );
    refused_with(
        &[lke],
        &["--rubric", "akip-1999"],
        &["unknown rubric 'akip-1999'", "akip-2021-opd"],
    );
}

#[test]
fn official_rows_that_hold_answers_out_of_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resmi.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Dinas A").unwrap();
    for (c, h) in ["No", "Komponen/Sub Komponen/Kriteria", "Jawaban"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 1, "Catatan umum").unwrap();
    ws.write_string(1, 2, "Y").unwrap();
    ws.write_string(2, 1, "Perencanaan Kinerja").unwrap();
    ws.write_string(3, 0, "a").unwrap();
    ws.write_number(4, 0, 12.0).unwrap();
    ws.write_string(4, 2, "Y").unwrap();
    wb.save(&path).unwrap();
    refused(
        &[path],
        &[],
        &[
            ("resmi.xlsx!Dinas A!C2", "unplaced_answer"),
            ("resmi.xlsx!Dinas A!A5", "no_such_criterion"),
        ],
    );
}

#[test]
fn program_data_with_unknown_kinds_horizons_and_priorities() {
    let dir = tempfile::tempdir().unwrap();
    let programs = file(
        dir.path(),
        "program.csv",
        b"opd,kode,nama,pagu,prioritas,mitra_pentahelix,horizon,jenis_indikator\nDinas A,1,x,100,P7,lsm:Yayasan,selamanya,hasil\n",
    );
    let priorities = file(dir.path(), "prioritas.csv", b"id,nama\nP1,Kota Sehat\n");
    refused(
        &[],
        &[
            "--programs",
            programs.to_str().unwrap(),
            "--priorities",
            priorities.to_str().unwrap(),
        ],
        &[
            ("program.csv!program!E2", "unknown_priority"),
            ("program.csv!program!F2", "not_in_list"),
            ("program.csv!program!G2", "not_in_list"),
            ("program.csv!program!H2", "not_in_list"),
        ],
    );
}

#[test]
fn priorities_and_registry_files_without_their_header() {
    let dir = tempfile::tempdir().unwrap();
    let programs = file(
        dir.path(),
        "program.csv",
        b"opd,kode,nama,pagu\nDinas A,1,x,100\n",
    );
    let priorities = file(
        dir.path(),
        "prioritas.csv",
        b"kode program,judul\nP1,Kota Sehat\n",
    );
    refused(
        &[],
        &[
            "--programs",
            programs.to_str().unwrap(),
            "--priorities",
            priorities.to_str().unwrap(),
        ],
        &[("prioritas.csv", "no_recognisable_sheet")],
    );
    let registry = file(dir.path(), "opd.csv", b"nomor,opd\n1,Dinas A\n");
    refused(
        &[],
        &[
            "--programs",
            programs.to_str().unwrap(),
            "--opd-registry",
            registry.to_str().unwrap(),
        ],
        &[("opd.csv", "no_recognisable_sheet")],
    );
}

#[test]
fn a_blank_opd_or_code_beside_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "bolong.csv",
        b"opd,kode,jawaban\n,1.a.1,Y\nDinas A,,Y\n",
    );
    refused(
        &[path],
        &["--missing", "zero"],
        &[
            ("bolong.csv!bolong!A2", "empty_value"),
            ("bolong.csv!bolong!B3", "empty_value"),
        ],
    );
}

#[test]
fn an_opd_whose_answers_are_all_blank_is_missing_them_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "kosong.csv",
        b"opd,kode,jawaban\nDinas Kosong,1.a.1,\nDinas Kosong,1.a.2,\n",
    );
    let problems = refused(&[path], &[], &[("kosong.csv!kosong", "missing_answers")]);
    let missing = first(&problems, "missing_answers");
    assert_eq!(missing["opd"], "Dinas Kosong");
    assert_eq!(missing["codes"].as_array().unwrap().len(), 80);
}

/// A workbook whose answer cell holds a formula with no stored result, as a program that writes
/// .xlsx without computing leaves it: the sheet XML is edited to drop the cached value.
#[test]
fn formulas_without_cached_values() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("rumus-asli.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("LKE").unwrap();
    for (c, h) in ["opd", "kode", "jawaban"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Dinas A").unwrap();
    ws.write_string(1, 1, "1.a.1").unwrap();
    ws.write_formula(1, 2, "=\"Y\"").unwrap();
    wb.save(&written).unwrap();
    let path = dir.path().join("rumus.xlsx");
    crate::util::rewrite_zip(&written, &path, |name, bytes| {
        let mut xml = String::from_utf8(bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let formula = xml.find("<f>").unwrap();
            let start = xml[formula..].find("<v>").unwrap() + formula;
            let end = xml[start..].find("</v>").unwrap() + start + 4;
            xml.replace_range(start..end, "");
        }
        xml.into_bytes()
    });
    refused(
        &[path],
        &["--missing", "zero"],
        &[("rumus.xlsx!LKE!C2", "uncached_formula")],
    );
}

#[test]
fn a_negative_number_of_years_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "tahun.csv",
        b"opd,kode,jawaban,dipertahankan\nDinas A,1.a.1,Y,-2\n",
    );
    refused(
        &[path],
        &["--rubric", "akip-2021", "--missing", "zero"],
        &[("tahun.csv!tahun!D2", "bad_number")],
    );
}

#[test]
fn an_official_sheet_without_an_answer_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tanpa-jawaban.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Dinas A").unwrap();
    ws.write_string(2, 0, "No").unwrap();
    ws.write_string(2, 1, "Komponen/Sub Komponen/Kriteria")
        .unwrap();
    ws.write_string(2, 2, "Bobot").unwrap();
    wb.save(&path).unwrap();
    refused(
        &[path],
        &[],
        &[("tanpa-jawaban.xlsx!Dinas A!A3", "missing_column")],
    );
}

#[test]
fn lke_names_the_registry_does_not_know() {
    let dir = tempfile::tempdir().unwrap();
    // The tidy file names its OPD in its last column, on every row; the official sheet above
    // its table ("Unit Kerja" in A3, ": Badan Rahasia" in B3 in util::write_official's layout).
    let lke = file(
        dir.path(),
        "lke.csv",
        b"kode,jawaban,opd\n1.a.1,Y,Dinas Rahasia\n1.a.2,Y,Dinas Rahasia\n",
    );
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let official = dir.path().join("resmi.xlsx");
    let records = crate::util::pattern(&rubric, "Badan Rahasia", "Y", "B", "B");
    crate::util::write_official(&official, &rubric, &[("Badan Rahasia", records)]);
    let registry = file(dir.path(), "opd.csv", b"id,nama\nD1,Dinas Kesehatan\n");
    let problems = refused(
        &[lke, official],
        &[
            "--missing",
            "zero",
            "--opd-registry",
            registry.to_str().unwrap(),
        ],
        &[
            ("lke.csv!lke!C2", "unknown_opd"),
            ("resmi.xlsx!LKE Badan Rahasia!B3", "unknown_opd"),
        ],
    );
    let unknown = first(&problems, "unknown_opd");
    assert_eq!(
        unknown["suggestions"],
        serde_json::json!(["Dinas Kesehatan"])
    );
    // Once per sheet at the name's cell, not once per answer (80 for the official sheet).
    let count = problems
        .iter()
        .filter(|p| p["kind"] == "unknown_opd")
        .count();
    assert_eq!(count, 2, "{problems:#?}");
}

#[test]
fn a_priority_row_without_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let programs = file(
        dir.path(),
        "program.csv",
        b"opd,kode,nama,pagu\nDinas A,1,x,100\n",
    );
    let priorities = file(dir.path(), "prioritas.csv", b"id,nama\n,Kota Sehat\n");
    refused(
        &[],
        &[
            "--programs",
            programs.to_str().unwrap(),
            "--priorities",
            priorities.to_str().unwrap(),
        ],
        &[("prioritas.csv!prioritas!A2", "empty_value")],
    );
}

/// An .ods whose repeated rows and columns (a few bytes of XML) would expand to billions of
/// cells in calamine's grid.
#[test]
fn an_ods_whose_repeats_span_billions_of_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ulang.ods");
    let fixture = Path::new("tests/fixtures/official_layout_inspektorat.ods");
    crate::util::rewrite_zip(fixture, &path, |name, bytes| {
        if name != "content.xml" {
            return bytes;
        }
        let xml = String::from_utf8(bytes).unwrap();
        let stray = "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"16000\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>";
        xml.replacen("</table:table>", stray, 1).into_bytes()
    });
    let problems = refused(&[path], &[], &[("ulang.ods", "sheet_too_wide")]);
    assert_eq!(first(&problems, "sheet_too_wide")["limit"], 20_000_000);
}
