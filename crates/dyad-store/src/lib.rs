//! dyad's embedded store: one SQLite file (WAL) holding every processed document with its layers, the
//! events aggregated across articles, and full-text indexes over articles and quotes.
//!
//! Writes go in batches, one transaction each ([`Store::insert_batch`]): a crash or `kill -9` loses at
//! most the batch in flight, and a re-run skips what is already stored (by document id or text
//! fingerprint), so it completes the store without duplicates. The schema is versioned with
//! `PRAGMA user_version` and upgraded in place by [`Store::open`] (see `schema`).
//!
//! Events are aggregated across articles as GDELT does: asserted events with the same date, source actor
//! code, target actor code and CAMEO code are one aggregated event (see [`aggregation_date`] for which
//! date). Aggregation is incremental: each batch updates the aggregated events it touches in its own
//! transaction, so queries and exports read ready counts and never need a rebuild.
//!
//! The layout of the tables and of the exports is described in this crate's README (section SCHEMA).

mod actor;
mod export;
mod insert;
mod parquet_export;
mod query;
mod read;
mod schema;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

pub use actor::ActorParts;
pub use export::{EventRow, ExportFormat, ExportTable, MentionRow};
pub use insert::{aggregated_event_id, aggregation_date, BatchOutcome};
pub use query::{ActorRow, EventFilter, Grouping, NetworkRow, Period, QuoteRow, Range, SearchHit, SeriesRow};
pub use read::{
    AmountView, DateView, DocumentSummary, DocumentView, EntityFilter, EntitySummary, EntityView, EventActorView,
    EventQuery, EventView, MentionView, Page, QuoteView,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the store has schema version {found}, newer than this dyad understands ({supported}); use a newer dyad")]
    TooNew { found: i64, supported: i64 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("{0}")]
    Usage(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open store.
pub struct Store {
    conn: Connection,
}

/// Row counts of the main tables: what `dyad ingest` reports and what tests compare.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub documents: i64,
    pub entities: i64,
    pub mentions: i64,
    pub events: i64,
    pub aggregated_events: i64,
    pub quotes: i64,
    pub dates: i64,
    pub amounts: i64,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        Store::setup(Connection::open(path)?)
    }

    /// A store that lives in memory only (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store> {
        // WAL lets queries read while an ingest writes; NORMAL sync is safe against process crashes
        // (kill -9) in WAL mode, and a power loss can only drop the last committed batches, never corrupt.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let mut store = Store { conn };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// The schema version the store is at (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Whether a document with this id or this text fingerprint is already stored.
    pub fn contains(&self, id: &str, fingerprint: u64) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE id = ?1 OR fingerprint = ?2",
                rusqlite::params![id, fingerprint as i64],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// What SQLite's own checks find wrong with the file and its references (`PRAGMA integrity_check`,
    /// `PRAGMA foreign_key_check`); empty for a sound store. Crash tests run it after every kill.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.retain(|p| p != "ok");
        let dangling = self
            .conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} points to a missing {} row",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        problems.extend(dangling);
        Ok(problems)
    }

    pub fn counts(&self) -> Result<Counts> {
        let n = |table: &str| -> Result<i64> {
            Ok(self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(Counts {
            documents: n("documents")?,
            entities: n("entities")?,
            mentions: n("mentions")?,
            events: n("events")?,
            aggregated_events: n("aggregated_events")?,
            quotes: n("quotes")?,
            dates: n("dates")?,
            amounts: n("amounts")?,
        })
    }
}
