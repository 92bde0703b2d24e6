//! Memory bounded by the input's real size, before the work: hostile files are refused, with
//! the limit named, within seconds. (Their peak memory is measured by hand with
//! `/usr/bin/time -v`, not timed here: see the issue notes.)

use super::{file, first, refused};
use rust_xlsxwriter::Workbook;
use std::io::Write;

#[test]
fn three_hundred_sheets_each_spanning_a_column_are_refused_as_one_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kolom.xlsx");
    let mut wb = Workbook::new();
    for _ in 0..300 {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "opd").unwrap();
        ws.write_string(1_048_575, 0, "x").unwrap();
    }
    wb.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 200_000);
    // Each sheet spans 1,048,576 cells, under the limit of 20 million alone; together they
    // span 314 million. The 20th sheet is the one past the limit: 19 x 1,048,576 = 19,922,944
    // cells leave 77,056.
    let problems = refused(&[path], &[], &[("kolom.xlsx", "sheet_too_wide")]);
    let wide = first(&problems, "sheet_too_wide");
    assert_eq!(wide["sheet"], "Sheet20");
    assert_eq!(wide["limit"], 20_000_000 - 19 * 1_048_576);
}

#[test]
fn an_ods_of_many_tables_of_repeats_is_refused_as_one_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tabel.ods");
    let fixture = std::path::Path::new("tests/fixtures/official_layout_inspektorat.ods");
    // Eight tables of 1,000,000 x 4 repeated cells: 4 million each, 32 million together.
    let table = |i: usize| {
        format!(
            "<table:table table:name=\"T{i}\"><table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"4\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        )
    };
    let tables: String = (1..=8).map(table).collect();
    crate::util::rewrite_zip(fixture, &path, |name, bytes| {
        if name != "content.xml" {
            return bytes;
        }
        let xml = String::from_utf8(bytes).unwrap();
        xml.replacen(
            "</office:spreadsheet>",
            &format!("{tables}</office:spreadsheet>"),
            1,
        )
        .into_bytes()
    });
    let problems = refused(&[path], &[], &[("tabel.ods", "sheet_too_wide")]);
    // The fixture's own table is small; T1..T4 take 16 million; T5 passes what is left.
    assert_eq!(first(&problems, "sheet_too_wide")["sheet"], "T5");
}

#[test]
fn a_700_mb_shared_string_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("teks.xlsx");
    let written = dir.path().join("asli.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "opd").unwrap();
    wb.save(&written).unwrap();
    // The shared-strings part replaced by one string of 700 million bytes, compressed to
    // about a megabyte.
    let source = std::fs::File::open(&written).unwrap();
    let mut archive = zip::ZipArchive::new(source).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        if entry.name().unwrap() != "xl/sharedStrings.xml" {
            out.raw_copy_file(entry).unwrap();
        }
    }
    out.start_file("xl/sharedStrings.xml", options).unwrap();
    out.write_all(b"<sst><si><t>").unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..700 {
        out.write_all(&block).unwrap();
    }
    out.write_all(b"</t></si></sst>").unwrap();
    out.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 5_000_000);
    let problems = refused(&[path], &[], &[("teks.xlsx", "shared_strings_too_big")]);
    let big = first(&problems, "shared_strings_too_big");
    assert!(big["found"].as_u64().unwrap() > 700 << 20);
    assert_eq!(big["limit"], 100 << 20);
}

#[test]
fn a_5_gib_sparse_csv_is_refused_by_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jarang.csv");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(5 << 30)
        .unwrap();
    let problems = refused(&[path], &[], &[("jarang.csv", "too_big")]);
    assert_eq!(first(&problems, "too_big")["found"], 5u64 << 30);
}

#[test]
fn a_title_line_with_a_comma_above_a_semicolon_header_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "judul.csv",
        b"Rekap LKE, Kota Sukamaju\nopd;kode;jawaban\nDinas A;1.a.1;Y\n",
    );
    // Read as semicolons: Dinas A is found and only its other 79 answers are missing.
    let problems = refused(&[path], &[], &[("judul.csv!judul", "missing_answers")]);
    let missing = first(&problems, "missing_answers");
    assert_eq!(missing["opd"], "Dinas A");
    assert_eq!(missing["codes"].as_array().unwrap().len(), 79);
}

#[test]
fn a_tab_separated_csv_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "tab.csv",
        b"opd\tkode\tjawaban\nDinas A\t1.a.1\tY\n",
    );
    let problems = refused(&[path], &[], &[("tab.csv!tab", "missing_answers")]);
    assert_eq!(
        first(&problems, "missing_answers")["codes"]
            .as_array()
            .unwrap()
            .len(),
        79
    );
}

#[test]
fn a_note_holding_the_delimiter_is_an_error_at_its_cell_naming_the_extra_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "catatan.csv",
        b"opd;kode;jawaban;catatan\nDinas A;1.a.1;Y;belum lengkap; lengkapi bukti\nDinas A;1.a.2;Y;\"sudah; lengkap\"\n",
    );
    // Row 2's note was cut at the semicolon: E2 holds the rest. Row 3's is quoted and whole.
    let problems = refused(
        &[path],
        &["--missing", "zero"],
        &[("catatan.csv!catatan!E2", "extra_fields")],
    );
    assert_eq!(
        first(&problems, "extra_fields")["fields"],
        serde_json::json!(["lengkapi bukti"])
    );
    let extra = problems
        .iter()
        .filter(|p| p["kind"] == "extra_fields")
        .count();
    assert_eq!(extra, 1);
}
