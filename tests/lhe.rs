//! The Laporan Hasil Evaluasi: one `.docx` per OPD, read back from its XML.

use crate::util::{sakip, zip_part};

/// The text of a document's body: its runs' texts, each paragraph on a line of its own.
fn paragraphs(docx: &std::path::Path) -> Vec<String> {
    let xml = zip_part(docx, "word/document.xml");
    xml.split("</w:p>")
        .map(|p| {
            let mut text = String::new();
            // `<w:t>` and `<w:t xml:space=...>`, not `<w:tc>`, `<w:tbl>`, `<w:tr>`.
            for piece in p.split("<w:t").skip(1) {
                if !piece.starts_with(['>', ' ']) {
                    continue;
                }
                let start = piece.find('>').unwrap() + 1;
                let end = piece.find("</w:t>").unwrap_or(piece.len());
                text.push_str(&piece[start..end]);
            }
            text.replace("&amp;", "&")
        })
        .collect()
}

/// `sakip score fixtures/demo --year 2025 --lhe` into `out`, with `extra` flags.
fn score_lhe(out: &std::path::Path, extra: &[&std::ffi::OsStr]) {
    sakip()
        .args([
            "score",
            "fixtures/demo",
            "--year",
            "2025",
            "--lhe",
            "--quiet",
        ])
        .args(extra)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// The demo's Inspektorat answered every a criterion Y, every b A, every c BB, so each
/// component holds 1 x 20 % + 0.9 x 30 % + 0.8 x 50 % = 87 % of its weight: Perencanaan and
/// Pengukuran 26.10 of 30, Pelaporan 13.05 of 15, Evaluasi 21.75 of 25, 87.00 in all, A
/// (Memuaskan), 5th of 33. Its first step to AA raises 4.c.1 from BB to A: 0.1 x 12.5 / 5 =
/// 0.25 points; 1.c.7's, 0.1 x 15 / 8 = 0.1875, is written 0,19. The letterhead, number and
/// signature come from the settings `sakip init` writes.
#[test]
fn an_opds_lhe_holds_its_scores_predicate_steps_and_signature() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("sakip.toml");
    sakip()
        .args(["init", "--out"])
        .arg(&settings)
        .assert()
        .success();
    let out = dir.path().join("out");
    score_lhe(
        &out,
        &[std::ffi::OsStr::new("--settings"), settings.as_os_str()],
    );
    let docs = std::fs::read_dir(out.join("lhe")).unwrap().count();
    assert_eq!(docs, 33);
    let city = paragraphs(&out.join("lhe-kota.docx"));
    assert!(city
        .iter()
        .any(|t| t == "PERANGKAT DAERAH PEMERINTAH KOTA SUKAMAJU"));
    let text = paragraphs(&out.join("lhe/05-inspektorat.docx"));
    let has = |line: &str| text.iter().any(|t| t == line);
    for line in [
        "PEMERINTAH KOTA SUKAMAJU",
        "INSPEKTORAT KOTA SUKAMAJU",
        "LAPORAN HASIL EVALUASI AKUNTABILITAS KINERJA",
        "INSPEKTORAT",
        "TAHUN 2025",
        "Nomor: 700/5/LHE-AKIP/2025",
        "Nilai akhir 87,00 dengan predikat A (Memuaskan). Peringkat 5 dari 33.",
        "Langkah tersingkat menuju predikat AA (13 langkah):",
        "Sukamaju, 15 Desember 2025",
        "Drs. Ahmad Fauzi, M.Si",
        "NIP. 19700101 199503 1 001",
    ] {
        assert!(has(line), "{line} not in {text:#?}");
    }
    // The components' table, row by row: code, name, weight, score, percent, last year, change.
    let at = text
        .iter()
        .position(|t| t == "Perencanaan Kinerja")
        .unwrap();
    assert_eq!(text[at + 1..at + 6], ["30,00", "26,10", "87,00", "-", "-"]);
    let at = text.iter().position(|t| t == "Pelaporan Kinerja").unwrap();
    assert_eq!(text[at + 1..at + 4], ["15,00", "13,05", "87,00"]);
    let at = text
        .iter()
        .position(|t| t == "Evaluasi Akuntabilitas Kinerja Internal")
        .unwrap();
    assert_eq!(text[at + 1..at + 4], ["25,00", "21,75", "87,00"]);
    let at = text.iter().position(|t| t == "Nilai Akhir").unwrap();
    assert_eq!(text[at + 1..at + 4], ["100,00", "87,00", "87,00"]);
    let steps: Vec<&String> = text.iter().filter(|t| t.starts_with("• ")).collect();
    assert!(
        steps[0].starts_with("• 4.c.1 ") && steps[0].ends_with(": dari BB → A (+0,25 poin)."),
        "{steps:#?}"
    );
    assert!(steps
        .iter()
        .any(|s| s.starts_with("• 1.c.7 ") && s.ends_with("(+0,19 poin).")));
    // What to do for the criteria its steps raise, in the rubric's (sakip's) words.
    assert!(has("• 4.c.1 Seluruh rekomendasi atas hasil evaluasi AKIP internal telah ditindaklanjuti: Susun rencana aksi tindak lanjut atas setiap rekomendasi dan pantau penyelesaiannya."));
    assert!(has(
        "Saran per kriteria disusun oleh sakip, bukan kutipan peraturan."
    ));
    // Kecamatan Sukamaju Utara answered every criterion T or E (0): all 80 are weak, each
    // with its advice.
    let text = paragraphs(&out.join("lhe/33-kecamatan-sukamaju-utara.docx"));
    let at = text
        .iter()
        .position(|t| t == "Saran per kriteria yang belum terpenuhi:")
        .unwrap();
    let advice = text[at + 1..]
        .iter()
        .take_while(|t| t.starts_with("• "))
        .count();
    assert_eq!(advice, 80);
    assert!(text
        .iter()
        .any(|t| t == "Nilai akhir 0,00 dengan predikat D (Sangat Kurang). Peringkat 33 dari 33."));
}

/// With last year in the history (the demo's published 2024 summary: Inspektorat 21.31 of 30
/// for Perencanaan, 10.66 of 15 for Pelaporan, 71.04 in all), the LHE puts last year's percents
/// beside this year's and the change: 21.31 / 30 = 71.03 %, 87 - 71.033 = +15.97 points;
/// 10.66 / 15 = 71.07 %, +15.93; 71.04 %, +15.96 for the final score. In English, numbers are
/// written with a point.
#[test]
fn the_lhe_compares_with_last_year_from_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("riwayat");
    let h = "fixtures/demo-history";
    sakip()
        .args(["history", "import", &format!("{h}/ringkasan-akip-2024.csv")])
        .args(["--year", "2024", "--rubric", "akip-2021-opd", "--history"])
        .arg(&history)
        .args(["--opd-registry", &format!("{h}/daftar-opd.csv")])
        .assert()
        .success();
    let out = dir.path().join("out");
    let registry = format!("{h}/daftar-opd.csv");
    let flags = [
        "--lang",
        "en",
        "--opd-registry",
        registry.as_str(),
        "--history",
    ];
    let mut args: Vec<&std::ffi::OsStr> = flags.iter().map(std::ffi::OsStr::new).collect();
    args.push(history.as_os_str());
    score_lhe(&out, &args);
    let text = paragraphs(&out.join("lhe/05-inspektorat.docx"));
    let row = |name: &str| {
        let at = text.iter().position(|t| t == name).unwrap();
        text[at + 1..at + 6].to_vec()
    };
    assert!(text.iter().any(|t| t == "% 2024"));
    assert_eq!(
        row("Performance Planning"),
        ["30.00", "26.10", "87.00", "71.03", "+15.97"]
    );
    assert_eq!(
        row("Performance Reporting"),
        ["15.00", "13.05", "87.00", "71.07", "+15.93"]
    );
    assert_eq!(
        row("Final score"),
        ["100.00", "87.00", "87.00", "71.04", "+15.96"]
    );
}

/// The city's LHE of three OPDs, worked by hand: Inspektorat (a Y, b A, c BB) 87.00 A, Bappeda
/// (Y, AA, AA) 100.00 AA, a third (T, E, E) 0.00 D; the mean 187 / 3 = 62.33; each predicate a
/// third (33,33 %), BB none. The weakest criteria are the c ones, each (0.8 + 1 + 0) / 3 = 60 %
/// with one OPD at half or under, in the rubric's order (a criteria average 66.67 %, b 63.33 %).
#[test]
fn the_city_lhe_holds_the_distribution_ranking_and_weakest_criteria() {
    use crate::util::{pattern, rubric, score_records};
    let r = rubric("akip-2021-opd");
    let mut recs = pattern(&r, "Inspektorat", "Y", "A", "BB");
    recs.extend(pattern(&r, "Kecamatan Barat", "T", "E", "E"));
    recs.extend(pattern(&r, "Bappeda", "Y", "AA", "AA"));
    let scores = score_records(&recs, &r, sakip::score::MissingPolicy::Error).unwrap();
    let indices = sakip::evaluate::Indices::builtin().unwrap();
    let input = crate::util::feedback_input(&r, &scores, &indices, sakip::Lang::Id);
    let facts = sakip::report::per_opd::Context::new(&input, &scores).unwrap();
    let bytes = sakip::report::lhe::city_lhe(&facts, &Default::default()).unwrap();
    // The same bytes when written again in the same process (a server writes many).
    let again = sakip::report::lhe::city_lhe(&facts, &Default::default()).unwrap();
    assert!(bytes == again, "the city LHE differs between two writes");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lhe-kota.docx");
    std::fs::write(&path, bytes).unwrap();
    // The distribution's chart: one PNG picture, 1200 x 560 pixels, shown 16 cm wide.
    let pictures: Vec<(String, Vec<u8>)> = crate::util::zip_parts(&path)
        .into_iter()
        .filter(|(_, bytes)| bytes.starts_with(b"\x89PNG"))
        .collect();
    assert_eq!(pictures.len(), 1);
    assert!(
        pictures[0].0.starts_with("word/media/"),
        "{}",
        pictures[0].0
    );
    assert_eq!(pictures[0].1[16..24], [0, 0, 4, 176, 0, 0, 2, 48]);
    let document = crate::util::zip_part(&path, "word/document.xml");
    assert!(
        document.contains(r#"<wp:extent cx="5760000" cy="2688000""#),
        "{document}"
    );
    let text = paragraphs(&path);
    let has = |line: &str| text.iter().any(|t| t == line);
    assert!(has("PERANGKAT DAERAH PEMERINTAH DAERAH"), "{text:#?}");
    assert!(has(
        "Jumlah Perangkat Daerah yang dievaluasi 3. Rata-rata nilai akhir 62,33."
    ));
    let row = |first: &str, n: usize| {
        let at = text.iter().position(|t| t == first).unwrap();
        text[at..at + n].to_vec()
    };
    assert_eq!(row("AA", 4), ["AA", "Sangat Memuaskan", "1", "33,33 %"]);
    assert_eq!(row("BB", 4), ["BB", "Sangat Baik", "0", "0,00 %"]);
    // The ranking, after the distribution: predicate, rank, OPD, score.
    let at = text.iter().position(|t| t == "C. Peringkat").unwrap();
    assert_eq!(
        text[at + 5..at + 17],
        [
            "AA",
            "1",
            "Bappeda",
            "100,00",
            "A",
            "2",
            "Inspektorat",
            "87,00",
            "D",
            "3",
            "Kecamatan Barat",
            "0,00"
        ]
    );
    let at = text
        .iter()
        .position(|t| t == "D. Kriteria Terlemah di Seluruh Perangkat Daerah")
        .unwrap();
    assert_eq!(
        text[at + 4..at + 7],
        [
            "1.c.1 Anggaran yang ditetapkan telah mengacu pada Kinerja yang ingin dicapai",
            "60,00 %",
            "1 / 3"
        ]
    );
    let weakest: Vec<&String> = text[at + 4..].iter().step_by(3).take(10).collect();
    assert!(weakest.iter().all(|t| t.contains(".c.")), "{weakest:#?}");
}

/// Program data alone has no LKE evaluation to report: `--lhe` writes no document and says so.
#[test]
fn program_data_alone_writes_no_lhe() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = sakip()
        .args([
            "score",
            "--programs",
            "fixtures/demo-program",
            "--lhe",
            "--lang",
            "en",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&run.get_output().stderr).to_string()
        + &String::from_utf8_lossy(&run.get_output().stdout);
    assert!(
        said.contains("No LHE written: there are no LKE answers evaluated"),
        "{said}"
    );
    assert!(out.join("feedback.xlsx").exists());
    assert!(!out.join("lhe-kota.docx").exists() && !out.join("lhe").exists());
}

/// Every `.docx` under `dir` (the city's and the OPDs'), by its path inside `dir`, with its
/// bytes.
fn documents(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "docx") {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                found.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

/// `sakip lhe` writes a stored year's documents again from the history alone: the same bytes
/// as the year's own `score --lhe` (its answers stored beside its results and scored again,
/// last year from the same history, under `SOURCE_DATE_EPOCH`), the LKE files not needed.
/// A year imported from a published summary has no answers: its LHE is refused with the
/// reason, and so is a year the history does not hold.
#[test]
fn a_stored_years_lhe_is_written_again_from_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("riwayat");
    crate::util::import_year(
        &history,
        "fixtures/demo-history/ringkasan-akip-2024.csv",
        "2024",
        "akip-2021-opd",
    );
    let first = dir.path().join("run");
    score_lhe(&first, &["--history".as_ref(), history.as_os_str()]);
    assert!(history.join("2025-akip-2021-opd.jawaban.parquet").is_file());
    // The history's trend still reads two years: the answers file is not a year.
    crate::util::write_trend(&history, &dir.path().join("trend.xlsx"));

    let again = dir.path().join("again");
    let out = sakip()
        .args(["lhe", "--year", "2025", "--history"])
        .arg(&history)
        .arg("--out")
        .arg(&again)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (a, b) = (documents(&first), documents(&again));
    assert_eq!(a.len(), 34, "33 OPDs and the city");
    let names = |d: &[(String, Vec<u8>)]| d.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs");
    }
    // Last year's column is there: the Inspektorat's 71.04 of 2024 from the summary, 87.00
    // this year (see the test above), +15.96.
    let text = paragraphs(&again.join("lhe").join("05-inspektorat.docx"));
    assert!(text.iter().any(|t| t == "% 2024"), "{text:#?}");
    let at = text.iter().position(|t| t == "Nilai Akhir").unwrap();
    assert_eq!(
        text[at + 1..at + 6],
        ["100,00", "87,00", "87,00", "71,04", "+15,96"]
    );

    let refused = sakip()
        .args(["lhe", "--year", "2024", "--history"])
        .arg(&history)
        .arg("--out")
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("tersimpan tanpa jawaban LKE-nya"),
        "{stderr}"
    );
    assert!(stderr.contains("2024-akip-2021-opd.parquet"), "{stderr}");
    assert!(!dir.path().join("x").exists());
    // A published summary imported over the scored year replaces its answers too.
    crate::util::import_year(
        &history,
        "fixtures/demo-history/ringkasan-akip-2024.csv",
        "2025",
        "akip-2021-opd",
    );
    assert!(!history.join("2025-akip-2021-opd.jawaban.parquet").exists());
    let missing = sakip()
        .args(["lhe", "--year", "2019", "--history"])
        .arg(&history)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("2024, 2025"), "{stderr}");
}

/// A year scored under a rubric file keeps the rubric's text with its answers: `sakip lhe`
/// writes the year's documents under that rubric after the file is gone (its title, renamed
/// here, is in the legal basis).
#[test]
fn a_rubric_file_is_stored_with_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("rubrics/akip-2021-opd.toml")
        .unwrap()
        .replace(
            "Evaluasi AKIP Perangkat Daerah (LKE PermenPAN-RB 88/2021, rata-rata)",
            "Evaluasi AKIP Kota Sukamaju",
        );
    let rubric = dir.path().join("rubrik-kota.toml");
    std::fs::write(&rubric, text).unwrap();
    let history = dir.path().join("riwayat");
    sakip()
        .args([
            "score",
            "fixtures/demo",
            "--quiet",
            "--year",
            "2025",
            "--rubric",
        ])
        .arg(&rubric)
        .arg("--history")
        .arg(&history)
        .arg("--out")
        .arg(dir.path().join("run"))
        .assert()
        .success();
    std::fs::remove_file(&rubric).unwrap();
    let out = dir.path().join("again");
    sakip()
        .args(["lhe", "--year", "2025", "--history"])
        .arg(&history)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text = paragraphs(&out.join("lhe-kota.docx"));
    assert!(
        text.iter()
            .any(|t| t.contains("(Evaluasi AKIP Kota Sukamaju)")),
        "{text:#?}"
    );
}
