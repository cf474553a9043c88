//! The analyst's questions: dyad time series, top actors, the actor network, event lists, quotes by
//! speaker, and full-text search. All run over the aggregated events (one row per real-world event, so a
//! story told by ten articles counts once; `mentions` says how much it was reported).

use rusqlite::ToSql;
use serde::Serialize;

use crate::{EventRow, Result, Store, StoreError};

/// The time unit of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Month,
    Year,
}

impl Period {
    /// Length of the ISO date prefix naming one period ("2005-03" for a month).
    fn prefix_len(self) -> i64 {
        match self {
            Period::Day => 10,
            Period::Month => 7,
            Period::Year => 4,
        }
    }
}

/// An inclusive date range; either end may be open. Dates are ISO prefixes: "2005", "2005-03", "2005-03-14".
#[derive(Debug, Clone, Default)]
pub struct Range {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// SQL over `a.date` for a range, with its two parameters (`?from`, `?to`); partial event dates match
/// a range end by prefix, so `--to 2005-03` keeps all of March.
pub(crate) const RANGE_SQL: &str =
    "(?1 IS NULL OR a.date >= ?1) AND (?2 IS NULL OR substr(a.date, 1, length(?2)) <= ?2) \
                         AND a.date != ''";

impl Range {
    /// SQL over `a.date` with the range's two parameters: the range, or with both ends open every event,
    /// undated ones included.
    pub(crate) fn sql(&self) -> &'static str {
        if self.from.is_none() && self.to.is_none() {
            "?1 IS NULL AND ?2 IS NULL"
        } else {
            RANGE_SQL
        }
    }
}

/// How actors are grouped: by country (first three letters of the code: `GBRGOV` and `GBRMIL` are GBR)
/// or by their full code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Country,
    Code,
}

impl Grouping {
    fn key(self, column: &str) -> String {
        match self {
            Grouping::Country => format!("substr({column}, 1, 3)"),
            Grouping::Code => column.to_owned(),
        }
    }
}

/// One period of a dyad's series, in one direction.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeriesRow {
    pub period: String,
    pub source: String,
    pub target: String,
    pub events: i64,
    pub mentions: i64,
    pub verbal_cooperation: i64,
    pub material_cooperation: i64,
    pub verbal_conflict: i64,
    pub material_conflict: i64,
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorRow {
    pub actor: String,
    pub events: i64,
    pub as_source: i64,
    pub as_target: i64,
    pub mentions: i64,
    pub goldstein_mean: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NetworkRow {
    pub source: String,
    pub target: String,
    pub events: i64,
    pub mentions: i64,
    pub cooperation: i64,
    pub conflict: i64,
    pub goldstein_mean: f64,
}

/// Which aggregated events `dyad query events` lists. Actor filters match code prefixes (`CHN` matches
/// `CHNGOV`); `root` and `code` match CAMEO code prefixes.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: Option<String>,
    pub range: Range,
    pub limit: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuoteRow {
    pub doc_id: String,
    pub date: Option<String>,
    pub speaker: Option<String>,
    pub speaker_text: Option<String>,
    pub text: String,
    pub cue: Option<String>,
    pub via: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchHit {
    /// "article" or "quote".
    pub kind: &'static str,
    pub doc_id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub speaker: Option<String>,
    /// The matching passage, matched words in [brackets].
    pub snippet: String,
    /// BM25 relevance: lower is better (SQLite's convention).
    pub score: f64,
}

/// An FTS5 phrase query for the words of `text`: analysts type words, not FTS syntax, and a phrase
/// ("strategic partnership") is what they mean.
pub(crate) fn phrase(text: &str) -> Result<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Err(StoreError::Usage(format!("nothing to search for in {text:?}")));
    }
    Ok(format!("\"{}\"", words.join(" ")))
}

impl Store {
    /// Counts by QuadClass and Goldstein sum and mean per period of the events between `a` and `b`
    /// (code prefixes). Both directions unless `directed` (then only `a` → `b`).
    pub fn dyad_series(&self, a: &str, b: &str, directed: bool, by: Period, range: &Range) -> Result<Vec<SeriesRow>> {
        let sql = format!(
            "SELECT substr(a.date, 1, ?5) AS period,
                CASE WHEN substr(a.source_code, 1, length(?3)) = ?3 AND substr(a.target_code, 1, length(?4)) = ?4
                     THEN ?3 ELSE ?4 END AS src,
                count(*), sum(a.num_mentions),
                sum(a.quad_class = 1), sum(a.quad_class = 2), sum(a.quad_class = 3), sum(a.quad_class = 4),
                sum(a.goldstein), avg(a.goldstein)
             FROM aggregated_events a
             WHERE {RANGE_SQL} AND length(a.date) >= ?5
               AND ((substr(a.source_code, 1, length(?3)) = ?3 AND substr(a.target_code, 1, length(?4)) = ?4)
                 OR (NOT ?6 AND substr(a.source_code, 1, length(?4)) = ?4
                     AND substr(a.target_code, 1, length(?3)) = ?3))
             GROUP BY period, src
             ORDER BY period, src != ?3"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params![range.from, range.to, a, b, by.prefix_len(), directed], |r| {
            let source: String = r.get(1)?;
            let target = if source == a { b } else { a };
            Ok(SeriesRow {
                period: r.get(0)?,
                target: target.to_owned(),
                source,
                events: r.get(2)?,
                mentions: r.get(3)?,
                verbal_cooperation: r.get(4)?,
                material_cooperation: r.get(5)?,
                verbal_conflict: r.get(6)?,
                material_conflict: r.get(7)?,
                goldstein_sum: r.get(8)?,
                goldstein_mean: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The actors in most events (as source or target) within `range` (all events, undated ones too,
    /// when the range is open).
    pub fn top_actors(&self, range: &Range, grouping: Grouping, limit: i64) -> Result<Vec<ActorRow>> {
        let (s, t) = (grouping.key("a.source_code"), grouping.key("a.target_code"));
        let dates = range.sql();
        let sql = format!(
            "WITH sides AS (
                SELECT {s} AS actor, 1 AS src, a.goldstein, a.num_mentions FROM aggregated_events a
                WHERE a.source_code != '' AND {dates}
                UNION ALL
                SELECT {t}, 0, a.goldstein, a.num_mentions FROM aggregated_events a
                WHERE a.target_code != '' AND {dates})
             SELECT actor, count(*) AS n, sum(src), count(*) - sum(src), sum(num_mentions), avg(goldstein)
             FROM sides GROUP BY actor ORDER BY n DESC, actor LIMIT ?3"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params![range.from, range.to, limit], |r| {
            Ok(ActorRow {
                actor: r.get(0)?,
                events: r.get(1)?,
                as_source: r.get(2)?,
                as_target: r.get(3)?,
                mentions: r.get(4)?,
                goldstein_mean: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Directed actor pairs with at least `min_events` events within `range` (undated events too when the
    /// range is open), most active first.
    pub fn network(&self, range: &Range, grouping: Grouping, min_events: i64, limit: i64) -> Result<Vec<NetworkRow>> {
        let (s, t) = (grouping.key("a.source_code"), grouping.key("a.target_code"));
        let dates = range.sql();
        let sql = format!(
            "SELECT {s} AS src, {t} AS tgt, count(*) AS n, sum(a.num_mentions),
                sum(a.quad_class IN (1, 2)), sum(a.quad_class IN (3, 4)), avg(a.goldstein)
             FROM aggregated_events a
             WHERE a.source_code != '' AND a.target_code != '' AND {dates}
             GROUP BY src, tgt HAVING n >= ?3 ORDER BY n DESC, src, tgt LIMIT ?4"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params![range.from, range.to, min_events, limit], |r| {
            Ok(NetworkRow {
                source: r.get(0)?,
                target: r.get(1)?,
                events: r.get(2)?,
                mentions: r.get(3)?,
                cooperation: r.get(4)?,
                conflict: r.get(5)?,
                goldstein_mean: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Aggregated events matching `filter`, most reported first.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        let mut out = Vec::new();
        let where_sql = format!(
            "({}) AND (?3 IS NULL OR substr(a.source_code, 1, length(?3)) = ?3)
             AND (?4 IS NULL OR substr(a.target_code, 1, length(?4)) = ?4)
             AND (?5 IS NULL OR substr(a.code, 1, length(?5)) = ?5)",
            filter.range.sql()
        );
        let params: [&dyn ToSql; 6] =
            [&filter.range.from, &filter.range.to, &filter.source, &filter.target, &filter.code, &filter.limit];
        self.select_events(&where_sql, "a.num_mentions DESC, a.date, a.id LIMIT ?6", &params, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Quotes whose speaker's name or words contain `speaker` (all quotes when `None`), in date order.
    pub fn quotes(&self, speaker: Option<&str>, limit: i64) -> Result<Vec<QuoteRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.date, q.speaker_name, q.speaker_text, q.text, q.cue, q.via
             FROM quotes q JOIN documents d ON d.key = q.doc
             WHERE ?1 IS NULL OR q.speaker_name LIKE '%' || ?1 || '%' OR q.speaker_text LIKE '%' || ?1 || '%'
             ORDER BY d.date, d.key, q.idx LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![speaker, limit], |r| {
            let via: String = r.get(6)?;
            Ok(QuoteRow {
                doc_id: r.get(0)?,
                date: r.get(1)?,
                speaker: r.get(2)?,
                speaker_text: r.get(3)?,
                text: r.get(4)?,
                cue: r.get(5)?,
                via: serde_json::from_str(&via).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Articles (title and text) and quotes containing the words of `text` as a phrase, best first.
    pub fn search(&self, text: &str, limit: i64) -> Result<Vec<SearchHit>> {
        let query = phrase(text)?;
        let mut hits = Vec::new();
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.title, d.date, snippet(documents_fts, -1, '[', ']', '…', 16), bm25(documents_fts)
             FROM documents_fts JOIN documents d ON d.key = documents_fts.rowid
             WHERE documents_fts MATCH ?1 ORDER BY bm25(documents_fts) LIMIT ?2",
        )?;
        for hit in stmt.query_map(rusqlite::params![query, limit], |r| {
            Ok(SearchHit {
                kind: "article",
                doc_id: r.get(0)?,
                title: r.get(1)?,
                date: r.get(2)?,
                speaker: None,
                snippet: r.get(3)?,
                score: r.get(4)?,
            })
        })? {
            hits.push(hit?);
        }
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.title, d.date, q.speaker_name, snippet(quotes_fts, 0, '[', ']', '…', 16), bm25(quotes_fts)
             FROM quotes_fts JOIN quotes q ON q.key = quotes_fts.rowid JOIN documents d ON d.key = q.doc
             WHERE quotes_fts MATCH ?1 ORDER BY bm25(quotes_fts) LIMIT ?2",
        )?;
        for hit in stmt.query_map(rusqlite::params![query, limit], |r| {
            Ok(SearchHit {
                kind: "quote",
                doc_id: r.get(0)?,
                title: r.get(1)?,
                date: r.get(2)?,
                speaker: r.get(3)?,
                snippet: r.get(4)?,
                score: r.get(5)?,
            })
        })? {
            hits.push(hit?);
        }
        hits.sort_by(|x, y| x.score.total_cmp(&y.score));
        hits.truncate(limit.max(0) as usize);
        Ok(hits)
    }
}
