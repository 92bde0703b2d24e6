//! The real binary on the demo city and on bad input.

use crate::util::sakip;
use calamine::{open_workbook_auto, Data, Reader};
use serde_json::Value;

fn opd<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["opds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["opd"] == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

#[test]
fn the_demo_scores_as_worked_out_by_hand() {
    let out = tempfile::tempdir().unwrap();
    let assert = sakip()
        .args(["score", "fixtures/demo", "--json", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["rubric"], "akip-2021-opd");
    let opds = json["opds"].as_array().unwrap();
    assert_eq!(opds.len(), 33);
    // Bappeda: every a criterion Y, every b and c AA -> 100, AA, rank 1.
    let bappeda = opd(&json, "Badan Perencanaan Pembangunan Daerah");
    assert_eq!(
        (bappeda["rank"].as_u64(), bappeda["score"].as_f64()),
        (Some(1), Some(100.0))
    );
    assert_eq!(bappeda["predicate"], "AA");
    // Inspektorat (official layout): a Y, b A, c BB -> 26.1 + 26.1 + 13.05 + 21.75 = 87.00, A.
    let inspektorat = opd(&json, "Inspektorat");
    assert_eq!(inspektorat["score"].as_f64(), Some(87.0));
    assert_eq!(inspektorat["components"]["3"].as_f64(), Some(13.05));
    // The components' maxima (the page shows percents of them), and the Inspektorat's way to AA:
    // its first step raises 4.c.1 from BB to A, 0.1 x 12.5 / 5 = 0.25 points, with the
    // criterion's text.
    let maxima: Vec<f64> = json["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["max"].as_f64().unwrap())
        .collect();
    assert_eq!(maxima, [30.0, 30.0, 15.0, 25.0]);
    let next = &inspektorat["next"];
    assert_eq!(
        (next["outcome"].as_str(), next["target"].as_str()),
        (Some("steps"), Some("AA"))
    );
    let first = &next["steps"][0];
    assert_eq!(
        (
            first["code"].as_str(),
            first["from"].as_str(),
            first["to"].as_str()
        ),
        (Some("4.c.1"), Some("BB"), Some("A"))
    );
    assert_eq!(first["points"].as_f64(), Some(0.25));
    assert_eq!(
        first["text"],
        "Seluruh rekomendasi atas hasil evaluasi AKIP internal telah ditindaklanjuti."
    );
    assert_eq!(next["steps"].as_array().unwrap().len(), 5);
    assert_eq!(bappeda["next"]["outcome"], "top");
    // Dinas Pendidikan dan Kebudayaan: a Y (20), b C (0.5 x 30 = 15), c A (0.9 x 50 = 45) = 80.00, BB.
    let disdik = opd(&json, "Dinas Pendidikan dan Kebudayaan");
    assert_eq!(
        (disdik["score"].as_f64(), disdik["predicate"].as_str()),
        (Some(80.0), Some("BB"))
    );
    // Kecamatan Sukamaju Utara (official layout, OPD from the labelled cell): all T and E -> 0, D, last.
    let utara = opd(&json, "Kecamatan Sukamaju Utara");
    assert_eq!(
        (
            utara["score"].as_f64(),
            utara["predicate"].as_str(),
            utara["rank"].as_u64()
        ),
        (Some(0.0), Some("D"), Some(33))
    );
    // Dinas Kesehatan and Dinas Sosial answered alike: one rank, listed by name, next rank skipped.
    let (dinkes, dinsos) = (opd(&json, "Dinas Kesehatan"), opd(&json, "Dinas Sosial"));
    assert_eq!(dinkes["rank"], dinsos["rank"]);
    assert_eq!(dinkes["score"], dinsos["score"]);
    let rank = dinkes["rank"].as_u64().unwrap() as usize;
    assert_eq!(opds[rank - 1]["opd"], "Dinas Kesehatan");
    assert_eq!(opds[rank]["opd"], "Dinas Sosial");
    assert_eq!(opds[rank + 1]["rank"].as_u64(), Some(rank as u64 + 2));
    // The sheet named after its OPD (no label cell) and the CSV OPDs are there too.
    for name in [
        "Kecamatan Sukamaju Timur",
        "Dinas Pariwisata",
        "Dinas Kepemudaan dan Olahraga",
    ] {
        opd(&json, name);
    }
    // Every third tidy OPD also sent its self-assessment: reconciled, most inflated first.
    let reconciled = json["reconciliation"]["opds"].as_array().unwrap();
    assert!(reconciled.len() >= 5, "{}", reconciled.len());
    let gaps: Vec<f64> = reconciled
        .iter()
        .map(|o| o["inflation"].as_f64().unwrap())
        .collect();
    assert!(gaps.windows(2).all(|w| w[0] >= w[1]), "{gaps:?}");
    // The workbook agrees with the JSON.
    let mut wb = open_workbook_auto(out.path().join("feedback.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Ringkasan",
            "Grafik",
            "Komponen",
            "Kriteria",
            "Rekomendasi",
            "Rekonsiliasi",
            "Konsistensi",
            "Metadata",
            "Data Grafik"
        ]
    );
    // Rekomendasi: Bappeda is already AA; Inspektorat (87.00, the pattern worked out in
    // path::from_87_to_aa_by_hand) needs 13 steps to AA, the first raising 4.c.1 from BB to A.
    let steps = wb.worksheet_range("Rekomendasi").unwrap();
    let text = |r: u32, c: u32| {
        steps
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(text(4, 0), "Badan Perencanaan Pembangunan Daerah");
    assert!(
        text(4, 4).starts_with("Sudah pada predikat tertinggi"),
        "{}",
        text(4, 4)
    );
    let row = (4..steps.height() as u32)
        .find(|&r| text(r, 0) == "Inspektorat")
        .unwrap();
    let got: Vec<String> = [1, 2, 3, 4, 5, 6, 7]
        .iter()
        .map(|&c| text(row, c))
        .collect();
    assert_eq!(got, vec!["A", "AA", "13", "1", "4.c.1", "BB", "A"]);
    let sheet = wb.worksheet_range("Rekonsiliasi").unwrap();
    assert_eq!(
        sheet.get_value((3, 3)),
        Some(&Data::String("Selisih (mandiri − akhir)".into()))
    );
    assert_eq!(sheet.get_value((4, 3)), Some(&Data::Float(gaps[0])));
    let summary = wb.worksheet_range("Ringkasan").unwrap();
    assert_eq!(
        summary.get_value((4, 1)),
        Some(&Data::String("Badan Perencanaan Pembangunan Daerah".into()))
    );
    let meta = wb.worksheet_range("Metadata").unwrap();
    assert_eq!(meta.get_value((7, 1)), Some(&Data::Float(33.0)));
}

#[test]
fn input_errors_exit_2_list_every_problem_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("lke.csv");
    std::fs::write(
        &input,
        "opd,kode,jawaban\nDinas A,1.a.1,Mungkin\nDinas A,9.9.9,Y\n",
    )
    .unwrap();
    let out = dir.path().join("hasil");
    let assert = sakip()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains(
            "lke.csv!lke!C2: jawaban 'Mungkin' untuk kriteria 1.a.1 tidak ada pada skalanya"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("lke.csv!lke!C3: kode kriteria '9.9.9' tidak ada dalam rubrik"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Dinas A belum menjawab 79 kriteria"),
        "{stderr}"
    );
    assert!(!out.exists(), "no output may be written on input errors");
}

#[test]
fn english_messages_on_request_and_missing_zero() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("lke.csv");
    std::fs::write(&input, "opd,kode,jawaban\nDinas A,1.a.1,Y\n").unwrap();
    let out = dir.path().join("hasil");
    let assert = sakip()
        .arg("score")
        .arg(&input)
        .args(["--lang", "en", "--missing", "zero", "--json", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("WARNING ")
            && stderr.contains("lke.csv!lke: Dinas A has no answer for 79 criteria"),
        "{stderr}"
    );
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    // Only 1.a.1 met: 6 x 1/7 = 0.857 -> 0.86, D.
    assert_eq!(json["opds"][0]["score"].as_f64(), Some(0.86));
    assert!(out.join("feedback.xlsx").exists());
}

#[test]
fn an_output_that_would_overwrite_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "fixtures/demo/lke-dinas-tambahan.csv",
        dir.path().join("a.csv"),
    )
    .unwrap();
    let victim = dir.path().join("feedback.xlsx");
    std::fs::copy("fixtures/demo/LKE-Inspektorat-2025.xlsx", &victim).unwrap();
    let before = std::fs::read(&victim).unwrap();
    sakip()
        .arg("score")
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&victim).unwrap(), before);
}

#[test]
fn rubric_commands() {
    let list = sakip().args(["rubric", "list"]).assert().success();
    let text = String::from_utf8_lossy(&list.get_output().stdout).to_string();
    assert!(
        text.contains("akip-2021 ") && text.contains("akip-2021-opd"),
        "{text}"
    );
    let show = sakip()
        .args(["rubric", "show", "akip-2021-opd", "--lang", "en"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&show.get_output().stdout).to_string();
    assert!(text.contains("1 Performance Planning [30]"), "{text}");
    assert!(text.contains("  3.b Quality [4.5] mean / aa_e"), "{text}");
    sakip()
        .args(["rubric", "check", "rubrics/akip-2021.toml"])
        .assert()
        .success();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string("rubrics/akip-2021.toml")
        .unwrap()
        .replacen("weight = 30.0", "weight = 31.0", 1);
    std::fs::write(&bad, text).unwrap();
    let assert = sakip()
        .arg("rubric")
        .arg("check")
        .arg(&bad)
        .args(["--lang", "en"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("component 1 weighs 31 but its sub-components add up to 30"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the components add up to 101 but max_score is 100"),
        "{stderr}"
    );
    // In Indonesian by default, each at the file, with what would fix it.
    let assert = sakip()
        .arg("rubric")
        .arg("check")
        .arg(&bad)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let at = format!("KESALAHAN {}: komponen 1 berbobot 31", bad.display());
    assert!(stderr.contains(&at), "{stderr}");
    assert!(
        stderr.contains("samakan bobot komponen dengan jumlah bobot sub komponennya"),
        "{stderr}"
    );
}

#[test]
fn inspect_shows_layout_header_cells_and_rows() {
    let assert = sakip()
        .args(["inspect", "fixtures/demo/LKE-Kecamatan-2025.xlsx"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        text.contains("sheet 'Petunjuk': tidak dikenali, dilewati"),
        "{text}"
    );
    assert!(
        text.contains("sheet 'Kecamatan Sukamaju Utara': layout lke-resmi"),
        "{text}"
    );
    assert!(text.contains("D7 'Jawaban' -> jawaban"), "{text}");
    assert!(
        text.contains("A4 OPD = 'Kecamatan Sukamaju Selatan'"),
        "{text}"
    );
    let json = sakip()
        .args(["inspect", "--json", "fixtures/demo/lke-dinas-tambahan.csv"])
        .assert()
        .success();
    let value: Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let sheet = &value["sheets"][0];
    assert_eq!(sheet["read"]["layout"], "tidy");
    assert_eq!(sheet["read"]["answers"][0]["cell"], "C2");
    assert_eq!(sheet["read"]["answers"].as_array().unwrap().len(), 160);
}

#[test]
fn usage_errors_exit_2() {
    sakip().args(["score"]).assert().code(2);
    sakip()
        .args(["score", "fixtures/demo", "--rubric", "akip-1999"])
        .assert()
        .code(2);
    sakip().args(["score", "tidak/ada.xlsx"]).assert().code(2);
}

#[test]
fn validate_reads_and_checks_everything_and_writes_nothing() {
    let clean = sakip()
        .args(["validate", "fixtures/demo", "--lang", "en"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&clean.get_output().stdout).to_string();
    // The demo's generated answers break the rubric's consistency rules in a few OPDs (a report
    // graded that was never written): those are its only warnings.
    let warnings: Vec<&str> = text.lines().filter(|l| l.contains("WARNING")).collect();
    assert!(!warnings.is_empty(), "{text}");
    assert!(
        warnings
            .iter()
            .all(|l| l.contains("answers are inconsistent")),
        "{warnings:#?}"
    );
    let summary = format!("0 error(s), {} warning(s)\n", warnings.len());
    assert!(text.ends_with(&summary), "{text}");
    assert!(
        !std::path::Path::new("sakip-out").exists() || std::path::Path::new("sakip-out").is_dir()
    );

    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    std::fs::write(
        &a,
        "opd,kode,jawaban,tahap\nDinas A,1.a.1,Q,\nDinas A,1.a.2,Y,final\n",
    )
    .unwrap();
    let b = dir.path().join("b.csv");
    std::fs::write(&b, "opd,kode,jawaban\nDinas B,9.9.9,Y\n").unwrap();
    let failed = sakip()
        .arg("validate")
        .arg(&a)
        .arg(&b)
        .args(["--lang", "en", "--missing", "zero"])
        .assert()
        .code(2);
    let text = String::from_utf8_lossy(&failed.get_output().stdout).to_string();
    // Grouped by file, each problem with its sheet and cell and a fix.
    let a_at = text
        .find(&format!("{}\n", a.display()))
        .expect("a header line for a.csv");
    let b_at = text
        .find(&format!("{}\n", b.display()))
        .expect("a header line for b.csv");
    assert!(
        text[a_at..].contains("  a!D3 ERROR: unknown tier 'final'"),
        "{text}"
    );
    assert!(
        text[a_at..].contains("  a!C2 ERROR: answer 'Q' for criterion 1.a.1 is not on its scale"),
        "{text}"
    );
    assert!(
        text[b_at..].contains("  b!C2 ERROR: criterion code '9.9.9' is not in the rubric"),
        "{text}"
    );
    assert!(text.contains("-> use one of: Y, T"), "{text}");
    assert!(text.ends_with("3 error(s), 2 warning(s)\n"), "{text}");

    let json = sakip()
        .arg("validate")
        .arg(&a)
        .args(["--format", "json", "--lang", "en"])
        .assert()
        .code(2);
    let value: Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(value["errors"].as_u64(), Some(3));
    let first = &value["problems"][0];
    assert_eq!(first["severity"], "error");
    assert!(first["location"]["cell"].is_string());
    assert!(first["fix"].is_string());
}

#[test]
fn the_same_inputs_and_source_date_epoch_give_byte_identical_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &str| {
        sakip()
            .args([
                "score",
                "fixtures/demo",
                "--programs",
                "fixtures/demo-program/program-kegiatan-2025.xlsx",
                "--priorities",
                "fixtures/demo-program/prioritas-walikota.csv",
                "--out",
            ])
            .arg(dir.path().join(out))
            .assert()
            .success();
        std::fs::read(dir.path().join(out).join("feedback.xlsx")).unwrap()
    };
    assert_eq!(run("a"), run("b"));
}

#[test]
fn scorecards_one_workbook_per_opd_named_by_rank_and_slug() {
    let out = tempfile::tempdir().unwrap();
    sakip()
        .args(["score", "fixtures/demo", "--scorecards", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let dir = out.path().join("scorecards");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names.len(), 33);
    assert_eq!(names[0], "01-badan-perencanaan-pembangunan-daerah.xlsx");
    // The tie at rank 11 keeps both names apart; the last is rank 33.
    assert!(
        names.contains(&"11-dinas-kesehatan.xlsx".to_string())
            && names.contains(&"11-dinas-sosial.xlsx".to_string())
    );
    assert_eq!(names[32], "33-kecamatan-sukamaju-utara.xlsx");
    // Inspektorat's card: 87.00, A, rank 5 of 33; components 26.1 against the city; the chart;
    // the weakest criterion first; the path to AA starting with 4.c.1.
    let path = dir.join("05-inspektorat.xlsx");
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Kartu Nilai", "Kriteria", "Langkah Perbaikan"]
    );
    let card = wb.worksheet_range("Kartu Nilai").unwrap();
    assert_eq!(
        card.get_value((1, 0)),
        Some(&Data::String("Inspektorat".into()))
    );
    assert_eq!(card.get_value((4, 1)), Some(&Data::Float(2025.0)));
    assert_eq!(card.get_value((5, 1)), Some(&Data::Float(87.0)));
    assert_eq!(card.get_value((6, 1)), Some(&Data::String("A".into())));
    assert_eq!(card.get_value((7, 1)), Some(&Data::String("5 / 33".into())));
    assert_eq!(card.get_value((11, 1)), Some(&Data::Float(26.1)));
    // The predicate's meaning beside it; each component as a percent of its weight (26.1 of
    // 30 is 87 %), beside the city's.
    assert_eq!(
        card.get_value((6, 2)),
        Some(&Data::String("Memuaskan".into()))
    );
    match card.get_value((11, 3)) {
        Some(Data::Float(p)) => assert!((p - 87.0).abs() < 1e-9, "{p}"),
        other => panic!("{other:?}"),
    }
    // The first steps to AA with their criteria's text.
    let title = (0..card.height() as u32)
        .find(|&r| {
            matches!(card.get_value((r, 0)), Some(Data::String(t))
                if t == "Langkah pertama menuju predikat AA (13 langkah)")
        })
        .expect("the first steps");
    match card.get_value((title + 2, 0)) {
        Some(Data::String(t)) => assert!(t.starts_with("4.c.1 Seluruh rekomendasi"), "{t}"),
        other => panic!("{other:?}"),
    }
    for name in &names {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert!(
            bytes.windows(20).any(|w| w == b"xl/charts/chart1.xml"),
            "{name} has its chart"
        );
    }
    let criteria = wb.worksheet_range("Kriteria").unwrap();
    // Weakest first: the c criteria at BB lose 0.2 x 15 / 8 = 0.375 (1.c) ... 4.c loses
    // 0.2 x 12.5 / 5 = 0.5, the most.
    assert_eq!(
        criteria.get_value((1, 0)),
        Some(&Data::String("4.c.1".into()))
    );
    match criteria.get_value((1, 4)) {
        Some(Data::Float(lost)) => assert!((lost - 0.5).abs() < 1e-9, "{lost}"),
        other => panic!("{other:?}"),
    }
    let steps = wb.worksheet_range("Langkah Perbaikan").unwrap();
    assert_eq!(steps.get_value((4, 1)), Some(&Data::String("4.c.1".into())));
    assert_eq!(steps.get_value((16, 5)), Some(&Data::Float(90.06)));
}

#[test]
fn scorecard_file_names_from_hostile_opd_names_stay_in_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let mut lke = String::from("opd,kode,jawaban\n");
    for name in ["../../etc/passwd", "CON", "Dinas A/B", "dinas a b", "  "] {
        for (_, sub, k) in rubric.criteria() {
            let answer = if sub.code == "a" { "Y" } else { "B" };
            lke.push_str(&format!("\"{name}\",{},{answer}\n", k.code));
        }
    }
    let input = dir.path().join("lke.csv");
    std::fs::write(&input, lke).unwrap();
    let out = dir.path().join("hasil");
    // The blank name is an error; the other four score (all tied at the same score).
    let failed = sakip()
        .arg("score")
        .arg(&input)
        .arg("--scorecards")
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&failed.get_output().stderr).contains("'opd'"));
    let lke = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("\"  \""))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&input, lke).unwrap();
    sakip()
        .arg("score")
        .arg(&input)
        .arg("--scorecards")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(out.join("scorecards"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "01-con-opd.xlsx",
            "01-dinas-a-b-2.xlsx",
            "01-dinas-a-b.xlsx",
            "01-etc-passwd.xlsx"
        ]
    );
    assert!(!dir.path().join("etc").exists());
}
