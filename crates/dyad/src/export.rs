//! `dyad export`: the aggregated events of a store as JSONL, CSV, Parquet or GDELT 2.0 tables.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::ValueEnum;
use dyad_store::{ExportFormat, ExportTable, Store};

use crate::EXIT_OK;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line (events with their mentions nested, or mentions).
    Jsonl,
    /// Comma-separated, with a header row.
    Csv,
    /// Folder of Parquet datasets `events/`, `mentions/`, `entities/` and `quotes/`, partitioned by month (`month=YYYY-MM`).
    Parquet,
    /// Folder with the GDELT 2.0 Events (`dyad.export.CSV`, 61 columns) and Mentions (`dyad.mentions.CSV`) tables.
    Gdelt,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Table {
    /// One row per aggregated event.
    Events,
    /// One row per mention of an aggregated event in an article.
    Mentions,
}

/// Export the events of a store, aggregated across articles, with their mentions.
///
/// JSONL and CSV write one table to --out (a file) or stdout; Parquet and GDELT write both tables into
/// the folder --out.
#[derive(clap::Args)]
#[command(after_help = crate::EXIT_CODES)]
pub struct Args {
    /// The store written by `dyad ingest`.
    #[arg(long)]
    pub db: PathBuf,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Which table JSONL and CSV write.
    #[arg(long, value_enum, default_value = "events")]
    pub table: Table,
    /// Output file (JSONL, CSV; default stdout) or folder (Parquet, GDELT; required).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// Opens an existing store: exporting or querying a path that holds none is a mistake, not an empty store.
pub(crate) fn open_existing(db: &Path) -> anyhow::Result<Store> {
    if !db.is_file() {
        bail!("no store at {} (create one with `dyad ingest --db {0}`)", db.display());
    }
    Store::open(db).with_context(|| format!("cannot open the store {}", db.display()))
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let store = open_existing(&args.db)?;
    let table = match args.table {
        Table::Events => ExportTable::Events,
        Table::Mentions => ExportTable::Mentions,
    };
    let folder = || args.out.as_deref().context("--out FOLDER is required for Parquet and GDELT exports");
    let files = match args.format {
        Format::Parquet => store.export_parquet(folder()?)?,
        Format::Gdelt => store.export_gdelt(folder()?)?,
        Format::Jsonl | Format::Csv => {
            let format = if args.format == Format::Jsonl { ExportFormat::Jsonl } else { ExportFormat::Csv };
            let mut out: Box<dyn Write> = match &args.out {
                Some(p) => Box::new(BufWriter::new(
                    std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
                )),
                None => Box::new(BufWriter::new(io::stdout().lock())),
            };
            store.export_table(format, table, &mut out)?;
            out.flush().context("writing the export")?;
            args.out.into_iter().collect()
        }
    };
    for f in files {
        eprintln!("dyad: wrote {}", f.display());
    }
    Ok(EXIT_OK)
}
