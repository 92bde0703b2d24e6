//! Rubrics as trees: each aggregation, number scales and gates worked by hand on a small
//! `[[nodes]]` rubric, and every problem of a tree reported when it loads.

use crate::util::{column, ranking, record, score_records};
use sakip::rubric::Rubric;
use sakip::score::path::{paths, Path};
use sakip::score::MissingPolicy;

/// Two components of three parts, one of each aggregation:
/// - K1.S `sum` 30 of weighed criteria (10 + 20); K1.M `mean` 10; K1.W `weighted` 20 (15 + 5);
/// - K2.F `fulfilment` 10; K2.D `mean` 20 of a `share` criterion (evidence items weighing 2, 1
///   and 1) and a percentage; K2.I `sum` 10 of a survey index on 0-4 weighing 10.
///
/// BAIK needs more than 50 and K2.D at 70 % of its weight, every part of K1 at 20 %, and the
/// index at 7.5 points.
pub const TREE: &str = r##"
id = "pohon"
title = { id = "Rubrik pohon", en = "Tree rubric" }
regime = "uji"
max_score = 100.0

[[fulfilment]]
grade = "A"
value = 1.0
min_share = 1.0
share_inclusive = true

[[fulfilment]]
grade = "B"
value = 0.5
min_share = 0.5
share_inclusive = true

[[fulfilment]]
grade = "C"
value = 0.0
min_share = 0.0
share_inclusive = true

[[bands]]
grade = "BAIK"
lower = 50.0
upper = 100.0
lower_inclusive = false
upper_inclusive = true
label = { id = "Baik" }
requires = [
  { node = "K2.D", share_at_least = 0.7 },
  { every = "K1", level = 2, share_at_least = 0.2 },
  { node = "K2.I.1", at_least = 7.5 },
]

[[bands]]
grade = "KURANG"
lower = 0.0
upper = 50.0
lower_inclusive = true
upper_inclusive = true
label = { id = "Kurang" }

[[nodes]]
code = "K1"
name = { id = "Komponen satu" }
weight = 60.0

[[nodes]]
code = "K1.S"
parent = "K1"
name = { id = "Jumlah" }
weight = 30.0
aggregate = "sum"

[[nodes]]
code = "K1.S.1"
parent = "K1.S"
text = "Berbobot sepuluh"
weight = 10.0
scale = "yt"

[[nodes]]
code = "K1.S.2"
parent = "K1.S"
text = "Berbobot dua puluh"
weight = 20.0
scale = "abc"

[[nodes]]
code = "K1.M"
parent = "K1"
name = { id = "Rata-rata" }
weight = 10.0
aggregate = "mean"

[[nodes]]
code = "K1.M.1"
parent = "K1.M"
text = "Ya atau tidak"
scale = "yt"

[[nodes]]
code = "K1.M.2"
parent = "K1.M"
text = "A sampai D"
scale = "abcd"

[[nodes]]
code = "K1.M.3"
parent = "K1.M"
text = "A sampai E"
scale = "abcde"

[[nodes]]
code = "K1.W"
parent = "K1"
name = { id = "Tertimbang" }
weight = 20.0
aggregate = "weighted"

[[nodes]]
code = "K1.W.1"
parent = "K1.W"
text = "Berbobot lima belas"
weight = 15.0
scale = "yt"

[[nodes]]
code = "K1.W.2"
parent = "K1.W"
text = "Berbobot lima"
weight = 5.0
scale = "abcde"

[[nodes]]
code = "K2"
name = { id = "Komponen dua" }
weight = 40.0

[[nodes]]
code = "K2.F"
parent = "K2"
name = { id = "Pemenuhan" }
weight = 10.0
aggregate = "fulfilment"
scale = "yt"

[[nodes]]
code = "K2.F.1"
parent = "K2.F"
text = "Satu"

[[nodes]]
code = "K2.F.2"
parent = "K2.F"
text = "Dua"

[[nodes]]
code = "K2.F.3"
parent = "K2.F"
text = "Tiga"

[[nodes]]
code = "K2.F.4"
parent = "K2.F"
text = "Empat"

[[nodes]]
code = "K2.D"
parent = "K2"
name = { id = "Dokumen" }
weight = 20.0
aggregate = "mean"

[[nodes]]
code = "K2.D.1"
parent = "K2.D"
text = "Dokumen tersedia (menurut buktinya)"
aggregate = "share"
scale = "yt"

[[nodes]]
code = "K2.D.1.a"
parent = "K2.D.1"
text = "Renstra"
weight = 2.0

[[nodes]]
code = "K2.D.1.b"
parent = "K2.D.1"
text = "Renja"
weight = 1.0

[[nodes]]
code = "K2.D.1.c"
parent = "K2.D.1"
text = "Perjanjian Kinerja"

[[nodes]]
code = "K2.D.2"
parent = "K2.D"
text = "Persentase target tercapai"
scale = "persen"
aggregate = "direct"

[[nodes]]
code = "K2.I"
parent = "K2"
name = { id = "Indeks" }
weight = 10.0

[[nodes]]
code = "K2.I.1"
parent = "K2.I"
text = "Indeks survei"
weight = 10.0
scale = "indeks_0_4"
aggregate = "direct"
"##;

fn tree() -> Rubric {
    Rubric::from_toml(TREE, "pohon.toml").expect("the tree rubric loads")
}

/// The answers of the unit worked by hand below, with K2.D.2 answered `percent`.
fn answers(opd: &str, percent: &str) -> Vec<sakip::ingest::AnswerRecord> {
    [
        ("K1.S.1", "Y"),
        ("K1.S.2", "B"),
        ("K1.M.1", "Y"),
        ("K1.M.2", "B"),
        ("K1.M.3", "C"),
        ("K1.W.1", "T"),
        ("K1.W.2", "A"),
        ("K2.F.1", "Y"),
        ("K2.F.2", "Y"),
        ("K2.F.3", "Y"),
        ("K2.F.4", "T"),
        ("K2.D.1.a", "Y"),
        ("K2.D.1.b", "T"),
        ("K2.D.1.c", "Y"),
        ("K2.D.2", percent),
        ("K2.I.1", "3"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (code, answer))| record(opd, code, answer, i))
    .collect()
}

/// K1.S sum: Y x 10 + B (0.5) x 20 = 20. K1.M mean: (1 + 0.67 + 0.5) / 3 x 10 = 7.2333.
/// K1.W weighted: (0 x 15 + 1 x 5) / 20 x 20 = 5. K2.F fulfilment: 3 of 4 met is 75 %, grade B
/// (0.5) x 10 = 5. K2.D mean of the share (2 x 1 + 1 x 0 + 1 x 1) / 4 = 0.75 and 60 %:
/// 0.675 x 20 = 13.5. K2.I sum: 3 / 4 x 10 = 7.5. Final 32.2333 + 26 = 58.2333: 58.23.
/// Above 50, but K2.D holds 67.5 % of its weight, not 70 %: KURANG. At 80 %, K2.D is
/// 0.775 x 20 = 15.5 (77.5 %) and the final 60.23: BAIK.
#[test]
fn every_aggregation_by_hand() {
    let r = tree();
    let mut records = answers("Dinas A", "60%");
    records.extend(answers("Dinas B", "0,8"));
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let node = |opd: &str, code: &str| {
        let o = scores.nodes.position(opd).unwrap();
        scores.nodes.score(o, r.node_place(code).unwrap()).unwrap()
    };
    assert!(close(node("Dinas A", "K1.S"), 20.0));
    assert!(close(node("Dinas A", "K1.M"), 21.7 / 3.0));
    assert!(close(node("Dinas A", "K1.W"), 5.0));
    assert!(close(node("Dinas A", "K2.F"), 5.0));
    assert!(close(node("Dinas A", "K2.D.1"), 0.75));
    assert!(close(node("Dinas A", "K2.D"), 13.5));
    assert!(close(node("Dinas A", "K2.I"), 7.5));
    assert!(close(node("Dinas A", "K2.I.1"), 7.5));
    assert!(close(node("Dinas A", "K1"), 20.0 + 21.7 / 3.0 + 5.0));
    assert!(close(node("Dinas B", "K2.D"), 15.5));
    // The ranking's columns are the first two levels.
    assert!(close(column(&scores, "K2", "Dinas A"), 26.0));
    assert!(close(column(&scores, "K1.M", "Dinas A"), 21.7 / 3.0));
    assert_eq!(
        ranking(&scores),
        [
            (1, "Dinas B".to_string(), 60.23, "BAIK".to_string()),
            (2, "Dinas A".to_string(), 58.23, "KURANG".to_string()),
        ]
    );
    // Dinas A's way up: no points are missing, one gate is.
    let paths = paths(&scores, &r).unwrap();
    let Path::Steps {
        target,
        steps,
        unmet,
    } = &paths[1].1
    else {
        panic!("{:?}", paths[1].1)
    };
    assert_eq!((target.as_str(), steps.len()), ("BAIK", 0));
    assert_eq!(unmet.len(), 1);
    assert_eq!(unmet[0].node, "K2.D");
    assert!(close(unmet[0].has, 0.675) && unmet[0].needed == 0.7 && unmet[0].share);
    assert_eq!(paths[0].1, Path::Top);
}

/// What a whole point of each criterion's value is worth in the final score, through the
/// nodes above it: K1.M's criteria 10 / 3; K1.W.1 15 x 20 / 20; an evidence item of K2.D.1
/// weighing 1: 1 / 4 of the share, which is half of K2.D's mean of 20: 2.5.
#[test]
fn each_criterion_reaches_the_final_score_through_its_nodes() {
    let r = tree();
    let reach = |code: &str| {
        let k = r.criteria().position(|(_, _, c)| c.code == code).unwrap();
        r.criterion_points(r.leaf_nodes[k], 1.0)
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert!(close(reach("K1.M.2"), 10.0 / 3.0));
    assert!(close(reach("K1.W.1"), 15.0));
    assert!(close(reach("K1.S.2"), 20.0));
    assert!(close(reach("K2.D.1.b"), 2.5));
    assert!(close(reach("K2.D.1.a"), 5.0));
    assert!(close(reach("K2.D.2"), 10.0));
    assert!(close(reach("K2.I.1"), 10.0));
    // Each sub-component of the view holds every criterion under it, at any depth.
    let (_, dokumen) = r.subcomponents().find(|(_, s)| s.key == "K2.D").unwrap();
    let codes: Vec<&str> = dokumen.criteria.iter().map(|k| k.code.as_str()).collect();
    assert_eq!(codes, ["K2.D.1.a", "K2.D.1.b", "K2.D.1.c", "K2.D.2"]);
}

/// Each flaw of a tree, planted alone in the rubric above, is named when it loads.
#[test]
fn every_flaw_of_a_tree_is_named() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "code = \"K1.M.3\"",
            "code = \"K1.M.2\"",
            "node code 'K1.M.2' is given twice",
        ),
        (
            "parent = \"K1.W\"\ntext = \"Berbobot lima\"",
            "parent = \"K9\"\ntext = \"Berbobot lima\"",
            "node K1.W.2: parent 'K9' is no node",
        ),
        (
            "text = \"Renja\"",
            "text = \"Renja\"\naggregate = \"sum\"",
            "criterion K2.D.1.b has nothing under it but is given aggregate 'sum'",
        ),
        (
            "weight = 10.0\naggregate = \"mean\"",
            "weight = 10.0\naggregate = \"median\"",
            "node K1.M: unknown aggregate 'median'",
        ),
        (
            "text = \"Berbobot lima\"\nweight = 5.0",
            "text = \"Berbobot lima\"",
            "node K1.W.2 has no weight, but its parent K1.W (weighted)",
        ),
        (
            "text = \"Berbobot sepuluh\"\nweight = 10.0",
            "text = \"Berbobot sepuluh\"\nweight = 12.0",
            "node K1.S weighs 30, but its children's weights add up to 32",
        ),
        (
            "name = { id = \"Rata-rata\" }\nweight = 10.0",
            "name = { id = \"Rata-rata\" }",
            "node K1.M aggregates the parts under it but has no weight",
        ),
        (
            "scale = \"indeks_0_4\"\naggregate = \"direct\"",
            "scale = \"abc\"\naggregate = \"direct\"",
            "criterion K2.I.1 is scored direct but its scale 'abc' is not a number scale",
        ),
        (
            "name = { id = \"Dokumen\" }\nweight = 20.0\naggregate = \"mean\"",
            "name = { id = \"Dokumen\" }\nweight = 20.0\naggregate = \"share\"",
            "node K2.D (share) may hold criteria only",
        ),
        (
            "code = \"K2.F.1\"\nparent = \"K2.F\"",
            "code = \"K2.F.1\"\nparent = \"K2\"\nweight = 0.0",
            "component K2 holds criteria right under it",
        ),
        (
            "{ node = \"K2.D\", share_at_least = 0.7 }",
            "{ node = \"K7\", share_at_least = 0.7 }",
            "predicate BAIK: a requirement names 'K7'",
        ),
        (
            "{ node = \"K2.D\", share_at_least = 0.7 }",
            "{ node = \"K2.D\", share_at_least = 70.0 }",
            "the requirement on K2.D asks for a share outside 0 to 1",
        ),
        (
            "level = 2,",
            "level = 7,",
            "there is no node of level 7 under K1",
        ),
        (
            "{ node = \"K2.I.1\", at_least = 7.5 }",
            "{ node = \"K2.I.1\" }",
            "predicate BAIK, requirement 3: not a known shape",
        ),
        (
            "code = \"K2.I\"\nparent = \"K2\"",
            "code = \"K2.I\"\nparent = \"K2.I.1\"",
            "node K2.I lies under no component",
        ),
        (
            "name = { id = \"Tertimbang\" }",
            "",
            "node K1.W has neither a name nor a text",
        ),
        (
            "text = \"Berbobot lima\"\nweight = 5.0",
            "text = \"Berbobot lima\"\nweight = -5.0",
            "node K1.W.2: weight -5 is negative",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(TREE.contains(from), "{from}");
        let text = TREE.replacen(from, to, 1);
        let found = crate::rubrics::problems(&text);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{expected}\nfound: {found:#?}"
        );
    }
    // A whole extra scale, a number range with codes too, and components beside nodes.
    let scales = "\n[scales.rusak]\nname = { id = \"Rusak\" }\nnumber = { min = 4.0, max = 0.0 }\n\n[scales.dua]\nname = { id = \"Dua\" }\nnumber = { min = 0.0, max = 4.0 }\ncodes = [ { code = \"A\", value = 1.0, label = { id = \"A\" } } ]\n";
    let found = crate::rubrics::problems(&TREE.replacen(
        "max_score = 100.0",
        &format!("max_score = 100.0\n{scales}"),
        1,
    ));
    assert!(
        found
            .iter()
            .any(|p| p.contains("the number range 4 to 0 is empty")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("scale dua gives both answer codes and a number range")),
        "{found:#?}"
    );
    let both =
        format!("{TREE}\n[[components]]\ncode = \"9\"\nweight = 1.0\nname = {{ id = \"X\" }}\n");
    let found = crate::rubrics::problems(&both);
    assert!(
        found
            .iter()
            .any(|p| p.contains("both [[components]] and [[nodes]]")),
        "{found:#?}"
    );
}

/// Four tiers side by side (the OPD's own, verification, quality assurance, final): each tier
/// against the next, kappa by hand. Three Y/T criteria of one OPD:
/// - mandiri Y Y Y, verval Y T Y: pairs (1,1) (1,0) (1,1); observed 1/3; chance
///   E[a2] - 2E[a]E[b] + E[b2] = 1 - 4/3 + 2/3 = 1/3: kappa 0; 2 of 3 the same.
/// - verval Y T Y, penjaminan Y T T: observed 1/3; chance 2/3 - 4/9 + 1/3 = 5/9: kappa 0.4.
/// - penjaminan Y T T, final Y T T: observed 0: kappa 1, all the same.
#[test]
fn each_tier_is_reconciled_with_the_next() {
    let text = TREE.replacen(
        "max_score = 100.0",
        "max_score = 100.0\ntiers = [\"mandiri\", \"verval\", \"penjaminan\", \"final\"]\nscored_tier = \"final\"",
        1,
    );
    let r = Rubric::from_toml(&text, "pohon.toml").unwrap();
    let mut records = answers("Dinas A", "60%");
    for rec in &mut records {
        rec.tier = "final".into();
    }
    let tiers = [
        ("mandiri", ["Y", "Y", "Y"]),
        ("verval", ["Y", "T", "Y"]),
        ("penjaminan", ["Y", "T", "T"]),
    ];
    for (t, (tier, given)) in tiers.iter().enumerate() {
        for (k, (code, answer)) in ["K1.S.1", "K1.M.1", "K1.W.1"].iter().zip(given).enumerate() {
            let mut rec = record("Dinas A", code, answer, 100 + t * 10 + k);
            rec.tier = tier.to_string();
            records.push(rec);
        }
    }
    // The final answers of the three criteria: Y T T.
    for rec in records.iter_mut().filter(|r| r.tier == "final") {
        match rec.code.as_str() {
            "K1.M.1" | "K1.W.1" => rec.answer = "T".into(),
            "K1.S.1" => rec.answer = "Y".into(),
            _ => {}
        }
    }
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    let got: Vec<(&str, &str, usize, f64, Option<f64>)> = scores
        .tier_pairs
        .iter()
        .map(|p| {
            let kappa = p.kappa.map(|k| (k * 1e9).round() / 1e9);
            let share = (p.identical_share * 1e9).round() / 1e9;
            (p.lower.as_str(), p.upper.as_str(), p.compared, share, kappa)
        })
        .collect();
    let two_thirds = (2.0f64 / 3.0 * 1e9).round() / 1e9;
    assert_eq!(
        got,
        [
            ("mandiri", "verval", 3, two_thirds, Some(0.0)),
            ("verval", "penjaminan", 3, two_thirds, Some(0.4)),
            ("penjaminan", "final", 3, 1.0, Some(1.0)),
        ]
    );
    assert_eq!(
        scores.tier_pairs[1].opds,
        [("Dinas A".to_string(), 3, scores.tier_pairs[1].kappa)]
    );
    // And in the reconciliation, beside the first tier against the last.
    let rec = sakip::score::reconcile::reconcile(&scores, &r)
        .unwrap()
        .unwrap();
    assert_eq!(
        (rec.own_tier.as_str(), rec.final_tier.as_str()),
        ("mandiri", "final")
    );
    assert_eq!(rec.tier_pairs, scores.tier_pairs);
}

/// The demo's four-tier KKE (`make_demo`, rubric `fixtures/kke-opd-2025.toml`): codes in their
/// own column, evidence documents named (not numbered) under their criterion, four tiers side
/// by side. Every OPD is
/// scored on its final tier; each tier is compared with the next over all 28 criteria of the
/// 4 OPDs; and component A of the first sheet is what its final column gives by hand (A.1:
/// mean of AREN001, AREN002 and the share of AREN003's three documents, x 6; A.2 and A.3: means
/// of A/B/C/D at 1/0.66/0.33/0, x 9 and x 15).
#[test]
fn the_demo_kke_is_read_tier_by_tier() {
    use calamine::{open_workbook_auto, Reader};
    let out = tempfile::tempdir().unwrap();
    let kke = [
        "fixtures/demo-kke",
        "--rubric",
        "fixtures/kke-opd-2025.toml",
    ];
    let json = crate::util::score_json(&kke, out.path());
    assert_eq!(json["opds"].as_array().unwrap().len(), 4);
    let pairs = json["reconciliation"]["tier_pairs"].as_array().unwrap();
    let names: Vec<(&str, &str, u64)> = pairs
        .iter()
        .map(|p| {
            (
                p["lower"].as_str().unwrap(),
                p["upper"].as_str().unwrap(),
                p["compared"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("mandiri", "verval", 112),
            ("verval", "penjaminan", 112),
            ("penjaminan", "final", 112)
        ]
    );
    // Component A of Dinas Kesehatan from its sheet's final answers (column M).
    let mut wb = open_workbook_auto("fixtures/demo-kke/KKE-AKIP-OPD-2025.xlsx").unwrap();
    let sheet = wb.worksheet_range("Dinas Kesehatan").unwrap();
    // A criterion by its code; an evidence document (unnumbered) by its name.
    let answer = |code: &str| -> f64 {
        let row = sheet
            .rows()
            .find(|r| r[0] == code || r[1].to_string().trim_start_matches("- ") == code)
            .unwrap_or_else(|| panic!("no row {code}"));
        match row[12].to_string().as_str() {
            "Y" | "A" => 1.0,
            "B" => 0.66,
            "C" => 0.33,
            _ => 0.0,
        }
    };
    let mean = |codes: &[f64]| codes.iter().sum::<f64>() / codes.len() as f64;
    let share = mean(&[
        answer("Dokumen Perjanjian Kinerja Kepala Perangkat Daerah"),
        answer("Dokumen Perjanjian Kinerja Eselon III"),
        answer("Dokumen Perjanjian Kinerja Eselon IV"),
    ]);
    let a1 = mean(&[answer("AREN001"), answer("AREN002"), share]) * 6.0;
    let a2 = mean(&[answer("AREN004"), answer("AREN005"), answer("AREN006")]) * 9.0;
    let a3 = mean(&[answer("AREN007"), answer("AREN008")]) * 15.0;
    let kes = json["opds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["opd"] == "Dinas Kesehatan")
        .unwrap();
    let got = kes["components"]["A"].as_f64().unwrap();
    assert!(
        (got - (a1 + a2 + a3)).abs() < 1e-9,
        "{got} vs {}",
        a1 + a2 + a3
    );
}
