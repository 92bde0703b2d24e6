//! Outputs: written whole, never over an input of the same run or over something that is not
//! a regular file, one run at a time, the history year only once the workbooks are in place.

use super::{file, stored_2024};
use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn sakip() -> Command {
    let mut cmd = Command::cargo_bin("sakip").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1764374400");
    cmd
}

/// Runs `cmd` and checks a refused output: exit 2, no panic, the problem `kind` named in
/// standard error by its English words `words`.
fn refused_output(cmd: &mut Command, words: &str) -> String {
    let assert = cmd.args(["--lang", "en"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(words), "missing '{words}' in:\n{stderr}");
    stderr
}

#[test]
fn a_template_over_its_own_opd_list_is_refused_and_the_list_kept() {
    let dir = tempfile::tempdir().unwrap();
    let list = file(dir.path(), "opd.csv", b"nama\nDinas A\nDinas B\n");
    let stderr = refused_output(
        sakip()
            .args(["template", "lke", "--opd-list"])
            .arg(&list)
            .arg("--out")
            .arg(&list),
        "the output would overwrite the input file",
    );
    assert!(stderr.contains("opd.csv"), "{stderr}");
    assert_eq!(std::fs::read(&list).unwrap(), b"nama\nDinas A\nDinas B\n");
}

#[test]
fn a_trend_over_a_history_file_is_refused_and_the_year_kept() {
    let dir = tempfile::tempdir().unwrap();
    let year = stored_2024(dir.path());
    let before = std::fs::read(&year).unwrap();
    refused_output(
        sakip()
            .args(["trend", "--history"])
            .arg(dir.path())
            .arg("--out")
            .arg(&year),
        "the output would overwrite the input file",
    );
    assert_eq!(std::fs::read(&year).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_device_or_a_fifo_is_never_replaced_by_a_file() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    stored_2024(dir.path());
    refused_output(
        sakip()
            .args(["trend", "--history"])
            .arg(dir.path())
            .args(["--out", "/dev/full"]),
        "not a regular file (device)",
    );
    assert!(std::fs::metadata("/dev/full")
        .unwrap()
        .file_type()
        .is_char_device());
    let fifo = dir.path().join("pipa.xlsx");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    refused_output(
        sakip()
            .args(["template", "lke", "--opd", "Dinas A", "--out"])
            .arg(&fifo),
        "not a regular file (FIFO)",
    );
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn score_refuses_an_output_folder_whose_feedback_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    // An LKE file that happens to be named feedback.xlsx, in the folder given as --out.
    let lke = dir.path().join("feedback.xlsx");
    std::fs::copy("fixtures/demo/LKE-Inspektorat-2025.xlsx", &lke).unwrap();
    let before = std::fs::read(&lke).unwrap();
    refused_output(
        sakip()
            .arg("score")
            .arg(&lke)
            .args(["--missing", "zero", "--out"])
            .arg(dir.path()),
        "the output would overwrite the input file",
    );
    assert_eq!(std::fs::read(&lke).unwrap(), before);
    // Scorecards may not replace a folder holding an input either.
    let cards = dir.path().join("out/scorecards");
    std::fs::create_dir_all(&cards).unwrap();
    let inside = cards.join("lke.xlsx");
    std::fs::copy("fixtures/demo/LKE-Inspektorat-2025.xlsx", &inside).unwrap();
    refused_output(
        sakip()
            .arg("score")
            .arg(&inside)
            .args(["--missing", "zero", "--scorecards", "--out"])
            .arg(dir.path().join("out")),
        "the output would overwrite the input file",
    );
    assert!(inside.exists());
}

#[test]
fn scorecards_of_an_earlier_run_do_not_survive_beside_the_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hasil");
    let run = |inputs: &[&str]| {
        sakip()
            .arg("score")
            .args(inputs)
            .args(["--quiet", "--scorecards", "--out"])
            .arg(&out)
            .assert()
            .success();
    };
    run(&["fixtures/demo"]);
    let count = |d: &Path| std::fs::read_dir(d).unwrap().count();
    assert_eq!(count(&out.join("scorecards")), 33);
    // The same city with one workbook fewer: its OPDs' old scorecards are gone.
    run(&["fixtures/demo/LKE-Inspektorat-2025.xlsx"]);
    let ranked: Value = serde_json::from_slice(
        &sakip()
            .args([
                "score",
                "fixtures/demo/LKE-Inspektorat-2025.xlsx",
                "--quiet",
                "--json",
                "--out",
            ])
            .arg(dir.path().join("json"))
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let opds = ranked["opds"].as_array().unwrap().len();
    assert!(opds < 33);
    assert_eq!(count(&out.join("scorecards")), opds);
    // Nothing of the run's own is left behind: no temporary file, no lock.
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["feedback.xlsx", "scorecards"]);
}

/// `sakip score` of the demo into `out`, storing its year 2025 in the history folder `store`.
fn demo_into_history(store: &std::path::Path, out: &std::path::Path) -> assert_cmd::Command {
    let mut command = sakip();
    command
        .args(["score", "fixtures/demo", "--quiet", "--year", "2025"])
        .arg("--history")
        .arg(store)
        .arg("--out")
        .arg(out);
    command
}

#[test]
fn a_run_that_fails_at_its_output_stores_no_history_year() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("riwayat");
    let out = dir.path().join("hasil");
    // Where the workbook should go is a folder: the output is refused before anything is written.
    std::fs::create_dir_all(out.join("feedback.xlsx")).unwrap();
    refused_output(
        &mut demo_into_history(&store, &out),
        "not a regular file (folder)",
    );
    assert!(!store.join("2025-akip-2021-opd.parquet").exists());
}

#[test]
fn a_second_run_into_a_held_folder_is_refused_and_a_stale_lock_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hasil");
    std::fs::create_dir(&out).unwrap();
    // Held by a live process: this test's.
    std::fs::write(out.join(".sakip.lock"), format!("{}\n", std::process::id())).unwrap();
    let stderr = refused_output(
        sakip()
            .args(["score", "fixtures/demo", "--quiet", "--out"])
            .arg(&out),
        "another sakip (process",
    );
    assert!(stderr.contains(&std::process::id().to_string()), "{stderr}");
    assert!(!out.join("feedback.xlsx").exists());
    // Left by a process that is gone (past Linux's largest process id).
    std::fs::write(out.join(".sakip.lock"), "4294967\n").unwrap();
    sakip()
        .args(["score", "fixtures/demo", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("feedback.xlsx").exists());
    assert!(!out.join(".sakip.lock").exists());
}

#[test]
fn standard_output_closed_early_ends_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sakip"))
        .args(["score", "fixtures/demo", "--quiet", "--json", "--out"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c 1`: one byte read, then the pipe closed.
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    let _ = stdout.read(&mut byte);
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn standard_error_closed_early_keeps_the_exit_code() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let bad = file(
        dir.path(),
        "salah.csv",
        b"opd,kode,jawaban\nDinas A,9.z.9,Y\nDinas A,8.z.8,Y\n",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sakip"))
        .arg("score")
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("hasil"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Like `2>&1 | head -c 1`.
    let mut stderr = child.stderr.take().unwrap();
    let _ = stderr.read(&mut [0u8; 1]);
    drop(stderr);
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

#[test]
fn one_folder_for_the_outputs_and_the_history_is_held_once() {
    let dir = tempfile::tempdir().unwrap();
    demo_into_history(dir.path(), dir.path()).assert().success();
    assert!(dir.path().join("feedback.xlsx").exists());
    assert!(dir.path().join("2025-akip-2021-opd.parquet").exists());
    assert!(!dir.path().join(".sakip.lock").exists());
}
