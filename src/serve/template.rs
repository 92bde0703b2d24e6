//! The input templates on the page (`sakip template`): an official-layout LKE workbook with a
//! protected sheet per OPD, and the tidy program-data sheet with its drop-downs, for the
//! evaluator to hand out before an evaluation.

use super::{problem, App, FormRubric, Refusal};
use crate::jobs::{template, TemplateSettings};
use crate::lang::Lang;
use crate::report::page::Paper;
use crate::rubric::DEFAULT_RUBRIC;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// What the page asks a template for.
#[derive(Debug, Default)]
struct TemplateForm {
    /// The rubric (the default rubric when none is given).
    rubric: Option<FormRubric>,
    /// One OPD per line.
    opds: String,
    paper: Paper,
    lang: Option<Lang>,
    /// The priorities file (the program-data template): its name and bytes.
    priorities: Option<(String, Vec<u8>)>,
}

/// Reads the form: `rubric`, `opds` (one per line), `paper` (`a4`, `f4`), `lang`, and for the
/// program-data template the `priorities` file.
async fn read_form(multipart: Multipart) -> Result<TemplateForm, Response> {
    let mut form = TemplateForm::default();
    for part in super::parts(multipart).await? {
        match part.name.as_str() {
            "rubric" => form.rubric = Some(FormRubric::of(part)),
            "opds" => form.opds = part.text(),
            "paper" => {
                form.paper = match part.text().as_str() {
                    "f4" => Paper::F4,
                    "a4" | "" => Paper::A4,
                    other => {
                        let message = format!("unknown paper '{other}'");
                        return Err(problem(StatusCode::BAD_REQUEST, &message));
                    }
                }
            }
            "lang" => form.lang = Some(super::lang_of(&part.text())),
            "priorities" => {
                let name = part.file.unwrap_or_else(|| "prioritas.csv".into());
                form.priorities = Some((name, part.bytes.to_vec()));
            }
            other => {
                let message = format!("unknown part '{other}'");
                return Err(problem(StatusCode::BAD_REQUEST, &message));
            }
        }
    }
    Ok(form)
}

/// `POST /api/template/lke`: the LKE workbook of a rubric for the OPDs named (a multipart
/// form: `rubric`, a built-in id or a TOML file of the user's own; `opds` one per line;
/// `paper`, `lang`), `sakip template lke`'s bytes; 400 without an OPD, with an unknown rubric
/// or a broken rubric file (its problems).
pub(super) async fn lke(State(app): State<App>, multipart: Multipart) -> Response {
    let form = match read_form(multipart).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang.unwrap_or(app.settings.lang);
    let rubric = (form.rubric).unwrap_or_else(|| FormRubric::Builtin(DEFAULT_RUBRIC.into()));
    if !rubric.known() {
        return problem(StatusCode::BAD_REQUEST, "unknown rubric");
    }
    let opds = names(&form.opds);
    if opds.is_empty() {
        return problem(
            StatusCode::BAD_REQUEST,
            "name at least one OPD, one per line",
        );
    }
    run(lang, "templat-lke.xlsx", move |_| {
        let settings = TemplateSettings::Lke {
            rubric: Box::new(rubric.load()?),
            opds,
            opd_list: None,
        };
        Ok((settings, form.paper))
    })
    .await
}

/// `POST /api/template/programs`: the program-data sheet with the priorities' ids as a
/// drop-down (a multipart form: `priorities`, the file; `opds`, one per line; `paper`,
/// `lang`), `sakip template programs`'s bytes; 400 with the priorities' problems.
pub(super) async fn programs(State(app): State<App>, multipart: Multipart) -> Response {
    let form = match read_form(multipart).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let lang = form.lang.unwrap_or(app.settings.lang);
    let Some((name, bytes)) = form.priorities else {
        return problem(StatusCode::BAD_REQUEST, "the priorities file is needed");
    };
    let opds = names(&form.opds);
    let paper = form.paper;
    run(lang, "templat-data-program.xlsx", move |dir| {
        let file = dir.join(&name);
        std::fs::write(&file, &bytes).map_err(|e| crate::Error::Internal(e.to_string()))?;
        let settings = TemplateSettings::Programs {
            priorities: file,
            opds,
            opd_list: None,
        };
        Ok((settings, paper))
    })
    .await
}

/// The OPD names of a text, one per line, blank lines and surrounding spaces dropped.
fn names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn internal(message: String) -> Refusal {
    Refusal(StatusCode::INTERNAL_SERVER_ERROR, message)
}

/// Runs the template job off the async threads, its uploads in a folder of its own (removed
/// when done), and answers the workbook as a download named `file`, or 400 with the problems
/// of the uploads or the form's rubric (files named as uploaded).
async fn run(
    lang: Lang,
    file: &'static str,
    settings: impl FnOnce(&std::path::Path) -> Result<(TemplateSettings, Paper), crate::Error>
        + Send
        + 'static,
) -> Response {
    let job = tokio::task::spawn_blocking(move || -> Result<Response, Refusal> {
        let dir = tempfile::Builder::new().prefix("sakip-template-").tempdir();
        let dir = dir.map_err(|e| internal(e.to_string()))?;
        let year = crate::calendar::year_of(crate::calendar::run_time_unix());
        let made = settings(dir.path())
            .and_then(|(settings, paper)| template(&settings, paper, year, lang));
        match made {
            Ok(made) => Ok(super::attachment(made.bytes, file, super::XLSX)),
            Err(crate::Error::Input(diag)) => {
                let body = super::named_within(diag.to_json(lang), dir.path());
                Ok((StatusCode::BAD_REQUEST, Json(body)).into_response())
            }
            Err(e) => Err(internal(e.to_string())),
        }
    });
    match job.await {
        Ok(response) => response.unwrap_or_else(IntoResponse::into_response),
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}
