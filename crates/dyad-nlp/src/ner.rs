//! Named-entity recognition: a greedy left-to-right averaged-perceptron tagger over BIO tags with the
//! UNER types (PER, ORG, LOC), using word-shape, context and gazetteer features.
//!
//! The gazetteer is passed in through the [`Gazetteer`] trait because the lists live in `dyad-actors`,
//! which depends on this crate and not the reverse.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use dyad_core::{Document, EntityType, Name, Span, Stage};

use crate::model_io::{ModelError, ModelReader, ModelWriter};
use crate::perceptron::{self, feature_of, Rng, Trainer};

#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: expected `index<TAB>word<TAB>tag`")]
    BadLine { path: String, line: usize },
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("writing the model: {0}")]
    Write(#[from] std::io::Error),
}

/// Word n-gram lookups in name lists (countries, cities, organisations, given names ...).
pub trait Gazetteer: Send + Sync {
    /// Every list match in `words` as (first word, end word exclusive, list name). Overlaps are allowed.
    fn matches(&self, words: &[&str]) -> Vec<(usize, usize, &'static str)>;
}

/// Tag set: O, then B- and I- for each type.
const TYPES: [&str; 3] = ["PER", "ORG", "LOC"];
const N_LABELS: usize = 1 + 2 * TYPES.len();

fn label_name(l: usize) -> String {
    match l {
        0 => "O".to_owned(),
        l => format!("{}-{}", if l % 2 == 1 { "B" } else { "I" }, TYPES[(l - 1) / 2]),
    }
}

fn label_of(tag: &str) -> usize {
    let (bio, ty) = match tag.split_once('-') {
        Some(x) => x,
        None => return 0,
    };
    // The UNER pre-release marks "other" names (OTH) and stray "B-O"; the released scheme drops them.
    match TYPES.iter().position(|t| *t == ty) {
        Some(t) => 1 + 2 * t + usize::from(bio == "I"),
        None => 0,
    }
}

/// An I- tag may only continue a name of the same type.
fn allowed(prev: usize, l: usize) -> bool {
    l == 0 || l % 2 == 1 || prev == l || prev == l - 1
}

/// A sentence of words with gold tags (IOB2).
#[derive(Debug, Clone)]
pub struct TaggedSentence {
    pub words: Vec<String>,
    pub tags: Vec<String>,
}

/// Reads a UNER-style IOB2 file: `# comments`, `index<TAB>word<TAB>tag[<TAB>...]`, blank line between sentences.
pub fn read_iob2(path: &Path) -> Result<Vec<TaggedSentence>, NerError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io { path: p.clone(), source })?;
    let mut out = Vec::new();
    let mut cur = TaggedSentence { words: Vec::new(), tags: Vec::new() };
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(&mut cur, TaggedSentence { words: Vec::new(), tags: Vec::new() }));
            }
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(_), Some(word), Some(tag)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(NerError::BadLine { path: p, line: n + 1 });
        };
        cur.words.push(word.to_owned());
        cur.tags.push(tag.to_owned());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// GUM genres whose texts are free for commercial use (see GUM's LICENSE.txt): the only ones shipped
/// models are trained on.
const FREE_GUM_GENRES: [&str; 6] = ["academic", "bio", "court", "interview", "news", "voyage"];

/// Named entities of GUM's entity layer (`Entity=` in MISC) as IOB2 sentences in the UNER scheme: person,
/// place and organization mentions made of proper nouns (and "of", "the", "and" between them) become
/// PER, LOC and ORG; descriptions and pronouns stay O; the outermost name wins when names nest. Only
/// documents of the commercially free genres are kept unless `all_genres`.
pub fn read_gum(path: &Path, all_genres: bool) -> Result<Vec<TaggedSentence>, NerError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io { path: p.clone(), source })?;
    let mut out = Vec::new();
    let mut genre_ok = false;
    // Words of the current sentence: (form, upos, entity field).
    let mut words: Vec<(String, String, String)> = Vec::new();
    let flush = |words: &mut Vec<(String, String, String)>, out: &mut Vec<TaggedSentence>, keep: bool| {
        if keep && !words.is_empty() {
            out.push(gum_sentence(words));
        }
        words.clear();
    };
    for (n, line) in text.lines().enumerate() {
        if let Some(g) = line.strip_prefix("# meta::genre = ") {
            genre_ok = all_genres || FREE_GUM_GENRES.contains(&g.trim());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut words, &mut out, genre_ok);
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            return Err(NerError::BadLine { path: p, line: n + 1 });
        }
        // Multiword-token ranges and empty nodes are not words.
        if cols[0].contains(['-', '.']) {
            continue;
        }
        let entity = cols[9].split('|').find_map(|f| f.strip_prefix("Entity=")).unwrap_or("");
        words.push((cols[1].to_owned(), cols[3].to_owned(), entity.to_owned()));
    }
    flush(&mut words, &mut out, genre_ok);
    Ok(out)
}

fn gum_sentence(words: &[(String, String, String)]) -> TaggedSentence {
    // Mentions as (first word, last word, type) from the bracket notation "(id-type-...", "id)".
    let mut open: Vec<(String, String, usize)> = Vec::new();
    let mut mentions: Vec<(usize, usize, String)> = Vec::new();
    for (t, (_, _, field)) in words.iter().enumerate() {
        let b = field.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'(' {
                let j = (i + 1..b.len()).find(|&k| b[k] == b'(' || b[k] == b')').unwrap_or(b.len());
                let mut parts = field[i + 1..j].split('-');
                let (id, ty) = (parts.next().unwrap_or("").to_owned(), parts.next().unwrap_or("").to_owned());
                if j < b.len() && b[j] == b')' {
                    mentions.push((t, t, ty));
                    i = j + 1;
                } else {
                    open.push((id, ty, t));
                    i = j;
                }
            } else {
                let k = (i..b.len()).find(|&k| b[k] == b')').unwrap_or(b.len());
                let id = &field[i..k];
                if let Some(pos) = open.iter().rposition(|(oid, _, _)| oid == id) {
                    let (_, ty, start) = open.remove(pos);
                    mentions.push((start, t, ty));
                }
                i = k + 1;
            }
        }
    }
    let is_name = |s: usize, e: usize| {
        let propn = |t: usize| words[t].1 == "PROPN";
        propn(s)
            && propn(e)
            && (s..=e).all(|t| propn(t) || matches!(words[t].0.as_str(), "of" | "the" | "and" | "&" | "de" | "-"))
    };
    let mut names: Vec<(usize, usize, &str)> = mentions
        .iter()
        .filter_map(|(s, e, ty)| {
            let label = match ty.as_str() {
                "person" => "PER",
                "place" => "LOC",
                "organization" => "ORG",
                _ => return None,
            };
            is_name(*s, *e).then_some((*s, *e, label))
        })
        .collect();
    names.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut tags = vec!["O".to_owned(); words.len()];
    for (s, e, label) in names {
        if tags[s..=e].iter().all(|t| t == "O") {
            for (k, tag) in tags.iter_mut().enumerate().take(e + 1).skip(s) {
                *tag = format!("{}-{label}", if k == s { "B" } else { "I" });
            }
        }
    }
    TaggedSentence { words: words.iter().map(|w| w.0.clone()).collect(), tags }
}

/// Names as (start word, end word exclusive, type) from IOB2 tags; an I- without a B- starts a name.
pub fn spans_of(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, t) in tags.iter().enumerate() {
        let l = label_of(t);
        let continues = matches!(open, Some((_, ol)) if l != 0 && l.is_multiple_of(2) && (ol == l || ol == l - 1));
        if !continues {
            if let Some((s, ol)) = open.take() {
                out.push((s, i, TYPES[(ol - 1) / 2].to_owned()));
            }
            if l != 0 {
                open = Some((i, l));
            }
        }
    }
    if let Some((s, ol)) = open {
        out.push((s, tags.len(), TYPES[(ol - 1) / 2].to_owned()));
    }
    out
}

/// A gazetteer tag of a word: its position in the match (B, I, L or U) and the list, as one value.
#[derive(Clone, Copy)]
struct GazTag(u64);

impl GazTag {
    fn new(position: u8, list: &str) -> GazTag {
        GazTag(feature_of(0, [u64::from(position), perceptron::hash_str(list)]))
    }
}

fn shape(w: &str) -> String {
    let mut s = String::new();
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        // Collapse runs beyond two so "Xxxxxxx" and "Xxxx" share a shape.
        let n = s.chars().rev().take_while(|&p| p == k).count();
        if n < 2 {
            s.push(k);
        }
    }
    s
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The feature values of one word, hashed once per sentence.
#[derive(Clone, Copy)]
struct WordValues {
    form: u64,
    lower: u64,
    shape: u64,
    /// The first and last 1-4 characters of the lower-case form (the whole word when it is shorter).
    prefixes: [u64; 4],
    suffixes: [u64; 4],
    /// The lower-case form is a common lower-case word ("Will", "Bill", "Apple" are ambiguous).
    common: bool,
}

impl WordValues {
    fn new(word: &str, vocab: &HashSet<u64>) -> WordValues {
        let lw = word.to_lowercase();
        let lower = perceptron::hash_str(&lw);
        let pre = |n: usize| perceptron::hash_str(&lw[..lw.char_indices().nth(n).map_or(lw.len(), |(at, _)| at)]);
        let suf = |n: usize| perceptron::hash_str(&lw[lw.char_indices().rev().nth(n - 1).map_or(0, |(at, _)| at)..]);
        WordValues {
            form: perceptron::hash_str(word),
            lower,
            shape: perceptron::hash_str(&shape(word)),
            prefixes: [1, 2, 3, 4].map(pre),
            suffixes: [1, 2, 3, 4].map(suf),
            common: vocab.contains(&lower),
        }
    }

    /// The values of the positions before the sentence start and after its end.
    fn pad(value: u64) -> WordValues {
        WordValues {
            form: value,
            lower: value,
            shape: value,
            prefixes: [value; 4],
            suffixes: [value; 4],
            common: false,
        }
    }
}

const START: u64 = 0x003c_733e;
const END: u64 = 0x3c2f_733e;

/// Per-sentence context computed once: the words' feature values and gazetteer tags.
struct Context {
    /// Two pads, the words, two pads: word `i` is at `i + 2`.
    words: Vec<WordValues>,
    gaz: Vec<Vec<GazTag>>,
    /// The sentence is all lower case or all upper case, so capitals say little.
    flat_case: bool,
}

impl Context {
    fn new(words: &[&str], gaz: Option<&dyn Gazetteer>, vocab: &HashSet<u64>) -> Context {
        let mut g = vec![Vec::new(); words.len()];
        if let Some(gaz) = gaz {
            for (s, e, list) in gaz.matches(words) {
                for (i, slot) in g.iter_mut().enumerate().take(e).skip(s) {
                    let position = if e - s == 1 {
                        b'U'
                    } else if i == s {
                        b'B'
                    } else if i + 1 == e {
                        b'L'
                    } else {
                        b'I'
                    };
                    slot.push(GazTag::new(position, list));
                }
            }
        }
        let letters: Vec<&&str> = words.iter().filter(|w| w.chars().any(char::is_alphabetic)).collect();
        let flat_case = letters.len() > 3
            && (letters.iter().skip(1).all(|w| !is_cap(w))
                || letters.iter().all(|w| w.chars().all(|c| !c.is_lowercase())));
        let mut values = Vec::with_capacity(words.len() + 4);
        values.extend([WordValues::pad(START); 2]);
        values.extend(words.iter().map(|w| WordValues::new(w, vocab)));
        values.extend([WordValues::pad(END); 2]);
        Context { words: values, gaz: g, flat_case }
    }

    fn features(&self, i: usize, prev: usize, prev2: usize, out: &mut Vec<u64>) {
        let f = |id: u64, v: u64| feature_of(id, [v]);
        let f2 = |id: u64, a: u64, b: u64| feature_of(id, [a, b]);
        let f3 = |id: u64, a: u64, b: u64, c: u64| feature_of(id, [a, b, c]);
        let at = |offset: isize| &self.words[(i as isize + 2 + offset) as usize];
        let (w, w_1, w_2, w1, w2) = (at(0), at(-1), at(-2), at(1), at(2));
        let first = u64::from(i == 0);
        let (p1, p2) = (prev as u64, prev2 as u64);
        let common = |v: &WordValues| u64::from(v.common);
        out.clear();
        out.extend_from_slice(&[
            f(0, 0),
            f(1, w.form),
            f(2, w.lower),
            f2(3, w.shape, u64::from(self.flat_case)),
            f2(4, first, w.shape),
            f3(5, common(w), first, w.shape),
            f2(6, common(w_1) << 2 | common(w) << 1 | common(w1), w.shape),
            // Prefixes and suffixes of every length share a template: a short word's are one feature.
            f(7, w.prefixes[0]),
            f(7, w.prefixes[1]),
            f(7, w.prefixes[2]),
            f(7, w.prefixes[3]),
            f(11, w.suffixes[0]),
            f(11, w.suffixes[1]),
            f(11, w.suffixes[2]),
            f(11, w.suffixes[3]),
            f(15, w_1.lower),
            f(16, w_2.lower),
            f(17, w1.lower),
            f(18, w2.lower),
            f2(19, w_1.lower, w.lower),
            f2(20, w.lower, w1.lower),
            f2(21, w_1.shape, w.shape),
            f2(22, w.shape, w1.shape),
            f3(23, w_1.shape, w.shape, w1.shape),
            f2(24, w_1.lower, w1.lower),
            f3(25, w_2.shape, w_1.shape, w.shape),
            f3(26, w.shape, w1.shape, w2.shape),
            f(27, p1),
            f2(28, p2, p1),
            f2(29, p1, w.lower),
            f2(30, p1, w.shape),
        ]);
        for (j, id) in [(i.checked_sub(1), 31), (Some(i), 32), (Some(i + 1), 33)] {
            for g in j.and_then(|j| self.gaz.get(j)).into_iter().flatten() {
                out.push(f(id, g.0));
                if id == 32 {
                    out.push(f2(34, g.0, w.shape));
                }
            }
        }
    }
}

fn best(scores: &[f32; N_LABELS], prev: usize) -> usize {
    let mut b = 0;
    for l in 1..N_LABELS {
        if allowed(prev, l) && scores[l] > scores[b] {
            b = l;
        }
    }
    b
}

/// A trained NER model.
pub struct NerModel {
    weights: perceptron::Model,
    /// Hashes of words seen often in lower case in the training text.
    vocab: HashSet<u64>,
}

/// The model trained by `dyad train ner`, embedded in the binary.
pub static EMBEDDED_MODEL: &[u8] = include_bytes!("../models/ner.bin");

const MAGIC: &[u8; 8] = b"DYADNERM";
/// Version 2: the same features as version 1, their ids made by `feature_of` from values hashed once
/// per word. A model of another version is refused rather than silently misread.
const VERSION: u32 = 2;
/// Averaged weights smaller than this are dropped: they never change a decision and double the file.
const MIN_WEIGHT: f32 = 0.05;
/// A word counts as common in lower case when seen so at least this often in the training text.
const MIN_COMMON: usize = 3;

impl NerModel {
    pub fn embedded() -> Result<NerModel, NerError> {
        NerModel::from_bytes(EMBEDDED_MODEL)
    }

    /// Trains on `train` for `epochs` passes in a fixed-seed shuffled order (deterministic).
    pub fn train(train: &[TaggedSentence], gaz: Option<&dyn Gazetteer>, epochs: usize) -> NerModel {
        let mut trainer = Trainer::new(N_LABELS);
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for s in train {
            for w in &s.words {
                if w.chars().all(char::is_lowercase) {
                    *counts.entry(w.as_str()).or_default() += 1;
                }
            }
        }
        let vocab: HashSet<u64> =
            counts.into_iter().filter(|&(_, n)| n >= MIN_COMMON).map(|(w, _)| perceptron::hash_str(w)).collect();
        let contexts: Vec<(Context, Vec<usize>)> = train
            .iter()
            .map(|s| {
                let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                (Context::new(&words, gaz, &vocab), s.tags.iter().map(|t| label_of(t)).collect())
            })
            .collect();
        let mut order: Vec<usize> = (0..contexts.len()).collect();
        let mut rng = Rng::new(0x5eed);
        let mut feats = Vec::new();
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &si in &order {
                let (ctx, gold) = &contexts[si];
                let (mut p1, mut p2) = (0usize, 0usize);
                for (i, &truth) in gold.iter().enumerate() {
                    ctx.features(i, p1, p2, &mut feats);
                    let mut s = [0f32; N_LABELS];
                    trainer.scores(&feats, &mut s);
                    let guess = best(&s, p1);
                    trainer.update(&feats, truth, guess);
                    // Gold history: on the dev set it beats training on the tagger's own history (66.5 F1
                    // against 64.8).
                    p2 = p1;
                    p1 = truth;
                }
            }
        }
        NerModel { weights: trainer.average(MIN_WEIGHT), vocab }
    }

    pub fn to_bytes(&self) -> Result<Vec<u8>, NerError> {
        let mut w = ModelWriter::new(Vec::new(), MAGIC, VERSION)?;
        self.weights.write(&mut w)?;
        let mut vocab: Vec<u64> = self.vocab.iter().copied().collect();
        vocab.sort_unstable();
        w.u32(vocab.len() as u32)?;
        for h in vocab {
            w.u64(h)?;
        }
        Ok(w.finish()?)
    }

    pub fn from_bytes(b: &[u8]) -> Result<NerModel, NerError> {
        let mut r = ModelReader::new(b, MAGIC, VERSION, "NER model")?;
        let weights = perceptron::Model::read(&mut r)?;
        let n = r.u32()?;
        let vocab = (0..n).map(|_| r.u64()).collect::<Result<HashSet<u64>, _>>()?;
        r.finish()?;
        Ok(NerModel { weights, vocab })
    }

    /// IOB2 tags for one sentence of words.
    pub fn tag(&self, words: &[&str], gaz: Option<&dyn Gazetteer>) -> Vec<String> {
        let ctx = Context::new(words, gaz, &self.vocab);
        let mut feats = Vec::new();
        let (mut p1, mut p2) = (0usize, 0usize);
        let mut out = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            ctx.features(i, p1, p2, &mut feats);
            let mut s = [0f32; N_LABELS];
            self.weights.scores(&feats, &mut s);
            let l = best(&s, p1);
            out.push(label_name(l));
            p2 = p1;
            p1 = l;
        }
        out
    }
}

/// Strict span-and-type precision, recall and F1 (in %) of predicted against gold IOB2 tags.
pub fn evaluate(model: &NerModel, gold: &[TaggedSentence], gaz: Option<&dyn Gazetteer>) -> (f64, f64, f64) {
    let (mut tp, mut n_pred, mut n_gold) = (0usize, 0usize, 0usize);
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let pred = spans_of(&model.tag(&words, gaz));
        let gold_tags: Vec<String> = s.tags.iter().map(|t| label_name(label_of(t))).collect();
        let g = spans_of(&gold_tags);
        tp += pred.iter().filter(|p| g.contains(p)).count();
        n_pred += pred.len();
        n_gold += g.len();
    }
    let p = if n_pred > 0 { 100.0 * tp as f64 / n_pred as f64 } else { 0.0 };
    let r = if n_gold > 0 { 100.0 * tp as f64 / n_gold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

/// The pipeline stage: tags each sentence's tokens and fills [`Document::names`].
pub struct NerStage {
    model: NerModel,
    gazetteer: Option<Arc<dyn Gazetteer>>,
}

impl NerStage {
    pub fn new(model: NerModel, gazetteer: Option<Arc<dyn Gazetteer>>) -> NerStage {
        NerStage { model, gazetteer }
    }
}

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn annotate(&self, doc: &mut Document) {
        let mut names = Vec::new();
        for (si, sent) in doc.sentences.iter().enumerate() {
            let toks = &doc.tokens[sent.tokens.clone()];
            let words: Vec<&str> = toks.iter().map(|t| t.span.slice(&doc.text)).collect();
            let tags = self.model.tag(&words, self.gazetteer.as_deref());
            for (s, e, ty) in spans_of(&tags) {
                let kind = match ty.as_str() {
                    "PER" => EntityType::Person,
                    "ORG" => EntityType::Org,
                    _ => EntityType::Location,
                };
                names.push(Name { span: Span::new(toks[s].span.start, toks[e - 1].span.end), sentence: si, kind });
            }
        }
        doc.names = names;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(pairs: &[(&str, &str)]) -> TaggedSentence {
        TaggedSentence {
            words: pairs.iter().map(|p| p.0.to_owned()).collect(),
            tags: pairs.iter().map(|p| p.1.to_owned()).collect(),
        }
    }

    #[test]
    fn spans_follow_iob2_and_drop_other_types() {
        let tags: Vec<String> =
            ["B-PER", "I-PER", "O", "I-LOC", "B-OTH", "B-ORG", "I-PER"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            spans_of(&tags.iter().map(|t| label_name(label_of(t))).collect::<Vec<_>>()),
            vec![(0, 2, "PER".into()), (3, 4, "LOC".into()), (5, 6, "ORG".into()), (6, 7, "PER".into())]
        );
    }

    #[test]
    fn trained_model_round_trips_and_learns_a_toy_set() {
        let data = vec![
            sent(&[("Anna", "B-PER"), ("Berg", "I-PER"), ("visited", "O"), ("Paris", "B-LOC"), (".", "O")]),
            sent(&[("Tom", "B-PER"), ("works", "O"), ("at", "O"), ("Acme", "B-ORG"), ("Corp", "I-ORG")]),
            sent(&[("They", "O"), ("visited", "O"), ("Rome", "B-LOC"), ("yesterday", "O")]),
        ];
        let model = NerModel::train(&data, None, 10);
        let back = NerModel::from_bytes(&model.to_bytes().unwrap()).unwrap();
        let (_, _, f) = evaluate(&back, &data, None);
        assert!(f > 99.0, "f1 {f}");
        assert!(NerModel::from_bytes(b"garbage").is_err());
    }

    #[test]
    fn gum_entities_become_uner_names() {
        let words: Vec<(String, String, String)> = [
            ("Claire", "PROPN", "(6-person-new-nnnnn-cf1-1,2,4-coref"),
            ("Ross", "PROPN", "6)"),
            ("visited", "VERB", ""),
            ("the", "DET", "(7-place-new-nnnnn-cf2-1-sgl"),
            ("city", "NOUN", "7)"),
            ("of", "ADP", ""),
            ("Portsmouth", "PROPN", "(9-place-new-nnnnn-cf4-3,4-sgl-Portsmouth)"),
        ]
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
        let s = gum_sentence(&words);
        assert_eq!(s.tags, ["B-PER", "I-PER", "O", "O", "O", "O", "B-LOC"]);
    }

    #[test]
    fn embedded_model_loads() {
        assert!(NerModel::embedded().is_ok());
    }
}
