//! `dyad bench STAGE FILE`: time one stage of the pipeline alone on contract JSONL input, on one thread.
//! The stages before it run first, untimed, so that the timed stage sees what it sees in `dyad extract`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;
use dyad_core::{Document, Stage};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub stage: BenchStage,
}

#[derive(Subcommand)]
pub enum BenchStage {
    /// Sentence splitting and tokenization.
    Tokenize(FileArgs),
    /// POS tagging, lemmas and dependency parsing (segmenting is not timed).
    Parse(FileArgs),
    /// Named entities with the gazetteer features (segmenting, tagging and parsing are not timed).
    Ner(FileArgs),
    /// Everything after NER: actors and coreference, dates, amounts, quotations and CAMEO events (the NLP
    /// stages are not timed).
    Events(FileArgs),
}

#[derive(clap::Args)]
pub struct FileArgs {
    /// Contract JSONL documents ({"id", "text"} per line).
    pub file: PathBuf,
}

impl BenchStage {
    fn file(&self) -> &PathBuf {
        match self {
            BenchStage::Tokenize(a) | BenchStage::Parse(a) | BenchStage::Ner(a) | BenchStage::Events(a) => &a.file,
        }
    }

    /// Its place in the pipeline: stages run in this order.
    fn rank(&self) -> u8 {
        match self {
            BenchStage::Tokenize(_) => 0,
            BenchStage::Parse(_) => 1,
            BenchStage::Ner(_) => 2,
            BenchStage::Events(_) => 3,
        }
    }

    fn name(&self) -> &'static str {
        ["tokenize", "tag+parse", "ner", "events"][usize::from(self.rank())]
    }
}

/// The stages of one benchmark group, loaded.
fn load_group(rank: u8) -> anyhow::Result<Vec<Box<dyn Stage>>> {
    Ok(match rank {
        0 => vec![Box::new(dyad_nlp::segment::Segmenter)],
        1 => vec![Box::new(dyad_nlp::tagger::Tagger::embedded()?), Box::new(dyad_nlp::parser::Parser::embedded()?)],
        2 => {
            let gazetteer = dyad_actors::ActorStage::new().gazetteer();
            vec![Box::new(dyad_nlp::ner::NerStage::new(dyad_nlp::ner::NerModel::embedded()?, Some(gazetteer)))]
        }
        _ => vec![
            Box::new(dyad_actors::ActorStage::new()),
            Box::new(dyad_actors::DateStage),
            Box::new(dyad_actors::AmountStage),
            Box::new(dyad_events::quotes::QuoteFinder),
            Box::new(dyad_events::EventCoder::new()?),
        ],
    })
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let stage = args.stage;
    let file = stage.file();
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut docs: Vec<Document> = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let doc =
            dyad_core::contract::parse_input_line(line).with_context(|| format!("{}:{}", file.display(), i + 1))?;
        docs.push(doc);
    }
    // The stages before the timed one, untimed.
    for rank in 0..stage.rank() {
        for s in load_group(rank)? {
            docs.iter_mut().for_each(|d| s.annotate(d));
        }
    }
    let loading = Instant::now();
    let timed = load_group(stage.rank())?;
    let load_secs = loading.elapsed().as_secs_f64();

    let started = Instant::now();
    let cpu_before = crate::eval_ud::thread_cpu_time();
    for doc in &mut docs {
        for s in &timed {
            s.annotate(doc);
        }
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    // CPU time of this thread as well: on a loaded machine wall time counts other processes' turns.
    let cpu_secs = crate::eval_ud::thread_cpu_time()
        .zip(cpu_before)
        .map_or(secs, |(after, before)| after.saturating_sub(before).as_secs_f64().max(1e-9));
    let words: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let speed = (words as f64 / secs).round();
    let cpu_speed = (words as f64 / cpu_secs).round();
    let name = stage.name();
    println!(
        "{} documents, {words} tokens: {name} in {secs:.2}s ({cpu_secs:.2}s CPU), {speed} words/s, \
         {cpu_speed} words/CPU-s on one thread",
        docs.len()
    );
    println!("{name}: models and dictionaries loaded in {load_secs:.3}s");
    println!(
        "{}",
        json!({"stage": name, "documents": docs.len(), "words": words, "seconds": secs,
               "words_per_second": speed, "cpu_seconds": cpu_secs, "words_per_cpu_second": cpu_speed,
               "model_load_seconds": load_secs})
    );
    Ok(crate::EXIT_OK)
}
