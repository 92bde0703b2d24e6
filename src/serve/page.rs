//! The page: one HTML file, its script and its style, embedded in the binary (no CDN, nothing
//! fetched from elsewhere), and the list of built-in rubrics it offers.

use crate::rubric::Rubric;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// `GET /`.
pub(super) async fn index() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("assets/index.html"),
    )
        .into_response()
}

/// `GET /app.js`.
pub(super) async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/app.js"),
    )
        .into_response()
}

/// `GET /style.css`.
pub(super) async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/style.css"),
    )
        .into_response()
}

/// `GET /api/rubrics`: the built-in rubrics with their titles and predicate bands (grade,
/// label, colours), for the form and the ranking's colours.
pub(super) async fn rubrics() -> Response {
    let list: Vec<serde_json::Value> = Rubric::builtin_ids()
        .into_iter()
        .filter_map(|id| Rubric::load(id).ok())
        .map(|r| rubric_json(&r))
        .collect();
    Json(list).into_response()
}

/// A rubric as the page knows it: its id, title and predicate bands (grade, label, colours).
pub(super) fn rubric_json(r: &Rubric) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "title": r.title,
        "bands": r.bands.iter().map(|b| serde_json::json!({
            "grade": b.grade,
            "label": b.label,
            "color": b.color,
            "font_color": b.font_color,
        })).collect::<Vec<_>>(),
    })
}
