//! History files are checked when read: a year edited by hand, or stored twice, is an error
//! naming its file; `--year` outside 2000-2100 is refused.

use super::stored_2024;
use sakip::history::{self, YearResult};
use sakip::messages::{Diagnostics, HistoryProblem};

/// The year in `dir` changed by `edit` and stored again, then the folder loaded: its problems.
fn edited(edit: impl FnOnce(&mut YearResult)) -> Vec<HistoryProblem> {
    let dir = tempfile::tempdir().unwrap();
    let path = stored_2024(dir.path());
    let mut year = history::read_year(&path).unwrap();
    edit(&mut year);
    history::store(dir.path(), &year).unwrap();
    let mut diag = Diagnostics::default();
    let years = history::load(dir.path(), &mut diag);
    assert!(years.is_empty(), "a year with problems is not used");
    assert!(diag.problems.iter().all(|p| p.is_error()));
    diag.problems
        .iter()
        .filter_map(|p| p.kind.history().cloned())
        .collect()
}

#[test]
fn a_stored_year_with_a_maximum_of_zero_is_an_error() {
    let problems = edited(|y| y.meta.max_score = 0.0);
    assert_eq!(
        problems,
        [HistoryProblem::StoredMaximum { max: "0".into() }]
    );
}

#[test]
fn stored_scores_outside_their_range_or_not_numbers_are_errors() {
    let problems = edited(|y| {
        y.rows[0].score = 120.0;
        y.rows[1].score = f64::NAN;
        y.rows[2].score = -1.0;
    });
    let values: Vec<&str> = problems
        .iter()
        .filter_map(|p| match p {
            HistoryProblem::StoredScore { value, max, .. } if *max == 100.0 => Some(value.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(values, ["120", "NaN", "-1"]);
}

#[test]
fn stored_component_scores_negative_or_not_numbers_are_errors_of_their_own() {
    let problems = edited(|y| {
        for (i, value) in [f64::NAN, -2.0].into_iter().enumerate() {
            let part = y.rows[i].parts.iter_mut().flatten().next().unwrap();
            *part = value;
        }
    });
    let parts: Vec<(&str, &str)> = problems
        .iter()
        .filter_map(|p| match p {
            HistoryProblem::StoredParts { opd, parts } => Some((opd.as_str(), parts.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(parts.len(), 2, "{problems:?}");
    assert!(parts[0].1.starts_with("NaN / "), "{parts:?}");
    assert!(parts[1].1.starts_with("-2 / "), "{parts:?}");
    // The final scores themselves were sound.
    assert!(
        !problems
            .iter()
            .any(|p| matches!(p, HistoryProblem::StoredScore { .. })),
        "{problems:?}"
    );
}

#[test]
fn stored_ranks_below_one_and_unknown_predicates_are_errors() {
    let problems = edited(|y| {
        y.rows[0].rank = 0;
        y.rows[1].predicate = "Z".into();
    });
    assert!(matches!(&problems[0], HistoryProblem::StoredRank { .. }));
    match &problems[1] {
        HistoryProblem::StoredPredicate {
            predicate, known, ..
        } => {
            assert_eq!(predicate, "Z");
            assert_eq!(known, &["AA", "A", "BB", "B", "CC", "C", "D"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_files_claiming_one_year_and_rubric_are_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = stored_2024(dir.path());
    std::fs::copy(&path, dir.path().join("2024-salinan.parquet")).unwrap();
    let mut diag = Diagnostics::default();
    history::load(dir.path(), &mut diag);
    let twice: Vec<_> = diag
        .problems
        .iter()
        .filter_map(|p| p.kind.history())
        .collect();
    match twice.as_slice() {
        [HistoryProblem::SameYearTwice {
            year: 2024,
            rubric,
            other,
        }] => {
            assert_eq!(rubric, "akip-2021-opd");
            assert!(other.ends_with("2024-akip-2021-opd.parquet"));
        }
        other => panic!("{other:?}"),
    }
    let at = diag.problems[0].location.as_ref().unwrap();
    assert!(at.file.ends_with("2024-salinan.parquet"));
}

#[test]
fn a_year_outside_2000_to_2100_is_refused() {
    for year in ["1999", "2101", "25"] {
        let out = tempfile::tempdir().unwrap();
        assert_cmd::Command::cargo_bin("sakip")
            .unwrap()
            .args(["score", "fixtures/demo", "--quiet", "--year", year, "--out"])
            .arg(out.path().join("hasil"))
            .assert()
            .code(2);
        assert!(!out.path().join("hasil").exists());
    }
}
