//! The routes, one handler per resource, each thin over the library: parameters in, a
//! library call on a blocking thread, [`crate::render::json`] out.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, Uri};
use axum::middleware::map_response;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::limit::GlobalConcurrencyLimitLayer;

use super::{assets, params, ApiError, AppState};
use crate::render::json;

/// What a page may load: only its own files, no inline script, no other site.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

pub(crate) fn router(state: Arc<AppState>) -> Router {
    let max_requests = state.limits.max_requests.max(1);
    Router::new()
        .route("/", get(assets::page))
        .route("/assets/app.js", get(assets::script))
        .route("/assets/app.css", get(assets::style))
        .route("/api/search", get(search))
        .route("/api/story/{*id}", get(story))
        .route("/api/stats", get(stats))
        .route("/api/timeline", get(timeline))
        .fallback(not_found)
        .layer(map_response(safety_headers))
        .layer(GlobalConcurrencyLimitLayer::new(max_requests))
        .with_state(state)
}

/// `GET /api/search`: what `query --format json` prints.
async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let request = params::search_request(raw.as_deref(), &state.limits)?;
    let body = state
        .run(move |index| {
            let results = index.search(&request)?;
            to_body(|out| json::search_results(out, &results))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/story/{id}`: what `parse` prints for the story.
async fn story(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(format!("bad story id: {e}")))?;
    let body = state
        .run(move |index| match index.story(&id)? {
            Some(article) => to_body(|out| json::article_line(out, &article)),
            None => Err(ApiError::not_found(format!(
                "no story '{id}' in the index: ids are as in hits, e.g. from /api/search"
            ))),
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/stats`: what `stats --format json` prints.
async fn stats(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let body = state
        .run(|index| {
            let stats = index.stats()?;
            to_body(|out| json::value_line(out, &stats))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/timeline`: matching stories per period.
async fn timeline(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (request, by) = params::timeline_request(raw.as_deref(), &state.limits)?;
    let body = state
        .run(move |index| {
            let timeline = index.timeline(&request, by)?;
            to_body(|out| json::value_line(out, &timeline))
        })
        .await?;
    Ok(json_response(body))
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such page: {}", uri.path()))
}

fn to_body(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    write(&mut out).map_err(|_| ApiError::internal("the answer could not be written"))?;
    Ok(out)
}

fn json_response(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn safety_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
