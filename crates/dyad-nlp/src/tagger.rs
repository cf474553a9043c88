//! Part-of-speech tagging (UPOS and Penn XPOS as one joint tag) with a greedy left-to-right averaged
//! perceptron, and lemmas from the treebank-trained [`Lemmatizer`].
//!
//! Frequent words that are (nearly) unambiguous in the training data get their tag from a tag
//! dictionary without scoring: faster, and as accurate.

use std::collections::HashMap;
use std::io::{self, Write};

use dyad_core::{intern, Document, Label, Stage, Upos};

use crate::clusters::Clusters;
use crate::conllu::Sentence;
use crate::lemma::Lemmatizer;
use crate::model_io::{ModelError, ModelReader, ModelWriter};
use crate::perceptron::{argmax, feature_of, hash_str, IdMap, Model, Rng, Trainer};

const MAGIC: &[u8; 8] = b"DYADTAGR";
/// Version 2: word classes in the file, and their features 32-37. Version 3: the same features, their ids
/// made by `feature_of`; older models are refused rather than silently misread.
const VERSION: u32 = 3;

/// A word goes into the tag dictionary when seen this often with one tag this much of the time.
const TAGDICT_MIN_COUNT: u32 = 20;
const TAGDICT_MIN_SHARE: f64 = 0.995;

/// One joint tag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tag {
    pub upos: Upos,
    pub xpos: Label,
}

pub struct Tagger {
    tags: Vec<Tag>,
    /// Form hash to the tag of a nearly unambiguous frequent word.
    tagdict: IdMap<u16>,
    model: Model,
    lemmatizer: Lemmatizer,
    /// Word classes (`dyad train clusters`), fine then coarse (none when trained without them).
    clusters: Vec<Clusters>,
}

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub min_weight: f32,
    /// Word classes for the features, fine then coarse (the parser's); none when empty.
    pub clusters: Vec<Clusters>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 10, seed: 1, min_weight: 0.05, clusters: Vec::new() }
    }
}

/// Feature values of one word that do not depend on its neighbours, computed once per sentence.
#[derive(Clone, Copy)]
struct WordInfo {
    form: u64,
    /// Lowercased, digits as `0`.
    norm: u64,
    /// Suffixes of 1-4 characters, prefixes of 1-3, of the normalized form.
    suffixes: [u64; 4],
    prefixes: [u64; 3],
    shape: u64,
    /// Fine and coarse word class of the normalized form (0: none).
    class: u64,
    coarse: u64,
}

const PAD_START: u64 = 0x0053_5441_5254;
const PAD_END: u64 = 0x0045_4e44;

impl WordInfo {
    fn new(word: &str, clusters: &[Clusters]) -> WordInfo {
        let norm = crate::clusters::normalize(word);
        // Affixes are hashed as slices of `norm` (no string per affix): the byte offset of char `i`.
        let n = norm.chars().count();
        let at = |i: usize| norm.char_indices().nth(i).map_or(norm.len(), |(b, _)| b);
        let suffixes = [1, 2, 3, 4].map(|k| hash_str(&norm[at(n.saturating_sub(k))..]));
        let prefixes = [1, 2, 3].map(|k| hash_str(&norm[..at(k)]));
        let norm_hash = hash_str(&norm);
        // The clusters' own normalized form, so its hash is their key.
        let class = |level: usize| clusters.get(level).and_then(|c| c.get(norm_hash)).map_or(0, |c| u64::from(c) + 1);
        WordInfo {
            form: hash_str(word),
            norm: norm_hash,
            suffixes,
            prefixes,
            shape: hash_str(&shape(word)),
            class: class(0),
            coarse: class(1),
        }
    }

    fn pad(value: u64) -> WordInfo {
        WordInfo {
            form: value,
            norm: value,
            suffixes: [value; 4],
            prefixes: [value; 3],
            shape: value,
            class: value,
            coarse: value,
        }
    }
}

/// The word's character classes with runs collapsed: "Putin" → "Xx", "2024" → "d", "U.S." → "X.X.".
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

fn sentence_info(words: &[&str], clusters: &[Clusters]) -> Vec<WordInfo> {
    let mut info = Vec::with_capacity(words.len() + 4);
    info.extend([WordInfo::pad(PAD_START); 2]);
    info.extend(words.iter().map(|w| WordInfo::new(w, clusters)));
    info.extend([WordInfo::pad(PAD_END); 2]);
    info
}

/// Features of word `i` (index into the padded `info`), given the tags of the two words before it.
fn features(info: &[WordInfo], i: usize, t1: u64, t2: u64, out: &mut Vec<u64>) {
    let w = &info[i];
    let (p1, p2, n1, n2) = (&info[i - 1], &info[i - 2], &info[i + 1], &info[i + 2]);
    out.clear();
    out.extend_from_slice(&[
        feature_of(0, [0]),
        feature_of(1, [w.norm]),
        feature_of(2, [w.form]),
        feature_of(3, [w.suffixes[0]]),
        feature_of(4, [w.suffixes[1]]),
        feature_of(5, [w.suffixes[2]]),
        feature_of(6, [w.suffixes[3]]),
        feature_of(7, [w.prefixes[0]]),
        feature_of(8, [w.prefixes[1]]),
        feature_of(9, [w.prefixes[2]]),
        feature_of(10, [w.shape]),
        feature_of(11, [t1]),
        feature_of(12, [t2]),
        feature_of(13, [t1, t2]),
        feature_of(14, [t1, w.norm]),
        feature_of(15, [p1.norm]),
        feature_of(16, [p2.norm]),
        feature_of(17, [n1.norm]),
        feature_of(18, [n2.norm]),
        feature_of(19, [p1.suffixes[2]]),
        feature_of(20, [n1.suffixes[2]]),
        feature_of(21, [p1.shape]),
        feature_of(22, [n1.shape]),
        feature_of(23, [p1.norm, w.norm]),
        feature_of(24, [w.norm, n1.norm]),
        feature_of(25, [t1, w.suffixes[2]]),
        feature_of(26, [w.shape, u64::from(i == 2)]),
        feature_of(27, [t1, n1.norm]),
        feature_of(28, [n1.suffixes[1]]),
        feature_of(29, [w.suffixes[2], n1.norm]),
        feature_of(30, [p1.form]),
        feature_of(31, [n1.form]),
        // Word classes: what was learned of frequent words carries over to rare words of their class.
        feature_of(32, [w.class]),
        feature_of(33, [w.coarse]),
        feature_of(34, [p1.class]),
        feature_of(35, [n1.class]),
        feature_of(36, [t1, w.class]),
        feature_of(37, [w.class, n1.coarse]),
    ]);
}

/// The feature value of a previous tag (0 is reserved for "no tag": sentence start).
fn tag_value(class: Option<usize>) -> u64 {
    class.map_or(0, |c| c as u64 + 1)
}

impl Tagger {
    /// The tagger trained by `dyad train tagger`, embedded in the binary.
    pub fn embedded() -> Result<Tagger, ModelError> {
        Tagger::from_bytes(include_bytes!("../models/tagger.bin"))
    }

    pub fn from_bytes(data: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = ModelReader::new(data, MAGIC, VERSION, "tagger")?;
        let names = r.strs()?;
        let tags = names
            .iter()
            .map(|n| parse_tag(n).ok_or(ModelError::Corrupt("bad tag name")))
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.u32()? as usize;
        let mut tagdict = IdMap::default();
        for _ in 0..n {
            let form = r.u64()?;
            let class = r.u16()?;
            if usize::from(class) >= tags.len() {
                return Err(ModelError::Corrupt("tag dictionary class out of range"));
            }
            tagdict.insert(form, class);
        }
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let n_clusters = r.u8()?;
        let clusters = (0..n_clusters).map(|_| Clusters::read(&mut r)).collect::<Result<Vec<_>, _>>()?;
        let model = Model::read(&mut r)?;
        r.finish()?;
        if model.n_classes() != tags.len() {
            return Err(ModelError::Corrupt("tag count differs from the model's class count"));
        }
        Ok(Tagger { tags, tagdict, model, lemmatizer, clusters })
    }

    pub fn write(&self, out: impl Write) -> io::Result<()> {
        let mut w = ModelWriter::new(out, MAGIC, VERSION)?;
        let names: Vec<String> = self.tags.iter().map(|t| format!("{} {}", t.upos.as_str(), t.xpos)).collect();
        w.strs(&names)?;
        let mut dict: Vec<(u64, u16)> = self.tagdict.iter().map(|(&f, &c)| (f, c)).collect();
        dict.sort_unstable();
        w.u32(dict.len() as u32)?;
        for (f, c) in dict {
            w.u64(f)?;
            w.u16(c)?;
        }
        self.lemmatizer.write(&mut w)?;
        w.u8(self.clusters.len() as u8)?;
        self.clusters.iter().try_for_each(|c| c.write(&mut w))?;
        self.model.write(&mut w)?;
        w.finish().map(drop)
    }

    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    /// The word classes of the tagger's features (none when trained without them).
    pub fn clusters(&self) -> &[Clusters] {
        &self.clusters
    }

    /// Tag indices (into [`Tagger::tags`]) of the words of one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        let info = sentence_info(words, &self.clusters);
        let mut out = Vec::with_capacity(words.len());
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0.0; self.tags.len()];
        for i in 0..words.len() {
            let class = match self.tagdict.get(&info[i + 2].form) {
                Some(&c) => usize::from(c),
                None => {
                    let (t1, t2) =
                        (tag_value(i.checked_sub(1).map(|j| out[j])), tag_value(i.checked_sub(2).map(|j| out[j])));
                    features(&info, i + 2, t1, t2, &mut feats);
                    scores.fill(0.0);
                    self.model.scores(&feats, &mut scores);
                    argmax(&scores)
                }
            };
            out.push(class);
        }
        out
    }

    pub fn lemma(&self, word: &str, upos: Upos) -> String {
        self.lemmatizer.lemma(word, upos)
    }

    /// Trains a tagger on `train`; after each epoch `report` gets the epoch number and the UPOS accuracy
    /// on `dev` (when it is not empty).
    pub fn train(
        train: &[Sentence],
        dev: &[Sentence],
        opts: &TrainOptions,
        mut report: impl FnMut(usize, f64),
    ) -> Tagger {
        let mut tag_ids: HashMap<(String, String), usize> = HashMap::new();
        let mut tags = Vec::new();
        let mut class_counts: HashMap<&str, HashMap<usize, u32>> = HashMap::new();
        let gold: Vec<Vec<usize>> = train
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| {
                        let key = (w.upos.clone(), w.xpos.clone());
                        let id = *tag_ids.entry(key).or_insert_with(|| {
                            tags.push(Tag { upos: Upos::parse(&w.upos).unwrap_or_default(), xpos: intern(&w.xpos) });
                            tags.len() - 1
                        });
                        *class_counts.entry(&w.form).or_default().entry(id).or_default() += 1;
                        id
                    })
                    .collect()
            })
            .collect();
        let tagdict: IdMap<u16> = class_counts
            .iter()
            .filter_map(|(form, counts)| {
                let total: u32 = counts.values().sum();
                let (&class, &n) = counts.iter().max_by_key(|&(&c, &n)| (n, std::cmp::Reverse(c)))?;
                (total >= TAGDICT_MIN_COUNT && f64::from(n) / f64::from(total) >= TAGDICT_MIN_SHARE)
                    .then_some((hash_str(form), class as u16))
            })
            .collect();
        let lemmatizer = Lemmatizer::train(
            train
                .iter()
                .flat_map(|s| &s.words)
                .map(|w| (w.form.as_str(), Upos::parse(&w.upos).unwrap_or_default(), w.lemma.as_str())),
        );

        let mut trainer = Trainer::new(tags.len());
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0.0; tags.len()];
        let clusters = opts.clusters.clone();
        let mut tagger = Tagger { tags, tagdict, model: trainer.average(opts.min_weight), lemmatizer, clusters };
        for epoch in 1..=opts.epochs {
            rng.shuffle(&mut order);
            for &si in &order {
                let words = train[si].forms();
                let info = sentence_info(&words, &tagger.clusters);
                let mut predicted: Vec<usize> = Vec::with_capacity(words.len());
                for (i, &truth) in gold[si].iter().enumerate() {
                    let guess = match tagger.tagdict.get(&info[i + 2].form) {
                        Some(&c) => usize::from(c),
                        None => {
                            let t1 = tag_value(i.checked_sub(1).map(|j| predicted[j]));
                            let t2 = tag_value(i.checked_sub(2).map(|j| predicted[j]));
                            features(&info, i + 2, t1, t2, &mut feats);
                            scores.fill(0.0);
                            trainer.scores(&feats, &mut scores);
                            let guess = argmax(&scores);
                            trainer.update(&feats, truth, guess);
                            guess
                        }
                    };
                    predicted.push(guess);
                }
            }
            tagger.model = trainer.average(opts.min_weight);
            if !dev.is_empty() {
                report(epoch, tagger.upos_accuracy(dev));
            }
        }
        tagger
    }

    /// Predicted tags for every training sentence from taggers that never saw it: `folds` taggers, each
    /// trained without one fold (sentence `i` is in fold `i % folds`). Parsers trained on these tags
    /// meet tagging errors as they will when parsing new text.
    pub fn jackknife(train: &[Sentence], folds: usize, opts: &TrainOptions) -> Vec<Vec<Tag>> {
        let mut out = vec![Vec::new(); train.len()];
        for k in 0..folds {
            let rest: Vec<Sentence> =
                train.iter().enumerate().filter(|(i, _)| i % folds != k).map(|(_, s)| s.clone()).collect();
            let tagger = Tagger::train(&rest, &[], opts, |_, _| {});
            for i in (k..train.len()).step_by(folds) {
                out[i] = tagger.tag(&train[i].forms()).into_iter().map(|c| tagger.tags[c]).collect();
            }
        }
        out
    }

    fn upos_accuracy(&self, sentences: &[Sentence]) -> f64 {
        let (mut right, mut total) = (0usize, 0usize);
        for s in sentences {
            for (class, w) in self.tag(&s.forms()).into_iter().zip(&s.words) {
                right += usize::from(self.tags[class].upos.as_str() == w.upos);
                total += 1;
            }
        }
        100.0 * right as f64 / total.max(1) as f64
    }
}

fn parse_tag(name: &str) -> Option<Tag> {
    let (upos, xpos) = name.split_once(' ')?;
    Some(Tag { upos: Upos::parse(upos)?, xpos: intern(xpos) })
}

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn annotate(&self, doc: &mut Document) {
        for si in 0..doc.sentences.len() {
            let range = doc.sentences[si].tokens.clone();
            let words: Vec<&str> = doc.tokens[range.clone()].iter().map(|t| doc.slice(t.span)).collect();
            let classes = self.tag(&words);
            let lemmas: Vec<String> =
                classes.iter().zip(&words).map(|(&c, w)| self.lemma(w, self.tags[c].upos)).collect();
            for ((token, class), lemma) in doc.tokens[range].iter_mut().zip(classes).zip(lemmas) {
                let tag = self.tags[class];
                token.upos = tag.upos;
                token.xpos = tag.xpos;
                token.lemma = lemma;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    const TOY: &str = "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n\
3\tbarks\tbark\tVERB\tVBZ\t_\t0\troot\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n\
1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n\
3\tsleeps\tsleep\tVERB\tVBZ\t_\t0\troot\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n";

    fn model_bytes(t: &Tagger) -> Vec<u8> {
        let mut bytes = Vec::new();
        t.write(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn training_is_deterministic_and_round_trips() {
        let train = conllu::parse(TOY).unwrap();
        let words: Vec<Vec<String>> =
            train.iter().map(|s| s.forms().iter().map(|w| crate::clusters::normalize(w)).collect()).collect();
        let clusters = crate::clusters::Options { n_classes: 2, min_count: 1, iterations: 3 };
        let clusters = vec![Clusters::train(&words, &clusters, |_, _| {})];
        let opts = TrainOptions { epochs: 3, seed: 5, min_weight: 0.0, clusters };
        let a = Tagger::train(&train, &[], &opts, |_, _| {});
        let b = Tagger::train(&train, &[], &opts, |_, _| {});
        assert_eq!(model_bytes(&a), model_bytes(&b));
        let back = Tagger::from_bytes(&model_bytes(&a)).unwrap();
        assert_eq!(back.clusters, a.clusters);
        let tags: Vec<&str> = back.tag(&["The", "cat", "barks", "."]).iter().map(|&c| back.tags()[c].xpos).collect();
        assert_eq!(tags, ["DT", "NN", "VBZ", "."]);
        assert_eq!(back.lemma("barks", Upos::Verb), "bark");
    }

    #[test]
    fn embedded_model_loads() {
        let t = Tagger::embedded().unwrap();
        assert!(t.tags().len() > 40);
    }

    #[test]
    fn embedded_model_tags_ewt_dev() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/treebanks/ud_english_ewt/en_ewt-ud-dev.conllu");
        if !path.exists() {
            eprintln!("!!!! SKIPPED: {} is absent; the tagger's accuracy is not checked !!!!", path.display());
            return;
        }
        let dev = conllu::read_file(&path).unwrap();
        let acc = Tagger::embedded().unwrap().upos_accuracy(&dev);
        assert!(acc > 94.0, "UPOS on EWT dev: {acc:.2}");
    }
}
