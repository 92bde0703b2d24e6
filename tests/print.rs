//! Every sheet of every workbook sakip writes prints: its page setup read back from the sheets'
//! XML (paper, orientation, fit, repeated rows and columns, page breaks, header and footer).

use crate::util::{sakip, zip_part};
use std::path::Path;

/// One sheet's print setup as its XML states it.
#[derive(Debug)]
struct Setup {
    name: String,
    /// `paperSize`.
    paper: Option<String>,
    /// `orientation`.
    orientation: Option<String>,
    /// `fitToWidth`, with `fitToPage` set.
    fit_width: Option<String>,
    /// `fitToHeight`, with `fitToPage` set.
    fit_height: Option<String>,
    /// The odd pages' header and footer.
    header: String,
    footer: String,
    /// The print titles: `$1:$4`, `$A:$A,$1:$3`.
    titles: Option<String>,
    /// Vertical page breaks: their columns.
    breaks: Vec<u32>,
}

/// The value of attribute `name` in the first `<tag ...>` of `xml`.
fn attribute(xml: &str, tag: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let element = &xml[start..start + xml[start..].find('>')?];
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(element[at..at + element[at..].find('"')?].to_string())
}

/// The text of the first `<tag>...</tag>` of `xml`, its entities read.
fn text(xml: &str, tag: &str) -> String {
    let Some(start) = xml.find(&format!("<{tag}>")) else {
        return String::new();
    };
    let from = start + tag.len() + 2;
    let end = from + xml[from..].find(&format!("</{tag}>")).unwrap();
    xml[from..end].replace("&amp;", "&").replace("&quot;", "\"")
}

/// Every visible sheet of the workbook at `path`, in order, with its setup.
fn setups(path: &Path) -> Vec<Setup> {
    let workbook = zip_part(path, "xl/workbook.xml");
    let rels = zip_part(path, "xl/_rels/workbook.xml.rels");
    let mut out = Vec::new();
    for (index, tag) in workbook.split("<sheet ").skip(1).enumerate() {
        let tag = format!("<sheet {}>", &tag[..tag.find("/>").unwrap()]);
        if tag.contains("state=\"hidden\"") {
            continue;
        }
        let name = attribute(&tag, "sheet", "name").unwrap();
        let id = attribute(&tag, "sheet", "r:id").unwrap();
        let rel = rels
            .split("<Relationship ")
            .find(|r| r.contains(&format!("Id=\"{id}\"")))
            .unwrap();
        let target = attribute(&format!("<r {rel}>"), "r", "Target").unwrap();
        let xml = zip_part(path, &format!("xl/{target}"));
        let fit = xml.contains("fitToPage=\"1\"");
        let titles = workbook
            .split("<definedName ")
            .skip(1)
            .find(|d| {
                d.contains("_xlnm.Print_Titles") && d.contains(&format!("localSheetId=\"{index}\""))
            })
            .map(|d| {
                let v = &d[d.find('>').unwrap() + 1..d.find("</definedName>").unwrap()];
                v.replace(&format!("'{name}'!"), "")
                    .replace(&format!("{name}!"), "")
            });
        let breaks = xml
            .find("<colBreaks")
            .map(|at| {
                xml[at..xml[at..].find("</colBreaks>").map_or(xml.len(), |e| at + e)]
                    .split("<brk ")
                    .skip(1)
                    .filter_map(|b| attribute(&format!("<brk {b}>"), "brk", "id")?.parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        out.push(Setup {
            name,
            paper: attribute(&xml, "pageSetup", "paperSize"),
            orientation: attribute(&xml, "pageSetup", "orientation"),
            fit_width: fit
                .then(|| attribute(&xml, "pageSetup", "fitToWidth").unwrap_or("1".into())),
            fit_height: fit
                .then(|| attribute(&xml, "pageSetup", "fitToHeight").unwrap_or("1".into())),
            header: text(&xml, "oddHeader"),
            footer: text(&xml, "oddFooter"),
            titles,
            breaks,
        });
    }
    out
}

/// Every sheet of `path` prints on `paper` with the page number in its footer and `heading`
/// and `year` in its header.
fn every_sheet_prints(path: &Path, paper: &str, heading: &str, year: &str) -> Vec<Setup> {
    let all = setups(path);
    assert!(!all.is_empty(), "{}", path.display());
    for s in &all {
        let at = format!("{} / {}", path.display(), s.name);
        assert_eq!(s.paper.as_deref(), Some(paper), "{at}");
        assert!(s.orientation.is_some(), "{at}");
        assert_eq!(s.footer, "&C&8Halaman &P dari &N", "{at}");
        assert_eq!(s.header, format!("&L&8{heading}&R&8{year}"), "{at}");
    }
    all
}

/// The demo's feedback workbook and scorecards on A4 (code 9) and F4 (Folio, code 14): every
/// sheet with paper, orientation, the rubric's title and the year in the header, the page
/// number in the footer. The tables repeat their title and header rows and are fitted to the
/// page's width; the Kriteria sheet (80 criteria of 7 characters, too wide to print at 8 pt
/// or more when shrunk) is printed at 75 %, the OPD column repeated, and broken before each
/// component (columns 26, 46, 68) and before a sub-component where the page is full. A column
/// w characters wide takes (7w + 5) / 96 x 1.08 in, x 0.75: the OPD column (60) 3.586 in, a
/// criterion (7) 0.456 in. A4 landscape has 11.69 - 1.2 = 10.49 in across, 6.904 in after the
/// OPD column: 15 criteria. Sub-components of 7, 10, 8 | 3, 7, 10 | 6, 9, 7 | 3, 5, 5 criteria
/// from column 1 then pack as 1.a | 1.b | 1.c | 2.a + 2.b | 2.c | 3.a + 3.b (15) | 3.c | 4:
/// breaks before columns 8, 18, 26, 36, 46, 61, 68. F4 has 11.79 in, 8.204 after the OPD
/// column: 18 criteria, so 1.a + 1.b (17) share a page and 8 is no break.
/// The scorecard's first sheet is one portrait page.
#[test]
fn the_feedback_workbook_and_scorecards_print_on_the_paper_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let breaks_a4 = [8, 18, 26, 36, 46, 61, 68];
    let breaks_f4 = [18, 26, 36, 46, 61, 68];
    for (paper, code, breaks) in [("a4", "9", &breaks_a4[..]), ("f4", "14", &breaks_f4[..])] {
        let out = dir.path().join(paper);
        sakip()
            .args([
                "score",
                "fixtures/demo",
                "--programs",
                "fixtures/demo-program",
            ])
            .args([
                "--year",
                "2025",
                "--scorecards",
                "--quiet",
                "--paper",
                paper,
            ])
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let heading = "Evaluasi AKIP Perangkat Daerah (LKE PermenPAN-RB 88/2021, rata-rata)";
        let sheets = every_sheet_prints(&out.join("feedback.xlsx"), code, heading, "2025");
        let sheet = |name: &str| sheets.iter().find(|s| s.name == name).unwrap();
        let summary = sheet("Ringkasan");
        assert_eq!(summary.orientation.as_deref(), Some("landscape"));
        assert_eq!(
            (summary.fit_width.as_deref(), summary.fit_height.as_deref()),
            (Some("1"), Some("0"))
        );
        assert_eq!(summary.titles.as_deref(), Some("$1:$4"));
        // The ranking alone is printed, not the legend and chart beside it: rank, OPD, score,
        // predicate, 4 components, 2 indices (A:J), the title block and header (4 rows) and 33
        // OPDs.
        let workbook = zip_part(&out.join("feedback.xlsx"), "xl/workbook.xml");
        assert!(
            workbook.contains("localSheetId=\"0\">Ringkasan!$A$1:$J$37</definedName>"),
            "{workbook}"
        );
        let criteria = sheet("Kriteria");
        assert_eq!(criteria.fit_width, None);
        assert_eq!(criteria.breaks, breaks);
        assert_eq!(criteria.titles.as_deref(), Some("$A:$A,$1:$4"));
        let metadata = sheet("Metadata");
        assert_eq!(metadata.orientation.as_deref(), Some("portrait"));
        let card = std::fs::read_dir(out.join("scorecards"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .unwrap();
        let cards = every_sheet_prints(&card, code, heading, "2025");
        assert_eq!(cards[0].orientation.as_deref(), Some("portrait"));
        assert_eq!(
            (
                cards[0].fit_width.as_deref(),
                cards[0].fit_height.as_deref()
            ),
            (Some("1"), Some("1"))
        );
        assert_eq!(cards[1].titles.as_deref(), Some("$1:$1"));
    }
}

/// The trend workbook (its header names the trend and its last year) and both templates
/// (the rubric's title, or the program sheet's name, and the year of the run: 2025 under the
/// tests' `SOURCE_DATE_EPOCH`).
#[test]
fn the_trend_workbook_and_the_templates_print_too() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("riwayat");
    crate::util::demo_history(&history);
    let trend = dir.path().join("trend.xlsx");
    crate::util::write_trend(&history, &trend);
    let sheets = every_sheet_prints(
        &trend,
        "9",
        "Tren Hasil Evaluasi AKIP dari Tahun ke Tahun",
        "2024",
    );
    assert!(sheets
        .iter()
        .all(|s| s.orientation.as_deref() == Some("landscape")));
    let lke = dir.path().join("lke.xlsx");
    sakip()
        .args([
            "template",
            "lke",
            "--opd",
            "Dinas Contoh",
            "--paper",
            "f4",
            "--out",
        ])
        .arg(&lke)
        .assert()
        .success();
    let heading = "Evaluasi AKIP Perangkat Daerah (LKE PermenPAN-RB 88/2021, rata-rata)";
    let sheets = every_sheet_prints(&lke, "14", heading, "2025");
    assert_eq!(sheets[1].titles.as_deref(), Some("$1:$7"));
    let programs = dir.path().join("program.xlsx");
    sakip()
        .args(["template", "programs", "--priorities"])
        .arg("fixtures/demo-program/prioritas-walikota.csv")
        .arg("--out")
        .arg(&programs)
        .assert()
        .success();
    every_sheet_prints(&programs, "9", "Kegiatan", "2025");
}

/// `sakip init` writes the commented settings (and not over a file there); `score
/// --settings` then heads every page with the government's name and puts it on Ringkasan,
/// takes the paper from the settings unless `--paper` says otherwise; a settings file with a
/// key sakip does not know stops the run at its line.
#[test]
fn the_settings_name_the_government_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sakip.toml");
    sakip()
        .args(["init", "--out"])
        .arg(&file)
        .assert()
        .success();
    sakip().args(["init", "--out"]).arg(&file).assert().code(2);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("name = \"Pemerintah Kota Sukamaju\""),
        "{text}"
    );
    std::fs::write(&file, text.replace("paper = \"a4\"", "paper = \"f4\"")).unwrap();
    let run = |out: &str, extra: &[&str]| {
        let out = dir.path().join(out);
        sakip()
            .args([
                "score",
                "fixtures/demo",
                "--year",
                "2025",
                "--quiet",
                "--settings",
            ])
            .arg(&file)
            .args(extra)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        out.join("feedback.xlsx")
    };
    let f4 = run("f4", &[]);
    every_sheet_prints(&f4, "14", "Pemerintah Kota Sukamaju", "2025");
    let a4 = run("a4", &["--paper", "a4"]);
    every_sheet_prints(&a4, "9", "Pemerintah Kota Sukamaju", "2025");
    let mut wb = calamine::open_workbook_auto(&a4).unwrap();
    let summary = calamine::Reader::worksheet_range(&mut wb, "Ringkasan").unwrap();
    let subtitle = summary.get_value((1, 0)).unwrap().to_string();
    assert!(
        subtitle.starts_with("Pemerintah Kota Sukamaju. "),
        "{subtitle}"
    );
    let bad = dir.path().join("salah.toml");
    std::fs::write(&bad, "[government]\nname = \"Kota A\"\nnama_kota = \"A\"\n").unwrap();
    let refused = sakip()
        .args(["score", "fixtures/demo", "--lang", "en", "--settings"])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains(
            "salah.toml: this settings file is wrong at line 3: unknown field `nama_kota`"
        ),
        "{said}"
    );
    assert!(!dir.path().join("x").exists());
}

/// The XML of the sheet named `name` in the workbook at `path`.
fn sheet_xml(path: &Path, name: &str) -> String {
    let workbook = zip_part(path, "xl/workbook.xml");
    let rels = zip_part(path, "xl/_rels/workbook.xml.rels");
    let tag = workbook
        .split("<sheet ")
        .find(|t| t.starts_with(&format!("name=\"{name}\"")))
        .unwrap_or_else(|| panic!("no sheet {name}"));
    let id = attribute(&format!("<sheet {tag}"), "sheet", "r:id").unwrap();
    let rel = rels
        .split("<Relationship ")
        .find(|r| r.contains(&format!("Id=\"{id}\"")))
        .unwrap();
    let target = attribute(&format!("<r {rel}>"), "r", "Target").unwrap();
    zip_part(path, &format!("xl/{target}"))
}

/// The height (points) of row `row` (1-based) in `xml`, when set.
fn row_height(xml: &str, row: u32) -> Option<f64> {
    let at = xml.find(&format!("<row r=\"{row}\""))?;
    attribute(&xml[at..], "row", "ht")?.parse().ok()
}

/// No header is clipped at its column's width: a header row is as tall as its longest name
/// wrapped at words, 15 points a line. Trend's Rincian: "Persen dari maksimum" in a column of
/// 11 takes "Persen dari" / "maksimum", two lines, 30 points. Keselarasan's OPD column is as
/// wide as its longest name; "A4 Horizon menengah/panjang (10)" in 15 takes "A4 Horizon" /
/// "menengah/panjan" (16 > 15: broken) / "g (10)": three lines, 45 points, as LibreOffice lays
/// it out. The note on parts not
/// assessed is merged across the table above its header (row 3), not left to run past it.
#[test]
fn header_rows_are_as_tall_as_their_wrapped_names() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("riwayat");
    crate::util::import_year(
        &history,
        "fixtures/demo-history/ringkasan-akip-2024.csv",
        "2024",
        "akip-2021-opd",
    );
    let trend = dir.path().join("trend.xlsx");
    crate::util::write_trend(&history, &trend);
    assert_eq!(row_height(&sheet_xml(&trend, "Rincian"), 1), Some(30.0));

    let out = dir.path().join("out");
    sakip()
        .args(["score", "fixtures/demo", "--quiet", "--programs"])
        .arg("fixtures/demo-program")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let xml = sheet_xml(&out.join("feedback.xlsx"), "Keselarasan");
    assert_eq!(row_height(&xml, 4), Some(45.0));
    assert!(xml.contains("<mergeCell ref=\"A3:H3\"/>"), "{xml}");
}
