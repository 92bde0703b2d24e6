//! Reading spreadsheets: both layouts, header matching, provenance and input problems.

use crate::util::{pattern, ranking, rubric, tidy_rows, write_official, write_tidy};
use sakip::ingest;
use sakip::messages::Diagnostics;
use sakip::score::{self, MissingPolicy};
use sakip::IngestProblem;
use std::path::PathBuf;

fn read(paths: &[PathBuf]) -> (ingest::Ingested, Diagnostics) {
    let r = rubric("akip-2021-opd");
    let mut diag = Diagnostics::default();
    let files = ingest::collect_inputs(paths, &mut ingest::Ledger::default(), &mut diag);
    let ingested = ingest::ingest(&files, &r, &Default::default(), &mut diag);
    (ingested, diag)
}

#[test]
fn tidy_and_official_layouts_give_identical_scores() {
    let r = rubric("akip-2021-opd");
    let dir = tempfile::tempdir().unwrap();
    let a = pattern(&r, "Dinas Kesehatan", "Y", "A", "BB");
    let mut b = pattern(&r, "Dinas Sosial", "Ya", "CC", "B");
    b[3].answer = "Tidak".into();
    b[40].answer = "e".into();
    let tidy = dir.path().join("tidy.xlsx");
    let rows: Vec<_> = tidy_rows(&a).into_iter().chain(tidy_rows(&b)).collect();
    write_tidy(&tidy, &["OPD", "Kode", "Jawaban"], &rows);
    let official = dir.path().join("official.xlsx");
    write_official(
        &official,
        &r,
        &[("Dinas Kesehatan", a.clone()), ("Dinas Sosial", b.clone())],
    );

    let (from_tidy, d1) = read(&[tidy]);
    let (from_official, d2) = read(&[official]);
    assert!(
        !d1.has_errors() && !d2.has_errors(),
        "{}\n{}",
        d1.render(sakip::Lang::En),
        d2.render(sakip::Lang::En)
    );
    assert_eq!(from_tidy.records().len(), 160);
    assert_eq!(from_official.records().len(), 160);
    let score = |i: &ingest::Ingested| {
        ranking(&score::score(&i.answers, &r, MissingPolicy::Error).unwrap())
    };
    let tidy_scores = score(&from_tidy);
    assert_eq!(tidy_scores, score(&from_official));
    // Dinas Kesehatan is the hand-worked 87.00 pattern.
    assert_eq!(
        tidy_scores[0],
        (1, "Dinas Kesehatan".to_string(), 87.0, "A".to_string())
    );
}

#[test]
fn official_layout_reads_header_block_opd_label_and_cells() {
    let r = rubric("akip-2021-opd");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lke.xlsx");
    write_official(
        &path,
        &r,
        &[(
            "Badan Perencanaan Pembangunan Daerah",
            pattern(&r, "x", "Y", "AA", "AA"),
        )],
    );
    let (ingested, diag) = read(&[path]);
    assert!(diag.problems.is_empty(), "{}", diag.render(sakip::Lang::En));
    let sheet = ingested.sheets[0].read.as_ref().unwrap();
    assert_eq!(sheet.layout, "lke-resmi");
    // "Nilai Evaluasi" is merged over D5:E5; the answer column is the "Jawaban" under it.
    let fields: Vec<(&str, &str)> = sheet
        .header
        .iter()
        .map(|h| (h.cell.as_str(), h.field))
        .collect();
    assert!(fields.contains(&("A5", "no")), "{fields:?}");
    assert!(fields.contains(&("B5", "kriteria")), "{fields:?}");
    assert!(fields.contains(&("D6", "jawaban")), "{fields:?}");
    assert_eq!(
        sheet.opd.as_ref().map(|(c, n)| (c.as_str(), n.as_str())),
        Some(("B3", "Badan Perencanaan Pembangunan Daerah"))
    );
    // Row 8 is component 1, row 9 sub-component a, so 1.a.1 sits at D10.
    let first = ingested.records().remove(0);
    assert_eq!(
        (
            first.code.as_str(),
            first.cell().as_str(),
            first.answer.as_str()
        ),
        ("1.a.1", "D10", "Y")
    );
    assert_eq!(first.opd, "Badan Perencanaan Pembangunan Daerah");
    assert_eq!(ingested.records().len(), 80);
}

#[test]
fn tidy_headers_match_in_english_any_case_and_below_title_rows() {
    let r = rubric("akip-2021-opd");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("english.xlsx");
    let recs = pattern(&r, "  Dinas   Perhubungan ", "Y", "B", "B");
    let rows: Vec<Vec<String>> = recs
        .iter()
        .map(|x| {
            vec![
                x.code.clone(),
                x.answer.clone(),
                x.opd.clone(),
                "Penetapan".into(),
                "2".into(),
            ]
        })
        .collect();
    write_tidy(
        &path,
        &["Criterion", "ANSWER", "O P D", "tier", "Kept_Years"],
        &rows,
    );
    let (ingested, diag) = read(&[path]);
    assert!(diag.problems.is_empty(), "{}", diag.render(sakip::Lang::En));
    let first = ingested.records().remove(0);
    assert_eq!(first.opd, "Dinas Perhubungan");
    assert_eq!(first.tier, "penetapan");
    assert_eq!(first.kept_years, Some(2.0));
    assert_eq!(first.cell(), "B5");
}

#[test]
fn csv_with_semicolons_reads_like_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jawaban.csv");
    std::fs::write(
        &path,
        "opd;kode;jawaban;catatan\nDinas Pariwisata;1.a.1;Ya;ada SK\nDinas Pariwisata;1.a.2;T;\n",
    )
    .unwrap();
    let (ingested, diag) = read(&[path]);
    assert!(diag.problems.is_empty(), "{}", diag.render(sakip::Lang::En));
    let cells: Vec<(String, String, String)> = ingested
        .records()
        .into_iter()
        .map(|r| (r.code.clone(), r.answer.clone(), r.cell()))
        .collect();
    let expected = [("1.a.1", "Ya", "C2"), ("1.a.2", "T", "C3")];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(cells, expected);
    assert_eq!(ingested.records()[0].note.as_deref(), Some("ada SK"));
    assert_eq!(&*ingested.records()[0].sheet, "jawaban");
}

#[test]
fn a_missing_required_column_and_a_sheet_without_header_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tanpa-jawaban.xlsx");
    write_tidy(
        &path,
        &["OPD", "Kode", "Catatan"],
        &[vec!["Dinas A".into(), "1.a.1".into(), "x".into()]],
    );
    let (_, diag) = read(std::slice::from_ref(&path));
    let text = diag.render(sakip::Lang::En);
    assert!(
        text.contains("tanpa-jawaban.xlsx!Jawaban!A4: the required column 'jawaban' is missing"),
        "{text}"
    );

    let other = dir.path().join("catatan.csv");
    std::fs::write(&other, "apa,ini\n1,2\n").unwrap();
    let (_, diag) = read(&[other]);
    assert!(diag
        .problems
        .iter()
        .any(|p| p.kind == IngestProblem::NoRecognisableSheet));
}

#[test]
fn bad_cells_are_all_reported_with_their_places() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kotor.csv");
    std::fs::write(
        &path,
        "opd,kode,jawaban,tahap,dipertahankan\n,1.a.1,Y,,\nDinas A,,Y,,\nDinas A,1.a.3,Y,final,\nDinas A,1.a.4,Y,,7O\n",
    )
    .unwrap();
    let (_, diag) = read(&[path]);
    let text = diag.render(sakip::Lang::En);
    assert!(
        text.contains("kotor.csv!kotor!A2: 'opd' is blank"),
        "{text}"
    );
    assert!(
        text.contains("kotor.csv!kotor!B3: 'kode' is blank"),
        "{text}"
    );
    assert!(
        text.contains("kotor.csv!kotor!D4: unknown tier 'final'"),
        "{text}"
    );
    assert!(
        text.contains("kotor.csv!kotor!E5: 'dipertahankan' must be a number, found '7O'"),
        "{text}"
    );
    assert_eq!(diag.problems.len(), 4);
}

#[test]
fn official_rows_whose_text_differs_from_the_rubric_are_warned_about() {
    let r = rubric("akip-2021-opd");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("beda.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Dinas Beda").unwrap();
    for (c, h) in ["No", "Kriteria", "Jawaban"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 1, "Perencanaan Kinerja").unwrap();
    ws.write_string(2, 0, "a").unwrap();
    ws.write_number(3, 0, 1.0).unwrap();
    ws.write_string(3, 1, &r.components[0].subcomponents[0].criteria[0].text.id)
        .unwrap();
    ws.write_string(3, 2, "Y").unwrap();
    ws.write_number(4, 0, 2.0).unwrap();
    ws.write_string(4, 1, "Laporan keuangan diaudit oleh BPK setiap tahun")
        .unwrap();
    ws.write_string(4, 2, "Y").unwrap();
    ws.write_number(5, 0, 99.0).unwrap();
    ws.write_string(5, 2, "Y").unwrap();
    wb.save(&path).unwrap();
    let (ingested, diag) = read(&[path]);
    let text = diag.render(sakip::Lang::En);
    assert!(text.contains("beda.xlsx!Dinas Beda!B5: this row's text differs markedly from the rubric's criterion 1.a.2"), "{text}");
    assert!(
        text.contains("beda.xlsx!Dinas Beda!A6: sub-component 1.a has no criterion number 99"),
        "{text}"
    );
    assert_eq!(ingested.records().len(), 2);
    assert_eq!(ingested.records()[0].opd, "Dinas Beda");
}

#[test]
fn a_file_that_is_not_a_workbook_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("palsu.xlsx");
    std::fs::write(&path, b"ini bukan excel").unwrap();
    let (_, diag) = read(&[path]);
    assert_eq!(diag.problems.len(), 1);
    let text = diag.render(sakip::Lang::En);
    assert!(
        text.contains("palsu.xlsx: the file cannot be read as a workbook"),
        "{text}"
    );
}

#[test]
fn ods_and_xls_files_read_like_xlsx() {
    // The demo's Inspektorat workbook saved by LibreOffice as .ods and as .xls (BIFF8):
    // a Y, b A, c BB -> 87.00 (see scoring::mean_method_by_hand).
    let r = rubric("akip-2021-opd");
    for file in [
        "official_layout_inspektorat.ods",
        "official_layout_inspektorat.xls",
    ] {
        let (ingested, diag) = read(&[PathBuf::from("tests/fixtures").join(file)]);
        assert!(
            !diag.has_errors(),
            "{file}: {}",
            diag.render(sakip::Lang::En)
        );
        assert_eq!(ingested.records().len(), 80, "{file}");
        assert_eq!(ingested.records()[0].cell(), "D11", "{file}");
        let scores = score::score(&ingested.answers, &r, MissingPolicy::Error).unwrap();
        assert_eq!(
            ranking(&scores),
            vec![(1, "Inspektorat".to_string(), 87.0, "A".to_string())],
            "{file}"
        );
    }
}

#[test]
fn an_official_sheet_with_a_kode_column_is_not_taken_for_tidy() {
    let r = rubric("akip-2021-opd");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("berkode.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Dinas Berkode").unwrap();
    for (c, h) in ["No", "Kode", "Komponen/Sub Komponen/Kriteria", "Jawaban"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 2, "Perencanaan Kinerja").unwrap();
    ws.write_string(2, 0, "a").unwrap();
    ws.write_number(3, 0, 1.0).unwrap();
    ws.write_string(3, 1, "1.a.1").unwrap();
    ws.write_string(3, 2, &r.components[0].subcomponents[0].criteria[0].text.id)
        .unwrap();
    ws.write_string(3, 3, "Ada").unwrap();
    wb.save(&path).unwrap();
    let (ingested, diag) = read(&[path]);
    assert!(diag.problems.is_empty(), "{}", diag.render(sakip::Lang::En));
    assert_eq!(
        ingested.sheets[0].read.as_ref().unwrap().layout,
        "lke-resmi"
    );
    let first = ingested.records().remove(0);
    assert_eq!(
        (
            first.opd.as_str(),
            first.code.as_str(),
            first.cell().as_str()
        ),
        ("Dinas Berkode", "1.a.1", "D4")
    );
}

#[test]
fn official_sheets_numbered_as_regional_lkes_number_them_read_to_the_same_answers() {
    use crate::util::{pattern, score_records, write_official_numbered, Numbering};
    let rubric = crate::util::rubric("akip-2021-opd");
    // One OPD, every criterion answered: Y on a, B on b, C on c; 4.c.2 left blank.
    let mut records = pattern(&rubric, "Dinas Uji", "Y", "B", "C");
    records.retain(|r| r.code != "4.c.2");
    let letter = |i: usize| char::from(b'A' + i as u8).to_string();
    let roman = |i: usize| ["I", "II", "III", "IV"][i].to_string();
    // A / A.1 / A.1.1 (a regional LKE's codes); A. / I. / 1.; 1. / a / 1) (KemenPAN's, as
    // written with brackets).
    let schemes: [(&str, Box<Numbering>); 3] = [
        (
            "A.1.1",
            Box::new(move |c, s, k| match (s, k) {
                (None, _) => letter(c),
                (Some(s), None) => format!("{}.{}", letter(c), s + 1),
                (Some(s), Some(k)) => format!("{}.{}.{k}", letter(c), s + 1),
            }),
        ),
        (
            "A. / I. / 1.",
            Box::new(move |c, s, k| match (s, k) {
                (None, _) => format!("{}.", char::from(b'A' + c as u8)),
                (Some(s), None) => format!("{}.", roman(s)),
                (Some(_), Some(k)) => format!("{k}."),
            }),
        ),
        (
            "1. / a / 1)",
            Box::new(|c, s, k| match (s, k) {
                (None, _) => format!("{}.", c + 1),
                (Some(s), None) => char::from(b'a' + s as u8).to_string(),
                (Some(_), Some(k)) => format!("{k})"),
            }),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    // Hand-worked: a = 1 (Y), b = 0.7 (B), c = 0.5 (C) of each weight: 1: 6 + 6.3 + 7.5 = 19.8;
    // 2: 19.8; 3: 3 + 3.15 + 3.75 = 9.9; 4: 5 + 5.25 + 12.5 x (4 x 0.5 + 0) / 5 = 5 + 5.25 + 5
    // = 15.25 with 4.c.2 missing and scored 0. Final 19.8 + 19.8 + 9.9 + 15.25 = 64.75.
    for (name, numbering) in &schemes {
        let path = dir.path().join(format!("lke-{}.xlsx", name.len()));
        write_official_numbered(
            &path,
            &rubric,
            &[("Dinas Uji", records.clone())],
            Some(&**numbering),
        );
        let (ingested, diag) = read(std::slice::from_ref(&path));
        let all = ingested.answers.records(0..ingested.answers.rows.len());
        let got: Vec<(String, String)> = all
            .iter()
            .map(|r| (r.code.clone(), r.answer.clone()))
            .collect();
        let given: Vec<(String, String)> = records
            .iter()
            .map(|r| (r.code.clone(), r.answer.clone()))
            .collect();
        assert_eq!(got, given, "{name}: {}", diag.render(sakip::Lang::En));
        let errors: Vec<_> = diag.problems.iter().filter(|p| p.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let scores = score_records(&all, &rubric, MissingPolicy::Zero).unwrap();
        assert_eq!(ranking(&scores)[0].2, 64.75, "{name}");
    }
}

#[test]
fn a_pilihan_jawaban_column_is_checked_against_the_rubric_s_scales() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lke-pilihan.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Dinas Uji").unwrap();
    let header = [
        "No",
        "Komponen/Sub Komponen/Kriteria",
        "Pilihan Jawaban",
        "Jawaban",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    // (No, text, options, answer); rows 5 onwards. 1.a.3 offers A/B/C where the rubric asks
    // Y/T; 1.b.2 offers A/B/C/D where it grades AA..E. "Ya/Tidak" is Y/T by its aliases.
    let rows = [
        ("1.", "Perencanaan Kinerja", "", ""),
        ("a", "Dokumen perencanaan kinerja telah tersedia", "", ""),
        (
            "1",
            "Terdapat pedoman teknis perencanaan kinerja.",
            "Y/T",
            "Y",
        ),
        (
            "2",
            "Terdapat dokumen perencanaan kinerja jangka panjang.",
            "Ya/Tidak",
            "T",
        ),
        (
            "3",
            "Terdapat dokumen perencanaan kinerja jangka menengah.",
            "A/B/C",
            "Y",
        ),
        (
            "b",
            "Dokumen perencanaan kinerja telah memenuhi standar",
            "",
            "",
        ),
        (
            "1",
            "Dokumen Perencanaan Kinerja telah diformalkan.",
            "AA/A/BB/B/CC/C/D/E",
            "BB",
        ),
        (
            "2",
            "Dokumen Perencanaan Kinerja telah dipublikasikan tepat waktu.",
            "A/B/C/D",
            "B",
        ),
    ];
    for (i, (no, text, options, answer)) in rows.iter().enumerate() {
        for (c, v) in [no, text, options, answer].iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(4 + i as u32, c as u16, **v).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();
    let (ingested, diag) = read(std::slice::from_ref(&path));
    assert_eq!(
        ingested.answers.rows.len(),
        5,
        "{}",
        diag.render(sakip::Lang::En)
    );
    let differ: Vec<(String, IngestProblem)> = diag
        .problems
        .iter()
        .filter(|p| matches!(p.kind.ingest(), Some(IngestProblem::OptionsDiffer { .. })))
        .map(|p| {
            let at = p.location.as_ref().unwrap().cell.unwrap().to_string();
            (at, p.kind.ingest().unwrap().clone())
        })
        .collect();
    let s = |t: &str| t.to_string();
    assert_eq!(
        differ,
        [
            (
                s("C9"),
                IngestProblem::OptionsDiffer {
                    code: s("1.a.3"),
                    offered: s("A/B/C"),
                    scale: s("Ya/Tidak"),
                    answers: vec![s("Y"), s("T")],
                }
            ),
            (
                s("C12"),
                IngestProblem::OptionsDiffer {
                    code: s("1.b.2"),
                    offered: s("A/B/C/D"),
                    scale: s("Nilai AA sampai E"),
                    answers: ["AA", "A", "BB", "B", "CC", "C", "D", "E"].map(s).to_vec(),
                }
            ),
        ]
    );
    // Warnings: the answers themselves are on the rubric's scales and read.
    assert!(!diag.has_errors(), "{}", diag.render(sakip::Lang::En));
}

/// A column group of a tiered sheet: its header, and each criterion's answer by code.
type Group<'a> = (&'a str, &'a dyn Fn(&str) -> String);

/// An official sheet with one column group per entry of `groups` (its header and each
/// criterion's answer), each group of Jawaban, Nilai and Catatan columns under a merged header.
fn write_tiered(path: &std::path::Path, rubric: &sakip::Rubric, groups: &[Group]) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("KKE Dinas Uji").unwrap();
    let head = Format::new().set_bold();
    ws.write_string(1, 0, "Perangkat Daerah").unwrap();
    ws.write_string(1, 1, ": Dinas Uji").unwrap();
    ws.merge_range(3, 0, 4, 0, "No", &head).unwrap();
    ws.merge_range(3, 1, 4, 1, "Komponen/Sub Komponen/Kriteria", &head)
        .unwrap();
    for (g, (name, _)) in groups.iter().enumerate() {
        let c = 2 + 3 * g as u16;
        ws.merge_range(3, c, 3, c + 2, name, &head).unwrap();
        for (i, h) in ["Jawaban", "Nilai", "Catatan"].iter().enumerate() {
            ws.write_string(4, c + i as u16, *h).unwrap();
        }
    }
    let mut row = 5;
    for component in &rubric.components {
        ws.write_string(row, 0, format!("{}.", component.code))
            .unwrap();
        ws.write_string(row, 1, &component.name.id).unwrap();
        row += 1;
        for sub in &component.subcomponents {
            ws.write_string(row, 0, &sub.code).unwrap();
            ws.write_string(row, 1, &sub.name.id).unwrap();
            row += 1;
            for k in &sub.criteria {
                ws.write_number(row, 0, k.number as f64).unwrap();
                ws.write_string(row, 1, &k.text.id).unwrap();
                for (g, (_, answer)) in groups.iter().enumerate() {
                    ws.write_string(row, 2 + 3 * g as u16, answer(&k.code))
                        .unwrap();
                }
                row += 1;
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_sheet_of_four_tiers_side_by_side_is_read_tier_by_tier() {
    let rubric = rubric("akip-2021-opd");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kke-empat-tahap.xlsx");
    // The OPD's own answers are the best on every criterion (Y, AA); Verval and QA say
    // otherwise; the final answers are Y on a, BB on b, B on c. Before, the first Jawaban
    // column (the OPD's own) was scored as final: 100.00 instead of the final's 79.00.
    let a_sub = |code: &str| code.split('.').nth(1) == Some("a");
    let own = |code: &str| if a_sub(code) { "Y" } else { "AA" }.to_string();
    let verval = |code: &str| if a_sub(code) { "T" } else { "C" }.to_string();
    let qa = |code: &str| if a_sub(code) { "T" } else { "D" }.to_string();
    let fin = |code: &str| {
        match code.split('.').nth(1) {
            Some("a") => "Y",
            Some("b") => "BB",
            _ => "B",
        }
        .to_string()
    };
    let groups: [Group; 4] = [
        ("PENILAIAN MANDIRI (OPD)", &own),
        ("VERVAL (Bappeda, Bagian Organisasi, Inspektorat)", &verval),
        ("PENJAMINAN KUALITAS", &qa),
        ("PENILAIAN FINAL", &fin),
    ];
    write_tiered(&path, &rubric, &groups);
    let (ingested, diag) = read(std::slice::from_ref(&path));
    assert!(!diag.has_errors(), "{}", diag.render(sakip::Lang::En));
    // Verval and QA are tiers akip-2021-opd does not have: each passed over with a note at its
    // Jawaban cell (F5, I5).
    let passed: Vec<(String, String)> = diag
        .problems
        .iter()
        .filter_map(|p| match p.kind.ingest() {
            Some(IngestProblem::TierPassedOver { group }) => Some((
                p.location.as_ref().unwrap().cell.unwrap().to_string(),
                group.clone(),
            )),
            _ => None,
        })
        .collect();
    let s = |t: &str| t.to_string();
    assert_eq!(
        passed,
        [
            (
                s("F5"),
                s("VERVAL (Bappeda, Bagian Organisasi, Inspektorat)")
            ),
            (s("I5"), s("PENJAMINAN KUALITAS"))
        ]
    );
    // Every criterion twice: the OPD's own (usulan, column C) and the final (penetapan, L).
    let all = ingested.answers.records(0..ingested.answers.rows.len());
    assert_eq!(all.len(), 2 * rubric.criterion_count());
    let first = rubric.criteria().next().unwrap().2.code.clone();
    let of_first: Vec<(String, String, u32)> = all
        .iter()
        .filter(|r| r.code == first)
        .map(|r| (r.tier.clone(), r.answer.clone(), r.col))
        .collect();
    assert_eq!(
        of_first,
        [(s("penetapan"), s("Y"), 11), (s("usulan"), s("Y"), 2)]
    );
    // Scored on the final answers: a = 1, b = 0.8, c = 0.7 of each weight: 20 + 24 + 35 = 79
    // of every 100 points, by the 20/30/50 split: 0.2 + 0.3 x 0.8 + 0.5 x 0.7 = 0.79 -> 79.00.
    let scores = score::score(&ingested.answers, &rubric, MissingPolicy::Error).unwrap();
    assert_eq!(ranking(&scores)[0].2, 79.0);
    // And the OPD's own beside them for reconciliation: all Y and AA = 100.
    let own_score: Vec<Option<f64>> = scores
        .paired
        .column("value_own")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert!(own_score.iter().all(|v| *v == Some(1.0)));
}

#[test]
fn several_answer_columns_whose_headers_name_no_tier_are_refused_at_their_cells() {
    let rubric = rubric("akip-2021-opd");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kke-tanpa-tahap.xlsx");
    let y = |_: &str| "Y".to_string();
    let groups: [Group; 2] = [("Nilai 1", &y), ("Nilai 2", &y)];
    write_tiered(&path, &rubric, &groups);
    let (_, diag) = read(std::slice::from_ref(&path));
    let unnamed: Vec<String> = diag
        .problems
        .iter()
        .filter(|p| matches!(p.kind.ingest(), Some(IngestProblem::TierUnnamed { .. })))
        .map(|p| p.location.as_ref().unwrap().cell.unwrap().to_string())
        .collect();
    assert_eq!(unnamed, ["C5", "F5"]);
    assert!(diag.has_errors());
}
