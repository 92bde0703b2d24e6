//! Values: numbers that are not numbers, negative or past any budget; dots that read two ways
//! in one column; names and answers that differ only by what a reader cannot see.

use super::{answered, file, first, problems_of, refused};

#[test]
fn numbers_that_are_not_finite_negative_or_past_any_budget_are_errors_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let programs = file(
        dir.path(),
        "program.csv",
        b"opd,kode,nama,pagu,target,realisasi\n\
          Dinas A,1,a,NaN,1,1\n\
          Dinas A,2,b,inf,1,1\n\
          Dinas A,3,c,1e400,1,1\n\
          Dinas A,4,d,100,-5,1\n\
          Dinas A,5,e,100,1,-0.5\n\
          Dinas A,6,f,10000000000000000,1,1\n",
    );
    let problems = refused(
        &[],
        &["--programs", programs.to_str().unwrap()],
        &[
            ("program.csv!program!D2", "bad_number"),
            ("program.csv!program!D3", "bad_number"),
            ("program.csv!program!D4", "bad_number"),
            ("program.csv!program!E5", "negative"),
            ("program.csv!program!F6", "negative"),
            ("program.csv!program!D7", "too_large"),
        ],
    );
    let large = first(&problems, "too_large");
    assert_eq!(large["value"], 1e16);
    assert_eq!(large["limit"], 1e15);
}

#[test]
fn dots_read_as_thousands_beside_dots_read_as_decimals_are_a_warning_naming_both_cells() {
    let dir = tempfile::tempdir().unwrap();
    let programs = file(
        dir.path(),
        "program.csv",
        b"opd;kode;nama;pagu;target;realisasi\n\
          Dinas A;1;a;Rp 1.500.000;1.500;1\n\
          Dinas A;2;b;2.000.000;1.5;1\n\
          Dinas A;3;c;3000000;2;1\n",
    );
    let problems = problems_of(&[], &["--programs", programs.to_str().unwrap()]);
    let dots: Vec<_> = problems
        .iter()
        .filter(|p| p["kind"] == "ambiguous_dots")
        .collect();
    // Only the target column mixes the two; pagu's dots are thousands throughout.
    assert_eq!(dots.len(), 1, "{problems:#?}");
    let dots = dots[0];
    assert_eq!(dots["severity"], "warning");
    assert_eq!(dots["field"], "target");
    assert_eq!(dots["location"]["cell"], "E2");
    assert_eq!(
        (dots["thousands"].as_str(), dots["decimal"].as_str()),
        (Some("1.500"), Some("1.5"))
    );
    assert_eq!(dots["decimal_cell"], "E3");
}

#[test]
fn names_and_answers_that_differ_only_invisibly_are_the_same() {
    let dir = tempfile::tempdir().unwrap();
    // The LKE names the OPD with a zero-width space and an e + combining accent (NFD), and
    // answers with a zero-width space after Y; the program data names it in NFC.
    let opd = "Dinas\u{200b} Pariwisata Cikole\u{301}";
    let answers = answered(dir.path(), "lke.csv", opd, ("Y\u{200b}", "B"), "");
    let programs = file(
        dir.path(),
        "program.csv",
        "opd,kode,nama,pagu\nDinas Pariwisata Cikol\u{e9},1,a,100\n".as_bytes(),
    );
    let problems = problems_of(&[answers], &["--programs", programs.to_str().unwrap()]);
    // No OPD name problem; only the missing priorities file is said.
    let kinds: Vec<&str> = problems.iter().filter_map(|p| p["kind"].as_str()).collect();
    assert_eq!(kinds, ["priorities_not_given"], "{problems:#?}");
}

#[test]
fn messages_show_the_characters_a_reader_cannot_see() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(
        dir.path(),
        "lke.csv",
        "opd,kode,jawaban\nDinas A,9.z\u{200b}9,Y\n".as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    let assert = assert_cmd::Command::cargo_bin("sakip")
        .unwrap()
        .arg("score")
        .arg(&path)
        .args(["--lang", "en", "--missing", "zero", "--out"])
        .arg(out.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("criterion code '9.z\\u{200B}9' is not in the rubric"),
        "{stderr}"
    );
}
