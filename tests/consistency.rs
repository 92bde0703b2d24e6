//! Consistency rules ("kerangka logis"): answers that cannot both be true, kept as data in the
//! rubric. Each rule shape worked by hand, the rules shipped with `akip-2021-opd`, the rubric
//! checks on rules, and what a broken rule does: a warning at the answers' cells, a row of the
//! Konsistensi sheet, an error under `--strict`, and no change to any score.

use crate::util::{pattern, rubric, sakip, score_records, tidy_rows, write_tidy};
use sakip::frame::Checked;
use sakip::ingest::AnswerRecord;
use sakip::messages::ScoreProblem;
use sakip::rubric::Rubric;
use sakip::score::consistency::Inconsistency;
use sakip::score::MissingPolicy;

/// Every criterion answered `a` / `b` / `c` by sub-component, then `overrides` (code, answer).
fn answers(
    rubric: &Rubric,
    opd: &str,
    abc: [&str; 3],
    overrides: &[(&str, &str)],
) -> Vec<AnswerRecord> {
    let mut records = pattern(rubric, opd, abc[0], abc[1], abc[2]);
    for (code, answer) in overrides {
        let r = records.iter_mut().find(|r| r.code == *code).unwrap();
        r.answer = answer.to_string();
    }
    records
}

/// The cell `util::record` places criterion `code`'s answer in: C2 for the rubric's first.
fn cell(rubric: &Rubric, code: &str) -> String {
    let i = rubric
        .criteria()
        .position(|(_, _, k)| k.code == code)
        .unwrap();
    format!("C{}", i + 2)
}

/// `codes` each with `answer`, as a breach lists them.
fn each(codes: &[String], answer: &str) -> Vec<String> {
    codes.iter().map(|c| format!("{c} = {answer}")).collect()
}

/// The criteria of sub-components `subs`, in rubric order.
fn criteria_of(rubric: &Rubric, subs: &[&str]) -> Vec<String> {
    rubric
        .criteria()
        .filter(|(_, s, _)| subs.contains(&s.key.as_str()))
        .map(|(_, _, k)| k.code.clone())
        .collect()
}

/// (OPD, rule, found, over, cells, limit) of each breach.
type Shown = (String, usize, String, Vec<String>, Vec<String>, String);

fn shown(breaches: &[Inconsistency]) -> Vec<Shown> {
    breaches
        .iter()
        .map(|b| {
            let (o, f, l) = (b.opd.clone(), b.found.clone(), b.limit.clone());
            (o, b.rule, f, b.over.clone(), b.cells.clone(), l)
        })
        .collect()
}

#[test]
fn the_shipped_rules_flag_a_report_graded_that_was_never_written_and_nothing_consistent() {
    let r = rubric("akip-2021-opd");
    // Dinas A: no Laporan Kinerja (3.a.1 = T), yet 3.a.2-3.a.6 are Y and every 3.b and 3.c
    // criterion is BB. Dinas B: the same missing report, answered consistently (3.a.2-3.a.6 T,
    // 3.b and 3.c E), and 4.a.2 = T with 4.b.4 = B, the highest grade below BB that rule 3
    // allows. Dinas C: 4.a.2 = T (not every unit evaluated) yet 4.b.4 = BB.
    let report: Vec<String> = criteria_of(&r, &["3.b", "3.c"]);
    let kept = ["3.a.2", "3.a.3", "3.a.4", "3.a.5", "3.a.6"];
    let mut b_overrides: Vec<(&str, &str)> = vec![("3.a.1", "T"), ("4.a.2", "T"), ("4.b.4", "B")];
    b_overrides.extend(kept.iter().map(|c| (*c, "T")));
    b_overrides.extend(report.iter().map(|c| (c.as_str(), "E")));
    let mut records = answers(&r, "Dinas A", ["Y", "BB", "BB"], &[("3.a.1", "T")]);
    records.extend(answers(&r, "Dinas B", ["Y", "BB", "BB"], &b_overrides));
    records.extend(answers(
        &r,
        "Dinas C",
        ["Y", "BB", "BB"],
        &[("4.a.2", "T"), ("4.b.4", "BB")],
    ));
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    let kept: Vec<String> = kept.iter().map(|c| c.to_string()).collect();
    let cells = |codes: &[String]| codes.iter().map(|c| cell(&r, c)).collect::<Vec<_>>();
    assert_eq!(
        shown(&scores.inconsistencies),
        [
            (
                "Dinas A".into(),
                1,
                "3.a.1 = T".into(),
                each(&kept, "Y"),
                cells(&kept),
                "T".into()
            ),
            (
                "Dinas A".into(),
                2,
                "3.a.1 = T".into(),
                each(&report, "BB"),
                cells(&report),
                "E".into()
            ),
            (
                "Dinas C".into(),
                3,
                "4.a.2 = T".into(),
                vec!["4.b.4 = BB".into()],
                vec![cell(&r, "4.b.4")],
                "B".into()
            ),
        ]
    );
    // Each is a warning at the answer that sets it off, and all three are sakip's own.
    let at: Vec<String> = scores
        .inconsistencies
        .iter()
        .map(|b| b.at.to_string())
        .collect();
    let trigger = |code| format!("test.xlsx!Sheet1!{}", cell(&r, code));
    assert_eq!(at, [trigger("3.a.1"), trigger("3.a.1"), trigger("4.a.2")]);
    assert!(scores.inconsistencies.iter().all(|b| b.own));
    let warnings: Vec<String> = scores
        .diagnostics
        .problems
        .iter()
        .filter(|p| matches!(p.kind.score(), Some(ScoreProblem::Inconsistent { .. })))
        .map(|p| p.location.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(warnings, at);
    // Rules say; they do not score: without them the ranking is the same.
    let mut bare = r.clone();
    bare.rules.clear();
    let unruled = score_records(&records, &bare, MissingPolicy::Error).unwrap();
    assert!(unruled.inconsistencies.is_empty());
    assert!(unruled
        .ranking
        .frame()
        .equals_missing(scores.ranking.frame()));
}

/// The built-in OPD rubric with `rules` appended.
fn with_rules(rules: &str) -> Result<Rubric, sakip::rubric::RubricError> {
    let text = include_str!("../rubrics/akip-2021-opd.toml");
    Rubric::from_toml(&format!("{text}\n{rules}"), "test.toml")
}

#[test]
fn a_share_above_another_is_flagged_by_hand() {
    let r = with_rules(
        r#"
        [[rules]]
        node = "1.b"
        not_above = "1.a"
        why = { id = "mutu tidak melampaui keberadaan", en = "quality does not exceed existence" }

        [[rules]]
        node = "2"
        not_above = "1"
        why = { id = "uji", en = "test" }
        "#,
    )
    .unwrap();
    // Dinas A: 1.a 5 of 7 Y = 71.43 %, 1.b all B = 70 %: not above. Component 1 = (6 x 5/7 +
    // 9 x 0.7 + 15 x 0.8) / 30 = 22.5857 / 30 = 75.29 %; component 2 = (6 + 9 x 0.8 + 15 x 0.8)
    // / 30 = 84 %: above.
    // Dinas B: 1.a 3 of 7 = 42.86 %, 1.b 70 %: above. Component 1 = (6 x 3/7 + 6.3 + 12) / 30
    // = 20.8714 / 30 = 69.57 %; component 2 84 %: above.
    let one_b = criteria_of(&r, &["1.b"]);
    let mut records = Vec::new();
    for (opd, not_met) in [
        ("Dinas A", &["1.a.6", "1.a.7"][..]),
        ("Dinas B", &["1.a.4", "1.a.5", "1.a.6", "1.a.7"][..]),
    ] {
        let mut o: Vec<(&str, &str)> = not_met.iter().map(|c| (*c, "T")).collect();
        o.extend(one_b.iter().map(|c| (c.as_str(), "B")));
        records.extend(answers(&r, opd, ["Y", "BB", "BB"], &o));
    }
    let scores = score_records(&records, &r, MissingPolicy::Error).unwrap();
    let found: Vec<(String, usize, String, String)> = scores
        .inconsistencies
        .iter()
        .map(|b| (b.opd.clone(), b.rule, b.found.clone(), b.limit.clone()))
        .collect();
    let s = |t: &str| t.to_string();
    assert_eq!(
        found,
        [
            (s("Dinas A"), 5, s("2: 84 %"), s("1: 75.29 %")),
            (s("Dinas B"), 4, s("1.b: 70 %"), s("1.a: 42.86 %")),
            (s("Dinas B"), 5, s("2: 84 %"), s("1: 69.57 %")),
        ]
    );
    // At the OPD's first answer under the node; not sakip's own (the rule does not say so).
    let b = &scores.inconsistencies[1];
    assert!(b.at.to_string().ends_with(&cell(&r, "1.b.1")), "{}", b.at);
    assert!(!b.own && b.why.en == "quality does not exceed existence");
}

#[test]
fn rules_that_name_what_the_rubric_lacks_are_each_refused() {
    let err = with_rules(
        r#"
        [[rules]]
        if = "9.z.9"
        is = ["T"]
        then = ["3.b"]
        at_most = "E"
        why = { id = "a" }

        [[rules]]
        if = "3.a.1"
        is = ["Mungkin"]
        then = ["3.b", "7.q"]
        at_most = "Z"
        why = { id = "b" }

        [[rules]]
        node = "1.b"
        why = { id = "c" }

        [[rules]]
        node = "1.x"
        not_above = "1.x"
        why = { id = "d" }

        [[rules]]
        if = "3.a.1"
        is = ["Tidak"]
        then = ["3.a"]
        at_most = "T"
        why = { id = "e" }
        "#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("has 9 problem(s)"), "{err}");
    for expected in [
        "rule 4: if '9.z.9' is not a criterion",
        "rule 5: 'Mungkin' is not an answer of '3.a.1' (scale 'yt')",
        "rule 5: then '7.q' is neither a criterion, a sub-component nor a component",
        "rule 5: at_most 'Z' is not an answer of '3.b.1' (scale 'aa_e')",
        "rule 6: give either if, is, then and at_most, or node and not_above",
        "rule 7: '1.x' is neither a component nor a sub-component",
        "rule 7: '1.x' is compared with itself",
        "rule 8: '3.a.1' holds itself down",
    ] {
        assert!(err.contains(expected), "{expected}\nnot in:\n{err}");
    }
    // An alias is an answer (Tidak is T): rule 8 has no other fault; the rules are numbered
    // after the rubric's own three.
    assert!(!err.contains("'Tidak'"), "{err}");
}

/// Dinas A of the first test, as a tidy workbook.
fn inconsistent_workbook(dir: &std::path::Path) -> std::path::PathBuf {
    let r = rubric("akip-2021-opd");
    let path = dir.join("lke-dinas-a.xlsx");
    let records = answers(&r, "Dinas A", ["Y", "BB", "BB"], &[("3.a.1", "T")]);
    write_tidy(&path, &["opd", "kode", "jawaban"], &tidy_rows(&records));
    path
}

#[test]
fn a_broken_rule_is_a_warning_a_row_of_the_konsistensi_sheet_and_under_strict_an_error() {
    use calamine::{open_workbook_auto, Reader};
    let dir = tempfile::tempdir().unwrap();
    let input = inconsistent_workbook(dir.path());
    let out = dir.path().join("hasil");
    let run = sakip()
        .args(["score", "--lang", "en"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    // The tidy sheet's answers start on row 5: 3.a.1, the 46th criterion, is on row 50.
    assert!(
        stderr.contains("Jawaban!C50: Dinas A's answers are inconsistent: 3.a.1 = T, yet 3.a.2 = Y, 3.a.3 = Y, 3.a.4 = Y, 3.a.5 = Y, 3.a.6 = Y (cells C51, C52, C53, C54, C55) are graded above T"),
        "{stderr}"
    );
    let mut wb = open_workbook_auto(out.join("feedback.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Consistency").unwrap();
    let text = |r: u32, c: u32| {
        sheet
            .get_value((r, c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let header = (0..sheet.height() as u32)
        .find(|&r| text(r, 0) == "OPD")
        .unwrap();
    let first: Vec<String> = (0..9).map(|c| text(header + 1, c)).collect();
    assert_eq!(first[..4], ["Dinas A", "1", "sakip", "3.a.1 = T"]);
    assert!(
        first[4].ends_with("lke-dinas-a.xlsx!Jawaban!C50"),
        "{first:?}"
    );
    assert_eq!(first[6], "C51, C52, C53, C54, C55");
    assert_eq!(first[7], "T");
    assert_eq!(text(header + 2, 1), "2");
    assert_eq!(text(header + 3, 0), "", "two breaches, two rows");

    // --strict: the same answers are refused, nothing written.
    let strict_out = dir.path().join("ketat");
    let problems = crate::bad_inputs::problems_of(std::slice::from_ref(&input), &["--strict"]);
    let breaches: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["kind"] == "inconsistent")
        .collect();
    assert_eq!(breaches.len(), 2);
    assert!(breaches.iter().all(|p| p["severity"] == "error"));
    sakip()
        .args(["score", "--strict"])
        .arg(&input)
        .arg("--out")
        .arg(&strict_out)
        .assert()
        .code(2);
    assert!(!strict_out.exists());
}

#[test]
fn rubric_show_lists_the_rules_with_their_source() {
    let out = sakip()
        .args(["rubric", "show", "akip-2021-opd", "--lang", "en"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("Consistency rules:"), "{text}");
    assert!(
        text.contains("  yt     Yes/No: Y = 1, T = 0\n"),
        "scales with their values: {text}"
    );
    assert!(
        text.contains("  3. (sakip) 4.a.2 = T => 4.b.4 <= B: 4.b.4 asks what 4.a.2 asks"),
        "{text}"
    );
}
