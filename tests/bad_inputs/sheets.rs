//! Sheets read deliberately: a hidden sheet is read and said so, a chart sheet is passed over
//! by name, and two sheets of one name are an error rather than one read twice.

use super::{first, problems_of, refused};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// A workbook whose sheet `Jawaban` holds tidy answers for every criterion of Dinas A, and a
/// second sheet `Lama` with the same header and one answer of Dinas B, hidden when `hide`.
fn workbook(path: &std::path::Path, hide: bool) {
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Jawaban").unwrap();
    for (c, h) in ["opd", "kode", "jawaban"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (_, sub, k)) in rubric.criteria().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, "Dinas A").unwrap();
        ws.write_string(r, 1, &k.code).unwrap();
        ws.write_string(r, 2, if sub.code == "a" { "Y" } else { "B" })
            .unwrap();
    }
    let old = wb.add_worksheet().set_name("Lama").unwrap();
    for (c, h) in ["opd", "kode", "jawaban"].iter().enumerate() {
        old.write_string(0, c as u16, *h).unwrap();
    }
    old.write_string(1, 0, "Dinas A").unwrap();
    old.write_string(1, 1, "1.a.1").unwrap();
    old.write_string(1, 2, "T").unwrap();
    if hide {
        old.set_hidden(true);
    }
    wb.save(path).unwrap();
}

#[test]
fn a_hidden_sheet_is_read_and_said_so_in_the_problems_and_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tersembunyi.xlsx");
    workbook(&path, true);
    // The hidden sheet's answer is read: it repeats 1.a.1 with another answer, a conflict.
    let problems = refused(
        std::slice::from_ref(&path),
        &[],
        &[
            ("tersembunyi.xlsx!Lama", "hidden_sheet"),
            ("tersembunyi.xlsx!Lama!C2", "duplicate_answer"),
        ],
    );
    assert_eq!(first(&problems, "hidden_sheet")["severity"], "info");
    let output = assert_cmd::Command::cargo_bin("sakip")
        .unwrap()
        .args(["validate", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let entries = json["ledger"]["entries"].as_array().unwrap();
    let hidden = entries
        .iter()
        .find(|e| {
            e["path"]
                .as_str()
                .unwrap()
                .ends_with("tersembunyi.xlsx!Lama")
        })
        .unwrap_or_else(|| panic!("{entries:#?}"));
    assert_eq!(hidden["status"], "hidden_sheet");
}

#[test]
fn a_visible_second_sheet_is_not_called_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terlihat.xlsx");
    workbook(&path, false);
    let problems = problems_of(&[path], &[]);
    assert!(
        problems.iter().all(|p| p["kind"] != "hidden_sheet"),
        "{problems:#?}"
    );
}

#[test]
fn two_sheets_of_one_name_are_an_error_not_one_sheet_read_twice() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("asli.xlsx");
    workbook(&written, false);
    let path = dir.path().join("kembar.xlsx");
    crate::util::rewrite_zip(&written, &path, |name, bytes| {
        if name != "xl/workbook.xml" {
            return bytes;
        }
        let xml = String::from_utf8(bytes).unwrap();
        xml.replace("name=\"Lama\"", "name=\"Jawaban\"")
            .into_bytes()
    });
    let problems = refused(&[path], &[], &[("kembar.xlsx", "duplicate_sheet_name")]);
    assert_eq!(first(&problems, "duplicate_sheet_name")["sheet"], "Jawaban");
}

#[test]
fn a_chart_sheet_is_passed_over_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grafik.xlsx");
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["opd", "kode", "jawaban"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (_, sub, k)) in rubric.criteria().enumerate() {
        ws.write_string(r as u32 + 1, 0, "Dinas A").unwrap();
        ws.write_string(r as u32 + 1, 1, &k.code).unwrap();
        let answer = if sub.code == "a" { "Y" } else { "B" };
        ws.write_string(r as u32 + 1, 2, answer).unwrap();
    }
    let mut chart = rust_xlsxwriter::Chart::new_column();
    chart.add_series().set_values("Sheet1!$A$2:$A$3");
    wb.add_chartsheet()
        .set_name("Grafik")
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    wb.save(&path).unwrap();
    let problems = problems_of(&[path], &["--missing", "zero"]);
    let chart = first(&problems, "chart_sheet");
    assert_eq!(chart["location"]["sheet"], "Grafik");
    assert!(
        problems.iter().all(|p| p["severity"] != "error"),
        "{problems:#?}"
    );
}

#[test]
fn missing_answers_of_an_official_sheet_name_their_blank_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resmi.xlsx");
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let records: Vec<_> = crate::util::pattern(&rubric, "Dinas A", "Y", "B", "B")
        .into_iter()
        .filter(|r| r.code != "1.a.2" && r.code != "1.b.1")
        .collect();
    crate::util::write_official(&path, &rubric, &[("Dinas A", records)]);
    let problems = refused(
        &[path],
        &[],
        &[("resmi.xlsx!LKE Dinas A", "missing_answers")],
    );
    let missing = first(&problems, "missing_answers");
    assert_eq!(missing["codes"], serde_json::json!(["1.a.2", "1.b.1"]));
    // Answers in column D from row 8 (0-based 7, component 1): sub a at 9, 1.a.1-1.a.7 at
    // 10-16, sub b at 17, 1.b.1 at 18.
    assert_eq!(missing["cells"], serde_json::json!(["D11", "D18"]));
}

/// The demo's Inspektorat workbook as Excel would save it with rows 11, 18 and 19 hidden: 11
/// and 19 hold answers (1.a.1 and 1.b.1), 18 is sub-component b's heading.
fn hidden_rows_as_excel_saves_them(path: &std::path::Path) {
    let demo = std::path::Path::new("fixtures/demo/LKE-Inspektorat-2025.xlsx");
    crate::util::rewrite_zip(demo, path, |name, bytes| {
        if name != "xl/worksheets/sheet1.xml" {
            return bytes;
        }
        let mut xml = String::from_utf8(bytes).unwrap();
        for row in [11, 18, 19] {
            let tag = format!("<row r=\"{row}\" spans=\"1:7\">");
            assert!(xml.contains(&tag), "{tag}");
            xml = xml.replace(
                &tag,
                &format!("<row r=\"{row}\" spans=\"1:7\" hidden=\"1\">"),
            );
        }
        xml.into_bytes()
    });
}

#[test]
fn answers_in_hidden_rows_are_counted_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tersembunyi.xlsx");
    hidden_rows_as_excel_saves_them(&path);
    let problems = problems_of(std::slice::from_ref(&path), &[]);
    let hidden = first(&problems, "hidden_row_answers");
    assert_eq!(hidden["severity"], "warning");
    assert_eq!(hidden["location"]["sheet"], "Inspektorat");
    // Row 18 is hidden too, but holds no answer.
    assert_eq!(hidden["rows"], serde_json::json!([11, 19]));
    assert_eq!(hidden["cells"], serde_json::json!(["D11", "D19"]));
    // Counted: the score is the visible workbook's, a Y, b A, c BB -> 87.00.
    assert_eq!(
        super::ranked(&[path]),
        [("Inspektorat".to_string(), 87.0, "A".to_string())]
    );
}

#[test]
fn hidden_rows_saved_by_libreoffice_as_xlsx_ods_and_xls_are_found_alike() {
    // The workbook above, opened in LibreOffice Calc 7 and saved as .ods, then as .xls and
    // .xlsx from there: each format keeps hidden rows its own way.
    for ext in ["xlsx", "ods", "xls"] {
        let path =
            std::path::PathBuf::from(format!("tests/fixtures/hidden_rows_inspektorat.{ext}"));
        let problems = problems_of(&[path], &[]);
        let hidden = first(&problems, "hidden_row_answers");
        assert_eq!(hidden["rows"], serde_json::json!([11, 19]), "{ext}");
        assert_eq!(hidden["cells"], serde_json::json!(["D11", "D19"]), "{ext}");
        assert_eq!(problems.len(), 1, "{ext}: {problems:#?}");
    }
}

#[test]
fn a_workbook_hiding_only_rows_without_answers_gets_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("judul-tersembunyi.xlsx");
    let demo = std::path::Path::new("fixtures/demo/LKE-Inspektorat-2025.xlsx");
    // Rows 1 and 18 (the title and a sub-component's heading) hidden.
    crate::util::rewrite_zip(demo, &path, |name, bytes| {
        if name != "xl/worksheets/sheet1.xml" {
            return bytes;
        }
        let xml = String::from_utf8(bytes).unwrap();
        xml.replacen("<row r=\"1\" ", "<row hidden=\"1\" r=\"1\" ", 1)
            .replace(
                "<row r=\"18\" spans=\"1:7\">",
                "<row r=\"18\" spans=\"1:7\" hidden=\"true\">",
            )
            .into_bytes()
    });
    let problems = problems_of(&[path], &[]);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn activities_in_hidden_rows_of_program_data_are_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("program-tersembunyi.xlsx");
    let demo = std::path::Path::new("fixtures/demo-program/program-kegiatan-2025.xlsx");
    // The demo's activities start under the header of row 3; rows 5 and 6 hidden.
    crate::util::rewrite_zip(demo, &path, |name, bytes| {
        if name != "xl/worksheets/sheet1.xml" {
            return bytes;
        }
        let mut xml = String::from_utf8(bytes).unwrap();
        for row in [5, 6] {
            let tag = format!("<row r=\"{row}\" spans=\"1:15\">");
            assert!(xml.contains(&tag), "{tag}");
            xml = xml.replace(
                &tag,
                &format!("<row r=\"{row}\" spans=\"1:15\" hidden=\"1\">"),
            );
        }
        xml.into_bytes()
    });
    let lke = std::path::PathBuf::from("fixtures/demo");
    let programs = path.display().to_string();
    let problems = problems_of(&[lke], &["--programs", &programs]);
    let hidden = first(&problems, "hidden_row_activities");
    assert_eq!(hidden["severity"], "warning");
    assert_eq!(hidden["location"]["sheet"], "Kegiatan");
    assert_eq!(hidden["rows"], serde_json::json!([5, 6]));
    // Each activity by its code's cell (column B, `kode`).
    assert_eq!(hidden["cells"], serde_json::json!(["B5", "B6"]));
}
