//! The feedback workbook, read back with calamine.

use crate::util::{pattern, rubric, score_records};
use calamine::{open_workbook_auto, Data, Reader};
use sakip::evaluate::Indices;
use sakip::report::{feedback_workbook_with, CriteriaAhead};
use sakip::score::MissingPolicy;
use sakip::Lang;

fn workbook(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf) {
    workbook_with(lang, false)
}

/// The workbook of three OPDs; its Kriteria sheet filled ahead of the rest when `ahead`.
fn workbook_with(lang: Lang, ahead: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let r = rubric("akip-2021-opd");
    let mut recs = pattern(&r, "Inspektorat", "Y", "A", "BB");
    recs.extend(pattern(&r, "=HYPERLINK(\"http://x\",\"y\")", "T", "E", "E"));
    recs.extend(pattern(&r, "Bappeda", "Y", "AA", "AA"));
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    let indices = Indices::builtin().unwrap();
    let print = sakip::report::page::Print::new(&r, None, Default::default(), 2025, lang);
    let ahead = ahead.then(|| CriteriaAhead::fill(&r, &print, &scores).unwrap());
    let input = crate::util::feedback_input(&r, &scores, &indices, lang);
    let bytes = feedback_workbook_with(&input, ahead).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = sakip::report::write_atomically(dir.path(), "feedback.xlsx", &bytes).unwrap();
    (dir, path)
}

#[test]
fn a_kriteria_sheet_filled_ahead_lands_in_its_place_with_the_same_cells() {
    let (_a, plain) = workbook_with(Lang::Id, false);
    let (_b, ahead) = workbook_with(Lang::Id, true);
    let mut plain = open_workbook_auto(&plain).unwrap();
    let mut ahead = open_workbook_auto(&ahead).unwrap();
    let names = plain.sheet_names();
    assert_eq!(ahead.sheet_names(), names);
    assert_eq!(names.iter().position(|n| n == "Kriteria"), Some(3));
    for name in names.iter().filter(|n| *n != "Grafik") {
        let (p, a) = (
            plain.worksheet_range(name).unwrap(),
            ahead.worksheet_range(name).unwrap(),
        );
        assert!(p.used_cells().count() > 0, "{name} is empty");
        assert_eq!(p, a, "{name}");
    }
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn ringkasan_holds_the_ranking_under_its_exact_header() {
    let (_dir, path) = workbook(Lang::Id);
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Ringkasan",
            "Grafik",
            "Komponen",
            "Kriteria",
            "Metadata",
            "Data Grafik"
        ]
    );
    let summary = wb.worksheet_range("Ringkasan").unwrap();
    let header: Vec<String> = (0..8).map(|c| cell(&summary, 3, c).to_string()).collect();
    assert_eq!(
        header,
        vec![
            "Peringkat",
            "OPD",
            "Nilai",
            "Predikat",
            "Perencanaan Kinerja (30)",
            "Pengukuran Kinerja (30)",
            "Pelaporan Kinerja (15)",
            "Evaluasi Akuntabilitas Kinerja Internal (25)"
        ]
    );
    // Rank order: Bappeda 100 (AA), Inspektorat 87 (A), then the zero.
    assert_eq!(cell(&summary, 4, 1), Data::String("Bappeda".into()));
    assert_eq!(cell(&summary, 4, 2), Data::Float(100.0));
    assert_eq!(cell(&summary, 5, 0), Data::Float(2.0));
    assert_eq!(cell(&summary, 5, 2), Data::Float(87.0));
    assert_eq!(cell(&summary, 5, 3), Data::String("A".into()));
    assert_eq!(cell(&summary, 5, 4), Data::Float(26.1));
    // Text from the inputs stays text, never a formula.
    assert_eq!(
        cell(&summary, 6, 1),
        Data::String("=HYPERLINK(\"http://x\",\"y\")".into())
    );
    assert_eq!(cell(&summary, 6, 3), Data::String("D".into()));
    // ... and carries Excel's quote prefix, so that editing the cell cannot turn it into one.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    assert!(read("xl/styles.xml").contains("quotePrefix=\"1\""));
    assert!(
        !read("xl/worksheets/sheet1.xml").contains("<f>"),
        "no formula cell in the summary"
    );
}

#[test]
fn komponen_has_city_statistics_under_the_scores() {
    let (_dir, path) = workbook(Lang::Id);
    let mut wb = open_workbook_auto(&path).unwrap();
    let sheet = wb.worksheet_range("Komponen").unwrap();
    // Header row 4 (index 3); 3 OPDs in rows 5-7; a blank row; statistics from row 9 (index 8).
    assert_eq!(cell(&sheet, 3, 2).to_string(), "a. Keberadaan (6)");
    assert_eq!(cell(&sheet, 8, 1).to_string(), "Rata-rata kota");
    // 1.a: 6, 6, 0 -> mean 4; component 1 total (column after 1.a, 1.b, 1.c): 30, 26.1, 0 -> mean 18.7
    assert_eq!(cell(&sheet, 8, 2), Data::Float(4.0));
    let total = match cell(&sheet, 8, 5) {
        Data::Float(v) => v,
        other => panic!("expected a number, got {other:?}"),
    };
    assert!((total - 18.7).abs() < 1e-9);
    assert_eq!(cell(&sheet, 12, 1).to_string(), "Tertinggi");
}

#[test]
fn kriteria_shows_answer_codes_and_metadata_names_the_rubric() {
    let (_dir, path) = workbook(Lang::Id);
    let mut wb = open_workbook_auto(&path).unwrap();
    let sheet = wb.worksheet_range("Kriteria").unwrap();
    assert_eq!(cell(&sheet, 3, 1).to_string(), "1.a.1");
    // The row above names each sub-component over its criteria (merged from its first column).
    assert!(cell(&sheet, 2, 1).to_string().starts_with("1.a "));
    assert!(cell(&sheet, 2, 8).to_string().starts_with("1.b "));
    assert_eq!(cell(&sheet, 3, 8).to_string(), "1.b.1");
    assert_eq!(cell(&sheet, 5, 0).to_string(), "Inspektorat");
    assert_eq!(cell(&sheet, 5, 1).to_string(), "Y");
    assert_eq!(cell(&sheet, 5, 8).to_string(), "A"); // 1.b.1, after the seven 1.a criteria
    let meta = wb.worksheet_range("Metadata").unwrap();
    assert_eq!(cell(&meta, 2, 1).to_string(), "akip-2021-opd");
    assert_eq!(cell(&meta, 4, 1).to_string(), "PermenPAN-RB 88/2021");
    assert_eq!(cell(&meta, 8, 1), Data::Float(240.0));
}

/// A part of a saved workbook, as text.
fn part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

/// The texts between each `open` and the `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    text.split(open)
        .skip(1)
        .filter_map(|s| s.split(close).next())
        .collect()
}

#[test]
fn kriteria_answers_are_coloured_by_their_value_through_rules_per_scale() {
    let (_dir, path) = workbook(Lang::Id);
    // Kriteria is the third worksheet (Grafik is a chart sheet).
    let sheet = part(&path, "xl/worksheets/sheet3.xml");
    assert!(
        sheet.contains("<c r=\"B5\" t=\"s\">"),
        "answers carry no format of their own"
    );
    let styles = part(&path, "xl/styles.xml");
    let fills: Vec<&str> = between(&styles, "<dxf>", "</dxf>")
        .into_iter()
        .map(|d| between(d, "<bgColor rgb=\"", "\"")[0])
        .collect();
    // (answer, the columns its rule covers, its fill) for every rule.
    let mut rules = Vec::new();
    for block in between(
        &sheet,
        "<conditionalFormatting sqref=\"",
        "</conditionalFormatting>",
    ) {
        let sqref = block.split('"').next().unwrap();
        for rule in between(block, "<cfRule ", "</cfRule>") {
            let dxf: usize = between(rule, "dxfId=\"", "\"")[0].parse().unwrap();
            let answer = between(rule, "<formula>", "</formula>")[0].replace("&quot;", "\"");
            rules.push((answer, sqref.to_string(), fills[dxf]));
        }
    }
    let rule = |answer: &str, columns: &str| {
        let found: Vec<_> = rules
            .iter()
            .filter(|(a, sqref, _)| a == answer && sqref.starts_with(columns))
            .collect();
        assert_eq!(found.len(), 1, "{answer} over {columns}: {rules:?}");
        found[0].2
    };
    // Three OPDs in rows 5-7; 1.a (B-H) is answered Ya/Tidak, 1.b and 1.c (I-Z) AA to E.
    // Fills by hand from the red (0) - yellow (0.5) - green (1) steps of a tenth.
    assert_eq!(rule("\"Y\"", "B5:H7 "), "FF63BE7B");
    assert_eq!(rule("\"T\"", "B5:H7 "), "FFF8696B");
    assert_eq!(rule("\"-\"", "B5:H7 "), "FFF8696B");
    assert_eq!(rule("\"AA\"", "I5:Z7 "), "FF63BE7B");
    // A is 0.9: 0.8 of the way from yellow FFEB84 to green 63BE7B.
    assert_eq!(rule("\"A\"", "I5:Z7 "), "FF82C77D");
    assert_eq!(rule("\"C\"", "I5:Z7 "), "FFFFEB84");
    assert_eq!(rule("\"E\"", "I5:Z7 "), "FFF8696B");
    assert_eq!(rule("\"-\"", "I5:Z7 "), "FFF8696B");
    // A Ya/Tidak column is not coloured by the AA-E rules, nor the other way round.
    assert!(!rules
        .iter()
        .any(|(a, s, _)| a == "\"AA\"" && s.contains("B5")));
    assert!(!rules
        .iter()
        .any(|(a, s, _)| a == "\"Y\"" && s.contains("I5")));
}

#[test]
fn the_summary_carries_a_chart_of_the_scores() {
    let (_dir, path) = workbook(Lang::Id);
    let bytes = std::fs::read(path).unwrap();
    // Zip entry names are stored as plain text in the archive's directory.
    let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
    assert!(has(b"xl/charts/chart1.xml"));
    assert!(has(b"xl/drawings/drawing1.xml"));
    // The chart sheet: columns coloured by predicate with the band edges as lines.
    assert!(has(b"xl/chartsheets/sheet1.xml"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut charts = String::new();
    for i in 1..=2 {
        if let Ok(mut f) = zip.by_name(&format!("xl/charts/chart{i}.xml")) {
            std::io::Read::read_to_string(&mut f, &mut charts).unwrap();
        }
    }
    assert!(
        charts.contains("<c:lineChart>") && charts.contains("BB &gt; 70"),
        "band edges drawn"
    );
    // Each edge's line in its band's colour (akip-2021-opd: AA 1E8449, A 58D68D, BB ABEBC6),
    // dashed.
    let lines = &charts[charts.find("<c:lineChart>").unwrap()..];
    for color in ["1E8449", "58D68D", "ABEBC6"] {
        assert!(
            lines.contains(&format!("<a:srgbClr val=\"{color}\"")),
            "{color}"
        );
    }
    assert!(lines.contains("<a:prstDash val=\"dash\""));
}

/// Ringkasan's title names the year evaluated.
#[test]
fn ringkasan_names_the_year() {
    let (_dir, path) = workbook(Lang::Id);
    let mut wb = open_workbook_auto(&path).unwrap();
    let summary = wb.worksheet_range("Ringkasan").unwrap();
    assert_eq!(
        cell(&summary, 0, 0).to_string(),
        "Peringkat Hasil Evaluasi AKIP Perangkat Daerah Tahun 2025"
    );
}

#[test]
fn english_on_request() {
    let (_dir, path) = workbook(Lang::En);
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Summary",
            "Chart",
            "Components",
            "Criteria",
            "Metadata",
            "Chart Data"
        ]
    );
    let summary = wb.worksheet_range("Summary").unwrap();
    let header: Vec<String> = (0..5).map(|c| cell(&summary, 3, c).to_string()).collect();
    assert_eq!(
        header,
        vec!["Rank", "OPD", "Score", "Grade", "Performance Planning (30)"]
    );
}

#[test]
fn same_inputs_and_time_give_identical_bytes() {
    let (_a, first) = workbook(Lang::Id);
    let (_b, second) = workbook(Lang::Id);
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
}
