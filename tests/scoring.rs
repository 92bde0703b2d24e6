//! Scoring against numbers worked out by hand.

use crate::rubrics::SMALL;
use crate::util::{column, pattern, ranking, record, rubric, score_records};
use sakip::rubric::Rubric;
use sakip::score::{ConflictPolicy, MissingPolicy, Policies};
use sakip::ProblemKind;
use sakip::ScoreProblem;

#[test]
fn mean_method_by_hand() {
    let r = rubric("akip-2021-opd");
    // a = Y (1.0), b = A (0.9), c = BB (0.8):
    // component 1: 6 x 1 + 9 x 0.9 + 15 x 0.8 = 6 + 8.1 + 12 = 26.1
    // component 2: the same, 26.1
    // component 3: 3 x 1 + 4.5 x 0.9 + 7.5 x 0.8 = 3 + 4.05 + 6 = 13.05
    // component 4: 5 x 1 + 7.5 x 0.9 + 12.5 x 0.8 = 5 + 6.75 + 10 = 21.75
    // final: 26.1 + 26.1 + 13.05 + 21.75 = 87.00, predicate A (> 80 - 90).
    let scores = score_records(
        &pattern(&r, "Inspektorat", "Y", "A", "BB"),
        &r,
        MissingPolicy::Error,
    )
    .unwrap();
    assert_eq!(
        ranking(&scores),
        vec![(1, "Inspektorat".to_string(), 87.0, "A".to_string())]
    );
    assert!((column(&scores, "1", "Inspektorat") - 26.1).abs() < 1e-9);
    assert!((column(&scores, "3", "Inspektorat") - 13.05).abs() < 1e-9);
    assert!((column(&scores, "4.b", "Inspektorat") - 6.75).abs() < 1e-9);
}

#[test]
fn mean_method_averages_mixed_answers() {
    let r = rubric("akip-2021-opd");
    let mut records = pattern(&r, "Dinas Uji", "Y", "BB", "BB");
    // 1.a has 7 criteria; two answered T: mean 5/7, score 6 x 5/7 = 4.285714...
    // 2.b has 7 criteria; one answered E and one AA: (5 x 0.8 + 0 + 1) / 7 = 5/7, score 9 x 5/7 = 6.428571...
    for r in records.iter_mut() {
        match r.code.as_str() {
            "1.a.1" | "1.a.2" => r.answer = "Tidak".into(),
            "2.b.1" => r.answer = "E".into(),
            "2.b.2" => r.answer = "aa".into(),
            _ => {}
        }
    }
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    assert!((column(&scores, "1.a", "Dinas Uji") - 6.0 * 5.0 / 7.0).abs() < 1e-9);
    assert!((column(&scores, "2.b", "Dinas Uji") - 9.0 * 5.0 / 7.0).abs() < 1e-9);
    // Everything else: a subs full (6 + 6 + 3 + 5 = 20 less 1.a's), b and c at 0.8.
    // 1.a 4.285714 + 2.a 6 + 3.a 3 + 4.a 5 = 18.285714
    // b and c except 2.b: 0.8 x (80 - 9) = 56.8; 2.b 6.428571
    // total 18.285714 + 56.8 + 6.428571 = 81.514286 -> 81.51, A
    let rows = ranking(&scores);
    assert_eq!(rows[0].2, 81.51);
    assert_eq!(rows[0].3, "A");
}

#[test]
fn fulfilment_method_by_hand() {
    let r = rubric("akip-2021");
    let mut records = pattern(&r, "Kota Uji", "Y", "Y", "Y");
    for rec in records.iter_mut() {
        rec.kept_years = Some(2.0);
        match rec.code.as_str() {
            // 1.a: 5 of 7 met = 71.4%, "more than 50% up to 75%" -> CC 0.6 -> 6 x 0.6 = 3.6
            "1.a.1" | "1.a.2" => rec.answer = "T".into(),
            // 2.a: 0 of 3 met -> E 0 -> 0
            "2.a.1" | "2.a.2" | "2.a.3" => rec.answer = "Tidak Ada".into(),
            // 3.c: all met but one kept under a year -> BB 0.8 -> 7.5 x 0.8 = 6
            "3.c.4" => rec.kept_years = Some(0.5),
            _ => {}
        }
    }
    // every other sub-component: all met, all kept 2 years -> A 0.9:
    // (100 - 6 - 6 - 7.5) x 0.9 = 80.5 x 0.9 = 72.45
    // final 72.45 + 3.6 + 0 + 6 = 82.05 -> A
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    assert!((column(&scores, "1.a", "Kota Uji") - 3.6).abs() < 1e-9);
    assert_eq!(column(&scores, "2.a", "Kota Uji"), 0.0);
    assert!((column(&scores, "3.c", "Kota Uji") - 6.0).abs() < 1e-9);
    assert!((column(&scores, "1.b", "Kota Uji") - 8.1).abs() < 1e-9);
    assert_eq!(ranking(&scores)[0].2, 82.05);
    assert_eq!(ranking(&scores)[0].3, "A");
}

#[test]
fn fulfilment_kept_five_years_is_aa_and_unknown_kept_is_bb() {
    let r = rubric("akip-2021");
    let mut kept = pattern(&r, "Lima Tahun", "Y", "Y", "Y");
    kept.iter_mut().for_each(|x| x.kept_years = Some(5.0));
    let unknown = pattern(&r, "Tanpa Keterangan", "Y", "Y", "Y");
    let all: Vec<_> = kept.into_iter().chain(unknown).collect();
    let scores = score_records(&all, &r, MissingPolicy::Error).unwrap();
    // All met and kept >= 5 years: AA (100) everywhere -> 100. All met, years unknown: BB -> 80.
    let rows = ranking(&scores);
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("Lima Tahun", 100.0));
    assert_eq!(
        (rows[1].1.as_str(), rows[1].2, rows[1].3.as_str()),
        ("Tanpa Keterangan", 80.0, "BB")
    );
}

/// The small rubric with component weights `w1` and `w2` (one sub-component each, adding up to
/// 100), the AKIP predicate bands, and an extra answer code `X` worth `value`.
fn edge_rubric(w1: f64, w2: f64, value: f64) -> Rubric {
    let opd = include_str!("../rubrics/akip-2021-opd.toml");
    let akip_bands = &opd[opd.find("[[bands]]").unwrap()..opd.find("[[components]]").unwrap()];
    let small_bands =
        &SMALL[SMALL.find("[[bands]]").unwrap()..SMALL.find("[[components]]").unwrap()];
    let text = SMALL
        .replace(small_bands, akip_bands)
        .replace("weight = 60.0", &format!("weight = {w1}"))
        .replace("weight = 40.0", &format!("weight = {w2}"))
        .replace(
            "{ code = \"T\", value = 0.0, label = { id = \"Tidak\" } },",
            &format!("{{ code = \"T\", value = 0.0, label = {{ id = \"Tidak\" }} }},\n  {{ code = \"X\", value = {value}, label = {{ id = \"X\" }} }},"),
        );
    Rubric::from_toml(&text, "edge.toml").unwrap()
}

#[test]
fn predicate_band_edges() {
    let r = rubric("akip-2021-opd");
    let band = |centi: i64| r.band_for_centi(centi).unwrap().grade.clone();
    assert_eq!(band(8000), "BB");
    assert_eq!(band(8001), "A");
    assert_eq!(band(9000), "A");
    assert_eq!(band(9001), "AA");
    assert_eq!(band(3000), "D");
    assert_eq!(band(3001), "C");
    assert_eq!(band(0), "D");
    assert_eq!(band(10000), "AA");
}

#[test]
fn a_total_landing_exactly_on_80_is_bb_and_80_01_is_a() {
    let r = rubric("akip-2021-opd");
    // a = Y (20 points), b = C (0.5 x 30 = 15), c = A (0.9 x 50 = 45): exactly 80.00 -> BB.
    let edge = pattern(&r, "Tepat 80", "Y", "C", "A");
    let scores = score_records(&edge, &r, MissingPolicy::Error).unwrap();
    assert_eq!(ranking(&scores)[0].2, 80.0);
    assert_eq!(ranking(&scores)[0].3, "BB");
    // A rubric whose first component is worth 100 and an answer worth 0.8001: 80.01.
    let r = edge_rubric(100.0, 0.0, 0.8001);
    let recs = vec![
        record("Di Atas", "1.a.1", "X", 0),
        record("Di Atas", "1.a.2", "X", 1),
        record("Di Atas", "2.a.1", "T", 2),
    ];
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    assert_eq!(ranking(&scores)[0].2, 80.01);
    assert_eq!(ranking(&scores)[0].3, "A");
}

#[test]
fn a_float_sum_of_79_99999999999999_is_still_80_and_bb() {
    // 0.8 x 9.18 + 0.8 x 90.82 is 79.99999999999999 in binary floating point.
    let raw = 0.8 * 9.18 + 0.8 * 90.82;
    assert!(
        raw < 80.0,
        "the case must really be below 80 in floating point: {raw}"
    );
    let text = include_str!("../rubrics/akip-2021-opd.toml");
    let r = Rubric::from_toml(text, "opd").unwrap();
    let centi = sakip::score::round_centi(raw);
    assert_eq!(centi, 8000);
    assert_eq!(r.band_for_centi(centi).unwrap().grade, "BB");
    // And through the whole engine: components weighing 9.18 and 90.82, every answer worth 0.8.
    let r = edge_rubric(9.18, 90.82, 0.8);
    let recs = vec![
        record("Pas", "1.a.1", "X", 0),
        record("Pas", "1.a.2", "X", 1),
        record("Pas", "2.a.1", "X", 2),
    ];
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    let sum = column(&scores, "1", "Pas") + column(&scores, "2", "Pas");
    assert!(sum < 80.0, "the engine's own sum is below 80: {sum}");
    let (_, _, score, predicate) = &ranking(&scores)[0];
    assert_eq!((*score, predicate.as_str()), (80.0, "BB"));
}

#[test]
fn scores_of_30_and_0_are_d() {
    let r = rubric("akip-2021-opd");
    // a = T (0), b = D (0.3 x 30 = 9), c = D (0.3 x 50 = 15): 24 -> D. a = Y (20) + b, c = E: 20 -> D.
    // a = T, b = E, c = CC (0.6 x 50 = 30): exactly 30.00 -> D.
    let mut recs = pattern(&r, "Tiga Puluh", "T", "E", "CC");
    recs.extend(pattern(&r, "Nol", "T", "E", "E"));
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    let rows = ranking(&scores);
    assert_eq!((rows[0].2, rows[0].3.as_str()), (30.0, "D"));
    assert_eq!((rows[1].2, rows[1].3.as_str()), (0.0, "D"));
}

#[test]
fn ties_share_a_rank_and_are_listed_by_name() {
    let r = rubric("akip-2021-opd");
    let mut recs = pattern(&r, "Dinas Sosial", "Y", "A", "BB");
    recs.extend(pattern(&r, "Dinas Kesehatan", "Y", "A", "BB"));
    recs.extend(pattern(&r, "Bappeda", "Y", "AA", "AA"));
    recs.extend(pattern(&r, "Kecamatan Barat", "T", "E", "E"));
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    let rows: Vec<(u32, String)> = ranking(&scores)
        .into_iter()
        .map(|(rank, opd, _, _)| (rank, opd))
        .collect();
    assert_eq!(
        rows,
        vec![
            (1, "Bappeda".to_string()),
            (2, "Dinas Kesehatan".to_string()),
            (2, "Dinas Sosial".to_string()),
            (4, "Kecamatan Barat".to_string()),
        ]
    );
}

#[test]
fn city_statistics_by_hand() {
    let r = rubric("akip-2021-opd");
    let mut recs = pattern(&r, "A", "Y", "AA", "AA"); // 100
    recs.extend(pattern(&r, "B", "Y", "A", "BB")); // 87
    recs.extend(pattern(&r, "C", "T", "E", "E")); // 0
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    let stats = &scores.stats;
    let get = |name: &str| -> Vec<Option<f64>> {
        stats.column(name).unwrap().f64().unwrap().iter().collect()
    };
    let total = get("score");
    // mean (100 + 87 + 0) / 3 = 62.333..., median 87, min 0, max 100
    // sample std: deviations 37.667, 24.667, -62.333; squares 1418.78 + 608.44 + 3885.44 = 5912.67;
    // / 2 = 2956.33; sqrt = 54.372
    assert!((total[0].unwrap() - 62.333333).abs() < 1e-5);
    assert_eq!(total[1], Some(87.0));
    assert!((total[2].unwrap() - 54.372174).abs() < 1e-5);
    assert_eq!((total[3], total[4]), (Some(0.0), Some(100.0)));
    // component 3: 15, 13.05, 0 -> mean 9.35
    assert!((get("3")[0].unwrap() - 9.35).abs() < 1e-9);
}

#[test]
fn missing_answers_are_listed_or_scored_zero() {
    let r = rubric("akip-2021-opd");
    let recs: Vec<_> = pattern(&r, "Dinas Bolong", "Y", "AA", "AA")
        .into_iter()
        .filter(|x| x.code != "1.a.3" && x.code != "4.c.5")
        .collect();
    let diag = score_records(&recs, &r, MissingPolicy::Error).unwrap_err();
    let missing: Vec<_> = diag
        .problems
        .iter()
        .filter_map(|p| match p.kind.score() {
            Some(ScoreProblem::MissingAnswers {
                opd,
                codes,
                zeroed: false,
                ..
            }) => Some((opd.clone(), codes.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        missing,
        vec![(
            "Dinas Bolong".to_string(),
            vec!["1.a.3".to_string(), "4.c.5".to_string()]
        )]
    );
    // --missing zero: 1.a loses 6/7, 4.c loses 12.5/5 = 2.5; 100 - 0.857143 - 2.5 = 96.642857 -> 96.64
    let scores = score_records(&recs, &r, MissingPolicy::Zero).unwrap();
    assert_eq!(ranking(&scores)[0].2, 96.64);
    assert!(!scores.diagnostics.has_errors());
    assert_eq!(scores.diagnostics.problems.len(), 1);
}

#[test]
fn unknown_codes_off_scale_answers_and_duplicates_name_their_cells() {
    let r = rubric("akip-2021-opd");
    let mut recs = pattern(&r, "Dinas Salah", "Y", "A", "A");
    recs[0].answer = "Mungkin".into(); // 1.a.1, cell C2
    recs[10].answer = "Y".into(); // 1.b.4 takes grades, not Y/T; cell C12
    let mut extra = record("Dinas Salah", "9.z.9", "Y", 200);
    extra.row = 499; // C500
    let mut dup = record("Dinas Salah", "2.a.1", "Y", 300);
    dup.row = 899; // C900
    recs.push(extra);
    recs.push(dup);
    let diag = score_records(&recs, &r, MissingPolicy::Error).unwrap_err();
    let at = |p: &sakip::Problem| p.location.as_ref().map(|l| l.to_string());
    let found: Vec<(Option<String>, &ScoreProblem)> = diag
        .problems
        .iter()
        .filter_map(|p| Some((at(p), p.kind.score()?)))
        .collect();
    let grades: Vec<String> = ["AA", "A", "BB", "B", "CC", "C", "D", "E"]
        .map(String::from)
        .to_vec();
    let expected_off_scale = [
        (
            "test.xlsx!Sheet1!C2",
            "1.a.1",
            "Mungkin",
            vec!["Y".to_string(), "T".to_string()],
        ),
        ("test.xlsx!Sheet1!C12", "1.b.4", "Y", grades),
    ];
    for (cell, code, answer, allowed) in expected_off_scale {
        let problem = ScoreProblem::OffScale {
            code: code.into(),
            answer: answer.into(),
            allowed,
        };
        assert!(
            found.contains(&(Some(cell.to_string()), &problem)),
            "{problem:?} at {cell} not in {found:#?}"
        );
    }
    assert!(found
        .iter()
        .any(|(at, k)| at.as_deref() == Some("test.xlsx!Sheet1!C500")
            && matches!(k, ScoreProblem::UnknownCode { code } if code == "9.z.9")));
    assert!(found
        .iter()
        .any(|(at, k)| at.as_deref() == Some("test.xlsx!Sheet1!C900")
            && matches!(k, ScoreProblem::DuplicateAnswer { opd, code, .. }
            if opd == "Dinas Salah" && code == "2.a.1")));
}

#[test]
fn self_assessment_answers_are_kept_but_not_scored() {
    let r = rubric("akip-2021-opd");
    let mut recs = pattern(&r, "Dinas Jujur", "Y", "A", "BB");
    let mut usulan = pattern(&r, "Dinas Jujur", "Y", "AA", "AA");
    usulan.iter_mut().for_each(|x| x.tier = "usulan".into());
    recs.extend(usulan);
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    assert_eq!(ranking(&scores)[0].2, 87.0);
}

#[test]
fn the_highest_tier_present_is_scored_and_said_so() {
    let r = rubric("akip-2021-opd");
    // The evaluator answered every criterion but 1.a.1 (Y, A, BB: 87.00 with 1.a.1 = Y); the OPD
    // self-assessed 1.a.1 as T. 1.a.1 is scored from the self-assessment: 1.a = 6 x 6/7, so the
    // total is 87 - 6/7 = 86.142857 -> 86.14, with a warning naming the criterion.
    let mut recs: Vec<_> = pattern(&r, "Dinas A", "Y", "A", "BB")
        .into_iter()
        .filter(|x| x.code != "1.a.1")
        .collect();
    let mut own = record("Dinas A", "1.a.1", "T", 500);
    own.tier = "usulan".into();
    recs.push(own);
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    assert_eq!(ranking(&scores)[0].2, 86.14);
    let warnings: Vec<_> = scores
        .diagnostics
        .problems
        .iter()
        .map(|p| p.kind.clone())
        .collect();
    assert_eq!(
        warnings,
        vec![ProblemKind::from(ScoreProblem::LowerTierScored {
            opd: "Dinas A".into(),
            tier: "usulan".into(),
            codes: vec!["1.a.1".into()]
        })]
    );
}

#[test]
fn identical_repeats_count_once_and_conflicts_are_errors_or_the_lower_answer() {
    let r = rubric("akip-2021-opd");
    // Every 1.a criterion answered twice, the same way: errors by default (a repeat is an input
    // problem); with --conflict lowest, warnings, and still 87.00 (counted once, not twice).
    let mut recs = pattern(&r, "Dinas A", "Y", "A", "BB");
    let repeats: Vec<_> = recs
        .iter()
        .filter(|x| x.code.starts_with("1.a."))
        .cloned()
        .map(|mut x| {
            x.col += 1; // beside the first, in column D
            x
        })
        .collect();
    recs.extend(repeats);
    let diag = score_records(&recs, &r, MissingPolicy::Error).unwrap_err();
    assert_eq!(diag.problems.iter().filter(|p| p.is_error()).count(), 7);
    assert!(diag.render(sakip::Lang::En).contains("(the same answer)"));
    let lowest = Policies {
        missing: MissingPolicy::Error,
        conflict: ConflictPolicy::Lowest,
    };
    let scores = score_records(&recs, &r, lowest).unwrap();
    assert_eq!(ranking(&scores)[0].2, 87.0);
    assert_eq!(scores.diagnostics.problems.len(), 7);
    assert!(scores.diagnostics.problems.iter().all(|p| !p.is_error()));
    // Disagreeing on 2.b.1: A here, C there. By default an error naming both cells.
    let mut recs = pattern(&r, "Dinas B", "Y", "A", "BB");
    let mut other = record("Dinas B", "2.b.1", "C", 700);
    (other.row, other.col) = (8, 5); // F9
    recs.push(other);
    let diag = score_records(&recs, &r, MissingPolicy::Error).unwrap_err();
    let text = diag.render(sakip::Lang::En);
    assert!(text.contains("test.xlsx!Sheet1!F9: Dinas B has two penetapan answers for criterion 2.b.1; the other is at test.xlsx!Sheet1!C"), "{text}");
    assert!(text.contains("('C' here, 'A' there)"), "{text}");
    // --conflict lowest: C (0.5) is scored instead of A (0.9): 2.b loses 9 x 0.4 / 7, so
    // 87 - 0.514286 = 86.485714 -> 86.49, and the conflict is a warning.
    let policies = Policies {
        missing: MissingPolicy::Error,
        conflict: ConflictPolicy::Lowest,
    };
    let scores = score_records(&recs, &r, policies).unwrap();
    assert_eq!(ranking(&scores)[0].2, 86.49);
    assert!(scores
        .diagnostics
        .render(sakip::Lang::En)
        .contains("the lower answer is scored (--conflict lowest)"));
}

#[test]
fn self_assessment_reconciled_by_hand() {
    let r = rubric("akip-2021-opd");
    // Final: a Y, b A, c BB = 87.00. Own: the same but every b criterion AA (+0.1 x 30 = 3)
    // and 1.c.1 AA (+0.2 x 15 / 8 = 0.375): 90.375 -> 90.38; inflation 3.38.
    let mut recs = pattern(&r, "Dinas A", "Y", "A", "BB");
    let mut own = pattern(&r, "Dinas A", "Y", "AA", "BB");
    for x in own.iter_mut() {
        x.tier = "usulan".into();
        if x.code == "1.c.1" {
            x.answer = "AA".into();
        }
    }
    recs.extend(own);
    // An OPD without a self-assessment is left out.
    recs.extend(pattern(&r, "Dinas B", "Y", "A", "BB"));
    let scores = score_records(&recs, &r, MissingPolicy::Error).unwrap();
    let rec = sakip::score::reconcile::reconcile(&scores, &r)
        .unwrap()
        .unwrap();
    assert_eq!(rec.opds.len(), 1);
    let a = &rec.opds[0];
    assert_eq!(
        (a.opd.as_str(), a.own_score, a.final_score, a.inflation),
        ("Dinas A", 90.38, 87.0, 3.38)
    );
    // 31 b criteria and 1.c.1 differ: 48 of 80 identical.
    assert_eq!((a.compared, a.identical_share), (80, 0.6));
    // Quadratic-weighted kappa over the values: pairs 19 x (1, 1), 31 x (1, 0.9), 29 x (0.8, 0.8),
    // 1 x (1, 0.8). Observed mean squared gap (31 x 0.01 + 0.04) / 80 = 0.004375. Chance: own
    // values 51 x 1 and 29 x 0.8, final 19 x 1, 31 x 0.9, 30 x 0.8; summed squared gaps
    // 51 x (31 x 0.01 + 30 x 0.04) + 29 x (19 x 0.04 + 31 x 0.01) = 77.01 + 31.03 = 108.04,
    // / 6400 = 0.01688125. kappa = 1 - 0.004375 / 0.01688125 = 0.740837
    assert!((a.kappa.unwrap() - (1.0 - 0.004375 / 0.01688125)).abs() < 1e-9);
    // Only 1.c.1 is two grade steps apart (AA, A, BB); A -> AA is one step.
    let far: Vec<(&str, &str, &str, usize)> = a
        .far_apart
        .iter()
        .map(|x| {
            (
                x.code.as_str(),
                x.own.as_str(),
                x.final_answer.as_str(),
                x.steps,
            )
        })
        .collect();
    assert_eq!(far, vec![("1.c.1", "AA", "BB", 2)]);
    let city = rec.city.unwrap();
    assert_eq!(
        (city.own_score, city.final_score, city.inflation),
        (90.38, 87.0, 3.38)
    );
}
