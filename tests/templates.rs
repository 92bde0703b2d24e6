//! Templates: written, filled in as a person would, and scored.

use crate::util::zip_part;
use assert_cmd::Command;
use calamine::{open_workbook_auto, Reader};
use std::path::Path;

fn sakip() -> Command {
    Command::cargo_bin("sakip").unwrap()
}

/// Fills every blank answer cell of each OPD sheet in the columns of `tiers` (a letter and the
/// answers of each sheet), in order, the k-th criterion of a sheet with its k-th answer, by
/// editing the sheet XML as Excel would save it.
fn fill(template: &Path, filled: &Path, tiers: &[(&str, Vec<Vec<String>>)]) {
    crate::util::rewrite_zip(template, filled, |name, bytes| {
        // sheet1 is the instructions; sheet2, sheet3 ... are the OPDs in order.
        let sheet_no = name
            .strip_prefix("xl/worksheets/sheet")
            .and_then(|n| n.strip_suffix(".xml"))
            .and_then(|n| n.parse::<usize>().ok());
        match sheet_no.filter(|n| *n >= 2) {
            Some(n) => {
                let mut xml = String::from_utf8(bytes).unwrap();
                for (letter, answers) in tiers {
                    xml = fill_column(&xml, letter, &answers[n - 2]);
                }
                xml.into_bytes()
            }
            None => bytes,
        }
    });
}

fn fill_column(xml: &str, letter: &str, answers: &[String]) -> String {
    let mut out = String::new();
    let mut rest = xml;
    let mut k = 0;
    let start = format!("<c r=\"{letter}");
    while let Some(at) = rest.find(&start) {
        out.push_str(&rest[..at]);
        let cell_end = rest[at..].find('>').unwrap() + at;
        let cell = &rest[at..=cell_end];
        // Blank answer cells are empty elements <c r="D10" s="7"/>; title cells have values.
        let is_blank = cell.ends_with("/>")
            && cell[7..].chars().take_while(|c| c.is_ascii_digit()).count() > 0;
        let row: u32 = cell[7..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        if is_blank && row > 7 && k < answers.len() {
            let open = cell.trim_end_matches("/>");
            out.push_str(&format!(
                "{open} t=\"inlineStr\"><is><t>{}</t></is></c>",
                answers[k]
            ));
            k += 1;
        } else {
            out.push_str(cell);
        }
        rest = &rest[cell_end + 1..];
    }
    out.push_str(rest);
    assert_eq!(k, answers.len(), "every criterion has a blank answer cell");
    out
}

#[test]
fn an_lke_template_filled_in_scores_as_its_answers_call_for() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template-lke.xlsx");
    sakip()
        .args([
            "template",
            "lke",
            "--opd",
            "Dinas Kesehatan",
            "--opd",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            "--out",
        ])
        .arg(&template)
        .assert()
        .success();
    // The template: instructions, then one sheet per OPD (long names cut to Excel's 31).
    let wb = open_workbook_auto(&template).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Petunjuk",
            "Dinas Kesehatan",
            "Badan Kepegawaian dan Pengemban"
        ]
    );
    let sheet = zip_part(&template, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains("<sheetProtection"), "structure is protected");
    // Two tiers side by side (the rubric's usulan and penetapan), each criterion's answer a
    // drop-down in both, its value a live formula from the scale's values.
    assert_eq!(
        sheet.matches("<dataValidation ").count(),
        160,
        "one drop-down per answer cell of each tier"
    );
    let strings = zip_part(&template, "xl/sharedStrings.xml");
    assert!(
        strings.contains("PENILAIAN MANDIRI") && strings.contains("PENILAIAN FINAL"),
        "{strings}"
    );
    assert!(
        sheet.contains("INDEX({1,0.9,0.8,0.7,0.6,0.5,0.3,0},MATCH(D"),
        "a live Nilai formula"
    );
    assert!(
        sheet.contains("<formula1>\"Y,T\"</formula1>")
            && sheet.contains("<formula1>\"AA,A,BB,B,CC,C,D,E\"</formula1>")
    );

    // Filled in: Dinas Kesehatan a Y, b A, c BB (87.00); the other a T, b and c E (0.00).
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let pattern = |a: &str, b: &str, c: &str| -> Vec<String> {
        rubric
            .criteria()
            .map(|(_, s, _)| match s.code.as_str() {
                "a" => a.to_string(),
                "b" => b.to_string(),
                _ => c.to_string(),
            })
            .collect()
    };
    let filled = dir.path().join("lke-terisi.xlsx");
    // The OPDs' own answers (column D): Dinas Kesehatan the best everywhere (100.00), the
    // other as the evaluator; the evaluator's (column G) as above.
    let own = vec![pattern("Y", "AA", "AA"), pattern("T", "E", "E")];
    let fin = vec![pattern("Y", "A", "BB"), pattern("T", "E", "E")];
    fill(&template, &filled, &[("D", own), ("G", fin)]);
    let out = sakip()
        .arg("score")
        .arg(&filled)
        .args(["--json", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let got: Vec<(String, f64)> = json["opds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["opd"].as_str().unwrap().to_string(),
                o["score"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Dinas Kesehatan".to_string(), 87.0),
            (
                "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia".to_string(),
                0.0
            )
        ]
    );
    // The own answers read as the first tier: Dinas Kesehatan inflated by 100 - 87 = 13.
    let reconciled = &json["reconciliation"]["opds"][0];
    assert_eq!(reconciled["opd"], "Dinas Kesehatan");
    assert_eq!(reconciled["own_score"].as_f64(), Some(100.0));
    assert_eq!(reconciled["inflation"].as_f64(), Some(13.0));
}

#[test]
fn a_program_template_offers_its_lists_and_reads_back_as_program_data() {
    let dir = tempfile::tempdir().unwrap();
    let opds = dir.path().join("opd.csv");
    std::fs::write(&opds, "nama\nDinas Kesehatan\nDinas Sosial\n").unwrap();
    let template = dir.path().join("template-program.xlsx");
    sakip()
        .args([
            "template",
            "programs",
            "--priorities",
            "fixtures/demo-program/prioritas-walikota.csv",
            "--opd-list",
        ])
        .arg(&opds)
        .arg("--out")
        .arg(&template)
        .assert()
        .success();
    let mut wb = open_workbook_auto(&template).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Kegiatan", "Daftar"]);
    let lists = wb.worksheet_range("Daftar").unwrap();
    let column = |c: u32| -> Vec<String> {
        (1..lists.height() as u32)
            .filter_map(|r| lists.get_value((r, c)).map(|v| v.to_string()))
            .filter(|s| !s.is_empty())
            .collect()
    };
    assert_eq!(column(0), vec!["Dinas Kesehatan", "Dinas Sosial"]);
    assert_eq!(column(1), vec!["P1", "P2", "P3", "P4", "P5"]);
    assert_eq!(column(3), vec!["output", "outcome", "dampak"]);
    let sheet = zip_part(&template, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("Daftar'!$A$2:$A$3"), "OPD drop-down");
    assert!(sheet.contains("Daftar'!$B$2:$B$6"), "priority drop-down");
    // The header is the data file's (rubrics/program-columns.toml), each cell with a note
    // naming the other headers read as it.
    let range = wb.worksheet_range("Kegiatan").unwrap();
    let header: Vec<String> = (0..15)
        .map(|c| range.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(header[..4], ["opd", "kode", "nama", "program"]);
    assert_eq!(header[8], "pagu");
    assert_eq!(header[14], "horizon");
    let notes = zip_part(&template, "xl/comments1.xml");
    assert!(
        notes.contains("Perangkat Daerah pelaksana kegiatan (wajib). Judul kolom lain yang juga dibaca: SKPD, Perangkat Daerah, Unit Kerja, Nama SKPD, Nama Perangkat Daerah."),
        "{notes}"
    );
    assert!(notes.contains("Pagu Indikatif"), "{notes}");
    assert!(notes.contains("(pilihan)"), "{notes}");
    // The empty template is a tidy program sheet: inspect recognises it.
    let out = sakip().arg("inspect").arg(&template).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("layout program-tidy"), "{text}");
}

/// The Zona Integritas template: the tree numbered with whole codes (`A.I.1.i.a`), number
/// answers validated on their range. Filled in as the one-area-at-70 % unit of the ZI tests
/// (Reform's Penguatan Akuntabilitas: its two A/B/C/D indicators at D), percentages typed as
/// 85-style points and survey indices as numbers, it reads back and scores 97.00, WBK.
#[test]
fn a_zona_integritas_template_filled_in_reads_back_as_its_tree() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template-zi.xlsx");
    sakip()
        .args([
            "template",
            "lke",
            "--rubric",
            "lke-zi-2021",
            "--opd",
            "KPP Pratama Kota",
            "--out",
        ])
        .arg(&template)
        .assert()
        .success();
    let sheet = zip_part(&template, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains("<formula1>0</formula1><formula2>100</formula2>"),
        "a percentage"
    );
    assert!(
        sheet.contains("<formula1>0</formula1><formula2>4</formula2>"),
        "an index of 0-4"
    );
    assert!(sheet.contains("MIN(1,IF("), "a percentage's live value");
    let strings = zip_part(&template, "xl/sharedStrings.xml");
    assert!(strings.contains("A.I.1.i.a") && strings.contains("A.II.5.iii.lhkpn.1"));
    let rubric = sakip::Rubric::load("lke-zi-2021").unwrap();
    // Each criterion's answer, then its count rows' numbers (12, 13, ...), in row order.
    let answers: Vec<String> = rubric
        .criteria()
        .flat_map(|(_, _, k)| {
            let scale = &rubric.scales[&k.scale];
            let answer = match (k.code.as_str(), scale.number) {
                ("A.II.4.ii.1" | "A.II.4.iii.1", _) => "D".to_string(),
                (_, Some(n)) if n.percent => "100".to_string(),
                (_, Some(n)) => n.max.to_string(),
                (_, None) => scale.codes[0].code.clone(),
            };
            let counts = (0..k.counts.len()).map(|i| (12 + i).to_string());
            std::iter::once(answer).chain(counts)
        })
        .collect();
    let filled = dir.path().join("zi-terisi.xlsx");
    fill(&template, &filled, &[("G", vec![answers])]);
    let filled = filled.to_str().unwrap();
    let args = [filled, "--rubric", "lke-zi-2021", "--scorecards"];
    let json = crate::util::score_json(&args, &dir.path().join("out"));
    assert_eq!(
        crate::util::json_ranking(&json),
        [("KPP Pratama Kota".to_string(), 97.0, "WBK".to_string())]
    );
    // The count rows are kept beside their criteria in the scorecard.
    let card = std::fs::read_dir(dir.path().join("out/scorecards"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut wb = open_workbook_auto(&card).unwrap();
    let sheet = wb.worksheet_range("Kriteria").unwrap();
    let row = sheet
        .rows()
        .find(|r| r[0] == "A.II.1.i.a")
        .expect("the criterion's row");
    assert_eq!(
        row[7].to_string(),
        "Jumlah Agen Perubahan: 12; Jumlah Perubahan yang dibuat: 13"
    );
}
