//! Files by what they hold, not what they are named: a workbook saved under another workbook's
//! extension is read as what it is and said so; a document that is not a workbook is refused
//! as what it is; an .xls is bounded before calamine sizes its grids by what it claims.

use super::{file, first, problems_of, ranked, refused, validated};
use crate::biff::{compound, dimensions, number, stray_corners, xls};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

/// A zip holding `parts` (name, contents).
fn zipped(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn documents_of_other_programs_named_as_workbooks_are_refused_as_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let word = zipped(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let slides = zipped(&[("ppt/presentation.xml", b"<p:presentation/>")]);
    let writer = zipped(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
    ]);
    let inputs = [
        file(d, "LKE Dinas A.xlsx", &word),
        file(
            d,
            "LKE Dinas B.xlsx",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        ),
        file(d, "LKE Dinas C.xlsx", &slides),
        file(d, "LKE Dinas D.ods", &writer),
        file(
            d,
            "LKE Dinas E.xls",
            &compound(&[("/WordDocument", b"\xec\xa5")]),
        ),
    ];
    let problems = refused(
        &inputs,
        &[],
        &[
            ("LKE Dinas A.xlsx", "not_a_workbook"),
            ("LKE Dinas B.xlsx", "not_a_workbook"),
            ("LKE Dinas C.xlsx", "not_a_workbook"),
            ("LKE Dinas D.ods", "not_a_workbook"),
            ("LKE Dinas E.xls", "not_a_workbook"),
        ],
    );
    let content: Vec<&str> = problems
        .iter()
        .filter(|p| p["kind"] == "not_a_workbook")
        .map(|p| p["content"].as_str().unwrap())
        .collect();
    assert_eq!(
        content,
        ["docx", "pdf", "presentation", "other_open_document", "doc"]
    );
}

#[test]
fn web_exports_saved_as_xls_are_refused_with_the_way_to_save_them() {
    let dir = tempfile::tempdir().unwrap();
    // What web systems give as "Export to Excel": an HTML table, or Excel 2003's XML.
    let page = "<html><head><meta charset=\"utf-8\"></head><body><table border=\"1\">\
                <tr><td>OPD</td><td>Kode</td><td>Jawaban</td></tr>\
                <tr><td>Dinas A</td><td>1.a.1</td><td>Y</td></tr></table></body></html>";
    let xml = "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
               <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">\
               <Worksheet ss:Name=\"LKE\"><Table/></Worksheet></Workbook>";
    let inputs = [
        file(dir.path(), "export-sipd.xls", page.as_bytes()),
        file(dir.path(), "export-esakip.xls", xml.as_bytes()),
    ];
    let problems = refused(
        &inputs,
        &[],
        &[
            ("export-sipd.xls", "not_a_workbook"),
            ("export-esakip.xls", "not_a_workbook"),
        ],
    );
    assert_eq!(first(&problems, "not_a_workbook")["content"], "html");
    // Each says how to save it as a workbook (validate speaks Indonesian by default).
    let fixes: Vec<&str> = problems
        .iter()
        .map(|p| p["fix"].as_str().unwrap_or_default())
        .collect();
    assert!(
        fixes.iter().all(|m| m.contains("Simpan Sebagai")),
        "{fixes:#?}"
    );
}

#[test]
fn a_workbook_locked_with_a_password_is_refused_as_locked() {
    let dir = tempfile::tempdir().unwrap();
    // Excel keeps a password-locked .xlsx in a compound file: its encryption header and the
    // encrypted package.
    let locked = compound(&[
        ("/EncryptionInfo", &[4, 0, 4, 0, 0x40, 0, 0, 0]),
        ("/EncryptedPackage", &[0u8; 64]),
    ]);
    let path = file(dir.path(), "LKE berkata sandi.xlsx", &locked);
    let problems = refused(
        &[path],
        &[],
        &[("LKE berkata sandi.xlsx", "not_a_workbook")],
    );
    assert_eq!(first(&problems, "not_a_workbook")["content"], "encrypted");
}

#[test]
fn an_archive_and_a_binary_workbook_named_xlsx_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let archive = zipped(&[("lke-dinas-a.csv", b"opd,kode,jawaban\n")]);
    let binary = zipped(&[("xl/workbook.bin", b"\x83\x01")]);
    let inputs = [
        file(dir.path(), "kiriman.xlsx", &archive),
        file(dir.path(), "biner.xlsx", &binary),
    ];
    let problems = refused(
        &inputs,
        &[],
        &[
            ("kiriman.xlsx", "not_a_workbook"),
            ("biner.xlsx", "not_a_workbook"),
        ],
    );
    let content: Vec<&str> = problems
        .iter()
        .map(|p| p["content"].as_str().unwrap())
        .collect();
    assert_eq!(content, ["zip", "xlsb"]);
}

#[test]
fn workbooks_saved_under_each_others_names_are_read_as_what_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new("tests/fixtures");
    let xlsx = std::fs::read("fixtures/demo/LKE-Inspektorat-2025.xlsx").unwrap();
    let xls = std::fs::read(fixtures.join("official_layout_inspektorat.xls")).unwrap();
    let ods = std::fs::read(fixtures.join("official_layout_inspektorat.ods")).unwrap();
    let cases = [
        ("sebenarnya-xlsx.xls", &xlsx, "xlsx"),
        ("sebenarnya-xls.xlsx", &xls, "xls"),
        ("sebenarnya-ods.xlsx", &ods, "ods"),
    ];
    for (name, bytes, content) in cases {
        let path = file(dir.path(), name, bytes);
        let problems = problems_of(std::slice::from_ref(&path), &[]);
        let misnamed = first(&problems, "misnamed");
        assert_eq!(misnamed["severity"], "warning", "{name}");
        assert_eq!(misnamed["content"], content, "{name}");
        assert_eq!(misnamed["location"]["file"], path.display().to_string());
        // Read as what it holds, the Inspektorat scores as its correctly named copy: a Y,
        // b A, c BB -> 87.00 (tests/ingest.rs, ods_and_xls_files_read_like_xlsx).
        assert_eq!(
            ranked(&[path]),
            [("Inspektorat".to_string(), 87.0, "A".to_string())],
            "{name}"
        );
    }
}

#[test]
fn a_workbook_named_as_itself_is_not_called_misnamed() {
    let json = validated(
        &[
            PathBuf::from("fixtures/demo/LKE-Inspektorat-2025.xlsx"),
            PathBuf::from("tests/fixtures/official_layout_inspektorat.xls"),
        ],
        &[],
    );
    let problems = json["problems"].as_array().unwrap();
    assert!(
        problems.iter().all(|p| p["kind"] != "misnamed"),
        "{problems:#?}"
    );
}

#[test]
fn a_small_xls_with_stray_corners_on_many_sheets_is_refused_as_one_workbook() {
    let dir = tempfile::tempdir().unwrap();
    // Thirty sheets, each with a number at A1 and another at IV65536: calamine would fill
    // 30 grids of 16.8 million cells (16 GB from 5 KB) when it opens the file, before a
    // cell can be counted.
    let bytes = stray_corners(30);
    assert!(bytes.len() <= 5_120, "{} bytes", bytes.len());
    let path = file(dir.path(), "sudut.xls", &bytes);
    let problems = refused(&[path], &[], &[("sudut.xls", "sheet_too_wide")]);
    let wide = first(&problems, "sheet_too_wide");
    // The first sheet's 16,777,216 cells fit the workbook's 20 million; the second does not.
    assert_eq!(wide["sheet"], "Lembar2");
    assert_eq!(wide["span"], "A1:IV65536");
    assert_eq!(wide["cells"], 16_777_216u64);
    assert_eq!(wide["limit"], 20_000_000u64 - 16_777_216);
}

#[test]
fn an_xls_claiming_four_billion_rows_is_refused_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = [("LKE", vec![dimensions(0, u32::MAX, 4), number(0, 0, 1.0)])];
    let path = file(dir.path(), "baris.xls", &xls(&sheets));
    let problems = refused(&[path], &[], &[("baris.xls", "sheet_too_wide")]);
    assert_eq!(
        first(&problems, "sheet_too_wide")["cells"],
        // Rows 1 to 4,294,967,295 (the last claimed row is excluded), four columns.
        u32::MAX as u64 * 4
    );
}

/// Checks that the one problem of `path` is that no sheet is an LKE: read, not refused.
fn assert_only_unrecognised(path: &Path) {
    let problems = problems_of(&[path.to_path_buf()], &[]);
    let kinds: Vec<&str> = problems
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["no_recognisable_sheet"], "{problems:#?}");
}

#[test]
fn sheets_claiming_their_whole_grid_with_few_cells_are_read_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Formatting a whole sheet makes writers claim all of it: calamine only makes room for
    // a claim, so three such sheets (50 million cells claimed) are no reason to refuse.
    let whole = || vec![dimensions(0, 65_536, 256), number(0, 0, 1.0)];
    let sheets = [("Satu", whole()), ("Dua", whole()), ("Tiga", whole())];
    let path = file(dir.path(), "berformat.xls", &xls(&sheets));
    assert_only_unrecognised(&path);
}

#[test]
fn a_small_honest_xls_of_our_own_making_is_read() {
    // The writer above makes workbooks calamine reads: the refusals are the claims', not the
    // writer's. Sixty sheets make a stream past the 4,096 bytes a compound file keeps in its
    // mini stream (a version-4 file calamine could not read passed with a smaller one).
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (1..=60).map(|i| format!("Angka{i}")).collect();
    let sheets: Vec<_> = names
        .iter()
        .map(|n| (n.as_str(), vec![dimensions(0, 2, 2), number(1, 1, 7.0)]))
        .collect();
    let bytes = xls(&sheets);
    assert!(bytes.len() > 4_096 + 512, "{} bytes", bytes.len());
    let path = file(dir.path(), "kecil.xls", &bytes);
    assert_only_unrecognised(&path);
}
