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
use tower::limit::GlobalConcurrencyLimitLayer;

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
    /// Requests served at once; one more is answered 503 at once (with Retry-After) rather than queued,
    /// so that a burst sheds load instead of piling up memory and latency.
    pub max_in_flight: usize,
    /// Pipeline runs at once (`POST /api/extract`, `POST /api/documents`), the costly requests; more get 503.
    pub max_pipeline_runs: usize,
    /// Time a client has to send a request's headers, and that an idle connection is kept; then the
    /// connection is closed (a client that trickles its request cannot hold a connection for ever).
    pub header_timeout: Duration,
    /// Connections open at once; further clients wait in the listening socket's queue.
    pub max_connections: usize,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            token: None,
            private: false,
            body_limit: 2 << 20,
            timeout: Duration::from_secs(30),
            connections: 4,
            max_in_flight: 256,
            // A few waiting per core keeps every core busy without letting latency grow without end.
            max_pipeline_runs: 2 * cores,
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
        }
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
    let in_flight = config.max_in_flight;
    let state = Arc::new(AppState { stores, next: AtomicUsize::new(0), pipeline, ingest, config });
    Ok(api::router(state.clone())
        .merge(assets::router())
        .layer(api::shed_load(GlobalConcurrencyLimitLayer::new(in_flight.max(1)))))
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then lets requests in flight finish.
///
/// Each connection must send a request's headers within `config.header_timeout` (idle keep-alive
/// connections included), and at most `config.max_connections` are open at once: the limits that
/// `axum::serve` cannot set, which is why the accept loop is here.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, config: &Config) -> Result<(), ServerError> {
    let open = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(shutdown());
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors or a connection reset before it was accepted: the listener is
                // still good, so wait a moment (not to spin) and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: axum::http::Request<hyper::body::Incoming>| {
            tower::ServiceExt::oneshot(app.clone(), request.map(axum::body::Body::new))
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(config.header_timeout)
            .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection's end (closed, timed out, broken) concerns that client only.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
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
