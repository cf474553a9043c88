//! `dyad query`: the analyst's questions over a store, as a table on a terminal and as JSON otherwise.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use dyad_store::{EventFilter, Grouping, Period, Range};
use serde::Serialize;
use serde_json::Value;

use crate::EXIT_OK;

/// Ask a store about actors, dyads, events, quotes and text.
///
/// Actor codes match by prefix: CHN matches CHNGOV and CHNMIL. Dates (--from, --to) are YYYY, YYYY-MM or
/// YYYY-MM-DD, both ends included. Counts are of events aggregated across articles (a story told by ten
/// articles counts once; `mentions` says how often it was reported). Output is a table when stdout is a
/// terminal, JSON otherwise (or with --json).
#[derive(clap::Args)]
#[command(after_help = crate::EXIT_CODES)]
pub struct Args {
    /// The store written by `dyad ingest`.
    #[arg(long, global = true, default_value = "dyad.db")]
    pub db: PathBuf,
    /// Print JSON even on a terminal.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Args)]
pub struct DateRange {
    /// First date included.
    #[arg(long, alias = "since")]
    pub from: Option<String>,
    /// Last date included.
    #[arg(long, alias = "until")]
    pub to: Option<String>,
}

impl DateRange {
    fn range(&self) -> Range {
        Range { from: self.from.clone(), to: self.to.clone() }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum By {
    Day,
    Month,
    Year,
}

#[derive(Subcommand)]
pub enum What {
    /// Time series of the events between two actors: counts by QuadClass, Goldstein sum and mean.
    Dyad {
        /// First actor (code prefix: GBR, CHNGOV).
        a: String,
        /// Second actor.
        b: String,
        #[arg(long, value_enum, default_value = "month")]
        by: By,
        /// Only events from A to B (default: both directions, one row each).
        #[arg(long)]
        directed: bool,
        #[command(flatten)]
        dates: DateRange,
    },
    /// The actors in most events, as source or target.
    #[command(alias = "top-actors")]
    Actors {
        /// Group by full actor code (GBRGOV) instead of country (GBR).
        #[arg(long)]
        codes: bool,
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[command(flatten)]
        dates: DateRange,
    },
    /// Directed actor pairs with their event counts, cooperation, conflict and mean Goldstein.
    Network {
        /// Group by full actor code instead of country.
        #[arg(long)]
        codes: bool,
        /// Leave out pairs with fewer events.
        #[arg(long, default_value_t = 1)]
        min: i64,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[command(flatten)]
        dates: DateRange,
    },
    /// Aggregated events, most reported first.
    Events {
        /// Source actor (code prefix).
        #[arg(long)]
        source: Option<String>,
        /// Target actor (code prefix).
        #[arg(long)]
        target: Option<String>,
        /// CAMEO code or root (prefix: 11 is every Disapprove event).
        #[arg(long, alias = "root")]
        code: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[command(flatten)]
        dates: DateRange,
    },
    /// Quotations, optionally only those of a speaker (part of the name, any case).
    Quotes {
        #[arg(long)]
        speaker: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Articles and quotations containing these words, as a phrase, best first.
    Search {
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
}

fn grouping(codes: bool) -> Grouping {
    if codes {
        Grouping::Code
    } else {
        Grouping::Country
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let store = crate::export::open_existing(&args.db)?;
    let rows = match args.what {
        What::Dyad { a, b, by, directed, dates } => {
            let by = match by {
                By::Day => Period::Day,
                By::Month => Period::Month,
                By::Year => Period::Year,
            };
            to_values(store.dyad_series(&a.to_uppercase(), &b.to_uppercase(), directed, by, &dates.range())?)?
        }
        What::Actors { codes, limit, dates } => to_values(store.top_actors(&dates.range(), grouping(codes), limit)?)?,
        What::Network { codes, min, limit, dates } => {
            to_values(store.network(&dates.range(), grouping(codes), min, limit)?)?
        }
        What::Events { source, target, code, limit, dates } => to_values(store.events(&EventFilter {
            source: source.map(|s| s.to_uppercase()),
            target: target.map(|s| s.to_uppercase()),
            code,
            range: dates.range(),
            limit,
        })?)?,
        What::Quotes { speaker, limit } => to_values(store.quotes(speaker.as_deref(), limit)?)?,
        What::Search { text, limit } => to_values(store.search(&text, limit)?)?,
    };
    let mut out = io::stdout().lock();
    if args.json || !io::stdout().is_terminal() {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &rows)?;
    }
    Ok(EXIT_OK)
}

fn to_values<T: Serialize>(rows: Vec<T>) -> serde_json::Result<Vec<Value>> {
    rows.into_iter().map(serde_json::to_value).collect()
}

/// Cell text: strings bare, floats to two decimals, lists comma-separated, nulls empty, long text cut to fit a terminal line.
fn cell(v: &Value) -> String {
    const WIDTH: usize = 60;
    let s = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_f64() => format!("{:.2}", n.as_f64().unwrap_or_default()),
        Value::Array(items) => {
            items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    };
    let s = s.replace(['\n', '\t'], " ");
    if s.chars().count() > WIDTH {
        s.chars().take(WIDTH - 1).chain(['…']).collect()
    } else {
        s
    }
}

fn write_table(out: &mut impl Write, rows: &[Value]) -> io::Result<()> {
    let Some(Value::Object(first)) = rows.first() else {
        return writeln!(out, "(no rows)");
    };
    let columns: Vec<&String> = first.keys().collect();
    let cells: Vec<Vec<String>> = rows.iter().map(|r| columns.iter().map(|c| cell(&r[c.as_str()])).collect()).collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| cells.iter().map(|r| r[i].chars().count()).chain([c.len()]).max().unwrap_or(0))
        .collect();
    let line = |out: &mut dyn Write, values: Vec<&str>| -> io::Result<()> {
        let padded: Vec<String> = values.iter().zip(&widths).map(|(v, w)| format!("{v:<w$}")).collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    line(out, columns.iter().map(|c| c.as_str()).collect())?;
    for r in &cells {
        line(out, r.iter().map(String::as_str).collect())?;
    }
    Ok(())
}
