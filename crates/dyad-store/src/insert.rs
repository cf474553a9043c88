//! Writing processed documents: one transaction per batch, with the incremental aggregation of events.

use std::collections::BTreeSet;

use dyad_core::{CharIndex, Document, Event, EventActor, Modality};
use rusqlite::{params, Transaction};
use serde::Serialize;

use crate::{Result, Store};

/// What one batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// Documents written.
    pub added: usize,
    /// Documents already in the store (same id or same text fingerprint), left as they were.
    pub skipped: usize,
}

/// The date an event is aggregated (and exported, and counted in time series) under: the event's own
/// date when the text gives a full day; otherwise the publication date, which is what GDELT uses for
/// undated events; otherwise the event's partial date ("2005-03", "2004"); otherwise "" (unknown), and
/// then only mentions within one article are aggregated.
/// Two mentions fall in the same aggregated event only on the same day: a wider window would merge
/// distinct repeated events (two meetings in one week), and news of one event mostly carries its day.
pub fn aggregation_date(event: &Event, doc: &Document) -> String {
    match event.date.as_deref() {
        Some(d) if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() => d.to_owned(),
        partial => match doc.date {
            Some(d) => d.to_string(),
            None => partial.unwrap_or_default().to_owned(),
        },
    }
}

/// The id of an aggregated event (GDELT's GLOBALEVENTID), derived from its key alone, so that any
/// machine aggregating the same mentions gives it the same id, whatever order the articles arrive in
/// (the Spark job in `spark/` computes it the same way): FNV-1a 64 over the UTF-8 bytes of the date,
/// source code, target code and CAMEO code, and for an undated event the id of its document (undated
/// events are aggregated within their article only), each field followed by the byte 0x1F; the top bit
/// cleared so that the id is a positive int64. Two keys collide with probability about n²/2⁶⁴ for n
/// events (under 0.1% for a hundred million).
pub fn aggregated_event_id(date: &str, source_code: &str, target_code: &str, code: &str, doc_id: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let scope = if date.is_empty() { doc_id } else { "" };
    for field in [date, source_code, target_code, code, scope] {
        for b in field.bytes().chain([0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h & (i64::MAX as u64)) as i64
}

/// Whether an event enters the aggregated event table: asserted (or reported) events with a code and at
/// least one coded actor. Negated and hypothetical events stay per document, for the record.
fn aggregates(e: &Event) -> bool {
    e.is_asserted()
        && !e.code.is_empty()
        && (e.source.as_ref().is_some_and(|a| !a.code.is_empty())
            || e.target.as_ref().is_some_and(|a| !a.code.is_empty()))
}

/// Percent confidence of one event mention, from its evidential status: dyad's coder gives no probability,
/// but an event the article asserts is surer than one it reports as someone's claim.
fn confidence(e: &Event) -> i64 {
    match (e.negated, e.modality) {
        (false, Modality::Asserted) => 100,
        (false, Modality::Reported) => 50,
        _ => 0,
    }
}

/// The Goldstein score as the codebook writes it (3.4, not the 3.4000000953674316 a plain f32 widening gives).
fn goldstein(e: &Event) -> f64 {
    e.goldstein.to_string().parse().unwrap_or(f64::from(e.goldstein))
}

/// A serde enum's wire name ("asserted", "direct").
fn label<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Who published a document, for counting distinct sources: the outlet, else the URL's host, else "".
fn source_of(doc: &Document) -> String {
    if let Some(o) = &doc.outlet {
        return o.clone();
    }
    doc.url
        .as_deref()
        .map(|u| u.split_once("://").map_or(u, |(_, rest)| rest))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or("").to_lowercase())
        .unwrap_or_default()
}

/// The name GDELT exports for an actor: the resolved actor's name, else the entity's, else the text.
fn actor_name(doc: &Document, a: &EventActor) -> String {
    match a.entity.and_then(|i| doc.entities.get(i)) {
        Some(e) => e.actor.as_ref().map_or(&e.name, |c| &c.name).clone(),
        None => doc.slice(a.span).to_owned(),
    }
}

impl Store {
    /// Stores a batch of processed documents with their text fingerprints in one transaction. Documents
    /// whose id or fingerprint is already stored (or repeated within the batch) are skipped and counted.
    pub fn insert_batch<'a>(&mut self, docs: impl IntoIterator<Item = (&'a Document, u64)>) -> Result<BatchOutcome> {
        let added_at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let tx = self.conn.transaction()?;
        let mut outcome = BatchOutcome::default();
        let mut touched = BTreeSet::new();
        for (doc, fingerprint) in docs {
            let exists = tx
                .prepare_cached("SELECT 1 FROM documents WHERE id = ?1 OR fingerprint = ?2")?
                .exists(params![doc.id, fingerprint as i64])?;
            if exists {
                outcome.skipped += 1;
                continue;
            }
            insert_document(&tx, doc, fingerprint, &added_at, &mut touched)?;
            outcome.added += 1;
        }
        refresh_aggregates(&tx, &touched)?;
        tx.commit()?;
        Ok(outcome)
    }
}

fn insert_document(
    tx: &Transaction,
    doc: &Document,
    fingerprint: u64,
    added_at: &str,
    touched: &mut BTreeSet<i64>,
) -> Result<()> {
    let idx = CharIndex::new(&doc.text);
    let chars = |s: dyad_core::Span| idx.chars(s);
    let date = doc.date.map(|d| d.to_string());
    tx.prepare_cached(
        "INSERT INTO documents (id, fingerprint, title, date, url, outlet, source, text, chars, added)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        doc.id,
        fingerprint as i64,
        doc.title,
        date,
        doc.url,
        doc.outlet,
        source_of(doc),
        doc.text,
        idx.char_offset(doc.text.len()) as i64,
        added_at
    ])?;
    let key = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![key, doc.title, doc.text])?;

    for (i, e) in doc.entities.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO entities (doc, idx, name, kind, actor_code, actor_name, country)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            key,
            i as i64,
            e.name,
            e.kind.as_str(),
            e.actor.as_ref().map(|a| &a.code),
            e.actor.as_ref().map(|a| &a.name),
            e.country
        ])?;
        for m in &e.mentions {
            let (start, end) = chars(m.span);
            tx.prepare_cached(
                "INSERT INTO mentions (doc, entity, sentence, start, end, text, kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                key,
                i as i64,
                m.sentence as i64,
                start as i64,
                end as i64,
                doc.slice(m.span),
                label(&m.kind)
            ])?;
        }
    }

    for (i, e) in doc.events.iter().enumerate() {
        let aggregated = if aggregates(e) {
            let date = aggregation_date(e, doc);
            let source_code = e.source.as_ref().map_or("", |a| a.code.as_str());
            let target_code = e.target.as_ref().map_or("", |a| a.code.as_str());
            // On conflict the stored id is returned: events aggregated before ids were derived from the
            // key (sequential ids) keep theirs.
            let id: i64 = tx
                .prepare_cached(
                    "INSERT INTO aggregated_events (id, date, source_code, target_code, code, goldstein, quad_class,
                        num_mentions, num_sources, num_articles, added, scope)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, ?8, ?9)
                     ON CONFLICT (date, source_code, target_code, code, scope) DO UPDATE SET code = excluded.code
                     RETURNING id",
                )?
                .query_row(
                    params![
                        aggregated_event_id(&date, source_code, target_code, &e.code, &doc.id),
                        date,
                        source_code,
                        target_code,
                        e.code,
                        goldstein(e),
                        i64::from(e.quad_class),
                        added_at,
                        if date.is_empty() { key } else { 0 }
                    ],
                    |r| r.get(0),
                )?;
            touched.insert(id);
            Some(id)
        } else {
            None
        };
        let actor = |a: &Option<EventActor>| match a {
            Some(a) => (
                Some(a.code.clone()),
                Some(actor_name(doc, a)),
                Some(doc.slice(a.span).to_owned()),
                a.entity.map(|i| i as i64),
                Some(chars(a.span).0 as i64),
            ),
            None => (None, None, None, None, None),
        };
        let (sc, sn, st, se, ss) = actor(&e.source);
        let (tc, tn, tt, te, ts) = actor(&e.target);
        tx.prepare_cached(
            "INSERT INTO events (doc, idx, sentence, source_code, source_name, source_text, source_entity,
                source_start, target_code, target_name, target_text, target_entity, target_start, code, root,
                goldstein, quad_class, plover, trigger, trigger_start, negated, modality, date, quote,
                confidence, aggregated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
        )?
        .execute(params![
            key,
            i as i64,
            e.sentence as i64,
            sc,
            sn,
            st,
            se,
            ss,
            tc,
            tn,
            tt,
            te,
            ts,
            e.code,
            e.root(),
            goldstein(e),
            i64::from(e.quad_class),
            e.plover.as_ref().map(|p| &p.event),
            doc.slice(e.trigger),
            chars(e.trigger).0 as i64,
            e.negated,
            label(&e.modality),
            e.date,
            e.quote.map(|q| q as i64),
            confidence(e),
            aggregated
        ])?;
    }

    for (i, q) in doc.quotes.iter().enumerate() {
        let (start, end) = chars(q.span);
        let speaker_name = q.speaker.as_ref().map(|s| match s.entity.and_then(|i| doc.entities.get(i)) {
            Some(e) => e.name.clone(),
            None => doc.slice(s.span).to_owned(),
        });
        tx.prepare_cached(
            "INSERT INTO quotes (doc, idx, sentence, start, end, text, kind, speaker_text, speaker_entity,
                speaker_name, cue, via)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            key,
            i as i64,
            q.sentence as i64,
            start as i64,
            end as i64,
            doc.slice(q.span),
            label(&q.kind),
            q.speaker.as_ref().map(|s| doc.slice(s.span)),
            q.speaker.as_ref().and_then(|s| s.entity).map(|i| i as i64),
            speaker_name,
            q.cue,
            serde_json::to_string(&q.via)?
        ])?;
        let qkey = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO quotes_fts (rowid, text, speaker_name) VALUES (?1, ?2, ?3)")?
            .execute(params![qkey, doc.slice(q.span), speaker_name])?;
    }

    for (i, d) in doc.dates.iter().enumerate() {
        let (start, end) = chars(d.span);
        tx.prepare_cached(
            "INSERT INTO dates (doc, idx, sentence, start, end, text, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            key,
            i as i64,
            d.sentence as i64,
            start as i64,
            end as i64,
            doc.slice(d.span),
            d.value
        ])?;
    }

    for (i, a) in doc.amounts.iter().enumerate() {
        let (start, end) = chars(a.span);
        tx.prepare_cached(
            "INSERT INTO amounts (doc, idx, sentence, start, end, text, value, unit)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            key,
            i as i64,
            a.sentence as i64,
            start as i64,
            end as i64,
            doc.slice(a.span),
            a.value,
            a.unit
        ])?;
    }
    Ok(())
}

/// Recounts mentions, articles and sources of the aggregated events a batch touched.
fn refresh_aggregates(tx: &Transaction, touched: &BTreeSet<i64>) -> Result<()> {
    let mut update = tx.prepare_cached(
        "UPDATE aggregated_events SET
            num_mentions = (SELECT count(*) FROM events WHERE aggregated = ?1),
            num_articles = (SELECT count(DISTINCT doc) FROM events WHERE aggregated = ?1),
            num_sources = (SELECT count(DISTINCT d.source) FROM events e JOIN documents d ON d.key = e.doc
                           WHERE e.aggregated = ?1)
         WHERE id = ?1",
    )?;
    for id in touched {
        update.execute([id])?;
    }
    Ok(())
}
