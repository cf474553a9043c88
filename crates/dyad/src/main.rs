//! The `dyad` command: argument parsing, progress and wiring. The work happens in the library crates.

/// mimalloc instead of the system allocator: the stages allocate many small strings and vectors per
/// document, and glibc's malloc and free took about a tenth of `dyad extract`'s instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod eval;
mod eval_petrarch;
mod eval_ud;
mod export;
mod extract;
mod ingest_cmd;
mod ner_cmd;
mod pipeline;
mod query;
mod serve;
mod train;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status when every input was processed.
pub const EXIT_OK: u8 = 0;
/// Exit status when dyad could not do its job at all (unwritable output, missing model, ...).
pub const EXIT_ERROR: u8 = 1;
/// Exit status for a command line clap rejects (clap's own convention).
pub const EXIT_USAGE: u8 = 2;
/// Exit status when the run finished but some input was skipped (each skip reported on stderr).
pub const EXIT_SKIPPED: u8 = 3;

const EXIT_CODES: &str = "\
Exit status:
  0  every input was processed
  1  error: nothing useful was done (unreadable output, broken model, ...)
  2  bad command line
  3  the run finished, but some inputs were skipped (one line each on stderr)";

#[derive(Parser)]
#[command(
    name = "dyad",
    version,
    about = "News in, event data out: who did what to whom, when and where, and who said so.",
    long_about = "dyad reads news (plain text, HTML, RSS/Atom, WARC, JSONL) and codes the events in it with \
CAMEO and PLOVER: source and target actors, event code, Goldstein scale and QuadClass, with negated and \
hypothetical events flagged, plus entities, coreference, dates, amounts and quotations with their speakers.",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(extract::Args),
    /// Run the pipeline and keep the results in a store (SQLite), aggregating events across articles.
    Ingest(ingest_cmd::Args),
    /// Export a store's events as JSONL, CSV, Parquet or GDELT 2.0 tables.
    Export(export::Args),
    /// Ask a store: dyad time series, top actors, actor network, events, quotes, full-text search.
    Query(query::Args),
    /// Serve a store over HTTP: JSON API and dashboard.
    Serve(serve::Args),
    /// Measure a stage against gold data.
    Eval(eval::Args),
    /// Train a model from treebanks.
    Train(train::Args),
    /// Time one stage alone on one thread.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => ingest_cmd::run(args),
        Command::Export(args) => export::run(args),
        Command::Query(args) => query::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Train(args) => train::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
