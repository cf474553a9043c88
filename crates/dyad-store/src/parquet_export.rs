//! Parquet export: `events/` and `mentions/` datasets, Hive-partitioned by month of the event date
//! (`events/month=2005-03/part-0.parquet`; events of unknown month in `month=__HIVE_DEFAULT_PARTITION__`),
//! and `entities/` and `quotes/`, partitioned by month of their article's publication date;
//! Snappy-compressed. Rows are streamed in date order, so one partition is open at a time.
//! The column schema is documented in the crate README (section SCHEMA).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::export::{code_levels, EventRow, MentionRow};
use crate::{Result, Store};

/// Rows per record batch (and so per Parquet row group at most).
const BATCH_ROWS: usize = 8192;

/// Hive's name for the partition of rows whose key is null.
const UNKNOWN_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

pub(crate) fn events_schema() -> SchemaRef {
    let s = |name: &str| Field::new(name, DataType::Utf8, false);
    let i = |name: &str| Field::new(name, DataType::Int64, false);
    Arc::new(Schema::new(vec![
        i("global_event_id"),
        Field::new("date", DataType::Utf8, true),
        Field::new("day", DataType::Date32, true),
        s("source_code"),
        s("source_name"),
        s("target_code"),
        s("target_name"),
        s("event_code"),
        s("event_base_code"),
        s("event_root_code"),
        Field::new("quad_class", DataType::Int32, false),
        Field::new("goldstein", DataType::Float64, false),
        i("num_mentions"),
        i("num_sources"),
        i("num_articles"),
        Field::new("is_root", DataType::Boolean, false),
        s("date_added"),
        s("source_url"),
    ]))
}

pub(crate) fn mentions_schema() -> SchemaRef {
    let s = |name: &str| Field::new(name, DataType::Utf8, false);
    let i = |name: &str| Field::new(name, DataType::Int64, false);
    Arc::new(Schema::new(vec![
        i("global_event_id"),
        Field::new("date", DataType::Utf8, true),
        s("doc_id"),
        Field::new("url", DataType::Utf8, true),
        s("source"),
        s("date_added"),
        Field::new("sentence", DataType::Int32, false),
        Field::new("actor1_offset", DataType::Int64, true),
        Field::new("actor2_offset", DataType::Int64, true),
        i("action_offset"),
        s("trigger"),
        s("modality"),
        Field::new("confidence", DataType::Int32, false),
        i("doc_chars"),
    ]))
}

pub(crate) fn entities_schema() -> SchemaRef {
    let s = |name: &str| Field::new(name, DataType::Utf8, false);
    let o = |name: &str| Field::new(name, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        s("doc_id"),
        o("date"),
        Field::new("entity", DataType::Int32, false),
        s("name"),
        s("kind"),
        o("actor_code"),
        o("actor_name"),
        o("country"),
        Field::new("num_mentions", DataType::Int64, false),
    ]))
}

pub(crate) fn quotes_schema() -> SchemaRef {
    let s = |name: &str| Field::new(name, DataType::Utf8, false);
    let o = |name: &str| Field::new(name, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        s("doc_id"),
        o("date"),
        Field::new("quote", DataType::Int32, false),
        Field::new("sentence", DataType::Int32, false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        s("text"),
        s("kind"),
        o("speaker_text"),
        o("speaker_name"),
        o("cue"),
        Field::new("via", DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))), false),
    ]))
}

/// One entity of a stored article.
struct EntityRow {
    doc_id: String,
    date: Option<String>,
    entity: i32,
    name: String,
    kind: String,
    actor_code: Option<String>,
    actor_name: Option<String>,
    country: Option<String>,
    num_mentions: i64,
}

/// One quotation of a stored article.
struct QuoteRow {
    doc_id: String,
    date: Option<String>,
    quote: i32,
    sentence: i32,
    start: i64,
    end: i64,
    text: String,
    kind: String,
    speaker_text: Option<String>,
    speaker_name: Option<String>,
    cue: Option<String>,
    via: Vec<String>,
}

fn opt_strs<R>(rows: &[R], f: fn(&R) -> Option<&str>) -> ArrayRef {
    Arc::new(StringArray::from_iter(rows.iter().map(f)))
}

fn entities_batch(rows: &[EntityRow], schema: &SchemaRef) -> Result<RecordBatch> {
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(rows.iter().map(|r| &r.doc_id))),
        opt_strs(rows, |r| r.date.as_deref()),
        Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.entity))),
        Arc::new(StringArray::from_iter_values(rows.iter().map(|r| &r.name))),
        Arc::new(StringArray::from_iter_values(rows.iter().map(|r| &r.kind))),
        opt_strs(rows, |r| r.actor_code.as_deref()),
        opt_strs(rows, |r| r.actor_name.as_deref()),
        opt_strs(rows, |r| r.country.as_deref()),
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.num_mentions))),
    ];
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

fn quotes_batch(rows: &[QuoteRow], schema: &SchemaRef) -> Result<RecordBatch> {
    let mut via = ListBuilder::new(StringBuilder::new());
    for r in rows {
        for v in &r.via {
            via.values().append_value(v);
        }
        via.append(true);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(rows.iter().map(|r| &r.doc_id))),
        opt_strs(rows, |r| r.date.as_deref()),
        Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.quote))),
        Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.sentence))),
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.start))),
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.end))),
        Arc::new(StringArray::from_iter_values(rows.iter().map(|r| &r.text))),
        Arc::new(StringArray::from_iter_values(rows.iter().map(|r| &r.kind))),
        opt_strs(rows, |r| r.speaker_text.as_deref()),
        opt_strs(rows, |r| r.speaker_name.as_deref()),
        opt_strs(rows, |r| r.cue.as_deref()),
        Arc::new(via.finish()),
    ];
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

fn day_number(date: &str) -> Option<i32> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some((d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days() as i32)
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn events_batch(rows: &[EventRow], schema: &SchemaRef) -> Result<RecordBatch> {
    let strs = |f: fn(&EventRow) -> &str| -> ArrayRef { Arc::new(StringArray::from_iter_values(rows.iter().map(f))) };
    let ints = |f: fn(&EventRow) -> i64| -> ArrayRef { Arc::new(Int64Array::from_iter_values(rows.iter().map(f))) };
    let columns: Vec<ArrayRef> = vec![
        ints(|r| r.id),
        Arc::new(StringArray::from_iter(rows.iter().map(|r| non_empty(&r.date)))),
        Arc::new(Date32Array::from_iter(rows.iter().map(|r| day_number(&r.date)))),
        strs(|r| &r.source_code),
        strs(|r| &r.source_name),
        strs(|r| &r.target_code),
        strs(|r| &r.target_name),
        strs(|r| code_levels(&r.code).0),
        strs(|r| code_levels(&r.code).1),
        strs(|r| code_levels(&r.code).2),
        Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.quad_class as i32))),
        Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.goldstein))),
        ints(|r| r.num_mentions),
        ints(|r| r.num_sources),
        ints(|r| r.num_articles),
        Arc::new(BooleanArray::from_iter(rows.iter().map(|r| Some(r.is_root)))),
        strs(|r| &r.added),
        strs(|r| &r.source_url),
    ];
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

fn mentions_batch(rows: &[MentionRow], schema: &SchemaRef) -> Result<RecordBatch> {
    let strs = |f: fn(&MentionRow) -> &str| -> ArrayRef { Arc::new(StringArray::from_iter_values(rows.iter().map(f))) };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.event_id))),
        Arc::new(StringArray::from_iter(rows.iter().map(|r| non_empty(&r.date)))),
        strs(|r| &r.doc_id),
        Arc::new(StringArray::from_iter(rows.iter().map(|r| r.url.as_deref()))),
        strs(|r| &r.source),
        strs(|r| &r.mention_added),
        Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.sentence as i32))),
        Arc::new(Int64Array::from_iter(rows.iter().map(|r| r.source_offset))),
        Arc::new(Int64Array::from_iter(rows.iter().map(|r| r.target_offset))),
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.trigger_offset))),
        strs(|r| &r.trigger),
        strs(|r| &r.modality),
        Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.confidence as i32))),
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.doc_chars))),
    ];
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

fn month_of(date: &str) -> &str {
    match date.get(..7) {
        Some(m) if m.as_bytes()[4] == b'-' => m,
        _ => UNKNOWN_PARTITION,
    }
}

/// Articles in partition order (month of the publication date, undated ones in the default partition
/// that sorts last), then by date and id.
const DOC_ORDER: &str = "d.date IS NULL, substr(d.date, 1, 7), d.date, d.id";

/// Writes rows arriving in partition order into `dir/month=.../part-0.parquet` files.
struct PartitionedWriter<R> {
    dir: PathBuf,
    schema: SchemaRef,
    to_batch: fn(&[R], &SchemaRef) -> Result<RecordBatch>,
    open: Option<(String, ArrowWriter<File>)>,
    rows: Vec<R>,
    written: Vec<PathBuf>,
}

impl<R> PartitionedWriter<R> {
    fn new(dir: PathBuf, schema: SchemaRef, to_batch: fn(&[R], &SchemaRef) -> Result<RecordBatch>) -> Self {
        PartitionedWriter { dir, schema, to_batch, open: None, rows: Vec::new(), written: Vec::new() }
    }

    fn push(&mut self, month: &str, row: R) -> Result<()> {
        if self.open.as_ref().is_none_or(|(m, _)| m != month) {
            self.close_partition()?;
            let folder = self.dir.join(format!("month={month}"));
            std::fs::create_dir_all(&folder)?;
            let path = folder.join("part-0.parquet");
            let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
            let writer = ArrowWriter::try_new(File::create(&path)?, self.schema.clone(), Some(props))?;
            self.written.push(path);
            self.open = Some((month.to_owned(), writer));
        }
        self.rows.push(row);
        if self.rows.len() == BATCH_ROWS {
            self.flush_rows()?;
        }
        Ok(())
    }

    fn flush_rows(&mut self) -> Result<()> {
        if let (Some((_, writer)), false) = (self.open.as_mut(), self.rows.is_empty()) {
            writer.write(&(self.to_batch)(&self.rows, &self.schema)?)?;
            self.rows.clear();
        }
        Ok(())
    }

    fn close_partition(&mut self) -> Result<()> {
        self.flush_rows()?;
        if let Some((_, writer)) = self.open.take() {
            writer.close()?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<PathBuf>> {
        self.close_partition()?;
        Ok(self.written)
    }
}

impl Store {
    /// Writes the `events/` and `mentions/` Parquet datasets under `dir`; returns the files written.
    pub fn export_parquet(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut events = PartitionedWriter::new(dir.join("events"), events_schema(), events_batch);
        self.each_event(true, |e| {
            let month = month_of(&e.date).to_owned();
            events.push(&month, e)
        })?;
        let mut files = events.finish()?;
        let mut mentions = PartitionedWriter::new(dir.join("mentions"), mentions_schema(), mentions_batch);
        self.each_mention(true, |m| {
            let month = month_of(&m.date).to_owned();
            mentions.push(&month, m)
        })?;
        files.extend(mentions.finish()?);
        files.extend(self.export_entities(dir)?);
        files.extend(self.export_quotes(dir)?);
        Ok(files)
    }

    fn export_entities(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut out = PartitionedWriter::new(dir.join("entities"), entities_schema(), entities_batch);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT d.id, d.date, n.idx, n.name, n.kind, n.actor_code, n.actor_name, n.country,
                (SELECT count(*) FROM mentions m WHERE m.doc = n.doc AND m.entity = n.idx)
             FROM entities n JOIN documents d ON d.key = n.doc
             ORDER BY {DOC_ORDER}, n.idx"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let row = EntityRow {
                doc_id: r.get(0)?,
                date: r.get(1)?,
                entity: r.get(2)?,
                name: r.get(3)?,
                kind: r.get(4)?,
                actor_code: r.get(5)?,
                actor_name: r.get(6)?,
                country: r.get(7)?,
                num_mentions: r.get(8)?,
            };
            let month = month_of(row.date.as_deref().unwrap_or("")).to_owned();
            out.push(&month, row)?;
        }
        out.finish()
    }

    fn export_quotes(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut out = PartitionedWriter::new(dir.join("quotes"), quotes_schema(), quotes_batch);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT d.id, d.date, q.idx, q.sentence, q.start, q.end, q.text, q.kind, q.speaker_text,
                q.speaker_name, q.cue, q.via
             FROM quotes q JOIN documents d ON d.key = q.doc
             ORDER BY {DOC_ORDER}, q.idx"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let via: String = r.get(11)?;
            let row = QuoteRow {
                doc_id: r.get(0)?,
                date: r.get(1)?,
                quote: r.get(2)?,
                sentence: r.get(3)?,
                start: r.get(4)?,
                end: r.get(5)?,
                text: r.get(6)?,
                kind: r.get(7)?,
                speaker_text: r.get(8)?,
                speaker_name: r.get(9)?,
                cue: r.get(10)?,
                via: serde_json::from_str(&via)?,
            };
            let month = month_of(row.date.as_deref().unwrap_or("")).to_owned();
            out.push(&month, row)?;
        }
        out.finish()
    }
}
