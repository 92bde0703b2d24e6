//! `sakip serve` over HTTP: a real server process on an ephemeral loopback port, spoken to
//! with plain HTTP/1.1 over a socket (bounded waits everywhere).

use calamine::{open_workbook_auto, Data, DataType, Reader};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `sakip serve`, stopped when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Drop for Server {
    /// Stops the server as a service manager would: it removes its sessions' folders.
    fn drop(&mut self) {
        crate::util::stop(&mut self.child);
    }
}

/// Starts `sakip serve --port 0` with `args`; waits (at most 30 s) for its address.
fn start(args: &[&str]) -> Server {
    start_with(args, &[])
}

/// [`start`] with environment variables `env` set too.
fn start_with(args: &[&str], env: &[(&str, &std::path::Path)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sakip"))
        .args(["serve", "--port", "0"])
        .args(args)
        .envs(env.iter().copied())
        .env("SOURCE_DATE_EPOCH", "1764374400")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let line = receive
        .recv_timeout(Duration::from_secs(30))
        .expect("the server prints its address");
    let url = line
        .split("http://")
        .nth(1)
        .expect("an address")
        .to_string();
    let host = url.split('/').next().unwrap();
    Server {
        child,
        address: host.parse().unwrap(),
    }
}

/// A response: status, headers (lower-case names), body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }
}

/// Sends one request (`Connection: close`) with `headers` and `body`; reads the whole reply.
fn request(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {}\r\n", server.address));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // A server that refuses early may close before reading it all.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a reply");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v == "chunked")
    {
        body = unchunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// A chunked body, whole.
fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 2 + size + 2..];
    }
}

/// A multipart body of `files` (part name, file name, bytes) and its content type; a part with
/// no file name is a form's text field.
fn multipart(files: &[(&str, String, Vec<u8>)]) -> (Vec<u8>, String) {
    let boundary = "sakip-test-boundary-7d3f";
    let mut body = Vec::new();
    for (part, name, bytes) in files {
        let head = match name.is_empty() {
            true => format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"\r\n\r\n"),
            false => format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ),
        };
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (body, format!("multipart/form-data; boundary={boundary}"))
}

/// The demo's LKE files: (file name, bytes).
fn demo_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir("fixtures/demo")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A new session's id.
fn session(server: &Server, extra: &[(&str, &str)]) -> String {
    let reply = request(server, "POST", "/api/sessions", extra, b"");
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()["id"].as_str().unwrap().to_string()
}

/// Uploads `files` as part `part` into session `id`.
fn upload(server: &Server, id: &str, part: &str, files: &[(String, Vec<u8>)]) -> Reply {
    let parts: Vec<(&str, String, Vec<u8>)> = files
        .iter()
        .map(|(n, b)| (part, n.clone(), b.clone()))
        .collect();
    let (body, content_type) = multipart(&parts);
    request(
        server,
        "POST",
        &format!("/api/sessions/{id}/files"),
        &[("Content-Type", content_type.as_str())],
        &body,
    )
}

/// Scores session `id` with the JSON `form`.
fn score(server: &Server, id: &str, form: &str) -> Reply {
    request(
        server,
        "POST",
        &format!("/api/sessions/{id}/score"),
        &[("Content-Type", "application/json")],
        form.as_bytes(),
    )
}

/// The page and its script and style come from the binary and name nothing elsewhere.
#[test]
fn the_page_is_served_whole_from_the_binary() {
    let server = start(&[]);
    let page = request(&server, "GET", "/", &[], b"");
    assert_eq!(page.status, 200);
    let html = String::from_utf8_lossy(&page.body).to_string();
    assert!(html.contains("<script src=\"/app.js\">"), "{html}");
    for path in ["/", "/app.js", "/style.css"] {
        let reply = request(&server, "GET", path, &[], b"");
        assert_eq!(reply.status, 200, "{path}");
        let text = String::from_utf8_lossy(&reply.body).to_string();
        assert!(
            !text.contains("https://") && !text.contains("//cdn"),
            "{path} names an outside resource"
        );
    }
    let rubrics = request(&server, "GET", "/api/rubrics", &[], b"").json();
    let ids: Vec<&str> = rubrics
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"akip-2021-opd"), "{ids:?}");
}

/// DNS rebinding and cross-site posts: a Host or an Origin not the server's own is refused.
#[test]
fn a_foreign_host_or_origin_is_refused() {
    let server = start(&[]);
    let port = server.address.port();
    let evil = format!("evil.example:{port}");
    assert_eq!(
        request(&server, "GET", "/", &[("Host", evil.as_str())], b"").status,
        403
    );
    let reply = request(
        &server,
        "POST",
        "/api/sessions",
        &[("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(reply.status, 403);
    let own = format!("http://localhost:{port}");
    let reply = request(
        &server,
        "POST",
        "/api/sessions",
        &[("Origin", own.as_str())],
        b"",
    );
    assert_eq!(reply.status, 200);
}

/// With a token, every request must carry it: in a header, or once in the page's address
/// (which then sets a cookie the browser sends after).
#[test]
fn the_token_is_checked_on_every_request() {
    let server = start(&["--token", "rahasia-123"]);
    assert_eq!(request(&server, "GET", "/", &[], b"").status, 401);
    assert_eq!(
        request(&server, "GET", "/?token=salah", &[], b"").status,
        401
    );
    let page = request(&server, "GET", "/?token=rahasia-123", &[], b"");
    assert_eq!(page.status, 200);
    let cookie = page.header("set-cookie").unwrap();
    assert!(
        cookie.starts_with("sakip_token=rahasia-123;") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let with_cookie = request(
        &server,
        "POST",
        "/api/sessions",
        &[("Cookie", "sakip_token=rahasia-123")],
        b"",
    );
    assert_eq!(with_cookie.status, 200);
    let bearer = request(
        &server,
        "POST",
        "/api/sessions",
        &[("Authorization", "Bearer rahasia-123")],
        b"",
    );
    assert_eq!(bearer.status, 200);
}

/// Off loopback a token is made when none is given, and printed with the address.
#[test]
fn bound_beyond_this_machine_a_token_is_made() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sakip"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let token = line
        .split("/?token=")
        .nth(1)
        .expect("a token in the address")
        .trim();
    assert_eq!(token.len(), 32, "{line}");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
}

/// A request larger than --max-upload-bytes is refused with 413 and the server goes on.
#[test]
fn uploads_are_bounded() {
    let server = start(&["--max-upload-bytes", "2000"]);
    let id = session(&server, &[]);
    let reply = upload(
        &server,
        &id,
        "lke",
        &[("besar.csv".into(), vec![b'a'; 5000])],
    );
    assert_eq!(reply.status, 413);
    let reply = upload(
        &server,
        &id,
        "lke",
        &[("kecil.csv".into(), b"opd,kode,jawaban\n".to_vec())],
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
}

/// A browser's file name never becomes a path: `../../x.csv` is stored as `x.csv` inside the
/// session; a part of another name is refused; an unknown session is 404.
#[test]
fn file_names_from_the_browser_never_become_paths() {
    let server = start(&[]);
    let id = session(&server, &[]);
    let reply = upload(
        &server,
        &id,
        "lke",
        &[("../../jahat.csv".into(), b"x".to_vec())],
    );
    assert_eq!(reply.status, 200);
    let files = reply.json();
    assert_eq!(files[0]["stored"], "jahat.csv");
    assert_eq!(files[0]["name"], "../../jahat.csv");
    let (body, content_type) = multipart(&[("lain", "a.csv".into(), b"x".to_vec())]);
    let reply = request(
        &server,
        "POST",
        &format!("/api/sessions/{id}/files"),
        &[("Content-Type", content_type.as_str())],
        &body,
    );
    assert_eq!(reply.status, 400);
    // Two priorities files in one request: the second would replace the first unseen.
    let two = [
        ("p1.csv".into(), b"x".to_vec()),
        ("p2.csv".into(), b"y".to_vec()),
    ];
    let reply = upload(&server, &id, "priorities", &two);
    assert_eq!(reply.status, 400);
    assert!(String::from_utf8_lossy(&reply.body).contains("p2.csv"));
    let reply = upload(
        &server,
        "tidak-ada",
        "lke",
        &[("a.csv".into(), b"x".to_vec())],
    );
    assert_eq!(reply.status, 404);
    let reply = request(
        &server,
        "GET",
        &format!("/api/sessions/{id}/download/..%2F..%2Fetc%2Fpasswd"),
        &[],
        b"",
    );
    assert_eq!(reply.status, 404);
}

/// A file with problems: 400 with every problem as JSON, each with its file, sheet and cell
/// named as the user knows the file (not by the session's folder).
#[test]
fn input_problems_come_back_as_400_with_their_cells() {
    let server = start(&[]);
    let id = session(&server, &[]);
    let csv = "opd,kode,jawaban\nDinas A,1.a.1,Z\n".as_bytes().to_vec();
    upload(&server, &id, "lke", &[("salah.csv".into(), csv)]);
    let reply = score(&server, &id, r#"{"year": 2025}"#);
    assert_eq!(
        reply.status,
        400,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let json = reply.json();
    assert!(json["errors"].as_u64().unwrap() >= 1);
    let text = json.to_string();
    assert!(text.contains("salah.csv"), "{text}");
    assert!(
        !text.contains("sakip-serve-"),
        "the session's folder shows: {text}"
    );
    let file = json["problems"][0]["location"]["file"].as_str().unwrap();
    // Named within the session as the outputs name it: the LKE upload `salah.csv`.
    assert_eq!(file, "lke/salah.csv");
}

/// The served evaluation is the command line's: the same ranking (every OPD's rank, score and
/// predicate as `score --json` prints them), and the same workbook, byte for byte (under
/// `SOURCE_DATE_EPOCH`), as `sakip score lke` run in a folder holding the same files in `lke/`:
/// the server names uploads within its session's folder, so both name `lke/x.xlsx`.
#[test]
fn the_served_evaluation_is_the_command_lines() {
    let dir = tempfile::tempdir().unwrap();
    let lke = dir.path().join("lke");
    std::fs::create_dir(&lke).unwrap();
    for (name, bytes) in demo_files() {
        std::fs::write(lke.join(name), bytes).unwrap();
    }
    let run = crate::util::sakip()
        .current_dir(dir.path())
        .args(["score", "lke", "--year", "2025", "--quiet", "--json"])
        .args(["--out", "out"])
        .assert()
        .success();
    let expected: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();

    let server = start(&[]);
    let id = session(&server, &[]);
    let reply = upload(&server, &id, "lke", &demo_files());
    assert_eq!(reply.status, 200);
    let reply = score(&server, &id, r#"{"year": 2025, "rubric": "akip-2021-opd"}"#);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let served = reply.json();
    assert_eq!(served["evaluation"]["opds"], expected["opds"]);
    assert_eq!(served["evaluation"]["opds"].as_array().unwrap().len(), 33);
    assert!(
        served["warnings"]["warnings"].as_u64().unwrap() > 0,
        "the demo's inconsistencies"
    );
    let ledger = served["ledger"]["entries"].as_array().unwrap();
    assert!(
        ledger
            .iter()
            .any(|e| e["path"] == "lke/lke-dinas-tambahan.csv"),
        "{ledger:?}"
    );

    let download = request(
        &server,
        "GET",
        &format!("/api/sessions/{id}/download/feedback.xlsx"),
        &[],
        b"",
    );
    assert_eq!(download.status, 200);
    let cli = std::fs::read(dir.path().join("out/feedback.xlsx")).unwrap();
    assert!(
        cli == download.body,
        "the served workbook differs from the CLI's"
    );
    // The Metadata sheet names the files as the user knows them, not by the server's folder.
    let path = dir.path().join("served.xlsx");
    std::fs::write(&path, &download.body).unwrap();
    let mut book = open_workbook_auto(&path).unwrap();
    let metadata = book.worksheet_range("Metadata").unwrap();
    let named: Vec<String> = metadata
        .rows()
        .filter_map(|r| r.first().and_then(Data::as_string))
        .filter(|t| t.ends_with(".xlsx") || t.ends_with(".csv"))
        .collect();
    assert!(named.len() >= 3, "{named:?}");
    assert!(named.iter().all(|t| t.starts_with("lke/")), "{named:?}");
    // The session ends with its folder.
    let end = request(&server, "DELETE", &format!("/api/sessions/{id}"), &[], b"");
    assert_eq!(end.status, 204);
    let gone = request(
        &server,
        "GET",
        &format!("/api/sessions/{id}/download/feedback.xlsx"),
        &[],
        b"",
    );
    assert_eq!(gone.status, 404);
}

/// The phases of a session's score job are told as they pass (`GET .../progress`, which the
/// page asks for while the job runs): after the job, every phase it went through, in order,
/// ended, with the files read and the scorecards written counted, named in the language asked.
#[test]
fn the_jobs_phases_are_told() {
    let server = start(&[]);
    let id = session(&server, &[]);
    let path = format!("/api/sessions/{id}/progress");
    // Before a job, none.
    let before = request(&server, "GET", &path, &[], b"").json();
    assert_eq!(before["steps"], serde_json::json!([]));
    let files = demo_files();
    upload(&server, &id, "lke", &files);
    let form = r#"{"year": 2025, "scorecards": true, "lhe": true}"#;
    assert_eq!(score(&server, &id, form).status, 200);
    let after = request(&server, "GET", &path, &[], b"").json();
    let steps = after["steps"].as_array().unwrap();
    let shown: Vec<(&str, u64, u64, bool)> = steps
        .iter()
        .map(|s| {
            let n = |k: &str| s[k].as_u64().unwrap();
            let finished = s["finished"].as_bool().unwrap();
            (
                s["phase"].as_str().unwrap(),
                n("done"),
                n("total"),
                finished,
            )
        })
        .collect();
    let n = files.len() as u64;
    assert_eq!(
        shown,
        [
            ("read_lke", n, n, true),
            ("score", 0, 0, true),
            ("workbook", 0, 0, true),
            // The demo's 33 OPDs.
            ("scorecards", 33, 33, true),
            ("lhe", 0, 0, true),
        ]
    );
    assert_eq!(steps[0]["label"], "Membaca berkas LKE");
    assert!(steps.iter().all(|s| s["seconds"].as_f64().unwrap() >= 0.0));
    let english = request(&server, "GET", &format!("{path}?lang=en"), &[], b"").json();
    assert_eq!(english["steps"][3]["label"], "Writing the OPD scorecards");
    // Program data read beside the answers is a phase of its own.
    let read = |name: &str| std::fs::read(format!("fixtures/demo-program/{name}")).unwrap();
    let program = ("program.xlsx".into(), read("program-kegiatan-2025.xlsx"));
    upload(&server, &id, "programs", &[program]);
    let priorities = ("prioritas.csv".into(), read("prioritas-walikota.csv"));
    upload(&server, &id, "priorities", &[priorities]);
    let reply = score(&server, &id, r#"{"year": 2025}"#);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let again = request(&server, "GET", &path, &[], b"").json();
    let phases: Vec<&str> = again["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["phase"].as_str().unwrap())
        .collect();
    // Read beside the scoring: which begins first is the threads' affair.
    assert_eq!(phases.len(), 4, "{phases:?}");
    assert_eq!((phases[0], phases[3]), ("read_lke", "workbook"));
    assert!(phases[1..3].contains(&"programs") && phases[1..3].contains(&"score"));
    let unknown = request(&server, "GET", "/api/sessions/nope/progress", &[], b"");
    assert_eq!(unknown.status, 404);
}

/// Several users at once: two sessions scored at the same time, each on its own files, get
/// their own evaluation (the command line's on those files), and both store their year into
/// the history, one after the other.
#[test]
fn sessions_at_once_get_their_own_results() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("riwayat");
    crate::util::demo_history(&history);
    let all = demo_files();
    let alone: Vec<(String, Vec<u8>)> = all
        .iter()
        .filter(|(name, _)| name == "lke-dinas-tambahan.csv")
        .cloned()
        .collect();
    let one = dir.path().join("satu");
    std::fs::create_dir(&one).unwrap();
    std::fs::write(one.join(&alone[0].0), &alone[0].1).unwrap();
    let out = |name: &str| dir.path().join(name);
    let expected_all = crate::util::score_json(
        &["fixtures/demo", "--year", "2025", "--quiet"],
        &out("semua"),
    );
    let one_arg = one.to_str().unwrap();
    let expected_one =
        crate::util::score_json(&[one_arg, "--year", "2026", "--quiet"], &out("sebagian"));
    assert_ne!(expected_all["opds"], expected_one["opds"]);

    let server = start(&["--data", history.to_str().unwrap()]);
    let (a, b) = (session(&server, &[]), session(&server, &[]));
    assert_eq!(upload(&server, &a, "lke", &all).status, 200);
    assert_eq!(upload(&server, &b, "lke", &alone).status, 200);
    let (reply_a, reply_b) = std::thread::scope(|s| {
        let a = s.spawn(|| score(&server, &a, r#"{"year": 2025, "store": true}"#));
        let b = s.spawn(|| score(&server, &b, r#"{"year": 2026, "store": true}"#));
        (a.join().unwrap(), b.join().unwrap())
    });
    for reply in [&reply_a, &reply_b] {
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
    }
    let (a, b) = (reply_a.json(), reply_b.json());
    assert_eq!(a["evaluation"]["opds"], expected_all["opds"]);
    assert_eq!(b["evaluation"]["opds"], expected_one["opds"]);
    assert_eq!(a["stored"], "2025-akip-2021-opd.parquet");
    assert_eq!(b["stored"], "2026-akip-2021-opd.parquet");
    let trend = request(&server, "GET", "/api/trend", &[], b"").json();
    let years: Vec<u64> = trend["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_u64().unwrap())
        .collect();
    assert_eq!(years, [2023, 2024, 2025, 2026]);
}

/// Stopped by its service manager (SIGTERM) or Ctrl-C, the server ends every session and
/// removes its folder: no upload outlives it.
#[cfg(unix)]
#[test]
fn stopping_the_server_removes_every_session() {
    let tmp = tempfile::tempdir().unwrap();
    let mut server = start_with(&[], &[("TMPDIR", tmp.path())]);
    let id = session(&server, &[]);
    assert_eq!(upload(&server, &id, "lke", &demo_files()).status, 200);
    let folders = || {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with("sakip-serve-")
            })
            .count()
    };
    assert_eq!(folders(), 1);
    // SAFETY: a signal to the server this test started, which is still running.
    let sent = unsafe { libc::kill(server.child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(sent, 0);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert_eq!(folders(), 0);
}

/// The input templates from the page are `sakip template`'s, byte for byte: the LKE workbook
/// for the OPDs named one per line, the program-data sheet for the priorities uploaded.
#[test]
fn the_templates_are_the_command_lines() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&[]);
    let post = |path: &str, parts: &[(&str, String, Vec<u8>)]| {
        let (body, content_type) = multipart(parts);
        let headers = [("Content-Type", content_type.as_str())];
        request(&server, "POST", path, &headers, &body)
    };
    let field = |name: &'static str, value: &str| (name, String::new(), value.as_bytes().to_vec());
    let opds = "Inspektorat\n  Dinas Sosial \n\nBadan Perencanaan Pembangunan Daerah\n";
    let lke = post(
        "/api/template/lke",
        &[
            field("rubric", "akip-2021-opd"),
            field("opds", opds),
            field("paper", "f4"),
        ],
    );
    assert_eq!(lke.status, 200, "{}", String::from_utf8_lossy(&lke.body));
    assert_eq!(
        lke.header("content-disposition"),
        Some("attachment; filename=\"templat-lke.xlsx\"")
    );
    let cli = dir.path().join("lke.xlsx");
    crate::util::sakip()
        .args([
            "template",
            "lke",
            "--rubric",
            "akip-2021-opd",
            "--paper",
            "f4",
        ])
        .args(["--opd", "Inspektorat", "--opd", "Dinas Sosial"])
        .args(["--opd", "Badan Perencanaan Pembangunan Daerah", "--out"])
        .arg(&cli)
        .assert()
        .success();
    assert!(
        lke.body == std::fs::read(&cli).unwrap(),
        "the LKE templates differ"
    );

    let priorities = std::fs::read("fixtures/demo-program/prioritas-walikota.csv").unwrap();
    let names = "Inspektorat\nDinas Sosial\n";
    let programs = post(
        "/api/template/programs",
        &[
            ("priorities", "prioritas.csv".into(), priorities.clone()),
            field("opds", names),
        ],
    );
    assert_eq!(
        programs.status,
        200,
        "{}",
        String::from_utf8_lossy(&programs.body)
    );
    let list = dir.path().join("opd.csv");
    std::fs::write(&list, "nama\nInspektorat\nDinas Sosial\n").unwrap();
    let cli = dir.path().join("program.xlsx");
    crate::util::sakip()
        .args(["template", "programs", "--priorities"])
        .arg("fixtures/demo-program/prioritas-walikota.csv")
        .arg("--opd-list")
        .arg(&list)
        .arg("--out")
        .arg(&cli)
        .assert()
        .success();
    assert!(
        programs.body == std::fs::read(&cli).unwrap(),
        "the program templates differ"
    );

    // With a rubric file of the region's own: the command line's template of that file.
    let text = std::fs::read_to_string("rubrics/akip-2021-opd.toml")
        .unwrap()
        .replace(
            "Evaluasi AKIP Perangkat Daerah (LKE PermenPAN-RB 88/2021, rata-rata)",
            "Evaluasi AKIP Kota Sukamaju",
        );
    let own = dir.path().join("rubrik-kota.toml");
    std::fs::write(&own, &text).unwrap();
    let uploaded = post(
        "/api/template/lke",
        &[
            ("rubric", "rubrik-kota.toml".into(), text.into_bytes()),
            field("opds", "Inspektorat"),
        ],
    );
    assert_eq!(
        uploaded.status,
        200,
        "{}",
        String::from_utf8_lossy(&uploaded.body)
    );
    let cli = dir.path().join("lke-kota.xlsx");
    crate::util::sakip()
        .args(["template", "lke", "--opd", "Inspektorat", "--rubric"])
        .arg(&own)
        .arg("--out")
        .arg(&cli)
        .assert()
        .success();
    assert!(
        uploaded.body == std::fs::read(&cli).unwrap(),
        "the own-rubric templates differ"
    );
    let broken = post(
        "/api/template/lke",
        &[
            ("rubric", "rusak.toml".into(), b"id = [".to_vec()),
            field("opds", "Inspektorat"),
        ],
    );
    assert_eq!(broken.status, 400);
    let problems = broken.json()["problems"].clone();
    assert_eq!(
        problems[0]["location"]["file"], "rubric/rusak.toml",
        "{problems}"
    );

    // Refused: no OPD, a rubric not built in, priorities with a problem (named as uploaded).
    let none = post("/api/template/lke", &[field("opds", "  \n")]);
    assert_eq!(none.status, 400);
    let path = post(
        "/api/template/lke",
        &[field("rubric", "/etc/passwd"), field("opds", "Inspektorat")],
    );
    assert_eq!(path.status, 400);
    let broken = b"id,nama\nP1,\n".to_vec();
    let reply = post(
        "/api/template/programs",
        &[("priorities", "prioritas-rusak.csv".into(), broken)],
    );
    assert_eq!(
        reply.status,
        400,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let problems = reply.json()["problems"].clone();
    assert_eq!(
        problems[0]["location"]["file"], "prioritas-rusak.csv",
        "{problems}"
    );
}

/// A rubric of the user's own (a TOML file, as `sakip rubric import` writes it) is uploaded
/// beside the answers and scored under, as `sakip score --rubric FILE` scores: here a city's
/// variant whose A begins at 75 rather than 80. A broken one is a 400 naming the file.
#[test]
fn an_uploaded_rubric_is_scored_under() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("rubrics/akip-2021-opd.toml")
        .unwrap()
        .replace("grade = \"A\"\nlower = 80.0", "grade = \"A\"\nlower = 75.0")
        .replace(
            "grade = \"BB\"\nlower = 70.0\nupper = 80.0",
            "grade = \"BB\"\nlower = 70.0\nupper = 75.0",
        );
    let file = dir.path().join("rubrik-kota.toml");
    std::fs::write(&file, &text).unwrap();
    let out = dir.path().join("out");
    let file_arg = file.to_str().unwrap();
    let expected = crate::util::score_json(
        &[
            "fixtures/demo",
            "--year",
            "2025",
            "--quiet",
            "--rubric",
            file_arg,
        ],
        &out,
    );
    let builtin = crate::util::score_json(
        &["fixtures/demo", "--year", "2025", "--quiet"],
        &dir.path().join("bawaan"),
    );
    // The variant moves OPDs scored in (75, 80] from BB to A.
    assert_ne!(expected["opds"], builtin["opds"]);

    let server = start(&[]);
    let id = session(&server, &[]);
    upload(&server, &id, "lke", &demo_files());
    let rubric = ("rubrik-kota.toml".to_string(), text.clone().into_bytes());
    assert_eq!(upload(&server, &id, "rubric", &[rubric]).status, 200);
    let reply = score(&server, &id, r#"{"year": 2025, "rubric": "uploaded"}"#);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let served = reply.json();
    assert_eq!(served["evaluation"]["opds"], expected["opds"]);
    let a = &served["rubric"]["bands"][1];
    assert_eq!(
        (a["grade"].as_str(), a["color"].as_str()),
        (Some("A"), Some("#58D68D"))
    );

    // A broken rubric replaces the good one and is refused, named as uploaded.
    let broken = ("rubrik-kota.toml".to_string(), b"id = [".to_vec());
    assert_eq!(upload(&server, &id, "rubric", &[broken]).status, 200);
    let reply = score(&server, &id, r#"{"year": 2025, "rubric": "uploaded"}"#);
    assert_eq!(reply.status, 400);
    let problems = reply.json()["problems"].clone();
    assert_eq!(
        problems[0]["location"]["file"], "rubric/rubrik-kota.toml",
        "{problems}"
    );
    // Without an upload, "uploaded" names nothing.
    let other = session(&server, &[]);
    let reply = score(&server, &other, r#"{"rubric": "uploaded"}"#);
    assert_eq!(reply.status, 400);
}

/// `POST /api/history/import` with a summary, its year and rubric.
fn import(server: &Server, summary: (&str, &[u8]), year: &str, rubric: &str) -> Reply {
    let (body, content_type) = multipart(&[
        ("summary", summary.0.to_string(), summary.1.to_vec()),
        ("year", String::new(), year.as_bytes().to_vec()),
        ("rubric", String::new(), rubric.as_bytes().to_vec()),
    ]);
    let headers = [("Content-Type", content_type.as_str())];
    request(server, "POST", "/api/history/import", &headers, &body)
}

/// A planner adds past years from their published summaries on the page: the history holds
/// the same files as `sakip history import` writes, byte for byte, and the trend is the
/// command line's; a summary with a problem is a 400 naming the file as uploaded.
#[test]
fn past_years_are_imported_from_their_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let cli = dir.path().join("cli");
    crate::util::demo_history(&cli);
    let history = dir.path().join("riwayat");
    std::fs::create_dir(&history).unwrap();

    let without = start(&[]);
    let summary = std::fs::read("fixtures/demo-history/ringkasan-akip-2023.csv").unwrap();
    let refused = import(&without, ("r.csv", &summary), "2023", "akip-2015");
    assert_eq!(refused.status, 404);

    let server = start(&["--data", history.to_str().unwrap()]);
    // An empty history is there (the page shows its import form), with no year to trend.
    let empty = request(&server, "GET", "/api/trend", &[], b"");
    assert_eq!(
        empty.status,
        400,
        "{}",
        String::from_utf8_lossy(&empty.body)
    );
    let reply = import(
        &server,
        ("ringkasan 2023.csv", &summary),
        "2023",
        "akip-2015",
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let later = std::fs::read("fixtures/demo-history/ringkasan-akip-2024.csv").unwrap();
    let reply = import(&server, ("ringkasan.csv", &later), "2024", "akip-2021-opd");
    assert_eq!(reply.status, 200);
    let json = reply.json();
    assert_eq!(json["stored"], "2024-akip-2021-opd.parquet");
    let rows = std::fs::read_to_string("fixtures/demo-history/ringkasan-akip-2024.csv").unwrap();
    assert_eq!(
        json["opds"],
        rows.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count()
    );
    let mut names: Vec<String> = std::fs::read_dir(&history)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".parquet"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["2023-akip-2015.parquet", "2024-akip-2021-opd.parquet"]
    );
    for name in &names {
        let (a, b) = (history.join(name), cli.join(name));
        assert!(
            std::fs::read(a).unwrap() == std::fs::read(b).unwrap(),
            "{name}"
        );
    }
    let trend = crate::util::trend_json(&cli, &dir.path().join("trend.xlsx"));
    // The same figures; each year names its own folder's file.
    let unfiled = |mut figures: serde_json::Value| {
        for year in figures["years"].as_array_mut().unwrap() {
            year["file"] = year["file"].as_str().unwrap().rsplit('/').next().into();
        }
        figures
    };
    let expected = unfiled(trend);
    let served = unfiled(request(&server, "GET", "/api/trend", &[], b"").json());
    assert_eq!(served["years"].as_array().unwrap().len(), 2);
    assert!(
        served == expected,
        "the trend differs from the command line's"
    );

    // A summary without its scores: every problem, the file named as uploaded.
    let broken = b"opd,predikat\nInspektorat,A\n";
    let reply = import(&server, ("tanpa-nilai.csv", broken), "2022", "akip-2015");
    assert_eq!(reply.status, 400);
    let problems = reply.json()["problems"].clone();
    assert!(!problems.as_array().unwrap().is_empty());
    assert_eq!(
        problems[0]["location"]["file"], "tanpa-nilai.csv",
        "{problems}"
    );
    assert!(!history.join("2022-akip-2015.parquet").exists());
    // A rubric by id only, a year in range.
    let reply = import(&server, ("r.csv", &summary), "2023", "../rubrik.toml");
    assert_eq!(reply.status, 400);
    let reply = import(&server, ("r.csv", &summary), "1999", "akip-2015");
    assert_eq!(reply.status, 400);

    // Under a rubric file of the region's own (here the 2015 rubric, retitled): the year the
    // command line stores from the same file, byte for byte.
    let text = std::fs::read_to_string("rubrics/akip-2015.toml").unwrap();
    let title = text.lines().find(|l| l.starts_with("title")).unwrap();
    let text = text.replace(title, r#"title = { id = "Evaluasi AKIP Kota Sukamaju 2015", en = "Sukamaju's AKIP evaluation 2015" }"#);
    let own = dir.path().join("rubrik-2015.toml");
    std::fs::write(&own, &text).unwrap();
    let (body, content_type) = multipart(&[
        ("summary", "ringkasan.csv".into(), summary.clone()),
        ("year", String::new(), b"2022".to_vec()),
        ("rubric", "rubrik-2015.toml".into(), text.into_bytes()),
    ]);
    let headers = [("Content-Type", content_type.as_str())];
    let reply = request(&server, "POST", "/api/history/import", &headers, &body);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.json()["stored"], "2022-akip-2015.parquet");
    let from = "fixtures/demo-history/ringkasan-akip-2023.csv";
    crate::util::sakip()
        .args(["history", "import", from, "--year", "2022", "--rubric"])
        .arg(&own)
        .arg("--history")
        .arg(&cli)
        .assert()
        .success();
    let name = "2022-akip-2015.parquet";
    let (served, theirs) = (history.join(name), cli.join(name));
    assert!(std::fs::read(served).unwrap() == std::fs::read(theirs).unwrap());
}

/// With a history folder (`--data`), the planners' trend: the figures are `sakip trend
/// --json`'s and the workbook is `sakip trend`'s, byte for byte (the same folder, the same
/// time); without one, 404.
#[test]
fn the_history_gives_the_command_lines_trend() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("riwayat");
    crate::util::demo_history(&history);
    let out = dir.path().join("trend.xlsx");
    let expected = crate::util::trend_json(&history, &out);

    let without = start(&[]);
    assert_eq!(request(&without, "GET", "/api/trend", &[], b"").status, 404);

    let server = start(&["--data", history.to_str().unwrap()]);
    let figures = request(&server, "GET", "/api/trend", &[], b"");
    assert_eq!(figures.status, 200);
    assert_eq!(figures.json(), expected);
    assert_eq!(figures.json()["years"].as_array().unwrap().len(), 2);
    let workbook = request(&server, "GET", "/api/trend.xlsx", &[], b"");
    assert_eq!(workbook.status, 200);
    assert!(
        workbook.body == std::fs::read(&out).unwrap(),
        "the workbooks differ"
    );
}

/// A scored year stored from the page (`"store": true` with `--data`): the history holds it
/// and its answers, so the trend shows three years and `sakip lhe` writes its documents from
/// the history; without the year, or without `--data`, storing is refused.
#[test]
fn a_scored_year_is_stored_into_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("riwayat");
    crate::util::demo_history(&history);
    let registry = "fixtures/demo-history/daftar-opd.csv";
    let server = start(&[
        "--data",
        history.to_str().unwrap(),
        "--opd-registry",
        registry,
    ]);
    let id = session(&server, &[]);
    upload(&server, &id, "lke", &demo_files());
    let refused = score(&server, &id, r#"{"store": true}"#);
    assert_eq!(refused.status, 400);
    let reply = score(&server, &id, r#"{"year": 2025, "store": true}"#);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.json()["stored"], "2025-akip-2021-opd.parquet");
    assert!(history.join("2025-akip-2021-opd.jawaban.parquet").is_file());
    let figures = request(&server, "GET", "/api/trend", &[], b"").json();
    let years: Vec<i64> = figures["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2023, 2024, 2025]);
    crate::util::sakip()
        .args(["lhe", "--year", "2025", "--history"])
        .arg(&history)
        .arg("--opd-registry")
        .arg(registry)
        .arg("--out")
        .arg(dir.path().join("lhe"))
        .assert()
        .success();
    assert!(dir.path().join("lhe/lhe-kota.docx").is_file());

    let without = start(&[]);
    let id = session(&without, &[]);
    upload(&without, &id, "lke", &demo_files());
    assert_eq!(
        score(&without, &id, r#"{"year": 2025, "store": true}"#).status,
        400
    );
}
