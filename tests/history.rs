//! The year-over-year history: storing, importing, following OPDs through a registry, and the
//! trend figures against numbers worked out by hand.

use crate::util::{pattern, rubric, sakip, tidy_rows, write_tidy};
use assert_cmd::Command;
use calamine::{open_workbook_auto, Data, Reader};
use sakip::history::{self, lineage::Lineage, trend};
use sakip::Diagnostics;
use serde_json::Value;
use std::path::Path;

/// Alpha and Gamma keep their names; Beta is renamed (its old name an alias); Rename Baru
/// continues Lama Rename (a predecessor with its own id); Modal dan Perizinan is the merger of
/// Dinas Modal and Kantor Perizinan.
const REGISTRY: &str = "id,nama,alias,pendahulu
A,Dinas Alpha,,
B,Dinas Beta Baru,Dinas Beta Lama,
C,Dinas Gamma,,
M1,Dinas Modal,,
M2,Kantor Perizinan,,
M,Dinas Modal dan Perizinan,,\"M1, Kantor Perizinan\"
R0,Dinas Lama Rename,,
R,Dinas Rename Baru,,R0
";

/// 2021 under PermenPAN-RB 12/2015, before the merger and the renamings. Alpha's components
/// are 60% of each maximum (18/30, 15/25, 9/15, 6/10, 12/20).
const Y2021: &str = "opd,nilai,Perencanaan Kinerja,Pengukuran Kinerja,Pelaporan Kinerja,Evaluasi Internal,Capaian Kinerja
Dinas Alpha,60,18,15,9,6,12
Dinas Beta Lama,50,,,,,
Dinas Gamma,70,,,,,
Dinas Modal,40,,,,,
Kantor Perizinan,60,,,,,
Dinas Lama Rename,80,,,,,
";

/// 2022 under PermenPAN-RB 88/2021: Alpha's components 21/30 (70%), 18/30 (60%), 9/15 (60%),
/// 17/25 (68%); Beta still written under its old name.
const Y2022: &str = "opd,nilai,predikat,Perencanaan Kinerja,Pengukuran Kinerja,Pelaporan Kinerja,Evaluasi Akuntabilitas Kinerja Internal
Dinas Alpha,65,B,21,18,9,17
Dinas Beta Lama,55,CC,,,,
Dinas Gamma,68,B,,,,
Dinas Modal dan Perizinan,58,CC,,,,
Dinas Rename Baru,79,BB,,,,
";

const Y2023: &str = "opd,nilai
Dinas Alpha,80
Dinas Beta Baru,52
Dinas Gamma,75
Dinas Modal dan Perizinan,66
Dinas Rename Baru,79
";

fn import(dir: &Path, file: &str, text: &str, year: &str, rubric: &str) {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    sakip()
        .args(["history", "import"])
        .arg(&path)
        .args(["--year", year, "--rubric", rubric, "--history"])
        .arg(dir.join("riwayat"))
        .arg("--opd-registry")
        .arg(dir.join("daftar.csv"))
        .assert()
        .success();
}

/// The three years imported into `dir/riwayat`.
fn three_years(dir: &Path) {
    std::fs::write(dir.join("daftar.csv"), REGISTRY).unwrap();
    import(dir, "2021.csv", Y2021, "2021", "akip-2015");
    import(dir, "2022.csv", Y2022, "2022", "akip-2021-opd");
    import(dir, "2023.csv", Y2023, "2023", "akip-2021-opd");
}

/// Runs `cmd`, which must succeed (its messages shown otherwise), and reads its JSON output.
fn run_json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn series<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

fn column(s: &Value, field: &str) -> Vec<Value> {
    s["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[field].clone())
        .collect()
}

fn close(value: &Value, expected: f64) {
    let v = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number"));
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

#[test]
fn series_run_on_through_renames_and_a_merger_with_figures_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    three_years(dir.path());
    let json = run_json(
        sakip()
            .args(["trend", "--json", "--history"])
            .arg(dir.path().join("riwayat"))
            .arg("--opd-registry")
            .arg(dir.path().join("daftar.csv"))
            .arg("--out")
            .arg(dir.path().join("tren.xlsx")),
    );

    // Five series: the registry's names today, however each year wrote them.
    let names: Vec<&str> = json["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Dinas Alpha",
            "Dinas Beta Baru",
            "Dinas Gamma",
            "Dinas Modal dan Perizinan",
            "Dinas Rename Baru"
        ]
    );
    let years: Vec<i64> = json["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2021, 2022, 2023]);
    let new_regime: Vec<bool> = json["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["new_regime"].as_bool().unwrap())
        .collect();
    assert_eq!(new_regime, [false, true, false]);

    // Alpha: 60, 65, 80: changes +5, +15; slope: x = -1, 0, 1 about 2022, mean 68.33,
    // sxy = 8.33 + 11.67 = 20, sxx = 2: 10 points a year. Ranks 3, 3, 1 (+2 in 2023).
    let alpha = series(&json, "Dinas Alpha");
    assert_eq!(alpha["id"], "A");
    assert_eq!(column(alpha, "score"), [60.0, 65.0, 80.0].map(Value::from));
    assert_eq!(
        column(alpha, "change"),
        [Value::Null, 5.0.into(), 15.0.into()]
    );
    assert_eq!(column(alpha, "rank"), [3, 3, 1].map(Value::from));
    assert_eq!(
        column(alpha, "rank_change"),
        [Value::Null, 0.into(), 2.into()]
    );
    close(&alpha["slope"], 10.0);
    close(&alpha["span_change"], 20.0);
    assert_eq!(alpha["span_rank_change"], 2);
    // 60 is B under 2015's bands, 65 B and 80.00 (an edge, upper inclusive) BB under 2021's.
    assert_eq!(
        column(alpha, "predicate"),
        ["B", "B", "BB"].map(Value::from)
    );
    assert_eq!(alpha["transitions"].as_array().unwrap().len(), 1);
    assert_eq!(alpha["transitions"][0]["to"], "BB");
    assert_eq!(alpha["transitions"][0]["across_regime"], false);

    // Beta, renamed: 50, 55, 52; slope (-(-2.33) + (-0.33)) / 2 = 1. 50.00 is CC in 2015's
    // bands (> 30 - 50); it ties the merged series at rank 4 in 2021.
    let beta = series(&json, "Dinas Beta Baru");
    assert_eq!(column(beta, "score"), [50.0, 55.0, 52.0].map(Value::from));
    assert_eq!(
        column(beta, "change"),
        [Value::Null, 5.0.into(), (-3.0).into()]
    );
    assert_eq!(column(beta, "rank"), [4, 5, 5].map(Value::from));
    close(&beta["slope"], 1.0);
    assert_eq!(
        column(beta, "predicate"),
        ["CC", "CC", "CC"].map(Value::from)
    );
    assert!(beta["transitions"].as_array().unwrap().is_empty());

    // Gamma: 70 BB, 68 B, 75 BB: two transitions, the first across the regime change.
    let gamma = series(&json, "Dinas Gamma");
    close(&gamma["slope"], 2.5);
    let t: Vec<(i64, &str, &str, bool)> = gamma["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["year"].as_i64().unwrap(),
                t["from"].as_str().unwrap(),
                t["to"].as_str().unwrap(),
                t["across_regime"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(t, [(2022, "BB", "B", true), (2023, "B", "BB", false)]);

    // The merger: 2021 is the mean of its predecessors (40 + 60) / 2 = 50, named; then 58, 66.
    let merged = series(&json, "Dinas Modal dan Perizinan");
    assert_eq!(column(merged, "score"), [50.0, 58.0, 66.0].map(Value::from));
    assert_eq!(
        merged["points"][0]["from"],
        serde_json::json!(["Dinas Modal", "Kantor Perizinan"])
    );
    assert_eq!(merged["points"][1]["from"], serde_json::json!([]));
    assert_eq!(column(merged, "rank"), [4, 4, 4].map(Value::from));
    close(&merged["slope"], 8.0);

    // The renamed-by-predecessor series: 80, 79, 79; slope (-(0.67) + (-0.33)) / 2 = -0.5.
    let renamed = series(&json, "Dinas Rename Baru");
    assert_eq!(
        renamed["points"][0]["from"],
        serde_json::json!(["Dinas Lama Rename"])
    );
    close(&renamed["slope"], -0.5);
    assert_eq!(
        column(renamed, "rank_change"),
        [Value::Null, 0.into(), (-1).into()]
    );

    // Spearman 2021 -> 2022: average ranks R 1, G 2, A 3, B 4.5, M 4.5 against 1, 2, 3, 5, 4:
    // cov 9.5, variances 9.5 and 10: 9.5 / sqrt(95) = 0.9747. 2022 -> 2023: d = -1, -1, 2, 0, 0,
    // 1 - 6 x 6 / (5 x 24) = 0.7.
    let rho: Vec<f64> = json["spearman"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rho"].as_f64().unwrap())
        .collect();
    assert_eq!(rho, [0.9747, 0.7]);
    assert_eq!(json["spearman"][0]["opds"], 5);

    // The city, over each year's own OPDs: 2021 is six (before the merger): mean 60, median
    // (60 + 60) / 2, sample deviation sqrt(1000 / 5) = 14.14; 2022 mean 65, sd sqrt(354 / 4).
    let city = &json["city"];
    assert_eq!(city[0]["opds"], 6);
    close(&city[0]["mean"], 60.0);
    close(&city[0]["median"], 60.0);
    close(&city[0]["std_dev"], 14.14);
    close(&city[0]["min"], 40.0);
    close(&city[1]["mean"], 65.0);
    close(&city[1]["std_dev"], 9.41);
    // 2021's predicates: B (60, 60), CC (50, 40), BB (70), A (80) of six.
    let shares: Vec<(String, i64)> = city[0]["predicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_i64().unwrap()))
        .filter(|p| p.1 > 0)
        .collect();
    assert_eq!(
        shares,
        [
            ("A".to_string(), 1),
            ("BB".to_string(), 1),
            ("B".to_string(), 2),
            ("CC".to_string(), 2)
        ]
    );

    // Movers 2022 -> 2023: Alpha +15, the merger +8, Gamma +7; Beta -3. Over the span: Alpha
    // +20, the merger +16, Gamma +5, Beta +2; the renamed one -1.
    let names_of = |v: &Value| -> Vec<(String, f64)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["name"].as_str().unwrap().to_string(),
                    m["change"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        names_of(&json["movers_last_year"]["improved"]),
        [
            ("Dinas Alpha".to_string(), 15.0),
            ("Dinas Modal dan Perizinan".to_string(), 8.0),
            ("Dinas Gamma".to_string(), 7.0)
        ]
    );
    assert_eq!(
        names_of(&json["movers_last_year"]["declined"]),
        [("Dinas Beta Baru".to_string(), -3.0)]
    );
    assert_eq!(
        names_of(&json["movers_span"]["declined"]),
        [("Dinas Rename Baru".to_string(), -1.0)]
    );
    assert_eq!(json["movers_span"]["improved"].as_array().unwrap().len(), 4);

    // The regime change 2021 -> 2022: the final score and the four shared components (not
    // Capaian Kinerja), as percents; the city over the five series in both years: 62 -> 65.
    let change = &json["regime_changes"][0];
    assert_eq!(
        (
            change["before_year"].as_i64(),
            change["after_year"].as_i64()
        ),
        (Some(2021), Some(2022))
    );
    let keys: Vec<&str> = change["city"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "nilai",
            "perencanaan",
            "pengukuran",
            "pelaporan",
            "evaluasi"
        ]
    );
    close(&change["city"][0]["before"], 62.0);
    close(&change["city"][0]["after"], 65.0);
    let alpha_change = change["opds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Dinas Alpha")
        .unwrap();
    let figures: Vec<(f64, f64)> = alpha_change["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["before"].as_f64().unwrap(), f["after"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        figures,
        [
            (60.0, 65.0),
            (60.0, 70.0),
            (60.0, 60.0),
            (60.0, 60.0),
            (60.0, 68.0)
        ]
    );

    // The workbook: the boundary marked in the city table and the series headers; charts.
    let path = dir.path().join("tren.xlsx");
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Kota",
            "Tren OPD",
            "Rincian",
            "Perubahan Terbesar",
            "Pergantian Regulasi LKE",
            "Grafik",
            "Metadata"
        ]
    );
    let city_sheet = wb.worksheet_range("Kota").unwrap();
    assert_eq!(
        city_sheet.get_value((6, 0)),
        Some(&Data::String("2022 ◆".into()))
    );
    assert_eq!(city_sheet.get_value((6, 10)), Some(&Data::Float(0.9747)));
    let series_sheet = wb.worksheet_range("Tren OPD").unwrap();
    assert_eq!(
        series_sheet.get_value((3, 5)),
        Some(&Data::String("Nilai 2022 ◆".into()))
    );
    // The span 2021 -> 2023 crosses the change; last year does not.
    let movers_sheet = wb.worksheet_range("Perubahan Terbesar").unwrap();
    assert_eq!(
        movers_sheet.get_value((3, 0)),
        Some(&Data::String("Naik terbanyak: tahun terakhir".into()))
    );
    let titles: Vec<String> = (0..40)
        .filter_map(|r| match movers_sheet.get_value((r, 0)) {
            Some(Data::String(t)) if t.contains("seluruh rentang") => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Naik terbanyak: seluruh rentang ◆",
            "Turun terbanyak: seluruh rentang ◆"
        ]
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.windows(20).any(|w| w == b"xl/charts/chart2.xml"));
}

#[test]
fn from_and_to_narrow_the_years_and_several_rubrics_in_a_year_need_choosing() {
    let dir = tempfile::tempdir().unwrap();
    three_years(dir.path());
    let history = dir.path().join("riwayat");
    let out = sakip()
        .args(["trend", "--json", "--from", "2022", "--history"])
        .arg(&history)
        .arg("--opd-registry")
        .arg(dir.path().join("daftar.csv"))
        .arg("--out")
        .arg(dir.path().join("t.xlsx"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["years"].as_array().unwrap().len(), 2);
    assert!(json["regime_changes"].as_array().unwrap().is_empty());
    close(&series(&json, "Dinas Alpha")["span_change"], 15.0);

    // 2023 stored again under another rubric: the year is ambiguous until --rubric chooses.
    import(dir.path(), "2023b.csv", Y2023, "2023", "akip-2021");
    let out = sakip()
        .args(["trend", "--history"])
        .arg(&history)
        .arg("--out")
        .arg(dir.path().join("t2.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tahun 2023") && stderr.contains("akip-2021-opd"),
        "{stderr}"
    );
    assert!(!dir.path().join("t2.xlsx").exists());
    sakip()
        .args(["trend", "--rubric", "akip-2021", "--history"])
        .arg(&history)
        .arg("--opd-registry")
        .arg(dir.path().join("daftar.csv"))
        .arg("--out")
        .arg(dir.path().join("t2.xlsx"))
        .assert()
        .success();

    // Without the registry the renamed and merged OPDs are series of their own.
    std::fs::remove_file(history.join("2023-akip-2021.parquet")).unwrap();
    let json = crate::util::trend_json(&history, &dir.path().join("t3.xlsx"));
    assert!(json["series"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "Dinas Modal"));
}

#[test]
fn import_reports_every_problem_with_its_cell_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("daftar.csv"), REGISTRY).unwrap();
    let bad = "opd,nilai,predikat,Perencanaan Kinerja
Dinas Alpa,60,B,18
Dinas Gamma,107,A,20
Dinas Beta Baru,lima puluh,CC,
Dinas Rename Baru,79,X,
Dinas Alpha,61,B,40
Dinas Alpha,62,B,
";
    let path = dir.path().join("ringkasan.csv");
    std::fs::write(&path, bad).unwrap();
    let out = sakip()
        .args(["history", "import"])
        .arg(&path)
        .args(["--year", "2022", "--rubric", "akip-2021-opd", "--history"])
        .arg(dir.path().join("riwayat"))
        .arg("--opd-registry")
        .arg(dir.path().join("daftar.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "ringkasan.csv!ringkasan!A2", // unknown name ...
        "Dinas Alpha",                // ... with the nearest suggestion
        "ringkasan.csv!ringkasan!B3", // 107 > 100
        "ringkasan.csv!ringkasan!B4", // not a number
        "ringkasan.csv!ringkasan!C5", // predicate X
        "ringkasan.csv!ringkasan!D6", // component 40 > 30
        "ringkasan.csv!ringkasan!A7", // Alpha twice
    ] {
        assert!(
            stderr.contains(expected),
            "{expected} missing from:\n{stderr}"
        );
    }
    assert!(!dir.path().join("riwayat").exists(), "nothing stored");

    // A published predicate that the bands disagree with is kept, with a warning.
    std::fs::write(&path, "opd,nilai,predikat\nDinas Alpha,80,A\n").unwrap();
    let out = sakip()
        .args(["history", "import"])
        .arg(&path)
        .args(["--year", "2022", "--rubric", "akip-2021-opd", "--history"])
        .arg(dir.path().join("riwayat"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("BB"));
    let year = history::read_year(&dir.path().join("riwayat/2022-akip-2021-opd.parquet")).unwrap();
    assert_eq!(year.rows[0].predicate, "A");
    assert_eq!(year.rows[0].opd_id, None);
}

/// A tidy LKE file of two OPDs; Alpha answers `b` on every b and c criterion.
fn lke(path: &Path, b: &str) {
    let r = rubric("akip-2021-opd");
    let mut records = pattern(&r, "Dinas Alpha", "Y", b, b);
    records.extend(pattern(&r, "Dinas Gamma", "Y", "BB", "BB"));
    write_tidy(path, &["OPD", "Kode", "Jawaban"], &tidy_rows(&records));
}

#[test]
fn scoring_a_year_again_replaces_it_whole_and_scorecards_show_past_years() {
    let dir = tempfile::tempdir().unwrap();
    three_years(dir.path());
    let history = dir.path().join("riwayat");
    let score = |b: &str| {
        let input = dir.path().join(format!("lke-{b}.xlsx"));
        lke(&input, b);
        let out = sakip()
            .args([
                "score",
                "--quiet",
                "--scorecards",
                "--year",
                "2023",
                "--history",
            ])
            .arg(&history)
            .arg("--opd-registry")
            .arg(dir.path().join("daftar.csv"))
            .arg("--out")
            .arg(dir.path().join("out"))
            .arg(&input)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // AA on b and c: 6 + 9 + 15 ... = 100 for Alpha; then A (0.9): 20% + 80% x 0.9 = 92.
    score("AA");
    score("A");
    let mut files: Vec<String> = std::fs::read_dir(&history)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "2021-akip-2015.parquet",
            "2022-akip-2021-opd.parquet",
            "2023-akip-2021-opd.jawaban.parquet",
            "2023-akip-2021-opd.parquet"
        ],
        "a scored year keeps its answers beside its results"
    );
    let year = history::read_year(&history.join("2023-akip-2021-opd.parquet")).unwrap();
    assert_eq!(year.meta.source, history::Source::Score);
    assert_eq!(year.rows.len(), 2, "the imported 2023 is replaced whole");
    let alpha = year.rows.iter().find(|r| r.opd == "Dinas Alpha").unwrap();
    assert_eq!(
        (alpha.score, alpha.predicate.as_str(), alpha.rank),
        (92.0, "AA", 1)
    ); // > 90: AA
    assert_eq!(alpha.opd_id.as_deref(), Some("A"));
    // Component and sub-component scores are kept: 1.a is 6 (every Y), 1.b 9 x 0.9.
    let part = |code: &str| year.meta.parts.iter().position(|p| p.code == code).unwrap();
    assert_eq!(alpha.parts[part("1.a")], Some(6.0));
    assert!((alpha.parts[part("1.b")].unwrap() - 8.1).abs() < 1e-9);
    assert!((alpha.parts[part("1")].unwrap() - 27.6).abs() < 1e-9);

    // Alpha's scorecard: its 2021, 2022 ◆ and 2023 with the changes.
    let card = dir.path().join("out/scorecards/01-dinas-alpha.xlsx");
    let mut wb = open_workbook_auto(&card).unwrap();
    let sheet = wb.worksheet_range("Kartu Nilai").unwrap();
    // The years under the components, chart and steps: the year scored marked as this year,
    // the ◆ explained under them.
    let top = (0..sheet.height() as u32)
        .find(|&r| sheet.get_value((r, 0)) == Some(&Data::String("Riwayat Nilai per Tahun".into())))
        .unwrap();
    let text = |r: u32, c: u32| sheet.get_value((r, c)).cloned();
    assert_eq!(text(top + 2, 0), Some(Data::String("2021".into())));
    assert_eq!(text(top + 3, 0), Some(Data::String("2022 ◆".into())));
    assert_eq!(
        text(top + 4, 0),
        Some(Data::String("2023 (tahun ini)".into()))
    );
    assert_eq!(text(top + 4, 1), Some(Data::Float(92.0)));
    assert_eq!(text(top + 4, 4), Some(Data::Float(27.0)));
    match text(top + 5, 0) {
        Some(Data::String(note)) => assert!(note.starts_with("◆ = tahun pertama"), "{note}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_registry_predecessor_that_names_nothing_is_an_error_with_suggestions() {
    let mut diag = Diagnostics::default();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daftar.csv");
    std::fs::write(
        &path,
        "id,nama,pendahulu\nA,Dinas Alpha,\nB,Dinas Beta,Dinas Alfa\n",
    )
    .unwrap();
    let entries = sakip::ingest::tables::read_registry(
        &path,
        &Default::default(),
        &mut Vec::new(),
        &mut diag,
    );
    Lineage::from_registry(&entries, &mut diag);
    let text = diag.render(sakip::Lang::Id);
    assert!(
        text.contains("daftar.csv!daftar!C3") && text.contains("Dinas Alpha"),
        "{text}"
    );

    // The trend's own functions on an empty history.
    let mut diag = Diagnostics::default();
    let years = trend::select_years(Vec::new(), &Default::default(), &mut diag);
    assert!(years.is_empty() && diag.has_errors());
}

#[test]
fn the_indices_are_stored_beside_the_akip_scores_when_there_is_program_data() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("riwayat");
    let programs: Vec<std::path::PathBuf> = std::fs::read_dir("fixtures/demo-program")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    let json = run_json(
        sakip()
            .args([
                "score",
                "fixtures/demo",
                "--quiet",
                "--json",
                "--year",
                "2025",
            ])
            .arg("--programs")
            .args(&programs)
            .args([
                "--priorities",
                "fixtures/demo-program/prioritas-walikota.csv",
            ])
            .arg("--history")
            .arg(&history)
            .arg("--out")
            .arg(dir.path().join("out")),
    );
    let year = history::read_year(&history.join("2025-akip-2021-opd.parquet")).unwrap();
    assert_eq!(year.rows.len(), 33);
    let column = |code: &str| year.meta.parts.iter().position(|p| p.code == code).unwrap();
    let (k, c) = (column("keselarasan"), column("kolaborasi"));
    for o in json["opds"].as_array().unwrap() {
        let row = year.rows.iter().find(|r| r.opd == o["opd"]).unwrap();
        assert_eq!(row.score, o["score"].as_f64().unwrap());
        assert_eq!(row.rank, o["rank"].as_u64().unwrap() as u32);
        assert_eq!(row.predicate, o["predicate"].as_str().unwrap());
        for (j, key) in [(k, "alignment"), (c, "collaboration")] {
            match (row.parts[j], o[key]["index"].as_f64()) {
                (Some(stored), Some(shown)) => {
                    assert!((stored - shown).abs() < 0.005, "{stored} {shown}")
                }
                (stored, shown) => assert_eq!(stored, shown, "{} {key}", row.opd),
            }
        }
    }
}

#[test]
fn a_past_opd_the_registry_no_longer_knows_stops_the_run_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    three_years(dir.path());
    let history = dir.path().join("riwayat");
    // The registry without Dinas Gamma, which the stored years hold.
    let registry: String = REGISTRY
        .lines()
        .filter(|l| !l.contains("Gamma"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("daftar2.csv"), registry).unwrap();
    let r = rubric("akip-2021-opd");
    let input = dir.path().join("lke.xlsx");
    write_tidy(
        &input,
        &["OPD", "Kode", "Jawaban"],
        &tidy_rows(&pattern(&r, "Dinas Alpha", "Y", "A", "A")),
    );
    let before = std::fs::read(history.join("2023-akip-2021-opd.parquet")).unwrap();
    let out = sakip()
        .args(["score", "--quiet", "--year", "2023", "--history"])
        .arg(&history)
        .arg("--opd-registry")
        .arg(dir.path().join("daftar2.csv"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("'Dinas Gamma'"), "{stderr}");
    assert!(stderr.contains("2021-akip-2015.parquet"), "{stderr}");
    assert!(!dir.path().join("out").exists());
    assert_eq!(
        std::fs::read(history.join("2023-akip-2021-opd.parquet")).unwrap(),
        before
    );
}

/// A year of `akip-2021-opd` results with the indices `indices` (names) and, per OPD, its score
/// and its index values in that order.
fn year_with_indices(
    year: i32,
    indices: &[&str],
    rows: &[(&str, f64, &[Option<f64>])],
) -> history::YearResult {
    let r = rubric("akip-2021-opd");
    let mut meta = history::YearMeta::of(&r, year, history::Source::Score);
    let before = meta.parts.len();
    for name in indices {
        meta.parts.push(history::PartMeta {
            column: format!("indeks_{name}"),
            level: history::Level::Indeks,
            code: name.to_string(),
            key: name.to_string(),
            name: sakip::lang::Text::new(format!("Indeks {name}"), None),
            max: 100.0,
        });
    }
    let scores: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let ranks = history::competition_ranks(&scores);
    let rows = rows
        .iter()
        .zip(ranks)
        .map(|((opd, score, values), rank)| history::OpdYear {
            opd: opd.to_string(),
            opd_id: None,
            score: *score,
            predicate: "B".into(),
            rank,
            parts: std::iter::repeat_n(None, before)
                .chain(values.iter().copied())
                .collect(),
        })
        .collect();
    history::YearResult {
        meta,
        rows,
        file: Default::default(),
    }
}

#[test]
fn the_indices_have_their_own_trend_tables_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("riwayat");
    std::fs::create_dir(&store).unwrap();
    std::fs::write(dir.path().join("daftar.csv"), REGISTRY).unwrap();
    // 2024: Kantor Perizinan has no collaboration index; no composite that year.
    let y2024 = year_with_indices(
        2024,
        &["keselarasan", "kolaborasi"],
        &[
            ("Dinas Alpha", 70.0, &[Some(80.0), Some(40.0)]),
            ("Dinas Modal", 60.0, &[Some(50.0), Some(20.0)]),
            ("Kantor Perizinan", 62.0, &[Some(70.0), None]),
        ],
    );
    let y2025 = year_with_indices(
        2025,
        &["keselarasan", "kolaborasi", "gabungan"],
        &[
            ("Dinas Alpha", 75.0, &[Some(90.0), Some(50.0), Some(70.0)]),
            (
                "Dinas Modal dan Perizinan",
                66.0,
                &[Some(65.0), Some(30.0), Some(47.5)],
            ),
        ],
    );
    history::store(&store, &y2024).unwrap();
    history::store(&store, &y2025).unwrap();
    let out = dir.path().join("trend.xlsx");
    let json = run_json(
        sakip()
            .args(["trend", "--json", "--history"])
            .arg(&store)
            .arg("--opd-registry")
            .arg(dir.path().join("daftar.csv"))
            .arg("--out")
            .arg(&out),
    );
    let keys: Vec<&str> = json["indices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["keselarasan", "kolaborasi", "gabungan"]);
    // The city: 2024 alignment over 80, 50, 70 (mean 200 / 3), collaboration over 40 and 20;
    // 2025 over the two OPDs of that year.
    let city = |year: usize, key: &str| {
        json["city"][year]["indices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .cloned()
    };
    let k24 = city(0, "keselarasan").unwrap();
    assert_eq!(k24["opds"], 3);
    close(&k24["mean"], 66.67);
    close(&k24["median"], 70.0);
    close(&k24["min"], 50.0);
    close(&k24["max"], 80.0);
    let c24 = city(0, "kolaborasi").unwrap();
    assert_eq!(c24["opds"], 2);
    close(&c24["mean"], 30.0);
    assert!(city(0, "gabungan").is_none());
    let g25 = city(1, "gabungan").unwrap();
    close(&g25["mean"], 58.75);
    close(&g25["min"], 47.5);
    // The merged OPD's 2024 point is its predecessors' mean: alignment (50 + 70) / 2; the
    // collaboration index only Dinas Modal had, 20.
    let merged = series(&json, "Dinas Modal dan Perizinan");
    let indices = column(merged, "indices");
    close(&indices[0]["keselarasan"], 60.0);
    close(&indices[0]["kolaborasi"], 20.0);
    assert!(indices[0].get("gabungan").is_none());
    close(&indices[1]["gabungan"], 47.5);

    // The workbook's Indeks sheet: the city table (header at row 6), then each OPD's.
    let mut wb = open_workbook_auto(&out).unwrap();
    let sheet = wb.worksheet_range("Indeks").unwrap();
    let at = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(4, 1), Data::String("Indeks keselarasan".into()));
    assert_eq!(at(5, 2), Data::String("Rata-rata kota".into()));
    assert_eq!(at(6, 0), Data::String("2024".into()));
    assert_eq!(at(6, 1), Data::Float(3.0));
    assert_eq!(at(6, 2), Data::Float(66.67));
    assert_eq!(at(6, 7), Data::Float(30.0));
    assert_eq!(at(6, 12), Data::Empty);
    assert_eq!(at(7, 12), Data::Float(58.75));
    // Each OPD: alignment 2024 and 2025, collaboration, composite.
    assert_eq!(at(11, 1), Data::String("2024".into()));
    assert_eq!(at(12, 0), Data::String("Dinas Alpha".into()));
    assert_eq!(at(12, 1), Data::Float(80.0));
    assert_eq!(at(12, 2), Data::Float(90.0));
    assert_eq!(at(13, 0), Data::String("Dinas Modal dan Perizinan".into()));
    assert_eq!(at(13, 1), Data::Float(60.0));
    assert_eq!(at(13, 3), Data::Float(20.0));
    assert_eq!(at(13, 5), Data::Empty);
    assert_eq!(at(13, 6), Data::Float(47.5));
    // The chart of the city's means, beside the others.
    let charts = crate::util::zip_entries_containing(&out, "Rata-rata indeks kota");
    assert_eq!(charts.len(), 1, "{charts:?}");
}

#[test]
fn a_history_without_indices_has_no_indices_sheet() {
    let dir = tempfile::tempdir().unwrap();
    three_years(dir.path());
    let out = dir.path().join("trend.xlsx");
    sakip()
        .args(["trend", "--history"])
        .arg(dir.path().join("riwayat"))
        .arg("--opd-registry")
        .arg(dir.path().join("daftar.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let wb = open_workbook_auto(&out).unwrap();
    assert!(!wb.sheet_names().iter().any(|s| s == "Indeks"));
}
