//! The schema as a list of migrations. `PRAGMA user_version` holds how many have run; opening a store
//! runs the missing ones in one transaction with the version bump, so an interrupted upgrade leaves the
//! store as it was. Add a migration at the end; never edit one that shipped.

use rusqlite::{Connection, TransactionBehavior};

use crate::{Result, StoreError};

const MIGRATIONS: &[&str] = &[
    // 1: documents and their layers, aggregated events, full-text indexes.
    // Offsets (start, end, *_start) are in characters into the document's text, as in the JSONL contract.
    "
    CREATE TABLE documents (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        fingerprint INTEGER NOT NULL UNIQUE,
        title TEXT,
        date TEXT,
        url TEXT,
        outlet TEXT,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        chars INTEGER NOT NULL,
        added TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='key');

    CREATE TABLE entities (
        doc INTEGER NOT NULL REFERENCES documents(key),
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor_code TEXT,
        actor_name TEXT,
        country TEXT,
        PRIMARY KEY (doc, idx)
    ) WITHOUT ROWID;
    CREATE INDEX entities_actor ON entities(actor_code);

    CREATE TABLE mentions (
        doc INTEGER NOT NULL,
        entity INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        FOREIGN KEY (doc, entity) REFERENCES entities(doc, idx)
    );
    CREATE INDEX mentions_entity ON mentions(doc, entity);

    CREATE TABLE aggregated_events (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        source_code TEXT NOT NULL,
        target_code TEXT NOT NULL,
        code TEXT NOT NULL,
        goldstein REAL NOT NULL,
        quad_class INTEGER NOT NULL,
        num_mentions INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        added TEXT NOT NULL,
        -- 0 for dated events; for undated ones the key of their document, since without a date nothing
        -- says that two articles report the same event.
        scope INTEGER NOT NULL,
        UNIQUE (date, source_code, target_code, code, scope)
    );
    CREATE INDEX aggregated_source ON aggregated_events(source_code, date);
    CREATE INDEX aggregated_target ON aggregated_events(target_code, date);

    CREATE TABLE events (
        doc INTEGER NOT NULL REFERENCES documents(key),
        idx INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        source_code TEXT,
        source_name TEXT,
        source_text TEXT,
        source_entity INTEGER,
        source_start INTEGER,
        target_code TEXT,
        target_name TEXT,
        target_text TEXT,
        target_entity INTEGER,
        target_start INTEGER,
        code TEXT NOT NULL,
        root TEXT NOT NULL,
        goldstein REAL NOT NULL,
        quad_class INTEGER NOT NULL,
        plover TEXT,
        trigger TEXT NOT NULL,
        trigger_start INTEGER NOT NULL,
        negated INTEGER NOT NULL,
        modality TEXT NOT NULL,
        date TEXT,
        quote INTEGER,
        confidence INTEGER NOT NULL,
        aggregated INTEGER REFERENCES aggregated_events(id),
        PRIMARY KEY (doc, idx)
    );
    CREATE INDEX events_aggregated ON events(aggregated);

    CREATE TABLE quotes (
        key INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(key),
        idx INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        speaker_text TEXT,
        speaker_entity INTEGER,
        speaker_name TEXT,
        cue TEXT,
        via TEXT NOT NULL,
        UNIQUE (doc, idx)
    );
    CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker_name, content='quotes', content_rowid='key');

    CREATE TABLE dates (
        doc INTEGER NOT NULL REFERENCES documents(key),
        idx INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        PRIMARY KEY (doc, idx)
    ) WITHOUT ROWID;

    CREATE TABLE amounts (
        doc INTEGER NOT NULL REFERENCES documents(key),
        idx INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT,
        PRIMARY KEY (doc, idx)
    ) WITHOUT ROWID;
    ",
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current == VERSION {
        return Ok(());
    }
    // To upgrade, the write lock is taken before the version is read again, so two processes opening a
    // new store at once do not both run the same migration.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > VERSION {
        return Err(StoreError::TooNew { found, supported: VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_store_is_at_the_latest_version_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = crate::Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), VERSION);
        drop(store);
        let store = crate::Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), VERSION);
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_store_from_a_newer_dyad_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1).unwrap();
        drop(conn);
        assert!(matches!(crate::Store::open(&path), Err(StoreError::TooNew { .. })));
    }
}
