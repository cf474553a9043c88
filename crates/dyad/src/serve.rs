//! `dyad serve`: the store over HTTP, with the dashboard.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;

use crate::EXIT_OK;

/// Serve a store over HTTP: a JSON API (described at /openapi.json) and a dashboard in the browser.
///
/// Reads are open to anyone who can reach the address unless --private is given; writes (POST
/// /api/documents, which runs the pipeline and stores the documents) need the bearer token and are
/// disabled without one. The dashboard is built into the binary and loads nothing from elsewhere.
#[derive(clap::Args)]
#[command(after_help = crate::EXIT_CODES)]
pub struct Args {
    /// The store: an SQLite file, created if missing.
    #[arg(long)]
    pub db: PathBuf,
    /// Address to listen on; port 0 picks a free one (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token that writes (and, with --private, reads) need; default: $DYAD_TOKEN (which, unlike
    /// the command line, other users cannot see in the process list).
    #[arg(long)]
    pub token: Option<String>,
    /// Reads need the token too.
    #[arg(long)]
    pub private: bool,
    /// Largest request body, in bytes (K, M, G suffixes); larger ones get 413.
    #[arg(long, value_parser = dyad_ingest::parse_bytes, default_value = "2M")]
    pub max_body: u64,
    /// Requests served at once; more get 503 with Retry-After (load shedding).
    #[arg(long, default_value_t = dyad_server::Config::default().max_in_flight)]
    pub max_in_flight: usize,
    /// Documents coded at once by POST /api/extract and /api/documents; more get 503 (default: 2 per core).
    #[arg(long)]
    pub max_pipeline_runs: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let pipeline = Arc::new(crate::pipeline::build()?);
    let ingest: Arc<dyad_server::Ingest> = Arc::new(crate::ingest_cmd::store_batch);
    let defaults = dyad_server::Config::default();
    let config = dyad_server::Config {
        token: args.token.or_else(|| std::env::var("DYAD_TOKEN").ok()).filter(|t| !t.is_empty()),
        private: args.private,
        body_limit: usize::try_from(args.max_body).unwrap_or(usize::MAX),
        max_in_flight: args.max_in_flight,
        max_pipeline_runs: args.max_pipeline_runs.unwrap_or(defaults.max_pipeline_runs),
        ..defaults
    };
    let writable = config.token.is_some();
    let app = dyad_server::app(&args.db, pipeline, ingest, config.clone())
        .with_context(|| format!("cannot serve {}", args.db.display()))?;
    let runtime = tokio::runtime::Runtime::new().context("starting the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        eprintln!(
            "dyad: serving {} at http://{addr}/ (API description at /openapi.json; writes {})",
            args.db.display(),
            if writable { "need the token" } else { "disabled: no token" }
        );
        dyad_server::serve(listener, app, &config).await.context("serving")
    })?;
    Ok(EXIT_OK)
}
