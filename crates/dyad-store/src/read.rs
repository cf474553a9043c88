//! Reads for browsing a store page by page (the HTTP API): documents with their annotation layers,
//! entities, event lists with every filter, quotes. Offsets are in characters, as stored.

use rusqlite::{OptionalExtension, Row, ToSql};
use serde::Serialize;

use crate::{EventRow, Range, Result, Store};

/// One page of a list: `limit` rows from `offset`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

/// A stored document without its text and layers: one row of the document list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentSummary {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub chars: i64,
    pub entities: i64,
    pub events: i64,
    pub quotes: i64,
}

/// A stored document with its text and every annotation layer.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    #[serde(flatten)]
    pub summary: DocumentSummary,
    pub text: String,
    pub entities: Vec<EntityView>,
    pub events: Vec<EventView>,
    pub quotes: Vec<QuoteView>,
    pub dates: Vec<DateView>,
    pub amounts: Vec<AmountView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    pub idx: i64,
    pub name: String,
    pub kind: String,
    pub actor_code: Option<String>,
    pub actor_name: Option<String>,
    pub country: Option<String>,
    pub mentions: Vec<MentionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub kind: String,
}

/// A source or target actor of an event mention.
#[derive(Debug, Clone, Serialize)]
pub struct EventActorView {
    pub code: String,
    pub name: Option<String>,
    pub text: String,
    pub start: i64,
    pub end: i64,
    pub entity: Option<i64>,
}

/// One event mention as coded in its document.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub idx: i64,
    pub sentence: i64,
    pub source: Option<EventActorView>,
    pub target: Option<EventActorView>,
    pub code: String,
    pub root: String,
    pub goldstein: f64,
    pub quad_class: i64,
    pub plover: Option<String>,
    pub trigger: String,
    pub trigger_start: i64,
    pub trigger_end: i64,
    pub negated: bool,
    pub modality: String,
    pub date: Option<String>,
    pub quote: Option<i64>,
    /// The aggregated event this mention counts in, if it entered aggregation.
    pub aggregated: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuoteView {
    pub doc_id: String,
    pub doc_title: Option<String>,
    pub date: Option<String>,
    pub idx: i64,
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub kind: String,
    pub speaker_text: Option<String>,
    pub speaker_entity: Option<i64>,
    pub speaker_name: Option<String>,
    pub cue: Option<String>,
    pub via: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AmountView {
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub value: f64,
    pub unit: Option<String>,
}

/// An entity as it appears across the store: the same name, type and actor code in several documents
/// is one row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntitySummary {
    pub name: String,
    pub kind: String,
    pub actor_code: Option<String>,
    pub actor_name: Option<String>,
    pub country: Option<String>,
    pub documents: i64,
    pub mentions: i64,
}

/// Which entities to list. `actor` matches actor code prefixes, `name` a part of the name (any case).
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    pub actor: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
}

/// Which aggregated events to list. Actor filters match code prefixes (`CHN` matches `CHNGOV`): `actor`
/// either side, `partner` the other side of `actor` (both directions); `code` is a CAMEO code prefix,
/// `root` the two-digit root code.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub actor: Option<String>,
    pub partner: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: Option<String>,
    pub root: Option<String>,
    pub quad_class: Option<i64>,
    pub range: Range,
}

/// SQL: `?N` is a prefix of the column (true when `?N` is NULL).
fn prefix(column: &str, n: usize) -> String {
    format!("(?{n} IS NULL OR substr({column}, 1, length(?{n})) = ?{n})")
}

/// Characters in `s`: an end offset from a start offset and the text, as spans are stored by start.
fn chars(s: &str) -> i64 {
    s.chars().count() as i64
}

fn summary(r: &Row) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        date: r.get(2)?,
        url: r.get(3)?,
        outlet: r.get(4)?,
        chars: r.get(5)?,
        entities: r.get(6)?,
        events: r.get(7)?,
        quotes: r.get(8)?,
    })
}

const SUMMARY_SQL: &str = "SELECT d.id, d.title, d.date, d.url, d.outlet, d.chars,
        (SELECT count(*) FROM entities WHERE doc = d.key),
        (SELECT count(*) FROM events WHERE doc = d.key),
        (SELECT count(*) FROM quotes WHERE doc = d.key)
     FROM documents d";

fn quote(r: &Row) -> rusqlite::Result<QuoteView> {
    let via: String = r.get(13)?;
    Ok(QuoteView {
        doc_id: r.get(0)?,
        doc_title: r.get(1)?,
        date: r.get(2)?,
        idx: r.get(3)?,
        sentence: r.get(4)?,
        start: r.get(5)?,
        end: r.get(6)?,
        text: r.get(7)?,
        kind: r.get(8)?,
        speaker_text: r.get(9)?,
        speaker_entity: r.get(10)?,
        speaker_name: r.get(11)?,
        cue: r.get(12)?,
        via: serde_json::from_str(&via).unwrap_or_default(),
    })
}

const QUOTE_SQL: &str = "SELECT d.id, d.title, d.date, q.idx, q.sentence, q.start, q.end, q.text, q.kind,
        q.speaker_text, q.speaker_entity, q.speaker_name, q.cue, q.via
     FROM quotes q JOIN documents d ON d.key = q.doc";

/// An event's source or target from the columns starting at `at` (code, name, text, entity, start).
fn event_actor(r: &Row, at: usize) -> rusqlite::Result<Option<EventActorView>> {
    let code: Option<String> = r.get(at)?;
    let text: Option<String> = r.get(at + 2)?;
    let start: Option<i64> = r.get(at + 4)?;
    Ok(match (code, text, start) {
        (Some(code), Some(text), Some(start)) => Some(EventActorView {
            code,
            name: r.get(at + 1)?,
            end: start + chars(&text),
            text,
            start,
            entity: r.get(at + 3)?,
        }),
        _ => None,
    })
}

impl Store {
    /// Documents published within `range` (undated ones only when the range is open) whose title or
    /// text contain the words of `words` (all when `None`), newest first, with the total count.
    pub fn documents(&self, range: &Range, words: Option<&str>, page: Page) -> Result<(Vec<DocumentSummary>, i64)> {
        let query = words.map(crate::query::phrase).transpose()?;
        let filter = "(?1 IS NULL OR d.date >= ?1) AND (?2 IS NULL OR substr(d.date, 1, length(?2)) <= ?2)
             AND (?3 IS NULL OR d.key IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?3))";
        let params: [&dyn ToSql; 5] = [&range.from, &range.to, &query, &page.limit, &page.offset];
        let mut stmt = self
            .conn
            .prepare(&format!("{SUMMARY_SQL} WHERE {filter} ORDER BY d.date DESC, d.key LIMIT ?4 OFFSET ?5"))?;
        let rows = stmt.query_map(&params[..], summary)?.collect::<rusqlite::Result<_>>()?;
        let total =
            self.conn
                .query_row(&format!("SELECT count(*) FROM documents d WHERE {filter}"), &params[..3], |r| r.get(0))?;
        Ok((rows, total))
    }

    /// The document with this id, its text and every layer; `None` when no such document is stored.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>> {
        let Some(summary) = self.conn.query_row(&format!("{SUMMARY_SQL} WHERE d.id = ?1"), [id], summary).optional()?
        else {
            return Ok(None);
        };
        let (key, text): (i64, String) =
            self.conn
                .query_row("SELECT key, text FROM documents WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;

        let mut entities: Vec<EntityView> = self
            .conn
            .prepare(
                "SELECT idx, name, kind, actor_code, actor_name, country FROM entities WHERE doc = ?1 ORDER BY idx",
            )?
            .query_map([key], |r| {
                Ok(EntityView {
                    idx: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    actor_code: r.get(3)?,
                    actor_name: r.get(4)?,
                    country: r.get(5)?,
                    mentions: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self
            .conn
            .prepare("SELECT entity, sentence, start, end, text, kind FROM mentions WHERE doc = ?1 ORDER BY rowid")?;
        for m in stmt.query_map([key], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                MentionView { sentence: r.get(1)?, start: r.get(2)?, end: r.get(3)?, text: r.get(4)?, kind: r.get(5)? },
            ))
        })? {
            let (entity, mention) = m?;
            if let Some(e) = entities.iter_mut().find(|e| e.idx == entity) {
                e.mentions.push(mention);
            }
        }

        let events = self
            .conn
            .prepare(
                "SELECT idx, sentence, code, root, goldstein, quad_class, plover, trigger, trigger_start, negated,
                    modality, date, quote, aggregated,
                    source_code, source_name, source_text, source_entity, source_start,
                    target_code, target_name, target_text, target_entity, target_start
                 FROM events WHERE doc = ?1 ORDER BY idx",
            )?
            .query_map([key], |r| {
                let trigger: String = r.get(7)?;
                let trigger_start: i64 = r.get(8)?;
                Ok(EventView {
                    idx: r.get(0)?,
                    sentence: r.get(1)?,
                    code: r.get(2)?,
                    root: r.get(3)?,
                    goldstein: r.get(4)?,
                    quad_class: r.get(5)?,
                    plover: r.get(6)?,
                    trigger_end: trigger_start + chars(&trigger),
                    trigger,
                    trigger_start,
                    negated: r.get(9)?,
                    modality: r.get(10)?,
                    date: r.get(11)?,
                    quote: r.get(12)?,
                    aggregated: r.get(13)?,
                    source: event_actor(r, 14)?,
                    target: event_actor(r, 19)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let quotes = self
            .conn
            .prepare(&format!("{QUOTE_SQL} WHERE q.doc = ?1 ORDER BY q.idx"))?
            .query_map([key], quote)?
            .collect::<rusqlite::Result<_>>()?;
        let dates = self
            .conn
            .prepare("SELECT sentence, start, end, text, value FROM dates WHERE doc = ?1 ORDER BY idx")?
            .query_map([key], |r| {
                Ok(DateView {
                    sentence: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    text: r.get(3)?,
                    value: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let amounts = self
            .conn
            .prepare("SELECT sentence, start, end, text, value, unit FROM amounts WHERE doc = ?1 ORDER BY idx")?
            .query_map([key], |r| {
                Ok(AmountView {
                    sentence: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    text: r.get(3)?,
                    value: r.get(4)?,
                    unit: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(DocumentView { summary, text, entities, events, quotes, dates, amounts }))
    }

    /// Entities matching `filter` across documents, those in most documents first.
    pub fn entities(&self, filter: &EntityFilter, page: Page) -> Result<Vec<EntitySummary>> {
        let sql = format!(
            "SELECT e.name, e.kind, e.actor_code, e.actor_name, e.country, count(DISTINCT e.doc),
                (SELECT count(*) FROM mentions m WHERE m.doc = e.doc AND m.entity = e.idx) AS n
             FROM entities e
             WHERE {} AND (?2 IS NULL OR e.kind = ?2) AND (?3 IS NULL OR e.name LIKE '%' || ?3 || '%')
             GROUP BY e.name, e.kind, e.actor_code
             ORDER BY count(DISTINCT e.doc) DESC, e.name LIMIT ?4 OFFSET ?5",
            prefix("e.actor_code", 1)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows =
            stmt.query_map(rusqlite::params![filter.actor, filter.kind, filter.name, page.limit, page.offset], |r| {
                Ok(EntitySummary {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    actor_code: r.get(2)?,
                    actor_name: r.get(3)?,
                    country: r.get(4)?,
                    documents: r.get(5)?,
                    mentions: r.get(6)?,
                })
            })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Aggregated events matching `query`, in date order (undated ones only when the range is open).
    pub fn event_page(&self, query: &EventQuery, page: Page) -> Result<Vec<EventRow>> {
        let open_range = query.range.from.is_none() && query.range.to.is_none();
        let either = |a: usize, b: usize| {
            format!(
                "(?{a} IS NULL OR (substr(a.source_code, 1, length(?{a})) = ?{a} AND {}) \
                 OR (substr(a.target_code, 1, length(?{a})) = ?{a} AND {}))",
                prefix("a.target_code", b),
                prefix("a.source_code", b)
            )
        };
        let filter = format!(
            "({}) AND {} AND {} AND {} AND {} AND {} AND (?9 IS NULL OR a.quad_class = ?9)",
            if open_range { "?1 IS NULL AND ?2 IS NULL" } else { crate::query::RANGE_SQL },
            either(3, 4),
            prefix("a.source_code", 5),
            prefix("a.target_code", 6),
            prefix("a.code", 7),
            prefix("a.code", 8),
        );
        let params: [&dyn ToSql; 11] = [
            &query.range.from,
            &query.range.to,
            &query.actor,
            &query.partner,
            &query.source,
            &query.target,
            &query.code,
            &query.root,
            &query.quad_class,
            &page.limit,
            &page.offset,
        ];
        let mut out = Vec::new();
        self.select_events(&filter, "a.date, a.id LIMIT ?10 OFFSET ?11", &params, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Quotes within `range` whose speaker's name or words contain `speaker` (all when `None`), in date
    /// order.
    pub fn quote_page(&self, speaker: Option<&str>, range: &Range, page: Page) -> Result<Vec<QuoteView>> {
        let mut stmt = self.conn.prepare(&format!(
            "{QUOTE_SQL}
             WHERE (?1 IS NULL OR q.speaker_name LIKE '%' || ?1 || '%' OR q.speaker_text LIKE '%' || ?1 || '%')
               AND (?2 IS NULL OR d.date >= ?2) AND (?3 IS NULL OR substr(d.date, 1, length(?3)) <= ?3)
             ORDER BY d.date, d.key, q.idx LIMIT ?4 OFFSET ?5"
        ))?;
        let rows = stmt.query_map(rusqlite::params![speaker, range.from, range.to, page.limit, page.offset], quote)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use dyad_core::{ActorCode, Document, Entity, EntityType, Event, EventActor, Mention, MentionKind, Modality, Span};

    use super::*;

    fn sample() -> Document {
        let mut doc = Document::new("d1", "Étienne: China praised Russia.");
        doc.title = Some("Praise".into());
        doc.date = chrono::NaiveDate::from_ymd_opt(2024, 3, 19);
        let at = |w: &str| {
            let s = doc.text.find(w).unwrap();
            Span::new(s, s + w.len())
        };
        let (china, russia, praised) = (at("China"), at("Russia"), at("praised"));
        for (name, code, span) in [("China", "CHN", china), ("Russia", "RUS", russia)] {
            doc.entities.push(Entity {
                name: name.into(),
                kind: EntityType::Gpe,
                actor: Some(ActorCode { code: code.into(), name: name.into() }),
                country: Some(code.into()),
                mentions: vec![Mention { span, sentence: 0, kind: MentionKind::Name }],
            });
        }
        doc.events.push(Event {
            sentence: 0,
            source: Some(EventActor { code: "CHN".into(), span: china, entity: Some(0) }),
            target: Some(EventActor { code: "RUS".into(), span: russia, entity: Some(1) }),
            code: "051".into(),
            goldstein: 3.4,
            quad_class: 1,
            plover: None,
            trigger: praised,
            negated: false,
            modality: Modality::Asserted,
            date: None,
            quote: None,
            location: None,
        });
        doc
    }

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let doc = sample();
        store.insert_batch([(&doc, 1)]).unwrap();
        store
    }

    #[test]
    fn a_document_comes_back_with_character_spans() {
        let store = store();
        let doc = store.document("d1").unwrap().unwrap();
        assert_eq!(doc.summary.events, 1);
        let e = &doc.events[0];
        // "Étienne: " is 9 characters but 10 bytes: offsets must count characters.
        assert_eq!((e.trigger_start, e.trigger_end), (15, 22));
        let text: Vec<char> = doc.text.chars().collect();
        let slice = |s: i64, e: i64| text[s as usize..e as usize].iter().collect::<String>();
        assert_eq!(slice(e.trigger_start, e.trigger_end), "praised");
        let source = e.source.as_ref().unwrap();
        assert_eq!(slice(source.start, source.end), "China");
        let m = &doc.entities[1].mentions[0];
        assert_eq!(slice(m.start, m.end), "Russia");
        assert!(store.document("nope").unwrap().is_none());
    }

    #[test]
    fn lists_filter_and_page() {
        let store = store();
        let all = Page { limit: 10, offset: 0 };
        let (docs, total) = store.documents(&Range::default(), Some("praised"), all).unwrap();
        assert_eq!((docs.len(), total), (1, 1));
        let (docs, total) = store.documents(&Range::default(), Some("condemned"), all).unwrap();
        assert_eq!((docs.len(), total), (0, 0));
        let later = Range { from: Some("2025".into()), to: None };
        assert_eq!(store.documents(&later, None, all).unwrap().1, 0);

        let q = |f: fn(&mut EventQuery)| {
            let mut q = EventQuery::default();
            f(&mut q);
            store.event_page(&q, all).unwrap().len()
        };
        assert_eq!(q(|_| {}), 1);
        assert_eq!(q(|q| q.actor = Some("RUS".into())), 1);
        assert_eq!(q(|q| (q.actor, q.partner) = (Some("RUS".into()), Some("CHN".into()))), 1);
        assert_eq!(q(|q| (q.actor, q.partner) = (Some("RUS".into()), Some("USA".into()))), 0);
        assert_eq!(q(|q| q.source = Some("RUS".into())), 0);
        assert_eq!(q(|q| q.root = Some("05".into())), 1);
        assert_eq!(q(|q| q.quad_class = Some(4)), 0);
        assert_eq!(q(|q| q.range = Range { from: Some("2024-03".into()), to: Some("2024-03".into()) }), 1);
        assert_eq!(store.event_page(&EventQuery::default(), Page { limit: 10, offset: 1 }).unwrap().len(), 0);

        let china = EntityFilter { actor: Some("CHN".into()), ..Default::default() };
        let found = store.entities(&china, all).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].documents, found[0].mentions), (1, 1));
        assert!(store.quote_page(None, &Range::default(), all).unwrap().is_empty());
    }
}
