//! The input ledger: every file and folder met is read, or passed over with its reason, or an
//! error; special files are never opened, links never followed twice, copies read once.

use super::{answered, file, first, problems_of, refused, validated};
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A tidy LKE CSV answering every criterion of the default rubric for `opd`.
fn full_lke(dir: &Path, name: &str, opd: &str) -> PathBuf {
    answered(dir, name, opd, ("Y", "B"), "")
}

/// Runs `sakip score` on `inputs` with `extra` flags: it must succeed within 60 s (a FIFO must
/// not hang it). Returns standard error and the output folder.
fn accepted(inputs: &[PathBuf], extra: &[&str]) -> (String, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("sakip")
        .unwrap()
        .arg("score")
        .args(inputs)
        .args(extra)
        .args(["--lang", "en", "--quiet", "--out"])
        .arg(out.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    (stderr, out)
}

/// The ledger `sakip validate --format json` gives for `inputs`.
fn ledger_of(inputs: &[PathBuf], extra: &[&str]) -> Vec<Value> {
    validated(inputs, extra)["ledger"]["entries"]
        .as_array()
        .cloned()
        .unwrap()
}

/// The ledger entry whose path ends in `name`.
fn entry<'a>(ledger: &'a [Value], name: &str) -> &'a Value {
    ledger
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no entry for {name} in {ledger:#?}"))
}

/// The reason kind of `name`'s entry, or "read".
fn status(ledger: &[Value], name: &str) -> String {
    let e = entry(ledger, name);
    match e["status"].as_str().unwrap() {
        "read" => "read".into(),
        _ => e["reason"]["kind"].as_str().unwrap().to_string(),
    }
}

#[test]
fn files_of_kinds_not_read_are_listed_with_their_reason_and_refused_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    full_lke(dir.path(), "lke.csv", "Dinas A");
    for name in [
        "data.xlsb",
        "data.tsv",
        "catatan.txt",
        "laporan.pdf",
        "TANPA",
    ] {
        file(dir.path(), name, b"x");
    }
    let inputs = [dir.path().to_path_buf()];
    let ledger = ledger_of(&inputs, &[]);
    assert_eq!(status(&ledger, "lke.csv"), "read");
    for (name, extension) in [
        ("data.xlsb", "xlsb"),
        ("data.tsv", "tsv"),
        ("catatan.txt", "txt"),
        ("laporan.pdf", "pdf"),
        ("TANPA", ""),
    ] {
        let e = entry(&ledger, name);
        assert_eq!(e["reason"]["kind"], "unsupported", "{name}");
        assert_eq!(e["reason"]["extension"], extension, "{name}");
    }
    let (stderr, _out) = accepted(&inputs, &[]);
    assert!(stderr.contains("1 file(s) read, 5 passed over"), "{stderr}");
    assert!(
        stderr.contains("laporan.pdf (a .pdf file is not read"),
        "{stderr}"
    );
    let problems = refused(&inputs, &["--strict"], &[]);
    let strict: Vec<&Value> = problems.iter().filter(|p| p["kind"] == "skipped").collect();
    assert_eq!(strict.len(), 5, "{problems:#?}");
    assert!(strict.iter().all(|p| p["severity"] == "error"));
}

#[test]
fn hidden_and_lock_files_are_passed_over_quietly_but_listed() {
    let dir = tempfile::tempdir().unwrap();
    full_lke(dir.path(), "lke.csv", "Dinas A");
    file(dir.path(), ".tersembunyi.xlsx", b"x");
    file(dir.path(), "~$lke.xlsx", b"x");
    let inputs = [dir.path().to_path_buf()];
    let ledger = ledger_of(&inputs, &[]);
    assert_eq!(status(&ledger, ".tersembunyi.xlsx"), "hidden");
    assert_eq!(status(&ledger, "~$lke.xlsx"), "lock_file");
    // Quiet: counted, not listed, and no error even under --strict.
    let (stderr, _out) = accepted(&inputs, &["--strict"]);
    assert!(
        stderr.contains("1 file(s) read, 2 passed over\n"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_a_socket_and_a_device_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    full_lke(dir.path(), "lke.csv", "Dinas A");
    let fifo = dir.path().join("pipa.csv");
    let status_ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status_ok.success());
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("soket.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("perangkat.xlsx")).unwrap();
    let inputs = [dir.path().to_path_buf()];
    // /dev/zero read as a workbook would never end, nor would a FIFO with no writer.
    let (stderr, _out) = accepted(&inputs, &[]);
    assert!(stderr.contains("1 file(s) read, 3 passed over"), "{stderr}");
    let ledger = ledger_of(&inputs, &[]);
    for (name, what) in [
        ("pipa.csv", "FIFO"),
        ("soket.csv", "socket"),
        ("perangkat.xlsx", "device"),
    ] {
        let e = entry(&ledger, name);
        assert_eq!(e["reason"]["kind"], "not_a_file", "{name}");
        assert_eq!(e["reason"]["what"], what, "{name}");
    }
    // Named on the command line, a FIFO is an error at once, not a hang.
    let problems = refused(&[fifo], &[], &[("pipa.csv", "skipped")]);
    assert_eq!(first(&problems, "skipped")["reason"]["what"], "FIFO");
}

#[cfg(unix)]
#[test]
fn links_to_nowhere_and_loops_are_listed_and_each_real_file_is_read_once() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    full_lke(root, "lke.csv", "Dinas A");
    symlink("hilang.xlsx", root.join("rusak.xlsx")).unwrap();
    symlink("putar2.xlsx", root.join("putar1.xlsx")).unwrap();
    symlink("putar1.xlsx", root.join("putar2.xlsx")).unwrap();
    // A link up the tree, and a second way to the same file.
    symlink("..", root.join("sub/naik")).unwrap();
    symlink("../lke.csv", root.join("sub/tautan.csv")).unwrap();
    let inputs = [root.to_path_buf()];
    let ledger = ledger_of(&inputs, &[]);
    assert_eq!(status(&ledger, "rusak.xlsx"), "broken_link");
    assert_eq!(
        entry(&ledger, "rusak.xlsx")["reason"]["target"],
        "hilang.xlsx"
    );
    assert_eq!(status(&ledger, "putar1.xlsx"), "link_loop");
    assert_eq!(status(&ledger, "putar2.xlsx"), "link_loop");
    assert_eq!(status(&ledger, "sub/naik"), "same_folder");
    assert_eq!(status(&ledger, "sub/tautan.csv"), "same_file");
    let read = ledger.iter().filter(|e| e["status"] == "read").count();
    assert_eq!(read, 1, "{ledger:#?}");
    // Read once: one OPD, no duplicate answers; the second way is one warning naming both.
    let (stderr, _out) = accepted(&inputs, &[]);
    assert!(
        stderr.contains("Written:") && stderr.contains("(1 OPD)"),
        "{stderr}"
    );
    let problems = problems_of(&inputs, &[]);
    let same: Vec<&Value> = problems.iter().filter(|p| p["kind"] == "skipped").collect();
    assert_eq!(same.len(), 1, "{problems:#?}");
    assert_eq!(same[0]["severity"], "warning");
    assert!(same[0]["reason"]["first"]
        .as_str()
        .unwrap()
        .ends_with("lke.csv"));
}

#[test]
fn the_same_file_named_twice_is_read_once_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let lke = full_lke(dir.path(), "lke.csv", "Dinas A");
    let inputs = [lke.clone(), lke.clone(), dir.path().to_path_buf()];
    let problems = problems_of(&inputs, &[]);
    assert!(
        problems.iter().all(|p| p["kind"] != "duplicate_answer"),
        "{problems:#?}"
    );
    let same: Vec<&Value> = problems.iter().filter(|p| p["kind"] == "skipped").collect();
    assert_eq!(same.len(), 2, "{problems:#?}");
    assert!(same.iter().all(|p| p["reason"]["kind"] == "same_file"));
    accepted(&inputs, &[]);
}

#[test]
fn a_copy_with_the_same_bytes_is_one_warning_not_eighty_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let lke = full_lke(dir.path(), "lke.csv", "Dinas A");
    std::fs::copy(&lke, dir.path().join("lke - Copy.csv")).unwrap();
    let inputs = [dir.path().to_path_buf()];
    let problems = problems_of(&inputs, &[]);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let copy = &problems[0];
    assert_eq!(
        (copy["kind"].as_str(), copy["severity"].as_str()),
        (Some("skipped"), Some("warning"))
    );
    assert_eq!(copy["reason"]["kind"], "same_content");
    // "lke - Copy.csv" sorts first: the other is the copy of it; both paths are named.
    assert!(copy["location"]["file"]
        .as_str()
        .unwrap()
        .ends_with("lke.csv"));
    assert!(copy["reason"]["first"]
        .as_str()
        .unwrap()
        .ends_with("lke - Copy.csv"));
    refused(&inputs, &["--strict"], &[("lke.csv", "skipped")]);
}

#[test]
fn sakips_own_outputs_in_an_input_folder_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    full_lke(dir.path(), "lke.csv", "Dinas A");
    let inputs = [dir.path().to_path_buf()];
    // The first run writes its workbook and scorecards inside the input folder...
    Command::cargo_bin("sakip")
        .unwrap()
        .arg("score")
        .args(&inputs)
        .args(["--quiet", "--scorecards", "--out"])
        .arg(dir.path().join("hasil"))
        .assert()
        .success();
    // ...and the second does not take them for inputs.
    let ledger = ledger_of(&inputs, &[]);
    assert_eq!(status(&ledger, "hasil/feedback.xlsx"), "own_output");
    assert_eq!(
        entry(&ledger, "hasil/feedback.xlsx")["reason"]["what"],
        "feedback"
    );
    assert_eq!(
        status(&ledger, "hasil/scorecards/01-dinas-a.xlsx"),
        "own_output"
    );
    let (stderr, out) = accepted(&inputs, &[]);
    assert!(stderr.contains("1 file(s) read, 2 passed over"), "{stderr}");
    // The Metadata sheet lists them with their reason.
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(out.path().join("feedback.xlsx")).unwrap();
    let meta = wb.worksheet_range("Metadata").unwrap();
    let texts: Vec<String> = meta.cells().map(|(_, _, c)| c.to_string()).collect();
    let at = texts
        .iter()
        .position(|t| t.ends_with("hasil/feedback.xlsx"))
        .unwrap();
    assert_eq!(
        texts[at + 1],
        "an output of sakip itself (feedback), not an input"
    );
}

#[test]
fn a_file_whose_sheets_hold_no_answers_at_all_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let header_only = file(dir.path(), "judul.csv", b"opd,kode,jawaban\n");
    refused(
        &[header_only],
        &["--missing", "zero"],
        &[("judul.csv", "no_answers")],
    );
    let blank = file(
        dir.path(),
        "kosong.csv",
        b"opd,kode,jawaban\nDinas A,1.a.1,\nDinas A,1.a.2,\n",
    );
    refused(
        &[blank],
        &["--missing", "zero"],
        &[("kosong.csv", "no_answers")],
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_folder_past_path_max_is_listed_as_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    full_lke(dir.path(), "lke.csv", "Dinas A");
    // 20 nested folders of 250 characters: past Linux's PATH_MAX of 4,096 bytes. Built from
    // the bottom up, each level moved into a new parent, since no path used may be that long.
    let level = dir.path().join("d".repeat(250));
    let parent = dir.path().join("p");
    std::fs::create_dir(&level).unwrap();
    for _ in 1..20 {
        std::fs::create_dir(&parent).unwrap();
        std::fs::rename(&level, parent.join("d".repeat(250))).unwrap();
        std::fs::rename(&parent, &level).unwrap();
    }
    let inputs = [dir.path().to_path_buf()];
    let ledger = ledger_of(&inputs, &[]);
    let unreachable: Vec<&Value> = ledger
        .iter()
        .filter(|e| e["reason"]["kind"] == "unreachable")
        .collect();
    assert_eq!(unreachable.len(), 1, "{ledger:#?}");
    assert!(unreachable[0]["reason"]["detail"]
        .as_str()
        .unwrap()
        .contains("too long"));
    accepted(&inputs, &[]);
}

#[test]
fn an_older_output_is_known_by_its_metadata_sheet_and_inspect_shows_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    full_lke(dir.path(), "lke.csv", "Dinas A");
    // A feedback workbook as sakip wrote it before outputs carried their document property.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Metadata").unwrap();
    ws.write_string(0, 0, "Keterangan Proses").unwrap();
    ws.write_string(5, 0, "Versi sakip").unwrap();
    ws.write_string(5, 1, "0.1.0").unwrap();
    wb.save(dir.path().join("feedback-lama.xlsx")).unwrap();
    file(dir.path(), "catatan.txt", b"x");
    let inputs = [dir.path().to_path_buf()];
    let ledger = ledger_of(&inputs, &[]);
    assert_eq!(
        entry(&ledger, "feedback-lama.xlsx")["reason"]["what"],
        "Metadata"
    );
    let output = Command::cargo_bin("sakip")
        .unwrap()
        .arg("inspect")
        .args(&inputs)
        .args(["--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Input files and folders\n"), "{text}");
    assert!(text.contains("lke.csv: read\n"), "{text}");
    assert!(
        text.contains("catatan.txt: a .txt file is not read"),
        "{text}"
    );
    let output = Command::cargo_bin("sakip")
        .unwrap()
        .arg("inspect")
        .args(&inputs)
        .arg("--json")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let entries = json["ledger"]["entries"].as_array().unwrap();
    assert_eq!(status(entries, "feedback-lama.xlsx"), "own_output");
}
