//! Small helpers shared by the integration tests.

use rust_xlsxwriter::{Format, Workbook};
use sakip::frame::Checked;
use sakip::ingest::{AnswerRecord, Answers};
use sakip::rubric::Rubric;
use sakip::score::{self, Scores};
use sakip::Diagnostics;
use std::path::Path;

/// The binary, with a fixed `SOURCE_DATE_EPOCH` so that its workbooks are reproducible.
pub fn sakip() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("sakip").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1764374400");
    cmd
}

/// A built-in rubric.
pub fn rubric(id: &str) -> Rubric {
    Rubric::load(id).expect("built-in rubric loads")
}

/// One answer record of the scored tier, placed at a made-up cell: C2 for `row` 0.
pub fn record(opd: &str, code: &str, answer: &str, row: usize) -> AnswerRecord {
    AnswerRecord {
        opd: opd.to_string(),
        code: code.to_string(),
        tier: "penetapan".to_string(),
        answer: answer.to_string(),
        note: None,
        evidence: None,
        evaluator: None,
        kept_years: None,
        file: "test.xlsx".into(),
        sheet: "Sheet1".into(),
        row: row as u32 + 1,
        col: 2,
    }
}

/// Every criterion of `rubric` answered by sub-component letter: `a`, `b`, `c` answers.
pub fn pattern(rubric: &Rubric, opd: &str, a: &str, b: &str, c: &str) -> Vec<AnswerRecord> {
    rubric
        .criteria()
        .enumerate()
        .map(|(i, (_, sub, k))| {
            let answer = match sub.code.as_str() {
                "a" => a,
                "b" => b,
                _ => c,
            };
            record(opd, &k.code, answer, i)
        })
        .collect()
}

/// Scores records against a rubric.
pub fn score_records(
    records: &[AnswerRecord],
    rubric: &Rubric,
    policies: impl Into<score::Policies>,
) -> Result<Scores, Diagnostics> {
    score::score(&Answers::from_records(records), rubric, policies).map_err(|e| match e {
        score::ScoreError::Input(diag) => diag,
        score::ScoreError::Internal(e) => panic!("internal error: {e}"),
    })
}

/// The ranking as (rank, opd, score, predicate) rows.
pub fn ranking(scores: &Scores) -> Vec<(u32, String, f64, String)> {
    let r = &scores.ranking;
    let (ranks, opds, scores, predicates) = (r.ranks(), r.opds(), r.scores(), r.predicates());
    (0..r.len())
        .map(|i| {
            let (opd, predicate) = (opds[i].to_string(), predicates[i].to_string());
            (ranks[i], opd, scores[i], predicate)
        })
        .collect()
}

/// An unrounded score column of the ranking, by OPD.
pub fn column(scores: &Scores, name: &str, opd: &str) -> f64 {
    let r = &scores.ranking;
    let values = r.node(name).unwrap();
    let i = r
        .opds()
        .iter()
        .position(|o| *o == opd)
        .expect("opd present");
    values[i]
}

/// Writes a tidy workbook: two title rows, a header at row 4, then `rows` of (opd, kode, jawaban, tahap).
pub fn write_tidy(path: &Path, header: &[&str], rows: &[Vec<String>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Jawaban").unwrap();
    ws.write_string(0, 0, "Rekap LKE").unwrap();
    ws.write_string(1, 0, "Kota Uji").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(4 + r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// Tidy rows (opd, kode, jawaban) from records.
pub fn tidy_rows(records: &[AnswerRecord]) -> Vec<Vec<String>> {
    records
        .iter()
        .map(|r| vec![r.opd.clone(), r.code.clone(), r.answer.clone()])
        .collect()
}

/// Writes an official-layout sheet per OPD: title rows, an OPD label, a merged two-row header,
/// a numbering row, component, sub-component and numbered criterion rows, and a footer.
pub fn write_official(path: &Path, rubric: &Rubric, sheets: &[(&str, Vec<AnswerRecord>)]) {
    write_official_numbered(path, rubric, sheets, None);
}

/// How a row is numbered in the `No` column, from the places (from 0) of its component,
/// sub-component and criterion (the last two `None` on the rows above them).
pub type Numbering = dyn Fn(usize, Option<usize>, Option<usize>) -> String;

/// [`write_official`], the `No` column numbered by `numbering` instead of `1.` / `a` / `1`.
pub fn write_official_numbered(
    path: &Path,
    rubric: &Rubric,
    sheets: &[(&str, Vec<AnswerRecord>)],
    numbering: Option<&Numbering>,
) {
    let mut wb = Workbook::new();
    let head = Format::new().set_bold();
    for (opd, records) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(format!("LKE {}", &opd[..opd.len().min(20)]))
            .unwrap();
        ws.merge_range(0, 0, 0, 5, "LEMBAR KERJA EVALUASI AKIP", &head)
            .unwrap();
        ws.write_string(2, 0, "Unit Kerja").unwrap();
        ws.write_string(2, 1, format!(": {opd}")).unwrap();
        ws.merge_range(4, 0, 5, 0, "No", &head).unwrap();
        ws.merge_range(4, 1, 5, 1, "Komponen/Sub Komponen/Kriteria", &head)
            .unwrap();
        ws.merge_range(4, 2, 5, 2, "Bobot", &head).unwrap();
        ws.merge_range(4, 3, 4, 4, "Nilai Evaluasi", &head).unwrap();
        ws.write_string(5, 3, "Jawaban").unwrap();
        ws.write_string(5, 4, "Nilai").unwrap();
        ws.merge_range(4, 5, 5, 5, "Catatan", &head).unwrap();
        for c in 0..6u16 {
            ws.write_number(6, c, f64::from(c + 1)).unwrap();
        }
        let mut row = 7;
        for (ci, component) in rubric.components.iter().enumerate() {
            let no =
                numbering.map_or_else(|| format!("{}.", component.code), |n| n(ci, None, None));
            ws.write_string(row, 0, no).unwrap();
            ws.write_string(row, 1, component.name.id.to_uppercase())
                .unwrap();
            ws.write_number(row, 2, component.weight).unwrap();
            row += 1;
            for (si, sub) in component.subcomponents.iter().enumerate() {
                let no = numbering.map_or_else(|| sub.code.clone(), |n| n(ci, Some(si), None));
                ws.write_string(row, 0, no).unwrap();
                ws.write_string(row, 1, &sub.name.id).unwrap();
                row += 1;
                for k in &sub.criteria {
                    match numbering {
                        Some(n) => ws.write_string(row, 0, n(ci, Some(si), Some(k.number))),
                        None => ws.write_number(row, 0, k.number as f64),
                    }
                    .unwrap();
                    ws.write_string(row, 1, &k.text.id).unwrap();
                    if let Some(r) = records.iter().find(|r| r.code == k.code) {
                        ws.write_string(row, 3, &r.answer).unwrap();
                    }
                    row += 1;
                }
            }
        }
        ws.write_string(row + 2, 4, "Mengetahui,").unwrap();
        ws.write_string(row + 6, 4, "NIP. 19700101 199503 1 001")
            .unwrap();
    }
    wb.save(path).unwrap();
}

/// Copies the zip at `from` to `to`, passing each entry's name and bytes through `edit`, as a
/// person's spreadsheet program or a broken writer would leave the file. The `mimetype` entry of
/// an .ods stays stored, as the format asks.
pub fn rewrite_zip(from: &Path, to: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&edit(&name, bytes)).unwrap();
    }
    out.finish().unwrap();
}

/// Copies the .xlsx at `from` to `to` with cells of the worksheet part `sheet`
/// (`xl/worksheets/sheet2.xml`) replaced, as a person editing it leaves them: each (cell,
/// formula, cached value), the formula `None` for a number typed over what was there. The
/// cell keeps its style.
pub fn plant_cells(from: &Path, to: &Path, sheet: &str, cells: &[(&str, Option<&str>, f64)]) {
    rewrite_zip(from, to, |name, bytes| {
        if name != sheet {
            return bytes;
        }
        let mut xml = String::from_utf8(bytes).unwrap();
        for (cell, formula, value) in cells {
            let start = xml
                .find(&format!("<c r=\"{cell}\""))
                .unwrap_or_else(|| panic!("no cell {cell} in {sheet}"));
            let open_end = start + xml[start..].find('>').unwrap();
            let end = match xml[..=open_end].ends_with("/>") {
                true => open_end + 1,
                false => start + xml[start..].find("</c>").unwrap() + 4,
            };
            let style = xml[start..open_end]
                .split_whitespace()
                .find(|a| a.starts_with("s=\""))
                .map_or(String::new(), |s| format!(" {}", s.trim_end_matches('/')));
            let f = formula.map_or(String::new(), |f| format!("<f>{f}</f>"));
            let new = format!("<c r=\"{cell}\"{style}>{f}<v>{value}</v></c>");
            xml.replace_range(start..end, &new);
        }
        xml.into_bytes()
    });
}

/// The names and bytes of the parts of the zip at `path`.
pub fn zip_parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// The names of the parts of the zip at `path` whose text contains `needle`.
pub fn zip_entries_containing(path: &Path, needle: &str) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut found = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() && text.contains(needle) {
            found.push(entry.name().unwrap().to_string());
        }
    }
    found
}

/// The text of `part` inside the workbook (a zip) at `path`.
pub fn zip_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// `sakip score` with `args` (inputs and options) and `--json --out DIR`: the JSON it prints.
pub fn score_json(args: &[&str], out: &Path) -> serde_json::Value {
    let run = sakip()
        .arg("score")
        .args(args)
        .args(["--json", "--out"])
        .arg(out)
        .assert()
        .success();
    serde_json::from_slice(&run.get_output().stdout).expect("the JSON of score")
}

/// `sakip history import FILE --year YEAR --rubric RUBRIC --history DIR`, which must succeed.
pub fn import_year(history: &Path, file: &str, year: &str, rubric: &str) {
    sakip()
        .args([
            "history",
            "import",
            file,
            "--year",
            year,
            "--rubric",
            rubric,
            "--history",
        ])
        .arg(history)
        .assert()
        .success();
}

/// The demo city's two published years (2023 under PermenPAN-RB 12/2015, 2024 under 88/2021)
/// imported into `history`.
pub fn demo_history(history: &Path) {
    let h = "fixtures/demo-history";
    import_year(
        history,
        &format!("{h}/ringkasan-akip-2023.csv"),
        "2023",
        "akip-2015",
    );
    import_year(
        history,
        &format!("{h}/ringkasan-akip-2024.csv"),
        "2024",
        "akip-2021-opd",
    );
}

/// `sakip trend --history HISTORY --out OUT`, which must succeed.
pub fn write_trend(history: &Path, out: &Path) {
    sakip()
        .args(["trend", "--history"])
        .arg(history)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// `sakip trend --json --history HISTORY --out OUT`, which must succeed: its figures.
pub fn trend_json(history: &Path, out: &Path) -> serde_json::Value {
    let run = sakip()
        .args(["trend", "--json", "--history"])
        .arg(history)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
    serde_json::from_slice(&run.get_output().stdout).expect("the JSON of trend")
}

/// The OPDs of `score --json` as (opd, score, predicate), in rank order.
pub fn json_ranking(json: &serde_json::Value) -> Vec<(String, f64, String)> {
    json["opds"]
        .as_array()
        .expect("opds")
        .iter()
        .map(|o| {
            (
                o["opd"].as_str().unwrap_or_default().to_string(),
                o["score"].as_f64().unwrap_or(f64::NAN),
                o["predicate"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// `sakip rubric import WORKBOOK --id ID --out OUT --lang en`, which must succeed: what it printed.
pub fn import_rubric(workbook: &Path, out: &Path, id: &str) -> String {
    let run = sakip()
        .args(["rubric", "import", "--id", id, "--lang", "en"])
        .arg(workbook)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
    String::from_utf8_lossy(&run.get_output().stdout).to_string()
}

/// `sakip audit --json --rubric RUBRIC WORKBOOK`, which must succeed: the findings.
pub fn audit_json(rubric: impl AsRef<std::ffi::OsStr>, workbook: &Path) -> Vec<serde_json::Value> {
    let run = sakip()
        .args(["audit", "--json", "--rubric"])
        .arg(rubric)
        .arg(workbook)
        .assert()
        .success();
    serde_json::from_slice(&run.get_output().stdout).unwrap()
}

/// `sakip rubric check FILE`, which must pass.
pub fn check_rubric(file: &Path) {
    sakip()
        .args(["rubric", "check"])
        .arg(file)
        .assert()
        .success();
}

/// A finding of `audit --json` as (cell, node, workbook's value, sakip's, why).
pub fn finding(f: &serde_json::Value) -> (String, String, f64, f64, serde_json::Value) {
    (
        f["cell"].as_str().unwrap().to_string(),
        f["code"].as_str().unwrap().to_string(),
        f["workbook"].as_f64().unwrap(),
        f["sakip"].as_f64().unwrap(),
        f["why"].clone(),
    )
}

/// The feedback input of `scores` under `r` in `lang` for 2025, without program data, history or
/// paths: what the report and LHE tests build on.
pub fn feedback_input<'a>(
    r: &'a Rubric,
    scores: &'a sakip::score::Scores,
    indices: &'a sakip::evaluate::Indices,
    lang: sakip::Lang,
) -> sakip::report::FeedbackInput<'a> {
    sakip::report::FeedbackInput {
        rubric: r,
        ranking: scores.ranking.ranked(),
        akip: Some(scores),
        programs: None,
        indices,
        reconciliation: None,
        next_steps: &[],
        files: &[],
        ledger: None,
        run_time_unix: 1_764_374_400,
        lang,
        year: 2025,
        past: None,
        level: 2,
        audit: &[],
        paper: sakip::report::page::Paper::A4,
        government: None,
    }
}

/// Stops a process this test started as a service manager would: SIGTERM (a server then
/// removes its sessions' folders), killed if it has not stopped within 10 s.
pub fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        // SAFETY: a signal to a process this test started and has not yet waited for.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}
