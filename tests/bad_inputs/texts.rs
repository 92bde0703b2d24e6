//! Texts from the inputs in the outputs: a name Excel would read as a formula never reaches a
//! chart's reference; a text longer than a cell holds is cut with a marker and a warning.

use super::{answered, first, problems_of};

/// A tidy LKE CSV answering every criterion for `opd`, with `note` on its first row.
fn lke(dir: &std::path::Path, opd: &str, note: &str) -> std::path::PathBuf {
    answered(dir, "lke.csv", opd, ("Y", "C"), note)
}

/// Scores `input` with scorecards into `out`; the first scorecard's path.
fn scorecard(input: &std::path::Path, out: &std::path::Path) -> std::path::PathBuf {
    assert_cmd::Command::cargo_bin("sakip")
        .unwrap()
        .arg("score")
        .arg(input)
        .args(["--quiet", "--scorecards", "--out"])
        .arg(out)
        .assert()
        .success();
    let mut cards = std::fs::read_dir(out.join("scorecards")).unwrap();
    cards.next().unwrap().unwrap().path()
}

#[test]
fn an_opd_named_like_a_formula_is_a_literal_series_name_on_its_scorecard_chart() {
    let dir = tempfile::tempdir().unwrap();
    let name = "=cmd|' /C calc'!A0";
    let input = lke(dir.path(), name, "");
    let card = scorecard(&input, &dir.path().join("hasil"));
    let chart = crate::util::zip_part(&card, "xl/charts/chart1.xml");
    // The series is named by the cell holding the name, and no formula of the chart holds it.
    assert!(
        chart.contains("<c:tx><c:strRef><c:f>'Kartu Nilai'!$A$2</c:f>"),
        "{chart}"
    );
    for formula in chart.split("<c:f>").skip(1) {
        let formula = &formula[..formula.find("</c:f>").unwrap()];
        assert!(!formula.contains("cmd"), "{formula}");
    }
}

#[test]
fn a_text_longer_than_a_cell_holds_is_cut_with_a_marker_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let note = "catatan panjang ".repeat(2_500); // 40,000 characters
    let input = lke(dir.path(), "Dinas A", &note);
    let problems = problems_of(std::slice::from_ref(&input), &[]);
    let long = first(&problems, "text_too_long");
    assert_eq!(long["severity"], "warning");
    assert_eq!(long["location"]["cell"], "D2");
    assert_eq!(
        (long["chars"].as_u64(), long["limit"].as_u64()),
        (Some(40_000), Some(32_767))
    );
    // The scorecard's criteria list the note, cut: 32,743 characters kept, then the marker.
    use calamine::Reader;
    let card = scorecard(&input, &dir.path().join("hasil"));
    let mut wb = calamine::open_workbook_auto(card).unwrap();
    let sheet = wb.worksheet_range("Kriteria").unwrap();
    let cut = sheet
        .cells()
        .map(|(_, _, c)| c.to_string())
        .find(|t| t.starts_with("catatan panjang"))
        .unwrap();
    assert_eq!(cut.chars().count(), 32_743 + "… (+7257)".chars().count());
    assert!(cut.ends_with("… (+7257)"));
}
