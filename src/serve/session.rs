//! The server's sessions: each a temporary folder of its own holding the files uploaded into it
//! (under names made here, never the browser's) and the outputs of its last score.

use super::{problem, Refusal, ScoreForm};
use crate::evaluate::{Indices, Sources};
use crate::ingest::Limits;
use crate::jobs::{self, ScoreSettings};
use crate::lang::Lang;
use crate::messages::Diagnostics;
use crate::progress::{Step, Watch};
use crate::rubric::{Rubric, DEFAULT_RUBRIC};
use crate::score::{Policies, RankBy};
use crate::Error;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What an uploaded file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Kind {
    /// LKE answers.
    Lke,
    /// Program data.
    Programs,
    /// The mayor's priorities.
    Priorities,
    /// A rubric of the user's own (TOML, as `sakip rubric import` writes it).
    Rubric,
}

impl Kind {
    /// The kind a form part names.
    pub(super) fn parse(name: &str) -> Option<Kind> {
        match name {
            "lke" => Some(Kind::Lke),
            "programs" => Some(Kind::Programs),
            "priorities" => Some(Kind::Priorities),
            "rubric" => Some(Kind::Rubric),
            _ => None,
        }
    }

    /// Its folder in the session.
    fn folder(self) -> &'static str {
        match self {
            Kind::Lke => "lke",
            Kind::Programs => "programs",
            Kind::Priorities => "priorities",
            Kind::Rubric => "rubric",
        }
    }

    /// Whether a session holds one file of the kind (a new one replaces the old).
    pub(super) fn one_file(self) -> bool {
        matches!(self, Kind::Priorities | Kind::Rubric)
    }
}

/// A file uploaded into a session.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Stored {
    /// What it is.
    kind: Kind,
    /// Its name as the browser gave it (shown, never a path).
    name: String,
    /// Its name in the session's folder (made here).
    stored: String,
    /// Its size.
    bytes: usize,
}

/// One session.
struct Session {
    dir: tempfile::TempDir,
    last: Instant,
    files: Vec<Stored>,
    /// The phases of the session's last score job, running or done.
    watch: Option<Watch>,
}

/// Every open session, by id.
#[derive(Default)]
pub(super) struct Sessions {
    open: Mutex<HashMap<String, Session>>,
}

/// The most characters kept of a browser's file name.
const NAME_CHARS: usize = 80;

/// A browser's file name as a file name of the session's folder: letters, digits, spaces,
/// dots, dashes, underscores and brackets kept, anything else (a slash, a backslash, a
/// control character) an underscore; no leading dot; at most [`NAME_CHARS`] characters.
pub(super) fn safe_name(name: &str) -> String {
    // The last part of a path a browser may send whole.
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut safe: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " ._-()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    while safe.starts_with('.') || safe.starts_with(' ') {
        safe.remove(0);
    }
    if safe.chars().count() > NAME_CHARS {
        // Keep the extension, which says how the file is read.
        let ext: String = match safe.rsplit_once('.') {
            Some((_, ext)) if ext.len() <= 5 => format!(".{ext}"),
            _ => String::new(),
        };
        let stem: String = safe
            .chars()
            .take(NAME_CHARS - ext.chars().count())
            .collect();
        safe = format!("{stem}{ext}");
    }
    if safe.is_empty() {
        safe = "berkas".into();
    }
    safe
}

impl Sessions {
    /// Opens a session with a folder of its own; its id.
    pub(super) fn create(&self) -> std::io::Result<String> {
        let dir = tempfile::Builder::new().prefix("sakip-serve-").tempdir()?;
        let id = super::new_token();
        if id.is_empty() {
            return Err(std::io::Error::other("no random numbers on this system"));
        }
        let session = Session {
            dir,
            last: Instant::now(),
            files: Vec::new(),
            watch: None,
        };
        self.lock().insert(id.clone(), session);
        Ok(id)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        // A panic while holding the lock leaves the map usable: it holds only paths.
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Ends a session, its folder removed; whether there was one.
    pub(super) fn remove(&self, id: &str) -> bool {
        self.lock().remove(id).is_some()
    }

    /// Ends every session, their folders removed (the server stopping).
    pub(super) fn end_all(&self) {
        self.lock().clear();
    }

    /// Ends the sessions untouched for `idle`.
    pub(super) fn expire(&self, idle: Duration) {
        let now = Instant::now();
        self.lock().retain(|_, s| now.duration_since(s.last) < idle);
    }

    /// The session's folder, touched.
    fn dir(&self, id: &str) -> Option<PathBuf> {
        let mut open = self.lock();
        let session = open.get_mut(id)?;
        session.last = Instant::now();
        Some(session.dir.path().to_path_buf())
    }

    /// The phases of the session's last score job so far (none before the first).
    pub(super) fn progress(&self, id: &str) -> Option<Vec<Step>> {
        let open = self.lock();
        let session = open.get(id)?;
        Some(session.watch.as_ref().map(Watch::steps).unwrap_or_default())
    }

    /// The session's files.
    pub(super) fn files(&self, id: &str) -> Option<Vec<Stored>> {
        self.lock().get(id).map(|s| s.files.clone())
    }

    /// Stores an upload: a file of the same kind and name replaces the one before; another
    /// name that comes out the same here is numbered.
    pub(super) fn store(
        &self,
        id: &str,
        kind: Kind,
        name: &str,
        bytes: &[u8],
    ) -> Result<(), Refusal> {
        let mut open = self.lock();
        let Some(session) = open.get_mut(id) else {
            return Err(Refusal(StatusCode::NOT_FOUND, "no such session".into()));
        };
        session.last = Instant::now();
        // Priorities and a rubric are one file: a new one replaces the old, on disk too.
        if kind.one_file() {
            let folder = session.dir.path().join(kind.folder());
            for old in session.files.iter().filter(|f| f.kind == kind) {
                if let Err(e) = std::fs::remove_file(folder.join(&old.stored)) {
                    return Err(Refusal(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()));
                }
            }
            session.files.retain(|f| f.kind != kind);
        }
        let stored = match session
            .files
            .iter()
            .find(|f| f.kind == kind && f.name == name)
        {
            Some(before) => before.stored.clone(),
            None => {
                let mut candidate = safe_name(name);
                let mut n = 1;
                while session
                    .files
                    .iter()
                    .any(|f| f.kind == kind && f.stored == candidate)
                {
                    n += 1;
                    candidate = format!("{n}-{}", safe_name(name));
                }
                candidate
            }
        };
        let folder = session.dir.path().join(kind.folder());
        let write = std::fs::create_dir_all(&folder)
            .and_then(|()| std::fs::write(folder.join(&stored), bytes));
        if let Err(e) = write {
            return Err(Refusal(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()));
        }
        session
            .files
            .retain(|f| !(f.kind == kind && f.stored == stored));
        session.files.push(Stored {
            kind,
            name: name.to_string(),
            stored,
            bytes: bytes.len(),
        });
        Ok(())
    }

    /// The score job on the session's files, its outputs in the session's `out` folder.
    /// With a history folder, the year is stored there too (the history's lock taken, like the
    /// command line's `--history`); with a registry, OPDs are known through it (`--opd-registry`).
    pub(super) fn score(
        &self,
        id: &str,
        form: &ScoreForm,
        (history, registry): (Option<PathBuf>, Option<PathBuf>),
        lang: Lang,
    ) -> Response {
        let Some(dir) = self.dir(id) else {
            return problem(StatusCode::NOT_FOUND, "no such session");
        };
        let mut settings = match settings(&dir, form, (history, registry), lang) {
            Ok(settings) => settings,
            Err(response) => return *response,
        };
        // Watched from the page while it runs (`GET .../progress`).
        let watch = Watch::default();
        if let Some(session) = self.lock().get_mut(id) {
            session.watch = Some(watch.clone());
        }
        settings.sources.watch = Some(watch);
        let mut warnings = Diagnostics::default();
        let result = jobs::score(&settings, &mut |w| warnings = w.clone());
        // Files are named within the session's folder (`lke/x.xlsx`), as the outputs name them
        // (`ScoreSettings::inputs_named_from`), here in the messages' own words too.
        let local = |value| super::named_within(value, &dir);
        match result {
            Ok(scored) => {
                let evaluation: serde_json::Value = scored
                    .json
                    .as_deref()
                    .and_then(|j| serde_json::from_slice(j).ok())
                    .unwrap_or_default();
                let stored = scored.history.as_ref().map(|p| {
                    p.file_name()
                        .map_or(String::new(), |n| n.to_string_lossy().to_string())
                });
                let mut downloads = vec!["feedback.xlsx"];
                if scored.scorecards.is_some() {
                    downloads.push("scorecards.zip");
                }
                if scored.lhe.is_some() {
                    downloads.extend(["lhe.zip", "lhe-kota.docx"]);
                }
                let body = serde_json::json!({
                    "evaluation": evaluation,
                    "warnings": warnings.to_json(lang),
                    "ledger": scored.ledger,
                    "ledger_summary": scored.ledger.summary(lang),
                    "downloads": downloads,
                    "stored": stored,
                    // The rubric scored under (an uploaded one too), for the page's colours.
                    "rubric": super::page::rubric_json(&settings.rubric),
                });
                Json(local(body)).into_response()
            }
            Err(Error::Input(diag)) => {
                let body = local(diag.to_json(lang));
                (StatusCode::BAD_REQUEST, Json(body)).into_response()
            }
            Err(e) => problem(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        }
    }

    /// A download of the session's last outputs: the bytes and their content type; 404 for
    /// any other name, or one not written.
    pub(super) fn download(
        &self,
        id: &str,
        name: &str,
    ) -> Result<(Vec<u8>, &'static str), Refusal> {
        let Some(dir) = self.dir(id) else {
            return Err(Refusal(StatusCode::NOT_FOUND, "no such session".into()));
        };
        let out = dir.join("out");
        let missing = || Refusal(StatusCode::NOT_FOUND, "not written".into());
        use super::{DOCX, XLSX};
        match name {
            "feedback.xlsx" => std::fs::read(out.join(name))
                .map(|b| (b, XLSX))
                .map_err(|_| missing()),
            "lhe-kota.docx" => std::fs::read(out.join(name))
                .map(|b| (b, DOCX))
                .map_err(|_| missing()),
            "scorecards.zip" => zip_folder(&out.join("scorecards"))
                .map(|b| (b, "application/zip"))
                .ok_or_else(missing),
            "lhe.zip" => zip_folder(&out.join("lhe"))
                .map(|b| (b, "application/zip"))
                .ok_or_else(missing),
            _ => Err(Refusal(StatusCode::NOT_FOUND, "no such download".into())),
        }
    }
}

/// The files of `dir` (not its folders) as one zip, in name order; `None` when there is no
/// such folder.
fn zip_folder(dir: &Path) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for path in names {
        let name = path.file_name()?.to_string_lossy().to_string();
        let bytes = std::fs::read(&path).ok()?;
        zip.start_file(name, options).ok()?;
        zip.write_all(&bytes).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

/// The form's `rubric` that names the rubric file uploaded into the session.
pub(super) const UPLOADED_RUBRIC: &str = "uploaded";

/// The rubric a form names: a built-in one by id (a name from a form is never a path), or the
/// session's own file ([`UPLOADED_RUBRIC`]); with where it came from (its id, or the file).
fn rubric(dir: &Path, form: &ScoreForm, lang: Lang) -> Result<(Rubric, String), Box<Response>> {
    let bad = |message: String| Box::new(problem(StatusCode::BAD_REQUEST, &message));
    let rubric_id = form.rubric.as_deref().unwrap_or(DEFAULT_RUBRIC);
    if rubric_id == UPLOADED_RUBRIC {
        let file = std::fs::read_dir(dir.join(Kind::Rubric.folder()))
            .ok()
            .and_then(|mut entries| entries.next())
            .and_then(|e| e.ok())
            .map(|e| e.path());
        let Some(file) = file else {
            return Err(bad("no rubric file was uploaded".into()));
        };
        let name = file.file_name().map(|n| n.to_string_lossy().to_string());
        let bytes = std::fs::read(&file).map_err(|e| bad(e.to_string()))?;
        let own = super::FormRubric::File(name.unwrap_or_default(), bytes);
        return match own.load() {
            Ok(rubric) => Ok((rubric, file.display().to_string())),
            Err(crate::Error::Input(diag)) => {
                let body = diag.to_json(lang);
                Err(Box::new(
                    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response(),
                ))
            }
            Err(e) => Err(bad(e.to_string())),
        };
    }
    if !Rubric::builtin_ids().contains(&rubric_id) {
        return Err(bad(format!("unknown rubric '{rubric_id}'")));
    }
    let rubric = Rubric::load(rubric_id).map_err(|e| bad(e.to_string()))?;
    Ok((rubric, rubric_id.to_string()))
}

/// The score job's settings for a session in `dir`: its uploads, the rubric the form names,
/// the year, the ranking asked for; outputs in `dir/out`.
fn settings(
    dir: &Path,
    form: &ScoreForm,
    (history, registry): (Option<PathBuf>, Option<PathBuf>),
    lang: Lang,
) -> Result<ScoreSettings, Box<Response>> {
    let (rubric, rubric_source) = rubric(dir, form, lang)?;
    let internal = |e: crate::rubric::RubricError| {
        Box::new(problem(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))
    };
    let indices = Indices::builtin().map_err(internal)?;
    let folder = |name: &str| {
        let path = dir.join(name);
        match path.is_dir() {
            true => vec![path],
            false => Vec::new(),
        }
    };
    let priorities = std::fs::read_dir(dir.join("priorities"))
        .ok()
        .and_then(|mut entries| entries.next())
        .and_then(|e| e.ok())
        .map(|e| e.path());
    let rank_by = match form.rank_by.as_deref().unwrap_or("akip") {
        "akip" => RankBy::Akip,
        "keselarasan" => RankBy::Keselarasan,
        "kolaborasi" => RankBy::Kolaborasi,
        "gabungan" => RankBy::Gabungan,
        other => {
            let message = format!("unknown ranking '{other}'");
            return Err(Box::new(problem(StatusCode::BAD_REQUEST, &message)));
        }
    };
    let run_time_unix = crate::calendar::run_time_unix();
    Ok(ScoreSettings {
        rubric,
        rubric_source,
        indices,
        sources: Sources {
            lke: folder("lke"),
            programs: folder("programs"),
            priorities,
            registry,
            limits: Limits::default(),
            progress: None,
            watch: None,
            strict: false,
            lenient_sums: false,
            audit: true,
            // A stored year keeps its answers, for `sakip lhe`.
            keep_answers: history.is_some(),
        },
        rank_by,
        out: dir.join("out"),
        lang,
        json: true,
        scorecards: form.scorecards,
        level: 2,
        year: form
            .year
            .unwrap_or_else(|| crate::calendar::year_of(run_time_unix)),
        history,
        paper: Default::default(),
        government: None,
        settings_file: None,
        settings: Default::default(),
        lhe: form.lhe,
        quiet: true,
        policies: Policies::default(),
        run_time_unix,
        // Uploads are named as the user knows them (`lke/x.xlsx`), not by the session's folder.
        inputs_named_from: Some(dir.to_path_buf()),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_idle_session_goes_with_its_folder() {
        let sessions = super::Sessions::default();
        let id = sessions.create().unwrap();
        sessions
            .store(&id, super::Kind::Lke, "lke.csv", b"opd,kode,jawaban\n")
            .map_err(|_| "stored")
            .unwrap();
        let dir = sessions.dir(&id).unwrap();
        assert!(dir.join("lke").join("lke.csv").is_file());
        // Touched just now: kept for an hour, gone for no time at all.
        sessions.expire(std::time::Duration::from_secs(3600));
        assert!(sessions.files(&id).is_some());
        sessions.expire(std::time::Duration::ZERO);
        assert!(sessions.files(&id).is_none());
        assert!(!dir.exists());
    }

    /// A second priorities file (or rubric) replaces the first on disk too: the job reads the
    /// one the folder holds.
    #[test]
    fn a_one_file_kind_keeps_only_its_last_upload() {
        use super::Kind;
        let sessions = super::Sessions::default();
        let id = sessions.create().unwrap();
        for (kind, names) in [
            (Kind::Priorities, ["lama.csv", "baru.csv"]),
            (Kind::Rubric, ["lama.toml", "baru.toml"]),
        ] {
            for name in names {
                sessions
                    .store(&id, kind, name, b"id,nama\n")
                    .map_err(|_| "stored")
                    .unwrap();
            }
            let folder = sessions.dir(&id).unwrap().join(kind.folder());
            let held: Vec<String> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect();
            assert_eq!(held, [names[1]]);
            let listed = sessions.files(&id).unwrap();
            let listed: Vec<&str> = listed
                .iter()
                .filter(|f| f.kind == kind)
                .map(|f| f.name.as_str())
                .collect();
            assert_eq!(listed, [names[1]]);
        }
    }

    #[test]
    fn a_browsers_file_name_never_becomes_a_path() {
        use super::safe_name;
        assert_eq!(safe_name("LKE Dinas (2025).xlsx"), "LKE Dinas (2025).xlsx");
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\a\\lke.xlsx"), "lke.xlsx");
        assert_eq!(safe_name("..\\.."), "berkas");
        assert_eq!(safe_name(".hidden.xlsx"), "hidden.xlsx");
        assert_eq!(safe_name("a\u{0}b:c*.csv"), "a_b_c_.csv");
        assert_eq!(safe_name(""), "berkas");
        let long = format!("{}.xlsx", "x".repeat(200));
        let safe = safe_name(&long);
        assert_eq!(safe.chars().count(), 80);
        assert!(safe.ends_with(".xlsx"));
    }
}
