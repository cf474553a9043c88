//! `dyad train`: train the NLP models from CoNLL-U treebanks and write the model files that are embedded
//! in the binary.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;
use dyad_nlp::conllu::{self, Sentence};
use dyad_nlp::parser::Parser;
use dyad_nlp::tagger::{Tag, Tagger};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub model: Model,
}

#[derive(Subcommand)]
pub enum Model {
    /// POS tagger (UPOS + XPOS) and lemmatizer.
    Tagger(TrainArgs),
    /// Dependency parser (UD heads and relations).
    Parser(ParserArgs),
    /// Named-entity recognizer (PER/ORG/LOC) from UNER IOB2 files.
    Ner(crate::ner_cmd::TrainArgs),
}

#[derive(clap::Args)]
pub struct ParserArgs {
    #[command(flatten)]
    pub common: TrainArgs,
    /// The tagger whose tags the dev set is parsed with.
    #[arg(long)]
    pub tagger: PathBuf,
    /// Train on tags predicted by this many taggers, each trained without one part of the training data;
    /// 0 trains on gold tags.
    #[arg(long, default_value_t = 4)]
    pub jackknife: usize,
}

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Training treebanks (CoNLL-U). GUM documents outside the commercially free genres are left out
    /// unless --all-genres is given.
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// Development treebank: accuracy on it is printed after each epoch.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Seed of the shuffling: the same data, options and seed give the same model file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also train on GUM genres whose texts are not free for commercial use.
    #[arg(long)]
    pub all_genres: bool,
}

fn read_treebanks(paths: &[PathBuf], all_genres: bool) -> anyhow::Result<Vec<Sentence>> {
    let mut out = Vec::new();
    for p in paths {
        let sentences = conllu::read_file(p)?;
        let before = sentences.len();
        let used: Vec<Sentence> = sentences.into_iter().filter(|s| all_genres || s.licensed_for_training()).collect();
        eprintln!("dyad: {}: {} of {before} sentences used", p.display(), used.len());
        out.extend(used);
    }
    Ok(out)
}

fn read_dev(path: Option<&Path>) -> anyhow::Result<Vec<Sentence>> {
    Ok(match path {
        Some(p) => conllu::read_file(p)?,
        None => Vec::new(),
    })
}

fn write_model(path: &Path, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    write(&mut bytes)?;
    std::fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("dyad: wrote {} ({:.1} MB)", path.display(), bytes.len() as f64 / 1e6);
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let started = Instant::now();
    match args.model {
        Model::Ner(a) => return crate::ner_cmd::train(a),
        Model::Tagger(a) => {
            let train = read_treebanks(&a.train, a.all_genres)?;
            let dev = read_dev(a.dev.as_deref())?;
            let opts = dyad_nlp::tagger::TrainOptions { epochs: a.epochs, seed: a.seed, ..Default::default() };
            let tagger = Tagger::train(&train, &dev, &opts, |epoch, upos| {
                eprintln!("dyad: epoch {epoch}: dev UPOS {upos:.2} ({:.0}s)", started.elapsed().as_secs_f64());
            });
            write_model(&a.out, |b| tagger.write(b))?;
        }
        Model::Parser(a) => {
            let train = read_treebanks(&a.common.train, a.common.all_genres)?;
            let dev = read_dev(a.common.dev.as_deref())?;
            let tagger_bytes =
                std::fs::read(&a.tagger).with_context(|| format!("cannot read {}", a.tagger.display()))?;
            let tagger = Tagger::from_bytes(&tagger_bytes)?;
            let train_tags = if a.jackknife >= 2 {
                let opts = dyad_nlp::tagger::TrainOptions { seed: a.common.seed, ..Default::default() };
                let tags = Tagger::jackknife(&train, a.jackknife, &opts);
                eprintln!("dyad: jackknifed tags ready ({:.0}s)", started.elapsed().as_secs_f64());
                tags
            } else {
                train.iter().map(dyad_nlp::parser::gold_tags).collect()
            };
            let dev_tags: Vec<Vec<Tag>> =
                dev.iter().map(|s| tagger.tag(&s.forms()).into_iter().map(|c| tagger.tags()[c]).collect()).collect();
            let opts =
                dyad_nlp::parser::TrainOptions { epochs: a.common.epochs, seed: a.common.seed, ..Default::default() };
            let parser = Parser::train(&train, &train_tags, &dev, &dev_tags, &opts, |epoch, score| {
                eprintln!(
                    "dyad: epoch {epoch}: dev UAS {:.2} LAS {:.2} ({:.0}s)",
                    score.uas,
                    score.las,
                    started.elapsed().as_secs_f64()
                );
            });
            write_model(&a.common.out, |b| parser.write(b))?;
        }
    }
    Ok(crate::EXIT_OK)
}
