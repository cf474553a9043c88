//! `dyad eval`: measure a stage against gold data. Each evaluation prints a readable summary and, as its
//! last stdout line, one JSON object with the figures.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use serde_json::json;

use crate::EXIT_OK;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Subcommand)]
pub enum What {
    /// Sentence splitting and tokenization against the `# text` lines and words of a CoNLL-U file.
    Segment(SegmentArgs),
    /// Named entities: strict span-and-type precision, recall and F1 (PER/ORG/LOC) on a UNER IOB2 file.
    Ner(crate::ner_cmd::EvalArgs),
    /// POS tags, lemmas and dependency parses (UPOS, XPOS, lemma, UAS, LAS) on gold-tokenized CoNLL-U.
    Ud(crate::eval_ud::Args),
    /// A PETRARCH2 unit-test suite (PETR.UnitTest.records.xml) with PETRARCH dictionaries: (source, target, code).
    Petrarch(crate::eval_petrarch::Args),
    /// TABARI's validation suite (Validate.text) with TABARI dictionaries: (source, target, code).
    Tabari(crate::eval_petrarch::Args),
}

#[derive(clap::Args)]
pub struct SegmentArgs {
    /// Gold treebank, e.g. ../shared/data/treebanks/ud_english_ewt/en_ewt-ud-test.conllu
    #[arg(long)]
    pub conllu: PathBuf,
    /// Print up to this many wrongly tokenized sentences and wrong sentence ends on stderr.
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.what {
        What::Segment(args) => segment(args),
        What::Ner(args) => crate::ner_cmd::eval(args),
        What::Ud(args) => crate::eval_ud::run(args),
        What::Petrarch(args) => crate::eval_petrarch::run(args, false),
        What::Tabari(args) => crate::eval_petrarch::run(args, true),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn segment(args: SegmentArgs) -> anyhow::Result<u8> {
    let path = args.conllu.display();
    let conllu = std::fs::read_to_string(&args.conllu).with_context(|| format!("cannot read {path}"))?;
    let s = dyad_nlp::segment::eval::evaluate(&conllu, args.show_errors).with_context(|| format!("in {path}"))?;
    for example in &s.examples {
        eprintln!("{example}");
    }
    let line = |name: &str, prf: &dyad_nlp::segment::eval::Prf| {
        println!(
            "{name:<22} gold {:>7}  ours {:>7}  P {:6.2}  R {:6.2}  F1 {:6.2}",
            prf.gold,
            prf.predicted,
            prf.precision(),
            prf.recall(),
            prf.f1()
        )
    };
    println!("{path}: {} documents, {} sentences", s.documents, s.sentences);
    line("tokens (per sentence)", &s.tokens);
    line("tokens (documents)", &s.doc_tokens);
    line("sentence ends", &s.sentence_ends);
    println!("speed {:.0} words/s", s.words_per_second);
    println!(
        "{}",
        json!({
            "sentences": s.sentences,
            "words": s.tokens.gold,
            "tokens_f1": round2(s.tokens.f1()),
            "doc_tokens_f1": round2(s.doc_tokens.f1()),
            "sentences_precision": round2(s.sentence_ends.precision()),
            "sentences_recall": round2(s.sentence_ends.recall()),
            "sentences_f1": round2(s.sentence_ends.f1()),
            "words_per_second": s.words_per_second.round(),
        })
    );
    Ok(EXIT_OK)
}
