//! `dyad ingest`: run the pipeline over news input and keep the results in a dyad store.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use dyad_core::Document;
use dyad_ingest::text_fingerprint;
use dyad_store::{BatchOutcome, Store};

use crate::{EXIT_OK, EXIT_SKIPPED};

/// Run the pipeline over news input and store documents, entities, events and quotes in a store.
///
/// Inputs are read as by `dyad extract`. Each batch of documents is written in one transaction, so an
/// interrupted ingest (even kill -9) leaves the store consistent, and running the same command again
/// completes it: documents already stored (same id or same text) are skipped and counted. Events are
/// aggregated across articles as they are stored.
#[derive(clap::Args)]
#[command(after_help = crate::EXIT_CODES)]
pub struct Args {
    /// Files or folders to read; `-` or nothing reads stdin.
    pub inputs: Vec<PathBuf>,
    /// The store: an SQLite file, created if missing.
    #[arg(long)]
    pub db: PathBuf,
    /// Publication date (YYYY-MM-DD) for documents that carry none; relative dates resolve against it.
    #[arg(long, value_parser = crate::extract::parse_date)]
    pub date: Option<NaiveDate>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Documents per transaction: an interruption loses at most this many, which a re-run redoes.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// No progress bar and no summary line on stderr (errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub limits: crate::extract::Limits,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    crate::extract::init_threads(args.threads)?;
    let started = Instant::now();
    let pipeline = crate::pipeline::build()?;
    let store =
        RefCell::new(Store::open(&args.db).with_context(|| format!("cannot open the store {}", args.db.display()))?);
    let progress = crate::extract::progress_bar(args.quiet);
    // Stored before this run: seen before processing, or (a copy within one batch) when writing.
    let (mut added, mut known, mut known_in_batch) = (0usize, 0usize, 0usize);
    let read = crate::extract::run_batches(
        crate::extract::Input {
            inputs: &args.inputs,
            options: args.limits.read_options(),
            default_date: args.date,
            dedup: true,
        },
        args.batch.max(1),
        &pipeline,
        &progress,
        |doc| {
            let stored = store.borrow().contains(&doc.id, text_fingerprint(&doc.text))?;
            known += usize::from(stored);
            Ok(!stored)
        },
        |batch| {
            let outcome = store_batch(&mut store.borrow_mut(), batch)?;
            added += outcome.added;
            known_in_batch += outcome.skipped;
            progress.set_position(added as u64);
            Ok(())
        },
    )?;
    progress.finish_and_clear();

    if !args.quiet {
        let counts = store.borrow().counts()?;
        eprintln!(
            "dyad: stored {added} documents in {:.2}s; {} already in the store, {} duplicates, {} inputs \
             skipped; the store holds {} documents, {} events ({} aggregated), {} quotes",
            started.elapsed().as_secs_f64(),
            known + known_in_batch,
            read.duplicates,
            read.unreadable,
            counts.documents,
            counts.events,
            counts.aggregated_events,
            counts.quotes,
        );
    }
    Ok(if read.unreadable > 0 { EXIT_SKIPPED } else { EXIT_OK })
}

/// Stores a batch of processed documents in one transaction, each with its text fingerprint (which
/// recognises a document already stored under another id). `dyad serve` stores posted documents with it.
pub(crate) fn store_batch(store: &mut Store, batch: &[Document]) -> dyad_store::Result<BatchOutcome> {
    let fingerprints: Vec<u64> = batch.iter().map(|d| text_fingerprint(&d.text)).collect();
    store.insert_batch(batch.iter().zip(fingerprints))
}
