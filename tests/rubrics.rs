//! Rubric loading and validation.

use sakip::rubric::{Rubric, RubricError};

/// A small valid rubric; tests break one thing at a time with string replacements.
pub const SMALL: &str = r##"
id = "kecil"
title = { id = "Rubrik kecil", en = "Small rubric" }
regime = "uji"
max_score = 100.0

[scales.yt]
name = { id = "Ya/Tidak" }
codes = [
  { code = "Y", value = 1.0, label = { id = "Ya" }, aliases = ["Ya"] },
  { code = "T", value = 0.0, label = { id = "Tidak" } },
]

[[bands]]
grade = "BAIK"
lower = 50.0
upper = 100.0
lower_inclusive = false
upper_inclusive = true
label = { id = "Baik" }

[[bands]]
grade = "KURANG"
lower = 0.0
upper = 50.0
lower_inclusive = true
upper_inclusive = true
label = { id = "Kurang" }

[[components]]
code = "1"
weight = 60.0
name = { id = "Satu" }

[[components.subcomponents]]
code = "a"
weight = 60.0
method = "mean"
scale = "yt"
name = { id = "Satu A" }
criteria = [ { code = "1.a.1", text = "Kriteria satu" }, { code = "1.a.2", text = "Kriteria dua" } ]

[[components]]
code = "2"
weight = 40.0
name = { id = "Dua" }

[[components.subcomponents]]
code = "a"
weight = 40.0
method = "mean"
scale = "yt"
name = { id = "Dua A" }
criteria = [ { code = "2.a.1", text = "Kriteria tiga" } ]
"##;

/// The problems of a rubric's text that does not load, in English.
pub fn problems(text: &str) -> Vec<String> {
    match Rubric::from_toml(text, "uji.toml") {
        Err(e @ RubricError::Invalid { .. }) => {
            let diag = e.diagnostics();
            let english = |p: &sakip::Problem| p.kind.describe(sakip::Lang::En).0;
            diag.problems.iter().map(english).collect()
        }
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("expected validation problems, the rubric loaded"),
    }
}

#[test]
fn the_small_rubric_is_valid() {
    let r = Rubric::from_toml(SMALL, "uji.toml").unwrap();
    assert_eq!(r.criterion_count(), 3);
    // Bands are kept highest first; 50 belongs to KURANG (its upper edge is inclusive).
    assert_eq!(r.band_for_centi(5000).unwrap().grade, "KURANG");
    assert_eq!(r.band_for_centi(5001).unwrap().grade, "BAIK");
    assert_eq!(r.band_for_centi(0).unwrap().grade, "KURANG");
}

#[test]
fn sub_component_weights_must_add_up_to_their_component() {
    let bad = SMALL.replacen("weight = 60.0\nmethod", "weight = 55.0\nmethod", 1);
    let p = problems(&bad);
    assert!(
        p.iter()
            .any(|m| m.contains("component 1 weighs 60 but its sub-components add up to 55")),
        "{p:?}"
    );
}

#[test]
fn components_must_add_up_to_the_maximum() {
    let bad = SMALL.replace("max_score = 100.0", "max_score = 90.0");
    let p = problems(&bad);
    assert!(
        p.iter()
            .any(|m| m.contains("components add up to 100 but max_score is 90")),
        "{p:?}"
    );
}

#[test]
fn unknown_scale_duplicate_code_and_band_faults_are_all_listed_at_once() {
    let bad = SMALL
        // A scale neither the rubric nor the built-in library (yt, aa_e, abc, abcd, abcde) has.
        .replacen("scale = \"yt\"", "scale = \"abcdef\"", 1)
        .replace("code = \"2.a.1\"", "code = \"1.a.1\"")
        .replace("lower = 50.0", "lower = 55.0");
    let p = problems(&bad);
    assert!(
        p.iter().any(|m| m.contains("unknown scale 'abcdef'")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|m| m.contains("criterion code '1.a.1' is given twice")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|m| m.contains("gap between 'KURANG' (up to 50) and 'BAIK' (from 55)")),
        "{p:?}"
    );
    assert!(p.len() >= 3);
}

#[test]
fn bands_that_overlap_are_refused() {
    let ranges = SMALL.replace("lower = 50.0", "lower = 45.0");
    assert!(problems(&ranges).iter().any(|m| m.contains("overlap")));
    // Both bands holding the edge 50 is an overlap too.
    let edge = SMALL.replacen("lower_inclusive = false", "lower_inclusive = true", 1);
    assert!(problems(&edge)
        .iter()
        .any(|m| m.contains("both hold the edge 50")));
    // Neither holding it is a gap.
    let gap = SMALL.replacen(
        "upper_inclusive = true\nlabel = { id = \"Kurang\" }",
        "upper_inclusive = false\nlabel = { id = \"Kurang\" }",
        1,
    );
    assert!(problems(&gap)
        .iter()
        .any(|m| m.contains("neither 'KURANG' nor 'BAIK' holds the edge 50")));
}

#[test]
fn bands_must_reach_zero_and_the_maximum() {
    let bad = SMALL
        .replace("upper = 100.0", "upper = 95.0")
        .replace("lower = 0.0", "lower = 5.0");
    let p = problems(&bad);
    assert!(p.iter().any(|m| m.contains("no band holds 0")), "{p:?}");
    assert!(
        p.iter()
            .any(|m| m.contains("no band holds the maximum 100")),
        "{p:?}"
    );
}

#[test]
fn unknown_fields_and_methods_are_named() {
    let bad = SMALL.replacen("method = \"mean\"", "method = \"median\"", 1);
    assert!(problems(&bad)
        .iter()
        .any(|m| m.contains("unknown method 'median'")));
    let typo = SMALL.replace("max_score", "maks_score");
    match Rubric::from_toml(&typo, "uji.toml") {
        Err(RubricError::Parse { message, .. }) => {
            assert!(message.contains("maks_score"), "{message}")
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn builtin_weights_follow_the_regulation() {
    for id in ["akip-2021", "akip-2021-opd"] {
        let r = Rubric::load(id).unwrap();
        let weights: Vec<f64> = r.components.iter().map(|c| c.weight).collect();
        assert_eq!(weights, vec![30.0, 30.0, 15.0, 25.0]);
        let subs: Vec<f64> = r.subcomponents().map(|(_, s)| s.weight).collect();
        assert_eq!(
            subs,
            vec![6.0, 9.0, 15.0, 6.0, 9.0, 15.0, 3.0, 4.5, 7.5, 5.0, 7.5, 12.5]
        );
        assert_eq!(
            r.bands.iter().map(|b| b.grade.as_str()).collect::<Vec<_>>(),
            ["AA", "A", "BB", "B", "CC", "C", "D"]
        );
    }
}

#[test]
fn a_rubric_file_path_loads_and_an_unknown_name_says_what_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kecil.toml");
    std::fs::write(&path, SMALL).unwrap();
    assert_eq!(Rubric::load(path.to_str().unwrap()).unwrap().id, "kecil");
    let err = Rubric::load("akip-1999").unwrap_err().to_string();
    assert!(err.contains("akip-2021-opd"), "{err}");
}

#[test]
fn akip_2015_has_the_earlier_regimes_weights_and_its_unconfirmed_edges_in_the_file() {
    let r = Rubric::load("akip-2015").unwrap();
    assert_eq!(r.regime, "PermenPAN-RB 12/2015");
    // DOMAIN.md: 30 / 25 / 15 / 10 / 20, Capaian Kinerja output 7.5 and outcome 12.5.
    let weights: Vec<(String, f64)> = r
        .components
        .iter()
        .map(|c| (c.key.clone(), c.weight))
        .collect();
    assert_eq!(
        weights,
        [
            ("perencanaan".to_string(), 30.0),
            ("pengukuran".to_string(), 25.0),
            ("pelaporan".to_string(), 15.0),
            ("evaluasi".to_string(), 10.0),
            ("capaian".to_string(), 20.0),
        ]
    );
    let subs = |code: &str| -> Vec<f64> {
        r.components
            .iter()
            .find(|c| c.code == code)
            .unwrap()
            .subcomponents
            .iter()
            .map(|s| s.weight)
            .collect()
    };
    assert_eq!(subs("1"), [2.0, 5.0, 3.0, 4.0, 10.0, 6.0]);
    assert_eq!(subs("2"), [5.0, 12.5, 7.5]);
    assert_eq!(subs("3"), [3.0, 7.5, 4.5]);
    assert_eq!(subs("4"), [2.0, 5.0, 3.0]);
    assert_eq!(subs("5"), [7.5, 12.5]);
    // The edges are data, marked unconfirmed in the title; on an edge the upper bound holds.
    assert!(r.title.id.contains("belum terkonfirmasi"));
    assert_eq!(r.band_for_centi(8500).unwrap().grade, "A");
    assert_eq!(r.band_for_centi(8501).unwrap().grade, "AA");
    assert_eq!(r.band_for_centi(5000).unwrap().grade, "CC");
    assert_eq!(r.band_for_centi(0).unwrap().grade, "D");
    // The components both regimes share carry the same keys.
    let now = Rubric::load("akip-2021-opd").unwrap();
    let keys: Vec<&str> = now.components.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["perencanaan", "pengukuran", "pelaporan", "evaluasi"]);
}

/// SMALL with component 2 answered on the built-in scale `scale` (four criteria), and `extra`
/// appended.
fn on_scale(scale: &str, extra: &str) -> Rubric {
    let text = SMALL.replace(
        "scale = \"yt\"\nname = { id = \"Dua A\" }\ncriteria = [ { code = \"2.a.1\", text = \"Kriteria tiga\" } ]",
        &format!("scale = \"{scale}\"\nname = {{ id = \"Dua A\" }}\ncriteria = [ {{ code = \"2.a.1\", text = \"K1\" }}, {{ code = \"2.a.2\", text = \"K2\" }}, {{ code = \"2.a.3\", text = \"K3\" }}, {{ code = \"2.a.4\", text = \"K4\" }} ]"),
    );
    assert!(text.contains(&format!("\"{scale}\"\nname = {{ id = \"Dua A")));
    Rubric::from_toml(&format!("{text}\n{extra}"), "uji.toml").unwrap()
}

#[test]
fn the_built_in_scales_are_the_domain_s_and_a_rubric_uses_or_redefines_them() {
    use crate::util::{ranking, record, score_records};
    let values = |id: &str| -> Vec<f64> {
        let r = on_scale(id, "");
        r.scales[id].codes.iter().map(|c| c.value).collect()
    };
    // DOMAIN.md: A/B/C 1/0.5/0, A/B/C/D 1/0.67/0.33/0, A/B/C/D/E 1/0.75/0.5/0.25/0.
    assert_eq!(values("abc"), [1.0, 0.5, 0.0]);
    assert_eq!(values("abcd"), [1.0, 0.67, 0.33, 0.0]);
    assert_eq!(values("abcde"), [1.0, 0.75, 0.5, 0.25, 0.0]);
    // Only the scales a rubric defines or uses are its own (its template lists them).
    let r = on_scale("abcd", "");
    assert_eq!(r.scales.keys().collect::<Vec<_>>(), ["abcd", "yt"]);
    // Dinas A: 1.a Y, T = 0.5 x 60 = 30; 2.a A, B, b, D = (1 + 0.67 + 0.67 + 0) / 4 = 0.585
    // x 40 = 23.4; final 53.40. With abcd redefined as 1/0.66/0.33/0 (a real KKE's values):
    // (1 + 0.66 + 0.66 + 0) / 4 = 0.58 x 40 = 23.2; final 53.20.
    let given = [
        ("1.a.1", "Y"),
        ("1.a.2", "T"),
        ("2.a.1", "A"),
        ("2.a.2", "B"),
        ("2.a.3", "b"),
        ("2.a.4", "D"),
    ];
    let answers: Vec<_> = given
        .iter()
        .enumerate()
        .map(|(i, (code, answer))| record("Dinas A", code, answer, i))
        .collect();
    let score = |r: &Rubric| {
        let scores = score_records(&answers, r, sakip::score::MissingPolicy::Error).unwrap();
        ranking(&scores)[0].2
    };
    assert_eq!(score(&r), 53.4);
    let kke = on_scale(
        "abcd",
        r#"
[scales.abcd]
name = { id = "A/B/C/D (KKE)" }
codes = [
  { code = "A", value = 1.0, label = { id = "A" } },
  { code = "B", value = 0.66, label = { id = "B" } },
  { code = "C", value = 0.33, label = { id = "C" } },
  { code = "D", value = 0.0, label = { id = "D" } },
]
"#,
    );
    assert_eq!(score(&kke), 53.2);
    // The built-in rubrics keep to their own scales.
    let opd = Rubric::load("akip-2021-opd").unwrap();
    assert_eq!(opd.scales.keys().collect::<Vec<_>>(), ["aa_e", "yt"]);
}
