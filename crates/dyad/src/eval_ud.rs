//! `dyad eval ud`: tag and parse the gold-tokenized sentences of a CoNLL-U treebank and score UPOS, XPOS,
//! lemmas and attachment against the gold annotation.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use dyad_core::Label;
use dyad_nlp::conllu;
use dyad_nlp::parser::Parser;
use dyad_nlp::tagger::{Tag, Tagger};
use serde_json::json;

use crate::{EXIT_ERROR, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// Gold treebank, e.g. ../shared/data/treebanks/ud_english_ewt/en_ewt-ud-test.conllu
    #[arg(long)]
    pub conllu: PathBuf,
    /// Only the documents of this genre (GUM's `# meta::genre`, e.g. news).
    #[arg(long)]
    pub genre: Option<String>,
    /// Read tagger.bin and parser.bin from this folder instead of the embedded models.
    #[arg(long)]
    pub model_dir: Option<PathBuf>,
    /// Exit with status 1 when UPOS accuracy (%) is below this.
    #[arg(long)]
    pub min_upos: Option<f64>,
    /// Exit with status 1 when the unlabelled attachment score (%) is below this.
    #[arg(long)]
    pub min_uas: Option<f64>,
    /// Also write the predicted tags, lemmas and parses here as CoNLL-U (for error analysis, or to
    /// compare with another parser's output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn load(args: &Args) -> anyhow::Result<(Tagger, Parser)> {
    Ok(match &args.model_dir {
        Some(dir) => {
            let read = |name: &str| {
                let p = dir.join(name);
                std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))
            };
            (Tagger::from_bytes(&read("tagger.bin")?)?, Parser::from_bytes(&read("parser.bin")?)?)
        }
        None => (Tagger::embedded()?, Parser::embedded()?),
    })
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let (tagger, parser) = load(&args)?;
    let mut sentences = conllu::read_file(&args.conllu)?;
    if let Some(g) = &args.genre {
        sentences.retain(|s| s.genre.as_deref() == Some(g.as_str()));
    }
    let (mut words, mut upos, mut xpos, mut lemma, mut uas, mut las) = (0usize, 0, 0, 0, 0, 0);
    let mut busy = std::time::Duration::ZERO;
    let mut predicted = String::new();
    let cpu_before = thread_cpu_time();
    for s in &sentences {
        let forms = s.forms();
        let started = Instant::now();
        let tags: Vec<Tag> = tagger.tag(&forms).into_iter().map(|c| tagger.tags()[c]).collect();
        let arcs = parser.parse(&forms, &tags);
        busy += started.elapsed();
        if args.out.is_some() {
            write_conllu(&mut predicted, s, &tagger, &tags, &arcs);
        }
        for ((w, tag), (head, label)) in s.words.iter().zip(&tags).zip(arcs) {
            words += 1;
            upos += usize::from(tag.upos.as_str() == w.upos);
            xpos += usize::from(tag.xpos == w.xpos);
            lemma += usize::from(tagger.lemma(&w.form, tag.upos) == w.lemma);
            if head == w.head.checked_sub(1) {
                uas += 1;
                las += usize::from(label == w.deprel);
            }
        }
    }
    // CPU time of this thread: the speed of one core even when other processes compete for it.
    let cpu = thread_cpu_time().zip(cpu_before).map(|(after, before)| after.saturating_sub(before));
    let pct = |x: usize| (10000.0 * x as f64 / words.max(1) as f64).round() / 100.0;
    let speed = (words as f64 / cpu.unwrap_or(busy).as_secs_f64().max(1e-9)).round();
    println!("{}: {} sentences, {words} words", args.conllu.display(), sentences.len());
    println!("UPOS   {:6.2}", pct(upos));
    println!("XPOS   {:6.2}", pct(xpos));
    println!("lemma  {:6.2}", pct(lemma));
    println!("UAS    {:6.2}", pct(uas));
    println!("LAS    {:6.2}", pct(las));
    println!("speed  {speed} words/s (tag + parse, one thread)");
    println!(
        "{}",
        json!({"words": words, "upos": pct(upos), "xpos": pct(xpos), "lemma": pct(lemma), "uas": pct(uas),
               "las": pct(las), "words_per_second": speed})
    );
    if let Some(path) = &args.out {
        std::fs::write(path, predicted).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let below = |min: Option<f64>, value: f64| min.is_some_and(|m| value < m);
    if below(args.min_upos, pct(upos)) || below(args.min_uas, pct(uas)) {
        eprintln!("dyad: below the required accuracy");
        return Ok(EXIT_ERROR);
    }
    Ok(EXIT_OK)
}

/// Appends one sentence in CoNLL-U with the predicted annotation (basic columns only).
fn write_conllu(
    out: &mut String,
    s: &conllu::Sentence,
    tagger: &Tagger,
    tags: &[Tag],
    arcs: &[(Option<usize>, Label)],
) {
    use std::fmt::Write;
    if let Some(id) = &s.sent_id {
        let _ = writeln!(out, "# sent_id = {id}");
    }
    if let Some(text) = &s.text {
        let _ = writeln!(out, "# text = {text}");
    }
    for (i, ((w, tag), (head, label))) in s.words.iter().zip(tags).zip(arcs).enumerate() {
        let head = head.map_or(0, |h| h + 1);
        let lemma = tagger.lemma(&w.form, tag.upos);
        let _ = writeln!(
            out,
            "{}\t{}\t{lemma}\t{}\t{}\t_\t{head}\t{label}\t_\t_",
            i + 1,
            w.form,
            tag.upos.as_str(),
            tag.xpos
        );
    }
    out.push('\n');
}

/// CPU time consumed by the calling thread so far (Linux: `/proc/thread-self/schedstat`).
pub(crate) fn thread_cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(ns))
}
