//! Exports of the aggregated events and their mentions: JSONL, CSV and GDELT 2.0 (Events and Mentions
//! tables). Parquet is in `parquet_export`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{ActorParts, Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Parquet,
    Gdelt,
}

/// Which rows a single-table export (JSONL, CSV) writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTable {
    /// One row per aggregated event (in JSONL, with its mentions nested).
    Events,
    /// One row per mention of an aggregated event in one article.
    Mentions,
}

/// One aggregated event with what the exports need of its first mention.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: i64,
    /// ISO date at the precision known ("2005-03-14", "2005-03", "2005"), "" when unknown.
    pub date: String,
    pub source_code: String,
    pub source_name: String,
    pub target_code: String,
    pub target_name: String,
    pub code: String,
    pub quad_class: i64,
    pub goldstein: f64,
    pub num_mentions: i64,
    pub num_sources: i64,
    pub num_articles: i64,
    /// The first mention is in its article's lead sentence (GDELT's IsRootEvent).
    pub is_root: bool,
    /// When the event entered the store (UTC, ISO 8601).
    pub added: String,
    /// URL of the first article that mentions it, or that article's id when it has no URL.
    pub source_url: String,
}

/// One mention of an aggregated event.
#[derive(Debug, Clone, Serialize)]
pub struct MentionRow {
    pub event_id: i64,
    pub date: String,
    pub event_added: String,
    pub doc_id: String,
    pub url: Option<String>,
    pub source: String,
    pub mention_added: String,
    pub sentence: i64,
    pub source_offset: Option<i64>,
    pub target_offset: Option<i64>,
    pub trigger_offset: i64,
    pub trigger: String,
    pub modality: String,
    pub confidence: i64,
    pub doc_chars: i64,
}

/// The (event code, base code, root code) triple of a CAMEO code: "0251" → ("0251", "025", "02").
pub(crate) fn code_levels(code: &str) -> (&str, &str, &str) {
    let base = if code.len() > 3 { &code[..3] } else { code };
    (code, base, &code[..code.len().min(2)])
}

/// The order of an aggregated event's mentions, and so which one is its first (the one whose names,
/// sentence and article the event row shows): by publication date of the article (undated last), then
/// article id, then position in the article. It depends on the mentions alone, not on the order articles
/// were stored in, so the Spark job reproduces it from the extract JSONL.
const MENTION_ORDER: &str = "d.date IS NULL, d.date, d.id, e.idx";

/// The month ("2005-03") of an aggregated event's date, "" when the date has no month: the partition key.
const MONTH: &str = "CASE WHEN length(a.date) >= 7 THEN substr(a.date, 1, 7) ELSE '' END";

impl Store {
    /// Visits every aggregated event by date, then id (for partitioned exports, by month of its date first).
    pub(crate) fn each_event(&self, by_date: bool, f: impl FnMut(EventRow) -> Result<()>) -> Result<()> {
        self.select_events("1", if by_date { "month, a.date, a.id" } else { "a.date, a.id" }, &[], f)
    }

    /// Visits the aggregated events matching `filter` (SQL over `a`, the aggregated_events row), in `order`.
    pub(crate) fn select_events(
        &self,
        filter: &str,
        order: &str,
        params: &[&dyn rusqlite::ToSql],
        mut f: impl FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        let sql = format!(
            "SELECT a.id, a.date, a.source_code, coalesce(e.source_name, ''), a.target_code,
                coalesce(e.target_name, ''), a.code, a.quad_class, a.goldstein, a.num_mentions, a.num_sources,
                a.num_articles, e.sentence = 0, a.added, coalesce(d.url, d.id), {MONTH} AS month
             FROM aggregated_events a
             JOIN events e ON e.rowid = (SELECT e.rowid FROM events e JOIN documents d ON d.key = e.doc
                                         WHERE e.aggregated = a.id ORDER BY {MENTION_ORDER} LIMIT 1)
             JOIN documents d ON d.key = e.doc
             WHERE {filter}
             ORDER BY {order}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(r) = rows.next()? {
            f(EventRow {
                id: r.get(0)?,
                date: r.get(1)?,
                source_code: r.get(2)?,
                source_name: r.get(3)?,
                target_code: r.get(4)?,
                target_name: r.get(5)?,
                code: r.get(6)?,
                quad_class: r.get(7)?,
                goldstein: r.get(8)?,
                num_mentions: r.get(9)?,
                num_sources: r.get(10)?,
                num_articles: r.get(11)?,
                is_root: r.get(12)?,
                added: r.get(13)?,
                source_url: r.get(14)?,
            })?;
        }
        Ok(())
    }

    /// Visits every mention of an aggregated event, grouped by event (ordered as [`Store::each_event`]).
    pub(crate) fn each_mention(&self, by_date: bool, mut f: impl FnMut(MentionRow) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT e.aggregated, a.date, a.added, d.id, d.url, d.source, d.added, e.sentence, e.source_start,
                e.target_start, e.trigger_start, e.trigger, e.modality, e.confidence, d.chars, {MONTH} AS month
             FROM events e
             JOIN aggregated_events a ON a.id = e.aggregated
             JOIN documents d ON d.key = e.doc
             ORDER BY {}, {MENTION_ORDER}",
            if by_date { "month, a.date, a.id" } else { "a.date, a.id" }
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(MentionRow {
                event_id: r.get(0)?,
                date: r.get(1)?,
                event_added: r.get(2)?,
                doc_id: r.get(3)?,
                url: r.get(4)?,
                source: r.get(5)?,
                mention_added: r.get(6)?,
                sentence: r.get(7)?,
                source_offset: r.get(8)?,
                target_offset: r.get(9)?,
                trigger_offset: r.get(10)?,
                trigger: r.get(11)?,
                modality: r.get(12)?,
                confidence: r.get(13)?,
                doc_chars: r.get(14)?,
            })?;
        }
        Ok(())
    }

    /// Writes one table as JSON Lines or CSV (with a header row).
    pub fn export_table(&self, format: ExportFormat, table: ExportTable, out: &mut dyn Write) -> Result<()> {
        match format {
            ExportFormat::Jsonl => self.export_jsonl(table, out),
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                match table {
                    ExportTable::Events => self.each_event(false, |e| Ok(w.serialize(e)?))?,
                    ExportTable::Mentions => self.each_mention(false, |m| Ok(w.serialize(m)?))?,
                }
                w.flush()?;
                Ok(())
            }
            ExportFormat::Parquet | ExportFormat::Gdelt => {
                Err(crate::StoreError::Usage("Parquet and GDELT exports write a folder of files".into()))
            }
        }
    }

    fn export_jsonl(&self, table: ExportTable, out: &mut dyn Write) -> Result<()> {
        match table {
            ExportTable::Mentions => self.each_mention(false, |m| json_line(out, &m)),
            ExportTable::Events => {
                // Both walks are ordered by event id: merge them to nest each event's mentions.
                let mut mentions = Vec::new();
                self.each_mention(false, |m| {
                    mentions.push(m);
                    Ok(())
                })?;
                let mut rest = mentions.as_slice();
                self.each_event(false, |e| {
                    let n = rest.iter().take_while(|m| m.event_id == e.id).count();
                    let (mine, tail) = rest.split_at(n);
                    rest = tail;
                    #[derive(Serialize)]
                    struct WithMentions<'a> {
                        #[serde(flatten)]
                        event: EventRow,
                        mentions: &'a [MentionRow],
                    }
                    json_line(out, &WithMentions { event: e, mentions: mine })
                })
            }
        }
    }

    /// Writes the GDELT 2.0 Events table (`dyad.export.CSV`) and Mentions table (`dyad.mentions.CSV`) into
    /// `dir`: tab-separated, no header, the column order of GDELT's own files, so GDELT tooling loads them.
    pub fn export_gdelt(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let events_path = dir.join("dyad.export.CSV");
        let mentions_path = dir.join("dyad.mentions.CSV");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&events_path)?);
        self.each_event(false, |e| write_row(&mut w, &gdelt_event_row(&e)))?;
        w.flush()?;
        let mut w = std::io::BufWriter::new(std::fs::File::create(&mentions_path)?);
        self.each_mention(false, |m| write_row(&mut w, &gdelt_mention_row(&m)))?;
        w.flush()?;
        Ok(vec![events_path, mentions_path])
    }
}

fn json_line(out: &mut dyn Write, row: &impl Serialize) -> Result<()> {
    serde_json::to_writer(&mut *out, row)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn write_row(w: &mut impl Write, fields: &[String]) -> Result<()> {
    let clean: Vec<String> = fields.iter().map(|f| f.replace(['\t', '\n', '\r'], " ")).collect();
    writeln!(w, "{}", clean.join("\t"))?;
    Ok(())
}

/// "2005-03-14T10:00:00Z" → "20050314100000" (GDELT's DATEADDED format).
fn gdelt_timestamp(iso: &str) -> String {
    iso.chars().filter(char::is_ascii_digit).collect()
}

/// SQLDATE, MonthYear, Year and FractionDate of a date of any precision; unknown parts are empty.
fn gdelt_dates(date: &str) -> [String; 4] {
    let part = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<u32>().ok());
    let (year, month, day) = (part(0..4), part(5..7), part(8..10));
    let fraction = match (year, month, day) {
        // GDELT's own approximation: (MONTH * 30 + DAY) / 365.
        (Some(y), Some(m), Some(d)) => format!("{:.4}", f64::from(y) + f64::from(m * 30 + d) / 365.0),
        _ => String::new(),
    };
    [
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}{m:02}{d:02}"),
            _ => String::new(),
        },
        match (year, month) {
            (Some(y), Some(m)) => format!("{y:04}{m:02}"),
            _ => String::new(),
        },
        year.map(|y| format!("{y:04}")).unwrap_or_default(),
        fraction,
    ]
}

fn gdelt_actor(code: &str, name: &str) -> [String; 10] {
    let p = ActorParts::of(code);
    let name = if code.is_empty() { String::new() } else { name.to_uppercase() };
    [
        code.to_owned(),
        name,
        p.country.clone(),
        p.known_group.clone(),
        String::new(),
        String::new(),
        String::new(),
        p.type_code(0).to_owned(),
        p.type_code(1).to_owned(),
        p.type_code(2).to_owned(),
    ]
}

/// The eight geography columns of one actor or of the action: dyad does not geocode, so the type is
/// 0 (no location), as in GDELT's own rows without one, and the rest is empty.
fn no_geo() -> [String; 8] {
    std::array::from_fn(|i| if i == 0 { "0".to_owned() } else { String::new() })
}

/// The 61 columns of one GDELT 2.0 Events row.
pub(crate) fn gdelt_event_row(e: &EventRow) -> Vec<String> {
    let (code, base, root) = code_levels(&e.code);
    let mut row = vec![e.id.to_string()];
    row.extend(gdelt_dates(&e.date));
    row.extend(gdelt_actor(&e.source_code, &e.source_name));
    row.extend(gdelt_actor(&e.target_code, &e.target_name));
    row.push(u8::from(e.is_root).to_string());
    row.extend([code.to_owned(), base.to_owned(), root.to_owned()]);
    row.push(e.quad_class.to_string());
    row.push(e.goldstein.to_string());
    row.extend([e.num_mentions.to_string(), e.num_sources.to_string(), e.num_articles.to_string()]);
    // AvgTone: dyad computes no tone.
    row.push(String::new());
    for _ in 0..3 {
        row.extend(no_geo());
    }
    row.push(gdelt_timestamp(&e.added));
    row.push(e.source_url.clone());
    row
}

/// The 16 columns of one GDELT 2.0 Mentions row.
pub(crate) fn gdelt_mention_row(m: &MentionRow) -> Vec<String> {
    let offset = |o: Option<i64>| o.unwrap_or(-1).to_string();
    vec![
        m.event_id.to_string(),
        gdelt_timestamp(&m.event_added),
        gdelt_timestamp(&m.mention_added),
        // MentionType: 1 = WEB (a URL), 2 = CITATIONONLY (the document id stands for the citation).
        if m.url.is_some() { "1" } else { "2" }.to_owned(),
        m.source.clone(),
        m.url.clone().unwrap_or_else(|| m.doc_id.clone()),
        (m.sentence + 1).to_string(),
        offset(m.source_offset),
        offset(m.target_offset),
        m.trigger_offset.to_string(),
        "1".to_owned(),
        m.confidence.to_string(),
        m.doc_chars.to_string(),
        String::new(),
        String::new(),
        String::new(),
    ]
}
