//! The JSON API under `/api`, described by `assets/openapi.json`.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Bytes;
use axum::error_handling::HandleErrorLayer;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, Route};
use axum::{Json, Router};
use dyad_core::Document;
use dyad_store::{EntityFilter, EventQuery, Grouping, Period, Store};
use serde::Deserialize;
use serde_json::{json, Value};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::params::{self, Params};
use crate::{ApiError, AppState};

type Shared = State<Arc<AppState>>;
type ApiResult = Result<Response, ApiError>;

/// Documents one `POST /api/documents` may carry: the body limit bounds the bytes, this the work.
const MAX_POSTED_DOCUMENTS: usize = 1000;

pub fn router(state: Arc<AppState>) -> Router {
    let timeout = state.config.timeout;
    let body_limit = state.config.body_limit;
    // One limit shared by both pipeline routes: together they may run this many documents at once.
    let pipeline_runs = GlobalConcurrencyLimitLayer::new(state.config.max_pipeline_runs.max(1));
    Router::new()
        .route("/api/documents", get(documents).merge(post(ingest).layer(shed_load(pipeline_runs.clone()))))
        .route("/api/documents/{id}", get(document))
        .route("/api/events", get(events))
        .route("/api/entities", get(entities))
        .route("/api/quotes", get(quotes))
        .route("/api/dyad", get(dyad))
        .route("/api/actors", get(actors))
        .route("/api/network", get(network))
        .route("/api/search", get(search))
        .route("/api/counts", get(counts))
        .route("/api/extract", post(extract).layer(shed_load(pipeline_runs)))
        .route("/openapi.json", get(openapi))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such route; see /openapi.json") })
        .layer(middleware::from_fn_with_state(state.clone(), guard_reads))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .with_state(state)
}

/// At most as many requests at once as `limit` lets through; one more is answered at once with 503 and
/// `Retry-After`, rather than queued. `limit` is shared by every route the layer is applied to.
pub(crate) fn shed_load(
    limit: GlobalConcurrencyLimitLayer,
) -> impl tower::Layer<
    Route,
    Service = impl tower::Service<Request, Response = Response, Error = Infallible, Future = impl Send + 'static>
                  + Clone
                  + Send
                  + Sync
                  + 'static,
> + Clone
       + Send
       + Sync
       + 'static {
    tower::ServiceBuilder::new().layer(HandleErrorLayer::new(overloaded)).load_shed().layer(limit)
}

async fn overloaded(e: tower::BoxError) -> Response {
    if e.is::<tower::load_shed::error::Overloaded>() {
        let mut response =
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is busy: try again shortly").into_response();
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
        response
    } else {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
    }
}

/// The token from an `Authorization: Bearer` header matches the configured one.
fn token_matches(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(expected) = &state.config.token else { return false };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    // Compare in time independent of where the strings differ, so the token cannot be guessed byte by byte.
    given.is_some_and(|g| {
        g.len() == expected.len() && g.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    })
}

/// A private server answers nothing without the token.
async fn guard_reads(State(state): Shared, request: Request, next: Next) -> Response {
    if state.config.private && !token_matches(&state, request.headers()) {
        return ApiError::new(StatusCode::UNAUTHORIZED, "this server is private: send Authorization: Bearer <token>")
            .into_response();
    }
    next.run(request).await
}

fn authorize_write(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if state.config.token.is_none() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are disabled: the server was started without a token (--token or DYAD_TOKEN)",
        ));
    }
    if !token_matches(state, headers) {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "writes need Authorization: Bearer <token>"));
    }
    Ok(())
}

/// Runs `f` on a pooled store connection on a blocking thread.
async fn on_store<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&mut Store) -> dyad_store::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || state.with_store(f))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("the query failed: {e}")))?
        .map_err(ApiError::from)
}

fn list(items: impl serde::Serialize, page: dyad_store::Page) -> Response {
    Json(json!({ "limit": page.limit, "offset": page.offset, "items": items })).into_response()
}

/// A JSON body: the body limit's 413 and other rejections keep their status, with a JSON message.
fn json_body(body: Result<Bytes, BytesRejection>) -> Result<Value, ApiError> {
    let bytes = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_request(format!("the body is not JSON: {e}")))
}

/// Contract input documents from a JSON object or an array of them.
fn posted_documents(body: Value) -> Result<Vec<Document>, ApiError> {
    let items = match body {
        Value::Array(items) => items,
        one => vec![one],
    };
    if items.is_empty() || items.len() > MAX_POSTED_DOCUMENTS {
        return Err(ApiError::bad_request(format!("post 1 to {MAX_POSTED_DOCUMENTS} documents, got {}", items.len())));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            dyad_core::contract::parse_input_line(&item.to_string())
                .map_err(|e| ApiError::bad_request(format!("document {i}: {e}")))
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentsQuery {
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn documents(State(state): Shared, Params(q): Params<DocumentsQuery>) -> ApiResult {
    let range = params::range(q.from.as_deref(), q.to.as_deref())?;
    let page = params::page(q.limit, q.offset)?;
    let words = q.q.filter(|w| !w.trim().is_empty());
    let (items, total) = on_store(&state, move |s| s.documents(&range, words.as_deref(), page)).await?;
    Ok(Json(json!({ "total": total, "limit": page.limit, "offset": page.offset, "items": items })).into_response())
}

async fn document(State(state): Shared, Path(id): Path<String>) -> ApiResult {
    let wanted = id.clone();
    match on_store(&state, move |s| s.document(&wanted)).await? {
        Some(doc) => Ok(Json(doc).into_response()),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, format!("no document with id {id:?}"))),
    }
}

async fn ingest(State(state): Shared, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> ApiResult {
    authorize_write(&state, &headers)?;
    let mut docs = posted_documents(json_body(body)?)?;
    let worker = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        for doc in &mut docs {
            worker.pipeline.run(doc);
        }
        worker.with_store(|store| (worker.ingest)(store, &docs[..]))
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("ingest failed: {e}")))??;
    let status = if outcome.added > 0 { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(outcome)).into_response())
}

async fn extract(State(state): Shared, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let body = json_body(body)?;
    if !body.is_object() {
        return Err(ApiError::bad_request("post one document: {\"id\": ..., \"text\": ...}"));
    }
    let mut doc = posted_documents(body)?.remove(0);
    let worker = state.clone();
    let out = tokio::task::spawn_blocking(move || {
        worker.pipeline.run(&mut doc);
        dyad_core::contract::to_json(&doc)
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("extraction failed: {e}")))?;
    Ok(Json(out).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsQuery {
    from: Option<String>,
    to: Option<String>,
    actor: Option<String>,
    partner: Option<String>,
    source: Option<String>,
    target: Option<String>,
    code: Option<String>,
    root: Option<String>,
    quad_class: Option<i64>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn events(State(state): Shared, Params(q): Params<EventsQuery>) -> ApiResult {
    let query = EventQuery {
        actor: params::actor("actor", q.actor.as_deref())?,
        partner: params::actor("partner", q.partner.as_deref())?,
        source: params::actor("source", q.source.as_deref())?,
        target: params::actor("target", q.target.as_deref())?,
        code: params::cameo("code", q.code.as_deref(), 2, 4)?,
        root: params::cameo("root", q.root.as_deref(), 2, 2)?,
        quad_class: params::quad_class(q.quad_class)?,
        range: params::range(q.from.as_deref(), q.to.as_deref())?,
    };
    if query.partner.is_some() && query.actor.is_none() {
        return Err(ApiError::bad_request("partner needs actor: the events between actor and partner"));
    }
    let page = params::page(q.limit, q.offset)?;
    Ok(list(on_store(&state, move |s| s.event_page(&query, page)).await?, page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntitiesQuery {
    actor: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn entities(State(state): Shared, Params(q): Params<EntitiesQuery>) -> ApiResult {
    let filter = EntityFilter {
        actor: params::actor("actor", q.actor.as_deref())?,
        kind: q.kind.filter(|k| !k.is_empty()).map(|k| k.to_ascii_uppercase()),
        name: q.name.filter(|n| !n.trim().is_empty()),
    };
    let page = params::page(q.limit, q.offset)?;
    Ok(list(on_store(&state, move |s| s.entities(&filter, page)).await?, page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotesQuery {
    speaker: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn quotes(State(state): Shared, Params(q): Params<QuotesQuery>) -> ApiResult {
    let range = params::range(q.from.as_deref(), q.to.as_deref())?;
    let page = params::page(q.limit, q.offset)?;
    let speaker = q.speaker.filter(|s| !s.trim().is_empty());
    Ok(list(on_store(&state, move |s| s.quote_page(speaker.as_deref(), &range, page)).await?, page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DyadQuery {
    a: Option<String>,
    b: Option<String>,
    by: Option<String>,
    directed: Option<bool>,
    from: Option<String>,
    to: Option<String>,
}

async fn dyad(State(state): Shared, Params(q): Params<DyadQuery>) -> ApiResult {
    let need = |name: &str, v: Option<&str>| {
        params::actor(name, v)?.ok_or_else(|| ApiError::bad_request(format!("{name} is required (an actor code)")))
    };
    let (a, b) = (need("a", q.a.as_deref())?, need("b", q.b.as_deref())?);
    let by = match q.by.as_deref().unwrap_or("month") {
        "day" => Period::Day,
        "month" => Period::Month,
        "year" => Period::Year,
        other => return Err(ApiError::bad_request(format!("by must be day, month or year, got {other:?}"))),
    };
    let range = params::range(q.from.as_deref(), q.to.as_deref())?;
    let directed = q.directed.unwrap_or(false);
    let series = on_store(&state, move |s| s.dyad_series(&a, &b, directed, by, &range)).await?;
    Ok(Json(json!({ "items": series })).into_response())
}

fn grouping(value: Option<&str>) -> Result<Grouping, ApiError> {
    match value.unwrap_or("code") {
        "code" => Ok(Grouping::Code),
        "country" => Ok(Grouping::Country),
        other => Err(ApiError::bad_request(format!("group must be code or country, got {other:?}"))),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorsQuery {
    from: Option<String>,
    to: Option<String>,
    group: Option<String>,
    limit: Option<i64>,
}

async fn actors(State(state): Shared, Params(q): Params<ActorsQuery>) -> ApiResult {
    let range = params::range(q.from.as_deref(), q.to.as_deref())?;
    let grouping = grouping(q.group.as_deref())?;
    let page = params::page(q.limit, None)?;
    Ok(list(on_store(&state, move |s| s.top_actors(&range, grouping, page.limit)).await?, page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NetworkQuery {
    from: Option<String>,
    to: Option<String>,
    group: Option<String>,
    min_events: Option<i64>,
    limit: Option<i64>,
}

async fn network(State(state): Shared, Params(q): Params<NetworkQuery>) -> ApiResult {
    let range = params::range(q.from.as_deref(), q.to.as_deref())?;
    let grouping = grouping(q.group.as_deref())?;
    let min_events = q.min_events.unwrap_or(1);
    if min_events < 1 {
        return Err(ApiError::bad_request(format!("min_events must be at least 1, got {min_events}")));
    }
    let page = params::page(q.limit, None)?;
    Ok(list(on_store(&state, move |s| s.network(&range, grouping, min_events, page.limit)).await?, page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchQuery {
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn search(State(state): Shared, Params(q): Params<SearchQuery>) -> ApiResult {
    let words = params::required("q", q.q.as_deref())?.to_owned();
    let page = params::page(q.limit, q.offset)?;
    // FTS ranks articles and quotes together, so a page is cut from the best `offset + limit` hits.
    let mut hits = on_store(&state, move |s| s.search(&words, page.offset + page.limit)).await?;
    hits.drain(..(page.offset as usize).min(hits.len()));
    Ok(list(hits, page))
}

async fn counts(State(state): Shared) -> ApiResult {
    Ok(Json(on_store(&state, |s| s.counts()).await?).into_response())
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::assets::OPENAPI).into_response()
}
