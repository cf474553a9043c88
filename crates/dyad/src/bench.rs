//! `dyad bench STAGE FILE`: time one stage alone on contract JSONL input, on one thread.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;
use dyad_core::{Document, Stage};
use dyad_nlp::parser::Parser;
use dyad_nlp::tagger::Tagger;
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub stage: BenchStage,
}

#[derive(Subcommand)]
pub enum BenchStage {
    /// POS tagging, lemmas and dependency parsing of segmented documents (segmenting is not timed).
    Parse(FileArgs),
}

#[derive(clap::Args)]
pub struct FileArgs {
    /// Contract JSONL documents ({"id", "text"} per line).
    pub file: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let BenchStage::Parse(a) = args.stage;
    let text = std::fs::read_to_string(&a.file).with_context(|| format!("cannot read {}", a.file.display()))?;
    let mut docs: Vec<Document> = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let doc =
            dyad_core::contract::parse_input_line(line).with_context(|| format!("{}:{}", a.file.display(), i + 1))?;
        docs.push(doc);
    }
    let segmenter = dyad_nlp::segment::Segmenter;
    docs.iter_mut().for_each(|d| segmenter.annotate(d));
    let loading = Instant::now();
    let (tagger, parser) = (Tagger::embedded()?, Parser::embedded()?);
    let load_secs = loading.elapsed().as_secs_f64();

    let started = Instant::now();
    let cpu_before = crate::eval_ud::thread_cpu_time();
    for doc in &mut docs {
        tagger.annotate(doc);
        parser.annotate(doc);
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    // CPU time of this thread as well: on a loaded machine wall time counts other processes' turns.
    let cpu_secs = crate::eval_ud::thread_cpu_time()
        .zip(cpu_before)
        .map_or(secs, |(after, before)| after.saturating_sub(before).as_secs_f64().max(1e-9));
    let words: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let speed = (words as f64 / secs).round();
    let cpu_speed = (words as f64 / cpu_secs).round();
    println!(
        "{} documents, {words} tokens: tag + parse in {secs:.2}s ({cpu_secs:.2}s CPU), {speed} words/s, \
         {cpu_speed} words/CPU-s on one thread",
        docs.len()
    );
    println!("models loaded in {load_secs:.3}s");
    println!(
        "{}",
        json!({"documents": docs.len(), "words": words, "seconds": secs, "words_per_second": speed,
               "cpu_seconds": cpu_secs, "words_per_cpu_second": cpu_speed, "model_load_seconds": load_secs})
    );
    Ok(crate::EXIT_OK)
}
