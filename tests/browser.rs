//! `sakip serve` in a real headless Chromium, driven through the DevTools protocol as a person
//! would use the page: choose the demo's LKE files, score, read the ranking, open an OPD, switch
//! to English, download the workbook. Screenshots go to `target/browser-screenshots/`. Skipped,
//! with a notice, only when Chromium cannot be started at all.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// A process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        crate::util::stop(&mut self.0);
    }
}

/// Waits (at most 30 s) for the browser to finish saving `name` into `dir`; its path.
fn downloaded(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let partial = std::fs::read_dir(dir).unwrap().any(|e| {
            e.unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "crdownload")
        });
        if path.is_file() && !partial {
            return path;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{name} was not downloaded into {}", dir.display());
}

/// The Chromium of this machine, if any.
fn chromium() -> Option<String> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).exists())
    .map(String::from)
}

/// Starts headless Chromium with a fresh profile in `profile`; its DevTools port, read from the
/// profile's `DevToolsActivePort` (at most 30 s).
fn start_chromium(binary: &str, profile: &std::path::Path) -> Option<(Killed, u16)> {
    let child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
            "--window-size=1280,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let child = Killed(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(profile.join("DevToolsActivePort")) {
            if let Some(port) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                return Some((child, port));
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

/// `GET http://127.0.0.1:port{path}`'s body.
fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    raw.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

/// One page of Chromium, spoken to over its DevTools WebSocket.
struct Page {
    socket: WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next: u64,
}

impl Page {
    /// Sends `method` with `params`; its result (events in between are passed over).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let message = json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(Message::text(message.to_string()))
            .unwrap();
        loop {
            let reply = self.socket.read().unwrap();
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(&text).unwrap();
            if value["id"] == id {
                assert!(value.get("error").is_none(), "{method}: {value}");
                return value["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression (promises awaited).
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Chooses `files` (absolute paths) in the file input `selector`, as a person would.
    fn choose_files(&mut self, selector: &str, files: &[String]) {
        let document = self.call("DOM.getDocument", json!({}));
        let root = document["root"]["nodeId"].clone();
        let input = self.call(
            "DOM.querySelector",
            json!({ "nodeId": root, "selector": selector }),
        );
        self.call(
            "DOM.setFileInputFiles",
            json!({ "nodeId": input["nodeId"], "files": files }),
        );
    }

    /// Waits (at most `seconds`) until `condition` is true on the page.
    fn wait_for(&mut self, condition: &str, seconds: u64) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < deadline {
            if self.eval(condition) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("waited {seconds} s for {condition}");
    }

    /// A PNG of the page, saved as `name` in the screenshots folder.
    fn screenshot(&mut self, name: &str) {
        let shot = self.call(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
        );
        let bytes = base64(shot["data"].as_str().unwrap());
        assert!(bytes.starts_with(b"\x89PNG"));
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .unwrap()
            .join("browser-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// Standard base64, decoded.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let n = chunk
            .iter()
            .fold(0u32, |acc, &c| (acc << 6) | u32::from(value(c)))
            << (6 * (4 - chunk.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64("c2FraXA="), b"sakip");
    assert_eq!(base64("QUtJUA=="), b"AKIP");
}

#[test]
fn an_evaluator_scores_the_demo_in_a_browser() {
    let Some(binary) = chromium() else {
        eprintln!("NOTICE: no Chromium on this machine; the browser test is skipped");
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let Some((_chromium, devtools)) = start_chromium(&binary, profile.path()) else {
        eprintln!("NOTICE: Chromium could not be started; the browser test is skipped");
        return;
    };
    // The server (with a history of one published year: the planner adds the next on the
    // page), and what the command line says of the same files.
    let history = profile.path().join("riwayat");
    let summaries = "fixtures/demo-history";
    let first = format!("{summaries}/ringkasan-akip-2023.csv");
    crate::util::import_year(&history, &first, "2023", "akip-2015");
    let mut server = Command::new(env!("CARGO_BIN_EXE_sakip"))
        .args(["serve", "--port", "0", "--data"])
        .arg(&history)
        .env("SOURCE_DATE_EPOCH", "1764374400")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Killed(server);
    let address = line.split("http://").nth(1).unwrap().trim().to_string();
    let out = tempfile::tempdir().unwrap();
    let expected =
        crate::util::score_json(&["fixtures/demo", "--year", "2025", "--quiet"], out.path());

    let targets: Value = serde_json::from_str(&http_get(devtools, "/json/list")).unwrap();
    let target = targets
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "page")
        .unwrap();
    let (socket, _) =
        tungstenite::connect(target["webSocketDebuggerUrl"].as_str().unwrap()).unwrap();
    let mut page = Page { socket, next: 0 };
    page.call("Page.enable", json!({}));
    page.call(
        "Page.navigate",
        json!({ "url": format!("http://{address}/") }),
    );
    page.wait_for("document.readyState === 'complete' && document.querySelectorAll('#rubric option').length > 0", 30);
    assert_eq!(
        page.eval("document.querySelector('h2').textContent"),
        "1. Berkas masukan"
    );
    // The planners' history: one year, then 2024 added from its published summary on the page;
    // a row per year (2023 under the 2015 rules, 2024 under 88/2021).
    page.wait_for("!document.getElementById('history').hidden", 30);
    let years = "[...document.querySelectorAll('#history-years tr')].slice(1).map(r => r.cells[0].textContent).join(',')";
    assert_eq!(page.eval(years), "2023");
    let summary = std::fs::canonicalize(format!("{summaries}/ringkasan-akip-2024.csv")).unwrap();
    page.choose_files("#import-file", &[summary.display().to_string()]);
    page.eval("document.getElementById('import-year').value = '2024'; document.getElementById('import-rubric').value = 'akip-2021-opd'; document.getElementById('import').click(); true");
    page.wait_for(
        "document.querySelectorAll('#history-years tr').length === 3",
        30,
    );
    assert_eq!(page.eval(years), "2023,2024 ◆");
    assert!(page
        .eval("document.getElementById('import-status').textContent")
        .as_str()
        .unwrap()
        .starts_with("Tersimpan di riwayat: 2024-akip-2021-opd.parquet"));
    // The trend's charts, with the command line's figures for the same two years.
    let full = profile.path().join("riwayat-cli");
    crate::util::demo_history(&full);
    let figures = crate::util::trend_json(&full, &profile.path().join("trend.xlsx"));
    let city = &figures["city"];
    let point = |what: &str, year: &str, i: usize, key: &str| {
        format!("{what} {year}: {:.2}", city[i][key].as_f64().unwrap())
    };
    let expected_points = [
        point("Rata-rata", "2023", 0, "mean"),
        point("Rata-rata", "2024 ◆", 1, "mean"),
        point("Median", "2023", 0, "median"),
        point("Median", "2024 ◆", 1, "median"),
    ]
    .join("|");
    let shown_points = page.eval(
        "[...document.querySelectorAll('#chart-city circle title')].map(t => t.textContent).join('|')",
    );
    assert_eq!(shown_points, expected_points);
    let movers = |k: &str| figures["movers_span"][k].as_array().unwrap().len().min(3);
    let lines = page.eval("document.querySelectorAll('#chart-movers polyline').length");
    assert_eq!(lines, json!(movers("improved") + movers("declined")));
    page.eval("document.getElementById('history').scrollIntoView(); true");
    page.screenshot("history.png");

    // Choose the demo's LKE files, the year, and score.
    let mut files: Vec<String> = std::fs::read_dir("fixtures/demo")
        .unwrap()
        .map(|e| std::fs::canonicalize(e.unwrap().path()).unwrap())
        .filter(|p| p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    page.choose_files("#lke", &files);
    page.eval("document.getElementById('year').value = '2025'; true");
    page.eval("document.getElementById('run').click(); true");
    page.wait_for("!document.getElementById('results').hidden || !document.getElementById('problems').hidden && document.getElementById('status').textContent !== 'Membaca dan menilai…'", 120);
    page.wait_for("!document.getElementById('results').hidden", 5);
    // The job's phases, as the page was told them while it ran: every one ended.
    let phases = page.eval(
        "[...document.querySelectorAll('#progress li')].map(l => l.className + ':' + l.textContent.replace(/ \\(.*/, '')).join('|')",
    );
    assert_eq!(
        phases,
        "finished:✓ Membaca berkas LKE 4/4|finished:✓ Menilai jawaban, rekonsiliasi, langkah berikutnya|finished:✓ Menulis feedback.xlsx"
    );
    page.screenshot("ranking.png");

    // The rows shown are the command line's ranking.
    let shown = page.eval(
        "JSON.stringify([...document.querySelectorAll('#ranking-rows tr')].map(r => [...r.cells].map(c => c.textContent)))",
    );
    let shown: Vec<Vec<String>> = serde_json::from_str(shown.as_str().unwrap()).unwrap();
    let opds = expected["opds"].as_array().unwrap();
    assert_eq!(shown.len(), opds.len());
    for (row, o) in shown.iter().zip(opds) {
        let score = o["score"]
            .as_f64()
            .map(|s| format!("{s:.2}"))
            .unwrap_or_default();
        assert_eq!(
            row,
            &vec![
                o["rank"].to_string(),
                o["opd"].as_str().unwrap().to_string(),
                score,
                o["predicate"].as_str().unwrap_or("").to_string()
            ]
        );
    }
    // A predicate cell wears its band's colour.
    let colour =
        page.eval("document.querySelector('#ranking-rows tr td:nth-child(4)').style.background");
    assert!(colour.as_str().unwrap().starts_with("rgb("), "{colour}");

    // An OPD's page: the Inspektorat (5th), its components as percents of their maxima
    // (26.10 of 30: 87.0 %) and its first step to AA with the criterion's text.
    page.eval("[...document.querySelectorAll('#ranking-rows tr')].find(r => r.cells[1].textContent === 'Inspektorat').click(); true");
    page.wait_for("!document.getElementById('opd').hidden", 5);
    let title = page.eval("document.querySelector('#opd h3').textContent");
    assert!(
        title.as_str().unwrap().starts_with("5. Inspektorat"),
        "{title}"
    );
    let first = page.eval("[...document.querySelectorAll('#opd-components tr')][1].textContent");
    assert_eq!(first, "1. Perencanaan Kinerja26.1030.0087.0");
    let heading = page.eval("document.querySelector('#opd h4').textContent");
    assert_eq!(
        heading,
        "Langkah tersingkat menuju predikat AA (13 langkah)"
    );
    let step = page.eval("document.querySelector('#opd-steps li').textContent");
    assert_eq!(
        step,
        "4.c.1 Seluruh rekomendasi atas hasil evaluasi AKIP internal telah ditindaklanjuti: BB → A (+0.25)"
    );
    page.screenshot("opd.png");

    // The workbook, downloaded by clicking its link, read back: its ranking is the command
    // line's, cell by cell.
    let downloads = profile.path().join("unduhan");
    std::fs::create_dir(&downloads).unwrap();
    page.call(
        "Browser.setDownloadBehavior",
        json!({ "behavior": "allow", "downloadPath": downloads.display().to_string() }),
    );
    page.eval("document.querySelector('#downloads a').click(); true");
    let saved = downloaded(&downloads, "feedback.xlsx");
    let sheet = |path: &std::path::Path| {
        let mut book = calamine::open_workbook_auto(path).unwrap();
        calamine::Reader::worksheet_range(&mut book, "Ringkasan").unwrap()
    };
    let (theirs, ours) = (sheet(&saved), sheet(&out.path().join("feedback.xlsx")));
    assert_eq!(theirs.get_size(), ours.get_size());
    assert!(
        theirs == ours,
        "the downloaded ranking differs from the command line's"
    );

    // The LKE template for the OPDs named, as the evaluator hands it out: a sheet per OPD.
    page.eval("document.querySelector('#templates details').open = true; document.getElementById('template-opds').value = 'Inspektorat\\nDinas Sosial'; document.getElementById('template-lke').click(); true");
    let template = downloaded(&downloads, "templat-lke.xlsx");
    let book = calamine::open_workbook_auto(&template).unwrap();
    let names = calamine::Reader::sheet_names(&book);
    assert!(names.iter().any(|n| n == "Inspektorat"), "{names:?}");
    assert!(names.iter().any(|n| n == "Dinas Sosial"), "{names:?}");
    page.eval("document.getElementById('templates').scrollIntoView(); true");
    page.screenshot("templates.png");

    // With the program data too: the city's collaboration network, one heatmap cell per pair
    // of OPDs that work together, as the command line counts them.
    let mut programs: Vec<String> = std::fs::read_dir("fixtures/demo-program")
        .unwrap()
        .map(|e| std::fs::canonicalize(e.unwrap().path()).unwrap())
        .filter(|p| p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    programs.sort();
    let with_programs = tempfile::tempdir().unwrap();
    let expected = crate::util::score_json(
        &[
            "fixtures/demo",
            "--programs",
            "fixtures/demo-program",
            "--year",
            "2025",
            "--quiet",
        ],
        with_programs.path(),
    );
    let pairs = expected["city"]["matrix"].as_array().unwrap().len();
    assert!(pairs > 0);
    page.choose_files("#programs", &programs);
    page.eval("document.getElementById('run').click(); true");
    page.wait_for("!document.getElementById('network').hidden", 120);
    let cells = page.eval("document.querySelectorAll('#heatmap rect.pair').length");
    assert_eq!(cells, json!(pairs));
    page.eval("document.getElementById('network').scrollIntoView(); true");
    page.screenshot("network.png");

    // In English.
    page.eval("document.getElementById('lang').click(); true");
    page.wait_for(
        "document.querySelector('#results h2').textContent === 'Ranking'",
        5,
    );
    assert_eq!(page.eval("document.documentElement.lang"), "en");
    page.screenshot("ranking-en.png");
}
