//! Program data, the alignment and collaboration indices, and OPD name matching, against numbers
//! worked out by hand.

use crate::util::sakip;
use sakip::ingest::link::{self, ProgramData};
use sakip::ingest::programs::{read_programs, ProgramRules};
use sakip::ingest::tables::read_priorities;
use sakip::messages::Diagnostics;
use sakip::rubric::{AlignmentRubric, CollaborationRubric};
use sakip::score::indices::{program_scores, ProgramScores};
use std::path::{Path, PathBuf};

/// Seven activities of four OPDs (the worked example of the tests below).
pub const PROGRAMS: &str = "\
opd;kode;nama;program;pagu;target;realisasi;prioritas;mitra_opd;mitra_pentahelix;jenis_indikator;horizon
Dinas A;A.1;Rapat koordinasi;Program Penunjang Urusan Pemerintahan Daerah;100;10;10;;;;output;tahunan
Dinas A;A.2;Posyandu terpadu;Program Kesehatan;300;10;5;P1;Dinas B;akademisi:Universitas Sukamaju;outcome;menengah
Dinas A;A.3;Kampung sehat;Program Kesehatan;200;4;8;P1, P2;Dinas B, Dinas C;komunitas:Karang Taruna;output;tahunan
Dinas A;A.4;Gizi anak;Program Gizi;400;0;0;;;;dampak;panjang
Dinas B;B.1;Jalan lingkungan;Program Jalan;Rp 500;10;10;P1;Dinas A;badan_usaha:PT Maju, media:TV Lokal;outcome;panjang
Dinas C;C.1;Pasar sehat;Program Pasar;200;5;4;P1;;;output;tahunan
Dinas D;D.1;Arsip;Program Arsip;100;1;1;;;;output;tahunan
";

pub const PRIORITIES: &str = "\
id,nama,sasaran_rpjmd,opd_pengampu
P1,Kota Sehat,Meningkatnya derajat kesehatan,Dinas A
P2,Kampung Tangguh,,Dinas A
P3,Kota Cerdas,,
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Reads, links and scores program data given as CSV text.
pub fn scores_of(programs: &str, priorities: &str) -> (ProgramScores, ProgramData, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let alignment = AlignmentRubric::builtin().unwrap();
    let collaboration = CollaborationRubric::builtin().unwrap();
    let mut diag = Diagnostics::default();
    let mut files = Vec::new();
    let sheets = read_programs(
        &[write(dir.path(), "program.csv", programs)],
        ProgramRules {
            alignment: &alignment,
            collaboration: &collaboration,
            columns: sakip::rubric::program_columns().unwrap(),
            lenient_sums: false,
        },
        &Default::default(),
        &mut files,
        &mut diag,
    )
    .sheets;
    let priorities = read_priorities(
        &write(dir.path(), "prioritas.csv", priorities),
        &Default::default(),
        &mut files,
        &mut diag,
    );
    assert_eq!(
        files.len(),
        2,
        "both files are hashed for the Metadata sheet"
    );
    let activities: Vec<_> = sheets.into_iter().flat_map(|s| s.activities).collect();
    let directory = link::directory(None, &Default::default(), &[&activities]);
    let data = link::link(&[&activities], &priorities, &directory, &mut diag).unwrap();
    let scores = program_scores(&data, &alignment, &collaboration).unwrap();
    (scores, data, diag)
}

/// The parts and index of `opd` in an index frame.
fn row(frame: &polars::prelude::DataFrame, opd: &str, columns: &[&str]) -> Vec<Option<f64>> {
    let opds = sakip::frame::strings(frame, "opd").unwrap();
    let i = opds
        .iter()
        .position(|o| o == opd)
        .unwrap_or_else(|| panic!("{opd} missing"));
    columns
        .iter()
        .map(|c| sakip::frame::floats(frame, c).unwrap()[i])
        .collect()
}

fn close(got: &[Option<f64>], want: &[Option<f64>]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        match (g, w) {
            (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "got {got:?}, want {want:?}"),
            (None, None) => {}
            _ => panic!("got {got:?}, want {want:?}"),
        }
    }
}

const A: [&str; 6] = ["A1", "A2", "A3", "A4", "A5", "keselarasan"];
const C: [&str; 6] = ["C1", "C2", "C3", "C4", "C5", "kolaborasi"];

#[test]
fn alignment_parts_by_hand() {
    let (scores, _, diag) = scores_of(PROGRAMS, PRIORITIES);
    assert!(diag.problems.is_empty(), "{}", diag.render(sakip::Lang::En));
    // Dinas A: A.1 is routine (Penunjang Urusan Pemerintahan), left out of A1, A2, A4.
    // A1 = linked non-routine pagu / non-routine pagu = (300 + 200) / (300 + 200 + 400) = 5/9
    // A2 = 2 linked of 3 non-routine = 2/3
    // A3 = outcome or dampak among linked A.2, A.3 = 1/2
    // A4 = linked non-routine pagu with horizon menengah/panjang = 300 / 500 = 0.6
    // A5 = pagu-weighted min(realisasi/target, 1): (300 x 0.5 + 200 x 1) / 500 = 0.7
    // index = 35 x 5/9 + 20 x 2/3 + 15 x 0.5 + 10 x 0.6 + 20 x 0.7 = 60.2777...
    let index_a = 35.0 * 5.0 / 9.0 + 20.0 * 2.0 / 3.0 + 7.5 + 6.0 + 14.0;
    close(
        &row(&scores.alignment, "Dinas A", &A),
        &[
            Some(5.0 / 9.0),
            Some(2.0 / 3.0),
            Some(0.5),
            Some(0.6),
            Some(0.7),
            Some(index_a),
        ],
    );
    // Dinas B: one linked outcome activity, horizon panjang, target met: every part 1 -> 100.
    close(
        &row(&scores.alignment, "Dinas B", &A),
        &[
            Some(1.0),
            Some(1.0),
            Some(1.0),
            Some(1.0),
            Some(1.0),
            Some(100.0),
        ],
    );
    // Dinas C: linked, output, tahunan, 4 of 5: 35 + 20 + 0 + 0 + 20 x 0.8 = 71.
    close(
        &row(&scores.alignment, "Dinas C", &A),
        &[
            Some(1.0),
            Some(1.0),
            Some(0.0),
            Some(0.0),
            Some(0.8),
            Some(71.0),
        ],
    );
    // Dinas D: nothing linked: A1 = A2 = 0; A3, A4, A5 have no linked activity: not assessed.
    // Two parts of five are fewer than the 3 of `min_parts`: the index is not assessed either
    // (it would read (35 x 0 + 20 x 0) / 55 = 0).
    close(
        &row(&scores.alignment, "Dinas D", &A),
        &[Some(0.0), Some(0.0), None, None, None, None],
    );
}

#[test]
fn collaboration_parts_by_hand() {
    let (scores, _, _) = scores_of(PROGRAMS, PRIORITIES);
    // Dinas A: C1 = 2 of 4 activities name a partner OPD = 0.5; C2 = {B, C} = 2/5 = 0.4;
    // C3 = {akademisi, komunitas} = 2/4 = 0.5; C4 = B names A, C names nobody = 1/2;
    // C5: P1 has activities of A, B and C (3 OPDs: a joint flagship), so all 500 of A's linked
    // pagu goes to a flagship = 1. index = 30 x 0.5 + 20 x 0.4 + 25 x 0.5 + 15 x 0.5 + 10 = 53.
    close(
        &row(&scores.collaboration, "Dinas A", &C),
        &[
            Some(0.5),
            Some(0.4),
            Some(0.5),
            Some(0.5),
            Some(1.0),
            Some(53.0),
        ],
    );
    // Dinas B: 1/1; {A} = 0.2; {badan_usaha, media} = 0.5; A names B = 1; P1 = 1.
    // index = 30 + 4 + 12.5 + 15 + 10 = 71.5
    close(
        &row(&scores.collaboration, "Dinas B", &C),
        &[
            Some(1.0),
            Some(0.2),
            Some(0.5),
            Some(1.0),
            Some(1.0),
            Some(71.5),
        ],
    );
    // Dinas C names nobody: C4 is 0 (not "not assessed"); only C5 (P1, a flagship) scores: 10.
    close(
        &row(&scores.collaboration, "Dinas C", &C),
        &[
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(1.0),
            Some(10.0),
        ],
    );
    // Dinas D has no linked pagu: C5 not assessed; the rest 0.
    close(
        &row(&scores.collaboration, "Dinas D", &C),
        &[Some(0.0), Some(0.0), Some(0.0), Some(0.0), None, Some(0.0)],
    );
}

#[test]
fn city_network_by_hand() {
    let (scores, _, _) = scores_of(PROGRAMS, PRIORITIES);
    let m = |a: &str, b: &str| scores.matrix.get(&(a.to_string(), b.to_string())).copied();
    assert_eq!(
        (
            m("Dinas A", "Dinas B"),
            m("Dinas A", "Dinas C"),
            m("Dinas B", "Dinas A")
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(m("Dinas C", "Dinas A"), None);
    // Linked pairs {A,B}, {A,C} of 4 x 3 / 2 = 6 possible.
    assert!((scores.density.unwrap() - 2.0 / 6.0).abs() < 1e-12);
    // C names nobody but is named by A, so only D is a silo.
    assert_eq!(scores.silos, vec!["Dinas D".to_string()]);
    let reach: Vec<(String, Vec<String>, Vec<String>)> = scores
        .priorities
        .iter()
        .map(|p| (p.id.clone(), p.opds.clone(), p.kinds.clone()))
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        reach,
        vec![
            (
                "P1".into(),
                s(&["Dinas A", "Dinas B", "Dinas C"]),
                s(&["akademisi", "badan_usaha", "komunitas", "media"])
            ),
            ("P2".into(), s(&["Dinas A"]), s(&["komunitas"])),
            ("P3".into(), vec![], vec![]),
        ]
    );
}

#[test]
fn parts_whose_column_is_absent_are_not_assessed() {
    // No jenis_indikator, horizon, mitra_pentahelix, target or realisasi columns.
    let programs =
        "opd,kode,nama,pagu,prioritas,mitra_opd\nDinas A,1,x,100,P1,Dinas B\nDinas B,2,y,100,,\n";
    let (scores, _, diag) = scores_of(programs, PRIORITIES);
    assert!(diag.problems.is_empty(), "{}", diag.render(sakip::Lang::En));
    // A: A1 = A2 = 1; A3, A4, A5 not assessed: two parts, fewer than `min_parts` (3), so the
    // index is not assessed rather than 100 over the assessed weight 55.
    close(
        &row(&scores.alignment, "Dinas A", &A),
        &[Some(1.0), Some(1.0), None, None, None, None],
    );
    // A: C1 = 1, C2 = 1/5, C3 not assessed, C4 = 0 (B names nobody), C5: P1 has one OPD = 0.
    // index = (30 x 1 + 20 x 0.2 + 15 x 0 + 10 x 0) / (30 + 20 + 15 + 10) x 100 = 34 / 75 x 100
    close(
        &row(&scores.collaboration, "Dinas A", &C),
        &[
            Some(1.0),
            Some(0.2),
            None,
            Some(0.0),
            Some(0.0),
            Some(3400.0 / 75.0),
        ],
    );
}

#[test]
fn unknown_priorities_opds_and_kinds_name_their_cells() {
    let programs = "opd,kode,nama,pagu,prioritas,mitra_opd,mitra_pentahelix,horizon\n\
        Dinas A,1,x,100,P9,Dinas Kesehatn,pers:Koran,abadi\n\
        Dinas Kesehatan,2,y,-5,,,,\n\
        Dinas Kesehatan,3,z,10,,,,\n";
    let (_, _, diag) = scores_of(programs, PRIORITIES);
    let text = diag.render(sakip::Lang::En);
    assert!(
        text.contains("program.csv!program!E2: priority 'P9' is not in the priorities file"),
        "{text}"
    );
    assert!(text.contains("use one of: P1, P2, P3"), "{text}");
    assert!(
        text.contains("program.csv!program!F2: OPD name 'Dinas Kesehatn' matches no known OPD"),
        "{text}"
    );
    assert!(text.contains("did you mean: Dinas Kesehatan"), "{text}");
    assert!(
        text.contains("program.csv!program!G2: 'mitra_pentahelix' holds 'pers:Koran'"),
        "{text}"
    );
    assert!(
        text.contains("program.csv!program!H2: 'horizon' holds 'abadi'"),
        "{text}"
    );
    assert!(
        text.contains("program.csv!program!D3: 'pagu' may not be negative, found -5"),
        "{text}"
    );
}

#[test]
fn opd_names_match_across_spellings() {
    // The known OPDs come from the first spelling; "Dis. A" and "DINAS A" are the same OPD.
    let programs = "opd,kode,nama,pagu,mitra_opd\nDinas A,1,x,100,Kec. Utara\nKecamatan Utara,2,y,100,DINAS A\nDis. A,3,z,50,\n";
    let (scores, _, diag) = scores_of(programs, PRIORITIES);
    assert!(diag.problems.is_empty(), "{}", diag.render(sakip::Lang::En));
    assert_eq!(
        scores.opds,
        vec!["Dinas A".to_string(), "Kecamatan Utara".to_string()]
    );
    // A names Utara on 1 of its 2 activities; Utara names A back.
    close(
        &row(&scores.collaboration, "Dinas A", &["C1", "C4"]),
        &[Some(0.5), Some(1.0)],
    );
}

#[test]
fn a_problem_repeated_on_many_rows_of_a_sheet_is_reported_once_at_their_range() {
    let programs = "opd,kode,nama,pagu,prioritas,mitra_opd\n\
        Dinas A,1,a,100,P9,Dinas Kesehatn\n\
        Dinas A,2,b,100,P9,\n\
        Dinas A,3,c,100,P1,Dinas Kesehatn\n\
        Dinas A,4,d,100,P9,Dinas Kesehatn\n\
        Dinas Kesehatan,5,e,100,P8,\n";
    let (_, _, diag) = scores_of(programs, PRIORITIES);
    let text = diag.render(sakip::Lang::En);
    // P9 on rows 2, 3 and 5 of column E; the partner on rows 2, 4 and 5 of column F; P8 once.
    assert_eq!(diag.problems.len(), 3, "{text}");
    assert!(
        text.contains(
            "program.csv!program!E2:E5 (the same in 3 cells): priority 'P9' is not in the priorities file"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "program.csv!program!F2:F5 (the same in 3 cells): OPD name 'Dinas Kesehatn' matches no known OPD"
        ),
        "{text}"
    );
    assert!(
        text.contains("program.csv!program!E6: priority 'P8' is not in the priorities file"),
        "{text}"
    );
    let grouped = diag.render_grouped(sakip::Lang::Id);
    assert!(
        grouped.contains("  program!E2:E5 (sama di 3 sel) KESALAHAN: prioritas 'P9'"),
        "{grouped}"
    );
    let json = serde_json::to_value(&diag.problems[0]).unwrap();
    assert_eq!(json["repeats"]["count"], 3, "{json}");
}

fn ranked(json: &serde_json::Value, key: &str) -> Vec<(Option<u64>, String, Option<f64>)> {
    json["opds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["rank"].as_u64(),
                o["opd"].as_str().unwrap().to_string(),
                o[key]["index"].as_f64(),
            )
        })
        .collect()
}

#[test]
fn program_data_alone_ranks_by_either_index_or_the_composite() {
    let dir = tempfile::tempdir().unwrap();
    let programs = write(dir.path(), "program.csv", PROGRAMS);
    let priorities = write(dir.path(), "prioritas.csv", PRIORITIES);
    let run = |rank_by: &str| -> serde_json::Value {
        let out = sakip()
            .args(["score", "--json", "--rank-by", rank_by, "--programs"])
            .arg(&programs)
            .arg("--priorities")
            .arg(&priorities)
            .arg("--out")
            .arg(dir.path().join(format!("out-{rank_by}")))
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    // Collaboration (worked out above): B 71.5, A 53, C 10, D 0.
    let by_collaboration = run("kolaborasi");
    let s = |x: &str| x.to_string();
    assert_eq!(
        ranked(&by_collaboration, "collaboration"),
        vec![
            (Some(1), s("Dinas B"), Some(71.5)),
            (Some(2), s("Dinas A"), Some(53.0)),
            (Some(3), s("Dinas C"), Some(10.0)),
            (Some(4), s("Dinas D"), Some(0.0))
        ]
    );
    // Alignment: B 100, C 71, A 60.28 (60.2777...), D not assessed (two parts) and not ranked.
    let by_alignment = run("keselarasan");
    assert_eq!(
        ranked(&by_alignment, "alignment"),
        vec![
            (Some(1), s("Dinas B"), Some(100.0)),
            (Some(2), s("Dinas C"), Some(71.0)),
            (Some(3), s("Dinas A"), Some(60.28)),
            (None, s("Dinas D"), None)
        ]
    );
    assert_eq!(
        by_alignment["opds"][2]["alignment"]["parts"]["A1"].as_f64(),
        Some(0.5556)
    );
    assert!(
        by_alignment["opds"][0].get("score").is_none(),
        "no LKE answers, no AKIP score"
    );
    // Composite without LKE answers: the two indices, 20 and 20, reweighted to their sum.
    // B (100 + 71.5) / 2 = 85.75; A (60.2778 + 53) / 2 = 56.64; C (71 + 10) / 2 = 40.5; D 0.
    let by_composite = run("gabungan");
    let order: Vec<String> = by_composite["opds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["opd"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(order, vec!["Dinas B", "Dinas A", "Dinas C", "Dinas D"]);
    let city = &by_composite["city"];
    assert_eq!(city["density"].as_f64(), Some(0.3333));
    assert_eq!(city["silos"], serde_json::json!(["Dinas D"]));
    // The workbook: Ringkasan without AKIP columns, both index sheets with their own-design note.
    let path = dir.path().join("out-gabungan/feedback.xlsx");
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    use calamine::Reader;
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Ringkasan",
            "Keselarasan",
            "Kolaborasi",
            "Matriks Kolaborasi",
            "Metadata"
        ]
    );
    let summary = wb.worksheet_range("Ringkasan").unwrap();
    let header: Vec<String> = (0..5)
        .map(|c| {
            summary
                .get_value((3, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        header,
        vec!["Peringkat", "OPD", "Keselarasan", "Kolaborasi", "Gabungan"]
    );
    assert_eq!(
        summary.get_value((4, 4)),
        Some(&calamine::Data::Float(85.75))
    );
    let kolaborasi = wb.worksheet_range("Kolaborasi").unwrap();
    let note = kolaborasi.get_value((1, 0)).unwrap().to_string();
    assert!(note.contains("bukan bagian dari LKE"), "{note}");
    // The matrix, on a sheet of its own (its columns its own): its title, the header under the
    // title block, then the row of Dinas A; A names B on two activities, C on one.
    let matrix = wb.worksheet_range("Matriks Kolaborasi").unwrap();
    let text = |r: u32, c: u32| {
        matrix
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert!(text(0, 0).starts_with("Matriks kegiatan"));
    let title = 2;
    let header: Vec<String> = (1..5).map(|c| text(title + 1, c)).collect();
    assert_eq!(header, vec!["Dinas A", "Dinas B", "Dinas C", "Dinas D"]);
    assert_eq!(text(title + 2, 0), "Dinas A");
    let counts: Vec<String> = (1..5).map(|c| text(title + 2, c)).collect();
    // No shared program is a blank, not a 0.
    assert_eq!(counts, vec!["", "2", "1", ""]);

    // In English: the sheets and headers are named so.
    sakip()
        .args(["score", "--lang", "en", "--programs"])
        .arg(&programs)
        .arg("--priorities")
        .arg(&priorities)
        .arg("--out")
        .arg(dir.path().join("out-en"))
        .assert()
        .success();
    let mut wb = calamine::open_workbook_auto(dir.path().join("out-en/feedback.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Summary",
            "Alignment",
            "Collaboration",
            "Collaboration Matrix",
            "Metadata"
        ]
    );
    let summary = wb.worksheet_range("Summary").unwrap();
    let header: Vec<String> = (0..4)
        .map(|c| {
            summary
                .get_value((3, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(header, vec!["Rank", "OPD", "Alignment", "Collaboration"]);
}

#[test]
fn names_agree_through_the_registry_across_lke_and_program_data() {
    let dir = tempfile::tempdir().unwrap();
    let registry = write(dir.path(), "opd.csv", "id,nama,alias,alias 2\nDINKES,Dinas Kesehatan,Dinkes Kota,\nDINSOS,Dinas Sosial,Dinsos,Dinas Sosial Kota\n");
    let mut lke = String::from("opd,kode,jawaban\n");
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    for (_, sub, k) in rubric.criteria() {
        let answer = if sub.code == "a" { "Y" } else { "AA" };
        lke.push_str(&format!("Dinkes Kota,{},{answer}\n", k.code));
    }
    let lke = write(dir.path(), "lke.csv", &lke);
    let programs = write(dir.path(), "program.csv", "opd,kode,nama,pagu,mitra_opd\nDINAS KESEHATAN,1,x,100,Dinsos\nDinas Sosial Kota,2,y,100,Dinkes\n");
    let out = sakip()
        .arg("score")
        .arg(&lke)
        .arg("--programs")
        .arg(&programs)
        .arg("--opd-registry")
        .arg(&registry)
        .args(["--json", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let opds = json["opds"].as_array().unwrap();
    assert_eq!(opds.len(), 2);
    assert_eq!(opds[0]["opd"], "Dinas Kesehatan");
    assert_eq!(opds[0]["score"].as_f64(), Some(100.0));
    // Each names the other: C1 = 1, C2 = 1/5, C4 = 1 (C3, C5 not assessed): (30 + 4 + 15) / 65.
    assert_eq!(opds[0]["collaboration"]["index"].as_f64(), Some(75.38));
    assert_eq!(opds[1]["opd"], "Dinas Sosial");
    assert_eq!(opds[1]["score"], serde_json::Value::Null);

    // A name the registry does not know: exit 2, the cell, the nearest names, nothing written.
    let bad = write(
        dir.path(),
        "program-bad.csv",
        "opd,kode,nama,pagu\nDinas Kesehatn,1,x,100\n",
    );
    let out_dir = dir.path().join("out-bad");
    let failed = sakip()
        .arg("score")
        .arg("--programs")
        .arg(&bad)
        .arg("--opd-registry")
        .arg(&registry)
        .args(["--lang", "en", "--out"])
        .arg(&out_dir)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).to_string();
    assert!(
        stderr.contains(
            "program-bad.csv!program-bad!A2: OPD name 'Dinas Kesehatn' matches no known OPD"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean: Dinas Kesehatan"), "{stderr}");
    assert!(!out_dir.exists());
}

const RENJA: &str = "tests/fixtures/renja_merged_header_formulas_footer.xlsx";
const KOMINFO_SASARAN: &str = "Meningkatnya kualitas tata kelola pemerintahan berbasis elektronik";

/// The Renja fixture's nine sub kegiatan in the tidy form, as an OPD would type them (the tidy
/// form needs codes, which the form's sub kegiatan lack; codes are not compared).
const RENJA_AS_TIDY: &str = "\
opd;kode;nama;program;target;realisasi;pagu;realisasi_anggaran;prioritas
Dinas Komunikasi dan Informatika;2.16.1;Penyusunan Dokumen Perencanaan Perangkat Daerah;PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA;100;80;Rp 154.025.000;146.323.750;P2
Dinas Komunikasi dan Informatika;2.16.2;Evaluasi Kinerja Perangkat Daerah;PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA;2;1,6;Rp 268.142.000;241.327.800;P2
Dinas Komunikasi dan Informatika;2.16.3;Penyediaan Gaji dan Tunjangan ASN;PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA;100;80;Rp 798.913.000;719.021.700;P2
Dinas Komunikasi dan Informatika;2.16.4;Perumusan Kebijakan Teknis Informasi dan Komunikasi Publik;PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK;90;81;Rp 472.032.000;424.828.800;P2
Dinas Komunikasi dan Informatika;2.16.5;Pelayanan Informasi Publik;PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK;2;1,6;Rp 278.517.000;250.665.300;P2
Dinas Komunikasi dan Informatika;2.16.6;Pengelolaan Nama Domain;PROGRAM APLIKASI INFORMATIKA;90;72;Rp 243.733.000;194.986.400;P2
Dinas Komunikasi dan Informatika;2.16.7;Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik;PROGRAM APLIKASI INFORMATIKA;90;90;Rp 469.225.000;375.380.000;P2
Dinas Komunikasi dan Informatika;2.16.8;Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah;PROGRAM APLIKASI INFORMATIKA;4;3,6;Rp 868.890.000;782.001.000;P2
Dinas Komunikasi dan Informatika;2.16.9;Pengembangan Smart City;PROGRAM APLIKASI INFORMATIKA;100;100;Rp 472.348.000;425.113.200;P2
";

fn renja_priorities() -> String {
    format!("id,nama,sasaran_rpjmd\nP1,Kota Sehat,Meningkatnya derajat kesehatan\nP2,Kota Cerdas,{KOMINFO_SASARAN}\n")
}

/// An activity as compared across layouts: OPD, name, program, pagu, target, realisasi,
/// realisasi_anggaran.
type ActivityRow = (
    String,
    String,
    String,
    f64,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// Activities and links read from one program file, as comparable rows.
fn read_rows(
    path: &Path,
    priorities: &str,
) -> (Vec<ActivityRow>, Vec<(u32, String)>, ProgramScores) {
    let dir = tempfile::tempdir().unwrap();
    let alignment = AlignmentRubric::builtin().unwrap();
    let collaboration = CollaborationRubric::builtin().unwrap();
    let mut diag = Diagnostics::default();
    let mut files = Vec::new();
    let sheets = read_programs(
        &[path.to_path_buf()],
        ProgramRules {
            alignment: &alignment,
            collaboration: &collaboration,
            columns: sakip::rubric::program_columns().unwrap(),
            lenient_sums: false,
        },
        &Default::default(),
        &mut files,
        &mut diag,
    )
    .sheets;
    let priorities = read_priorities(
        &write(dir.path(), "p.csv", priorities),
        &Default::default(),
        &mut files,
        &mut diag,
    );
    let activities: Vec<_> = sheets.into_iter().flat_map(|s| s.activities).collect();
    let directory = link::directory(None, &Default::default(), &[&activities]);
    let data = link::link(&[&activities], &priorities, &directory, &mut diag).unwrap();
    assert!(!diag.has_errors(), "{}", diag.render(sakip::Lang::En));
    let rows = activities
        .iter()
        .map(|a| {
            let round = |v: Option<f64>| v.map(|v| (v * 1e6).round() / 1e6);
            (
                a.opd.value.to_string(),
                a.nama.to_string(),
                a.program.as_deref().unwrap_or_default().to_string(),
                a.pagu,
                round(a.target),
                round(a.realisasi),
                a.realisasi_anggaran,
            )
        })
        .collect();
    let links: Vec<(u32, String)> = data
        .links
        .column("activity")
        .unwrap()
        .u32()
        .unwrap()
        .iter()
        .zip(sakip::frame::strings(&data.links, "priority").unwrap())
        .map(|(a, p)| (a.unwrap(), p))
        .collect();
    let scores = program_scores(&data, &alignment, &collaboration).unwrap();
    (rows, links, scores)
}

#[test]
fn the_renja_layout_gives_the_activities_of_its_tidy_form() {
    let dir = tempfile::tempdir().unwrap();
    let tidy = write(dir.path(), "kominfo.csv", RENJA_AS_TIDY);
    let (from_renja, renja_links, renja_scores) = read_rows(Path::new(RENJA), &renja_priorities());
    let (from_tidy, tidy_links, _) = read_rows(&tidy, &renja_priorities());
    assert_eq!(
        from_renja.len(),
        9,
        "the nine sub kegiatan are the leaves of the formula tree"
    );
    assert_eq!(from_renja, from_tidy);
    // Every row inherits the merged Sasaran RPJMD (D12:D28), which is P2's: all nine linked.
    assert_eq!(renja_links, tidy_links);
    assert_eq!(renja_links.len(), 9);
    // A1 = A2 = 1 (all linked); A3, A4 not assessed (the form has no such columns);
    // A5 = sum(pagu x min(realisasi / target, 1)) / sum(pagu)
    //    = (0.8 x 154,025,000 + 0.8 x 268,142,000 + 0.8 x 798,913,000 + 0.9 x 472,032,000
    //       + 0.8 x 278,517,000 + 0.8 x 243,733,000 + 1 x 469,225,000 + 0.9 x 868,890,000
    //       + 1 x 472,348,000) / 4,025,825,000 = 3,543,066,800 / 4,025,825,000
    // index = (35 + 20 + 20 x A5) / 75 x 100 = 96.8023
    let a5 = 3_543_066_800.0 / 4_025_825_000.0;
    close(
        &row(
            &renja_scores.alignment,
            "Dinas Komunikasi dan Informatika",
            &A,
        ),
        &[
            Some(1.0),
            Some(1.0),
            None,
            None,
            Some(a5),
            Some((55.0 + 20.0 * a5) / 75.0 * 100.0),
        ],
    );
    // No partner columns in the form: every collaboration part but C5 is not assessed, and C5
    // is 0 (P2 has one OPD): one part of five, so the index is not assessed.
    close(
        &row(
            &renja_scores.collaboration,
            "Dinas Komunikasi dan Informatika",
            &C,
        ),
        &[None, None, None, None, Some(0.0), None],
    );
}

/// A Renja form without formulas: the tree comes from the codes in the names.
fn write_renja_without_formulas(path: &Path, with_label: bool) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Renja").unwrap();
    let merge = rust_xlsxwriter::Format::new();
    ws.merge_range(
        0,
        0,
        0,
        9,
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
        &merge,
    )
    .unwrap();
    if with_label {
        ws.write_string(2, 0, "Perangkat Daerah :").unwrap();
    }
    ws.merge_range(4, 0, 5, 0, "No", &merge).unwrap();
    ws.write_string(5, 1, "Sasaran RPJMD").unwrap();
    ws.merge_range(4, 2, 5, 2, "Program/Kegiatan/Sub Kegiatan", &merge)
        .unwrap();
    ws.merge_range(4, 3, 5, 3, "Indikator Kinerja", &merge)
        .unwrap();
    ws.merge_range(4, 4, 5, 5, "Target Renja Tahun Berjalan", &merge)
        .unwrap();
    ws.merge_range(4, 6, 4, 11, "Realisasi Kinerja Pada Triwulan", &merge)
        .unwrap();
    for (c, q) in [(6, "I"), (8, "II"), (10, "III")] {
        ws.merge_range(5, c, 5, c + 1, q, &merge).unwrap();
    }
    for c in 0..6u16 {
        ws.write_string(6, 4 + 2 * c, "K").unwrap();
        ws.write_string(6, 5 + 2 * c, "Rp.").unwrap();
    }
    let rows: &[(&str, f64, f64, [f64; 3])] = &[
        (
            "1.02 PROGRAM PEMENUHAN UPAYA KESEHATAN",
            0.0,
            300.0,
            [0.0; 3],
        ),
        ("1.02.01 Penyediaan Layanan Kesehatan", 0.0, 300.0, [0.0; 3]),
        ("Imunisasi Dasar Lengkap", 90.0, 200.0, [30.0, 30.0, 20.0]),
        ("Posyandu Aktif", 50.0, 100.0, [10.0, 20.0, 30.0]),
    ];
    ws.write_string(7, 1, "Meningkatnya derajat kesehatan")
        .unwrap();
    for (i, (name, k, rp, quarters)) in rows.iter().enumerate() {
        let r = 7 + i as u32;
        ws.write_string(r, 2, *name).unwrap();
        ws.write_number(r, 5, *rp).unwrap();
        if *k > 0.0 {
            ws.write_number(r, 4, *k).unwrap();
            for (q, v) in quarters.iter().enumerate() {
                ws.write_number(r, 6 + 2 * q as u16, *v).unwrap();
                ws.write_number(r, 7 + 2 * q as u16, rp / 4.0).unwrap();
            }
        }
    }
    ws.write_string(14, 8, "Sukamaju, 15 Januari 2026").unwrap();
    ws.write_string(18, 8, "NIP. 19800101 200501 1 001")
        .unwrap();
    wb.save(path).unwrap();
}

#[test]
fn a_renja_form_without_formulas_or_label_takes_its_tree_from_codes_and_its_opd_from_the_file_name()
{
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("EVALUASI RENJA DINKES TAHUN 2025.xlsx");
    write_renja_without_formulas(&path, true);
    let (rows, links, scores) = read_rows(&path, &renja_priorities());
    let program = "PROGRAM PEMENUHAN UPAYA KESEHATAN".to_string();
    // Leaves: the two uncoded sub kegiatan; realisasi K = 30 + 30 + 20 and 10 + 20 + 30,
    // Rp = three quarters of a quarter of the budget each.
    assert_eq!(
        rows,
        vec![
            (
                "DINKES".to_string(),
                "Imunisasi Dasar Lengkap".to_string(),
                program.clone(),
                200.0,
                Some(90.0),
                Some(80.0),
                Some(150.0)
            ),
            (
                "DINKES".to_string(),
                "Posyandu Aktif".to_string(),
                program,
                100.0,
                Some(50.0),
                Some(60.0),
                Some(75.0)
            ),
        ]
    );
    assert_eq!(links, vec![(0, "P1".to_string()), (1, "P1".to_string())]);
    // A5 = (200 x min(80/90, 1) + 100 x min(60/50, 1)) / 300 = (177.78 + 100) / 300
    let a5 = (200.0 * 80.0 / 90.0 + 100.0) / 300.0;
    close(
        &row(&scores.alignment, "DINKES", &["A1", "A5"]),
        &[Some(1.0), Some(a5)],
    );
}

#[test]
fn a_renja_file_names_its_opd_through_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let renja = dir.path().join("EVALUASI RENJA DINKES TAHUN 2025.xlsx");
    write_renja_without_formulas(&renja, false);
    let registry = write(
        dir.path(),
        "opd.csv",
        "id,nama,alias
D1,Dinas Kesehatan,Dinkes
",
    );
    let priorities = write(dir.path(), "p.csv", &renja_priorities());
    let out = sakip()
        .args(["score", "--json", "--programs"])
        .arg(&renja)
        .arg("--priorities")
        .arg(&priorities)
        .arg("--opd-registry")
        .arg(&registry)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["opds"][0]["opd"], "Dinas Kesehatan");
    assert_eq!(
        json["opds"][0]["alignment"]["parts"]["A1"].as_f64(),
        Some(1.0)
    );
}

#[test]
fn the_demo_city_with_its_program_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut programs: Vec<PathBuf> = std::fs::read_dir("fixtures/demo-program")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    programs.sort();
    assert_eq!(programs.len(), 3, "tidy activities and two Renja forms");
    let out = sakip()
        .args([
            "score",
            "fixtures/demo",
            "--json",
            "--priorities",
            "fixtures/demo-program/prioritas-walikota.csv",
            "--programs",
        ])
        .args(&programs)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let opd = |name: &str| {
        json["opds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["opd"] == name)
            .unwrap()
            .clone()
    };
    // Every demo OPD has both an AKIP score and program data.
    assert!(json["opds"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["score"].is_number() && o["alignment"].is_object()));
    // Bappeda's Renja form (OPD from the file name "EVALUASI RENJA BAPPEDA ..."): three sub
    // kegiatan, all on P2 through the merged Sasaran RPJMD. A5 = (900 x 4/4 + 600 x 10/12
    // + 1200 x 90/100) / 2700 = 2480 / 2700; index = (35 + 20 + 20 x A5) / 75 x 100 = 97.83.
    let bappeda = opd("Badan Perencanaan Pembangunan Daerah");
    assert_eq!(bappeda["alignment"]["index"].as_f64(), Some(97.83));
    assert_eq!(bappeda["alignment"]["parts"]["A5"].as_f64(), Some(0.9185));
    // Kominfo's form is the shared sample: 96.80, as worked out in
    // the_renja_layout_gives_the_activities_of_its_tidy_form.
    assert_eq!(
        opd("Dinas Komunikasi dan Informatika")["alignment"]["index"].as_f64(),
        Some(96.8)
    );
    // The spread: some OPDs are silos, some are well connected.
    let silos = json["city"]["silos"].as_array().unwrap().len();
    assert!(silos > 0 && silos < 33, "{silos}");
    let collaboration: Vec<f64> = json["opds"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["collaboration"]["index"].as_f64())
        .collect();
    assert!(collaboration.contains(&0.0) && collaboration.iter().any(|c| *c > 60.0));
    // A Renja form has no partner columns: its OPD's collaboration rests on C5 alone and is not
    // assessed (it used to read 100 from C5 and rank first by --rank-by kolaborasi).
    for name in [
        "Badan Perencanaan Pembangunan Daerah",
        "Dinas Komunikasi dan Informatika",
    ] {
        let c = &opd(name)["collaboration"];
        assert_eq!(c["index"], serde_json::Value::Null, "{name}: {c}");
        assert_eq!(
            c["not_assessed"],
            serde_json::json!(["C1", "C2", "C3", "C4"]),
            "{name}"
        );
    }
}

#[test]
fn a_folder_of_program_data_of_many_opds_lists_its_network_as_pairs() {
    // 300 OPDs in two files of one folder: each names the next, and every tenth also the one
    // after: 300 + 30 pairs. Past 250 OPDs the matrix would be 90,000 cells no one could read.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("program");
    std::fs::create_dir(&folder).unwrap();
    let name = |i: usize| format!("Dinas Uji {:03}", i % 300);
    for (f, range) in [(0, 0..150), (1, 150..300)] {
        let mut text = String::from("opd;kode;nama;program;pagu;mitra_opd\n");
        for i in range {
            let mut partners = vec![name(i + 1)];
            if i % 10 == 0 {
                partners.push(name(i + 2));
            }
            text.push_str(&format!(
                "{};K{i};Kegiatan;Program Uji;100;{}\n",
                name(i),
                partners.join(", ")
            ));
        }
        write(&folder, &format!("program-{f}.csv"), &text);
    }
    let out = dir.path().join("out");
    sakip()
        .args(["score", "--quiet", "--programs"])
        .arg(&folder)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(out.join("feedback.xlsx")).unwrap();
    assert!(wb
        .sheet_names()
        .contains(&"Pasangan Kolaborasi".to_string()));
    let pairs = wb.worksheet_range("Pasangan Kolaborasi").unwrap();
    assert_eq!(pairs.height(), 1 + 330);
    assert_eq!(
        pairs.get_value((1, 0)),
        Some(&Data::String("Dinas Uji 000".into()))
    );
    assert_eq!(
        pairs.get_value((1, 1)),
        Some(&Data::String("Dinas Uji 001".into()))
    );
    assert_eq!(pairs.get_value((1, 2)), Some(&Data::Float(1.0)));
    let collaboration = wb.worksheet_range("Kolaborasi").unwrap();
    let note = collaboration
        .rows()
        .flatten()
        .any(|c| matches!(c, Data::String(s) if s.starts_with("Lebih dari 250 OPD")));
    assert!(note, "the matrix's place says where the pairs are");
}

/// An activity of `opd` on row `row` serving `priority`, every other field plain.
fn activity(opd: &str, row: usize, priority: &str) -> sakip::ingest::programs::Activity {
    use sakip::ingest::programs::{Activity, Placed, Present};
    use sakip::messages::{CellRef, Location};
    let at = Location::cell("program.xlsx", "Kegiatan", CellRef::new(row, 0));
    Activity {
        opd: Placed {
            value: opd.into(),
            at: at.clone(),
        },
        opd_fallback: None,
        kode: format!("K{row}").into(),
        nama: "Kegiatan".into(),
        program: Some("Program Uji".into()),
        indikator: None,
        satuan: None,
        target: None,
        realisasi: None,
        pagu: 100.0,
        realisasi_anggaran: None,
        prioritas: vec![Placed {
            value: priority.to_string(),
            at: at.clone(),
        }],
        sasaran_rpjmd: None,
        mitra_opd: Vec::new(),
        mitra_pentahelix: Vec::new(),
        jenis_indikator: None,
        horizon: None,
        present: Present::default(),
        at,
    }
}

#[test]
fn linking_many_activities_in_halves_keeps_their_order_and_numbers() {
    use sakip::ingest::tables::Priority;
    use sakip::messages::Location;
    // 20,000 activities (more than one thread links): OPD i % 100, the directory filled in
    // reverse name order; two unknown OPDs and two unknown priorities, one of each in each half.
    let mut dir = sakip::ingest::OpdDirectory::new();
    for k in (0..100).rev() {
        dir.add(&format!("Dinas {k:03}"), None, &[]);
    }
    let activities: Vec<_> = (0..20_000)
        .map(|i| {
            let opd = match i {
                7 | 15_007 => "Dinas Tak Dikenal".to_string(),
                _ => format!("Dinas {:03}", i % 100),
            };
            let priority = if i == 3 || i == 19_999 { "P9" } else { "P1" };
            activity(&opd, i, priority)
        })
        .collect();
    let priorities = vec![Priority {
        id: "P1".into(),
        nama: "Kota Sehat".into(),
        misi: None,
        sasaran_rpjmd: None,
        opd_pengampu: Vec::new(),
        at: Location::file("prioritas.csv"),
    }];
    // As one list, as sheets with the middle inside one, at the edge between two, and as
    // many small ones: the same numbers throughout.
    for sizes in [
        vec![20_000],
        vec![7_000, 6_000, 7_000],
        vec![10_000, 10_000],
        vec![1_000; 20],
    ] {
        let mut rest = activities.as_slice();
        let groups: Vec<&[_]> = sizes
            .iter()
            .map(|&n| {
                let (group, after) = rest.split_at(n);
                rest = after;
                group
            })
            .collect();
        let mut diag = Diagnostics::default();
        let data = link::link(&groups, &priorities, &dir, &mut diag).unwrap();
        // Problems in the order of their activities, across the halves, each met twice in the
        // one sheet: one problem with its range.
        let rows: Vec<(u32, usize, u32)> = diag
            .problems
            .iter()
            .map(|p| {
                let r = p.repeats.as_ref().unwrap();
                let at = p.location.as_ref().and_then(|l| l.cell).unwrap().row;
                (at, r.count, r.last.row)
            })
            .collect();
        assert_eq!(rows, vec![(3, 2, 19_999), (7, 2, 15_007)]);
        // OPDs numbered in name order; every activity but the two unknown OPDs' kept, in order, with
        // its own OPD.
        let names: Vec<String> = (0..100).map(|k| format!("Dinas {k:03}")).collect();
        assert_eq!(data.opds, names);
        let (ids, opds) = (data.activities.numbers(), data.activities.opds());
        let want: Vec<u32> = (0..20_000).filter(|&i| i != 7 && i != 15_007).collect();
        assert_eq!(ids, want);
        assert!(ids.iter().zip(&opds).all(|(&i, &o)| o == i % 100));
        // A link to P1 for every kept activity but the two naming P9.
        assert_eq!(data.links.height(), 19_996);
    }
}

#[test]
fn a_name_written_with_its_abbreviation_in_brackets_is_known_by_both_for_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let mut lke = String::from("opd,kode,jawaban\n");
    for opd in ["Dinas Pangan dan Pertanian (Dispaperta)", "Dinas Sosial"] {
        for (_, sub, k) in rubric.criteria() {
            let answer = if sub.code == "a" { "Y" } else { "AA" };
            lke.push_str(&format!("{opd},{},{answer}\n", k.code));
        }
    }
    let lke = write(dir.path(), "lke.csv", &lke);
    // The program data knows the OPD by its abbreviation only, and as a partner by its full
    // name.
    let programs = write(
        dir.path(),
        "program.csv",
        "opd,kode,nama,pagu,mitra_opd\nDISPAPERTA,1,x,100,Dinas Sosial\nDinas Sosial,2,y,100,Dinas Pangan dan Pertanian\n",
    );
    let out = sakip()
        .arg("score")
        .arg(&lke)
        .arg("--programs")
        .arg(&programs)
        .args(["--json", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let opds = json["opds"].as_array().unwrap();
    let names: Vec<&str> = opds.iter().map(|o| o["opd"].as_str().unwrap()).collect();
    assert_eq!(names, ["Dinas Pangan dan Pertanian", "Dinas Sosial"]);
    // Each names the other, as in the registry test: (30 + 4 + 15) / 65 = 75.38.
    for o in opds {
        assert_eq!(o["score"].as_f64(), Some(100.0), "{o}");
        assert_eq!(o["collaboration"]["index"].as_f64(), Some(75.38), "{o}");
    }

    let shown = sakip()
        .arg("inspect")
        .arg(&lke)
        .arg(&programs)
        .args(["--lang", "en"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&shown.get_output().stdout).to_string();
    assert!(
        text.contains(
            "used as aliases in this run:\n  'Dispaperta' -> 'Dinas Pangan dan Pertanian'\n"
        ),
        "{text}"
    );
    let shown = sakip()
        .arg("inspect")
        .arg(&lke)
        .arg("--json")
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    assert_eq!(
        json["aliases"],
        serde_json::json!([{"alias": "Dispaperta", "name": "Dinas Pangan dan Pertanian"}])
    );
}

#[test]
fn program_data_without_priorities_is_one_error_or_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    // Three activities name priorities, on two sheets' worth of rows: one error, not three.
    let naming = write(
        dir.path(),
        "program.csv",
        "opd,kode,nama,pagu,prioritas\nDinas A,1,a,100,P1\nDinas A,2,b,100,\nDinas B,3,c,100,P2\nDinas B,4,d,100,P1\n",
    );
    let failed = sakip()
        .args(["validate", "--lang", "en", "--programs"])
        .arg(&naming)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&failed.stdout).to_string();
    assert_eq!(failed.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains(
            "program!E2 ERROR: 3 activities name a priority (such as 'P1'), but no priorities file was given"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("--priorities FILE"), "{stdout}");
    assert_eq!(stdout.matches("ERROR").count(), 1, "{stdout}");

    // None names one: a warning, exit 0, and the alignment index not assessed (A1 and A2
    // would otherwise read 0 for want of a list); collaboration is still assessed.
    let plain = write(
        dir.path(),
        "plain.csv",
        "opd,kode,nama,pagu,mitra_opd\nDinas A,1,a,100,Dinas B\nDinas B,2,b,100,Dinas A\n",
    );
    let out = sakip()
        .args(["score", "--json", "--lang", "en", "--programs"])
        .arg(&plain)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "WARNING: program data without a priorities file: the Alignment Index is not assessed"
        ),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &json["opds"][0];
    assert_eq!(a["alignment"]["index"], serde_json::Value::Null, "{a}");
    assert_eq!(
        a["alignment"]["not_assessed"],
        serde_json::json!(["A1", "A2", "A3", "A4", "A5"])
    );
    // C1 = 1, C2 = 1/5, C4 = 1; C3 (no pentahelix column) and C5 (no priorities) not
    // assessed: (30 + 4 + 15) / 65 = 75.38.
    assert_eq!(a["collaboration"]["index"].as_f64(), Some(75.38), "{a}");
}

#[test]
fn an_index_resting_on_too_few_parts_reads_not_assessed_in_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let programs = write(
        dir.path(),
        "program.csv",
        "opd,kode,nama,pagu,prioritas\nDinas A,1,a,100,P1\nDinas B,2,b,100,\n",
    );
    let priorities = write(dir.path(), "prioritas.csv", PRIORITIES);
    let out = dir.path().join("out");
    sakip()
        .args(["score", "--lang", "en", "--programs"])
        .arg(&programs)
        .arg("--priorities")
        .arg(&priorities)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // Alignment: A1 and A2 only (no jenis, horizon, target columns): two parts of five.
    // Collaboration: C5 only (no mitra columns): one part.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("feedback.xlsx")).unwrap();
    for sheet in ["Alignment", "Collaboration"] {
        let range = calamine::Reader::worksheet_range(&mut book, sheet).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let header = rows
            .iter()
            .position(|r| r.first().is_some_and(|c| c == "OPD"))
            .unwrap();
        let index = rows[header].iter().position(|c| c == "Index").unwrap();
        for opd in ["Dinas A", "Dinas B"] {
            let row = rows.iter().find(|r| r[0] == opd).unwrap();
            assert_eq!(row[index], "Not assessed", "{sheet} {opd}: {row:?}");
        }
        assert!(
            rows.iter()
                .any(|r| r[0].contains("fewer than 3 parts is not assessed")),
            "{sheet}"
        );
    }
}
