//! The planners' history on the page: the trend of the stored years (`sakip trend`'s figures
//! and workbook) and a past year added from a published summary (`sakip history import`).

use super::{problem, App, FormRubric, LangQuery, Refusal};
use crate::jobs::ImportSettings;
use crate::lang::Lang;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// The trend job on the history folder (`--data`), in `lang`: 404 without one, 400 with its
/// problems.
async fn trend_job(app: &App, lang: Option<Lang>) -> Result<crate::jobs::Trended, Response> {
    let Some(history) = app.settings.data.clone() else {
        return Err(problem(StatusCode::NOT_FOUND, "no history folder (--data)"));
    };
    let lang = lang.unwrap_or(app.settings.lang);
    let settings = crate::jobs::TrendSettings {
        history,
        options: Default::default(),
        registry: app.settings.registry.clone(),
        paper: Default::default(),
        lang,
        run_time_unix: crate::calendar::run_time_unix(),
    };
    match tokio::task::spawn_blocking(move || crate::jobs::trend(&settings)).await {
        Ok(Ok(trended)) => Ok(trended),
        Ok(Err(crate::Error::Input(diag))) => {
            Err((StatusCode::BAD_REQUEST, Json(diag.to_json(lang))).into_response())
        }
        Ok(Err(e)) => Err(problem(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string())),
        Err(_) => Err(problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error")),
    }
}

/// `GET /api/trend`: the history's figures (the JSON of `trend --json`).
pub(super) async fn trend(State(app): State<App>, Query(query): Query<LangQuery>) -> Response {
    match trend_job(&app, query.lang).await {
        Ok(trended) => Json(trended.figures).into_response(),
        Err(response) => response,
    }
}

/// `GET /api/trend.xlsx`: the planners' workbook (`sakip trend`'s).
pub(super) async fn trend_workbook(
    State(app): State<App>,
    Query(query): Query<LangQuery>,
) -> Response {
    match trend_job(&app, query.lang).await {
        Ok(trended) => super::attachment(trended.workbook, "trend.xlsx", super::XLSX),
        Err(response) => response,
    }
}

/// `POST /api/history/import`: a past year that exists only as a published summary, stored in
/// the history folder (`--data`) as `sakip history import` stores it, OPDs known through the
/// server's `--opd-registry`. A multipart form: `summary` (the table), `year`, `rubric` (a
/// built-in id: a form's value never becomes a path), `lang`. 200 with the year's file, its
/// OPDs and the warnings; 400 with every problem (the file named as uploaded); 404 without a
/// history folder.
pub(super) async fn import(State(app): State<App>, multipart: Multipart) -> Response {
    let Some(history) = app.settings.data.clone() else {
        return problem(StatusCode::NOT_FOUND, "no history folder (--data)");
    };
    let (mut summary, mut year, mut rubric, mut lang) = (None, None, None, app.settings.lang);
    let parts = match super::parts(multipart).await {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    for part in parts {
        match part.name.as_str() {
            "summary" if summary.is_some() => {
                let message = "one summary at a time: it is one year";
                return problem(StatusCode::BAD_REQUEST, message);
            }
            "summary" => {
                let name = part.file.unwrap_or_else(|| "ringkasan".into());
                summary = Some((name, part.bytes));
            }
            "year" => {
                year = part
                    .text()
                    .parse::<i32>()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
            }
            "rubric" => rubric = Some(FormRubric::of(part)),
            "lang" => lang = super::lang_of(&part.text()),
            other => return problem(StatusCode::BAD_REQUEST, &format!("unknown part '{other}'")),
        }
    }
    let (Some((name, bytes)), Some(year), Some(rubric)) = (summary, year, rubric) else {
        let message = "a summary file, a year (2000-2100) and a rubric are needed";
        return problem(StatusCode::BAD_REQUEST, message);
    };
    if !rubric.known() {
        return problem(StatusCode::BAD_REQUEST, "unknown rubric");
    }
    let registry = app.settings.registry.clone();
    let upload = Upload {
        name,
        bytes: bytes.to_vec(),
        year,
        rubric,
    };
    let job = tokio::task::spawn_blocking(move || {
        let _turn = app.history_turn();
        import_upload(upload, history, registry, lang).unwrap_or_else(IntoResponse::into_response)
    });
    match job.await {
        Ok(response) => response,
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

/// A summary uploaded, with the year and the rubric it is stored under.
struct Upload {
    name: String,
    bytes: Vec<u8>,
    year: i32,
    rubric: FormRubric,
}

/// The import job on an upload, read from a folder of its own (removed when done: nothing is
/// kept but the year stored): 200 with the year's file, 400 with the problems.
fn import_upload(
    upload: Upload,
    history: std::path::PathBuf,
    registry: Option<std::path::PathBuf>,
    lang: Lang,
) -> Result<Response, Refusal> {
    let internal = |e: String| Refusal(StatusCode::INTERNAL_SERVER_ERROR, e);
    let dir = tempfile::Builder::new().prefix("sakip-import-").tempdir();
    let dir = dir.map_err(|e| internal(e.to_string()))?;
    let file = dir.path().join(&upload.name);
    std::fs::write(&file, &upload.bytes).map_err(|e| internal(e.to_string()))?;
    let settings = |rubric| ImportSettings {
        file,
        year: upload.year,
        rubric,
        history,
        registry,
    };
    // The file is named as uploaded, not by the folder it was read from.
    let local = |value| super::named_within(value, dir.path());
    let imported = (upload.rubric.load()).and_then(|rubric| crate::jobs::import(&settings(rubric)));
    match imported {
        Ok(imported) => {
            let stored = imported.path.file_name();
            let stored = stored.map(|n| n.to_string_lossy().to_string());
            let body = serde_json::json!({
                "stored": stored,
                "opds": imported.opds,
                "warnings": local(imported.warnings.to_json(lang)),
            });
            Ok(Json(body).into_response())
        }
        Err(crate::Error::Input(diag)) => {
            let body = local(diag.to_json(lang));
            Ok((StatusCode::BAD_REQUEST, Json(body)).into_response())
        }
        Err(e) => Err(internal(e.to_string())),
    }
}
