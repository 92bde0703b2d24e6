//! The shortest path to the next predicate, checked by hand, by rescoring, and against an
//! exhaustive search.

use crate::util::{pattern, record, rubric, score_records};
use sakip::ingest::AnswerRecord;
use sakip::rubric::Rubric;
use sakip::score::path::{shortest_path, Answered, Path};
use sakip::score::{MissingPolicy, Scores};

/// The scored answers and the unrounded final score of the only OPD in `scores`.
fn answered<'s>(scores: &'s Scores, rubric: &Rubric) -> (Vec<Answered<'s>>, f64) {
    let crit = &scores.criteria;
    let (values, kept) = (crit.values(), crit.kept_years());
    let list = crit
        .codes()
        .into_iter()
        .zip(crit.answer_codes())
        .enumerate()
        .map(|(i, (code, answer))| Answered {
            code,
            answer,
            value: values[i],
            kept_years: kept[i],
            note: None,
        })
        .collect();
    let raw = rubric
        .components
        .iter()
        .map(|c| scores.ranking.node(&c.code).unwrap()[0])
        .sum();
    (list, raw)
}

/// Applies the steps to the records and rescores: the new predicate.
fn rescored(records: &[AnswerRecord], path: &Path, rubric: &Rubric) -> (f64, String) {
    let Path::Steps { steps, .. } = path else {
        panic!("expected steps, got {path:?}")
    };
    let mut records = records.to_vec();
    for step in steps {
        let r = records.iter_mut().find(|r| r.code == step.code).unwrap();
        assert_eq!(
            sakip::ingest::answer_key(&r.answer),
            sakip::ingest::answer_key(&step.from),
            "steps of one criterion run in order"
        );
        r.answer = step.to.clone();
    }
    let scores = score_records(&records, rubric, MissingPolicy::Error).unwrap();
    let rows = crate::util::ranking(&scores);
    (rows[0].2, rows[0].3.clone())
}

#[test]
fn from_87_to_aa_by_hand() {
    let r = rubric("akip-2021-opd");
    let records = pattern(&r, "Dinas A", "Y", "A", "BB");
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    let (answers, raw) = answered(&scores, &r);
    // 87.00 (A); AA needs a rounded score above 90.00, i.e. a gain of at least 3.005.
    // The largest steps are 4.c's (12.5 / 5 criteria x 0.1 = 0.25 each, BB -> A -> AA: ten of
    // them, 2.5), then 1.c's (15 / 8 x 0.1 = 0.1875): 2.5 + 3 x 0.1875 = 3.0625 >= 3.005, while
    // 12 steps give at most 2.5 + 2 x 0.1875 = 2.875. So 13 steps, ending at 90.06.
    let path = shortest_path(&r, &answers, raw);
    let Path::Steps { target, steps, .. } = &path else {
        panic!("{path:?}")
    };
    assert_eq!(target, "AA");
    assert_eq!(steps.len(), 13);
    assert!(steps[..10]
        .iter()
        .all(|s| s.sub == "4.c" && (s.points - 0.25).abs() < 1e-12));
    assert_eq!(
        (
            steps[0].code.as_str(),
            steps[0].from.as_str(),
            steps[0].to.as_str()
        ),
        ("4.c.1", "BB", "A")
    );
    assert_eq!(
        (
            steps[1].code.as_str(),
            steps[1].from.as_str(),
            steps[1].to.as_str()
        ),
        ("4.c.1", "A", "AA")
    );
    assert!(steps[10..].iter().all(|s| s.sub == "1.c"));
    let running: Vec<f64> = steps[9..].iter().map(|s| s.running).collect();
    assert_eq!(running, vec![89.5, 89.69, 89.88, 90.06]);
    assert_eq!(rescored(&records, &path, &r), (90.06, "AA".to_string()));
}

#[test]
fn already_aa_has_no_path() {
    let r = rubric("akip-2021-opd");
    let scores = score_records(
        &pattern(&r, "Bappeda", "Y", "AA", "AA"),
        &r,
        MissingPolicy::Error,
    )
    .unwrap();
    let (answers, raw) = answered(&scores, &r);
    assert_eq!(shortest_path(&r, &answers, raw), Path::Top);
}

#[test]
fn a_fulfilment_rubric_climbs_by_fulfilling_criteria() {
    let r = rubric("akip-2021");
    // Every sub-component all met (BB, 0.8) except 1.a with 3 of 7 met (42.9%: C, 0.5):
    // 0.8 x (100 - 6) + 0.5 x 6 = 75.2 + 3 = 78.2 (BB). The next band, A, needs more than 80.00.
    // Fulfilling 1.a's criteria one by one: 4/7 = 57% CC (+0.6), 5/7 = 71% CC (+0), 6/7 = 86% B
    // (+0.6), 7/7 BB (+0.6): 80.0 at best, still BB. A is out of reach by fulfilling criteria
    // (kept years decide it).
    let mut records = pattern(&r, "Kota A", "Y", "Y", "Y");
    for x in records
        .iter_mut()
        .filter(|x| ["1.a.1", "1.a.2", "1.a.3", "1.a.4"].contains(&x.code.as_str()))
    {
        x.answer = "T".into();
    }
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    let (answers, raw) = answered(&scores, &r);
    assert!((raw - 78.2).abs() < 1e-9, "{raw}");
    assert_eq!(
        shortest_path(&r, &answers, raw),
        Path::Unreachable { target: "A".into() }
    );

    // 2.b (weight 9, 7 criteria) and 4.b (7.5, 5 criteria) with nothing met: 80 - 0.8 x 16.5 =
    // 66.8 (B). One fulfilled criterion in 2.b is 1/7 = 14% (D, 0.3 x 9 = +2.7); in 4.b 1/5 =
    // 20% (D, 0.3 x 7.5 = +2.25). BB needs a gain of 3.205: one step gives at most 2.7, two give
    // 2.7 + 2.25 = 4.95 (better than 2.b twice: 2/7 = 29% C, 4.5). So 2 steps, to 71.75.
    let mut records = pattern(&r, "Kota B", "Y", "Y", "Y");
    for x in records
        .iter_mut()
        .filter(|x| x.code.starts_with("2.b.") || x.code.starts_with("4.b."))
    {
        x.answer = "T".into();
    }
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    let (answers, raw) = answered(&scores, &r);
    assert!((raw - 66.8).abs() < 1e-9, "{raw}");
    let path = shortest_path(&r, &answers, raw);
    let Path::Steps { target, steps, .. } = &path else {
        panic!("{path:?}")
    };
    assert_eq!(target, "BB");
    let got: Vec<(&str, &str, &str, f64)> = steps
        .iter()
        .map(|s| (s.code.as_str(), s.from.as_str(), s.to.as_str(), s.running))
        .collect();
    assert_eq!(
        got,
        vec![("2.b.1", "T", "Y", 69.5), ("4.b.1", "T", "Y", 71.75)]
    );
    assert_eq!(rescored(&records, &path, &r), (71.75, "BB".to_string()));
}

/// A rubric with three criteria on the AA..E scale in one sub-component of weight 100.
fn three_criteria() -> Rubric {
    let opd = include_str!("../rubrics/akip-2021-opd.toml");
    let head = &opd[..opd.find("[[components]]").unwrap()];
    let text = format!(
        "{head}\n[[components]]\ncode = \"1\"\nweight = 100.0\nname = {{ id = \"Satu\" }}\n\n[[components.subcomponents]]\ncode = \"a\"\nweight = 100.0\nmethod = \"mean\"\nscale = \"aa_e\"\nname = {{ id = \"A\" }}\ncriteria = [ {{ code = \"1.a.1\", text = \"x\" }}, {{ code = \"1.a.2\", text = \"y\" }}, {{ code = \"1.a.3\", text = \"z\" }} ]\n"
    );
    Rubric::from_toml(&text, "tiga").unwrap()
}

#[test]
fn no_shorter_list_exists_by_exhaustive_search() {
    let r = three_criteria();
    let grades = ["AA", "A", "BB", "B", "CC", "C", "D", "E"];
    // Every starting point of three criteria: the path's length equals the fewest grade raises
    // (searched over every combination of raises) that reach the next band.
    for a in 0..8usize {
        for b in 0..8usize {
            for c in [0usize, 3, 7] {
                let start = [a, b, c];
                let records: Vec<AnswerRecord> = start
                    .iter()
                    .enumerate()
                    .map(|(i, g)| record("Uji", &format!("1.a.{}", i + 1), grades[*g], i))
                    .collect();
                let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
                let (answers, raw) = answered(&scores, &r);
                let now = r
                    .bands
                    .iter()
                    .position(|band| band.contains_centi(sakip::score::round_centi(raw)))
                    .unwrap();
                let path = shortest_path(&r, &answers, raw);
                let value = |g: usize| [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.3, 0.0][g];
                // Exhaustive: raise criterion i to grade t_i <= start_i; cost = sum of raises.
                let mut fewest: Option<usize> = None;
                for t0 in 0..=start[0] {
                    for t1 in 0..=start[1] {
                        for t2 in 0..=start[2] {
                            let score = 100.0 * (value(t0) + value(t1) + value(t2)) / 3.0;
                            let band = r
                                .bands
                                .iter()
                                .position(|band| {
                                    band.contains_centi(sakip::score::round_centi(score))
                                })
                                .unwrap();
                            if band < now {
                                let cost = (start[0] - t0) + (start[1] - t1) + (start[2] - t2);
                                fewest = Some(fewest.map_or(cost, |f: usize| f.min(cost)));
                            }
                        }
                    }
                }
                match (&path, fewest) {
                    (Path::Top, None) => assert_eq!(now, 0),
                    (Path::Steps { steps, .. }, Some(f)) => {
                        assert_eq!(steps.len(), f, "start {start:?}");
                        let (_, predicate) = rescored(&records, &path, &r);
                        assert_eq!(predicate, r.bands[now - 1].grade, "start {start:?}");
                    }
                    other => panic!("start {start:?}: {other:?}"),
                }
            }
        }
    }
}
