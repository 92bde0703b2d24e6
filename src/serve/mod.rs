//! `sakip serve`: the engine behind a page on the office network. The web layer only calls the
//! library's jobs ([`crate::jobs`]): the numbers, files and messages are the command line's.
//!
//! Safe by default: bound to 127.0.0.1 unless told otherwise, and then only with an access
//! token (checked on every request: a header, the page's `?token=` once, then a cookie);
//! requests whose `Host` or `Origin` is not the server's own are refused (DNS rebinding,
//! cross-site posts); uploads are bounded per request and read through the same limits as
//! files on disk; a browser's file name never becomes a path (each upload is stored under a
//! name made here); each session works in a temporary folder of its own, removed when it ends
//! or after an idle time; a panic in a handler is an internal error (500), never the end of
//! the server.

mod history;
mod page;
mod session;
mod template;

use crate::lang::Lang;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use session::{Kind, Sessions};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// The access token; required when bound to anything but loopback.
    pub token: Option<String>,
    /// The history folder (the stored years) the planners' trend is made from, when given.
    pub data: Option<std::path::PathBuf>,
    /// The OPD registry the trend follows OPDs through, when given.
    pub registry: Option<std::path::PathBuf>,
    /// The most bytes one request may carry.
    pub max_upload_bytes: usize,
    /// How long an untouched session lives.
    pub idle: Duration,
    /// The language of the page and messages by default.
    pub lang: Lang,
}

/// What every request sees.
#[derive(Clone)]
struct App {
    settings: Arc<ServeSettings>,
    /// The address the server answers at (its Host), set once bound.
    address: SocketAddr,
    sessions: Arc<Sessions>,
    /// Held by a job that writes the history folder: several users storing years at once wait
    /// their turn here, rather than find the folder's lock (which keeps out other processes,
    /// `sakip score --history` say) held by this very server.
    history_writes: Arc<std::sync::Mutex<()>>,
}

impl App {
    /// Waits for the history folder's turn (see [`App::history_writes`]).
    fn history_turn(&self) -> std::sync::MutexGuard<'_, ()> {
        // Another writer's panic leaves nothing half-held: the folder's own lock is released
        // with its job.
        self.history_writes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// A fresh token: 128 random bits, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    // The system's generator; without one, the server does not start without --token.
    if getrandom::fill(&mut bytes).is_err() {
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Binds and serves until the process ends; `on_ready` is told the address once bound.
///
/// # Errors
/// The bind's I/O error (a port in use, an address not of this machine).
pub async fn serve(
    settings: ServeSettings,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    // Beyond this machine, never without a token.
    if !settings.bind.is_loopback() && settings.token.as_deref().is_none_or(str::is_empty) {
        return Err(std::io::Error::other(
            "an address beyond this machine needs an access token",
        ));
    }
    let listener = tokio::net::TcpListener::bind((settings.bind, settings.port)).await?;
    let address = listener.local_addr()?;
    let idle = settings.idle;
    let app = App {
        settings: Arc::new(settings),
        address,
        sessions: Arc::new(Sessions::default()),
        history_writes: Arc::default(),
    };
    // Idle sessions are removed with their folders.
    let sessions = app.sessions.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(
            idle.min(Duration::from_secs(60))
                .max(Duration::from_millis(50)),
        );
        loop {
            tick.tick().await;
            sessions.expire(idle);
        }
    });
    on_ready(address);
    let sessions = app.sessions.clone();
    let served = axum::serve(listener, router(app))
        .with_graceful_shutdown(stopped())
        .await;
    // Stopped (Ctrl-C, or the service manager's SIGTERM) once the requests under way are
    // answered: no upload outlives the server.
    sessions.end_all();
    served
}

/// Resolves when the server is told to stop: Ctrl-C, or SIGTERM on Unix. A signal that cannot
/// be listened for never resolves (the server is not stopped by its own handler failing).
async fn stopped() {
    let interrupted = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let terminated = async {
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    term.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = interrupted => {}
            _ = terminated => {}
        }
    }
    #[cfg(not(unix))]
    interrupted.await;
}

/// The routes, behind the guard.
fn router(app: App) -> Router {
    guarded(routes(), app)
}

/// The page's and the API's routes.
fn routes() -> Router<App> {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/rubrics", get(page::rubrics))
        .route("/api/trend", get(history::trend))
        .route("/api/trend.xlsx", get(history::trend_workbook))
        .route("/api/history/import", post(history::import))
        .route("/api/template/lke", post(template::lke))
        .route("/api/template/programs", post(template::programs))
        .route("/api/sessions", post(new_session))
        .route("/api/sessions/{id}", axum::routing::delete(end_session))
        .route("/api/sessions/{id}/files", post(upload))
        .route("/api/sessions/{id}/score", post(score))
        .route("/api/sessions/{id}/progress", get(progress))
        .route("/api/sessions/{id}/download/{name}", get(download))
}

/// `routes` with what every request goes through: the body's limit, the guard (Host, Origin,
/// token), a panic caught as an internal error.
fn guarded(routes: Router<App>, app: App) -> Router {
    let limit = app.settings.max_upload_bytes;
    routes
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .with_state(app)
}

/// A panic in a handler: an internal error, the server goes on.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

/// A request refused: its status and why.
pub(super) struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        problem(self.0, &self.1)
    }
}

/// `value` with the files under `dir` named within it (`lke/x.xlsx`), in messages' words too:
/// a reply names uploads as the user knows them, never by the server's folders.
fn named_within(value: serde_json::Value, dir: &std::path::Path) -> serde_json::Value {
    let prefix = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
    // As JSON writes it (a backslash doubled).
    let text = value.to_string().replace(&prefix.replace('\\', "\\\\"), "");
    serde_json::from_str(&text).unwrap_or(value)
}

/// A part of a multipart form: its name, the browser's file name made safe (for a file), its
/// bytes.
struct Part {
    name: String,
    file: Option<String>,
    bytes: axum::body::Bytes,
}

impl Part {
    /// The part as text, trimmed.
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).trim().to_string()
    }
}

/// Every part of a small form (a summary, a priorities file and a few fields).
async fn parts(mut multipart: Multipart) -> Result<Vec<Part>, Response> {
    let mut parts = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(parts),
            Err(e) => return Err(problem(e.status(), &e.body_text())),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file = field.file_name().map(session::safe_name);
        match field.bytes().await {
            Ok(bytes) => parts.push(Part { name, file, bytes }),
            Err(e) => return Err(problem(e.status(), &e.body_text())),
        }
    }
}

/// The rubric a form gives: a built-in one by id (a form's value never becomes a path), or a
/// TOML file of the user's own, as `sakip rubric import` writes it.
#[derive(Debug)]
enum FormRubric {
    /// A built-in rubric's id.
    Builtin(String),
    /// A file's (safe) name and bytes.
    File(String, Vec<u8>),
}

impl FormRubric {
    /// The rubric of a form's `rubric` part: a file when it is one, else an id.
    fn of(part: Part) -> Self {
        match part.file {
            Some(name) => FormRubric::File(name, part.bytes.to_vec()),
            None => FormRubric::Builtin(part.text()),
        }
    }

    /// Whether it names a rubric that may be loaded: a file, or a built-in id.
    fn known(&self) -> bool {
        match self {
            FormRubric::File(..) => true,
            FormRubric::Builtin(id) => crate::rubric::Rubric::builtin_ids().contains(&id.as_str()),
        }
    }

    /// The rubric.
    ///
    /// # Errors
    /// [`crate::Error::Input`] with a file's problems, each at `rubric/NAME` (as the outputs
    /// name uploads); the built-in rubric's error when it cannot load.
    fn load(&self) -> Result<crate::rubric::Rubric, crate::Error> {
        use crate::rubric::Rubric;
        match self {
            FormRubric::Builtin(id) => Ok(Rubric::load(id)?),
            FormRubric::File(name, bytes) => {
                let text = String::from_utf8_lossy(bytes);
                Rubric::from_toml(&text, &format!("rubric/{name}"))
                    .map_err(|e| crate::Error::Input(e.diagnostics()))
            }
        }
    }
}

/// The language a form's `lang` names.
fn lang_of(text: &str) -> Lang {
    if text == "en" {
        Lang::En
    } else {
        Lang::Id
    }
}

/// The content type of a workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The content type of a document.
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `bytes` as a download named `name` (a name made here, never a browser's).
fn attachment(bytes: Vec<u8>, name: &str, content_type: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let headers = [
        (header::CONTENT_TYPE, content_type.to_string()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    (headers, bytes).into_response()
}

/// A JSON error `{"error": message}` with `status`.
fn problem(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// Every request: its Host must be the server's own, its Origin (when sent) too; with a token,
/// the token (header, query or cookie). A page opened with the right `?token=` gets the cookie.
async fn guard(
    State(app): State<App>,
    Query(query): Query<TokenQuery>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let port = app.address.port();
    let own = |host: &str| {
        let host = host.trim().to_ascii_lowercase();
        if app.address.ip().is_unspecified() {
            // Bound to every address: any host name at this port, but the token is required.
            return host.ends_with(&format!(":{port}"));
        }
        let names = [
            format!("{}:{port}", app.address.ip()),
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
        ];
        names.contains(&host)
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !own(host) {
        return problem(StatusCode::FORBIDDEN, "host not allowed");
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let origin = origin.strip_prefix("http://").unwrap_or("");
        if !own(origin) {
            return problem(StatusCode::FORBIDDEN, "origin not allowed");
        }
    }
    let mut set_cookie = None;
    if let Some(token) = app.settings.token.as_deref() {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "));
        let cookie = cookie(headers, "sakip_token");
        let from_query = query.token.as_deref();
        let given = bearer.or(cookie.as_deref()).or(from_query);
        if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
            return problem(StatusCode::UNAUTHORIZED, "access token required");
        }
        if from_query.is_some() {
            set_cookie = Some(format!(
                "sakip_token={token}; HttpOnly; SameSite=Strict; Path=/"
            ));
        }
    }
    let mut response = next.run(request).await;
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// The value of cookie `name`.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, Deserialize)]
struct LangQuery {
    lang: Option<Lang>,
}

/// `POST /api/sessions`: a new session and its folder.
async fn new_session(State(app): State<App>) -> Response {
    match app.sessions.create() {
        Ok(id) => Json(serde_json::json!({ "id": id })).into_response(),
        Err(e) => problem(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// `DELETE /api/sessions/{id}`: the session and its folder removed.
async fn end_session(State(app): State<App>, UrlPath(id): UrlPath<String>) -> Response {
    match app.sessions.remove(&id) {
        true => StatusCode::NO_CONTENT.into_response(),
        false => problem(StatusCode::NOT_FOUND, "no such session"),
    }
}

/// `POST /api/sessions/{id}/files`: multipart parts named `lke`, `programs` or `priorities`,
/// each a file. A file of the same name and kind as one uploaded before replaces it (fix and
/// upload again only the failing file). Returns the session's files.
async fn upload(
    State(app): State<App>,
    UrlPath(id): UrlPath<String>,
    mut multipart: Multipart,
) -> Response {
    let mut single: Vec<Kind> = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return problem(e.status(), &e.body_text()),
        };
        let Some(kind) = field.name().and_then(Kind::parse) else {
            return problem(
                StatusCode::BAD_REQUEST,
                "a part must be named lke, programs, priorities or rubric",
            );
        };
        let name = field.file_name().unwrap_or("berkas").to_string();
        // The priorities and a rubric are one file: a second one would replace the first
        // unseen.
        if kind.one_file() {
            if single.contains(&kind) {
                let what = if kind == Kind::Rubric {
                    "rubric"
                } else {
                    "priorities"
                };
                let message = format!("one {what} file at a time: {name} was not stored");
                return problem(StatusCode::BAD_REQUEST, &message);
            }
            single.push(kind);
        }
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => return problem(e.status(), &e.body_text()),
        };
        // Written to disk off the async threads.
        let (sessions, at) = (app.sessions.clone(), id.clone());
        let stored =
            tokio::task::spawn_blocking(move || sessions.store(&at, kind, &name, &bytes)).await;
        match stored {
            Ok(Ok(())) => {}
            Ok(Err(refusal)) => return refusal.into_response(),
            Err(_) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
        }
    }
    match app.sessions.files(&id) {
        Some(files) => Json(files).into_response(),
        None => problem(StatusCode::NOT_FOUND, "no such session"),
    }
}

/// What the page asks a score for.
#[derive(Debug, Deserialize, Default)]
struct ScoreForm {
    rubric: Option<String>,
    year: Option<i32>,
    rank_by: Option<String>,
    lang: Option<Lang>,
    #[serde(default)]
    scorecards: bool,
    #[serde(default)]
    lhe: bool,
    /// Store the year in the history folder (`--data`; needs the year).
    #[serde(default)]
    store: bool,
}

/// `POST /api/sessions/{id}/score`: the score job on the session's files. 200 with the
/// evaluation (the JSON of `score --json`), its warnings and the ledger; 400 with every
/// problem (the messages of `validate`).
async fn score(
    State(app): State<App>,
    UrlPath(id): UrlPath<String>,
    Json(form): Json<ScoreForm>,
) -> Response {
    let lang = form.lang.unwrap_or(app.settings.lang);
    if form.store && (app.settings.data.is_none() || form.year.is_none()) {
        return problem(
            StatusCode::BAD_REQUEST,
            "storing the year needs the server's history folder (--data) and the year",
        );
    }
    let history = app.settings.data.clone().filter(|_| form.store);
    let registry = app.settings.registry.clone();
    let job = tokio::task::spawn_blocking(move || {
        let _turn = history.is_some().then(|| app.history_turn());
        app.sessions.score(&id, &form, (history, registry), lang)
    });
    match job.await {
        Ok(response) => response,
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

/// `GET /api/sessions/{id}/progress`: the phases of the session's score job so far, each with
/// its name in `lang`, the items done of its total (files, scorecards), its seconds and whether
/// it has ended; the page asks while the job runs.
async fn progress(
    State(app): State<App>,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<LangQuery>,
) -> Response {
    let lang = query.lang.unwrap_or(app.settings.lang);
    let Some(steps) = app.sessions.progress(&id) else {
        return problem(StatusCode::NOT_FOUND, "no such session");
    };
    let steps: Vec<serde_json::Value> = steps
        .iter()
        .map(|step| {
            let mut shown = serde_json::to_value(step).unwrap_or_default();
            shown["label"] = crate::report::label(step.phase.key(), lang).into();
            shown
        })
        .collect();
    Json(serde_json::json!({ "steps": steps })).into_response()
}

/// `GET /api/sessions/{id}/download/{name}`: `feedback.xlsx`, `lhe-kota.docx`, or the
/// scorecards or LHE documents as one zip (`scorecards.zip`, `lhe.zip`).
async fn download(
    State(app): State<App>,
    UrlPath((id, name)): UrlPath<(String, String)>,
) -> Response {
    let sessions = app.sessions.clone();
    let asked = name.clone();
    let job = tokio::task::spawn_blocking(move || sessions.download(&id, &asked));
    match job.await {
        Ok(Ok((bytes, content_type))) => attachment(bytes, &name, content_type),
        Ok(Err(refusal)) => refusal.into_response(),
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beyond_this_machine_it_does_not_start_without_a_token() {
        let settings = ServeSettings {
            bind: "0.0.0.0".parse().unwrap(),
            port: 0,
            token: None,
            data: None,
            registry: None,
            max_upload_bytes: 1000,
            idle: Duration::from_secs(60),
            lang: Lang::Id,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let started = runtime.block_on(serve(settings, |_| panic!("it must not start")));
        assert!(started.is_err());
    }

    /// A handler that panics gives 500 with a JSON error, and the server goes on answering.
    #[test]
    fn a_panicking_handler_is_an_internal_error() {
        use std::io::{Read, Write};
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let address = listener.local_addr().unwrap();
        let settings = ServeSettings {
            bind: address.ip(),
            port: address.port(),
            token: None,
            data: None,
            registry: None,
            max_upload_bytes: 1000,
            idle: Duration::from_secs(60),
            lang: Lang::Id,
        };
        let app = App {
            settings: Arc::new(settings),
            address,
            sessions: Arc::new(Sessions::default()),
            history_writes: Arc::default(),
        };
        let broken = get(|| async {
            panic!("a handler's bug");
            #[allow(unreachable_code)]
            ""
        });
        let router = guarded(routes().route("/rusak", broken), app);
        runtime.spawn(async move { axum::serve(listener, router).await });
        let ask = |path: &str| {
            let mut stream = std::net::TcpStream::connect(address).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .unwrap();
            let head =
                format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
            stream.write_all(head.as_bytes()).unwrap();
            let mut reply = String::new();
            stream.read_to_string(&mut reply).unwrap();
            reply
        };
        let reply = ask("/rusak");
        assert!(reply.starts_with("HTTP/1.1 500"), "{reply}");
        assert!(reply.ends_with(r#"{"error":"internal error"}"#), "{reply}");
        // The server goes on.
        let reply = ask("/api/rubrics");
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        runtime.shutdown_background();
    }

    #[test]
    fn tokens_are_compared_whole() {
        assert!(constant_time_eq(b"rahasia", b"rahasia"));
        assert!(!constant_time_eq(b"rahasia", b"rahasib"));
        assert!(!constant_time_eq(b"rahasia", b"rahasia-lebih"));
        assert_eq!(new_token().len(), 32);
    }
}
