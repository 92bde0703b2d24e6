//! `sakip rubric import`: rubrics read from the evaluator's own workbook, checked, and scoring
//! the workbook back to its own numbers.

use crate::util::{audit_json, json_ranking, sakip, score_json};
use rust_xlsxwriter::{Formula, Workbook};
use std::path::Path;

/// Imports `workbook` into `out` as `impor`: what the command printed.
fn import(workbook: &Path, out: &Path) -> String {
    crate::util::import_rubric(workbook, out, "impor")
}

/// The scores of `inputs` under `rubric`, by OPD.
fn scores(inputs: &str, rubric: &str, out: &Path) -> Vec<(String, f64)> {
    let json = score_json(&[inputs, "--rubric", rubric], out);
    json_ranking(&json)
        .into_iter()
        .map(|(opd, score, _)| (opd, score))
        .collect()
}

/// A row of the formula workbook: no, text, weight, answer, the value cell's formula and its
/// cached result.
type FormulaRow = (
    &'static str,
    &'static str,
    Option<f64>,
    &'static str,
    &'static str,
    f64,
);

/// A small LKE numbered `1 / a / 1` with its own formulas (cached results as a spreadsheet
/// saves them): component 1 = SUM of its sub-components, each an AVERAGE of its criteria x
/// its weight.
fn formula_workbook(path: &Path) {
    formula_workbook_with(path, &[]);
}

/// The same, with the rows of `changes` (by number in the table, from 0) replaced.
pub fn formula_workbook_with(path: &Path, changes: &[(usize, FormulaRow)]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("LKE").unwrap();
    ws.write_string(0, 0, "LEMBAR KERJA EVALUASI").unwrap();
    ws.write_string(2, 0, "Perangkat Daerah").unwrap();
    ws.write_string(2, 1, ":").unwrap();
    ws.write_string(2, 2, "Dinas Contoh").unwrap();
    for (c, h) in [
        "No",
        "Komponen/Sub Komponen/Kriteria",
        "Bobot",
        "Jawaban",
        "Nilai",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    let rows: &[FormulaRow] = &[
        ("1", "Perencanaan", Some(60.0), "", "=SUM(E7,E10)", 40.0),
        (
            "a",
            "Keberadaan",
            Some(20.0),
            "",
            "=AVERAGE(E8:E9)*C7",
            10.0,
        ),
        ("1", "Ada Renstra", None, "Y", "=IF(D8=\"Y\",1,0)", 1.0),
        ("2", "Ada Renja", None, "T", "=IF(D9=\"Y\",1,0)", 0.0),
        (
            "b",
            "Kualitas",
            Some(40.0),
            "",
            "=AVERAGE(E11:E12)*C10",
            30.0,
        ),
        (
            "1",
            "Renstra berorientasi hasil",
            None,
            "A",
            "=IF(D11=\"A\",1,IF(D11=\"B\",0.5,0))",
            1.0,
        ),
        (
            "2",
            "Indikator SMART",
            None,
            "B",
            "=IF(D12=\"A\",1,IF(D12=\"B\",0.5,0))",
            0.5,
        ),
        ("2", "Pelaporan", Some(40.0), "", "=SUM(E14)", 40.0),
        (
            "a",
            "Laporan Kinerja",
            Some(40.0),
            "",
            "=AVERAGE(E15:E16)*C14",
            40.0,
        ),
        ("1", "Laporan disusun", None, "Y", "=IF(D15=\"Y\",1,0)", 1.0),
        (
            "2",
            "Laporan tepat waktu",
            None,
            "Y",
            "=IF(D16=\"Y\",1,0)",
            1.0,
        ),
    ];
    for (i, row) in rows.iter().enumerate() {
        let changed = changes.iter().find(|(k, _)| *k == i).map(|(_, c)| c);
        let (no, text, weight, answer, formula, value) = changed.unwrap_or(row);
        let r = 5 + i as u32;
        ws.write_string(r, 0, *no).unwrap();
        ws.write_string(r, 1, *text).unwrap();
        if let Some(w) = weight {
            ws.write_number(r, 2, *w).unwrap();
        }
        if !answer.is_empty() {
            ws.write_string(r, 3, *answer).unwrap();
        }
        // A formula, or a number typed over one.
        match formula.strip_prefix('=') {
            Some(_) => {
                let f = Formula::new(*formula).set_result(value.to_string());
                ws.write_formula(r, 4, f).unwrap();
            }
            None => {
                ws.write_number(r, 4, *value).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// Numbered `1 / a / 1`, aggregations from the formulas (SUM: sum; AVERAGE x weight: mean),
/// scales from the answers and the values beside them (B = 0.5: A/B/C). Scored back: 1.a is
/// mean(1, 0) x 20 = 10, 1.b mean(1, 0.5) x 40 = 30, 2.a 40: 80, what the workbook's own
/// component cells add up to.
#[test]
fn an_lke_with_formulas_is_imported_from_them() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("LKE-Contoh.xlsx");
    formula_workbook(&workbook);
    let rubric = dir.path().join("impor.toml");
    let summary = import(&workbook, &rubric);
    assert!(
        summary.contains("levels; nodes per level (1: 2, 2: 3, 3: 6)"),
        "{summary}"
    );
    let text = std::fs::read_to_string(&rubric).unwrap();
    assert!(
        text.contains("# from the formula at LKE!E6: =SUM(E7,E10)"),
        "{text}"
    );
    assert!(
        text.contains("# from the formula at LKE!E7: =AVERAGE(E8:E9)*C7"),
        "{text}"
    );
    assert!(text.contains("code = \"1.a\"") && text.contains("aggregate = \"mean\""));
    assert!(
        text.contains("code = \"1.b.2\"\nparent = \"1.b\""),
        "{text}"
    );
    crate::util::check_rubric(&rubric);
    let got = scores(
        workbook.to_str().unwrap(),
        rubric.to_str().unwrap(),
        &dir.path().join("o"),
    );
    assert_eq!(got, [("Dinas Contoh".to_string(), 80.0)]);
}

/// The demo KKE: codes in their own column, evidence documents as rows, four tiers, its value
/// cells formulas (`IF` per answer, A/B/C/D at 1/0.66/0.33/0; `AVERAGE` x weight; `SUM`).
/// Imported and scored, every OPD gets the score the hand-written rubric gives.
#[test]
fn the_demo_kke_imports_to_its_own_scores() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("kke.toml");
    let summary = import(
        Path::new("fixtures/demo-kke/KKE-AKIP-OPD-2025.xlsx"),
        &rubric,
    );
    assert!(
        summary.contains("tiers: mandiri, verval, penjaminan_kualitas, final"),
        "{summary}"
    );
    assert!(
        summary.contains("scale abcd: the values the sheet gives its answers, not the library's"),
        "{summary}"
    );
    // Its parts' aggregations and criteria's scales come from its formulas: nothing guessed
    // but its bands.
    assert!(!summary.contains("guessed: no formula"), "{summary}");
    let text = std::fs::read_to_string(&rubric).unwrap();
    assert!(text.contains("# from the formula at Dinas Kesehatan!E10: =AVERAGE(E11,E12,E13)*C10"));
    assert!(
        text.contains("# scale from the formula at Dinas Kesehatan!E18"),
        "{text}"
    );
    assert!(text.contains("{ code = \"B\", value = 0.66,"), "{text}");
    assert!(
        text.contains("code = \"AREN003\"\nparent = \"A.1\"")
            && text.contains("aggregate = \"share\"")
    );
    let ours = scores(
        "fixtures/demo-kke",
        rubric.to_str().unwrap(),
        &dir.path().join("a"),
    );
    let theirs = scores(
        "fixtures/demo-kke",
        "fixtures/kke-opd-2025.toml",
        &dir.path().join("b"),
    );
    assert_eq!(ours.len(), 4);
    assert_eq!(ours, theirs);
}

/// The demo ZI workbook (no formulas, values typed): indicators guessed as means, the parts
/// whose weights add up as sums, percentages and indices from Pilihan Jawaban, count rows kept.
/// Its scores are the built-in lke-zi-2021's (its gates are not in a sheet: the 88/2021 bands
/// are written instead, and the summary says so).
#[test]
fn the_demo_zi_imports_to_its_scores() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("zi.toml");
    let summary = import(Path::new("fixtures/demo-zi/LKE-ZI-2025.xlsx"), &rubric);
    assert!(summary.contains("6 levels"), "{summary}");
    // The official workbook's fault at A.II.5.iii is taken at its word but flagged.
    assert!(
        summary.contains("A.II.5.iii: from the formula at KPP Pratama Sukamaju!F179: =AVERAGE(F180,F181); check it: it leaves out A.II.5.iii.lhkasn; check it: it also takes A.II.5.iii.lhkpn.1"),
        "{summary}"
    );
    assert!(
        summary.contains("bands: PermenPAN-RB 88/2021's"),
        "{summary}"
    );
    let text = std::fs::read_to_string(&rubric).unwrap();
    assert!(
        text.contains("counts = [\"- Jumlah Agen Perubahan\", \"- Jumlah Perubahan yang dibuat\"]"),
        "{text}"
    );
    assert!(text.contains("scale = \"indeks_0_4\"\naggregate = \"direct\""));
    let ours = scores(
        "fixtures/demo-zi",
        rubric.to_str().unwrap(),
        &dir.path().join("a"),
    );
    let theirs = scores("fixtures/demo-zi", "lke-zi-2021", &dir.path().join("b"));
    assert_eq!(ours, theirs);
}

/// A workbook without an LKE table is refused with words that say so, and nothing is written.
#[test]
fn a_file_that_is_no_lke_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.toml");
    let run = sakip()
        .args([
            "rubric",
            "import",
            "--lang",
            "en",
            "fixtures/demo-program/prioritas-walikota.csv",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(2);
    let text = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(text.contains("holds no LKE criteria table"), "{text}");
    assert!(!out.exists());
    // A workbook audited against a rubric that is not its own says which rows it could not
    // compare, rather than finding nothing in silence.
    let run = sakip()
        .args(["audit", "--lang", "en", "fixtures/demo-zi"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        text.contains(
            "LKE-ZI-2025.xlsx!KPP Pratama Sukamaju: 175 rows of this sheet were not audited"
        ),
        "{text}"
    );
    // Nor is a file without a table audited in silence.
    let run = sakip()
        .args([
            "audit",
            "--lang",
            "en",
            "fixtures/demo-program/prioritas-walikota.csv",
        ])
        .assert()
        .code(2);
    let text = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(text.contains("holds no LKE criteria table"), "{text}");
}

/// The audit of the formula workbook: its own formulas agree with sakip (no finding); with
/// four planted faults, each is found at its cell, with why: 1.b weighing 45 where the rubric
/// says 40; component 1 summing only 1.a (`=SUM(E7)`, 10 where its parts give 40: leaves out
/// 1.b); 1.b's cell typed as 25 over its formula (mean(1, 0.5) x 40 = 30); 2.a averaging its
/// own row with its criteria (`=AVERAGE(E14:E16)*C14`, (40 + 1 + 1) / 3 x 40 = 560 where 40
/// is due: takes 2.a itself).
#[test]
fn the_audit_finds_each_planted_formula_fault_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("LKE-Contoh.xlsx");
    formula_workbook(&clean);
    let rubric = dir.path().join("impor.toml");
    import(&clean, &rubric);
    let audit = |workbook: &Path| serde_json::json!(audit_json(&rubric, workbook));
    assert_eq!(audit(&clean), serde_json::json!([]));
    let faulty = dir.path().join("LKE-Salah.xlsx");
    formula_workbook_with(
        &faulty,
        &[
            (0, ("1", "Perencanaan", Some(60.0), "", "=SUM(E7)", 10.0)),
            (4, ("b", "Kualitas", Some(45.0), "", "25", 25.0)),
            (
                8,
                (
                    "a",
                    "Laporan Kinerja",
                    Some(40.0),
                    "",
                    "=AVERAGE(E14:E16)*C14",
                    560.0,
                ),
            ),
        ],
    );
    let found = audit(&faulty);
    let got: Vec<(String, String, f64, f64, serde_json::Value)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(crate::util::finding)
        .collect();
    let why = |kind: &str, codes: &[&str]| match kind {
        "constant" | "weight" => serde_json::json!([{ "kind": kind }]),
        _ => serde_json::json!([{ "kind": kind, "codes": codes }]),
    };
    assert_eq!(
        got,
        [
            (
                "C10".to_string(),
                "1.b".to_string(),
                45.0,
                40.0,
                why("weight", &[])
            ),
            (
                "E6".to_string(),
                "1".to_string(),
                10.0,
                40.0,
                why("omits", &["1.b"])
            ),
            (
                "E10".to_string(),
                "1.b".to_string(),
                25.0,
                30.0,
                why("constant", &[])
            ),
            (
                "E14".to_string(),
                "2.a".to_string(),
                560.0,
                40.0,
                why("adds", &["2.a"])
            ),
        ]
    );
    // score audits too: the feedback workbook gains an Audit sheet with the three (and scores
    // with sakip's values); --no-audit leaves it out.
    use calamine::Reader;
    let rubric = rubric.to_str().unwrap();
    let sheets = |args: &[&str], out: &str| -> Vec<String> {
        let out = dir.path().join(out);
        let inputs = [faulty.to_str().unwrap(), "--rubric", rubric];
        let json = score_json(&[&inputs[..], args].concat(), &out);
        assert_eq!(json_ranking(&json)[0].1, 80.0);
        let wb = calamine::open_workbook_auto(out.join("feedback.xlsx")).unwrap();
        wb.sheet_names()
    };
    assert!(sheets(&["--lang", "en"], "a").contains(&"Audit".to_string()));
    assert!(!sheets(&["--no-audit"], "b").contains(&"Audit".to_string()));
    let out = dir.path().join("a/feedback.xlsx");
    // To look at it: SAKIP_KEEP_AUDIT=DIR keeps the workbook there.
    if let Some(keep) = std::env::var_os("SAKIP_KEEP_AUDIT") {
        std::fs::copy(&out, Path::new(&keep).join("audit-feedback.xlsx")).unwrap();
    }
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let audit = wb.worksheet_range("Audit").unwrap();
    let rows: Vec<Vec<String>> = audit
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let findings: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r[0] == "LKE-Salah.xlsx")
        .map(|r| (r[3].as_str(), r[4].as_str(), r[8].as_str()))
        .collect();
    assert_eq!(
        findings,
        [
            ("C10", "1.b", "the workbook's weight is not the rubric's"),
            ("E6", "1", "its formula leaves out 1.b"),
            (
                "E10",
                "1.b",
                "typed, not computed (the other cells of its kind have formulas)"
            ),
            ("E14", "2.a", "its formula also takes 2.a"),
        ]
    );
}

/// Every tier is audited from its own answers: the demo KKE's Nilai formulas agree everywhere;
/// with Dinas Kesehatan's own (PENILAIAN MANDIRI) value of AREN004 typed as 0.123 over its
/// formula, that one cell is the one finding, in that tier.
#[test]
fn each_tier_is_audited_from_its_own_answers() {
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("KKE.xlsx");
    crate::util::rewrite_zip(
        Path::new("fixtures/demo-kke/KKE-AKIP-OPD-2025.xlsx"),
        &changed,
        |name, bytes| match name {
            "xl/worksheets/sheet2.xml" => {
                // The cell, formula and cached result, typed over as a constant.
                let xml = String::from_utf8(bytes).unwrap();
                let start = xml.find("<c r=\"E18\"").unwrap();
                let end = start + xml[start..].find("</c>").unwrap() + 4;
                let typed = "<c r=\"E18\" s=\"4\"><v>0.123</v></c>";
                format!("{}{typed}{}", &xml[..start], &xml[end..]).into_bytes()
            }
            _ => bytes,
        },
    );
    let audit = |workbook: &Path| audit_json("fixtures/kke-opd-2025.toml", workbook);
    assert!(audit(Path::new("fixtures/demo-kke/KKE-AKIP-OPD-2025.xlsx")).is_empty());
    let found = audit(&changed);
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(
        (f["sheet"].as_str(), f["cell"].as_str(), f["code"].as_str()),
        (Some("Dinas Kesehatan"), Some("E18"), Some("AREN004"))
    );
    assert_eq!(f["tier"], "PENILAIAN MANDIRI (OPD)");
    assert_eq!(
        (f["workbook"].as_f64(), f["sakip"].as_f64()),
        (Some(0.123), Some(1.0))
    );
}

/// `--bands FILE` puts a file's bands in place of 88/2021's: the demo ZI imported with the
/// built-in rubric's WBK/WBBM gates gives the built-in's predicates too (the gates name the
/// imported nodes' codes, which are the sheet's).
#[test]
fn bands_and_gates_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let zi = std::fs::read_to_string("rubrics/lke-zi-2021.toml").unwrap();
    let gates = &zi[zi.find("[[bands]]").unwrap()..];
    let bands = dir.path().join("gerbang.toml");
    std::fs::write(&bands, gates).unwrap();
    let rubric = dir.path().join("zi.toml");
    let run = sakip()
        .args([
            "rubric",
            "import",
            "--lang",
            "en",
            "fixtures/demo-zi/LKE-ZI-2025.xlsx",
        ])
        .arg("--bands")
        .arg(&bands)
        .arg("--out")
        .arg(&rubric)
        .assert()
        .success();
    let summary = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert!(!summary.contains("bands: PermenPAN-RB"), "{summary}");
    let rubric = rubric.to_str().unwrap();
    let ours = json_ranking(&score_json(
        &["fixtures/demo-zi", "--rubric", rubric],
        &dir.path().join("a"),
    ));
    let theirs = json_ranking(&score_json(
        &["fixtures/demo-zi", "--rubric", "lke-zi-2021"],
        &dir.path().join("b"),
    ));
    assert_eq!(ours, theirs);
    assert_eq!(ours[2].2, "WBK");
}

/// Rows under the table that are no node (the demo Inspektorat sheet's place, date, title and
/// name of its signatory, rows 107, 108, 112 and 113) are named in the summary as passed over.
#[test]
fn rows_that_are_no_node_are_named_as_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let summary = import(
        Path::new("fixtures/demo/LKE-Inspektorat-2025.xlsx"),
        &dir.path().join("r.toml"),
    );
    assert!(
        summary.contains("passed over: rows without a number or an answer (titles, notes, signatures) (4): 107, 108, 112, 113"),
        "{summary}"
    );
}

/// A blank LKE (no answers, no formulas, no Pilihan Jawaban): 1.a.1's answer cell offers a
/// drop-down list whose items sit on another sheet (`Skala!A1:A2`, Ya and Tidak), 1.a.2's none.
/// The import takes 1.a.1's scale from the list and asks for 1.a.2's: without `--scale` it
/// stops (exit 2, nothing written) naming 1.a.2 and the scales it may name; with `--scale
/// aa_e` it writes that scale there, said so in a comment; a `--scale` sakip does not know is
/// refused.
#[test]
fn a_scale_nothing_tells_is_asked_for_and_a_drop_down_tells_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("LKE-Kosong.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("LKE").unwrap();
    ws.write_string(2, 0, "Perangkat Daerah").unwrap();
    ws.write_string(2, 1, ":").unwrap();
    ws.write_string(2, 2, "Dinas Contoh").unwrap();
    let header = [
        "No",
        "Komponen/Sub Komponen/Kriteria",
        "Bobot",
        "Jawaban",
        "Nilai",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    for (r, (no, text, weight)) in [
        ("1", "Perencanaan", Some(60.0)),
        ("a", "Keberadaan", Some(60.0)),
        ("1", "Ada Renstra", None),
        ("2", "Ada Renja", None),
    ]
    .iter()
    .enumerate()
    {
        let r = 5 + r as u32;
        ws.write_string(r, 0, *no).unwrap();
        ws.write_string(r, 1, *text).unwrap();
        if let Some(w) = weight {
            ws.write_number(r, 2, *w).unwrap();
        }
    }
    let list = rust_xlsxwriter::DataValidation::new()
        .allow_list_formula(rust_xlsxwriter::Formula::new("=Skala!$A$1:$A$2"));
    ws.add_data_validation(7, 3, 7, 3, &list).unwrap();
    let scales = wb.add_worksheet().set_name("Skala").unwrap();
    scales.write_string(0, 0, "Ya").unwrap();
    scales.write_string(1, 0, "Tidak").unwrap();
    wb.save(&path).unwrap();
    let out = dir.path().join("impor.toml");
    let run = |extra: &[&str]| {
        sakip()
            .args(["rubric", "import", "--lang", "en"])
            .args(extra)
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    let asked = run(&[]);
    let said = String::from_utf8_lossy(&asked.stderr);
    assert_eq!(asked.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the scale of 1 criterion(s) cannot be told from the workbook (no value formula, Pilihan Jawaban, drop-down list or answer): 1.a.2"),
        "{said}"
    );
    assert!(
        said.contains("name their scale with --scale, one of: "),
        "{said}"
    );
    assert!(said.contains("aa_e") && said.contains("yt"), "{said}");
    assert!(!out.exists());
    let unknown = run(&["--scale", "ya_tidak"]);
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(unknown.status.code(), Some(2), "{said}");
    assert!(
        said.contains("--scale ya_tidak is no scale sakip knows"),
        "{said}"
    );
    let given = run(&["--scale", "aa_e"]);
    assert_eq!(given.status.code(), Some(0));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("code = \"1.a.1\"\nparent = \"1.a\"\ntext = \"Ada Renstra\"\nscale = \"yt\"\n# scale from the drop-down list at LKE!D8 (Ya, Tidak)"),
        "{text}"
    );
    assert!(
        text.contains("code = \"1.a.2\"\nparent = \"1.a\"\ntext = \"Ada Renja\"\nscale = \"aa_e\"\n# scale as --scale gives it: nothing in the sheet tells"),
        "{text}"
    );
    crate::util::check_rubric(&out);
}

/// The three faults the issue names, planted in the demo KKE's Dinas Kesehatan, own tier
/// (PENILAIAN MANDIRI, column E), each found at its cell and only there, under the rubric
/// imported from the clean workbook:
/// - E17, a sub-component averaging one criterion short (`=AVERAGE(E18,E19)*C17`: (1 + 1) / 2
///   x 9 = 9 where its three give (1 + 1 + 0.66) / 3 x 9 = 7.98): leaves out row 20's;
/// - E21, a sub-component averaging its parent's cell with its criteria
///   (`=AVERAGE(E9,E22,E23)*C21`: (28.98 + 1 + 1) / 3 x 15 = 154.9 where 15 is due): takes
///   row 9's component;
/// - E25 typed as 5 over `=AVERAGE(E26,E27)*C25` (6 due).
#[test]
fn the_audit_finds_faults_planted_in_the_kke_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let original = Path::new("fixtures/demo-kke/KKE-AKIP-OPD-2025.xlsx");
    let rubric = dir.path().join("kke.toml");
    import(original, &rubric);
    let planted = dir.path().join("KKE-salah.xlsx");
    crate::util::plant_cells(
        original,
        &planted,
        "xl/worksheets/sheet2.xml",
        &[
            ("E17", Some("AVERAGE(E18,E19)*C17"), 9.0),
            ("E21", Some("AVERAGE(E9,E22,E23)*C21"), 154.9),
            ("E25", None, 5.0),
        ],
    );
    let audit = |path: &Path| audit_json(&rubric, path);
    assert!(audit(original).is_empty());
    let found = audit(&planted);
    // The codes of the rows the faults name, as the sheet writes them.
    let mut wb = calamine::open_workbook_auto(&planted).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut wb, "Dinas Kesehatan").unwrap();
    let code = |row: u32| sheet.get_value((row - 1, 0)).unwrap().to_string();
    let got: Vec<(&str, &str, f64, f64, serde_json::Value)> = found
        .iter()
        .map(|f| {
            (
                f["cell"].as_str().unwrap(),
                f["tier"].as_str().unwrap(),
                f["workbook"].as_f64().unwrap(),
                (f["sakip"].as_f64().unwrap() * 1e9).round() / 1e9,
                f["why"].clone(),
            )
        })
        .collect();
    let mandiri = "PENILAIAN MANDIRI (OPD)";
    assert_eq!(
        got,
        [
            (
                "E17",
                mandiri,
                9.0,
                7.98,
                serde_json::json!([{"kind": "omits", "codes": [code(20)]}])
            ),
            (
                "E21",
                mandiri,
                154.9,
                15.0,
                serde_json::json!([{"kind": "adds", "codes": [code(9)]}])
            ),
            (
                "E25",
                mandiri,
                5.0,
                6.0,
                serde_json::json!([{"kind": "constant"}])
            ),
        ]
    );
    assert_eq!(found[0]["code"], code(17));
}

/// The demo Inspektorat sheet holds answers alone (no options, formulas, drop-downs or values):
/// its b criteria all `A`, its c criteria all `BB`. `BB` is AA..E's alone, so AA..E is the
/// sheet's; `A` (held by A/B/C too) is read on it, and the sheet scores as its own rubric does:
/// a Y x 20 + b A (0.9) x 30 + c BB (0.8) x 50 = 20 + 27 + 40 = 87.00. The summary names each
/// guess once with the nodes it was made at.
#[test]
fn answers_alone_are_read_on_the_scale_the_rest_of_the_sheet_shows() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = Path::new("fixtures/demo/LKE-Inspektorat-2025.xlsx");
    let rubric = dir.path().join("impor.toml");
    let summary = import(workbook, &rubric);
    assert!(
        summary.contains("criteria per scale: aa_e 61, yt 19"),
        "{summary}"
    );
    assert!(
        summary.contains("guessed: no formula, mean assumed (12): 1.a, 1.b, 1.c, 2.a,"),
        "{summary}"
    );
    let got = scores(
        workbook.to_str().unwrap(),
        rubric.to_str().unwrap(),
        &dir.path().join("o"),
    );
    assert_eq!(got, [("Inspektorat".to_string(), 87.0)]);
}

/// A rubric file there already (perhaps edited by hand) is not replaced: exit 2, the file as it
/// was, the words saying why.
#[test]
fn an_existing_rubric_file_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lke.toml");
    std::fs::write(&out, "# edited by hand\n").unwrap();
    let run = sakip()
        .args(["rubric", "import", "--lang", "en"])
        .arg("fixtures/demo-pemda/LKE-AKIP-PEMDA-2025.xlsx")
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(
        said.contains("this file exists already; sakip does not replace it"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "# edited by hand\n");
}
