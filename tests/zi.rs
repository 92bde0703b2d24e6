//! The Zona Integritas LKE (`lke-zi-2021`): the tree against the reference list, and scores,
//! gates and paths worked by hand from DOMAIN.md "Other LKEs".

use crate::util::{column, ranking, record, rubric, score_records};
use sakip::ingest::AnswerRecord;
use sakip::rubric::Rubric;
use sakip::score::path::{paths, Path};
use sakip::score::{MissingPolicy, Scores};

/// The best answer of a criterion's scale: its first code, 100 % or the top of an index.
fn best(rubric: &Rubric, scale: &str) -> String {
    let scale = &rubric.scales[scale];
    match scale.number {
        Some(n) if n.percent => "100%".to_string(),
        Some(n) => n.max.to_string(),
        None => scale.codes[0].code.clone(),
    }
}

/// Every criterion of the ZI rubric answered best, but for the answers of `except`.
fn unit(rubric: &Rubric, opd: &str, except: &[(&str, &str)]) -> Vec<AnswerRecord> {
    rubric
        .criteria()
        .enumerate()
        .map(|(i, (_, _, k))| {
            let given = except.iter().find(|(code, _)| *code == k.code);
            let answer = given.map_or_else(|| best(rubric, &k.scale), |(_, a)| a.to_string());
            record(opd, &k.code, &answer, i)
        })
        .collect()
}

fn scored(records: &[AnswerRecord], rubric: &Rubric) -> Scores {
    score_records(records, rubric, MissingPolicy::Error).expect("scores")
}

/// A node's score for the only OPD of `scores`.
fn node(scores: &Scores, rubric: &Rubric, code: &str) -> f64 {
    let place = rubric.node_place(code).expect("node exists");
    scores.nodes.score(0, place).expect("node scored")
}

#[test]
fn the_tree_is_the_reference_list() {
    let r = rubric("lke-zi-2021");
    let csv = std::fs::read_to_string("rubrics/reference/lke-zi-2021-criteria.csv").unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut counted = std::collections::BTreeMap::<String, usize>::new();
    let mut count_rows = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let (depth, kind, code, parent, weight, scale) =
            (&row[0], &row[1], &row[2], &row[3], &row[5], &row[6]);
        *counted.entry(kind.to_string()).or_default() += 1;
        if kind == "count" {
            // A count row is kept with the criterion it feeds.
            let fed = r.criteria().find(|(_, _, k)| k.code == parent).unwrap().2;
            assert!(fed.counts.iter().any(|c| c == row[4].trim()), "{code}");
            count_rows += 1;
            continue;
        }
        let n = &r.nodes[r.node_place(code).unwrap_or_else(|| panic!("{code}"))];
        assert_eq!(n.level.to_string(), depth, "{code}");
        let parent_code = n.parent.map_or("", |p| r.nodes[p].code.as_str());
        assert_eq!(parent_code, parent, "{code}");
        let expected: Option<f64> = (!weight.is_empty()).then(|| weight.parse().unwrap());
        assert_eq!(n.weight, expected, "{code}");
        if kind == "criterion" || kind == "result" {
            let scale_id = n.scale.as_deref().unwrap();
            let written = match scale {
                "Ya" | "Ya/Tidak" => "yt",
                "A/B/C" => "abc",
                "A/B/C/D" => "abcd",
                "A/B/C/D/E" => "abcde",
                "%" => "persen",
                "Nilai (0-4)" => "indeks_0_4",
                other => panic!("scale {other}"),
            };
            assert_eq!(scale_id, written, "{code}");
        }
    }
    // DOMAIN.md: 2 components, 4 groups, 12 areas, 44 indicators, 110 criteria, 3 results.
    let kinds: Vec<(&str, usize)> = counted.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(
        kinds,
        [
            ("area", 12),
            ("component", 2),
            ("count", 24),
            ("criterion", 110),
            ("group", 4),
            ("indicator", 44),
            ("result", 3)
        ]
    );
    assert_eq!(count_rows, 24);
    assert_eq!(r.criterion_count(), 113);
    assert_eq!(r.nodes.len(), 2 + 4 + 12 + 44 + 113);
}

#[test]
fn an_all_best_unit_scores_100_and_is_wbbm() {
    let r = rubric("lke-zi-2021");
    let scores = scored(&unit(&r, "KPP Pratama", &[]), &r);
    assert_eq!(
        ranking(&scores),
        [(1, "KPP Pratama".to_string(), 100.0, "WBBM".to_string())]
    );
    assert_eq!(column(&scores, "A", "KPP Pratama"), 60.0);
    assert_eq!(column(&scores, "B", "KPP Pratama"), 40.0);
    // The second level is the ranking's sub-component columns.
    assert_eq!(column(&scores, "A.I", "KPP Pratama"), 30.0);
    assert_eq!(column(&scores, "B.I", "KPP Pratama"), 22.5);
    let paths = paths(&scores, &r).unwrap();
    assert_eq!(paths[0].1, Path::Top);
}

/// Penguatan Akuntabilitas weighs 5 under Pemenuhan and 5 under Reform. Reform's is 2
/// (Kinerja 2 x 100 %; the two A/B/C/D indicators of 1.5 at D, 0), Pemenuhan's 5: 7 of 10,
/// 70 %. Everything else is best: 100 - 3 = 97, Pengungkit 57. WBBM asks every area for 75 %,
/// WBK for 60 %: WBK, and the gate missed for WBBM is that area's.
#[test]
fn one_area_at_70_percent_gives_wbk_and_names_the_wbbm_gate() {
    let r = rubric("lke-zi-2021");
    let except = [("A.II.4.ii.1", "D"), ("A.II.4.iii.1", "D")];
    let scores = scored(&unit(&r, "KPP Madya", &except), &r);
    assert_eq!(
        ranking(&scores),
        [(1, "KPP Madya".to_string(), 97.0, "WBK".to_string())]
    );
    assert_eq!(node(&scores, &r, "A.II.4"), 2.0);
    assert_eq!(node(&scores, &r, "A"), 57.0);
    let paths = paths(&scores, &r).unwrap();
    let Path::Steps {
        target,
        steps,
        unmet,
    } = &paths[0].1
    else {
        panic!("{:?}", paths[0].1)
    };
    assert_eq!(target, "WBBM");
    // 97 already clears 85: no step of score is needed, only the gate.
    assert!(steps.is_empty(), "{steps:?}");
    assert_eq!(unmet.len(), 1, "{unmet:?}");
    assert_eq!(unmet[0].node, "penguatan-akuntabilitas");
    assert_eq!(unmet[0].codes, ["A.I.4", "A.II.4"]);
    assert!((unmet[0].has - 0.7).abs() < 1e-12);
    assert_eq!(unmet[0].needed, 0.75);
    assert!(unmet[0].share);
    assert_eq!(
        r.node_name(&unmet[0].node, sakip::Lang::Id),
        "Penguatan Akuntabilitas"
    );
}

/// IPAK 3.6 of 4: 3.6 / 4 x 17.5 = 15.75, exactly WBK's threshold for it.
#[test]
fn a_survey_index_of_3_6_gives_15_75_and_meets_its_gate() {
    let r = rubric("lke-zi-2021");
    let scores = scored(&unit(&r, "KPP", &[("B.I.a", "3,6")]), &r);
    let ipak = node(&scores, &r, "B.I.a");
    assert!((ipak - 15.75).abs() < 1e-9, "{ipak}");
    // Birokrasi Bersih = 15.75 + Capaian 5 = 20.75; the final 100 - 1.75 = 98.25.
    assert!((node(&scores, &r, "B.I") - 20.75).abs() < 1e-9);
    assert_eq!(ranking(&scores)[0].2, 98.25);
    assert_eq!(ranking(&scores)[0].3, "WBBM");
    // Just below (3.5: 15.3125) misses both gates on IPAK: no predicate, however high the score.
    let below = scored(&unit(&r, "KPP", &[("B.I.a", "3.5")]), &r);
    assert_eq!(ranking(&below)[0].2, 97.81);
    assert_eq!(ranking(&below)[0].3, "-");
    let paths = paths(&below, &r).unwrap();
    let Path::Steps { target, unmet, .. } = &paths[0].1 else {
        panic!("{:?}", paths[0].1)
    };
    assert_eq!(target, "WBK");
    assert_eq!(unmet.len(), 1);
    assert_eq!((unmet[0].node.as_str(), unmet[0].needed), ("B.I.a", 15.75));
    assert!((unmet[0].has - 15.3125).abs() < 1e-9);
}

/// Percentages read as 0.85, 85 or 85 %, capped at 100 %; a sub-indicator pair adds up:
/// LHKPN at 50 % and LHKASN at 100 % give the indicator 0.5 + 1 = 1.5 of 2.
#[test]
fn percentages_read_every_way_people_write_them() {
    let r = rubric("lke-zi-2021");
    for (lhkpn, lhkasn) in [("50%", "1"), ("0,5", "100"), ("50", "120%")] {
        let except = [
            ("A.II.5.iii.lhkpn.1", lhkpn),
            ("A.II.5.iii.lhkasn.1", lhkasn),
        ];
        let scores = scored(&unit(&r, "KPP", &except), &r);
        assert_eq!(node(&scores, &r, "A.II.5.iii"), 1.5, "{lhkpn} {lhkasn}");
        assert_eq!(ranking(&scores)[0].2, 99.5);
    }
    // A number off its range is an error at its cell, saying the range.
    let diag = score_records(
        &unit(&r, "KPP", &[("B.I.a", "4,5")]),
        &r,
        MissingPolicy::Error,
    )
    .unwrap_err();
    let text = diag.render(sakip::Lang::En);
    assert!(text.contains("B.I.a") && text.contains("0-4"), "{text}");
}

/// The demo's ZI workbook (`make_demo`): three units built as the tests above, in the official
/// layout with whole codes, two tiers, typed values and count rows. Read and scored as built:
/// 100 WBBM; 97 WBK; 97.81 and no predicate.
#[test]
fn the_demo_zi_workbook_scores_as_its_units_were_built() {
    let out = tempfile::tempdir().unwrap();
    let zi = ["fixtures/demo-zi", "--rubric", "lke-zi-2021"];
    let got = crate::util::json_ranking(&crate::util::score_json(&zi, out.path()));
    let row = |o: &str, s: f64, p: &str| (o.to_string(), s, p.to_string());
    assert_eq!(
        got,
        [
            row("KPP Pratama Sukamaju", 100.0, "WBBM"),
            row("Kantor Imigrasi Sukamaju", 97.81, "-"),
            row("KPP Madya Sukamaju", 97.0, "WBK"),
        ]
    );
    // With --level 3 the Komponen sheet has a column per area (and per Hasil result): KPP
    // Madya's Reform Penguatan Akuntabilitas is 2 of 5.
    let level3 = tempfile::tempdir().unwrap();
    crate::util::score_json(&[&zi[..], &["--level", "3"]].concat(), level3.path());
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(level3.path().join("feedback.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Komponen").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .find(|r| r.iter().any(|c| c.starts_with("A.II.4.")))
        .unwrap();
    let col = header
        .iter()
        .position(|c| c == "A.II.4. Penguatan Akuntabilitas (5)")
        .unwrap();
    assert_eq!(
        header.iter().filter(|c| c.starts_with("A.")).count(),
        12,
        "{header:?}"
    );
    let madya = rows.iter().find(|r| r[1] == "KPP Madya Sukamaju").unwrap();
    assert_eq!(madya[col], "2");
    // Stored in the history, a column per node with a score of its own: the predicate given
    // (gated, not the band of 97), the area 2 of 5.
    let history = tempfile::tempdir().unwrap();
    let store = [
        "--year",
        "2025",
        "--history",
        history.path().to_str().unwrap(),
    ];
    crate::util::score_json(&[&zi[..], &store].concat(), &level3.path().join("h"));
    let year = sakip::history::read_year(&history.path().join("2025-lke-zi-2021.parquet")).unwrap();
    let part = year
        .meta
        .parts
        .iter()
        .position(|p| p.code == "A.II.4")
        .unwrap();
    assert_eq!(year.meta.parts[part].max, 5.0);
    let madya = year
        .rows
        .iter()
        .find(|r| r.opd == "KPP Madya Sukamaju")
        .unwrap();
    assert_eq!(
        (madya.predicate.as_str(), madya.parts[part]),
        ("WBK", Some(2.0))
    );
    // Its formulas carry the official workbook's own fault at A.II.5.iii (the LHKPN score
    // averaged with its percentage, LHKASN left out: 1 where 2 is due), found on every sheet
    // and tier with why, and carried up to A.II.5 (6.5 of 7.5), A.II and A: 4 findings x 2
    // tiers x 3 sheets.
    let run = crate::util::sakip()
        .args(["audit", "--json"])
        .args(zi)
        .assert()
        .success();
    let found: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 24);
    let fault: Vec<&serde_json::Value> =
        found.iter().filter(|f| f["code"] == "A.II.5.iii").collect();
    assert_eq!(fault.len(), 6);
    assert_eq!(
        (fault[0]["workbook"].as_f64(), fault[0]["sakip"].as_f64()),
        (Some(1.0), Some(2.0))
    );
    assert_eq!(
        fault[0]["why"],
        serde_json::json!([
            { "kind": "omits", "codes": ["A.II.5.iii.lhkasn"] },
            { "kind": "adds", "codes": ["A.II.5.iii.lhkpn.1"] }
        ])
    );
    let area = found.iter().find(|f| f["code"] == "A.II.5").unwrap();
    assert_eq!(
        (area["workbook"].as_f64(), area["sakip"].as_f64()),
        (Some(6.5), Some(7.5))
    );
    // Every answer cell read, nothing passed over: 113 criteria x 2 tiers x 3 units.
    let validate = crate::util::sakip()
        .arg("validate")
        .args(zi)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&validate.get_output().stdout).to_string();
    assert!(text.contains("0 kesalahan, 0 peringatan"), "{text}");
}

/// The `Pilihan Jawaban` column against the rubric's number scales: the demo's `%` and
/// `Nilai (0-4)` (and the official workbook's lone `Ya` for a Ya/Tidak criterion) pass; a
/// percentage offered as `A/B/C` is a warning at each such cell, naming the range it is scored on.
#[test]
fn a_percentage_offered_as_grades_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("LKE-ZI-2025.xlsx");
    crate::util::rewrite_zip(
        std::path::Path::new("fixtures/demo-zi/LKE-ZI-2025.xlsx"),
        &changed,
        |name, bytes| match name {
            "xl/sharedStrings.xml" => String::from_utf8(bytes)
                .unwrap()
                .replace("<t>%</t>", "<t>A/B/C</t>")
                .into_bytes(),
            _ => bytes,
        },
    );
    let run = crate::util::sakip()
        .args(["validate", "--rubric", "lke-zi-2021", "--lang", "en"])
        .arg(&changed)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    let warnings: Vec<&str> = text.lines().filter(|l| l.contains(" WARNING: ")).collect();
    // 8 percentages on each of 3 sheets.
    assert_eq!(warnings.len(), 24, "{text}");
    assert!(
        warnings[0].contains("A.II.1.i.a") && warnings[0].contains("0-100 %"),
        "{}",
        warnings[0]
    );
}

/// Both survey indices at 0: 100 - 17.5 - 17.5 = 65, no predicate. WBK's edge (75) is one step
/// away: raising either index from 0 to 4 adds 17.5, reaching 82.50 (the two steps tie; which
/// is listed is the path's tie-break, not the rubric's). WBK's gates it misses now: Birokrasi
/// Bersih 5 of 18.25, IPAK 0 of 15.75, IPKP 0 of 14.
#[test]
fn a_survey_index_climbs_in_one_step_to_its_top() {
    let r = rubric("lke-zi-2021");
    let scores = scored(&unit(&r, "KPP", &[("B.I.a", "0"), ("B.II.a", "0")]), &r);
    assert_eq!(ranking(&scores)[0].2, 65.0);
    assert_eq!(ranking(&scores)[0].3, "-");
    let paths = paths(&scores, &r).unwrap();
    let Path::Steps {
        target,
        steps,
        unmet,
    } = &paths[0].1
    else {
        panic!("{:?}", paths[0].1)
    };
    assert_eq!(target, "WBK");
    let got: Vec<(&str, &str, &str, f64, f64)> = steps
        .iter()
        .map(|s| {
            (
                s.code.as_str(),
                s.from.as_str(),
                s.to.as_str(),
                s.points,
                s.running,
            )
        })
        .collect();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(["B.I.a", "B.II.a"].contains(&got[0].0));
    assert_eq!(
        (got[0].1, got[0].2, got[0].3, got[0].4),
        ("0", "4", 17.5, 82.5)
    );
    let gates: Vec<(&str, f64, f64)> = unmet
        .iter()
        .map(|u| (u.node.as_str(), u.has, u.needed))
        .collect();
    assert_eq!(
        gates,
        [
            ("B.I", 5.0, 18.25),
            ("B.I.a", 0.0, 15.75),
            ("B.II.a", 0.0, 14.0)
        ]
    );
}

/// The three faults the issue names, planted in KPP Pratama Sukamaju's evaluator tier (column
/// I; every answer there is the best, so every criterion is 1), each found at its cell and only
/// there:
/// - I11, area A.I.1 summing one indicator short (`=I12+I15+I19`: 0.5 + 1 + 1 = 2.5 where its
///   four indicators give 4): leaves out A.I.1.iv;
/// - I33, indicator A.I.2.ii averaging its parent's cell with its criteria
///   (`=AVERAGE(I28,I34:I37)*C33`: (3.5 + 4 x 1) / 5 x 2 = 3 where 2 is due): takes A.I.2;
/// - I38, indicator A.I.2.iii typed as 0.4 over its formula (0.5 due).
#[test]
fn the_audit_finds_faults_planted_in_the_zi_workbook_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::path::Path::new("fixtures/demo-zi/LKE-ZI-2025.xlsx");
    let planted = dir.path().join("LKE-ZI-salah.xlsx");
    crate::util::plant_cells(
        original,
        &planted,
        "xl/worksheets/sheet1.xml",
        &[
            ("I11", Some("I12+I15+I19"), 2.5),
            ("I33", Some("AVERAGE(I28,I34:I37)*C33"), 3.0),
            ("I38", None, 0.4),
        ],
    );
    let audit = |path: &std::path::Path| crate::util::audit_json("lke-zi-2021", path);
    let before = audit(original);
    let after = audit(&planted);
    let new: Vec<(String, String, f64, f64, serde_json::Value)> = after
        .iter()
        .filter(|f| {
            !before
                .iter()
                .any(|b| b["cell"] == f["cell"] && b["sheet"] == f["sheet"])
        })
        .map(crate::util::finding)
        .collect();
    assert_eq!(
        new,
        [
            (
                "I11".to_string(),
                "A.I.1".to_string(),
                2.5,
                4.0,
                serde_json::json!([{"kind": "omits", "codes": ["A.I.1.iv"]}])
            ),
            (
                "I33".to_string(),
                "A.I.2.ii".to_string(),
                3.0,
                2.0,
                serde_json::json!([{"kind": "adds", "codes": ["A.I.2"]}])
            ),
            (
                "I38".to_string(),
                "A.I.2.iii".to_string(),
                0.4,
                0.5,
                serde_json::json!([{"kind": "constant"}])
            ),
        ]
    );
    // The findings the fixture had stay as they were.
    assert_eq!(after.len(), before.len() + 3);
}
