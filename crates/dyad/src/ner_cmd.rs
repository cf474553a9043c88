//! `dyad train ner` and `dyad eval ner`: the NER model from UNER IOB2 files, with the gazetteer of
//! dyad-actors as features.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use dyad_nlp::ner::{self, Gazetteer, NerModel};

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Training files (IOB2, UNER format: index, word, tag). OTH and B-O tags count as O.
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// GUM treebanks (CoNLL-U with the entity layer) whose person, place and organization names are
    /// added to the training data; only the commercially free genres unless --all-genres.
    #[arg(long, num_args = 1..)]
    pub gum: Vec<PathBuf>,
    /// Also train on GUM genres whose texts are not free for commercial use.
    #[arg(long)]
    pub all_genres: bool,
    /// Development file: its strict F1 is printed after training.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Gold file (IOB2, UNER format).
    #[arg(long)]
    pub iob2: PathBuf,
}

/// The gazetteer the model's features were trained with.
pub fn gazetteer() -> Arc<dyad_actors::gazetteer::Gazetteer> {
    Arc::new(dyad_actors::gazetteer::Gazetteer::new(&dyad_actors::dictionary::Dictionary::embedded()))
}

fn print_scores(what: &str, (p, r, f): (f64, f64, f64)) {
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    eprintln!("dyad: {what}");
    println!("{}", serde_json::json!({"precision": round2(p), "recall": round2(r), "f1": round2(f)}));
}

pub fn train(a: TrainArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let mut data = Vec::new();
    for p in &a.train {
        data.extend(ner::read_iob2(p)?);
    }
    for p in &a.gum {
        data.extend(ner::read_gum(p, a.all_genres)?);
    }
    let gaz = gazetteer();
    let g: &dyn Gazetteer = &*gaz;
    let model = NerModel::train(&data, Some(g), a.epochs);
    let bytes = model.to_bytes()?;
    std::fs::write(&a.out, &bytes).with_context(|| format!("cannot write {}", a.out.display()))?;
    eprintln!(
        "dyad: trained on {} sentences in {:.0}s; wrote {} ({:.1} MB)",
        data.len(),
        started.elapsed().as_secs_f64(),
        a.out.display(),
        bytes.len() as f64 / 1e6
    );
    if let Some(dev) = &a.dev {
        let gold = ner::read_iob2(dev)?;
        print_scores(&format!("dev {}", dev.display()), ner::evaluate(&model, &gold, Some(g)));
    }
    Ok(crate::EXIT_OK)
}

pub fn eval(a: EvalArgs) -> anyhow::Result<u8> {
    let model = NerModel::embedded().context("loading the embedded NER model")?;
    let gold = ner::read_iob2(&a.iob2)?;
    let gaz = gazetteer();
    let scores = ner::evaluate(&model, &gold, Some(&*gaz as &dyn Gazetteer));
    print_scores(&format!("{} sentences of {}: strict span and type", gold.len(), a.iob2.display()), scores);
    Ok(crate::EXIT_OK)
}
