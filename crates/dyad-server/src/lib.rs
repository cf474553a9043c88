//! `dyad serve`: the store over HTTP (a JSON API described at `/openapi.json`) and a dashboard in the
//! browser whose assets are built into the binary, so nothing is fetched from elsewhere.
//!
//! Reads are open unless the server is private; writes (`POST /api/documents`) need the bearer token
//! given at start-up and are disabled without one. Every store query and pipeline run happens on
//! tokio's blocking threads, over a small pool of SQLite connections (WAL lets them read side by side).

mod api;
mod assets;
mod params;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use dyad_core::{Document, Pipeline};
use dyad_store::{BatchOutcome, Store, StoreError};

/// How a batch of processed documents is written to the store: the CLI's ingest does it (with its
/// fingerprints), so documents posted to the server are stored exactly as `dyad ingest` stores them.
pub type Ingest = dyn Fn(&mut Store, &[Document]) -> dyad_store::Result<BatchOutcome> + Send + Sync;

/// Settings fixed at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Bearer token for writes (and for reads when `private`); without one, writes are disabled.
    pub token: Option<String>,
    /// Reads need the token too.
    pub private: bool,
    /// Largest request body accepted, in bytes (larger ones get 413).
    pub body_limit: usize,
    /// Longest a request may take (then 408).
    pub timeout: Duration,
    /// SQLite connections in the pool.
    pub connections: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config { token: None, private: false, body_limit: 2 << 20, timeout: Duration::from_secs(30), connections: 4 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the store: {0}")]
    Store(#[from] StoreError),
    #[error("--private needs a token (--token or DYAD_TOKEN): without one nobody could read")]
    PrivateWithoutToken,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
pub(crate) struct AppState {
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
    pipeline: Arc<Pipeline>,
    ingest: Arc<Ingest>,
    config: Config,
}

impl AppState {
    /// Runs `f` on a free connection of the pool (waiting for one in turn when all are busy).
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        for store in &self.stores {
            if let Ok(mut store) = store.try_lock() {
                return f(&mut store);
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.stores.len();
        // A panic while holding a connection leaves SQLite consistent (transactions roll back), so a
        // poisoned lock is still a usable connection.
        let mut store = self.stores[i].lock().unwrap_or_else(|p| p.into_inner());
        f(&mut store)
    }
}

/// The whole application: API, OpenAPI description and dashboard, over the store at `db`.
pub fn app(db: &Path, pipeline: Arc<Pipeline>, ingest: Arc<Ingest>, config: Config) -> Result<Router, ServerError> {
    if config.private && config.token.is_none() {
        return Err(ServerError::PrivateWithoutToken);
    }
    let stores = (0..config.connections.max(1)).map(|_| Store::open(db).map(Mutex::new)).collect::<Result<_, _>>()?;
    let state = Arc::new(AppState { stores, next: AtomicUsize::new(0), pipeline, ingest, config });
    Ok(api::router(state.clone()).merge(assets::router()))
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then lets requests in flight finish.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> Result<(), ServerError> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        // Without a Ctrl-C handler the server still stops on SIGTERM (or is killed).
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// An API error: its status and a message, sent as `{"error": "..."}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into() }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            // The store's usage errors are about what was asked (e.g. a search with no words).
            StoreError::Usage(m) => ApiError::bad_request(m),
            e => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(serde_json::json!({ "error": self.message }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(axum::http::header::WWW_AUTHENTICATE, "Bearer".parse().expect("valid"));
        }
        response
    }
}
