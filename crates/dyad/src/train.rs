//! `dyad train`: train the NLP models from CoNLL-U treebanks and write the model files that are embedded
//! in the binary.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;
use dyad_nlp::clusters::Clusters;
use dyad_nlp::conllu::{self, Sentence};
use dyad_nlp::parser::Parser;
use dyad_nlp::perceptron::feature;
use dyad_nlp::tagger::{Tag, Tagger};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub model: Model,
}

#[derive(Subcommand)]
pub enum Model {
    /// POS tagger (UPOS + XPOS) and lemmatizer.
    Tagger(TaggerArgs),
    /// Dependency parser (UD heads and relations).
    Parser(ParserArgs),
    /// Named-entity recognizer (PER/ORG/LOC) from UNER IOB2 files.
    Ner(crate::ner_cmd::TrainArgs),
    /// Word classes for the parser, learned from raw text and treebank text.
    Clusters(ClusterArgs),
    /// One parser from several trained with different seeds: their weights averaged.
    Average(AverageArgs),
}

#[derive(clap::Args)]
pub struct AverageArgs {
    /// Parser models (`dyad train parser`) of the same training data and word classes.
    #[arg(long, required = true, num_args = 1..)]
    pub parsers: Vec<PathBuf>,
    #[arg(long)]
    pub out: PathBuf,
    /// Averaged weights smaller than this are dropped.
    #[arg(long, default_value_t = 1.0)]
    pub min_weight: f32,
    /// The same for the relation classifier (the relations without a transition class of their own);
    /// --min-weight when not given.
    #[arg(long)]
    pub relation_min_weight: Option<f32>,
}

#[derive(clap::Args)]
pub struct ClusterArgs {
    /// Plain-text files, or folders searched for *.txt files, tokenized with dyad's segmenter.
    #[arg(long, num_args = 1..)]
    pub text: Vec<PathBuf>,
    /// Treebanks (CoNLL-U) whose word forms are added to the text (GUM genres as for training).
    #[arg(long, num_args = 1..)]
    pub conllu: Vec<PathBuf>,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 256)]
    pub classes: usize,
    /// Words seen fewer times get no class.
    #[arg(long, default_value_t = 3)]
    pub min_count: u32,
    #[arg(long, default_value_t = 12)]
    pub iterations: usize,
}

#[derive(clap::Args)]
pub struct TaggerArgs {
    #[command(flatten)]
    pub common: TrainArgs,
    /// Word classes written by `dyad train clusters`, fine then coarse, stored in the tagger model for
    /// its features.
    #[arg(long, num_args = 1..=2)]
    pub clusters: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct ParserArgs {
    #[command(flatten)]
    pub common: TrainArgs,
    /// The tagger whose tags the dev set is parsed with.
    #[arg(long)]
    pub tagger: PathBuf,
    /// Train on tags predicted by this many taggers, each trained without one part of the training data
    /// (with the word classes of --tagger); 0 trains on gold tags.
    #[arg(long, default_value_t = 4)]
    pub jackknife: usize,
    /// Keep the jackknifed tags in this file: read them from it when it holds the tags of the same
    /// training sentences, folds and seed, else compute them and write it (saves the taggers' training
    /// when only the parser changes).
    #[arg(long)]
    pub jackknife_cache: Option<PathBuf>,
    /// Word classes written by `dyad train clusters`, fine then coarse, stored in the parser model for
    /// its features.
    #[arg(long, num_args = 1..=2)]
    pub clusters: Vec<PathBuf>,
    /// Averaged weights smaller than this are dropped from the model (0 keeps all: for parsers to be
    /// averaged by `dyad train average`, which prunes the average).
    #[arg(long, default_value_t = 1.0)]
    pub min_weight: f32,
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
        Model::Average(a) => {
            let parsers = a
                .parsers
                .iter()
                .map(|p| {
                    let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
                    Ok(Parser::from_bytes(&bytes)?)
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let parser = Parser::average(&parsers, a.min_weight, a.relation_min_weight.unwrap_or(a.min_weight))
                .context("the parsers differ in relations, transition classes or word classes")?;
            write_model(&a.out, |b| parser.write(b))?;
        }
        Model::Clusters(a) => {
            let mut sentences: Vec<Vec<String>> = Vec::new();
            for path in text_files(&a.text)? {
                let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
                let (tokens, sents) = dyad_nlp::segment::Segmenter.segment(&text);
                sentences.extend(sents.iter().map(|s| {
                    tokens[s.tokens.clone()].iter().map(|t| dyad_nlp::clusters::normalize(t.slice(&text))).collect()
                }));
            }
            for s in read_treebanks(&a.conllu, false)? {
                sentences.push(s.words.iter().map(|w| dyad_nlp::clusters::normalize(&w.form)).collect());
            }
            let words: usize = sentences.iter().map(Vec::len).sum();
            eprintln!("dyad: {} sentences, {words} words", sentences.len());
            let opts =
                dyad_nlp::clusters::Options { n_classes: a.classes, min_count: a.min_count, iterations: a.iterations };
            let clusters = dyad_nlp::clusters::Clusters::train(&sentences, &opts, |iteration, moved| {
                eprintln!("dyad: iteration {iteration}: {moved} words moved ({:.0}s)", started.elapsed().as_secs_f64());
            });
            write_model(&a.out, |b| clusters.write_file(b))?;
        }
        Model::Tagger(a) => {
            let train = read_treebanks(&a.common.train, a.common.all_genres)?;
            let dev = read_dev(a.common.dev.as_deref())?;
            let opts = dyad_nlp::tagger::TrainOptions {
                epochs: a.common.epochs,
                seed: a.common.seed,
                clusters: read_clusters(&a.clusters)?,
                ..Default::default()
            };
            let tagger = Tagger::train(&train, &dev, &opts, |epoch, upos| {
                eprintln!("dyad: epoch {epoch}: dev UPOS {upos:.2} ({:.0}s)", started.elapsed().as_secs_f64());
            });
            write_model(&a.common.out, |b| tagger.write(b))?;
        }
        Model::Parser(a) => {
            let train = read_treebanks(&a.common.train, a.common.all_genres)?;
            let dev = read_dev(a.common.dev.as_deref())?;
            let tagger_bytes =
                std::fs::read(&a.tagger).with_context(|| format!("cannot read {}", a.tagger.display()))?;
            let tagger = Tagger::from_bytes(&tagger_bytes)?;
            let train_tags = if a.jackknife >= 2 {
                let header = jackknife_header(&train, a.jackknife, a.common.seed, tagger.clusters());
                let cached = a.jackknife_cache.as_deref().and_then(|p| read_tags(p, &header, &train));
                let tags = match cached {
                    Some(tags) => tags,
                    None => {
                        let opts = dyad_nlp::tagger::TrainOptions {
                            seed: a.common.seed,
                            clusters: tagger.clusters().to_vec(),
                            ..Default::default()
                        };
                        let tags = Tagger::jackknife(&train, a.jackknife, &opts);
                        if let Some(p) = &a.jackknife_cache {
                            write_tags(p, &header, &tags)?;
                        }
                        tags
                    }
                };
                eprintln!("dyad: jackknifed tags ready ({:.0}s)", started.elapsed().as_secs_f64());
                tags
            } else {
                train.iter().map(dyad_nlp::parser::gold_tags).collect()
            };
            let dev_tags: Vec<Vec<Tag>> =
                dev.iter().map(|s| tagger.tag(&s.forms()).into_iter().map(|c| tagger.tags()[c]).collect()).collect();
            let clusters = read_clusters(&a.clusters)?;
            let opts = dyad_nlp::parser::TrainOptions {
                epochs: a.common.epochs,
                seed: a.common.seed,
                min_weight: a.min_weight,
                clusters,
            };
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

fn read_clusters(paths: &[PathBuf]) -> anyhow::Result<Vec<Clusters>> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            Ok(Clusters::from_bytes(&bytes)?)
        })
        .collect()
}

/// The first line of a jackknife cache: what the tags were computed from.
fn jackknife_header(train: &[Sentence], folds: usize, seed: u64, clusters: &[Clusters]) -> String {
    let forms: Vec<&str> = train.iter().flat_map(|s| s.words.iter().map(|w| w.form.as_str())).collect();
    let fingerprint = dyad_nlp::perceptron::hash_str(&forms.join("\u{1}"));
    let mut header = format!(
        "dyad jackknifed tags: folds {folds}, seed {seed}, {} sentences, forms {fingerprint:016x}",
        train.len()
    );
    if !clusters.is_empty() {
        let mut fingerprint = 0;
        for c in clusters {
            let mut entries: Vec<(u64, u16)> = c.classes.iter().map(|(&h, &k)| (h, k)).collect();
            entries.sort_unstable();
            for (h, k) in entries {
                fingerprint = feature(feature(fingerprint, h), u64::from(k));
            }
        }
        header.push_str(&format!(", word classes {fingerprint:016x}"));
    }
    header
}

/// Cached tags: one line per sentence, each word's "UPOS XPOS" separated by tabs. `None` when the file is
/// absent, or was made from other data.
fn read_tags(path: &Path, header: &str, train: &[Sentence]) -> Option<Vec<Vec<Tag>>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(header) {
        eprintln!("dyad: {} holds tags of other training data; recomputing them", path.display());
        return None;
    }
    let tags: Vec<Vec<Tag>> = lines
        .map(|line| {
            line.split('\t')
                .map(|pair| {
                    let (upos, xpos) = pair.split_once(' ')?;
                    Some(Tag { upos: dyad_core::Upos::parse(upos)?, xpos: dyad_core::intern(xpos) })
                })
                .collect::<Option<Vec<Tag>>>()
        })
        .collect::<Option<_>>()?;
    let fits = tags.len() == train.len() && tags.iter().zip(train).all(|(t, s)| t.len() == s.words.len());
    fits.then(|| {
        eprintln!("dyad: jackknifed tags read from {}", path.display());
        tags
    })
}

fn write_tags(path: &Path, header: &str, tags: &[Vec<Tag>]) -> anyhow::Result<()> {
    let mut text = format!("{header}\n");
    for sentence in tags {
        let pairs: Vec<String> = sentence.iter().map(|t| format!("{} {}", t.upos.as_str(), t.xpos)).collect();
        text.push_str(&pairs.join("\t"));
        text.push('\n');
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The files among `paths`, and the *.txt files under the folders among them, in path order.
fn text_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read {}", p.display()))?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()?;
            entries.sort();
            let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) = entries.into_iter().partition(|e| e.is_dir());
            out.extend(files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "txt")));
            out.extend(text_files(&dirs)?);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}
