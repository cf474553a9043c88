//! `dyad extract`: read inputs, run the pipeline on each document, write one result per document.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;
use dyad_core::{Document, Pipeline};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::{EXIT_OK, EXIT_SKIPPED};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per document, as in the extraction contract.
    Jsonl,
    /// One tab-separated row per event, with a header row.
    Tsv,
}

/// Run the whole pipeline over news input and print the results.
///
/// Inputs are files or folders (searched recursively) of plain text, HTML, RSS/Atom feeds, WARC archives
/// (gzipped or not) and JSONL documents ({"id", "text", "date", "title", "url", "source"}); the format is
/// detected from the content. With no input, or `-`, dyad reads stdin. A document whose text was already
/// seen in this run is skipped and counted. An unreadable input is reported on stderr with its file and
/// line or record, and the run goes on (exit status 3).
#[derive(clap::Args)]
#[command(after_help = crate::EXIT_CODES)]
pub struct Args {
    /// Files or folders to read; `-` or nothing reads stdin.
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Publication date (YYYY-MM-DD) for documents that carry none; relative dates resolve against it.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Write results here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// No progress bar and no summary line on stderr (errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
    /// Add each document's sentences and tokens (tag, lemma, head, relation) to the JSONL output.
    #[arg(long)]
    pub tokens: bool,
    /// PETRARCH or TABARI dictionaries whose verb patterns code events beside dyad's own coder.
    #[command(flatten)]
    pub dictionaries: crate::eval_petrarch::DictionaryArgs,
    /// The coder the loaded dictionaries were written for: TABARI reads a phrase's last word as a stem.
    #[arg(long, value_enum, default_value = "petrarch")]
    pub dictionary_format: DictionaryFormat,
    /// Code events with the loaded dictionaries only, not with dyad's own.
    #[arg(long, requires = "verbs")]
    pub only_loaded_dictionaries: bool,
    /// Skip a document whose text was already seen in this run (the same words up to case, spacing and
    /// punctuation), as `dyad ingest` always does; without it every input document gets its result.
    #[arg(long)]
    pub dedup: bool,
    #[command(flatten)]
    pub limits: Limits,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DictionaryFormat {
    Petrarch,
    Tabari,
}

/// Bounds on what one document may cost.
#[derive(clap::Args)]
pub struct Limits {
    /// Largest document read, in bytes as stored once gzip is undone (K, M, G suffixes): a larger file,
    /// JSONL line or WARC page is reported with its name and skipped. Memory use grows with it.
    #[arg(long, value_parser = dyad_ingest::parse_bytes, default_value = "16M")]
    pub max_doc_bytes: u64,
}

impl Limits {
    pub(crate) fn read_options(&self) -> dyad_ingest::ReadOptions {
        dyad_ingest::ReadOptions { max_doc_bytes: self.max_doc_bytes }
    }
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("expected YYYY-MM-DD, got {s:?}"))
}

/// Documents processed together: large enough to keep every core busy, small enough to stream.
const BATCH: usize = 256;

/// Text held in one batch, whatever its number of documents: with the cap on one document, what bounds
/// the memory a run needs (a batch of large documents is processed as soon as it reaches this).
const BATCH_BYTES: usize = 8 << 20;

pub(crate) fn init_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global().context("starting worker threads")?;
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    init_threads(args.threads)?;
    let started = Instant::now();
    let loaded = if args.dictionaries.is_empty() {
        None
    } else {
        let dialect = match args.dictionary_format {
            DictionaryFormat::Petrarch => dyad_actors::petrarch::Dialect::Petrarch,
            DictionaryFormat::Tabari => dyad_actors::petrarch::Dialect::Tabari,
        };
        Some(args.dictionaries.load(dialect)?)
    };
    let pipeline = crate::pipeline::build_with(loaded, !args.only_loaded_dictionaries)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create output file {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    if args.format == Format::Tsv {
        writeln!(out, "{}", TSV_HEADER.join("\t"))?;
    }

    let progress = progress_bar(args.quiet);
    let (mut docs, mut words) = (0usize, 0usize);
    let read = run_batches(
        Input { inputs: &args.inputs, options: args.limits.read_options(), default_date: args.date, dedup: args.dedup },
        BATCH,
        &pipeline,
        &progress,
        |_| Ok(true),
        |batch| {
            for doc in batch.drain(..) {
                docs += 1;
                words += doc.word_count();
                write_doc(&mut out, &doc, args.format, args.tokens)?;
            }
            progress.set_position(docs as u64);
            progress.set_message(format!("{words} words"));
            Ok(())
        },
    )?;
    out.flush().context("writing output")?;
    progress.finish_and_clear();

    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "dyad: {docs} documents, {words} words in {secs:.2}s ({:.0} words/s); {} duplicates skipped; {} inputs skipped",
            words as f64 / secs.max(1e-9),
            read.duplicates,
            read.unreadable,
        );
    }
    Ok(if read.unreadable > 0 { EXIT_SKIPPED } else { EXIT_OK })
}

/// What to read, and how.
pub(crate) struct Input<'a> {
    pub inputs: &'a [PathBuf],
    pub options: dyad_ingest::ReadOptions,
    /// The publication date of documents that carry none.
    pub default_date: Option<NaiveDate>,
    /// Skip texts already seen in this run.
    pub dedup: bool,
}

/// What reading the inputs skipped.
pub(crate) struct ReadCounts {
    /// Texts already seen in this run.
    pub duplicates: usize,
    /// Inputs that could not be read (each reported on stderr).
    pub unreadable: usize,
}

/// Reads `inputs` in order, dates undated documents with `default_date`, runs the pipeline over batches
/// of `batch_size` documents (fewer when their text reaches [`BATCH_BYTES`]) and hands each processed
/// batch to `sink`, in order. With `dedup`, a text already seen in this run is skipped; so is a document
/// `wanted` declines (before it is processed); an unreadable input is reported on stderr and the reading
/// goes on. With more than one worker thread, this thread hands the previous batch to `sink` and reads the
/// next one while the workers process the current one, so that reading and writing, which only this
/// thread does, do not leave the workers waiting.
pub(crate) fn run_batches(
    Input { inputs, options, default_date, dedup: skip_seen }: Input<'_>,
    batch_size: usize,
    pipeline: &Pipeline,
    progress: &ProgressBar,
    mut wanted: impl FnMut(&Document) -> anyhow::Result<bool>,
    mut sink: impl FnMut(&mut Vec<Document>) -> anyhow::Result<()>,
) -> anyhow::Result<ReadCounts> {
    size_progress(progress, inputs);
    let mut dedup = dyad_ingest::Dedup::default();
    let mut unreadable = 0;
    let mut reader = dyad_ingest::read_inputs_with(inputs, options);
    let mut read_batch = || -> anyhow::Result<Vec<Document>> {
        let (mut batch, mut batch_bytes) = (Vec::with_capacity(batch_size), 0);
        while batch.len() < batch_size && batch_bytes < BATCH_BYTES {
            match reader.next() {
                None => break,
                Some(Ok(mut doc)) => {
                    if (skip_seen && !dedup.first_time(&doc)) || !wanted(&doc)? {
                        // The bar counts documents to process: one skipped shortens it.
                        progress.dec_length(1);
                        continue;
                    }
                    if doc.date.is_none() {
                        doc.date = default_date;
                    }
                    batch_bytes += doc.text.len();
                    batch.push(doc);
                }
                Some(Err(e)) => {
                    unreadable += 1;
                    progress.dec_length(1);
                    progress.suspend(|| eprintln!("dyad: skipped {e}"));
                }
            }
        }
        Ok(batch)
    };
    let overlap = rayon::current_num_threads() > 1;
    let mut batch = read_batch()?;
    // A processed batch not yet handed to `sink`.
    let mut processed: Option<Vec<Document>> = None;
    while !batch.is_empty() {
        let next = if overlap {
            std::thread::scope(|scope| {
                let workers = scope.spawn(|| process(pipeline, &mut batch));
                let next = processed.take().map_or(Ok(()), |mut done| sink(&mut done)).and_then(|()| read_batch());
                if let Err(panic) = workers.join() {
                    std::panic::resume_unwind(panic);
                }
                next
            })?
        } else {
            process(pipeline, &mut batch);
            sink(&mut batch)?;
            read_batch()?
        };
        let done = std::mem::replace(&mut batch, next);
        if overlap {
            processed = Some(done);
        }
    }
    if let Some(mut done) = processed {
        sink(&mut done)?;
    }
    Ok(ReadCounts { duplicates: dedup.skipped, unreadable })
}

fn process(pipeline: &Pipeline, batch: &mut [Document]) {
    batch.par_iter_mut().for_each(|doc| pipeline.run(doc));
}

pub(crate) fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} documents, {msg} [{elapsed_precise}, {per_sec}]")
            .expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Below this many documents a progress bar would only flicker.
const FEW_DOCUMENTS: u64 = 20;

/// Turns the spinner into a bar with a length when the inputs can be counted up front (files and folders
/// of text, HTML or JSONL; not stdin, feeds or archives), and hides it for a handful of documents.
fn size_progress(progress: &ProgressBar, inputs: &[PathBuf]) {
    if progress.is_hidden() {
        return;
    }
    match dyad_ingest::count_hint(inputs) {
        Some(n) if n <= FEW_DOCUMENTS => progress.set_draw_target(ProgressDrawTarget::hidden()),
        Some(n) => {
            progress.set_length(n);
            progress.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {msg} [{elapsed_precise}, ETA {eta}]")
                    .expect("valid template"),
            );
        }
        None => {}
    }
}

const TSV_HEADER: [&str; 14] = [
    "doc_id",
    "sentence",
    "date",
    "source",
    "source_text",
    "target",
    "target_text",
    "code",
    "root",
    "goldstein",
    "quad_class",
    "plover",
    "negated",
    "modality",
];

fn write_doc(out: &mut Box<dyn Write>, doc: &Document, format: Format, tokens: bool) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            // What the store keeps beside the layers, so that a consumer of this output alone (the Spark
            // job in spark/) can deduplicate across runs and fill GDELT's document length as the store does.
            #[derive(serde::Serialize)]
            struct Extra {
                chars: usize,
                fingerprint: String,
                #[serde(skip_serializing_if = "Option::is_none")]
                sentences: Option<serde_json::Value>,
            }
            let extra = Extra {
                chars: doc.text.chars().count(),
                fingerprint: format!("{:016x}", dyad_ingest::text_fingerprint(&doc.text)),
                sentences: tokens.then(|| dyad_core::contract::sentences_json(doc)),
            };
            dyad_core::contract::write_json(doc, &extra, &mut *out)?;
            writeln!(out)
        }
        Format::Tsv => {
            let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
            for e in &doc.events {
                let actor = |a: &Option<dyad_core::EventActor>| match a {
                    Some(a) => (a.code.clone(), clean(doc.slice(a.span))),
                    None => (String::new(), String::new()),
                };
                let (s, st) = actor(&e.source);
                let (t, tt) = actor(&e.target);
                let modality = serde_json::to_value(e.modality).ok().and_then(|v| v.as_str().map(String::from));
                writeln!(
                    out,
                    "{}\t{}\t{}\t{s}\t{st}\t{t}\t{tt}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    clean(&doc.id),
                    e.sentence,
                    e.date.as_deref().unwrap_or(""),
                    e.code,
                    e.root(),
                    e.goldstein,
                    e.quad_class,
                    e.plover.as_ref().map_or("", |p| p.event.as_str()),
                    e.negated,
                    modality.unwrap_or_default(),
                )?;
            }
            Ok(())
        }
    }
}
